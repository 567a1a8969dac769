/* cmd_top.c - top and rare: the most (least) common combinations of values of a
 * field list, per by-group, with their count and their percentage of the
 * group's events. Rows come out by group (sorted like stats), then by count
 * (descending for top, ascending for rare), ties by the values themselves, at
 * most limit= rows per group (default 10, 0 for all), the rest folded into an
 * OTHER row when useother=true. Events lacking a listed field are not counted;
 * multivalue fields count each combination. */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "spl_group.h"

/* What a top-level group (the by-values) counts. */
typedef struct bygroup {
    double total;        /* events (value combinations) counted */
} bygroup;

typedef struct top_state {
    bool rare;           /* ascending counts */
    spl_by fields;       /* the field list */
    spl_by by;           /* by-clause */
    spl_by keys;         /* by-fields then fields: the key of a count */
    size_t limit;        /* rows per group, 0: all */
    const char *countfield, *percentfield, *otherstr;
    bool showcount, showperc, useother;
    spl_groups counts;   /* key: by + field values; data: double count */
    spl_groups groups;   /* key: by values; data: bygroup */
    record out;
} top_state;

static const char *const top_opts[] = {
    "limit", "countfield", "percentfield", "showcount", "showperc", "useother", "otherstr",
    NULL,
};

/* top -> {option} field {[,] field} [BY field {[,] field}] */
static int top_parse(spl_stage *st, spl_parser *ps)
{
    top_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    record_init(&s->out);
    s->rare = strcmp(ps->cmd_name, "rare") == 0;
    s->limit = 10;
    s->countfield = "count";
    s->percentfield = "percent";
    s->otherstr = "OTHER";
    s->showcount = s->showperc = true;
    arena *mem = &ps->plan->mem;
    s->fields.names = arena_alloc(mem, SPL_BY_MAX * sizeof *s->fields.names);
    while (!spl_at_end(ps) && !spl_tok_is(spl_peek(ps), "by")) {
        const spl_tok *val, *t = spl_peek(ps);
        int k = spl_option(ps, top_opts, &val);
        double d;
        bool b;
        if (k == 0) {
            if (!num_parse(val->text, val->len, &d) || d < 0 || d > 1e9 || d != floor(d))
                return spl_fail(ps, val->off, "whole number expected for 'limit', got '%s'",
                                val->text);
            s->limit = (size_t)d;
        } else if (k == 1 || k == 2 || k == 6) {
            if (val->len == 0)
                return spl_fail(ps, val->off, "'%s' cannot be empty", top_opts[k]);
            *(k == 1 ? &s->countfield : k == 2 ? &s->percentfield : &s->otherstr) = val->text;
        } else if (k >= 3) {
            if (!spl_parse_bool(val, &b))
                return spl_fail(ps, val->off, "true or false expected for '%s'", top_opts[k]);
            *(k == 3 ? &s->showcount : k == 4 ? &s->showperc : &s->useother) = b;
        } else if (t->kind == TK_COMMA && s->fields.n) {
            spl_next(ps);
        } else if ((t->kind == TK_WORD || t->kind == TK_STRING) && (t + 1)->kind != TK_EQ) {
            if (s->fields.n == SPL_BY_MAX)
                return spl_fail(ps, t->off, "too many fields (at most %d)", SPL_BY_MAX);
            s->fields.names[s->fields.n++] = t->text;
            spl_next(ps);
        } else {
            return spl_fail_arg(ps, t);
        }
    }
    if (s->fields.n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    if (spl_group_parse_by(ps, &s->by) < 0)
        return -1;
    if (s->by.n + s->fields.n > SPL_BY_MAX)
        return spl_fail(ps, spl_peek(ps)->off, "too many fields (at most %d)", SPL_BY_MAX);
    s->keys.names = arena_alloc(mem, (s->by.n + s->fields.n) * sizeof *s->keys.names);
    for (size_t i = 0; i < s->by.n; i++)
        s->keys.names[s->keys.n++] = s->by.names[i];
    for (size_t i = 0; i < s->fields.n; i++)
        s->keys.names[s->keys.n++] = s->fields.names[i];
    spl_group_init(&s->counts, s->keys.n);
    spl_group_init(&s->groups, s->by.n);
    const char **cols = arena_alloc(mem, (s->keys.n + 2) * sizeof *cols);
    size_t nc = 0;
    for (size_t i = 0; i < s->keys.n; i++)
        cols[nc++] = s->keys.names[i];
    if (s->showcount)
        cols[nc++] = s->countfield;
    if (s->showperc)
        cols[nc++] = s->percentfield;
    spl_columns_set(ps->plan, cols, nc);
    return 0;
}

static void top_consume(spl_stage *st, const record *r)
{
    top_state *s = st->state;
    sv vals[SPL_BY_MAX];
    spl_group_iter it;
    if (!spl_group_first(&it, r, &s->keys, vals))
        return;
    do {
        bool created;
        spl_group *c = spl_group_get(&s->counts, vals, &created);
        if (created)
            c->data = xcalloc(1, sizeof(double));
        ++*(double *)c->data;
        spl_group *g = spl_group_get(&s->groups, vals, &created);
        if (created)
            g->data = xcalloc(1, sizeof(bygroup));
        ((bygroup *)g->data)->total++;
    } while (spl_group_next(&it, vals));
}

static void top_push(spl_stage *st, record *r)
{
    top_consume(st, r);
}

static const top_state *sort_state;   /* qsort has no context argument */

/* By group, then by count (descending for top), then by the values. */
static int cmp_rows(const void *a, const void *b)
{
    const spl_group *x = *(spl_group *const *)a, *y = *(spl_group *const *)b;
    const top_state *s = sort_state;
    for (size_t i = 0; i < s->by.n; i++) {
        int c = spl_compare(x->by[i].s, x->by[i].len, y->by[i].s, y->by[i].len);
        if (c)
            return c;
    }
    double cx = *(double *)x->data, cy = *(double *)y->data;
    if (cx != cy)
        return (cx > cy) == !s->rare ? -1 : 1;
    for (size_t i = s->by.n; i < s->keys.n; i++) {
        int c = spl_compare(x->by[i].s, x->by[i].len, y->by[i].s, y->by[i].len);
        if (c)
            return c;
    }
    return 0;
}

static void put_count(top_state *s, double count, double total)
{
    char buf[64];
    if (s->showcount) {
        size_t n = num_format(count, buf, sizeof buf);
        record_set(&s->out, s->countfield, buf, n);
    }
    if (s->showperc) {
        int n = snprintf(buf, sizeof buf, "%.6f", total > 0 ? count * 100 / total : 0);
        record_set(&s->out, s->percentfield, buf, (size_t)n);
    }
}

static bool same_by(const top_state *s, const spl_group *a, const spl_group *b)
{
    for (size_t i = 0; i < s->by.n; i++)
        if (a->by[i].len != b->by[i].len || memcmp(a->by[i].s, b->by[i].s, a->by[i].len) != 0)
            return false;
    return true;
}

/* Emits one row: the group's by-values, then vals (or otherstr for each field). */
static void emit_row(spl_stage *st, const spl_group *row, bool other, double count, double total)
{
    top_state *s = st->state;
    record_clear(&s->out);
    for (size_t i = 0; i < s->keys.n; i++) {
        if (other && i >= s->by.n)
            record_set(&s->out, s->keys.names[i], s->otherstr, strlen(s->otherstr));
        else
            record_set(&s->out, s->keys.names[i], row->by[i].s, row->by[i].len);
    }
    put_count(s, count, total);
    spl_stage_emit(st, &s->out);
}

static void top_finish(spl_stage *st)
{
    top_state *s = st->state;
    size_t n = s->counts.n;
    spl_group **rows = xmalloc((n ? n : 1) * sizeof *rows);
    if (n)
        memcpy(rows, s->counts.v, n * sizeof *rows);
    sort_state = s;
    if (n > 1)
        qsort(rows, n, sizeof *rows, cmp_rows);
    for (size_t i = 0, j; i < n; i = j) {
        bool created;
        double total = ((bygroup *)spl_group_get(&s->groups, rows[i]->by, &created)->data)->total;
        double other = 0;
        size_t shown = 0;
        for (j = i; j < n && same_by(s, rows[i], rows[j]); j++) {
            double count = *(double *)rows[j]->data;
            if (s->limit && shown >= s->limit) {
                other += count;
                continue;
            }
            shown++;
            emit_row(st, rows[j], false, count, total);
        }
        if (other > 0 && s->useother)
            emit_row(st, rows[i], true, other, total);
    }
    free(rows);
}

static void top_free(spl_stage *st)
{
    top_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->counts.n; i++)
        free(s->counts.v[i]->data);
    for (size_t i = 0; i < s->groups.n; i++)
        free(s->groups.v[i]->data);
    spl_group_free(&s->counts);
    spl_group_free(&s->groups);
    record_free(&s->out);
    free(s);
}

static int top_fields_read(const spl_stage *st, projection *proj)
{
    const top_state *s = st->state;
    for (size_t i = 0; i < s->keys.n; i++)
        projection_want(proj, s->keys.names[i], strlen(s->keys.names[i]));
    return SPL_READS_END;
}

/* Rows in an order of their own, from counts that arrival order does not change. */
static unsigned top_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_RESETS;
}

const spl_cmd spl_cmd_top = {
    .name = "top", .parse = top_parse, .push = top_push, .consume = top_consume,
    .finish = top_finish, .free = top_free, .fields_read = top_fields_read,
    .order = top_order, .transforming = true,
};

const spl_cmd spl_cmd_rare = {
    .name = "rare", .parse = top_parse, .push = top_push, .consume = top_consume,
    .finish = top_finish, .free = top_free, .fields_read = top_fields_read,
    .order = top_order, .transforming = true,
};
