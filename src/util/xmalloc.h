/* xmalloc.h - allocation that never returns NULL: out of memory prints a message
 * and exits, which removes a whole class of error paths (as jq's jv_mem_alloc). */
#ifndef TRAWL_XMALLOC_H
#define TRAWL_XMALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grows *array (of elem_size items, *cap slots) to hold at least need items. */
void xgrow(void **array, size_t *cap, size_t need, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
