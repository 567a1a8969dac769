/* test_timefmt.c - Splunk strftime/strptime and zones, with exact strings: the
 * seed detection's timestamp in UTC and Europe/Paris, every specifier, sub-second
 * widths, parsing back, and zone name validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/timefmt.h"

/* 2022-12-20T15:58:25.325383Z, a Tuesday: the fixture event's TimeCreated. */
#define T0 1671551905.325383

static const struct {
    double epoch;
    const char *fmt;
    const char *tz;
    const char *want;
} fmts[] = {
    {T0, "%Y-%m-%dT%H:%M:%S", NULL, "2022-12-20T15:58:25"},
    {T0, "%Y-%m-%dT%H:%M:%S", "UTC", "2022-12-20T15:58:25"},
    {T0, "%Y-%m-%dT%H:%M:%S", "Europe/Paris", "2022-12-20T16:58:25"},
    {T0, "%F %T %z %Z", "Europe/Paris", "2022-12-20 16:58:25 +0100 CET"},
    {1656000000, "%F %T %:z %Z", "Europe/Paris", "2022-06-23 18:00:00 +02:00 CEST"},
    {T0, "%F %T %z", "America/New_York", "2022-12-20 10:58:25 -0500"},
    {T0, "%F %T %z", "Asia/Kolkata", "2022-12-20 21:28:25 +0530"},
    {T0, "%3N|%6N|%9N|%Q|%N", NULL, "325|325383|325383000|325|325383000"},
    {T0, "%s", NULL, "1671551905"},
    {T0, "%b %B %a %A %j", NULL, "Dec December Tue Tuesday 354"},
    {T0, "%I:%M %p|%e|%y|%%|%Z|%z", NULL, "03:58 PM|20|22|%|UTC|+0000"},
    {1672531200, "%e %I %p %j %a", NULL, " 1 12 AM 001 Sun"},
    {0, "%Y-%m-%d %H:%M:%S %A", NULL, "1970-01-01 00:00:00 Thursday"},
    {-1.5, "%Y-%m-%d %H:%M:%S.%3N", NULL, "1969-12-31 23:59:58.500"},
    {951782400, "%F %j", NULL, "2000-02-29 060"},
    {T0, "%q %", NULL, "%q %"},
    {T0, "plain", NULL, "plain"},
};

static void test_format(void **state)
{
    (void)state;
    char buf[128];
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        size_t n = timefmt_format(fmts[i].epoch, fmts[i].fmt, fmts[i].tz, buf, sizeof buf);
        if (strcmp(buf, fmts[i].want) != 0)
            fprintf(stderr, "%s: got [%s] want [%s]\n", fmts[i].fmt, buf, fmts[i].want);
        assert_string_equal(buf, fmts[i].want);
        assert_int_equal(n, strlen(fmts[i].want));
    }
}

static void test_format_truncates(void **state)
{
    (void)state;
    char buf[8];
    size_t n = timefmt_format(T0, "%Y-%m-%dT%H:%M:%S", NULL, buf, sizeof buf);
    assert_int_equal(n, 7);
    assert_string_equal(buf, "2022-12");
    assert_int_equal(timefmt_format(NAN, "%Y", NULL, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

static const struct {
    const char *s;
    const char *fmt;
    const char *tz;
    bool ok;
    double want;
} parses[] = {
    {"2022-12-20 15:58:25", "%Y-%m-%d %H:%M:%S", NULL, true, 1671551905},
    {"2022-12-20T15:58:25", "%FT%T", NULL, true, 1671551905},
    {"2022-12-20 16:58:25", "%Y-%m-%d %H:%M:%S", "Europe/Paris", true, 1671551905},
    {"2022-06-23 20:00:00", "%Y-%m-%d %H:%M:%S", "Europe/Paris", true, 1656007200},
    {"2022-12-20 15:58:25.325", "%Y-%m-%d %H:%M:%S.%3N", NULL, true, 1671551905.325},
    {"2022-12-20 15:58:25.325383", "%Y-%m-%d %H:%M:%S.%6N", NULL, true, 1671551905.325383},
    {"20/Dec/2022:16:58:25 +0100", "%d/%b/%Y:%H:%M:%S %z", NULL, true, 1671551905},
    {"20/Dec/2022:10:58:25 -05:00", "%d/%b/%Y:%H:%M:%S %z", "Europe/Paris", true, 1671551905},
    {"Tuesday, December 20 2022 03:58:25 PM UTC", "%A, %B %d %Y %I:%M:%S %p %Z", NULL, true,
     1671551905},
    {"12/20/22 12:00:00 AM", "%D %I:%M:%S %p", NULL, true, 1671494400},
    {"1671551905", "%s", NULL, true, 1671551905},
    {"2022 354", "%Y %j", NULL, true, 1671494400},
    {"2022-12-20 trailing text", "%Y-%m-%d", NULL, true, 1671494400},
    {"2022-13-20", "%Y-%m-%d", NULL, false, 0},
    {"2022-12", "%Y-%m-%d", NULL, false, 0},
    {"abc", "%Y", NULL, false, 0},
    {"2022-12-20 25:00:00", "%Y-%m-%d %H:%M:%S", NULL, false, 0},
    {"100%", "100%%", NULL, true, 0},
};

static void test_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parses / sizeof parses[0]; i++) {
        double e = -12345;
        bool ok = timefmt_parse(parses[i].s, strlen(parses[i].s), parses[i].fmt, parses[i].tz, &e);
        if (ok != parses[i].ok || (ok && fabs(e - parses[i].want) > 1e-6))
            fprintf(stderr, "%s / %s: ok=%d got %.6f want %.6f\n", parses[i].s, parses[i].fmt, ok, e,
                    parses[i].want);
        assert_int_equal(ok, parses[i].ok);
        if (ok)
            assert_true(fabs(e - parses[i].want) < 1e-6);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    char buf[64];
    const char *zones[] = {NULL, "Europe/Paris", "America/New_York", "Australia/Sydney"};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++)
        for (double t = 0; t < 2e9; t += 86400 * 37.3 + 3599) {
            double back;
            double whole = floor(t);
            size_t n = timefmt_format(whole, "%Y-%m-%d %H:%M:%S %z", zones[z], buf, sizeof buf);
            assert_true(timefmt_parse(buf, n, "%Y-%m-%d %H:%M:%S %z", NULL, &back));
            assert_true(back == whole);
        }
}

static void test_zone_valid(void **state)
{
    (void)state;
    assert_true(timefmt_zone_valid(NULL));
    assert_true(timefmt_zone_valid("UTC"));
    assert_true(timefmt_zone_valid("Europe/Paris"));
    assert_true(timefmt_zone_valid("America/Argentina/Buenos_Aires"));
    assert_false(timefmt_zone_valid("Mars/Olympus_Mons"));
    assert_false(timefmt_zone_valid("../../etc/passwd"));
    assert_false(timefmt_zone_valid("/etc/localtime"));
    assert_false(timefmt_zone_valid("Europe"));   /* a directory, not a zone */
    assert_false(timefmt_zone_valid("Europe/Paris\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_truncates),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_zone_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
