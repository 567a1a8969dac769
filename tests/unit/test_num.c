/* test_num.c - SPL number parsing: the digit fast path (event codes, epoch times)
 * must give exactly what strtod gives, and the strict rules (whole string, no inf,
 * nan or hex floats) must hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/num.h"

static void test_fast_path_matches_strtod(void **state)
{
    (void)state;
    char buf[40];
    uint32_t seed = 12345;
    for (int t = 0; t < 200000; t++) {
        seed = seed * 1103515245u + 12345u;
        int ilen = (int)(seed >> 16) % 14, flen = (int)(seed >> 8) % 12, n = 0;
        for (int i = 0; i < ilen; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[n++] = (char)('0' + (seed >> 16) % 10);
        }
        if (flen || (seed & 1)) {
            buf[n++] = '.';
            for (int i = 0; i < flen; i++) {
                seed = seed * 1103515245u + 12345u;
                buf[n++] = (char)('0' + (seed >> 16) % 10);
            }
        }
        buf[n] = '\0';
        bool digits = false;
        for (int i = 0; i < n; i++)
            digits |= buf[i] != '.';
        double got;
        bool ok = num_parse(buf, (size_t)n, &got);
        assert_int_equal(ok, digits && !(buf[0] == '.' && n == 1));
        if (ok && !(buf[0] == '.' && (n < 2 || buf[1] == '.')))
            assert_true(got == strtod(buf, NULL));
    }
}

static void test_strict_rules(void **state)
{
    (void)state;
    double v;
    assert_true(num_parse("2282", 4, &v) && v == 2282);
    assert_true(num_parse(" 1710141733.884192 ", 19, &v) && v == 1710141733.884192);
    assert_true(num_parse("-3.5", 4, &v) && v == -3.5);
    assert_true(num_parse("0x10", 4, &v) && v == 16);
    assert_true(num_parse("1e3", 3, &v) && v == 1000);
    assert_true(num_parse("12345678901234567890", 20, &v) && v == 12345678901234567890.0);
    assert_false(num_parse("1.2.3", 5, &v));
    assert_false(num_parse("inf", 3, &v));
    assert_false(num_parse("nan", 3, &v));
    assert_false(num_parse("0x1p3", 5, &v));
    assert_false(num_parse("12a", 3, &v));
    assert_false(num_parse("", 0, &v));
    assert_false(num_parse(".", 1, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_matches_strtod),
        cmocka_unit_test(test_strict_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
