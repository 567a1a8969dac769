/* cli.c - shared option groups, content loading order and error printing. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <time.h>

#include "../formats/timerange.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

void cli_options_init(cli_options *o)
{
    *o = (cli_options){ 0 };
}

void cli_options_free(cli_options *o)
{
    free(o->content_dirs);
    free(o->macro_defs);
    free(o->macro_files);
    free(o->globs);
}

#define PUSH(arr, n, cap, v) do { XGROW(arr, cap, (n) + 1); (arr)[(n)++] = (v); } while (0)

int cli_options_handle(cli_options *o, int opt, const char *arg)
{
    switch (opt) {
    case CLI_OPT_CONTENT:
        PUSH(o->content_dirs, o->ncontent_dirs, o->content_dirs_cap, arg);
        return 1;
    case CLI_OPT_MACRO:
        PUSH(o->macro_defs, o->nmacro_defs, o->macro_defs_cap, arg);
        return 1;
    case CLI_OPT_MACROS:
        PUSH(o->macro_files, o->nmacro_files, o->macro_files_cap, arg);
        return 1;
    case 'f':
        if (output_format_parse(arg, &o->format) < 0) {
            tr_warn("unknown format '%s' (expected table, csv, json or jsonl)", arg);
            return -1;
        }
        o->format_set = true;
        return 1;
    case 'o':
        o->output_path = arg;
        return 1;
    case CLI_OPT_WIDE:
        o->wide = true;
        return 1;
    case CLI_OPT_WIDTH: {
        char *end;
        unsigned long n = strtoul(arg, &end, 10);
        if (*end || n < 20 || n > 100000) {
            tr_warn("--width needs a number of characters from 20 to 100000");
            return -1;
        }
        o->fit_width = n;
        o->width_set = true;
        return 1;
    }
    case CLI_OPT_TZ:
        if (!timefmt_zone_valid(arg)) {
            tr_warn("unknown time zone '%s' (expected an IANA name such as Europe/Paris, or UTC)", arg);
            return -1;
        }
        o->tz = strcmp(arg, "UTC") == 0 ? NULL : arg;
        o->input.local_tz = o->tz;   /* also the zone of times written without one */
        return 1;
    case CLI_OPT_SOURCE:
        o->input.source = arg;
        return 1;
    case CLI_OPT_SOURCETYPE:
        o->input.sourcetype = arg;
        return 1;
    case CLI_OPT_INDEX:
        o->input.index = arg;
        return 1;
    case CLI_OPT_RECOVER:
        o->input.recover = true;
        return 1;
    case CLI_OPT_LENIENT:
        o->input.lenient = true;
        return 1;
    case CLI_OPT_NO_VERIFY:
        o->input.no_verify = true;
        return 1;
    case CLI_OPT_EARLIEST:
    case CLI_OPT_LATEST: {
        const char *why;
        double t;
        if (!timerange_parse(arg, (double)time(NULL), &t, &why)) {
            tr_warn("--%s '%s': %s", opt == CLI_OPT_EARLIEST ? "earliest" : "latest", arg, why);
            return -1;
        }
        if (opt == CLI_OPT_EARLIEST) {
            o->input.earliest = t;
            o->input.has_earliest = true;
        } else {
            o->input.latest = t;
            o->input.has_latest = true;
        }
        return 1;
    }
    case CLI_OPT_GLOB:
        PUSH(o->globs, o->nglobs, o->globs_cap, arg);
        o->input.globs = o->globs;
        o->input.nglobs = o->nglobs;
        return 1;
    case 'j': {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || n < 0 || n > 1024) {
            tr_warn("-j expects a number of threads from 0 to 1024, got '%s'", arg);
            return -1;
        }
        o->jobs = (int)n;
        o->input.jobs = (int)n;
        return 1;
    }
    case 'q':
        o->quiet = true;
        o->input.quiet = true;
        return 1;
    case 'v':
        o->verbose = true;
        o->input.verbose = true;
        return 1;
    default:
        return 0;
    }
}

/* Columns of the terminal on stdout: its window size, else $COLUMNS, else 80. */
static size_t terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    long n = env ? strtol(env, NULL, 10) : 0;
    return n >= 20 && n <= 100000 ? (size_t)n : 80;
}

int cli_options_finish(cli_options *o, const char *cmd)
{
    if (!o->format_set)
        o->format = (!o->output_path && isatty(STDOUT_FILENO)) ? OUTPUT_TABLE : OUTPUT_CSV;
    if (o->wide)
        o->fit_width = 0;
    else if (!o->width_set && !o->output_path && isatty(STDOUT_FILENO))
        o->fit_width = terminal_width();
    if (o->input.has_earliest && o->input.has_latest && o->input.earliest >= o->input.latest) {
        cli_usage_error(cmd, "--earliest must be before --latest");
        return -1;
    }
    return 0;
}

int cli_load_content(const cli_options *o, content *c, tr_error *err)
{
    if (content_load_builtin(c, err) < 0)
        return -1;
    for (size_t i = 0; i < o->ncontent_dirs; i++)
        if (content_load_path(c, o->content_dirs[i], err) < 0)
            return -1;
    for (size_t i = 0; i < o->nmacro_files; i++)
        if (content_load_macros_file(c, o->macro_files[i], err) < 0)
            return -1;
    for (size_t i = 0; i < o->nmacro_defs; i++)
        if (content_add_macro_arg(c, o->macro_defs[i], err) < 0)
            return -1;
    return 0;
}

int cli_usage_error(const char *cmd, const char *msg)
{
    if (msg)
        tr_warn("%s", msg);
    fprintf(stderr, "try 'trawl %s --help'\n", cmd);
    return EXIT_USAGE;
}

const char *cli_bad_option_message(char **argv, int opt)
{
    static char buf[256];
    const char *arg = argv[optind - 1];
    if (opt)
        snprintf(buf, sizeof buf, "option '-%c' %s", opt,
                 strchr("dfoj", opt) ? "needs a value" : "is not known");
    else if (arg && strncmp(arg, "--", 2) == 0 && optarg == NULL && strchr(arg, '=') == NULL)
        snprintf(buf, sizeof buf, "option '%s' is not known or needs a value", arg);
    else
        snprintf(buf, sizeof buf, "option '%s' is not known", arg ? arg : "?");
    return buf;
}
