/* sigma_logsource.c - the one logsource table: a Sigma logsource (product windows,
 * category or service) to the channels and EventIDs that hold its events and the
 * field names trawl's events give them. Built from the Sigma taxonomy appendix and
 * reviewed against SigmaHQ's tests/thor.yml; docs/sigma.md prints it. */
#include "sigma_private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"

#define SYSMON "Microsoft-Windows-Sysmon/Operational"

/* System values as Sigma names them (the XML element and attribute joined with '_',
 * rules spec "Field Usage") to the names of DESIGN.md. */
static const sigma_rename system_renames[] = {
    { "Provider_Name", "Name" },
    { "Provider_Guid", "Guid" },
    { "Provider_EventSourceName", "EventSourceName" },
    { "Execution_ProcessID", "ProcessID" },
    { "Execution_ThreadID", "ThreadID" },
    { "Security_UserID", "UserID" },
    { "TimeCreated_SystemTime", "SystemTime" },
    { "Correlation_ActivityID", "ActivityID" },
    { NULL, NULL },
};

/* Security 4688 for process_creation: only the fields it has under other names
 * (thor.yml maps Image and ParentImage; CommandLine is 4688's own name). ProcessId,
 * ParentProcessId (hex in 4688), User and IntegrityLevel (other formats) are left
 * out on purpose: their values would not compare the same. */
static const sigma_rename security_4688_renames[] = {
    { "Image", "NewProcessName" },
    { "ParentImage", "ParentProcessName" },
    { NULL, NULL },
};
static const char *const security_4688_fields[] = {
    "Image", "ParentImage", "CommandLine",
    /* 4688's own fields, by their names */
    "SubjectUserSid", "SubjectUserName", "SubjectDomainName", "SubjectLogonId",
    "NewProcessId", "NewProcessName", "TokenElevationType", "ProcessId", "TargetUserSid",
    "TargetUserName", "TargetDomainName", "TargetLogonId", "ParentProcessName",
    "MandatoryLabel", NULL,
};

/* Defender: the antivirus category's field names (thor.yml). */
static const sigma_rename defender_renames[] = {
    { "Signature", "ThreatName" },
    { "Filename", "Path" },
    { NULL, NULL },
};

#define CH(...) { __VA_ARGS__, NULL }
#define IDS(...) { __VA_ARGS__, 0 }

/* ORDER: category rows first (by category), then service rows. */
static const sigma_source table[] = {
    /* Sysmon categories (taxonomy "Windows Folder / Category") */
    { .category = "process_creation", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(1) },
    { .category = "process_creation", .service = "security", .channels = CH("Security"), .eventids = IDS(4688), .renames = security_4688_renames,
      .fields_only = security_4688_fields },
    { .category = "file_change", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(2) },
    { .category = "network_connection", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(3) },
    { .category = "sysmon_status", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(4, 16) },
    { .category = "process_termination", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(5) },
    { .category = "driver_load", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(6) },
    { .category = "image_load", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(7) },
    { .category = "create_remote_thread", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(8) },
    { .category = "raw_access_thread", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(9) },
    { .category = "process_access", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(10) },
    { .category = "file_event", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(11) },
    { .category = "registry_event", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(12, 13, 14) },
    { .category = "registry_add", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(12), .cond_field = "EventType", .cond_values = { "CreateKey", NULL } },
    { .category = "registry_delete", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(12), .cond_field = "EventType",
      .cond_values = { "DeleteKey", "DeleteValue", NULL } },
    { .category = "registry_set", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(13) },
    { .category = "registry_rename", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(14) },
    { .category = "create_stream_hash", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(15) },
    { .category = "pipe_created", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(17, 18) },
    { .category = "wmi_event", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(19, 20, 21) },
    { .category = "dns_query", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(22) },
    { .category = "file_delete", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(23) },
    { .category = "clipboard_capture", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(24) },
    { .category = "process_tampering", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(25) },
    { .category = "file_delete_detected", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(26) },
    { .category = "file_block_executable", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(27) },
    { .category = "file_block_shredding", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(28) },
    { .category = "file_executable_detected", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(29) },
    { .category = "sysmon_error", .service = "sysmon", .channels = CH(SYSMON), .eventids = IDS(255) },
    /* ETW Microsoft-Windows-Kernel-File (taxonomy): its events by provider, in whatever
     * channel an analytic log was saved to */
    { .category = "file_access", .service = "kernel-file", .cond_field = "Name",
      .cond_values = { "Microsoft-Windows-Kernel-File", NULL } },
    /* PowerShell */
    { .category = "ps_classic_start", .service = "powershell-classic", .channels = CH("Windows PowerShell"), .eventids = IDS(400) },
    { .category = "ps_classic_provider_start", .service = "powershell-classic", .channels = CH("Windows PowerShell"), .eventids = IDS(600) },
    { .category = "ps_classic_script", .service = "powershell-classic", .channels = CH("Windows PowerShell"), .eventids = IDS(800) },
    { .category = "ps_module", .service = "powershell",
      .channels = CH("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"), .eventids = IDS(4103) },
    { .category = "ps_script", .service = "powershell",
      .channels = CH("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"), .eventids = IDS(4104) },
    /* Defender detections (thor.yml: IDs with a threat name or path) */
    { .category = "antivirus", .service = "windefend",
      .channels = CH("Microsoft-Windows-Windows Defender/Operational"),
      .eventids = IDS(1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116),
      .renames = defender_renames },

    /* Services (taxonomy "Windows Folder / Service"): a channel, every EventID */
    { .category = NULL, .service = "application", .channels = CH("Application") },
    { .category = NULL, .service = "application-experience",
      .channels = CH("Microsoft-Windows-Application-Experience/Program-Telemetry",
         "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant") },
    { .category = NULL, .service = "applocker",
      .channels = CH("Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL",
         "Microsoft-Windows-AppLocker/Packaged app-Deployment",
         "Microsoft-Windows-AppLocker/Packaged app-Execution") },
    { .category = NULL, .service = "appmodel-runtime", .channels = CH("Microsoft-Windows-AppModel-Runtime/Admin") },
    { .category = NULL, .service = "appxdeployment-server", .channels = CH("Microsoft-Windows-AppXDeploymentServer/Operational") },
    { .category = NULL, .service = "appxpackaging-om", .channels = CH("Microsoft-Windows-AppxPackaging/Operational") },
    { .category = NULL, .service = "bitlocker", .channels = CH("Microsoft-Windows-BitLocker/BitLocker Management") },
    { .category = NULL, .service = "bits-client", .channels = CH("Microsoft-Windows-Bits-Client/Operational") },
    { .category = NULL, .service = "capi2", .channels = CH("Microsoft-Windows-CAPI2/Operational") },
    { .category = NULL, .service = "certificateservicesclient-lifecycle-system",
      .channels = CH("Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational") },
    { .category = NULL, .service = "codeintegrity-operational", .channels = CH("Microsoft-Windows-CodeIntegrity/Operational") },
    { .category = NULL, .service = "dhcp", .channels = CH("Microsoft-Windows-DHCP-Server/Operational") },
    { .category = NULL, .service = "diagnosis-scripted", .channels = CH("Microsoft-Windows-Diagnosis-Scripted/Operational") },
    { .category = NULL, .service = "dns-client", .channels = CH("Microsoft-Windows-DNS Client Events/Operational") },
    { .category = NULL, .service = "dns-server", .channels = CH("DNS Server") },
    { .category = NULL, .service = "dns-server-analytic", .channels = CH("Microsoft-Windows-DNS-Server/Analytical") },
    { .category = NULL, .service = "dns-server-audit", .channels = CH("Microsoft-Windows-DNS-Server/Audit") },
    { .category = NULL, .service = "driver-framework", .channels = CH("Microsoft-Windows-DriverFrameworks-UserMode/Operational") },
    { .category = NULL, .service = "firewall-as", .channels = CH("Microsoft-Windows-Windows Firewall With Advanced Security/Firewall") },
    { .category = NULL, .service = "hyper-v-worker", .channels = CH("Microsoft-Windows-Hyper-V-Worker") },
    { .category = NULL, .service = "iis-configuration", .channels = CH("Microsoft-IIS-Configuration/Operational") },
    { .category = NULL, .service = "kernel-event-tracing", .channels = CH("Microsoft-Windows-Kernel-EventTracing") },
    { .category = NULL, .service = "kernel-shimengine",
      .channels = CH("Microsoft-Windows-Kernel-ShimEngine/Operational",
         "Microsoft-Windows-Kernel-ShimEngine/Diagnostic") },
    { .category = NULL, .service = "ldap", .channels = CH("Microsoft-Windows-LDAP-Client/Debug") },
    { .category = NULL, .service = "lsa-server", .channels = CH("Microsoft-Windows-LSA/Operational") },
    { .category = NULL, .service = "microsoft-servicebus-client",
      .channels = CH("Microsoft-ServiceBus-Client/Operational", "Microsoft-ServiceBus-Client/Admin") },
    { .category = NULL, .service = "msexchange-management", .channels = CH("MSExchange Management") },
    { .category = NULL, .service = "ntfs", .channels = CH("Microsoft-Windows-Ntfs/Operational") },
    { .category = NULL, .service = "ntlm", .channels = CH("Microsoft-Windows-NTLM/Operational") },
    { .category = NULL, .service = "openssh", .channels = CH("OpenSSH/Operational") },
    { .category = NULL, .service = "powershell",
      .channels = CH("Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational") },
    { .category = NULL, .service = "powershell-classic", .channels = CH("Windows PowerShell") },
    { .category = NULL, .service = "printservice-admin", .channels = CH("Microsoft-Windows-PrintService/Admin") },
    { .category = NULL, .service = "printservice-operational", .channels = CH("Microsoft-Windows-PrintService/Operational") },
    { .category = NULL, .service = "security", .channels = CH("Security") },
    { .category = NULL, .service = "security-mitigations",
      .channels = CH("Microsoft-Windows-Security-Mitigations/Kernel Mode",
         "Microsoft-Windows-Security-Mitigations/User Mode") },
    { .category = NULL, .service = "sense", .channels = CH("Microsoft-Windows-SENSE/Operational") },
    { .category = NULL, .service = "servicebus-client",
      .channels = CH("Microsoft-ServiceBus-Client/Operational", "Microsoft-ServiceBus-Client/Admin") },
    { .category = NULL, .service = "shell-core", .channels = CH("Microsoft-Windows-Shell-Core/Operational") },
    { .category = NULL, .service = "smbclient-connectivity", .channels = CH("Microsoft-Windows-SmbClient/Connectivity") },
    { .category = NULL, .service = "smbclient-security", .channels = CH("Microsoft-Windows-SmbClient/Security") },
    { .category = NULL, .service = "smbserver-connectivity", .channels = CH("Microsoft-Windows-SMBServer/Connectivity") },
    { .category = NULL, .service = "sysmon", .channels = CH(SYSMON) },
    { .category = NULL, .service = "system", .channels = CH("System") },
    { .category = NULL, .service = "taskscheduler", .channels = CH("Microsoft-Windows-TaskScheduler/Operational") },
    { .category = NULL, .service = "terminalservices-localsessionmanager",
      .channels = CH("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational") },
    { .category = NULL, .service = "vhdmp", .channels = CH("Microsoft-Windows-VHDMP/Operational") },
    { .category = NULL, .service = "windefend", .channels = CH("Microsoft-Windows-Windows Defender/Operational") },
    { .category = NULL, .service = "wmi", .channels = CH("Microsoft-Windows-WMI-Activity/Operational") },
};

/* `product: windows` alone: every Windows event. */
static const sigma_source any_windows = { .category = NULL };

static bool same(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

size_t sigma_logsource_lookup(const char *product, const char *category, const char *service,
                              const sigma_source **out, size_t max, const char **why)
{
    static char msg[160];
    if (!product || strcasecmp(product, "windows") != 0) {
        snprintf(msg, sizeof msg, "logsource product '%.60s' is not Windows",
                 product ? product : "(none)");
        *why = msg;
        return 0;
    }
    size_t n = 0;
    if (!category && !service) {
        out[n++] = &any_windows;
        return n;
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < max; i++) {
        const sigma_source *s = &table[i];
        if (category ? same(s->category, category) && (!service || same(s->service, service))
                     : !s->category && same(s->service, service))
            out[n++] = s;
    }
    if (n == 0 && category && strcasecmp(category, "file_rename") == 0) {
        /* Its rules test SourceFilename/TargetFilename, names of normalized ETW
         * events (EDR agents) that no Windows event log holds. */
        snprintf(msg, sizeof msg, "logsource category 'file_rename' needs normalized ETW "
                 "events (SourceFilename, TargetFilename) no Windows log holds");
        *why = msg;
    } else if (n == 0) {
        if (category)
            snprintf(msg, sizeof msg, "logsource category '%.60s'%s%.40s is not in the logsource table",
                     category, service ? " service " : "", service ? service : "");
        else
            snprintf(msg, sizeof msg, "logsource service '%.60s' is not in the logsource table",
                     service);
        *why = msg;
    }
    return n;
}

static const char *rename_in(const sigma_rename *r, const char *name)
{
    for (; r && r->sigma; r++)
        if (strcmp(r->sigma, name) == 0)
            return r->event;
    return NULL;
}

const char *sigma_logsource_field(const sigma_source *src, const char *name)
{
    const char *e = rename_in(src->renames, name);
    if (!e)
        e = rename_in(system_renames, name);
    return e ? e : name;
}

/* Fields every Windows event has (System), as Sigma and trawl name them. */
static bool is_system_field(const char *name)
{
    static const char *const names[] = {
        "EventID", "EventCode", "Channel", "Computer", "Level", "Task", "Opcode", "Keywords",
        "Version", "EventRecordID", "Provider_Name", "Provider_Guid",
        "Provider_EventSourceName", "Execution_ProcessID", "Execution_ThreadID",
        "Security_UserID", "TimeCreated_SystemTime", "Correlation_ActivityID", NULL,
    };
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

bool sigma_logsource_has_field(const sigma_source *src, const char *name)
{
    if (!src->fields_only || is_system_field(name))
        return true;
    for (size_t i = 0; src->fields_only[i]; i++)
        if (strcmp(src->fields_only[i], name) == 0)
            return true;
    return false;
}

static bool value_in(const record *ev, const char *name, const char *const *values)
{
    const field *f = record_get(ev, name);
    for (uint32_t k = 0; f && k < f->nvalues; k++)
        for (size_t i = 0; values[i]; i++)
            if (strlen(values[i]) == f->values[k].len &&
                strncasecmp(values[i], f->values[k].s, f->values[k].len) == 0)
                return true;
    return false;
}

bool sigma_logsource_admits(const sigma_source *src, const record *ev)
{
    if (src->channels[0] && !value_in(ev, "Channel", src->channels))
        return false;
    if (src->eventids[0]) {
        const sv *id = record_value(ev, "EventID");
        if (!id)
            return false;
        char buf[16];
        bool found = false;
        for (size_t i = 0; !found && src->eventids[i]; i++) {
            int n = snprintf(buf, sizeof buf, "%d", src->eventids[i]);
            found = (size_t)n == id->len && memcmp(buf, id->s, id->len) == 0;
        }
        if (!found)
            return false;
    }
    return !src->cond_field || value_in(ev, src->cond_field, src->cond_values);
}

static void put(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    XGROW(*buf, *cap, *len + n + 1);
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* A quoted SPL value: backslash and double quote escaped. */
static void put_quoted(char **buf, size_t *len, size_t *cap, const char *s)
{
    put(buf, len, cap, "\"");
    for (; *s; s++) {
        char c[3] = { *s, 0, 0 };
        if (*s == '"' || *s == '\\' || *s == '*') {
            c[0] = '\\';
            c[1] = *s;
        }
        put(buf, len, cap, c);
    }
    put(buf, len, cap, "\"");
}

void sigma_logsource_spl(const sigma_source *src, char **buf, size_t *len, size_t *cap)
{
    if (!src->channels[0] && !src->eventids[0] && !src->cond_field) {
        put(buf, len, cap, "*");
        return;
    }
    put(buf, len, cap, "(");
    bool first = true;
    if (src->channels[0]) {
        put(buf, len, cap, "Channel IN (");
        for (size_t i = 0; src->channels[i]; i++) {
            if (i)
                put(buf, len, cap, ", ");
            put_quoted(buf, len, cap, src->channels[i]);
        }
        put(buf, len, cap, ")");
        first = false;
    }
    if (src->eventids[0]) {
        put(buf, len, cap, first ? "EventID IN (" : " EventID IN (");
        for (size_t i = 0; src->eventids[i]; i++) {
            char num[24];
            snprintf(num, sizeof num, "%s%d", i ? ", " : "", src->eventids[i]);
            put(buf, len, cap, num);
        }
        put(buf, len, cap, ")");
    }
    if (src->cond_field) {
        put(buf, len, cap, first && !src->eventids[0] ? "" : " ");
        put(buf, len, cap, src->cond_field);
        put(buf, len, cap, " IN (");
        for (size_t i = 0; src->cond_values[i]; i++) {
            if (i)
                put(buf, len, cap, ", ");
            put_quoted(buf, len, cap, src->cond_values[i]);
        }
        put(buf, len, cap, ")");
    }
    put(buf, len, cap, ")");
}

size_t sigma_logsource_rows(const sigma_source **rows)
{
    *rows = table;
    return sizeof table / sizeof table[0];
}
