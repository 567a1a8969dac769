/* cmd_streamstats.c - streamstats: running aggregates written into each event as
 * it passes, per by-group (the group of an event's first by-values). Without a
 * window every earlier event of the group counts; window=N keeps the last N
 * events (one window for all groups unless global=false), time_window=SPAN the
 * events within SPAN of the current one (at most max_stream_window, 10000). A
 * window's statistics are recomputed from the values its events gave, kept
 * packed (spl_agg_pack), so an event costs O(window). current=false leaves the
 * event itself out; reset_on_change, reset_before and reset_after start over. */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "spl_agg.h"
#include "spl_binspan.h"
#include "spl_group.h"

enum { MAX_STREAM_WINDOW = 10000 };   /* limits.conf [stats] max_stream_window */

/* One event in a window: the values it gave, packed. */
typedef struct win_entry {
    spl_group *group;    /* the event's group */
    double time;         /* its _time (time_window) */
    size_t off, len;     /* its packed values in the window's bytes */
} win_entry;

/* The events of a window, oldest first (a ring of entries over a FIFO of bytes). */
typedef struct window {
    win_entry *v;        /* ring (malloc'd) */
    size_t head, n, cap;
    char *bytes;         /* packed values (malloc'd); live from bytes_head to bytes_len */
    size_t bytes_head, bytes_len, bytes_cap;
} window;

/* Per-group data. */
typedef struct sgroup {
    spl_agg_state *st;
    unsigned long epoch; /* reset generation the states belong to */
    window win;          /* global=false: the group's own window */
} sgroup;

typedef struct streamstats_state {
    spl_aggs aggs;
    spl_by by;
    spl_groups groups;   /* data: sgroup */
    bool current;        /* the event counts in its own statistics */
    size_t window;       /* window=, 0: none */
    bool global;         /* one window for all groups */
    bool has_time_window;
    spl_binspan time_window;
    bool reset_on_change;
    spl_expr *reset_before, *reset_after;
    arena scratch;       /* reset expressions */
    window win;          /* the global window */
    unsigned long epoch; /* bumped by each reset: groups reset when they next show up */
    char *prev;          /* by-values of the previous event (reset_on_change), malloc'd */
    size_t prev_len, prev_cap;
    bool has_prev;
    char *key;           /* scratch for building by-values */
    size_t key_cap;
    char *pending;       /* the current event's packed values before it joins a window */
    size_t pending_len, pending_cap;
    record out;          /* current=false: the results before the event counts */
    bool warned;         /* the time window met max_stream_window (reported once) */
    bool warned_eval;    /* a reset expression failed (reported once) */
} streamstats_state;

static const char *const streamstats_opts[] = {
    "current", "window", "global", "reset_on_change", "time_window", "allnum", NULL,
};

/* reset_before="(expr)" | reset_before=(expr) */
static int parse_reset(spl_parser *ps, spl_expr **out)
{
    const spl_tok *key = spl_next(ps);
    spl_next(ps);   /* '=' */
    const spl_tok *v = spl_peek(ps);
    if (v->kind == TK_LPAREN) {
        *out = spl_parse_paren_expr(ps, ps->pos);
        return *out ? 0 : -1;
    }
    if (v->kind != TK_STRING)
        return spl_fail(ps, v->off, "'(' or a quoted expression expected after '%s='",
                        key->text);
    spl_parser sub;
    if (spl_sub_string(ps, v, SPL_LEX_EXPR, &sub) < 0)
        return -1;
    *out = spl_expr_parse_tokens(&sub, false);
    free(sub.toks.v);
    spl_next(ps);
    if (!*out)
        spl_sub_relocate(ps, v);
    return *out ? 0 : -1;
}

/* streamstats -> {option} aggs [BY field {[,] field}] */
static int streamstats_parse(spl_stage *st, spl_parser *ps)
{
    streamstats_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    s->current = s->global = true;
    arena_init(&s->scratch, 1024);
    record_init(&s->out);
    for (;;) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_WORD && (t + 1)->kind == TK_EQ &&
            (spl_tok_is(t, "reset_before") || spl_tok_is(t, "reset_after"))) {
            spl_expr **slot = spl_tok_is(t, "reset_before") ? &s->reset_before : &s->reset_after;
            if (*slot)
                return spl_fail(ps, t->off, "'%s' given twice", t->text);
            if (parse_reset(ps, slot) < 0)
                return -1;
            continue;
        }
        const spl_tok *val, *key = t;
        int k = spl_option(ps, streamstats_opts, &val);
        if (k < 0)
            break;
        bool b = false;
        double d;
        const char *why;
        if (k == 1) {
            if (!num_parse(val->text, val->len, &d) || d < 0 || d != floor(d))
                return spl_fail(ps, val->off, "whole number expected for 'window', got '%s'",
                                val->text);
            if (d > MAX_STREAM_WINDOW)
                return spl_fail(ps, val->off, "window=%s is more than max_stream_window (%d)",
                                val->text, MAX_STREAM_WINDOW);
            s->window = (size_t)d;
        } else if (k == 4) {
            if (!spl_binspan_parse(val->text, val->len, &s->time_window, &why))
                return spl_fail(ps, val->off, "invalid time_window '%s': %s", val->text, why);
            if (!s->time_window.is_time)
                return spl_fail(ps, val->off, "invalid time_window '%s': expected a time such "
                                "as 5m", val->text);
            s->has_time_window = true;
        } else if (!spl_parse_bool(val, &b)) {
            return spl_fail(ps, val->off, "true or false expected for '%s'", streamstats_opts[k]);
        } else if (k == 0) {
            s->current = b;
        } else if (k == 2) {
            s->global = b;
        } else if (k == 3) {
            s->reset_on_change = b;
        } else if (b) {   /* allnum=true */
            return spl_fail(ps, key->off, "unsupported argument 'allnum=%s' to '%s'", val->text,
                            ps->cmd_name);
        }
    }
    if (spl_agg_parse(ps, &s->aggs) < 0 || spl_group_parse_by(ps, &s->by) < 0)
        return -1;
    spl_group_init(&s->groups, s->by.n);
    for (size_t i = 0; i < s->aggs.n; i++)
        spl_columns_add(ps->plan, s->aggs.v[i].out);
    return 0;
}

/* ----------------------------------------------------------- windows */

static win_entry *win_at(window *w, size_t i)
{
    return &w->v[(w->head + i) % w->cap];
}

static void win_pop(window *w)
{
    win_entry *e = win_at(w, 0);
    w->bytes_head = e->off + e->len;
    w->head = (w->head + 1) % w->cap;
    if (--w->n == 0)
        w->bytes_head = w->bytes_len = 0;
}

static void win_push(window *w, spl_group *g, double time, const char *bytes, size_t len)
{
    if (w->n == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 16;
        win_entry *nv = xmalloc(ncap * sizeof *nv);
        for (size_t i = 0; i < w->n; i++)
            nv[i] = *win_at(w, i);
        free(w->v);
        w->v = nv;
        w->head = 0;
        w->cap = ncap;
    }
    /* Live bytes move to the front when the free tail is short: amortized O(1). */
    if (w->bytes_len + len > w->bytes_cap && w->bytes_head > 0) {
        size_t live = w->bytes_len - w->bytes_head;
        memmove(w->bytes, w->bytes + w->bytes_head, live);
        for (size_t i = 0; i < w->n; i++)
            win_at(w, i)->off -= w->bytes_head;
        w->bytes_len = live;
        w->bytes_head = 0;
    }
    XGROW(w->bytes, w->bytes_cap, w->bytes_len + len);
    memcpy(w->bytes + w->bytes_len, bytes, len);
    *win_at(w, w->n) = (win_entry){g, time, w->bytes_len, len};
    w->n++;
    w->bytes_len += len;
}

static void win_clear(window *w)
{
    w->n = w->head = 0;
    w->bytes_head = w->bytes_len = 0;
}

static void win_free(window *w)
{
    free(w->v);
    free(w->bytes);
}

/* Drops what the window no longer holds before the current event (at time t)
 * joins it: events beyond the count, or too far away in time. */
static void win_trim(streamstats_state *s, window *w, double t, bool has_t)
{
    size_t limit = s->window ? s->window : MAX_STREAM_WINDOW;
    size_t keep = s->current ? limit - 1 : limit;
    while (w->n > keep) {
        if (!s->window && !s->warned) {
            tr_warn("streamstats: more than %d events fall in the time window "
                    "(max_stream_window): the oldest leave it early", MAX_STREAM_WINDOW);
            s->warned = true;
        }
        win_pop(w);
    }
    if (!s->has_time_window || !has_t)
        return;
    double span = spl_binspan_seconds(&s->time_window);
    while (w->n && fabs(win_at(w, 0)->time - t) >= span)
        win_pop(w);
}

/* The group's statistics over the events of w that belong to it. */
static void recompute(streamstats_state *s, window *w, spl_group *g)
{
    sgroup *sg = g->data;
    spl_agg_states_reset(&s->aggs, sg->st);
    for (size_t i = 0; i < w->n; i++) {
        win_entry *e = win_at(w, i);
        if (e->group != g)
            continue;
        size_t off = e->off;
        spl_agg_unpack(&s->aggs, w->bytes, &off);
        spl_agg_apply(&s->aggs, sg->st);
    }
}

/* -------------------------------------------------------------- events */

static sgroup *group_data(streamstats_state *s, spl_group *g)
{
    sgroup *sg = g->data;
    if (!sg) {
        sg = xcalloc(1, sizeof *sg);
        sg->st = spl_agg_states_new(&s->aggs);
        sg->epoch = s->epoch;
        g->data = sg;
    } else if (sg->epoch != s->epoch) {
        spl_agg_states_reset(&s->aggs, sg->st);
        win_clear(&sg->win);
        sg->epoch = s->epoch;
    }
    return sg;
}

static void reset_all(streamstats_state *s)
{
    s->epoch++;
    win_clear(&s->win);
}

static bool eval_reset(spl_stage *st, const spl_expr *e, const record *r)
{
    streamstats_state *s = st->state;
    spl_value v;
    tr_error err;
    arena_reset(&s->scratch);
    if (spl_expr_eval(e, r, &st->plan->env, &s->scratch, &v, &err) < 0) {
        if (!s->warned_eval)
            tr_warn("streamstats: %s (no reset)", err.msg);
        s->warned_eval = true;
        return false;
    }
    return spl_value_truthy(&v);
}

/* reset_on_change: true when the by-values differ from the previous event's. */
static bool changed(streamstats_state *s, const sv *vals)
{
    size_t n = 0;
    for (size_t i = 0; i < s->by.n; i++) {
        XGROW(s->key, s->key_cap, n + vals[i].len + 1);
        memcpy(s->key + n, vals[i].s, vals[i].len);
        n += vals[i].len;
        s->key[n++] = '\x1f';
    }
    bool diff = s->has_prev && (n != s->prev_len || memcmp(s->key, s->prev, n) != 0);
    XGROW(s->prev, s->prev_cap, n + 1);
    memcpy(s->prev, s->key, n);
    s->prev_len = n;
    s->has_prev = true;
    return diff;
}

static void streamstats_push(spl_stage *st, record *r)
{
    streamstats_state *s = st->state;
    if (s->reset_before && eval_reset(st, s->reset_before, r))
        reset_all(s);
    sv vals[SPL_BY_MAX];
    spl_group_iter it;
    if (spl_group_first(&it, r, &s->by, vals)) {
        if (s->reset_on_change && changed(s, vals))
            reset_all(s);
        bool created;
        spl_group *g = spl_group_get(&s->groups, vals, &created);
        sgroup *sg = group_data(s, g);
        spl_agg_extract(&s->aggs, r, &st->plan->env);
        if (!s->window && !s->has_time_window && s->current) {
            spl_agg_apply(&s->aggs, sg->st);
            spl_agg_results(&s->aggs, sg->st, r);
        } else if (!s->window && !s->has_time_window) {
            /* The results may replace a field the event's values come from: they
             * wait in out until the event has counted. */
            record_clear(&s->out);
            spl_agg_results(&s->aggs, sg->st, &s->out);
            spl_agg_apply(&s->aggs, sg->st);
            for (size_t i = 0; i < s->out.nfields; i++)
                record_set_mv(r, s->out.fields[i].name, s->out.fields[i].values,
                              s->out.fields[i].nvalues);
        } else {
            window *w = s->global ? &s->win : &sg->win;
            s->pending_len = 0;
            spl_agg_pack(&s->aggs, &s->pending, &s->pending_len, &s->pending_cap);
            double t = s->aggs.time;
            bool has_t = s->aggs.has_time;
            win_trim(s, w, t, has_t);
            if (s->current)
                win_push(w, g, t, s->pending, s->pending_len);
            recompute(s, w, g);
            spl_agg_results(&s->aggs, sg->st, r);
            if (!s->current)
                win_push(w, g, t, s->pending, s->pending_len);
        }
    }
    if (s->reset_after && eval_reset(st, s->reset_after, r))
        reset_all(s);
    spl_stage_emit(st, r);
}

static void streamstats_free(spl_stage *st)
{
    streamstats_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->groups.n; i++) {
        sgroup *sg = s->groups.v[i]->data;
        if (!sg)
            continue;
        spl_agg_states_free(&s->aggs, sg->st);
        win_free(&sg->win);
        free(sg);
    }
    spl_group_free(&s->groups);
    spl_agg_free(&s->aggs);
    spl_expr_free(s->reset_before);
    spl_expr_free(s->reset_after);
    arena_free(&s->scratch);
    win_free(&s->win);
    free(s->prev);
    free(s->key);
    free(s->pending);
    record_free(&s->out);
    free(s);
}

static int streamstats_fields_read(const spl_stage *st, projection *proj)
{
    const streamstats_state *s = st->state;
    spl_agg_fields(&s->aggs, &s->by, proj);
    if (s->reset_before)
        spl_expr_fields(s->reset_before, proj);
    if (s->reset_after)
        spl_expr_fields(s->reset_after, proj);
    return SPL_READS_PASS;
}

/* Running statistics depend on the order events come in. */
static unsigned streamstats_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_SENSITIVE;
}

const spl_cmd spl_cmd_streamstats = {
    .name = "streamstats", .parse = streamstats_parse, .push = streamstats_push,
    .free = streamstats_free, .fields_read = streamstats_fields_read,
    .order = streamstats_order,
};
