/* spl_agg.c - the aggregate functions shared by the statistical commands: their
 * names, their arguments (a field or eval(expr)), what each event gives them, the
 * running state per group and the result fields. Values follow Splunk: numeric
 * functions skip values that are not numbers, count/dc/values/list take every
 * value of a multivalue field, and functions that saw nothing give no field
 * (count and dc give 0). */
#include "spl_agg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "spl_group.h"

enum {
    LIST_MAX = 100,       /* list() keeps the first 100 values, as Splunk */
};

/* The functions as data: name as written, kind, whether a field is required. */
static const struct {
    const char *name;
    spl_agg_kind kind;
    bool needs_arg;
} funcs[] = {
    {"count", AGG_COUNT, false}, {"c", AGG_COUNT, false},
    {"dc", AGG_DC, true}, {"distinct_count", AGG_DC, true}, {"estdc", AGG_ESTDC, true},
    {"min", AGG_MIN, true}, {"max", AGG_MAX, true}, {"range", AGG_RANGE, true},
    {"sum", AGG_SUM, true}, {"sumsq", AGG_SUMSQ, true},
    {"avg", AGG_AVG, true}, {"mean", AGG_AVG, true},
    {"stdev", AGG_STDEV, true}, {"stdevp", AGG_STDEVP, true},
    {"var", AGG_VAR, true}, {"varp", AGG_VARP, true},
    {"median", AGG_MEDIAN, true}, {"mode", AGG_MODE, true},
    {"values", AGG_VALUES, true}, {"list", AGG_LIST, true},
    {"first", AGG_FIRST, true}, {"last", AGG_LAST, true},
    {"earliest", AGG_EARLIEST, true}, {"latest", AGG_LATEST, true},
    {"earliest_time", AGG_EARLIEST_TIME, true}, {"latest_time", AGG_LATEST_TIME, true},
};

/* Percentile spellings: perc95, p95, exactperc99.9, upperperc5. trawl keeps every
 * value, so all three give the exact percentile. */
static const char *const perc_prefixes[] = {"exactperc", "upperperc", "perc", "p"};

/* A growable malloc'd string. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool set;            /* holds a value */
} strbuf;

/* One distinct value with how often it was seen and when first. */
typedef struct valslot {
    char *s;             /* malloc'd; NULL: empty slot */
    size_t len;
    uint64_t hash;
    size_t count;
    size_t seq;          /* order of first sight */
} valslot;

/* Distinct values, open addressing. */
typedef struct valset {
    valslot *slots;
    size_t cap, n;
} valset;

struct spl_agg_state {
    double count;        /* count: values (or events) seen */
    double nnum;         /* numeric values seen */
    double sum, sumsq;
    double mean, m2;     /* Welford's running mean and squared deviations (var, stdev) */
    double lo, hi;       /* numeric extremes (range) */
    bool all_num;        /* min/max: every value so far is a number */
    double num;          /* min/max: the numeric extreme */
    strbuf num_str;      /* its spelling as written */
    strbuf str;          /* lexicographic min/max; first/last/earliest/latest value */
    double t;            /* _time of str (earliest/latest), or the extreme time */
    bool t_set;
    valset set;          /* dc, estdc, values, mode */
    double *nums;        /* median, percentiles: every numeric value */
    size_t nnums, nums_cap;
    bool nums_sorted;
    sv *list;            /* list(): malloc'd copies, at most LIST_MAX */
    size_t nlist;
};

/* ----------------------------------------------------------- parsing */

static int find_func(const char *name)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcasecmp(funcs[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* perc<N> and friends: true with the percentile when name is one. */
static bool perc_name(const char *name, double *pct)
{
    for (size_t i = 0; i < sizeof perc_prefixes / sizeof perc_prefixes[0]; i++) {
        size_t n = strlen(perc_prefixes[i]);
        if (strncasecmp(name, perc_prefixes[i], n) != 0 || !name[n])
            continue;
        const char *p = name + n;
        for (const char *q = p; *q; q++)
            if (!(*q >= '0' && *q <= '9') && *q != '.')
                return false;
        double d;
        if (!num_parse(p, strlen(p), &d) || d < 0 || d > 100)
            return false;
        *pct = d;
        return true;
    }
    return false;
}

/* agg -> FUNC ['(' (field | eval '(' expr ')') ')'] [AS name] */
static int parse_one(spl_parser *ps, spl_agg *a)
{
    const spl_tok *t = spl_peek(ps);
    if (t->kind != TK_WORD)
        return spl_fail_expected(ps, t, "aggregate function");
    int fi = find_func(t->text);
    double pct = 0;
    bool perc = fi < 0 && perc_name(t->text, &pct);
    if (fi < 0 && !perc) {
        if ((t + 1)->kind == TK_LPAREN)
            return spl_fail(ps, t->off, "unsupported stats function '%s'", t->text);
        return spl_fail_arg(ps, t);
    }
    spl_next(ps);
    *a = (spl_agg){.kind = perc ? AGG_PERC : funcs[fi].kind, .pct = pct};
    bool needs_arg = perc || funcs[fi].needs_arg;
    char namebuf[512];
    snprintf(namebuf, sizeof namebuf, "%s", t->text);
    if (spl_peek(ps)->kind == TK_LPAREN) {
        const spl_tok *open = spl_next(ps);
        const spl_tok *f = spl_peek(ps);
        if (f->kind == TK_RPAREN && !needs_arg) {   /* count() */
            spl_next(ps);
        } else if (spl_tok_is(f, "eval") && (f + 1)->kind == TK_LPAREN) {
            spl_next(ps);
            a->expr = spl_parse_paren_expr(ps, ps->pos);
            if (!a->expr)
                return -1;
            if (spl_peek(ps)->kind != TK_RPAREN)
                return spl_fail_unclosed(ps, spl_peek(ps), open->off);
            spl_next(ps);
            if (!spl_tok_is(spl_peek(ps), "as"))
                return spl_fail(ps, t->off, "'%s(eval(...))' needs a name for its result: add "
                                "'as NAME'", t->text);
        } else {
            if (f->kind == TK_WORD && (f + 1)->kind == TK_LPAREN)
                return spl_fail(ps, f->off, "unsupported argument '%s(...)' to '%s'", f->text,
                                ps->cmd_name);
            if (f->kind == TK_RPAREN || f->kind == TK_EOF)
                return spl_fail_expected(ps, f, "field name");
            if (f->kind != TK_WORD && f->kind != TK_STRING)
                return spl_fail_arg(ps, f);
            if ((f + 1)->kind != TK_RPAREN)
                return spl_fail_unclosed(ps, f + 1, open->off);
            if (memchr(f->text, '*', f->len))
                return spl_fail(ps, f->off, "unsupported argument '%s' to '%s' (wildcard fields)",
                                f->text, ps->cmd_name);
            spl_next(ps);
            spl_next(ps);
            a->field = f->text;
            snprintf(namebuf, sizeof namebuf, "%s(%s)", t->text, f->text);
        }
    } else if (needs_arg) {
        return spl_fail(ps, spl_peek(ps)->off, "'(' expected after '%s'", t->text);
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

int spl_agg_parse(spl_parser *ps, spl_aggs *a)
{
    arena *mem = &ps->plan->mem;
    size_t cap = 0;
    arena_init(&a->scratch, 4096);
    for (;;) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_EOF || spl_tok_is(t, "by"))
            break;
        if (t->kind == TK_COMMA && a->n) {
            spl_next(ps);
            continue;
        }
        if (a->n >= 256)
            return spl_fail(ps, t->off, "too many aggregates in '%s'", ps->cmd_name);
        ARENA_GROW(mem, a->v, a->n, cap);
        memset(&a->v[a->n], 0, sizeof a->v[a->n]);
        a->n++;   /* counted before parsing, so spl_agg_free sees a partial eval tree */
        if (parse_one(ps, &a->v[a->n - 1]) < 0)
            return -1;
    }
    if (a->n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "aggregate function");
    a->in = arena_alloc(mem, a->n * sizeof *a->in);
    memset(a->in, 0, a->n * sizeof *a->in);
    return 0;
}

void spl_agg_columns(const spl_aggs *a, const char **cols)
{
    for (size_t i = 0; i < a->n; i++)
        cols[i] = a->v[i].out;
}

/* ------------------------------------------------------------ inputs */

/* The values of an eval(...) result: null and false give none. */
static void eval_values(spl_aggs *a, const spl_agg *g, spl_agg_in *in, const record *r,
                        const spl_env *env)
{
    spl_value v;
    tr_error err;
    in->n = 0;
    if (spl_expr_eval(g->expr, r, env, &a->scratch, &v, &err) < 0) {
        if (!a->warned)
            tr_warn("%s: %s (the value is left out)", g->out, err.msg);
        a->warned = true;
        return;
    }
    sv *one = arena_alloc(&a->scratch, sizeof *one);
    char buf[64];
    switch (v.kind) {
    case SPL_NULL:
        return;
    case SPL_BOOL:
        if (!v.num)
            return;
        *one = (sv){"true", 4};
        break;
    case SPL_NUM: {
        size_t n = num_format(v.num, buf, sizeof buf);
        *one = (sv){arena_strndup(&a->scratch, buf, n), n};
        break;
    }
    case SPL_STR:
        *one = v.str;
        break;
    case SPL_MV:
        in->vals = v.mv;
        in->n = v.nmv;
        return;
    }
    in->vals = one;
    in->n = 1;
}

void spl_agg_extract(spl_aggs *a, const record *r, const spl_env *env)
{
    static const sv event = {"", 0};   /* plain count: one per event */
    arena_reset(&a->scratch);
    const sv *tv = record_value(r, "_time");
    a->has_time = tv && num_parse(tv->s, tv->len, &a->time);
    if (!a->has_time)
        a->time = 0;
    for (size_t i = 0; i < a->n; i++) {
        const spl_agg *g = &a->v[i];
        spl_agg_in *in = &a->in[i];
        if (g->expr) {
            eval_values(a, g, in, r, env);
        } else if (!g->field) {
            in->vals = &event;
            in->n = 1;
        } else {
            const field *f = record_get(r, g->field);
            in->vals = f ? f->values : NULL;
            in->n = f ? f->nvalues : 0;
        }
    }
}

static void put_u32(char **buf, size_t *len, size_t *cap, uint32_t v)
{
    XGROW(*buf, *cap, *len + sizeof v);
    memcpy(*buf + *len, &v, sizeof v);
    *len += sizeof v;
}

void spl_agg_pack(const spl_aggs *a, char **buf, size_t *len, size_t *cap)
{
    XGROW(*buf, *cap, *len + sizeof a->time + 1);
    memcpy(*buf + *len, &a->time, sizeof a->time);
    *len += sizeof a->time;
    (*buf)[(*len)++] = a->has_time;
    for (size_t i = 0; i < a->n; i++) {
        const spl_agg_in *in = &a->in[i];
        put_u32(buf, len, cap, (uint32_t)in->n);
        for (size_t k = 0; k < in->n; k++) {
            put_u32(buf, len, cap, (uint32_t)in->vals[k].len);
            XGROW(*buf, *cap, *len + in->vals[k].len + 1);
            memcpy(*buf + *len, in->vals[k].s, in->vals[k].len);
            *len += in->vals[k].len;
            (*buf)[(*len)++] = '\0';
        }
    }
}

void spl_agg_unpack(spl_aggs *a, const char *buf, size_t *off)
{
    arena_reset(&a->scratch);
    memcpy(&a->time, buf + *off, sizeof a->time);
    *off += sizeof a->time;
    a->has_time = buf[(*off)++];
    for (size_t i = 0; i < a->n; i++) {
        uint32_t n;
        memcpy(&n, buf + *off, sizeof n);
        *off += sizeof n;
        sv *vals = arena_alloc(&a->scratch, (n ? n : 1) * sizeof *vals);
        for (uint32_t k = 0; k < n; k++) {
            uint32_t len;
            memcpy(&len, buf + *off, sizeof len);
            *off += sizeof len;
            vals[k] = (sv){buf + *off, len};
            *off += len + 1;
        }
        a->in[i] = (spl_agg_in){vals, n};
    }
}

/* ------------------------------------------------------------- state */

static void sb_set(strbuf *b, const char *s, size_t n)
{
    XGROW(b->s, b->cap, n + 1);
    memcpy(b->s, s, n);
    b->s[n] = '\0';
    b->len = n;
    b->set = true;
}

static void valset_insert(valslot *slots, size_t cap, valslot v)
{
    size_t j = v.hash & (cap - 1);
    while (slots[j].s)
        j = (j + 1) & (cap - 1);
    slots[j] = v;
}

/* Counts `times` sightings of s. Every distinct value is kept, as Splunk's values() and
 * dc() do by default (limits.conf maxvalues = 0). */
static void valset_add(valset *st, const char *s, size_t n, size_t times)
{
    if ((st->n + 1) * 2 > st->cap) {
        size_t ncap = st->cap ? st->cap * 2 : 16;
        valslot *ns = xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < st->cap; i++)
            if (st->slots[i].s)
                valset_insert(ns, ncap, st->slots[i]);
        free(st->slots);
        st->slots = ns;
        st->cap = ncap;
    }
    uint64_t h = spl_group_hash(SPL_GROUP_HASH_SEED, s, n);
    size_t j = h & (st->cap - 1);
    while (st->slots[j].s) {
        valslot *v = &st->slots[j];
        if (v->hash == h && v->len == n && memcmp(v->s, s, n) == 0) {
            v->count += times;
            return;
        }
        j = (j + 1) & (st->cap - 1);
    }
    st->slots[j] = (valslot){xstrndup(s, n), n, h, times, st->n};
    st->n++;
}

static void valset_clear(valset *st)
{
    for (size_t i = 0; i < st->cap; i++) {
        free(st->slots[i].s);
        st->slots[i].s = NULL;
    }
    st->n = 0;
}

spl_agg_state *spl_agg_states_new(const spl_aggs *a)
{
    spl_agg_state *st = xcalloc(a->n ? a->n : 1, sizeof *st);
    for (size_t i = 0; i < a->n; i++)
        st[i].all_num = true;
    return st;
}

void spl_agg_states_reset(const spl_aggs *a, spl_agg_state *st)
{
    for (size_t i = 0; i < a->n; i++) {
        spl_agg_state *s = &st[i];
        strbuf num_str = s->num_str, str = s->str;
        valset set = s->set;
        double *nums = s->nums;
        size_t nums_cap = s->nums_cap;
        valset_clear(&set);
        for (size_t k = 0; k < s->nlist; k++)
            free((char *)s->list[k].s);
        sv *list = s->list;
        memset(s, 0, sizeof *s);
        num_str.set = str.set = false;
        s->num_str = num_str;
        s->str = str;
        s->set = set;
        s->nums = nums;
        s->nums_cap = nums_cap;
        s->list = list;
        s->all_num = true;
    }
}

void spl_agg_states_free(const spl_aggs *a, spl_agg_state *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < a->n; i++) {
        spl_agg_state *s = &st[i];
        free(s->num_str.s);
        free(s->str.s);
        valset_clear(&s->set);
        free(s->set.slots);
        free(s->nums);
        for (size_t k = 0; k < s->nlist; k++)
            free((char *)s->list[k].s);
        free(s->list);
    }
    free(st);
}

static void update_minmax(spl_agg_state *s, bool is_min, const sv *v)
{
    double d;
    if (num_parse(v->s, v->len, &d)) {
        if (!s->num_str.set || (is_min ? d < s->num : d > s->num)) {
            s->num = d;
            sb_set(&s->num_str, v->s, v->len);
        }
    } else {
        s->all_num = false;
    }
    int c = s->str.set ? spl_compare(v->s, v->len, s->str.s, s->str.len) : 0;
    if (!s->str.set || (is_min ? c < 0 : c > 0))
        sb_set(&s->str, v->s, v->len);
}

static void update_numeric(spl_agg_state *s, const spl_agg *g, double d)
{
    if (!isfinite(d))
        return;
    if (s->nnum == 0 || d < s->lo)
        s->lo = d;
    if (s->nnum == 0 || d > s->hi)
        s->hi = d;
    s->nnum++;
    s->sum += d;
    s->sumsq += d * d;
    double delta = d - s->mean;
    s->mean += delta / s->nnum;
    s->m2 += delta * (d - s->mean);
    if (g->kind == AGG_MEDIAN || g->kind == AGG_PERC) {
        XGROW(s->nums, s->nums_cap, s->nnums + 1);
        s->nums[s->nnums++] = d;
        s->nums_sorted = false;
    }
}

/* earliest/latest and their _time: without _time, arrival order decides. */
static void update_time(spl_agg_state *s, const spl_agg *g, const sv *v, double t, bool has_t)
{
    bool earliest = g->kind == AGG_EARLIEST || g->kind == AGG_EARLIEST_TIME;
    if (!s->str.set || (has_t && (earliest ? t < s->t : t >= s->t)) || (!has_t && !earliest)) {
        sb_set(&s->str, v->s, v->len);
        s->t = t;
        s->t_set = has_t;
    }
}

static void update(spl_agg_state *s, const spl_agg *g, const spl_agg_in *in, double t,
                   bool has_t)
{
    for (size_t k = 0; k < in->n; k++) {
        const sv *v = &in->vals[k];
        double d;
        switch (g->kind) {
        case AGG_COUNT:
            s->count++;
            break;
        case AGG_DC:
        case AGG_ESTDC:
        case AGG_MODE:
        case AGG_VALUES:
            valset_add(&s->set, v->s, v->len, 1);
            break;
        case AGG_MIN:
        case AGG_MAX:
            update_minmax(s, g->kind == AGG_MIN, v);
            break;
        case AGG_RANGE:
        case AGG_SUM:
        case AGG_SUMSQ:
        case AGG_AVG:
        case AGG_STDEV:
        case AGG_STDEVP:
        case AGG_VAR:
        case AGG_VARP:
        case AGG_MEDIAN:
        case AGG_PERC:
            if (num_parse(v->s, v->len, &d))
                update_numeric(s, g, d);
            break;
        case AGG_LIST:
            if (s->nlist < LIST_MAX) {
                if (!s->list)
                    s->list = xcalloc(LIST_MAX, sizeof *s->list);
                s->list[s->nlist].s = xstrndup(v->s, v->len);
                s->list[s->nlist++].len = v->len;
            }
            break;
        case AGG_FIRST:
            if (!s->str.set)
                sb_set(&s->str, v->s, v->len);
            break;
        case AGG_LAST:
            if (k == 0)
                sb_set(&s->str, v->s, v->len);
            break;
        case AGG_EARLIEST:
        case AGG_LATEST:
        case AGG_EARLIEST_TIME:
        case AGG_LATEST_TIME:
            if (k == 0)
                update_time(s, g, v, t, has_t);
            break;
        }
    }
}

void spl_agg_apply(const spl_aggs *a, spl_agg_state *st)
{
    for (size_t i = 0; i < a->n; i++)
        update(&st[i], &a->v[i], &a->in[i], a->time, a->has_time);
}

/* ----------------------------------------------------------- results */

static void put_num(record *r, const char *name, double v)
{
    char buf[64];
    size_t n = num_format(v, buf, sizeof buf);
    record_set(r, name, buf, n);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int cmp_sv(const void *a, const void *b)
{
    const sv *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->s, y->s, n) : 0;
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void sort_nums(spl_agg_state *s)
{
    if (!s->nums_sorted && s->nnums > 1)
        qsort(s->nums, s->nnums, sizeof *s->nums, cmp_double);
    s->nums_sorted = true;
}

/* The p-th percentile, interpolating between the two nearest ranks (1..10 gives
 * 5.5 for p50 and 9.55 for p95, as Splunk's Search Reference shows). */
static double percentile(spl_agg_state *s, double p)
{
    sort_nums(s);
    double r = p / 100 * (double)(s->nnums - 1);
    size_t lo = (size_t)floor(r), hi = (size_t)ceil(r);
    return s->nums[lo] + (r - (double)lo) * (s->nums[hi] - s->nums[lo]);
}

static void put_values(record *r, const char *name, const valset *set)
{
    sv *v = xmalloc(set->n * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].s)
            v[n++] = (sv){set->slots[i].s, set->slots[i].len};
    qsort(v, n, sizeof *v, cmp_sv);
    record_set_mv(r, name, v, n);
    free(v);
}

/* The most frequent value; the one seen first among equals. */
static const valslot *mode_of(const valset *set)
{
    const valslot *best = NULL;
    for (size_t i = 0; i < set->cap; i++) {
        const valslot *v = &set->slots[i];
        if (v->s && (!best || v->count > best->count ||
                     (v->count == best->count && v->seq < best->seq)))
            best = v;
    }
    return best;
}

static void result(record *r, const spl_agg *g, spl_agg_state *s, const char *out)
{
    double n = s->nnum;
    switch (g->kind) {
    case AGG_COUNT:
        put_num(r, out, s->count);
        break;
    case AGG_DC:
    case AGG_ESTDC:
        put_num(r, out, (double)s->set.n);
        break;
    case AGG_MIN:
    case AGG_MAX:
        if (s->all_num && s->num_str.set)
            record_set(r, out, s->num_str.s, s->num_str.len);
        else if (s->str.set)
            record_set(r, out, s->str.s, s->str.len);
        break;
    case AGG_RANGE:
        if (n > 0)
            put_num(r, out, s->hi - s->lo);
        break;
    case AGG_SUM:
        if (n > 0)
            put_num(r, out, s->sum);
        break;
    case AGG_SUMSQ:
        if (n > 0)
            put_num(r, out, s->sumsq);
        break;
    case AGG_AVG:
        if (n > 0)
            put_num(r, out, s->sum / n);
        break;
    case AGG_VAR:
    case AGG_STDEV:
        if (n > 0) {
            double var = n > 1 ? s->m2 / (n - 1) : 0;
            put_num(r, out, g->kind == AGG_VAR ? var : sqrt(var));
        }
        break;
    case AGG_VARP:
    case AGG_STDEVP:
        if (n > 0) {
            double var = s->m2 / n;
            put_num(r, out, g->kind == AGG_VARP ? var : sqrt(var));
        }
        break;
    case AGG_MEDIAN:
        /* An even count gives the higher of the two middle values, as Splunk. */
        if (s->nnums) {
            sort_nums(s);
            put_num(r, out, s->nums[s->nnums / 2]);
        }
        break;
    case AGG_PERC:
        if (s->nnums)
            put_num(r, out, percentile(s, g->pct));
        break;
    case AGG_MODE: {
        const valslot *m = mode_of(&s->set);
        if (m)
            record_set(r, out, m->s, m->len);
        break;
    }
    case AGG_VALUES:
        if (s->set.n)
            put_values(r, out, &s->set);
        break;
    case AGG_LIST:
        if (s->nlist)
            record_set_mv(r, out, s->list, s->nlist);
        break;
    case AGG_FIRST:
    case AGG_LAST:
    case AGG_EARLIEST:
    case AGG_LATEST:
        if (s->str.set)
            record_set(r, out, s->str.s, s->str.len);
        break;
    case AGG_EARLIEST_TIME:
    case AGG_LATEST_TIME:
        if (s->str.set && s->t_set)
            put_num(r, out, s->t);
        break;
    }
}

void spl_agg_results(const spl_aggs *a, spl_agg_state *st, record *out)
{
    for (size_t i = 0; i < a->n; i++)
        result(out, &a->v[i], &st[i], a->v[i].out);
}

void spl_agg_result(const spl_aggs *a, size_t i, spl_agg_state *st, record *out,
                    const char *name)
{
    result(out, &a->v[i], &st[i], name);
}

static void merge_one(const spl_agg *g, spl_agg_state *d, const spl_agg_state *s)
{
    d->count += s->count;
    if (s->nnum > 0) {
        double n = d->nnum + s->nnum, delta = s->mean - d->mean;
        d->m2 += s->m2 + delta * delta * d->nnum * s->nnum / n;
        d->mean += delta * s->nnum / n;
        d->lo = d->nnum > 0 && d->lo < s->lo ? d->lo : s->lo;
        d->hi = d->nnum > 0 && d->hi > s->hi ? d->hi : s->hi;
        d->nnum = n;
        d->sum += s->sum;
        d->sumsq += s->sumsq;
    }
    for (size_t i = 0; i < s->set.cap; i++) {
        const valslot *v = &s->set.slots[i];
        if (v->s)
            valset_add(&d->set, v->s, v->len, v->count);
    }
    if (s->nnums) {
        XGROW(d->nums, d->nums_cap, d->nnums + s->nnums);
        memcpy(d->nums + d->nnums, s->nums, s->nnums * sizeof *s->nums);
        d->nnums += s->nnums;
        d->nums_sorted = false;
    }
    for (size_t i = 0; i < s->nlist && d->nlist < LIST_MAX; i++) {
        if (!d->list)
            d->list = xcalloc(LIST_MAX, sizeof *d->list);
        d->list[d->nlist].s = xstrndup(s->list[i].s, s->list[i].len);
        d->list[d->nlist++].len = s->list[i].len;
    }
    switch (g->kind) {
    case AGG_MIN:
    case AGG_MAX:
        if (s->num_str.set)
            update_minmax(d, g->kind == AGG_MIN, &(sv){s->num_str.s, s->num_str.len});
        if (s->str.set)
            update_minmax(d, g->kind == AGG_MIN, &(sv){s->str.s, s->str.len});
        d->all_num = d->all_num && s->all_num;
        break;
    case AGG_FIRST:
        if (!d->str.set && s->str.set)
            sb_set(&d->str, s->str.s, s->str.len);
        break;
    case AGG_LAST:
        if (s->str.set)
            sb_set(&d->str, s->str.s, s->str.len);
        break;
    case AGG_EARLIEST:
    case AGG_LATEST:
    case AGG_EARLIEST_TIME:
    case AGG_LATEST_TIME:
        if (s->str.set)
            update_time(d, g, &(sv){s->str.s, s->str.len}, s->t, s->t_set);
        break;
    default:
        break;
    }
}

void spl_agg_merge(const spl_aggs *a, spl_agg_state *dst, const spl_agg_state *src)
{
    for (size_t i = 0; i < a->n; i++)
        merge_one(&a->v[i], &dst[i], &src[i]);
}

/* -------------------------------------------------------- the command */

void spl_agg_fields(const spl_aggs *a, const spl_by *by, projection *proj)
{
    for (size_t i = 0; i < a->n; i++) {
        if (a->v[i].field)
            projection_want(proj, a->v[i].field, strlen(a->v[i].field));
        if (a->v[i].expr)
            spl_expr_fields(a->v[i].expr, proj);
    }
    for (size_t i = 0; by && i < by->n; i++)
        projection_want(proj, by->names[i], strlen(by->names[i]));
    projection_want(proj, "_time", 5);   /* earliest/latest, and rows' time */
}

void spl_agg_free_groups(const spl_aggs *a, spl_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        spl_agg_states_free(a, g->v[i]->data);
    spl_group_free(g);
}

unsigned spl_agg_order(const spl_aggs *a)
{
    for (size_t i = 0; i < a->n; i++) {
        spl_agg_kind k = a->v[i].kind;
        if (k == AGG_FIRST || k == AGG_LAST || k == AGG_LIST)
            return SPL_ORDER_SENSITIVE;
    }
    return 0;
}

void spl_agg_free(spl_aggs *a)
{
    for (size_t i = 0; i < a->n; i++)
        spl_expr_free(a->v[i].expr);
    arena_free(&a->scratch);
}
