/* winevent.c - one Windows event from open/attr/text/close callbacks: the Splunk
 * Add-on for Windows field set of DESIGN.md, and `_raw` re-rendered as one
 * XmlWinEventLog line. Values are collected in reusable scratch buffers while the
 * callbacks arrive and copied into the record, in a fixed order, at winevent_end().
 *
 * Field order of the record (outputs use it as column order):
 *   _time EventCode EventID Qualifiers Name Guid EventSourceName Version Level Task
 *   Opcode Keywords SystemTime EventRecordID RecordNumber ActivityID RelatedActivityID
 *   ProcessID ThreadID Channel Computer <System/Security attributes, e.g. UserID>
 *   <EventData/Data[@Name], unnamed Data (multivalue `Data`), Binary, UserData and
 *    ProcessingErrorData leaves, in document order>
 *   Message System_Props_Xml EventData_Xml UserData_Xml
 *   source sourcetype host _raw <classic fields (message.c)>
 *   <the add-on's computed fields: signature_id, event_id, dest, user, ... (ta_windows.c)>
 * Rules Splunk follows and so do we: a field is never created for an empty value
 * (an empty <Data Name='X'/> gives no X, an empty unnamed Data adds no `Data` value);
 * a name seen twice becomes multivalue. Leading underscores are stripped from
 * EventData/UserData names (as Splunk's CLEAN_KEYS) so events cannot forge `_time`
 * or `_raw`. UserData leaves give a field per leaf element with text; their
 * attributes give none (Splunk's CAPI2 data source lists none of them).
 * An element closed with no winevent_text() call renders as <X/>; one that got
 * a text call, even of zero bytes, as <X></X> (how readers pass an explicit end
 * tag or an empty substitution value). */
#include "winevent.h"

#include "message.h"
#include "projection.h"
#include "sourcetype.h"
#include "ta_windows.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../util/timefmt.h"
#include "../util/xmalloc.h"

/* Nesting deeper than this is dropped (and counted); Windows events use about 6. */
#define WINEVENT_MAX_DEPTH 64

/* What an element means for field extraction, decided from its name and parent. */
enum kind {
    K_OTHER,        /* no field; only rendered in _raw */
    K_EVENT,        /* the <Event> root */
    K_SYSTEM,
    K_SYSTEXT,      /* System child whose text is a slot (Version, Level, ...) */
    K_PROVIDER,
    K_EVENTID,
    K_TIMECREATED,
    K_CORRELATION,
    K_EXECUTION,
    K_SECURITY,
    K_EVENTDATA,
    K_DATA,         /* EventData/Data */
    K_BINARY,       /* EventData/Binary */
    K_USERDATA,     /* UserData or ProcessingErrorData: leaves become fields */
    K_UDNODE,       /* any element below K_USERDATA */
    K_RENDER,       /* RenderingInfo */
    K_MESSAGE,      /* RenderingInfo/Message */
};

/* System values, ORDER SLOTS: same order as slot_names[]. */
enum slot {
    SL_EVENTID, SL_QUALIFIERS, SL_NAME, SL_GUID, SL_ESN, SL_VERSION, SL_LEVEL,
    SL_TASK, SL_OPCODE, SL_KEYWORDS, SL_SYSTEMTIME, SL_RECORDID, SL_ACTIVITYID,
    SL_RELACTIVITYID, SL_PROCESSID, SL_THREADID, SL_CHANNEL, SL_COMPUTER,
    SL_MESSAGE, SL_COUNT
};

/* A System child element whose text fills a slot. */
static const struct { const char *name; enum kind kind; int slot; } system_children[] = {
    { "Provider",      K_PROVIDER,    -1 },
    { "EventID",       K_EVENTID,     SL_EVENTID },
    { "Version",       K_SYSTEXT,     SL_VERSION },
    { "Level",         K_SYSTEXT,     SL_LEVEL },
    { "Task",          K_SYSTEXT,     SL_TASK },
    { "Opcode",        K_SYSTEXT,     SL_OPCODE },
    { "Keywords",      K_SYSTEXT,     SL_KEYWORDS },
    { "TimeCreated",   K_TIMECREATED, -1 },
    { "EventRecordID", K_SYSTEXT,     SL_RECORDID },
    { "Correlation",   K_CORRELATION, -1 },
    { "Execution",     K_EXECUTION,   -1 },
    { "Channel",       K_SYSTEXT,     SL_CHANNEL },
    { "Computer",      K_SYSTEXT,     SL_COMPUTER },
    { "Security",      K_SECURITY,    -1 },
};

/* An attribute of a System element that fills a slot. */
static const struct { enum kind kind; const char *attr; int slot; } system_attrs[] = {
    { K_PROVIDER,    "Name",              SL_NAME },
    { K_PROVIDER,    "Guid",              SL_GUID },
    { K_PROVIDER,    "EventSourceName",   SL_ESN },
    { K_EVENTID,     "Qualifiers",        SL_QUALIFIERS },
    { K_TIMECREATED, "SystemTime",        SL_SYSTEMTIME },
    { K_CORRELATION, "ActivityID",        SL_ACTIVITYID },
    { K_CORRELATION, "RelatedActivityID", SL_RELACTIVITYID },
    { K_EXECUTION,   "ProcessID",         SL_PROCESSID },
    { K_EXECUTION,   "ThreadID",          SL_THREADID },
};

/* The System part of the record, in record order: a field name and the slot it
 * comes from (several names share one slot: EventCode and EventID, ...). */
static const struct { const char *field; int slot; } system_fields[] = {
    { "EventCode",         SL_EVENTID },
    { "EventID",           SL_EVENTID },
    { "Qualifiers",        SL_QUALIFIERS },
    { "Name",              SL_NAME },
    { "Guid",              SL_GUID },
    { "EventSourceName",   SL_ESN },
    { "Version",           SL_VERSION },
    { "Level",             SL_LEVEL },
    { "Task",              SL_TASK },
    { "Opcode",            SL_OPCODE },
    { "Keywords",          SL_KEYWORDS },
    { "SystemTime",        SL_SYSTEMTIME },
    { "EventRecordID",     SL_RECORDID },
    { "RecordNumber",      SL_RECORDID },
    { "ActivityID",        SL_ACTIVITYID },
    { "RelatedActivityID", SL_RELACTIVITYID },
    { "ProcessID",         SL_PROCESSID },
    { "ThreadID",          SL_THREADID },
    { "Channel",           SL_CHANNEL },
    { "Computer",          SL_COMPUTER },
};

/* A slice of w->vbuf. */
typedef struct span {
    size_t off;
    size_t len;
} span;

/* Which list a name/value pair belongs to. */
enum group { G_SECURITY, G_EVENTDATA };

typedef struct pair {
    enum group group;
    span name;
    span value;
} pair;

typedef struct frame {
    enum kind kind;
    int slot;            /* K_SYSTEXT/K_EVENTID: slot its text fills, else -1 */
    size_t name_off;     /* element name in nbuf (for the closing tag) */
    size_t name_len;
    size_t text_start;   /* this element's pending text starts here in tbuf */
    bool has_child;      /* an element child was opened: text is not a value */
    bool tag_open;       /* "<name attrs" written to _raw, '>' not yet */
    bool has_dname;      /* K_DATA: a Name attribute was given */
    bool had_text;       /* winevent_text was called, even with "": <X></X> */
    span dname;          /* K_DATA: the Name attribute, in vbuf */
    size_t inner_start;  /* _raw offset after '>' (System/EventData/UserData) */
} frame;

struct winevent {
    winevent_options opt;  /* strings not owned */
    const projection *fields; /* NULL: every field */
    ta_windows *ta;        /* the add-on's computed fields this run reads */
    bool raw_off;          /* nothing reads _raw or the *_Xml fields: not rendered */
    frame stack[WINEVENT_MAX_DEPTH];
    int depth;             /* frames in stack */
    int skip;              /* open elements being ignored beyond the depth limit */
    unsigned long too_deep;/* elements ignored over the builder's life (diagnostics) */
    bool saw_root;         /* an element was opened at depth 0 */
    bool root_is_event;
    bool saw_system;
    bool multi_root;       /* a second top-level element arrived */

    char *rbuf;  size_t rlen, rcap;   /* _raw being rendered */
    char *tbuf;  size_t tlen, tcap;   /* pending text of the open elements */
    char *nbuf;  size_t nlen, ncap;   /* names of the open elements */
    char *vbuf;  size_t vlen, vcap;   /* slot values, pair names and values */
    pair *pairs; size_t npairs, pcap;
    span slots[SL_COUNT];
    bool slot_set[SL_COUNT];
    span xml_system, xml_eventdata, xml_userdata;  /* inner XML, in rbuf */
    bool has_xml_system, has_xml_eventdata, has_xml_userdata;
};

winevent *winevent_new(const winevent_options *opt)
{
    winevent *w = xcalloc(1, sizeof *w);
    if (opt)
        w->opt = *opt;
    const projection *pf = w->opt.fields;
    static const char *const classic[] = { "Message", "ComputerName", "user_id", "OpCode" };
    for (size_t i = 0; i < sizeof classic / sizeof classic[0] && pf; i++)
        if (projection_wants(pf, classic[i], strlen(classic[i])))
            pf = NULL;
    w->fields = pf;
    w->ta = ta_windows_new(pf);
    w->raw_off = pf && !projection_wants(pf, "_raw", 4) &&
                 !projection_wants(pf, "System_Props_Xml", 16) &&
                 !projection_wants(pf, "EventData_Xml", 13) &&
                 !projection_wants(pf, "UserData_Xml", 12);
    /* Never NULL, so "buf + offset" is always defined. */
    XGROW(w->rbuf, w->rcap, 4096);
    XGROW(w->tbuf, w->tcap, 1024);
    XGROW(w->nbuf, w->ncap, 256);
    XGROW(w->vbuf, w->vcap, 2048);
    winevent_begin(w);
    return w;
}

void winevent_free(winevent *w)
{
    if (!w)
        return;
    free(w->rbuf);
    free(w->tbuf);
    free(w->nbuf);
    free(w->vbuf);
    free(w->pairs);
    ta_windows_free(w->ta);
    free(w);
}

void winevent_begin(winevent *w)
{
    w->depth = 0;
    w->skip = 0;
    w->saw_root = w->root_is_event = w->saw_system = w->multi_root = false;
    w->rlen = w->tlen = w->nlen = w->vlen = 0;
    w->npairs = 0;
    memset(w->slot_set, 0, sizeof w->slot_set);
    w->has_xml_system = w->has_xml_eventdata = w->has_xml_userdata = false;
}

/* ---- growable byte buffers ---- */

static void buf_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (n == 0)
        return;
    /* s may point into *buf itself (a name copied within vbuf): keep its offset. */
    bool inside = *buf && s >= *buf && s < *buf + *len;
    size_t off = inside ? (size_t)(s - *buf) : 0;
    XGROW(*buf, *cap, *len + n);
    if (inside)
        s = *buf + off;
    memcpy(*buf + *len, s, n);
    *len += n;
}

static void raw_put(winevent *w, const char *s, size_t n)
{
    if (w->raw_off)
        return;
    buf_put(&w->rbuf, &w->rlen, &w->rcap, s, n);
}

static void raw_puts(winevent *w, const char *s)
{
    raw_put(w, s, strlen(s));
}

/* Escapes for _raw: text needs & < > (as Windows renders it); attributes are
 * single-quoted, so also ', and whitespace that attribute normalisation would
 * otherwise turn into spaces. Other C0 controls, which XML 1.0 forbids raw, become
 * character references as EVTX renderers write them (xml_ctrlref.h reads them back). */
static void raw_escaped(winevent *w, const char *s, size_t n, bool attr)
{
    if (w->raw_off)
        return;
    size_t run = 0;
    char ctrl[8];
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = attr ? NULL : "&gt;"; break;
        case '\'': rep = attr ? "&apos;" : NULL; break;
        case '\r': rep = "&#xD;"; break;
        case '\n': rep = attr ? "&#xA;" : NULL; break;
        case '\t': rep = attr ? "&#x9;" : NULL; break;
        default:
            if ((unsigned char)s[i] < 0x20) {
                snprintf(ctrl, sizeof ctrl, "&#x%X;", (unsigned)(unsigned char)s[i]);
                rep = ctrl;
            }
            break;
        }
        if (!rep)
            continue;
        raw_put(w, s + run, i - run);
        raw_puts(w, rep);
        run = i + 1;
    }
    raw_put(w, s + run, n - run);
}

static span vbuf_put(winevent *w, const char *s, size_t n)
{
    span sp = { w->vlen, n };
    buf_put(&w->vbuf, &w->vlen, &w->vcap, s, n);
    return sp;
}

static void set_slot(winevent *w, int slot, const char *s, size_t n)
{
    w->slots[slot] = vbuf_put(w, s, n);
    w->slot_set[slot] = true;
}

static void add_pair(winevent *w, enum group g, span name, span value)
{
    XGROW(w->pairs, w->pcap, w->npairs + 1);
    w->pairs[w->npairs++] = (pair){ g, name, value };
}

/* A Data/UserData name as a field name (winevent_name_keeps). Returns a new span in
 * vbuf, possibly empty. */
static span clean_name(winevent *w, const char *s, size_t n)
{
    size_t lead = winevent_name_lead(s, n);
    span sp = vbuf_put(w, s + lead, n - lead);
    for (size_t k = 0; k < sp.len; k++)
        if (!winevent_name_keeps((unsigned char)w->vbuf[sp.off + k]))
            w->vbuf[sp.off + k] = '_';
    return sp;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

static bool name_is(const char *s, size_t n, const char *lit)
{
    /* The first byte settles most of the table lookups, before strlen/memcmp. */
    return n && s[0] == lit[0] && strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* ---- callbacks ---- */

/* Ends the start tag of the innermost element with '>' and writes its pending
 * text, before a child is rendered. Whitespace-only text between elements is
 * layout (pretty-printed input) and is dropped. */
static void flush_parent(winevent *w)
{
    frame *p = &w->stack[w->depth - 1];
    if (p->tag_open) {
        raw_put(w, ">", 1);
        p->tag_open = false;
        if (p->kind == K_SYSTEM || p->kind == K_EVENTDATA || p->kind == K_USERDATA)
            p->inner_start = w->rlen;
    }
    const char *t = w->tbuf + p->text_start;
    size_t tn = w->tlen - p->text_start;
    if (!all_space(t, tn))
        raw_escaped(w, t, tn, false);
    w->tlen = p->text_start;
    p->has_child = true;
}

static void classify(winevent *w, frame *f, const char *local, size_t n)
{
    f->kind = K_OTHER;
    f->slot = -1;
    if (w->depth == 0) {
        if (name_is(local, n, "Event"))
            f->kind = K_EVENT;
        return;
    }
    enum kind parent = w->stack[w->depth - 1].kind;
    switch (parent) {
    case K_EVENT:
        if (name_is(local, n, "System"))
            f->kind = K_SYSTEM;
        else if (name_is(local, n, "EventData"))
            f->kind = K_EVENTDATA;
        else if (name_is(local, n, "UserData") || name_is(local, n, "ProcessingErrorData"))
            f->kind = K_USERDATA;
        else if (name_is(local, n, "RenderingInfo"))
            f->kind = K_RENDER;
        break;
    case K_SYSTEM:
        for (size_t i = 0; i < sizeof system_children / sizeof system_children[0]; i++)
            if (name_is(local, n, system_children[i].name)) {
                f->kind = system_children[i].kind;
                f->slot = system_children[i].slot;
                break;
            }
        break;
    case K_EVENTDATA:
        if (name_is(local, n, "Data"))
            f->kind = K_DATA;
        else if (name_is(local, n, "Binary"))
            f->kind = K_BINARY;
        break;
    case K_USERDATA:
    case K_UDNODE:
        f->kind = K_UDNODE;
        break;
    case K_RENDER:
        if (name_is(local, n, "Message"))
            f->kind = K_MESSAGE;
        break;
    default:
        break;
    }
}

void winevent_open(winevent *w, const char *name, size_t len)
{
    if (w->skip || w->depth == WINEVENT_MAX_DEPTH) {
        w->skip++;
        w->too_deep++;
        return;
    }
    if (w->depth == 0) {
        if (w->saw_root)
            w->multi_root = true;
        w->saw_root = true;
    } else {
        flush_parent(w);
    }
    const char *colon = memchr(name, ':', len);
    const char *local = colon ? colon + 1 : name;
    size_t local_len = len - (size_t)(local - name);

    frame *f = &w->stack[w->depth];
    classify(w, f, local, local_len);
    if (w->depth == 0)
        w->root_is_event = f->kind == K_EVENT;
    if (f->kind == K_SYSTEM)
        w->saw_system = true;
    f->name_off = w->nlen;
    f->name_len = len;
    buf_put(&w->nbuf, &w->nlen, &w->ncap, name, len);
    f->text_start = w->tlen;
    f->has_child = false;
    f->tag_open = true;
    f->has_dname = false;
    f->had_text = false;
    f->inner_start = 0;
    w->depth++;

    raw_put(w, "<", 1);
    raw_put(w, name, len);
}

void winevent_attr(winevent *w, const char *name, size_t name_len, const char *value,
                   size_t value_len)
{
    if (w->skip || w->depth == 0)
        return;
    frame *f = &w->stack[w->depth - 1];
    if (!f->tag_open)
        return;   /* misuse: attribute after content; keep _raw well-formed */
    raw_put(w, " ", 1);
    raw_put(w, name, name_len);
    raw_put(w, "='", 2);
    raw_escaped(w, value, value_len, true);
    raw_put(w, "'", 1);

    switch (f->kind) {
    case K_DATA:
        if (name_is(name, name_len, "Name")) {
            f->dname = vbuf_put(w, value, value_len);
            f->has_dname = true;
        }
        return;
    case K_SECURITY:
        if (value_len)
            add_pair(w, G_SECURITY, vbuf_put(w, name, name_len), vbuf_put(w, value, value_len));
        return;
    default:
        break;
    }
    for (size_t i = 0; i < sizeof system_attrs / sizeof system_attrs[0]; i++)
        if (system_attrs[i].kind == f->kind && name_is(name, name_len, system_attrs[i].attr)) {
            set_slot(w, system_attrs[i].slot, value, value_len);
            return;
        }
}

void winevent_text(winevent *w, const char *text, size_t len)
{
    if (w->skip || w->depth == 0)
        return;
    w->stack[w->depth - 1].had_text = true;
    buf_put(&w->tbuf, &w->tlen, &w->tcap, text, len);
}

/* Records the value of a leaf element that just closed. */
static void take_value(winevent *w, frame *f, const char *t, size_t tn)
{
    switch (f->kind) {
    case K_SYSTEXT:
    case K_EVENTID:
        set_slot(w, f->slot, t, tn);
        break;
    case K_MESSAGE:
        set_slot(w, SL_MESSAGE, t, tn);
        break;
    case K_DATA: {
        if (tn == 0)
            break;
        span name = { 0, 0 };
        if (f->has_dname)
            name = clean_name(w, w->vbuf + f->dname.off, f->dname.len);
        if (name.len == 0)
            name = vbuf_put(w, "Data", 4);
        add_pair(w, G_EVENTDATA, name, vbuf_put(w, t, tn));
        break;
    }
    case K_BINARY:
        if (tn)
            add_pair(w, G_EVENTDATA, vbuf_put(w, "Binary", 6), vbuf_put(w, t, tn));
        break;
    case K_UDNODE: {
        if (tn == 0)
            break;
        const char *nm = w->nbuf + f->name_off;
        const char *colon = memchr(nm, ':', f->name_len);
        size_t skip = colon ? (size_t)(colon + 1 - nm) : 0;
        span name = clean_name(w, nm + skip, f->name_len - skip);
        if (name.len)
            add_pair(w, G_EVENTDATA, name, vbuf_put(w, t, tn));
        break;
    }
    default:
        break;
    }
}

void winevent_close(winevent *w)
{
    if (w->skip) {
        w->skip--;
        return;
    }
    if (w->depth == 0)
        return;
    frame *f = &w->stack[w->depth - 1];
    const char *t = w->tbuf + f->text_start;
    size_t tn = w->tlen - f->text_start;
    bool drop_text = f->has_child && all_space(t, tn);
    /* Windows writes an empty substitution value as <Data Name='X'></Data> and an
     * element empty in its template as <X/>; readers tell the first apart by a
     * winevent_text() call with no bytes, so _raw keeps the form. */
    if (f->tag_open && tn == 0 && !f->had_text) {
        raw_put(w, "/>", 2);
    } else {
        if (f->tag_open)
            raw_put(w, ">", 1);
        if (f->kind == K_SYSTEM || f->kind == K_EVENTDATA || f->kind == K_USERDATA) {
            if (f->tag_open)
                f->inner_start = w->rlen;
        }
        if (!drop_text)
            raw_escaped(w, t, tn, false);
        size_t inner_end = w->rlen;
        span inner = { f->inner_start, inner_end - f->inner_start };
        if (f->kind == K_SYSTEM) {
            w->xml_system = inner;
            w->has_xml_system = true;
        } else if (f->kind == K_EVENTDATA) {
            w->xml_eventdata = inner;
            w->has_xml_eventdata = true;
        } else if (f->kind == K_USERDATA) {
            w->xml_userdata = inner;
            w->has_xml_userdata = true;
        }
        raw_put(w, "</", 2);
        raw_put(w, w->nbuf + f->name_off, f->name_len);
        raw_put(w, ">", 1);
    }
    if (!f->has_child)
        take_value(w, f, t, tn);
    w->tlen = f->text_start;
    w->nlen = f->name_off;
    w->depth--;
}

/* ---- the record ---- */

/* Built: a field a search reads, or one the add-on's rules for those read. */
static bool wants(const winevent *w, const char *name, size_t len)
{
    return !w->fields || projection_wants(w->fields, name, len) ||
           ta_windows_reads(w->ta, name, len);
}

static void set_wanted(winevent *w, record *out, const char *fname, const char *v, size_t n)
{
    if (wants(w, fname, strlen(fname)))
        record_set(out, fname, v, n);
}

static void put_slot(winevent *w, record *out, const char *fname, int slot)
{
    if (w->slot_set[slot] && w->slots[slot].len)
        set_wanted(w, out, fname, w->vbuf + w->slots[slot].off, w->slots[slot].len);
}

static void add_pair_field(winevent *w, record *out, const pair *p)
{
    const char *name = w->vbuf + p->name.off;
    if (wants(w, name, p->name.len))
        record_addn(out, name, p->name.len, w->vbuf + p->value.off, p->value.len);
}

/* _time as epoch seconds with exactly 6 fractional digits taken from the string,
 * so 15:58:25.3253836 gives .325383 (truncated, never rounded through a double). */
static bool format_time(const char *s, size_t len, char *out, size_t size)
{
    char whole[64];
    size_t frac_at = 0, frac_len = 0;
    if (len < 19 || len >= sizeof whole)
        return false;
    if (len > 19 && (s[19] == '.' || s[19] == ',')) {
        frac_at = 20;
        while (frac_at + frac_len < len && s[frac_at + frac_len] >= '0' &&
               s[frac_at + frac_len] <= '9')
            frac_len++;
    }
    /* The part without the fraction parses to an exact integer. */
    size_t n = 0;
    memcpy(whole, s, 19);
    n = 19;
    size_t rest = frac_at ? frac_at + frac_len : 19;
    memcpy(whole + n, s + rest, len - rest);
    n += len - rest;
    double secs;
    if (!timefmt_parse_iso8601(whole, n, &secs))
        return false;
    if (frac_at && frac_len == 0)
        return false;
    long long us = (long long)secs * 1000000LL;
    long long frac = 0;
    for (size_t i = 0; i < 6; i++)
        frac = frac * 10 + (i < frac_len ? s[frac_at + i] - '0' : 0);
    us += frac;
    const char *sign = us < 0 ? "-" : "";
    unsigned long long a = us < 0 ? (unsigned long long)-us : (unsigned long long)us;
    snprintf(out, size, "%s%llu.%06llu", sign, a / 1000000ULL, a % 1000000ULL);
    return true;
}

static void put_span(winevent *w, record *out, const char *fname, const char *base, span sp)
{
    set_wanted(w, out, fname, base + sp.off, sp.len);
}

int winevent_end(winevent *w, record *out, const char **why)
{
    record_clear(out);
    if (!w->saw_root || !w->root_is_event) {
        *why = "root element is not <Event>";
        return -1;
    }
    if (w->multi_root) {
        *why = "more than one root element";
        return -1;
    }
    if (w->depth != 0 || w->skip != 0) {
        *why = "unclosed element";
        return -1;
    }
    if (!w->saw_system) {
        *why = "no <System> element";
        return -1;
    }

    if (w->slot_set[SL_SYSTEMTIME]) {
        char tbuf[48];
        span t = w->slots[SL_SYSTEMTIME];
        if (wants(w, "_time", 5) && format_time(w->vbuf + t.off, t.len, tbuf, sizeof tbuf))
            record_set(out, "_time", tbuf, strlen(tbuf));
    }
    for (size_t i = 0; i < sizeof system_fields / sizeof system_fields[0]; i++)
        put_slot(w, out, system_fields[i].field, system_fields[i].slot);
    for (size_t i = 0; i < w->npairs; i++) {
        const pair *p = &w->pairs[i];
        if (p->group == G_SECURITY)
            add_pair_field(w, out, p);
    }
    for (size_t i = 0; i < w->npairs; i++) {
        const pair *p = &w->pairs[i];
        if (p->group == G_EVENTDATA)
            add_pair_field(w, out, p);
    }

    put_slot(w, out, "Message", SL_MESSAGE);
    if (w->has_xml_system)
        put_span(w, out, "System_Props_Xml", w->rbuf, w->xml_system);
    if (w->has_xml_eventdata && w->xml_eventdata.len)
        put_span(w, out, "EventData_Xml", w->rbuf, w->xml_eventdata);
    if (w->has_xml_userdata && w->xml_userdata.len)
        put_span(w, out, "UserData_Xml", w->rbuf, w->xml_userdata);

    span chan = w->slot_set[SL_CHANNEL] ? w->slots[SL_CHANNEL] : (span){ 0, 0 };
    const char *tab_source = NULL, *tab_sourcetype = NULL;
    sourcetype_for_channel(w->vbuf + chan.off, chan.len, &tab_source, &tab_sourcetype);
    if (!wants(w, "source", 6)) {
        /* nobody reads it */
    } else if (w->opt.source || tab_source) {
        const char *src = w->opt.source ? w->opt.source : tab_source;
        record_set(out, "source", src, strlen(src));
    } else {
        /* "XmlWinEventLog:" + Channel, or bare "XmlWinEventLog" without one. */
        static const char prefix[] = "XmlWinEventLog:";
        span ch = w->slot_set[SL_CHANNEL] ? w->slots[SL_CHANNEL] : (span){ 0, 0 };
        size_t plen = sizeof prefix - 1;
        size_t n = ch.len ? plen + ch.len : plen - 1;
        char *s = arena_alloc(&out->mem, n + 1);
        memcpy(s, prefix, ch.len ? plen : plen - 1);
        if (ch.len)
            memcpy(s + plen, w->vbuf + ch.off, ch.len);
        s[n] = '\0';
        record_set(out, "source", s, n);
    }
    const char *st = w->opt.sourcetype ? w->opt.sourcetype
                     : tab_sourcetype ? tab_sourcetype : "XmlWinEventLog";
    set_wanted(w, out, "sourcetype", st, strlen(st));
    put_slot(w, out, "host", SL_COMPUTER);
    set_wanted(w, out, "_raw", w->rbuf, w->rlen);
    if (!w->fields)
        message_add_classic(out);
    if (!w->opt.ta_later)
        ta_windows_add(w->ta, out, false);
    *why = NULL;
    return 0;
}

void winevent_add_computed(winevent *w, record *out, bool classic)
{
    ta_windows_add(w->ta, out, classic);
}
