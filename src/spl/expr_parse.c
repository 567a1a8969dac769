/* expr_parse.c - eval expressions from tokens to a tree: a recursive-descent parser
 * (depth-limited) over the expression-mode tokens of spl_lex.c, so quotes and
 * escapes mean what they mean in every other command. Keywords (AND OR XOR NOT
 * LIKE IN) are case-insensitive, as Splunk reads `where a=1 and b=2`; a keyword
 * followed by '(' is a function call when an eval function has that name
 * (`like(x, "a%")`, `in(x, "a", "b")`). */
#include "expr_private.h"
#include "spl_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

/* Parsing state: the tokens come from ps, from ps->pos on. */
typedef struct parser {
    spl_parser *ps;
    int depth;            /* recursion depth */
    bool failed;          /* an error was already recorded */
} parser;

static const spl_tok *cur(const parser *p)
{
    return &p->ps->toks.v[p->ps->pos];
}

static void next(parser *p)
{
    spl_next(p->ps);
}

static bool at_kw(const parser *p, const char *kw)
{
    return spl_tok_is(cur(p), kw);
}

/* A keyword followed by '(' naming an eval function is a call, not an operator. */
static bool kw_is_call(const parser *p)
{
    const spl_tok *t = cur(p), *n = t + 1;
    return t->kind == TK_WORD && n->kind == TK_LPAREN && expr_func_find(t->text, t->len);
}

/* Operator keywords cannot name a field. */
static bool is_operator_word(const spl_tok *t)
{
    static const char *const words[] = {"AND", "OR", "XOR", "NOT", "LIKE", "IN"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (spl_tok_is(t, words[i]))
            return true;
    return false;
}

static spl_expr *fail(parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static spl_expr *fail(parser *p, size_t off, const char *fmt, ...)
{
    if (p->failed)
        return NULL;
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    spl_fail(p->ps, off, "%s", msg);
    p->failed = true;
    return NULL;
}

static spl_expr *node_new(expr_node_kind kind, size_t off)
{
    spl_expr *e = xcalloc(1, sizeof *e);
    e->kind = kind;
    e->off = off;
    e->depth = 1;
    return e;
}

/* Adds child to e; fails when the tree would grow deeper than EXPR_MAX_DEPTH
 * (left-leaning chains such as 1+1+1... are built by loops, not recursion). On
 * failure child is freed with e. */
static int add_child(parser *p, spl_expr *e, spl_expr *child)
{
    size_t cap = e->nargs;
    XGROW(e->args, cap, e->nargs + 1);
    e->args[e->nargs++] = child;
    if (child->depth + 1 > e->depth)
        e->depth = child->depth + 1;
    if (e->depth > EXPR_MAX_DEPTH) {
        fail(p, e->off, "expression nested too deeply");
        return -1;
    }
    return 0;
}

static spl_expr *parse_or(parser *p);

static bool enter(parser *p)
{
    if (++p->depth > EXPR_MAX_DEPTH) {
        fail(p, cur(p)->off, "expression nested too deeply");
        return false;
    }
    return true;
}

static const char *tok_desc(const spl_tok *t, char *buf, size_t size)
{
    if (t->kind == TK_EOF)
        return "end of expression";
    snprintf(buf, size, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->text);
    return buf;
}

static spl_expr *unexpected(parser *p, const char *expected)
{
    char tb[64];
    return fail(p, cur(p)->off, "expected %s, found %s", expected, tok_desc(cur(p), tb, sizeof tb));
}

/* An unclosed '(' at open_off: the one wording every parser uses. */
static spl_expr *unclosed(parser *p, size_t open_off)
{
    if (!p->failed)
        spl_fail_unclosed(p->ps, cur(p), open_off);
    p->failed = true;
    return NULL;
}

/* args -> '(' [ or_expr { ',' or_expr } ] ')'   appended to e */
static int parse_args(parser *p, spl_expr *e)
{
    size_t open = cur(p)->off;
    next(p);
    if (cur(p)->kind != TK_RPAREN) {
        for (;;) {
            spl_expr *a = parse_or(p);
            if (!a || add_child(p, e, a) < 0)
                return -1;
            if (cur(p)->kind != TK_COMMA)
                break;
            next(p);
        }
    }
    if (cur(p)->kind != TK_RPAREN) {
        unclosed(p, open);
        return -1;
    }
    next(p);
    return 0;
}

/* call -> NAME args */
static spl_expr *parse_call(parser *p, const spl_tok *name)
{
    const expr_func *fn = expr_func_find(name->text, name->len);
    if (!fn)
        return fail(p, name->off, "unsupported SPL function '%.*s'",
                    (int)(name->len > 64 ? 64 : name->len), name->text);
    spl_expr *e = node_new(EN_CALL, name->off);
    e->fn = fn;
    if (parse_args(p, e) < 0) {
        spl_expr_free(e);
        return NULL;
    }
    const char *err = NULL;
    char msg[200];
    if (e->nargs < fn->min_args || e->nargs > fn->max_args) {
        const char *s = fn->min_args == 1 ? "" : "s";
        if (fn->min_args == fn->max_args)
            snprintf(msg, sizeof msg, "function '%s' takes %zu argument%s, got %zu", fn->name,
                     fn->min_args, s, e->nargs);
        else if (fn->max_args == (size_t)-1)
            snprintf(msg, sizeof msg, "function '%s' takes at least %zu argument%s, got %zu",
                     fn->name, fn->min_args, s, e->nargs);
        else
            snprintf(msg, sizeof msg, "function '%s' takes %zu to %zu arguments, got %zu",
                     fn->name, fn->min_args, fn->max_args, e->nargs);
        err = msg;
    } else if (strcmp(fn->name, "case") == 0 && e->nargs % 2) {
        err = "function 'case' takes condition/value pairs";
    }
    if (err) {
        fail(p, name->off, "%s", err);
        spl_expr_free(e);
        return NULL;
    }
    if (fn->regex_arg >= 0 && (size_t)fn->regex_arg < e->nargs &&
        e->args[fn->regex_arg]->kind == EN_STR) {
        const spl_expr *pat = e->args[fn->regex_arg];
        char rmsg[160];
        e->re = expr_regex_compile(pat->str, pat->len, rmsg, sizeof rmsg);
        if (!e->re) {
            fail(p, pat->off, "invalid regex in %s(): %s", fn->name, rmsg);
            spl_expr_free(e);
            return NULL;
        }
    }
    return e;
}

/* primary -> NUMBER | STRING | NAME | 'QNAME' | call | '(' or_expr ')' */
static spl_expr *parse_primary(parser *p)
{
    const spl_tok *t = cur(p);
    spl_expr *e;
    switch (t->kind) {
    case TK_NUMBER: {
        double v;
        if (!num_parse(t->text, t->len, &v))
            return unexpected(p, "a number");
        e = node_new(EN_NUM, t->off);
        e->num = v;
        next(p);
        return e;
    }
    case TK_STRING:
    case TK_QNAME:
        e = node_new(t->kind == TK_STRING ? EN_STR : EN_FIELD, t->off);
        e->str = xstrndup(t->text, t->len);
        e->len = t->len;
        next(p);
        return e;
    case TK_WORD:
        if ((t + 1)->kind == TK_LPAREN) {   /* Splunk allows "if (" too */
            next(p);
            return parse_call(p, t);
        }
        if (is_operator_word(t))
            return unexpected(p, "an expression");
        e = node_new(EN_FIELD, t->off);
        e->str = xstrndup(t->text, t->len);
        e->len = t->len;
        next(p);
        return e;
    case TK_LPAREN:
        next(p);
        e = parse_or(p);
        if (!e)
            return NULL;
        if (cur(p)->kind != TK_RPAREN) {
            spl_expr_free(e);
            return unclosed(p, t->off);
        }
        next(p);
        return e;
    case TK_BAD:
        if (t->text[0] == '|')
            return fail(p, t->off, "expected an expression, found '|'");
        return unexpected(p, "an expression");
    default:
        return unexpected(p, "an expression");
    }
}

/* unary -> '-' unary | '+' unary | primary */
static spl_expr *parse_unary(parser *p)
{
    const spl_tok *t = cur(p);
    if (t->kind != TK_MINUS && t->kind != TK_PLUS)
        return parse_primary(p);
    if (!enter(p))
        return NULL;
    next(p);
    spl_expr *a = parse_unary(p);
    p->depth--;
    if (!a || t->kind == TK_PLUS)
        return a;
    if (a->kind == EN_NUM) {   /* fold -5 into a literal */
        a->num = -a->num;
        a->off = t->off;
        return a;
    }
    spl_expr *e = node_new(EN_NEG, t->off);
    if (add_child(p, e, a) < 0) {
        spl_expr_free(e);
        return NULL;
    }
    return e;
}

/* The binary operator at the current token, for a level; false when none. */
enum { LEVEL_OR, LEVEL_AND, LEVEL_NOT, LEVEL_CMP, LEVEL_ADD, LEVEL_MUL, NLEVELS };

static bool binary_op(const parser *p, int level, expr_op *op)
{
    const spl_tok *t = cur(p);
    if (t->kind == TK_WORD) {   /* no call can stand where an operator is expected */
        static const struct { const char *kw; int level; expr_op op; } words[] = {
            {"OR", LEVEL_OR, OP_OR}, {"XOR", LEVEL_OR, OP_XOR}, {"AND", LEVEL_AND, OP_AND},
            {"LIKE", LEVEL_CMP, OP_LIKE},
        };
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            if (words[i].level == level && spl_tok_is(t, words[i].kw)) {
                *op = words[i].op;
                return true;
            }
        }
        return false;
    }
    static const struct { spl_tok_kind kind; int level; expr_op op; } syms[] = {
        {TK_EQ, LEVEL_CMP, OP_EQ}, {TK_NE, LEVEL_CMP, OP_NE}, {TK_LT, LEVEL_CMP, OP_LT},
        {TK_GT, LEVEL_CMP, OP_GT}, {TK_LE, LEVEL_CMP, OP_LE}, {TK_GE, LEVEL_CMP, OP_GE},
        {TK_PLUS, LEVEL_ADD, OP_ADD}, {TK_MINUS, LEVEL_ADD, OP_SUB}, {TK_DOT, LEVEL_ADD, OP_CAT},
        {TK_STAR, LEVEL_MUL, OP_MUL}, {TK_SLASH, LEVEL_MUL, OP_DIV},
        {TK_PERCENT, LEVEL_MUL, OP_MOD},
    };
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        if (syms[i].kind == t->kind && syms[i].level == level) {
            *op = syms[i].op;
            return true;
        }
    }
    return false;
}

static spl_expr *parse_level(parser *p, int level);

/* not_expr -> NOT not_expr | cmp_expr */
static spl_expr *parse_not(parser *p)
{
    if (!at_kw(p, "NOT") || kw_is_call(p))
        return parse_level(p, LEVEL_NOT + 1);
    size_t off = cur(p)->off;
    if (!enter(p))
        return NULL;
    next(p);
    spl_expr *a = parse_not(p);
    p->depth--;
    if (!a)
        return NULL;
    spl_expr *e = node_new(EN_NOT, off);
    if (add_child(p, e, a) < 0) {
        spl_expr_free(e);
        return NULL;
    }
    return e;
}

/* in_list -> IN args   (left IN (a, b) is in(left, a, b)) */
static spl_expr *parse_in(parser *p, spl_expr *left)
{
    spl_expr *e = node_new(EN_CALL, cur(p)->off);
    e->fn = expr_func_find("in", 2);
    next(p);
    if (add_child(p, e, left) < 0 || parse_args(p, e) < 0) {
        spl_expr_free(e);
        return NULL;
    }
    if (e->nargs < 2) {
        spl_expr_free(e);
        return fail(p, cur(p)->off, "IN needs at least one value");
    }
    return e;
}

/* or_expr  -> and_expr { (OR|XOR) and_expr }
 * and_expr -> not_expr { AND not_expr }
 * cmp_expr -> add_expr { (= == != < > <= >= LIKE) add_expr | IN args }
 * add_expr -> mul_expr { (+ - .) mul_expr }
 * mul_expr -> unary { (* / %) unary } */
static spl_expr *parse_level(parser *p, int level)
{
    if (level == NLEVELS)
        return parse_unary(p);
    if (level == LEVEL_NOT)
        return parse_not(p);
    spl_expr *left = parse_level(p, level + 1);
    expr_op op;
    while (left) {
        if (level == LEVEL_CMP && at_kw(p, "IN") && (cur(p) + 1)->kind == TK_LPAREN) {
            left = parse_in(p, left);
            continue;
        }
        if (!binary_op(p, level, &op))
            break;
        spl_expr *e = node_new(EN_BIN, cur(p)->off);
        e->op = op;
        next(p);
        if (add_child(p, e, left) < 0) {
            spl_expr_free(e);
            return NULL;
        }
        spl_expr *right = parse_level(p, level + 1);
        if (!right || add_child(p, e, right) < 0) {
            spl_expr_free(e);
            return NULL;
        }
        left = e;
    }
    return left;
}

static spl_expr *parse_or(parser *p)
{
    if (!enter(p))
        return NULL;
    spl_expr *e = parse_level(p, LEVEL_OR);
    p->depth--;
    return e;
}

spl_expr *spl_expr_parse_tokens(spl_parser *ps, bool stop_at_comma)
{
    parser p = {.ps = ps};
    spl_expr *e = parse_or(&p);
    if (!e)
        return NULL;
    const spl_tok *t = cur(&p);
    if (t->kind != TK_EOF && !(stop_at_comma && t->kind == TK_COMMA)) {
        char tb[64];
        spl_expr_free(e);
        return fail(&p, t->off, "unexpected %s after expression", tok_desc(t, tb, sizeof tb));
    }
    return e;
}

spl_expr *spl_expr_parse(const char *src, size_t len, bool stop_at_comma, size_t *consumed,
                         tr_error *err)
{
    arena a;
    arena_init(&a, 1024);
    spl_parser ps = {.src = src, .err = err, .cmd_name = "eval"};
    spl_expr *e = NULL;
    if (spl_lex(src, 0, len, SPL_LEX_EXPR, &a, &ps.toks, err) == 0) {
        e = spl_expr_parse_tokens(&ps, stop_at_comma);
        if (e && consumed)
            *consumed = spl_peek(&ps)->kind == TK_EOF ? len : spl_peek(&ps)->off;
    }
    free(ps.toks.v);
    arena_free(&a);
    return e;
}
