/* sigma_correlation.c - correlation rules v2.1 (event_count, value_count, temporal,
 * temporal_ordered, value_sum, value_avg, value_percentile; group-by, timespan,
 * aliases, generate, chains of correlations) as one stateful plan stage. The stage
 * tests every event against the detection rules at the leaves of the correlation
 * tree and keeps their matches ("hits": time, group values, the value field); at the
 * end of input each correlation, bottom-up, sorts its hits by group and time and
 * slides a window of `timespan` over them. Events may arrive in any order (newest
 * first, several files), which is why the windows are worked out at the end.
 *
 * Window rule (docs/sigma.md): a window starts at a hit and holds every hit of the
 * group up to timespan later; when its aggregate meets the condition it is reported
 * and the next window starts after its last hit, else the next window starts at the
 * next hit. */
#include "sigma_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

#define CORR_MAX_HITS (1u << 21)   /* hits one correlation holds (reported beyond) */
#define CORR_MAX_GROUP_BY 16

typedef enum corr_type {
    CT_EVENT_COUNT, CT_VALUE_COUNT, CT_TEMPORAL, CT_TEMPORAL_ORDERED, CT_VALUE_SUM,
    CT_VALUE_AVG, CT_VALUE_PERCENTILE,
} corr_type;
/* ORDER: corr_type. The aggregate's column name follows the type's. */
static const char *const type_names[] = { "event_count", "value_count", "temporal",
                                          "temporal_ordered", "value_sum", "value_avg",
                                          "value_percentile" };

typedef enum corr_op { OP_GT, OP_GTE, OP_LT, OP_LTE, OP_EQ, OP_NEQ } corr_op;
static const char *const op_names[] = { "gt", "gte", "lt", "lte", "eq", "neq" };

typedef struct corr_alias {
    char *alias;               /* the name group-by uses */
    char **rule_names;         /* per rule name ... */
    char **fields;             /* ... the field it stands for */
    size_t n;
} corr_alias;

/* One hit: a match of a referenced rule (or a firing of a referenced correlation). */
typedef struct hit {
    double t;
    uint32_t rule;             /* index in the correlation's rules */
    uint32_t seq;              /* arrival order, breaks ties in time */
    sv *groups;                /* one per group-by field (arena) */
    sv value;                  /* the condition's field, {NULL,0} when absent */
    uint32_t id;               /* value id within the group (distinct counting) */
} hit;

struct sigma_correlation {
    corr_type type;
    char **refs;               /* rules as written (ids or names) */
    size_t nrefs;
    sigma_rule **rules;        /* resolved (the set owns them) */
    char **group_by;
    size_t ngroup;
    double timespan;           /* seconds */
    corr_op ops[6];
    double limits[6];
    size_t nconds;
    char **value_fields;       /* condition `field` (one or several) */
    size_t nvalue_fields;
    corr_alias *aliases;
    size_t naliases;
    bool generate;             /* generate: true - its rules also run on their own */
    bool resolved, resolving;
    /* run-time state (a correlation runs in one plan at a time) */
    hit *hits;
    size_t nhits, hits_cap;
    bool overflow;             /* CORR_MAX_HITS reached and reported */
    arena mem;                 /* hit strings */
    uint32_t seq;
};

/* ---- loading ---- */

static int bad(const char **why, const char *msg)
{
    *why = msg;
    return -1;
}

static char **strings_of(const ynode *n, size_t *count)
{
    *count = 0;
    if (!n)
        return NULL;
    if (n->kind == YN_SCALAR) {
        if (!n->str)
            return NULL;
        char **v = xcalloc(1, sizeof *v);
        v[(*count)++] = xstrdup(n->str);
        return v;
    }
    if (n->kind != YN_SEQ)
        return NULL;
    char **v = xcalloc(ynode_count(n) + 1, sizeof *v);
    for (const ynode *c = n->first; c; c = c->next)
        if (ynode_str(c))
            v[(*count)++] = xstrdup(c->str);
    return v;
}

/* "90m" -> 5400 seconds. */
static bool parse_timespan(const char *s, double *out)
{
    size_t n = s ? strlen(s) : 0;
    double v;
    if (n < 2 || !num_parse(s, n - 1, &v) || v <= 0)
        return false;
    switch (s[n - 1]) {
    case 's': *out = v; return true;
    case 'm': *out = v * 60; return true;
    case 'h': *out = v * 3600; return true;
    case 'd': *out = v * 86400; return true;
    case 'w': *out = v * 7 * 86400; return true;
    case 'M': *out = v * 30 * 86400; return true;
    case 'y': *out = v * 365 * 86400; return true;
    default: return false;
    }
}

int sigma_correlation_load(sigma_rule *r, const ynode *corr, const char **why)
{
    if (!corr || corr->kind != YN_MAP)
        return bad(why, "'correlation' is not a mapping");
    sigma_correlation *c = xcalloc(1, sizeof *c);
    r->correlation = c;
    arena_init(&c->mem, 4096);
    const char *type = ynode_str(ynode_get(corr, "type"));
    size_t t;
    for (t = 0; type && t < sizeof type_names / sizeof type_names[0]; t++)
        if (strcmp(type, type_names[t]) == 0)
            break;
    if (!type || t == sizeof type_names / sizeof type_names[0])
        return bad(why, "correlation type missing or unknown");
    c->type = (corr_type)t;
    c->refs = strings_of(ynode_get(corr, "rules"), &c->nrefs);
    if (c->nrefs == 0)
        return bad(why, "correlation without 'rules'");
    if (c->nrefs > SIGMA_MAX_CORR_RULES)
        return bad(why, "correlation of more than 64 rules");
    c->group_by = strings_of(ynode_get(corr, "group-by"), &c->ngroup);
    if (c->ngroup > CORR_MAX_GROUP_BY)
        return bad(why, "correlation grouped by more than 16 fields");
    if (!parse_timespan(ynode_str(ynode_get(corr, "timespan")), &c->timespan))
        return bad(why, "correlation 'timespan' missing or not NUMBER+s/m/h/d");
    const ynode *cond = ynode_get(corr, "condition");
    if (cond && cond->kind != YN_MAP)
        return bad(why, "correlation 'condition' is not a mapping");
    for (const ynode *k = cond ? cond->first : NULL; k && k->next; k = k->next->next) {
        const char *key = ynode_str(k);
        if (key && strcmp(key, "field") == 0) {
            if (c->value_fields)   /* a repeated key: YAML would keep the last */
                return bad(why, "correlation condition with 'field' twice");
            c->value_fields = strings_of(k->next, &c->nvalue_fields);
            continue;
        }
        size_t o;
        for (o = 0; key && o < 6; o++)
            if (strcmp(key, op_names[o]) == 0)
                break;
        double lim;
        const char *v = ynode_str(k->next);
        if (!key || o == 6 || !v || !num_parse(v, strlen(v), &lim))
            return bad(why, "correlation condition needs gt/gte/lt/lte/eq/neq: NUMBER");
        if (c->nconds == 6)
            return bad(why, "too many correlation conditions");
        c->ops[c->nconds] = (corr_op)o;
        c->limits[c->nconds++] = lim;
    }
    bool needs_cond = c->type != CT_TEMPORAL && c->type != CT_TEMPORAL_ORDERED;
    if (needs_cond && c->nconds == 0)
        return bad(why, "correlation without a condition");
    if (c->type == CT_TEMPORAL_ORDERED && c->nconds)
        return bad(why, "a condition on temporal_ordered (not defined by the specification)");
    bool needs_field = c->type == CT_VALUE_COUNT || c->type == CT_VALUE_SUM ||
                       c->type == CT_VALUE_AVG || c->type == CT_VALUE_PERCENTILE;
    if (needs_field && c->nvalue_fields == 0)
        return bad(why, "correlation condition without 'field'");
    if (!needs_field && c->nvalue_fields)
        return bad(why, "'field' in the condition of a correlation that counts no values");
    const ynode *aliases = ynode_get(corr, "aliases");
    if (aliases && aliases->kind == YN_MAP) {
        c->aliases = xcalloc(ynode_count(aliases), sizeof *c->aliases);
        for (const ynode *k = aliases->first; k && k->next; k = k->next->next) {
            const ynode *m = k->next;
            if (!ynode_str(k) || m->kind != YN_MAP)
                return bad(why, "correlation alias is not a mapping of rule name to field");
            corr_alias *a = &c->aliases[c->naliases++];
            a->alias = xstrdup(k->str);
            a->rule_names = xcalloc(ynode_count(m) + 1, sizeof *a->rule_names);
            a->fields = xcalloc(ynode_count(m) + 1, sizeof *a->fields);
            for (const ynode *e = m->first; e && e->next; e = e->next->next) {
                if (!ynode_str(e) || !ynode_str(e->next))
                    return bad(why, "correlation alias is not a mapping of rule name to field");
                a->rule_names[a->n] = xstrdup(e->str);
                a->fields[a->n++] = xstrdup(e->next->str);
            }
        }
    }
    const char *gen = ynode_str(ynode_get(corr, "generate"));
    c->generate = gen && strcasecmp(gen, "true") == 0;
    return 0;
}

void sigma_correlation_free(sigma_correlation *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrefs; i++)
        free(c->refs[i]);
    free(c->refs);
    free(c->rules);
    for (size_t i = 0; i < c->ngroup; i++)
        free(c->group_by[i]);
    free(c->group_by);
    for (size_t i = 0; i < c->nvalue_fields; i++)
        free(c->value_fields[i]);
    free(c->value_fields);
    for (size_t i = 0; i < c->naliases; i++) {
        for (size_t k = 0; k < c->aliases[i].n; k++) {
            free(c->aliases[i].rule_names[k]);
            free(c->aliases[i].fields[k]);
        }
        free(c->aliases[i].rule_names);
        free(c->aliases[i].fields);
        free(c->aliases[i].alias);
    }
    free(c->aliases);
    free(c->hits);
    arena_free(&c->mem);
    free(c);
}

static int resolve(sigma_set *s, sigma_rule *r, int depth, const char **why)
{
    sigma_correlation *c = r->correlation;
    if (c->resolved)
        return 0;
    if (c->resolving || depth > SIGMA_MAX_CORR_DEPTH)
        return bad(why, "correlation refers to itself, or chains deeper than 8");
    c->resolving = true;
    if (!c->rules)   /* a failed resolution is tried again by each correlation using it */
        c->rules = xcalloc(c->nrefs, sizeof *c->rules);
    for (size_t i = 0; i < c->nrefs; i++) {
        sigma_rule *found = NULL;
        for (size_t k = 0; k < s->nrules && !found; k++) {
            sigma_rule *o = s->rules[k];
            if ((o->id && strcmp(o->id, c->refs[i]) == 0) ||
                (o->name && strcmp(o->name, c->refs[i]) == 0))
                found = o;
        }
        if (!found) {
            static char msg[200];
            snprintf(msg, sizeof msg, "correlation refers to rule '%.80s', which is not loaded",
                     c->refs[i]);
            c->resolving = false;
            return bad(why, msg);
        }
        if (found->correlation && resolve(s, found, depth + 1, why) < 0) {
            c->resolving = false;
            return -1;
        }
        c->rules[i] = found;
    }
    c->resolving = false;
    c->resolved = true;
    return 0;
}

int sigma_correlation_resolve(sigma_set *s, sigma_rule *r, const char **why)
{
    return resolve(s, r, 0, why);
}

void sigma_correlation_mark(sigma_rule *r)
{
    sigma_correlation *c = r->correlation;
    for (size_t i = 0; c->rules && i < c->nrefs; i++) {
        c->rules[i]->referenced = true;
        c->rules[i]->generate |= c->generate;
    }
}

static void add_sources(const sigma_rule *r, const sigma_source **out, size_t max, size_t *n,
                        int depth)
{
    if (depth > SIGMA_MAX_CORR_DEPTH)
        return;
    if (r->correlation) {
        for (size_t i = 0; i < r->correlation->nrefs && r->correlation->rules; i++)
            add_sources(r->correlation->rules[i], out, max, n, depth + 1);
        return;
    }
    for (size_t i = 0; i < r->nsources; i++) {
        bool seen = false;
        for (size_t k = 0; k < *n; k++)
            seen |= out[k] == r->sources[i];
        if (!seen && *n < max)
            out[(*n)++] = r->sources[i];
    }
}

size_t sigma_correlation_sources(const sigma_rule *r, const sigma_source **out, size_t max)
{
    size_t n = 0;
    add_sources(r, out, max, &n, 0);
    return n;
}

/* ---- collecting hits ---- */

/* The field a group-by name (or alias) stands for in matches of rule `ref`. */
static const char *field_for(const sigma_correlation *c, const sigma_rule *ref, const char *name)
{
    for (size_t a = 0; a < c->naliases; a++) {
        if (strcmp(c->aliases[a].alias, name) != 0)
            continue;
        for (size_t k = 0; k < c->aliases[a].n; k++)
            if (ref->name && strcmp(c->aliases[a].rule_names[k], ref->name) == 0)
                return c->aliases[a].fields[k];
        return NULL;   /* an alias without a field for this rule: no value */
    }
    return name;
}

/* The event field of Sigma field `name` for an event the detection matched. */
static const char *event_field(const sigma_rule *ref, const record *ev, const char *name)
{
    const sigma_detection *d = ref->detection;
    for (size_t v = 0; v < d->nvariants; v++)
        if (d->nvariants == 1 || sigma_logsource_admits(d->variants[v].src, ev))
            return sigma_logsource_field(d->variants[v].src, name);
    return name;
}

static bool add_hit(sigma_correlation *c, const sigma_rule *self, double t, uint32_t rule,
                    const sv *groups, const sv *value)
{
    if (c->nhits >= CORR_MAX_HITS) {
        if (!c->overflow)
            tr_warn("sigma correlation '%s': more than %u matches held, later ones are not "
                    "counted", self->title, CORR_MAX_HITS);
        c->overflow = true;
        return false;
    }
    XGROW(c->hits, c->hits_cap, c->nhits + 1);
    hit *h = &c->hits[c->nhits++];
    *h = (hit){ .t = t, .rule = rule, .seq = c->seq++ };
    h->groups = arena_alloc(&c->mem, (c->ngroup ? c->ngroup : 1) * sizeof *h->groups);
    for (size_t g = 0; g < c->ngroup; g++)
        h->groups[g] = (sv){ arena_strndup(&c->mem, groups[g].s, groups[g].len), groups[g].len };
    if (value && value->s)
        h->value = (sv){ arena_strndup(&c->mem, value->s, value->len), value->len };
    return true;
}

/* A detection rule of the tree matched ev: a hit for correlation c. Returns false
 * when a group-by field is missing (the event is not counted, as stats by does). */
static void hit_from_event(sigma_correlation *c, const sigma_rule *self, uint32_t rule,
                           const sigma_rule *ref, const record *ev)
{
    sv groups[CORR_MAX_GROUP_BY];
    for (size_t g = 0; g < c->ngroup; g++) {
        const char *name = field_for(c, ref, c->group_by[g]);
        const sv *v = name ? record_value(ev, event_field(ref, ev, name)) : NULL;
        if (!v)
            return;
        groups[g] = *v;
    }
    sv value = { 0 };
    char joined[4096];
    size_t jl = 0;
    for (size_t f = 0; f < c->nvalue_fields; f++) {
        const char *name = field_for(c, ref, c->value_fields[f]);
        const sv *v = name ? record_value(ev, event_field(ref, ev, name)) : NULL;
        if (!v) {
            jl = 0;
            value.s = NULL;
            break;
        }
        if (c->nvalue_fields == 1) {
            value = *v;
            break;
        }
        /* Several fields count as one value: their values joined. */
        int n = snprintf(joined + jl, sizeof joined - jl, "%s%.*s", f ? "\x1f" : "",
                         (int)v->len, v->s);
        jl = n > 0 && jl + (size_t)n < sizeof joined ? jl + (size_t)n : sizeof joined - 1;
        value = (sv){ joined, jl };
    }
    const sv *t = record_value(ev, "_time");
    double when = 0;
    if (t)
        num_parse(t->s, t->len, &when);
    add_hit(c, self, when, rule, groups, value.s ? &value : NULL);
}

/* Tests ev against every detection rule under r, depth-first. */
static void feed(const sigma_rule *r, const record *ev, int depth)
{
    sigma_correlation *c = r->correlation;
    if (depth > SIGMA_MAX_CORR_DEPTH)
        return;
    for (size_t i = 0; i < c->nrefs; i++) {
        const sigma_rule *ref = c->rules[i];
        if (ref->correlation)
            feed(ref, ev, depth + 1);
        else if (sigma_match_detection(ref->detection, ev))
            hit_from_event(c, r, (uint32_t)i, ref, ev);
    }
}

/* ---- windows ---- */

static int hit_order(const void *a, const void *b, void *ctx)
{
    const hit *x = a, *y = b;
    size_t ng = *(const size_t *)ctx;
    for (size_t g = 0; g < ng; g++) {
        size_t n = x->groups[g].len < y->groups[g].len ? x->groups[g].len : y->groups[g].len;
        int d = memcmp(x->groups[g].s, y->groups[g].s, n);
        if (d || x->groups[g].len != y->groups[g].len)
            return d ? d : x->groups[g].len < y->groups[g].len ? -1 : 1;
    }
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool meets(const sigma_correlation *c, double x)
{
    for (size_t i = 0; i < c->nconds; i++) {
        double l = c->limits[i];
        bool ok;
        switch (c->ops[i]) {
        case OP_GT: ok = x > l; break;
        case OP_GTE: ok = x >= l; break;
        case OP_LT: ok = x < l; break;
        case OP_LTE: ok = x <= l; break;
        case OP_EQ: ok = x == l; break;
        default: ok = x != l; break;
        }
        if (!ok)
            return false;
    }
    return true;
}

static int by_value(const void *a, const void *b)
{
    const hit *const *x = a, *const *y = b;
    const sv *p = &(*x)->value, *q = &(*y)->value;
    if (!p->s || !q->s)
        return p->s ? 1 : q->s ? -1 : 0;
    size_t n = p->len < q->len ? p->len : q->len;
    int d = memcmp(p->s, q->s, n);
    return d ? d : p->len < q->len ? -1 : p->len > q->len;
}

/* Ids of distinct values within one group (0 = no value), so windows count them in
 * an array. Returns the number of ids. */
static uint32_t number_values(hit *h, size_t n)
{
    hit **order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &h[i];
    qsort(order, n, sizeof *order, by_value);
    uint32_t id = 0;
    for (size_t i = 0; i < n; i++) {
        if (!order[i]->value.s) {
            order[i]->id = 0;
            continue;
        }
        if (i == 0 || !order[i - 1]->value.s || by_value(&order[i - 1], &order[i]) != 0)
            id++;
        order[i]->id = id;
    }
    free(order);
    return id + 1;
}

/* One firing: the window h[from..to) of a group met the condition. */
typedef struct firing {
    size_t from, to;           /* hits of the window, h[from..to) */
    double aggregate;          /* count, distinct values, sum ... as the type says */
    const sv *value;           /* value_percentile: the rare value */
} firing;

typedef void (*fire_fn)(void *ctx, sigma_correlation *c, hit *h, const firing *f);

/* temporal_ordered: from hit i (of the first rule), the rules in order within the span. */
static bool ordered_from(const sigma_correlation *c, const hit *h, size_t i, size_t n,
                         size_t *end)
{
    if (h[i].rule != 0)
        return false;
    uint32_t want = 1;
    size_t j = i + 1;
    for (; j < n && h[j].t - h[i].t <= c->timespan && want < c->nrefs; j++)
        if (h[j].rule == want)
            want++;
    *end = j;
    return want == c->nrefs;
}

static void windows(sigma_correlation *c, hit *h, size_t n, fire_fn fire, void *ctx)
{
    uint32_t nids = (c->nvalue_fields ? number_values(h, n) : 1);
    uint32_t *counts = xcalloc(nids > c->nrefs ? nids : c->nrefs + 1, sizeof *counts);
    size_t distinct = 0, j = 0;
    double sum = 0;
    size_t numeric = 0;
    for (size_t i = 0; i < n;) {
        if (c->type == CT_TEMPORAL_ORDERED) {
            size_t end;
            if (ordered_from(c, h, i, n, &end)) {
                firing f = { i, end, (double)c->nrefs, NULL };
                fire(ctx, c, h, &f);
                i = end;
            } else {
                i++;
            }
            continue;
        }
        /* Grow the window to every hit within timespan of h[i]. */
        for (; j < n && h[j].t - h[i].t <= c->timespan; j++) {
            uint32_t key = c->type == CT_TEMPORAL ? h[j].rule : h[j].id;
            if ((c->type == CT_TEMPORAL || key) && counts[key]++ == 0)
                distinct++;
            double x;
            if (h[j].value.s && num_parse(h[j].value.s, h[j].value.len, &x)) {
                sum += x;
                numeric++;
            }
        }
        double agg;
        switch (c->type) {
        case CT_EVENT_COUNT: agg = (double)(j - i); break;
        case CT_VALUE_COUNT: agg = (double)distinct; break;
        case CT_TEMPORAL: agg = (double)distinct; break;
        case CT_VALUE_SUM: agg = sum; break;
        case CT_VALUE_AVG: agg = numeric ? sum / (double)numeric : 0; break;
        default: agg = 0; break;
        }
        bool met;
        if (c->type == CT_TEMPORAL)
            met = c->nconds ? meets(c, agg) : distinct == c->nrefs;
        else if (c->type == CT_VALUE_AVG)
            met = numeric > 0 && meets(c, agg);
        else if (c->type == CT_VALUE_PERCENTILE)
            met = false;
        else
            met = meets(c, agg);
        if (c->type == CT_VALUE_PERCENTILE) {
            /* Each value's share of the window's hits, in percent. */
            for (size_t k = i; k < j; k++) {
                uint32_t id = h[k].id;
                if (!id || (counts[id] & 0x80000000u))
                    continue;
                double pct = 100.0 * counts[id] / (double)(j - i);
                if (meets(c, pct)) {
                    firing f = { i, j, pct, &h[k].value };
                    fire(ctx, c, h, &f);
                    met = true;
                }
                counts[id] |= 0x80000000u;   /* reported for this window */
            }
            for (size_t k = i; k < j; k++)
                if (h[k].id)
                    counts[h[k].id] &= 0x7FFFFFFFu;
        } else if (met) {
            firing f = { i, j, agg, NULL };
            fire(ctx, c, h, &f);
        }
        /* Next window: after this one when it fired, else from the next hit. */
        size_t next = met ? j : i + 1;
        for (size_t k = i; k < next; k++) {
            uint32_t key = c->type == CT_TEMPORAL ? h[k].rule : h[k].id;
            if ((c->type == CT_TEMPORAL || key) && --counts[key] == 0)
                distinct--;
            double x;
            if (h[k].value.s && num_parse(h[k].value.s, h[k].value.len, &x)) {
                sum -= x;
                numeric--;
            }
        }
        i = next;
        if (j < i)
            j = i;
    }
    free(counts);
}

/* Runs fire for every firing of c over its hits (group by group). */
static void evaluate(sigma_correlation *c, fire_fn fire, void *ctx)
{
    if (c->nhits == 0)
        return;
    qsort_r(c->hits, c->nhits, sizeof *c->hits, hit_order, &c->ngroup);
    for (size_t i = 0; i < c->nhits;) {
        size_t j = i + 1;
        while (j < c->nhits) {
            hit a = c->hits[i], b = c->hits[j];
            a.t = b.t;
            a.seq = b.seq;
            if (hit_order(&a, &b, &c->ngroup) != 0)
                break;
            j++;
        }
        windows(c, c->hits + i, j - i, fire, ctx);
        i = j;
    }
}

/* ---- the plan stage ---- */

typedef struct corr_stage {
    const sigma_rule *rule;    /* the outermost correlation */
    record row;                /* reused result row */
    spl_stage *st;             /* set while finishing */
} corr_stage;

typedef struct chain_ctx {
    sigma_correlation *parent; /* receives the child's firings as hits */
    const sigma_rule *parent_rule;
    const sigma_rule *child;   /* the correlation that fired (aliases use its name) */
    uint32_t index;            /* the child's position in the parent's rules */
} chain_ctx;

/* A firing of a referenced correlation becomes a hit of its parent, grouped by the
 * parent's group-by names among the child's. */
static void fire_to_parent(void *ctx, sigma_correlation *c, hit *h, const firing *f)
{
    chain_ctx *cc = ctx;
    sigma_correlation *p = cc->parent;
    sv groups[CORR_MAX_GROUP_BY];
    for (size_t g = 0; g < p->ngroup; g++) {
        const char *name = field_for(p, cc->child, p->group_by[g]);
        size_t k;
        for (k = 0; name && k < c->ngroup; k++)
            if (strcmp(c->group_by[k], name) == 0)
                break;
        if (!name || k == c->ngroup)
            return;
        groups[g] = h[f->from].groups[k];
    }
    add_hit(p, cc->parent_rule, h[f->to - 1].t, cc->index, groups, NULL);
}

static void set_time(record *r, const char *name, double t)
{
    char num[64];
    int n = snprintf(num, sizeof num, "%.6f", t);
    while (n > 0 && num[n - 1] == '0')
        n--;
    if (n > 0 && num[n - 1] == '.')
        n--;
    record_set(r, name, num, (size_t)n);
}

static void fire_row(void *ctx, sigma_correlation *c, hit *h, const firing *f)
{
    corr_stage *cs = ctx;
    const sigma_rule *r = cs->rule;
    record *row = &cs->row;
    record_clear(row);
    set_time(row, "_time", h[f->from].t);
    sigma_plan_rule_fields(row, r);
    record_set(row, "sigma_correlation", type_names[c->type], strlen(type_names[c->type]));
    for (size_t g = 0; g < c->ngroup; g++)
        record_set(row, c->group_by[g], h[f->from].groups[g].s, h[f->from].groups[g].len);
    if (f->value)
        record_set(row, c->value_fields[0], f->value->s, f->value->len);
    char num[64];
    int n = snprintf(num, sizeof num, "%.15g", f->aggregate);
    const char *agg = c->type == CT_EVENT_COUNT ? "count" : c->type == CT_TEMPORAL ||
                      c->type == CT_TEMPORAL_ORDERED ? "rules" : type_names[c->type];
    record_set(row, agg, num, (size_t)n);
    set_time(row, "firstTime", h[f->from].t);
    set_time(row, "lastTime", h[f->to - 1].t);
    spl_external_emit(cs->st, row);
}

/* Evaluates the tree below r bottom-up; the root's firings become rows. */
static void finish_tree(const sigma_rule *r, fire_fn fire, void *ctx, int depth)
{
    sigma_correlation *c = r->correlation;
    if (depth > SIGMA_MAX_CORR_DEPTH)
        return;
    for (size_t i = 0; i < c->nrefs; i++) {
        const sigma_rule *ref = c->rules[i];
        if (!ref->correlation)
            continue;
        chain_ctx cc = { .parent = c, .parent_rule = r, .child = ref, .index = (uint32_t)i };
        finish_tree(ref, fire_to_parent, &cc, depth + 1);
    }
    evaluate(c, fire, ctx);
}

static void reset_tree(const sigma_rule *r, int depth)
{
    sigma_correlation *c = r->correlation;
    if (depth > SIGMA_MAX_CORR_DEPTH)
        return;
    c->nhits = 0;
    c->seq = 0;
    c->overflow = false;
    arena_reset(&c->mem);
    for (size_t i = 0; i < c->nrefs; i++)
        if (c->rules[i]->correlation)
            reset_tree(c->rules[i], depth + 1);
}

static void corr_consume(void *ctx, spl_stage *st, const record *r)
{
    corr_stage *cs = ctx;
    feed(cs->rule, r, 0);
}

static void corr_finish(void *ctx, spl_stage *st)
{
    corr_stage *cs = ctx;
    cs->st = st;
    finish_tree(cs->rule, fire_row, cs, 0);
    reset_tree(cs->rule, 0);
}

static void corr_free(void *ctx)
{
    corr_stage *cs = ctx;
    record_free(&cs->row);
    free(cs);
}

static bool tree_fields(const sigma_rule *r, projection *proj, int depth)
{
    const sigma_correlation *c = r->correlation;
    if (depth > SIGMA_MAX_CORR_DEPTH)
        return false;
    for (size_t i = 0; i < c->nrefs; i++) {
        const sigma_rule *ref = c->rules[i];
        if (ref->correlation) {
            if (!tree_fields(ref, proj, depth + 1))
                return false;
            continue;
        }
        if (!sigma_match_fields(ref->detection, proj))
            return false;
        for (size_t v = 0; v < ref->detection->nvariants; v++) {
            const sigma_source *src = ref->detection->variants[v].src;
            for (size_t g = 0; g < c->ngroup + c->nvalue_fields; g++) {
                const char *name = g < c->ngroup ? c->group_by[g] : c->value_fields[g - c->ngroup];
                name = field_for(c, ref, name);
                if (name) {
                    const char *ev = sigma_logsource_field(src, name);
                    projection_want(proj, ev, strlen(ev));
                }
            }
        }
    }
    return true;
}

static int corr_fields_read(const void *ctx, projection *proj)
{
    const corr_stage *cs = ctx;
    projection_want(proj, "_time", 5);
    return tree_fields(cs->rule, proj, 0) ? SPL_EXTERNAL_READS_END : SPL_EXTERNAL_READS_UNLISTED;
}

static const spl_stage_ops corr_ops = {
    .name = "sigma correlation",
    .consume = corr_consume,
    .finish = corr_finish,
    .free = corr_free,
    .fields_read = corr_fields_read,
    .order = SPL_EXTERNAL_ORDER_RESETS,   /* windows are worked out from sorted matches */
    .transforming = true,
};

void sigma_correlation_stage(const sigma_rule *r, spl_external_stage *out)
{
    corr_stage *cs = xcalloc(1, sizeof *cs);
    cs->rule = r;
    record_init(&cs->row);
    reset_tree(r, 0);
    *out = (spl_external_stage){ .ops = &corr_ops, .ctx = cs };
}

size_t sigma_correlation_columns(const sigma_rule *r, const char **cols, size_t max)
{
    const sigma_correlation *c = r->correlation;
    size_t n = 0;
    const char *fixed[] = { "_time", "sigma_title", "sigma_id", "sigma_level", "sigma_tags",
                            "sigma_correlation" };
    for (size_t i = 0; i < 6 && n < max; i++)
        cols[n++] = fixed[i];
    for (size_t g = 0; g < c->ngroup && n < max; g++)
        cols[n++] = c->group_by[g];
    if (c->type == CT_VALUE_PERCENTILE && n < max)
        cols[n++] = c->value_fields[0];
    const char *agg = c->type == CT_EVENT_COUNT ? "count" : c->type == CT_TEMPORAL ||
                      c->type == CT_TEMPORAL_ORDERED ? "rules" : type_names[c->type];
    const char *tail[] = { agg, "firstTime", "lastTime" };
    for (size_t i = 0; i < 3 && n < max; i++)
        cols[n++] = tail[i];
    return n;
}
