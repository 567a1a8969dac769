/* outfile.h - output files that never destroy what was there. A command writes to
 * a temporary file made beside the target (mkstemp in the target's directory, so
 * the final rename stays on one file system); outfile_commit syncs it and renames
 * it over the target, outfile_abort removes it. Until then the old file is
 * untouched: a failed run leaves it as it was, and an interrupted one too
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE and SIGABRT, when not ignored, and
 * exit() remove every temporary file before the process ends). A symbolic link
 * as target is followed: the file it points to is replaced, the link stays.
 * Targets that are not regular files (/dev/null, /dev/stdout, a FIFO) are
 * written directly, as there is nothing to keep.
 *
 * Ownership: an outfile owns its FILE; commit and abort close it and free the
 * outfile. Open, commit and abort belong to one thread (the main one). */
#ifndef TRAWL_OUTFILE_H
#define TRAWL_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

typedef struct outfile outfile;

/* Identity of a file on disk (stat's st_dev and st_ino): the same for every path
 * to it, through symbolic and hard links. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

/* Opens the temporary file for path. NULL with err set ("PATH: reason") when it
 * cannot be made (a directory as target, no room or no right to write there). */
outfile *outfile_open(const char *path, tr_error *err);
/* The stream to write to. */
FILE *outfile_fp(outfile *f);
/* The file being written (the temporary one, or the target when written
 * directly): a reader must not take it as an input. */
file_id outfile_id(const outfile *f);
/* The target path as given, for messages. */
const char *outfile_path(const outfile *f);
/* Flushes, syncs and closes the file and renames it over the target. On any
 * failure the temporary file is removed, the target left untouched, and -1
 * returned with err set. Frees f either way. */
int outfile_commit(outfile *f, tr_error *err);
/* Closes and removes the temporary file; the target stays as it was. Frees f;
 * NULL is a no-op. */
void outfile_abort(outfile *f);

#endif
