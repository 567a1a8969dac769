/* spl_hold.h - records a command must keep until the end of input (eventstats,
 * bin bins=N, timechart without span=), held packed in arrival order within a
 * memory budget and beyond it in a temporary file, then replayed in the same
 * order. A file that cannot be written is reported with the records it loses.
 *
 * Ownership: the hold owns its buffers and file; spl_hold_free releases them. */
#ifndef TRAWL_SPL_HOLD_H
#define TRAWL_SPL_HOLD_H

#include <stdbool.h>
#include <stdio.h>

#include "spl_private.h"

typedef struct spl_hold {
    char *pack;          /* in memory: [u64 length][packed record]... (malloc'd) */
    size_t len, cap;
    size_t in_memory;    /* records in pack */
    size_t budget;       /* bytes held in memory before spilling */
    FILE *spill;         /* tmpfile() in the same layout, NULL until needed */
    size_t count;        /* records held */
    size_t lost;         /* records a failed spill dropped (reported) */
    const char *who;     /* the command, for messages */
    /* replay */
    bool replaying;      /* spl_hold_next has started */
    char *buf;           /* one record read back from the file (malloc'd) */
    size_t buf_cap;
    size_t off;          /* next record in pack */
    bool file_done;
} spl_hold;

/* budget 0: the plan's order_memory, or 64 MiB. */
void spl_hold_init(spl_hold *h, const spl_plan *p, const char *who);
void spl_hold_add(spl_hold *h, const record *r);
/* Replays the held records in arrival order: each call unpacks the next into r;
 * false after the last. Spilled records come first (they arrived first). */
bool spl_hold_next(spl_hold *h, record *r);
void spl_hold_free(spl_hold *h);

#endif
