/* idset.c - sorted ranges of identifiers: appending or extending the last range is
 * the common case; anything else is a binary search and one move of the tail. */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void idset_init(idset *s)
{
    memset(s, 0, sizeof *s);
}

void idset_free(idset *s)
{
    free(s->r);
    idset_init(s);
}

void idset_clear(idset *s)
{
    s->n = 0;
    s->full = false;
}

/* Index of the first range with hi >= id (s->n when none). */
static size_t first_reaching(const idset *s, uint64_t id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->r[mid].hi < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool idset_has(const idset *s, uint64_t id)
{
    size_t i = first_reaching(s, id);
    return i < s->n && s->r[i].lo <= id;
}

void idset_add(idset *s, uint64_t id)
{
    if (s->n && s->r[s->n - 1].hi < UINT64_MAX && s->r[s->n - 1].hi + 1 == id) {
        s->r[s->n - 1].hi = id;           /* the next of a run: the usual case */
        return;
    }
    size_t i = first_reaching(s, id);
    if (i < s->n && s->r[i].lo <= id)
        return;                           /* already in */
    /* id lies between r[i-1] (below) and r[i] (above): join either or both */
    bool joins_below = i > 0 && s->r[i - 1].hi + 1 == id;
    bool joins_above = i < s->n && id + 1 == s->r[i].lo;
    if (joins_below && joins_above) {
        s->r[i - 1].hi = s->r[i].hi;
        memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof s->r[0]);
        s->n--;
    } else if (joins_below) {
        s->r[i - 1].hi = id;
    } else if (joins_above) {
        s->r[i].lo = id;
    } else if (s->n == IDSET_MAX_RANGES) {
        s->full = true;
    } else {
        XGROW(s->r, s->cap, s->n + 1);
        memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof s->r[0]);
        s->r[i] = (idset_range){ id, id };
        s->n++;
    }
}
