/* test_termsafe.c - what a terminal gets of hostile text: every control character,
 * C1 control, bidi control and malformed UTF-8 byte escaped, valid text untouched,
 * the size bound held; and tr_warn lines escaped whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/error.h"
#include "util/termsafe.h"

/* Escapes s (n bytes) and checks the result against want. */
static void expect_escaped(const char *s, size_t n, const char *want)
{
    char out[TERMSAFE_SIZE(64) + 1];
    assert_true(n <= 64);
    size_t len = termsafe_escape(s, n, out);
    out[len] = '\0';
    assert_string_equal(out, want);
    assert_int_equal(termsafe_needed(s, n), len != n || memcmp(out, s, n) != 0);
}

#define ESC(lit, want) expect_escaped(lit, sizeof lit - 1, want)

static void test_c0_del_and_layout(void **state)
{
    (void)state;
    ESC("a\tb\nc\rd", "a\\tb\\nc\\rd");
    ESC("\x1b]0;owned\x07", "\\x1b]0;owned\\x07");
    ESC("\x1b[2J\x1b[31mred\x1b[0m", "\\x1b[2J\\x1b[31mred\\x1b[0m");
    ESC("admin\r\x1b[1Aroot", "admin\\r\\x1b[1Aroot");
    ESC("\x01\x1f\x7f", "\\x01\\x1f\\x7f");
    expect_escaped("a\0b", 3, "a\\x00b");
}

static void test_c1_and_bidi(void **state)
{
    (void)state;
    ESC("\xc2\x80\xc2\x9b\xc2\x9f", "\\u0080\\u009b\\u009f");
    ESC("\xc2\xa0", "\xc2\xa0");                       /* U+00A0 is text */
    /* Every Bidi_Control code point, and the line/paragraph separators. */
    ESC("\xd8\x9c", "\\u061c");
    ESC("\xe2\x80\x8e\xe2\x80\x8f", "\\u200e\\u200f");
    ESC("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae",
        "\\u202a\\u202b\\u202c\\u202d\\u202e");
    ESC("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069");
    ESC("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
    /* Neighbours stay. */
    ESC("\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa", "\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

static void test_valid_text_untouched(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "C:\\Windows\\System32\\svchost.exe", "caf\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87",
        "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "\xf4\x8f\xbf\xbf", "",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_false(termsafe_needed(ok[i], strlen(ok[i])));
        expect_escaped(ok[i], strlen(ok[i]), ok[i]);
    }
}

static void test_malformed_utf8(void **state)
{
    (void)state;
    ESC("a\xff" "b", "a\\xffb");
    ESC("\x80", "\\x80");                              /* stray continuation */
    ESC("\xc3", "\\xc3");                              /* cut at the end */
    ESC("\xc3(", "\\xc3(");                            /* cut by ASCII */
    ESC("\xc0\x80", "\\xc0\\x80");                     /* overlong NUL */
    ESC("\xe0\x80\xaf", "\\xe0\\x80\\xaf");            /* overlong '/' */
    ESC("\xed\xa0\x80", "\\xed\\xa0\\x80");            /* surrogate */
    ESC("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");   /* past U+10FFFF */
    ESC("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
    ESC("\xe2\x80", "\\xe2\\x80");                     /* a cut bidi override */
}

/* Worst cases stay within TERMSAFE_SIZE, and the output never needs escaping again. */
static void test_bound_and_idempotence(void **state)
{
    (void)state;
    unsigned char in[256];
    char out[TERMSAFE_SIZE(sizeof in)];
    uint32_t seed = 7;
    for (int t = 0; t < 20000; t++) {
        size_t n = (size_t)(t % (int)sizeof in);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly bytes around the interesting ranges. */
            static const unsigned char pick[] = { 0x1b, 0x0a, 0x7f, 0xc2, 0x9b, 0xe2, 0x80,
                                                  0xae, 0xff, 'a', '\\', 0xf4, 0x90, 0xd8 };
            in[i] = (seed >> 20) & 1 ? pick[(seed >> 8) % sizeof pick] : (unsigned char)(seed >> 12);
        }
        size_t len = termsafe_escape((const char *)in, n, out);
        assert_true(len <= TERMSAFE_SIZE(n));
        assert_false(termsafe_needed(out, len));
    }
    memset(in, 0x9b, sizeof in);   /* a lone continuation byte each: 4 bytes out */
    assert_int_equal(termsafe_escape((const char *)in, sizeof in, out), TERMSAFE_SIZE(sizeof in));
}

static char captured[512];

static void capture(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    assert_true(len < sizeof captured);
    memcpy(captured, line, len);
    captured[len] = '\0';
}

/* A message naming a hostile file stays one line. */
static void test_tr_warn_escapes_whole_line(void **state)
{
    (void)state;
    tr_capture prev = tr_warn_capture_begin(capture, NULL);
    tr_warn("%s: unknown format, skipped", "evil\x1b[2J\nname\xff.xml");
    tr_error err = { 0 };
    tr_error_at(&err, "x\r.xml", 3, 0, "bad value '%s'", "\xe2\x80\xae" "exe.txt");
    tr_error_print(&err);
    tr_warn_capture_end(prev);
    assert_string_equal(captured, "trawl: x\\r.xml:3: bad value '\\u202eexe.txt'\n");
    prev = tr_warn_capture_begin(capture, NULL);
    tr_warn("%s: unknown format, skipped", "evil\x1b[2J\nname\xff.xml");
    tr_warn_capture_end(prev);
    assert_string_equal(captured, "trawl: evil\\x1b[2J\\nname\\xff.xml: unknown format, skipped\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c0_del_and_layout),
        cmocka_unit_test(test_c1_and_bidi),
        cmocka_unit_test(test_valid_text_untouched),
        cmocka_unit_test(test_malformed_utf8),
        cmocka_unit_test(test_bound_and_idempotence),
        cmocka_unit_test(test_tr_warn_escapes_whole_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
