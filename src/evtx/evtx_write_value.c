/* evtx_write_value.c - turning XML text into BinXML values for the writer: UTF-16LE
 * strings, canonical integers, hex64, GUID, SID and FILETIME, plus the name hash.
 * A value is typed only when its text is exactly Windows' rendering of it, so that
 * reading the file back gives the text that went in. */
#include <stdio.h>
#include <string.h>

#include "../util/timefmt.h"
#include "../util/xmalloc.h"
#include "evtx_layout.h"
#include "evtx_write.h"
#include "evtx_write_private.h"

/* ---- buffer ---- */

void ew_buf_put(ew_buf *b, const void *s, size_t n)
{
    if (n == 0)
        return;
    XGROW(b->p, b->cap, b->len + n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void ew_buf_u8(ew_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    ew_buf_put(b, &c, 1);
}

void ew_buf_u16(ew_buf *b, unsigned v)
{
    unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    ew_buf_put(b, c, 2);
}

void ew_put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void ew_put_le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void ew_buf_u32(ew_buf *b, uint32_t v)
{
    unsigned char c[4];
    ew_put_le32(c, v);
    ew_buf_put(b, c, 4);
}

void ew_buf_u64(ew_buf *b, uint64_t v)
{
    unsigned char c[8];
    ew_put_le64(c, v);
    ew_buf_put(b, c, 8);
}

void ew_buf_free(ew_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- UTF-8 -> UTF-16 ---- */

/* Next code point of s[*i, len); invalid bytes become U+FFFD (expat already
 * validated the text, this only keeps hostile callers safe). */
static uint32_t utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    size_t n = c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : 0;
    if (n == 0 || n >= len - *i) {
        (*i)++;
        return 0xfffd;
    }
    uint32_t cp = c & (0x3fu >> n);
    for (size_t k = 1; k <= n; k++) {
        unsigned cc = u[*i + k];
        if ((cc & 0xc0) != 0x80) {
            (*i)++;
            return 0xfffd;
        }
        cp = (cp << 6) | (cc & 0x3f);
    }
    *i += n + 1;
    static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
        return 0xfffd;
    return cp;
}

size_t ew_utf16(ew_buf *out, const char *s, size_t len)
{
    size_t units = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = utf8_next(s, len, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            ew_buf_u16(out, 0xd800 | (cp >> 10));
            ew_buf_u16(out, 0xdc00 | (cp & 0x3ff));
            units += 2;
        } else {
            ew_buf_u16(out, cp);
            units++;
        }
    }
    return units;
}

uint16_t evtx_write_name_hash(const char *utf8, size_t len)
{
    ew_buf b = { 0 };
    size_t n = ew_utf16(&b, utf8, len);
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 65599u + (uint32_t)(b.p[2 * i] | (b.p[2 * i + 1] << 8));
    ew_buf_free(&b);
    return (uint16_t)h;
}

/* ---- numbers ---- */

/* Canonical decimal (no sign, no leading zero) not above max. */
static bool parse_dec(const char *s, size_t len, uint64_t max, uint64_t *v)
{
    if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
        return false;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return false;
        x = x * 10 + d;
    }
    if (x > max)
        return false;
    *v = x;
    return true;
}

static int hexval(char c, bool upper)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (!upper && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (upper && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "0x" then 1..16 lowercase hex digits (renderers differ only in zero padding). */
static bool parse_hex64(const char *s, size_t len, uint64_t *v)
{
    if (len < 3 || len > 18 || s[0] != '0' || s[1] != 'x')
        return false;
    uint64_t x = 0;
    for (size_t i = 2; i < len; i++) {
        int d = hexval(s[i], false);
        if (d < 0)
            return false;
        x = (x << 4) | (unsigned)d;
    }
    *v = x;
    return true;
}

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in upper case, as Windows renders it. */
static bool parse_guid(const char *s, size_t len, unsigned char g[16])
{
    if (len != 38 || s[0] != '{' || s[37] != '}')
        return false;
    unsigned char raw[16];
    size_t k = 0;
    for (size_t i = 1; i < 37;) {
        if (i == 9 || i == 14 || i == 19 || i == 24) {
            if (s[i] != '-')
                return false;
            i++;
            continue;
        }
        int hi = hexval(s[i], true), lo = hexval(s[i + 1], true);
        if (hi < 0 || lo < 0)
            return false;
        raw[k++] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    /* Data1, Data2, Data3 are little-endian on disk; Data4 is bytes as written. */
    static const unsigned char order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    for (int i = 0; i < 16; i++)
        g[i] = raw[order[i]];
    return true;
}

/* "S-R-A-s1-...-sN": revision byte, count byte, 48-bit big-endian authority,
 * N little-endian u32 sub-authorities (N <= 15). Authorities from 2^32 up render
 * in hex on Windows, so they are left as strings. */
static bool parse_sid(ew_buf *out, const char *s, size_t len)
{
    if (len < 5 || s[0] != 'S' || s[1] != '-')
        return false;
    uint64_t parts[17];
    size_t n = 0, start = 2;
    for (size_t i = 2; i <= len; i++) {
        if (i < len && s[i] != '-')
            continue;
        if (n == 17)
            return false;
        uint64_t max = n == 0 ? 255 : n == 1 ? UINT32_MAX : UINT32_MAX;
        if (!parse_dec(s + start, i - start, max, &parts[n]))
            return false;
        n++;
        start = i + 1;
    }
    if (n < 2)
        return false;
    ew_buf_u8(out, (unsigned)parts[0]);
    ew_buf_u8(out, (unsigned)(n - 2));
    for (int i = 5; i >= 0; i--)
        ew_buf_u8(out, (unsigned)(parts[1] >> (8 * i)) & 0xff);
    for (size_t i = 2; i < n; i++)
        ew_buf_u32(out, (uint32_t)parts[i]);
    return true;
}

/* ---- FILETIME ---- */

#define FT_PER_SEC 10000000ULL
#define FT_DAYS_1601_TO_1970 134774LL

static bool digits(const char *s, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (unsigned)(s[i] - '0');
    }
    *v = x;
    return true;
}

bool evtx_write_parse_filetime(const char *s, size_t len, uint64_t *ft)
{
    unsigned y, mo, d, h, mi, se;
    if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':' || s[len - 1] != 'Z')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return false;
    if (y < 1601 || y > 30827 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
        return false;
    uint64_t frac = 0;
    size_t i = 19;
    if (i < len - 1) {
        if (s[i] != '.' || i + 1 == len - 1)
            return false;
        size_t nd = 0;
        for (i++; i < len - 1; i++, nd++) {
            if (s[i] < '0' || s[i] > '9')
                return false;
            if (nd < 7)
                frac = frac * 10 + (uint64_t)(s[i] - '0');
        }
        for (; nd < 7; nd++)
            frac *= 10;
    }
    long long days = timefmt_days_from_civil(y, mo, d) + FT_DAYS_1601_TO_1970;
    if (days < 0)
        return false;
    *ft = ((uint64_t)days * 86400 + h * 3600u + mi * 60u + se) * FT_PER_SEC + frac;
    return true;
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm, public domain facts). */
static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

void evtx_write_format_filetime(uint64_t ft, char out[32])
{
    uint64_t secs = ft / FT_PER_SEC;
    unsigned frac = (unsigned)(ft % FT_PER_SEC);
    long long days = (long long)(secs / 86400) - FT_DAYS_1601_TO_1970;
    unsigned rem = (unsigned)(secs % 86400);
    long long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    char tmp[64]; /* years stay below 60057, so the text always fits out */
    snprintf(tmp, sizeof tmp, "%04lld-%02u-%02uT%02u:%02u:%02u.%07u00Z", y, m, d, rem / 3600,
             rem / 60 % 60, rem % 60, frac);
    memcpy(out, tmp, 31);
    out[31] = '\0';
}

/* ---- typed values ---- */

bool ew_value_typed(ew_buf *out, unsigned type, const char *s, size_t len)
{
    uint64_t v;
    switch (type) {
    case EVTX_VT_UINT8:
        if (!parse_dec(s, len, UINT8_MAX, &v))
            return false;
        ew_buf_u8(out, (unsigned)v);
        return true;
    case EVTX_VT_UINT16:
        if (!parse_dec(s, len, UINT16_MAX, &v))
            return false;
        ew_buf_u16(out, (unsigned)v);
        return true;
    case EVTX_VT_UINT32:
        if (!parse_dec(s, len, UINT32_MAX, &v))
            return false;
        ew_buf_u32(out, (uint32_t)v);
        return true;
    case EVTX_VT_UINT64:
        if (!parse_dec(s, len, UINT64_MAX, &v))
            return false;
        ew_buf_u64(out, v);
        return true;
    case EVTX_VT_HEX64:
        if (!parse_hex64(s, len, &v))
            return false;
        ew_buf_u64(out, v);
        return true;
    case EVTX_VT_GUID: {
        unsigned char g[16];
        if (!parse_guid(s, len, g))
            return false;
        ew_buf_put(out, g, 16);
        return true;
    }
    case EVTX_VT_SID:
        return parse_sid(out, s, len);
    case EVTX_VT_FILETIME: {
        char back[32];
        if (!evtx_write_parse_filetime(s, len, &v))
            return false;
        evtx_write_format_filetime(v, back);
        if (strlen(back) != len || memcmp(back, s, len) != 0)
            return false;
        ew_buf_u64(out, v);
        return true;
    }
    default:
        return false;
    }
}
