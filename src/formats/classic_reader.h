/* classic_reader.h - Windows events as Splunk's classic `WinEventLog` sourcetype
 * writes them: a "MM/DD/YYYY HH:MM:SS AM" header line, then Key=Value lines
 * (LogName=, EventCode=, ComputerName=, SourceName=, ...) and a Message= value
 * that runs to the next header. Field mapping: docs/formats.md. */
#ifndef TRAWL_CLASSIC_READER_H
#define TRAWL_CLASSIC_READER_H

#include <stddef.h>

#include "input.h"

/* Largest event accepted; bigger ones are reported and skipped. */
#define CLASSIC_MAX_EVENT (4u << 20)

/* True when the first non-blank line of head is an event header. */
int classic_sniff(const unsigned char *head, size_t len);

/* Reads every event from fd (prefix: the bytes already consumed by sniffing).
 * Problems are reported as "trawl: NAME:LINE: ..." and counted in st; the event
 * is skipped and reading goes on. Returns 0, or 1 when fn asked to stop. */
int classic_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                           size_t prefix_len, const input_options *opt, input_event_fn fn,
                           void *ctx, input_stats *st);

/* The same over a buffer (tests, fuzzing, Splunk JSON exports whose _raw is
 * classic text); first_line numbers the buffer's first line in messages. */
int classic_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                               unsigned long first_line, const input_options *opt,
                               input_event_fn fn, void *ctx, input_stats *st);

#endif
