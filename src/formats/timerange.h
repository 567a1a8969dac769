/* timerange.h - the time bounds of --earliest/--latest, as Splunk spells them:
 * absolute ("2024-03-11T07:00:00Z", "2024-03-11", "03/11/2024:07:00:00", epoch
 * seconds) or relative to now ("now", "-24h", "-7d@d", "@d", "-1d@d+2h",
 * "-15m", "@w1"): signed offsets in s/m/h/d/w/mon/q/y (and their long names)
 * and @unit snaps down to the start of that unit, all in UTC. */
#ifndef TRAWL_TIMERANGE_H
#define TRAWL_TIMERANGE_H

#include <stdbool.h>

/* Parses s relative to now (epoch seconds). Returns true with *out set, or false
 * with a reason (static string) in *why. */
bool timerange_parse(const char *s, double now, double *out, const char **why);

#endif
