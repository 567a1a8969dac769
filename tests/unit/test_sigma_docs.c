/* test_sigma_docs.c - docs/sigma.md's logsource tables against the table in
 * src/sigma/sigma_logsource.c: every category row appears (first cell the category,
 * with its first EventID), every service row too (first cell naming the service,
 * with its first channel), so the documentation cannot go stale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/sigma_private.h"
#include "util/xmalloc.h"

static char *read_doc(void)
{
    FILE *f = fopen("docs/sigma.md", "rb");
    assert_non_null(f);
    char *buf = xmalloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The table line whose first cell holds name (alone or in a comma list) and which
 * also holds want; false when there is none. */
static bool doc_has_row(const char *doc, const char *name, const char *want)
{
    for (const char *line = doc; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "| ", 2) != 0)
            continue;
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *cell_end = memchr(line + 2, '|', len - 2);
        if (!cell_end)
            continue;
        size_t nlen = strlen(name);
        bool named = false;
        for (const char *p = line + 2; p + nlen <= cell_end; p++)
            if (memcmp(p, name, nlen) == 0 && (p[nlen] == ' ' || p[nlen] == ',') &&
                (p == line + 2 || p[-1] == ' '))
                named = true;
        if (!named)
            continue;
        char *row = xstrndup(line, len);
        bool ok = strstr(row, want) != NULL;
        free(row);
        if (ok)
            return true;
    }
    return false;
}

static void test_logsource_table_documented(void **state)
{
    (void)state;
    char *doc = read_doc();
    const sigma_source *rows;
    size_t n = sigma_logsource_rows(&rows);
    assert_true(n > 50);
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        const sigma_source *r = &rows[i];
        char want[128];
        const char *name = r->category ? r->category : r->service;
        if (r->category && r->eventids[0])
            snprintf(want, sizeof want, "| %d", r->eventids[0]);
        else if (r->channels[0])
            snprintf(want, sizeof want, "%.40s", r->channels[0]);
        else
            snprintf(want, sizeof want, "%s", r->cond_values[0] ? r->cond_values[0] : "");
        if (!doc_has_row(doc, name, want)) {
            fprintf(stderr, "docs/sigma.md: no logsource row for '%s' with '%s'\n", name, want);
            missing++;
        }
    }
    free(doc);
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logsource_table_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
