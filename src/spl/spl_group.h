/* spl_group.h - groups keyed by the values of by-fields, as stats, eventstats,
 * streamstats, timechart, top and rare build them: the `BY f1, f2` clause, the
 * walk over the value combinations of an event's multivalue by-fields, and a
 * hash table of groups that also sorts them as stats emits them.
 *
 * Ownership: group keys are malloc'd copies owned by the table; each group's
 * data pointer belongs to the command, which frees it before spl_group_free. */
#ifndef TRAWL_SPL_GROUP_H
#define TRAWL_SPL_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spl_private.h"

enum {
    SPL_BY_MAX = 64,        /* by-fields of one command */
    SPL_COMBOS_MAX = 256,   /* groups one event may join through multivalue by-fields */
};

/* The by-clause as written. */
typedef struct spl_by {
    const char **names;     /* field names (plan arena) */
    size_t n;
} spl_by;

/* Parses `BY field {[,] field}` when the next token is BY (case-insensitive),
 * reading up to the end of the arguments; leaves by empty otherwise. -1 on error. */
int spl_group_parse_by(spl_parser *ps, spl_by *by);

/* Walk over the combinations of by-values of one record (the odometer). */
typedef struct spl_group_iter {
    const field *f[SPL_BY_MAX];
    uint32_t idx[SPL_BY_MAX];
    size_t n;               /* by-fields */
    size_t combos;          /* combinations handed out */
    bool done;
} spl_group_iter;

/* Starts the walk, filling vals[0..n) with the first combination; false when
 * the record lacks a by-field (such records join no group). */
bool spl_group_first(spl_group_iter *it, const record *r, const spl_by *by, sv *vals);
/* The next combination; false after the last one (at most SPL_COMBOS_MAX). */
bool spl_group_next(spl_group_iter *it, sv *vals);

typedef struct spl_group {
    sv *by;                 /* by-values (malloc'd copies) */
    uint64_t hash;
    size_t seq;             /* creation order, from 0 */
    void *data;             /* the command's state for this group */
} spl_group;

/* Groups in creation order with an open-addressing index. */
typedef struct spl_groups {
    size_t nby;             /* values in a key */
    spl_group **v;          /* malloc'd */
    size_t n, cap;
    size_t *slots;          /* index into v + 1; 0 empty */
    size_t nslots;
} spl_groups;

void spl_group_init(spl_groups *g, size_t nby);
/* The group with these values; created (data NULL, *created true) when new. */
spl_group *spl_group_get(spl_groups *g, const sv *vals, bool *created);
/* Sorts v by the by-values as stats orders rows (spl_compare, field by field);
 * the index stays valid. */
void spl_group_sort(spl_groups *g);
/* Drops every group (keys freed; data must be freed by the caller first). */
void spl_group_clear(spl_groups *g);
void spl_group_free(spl_groups *g);

/* FNV-1a over bytes, continuing from h (start with SPL_GROUP_HASH_SEED). */
#define SPL_GROUP_HASH_SEED 14695981039346656037ULL
uint64_t spl_group_hash(uint64_t h, const char *s, size_t n);

#endif
