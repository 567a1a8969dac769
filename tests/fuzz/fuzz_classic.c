/* fuzz_classic.c - libFuzzer target: arbitrary bytes through the classic WinEventLog
 * text reader (line cutting, headers, Key=Value lines, message templates and
 * "Key: Value" fields, winevent). Any crash, leak or sanitizer report is a bug. */
#include <stddef.h>
#include <stdint.h>

#include "formats/classic_reader.h"

/* Touches every value so a bad pointer in a record shows up under ASan. */
static int on_event(void *ctx, record *ev)
{
    size_t *sum = ctx;
    for (size_t i = 0; i < ev->nfields; i++)
        for (uint32_t k = 0; k < ev->fields[i].nvalues; k++)
            *sum += ev->fields[i].values[k].len + (unsigned char)ev->fields[i].values[k].s[0];
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input_stats st = { 0 };
    size_t sum = 0;
    classic_reader_read_buffer("fuzz", data, size, 1, NULL, on_event, &sum, &st);
    return 0;
}
