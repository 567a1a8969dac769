/* test_evtx_carve.c - the name rule carved records are held to (evtx_carve_name_ok):
 * the string table's hash, valid UTF-16 and the XML Name production; and the reason
 * texts and breakdown line the reports are made of. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "evtx/evtx_private.h"

/* units as UTF-16LE bytes in buf; returns the count. */
static size_t utf16(unsigned char *buf, const uint16_t *units, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = (unsigned char)(units[i] & 0xff);
        buf[2 * i + 1] = (unsigned char)(units[i] >> 8);
    }
    return n;
}

/* The hash Windows stores with a name: h = h * 65599 + unit, low 16 bits. */
static unsigned hash(const uint16_t *units, size_t n)
{
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 65599u + units[i];
    return h & 0xffff;
}

/* evtx_carve_name_ok on units with their right hash. */
static bool ok(const uint16_t *units, size_t n)
{
    unsigned char buf[64];
    return evtx_carve_name_ok(buf, utf16(buf, units, n), hash(units, n));
}

#define OK(...) ok((const uint16_t[]){ __VA_ARGS__ }, sizeof((uint16_t[]){ __VA_ARGS__ }) / 2)

static void test_names(void **state)
{
    (void)state;
    assert_true(OK('E', 'v', 'e', 'n', 't'));
    assert_true(OK('e', 'v', 't', ':', 'D', 'a', 't', 'a'));        /* prefixed */
    assert_true(OK('_', 'x', '-', '1', '.', 'y'));
    assert_true(OK(0x4E2D, 0x6587));                                 /* CJK letters */
    assert_true(OK('a', 0xD800, 0xDC00));                            /* U+10000, paired */
    assert_false(OK('1', 'a'));                                      /* digit first */
    assert_false(OK('-', 'a'));
    assert_false(OK('a', ' ', 'b'));                                 /* space */
    assert_false(OK('a', 0x0001));                                   /* control */
    assert_false(OK('a', 0x007F));                                   /* DEL */
    assert_false(OK('a', 0x0085));                                   /* C1 */
    assert_false(OK('a', 0xFFFD));                                   /* replacement */
    assert_false(OK('a', 0xD800));                                   /* unpaired high */
    assert_false(OK('a', 0xDC00, 'b'));                              /* unpaired low */
    assert_false(OK('a', '<'));
    unsigned char buf[16];
    assert_false(evtx_carve_name_ok(buf, 0, 0));                     /* empty */
    const uint16_t ev[] = { 'E', 'v', 'e', 'n', 't' };
    assert_false(evtx_carve_name_ok(buf, utf16(buf, ev, 5), hash(ev, 5) ^ 1)); /* hash */
}

static void test_reports(void **state)
{
    (void)state;
    assert_string_equal(evtx_carve_reason(EVTX_CARVE_OK), "");
    assert_string_equal(evtx_carve_reason(EVTX_CARVE_ROOT), "root not Event");
    assert_string_equal(evtx_carve_reason(EVTX_CARVE_NVERDICTS), "");
    uint64_t counts[EVTX_CARVE_NVERDICTS] = { 7, 1, 2, 3, 4, 5 };
    char buf[160];
    evtx_carve_breakdown(buf, sizeof buf, counts, EVTX_CARVE_UNREADABLE);
    assert_string_equal(buf, "1 unreadable, 2 stale template, 3 garbage names, "
                             "4 root not Event, 5 no EventID");
    evtx_carve_breakdown(buf, sizeof buf, counts, EVTX_CARVE_STALE_TEMPLATE);
    assert_string_equal(buf, "2 stale template, 3 garbage names, 4 root not Event, "
                             "5 no EventID");
    evtx_carve_breakdown(buf, 12, counts, EVTX_CARVE_UNREADABLE);    /* cut, terminated */
    assert_string_equal(buf, "1 unreadabl");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
