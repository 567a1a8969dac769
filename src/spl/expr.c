/* expr.c - evaluating SPL eval expressions: the tree expr_parse.c builds, with
 * Splunk's value rules (numbers when both sides look numeric, null propagation,
 * multivalue comparisons true when any value matches). Functions live in
 * expr_funcs.c. */
#include "expr_private.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

void spl_expr_free(spl_expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nargs; i++)
        spl_expr_free(e->args[i]);
    free(e->args);
    free(e->str);
    if (e->re)
        pcre2_code_free(e->re);
    free(e);
}

void spl_expr_fields(const spl_expr *e, projection *proj)
{
    /* Recursion is bounded by the parser's EXPR_MAX_DEPTH. */
    if (e->kind == EN_FIELD)
        projection_want(proj, e->str, e->len);
    for (size_t i = 0; i < e->nargs; i++)
        spl_expr_fields(e->args[i], proj);
}

/* ------------------------------------------------------------- values */

void expr_set_null(spl_value *v)
{
    memset(v, 0, sizeof *v);
    v->kind = SPL_NULL;
}

void expr_set_num(spl_value *v, double d)
{
    expr_set_null(v);
    v->kind = SPL_NUM;
    v->num = d;
}

void expr_set_bool(spl_value *v, bool b)
{
    expr_set_null(v);
    v->kind = SPL_BOOL;
    v->num = b;
}

void expr_set_str(spl_value *v, const char *s, size_t len)
{
    expr_set_null(v);
    v->kind = SPL_STR;
    v->str.s = s;
    v->str.len = len;
}

size_t expr_nvalues(const spl_value *v)
{
    switch (v->kind) {
    case SPL_NULL: return 0;
    case SPL_MV: return v->nmv;
    default: return 1;
    }
}

void expr_value_at(const spl_value *v, size_t i, spl_value *out)
{
    if (v->kind == SPL_MV) {
        if (i < v->nmv)
            expr_set_str(out, v->mv[i].s, v->mv[i].len);
        else
            expr_set_null(out);
    } else {
        *out = *v;
    }
}

bool expr_to_num(const spl_value *v, double *d)
{
    switch (v->kind) {
    case SPL_NUM:
        *d = v->num;
        return true;
    case SPL_STR:
        return num_parse(v->str.s, v->str.len, d);
    case SPL_MV:
        return v->nmv >= 1 && num_parse(v->mv[0].s, v->mv[0].len, d);
    default:
        return false;
    }
}

bool expr_to_str(expr_ctx *ctx, const spl_value *v, sv *out)
{
    switch (v->kind) {
    case SPL_STR:
        *out = v->str;
        return true;
    case SPL_NUM: {
        char buf[64];
        size_t n = num_format(v->num, buf, sizeof buf);
        out->s = arena_strndup(ctx->scratch, buf, n);
        out->len = n;
        return true;
    }
    case SPL_BOOL:
        out->s = v->num ? "true" : "false";
        out->len = strlen(out->s);
        return true;
    case SPL_MV:
        if (!v->nmv)
            return false;
        *out = v->mv[0];
        return true;
    default:
        return false;
    }
}

bool expr_like(sv s, sv pat)
{
    /* Iterative wildcard match with one backtrack point: linear-ish, no recursion. */
    size_t i = 0, j = 0, star_j = (size_t)-1, star_i = 0;
    while (i < s.len) {
        if (j < pat.len && pat.s[j] == '%') {
            star_j = j++;
            star_i = i;
        } else if (j < pat.len && (pat.s[j] == '_' || pat.s[j] == s.s[i])) {
            i++;
            j++;
        } else if (star_j != (size_t)-1) {
            j = star_j + 1;
            i = ++star_i;
        } else {
            return false;
        }
    }
    while (j < pat.len && pat.s[j] == '%')
        j++;
    return j == pat.len;
}

/* --------------------------------------------------------- evaluation */

static int cmp_scalar(expr_ctx *ctx, const spl_value *a, const spl_value *b, expr_op op)
{
    double x, y;
    int c;
    if (op == OP_LIKE) {
        sv s, pat;
        if (!expr_to_str(ctx, a, &s) || !expr_to_str(ctx, b, &pat))
            return 0;
        return expr_like(s, pat);
    }
    if (expr_to_num(a, &x) && expr_to_num(b, &y)) {
        c = x < y ? -1 : x > y ? 1 : 0;
        if (isnan(x) || isnan(y))
            return op == OP_NE;
    } else if (a->kind == SPL_BOOL && b->kind == SPL_BOOL) {
        c = (a->num != 0) - (b->num != 0);
    } else {
        sv s, t;
        if (!expr_to_str(ctx, a, &s) || !expr_to_str(ctx, b, &t))
            return 0;
        size_t n = s.len < t.len ? s.len : t.len;
        c = n ? memcmp(s.s, t.s, n) : 0;
        if (c == 0)
            c = s.len < t.len ? -1 : s.len > t.len ? 1 : 0;
    }
    switch (op) {
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_GT: return c > 0;
    case OP_LE: return c <= 0;
    case OP_GE: return c >= 0;
    default: return 0;
    }
}

bool expr_equal(expr_ctx *ctx, const spl_value *a, const spl_value *b)
{
    return cmp_scalar(ctx, a, b, OP_EQ);
}

/* Comparisons with null are null (so where drops them, as Splunk does); with a
 * multivalue side, true when any pair of values compares true. */
static void compare(expr_ctx *ctx, const spl_value *a, const spl_value *b, expr_op op,
                    spl_value *out)
{
    size_t na = expr_nvalues(a), nb = expr_nvalues(b);
    if (!na || !nb) {
        expr_set_null(out);
        return;
    }
    for (size_t i = 0; i < na; i++) {
        spl_value x;
        expr_value_at(a, i, &x);
        for (size_t j = 0; j < nb; j++) {
            spl_value y;
            expr_value_at(b, j, &y);
            if (cmp_scalar(ctx, &x, &y, op)) {
                expr_set_bool(out, true);
                return;
            }
        }
    }
    expr_set_bool(out, false);
}

/* Three-valued truth: 1 true, 0 false, -1 null. */
static int truth3(const spl_value *v)
{
    if (v->kind == SPL_NULL)
        return -1;
    return spl_value_truthy(v);
}

static void concat(expr_ctx *ctx, const sv *a, const sv *b, spl_value *out)
{
    char *buf = arena_alloc(ctx->scratch, a->len + b->len + 1);
    if (a->len)
        memcpy(buf, a->s, a->len);
    if (b->len)
        memcpy(buf + a->len, b->s, b->len);
    buf[a->len + b->len] = '\0';
    expr_set_str(out, buf, a->len + b->len);
    out->text = true;
}

static void arith(expr_ctx *ctx, const spl_value *a, const spl_value *b, expr_op op,
                  spl_value *out)
{
    double x, y;
    if (a->kind == SPL_NULL || b->kind == SPL_NULL) {
        expr_set_null(out);
        return;
    }
    if (op == OP_CAT) {
        sv s, t;
        if (expr_to_str(ctx, a, &s) && expr_to_str(ctx, b, &t))
            concat(ctx, &s, &t, out);
        else
            expr_set_null(out);
        return;
    }
    /* '+' reads a string-typed value as text; other operators take its number. */
    bool nx = expr_to_num(a, &x) && !(op == OP_ADD && a->kind == SPL_STR && a->text);
    bool ny = expr_to_num(b, &y) && !(op == OP_ADD && b->kind == SPL_STR && b->text);
    if (!nx || !ny) {
        /* + on two strings concatenates; any other mix of types is null. */
        sv s, t;
        if (op == OP_ADD && !nx && !ny && a->kind != SPL_BOOL && b->kind != SPL_BOOL &&
            expr_to_str(ctx, a, &s) && expr_to_str(ctx, b, &t))
            concat(ctx, &s, &t, out);
        else
            expr_set_null(out);
        return;
    }
    switch (op) {
    case OP_ADD: expr_set_num(out, x + y); break;
    case OP_SUB: expr_set_num(out, x - y); break;
    case OP_MUL: expr_set_num(out, x * y); break;
    case OP_DIV:
        if (y == 0)
            expr_set_null(out);
        else
            expr_set_num(out, x / y);
        break;
    case OP_MOD:
        if (y == 0)
            expr_set_null(out);
        else
            expr_set_num(out, fmod(x, y));
        break;
    default: expr_set_null(out); break;
    }
}

static void field_value(expr_ctx *ctx, const spl_expr *e, spl_value *out)
{
    const field *f = ctx->r ? record_getn(ctx->r, e->str, e->len) : NULL;
    if (!f || f->nvalues == 0)
        expr_set_null(out);
    else if (f->nvalues == 1)
        expr_set_str(out, f->values[0].s, f->values[0].len);
    else {
        expr_set_null(out);
        out->kind = SPL_MV;
        out->mv = f->values;
        out->nmv = f->nvalues;
    }
}

int expr_eval_node(expr_ctx *ctx, const spl_expr *e, spl_value *out)
{
    spl_value a, b;
    switch (e->kind) {
    case EN_NUM:
        expr_set_num(out, e->num);
        return 0;
    case EN_STR:
        expr_set_str(out, e->str, e->len);
        out->text = true;
        return 0;
    case EN_FIELD:
        field_value(ctx, e, out);
        return 0;
    case EN_CALL:
        return e->fn->fn(ctx, e, out);
    case EN_NOT: {
        if (expr_eval_node(ctx, e->args[0], &a) < 0)
            return -1;
        int t = truth3(&a);
        if (t < 0)
            expr_set_null(out);
        else
            expr_set_bool(out, !t);
        return 0;
    }
    case EN_NEG: {
        double x;
        if (expr_eval_node(ctx, e->args[0], &a) < 0)
            return -1;
        if (expr_to_num(&a, &x))
            expr_set_num(out, -x);
        else
            expr_set_null(out);
        return 0;
    }
    case EN_BIN:
        break;
    }
    if (expr_eval_node(ctx, e->args[0], &a) < 0)
        return -1;
    if (e->op == OP_AND || e->op == OP_OR) {
        int ta = truth3(&a);
        /* Short-circuit only when the answer is settled. */
        if (e->op == OP_AND && ta == 0) {
            expr_set_bool(out, false);
            return 0;
        }
        if (e->op == OP_OR && ta == 1) {
            expr_set_bool(out, true);
            return 0;
        }
        if (expr_eval_node(ctx, e->args[1], &b) < 0)
            return -1;
        int tb = truth3(&b);
        if (e->op == OP_AND) {
            if (tb == 0)
                expr_set_bool(out, false);
            else if (ta < 0 || tb < 0)
                expr_set_null(out);
            else
                expr_set_bool(out, true);
        } else {
            if (tb == 1)
                expr_set_bool(out, true);
            else if (ta < 0 || tb < 0)
                expr_set_null(out);
            else
                expr_set_bool(out, false);
        }
        return 0;
    }
    if (expr_eval_node(ctx, e->args[1], &b) < 0)
        return -1;
    if (e->op == OP_XOR) {
        int ta = truth3(&a), tb = truth3(&b);
        if (ta < 0 || tb < 0)
            expr_set_null(out);
        else
            expr_set_bool(out, ta != tb);
    } else if (e->op >= OP_EQ && e->op <= OP_LIKE) {
        compare(ctx, &a, &b, e->op, out);
    } else {
        arith(ctx, &a, &b, e->op, out);
    }
    return 0;
}

int spl_expr_eval(const spl_expr *e, const record *r, const spl_env *env, arena *scratch,
                  spl_value *out, tr_error *err)
{
    static const spl_env no_env = {0};
    expr_ctx ctx = {.r = r, .env = env ? env : &no_env, .scratch = scratch, .err = err};
    return expr_eval_node(&ctx, e, out);
}

bool spl_value_truthy(const spl_value *v)
{
    switch (v->kind) {
    case SPL_BOOL:
    case SPL_NUM:
        return v->num != 0 && !isnan(v->num);
    case SPL_STR:
        return v->str.len > 0;
    case SPL_MV:
        return v->nmv > 0;
    default:
        return false;
    }
}

void spl_value_store(record *r, const char *name, const spl_value *v)
{
    char buf[64];
    size_t n;
    switch (v->kind) {
    case SPL_NULL:
        record_remove(r, name);
        break;
    case SPL_NUM:
        n = num_format(v->num, buf, sizeof buf);
        record_set(r, name, buf, n);
        break;
    case SPL_BOOL:
        /* Splunk refuses to store booleans; callers that want that check kind. */
        record_set(r, name, v->num ? "true" : "false", v->num ? 4 : 5);
        break;
    case SPL_STR:
        record_set(r, name, v->str.s, v->str.len);
        break;
    case SPL_MV:
        record_set_mv(r, name, v->mv, v->nmv);
        break;
    }
}
