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

#include "../event/reader.h"

struct stat;

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
