/* macros_conf.c - user macro overrides: --macro "NAME(ARGS)=DEF" values and
 * --macros files, which are either a YAML list (security_content shape) or
 * Splunk's macros.conf ([name(N)] stanzas with args = and definition =, values
 * continued by a trailing backslash). The file's content decides which. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xmalloc.h"
#include "content_private.h"

#define MAX_MACRO_ARGS 64   /* more arguments than any real macro; bounds the arrays */

static bool is_name_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '.' || ch == ':';
}

static bool is_name(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_name_char(s[i]))
            return false;
    return true;
}

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Splits "a, b ,c" into trimmed names; false when one is empty or not a name. */
static bool split_args(const char *s, size_t len, char **args, size_t *nargs)
{
    *nargs = 0;
    trim(&s, &len);
    if (len == 0)
        return true;
    for (;;) {
        const char *comma = memchr(s, ',', len);
        size_t n = comma ? (size_t)(comma - s) : len;
        const char *a = s;
        size_t alen = n;
        trim(&a, &alen);
        if (!is_name(a, alen) || *nargs == MAX_MACRO_ARGS)
            return false;
        args[(*nargs)++] = xstrndup(a, alen);
        if (!comma)
            return true;
        s = comma + 1;
        len -= n + 1;
    }
}

static void free_args(char **args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(args[i]);
}

/* spec -> NAME [ '(' ARG {',' ARG} ')' ] '=' DEFINITION */
int content_add_macro_arg(content *c, const char *spec, tr_error *err)
{
    const char *eq = strchr(spec, '=');
    const char *name = spec;
    size_t len = eq ? (size_t)(eq - spec) : 0;
    trim(&name, &len);
    const char *open = memchr(name, '(', len);
    size_t name_len = open ? (size_t)(open - name) : len;
    char *args[MAX_MACRO_ARGS];
    size_t nargs = 0;
    bool ok = eq && is_name(name, name_len);
    if (ok && open) {
        ok = name[len - 1] == ')' &&
             split_args(open + 1, len - name_len - 2, args, &nargs) && nargs > 0;
    }
    if (!ok) {
        free_args(args, nargs);
        return tr_error_set(err, "--macro '%s': expected NAME=DEFINITION or "
                                 "NAME(ARG,...)=DEFINITION", spec);
    }
    const char *def = eq + 1;
    size_t dlen = strlen(def);
    trim(&def, &dlen);
    char *d = xstrndup(def, dlen);
    content_add_macro(c, name, name_len, (const char *const *)args, nargs, d, "--macro");
    free(d);
    free_args(args, nargs);
    return 0;
}

/* ---- macros.conf ---- */

/* The stanza being read. */
typedef struct stanza {
    char *header;      /* text between [ and ], NULL before the first stanza */
    long line;         /* line of the [header] */
    char *args;        /* value of args =, or NULL */
    char *definition;  /* value of definition =, or NULL */
} stanza;

static void stanza_clear(stanza *s)
{
    free(s->header);
    free(s->args);
    free(s->definition);
    memset(s, 0, sizeof *s);
}

/* Turns a finished stanza into a macro. [default] and text before any stanza
 * hold settings for every stanza in Splunk; they define no macro. */
static int stanza_finish(content *c, stanza *s, const char *file, tr_error *err)
{
    if (!s->header || strcmp(s->header, "default") == 0)
        return 0;
    const char *name = s->header;
    size_t len = strlen(name);
    const char *open = strchr(name, '(');
    size_t name_len = open ? (size_t)(open - name) : len;
    long declared = -1;
    if (open) {
        char *end;
        declared = strtol(open + 1, &end, 10);
        if (end == open + 1 || *end != ')' || end[1] != '\0' || declared < 0 ||
            declared > MAX_MACRO_ARGS)
            return tr_error_at(err, file, s->line, 0,
                               "expected [NAME] or [NAME(N)] with N a number, got [%s]", name);
    }
    if (!is_name(name, name_len))
        return tr_error_at(err, file, s->line, 0, "bad macro name in [%s]", name);
    if (!s->definition)
        return tr_error_at(err, file, s->line, 0, "macro [%s] has no 'definition'", name);
    char *args[MAX_MACRO_ARGS];
    size_t nargs = 0;
    if (s->args && !split_args(s->args, strlen(s->args), args, &nargs)) {
        free_args(args, nargs);
        return tr_error_at(err, file, s->line, 0,
                           "macro [%s]: 'args' must be a comma-separated list of names", name);
    }
    if (declared >= 0 && (size_t)declared != nargs) {
        free_args(args, nargs);
        return tr_error_at(err, file, s->line, 0,
                           "macro [%s] takes %ld arguments but 'args' names %zu", name,
                           declared, nargs);
    }
    char origin[PATH_MAX + 32];
    snprintf(origin, sizeof origin, "%s:%ld", file, s->line);
    content_add_macro(c, name, name_len, (const char *const *)args, nargs, s->definition, origin);
    free_args(args, nargs);
    return 0;
}

/* Applies one logical line (continuations already joined). */
static int conf_line(content *c, stanza *s, const char *text, size_t len, long line,
                     const char *file, tr_error *err)
{
    trim(&text, &len);
    if (len == 0 || text[0] == '#' || text[0] == ';')
        return 0;
    if (text[0] == '[') {
        if (text[len - 1] != ']')
            return tr_error_at(err, file, line, 0, "expected ']' to close the stanza name");
        if (stanza_finish(c, s, file, err) < 0)
            return -1;
        stanza_clear(s);
        const char *h = text + 1;
        size_t hlen = len - 2;
        trim(&h, &hlen);
        s->header = xstrndup(h, hlen);
        s->line = line;
        return 0;
    }
    const char *eq = memchr(text, '=', len);
    if (!eq)
        return tr_error_at(err, file, line, 0, "expected 'key = value' or '[stanza]'");
    const char *key = text;
    size_t klen = (size_t)(eq - text);
    trim(&key, &klen);
    const char *val = eq + 1;
    size_t vlen = (size_t)(text + len - val);
    trim(&val, &vlen);
    char **slot = NULL;
    if (klen == 10 && memcmp(key, "definition", 10) == 0)
        slot = &s->definition;
    else if (klen == 4 && memcmp(key, "args", 4) == 0)
        slot = &s->args;
    if (slot) {   /* other keys (iseval, description, validation) do not change SPL */
        free(*slot);
        *slot = xstrndup(val, vlen);
    }
    return 0;
}

int content_load_macros_conf(content *c, const char *buf, size_t len, const char *file,
                             tr_error *err)
{
    stanza s = { 0 };
    char *logical = NULL;
    size_t lcap = 0, llen = 0;
    long line = 0, start = 0;
    size_t pos = 0;
    int rc = 0;
    while (pos < len && rc == 0) {
        const char *p = buf + pos;
        const char *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + (nl != NULL);
        line++;
        if (n && p[n - 1] == '\r')
            n--;
        if (llen == 0)
            start = line;
        bool cont = n && p[n - 1] == '\\';
        XGROW(logical, lcap, llen + n + 2);
        memcpy(logical + llen, p, cont ? n - 1 : n);
        llen += cont ? n - 1 : n;
        if (cont) {
            logical[llen++] = '\n';   /* Splunk keeps the line break in the value */
            if (pos < len)
                continue;
        }
        rc = conf_line(c, &s, logical, llen, start, file, err);
        llen = 0;
    }
    if (rc == 0)
        rc = stanza_finish(c, &s, file, err);
    stanza_clear(&s);
    free(logical);
    return rc;
}

/* macros.conf when the first line that says anything is a [stanza] header; a
 * YAML flow list would start with '[' too, but holds '{', ',' or ':'. */
static bool looks_like_conf(const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const char *p = buf + pos;
        const char *nl = memchr(p, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - p) : len - pos;
        pos += n + 1;
        trim(&p, &n);
        if (n == 0 || p[0] == '#' || p[0] == ';')
            continue;
        if (p[0] != '[' || p[n - 1] != ']')
            return false;
        for (size_t i = 1; i + 1 < n; i++)
            if (p[i] == '{' || p[i] == ',' || p[i] == ':' || p[i] == '[')
                return false;
        return true;
    }
    return false;
}

int content_load_macros_file(content *c, const char *path, tr_error *err)
{
    char *buf;
    size_t len;
    if (content_read_file(path, &buf, &len, err) < 0)
        return -1;
    int rc;
    if (looks_like_conf(buf, len)) {
        rc = content_load_macros_conf(c, buf, len, path, err);
        if (rc < 0)
            err->file = NULL;   /* path belongs to the caller; msg names it */
    } else {
        rc = content_load_yaml_buffer(c, CONTENT_MACRO_LIST, buf, len, path, err);
    }
    free(buf);
    return rc;
}
