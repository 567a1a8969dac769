/* sigma_modifier.c - one detection item ("Field|mod|mod: value(s)") to compiled values:
 * the string escapes and wildcards of the rules spec, then every modifier of the
 * modifiers appendix applied in the order written (windash, base64, base64offset,
 * utf16le/be, utf16, wide, contains, startswith, endswith, expand), and the type
 * modifiers (re with i/m/s, cidr, lt/lte/gt/gte, fieldref, exists, minute..year).
 * Wildcards and case folding are resolved once here; regexes are compiled once
 * (PCRE2, JIT). Whatever cannot keep its meaning is refused with a reason. */
#include "sigma_private.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

/* A value on its way through the modifiers: bytes and, per byte, GW_*. */
typedef struct mval {
    char *b;                   /* the bytes (malloc'd, NUL-terminated) */
    uint8_t *w;                /* per byte: GW_LIT, GW_STAR or GW_QMARK */
    size_t len;
} mval;

typedef struct mlist {
    mval *v;                   /* values in order */
    uint32_t *group;           /* the YAML value each came from */
    size_t n, cap, gcap;
    size_t bytes;              /* of all values, bounded by SIGMA_MAX_ITEM_BYTES */
    bool overflow;             /* a value was refused for the bound: the item fails */
} mlist;

enum {
    M_CONTAINS, M_STARTSWITH, M_ENDSWITH, M_ALL, M_EXISTS, M_CASED, M_RE, M_RE_I, M_RE_M,
    M_RE_S, M_BASE64, M_BASE64OFFSET, M_UTF16LE, M_UTF16BE, M_UTF16, M_WIDE, M_WINDASH,
    M_CIDR, M_LT, M_LTE, M_GT, M_GTE, M_FIELDREF, M_EXPAND, M_NEQ, M_MINUTE, M_HOUR, M_DAY,
    M_WEEK, M_MONTH, M_YEAR,
};
/* ORDER: the enum above. */
static const char *const modifier_names[] = {
    "contains", "startswith", "endswith", "all", "exists", "cased", "re", "i", "m", "s",
    "base64", "base64offset", "utf16le", "utf16be", "utf16", "wide", "windash", "cidr", "lt",
    "lte", "gt", "gte", "fieldref", "expand", "neq", "minute", "hour", "day", "week", "month",
    "year",
};
#define NMODS (sizeof modifier_names / sizeof modifier_names[0])

static char why_buf[256];

static int refuse(const char **why, const char *fmt, const char *arg)
{
    snprintf(why_buf, sizeof why_buf, fmt, arg);
    *why = why_buf;
    return -1;
}

static void mlist_add(mlist *l, const char *b, const uint8_t *w, size_t len, uint32_t group)
{
    if (l->overflow || l->n >= SIGMA_MAX_VALUES || l->bytes + len > SIGMA_MAX_ITEM_BYTES) {
        l->overflow = true;   /* expansion (windash, placeholders) beyond the bounds */
        return;
    }
    l->bytes += len;
    XGROW(l->v, l->cap, l->n + 1);
    XGROW(l->group, l->gcap, l->n + 1);
    mval *m = &l->v[l->n];
    m->b = xmalloc(len + 1);
    m->w = xmalloc(len + 1);
    if (len) {
        memcpy(m->b, b, len);
        memcpy(m->w, w, len);
    }
    m->b[len] = '\0';
    m->len = len;
    l->group[l->n++] = group;
}

static void mlist_free(mlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].b);
        free(l->v[i].w);
    }
    free(l->v);
    free(l->group);
    *l = (mlist){ 0 };
}

/* Appends text to a growing mval with the escapes of the rules spec ("Escape
 * Character"): \* and \? are plain, \\ is one backslash, any other backslash is
 * itself; unescaped * and ? are wildcards. With wild false everything is plain. */
static void put_escaped(mval *m, size_t *cap, const char *s, size_t len, bool wild)
{
    XGROW(m->b, *cap, m->len + len + 1);
    m->w = xrealloc(m->w, *cap);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        uint8_t kind = GW_LIT;
        if (wild && c == '\\' && i + 1 < len &&
            (s[i + 1] == '*' || s[i + 1] == '?' || s[i + 1] == '\\')) {
            c = s[++i];
        } else if (wild && (c == '*' || c == '?')) {
            kind = c == '*' ? GW_STAR : GW_QMARK;
        }
        m->b[m->len] = c;
        m->w[m->len++] = kind;
    }
}

/* ---- expand: %name% placeholders (with \% a plain percent sign) ---- */

/* Replaces the placeholders of text by every combination of their values. */
static int expand_value(const sigma_set *set, const char *text, size_t len, uint32_t group,
                        mlist *out, const char **why)
{
    /* The pieces: plain text and placeholders, in order. */
    typedef struct piece { const char *s; size_t len; const sigma_placeholder *ph; } piece;
    piece pieces[64];
    size_t np = 0;
    size_t i = 0, start = 0;
    char *plain = xmalloc(len + 1);   /* text with \% resolved, pieces point into it */
    size_t pl = 0;
    while (i <= len) {
        if (i < len && text[i] == '\\' && i + 1 < len && text[i + 1] == '%') {
            plain[pl++] = '%';
            i += 2;
            continue;
        }
        if (i < len && text[i] == '%') {
            const char *end = memchr(text + i + 1, '%', len - i - 1);
            if (end) {
                size_t nlen = (size_t)(end - text - i - 1);
                const sigma_placeholder *ph = sigma_placeholder_find(set, text + i + 1, nlen);
                if (!ph) {
                    char name[80];
                    snprintf(name, sizeof name, "%.*s", (int)(nlen > 60 ? 60 : nlen), text + i + 1);
                    free(plain);
                    return refuse(why, "placeholder %%%s%% has no values (give them with "
                                       "--sigma-placeholders FILE)", name);
                }
                if (np + 2 > sizeof pieces / sizeof pieces[0]) {
                    free(plain);
                    *why = "more than 32 placeholders in one value";
                    return -1;
                }
                pieces[np++] = (piece){ plain + start, pl - start, NULL };
                pieces[np++] = (piece){ NULL, 0, ph };
                start = pl;
                i = (size_t)(end - text) + 1;
                continue;
            }
        }
        if (i < len)
            plain[pl++] = text[i];
        i++;
    }
    pieces[np++] = (piece){ plain + start, pl - start, NULL };
    /* Odometer over the placeholders' values. */
    size_t idx[64] = { 0 };
    size_t combos = 1;
    for (size_t k = 0; k < np; k++)
        if (pieces[k].ph) {
            if (pieces[k].ph->nvalues == 0) {
                free(plain);
                return refuse(why, "placeholder %%%s%% has no values", pieces[k].ph->name);
            }
            combos *= pieces[k].ph->nvalues;
            if (combos > SIGMA_MAX_PLACEHOLDER_VALUES) {
                free(plain);
                *why = "placeholders expand to more than 4096 values";
                return -1;
            }
        }
    for (size_t c = 0; c < combos; c++) {
        mval m = { 0 };
        size_t cap = 0;
        for (size_t k = 0; k < np; k++) {
            if (pieces[k].ph) {
                const char *v = pieces[k].ph->values[idx[k]];
                put_escaped(&m, &cap, v, strlen(v), true);
            } else {
                put_escaped(&m, &cap, pieces[k].s, pieces[k].len, true);
            }
        }
        mlist_add(out, m.b ? m.b : "", m.w, m.len, group);
        free(m.b);
        free(m.w);
        for (size_t k = np; k-- > 0;) {   /* next combination */
            if (!pieces[k].ph)
                continue;
            if (++idx[k] < pieces[k].ph->nvalues)
                break;
            idx[k] = 0;
        }
    }
    free(plain);
    return 0;
}

/* ---- transformations ---- */

static bool has_wildcard(const mval *m)
{
    for (size_t i = 0; i < m->len; i++)
        if (m->w[i] != GW_LIT)
            return true;
    return false;
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 of in[0..n) (with '=' padding) into out (room for 4*(n+2)/3+1). */
static size_t base64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = b64chars[(v >> 18) & 63];
        out[o++] = b64chars[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64chars[v & 63] : '=';
    }
    return o;
}

static void add_plain(mlist *out, const char *s, size_t len, uint32_t group)
{
    uint8_t *w = xcalloc(len + 1, 1);
    mlist_add(out, s, w, len, group);
    free(w);
}

/* base64 (offset false) or the three shifted encodings of base64offset: the value
 * placed after 0, 1 or 2 bytes, with the characters that depend on the unknown
 * neighbours cut off at both ends. */
static int apply_base64(mlist *l, bool offset, const char **why)
{
    mlist out = { 0 };
    for (size_t i = 0; i < l->n; i++) {
        mval *m = &l->v[i];
        if (has_wildcard(m)) {
            mlist_free(&out);
            *why = "base64 of a value with wildcards (not defined by Sigma)";
            return -1;
        }
        char *enc = xmalloc(4 * (m->len + 4) / 3 + 8);
        if (!offset) {
            size_t n = base64_encode((const unsigned char *)m->b, m->len, enc);
            add_plain(&out, enc, n, l->group[i]);
        } else {
            static const size_t start_cut[3] = { 0, 2, 3 };
            static const size_t end_cut[3] = { 0, 3, 2 };
            unsigned char *shifted = xmalloc(m->len + 2);
            for (size_t k = 0; k < 3; k++) {
                memset(shifted, ' ', k);
                memcpy(shifted + k, m->b, m->len);
                size_t n = base64_encode(shifted, m->len + k, enc);
                size_t cut_end = end_cut[(m->len + k) % 3];
                if (n >= start_cut[k] + cut_end && n - start_cut[k] - cut_end > 0)
                    add_plain(&out, enc + start_cut[k], n - start_cut[k] - cut_end, l->group[i]);
            }
            free(shifted);
        }
        free(enc);
    }
    mlist_free(l);
    *l = out;
    return 0;
}

/* UTF-8 to UTF-16 code units (little or big endian), an optional BOM first;
 * wildcards stay wildcards. Invalid UTF-8 bytes are taken as Latin-1. */
static void apply_utf16(mlist *l, bool big, bool bom)
{
    mlist out = { 0 };
    for (size_t i = 0; i < l->n; i++) {
        mval *m = &l->v[i];
        char *b = xmalloc(4 * m->len + 4);
        uint8_t *w = xmalloc(4 * m->len + 4);
        size_t o = 0;
        if (bom) {
            b[o] = big ? (char)0xFE : (char)0xFF;
            w[o++] = GW_LIT;
            b[o] = big ? (char)0xFF : (char)0xFE;
            w[o++] = GW_LIT;
        }
        for (size_t k = 0; k < m->len;) {
            if (m->w[k] != GW_LIT) {
                b[o] = m->b[k];
                w[o++] = m->w[k++];
                continue;
            }
            unsigned char c = (unsigned char)m->b[k];
            unsigned cp = c;
            size_t n = 1;
            if (c >= 0xF0 && k + 3 < m->len + 0 && (m->b[k + 1] & 0xC0) == 0x80) {
                cp = ((c & 7u) << 18) | ((m->b[k + 1] & 63u) << 12) | ((m->b[k + 2] & 63u) << 6) |
                     (m->b[k + 3] & 63u);
                n = 4;
            } else if (c >= 0xE0 && k + 2 < m->len && (m->b[k + 1] & 0xC0) == 0x80) {
                cp = ((c & 15u) << 12) | ((m->b[k + 1] & 63u) << 6) | (m->b[k + 2] & 63u);
                n = 3;
            } else if (c >= 0xC0 && k + 1 < m->len && (m->b[k + 1] & 0xC0) == 0x80) {
                cp = ((c & 31u) << 6) | (m->b[k + 1] & 63u);
                n = 2;
            }
            k += n;
            unsigned units[2] = { cp, 0 };
            size_t nu = 1;
            if (cp > 0xFFFF) {
                cp -= 0x10000;
                units[0] = 0xD800 | (cp >> 10);
                units[1] = 0xDC00 | (cp & 0x3FF);
                nu = 2;
            }
            for (size_t u = 0; u < nu; u++) {
                b[o] = (char)(big ? units[u] >> 8 : units[u] & 0xFF);
                w[o++] = GW_LIT;
                b[o] = (char)(big ? units[u] & 0xFF : units[u] >> 8);
                w[o++] = GW_LIT;
            }
        }
        mlist_add(&out, b, w, o, l->group[i]);
        free(b);
        free(w);
    }
    mlist_free(l);
    *l = out;
}

static bool is_word_byte(const mval *m, size_t i)
{
    unsigned char c = (unsigned char)m->b[i];
    return m->w[i] == GW_LIT && (c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                 (c >= 'A' && c <= 'Z') || c >= 0x80);
}

/* windash: every '-' or '/' that starts a word after a non-word character (a command
 * line flag) takes each of - / en dash, em dash, horizontal bar, in every
 * combination. */
static int apply_windash(mlist *l, const char **why)
{
    static const char *const dashes[] = { "-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95" };
    mlist out = { 0 };
    for (size_t i = 0; i < l->n; i++) {
        mval *m = &l->v[i];
        size_t pos[8], np = 0;
        for (size_t k = 0; k < m->len; k++) {
            if (m->w[k] != GW_LIT || (m->b[k] != '-' && m->b[k] != '/'))
                continue;
            if (k > 0 && is_word_byte(m, k - 1))
                continue;
            if (k + 1 >= m->len || !is_word_byte(m, k + 1))
                continue;
            if (np == sizeof pos / sizeof pos[0]) {
                mlist_free(&out);
                *why = "windash over more than 8 dashes in one value";
                return -1;
            }
            pos[np++] = k;
        }
        size_t combos = 1;
        for (size_t k = 0; k < np; k++)
            combos *= 5;
        if (out.n + combos > SIGMA_MAX_VALUES ||
            combos * (m->len + 2 * np) > SIGMA_MAX_ITEM_BYTES - out.bytes) {
            mlist_free(&out);
            *why = "windash expands to more values than trawl holds (65536, 4 MiB)";
            return -1;
        }
        for (size_t c = 0; c < combos; c++) {
            mval v = { 0 };
            size_t cap = 0, prev = 0, code = c;
            for (size_t k = 0; k <= np; k++) {
                size_t end = k < np ? pos[k] : m->len;
                XGROW(v.b, cap, v.len + (end - prev) + 4);
                v.w = xrealloc(v.w, cap);
                memcpy(v.b + v.len, m->b + prev, end - prev);
                memcpy(v.w + v.len, m->w + prev, end - prev);
                v.len += end - prev;
                if (k < np) {
                    const char *d = dashes[code % 5];
                    code /= 5;
                    size_t dl = strlen(d);
                    memcpy(v.b + v.len, d, dl);
                    memset(v.w + v.len, GW_LIT, dl);
                    v.len += dl;
                    prev = pos[k] + 1;
                }
            }
            mlist_add(&out, v.b ? v.b : "", v.w, v.len, l->group[i]);
            free(v.b);
            free(v.w);
        }
    }
    mlist_free(l);
    *l = out;
    return 0;
}

/* contains / startswith / endswith: a '*' at the open end(s). */
static void apply_anchor(mlist *l, bool star_front, bool star_back)
{
    for (size_t i = 0; i < l->n; i++) {
        mval *m = &l->v[i];
        bool front = star_front && !(m->len && m->w[0] == GW_STAR);
        bool back = star_back && !(m->len && m->w[m->len - 1] == GW_STAR);
        size_t n = m->len + front + back;
        char *b = xmalloc(n + 1);
        uint8_t *w = xmalloc(n + 1);
        size_t o = 0;
        if (front) {
            b[o] = '*';
            w[o++] = GW_STAR;
        }
        memcpy(b + o, m->b, m->len);
        memcpy(w + o, m->w, m->len);
        o += m->len;
        if (back) {
            b[o] = '*';
            w[o++] = GW_STAR;
        }
        b[o] = '\0';
        free(m->b);
        free(m->w);
        m->b = b;
        m->w = w;
        m->len = o;
    }
}

/* ---- compiling ---- */

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static void compile_glob(sigma_detection *det, sigma_value *v, const mval *m, bool cased)
{
    char *pat = arena_alloc(&det->mem, m->len + 1);
    uint8_t *w = arena_alloc(&det->mem, m->len + 1);
    size_t stars = 0, qmarks = 0;
    for (size_t i = 0; i < m->len; i++) {
        pat[i] = cased || m->w[i] != GW_LIT ? m->b[i] : fold(m->b[i]);
        w[i] = m->w[i];
        stars += w[i] == GW_STAR;
        qmarks += w[i] == GW_QMARK;
    }
    pat[m->len] = '\0';
    v->kind = SV_GLOB;
    v->cased = cased;
    v->pat = pat;
    v->wild = w;
    v->pat_len = m->len;
    v->lit = pat;
    v->lit_len = m->len;
    bool lead = m->len && w[0] == GW_STAR, trail = m->len > 1 && w[m->len - 1] == GW_STAR;
    size_t inner = stars - lead - trail;
    if (qmarks || inner) {
        v->shape = stars == m->len ? GLOB_ANY : GLOB_GENERAL;
        if (stars == m->len)
            v->lit_len = 0;
        return;
    }
    if (m->len == 1 && lead) {
        v->shape = GLOB_ANY;
        v->lit_len = 0;
    } else if (lead && trail) {
        v->shape = GLOB_CONTAINS;
        v->lit = pat + 1;
        v->lit_len = m->len - 2;
    } else if (lead) {
        v->shape = GLOB_SUFFIX;
        v->lit = pat + 1;
        v->lit_len = m->len - 1;
    } else if (trail) {
        v->shape = GLOB_PREFIX;
        v->lit_len = m->len - 1;
    } else {
        v->shape = GLOB_EXACT;
    }
}

static int compile_regex(sigma_detection *det, sigma_value *v, const char *text, size_t len,
                         uint32_t opts, const char **why)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)text, len,
                                   opts | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[120];
        pcre2_get_error_message(code, msg, sizeof msg);
        snprintf(why_buf, sizeof why_buf, "regular expression error at offset %zu: %s",
                 (size_t)off, (const char *)msg);
        *why = why_buf;
        return -1;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* the interpreter serves when JIT cannot */
    XGROW(det->regexes, det->regexes_cap, det->nregexes + 1);
    XGROW(det->mds, det->mds_cap, det->nregexes + 1);
    v->kind = SV_REGEX;
    v->re = re;
    v->md = pcre2_match_data_create_from_pattern(re, NULL);
    det->regexes[det->nregexes] = re;
    det->mds[det->nregexes++] = v->md;
    return 0;
}

static int compile_cidr(sigma_value *v, const char *text, const char **why)
{
    char addr[64];
    const char *slash = strchr(text, '/');
    size_t alen = slash ? (size_t)(slash - text) : strlen(text);
    if (alen >= sizeof addr)
        return refuse(why, "bad cidr '%.60s'", text);
    memcpy(addr, text, alen);
    addr[alen] = '\0';
    v->kind = SV_CIDR;
    if (inet_pton(AF_INET, addr, v->net) == 1)
        v->family = 4;
    else if (inet_pton(AF_INET6, addr, v->net) == 1)
        v->family = 6;
    else
        return refuse(why, "bad cidr '%.60s'", text);
    unsigned max = v->family == 4 ? 32 : 128;
    v->prefix = max;
    if (slash) {
        double bits;
        if (!num_parse(slash + 1, strlen(slash + 1), &bits) || bits < 0 || bits > max ||
            bits != (unsigned)bits)
            return refuse(why, "bad cidr prefix in '%.60s'", text);
        v->prefix = (unsigned)bits;
    }
    return 0;
}

/* The YAML value(s) of an item as scalars; -1 for what is not a scalar list. */
static int scalars(const ynode *value, const ynode **out, size_t max, size_t *n, const char **why)
{
    *n = 0;
    if (value->kind == YN_SCALAR) {
        out[(*n)++] = value;
        return 0;
    }
    if (value->kind != YN_SEQ) {
        *why = "a field's value is a mapping (expected a value or a list of values)";
        return -1;
    }
    for (const ynode *c = value->first; c; c = c->next) {
        if (c->kind != YN_SCALAR) {
            *why = "a list of values holds a list or mapping";
            return -1;
        }
        if (*n == max) {
            *why = "more than 65536 values in one item";
            return -1;
        }
        out[(*n)++] = c;
    }
    return 0;
}

static int parse_modifiers(const char *key, const char **mods_start, int *mods, size_t *nmods,
                           const char **why)
{
    *nmods = 0;
    const char *p = strchr(key, '|');
    *mods_start = p;
    while (p) {
        const char *name = p + 1;
        const char *end = strchr(name, '|');
        size_t len = end ? (size_t)(end - name) : strlen(name);
        size_t k;
        for (k = 0; k < NMODS; k++)
            if (strlen(modifier_names[k]) == len && strncmp(modifier_names[k], name, len) == 0)
                break;
        if (k == NMODS) {
            char m[64];
            snprintf(m, sizeof m, "%.*s", (int)(len > 40 ? 40 : len), name);
            return refuse(why, "unsupported modifier '%s'", m);
        }
        if (*nmods == 16) {
            *why = "more than 16 modifiers on one field";
            return -1;
        }
        mods[(*nmods)++] = (int)k;
        p = end;
    }
    return 0;
}

static bool has_mod(const int *mods, size_t n, int m)
{
    for (size_t i = 0; i < n; i++)
        if (mods[i] == m)
            return true;
    return false;
}

/* Modifiers allowed beside a type modifier (the rest would change its meaning). */
static int only_with(const int *mods, size_t n, const int *allowed, size_t nallowed,
                     const char *type, const char **why)
{
    for (size_t i = 0; i < n; i++) {
        bool ok = false;
        for (size_t k = 0; k < nallowed; k++)
            ok |= mods[i] == allowed[k];
        if (!ok) {
            snprintf(why_buf, sizeof why_buf, "modifier '%s' with '%s' is not supported",
                     modifier_names[mods[i]], type);
            *why = why_buf;
            return -1;
        }
    }
    return 0;
}

static sigma_value *new_values(sigma_detection *det, size_t n)
{
    sigma_value *v = arena_alloc(&det->mem, (n ? n : 1) * sizeof *v);
    memset(v, 0, (n ? n : 1) * sizeof *v);
    return v;
}

int sigma_modifier_item(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                        const char *key, const ynode *value, sigma_item *item, const char **why)
{
    memset(item, 0, sizeof *item);
    int mods[16];
    size_t nmods;
    const char *mods_start;
    if (parse_modifiers(key, &mods_start, mods, &nmods, why) < 0)
        return -1;
    size_t flen = mods_start ? (size_t)(mods_start - key) : strlen(key);
    if (flen) {
        char *sigma_field = arena_strndup(&det->mem, key, flen);
        if (!sigma_logsource_has_field(src, sigma_field))
            return refuse(why, "field '%s' is not in this logsource", sigma_field);
        const char *ev = sigma_logsource_field(src, sigma_field);
        item->sigma_field = sigma_field;
        item->field = ev == sigma_field ? sigma_field : arena_strndup(&det->mem, ev, strlen(ev));
    } else {
        det->keywords = true;
    }
    item->all = has_mod(mods, nmods, M_ALL);
    item->neq = has_mod(mods, nmods, M_NEQ);
    bool cased = has_mod(mods, nmods, M_CASED);

    size_t maxvals = value->kind == YN_SEQ ? ynode_count(value) : 1;
    if (maxvals > SIGMA_MAX_VALUES)
        maxvals = SIGMA_MAX_VALUES;
    const ynode **vals = xmalloc((maxvals ? maxvals : 1) * sizeof *vals);
    size_t nvals;
    int rc = -1;
    mlist l = { 0 };
    if (scalars(value, vals, maxvals, &nvals, why) < 0)
        goto out;
    if (nvals == 0) {
        *why = "empty list of values";
        goto out;
    }
    if (item->all && nvals == 1 && flen) {
        *why = "'all' on a single value (not allowed by the modifiers appendix)";
        goto out;
    }

    if (has_mod(mods, nmods, M_EXISTS)) {
        static const int ok[] = { M_EXISTS };
        if (only_with(mods, nmods, ok, 1, "exists", why) < 0)
            goto out;
        const char *s = vals[0]->str;
        if (nvals != 1 || !s || (strcasecmp(s, "true") != 0 && strcasecmp(s, "false") != 0)) {
            *why = "'exists' needs true or false";
            goto out;
        }
        item->kind = ITEM_EXISTS;
        item->exists = strcasecmp(s, "true") == 0;
        rc = flen ? 0 : (*why = "'exists' without a field name", -1);
        goto out;
    }
    /* null: the field is absent or empty; only alone (rules spec "Special Field Values"). */
    for (size_t i = 0; i < nvals; i++)
        if (!vals[i]->str && vals[i]->plain) {
            if (nvals > 1 || nmods) {
                *why = "null in a list of values or with modifiers (not allowed by the rules spec)";
                goto out;
            }
            item->kind = ITEM_NULL;
            rc = flen ? 0 : (*why = "null as a keyword", -1);
            goto out;
        }

    item->kind = ITEM_VALUES;
    item->values = new_values(det, 0);
    if (has_mod(mods, nmods, M_RE)) {
        static const int ok[] = { M_RE, M_RE_I, M_RE_M, M_RE_S, M_ALL, M_NEQ };
        if (only_with(mods, nmods, ok, 6, "re", why) < 0)
            goto out;
        uint32_t opts = (has_mod(mods, nmods, M_RE_I) ? PCRE2_CASELESS : 0) |
                        (has_mod(mods, nmods, M_RE_M) ? PCRE2_MULTILINE : 0) |
                        (has_mod(mods, nmods, M_RE_S) ? PCRE2_DOTALL : 0);
        item->values = new_values(det, nvals);
        for (size_t i = 0; i < nvals; i++) {
            const char *s = vals[i]->str ? vals[i]->str : "";
            if (compile_regex(det, &item->values[i], s, strlen(s), opts, why) < 0)
                goto out;
            item->values[i].group = (uint32_t)i;
            item->values[i].text = vals[i]->str;
        }
        item->nvalues = item->ngroups = nvals;
        rc = 0;
        goto out;
    }
    for (size_t i = 0; i < nmods; i++)
        if (mods[i] == M_RE_I || mods[i] == M_RE_M || mods[i] == M_RE_S) {
            refuse(why, "modifier '%s' outside 're'", modifier_names[mods[i]]);
            goto out;
        }
    if (has_mod(mods, nmods, M_CIDR)) {
        static const int ok[] = { M_CIDR, M_ALL, M_NEQ };
        if (only_with(mods, nmods, ok, 3, "cidr", why) < 0)
            goto out;
        item->values = new_values(det, nvals);
        for (size_t i = 0; i < nvals; i++) {
            if (compile_cidr(&item->values[i], vals[i]->str ? vals[i]->str : "", why) < 0)
                goto out;
            item->values[i].group = (uint32_t)i;
        }
        item->nvalues = item->ngroups = nvals;
        rc = 0;
        goto out;
    }
    int timepart = -1;
    for (int k = M_MINUTE; k <= M_YEAR; k++)
        if (has_mod(mods, nmods, k))
            timepart = k - M_MINUTE;
    sigma_cmp cmp = CMP_EQ;
    if (has_mod(mods, nmods, M_LT))
        cmp = CMP_LT;
    if (has_mod(mods, nmods, M_LTE))
        cmp = CMP_LTE;
    if (has_mod(mods, nmods, M_GT))
        cmp = CMP_GT;
    if (has_mod(mods, nmods, M_GTE))
        cmp = CMP_GTE;
    if (cmp != CMP_EQ || timepart >= 0) {
        static const int ok[] = { M_LT, M_LTE, M_GT, M_GTE, M_ALL, M_NEQ, M_MINUTE, M_HOUR,
                                  M_DAY, M_WEEK, M_MONTH, M_YEAR };
        if (only_with(mods, nmods, ok, 12, cmp != CMP_EQ ? "lt/lte/gt/gte" : "time", why) < 0)
            goto out;
        item->values = new_values(det, nvals);
        for (size_t i = 0; i < nvals; i++) {
            sigma_value *v = &item->values[i];
            const char *s = vals[i]->str ? vals[i]->str : "";
            if (!num_parse(s, strlen(s), &v->num)) {
                refuse(why, "'%.60s' is not a number", s);
                goto out;
            }
            v->kind = timepart >= 0 ? SV_TIMEPART : SV_NUMBER;
            v->timepart = timepart;
            v->cmp = cmp;
            v->group = (uint32_t)i;
            v->text = vals[i]->str;
        }
        item->nvalues = item->ngroups = nvals;
        rc = 0;
        goto out;
    }
    if (has_mod(mods, nmods, M_FIELDREF)) {
        static const int ok[] = { M_FIELDREF, M_CONTAINS, M_STARTSWITH, M_ENDSWITH, M_CASED,
                                  M_ALL, M_NEQ };
        if (only_with(mods, nmods, ok, 7, "fieldref", why) < 0)
            goto out;
        bool front = has_mod(mods, nmods, M_CONTAINS) || has_mod(mods, nmods, M_ENDSWITH);
        bool back = has_mod(mods, nmods, M_CONTAINS) || has_mod(mods, nmods, M_STARTSWITH);
        item->values = new_values(det, nvals);
        for (size_t i = 0; i < nvals; i++) {
            sigma_value *v = &item->values[i];
            const char *s = vals[i]->str ? vals[i]->str : "";
            if (!sigma_logsource_has_field(src, s)) {
                refuse(why, "field '%.60s' is not in this logsource", s);
                goto out;
            }
            const char *ev = sigma_logsource_field(src, s);
            v->kind = SV_FIELDREF;
            v->ref = arena_strndup(&det->mem, ev, strlen(ev));
            v->text = arena_strndup(&det->mem, s, strlen(s));
            v->cased = cased;
            v->shape = front && back ? GLOB_CONTAINS : front ? GLOB_SUFFIX : back ? GLOB_PREFIX
                                                                                  : GLOB_EXACT;
            v->group = (uint32_t)i;
        }
        item->nvalues = item->ngroups = nvals;
        rc = 0;
        goto out;
    }

    /* Strings: escapes and wildcards (or placeholders first with expand), then the
     * transformations in the order written. */
    bool expand = has_mod(mods, nmods, M_EXPAND);
    for (size_t i = 0; i < nvals; i++) {
        const char *s = vals[i]->str ? vals[i]->str : "";
        if (strlen(s) > SIGMA_MAX_VALUE_LEN) {
            *why = "a value longer than 65536 bytes";
            goto out;
        }
        if (expand) {
            if (expand_value(set, s, strlen(s), (uint32_t)i, &l, why) < 0)
                goto out;
        } else {
            mval m = { 0 };
            size_t cap = 0;
            put_escaped(&m, &cap, s, strlen(s), true);
            mlist_add(&l, m.b ? m.b : "", m.w, m.len, (uint32_t)i);
            free(m.b);
            free(m.w);
        }
    }
    if (l.overflow) {
        *why = "values expand to more than trawl holds (65536 values, 4 MiB)";
        goto out;
    }
    for (size_t i = 0; i < nmods; i++) {
        switch (mods[i]) {
        case M_WINDASH:
            if (apply_windash(&l, why) < 0)
                goto out;
            break;
        case M_BASE64:
        case M_BASE64OFFSET:
            if (expand) {
                *why = "'expand' with base64 (placeholders must stay readable)";
                goto out;
            }
            if (apply_base64(&l, mods[i] == M_BASE64OFFSET, why) < 0)
                goto out;
            break;
        case M_UTF16LE:
        case M_WIDE:
            apply_utf16(&l, false, false);
            break;
        case M_UTF16BE:
            apply_utf16(&l, true, false);
            break;
        case M_UTF16:
            apply_utf16(&l, false, true);
            break;
        case M_CONTAINS:
            apply_anchor(&l, true, true);
            break;
        case M_STARTSWITH:
            apply_anchor(&l, false, true);
            break;
        case M_ENDSWITH:
            apply_anchor(&l, true, false);
            break;
        default:   /* flags (all, cased, neq) and expand, handled above */
            break;
        }
        if (l.overflow) {
            *why = "values expand to more than trawl holds (65536 values, 4 MiB)";
            goto out;
        }
    }
    /* Keywords are searched for anywhere in the event's values. */
    if (!flen)
        apply_anchor(&l, true, true);
    item->values = new_values(det, l.n);
    for (size_t i = 0; i < l.n; i++) {
        compile_glob(det, &item->values[i], &l.v[i], cased);
        item->values[i].group = l.group[i];
        item->values[i].text = item->values[i].pat;
    }
    item->nvalues = l.n;
    item->ngroups = (uint32_t)nvals;
    rc = 0;
out:
    mlist_free(&l);
    free(vals);
    return rc;
}

void sigma_detection_free(sigma_detection *det)
{
    if (!det)
        return;
    for (size_t i = 0; i < det->nregexes; i++) {
        pcre2_match_data_free(det->mds[i]);
        pcre2_code_free(det->regexes[i]);
    }
    free(det->regexes);
    free(det->mds);
    arena_free(&det->mem);
    free(det);
}
