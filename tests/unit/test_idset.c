/* test_idset.c - the identifier set the carved-record duplicate check relies on:
 * the same answers as a plain bitmap for adds in any order, runs merged into one
 * range, and a bounded number of ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/idset.h"

static void test_runs_merge(void **state)
{
    (void)state;
    idset s;
    idset_init(&s);
    for (uint64_t id = 100; id < 200; id++)
        idset_add(&s, id);
    assert_int_equal(s.n, 1);
    idset_add(&s, 300);
    idset_add(&s, 250);
    idset_add(&s, 201);                  /* one short of joining */
    assert_int_equal(s.n, 4);
    idset_add(&s, 200);                  /* joins 100..199 and 201 */
    assert_int_equal(s.n, 3);
    assert_true(idset_has(&s, 100) && idset_has(&s, 201) && idset_has(&s, 250));
    assert_false(idset_has(&s, 99) || idset_has(&s, 202) || idset_has(&s, 299));
    idset_add(&s, UINT64_MAX);
    idset_add(&s, 0);
    assert_true(idset_has(&s, UINT64_MAX) && idset_has(&s, 0));
    assert_false(idset_has(&s, UINT64_MAX - 1) || idset_has(&s, 1));
    idset_clear(&s);
    assert_false(idset_has(&s, 100));
    idset_free(&s);
}

/* Random adds over a small domain, checked against a bitmap, ranges kept sorted,
 * disjoint and not adjacent. */
static void test_same_as_bitmap(void **state)
{
    (void)state;
    enum { DOMAIN = 4096 };
    srand(7);
    for (int round = 0; round < 20; round++) {
        unsigned char bits[DOMAIN] = { 0 };
        idset s;
        idset_init(&s);
        int adds = rand() % 3000;
        for (int i = 0; i < adds; i++) {
            uint64_t id = (uint64_t)(rand() % DOMAIN);
            if (rand() % 2) {                     /* runs, as chunks give them */
                for (int k = 0; k < 8 && id + (uint64_t)k < DOMAIN; k++) {
                    idset_add(&s, id + (uint64_t)k);
                    bits[id + (uint64_t)k] = 1;
                }
            } else {
                idset_add(&s, id);
                bits[id] = 1;
            }
        }
        for (uint64_t id = 0; id < DOMAIN; id++)
            assert_int_equal(idset_has(&s, id), bits[id]);
        for (size_t i = 0; i < s.n; i++) {
            assert_true(s.r[i].lo <= s.r[i].hi);
            if (i)
                assert_true(s.r[i - 1].hi + 1 < s.r[i].lo);
        }
        assert_false(s.full);
        idset_free(&s);
    }
}

/* Identifiers two apart each need a range of their own: past the cap they are
 * dropped, and the set says so. */
static void test_bounded(void **state)
{
    (void)state;
    idset s;
    idset_init(&s);
    for (uint64_t i = 0; i < IDSET_MAX_RANGES + 10; i++)
        idset_add(&s, 2 * i);
    assert_int_equal(s.n, IDSET_MAX_RANGES);
    assert_true(s.full);
    assert_true(idset_has(&s, 0));
    assert_false(idset_has(&s, 2 * (uint64_t)IDSET_MAX_RANGES));
    idset_add(&s, 1);                    /* joining two ranges still works when full */
    assert_int_equal(s.n, IDSET_MAX_RANGES - 1);
    idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_merge),
        cmocka_unit_test(test_same_as_bitmap),
        cmocka_unit_test(test_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
