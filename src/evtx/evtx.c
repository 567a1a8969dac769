/* evtx.c - placeholder until the EVTX reader lands: recognises the file, reads nothing. */
#include "evtx.h"

#include <string.h>

#include "../util/error.h"

int evtx_sniff(const unsigned char *head, size_t len)
{
    return len >= 8 && memcmp(head, "ElfFile", 8) == 0;
}

int evtx_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                 const input_options *opt, input_event_fn fn, void *ctx, input_stats *st)
{
    (void)fd; (void)prefix; (void)prefix_len; (void)opt; (void)fn; (void)ctx;
    tr_warn("%s: EVTX input is not supported yet", name);
    st->bad_files++;
    return 0;
}
