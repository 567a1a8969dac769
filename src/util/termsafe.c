/* termsafe.c - escaping control characters, malformed UTF-8 and bidi controls for
 * the terminal (the forms are listed in termsafe.h). */
#include "termsafe.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Length of the well-formed UTF-8 sequence at s[0..len) (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF) with its code point in *cp, or 0
 * when the bytes there are not one. */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char b = s[0], lo = 0x80, hi = 0xbf;
    size_t n;
    uint32_t c;
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xc2 && b <= 0xdf) {
        n = 2;
        c = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
        n = 3;
        c = b & 0x0f;
        lo = b == 0xe0 ? 0xa0 : 0x80;   /* overlong */
        hi = b == 0xed ? 0x9f : 0xbf;   /* surrogates */
    } else if (b >= 0xf0 && b <= 0xf4) {
        n = 4;
        c = b & 0x07;
        lo = b == 0xf0 ? 0x90 : 0x80;   /* overlong */
        hi = b == 0xf4 ? 0x8f : 0xbf;   /* past U+10FFFF */
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    c = c << 6 | (s[1] & 0x3f);
    for (size_t i = 2; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3f);
    }
    *cp = c;
    return n;
}

/* Code points shown escaped: C0, DEL, C1, Bidi_Control, U+2028/U+2029. */
static bool unsafe_cp(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e ||
           c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

bool termsafe_needed(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (u[i] >= 0x20 && u[i] < 0x7f) {
            i++;
            continue;
        }
        uint32_t c;
        size_t n = utf8_seq(u + i, len - i, &c);
        if (n == 0 || unsafe_cp(c))
            return true;
        i += n;
    }
    return false;
}

size_t termsafe_escape(const char *s, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = utf8_seq(u + i, len - i, &c);
        if (n && !unsafe_cp(c)) {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        out[o++] = '\\';
        if (n == 1 && (c == '\t' || c == '\n' || c == '\r')) {
            out[o++] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        } else if (n <= 1) {            /* a C0 control, DEL, or a stray byte */
            out[o++] = 'x';
            out[o++] = hex[u[i] >> 4];
            out[o++] = hex[u[i] & 15];
            n = 1;
        } else {
            out[o++] = 'u';
            for (int shift = 12; shift >= 0; shift -= 4)
                out[o++] = hex[(c >> shift) & 15];
        }
        i += n;
    }
    return o;
}

void termsafe_write(FILE *fp, const char *s, size_t len)
{
    if (!termsafe_needed(s, len)) {
        fwrite(s, 1, len, fp);
        return;
    }
    char small[1024];
    char *buf = TERMSAFE_SIZE(len) <= sizeof small ? small : xmalloc(TERMSAFE_SIZE(len));
    fwrite(buf, 1, termsafe_escape(s, len, buf), fp);
    if (buf != small)
        free(buf);
}

void termsafe_printf(FILE *fp, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n > 0) {
        char *text = xmalloc((size_t)n + 1);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        termsafe_write(fp, text, (size_t)n);
        free(text);
    }
    va_end(ap);
}
