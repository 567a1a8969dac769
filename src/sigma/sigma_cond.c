/* sigma_cond.c - the condition of a Sigma detection (rules spec "Condition"): and, or,
 * not, parentheses, "1 of PATTERN", "all of PATTERN", "1 of them", "all of them",
 * parsed into a tree over the detection's search identifiers. Recursive descent
 * with a depth limit; precedence from least to most binding: or, and, not, x of,
 * parentheses. Anything else (the Sigma 1.0 aggregations after '|', "N of" with
 * N other than 1) is refused with a reason, never guessed at. */
#include "sigma_private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct cond_parser {
    const char *s;             /* the condition text */
    size_t pos;                /* next byte */
    const sigma_search *searches;
    size_t nsearches;
    arena *a;
    const char *why;           /* first error (in cond_msg) */
    int depth;
} cond_parser;

static bool is_word_char(char c)
{
    return c != '\0' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(' &&
           c != ')' && c != '|';
}

static void skip_space(cond_parser *p)
{
    while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
           p->s[p->pos] == '\r')
        p->pos++;
}

/* The next token without consuming it: a word, or one of ( ) |, or "" at the end. */
static size_t peek(cond_parser *p, const char **tok)
{
    skip_space(p);
    *tok = p->s + p->pos;
    char c = p->s[p->pos];
    if (c == '\0')
        return 0;
    if (c == '(' || c == ')' || c == '|')
        return 1;
    size_t n = 0;
    while (is_word_char(p->s[p->pos + n]))
        n++;
    return n;
}

static bool word_is(const char *tok, size_t n, const char *kw)
{
    return strlen(kw) == n && strncasecmp(tok, kw, n) == 0;
}

/* Error text outlives the detection's arena (the loader reports it after freeing). */
static char cond_msg[200];

static sigma_cond *fail(cond_parser *p, const char *fmt, const char *tok, size_t n)
{
    if (!p->why) {
        snprintf(cond_msg, sizeof cond_msg, fmt, (int)(n > 60 ? 60 : n), tok);
        p->why = cond_msg;
    }
    return NULL;
}

static sigma_cond *node(cond_parser *p, sigma_cond_op op, size_t nkids)
{
    sigma_cond *c = arena_alloc(p->a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->op = op;
    if (nkids) {
        c->kids = arena_alloc(p->a, nkids * sizeof *c->kids);
        c->nkids = 0;
    }
    return c;
}

/* Wildcard match of an identifier against a pattern whose only wildcard is '*'. */
static bool name_matches(const char *pat, size_t plen, const char *name)
{
    size_t nlen = strlen(name), pi = 0, ni = 0, star = (size_t)-1, mark = 0;
    while (ni < nlen) {
        if (pi < plen && pat[pi] == '*') {
            star = pi++;
            mark = ni;
        } else if (pi < plen && pat[pi] == name[ni]) {
            pi++;
            ni++;
        } else if (star != (size_t)-1) {
            pi = star + 1;
            ni = ++mark;
        } else {
            return false;
        }
    }
    while (pi < plen && pat[pi] == '*')
        pi++;
    return pi == plen;
}

/* of -> ('1' | 'all') 'of' (PATTERN | 'them') */
static sigma_cond *parse_of(cond_parser *p, bool all)
{
    const char *tok;
    size_t n = peek(p, &tok);
    if (!word_is(tok, n, "of"))
        return fail(p, "'of' expected in condition, got '%.*s'", tok, n);
    p->pos += n;
    n = peek(p, &tok);
    if (n == 0 || !is_word_char(*tok))
        return fail(p, "search identifier pattern expected after 'of', got '%.*s'", tok, n);
    p->pos += n;
    bool them = word_is(tok, n, "them");
    sigma_cond *c = node(p, all ? C_AND : C_OR, p->nsearches ? p->nsearches : 1);
    for (size_t i = 0; i < p->nsearches; i++) {
        const char *name = p->searches[i].name;
        if (them ? name[0] != '_' : name_matches(tok, n, name)) {
            sigma_cond *r = node(p, C_REF, 0);
            r->search = i;
            c->kids[c->nkids++] = r;
        }
    }
    if (c->nkids == 0)
        return fail(p, "'of %.*s' matches no search identifier", tok, n);
    return c;
}

static sigma_cond *parse_or(cond_parser *p);

/* unary -> 'not' unary | '(' or ')' | ('1'|'all') of | IDENTIFIER */
static sigma_cond *parse_unary(cond_parser *p)
{
    if (++p->depth > SIGMA_MAX_COND_DEPTH)
        return fail(p, "condition nested deeper than 64 levels%.*s", "", 0);
    const char *tok;
    size_t n = peek(p, &tok);
    sigma_cond *c = NULL;
    if (n == 0) {
        c = fail(p, "condition ends where a search identifier was expected%.*s", "", 0);
    } else if (*tok == '|') {
        c = fail(p, "aggregation in the condition ('%.*s ...', Sigma 1.0) is not supported: "
                    "use a correlation rule", tok, n);
    } else if (*tok == ')') {
        c = fail(p, "search identifier expected in condition, got '%.*s'", tok, n);
    } else if (*tok == '(') {
        size_t open = p->pos;
        p->pos++;
        c = parse_or(p);
        if (c) {
            n = peek(p, &tok);
            if (n == 1 && *tok == ')') {
                p->pos++;
            } else {
                char col[32];
                int len = snprintf(col, sizeof col, "column %zu", open + 1);
                c = fail(p, "')' expected in condition (to close '(' at %.*s)", col,
                         (size_t)len);
            }
        }
    } else if (word_is(tok, n, "not")) {
        p->pos += n;
        sigma_cond *k = parse_unary(p);
        if (k) {
            c = node(p, C_NOT, 1);
            c->kids[c->nkids++] = k;
        }
    } else if (word_is(tok, n, "1") || word_is(tok, n, "all")) {
        p->pos += n;
        c = parse_of(p, word_is(tok, n, "all"));
    } else if (word_is(tok, n, "and") || word_is(tok, n, "or")) {
        c = fail(p, "search identifier expected in condition, got '%.*s'", tok, n);
    } else {
        size_t save = p->pos;
        p->pos += n;
        const char *next;
        size_t m = peek(p, &next);
        if (word_is(next, m, "of")) {
            c = fail(p, "'%.*s of' is not Sigma (only '1 of' and 'all of')", tok, n);
        } else {
            for (size_t i = 0; i < p->nsearches; i++)
                if (strlen(p->searches[i].name) == n && memcmp(p->searches[i].name, tok, n) == 0) {
                    c = node(p, C_REF, 0);
                    c->search = i;
                    break;
                }
            if (!c) {
                p->pos = save;
                c = fail(p, "condition names '%.*s', which is no search identifier", tok, n);
            }
        }
    }
    p->depth--;
    return c;
}

/* Parses a chain of operands joined by the keyword (and: unary; or: and-chains). */
static sigma_cond *parse_chain(cond_parser *p, const char *kw, sigma_cond_op op,
                               sigma_cond *(*operand)(cond_parser *))
{
    sigma_cond *first = operand(p);
    if (!first)
        return NULL;
    sigma_cond *list[256];
    size_t n = 0;
    list[n++] = first;
    for (;;) {
        const char *tok;
        size_t len = peek(p, &tok);
        if (!word_is(tok, len, kw))
            break;
        p->pos += len;
        sigma_cond *k = operand(p);
        if (!k)
            return NULL;
        if (n == sizeof list / sizeof list[0])
            return fail(p, "more than 256 operands of one '%.*s'", kw, strlen(kw));
        list[n++] = k;
    }
    if (n == 1)
        return first;
    sigma_cond *c = node(p, op, n);
    memcpy(c->kids, list, n * sizeof *list);
    c->nkids = n;
    return c;
}

/* and -> unary { 'and' unary } */
static sigma_cond *parse_and(cond_parser *p)
{
    return parse_chain(p, "and", C_AND, parse_unary);
}

/* or -> and { 'or' and } */
static sigma_cond *parse_or(cond_parser *p)
{
    if (++p->depth > SIGMA_MAX_COND_DEPTH)
        return fail(p, "condition nested deeper than 64 levels%.*s", "", 0);
    sigma_cond *c = parse_chain(p, "or", C_OR, parse_and);
    p->depth--;
    return c;
}

sigma_cond *sigma_cond_parse(const char *text, const sigma_search *searches, size_t n,
                             arena *a, const char **why)
{
    if (strlen(text) > SIGMA_MAX_COND_LEN) {
        *why = "condition longer than 8192 bytes";
        return NULL;
    }
    cond_parser ps = { .s = text, .searches = searches, .nsearches = n, .a = a };
    cond_parser *p = &ps;
    sigma_cond *c = parse_or(p);
    if (c) {
        const char *tok;
        size_t len = peek(p, &tok);
        if (len) {
            if (*tok == '|')
                c = fail(p, "aggregation in the condition ('%.*s ...', Sigma 1.0) is not "
                            "supported: use a correlation rule", tok, len);
            else
                c = fail(p, "'and' or 'or' expected in condition, got '%.*s'", tok, len);
        }
    }
    if (!c)
        *why = p->why ? p->why : "bad condition";
    return c;
}
