/* test_projection.c - projection: the field set itself, which fields a plan says
 * it reads (spl_plan_fields: listed only up to stats/table, every field for
 * anything it cannot list), and the event builder building exactly the wanted
 * fields, with the same values as a full build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "event/projection.h"
#include "event/ta_windows.h"
#include "event/winevent.h"
#include "spl/spl.h"

static void test_set(void **state)
{
    (void)state;
    assert_true(projection_all(NULL));
    assert_true(projection_wants(NULL, "x", 1));
    projection *p = projection_new();
    assert_false(projection_all(p));
    assert_false(projection_wants(p, "EventCode", 9));
    projection_want(p, "EventCode", 9);
    projection_want(p, "EventCode", 9);
    projection_want(p, "dest", 4);
    assert_true(projection_wants(p, "EventCode", 9));
    assert_false(projection_wants(p, "eventcode", 9));   /* field names are exact */
    assert_false(projection_wants(p, "EventCod", 8));
    assert_string_equal(projection_describe(p), "EventCode,dest");
    projection_want(p, "Data*", 5);
    assert_true(projection_all(p));
    assert_string_equal(projection_describe(p), "*");
    projection_free(p);

    p = projection_new();
    char name[16];
    for (int i = 0; i < 64; i++) {
        snprintf(name, sizeof name, "f%d", i);
        projection_want(p, name, strlen(name));
    }
    assert_false(projection_all(p));
    projection_want(p, "one_more", 8);    /* past the cap: everything */
    assert_true(projection_all(p));
    projection_free(p);
}

static void no_row(spl_sink *s, const record *r)
{
    (void)s;
    (void)r;
}

static spl_sink sink = { no_row, NULL };

/* What spl_plan_fields says of q, as projection_describe spells it. */
static void expect_fields(const char *q, const char *want)
{
    spl_env env = { 0 };
    tr_error err;
    spl_plan *plan = spl_compile(q, &env, &sink, &err);
    if (!plan)
        fail_msg("%s: %s", q, err.msg);
    projection *p = projection_new();
    spl_plan_fields(plan, p);
    const char *got = projection_describe(p);
    if (strcmp(got, want) != 0)
        fail_msg("%s: fields %s, expected %s", q, got, want);
    projection_free(p);
    spl_plan_free(plan);
}

static void test_plan_fields(void **state)
{
    (void)state;
    expect_fields("EventCode=2282 | stats count min(_time) as firstTime by EventCode dest Name",
                  "EventCode,_time,dest,Name");
    expect_fields("EventCode=4688 NOT (User=SYSTEM OR x<3) | stats dc(Computer) by host",
                  "EventCode,User,x,Computer,host,_time");
    /* eventtypes are expanded into the tests they stand for */
    expect_fields("eventtype=wineventlog_application EventCode=1 | stats count",
                  "eventtype,source,sourcetype,EventCode,_time");
    /* bare words are matched against _raw */
    expect_fields("EventCode=1 mimikatz | stats count", "EventCode,_raw,_time");
    /* after stats, rows are results: their fields are not the event's */
    expect_fields("EventCode=1 | stats count by host | eval x=Message | table x", "EventCode,host,_time");
    expect_fields("EventCode=1 | head 5 | table _time host", "EventCode,_time,host");
    expect_fields("EventCode=1 | fields - Message | stats count by host", "EventCode,host,_time");
    expect_fields("EventCode=1 | fields host | stats count", "EventCode,host,_raw,_time");
    /* events reach the output: all of them */
    expect_fields("EventCode=1", "*");
    expect_fields("EventCode=1 | head 3", "*");
    /* stages whose reads are not listed, and wildcards */
    expect_fields("EventCode=1 | eval y=x | stats count by y", "*");
    expect_fields("EventCode=1 | where x > 1 | stats count", "*");
    expect_fields("Event*=1 | stats count", "*");
    expect_fields("EventCode=1 | table host Data*", "*");
    /* the statistical commands read their aggregates' fields, eval(...) ones too */
    expect_fields("EventCode=1 | stats count(eval(x>1)) as n by host", "EventCode,x,host,_time");
    expect_fields("EventCode=1 | bin span=5m _time | stats count by _time user",
                  "EventCode,_time,user");
    expect_fields("EventCode=1 | eventstats avg(n) as a by host | table host a",
                  "EventCode,n,host,_time,a");
    expect_fields("EventCode=1 | transaction user startswith=(a=1) | table user",
                  "EventCode,user,_time,a");
    expect_fields("EventCode=1 | top limit=1 user", "EventCode,user");
    expect_fields("EventCode=1 | foreach * [eval x=1] | stats count", "*");
}

static void feed(winevent *w)
{
    winevent_begin(w);
    winevent_open(w, "Event", 5);
    winevent_open(w, "System", 6);
    winevent_open(w, "Provider", 8);
    winevent_attr(w, "Name", 4, "Microsoft-Windows-IIS-W3SVC-WP", 30);
    winevent_close(w);
    winevent_open(w, "EventID", 7);
    winevent_text(w, "2282", 4);
    winevent_close(w);
    winevent_open(w, "TimeCreated", 11);
    winevent_attr(w, "SystemTime", 10, "2024-03-11T07:02:13Z", 20);
    winevent_close(w);
    winevent_open(w, "Channel", 7);
    winevent_text(w, "Application", 11);
    winevent_close(w);
    winevent_open(w, "Computer", 8);
    winevent_text(w, "web01", 5);
    winevent_close(w);
    winevent_close(w);
    winevent_open(w, "EventData", 9);
    winevent_open(w, "Data", 4);
    winevent_attr(w, "Name", 4, "ModuleDll", 9);
    winevent_text(w, "x.dll", 5);
    winevent_close(w);
    winevent_open(w, "Data", 4);
    winevent_attr(w, "Name", 4, "Other", 5);
    winevent_text(w, "y", 1);
    winevent_close(w);
    winevent_close(w);
    winevent_close(w);
}

/* Builds the event with fields wanted (NULL: all) into r. */
static void build(const projection *fields, record *r)
{
    winevent_options opt = { NULL, NULL, fields, false };
    winevent *w = winevent_new(&opt);
    feed(w);
    const char *why;
    assert_int_equal(winevent_end(w, r, &why), 0);
    winevent_free(w);
}

static void assert_same_field(const record *full, const record *part, const char *name)
{
    const field *a = record_get(full, name), *b = record_get(part, name);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->nvalues, b->nvalues);
    for (uint32_t i = 0; i < a->nvalues; i++) {
        assert_int_equal(a->values[i].len, b->values[i].len);
        assert_memory_equal(a->values[i].s, b->values[i].s, a->values[i].len);
    }
}

static void test_builder_projects(void **state)
{
    (void)state;
    record full, part;
    record_init(&full);
    record_init(&part);
    build(NULL, &full);
    assert_non_null(record_get(&full, "_raw"));
    assert_non_null(record_get(&full, "Message"));   /* 2282 has a message template */

    static const char *const wanted[] = { "EventCode", "dest", "Name", "ModuleDll", "_time", "source" };
    projection *p = projection_new();
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        projection_want(p, wanted[i], strlen(wanted[i]));
    build(p, &part);
    /* the wanted fields, and the fields the add-on's rule for dest reads */
    ta_windows *ta = ta_windows_new(p);
    size_t extra = 0;
    for (size_t i = 0; i < part.nfields; i++) {
        const char *n = part.fields[i].name;
        if (projection_wants(p, n, strlen(n)))
            continue;
        assert_true(ta_windows_reads(ta, n, strlen(n)));
        assert_same_field(&full, &part, n);
        extra++;
    }
    ta_windows_free(ta);
    assert_int_equal(part.nfields, sizeof wanted / sizeof wanted[0] + extra);
    assert_true(extra > 0 && extra <= 3);   /* Computer, Channel */
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        assert_same_field(&full, &part, wanted[i]);
    assert_null(record_get(&part, "_raw"));
    assert_null(record_get(&part, "Other"));

    /* _raw is rendered when read, and is the full build's */
    projection_want(p, "_raw", 4);
    build(p, &part);
    assert_same_field(&full, &part, "_raw");
    projection_free(p);

    /* Message is computed from the whole event: reading it builds everything */
    p = projection_new();
    projection_want(p, "Message", 7);
    build(p, &part);
    assert_int_equal(part.nfields, full.nfields);
    for (size_t i = 0; i < full.nfields; i++)
        assert_same_field(&full, &part, full.fields[i].name);
    projection_free(p);
    record_free(&full);
    record_free(&part);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_plan_fields),
        cmocka_unit_test(test_builder_projects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
