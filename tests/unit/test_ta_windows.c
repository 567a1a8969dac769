/* test_ta_windows.c - the Splunk add-ons' computed fields (ta_windows.c): exact
 * values on real fixture events (the 4625 `user`, 4769 `src_ip` and
 * `Error_Code`), the add-on's corner cases on hand-made events (4688 `process`,
 * "-" and loopback values, Sysmon registry and DNS), and projection: a search that
 * reads one computed field gets it, and the builder builds what its rules read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/projection.h"
#include "event/record.h"
#include "event/ta_windows.h"
#include "formats/input.h"
#include "formats/xml_reader.h"
#include "../support/shared_data.h"

#define FIXTURES "../shared/fixtures/xmlwineventlog"

typedef struct one {
    record rec;
    int n;
} one;

static int on_event(void *ctx, record *ev)
{
    one *o = ctx;
    if (o->n++ == 0)
        record_copy(&o->rec, ev);
    return 0;
}

/* Reads XML text (one event) with the given projection into o->rec. */
static void read_xml(const char *xml, size_t len, const projection *fields, one *o)
{
    record_init(&o->rec);
    o->n = 0;
    input_stats st = { 0 };
    input_options opt = { .lenient = true, .fields = fields };
    xml_reader_read_buffer("test", (const unsigned char *)xml, len, &opt, on_event, o, &st);
    assert_int_equal(o->n, 1);
}

static void read_fixture(const char *base, const projection *fields, one *o)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.xml", FIXTURES, base);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    read_xml(buf, n, fields, o);
}

static void expect(const record *r, const char *name, const char *want)
{
    const sv *v = record_value(r, name);
    if (!v)
        fail_msg("field %s missing (want \"%s\")", name, want);
    if (strcmp(v->s, want) != 0)
        fail_msg("field %s is \"%s\", want \"%s\"", name, v->s, want);
}

static void expect_none(const record *r, const char *name)
{
    const sv *v = record_value(r, name);
    if (v)
        fail_msg("field %s is \"%s\", want none", name, v->s);
}

static void test_security_4625(void **state)
{
    (void)state;
    one o;
    read_fixture("windows_event_log_security_4625", NULL, &o);
    const record *r = &o.rec;
    expect(r, "user", "Administrator");
    expect(r, "src_ip", "10.0.1.30");
    expect(r, "src_port", "59450");
    expect(r, "Error_Code", "0xc000006d");
    expect(r, "Sub_Status", "0xc000006a");
    expect(r, "Logon_Type", "3");
    expect(r, "action", "failure");
    expect(r, "status", "failure");
    expect(r, "ta_windows_action", "failure");
    /* the sub-status lookup is case-sensitive on upper-case codes */
    expect(r, "signature", "An account failed to log on");
    expect(r, "signature_id", "4625");
    expect(r, "dest", "ar-win-8.attackrange.local");
    expect(r, "dest_nt_domain", "builtin");
    expect(r, "event_id", "367348");
    expect(r, "session_id", "0x0");
    expect(r, "process", "-");
    expect(r, "process_id", "588");   /* System/Execution ProcessID */
    expect(r, "app", "win:remote");
    /* SubjectUserName is "-": no src_user; WorkstationName "-": no src */
    expect_none(r, "src_user");
    expect_none(r, "src");
    expect_none(r, "src_nt_domain");
    record_free(&o.rec);
}

static void test_security_4769_4688(void **state)
{
    (void)state;
    one o;
    read_fixture("windows_event_log_security_4769", NULL, &o);
    expect(&o.rec, "src_ip", "::ffff:10.0.1.15");
    expect(&o.rec, "Error_Code", "0x0");
    expect(&o.rec, "action", "success");
    expect(&o.rec, "service", "AR-WIN-2$");
    expect(&o.rec, "service_id", "ATTACKRANGE\\AR-WIN-2$");
    expect(&o.rec, "user", "AR-WIN-2$@ATTACKRANGE.LOCAL");
    expect(&o.rec, "ta_windows_action", "failure");   /* the add-on's EVAL, literally */
    record_free(&o.rec);

    read_fixture("windows_event_log_security_4688", NULL, &o);
    const record *r = &o.rec;
    expect(r, "process", "\"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe\" --ps2");
    expect(r, "process_name", "splunk-powershell.exe");
    expect(r, "process_path", "C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe");
    expect(r, "process_id", "0xf84");
    expect(r, "parent_process_name", "splunkd.exe");
    expect(r, "parent_process_id", "0xb2c");
    expect(r, "user", "AR-WIN-1$");   /* target "-": the subject */
    expect(r, "action", "allowed");
    record_free(&o.rec);
}

/* A Security 4688 with the given command line and new process name. */
static void read_4688(const char *cmd, const char *name, one *o)
{
    char xml[2048];
    int n = snprintf(xml, sizeof xml,
                     "<Event><System><EventID>4688</EventID><Keywords>0x8010000000000000</Keywords>"
                     "<Channel>Security</Channel><Computer>h</Computer></System><EventData>"
                     "<Data Name='TargetUserName'>bob</Data><Data Name='NewProcessName'>%s</Data>"
                     "<Data Name='CommandLine'>%s</Data></EventData></Event>",
                     name, cmd);
    read_xml(xml, (size_t)n, NULL, o);
}

static void test_4688_process_rule(void **state)
{
    (void)state;
    one o;
    read_4688("cmd.exe /c whoami", "C:\\Windows\\System32\\cmd.exe", &o);
    expect(&o.rec, "process", "C:\\Windows\\System32\\cmd.exe /c whoami");
    expect(&o.rec, "process_command_line_process", "cmd.exe");
    expect(&o.rec, "process_command_line_arguments", "/c whoami");
    expect(&o.rec, "user", "bob");
    expect(&o.rec, "action", "failure");   /* the EVAL gives nothing; the Keywords lookup */
    expect(&o.rec, "status", "failure");
    record_free(&o.rec);
    read_4688("x.exe a", "C:\\Program Files\\x.exe", &o);
    expect(&o.rec, "process", "\"C:\\Program Files\\x.exe\" a");
    record_free(&o.rec);
    read_4688("cmd.exe", "C:\\Windows\\System32\\cmd.exe", &o);
    expect(&o.rec, "process", "C:\\Windows\\System32\\cmd.exe");
    record_free(&o.rec);
}

static void test_security_host_and_loopback(void **state)
{
    (void)state;
    static const char xml[] =
        "<Event><System><EventID>4648</EventID><Keywords>0x8020000000000000</Keywords>"
        "<Channel>Security</Channel><Computer>dc1</Computer></System><EventData>"
        "<Data Name='SubjectUserName'>alice</Data><Data Name='SubjectDomainName'>CORP</Data>"
        "<Data Name='TargetUserName'>bob</Data><Data Name='TargetServerName'>\\\\srv1</Data>"
        "<Data Name='IpAddress'>127.0.0.1</Data><Data Name='IpPort'>0</Data></EventData></Event>";
    one o;
    read_xml(xml, sizeof xml - 1, NULL, &o);
    expect(&o.rec, "dest", "srv1");          /* host-like: backslashes dropped */
    expect(&o.rec, "dest_nt_host", "srv1");
    expect_none(&o.rec, "src_ip");           /* loopback is not a source */
    expect(&o.rec, "src", "127.0.0.1");      /* Source_Workstation from IpAddress */
    expect(&o.rec, "src_user", "alice");
    expect(&o.rec, "src_nt_domain", "CORP");
    expect(&o.rec, "user", "bob");
    expect(&o.rec, "action", "success");
    expect(&o.rec, "app", "win:remote");
    record_free(&o.rec);
}

static void test_sysmon(void **state)
{
    (void)state;
    one o;
    read_fixture("sysmon_eventid_13", NULL, &o);
    const record *r = &o.rec;
    expect(r, "registry_path",
           "HKLM\\System\\CurrentControlSet\\Services\\W32Time\\SecureTimeLimits\\SecureTimeHigh");
    expect(r, "registry_value_name", "SecureTimeHigh");
    expect(r, "registry_key_name", "SecureTimeLimits");
    expect(r, "registry_hive", "HKEY_LOCAL_MACHINE");
    /* the value inside DWORD (...)/QWORD (...): detections test "0x00000001" */
    expect(r, "registry_value_data", "0x01d776fd-0xd724b8c5");
    expect(r, "registry_value_type", "REG_QWORD");
    expect(r, "RegistryValueData", "0x01d776fd-0xd724b8c5");
    expect(r, "action", "modified");
    expect(r, "process_name", "lsass.exe");
    expect(r, "signature", "Registry value set");
    expect(r, "vendor_product", "Microsoft Sysmon");
    expect(r, "dest", "win-host-623.attackrange.local");
    record_free(&o.rec);

    read_fixture("sysmon_eventid_3", NULL, &o);
    expect(&o.rec, "dest", "41.77.117.236");   /* the remote end, as All_Traffic.dest */
    expect(&o.rec, "app", "C:\\Temp\\agent_tesla-deob.exe");
    expect(&o.rec, "src", "win-dc-ctus-attack-range-403.attackrange.local");
    expect(&o.rec, "transport_dest_port", "tcp/21");
    record_free(&o.rec);

    read_fixture("sysmon_eventid_22", NULL, &o);
    expect_none(&o.rec, "dest");   /* the DNS query's source is the computer */
    expect(&o.rec, "src", record_value(&o.rec, "Computer")->s);
    expect(&o.rec, "query", record_value(&o.rec, "QueryName")->s);
    record_free(&o.rec);

    read_fixture("sysmon_eventid_10", NULL, &o);
    expect(&o.rec, "process_name", "winlogon.exe");          /* the target */
    expect(&o.rec, "parent_process_name", "Rubeus.exe");     /* the source */
    expect(&o.rec, "granted_access", "0x1f3fff");
    expect(&o.rec, "process_guid", "{3BF36828-4B37-61E8-0900-00000000CF01}");
    record_free(&o.rec);

    read_fixture("sysmon_eventid_1", NULL, &o);
    expect(&o.rec, "process", record_value(&o.rec, "CommandLine")->s);
    expect(&o.rec, "MD5", "F4F684066175B77E0C3A000549D2922C");
    expect(&o.rec, "user", record_value(&o.rec, "User")->s);
    record_free(&o.rec);
}

/* A search reading only `user`: the builder builds user and what its rules read,
 * and none of the other computed fields. */
static void test_projection(void **state)
{
    (void)state;
    projection *p = projection_new();
    projection_want(p, "user", 4);
    projection_want(p, "EventCode", 9);
    one o;
    read_fixture("windows_event_log_security_4625", p, &o);
    expect(&o.rec, "user", "Administrator");
    expect_none(&o.rec, "src_ip");
    expect_none(&o.rec, "signature");
    expect_none(&o.rec, "Error_Code");
    record_free(&o.rec);

    ta_windows *ta = ta_windows_new(p);
    assert_true(ta_windows_reads(ta, "TargetUserName", 14));
    assert_true(ta_windows_reads(ta, "src_user", 8));         /* 4688's rule */
    assert_true(ta_windows_reads(ta, "SubjectUserName", 15)); /* through src_user */
    assert_false(ta_windows_reads(ta, "IpAddress", 9));
    ta_windows_free(ta);
    projection_free(p);

    /* Every rule list parses and every field is known (the asserts of _new). */
    ta = ta_windows_new(NULL);
    assert_true(ta_windows_reads(ta, "IpAddress", 9));
    assert_true(ta_windows_computes("src_ip", 6));
    assert_false(ta_windows_computes("IpAddress", 9));
    ta_windows_free(ta);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_4688_process_rule),
        cmocka_unit_test(test_security_host_and_loopback),
    };
    /* These read ../shared. */
    const struct CMUnitTest needs[] = {
        cmocka_unit_test(test_security_4625),
        cmocka_unit_test(test_security_4769_4688),
        cmocka_unit_test(test_sysmon),
        cmocka_unit_test(test_projection),
    };
    return SHARED_DATA_RUN("test_ta_windows", own, needs);
}
