/* cmd_stats.c - stats: the aggregates of spl_agg.c over groups keyed by the
 * by-fields (spl_group.c). At finish the groups are sorted by the by-fields
 * (numbers numerically, then strings) and emitted as rows whose columns are the
 * by-fields then the aggregates in the order written. Events lacking a by-field
 * are dropped; a multivalue by-field puts the event in each value's group. */
#include "spl_private.h"

#include <string.h>

#include "../util/xmalloc.h"
#include "spl_agg.h"
#include "spl_group.h"
#include "spl_trace.h"

typedef struct stats_state {
    spl_aggs aggs;
    spl_by by;
    spl_groups groups;   /* data: spl_agg_state array */
    record out;          /* row being emitted */
    spl_trace_files files;      /* with env.trace_files: the input files seen */
    spl_trace_group *traces;    /* each group's trace, by group seq */
    size_t ntraces, traces_cap;
} stats_state;

/* stats -> aggs [BY field {[,] field}] */
static int stats_parse(spl_stage *st, spl_parser *ps)
{
    stats_state *s = xcalloc(1, sizeof *s);
    record_init(&s->out);
    st->state = s;
    if (spl_agg_parse(ps, &s->aggs) < 0 || spl_group_parse_by(ps, &s->by) < 0)
        return -1;
    spl_group_init(&s->groups, s->by.n);
    const char **cols = arena_alloc(&ps->plan->mem, (s->by.n + s->aggs.n) * sizeof *cols);
    for (size_t i = 0; i < s->by.n; i++)
        cols[i] = s->by.names[i];
    spl_agg_columns(&s->aggs, cols + s->by.n);
    spl_columns_set(ps->plan, cols, s->by.n + s->aggs.n);
    return 0;
}

static spl_group *group_of(stats_state *s, const sv *vals)
{
    bool created;
    spl_group *g = spl_group_get(&s->groups, vals, &created);
    if (created)
        g->data = spl_agg_states_new(&s->aggs);
    return g;
}

/* The trace of group g, made when first needed. */
static spl_trace_group *group_trace(stats_state *s, const spl_group *g)
{
    if (g->seq >= s->ntraces) {
        XGROW(s->traces, s->traces_cap, g->seq + 1);
        memset(s->traces + s->ntraces, 0, (g->seq + 1 - s->ntraces) * sizeof *s->traces);
        s->ntraces = g->seq + 1;
    }
    return &s->traces[g->seq];
}

static void stats_consume(spl_stage *st, const record *r)
{
    stats_state *s = st->state;
    sv vals[SPL_BY_MAX];
    spl_group_iter it;
    if (!spl_group_first(&it, r, &s->by, vals))
        return;
    const spl_env *env = &st->plan->env;
    spl_agg_extract(&s->aggs, r, env);
    do {
        spl_group *g = group_of(s, vals);
        spl_agg_apply(&s->aggs, g->data);
        if (env->trace_files)
            spl_trace_group_add(&s->files, group_trace(s, g), r, env->trace_events);
    } while (spl_group_next(&it, vals));
}

static void stats_push(spl_stage *st, record *r)
{
    stats_consume(st, r);
}

static void stats_finish(spl_stage *st)
{
    stats_state *s = st->state;
    if (s->groups.n == 0 && s->by.n == 0)
        group_of(s, NULL);   /* stats without by gives one row even for no input */
    spl_group_sort(&s->groups);
    for (size_t gi = 0; gi < s->groups.n; gi++) {
        spl_group *g = s->groups.v[gi];
        record_clear(&s->out);
        for (size_t i = 0; i < s->by.n; i++)
            record_set(&s->out, s->by.names[i], g->by[i].s, g->by[i].len);
        spl_agg_results(&s->aggs, g->data, &s->out);
        if (g->seq < s->ntraces)
            spl_trace_group_results(&s->files, &s->traces[g->seq], &s->out,
                                    st->plan->env.trace_events);
        spl_stage_emit(st, &s->out);
    }
}

static void stats_free(spl_stage *st)
{
    stats_state *s = st->state;
    if (!s)
        return;
    spl_agg_free_groups(&s->aggs, &s->groups);
    spl_agg_free(&s->aggs);
    record_free(&s->out);
    for (size_t i = 0; i < s->ntraces; i++)
        spl_trace_group_free(&s->traces[i]);
    free(s->traces);
    spl_trace_files_free(&s->files);
    free(s);
}

static int stats_fields_read(const spl_stage *st, projection *proj)
{
    const stats_state *s = st->state;
    spl_agg_fields(&s->aggs, &s->by, proj);
    return SPL_READS_END;
}

/* Rows come out sorted by group; first(), last() and list() depend on input order. */
static unsigned stats_order(const spl_stage *st)
{
    const stats_state *s = st->state;
    return SPL_ORDER_RESETS | spl_agg_order(&s->aggs);
}

const spl_cmd spl_cmd_stats = {
    .name = "stats", .parse = stats_parse, .push = stats_push, .consume = stats_consume,
    .finish = stats_finish, .free = stats_free, .fields_read = stats_fields_read,
    .order = stats_order, .transforming = true,
};
