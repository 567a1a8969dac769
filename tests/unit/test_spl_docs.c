/* test_spl_docs.c - docs/spl.md lists exactly the SPL commands of spl_commands.h
 * and the eval functions of expr_funcs.c: the command table's first column and the
 * backticked names of the "Eval functions:" paragraph, both ways round. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spl/spl.h"

#define DOC "docs/spl.md"

typedef struct names {
    char v[512][48];
    size_t n;
} names;

static char *read_doc(void)
{
    FILE *f = fopen(DOC, "r");
    if (!f)
        fail_msg("%s: cannot open (run from the repository root)", DOC);
    static char buf[1 << 18];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void add(names *s, const char *p, size_t len)
{
    if (s->n < 512 && len < sizeof s->v[0]) {
        memcpy(s->v[s->n], p, len);
        s->v[s->n++][len] = '\0';
    }
}

static bool has(const names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return true;
    return false;
}

/* The first cell of each row of the table under "## Commands": | `name` | ... */
static void doc_commands(const char *doc, names *out)
{
    const char *p = strstr(doc, "\n## Commands\n");
    assert_non_null(p);
    const char *end = strstr(p + 1, "\n## ");
    for (const char *line = p; line && (!end || line < end); line = strchr(line + 1, '\n')) {
        if (strncmp(line, "\n| `", 4) != 0)
            continue;
        const char *s = line + 4, *e = strchr(s, '`');
        assert_non_null(e);
        add(out, s, (size_t)(e - s));
    }
}

/* The backticked words of the paragraph starting "Eval functions:". */
static void doc_functions(const char *doc, names *out)
{
    const char *p = strstr(doc, "\nEval functions:");
    assert_non_null(p);
    const char *end = strstr(p, "\n\n");
    const char *q = strchr(p, '`');
    while (q && (!end || q < end)) {
        const char *e = strchr(q + 1, '`');
        assert_non_null(e);
        for (const char *w = q + 1; w < e;) {
            while (w < e && (*w == ' ' || *w == '\n'))
                w++;
            const char *we = w;
            while (we < e && *we != ' ' && *we != '\n')
                we++;
            if (we > w)
                add(out, w, (size_t)(we - w));
            w = we;
        }
        q = strchr(e + 1, '`');
    }
}

static void compare(const char *what, const names *doc, const char *(*name_at)(size_t))
{
    int missing = 0;
    names code = {0};
    for (size_t i = 0; name_at(i); i++) {
        add(&code, name_at(i), strlen(name_at(i)));
        if (!has(doc, name_at(i))) {
            fprintf(stderr, "%s: %s '%s' runs but is not listed\n", DOC, what, name_at(i));
            missing++;
        }
    }
    for (size_t i = 0; i < doc->n; i++) {
        if (!has(&code, doc->v[i])) {
            fprintf(stderr, "%s: %s '%s' is listed but trawl has none\n", DOC, what, doc->v[i]);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void test_commands_listed(void **state)
{
    (void)state;
    names doc = {0};
    doc_commands(read_doc(), &doc);
    compare("command", &doc, spl_command_name);
}

static void test_functions_listed(void **state)
{
    (void)state;
    names doc = {0};
    doc_functions(read_doc(), &doc);
    compare("eval function", &doc, spl_eval_function_name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands_listed),
        cmocka_unit_test(test_functions_listed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
