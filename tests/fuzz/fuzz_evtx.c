/* fuzz_evtx.c - libFuzzer target for the EVTX reader: the input is one chunk (a
 * synthetic file header is put in front) read with recovery on (malformed carved
 * records kept), rendered to XML and JSON; the pushdown probe's fast path must agree
 * with its walk on every record (for a search that tests every System field). The
 * file is given as a stream, or as a regular file that the duplicate check of carved
 * records reads twice, as the input's last byte says.
 * Seeds: tests/evtx/fuzz-seeds copies real chunks into build/fuzz/corpus. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "evtx/evtx_layout.h"
#include "evtx/evtx_private.h"
#include "evtx/evtx_probe.h"
#include "../support/search_pushdown.h"

typedef struct fz {
    evtx_probe fast, walked;
    evtx_buf out;
    evtx_xml_writer *xml;
    evtx_json_writer *json;
    pushdown *pd;
} fz;

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    fz *f = ctx;
    f->fast.need = f->walked.need = 0xf;
    f->fast.pd = f->walked.pd = f->pd;
    if (evtx_probe_fast(&f->fast, c, r, NULL)) {
        evtx_probe_begin(&f->walked, c);
        int bad = evtx_walk_render(c, r, &evtx_probe_visitor, &f->walked);
        evtx_probe_end(&f->walked);
        if (bad != 0 || !evtx_probe_equal(&f->fast, &f->walked))
            abort();            /* the fast path disagrees with the walk */
    }
    f->out.len = 0;
    evtx_xml_reset(f->xml, &f->out);
    evtx_walk_render(c, r, &evtx_xml_visitor, f->xml);
    evtx_json_reset(f->json);
    if (evtx_walk_render(c, r, &evtx_json_visitor, f->json) == 0)
        evtx_json_finish(f->json, &f->out, true, r);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fz f;
    static int devnull = -1, file = -1;
    if (!f.xml) {
        f.xml = evtx_xml_new();
        f.json = evtx_json_new();
        static spl_plan *plan;      /* kept for the process's life, as the pushdown */
        f.pd = search_pushdown(EVERY_SYSTEM_FIELD_SEARCH, &plan);
        if (!f.pd)
            abort();
        devnull = open("/dev/null", O_RDONLY);
        file = memfd_create("fuzz_evtx", 0);
        if (devnull < 0 || file < 0)
            abort();
    }
    size_t n = EVTX_FILE_HEADER_SIZE + size;
    unsigned char *buf = calloc(1, n ? n : 1);
    memcpy(buf, "ElfFile", 8);
    buf[EVTX_FH_CHUNK_COUNT] = 1;
    buf[EVTX_FH_MAJOR] = 3;
    buf[EVTX_FH_MINOR] = 1;
    if (size)
        memcpy(buf + EVTX_FILE_HEADER_SIZE, data, size);
    evtx_walk_hooks h = { &f, NULL, NULL, on_record, NULL };
    evtx_walk_result res;
    bool verify = size > 0 && (data[size - 1] & 1);
    if (size > 0 && (data[size - 1] & 2)) {
        if (ftruncate(file, 0) != 0 || pwrite(file, buf, n, 0) != (ssize_t)n ||
            lseek(file, 0, SEEK_SET) != 0)
            abort();
        evtx_walk("fuzz", file, NULL, 0, verify, EVTX_RECOVER_ALL, true, &h, &res);
    } else {
        evtx_walk("fuzz", devnull, buf, n, verify, EVTX_RECOVER_ALL, true, &h, &res);
    }
    free(buf);
    return 0;
}
