/* reader.h - what every event reader (evtx/, formats/) takes and gives: the options
 * of a run, the per-event callback and the counts of what was read. It sits below
 * the readers so that none includes another: formats/input.c dispatches to evtx/,
 * which needs only these. The names keep the input_ prefix of input_read_path
 * (formats/input.h), the entry every caller uses. */
#ifndef TRAWL_READER_H
#define TRAWL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/outfile.h"
#include "record.h"

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
    bool trace;              /* every event gets source_file (the input file as
                                named or walked) and record_id (its EventRecordID,
                                else RecordNumber, when built) */
    bool has_earliest;       /* drop events with _time < earliest */
    bool has_latest;         /* drop events with _time >= latest (Splunk: exclusive) */
    double earliest, latest; /* epoch seconds, parsed once by timerange_parse */
    const char *const *globs;/* directory walks read only files whose name matches
                                one of these fnmatch patterns; NULL/0: every file */
    size_t nglobs;
    const char *local_tz;    /* zone of times written without one (classic
                                WinEventLog headers, NXLog EventTime); NULL: UTC */
    const struct pushdown *pushdown; /* evtx/xml: events it rejects are skipped
                                before being built (pushdown.h); NULL: every event */
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

#endif
