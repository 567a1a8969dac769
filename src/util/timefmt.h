/* timefmt.h - time as SPL sees it: epoch seconds (double, sub-second kept),
 * formatted and parsed with strftime-style formats in a named time zone.
 * Zones are IANA names ("Europe/Paris") or "UTC"; NULL means UTC. */
#ifndef TRAWL_TIMEFMT_H
#define TRAWL_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>

/* Parses "YYYY-MM-DDTHH:MM:SS[.fffffffff][Z|+HH:MM]" (also with a space for T),
 * as in System/TimeCreated/@SystemTime. No zone means UTC. */
bool timefmt_parse_iso8601(const char *s, size_t len, double *epoch);

/* Days since 1970-01-01 for a proleptic Gregorian date (no time zone involved). */
long long timefmt_days_from_civil(long long y, unsigned m, unsigned d);

/* Formats epoch with a Splunk strftime format (%Y %m %d %H %M %S %y %b %B %a %A %j
 * %p %I %Z %z %s %e %T %F %%, and %3N %6N %9N / %Q sub-second digits) in zone tz.
 * Returns the length written, buf always NUL-terminated. */
size_t timefmt_format(double epoch, const char *fmt, const char *tz, char *buf, size_t size);

/* Parses s with a strftime-style format in zone tz; false when it does not match. */
bool timefmt_parse(const char *s, size_t len, const char *fmt, const char *tz, double *epoch);

/* True when tz names a zone this system knows (UTC always). */
bool timefmt_zone_valid(const char *tz);

#endif
