/* xml_prefilter.c - one walk over an XML event's tags for the pushdown (see the
 * header). The walk follows the nesting as xml_lenient repairs it, which for a
 * well-formed event is expat's, so a cut or mistyped event is judged on the values
 * the lenient reader would deliver. Tags are found 16 bytes at a time (SSE2 where
 * the compiler has it), attributes read only where they can make a field, and the
 * names found harmless remembered per thread and search. */
#include "xml_prefilter.h"

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define XP_SSE2 1
#endif

#include "../event/winevent.h"
#include "../event/pushdown.h"

/* Elements followed; a deeper event passes untested. */
#define XP_MAX_DEPTH 64

/* One step of the walk: go on, or the cheap look cannot be sure (pass the event). */
enum { W_GO, W_UNSURE };

/* What an open element is, as winevent will classify it. */
enum fkind {
    FK_ROOT,      /* <Event> */
    FK_SYSTEM,    /* its first <System> child */
    FK_SYSNODE,   /* any other element inside System: no field of its own */
    FK_EVENTID,   /* System children whose text the pushdown decides on */
    FK_CHANNEL,
    FK_COMPUTER,
    FK_OUT,       /* outside System (EventData, UserData, ...): names become fields */
};

/* What a start tag's attributes may give. */
enum role {
    R_NONE,
    R_PROVIDER,   /* System/Provider: Name is a decided value */
    R_SECURITY,   /* System/Security: every attribute becomes a field */
    R_NAMED,      /* outside System: a Name attribute names a Data field */
};

typedef struct xp_frame {
    const char *name;     /* as written, prefix included: close tags match it whole */
    size_t len;
    unsigned char kind;   /* enum fkind */
} xp_frame;

typedef struct walker {
    const char *end;             /* end of the text walked */
    xp_frame st[XP_MAX_DEPTH];   /* open elements, the root first */
    int n;
    bool root_seen;              /* a second root is not an event any more */
    bool flat;                   /* System closed: the nesting is no longer followed */
    signed char data_shadows;    /* shadowed("Data"), -1 until needed */
    unsigned sys_next;           /* sys_children[] entry expected next */
    const char *text;            /* where the innermost element's text began */
    pushdown_sysvals v;          /* values found so far (NULL: absent) */
    const pushdown *pd;          /* whose fields a Data name may shadow */
} walker;

/* Bytes that end a name for xml_lenient, and so here (1), and ':' (2), which
 * separates a prefix from an element's local name. */
static const unsigned char in_name[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['>'] = 1,
    ['/'] = 1, ['='] = 1,  ['<'] = 1,  ['"'] = 1,  ['\''] = 1, [':'] = 2,
};

static inline bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline bool same(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

static inline uint64_t load8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint32_t load4(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* same() for the short names of tags: two overlapping loads instead of a loop. */
static inline bool same_name(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16)
        return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
    if (n >= 4 && n < 8)
        return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
    return same(a, b, n);
}

#define IS(s, n, lit) ((n) == sizeof lit - 1 && same_name((s), lit, sizeof lit - 1))

/* First '<' in [p, end), or end. Tags are a few bytes apart: a 16-byte compare
 * costs less than a call to memchr. */
static inline const char *next_lt(const char *p, const char *end)
{
#ifdef XP_SSE2
    const __m128i lt = _mm_set1_epi8('<');
    while (end - p >= 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(c, lt));
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    const char *q = memchr(p, '<', (size_t)(end - p));
    return q ? q : end;
}

/* First a or b in [p, end), or end (attribute values: the closing quote or a '<'). */
static inline const char *find2(const char *p, const char *end, char a, char b)
{
#ifdef XP_SSE2
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    while (end - p >= 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(c, va), _mm_cmpeq_epi8(c, vb)));
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < end && *p != a && *p != b)
        p++;
    return p;
}

/* First byte at or after p that ends a name or is ':' (in_name), or end. Every such
 * byte is below '?': 16 bytes are sifted at once, the few candidates (digits,
 * '-', '.') looked up. */
static inline const char *name_stop(const char *p, const char *end)
{
#ifdef XP_SSE2
    const __m128i lim = _mm_set1_epi8(0x3F), neg = _mm_set1_epi8(-1);
    while (end - p >= 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmplt_epi8(c, lim), _mm_cmpgt_epi8(c, neg)));
        for (; m; m &= m - 1) {
            const char *q = p + __builtin_ctz(m);
            if (in_name[(unsigned char)*q])
                return q;
        }
        p += 16;
    }
#endif
    while (p < end && !in_name[(unsigned char)*p])
        p++;
    return p;
}

/* The end of an attribute or close-tag name at p (':' is part of it). */
static inline const char *name_end(const char *p, const char *end)
{
    for (;;) {
        p = name_stop(p, end);
        if (p == end || *p != ':')
            return p;
        p++;
    }
}

/* First byte at or after p that winevent_name_keeps() does not keep, or end. */
static inline const char *first_unkept(const char *p, const char *end)
{
#ifdef XP_SSE2
    const __m128i neg = _mm_set1_epi8(-1);
    while (end - p >= 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i lower = _mm_or_si128(c, _mm_set1_epi8(0x20));   /* letters fold */
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(c, _mm_set1_epi8('9' + 1)));
        __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                      _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        __m128i ascii = _mm_cmpgt_epi8(c, neg);
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_andnot_si128(_mm_or_si128(digit, alpha), ascii));
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#endif
    while (p < end && winevent_name_keeps((unsigned char)*p))
        p++;
    return p;
}

/* Names found not to shadow, remembered from event to event: the same providers
 * write the same element and Data names over and over. The table belongs to one
 * pushdown at a time (its pushdown_id) and is cleared when another comes. A
 * name of 4 to 24 bytes is keyed by its length and up to three loads of 4 or 8 of
 * its bytes, which together cover all of it. */
#define XP_KNOWN_BITS 10
#define XP_KNOWN (1u << XP_KNOWN_BITS)
typedef struct xp_known {
    uint64_t head, mid, tail;
    size_t len;   /* 0: empty slot */
} xp_known;
static _Thread_local xp_known known[XP_KNOWN];
static _Thread_local unsigned known_for;   /* pushdown_id() the table holds */

/* pushdown_shadows(), remembered. */
static bool shadowed(const walker *w, const char *s, size_t n)
{
    if (n < 4 || n > 24)
        return pushdown_shadows(w->pd, s, n);
    uint64_t head = n >= 8 ? load8(s) : load4(s);
    uint64_t mid = n > 16 ? load8(s + 8) : 0;
    uint64_t tail = n >= 8 ? load8(s + n - 8) : load4(s + n - 4);
    uint64_t h = ((head ^ mid) * 0x9E3779B97F4A7C15u ^ (tail + n)) * 0xC2B2AE3D27D4EB4Fu;
    xp_known *k = &known[h >> (64 - XP_KNOWN_BITS)];
    if (k->len == n && k->head == head && k->mid == mid && k->tail == tail)
        return false;
    if (pushdown_shadows(w->pd, s, n))
        return true;
    *k = (xp_known){ head, mid, tail, n };
    return false;
}

/* An attribute value is its bytes unless expat would decode a reference in it or
 * normalise white space. */
static bool plain_attr(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
            return false;
    return true;
}

/* Element text is its bytes unless expat would decode a reference or fold \r\n. */
static bool set_value(walker *w, int kind, const char *s, size_t n)
{
    if (memchr(s, '&', n) || memchr(s, '\r', n))
        return false;
    switch (kind) {
    case FK_EVENTID:
        w->v.eventid = s;
        w->v.eventid_len = n;
        break;
    case FK_CHANNEL:
        w->v.channel = s;
        w->v.channel_len = n;
        break;
    default:
        w->v.computer = s;
        w->v.computer_len = n;
        break;
    }
    return true;
}

static bool is_value(int kind)
{
    return kind == FK_EVENTID || kind == FK_CHANNEL || kind == FK_COMPUTER;
}

/* A Name attribute's value outside System names a Data field: does it shadow?
 * A reference may decode to anything. */
static bool name_attr_shadows(const walker *w, const char *v, size_t n)
{
    if (first_unkept(v, v + n) != v + n && memchr(v, '&', n))
        return true;
    return shadowed(w, v, n);
}

/* attrs -> (ws* name ws* '=' ws* quoted)* ws* ('>' | '/>')
 * The attributes of a start tag from p, just after its name; *after is set past
 * the tag, *empty for "/>". Anything looser (which expat rejects and xml_lenient
 * reads its own way) is unsure. */
static int attributes(walker *w, const char *p, int role, const char **after, bool *empty)
{
    const char *end = w->end;
    for (;;) {
        while (p < end && is_ws(*p))
            p++;
        if (p == end)
            return W_UNSURE;   /* cut inside the tag */
        if (*p == '>') {
            *after = p + 1;
            *empty = false;
            return W_GO;
        }
        if (*p == '/') {
            if (end - p < 2 || p[1] != '>')
                return W_UNSURE;
            *after = p + 2;
            *empty = true;
            return W_GO;
        }
        const char *an = p;
        p = name_end(p, end);
        size_t alen = (size_t)(p - an);
        if (alen == 0)
            return W_UNSURE;   /* '<', '=' or a quote out of place */
        while (p < end && is_ws(*p))
            p++;
        if (p == end || *p != '=')
            return W_UNSURE;   /* expat wants a value, xml_lenient does not */
        p++;
        while (p < end && is_ws(*p))
            p++;
        if (p == end || (*p != '\'' && *p != '"'))
            return W_UNSURE;
        char q = *p++;
        const char *v = p;
        p = find2(p, end, q, '<');
        if (p == end || *p != q)
            return W_UNSURE;   /* '<' ends a value for xml_lenient and the span scanner */
        size_t vlen = (size_t)(p - v);
        p++;
        switch (role) {
        case R_PROVIDER:
            if (IS(an, alen, "Name")) {
                if (!plain_attr(v, vlen))
                    return W_UNSURE;
                w->v.provider = v;
                w->v.provider_len = vlen;
            }
            break;
        case R_SECURITY:   /* raw names: cleaning them only adds caution */
            if (shadowed(w, an, alen))
                return W_UNSURE;
            break;
        case R_NAMED:
            if (IS(an, alen, "Name") && name_attr_shadows(w, v, vlen))
                return W_UNSURE;
            break;
        default:
            break;
        }
    }
}

/* An element name at p: its end, and *local after the first ':' (as winevent). */
static const char *element_name(const char *p, const char *end, const char **local)
{
    *local = NULL;
    for (;;) {
        p = name_stop(p, end);
        if (p == end || *p != ':')
            return p;
        if (!*local)
            *local = p + 1;
        p++;
    }
}

/* System's children in the order Windows writes them, with what each gives; the
 * walk tries the one after the last it met before scanning a name. */
static const struct {
    const char *name;
    unsigned char len, kind, role;
} sys_children[] = {
    { "Provider", 8, FK_SYSNODE, R_PROVIDER },  { "EventID", 7, FK_EVENTID, R_NONE },
    { "Version", 7, FK_SYSNODE, R_NONE },       { "Level", 5, FK_SYSNODE, R_NONE },
    { "Task", 4, FK_SYSNODE, R_NONE },          { "Opcode", 6, FK_SYSNODE, R_NONE },
    { "Keywords", 8, FK_SYSNODE, R_NONE },      { "TimeCreated", 11, FK_SYSNODE, R_NONE },
    { "EventRecordID", 13, FK_SYSNODE, R_NONE }, { "Correlation", 11, FK_SYSNODE, R_NONE },
    { "Execution", 9, FK_SYSNODE, R_NONE },     { "Channel", 7, FK_CHANNEL, R_NONE },
    { "Computer", 8, FK_COMPUTER, R_NONE },     { "Security", 8, FK_SYSNODE, R_SECURITY },
};
#define N_SYS_CHILDREN (sizeof sys_children / sizeof sys_children[0])

/* start-tag -> '<' name attrs
 * Opens an element while the nesting is followed (up to the end of System). */
static int open_element(walker *w, const char *lt, const char **after)
{
    const char *name = lt + 1, *local, *p;
    size_t nlen, llen;
    int kind = FK_OUT, role = R_NONE;

    if (w->n > 0 && w->st[w->n - 1].kind == FK_SYSTEM && w->sys_next < N_SYS_CHILDREN) {
        unsigned i = w->sys_next;
        size_t l = sys_children[i].len;
        if ((size_t)(w->end - name) > l && in_name[(unsigned char)name[l]] == 1 &&
            same_name(name, sys_children[i].name, l)) {
            w->sys_next = i + 1;
            kind = sys_children[i].kind;
            role = sys_children[i].role;
            p = name + l;
            nlen = l;
            goto attrs;
        }
    }
    p = element_name(name, w->end, &local);
    nlen = (size_t)(p - name);
    if (nlen == 0)
        return W_UNSURE;   /* a lone '<': text to xml_lenient, an error to expat */
    if (!local)
        local = name;
    llen = (size_t)(p - local);

    if (w->n == 0) {
        if (w->root_seen)
            return W_UNSURE;
        w->root_seen = true;
        kind = FK_ROOT;
    } else {
        switch (w->st[w->n - 1].kind) {
        case FK_ROOT:
            if (IS(local, llen, "System")) {
                kind = FK_SYSTEM;
                break;
            }
            /* fall through */
        case FK_OUT:
            /* A UserData leaf becomes a field by its name: test every name here. */
            if (shadowed(w, local, llen))
                return W_UNSURE;
            role = R_NAMED;
            break;
        case FK_SYSTEM:
            kind = FK_SYSNODE;
            for (unsigned i = 0; i < N_SYS_CHILDREN; i++) {
                if (llen == sys_children[i].len &&
                    same_name(local, sys_children[i].name, llen)) {
                    kind = sys_children[i].kind;
                    role = sys_children[i].role;
                    w->sys_next = i + 1;
                    break;
                }
            }
            break;
        case FK_SYSNODE:
            kind = FK_SYSNODE;
            break;
        default:
            return W_UNSURE;   /* a value element with a child element gives no value */
        }
    }
attrs:;
    bool empty = false;
    if (p < w->end && *p == '>')
        *after = p + 1;   /* most tags have no attributes */
    else if (attributes(w, p, role, after, &empty) != W_GO)
        return W_UNSURE;
    w->text = *after;
    if (empty) {
        if (kind == FK_SYSTEM)
            w->flat = true;
        else if (is_value(kind))
            set_value(w, kind, *after, 0);
        return W_GO;
    }
    if (w->n == XP_MAX_DEPTH)
        return W_UNSURE;
    w->st[w->n++] = (xp_frame){ name, nlen, (unsigned char)kind };
    return W_GO;
}

/* After System the nesting no longer matters: every element outside it may only
 * add fields, by its name (UserData leaves) or its Name attribute (Data). */
static int open_flat(walker *w, const char *lt, const char **after)
{
    const char *name = lt + 1, *local;
    bool empty;
    /* The usual tag here, <Data Name='...'> with a plain name, read straight. */
    if (w->end - name > 11 && memcmp(name, "Data Name=", 10) == 0 &&
        (name[10] == '\'' || name[10] == '"')) {
        char q = name[10];
        const char *v = name + 11, *p = first_unkept(v, w->end);
        if (p < w->end && *p == q && p > v && winevent_name_lead(v, 1) == 0) {
            if (w->data_shadows < 0)
                w->data_shadows = shadowed(w, name, 4);
            if (w->data_shadows || shadowed(w, v, (size_t)(p - v)))
                return W_UNSURE;
            if (p + 1 < w->end && p[1] == '>') {
                *after = p + 2;
                return W_GO;
            }
            return attributes(w, p + 1, R_NAMED, after, &empty);
        }
    }
    const char *p = element_name(name, w->end, &local);
    if (p == name)
        return W_UNSURE;
    if (!local)
        local = name;
    size_t llen = (size_t)(p - local);
    if (IS(local, llen, "System") || shadowed(w, local, llen))
        return W_UNSURE;   /* a second System would set the values again */
    if (p < w->end && *p == '>') {
        *after = p + 1;
        return W_GO;
    }
    return attributes(w, p, R_NAMED, after, &empty);
}

/* end-tag -> '</' name ws* '>'
 * Closes as xml_lenient does: up to the open element of that name, or only the
 * innermost when none has it. The innermost one takes its text as its value. */
static int close_element(walker *w, const char *lt, const char **after)
{
    const char *end = w->end;
    const char *name = lt + 2, *p;
    if (w->n == 0)
        return W_UNSURE;
    int k = w->n - 1;
    const xp_frame *top = &w->st[k];
    if ((size_t)(end - name) > top->len && name[top->len] == '>' &&
        same_name(name, top->name, top->len)) {
        p = name + top->len;   /* the usual case: it closes the innermost */
    } else {
        p = name_end(name, end);
        size_t nlen = (size_t)(p - name);
        while (p < end && is_ws(*p))
            p++;
        if (p == end || *p != '>')
            return W_UNSURE;
        while (k >= 0 && !(w->st[k].len == nlen && same(w->st[k].name, name, nlen)))
            k--;
        if (k < 0)
            k = w->n - 1;
    }
    for (int j = w->n - 1; j >= k; j--) {
        int kind = w->st[j].kind;
        if (kind == FK_SYSTEM) {
            w->flat = true;
        } else if (is_value(kind) && !set_value(w, kind, w->text, (size_t)(lt - w->text))) {
            /* Only the innermost can be a value element: one with a child was unsure. */
            return W_UNSURE;
        }
    }
    w->n = k;
    *after = w->text = p + 1;
    return W_GO;
}

/* What the span scanner (xml_reader.c) makes of the tag at lt inside an event. */
enum { TAG_PLAIN, TAG_END, TAG_IRREGULAR };

static inline bool is_event(const char *t)
{
    return t[0] == 'E' && t[1] == 'v' && t[2] == 'e' && t[3] == 'n' && t[4] == 't';
}

static inline int span_tag(const char *lt, const char *end)
{
    const char *t = lt + 1;
    if (end - t < 7)
        return TAG_IRREGULAR;   /* no room left for "</Event>" on this line */
    char c;
    switch (t[0]) {
    case '!':
    case '?':
        return TAG_IRREGULAR;   /* comments, CDATA and PIs have their own rules */
    case '/':
        if (!is_event(t + 1))
            return TAG_PLAIN;
        c = t[6];
        if (c == '>')
            return TAG_END;
        return is_ws(c) || c == '/' || c == '<' ? TAG_IRREGULAR : TAG_PLAIN;
    case 'E':
        if (!is_event(t))
            return TAG_PLAIN;
        c = t[5];   /* another event starts: it cuts this one */
        return is_ws(c) || c == '>' || c == '/' || c == '<' ? TAG_IRREGULAR : TAG_PLAIN;
    default:
        return TAG_PLAIN;
    }
}

/* The span's end once the values no longer matter. */
static int span_rest(const char *s, const char *p, const char *end, size_t *span_len)
{
    for (;;) {
        const char *lt = next_lt(p, end);
        if (lt == end)
            return XML_SPAN_IRREGULAR;
        int k = span_tag(lt, end);
        if (k == TAG_END) {
            *span_len = (size_t)(lt + 8 - s);
            return XML_SPAN_KEEP;
        }
        if (k == TAG_IRREGULAR)
            return XML_SPAN_IRREGULAR;
        p = lt + 1;
    }
}

static int verdict(const input_options *opt, walker *w)
{
    w->v.source = opt->source;
    w->v.sourcetype = opt->sourcetype;
    return pushdown_match(opt->pushdown, &w->v) ? XML_SPAN_KEEP : XML_SPAN_DROP;
}

/* Walks s[0..len), an event span, or in span mode a line to find the span in. */
static int walk(const input_options *opt, const char *s, size_t len, bool span,
                size_t *span_len)
{
    bool decide = opt && pushdown_active(opt->pushdown);
    if (!span && !decide)
        return XML_SPAN_KEEP;
    walker w;
    w.end = s + len;
    w.n = 0;
    w.root_seen = false;
    w.flat = false;
    w.data_shadows = -1;
    w.pd = opt ? opt->pushdown : NULL;
    if (known_for != pushdown_id(w.pd)) {
        memset(known, 0, sizeof known);
        known_for = pushdown_id(w.pd);
    }
    w.sys_next = 0;
    w.text = s;
    memset(&w.v, 0, sizeof w.v);

    const char *p = s;
    if (len < 2 || s[0] != '<' || open_element(&w, s, &p) != W_GO || w.n != 1)
        return span ? XML_SPAN_IRREGULAR : XML_SPAN_KEEP;
    if (!decide)
        return span_rest(s, p, w.end, span_len);
    for (;;) {
        const char *lt = next_lt(p, w.end);
        if (lt == w.end)
            break;
        /* In span mode the tests of span_tag() come first, folded in. */
        const char *t = lt + 1;
        if (span && w.end - t < 7)
            return XML_SPAN_IRREGULAR;
        int r;
        if (t == w.end) {
            r = W_UNSURE;
        } else {
            switch (*t) {
            case '/':
                if (span && is_event(t + 1)) {
                    if (t[6] == '>') {
                        *span_len = (size_t)(lt + 8 - s);
                        if (!w.flat && close_element(&w, lt, &p) != W_GO)
                            return XML_SPAN_KEEP;
                        return verdict(opt, &w);
                    }
                    if (is_ws(t[6]) || t[6] == '/' || t[6] == '<')
                        return XML_SPAN_IRREGULAR;
                }
                if (w.flat) {   /* closing an element outside System tells nothing */
                    p = lt + 2;
                    continue;
                }
                r = close_element(&w, lt, &p);
                break;
            case '!':
            case '?':
                if (span)
                    return XML_SPAN_IRREGULAR;
                r = W_UNSURE;   /* comments, CDATA, PIs: rare, left to the parse */
                break;
            case 'E':
                if (span && is_event(t) &&
                    (is_ws(t[5]) || t[5] == '>' || t[5] == '/' || t[5] == '<'))
                    return XML_SPAN_IRREGULAR;
                /* fall through */
            default:
                r = w.flat ? open_flat(&w, lt, &p) : open_element(&w, lt, &p);
                break;
            }
        }
        if (r != W_GO)
            return span ? span_rest(s, lt + 1, w.end, span_len) : XML_SPAN_KEEP;
    }
    if (span)
        return XML_SPAN_IRREGULAR;
    /* The event was cut short: xml_lenient closes what is still open, the
     * innermost element taking the text up to the end. */
    if (!w.flat && w.n > 0 && is_value(w.st[w.n - 1].kind) &&
        !set_value(&w, w.st[w.n - 1].kind, w.text, (size_t)(w.end - w.text)))
        return XML_SPAN_KEEP;
    return verdict(opt, &w);
}

bool xml_prefilter_may_match(const input_options *opt, const char *text, size_t len)
{
    return walk(opt, text, len, false, NULL) != XML_SPAN_DROP;
}

int xml_prefilter_span(const input_options *opt, const char *text, size_t avail,
                       size_t *span_len)
{
    return walk(opt, text, avail, true, span_len);
}
