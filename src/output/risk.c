/* risk.c - result rows to risk events ($field$ message expansion, one event per risk
 * object present in the row). */
#include "risk.h"

#include "../spl/spl_trace.h"

#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

const char *const risk_array_fields[] = { "annotations.mitre_attack", "analyticstories", NULL };
const char *const risk_number_fields[] = { "risk_score", NULL };

static void append(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
    XGROW(*out, *cap, *len + n + 1);
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
}

void risk_expand_message(const char *message, const record *row, char **out, size_t *cap)
{
    size_t len = 0;
    append(out, &len, cap, "", 0);
    const char *p = message;
    while (*p) {
        const char *open = strchr(p, '$');
        const char *close = open ? strchr(open + 1, '$') : NULL;
        if (!open || !close) {
            append(out, &len, cap, p, strlen(p));
            break;
        }
        append(out, &len, cap, p, (size_t)(open - p));
        const field *f = record_getn(row, open + 1, (size_t)(close - open - 1));
        for (uint32_t k = 0; f && k < f->nvalues; k++) {
            if (k)
                append(out, &len, cap, ", ", 2);
            append(out, &len, cap, f->values[k].s, f->values[k].len);
        }
        p = close + 1;
    }
}

/* When the row saw the activity: detections end in stats with lastTime, formatted
 * by security_content_ctime or left as epoch seconds. */
static double row_time(const risk_sink *rs, const record *row)
{
    double t;
    const sv *v = record_value(row, "lastTime");
    if (v && (num_parse(v->s, v->len, &t) ||
              timefmt_parse(v->s, v->len, "%Y-%m-%dT%H:%M:%S", rs->tz, &t)))
        return t;
    return *rs->event_time;
}

static void risk_row(spl_sink *sink, const record *row)
{
    risk_sink *rs = sink->ctx;
    const detection *det = rs->det;
    char *msg = NULL;
    size_t msg_cap = 0;
    char num[32];
    risk_expand_message(det->risk_message ? det->risk_message : det->name, row, &msg, &msg_cap);
    for (size_t i = 0; i < det->nrisk_objects; i++) {
        const risk_object *ro = &det->risk_objects[i];
        const field *obj = record_get(row, ro->field);
        /* A row without the object's value cannot be attributed: no risk event. */
        for (uint32_t k = 0; obj && k < obj->nvalues; k++) {
            record *ev = &rs->scratch;
            record_clear(ev);
            const sv *t = record_value(row, "_time");
            if (t)
                record_set(ev, "_time", t->s, t->len);
            else {
                size_t n = num_format(row_time(rs, row), num, sizeof num);
                record_set(ev, "_time", num, n);
            }
            record_set(ev, "search_name", det->name, strlen(det->name));
            record_set(ev, "risk_object", obj->values[k].s, obj->values[k].len);
            record_set(ev, "risk_object_type", ro->type, strlen(ro->type));
            size_t n = num_format(ro->score ? ro->score : det->risk_score, num, sizeof num);
            record_set(ev, "risk_score", num, n);
            record_set(ev, "risk_message", msg, strlen(msg));
            for (size_t m = 0; m < det->nmitre_attack; m++)
                record_add(ev, "annotations.mitre_attack", det->mitre_attack[m],
                           strlen(det->mitre_attack[m]));
            for (size_t s = 0; s < det->nstories; s++)
                record_add(ev, "analyticstories", det->stories[s], strlen(det->stories[s]));
            spl_trace_copy(row, ev);   /* the events behind the risk */
            rs->next->row(rs->next, ev);
        }
    }
    free(msg);
}

void risk_sink_init(risk_sink *rs, const detection *det, spl_sink *next,
                    const double *event_time, const char *tz)
{
    rs->tz = tz;
    rs->sink.row = risk_row;
    rs->sink.ctx = rs;
    rs->det = det;
    rs->next = next;
    rs->event_time = event_time;
    record_init(&rs->scratch);
}

void risk_sink_free(risk_sink *rs)
{
    record_free(&rs->scratch);
}
