/* test_evtx_value.c - EVTX value rendering (every type as Windows shows it) and the
 * bounds-checked cursor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "evtx/evtx_cursor.h"
#include "evtx/evtx_private.h"

static void expect_text(unsigned type, const void *data, size_t n, const char *want)
{
    evtx_buf b = { 0 };
    assert_int_equal(evtx_value_text(&b, type, data, n), 0);
    evtx_buf_putc(&b, 0);
    assert_string_equal(b.p, want);
    evtx_buf_free(&b);
}

static void test_strings(void **state)
{
    (void)state;
    /* "Hé" + NUL terminator (dropped) */
    static const unsigned char s[] = { 'H', 0, 0xe9, 0, 0, 0 };
    expect_text(EVTX_VT_STRING, s, sizeof s, "H\xc3\xa9");
    /* U+1F600 as a surrogate pair, then a lone high surrogate, then 'x' */
    static const unsigned char sp[] = { 0x3d, 0xd8, 0x00, 0xde, 0x3d, 0xd8, 'x', 0 };
    expect_text(EVTX_VT_STRING, sp, sizeof sp, "\xf0\x9f\x98\x80\xef\xbf\xbdx");
    /* lone low surrogate */
    static const unsigned char lo[] = { 0x00, 0xdc };
    expect_text(EVTX_VT_STRING, lo, sizeof lo, "\xef\xbf\xbd");
    static const unsigned char ansi[] = { 'a', 0xe9, 0 };
    expect_text(EVTX_VT_ANSI, ansi, sizeof ansi, "a\xc3\xa9");
}

static void test_integers(void **state)
{
    (void)state;
    static const unsigned char m1[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    expect_text(EVTX_VT_INT8, m1, 1, "-1");
    expect_text(EVTX_VT_UINT8, m1, 1, "255");
    expect_text(EVTX_VT_INT16, m1, 2, "-1");
    expect_text(EVTX_VT_UINT16, m1, 2, "65535");
    expect_text(EVTX_VT_INT32, m1, 4, "-1");
    expect_text(EVTX_VT_UINT32, m1, 4, "4294967295");
    expect_text(EVTX_VT_INT64, m1, 8, "-1");
    expect_text(EVTX_VT_UINT64, m1, 8, "18446744073709551615");
    static const unsigned char h[8] = { 0x4d, 0x42, 0x04, 0, 0, 0, 0, 0 };
    expect_text(EVTX_VT_HEX32, h, 4, "0x4424d");
    expect_text(EVTX_VT_HEX64, h, 8, "0x4424d");
    expect_text(EVTX_VT_SIZET, h, 8, "0x4424d");
    expect_text(EVTX_VT_SIZET, h, 4, "0x4424d");
    static const unsigned char one[4] = { 1, 0, 0, 0 }, two[4] = { 2, 0, 0, 0 }, zero[4] = { 0 };
    expect_text(EVTX_VT_BOOL, one, 4, "true");
    expect_text(EVTX_VT_BOOL, two, 4, "true");
    expect_text(EVTX_VT_BOOL, zero, 4, "false");
}

/* Every digit count and the values on either side of each power of ten, against
 * printf: the writer makes two digits per step, so odd and even lengths differ. */
static void test_decimal_writer(void **state)
{
    (void)state;
    uint64_t p = 1;
    for (int digits = 1; digits <= 20; digits++) {
        uint64_t vals[] = { p - 1, p, p + 1, p * 7 + 3 };
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
            char want[32];
            snprintf(want, sizeof want, "%llu", (unsigned long long)vals[i]);
            evtx_buf b = { 0 };
            evtx_buf_put_u64(&b, vals[i]);
            evtx_buf_putc(&b, 0);
            assert_string_equal(b.p, want);
            evtx_buf_free(&b);
        }
        if (digits < 20)
            p *= 10;
    }
    evtx_buf b = { 0 };
    evtx_buf_put_i64(&b, INT64_MIN);
    evtx_buf_putc(&b, 0);
    assert_string_equal(b.p, "-9223372036854775808");
    evtx_buf_free(&b);
}

static void test_reals(void **state)
{
    (void)state;
    double d = 3199.234;
    float f = 1.5f;
    expect_text(EVTX_VT_REAL64, &d, 8, "3199.234");
    expect_text(EVTX_VT_REAL32, &f, 4, "1.5");
}

static void test_guid_sid_binary(void **state)
{
    (void)state;
    static const unsigned char g[16] = { 0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49,
                                         0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d };
    expect_text(EVTX_VT_GUID, g, 16, "{54849625-5478-4994-A5BA-3E3B0328C30D}");
    static const unsigned char sid[] = { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };
    expect_text(EVTX_VT_SID, sid, sizeof sid, "S-1-5-18");
    static const unsigned char bin[] = { 0xc1, 0, 0, 0 };
    expect_text(EVTX_VT_BINARY, bin, sizeof bin, "C1000000");
    evtx_buf b = { 0 };
    assert_int_equal(evtx_value_text(&b, EVTX_VT_SID, sid, 9), -1);   /* short SID */
    assert_int_equal(evtx_value_text(&b, EVTX_VT_GUID, g, 15), -1);
    assert_int_equal(b.len, 0);
    evtx_buf_free(&b);
}

static void test_times(void **state)
{
    (void)state;
    /* 2022-10-11T19:26:52.0456558Z as FILETIME */
    uint64_t ft = 133099900120456558ull;
    expect_text(EVTX_VT_FILETIME, &ft, 8, "2022-10-11T19:26:52.045655800Z");
    uint64_t epoch = 0;
    expect_text(EVTX_VT_FILETIME, &epoch, 8, "1601-01-01T00:00:00.000000000Z");
    static const unsigned char st[16] = { 0xe3, 0x07, 3, 0, 5, 0, 8, 0, 23, 0, 23, 0, 5, 0, 7, 0 };
    expect_text(EVTX_VT_SYSTIME, st, 16, "2019-03-08T23:23:05.007Z");
}

static void test_arrays(void **state)
{
    (void)state;
    static const unsigned char sa[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0 };
    size_t off = 0, n;
    const unsigned char *item;
    assert_int_equal(evtx_value_array_next(0x81, sa, sizeof sa, &off, &item, &n), 1);
    assert_int_equal(n, 2);
    assert_ptr_equal(item, sa);
    assert_int_equal(evtx_value_array_next(0x81, sa, sizeof sa, &off, &item, &n), 1);
    assert_int_equal(n, 4);
    assert_ptr_equal(item, sa + 4);
    assert_int_equal(evtx_value_array_next(0x81, sa, sizeof sa, &off, &item, &n), 0);
    static const unsigned char u16[5] = { 1, 0, 2, 0, 9 };      /* trailing odd byte ignored */
    off = 0;
    assert_int_equal(evtx_value_array_next(0x86, u16, 5, &off, &item, &n), 1);
    assert_int_equal(evtx_value_array_next(0x86, u16, 5, &off, &item, &n), 1);
    assert_ptr_equal(item, u16 + 2);
    assert_int_equal(evtx_value_array_next(0x86, u16, 5, &off, &item, &n), 0);
}

static void test_cursor(void **state)
{
    (void)state;
    static const unsigned char d[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    evtx_cursor c = evtx_cursor_make(d, 0, sizeof d);
    assert_int_equal(evtx_cursor_u8(&c), 1);
    assert_int_equal(evtx_cursor_u16(&c), 0x0302);
    assert_int_equal(evtx_cursor_u32(&c), 0x07060504u);
    assert_int_equal(evtx_cursor_left(&c), 2);
    assert_false(c.bad);
    assert_int_equal(evtx_cursor_u32(&c), 0);       /* past the end: zero, sticky bad */
    assert_true(c.bad);
    assert_int_equal(evtx_cursor_u8(&c), 0);
    assert_int_equal(evtx_cursor_left(&c), 0);
    assert_int_equal(evtx_cursor_peek(&c), -1);
    evtx_cursor e = evtx_cursor_make(d, 1, 9);
    assert_int_equal(evtx_cursor_u64(&e), 0x0908070605040302ull);
    assert_null(evtx_cursor_take(&e, 1));
    evtx_cursor h = evtx_cursor_make(d, 4, 2);       /* inverted range is bad at once */
    assert_true(h.bad);
    evtx_cursor big = evtx_cursor_make(d, 0, sizeof d);
    assert_null(evtx_cursor_take(&big, SIZE_MAX));  /* no overflow on huge sizes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_decimal_writer),
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_guid_sid_binary),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_arrays),
        cmocka_unit_test(test_cursor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
