/* test_datamodel.c - the CIM mapping table against the real fixture of each of its
 * sources (and a hand-written event for the sources security_content has no
 * example of): exact dataset field values, the CIM's "unknown" fills, child
 * datasets through `nodename`, and every fixture mapped into no dataset it should
 * not feed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "event/ta_windows.h"
#include "formats/input.h"
#include "formats/xml_reader.h"
#include "spl/datamodel.h"
#include "../support/shared_data.h"

#define FIXTURES "../shared/fixtures/xmlwineventlog"

/* The first event of a fixture file (or of XML text), fully built. */
typedef struct grab {
    record ev;
    int n;
} grab;

static int on_event(void *ctx, record *ev)
{
    grab *g = ctx;
    if (g->n++ == 0)
        record_copy(&g->ev, ev);
    return 0;
}

static void load(const char *base, grab *g)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.xml", FIXTURES, base);
    record_init(&g->ev);
    g->n = 0;
    input_options opt = { .quiet = true, .lenient = true };
    input_stats st = { 0 };
    input_read_path(path, &opt, on_event, g, &st);
    assert_int_equal(g->n, 1);
}

static void load_xml(const char *xml, grab *g)
{
    record_init(&g->ev);
    g->n = 0;
    input_options opt = { .quiet = true };
    input_stats st = { 0 };
    xml_reader_read_buffer("test", (const unsigned char *)xml, strlen(xml), &opt, on_event, g,
                           &st);
    assert_int_equal(g->n, 1);
}

/* One expectation: the event maps into dataset with these "field=value" pairs
 * (a `nodename=X` pair: X is one of its nodes). */
typedef struct expect_row {
    const char *dataset;
    const char *fixture;    /* fixture base name, or NULL for xml */
    const char *xml;
    const char *pairs[12];
} expect_row;

#define SEC_HEAD "<Event><System><Provider Name='Microsoft-Windows-Security-Auditing'/>"
static const expect_row rows[] = {
    { "Endpoint.Processes", "sysmon_eventid_1", NULL, {
        "Processes.dest=win-dc-6764986.attackrange.local", "Processes.process_name=cmd.exe",
        "Processes.process_path=C:\\Windows\\System32\\cmd.exe", "Processes.process_id=2296",
        "Processes.process_integrity_level=high", "Processes.original_file_name=Cmd.Exe",
        "Processes.parent_process_name=powershell.exe", "Processes.parent_process_id=4624",
        "Processes.user=ATTACKRANGE\\Administrator", "Processes.vendor_product=Microsoft Sysmon",
        "_time=1602155026.617920", NULL } },
    { "Endpoint.Processes", "windows_event_log_security_4688", NULL, {
        "Processes.dest=ar-win-1", "Processes.process_id=3972", "Processes.parent_process_id=2860",
        "Processes.process_name=splunk-powershell.exe",
        "Processes.process=\"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe\" --ps2",
        "Processes.parent_process_name=splunkd.exe",
        "Processes.user=AR-WIN-1$",   /* the add-on's user: the subject, target being "-" */
        "Processes.process_integrity_level=system",
        "Processes.original_file_name=unknown",   /* the CIM's fill */
        "Processes.parent_process=C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunkd.exe",
        NULL } },
    { "Endpoint.Processes", "sysmon_for_linux_eventid_1", NULL, {
        "Processes.process_name=sudo", "Processes.user=ubuntu", NULL } },
    { "Endpoint.Registry", "sysmon_eventid_13", NULL, {
        "Registry.registry_path=HKLM\\System\\CurrentControlSet\\Services\\W32Time\\SecureTimeLimits\\SecureTimeHigh",
        "Registry.registry_value_name=SecureTimeHigh", "Registry.registry_key_name=SecureTimeLimits",
        "Registry.registry_value_data=0x01d776fd-0xd724b8c5", "Registry.action=modified",
        "Registry.process_name=lsass.exe", "Registry.user=unknown", "Registry.status=success",
        "Registry.process_guid={0C1E0330-048F-60E8-0B00-00000000D001}", NULL } },
    { "Endpoint.Registry", "sysmon_eventid_12", NULL, {
        "Registry.action=deleted", "Registry.registry_key_name=command",
        "Registry.registry_value_data=unknown", "Registry.registry_value_name=unknown", NULL } },
    { "Endpoint.Registry", NULL, SEC_HEAD "<EventID>4657</EventID><Keywords>0x8020000000000000"
      "</Keywords><Channel>Security</Channel><Computer>h</Computer></System><EventData>"
      "<Data Name='SubjectUserName'>bob</Data><Data Name='ObjectName'>\\REGISTRY\\MACHINE\\SOFTWARE\\x</Data>"
      "<Data Name='ObjectValueName'>Run1</Data><Data Name='NewValueType'>%%1873</Data>"
      "<Data Name='NewValue'>c:\\evil.exe</Data><Data Name='ProcessName'>C:\\w\\reg.exe</Data>"
      "</EventData></Event>", {
        "Registry.registry_path=\\REGISTRY\\MACHINE\\SOFTWARE\\x", "Registry.registry_value_name=Run1",
        "Registry.registry_value_data=c:\\evil.exe", "Registry.action=success",
        "Registry.process_name=C:\\w\\reg.exe", "Registry.dest=h", NULL } },
    { "Endpoint.Filesystem", "sysmon_eventid_11", NULL, {
        "Filesystem.file_name=CURRENT_USER_My_4_atomic@art2.local.pfx", "Filesystem.action=created",
        "Filesystem.process_name=mimikatz.exe", "Filesystem.file_hash=unknown",
        "Filesystem.file_create_time=2023-02-08 13:01:11.053", NULL } },
    { "Endpoint.Filesystem", "sysmon_eventid_23", NULL, {
        "Filesystem.file_path=C:\\Python311\\vcruntime140_1.dll", "Filesystem.action=deleted",
        "Filesystem.user=ATTACKRANGE\\Administrator", NULL } },
    { "Endpoint.Filesystem", "sysmon_for_linux_eventid_11", NULL, {
        "Filesystem.process_name=splunkd", "Filesystem.user=root", NULL } },
    { "Endpoint.Filesystem", "windows_event_log_security_4663", NULL, {
        "Filesystem.file_name=evilapp - Copy (2).aspx",
        "Filesystem.file_path=C:\\Program Files (x86)\\ScreenConnect\\App_Extensions\\evilapp - Copy (2).aspx",
        NULL } },
    { "Endpoint.Filesystem", NULL, "<Event><System><Provider Name='Microsoft-Windows-Sysmon'/>"
      "<EventID>26</EventID><Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
      "<Computer>h</Computer></System><EventData><Data Name='Image'>C:\\w\\x.exe</Data>"
      "<Data Name='TargetFilename'>C:\\t\\a.txt</Data></EventData></Event>", {
        "Filesystem.action=deleted", "Filesystem.file_name=a.txt", "Filesystem.process_name=x.exe",
        NULL } },
    { "Endpoint.Services", "windows_event_log_system_7045", NULL, {
        "Services.service=KrbSCM", "Services.service_name=KrbSCM", "Services.dest=ar-win-dc.attackrange.local",
        "Services.start_mode=unknown", NULL } },
    { "Endpoint.Services", NULL, SEC_HEAD "<EventID>4697</EventID><Channel>Security</Channel>"
      "<Computer>h</Computer></System><EventData><Data Name='ServiceName'>evil</Data>"
      "<Data Name='ServiceFileName'>c:\\e.exe</Data><Data Name='ServiceStartType'>2</Data>"
      "</EventData></Event>", {
        "Services.service=evil", "Services.service_path=c:\\e.exe", "Services.start_mode=auto",
        NULL } },
    { "Network_Traffic.All_Traffic", "sysmon_eventid_3", NULL, {
        "All_Traffic.dest=41.77.117.236", "All_Traffic.dest_port=21", "All_Traffic.src_ip=10.0.1.14",
        "All_Traffic.app=C:\\Temp\\agent_tesla-deob.exe", "All_Traffic.action=allowed",
        "All_Traffic.transport=tcp", "All_Traffic.process_id=5728",
        "All_Traffic.user=ATTACKRANGE\\Administrator", "All_Traffic.rule=unknown",
        "nodename=All_Traffic.Traffic_By_Action.Allowed_Traffic", NULL } },
    { "Network_Traffic.Blocked_Traffic", NULL, SEC_HEAD "<EventID>5157</EventID>"
      "<Keywords>0x8010000000000000</Keywords><Channel>Security</Channel><Computer>h</Computer>"
      "</System><EventData><Data Name='Application'>\\device\\x.exe</Data><Data Name='Direction'>%%14593</Data>"
      "<Data Name='SourceAddress'>10.1.1.1</Data><Data Name='SourcePort'>5000</Data>"
      "<Data Name='DestAddress'>8.8.8.8</Data><Data Name='DestPort'>53</Data>"
      "<Data Name='Protocol'>17</Data></EventData></Event>", {
        "All_Traffic.action=blocked", "All_Traffic.dest=8.8.8.8", "All_Traffic.dest_port=53",
        "All_Traffic.transport=udp", "All_Traffic.direction=outbound", "All_Traffic.src=10.1.1.1",
        NULL } },
    { "Network_Resolution.DNS", "sysmon_eventid_22", NULL, {
        "DNS.query=50.220.65.3.spam.dnsbl.sorbs.net", "DNS.src=win-dc-299.attackrange.local",
        "DNS.dest=unknown", "DNS.reply_code_id=9003", "DNS.answer=-", "DNS.query_count=1",
        "DNS.message_type=unknown", NULL } },
    { "Authentication.Failed_Authentication", "windows_event_log_security_4625", NULL, {
        "Authentication.user=Administrator", "Authentication.action=failure",
        "Authentication.src=unknown", "Authentication.dest=ar-win-8.attackrange.local",
        "Authentication.signature=An account failed to log on", "Authentication.signature_id=4625",
        "nodename=Authentication", NULL } },
    { "Authentication.Successful_Authentication", "windows_event_log_security_4624", NULL, {
        "Authentication.user=ELMER_SALAS", "Authentication.action=success",
        "Authentication.app=win:remote", NULL } },
    { "Authentication.Authentication", "windows_event_log_security_4648", NULL, {
        "Authentication.user=STEVE_BRADFORD", "Authentication.src_user=reed_larsen",
        "Authentication.dest=win-dc-mvelazco-02713-392.attackrange.local", NULL } },
    { "Authentication.Authentication", "windows_event_log_security_4768", NULL, {
        "Authentication.user=RXETPKZH", "Authentication.action=failure", NULL } },
    { "Authentication.Authentication", "windows_event_log_security_4771", NULL, {
        "Authentication.src=::ffff:10.0.1.15", NULL } },
    { "Authentication.Authentication", "windows_event_log_security_4776", NULL, {
        "Authentication.src=WIN-HOST-MVELAZ", "Authentication.user=KSYLEFUA", NULL } },
    { "Change.Accounts_Deleted", "windows_event_log_security_4726", NULL, {
        "All_Changes.user=LYNN_WOLF", "All_Changes.src_user=Administrator",
        "All_Changes.action=deleted", "All_Changes.result=A user account was deleted",
        "All_Changes.object_category=user", "All_Changes.change_type=AAA",
        "nodename=All_Changes.Account_Management", NULL } },
    { "Change.Auditing_Changes", "windows_event_log_security_1102", NULL, {
        "All_Changes.action=cleared", "All_Changes.src_user=Administrator",
        "All_Changes.user=unknown", "All_Changes.object_category=audit", NULL } },
    { "Change.All_Changes", "windows_event_log_security_4703", NULL, {
        "All_Changes.action=modified", "All_Changes.user=Administrator", NULL } },
};

static void expect_pairs(const expect_row *row, const record *out)
{
    for (size_t k = 0; row->pairs[k]; k++) {
        const char *eq = strchr(row->pairs[k], '=');
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(eq - row->pairs[k]), row->pairs[k]);
        const field *f = record_get(out, name);
        if (!f)
            fail_msg("%s %s: %s missing", row->dataset, row->fixture ? row->fixture : "xml", name);
        bool found = false;
        for (uint32_t v = 0; v < f->nvalues && !found; v++)
            found = strcmp(f->values[v].s, eq + 1) == 0;
        if (!found)
            fail_msg("%s %s: %s is \"%s\", want \"%s\"", row->dataset,
                     row->fixture ? row->fixture : "xml", name, f->values[0].s, eq + 1);
    }
}

static void test_every_source_on_its_fixture(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const expect_row *row = &rows[i];
        grab g;
        if (row->fixture)
            load(row->fixture, &g);
        else
            load_xml(row->xml, &g);
        const dm_dataset *ds = datamodel_find(row->dataset);
        assert_non_null(ds);
        record out;
        record_init(&out);
        if (!datamodel_map(ds, &g.ev, &out))
            fail_msg("%s: %s not mapped", row->dataset, row->fixture ? row->fixture : "xml");
        expect_pairs(row, &out);
        record_free(&out);
        record_free(&g.ev);
    }
}

/* Every fixture feeds exactly the root datasets the table above names for it. */
static void test_no_stray_events(void **state)
{
    (void)state;
    static const char *const roots[] = {
        "Endpoint.Processes", "Endpoint.Filesystem", "Endpoint.Registry", "Endpoint.Services",
        "Network_Traffic", "Network_Resolution", "Authentication", "Change",
    };
    static const char *const fixtures[] = {
        "sysmon_eventid_1", "sysmon_eventid_3", "sysmon_eventid_7", "sysmon_eventid_10",
        "sysmon_eventid_11", "sysmon_eventid_13", "sysmon_eventid_22", "sysmon_eventid_23",
        "windows_event_log_security_4624", "windows_event_log_security_4688",
        "windows_event_log_security_4726", "windows_event_log_security_4672",
        "windows_event_log_system_7045", "windows_event_log_application_2282",
        "powershell_script_block_logging_4104",
    };
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) {
        grab g;
        load(fixtures[f], &g);
        for (size_t r = 0; r < sizeof roots / sizeof roots[0]; r++) {
            const dm_dataset *ds = datamodel_find(roots[r]);
            assert_non_null(ds);
            bool expected = false;
            for (size_t i = 0; i < sizeof rows / sizeof rows[0] && !expected; i++)
                expected = rows[i].fixture && strcmp(rows[i].fixture, fixtures[f]) == 0 &&
                           strcmp(datamodel_object(datamodel_find(rows[i].dataset)),
                                  datamodel_object(ds)) == 0;
            record out;
            record_init(&out);
            bool mapped = datamodel_map(ds, &g.ev, &out);
            if (mapped != expected)
                fail_msg("%s %s in %s", fixtures[f], mapped ? "wrongly" : "not", roots[r]);
            record_free(&out);
        }
        record_free(&g.ev);
    }
}

static void test_names_and_constraints(void **state)
{
    (void)state;
    assert_non_null(datamodel_find("endpoint.processes"));
    assert_null(datamodel_find("Endpoint"));           /* no single root */
    assert_null(datamodel_find("Web.Web"));
    assert_string_equal(datamodel_name(datamodel_find("Network_Traffic")),
                        "Network_Traffic.All_Traffic");
    assert_string_equal(datamodel_object(datamodel_find("Change.Account_Management")),
                        "All_Changes");
    assert_string_equal(datamodel_names()[0], "Endpoint.Processes");

    /* A computer account's successful logon is not in Authentication (the CIM's
     * NOT (action=success user=*$)). */
    grab g;
    load_xml(SEC_HEAD "<EventID>4624</EventID><Keywords>0x8020000000000000</Keywords>"
             "<Channel>Security</Channel><Computer>h</Computer></System><EventData>"
             "<Data Name='TargetUserName'>DC01$</Data><Data Name='LogonType'>3</Data>"
             "</EventData></Event>", &g);
    record out;
    record_init(&out);
    assert_false(datamodel_map(datamodel_find("Authentication"), &g.ev, &out));
    record_free(&g.ev);
    /* The same account failing is. */
    load_xml(SEC_HEAD "<EventID>4625</EventID><Keywords>0x8010000000000000</Keywords>"
             "<Channel>Security</Channel><Computer>h</Computer></System><EventData>"
             "<Data Name='TargetUserName'>DC01$</Data></EventData></Event>", &g);
    assert_true(datamodel_map(datamodel_find("Authentication"), &g.ev, &out));
    assert_false(datamodel_map(datamodel_find("Authentication.Successful_Authentication"),
                               &g.ev, &out));
    record_free(&g.ev);

    /* Classic Security text names (no add-on rule of its own for them). */
    record ev;
    record_init(&ev);
    record_set(&ev, "EventCode", "4688", 4);
    record_set(&ev, "source", "WinEventLog:Security", 20);
    record_set(&ev, "New_Process_Name", "C:\\x\\gacutil.exe", 16);
    record_set(&ev, "New_Process_ID", "0xZZ", 4);
    record_set(&ev, "ComputerName", "h1", 2);
    assert_true(datamodel_map(datamodel_find("Endpoint.Processes"), &ev, &out));
    const sv *v = record_value(&out, "Processes.process_name");
    assert_non_null(v);
    assert_string_equal(v->s, "gacutil.exe");
    assert_string_equal(record_value(&out, "Processes.process_id")->s, "0xZZ");
    assert_string_equal(record_value(&out, "Processes.dest")->s, "h1");
    /* A 4688 of another channel is not a process creation. */
    record_set(&ev, "source", "WinEventLog:System", 18);
    assert_false(datamodel_map(datamodel_find("Endpoint.Processes"), &ev, &out));
    record_free(&ev);
    record_free(&out);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_names_and_constraints),
    };
    /* These read ../shared. */
    const struct CMUnitTest needs[] = {
        cmocka_unit_test(test_every_source_on_its_fixture),
        cmocka_unit_test(test_no_stray_events),
    };
    return SHARED_DATA_RUN("test_datamodel", own, needs);
}
