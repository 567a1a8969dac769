/* test_spl_golden.c - runs the golden SPL tests in tests/spl/ (*.test files) (format in
 * tests/spl/README): a query, input records as JSON lines, "--", expected rows as
 * JSON lines; "%%FAIL" groups give the exact error text; "%%MACRO" lines define
 * macros for the rest of the file; "%%COLUMNS" checks spl_plan_columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spl/spl.h"
#include "../support/golden_json.h"
#include "util/xmalloc.h"

typedef struct macro_def {
    spl_macro m;
    char *names[8];
} macro_def;

typedef struct macro_set {
    macro_def v[64];
    size_t n;
} macro_set;

static const spl_macro *lookup(void *ctx, const char *name, size_t len, size_t nargs)
{
    macro_set *set = ctx;
    for (size_t i = 0; i < set->n; i++) {
        const spl_macro *m = &set->v[i].m;
        if (strlen(m->name) == len && memcmp(m->name, name, len) == 0 && m->nargs == nargs)
            return m;
    }
    return NULL;
}

/* "name(a, b)=definition" or "name=definition" */
static void add_macro(macro_set *set, const char *line)
{
    assert_true(set->n < 64);
    macro_def *d = &set->v[set->n++];
    memset(d, 0, sizeof *d);
    const char *eq = strchr(line, '=');
    assert_non_null(eq);
    const char *paren = memchr(line, '(', (size_t)(eq - line));
    const char *name_end = paren ? paren : eq;
    d->m.name = xstrndup(line, (size_t)(name_end - line));
    if (paren) {
        const char *p = paren + 1;
        while (*p && *p != ')') {
            while (*p == ' ' || *p == ',')
                p++;
            const char *s = p;
            while (*p && *p != ',' && *p != ')')
                p++;
            if (p > s)
                d->names[d->m.nargs++] = xstrndup(s, (size_t)(p - s));
        }
        d->m.args = (const char *const *)d->names;
    }
    d->m.definition = xstrdup(eq + 1);
}

static void free_macros(macro_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free((char *)set->v[i].m.name);
        free((char *)set->v[i].m.definition);
        for (size_t k = 0; k < set->v[i].m.nargs; k++)
            free(set->v[i].names[k]);
    }
}

typedef struct group {
    char **lines;
    size_t n, cap;
    size_t first_line;
} group;

static int failures;

static void run_group(const char *file, group *g, macro_set *macros, const char *tz)
{
    bool fails = strcmp(g->lines[0], "%%FAIL") == 0;
    size_t qi = fails ? 1 : 0;
    if (qi >= g->n)
        fail_msg("%s:%zu: query missing", file, g->first_line);
    spl_env env = {.lookup_macro = lookup, .macro_ctx = macros, .tz = tz, .now = 1700000000};
    collect c = {.sink = {.row = collect_row}};
    tr_error err;
    memset(&err, 0, sizeof err);
    spl_plan *p = spl_compile(g->lines[qi], &env, &c.sink, &err);
    char shown[2048];
    if (!p)
        tr_error_render(&err, g->lines[qi], shown, sizeof shown);
    if (fails) {
        /* The message line as the CLI prints it, then the caret line (the echoed
         * query between them is left out of the file). */
        char want[2048];
        snprintf(want, sizeof want, "%s", qi + 1 < g->n ? g->lines[qi + 1] : "");
        if (qi + 2 < g->n) {
            size_t n = strlen(want);
            snprintf(want + n, sizeof want - n, "\n  %s\n%s", g->lines[qi], g->lines[qi + 2]);
        }
        if (p || strcmp(shown, want) != 0) {
            fprintf(stderr, "%s:%zu: %s\n  expected error:\n%s\n  got:\n%s\n", file,
                    g->first_line, g->lines[qi], want, p ? "(compiled)" : shown);
            failures++;
        }
        spl_plan_free(p);
        return;
    }
    if (!p) {
        fprintf(stderr, "%s:%zu: %s\n  unexpected error: %s\n", file, g->first_line,
                g->lines[qi], shown);
        failures++;
        return;
    }
    record r;
    record_init(&r);
    size_t i = qi + 1;
    for (; i < g->n && strcmp(g->lines[i], "--") != 0; i++) {
        json_to_record(g->lines[i], &r);
        spl_plan_push(p, &r);
    }
    spl_plan_finish(p);
    char *want = xstrdup("");
    size_t wlen = 0;
    const char *want_cols = NULL;
    for (i++; i < g->n; i++) {
        if (strncmp(g->lines[i], "%%COLUMNS ", 10) == 0) {
            want_cols = g->lines[i] + 10;
            continue;
        }
        char *s = normalize(g->lines[i]);
        size_t n = strlen(s);
        want = xrealloc(want, wlen + n + 2);
        memcpy(want + wlen, s, n);
        wlen += n;
        want[wlen++] = '\n';
        want[wlen] = '\0';
        free(s);
    }
    const char *got = c.out ? c.out : "";
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s:%zu: %s\n  expected:\n%s  got:\n%s", file, g->first_line,
                g->lines[qi], want, got);
        failures++;
    }
    if (want_cols) {
        char cols[2048] = "";
        size_t nc;
        const char *const *cv = spl_plan_columns(p, &nc);
        if (!cv)
            snprintf(cols, sizeof cols, "-");
        for (size_t k = 0; cv && k < nc; k++)
            snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s%s", k ? "," : "", cv[k]);
        if (strcmp(cols, want_cols) != 0) {
            fprintf(stderr, "%s:%zu: %s\n  expected columns: %s\n  got: %s\n", file,
                    g->first_line, g->lines[qi], want_cols, cols);
            failures++;
        }
    }
    free(want);
    free(c.out);
    record_free(&r);
    spl_plan_free(p);
}

static void run_file(const char *file)
{
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    macro_set *macros = xcalloc(1, sizeof *macros);
    char tz[64] = "";
    group g = {0};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    for (;;) {
        n = getline(&line, &cap, f);
        if (n >= 0) {
            lineno++;
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
        }
        if (n < 0 || n == 0) {
            if (g.n)
                run_group(file, &g, macros, tz[0] ? tz : NULL);
            for (size_t i = 0; i < g.n; i++)
                free(g.lines[i]);
            g.n = 0;
            if (n < 0)
                break;
            continue;
        }
        if (line[0] == '#' && g.n == 0)
            continue;
        if (strncmp(line, "%%MACRO ", 8) == 0) {
            add_macro(macros, line + 8);
            continue;
        }
        if (strncmp(line, "%%TZ ", 5) == 0) {
            snprintf(tz, sizeof tz, "%s", line + 5);
            continue;
        }
        if (g.n == 0)
            g.first_line = lineno;
        XGROW(g.lines, g.cap, g.n + 1);
        g.lines[g.n++] = xstrdup(line);
    }
    free(g.lines);
    free(line);
    fclose(f);
    free_macros(macros);
    free(macros);
}

static void test_golden(void **state)
{
    (void)state;
    glob_t gl;
    assert_int_equal(glob("tests/spl/*.test", 0, NULL, &gl), 0);
    assert_true(gl.gl_pathc > 0);
    failures = 0;
    for (size_t i = 0; i < gl.gl_pathc; i++)
        run_file(gl.gl_pathv[i]);
    globfree(&gl);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
