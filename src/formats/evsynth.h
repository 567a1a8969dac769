/* evsynth.h - a Windows event assembled from loose values (a Winlogbeat or NXLog
 * JSON object, a classic WinEventLog text event) and replayed into winevent as
 * the XML Windows would have written, so every input format gets the same fields
 * and an XML _raw from the one builder.
 *
 * Ownership: evsynth copies every value given to it into its own buffer; one
 * evsynth is reused per stream (evsynth_reset between events). */
#ifndef TRAWL_EVSYNTH_H
#define TRAWL_EVSYNTH_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/winevent.h"

/* System values, rendered in this order as elements or attributes of System. */
enum evsynth_slot {
    ES_PROVIDER, ES_GUID, ES_ESN, ES_EVENTID, ES_QUALIFIERS, ES_VERSION, ES_LEVEL,
    ES_TASK, ES_OPCODE, ES_KEYWORDS, ES_SYSTEMTIME, ES_RECORDID, ES_ACTIVITYID,
    ES_RELACTIVITYID, ES_PROCESSID, ES_THREADID, ES_CHANNEL, ES_COMPUTER, ES_USERID,
    ES_MESSAGE, ES_COUNT
};

/* What an added item becomes. */
enum evsynth_kind {
    EK_DATA,      /* EventData/Data, named (name given) or unnamed (name NULL) */
    EK_BINARY,    /* EventData/Binary */
    EK_USERDATA,  /* UserData/EventXML/<name> */
};

typedef struct evsynth_item {
    enum evsynth_kind kind;
    size_t name_off, name_len;  /* in buf; name_len 0 for unnamed Data */
    size_t val_off, val_len;
} evsynth_item;

typedef struct evsynth {
    char *buf;                  /* every value, copied */
    size_t len, cap;
    size_t off[ES_COUNT], n[ES_COUNT];
    unsigned char set[ES_COUNT];/* 1 when the slot has a value */
    evsynth_item *items;        /* EventData and UserData, in order */
    size_t nitems, icap;
} evsynth;

void evsynth_reset(evsynth *s);
void evsynth_free(evsynth *s);
/* Sets a System value; an empty value is ignored. */
void evsynth_set(evsynth *s, enum evsynth_slot slot, const char *v, size_t n);
void evsynth_add(evsynth *s, enum evsynth_kind kind, const char *name, size_t nlen,
                 const char *v, size_t n);
/* Replays the event into w between winevent_begin and winevent_end (caller's). */
void evsynth_emit(const evsynth *s, winevent *w);

/* Makes name[0..n) a valid XML element name in place: ASCII bytes an XML name
 * cannot hold at their position become '_' (non-ASCII bytes are kept). */
void evsynth_xml_name(char *name, size_t n);

/* Time written without a zone (tz: IANA name, NULL = UTC) or with one, as
 * "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" for TimeCreated/@SystemTime; fmt is the
 * strftime-style format of s ("%Y-%m-%d %H:%M:%S"). False when s does not match. */
int evsynth_time(const char *s, size_t n, const char *fmt, const char *tz, char *out,
                 size_t size);

#endif
