/* xml_reader.h - Windows events written as XML text: Splunk XmlWinEventLog (one
 * <Event> per line), pretty-printed events, wevtutil's <Events> wrapper and
 * `evtxexport -f xml` output. Each <Event>...</Event> span is cut out of the byte
 * stream and parsed on its own (expat), so one malformed event costs only itself. */
#ifndef TRAWL_XML_READER_H
#define TRAWL_XML_READER_H

#include <stddef.h>

#include "input.h"

/* Largest event accepted; bigger ones are reported and skipped. */
#define XML_READER_MAX_EVENT (4u << 20)

/* Reads every event from fd, the first prefix_len bytes of which were consumed by
 * sniffing and are given in prefix. Memory stays bounded by the event cap.
 * Problems are reported as "trawl: NAME:LINE: ..." and counted in st.
 * Returns 0, or 1 when fn asked to stop. */
int xml_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                       size_t prefix_len, const input_options *opt, input_event_fn fn,
                       void *ctx, input_stats *st);

/* The same over a buffer in memory (tests and the fuzz target). */
int xml_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                           const input_options *opt, input_event_fn fn, void *ctx,
                           input_stats *st);

#endif
