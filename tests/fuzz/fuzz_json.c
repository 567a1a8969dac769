/* fuzz_json.c - libFuzzer target: arbitrary bytes through the JSON event reader
 * (object scanner, jansson, every shape, the Splunk _raw path into the XML and
 * classic readers, winevent). Any crash, leak or sanitizer report is a bug. */
#include <stddef.h>
#include <stdint.h>

#include "formats/json_reader.h"

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
    json_reader_read_buffer("fuzz", data, size, NULL, on_event, &sum, &st);
    return 0;
}
