/* input.h - reading events from paths: files of any supported format (sniffed from
 * content, not from the name), directories (walked recursively) and "-" (stdin).
 * Every event reaches the callback as a record with DESIGN.md field names.
 * Problems in the input are reported on stderr as "trawl: FILE: ..." (with line, or
 * chunk/record for EVTX) and counted; the rest of the input is still read. */
#ifndef TRAWL_INPUT_H
#define TRAWL_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../event/record.h"

/* Called once per event; ev is reused after return (copy what you keep).
 * Return nonzero to stop reading everything. */
typedef int (*input_event_fn)(void *ctx, record *ev);

typedef struct input_options {
    const char *source;      /* --source override, NULL for the default */
    const char *sourcetype;  /* --sourcetype override, NULL for the default */
    bool recover;            /* evtx: also read records left in chunk slack */
    bool no_verify;          /* evtx: skip CRC checks */
    bool lenient;            /* xml: read the fields of malformed (e.g. truncated)
                                events instead of skipping them; still reported */
} input_options;

typedef struct input_stats {
    uint64_t files;          /* files opened */
    uint64_t events;         /* events delivered to the callback */
    uint64_t bad_events;     /* malformed events/records reported and skipped */
    uint64_t bad_files;      /* files that could not be opened or had unknown format */
    uint64_t incomplete;     /* files not read to their end (truncation, bad chunks) */
} input_stats;

/* Reads one path. Returns 0 when the callback never asked to stop, 1 when it did.
 * Problems are reported and counted in *st, never returned as failure. */
int input_read_path(const char *path, const input_options *opt,
                    input_event_fn fn, void *ctx, input_stats *st);

/* True when anything was skipped or unreadable: the run exits EXIT_INPUT. */
bool input_stats_had_problems(const input_stats *st);

#endif
