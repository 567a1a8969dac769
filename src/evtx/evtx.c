/* evtx.c - the reader's public entry: sniffing, and evtx_read_fd, which walks the
 * file and feeds each record's XML events to the shared Windows event builder
 * (winevent), so an EVTX event has the same fields as its XmlWinEventLog export. */
#include "evtx.h"

#include <inttypes.h>
#include <string.h>

#include "../event/winevent.h"
#include "../util/error.h"
#include "evtx_private.h"

int evtx_sniff(const unsigned char *head, size_t len)
{
    return len >= 8 && memcmp(head, "ElfFile", 8) == 0;
}

typedef struct read_ctx {
    const char *name;        /* file name for messages */
    winevent *w;             /* builder, reused for every record */
    record rec;              /* event handed to fn, reused */
    input_event_fn fn;
    void *fn_ctx;
    input_stats *st;
} read_ctx;

static void v_open(void *ctx, const char *name, size_t len)
{
    winevent_open(ctx, name, len);
}

static void v_attr(void *ctx, const char *n, size_t nl, const char *v, size_t vl)
{
    winevent_attr(ctx, n, nl, v, vl);
}

static void v_text(void *ctx, const char *s, size_t len)
{
    winevent_text(ctx, s, len);
}

static void v_close(void *ctx)
{
    winevent_close(ctx);
}

static const evtx_visitor winevent_visitor = { v_open, v_attr, v_text, v_close };

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    read_ctx *rc = ctx;
    winevent_begin(rc->w);
    if (evtx_walk_render(c, r, &winevent_visitor, rc->w) < 0)
        return 0;                   /* reported and counted by the walker */
    const char *why = NULL;
    if (winevent_end(rc->w, &rc->rec, &why) < 0) {
        tr_warn("%s: chunk %" PRIu64 " record %" PRIu64 ": %s", rc->name, r->chunk_index,
                r->record_id, why ? why : "not an event");
        rc->st->bad_events++;
        return 0;
    }
    if (r->recovered)
        record_set(&rc->rec, "Recovered", "true", 4);
    rc->st->events++;
    return rc->fn(rc->fn_ctx, &rc->rec) ? 1 : 0;
}

static void on_problem(void *ctx, const char *msg)
{
    (void)ctx;
    (void)msg;
}

int evtx_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                 const input_options *opt, input_event_fn fn, void *ctx, input_stats *st)
{
    winevent_options wo = { opt ? opt->source : NULL, opt ? opt->sourcetype : NULL };
    read_ctx rc = { name, winevent_new(&wo), { 0 }, fn, ctx, st };
    record_init(&rc.rec);
    evtx_walk_hooks h = { &rc, NULL, NULL, on_record, on_problem };
    evtx_walk_result res;
    evtx_walk(name, fd, prefix, prefix_len, !(opt && opt->no_verify), opt && opt->recover,
              false, &h, &res);
    st->bad_events += res.bad_records;
    if (res.incomplete)
        st->incomplete++;
    record_free(&rc.rec);
    winevent_free(rc.w);
    return res.stopped ? 1 : 0;
}
