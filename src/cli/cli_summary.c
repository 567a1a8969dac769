/* cli_summary.c - the closing summary of a run (cli_summary.h). */
#include "cli_summary.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_summary_start(cli_summary *s)
{
    s->start = now();
}

void cli_summary_stop(cli_summary *s)
{
    s->seconds = now() - s->start;
}

void cli_summary_skip(cli_summary *s, const char *why)
{
    const char *at = strstr(why, " at column ");
    size_t len = at ? (size_t)(at - why) : strlen(why);
    if (len >= sizeof s->reasons[0].text)
        len = sizeof s->reasons[0].text - 1;
    for (size_t i = 0; i < s->nreasons; i++)
        if (strlen(s->reasons[i].text) == len && memcmp(s->reasons[i].text, why, len) == 0) {
            s->reasons[i].count++;
            return;
        }
    if (s->nreasons == CLI_SUMMARY_REASONS) {
        s->other++;
        return;
    }
    memcpy(s->reasons[s->nreasons].text, why, len);
    s->reasons[s->nreasons].text[len] = '\0';
    s->reasons[s->nreasons++].count = 1;
}

/* Index of the commonest reason not yet printed (done marks printed ones). */
static size_t commonest(const cli_summary *s, const unsigned char *done)
{
    size_t best = s->nreasons;
    for (size_t i = 0; i < s->nreasons; i++)
        if (!done[i] && (best == s->nreasons || s->reasons[i].count > s->reasons[best].count))
            best = i;
    return best;
}

void cli_summary_print(const cli_summary *s, const input_stats *st, size_t run, size_t hits,
                       size_t skipped)
{
    double rate = s->seconds > 0 ? (double)st->events / s->seconds : 0;
    fprintf(stderr,
            "trawl: read %" PRIu64 " file%s, %" PRIu64 " record%s in %.1f s (%.0f records/s)\n",
            st->files, st->files == 1 ? "" : "s", st->events, st->events == 1 ? "" : "s",
            s->seconds, rate);
    fprintf(stderr, "trawl: detections: %zu run, %zu with hits, %zu skipped\n", run, hits,
            skipped);
    unsigned char done[CLI_SUMMARY_REASONS] = { 0 };
    for (int k = 0; k < 3; k++) {
        size_t i = commonest(s, done);
        if (i == s->nreasons)
            break;
        done[i] = 1;
        fprintf(stderr, "trawl:   %zu skipped: %s\n", s->reasons[i].count, s->reasons[i].text);
    }
    uint64_t problems = st->bad_events + st->bad_files + st->incomplete;
    if (problems)
        fprintf(stderr,
                "trawl: input problems: %" PRIu64 " bad record%s, %" PRIu64
                " unreadable file%s, %" PRIu64 " file%s not read to the end\n",
                st->bad_events, st->bad_events == 1 ? "" : "s", st->bad_files,
                st->bad_files == 1 ? "" : "s", st->incomplete, st->incomplete == 1 ? "" : "s");
    else
        fputs("trawl: input problems: none\n", stderr);
}
