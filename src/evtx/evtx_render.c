/* evtx_render.c - the two renderers behind `trawl dump`: event XML in the layout of
 * Event Viewer / evtxexport (2-space indent, double quotes, <X/> for empty
 * elements), and evtx_dump-like JSON (docs/evtx-json.md): attributes under
 * "#attributes", named EventData/Data flattened to "Name": value. */
#include "evtx_private.h"

#include <stdint.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/xmalloc.h"

enum { MAX_DEPTH = 512 };

/* ---- XML ---- */

typedef struct xml_frame {
    const char *name;        /* element name (borrowed from the record's tree) */
    size_t len;
    bool has_child;          /* has child elements: close tag goes on its own line */
} xml_frame;

struct evtx_xml_writer {
    evtx_buf *out;           /* where the record goes */
    xml_frame st[MAX_DEPTH]; /* open elements */
    int depth;               /* entries in st */
    bool start_open;         /* "<name attrs" written, '>' not yet */
};

evtx_xml_writer *evtx_xml_new(void)
{
    return xcalloc(1, sizeof(evtx_xml_writer));
}

void evtx_xml_reset(evtx_xml_writer *x, evtx_buf *out)
{
    x->out = out;
    x->depth = 0;
    x->start_open = false;
}

void evtx_xml_free(evtx_xml_writer *x)
{
    free(x);
}

static void xml_escape(evtx_buf *b, const char *s, size_t n, bool attr)
{
    evtx_buf_reserve(b, n);
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': evtx_buf_put(b, "&amp;", 5); break;
        case '<': evtx_buf_put(b, "&lt;", 4); break;
        case '>': evtx_buf_put(b, "&gt;", 4); break;
        case '"':
            if (attr) {
                evtx_buf_put(b, "&quot;", 6);
                break;
            }
            /* fall through */
        default:
            /* XML 1.0 cannot carry control characters: write them as references
             * (as .NET's XmlWriter does) so readers that decode them get them back;
             * CR too, and TAB/LF in attributes, which XML parsers would normalise. */
            if ((unsigned char)s[i] < 0x20 && (attr || (s[i] != '\t' && s[i] != '\n')))
                evtx_buf_printf(b, "&#x%X;", (unsigned char)s[i]);
            else
                evtx_buf_putc(b, s[i]);
        }
    }
}

static void indent(evtx_buf *b, int depth)
{
    for (int i = 0; i < depth; i++)
        evtx_buf_put(b, "  ", 2);
}

static void xml_open(void *ctx, const char *name, size_t len)
{
    evtx_xml_writer *x = ctx;
    if (x->depth > 0) {
        xml_frame *p = &x->st[x->depth - 1];
        if (x->start_open)
            evtx_buf_put(x->out, ">\n", 2);
        else if (!p->has_child)
            evtx_buf_putc(x->out, '\n');    /* after text of a mixed element */
        p->has_child = true;
    }
    x->start_open = true;
    if (x->depth == MAX_DEPTH)              /* cannot happen: the renderer stops earlier */
        return;
    indent(x->out, x->depth);
    evtx_buf_putc(x->out, '<');
    evtx_buf_put(x->out, name, len);
    x->st[x->depth++] = (xml_frame){ name, len, false };
}

static void xml_attr(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen)
{
    evtx_xml_writer *x = ctx;
    evtx_buf_putc(x->out, ' ');
    evtx_buf_put(x->out, name, nlen);
    evtx_buf_put(x->out, "=\"", 2);
    xml_escape(x->out, val, vlen, true);
    evtx_buf_putc(x->out, '"');
}

static void xml_text(void *ctx, const char *s, size_t len)
{
    evtx_xml_writer *x = ctx;
    if (x->start_open) {
        evtx_buf_putc(x->out, '>');
        x->start_open = false;
    }
    xml_escape(x->out, s, len, false);
}

static void xml_close(void *ctx)
{
    evtx_xml_writer *x = ctx;
    if (x->depth == 0)
        return;
    xml_frame *f = &x->st[--x->depth];
    if (x->start_open) {
        evtx_buf_put(x->out, "/>\n", 3);
        x->start_open = false;
        return;
    }
    if (f->has_child)
        indent(x->out, x->depth);
    evtx_buf_put(x->out, "</", 2);
    evtx_buf_put(x->out, f->name, f->len);
    evtx_buf_put(x->out, ">\n", 2);
}

const evtx_visitor evtx_xml_visitor = { xml_open, xml_attr, xml_text, xml_close };

/* ---- JSON: a small tree per record (arena), serialised at the end ---- */

/* Element and attribute names are borrowed: they live in the chunk's name table,
 * longer than the record's tree. Values are copied (the renderer reuses its
 * buffers). */
typedef struct jattr {
    const char *name, *val;  /* name borrowed, value an arena copy */
    size_t nlen, vlen;
    struct jattr *next;
} jattr;

typedef struct jelem {
    const char *name;        /* borrowed, NUL-terminated */
    size_t nlen;
    jattr *attrs, **atail;   /* attributes in order */
    struct jelem *child, **ctail, *next, *parent;
    char *txt;               /* concatenated text (arena) */
    size_t tlen, tcap;
    bool done;               /* already written as part of a same-name group */
    const char *key;         /* JSON key (set by write_members before writing) */
    size_t klen;
    unsigned khash;          /* cheap digest of key: most keys differ in it */
    bool flat;               /* key came from Data/@Name: written without it */
} jelem;

struct evtx_json_writer {
    arena mem;               /* the record's tree; reset per record */
    jelem root;              /* pseudo element holding the document */
    jelem *cur;              /* element receiving callbacks */
};

evtx_json_writer *evtx_json_new(void)
{
    evtx_json_writer *j = xcalloc(1, sizeof *j);
    arena_init(&j->mem, 16 * 1024);
    evtx_json_reset(j);
    return j;
}

void evtx_json_reset(evtx_json_writer *j)
{
    arena_reset(&j->mem);
    memset(&j->root, 0, sizeof j->root);
    j->root.atail = &j->root.attrs;
    j->root.ctail = &j->root.child;
    j->cur = &j->root;
}

void evtx_json_free(evtx_json_writer *j)
{
    arena_free(&j->mem);
    free(j);
}

static void json_open(void *ctx, const char *name, size_t len)
{
    evtx_json_writer *j = ctx;
    jelem *e = arena_alloc(&j->mem, sizeof *e);
    memset(e, 0, sizeof *e);
    e->name = name;
    e->nlen = len;
    e->atail = &e->attrs;
    e->ctail = &e->child;
    e->parent = j->cur;
    *j->cur->ctail = e;
    j->cur->ctail = &e->next;
    j->cur = e;
}

static void json_attr(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen)
{
    evtx_json_writer *j = ctx;
    jattr *a = arena_alloc(&j->mem, sizeof *a);
    a->name = name;
    a->nlen = nlen;
    a->val = arena_strndup(&j->mem, val, vlen);
    a->vlen = vlen;
    a->next = NULL;
    *j->cur->atail = a;
    j->cur->atail = &a->next;
}

static void json_text(void *ctx, const char *s, size_t len)
{
    evtx_json_writer *j = ctx;
    jelem *e = j->cur;
    if (len == 0)
        return;
    if (e->tlen + len > e->tcap) {
        size_t cap = (e->tlen + len) * 2 + 16;
        char *t = arena_alloc(&j->mem, cap);
        if (e->tlen)
            memcpy(t, e->txt, e->tlen);
        e->txt = t;
        e->tcap = cap;
    }
    memcpy(e->txt + e->tlen, s, len);
    e->tlen += len;
}

static void json_close(void *ctx)
{
    evtx_json_writer *j = ctx;
    if (j->cur->parent)
        j->cur = j->cur->parent;
}

const evtx_visitor evtx_json_visitor = { json_open, json_attr, json_text, json_close };

/* True when one of the 8 bytes in x is a control character, '"' or '\\' (the
 * classic "has a byte less than n / equal to c" word tricks; exact as a yes/no). */
static inline bool word_needs_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    uint64_t control = (x - ones * 0x20) & ~x;
    quote = (quote - ones) & ~quote;
    backslash = (backslash - ones) & ~backslash;
    return ((control | quote | backslash) & highs) != 0;
}

static inline uint32_t load32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Writes s[i, n) escaped at d; returns the end. The byte-at-a-time path, for
 * words that hold something to escape. */
static char *json_escape_bytes(char *d, const char *s, size_t i, size_t n)
{
    static const char hx[] = "0123456789abcdef";
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\') {
            *d++ = (char)ch;
            continue;
        }
        *d++ = '\\';
        switch (ch) {
        case '"': *d++ = '"'; break;
        case '\\': *d++ = '\\'; break;
        case '\n': *d++ = 'n'; break;
        case '\r': *d++ = 'r'; break;
        case '\t': *d++ = 't'; break;
        default:
            memcpy(d, "u00", 3);
            d[3] = hx[ch >> 4];
            d[4] = hx[ch & 15];
            d += 5;
        }
    }
    return d;
}

/* Text is scanned 8 bytes at a time into room reserved for the worst case (every
 * byte a \u00XX escape), so the common all-plain string is a run of word copies.
 * Most strings are short (names, numbers), so a string under 8 bytes and the tail
 * of a longer one are checked as one word too, built from overlapping loads. */
void evtx_json_str(evtx_buf *b, const char *s, size_t n)
{
    const uint64_t pad = 0x6161616161616161ull;     /* 'a': needs no escape */
    evtx_buf_reserve(b, 6 * n + 2);
    char *d = b->p + b->len;
    *d++ = '"';
    size_t i = 0;
    if (n < 8) {
        uint64_t x;
        if (n >= 4) {
            uint32_t lo = load32(s), hi = load32(s + n - 4);
            x = lo | (uint64_t)hi << 32;
            if (!word_needs_escape(x)) {
                memcpy(d, &lo, 4);
                memcpy(d + n - 4, &hi, 4);
                d += n;
                i = n;
            }
        } else if (n) {
            unsigned char a = (unsigned char)s[0], m = (unsigned char)s[n / 2],
                          z = (unsigned char)s[n - 1];
            x = (pad << 24) | a | (uint64_t)m << 8 | (uint64_t)z << 16;
            if (!word_needs_escape(x)) {
                d[0] = (char)a;
                d[n / 2] = (char)m;
                d[n - 1] = (char)z;
                d += n;
                i = n;
            }
        }
    } else {
        uint64_t x;
        while (n - i >= 8 && (memcpy(&x, s + i, 8), !word_needs_escape(x))) {
            memcpy(d, &x, 8);
            d += 8;
            i += 8;
        }
        if (i < n && n - i < 8) {
            /* The last 8 bytes: those before i in it were plain, so they were
             * copied as they are, and writing them again changes nothing. */
            memcpy(&x, s + n - 8, 8);
            if (!word_needs_escape(x)) {
                size_t back = 8 - (n - i);
                memcpy(d - back, &x, 8);
                d += n - i;
                i = n;
            }
        }
    }
    while (i < n) {
        size_t stop = n - i >= 8 ? i + 8 : n;
        d = json_escape_bytes(d, s, i, stop);
        i = stop;
        uint64_t x;
        while (n - i >= 8 && (memcpy(&x, s + i, 8), !word_needs_escape(x))) {
            memcpy(d, &x, 8);
            d += 8;
            i += 8;
        }
    }
    *d++ = '"';
    b->len = (size_t)(d - b->p);
}

typedef struct jout {
    evtx_buf *b;
    bool pretty;
} jout;

static void nl(jout *o, int depth)
{
    if (!o->pretty)
        return;
    evtx_buf_putc(o->b, '\n');
    indent(o->b, depth);
}

/* The key a child of EventData is stored under: Data Name="X" becomes X. */
static void eventdata_key_of(const jelem *e, const char **k, size_t *klen, bool *flat)
{
    *flat = false;
    *k = e->name;
    *klen = e->nlen;
    if (e->nlen != 4 || memcmp(e->name, "Data", 4) != 0 || e->child)
        return;
    for (const jattr *a = e->attrs; a; a = a->next) {
        if (a->nlen == 4 && memcmp(a->name, "Name", 4) == 0) {
            *k = a->val;
            *klen = a->vlen;
            *flat = true;
            return;
        }
    }
}

static void write_value(jout *o, const jelem *e, int depth, bool flat);

/* Children sharing a key become one JSON array, in document order. Keys are worked
 * out once per child first: the grouping compares them pairwise. */
static void write_members(jout *o, const jelem *e, int depth, bool first)
{
    bool parent_is_eventdata = e->name && e->nlen == 9 && memcmp(e->name, "EventData", 9) == 0;
    /* Digest bits seen once and more than once: a child whose bit is not in `twice`
     * has a key of its own, without looking at its siblings. */
    uint64_t once[4] = { 0 }, twice[4] = { 0 };
    for (jelem *c = e->child; c; c = c->next) {
        c->done = false;
        if (parent_is_eventdata)
            eventdata_key_of(c, &c->key, &c->klen, &c->flat);
        else {
            c->key = c->name;
            c->klen = c->nlen;
            c->flat = false;
        }
        c->khash = c->klen ? (unsigned)c->klen * 31u + (unsigned char)c->key[0] * 7u +
                                 (unsigned char)c->key[c->klen - 1]
                           : 0;
        uint64_t bit = 1ull << (c->khash & 63);
        twice[(c->khash >> 6) & 3] |= once[(c->khash >> 6) & 3] & bit;
        once[(c->khash >> 6) & 3] |= bit;
    }
    for (const jelem *c = e->child; c; c = c->next) {
        if (c->done)
            continue;
        size_t same = 0;
        bool shared = twice[(c->khash >> 6) & 3] & (1ull << (c->khash & 63));
        for (const jelem *d = shared ? c->next : NULL; d; d = d->next)
            same += d->khash == c->khash && d->klen == c->klen &&
                    memcmp(d->key, c->key, c->klen) == 0;
        if (!first)
            evtx_buf_putc(o->b, ',');
        first = false;
        nl(o, depth);
        evtx_json_str(o->b, c->key, c->klen);
        evtx_buf_put(o->b, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
        if (!same) {
            write_value(o, c, depth, c->flat);
            continue;
        }
        evtx_buf_putc(o->b, '[');
        bool f = true;
        for (jelem *d = (jelem *)c; d; d = d->next) {
            if (d->khash != c->khash || d->klen != c->klen ||
                memcmp(d->key, c->key, c->klen) != 0)
                continue;
            d->done = true;
            if (!f)
                evtx_buf_putc(o->b, ',');
            f = false;
            nl(o, depth + 1);
            write_value(o, d, depth + 1, d->flat);
        }
        nl(o, depth);
        evtx_buf_putc(o->b, ']');
    }
}

/* value -> "text" | null | { "#attributes": {...}, children..., "#text": "..." } */
static void write_value(jout *o, const jelem *e, int depth, bool flat)
{
    bool attrs = e->attrs && !(flat && !e->attrs->next);
    if (!attrs && !e->child) {
        if (e->tlen)
            evtx_json_str(o->b, e->txt, e->tlen);
        else
            evtx_buf_put(o->b, "null", 4);
        return;
    }
    evtx_buf_putc(o->b, '{');
    bool first = true;
    if (attrs) {
        nl(o, depth + 1);
        evtx_buf_put(o->b, o->pretty ? "\"#attributes\": {" : "\"#attributes\":{", o->pretty ? 16 : 15);
        bool f = true;
        for (const jattr *a = e->attrs; a; a = a->next) {
            if (!f)
                evtx_buf_putc(o->b, ',');
            f = false;
            nl(o, depth + 2);
            evtx_json_str(o->b, a->name, a->nlen);
            evtx_buf_put(o->b, o->pretty ? ": " : ":", o->pretty ? 2 : 1);
            evtx_json_str(o->b, a->val, a->vlen);
        }
        nl(o, depth + 1);
        evtx_buf_putc(o->b, '}');
        first = false;
    }
    write_members(o, e, depth + 1, first);
    if (e->tlen) {
        evtx_buf_putc(o->b, ',');
        nl(o, depth + 1);
        evtx_buf_put(o->b, o->pretty ? "\"#text\": " : "\"#text\":", o->pretty ? 9 : 8);
        evtx_json_str(o->b, e->txt, e->tlen);
    }
    nl(o, depth);
    evtx_buf_putc(o->b, '}');
}

/* One member of the top object: a separator unless first, then "key": value. */
static void mark(evtx_buf *b, bool pretty, bool *first, const char *key, const char *value)
{
    if (!*first)
        evtx_buf_putc(b, ',');
    *first = false;
    if (pretty)
        evtx_buf_puts(b, "\n  ");
    evtx_buf_putc(b, '"');
    evtx_buf_puts(b, key);
    evtx_buf_puts(b, pretty ? "\": " : "\":");
    evtx_buf_puts(b, value);
}

void evtx_json_marks(evtx_buf *b, const evtx_record_view *r, bool pretty, bool first)
{
    if (!r || !r->recovered)
        return;
    mark(b, pretty, &first, "recovered", "true");
    if (r->duplicate)
        mark(b, pretty, &first, "recovered_duplicate", "true");
    if (r->malformed) {
        mark(b, pretty, &first, "recovered_malformed", "");
        const char *why = evtx_carve_reason(r->malformed);
        evtx_json_str(b, why, strlen(why));
    }
}

void evtx_json_finish(evtx_json_writer *j, evtx_buf *out, bool pretty,
                      const evtx_record_view *r)
{
    jout o = { out, pretty };
    evtx_buf_putc(out, '{');
    write_members(&o, &j->root, 1, true);
    /* a carved record may render nothing at all: then the marks come first */
    evtx_json_marks(out, r, pretty, !j->root.child);
    nl(&o, 0);
    evtx_buf_putc(out, '}');
}
