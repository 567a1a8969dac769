/* risk.h - risk events, as Splunk's risk-based alerting writes them: one per result
 * row and risk object, with the detection's score, its message with $field$ expanded
 * from the row, its ATT&CK techniques and analytic stories. */
#ifndef TRAWL_RISK_H
#define TRAWL_RISK_H

#include "../content/content.h"
#include "../spl/spl.h"

/* Fields that are lists in a risk event (JSON arrays even with one value). */
extern const char *const risk_array_fields[];
/* Fields that are numbers in a risk event (JSON numbers). */
extern const char *const risk_number_fields[];

/* A sink turning the rows of det into risk events written to next. A risk event's
 * _time is the row's _time, else its lastTime (epoch, or the security_content_ctime
 * text read in zone tz), else *event_time (the newest event time of the run). */
typedef struct risk_sink {
    spl_sink sink;            /* give this to the plan */
    const detection *det;     /* not owned */
    spl_sink *next;           /* where risk events go */
    const double *event_time; /* not owned; read when a row arrives */
    const char *tz;           /* zone of lastTime text; NULL = UTC */
    record scratch;           /* reused risk event */
} risk_sink;

void risk_sink_init(risk_sink *rs, const detection *det, spl_sink *next,
                    const double *event_time, const char *tz);
void risk_sink_free(risk_sink *rs);

/* Expands $field$ in message from row (multivalue joined with ", "; unknown fields
 * expand to nothing) into out (cleared first, NUL-terminated). */
void risk_expand_message(const char *message, const record *row, char **out, size_t *cap);

#endif
