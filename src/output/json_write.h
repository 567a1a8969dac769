/* json_write.h - minimal JSON text writer used by every JSON-producing output: strings
 * are escaped and invalid UTF-8 becomes U+FFFD, so output is always valid JSON. */
#ifndef TRAWL_JSON_WRITE_H
#define TRAWL_JSON_WRITE_H

#include <stddef.h>
#include <stdio.h>

void json_write_string(FILE *fp, const char *s, size_t len);

#endif
