/* fuzz_termsafe.c - libFuzzer target: arbitrary bytes through the terminal escaper.
 * The output must fit TERMSAFE_SIZE, need no escaping itself (no control, C1 or
 * bidi character and no malformed UTF-8 left), and equal the input whenever
 * termsafe_needed says the input was safe. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/termsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *out = malloc(TERMSAFE_SIZE(size) + 1);
    size_t len = termsafe_escape((const char *)data, size, out);
    if (len > TERMSAFE_SIZE(size) || termsafe_needed(out, len))
        __builtin_trap();
    if (!termsafe_needed((const char *)data, size) && (len != size || memcmp(out, data, size)))
        __builtin_trap();
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
            __builtin_trap();
    free(out);
    return 0;
}
