/* timefmt.c - strftime/strptime in named zones (stub). */
#include "timefmt.h"

size_t timefmt_format(double epoch, const char *fmt, const char *tz, char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    return 0;
}

bool timefmt_parse(const char *s, size_t len, const char *fmt, const char *tz, double *epoch)
{
    return false;
}

bool timefmt_zone_valid(const char *tz)
{
    return !tz || !*tz;
}
