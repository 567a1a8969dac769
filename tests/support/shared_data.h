/* shared_data.h - for unit tests: the tests that read the reference data beside the
 * checkout (../shared: the EVTX corpus, the XmlWinEventLog fixtures, Splunk's
 * security_content; README "Tests and ../shared") run only when it is there.
 * Without it they are left out with one line saying so, never failed.
 * Header-only, as each test is one translation unit; include after <cmocka.h>. */
#ifndef TRAWL_TEST_SHARED_DATA_H
#define TRAWL_TEST_SHARED_DATA_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SHARED_DIR "../shared"

static inline bool shared_data_present(void)
{
    struct stat st;
    return stat(SHARED_DIR, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Runs own[] (tests of the project's own data), then needs[] (tests reading
 * ../shared) or the line "NAME: skipped N tests (../shared is absent)". Returns
 * the number of failed tests, as cmocka_run_group_tests does. */
static inline int shared_data_run(const char *name, const struct CMUnitTest *own, size_t nown,
                                  const struct CMUnitTest *needs, size_t nneeds)
{
    int failed = nown ? _cmocka_run_group_tests(name, own, nown, NULL, NULL) : 0;
    if (!shared_data_present()) {
        printf("%s: skipped %zu test%s (../shared is absent)\n", name, nneeds,
               nneeds == 1 ? "" : "s");
        return failed;
    }
    return failed + _cmocka_run_group_tests(name, needs, nneeds, NULL, NULL);
}

/* The two arrays of a test file's main(). */
#define SHARED_DATA_RUN(name, own, needs)                                              \
    shared_data_run(name, own, sizeof own / sizeof own[0], needs, sizeof needs / sizeof needs[0])

#endif
