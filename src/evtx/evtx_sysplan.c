/* evtx_sysplan.c - the probe's fast path. Almost every record is one instance of a
 * template whose System part names EventID, Channel, Computer and the provider Name
 * either as fixed text or as one substitution value. That is worked out once per
 * template and chunk (the plan); a record is then probed by reading its value
 * descriptors, without compiling or walking it. Whatever the plan cannot vouch for
 * (BinXML or array values, odd shapes, damage) is left to the walk in evtx_probe.c,
 * which stays the reference: both must fill evtx_probe identically. */
#include "evtx_probe.h"

#include <string.h>

#include "../event/pushdown.h"
#include "evtx_cursor.h"
#include "evtx_tree.h"

static bool is_name(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len == n && memcmp(s, lit, n) == 0;
}

static bool local_is(const evtx_node *e, const char *lit)
{
    const char *s = e->s;
    size_t len = e->len;
    evtx_probe_local_name(&s, &len);
    return is_name(s, len, lit);
}

/* Where the text of an element's content or an attribute's value comes from; false
 * when it is made of several pieces (the walk joins them). */
static bool source_of(const evtx_node *first, evtx_sys_source *src)
{
    memset(src, 0, sizeof *src);
    if (!first) {
        src->kind = SYS_TEXT;
        src->text = "";
        return true;
    }
    if (first->next)
        return false;
    if (first->kind == N_TEXT) {
        src->kind = SYS_TEXT;
        src->text = first->s;
        src->len = first->len;
        return true;
    }
    if (first->kind == N_SUBST) {
        src->kind = SYS_SUBST;
        src->index = first->index;
        src->optional = first->optional;
        return true;
    }
    return false;
}

/* The provider Name: one Name attribute of one Provider element whose content is not
 * a lone substitution (which may drop or repeat the element, attribute and all). */
static bool provider_source(const evtx_node *e, evtx_sys_source *src)
{
    if (e->child && !e->child->next && e->child->kind == N_SUBST)
        return false;
    const evtx_node *name = NULL;
    for (const evtx_node *a = e->attrs; a; a = a->next) {
        if (!is_name(a->s, a->len, "Name"))
            continue;
        if (name)
            return false;       /* repeated: the walk marks the event untestable */
        name = a;
    }
    return !name || source_of(name->child, src);
}

/* The plan for template t: the shape it accepts is a root element whose first child
 * element is System, with nothing but text before either, and whose System children
 * are elements. Later parts are the tail check's business (evtx_template_tail_inert). */
static bool build_plan(const evtx_tmpl *t, evtx_sysplan *plan)
{
    memset(plan, 0, sizeof *plan);
    const evtx_node *root = t->root;
    while (root && root->kind == N_TEXT)
        root = root->next;
    if (!root || root->kind != N_ELEM)
        return false;
    const evtx_node *sys = root->child;
    while (sys && sys->kind == N_TEXT)
        sys = sys->next;
    if (!sys || sys->kind != N_ELEM || !local_is(sys, "System"))
        return false;
    bool provider = false;
    for (const evtx_node *e = sys->child; e; e = e->next) {
        if (e->kind == N_TEXT)
            continue;
        if (e->kind != N_ELEM)
            return false;       /* a value here could hold System children */
        const char *s = e->s;
        size_t len = e->len;
        evtx_probe_local_name(&s, &len);
        int slot = evtx_probe_captured_slot(s, len);
        if (slot >= 0) {
            if (plan->src[slot].kind != SYS_ABSENT || !source_of(e->child, &plan->src[slot]))
                return false;
        } else if (is_name(s, len, "Provider")) {
            if (provider || !provider_source(e, &plan->src[EVTX_PROBE_PROVIDER]))
                return false;
            provider = true;
        }
    }
    return true;
}

static const evtx_sysplan *plan_of(evtx_chunk *c, evtx_tmpl *t, const pushdown *pd)
{
    if (t->plan_state == PLAN_UNKNOWN) {
        evtx_probe_arm(c, pd);
        bool ok = evtx_template_tail_inert(c, t) && build_plan(t, &t->plan);
        evtx_probe_arm(c, NULL);
        t->plan_state = ok ? PLAN_USABLE : PLAN_NONE;
    }
    return t->plan_state == PLAN_USABLE ? &t->plan : NULL;
}

/* Every BinXML value of the instance (values: the first one's bytes)
 * must be inert, as the walk's tail check demands before it stops at </System>. */
static bool binxml_values_inert(evtx_chunk *c, const unsigned char *desc, uint32_t count,
                                const unsigned char *values, const pushdown *pd)
{
    arena_reset(&c->rec);       /* the record's scratch, as a walk would start it */
    c->rec_used = 0;
    evtx_probe_arm(c, pd);
    bool inert = true;
    for (uint32_t i = 0; i < count && inert; i++) {
        uint32_t size = evtx_le16(desc + 4 * i);
        if (desc[4 * i + 2] == EVTX_VT_BINXML && size)
            inert = evtx_binxml_value_inert(c, values, size);
        values += size;
    }
    evtx_probe_arm(c, NULL);
    return inert;
}

/* The pushdown on the EventID alone, every other value unknown: false only when no
 * value of the others could make any plan keep the event. */
static bool early_pass(const evtx_probe *p, const input_options *opt)
{
    pushdown_sysvals v = { 0 };
    v.source = opt->source;
    v.sourcetype = opt->sourcetype;
    if (p->set[EVTX_PROBE_EVENTID] && p->len[EVTX_PROBE_EVENTID]) {
        v.eventid = p->val[EVTX_PROBE_EVENTID];
        v.eventid_len = p->len[EVTX_PROBE_EVENTID];
    }
    v.unknown = p->need & ~(unsigned)PUSHDOWN_EVENTID;
    return pushdown_match(opt->pushdown, &v);
}

/* Captures text as the walk's put_value does: too long makes the event untestable. */
static void capture(evtx_probe *p, int slot, const char *s, size_t len)
{
    p->set[slot] = true;
    if (len > EVTX_PROBE_VALUE_MAX) {
        p->untestable = true;
        return;
    }
    if (len)                    /* an empty value may come with no buffer at all */
        memcpy(p->val[slot], s, len);
    p->len[slot] = len;
}

/* One value as the walk would capture it; false when only the walk can tell. */
static bool fill_slot(evtx_probe *p, evtx_chunk *c, int s, const evtx_sys_source *src,
                      const evtx_val *v)
{
    if (src->kind == SYS_TEXT) {
        capture(p, s, src->text, src->len);
        return true;
    }
    if (src->kind != SYS_SUBST)
        return true;
    if (src->optional && v->type == EVTX_VT_NULL)
        return true;                        /* left out altogether */
    if ((v->type & EVTX_VT_ARRAY) && v->size && s != EVTX_PROBE_PROVIDER)
        return false;                       /* one element per item: the walk's call */
    if (v->type == EVTX_VT_NULL || v->type == EVTX_VT_BINXML || v->size == 0) {
        capture(p, s, "", 0);
        return true;
    }
    evtx_buf *b = &c->valbuf;
    b->len = 0;
    evtx_value_render(b, v->type, v->p, v->size);
    capture(p, s, b->p, b->len);
    return true;
}

bool evtx_probe_fast(evtx_probe *p, evtx_chunk *c, const evtx_record_view *r,
                     const input_options *opt)
{
    evtx_instance in;
    if (!evtx_instance_read(c, (size_t)r->offset + EVTX_REC_DATA,
                            (size_t)r->offset + r->size - 4, &in))
        return false;           /* another shape, or damage the walk reports */
    evtx_tmpl *t = evtx_template_at(c, in.def);
    const evtx_sysplan *plan = t ? plan_of(c, t, p->pd) : NULL;
    if (!plan)
        return false;
    uint32_t count = in.count;
    const unsigned char *desc = in.desc, *values = in.values;
    bool binxml = false;
    for (uint32_t i = 0; i < count; i++)
        binxml |= desc[4 * i + 2] == EVTX_VT_BINXML;
    evtx_val vals[EVTX_PROBE_NVALUES] = { { 0 } };   /* type NULL: index past count */
    for (int s = 0; s < EVTX_PROBE_NVALUES; s++) {
        const evtx_sys_source *src = &plan->src[s];
        if (src->kind != SYS_SUBST || src->index >= count || !(p->need & (1u << s)))
            continue;
        size_t off = 0;
        for (uint32_t i = 0; i < src->index; i++)
            off += evtx_le16(desc + 4 * i);
        vals[s] = (evtx_val){ values + off, evtx_le16(desc + 4 * src->index),
                              desc[4 * src->index + 2] };
        if (vals[s].type == EVTX_VT_BINXML && vals[s].size)
            return false;       /* a System value that is a stream: the walk's call */
    }
    if (binxml && !binxml_values_inert(c, desc, count, values, p->pd))
        return false;

    memset(p->set, 0, sizeof p->set);
    memset(p->len, 0, sizeof p->len);
    p->untestable = p->rejected = false;
    /* The EventID (slot 0) comes first: alone, it rejects most records before any
     * string is made. That verdict holds whatever the walk would make of the other
     * values (the tail check has ruled out EventData names that shadow it). */
    for (int s = EVTX_PROBE_EVENTID; s < EVTX_PROBE_NVALUES; s++) {
        if (!(p->need & (1u << s)))
            continue;
        if (!fill_slot(p, c, s, &plan->src[s], &vals[s]))
            return false;
        if (s == EVTX_PROBE_EVENTID && opt && !p->untestable &&
            (p->need & ~(1u << s)) && !early_pass(p, opt)) {
            p->rejected = true;
            return true;
        }
    }
    return true;
}
