/* progress.h - the progress line on stderr while inputs are read: files, bytes,
 * records per second and, when the total size is known, an ETA. A thread of its
 * own redraws it 4 times a second, so it moves even while the reader skips
 * records no search wants; every message printed meanwhile erases it first and
 * redraws it after (tr_warn_set_status), so a warning is never glued to it. The
 * caller decides whether it is shown at all (input.c: stderr is a terminal and
 * --quiet is not given). One reading thread drives it. */
#ifndef TRAWL_PROGRESS_H
#define TRAWL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts (or continues) for a new top-level path; total_bytes adds to the known
 * total (0 when unknown). enabled decides whether anything is drawn at all. */
void progress_path(bool enabled, uint64_t total_bytes);
/* A file is opened: fd is its descriptor, whose offset says how far the reading
 * thread got (-1: unknown until the file ends). */
void progress_file_begin(int fd);
/* The file is done; size is the bytes it had (0 when unknown). */
void progress_file_end(uint64_t size);
/* One event read (one store: no clock, no lock). */
void progress_event(void);
/* Erases the line (at the end of a path). */
void progress_clear(void);
/* Erases the line and stops the thread (when every path is done). */
void progress_stop(void);

/* What one drawing of the line shows. */
typedef struct progress_snapshot {
    uint64_t files;        /* files opened */
    uint64_t bytes;        /* bytes read: finished files and the current offset */
    uint64_t total;        /* known total size, 0 when unknown */
    uint64_t events;       /* records read */
    double elapsed;        /* seconds since reading started */
} progress_snapshot;

/* The line's text, without the terminal's control sequences, e.g.
 * "trawl: 1 file, 128.0 MiB / 256.0 MiB, 1000 records (500/s), ETA 0:00:02". The ETA
 * needs a second of reading and is left out past 99 hours. Returns its length. */
size_t progress_format(const progress_snapshot *s, char *buf, size_t size);

#endif
