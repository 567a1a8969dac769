/* progress.h - the progress line on stderr while inputs are read: files, bytes,
 * records per second and, when the total size is known, an ETA. Shown only when
 * stderr is a terminal and --quiet is not given; redrawn at most 4 times a
 * second; erased when a path is done. One reading thread drives it (global state). */
#ifndef TRAWL_PROGRESS_H
#define TRAWL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* Starts (or continues) for a new top-level path; total_bytes adds to the known
 * total (0 when unknown). enabled decides whether anything is drawn at all. */
void progress_path(bool enabled, uint64_t total_bytes);
/* A file is opened: fd is its descriptor (its offset gives the bytes read). */
void progress_file_begin(int fd);
/* The file is done; size is the bytes it had (0 when unknown). */
void progress_file_end(uint64_t size);
/* One event read. Cheap: the clock is looked at every few events. */
void progress_event(void);
/* Erases the line (at the end of a path). */
void progress_clear(void);

#endif
