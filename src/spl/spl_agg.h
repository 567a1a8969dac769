/* spl_agg.h - the aggregate functions of the statistical commands (stats, eventstats,
 * streamstats, timechart, and tstats through stats): one parser for `func(field)`,
 * `func(eval(expr)) AS name`, `percN(field)`, ...; the values one event gives each
 * aggregate; the running state of the aggregates of one group; and their results
 * as fields. One implementation, so every command computes `avg` the same way.
 *
 * Ownership: a spl_aggs lives in its command's state (specs in the plan arena,
 * eval trees and scratch released by spl_agg_free). States are malloc'd by
 * spl_agg_states_new and released by spl_agg_states_free. */
#ifndef TRAWL_SPL_AGG_H
#define TRAWL_SPL_AGG_H

#include <stdbool.h>
#include <stddef.h>

#include "expr.h"
#include "spl_private.h"

typedef enum spl_agg_kind {
    AGG_COUNT, AGG_DC, AGG_ESTDC, AGG_MIN, AGG_MAX, AGG_RANGE, AGG_SUM, AGG_SUMSQ, AGG_AVG,
    AGG_STDEV, AGG_STDEVP, AGG_VAR, AGG_VARP, AGG_MEDIAN, AGG_MODE, AGG_PERC, AGG_VALUES,
    AGG_LIST, AGG_FIRST, AGG_LAST, AGG_EARLIEST, AGG_LATEST, AGG_EARLIEST_TIME, AGG_LATEST_TIME,
} spl_agg_kind;

/* One aggregate as written. */
typedef struct spl_agg {
    spl_agg_kind kind;
    const char *field;   /* input field (plan arena); NULL for plain count and eval */
    spl_expr *expr;      /* eval(...) argument, NULL otherwise */
    double pct;          /* AGG_PERC: the percentile, 0..100 */
    const char *out;     /* result field name (plan arena) */
} spl_agg;

/* The values one event gives an aggregate (valid until the next extract). */
typedef struct spl_agg_in {
    const sv *vals;
    size_t n;
} spl_agg_in;

/* The aggregates of one command. */
typedef struct spl_aggs {
    spl_agg *v;          /* plan arena */
    size_t n;
    spl_agg_in *in;      /* one per aggregate: the current event's values (plan arena) */
    double time;         /* the current event's _time */
    bool has_time;
    arena scratch;       /* eval results of the current event */
    bool warned;         /* an eval(...) error was reported once already */
} spl_aggs;

/* Running state of the aggregates of one group (opaque; one per aggregate). */
typedef struct spl_agg_state spl_agg_state;

/* aggs -> agg {[,] agg}, up to BY or the end of the arguments, where
 * agg -> FUNC ['(' (field | eval '(' expr ')') ')'] [AS name]. Sets ps->err, -1. */
int spl_agg_parse(spl_parser *ps, spl_aggs *a);
/* The result names, in order, appended to cols (plan arena, room for a->n). */
void spl_agg_columns(const spl_aggs *a, const char **cols);

/* Reads what event r gives each aggregate into a->in (evaluating eval(...)). */
void spl_agg_extract(spl_aggs *a, const record *r, const spl_env *env);
/* Adds the extracted values to one group's states. */
void spl_agg_apply(const spl_aggs *a, spl_agg_state *st);
/* Writes each aggregate's result into out as its named field; aggregates
 * without a value (avg of no number) leave the field as it is. */
void spl_agg_results(const spl_aggs *a, spl_agg_state *st, record *out);

/* Writes aggregate i's result into out under name (timechart's series columns). */
void spl_agg_result(const spl_aggs *a, size_t i, spl_agg_state *st, record *out,
                    const char *name);
/* Folds src's states into dst's, as if dst had also seen src's events (after
 * them, for first/last/list). */
void spl_agg_merge(const spl_aggs *a, spl_agg_state *dst, const spl_agg_state *src);

/* The extracted values flattened (for windows that must replay them), appended
 * to buf; and read back into a->in (pointing into buf, valid while it is). */
void spl_agg_pack(const spl_aggs *a, char **buf, size_t *len, size_t *cap);
void spl_agg_unpack(spl_aggs *a, const char *buf, size_t *off);

spl_agg_state *spl_agg_states_new(const spl_aggs *a);
/* Back to the state of a group that has seen nothing, keeping memory. */
void spl_agg_states_reset(const spl_aggs *a, spl_agg_state *st);
void spl_agg_states_free(const spl_aggs *a, spl_agg_state *st);

/* Projection: the fields the aggregates read (and _time), and the by-fields. */
struct spl_by;
void spl_agg_fields(const spl_aggs *a, const struct spl_by *by, projection *proj);
/* Frees the groups of g whose data are spl_agg_state arrays, then g itself. */
struct spl_groups;
void spl_agg_free_groups(const spl_aggs *a, struct spl_groups *g);
/* SPL_ORDER_SENSITIVE when a result depends on arrival order (first, last, list). */
unsigned spl_agg_order(const spl_aggs *a);
void spl_agg_free(spl_aggs *a);

#endif
