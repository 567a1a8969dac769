/* test_spl_trace.c - the trace of aggregated rows (spl_trace.h): distinct files in
 * arrival order, FILE:RECORD of the first events, the count of all of them, both
 * lists bounded whatever the input, and an earlier aggregated row folded in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "spl/spl_trace.h"

static void event(record *ev, const char *file, int rec)
{
    char buf[32];
    record_clear(ev);
    record_set(ev, SPL_TRACE_FILE, file, strlen(file));
    int n = snprintf(buf, sizeof buf, "%d", rec);
    record_set(ev, SPL_TRACE_RECORD, buf, (size_t)n);
}

static void test_bounded_and_counted(void **state)
{
    (void)state;
    spl_trace_files files = { 0 };
    spl_trace_group g = { 0 };
    record ev, out;
    record_init(&ev);
    record_init(&out);
    char name[32];
    for (int i = 0; i < 400; i++) {   /* 400 events: every other one from a.evtx */
        snprintf(name, sizeof name, "f%03d.evtx", i);
        event(&ev, i % 2 ? "a.evtx" : name, i);
        spl_trace_group_add(&files, &g, &ev, true);
    }
    spl_trace_group_results(&files, &g, &out, true);
    const field *f = record_get(&out, SPL_TRACE_FILE);
    assert_non_null(f);
    assert_int_equal(f->nvalues, SPL_TRACE_MAX);
    assert_string_equal(f->values[0].s, "f000.evtx");
    assert_string_equal(f->values[1].s, "a.evtx");      /* once, where first seen */
    assert_string_equal(record_value(&out, SPL_TRACE_COUNT)->s, "400");
    const field *e = record_get(&out, SPL_TRACE_EVENTS);
    assert_int_equal(e->nvalues, SPL_TRACE_MAX);
    assert_string_equal(e->values[0].s, "f000.evtx:0");
    assert_string_equal(e->values[99].s, "a.evtx:99");

    /* A later stage folds this row in: its count and events, not one more event. */
    spl_trace_group g2 = { 0 };
    spl_trace_group_add(&files, &g2, &out, true);
    record_clear(&out);
    spl_trace_group_results(&files, &g2, &out, true);
    assert_string_equal(record_value(&out, SPL_TRACE_COUNT)->s, "400");
    assert_int_equal(record_get(&out, SPL_TRACE_EVENTS)->nvalues, SPL_TRACE_MAX);

    /* Without --trace only the files. */
    record_clear(&out);
    spl_trace_group_results(&files, &g2, &out, false);
    assert_null(record_get(&out, SPL_TRACE_COUNT));
    assert_non_null(record_get(&out, SPL_TRACE_FILE));

    spl_trace_group_free(&g);
    spl_trace_group_free(&g2);
    spl_trace_files_free(&files);
    record_free(&ev);
    record_free(&out);
}

static void test_copy_keeps_trace_fields(void **state)
{
    (void)state;
    record ev, row;
    record_init(&ev);
    record_init(&row);
    event(&ev, "x.evtx", 7);
    record_set(&ev, "other", "1", 1);
    spl_trace_copy(&ev, &row);
    assert_string_equal(record_value(&row, SPL_TRACE_FILE)->s, "x.evtx");
    assert_string_equal(record_value(&row, SPL_TRACE_RECORD)->s, "7");
    assert_null(record_get(&row, "other"));
    assert_true(spl_trace_is_field("trace_events"));
    assert_false(spl_trace_is_field("source"));
    record_free(&ev);
    record_free(&row);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bounded_and_counted),
        cmocka_unit_test(test_copy_keeps_trace_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
