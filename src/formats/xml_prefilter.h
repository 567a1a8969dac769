/* xml_prefilter.h - the search's pushed-down conditions (pushdown.h) tested on an
 * XML event's text before expat parses it. One walk over the event's tags finds the
 * System values (EventID, Channel, Computer, provider Name) as winevent will take
 * them, and every name that could add values to those fields (Data Name attributes,
 * UserData leaves, Security attributes). Whenever the cheap look is not certain
 * (entities in a value, a comment, a shadowing name, markup expat and the lenient
 * reader could read differently), the event passes and the full parse decides.
 * The same walk can also find where an event written on one line ends, so the
 * reader's span scanner need not look at it again. */
#ifndef TRAWL_XML_PREFILTER_H
#define TRAWL_XML_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"

/* False only when no search can keep the event in text[0..len). */
bool xml_prefilter_may_match(const input_options *opt, const char *text, size_t len);

/* Verdicts of xml_prefilter_span. */
enum {
    XML_SPAN_IRREGULAR = -1,  /* the span scanner must cut this event itself */
    XML_SPAN_DROP = 0,        /* no search can keep it */
    XML_SPAN_KEEP = 1,        /* parse it (also whenever no pushdown is active) */
};

/* text[0..avail) starts with "<Event" and a space or '>' and holds no line break.
 * Finds the event's end, the first "</Event>", and tests the event as
 * xml_prefilter_may_match does. Returns XML_SPAN_IRREGULAR when the span scanner
 * could cut a different event: no "</Event>" before avail, or markup it treats
 * specially (<!...>, <?...?>, another <Event or </Event, an odd or self-closing
 * start tag). Otherwise *span_len is the event's length up to its "</Event>". */
int xml_prefilter_span(const input_options *opt, const char *text, size_t avail,
                       size_t *span_len);

#endif
