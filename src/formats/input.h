/* input.h - reading events from paths: files of any supported format (sniffed from
 * content, not from the name), directories (walked recursively) and "-" (stdin).
 * Every event reaches the callback as a record with DESIGN.md field names.
 * Problems in the input are reported on stderr as "trawl: FILE: ..." (with line, or
 * chunk/record for EVTX) and counted; the rest of the input is still read. */
#ifndef TRAWL_INPUT_H
#define TRAWL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/reader.h"

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
