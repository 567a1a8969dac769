/* fdpump.h - the read loop every streaming text reader shares: a file descriptor
 * read to its end in fixed blocks, each handed to the reader, a read error reported
 * once ("trawl: NAME: read error: ...") and counted as an incomplete file. */
#ifndef TRAWL_FDPUMP_H
#define TRAWL_FDPUMP_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"

typedef void (*fdpump_feed_fn)(void *reader, const unsigned char *data, size_t len);

/* Feeds fd's bytes to feed(reader, ...) in blocks of block_size until the end of
 * input or until *stop becomes true. */
void fdpump_read(const char *name, int fd, size_t block_size, fdpump_feed_fn feed,
                 void *reader, const bool *stop, input_stats *st);

#endif
