/* evsynth.c - replays loose event values as the XML of a Windows event: System
 * children in the order Windows writes them, then EventData (or UserData), then
 * RenderingInfo/Message. Only values that are present are rendered, except the
 * empty <Correlation/> and <Security/> Windows always writes. */
#include "evsynth.h"

#include <string.h>

#include "../util/timefmt.h"
#include "../util/xmalloc.h"

#define EVENT_NS "http://schemas.microsoft.com/win/2004/08/events/event"

void evsynth_reset(evsynth *s)
{
    s->len = 0;
    s->nitems = 0;
    memset(s->set, 0, sizeof s->set);
}

void evsynth_free(evsynth *s)
{
    free(s->buf);
    free(s->items);
    memset(s, 0, sizeof *s);
}

static size_t put(evsynth *s, const char *v, size_t n)
{
    size_t off = s->len;
    XGROW(s->buf, s->cap, s->len + n + 1);
    if (n)
        memcpy(s->buf + s->len, v, n);
    s->len += n;
    return off;
}

void evsynth_set(evsynth *s, enum evsynth_slot slot, const char *v, size_t n)
{
    if (!v || n == 0)
        return;
    s->off[slot] = put(s, v, n);
    s->n[slot] = n;
    s->set[slot] = 1;
}

void evsynth_add(evsynth *s, enum evsynth_kind kind, const char *name, size_t nlen,
                 const char *v, size_t n)
{
    XGROW(s->items, s->icap, s->nitems + 1);
    evsynth_item *it = &s->items[s->nitems++];
    it->kind = kind;
    it->name_len = name ? nlen : 0;
    it->name_off = put(s, name ? name : "", it->name_len);
    if (kind == EK_USERDATA)
        evsynth_xml_name(s->buf + it->name_off, it->name_len);
    it->val_len = n;
    it->val_off = put(s, v ? v : "", n);
}

void evsynth_xml_name(char *name, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        bool ok = c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
                  (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
        if (!ok)
            name[i] = '_';
    }
}

static void open_el(winevent *w, const char *name)
{
    winevent_open(w, name, strlen(name));
}

static void attr(const evsynth *s, winevent *w, const char *name, enum evsynth_slot slot)
{
    if (s->set[slot])
        winevent_attr(w, name, strlen(name), s->buf + s->off[slot], s->n[slot]);
}

/* <name>value</name> when the slot is set. */
static void text_el(const evsynth *s, winevent *w, const char *name, enum evsynth_slot slot)
{
    if (!s->set[slot])
        return;
    open_el(w, name);
    winevent_text(w, s->buf + s->off[slot], s->n[slot]);
    winevent_close(w);
}

/* <name a='..' .../> when any of the slots is set (or always, when forced). */
static void attr_el(const evsynth *s, winevent *w, const char *name, bool always,
                    const char *const *attrs, const enum evsynth_slot *slots, size_t n)
{
    bool any = always;
    for (size_t i = 0; i < n; i++)
        any |= s->set[slots[i]];
    if (!any)
        return;
    open_el(w, name);
    for (size_t i = 0; i < n; i++)
        attr(s, w, attrs[i], slots[i]);
    winevent_close(w);
}

static bool has_kind(const evsynth *s, enum evsynth_kind a, enum evsynth_kind b)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (s->items[i].kind == a || s->items[i].kind == b)
            return true;
    return false;
}

void evsynth_emit(const evsynth *s, winevent *w)
{
    open_el(w, "Event");
    winevent_attr(w, "xmlns", 5, EVENT_NS, sizeof EVENT_NS - 1);
    open_el(w, "System");
    attr_el(s, w, "Provider", false, (const char *const[]){ "Name", "Guid", "EventSourceName" },
            (const enum evsynth_slot[]){ ES_PROVIDER, ES_GUID, ES_ESN }, 3);
    if (s->set[ES_EVENTID]) {
        open_el(w, "EventID");
        attr(s, w, "Qualifiers", ES_QUALIFIERS);
        winevent_text(w, s->buf + s->off[ES_EVENTID], s->n[ES_EVENTID]);
        winevent_close(w);
    }
    text_el(s, w, "Version", ES_VERSION);
    text_el(s, w, "Level", ES_LEVEL);
    text_el(s, w, "Task", ES_TASK);
    text_el(s, w, "Opcode", ES_OPCODE);
    text_el(s, w, "Keywords", ES_KEYWORDS);
    attr_el(s, w, "TimeCreated", false, (const char *const[]){ "SystemTime" },
            (const enum evsynth_slot[]){ ES_SYSTEMTIME }, 1);
    text_el(s, w, "EventRecordID", ES_RECORDID);
    attr_el(s, w, "Correlation", true, (const char *const[]){ "ActivityID", "RelatedActivityID" },
            (const enum evsynth_slot[]){ ES_ACTIVITYID, ES_RELACTIVITYID }, 2);
    attr_el(s, w, "Execution", false, (const char *const[]){ "ProcessID", "ThreadID" },
            (const enum evsynth_slot[]){ ES_PROCESSID, ES_THREADID }, 2);
    text_el(s, w, "Channel", ES_CHANNEL);
    text_el(s, w, "Computer", ES_COMPUTER);
    attr_el(s, w, "Security", true, (const char *const[]){ "UserID" },
            (const enum evsynth_slot[]){ ES_USERID }, 1);
    winevent_close(w);   /* System */

    if (has_kind(s, EK_DATA, EK_BINARY)) {
        open_el(w, "EventData");
        for (size_t i = 0; i < s->nitems; i++) {
            const evsynth_item *it = &s->items[i];
            if (it->kind == EK_USERDATA)
                continue;
            open_el(w, it->kind == EK_BINARY ? "Binary" : "Data");
            if (it->kind == EK_DATA && it->name_len)
                winevent_attr(w, "Name", 4, s->buf + it->name_off, it->name_len);
            winevent_text(w, s->buf + it->val_off, it->val_len);
            winevent_close(w);
        }
        winevent_close(w);
    } else if (has_kind(s, EK_USERDATA, EK_USERDATA)) {
        open_el(w, "UserData");
        open_el(w, "EventXML");
        for (size_t i = 0; i < s->nitems; i++) {
            const evsynth_item *it = &s->items[i];
            if (it->kind != EK_USERDATA || it->name_len == 0)
                continue;
            winevent_open(w, s->buf + it->name_off, it->name_len);
            winevent_text(w, s->buf + it->val_off, it->val_len);
            winevent_close(w);
        }
        winevent_close(w);
        winevent_close(w);
    }
    if (s->set[ES_MESSAGE]) {
        open_el(w, "RenderingInfo");
        text_el(s, w, "Message", ES_MESSAGE);
        winevent_close(w);
    }
    winevent_close(w);   /* Event */
}

int evsynth_time(const char *s, size_t n, const char *fmt, const char *tz, char *out,
                 size_t size)
{
    double epoch;
    if (!timefmt_parse(s, n, fmt, tz, &epoch))
        return 0;
    timefmt_format(epoch, "%Y-%m-%dT%H:%M:%S.%6NZ", NULL, out, size);
    return 1;
}
