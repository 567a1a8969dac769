/* sourcetype.c - channel -> Splunk source/sourcetype table for channels that
 * Splunk add-ons collect under names other than XmlWinEventLog:<Channel>. Each row
 * names the add-on and the macro that reads it, so searches written for Splunk
 * (`iis_operational_logs`, `powershell`) find trawl's events unchanged. */
#include "sourcetype.h"

#include <string.h>
#include <strings.h>

/* One channel with its own Splunk names. */
static const struct {
    const char *channel;     /* Windows channel */
    const char *source;      /* Splunk source */
    const char *sourcetype;  /* Splunk sourcetype */
} table[] = {
    /* Splunk Add-on for Microsoft IIS; macro iis_operational_logs. */
    {"Microsoft-IIS-Configuration/Operational", "IIS:Configuration:Operational",
     "IIS:Configuration:Operational"},
    {"Microsoft-IIS-Configuration/Administrative", "IIS:Configuration:Administrative",
     "IIS:Configuration:Administrative"},
};

bool sourcetype_for_channel(const char *channel, size_t len, const char **source,
                            const char **sourcetype)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].channel) == len && strncasecmp(table[i].channel, channel, len) == 0) {
            *source = table[i].source;
            *sourcetype = table[i].sourcetype;
            return true;
        }
    }
    return false;
}
