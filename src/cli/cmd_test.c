/* cmd_test.c - `trawl test`: unit-tests detections offline, as Splunk's contentctl
 * does. Each test of a detection replays its attack_data files (with the source and
 * sourcetype they declare) through the detection's search; it passes when there is
 * at least one result and every risk object field is present in every row. A test
 * with `expect: no_results` (trawl's own key) is negative: it passes on zero rows.
 * Sigma rules (--sigma) are tested by their SigmaHQ regression test: the .evtx their
 * regression_tests_path names must give exactly its match_count matches. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/termsafe.h"
#include "../util/xmalloc.h"
#include "cli.h"
#include "cli_sigma.h"
#include "commands.h"

static const char test_usage[] =
    "usage: trawl test [options] [DETECTION|RULE...]\n"
    "\n"
    "Runs the tests: block of each detection (all detections that have one when none\n"
    "is named). attack_data files are looked up by their file name under --data\n"
    "directories, or used as local paths. With --sigma, also the regression test of\n"
    "each Sigma rule that has one (regression_tests_path, SigmaHQ's layout).\n"
    "\n"
    "      --data DIR         where attack_data files are; repeatable\n"
    "      --allow-skip       exit 0 even when every test was skipped (by default a\n"
    "                         run in which no test ran fails: it proved nothing)\n"
    CLI_CONTENT_OPTIONS_HELP
    CLI_SIGMA_OPTIONS_HELP
    "  -v, --verbose          print each failing test's result rows\n"
    "  -h, --help             show this help\n";

enum { OPT_DATA = 3000, OPT_ALLOW_SKIP };

typedef enum verdict { PASS, FAIL, SKIP } verdict;

/* Collects what a test needs to judge: row count and the first problem found. */
typedef struct test_sink {
    spl_sink sink;
    const detection *det;
    size_t rows;
    char problem[256];   /* empty while every row holds every risk object */
    bool verbose;
} test_sink;

static void test_row(spl_sink *sink, const record *row)
{
    test_sink *ts = sink->ctx;
    ts->rows++;
    for (size_t i = 0; i < ts->det->nrisk_objects && !ts->problem[0]; i++) {
        const field *f = record_get(row, ts->det->risk_objects[i].field);
        bool present = false;
        for (uint32_t k = 0; f && k < f->nvalues; k++)
            present |= f->values[k].len > 0;
        if (!present)
            snprintf(ts->problem, sizeof ts->problem, "row %zu has no risk object field '%s'",
                     ts->rows, ts->det->risk_objects[i].field);
    }
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The local file for an attack_data entry: its path if that exists, else its file
 * name (the last part of a URL) under each --data directory. Caller frees. */
static char *resolve_data(const char *data, const char **dirs, size_t ndirs)
{
    if (!strstr(data, "://") && is_file(data))
        return xstrdup(data);
    const char *base = strrchr(data, '/');
    base = base ? base + 1 : data;
    for (size_t i = 0; i < ndirs; i++) {
        size_t n = strlen(dirs[i]) + strlen(base) + 2;
        char *path = xmalloc(n);
        snprintf(path, n, "%s/%s", dirs[i], base);
        if (is_file(path))
            return path;
        free(path);
    }
    return NULL;
}

static int on_event(void *ctx, record *ev)
{
    return spl_plan_push(ctx, ev);
}

static verdict run_test(const content *ct, const detection *det, const detection_test *t,
                        const char **dirs, size_t ndirs, char *why, size_t why_size,
                        bool *input_problems)
{
    if (t->nattack_data == 0) {
        snprintf(why, why_size, "no attack_data");
        return SKIP;
    }
    char **paths = xcalloc(t->nattack_data, sizeof *paths);
    verdict v = PASS;
    for (size_t i = 0; i < t->nattack_data && v == PASS; i++) {
        paths[i] = resolve_data(t->attack_data[i].data, dirs, ndirs);
        if (!paths[i]) {
            const char *base = strrchr(t->attack_data[i].data, '/');
            snprintf(why, why_size, "missing data file %s%s", base ? base + 1 : t->attack_data[i].data,
                     ndirs ? " (not in any --data directory)" : " (give --data DIR)");
            v = SKIP;
        }
    }
    test_sink ts = { .sink = { .row = test_row }, .det = det };
    ts.sink.ctx = &ts;
    spl_env env = { .lookup_macro = content_lookup_macro, .macro_ctx = (void *)ct,
                    .read_order = true };
    tr_error err = { 0 };
    spl_plan *plan = NULL;
    if (v == PASS) {
        plan = spl_compile(det->search, &env, &ts.sink, &err);
        if (!plan) {
            char shown[1200];
            snprintf(why, why_size, "%.400s", tr_error_render(&err, NULL, shown, sizeof shown));
            v = strncmp(err.msg, "unsupported", 11) == 0 ? SKIP : FAIL;
        }
    }
    if (plan) {
        input_stats st = { 0 };
        bool stopped = false;
        for (size_t i = 0; i < t->nattack_data && !stopped; i++) {
            input_options opt = { .source = t->attack_data[i].source,
                                  .sourcetype = t->attack_data[i].sourcetype };
            stopped = input_read_path(paths[i], &opt, on_event, plan, &st) != 0;
        }
        spl_plan_finish(plan);
        spl_plan_free(plan);
        *input_problems |= input_stats_had_problems(&st);
        if (t->expect_no_results) {
            /* A negative test: benign look-alikes must give nothing. */
            if (ts.rows) {
                snprintf(why, why_size, "expected no results, got %zu", ts.rows);
                v = FAIL;
            } else {
                snprintf(why, why_size, "no results from %llu events, as expected",
                         (unsigned long long)st.events);
            }
        } else if (ts.rows == 0) {
            snprintf(why, why_size, "no results from %llu events",
                     (unsigned long long)st.events);
            v = FAIL;
        } else if (ts.problem[0]) {
            snprintf(why, why_size, "%.300s", ts.problem);
            v = FAIL;
        } else {
            snprintf(why, why_size, "%zu result%s", ts.rows, ts.rows == 1 ? "" : "s");
        }
    }
    for (size_t i = 0; i < t->nattack_data; i++)
        free(paths[i]);
    free(paths);
    return v;
}

int cmd_test(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CONTENT_LONGOPTS,
        CLI_SIGMA_LONGOPTS,
        { "data", required_argument, NULL, OPT_DATA },
        { "allow-skip", no_argument, NULL, OPT_ALLOW_SKIP },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    cli_options o;
    cli_options_init(&o);
    const char **dirs = NULL;
    size_t ndirs = 0, dirs_cap = 0;
    cli_sigma sg;
    cli_sigma_init(&sg);
    bool allow_skip = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        int handled = cli_options_handle(&o, c, optarg);
        if (!handled)
            handled = cli_sigma_handle(&sg, c, optarg);
        if (handled > 0)
            continue;
        if (c == OPT_ALLOW_SKIP) {
            allow_skip = true;
            continue;
        }
        if (handled < 0 || (c != OPT_DATA && c != 'h')) {
            const char *msg = handled < 0 ? NULL : cli_bad_option_message(argv, optopt);
            free(dirs);
            cli_options_free(&o);
            cli_sigma_free(&sg);
            return cli_usage_error(argv[0], msg);
        }
        if (c == 'h') {
            fputs(test_usage, stdout);
            free(dirs);
            cli_options_free(&o);
            cli_sigma_free(&sg);
            return EXIT_OK;
        }
        if (c == OPT_DATA) {
            XGROW(dirs, dirs_cap, ndirs + 1);
            dirs[ndirs++] = optarg;
        }
    }
    content ct;
    content_init(&ct);
    tr_error err = { 0 };
    int rc = EXIT_OK;
    if (cli_load_content(&o, &ct, &err) < 0) {
        tr_error_print(&err);
        rc = EXIT_USAGE;
    } else if (cli_sigma_load(&sg, o.verbose ? CLI_SIGMA_REPORT_EACH
                                             : CLI_SIGMA_REPORT_SUMMARY) < 0) {
        rc = EXIT_USAGE;
    }
    const detection **chosen = NULL;
    size_t nchosen = 0, chosen_cap = 0;
    const sigma_rule **rules = NULL;
    size_t nrules = 0, rules_cap = 0;
    for (int i = optind; rc == EXIT_OK && i < argc; i++) {
        const detection *d = content_find_detection(&ct, argv[i]);
        const sigma_rule *sr = d ? NULL : sigma_set_find(&sg.set, argv[i]);
        if (sr) {
            XGROW(rules, rules_cap, nrules + 1);
            rules[nrules++] = sr;
            continue;
        }
        if (!d) {
            tr_warn("unknown detection '%s' (try 'trawl list detections')", argv[i]);
            rc = EXIT_USAGE;
            break;
        }
        XGROW(chosen, chosen_cap, nchosen + 1);
        chosen[nchosen++] = d;
    }
    if (rc == EXIT_OK && optind == argc) {
        for (size_t i = 0; i < ct.ndetections && !sg.npaths; i++) {
            if (ct.detections[i].ntests == 0)
                continue;
            XGROW(chosen, chosen_cap, nchosen + 1);
            chosen[nchosen++] = &ct.detections[i];
        }
        for (size_t i = 0; i < sg.set.nrules; i++) {
            const sigma_rule *r = sg.set.rules[i];
            if (!r->regression || !cli_sigma_selected(&sg, r))
                continue;
            XGROW(rules, rules_cap, nrules + 1);
            rules[nrules++] = r;
        }
    }
    size_t counts[3] = { 0 };
    bool input_problems = false;
    static const char *const names[] = { "PASS", "FAIL", "SKIP" };
    for (size_t i = 0; rc == EXIT_OK && i < nchosen; i++) {
        const detection *d = chosen[i];
        if (d->ntests == 0) {
            termsafe_printf(stdout, "SKIP %s: no tests", d->slug);
            putchar('\n');
            counts[SKIP]++;
            continue;
        }
        for (size_t k = 0; k < d->ntests; k++) {
            char why[512];
            verdict v = run_test(&ct, d, &d->tests[k], dirs, ndirs, why, sizeof why,
                                 &input_problems);
            /* Names and data paths come from content files, results from events. */
            termsafe_printf(stdout, "%s %s: %s (%s)", names[v], d->slug,
                            d->tests[k].name ? d->tests[k].name : "test", why);
            putchar('\n');
            counts[v]++;
        }
    }
    for (size_t i = 0; rc == EXIT_OK && i < nrules; i++) {
        char why[512];
        int v = cli_sigma_regression(rules[i], why, sizeof why, &input_problems);
        verdict vd = v > 0 ? PASS : v < 0 ? FAIL : SKIP;
        printf("%s %s: %s (%s)\n", names[vd], rules[i]->as_detection.slug, rules[i]->title, why);
        counts[vd]++;
    }
    if (rc == EXIT_OK) {
        printf("%zu passed, %zu failed, %zu skipped\n", counts[PASS], counts[FAIL], counts[SKIP]);
        if (counts[FAIL]) {
            rc = EXIT_FAILURE_GENERIC;
        } else if (counts[PASS] == 0 && !allow_skip) {
            /* A run that tested nothing must not look like a pass. */
            tr_warn("no test ran (%zu skipped: see the SKIP lines); --allow-skip accepts that",
                    counts[SKIP]);
            rc = EXIT_FAILURE_GENERIC;
        } else if (input_problems) {
            rc = EXIT_INPUT;
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        tr_warn("error writing output: %s", strerror(errno));
        rc = rc == EXIT_OK ? EXIT_FAILURE_GENERIC : rc;
    }
    free(chosen);
    free(rules);
    cli_sigma_free(&sg);
    free(dirs);
    content_free(&ct);
    cli_options_free(&o);
    return rc;
}
