/* evtx.c - the reader's public entry: sniffing, and evtx_read_fd, which walks the
 * file and feeds each record's XML events to the shared Windows event builder
 * (winevent), so an EVTX event has the same fields as its XmlWinEventLog export. */
#include "evtx.h"

#include <inttypes.h>
#include <string.h>

#include "../event/pushdown.h"
#include "../event/winevent.h"
#include "../util/error.h"
#include "../util/jobs.h"
#include "../util/xmalloc.h"
#include "evtx_private.h"
#include "evtx_probe.h"

int evtx_sniff(const unsigned char *head, size_t len)
{
    return len >= 8 && memcmp(head, "ElfFile", 8) == 0;
}

/* Decoding state of one thread: the builder and the pushdown probe. */
typedef struct decoder {
    const input_options *opt;  /* pushdown and overrides */
    winevent *w;               /* builder, reused for every record */
    evtx_probe probe;          /* System values for the pushdown test */
    char pad[64];              /* decoders of different threads sit side by side: keep
                                  what each writes per record off a shared cache line */
} decoder;

/* Counters of decoded records, added to input_stats by the reading thread. */
typedef struct decode_counts {
    uint64_t events, bad_events, prefiltered;
} decode_counts;

typedef struct read_ctx {
    const char *name;          /* file name for messages */
    const input_options *opt;  /* pushdown and overrides, for every decoder */
    decoder dec;               /* sequential reading */
    record rec;                /* event handed to fn, reused */
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

static void decoder_init(decoder *d, const input_options *opt)
{
    d->opt = opt;
    winevent_options wo = { opt ? opt->source : NULL, opt ? opt->sourcetype : NULL,
                            opt ? opt->fields : NULL, false };
    d->w = winevent_new(&wo);
    if (opt && pushdown_active(opt->pushdown)) {
        d->probe.need = pushdown_needs(opt->pushdown);
        d->probe.pd = opt->pushdown;
    }
}

static void decoder_free(decoder *d)
{
    winevent_free(d->w);
}

/* Decodes record r into out: 1 when out holds an event for the callback, 0 when
 * the record was bad (reported) or rejected by the pushdown (counted). */
static int decode(decoder *d, evtx_chunk *c, const evtx_record_view *r, record *out,
                  decode_counts *n)
{
    if (d->probe.pd) {          /* a pushdown that can reject */
        if (!evtx_probe_fast(&d->probe, c, r, d->opt)) {
            evtx_probe_begin(&d->probe, c);
            int bad = evtx_walk_render(c, r, &evtx_probe_visitor, &d->probe);
            evtx_probe_end(&d->probe);
            if (bad < 0)
                return 0;           /* reported and counted by the walker */
        }
        if (!evtx_probe_passes(&d->probe, d->opt)) {
            n->events++;
            n->prefiltered++;
            return 0;
        }
    }
    winevent_begin(d->w);
    if (evtx_walk_render(c, r, &winevent_visitor, d->w) < 0)
        return 0;                   /* reported and counted by the walker */
    const char *why = NULL;
    if (winevent_end(d->w, out, &why) < 0) {
        evtx_walk_warn(c, "chunk %" PRIu64 " record %" PRIu64 ": %s", r->chunk_index,
                       r->record_id, why ? why : "not an event");
        n->bad_events++;
        return 0;
    }
    if (r->recovered)
        record_set(out, "recovered", "1", 1);
    if (r->duplicate)
        record_set(out, "recovered_duplicate", "1", 1);
    n->events++;
    return 1;
}

static void add_counts(input_stats *st, const decode_counts *n)
{
    st->events += n->events;
    st->bad_events += n->bad_events;
    st->prefiltered += n->prefiltered;
}

static int on_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    read_ctx *rc = ctx;
    decode_counts n = { 0 };
    int got = decode(&rc->dec, c, r, &rc->rec, &n);
    add_counts(rc->st, &n);
    return got && rc->fn(rc->fn_ctx, &rc->rec) ? 1 : 0;
}

static void on_problem(void *ctx, const char *msg)
{
    (void)ctx;
    (void)msg;
}

/* ---- parallel reading: per-slot batches of built events ---- */

/* The events of a run of chunks, built on a worker and packed (record_pack) into
 * one buffer, handed to fn in order through one reused record. */
typedef struct batch {
    char *packed;              /* the events, one after the other */
    size_t len, cap;
    size_t n;                  /* events in packed */
    decode_counts counts;
    char pad[64];              /* as decoder */
} batch;

/* A worker's state: the decoder and the record it builds each event in. */
typedef struct worker {
    decoder dec;
    record rec;
    char pad[64];              /* as decoder */
} worker;

static void *p_worker_new(void *ctx)
{
    read_ctx *rc = ctx;
    worker *wk = xcalloc(1, sizeof *wk);
    decoder_init(&wk->dec, rc->opt);
    record_init(&wk->rec);
    return wk;
}

static void p_worker_free(void *wctx)
{
    worker *wk = wctx;
    decoder_free(&wk->dec);
    record_free(&wk->rec);
    free(wk);
}

static void *p_batch_new(void *ctx)
{
    (void)ctx;
    return xcalloc(1, sizeof(batch));
}

static void p_batch_free(void *bp)
{
    batch *b = bp;
    free(b->packed);
    free(b);
}

static void p_record(void *wctx, void *bp, evtx_chunk *c, const evtx_record_view *r)
{
    worker *wk = wctx;
    batch *b = bp;
    if (decode(&wk->dec, c, r, &wk->rec, &b->counts)) {
        record_pack(&wk->rec, &b->packed, &b->len, &b->cap);
        b->n++;
    }
}

static int p_flush(void *ctx, void *bp)
{
    read_ctx *rc = ctx;
    batch *b = bp;
    add_counts(rc->st, &b->counts);
    b->counts = (decode_counts){ 0 };
    int stop = 0;
    size_t off = 0;
    for (size_t i = 0; i < b->n && !stop; i++) {
        record_unpack(&rc->rec, b->packed, &off);
        stop = rc->fn(rc->fn_ctx, &rc->rec);
    }
    b->n = 0;
    b->len = 0;
    return stop;
}

int evtx_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                 const input_options *opt, input_event_fn fn, void *ctx, input_stats *st)
{
    read_ctx rc = { .name = name, .opt = opt, .fn = fn, .fn_ctx = ctx, .st = st };
    evtx_walk_result res;
    bool verify = !(opt && opt->no_verify);
    int recover = opt && opt->recover ? EVTX_RECOVER_EVENTS : EVTX_RECOVER_NONE;
    unsigned jobs = jobs_resolve(opt ? opt->jobs : 1);
    if (jobs > 1 && !evtx_walk_needs_serial(fd, prefix_len, recover)) {
        evtx_par_hooks ph = { &rc, jobs, p_worker_new, p_worker_free, p_batch_new,
                              p_batch_free, p_record, p_flush };
        record_init(&rc.rec);
        evtx_walk_parallel(name, fd, prefix, prefix_len, verify, recover, false, &ph, &res);
        record_free(&rc.rec);
    } else {
        decoder_init(&rc.dec, opt);
        record_init(&rc.rec);
        evtx_walk_hooks h = { &rc, NULL, NULL, on_record, on_problem };
        evtx_walk(name, fd, prefix, prefix_len, verify, recover, false, &h, &res);
        record_free(&rc.rec);
        decoder_free(&rc.dec);
    }
    st->bad_events += res.bad_records;
    if (res.incomplete)
        st->incomplete++;
    return res.stopped ? 1 : 0;
}
