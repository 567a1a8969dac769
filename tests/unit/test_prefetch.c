/* test_prefetch.c - reading ahead changes nothing: per-thread capture of warnings
 * (nesting, long lines, other threads untouched), and input_read_paths over
 * directories of every format (compressed and damaged files, a missing path) gives
 * the same events, messages and counts with -j 2, 3, 4 as with -j 1, also when
 * the callback stops after any event, with --glob and --earliest, and for files
 * whose events outgrow the memory budget of reading ahead (the helper waits, then
 * streams them to the calling thread; a stop mid-stream drops the rest). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event/record.h"
#include "formats/input.h"
#include "util/error.h"
#include "util/xmalloc.h"

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void text_sink(void *ctx, const char *line, size_t len)
{
    text *t = ctx;
    xgrow((void **)&t->p, &t->cap, t->len + len + 1, 1);
    memcpy(t->p + t->len, line, len);
    t->len += len;
    t->p[t->len] = '\0';
}

static void *other_thread(void *arg)
{
    text *t = arg;
    tr_capture prev = tr_warn_capture_begin(text_sink, t);
    assert_null(prev.fn);      /* captures are per thread */
    tr_warn("from %s", "b");
    tr_warn_capture_end(prev);
    return NULL;
}

static void test_capture(void **state)
{
    (void)state;
    text a = { 0 }, b = { 0 }, c = { 0 };
    tr_capture prev = tr_warn_capture_begin(text_sink, &a);
    tr_warn("x: %d", 1);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, other_thread, &b), 0);
    pthread_join(t, NULL);
    tr_capture inner = tr_warn_capture_begin(text_sink, &c);
    tr_warn("nested");
    tr_warn_replay("trawl: replayed\n", 16);
    tr_warn_capture_end(inner);
    char long_msg[2000];
    memset(long_msg, 'z', sizeof long_msg - 1);
    long_msg[sizeof long_msg - 1] = '\0';
    tr_warn("%s", long_msg);
    tr_warn_capture_end(prev);
    assert_string_equal(b.p, "trawl: from b\n");
    assert_string_equal(c.p, "trawl: nested\ntrawl: replayed\n");
    assert_int_equal(a.len, strlen("trawl: x: 1\n") + 7 + 1999 + 1);
    assert_memory_equal(a.p, "trawl: x: 1\ntrawl: zzz", 22);
    assert_int_equal(a.p[a.len - 1], '\n');
    free(a.p);
    free(b.p);
    free(c.p);
}

/* Everything a run shows: events (a hash of them packed), messages, counts, the
 * return. */
typedef struct outcome {
    char *ev;                  /* the last event packed */
    size_t len, cap;
    uint64_t hash, bytes;      /* FNV-1a of every packed event, and their size */
    uint64_t n, stop_at;       /* stop_at: the callback stops at that event, 0 never */
    text msgs;
    input_stats st;
    int rc;
} outcome;

static int collect(void *ctx, record *r)
{
    outcome *o = ctx;
    o->len = 0;
    record_pack(r, &o->ev, &o->len, &o->cap);
    for (size_t i = 0; i < o->len; i++)
        o->hash = (o->hash ^ (unsigned char)o->ev[i]) * 0x100000001b3ull;
    o->bytes += o->len;
    return ++o->n == o->stop_at;
}

static void run(outcome *o, char *const *paths, size_t n, const input_options *opt,
                uint64_t stop_at)
{
    memset(o, 0, sizeof *o);
    o->stop_at = stop_at;
    o->hash = 0xcbf29ce484222325ull;
    tr_capture prev = tr_warn_capture_begin(text_sink, &o->msgs);
    o->rc = input_read_paths(paths, n, opt, collect, o, &o->st);
    tr_warn_capture_end(prev);
}

static void outcome_free(outcome *o)
{
    free(o->ev);
    free(o->msgs.p);
}

static void assert_same(const outcome *a, const outcome *b)
{
    assert_int_equal(a->rc, b->rc);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->bytes, b->bytes);
    assert_int_equal(a->hash, b->hash);
    assert_int_equal(a->msgs.len, b->msgs.len);
    if (a->msgs.len)
        assert_string_equal(a->msgs.p, b->msgs.p);
    assert_memory_equal(&a->st, &b->st, sizeof a->st);
}

static char *const mixed[] = {
    "tests/data/formats",
    "tests/data/xml",
    "tests/data/formats/fixtures/events.evtx",
    "no/such/path",
    "tests/data/formats/bad/classic_1_bad.log",
    "tests/data/xml/malformed_middle.xml",
};
#define NMIXED (sizeof mixed / sizeof mixed[0])

static void check_jobs(const input_options *base, uint64_t stop_at)
{
    input_options o1 = *base;
    o1.jobs = 1;
    outcome want;
    run(&want, mixed, NMIXED, &o1, stop_at);
    for (int j = 2; j <= 4; j++) {
        input_options oj = *base;
        oj.jobs = j;
        outcome got;
        run(&got, mixed, NMIXED, &oj, stop_at);
        assert_same(&want, &got);
        outcome_free(&got);
    }
    outcome_free(&want);
}

static void test_same_as_one_thread(void **state)
{
    (void)state;
    input_options opt = { .quiet = true };
    outcome all;
    opt.jobs = 1;
    run(&all, mixed, NMIXED, &opt, 0);
    assert_true(all.n > 100);
    assert_true(all.msgs.len > 0);          /* the damaged files are reported */
    assert_true(input_stats_had_problems(&all.st));
    check_jobs(&opt, 0);
    /* Stopping after any event: counts and messages as far as -j 1 got. */
    for (uint64_t k = 1; k <= all.n + 1; k += k < 12 ? 1 : k / 4)
        check_jobs(&opt, k);
    outcome_free(&all);
}

static void test_glob_and_time(void **state)
{
    (void)state;
    static const char *const globs[] = { "*.xml", "*.evtx" };
    input_options opt = { .quiet = true, .globs = globs, .nglobs = 2 };
    check_jobs(&opt, 0);
    check_jobs(&opt, 3);
    input_options range = { .quiet = true, .has_earliest = true, .earliest = 1.5e9 };
    check_jobs(&range, 0);
    check_jobs(&range, 5);
}

/* Files small enough to read ahead whose events outgrow the segment budget. */
#define BIG_EVENTS 7000

static void test_big_spools(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_prefetch.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64], small[64];
    snprintf(path, sizeof path, "%s/big.xml", dir);
    snprintf(small, sizeof small, "%s/small.xml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < BIG_EVENTS; i++)    /* 3 MiB, about 6 MiB of events */
        fprintf(f, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
                   "<System><EventID>%d</EventID><Channel>Security</Channel><Computer>"
                   "host%d.example.org</Computer><EventRecordID>%d</EventRecordID></System>"
                   "<EventData><Data Name='CommandLine'>%0160d</Data></EventData></Event>\n",
                4624 + i % 3, i % 17, i, i);
    assert_true(ftell(f) < 8 << 20);
    fclose(f);
    f = fopen(small, "w");
    assert_non_null(f);
    fputs("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
          "<EventID>1</EventID></System></Event>\n<Event><broken\n", f);
    fclose(f);
    char *paths[] = { small, path, small, path, dir };
    static const uint64_t stops[] = { 0, 2, BIG_EVENTS / 2, BIG_EVENTS + 5,
                                      2 * BIG_EVENTS + 2, 3 * BIG_EVENTS + 3 };
    static const int jobs[] = { 2, 3, 64 };
    for (size_t k = 0; k < sizeof stops / sizeof stops[0]; k++) {
        input_options o1 = { .quiet = true, .jobs = 1 };
        outcome a;
        run(&a, paths, 5, &o1, stops[k]);
        if (!stops[k])
            assert_int_equal(a.n, 3 * BIG_EVENTS + 3);
        for (size_t j = 0; j < (stops[k] ? 2 : 3); j++) {
            input_options oj = { .quiet = true, .jobs = jobs[j] };
            outcome b;
            run(&b, paths, 5, &oj, stops[k]);
            assert_same(&a, &b);
            outcome_free(&b);
        }
        outcome_free(&a);
    }
    unlink(path);
    unlink(small);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capture),
        cmocka_unit_test(test_same_as_one_thread),
        cmocka_unit_test(test_glob_and_time),
        cmocka_unit_test(test_big_spools),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
