/* evtx.h - public entry of trawl's own EVTX (MS-EVEN6 binary XML) reader. */
#ifndef TRAWL_EVTX_H
#define TRAWL_EVTX_H

#include <stddef.h>
#include <stdint.h>

#include "../event/reader.h"

/* True when the buffer starts like an EVTX file ("ElfFile\0"). */
int evtx_sniff(const unsigned char *head, size_t len);

/* Reads every record of an EVTX file sequentially from fd (a file or a pipe), the
 * first prefix_len bytes of which were already consumed by sniffing and are given
 * in prefix. Reads chunk by chunk so memory stays flat whatever the file size.
 * name is used in messages. Returns 0, or 1 if fn asked to stop.
 * Damage is reported as "trawl: NAME: chunk N record M: reason" and counted in st. */
int evtx_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                 const input_options *opt, input_event_fn fn, void *ctx,
                 input_stats *st);

#endif
