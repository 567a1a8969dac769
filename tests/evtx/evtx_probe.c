/* evtx_probe.c - test driver for the EVTX reader without the rest of trawl:
 *   evtx_probe count FILE...   "FILE<TAB>records rendered<TAB>bad<TAB>incomplete"
 *   evtx_probe xml FILE        events as XML (as `trawl dump -f xml`)
 * Built by tests/evtx/build-probe; used by the corpus and differential tests. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evtx/evtx_private.h"

typedef struct probe {
    evtx_buf out;
    evtx_xml_writer *xml;
    int print;
    unsigned long ok;
} probe;

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    probe *p = ctx;
    p->out.len = 0;
    evtx_xml_reset(p->xml, &p->out);
    if (evtx_walk_render(c, r, &evtx_xml_visitor, p->xml) < 0)
        return 0;
    p->ok++;
    if (p->print)
        fwrite(p->out.p, 1, p->out.len, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    probe p = { { 0 }, evtx_xml_new(), strcmp(argv[1], "xml") == 0, 0 };
    int recover = getenv("PROBE_RECOVER") != NULL;
    for (int i = 2; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            perror(argv[i]);
            continue;
        }
        p.ok = 0;
        evtx_walk_hooks h = { &p, NULL, NULL, on_record, NULL };
        evtx_walk_result res;
        evtx_walk(argv[i], fd, NULL, 0, true, recover, p.print == 0, &h, &res);
        close(fd);
        if (!p.print)
            printf("%s\t%lu\t%llu\t%d\n", argv[i], p.ok, (unsigned long long)res.bad_records,
                   res.incomplete);
    }
    evtx_buf_free(&p.out);
    evtx_xml_free(p.xml);
    return 0;
}
