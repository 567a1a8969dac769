/* timefmt_iso.c - ISO-8601 timestamps of Windows events to epoch seconds, and the
 * calendar arithmetic they need; no libc time zone state involved. */
#include "timefmt.h"

#include <ctype.h>

long long timefmt_days_from_civil(long long y, unsigned m, unsigned d)
{
    /* Howard Hinnant's days_from_civil algorithm. */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static bool digits(const char *s, size_t len, size_t at, size_t n, int *out)
{
    if (at + n > len)
        return false;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[at + i]))
            return false;
        v = v * 10 + (s[at + i] - '0');
    }
    *out = v;
    return true;
}

bool timefmt_parse_iso8601(const char *s, size_t len, double *epoch)
{
    int y, mo, d, h, mi, sec;
    if (!digits(s, len, 0, 4, &y) || len < 19 || s[4] != '-' || !digits(s, len, 5, 2, &mo) ||
        s[7] != '-' || !digits(s, len, 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') ||
        !digits(s, len, 11, 2, &h) || s[13] != ':' || !digits(s, len, 14, 2, &mi) ||
        s[16] != ':' || !digits(s, len, 17, 2, &sec))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return false;
    size_t i = 19;
    double frac = 0, scale = 0.1;
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        if (i >= len || !isdigit((unsigned char)s[i]))
            return false;
        while (i < len && isdigit((unsigned char)s[i])) {
            frac += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
    }
    long offset = 0;
    if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < len && (s[i] == '+' || s[i] == '-')) {
        int oh, om = 0;
        int sign = s[i] == '-' ? -1 : 1;
        if (!digits(s, len, i + 1, 2, &oh))
            return false;
        i += 3;
        if (i < len && s[i] == ':')
            i++;
        if (i < len && !digits(s, len, i, 2, &om))
            return false;
        if (i < len)
            i += 2;
        offset = sign * (oh * 3600L + om * 60L);
    }
    if (i != len)
        return false;
    long long days = timefmt_days_from_civil(y, (unsigned)mo, (unsigned)d);
    *epoch = (double)(days * 86400LL + h * 3600LL + mi * 60LL + sec - offset) + frac;
    return true;
}
