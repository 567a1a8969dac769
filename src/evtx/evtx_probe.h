/* evtx_probe.h - the cheap pass over a record for predicate pushdown: a visitor that
 * keeps only the System values the pushdown decides on (EventID, Channel, Computer,
 * provider Name) and notes EventData/UserData names that would add values to those
 * fields, so the event can be tested before the full event is built. */
#ifndef TRAWL_EVTX_PROBE_H
#define TRAWL_EVTX_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/reader.h"
#include "evtx_private.h"

/* Longest System value kept; a longer one makes the event pass untested. */
#define EVTX_PROBE_VALUE_MAX 256

enum { EVTX_PROBE_EVENTID, EVTX_PROBE_CHANNEL, EVTX_PROBE_COMPUTER, EVTX_PROBE_PROVIDER,
       EVTX_PROBE_NVALUES };

typedef struct evtx_probe {
    char val[EVTX_PROBE_NVALUES][EVTX_PROBE_VALUE_MAX]; /* captured values */
    size_t len[EVTX_PROBE_NVALUES];
    bool set[EVTX_PROBE_NVALUES];   /* seen */
    int depth;                      /* element depth (root = 1) */
    int section;                    /* top-level child being read (PROBE_SEC_*) */
    int capture;                    /* value the current text goes to, or -1 */
    bool in_provider;               /* the open element is System/Provider */
    unsigned need;                  /* slots captured: bit 1 << EVTX_PROBE_* (the
                                       PUSHDOWN_* bits are in that order) */
    const struct pushdown *pd;      /* the test: which Data names shadow a value it
                                       decides on (pushdown_shadows) */
    evtx_chunk *chunk;              /* told to render only the text captured */
    bool untestable;                /* pass the event: value too long, repeated,
                                       or shadowed by an EventData/UserData name */
    bool rejected;                  /* the fast path's EventID test already failed */
} evtx_probe;

extern const evtx_visitor evtx_probe_visitor;   /* ctx: evtx_probe */

/* Tells the renderer of chunk c which names shadow a value pd decides on (the tail
 * checks of evtx_binxml.c); NULL disarms it. */
void evtx_probe_arm(evtx_chunk *c, const struct pushdown *pd);
/* Starts a pass over a record of chunk c; evtx_probe_end() restores the chunk. */
void evtx_probe_begin(evtx_probe *p, evtx_chunk *c);
void evtx_probe_end(evtx_probe *p);
/* The fast path (evtx_sysplan.c): when record r is one instance of a template whose
 * System values are located once per chunk, fills p exactly as a walk with
 * evtx_probe_visitor would and returns true; false when only the walk can tell
 * (then nothing is reported: the walk does that). With opt, the EventID is tested
 * alone first and a certain rejection ends there (p->rejected set, the other
 * values not filled). */
bool evtx_probe_fast(evtx_probe *p, evtx_chunk *c, const evtx_record_view *r,
                     const input_options *opt);
/* The slot a System child element captures (by local name), or -1. */
int evtx_probe_captured_slot(const char *name, size_t len);
/* Drops a namespace prefix ("ns:Name" -> "Name"), as the event builder does. */
void evtx_probe_local_name(const char **s, size_t *len);
/* True when two probes of a record (fast and walked, need alike) would give the
 * pushdown the same values: the fast path's contract, checked by the tests. */
bool evtx_probe_equal(const evtx_probe *a, const evtx_probe *b);
/* True when the event may be kept by some plan (or cannot be tested). */
bool evtx_probe_passes(const evtx_probe *p, const input_options *opt);

#endif
