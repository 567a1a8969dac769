/* xml_prefilter.h - the search's pushed-down conditions (spl_pushdown) tested on an
 * XML event's text before expat parses it: EventID, Channel, Computer and the
 * provider Name are found by plain substring search. Whenever the cheap look is
 * not certain (entities in a value, a Data field shadowing a System field, UserData),
 * the event passes and the full parse decides. */
#ifndef TRAWL_XML_PREFILTER_H
#define TRAWL_XML_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"

/* False only when no search can keep the event in text[0..len). */
bool xml_prefilter_may_match(const input_options *opt, const char *text, size_t len);

#endif
