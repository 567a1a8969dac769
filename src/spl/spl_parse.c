/* spl_parse.c - from search text to a plan: macros expanded, the pipeline split at
 * top-level '|', each command looked up in the command table and its arguments
 * handed to the command's own parse function. Also the helpers those parse
 * functions share (token access, options, error messages with columns). */
#include "spl_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"

/* The command table: adding a command = one row here + one cmd_*.c file. */
static const spl_cmd *const commands[] = {
    &spl_cmd_search, &spl_cmd_where, &spl_cmd_eval, &spl_cmd_stats, &spl_cmd_rename,
    &spl_cmd_table, &spl_cmd_fields, &spl_cmd_convert, &spl_cmd_sort, &spl_cmd_head,
    &spl_cmd_dedup, &spl_cmd_rex, &spl_cmd_fillnull, &spl_cmd_tstats, &spl_cmd_datamodel,
    &spl_cmd_from,
};

const spl_tok *spl_peek(spl_parser *ps)
{
    return &ps->toks.v[ps->pos];
}

const spl_tok *spl_next(spl_parser *ps)
{
    const spl_tok *t = &ps->toks.v[ps->pos];
    if (t->kind != TK_EOF)
        ps->pos++;
    return t;
}

bool spl_at_end(spl_parser *ps)
{
    return spl_peek(ps)->kind == TK_EOF;
}

void spl_error_locate(const spl_plan *p, size_t off, tr_error *err)
{
    const spl_span *best = NULL;
    for (size_t i = 0; i < p->nspans; i++) {
        const spl_span *s = &p->spans[i];
        if (s->start <= off && off < s->end &&
            (!best || s->end - s->start < best->end - best->start))
            best = s;
    }
    if (!best)
        return;
    size_t n = strlen(err->msg);
    snprintf(err->msg + n, sizeof err->msg - n, " (from macro '%s')", best->name);
}

int spl_fail(spl_parser *ps, size_t off, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tr_error_set(ps->err, "%s at column %zu", msg, off + 1);
    ps->err->column = (long)(off + 1);
    spl_error_locate(ps->plan, off, ps->err);
    return -1;
}

int spl_fail_arg(spl_parser *ps, const spl_tok *t)
{
    return spl_fail(ps, t->off, "unsupported argument '%.*s' to '%s'",
                    (int)(t->len > 60 ? 60 : t->len), t->text, ps->cmd_name);
}

int spl_fail_expected(spl_parser *ps, const spl_tok *t, const char *expected)
{
    if (t->kind == TK_EOF)
        return spl_fail(ps, t->off, "%s expected in '%s', got end of command", expected,
                        ps->cmd_name);
    return spl_fail(ps, t->off, "%s expected in '%s', got '%.*s'", expected, ps->cmd_name,
                    (int)(t->len > 60 ? 60 : t->len), t->text);
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
    bool quoted = false;
    size_t start = 0;
    for (size_t i = 0;; i++) {
        char c = text[i];
        if (c == '\0' || (c == '|' && !quoted && depth <= 0)) {
            XGROW(v, cap, 2 * n + 2);
            v[2 * n] = start;
            v[2 * n + 1] = i;
            n++;
            if (c == '\0')
                break;
            start = i + 1;
            continue;
        }
        if (quoted) {
            if (c == '\\' && text[i + 1])
                i++;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
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
    if (spl_lex(t, i, end, &p->mem, &ps.toks, err) < 0) {
        spl_error_locate(p, (size_t)err->column - 1, err);
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
    p->text = spl_macro_expand(text ? text : "", env, &p->spans, &p->nspans, err);
    if (!p->text) {
        spl_plan_free(p);
        return NULL;
    }
    size_t *offs;
    size_t nseg = spl_split_pipeline(p->text, &offs);
    p->stages = xcalloc(nseg, sizeof *p->stages);
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
    return p;
}
