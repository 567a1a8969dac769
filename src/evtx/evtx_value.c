/* evtx_value.c - BinXML value types to text, the way Windows renders them in event
 * XML: UTF-16/ANSI strings, integers, floats, bool, binary, GUID, SID, FILETIME,
 * SYSTEMTIME, hex integers, and splitting of array values into items. Also the
 * growable buffer the whole reader renders into. */
#include "evtx_private.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/xmalloc.h"
#include "evtx_cursor.h"

void evtx_buf_grow(evtx_buf *b, size_t extra)
{
    if (b->cap - b->len >= extra)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < extra)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

void evtx_buf_puts(evtx_buf *b, const char *s)
{
    evtx_buf_put(b, s, strlen(s));
}

void evtx_buf_printf(evtx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char tmp[128];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        evtx_buf_put(b, tmp, (size_t)n);
        return;
    }
    evtx_buf_reserve(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Integers are written by hand, two digits per division: vfprintf was a tenth of
 * the time of `trawl dump`, and most values rendered are numbers. */
void evtx_buf_put_u64(evtx_buf *b, uint64_t v)
{
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char tmp[20];
    char *d = tmp + sizeof tmp;
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        d -= 2;
        memcpy(d, pairs + 2 * r, 2);
    }
    if (v >= 10) {
        d -= 2;
        memcpy(d, pairs + 2 * v, 2);
    } else {
        *--d = (char)('0' + v);
    }
    evtx_buf_put(b, d, (size_t)(tmp + sizeof tmp - d));
}

void evtx_buf_put_i64(evtx_buf *b, int64_t v)
{
    if (v < 0) {
        evtx_buf_putc(b, '-');
        evtx_buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        evtx_buf_put_u64(b, (uint64_t)v);
    }
}

/* "0x" and lowercase hex digits, no padding (as Windows renders HexInt32/64). */
void evtx_buf_put_hex(evtx_buf *b, uint64_t v)
{
    static const char hx[] = "0123456789abcdef";
    char tmp[16];
    size_t n = 0;
    do {
        tmp[sizeof tmp - ++n] = hx[v & 15];
        v >>= 4;
    } while (v);
    evtx_buf_put(b, "0x", 2);
    evtx_buf_put(b, tmp + sizeof tmp - n, n);
}

/* v in exactly width decimal digits (zero-padded; v must fit). */
static void put_digits(char *d, unsigned v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        d[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void evtx_buf_free(evtx_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static void put_utf8(evtx_buf *out, uint32_t cp)
{
    evtx_buf_reserve(out, 4);
    char *d = out->p + out->len;
    if (cp < 0x80) {
        d[0] = (char)cp;
        out->len += 1;
    } else if (cp < 0x800) {
        d[0] = (char)(0xc0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3f));
        out->len += 2;
    } else if (cp < 0x10000) {
        d[0] = (char)(0xe0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        d[2] = (char)(0x80 | (cp & 0x3f));
        out->len += 3;
    } else {
        d[0] = (char)(0xf0 | (cp >> 18));
        d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        d[3] = (char)(0x80 | (cp & 0x3f));
        out->len += 4;
    }
}

void evtx_value_utf16(evtx_buf *out, const unsigned char *p, size_t nchars)
{
    if (nchars == 0)
        return;                         /* out->p may still be NULL */
    evtx_buf_reserve(out, 3 * nchars);  /* a unit never takes more than 3 bytes */
    char *d = out->p + out->len;
    for (size_t i = 0; i < nchars;) {
        /* Four ASCII units at a time: the common case for names, paths and hosts. */
        if (nchars - i >= 4 && (evtx_le64(p + 2 * i) & 0xff80ff80ff80ff80ull) == 0) {
            for (int k = 0; k < 4; k++)
                d[k] = (char)p[2 * (i + k)];
            d += 4;
            i += 4;
            continue;
        }
        uint32_t u = evtx_le16(p + 2 * i);
        i++;
        if (u < 0x80) {
            *d++ = (char)u;
            continue;
        }
        if (u >= 0xd800 && u < 0xdc00 && i < nchars) {
            uint32_t lo = evtx_le16(p + 2 * i);
            if (lo >= 0xdc00 && lo < 0xe000) {
                out->len = (size_t)(d - out->p);
                put_utf8(out, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
                d = out->p + out->len;
                i++;
                continue;
            }
        }
        if (u >= 0xd800 && u < 0xe000)
            u = 0xfffd;
        out->len = (size_t)(d - out->p);
        put_utf8(out, u);
        d = out->p + out->len;
    }
    out->len = (size_t)(d - out->p);
}

/* Days since 1970-01-01 to civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

void evtx_value_filetime(evtx_buf *out, uint64_t ft)
{
    /* 1601-01-01 is 134774 days before 1970-01-01. */
    uint64_t secs = ft / 10000000u;
    unsigned frac = (unsigned)(ft % 10000000u);
    int64_t days = (int64_t)(secs / 86400) - 134774;
    unsigned sod = (unsigned)(secs % 86400);
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    /* Windows writes 7 digits of 100 ns ticks followed by "00". */
    if (y < 0 || y > 9999) {
        evtx_buf_printf(out, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u.%07u00Z", y, m, d,
                        sod / 3600, sod / 60 % 60, sod % 60, frac);
        return;
    }
    char t[30];   /* YYYY-MM-DDTHH:MM:SS.fffffff00Z */
    put_digits(t, (unsigned)y, 4);
    t[4] = '-';
    put_digits(t + 5, m, 2);
    t[7] = '-';
    put_digits(t + 8, d, 2);
    t[10] = 'T';
    put_digits(t + 11, sod / 3600, 2);
    t[13] = ':';
    put_digits(t + 14, sod / 60 % 60, 2);
    t[16] = ':';
    put_digits(t + 17, sod % 60, 2);
    t[19] = '.';
    put_digits(t + 20, frac, 7);
    memcpy(t + 27, "00Z", 3);
    evtx_buf_put(out, t, sizeof t);
}

static void put_hex_bytes(evtx_buf *out, const unsigned char *p, size_t n)
{
    static const char hx[] = "0123456789ABCDEF";
    if (n == 0)
        return;                         /* out->p may still be NULL */
    evtx_buf_reserve(out, 2 * n);
    char *d = out->p + out->len;
    for (size_t i = 0; i < n; i++) {
        d[2 * i] = hx[p[i] >> 4];
        d[2 * i + 1] = hx[p[i] & 15];
    }
    out->len += 2 * n;
}

static void put_guid(evtx_buf *out, const unsigned char *p)
{
    /* Data1..3 are little-endian integers, Data4 bytes in order: {XXXXXXXX-XXXX-...} */
    const unsigned char le[8] = { p[3], p[2], p[1], p[0], p[5], p[4], p[7], p[6] };
    evtx_buf_putc(out, '{');
    put_hex_bytes(out, le, 4);
    evtx_buf_putc(out, '-');
    put_hex_bytes(out, le + 4, 2);
    evtx_buf_putc(out, '-');
    put_hex_bytes(out, le + 6, 2);
    evtx_buf_putc(out, '-');
    put_hex_bytes(out, p + 8, 2);
    evtx_buf_putc(out, '-');
    put_hex_bytes(out, p + 10, 6);
    evtx_buf_putc(out, '}');
}

static int put_sid(evtx_buf *out, const unsigned char *p, size_t n)
{
    if (n < 8)
        return -1;
    unsigned count = p[1];
    if (n < 8 + 4 * (size_t)count)
        return -1;
    uint64_t auth = 0;
    for (int i = 2; i < 8; i++)
        auth = auth << 8 | p[i];
    if (auth >> 32)
        evtx_buf_printf(out, "S-%u-0x%012" PRIX64, p[0], auth);
    else {
        evtx_buf_put(out, "S-", 2);
        evtx_buf_put_u64(out, p[0]);
        evtx_buf_putc(out, '-');
        evtx_buf_put_u64(out, auth);
    }
    for (unsigned i = 0; i < count; i++) {
        evtx_buf_putc(out, '-');
        evtx_buf_put_u64(out, evtx_le32(p + 8 + 4 * i));
    }
    return 0;
}

static void put_real(evtx_buf *out, double v)
{
    /* Shortest text that reads back to the same value. */
    char tmp[40];
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v || v != v)
            break;
    }
    evtx_buf_puts(out, tmp);
}

/* Size every fixed-size type needs, 0 for variable ones (from the X-macro list). */
static size_t fixed_size(unsigned type)
{
    switch (type) {
#define FIXED_CASE(n, v, s) case v: return s;
        EVTX_VALUE_LIST(FIXED_CASE)
#undef FIXED_CASE
    }
    return 0;
}

int evtx_value_text(evtx_buf *out, unsigned type, const unsigned char *p, size_t n)
{
    size_t need = fixed_size(type);
    if (need && n < need)
        return -1;
    switch (type) {
    case EVTX_VT_NULL:
        return 0;
    case EVTX_VT_STRING:
        n /= 2;
        while (n && evtx_le16(p + 2 * (n - 1)) == 0)   /* stored terminators */
            n--;
        evtx_value_utf16(out, p, n);
        return 0;
    case EVTX_VT_ANSI:
        while (n && p[n - 1] == 0)
            n--;
        for (size_t i = 0; i < n; i++) {
            if (p[i] < 0x80)
                evtx_buf_putc(out, (char)p[i]);
            else
                put_utf8(out, p[i]);      /* codepage unknown: Latin-1 */
        }
        return 0;
    case EVTX_VT_INT8:   evtx_buf_put_i64(out, (int8_t)p[0]); return 0;
    case EVTX_VT_UINT8:  evtx_buf_put_u64(out, p[0]); return 0;
    case EVTX_VT_INT16:  evtx_buf_put_i64(out, (int16_t)evtx_le16(p)); return 0;
    case EVTX_VT_UINT16: evtx_buf_put_u64(out, evtx_le16(p)); return 0;
    case EVTX_VT_INT32:  evtx_buf_put_i64(out, (int32_t)evtx_le32(p)); return 0;
    case EVTX_VT_UINT32: evtx_buf_put_u64(out, evtx_le32(p)); return 0;
    case EVTX_VT_INT64:  evtx_buf_put_i64(out, (int64_t)evtx_le64(p)); return 0;
    case EVTX_VT_UINT64: evtx_buf_put_u64(out, evtx_le64(p)); return 0;
    case EVTX_VT_REAL32: {
        float f;
        uint32_t u = evtx_le32(p);
        memcpy(&f, &u, 4);
        put_real(out, f);
        return 0;
    }
    case EVTX_VT_REAL64: {
        double d;
        uint64_t u = evtx_le64(p);
        memcpy(&d, &u, 8);
        put_real(out, d);
        return 0;
    }
    case EVTX_VT_BOOL:
        evtx_buf_puts(out, evtx_le32(p) ? "true" : "false");
        return 0;
    case EVTX_VT_BINARY:
        put_hex_bytes(out, p, n);
        return 0;
    case EVTX_VT_GUID:
        put_guid(out, p);
        return 0;
    case EVTX_VT_SIZET:
        if (n == 4)
            evtx_buf_put_hex(out, evtx_le32(p));
        else if (n == 8)
            evtx_buf_put_hex(out, evtx_le64(p));
        else
            return -1;
        return 0;
    case EVTX_VT_FILETIME:
        evtx_value_filetime(out, evtx_le64(p));
        return 0;
    case EVTX_VT_SYSTIME:
        evtx_buf_printf(out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", evtx_le16(p),
                        evtx_le16(p + 2), evtx_le16(p + 6), evtx_le16(p + 8),
                        evtx_le16(p + 10), evtx_le16(p + 12), evtx_le16(p + 14));
        return 0;
    case EVTX_VT_SID:
        return put_sid(out, p, n);
    case EVTX_VT_HEX32:
        evtx_buf_put_hex(out, evtx_le32(p));
        return 0;
    case EVTX_VT_HEX64:
        evtx_buf_put_hex(out, evtx_le64(p));
        return 0;
    default:
        /* EvtHandle, EvtXml and unknown types: show the bytes rather than lose them. */
        put_hex_bytes(out, p, n);
        return 0;
    }
}

int evtx_value_array_next(unsigned type, const unsigned char *p, size_t n, size_t *off,
                          const unsigned char **item, size_t *item_len)
{
    unsigned base = type & ~EVTX_VT_ARRAY;
    size_t o = *off;
    if (o >= n)
        return 0;
    if (base == EVTX_VT_STRING) {
        size_t e = o;
        while (e + 1 < n && evtx_le16(p + e) != 0)
            e += 2;
        if (e + 1 >= n) {                   /* last item without terminator */
            *item = p + o;
            *item_len = (n - o) & ~(size_t)1;
            *off = n;
            return *item_len > 0;
        }
        *item = p + o;
        *item_len = e - o;
        *off = e + 2;
        return 1;
    }
    if (base == EVTX_VT_ANSI) {
        const unsigned char *z = memchr(p + o, 0, n - o);
        size_t e = z ? (size_t)(z - p) : n;
        *item = p + o;
        *item_len = e - o;
        *off = z ? e + 1 : n;
        return 1;
    }
    if (base == EVTX_VT_SID) {
        if (n - o < 8)
            return 0;
        size_t len = 8 + 4 * (size_t)p[o + 1];
        if (len > n - o)
            return 0;
        *item = p + o;
        *item_len = len;
        *off = o + len;
        return 1;
    }
    size_t sz = base == EVTX_VT_SIZET ? 8 : fixed_size(base);
    if (base == EVTX_VT_SIZET && n % 8)
        sz = 4;
    if (!sz || n - o < sz)
        return 0;
    *item = p + o;
    *item_len = sz;
    *off = o + sz;
    return 1;
}

/* Arrays are joined with commas; a size that does not fit the type keeps the bytes. */
void evtx_value_render(evtx_buf *b, unsigned type, const unsigned char *p, size_t n)
{
    if (type & EVTX_VT_ARRAY) {
        size_t off = 0, ilen;
        const unsigned char *item;
        bool first = true;
        while (evtx_value_array_next(type, p, n, &off, &item, &ilen)) {
            if (!first)
                evtx_buf_putc(b, ',');
            first = false;
            evtx_value_text(b, type & ~EVTX_VT_ARRAY, item, ilen);
        }
        return;
    }
    if (evtx_value_text(b, type, p, n) < 0)
        evtx_value_text(b, EVTX_VT_BINARY, p, n);   /* size mismatch: keep bytes */
}
