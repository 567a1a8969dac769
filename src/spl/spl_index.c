/* spl_index.c - which plans may keep an event, answered by a lookup instead of by
 * running every plan's search: each plan's leading search stages are reduced to the
 * set of EventCode values they can accept (or "any"), and plans are filed under each
 * value. The runner then pushes an event only to the plans filed under its EventCode
 * and to those that accept any. The reduction is conservative: a plan is filed under
 * "any" whenever its condition on EventCode is not a plain disjunction of numbers
 * that every kept event must satisfy, so no plan ever misses an event it would keep. */
#include "spl_private.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "search_expr.h"

/* Set of EventCode values: either "any" or a finite list. */
typedef struct code_set {
    bool any;
    int64_t *v;          /* malloc'd, unsorted, may repeat */
    size_t n, cap;
} code_set;

/* One hash slot: an EventCode and the plans filed under it. */
typedef struct index_slot {
    int64_t code;
    bool used;
    uint32_t *plans;     /* ascending (malloc'd) */
    size_t n, cap;
} index_slot;

struct spl_index {
    index_slot *slots;   /* open addressing, power of two */
    size_t cap, used;
    uint32_t *any;       /* plans accepting any EventCode, ascending */
    size_t nany, any_cap;
    size_t nplans;
};

/* Deepest search tree followed; deeper conditions count as "any". */
#define INDEX_MAX_DEPTH 128

static void set_add(code_set *s, int64_t code)
{
    XGROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = code;
}

static bool set_has(const code_set *s, int64_t code)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == code)
            return true;
    return false;
}

/* out = out AND k, consuming k ("any" is the identity). */
static void intersect(code_set *out, code_set *k)
{
    if (k->any) {
        free(k->v);
        return;
    }
    if (out->any) {
        free(out->v);
        *out = *k;
        return;
    }
    size_t keep = 0;
    for (size_t j = 0; j < out->n; j++)
        if (set_has(k, out->v[j]))
            out->v[keep++] = out->v[j];
    out->n = keep;
    free(k->v);
}

static bool is_code_field(const search_node_view *v)
{
    return !v->field_wild &&
           ((v->field_len == 9 && memcmp(v->field, "EventCode", 9) == 0) ||
            (v->field_len == 7 && memcmp(v->field, "EventID", 7) == 0));
}

/* The integer an EventCode comparison names, when it is one. */
static bool integer_value(const search_node_view *v, int64_t *out)
{
    if (v->op != TK_EQ || !v->is_num || !(fabs(v->num) < 1e15) || v->num != floor(v->num))
        return false;
    *out = (int64_t)v->num;
    return true;
}

/* The codes a condition admits into out (out->any when it cannot tell). */
static void codes_of(const search_node *n, int depth, code_set *out)
{
    search_node_view v;
    search_expr_view(n, &v);
    *out = (code_set){.any = true};
    if (depth > INDEX_MAX_DEPTH)
        return;
    switch (v.kind) {
    case SEARCH_VIEW_CMP: {
        int64_t code;
        if (is_code_field(&v) && integer_value(&v, &code)) {
            out->any = false;
            set_add(out, code);
        }
        return;
    }
    case SEARCH_VIEW_OR:
        /* Any child may hold: the union, unless one child admits anything. */
        out->any = false;
        for (size_t i = 0; i < v.nkids && !out->any; i++) {
            code_set k;
            codes_of(v.kids[i], depth + 1, &k);
            if (k.any)
                out->any = true;
            for (size_t j = 0; j < k.n; j++)
                set_add(out, k.v[j]);
            free(k.v);
        }
        if (out->any)
            out->n = 0;
        return;
    case SEARCH_VIEW_AND:
        /* Every child holds: the intersection of those that tell. */
        for (size_t i = 0; i < v.nkids; i++) {
            code_set k;
            codes_of(v.kids[i], depth + 1, &k);
            intersect(out, &k);
        }
        return;
    default:   /* NOT, terms, everything: "any" */
        return;
    }
}

/* The codes the plan's leading search stages admit together, and the next stage's
 * prefilter (tstats: its dataset's EventCodes), as the pushdown reads them. */
static void plan_codes(const spl_plan *p, code_set *out)
{
    *out = (code_set){.any = true};
    size_t n = 0;
    while (n < p->nstages && p->stages[n].cmd == &spl_cmd_search)
        n++;
    const spl_stage *next = n < p->nstages ? &p->stages[n] : NULL;
    const search_node *pre = next && next->cmd->prefilter ? next->cmd->prefilter(next) : NULL;
    for (size_t i = 0; i < n + (pre ? 1 : 0); i++) {
        code_set k;
        codes_of(i < n ? p->stages[i].state : pre, 0, &k);
        intersect(out, &k);
    }
}

static uint64_t hash_code(int64_t code)
{
    uint64_t h = (uint64_t)code * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

static index_slot *find_slot(const spl_index *ix, int64_t code)
{
    if (!ix->cap)
        return NULL;
    for (size_t i = hash_code(code) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        index_slot *s = &ix->slots[i];
        if (!s->used || s->code == code)
            return s;
    }
}

static void grow(spl_index *ix)
{
    size_t ncap = ix->cap ? ix->cap * 2 : 64;
    index_slot *old = ix->slots;
    size_t ocap = ix->cap;
    ix->slots = xcalloc(ncap, sizeof *ix->slots);
    ix->cap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].used)
            *find_slot(ix, old[i].code) = old[i];
    free(old);
}

spl_index *spl_index_new(void)
{
    return xcalloc(1, sizeof(spl_index));
}

void spl_index_add(spl_index *ix, const spl_plan *p)
{
    uint32_t id = (uint32_t)ix->nplans++;
    code_set codes;
    plan_codes(p, &codes);
    if (codes.any) {
        XGROW(ix->any, ix->any_cap, ix->nany + 1);
        ix->any[ix->nany++] = id;
    }
    for (size_t i = 0; !codes.any && i < codes.n; i++) {
        if ((ix->used + 1) * 2 > ix->cap)
            grow(ix);
        index_slot *s = find_slot(ix, codes.v[i]);
        if (!s->used) {
            *s = (index_slot){.code = codes.v[i], .used = true};
            ix->used++;
        }
        if (s->n && s->plans[s->n - 1] == id)
            continue;   /* the code was listed twice */
        XGROW(s->plans, s->cap, s->n + 1);
        s->plans[s->n++] = id;
    }
    free(codes.v);
}

size_t spl_index_plans(const spl_index *ix)
{
    return ix->nplans;
}

/* Adds the plans filed under the code of one EventCode value to the mark bitmap. */
static void mark_code(const spl_index *ix, const sv *val, uint64_t *mark)
{
    double d;
    if (!num_parse(val->s, val->len, &d) || !(fabs(d) < 1e15) || d != floor(d))
        return;
    const index_slot *s = find_slot(ix, (int64_t)d);
    if (!s || !s->used)
        return;
    for (size_t i = 0; i < s->n; i++)
        mark[s->plans[i] / 64] |= 1ULL << (s->plans[i] % 64);
}

size_t spl_index_candidates(const spl_index *ix, const record *ev, uint64_t *mark,
                            uint32_t *out)
{
    size_t words = (ix->nplans + 63) / 64;
    memset(mark, 0, words * sizeof *mark);
    for (size_t i = 0; i < ix->nany; i++)
        mark[ix->any[i] / 64] |= 1ULL << (ix->any[i] % 64);
    /* Both names, every value: a plan may test either field. */
    static const char *const names[] = {"EventCode", "EventID"};
    for (size_t k = 0; k < 2; k++) {
        const field *f = record_get(ev, names[k]);
        for (uint32_t i = 0; f && i < f->nvalues; i++)
            mark_code(ix, &f->values[i], mark);
    }
    size_t n = 0;
    for (size_t w = 0; w < words; w++)
        for (uint64_t m = mark[w]; m; m &= m - 1)
            out[n++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(m));
    return n;
}

void spl_index_free(spl_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->cap; i++)
        free(ix->slots[i].plans);
    free(ix->slots);
    free(ix->any);
    free(ix);
}
