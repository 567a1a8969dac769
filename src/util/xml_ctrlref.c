/* xml_ctrlref.c - forbidden control-character references to placeholders and back. */
#include "xml_ctrlref.h"

#include <string.h>

#include "../util/xmalloc.h"

/* U+F700..U+F71F in UTF-8: EF 9C 80..9F. */
#define PH0 0xEF
#define PH1 0x9C
#define PH2_BASE 0x80

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of a reference at in[i] to a forbidden control character, 0 if none. */
static size_t forbidden_ref(const unsigned char *in, size_t len, size_t i, unsigned *code)
{
    if (i + 3 >= len || in[i] != '&' || in[i + 1] != '#')
        return 0;
    size_t j = i + 2;
    bool hex = in[j] == 'x' || in[j] == 'X';
    if (hex)
        j++;
    unsigned v = 0;
    size_t digits = 0;
    while (j < len && digits < 8) {
        int d = hex ? hexval(in[j]) : (in[j] >= '0' && in[j] <= '9' ? in[j] - '0' : -1);
        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + (unsigned)d;
        j++;
        digits++;
    }
    if (digits == 0 || j >= len || in[j] != ';')
        return 0;
    if (v >= 0x20 || v == 0x9 || v == 0xA || v == 0xD)
        return 0;
    *code = v;
    return j + 1 - i;
}

bool xml_ctrlref_encode(const unsigned char *in, size_t len, unsigned char **buf,
                        size_t *cap, size_t *out_len)
{
    const unsigned char *amp = memchr(in, '&', len);
    bool found = false;
    size_t o = 0;
    for (size_t i = amp ? (size_t)(amp - in) : len; i < len;) {
        unsigned code;
        size_t n = forbidden_ref(in, len, i, &code);
        if (n && !found) {
            /* A placeholder (3 bytes) is never longer than its reference (>= 4). */
            xgrow((void **)buf, cap, len, 1);
            memcpy(*buf, in, i);
            o = i;
            found = true;
        }
        if (n) {
            (*buf)[o++] = PH0;
            (*buf)[o++] = PH1;
            (*buf)[o++] = (unsigned char)(PH2_BASE + code);
            i += n;
        } else {
            if (found)
                (*buf)[o++] = in[i];
            i++;
        }
    }
    *out_len = o;
    return found;
}

const char *xml_ctrlref_decode(const char *s, size_t len, char **buf, size_t *cap,
                               size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i + 2 < len && !(u[i] == PH0 && u[i + 1] == PH1 && u[i + 2] >= PH2_BASE &&
                            u[i + 2] < PH2_BASE + 0x20))
        i++;
    if (i + 2 >= len)
        return s;
    xgrow((void **)buf, cap, len + 1, 1);
    size_t o = 0;
    for (size_t k = 0; k < len;) {
        if (k + 2 < len && u[k] == PH0 && u[k + 1] == PH1 && u[k + 2] >= PH2_BASE &&
            u[k + 2] < PH2_BASE + 0x20) {
            (*buf)[o++] = (char)(u[k + 2] - PH2_BASE);
            k += 3;
        } else {
            (*buf)[o++] = s[k++];
        }
    }
    *out_len = o;
    return *buf;
}
