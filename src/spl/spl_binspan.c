/* spl_binspan.c - spans of bin/bucket/timechart: parsing "5m", flooring a value to
 * its bin, and the automatic span of bins=N. Sub-day time bins start on multiples
 * of the span counted from local midnight of 1970-01-01 (from aligntime= when
 * given); day and week bins start at local midnight (weeks on Sunday), month,
 * quarter and year bins on the first of the month. */
#include "spl_binspan.h"

#include <math.h>
#include <string.h>

#include "../util/timefmt.h"

/* Sub-second units: us, ms, cs, ds. */
static const struct {
    const char *name;
    double secs;
} subsec[] = {{"us", 1e-6}, {"ms", 1e-3}, {"cs", 1e-2}, {"ds", 1e-1}};

bool spl_binspan_parse(const char *s, size_t len, spl_binspan *out, const char **why)
{
    *out = (spl_binspan){0};
    size_t i = 0;
    double n = 0;
    bool digits = false, frac = false;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        n = n * 10 + (s[i++] - '0');
        digits = true;
    }
    if (i < len && s[i] == '.') {
        double scale = 0.1;
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10) {
            n += (s[i] - '0') * scale;
            digits = frac = true;
        }
    }
    if (i == len) {
        if (!digits) {
            *why = "expected a number and a time unit such as 5m";
            return false;
        }
        out->n = n;
    } else {
        if (!digits)
            n = 1;   /* a unit alone is one of it */
        size_t k;
        for (k = 0; k < sizeof subsec / sizeof subsec[0]; k++)
            if (len - i == 2 && memcmp(s + i, subsec[k].name, 2) == 0)
                break;
        if (k < sizeof subsec / sizeof subsec[0]) {
            out->unit = RELTIME_SEC;
            out->n = n * subsec[k].secs;
        } else if (reltime_read_unit(s, len, &i, &out->unit) && i == len) {
            out->n = n;
        } else {
            *why = memmem(s, len, "log", 3) ? "log spans are not supported"
                                            : "expected a number and a time unit such as 5m "
                                              "(s, m, h, d, w, mon, q, y, or ms, us, cs, ds)";
            return false;
        }
        if (frac && k == sizeof subsec / sizeof subsec[0]) {
            *why = "a time span takes a whole number of units";
            return false;
        }
        out->is_time = true;
    }
    if (!(out->n > 0) || !isfinite(out->n) || out->n > 1e12) {
        *why = "the span must be a number greater than 0";
        return false;
    }
    return true;
}

double spl_binspan_seconds(const spl_binspan *b)
{
    if (!b->is_time)
        return b->n;
    switch (b->unit) {
    case RELTIME_MON: return b->n * 30 * 86400;
    case RELTIME_QTR: return b->n * 90 * 86400;
    case RELTIME_YEAR: return b->n * 365 * 86400;
    default: return b->n * (double)reltime_unit_seconds(b->unit);
    }
}

static long long floor_div(long long a, long long b)
{
    return a / b - (a % b != 0 && ((a < 0) != (b < 0)));
}

double spl_binspan_floor(const spl_binspan *b, double v, const char *tz)
{
    if (!b->is_time)
        return floor(v / b->n) * b->n;
    if (!isfinite(v) || fabs(v) > 1e13)
        return v;
    long long whole = (long long)floor(v);
    long off = timefmt_utc_offset(tz, whole);
    if (b->unit <= RELTIME_HOUR) {
        double size = spl_binspan_seconds(b);
        if (b->aligned)
            return b->align + floor((v - b->align) / size) * size;
        return floor((v + off) / size) * size - off;
    }
    long long local = whole + off;
    long long day = floor_div(local, 86400);
    long long n = (long long)b->n;
    if (b->unit == RELTIME_DAY)
        return (double)timefmt_from_local(floor_div(day, n) * n * 86400, tz);
    if (b->unit == RELTIME_WEEK) {
        /* 1970-01-04 (day 3) was a Sunday. */
        long long week = floor_div(day - 3, 7);
        return (double)timefmt_from_local((floor_div(week, n) * n * 7 + 3) * 86400, tz);
    }
    timefmt_civil c;
    timefmt_civil_from_secs(local, &c);
    long long per = n * (b->unit == RELTIME_MON ? 1 : b->unit == RELTIME_QTR ? 3 : 12);
    long long m = floor_div(c.year * 12 + c.mon - 1, per) * per;
    long long y = floor_div(m, 12);
    unsigned mon = (unsigned)(m - y * 12 + 1);
    return (double)timefmt_from_local(timefmt_days_from_civil(y, mon, 1) * 86400, tz);
}

/* Bins of b needed to cover [lo, hi]. */
static double bins_needed(const spl_binspan *b, double lo, double hi)
{
    if (b->is_time && b->unit >= RELTIME_MON) {
        timefmt_civil a, z;
        timefmt_civil_from_secs((long long)floor(lo), &a);
        timefmt_civil_from_secs((long long)floor(hi), &z);
        double months = (double)((z.year - a.year) * 12 + z.mon - a.mon);
        return floor(months / (b->unit == RELTIME_YEAR ? 12 * b->n : b->n)) + 1;
    }
    double size = spl_binspan_seconds(b);
    return floor(hi / size) - floor(lo / size) + 1;
}

void spl_binspan_auto(double lo, double hi, size_t bins, double minspan, bool is_time,
                      spl_binspan *out)
{
    if (bins < 1)
        bins = 1;
    if (is_time) {
        static const struct {
            reltime_unit unit;
            double n;
        } steps[] = {
            {RELTIME_SEC, 1}, {RELTIME_SEC, 5}, {RELTIME_SEC, 10}, {RELTIME_SEC, 30},
            {RELTIME_MIN, 1}, {RELTIME_MIN, 5}, {RELTIME_MIN, 10}, {RELTIME_MIN, 30},
            {RELTIME_HOUR, 1}, {RELTIME_DAY, 1}, {RELTIME_MON, 1}, {RELTIME_YEAR, 1},
        };
        size_t last = sizeof steps / sizeof steps[0] - 1;
        for (size_t i = 0; i <= last; i++) {
            *out = (spl_binspan){.is_time = true, .unit = steps[i].unit, .n = steps[i].n};
            if (i < last && (spl_binspan_seconds(out) < minspan ||
                             bins_needed(out, lo, hi) > (double)bins))
                continue;
            return;
        }
    }
    *out = (spl_binspan){.n = 1e-6};
    for (int k = -6; k <= 18; k++) {
        out->n = pow(10, k);
        if (bins_needed(out, lo, hi) <= (double)bins)
            return;
    }
}
