/* timerange.c - the bounds of --earliest/--latest: absolute times here, relative
 * modifiers ("-7d@d") through util/reltime.c, in UTC. */
#include "timerange.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/reltime.h"
#include "../util/timefmt.h"

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
    return reltime_apply(s, n, now, NULL, out, why);
}
