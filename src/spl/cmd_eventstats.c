/* cmd_eventstats.c - eventstats: the aggregates of stats per by-group, written
 * into every event of the group instead of replacing the events. Events are held
 * (spl_hold.c: in memory, then a temporary file) until the end of input and then
 * released in the order they came, each with its group's results. Events lacking
 * a by-field join no group and pass unchanged; an event with a multivalue
 * by-field counts in each value's group and receives the results of the group of
 * its first values. */
#include "spl_private.h"

#include <string.h>

#include "../util/xmalloc.h"
#include "spl_agg.h"
#include "spl_group.h"
#include "spl_hold.h"

typedef struct eventstats_state {
    spl_aggs aggs;
    spl_by by;
    spl_groups groups;   /* data: spl_agg_state array */
    spl_hold hold;       /* the events until the end of input */
    record row;          /* an event being released */
} eventstats_state;

static const char *const eventstats_opts[] = {"allnum", NULL};

/* eventstats -> [allnum=false] aggs [BY field {[,] field}] */
static int eventstats_parse(spl_stage *st, spl_parser *ps)
{
    eventstats_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    record_init(&s->row);
    spl_hold_init(&s->hold, ps->plan, ps->cmd_name);
    const spl_tok *val;
    bool allnum;
    if (spl_option(ps, eventstats_opts, &val) == 0 && (!spl_parse_bool(val, &allnum) || allnum))
        return spl_fail(ps, val->off, "unsupported argument 'allnum=%s' to '%s'", val->text,
                        ps->cmd_name);
    if (spl_agg_parse(ps, &s->aggs) < 0 || spl_group_parse_by(ps, &s->by) < 0)
        return -1;
    spl_group_init(&s->groups, s->by.n);
    for (size_t i = 0; i < s->aggs.n; i++)
        spl_columns_add(ps->plan, s->aggs.v[i].out);
    return 0;
}

static void eventstats_push(spl_stage *st, record *r)
{
    eventstats_state *s = st->state;
    sv vals[SPL_BY_MAX];
    spl_group_iter it;
    if (spl_group_first(&it, r, &s->by, vals)) {
        spl_agg_extract(&s->aggs, r, &st->plan->env);
        do {
            bool created;
            spl_group *g = spl_group_get(&s->groups, vals, &created);
            if (created)
                g->data = spl_agg_states_new(&s->aggs);
            spl_agg_apply(&s->aggs, g->data);
        } while (spl_group_next(&it, vals));
    }
    spl_hold_add(&s->hold, r);
}

static void eventstats_finish(spl_stage *st)
{
    eventstats_state *s = st->state;
    sv vals[SPL_BY_MAX];
    spl_group_iter it;
    while (spl_hold_next(&s->hold, &s->row)) {
        if (spl_group_first(&it, &s->row, &s->by, vals)) {
            bool created;
            spl_group *g = spl_group_get(&s->groups, vals, &created);
            if (!created)
                spl_agg_results(&s->aggs, g->data, &s->row);
            else   /* cannot happen: every such event was counted */
                g->data = spl_agg_states_new(&s->aggs);
        }
        spl_stage_emit(st, &s->row);
    }
}

static void eventstats_free(spl_stage *st)
{
    eventstats_state *s = st->state;
    if (!s)
        return;
    spl_agg_free_groups(&s->aggs, &s->groups);
    spl_agg_free(&s->aggs);
    spl_hold_free(&s->hold);
    record_free(&s->row);
    free(s);
}

static int eventstats_fields_read(const spl_stage *st, projection *proj)
{
    const eventstats_state *s = st->state;
    spl_agg_fields(&s->aggs, &s->by, proj);
    return SPL_READS_PASS;
}

/* Events leave in the order they came; first(), last() and list() depend on it. */
static unsigned eventstats_order(const spl_stage *st)
{
    const eventstats_state *s = st->state;
    return spl_agg_order(&s->aggs);
}

const spl_cmd spl_cmd_eventstats = {
    .name = "eventstats", .parse = eventstats_parse, .push = eventstats_push,
    .finish = eventstats_finish, .free = eventstats_free, .fields_read = eventstats_fields_read,
    .order = eventstats_order, .transforming = true,
};
