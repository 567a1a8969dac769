/* num.c - strict number parsing (no locale, whole string) and Splunk-style printing. */
#include "num.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool num_parse(const char *s, size_t len, double *out)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len > 64)
        return false;
    if (len <= 20) {
        /* Digits with an optional fraction (event codes, epoch times) whose digits,
         * as an integer m, stay below 2^53: m and 10^k are exact doubles, so
         * m / 10^k is the correctly rounded value strtod would give, without its
         * cost. */
        static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20 };
        uint64_t m = 0;
        size_t i = 0, digits = 0, frac = 0;
        bool dot = false;
        for (; i < len; i++) {
            if (s[i] >= '0' && s[i] <= '9') {
                m = m * 10 + (uint64_t)(s[i] - '0');   /* kept only up to 19 digits:
                                                         no wrap */
                digits++;
                frac += dot;
            } else if (s[i] == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (i == len && digits && digits <= 19 && m <= (1ull << 53)) {
            *out = (double)m / pow10[frac];
            return true;
        }
    }
    char buf[72];
    memcpy(buf, s, len);
    buf[len] = '\0';
    const char *p = buf;
    if (*p == '+' || *p == '-')
        p++;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        if (!isxdigit((unsigned char)p[2]))
            return false;
        char *end;
        unsigned long long v = strtoull(p + 2, &end, 16);
        if (*end)
            return false;
        *out = buf[0] == '-' ? -(double)v : (double)v;
        return true;
    }
    /* Reject what strtod accepts but SPL does not: inf, nan, hex floats. */
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
        return false;
    char *end;
    double v = strtod(buf, &end);
    if (*end)
        return false;
    *out = v;
    return true;
}

size_t num_format(double v, char *buf, size_t size)
{
    int n;
    if (isnan(v))
        n = snprintf(buf, size, "nan");
    else if (isinf(v))
        n = snprintf(buf, size, v < 0 ? "-inf" : "inf");
    else if (v == floor(v) && fabs(v) < 1e15)
        n = snprintf(buf, size, "%.0f", v);
    else {
        n = snprintf(buf, size, "%.15g", v);
        if (strchr(buf, '.') && !strchr(buf, 'e')) {
            while (n > 0 && buf[n - 1] == '0')
                buf[--n] = '\0';
            if (n > 0 && buf[n - 1] == '.')
                buf[--n] = '\0';
        }
    }
    if (n < 0)
        n = 0;
    if ((size_t)n >= size)
        n = (int)size - 1;
    return (size_t)n;
}
