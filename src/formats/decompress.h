/* decompress.h - gzip and zstd inputs, recognised by their magic bytes (never by
 * the name) and decoded on the fly: a thread inflates the file into a local
 * socket whose other end any reader reads like a file or pipe. Memory stays
 * bounded (the decoders' windows and one block), so a compression bomb costs only
 * time; nothing is written to disk. */
#ifndef TRAWL_DECOMPRESS_H
#define TRAWL_DECOMPRESS_H

#include <stddef.h>

enum decompress_kind { DECOMPRESS_NONE, DECOMPRESS_GZIP, DECOMPRESS_ZSTD };

/* Which decoder head (the file's first bytes) needs, or DECOMPRESS_NONE. */
enum decompress_kind decompress_sniff(const unsigned char *head, size_t len);
/* "gzip" or "zstd". */
const char *decompress_name(enum decompress_kind kind);

typedef struct decompress decompress;

/* Starts decoding fd, whose first prefix_len bytes (copied) were already read.
 * *out_fd receives the decoded bytes. fd must stay open until decompress_finish.
 * NULL when no thread or socket could be made (reported). */
decompress *decompress_start(enum decompress_kind kind, const char *name, int fd,
                             const unsigned char *prefix, size_t prefix_len, int *out_fd);

/* Closes out_fd (a reader that stopped early makes the thread stop), waits for
 * the thread and frees d. Returns 0, or -1 when the compressed data was damaged
 * or truncated (reported as "trawl: NAME: ..."), unless the reader stopped first. */
int decompress_finish(decompress *d, int out_fd);

#endif
