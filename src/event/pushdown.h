/* pushdown.h - the test the searches push down into the readers: from what a reader
 * knows of an event before building it (a few System values), may some search keep
 * it? The readers (evtx/, formats/) hold a handle and call pushdown_*(); the SPL
 * planner builds one from its plans (spl/spl_pushdown.c, through pushdown_ops), so
 * the readers depend on this layer only, never on the SPL engine.
 *
 * Contract of every implementation: conservative. pushdown_match() may pass events
 * the searches reject, never drops one they would keep. A handle is filled before
 * the readers start and only read afterwards (by every decoding thread). */
#ifndef TRAWL_PUSHDOWN_H
#define TRAWL_PUSHDOWN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pushdown pushdown;

/* The System values a test may read, as bits (pushdown_needs, pushdown_sysvals.unknown). */
enum {
    PUSHDOWN_EVENTID = 1,
    PUSHDOWN_CHANNEL = 2,
    PUSHDOWN_COMPUTER = 4,
    PUSHDOWN_PROVIDER = 8,
};

/* What a reader knows of an event before building it (UTF-8, NULL when absent). */
typedef struct pushdown_sysvals {
    const char *eventid;       /* <EventID> text */
    size_t eventid_len;
    const char *channel;       /* <Channel> text */
    size_t channel_len;
    const char *computer;      /* <Computer> text */
    size_t computer_len;
    const char *provider;      /* <Provider Name=...> */
    size_t provider_len;
    const char *source;        /* --source override, NULL: derived from the channel */
    const char *sourcetype;    /* --sourcetype override, NULL: derived */
    unsigned unknown;          /* PUSHDOWN_* values not looked at yet: tests on them are
                                  unknown (a reader may test the cheap ones first) */
} pushdown_sysvals;

/* ---- for readers ---- */

/* True when the test can drop events at all (else readers skip probing); false for NULL. */
static inline bool pushdown_active(const pushdown *pd);
/* The System values the test reads (PUSHDOWN_* bits); readers need capture no other. */
static inline unsigned pushdown_needs(const pushdown *pd);
/* False only when no search can keep an event with these System values. */
static inline bool pushdown_match(const pushdown *pd, const pushdown_sysvals *v);
/* True when an EventData/UserData field of this name (as written in the event: it
 * is cleaned as winevent cleans field names) would add values to a field this test
 * decides from System values: readers must then pass the event untested. */
static inline bool pushdown_shadows(const pushdown *pd, const char *name, size_t len);
/* A number no other pushdown of this process has: keys what readers remember of
 * pushdown_shadows() answers (0 for NULL). */
static inline unsigned pushdown_id(const pushdown *pd);

/* ---- for implementations ---- */

/* The questions only the implementation can answer: match() is asked of active
 * handles only, shadows() of any. */
typedef struct pushdown_ops {
    bool (*match)(const pushdown *pd, const pushdown_sysvals *v);
    bool (*shadows)(const pushdown *pd, const char *name, size_t len);
} pushdown_ops;

/* The handle, first member of an implementation's own state (which casts it back).
 * Readers never touch the fields: they are here so the calls inline. */
struct pushdown {
    const pushdown_ops *ops;   /* the implementation */
    unsigned id;               /* unique, from pushdown_init */
    unsigned needs;            /* PUSHDOWN_* the test reads (kept by the implementation) */
    bool active;               /* the test may drop events (kept by the implementation) */
};

/* Starts a handle: inactive, needing nothing, with a fresh id. */
void pushdown_init(pushdown *pd, const pushdown_ops *ops);

static inline bool pushdown_active(const pushdown *pd)
{
    return pd && pd->active;
}

static inline unsigned pushdown_needs(const pushdown *pd)
{
    return pushdown_active(pd) ? pd->needs : 0;
}

static inline bool pushdown_match(const pushdown *pd, const pushdown_sysvals *v)
{
    return !pushdown_active(pd) || pd->ops->match(pd, v);
}

static inline bool pushdown_shadows(const pushdown *pd, const char *name, size_t len)
{
    return pd && pd->ops->shadows(pd, name, len);
}

static inline unsigned pushdown_id(const pushdown *pd)
{
    return pd ? pd->id : 0;
}

#endif
