/* reltime.h - Splunk's relative time modifiers ("-24h", "-7d@d", "@w1", "-1d@d+3h",
 * "+1mon"), applied to a base instant in a time zone, and the calendar units they
 * and time spans name (s, m, h, d, w, mon, q, y and their long spellings).
 * Seconds, minutes and hours are absolute; days and longer, and every @snap, move
 * on the zone's wall clock (a month's day is clamped to its length). */
#ifndef TRAWL_RELTIME_H
#define TRAWL_RELTIME_H

#include <stdbool.h>
#include <stddef.h>

typedef enum reltime_unit {
    RELTIME_SEC, RELTIME_MIN, RELTIME_HOUR, RELTIME_DAY, RELTIME_WEEK,
    RELTIME_MON, RELTIME_QTR, RELTIME_YEAR,
} reltime_unit;

/* Reads a unit spelling at s[*i] (s[0..len)), longest match first, when no letter
 * follows it; advances *i. False when none is there. */
bool reltime_read_unit(const char *s, size_t len, size_t *i, reltime_unit *u);

/* Seconds in one unit for s/m/h/d/w; 0 for the calendar units (mon, q, y). */
long long reltime_unit_seconds(reltime_unit u);

/* Snaps t down to the start of its unit (a week starts on weekday wday, 0 =
 * Sunday) on the wall clock of zone tz (NULL: UTC). Whole seconds. */
long long reltime_snap(long long t, reltime_unit u, int wday, const char *tz);

/* Adds n months to t on the wall clock of tz. */
long long reltime_add_months(long long t, long long n, const char *tz);

/* Applies modifier s[0..len) ("now", or terms "[+-][N]unit" and "@unit") to base.
 * Returns true with *out, or false with a reason (static string) in *why. */
bool reltime_apply(const char *s, size_t len, double base, const char *tz, double *out,
                   const char **why);

#endif
