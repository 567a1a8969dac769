/* expr.c - SPL eval expressions: lexer, recursive-descent parser into a tree of
 * spl_expr nodes, and evaluation of operators with Splunk's value rules (numbers
 * when both sides look numeric, null propagation, multivalue comparisons true when
 * any value matches). Functions live in expr_funcs.c. */
#include "expr_private.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

/* ---------------------------------------------------------------- lexer */

typedef enum tok_kind {
    T_END, T_NUM, T_STR, T_NAME, T_QNAME, T_LPAREN, T_RPAREN, T_COMMA, T_PIPE,
    T_OP,      /* binary operator in tok.op (also OR/XOR/AND/LIKE keywords) */
    T_NOT,     /* NOT keyword */
    T_BAD,     /* byte that starts no token */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    expr_op op;       /* T_OP */
    size_t start;     /* offset in src */
    size_t end;       /* offset after the token */
} tok;

typedef struct parser {
    const char *src;      /* expression text */
    size_t len;
    size_t col0;          /* column of src[0] */
    size_t pos;           /* lexer position */
    tok t;                /* current token */
    int depth;            /* recursion depth */
    tr_error *err;
    bool failed;          /* an error was already recorded */
} parser;

/* Keywords are uppercase only: Splunk reads lowercase `and` as a field name. */
static const struct {
    const char *word;
    tok_kind kind;
    expr_op op;
} keywords[] = {
    {"OR", T_OP, OP_OR}, {"XOR", T_OP, OP_XOR}, {"AND", T_OP, OP_AND},
    {"LIKE", T_OP, OP_LIKE}, {"NOT", T_NOT, OP_OR},
};

static bool name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == ':' || c >= 0x80;
}

static size_t colof(const parser *p, size_t off)
{
    return p->col0 + off;
}

static int perr(parser *p, size_t off, const char *what)
{
    if (!p->failed)
        tr_error_at(p->err, NULL, 0, (long)colof(p, off), "%s at column %zu", what, colof(p, off));
    p->failed = true;
    return -1;
}

/* Scans a quoted token closed by q, with backslash escapes; returns false when
 * the closing quote is missing. */
static bool scan_quoted(parser *p, char q)
{
    size_t i = p->pos + 1;
    while (i < p->len && p->src[i] != q) {
        if (p->src[i] == '\\' && i + 1 < p->len)
            i++;
        i++;
    }
    if (i >= p->len)
        return false;
    p->pos = i + 1;
    return true;
}

static void next(parser *p)
{
    const char *s = p->src;
    while (p->pos < p->len && isspace((unsigned char)s[p->pos]))
        p->pos++;
    tok *t = &p->t;
    t->start = p->pos;
    if (p->pos >= p->len) {
        t->kind = T_END;
        t->end = p->pos;
        return;
    }
    unsigned char c = (unsigned char)s[p->pos];
    unsigned char c1 = p->pos + 1 < p->len ? (unsigned char)s[p->pos + 1] : 0;
    t->kind = T_OP;
    size_t n = 1;
    switch (c) {
    case '(': t->kind = T_LPAREN; break;
    case ')': t->kind = T_RPAREN; break;
    case ',': t->kind = T_COMMA; break;
    case '|': t->kind = T_PIPE; break;
    case '+': t->op = OP_ADD; break;
    case '-': t->op = OP_SUB; break;
    case '*': t->op = OP_MUL; break;
    case '/': t->op = OP_DIV; break;
    case '%': t->op = OP_MOD; break;
    case '=': t->op = OP_EQ; n = c1 == '=' ? 2 : 1; break;
    case '<': t->op = c1 == '=' ? OP_LE : OP_LT; n = c1 == '=' ? 2 : 1; break;
    case '>': t->op = c1 == '=' ? OP_GE : OP_GT; n = c1 == '=' ? 2 : 1; break;
    case '!':
        if (c1 != '=') {
            t->kind = T_BAD;
            break;
        }
        t->op = OP_NE;
        n = 2;
        break;
    case '"':
    case '\'':
        t->kind = c == '"' ? T_STR : T_QNAME;
        if (!scan_quoted(p, (char)c)) {
            t->kind = T_BAD;
            break;
        }
        t->end = p->pos;
        return;
    case '.':
        if (!isdigit(c1)) {
            t->op = OP_CAT;
            break;
        }
        /* .5 is a number */
        __attribute__((fallthrough));
    default:
        if (isdigit(c) || c == '.') {
            size_t i = p->pos;
            while (i < p->len && isdigit((unsigned char)s[i]))
                i++;
            if (i < p->len && s[i] == '.')
                for (i++; i < p->len && isdigit((unsigned char)s[i]); i++)
                    ;
            if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
                size_t j = i + 1;
                if (j < p->len && (s[j] == '+' || s[j] == '-'))
                    j++;
                if (j < p->len && isdigit((unsigned char)s[j])) {
                    while (j < p->len && isdigit((unsigned char)s[j]))
                        j++;
                    i = j;
                }
            }
            t->kind = T_NUM;
            n = i - p->pos;
            break;
        }
        if (name_char(c)) {
            size_t i = p->pos;
            /* A '.' inside a name belongs to it (a.b); one not followed by a name
             * character is the concatenation operator (a."x"). */
            while (i < p->len && (name_char((unsigned char)s[i]) ||
                                  (s[i] == '.' && i + 1 < p->len &&
                                   name_char((unsigned char)s[i + 1]))))
                i++;
            n = i - p->pos;
            t->kind = T_NAME;
            for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
                if (strlen(keywords[k].word) == n && memcmp(keywords[k].word, s + p->pos, n) == 0) {
                    t->kind = keywords[k].kind;
                    t->op = keywords[k].op;
                }
            break;
        }
        t->kind = T_BAD;
        break;
    }
    p->pos += n;
    t->end = p->pos;
}

/* --------------------------------------------------------------- parser */

static spl_expr *node_new(expr_node_kind kind, size_t col)
{
    spl_expr *e = xcalloc(1, sizeof *e);
    e->kind = kind;
    e->col = col;
    e->depth = 1;
    return e;
}

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

/* Adds child to e; fails when the tree would grow deeper than EXPR_MAX_DEPTH
 * (left-leaning chains such as 1+1+1... are built by loops, not recursion). */
static int add_child(parser *p, spl_expr *e, spl_expr *child)
{
    size_t cap = e->nargs;
    XGROW(e->args, cap, e->nargs + 1);
    e->args[e->nargs++] = child;
    if (child->depth + 1 > e->depth)
        e->depth = child->depth + 1;
    if (e->depth > EXPR_MAX_DEPTH)
        return perr(p, e->col - p->col0, "expression nested too deeply");
    return 0;
}

/* Copies a quoted token's body, resolving backslash escapes (\" \\ and \' keep
 * the character; other backslashes stay, so regexes like "\d" survive). */
static char *unquote(const char *s, size_t len, size_t *outlen)
{
    char *out = xmalloc(len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '\''))
            i++;
        out[n++] = s[i];
    }
    out[n] = '\0';
    *outlen = n;
    return out;
}

static spl_expr *parse_or(parser *p);

static bool enter(parser *p)
{
    if (++p->depth > EXPR_MAX_DEPTH) {
        perr(p, p->t.start, "expression nested too deeply");
        return false;
    }
    return true;
}

static const char *tok_desc(parser *p, char *buf, size_t size)
{
    if (p->t.kind == T_END)
        return "end of expression";
    size_t n = p->t.end - p->t.start;
    if (n > 40)
        n = 40;
    snprintf(buf, size, "'%.*s'", (int)n, p->src + p->t.start);
    return buf;
}

static spl_expr *unexpected(parser *p, const char *expected)
{
    char tb[64], msg[160];
    if (p->t.kind == T_BAD && (p->src[p->t.start] == '"' || p->src[p->t.start] == '\''))
        snprintf(msg, sizeof msg, "unterminated %s",
                 p->src[p->t.start] == '"' ? "string" : "quoted field name");
    else
        snprintf(msg, sizeof msg, "expected %s, found %s", expected, tok_desc(p, tb, sizeof tb));
    perr(p, p->t.start, msg);
    return NULL;
}

/* call -> NAME '(' [ or_expr { ',' or_expr } ] ')' */
static spl_expr *parse_call(parser *p, size_t name_off, size_t name_len)
{
    char msg[200];
    const expr_func *fn = expr_func_find(p->src + name_off, name_len);
    if (!fn) {
        snprintf(msg, sizeof msg, "unsupported SPL function '%.*s'",
                 (int)(name_len > 64 ? 64 : name_len), p->src + name_off);
        perr(p, name_off, msg);
        return NULL;
    }
    spl_expr *e = node_new(EN_CALL, colof(p, name_off));
    e->fn = fn;
    size_t lparen = p->t.start;
    next(p);
    if (p->t.kind != T_RPAREN) {
        for (;;) {
            spl_expr *a = parse_or(p);
            if (!a || add_child(p, e, a) < 0) {
                if (a && !e->nargs)
                    spl_expr_free(a);
                spl_expr_free(e);
                return NULL;
            }
            if (p->t.kind != T_COMMA)
                break;
            next(p);
        }
    }
    if (p->t.kind != T_RPAREN) {
        spl_expr_free(e);
        if (p->t.kind == T_BAD)
            return unexpected(p, "')'");
        perr(p, lparen, "expected ')' to close '('");
        return NULL;
    }
    next(p);
    if (e->nargs < fn->min_args || e->nargs > fn->max_args) {
        if (fn->min_args == fn->max_args)
            snprintf(msg, sizeof msg, "function '%s' takes %zu argument%s, got %zu", fn->name,
                     fn->min_args, fn->min_args == 1 ? "" : "s", e->nargs);
        else if (fn->max_args == (size_t)-1)
            snprintf(msg, sizeof msg, "function '%s' takes at least %zu argument%s, got %zu",
                     fn->name, fn->min_args, fn->min_args == 1 ? "" : "s", e->nargs);
        else
            snprintf(msg, sizeof msg, "function '%s' takes %zu to %zu arguments, got %zu",
                     fn->name, fn->min_args, fn->max_args, e->nargs);
        perr(p, name_off, msg);
        spl_expr_free(e);
        return NULL;
    }
    /* The case()-style pairing is a parse-time fact too. */
    if (strcmp(fn->name, "case") == 0 && e->nargs % 2) {
        perr(p, name_off, "function 'case' takes condition/value pairs");
        spl_expr_free(e);
        return NULL;
    }
    if (fn->regex_arg >= 0 && (size_t)fn->regex_arg < e->nargs &&
        e->args[fn->regex_arg]->kind == EN_STR) {
        const spl_expr *pat = e->args[fn->regex_arg];
        char rmsg[160];
        e->re = expr_regex_compile(pat->str, pat->len, rmsg, sizeof rmsg);
        if (!e->re) {
            snprintf(msg, sizeof msg, "invalid regex in %s(): %s", fn->name, rmsg);
            perr(p, pat->col - p->col0, msg);
            spl_expr_free(e);
            return NULL;
        }
    }
    return e;
}

/* primary -> NUM | STR | NAME | 'QNAME' | call | '(' or_expr ')' */
static spl_expr *parse_primary(parser *p)
{
    tok t = p->t;
    const char *s = p->src;
    spl_expr *e;
    switch (t.kind) {
    case T_NUM: {
        double v;
        if (!num_parse(s + t.start, t.end - t.start, &v))
            return unexpected(p, "a number");
        e = node_new(EN_NUM, colof(p, t.start));
        e->num = v;
        next(p);
        return e;
    }
    case T_STR:
    case T_QNAME:
        e = node_new(t.kind == T_STR ? EN_STR : EN_FIELD, colof(p, t.start));
        e->str = unquote(s + t.start + 1, t.end - t.start - 2, &e->len);
        next(p);
        return e;
    case T_NAME:
        next(p);
        if (p->t.kind == T_LPAREN && p->t.start == t.end)
            return parse_call(p, t.start, t.end - t.start);
        if (p->t.kind == T_LPAREN)   /* Splunk allows "if (" too */
            return parse_call(p, t.start, t.end - t.start);
        e = node_new(EN_FIELD, colof(p, t.start));
        e->len = t.end - t.start;
        e->str = xstrndup(s + t.start, e->len);
        return e;
    case T_LPAREN: {
        next(p);
        e = parse_or(p);
        if (!e)
            return NULL;
        if (p->t.kind != T_RPAREN) {
            if (p->t.kind == T_BAD) {
                spl_expr_free(e);
                return unexpected(p, "')'");
            }
            perr(p, t.start, "expected ')' to close '('");
            spl_expr_free(e);
            return NULL;
        }
        next(p);
        return e;
    }
    default:
        return unexpected(p, "an expression");
    }
}

/* unary -> '-' unary | '+' unary | primary */
static spl_expr *parse_unary(parser *p)
{
    if (p->t.kind == T_OP && (p->t.op == OP_SUB || p->t.op == OP_ADD)) {
        bool neg = p->t.op == OP_SUB;
        size_t off = p->t.start;
        if (!enter(p))
            return NULL;
        next(p);
        spl_expr *a = parse_unary(p);
        p->depth--;
        if (!a || !neg)
            return a;
        if (a->kind == EN_NUM) {   /* fold -5 into a literal */
            a->num = -a->num;
            a->col = colof(p, off);
            return a;
        }
        spl_expr *e = node_new(EN_NEG, colof(p, off));
        if (add_child(p, e, a) < 0) {
            spl_expr_free(e);
            return NULL;
        }
        return e;
    }
    return parse_primary(p);
}

/* Binary levels, loosest first; each level's operand is the next level. */
static const struct {
    expr_op ops[4];
    size_t nops;
} levels[] = {
    {{OP_OR, OP_XOR}, 2},
    {{OP_AND}, 1},
    {{0}, 0},   /* NOT: handled by parse_not */
    {{OP_EQ, OP_NE, OP_LT, OP_GT}, 4},
    {{OP_ADD, OP_SUB, OP_CAT}, 3},
    {{OP_MUL, OP_DIV, OP_MOD}, 3},
};
#define LEVEL_NOT 2
#define LEVEL_CMP 3
#define NLEVELS (sizeof levels / sizeof levels[0])

static bool at_level(const parser *p, size_t level)
{
    if (p->t.kind != T_OP)
        return false;
    if (level == LEVEL_CMP)
        return p->t.op >= OP_EQ && p->t.op <= OP_LIKE;
    for (size_t i = 0; i < levels[level].nops; i++)
        if (levels[level].ops[i] == p->t.op)
            return true;
    return false;
}

static spl_expr *parse_level(parser *p, size_t level);

/* not_expr -> NOT not_expr | cmp_expr */
static spl_expr *parse_not(parser *p)
{
    if (p->t.kind != T_NOT)
        return parse_level(p, LEVEL_NOT + 1);
    size_t off = p->t.start;
    if (!enter(p))
        return NULL;
    next(p);
    spl_expr *a = parse_not(p);
    p->depth--;
    if (!a)
        return NULL;
    spl_expr *e = node_new(EN_NOT, colof(p, off));
    if (add_child(p, e, a) < 0) {
        spl_expr_free(e);
        return NULL;
    }
    return e;
}

/* or_expr  -> and_expr { (OR|XOR) and_expr }
 * and_expr -> not_expr { AND not_expr }
 * cmp_expr -> add_expr { (= == != < > <= >= LIKE) add_expr }
 * add_expr -> mul_expr { (+ - .) mul_expr }
 * mul_expr -> unary { (* / %) unary } */
static spl_expr *parse_level(parser *p, size_t level)
{
    if (level == NLEVELS)
        return parse_unary(p);
    if (level == LEVEL_NOT)
        return parse_not(p);
    spl_expr *left = parse_level(p, level + 1);
    while (left && at_level(p, level)) {
        spl_expr *e = node_new(EN_BIN, colof(p, p->t.start));
        e->op = p->t.op;
        next(p);
        spl_expr *right = parse_level(p, level + 1);
        if (add_child(p, e, left) < 0 || !right || add_child(p, e, right) < 0) {
            if (right && e->nargs < 2)
                spl_expr_free(right);
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
    spl_expr *e = parse_level(p, 0);
    p->depth--;
    return e;
}

spl_expr *spl_expr_parse(const char *src, size_t len, size_t col0, bool stop_at_comma,
                         size_t *consumed, tr_error *err)
{
    parser p = {.src = src, .len = len, .col0 = col0 ? col0 : 1, .err = err};
    next(&p);
    spl_expr *e = parse_or(&p);
    if (!e)
        return NULL;
    bool stop = p.t.kind == T_END || (stop_at_comma && p.t.kind == T_COMMA) ||
                (consumed && p.t.kind == T_PIPE);
    if (!stop) {
        char tb[64], msg[128];
        snprintf(msg, sizeof msg, "unexpected %s after expression", tok_desc(&p, tb, sizeof tb));
        perr(&p, p.t.start, msg);
        spl_expr_free(e);
        return NULL;
    }
    if (consumed)
        *consumed = p.t.kind == T_END ? len : p.t.start;
    return e;
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
    bool nx = expr_to_num(a, &x), ny = expr_to_num(b, &y);
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
