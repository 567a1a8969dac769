/* xml_ctrlref.h - character references to control characters (&#x3;, &#1;) that
 * XML 1.0 forbids but Windows event text holds and EVTX renderers (trawl dump
 * included) write. Before expat sees an event they become private-use placeholders
 * (U+F700 + code), and values coming out of expat are mapped back, so such events
 * read like any other instead of being rejected. */
#ifndef TRAWL_XML_CTRLREF_H
#define TRAWL_XML_CTRLREF_H

#include <stdbool.h>
#include <stddef.h>

/* Rewrites in[0..len) into *buf (grown as needed) when it holds a forbidden
 * reference; returns true and sets *out_len then, false (buf untouched) otherwise. */
bool xml_ctrlref_encode(const unsigned char *in, size_t len, unsigned char **buf,
                        size_t *cap, size_t *out_len);
/* Maps placeholders in s[0..len) back to control bytes. Returns s itself when there
 * are none, else *buf (grown as needed) with *out_len set. */
const char *xml_ctrlref_decode(const char *s, size_t len, char **buf, size_t *cap,
                               size_t *out_len);

#endif
