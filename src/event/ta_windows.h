/* ta_windows.h - the fields the Splunk Add-ons for Microsoft Windows and for Sysmon
 * compute for a Windows event at search time (user, src_ip, Error_Code, action,
 * signature, process_name, registry_path, ...): one data table of rules per event
 * source in ta_windows.c; docs/fields.md gives each rule and where it comes from.
 *
 * A ta_windows is made once per run from the projection (projection.h): only the
 * rules of fields some search reads are active, and ta_windows_reads() names the
 * event fields those rules read, so the builder builds them too. ta_windows_add()
 * appends the computed fields to an event record; beyond the record's own arena it
 * allocates nothing, and an event whose source has no active rule costs one test.
 * A ta_windows is only read after ta_windows_new (shared by decoding threads). */
#ifndef TRAWL_TA_WINDOWS_H
#define TRAWL_TA_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>

#include "projection.h"
#include "record.h"

typedef struct ta_windows ta_windows;

/* The rules for the fields want reads; NULL want: every rule. */
ta_windows *ta_windows_new(const projection *want);
void ta_windows_free(ta_windows *ta);
/* True when an active rule reads the event field name. */
bool ta_windows_reads(const ta_windows *ta, const char *name, size_t len);
/* True when name is a field some rule computes (active or not). */
bool ta_windows_computes(const char *name, size_t len);
/* Adds the computed fields to ev, an event built by winevent (its System and
 * EventData fields set). classic: the event came from classic WinEventLog text,
 * whose add-on rules read the rendered names (Account_Name, ...). */
void ta_windows_add(const ta_windows *ta, record *ev, bool classic);

#endif
