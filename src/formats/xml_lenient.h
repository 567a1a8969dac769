/* xml_lenient.h - second chance for an event expat rejects: a forgiving tokenizer
 * that reads what a person would (as Splunk's regex extractions do) from events
 * cut short or with a mistyped tag, and feeds the same winevent callbacks.
 * Repairs: a close tag that matches an open ancestor closes up to it, one that
 * matches nothing closes the current element, elements still open at the end are
 * closed, unknown entities stay literal, attribute values may be unquoted. */
#ifndef TRAWL_XML_LENIENT_H
#define TRAWL_XML_LENIENT_H

#include <stddef.h>

#include "../event/winevent.h"

typedef struct xml_lenient {
    char *buf;   /* decoded attribute values, reused */
    size_t cap;
} xml_lenient;

/* Feeds data[0..len) to w (between winevent_begin and winevent_end, which the
 * caller does). Never fails; bounded work, no recursion. */
void xml_lenient_parse(xml_lenient *x, const char *data, size_t len, winevent *w);
void xml_lenient_free(xml_lenient *x);

#endif
