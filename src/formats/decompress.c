/* decompress.c - one thread per compressed input, decoding into a socketpair.
 * A socket rather than a pipe because send(MSG_NOSIGNAL) reports a reader that
 * went away as EPIPE without raising SIGPIPE in the whole process. Messages are
 * kept in the job and printed by decompress_finish on the reading thread, so
 * stderr and the input stats are only ever touched by one thread. */
#include "decompress.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "../util/error.h"
#include "../util/xmalloc.h"

/* Compressed bytes read at a time, and decoded bytes sent at a time. */
#define DC_IN (64u << 10)
#define DC_OUT (128u << 10)

struct decompress {
    enum decompress_kind kind;
    const char *name;          /* for messages (not owned; outlives the job) */
    int in_fd;                 /* the compressed file */
    int sock;                  /* write end */
    unsigned char *prefix;     /* sniffed bytes, decoded first */
    size_t prefix_len;
    pthread_t thread;
    bool reader_gone;          /* send failed with EPIPE: the reader stopped */
    char err[256];             /* what went wrong, "" when nothing did */
};

enum decompress_kind decompress_sniff(const unsigned char *head, size_t len)
{
    if (len >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        return DECOMPRESS_GZIP;
    if (len >= 4 && head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD)
        return DECOMPRESS_ZSTD;
    return DECOMPRESS_NONE;
}

const char *decompress_name(enum decompress_kind kind)
{
    return kind == DECOMPRESS_GZIP ? "gzip" : kind == DECOMPRESS_ZSTD ? "zstd" : "none";
}

/* Sends everything; false when the reader is gone or the socket failed. */
static bool send_all(decompress *d, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t k = send(d->sock, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            d->reader_gone = true;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Next compressed bytes: the prefix first, then the file. 0 at the end, -1 on error. */
static ssize_t next_in(decompress *d, unsigned char *buf, bool *prefix_done)
{
    if (!*prefix_done) {
        *prefix_done = true;
        if (d->prefix_len) {
            memcpy(buf, d->prefix, d->prefix_len);
            return (ssize_t)d->prefix_len;
        }
    }
    for (;;) {
        ssize_t n = read(d->in_fd, buf, DC_IN);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            snprintf(d->err, sizeof d->err, "read error: %s", strerror(errno));
        return n;
    }
}

static void run_gzip(decompress *d, unsigned char *in, unsigned char *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) {
        snprintf(d->err, sizeof d->err, "gzip: cannot start the decoder");
        return;
    }
    bool prefix_done = false, ended = false;
    for (;;) {
        if (z.avail_in == 0) {
            ssize_t n = next_in(d, in, &prefix_done);
            if (n < 0)
                break;
            if (n == 0) {
                if (!ended)
                    snprintf(d->err, sizeof d->err, "gzip data ends early (truncated)");
                break;
            }
            z.next_in = in;
            z.avail_in = (uInt)n;
        }
        if (ended) {
            /* Another gzip member follows (concatenated .gz); anything else is
             * trailing padding and ends the stream, as gzip itself does. */
            if (z.avail_in >= 1 && z.next_in[0] != 0x1F)
                break;
            inflateReset(&z);
            ended = false;
        }
        z.next_out = out;
        z.avail_out = DC_OUT;
        int rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            snprintf(d->err, sizeof d->err, "gzip data corrupt: %s", z.msg ? z.msg : "error");
            break;
        }
        if (!send_all(d, out, DC_OUT - z.avail_out))
            break;
        if (rc == Z_STREAM_END)
            ended = true;
    }
    inflateEnd(&z);
}

static void run_zstd(decompress *d, unsigned char *in, unsigned char *out)
{
    ZSTD_DCtx *z = ZSTD_createDCtx();
    if (!z) {
        snprintf(d->err, sizeof d->err, "zstd: cannot start the decoder");
        return;
    }
    bool prefix_done = false;
    size_t last = 0;   /* 0: at a frame boundary */
    ZSTD_inBuffer ib = { in, 0, 0 };
    for (;;) {
        if (ib.pos == ib.size) {
            ssize_t n = next_in(d, in, &prefix_done);
            if (n < 0)
                break;
            if (n == 0) {
                if (last != 0)
                    snprintf(d->err, sizeof d->err, "zstd data ends early (truncated)");
                break;
            }
            ib.size = (size_t)n;
            ib.pos = 0;
        }
        ZSTD_outBuffer ob = { out, DC_OUT, 0 };
        last = ZSTD_decompressStream(z, &ob, &ib);
        if (ZSTD_isError(last)) {
            snprintf(d->err, sizeof d->err, "zstd data corrupt: %s", ZSTD_getErrorName(last));
            break;
        }
        if (!send_all(d, out, ob.pos))
            break;
    }
    ZSTD_freeDCtx(z);
}

static void *run(void *arg)
{
    decompress *d = arg;
    unsigned char *in = xmalloc(DC_IN > d->prefix_len ? DC_IN : d->prefix_len);
    unsigned char *out = xmalloc(DC_OUT);
    if (d->kind == DECOMPRESS_GZIP)
        run_gzip(d, in, out);
    else
        run_zstd(d, in, out);
    free(in);
    free(out);
    shutdown(d->sock, SHUT_WR);
    close(d->sock);
    return NULL;
}

decompress *decompress_start(enum decompress_kind kind, const char *name, int fd,
                             const unsigned char *prefix, size_t prefix_len, int *out_fd)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        tr_warn("%s: cannot decompress: %s", name, strerror(errno));
        return NULL;
    }
    decompress *d = xcalloc(1, sizeof *d);
    d->kind = kind;
    d->name = name;
    d->in_fd = fd;
    d->sock = sv[1];
    d->prefix = xmalloc(prefix_len ? prefix_len : 1);
    memcpy(d->prefix, prefix, prefix_len);
    d->prefix_len = prefix_len;
    int rc = pthread_create(&d->thread, NULL, run, d);
    if (rc != 0) {
        tr_warn("%s: cannot decompress: %s", name, strerror(rc));
        close(sv[0]);
        close(sv[1]);
        free(d->prefix);
        free(d);
        return NULL;
    }
    *out_fd = sv[0];
    return d;
}

int decompress_finish(decompress *d, int out_fd)
{
    close(out_fd);
    pthread_join(d->thread, NULL);
    int rc = 0;
    if (d->err[0] && !d->reader_gone) {
        tr_warn("%s: %s", d->name, d->err);
        rc = -1;
    }
    free(d->prefix);
    free(d);
    return rc;
}
