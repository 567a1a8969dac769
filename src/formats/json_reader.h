/* json_reader.h - Windows events as JSON: one object per line (JSON lines), a
 * top-level array of objects, or pretty-printed objects one after another (as
 * `evtx_dump -o json` writes them between "Record N" lines). Each object is one
 * event in one of the shapes of docs/formats.md: evtx_dump / `trawl dump -f json`
 * ({"Event":{...}}), Winlogbeat / Elastic Agent ({"winlog":{...}}), NXLog
 * to_json() ({"EventID":..,"SourceName":..}) or a Splunk export of search results
 * ({"result":{"_raw":..}}, the _raw read as XML or classic text). */
#ifndef TRAWL_JSON_READER_H
#define TRAWL_JSON_READER_H

#include <stddef.h>

#include "input.h"

/* Largest object (one event) accepted; bigger ones are reported and skipped. */
#define JSON_READER_MAX_EVENT (4u << 20)

/* True when the first non-blank byte is '{' or '[', or the head starts with an
 * evtx_dump "Record N" line followed by '{'. */
int json_sniff(const unsigned char *head, size_t len);

/* Reads every event from fd (prefix: bytes already consumed by sniffing). A
 * malformed object is reported as "trawl: NAME:LINE: ..." and skipped; reading
 * resumes at the next line that starts with '{'. Returns 0, or 1 when fn asked
 * to stop. */
int json_reader_read_fd(const char *name, int fd, const unsigned char *prefix,
                        size_t prefix_len, const input_options *opt, input_event_fn fn,
                        void *ctx, input_stats *st);

/* The same over a buffer (tests and the fuzz target). */
int json_reader_read_buffer(const char *name, const unsigned char *data, size_t len,
                            const input_options *opt, input_event_fn fn, void *ctx,
                            input_stats *st);

#endif
