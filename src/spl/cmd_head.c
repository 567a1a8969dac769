/* cmd_head.c - head (first N records, default 10; once satisfied before any
 * transforming command the whole plan stops asking for input) and dedup (keep the
 * first N records per combination of field values). */
#include "spl_private.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

typedef struct head_state {
    size_t limit;
    size_t seen;
} head_state;

static int parse_count(spl_parser *ps, const spl_tok *t, size_t *out)
{
    double d;
    if (!num_parse(t->text, t->len, &d) || !(d >= 0 && d <= 1e15) || d != (double)(long long)d)
        return spl_fail(ps, t->off, "whole number expected in '%s', got '%s'", ps->cmd_name,
                        t->text);
    *out = (size_t)d;
    return 0;
}

/* head -> [N | limit=N] */
static int head_parse(spl_stage *st, spl_parser *ps)
{
    head_state *h = arena_alloc(&ps->plan->mem, sizeof *h);
    memset(h, 0, sizeof *h);
    h->limit = 10;
    st->state = h;
    static const char *const opts[] = {"limit", NULL};
    const spl_tok *val;
    if (spl_option(ps, opts, &val) == 0) {
        if (parse_count(ps, val, &h->limit) < 0)
            return -1;
    } else if (spl_peek(ps)->kind == TK_WORD) {
        if (parse_count(ps, spl_peek(ps), &h->limit) < 0)
            return -1;
        spl_next(ps);
    }
    if (!spl_at_end(ps))
        return spl_fail_arg(ps, spl_peek(ps));
    st->done = h->limit == 0;
    return 0;
}

static void head_push(spl_stage *st, record *r)
{
    head_state *h = st->state;
    if (h->seen >= h->limit)
        return;
    h->seen++;
    if (h->seen >= h->limit) {
        st->done = true;
        /* Satisfied before anything that needs every event: stop reading. */
        if (st->index < st->plan->first_transforming)
            st->plan->done = true;
    }
    spl_stage_emit(st, r);
}

size_t spl_head_limit(const spl_stage *st)
{
    return st->cmd == &spl_cmd_head ? ((const head_state *)st->state)->limit : 0;
}

static unsigned order_sensitive(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_SENSITIVE;
}

/* head counts records; it reads no field. */
static int head_fields_read(const spl_stage *st, projection *proj)
{
    (void)st;
    (void)proj;
    return SPL_READS_PASS;
}

const spl_cmd spl_cmd_head = {
    .name = "head", .parse = head_parse, .push = head_push, .fields_read = head_fields_read,
    .order = order_sensitive,
};

/* State of dedup: seen keys with their counts. */
typedef struct dedup_state {
    const char **fields;  /* plan arena */
    size_t nfields;
    size_t keep;          /* records kept per key */
    bool keepempty;       /* records lacking a field pass through */
    struct slot {
        char *key;        /* malloc'd, NULL: empty */
        size_t len;
        uint64_t hash;
        size_t count;
    } *slots;
    size_t cap, n;
    char *buf;            /* key being built */
    size_t buf_cap;
} dedup_state;

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* dedup -> [N] field {[,] field} [keepempty=BOOL] */
static int dedup_parse(spl_stage *st, spl_parser *ps)
{
    dedup_state *d = xcalloc(1, sizeof *d);
    st->state = d;
    d->keep = 1;
    const spl_tok *t = spl_peek(ps);
    double num;
    if (t->kind == TK_WORD && num_parse(t->text, t->len, &num)) {
        if (parse_count(ps, t, &d->keep) < 0)
            return -1;
        if (d->keep == 0)
            return spl_fail(ps, t->off, "'dedup' count must be at least 1");
        spl_next(ps);
    }
    d->fields = arena_alloc(&ps->plan->mem, ps->toks.n * sizeof *d->fields);
    static const char *const opts[] = {"keepempty", NULL};
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        if (spl_option(ps, opts, &val) == 0) {
            if (!spl_parse_bool(val, &d->keepempty))
                return spl_fail(ps, val->off, "true or false expected for 'keepempty'");
            continue;
        }
        t = spl_peek(ps);
        if (t->kind == TK_COMMA && d->nfields) {
            spl_next(ps);
            continue;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING)
            return spl_fail_arg(ps, t);
        if (spl_tok_is(t, "sortby") || spl_tok_is(t, "consecutive") ||
            ps->toks.v[ps->pos + 1].kind == TK_EQ)
            return spl_fail_arg(ps, t);
        d->fields[d->nfields++] = t->text;
        spl_next(ps);
    }
    if (d->nfields == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    return 0;
}

static void key_add(dedup_state *d, size_t *n, const char *s, size_t len)
{
    XGROW(d->buf, d->buf_cap, *n + len + 1);
    memcpy(d->buf + *n, s, len);
    *n += len;
}

/* Counts one more record for the key; returns the count including it. */
static size_t bump(dedup_state *d, size_t len)
{
    if ((d->n + 1) * 2 > d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 64;
        struct slot *ns = xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < d->cap; i++) {
            if (!d->slots[i].key)
                continue;
            size_t j = d->slots[i].hash & (ncap - 1);
            while (ns[j].key)
                j = (j + 1) & (ncap - 1);
            ns[j] = d->slots[i];
        }
        free(d->slots);
        d->slots = ns;
        d->cap = ncap;
    }
    uint64_t h = fnv(d->buf, len);
    size_t j = h & (d->cap - 1);
    while (d->slots[j].key) {
        struct slot *s = &d->slots[j];
        if (s->hash == h && s->len == len && memcmp(s->key, d->buf, len) == 0)
            return ++s->count;
        j = (j + 1) & (d->cap - 1);
    }
    d->slots[j] = (struct slot){xstrndup(d->buf, len), len, h, 1};
    d->n++;
    return 1;
}

static void dedup_push(spl_stage *st, record *r)
{
    dedup_state *d = st->state;
    size_t n = 0;
    for (size_t i = 0; i < d->nfields; i++) {
        const field *f = record_get(r, d->fields[i]);
        if (!f || f->nvalues == 0) {
            if (d->keepempty)
                spl_stage_emit(st, r);
            return;
        }
        /* Length-prefixed values keep keys unambiguous. */
        for (uint32_t k = 0; k < f->nvalues; k++) {
            char len[24];
            int ln = snprintf(len, sizeof len, "%zu:", f->values[k].len);
            key_add(d, &n, len, (size_t)ln);
            key_add(d, &n, f->values[k].s, f->values[k].len);
        }
        key_add(d, &n, "|", 1);
    }
    if (bump(d, n) <= d->keep)
        spl_stage_emit(st, r);
}

static void dedup_free(spl_stage *st)
{
    dedup_state *d = st->state;
    if (!d)
        return;
    for (size_t i = 0; i < d->cap; i++)
        free(d->slots[i].key);
    free(d->slots);
    free(d->buf);
    free(d);
}

const spl_cmd spl_cmd_dedup = {
    .name = "dedup", .parse = dedup_parse, .push = dedup_push, .free = dedup_free,
    .order = order_sensitive,
};
