/* test_tstats.c - tstats over hand-built Sysmon 1 records (with the add-on's fields
 * computed, as the builder does): where with the search language, by-fields sorted
 * like stats, the CIM's "unknown" fills and fillnull_value, by _time span=,
 * options accepted, events outside the dataset ignored, and errors with columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "event/ta_windows.h"
#include "spl/spl.h"

/* Rows rendered as "a=1;b=x" lines. */
typedef struct rows {
    spl_sink sink;
    char text[4096];
} rows;

static void on_row(spl_sink *self, const record *r)
{
    rows *out = (rows *)self;
    size_t len = strlen(out->text);
    for (size_t i = 0; i < r->nfields && len < sizeof out->text; i++)
        len += (size_t)snprintf(out->text + len, sizeof out->text - len, "%s%s=%s", i ? ";" : "",
                                r->fields[i].name, r->fields[i].values[0].s);
    if (len < sizeof out->text)
        snprintf(out->text + len, sizeof out->text - len, "\n");
}

static void sysmon(record *r, const char *t, const char *host, const char *image, const char *cmd,
                   const char *parent)
{
    record_clear(r);
    record_set(r, "_time", t, strlen(t));
    record_set(r, "EventCode", "1", 1);
    record_set(r, "Channel", "Microsoft-Windows-Sysmon/Operational", 36);
    record_set(r, "Computer", host, strlen(host));
    record_set(r, "Image", image, strlen(image));
    record_set(r, "CommandLine", cmd, strlen(cmd));
    record_set(r, "ParentImage", parent, strlen(parent));
    record_set(r, "User", "CORP\\a", 6);
    ta_windows *ta = ta_windows_new(NULL);
    ta_windows_add(ta, r, false);
    ta_windows_free(ta);
}

static const char *run(const char *q, rows *out)
{
    memset(out, 0, sizeof *out);
    out->sink.row = on_row;
    tr_error err = { 0 };
    spl_plan *p = spl_compile(q, NULL, &out->sink, &err);
    if (!p) {
        char shown[1024];
        snprintf(out->text, sizeof out->text, "ERR %s", tr_error_render(&err, NULL, shown,
                                                                         sizeof shown));
        return out->text;
    }
    record r;
    record_init(&r);
    sysmon(&r, "100", "h2", "C:\\w\\appcmd.exe", "appcmd install module /image:x.dll", "C:\\w\\cmd.exe");
    spl_plan_push(p, &r);
    sysmon(&r, "50", "h1", "C:\\w\\appcmd.exe", "appcmd install module /image:y.dll", "C:\\w\\cmd.exe");
    spl_plan_push(p, &r);
    sysmon(&r, "70", "h1", "C:\\w\\appcmd.exe", "appcmd install module /image:z.dll",
           "C:\\w\\iissetup.exe");
    spl_plan_push(p, &r);
    sysmon(&r, "80", "h1", "C:\\w\\appcmd.exe", "appcmd list modules", "C:\\w\\cmd.exe");
    spl_plan_push(p, &r);
    /* Not a process creation: ignored whatever it holds. */
    record_set(&r, "EventCode", "3", 1);
    spl_plan_push(p, &r);
    /* An hour later (3600 + 50 s) on h1. */
    sysmon(&r, "3650", "h1", "C:\\w\\whoami.exe", "whoami", "C:\\w\\cmd.exe");
    spl_plan_push(p, &r);
    spl_plan_finish(p);
    spl_plan_free(p);
    record_free(&r);
    return out->text;
}

static void test_where_by(void **state)
{
    (void)state;
    rows out;
    assert_string_equal(
        run("| tstats summariesonly=false allow_old_summaries=true count min(_time) as firstTime "
            "max(_time) as lastTime from datamodel=Endpoint.Processes where NOT "
            "(Processes.parent_process_name IN (\"msiexec.exe\", \"iissetup.exe\")) "
            "Processes.process_name=APPCMD.exe Processes.process IN (\"*install *\") AND "
            "Processes.process=\"*image*\" by Processes.dest Processes.parent_process_name "
            "| rename Processes.* as *", &out),
        "dest=h1;parent_process_name=cmd.exe;count=1;firstTime=50;lastTime=50\n"
        "dest=h2;parent_process_name=cmd.exe;count=1;firstTime=100;lastTime=100\n");
    assert_string_equal(run("| tstats count from datamodel=Endpoint.Processes", &out),
                        "count=5\n");
    assert_string_equal(run("| tstats count from datamodel Endpoint.Processes where "
                            "Processes.process=\"*list*\" by Processes.dest", &out),
                        "Processes.dest=h1;count=1\n");
}

static void test_fillnull(void **state)
{
    (void)state;
    rows out;
    /* No original_file_name in these events: the CIM makes it "unknown". */
    assert_string_equal(run("| tstats count from datamodel=Endpoint.Processes by "
                            "Processes.original_file_name", &out),
                        "Processes.original_file_name=unknown;count=5\n");
    /* No process_guid and no CIM fill: dropped, unless fillnull_value. */
    assert_string_equal(run("| tstats count from datamodel=Endpoint.Processes by "
                            "Processes.process_guid", &out), "");
    assert_string_equal(run("| tstats fillnull_value=null count from datamodel=Endpoint.Processes "
                            "by Processes.process_guid", &out),
                        "Processes.process_guid=null;count=5\n");
}

static void test_span(void **state)
{
    (void)state;
    rows out;
    assert_string_equal(run("| tstats count from datamodel=Endpoint.Processes where "
                            "Processes.dest=h1 by _time span=1h Processes.process_name", &out),
                        "_time=0;Processes.process_name=appcmd.exe;count=3\n"
                        "_time=3600;Processes.process_name=whoami.exe;count=1\n");
    assert_string_equal(run("| tstats prestats=true count from datamodel=Endpoint.Processes by "
                            "Processes.dest span=1d _time", &out),
                        "Processes.dest=h1;_time=0;count=4\n"
                        "Processes.dest=h2;_time=0;count=1\n");
    assert_string_equal(run("| tstats count from datamodel=Endpoint.Processes by span=1x _time",
                            &out),
                        "ERR span of 'tstats' must be a time such as 1h, 30m or 1d, got '1x' "
                        "at column 58");
}

static void test_errors(void **state)
{
    (void)state;
    rows out;
    assert_string_equal(run("| tstats count", &out),
                        "ERR 'from datamodel=NAME' expected in 'tstats' (trawl reads data "
                        "models only) at column 15");
    assert_string_equal(run("| tstats count from datamodel=Web.Web", &out),
                        "ERR unsupported data model 'Web.Web' (trawl maps Endpoint.Processes, "
                        "Endpoint.Filesystem, Endpoint.Registry, Endpoint.Services, "
                        "Network_Traffic.All_Traffic, Network_Resolution.DNS, "
                        "Authentication.Authentication, Change.All_Changes) at column 31");
    assert_string_equal(run("| tstats count from table=x", &out),
                        "ERR 'datamodel=' after 'from' expected in 'tstats', got 'table' at column 21");
    assert_string_equal(run("| tstats bogus(x) from datamodel=Endpoint.Processes", &out),
                        "ERR unsupported stats function 'bogus' at column 10");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_where_by),
        cmocka_unit_test(test_fillnull),
        cmocka_unit_test(test_span),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
