/* sourcetype.h - the Splunk source and sourcetype an event gets by default, from
 * its Windows channel: most channels read as XmlWinEventLog:<Channel> /
 * XmlWinEventLog, a few are collected by add-ons under their own names (the IIS
 * add-on's IIS:Configuration:Operational). The table is in sourcetype.c and in
 * docs/sourcetypes.md; --source/--sourcetype override it. */
#ifndef TRAWL_SOURCETYPE_H
#define TRAWL_SOURCETYPE_H

#include <stdbool.h>
#include <stddef.h>

/* When the channel (case-insensitive, len bytes) has its own Splunk names, sets
 * *source and *sourcetype (static strings) and returns true; false otherwise
 * (the caller uses "XmlWinEventLog:<Channel>" and "XmlWinEventLog"). */
bool sourcetype_for_channel(const char *channel, size_t len, const char **source,
                            const char **sourcetype);

#endif
