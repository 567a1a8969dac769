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

/* A calendar date and time of day, broken down from seconds since 1970 (UTC, or a
 * zone's wall clock when the caller added its offset). */
typedef struct timefmt_civil {
    long long year;
    int mon;    /* 1..12 */
    int mday;   /* 1..31 */
    int hour, min, sec;
    int wday;   /* 0 = Sunday */
    int yday;   /* 0-based */
} timefmt_civil;

void timefmt_civil_from_secs(long long secs, timefmt_civil *c);

/* Days since 1970-01-01 for a proleptic Gregorian date (no time zone involved). */
long long timefmt_days_from_civil(long long y, unsigned m, unsigned d);

/* Formats epoch with a Splunk strftime format (%Y %m %d %H %M %S %y %b %B %a %A %j
 * %p %I %Z %z %s %e %T %F %%, and %3N %6N %9N / %Q sub-second digits) in zone tz.
 * Returns the length written, buf always NUL-terminated. */
size_t timefmt_format(double epoch, const char *fmt, const char *tz, char *buf, size_t size);

/* Parses s with a strftime-style format in zone tz; false when it does not match. */
bool timefmt_parse(const char *s, size_t len, const char *fmt, const char *tz, double *epoch);

/* Seconds east of UTC of zone tz at instant t (0 for UTC and unknown zones). */
long timefmt_utc_offset(const char *tz, long long t);

/* The instant at which the wall clock of zone tz reads local (seconds since
 * 1970-01-01 00:00 of that clock). A wall time a DST change skips or repeats
 * resolves to an instant next to it. */
long long timefmt_from_local(long long local, const char *tz);

/* True when tz names a zone this system knows (UTC always). */
bool timefmt_zone_valid(const char *tz);

#endif
