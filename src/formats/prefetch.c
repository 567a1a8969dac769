/* prefetch.c - read-ahead of whole small files: the helper threads, the stack of
 * lists being walked (a directory inside a directory inside the run's paths) and
 * the spools, chains of segments recycled as soon as they are replayed. One mutex
 * guards entry states and segment hand-offs; readers run outside it, each on its
 * own spool, with their messages captured per thread (tr_warn_capture_begin) and
 * the progress line left alone, so stderr is only written by the calling thread.
 *
 * Memory: segments filled ahead of the caller share a budget; a helper that needs
 * one beyond it waits until the caller frees some or reaches its file. The file
 * the caller is at streams: the caller replays segments while the helper fills
 * the next ones, a few at most ahead of it. */
#include "prefetch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/jobs.h"
#include "../util/xmalloc.h"

/* Helpers beyond this add memory and nothing a disk can feed. */
#define PREFETCH_MAX_HELPERS 32

/* Entries read ahead of the caller (being read or read, not yet replayed), per
 * thread: files differ in size, and with one entry per thread a thread finishing a
 * small file waits for the others while the caller is on a big one. Memory is
 * bounded by the segment budget, not by this. */
#define PREFETCH_AHEAD_PER_THREAD 4

/* Segments: memory first touched is the costly part of a hand-off (page faults),
 * and a reused segment is already mapped and often still in cache; small ones
 * keep what small files touch small. An item larger than a segment gets one of
 * its own, freed rather than kept. */
#define SEG_SIZE (64u << 10)
/* Segments of files the caller has not reached: 4 MiB plus 1 MiB per helper. */
#define SEG_BUDGET_BASE 64
#define SEG_BUDGET_PER_HELPER 16
/* Segments filled and not yet replayed of the file the caller is at (1 MiB). */
#define SEG_STREAM 16

/* Spool items: a tag byte, then a message (u32 length, bytes) or a packed record.
 * An item never spans two segments. */
enum { SP_MSG = 'M', SP_EVENT = 'E' };

typedef struct pf_seg {
    struct pf_seg *next;       /* in a spool, or in pf->free_segs */
    char *buf;
    size_t len, cap;
} pf_seg;

/* Entry states. An entry leaves E_NEW once (taken by a helper or the caller). */
enum { E_NEW, E_BUSY, E_DONE, E_UNFIT, E_TAKEN };

struct prefetch_spool {
    /* Written by the filling thread alone: */
    pf_seg *cur;               /* segment being filled, not yet handed over */
    bool over;                 /* the caller's own fill ran out of budget: dropped */
    bool by_caller;            /* filled by the calling thread (never waits) */
    input_stats st;            /* the reader's counts for the whole file */
    uint64_t size;             /* bytes on disk */
    /* Under pf->mu: */
    pf_seg *head, *tail;       /* filled segments, items in input order */
    size_t nsegs;              /* in head..tail */
    bool streamed;             /* the caller is at this file: it owns the spool */
    bool dropped;              /* the caller stopped: the filler stops too */
    bool finished, ok;         /* the reader returned; ok: every event is here */
    /* Fixed: */
    prefetch *pf;
    prefetch_list *l;
    const char *path;          /* borrowed from the list */
    bool top;
    prefetch_spool *next;      /* in pf->spare_spools */
};

typedef struct pf_entry {
    const char *path;          /* borrowed from the caller */
    int state;                 /* E_* */
    prefetch_spool *spool;     /* E_BUSY, E_DONE: what a reader produced */
} pf_entry;

struct prefetch_list {
    prefetch *pf;
    prefetch_list *up;         /* the list whose entry this list's directory is */
    pf_entry *e;
    size_t n;
    size_t pos;                /* entry the calling thread is at */
    size_t scan;               /* every entry before it has left E_NEW */
    size_t busy;               /* entries in E_BUSY */
    bool top;                  /* paths named by the user */
    atomic_bool cancel;        /* popped: readers of its entries stop */
};

struct prefetch {
    pthread_mutex_t mu;
    pthread_cond_t work;       /* helpers: an entry may have become readable, or quit */
    pthread_cond_t done;       /* caller: an entry or a segment is ready */
    pthread_cond_t room;       /* fillers: a segment was freed, or a spool streams */
    prefetch_list *top;        /* the list helpers work on */
    size_t ahead;              /* entries past the caller's a reader may take, and
                                  entries in E_BUSY or E_DONE at once */
    size_t held;               /* entries in E_BUSY or E_DONE, in all lists */
    size_t segs_used;          /* segments in spools */
    size_t seg_budget;         /* segments of spools the caller is not at */
    bool quit;
    atomic_bool stopping;      /* the callback asked to stop: start nothing */
    unsigned want, started;    /* helper threads */
    pthread_t *tids;
    input_options opt;         /* the run's options with jobs = 1: no pools inside */
    prefetch_read_fn read;
    record rec;                /* replayed events, one at a time */
    prefetch_spool *spare_spools; /* replayed or dropped, kept for reuse: no more */
    pf_seg *free_segs;         /* exist than were ever in use at once */
};

/* ---- spools ---- */

/* Takes back a segment (a grown one is freed); pf->mu held. */
static void seg_free(prefetch *pf, pf_seg *g)
{
    pf->segs_used--;
    if (g->cap == SEG_SIZE) {
        g->next = pf->free_segs;
        pf->free_segs = g;
    } else {
        free(g->buf);
        free(g);
    }
    pthread_cond_broadcast(&pf->room);
}

/* An empty spool for entry i of l; pf->mu held. */
static prefetch_spool *spool_new(prefetch *pf, prefetch_list *l, size_t i)
{
    prefetch_spool *s = pf->spare_spools;
    if (s)
        pf->spare_spools = s->next;
    else
        s = xmalloc(sizeof *s);
    *s = (prefetch_spool){ .pf = pf, .l = l, .path = l->e[i].path, .top = l->top };
    return s;
}

/* Keeps s for reuse, its segments back to the free list; pf->mu held, the filler
 * done with it. NULL is fine. */
static void spool_free(prefetch *pf, prefetch_spool *s)
{
    if (!s)
        return;
    if (s->cur)
        seg_free(pf, s->cur);
    while (s->head) {
        pf_seg *g = s->head;
        s->head = g->next;
        seg_free(pf, g);
    }
    s->next = pf->spare_spools;
    pf->spare_spools = s;
}

/* Hands the filled segment over to the caller; pf->mu held. */
static void spool_publish(prefetch_spool *s)
{
    pf_seg *g = s->cur;
    s->cur = NULL;
    if (!g)
        return;
    if (!g->len) {
        seg_free(s->pf, g);
        return;
    }
    g->next = NULL;
    if (s->tail)
        s->tail->next = g;
    else
        s->head = g;
    s->tail = g;
    s->nsegs++;
    pthread_cond_broadcast(&s->pf->done);
}

/* May a filler of s take one more segment? pf->mu held. */
static bool spool_may_grow(const prefetch_spool *s)
{
    const prefetch *pf = s->pf;
    if (s->streamed)
        return s->nsegs < SEG_STREAM;
    return pf->segs_used < pf->seg_budget;
}

/* The segment an item of at least `want` bytes goes to: the current one when it
 * fits, else a new one after handing the current one over. A helper waits for
 * room; the calling thread never does (it alone frees segments): its spool is
 * dropped instead. NULL: the spool is dropped or its list cancelled. */
static pf_seg *spool_room(prefetch_spool *s, size_t want)
{
    pf_seg *g = s->cur;
    if (g && g->cap - g->len >= want)
        return g;
    prefetch *pf = s->pf;
    pthread_mutex_lock(&pf->mu);
    spool_publish(s);
    for (;;) {
        if (s->dropped || atomic_load(&s->l->cancel) || atomic_load(&pf->stopping)) {
            pthread_mutex_unlock(&pf->mu);
            return NULL;
        }
        if (spool_may_grow(s))
            break;
        if (s->by_caller) {
            s->over = true;
            pthread_mutex_unlock(&pf->mu);
            return NULL;
        }
        pthread_cond_wait(&pf->room, &pf->mu);
    }
    g = pf->free_segs;
    if (g)
        pf->free_segs = g->next;
    pf->segs_used++;
    pthread_mutex_unlock(&pf->mu);
    if (!g) {
        g = xmalloc(sizeof *g);
        g->cap = want > SEG_SIZE ? want : SEG_SIZE;
        g->buf = xmalloc(g->cap);
    } else if (g->cap < want) {
        g->buf = xrealloc(g->buf, want);
        g->cap = want;
    }
    g->len = 0;
    s->cur = g;
    return g;
}

/* tr_warn capture of a reader: the message goes in among the events. */
static void spool_msg(void *ctx, const char *line, size_t len)
{
    prefetch_spool *s = ctx;
    size_t need = 1 + sizeof(uint32_t) + len;
    pf_seg *g = s->over ? NULL : spool_room(s, need);
    if (!g) {
        s->over = true;        /* the reader stops at its next event */
        return;
    }
    uint32_t n = (uint32_t)len;
    g->buf[g->len] = SP_MSG;
    memcpy(g->buf + g->len + 1, &n, sizeof n);
    memcpy(g->buf + g->len + 1 + sizeof n, line, len);
    g->len += need;
}

static int spool_event(void *ctx, record *ev)
{
    prefetch_spool *s = ctx;
    if (atomic_load_explicit(&s->l->cancel, memory_order_relaxed) ||
        atomic_load_explicit(&s->pf->stopping, memory_order_relaxed))
        s->over = true;
    pf_seg *g = s->over ? NULL : spool_room(s, 1 + record_packed_size(ev));
    if (!g) {
        s->over = true;
        return 1;
    }
    g->buf[g->len++] = SP_EVENT;
    record_pack(ev, &g->buf, &g->len, &g->cap);
    return 0;
}

/* ---- taking and reading entries ---- */

/* Marks the first readable entry of the top list E_BUSY; pf->mu held. */
static bool pick(prefetch *pf, prefetch_list **lp, size_t *ip)
{
    prefetch_list *l = pf->top;
    if (!l || pf->held >= pf->ahead || atomic_load(&pf->stopping) || atomic_load(&l->cancel))
        return false;
    while (l->scan < l->n && l->e[l->scan].state != E_NEW)
        l->scan++;
    size_t end = l->pos + pf->ahead + 1 < l->n ? l->pos + pf->ahead + 1 : l->n;
    for (size_t j = l->scan; j < end; j++) {
        if (l->e[j].state == E_NEW) {
            l->e[j].state = E_BUSY;
            l->busy++;
            pf->held++;
            *lp = l;
            *ip = j;
            return true;
        }
    }
    return false;
}

static void fill(prefetch *pf, prefetch_list *l, size_t i, bool by_caller);

/* The calling thread, about to wait for a helper: reads a later entry instead,
 * while segments are to be had (it must never wait for one, being the only
 * thread that frees them). False when there is nothing to do; pf->mu held. */
static bool caller_helps(prefetch *pf)
{
    prefetch_list *l;
    size_t i;
    if (pf->segs_used >= pf->seg_budget || !pick(pf, &l, &i))
        return false;
    fill(pf, l, i, true);
    return true;
}

/* Reads entry i of l (E_BUSY) into a spool; pf->mu held, released meanwhile. */
static void fill(prefetch *pf, prefetch_list *l, size_t i, bool by_caller)
{
    prefetch_spool *s = spool_new(pf, l, i);
    s->by_caller = by_caller;
    l->e[i].spool = s;
    pthread_mutex_unlock(&pf->mu);

    tr_capture prev = tr_warn_capture_begin(spool_msg, s);
    int rc = pf->read(s->path, s->top, &pf->opt, spool_event, s, &s->st, &s->size);
    tr_warn_capture_end(prev);

    pthread_mutex_lock(&pf->mu);
    spool_publish(s);
    s->finished = true;
    s->ok = rc == 0 && !s->over;
    if (!s->streamed) {        /* else the caller owns it and looks at ok */
        l->e[i].state = s->ok ? E_DONE : E_UNFIT;
        if (!s->ok) {
            l->e[i].spool = NULL;
            spool_free(pf, s);  /* the caller reads it itself, or nobody does */
            pf->held--;
            pthread_cond_broadcast(&pf->work);
        }
    }
    l->busy--;
    pthread_cond_broadcast(&pf->done);
}

static void *helper_main(void *arg)
{
    prefetch *pf = arg;
    pthread_mutex_lock(&pf->mu);
    for (;;) {
        prefetch_list *l;
        size_t i;
        while (!pf->quit && !pick(pf, &l, &i))
            pthread_cond_wait(&pf->work, &pf->mu);
        if (pf->quit)
            break;
        fill(pf, l, i, false);
    }
    pthread_mutex_unlock(&pf->mu);
    return NULL;
}

prefetch *prefetch_new(const input_options *opt, prefetch_read_fn read)
{
    unsigned jobs = jobs_resolve(opt ? opt->jobs : 1);
    if (jobs <= 1)
        return NULL;
    prefetch *pf = xcalloc(1, sizeof *pf);
    pthread_mutex_init(&pf->mu, NULL);
    pthread_cond_init(&pf->work, NULL);
    pthread_cond_init(&pf->done, NULL);
    pthread_cond_init(&pf->room, NULL);
    pf->want = jobs - 1 < PREFETCH_MAX_HELPERS ? jobs - 1 : PREFETCH_MAX_HELPERS;
    pf->ahead = PREFETCH_AHEAD_PER_THREAD * (pf->want + 1);
    pf->seg_budget = SEG_BUDGET_BASE + SEG_BUDGET_PER_HELPER * pf->want;
    atomic_init(&pf->stopping, false);
    pf->opt = *opt;
    pf->opt.jobs = 1;
    pf->read = read;
    record_init(&pf->rec);
    return pf;
}

void prefetch_free(prefetch *pf)
{
    if (!pf)
        return;
    pthread_mutex_lock(&pf->mu);
    pf->quit = true;
    pthread_cond_broadcast(&pf->work);
    pthread_mutex_unlock(&pf->mu);
    for (unsigned i = 0; i < pf->started; i++)
        pthread_join(pf->tids[i], NULL);
    free(pf->tids);
    while (pf->spare_spools) {
        prefetch_spool *s = pf->spare_spools;
        pf->spare_spools = s->next;
        free(s);
    }
    while (pf->free_segs) {
        pf_seg *g = pf->free_segs;
        pf->free_segs = g->next;
        free(g->buf);
        free(g);
    }
    record_free(&pf->rec);
    pthread_cond_destroy(&pf->work);
    pthread_cond_destroy(&pf->done);
    pthread_cond_destroy(&pf->room);
    pthread_mutex_destroy(&pf->mu);
    free(pf);
}

prefetch_list *prefetch_push(prefetch *pf, const char *const *paths, size_t n, bool top)
{
    if (!pf || n < 2 || atomic_load(&pf->stopping))
        return NULL;
    if (!pf->tids) {           /* threads only once there is something to read ahead */
        pf->tids = xcalloc(pf->want, sizeof *pf->tids);
        while (pf->started < pf->want &&
               pthread_create(&pf->tids[pf->started], NULL, helper_main, pf) == 0)
            pf->started++;     /* fewer threads if the system says no */
    }
    prefetch_list *l = xcalloc(1, sizeof *l);
    l->pf = pf;
    l->n = n;
    l->top = top;
    atomic_init(&l->cancel, false);
    l->e = xcalloc(n, sizeof *l->e);
    for (size_t i = 0; i < n; i++)
        l->e[i].path = paths[i];
    pthread_mutex_lock(&pf->mu);
    l->up = pf->top;
    pf->top = l;
    pthread_cond_broadcast(&pf->work);
    pthread_mutex_unlock(&pf->mu);
    return l;
}

void prefetch_pop(prefetch_list *l, bool stopped)
{
    if (!l)
        return;
    prefetch *pf = l->pf;
    pthread_mutex_lock(&pf->mu);
    if (stopped)
        atomic_store(&pf->stopping, true);
    atomic_store(&l->cancel, true);
    pthread_cond_broadcast(&pf->room);   /* fillers waiting for a segment give up */
    while (l->busy)
        pthread_cond_wait(&pf->done, &pf->mu);
    for (size_t i = 0; i < l->n; i++) {
        if (l->e[i].state == E_DONE) {
            spool_free(pf, l->e[i].spool);
            pf->held--;
        }
    }
    pf->top = l->up;
    pthread_cond_broadcast(&pf->work);
    pthread_mutex_unlock(&pf->mu);
    free(l->e);
    free(l);
}

prefetch_spool *prefetch_take(prefetch_list *l, size_t i)
{
    if (!l)
        return NULL;
    prefetch *pf = l->pf;
    prefetch_spool *s = NULL;
    pthread_mutex_lock(&pf->mu);
    l->pos = i;
    pf_entry *e = &l->e[i];
    for (;;) {
        if (e->state == E_NEW || e->state == E_UNFIT) {
            break;
        }
        if (e->state == E_DONE) {
            s = e->spool;
            pf->held--;
            break;
        }
        /* E_BUSY: the file streams from here on, free of the budget. */
        prefetch_spool *f = e->spool;
        if (!f->streamed) {
            f->streamed = true;
            pthread_cond_broadcast(&pf->room);
        }
        if (f->head || f->finished) {
            pf->held--;
            if (f->finished && !f->ok) {
                spool_free(pf, f); /* read nothing (not a file to read ahead) */
                break;
            }
            s = f;
            break;
        }
        /* Nothing to replay yet. */
        if (!caller_helps(pf))
            pthread_cond_wait(&pf->done, &pf->mu);
    }
    e->state = E_TAKEN;
    e->spool = NULL;
    pthread_cond_broadcast(&pf->work);   /* the window moved on */
    pthread_mutex_unlock(&pf->mu);
    return s;
}

/* ---- replay ---- */

typedef struct text_buf {
    char *p;
    size_t len, cap;
} text_buf;

static void text_msg(void *ctx, const char *line, size_t len)
{
    text_buf *b = ctx;
    xgrow((void **)&b->p, &b->cap, b->len + len, 1);
    memcpy(b->p + b->len, line, len);
    b->len += len;
}

/* Stops the reader at the left-th event it delivers. */
static int count_down(void *ctx, record *ev)
{
    (void)ev;
    uint64_t *left = ctx;
    return --*left == 0;
}

/* The callback stopped at event k of a spool whose messages up to there (said
 * bytes) are printed: a read stopping there may have counted less than the whole
 * file (the evtx reader adds damage found so far on return) and printed more, so
 * the file is read again to that event and its counts and later messages used. */
static void replay_stopped(prefetch_spool *s, uint64_t k, size_t said, input_stats *st)
{
    text_buf msgs = { 0 };
    input_stats again = { 0 };
    uint64_t left = k, size;
    tr_capture prev = tr_warn_capture_begin(text_msg, &msgs);
    int rc = s->pf->read(s->path, s->top, &s->pf->opt, count_down, &left, &again, &size);
    tr_warn_capture_end(prev);
    if (rc == 1) {
        input_stats_add(st, &again);
        if (msgs.len > said)
            tr_warn_replay(msgs.p + said, msgs.len - said);
    } else if (s->ok) {
        input_stats_add(st, &s->st);   /* the file changed since: what the helper saw */
    }
    free(msgs.p);
}

/* Replays the items of one segment; returns 1 when fn asked to stop. */
static int replay_seg(prefetch *pf, const pf_seg *g, input_event_fn fn, void *ctx, uint64_t *k,
                      size_t *said)
{
    for (size_t off = 0; off < g->len;) {
        if (g->buf[off++] == SP_MSG) {
            uint32_t n;
            memcpy(&n, g->buf + off, sizeof n);
            off += sizeof n;
            tr_warn_replay(g->buf + off, n);
            off += n;
            *said += n;
        } else {
            record_unpack(&pf->rec, g->buf, &off);
            ++*k;
            if (fn(ctx, &pf->rec))
                return 1;
        }
    }
    return 0;
}

int prefetch_replay(prefetch_spool *s, input_event_fn fn, void *ctx, input_stats *st,
                    uint64_t *size)
{
    prefetch *pf = s->pf;
    size_t said = 0;
    uint64_t k = 0;
    int stop = 0;
    pthread_mutex_lock(&pf->mu);
    for (;;) {
        while (!s->head && !s->finished)
            if (!caller_helps(pf))
                pthread_cond_wait(&pf->done, &pf->mu);
        pf_seg *g = s->head;
        if (!g)
            break;
        s->head = g->next;
        if (!s->head)
            s->tail = NULL;
        s->nsegs--;
        pthread_mutex_unlock(&pf->mu);
        stop = replay_seg(pf, g, fn, ctx, &k, &said);
        pthread_mutex_lock(&pf->mu);
        seg_free(pf, g);
        if (stop) {
            s->dropped = true;             /* the filler stops at its next segment */
            pthread_cond_broadcast(&pf->room);
            while (!s->finished)
                pthread_cond_wait(&pf->done, &pf->mu);
            break;
        }
    }
    pthread_mutex_unlock(&pf->mu);
    *size = s->size;
    if (stop)
        replay_stopped(s, k, said, st);
    else
        input_stats_add(st, &s->st);
    pthread_mutex_lock(&pf->mu);
    spool_free(pf, s);
    pthread_mutex_unlock(&pf->mu);
    return stop;
}
