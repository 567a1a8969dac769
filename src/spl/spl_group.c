/* spl_group.c - by-clauses, the multivalue odometer, and the group table that
 * stats, eventstats, streamstats, timechart, top and rare share. */
#include "spl_group.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xmalloc.h"

uint64_t spl_group_hash(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* by -> BY field {[,] field} */
int spl_group_parse_by(spl_parser *ps, spl_by *by)
{
    by->n = 0;
    by->names = NULL;
    if (!spl_tok_is(spl_peek(ps), "by"))
        return 0;
    const spl_tok *kw = spl_next(ps);
    by->names = arena_alloc(&ps->plan->mem, SPL_BY_MAX * sizeof *by->names);
    while (!spl_at_end(ps)) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_COMMA && by->n) {
            spl_next(ps);
            continue;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING)
            return spl_fail_expected(ps, t, "field name");
        if (by->n == SPL_BY_MAX)
            return spl_fail(ps, t->off, "too many by-fields (at most %d)", SPL_BY_MAX);
        by->names[by->n++] = t->text;
        spl_next(ps);
    }
    if (by->n == 0)
        return spl_fail(ps, kw->end, "field name expected after '%s'", kw->text);
    return 0;
}

bool spl_group_first(spl_group_iter *it, const record *r, const spl_by *by, sv *vals)
{
    it->n = by->n;
    it->combos = 1;
    it->done = false;
    for (size_t i = 0; i < by->n; i++) {
        it->f[i] = record_get(r, by->names[i]);
        if (!it->f[i] || it->f[i]->nvalues == 0)
            return false;
        it->idx[i] = 0;
        vals[i] = it->f[i]->values[0];
    }
    return true;
}

bool spl_group_next(spl_group_iter *it, sv *vals)
{
    if (it->done || it->combos >= SPL_COMBOS_MAX)
        return false;
    size_t i = it->n;
    while (i > 0) {
        i--;
        if (++it->idx[i] < it->f[i]->nvalues) {
            vals[i] = it->f[i]->values[it->idx[i]];
            it->combos++;
            return true;
        }
        it->idx[i] = 0;
        vals[i] = it->f[i]->values[0];
    }
    it->done = true;
    return false;
}

void spl_group_init(spl_groups *g, size_t nby)
{
    memset(g, 0, sizeof *g);
    g->nby = nby;
}

static uint64_t key_hash(size_t nby, const sv *vals)
{
    uint64_t h = SPL_GROUP_HASH_SEED;
    for (size_t i = 0; i < nby; i++) {
        h = spl_group_hash(h, vals[i].s, vals[i].len);
        h = spl_group_hash(h, "\x1f", 1);
    }
    return h;
}

static void reindex(spl_groups *g, size_t nslots)
{
    size_t *slots = xcalloc(nslots, sizeof *slots);
    for (size_t i = 0; i < g->n; i++) {
        size_t j = g->v[i]->hash & (nslots - 1);
        while (slots[j])
            j = (j + 1) & (nslots - 1);
        slots[j] = i + 1;
    }
    free(g->slots);
    g->slots = slots;
    g->nslots = nslots;
}

spl_group *spl_group_get(spl_groups *g, const sv *vals, bool *created)
{
    *created = false;
    if ((g->n + 1) * 2 > g->nslots)
        reindex(g, g->nslots ? g->nslots * 2 : 64);
    uint64_t h = key_hash(g->nby, vals);
    size_t j = h & (g->nslots - 1);
    while (g->slots[j]) {
        spl_group *x = g->v[g->slots[j] - 1];
        bool same = x->hash == h;
        for (size_t i = 0; same && i < g->nby; i++)
            same = x->by[i].len == vals[i].len &&
                   memcmp(x->by[i].s, vals[i].s, vals[i].len) == 0;
        if (same)
            return x;
        j = (j + 1) & (g->nslots - 1);
    }
    spl_group *x = xcalloc(1, sizeof *x);
    x->hash = h;
    x->seq = g->n;
    x->by = xcalloc(g->nby ? g->nby : 1, sizeof *x->by);
    for (size_t i = 0; i < g->nby; i++) {
        x->by[i].s = xstrndup(vals[i].s, vals[i].len);
        x->by[i].len = vals[i].len;
    }
    XGROW(g->v, g->cap, g->n + 1);
    g->v[g->n++] = x;
    g->slots[j] = g->n;
    *created = true;
    return x;
}

static size_t sort_nby;   /* qsort has no context argument */

static int cmp_group(const void *a, const void *b)
{
    const spl_group *x = *(spl_group *const *)a, *y = *(spl_group *const *)b;
    for (size_t i = 0; i < sort_nby; i++) {
        int c = spl_compare(x->by[i].s, x->by[i].len, y->by[i].s, y->by[i].len);
        if (c)
            return c;
    }
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void spl_group_sort(spl_groups *g)
{
    sort_nby = g->nby;
    if (g->n > 1)
        qsort(g->v, g->n, sizeof *g->v, cmp_group);
    if (g->nslots)
        reindex(g, g->nslots);
}

void spl_group_clear(spl_groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        for (size_t k = 0; k < g->nby; k++)
            free((char *)g->v[i]->by[k].s);
        free(g->v[i]->by);
        free(g->v[i]);
    }
    g->n = 0;
    if (g->slots)
        memset(g->slots, 0, g->nslots * sizeof *g->slots);
}

void spl_group_free(spl_groups *g)
{
    spl_group_clear(g);
    free(g->v);
    free(g->slots);
    memset(g, 0, sizeof *g);
}
