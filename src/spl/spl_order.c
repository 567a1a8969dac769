/* spl_order.c - Splunk hands events to a search newest first; trawl reads them in
 * file order. Where the order matters (head, dedup, first()/last(), sort, events
 * reaching the output), the planner puts this stage after the leading filters: it
 * holds the events that passed them, packed, and at the end of input emits them by
 * descending _time, later-read first among equal times (as if the files had been
 * read backwards). Beyond a memory budget, sorted runs spill to temporary files
 * and are merged; in front of `head N` only the newest N are kept.
 * Events without a _time sort after all others. */
#include "spl_private.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

enum { ORDER_DEFAULT_MEM = 64 << 20 };   /* bytes held in memory before a run spills */

/* One held event: its sort key and where its packed bytes are. */
typedef struct order_entry {
    double time;        /* _time, -inf when absent */
    uint64_t seq;       /* arrival number: larger is newer among equal times */
    size_t off;         /* in the pack buffer */
    size_t len;
} order_entry;

/* A spilled run being merged: entries read back one at a time. */
typedef struct order_run {
    FILE *fp;           /* tmpfile() holding [len][time][seq][packed]... */
    order_entry head;   /* the next entry (off = 0 in buf) */
    char *buf;          /* its packed bytes (malloc'd) */
    size_t cap;
    bool live;          /* head is valid */
} order_run;

typedef struct order_state {
    order_entry *v;     /* held entries (malloc'd) */
    size_t n, cap;
    char *pack;         /* packed records of v (malloc'd) */
    size_t pack_len, pack_cap;
    uint64_t seq;
    size_t mem;         /* budget before spilling */
    size_t limit;       /* keep only the newest limit events (head N follows); 0: all */
    order_run *runs;    /* spilled runs (malloc'd) */
    size_t nruns, runs_cap;
    record out;         /* the record being emitted */
    bool failed;        /* a spill failed: events were dropped and reported */
} order_state;

/* Newer first: descending time, then descending arrival. */
static int newer_first(const void *a, const void *b);

static void sort_entries(order_state *o)
{
    if (o->n > 1)
        qsort(o->v, o->n, sizeof *o->v, newer_first);
}

static int newer_first(const void *a, const void *b)
{
    const order_entry *x = a, *y = b;
    if (x->time != y->time)
        return x->time > y->time ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq ? 1 : 0;
}

static double event_time(const record *r)
{
    const sv *t = record_value(r, "_time");
    double d;
    if (t && num_parse(t->s, t->len, &d))
        return d;
    return -INFINITY;
}

/* Keeps the newest limit entries, repacking their bytes. */
static void trim_to_limit(order_state *o)
{
    sort_entries(o);
    o->n = o->limit;
    char *pack = xmalloc(o->pack_cap);
    size_t len = 0;
    for (size_t i = 0; i < o->n; i++) {
        memcpy(pack + len, o->pack + o->v[i].off, o->v[i].len);
        o->v[i].off = len;
        len += o->v[i].len;
    }
    free(o->pack);
    o->pack = pack;
    o->pack_len = len;
}

/* Sorts what is held and writes it out as one run. */
static void spill(order_state *o)
{
    sort_entries(o);
    FILE *fp = tmpfile();
    bool ok = fp != NULL;
    for (size_t i = 0; ok && i < o->n; i++) {
        const order_entry *e = &o->v[i];
        uint64_t len = e->len;
        ok = fwrite(&len, sizeof len, 1, fp) == 1 && fwrite(&e->time, sizeof e->time, 1, fp) == 1 &&
             fwrite(&e->seq, sizeof e->seq, 1, fp) == 1 &&
             fwrite(o->pack + e->off, 1, e->len, fp) == e->len;
    }
    if (ok && fflush(fp) == 0 && fseek(fp, 0, SEEK_SET) == 0) {
        XGROW(o->runs, o->runs_cap, o->nruns + 1);
        o->runs[o->nruns++] = (order_run){.fp = fp};
    } else {
        /* Never silent: the events of this run are lost to order-sensitive commands. */
        tr_warn("cannot spill %zu events to a temporary file to order them (%s): they are "
                "left out of this search's results", o->n, strerror(errno ? errno : EIO));
        if (fp)
            fclose(fp);
        o->failed = true;
    }
    o->n = 0;
    o->pack_len = 0;
}

static void order_consume(spl_stage *st, const record *r)
{
    order_state *o = st->state;
    XGROW(o->v, o->cap, o->n + 1);
    order_entry *e = &o->v[o->n++];
    e->time = event_time(r);
    e->seq = o->seq++;
    e->off = o->pack_len;
    record_pack(r, &o->pack, &o->pack_len, &o->pack_cap);
    e->len = o->pack_len - e->off;
    if (o->limit && o->n >= 2 * o->limit + 64)
        trim_to_limit(o);
    else if (o->pack_len + o->n * sizeof *o->v > o->mem)
        spill(o);
}

static void order_push(spl_stage *st, record *r)
{
    order_consume(st, r);
}

/* Reads a run's next entry into its head; false at its end. */
static bool run_next(order_run *run)
{
    uint64_t len;
    run->live = fread(&len, sizeof len, 1, run->fp) == 1 &&
                fread(&run->head.time, sizeof run->head.time, 1, run->fp) == 1 &&
                fread(&run->head.seq, sizeof run->head.seq, 1, run->fp) == 1;
    if (run->live) {
        XGROW(run->buf, run->cap, len + 1);
        run->live = fread(run->buf, 1, len, run->fp) == len;
        run->head.len = len;
    }
    return run->live;
}

/* The next stage no longer wants records (head is satisfied). */
static bool downstream_done(const spl_stage *st)
{
    const spl_plan *p = st->plan;
    return st->index + 1 < p->nstages && p->stages[st->index + 1].done;
}

static void emit_packed(spl_stage *st, const char *buf)
{
    order_state *o = st->state;
    size_t off = 0;
    record_unpack(&o->out, buf, &off);
    spl_stage_emit(st, &o->out);
}

static void order_finish(spl_stage *st)
{
    order_state *o = st->state;
    if (o->limit && o->n > o->limit)
        trim_to_limit(o);
    if (o->nruns && o->n)
        spill(o);
    if (!o->nruns) {
        sort_entries(o);
        for (size_t i = 0; i < o->n && !downstream_done(st); i++)
            emit_packed(st, o->pack + o->v[i].off);
        return;
    }
    /* k-way merge of the spilled runs, each sorted newest first. */
    for (size_t i = 0; i < o->nruns; i++)
        run_next(&o->runs[i]);
    size_t emitted = 0;
    while (!downstream_done(st) && (!o->limit || emitted < o->limit)) {
        order_run *best = NULL;
        for (size_t i = 0; i < o->nruns; i++)
            if (o->runs[i].live && (!best || newer_first(&o->runs[i].head, &best->head) < 0))
                best = &o->runs[i];
        if (!best)
            break;
        emit_packed(st, best->buf);
        emitted++;
        run_next(best);
    }
}

static void order_free(spl_stage *st)
{
    order_state *o = st->state;
    if (!o)
        return;
    for (size_t i = 0; i < o->nruns; i++) {
        fclose(o->runs[i].fp);
        free(o->runs[i].buf);
    }
    free(o->runs);
    free(o->v);
    free(o->pack);
    record_free(&o->out);
    free(o);
}

/* The order stage reads _time and passes every field on. */
static int order_fields_read(const spl_stage *st, projection *proj)
{
    (void)st;
    projection_want(proj, "_time", 5);
    return SPL_READS_PASS;
}

static const spl_cmd spl_cmd_order = {
    .name = "(newest first)", .push = order_push, .consume = order_consume,
    .finish = order_finish, .free = order_free, .fields_read = order_fields_read,
    .transforming = true,
};

static unsigned stage_order(const spl_stage *st)
{
    return st->cmd->order ? st->cmd->order(st) : 0;
}

/* Where the order stage goes, or nstages + 1 when no stage needs one: after the
 * leading filters, when a stage from there up to the first one whose output
 * order is its own cares about input order, or when events reach the output. */
static size_t order_position(const spl_plan *p)
{
    size_t k = 0;
    while (k < p->nstages && p->stages[k].cmd->test)
        k++;
    for (size_t i = k; i < p->nstages; i++) {
        unsigned o = stage_order(&p->stages[i]);
        if (o & SPL_ORDER_SENSITIVE)
            return k;
        if (o & SPL_ORDER_RESETS)
            return p->nstages + 1;
    }
    return k;
}

void spl_order_plan(spl_plan *p, size_t mem)
{
    size_t k = order_position(p);
    if (k > p->nstages)
        return;
    /* The stages array has room for one more (spl_compile). */
    memmove(&p->stages[k + 1], &p->stages[k], (p->nstages - k) * sizeof *p->stages);
    p->nstages++;
    for (size_t i = k + 1; i < p->nstages; i++)
        p->stages[i].index = i;
    order_state *o = xcalloc(1, sizeof *o);
    o->mem = mem ? mem : ORDER_DEFAULT_MEM;
    record_init(&o->out);
    if (k + 1 < p->nstages)
        o->limit = spl_head_limit(&p->stages[k + 1]);
    p->stages[k] = (spl_stage){.cmd = &spl_cmd_order, .plan = p, .index = k, .state = o};
}
