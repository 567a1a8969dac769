/* risk_report.c - adds risk events up per (risk_object, risk_object_type) and
 * writes the story's summary rows. Objects are few (hosts, users, processes of one
 * investigation), so a linear list with a cap keeps it simple and bounded. */
#include "risk_report.h"

#include <stdlib.h>
#include <string.h>

#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

enum {
    RR_MAX_OBJECTS = 100000,  /* objects tracked; later new ones are not counted */
    RR_MAX_SET = 256,         /* detections / techniques kept per object */
};

/* A small set of distinct strings (malloc'd copies). */
typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

/* What is known about one risk object. */
typedef struct rr_object {
    char *object;         /* risk_object value */
    char *type;           /* risk_object_type */
    double total;         /* sum of risk_score */
    strlist detections;   /* distinct search_name */
    strlist techniques;   /* distinct ATT&CK ids */
    double first, last;   /* _time range */
    bool has_time;
} rr_object;

struct risk_report {
    rr_object *objs;
    size_t n, cap;
    double threshold;     /* totals above it are flagged */
};

const char *const risk_report_array_fields[] = { "mitre_techniques", "detections", NULL };
const char *const risk_report_number_fields[] = { "total_risk_score", "detection_count", NULL };

static const char *const cols_typed[] = {
    "type", "risk_object", "risk_object_type", "total_risk_score", "detection_count",
    "detections", "mitre_techniques", "firstTime", "lastTime", "over_threshold", NULL,
};

const char *const *risk_report_columns(bool with_type, size_t *n)
{
    const char *const *c = with_type ? cols_typed : cols_typed + 1;
    size_t k = 0;
    while (c[k])
        k++;
    if (n)
        *n = k;
    return c;
}

static void list_add(strlist *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && memcmp(l->v[i], s, len) == 0)
            return;
    if (l->n >= RR_MAX_SET)
        return;
    XGROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = xstrndup(s, len);
}

static void list_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

risk_report *risk_report_new(double threshold)
{
    risk_report *rr = xcalloc(1, sizeof *rr);
    rr->threshold = threshold;
    return rr;
}

void risk_report_free(risk_report *rr)
{
    if (!rr)
        return;
    for (size_t i = 0; i < rr->n; i++) {
        free(rr->objs[i].object);
        free(rr->objs[i].type);
        list_free(&rr->objs[i].detections);
        list_free(&rr->objs[i].techniques);
    }
    free(rr->objs);
    free(rr);
}

static void tee_row(spl_sink *sink, const record *row)
{
    risk_report_tee *t = sink->ctx;
    risk_report_add(t->report, row);
    if (t->next && t->next->row)
        t->next->row(t->next, row);
}

void risk_report_tee_init(risk_report_tee *t, risk_report *rr, spl_sink *next)
{
    t->sink.row = tee_row;
    t->sink.ctx = t;
    t->next = next;
    t->report = rr;
}

static bool sv_is(const sv *v, const char *s)
{
    return strlen(s) == v->len && memcmp(s, v->s, v->len) == 0;
}

void risk_report_add(risk_report *rr, const record *ev)
{
    const sv *obj = record_value(ev, "risk_object");
    const sv *type = record_value(ev, "risk_object_type");
    if (!obj)
        return;
    sv none = { "", 0 };
    if (!type)
        type = &none;
    rr_object *o = NULL;
    for (size_t i = 0; i < rr->n && !o; i++)
        if (sv_is(obj, rr->objs[i].object) && sv_is(type, rr->objs[i].type))
            o = &rr->objs[i];
    if (!o) {
        if (rr->n >= RR_MAX_OBJECTS)
            return;
        XGROW(rr->objs, rr->cap, rr->n + 1);
        o = &rr->objs[rr->n++];
        memset(o, 0, sizeof *o);
        o->object = xstrndup(obj->s, obj->len);
        o->type = xstrndup(type->s, type->len);
    }
    double d;
    const sv *score = record_value(ev, "risk_score");
    if (score && num_parse(score->s, score->len, &d))
        o->total += d;
    const sv *name = record_value(ev, "search_name");
    if (name)
        list_add(&o->detections, name->s, name->len);
    const field *m = record_get(ev, "annotations.mitre_attack");
    for (uint32_t k = 0; m && k < m->nvalues; k++)
        list_add(&o->techniques, m->values[k].s, m->values[k].len);
    const sv *t = record_value(ev, "_time");
    if (t && num_parse(t->s, t->len, &d)) {
        if (!o->has_time || d < o->first)
            o->first = d;
        if (!o->has_time || d > o->last)
            o->last = d;
        o->has_time = true;
    }
}

static int cmp_obj(const void *a, const void *b)
{
    const rr_object *x = a, *y = b;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    int c = strcmp(x->object, y->object);
    return c ? c : strcmp(x->type, y->type);
}

static void set_list(record *r, const char *name, strlist *l)
{
    if (l->n == 0)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    sv *v = xmalloc(l->n * sizeof *v);
    for (size_t i = 0; i < l->n; i++)
        v[i] = (sv){ l->v[i], strlen(l->v[i]) };
    record_set_mv(r, name, v, l->n);
    free(v);
}

void risk_report_emit(risk_report *rr, spl_sink *out, bool with_type, const char *tz)
{
    if (rr->n > 1)
        qsort(rr->objs, rr->n, sizeof *rr->objs, cmp_obj);
    record row;
    record_init(&row);
    char buf[64];
    for (size_t i = 0; i < rr->n; i++) {
        rr_object *o = &rr->objs[i];
        record_clear(&row);
        if (with_type)
            record_set(&row, "type", "risk_summary", 12);
        record_set(&row, "risk_object", o->object, strlen(o->object));
        record_set(&row, "risk_object_type", o->type, strlen(o->type));
        size_t n = num_format(o->total, buf, sizeof buf);
        record_set(&row, "total_risk_score", buf, n);
        n = num_format((double)o->detections.n, buf, sizeof buf);
        record_set(&row, "detection_count", buf, n);
        set_list(&row, "detections", &o->detections);
        set_list(&row, "mitre_techniques", &o->techniques);
        if (o->has_time) {
            n = timefmt_format(o->first, "%Y-%m-%dT%H:%M:%S", tz, buf, sizeof buf);
            record_set(&row, "firstTime", buf, n);
            n = timefmt_format(o->last, "%Y-%m-%dT%H:%M:%S", tz, buf, sizeof buf);
            record_set(&row, "lastTime", buf, n);
        }
        const char *flag = o->total > rr->threshold ? "yes" : "no";
        record_set(&row, "over_threshold", flag, strlen(flag));
        out->row(out, &row);
    }
    record_free(&row);
}
