/* spl_binspan.h - the span= of bin, bucket and timechart (and tstats ... span=):
 * "5m", "1h", "30s", "2d", "1w", "1mon", "1q", "1y", "100ms", or a bare number;
 * and where a value falls: time spans floor an epoch to the start of its bin on
 * the wall clock of the run's zone (days, weeks and months by the calendar),
 * bare numbers floor to a multiple of the span. Also the automatic span that
 * bins=N and minspan= choose from the data's range. */
#ifndef TRAWL_SPL_BINSPAN_H
#define TRAWL_SPL_BINSPAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/reltime.h"

typedef struct spl_binspan {
    bool is_time;        /* a time unit was written (or chosen for _time) */
    reltime_unit unit;   /* is_time: the unit */
    double n;            /* how many units (seconds for sub-second units), or the number */
    bool aligned;        /* align is set (aligntime=) */
    double align;        /* an instant bins of seconds, minutes, hours start from */
} spl_binspan;

/* Parses s[0..len): [N]unit or N. False with a reason in *why. */
bool spl_binspan_parse(const char *s, size_t len, spl_binspan *out, const char **why);
/* The span in seconds (calendar units approximated: a month is 30 days). */
double spl_binspan_seconds(const spl_binspan *b);
/* The start of the bin holding v (zone tz for time spans). */
double spl_binspan_floor(const spl_binspan *b, double v, const char *tz);

/* The smallest span giving at most bins bins over [lo, hi]: for time, the first
 * of 1s 5s 10s 30s 1m 5m 10m 30m 1h 1d 1mon 1y at least minspan seconds long;
 * for numbers, a power of ten. */
void spl_binspan_auto(double lo, double hi, size_t bins, double minspan, bool is_time,
                      spl_binspan *out);

#endif
