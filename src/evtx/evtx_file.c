/* evtx_file.c - walks an EVTX file from a file descriptor (file or pipe) chunk by
 * chunk: file header, chunk headers and checksums, record boundaries, damage
 * reports ("trawl: FILE: chunk N record M: reason") and slack recovery. Memory is
 * one chunk buffer plus the chunk's arenas, whatever the file size. */
#include "evtx_private.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

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
} walk_state;

static void problem(walk_state *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(walk_state *w, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!w->quiet)
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
    fh->crc_ok = !verify || (uint32_t)crc32(0L, b, EVTX_FH_CRC_SPAN) == evtx_le32(b + EVTX_FH_CRC);
}

void evtx_walk(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
               bool verify, bool recover, bool quiet, const evtx_walk_hooks *h,
               evtx_walk_result *res)
{
    memset(res, 0, sizeof *res);
    walk_state w = { name, fd, prefix, prefix_len, 0, quiet, h, res, 0, 0 };
    unsigned char *buf = xmalloc(EVTX_CHUNK_SIZE);
    size_t got = src_read(&w, buf, EVTX_FILE_HEADER_SIZE);
    if (got < 128 || memcmp(buf, "ElfFile", 8) != 0) {
        problem(&w, got < 128 && got >= 8 && memcmp(buf, "ElfFile", 8) == 0
                        ? "truncated file header" : "not an EVTX file");
        res->incomplete = true;
        free(buf);
        return;
    }
    evtx_file_header fh;
    read_file_header(buf, &fh, verify);
    if (!fh.crc_ok) {
        problem(&w, "bad file header checksum");
        res->incomplete = true;
    }
    if (h->header)
        h->header(h->ctx, &fh);
    if (got < EVTX_FILE_HEADER_SIZE) {
        problem(&w, "truncated file header");
        res->incomplete = true;
        free(buf);
        return;
    }
    evtx_chunk c;
    evtx_chunk_init(&c);
    c.walk = &w;
    for (uint64_t idx = 0; !res->stopped; idx++) {
        size_t n = src_read(&w, buf, EVTX_CHUNK_SIZE);
        if (n == 0)
            break;
        w.chunk_index = idx;
        res->chunks++;
        if (n < EVTX_CHUNK_SIZE) {
            problem(&w, "chunk %" PRIu64 ": truncated (%zu of %u bytes), reading whole records",
                    idx, n, EVTX_CHUNK_SIZE);
            res->incomplete = true;
        }
        evtx_chunk_info ci;
        if (evtx_chunk_header(buf, n, verify, &ci) < 0) {
            bool zeroed = all_zero(buf, n);
            if (!zeroed && idx < fh.chunk_count) {
                problem(&w, "chunk %" PRIu64 ": bad chunk magic, skipped", idx);
                res->bad_chunks++;
                res->incomplete = true;
            }
            if (h->chunk)
                h->chunk(h->ctx, idx, &ci, zeroed, true);
            continue;
        }
        /* A bad checksum is reported; records that are individually sound (magic,
         * size, trailing size copy, BinXML) are still read, as libevtx does. */
        size_t limit = n;
        if (!ci.header_crc_ok) {
            problem(&w, "chunk %" PRIu64 ": bad chunk header checksum", idx);
            res->bad_chunks++;
            res->incomplete = true;
        }
        if (ci.free_off >= EVTX_CHUNK_HEADER_SIZE && ci.free_off <= n)
            limit = ci.free_off;
        if (ci.header_crc_ok && !ci.data_crc_ok) {
            problem(&w, "chunk %" PRIu64 ": bad records checksum", idx);
            res->bad_chunks++;
            res->incomplete = true;
        }
        if (h->chunk)
            h->chunk(h->ctx, idx, &ci, false, false);
        evtx_chunk_reset(&c, buf, n);
        if (walk_records(&w, &c, buf, n, limit, &ci, recover))
            break;
        if (n < EVTX_CHUNK_SIZE)
            break;
    }
    if (w.read_errno) {
        problem(&w, "read error: %s", strerror(w.read_errno));
        res->incomplete = true;
    }
    evtx_chunk_free(&c);
    free(buf);
}
