/* xml_reader.c - Windows events in XML text. A byte-level scanner, fed block by
 * block, finds each <Event ...>...</Event> span (skipping comments, CDATA and
 * processing instructions, so an "</Event>" inside them does not count); each span
 * is parsed alone by one reused expat parser whose callbacks drive winevent. Junk
 * between events (headers of evtxexport, <Events>, <?xml?>) is never parsed.
 * Events do not nest: an <Event> start tag inside an event ends that event there,
 * so one event cut short does not swallow the rest of the file. An event expat
 * rejects is reported, then read again by xml_lenient; if that finds an <Event>
 * with <System> it is delivered (Splunk would index it too), else skipped.
 * UTF-16 input (wevtutil output redirected by PowerShell) is transcoded first.
 * The common shape, one event per line, takes a fast path: xml_prefilter_span()
 * finds the event's end and the pushdown's verdict in one walk, and a block is
 * scanned where it was read, only the unfinished tail being kept for the next. */
#include "xml_reader.h"

#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../event/winevent.h"
#include "../util/error.h"
#include "../util/xmalloc.h"
#include "fdpump.h"
#include "../util/xml_ctrlref.h"
#include "xml_lenient.h"
#include "xml_prefilter.h"

/* Bytes read from the file at a time. */
#define XML_BLOCK (256u << 10)

/* Where the scanner is in the markup. */
enum scan_state {
    S_TEXT,     /* character data: waiting for '<' */
    S_LT,       /* after '<': collecting the name to classify the tag */
    S_TAG,      /* inside a start/end tag or declaration, until '>' outside quotes */
    S_COMMENT,  /* <!-- ... --> */
    S_CDATA,    /* <![CDATA[ ... ]]> */
    S_PI,       /* <? ... ?> */
};

/* What the tag being scanned does to the event nesting. */
enum tag_kind { T_OTHER, T_EV_OPEN, T_EV_CLOSE };

/* Longest tag prefix worth collecting: "![CDATA[" and "/Event" fit. */
#define MBUF_MAX 16

typedef struct xml_reader {
    const char *name;          /* file name for messages (not owned) */
    input_event_fn fn;         /* consumer of events */
    void *ctx;
    input_stats *st;
    bool stop;                 /* fn asked to stop */

    const unsigned char *buf;  /* bytes being scanned: held, or the block fed in */
    size_t len;
    size_t pos;                /* bytes before pos are scanned */
    bool direct;               /* buf is the caller's block, not held */
    unsigned char *held;       /* bytes kept across blocks: from the event (or tag) on */
    size_t cap;
    size_t nl;                 /* index of the next '\n' after the last position
                                  looked from (len: none; SIZE_MAX: not looked) */

    enum scan_state state;
    unsigned long line;        /* line number at pos, 1-based */
    char mbuf[MBUF_MAX];       /* S_LT: the tag's first bytes */
    size_t mlen;
    enum tag_kind tkind;       /* S_TAG: the tag's effect */
    char quote;                /* S_TAG: open quote character or 0 */
    char last;                 /* S_TAG: last non-space byte (for "/>") */
    unsigned match;            /* S_COMMENT/S_CDATA/S_PI: terminator bytes seen */
    size_t tag_start;          /* '<' of the tag being scanned (index in buf) */
    unsigned long tag_line;
    bool tag_dropped;          /* the pending tag outgrew the cap; bytes are gone */

    unsigned long depth;       /* 1 inside an event span, else 0 */
    size_t ev_start;           /* '<' of the current event (index in buf) */
    unsigned long ev_line;
    bool skipping;             /* the current event is over the cap: no bytes kept */

    /* UTF-16 input is transcoded to UTF-8 before scanning. */
    int utf16;                 /* 0: UTF-8, 1: little endian, 2: big endian */
    unsigned char pend[4];     /* incomplete UTF-16 unit/pair carried between blocks */
    size_t npend;
    unsigned char *conv;       /* transcoding output, reused */
    size_t conv_cap;

    XML_Parser parser;         /* reset for every event */
    unsigned long salt;        /* expat's hash salt, drawn once per file rather than
                                  at every reset; 0: expat draws it */
    unsigned char *ctrl;       /* event with control-character references replaced */
    size_t ctrl_cap;
    char *value;               /* a value with placeholders mapped back */
    size_t value_cap;
    bool has_ctrl;             /* the current event had such references */
    xml_lenient lenient;       /* second chance for malformed events */
    bool use_lenient;          /* --lenient: deliver what the second chance reads */
    const input_options *opt;  /* pushdown for the pre-filter; may be NULL */
    winevent *we;
    record rec;                /* the event handed to fn, reused */
} xml_reader;

/* ---- expat callbacks into winevent ---- */

static void on_start(void *ud, const XML_Char *el, const XML_Char **attrs)
{
    xml_reader *r = ud;
    winevent_open(r->we, el, strlen(el));
    for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2) {
        size_t len = strlen(attrs[i + 1]);
        const char *v = attrs[i + 1];
        if (r->has_ctrl)
            v = xml_ctrlref_decode(v, len, &r->value, &r->value_cap, &len);
        winevent_attr(r->we, attrs[i], strlen(attrs[i]), v, len);
    }
}

/* Expat reports no bytes for the end of an empty-element tag <X/>; an explicit
 * </X> is passed on as an empty text piece so _raw keeps <X></X>. */
static void on_end(void *ud, const XML_Char *el)
{
    (void)el;
    xml_reader *r = ud;
    if (XML_GetCurrentByteCount(r->parser) > 0)
        winevent_text(r->we, "", 0);
    winevent_close(r->we);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    xml_reader *r = ud;
    size_t n = (size_t)len;
    if (len <= 0)
        return;
    if (r->has_ctrl)
        s = xml_ctrlref_decode(s, n, &r->value, &r->value_cap, &n);
    winevent_text(r->we, s, n);
}

/* An event the pushdown rejected: read, but never built. */
static void count_prefiltered(xml_reader *r)
{
    r->st->events++;
    r->st->prefiltered++;
}

/* Parses one event span the pre-filter let through and hands the record to fn. */
static void build_event(xml_reader *r, const unsigned char *data, size_t len,
                        unsigned long line)
{
    XML_ParserReset(r->parser, "UTF-8");
    if (r->salt)
        XML_SetHashSalt(r->parser, r->salt);
    XML_SetUserData(r->parser, r);
    XML_SetElementHandler(r->parser, on_start, on_end);
    XML_SetCharacterDataHandler(r->parser, on_text);
    winevent_begin(r->we);
    const char *why = NULL;
    size_t ctrl_len;
    r->has_ctrl = xml_ctrlref_encode(data, len, &r->ctrl, &r->ctrl_cap, &ctrl_len);
    const unsigned char *text = r->has_ctrl ? r->ctrl : data;
    size_t text_len = r->has_ctrl ? ctrl_len : len;
    if (XML_Parse(r->parser, (const char *)text, (int)text_len, 1) == XML_STATUS_ERROR) {
        const char *msg = XML_ErrorString(XML_GetErrorCode(r->parser));
        r->st->bad_events++;
        if (!r->use_lenient) {
            tr_warn("%s:%lu: malformed event skipped: %s", r->name, line, msg);
            return;
        }
        winevent_begin(r->we);
        xml_lenient_parse(&r->lenient, (const char *)data, len, r->we);
        if (winevent_end(r->we, &r->rec, &why) < 0) {
            tr_warn("%s:%lu: malformed event: %s", r->name, line, msg);
            return;
        }
        tr_warn("%s:%lu: malformed event: %s (fields read leniently)", r->name, line, msg);
    } else if (winevent_end(r->we, &r->rec, &why) < 0) {
        tr_warn("%s:%lu: malformed event: %s", r->name, line, why);
        r->st->bad_events++;
        return;
    }
    r->st->events++;
    if (r->fn(r->ctx, &r->rec))
        r->stop = true;
}

/* Parses one event span and hands the record to fn. */
static void parse_event(xml_reader *r, const unsigned char *data, size_t len,
                        unsigned long line)
{
    if (!xml_prefilter_may_match(r->opt, (const char *)data, len))
        count_prefiltered(r);
    else
        build_event(r, data, len, line);
}

/* An event span without its </Event> (cut by the next <Event> or the end of the
 * input): trailing layout is not part of its last value. */
static void parse_unterminated(xml_reader *r, size_t start, size_t end)
{
    while (end > start && (r->buf[end - 1] == '\n' || r->buf[end - 1] == '\r' ||
                           r->buf[end - 1] == ' ' || r->buf[end - 1] == '\t'))
        end--;
    parse_event(r, r->buf + start, end - start, r->ev_line);
}

static void report_too_big(xml_reader *r, unsigned long line)
{
    tr_warn("%s:%lu: event larger than %u MiB, skipped", r->name, line,
            XML_READER_MAX_EVENT >> 20);
    r->st->bad_events++;
}

/* ---- the span scanner ---- */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool has_prefix(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n <= l ? memcmp(s, lit, n) == 0 : memcmp(s, lit, l) == 0;
}

/* A tag ended at buf[end-1] ('>'): apply its effect on the event span. */
static void tag_done(xml_reader *r, size_t end)
{
    bool self_close = r->last == '/';
    r->state = S_TEXT;
    if (r->tkind == T_EV_OPEN) {
        if (r->depth > 0) {   /* the previous event never closed */
            if (!r->skipping)
                parse_unterminated(r, r->ev_start, r->tag_start);
            r->depth = 0;
            if (r->stop)
                return;
        }
        r->ev_start = r->tag_start;
        r->ev_line = r->tag_line;
        r->skipping = r->tag_dropped;
        r->depth = 1;
        if (r->skipping)
            report_too_big(r, r->ev_line);
        if (!self_close)
            goto out;
    } else if (r->tkind != T_EV_CLOSE || r->depth == 0) {
        goto out;   /* any other tag, or a stray </Event> */
    }
    r->depth = 0;
    if (r->skipping)
        r->skipping = false;
    else if (end - r->ev_start > XML_READER_MAX_EVENT)
        report_too_big(r, r->ev_line);
    else
        parse_event(r, r->buf + r->ev_start, end - r->ev_start, r->ev_line);
out:
    r->tag_dropped = false;
}

/* Starts a tag at buf[i] ('<'). */
static void tag_begin(xml_reader *r, size_t i)
{
    r->state = S_LT;
    r->mlen = 0;
    r->tag_start = i;
    r->tag_line = r->line;
    r->tag_dropped = false;
    r->quote = 0;
    r->last = 0;
}

/* The name collected in S_LT ended: decide what the tag is. */
static void name_done(xml_reader *r)
{
    r->tkind = T_OTHER;
    if (r->mlen == 5 && memcmp(r->mbuf, "Event", 5) == 0)
        r->tkind = T_EV_OPEN;
    else if (r->mlen == 6 && memcmp(r->mbuf, "/Event", 6) == 0)
        r->tkind = T_EV_CLOSE;
    r->state = S_TAG;
}

static size_t count_lines(const unsigned char *b, size_t from, size_t to)
{
    size_t n = 0;
    for (const unsigned char *nl = memchr(b + from, '\n', to - from); nl;
         nl = memchr(nl + 1, '\n', (size_t)(b + to - nl - 1)))
        n++;
    return n;
}

/* Inside an event only two tags matter: </Event> and a new <Event (the current one
 * was cut short). Tags are visited with memchr for '<' instead of byte by byte; a
 * comment, CDATA section, processing instruction or <Event start hands over to the
 * slow scanner, which knows their rules. Returns the index to go on from (i when the
 * slow scanner must look at what comes next). */
static size_t skip_event_body(xml_reader *r, size_t i)
{
    const unsigned char *b = r->buf;
    size_t len = r->len;
    size_t at = i;
    for (;;) {
        const unsigned char *lt = memchr(b + at, '<', len - at);
        /* Stop short of a tag whose first bytes have not all arrived yet. */
        if (!lt || (size_t)(lt - b) + 8 > len) {
            size_t upto = lt ? (size_t)(lt - b) : len;
            r->line += count_lines(b, i, upto);
            return upto;
        }
        size_t k = (size_t)(lt - b);
        const unsigned char *t = lt + 1;
        if (t[0] == '!' || t[0] == '?') {
            r->line += count_lines(b, i, k);
            return k;
        }
        if (memcmp(t, "/Event>", 7) == 0) {
            size_t end = k + 8;
            r->line += count_lines(b, i, end);
            r->tag_start = k;
            r->tkind = T_EV_CLOSE;
            r->last = '>';
            tag_done(r, end);
            return end;
        }
        if (memcmp(t, "Event", 5) == 0 && (is_space(t[5]) || t[5] == '>' || t[5] == '/')) {
            r->line += count_lines(b, i, k);
            return k;
        }
        if (t[0] == '/' && memcmp(t + 1, "Event", 5) == 0 && t[6] != '>' && !isalnum(t[6])) {
            r->line += count_lines(b, i, k);   /* "</Event >": the slow scanner's job */
            return k;
        }
        at = k + 1;
    }
}

/* Events written one per line, the first starting at buf[i] ('<') outside any
 * event: the pre-filter's walk finds each one's end and verdict at once, and the
 * next line is taken straight when it starts with an event too. Returns the index
 * to go on from; *irregular when the event there is the byte scanner's to cut
 * (see xml_prefilter_span). */
static size_t line_events(xml_reader *r, size_t i, bool *irregular)
{
    const unsigned char *b = r->buf;
    *irregular = false;
    for (;;) {
        if (r->len - i < 7 || memcmp(b + i + 1, "Event", 5) != 0 ||
            !(is_space(b[i + 6]) || b[i + 6] == '>')) {
            *irregular = true;
            return i;
        }
        if (r->nl == SIZE_MAX || r->nl < i) {
            const unsigned char *nl = memchr(b + i, '\n', r->len - i);
            r->nl = nl ? (size_t)(nl - b) : r->len;
        }
        size_t span;
        int v = xml_prefilter_span(r->opt, (const char *)b + i, r->nl - i, &span);
        if (v == XML_SPAN_IRREGULAR) {
            *irregular = true;
            return i;
        }
        if (span > XML_READER_MAX_EVENT)
            report_too_big(r, r->line);
        else if (v == XML_SPAN_DROP)
            count_prefiltered(r);
        else
            build_event(r, b + i, span, r->line);
        i += span;
        size_t j = i + (i < r->len && b[i] == '\r');
        if (r->stop || r->len - j < 2 || b[j] != '\n' || b[j + 1] != '<')
            return i;
        r->line++;
        i = j + 1;
    }
}

/* Scans buf[pos..len), stopping early when fn asks to stop. */
static void scan(xml_reader *r)
{
    const unsigned char *b = r->buf;
    size_t i = r->pos;
    r->nl = SIZE_MAX;
    while (i < r->len && !r->stop) {
        if (r->state == S_TEXT && r->depth > 0 && !r->skipping) {
            size_t next = skip_event_body(r, i);
            if (next != i) {
                i = next;
                continue;
            }
        }
        if (r->state == S_TEXT) {
            /* Fast path: jump to the next '<', counting lines on the way. */
            const unsigned char *lt = memchr(b + i, '<', r->len - i);
            size_t stop_at = lt ? (size_t)(lt - b) : r->len;
            for (const unsigned char *nl = memchr(b + i, '\n', stop_at - i); nl;
                 nl = memchr(nl + 1, '\n', (size_t)(b + stop_at - nl - 1)))
                r->line++;
            i = stop_at;
            if (!lt)
                break;
            if (r->depth == 0) {
                bool irregular;
                i = line_events(r, i, &irregular);
                if (!irregular)
                    continue;
            }
            tag_begin(r, i);
            i++;
            continue;
        }
        unsigned char c = b[i];
        switch (r->state) {
        case S_LT:
            if (c == '<') {
                tag_begin(r, i);
                break;
            }
            if (r->mlen == 0 && c == '?') {
                r->state = S_PI;
                r->match = 0;
                break;
            }
            if (r->mlen > 0 && r->mbuf[0] == '!') {
                if (r->mlen < MBUF_MAX)
                    r->mbuf[r->mlen++] = (char)c;
                if (r->mlen == 3 && memcmp(r->mbuf, "!--", 3) == 0) {
                    r->state = S_COMMENT;
                    r->match = 0;
                } else if (r->mlen == 8 && memcmp(r->mbuf, "![CDATA[", 8) == 0) {
                    r->state = S_CDATA;
                    r->match = 0;
                } else if (!has_prefix(r->mbuf, r->mlen, "!--") &&
                           !has_prefix(r->mbuf, r->mlen, "![CDATA[")) {
                    r->tkind = T_OTHER;   /* <!DOCTYPE ...> and the like */
                    r->state = S_TAG;
                    if (c == '>')
                        tag_done(r, i + 1);
                }
                break;
            }
            if (is_space(c) || c == '>' || (c == '/' && r->mlen > 0)) {
                name_done(r);
                if (c == '>') {
                    tag_done(r, i + 1);
                } else if (c == '/') {
                    r->last = '/';
                }
                break;
            }
            if (r->mlen < MBUF_MAX)
                r->mbuf[r->mlen++] = (char)c;
            else
                r->mbuf[0] = '#';   /* too long to be (/)Event: never matches */
            break;
        case S_TAG:
            if (c == '<') {
                /* '<' is illegal inside a tag, even quoted: resynchronise here. */
                tag_begin(r, i);
                break;
            }
            if (r->quote) {
                if (c == (unsigned char)r->quote)
                    r->quote = 0;
                break;
            }
            if (c == '"' || c == '\'') {
                r->quote = (char)c;
                r->last = (char)c;
            } else if (c == '>') {
                tag_done(r, i + 1);
            } else if (!is_space(c)) {
                r->last = (char)c;
            }
            break;
        case S_COMMENT:
            if (c == '>' && r->match >= 2)
                r->state = S_TEXT;
            else
                r->match = c == '-' ? r->match + 1 : 0;
            break;
        case S_CDATA:
            if (c == '>' && r->match >= 2)
                r->state = S_TEXT;
            else
                r->match = c == ']' ? r->match + 1 : 0;
            break;
        case S_PI:
            if (c == '>' && r->match)
                r->state = S_TEXT;
            else
                r->match = c == '?';
            break;
        case S_TEXT:
            break;
        }
        if (c == '\n')
            r->line++;
        i++;
    }
    r->pos = i;
}

/* Drops bytes no longer needed, enforcing the event cap. */
static void compact(xml_reader *r)
{
    bool in_tag = r->state == S_LT || r->state == S_TAG;
    if (r->depth > 0 && !r->skipping && r->len - r->ev_start > XML_READER_MAX_EVENT) {
        report_too_big(r, r->ev_line);
        r->skipping = true;
    }
    if (r->depth == 0 && in_tag && !r->tag_dropped &&
        r->len - r->tag_start > XML_READER_MAX_EVENT)
        r->tag_dropped = true;

    size_t keep = r->pos;
    if (r->depth > 0 && !r->skipping)
        keep = r->ev_start;
    else if (r->depth == 0 && in_tag && !r->tag_dropped)
        keep = r->tag_start;
    if (r->direct) {
        /* The block goes back to its owner: what is still needed moves in. */
        XGROW(r->held, r->cap, r->len - keep);
        memcpy(r->held, r->buf + keep, r->len - keep);
        r->buf = r->held;
        r->direct = false;
    } else if (keep == 0) {
        return;
    } else {
        memmove(r->held, r->held + keep, r->len - keep);
    }
    r->len -= keep;
    r->pos -= keep;
    r->ev_start = r->ev_start >= keep ? r->ev_start - keep : 0;
    r->tag_start = r->tag_start >= keep ? r->tag_start - keep : 0;
}

/* Appends data to the held bytes and scans them. */
static void feed_held(xml_reader *r, const unsigned char *data, size_t n)
{
    XGROW(r->held, r->cap, r->len + n);
    memcpy(r->held + r->len, data, n);
    r->buf = r->held;
    r->len += n;
    scan(r);
    compact(r);
}

static void feed_utf8(xml_reader *r, const unsigned char *data, size_t n)
{
    if (n == 0)
        return;
    if (r->len > 0) {
        /* An event (or tag) left unfinished by the last block most often ends on
         * its line: finish it there, then scan the rest of the block in place. */
        const unsigned char *nl = memchr(data, '\n', n);
        size_t k = nl ? (size_t)(nl - data) + 1 : n;
        feed_held(r, data, k);
        data += k;
        n -= k;
        if (n == 0 || r->stop)
            return;
        if (r->len > 0) {   /* an event over several lines */
            feed_held(r, data, n);
            return;
        }
    }
    r->buf = data;
    r->len = n;
    r->pos = 0;
    r->direct = true;
    scan(r);
    compact(r);
}

/* Appends code point cp as UTF-8 to out. */
static size_t put_utf8(unsigned char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Byte k of the logical input pend + data. */
static unsigned char byte_at(const xml_reader *r, const unsigned char *data, size_t k)
{
    return k < r->npend ? r->pend[k] : data[k - r->npend];
}

static unsigned unit_at(const xml_reader *r, const unsigned char *data, size_t k)
{
    unsigned a = byte_at(r, data, k), b = byte_at(r, data, k + 1);
    return r->utf16 == 1 ? a | b << 8 : a << 8 | b;
}

/* UTF-16 to UTF-8; an unpaired surrogate becomes U+FFFD. A unit or pair split
 * across blocks waits in r->pend. */
static void feed_utf16(xml_reader *r, const unsigned char *data, size_t n)
{
    size_t total = r->npend + n;
    size_t need = total / 2 * 3 + 8;
    if (r->conv_cap < need) {
        r->conv = xrealloc(r->conv, need);
        r->conv_cap = need;
    }
    size_t o = 0, k = 0;
    while (total - k >= 2) {
        unsigned u = unit_at(r, data, k);
        size_t used = 2;
        if (u >= 0xD800 && u < 0xDC00) {
            if (total - k < 4)
                break;
            unsigned lo = unit_at(r, data, k + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                used = 4;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xDC00 && u < 0xE000) {
            u = 0xFFFD;
        }
        o += put_utf8(r->conv + o, u);
        k += used;
    }
    unsigned char rest[4];
    size_t nrest = total - k;
    for (size_t j = 0; j < nrest; j++)
        rest[j] = byte_at(r, data, k + j);
    memcpy(r->pend, rest, nrest);
    r->npend = nrest;
    feed_utf8(r, r->conv, o);
}

static void feed(xml_reader *r, const unsigned char *data, size_t n)
{
    if (r->utf16)
        feed_utf16(r, data, n);
    else
        feed_utf8(r, data, n);
}

/* Sets up r; the first bytes decide UTF-16 (BOM) and are consumed here. */
static void reader_init(xml_reader *r, const char *name, const input_options *opt,
                        input_event_fn fn, void *ctx, input_stats *st)
{
    memset(r, 0, sizeof *r);
    r->name = name;
    r->fn = fn;
    r->ctx = ctx;
    r->st = st;
    r->line = 1;
    r->state = S_TEXT;
    XGROW(r->held, r->cap, 4096);   /* never NULL, so buf + 0 is always defined */
    r->buf = r->held;
    r->use_lenient = opt && opt->lenient;
    r->opt = opt;
    winevent_options wo = { opt ? opt->source : NULL, opt ? opt->sourcetype : NULL,
                            opt ? opt->fields : NULL, false };
    r->we = winevent_new(&wo);
    r->parser = XML_ParserCreate("UTF-8");
    if (!r->parser)
        xmalloc((size_t)-1);   /* expat only fails on out of memory: abort as xmalloc */
    if (getentropy(&r->salt, sizeof r->salt) != 0)
        r->salt = 0;
    record_init(&r->rec);
}

static void reader_free(xml_reader *r)
{
    if (r->parser)
        XML_ParserFree(r->parser);
    winevent_free(r->we);
    xml_lenient_free(&r->lenient);
    record_free(&r->rec);
    free(r->held);
    free(r->conv);
    free(r->ctrl);
    free(r->value);
}

/* Looks at the first bytes for a byte order mark; returns how many to skip. */
static size_t detect_bom(xml_reader *r, const unsigned char *d, size_t n)
{
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        return 3;
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
        r->utf16 = 1;
        return 2;
    }
    if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
        r->utf16 = 2;
        return 2;
    }
    /* No BOM but "<\0" or "\0<": UTF-16 all the same. */
    if (n >= 2 && d[0] == '<' && d[1] == 0)
        r->utf16 = 1;
    else if (n >= 2 && d[0] == 0 && d[1] == '<')
        r->utf16 = 2;
    return 0;
}

/* feed() for fdpump, which knows readers only as void pointers. */
static void feed_block(void *reader, const unsigned char *data, size_t n)
{
    feed(reader, data, n);
}

static int finish(xml_reader *r)
{
    if (!r->stop && r->depth > 0 && !r->skipping) {
        if (r->len - r->ev_start > XML_READER_MAX_EVENT)
            report_too_big(r, r->ev_line);
        else
            parse_unterminated(r, r->ev_start, r->len);
    }
    return r->stop ? 1 : 0;
}

int xml_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                           const input_options *opt, input_event_fn fn, void *ctx,
                           input_stats *st)
{
    xml_reader r;
    reader_init(&r, name, opt, fn, ctx, st);
    size_t off = detect_bom(&r, data, len);
    while (off < len && !r.stop) {
        size_t n = len - off < XML_BLOCK ? len - off : XML_BLOCK;
        feed(&r, data + off, n);
        off += n;
    }
    int rc = finish(&r);
    reader_free(&r);
    return rc;
}

int xml_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                       size_t prefix_len, const input_options *opt, input_event_fn fn,
                       void *ctx, input_stats *st)
{
    xml_reader r;
    reader_init(&r, name, opt, fn, ctx, st);
    size_t skip = detect_bom(&r, prefix, prefix_len);
    if (prefix_len > skip)
        feed(&r, prefix + skip, prefix_len - skip);
    fdpump_read(name, fd, XML_BLOCK, feed_block, &r, &r.stop, st);
    int rc = finish(&r);
    reader_free(&r);
    return rc;
}
