/* cmd_convert.c - `trawl convert`: events from any input trawl reads, optionally
 * filtered by a streaming SPL search, written as a new .evtx file (evtx_write.h)
 * or as Splunk-ready XmlWinEventLog, one event per line. The event travels as its
 * `_raw` XML, so what comes out is what the input said. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../evtx/evtx_write.h"
#include "../spl/spl.h"
#include "cli.h"
#include "cli_paths.h"
#include "commands.h"

static const char convert_usage[] =
    "usage: trawl convert --to evtx|xml -o OUT [options] INPUT...\n"
    "\n"
    "Writes the events of the inputs (.evtx, XmlWinEventLog, directories, - for stdin)\n"
    "as a new .evtx file or as XmlWinEventLog text (one event per line, ready for a\n"
    "Splunk index). Events keep their own XML, EventRecordID included; records are\n"
    "numbered 1..N in input order.\n"
    "\n"
    "      --to FORMAT        evtx or xml\n"
    "  -o, --output OUT       the file to write (xml: - or nothing for stdout)\n"
    "      --search 'SPL'     keep only the events a streaming search passes\n"
    "                         (search, where, eval, head, dedup, ...)\n"
    CLI_CONTENT_OPTIONS_HELP
    CLI_INPUT_OPTIONS_HELP
    "  -h, --help             show this help\n";

enum { OPT_TO = 1000, OPT_SEARCH };

typedef struct convert_state {
    evtx_writer *evtx;       /* --to evtx, else NULL */
    FILE *xml;               /* --to xml, else NULL */
    spl_plan *plan;          /* --search, else NULL */
    const char *input;       /* path being read (messages) */
    uint64_t in_event;       /* events read from input so far */
    uint64_t written;        /* events written */
    uint64_t bad;            /* events that could not be written */
    uint64_t no_raw;         /* search rows without _raw (not events) */
    bool stop;               /* a fatal write error happened */
} convert_state;

static void write_raw(convert_state *cs, const sv *raw)
{
    if (cs->stop)
        return;
    if (cs->xml) {
        /* One event per line: line breaks inside the XML become spaces where they
         * are layout; inside values they are kept as character references. */
        for (size_t i = 0; i < raw->len; i++) {
            char c = raw->s[i];
            if (c == '\n' || c == '\r')
                fputs(c == '\n' ? "&#10;" : "&#13;", cs->xml);
            else
                putc(c, cs->xml);
        }
        putc('\n', cs->xml);
        cs->written++;
        return;
    }
    tr_error err = { 0 };
    if (evtx_writer_add_xml(cs->evtx, raw->s, raw->len, &err) < 0) {
        tr_warn("%s: event %llu: %s", cs->input, (unsigned long long)cs->in_event, err.msg);
        cs->bad++;
        return;
    }
    cs->written++;
}

static void on_row(spl_sink *self, const record *row)
{
    convert_state *cs = self->ctx;
    const sv *raw = record_value(row, "_raw");
    if (!raw) {
        cs->no_raw++;
        return;
    }
    write_raw(cs, raw);
}

static int on_event(void *ctx, record *ev)
{
    convert_state *cs = ctx;
    cs->in_event++;
    if (cs->plan)
        return spl_plan_push(cs->plan, ev) != 0 || cs->stop;
    const sv *raw = record_value(ev, "_raw");
    if (!raw) {
        tr_warn("%s: event %llu: no _raw XML to convert", cs->input, (unsigned long long)cs->in_event);
        cs->bad++;
        return 0;
    }
    write_raw(cs, raw);
    return cs->stop;
}

/* Parses the command line into o, *to, *search. Returns -1 to go on, else an exit code. */
static int parse_args(int argc, char **argv, cli_options *o, const char **to, const char **search)
{
    static const struct option longopts[] = {
        CLI_CONTENT_LONGOPTS, CLI_INPUT_LONGOPTS,
        { "output", required_argument, NULL, 'o' },
        { "to", required_argument, NULL, OPT_TO },
        { "search", required_argument, NULL, OPT_SEARCH },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+o:j:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_TO:
            *to = optarg;
            continue;
        case OPT_SEARCH:
            *search = optarg;
            continue;
        case 'h':
            fputs(convert_usage, stdout);
            return EXIT_OK;
        default:
            break;
        }
        int handled = cli_options_handle(o, c, optarg);
        if (handled < 0)
            return cli_usage_error(argv[0], NULL);
        if (!handled)
            return cli_usage_error(argv[0], cli_bad_option_message(argv, optopt));
    }
    if (!*to)
        return cli_usage_error(argv[0], "missing --to evtx or --to xml");
    if (strcmp(*to, "evtx") != 0 && strcmp(*to, "xml") != 0)
        return cli_usage_error(argv[0], "--to must be evtx or xml");
    if (strcmp(*to, "evtx") == 0 && (!o->output_path || strcmp(o->output_path, "-") == 0))
        return cli_usage_error(argv[0], "--to evtx needs -o FILE (an .evtx file cannot go to a pipe)");
    if (optind >= argc)
        return cli_usage_error(argv[0], "no input given (a file, a directory, or - for stdin)");
    return -1;
}

/* Compiles --search with the content's macros. Returns 0 or EXIT_USAGE (reported). */
static int compile_search(convert_state *cs, const cli_options *o, const char *search,
                          content *ct, spl_env *env, spl_sink *sink)
{
    tr_error err = { 0 };
    if (cli_load_content(o, ct, &err) < 0) {
        tr_error_print(&err);
        return EXIT_USAGE;
    }
    env->lookup_macro = content_lookup_macro;
    env->macro_ctx = ct;
    env->tz = o->tz;
    env->now = (double)time(NULL);
    sink->row = on_row;
    sink->ctx = cs;
    cs->plan = spl_compile(search, env, sink, &err);
    if (!cs->plan) {
        tr_error_print_source(&err, search);
        return EXIT_USAGE;
    }
    /* A search that makes a table (stats, table without _raw) has no events to write. */
    size_t ncols = 0;
    const char *const *cols = spl_plan_columns(cs->plan, &ncols);
    bool has_raw = !cols;
    for (size_t i = 0; cols && i < ncols; i++)
        has_raw = has_raw || strcmp(cols[i], "_raw") == 0;
    if (!has_raw) {
        tr_warn("convert needs a streaming search that keeps the events (search, where, "
                "eval, head, ...), not one that makes a table");
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_convert(int argc, char **argv)
{
    cli_options o;
    cli_options_init(&o);
    const char *to = NULL, *search = NULL;
    int rc = parse_args(argc, argv, &o, &to, &search);
    if (rc >= 0) {
        cli_options_free(&o);
        return rc;
    }
    cli_paths paths;
    cli_paths_init(&paths, argv + optind, (size_t)(argc - optind), &o.input);
    if (cli_paths_check(&paths) != EXIT_OK) {
        cli_options_free(&o);
        return EXIT_USAGE;
    }
    rc = EXIT_OK;
    convert_state cs = { 0 };
    content ct;
    content_init(&ct);
    spl_env env = { 0 };
    spl_sink sink = { 0 };
    if (search)
        rc = compile_search(&cs, &o, search, &ct, &env, &sink);

    tr_error err = { 0 };
    bool to_evtx = strcmp(to, "evtx") == 0;
    outfile *out = NULL;
    if (rc == EXIT_OK) {
        if (to_evtx || (o.output_path && strcmp(o.output_path, "-") != 0)) {
            out = cli_paths_open_output(&paths, o.output_path);
            if (!out)
                rc = EXIT_USAGE;
            else if (to_evtx)
                cs.evtx = evtx_writer_new(outfile_fp(out), o.output_path);
            else
                cs.xml = outfile_fp(out);
        } else {
            cs.xml = stdout;
        }
    }

    input_stats st = { 0 };
    if (rc == EXIT_OK) {
        cli_paths_skip_outputs(&paths, &o.input);
        for (int i = optind; i < argc; i++) {
            cs.input = argv[i];
            cs.in_event = 0;
            if (input_read_path(argv[i], &o.input, on_event, &cs, &st) != 0)
                break;
        }
        input_stats_report(&st, o.verbose);
        if (cs.plan)
            spl_plan_finish(cs.plan);
        if (cs.no_raw)
            tr_warn("%llu search results had no _raw and were not written: use a streaming "
                    "search (search, where, eval, head, ...) with convert",
                    (unsigned long long)cs.no_raw);
        if (to_evtx && evtx_writer_close(cs.evtx, &err) < 0) {
            tr_error_print(&err);
            rc = EXIT_FAILURE_GENERIC;
        } else if (!out && (fflush(stdout) != 0 || ferror(stdout))) {
            tr_warn("stdout: %s", strerror(errno));
            rc = EXIT_FAILURE_GENERIC;
        }
        cs.evtx = NULL;
        /* A file that could not be written whole does not replace the old one. */
        if (out && rc == EXIT_FAILURE_GENERIC) {
            outfile_abort(out);
        } else if (out && outfile_commit(out, &err) < 0) {
            tr_error_print(&err);
            rc = EXIT_FAILURE_GENERIC;
        }
        if (o.verbose)
            tr_warn("%llu events written, %llu skipped", (unsigned long long)cs.written,
                    (unsigned long long)cs.bad);
        if (rc == EXIT_OK && (input_stats_had_problems(&st) || cs.bad))
            rc = EXIT_INPUT;
    }
    cli_paths_free(&paths);
    if (cs.plan)
        spl_plan_free(cs.plan);
    content_free(&ct);
    cli_options_free(&o);
    return rc;
}
