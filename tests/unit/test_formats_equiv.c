/* test_formats_equiv.c - one event, many exports: the 55 well-formed fixture events of
 * tests/data/formats/fixtures/ as XML, EVTX, `trawl dump -f jsonl`, Winlogbeat,
 * NXLog, classic WinEventLog text and a Splunk JSON export must give the same
 * values for the fields detections use. Also the mixed directory (gzip, zstd),
 * --glob, --earliest/--latest and the time modifiers with a fixed "now". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/record.h"
#include "formats/input.h"
#include "formats/timerange.h"

#define DIR "tests/data/formats/fixtures/events"
#define MAXEV 64
/* The well-formed fixture events (tests/data/formats/make_all.sh). */
#define NFIXTURES 55

typedef struct events {
    record r[MAXEV];
    int n;
} events;

static int collect(void *ctx, record *ev)
{
    events *e = ctx;
    if (e->n < MAXEV)
        record_copy(&e->r[e->n], ev);
    e->n++;
    return 0;
}

static void load(const char *path, const input_options *opt, events *e, input_stats *st)
{
    memset(e, 0, sizeof *e);
    for (int i = 0; i < MAXEV; i++)
        record_init(&e->r[i]);
    memset(st, 0, sizeof *st);
    input_read_path(path, opt, collect, e, st);
}

static void unload(events *e)
{
    for (int i = 0; i < MAXEV; i++)
        record_free(&e->r[i]);
}

static const char *val(const record *r, const char *name)
{
    const sv *v = record_value(r, name);
    return v ? v->s : "(none)";
}

/* The first record with this EventCode (the fixtures hold one of each used here). */
static const record *by_code(const events *e, const char *code)
{
    for (int i = 0; i < e->n && i < MAXEV; i++)
        if (strcmp(val(&e->r[i], "EventCode"), code) == 0)
            return &e->r[i];
    fail_msg("no event %s", code);
    return NULL;
}

/* NXLog's to_json() puts EventData values beside its own keys, so a Data field named
 * like one of them (Sysmon 12's EventType) cannot be told apart: lost in that form. */
static const char *const nxlog_own_keys[] = {
    "EventTime", "Hostname", "Keywords", "EventType", "SeverityValue", "Severity",
    "EventID", "SourceName", "ProviderGuid", "Version", "Task", "OpcodeValue",
    "RecordNumber", "ProcessID", "ThreadID", "Channel", "UserID", "Category", "Opcode",
    "Message", NULL,
};

static bool in_list(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

/* Fields every form must carry exactly as the XML form does. */
static const char *const core[] = {
    "EventCode", "EventID", "Name", "Channel", "Computer", "host", "dvc",
    "EventRecordID", "RecordNumber", "signature_id",
};

/* A named EventData value of the XML record: its name is in EventData_Xml. */
static bool is_data(const record *xml, const char *name)
{
    const sv *ed = record_value(xml, "EventData_Xml");
    char pat[128];
    snprintf(pat, sizeof pat, "Name='%s'", name);
    return ed && strstr(ed->s, pat) != NULL;
}

/* form: file suffix; whole_seconds: the form keeps no sub-second time;
 * all_data: every named EventData value is in the form. */
static void check_form(const char *suffix, bool whole_seconds, bool all_data,
                       const char *source_prefix, const char *const *lost)
{
    char path[256];
    events x, f;
    input_stats sx, sf;
    load(DIR ".xml", NULL, &x, &sx);
    snprintf(path, sizeof path, "%s.%s", DIR, suffix);
    load(path, NULL, &f, &sf);
    assert_int_equal(x.n, NFIXTURES);
    assert_int_equal(f.n, x.n);
    assert_int_equal(sf.bad_events, 0);
    assert_int_equal(sf.bad_files, 0);
    for (int i = 0; i < x.n; i++) {
        const record *a = &x.r[i], *b = &f.r[i];
        for (size_t k = 0; k < sizeof core / sizeof core[0]; k++)
            assert_string_equal(val(b, core[k]), val(a, core[k]));
        /* dest comes from EventData too (a Security event's TargetServerName) */
        if (all_data)
            assert_string_equal(val(b, "dest"), val(a, "dest"));
        const char *ta = val(a, "_time"), *tb = val(b, "_time");
        if (whole_seconds)
            assert_memory_equal(ta, tb, 10);   /* epoch seconds; 10 digits in this era */
        else
            assert_string_equal(tb, ta);
        /* source: XmlWinEventLog:<Channel> or WinEventLog:<Channel> */
        char want[128];
        snprintf(want, sizeof want, "%s%s", source_prefix, val(a, "Channel"));
        assert_string_equal(val(b, "source"), want);
        for (size_t k = 0; k < a->nfields; k++) {
            const field *fa = &a->fields[k];
            if (!is_data(a, fa->name))
                continue;
            if (!all_data && strcmp(fa->name, "ModuleDll") != 0)
                continue;
            if (in_list(lost, fa->name))
                continue;
            assert_string_equal(val(b, fa->name), fa->values[0].s);
        }
    }
    unload(&x);
    unload(&f);
}

static void test_evtx(void **state) { (void)state; check_form("evtx", false, true, "XmlWinEventLog:", NULL); }
static void test_evtx_dump_jsonl(void **state) { (void)state; check_form("evtx.jsonl", false, true, "XmlWinEventLog:", NULL); }
static void test_splunk_export(void **state) { (void)state; check_form("splunk.json", false, true, "XmlWinEventLog:", NULL); }
/* Winlogbeat's @timestamp keeps milliseconds only. */
static void test_winlogbeat(void **state) { (void)state; check_form("winlogbeat.ndjson", true, true, "XmlWinEventLog:", NULL); }
static void test_nxlog(void **state) { (void)state; check_form("nxlog.json", true, true, "XmlWinEventLog:", nxlog_own_keys); }
/* Classic text has no EventData names: only ModuleDll, read back from the message. */
static void test_classic(void **state) { (void)state; check_form("classic.log", true, false, "WinEventLog:", NULL); }

static void test_classic_shape(void **state)
{
    (void)state;
    events e;
    input_stats st;
    load(DIR ".classic.log", NULL, &e, &st);
    assert_int_equal(e.n, NFIXTURES);
    const record *r = by_code(&e, "2282");
    assert_string_equal(val(r, "sourcetype"), "WinEventLog");
    assert_string_equal(val(r, "source"), "WinEventLog:Application");
    assert_string_equal(val(r, "ModuleDll"), "c:\\temp\\msf.dll");
    assert_string_equal(val(r, "_time"), "1671551905.000000");
    assert_string_equal(val(r, "ComputerName"), "win-dc-exch01.attackrange.local");
    assert_string_equal(val(r, "TaskCategory"), "None");
    assert_string_equal(val(r, "Message"),
                        "The Module DLL c:\\temp\\msf.dll failed to load.  The data is the error.");
    assert_int_equal(strncmp(val(r, "_raw"), "12/20/2022 03:58:25 PM\nLogName=Application\n", 43), 0);
    /* 4624: "Key: Value" lines of the message, multivalue across sections */
    const record *logon = by_code(&e, "4624");
    field *an = record_get(logon, "Account_Name");
    assert_non_null(an);
    assert_int_equal(an->nvalues, 2);
    assert_string_equal(an->values[0].s, "-");
    assert_string_equal(an->values[1].s, "ELMER_SALAS");
    assert_string_equal(val(logon, "Source_Network_Address"), "10.0.1.16");
    assert_string_equal(val(logon, "Logon_Type"), "3");
    unload(&e);
}

static void test_mixed_directory(void **state)
{
    (void)state;
    events e;
    input_stats st;
    load("tests/data/formats/mixed", NULL, &e, &st);
    assert_int_equal(e.n, 18);
    assert_int_equal(st.files, 7);
    assert_int_equal(st.bad_files + st.bad_events + st.incomplete, 0);
    unload(&e);
    const char *const globs[] = { "*.gz" };
    input_options opt = { .globs = globs, .nglobs = 1 };
    load("tests/data/formats/mixed", &opt, &e, &st);
    assert_int_equal(st.files, 3);
    assert_int_equal(st.skipped_files, 4);
    assert_int_equal(e.n, 3 + 2 + 2);   /* events 1,8,15 / 4,11 / 6,13 of the fleet */
    unload(&e);
}

/* The XML form keeps sub-seconds, NXLog whole seconds: latest = 19:15:28.2 on the
 * 4624's day keeps the NXLog copy (19:15:28.000) and drops the XML one (.337). Every
 * other event is in or out the same way in both forms. */
static void test_time_filter(void **state)
{
    (void)state;
    events all, e;
    input_stats st;
    input_options opt = { .has_earliest = true, .has_latest = true };
    assert_true(timerange_parse("2022-12-01", 0, &opt.earliest, &(const char *){ NULL }));
    assert_true(timerange_parse("2023-03-23T19:15:28.2Z", 0, &opt.latest,
                                &(const char *){ NULL }));
    load(DIR ".xml", NULL, &all, &st);
    int in_xml = 0, in_nxlog = 0;
    for (int i = 0; i < all.n; i++) {
        double t = strtod(val(&all.r[i], "_time"), NULL);
        in_xml += t >= opt.earliest && t < opt.latest;
        in_nxlog += (double)(long long)t >= opt.earliest && (double)(long long)t < opt.latest;
    }
    unload(&all);
    assert_int_equal(in_nxlog, in_xml + 1);
    load(DIR ".nxlog.json", &opt, &e, &st);
    assert_int_equal(e.n, in_nxlog);
    assert_int_equal(st.out_of_range, NFIXTURES - in_nxlog);
    by_code(&e, "2282");
    by_code(&e, "4624");
    unload(&e);
    load(DIR ".xml", &opt, &e, &st);
    assert_int_equal(e.n, in_xml);
    for (int i = 0; i < e.n; i++)
        assert_string_not_equal(val(&e.r[i], "EventCode"), "4624");
    unload(&e);
}

static double tr(const char *s, double now)
{
    double out = -1;
    const char *why = NULL;
    if (!timerange_parse(s, now, &out, &why))
        return -12345;
    return out;
}

static void test_time_modifiers(void **state)
{
    (void)state;
    /* now = 2024-03-13T15:47:11Z, a Wednesday */
    double now = 1710344831;
    assert_true(tr("now", now) == now);
    assert_true(tr("-24h", now) == now - 86400);
    assert_true(tr("-15m", now) == now - 900);
    assert_true(tr("-15min", now) == now - 900);
    assert_true(tr("@d", now) == 1710288000);            /* 2024-03-13T00:00:00Z */
    assert_true(tr("-7d@d", now) == 1709683200);         /* 2024-03-06T00:00:00Z */
    assert_true(tr("-1d@d+2h", now) == 1710208800);      /* 2024-03-12T02:00:00Z */
    assert_true(tr("@h", now) == 1710342000);            /* 15:00 */
    assert_true(tr("@w0", now) == 1710028800);           /* Sunday 2024-03-10 */
    assert_true(tr("@w1", now) == 1710115200);           /* Monday 2024-03-11 */
    assert_true(tr("@mon", now) == 1709251200);          /* 2024-03-01 */
    assert_true(tr("-1mon@mon", now) == 1706745600);     /* 2024-02-01 */
    assert_true(tr("@q", now) == 1704067200);            /* 2024-01-01 */
    assert_true(tr("@y", now) == 1704067200);
    assert_true(tr("-1y", now) == 1678722431);           /* 2023-03-13T15:47:11Z */
    assert_true(tr("+1d", now) == now + 86400);
    assert_true(tr("2024-03-11T07:02:13Z", now) == 1710140533);
    assert_true(tr("2024-03-11", now) == 1710115200);
    assert_true(tr("03/11/2024:07:02:13", now) == 1710140533);
    assert_true(tr("1710140533", now) == 1710140533);
    assert_true(tr("-24x", now) == -12345);
    assert_true(tr("yesterday", now) == -12345);
    assert_true(tr("@", now) == -12345);
    assert_true(tr("", now) == -12345);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evtx),
        cmocka_unit_test(test_evtx_dump_jsonl),
        cmocka_unit_test(test_splunk_export),
        cmocka_unit_test(test_winlogbeat),
        cmocka_unit_test(test_nxlog),
        cmocka_unit_test(test_classic),
        cmocka_unit_test(test_classic_shape),
        cmocka_unit_test(test_mixed_directory),
        cmocka_unit_test(test_time_filter),
        cmocka_unit_test(test_time_modifiers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
