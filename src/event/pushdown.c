/* pushdown.c - the part of the pushdown handle that is the same for every
 * implementation: its id, unique in the process, which readers key their caches of
 * pushdown_shadows() answers on (a cache must never answer for another test). */
#include "pushdown.h"

#include <stdatomic.h>

void pushdown_init(pushdown *pd, const pushdown_ops *ops)
{
    static atomic_uint last_id;
    pd->ops = ops;
    pd->id = atomic_fetch_add(&last_id, 1) + 1;
    pd->needs = 0;
    pd->active = false;
}
