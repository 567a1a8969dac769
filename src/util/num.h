/* num.h - SPL's number rules: values are strings that act as numbers when they
 * parse completely as one; numbers print the way Splunk prints them. */
#ifndef TRAWL_NUM_H
#define TRAWL_NUM_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is a whole decimal number (leading/trailing spaces allowed,
 * optional sign, digits, fraction, exponent; also 0x hex integers). */
bool num_parse(const char *s, size_t len, double *out);
/* Integers print without a fraction; others with up to 15 significant digits and
 * no trailing zeros. Returns length written (buf >= 32 bytes). */
size_t num_format(double v, char *buf, size_t size);

#endif
