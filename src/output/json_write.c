/* json_write.c - JSON string escaping with UTF-8 validation. */
#include "json_write.h"

#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return n;
}

void json_write_string(FILE *fp, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    fputc('"', fp);
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') {
            fputc('\\', fp);
            fputc(c, fp);
            i++;
        } else if (c < 0x20) {
            switch (c) {
            case '\n': fputs("\\n", fp); break;
            case '\r': fputs("\\r", fp); break;
            case '\t': fputs("\\t", fp); break;
            case '\b': fputs("\\b", fp); break;
            case '\f': fputs("\\f", fp); break;
            default: fprintf(fp, "\\u%04x", c); break;
            }
            i++;
        } else {
            size_t n = utf8_valid_len(s + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", fp);
                i++;
            } else {
                fwrite(s + i, 1, n, fp);
                i += n;
            }
        }
    }
    fputc('"', fp);
}
