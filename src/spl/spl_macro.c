/* spl_macro.c - backtick macro expansion: `name` and `name(a, b)` are replaced by
 * the macro's definition with $arg$ substituted, recursively (depth-limited, with
 * cycle detection). Backticks inside double-quoted strings are literal; a run of
 * three backticks opens a comment that the next three close (Splunk's ```...```),
 * replaced by one space. Arguments are substituted exactly as written (quotes
 * kept), split at top-level commas. Every expansion and comment is recorded as a
 * span, so positions in the expanded text map back to the text as written. */
#include "spl_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/xmalloc.h"

enum { MAX_ARGS = 32, MAX_PROBE_ARGS = 16 };

typedef struct buf {
    char *s;     /* malloc'd, NUL-terminated */
    size_t len;
    size_t cap;
} buf;

/* One level of the expansion stack, for cycle messages. */
typedef struct frame {
    const char *name;
    size_t len;
    size_t nargs;
} frame;

typedef struct expander {
    const spl_env *env;
    buf out;
    spl_span *spans;      /* malloc'd */
    size_t nspans, cap;
    frame stack[SPL_MAX_MACRO_DEPTH];
    size_t depth;
    size_t top_off;       /* offset in the original text of the outer call's '`' */
    tr_error *err;
} expander;

static void buf_add(buf *b, const char *s, size_t n)
{
    XGROW(b->s, b->cap, b->len + n + 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static int fail(expander *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(expander *x, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tr_error_set(x->err, "%s", msg);
    x->err->column = (long)x->top_off + 1;
    if (x->depth > 0)
        snprintf(x->err->macro, sizeof x->err->macro, "%.*s", (int)x->stack[x->depth - 1].len,
                 x->stack[x->depth - 1].name);
    return -1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Splits args text at top-level commas (outside quotes and parentheses). */
static int split_args(expander *x, const char *s, size_t n, sv *args, size_t *nargs)
{
    *nargs = 0;
    size_t start = 0;
    int depth = 0;
    trim(&s, &n);
    if (n == 0)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : ',';
        if (c == '"') {
            size_t past = spl_scan_quoted(s, i, n, NULL, NULL);
            i = past ? past - 1 : n - 1;   /* an unterminated string runs to the end */
            continue;
        }
        if (c == '(')
            depth++;
        else if (c == ')')
            depth--;
        else if (c == ',' && (depth <= 0 || i == n)) {
            if (*nargs == MAX_ARGS)
                return fail(x, "too many macro arguments (at most %d)", MAX_ARGS);
            const char *a = s + start;
            size_t an = i - start;
            trim(&a, &an);
            args[(*nargs)++] = (sv){a, an};
            start = i + 1;
        }
    }
    return 0;
}

static int expand_text(expander *x, const char *s, size_t n);

/* Appends def with each $argname$ replaced by its argument, then expands it. */
static int expand_body(expander *x, const spl_macro *m, const sv *args)
{
    const char *def = m->definition ? m->definition : "";
    if (m->nargs == 0)
        return expand_text(x, def, strlen(def));
    buf b = {0};
    buf_add(&b, "", 0);
    for (const char *p = def; *p;) {
        bool done = false;
        if (*p == '$') {
            for (size_t k = 0; k < m->nargs && !done; k++) {
                const char *an = m->args && m->args[k] ? m->args[k] : "";
                size_t al = strlen(an);
                if (al && strncmp(p + 1, an, al) == 0 && p[1 + al] == '$') {
                    buf_add(&b, args[k].s, args[k].len);
                    p += al + 2;
                    done = true;
                }
            }
        }
        if (!done)
            buf_add(&b, p++, 1);
        if (b.len > SPL_MAX_EXPANDED) {
            free(b.s);
            return fail(x, "macro expansion too large (over %d bytes)", SPL_MAX_EXPANDED);
        }
    }
    int rc = expand_text(x, b.s, b.len);
    free(b.s);
    return rc;
}

static int cycle_error(expander *x, const char *name, size_t len)
{
    char path[700];
    size_t used = 0;
    path[0] = '\0';
    for (size_t i = 0; i < x->depth && used < sizeof path; i++)
        used += (size_t)snprintf(path + used, sizeof path - used, "%.*s -> ",
                                 (int)x->stack[i].len, x->stack[i].name);
    if (used < sizeof path)
        snprintf(path + used, sizeof path - used, "%.*s", (int)len, name);
    tr_error_set(x->err, "macro cycle: %s", path);
    x->err->column = (long)x->top_off + 1;
    return -1;
}

/* Expands one macro call text (between the backticks). */
static int expand_call(expander *x, const char *s, size_t n)
{
    trim(&s, &n);
    size_t name_len = 0;
    while (name_len < n && s[name_len] != '(' && !is_space(s[name_len]))
        name_len++;
    if (name_len == 0)
        return fail(x, "empty macro name");
    sv args[MAX_ARGS];
    size_t nargs = 0;
    size_t rest = name_len;
    while (rest < n && is_space(s[rest]))
        rest++;
    if (rest < n) {
        if (s[rest] != '(' || s[n - 1] != ')')
            return fail(x, "malformed macro call '%.*s'", (int)(n > 80 ? 80 : n), s);
        if (split_args(x, s + rest + 1, n - rest - 2, args, &nargs) < 0)
            return -1;
    }
    for (size_t i = 0; i < x->depth; i++)
        if (x->stack[i].len == name_len && x->stack[i].nargs == nargs &&
            memcmp(x->stack[i].name, s, name_len) == 0)
            return cycle_error(x, s, name_len);
    if (x->depth >= SPL_MAX_MACRO_DEPTH)
        return fail(x, "macros nested too deeply (more than %d levels)", SPL_MAX_MACRO_DEPTH);
    const spl_env *env = x->env;
    const spl_macro *m = env && env->lookup_macro
                             ? env->lookup_macro(env->macro_ctx, s, name_len, nargs) : NULL;
    if (!m) {
        for (size_t k = 0; env && env->lookup_macro && k <= MAX_PROBE_ARGS; k++) {
            if (k != nargs && env->lookup_macro(env->macro_ctx, s, name_len, k))
                return fail(x, "macro '%.*s' expects %zu argument%s, got %zu", (int)name_len,
                            s, k, k == 1 ? "" : "s", nargs);
        }
        return fail(x, "unknown macro '%.*s'", (int)name_len, s);
    }
    x->stack[x->depth++] = (frame){s, name_len, nargs};
    size_t start = x->out.len;
    int rc = expand_body(x, m, args);
    x->depth--;
    if (rc < 0)
        return rc;
    XGROW(x->spans, x->cap, x->nspans + 1);
    x->spans[x->nspans++] = (spl_span){.start = start, .end = x->out.len,
                                       .name = xstrndup(s, name_len)};
    return 0;
}

/* At the top level, out[start, out.len) stands for the original text [orig,
 * orig_end): a comment gets a span of its own, a call's own span (the last one
 * recorded, after those of the macros it used) learns where it was written. */
static void mark_top(expander *x, size_t start, size_t orig, size_t orig_end, bool comment)
{
    if (comment) {
        XGROW(x->spans, x->cap, x->nspans + 1);
        x->spans[x->nspans++] = (spl_span){.start = start, .end = x->out.len};
    }
    spl_span *sp = &x->spans[x->nspans - 1];
    sp->top = true;
    sp->orig_start = orig;
    sp->orig_end = orig_end;
}

/* A ```comment``` opening at s[i]: the offset past its closing backticks. */
static int skip_comment(expander *x, const char *s, size_t i, size_t n, size_t *past)
{
    for (size_t j = i + 3; j + 3 <= n; j++) {
        if (memcmp(s + j, "```", 3) == 0) {
            *past = j + 3;
            return 0;
        }
    }
    return fail(x, "unterminated comment: '```' expected to close '```'");
}

static int expand_text(expander *x, const char *s, size_t n)
{
    size_t lit = 0;   /* start of the pending literal run */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            size_t past = spl_scan_quoted(s, i, n, NULL, NULL);
            if (!past)
                break;   /* the parser reports the unterminated string */
            i = past - 1;
            continue;
        }
        if (c != '`')
            continue;
        buf_add(&x->out, s + lit, i - lit);
        if (x->depth == 0)
            x->top_off = i;
        size_t start = x->out.len, past = n;
        bool comment = i + 3 <= n && memcmp(s + i, "```", 3) == 0;
        if (comment) {
            if (skip_comment(x, s, i, n, &past) < 0)
                return -1;
            buf_add(&x->out, " ", 1);   /* a comment separates what is around it */
        } else {
            const char *close = memchr(s + i + 1, '`', n - i - 1);
            if (!close)
                return fail(x, "unterminated macro: '`' expected to close '`'");
            if (expand_call(x, s + i + 1, (size_t)(close - s) - i - 1) < 0)
                return -1;
            past = (size_t)(close - s) + 1;
        }
        if (x->out.len > SPL_MAX_EXPANDED)
            return fail(x, "macro expansion too large (over %d bytes)", SPL_MAX_EXPANDED);
        if (x->depth == 0)
            mark_top(x, start, i, past, comment);
        i = past - 1;
        lit = past;
    }
    buf_add(&x->out, s + lit, n - lit);
    return 0;
}

static void free_spans(spl_span *spans, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)spans[i].name);
    free(spans);
}

char *spl_macro_expand(const char *text, const spl_env *env, spl_span **spans,
                       size_t *nspans, tr_error *err)
{
    expander x;
    memset(&x, 0, sizeof x);
    x.env = env;
    x.err = err;
    buf_add(&x.out, "", 0);
    if (expand_text(&x, text, strlen(text)) < 0) {
        /* The position is an offset + 1 in the text as written. */
        spl_text_position(text, (size_t)(err->column > 0 ? err->column - 1 : 0), &err->line,
                          &err->column);
        free(x.out.s);
        free_spans(x.spans, x.nspans);
        return NULL;
    }
    if (spans) {
        *spans = x.spans;
        *nspans = x.nspans;
    } else {
        free_spans(x.spans, x.nspans);
    }
    return x.out.s;
}

char *spl_expand_macros(const char *text, const spl_env *env, tr_error *err)
{
    return spl_macro_expand(text, env, NULL, NULL, err);
}
