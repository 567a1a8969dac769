/* reltime.c - Splunk relative time modifiers: a list of terms applied left to
 * right to a base instant. [+-][N]unit adds N units, @unit snaps down (@w0..@w6 to
 * a weekday). Calendar work happens on the zone's wall clock: the instant is
 * shifted by the zone's offset, broken down, changed, and shifted back. */
#include "reltime.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

/* Unit spellings Splunk accepts, longest first where one is a prefix of another. */
static const struct {
    const char *name;
    reltime_unit unit;
} units[] = {
    {"seconds", RELTIME_SEC}, {"second", RELTIME_SEC}, {"secs", RELTIME_SEC},
    {"sec", RELTIME_SEC}, {"s", RELTIME_SEC},
    {"minutes", RELTIME_MIN}, {"minute", RELTIME_MIN}, {"mins", RELTIME_MIN},
    {"min", RELTIME_MIN},
    {"months", RELTIME_MON}, {"month", RELTIME_MON}, {"mon", RELTIME_MON}, {"m", RELTIME_MIN},
    {"hours", RELTIME_HOUR}, {"hour", RELTIME_HOUR}, {"hrs", RELTIME_HOUR}, {"hr", RELTIME_HOUR},
    {"h", RELTIME_HOUR},
    {"days", RELTIME_DAY}, {"day", RELTIME_DAY}, {"d", RELTIME_DAY},
    {"weeks", RELTIME_WEEK}, {"week", RELTIME_WEEK}, {"w", RELTIME_WEEK},
    {"quarters", RELTIME_QTR}, {"quarter", RELTIME_QTR}, {"qtrs", RELTIME_QTR},
    {"qtr", RELTIME_QTR}, {"q", RELTIME_QTR},
    {"years", RELTIME_YEAR}, {"year", RELTIME_YEAR}, {"yrs", RELTIME_YEAR}, {"yr", RELTIME_YEAR},
    {"y", RELTIME_YEAR},
};

bool reltime_read_unit(const char *s, size_t len, size_t *i, reltime_unit *u)
{
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t n = strlen(units[k].name);
        if (*i + n <= len && strncmp(s + *i, units[k].name, n) == 0 &&
            (*i + n == len || !isalpha((unsigned char)s[*i + n]))) {
            *u = units[k].unit;
            *i += n;
            return true;
        }
    }
    return false;
}

long long reltime_unit_seconds(reltime_unit u)
{
    static const long long secs[] = {1, 60, 3600, 86400, 604800};
    return u <= RELTIME_WEEK ? secs[u] : 0;
}

static long long wall(long long t, const char *tz)
{
    return t + timefmt_utc_offset(tz, t);
}

long long reltime_snap(long long t, reltime_unit u, int wday, const char *tz)
{
    if (u == RELTIME_SEC)
        return t;
    long long local = wall(t, tz);
    timefmt_civil c;
    timefmt_civil_from_secs(local, &c);
    long long day = timefmt_days_from_civil(c.year, (unsigned)c.mon, (unsigned)c.mday);
    long long snapped;
    switch (u) {
    case RELTIME_MIN: snapped = local - c.sec; break;
    case RELTIME_HOUR: snapped = local - c.sec - 60LL * c.min; break;
    case RELTIME_DAY: snapped = day * 86400; break;
    case RELTIME_WEEK: snapped = (day - (c.wday - wday + 7) % 7) * 86400; break;
    case RELTIME_MON: snapped = timefmt_days_from_civil(c.year, (unsigned)c.mon, 1) * 86400; break;
    case RELTIME_QTR:
        snapped = timefmt_days_from_civil(c.year, (unsigned)((c.mon - 1) / 3 * 3 + 1), 1) * 86400;
        break;
    case RELTIME_YEAR: snapped = timefmt_days_from_civil(c.year, 1, 1) * 86400; break;
    default: snapped = local; break;
    }
    /* Minutes and hours snap on the instant itself, so a 30-minute zone stays exact. */
    if (u == RELTIME_MIN || u == RELTIME_HOUR)
        return t - (local - snapped);
    return timefmt_from_local(snapped, tz);
}

static unsigned month_days(long long y, int m)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

long long reltime_add_months(long long t, long long n, const char *tz)
{
    long long local = wall(t, tz);
    timefmt_civil c;
    timefmt_civil_from_secs(local, &c);
    long long m0 = c.year * 12 + (c.mon - 1) + n;
    long long y = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
    int m = (int)(m0 - y * 12 + 1);
    unsigned d = (unsigned)c.mday;
    if (d > month_days(y, m))
        d = month_days(y, m);
    long long sod = c.hour * 3600LL + c.min * 60LL + c.sec;
    return timefmt_from_local(timefmt_days_from_civil(y, (unsigned)m, d) * 86400 + sod, tz);
}

/* Adds n units to t. */
static double add_units(double t, long long n, reltime_unit u, const char *tz)
{
    double frac = t - floor(t);
    long long whole = (long long)floor(t);
    switch (u) {
    case RELTIME_SEC:
    case RELTIME_MIN:
    case RELTIME_HOUR:
        return t + (double)n * (double)reltime_unit_seconds(u);
    case RELTIME_DAY:
    case RELTIME_WEEK: {
        /* Calendar days: the same wall-clock time n days on, across DST changes. */
        long long local = wall(whole, tz) + n * reltime_unit_seconds(u);
        return (double)timefmt_from_local(local, tz) + frac;
    }
    default: {
        long long months = n * (u == RELTIME_MON ? 1 : u == RELTIME_QTR ? 3 : 12);
        return (double)reltime_add_months(whole, months, tz) + frac;
    }
    }
}

bool reltime_apply(const char *s, size_t len, double base, const char *tz, double *out,
                   const char **why)
{
    *why = NULL;
    if (len == 3 && memcmp(s, "now", 3) == 0) {
        *out = base;
        return true;
    }
    if (len == 0) {
        *why = "empty time";
        return false;
    }
    if (!isfinite(base) || fabs(base) > 1e13) {
        *why = "time out of range";
        return false;
    }
    double t = base;
    size_t i = 0;
    while (i < len) {
        if (s[i] == '@') {
            i++;
            reltime_unit u;
            int wday = 0;
            if (!reltime_read_unit(s, len, &i, &u)) {
                *why = "expected a unit after '@' (s, m, h, d, w, w0-w6, mon, q, y)";
                return false;
            }
            if (u == RELTIME_WEEK && i < len && s[i] >= '0' && s[i] <= '6')
                wday = s[i++] - '0';
            t = (double)reltime_snap((long long)floor(t), u, wday, tz);
        } else if (s[i] == '+' || s[i] == '-') {
            int sign = s[i++] == '-' ? -1 : 1;
            long long n = 1;
            if (i < len && isdigit((unsigned char)s[i])) {
                n = 0;
                while (i < len && isdigit((unsigned char)s[i])) {
                    n = n * 10 + (s[i++] - '0');
                    if (n > 1000000000LL) {
                        *why = "offset too large";
                        return false;
                    }
                }
            }
            reltime_unit u;
            if (!reltime_read_unit(s, len, &i, &u)) {
                *why = "expected a unit after the offset (s, m, h, d, w, mon, q, y)";
                return false;
            }
            t = add_units(t, sign * n, u, tz);
        } else {
            *why = "expected now, an ISO-8601 time, epoch seconds, or [+-]N<unit>[@<unit>]";
            return false;
        }
    }
    *out = t;
    return true;
}
