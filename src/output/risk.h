/* risk.h - risk events, as Splunk's risk-based alerting writes them: one per result
 * row and risk object, with the detection's score, its message with $field$ expanded
 * from the row, its ATT&CK techniques and analytic stories. */
#ifndef TRAWL_RISK_H
#define TRAWL_RISK_H

#include "../content/content.h"
#include "../spl/spl.h"

/* Fields that are lists in a risk event (JSON arrays even with one value). */
extern const char *const risk_array_fields[];

/* A sink turning the rows of det into risk events written to next. event_time is
 * used as _time when a row has none (the latest event time the detection saw). */
typedef struct risk_sink {
    spl_sink sink;            /* give this to the plan */
    const detection *det;     /* not owned */
    spl_sink *next;           /* where risk events go */
    const double *event_time; /* not owned; read when a row arrives */
    record scratch;           /* reused risk event */
} risk_sink;

void risk_sink_init(risk_sink *rs, const detection *det, spl_sink *next, const double *event_time);
void risk_sink_free(risk_sink *rs);

/* Expands $field$ in message from row (multivalue joined with ", "; unknown fields
 * expand to nothing) into out (cleared first, NUL-terminated). */
void risk_expand_message(const char *message, const record *row, char **out, size_t *cap);

#endif
