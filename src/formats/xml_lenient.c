/* xml_lenient.c - the forgiving tokenizer for malformed events (see the header):
 * one pass, an explicit stack of open element names (slices of the input, so no
 * copies), entity references decoded where they are well-formed. */
#include "xml_lenient.h"

#include <stdbool.h>
#include <string.h>

#include "../util/xmalloc.h"

/* Open elements tracked for matching close tags; deeper ones are not opened. */
#define LENIENT_MAX_DEPTH 256

typedef struct lstack {
    const char *name[LENIENT_MAX_DEPTH];
    size_t len[LENIENT_MAX_DEPTH];
    int n;
} lstack;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool name_end(char c)
{
    return is_ws(c) || c == '>' || c == '/' || c == '=' || c == '<' || c == '"' || c == '\'';
}

/* Finds lit in d[i..len); returns its index or len. */
static size_t find(const char *d, size_t len, size_t i, const char *lit)
{
    size_t l = strlen(lit);
    if (i >= len)
        return len;
    const char *p = memmem(d + i, len - i, lit, l);
    return p ? (size_t)(p - d) : len;
}

static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the entity reference at d[i] ('&'). Returns the bytes consumed (0 when
 * it is not a well-formed reference) and the UTF-8 replacement in out[0..*n). */
static size_t entity(const char *d, size_t len, size_t i, char out[4], size_t *n)
{
    static const struct { const char *name; char c; } named[] = {
        { "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' },
    };
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t l = strlen(named[k].name);
        if (len - i - 1 >= l && memcmp(d + i + 1, named[k].name, l) == 0) {
            out[0] = named[k].c;
            *n = 1;
            return l + 1;
        }
    }
    if (i + 2 >= len || d[i + 1] != '#')
        return 0;
    size_t j = i + 2;
    int base = 10;
    if (d[j] == 'x' || d[j] == 'X') {
        base = 16;
        j++;
    }
    unsigned long cp = 0;
    size_t digits = 0;
    for (; j < len && digits < 8; j++, digits++) {
        char c = d[j];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            break;
        cp = cp * (unsigned long)base + (unsigned long)v;
    }
    if (digits == 0 || j >= len || d[j] != ';' || cp == 0 || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp < 0xE000))
        return 0;
    *n = put_utf8(out, cp);
    return j + 1 - i;
}

/* Text d[a..b) to w, entity references decoded. */
static void emit_text(const char *d, size_t a, size_t b, winevent *w)
{
    size_t run = a;
    for (size_t i = a; i < b; i++) {
        if (d[i] != '&')
            continue;
        char rep[4];
        size_t n = 0;
        size_t used = entity(d, b, i, rep, &n);
        if (!used)
            continue;
        if (i > run)
            winevent_text(w, d + run, i - run);
        winevent_text(w, rep, n);
        i += used - 1;
        run = i + 1;
    }
    if (b > run)
        winevent_text(w, d + run, b - run);
}

/* Attribute value d[a..b) decoded into x->buf; returns its length. */
static size_t decode_attr(xml_lenient *x, const char *d, size_t a, size_t b)
{
    XGROW(x->buf, x->cap, b - a + 1);
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        char rep[4];
        size_t n = 0;
        size_t used = d[i] == '&' ? entity(d, b, i, rep, &n) : 0;
        if (used && o + n <= b - a) {
            memcpy(x->buf + o, rep, n);
            o += n;
            i += used - 1;
        } else {
            x->buf[o++] = d[i];
        }
    }
    return o;
}

static void open_el(lstack *s, int *overflow, winevent *w, const char *name, size_t n)
{
    if (s->n == LENIENT_MAX_DEPTH) {
        (*overflow)++;
        return;
    }
    s->name[s->n] = name;
    s->len[s->n] = n;
    s->n++;
    winevent_open(w, name, n);
}

static void close_el(lstack *s, int *overflow, winevent *w, const char *name, size_t n)
{
    if (*overflow) {
        (*overflow)--;
        return;
    }
    int k = s->n - 1;
    while (k >= 0 && !(s->len[k] == n && memcmp(s->name[k], name, n) == 0))
        k--;
    if (k == s->n - 1 && k >= 0)
        winevent_text(w, "", 0);   /* explicit </X>: keep <X></X> in _raw */
    int upto = k >= 0 ? k : s->n - 1;   /* no match: close the current element */
    while (s->n > upto && s->n > 0) {
        winevent_close(w);
        s->n--;
    }
}

/* tag -> '<' name (ws attr)* ['/'] '>' ; attr -> name ['=' value]. Returns the
 * index after the tag (len when the input ends inside it). */
static size_t start_tag(xml_lenient *x, lstack *s, int *overflow, const char *d,
                        size_t len, size_t i, winevent *w)
{
    size_t a = i + 1, b = a;
    while (b < len && !name_end(d[b]))
        b++;
    bool opened = s->n < LENIENT_MAX_DEPTH;
    open_el(s, overflow, w, d + a, b - a);
    size_t j = b;
    for (;;) {
        while (j < len && is_ws(d[j]))
            j++;
        if (j >= len || d[j] == '<')
            return j;   /* cut short: the element stays open */
        if (d[j] == '>')
            return j + 1;
        if (d[j] == '/') {
            if (j + 1 < len && d[j + 1] == '>') {
                close_el(s, overflow, w, d + a, b - a);
                return j + 2;
            }
            j++;
            continue;
        }
        size_t na = j;
        while (j < len && !name_end(d[j]))
            j++;
        size_t nb = j;
        if (nb == na) {   /* stray quote or '=': skip it */
            j++;
            continue;
        }
        while (j < len && is_ws(d[j]))
            j++;
        size_t va = j, vb = j;
        if (j < len && d[j] == '=') {
            j++;
            while (j < len && is_ws(d[j]))
                j++;
            if (j < len && (d[j] == '"' || d[j] == '\'')) {
                char q = d[j++];
                va = j;
                while (j < len && d[j] != q && d[j] != '<')
                    j++;
                vb = j;
                if (j < len && d[j] == q)
                    j++;
            } else {
                va = j;
                while (j < len && !is_ws(d[j]) && d[j] != '>' && d[j] != '<')
                    j++;
                vb = j;
            }
        }
        if (opened) {
            size_t vn = decode_attr(x, d, va, vb);
            winevent_attr(w, d + na, nb - na, x->buf, vn);
        }
    }
}

void xml_lenient_parse(xml_lenient *x, const char *d, size_t len, winevent *w)
{
    lstack s;
    s.n = 0;
    int overflow = 0;
    size_t i = 0;
    while (i < len) {
        if (d[i] != '<') {
            size_t e = i;
            while (e < len && d[e] != '<')
                e++;
            if (s.n > 0)
                emit_text(d, i, e, w);
            i = e;
        } else if (len - i >= 4 && memcmp(d + i, "<!--", 4) == 0) {
            i = find(d, len, i + 4, "-->") + 3;
        } else if (len - i >= 9 && memcmp(d + i, "<![CDATA[", 9) == 0) {
            size_t e = find(d, len, i + 9, "]]>");
            if (s.n > 0 && e > i + 9)
                winevent_text(w, d + i + 9, e - i - 9);
            i = e + 3;
        } else if (len - i >= 2 && (d[i + 1] == '?' || d[i + 1] == '!')) {
            i = find(d, len, i + 2, ">") + 1;
        } else if (len - i >= 2 && d[i + 1] == '/') {
            size_t a = i + 2, b = a;
            while (b < len && !name_end(d[b]))
                b++;
            close_el(&s, &overflow, w, d + a, b - a);
            i = find(d, len, b, ">") + 1;
        } else if (len - i >= 2 && !name_end(d[i + 1])) {
            i = start_tag(x, &s, &overflow, d, len, i, w);
        } else {
            if (s.n > 0)
                winevent_text(w, "<", 1);   /* a lone '<' is text */
            i++;
        }
    }
    while (s.n > 0) {
        winevent_close(w);
        s.n--;
    }
}

void xml_lenient_free(xml_lenient *x)
{
    free(x->buf);
    x->buf = NULL;
    x->cap = 0;
}
