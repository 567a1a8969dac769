/* test_spl_index.c - the plan index files each plan under the EventCode values its
 * leading search requires, or under "any" when the search does not pin them down
 * (wildcards, NOT, !=, an OR with other fields), tstats under its dataset's EventCodes
 * (Processes: Sysmon 1, Security 4688), so that no plan is left out of an
 * event it would keep; tests/evtx/jobs_equal checks whole runs against unindexed ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "spl/spl.h"

static const char *const searches[] = {
    /* 0 */ "EventCode=4688",
    /* 1 */ "EventCode IN (4624, 4625) user=*",
    /* 2 */ "EventID=1 OR EventID=11",
    /* 3 */ "a=1",                          /* any */
    /* 4 */ "EventCode=4688 OR a=1",        /* any */
    /* 5 */ "NOT EventCode=4688",           /* any */
    /* 6 */ "EventCode=46*",                /* a wildcard: any */
    /* 7 */ "(EventCode=1 OR EventCode=3) EventCode=3 | stats count",
    /* 8 */ "EventCode=4688 | search EventCode=4624",   /* none can pass */
    /* 9 */ "EventCode!=7",                 /* any */
    /* 10 */ "| tstats count from datamodel=Endpoint.Processes by Processes.dest", /* 1, 4688 */
    /* 11 */ "EventCode=0004625",
};
#define NPLANS (sizeof searches / sizeof searches[0])

typedef struct counter {
    spl_sink sink;
    size_t rows;
} counter;

static void on_row(spl_sink *s, const record *r)
{
    (void)r;
    ((counter *)s->ctx)->rows++;
}

static void check_event(spl_index *ix, const char *code, const char *id,
                        const char *a, const char *want)
{
    record ev;
    record_init(&ev);
    if (code)
        record_set(&ev, "EventCode", code, strlen(code));
    if (id)
        record_set(&ev, "EventID", id, strlen(id));
    if (a)
        record_set(&ev, "a", a, strlen(a));
    record_set(&ev, "user", "u", 1);
    uint64_t mark[1];
    uint32_t out[NPLANS];
    size_t n = spl_index_candidates(ix, &ev, mark, out);
    char got[256] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%u", i ? "," : "", out[i]);
    assert_string_equal(got, want);
    record_free(&ev);
}

static void test_candidates(void **state)
{
    (void)state;
    spl_index *ix = spl_index_new();
    spl_plan *plans[NPLANS];
    counter c = {.sink = {.row = on_row}};
    c.sink.ctx = &c;
    for (size_t i = 0; i < NPLANS; i++) {
        tr_error err;
        plans[i] = spl_compile(searches[i], NULL, &c.sink, &err);
        if (!plans[i])
            fail_msg("%s: %s", searches[i], err.msg);
        spl_index_add(ix, plans[i]);
    }
    assert_int_equal(spl_index_plans(ix), NPLANS);
    check_event(ix, "4688", NULL, NULL, "0,3,4,5,6,9,10");
    check_event(ix, "4625", NULL, NULL, "1,3,4,5,6,9,11");
    check_event(ix, NULL, "11", NULL, "2,3,4,5,6,9");
    check_event(ix, "3", "1", NULL, "2,3,4,5,6,7,9,10");
    check_event(ix, "4688.0", NULL, NULL, "0,3,4,5,6,9,10");
    check_event(ix, NULL, NULL, "1", "3,4,5,6,9");
    check_event(ix, "x", NULL, NULL, "3,4,5,6,9");
    for (size_t i = 0; i < NPLANS; i++)
        spl_plan_free(plans[i]);
    spl_index_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_candidates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
