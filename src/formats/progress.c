/* progress.c - one status line, redrawn in place with "\r...\033[K" by a ticking
 * thread. Bytes read are the finished files' sizes plus the current file's offset
 * (lseek): the readers move that offset as the reading thread consumes the file
 * (the parallel EVTX walk seeks past each run of chunks it hands on), so no reader
 * has to count; for stdin or a pipe the offset is unknown and only the records
 * count. */
#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "../util/error.h"

/* Redraw interval (nanoseconds), and the ETA's limits. */
#define PROGRESS_INTERVAL_NS 250000000L
#define PROGRESS_ETA_AFTER 1.0
#define PROGRESS_ETA_MAX (100.0 * 3600)

static struct {
    pthread_mutex_t mu;    /* guards all below but events */
    pthread_cond_t wake;   /* stop asked */
    pthread_t thread;
    bool running;          /* the thread ticks */
    bool stop;             /* the thread is to end */
    bool enabled;
    bool drawn;            /* a line is on screen */
    double start;          /* monotonic seconds, 0 before the first path */
    uint64_t files;        /* files opened */
    uint64_t done_bytes;   /* sizes of finished files */
    uint64_t total;        /* known total size, 0 when unknown */
    int fd;                /* current file, -1 when none */
    _Atomic uint64_t events; /* written by the reading thread only */
} p = { .mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .fd = -1 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void human(uint64_t b, char *out, size_t size)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double v = (double)b;
    size_t u = 0;
    while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024;
        u++;
    }
    snprintf(out, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

size_t progress_format(const progress_snapshot *s, char *buf, size_t size)
{
    double el = s->elapsed > 0.001 ? s->elapsed : 0.001;
    char b[32], tot[48] = "", eta[48] = "";
    human(s->bytes, b, sizeof b);
    if (s->total) {
        char h[32];
        human(s->total, h, sizeof h);
        snprintf(tot, sizeof tot, " / %s", h);
        double left = s->bytes && s->total > s->bytes
                          ? (double)(s->total - s->bytes) / ((double)s->bytes / el) : -1;
        if (s->elapsed >= PROGRESS_ETA_AFTER && left >= 0 && left < PROGRESS_ETA_MAX) {
            long long sec = (long long)left;
            snprintf(eta, sizeof eta, ", ETA %lld:%02lld:%02lld", sec / 3600, sec / 60 % 60,
                     sec % 60);
        }
    }
    int n = snprintf(buf, size, "trawl: %llu file%s, %s%s, %llu records (%.0f/s)%s",
                     (unsigned long long)s->files, s->files == 1 ? "" : "s", b, tot,
                     (unsigned long long)s->events, (double)s->events / el, eta);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* p.mu held. */
static void draw(void)
{
    progress_snapshot s = { p.files, p.done_bytes, p.total,
                            atomic_load_explicit(&p.events, memory_order_relaxed),
                            now() - p.start };
    if (p.fd >= 0) {
        off_t off = lseek(p.fd, 0, SEEK_CUR);
        if (off > 0)
            s.bytes += (uint64_t)off;
    }
    char line[256];
    progress_format(&s, line, sizeof line);
    fprintf(stderr, "\r%s\033[K", line);
    fflush(stderr);
    p.drawn = true;
}

/* p.mu held. */
static void erase(void)
{
    if (p.drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p.drawn = false;
    }
}

/* tr_warn_set_status hooks: the lock is held from hide to show, so the line is not
 * drawn in the middle of a message. */
static void hide(void)
{
    pthread_mutex_lock(&p.mu);
    erase();
}

static void show(void)
{
    if (p.enabled)
        draw();
    pthread_mutex_unlock(&p.mu);
}

static void *tick(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&p.mu);
    while (!p.stop) {
        struct timespec at;
        clock_gettime(CLOCK_REALTIME, &at);
        at.tv_nsec += PROGRESS_INTERVAL_NS;
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p.wake, &p.mu, &at);
        if (!p.stop && p.enabled)
            draw();
    }
    pthread_mutex_unlock(&p.mu);
    return NULL;
}

void progress_path(bool enabled, uint64_t total_bytes)
{
    pthread_mutex_lock(&p.mu);
    p.enabled = enabled;
    if (enabled) {
        if (p.start == 0)
            p.start = now();
        p.total += total_bytes;
        if (!p.running) {
            p.stop = false;
            p.running = pthread_create(&p.thread, NULL, tick, NULL) == 0;
            if (p.running)
                tr_warn_set_status(hide, show);
        }
    }
    pthread_mutex_unlock(&p.mu);
}

void progress_file_begin(int fd)
{
    pthread_mutex_lock(&p.mu);
    p.files++;
    p.fd = fd;
    pthread_mutex_unlock(&p.mu);
}

void progress_file_end(uint64_t size)
{
    pthread_mutex_lock(&p.mu);
    p.done_bytes += size;
    p.fd = -1;
    pthread_mutex_unlock(&p.mu);
}

void progress_event(void)
{
    atomic_store_explicit(&p.events, atomic_load_explicit(&p.events, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

void progress_clear(void)
{
    pthread_mutex_lock(&p.mu);
    erase();
    pthread_mutex_unlock(&p.mu);
}

void progress_stop(void)
{
    pthread_mutex_lock(&p.mu);
    bool running = p.running;
    p.stop = true;
    p.running = false;
    pthread_cond_signal(&p.wake);
    pthread_mutex_unlock(&p.mu);
    if (running) {
        pthread_join(p.thread, NULL);
        tr_warn_set_status(NULL, NULL);
    }
    progress_clear();
}
