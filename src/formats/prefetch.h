/* prefetch.h - reading the next files of an ordered list (a directory's children,
 * the paths of a run) on helper threads while the calling thread consumes the
 * current one (-j N: up to N-1 helpers, a few files per thread ahead). A helper
 * reads a small regular file whole into a spool: its events (record_pack), its
 * messages and its counts. The calling thread takes the entries strictly in order
 * and replays a spool as if it had read the file itself, so stdout, stderr and the
 * exit code are those of -j 1; any other entry it reads itself. Spools live in
 * recycled segments under a fixed budget (a helper waits for room), so memory
 * stays flat whatever the number or size of the files.
 *
 * Ownership: the caller owns the path strings of a list until prefetch_pop; the
 * prefetcher owns threads, lists and spools, and frees every spool not replayed. */
#ifndef TRAWL_PREFETCH_H
#define TRAWL_PREFETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input.h"

/* Files larger than this on disk are read by the calling thread (the evtx reader
 * then decodes them on -j threads). */
#define PREFETCH_MAX_FILE (8u << 20)

/* Returned by a prefetch_read_fn for a path it will not read ahead. */
#define PREFETCH_UNFIT (-1)

/* Reads path whole without touching the progress line, as input_read_path would
 * read that file (top: named by the user). Returns 0, 1 when fn asked to stop, or
 * PREFETCH_UNFIT, having read nothing and reported nothing, for anything but a
 * regular file of at most PREFETCH_MAX_FILE bytes that opens and is not
 * compressed (and, inside a walk, selected by --glob). *size: bytes on disk. */
typedef int (*prefetch_read_fn)(const char *path, bool top, const input_options *opt,
                                input_event_fn fn, void *ctx, input_stats *st,
                                uint64_t *size);

typedef struct prefetch prefetch;
typedef struct prefetch_list prefetch_list;
typedef struct prefetch_spool prefetch_spool;

/* A prefetcher for one run with opt (copied; its pointers must outlive it).
 * NULL when opt->jobs means one thread: then every other call is a no-op. */
prefetch *prefetch_new(const input_options *opt, prefetch_read_fn read);
/* Stops and joins the helpers. Every list must have been popped. NULL is fine. */
void prefetch_free(prefetch *pf);

/* The list of entries the calling thread is about to read in order; helpers work
 * on the most recently pushed list only. NULL (read everything yourself) when pf
 * is NULL, n < 2 or a stop was seen. */
prefetch_list *prefetch_push(prefetch *pf, const char *const *paths, size_t n, bool top);
/* Ends the list (LIFO): work on it is cancelled and joined, unread spools freed.
 * stopped: the callback asked to stop, so no helper starts anything more. */
void prefetch_pop(prefetch_list *l, bool stopped);

/* The calling thread reaches entry i (entries are taken in order, each once).
 * Returns the spool when a helper read it or is reading it (its events then
 * stream), waiting for the first of them (and reading further entries itself
 * meanwhile); NULL when the caller must read it itself. */
prefetch_spool *prefetch_take(prefetch_list *l, size_t i);
/* Prints the spool's messages and hands its events to fn, in their order, adds its
 * counts to *st and frees it; *size: the file's bytes. When fn asks to stop, the
 * file is read again up to that event (nothing delivered) so that the counts and
 * the messages are exactly those of a read that stopped there. Returns 1 when fn
 * asked to stop, else 0. */
int prefetch_replay(prefetch_spool *s, input_event_fn fn, void *ctx, input_stats *st,
                    uint64_t *size);

#endif
