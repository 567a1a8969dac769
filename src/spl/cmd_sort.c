/* cmd_sort.c - sort: buffers records and emits them ordered by the keys at finish.
 * Keys are [+|-]field, num(f), str(f), auto(f), ip(f); a leading count or limit=
 * caps the output (Splunk's default cap is 10000; 0 means no cap). With a cap the
 * buffer is trimmed as it fills, so memory stays proportional to the cap. Ties keep
 * arrival order; missing values sort first ascending. */
#include "spl_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

enum { DEFAULT_LIMIT = 10000, MAX_KEYS = 64 };

typedef enum key_mode { KM_AUTO, KM_NUM, KM_STR, KM_IP } key_mode;

typedef struct sort_key {
    const char *field;
    key_mode mode;
    bool desc;
} sort_key;

/* A buffered record and its arrival number (for a stable order). */
typedef struct held {
    record rec;
    uint64_t seq;
} held;

typedef struct sort_state {
    sort_key keys[MAX_KEYS];
    size_t nkeys;
    size_t limit;        /* 0: unlimited */
    held **v;            /* malloc'd */
    size_t n, cap;
    uint64_t seq;
    held **spare;        /* records kept for reuse after trimming */
    size_t nspare, spare_cap;
} sort_state;

static int parse_limit(spl_parser *ps, const spl_tok *t, size_t *out)
{
    double d;
    if (!num_parse(t->text, t->len, &d) || !(d >= 0 && d <= 1e9) || d != (double)(long long)d)
        return spl_fail(ps, t->off, "'sort' limit must be a whole number, got '%s'", t->text);
    *out = (size_t)d;
    return 0;
}

/* sort -> [N] [limit=N] key {[,] key} [d|desc]
 * key  -> ['+'|'-'] (field | num '(' f ')' | str '(' f ')' | auto '(' f ')' | ip '(' f ')') */
static int sort_parse(spl_stage *st, spl_parser *ps)
{
    sort_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    s->limit = DEFAULT_LIMIT;
    const spl_tok *t = spl_peek(ps);
    double d;
    if (t->kind == TK_WORD && num_parse(t->text, t->len, &d)) {
        if (parse_limit(ps, t, &s->limit) < 0)
            return -1;
        spl_next(ps);
    }
    static const char *const opts[] = {"limit", NULL};
    const spl_tok *val;
    bool desc_all = false;
    while (!spl_at_end(ps)) {
        if (spl_option(ps, opts, &val) == 0) {
            if (parse_limit(ps, val, &s->limit) < 0)
                return -1;
            continue;
        }
        t = spl_peek(ps);
        if (t->kind == TK_COMMA && s->nkeys) {
            spl_next(ps);
            continue;
        }
        if ((spl_tok_is(t, "d") || spl_tok_is(t, "desc")) && s->nkeys &&
            ps->toks.v[ps->pos + 1].kind == TK_EOF) {
            desc_all = true;
            spl_next(ps);
            continue;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING)
            return spl_fail_expected(ps, t, "sort field");
        if (s->nkeys == MAX_KEYS)
            return spl_fail(ps, t->off, "too many sort keys (at most %d)", MAX_KEYS);
        sort_key *k = &s->keys[s->nkeys];
        const char *name = t->text;
        spl_next(ps);
        if (t->kind == TK_WORD && (name[0] == '+' || name[0] == '-')) {
            k->desc = name[0] == '-';
            name++;
            if (!*name) {
                t = spl_peek(ps);
                if (t->kind != TK_WORD && t->kind != TK_STRING)
                    return spl_fail_expected(ps, t, "sort field");
                name = t->text;
                spl_next(ps);
            }
        }
        if (spl_peek(ps)->kind == TK_LPAREN) {
            static const struct { const char *name; key_mode mode; } modes[] = {
                {"auto", KM_AUTO}, {"num", KM_NUM}, {"str", KM_STR}, {"ip", KM_IP},
            };
            size_t mi;
            for (mi = 0; mi < sizeof modes / sizeof modes[0]; mi++)
                if (strcasecmp(modes[mi].name, name) == 0)
                    break;
            if (mi == sizeof modes / sizeof modes[0])
                return spl_fail_arg(ps, t);
            k->mode = modes[mi].mode;
            spl_next(ps);
            name = spl_field_name(ps, "field name");
            if (!name)
                return -1;
            if (spl_peek(ps)->kind != TK_RPAREN)
                return spl_fail_expected(ps, spl_peek(ps), "')'");
            spl_next(ps);
        }
        k->field = name;
        s->nkeys++;
    }
    if (s->nkeys == 0)
        return spl_fail_expected(ps, spl_peek(ps), "sort field");
    if (desc_all)
        for (size_t i = 0; i < s->nkeys; i++)
            s->keys[i].desc = !s->keys[i].desc;
    return 0;
}

/* Dotted IPv4 as a number; -1 when not one. */
static double ip_value(const sv *v)
{
    unsigned a, b, c, d;
    char tail;
    if (sscanf(v->s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 || a > 255 || b > 255 ||
        c > 255 || d > 255)
        return -1;
    return ((a * 256.0 + b) * 256.0 + c) * 256.0 + d;
}

static int cmp_key(const sort_key *k, const record *x, const record *y)
{
    const sv *a = record_value(x, k->field), *b = record_value(y, k->field);
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    double da, db;
    switch (k->mode) {
    case KM_STR: {
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->s, b->s, n) : 0;
        return c ? (c < 0 ? -1 : 1) : (a->len > b->len) - (a->len < b->len);
    }
    case KM_NUM: {
        bool an = num_parse(a->s, a->len, &da), bn = num_parse(b->s, b->len, &db);
        if (an != bn)
            return an ? -1 : 1;
        if (an)
            return (da > db) - (da < db);
        return spl_compare(a->s, a->len, b->s, b->len);
    }
    case KM_IP:
        da = ip_value(a);
        db = ip_value(b);
        if (da >= 0 && db >= 0)
            return (da > db) - (da < db);
        return spl_compare(a->s, a->len, b->s, b->len);
    default:
        return spl_compare(a->s, a->len, b->s, b->len);
    }
}

static const sort_state *cmp_ctx;

static int cmp_held(const void *pa, const void *pb)
{
    const held *a = *(held *const *)pa, *b = *(held *const *)pb;
    for (size_t i = 0; i < cmp_ctx->nkeys; i++) {
        int c = cmp_key(&cmp_ctx->keys[i], &a->rec, &b->rec);
        if (c)
            return cmp_ctx->keys[i].desc ? -c : c;
    }
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void sort_all(sort_state *s)
{
    cmp_ctx = s;
    if (s->n > 1)
        qsort(s->v, s->n, sizeof *s->v, cmp_held);
}

static void sort_push(spl_stage *st, record *r)
{
    sort_state *s = st->state;
    held *h;
    if (s->nspare) {
        h = s->spare[--s->nspare];
    } else {
        h = xmalloc(sizeof *h);
        record_init(&h->rec);
    }
    record_copy(&h->rec, r);
    h->seq = s->seq++;
    XGROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = h;
    /* With a cap, trim to it whenever the buffer holds twice as many. */
    if (s->limit && s->n >= 2 * s->limit + 64) {
        sort_all(s);
        while (s->n > s->limit) {
            XGROW(s->spare, s->spare_cap, s->nspare + 1);
            s->spare[s->nspare++] = s->v[--s->n];
        }
    }
}

static void sort_finish(spl_stage *st)
{
    sort_state *s = st->state;
    sort_all(s);
    size_t n = s->limit && s->n > s->limit ? s->limit : s->n;
    for (size_t i = 0; i < n; i++)
        spl_stage_emit(st, &s->v[i]->rec);
}

static void sort_free(spl_stage *st)
{
    sort_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        record_free(&s->v[i]->rec);
        free(s->v[i]);
    }
    for (size_t i = 0; i < s->nspare; i++) {
        record_free(&s->spare[i]->rec);
        free(s->spare[i]);
    }
    free(s->v);
    free(s->spare);
    free(s);
}

/* Ties keep their input order, and a limit keeps the first rows of it. */
static unsigned sort_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_SENSITIVE | SPL_ORDER_RESETS;
}

const spl_cmd spl_cmd_sort = {
    .name = "sort", .parse = sort_parse, .push = sort_push, .finish = sort_finish,
    .free = sort_free, .order = sort_order, .transforming = true,
};
