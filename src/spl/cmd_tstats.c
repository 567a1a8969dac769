/* cmd_tstats.c - tstats: a generating command that aggregates over a CIM data model
 * dataset. trawl has no accelerated summaries, so it maps every input event through
 * the data model table (datamodel.c), keeps those the dataset's constraints and the
 * `where` clause accept, and groups them with the stats command's own machinery (an
 * inner stats stage that emits as if it were this stage). */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/timefmt.h"
#include "../util/xmalloc.h"
#include "datamodel.h"
#include "search_expr.h"
#include "spl_trace.h"

/* State of a tstats stage. */
typedef struct tstats_state {
    const dm_dataset *ds;   /* the dataset of `from datamodel=` */
    search_node *where;     /* `where` clause, NULL when absent */
    spl_stage inner;        /* stats stage doing the grouping; same index as ours */
    const search_node *pre; /* the dataset's events as a search (the pushdown's) */
    const char **by;        /* by-field names (for fillnull_value), plan arena */
    size_t nby;
    const char *fillnull;   /* fillnull_value=, NULL: rows lacking a by-field are dropped */
    double span;            /* by ... span=: _time in buckets of this many seconds; 0: none */
    bool span_local;        /* days and weeks start at midnight in the run's time zone */
    record mapped;          /* the event as CIM fields (reused) */
} tstats_state;

/* Options tstats accepts before its aggregates; only fillnull_value changes results
 * (trawl always computes from raw events, so summariesonly and friends are moot). */
static const char *const tstats_opts[] = {
    "summariesonly", "allow_old_summaries", "fillnull_value", "prestats", "local",
    "append", "chunk_size", "include_reduced_buckets", NULL,
};

/* Longest span accepted: a year of seconds. */
#define TSTATS_MAX_SPAN (366.0 * 86400)

/* span=N[unit] of the by clause in seconds (s, m, h, d, w and their long forms, as
 * bin does); 0 when the text is not a time. *local: the unit is days or weeks. */
static double tstats_span(const char *text, bool *local)
{
    static const struct { const char *unit; double secs; bool local; } units[] = {
        {"", 1, false}, {"s", 1, false}, {"sec", 1, false}, {"secs", 1, false},
        {"second", 1, false}, {"seconds", 1, false}, {"m", 60, false}, {"min", 60, false},
        {"mins", 60, false}, {"minute", 60, false}, {"minutes", 60, false},
        {"h", 3600, false}, {"hr", 3600, false}, {"hrs", 3600, false}, {"hour", 3600, false},
        {"hours", 3600, false}, {"d", 86400, true}, {"day", 86400, true},
        {"days", 86400, true}, {"w", 604800, true}, {"week", 604800, true},
        {"weeks", 604800, true},
    };
    char *end;
    double n = strtod(text, &end);
    if (end == text || !(n > 0) || text[0] == '+' || text[0] == '-')
        return 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcasecmp(end, units[i].unit) == 0) {
            double secs = n * units[i].secs;
            *local = units[i].local;
            return secs <= TSTATS_MAX_SPAN ? secs : 0;
        }
    return 0;
}

/* "Endpoint.Processes, ..." for messages (static, built once). */
static const char *tstats_models(void)
{
    static char list[1024];
    if (!list[0]) {
        size_t n = 0;
        for (const char *const *m = datamodel_names(); *m; m++) {
            int w = snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *m);
            if (w < 0 || (size_t)w >= sizeof list - n)
                break;
            n += (size_t)w;
        }
    }
    return list;
}

/* Runs a sub-parser over toks[from, to) of ps (plus an EOF token). */
static void sub_parser(spl_parser *ps, size_t from, size_t to, spl_parser *sub)
{
    *sub = *ps;
    size_t n = to - from;
    spl_tok *v = xcalloc(n + 1, sizeof *v);
    if (n)
        memcpy(v, &ps->toks.v[from], n * sizeof *v);
    v[n].kind = TK_EOF;
    v[n].text = "";
    v[n].off = v[n].end = to < ps->toks.n ? ps->toks.v[to].off : ps->args_end;
    sub->toks.v = v;
    sub->toks.n = n + 1;
    sub->pos = 0;
}

/* tstats -> {option=value} aggs [FROM datamodel=M.O | FROM datamodel M.O]
 *           [WHERE search] [BY field {[,] field}] */
static int tstats_parse(spl_stage *st, spl_parser *ps)
{
    tstats_state *s = xcalloc(1, sizeof *s);
    record_init(&s->mapped);
    st->state = s;
    const spl_tok *val;
    int k;
    while ((k = spl_option(ps, tstats_opts, &val)) >= 0)
        if (strcmp(tstats_opts[k], "fillnull_value") == 0)
            s->fillnull = val->text;
    /* Locate FROM, WHERE, BY at parenthesis depth 0. */
    size_t agg_start = ps->pos, from_at = 0, where_at = 0, by_at = 0;
    int depth = 0;
    for (size_t i = ps->pos; i < ps->toks.n; i++) {
        const spl_tok *t = &ps->toks.v[i];
        if (t->kind == TK_LPAREN)
            depth++;
        else if (t->kind == TK_RPAREN)
            depth--;
        if (depth != 0 || t->kind != TK_WORD)
            continue;
        if (!from_at && !where_at && !by_at && spl_tok_is(t, "from"))
            from_at = i;
        else if (!where_at && !by_at && spl_tok_is(t, "where"))
            where_at = i;
        else if (!by_at && spl_tok_is(t, "by"))
            by_at = i;
    }
    size_t end = ps->toks.n - 1;   /* the EOF token */
    if (!from_at) {
        const spl_tok *t = &ps->toks.v[where_at ? where_at : by_at ? by_at : end];
        return spl_fail(ps, t->off, "'from datamodel=NAME' expected in 'tstats' (trawl "
                        "reads data models only)");
    }
    /* from datamodel=M.O  |  from datamodel M.O */
    size_t i = from_at + 1;
    const spl_tok *dm = &ps->toks.v[i];
    if (!spl_tok_is(dm, "datamodel"))
        return spl_fail_expected(ps, dm, "'datamodel=' after 'from'");
    i++;
    if (ps->toks.v[i].kind == TK_EQ)
        i++;
    const spl_tok *name = &ps->toks.v[i];
    if (name->kind != TK_WORD && name->kind != TK_STRING)
        return spl_fail_expected(ps, name, "data model name");
    s->ds = datamodel_find(name->text);
    if (!s->ds)
        return spl_fail(ps, name->off, "unsupported data model '%s' (trawl maps %s)",
                        name->text, tstats_models());
    s->pre = spl_datamodel_prefilter(ps, s->ds);
    i++;
    size_t clause_end = where_at ? where_at : by_at ? by_at : end;
    if (i != clause_end)
        return spl_fail_arg(ps, &ps->toks.v[i]);
    if (where_at) {
        spl_parser sub;
        sub_parser(ps, where_at + 1, by_at ? by_at : end, &sub);
        s->where = search_expr_parse(&sub);
        free(sub.toks.v);
        if (!s->where)
            return -1;
    }
    /* The inner stats sees the aggregates and the by clause without its span=. */
    size_t naggs = from_at - agg_start, nby = 0;
    spl_parser sub;
    sub_parser(ps, agg_start, from_at, &sub);
    spl_tok *v = xcalloc(naggs + (by_at ? end - by_at : 0) + 1, sizeof *v);
    memcpy(v, sub.toks.v, naggs * sizeof *v);
    for (size_t b = by_at; by_at && b < end; b++) {
        const spl_tok *t = &ps->toks.v[b];
        if (spl_tok_is(t, "span") && b + 2 < end + 1 && ps->toks.v[b + 1].kind == TK_EQ) {
            const spl_tok *sv_ = &ps->toks.v[b + 2];
            if ((sv_->kind != TK_WORD && sv_->kind != TK_STRING) ||
                !(s->span = tstats_span(sv_->text, &s->span_local))) {
                free(v);
                free(sub.toks.v);
                return spl_fail(ps, sv_->off, "span of 'tstats' must be a time such as 1h, "
                                "30m or 1d, got '%s'", sv_->text);
            }
            b += 2;
            continue;
        }
        v[naggs + nby++] = *t;
    }
    v[naggs + nby] = ps->toks.v[end];
    free(sub.toks.v);
    sub.toks.v = v;
    sub.toks.n = naggs + nby + 1;
    s->inner.cmd = &spl_cmd_stats;
    s->inner.plan = st->plan;
    s->inner.index = st->index;
    int rc = spl_cmd_stats.parse(&s->inner, &sub);
    free(v);
    if (rc < 0)
        return -1;
    if (nby) {
        s->by = arena_alloc(&ps->plan->mem, nby * sizeof *s->by);
        for (size_t b = by_at + 1; b < end; b++) {
            const spl_tok *t = &ps->toks.v[b];
            if (spl_tok_is(t, "span") && b + 2 < end + 1 && ps->toks.v[b + 1].kind == TK_EQ) {
                b += 2;
                continue;
            }
            if (t->kind == TK_WORD || t->kind == TK_STRING)
                s->by[s->nby++] = t->text;
        }
    }
    ps->pos = end;
    return 0;
}

/* _time down to the start of its span bucket; days and weeks start at midnight
 * in the run's time zone (weeks, like bin's, on the epoch's Thursday). */
static void tstats_bucket(const tstats_state *s, const spl_env *env, record *r)
{
    const sv *t = record_value(r, "_time");
    if (!t)
        return;
    char *end;
    double when = strtod(t->s, &end);
    if (end == t->s)
        return;
    double offset = 0;
    if (s->span_local && env->tz) {
        char z[16];
        size_t n = timefmt_format(when, "%z", env->tz, z, sizeof z);
        if (n == 5 && (z[0] == '+' || z[0] == '-')) {
            int hh = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[3] - '0') * 10 + (z[4] - '0');
            offset = (z[0] == '-' ? -1 : 1) * (hh * 3600.0 + mm * 60.0);
        }
    }
    double b = floor((when + offset) / s->span) * s->span - offset;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%.0f", b);
    if (n > 0 && (size_t)n < sizeof buf)
        record_set(r, "_time", buf, (size_t)n);
}

static void tstats_consume(spl_stage *st, const record *r)
{
    tstats_state *s = st->state;
    if (!datamodel_map(s->ds, r, &s->mapped))
        return;
    if (s->where && !search_expr_match(s->where, &s->mapped))
        return;
    if (s->span > 0)
        tstats_bucket(s, &st->plan->env, &s->mapped);
    if (st->plan->env.trace_files)
        spl_trace_copy(r, &s->mapped);
    if (s->fillnull)
        for (size_t i = 0; i < s->nby; i++)
            if (!record_get(&s->mapped, s->by[i]))
                record_set(&s->mapped, s->by[i], s->fillnull, strlen(s->fillnull));
    spl_cmd_stats.push(&s->inner, &s->mapped);
}

static void tstats_push(spl_stage *st, record *r)
{
    tstats_consume(st, r);
}

static void tstats_finish(spl_stage *st)
{
    tstats_state *s = st->state;
    spl_cmd_stats.finish(&s->inner);
}

static void tstats_free(spl_stage *st)
{
    tstats_state *s = st->state;
    if (!s)
        return;
    if (s->inner.state)
        spl_cmd_stats.free(&s->inner);
    record_free(&s->mapped);
    free(s);
}

const search_node *spl_datamodel_prefilter(spl_parser *ps, const dm_dataset *ds)
{
    char text[4096];
    size_t n = datamodel_search(ds, text, sizeof text);
    if (n == 0)
        return NULL;
    spl_parser sub = *ps;
    sub.src = spl_pstrdup(ps, text, n);
    sub.pos = 0;
    tr_error err;   /* the text is ours: an error would be a table bug, not the user's */
    sub.err = &err;
    if (spl_lex(sub.src, 0, n, SPL_LEX_COMMAND, &ps->plan->mem, &sub.toks, &err) < 0)
        return NULL;
    search_node *node = search_expr_parse(&sub);
    free(sub.toks.v);
    return node;
}

static const search_node *tstats_prefilter(const spl_stage *st)
{
    const tstats_state *s = st->state;
    return s->pre;
}

/* The events tstats reads are those of the dataset: only the fields its mapping
 * reads are built (and so computed by the add-on's rules). */
static int tstats_fields_read(const spl_stage *st, projection *proj)
{
    const tstats_state *s = st->state;
    datamodel_reads(s->ds, proj);
    return SPL_READS_END;
}

static unsigned tstats_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_RESETS;
}

const spl_cmd spl_cmd_tstats = {
    .name = "tstats", .parse = tstats_parse, .push = tstats_push, .consume = tstats_consume,
    .finish = tstats_finish,
    .free = tstats_free, .fields_read = tstats_fields_read, .prefilter = tstats_prefilter,
    .order = tstats_order,
    .transforming = true,
};
