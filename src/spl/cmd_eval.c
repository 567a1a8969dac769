/* cmd_eval.c - eval: name=expr assignments separated by commas, applied in order
 * so later ones see earlier results. Expressions come from expr.c; a run-time
 * error makes the field null (reported once), as Splunk leaves it empty. */
#include "spl_private.h"

#include <string.h>

#include "expr.h"

/* One assignment. */
typedef struct assign {
    const char *name;  /* target field (plan arena) */
    spl_expr *expr;
} assign;

/* State of an eval stage. */
typedef struct eval_state {
    assign *v;         /* plan arena */
    size_t n;
    arena scratch;     /* per-assignment evaluation memory */
    bool warned;       /* an evaluation error was reported once already */
} eval_state;

static void eval_free(spl_stage *st)
{
    eval_state *e = st->state;
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        spl_expr_free(e->v[i].expr);
    arena_free(&e->scratch);
}

/* eval -> name '=' expr { ',' name '=' expr } */
static int eval_parse(spl_stage *st, spl_parser *ps)
{
    eval_state *e = arena_alloc(&ps->plan->mem, sizeof *e);
    memset(e, 0, sizeof *e);
    arena_init(&e->scratch, 4096);
    st->state = e;
    size_t cap = 0;
    for (;;) {
        const spl_tok *name = spl_next(ps);
        if (name->kind == TK_EOF)
            return spl_fail(ps, name->off, "assignment expected in 'eval' (name=expression)");
        if (name->kind != TK_WORD && name->kind != TK_STRING && name->kind != TK_QNAME)
            return spl_fail_expected(ps, name, "field name");
        const spl_tok *eq = spl_next(ps);
        if (eq->kind != TK_EQ || eq->len != 1)
            return spl_fail(ps, eq->off, "'=' expected after the field name in 'eval'");
        spl_expr *x = spl_expr_parse_tokens(ps, true);
        if (!x)
            return -1;
        if (e->n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            assign *nv = arena_alloc(&ps->plan->mem, ncap * sizeof *nv);
            if (e->n)
                memcpy(nv, e->v, e->n * sizeof *nv);
            e->v = nv;
            cap = ncap;
        }
        e->v[e->n].name = spl_pstrdup(ps, name->text, name->len);
        e->v[e->n].expr = x;
        e->n++;
        spl_columns_add(ps->plan, e->v[e->n - 1].name);
        if (spl_at_end(ps))
            return 0;
        spl_next(ps);   /* the ',' the expression stopped at */
    }
}

static void eval_push(spl_stage *st, record *r)
{
    eval_state *e = st->state;
    for (size_t i = 0; i < e->n; i++) {
        spl_value v;
        tr_error err;
        arena_reset(&e->scratch);
        if (spl_expr_eval(e->v[i].expr, r, &st->plan->env, &e->scratch, &v, &err) < 0) {
            if (!e->warned)
                tr_warn("eval: %s (the field is left null)", err.msg);
            e->warned = true;
            memset(&v, 0, sizeof v);
            v.kind = SPL_NULL;
        }
        spl_value_store(r, e->v[i].name, &v);
    }
    spl_stage_emit(st, r);
}

const spl_cmd spl_cmd_eval = {
    .name = "eval", .lex = SPL_LEX_EXPR, .parse = eval_parse, .push = eval_push, .free = eval_free,
};
