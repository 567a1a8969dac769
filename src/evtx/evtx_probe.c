/* evtx_probe.c - the pushdown's view of a record: a visitor that captures the few
 * System values pushdown_match() decides on, without building the event.
 * Element names may carry a namespace prefix; it is ignored, as winevent does. */
#include "evtx_probe.h"

#include <string.h>

#include "../event/pushdown.h"

_Static_assert(PUSHDOWN_EVENTID == 1u << EVTX_PROBE_EVENTID &&
               PUSHDOWN_CHANNEL == 1u << EVTX_PROBE_CHANNEL &&
               PUSHDOWN_COMPUTER == 1u << EVTX_PROBE_COMPUTER &&
               PUSHDOWN_PROVIDER == 1u << EVTX_PROBE_PROVIDER, "probe slots follow PUSHDOWN_*");

enum { SEC_NONE, SEC_SYSTEM, SEC_OTHER };

/* System children whose text is captured. */
static const struct { const char *name; int slot; } captured[] = {
    { "EventID", EVTX_PROBE_EVENTID },
    { "Channel", EVTX_PROBE_CHANNEL },
    { "Computer", EVTX_PROBE_COMPUTER },
};

static bool is(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len == n && memcmp(s, lit, n) == 0;
}

void evtx_probe_local_name(const char **s, size_t *len)
{
    const char *colon = memchr(*s, ':', *len);
    if (colon) {
        *len -= (size_t)(colon + 1 - *s);
        *s = colon + 1;
    }
}

static bool shadows(const void *test, const char *name, size_t len)
{
    return pushdown_shadows(test, name, len);
}

void evtx_probe_arm(evtx_chunk *c, const pushdown *pd)
{
    c->probe_shadows = pd ? shadows : NULL;
    c->probe_test = pd;
}

void evtx_probe_begin(evtx_probe *p, evtx_chunk *c)
{
    p->chunk = c;
    c->text_off = true;
    c->name_attrs_only = true;
    evtx_probe_arm(c, p->pd);
    memset(p->set, 0, sizeof p->set);
    memset(p->len, 0, sizeof p->len);
    p->depth = 0;
    p->section = SEC_NONE;
    p->capture = -1;
    p->in_provider = false;
    p->untestable = false;
    p->rejected = false;
}

void evtx_probe_end(evtx_probe *p)
{
    p->chunk->text_off = false;
    p->chunk->name_attrs_only = false;
    evtx_probe_arm(p->chunk, NULL);
    p->chunk->stop = false;
}

static void start_value(evtx_probe *p, int slot)
{
    if (p->set[slot])
        p->untestable = true;     /* repeated: which one the builder keeps is its call */
    p->set[slot] = true;
    p->len[slot] = 0;
}

static void put_value(evtx_probe *p, int slot, const char *s, size_t len)
{
    if (len > EVTX_PROBE_VALUE_MAX - p->len[slot]) {
        p->untestable = true;
        return;
    }
    if (len)                    /* an empty value may come with no buffer at all */
        memcpy(p->val[slot] + p->len[slot], s, len);
    p->len[slot] += len;
}

static void set_capture(evtx_probe *p, int slot)
{
    p->capture = slot;
    p->chunk->text_off = slot < 0;
}

int evtx_probe_captured_slot(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof captured / sizeof captured[0]; i++)
        if (is(name, len, captured[i].name))
            return captured[i].slot;
    return -1;
}

static void pv_open(void *ctx, const char *name, size_t len)
{
    evtx_probe *p = ctx;
    evtx_probe_local_name(&name, &len);
    p->depth++;
    set_capture(p, -1);
    p->in_provider = false;
    if (p->depth == 2)
        p->section = is(name, len, "System") ? SEC_SYSTEM : SEC_OTHER;
    else if (p->depth == 3 && p->section == SEC_SYSTEM) {
        p->in_provider = is(name, len, "Provider");
        int slot = evtx_probe_captured_slot(name, len);
        if (slot >= 0 && (p->need & (1u << slot))) {
            set_capture(p, slot);
            start_value(p, slot);
        }
    } else if (p->depth > 2 && p->section == SEC_OTHER && pushdown_shadows(p->pd, name, len)) {
        p->untestable = true;     /* a UserData leaf named like a System field */
    }
}

static void pv_attr(void *ctx, const char *n, size_t nl, const char *v, size_t vl)
{
    evtx_probe *p = ctx;
    if (p->in_provider && (p->need & (1u << EVTX_PROBE_PROVIDER)) && is(n, nl, "Name")) {
        start_value(p, EVTX_PROBE_PROVIDER);
        put_value(p, EVTX_PROBE_PROVIDER, v, vl);
    } else if (p->section == SEC_OTHER && is(n, nl, "Name") && pushdown_shadows(p->pd, v, vl)) {
        p->untestable = true;     /* <Data Name='EventCode'> adds an EventCode value */
    }
}

static void pv_text(void *ctx, const char *s, size_t len)
{
    evtx_probe *p = ctx;
    if (p->capture >= 0)
        put_value(p, p->capture, s, len);
}


/* Stops the walk once nothing left can change the verdict: the event is untestable,
 * or </System> closed and the renderer found the rest inert (evtx_binxml.c). */
static void pv_close(void *ctx)
{
    evtx_probe *p = ctx;
    set_capture(p, -1);
    p->in_provider = false;
    if (p->depth == 2 && p->section == SEC_SYSTEM && p->chunk->rest_inert)
        p->chunk->stop = true;
    if (p->untestable)
        p->chunk->stop = true;
    if (p->depth > 0)
        p->depth--;
}

const evtx_visitor evtx_probe_visitor = { pv_open, pv_attr, pv_text, pv_close };

bool evtx_probe_passes(const evtx_probe *p, const input_options *opt)
{
    if (p->rejected)
        return false;
    if (p->untestable)
        return true;
    pushdown_sysvals v = { 0 };
    v.source = opt->source;
    v.sourcetype = opt->sourcetype;
#define PROBE_VAL(slot, field)                                     \
    if (p->set[slot] && p->len[slot]) {                            \
        v.field = p->val[slot];                                    \
        v.field##_len = p->len[slot];                              \
    }
    PROBE_VAL(EVTX_PROBE_EVENTID, eventid)
    PROBE_VAL(EVTX_PROBE_CHANNEL, channel)
    PROBE_VAL(EVTX_PROBE_COMPUTER, computer)
    PROBE_VAL(EVTX_PROBE_PROVIDER, provider)
#undef PROBE_VAL
    return pushdown_match(opt->pushdown, &v);
}

bool evtx_probe_equal(const evtx_probe *a, const evtx_probe *b)
{
    if (a->untestable != b->untestable)
        return false;
    if (a->untestable)
        return true;            /* values are not looked at */
    for (int i = 0; i < EVTX_PROBE_NVALUES; i++) {
        if (!(a->need & (1u << i)))
            continue;
        if (a->set[i] != b->set[i] || a->len[i] != b->len[i] ||
            memcmp(a->val[i], b->val[i], a->len[i]) != 0)
            return false;
    }
    return true;
}
