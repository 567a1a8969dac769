/* cmd_timechart.c - timechart: the aggregates of stats per time bin (span=, or a
 * span chosen from the data's range for at most bins= bins, 100 by default),
 * one row per bin from the first to the last (cont=true fills the bins between
 * with empty statistics: count 0), _time first. With `by field` each value of the
 * field is a column (a series; `agg: value` when there are several aggregates);
 * the limit= series (default 10, 0 for all) with the largest sum of the first
 * aggregate over the bins are kept, in order of their names, the others folded
 * into OTHER (useother=true); events lacking the field form the NULL series
 * (usenull=true). Events without a numeric _time are left out. */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "spl_agg.h"
#include "spl_binspan.h"
#include "spl_group.h"
#include "spl_hold.h"

enum {
    BINS_DEFAULT = 100,     /* bins= when neither span= nor bins= is given */
    FILL_MAX = 50000,       /* bins cont=true may add between the first and the last */
};

/* A series: one value of the split-by field. */
typedef struct series {
    double score;        /* sum of the first aggregate over the bins (ranking) */
    bool kept;           /* among the limit= kept */
} series;

typedef struct timechart_state {
    spl_aggs aggs;
    spl_by by;               /* 0 or 1 split-by field */
    spl_binspan span;
    bool auto_span;          /* no span=: chosen at the end from the data */
    size_t bins;
    double minspan;
    size_t limit;
    bool useother, usenull, cont;
    const char *nullstr, *otherstr, *sep;
    spl_groups cells;        /* key: bin start (text), series value; data: states */
    spl_hold hold;           /* auto span: the events until the end */
    bool seen;
    double lo, hi;           /* auto span: range of _time */
    record row;              /* auto span: an event being replayed */
    record scratch;          /* ranking: one cell's results */
    record out;
    bool warned;             /* cont=true met FILL_MAX (reported once) */
} timechart_state;

static const char *const timechart_opts[] = {
    "span", "bins", "minspan", "limit", "useother", "usenull", "nullstr", "otherstr", "cont",
    "sep", "partial", NULL,
};

/* timechart -> {option} aggs [BY field] */
static int timechart_parse(spl_stage *st, spl_parser *ps)
{
    timechart_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    record_init(&s->row);
    record_init(&s->scratch);
    record_init(&s->out);
    s->limit = 10;
    s->useother = s->usenull = s->cont = true;
    s->nullstr = "NULL";
    s->otherstr = "OTHER";
    s->sep = ": ";
    bool has_span = false;
    for (;;) {
        const spl_tok *val;
        int k = spl_option(ps, timechart_opts, &val);
        if (k < 0)
            break;
        const char *why;
        double d;
        bool b;
        spl_binspan sp;
        switch (k) {
        case 0:
        case 2:
            if (!spl_binspan_parse(val->text, val->len, &sp, &why))
                return spl_fail(ps, val->off, "invalid %s '%s' in 'timechart': %s",
                                timechart_opts[k], val->text, why);
            if (!sp.is_time)
                sp = (spl_binspan){.is_time = true, .unit = RELTIME_SEC, .n = sp.n};
            if (k == 0) {
                s->span = sp;
                has_span = true;
            } else {
                s->minspan = spl_binspan_seconds(&sp);
            }
            break;
        case 1:
        case 3:
            if (!num_parse(val->text, val->len, &d) || d < (k == 1) || d > 1e6 || d != floor(d))
                return spl_fail(ps, val->off, "whole number expected for '%s', got '%s'",
                                timechart_opts[k], val->text);
            *(k == 1 ? &s->bins : &s->limit) = (size_t)d;
            break;
        case 6:
        case 7:
        case 9:
            *(k == 6 ? &s->nullstr : k == 7 ? &s->otherstr : &s->sep) = val->text;
            break;
        default:
            if (!spl_parse_bool(val, &b))
                return spl_fail(ps, val->off, "true or false expected for '%s'",
                                timechart_opts[k]);
            if (k == 4)
                s->useother = b;
            else if (k == 5)
                s->usenull = b;
            else if (k == 8)
                s->cont = b;
            break;   /* partial=: trawl has no search time range, so no partial bins */
        }
    }
    if (spl_agg_parse(ps, &s->aggs) < 0 || spl_group_parse_by(ps, &s->by) < 0)
        return -1;
    if (s->by.n > 1)
        return spl_fail(ps, spl_peek(ps)->off, "'timechart' splits by one field, got %zu",
                        s->by.n);
    s->auto_span = !has_span;
    if (!s->bins)
        s->bins = BINS_DEFAULT;
    if (s->auto_span)
        spl_hold_init(&s->hold, ps->plan, ps->cmd_name);
    spl_group_init(&s->cells, 2);
    if (s->by.n) {
        spl_columns_unknown(ps->plan);   /* the series come from the data */
    } else {
        const char **cols = arena_alloc(&ps->plan->mem, (s->aggs.n + 1) * sizeof *cols);
        cols[0] = "_time";
        spl_agg_columns(&s->aggs, cols + 1);
        spl_columns_set(ps->plan, cols, s->aggs.n + 1);
    }
    return 0;
}

static bool event_time(const record *r, double *t)
{
    const sv *v = record_value(r, "_time");
    return v && num_parse(v->s, v->len, t) && isfinite(*t) && fabs(*t) < 1e13;
}

/* Counts r in its bin, under each of its series. */
static void add(spl_stage *st, const record *r)
{
    timechart_state *s = st->state;
    double t;
    if (!event_time(r, &t))
        return;
    char buf[64];
    size_t n = num_format(spl_binspan_floor(&s->span, t, st->plan->env.tz), buf, sizeof buf);
    sv key[2] = {{buf, n}, {"", 0}};
    spl_agg_extract(&s->aggs, r, &st->plan->env);
    const field *f = s->by.n ? record_get(r, s->by.names[0]) : NULL;
    size_t nser = f ? f->nvalues : 1;
    if (s->by.n && !f) {
        if (!s->usenull)
            return;
        key[1] = (sv){s->nullstr, strlen(s->nullstr)};
    }
    for (size_t i = 0; i < nser; i++) {
        if (f)
            key[1] = f->values[i];
        bool created;
        spl_group *g = spl_group_get(&s->cells, key, &created);
        if (created)
            g->data = spl_agg_states_new(&s->aggs);
        spl_agg_apply(&s->aggs, g->data);
    }
}

static void timechart_push(spl_stage *st, record *r)
{
    timechart_state *s = st->state;
    if (!s->auto_span) {
        add(st, r);
        return;
    }
    double t;
    if (!event_time(r, &t))
        return;
    if (!s->seen || t < s->lo)
        s->lo = t;
    if (!s->seen || t > s->hi)
        s->hi = t;
    s->seen = true;
    spl_hold_add(&s->hold, r);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_series_name(const void *a, const void *b)
{
    const spl_group *x = *(spl_group *const *)a, *y = *(spl_group *const *)b;
    size_t n = x->by[0].len < y->by[0].len ? x->by[0].len : y->by[0].len;
    int c = n ? memcmp(x->by[0].s, y->by[0].s, n) : 0;
    return c ? c : (x->by[0].len > y->by[0].len) - (x->by[0].len < y->by[0].len);
}

/* Higher score first, then by name. */
static int cmp_series_rank(const void *a, const void *b)
{
    const spl_group *x = *(spl_group *const *)a, *y = *(spl_group *const *)b;
    double sx = ((series *)x->data)->score, sy = ((series *)y->data)->score;
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return cmp_series_name(a, b);
}

/* The column of aggregate i for series name. */
static const char *column(timechart_state *s, size_t i, sv name, char *buf, size_t size)
{
    if (s->aggs.n == 1)
        snprintf(buf, size, "%.*s", (int)name.len, name.s);
    else
        snprintf(buf, size, "%s%s%.*s", s->aggs.v[i].out, s->sep, (int)name.len, name.s);
    return buf;
}

/* Writes the row of one bin. */
static void emit_bin(spl_stage *st, double bin, spl_groups *ser, spl_agg_state *empty,
                     spl_agg_state *other)
{
    timechart_state *s = st->state;
    char tb[64], cb[1024];
    size_t n = num_format(bin, tb, sizeof tb);
    record_clear(&s->out);
    record_set(&s->out, "_time", tb, n);
    sv key[2] = {{tb, n}, {"", 0}};
    bool created;
    if (!s->by.n) {
        spl_group *g = spl_group_get(&s->cells, key, &created);
        spl_agg_results(&s->aggs, created ? empty : g->data, &s->out);
        if (created)
            g->data = spl_agg_states_new(&s->aggs);
        spl_stage_emit(st, &s->out);
        return;
    }
    bool any_other = false;
    spl_agg_states_reset(&s->aggs, other);
    for (size_t k = 0; k < ser->n; k++) {
        spl_group *sg = ser->v[k];
        key[1] = sg->by[0];
        spl_group *g = spl_group_get(&s->cells, key, &created);
        if (created)
            g->data = spl_agg_states_new(&s->aggs);
        if (!((series *)sg->data)->kept) {
            spl_agg_merge(&s->aggs, other, g->data);
            any_other = true;
            continue;
        }
        for (size_t i = 0; i < s->aggs.n; i++)
            spl_agg_result(&s->aggs, i, g->data, &s->out, column(s, i, sg->by[0], cb, sizeof cb));
    }
    if (any_other && s->useother)
        for (size_t i = 0; i < s->aggs.n; i++)
            spl_agg_result(&s->aggs, i, other, &s->out,
                           column(s, i, (sv){s->otherstr, strlen(s->otherstr)}, cb, sizeof cb));
    spl_stage_emit(st, &s->out);
}

/* The series, ranked and marked kept; sorted by name for the columns. */
static void rank_series(timechart_state *s, spl_groups *ser)
{
    for (size_t i = 0; i < s->cells.n; i++) {
        spl_group *c = s->cells.v[i];
        bool created;
        spl_group *g = spl_group_get(ser, &c->by[1], &created);
        if (created)
            g->data = xcalloc(1, sizeof(series));
        record_clear(&s->scratch);
        spl_agg_result(&s->aggs, 0, c->data, &s->scratch, "v");
        const sv *v = record_value(&s->scratch, "v");
        double d;
        if (v && num_parse(v->s, v->len, &d) && isfinite(d))
            ((series *)g->data)->score += d;
    }
    if (ser->n > 1)
        qsort(ser->v, ser->n, sizeof *ser->v, cmp_series_rank);
    for (size_t i = 0; i < ser->n; i++)
        ((series *)ser->v[i]->data)->kept = !s->limit || i < s->limit;
    if (ser->n > 1)
        qsort(ser->v, ser->n, sizeof *ser->v, cmp_series_name);
}

static void timechart_finish(spl_stage *st)
{
    timechart_state *s = st->state;
    if (s->auto_span) {
        spl_binspan_auto(s->lo, s->hi, s->bins, s->minspan, true, &s->span);
        while (spl_hold_next(&s->hold, &s->row))
            add(st, &s->row);
    }
    size_t ncells = s->cells.n;
    double *bins = xmalloc((ncells ? ncells : 1) * sizeof *bins);
    for (size_t i = 0; i < ncells; i++)
        num_parse(s->cells.v[i]->by[0].s, s->cells.v[i]->by[0].len, &bins[i]);
    qsort(bins, ncells, sizeof *bins, cmp_double);
    spl_groups ser;
    spl_group_init(&ser, 1);
    if (s->by.n)
        rank_series(s, &ser);
    spl_agg_state *empty = spl_agg_states_new(&s->aggs);
    spl_agg_state *other = spl_agg_states_new(&s->aggs);
    bool fill = s->cont && ncells > 0;
    if (fill && (bins[ncells - 1] - bins[0]) / spl_binspan_seconds(&s->span) > FILL_MAX) {
        if (!s->warned)
            tr_warn("timechart: more than %d bins between the first and the last: the empty "
                    "ones are left out", FILL_MAX);
        s->warned = true;
        fill = false;
    }
    const char *tz = st->plan->env.tz;
    double step = spl_binspan_seconds(&s->span) * 1.5;
    for (size_t i = 0; i < ncells; i++) {
        if (i > 0 && bins[i] == bins[i - 1])
            continue;
        emit_bin(st, bins[i], &ser, empty, other);
        /* The empty bins up to the next one: the start of the bin past this one. */
        for (double b = spl_binspan_floor(&s->span, bins[i] + step, tz);
             fill && i + 1 < ncells && b < bins[i + 1];
             b = spl_binspan_floor(&s->span, b + step, tz))
            emit_bin(st, b, &ser, empty, other);
    }
    for (size_t i = 0; i < ser.n; i++)
        free(ser.v[i]->data);
    spl_group_free(&ser);
    spl_agg_states_free(&s->aggs, empty);
    spl_agg_states_free(&s->aggs, other);
    free(bins);
}

static void timechart_free(spl_stage *st)
{
    timechart_state *s = st->state;
    if (!s)
        return;
    spl_agg_free_groups(&s->aggs, &s->cells);
    spl_agg_free(&s->aggs);
    if (s->auto_span)
        spl_hold_free(&s->hold);
    record_free(&s->row);
    record_free(&s->scratch);
    record_free(&s->out);
    free(s);
}

static int timechart_fields_read(const spl_stage *st, projection *proj)
{
    const timechart_state *s = st->state;
    spl_agg_fields(&s->aggs, &s->by, proj);
    return SPL_READS_END;
}

/* Rows by time; first(), last() and list() still see arrival order. */
static unsigned timechart_order(const spl_stage *st)
{
    const timechart_state *s = st->state;
    return SPL_ORDER_RESETS | spl_agg_order(&s->aggs);
}

const spl_cmd spl_cmd_timechart = {
    .name = "timechart", .parse = timechart_parse, .push = timechart_push,
    .finish = timechart_finish, .free = timechart_free, .fields_read = timechart_fields_read,
    .order = timechart_order, .transforming = true,
};
