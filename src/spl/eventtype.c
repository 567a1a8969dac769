/* eventtype.c - built-in eventtypes as data rows. Definitions follow the Splunk
 * Add-on for Windows eventtypes.conf (source=WinEventLog:X OR WMI:... OR Xml...),
 * with the pre-6.0 sourcetype spelling added so older exports still match. */
#include "eventtype.h"

#include <strings.h>

#define WINLOG(ch) \
    "source=\"WinEventLog:" ch "\" OR source=\"WMI:WinEventLog:" ch "\" OR " \
    "source=\"XmlWinEventLog:" ch "\" OR sourcetype=\"WinEventLog:" ch "\" OR " \
    "sourcetype=\"XmlWinEventLog:" ch "\""

static const eventtype table[] = {
    {"wineventlog_application", WINLOG("Application")},
    {"wineventlog_security", WINLOG("Security")},
    {"wineventlog_system", WINLOG("System")},
    {"wineventlog_windows",
     "eventtype=wineventlog_application OR eventtype=wineventlog_security OR "
     "eventtype=wineventlog_system"},
    {"wineventlog-ds", WINLOG("Directory Service")},
    {"wineventlog-dns", WINLOG("DNS Server")},
    {"wineventlog-dfs", WINLOG("DFS Replication")},
    {"wineventlog-filereplication", WINLOG("File Replication Service")},
    {"wineventlog-keymanagement", WINLOG("Key Management Service")},
    {"wineventlog_powershell", WINLOG("Microsoft-Windows-PowerShell/Operational")},
    {"wineventlog_defender_operational", WINLOG("Microsoft-Windows-Windows Defender/Operational")},
    {"ms_sysmon", WINLOG("Microsoft-Windows-Sysmon/Operational")},
    {"ms_sysmon_process", "eventtype=ms_sysmon EventCode IN (1, 5)"},
    {"ms_sysmon_network", "eventtype=ms_sysmon EventCode=3"},
    {"ms_sysmon_filemod", "eventtype=ms_sysmon EventCode IN (2, 11, 15, 23, 26)"},
    {"ms_sysmon_regmod", "eventtype=ms_sysmon EventCode IN (12, 13, 14)"},
    {"ms_sysmon_dns", "eventtype=ms_sysmon EventCode=22"},
    {NULL, NULL},
};

const eventtype *eventtype_table(void)
{
    return table;
}

const eventtype *eventtype_find(const char *name, size_t len)
{
    for (const eventtype *e = table; e->name; e++)
        if (strncasecmp(e->name, name, len) == 0 && e->name[len] == '\0')
            return e;
    return NULL;
}
