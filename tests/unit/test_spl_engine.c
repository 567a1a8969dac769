/* test_spl_engine.c - the plan as a whole: error text and columns for bad pipelines,
 * result columns tracked through the pipeline, head stopping input early, bounded
 * list(), and commands on hand-built multivalue records. Command-by-command cases
 * live in the golden files tests/spl/ (*.test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spl/spl.h"

/* Rows rendered as "a=1;b=x|y" lines. */
typedef struct rows {
    spl_sink sink;
    char text[8192];
    size_t n;
} rows;

static void on_row(spl_sink *self, const record *r)
{
    rows *out = (rows *)self;
    size_t len = strlen(out->text);
    for (size_t i = 0; i < r->nfields; i++) {
        const field *f = &r->fields[i];
        len += (size_t)snprintf(out->text + len, sizeof out->text - len, "%s%s=", i ? ";" : "",
                                f->name);
        for (uint32_t k = 0; k < f->nvalues; k++)
            len += (size_t)snprintf(out->text + len, sizeof out->text - len, "%s%s",
                                    k ? "|" : "", f->values[k].s);
    }
    snprintf(out->text + len, sizeof out->text - len, "\n");
    out->n++;
}

static spl_plan *compile(const char *q, rows *out)
{
    memset(out, 0, sizeof *out);
    out->sink.row = on_row;
    tr_error err;
    spl_plan *p = spl_compile(q, NULL, &out->sink, &err);
    if (!p)
        fail_msg("%s: %s", q, err.msg);
    return p;
}

static void expect_fail(const char *q, const char *msg, long column)
{
    tr_error err;
    memset(&err, 0, sizeof err);
    spl_plan *p = spl_compile(q, NULL, NULL, &err);
    if (p)
        fail_msg("%s compiled", q);
    char shown[1024];
    assert_string_equal(tr_error_render(&err, NULL, shown, sizeof shown), msg);
    assert_int_equal(err.column, column);
}

static void test_errors(void **state)
{
    (void)state;
    expect_fail("a=1 | stats count | foo bar", "unsupported SPL command 'foo' at column 21", 21);
    expect_fail("| nosuchcommand host", "unsupported SPL command 'nosuchcommand' at column 3", 3);
    expect_fail("x | stats count by a | head 3 bogus",
                "unsupported argument 'bogus' to 'head' at column 31", 31);
    expect_fail("x | ", "command expected after '|' at column 5", 5);
    expect_fail("x | sort", "sort field expected in 'sort', got end of command at column 9", 9);
}

static void test_columns(void **state)
{
    (void)state;
    rows out;
    size_t n;
    spl_plan *p = compile("a=1 | head 2", &out);
    assert_null(spl_plan_columns(p, &n));
    assert_int_equal(n, 0);
    spl_plan_free(p);

    p = compile("* | stats count min(t) as first by h, u | rename u AS user, first as fst "
                "| fields - count | table h f* user",
                &out);
    const char *const *c = spl_plan_columns(p, &n);
    assert_non_null(c);
    assert_int_equal(n, 3);
    assert_string_equal(c[0], "h");
    assert_string_equal(c[1], "fst");
    assert_string_equal(c[2], "user");
    spl_plan_free(p);

    p = compile("* | stats count by h | rename h as host | fillnull value=0 z", &out);
    c = spl_plan_columns(p, &n);
    assert_int_equal(n, 3);
    assert_string_equal(c[0], "host");
    assert_string_equal(c[1], "count");
    assert_string_equal(c[2], "z");
    assert_string_equal(spl_plan_text(p), "* | stats count by h | rename h as host | fillnull value=0 z");
    spl_plan_free(p);
}

static void test_head_stops_input(void **state)
{
    (void)state;
    rows out;
    spl_plan *p = compile("x=1 | head 2", &out);
    record r;
    record_init(&r);
    record_set(&r, "x", "2", 1);
    assert_int_equal(spl_plan_push(p, &r), 0);   /* filtered out, head not reached */
    record_set(&r, "x", "1", 1);
    assert_int_equal(spl_plan_push(p, &r), 0);
    assert_int_equal(spl_plan_push(p, &r), 1);   /* second row satisfies head */
    assert_int_equal(spl_plan_push(p, &r), 1);
    spl_plan_finish(p);
    assert_int_equal(out.n, 2);
    spl_plan_free(p);

    /* After a transforming command head cannot stop the input. */
    p = compile("* | stats count by x | head 1", &out);
    assert_int_equal(spl_plan_push(p, &r), 0);
    assert_int_equal(spl_plan_push(p, &r), 0);
    spl_plan_finish(p);
    assert_string_equal(out.text, "x=1;count=2\n");
    spl_plan_free(p);
    record_free(&r);
}

static void test_list_is_bounded(void **state)
{
    (void)state;
    rows out;
    spl_plan *p = compile("* | stats list(i) as l count", &out);
    record r;
    record_init(&r);
    char buf[16];
    for (int i = 0; i < 150; i++) {
        int len = snprintf(buf, sizeof buf, "%d", i);
        record_set(&r, "i", buf, (size_t)len);
        spl_plan_push(p, &r);
    }
    spl_plan_finish(p);
    /* 100 values kept, then count=150. */
    assert_non_null(strstr(out.text, "|98|99;count=150\n"));
    assert_int_equal(out.n, 1);
    spl_plan_free(p);
    record_free(&r);
}

static void test_multivalue_pipeline(void **state)
{
    (void)state;
    rows out;
    spl_plan *p = compile("user=b* | rename user AS u | dedup u | table u host", &out);
    record r;
    record_init(&r);
    record_add(&r, "host", "h1", 2);
    record_add(&r, "user", "alice", 5);
    record_add(&r, "user", "bob", 3);
    spl_plan_push(p, &r);
    spl_plan_push(p, &r);
    record_clear(&r);
    record_set(&r, "user", "carol", 5);
    spl_plan_push(p, &r);
    spl_plan_finish(p);
    assert_string_equal(out.text, "u=alice|bob;host=h1\n");
    spl_plan_free(p);
    record_free(&r);
}

static void test_sort_limit_keeps_best(void **state)
{
    (void)state;
    rows out;
    spl_plan *p = compile("* | sort 3 -n", &out);
    record r;
    record_init(&r);
    char buf[16];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(buf, sizeof buf, "%d", (i * 7919) % 5000);
        record_set(&r, "n", buf, (size_t)len);
        spl_plan_push(p, &r);
    }
    spl_plan_finish(p);
    assert_string_equal(out.text, "n=4999\nn=4998\nn=4997\n");
    spl_plan_free(p);
    record_free(&r);
}

/* Commands that hold events to the end (eventstats, bin bins=) spill them to a
 * temporary file past the memory budget and release them all, in order. */
static void test_held_events_spill(void **state)
{
    (void)state;
    static const char *const queries[] = {
        "* | eventstats count as n, max(i) as top by k | where i % 250 == 0",
        "* | bin bins=10 i as b | where i % 250 == 0 | fields i b",
    };
    static const char *const want[] = {
        "i=0;k=0;n=500;top=998\ni=250;k=0;n=500;top=998\ni=500;k=0;n=500;top=998\n"
        "i=750;k=0;n=500;top=998\n",
        "i=0;b=0-100\ni=250;b=200-300\ni=500;b=500-600\ni=750;b=700-800\n",
    };
    for (size_t q = 0; q < 2; q++) {
        rows out;
        memset(&out, 0, sizeof out);
        out.sink.row = on_row;
        tr_error err;
        spl_env env = {.order_memory = 256};
        spl_plan *p = spl_compile(queries[q], &env, &out.sink, &err);
        assert_non_null(p);
        record r;
        record_init(&r);
        char buf[16];
        for (int i = 0; i < 1000; i++) {
            record_clear(&r);
            int len = snprintf(buf, sizeof buf, "%d", i);
            record_set(&r, "i", buf, (size_t)len);
            record_set(&r, "k", i % 2 ? "1" : "0", 1);
            spl_plan_push(p, &r);
        }
        spl_plan_finish(p);
        assert_string_equal(out.text, want[q]);
        spl_plan_free(p);
        record_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_head_stops_input),
        cmocka_unit_test(test_list_is_bounded),
        cmocka_unit_test(test_multivalue_pipeline),
        cmocka_unit_test(test_sort_limit_keeps_best),
        cmocka_unit_test(test_held_events_spill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
