/* cmd_search.c - the filtering commands: search (the boolean search language of
 * search_expr.c) and where (an eval expression that must be truthy). Both are pure
 * filters, so the plan may test them on an event before copying it. */
#include "spl_private.h"

#include <string.h>

#include "expr.h"
#include "search_expr.h"

/* search -> search-expression */
static int search_parse(spl_stage *st, spl_parser *ps)
{
    st->state = search_expr_parse(ps);
    return st->state ? 0 : -1;
}

static bool search_test(spl_stage *st, const record *r)
{
    return search_expr_match(st->state, r);
}

static void search_push(spl_stage *st, record *r)
{
    if (search_expr_match(st->state, r))
        spl_stage_emit(st, r);
}

static int search_fields_read(const spl_stage *st, projection *proj)
{
    return search_expr_fields(st->state, proj) ? SPL_READS_PASS : SPL_READS_UNLISTED;
}

const spl_cmd spl_cmd_search = {
    .name = "search", .parse = search_parse, .push = search_push, .test = search_test,
    .fields_read = search_fields_read,
};

/* State of a where stage. */
typedef struct where_state {
    spl_expr *expr;    /* the condition */
    arena scratch;     /* per-record evaluation memory, reset each time */
    bool warned;       /* an evaluation error was reported once already */
} where_state;

/* where -> eval-expression */
static int where_parse(spl_stage *st, spl_parser *ps)
{
    if (spl_at_end(ps))
        return spl_fail(ps, spl_peek(ps)->off, "expression expected after 'where'");
    spl_expr *e = spl_expr_parse_tokens(ps, false);
    if (!e)
        return -1;
    where_state *w = arena_alloc(&ps->plan->mem, sizeof *w);
    memset(w, 0, sizeof *w);
    w->expr = e;
    arena_init(&w->scratch, 4096);
    st->state = w;
    return 0;
}

static bool where_test(spl_stage *st, const record *r)
{
    where_state *w = st->state;
    spl_value v;
    tr_error err;
    arena_reset(&w->scratch);
    if (spl_expr_eval(w->expr, r, &st->plan->env, &w->scratch, &v, &err) < 0) {
        if (!w->warned)
            tr_warn("where: %s (such events are dropped)", err.msg);
        w->warned = true;
        return false;
    }
    return spl_value_truthy(&v);
}

static void where_push(spl_stage *st, record *r)
{
    if (where_test(st, r))
        spl_stage_emit(st, r);
}

static void where_free(spl_stage *st)
{
    where_state *w = st->state;
    if (!w)
        return;
    spl_expr_free(w->expr);
    arena_free(&w->scratch);
}

const spl_cmd spl_cmd_where = {
    .name = "where", .lex = SPL_LEX_EXPR, .parse = where_parse, .push = where_push, .test = where_test,
    .free = where_free,
};
