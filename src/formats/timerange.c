/* timerange.c - Splunk time modifiers. A relative modifier is a list of terms
 * applied left to right to "now": [+-][N]unit adds N units (months and years by
 * the calendar, the day clamped to the month's length), @unit snaps down.
 * Everything is computed in UTC on whole seconds (a snap drops the fraction). */
#include "timerange.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/timefmt.h"

enum unit { U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MON, U_QTR, U_YEAR };

/* Unit spellings Splunk accepts, longest first where one is a prefix of another. */
static const struct { const char *name; enum unit unit; } units[] = {
    { "seconds", U_SEC }, { "second", U_SEC }, { "secs", U_SEC }, { "sec", U_SEC }, { "s", U_SEC },
    { "minutes", U_MIN }, { "minute", U_MIN }, { "mins", U_MIN }, { "min", U_MIN },
    { "months", U_MON }, { "month", U_MON }, { "mon", U_MON }, { "m", U_MIN },
    { "hours", U_HOUR }, { "hour", U_HOUR }, { "hrs", U_HOUR }, { "hr", U_HOUR }, { "h", U_HOUR },
    { "days", U_DAY }, { "day", U_DAY }, { "d", U_DAY },
    { "weeks", U_WEEK }, { "week", U_WEEK }, { "w", U_WEEK },
    { "quarters", U_QTR }, { "quarter", U_QTR }, { "qtrs", U_QTR }, { "qtr", U_QTR }, { "q", U_QTR },
    { "years", U_YEAR }, { "year", U_YEAR }, { "yrs", U_YEAR }, { "yr", U_YEAR }, { "y", U_YEAR },
};

static const long long unit_secs[] = { 1, 60, 3600, 86400, 604800 };

typedef struct civil {
    long long y;
    unsigned m, d;
    long long sod;   /* seconds of the day */
} civil;

/* Inverse of timefmt_days_from_civil (proleptic Gregorian). */
static civil civil_from(long long t)
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    civil c;
    c.sod = t - days * 86400;
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    c.d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    c.m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    c.y = yoe + era * 400 + (c.m <= 2);
    return c;
}

static long long to_epoch(civil c)
{
    return timefmt_days_from_civil(c.y, c.m, c.d) * 86400 + c.sod;
}

static unsigned month_days(long long y, unsigned m)
{
    static const unsigned dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

static long long add_months(long long t, long long n)
{
    civil c = civil_from(t);
    long long m0 = c.y * 12 + (c.m - 1) + n;
    c.y = m0 >= 0 ? m0 / 12 : -((-m0 + 11) / 12);
    c.m = (unsigned)(m0 - c.y * 12 + 1);
    unsigned md = month_days(c.y, c.m);
    if (c.d > md)
        c.d = md;
    return to_epoch(c);
}

/* Reads a unit at *p; for a snap, "w0".."w6" gives a weekday in *wday. */
static bool read_unit(const char **p, enum unit *u, int *wday)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i].name);
        if (strncmp(*p, units[i].name, n) == 0 && !isalpha((unsigned char)(*p)[n])) {
            *u = units[i].unit;
            *p += n;
            if (*u == U_WEEK && wday && **p >= '0' && **p <= '6')
                *wday = *(*p)++ - '0';
            return true;
        }
    }
    return false;
}

static long long snap(long long t, enum unit u, int wday)
{
    civil c = civil_from(t);
    switch (u) {
    case U_SEC: return t;
    case U_MIN: return t - ((c.sod % 60) + 60) % 60;
    case U_HOUR: return t - c.sod % 3600;
    case U_DAY: return t - c.sod;
    case U_WEEK: {
        long long day = (t - c.sod) / 86400;
        int dow = (int)(((day % 7) + 11) % 7);   /* 1970-01-01 was a Thursday (4) */
        int back = (dow - wday + 7) % 7;
        return (day - back) * 86400;
    }
    case U_MON: c.d = 1; c.sod = 0; return to_epoch(c);
    case U_QTR: c.d = 1; c.sod = 0; c.m = (c.m - 1) / 3 * 3 + 1; return to_epoch(c);
    case U_YEAR: c.d = 1; c.m = 1; c.sod = 0; return to_epoch(c);
    }
    return t;
}

static bool parse_relative(const char *p, double now, double *out, const char **why)
{
    double t = now;
    if (strcmp(p, "now") == 0) {
        *out = now;
        return true;
    }
    if (*p == '\0') {
        *why = "empty time";
        return false;
    }
    while (*p) {
        if (*p == '@') {
            p++;
            enum unit u;
            int wday = 0;
            if (!read_unit(&p, &u, &wday)) {
                *why = "expected a unit after '@' (s, m, h, d, w, w0-w6, mon, q, y)";
                return false;
            }
            t = (double)snap((long long)floor(t), u, wday);
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1;
            long long n = 1;
            if (isdigit((unsigned char)*p)) {
                char *end;
                n = strtoll(p, &end, 10);
                if (n > 1000000000LL) {
                    *why = "offset too large";
                    return false;
                }
                p = end;
            }
            enum unit u;
            if (!read_unit(&p, &u, NULL)) {
                *why = "expected a unit after the offset (s, m, h, d, w, mon, q, y)";
                return false;
            }
            if (u == U_MON || u == U_QTR || u == U_YEAR) {
                long long months = n * (u == U_MON ? 1 : u == U_QTR ? 3 : 12);
                double frac = t - floor(t);
                t = (double)add_months((long long)floor(t), sign * months) + frac;
            } else {
                t += (double)(sign * n * unit_secs[u]);
            }
        } else {
            *why = "expected now, an ISO-8601 time, epoch seconds, or [+-]N<unit>[@<unit>]";
            return false;
        }
    }
    *out = t;
    return true;
}

bool timerange_parse(const char *s, double now, double *out, const char **why)
{
    size_t n = strlen(s);
    *why = NULL;
    if (n && (isdigit((unsigned char)s[0]))) {
        char *end;
        double v = strtod(s, &end);
        if (*end == '\0') {
            *out = v;
            return true;
        }
        if (timefmt_parse_iso8601(s, n, out))
            return true;
        if (n == 10 && timefmt_parse(s, n, "%Y-%m-%d", NULL, out))
            return true;
        if (timefmt_parse(s, n, "%m/%d/%Y:%H:%M:%S", NULL, out) ||
            (n == 10 && timefmt_parse(s, n, "%m/%d/%Y", NULL, out)))
            return true;
        *why = "expected an ISO-8601 time such as 2024-03-11T07:00:00Z";
        return false;
    }
    return parse_relative(s, now, out, why);
}
