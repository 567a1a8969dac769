/* cli_summary.h - the closing lines of a run on a terminal's stderr (or with
 * --summary): files and records read, records per second, detections run, with
 * hits and skipped (the commonest reasons), input problems. Counts come from the
 * runner's input_stats and from the reasons noted while jobs were compiled. */
#ifndef TRAWL_CLI_SUMMARY_H
#define TRAWL_CLI_SUMMARY_H

#include <stddef.h>

#include "../event/reader.h"

enum { CLI_SUMMARY_REASONS = 64 };   /* distinct skip reasons counted (others: "other") */

typedef struct cli_summary {
    double start;                     /* monotonic seconds when reading began */
    double seconds;                   /* reading time, set by cli_summary_stop */
    struct {
        char text[96];                /* the reason, without its position */
        size_t count;
    } reasons[CLI_SUMMARY_REASONS];
    size_t nreasons;
    size_t other;                     /* skips past CLI_SUMMARY_REASONS distinct reasons */
} cli_summary;

void cli_summary_start(cli_summary *s);
void cli_summary_stop(cli_summary *s);
/* Notes why a detection was skipped (an error message; " at column ..." dropped). */
void cli_summary_skip(cli_summary *s, const char *why);
/* Prints the summary to stderr. */
void cli_summary_print(const cli_summary *s, const input_stats *st, size_t run, size_t hits,
                       size_t skipped);

#endif
