/* spl_pushdown.c - predicate pushdown: turns the leading search stages of plans into
 * a test readers run on an event's System values (EventID, Channel, Computer,
 * provider Name) before building the event. Evaluation is three-valued: a condition
 * on any other field is unknown, and an event is dropped only when every plan's
 * condition is certainly false, so the test never loses an event a search keeps. */
#include "spl_private.h"

#include <string.h>
#include <strings.h>

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
    FT("signature_id", F_EVENTID), FT("event_id", F_EVENTID),
    FT("Channel", F_CHANNEL),
    FT("Computer", F_COMPUTER),    FT("host", F_COMPUTER),
    FT("dest", F_COMPUTER),        FT("dvc", F_COMPUTER),
    FT("Name", F_NAME),
    FT("source", F_SOURCE),        FT("sourcetype", F_SOURCETYPE),
    FT("eventtype", F_ABSENT),
};
#undef FT

/* Nesting followed when converting; deeper conditions count as unknown. */
#define PD_MAX_DEPTH 128

/* One plan's part: its leading search stages, ANDed (borrowed from the plan). */
typedef struct pd_plan {
    const spl_stage *stages;
    size_t n;
} pd_plan;

struct spl_pushdown {
    pd_plan *plans;            /* the plans that can reject events */
    size_t nplans, cap;
    bool all;                  /* some plan may keep any event */
};

static int field_of(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof field_table / sizeof field_table[0]; i++)
        if (field_table[i].len == len && memcmp(field_table[i].name, name, len) == 0)
            return field_table[i].field;
    return F_OTHER;
}

bool spl_pushdown_shadowed(const char *name, size_t len)
{
    while (len && *name == '_') {    /* readers strip leading underscores */
        name++;
        len--;
    }
    int f = field_of(name, len);
    return f != F_OTHER && f != F_ABSENT;
}

spl_pushdown *spl_pushdown_new(void)
{
    return xcalloc(1, sizeof(spl_pushdown));
}

void spl_pushdown_free(spl_pushdown *pd)
{
    if (!pd)
        return;
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

void spl_pushdown_add(spl_pushdown *pd, const spl_plan *p)
{
    if (pd->all)
        return;
    size_t n = 0;
    while (n < p->nstages && p->stages[n].cmd == &spl_cmd_search)
        n++;
    bool useful = false;
    for (size_t i = 0; i < n && !useful; i++)
        useful = may_be_false(p->stages[i].state, 0);
    if (!useful) {
        pd->all = true;
        return;
    }
    XGROW(pd->plans, pd->cap, pd->nplans + 1);
    pd->plans[pd->nplans++] = (pd_plan){ p->stages, n };
}

bool spl_pushdown_active(const spl_pushdown *pd)
{
    return pd && !pd->all && pd->nplans > 0;
}

/* A value against a comparison, as search_expr matches one value. */
static bool value_matches(const search_node_view *n, const char *s, size_t len)
{
    if (n->op == TK_EQ || n->op == TK_NE) {
        double d;
        if (n->is_num && num_parse(s, len, &d))
            return d == n->num;
        return search_glob(n->value, n->value_len, s, len, true);
    }
    int c = spl_compare(s, len, n->value, n->value_len);
    switch (n->op) {
    case TK_LT: return c < 0;
    case TK_LE: return c <= 0;
    case TK_GT: return c > 0;
    case TK_GE: return c >= 0;
    default: return false;
    }
}

/* A test on a single-valued field that is present (s) or absent (NULL). */
static int cmp_value(const search_node_view *n, const char *s, size_t len)
{
    if (!s || !len)
        return TV_FALSE;      /* empty values never become fields */
    bool m = value_matches(n, s, len);
    return (n->op == TK_NE ? !m : m) ? TV_TRUE : TV_FALSE;
}

/* source/sourcetype without an override: readers derive them from the channel as
 * "...WinEventLog:<Channel>". A pattern naming a channel after "WinEventLog:" is
 * certainly false when the channel does not match it; anything else is unknown. */
static int cmp_derived(const search_node_view *n, const spl_sysvals *v)
{
    static const char mark[] = "WinEventLog:";
    size_t ml = sizeof mark - 1;
    if (n->op != TK_EQ || !v->channel || !v->channel_len)
        return TV_UNKNOWN;
    for (size_t i = 0; i + ml <= n->value_len; i++) {
        if (strncasecmp(n->value + i, mark, ml) != 0)
            continue;
        const char *tail = n->value + i + ml;
        size_t tlen = n->value_len - i - ml;
        return search_glob(tail, tlen, v->channel, v->channel_len, true) ? TV_UNKNOWN : TV_FALSE;
    }
    return TV_UNKNOWN;
}

static int eval(const search_node *node, const spl_sysvals *v, int depth)
{
    if (depth > PD_MAX_DEPTH)
        return TV_UNKNOWN;
    search_node_view n;
    search_expr_view(node, &n);
    switch (n.kind) {
    case SEARCH_VIEW_ALL:
        return TV_TRUE;
    case SEARCH_VIEW_AND: {
        int r = TV_TRUE;
        for (size_t i = 0; i < n.nkids; i++) {
            int k = eval(n.kids[i], v, depth + 1);
            if (k == TV_FALSE)
                return TV_FALSE;
            if (k == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case SEARCH_VIEW_OR: {
        int r = TV_FALSE;
        for (size_t i = 0; i < n.nkids; i++) {
            int k = eval(n.kids[i], v, depth + 1);
            if (k == TV_TRUE)
                return TV_TRUE;
            if (k == TV_UNKNOWN)
                r = TV_UNKNOWN;
        }
        return r;
    }
    case SEARCH_VIEW_NOT: {
        int k = n.nkids ? eval(n.kids[0], v, depth + 1) : TV_UNKNOWN;
        return k == TV_UNKNOWN ? k : k == TV_TRUE ? TV_FALSE : TV_TRUE;
    }
    case SEARCH_VIEW_CMP:
        if (n.field_wild)
            return TV_UNKNOWN;
        switch (field_of(n.field, n.field_len)) {
        case F_EVENTID: return cmp_value(&n, v->eventid, v->eventid_len);
        case F_CHANNEL: return cmp_value(&n, v->channel, v->channel_len);
        case F_COMPUTER: return cmp_value(&n, v->computer, v->computer_len);
        case F_NAME: return cmp_value(&n, v->provider, v->provider_len);
        case F_SOURCE:
            return v->source ? cmp_value(&n, v->source, strlen(v->source)) : cmp_derived(&n, v);
        case F_SOURCETYPE:
            return v->sourcetype ? cmp_value(&n, v->sourcetype, strlen(v->sourcetype))
                                 : cmp_derived(&n, v);
        case F_ABSENT: return TV_FALSE;
        default: return TV_UNKNOWN;
        }
    default:
        return TV_UNKNOWN;   /* bare terms test _raw */
    }
}

bool spl_pushdown_match(const spl_pushdown *pd, const spl_sysvals *v)
{
    if (!spl_pushdown_active(pd))
        return true;
    for (size_t i = 0; i < pd->nplans; i++) {
        const pd_plan *pl = &pd->plans[i];
        int r = TV_TRUE;
        for (size_t k = 0; k < pl->n && r != TV_FALSE; k++) {
            int e = eval(pl->stages[k].state, v, 0);
            if (e != TV_TRUE)
                r = e;
        }
        if (r != TV_FALSE)
            return true;
    }
    return false;
}
