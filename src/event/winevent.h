/* winevent.h - builds one Windows event record from a stream of XML-like callbacks.
 * Both readers feed it: the XML reader (from expat) and the EVTX reader (from
 * BinXML), so an event has exactly the same fields whichever file it came from.
 * It extracts the fields of DESIGN.md ("Field extraction") and renders `_raw`, the
 * event as one XML line in XmlWinEventLog shape.
 *
 * Ownership: the builder owns its scratch buffers; the record passed to
 * winevent_end() receives copies. One builder is reused for every event of a stream
 * and allocates nothing in steady state. All strings are UTF-8, not NUL-terminated
 * unless stated; text and attribute values are already unescaped (the builder
 * escapes them again for `_raw`).
 *
 * With a projection, fields nobody reads are left out, and `_raw` is not rendered
 * unless it or an *_Xml field is read. Message and the other classic fields are
 * computed from the whole record, so reading any of them builds every field.
 * The fields the Splunk add-ons compute (ta_windows.h) are added last; the event
 * fields their rules read are built even when no search reads them. */
#ifndef TRAWL_WINEVENT_H
#define TRAWL_WINEVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

typedef struct winevent winevent;

typedef struct winevent_options {
    const char *source;      /* override for `source`, NULL: "XmlWinEventLog:<Channel>" */
    const char *sourcetype;  /* override for `sourcetype`, NULL: "XmlWinEventLog" */
    const struct projection *fields; /* the fields to build (projection.h); NULL: all */
    bool ta_later;           /* winevent_end leaves out the add-on's computed fields:
                                the caller adds fields of its own first, then calls
                                winevent_add_computed (classic text) */
} winevent_options;

winevent *winevent_new(const winevent_options *opt);
void winevent_free(winevent *w);

void winevent_begin(winevent *w);
/* Element names may carry a namespace prefix; it is kept in _raw, ignored for fields. */
void winevent_open(winevent *w, const char *name, size_t len);
/* Attributes of the element most recently opened, before any child or text. */
void winevent_attr(winevent *w, const char *name, size_t name_len, const char *value, size_t value_len);
/* Character data of the current element; may come in several pieces. */
void winevent_text(winevent *w, const char *text, size_t len);
void winevent_close(winevent *w);
/* Fills out (cleared first) with the event's fields. Returns 0, or -1 with a reason
 * in *why (static string) when the callbacks did not form an <Event> with <System>. */
int winevent_end(winevent *w, record *out, const char **why);
/* Adds the add-on's computed fields to out (with ta_later); classic: out holds a
 * classic WinEventLog event's rendered fields. */
void winevent_add_computed(winevent *w, record *out, bool classic);

/* How a Data/UserData name becomes a field name (Splunk's CLEAN_KEYS): bytes not
 * kept become '_' ("Product Name" -> "Product_Name"), and the leading ones are
 * dropped with any leading digits, so no event can forge `_raw`. Kept: ASCII
 * letters and digits, and every byte of a UTF-8 sequence. The pushdown and the XML
 * pre-filter compare names by the same rule. */
static inline bool winevent_name_keeps(unsigned char c)
{
    return c >= 0x80 || (unsigned char)((c | 0x20) - 'a') < 26 || (c >= '0' && c <= '9');
}

/* The bytes at the start of a name that CLEAN_KEYS drops: ASCII other than letters. */
static inline size_t winevent_name_lead(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80 && (unsigned char)((s[i] | 0x20) - 'a') >= 26)
        i++;
    return i;
}

#endif
