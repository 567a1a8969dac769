/* spl_parse.c - from search text to a plan: macros expanded, the pipeline split at
 * top-level '|', each command looked up in the command table and its arguments
 * handed to the command's own parse function. Also the helpers those parse
 * functions share (token access, options, error messages with columns). */
#include "spl_private.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"
#include "expr.h"

/* The command table, from the one list in spl_commands.h. */
static const spl_cmd *const commands[] = {
#define SPL_CMD_ROW(name, sym) &spl_cmd_##sym,
    SPL_COMMANDS(SPL_CMD_ROW)
#undef SPL_CMD_ROW
};

const char *spl_command_name(size_t i)
{
    return i < sizeof commands / sizeof commands[0] ? commands[i]->name : NULL;
}

const spl_tok *spl_peek(spl_parser *ps)
{
    assert(ps->pos < ps->toks.n);
    return &ps->toks.v[ps->pos];
}

const spl_tok *spl_next(spl_parser *ps)
{
    const spl_tok *t = spl_peek(ps);
    if (t->kind != TK_EOF)
        ps->pos++;
    return t;
}

bool spl_at_end(spl_parser *ps)
{
    return spl_peek(ps)->kind == TK_EOF;
}

void spl_text_position(const char *text, size_t off, long *line, long *column)
{
    size_t n = strlen(text);
    if (off > n)
        off = n;
    if (!memchr(text, '\n', n)) {
        *line = 0;
        *column = (long)off + 1;
        return;
    }
    long l = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            line_start = i + 1;
        }
    }
    *line = l;
    *column = (long)(off - line_start) + 1;
}

void spl_locate(const spl_plan *p, size_t off, long *line, long *column, const char **macro)
{
    *macro = NULL;
    if (!p || !p->source) {
        *line = 0;
        *column = (long)off + 1;
        return;
    }
    const spl_span *inner = NULL, *top = NULL;
    size_t expanded_before = 0, written_before = 0;   /* lengths of top spans before off */
    for (size_t i = 0; i < p->nspans; i++) {
        const spl_span *s = &p->spans[i];
        if (s->start <= off && off < s->end) {
            if (s->name && (!inner || s->end - s->start < inner->end - inner->start))
                inner = s;
            if (s->top)
                top = s;
        } else if (s->top && s->end <= off) {
            expanded_before += s->end - s->start;
            written_before += s->orig_end - s->orig_start;
        }
    }
    size_t orig = top ? top->orig_start : off + written_before - expanded_before;
    spl_text_position(p->source, orig, line, column);
    if (inner)
        *macro = inner->name;
}

/* Sets err's position from offset off of the expanded text. */
static void locate_error(const spl_plan *p, size_t off, tr_error *err)
{
    const char *macro;
    spl_locate(p, off, &err->line, &err->column, &macro);
    snprintf(err->macro, sizeof err->macro, "%s", macro ? macro : "");
}

void spl_error_relocate(const spl_plan *p, tr_error *err)
{
    locate_error(p, err->column > 0 ? (size_t)err->column - 1 : 0, err);
}

int spl_fail(spl_parser *ps, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
    va_end(ap);
    ps->err->file = NULL;
    locate_error(ps->plan, off, ps->err);
    return -1;
}

/* How a token is named in messages: 'text' (cut at 60 bytes) or its kind. */
static const char *tok_desc(const spl_tok *t, char *buf, size_t size)
{
    if (t->kind == TK_EOF)
        return spl_lex_kind_name(TK_EOF);
    snprintf(buf, size, "'%.*s'", (int)(t->len > 60 ? 60 : t->len), t->text);
    return buf;
}

int spl_fail_arg(spl_parser *ps, const spl_tok *t)
{
    char tb[80];
    return spl_fail(ps, t->off, "unsupported argument %s to '%s'", tok_desc(t, tb, sizeof tb),
                    ps->cmd_name);
}

int spl_fail_expected(spl_parser *ps, const spl_tok *t, const char *expected)
{
    char tb[80];
    return spl_fail(ps, t->off, "%s expected in '%s', got %s", expected, ps->cmd_name,
                    tok_desc(t, tb, sizeof tb));
}

int spl_fail_unclosed(spl_parser *ps, const spl_tok *t, size_t open_off)
{
    char tb[80], where[48];
    long line, column;
    const char *macro;
    spl_locate(ps->plan, open_off, &line, &column, &macro);
    if (line)
        snprintf(where, sizeof where, "line %ld, column %ld", line, column);
    else
        snprintf(where, sizeof where, "column %ld", column);
    return spl_fail(ps, t->off, "')' expected to close '(' at %s, got %s", where,
                    tok_desc(t, tb, sizeof tb));
}

size_t spl_matching_paren(const spl_parser *ps, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < ps->toks.n; i++) {
        spl_tok_kind k = ps->toks.v[i].kind;
        if (k == TK_LPAREN)
            depth++;
        else if (k == TK_RPAREN && --depth == 0)
            return i;
    }
    return 0;
}

struct spl_expr *spl_parse_paren_expr(spl_parser *ps, size_t open)
{
    const spl_tok *o = &ps->toks.v[open];
    spl_parser sub = *ps;
    if (spl_lex(ps->src, o->end, ps->args_end, SPL_LEX_EXPR, &ps->plan->mem, &sub.toks,
                ps->err) < 0) {
        spl_error_relocate(ps->plan, ps->err);
        return NULL;
    }
    size_t close = 0;
    int depth = 1;
    for (size_t i = 0; i + 1 < sub.toks.n && !close; i++) {
        if (sub.toks.v[i].kind == TK_LPAREN)
            depth++;
        else if (sub.toks.v[i].kind == TK_RPAREN && --depth == 0)
            close = i + 1;   /* + 1: 0 means none */
    }
    if (!close) {
        spl_fail_unclosed(ps, &sub.toks.v[sub.toks.n - 1], o->off);
        free(sub.toks.v);
        return NULL;
    }
    close--;
    size_t end = sub.toks.v[close].end;
    if (close == 0) {
        free(sub.toks.v);
        spl_fail(ps, o->end, "expression expected in '%s'", ps->cmd_name);
        return NULL;
    }
    /* The ')' becomes the end of the expression's tokens. */
    sub.toks.v[close] = (spl_tok){.kind = TK_EOF, .text = "", .off = end - 1, .end = end};
    sub.toks.n = close + 1;
    sub.pos = 0;
    struct spl_expr *e = spl_expr_parse_tokens(&sub, false);
    free(sub.toks.v);
    if (!e)
        return NULL;
    /* Resume the command's own tokens after the ')'. */
    while (ps->pos + 1 < ps->toks.n && ps->toks.v[ps->pos].off < end) {
        if (ps->toks.v[ps->pos].end > end) {
            spl_expr_free(e);
            spl_fail(ps, ps->toks.v[ps->pos].off, "cannot tell where the expression ends in '%s'",
                     ps->cmd_name);
            return NULL;
        }
        ps->pos++;
    }
    return e;
}

void spl_sub_parser(const spl_parser *ps, size_t from, size_t to, spl_parser *sub)
{
    *sub = *ps;
    size_t n = to - from;
    spl_tok *v = xcalloc(n + 1, sizeof *v);
    if (n)
        memcpy(v, &ps->toks.v[from], n * sizeof *v);
    v[n].kind = TK_EOF;
    v[n].text = "";
    v[n].off = v[n].end = to < ps->toks.n ? ps->toks.v[to].off : ps->args_end;
    sub->toks.v = v;
    sub->toks.n = n + 1;
    sub->pos = 0;
}

int spl_sub_string(spl_parser *ps, const spl_tok *t, spl_lex_mode mode, spl_parser *sub)
{
    *sub = *ps;
    sub->src = t->text;
    sub->args_off = 0;
    sub->args_end = t->len;
    if (spl_lex(t->text, 0, t->len, mode, &ps->plan->mem, &sub->toks, ps->err) < 0) {
        spl_sub_relocate(ps, t);
        return -1;
    }
    sub->pos = 0;
    return 0;
}

void spl_sub_relocate(spl_parser *ps, const spl_tok *t)
{
    char msg[sizeof ps->err->msg];
    snprintf(msg, sizeof msg, "%s", ps->err->msg);
    spl_fail(ps, t->off, "%s (in the quoted string)", msg);
}

const char *spl_field_name(spl_parser *ps, const char *what)
{
    const spl_tok *t = spl_peek(ps);
    if (t->kind != TK_WORD && t->kind != TK_STRING) {
        spl_fail_expected(ps, t, what);
        return NULL;
    }
    spl_next(ps);
    return t->text;
}

int spl_option(spl_parser *ps, const char *const *keys, const spl_tok **val)
{
    if (ps->pos + 2 >= ps->toks.n)
        return -1;
    const spl_tok *k = &ps->toks.v[ps->pos];
    const spl_tok *eq = &ps->toks.v[ps->pos + 1];
    const spl_tok *v = &ps->toks.v[ps->pos + 2];
    if (k->kind != TK_WORD || eq->kind != TK_EQ || (v->kind != TK_WORD && v->kind != TK_STRING))
        return -1;
    for (int i = 0; keys[i]; i++) {
        if (strcasecmp(k->text, keys[i]) == 0) {
            *val = v;
            ps->pos += 3;
            return i;
        }
    }
    return -1;
}

bool spl_parse_bool(const spl_tok *t, bool *out)
{
    if (strcasecmp(t->text, "true") == 0 || strcmp(t->text, "1") == 0 || strcasecmp(t->text, "t") == 0)
        return *out = true, true;
    if (strcasecmp(t->text, "false") == 0 || strcmp(t->text, "0") == 0 || strcasecmp(t->text, "f") == 0)
        return *out = false, true;
    return false;
}

char *spl_pstrdup(spl_parser *ps, const char *s, size_t len)
{
    return arena_strndup(&ps->plan->mem, s, len);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

size_t spl_split_pipeline(const char *text, size_t **offs)
{
    size_t n = 0, cap = 0;
    size_t *v = NULL;
    int depth = 0;
    size_t start = 0, len = strlen(text);
    for (size_t i = 0;; i++) {
        char c = text[i];
        if (c == '\0' || (c == '|' && depth <= 0)) {
            XGROW(v, cap, 2 * n + 2);
            v[2 * n] = start;
            v[2 * n + 1] = i;
            n++;
            if (c == '\0')
                break;
            start = i + 1;
            continue;
        }
        if (c == '"') {
            size_t past = spl_scan_quoted(text, i, len, NULL, NULL);
            i = (past ? past : len) - 1;   /* the lexer reports an unterminated string */
        } else if (c == '\\' && (text[i + 1] == '|' || text[i + 1] == '\\')) {
            i++;   /* an escaped pipe does not end the command */
        } else if (c == '(' || c == '[') {
            depth++;
        } else if (c == ')' || c == ']') {
            depth--;
        }
    }
    *offs = v;
    return n;
}

static const spl_cmd *find_command(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strncasecmp(commands[i]->name, name, len) == 0 && commands[i]->name[len] == '\0')
            return commands[i];
    return NULL;
}

/* command -> NAME args   (the first segment is an implicit search) */
static int parse_segment(spl_plan *p, size_t start, size_t end, bool first, tr_error *err)
{
    const char *t = p->text;
    spl_parser ps = {.plan = p, .src = t, .err = err};
    size_t i = start;
    while (i < end && is_space(t[i]))
        i++;
    size_t name_end = i;
    while (name_end < end && !is_space(t[name_end]) && t[name_end] != '(' && t[name_end] != '"')
        name_end++;
    const spl_cmd *cmd;
    if (first) {
        cmd = &spl_cmd_search;
        if (name_end - i == 6 && strncasecmp(t + i, "search", 6) == 0)
            i = name_end;
    } else {
        if (name_end == i) {
            spl_fail(&ps, i, "command expected after '|'");
            return -1;
        }
        cmd = find_command(t + i, name_end - i);
        if (!cmd) {
            spl_fail(&ps, i, "unsupported SPL command '%.*s'", (int)(name_end - i > 60 ? 60
                                                                     : name_end - i), t + i);
            return -1;
        }
        i = name_end;
    }
    if (p->nstages >= SPL_MAX_STAGES) {
        spl_fail(&ps, i, "too many commands (at most %d)", SPL_MAX_STAGES);
        return -1;
    }
    ps.cmd_name = cmd->name;
    ps.args_off = i;
    ps.args_end = end;
    if (spl_lex(t, i, end, cmd->lex, &p->mem, &ps.toks, err) < 0) {
        spl_error_relocate(p, err);
        return -1;
    }
    spl_stage *st = &p->stages[p->nstages++];
    st->cmd = cmd;
    st->plan = p;
    st->index = p->nstages - 1;
    int rc = cmd->parse(st, &ps);
    free(ps.toks.v);
    return rc;
}

spl_plan *spl_compile(const char *text, const spl_env *env, spl_sink *sink, tr_error *err)
{
    spl_plan *p = xcalloc(1, sizeof *p);
    arena_init(&p->mem, 8192);
    record_init(&p->work);
    if (env)
        p->env = *env;
    p->sink = sink;
    p->source = xstrdup(text ? text : "");
    p->text = spl_macro_expand(p->source, env, &p->spans, &p->nspans, err);
    if (!p->text) {
        spl_plan_free(p);
        return NULL;
    }
    size_t *offs;
    size_t nseg = spl_split_pipeline(p->text, &offs);
    p->stages = xcalloc(nseg + 1, sizeof *p->stages);   /* + the order stage */
    size_t first = 0;
    /* A leading '|' starts with an explicit command instead of the implicit search. */
    if (nseg > 1) {
        size_t k = offs[0];
        while (k < offs[1] && is_space(p->text[k]))
            k++;
        if (k == offs[1])
            first = 1;
    }
    for (size_t s = first; s < nseg; s++) {
        if (parse_segment(p, offs[2 * s], offs[2 * s + 1], s == 0, err) < 0) {
            free(offs);
            spl_plan_free(p);
            return NULL;
        }
    }
    free(offs);
    if (p->env.read_order)
        spl_order_plan(p, p->env.order_memory);
    p->first_transforming = p->nstages;
    for (size_t i = p->nstages; i-- > 0;)
        if (p->stages[i].cmd->transforming)
            p->first_transforming = i;
    for (size_t i = 0; i < p->first_transforming; i++)
        if (p->stages[i].done)   /* head 0 */
            p->done = true;
    return p;
}
