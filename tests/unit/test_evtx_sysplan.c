/* test_evtx_sysplan.c - the pushdown probe's fast path (evtx_sysplan.c) against the
 * walk it stands in for (evtx_probe.c): on every record of every corpus file, read
 * normally and with recovery, whenever the fast path answers, the walk must succeed
 * and capture the very same System values. Also checks that the fast path does
 * answer for most records, so a plan that never applies cannot pass unnoticed.
 * Which Data names stop the fast path depends on the search: one that tests every
 * System field and the seed detection's are both tried. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "evtx/evtx_private.h"
#include "evtx/evtx_probe.h"
#include "../support/search_pushdown.h"

#define CORPUS "../shared/corpus/evtx"

typedef struct tally {
    evtx_probe fast, walked;
    unsigned long records, answered, disagreed;
    char first_bad[512];
    const char *file;
    const pushdown *pd;
} tally;

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    tally *t = ctx;
    t->records++;
    t->fast.need = t->walked.need = 0xf;
    t->fast.pd = t->walked.pd = t->pd;
    if (!evtx_probe_fast(&t->fast, c, r, NULL))
        return 0;
    t->answered++;
    evtx_probe_begin(&t->walked, c);
    int bad = evtx_walk_render(c, r, &evtx_probe_visitor, &t->walked);
    evtx_probe_end(&t->walked);
    if (bad != 0 || !evtx_probe_equal(&t->fast, &t->walked)) {
        if (!t->disagreed++)
            snprintf(t->first_bad, sizeof t->first_bad, "%s chunk %llu record %llu", t->file,
                     (unsigned long long)r->chunk_index, (unsigned long long)r->record_id);
    }
    return 0;
}

static void walk_file(tally *t, const char *path, bool recover)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    t->file = path;
    evtx_walk_hooks h = { t, NULL, NULL, on_record, NULL };
    evtx_walk_result res;
    evtx_walk(path, fd, NULL, 0, true, recover, true, &h, &res);
    close(fd);
}

/* Depth-first over the corpus tree (a few levels). */
static void walk_dir(tally *t, const char *dir, int depth, bool recover)
{
    DIR *d = opendir(dir);
    if (!d || depth > 8) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            walk_dir(t, path, depth + 1, recover);
        else if (n > 5 && strcmp(e->d_name + n - 5, ".evtx") == 0)
            walk_file(t, path, recover);
    }
    closedir(d);
}

static void test_fast_path_agrees_with_walk(void **state)
{
    (void)state;
    struct stat st;
    if (stat(CORPUS, &st) != 0)
        skip();
    static const char *const searches[] = {
        EVERY_SYSTEM_FIELD_SEARCH,
        "(eventtype=wineventlog_application OR source=\"XmlWinEventLog:Application\") EventCode=2282",
    };
    for (int i = 0; i < 2 * 2; i++) {
        bool recover = i & 1;
        const char *search = searches[i / 2];
        spl_plan *plan;
        pushdown *pd = search_pushdown(search, &plan);
        assert_non_null(pd);
        tally t = { 0 };
        t.pd = pd;
        walk_dir(&t, CORPUS, 0, recover);
        spl_pushdown_free(pd);
        spl_plan_free(plan);
        printf("corpus%s, %s: %lu records, fast path answered %lu, disagreed %lu\n",
               recover ? " (recover)" : "", search, t.records, t.answered, t.disagreed);
        if (t.disagreed)
            printf("first disagreement: %s\n", t.first_bad);
        assert_int_equal(t.disagreed, 0);
        assert_true(t.records > 40000);     /* the whole corpus was read */
        /* the fast path is the common path (recovered slack often lost its templates) */
        assert_true(t.answered * 100 >= t.records * (recover ? 70 : 95));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_agrees_with_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
