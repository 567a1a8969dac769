/* cmd_run.c - `trawl run` (detections from content, Sigma rules) and `trawl search`
 * (ad-hoc SPL).
 * Each command parses its own option table into one run_request; from there one
 * path serves both: load content, choose the detections, open the outputs, compile
 * one job per search (each compiled once), tee risk events into the story report,
 * and let the runner read the inputs. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../output/risk_report.h"
#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"
#include "cli.h"
#include "cli_paths.h"
#include "cli_select.h"
#include "cli_summary.h"
#include "cli_sigma.h"
#include "commands.h"
#include "runner.h"

static const char run_usage[] =
    "usage: trawl run [options] PATH...\n"
    "\n"
    "Runs detections and Sigma rules over event logs (.evtx, XmlWinEventLog,\n"
    "directories, - for stdin), all in one pass. Without -d, runs every loaded\n"
    "detection (or those of --story) and every Sigma rule the filters select;\n"
    "deprecated detections only when --status asks for them. The results of all\n"
    "make one stream with a leading search_name column.\n"
    "\n"
    CLI_SELECT_OPTIONS_HELP
    CLI_CONTENT_OPTIONS_HELP
    "      --strict           stop at the first content file that does not load or\n"
    "                         detection that uses an undefined macro (exit 2)\n"
    CLI_SIGMA_LOAD_HELP
    CLI_OUTPUT_OPTIONS_HELP
    "      --all              also show detections without results (tables, -o DIR)\n"
    "      --trace            aggregated rows also list the events behind them:\n"
    "                         trace_count and the first 100 FILE:RECORD as trace_events\n"
    "      --summary          end with a summary on stderr (files and records read,\n"
    "                         records/s, detections run, with hits, skipped and why,\n"
    "                         input problems); the default when stderr is a terminal\n"
    "      --risk             print risk events instead of result rows, then a summary\n"
    "                         per risk object (total score, detections, ATT&CK\n"
    "                         techniques, first/last seen)\n"
    "      --risk-threshold N flag risk objects whose total exceeds N (default 100)\n"
    CLI_INPUT_OPTIONS_HELP
    "  -h, --help             show this help\n";

static const char search_usage[] =
    "usage: trawl search [options] 'SPL' PATH...\n"
    "\n"
    "Runs one SPL search over event logs; macros from the content are expanded.\n"
    "\n"
    CLI_CONTENT_OPTIONS_HELP
    CLI_OUTPUT_OPTIONS_HELP
    "      --trace            aggregated rows also list the events behind them:\n"
    "                         trace_count and the first 100 FILE:RECORD as trace_events\n"
    CLI_INPUT_OPTIONS_HELP
    "  -h, --help             show this help\n";

enum { OPT_RISK = 1000, OPT_RISK_THRESHOLD, OPT_RUN_ONLY, OPT_ALL, OPT_STRICT, OPT_TRACE,
       OPT_SUMMARY };

/* What one `run` or `search` command line asks for. */
typedef struct run_request {
    cli_options o;             /* the shared option groups */
    cli_select sel;            /* run: -d, --story and the filters */
    bool all;                  /* run: --all */
    bool strict;               /* run: --strict */
    bool trace;                /* --trace */
    bool summary;              /* run: --summary (on a terminal, by default) */
    bool risk;                 /* run: --risk */
    double risk_threshold;     /* run: --risk-threshold */
    const char *query;         /* search: the SPL; NULL for run */
    cli_sigma sg;              /* run: the Sigma options and, once loaded, the rules */
    char **paths;              /* inputs (points into argv) */
    size_t npaths;
} run_request;

/* One command's command line: its option table and what its own options do. */
typedef struct run_command {
    const char *usage;
    const struct option *longopts;
    const char *shortopts;
    bool wants_query;        /* the SPL comes first among the arguments (search) */
    /* A getopt result c (lo: its long option, or NULL): -1 to go on, an exit code
     * to stop, or NOT_OURS when the shared option groups are to handle it. */
    int (*own_option)(run_request *rq, char **argv, int c, const struct option *lo);
} run_command;

enum { NOT_OURS = -2 };

/* `trawl run`'s own options. */
static int run_option(run_request *rq, char **argv, int c, const struct option *lo)
{
    (void)lo;
    /* --status and --tag select detections and Sigma rules alike. */
    if (c == CLI_OPT_STATUS || c == CLI_OPT_TAG)
        cli_select_handle(&rq->sel, c, optarg);
    else if (cli_select_handle(&rq->sel, c, optarg))
        return -1;
    switch (c) {
    case OPT_ALL:
        rq->all = true;
        return -1;
    case OPT_STRICT:
        rq->strict = true;
        return -1;
    case OPT_TRACE:
        rq->trace = true;
        return -1;
    case OPT_SUMMARY:
        rq->summary = true;
        return -1;
    case OPT_RISK:
        rq->risk = true;
        return -1;
    case OPT_RISK_THRESHOLD:
        if (!num_parse(optarg, strlen(optarg), &rq->risk_threshold))
            return cli_usage_error(argv[0], "--risk-threshold needs a number");
        return -1;
    default: {
        int handled = cli_sigma_handle(&rq->sg, c, optarg);
        return handled < 0 ? cli_usage_error(argv[0], NULL) : handled ? -1 : NOT_OURS;
    }
    }
}

/* `trawl search` knows run's own long options only to say where they belong. */
static int search_option(run_request *rq, char **argv, int c, const struct option *lo)
{
    if (c == OPT_TRACE) {
        rq->trace = true;
        return -1;
    }
    if (c != 'd' && c != OPT_RUN_ONLY)
        return NOT_OURS;
    char msg[64];
    snprintf(msg, sizeof msg, "%s%s is an option of 'trawl run'", c == 'd' ? "-" : "--",
             c == 'd' ? "d" : lo->name);
    return cli_usage_error(argv[0], msg);
}

static const run_command run_cmd = {
    run_usage,
    (const struct option[]){
        CLI_CONTENT_LONGOPTS, CLI_OUTPUT_LONGOPTS, CLI_INPUT_LONGOPTS, CLI_SIGMA_LONGOPTS,
        CLI_SELECT_LONGOPTS,
        { "all", no_argument, NULL, OPT_ALL },
        { "strict", no_argument, NULL, OPT_STRICT },
        { "trace", no_argument, NULL, OPT_TRACE },
        { "summary", no_argument, NULL, OPT_SUMMARY },
        { "risk", no_argument, NULL, OPT_RISK },
        { "risk-threshold", required_argument, NULL, OPT_RISK_THRESHOLD },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    },
    "d:f:o:j:qvh", false, run_option,
};

static const run_command search_cmd = {
    search_usage,
    (const struct option[]){
        CLI_CONTENT_LONGOPTS, CLI_OUTPUT_LONGOPTS, CLI_INPUT_LONGOPTS,
        { "detection", required_argument, NULL, 'd' },
        { "story", required_argument, NULL, OPT_RUN_ONLY },
        { "risk", no_argument, NULL, OPT_RUN_ONLY },
        { "risk-threshold", required_argument, NULL, OPT_RUN_ONLY },
        { "sigma", required_argument, NULL, OPT_RUN_ONLY },
        { "sigma-placeholders", required_argument, NULL, OPT_RUN_ONLY },
        { "min-level", required_argument, NULL, OPT_RUN_ONLY },
        { "status", required_argument, NULL, OPT_RUN_ONLY },
        { "tag", required_argument, NULL, OPT_RUN_ONLY },
        { "type", required_argument, NULL, OPT_RUN_ONLY },
        { "technique", required_argument, NULL, OPT_RUN_ONLY },
        { "exclude", required_argument, NULL, OPT_RUN_ONLY },
        { "all", no_argument, NULL, OPT_RUN_ONLY },
        { "strict", no_argument, NULL, OPT_RUN_ONLY },
        { "summary", no_argument, NULL, OPT_RUN_ONLY },
        { "trace", no_argument, NULL, OPT_TRACE },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    },
    "f:o:j:qvh", true, search_option,
};

/* The command line of cmd into rq: options, then the SPL (search), then the paths.
 * Returns -1 to go on, else an exit code. */
static int parse_command(const run_command *cmd, int argc, char **argv, run_request *rq)
{
    int c, at;
    opterr = 0;
    optind = 1;
    while ((at = -1, c = getopt_long(argc, argv, cmd->shortopts, cmd->longopts, &at)) != -1) {
        if (c == 'h') {
            fputs(cmd->usage, stdout);
            return EXIT_OK;
        }
        int rc = cmd->own_option(rq, argv, c, at >= 0 ? &cmd->longopts[at] : NULL);
        if (rc == NOT_OURS) {
            int handled = cli_options_handle(&rq->o, c, optarg);
            rc = handled < 0 ? cli_usage_error(argv[0], NULL)
                 : handled  ? -1
                            : cli_usage_error(argv[0], cli_bad_option_message(argv, optopt));
        }
        if (rc >= 0)
            return rc;
    }
    rq->paths = argv + optind;
    rq->npaths = (size_t)(argc - optind);
    if (cmd->wants_query) {
        if (rq->npaths == 0)
            return cli_usage_error(argv[0], "missing the SPL search");
        rq->query = rq->paths[0];
        rq->paths++;
        rq->npaths--;
    }
    if (rq->npaths == 0)
        return cli_usage_error(argv[0], "no input given (a file, a directory, or - for stdin)");
    if (cli_options_finish(&rq->o, argv[0]) < 0)
        return EXIT_USAGE;
    return -1;
}

/* The Sigma rules chosen (-d names, or every rule the filters select). */
typedef struct sigma_choice {
    const sigma_rule **v;
    size_t n, cap;
} sigma_choice;

static void choose_rule(sigma_choice *sc, const sigma_rule *r)
{
    XGROW(sc->v, sc->cap, sc->n + 1);
    sc->v[sc->n++] = r;
}

/* The detections (cli_select.h) and Sigma rules a run asked for: each -d naming a
 * rule, or without -d every rule the filters select. Returns EXIT_OK or
 * EXIT_USAGE (reported); *chosen and rules->v are the caller's to free. */
static int choose_detections(const content *ct, const run_request *rq,
                             const detection ***chosen, size_t *nchosen, sigma_choice *rules)
{
    const sigma_set *set = &rq->sg.set;
    size_t filtered;
    int rc = cli_select_choose(&rq->sel, ct, set, chosen, nchosen, &filtered);
    for (size_t i = 0; i < rq->sel.wanted.n; i++) {
        const char *w = rq->sel.wanted.v[i];
        const sigma_rule *r = content_find_detection(ct, w) ? NULL : sigma_set_find(set, w);
        if (r)
            choose_rule(rules, r);
    }
    for (size_t i = 0; !rq->sel.wanted.n && i < set->nrules; i++)
        if (cli_sigma_selected(&rq->sg, set->rules[i]))
            choose_rule(rules, set->rules[i]);
    if (rc == EXIT_OK && *nchosen + rules->n == 0) {
        tr_warn("no detections to run%s", filtered ? " (the filters left none)" : "");
        rc = EXIT_USAGE;
    }
    return rc;
}

/* Where results go: one shared output (stdout or -o FILE), or one file per
 * detection in the -o directory. Files are written through outfile.h: renamed
 * into place only when the command succeeds. */
typedef struct run_outputs {
    output_options opt;  /* format, zone, titles */
    cli_paths *paths;    /* the inputs an output must not be (not owned) */
    const char *dir;     /* the -o directory, or NULL for the shared output */
    bool keep_empty;     /* --all: a detection without results still gets its file */
    output *shared;      /* NULL with a directory */
    output **outs;       /* every output opened */
    outfile **files;     /* the file of each, NULL for stdout */
    size_t n, cap;
} run_outputs;

/* Adds an output writing to path (stdout when NULL). NULL when path cannot be
 * written or is one of the inputs (reported). */
static output *outputs_add(run_outputs *ro, const char *path)
{
    outfile *f = NULL;
    if (path && !(f = cli_paths_open_output(ro->paths, path)))
        return NULL;
    size_t cap = ro->cap;
    XGROW(ro->outs, cap, ro->n + 1);
    XGROW(ro->files, ro->cap, ro->n + 1);
    ro->outs[ro->n] = output_open(f ? outfile_fp(f) : stdout, &ro->opt);
    ro->files[ro->n] = f;
    return ro->outs[ro->n++];
}

/* Removes the output added last, leaving nothing on disk (its search did not
 * compile). */
static void outputs_drop_last(run_outputs *ro)
{
    ro->n--;
    output_close(ro->outs[ro->n]);
    outfile_abort(ro->files[ro->n]);
}

/* -o names a directory (one file per detection) when it is one, ends in '/', or,
 * as before the shared stream existed, for CSV of several detections when its
 * last component has no extension. */
static bool output_is_dir(const char *path, output_format format, size_t nsearches)
{
    struct stat st;
    size_t n = strlen(path);
    if ((stat(path, &st) == 0 && S_ISDIR(st.st_mode)) || (n && path[n - 1] == '/'))
        return true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return format == OUTPUT_CSV && nsearches > 1 && !strchr(base, '.');
}

/* Opens the shared output, or creates the -o directory. Returns EXIT_OK or
 * EXIT_USAGE (reported). */
static int outputs_open(run_outputs *ro, const run_request *rq, size_t nchosen, size_t nrules)
{
    const cli_options *o = &rq->o;
    nchosen += nrules;
    /* A run of many detections shows in tables those that matched. */
    ro->opt = (output_options){ .format = o->format, .tz = o->tz, .titles = !rq->query,
                                .fit_width = o->fit_width,
                                .skip_empty = !rq->all && nchosen > 1 };
    ro->keep_empty = rq->all;
    if (o->output_path && !rq->query && !rq->risk &&
        output_is_dir(o->output_path, o->format, nchosen)) {
        if (mkdir(o->output_path, 0777) < 0 && errno != EEXIST) {
            tr_warn("%s: %s", o->output_path, strerror(errno));
            return EXIT_USAGE;
        }
        ro->dir = o->output_path;
        return EXIT_OK;
    }
    ro->shared = outputs_add(ro, o->output_path);
    return ro->shared ? EXIT_OK : EXIT_USAGE;
}

/* The output of one detection in the -o directory: DIR/slug.csv (.json, .jsonl,
 * .txt for a table). NULL when it cannot be created (reported). */
static output *outputs_for_detection(run_outputs *ro, const detection *d)
{
    static const char *const ext[] = {
        [OUTPUT_TABLE] = "txt", [OUTPUT_CSV] = "csv", [OUTPUT_JSON] = "json",
        [OUTPUT_JSONL] = "jsonl",
    };
    size_t n = strlen(ro->dir) + strlen(d->slug) + 8;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/%s.%s", ro->dir, d->slug, ext[ro->opt.format]);
    output *out = outputs_add(ro, path);
    free(path);
    return out;
}

/* Writes every output; files are renamed into place when commit, else removed
 * (the old files stay). Returns 0, or -1 when writing failed (reported). */
static int outputs_close(run_outputs *ro, bool commit)
{
    int rc = 0;
    size_t stale_removed = 0;
    for (size_t i = 0; i < ro->n; i++) {
        outfile *f = ro->files[i];
        tr_error err = { 0 };
        /* In the -o directory, only detections with results leave a file. */
        bool empty = ro->dir && !ro->keep_empty && output_rows(ro->outs[i]) == 0;
        if (output_close(ro->outs[i]) < 0) {
            if (f)
                tr_warn("%s: %s", outfile_path(f), strerror(errno));
            else
                tr_warn("error writing output: %s", strerror(errno));
            outfile_abort(f);
            rc = -1;
        } else if (f && commit && empty) {
            /* A results file left by an earlier run into the same directory would
             * read as a hit of this one: it goes, and the count says so. */
            char *stale = xstrdup(outfile_path(f));
            outfile_abort(f);
            struct stat st;
            if (lstat(stale, &st) < 0 || !S_ISREG(st.st_mode))
                ;   /* nothing there, or not a file trawl writes (a link, a FIFO) */
            else if (unlink(stale) == 0)
                stale_removed++;
            else if (errno != ENOENT)
                tr_warn("%s: %s (a results file of an earlier run)", stale, strerror(errno));
            free(stale);
        } else if (f && !commit) {
            outfile_abort(f);
        } else if (f && outfile_commit(f, &err) < 0) {
            tr_error_print(&err);
            rc = -1;
        }
    }
    if (stale_removed)
        tr_warn("%s: removed %zu results file%s of an earlier run for detections without "
                "results this time", ro->dir, stale_removed, stale_removed == 1 ? "" : "s");
    free(ro->outs);
    free(ro->files);
    return rc;
}

/* Compiles one job per chosen detection. A detection trawl cannot run fails the
 * command when it was asked for by name (or is the only one); otherwise it is
 * skipped, listed with -v and counted in one line. One that uses a macro or lookup
 * the content does not define is named (the content is incomplete: *incomplete
 * counts it), or stops the run with --strict. */
static int add_detection_jobs(runner *rn, run_outputs *ro, const run_request *rq,
                              const detection *const *chosen, size_t nchosen,
                              size_t *incomplete, cli_summary *sum)
{
    bool must_run = rq->sel.wanted.n > 0 || nchosen == 1;
    size_t skipped = 0;
    tr_error err = { 0 };
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < nchosen; i++) {
        const detection *d = chosen[i];
        output *out = ro->dir ? outputs_for_detection(ro, d) : ro->shared;
        if (!out) {
            rc = EXIT_USAGE;
            break;
        }
        err = (tr_error){ 0 };   /* not every failing site sets every member */
        if (runner_add(rn, d->name, d->search, d, out, &err) == 0)
            continue;
        /* A detection trawl cannot run leaves no file behind. */
        if (ro->dir)
            outputs_drop_last(ro);
        char shown[1200];
        if (!must_run)
            cli_summary_skip(sum, err.msg);
        if (err.kind == TR_ERROR_UNDEFINED && !must_run) {
            tr_warn("%s (%s): %s%s", d->slug, d->origin ? d->origin : "?",
                    tr_error_render(&err, NULL, shown, sizeof shown),
                    rq->strict ? "" : ", skipped");
            (*incomplete)++;
            if (rq->strict)
                rc = EXIT_USAGE;
        } else if (must_run) {
            tr_warn("%s (%s): %s", d->slug, d->origin ? d->origin : "?",
                    tr_error_render(&err, NULL, shown, sizeof shown));
            rc = EXIT_USAGE;
        } else {
            if (rq->o.verbose)
                tr_warn("skipped %s: %s", d->slug,
                        tr_error_render(&err, NULL, shown, sizeof shown));
            skipped++;
        }
    }
    rn->skipped += skipped + *incomplete;
    if (skipped)
        tr_warn("skipped %zu of %zu detections whose SPL trawl cannot run yet%s", skipped,
                nchosen, rq->o.verbose ? "" : " (-v lists them)");
    return rc;
}

/* Compiles one job per chosen Sigma rule; they load only when trawl can run them,
 * so any failure here is reported and fails the command. */
static int add_sigma_jobs(runner *rn, run_outputs *ro, const sigma_choice *rules)
{
    tr_error err = { 0 };
    for (size_t i = 0; i < rules->n; i++) {
        const sigma_rule *r = rules->v[i];
        output *out = ro->dir ? outputs_for_detection(ro, &r->as_detection) : ro->shared;
        if (!out)
            return EXIT_USAGE;
        if (runner_add_sigma(rn, r, out, &err) < 0) {
            if (ro->dir)
                outputs_drop_last(ro);
            tr_warn("%s: %s", r->origin, err.msg);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

/* Jobs whose search gave at least one row. */
static size_t jobs_with_hits(const runner *rn)
{
    size_t n = 0;
    for (size_t i = 0; i < rn->njobs; i++)
        n += output_section_rows(rn->jobs[i]->section) > 0;
    return n;
}

/* The risk summary: a tee in front of every detection's risk output. Set
 * up after the last runner_add, when the job array no longer moves. *tees is the
 * caller's to free. */
static risk_report *risk_report_attach(runner *rn, double threshold, risk_report_tee **tees)
{
    risk_report *report = risk_report_new(threshold);
    *tees = xcalloc(rn->njobs ? rn->njobs : 1, sizeof **tees);
    for (size_t i = 0; i < rn->njobs; i++) {
        if (!rn->jobs[i]->det)
            continue;
        risk_report_tee_init(&(*tees)[i], report, rn->jobs[i]->risk.next);
        rn->jobs[i]->risk.next = &(*tees)[i].sink;
    }
    return report;
}

/* Writes the summary as a last section of out. */
static void risk_report_write(risk_report *report, output *out, const run_request *rq)
{
    bool json = rq->o.format == OUTPUT_JSON || rq->o.format == OUTPUT_JSONL;
    char title[512];
    snprintf(title, sizeof title, "Risk summary: %s (threshold %g)",
             rq->sel.story ? rq->sel.story : "all detections", rq->risk_threshold);
    output_section *sec = output_begin_section(out, NULL, risk_report_array_fields);
    output_section_set_title(sec, title);
    output_section_set_numbers(sec, risk_report_number_fields);
    size_t ncols;
    const char *const *cols = risk_report_columns(json, &ncols);
    output_section_set_columns(sec, cols, ncols);
    risk_report_emit(report, output_section_sink(sec), json, rq->o.tz);
}

/* Everything after the command line: the same for run and search. */
static int run_request_execute(run_request *rq)
{
    cli_paths paths;
    cli_paths_init(&paths, rq->paths, rq->npaths, &rq->o.input);
    if (cli_paths_check(&paths) != EXIT_OK)
        return EXIT_USAGE;
    content ct;
    content_init(&ct);
    ct.strict = rq->strict;
    tr_error err = { 0 };
    if (cli_load_content(&rq->o, &ct, &err) < 0) {
        tr_error_print(&err);
        content_free(&ct);
        cli_paths_free(&paths);
        return EXIT_USAGE;
    }
    if (cli_sigma_load(&rq->sg, rq->o.verbose ? CLI_SIGMA_REPORT_EACH
                                              : CLI_SIGMA_REPORT_SUMMARY) < 0) {
        content_free(&ct);
        cli_paths_free(&paths);
        return EXIT_USAGE;
    }
    const detection **chosen = NULL;
    size_t nchosen = 0, incomplete = 0;
    cli_summary sum = { 0 };
    sigma_choice rules = { 0 };
    int rc = rq->query ? EXIT_OK : cli_select_prepare(&rq->sel, &ct, &rq->sg.set);
    if (rc == EXIT_OK && !rq->query)
        rc = choose_detections(&ct, rq, &chosen, &nchosen, &rules);
    run_outputs outs = { .paths = &paths };
    if (rc == EXIT_OK)
        rc = outputs_open(&outs, rq, nchosen, rules.n);

    runner rn;
    runner_init(&rn, &ct, rq->o.tz);
    rn.risk = rq->risk;
    rn.trace = rq->trace;
    rn.trace_files = !rq->query;   /* every hit of a run names its file */
    rn.input = rq->o.input;
    if (rc == EXIT_OK && rq->query &&
        runner_add(&rn, NULL, rq->query, NULL, outs.shared, &err) < 0) {
        tr_error_print_source(&err, rq->query);
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && !rq->query && nchosen)
        rc = add_detection_jobs(&rn, &outs, rq, chosen, nchosen, &incomplete, &sum);
    if (rc == EXIT_OK && !rq->query)
        rc = add_sigma_jobs(&rn, &outs, &rules);
    risk_report *report = NULL;
    risk_report_tee *tees = NULL;
    if (rc == EXIT_OK && rn.njobs == 0) {
        tr_warn("none of the chosen detections can run");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && rq->risk && outs.shared)
        report = risk_report_attach(&rn, rq->risk_threshold, &tees);
    if (rc == EXIT_OK) {
        cli_paths_skip_outputs(&paths, &rn.input);
        cli_summary_start(&sum);
        runner_run(&rn, rq->paths, rq->npaths);
        cli_summary_stop(&sum);
        input_stats_report(&rn.stats, rq->o.verbose);
        if (!rq->query && (rq->summary || (!rq->o.quiet && isatty(STDERR_FILENO))))
            cli_summary_print(&sum, &rn.stats, rn.njobs, jobs_with_hits(&rn), rn.skipped);
        if (report)
            risk_report_write(report, outs.shared, rq);
        /* Broken content, like damaged input, leaves results that are incomplete. */
        if (input_stats_had_problems(&rn.stats) || ct.broken || incomplete)
            rc = EXIT_INPUT;
    }
    runner_free(&rn);
    risk_report_free(report);
    free(tees);
    /* Results are kept when they could be made, even if some input was damaged. */
    if (outputs_close(&outs, rc == EXIT_OK || rc == EXIT_INPUT) < 0)
        rc = rc == EXIT_OK ? EXIT_FAILURE_GENERIC : rc;
    cli_paths_free(&paths);
    free(chosen);
    free(rules.v);
    content_free(&ct);
    return rc;
}

static int run_command_line(const run_command *cmd, int argc, char **argv)
{
    run_request rq = { .risk_threshold = 100 };
    cli_options_init(&rq.o);
    cli_select_init(&rq.sel);
    cli_sigma_init(&rq.sg);
    int rc = parse_command(cmd, argc, argv, &rq);
    if (rc < 0)
        rc = run_request_execute(&rq);
    cli_select_free(&rq.sel);
    cli_options_free(&rq.o);
    cli_sigma_free(&rq.sg);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    return run_command_line(&run_cmd, argc, argv);
}

int cmd_search(int argc, char **argv)
{
    return run_command_line(&search_cmd, argc, argv);
}
