/* test_spl_external.c - plans with stages built outside SPL (spl_external.c): an
 * external pure filter between an SPL head and tail, its columns, its projection,
 * and where the ordering stage goes when events arrive in read order (after every
 * leading filter, so only kept events are held). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "spl/spl_private.h"
#include "../support/golden_json.h"

/* Keeps events whose x is "1". */
static bool keep_x1(void *ctx, const record *r)
{
    (*(int *)ctx)++;
    const sv *v = record_value(r, "x");
    return v && v->len == 1 && v->s[0] == '1';
}

static int x_read(const void *ctx, projection *proj)
{
    (void)ctx;
    projection_want(proj, "x", 1);
    return SPL_EXTERNAL_READS_PASS;
}

static const spl_stage_ops filter_ops = { .name = "keep x=1", .test = keep_x1,
                                          .fields_read = x_read };

static void push_json(spl_plan *p, const char *line)
{
    record r;
    record_init(&r);
    json_to_record(line, &r);
    spl_plan_push(p, &r);
    record_free(&r);
}

static void test_head_filter_tail(void **state)
{
    (void)state;
    int calls = 0;
    collect c = { .sink = { .row = collect_row } };
    spl_external_stage st = { .ops = &filter_ops, .ctx = &calls };
    spl_env env = { 0 };
    tr_error err = { 0 };
    spl_plan *p = spl_external_compile("EventCode=1", &st, 1, "stats count by y", &env, &c.sink,
                                       &err);
    assert_non_null(p);
    push_json(p, "{\"EventCode\":\"1\",\"x\":\"1\",\"y\":\"a\"}");
    push_json(p, "{\"EventCode\":\"2\",\"x\":\"1\",\"y\":\"a\"}");   /* the head drops it */
    push_json(p, "{\"EventCode\":\"1\",\"x\":\"0\",\"y\":\"a\"}");   /* the filter drops it */
    push_json(p, "{\"EventCode\":\"1\",\"x\":\"1\",\"y\":\"b\"}");
    spl_plan_finish(p);
    assert_int_equal(calls, 3);
    assert_string_equal(c.out, "{\"y\":\"a\",\"count\":\"1\"}\n{\"y\":\"b\",\"count\":\"1\"}\n");
    size_t n;
    const char *const *cols = spl_plan_columns(p, &n);
    assert_non_null(cols);
    assert_int_equal(n, 2);
    projection *proj = projection_new();
    spl_plan_fields(p, proj);
    assert_true(projection_wants(proj, "x", 1));
    assert_true(projection_wants(proj, "y", 1));
    assert_false(projection_all(proj));
    projection_free(proj);
    spl_plan_free(p);
    free(c.out);
}

static void test_columns_and_order(void **state)
{
    (void)state;
    int calls = 0;
    collect c = { .sink = { .row = collect_row } };
    static const char *const cols[] = { "_time", "x" };
    spl_external_stage st = { .ops = &filter_ops, .ctx = &calls, .columns = cols, .ncolumns = 2 };
    spl_env env = { .read_order = true };
    tr_error err = { 0 };
    spl_plan *p = spl_external_compile("*", &st, 1, NULL, &env, &c.sink, &err);
    assert_non_null(p);
    /* The ordering stage comes after both filters, not between them. */
    assert_int_equal(p->nstages, 3);
    assert_non_null(p->stages[0].cmd->test);
    assert_non_null(p->stages[1].cmd->test);
    assert_null(p->stages[2].cmd->test);
    push_json(p, "{\"_time\":\"1\",\"x\":\"1\"}");
    push_json(p, "{\"_time\":\"2\",\"x\":\"0\"}");
    push_json(p, "{\"_time\":\"3\",\"x\":\"1\"}");
    spl_plan_finish(p);
    assert_string_equal(c.out, "{\"_time\":\"3\",\"x\":\"1\"}\n{\"_time\":\"1\",\"x\":\"1\"}\n");
    size_t n;
    const char *const *got = spl_plan_columns(p, &n);
    assert_int_equal(n, 2);
    assert_string_equal(got[1], "x");
    spl_plan_free(p);
    free(c.out);
}

static void test_bad_head_frees_stages(void **state)
{
    (void)state;
    int calls = 0;
    collect c = { .sink = { .row = collect_row } };
    spl_external_stage st = { .ops = &filter_ops, .ctx = &calls };
    spl_env env = { 0 };
    tr_error err = { 0 };
    assert_null(spl_external_compile("x=1 | nosuchcommand", &st, 1, NULL, &env, &c.sink, &err));
    assert_non_null(strstr(err.msg, "nosuchcommand"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_head_filter_tail),
        cmocka_unit_test(test_columns_and_order),
        cmocka_unit_test(test_bad_head_frees_stages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
