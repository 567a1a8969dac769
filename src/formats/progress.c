/* progress.c - one status line, redrawn in place with "\r...\033[K". Bytes read
 * are the finished files' sizes plus the current file's offset (lseek), so no
 * reader has to count; for stdin or a pipe the offset is unknown and only the
 * records count. */
#include "progress.h"

#include <stdio.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Redraw interval, and events between two looks at the clock. */
#define PROGRESS_INTERVAL 0.25
#define PROGRESS_EVERY 64

static struct {
    bool enabled;
    bool drawn;            /* a line is on screen */
    double start, last;    /* monotonic seconds */
    uint64_t files;        /* files opened */
    uint64_t done_bytes;   /* sizes of finished files */
    uint64_t total;        /* known total size, 0 when unknown */
    uint64_t events;
    int fd;                /* current file, -1 when none */
    unsigned tick;
} p = { .fd = -1 };

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

static void draw(double t)
{
    uint64_t bytes = p.done_bytes;
    if (p.fd >= 0) {
        off_t off = lseek(p.fd, 0, SEEK_CUR);
        if (off > 0)
            bytes += (uint64_t)off;
    }
    double el = t - p.start > 0.001 ? t - p.start : 0.001;
    char b[32], tot[48], eta[80] = "";
    human(bytes, b, sizeof b);
    tot[0] = '\0';
    if (p.total) {
        char h[32];
        human(p.total, h, sizeof h);
        snprintf(tot, sizeof tot, " / %s", h);
        double rate = (double)bytes / el;
        if (rate > 0 && p.total > bytes) {
            long long s = (long long)((double)(p.total - bytes) / rate);
            snprintf(eta, sizeof eta, ", ETA %lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
        }
    }
    fprintf(stderr, "\rtrawl: %llu file%s, %s%s, %llu records (%.0f/s)%s\033[K",
            (unsigned long long)p.files, p.files == 1 ? "" : "s", b, tot,
            (unsigned long long)p.events, (double)p.events / el, eta);
    fflush(stderr);
    p.drawn = true;
    p.last = t;
}

void progress_path(bool enabled, uint64_t total_bytes)
{
    p.enabled = enabled && isatty(STDERR_FILENO);
    if (!p.enabled)
        return;
    if (p.start == 0)
        p.start = p.last = now();
    p.total += total_bytes;
}

void progress_file_begin(int fd)
{
    p.files++;
    p.fd = fd;
}

void progress_file_end(uint64_t size)
{
    p.done_bytes += size;
    p.fd = -1;
}

void progress_event(void)
{
    p.events++;
    if (!p.enabled || ++p.tick % PROGRESS_EVERY)
        return;
    double t = now();
    if (t - p.last >= PROGRESS_INTERVAL)
        draw(t);
}

void progress_clear(void)
{
    if (p.drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p.drawn = false;
    }
}
