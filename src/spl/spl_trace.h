/* spl_trace.h - what makes a result traceable to its events (docs/outputs.md).
 * Every event a run reads carries source_file (the input file) and record_id (its
 * EventRecordID, or RecordNumber); table and fields keep them on event rows, and an
 * aggregating command (stats, tstats) gives each of its rows the files of the
 * events that made it and, with --trace, how many and the first of them. */
#ifndef TRAWL_SPL_TRACE_H
#define TRAWL_SPL_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../event/record.h"

enum { SPL_TRACE_MAX = 100 };   /* files, and events, one row lists */

/* The trace fields; an aggregated row has those after the first two. */
#define SPL_TRACE_FILE "source_file"
#define SPL_TRACE_RECORD "record_id"
#define SPL_TRACE_COUNT "trace_count"     /* events behind an aggregated row */
#define SPL_TRACE_EVENTS "trace_events"   /* their first SPL_TRACE_MAX as FILE:RECORD */

/* The trace field names, NULL-terminated, in the order outputs show them. */
extern const char *const spl_trace_fields[];
bool spl_trace_is_field(const char *name);

/* Copies the trace fields of from into to (a command that builds a new record). */
void spl_trace_copy(const record *from, record *to);

/* The input files an aggregating stage has seen, each stored once. */
typedef struct spl_trace_files {
    char **v;
    size_t n, cap;
    size_t last;      /* index of the file met last: events come file after file */
} spl_trace_files;

/* One aggregated row's trace. */
typedef struct spl_trace_group {
    uint64_t count;                     /* events that joined the row */
    uint32_t *files;                    /* indexes into spl_trace_files, distinct, at
                                           most SPL_TRACE_MAX (malloc'd) */
    size_t nfiles, files_cap;
    char **events;                      /* FILE:RECORD, the first SPL_TRACE_MAX (malloc'd
                                           with events_on) */
    size_t nevents;
} spl_trace_group;

void spl_trace_files_free(spl_trace_files *f);
/* Counts one event (or one earlier aggregated row) in g. events: also keep
 * FILE:RECORD of the first events. */
void spl_trace_group_add(spl_trace_files *f, spl_trace_group *g, const record *ev, bool events);
/* Sets the trace fields of g on out. */
void spl_trace_group_results(const spl_trace_files *f, const spl_trace_group *g, record *out,
                             bool events);
void spl_trace_group_free(spl_trace_group *g);

#endif
