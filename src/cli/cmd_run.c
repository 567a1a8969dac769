/* cmd_run.c - `trawl run` (detections from content) and `trawl search` (ad-hoc SPL):
 * option parsing, content loading, choosing detections, wiring outputs. Both share
 * one option table; the runner does the reading. */
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
#include "commands.h"
#include "runner.h"

static const char run_usage[] =
    "usage: trawl run [options] PATH...\n"
    "\n"
    "Runs detections over event logs (.evtx, XmlWinEventLog, directories, - for stdin).\n"
    "Without -d or --story, runs every loaded detection.\n"
    "\n"
    "  -d, --detection NAME   run this detection (slug, name or id); repeatable\n"
    "      --story NAME       run every detection of this analytic story\n"
    CLI_CONTENT_OPTIONS_HELP
    CLI_OUTPUT_OPTIONS_HELP
    "      --risk             print risk events instead of result rows; with --story,\n"
    "                         then a summary per risk object (total score, detections,\n"
    "                         ATT&CK techniques, first/last seen)\n"
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
    CLI_INPUT_OPTIONS_HELP
    "  -h, --help             show this help\n";

enum { OPT_STORY = 1000, OPT_RISK, OPT_RISK_THRESHOLD };

static bool detection_in_story(const detection *d, const char *story_name)
{
    for (size_t i = 0; i < d->nstories; i++)
        if (strcasecmp(d->stories[i], story_name) == 0)
            return true;
    return false;
}

/* Output file for one detection of a multi-detection CSV run: DIR/slug.csv. */
static FILE *open_in_dir(const char *dir, const char *slug)
{
    size_t n = strlen(dir) + strlen(slug) + 6;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/%s.csv", dir, slug);
    FILE *fp = fopen(path, "w");
    if (!fp)
        tr_warn("%s: %s", path, strerror(errno));
    free(path);
    return fp;
}

typedef struct run_outputs {
    output **outs;       /* one, or one per detection for CSV into a directory */
    FILE **files;        /* files we opened (closed at the end) */
    size_t n, cap;
} run_outputs;

static output *add_output(run_outputs *ro, FILE *fp, bool owned, const output_options *opt)
{
    size_t cap = ro->cap;
    XGROW(ro->outs, cap, ro->n + 1);
    XGROW(ro->files, ro->cap, ro->n + 1);
    ro->outs[ro->n] = output_open(fp, opt);
    ro->files[ro->n] = owned ? fp : NULL;
    return ro->outs[ro->n++];
}

static int close_outputs(run_outputs *ro)
{
    int rc = 0;
    for (size_t i = 0; i < ro->n; i++) {
        if (output_close(ro->outs[i]) < 0)
            rc = -1;
        if (ro->files[i] && fclose(ro->files[i]) != 0)
            rc = -1;
    }
    free(ro->outs);
    free(ro->files);
    return rc;
}

static int run_common(int argc, char **argv, bool is_search)
{
    const char *usage = is_search ? search_usage : run_usage;
    cli_options o;
    cli_options_init(&o);
    const char **wanted = NULL;
    size_t nwanted = 0, wanted_cap = 0;
    const char *story_name = NULL;
    bool risk = false;
    double risk_threshold = 100;

    static const struct option longopts[] = {
        CLI_CONTENT_LONGOPTS, CLI_OUTPUT_LONGOPTS, CLI_INPUT_LONGOPTS,
        { "detection", required_argument, NULL, 'd' },
        { "story", required_argument, NULL, OPT_STORY },
        { "risk", no_argument, NULL, OPT_RISK },
        { "risk-threshold", required_argument, NULL, OPT_RISK_THRESHOLD },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *shortopts = is_search ? "f:o:j:qvh" : "d:f:o:j:qvh";
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        int handled = cli_options_handle(&o, c, optarg);
        if (handled < 0)
            return cli_usage_error(argv[0], NULL);
        if (handled)
            continue;
        switch (c) {
        case 'd':
            if (is_search)
                return cli_usage_error(argv[0], "-d is an option of 'trawl run'");
            XGROW(wanted, wanted_cap, nwanted + 1);
            wanted[nwanted++] = optarg;
            break;
        case OPT_STORY:
            if (is_search)
                return cli_usage_error(argv[0], "--story is an option of 'trawl run'");
            story_name = optarg;
            break;
        case OPT_RISK:
            if (is_search)
                return cli_usage_error(argv[0], "--risk is an option of 'trawl run'");
            risk = true;
            break;
        case OPT_RISK_THRESHOLD:
            if (is_search)
                return cli_usage_error(argv[0], "--risk-threshold is an option of 'trawl run'");
            if (!num_parse(optarg, strlen(optarg), &risk_threshold))
                return cli_usage_error(argv[0], "--risk-threshold needs a number");
            break;
        case 'h':
            fputs(usage, stdout);
            free(wanted);
            return EXIT_OK;
        default:
            free(wanted);
            return cli_usage_error(argv[0], cli_bad_option_message(argv, optopt));
        }
    }
    char **rest = argv + optind;
    size_t nrest = (size_t)(argc - optind);
    const char *query = NULL;
    if (is_search) {
        if (nrest == 0) {
            free(wanted);
            return cli_usage_error(argv[0], "missing the SPL search");
        }
        query = rest[0];
        rest++;
        nrest--;
    }
    if (nrest == 0) {
        free(wanted);
        return cli_usage_error(argv[0], "no input given (a file, a directory, or - for stdin)");
    }
    if (cli_options_finish(&o, argv[0]) < 0) {
        free(wanted);
        return EXIT_USAGE;
    }

    content ct;
    content_init(&ct);
    tr_error err = { 0 };
    if (cli_load_content(&o, &ct, &err) < 0) {
        tr_error_print(&err);
        content_free(&ct);
        free(wanted);
        cli_options_free(&o);
        return EXIT_USAGE;
    }

    /* Choose the detections. */
    const detection **chosen = NULL;
    size_t nchosen = 0, chosen_cap = 0;
    bool explicit_choice = nwanted > 0;
    int rc = EXIT_OK;
    if (!is_search) {
        for (size_t i = 0; i < nwanted; i++) {
            const detection *d = content_find_detection(&ct, wanted[i]);
            if (!d) {
                tr_warn("unknown detection '%s' (try 'trawl list detections')", wanted[i]);
                rc = EXIT_USAGE;
                continue;
            }
            XGROW(chosen, chosen_cap, nchosen + 1);
            chosen[nchosen++] = d;
        }
        if (story_name) {
            size_t before = nchosen;
            for (size_t i = 0; i < ct.ndetections; i++) {
                if (!detection_in_story(&ct.detections[i], story_name))
                    continue;
                XGROW(chosen, chosen_cap, nchosen + 1);
                chosen[nchosen++] = &ct.detections[i];
            }
            if (nchosen == before) {
                tr_warn("no detection belongs to story '%s' (try 'trawl list stories')", story_name);
                rc = EXIT_USAGE;
            }
        }
        if (!nwanted && !story_name) {
            for (size_t i = 0; i < ct.ndetections; i++) {
                XGROW(chosen, chosen_cap, nchosen + 1);
                chosen[nchosen++] = &ct.detections[i];
            }
        }
        if (rc == EXIT_OK && nchosen == 0) {
            tr_warn("no detections to run");
            rc = EXIT_USAGE;
        }
    }

    run_outputs outs = { 0 };
    output_options oopt = { .format = o.format, .tz = o.tz, .titles = !is_search };
    bool csv_dir = !is_search && o.format == OUTPUT_CSV && nchosen > 1 && !risk;
    output *shared_out = NULL;
    if (rc == EXIT_OK) {
        if (csv_dir) {
            if (!o.output_path) {
                tr_warn("csv output of several detections needs -o DIR (one file per detection)");
                rc = EXIT_USAGE;
            } else if (mkdir(o.output_path, 0777) < 0 && errno != EEXIST) {
                tr_warn("%s: %s", o.output_path, strerror(errno));
                rc = EXIT_USAGE;
            }
        } else {
            FILE *fp = stdout;
            if (o.output_path) {
                fp = fopen(o.output_path, "w");
                if (!fp) {
                    tr_warn("%s: %s", o.output_path, strerror(errno));
                    rc = EXIT_USAGE;
                }
            }
            if (rc == EXIT_OK)
                shared_out = add_output(&outs, fp, fp != stdout, &oopt);
        }
    }

    runner rn;
    runner_init(&rn, &ct, o.tz);
    rn.risk = risk;
    rn.input = o.input;
    size_t skipped = 0;
    if (rc == EXIT_OK && is_search) {
        if (runner_add(&rn, NULL, query, NULL, shared_out, &err) < 0) {
            tr_error_print_source(&err, query);
            rc = EXIT_USAGE;
        }
    }
    for (size_t i = 0; rc == EXIT_OK && i < nchosen; i++) {
        const detection *d = chosen[i];
        output *out = shared_out;
        bool compiled = true;
        if (csv_dir) {
            /* Compile before creating DIR/slug.csv, so a detection trawl cannot run
             * leaves no empty file behind. */
            spl_sink none = { 0 };
            spl_plan *trial = spl_compile(d->search, &rn.env, &none, &err);
            compiled = trial != NULL;
            spl_plan_free(trial);
            FILE *fp = compiled ? open_in_dir(o.output_path, d->slug) : NULL;
            if (compiled && !fp) {
                rc = EXIT_USAGE;
                break;
            }
            if (fp)
                out = add_output(&outs, fp, true, &oopt);
        }
        if (!compiled || runner_add(&rn, d->name, d->search, d, out, &err) < 0) {
            char shown[1200];
            if (explicit_choice || nchosen == 1) {
                tr_warn("%s (%s): %s", d->slug, d->origin ? d->origin : "?",
                        tr_error_render(&err, NULL, shown, sizeof shown));
                rc = EXIT_USAGE;
            } else {
                if (o.verbose)
                    tr_warn("skipped %s: %s", d->slug,
                            tr_error_render(&err, NULL, shown, sizeof shown));
                skipped++;
            }
        }
    }

    if (skipped)
        tr_warn("skipped %zu of %zu detections whose SPL trawl cannot run yet%s", skipped,
                nchosen, o.verbose ? "" : " (-v lists them)");
    if (rc == EXIT_OK && rn.njobs == 0 && !is_search) {
        tr_warn("none of the chosen detections can run");
        rc = EXIT_USAGE;
    }
    /* Story risk report: a tee in front of every detection's risk output. Set up
     * after the last runner_add, when the job array no longer moves. */
    risk_report *report = NULL;
    risk_report_tee *tees = NULL;
    if (rc == EXIT_OK && risk && story_name && shared_out) {
        report = risk_report_new(risk_threshold);
        tees = xcalloc(rn.njobs ? rn.njobs : 1, sizeof *tees);
        for (size_t i = 0; i < rn.njobs; i++) {
            if (!rn.jobs[i]->det)
                continue;
            risk_report_tee_init(&tees[i], report, rn.jobs[i]->risk.next);
            rn.jobs[i]->risk.next = &tees[i].sink;
        }
    }
    if (rc == EXIT_OK) {
        runner_run(&rn, rest, nrest);
        if (report) {
            bool json = o.format == OUTPUT_JSON || o.format == OUTPUT_JSONL;
            char title[512];
            snprintf(title, sizeof title, "Risk summary: %s (threshold %g)", story_name,
                     risk_threshold);
            output_section *sec = output_begin_section(shared_out, json ? NULL : title,
                                                       risk_report_array_fields);
            size_t ncols;
            const char *const *cols = risk_report_columns(json, &ncols);
            output_section_set_columns(sec, cols, ncols);
            risk_report_emit(report, output_section_sink(sec), json, o.tz);
        }
        if (input_stats_had_problems(&rn.stats))
            rc = EXIT_INPUT;
    }
    runner_free(&rn);
    risk_report_free(report);
    free(tees);
    if (close_outputs(&outs) < 0) {
        tr_warn("error writing output: %s", strerror(errno));
        rc = rc == EXIT_OK ? EXIT_FAILURE_GENERIC : rc;
    }
    free(chosen);
    free(wanted);
    content_free(&ct);
    cli_options_free(&o);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    return run_common(argc, argv, false);
}

int cmd_search(int argc, char **argv)
{
    return run_common(argc, argv, true);
}
