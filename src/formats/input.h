/* input.h - reading events from paths: files of any supported format (sniffed from
 * content, not from the name), directories (walked recursively) and "-" (stdin).
 * Every event reaches the callback as a record with DESIGN.md field names.
 * Problems in the input are reported on stderr as "trawl: FILE: ..." (with line, or
 * chunk/record for EVTX) and counted; the rest of the input is still read. */
#ifndef TRAWL_INPUT_H
#define TRAWL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../event/record.h"

/* Called once per event; ev is reused after return (copy what you keep).
 * Return nonzero to stop reading everything. */
typedef int (*input_event_fn)(void *ctx, record *ev);

typedef struct input_options {
    const char *source;      /* --source override, NULL for the default */
    const char *sourcetype;  /* --sourcetype override, NULL for the default */
    const char *index;       /* --index: every event's index; NULL: an event's own
                                index field, else "main" (Splunk's default index) */
    bool recover;            /* evtx: also read records left in chunk slack */
    bool no_verify;          /* evtx: skip CRC checks */
    bool lenient;            /* xml: read the fields of malformed (e.g. truncated)
                                events instead of skipping them; still reported */
    bool quiet;              /* no progress line even on a terminal */
    bool has_earliest;       /* drop events with _time < earliest */
    bool has_latest;         /* drop events with _time >= latest (Splunk: exclusive) */
    double earliest, latest; /* epoch seconds, parsed once by timerange_parse */
    const char *const *globs;/* directory walks read only files whose name matches
                                one of these fnmatch patterns; NULL/0: every file */
    size_t nglobs;
    const char *local_tz;    /* zone of times written without one (classic
                                WinEventLog headers, NXLog EventTime); NULL: UTC */
    const struct spl_pushdown *pushdown; /* evtx/xml: events it rejects are skipped
                                before being built (spl.h); NULL: every event */
    const struct projection *fields; /* evtx/xml: the event fields to build
                                (projection.h); NULL: every field */
    int jobs;                /* evtx: decoding threads; 0: all cores, 1: none */
} input_options;

typedef struct input_stats {
    uint64_t files;          /* files opened */
    uint64_t events;         /* events delivered to the callback */
    uint64_t bad_events;     /* malformed events/records reported and skipped */
    uint64_t bad_files;      /* files that could not be opened or had unknown format */
    uint64_t incomplete;     /* files not read to their end (truncation, bad chunks) */
    uint64_t out_of_range;   /* events read (counted in events) but dropped by
                                --earliest/--latest before the callback */
    uint64_t skipped_files;  /* files of a directory walk not matching --glob */
    uint64_t prefiltered;    /* events read (counted in events) but rejected by the
                                pushdown before being built */
} input_stats;

/* Reads one path. Returns 0 when the callback never asked to stop, 1 when it did.
 * Problems are reported and counted in *st, never returned as failure.
 * fn is only ever called on the calling thread, in input order; with opt->jobs
 * other than 1, the files of a directory are also read ahead on helper threads
 * (prefetch.h), which changes nothing in events, messages or counts. */
int input_read_path(const char *path, const input_options *opt,
                    input_event_fn fn, void *ctx, input_stats *st);
/* input_read_path for each path in order, until the callback asks to stop; the
 * files named are read ahead like those of a directory. */
int input_read_paths(char *const *paths, size_t npaths, const input_options *opt,
                     input_event_fn fn, void *ctx, input_stats *st);

/* True when anything was skipped or unreadable: the run exits EXIT_INPUT. */
bool input_stats_had_problems(const input_stats *st);
/* Adds every count of src to dst. */
void input_stats_add(input_stats *dst, const input_stats *src);

#endif
