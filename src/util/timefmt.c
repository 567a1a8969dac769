/* timefmt.c - Splunk-style strftime/strptime over epoch seconds in a named zone.
 * Calendar fields are computed here from (epoch + UTC offset); libc is asked only
 * for a zone's offset and abbreviation at an instant (zone_offset), by switching
 * TZ under a mutex. That switch is process-wide: nothing else in trawl may call
 * localtime/mktime while it runs (nothing does; all other code works in UTC). */
#include "timefmt.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define ZONEINFO "/usr/share/zoneinfo/"

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};
static const char *const day_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

static bool is_utc(const char *tz)
{
    return !tz || !*tz || strcmp(tz, "UTC") == 0 || strcmp(tz, "GMT") == 0 ||
           strcmp(tz, "Etc/UTC") == 0 || strcmp(tz, "Z") == 0;
}

bool timefmt_zone_valid(const char *tz)
{
    if (is_utc(tz))
        return true;
    size_t n = strlen(tz);
    if (n > 128 || tz[0] == '/' || strstr(tz, ".."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)tz[i]) && !strchr("_+-/", tz[i]))
            return false;
    char path[sizeof ZONEINFO + 130];
    snprintf(path, sizeof path, "%s%s", ZONEINFO, tz);
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ------------------------------------------------------------- zones */

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

/* One remembered answer: offsets change only at transitions, which fall on
 * quarter hours in every zone in use, so a 15-minute bucket is safe to reuse. */
static struct {
    char tz[132];     /* zone name, "" when empty */
    long long bucket; /* epoch / 900 */
    long off;         /* seconds east of UTC */
    char abbr[16];    /* "CET" */
} zone_cache;

/* Offset east of UTC and abbreviation of zone tz at instant t. */
static void zone_offset(const char *tz, long long t, long *off, char *abbr, size_t abbr_size)
{
    if (is_utc(tz)) {
        *off = 0;
        snprintf(abbr, abbr_size, "UTC");
        return;
    }
    long long bucket = t >= 0 ? t / 900 : -((-t + 899) / 900);
    pthread_mutex_lock(&zone_lock);
    if (strcmp(zone_cache.tz, tz) != 0 || zone_cache.bucket != bucket) {
        if (!timefmt_zone_valid(tz)) {
            /* Unknown names read as UTC rather than whatever libc guesses. */
            pthread_mutex_unlock(&zone_lock);
            *off = 0;
            snprintf(abbr, abbr_size, "UTC");
            return;
        }
        const char *old = getenv("TZ");
        char *saved = old ? strdup(old) : NULL;
        setenv("TZ", tz, 1);
        tzset();
        time_t tt = (time_t)t;
        struct tm tm;
        if (localtime_r(&tt, &tm)) {
            zone_cache.off = tm.tm_gmtoff;
            snprintf(zone_cache.abbr, sizeof zone_cache.abbr, "%s", tm.tm_zone ? tm.tm_zone : "");
        } else {
            zone_cache.off = 0;
            snprintf(zone_cache.abbr, sizeof zone_cache.abbr, "UTC");
        }
        if (saved) {
            setenv("TZ", saved, 1);
            free(saved);
        } else {
            unsetenv("TZ");
        }
        tzset();
        snprintf(zone_cache.tz, sizeof zone_cache.tz, "%s", tz);
        zone_cache.bucket = bucket;
    }
    *off = zone_cache.off;
    snprintf(abbr, abbr_size, "%s", zone_cache.abbr);
    pthread_mutex_unlock(&zone_lock);
}

long timefmt_utc_offset(const char *tz, long long t)
{
    long off;
    char abbr[16];
    zone_offset(tz, t, &off, abbr, sizeof abbr);
    return off;
}

long long timefmt_from_local(long long local, const char *tz)
{
    if (is_utc(tz))
        return local;
    /* Guess with the offset at local-as-UTC, then correct once with the offset
     * at the first answer. */
    long off = timefmt_utc_offset(tz, local);
    off = timefmt_utc_offset(tz, local - off);
    return local - off;
}

/* ---------------------------------------------------------- calendar */

typedef timefmt_civil civil;

static long long floor_div(long long a, long long b)
{
    return a / b - (a % b != 0 && ((a < 0) != (b < 0)));
}

/* Inverse of timefmt_days_from_civil (Hinnant's civil_from_days). */
void timefmt_civil_from_secs(long long secs, timefmt_civil *c)
{
    long long days = floor_div(secs, 86400);
    long long rem = secs - days * 86400;
    c->hour = (int)(rem / 3600);
    c->min = (int)(rem % 3600 / 60);
    c->sec = (int)(rem % 60);
    c->wday = (int)((days % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    c->year = y + (m <= 2);
    c->mon = (int)m;
    c->mday = (int)d;
    c->yday = (int)(days - timefmt_days_from_civil(c->year, 1, 1));
}

/* ---------------------------------------------------------- formatting */

typedef struct outbuf {
    char *buf;
    size_t size;
    size_t len;   /* bytes written, < size */
} outbuf;

static void put(outbuf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n && o->len + 1 < o->size; i++)
        o->buf[o->len++] = s[i];
    if (o->size)
        o->buf[o->len] = '\0';
}

static void putf(outbuf *o, const char *fmt, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, fmt, v);
    put(o, tmp, n > 0 ? (size_t)n : 0);
}

size_t timefmt_format(double epoch, const char *fmt, const char *tz, char *buf, size_t size)
{
    outbuf o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    if (!fmt || !isfinite(epoch) || fabs(epoch) > 1e13)
        return 0;
    /* Microseconds are all a double epoch carries faithfully; round there so
     * 1671551905.325383 prints .325383, not .325382999. */
    long long us_total = llround(epoch * 1e6);
    long long secs = floor_div(us_total, 1000000);
    long long us = us_total - secs * 1000000;
    long off;
    char abbr[16];
    zone_offset(tz, secs, &off, abbr, sizeof abbr);
    civil c;
    timefmt_civil_from_secs(secs + off, &c);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, p, 1);
            continue;
        }
        p++;
        int width = 0;
        if (*p >= '1' && *p <= '9' && (p[1] == 'N' || p[1] == 'Q'))
            width = *p++ - '0';
        bool colon = false;
        if (*p == ':' && p[1] == 'z') {
            colon = true;
            p++;
        }
        switch (*p) {
        case '\0':
            put(&o, "%", 1);
            p--;
            break;
        case 'Y': putf(&o, "%04lld", c.year); break;
        case 'y': putf(&o, "%02lld", (c.year % 100 + 100) % 100); break;
        case 'C': putf(&o, "%02lld", floor_div(c.year, 100)); break;
        case 'm': putf(&o, "%02lld", c.mon); break;
        case 'd': putf(&o, "%02lld", c.mday); break;
        case 'e': putf(&o, "%2lld", c.mday); break;
        case 'H': putf(&o, "%02lld", c.hour); break;
        case 'k': putf(&o, "%2lld", c.hour); break;
        case 'I': putf(&o, "%02lld", (c.hour + 11) % 12 + 1); break;
        case 'l': putf(&o, "%2lld", (c.hour + 11) % 12 + 1); break;
        case 'M': putf(&o, "%02lld", c.min); break;
        case 'S': putf(&o, "%02lld", c.sec); break;
        case 'j': putf(&o, "%03lld", c.yday + 1); break;
        case 'w': putf(&o, "%lld", c.wday); break;
        case 'u': putf(&o, "%lld", c.wday ? c.wday : 7); break;
        case 'p': put(&o, c.hour < 12 ? "AM" : "PM", 2); break;
        case 'b':
        case 'h': put(&o, month_names[c.mon - 1], 3); break;
        case 'B': put(&o, month_names[c.mon - 1], strlen(month_names[c.mon - 1])); break;
        case 'a': put(&o, day_names[c.wday], 3); break;
        case 'A': put(&o, day_names[c.wday], strlen(day_names[c.wday])); break;
        case 's': putf(&o, "%lld", secs); break;
        case 'T':
            putf(&o, "%02lld", c.hour);
            putf(&o, ":%02lld", c.min);
            putf(&o, ":%02lld", c.sec);
            break;
        case 'R':
            putf(&o, "%02lld", c.hour);
            putf(&o, ":%02lld", c.min);
            break;
        case 'F':
            putf(&o, "%04lld", c.year);
            putf(&o, "-%02lld", c.mon);
            putf(&o, "-%02lld", c.mday);
            break;
        case 'D':
            putf(&o, "%02lld", c.mon);
            putf(&o, "/%02lld", c.mday);
            putf(&o, "/%02lld", (c.year % 100 + 100) % 100);
            break;
        case 'z': {
            long a = off < 0 ? -off : off;
            put(&o, off < 0 ? "-" : "+", 1);
            putf(&o, "%02lld", a / 3600);
            if (colon)
                put(&o, ":", 1);
            putf(&o, "%02lld", a % 3600 / 60);
            break;
        }
        case 'Z': put(&o, abbr, strlen(abbr)); break;
        case 'N':
        case 'Q': {
            /* %N defaults to 9 digits, %Q to 3 (milliseconds), as in Splunk. */
            int w = width ? width : (*p == 'N' ? 9 : 3);
            char digits[16];
            snprintf(digits, sizeof digits, "%06lld000", us);
            put(&o, digits, (size_t)w);
            break;
        }
        case 'n': put(&o, "\n", 1); break;
        case 't': put(&o, "\t", 1); break;
        case '%': put(&o, "%", 1); break;
        default:
            /* Unknown specifiers print as written, so a typo stays visible. */
            put(&o, p - 1, 2);
            break;
        }
    }
    return o.len;
}

/* ------------------------------------------------------------- parsing */

typedef struct fields {
    long long year;
    int mon, mday, hour, min, sec;
    int pm;              /* -1 none, 0 AM, 1 PM */
    int yday;            /* -1 unless %j */
    double frac;         /* sub-second part */
    bool have_off;       /* %z or a UTC %Z seen */
    long off;
    bool have_epoch;     /* %s seen */
    long long epoch;
} fields;

/* Reads 1..maxd digits at s[*i]. */
static bool num(const char *s, size_t len, size_t *i, int maxd, long long *v)
{
    size_t start = *i;
    long long r = 0;
    while (*i < len && *i - start < (size_t)maxd && isdigit((unsigned char)s[*i]))
        r = r * 10 + (s[(*i)++] - '0');
    *v = r;
    return *i > start;
}

static bool ranged(const char *s, size_t len, size_t *i, int maxd, long long lo, long long hi,
                   int *out)
{
    long long v;
    if (!num(s, len, i, maxd, &v) || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* Matches a full or three-letter English name, case-insensitively. */
static int name_match(const char *s, size_t len, size_t *i, const char *const *names, int n)
{
    for (int k = 0; k < n; k++) {
        size_t full = strlen(names[k]);
        if (*i + full <= len && strncasecmp(s + *i, names[k], full) == 0) {
            *i += full;
            return k;
        }
    }
    for (int k = 0; k < n; k++)
        if (*i + 3 <= len && strncasecmp(s + *i, names[k], 3) == 0) {
            *i += 3;
            return k;
        }
    return -1;
}

static bool parse_spec(const char *s, size_t len, size_t *i, const char **pp, fields *f);

static bool parse_sub(const char *s, size_t len, size_t *i, const char *sub, fields *f)
{
    for (const char *p = sub; *p; p++) {
        if (*p == '%') {
            p++;
            if (!parse_spec(s, len, i, &p, f))
                return false;
        } else if (*i >= len || s[(*i)++] != *p) {
            return false;
        }
    }
    return true;
}

/* Parses one conversion; *pp points at the letter after '%' and is left on the
 * last character consumed. */
static bool parse_spec(const char *s, size_t len, size_t *i, const char **pp, fields *f)
{
    const char *p = *pp;
    int width = 0;
    if (*p >= '1' && *p <= '9' && (p[1] == 'N' || p[1] == 'Q'))
        width = *p++ - '0';
    if (*p == ':' && p[1] == 'z')
        p++;
    *pp = p;
    long long v;
    switch (*p) {
    case 'Y': {
        bool neg = *i < len && s[*i] == '-';
        if (neg)
            (*i)++;
        if (!num(s, len, i, 4, &v))
            return false;
        f->year = neg ? -v : v;
        return true;
    }
    case 'y':
        if (!num(s, len, i, 2, &v))
            return false;
        f->year = v < 69 ? 2000 + v : 1900 + v;   /* POSIX pivot */
        return true;
    case 'm': return ranged(s, len, i, 2, 1, 12, &f->mon);
    case 'd':
    case 'e':
        while (*p == 'e' && *i < len && s[*i] == ' ')
            (*i)++;
        return ranged(s, len, i, 2, 1, 31, &f->mday);
    case 'H':
    case 'k':
        while (*p == 'k' && *i < len && s[*i] == ' ')
            (*i)++;
        return ranged(s, len, i, 2, 0, 23, &f->hour);
    case 'I':
    case 'l':
        while (*p == 'l' && *i < len && s[*i] == ' ')
            (*i)++;
        return ranged(s, len, i, 2, 1, 12, &f->hour);
    case 'M': return ranged(s, len, i, 2, 0, 59, &f->min);
    case 'S': return ranged(s, len, i, 2, 0, 60, &f->sec);
    case 'j': {
        int d;
        if (!ranged(s, len, i, 3, 1, 366, &d))
            return false;
        f->yday = d - 1;
        return true;
    }
    case 'p':
        if (*i + 2 <= len && strncasecmp(s + *i, "AM", 2) == 0)
            f->pm = 0;
        else if (*i + 2 <= len && strncasecmp(s + *i, "PM", 2) == 0)
            f->pm = 1;
        else
            return false;
        *i += 2;
        return true;
    case 'b':
    case 'B':
    case 'h': {
        int m = name_match(s, len, i, month_names, 12);
        if (m < 0)
            return false;
        f->mon = m + 1;
        return true;
    }
    case 'a':
    case 'A':
        return name_match(s, len, i, day_names, 7) >= 0;
    case 's': {
        bool neg = *i < len && s[*i] == '-';
        if (neg)
            (*i)++;
        if (!num(s, len, i, 12, &v))
            return false;
        f->have_epoch = true;
        f->epoch = neg ? -v : v;
        return true;
    }
    case 'N':
    case 'Q': {
        size_t start = *i;
        double scale = 0.1, fr = 0;
        size_t maxd = width ? (size_t)width : 9;
        while (*i < len && *i - start < maxd && isdigit((unsigned char)s[*i])) {
            fr += (s[(*i)++] - '0') * scale;
            scale /= 10;
        }
        if (*i == start)
            return false;
        f->frac = fr;
        return true;
    }
    case 'z': {
        if (*i < len && (s[*i] == 'Z' || s[*i] == 'z')) {
            (*i)++;
            f->have_off = true;
            f->off = 0;
            return true;
        }
        if (*i >= len || (s[*i] != '+' && s[*i] != '-'))
            return false;
        int sign = s[(*i)++] == '-' ? -1 : 1;
        int hh, mm = 0;
        if (!ranged(s, len, i, 2, 0, 23, &hh))
            return false;
        if (*i < len && s[*i] == ':')
            (*i)++;
        if (*i < len && isdigit((unsigned char)s[*i]) && !ranged(s, len, i, 2, 0, 59, &mm))
            return false;
        f->have_off = true;
        f->off = sign * (hh * 3600L + mm * 60L);
        return true;
    }
    case 'Z': {
        /* Only unambiguous UTC names fix the offset; others are skipped. */
        size_t start = *i;
        while (*i < len && isalpha((unsigned char)s[*i]))
            (*i)++;
        if (*i == start)
            return false;
        size_t n = *i - start;
        if ((n == 3 && (strncasecmp(s + start, "UTC", 3) == 0 || strncasecmp(s + start, "GMT", 3) == 0)) ||
            (n == 1 && (s[start] == 'Z' || s[start] == 'z'))) {
            f->have_off = true;
            f->off = 0;
        }
        return true;
    }
    case 'T': return parse_sub(s, len, i, "%H:%M:%S", f);
    case 'R': return parse_sub(s, len, i, "%H:%M", f);
    case 'F': return parse_sub(s, len, i, "%Y-%m-%d", f);
    case 'D': return parse_sub(s, len, i, "%m/%d/%y", f);
    case 'n':
    case 't':
        while (*i < len && isspace((unsigned char)s[*i]))
            (*i)++;
        return true;
    case '%':
        return *i < len && s[(*i)++] == '%';
    default:
        return false;
    }
}

bool timefmt_parse(const char *s, size_t len, const char *fmt, const char *tz, double *epoch)
{
    fields f = {.year = 1970, .mon = 1, .mday = 1, .pm = -1, .yday = -1};
    size_t i = 0;
    if (!s || !fmt)
        return false;
    for (const char *p = fmt; *p; p++) {
        if (*p == '%') {
            p++;
            if (!*p || !parse_spec(s, len, &i, &p, &f))
                return false;
        } else if (isspace((unsigned char)*p)) {
            /* Whitespace in the format matches any run of whitespace, even none. */
            while (i < len && isspace((unsigned char)s[i]))
                i++;
        } else if (i >= len || s[i++] != *p) {
            return false;
        }
    }
    /* Text after the format is ignored, as Splunk's strptime does. */
    if (f.have_epoch) {
        *epoch = (double)f.epoch + f.frac;
        return true;
    }
    if (f.pm >= 0)
        f.hour = f.hour % 12 + (f.pm ? 12 : 0);
    if (f.year < -100000 || f.year > 100000)
        return false;
    long long days;
    if (f.yday >= 0 && f.mon == 1 && f.mday == 1)
        days = timefmt_days_from_civil(f.year, 1, 1) + f.yday;
    else
        days = timefmt_days_from_civil(f.year, (unsigned)f.mon, (unsigned)f.mday);
    long long local = days * 86400 + f.hour * 3600LL + f.min * 60LL + f.sec;
    if (f.have_off)
        *epoch = (double)(local - f.off) + f.frac;
    else
        *epoch = (double)timefmt_from_local(local, tz) + f.frac;
    return true;
}
