/* idset.h - a set of 64-bit identifiers kept as sorted, disjoint ranges of
 * consecutive values. Made for the live EventRecordIDs of an EVTX file, which come
 * in long runs (one for a whole log that never wrapped), so that carved records can
 * be checked against them (evtx_file.c). Adding in increasing order costs O(1);
 * memory and the cost of an out-of-order add are bounded by IDSET_MAX_RANGES. */
#ifndef TRAWL_IDSET_H
#define TRAWL_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ranges kept at most (1 MiB); identifiers that would need more are dropped. */
#define IDSET_MAX_RANGES 65536

typedef struct idset_range {
    uint64_t lo, hi;           /* lo..hi, both included */
} idset_range;

typedef struct idset {
    idset_range *r;            /* sorted by lo; neither overlapping nor adjacent */
    size_t n, cap;
    bool full;                 /* an identifier was dropped for want of a range */
} idset;

void idset_init(idset *s);
void idset_free(idset *s);
/* Empties the set, keeping its memory. */
void idset_clear(idset *s);
void idset_add(idset *s, uint64_t id);
bool idset_has(const idset *s, uint64_t id);

#endif
