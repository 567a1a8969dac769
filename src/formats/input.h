/* input.h - reading events from paths: files of any supported format (sniffed from
 * content, not from the name), directories (walked recursively) and "-" (stdin).
 * Every event reaches the callback as a record with DESIGN.md field names.
 * Problems in the input are reported on stderr as "trawl: FILE: ..." (with line, or
 * chunk/record for EVTX) and counted; the rest of the input is still read. A file
 * that gives no event says so: a warning for a file named by the user and for an
 * .evtx (an empty log is evidence too), a count for the other files of a walk
 * (a triage folder holds much that is not a log). */
#ifndef TRAWL_INPUT_H
#define TRAWL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../event/record.h"
#include "../util/outfile.h"

struct stat;

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
    bool verbose;            /* list each file of a walk skipped as not a log */
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
    const file_id *skip;     /* files never read, even when named or met in a
                                walk: the outputs being written (outfile.h) */
    size_t nskip;
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
    uint64_t not_logs;       /* files of a directory walk that are no log trawl
                                knows: unknown format, empty, or not one event in
                                them (not problems: a triage folder holds READMEs,
                                hives, executables); input_stats_report sums up */
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

/* Called by input_walk for each file: path, its stat (NULL when a named path
 * does not exist) and whether it was named (not found in a directory). Nonzero
 * stops the walk and is returned by input_walk. */
typedef int (*input_visit_fn)(void *ctx, const char *path, const struct stat *sb, bool named);
/* The files input_read_path would read for path, in its order and by its rules
 * (directories walked, only regular files and --glob inside them, loops and
 * outputs skipped), without opening them. Directories that cannot be listed are
 * reported and counted in *st, or passed over silently when st is NULL. */
int input_walk(const char *path, const input_options *opt, input_visit_fn fn, void *ctx,
               input_stats *st);

/* The name ends in .evtx (any case): the only hint an empty file gives that it was
 * a log. Formats are never chosen by name. */
bool input_named_evtx(const char *name);

/* True when anything was skipped or unreadable: the run exits EXIT_INPUT. */
bool input_stats_had_problems(const input_stats *st);
/* Adds every count of src to dst. */
void input_stats_add(input_stats *dst, const input_stats *src);
/* The one line that sums up the files of directory walks skipped as not logs
 * (listed one by one before with verbose). Nothing when there were none. */
void input_stats_report(const input_stats *st, bool verbose);

#endif
