/* evtx_write.h - trawl's EVTX writer: Windows <Event> XML in, a valid .evtx file out
 * (file header, 64 KiB chunks with string and template tables, records, CRCs).
 * Events of one shape share one template definition per chunk, as Windows writes them.
 * Ownership: the writer owns the file it opened (evtx_writer_open), not one it is
 * given (evtx_writer_new); evtx_writer_close() finishes the file and frees the writer. */
#ifndef TRAWL_EVTX_WRITE_H
#define TRAWL_EVTX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

typedef struct evtx_writer evtx_writer;

/* Creates (truncates) path. Returns NULL with err set when it cannot be opened. */
evtx_writer *evtx_writer_open(const char *path, tr_error *err);
/* Writes to fp (empty, seekable, opened for writing), which stays the caller's:
 * evtx_writer_close flushes it and reports write errors but does not close it.
 * name is the file's name in messages. */
evtx_writer *evtx_writer_new(FILE *fp, const char *name);

/* Adds one event given as the XML text of one <Event> element. Returns 0, or -1 with
 * err set when the XML is malformed, too deep or too large for a chunk; the file
 * stays valid and later events can still be added. */
int evtx_writer_add_xml(evtx_writer *w, const char *xml, size_t len, tr_error *err);

/* Records written so far. */
uint64_t evtx_writer_count(const evtx_writer *w);

/* Writes the last chunk and the file header, closes and frees w (always, even on
 * error). Returns 0, or -1 with err set on a write error. NULL w is a no-op. */
int evtx_writer_close(evtx_writer *w, tr_error *err);

/* ---- pieces, exposed for tests ---- */

/* Hash of an element or attribute name as Windows stores it in the chunk's name
 * structures: low 16 bits of h = h * 65599 + c over the UTF-16 code units. */
uint16_t evtx_write_name_hash(const char *utf8, size_t len);

/* Parses "YYYY-MM-DDTHH:MM:SS[.f...]Z" (1601..30827) into FILETIME ticks (100 ns
 * since 1601-01-01 UTC); digits past the 7th are dropped. False when malformed. */
bool evtx_write_parse_filetime(const char *s, size_t len, uint64_t *ft);

/* Renders ft the way Windows does: "2022-12-20T15:58:25.325383600Z" (needs 31 bytes). */
void evtx_write_format_filetime(uint64_t ft, char out[32]);

#endif
