/* test_record.c - the event data model: lookups (with the names filter) after sets,
 * adds, renames and removes over many fields, and the pack/unpack hand-off between
 * threads keeping names, order, multivalues and empty values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "event/record.h"

static void assert_value(const record *r, const char *name, const char *want)
{
    const sv *v = record_value(r, name);
    if (!want) {
        assert_null(v);
        return;
    }
    assert_non_null(v);
    assert_int_equal(v->len, strlen(want));
    assert_memory_equal(v->s, want, v->len);
}

static void test_lookups_over_many_fields(void **state)
{
    (void)state;
    record r;
    record_init(&r);
    char name[32], val[32];
    for (int i = 0; i < 300; i++) {     /* far more names than filter bits */
        snprintf(name, sizeof name, "f%d", i);
        snprintf(val, sizeof val, "v%d", i);
        record_set(&r, name, val, strlen(val));
    }
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof name, "f%d", i);
        snprintf(val, sizeof val, "v%d", i);
        assert_value(&r, name, val);
    }
    assert_value(&r, "f300", NULL);
    assert_value(&r, "", NULL);
    record_rename(&r, "f7", "renamed");
    assert_value(&r, "renamed", "v7");
    assert_value(&r, "f7", NULL);
    record_remove(&r, "f8");
    assert_value(&r, "f8", NULL);
    record_clear(&r);
    assert_value(&r, "f1", NULL);
    record_set(&r, "f1", "again", 5);
    assert_value(&r, "f1", "again");
    assert_int_equal(r.nfields, 1);
    record_free(&r);
}

static void test_pack_round_trip(void **state)
{
    (void)state;
    record a, b;
    record_init(&a);
    record_init(&b);
    record_set(&a, "EventCode", "2282", 4);
    record_add(&a, "Data", "one", 3);
    record_add(&a, "Data", "", 0);
    record_add(&a, "Data", "three", 5);
    record_set(&a, "_raw", "<Event>\0x</Event>", 17);   /* bytes, not C strings */
    char *buf = NULL;
    size_t len = 0, cap = 0;
    record_pack(&a, &buf, &len, &cap);
    record_set(&a, "second", "2", 1);
    record_pack(&a, &buf, &len, &cap);

    size_t off = 0;
    record_set(&b, "stale", "x", 1);
    record_unpack(&b, buf, &off);
    assert_int_equal(b.nfields, 3);
    assert_value(&b, "stale", NULL);
    assert_string_equal(b.fields[0].name, "EventCode");
    const field *d = record_get(&b, "Data");
    assert_non_null(d);
    assert_int_equal(d->nvalues, 3);
    assert_int_equal(d->values[1].len, 0);
    assert_memory_equal(d->values[2].s, "three", 5);
    const sv *raw = record_value(&b, "_raw");
    assert_int_equal(raw->len, 17);
    assert_memory_equal(raw->s, "<Event>\0x</Event>", 17);

    record_unpack(&b, buf, &off);
    assert_int_equal(off, len);
    assert_int_equal(b.nfields, 4);
    assert_value(&b, "second", "2");
    free(buf);
    record_free(&a);
    record_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups_over_many_fields),
        cmocka_unit_test(test_pack_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
