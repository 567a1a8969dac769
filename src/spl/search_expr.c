/* search_expr.c - parser and matcher for the search command's language.
 * Bare terms are matched as case-insensitive substrings of _raw (with * wildcards);
 * Splunk matches indexed tokens instead, so "err" here also finds "error". A
 * field=value test on a multivalue field holds when any value matches; field!=value
 * needs the field present with no matching value (Splunk), while NOT field=value
 * also holds when the field is missing. */
#include "search_expr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "eventtype.h"

typedef enum node_kind {
    SN_ALL,    /* matches every record */
    SN_AND,    /* every kid */
    SN_OR,     /* any kid */
    SN_NOT,    /* kids[0] false */
    SN_CMP,    /* field op value */
    SN_TERM,   /* value (a *term* pattern) against _raw */
} node_kind;

struct search_node {
    node_kind kind;
    spl_tok_kind op;     /* SN_CMP: TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE */
    const char *field;   /* SN_CMP field name (may hold * wildcards) */
    size_t field_len;
    bool field_wild;     /* field contains '*' */
    const char *value;   /* SN_CMP / SN_TERM pattern */
    size_t value_len;
    bool wild;           /* value contains '*' */
    bool is_num;         /* value parses as a number (num holds it) */
    double num;
    search_node **kids;  /* SN_AND / SN_OR / SN_NOT children */
    size_t nkids;
};

/* Parsing state: tokens come from ps; depth bounds recursion. */
typedef struct sp {
    spl_parser *ps;
    int depth;
} sp;

static search_node *new_node(spl_parser *ps, node_kind k)
{
    search_node *n = arena_alloc(&ps->plan->mem, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = k;
    return n;
}

/* Appends kid to a growing list kept in a malloc'd buffer, copied to the arena at the end. */
typedef struct kidlist {
    search_node **v;
    size_t n, cap;
} kidlist;

static void kids_add(kidlist *l, search_node *k)
{
    XGROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = k;
}

static search_node *kids_finish(spl_parser *ps, kidlist *l, node_kind k)
{
    if (l->n == 1) {
        search_node *only = l->v[0];
        free(l->v);
        return only;
    }
    search_node *n = new_node(ps, k);
    n->kids = arena_alloc(&ps->plan->mem, l->n * sizeof *n->kids);
    memcpy(n->kids, l->v, l->n * sizeof *n->kids);
    n->nkids = l->n;
    free(l->v);
    return n;
}

static bool is_kw(const spl_tok *t, const char *kw)
{
    /* Splunk's boolean operators are uppercase only: "or" is a term. */
    return t->kind == TK_WORD && strcmp(t->text, kw) == 0;
}

static bool is_cmp_op(spl_tok_kind k)
{
    return k == TK_EQ || k == TK_NE || k == TK_LT || k == TK_LE || k == TK_GT || k == TK_GE;
}

static search_node *parse_and(sp *p);

static search_node *cmp_node(spl_parser *ps, const spl_tok *f, spl_tok_kind op, const spl_tok *v)
{
    search_node *n = new_node(ps, SN_CMP);
    n->op = op;
    n->field = f->text;
    n->field_len = f->len;
    n->field_wild = memchr(f->text, '*', f->len) != NULL;
    n->value = v->text;
    n->value_len = v->len;
    n->wild = memchr(v->text, '*', v->len) != NULL;
    n->is_num = !n->wild && num_parse(v->text, v->len, &n->num);
    return n;
}

/* Warns once per process for each unknown eventtype name (the first few names). */
static void warn_unknown(const char *name)
{
    static char warned[16][64];
    static size_t nwarned;
    for (size_t i = 0; i < nwarned; i++)
        if (strncmp(warned[i], name, sizeof warned[i] - 1) == 0)
            return;
    if (nwarned < sizeof warned / sizeof warned[0])
        snprintf(warned[nwarned++], sizeof warned[0], "%s", name);
    else
        return;
    tr_warn("unknown eventtype '%s' matches nothing (built-in eventtypes only)", name);
}

/* eventtype=NAME (NAME may hold wildcards): the OR of the matching built-in
 * definitions, plus a plain test of an eventtype field the record may carry. */
static search_node *eventtype_node(sp *p, const spl_tok *f, const spl_tok *v)
{
    spl_parser *ps = p->ps;
    kidlist l = {0};
    kids_add(&l, cmp_node(ps, f, TK_EQ, v));
    bool wild = memchr(v->text, '*', v->len) != NULL;
    const eventtype *exact = wild ? NULL : eventtype_find(v->text, v->len);
    bool found = false;
    for (const eventtype *e = eventtype_table(); e->name; e++) {
        if (wild ? !search_glob(v->text, v->len, e->name, strlen(e->name), true) : e != exact)
            continue;
        found = true;
        spl_parser sub = *ps;
        sub.src = e->search;
        sub.pos = 0;
        if (spl_lex(e->search, 0, strlen(e->search), SPL_LEX_COMMAND, &ps->plan->mem, &sub.toks,
                    ps->err) < 0) {
            free(l.v);
            return NULL;
        }
        sp subp = {&sub, p->depth + 1};
        search_node *def = subp.depth > SPL_MAX_DEPTH ? NULL : parse_and(&subp);
        free(sub.toks.v);
        if (!def) {
            if (subp.depth > SPL_MAX_DEPTH)
                spl_fail(ps, f->off, "eventtype definitions nested too deeply");
            free(l.v);
            return NULL;
        }
        kids_add(&l, def);
    }
    if (!found)
        warn_unknown(v->text);
    return kids_finish(ps, &l, SN_OR);
}

/* A term or value written with parentheses and no space, such as *GetCurrent()*,
 * is one word to Splunk, but the lexer split it at the parentheses. Returns t
 * itself, or a token standing for the whole run when balanced parentheses follow
 * t without space; ps is moved past what was taken. */
static const spl_tok *glue_parens(spl_parser *ps, const spl_tok *t)
{
    if (t->kind != TK_WORD)
        return t;
    size_t first = (size_t)(t - ps->toks.v), last = first;
    int depth = 0;
    for (size_t j = first + 1; j < ps->toks.n; j++) {
        const spl_tok *u = &ps->toks.v[j];
        if (u->space_before || u->kind == TK_EOF)
            break;
        if (u->kind == TK_LPAREN)
            depth++;
        else if (u->kind == TK_RPAREN && depth > 0)
            depth--;
        else if (u->kind != TK_WORD)
            break;
        if (depth == 0)
            last = j;
    }
    if (last == first)
        return t;
    size_t len = 0;
    for (size_t j = first; j <= last; j++)
        len += ps->toks.v[j].len;
    spl_tok *g = arena_alloc(&ps->plan->mem, sizeof *g);
    char *text = arena_alloc(&ps->plan->mem, len + 1);
    *g = *t;
    g->text = text;
    g->len = len;
    g->end = ps->toks.v[last].end;
    for (size_t j = first; j <= last; j++) {
        memcpy(text, ps->toks.v[j].text, ps->toks.v[j].len);
        text += ps->toks.v[j].len;
    }
    *text = '\0';
    ps->pos = last + 1;
    return g;
}

/* comparison -> field op value | field IN '(' value {[,] value} ')' */
static search_node *parse_in(sp *p, const spl_tok *f)
{
    spl_parser *ps = p->ps;
    spl_next(ps); /* IN */
    const spl_tok *open = spl_next(ps);
    kidlist l = {0};
    for (;;) {
        const spl_tok *t = spl_next(ps);
        if (t->kind == TK_RPAREN && l.n > 0)
            break;
        if (t->kind == TK_COMMA && l.n > 0)
            continue;
        if (t->kind != TK_WORD && t->kind != TK_STRING) {
            free(l.v);
            if (t->kind == TK_EOF)
                spl_fail_unclosed(ps, t, open->off);
            else
                spl_fail(ps, t->off, "value expected in IN list, got %s", spl_lex_kind_name(t->kind));
            return NULL;
        }
        search_node *k = strcmp(f->text, "eventtype") == 0 ? eventtype_node(p, f, t)
                                                           : cmp_node(ps, f, TK_EQ, t);
        if (!k) {
            free(l.v);
            return NULL;
        }
        kids_add(&l, k);
    }
    return kids_finish(ps, &l, SN_OR);
}

/* unary -> NOT unary | '(' and ')' | comparison | term */
static search_node *parse_unary(sp *p)
{
    spl_parser *ps = p->ps;
    const spl_tok *t = spl_peek(ps);
    if (p->depth >= SPL_MAX_DEPTH) {
        spl_fail(ps, t->off, "search nested too deeply (more than %d levels)", SPL_MAX_DEPTH);
        return NULL;
    }
    if (is_kw(t, "NOT")) {
        spl_next(ps);
        p->depth++;
        search_node *k = parse_unary(p);
        p->depth--;
        if (!k)
            return NULL;
        search_node *n = new_node(ps, SN_NOT);
        n->kids = arena_alloc(&ps->plan->mem, sizeof *n->kids);
        n->kids[0] = k;
        n->nkids = 1;
        return n;
    }
    if (t->kind == TK_LPAREN) {
        spl_next(ps);
        p->depth++;
        search_node *n = parse_and(p);
        p->depth--;
        if (!n)
            return NULL;
        const spl_tok *c = spl_next(ps);
        if (c->kind != TK_RPAREN) {
            spl_fail_unclosed(ps, c, t->off);
            return NULL;
        }
        return n;
    }
    if (t->kind == TK_LBRACKET) {
        spl_fail(ps, t->off, "subsearches are not supported");
        return NULL;
    }
    if (t->kind != TK_WORD && t->kind != TK_STRING) {
        spl_fail(ps, t->off, "search term expected, got %s", spl_lex_kind_name(t->kind));
        return NULL;
    }
    if (is_kw(t, "OR") || is_kw(t, "AND")) {
        spl_fail(ps, t->off, "search term expected before '%s'", t->text);
        return NULL;
    }
    spl_next(ps);
    const spl_tok *op = spl_peek(ps);
    if (!is_cmp_op(op->kind))
        t = glue_parens(ps, t);
    op = spl_peek(ps);
    if (is_cmp_op(op->kind)) {
        spl_next(ps);
        const spl_tok *v = glue_parens(ps, spl_next(ps));
        if (v->kind != TK_WORD && v->kind != TK_STRING) {
            spl_fail(ps, v->off, "value expected after '%s', got %s", op->text,
                     spl_lex_kind_name(v->kind));
            return NULL;
        }
        if (strcmp(t->text, "eventtype") == 0 && (op->kind == TK_EQ || op->kind == TK_NE)) {
            search_node *e = eventtype_node(p, t, v);
            if (!e || op->kind == TK_EQ)
                return e;
            search_node *n = new_node(ps, SN_NOT);
            n->kids = arena_alloc(&ps->plan->mem, sizeof *n->kids);
            n->kids[0] = e;
            n->nkids = 1;
            return n;
        }
        return cmp_node(ps, t, op->kind, v);
    }
    if (op->kind == TK_WORD && (strcmp(op->text, "IN") == 0 || strcmp(op->text, "in") == 0) &&
        ps->pos + 1 < ps->toks.n && ps->toks.v[ps->pos + 1].kind == TK_LPAREN)
        return parse_in(p, t);
    if (t->len == 1 && t->text[0] == '*')
        return new_node(ps, SN_ALL);
    search_node *n = new_node(ps, SN_TERM);
    char *pat = arena_alloc(&ps->plan->mem, t->len + 3);
    pat[0] = '*';
    memcpy(pat + 1, t->text, t->len);
    pat[t->len + 1] = '*';
    pat[t->len + 2] = '\0';
    n->value = pat;
    n->value_len = t->len + 2;
    n->wild = true;
    return n;
}

/* or -> unary { OR unary } */
static search_node *parse_or(sp *p)
{
    kidlist l = {0};
    for (;;) {
        search_node *k = parse_unary(p);
        if (!k) {
            free(l.v);
            return NULL;
        }
        kids_add(&l, k);
        if (!is_kw(spl_peek(p->ps), "OR"))
            break;
        spl_next(p->ps);
    }
    return kids_finish(p->ps, &l, SN_OR);
}

/* and -> or { [AND] or }   (ends at ')' or the end of the command) */
static search_node *parse_and(sp *p)
{
    spl_parser *ps = p->ps;
    kidlist l = {0};
    for (;;) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_EOF || t->kind == TK_RPAREN)
            break;
        if (l.n > 0 && is_kw(t, "AND")) {
            spl_next(ps);
            t = spl_peek(ps);
            if (t->kind == TK_EOF || t->kind == TK_RPAREN) {
                free(l.v);
                spl_fail(ps, t->off, "search term expected after 'AND'");
                return NULL;
            }
        }
        search_node *k = parse_or(p);
        if (!k) {
            free(l.v);
            return NULL;
        }
        kids_add(&l, k);
    }
    if (l.n == 0) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_RPAREN) {
            spl_fail(ps, t->off, "search term expected before ')'");
            return NULL;
        }
        return new_node(ps, SN_ALL);
    }
    return kids_finish(ps, &l, SN_AND);
}

search_node *search_expr_parse(spl_parser *ps)
{
    sp p = {ps, 0};
    search_node *n = parse_and(&p);
    if (!n)
        return NULL;
    const spl_tok *t = spl_peek(ps);
    if (t->kind != TK_EOF) {
        spl_fail(ps, t->off, "unexpected ')' (no matching '(')");
        return NULL;
    }
    return n;
}

bool search_glob(const char *pat, size_t plen, const char *s, size_t slen, bool fold_case)
{
    size_t pi = 0, si = 0;
    size_t star = (size_t)-1, mark = 0;
    while (si < slen) {
        if (pi < plen && pat[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < plen &&
                   (fold_case ? tolower((unsigned char)pat[pi]) == tolower((unsigned char)s[si])
                              : pat[pi] == s[si])) {
            pi++;
            si++;
        } else if (star != (size_t)-1) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < plen && pat[pi] == '*')
        pi++;
    return pi == plen;
}

bool search_value_matches(spl_tok_kind op, bool is_num, double num, const char *pat,
                          size_t plen, const char *s, size_t len)
{
    if (op == TK_EQ || op == TK_NE) {
        double d;
        if (is_num && num_parse(s, len, &d))
            return d == num;
        return search_glob(pat, plen, s, len, true);
    }
    int c = spl_compare(s, len, pat, plen);
    switch (op) {
    case TK_LT: return c < 0;
    case TK_LE: return c <= 0;
    case TK_GT: return c > 0;
    case TK_GE: return c >= 0;
    default: return false;
    }
}

static bool value_matches(const search_node *n, const sv *v)
{
    return search_value_matches(n->op, n->is_num, n->num, n->value, n->value_len, v->s, v->len);
}

/* Any value matches (=, <, ...); for != the field exists and no value matches. */
static bool field_matches(const search_node *n, const field *f)
{
    bool any = false;
    for (uint32_t i = 0; i < f->nvalues && !any; i++)
        any = value_matches(n, &f->values[i]);
    return n->op == TK_NE ? !any : any;
}

static bool cmp_matches(const search_node *n, const record *r)
{
    if (!n->field_wild) {
        const field *f = record_getn(r, n->field, n->field_len);
        return f && f->nvalues && field_matches(n, f);
    }
    for (size_t i = 0; i < r->nfields; i++) {
        const field *f = &r->fields[i];
        if (f->nvalues && search_glob(n->field, n->field_len, f->name, f->name_len, false) &&
            field_matches(n, f))
            return true;
    }
    return false;
}

bool search_expr_match(const search_node *n, const record *r)
{
    switch (n->kind) {
    case SN_ALL:
        return true;
    case SN_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (!search_expr_match(n->kids[i], r))
                return false;
        return true;
    case SN_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (search_expr_match(n->kids[i], r))
                return true;
        return false;
    case SN_NOT:
        return !search_expr_match(n->kids[0], r);
    case SN_CMP:
        return cmp_matches(n, r);
    case SN_TERM: {
        const field *raw = record_get(r, "_raw");
        if (!raw)
            return false;
        for (uint32_t i = 0; i < raw->nvalues; i++)
            if (search_glob(n->value, n->value_len, raw->values[i].s, raw->values[i].len, true))
                return true;
        return false;
    }
    }
    return false;
}

void search_expr_view(const search_node *n, search_node_view *out)
{
    static const int kinds[] = {
        [SN_ALL] = SEARCH_VIEW_ALL, [SN_AND] = SEARCH_VIEW_AND, [SN_OR] = SEARCH_VIEW_OR,
        [SN_NOT] = SEARCH_VIEW_NOT, [SN_CMP] = SEARCH_VIEW_CMP, [SN_TERM] = SEARCH_VIEW_TERM,
    };
    *out = (search_node_view){
        .kind = kinds[n->kind], .op = n->op, .field = n->field, .field_len = n->field_len,
        .field_wild = n->field_wild, .value = n->value, .value_len = n->value_len,
        .is_num = n->is_num, .num = n->num, .kids = n->kids, .nkids = n->nkids,
    };
}

/* Recursion is bounded by the parser's nesting limit (SPL_MAX_DEPTH), checked again here. */
static bool fields_of(const search_node *n, projection *proj, int depth)
{
    if (depth > SPL_MAX_DEPTH + 8)
        return false;
    search_node_view v;
    search_expr_view(n, &v);
    switch (v.kind) {
    case SEARCH_VIEW_ALL:
        return true;
    case SEARCH_VIEW_TERM:
        projection_want(proj, "_raw", 4);   /* bare terms match the raw event */
        return true;
    case SEARCH_VIEW_CMP:
        if (v.field_wild)
            return false;
        projection_want(proj, v.field, v.field_len);
        return true;
    case SEARCH_VIEW_AND:
    case SEARCH_VIEW_OR:
    case SEARCH_VIEW_NOT:
        for (size_t i = 0; i < v.nkids; i++)
            if (!fields_of(v.kids[i], proj, depth + 1))
                return false;
        return true;
    default:
        return false;
    }
}

bool search_expr_fields(const search_node *n, projection *proj)
{
    return fields_of(n, proj, 0);
}
