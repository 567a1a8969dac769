/* sniff.c - the table of input formats, tried in order on a file's first bytes.
 * Binary magics come first so a text sniffer never claims a binary file. */
#include "sniff.h"

#include <string.h>

#include "../evtx/evtx.h"
#include "classic_reader.h"
#include "json_reader.h"
#include "xml_reader.h"

/* kv_reader.c (key=value lines, read only with --sourcetype). */
int kv_sniff(const unsigned char *head, size_t len);
int kv_reader_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                      const input_options *opt, input_event_fn fn, void *ctx, input_stats *st);

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int sniff_xml(const unsigned char *head, size_t len)
{
    size_t i = 0;
    if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        i = 3;
    int utf16 = 0;   /* 1: little endian, 2: big endian */
    if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
        utf16 = 1;
        i = 2;
    } else if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
        utf16 = 2;
        i = 2;
    } else if (len >= 2 && head[0] == '<' && head[1] == 0) {
        utf16 = 1;
    } else if (len >= 2 && head[0] == 0 && head[1] == '<') {
        utf16 = 2;
    }
    if (!utf16) {
        while (i < len && is_ws(head[i]))
            i++;
        if (i < len && head[i] == '<')
            return 1;
        /* Text before the first event, as the "evtxexport VERSION" banner: still
         * XML events if the head is text (no NUL) and one of them starts in it. */
        if (memchr(head, 0, len))
            return 0;
        const unsigned char *ev = memmem(head, len, "<Event", 6);
        return ev && ev + 6 < head + len &&
               (is_ws(ev[6]) || ev[6] == '>' || ev[6] == 's');
    }
    for (; i + 1 < len; i += 2) {
        unsigned char c = utf16 == 1 ? head[i] : head[i + 1];
        unsigned char z = utf16 == 1 ? head[i + 1] : head[i];
        if (z != 0)
            return 0;
        if (c == '<')
            return 1;
        if (!is_ws(c))
            return 0;
    }
    return 0;
}

/* ORDER: binary formats before text ones; JSON and classic text before XML,
 * whose sniffer also accepts any text holding "<Event" (a Splunk JSON export
 * or a classic message may). Compressed files are unwrapped before this table
 * (decompress.h). */
static const sniff_format formats[] = {
    { "evtx",    evtx_sniff,    evtx_read_fd },
    { "json",    json_sniff,    json_reader_read_fd },
    { "classic", classic_sniff, classic_reader_read_fd },
    { "xml",     sniff_xml,     xml_reader_read_fd },
    { "kv",      kv_sniff,      kv_reader_read_fd },   /* last: any key=value text */
};

const sniff_format *sniff_detect(const unsigned char *head, size_t len)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].match(head, len))
            return &formats[i];
    return NULL;
}
