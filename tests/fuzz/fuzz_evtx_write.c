/* fuzz_evtx_write.c - libFuzzer target for the EVTX writer: the input is split into
 * lines, each added as one event's XML (most are rejected, the rest encoded), then
 * the file is finished. Checks the writer never crashes, leaks or overruns a chunk. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "evtx/evtx_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_evtx_write_%d.evtx", (int)getpid());
    tr_error err = { 0 };
    evtx_writer *w = evtx_writer_open(path, &err);
    if (!w)
        return 0;
    const char *s = (const char *)data;
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i < size && s[i] != '\n')
            continue;
        evtx_writer_add_xml(w, s + start, i - start, &err);
        start = i + 1;
    }
    evtx_writer_close(w, &err);
    unlink(path);
    return 0;
}
