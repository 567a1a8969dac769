/* test_progress.c - the progress line: its text (bytes, total, rate, a sane ETA), a
 * warning printed while it is shown (erased before, drawn again after, never glued
 * to it), and the parallel EVTX walk moving the file offset as the reading thread
 * consumes chunks, which is where the line's bytes within one file come from. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "evtx/evtx_private.h"
#include "evtx/evtx_write.h"
#include "formats/progress.h"
#include "util/error.h"

#define MiB (1024ull * 1024)

static void expect_line(progress_snapshot s, const char *want)
{
    char buf[256];
    size_t n = progress_format(&s, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void test_format(void **state)
{
    (void)state;
    /* Half of a 256 MiB file in 2 s: 2 s to go. */
    expect_line((progress_snapshot){ 1, 128 * MiB, 256 * MiB, 1000, 2.0 },
                "trawl: 1 file, 128.0 MiB / 256.0 MiB, 1000 records (500/s), ETA 0:00:02");
    /* No ETA within the first second: the rate is not known yet. */
    expect_line((progress_snapshot){ 1, 4 * MiB, 256 * MiB, 10, 0.5 },
                "trawl: 1 file, 4.0 MiB / 256.0 MiB, 10 records (20/s)");
    /* Hours, minutes, seconds. */
    expect_line((progress_snapshot){ 3, 1 * MiB, 3601 * MiB, 7, 1.0 },
                "trawl: 3 files, 1.0 MiB / 3.5 GiB, 7 records (7/s), ETA 1:00:00");
    /* An estimate past 99 hours is no estimate (the old 4.0 KiB / 255.9 MiB case). */
    expect_line((progress_snapshot){ 1, 4096, 268374016, 0, 10.0 },
                "trawl: 1 file, 4.0 KiB / 255.9 MiB, 0 records (0/s)");
    /* Unknown total (stdin): no total, no ETA; nothing read yet: no ETA. */
    expect_line((progress_snapshot){ 1, 512, 0, 3, 2.0 },
                "trawl: 1 file, 512 B, 3 records (2/s)");
    expect_line((progress_snapshot){ 0, 0, 100, 0, 5.0 },
                "trawl: 0 files, 0 B / 100 B, 0 records (0/s)");
    /* Truncated into a small buffer. */
    char small[10];
    progress_snapshot s = { 1, 1, 0, 1, 1.0 };
    assert_int_equal(progress_format(&s, small, sizeof small), 9);
    assert_string_equal(small, "trawl: 1 ");
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    return s;
}

static void wait_ms(long ms)
{
    struct timespec t = { ms / 1000, ms % 1000 * 1000000L };
    nanosleep(&t, NULL);
}

/* The line as a terminal gets it (stderr redirected to a file): drawn with the
 * offset of the file being read, erased before a warning, drawn after it, and
 * erased at the end. */
static void test_warning_on_its_own_line(void **state)
{
    (void)state;
    char errpath[64], datapath[64];
    snprintf(errpath, sizeof errpath, "/tmp/test_progress_err_%d", (int)getpid());
    snprintf(datapath, sizeof datapath, "/tmp/test_progress_data_%d", (int)getpid());
    int data = open(datapath, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(data >= 0);
    assert_int_equal(ftruncate(data, 1 << 20), 0);
    assert_int_equal(lseek(data, 512 * 1024, SEEK_SET), 512 * 1024);   /* half read */

    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && err >= 0);
    dup2(err, STDERR_FILENO);
    close(err);

    progress_path(true, 1 << 20);
    progress_file_begin(data);
    progress_event();
    struct stat sb;                /* the thread draws every 250 ms */
    for (int i = 0; i < 400 && (stat(errpath, &sb) != 0 || sb.st_size == 0); i++)
        wait_ms(25);
    tr_warn("%s: chunk 7: bad chunk magic, skipped", "x.evtx");
    progress_file_end(1 << 20);
    progress_clear();
    progress_stop();
    tr_warn("after the end");      /* no status line any more: printed alone */

    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(data);
    char *got = slurp(errpath);
    unlink(errpath);
    unlink(datapath);

    assert_non_null(strstr(got, "\rtrawl: 1 file, 512.0 KiB / 1.0 MiB, 1 records ("));
    const char *line = "trawl: x.evtx: chunk 7: bad chunk magic, skipped\n";
    const char *warn = strstr(got, line);
    assert_non_null(warn);
    assert_true(warn - got >= 4);
    assert_memory_equal(warn - 4, "\r\033[K", 4);                        /* erased first */
    assert_memory_equal(warn + strlen(line), "\rtrawl: 1 file, ", 16);   /* drawn again */
    size_t n = strlen(got);
    const char *tail = "\r\033[Ktrawl: after the end\n";
    assert_true(n > strlen(tail));
    assert_string_equal(got + n - strlen(tail), tail);
    free(got);
}

/* ---- the parallel walk moves the offset as the reading thread goes ---- */

typedef struct offsets {
    int fd;
    off_t seen[256];
    size_t n;
} offsets;

static void *no_state(void *ctx) { (void)ctx; return calloc(1, 1); }
static void free_state(void *p) { free(p); }
static void no_record(void *w, void *b, evtx_chunk *c, const evtx_record_view *r)
{
    (void)w; (void)b; (void)c; (void)r;
}

static int note_offset(void *ctx, void *batch)
{
    (void)batch;
    offsets *o = ctx;
    if (o->n < sizeof o->seen / sizeof o->seen[0])
        o->seen[o->n++] = lseek(o->fd, 0, SEEK_CUR);
    return 0;
}

static void test_parallel_walk_moves_offset(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_progress_%d.evtx", (int)getpid());
    tr_error e = { 0 };
    evtx_writer *w = evtx_writer_open(path, &e);
    assert_non_null(w);
    char xml[512];
    for (int i = 0; i < 3000; i++) {
        int n = snprintf(xml, sizeof xml,
                         "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
                         "<System><EventID>%d</EventID><Computer>host%d</Computer></System>"
                         "<EventData><Data Name='N'>value %d of a few words</Data></EventData>"
                         "</Event>", i % 50, i % 7, i);
        assert_int_equal(evtx_writer_add_xml(w, xml, (size_t)n, &e), 0);
    }
    assert_int_equal(evtx_writer_close(w, &e), 0);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(sb.st_size > 4 * 65536);   /* several slots of chunks */

    offsets o = { .fd = open(path, O_RDONLY) };
    assert_true(o.fd >= 0);
    evtx_par_hooks h = { &o, 2, no_state, free_state, no_state, free_state, no_record,
                         note_offset };
    evtx_walk_result res;
    evtx_walk_parallel(path, o.fd, NULL, 0, true, false, true, &h, &res);
    assert_int_equal(res.records, 3000);
    assert_true(o.n >= 2);
    /* Before the first flush only the header (and what the first slot holds) is
     * behind the offset; it grows with each slot handed on and ends at the end. */
    for (size_t i = 1; i < o.n; i++)
        assert_true(o.seen[i] > o.seen[i - 1]);
    assert_int_equal(lseek(o.fd, 0, SEEK_CUR), sb.st_size);
    close(o.fd);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_warning_on_its_own_line),
        cmocka_unit_test(test_parallel_walk_moves_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
