/* cmd_eval.c - eval: name=expr assignments separated by commas, applied in order
 * so later ones see earlier results. Expressions come from expr.c; a run-time
 * error makes the field null (reported once), as Splunk leaves it empty. The
 * assignments are also what foreach runs for each field (spl_eval_*). */
#include "spl_private.h"

#include <string.h>

#include "expr.h"

/* One assignment. */
typedef struct assign {
    const char *name;  /* target field (the arena given to spl_eval_parse) */
    spl_expr *expr;
} assign;

struct spl_evals {
    assign *v;         /* the arena given to spl_eval_parse */
    size_t n;
    arena scratch;     /* per-assignment evaluation memory */
    bool warned;       /* an evaluation error was reported once already */
};

void spl_eval_free(spl_evals *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++)
        spl_expr_free(e->v[i].expr);
    arena_free(&e->scratch);
}

/* assignments -> name '=' expr { ',' name '=' expr } */
spl_evals *spl_eval_parse(spl_parser *ps, arena *mem)
{
    spl_evals *e = arena_alloc(mem, sizeof *e);
    memset(e, 0, sizeof *e);
    arena_init(&e->scratch, 4096);
    size_t cap = 0;
    for (;;) {
        const spl_tok *name = spl_next(ps);
        if (name->kind == TK_EOF) {
            spl_fail(ps, name->off, "assignment expected in 'eval' (name=expression)");
            break;
        }
        if (name->kind != TK_WORD && name->kind != TK_STRING && name->kind != TK_QNAME) {
            spl_fail_expected(ps, name, "field name");
            break;
        }
        const spl_tok *eq = spl_next(ps);
        if (eq->kind != TK_EQ || eq->len != 1) {
            spl_fail(ps, eq->off, "'=' expected after the field name in 'eval'");
            break;
        }
        spl_expr *x = spl_expr_parse_tokens(ps, true);
        if (!x)
            break;
        ARENA_GROW(mem, e->v, e->n, cap);
        e->v[e->n].name = arena_strndup(mem, name->text, name->len);
        e->v[e->n].expr = x;
        e->n++;
        if (spl_at_end(ps))
            return e;
        spl_next(ps);   /* the ',' the expression stopped at */
    }
    spl_eval_free(e);
    return NULL;
}

size_t spl_eval_count(const spl_evals *e)
{
    return e->n;
}

const char *spl_eval_target(const spl_evals *e, size_t i)
{
    return e->v[i].name;
}

void spl_eval_run(spl_evals *e, record *r, const spl_env *env)
{
    for (size_t i = 0; i < e->n; i++) {
        spl_value v;
        tr_error err;
        arena_reset(&e->scratch);
        if (spl_expr_eval(e->v[i].expr, r, env, &e->scratch, &v, &err) < 0) {
            if (!e->warned)
                tr_warn("eval: %s (the field is left null)", err.msg);
            e->warned = true;
            memset(&v, 0, sizeof v);
            v.kind = SPL_NULL;
        }
        spl_value_store(r, e->v[i].name, &v);
    }
}

static int eval_parse(spl_stage *st, spl_parser *ps)
{
    spl_evals *e = spl_eval_parse(ps, &ps->plan->mem);
    st->state = e;
    if (!e)
        return -1;
    for (size_t i = 0; i < e->n; i++)
        spl_columns_add(ps->plan, e->v[i].name);
    return 0;
}

static void eval_push(spl_stage *st, record *r)
{
    spl_eval_run(st->state, r, &st->plan->env);
    spl_stage_emit(st, r);
}

static void eval_free(spl_stage *st)
{
    spl_eval_free(st->state);
}

const spl_cmd spl_cmd_eval = {
    .name = "eval", .lex = SPL_LEX_EXPR, .parse = eval_parse, .push = eval_push, .free = eval_free,
};
