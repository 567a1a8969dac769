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

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

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
    const char *s = ps->src;
    size_t i = ps->args_off, end = ps->args_end;
    eval_state *e = arena_alloc(&ps->plan->mem, sizeof *e);
    memset(e, 0, sizeof *e);
    arena_init(&e->scratch, 4096);
    st->state = e;
    size_t cap = 0;
    for (;;) {
        while (i < end && is_space(s[i]))
            i++;
        if (i >= end)
            return spl_fail(ps, i, "assignment expected in 'eval' (name=expression)");
        size_t name_off = i, name_start, name_end;
        if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];
            name_start = i;
            while (i < end && s[i] != q)
                i++;
            if (i >= end)
                return spl_fail(ps, name_off, "unterminated field name in 'eval'");
            name_end = i++;
        } else {
            name_start = i;
            while (i < end && !is_space(s[i]) && s[i] != '=' && s[i] != ',')
                i++;
            name_end = i;
        }
        while (i < end && is_space(s[i]))
            i++;
        if (name_end == name_start || i >= end || s[i] != '=' || (i + 1 < end && s[i + 1] == '='))
            return spl_fail(ps, name_end == name_start ? name_off : i,
                            "'=' expected after the field name in 'eval'");
        i++;
        size_t consumed = 0;
        spl_expr *x = spl_expr_parse(s + i, end - i, i + 1, true, &consumed, ps->err);
        if (!x) {
            spl_error_locate(ps->plan, ps->err->column > 0 ? (size_t)ps->err->column - 1 : 0,
                             ps->err);
            return -1;
        }
        if (e->n == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            assign *nv = arena_alloc(&ps->plan->mem, ncap * sizeof *nv);
            if (e->n)
                memcpy(nv, e->v, e->n * sizeof *nv);
            e->v = nv;
            cap = ncap;
        }
        e->v[e->n].name = spl_pstrdup(ps, s + name_start, name_end - name_start);
        e->v[e->n].expr = x;
        e->n++;
        spl_columns_add(ps->plan, e->v[e->n - 1].name);
        i += consumed;
        while (i < end && is_space(s[i]))
            i++;
        if (i >= end)
            return 0;
        if (s[i] != ',')
            return spl_fail(ps, i, "',' expected between 'eval' assignments");
        i++;
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
    .name = "eval", .parse = eval_parse, .push = eval_push, .free = eval_free,
};
