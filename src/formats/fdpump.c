/* fdpump.c - block read loop with EINTR retry and one reported read error. */
#include "fdpump.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../util/error.h"
#include "../util/xmalloc.h"

void fdpump_read(const char *name, int fd, size_t block_size, fdpump_feed_fn feed,
                 void *reader, const bool *stop, input_stats *st)
{
    unsigned char *block = xmalloc(block_size);
    while (!*stop) {
        ssize_t n = read(fd, block, block_size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            tr_warn("%s: read error: %s", name, strerror(errno));
            st->incomplete++;
            break;
        }
        if (n == 0)
            break;
        feed(reader, block, (size_t)n);
    }
    free(block);
}
