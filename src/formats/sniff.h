/* sniff.h - which reader a file needs, decided from its first bytes (never from
 * its name). The formats are a table: a new input format is one row. */
#ifndef TRAWL_SNIFF_H
#define TRAWL_SNIFF_H

#include <stddef.h>

#include "input.h"

/* Bytes input.c reads before sniffing (fewer only at end of file). */
#define SNIFF_HEAD 4096

/* Reads a whole stream; prefix holds the first bytes already read from fd. */
typedef int (*sniff_read_fn)(const char *name, int fd, const unsigned char *prefix,
                             size_t prefix_len, const input_options *opt,
                             input_event_fn fn, void *ctx, input_stats *st);

typedef struct sniff_format {
    const char *name;                                   /* for messages and docs */
    int (*match)(const unsigned char *head, size_t len); /* nonzero: this format */
    sniff_read_fn read;
} sniff_format;

/* The first format whose match accepts head, or NULL for an unknown format. */
const sniff_format *sniff_detect(const unsigned char *head, size_t len);

/* True when head looks like XML text: optional BOM (UTF-8 or UTF-16) and
 * whitespace, then '<'; or text (no NUL byte) in which an <Event starts, as
 * `evtxexport -f xml` output after its banner line. */
int sniff_xml(const unsigned char *head, size_t len);

#endif
