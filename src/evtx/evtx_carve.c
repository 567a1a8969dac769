/* evtx_carve.c - what makes a record carved from chunk slack (--recover) a
 * well-formed event: its names are names Windows writes, it has one root element
 * named Event, and System/EventID holds a number. Slack holds leftovers whose
 * templates and string table may since have been overwritten, so a carved record can
 * render to plausible-looking garbage; these rules keep that away from detections.
 * Live records are never held to them. docs/recovery.md states them for users. */
#include "evtx_private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "evtx_cursor.h"
#include "evtx_probe.h"

static const char *const reasons[EVTX_CARVE_NVERDICTS] = {
    [EVTX_CARVE_OK] = "",
    [EVTX_CARVE_UNREADABLE] = "unreadable",
    [EVTX_CARVE_STALE_TEMPLATE] = "stale template",
    [EVTX_CARVE_GARBAGE_NAMES] = "garbage names",
    [EVTX_CARVE_ROOT] = "root not Event",
    [EVTX_CARVE_NO_EVENTID] = "no EventID",
};

const char *evtx_carve_reason(int verdict)
{
    return verdict >= 0 && verdict < EVTX_CARVE_NVERDICTS ? reasons[verdict] : "";
}

void evtx_carve_breakdown(char *buf, size_t cap, const uint64_t *counts, int from)
{
    size_t used = 0;
    buf[0] = 0;
    for (int k = from; k < EVTX_CARVE_NVERDICTS && used < cap; k++) {
        int n = snprintf(buf + used, cap - used, "%s%" PRIu64 " %s", k > from ? ", " : "",
                         counts[k], reasons[k]);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* XML 1.0 (fifth edition) NameStartChar, less U+FFFD: the replacement character
 * stands for text that was lost, which no name Windows writes holds. */
static bool name_start(unsigned cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' || cp == ':' ||
           (cp >= 0xC0 && cp <= 0xD6) || (cp >= 0xD8 && cp <= 0xF6) ||
           (cp >= 0xF8 && cp <= 0x2FF) || (cp >= 0x370 && cp <= 0x37D) ||
           (cp >= 0x37F && cp <= 0x1FFF) || (cp >= 0x200C && cp <= 0x200D) ||
           (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
           (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
           (cp >= 0xFDF0 && cp <= 0xFFFC) || (cp >= 0x10000 && cp <= 0xEFFFF);
}

/* XML 1.0 NameChar. */
static bool name_char(unsigned cp)
{
    return name_start(cp) || cp == '-' || cp == '.' || (cp >= '0' && cp <= '9') ||
           cp == 0xB7 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x203F && cp <= 0x2040);
}

bool evtx_carve_name_ok(const unsigned char *utf16, size_t nchars, unsigned hash)
{
    if (nchars == 0)
        return false;
    /* The string table's hash: h = h * 65599 + unit over the UTF-16 units, low 16
     * bits kept (every name of the corpus's chunks matches it). */
    uint32_t h = 0;
    for (size_t i = 0; i < nchars; i++)
        h = h * 65599u + evtx_le16(utf16 + 2 * i);
    if ((h & 0xFFFF) != hash)
        return false;
    for (size_t i = 0; i < nchars; i++) {
        unsigned cp = evtx_le16(utf16 + 2 * i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < nchars) {
            unsigned lo = evtx_le16(utf16 + 2 * (i + 1));
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        /* an unpaired surrogate matches neither test */
        if (!(i == 0 ? name_start(cp) : name_char(cp)))
            return false;
    }
    return true;
}

/* ---- the structure of an event, watched while the record renders ---- */

typedef struct carve_watch {
    int depth;                   /* open elements */
    int roots;                   /* elements opened at depth 0 */
    bool root_event;             /* the (first) root is named Event */
    bool in_system;              /* inside Event/System */
    bool in_eventid;             /* directly inside the first Event/System/EventID */
    bool eventid_seen;           /* that EventID was opened */
    char eventid[8];             /* its text, while it fits */
    size_t eventid_len;          /* bytes of text seen, even past the buffer */
} carve_watch;

static bool local_is(const char *name, size_t len, const char *want)
{
    evtx_probe_local_name(&name, &len);
    return len == strlen(want) && memcmp(name, want, len) == 0;
}

static void w_open(void *ctx, const char *name, size_t len)
{
    carve_watch *w = ctx;
    w->depth++;
    if (w->depth == 1) {
        w->roots++;
        if (w->roots == 1)
            w->root_event = local_is(name, len, "Event");
    } else if (w->depth == 2 && w->roots == 1 && w->root_event) {
        w->in_system = local_is(name, len, "System");
    } else if (w->depth == 3 && w->in_system && !w->eventid_seen &&
               local_is(name, len, "EventID")) {
        w->eventid_seen = w->in_eventid = true;
    }
}

static void w_attr(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen)
{
    (void)ctx, (void)name, (void)nlen, (void)val, (void)vlen;
}

static void w_text(void *ctx, const char *s, size_t len)
{
    carve_watch *w = ctx;
    if (!w->in_eventid || w->depth != 3)
        return;
    for (size_t i = 0; i < len; i++, w->eventid_len++)
        if (w->eventid_len < sizeof w->eventid)
            w->eventid[w->eventid_len] = s[i];
}

static void w_close(void *ctx)
{
    carve_watch *w = ctx;
    if (w->depth == 3)
        w->in_eventid = false;
    else if (w->depth == 2)
        w->in_system = false;
    w->depth--;
}

static const evtx_visitor watch_visitor = { w_open, w_attr, w_text, w_close };

/* An EventID as Windows writes it: a UInt16 in decimal, 1 to 5 digits. */
static bool eventid_ok(const carve_watch *w)
{
    if (!w->eventid_seen || w->eventid_len == 0 || w->eventid_len > 5)
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < w->eventid_len; i++) {
        if (w->eventid[i] < '0' || w->eventid[i] > '9')
            return false;
        v = v * 10 + (unsigned)(w->eventid[i] - '0');
    }
    return v <= 65535;
}

int evtx_carve_check(evtx_chunk *c, const evtx_record_view *r)
{
    carve_watch w = { 0 };
    c->checking_carved = true;
    int rc = evtx_binxml_render(c, r->offset + EVTX_REC_DATA, r->offset + r->size - 4,
                                &watch_visitor, &w);
    c->checking_carved = false;
    if (rc < 0)
        return EVTX_CARVE_UNREADABLE;
    if (c->stale_templates)
        return EVTX_CARVE_STALE_TEMPLATE;
    if (c->garbled_names)
        return EVTX_CARVE_GARBAGE_NAMES;
    if (w.roots != 1 || !w.root_event)
        return EVTX_CARVE_ROOT;
    if (!eventid_ok(&w))
        return EVTX_CARVE_NO_EVENTID;
    return EVTX_CARVE_OK;
}
