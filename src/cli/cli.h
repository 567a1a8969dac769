/* cli.h - what the searching subcommands share: option groups (content, output,
 * input) with their help text, loading content in the documented order, and
 * printing usage and SPL errors the same way everywhere. */
#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "../content/content.h"
#include "../formats/input.h"
#include "../output/output.h"

enum {
    CLI_OPT_CONTENT = 2000, CLI_OPT_MACRO, CLI_OPT_MACROS, CLI_OPT_TZ, CLI_OPT_SOURCE,
    CLI_OPT_SOURCETYPE, CLI_OPT_RECOVER, CLI_OPT_NO_VERIFY, CLI_OPT_LENIENT,
    CLI_OPT_EARLIEST, CLI_OPT_LATEST, CLI_OPT_GLOB, CLI_OPT_INDEX,
    CLI_OPT_SIGMA, CLI_OPT_SIGMA_PLACEHOLDERS, CLI_OPT_MIN_LEVEL, CLI_OPT_STATUS, CLI_OPT_TAG,
    CLI_OPT_STORY, CLI_OPT_TYPE, CLI_OPT_TECHNIQUE, CLI_OPT_EXCLUDE, CLI_OPT_WIDE,
    CLI_OPT_WIDTH,
};

#define CLI_CONTENT_LONGOPTS                                          \
    { "content", required_argument, NULL, CLI_OPT_CONTENT },          \
    { "macro", required_argument, NULL, CLI_OPT_MACRO },              \
    { "macros", required_argument, NULL, CLI_OPT_MACROS }
#define CLI_OUTPUT_LONGOPTS                                           \
    { "format", required_argument, NULL, 'f' },                       \
    { "output", required_argument, NULL, 'o' },                       \
    { "tz", required_argument, NULL, CLI_OPT_TZ },                    \
    { "wide", no_argument, NULL, CLI_OPT_WIDE },                      \
    { "width", required_argument, NULL, CLI_OPT_WIDTH }
#define CLI_INPUT_LONGOPTS                                            \
    { "source", required_argument, NULL, CLI_OPT_SOURCE },            \
    { "sourcetype", required_argument, NULL, CLI_OPT_SOURCETYPE },    \
    { "index", required_argument, NULL, CLI_OPT_INDEX },              \
    { "recover", no_argument, NULL, CLI_OPT_RECOVER },                \
    { "no-verify", no_argument, NULL, CLI_OPT_NO_VERIFY },            \
    { "lenient", no_argument, NULL, CLI_OPT_LENIENT },                \
    { "earliest", required_argument, NULL, CLI_OPT_EARLIEST },        \
    { "latest", required_argument, NULL, CLI_OPT_LATEST },            \
    { "glob", required_argument, NULL, CLI_OPT_GLOB },                \
    { "jobs", required_argument, NULL, 'j' },                         \
    { "quiet", no_argument, NULL, 'q' },                              \
    { "verbose", no_argument, NULL, 'v' }

#define CLI_CONTENT_OPTIONS_HELP                                                        \
    "      --content DIR      load security_content-style detections, macros, stories\n" \
    "      --macro NAME=DEF   define or override a macro (NAME(a,b)=DEF for arguments)\n"  \
    "      --macros FILE      macros from a YAML list or a Splunk macros.conf\n"
#define CLI_OUTPUT_OPTIONS_HELP                                                         \
    "  -f, --format FMT       table, csv, json or jsonl (default: table on a terminal,\n" \
    "                         csv otherwise)\n"                                         \
    "  -o, --output FILE      write results to FILE (a directory for csv of several\n"  \
    "                         detections), replaced only when the run succeeds; never\n" \
    "                         one of the inputs\n"                                      \
    "      --tz ZONE          time zone for dates, e.g. Europe/Paris (default UTC)\n"     \
    "      --wide             table on a terminal: full cells, one line per value\n"    \
    "                         (default: rows fit the terminal, long cells cut)\n"     \
    "      --width N          table: fit rows in N characters, as on a terminal\n"
#define CLI_INPUT_OPTIONS_HELP                                                           \
    "      --source S         set the source field of every event\n"                     \
    "      --sourcetype ST    set the sourcetype field of every event\n"                 \
    "      --index NAME       set the index field of every event (default: main)\n"    \
    "      --recover          evtx: also read deleted records left in chunk slack\n"      \
    "      --no-verify        evtx: do not verify checksums\n"                            \
    "      --lenient          xml: read what a malformed (cut) event holds, not skip it\n" \
    "      --earliest TIME    drop events before TIME: ISO-8601 (2024-03-11T07:00:00Z)\n" \
    "                         or relative as in Splunk (-24h, -7d@d, @d, now)\n"        \
    "      --latest TIME      drop events at or after TIME (same forms)\n"             \
    "      --glob PATTERN     in directories, read only files whose name matches\n"    \
    "                         (fnmatch, e.g. '*.evtx'; may be repeated)\n"             \
    "  -j, --jobs N           threads for reading (default: all cores)\n"                \
    "  -q, --quiet            no progress line\n"                                         \
    "  -v, --verbose          say more about what was skipped (detections, files of\n" \
    "                         directories that are not logs)\n"

typedef struct cli_options {
    const char **content_dirs;
    size_t ncontent_dirs, content_dirs_cap;
    const char **macro_defs;      /* --macro values, in order */
    size_t nmacro_defs, macro_defs_cap;
    const char **macro_files;     /* --macros values, in order */
    size_t nmacro_files, macro_files_cap;
    output_format format;
    bool format_set;
    const char *output_path;
    const char *tz;               /* NULL = UTC */
    size_t fit_width;             /* table: line width to fit (--width, or the
                                     terminal's); 0: none (--wide, not a terminal) */
    bool wide, width_set;         /* --wide; --width given */
    input_options input;
    const char **globs;           /* --glob values (input.globs points here) */
    size_t nglobs, globs_cap;
    int jobs;                     /* 0 = all cores */
    bool quiet, verbose;
} cli_options;

void cli_options_init(cli_options *o);
void cli_options_free(cli_options *o);
/* Handles one getopt result of the shared groups: 1 handled, 0 not ours, -1 bad value
 * (already reported). */
int cli_options_handle(cli_options *o, int opt, const char *arg);
/* Fills defaults that depend on the whole command line; -1 when invalid (reported). */
int cli_options_finish(cli_options *o, const char *cmd);
/* Built-in pack, then --content dirs, then --macros files, then --macro values. */
int cli_load_content(const cli_options *o, content *c, tr_error *err);

/* Prints "trawl: MSG" (when msg) and "try 'trawl CMD --help'"; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *msg);
/* Text for an unknown option or a missing argument, from getopt's optopt/argv. */
const char *cli_bad_option_message(char **argv, int opt);

#endif
