/* test_datamodel.c - the Endpoint.Processes mapping on the real Sysmon 1 and
 * Security 4688 fixtures: every CIM field the security_content data sources list,
 * with exact values (4688's hex ids, DOMAIN\user joins, names from paths). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "formats/input.h"
#include "spl/datamodel.h"
#include "../support/shared_data.h"

/* Maps the first event of a fixture file into out. */
typedef struct grab {
    record *out;
    int mapped;
} grab;

static int on_event(void *ctx, record *ev)
{
    grab *g = ctx;
    g->mapped = datamodel_map(datamodel_find("Endpoint.Processes"), ev, g->out);
    return 1;
}

static void load(const char *path, record *out)
{
    grab g = { out, -1 };
    input_options opt = { .quiet = true };
    input_stats st = { 0 };
    input_read_path(path, &opt, on_event, &g, &st);
    assert_int_equal(g.mapped, 1);
}

static void expect(const record *r, const char *name, const char *value)
{
    const sv *v = record_value(r, name);
    if (!v)
        fail_msg("missing %s", name);
    assert_string_equal(v->s, value);
}

static void test_sysmon_1(void **state)
{
    (void)state;
    record r;
    record_init(&r);
    load("../shared/fixtures/xmlwineventlog/sysmon_eventid_1.xml", &r);
    expect(&r, "Processes.dest", "win-dc-6764986.attackrange.local");
    expect(&r, "Processes.process_name", "cmd.exe");
    expect(&r, "Processes.process_path", "C:\\Windows\\System32\\cmd.exe");
    expect(&r, "Processes.process_id", "2296");
    expect(&r, "Processes.process_guid", "{96128EA2-F212-5F7E-E400-000000007F01}");
    expect(&r, "Processes.process_current_directory", "C:\\Users\\ADMINI~1\\AppData\\Local\\Temp\\");
    expect(&r, "Processes.process_integrity_level", "high");
    expect(&r, "Processes.original_file_name", "Cmd.Exe");
    expect(&r, "Processes.parent_process_name", "powershell.exe");
    expect(&r, "Processes.parent_process_path",
           "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    expect(&r, "Processes.parent_process_id", "4624");
    expect(&r, "Processes.parent_process_guid", "{96128EA2-F211-5F7E-DF00-000000007F01}");
    expect(&r, "Processes.user", "ATTACKRANGE\\Administrator");
    assert_non_null(strstr(record_value(&r, "Processes.process_hash")->s,
                           "SHA256=935C1861DF1F4018D698E8B65ABFA02D7E9037D8F68CA3C2065B6CA165D44AD2"));
    assert_non_null(strstr(record_value(&r, "Processes.process")->s, "reg save HKLM\\sam"));
    assert_non_null(strstr(record_value(&r, "Processes.parent_process")->s, "-encodedcommand"));
    expect(&r, "_time", "1602155026.617920");
    record_free(&r);
}

static void test_security_4688(void **state)
{
    (void)state;
    record r;
    record_init(&r);
    load("../shared/fixtures/xmlwineventlog/windows_event_log_security_4688.xml", &r);
    expect(&r, "Processes.dest", "ar-win-1");
    expect(&r, "Processes.process_id", "3972");         /* 0xf84 */
    expect(&r, "Processes.parent_process_id", "2860");  /* 0xb2c */
    expect(&r, "Processes.process_name", "splunk-powershell.exe");
    expect(&r, "Processes.process_path",
           "C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe");
    expect(&r, "Processes.process",
           "\"C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunk-powershell.exe\" --ps2");
    expect(&r, "Processes.parent_process_name", "splunkd.exe");
    expect(&r, "Processes.parent_process_path",
           "C:\\Program Files\\SplunkUniversalForwarder\\bin\\splunkd.exe");
    expect(&r, "Processes.user", "WORKGROUP\\AR-WIN-1$");   /* target user is "-" */
    expect(&r, "Processes.process_integrity_level", "system");
    assert_null(record_get(&r, "Processes.original_file_name"));
    record_free(&r);
}

static void test_other_events_and_names(void **state)
{
    (void)state;
    assert_non_null(datamodel_find("endpoint.processes"));
    assert_null(datamodel_find("Endpoint"));
    assert_null(datamodel_find("Network_Traffic.All_Traffic"));
    assert_string_equal(datamodel_object(datamodel_find("Endpoint.Processes")), "Processes");
    record ev, out;
    record_init(&ev);
    record_init(&out);
    /* Sysmon event 3 and a 4688 from another channel are not process creations. */
    record_set(&ev, "EventCode", "3", 1);
    record_set(&ev, "Channel", "Microsoft-Windows-Sysmon/Operational", 36);
    assert_false(datamodel_map(datamodel_find("Endpoint.Processes"), &ev, &out));
    record_clear(&ev);
    record_set(&ev, "EventCode", "4688", 4);
    record_set(&ev, "source", "WinEventLog:System", 18);
    assert_false(datamodel_map(datamodel_find("Endpoint.Processes"), &ev, &out));
    /* Classic Security text: source suffix and classic names, odd hex kept. */
    record_set(&ev, "source", "WinEventLog:Security", 20);
    record_set(&ev, "New_Process_Name", "C:\\x\\gacutil.exe", 16);
    record_set(&ev, "New_Process_ID", "0xZZ", 4);
    record_set(&ev, "ComputerName", "h1", 2);
    assert_true(datamodel_map(datamodel_find("Endpoint.Processes"), &ev, &out));
    expect(&out, "Processes.process_name", "gacutil.exe");
    expect(&out, "Processes.process_id", "0xZZ");
    expect(&out, "Processes.dest", "h1");
    record_free(&ev);
    record_free(&out);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_other_events_and_names),
    };
    /* These read ../shared. */
    const struct CMUnitTest needs[] = {
        cmocka_unit_test(test_sysmon_1),
        cmocka_unit_test(test_security_4688),
    };
    return SHARED_DATA_RUN("test_datamodel", own, needs);
}
