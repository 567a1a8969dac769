/* test_sigma_golden.c - runs the golden Sigma tests in tests/sigma/ (*.test, format in
 * tests/sigma/README): rule YAML, input records as JSON lines, expected rows as JSON
 * lines; %%SKIP groups give the exact reason a rule is refused. Every standalone
 * rule of a group runs, in load order, over the same input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigma/sigma.h"
#include "../support/golden_json.h"
#include "util/xmalloc.h"

typedef struct lines {
    char **v;
    size_t n, cap;
    size_t first_line;
} lines;

typedef struct file_opts {
    char *fields[32];          /* %%FIELDS */
    size_t nfields;
    char *placeholders;        /* %%PLACEHOLDERS file (YAML written to a temp file) */
    char ph_path[64];          /* its name */
} file_opts;

static int failures;

/* The rule text of a group: lines up to "--"; a bare detection gets a header. */
static char *rule_text(lines *g, size_t from, size_t *end)
{
    size_t i = from;
    size_t len = 0;
    for (; i < g->n && strcmp(g->v[i], "--") != 0; i++)
        len += strlen(g->v[i]) + 1;
    *end = i;
    bool bare = from < g->n && strncmp(g->v[from], "detection:", 10) == 0;
    static const char header[] = "title: t\nlogsource:\n    product: windows\nfields:\n"
                                 "    - id\n";
    char *s = xmalloc(len + sizeof header + 1);
    size_t o = 0;
    if (bare) {
        memcpy(s, header, sizeof header - 1);
        o = sizeof header - 1;
    }
    for (size_t k = from; k < i; k++) {
        size_t n = strlen(g->v[k]);
        memcpy(s + o, g->v[k], n);
        o += n;
        s[o++] = '\n';
    }
    s[o] = '\0';
    return s;
}

static void run_group(const char *file, lines *g, const file_opts *fo)
{
    bool skip = strcmp(g->v[0], "%%SKIP") == 0;
    size_t end;
    char *text = rule_text(g, skip ? 1 : 0, &end);
    sigma_set set;
    sigma_set_init(&set);
    if (fo->placeholders) {
        tr_error err = { 0 };
        if (sigma_set_load_placeholders(&set, fo->placeholders, &err) < 0)
            fail_msg("%s: %s", file, err.msg);
    }
    sigma_set_load_buffer(&set, text, strlen(text), "rule.yml");
    sigma_set_finish(&set);
    free(text);
    if (skip) {
        const char *want = end + 1 < g->n ? g->v[end + 1] : "";
        const char *got = set.nskipped ? set.skipped[0].reason : "(loaded)";
        if (set.nskipped == 0 || strcmp(got, want) != 0) {
            fprintf(stderr, "%s:%zu:\n  expected skip: %s\n  got: %s\n", file, g->first_line,
                    want, got);
            failures++;
        }
        sigma_set_free(&set);
        return;
    }
    for (size_t i = 0; i < set.nskipped; i++) {
        fprintf(stderr, "%s:%zu: unexpected skip: %s\n", file, g->first_line,
                set.skipped[i].reason);
        failures++;
    }
    collect c = { .sink = { .row = collect_row } };
    if (fo->nfields) {
        c.fields = (const char *const *)fo->fields;
        c.nfields = fo->nfields;
    }
    spl_env env = { .now = 1700000000 };
    spl_plan *plans[16];
    size_t nplans = 0;
    for (size_t i = 0; i < set.nrules && nplans < 16; i++) {
        if (!sigma_rule_standalone(set.rules[i]))
            continue;
        tr_error err = { 0 };
        plans[nplans] = sigma_plan_compile(set.rules[i], &env, &c.sink, &err);
        if (!plans[nplans])
            fail_msg("%s:%zu: %s", file, g->first_line, err.msg);
        nplans++;
    }
    record r;
    record_init(&r);
    size_t i = end + 1;
    for (; i < g->n && strcmp(g->v[i], "--") != 0; i++) {
        json_to_record(g->v[i], &r);
        for (size_t p = 0; p < nplans; p++)
            spl_plan_push(plans[p], &r);
    }
    for (size_t p = 0; p < nplans; p++)
        spl_plan_finish(plans[p]);
    char *want = xstrdup("");
    size_t wlen = 0;
    for (i++; i < g->n; i++) {
        char *s = normalize(g->v[i]);
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
        fprintf(stderr, "%s:%zu:\n  expected:\n%s  got:\n%s", file, g->first_line, want, got);
        failures++;
    }
    free(want);
    free(c.out);
    record_free(&r);
    for (size_t p = 0; p < nplans; p++)
        spl_plan_free(plans[p]);
    sigma_set_free(&set);
}

static void run_file(const char *file)
{
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    file_opts fo = { 0 };
    lines g = { 0 };
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
                run_group(file, &g, &fo);
            for (size_t i = 0; i < g.n; i++)
                free(g.v[i]);
            g.n = 0;
            if (n < 0)
                break;
            continue;
        }
        if (line[0] == '#' && g.n == 0)
            continue;
        if (g.n == 0 && strncmp(line, "%%FIELDS ", 9) == 0) {
            for (size_t i = 0; i < fo.nfields; i++)
                free(fo.fields[i]);
            fo.nfields = 0;
            for (char *tok = strtok(line + 9, ","); tok && fo.nfields < 32; tok = strtok(NULL, ","))
                fo.fields[fo.nfields++] = xstrdup(tok);
            continue;
        }
        if (g.n == 0 && strncmp(line, "%%PLACEHOLDERS ", 15) == 0) {
            /* name=v1|v2|v3 -> a YAML file of placeholders */
            if (!fo.placeholders) {
                snprintf(fo.ph_path, sizeof fo.ph_path, "/tmp/trawl_sigma_phXXXXXX");
                int fd = mkstemp(fo.ph_path);
                assert_true(fd >= 0);
                close(fd);
                fo.placeholders = fo.ph_path;
            }
            FILE *pf = fopen(fo.placeholders, "a");
            char *eq = strchr(line + 15, '=');
            assert_non_null(eq);
            fprintf(pf, "'%.*s':\n", (int)(eq - line - 15), line + 15);
            for (char *tok = strtok(eq + 1, "|"); tok; tok = strtok(NULL, "|"))
                fprintf(pf, "    - '%s'\n", tok);
            fclose(pf);
            continue;
        }
        if (g.n == 0)
            g.first_line = lineno;
        XGROW(g.v, g.cap, g.n + 1);
        g.v[g.n++] = xstrdup(line);
    }
    free(g.v);
    free(line);
    fclose(f);
    for (size_t i = 0; i < fo.nfields; i++)
        free(fo.fields[i]);
    if (fo.placeholders)
        remove(fo.placeholders);
}

static void test_golden(void **state)
{
    (void)state;
    glob_t gl;
    assert_int_equal(glob("tests/sigma/*.test", 0, NULL, &gl), 0);
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
