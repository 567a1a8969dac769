/* evtx_file.c - walks an EVTX file from a file descriptor (file or pipe) chunk by
 * chunk: file header, chunk headers and checksums, record boundaries, damage
 * reports ("trawl: FILE: chunk N record M: reason") and slack recovery. Memory is
 * one chunk buffer plus the chunk's arenas, whatever the file size. */
#include "evtx_private.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "../util/error.h"
#include "../util/xmalloc.h"
#include "evtx_cursor.h"

typedef struct walk_state {
    const char *name;            /* file name for messages */
    int fd;                      /* source */
    const unsigned char *prefix; /* bytes already consumed by sniffing */
    size_t prefix_len, prefix_pos;
    bool quiet;                  /* do not print problems */
    const evtx_walk_hooks *h;
    evtx_walk_result *res;
    uint64_t chunk_index;        /* chunk being read */
    int read_errno;              /* read() failure, 0 if none */
    evtx_buf *msgs;              /* parallel walk: problems kept here (NUL-separated)
                                    for the reading thread to print in order */
} walk_state;

static void problem(walk_state *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(walk_state *w, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->msgs)
        evtx_buf_put(w->msgs, msg, strlen(msg) + 1);
    else if (!w->quiet)
        tr_warn("%s: %s", w->name, msg);
    if (w->h->problem)
        w->h->problem(w->h->ctx, msg);
}

/* Reads up to n bytes (prefix first), short only at end of file or on error. */
static size_t src_read(walk_state *w, unsigned char *buf, size_t n)
{
    size_t got = 0;
    if (w->prefix_pos < w->prefix_len) {
        size_t k = w->prefix_len - w->prefix_pos;
        if (k > n)
            k = n;
        memcpy(buf, w->prefix + w->prefix_pos, k);
        w->prefix_pos += k;
        got = k;
    }
    while (got < n && !w->read_errno) {
        ssize_t r = read(w->fd, buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            w->read_errno = errno;
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static bool all_zero(const unsigned char *p, size_t n)
{
    return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

int evtx_walk_render(evtx_chunk *c, const evtx_record_view *r, const evtx_visitor *v, void *vctx)
{
    if (evtx_binxml_render(c, r->offset + EVTX_REC_DATA, r->offset + r->size - 4, v, vctx) == 0)
        return 0;
    if (r->recovered)       /* slack is best effort: its templates may be overwritten */
        return -1;
    walk_state *w = c->walk;
    problem(w, "chunk %" PRIu64 " record %" PRIu64 ": %s", r->chunk_index, r->record_id,
            c->why[0] ? c->why : "bad BinXML");
    w->res->bad_records++;
    w->res->incomplete = true;
    return -1;
}

static int deliver(walk_state *w, evtx_chunk *c, const unsigned char *d, size_t off,
                   uint32_t size, bool recovered)
{
    evtx_record_view r = {
        .chunk_index = w->chunk_index,
        .record_id = evtx_le64(d + off + EVTX_REC_ID),
        .written = evtx_le64(d + off + EVTX_REC_WRITTEN),
        .offset = (uint32_t)off,
        .size = size,
        .recovered = recovered,
    };
    w->res->records++;
    if (w->h->record && w->h->record(w->h->ctx, c, &r)) {
        w->res->stopped = true;
        return 1;
    }
    return 0;
}

/* Records of one chunk: [512, limit) in order; with recover also [limit, n).
 * A record whose size field is sane is taken even when its trailing size copy
 * disagrees (its BinXML still has to render); a zero size (seen in the wild) is
 * replaced by the distance to the next record. After damage, reading resumes at the
 * next plausible record; records found that way whose identifier is outside the
 * chunk's range are leftovers of older data and only read with --recover. */
static int walk_records(walk_state *w, evtx_chunk *c, const unsigned char *d, size_t n,
                        size_t limit, const evtx_chunk_info *ci, bool recover)
{
    size_t off = EVTX_CHUNK_HEADER_SIZE;
    uint64_t expect = ci->first_id;
    uint32_t size;
    bool resynced = false;
    while (off + EVTX_REC_MIN_SIZE <= limit) {
        uint32_t sz = evtx_le32(d + off + EVTX_REC_SIZE);
        if (evtx_le32(d + off) == EVTX_RECORD_MAGIC && (sz == 0 || (sz >= EVTX_REC_MIN_SIZE && sz <= limit - off))) {
            uint64_t id = evtx_le64(d + off + EVTX_REC_ID);
            if (sz == 0)
                sz = (uint32_t)(evtx_chunk_resync(d, limit, off + 8) - off);
            bool foreign = resynced && ci->header_crc_ok && (id < ci->first_id || id > ci->last_id);
            if (!foreign || recover) {
                expect = id + 1;
                if (deliver(w, c, d, off, sz, foreign))
                    return 1;
            }
            off += sz;
            continue;
        }
        if (all_zero(d + off, limit - off))
            break;
        const char *why = evtx_le32(d + off) != EVTX_RECORD_MAGIC ? "bad record magic"
                          : "bad record size";
        problem(w, "chunk %" PRIu64 " record %" PRIu64 ": %s at offset 0x%zx, skipped",
                w->chunk_index, expect, why, off);
        w->res->bad_records++;
        w->res->incomplete = true;
        off = evtx_chunk_resync(d, limit, off + 1);
        resynced = true;
    }
    if (!recover)
        return 0;
    for (off = evtx_chunk_resync(d, n, limit); off < n; ) {
        if (evtx_chunk_record_at(d, n, off, &size)) {
            if (deliver(w, c, d, off, size, true))
                return 1;
            off += size;
        } else {
            off = evtx_chunk_resync(d, n, off + 8);
        }
    }
    return 0;
}

static void read_file_header(const unsigned char *b, evtx_file_header *fh, bool verify)
{
    fh->first_chunk = evtx_le64(b + EVTX_FH_FIRST_CHUNK);
    fh->last_chunk = evtx_le64(b + EVTX_FH_LAST_CHUNK);
    fh->next_record_id = evtx_le64(b + EVTX_FH_NEXT_RECORD_ID);
    fh->header_size = evtx_le32(b + EVTX_FH_HEADER_SIZE);
    fh->minor = evtx_le16(b + EVTX_FH_MINOR);
    fh->major = evtx_le16(b + EVTX_FH_MAJOR);
    fh->block_size = evtx_le16(b + EVTX_FH_BLOCK_SIZE);
    fh->chunk_count = evtx_le16(b + EVTX_FH_CHUNK_COUNT);
    fh->flags = evtx_le32(b + EVTX_FH_FLAGS);
    fh->crc_ok = !verify || libdeflate_crc32(0, b, EVTX_FH_CRC_SPAN) == evtx_le32(b + EVTX_FH_CRC);
}

/* One chunk of n bytes (idx-th): header, checksums, then its records. Returns 1 when
 * reading should stop after it (hook asked, or the file ends short). */
static int walk_chunk(walk_state *w, evtx_chunk *c, unsigned char *buf, size_t n, uint64_t idx,
                      const evtx_file_header *fh, bool verify, bool recover)
{
    const evtx_walk_hooks *h = w->h;
    evtx_walk_result *res = w->res;
    w->chunk_index = idx;
    res->chunks++;
    if (n < EVTX_CHUNK_SIZE) {
        problem(w, "chunk %" PRIu64 ": truncated (%zu of %u bytes), reading whole records",
                idx, n, EVTX_CHUNK_SIZE);
        res->incomplete = true;
    }
    evtx_chunk_info ci;
    if (evtx_chunk_header(buf, n, verify, &ci) < 0) {
        bool zeroed = all_zero(buf, n);
        if (!zeroed && idx < fh->chunk_count) {
            problem(w, "chunk %" PRIu64 ": bad chunk magic, skipped", idx);
            res->bad_chunks++;
            res->incomplete = true;
        }
        if (h->chunk)
            h->chunk(h->ctx, idx, &ci, zeroed, true);
        return n < EVTX_CHUNK_SIZE;
    }
    /* A bad checksum is reported; records that are individually sound (magic,
     * size, trailing size copy, BinXML) are still read, as libevtx does. */
    size_t limit = n;
    if (!ci.header_crc_ok) {
        problem(w, "chunk %" PRIu64 ": bad chunk header checksum", idx);
        res->bad_chunks++;
        res->incomplete = true;
    }
    if (ci.free_off >= EVTX_CHUNK_HEADER_SIZE && ci.free_off <= n)
        limit = ci.free_off;
    if (ci.header_crc_ok && !ci.data_crc_ok) {
        problem(w, "chunk %" PRIu64 ": bad records checksum", idx);
        res->bad_chunks++;
        res->incomplete = true;
    }
    if (h->chunk)
        h->chunk(h->ctx, idx, &ci, false, false);
    evtx_chunk_reset(c, buf, n);
    if (walk_records(w, c, buf, n, limit, &ci, recover))
        return 1;
    return n < EVTX_CHUNK_SIZE;
}

/* Reads and checks the file header into fh; false when the file cannot be read on. */
static bool start_walk(walk_state *w, unsigned char *buf, evtx_file_header *fh, bool verify)
{
    size_t got = src_read(w, buf, EVTX_FILE_HEADER_SIZE);
    if (got < 128 || memcmp(buf, "ElfFile", 8) != 0) {
        problem(w, got < 128 && got >= 8 && memcmp(buf, "ElfFile", 8) == 0
                        ? "truncated file header" : "not an EVTX file");
        w->res->incomplete = true;
        return false;
    }
    read_file_header(buf, fh, verify);
    if (!fh->crc_ok) {
        problem(w, "bad file header checksum");
        w->res->incomplete = true;
    }
    if (w->h->header)
        w->h->header(w->h->ctx, fh);
    if (got < EVTX_FILE_HEADER_SIZE) {
        problem(w, "truncated file header");
        w->res->incomplete = true;
        return false;
    }
    return true;
}

void evtx_walk(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
               bool verify, bool recover, bool quiet, const evtx_walk_hooks *h,
               evtx_walk_result *res)
{
    memset(res, 0, sizeof *res);
    walk_state w = { name, fd, prefix, prefix_len, 0, quiet, h, res, 0, 0, NULL };
    /* Four chunks per read: fewer system calls, same flat memory. */
    enum { CHUNKS_PER_READ = 4 };
    unsigned char *buf = xmalloc(CHUNKS_PER_READ * EVTX_CHUNK_SIZE);
    evtx_file_header fh;
    if (!start_walk(&w, buf, &fh, verify)) {
        free(buf);
        return;
    }
    evtx_chunk c;
    evtx_chunk_init(&c);
    c.walk = &w;
    bool done = false;
    for (uint64_t idx = 0; !done && !res->stopped;) {
        size_t got = src_read(&w, buf, CHUNKS_PER_READ * EVTX_CHUNK_SIZE);
        done = got < CHUNKS_PER_READ * EVTX_CHUNK_SIZE;
        for (size_t off = 0; off < got && !res->stopped; off += EVTX_CHUNK_SIZE, idx++) {
            size_t n = got - off < EVTX_CHUNK_SIZE ? got - off : EVTX_CHUNK_SIZE;
            if (walk_chunk(&w, &c, buf + off, n, idx, &fh, verify, recover)) {
                done = true;
                break;
            }
        }
    }
    if (w.read_errno) {
        problem(&w, "read error: %s", strerror(w.read_errno));
        res->incomplete = true;
    }
    evtx_chunk_free(&c);
    free(buf);
}

void evtx_walk_warn(evtx_chunk *c, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    walk_state *w = c->walk;
    if (w->msgs)
        evtx_buf_put(w->msgs, msg, strlen(msg) + 1);
    else
        tr_warn("%s: %s", w->name, msg);
}

/* ---- parallel walk ---- */

enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

/* A run of chunks in flight: several per hand-off, so that taking and returning a
 * slot (a lock and a wake-up each) costs little next to decoding it. */
typedef struct par_slot {
    unsigned char *buf;          /* chunk bytes, `per_slot` chunks */
    size_t n;                    /* bytes read */
    uint64_t seq;                /* slot sequence number: workers take them in order */
    uint64_t idx;                /* index of the first chunk */
    off_t file_off;              /* >= 0: the worker reads the slot itself from here */
    int state;                   /* SLOT_* */
    evtx_buf msgs;               /* problems, NUL-separated, printed in order */
    evtx_walk_result res;        /* counters of this chunk */
    void *batch;                 /* the caller's decoded output */
} par_slot;

typedef struct par {
    pthread_mutex_t mu;
    pthread_cond_t work;         /* a slot became READY, or quit */
    pthread_cond_t done;         /* a slot became DONE */
    par_slot *slots;
    size_t nslots;
    size_t per_slot;             /* chunks per slot */
    uint64_t next_take;          /* chunk index the next idle worker takes */
    bool quit;
    const evtx_par_hooks *h;
    const char *name;
    const evtx_file_header *fh;
    bool verify, recover, quiet;
    int fd;                      /* for workers that read their own slot (pread) */
} par;

/* Reads a slot's bytes on the worker, so that the copy out of the page cache runs
 * on every thread instead of the reading one. Short only at end of file. */
static void par_pread(par *p, par_slot *s, walk_state *w)
{
    size_t want = p->per_slot * EVTX_CHUNK_SIZE, got = 0;
    while (got < want) {
        ssize_t r = pread(p->fd, s->buf + got, want - got, s->file_off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            problem(w, "read error: %s", strerror(errno));
            s->res.incomplete = true;
            break;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    s->n = got;
}

/* A decoding thread: the workers, and the calling thread when it has nothing to
 * hand on (so -j N keeps N threads busy, not N + 1 on N cores). */
typedef struct par_worker {
    par *p;
    void *wctx;                  /* the caller's per-thread state */
    void *batch;                 /* batch of the slot being decoded */
    evtx_chunk c;                /* decoding state, reused */
    pthread_t tid;
    char pad[64];                /* the workers are one array, and each writes its
                                    chunk state per record: without this the end of
                                    one shared a cache line with the start of the
                                    next (-j 2 spent a fifth more CPU than -j 1) */
} par_worker;

static int par_record(void *ctx, evtx_chunk *c, const evtx_record_view *r)
{
    par_worker *pw = ctx;
    pw->p->h->record(pw->wctx, pw->batch, c, r);
    return 0;
}

/* The next slot in file order if it is ready; p->mu held. */
static par_slot *par_take(par *p)
{
    par_slot *s = &p->slots[p->next_take % p->nslots];
    if (s->state != SLOT_READY || s->seq != p->next_take)
        return NULL;
    s->state = SLOT_BUSY;
    p->next_take++;
    return s;
}

/* Decodes a taken slot (reading it first when planned by offset) and marks it done. */
static void par_decode(par_worker *pw, par_slot *s)
{
    par *p = pw->p;
    evtx_walk_hooks wh = { pw, NULL, NULL, par_record, NULL };
    memset(&s->res, 0, sizeof s->res);
    s->msgs.len = 0;
    walk_state w = { p->name, -1, NULL, 0, 0, true, &wh, &s->res, 0, 0, &s->msgs };
    pw->c.walk = &w;
    pw->batch = s->batch;
    if (s->file_off >= 0)
        par_pread(p, s, &w);
    for (size_t off = 0, i = 0; off < s->n; off += EVTX_CHUNK_SIZE, i++) {
        size_t n = s->n - off < EVTX_CHUNK_SIZE ? s->n - off : EVTX_CHUNK_SIZE;
        if (walk_chunk(&w, &pw->c, s->buf + off, n, s->idx + i, p->fh, p->verify, p->recover))
            break;
    }
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_DONE;
    pthread_cond_signal(&p->done);       /* only the calling thread waits for it */
    pthread_mutex_unlock(&p->mu);
}

static void *par_main(void *arg)
{
    par_worker *pw = arg;
    par *p = pw->p;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        par_slot *s = NULL;
        while (!p->quit && !(s = par_take(p)))
            pthread_cond_wait(&p->work, &p->mu);
        pthread_mutex_unlock(&p->mu);
        if (!s)
            break;
        par_decode(pw, s);
    }
    return NULL;
}

void evtx_walk_parallel(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                        bool verify, bool recover, bool quiet, const evtx_par_hooks *h,
                        evtx_walk_result *res)
{
    memset(res, 0, sizeof *res);
    evtx_walk_hooks none = { 0 };
    walk_state w = { name, fd, prefix, prefix_len, 0, quiet, &none, res, 0, 0, NULL };
    evtx_file_header fh;
    {
        unsigned char *hb = xmalloc(EVTX_FILE_HEADER_SIZE);
        bool ok = start_walk(&w, hb, &fh, verify);
        free(hb);
        if (!ok)
            return;
    }
    /* Four slots per thread of 2 chunks (1 MiB in flight with -j 2), one chunk from
     * 16 threads on: the slack lets a thread go on while the calling one flushes or
     * its neighbour stalls, and a slot stays small enough to be in cache when it is
     * decoded - memory touched for the first time is dear (a page fault costs some
     * 14 us in a VM): with 4 slots of 8 chunks per thread, -j 2 took 10% longer on
     * 1 GiB and as long as -j 1 on 64 MiB; with 2 slots of 4 chunks, dump -j 2 took
     * 10% longer than now (bench/jobs against a build of 534f0a1). */
    size_t per_slot = h->jobs >= 16 ? 1 : 2;
    par p = { .nslots = 4 * (size_t)h->jobs, .per_slot = per_slot, .h = h, .name = name,
              .fh = &fh, .verify = verify, .recover = recover, .quiet = quiet };
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    p.slots = xcalloc(p.nslots, sizeof *p.slots);
    for (size_t i = 0; i < p.nslots; i++) {
        p.slots[i].buf = xmalloc(per_slot * EVTX_CHUNK_SIZE);
        p.slots[i].batch = h->batch_new(h->ctx);
    }
    /* workers[0] is the calling thread; the others get threads of their own. */
    par_worker *workers = xcalloc(h->jobs, sizeof *workers);
    unsigned started = 1;
    for (unsigned i = 0; i < h->jobs; i++) {
        workers[i].p = &p;
        workers[i].wctx = h->worker_new(h->ctx);
        evtx_chunk_init(&workers[i].c);
        if (i > 0 && pthread_create(&workers[i].tid, NULL, par_main, &workers[i]) != 0) {
            evtx_chunk_free(&workers[i].c);
            h->worker_free(workers[i].wctx);
            break;          /* fewer threads: the calling thread decodes the rest */
        }
        started = i + 1;
    }

    uint64_t filled = 0, consumed = 0, next_chunk = 0;
    /* A regular file read from its start: workers read their slots themselves. */
    struct stat st;
    off_t file_pos = -1, file_size = 0;
    if (w.prefix_pos == w.prefix_len && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        file_pos = lseek(fd, 0, SEEK_CUR);
        file_size = st.st_size;
    }
    p.fd = fd;
    bool eof = false, stop = false;
    while (!stop) {
        /* Keep every free slot filled with the next chunk. */
        while (!eof && filled - consumed < p.nslots) {
            par_slot *s = &p.slots[filled % p.nslots];
            size_t want = per_slot * EVTX_CHUNK_SIZE, n;
            if (file_pos >= 0) {
                /* The size only plans the slots: the worker reads what is there. */
                if (file_pos >= file_size) {
                    eof = true;
                    break;
                }
                n = file_size - file_pos < (off_t)want ? (size_t)(file_size - file_pos) : want;
                s->file_off = file_pos;
                file_pos += (off_t)n;
            } else {
                n = src_read(&w, s->buf, want);
                if (n == 0) {
                    eof = true;
                    break;
                }
                s->file_off = -1;
            }
            pthread_mutex_lock(&p.mu);
            s->n = n;
            s->seq = filled++;
            s->idx = next_chunk;
            s->state = SLOT_READY;
            pthread_cond_signal(&p.work);
            pthread_mutex_unlock(&p.mu);
            next_chunk += (n + EVTX_CHUNK_SIZE - 1) / EVTX_CHUNK_SIZE;
            if (n < want)
                eof = true;
        }
        if (consumed == filled)
            break;
        par_slot *s = &p.slots[consumed % p.nslots];
        pthread_mutex_lock(&p.mu);
        while (s->state != SLOT_DONE) {
            par_slot *mine = par_take(&p);
            if (!mine) {
                pthread_cond_wait(&p.done, &p.mu);
                continue;
            }
            pthread_mutex_unlock(&p.mu);
            par_decode(&workers[0], mine);
            pthread_mutex_lock(&p.mu);
        }
        pthread_mutex_unlock(&p.mu);
        if (!quiet)
            for (size_t off = 0; off < s->msgs.len; off += strlen(s->msgs.p + off) + 1)
                tr_warn("%s: %s", name, s->msgs.p + off);
        res->chunks += s->res.chunks;
        res->records += s->res.records;
        res->bad_records += s->res.bad_records;
        res->bad_chunks += s->res.bad_chunks;
        res->incomplete |= s->res.incomplete;
        if (h->flush(h->ctx, s->batch)) {
            res->stopped = true;
            stop = true;
        }
        /* Workers read by offset (pread), which leaves fd's offset alone: move it
         * past what this thread has handed on, as a sequential read would have, so
         * that the offset (the progress line's bytes read) tells how far it got. */
        if (s->file_off >= 0)
            lseek(fd, s->file_off + (off_t)s->n, SEEK_SET);
        s->state = SLOT_FREE;
        consumed++;
    }

    pthread_mutex_lock(&p.mu);
    p.quit = true;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < started; i++) {
        if (i > 0)
            pthread_join(workers[i].tid, NULL);
        evtx_chunk_free(&workers[i].c);
        h->worker_free(workers[i].wctx);
    }
    free(workers);
    for (size_t i = 0; i < p.nslots; i++) {
        free(p.slots[i].buf);
        evtx_buf_free(&p.slots[i].msgs);
        h->batch_free(p.slots[i].batch);
    }
    free(p.slots);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    pthread_mutex_destroy(&p.mu);
    if (w.read_errno) {
        problem(&w, "read error: %s", strerror(w.read_errno));
        res->incomplete = true;
    }
}
