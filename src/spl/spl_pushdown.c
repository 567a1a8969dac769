/* spl_pushdown.c - predicate pushdown: turns the leading search stages of plans into
 * a test readers run on an event's System values (EventID, Channel, Computer,
 * provider Name) before building the event; implements the readers' interface,
 * event/pushdown.h. Evaluation is three-valued: a condition on any other field is
 * unknown, and an event is dropped only when every plan's condition is certainly
 * false, so the test never loses an event a search keeps. `dest` and `event_id`
 * are not decided here: the add-on computes them from other fields (ta_windows.c:
 * a Security event's target server, the record number). */
#include "spl_private.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "../event/winevent.h"
#include "../util/num.h"
#include "../util/xmalloc.h"
#include "search_expr.h"

enum { TV_FALSE, TV_TRUE, TV_UNKNOWN };

/* Fields the System view decides. */
enum { F_OTHER, F_EVENTID, F_CHANNEL, F_COMPUTER, F_NAME, F_SOURCE, F_SOURCETYPE, F_ABSENT };

/* Record field names and the System value each comes from. `eventtype` is never set
 * by a reader (eventtype=X is expanded into its definition by the search parser). */
#define FT(name, field) { name, sizeof name - 1, field }
static const struct { const char *name; size_t len; int field; } field_table[] = {
    FT("EventCode", F_EVENTID),    FT("EventID", F_EVENTID),
    FT("signature_id", F_EVENTID),
    FT("Channel", F_CHANNEL),
    FT("Computer", F_COMPUTER),    FT("host", F_COMPUTER),
    FT("dvc", F_COMPUTER),
    FT("Name", F_NAME),
    FT("source", F_SOURCE),        FT("sourcetype", F_SOURCETYPE),
    FT("eventtype", F_ABSENT),
};
#undef FT

/* Nesting followed when converting; deeper conditions count as unknown. */
#define PD_MAX_DEPTH 128

/* The test is compiled when a plan is added: a flat array of nodes with the field
 * each comparison decides and the channel pattern of source/sourcetype worked out,
 * so the per-event test does no lookups or parsing of the plan. */
enum { PD_ALL, PD_UNKNOWN, PD_FALSE, PD_AND, PD_OR, PD_NOT, PD_CMP };

typedef struct pd_node {
    uint8_t kind;              /* PD_* */
    uint8_t field;             /* PD_CMP: F_* */
    bool has_channel;          /* PD_CMP on derived source(type): pattern names a channel */
    uint32_t kids, nkids;      /* PD_AND/OR/NOT: children at pd->kids[kids ...] */
    search_node_view v;        /* PD_CMP: the comparison (borrowed from the plan) */
    const char *channel;       /* has_channel: the pattern after "WinEventLog:" */
    size_t channel_len;
} pd_node;

typedef struct spl_pushdown {
    pushdown base;             /* the readers' handle; base.needs and base.active are
                                  kept up to date by spl_pushdown_add */
    pd_node *nodes;            /* every compiled node */
    size_t nnodes, nodes_cap;
    uint32_t *kids;            /* child lists and plan roots (indices into nodes) */
    size_t nkids, kids_cap;
    uint32_t *plans;           /* per plan: its root (an AND of its stages) */
    size_t nplans, plans_cap;
    unsigned tested;           /* 1 << F_* of every field a comparison decides */
    uint32_t shadow_lens;      /* 1 << length of each field_table name tested ... */
    uint64_t shadow_firsts;    /* ... and 1 << (its first letter - 'A'): most names
                                  are ruled out on these two alone */
    bool all;                  /* some plan may keep any event */
} spl_pushdown;

/* The state behind a handle of spl_pushdown_new(). */
static spl_pushdown *of(const pushdown *pd)
{
    return (spl_pushdown *)pd;
}

static int field_of(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof field_table / sizeof field_table[0]; i++)
        if (field_table[i].len == len && field_table[i].name[0] == name[0] &&
            memcmp(field_table[i].name, name, len) == 0)
            return field_table[i].field;
    return F_OTHER;
}

/* An EventData/UserData name equals a field name once cleaned (winevent_name_keeps);
 * the caller has dropped its lead. */
static bool cleaned_is(const char *name, size_t len, const char *want, size_t wlen)
{
    if (len != wlen)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((winevent_name_keeps(c) ? c : '_') != (unsigned char)want[i])
            return false;
    }
    return true;
}

static bool shadows(const pushdown *handle, const char *name, size_t len)
{
    const spl_pushdown *pd = of(handle);
    if (!pd->tested)
        return false;
    size_t lead = winevent_name_lead(name, len);
    name += lead;
    len -= lead;
    /* the name now starts with a letter or a UTF-8 byte; table names with an ASCII
     * letter */
    if (len >= 32 || !(pd->shadow_lens >> len & 1) || (unsigned char)name[0] >= 0x80 ||
        !(pd->shadow_firsts >> ((unsigned char)name[0] - 'A') & 1))
        return false;
    for (size_t i = 0; i < sizeof field_table / sizeof field_table[0]; i++)
        if ((pd->tested & (1u << field_table[i].field)) &&
            cleaned_is(name, len, field_table[i].name, field_table[i].len))
            return true;
    return false;
}

static bool match(const pushdown *handle, const pushdown_sysvals *v);

static const pushdown_ops spl_ops = { match, shadows };

pushdown *spl_pushdown_new(void)
{
    spl_pushdown *pd = xcalloc(1, sizeof(spl_pushdown));
    pushdown_init(&pd->base, &spl_ops);
    return &pd->base;
}

void spl_pushdown_free(pushdown *handle)
{
    if (!handle)
        return;
    spl_pushdown *pd = of(handle);
    free(pd->nodes);
    free(pd->kids);
    free(pd->plans);
    free(pd);
}

/* True when the condition can be certainly false for some System values. */
static bool may_be_false(const search_node *n, int depth)
{
    if (depth > PD_MAX_DEPTH)
        return false;
    search_node_view v;
    search_expr_view(n, &v);
    switch (v.kind) {
    case SEARCH_VIEW_CMP:
        return !v.field_wild && field_of(v.field, v.field_len) != F_OTHER;
    case SEARCH_VIEW_AND:
        for (size_t i = 0; i < v.nkids; i++)
            if (may_be_false(v.kids[i], depth + 1))
                return true;
        return false;
    case SEARCH_VIEW_OR:
        for (size_t i = 0; i < v.nkids; i++)
            if (!may_be_false(v.kids[i], depth + 1))
                return false;
        return v.nkids > 0;
    case SEARCH_VIEW_NOT:
        return may_be_false(v.kids[0], depth + 1) || v.nkids == 0;
    default:
        return false;
    }
}

static uint32_t new_node(spl_pushdown *pd, int kind)
{
    XGROW(pd->nodes, pd->nodes_cap, pd->nnodes + 1);
    pd_node *n = &pd->nodes[pd->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    return (uint32_t)pd->nnodes++;
}

static uint32_t reserve_kids(spl_pushdown *pd, size_t n)
{
    XGROW(pd->kids, pd->kids_cap, pd->nkids + n);
    uint32_t first = (uint32_t)pd->nkids;
    pd->nkids += n;
    return first;
}

/* source/sourcetype without an override: readers derive them from the channel as
 * "...WinEventLog:<Channel>". A pattern naming a channel after "WinEventLog:" is
 * certainly false when the channel does not match it; anything else is unknown. */
static void derived_channel(pd_node *n)
{
    static const char mark[] = "WinEventLog:";
    size_t ml = sizeof mark - 1;
    for (size_t i = 0; n->v.op == TK_EQ && i + ml <= n->v.value_len; i++) {
        if (strncasecmp(n->v.value + i, mark, ml) == 0) {
            n->has_channel = true;
            n->channel = n->v.value + i + ml;
            n->channel_len = n->v.value_len - i - ml;
            return;
        }
    }
}

static const unsigned field_needs[] = {
    [F_EVENTID] = PUSHDOWN_EVENTID, [F_CHANNEL] = PUSHDOWN_CHANNEL,
    [F_COMPUTER] = PUSHDOWN_COMPUTER, [F_NAME] = PUSHDOWN_PROVIDER,
    [F_SOURCE] = PUSHDOWN_CHANNEL, [F_SOURCETYPE] = PUSHDOWN_CHANNEL,
};

/* Rough cost of testing a node: an EventID is one number compare (and the most
 * selective field), other fields a string match; lists cost their children. */
static unsigned node_cost(const spl_pushdown *pd, uint32_t at)
{
    const pd_node *n = &pd->nodes[at];
    if (n->kind == PD_CMP)
        return n->field == F_EVENTID ? 1 : 4;
    if (n->kind == PD_AND || n->kind == PD_OR || n->kind == PD_NOT) {
        unsigned c = 1;
        for (uint32_t i = 0; i < n->nkids; i++)
            c += node_cost(pd, pd->kids[n->kids + i]);
        return c;
    }
    return 0;
}

/* Three-valued AND and OR do not depend on order: test the cheap children first, so
 * a failed EventID ends the test before any string is compared. */
static void order_kids(spl_pushdown *pd, uint32_t first, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t k = pd->kids[first + i];
        unsigned c = node_cost(pd, k);
        size_t j = i;
        while (j > 0 && node_cost(pd, pd->kids[first + j - 1]) > c) {
            pd->kids[first + j] = pd->kids[first + j - 1];
            j--;
        }
        pd->kids[first + j] = k;
    }
}

static void note_tested(spl_pushdown *pd, unsigned fields)
{
    pd->tested |= fields;
    for (size_t i = 0; i < sizeof field_table / sizeof field_table[0]; i++) {
        if (!(fields & 1u << field_table[i].field))
            continue;
        pd->shadow_lens |= (uint32_t)1 << field_table[i].len;
        pd->shadow_firsts |= (uint64_t)1 << (field_table[i].name[0] - 'A');
    }
}

static uint32_t compile_node(spl_pushdown *pd, const search_node *node, int depth)
{
    if (depth > PD_MAX_DEPTH)
        return new_node(pd, PD_UNKNOWN);
    search_node_view v;
    search_expr_view(node, &v);
    switch (v.kind) {
    case SEARCH_VIEW_ALL:
        return new_node(pd, PD_ALL);
    case SEARCH_VIEW_AND:
    case SEARCH_VIEW_OR:
    case SEARCH_VIEW_NOT: {
        if (v.kind == SEARCH_VIEW_NOT && v.nkids == 0)
            return new_node(pd, PD_UNKNOWN);
        size_t n = v.kind == SEARCH_VIEW_NOT ? 1 : v.nkids;
        uint32_t self = new_node(pd, v.kind == SEARCH_VIEW_AND ? PD_AND
                                     : v.kind == SEARCH_VIEW_OR ? PD_OR : PD_NOT);
        uint32_t first = reserve_kids(pd, n);
        for (size_t i = 0; i < n; i++) {
            uint32_t k = compile_node(pd, v.kids[i], depth + 1);
            pd->kids[first + i] = k;
        }
        pd->nodes[self].kids = first;
        pd->nodes[self].nkids = (uint32_t)n;
        if (v.kind != SEARCH_VIEW_NOT)
            order_kids(pd, first, n);
        return self;
    }
    case SEARCH_VIEW_CMP: {
        int f = v.field_wild ? F_OTHER : field_of(v.field, v.field_len);
        if (f == F_OTHER)
            return new_node(pd, PD_UNKNOWN);
        if (f == F_ABSENT)
            return new_node(pd, PD_FALSE);
        uint32_t self = new_node(pd, PD_CMP);
        pd_node *n = &pd->nodes[self];
        n->field = (uint8_t)f;
        n->v = v;
        if (f == F_SOURCE || f == F_SOURCETYPE)
            derived_channel(n);
        pd->base.needs |= field_needs[f];
        /* source and sourcetype are derived from the channel: a Data field named
         * Channel changes what they are matched on */
        note_tested(pd, 1u << f | (f == F_SOURCE || f == F_SOURCETYPE ? 1u << F_CHANNEL : 0));
        return self;
    }
    default:
        return new_node(pd, PD_UNKNOWN);   /* bare terms test _raw */
    }
}

void spl_pushdown_add(pushdown *handle, const spl_plan *p)
{
    assert(handle->ops == &spl_ops);
    spl_pushdown *pd = of(handle);
    if (pd->all)
        return;
    size_t n = 0;
    while (n < p->nstages && p->stages[n].cmd == &spl_cmd_search)
        n++;
    /* the next stage's own condition (tstats: its dataset's events) */
    const search_node *pre = n < p->nstages && p->stages[n].cmd->prefilter
                             ? p->stages[n].cmd->prefilter(&p->stages[n]) : NULL;
    bool useful = pre && may_be_false(pre, 0);
    for (size_t i = 0; i < n && !useful; i++)
        useful = may_be_false(p->stages[i].state, 0);
    if (!useful) {
        pd->all = true;
        pd->base.active = false;
        return;
    }
    size_t nk = n + (pre ? 1 : 0);
    uint32_t root = new_node(pd, PD_AND);
    uint32_t first = reserve_kids(pd, nk);
    for (size_t i = 0; i < n; i++) {
        uint32_t k = compile_node(pd, p->stages[i].state, 0);
        pd->kids[first + i] = k;
    }
    if (pre) {
        uint32_t k = compile_node(pd, pre, 0);
        pd->kids[first + n] = k;
    }
    pd->nodes[root].kids = first;
    pd->nodes[root].nkids = (uint32_t)nk;
    order_kids(pd, first, nk);
    XGROW(pd->plans, pd->plans_cap, pd->nplans + 1);
    pd->plans[pd->nplans++] = root;
    pd->base.active = true;
}

/* A value against a comparison, as search_expr matches one value. */
static bool value_matches(const search_node_view *n, const char *s, size_t len)
{
    return search_value_matches(n->op, n->is_num, n->num, n->value, n->value_len, s, len);
}

/* A test on a single-valued field that is present (s) or absent (NULL). */
static int cmp_value(const search_node_view *n, const char *s, size_t len)
{
    if (!s || !len)
        return TV_FALSE;      /* empty values never become fields */
    bool m = value_matches(n, s, len);
    return (n->op == TK_NE ? !m : m) ? TV_TRUE : TV_FALSE;
}

static int cmp_derived(const pd_node *n, const pushdown_sysvals *v)
{
    if (!n->has_channel || !v->channel || !v->channel_len)
        return TV_UNKNOWN;
    return search_glob(n->channel, n->channel_len, v->channel, v->channel_len, true)
               ? TV_UNKNOWN : TV_FALSE;
}

/* Depth is bounded by compile_node (PD_MAX_DEPTH). */
static int eval(const spl_pushdown *pd, uint32_t at, const pushdown_sysvals *v)
{
    const pd_node *n = &pd->nodes[at];
    switch (n->kind) {
    case PD_ALL:
        return TV_TRUE;
    case PD_FALSE:
        return TV_FALSE;
    case PD_AND: {
        int r = TV_TRUE;
        for (uint32_t i = 0; i < n->nkids; i++) {
            int k = eval(pd, pd->kids[n->kids + i], v);
            if (k == TV_FALSE)
                return TV_FALSE;
            if (k == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case PD_OR: {
        int r = TV_FALSE;
        for (uint32_t i = 0; i < n->nkids; i++) {
            int k = eval(pd, pd->kids[n->kids + i], v);
            if (k == TV_TRUE)
                return TV_TRUE;
            if (k == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case PD_NOT: {
        int k = eval(pd, pd->kids[n->kids], v);
        return k == TV_UNKNOWN ? k : k == TV_TRUE ? TV_FALSE : TV_TRUE;
    }
    case PD_CMP:
        if (v->unknown & field_needs[n->field])
            return TV_UNKNOWN;
        switch (n->field) {
        case F_EVENTID: return cmp_value(&n->v, v->eventid, v->eventid_len);
        case F_CHANNEL: return cmp_value(&n->v, v->channel, v->channel_len);
        case F_COMPUTER: return cmp_value(&n->v, v->computer, v->computer_len);
        case F_NAME: return cmp_value(&n->v, v->provider, v->provider_len);
        case F_SOURCE:
            return v->source ? cmp_value(&n->v, v->source, strlen(v->source)) : cmp_derived(n, v);
        case F_SOURCETYPE:
            return v->sourcetype ? cmp_value(&n->v, v->sourcetype, strlen(v->sourcetype))
                                 : cmp_derived(n, v);
        default: return TV_UNKNOWN;
        }
    default:
        return TV_UNKNOWN;
    }
}

/* Asked of active handles only (pushdown_match). */
static bool match(const pushdown *handle, const pushdown_sysvals *v)
{
    const spl_pushdown *pd = of(handle);
    for (size_t i = 0; i < pd->nplans; i++)
        if (eval(pd, pd->plans[i], v) != TV_FALSE)
            return true;
    return false;
}
