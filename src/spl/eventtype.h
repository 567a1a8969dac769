/* eventtype.h - the built-in eventtype table: Splunk Add-on for Windows (and Sysmon
 * add-on) eventtypes as search-language definitions, so `eventtype=NAME` works
 * without a Splunk instance. */
#ifndef TRAWL_EVENTTYPE_H
#define TRAWL_EVENTTYPE_H

#include <stddef.h>

typedef struct eventtype {
    const char *name;      /* eventtype name as searches spell it */
    const char *search;    /* its definition in the search language */
} eventtype;

/* The table, NULL-terminated by a row with name == NULL. */
const eventtype *eventtype_table(void);
/* Exact lookup (case-insensitive, as Splunk matches field values); NULL when unknown. */
const eventtype *eventtype_find(const char *name, size_t len);

#endif
