/* cmd_transaction.c - transaction: groups events sharing the values of a field
 * list into transactions. Events come newest first (as Splunk hands them), so a
 * transaction grows backwards in time: an endswith= event opens one, a
 * startswith= event closes it, and an event that would break maxspan=,
 * maxpause= or maxevents= closes the open one first. A transaction that has the
 * start and end its filters ask for is output: the members' fields merged
 * (distinct values, sorted; every value in order with mvlist=true), _raw joined
 * oldest first, _time of the oldest, duration and eventcount. Others are
 * evicted: left out unless keepevicted=true (closed_txn=0). Open transactions
 * are bounded by maxopentxn= and maxopenevents= (Splunk's 5000 and 100000): past
 * them the least recently extended is evicted, and the count is reported. Events
 * lacking a listed field belong to no transaction (keeporphans=true passes them
 * with _txn_orphan=1). */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "expr.h"
#include "search_expr.h"
#include "spl_binspan.h"
#include "spl_group.h"

enum {
    MAXOPENTXN_DEFAULT = 5000,       /* limits.conf [transactions] maxopentxn */
    MAXOPENEVENTS_DEFAULT = 100000,  /* limits.conf [transactions] maxopenevents */
    MAXEVENTS_DEFAULT = 1000,        /* maxevents= */
};

/* startswith= / endswith=: a search expression or an eval expression. */
typedef struct txn_filter {
    search_node *search;
    spl_expr *eval;
} txn_filter;

/* An open transaction. */
typedef struct txn {
    char *key;               /* the field values (malloc'd) */
    size_t keylen;
    uint64_t hash;
    struct txn *hnext;       /* next in its hash bucket */
    struct txn *older, *newer; /* the LRU list: least recently extended first */
    char *pack;              /* members packed in arrival order (malloc'd) */
    size_t len, cap;
    size_t *offs;            /* where each member starts in pack (malloc'd) */
    size_t n, offs_cap;
    bool has_time;
    double newest, oldest;   /* _time of the first and the latest member seen */
    bool has_start, has_end; /* a startswith / endswith member is in */
} txn;

typedef struct transaction_state {
    spl_by fields;           /* the field list */
    double maxspan, maxpause;/* seconds, < 0: none */
    long maxevents;          /* < 0: none */
    size_t maxopentxn, maxopenevents;
    bool keepevicted, keeporphans, mvlist;
    txn_filter start, end;
    txn **buckets;           /* hash index (malloc'd) */
    size_t nbuckets, ntxn, open_events;
    txn *lru_old, *lru_new;  /* LRU list ends */
    size_t evicted;          /* transactions evicted for memory (reported) */
    char *key;               /* scratch key */
    size_t key_cap;
    arena scratch;           /* eval filters */
    bool warned;             /* an eval filter failed (reported once) */
    record member;           /* a member being unpacked */
    record acc;              /* merged fields of the transaction being output */
    record out;
    char *raw;               /* the joined _raw (malloc'd) */
    size_t raw_cap;
} transaction_state;

static const char *const txn_opts[] = {
    "maxspan", "maxpause", "maxevents", "connected", "keepevicted", "keeporphans", "maxopentxn",
    "maxopenevents", "mvlist", NULL,
};

/* ------------------------------------------------------------- parse */

/* startswith=(search) | startswith="search" | startswith=eval(expr) | startswith=word */
static int parse_filter(spl_parser *ps, txn_filter *f)
{
    const spl_tok *key = spl_next(ps);
    spl_next(ps);   /* '=' */
    const spl_tok *v = spl_peek(ps);
    spl_parser sub;
    if (spl_tok_is(v, "eval") && (v + 1)->kind == TK_LPAREN) {
        spl_next(ps);
        f->eval = spl_parse_paren_expr(ps, ps->pos);
        return f->eval ? 0 : -1;
    }
    if (v->kind == TK_LPAREN) {
        size_t close = spl_matching_paren(ps, ps->pos);
        if (!close)
            return spl_fail_unclosed(ps, &ps->toks.v[ps->toks.n - 1], v->off);
        spl_sub_parser(ps, ps->pos + 1, close, &sub);
        ps->pos = close + 1;
    } else if (v->kind == TK_STRING) {
        if (spl_sub_string(ps, v, SPL_LEX_COMMAND, &sub) < 0)
            return -1;
        spl_next(ps);
        f->search = search_expr_parse(&sub);
        free(sub.toks.v);
        if (!f->search)
            spl_sub_relocate(ps, v);
        return f->search ? 0 : -1;
    } else if (v->kind == TK_WORD) {
        spl_sub_parser(ps, ps->pos, ps->pos + 1, &sub);
        spl_next(ps);
    } else {
        return spl_fail(ps, v->off, "a search in parentheses or quotes, or eval(...), expected "
                        "after '%s='", key->text);
    }
    f->search = search_expr_parse(&sub);
    free(sub.toks.v);
    return f->search ? 0 : -1;
}

/* maxspan=/maxpause=: a time (a bare number is seconds); negative: no limit. */
static int parse_duration(spl_parser *ps, const spl_tok *val, const char *key, double *out)
{
    double d;
    spl_binspan sp;
    const char *why;
    if (num_parse(val->text, val->len, &d) && d < 0) {
        *out = -1;
        return 0;
    }
    if (!spl_binspan_parse(val->text, val->len, &sp, &why))
        return spl_fail(ps, val->off, "invalid %s '%s' in 'transaction': %s", key, val->text, why);
    *out = spl_binspan_seconds(&sp);
    return 0;
}

static int parse_count(spl_parser *ps, const spl_tok *val, const char *key, double *out)
{
    if (!num_parse(val->text, val->len, out) || *out != floor(*out) || *out > 1e9)
        return spl_fail(ps, val->off, "whole number expected for '%s', got '%s'", key, val->text);
    return 0;
}

/* transaction -> {field | option} */
static int transaction_parse(spl_stage *st, spl_parser *ps)
{
    transaction_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    arena_init(&s->scratch, 1024);
    record_init(&s->member);
    record_init(&s->acc);
    record_init(&s->out);
    s->maxspan = s->maxpause = -1;
    s->maxevents = MAXEVENTS_DEFAULT;
    s->maxopentxn = MAXOPENTXN_DEFAULT;
    s->maxopenevents = MAXOPENEVENTS_DEFAULT;
    s->fields.names = arena_alloc(&ps->plan->mem, SPL_BY_MAX * sizeof *s->fields.names);
    while (!spl_at_end(ps)) {
        const spl_tok *t = spl_peek(ps), *val;
        if (t->kind == TK_WORD && (t + 1)->kind == TK_EQ &&
            (spl_tok_is(t, "startswith") || spl_tok_is(t, "endswith"))) {
            txn_filter *f = spl_tok_is(t, "startswith") ? &s->start : &s->end;
            if (f->search || f->eval)
                return spl_fail(ps, t->off, "'%s' given twice", t->text);
            if (parse_filter(ps, f) < 0)
                return -1;
            continue;
        }
        int k = spl_option(ps, txn_opts, &val);
        double d;
        bool b;
        if (k == 0 || k == 1) {
            if (parse_duration(ps, val, txn_opts[k], k == 0 ? &s->maxspan : &s->maxpause) < 0)
                return -1;
        } else if (k == 2) {
            if (parse_count(ps, val, txn_opts[k], &d) < 0)
                return -1;
            s->maxevents = d < 0 ? -1 : (long)d;
        } else if (k == 6 || k == 7) {
            if (parse_count(ps, val, txn_opts[k], &d) < 0)
                return -1;
            if (d < 1)
                return spl_fail(ps, val->off, "'%s' must be at least 1", txn_opts[k]);
            *(k == 6 ? &s->maxopentxn : &s->maxopenevents) = (size_t)d;
        } else if (k >= 3) {
            if (!spl_parse_bool(val, &b))
                return spl_fail(ps, val->off, "true or false expected for '%s'", txn_opts[k]);
            if (k == 4)
                s->keepevicted = b;
            else if (k == 5)
                s->keeporphans = b;
            else if (k == 8)
                s->mvlist = b;
            /* connected=: every member has every field here, so it changes nothing */
        } else if ((t->kind == TK_WORD || t->kind == TK_STRING) && (t + 1)->kind != TK_EQ) {
            if (s->fields.n == SPL_BY_MAX)
                return spl_fail(ps, t->off, "too many fields (at most %d)", SPL_BY_MAX);
            s->fields.names[s->fields.n++] = t->text;
            spl_next(ps);
        } else if (t->kind == TK_COMMA) {
            spl_next(ps);
        } else {
            return spl_fail_arg(ps, t);
        }
    }
    spl_columns_unknown(ps->plan);
    return 0;
}

/* ----------------------------------------------------- open transactions */

static bool filter_match(spl_stage *st, const txn_filter *f, const record *r)
{
    transaction_state *s = st->state;
    if (f->search)
        return search_expr_match(f->search, r);
    spl_value v;
    tr_error err;
    arena_reset(&s->scratch);
    if (spl_expr_eval(f->eval, r, &st->plan->env, &s->scratch, &v, &err) < 0) {
        if (!s->warned)
            tr_warn("transaction: %s (taken as false)", err.msg);
        s->warned = true;
        return false;
    }
    return spl_value_truthy(&v);
}

static void lru_unlink(transaction_state *s, txn *t)
{
    if (t->older)
        t->older->newer = t->newer;
    else
        s->lru_old = t->newer;
    if (t->newer)
        t->newer->older = t->older;
    else
        s->lru_new = t->older;
    t->older = t->newer = NULL;
}

static void lru_touch(transaction_state *s, txn *t)
{
    if (t->older || t->newer || s->lru_old == t)   /* in the list already */
        lru_unlink(s, t);
    t->older = s->lru_new;
    if (s->lru_new)
        s->lru_new->newer = t;
    else
        s->lru_old = t;
    s->lru_new = t;
}

static txn *find(transaction_state *s, const char *key, size_t len, uint64_t h)
{
    if (!s->nbuckets)
        return NULL;
    for (txn *t = s->buckets[h & (s->nbuckets - 1)]; t; t = t->hnext)
        if (t->hash == h && t->keylen == len && memcmp(t->key, key, len) == 0)
            return t;
    return NULL;
}

static void rehash(transaction_state *s, size_t nbuckets)
{
    txn **b = xcalloc(nbuckets, sizeof *b);
    for (size_t i = 0; i < s->nbuckets; i++) {
        for (txn *t = s->buckets[i], *next; t; t = next) {
            next = t->hnext;
            t->hnext = b[t->hash & (nbuckets - 1)];
            b[t->hash & (nbuckets - 1)] = t;
        }
    }
    free(s->buckets);
    s->buckets = b;
    s->nbuckets = nbuckets;
}

static txn *open_txn(transaction_state *s, const char *key, size_t len, uint64_t h)
{
    if (s->ntxn + 1 > s->nbuckets)
        rehash(s, s->nbuckets ? s->nbuckets * 2 : 64);
    txn *t = xcalloc(1, sizeof *t);
    t->key = xstrndup(key, len);
    t->keylen = len;
    t->hash = h;
    t->hnext = s->buckets[h & (s->nbuckets - 1)];
    s->buckets[h & (s->nbuckets - 1)] = t;
    s->ntxn++;
    lru_touch(s, t);
    return t;
}

static void add_member(transaction_state *s, txn *t, const record *r, double time, bool has_time)
{
    XGROW(t->offs, t->offs_cap, t->n + 1);
    t->offs[t->n++] = t->len;
    record_pack(r, &t->pack, &t->len, &t->cap);
    if (has_time) {
        if (!t->has_time || time > t->newest)
            t->newest = time;
        if (!t->has_time || time < t->oldest)
            t->oldest = time;
        t->has_time = true;
    }
    s->open_events++;
    lru_touch(s, t);
}

/* Removes t from the index and the LRU list and frees it. */
static void drop(transaction_state *s, txn *t)
{
    txn **p = &s->buckets[t->hash & (s->nbuckets - 1)];
    while (*p != t)
        p = &(*p)->hnext;
    *p = t->hnext;
    lru_unlink(s, t);
    s->ntxn--;
    s->open_events -= t->n;
    free(t->key);
    free(t->pack);
    free(t->offs);
    free(t);
}

/* ------------------------------------------------------------ output */

static int cmp_sv(const void *a, const void *b)
{
    const sv *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->s, y->s, n) : 0;
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The transaction as one event, members merged oldest first. */
static void emit(spl_stage *st, txn *t, bool closed)
{
    transaction_state *s = st->state;
    record_clear(&s->acc);
    record_clear(&s->out);
    size_t rawlen = 0;
    bool has_raw = false;
    for (size_t i = t->n; i-- > 0;) {
        size_t off = t->offs[i];
        record_unpack(&s->member, t->pack, &off);
        for (size_t k = 0; k < s->member.nfields; k++) {
            const field *f = &s->member.fields[k];
            if (strcmp(f->name, "_time") == 0) {
                /* The oldest member's _time, as it was written. */
                double d;
                if (!record_get(&s->out, "_time") && f->nvalues &&
                    num_parse(f->values[0].s, f->values[0].len, &d) && d == t->oldest)
                    record_set(&s->out, "_time", f->values[0].s, f->values[0].len);
                continue;
            }
            if (strcmp(f->name, "_raw") == 0) {
                for (uint32_t v = 0; v < f->nvalues; v++) {
                    XGROW(s->raw, s->raw_cap, rawlen + f->values[v].len + 2);
                    if (has_raw)
                        s->raw[rawlen++] = '\n';
                    memcpy(s->raw + rawlen, f->values[v].s, f->values[v].len);
                    rawlen += f->values[v].len;
                    has_raw = true;
                }
                continue;
            }
            for (uint32_t v = 0; v < f->nvalues; v++)
                record_addn(&s->acc, f->name, f->name_len, f->values[v].s, f->values[v].len);
        }
    }
    char buf[64];
    if (has_raw)
        record_set(&s->out, "_raw", s->raw, rawlen);
    for (size_t k = 0; k < s->acc.nfields; k++) {
        field *f = &s->acc.fields[k];
        size_t n = f->nvalues;
        if (!s->mvlist && n > 1) {
            qsort(f->values, n, sizeof *f->values, cmp_sv);
            size_t w = 1;
            for (size_t i = 1; i < n; i++)
                if (cmp_sv(&f->values[i], &f->values[w - 1]) != 0)
                    f->values[w++] = f->values[i];
            n = w;
        }
        record_set_mv(&s->out, f->name, f->values, n);
    }
    size_t n = num_format(t->has_time ? t->newest - t->oldest : 0, buf, sizeof buf);
    record_set(&s->out, "duration", buf, n);
    n = num_format((double)t->n, buf, sizeof buf);
    record_set(&s->out, "eventcount", buf, n);
    if (s->keepevicted)
        record_set(&s->out, "closed_txn", closed ? "1" : "0", 1);
    spl_stage_emit(st, &s->out);
}

/* Ends t: output when it has the start and end the filters ask for, else
 * evicted (output only with keepevicted=true); then freed. */
static void finish_txn(spl_stage *st, txn *t)
{
    transaction_state *s = st->state;
    bool complete = (!s->start.search && !s->start.eval) || t->has_start;
    complete = complete && ((!s->end.search && !s->end.eval) || t->has_end);
    if (complete || s->keepevicted)
        emit(st, t, complete);
    drop(s, t);
}

/* Memory limits: the least recently extended transactions leave first. */
static void enforce_limits(spl_stage *st)
{
    transaction_state *s = st->state;
    while (s->lru_old && (s->ntxn > s->maxopentxn || s->open_events > s->maxopenevents)) {
        txn *t = s->lru_old;
        s->evicted++;
        if (s->keepevicted)
            emit(st, t, false);
        drop(s, t);
    }
}

/* ------------------------------------------------------------ events */

/* The event's key; false when it lacks a listed field. */
static bool event_key(transaction_state *s, const record *r, size_t *len)
{
    size_t n = 0;
    XGROW(s->key, s->key_cap, 1);   /* no field list: every event has the empty key */
    for (size_t i = 0; i < s->fields.n; i++) {
        const field *f = record_get(r, s->fields.names[i]);
        if (!f || f->nvalues == 0)
            return false;
        for (uint32_t k = 0; k < f->nvalues; k++) {
            char pre[24];
            int pl = snprintf(pre, sizeof pre, "%zu:", f->values[k].len);
            XGROW(s->key, s->key_cap, n + (size_t)pl + f->values[k].len + 2);
            memcpy(s->key + n, pre, (size_t)pl);
            n += (size_t)pl;
            memcpy(s->key + n, f->values[k].s, f->values[k].len);
            n += f->values[k].len;
        }
        XGROW(s->key, s->key_cap, n + 1);
        s->key[n++] = '|';
    }
    *len = n;
    return true;
}

static void transaction_push(spl_stage *st, record *r)
{
    transaction_state *s = st->state;
    size_t len;
    if (!event_key(s, r, &len)) {
        if (s->keeporphans) {
            record_set(r, "_txn_orphan", "1", 1);
            spl_stage_emit(st, r);
        }
        return;
    }
    uint64_t h = spl_group_hash(SPL_GROUP_HASH_SEED, s->key, len);
    const sv *tv = record_value(r, "_time");
    double time = 0;
    bool has_time = tv && num_parse(tv->s, tv->len, &time) && isfinite(time);
    txn *t = find(s, s->key, len, h);
    /* Would this older event break the open transaction's limits? */
    if (t && ((s->maxevents >= 0 && (long)t->n >= s->maxevents) ||
              (has_time && t->has_time && s->maxspan >= 0 && t->newest - time >= s->maxspan) ||
              (has_time && t->has_time && s->maxpause >= 0 && t->oldest - time > s->maxpause))) {
        finish_txn(st, t);
        t = NULL;
    }
    bool has_end_filter = s->end.search || s->end.eval;
    if (has_end_filter && filter_match(st, &s->end, r)) {
        /* Newest first: an end event opens the transaction it ends. */
        if (t)
            finish_txn(st, t);
        t = open_txn(s, s->key, len, h);
        t->has_end = true;
    } else if (!t) {
        if (has_end_filter) {   /* after the last end: part of no transaction */
            if (s->keeporphans) {
                record_set(r, "_txn_orphan", "1", 1);
                spl_stage_emit(st, r);
            }
            return;
        }
        t = open_txn(s, s->key, len, h);
    }
    add_member(s, t, r, time, has_time);
    if ((s->start.search || s->start.eval) && filter_match(st, &s->start, r)) {
        t->has_start = true;
        finish_txn(st, t);
        return;
    }
    enforce_limits(st);
}

static int cmp_txn_time(const void *a, const void *b)
{
    const txn *x = *(txn *const *)a, *y = *(txn *const *)b;
    if (x->has_time != y->has_time)
        return x->has_time ? -1 : 1;
    return x->oldest > y->oldest ? -1 : x->oldest < y->oldest;
}

/* The transactions still open, newest first. */
static void transaction_finish(spl_stage *st)
{
    transaction_state *s = st->state;
    txn **open = xmalloc((s->ntxn ? s->ntxn : 1) * sizeof *open);
    size_t n = 0;
    for (txn *t = s->lru_old; t; t = t->newer)
        open[n++] = t;
    if (n > 1)
        qsort(open, n, sizeof *open, cmp_txn_time);
    for (size_t i = 0; i < n; i++)
        finish_txn(st, open[i]);
    free(open);
    if (s->evicted)
        tr_warn("transaction: %zu open transactions were evicted past maxopentxn=%zu or "
                "maxopenevents=%zu%s", s->evicted, s->maxopentxn, s->maxopenevents,
                s->keepevicted ? "" : " and left out (keepevicted=true keeps them)");
}

static void transaction_free(spl_stage *st)
{
    transaction_state *s = st->state;
    if (!s)
        return;
    while (s->lru_old)
        drop(s, s->lru_old);
    free(s->buckets);
    spl_expr_free(s->start.eval);
    spl_expr_free(s->end.eval);
    arena_free(&s->scratch);
    record_free(&s->member);
    record_free(&s->acc);
    record_free(&s->out);
    free(s->key);
    free(s->raw);
    free(s);
}

static bool filter_fields(const txn_filter *f, projection *proj)
{
    if (f->eval)
        spl_expr_fields(f->eval, proj);
    return !f->search || search_expr_fields(f->search, proj);
}

/* Members keep every field, so later stages ask for theirs. */
static int transaction_fields_read(const spl_stage *st, projection *proj)
{
    const transaction_state *s = st->state;
    for (size_t i = 0; i < s->fields.n; i++)
        projection_want(proj, s->fields.names[i], strlen(s->fields.names[i]));
    projection_want(proj, "_time", 5);
    if (!filter_fields(&s->start, proj) || !filter_fields(&s->end, proj))
        return SPL_READS_UNLISTED;
    return SPL_READS_PASS;
}

/* Transactions are built in the order events arrive (newest first). */
static unsigned transaction_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_SENSITIVE;
}

const spl_cmd spl_cmd_transaction = {
    .name = "transaction", .parse = transaction_parse, .push = transaction_push,
    .finish = transaction_finish, .free = transaction_free,
    .fields_read = transaction_fields_read, .order = transaction_order, .transforming = true,
};
