/* test_json_reader.c - the JSON reader on small buffers: evtx_dump variants
 * (typed values, unnamed Data arrays, separate attributes, "Record N" banners, a
 * top-level array), malformed objects skipped with the rest read, unknown shapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "event/record.h"
#include "formats/json_reader.h"

typedef struct got {
    record r[4];
    int n;
} got;

static int collect(void *ctx, record *ev)
{
    got *g = ctx;
    if (g->n < 4)
        record_copy(&g->r[g->n], ev);
    g->n++;
    return 0;
}

static void run(const char *text, got *g, input_stats *st)
{
    memset(g, 0, sizeof *g);
    memset(st, 0, sizeof *st);
    for (int i = 0; i < 4; i++)
        record_init(&g->r[i]);
    json_reader_read_buffer("t.json", (const unsigned char *)text, strlen(text), NULL, collect,
                            g, st);
}

static void done(got *g)
{
    for (int i = 0; i < 4; i++)
        record_free(&g->r[i]);
}

static const char *val(const record *r, const char *name)
{
    const sv *v = record_value(r, name);
    return v ? v->s : "(none)";
}

#define EV(sys, data) "{\"Event\":{\"System\":{" sys "},\"EventData\":{" data "}}}"

static void test_evtx_dump_variants(void **state)
{
    (void)state;
    got g;
    input_stats st;
    run("Record 1\n"
        "{\n  \"Event\": {\n    \"System\": {\"Provider_attributes\": {\"Name\": \"P\"}, \"Provider\": null,\n"
        "      \"EventID\": 4624, \"Channel\": \"Security\", \"Computer\": \"h1\",\n"
        "      \"TimeCreated_attributes\": {\"SystemTime\": \"2024-01-02T03:04:05.5Z\"}, \"TimeCreated\": null},\n"
        "    \"EventData\": {\"LogonType\": 3, \"Data\": {\"#text\": [\"a\", \"b\"]}, \"Binary\": null}\n  }\n}\n"
        "Record 2\n"
        "[" EV("\"EventID\":{\"#attributes\":{\"Qualifiers\":16384},\"#text\":7036}", "\"param1\":\"x\"") "]\n",
        &g, &st);
    assert_int_equal(g.n, 2);
    assert_int_equal(st.bad_events, 0);
    assert_string_equal(val(&g.r[0], "Name"), "P");
    assert_string_equal(val(&g.r[0], "EventCode"), "4624");
    assert_string_equal(val(&g.r[0], "LogonType"), "3");
    assert_string_equal(val(&g.r[0], "_time"), "1704164645.500000");
    assert_string_equal(val(&g.r[0], "source"), "XmlWinEventLog:Security");
    field *d = record_get(&g.r[0], "Data");
    assert_non_null(d);
    assert_int_equal(d->nvalues, 2);
    assert_string_equal(d->values[1].s, "b");
    assert_string_equal(val(&g.r[1], "Qualifiers"), "16384");
    assert_string_equal(val(&g.r[1], "EventCode"), "7036");
    assert_string_equal(val(&g.r[1], "param1"), "x");
    done(&g);
}

static void test_malformed_lines_skipped(void **state)
{
    (void)state;
    got g;
    input_stats st;
    run(EV("\"EventID\":1", "") "\n"
        "{\"Event\":{\"System\":{\"EventID\":\"cut\n"
        EV("\"EventID\":2", "") "\n"
        "{\"Event\":{\"System\":{\"EventID\":3}\n"
        EV("\"EventID\":4", "") "\n"
        "{\"Event\": [1,}\n"
        "{\"nothing\":\"known\"}\n"
        "{\"preview\":false,\"lastrow\":true}\n"
        "{\"NXLog\":1,\"EventID\":5,\"Hostname\":\"h\",\"EventTime\":\"2024-03-11 07:02:13\",\"Keywords\":-9223372036854775808}\n",
        &g, &st);
    assert_int_equal(g.n, 4);
    assert_int_equal(st.bad_events, 4);
    assert_string_equal(val(&g.r[0], "EventCode"), "1");
    assert_string_equal(val(&g.r[1], "EventCode"), "2");
    assert_string_equal(val(&g.r[2], "EventCode"), "4");
    assert_string_equal(val(&g.r[3], "EventCode"), "5");
    assert_string_equal(val(&g.r[3], "NXLog"), "1");
    assert_string_equal(val(&g.r[3], "Keywords"), "0x8000000000000000");
    assert_string_equal(val(&g.r[3], "_time"), "1710140533.000000");
    assert_string_equal(val(&g.r[3], "dest"), "h");
    done(&g);
}

static void test_sniff(void **state)
{
    (void)state;
    assert_true(json_sniff((const unsigned char *)"  {\"a\":1}", 9));
    assert_true(json_sniff((const unsigned char *)"\n[", 2));
    assert_true(json_sniff((const unsigned char *)"Record 12\n{", 11));
    assert_false(json_sniff((const unsigned char *)"Record x\n{", 10));
    assert_false(json_sniff((const unsigned char *)"<Event", 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evtx_dump_variants),
        cmocka_unit_test(test_malformed_lines_skipped),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
