/* cmd_stats.c - stats: aggregate functions over groups keyed by the by-fields.
 * Groups live in an open-addressing hash table; at finish they are sorted by the
 * by-fields (numbers numerically, then strings) and emitted as rows whose columns
 * are the by-fields then the aggregates in the order written. Events lacking a
 * by-field are dropped; a multivalue by-field puts the event in each value's group. */
#include "spl_private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

enum {
    LIST_MAX = 100,       /* list() keeps the first 100 values, as Splunk */
    VALUES_MAX = 10000,   /* values() keeps at most this many distinct values */
    COMBOS_MAX = 256,     /* groups one event may join through multivalue by-fields */
    BY_MAX = 64,          /* by-fields */
};

typedef enum agg_kind {
    AG_COUNT, AG_MIN, AG_MAX, AG_AVG, AG_SUM, AG_DC, AG_VALUES, AG_LIST,
    AG_EARLIEST, AG_LATEST, AG_FIRST, AG_LAST,
} agg_kind;

/* The aggregate functions as data: name as written, kind, whether a field is required. */
static const struct {
    const char *name;
    agg_kind kind;
    bool needs_field;
} funcs[] = {
    {"count", AG_COUNT, false}, {"c", AG_COUNT, false}, {"min", AG_MIN, true},
    {"max", AG_MAX, true}, {"avg", AG_AVG, true}, {"mean", AG_AVG, true},
    {"sum", AG_SUM, true}, {"dc", AG_DC, true}, {"distinct_count", AG_DC, true},
    {"values", AG_VALUES, true}, {"list", AG_LIST, true}, {"earliest", AG_EARLIEST, true},
    {"latest", AG_LATEST, true}, {"first", AG_FIRST, true}, {"last", AG_LAST, true},
};

/* One aggregate as written. */
typedef struct agg_spec {
    agg_kind kind;
    const char *field;   /* input field, NULL for plain count */
    const char *out;     /* output column name */
} agg_spec;

/* A growable malloc'd string. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool set;            /* holds a value */
} strbuf;

/* Distinct strings (open addressing, malloc'd copies). */
typedef struct strset {
    sv *slots;           /* s == NULL: empty */
    size_t cap, n;
} strset;

/* Running state of one aggregate in one group. */
typedef struct agg_state {
    double n;            /* count; values seen for avg */
    double sum;          /* sum of numeric values */
    bool all_num;        /* every value seen so far is numeric (min/max) */
    double num;          /* numeric min/max so far */
    strbuf num_str;      /* the value text of num (keeps its original spelling) */
    strbuf str;          /* lexicographic min/max, or the first/last/earliest/latest value */
    double t;            /* _time of str for earliest/latest */
    strset set;          /* dc / values */
    sv *list;            /* list(): malloc'd copies, at most LIST_MAX */
    size_t nlist;
} agg_state;

typedef struct group {
    sv *by;              /* by-values (malloc'd copies) */
    agg_state *aggs;     /* one per spec */
    uint64_t hash;
} group;

typedef struct stats_state {
    agg_spec *specs;     /* plan arena */
    size_t nspecs;
    const char **by;     /* by-field names (plan arena) */
    size_t nby;
    group **groups;      /* in creation order (malloc'd) */
    size_t ngroups, gcap;
    size_t *table;       /* hash slots: group index + 1, 0 empty */
    size_t tcap;
    record out;          /* row being emitted */
    char *key;           /* scratch for building a group key */
    size_t key_cap;
} stats_state;

static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void sb_set(strbuf *b, const char *s, size_t n)
{
    XGROW(b->s, b->cap, n + 1);
    memcpy(b->s, s, n);
    b->s[n] = '\0';
    b->len = n;
    b->set = true;
}

static bool set_add(strset *st, const char *s, size_t n, size_t limit)
{
    if ((st->n + 1) * 2 > st->cap) {
        if (limit && st->n >= limit)
            return false;
        size_t ncap = st->cap ? st->cap * 2 : 16;
        sv *ns = xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < st->cap; i++) {
            if (!st->slots[i].s)
                continue;
            size_t j = hash_bytes(14695981039346656037ULL, st->slots[i].s, st->slots[i].len) & (ncap - 1);
            while (ns[j].s)
                j = (j + 1) & (ncap - 1);
            ns[j] = st->slots[i];
        }
        free(st->slots);
        st->slots = ns;
        st->cap = ncap;
    }
    size_t j = hash_bytes(14695981039346656037ULL, s, n) & (st->cap - 1);
    while (st->slots[j].s) {
        if (st->slots[j].len == n && memcmp(st->slots[j].s, s, n) == 0)
            return false;
        j = (j + 1) & (st->cap - 1);
    }
    if (limit && st->n >= limit)
        return false;
    st->slots[j].s = xstrndup(s, n);
    st->slots[j].len = n;
    st->n++;
    return true;
}

static void set_free(strset *st)
{
    for (size_t i = 0; i < st->cap; i++)
        free((char *)st->slots[i].s);
    free(st->slots);
}

/* The aggregate function named t, or -1. */
static int find_func(const spl_tok *t)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcasecmp(funcs[i].name, t->text) == 0)
            return (int)i;
    return -1;
}

/* agg -> FUNC ['(' field ')'] [AS name]   into *a */
static int parse_agg(spl_parser *ps, agg_spec *a)
{
    const spl_tok *t = spl_peek(ps);
    if (t->kind != TK_WORD)
        return spl_fail_expected(ps, t, "aggregate function");
    int fi = find_func(t);
    if (fi < 0) {
        if ((t + 1)->kind == TK_LPAREN)
            return spl_fail(ps, t->off, "unsupported stats function '%s'", t->text);
        return spl_fail_arg(ps, t);
    }
    spl_next(ps);
    *a = (agg_spec){funcs[fi].kind, NULL, NULL};
    char namebuf[512];
    if (spl_peek(ps)->kind == TK_LPAREN) {
        const spl_tok *open = spl_next(ps);
        const spl_tok *f = spl_peek(ps);
        if (f->kind == TK_WORD && (f + 1)->kind == TK_LPAREN)
            return spl_fail(ps, f->off, "unsupported argument '%s(...)' to 'stats'", f->text);
        if (f->kind == TK_RPAREN || f->kind == TK_EOF)
            return spl_fail_expected(ps, f, "field name");
        if (f->kind != TK_WORD && f->kind != TK_STRING)
            return spl_fail_arg(ps, f);
        if ((f + 1)->kind != TK_RPAREN)
            return spl_fail_unclosed(ps, f + 1, open->off);
        if (memchr(f->text, '*', f->len))
            return spl_fail(ps, f->off, "unsupported argument '%s' to 'stats' (wildcard fields)",
                            f->text);
        spl_next(ps);
        spl_next(ps);
        a->field = f->text;
        snprintf(namebuf, sizeof namebuf, "%s(%s)", t->text, f->text);
    } else {
        if (funcs[fi].needs_field)
            return spl_fail(ps, spl_peek(ps)->off, "'(' expected after '%s'", t->text);
        snprintf(namebuf, sizeof namebuf, "%s", t->text);
    }
    a->out = spl_pstrdup(ps, namebuf, strlen(namebuf));
    if (spl_tok_is(spl_peek(ps), "as")) {
        spl_next(ps);
        a->out = spl_field_name(ps, "name after 'as'");
        if (!a->out)
            return -1;
    }
    return 0;
}

/* stats -> agg {[,] agg} [BY field {[,] field}] */
static int stats_parse(spl_stage *st, spl_parser *ps)
{
    stats_state *s = xcalloc(1, sizeof *s);
    record_init(&s->out);
    st->state = s;
    arena *mem = &ps->plan->mem;
    size_t cap = 0;
    for (;;) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_EOF || spl_tok_is(t, "by"))
            break;
        if (t->kind == TK_COMMA && s->nspecs) {
            spl_next(ps);
            continue;
        }
        if (s->nspecs >= 256)
            return spl_fail(ps, t->off, "too many aggregates in 'stats'");
        ARENA_GROW(mem, s->specs, s->nspecs, cap);
        if (parse_agg(ps, &s->specs[s->nspecs]) < 0)
            return -1;
        s->nspecs++;
    }
    if (s->nspecs == 0)
        return spl_fail_expected(ps, spl_peek(ps), "aggregate function");
    s->by = arena_alloc(mem, BY_MAX * sizeof *s->by);
    if (spl_tok_is(spl_peek(ps), "by")) {
        const spl_tok *by = spl_next(ps);
        while (!spl_at_end(ps)) {
            const spl_tok *t = spl_peek(ps);
            if (t->kind == TK_COMMA && s->nby) {
                spl_next(ps);
                continue;
            }
            if (t->kind != TK_WORD && t->kind != TK_STRING)
                return spl_fail_expected(ps, t, "field name");
            if (s->nby == BY_MAX)
                return spl_fail(ps, t->off, "too many by-fields (at most %d)", BY_MAX);
            s->by[s->nby++] = t->text;
            spl_next(ps);
        }
        if (s->nby == 0)
            return spl_fail(ps, by->end, "field name expected after '%s'", by->text);
    }
    const char **cols = arena_alloc(mem, (s->nby + s->nspecs) * sizeof *cols);
    for (size_t i = 0; i < s->nby; i++)
        cols[i] = s->by[i];
    for (size_t i = 0; i < s->nspecs; i++)
        cols[s->nby + i] = s->specs[i].out;
    spl_columns_set(ps->plan, cols, s->nby + s->nspecs);
    return 0;
}

static group *new_group(stats_state *s, const sv *vals, uint64_t h)
{
    group *g = xcalloc(1, sizeof *g);
    g->hash = h;
    g->by = xcalloc(s->nby ? s->nby : 1, sizeof *g->by);
    for (size_t i = 0; i < s->nby; i++) {
        g->by[i].s = xstrndup(vals[i].s, vals[i].len);
        g->by[i].len = vals[i].len;
    }
    g->aggs = xcalloc(s->nspecs, sizeof *g->aggs);
    for (size_t i = 0; i < s->nspecs; i++)
        g->aggs[i].all_num = true;
    return g;
}

static group *find_group(stats_state *s, const sv *vals)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < s->nby; i++) {
        h = hash_bytes(h, vals[i].s, vals[i].len);
        h = hash_bytes(h, "\x1f", 1);
    }
    if ((s->ngroups + 1) * 2 > s->tcap) {
        size_t ncap = s->tcap ? s->tcap * 2 : 64;
        size_t *nt = xcalloc(ncap, sizeof *nt);
        for (size_t i = 0; i < s->ngroups; i++) {
            size_t j = s->groups[i]->hash & (ncap - 1);
            while (nt[j])
                j = (j + 1) & (ncap - 1);
            nt[j] = i + 1;
        }
        free(s->table);
        s->table = nt;
        s->tcap = ncap;
    }
    size_t j = h & (s->tcap - 1);
    while (s->table[j]) {
        group *g = s->groups[s->table[j] - 1];
        bool same = g->hash == h;
        for (size_t i = 0; same && i < s->nby; i++)
            same = g->by[i].len == vals[i].len && memcmp(g->by[i].s, vals[i].s, vals[i].len) == 0;
        if (same)
            return g;
        j = (j + 1) & (s->tcap - 1);
    }
    group *g = new_group(s, vals, h);
    XGROW(s->groups, s->gcap, s->ngroups + 1);
    s->groups[s->ngroups++] = g;
    s->table[j] = s->ngroups;
    return g;
}

static void update_minmax(agg_state *a, bool is_min, const sv *v)
{
    double d;
    bool num = num_parse(v->s, v->len, &d);
    if (num) {
        if (!a->num_str.set || (is_min ? d < a->num : d > a->num)) {
            a->num = d;
            sb_set(&a->num_str, v->s, v->len);
        }
    } else {
        a->all_num = false;
    }
    int c = a->str.set ? spl_compare(v->s, v->len, a->str.s, a->str.len) : 0;
    if (!a->str.set || (is_min ? c < 0 : c > 0))
        sb_set(&a->str, v->s, v->len);
}

static void update(agg_state *a, const agg_spec *spec, const record *r, double t, bool has_t)
{
    if (spec->kind == AG_COUNT && !spec->field) {
        a->n++;
        return;
    }
    const field *f = record_get(r, spec->field);
    if (!f)
        return;
    for (uint32_t k = 0; k < f->nvalues; k++) {
        const sv *v = &f->values[k];
        double d;
        switch (spec->kind) {
        case AG_COUNT:
            a->n++;
            break;
        case AG_MIN:
        case AG_MAX:
            update_minmax(a, spec->kind == AG_MIN, v);
            break;
        case AG_AVG:
        case AG_SUM:
            if (num_parse(v->s, v->len, &d)) {
                a->sum += d;
                a->n++;
            }
            break;
        case AG_DC:
            set_add(&a->set, v->s, v->len, 0);
            break;
        case AG_VALUES:
            set_add(&a->set, v->s, v->len, VALUES_MAX);
            break;
        case AG_LIST:
            if (a->nlist < LIST_MAX) {
                if (!a->list)
                    a->list = xcalloc(LIST_MAX, sizeof *a->list);
                a->list[a->nlist].s = xstrndup(v->s, v->len);
                a->list[a->nlist++].len = v->len;
            }
            break;
        case AG_FIRST:
            if (!a->str.set)
                sb_set(&a->str, v->s, v->len);
            break;
        case AG_LAST:
            if (k == 0)
                sb_set(&a->str, v->s, v->len);
            break;
        case AG_EARLIEST:
        case AG_LATEST:
            /* Without _time, arrival order decides (first / last seen). */
            if (k > 0)
                break;
            if (!a->str.set || (has_t && (spec->kind == AG_EARLIEST ? t < a->t : t >= a->t)) ||
                (!has_t && spec->kind == AG_LATEST)) {
                sb_set(&a->str, v->s, v->len);
                a->t = t;
            }
            break;
        }
    }
}

static void stats_consume(spl_stage *st, const record *r)
{
    stats_state *s = st->state;
    const field *bf[BY_MAX];
    for (size_t i = 0; i < s->nby; i++) {
        bf[i] = record_get(r, s->by[i]);
        if (!bf[i] || bf[i]->nvalues == 0)
            return;
    }
    double t = 0;
    const sv *tv = record_value(r, "_time");
    bool has_t = tv && num_parse(tv->s, tv->len, &t);
    /* Odometer over multivalue by-fields. */
    uint32_t idx[BY_MAX] = {0};
    sv vals[BY_MAX];
    for (size_t combos = 0; combos < COMBOS_MAX; combos++) {
        for (size_t i = 0; i < s->nby; i++)
            vals[i] = bf[i]->values[idx[i]];
        group *g = find_group(s, vals);
        for (size_t i = 0; i < s->nspecs; i++)
            update(&g->aggs[i], &s->specs[i], r, t, has_t);
        size_t i = s->nby;
        while (i > 0) {
            i--;
            if (++idx[i] < bf[i]->nvalues)
                break;
            idx[i] = 0;
            if (i == 0)
                return;
        }
        if (s->nby == 0)
            return;
    }
}

static void stats_push(spl_stage *st, record *r)
{
    stats_consume(st, r);
}

static int cmp_sv(const void *a, const void *b)
{
    const sv *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->s, y->s, n) : 0;
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static const stats_state *sort_ctx;

static int cmp_group(const void *a, const void *b)
{
    const group *x = *(group *const *)a, *y = *(group *const *)b;
    for (size_t i = 0; i < sort_ctx->nby; i++) {
        int c = spl_compare(x->by[i].s, x->by[i].len, y->by[i].s, y->by[i].len);
        if (c)
            return c;
    }
    return 0;
}

static void put_num(record *r, const char *name, double v)
{
    char buf[64];
    size_t n = num_format(v, buf, sizeof buf);
    record_set(r, name, buf, n);
}

static void emit_agg(record *r, const agg_spec *spec, agg_state *a)
{
    switch (spec->kind) {
    case AG_COUNT:
        put_num(r, spec->out, a->n);
        break;
    case AG_MIN:
    case AG_MAX:
        if (a->all_num && a->num_str.set)
            record_set(r, spec->out, a->num_str.s, a->num_str.len);
        else if (a->str.set)
            record_set(r, spec->out, a->str.s, a->str.len);
        break;
    case AG_AVG:
        if (a->n > 0)
            put_num(r, spec->out, a->sum / a->n);
        break;
    case AG_SUM:
        if (a->n > 0)
            put_num(r, spec->out, a->sum);
        break;
    case AG_DC:
        put_num(r, spec->out, (double)a->set.n);
        break;
    case AG_VALUES: {
        if (a->set.n == 0)
            break;
        sv *v = xmalloc(a->set.n * sizeof *v);
        size_t n = 0;
        for (size_t i = 0; i < a->set.cap; i++)
            if (a->set.slots[i].s)
                v[n++] = a->set.slots[i];
        qsort(v, n, sizeof *v, cmp_sv);
        record_set_mv(r, spec->out, v, n);
        free(v);
        break;
    }
    case AG_LIST:
        if (a->nlist)
            record_set_mv(r, spec->out, a->list, a->nlist);
        break;
    case AG_FIRST:
    case AG_LAST:
    case AG_EARLIEST:
    case AG_LATEST:
        if (a->str.set)
            record_set(r, spec->out, a->str.s, a->str.len);
        break;
    }
}

static void stats_finish(spl_stage *st)
{
    stats_state *s = st->state;
    if (s->ngroups == 0 && s->nby == 0) {
        sv none = {"", 0};
        find_group(s, &none);
    }
    sort_ctx = s;
    if (s->ngroups > 1)
        qsort(s->groups, s->ngroups, sizeof *s->groups, cmp_group);
    for (size_t gi = 0; gi < s->ngroups; gi++) {
        group *g = s->groups[gi];
        record_clear(&s->out);
        for (size_t i = 0; i < s->nby; i++)
            record_set(&s->out, s->by[i], g->by[i].s, g->by[i].len);
        for (size_t i = 0; i < s->nspecs; i++)
            emit_agg(&s->out, &s->specs[i], &g->aggs[i]);
        spl_stage_emit(st, &s->out);
    }
}

static void free_group(stats_state *s, group *g)
{
    for (size_t i = 0; i < s->nby; i++)
        free((char *)g->by[i].s);
    free(g->by);
    for (size_t i = 0; i < s->nspecs; i++) {
        agg_state *a = &g->aggs[i];
        free(a->num_str.s);
        free(a->str.s);
        set_free(&a->set);
        for (size_t k = 0; k < a->nlist; k++)
            free((char *)a->list[k].s);
        free(a->list);
    }
    free(g->aggs);
    free(g);
}

static void stats_free(spl_stage *st)
{
    stats_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->ngroups; i++)
        free_group(s, s->groups[i]);
    free(s->groups);
    free(s->table);
    free(s->key);
    record_free(&s->out);
    free(s);
}

static int stats_fields_read(const spl_stage *st, projection *proj)
{
    const stats_state *s = st->state;
    for (size_t i = 0; i < s->nspecs; i++)
        if (s->specs[i].field)
            projection_want(proj, s->specs[i].field, strlen(s->specs[i].field));
    for (size_t i = 0; i < s->nby; i++)
        projection_want(proj, s->by[i], strlen(s->by[i]));
    projection_want(proj, "_time", 5);      /* earliest/latest, and rows' time */
    return SPL_READS_END;
}

/* Rows come out sorted by group; first(), last() and list() depend on input order. */
static unsigned stats_order(const spl_stage *st)
{
    const stats_state *s = st->state;
    unsigned o = SPL_ORDER_RESETS;
    for (size_t i = 0; i < s->nspecs; i++) {
        agg_kind k = s->specs[i].kind;
        if (k == AG_FIRST || k == AG_LAST || k == AG_LIST)
            o |= SPL_ORDER_SENSITIVE;
    }
    return o;
}

const spl_cmd spl_cmd_stats = {
    .name = "stats", .parse = stats_parse, .push = stats_push, .consume = stats_consume,
    .finish = stats_finish, .free = stats_free, .fields_read = stats_fields_read,
    .order = stats_order, .transforming = true,
};
