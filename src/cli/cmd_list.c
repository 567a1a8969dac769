/* cmd_list.c - `trawl list detections|stories|macros`: what the loaded content holds,
 * (for detections: status, type, data source, whether trawl can run it and why
 * not), and `trawl list --sigma PATH`: the Sigma rules loaded and those skipped with the
 * reason, printed through the ordinary outputs so -f csv/json work too. */
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "cli.h"
#include "cli_sigma.h"
#include "commands.h"

static const char list_usage[] =
    "usage: trawl list [options] detections|stories|macros\n"
    "       trawl list --sigma PATH... [sigma]\n"
    "\n"
    "Lists the built-in content and what --content, --macro and --macros add; with\n"
    "--sigma, the Sigma rules loaded (those --min-level, --status and --tag select)\n"
    "and every rule skipped with the reason.\n"
    "\n"
    CLI_CONTENT_OPTIONS_HELP
    CLI_SIGMA_OPTIONS_HELP
    "  -f, --format FMT       table, csv, json or jsonl (default: table on a terminal,\n"
    "                         csv otherwise)\n"
    "  -h, --help             show this help\n";

static void set_str(record *r, const char *name, const char *value)
{
    if (value)
        record_set(r, name, value, strlen(value));
}

static void add_list(record *r, const char *name, char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        record_add(r, name, items[i], strlen(items[i]));
}

static void discard_row(spl_sink *self, const record *row)
{
    (void)self;
    (void)row;
}

/* Whether trawl can run d: its SPL compiled against the loaded macros, as `run`
 * does; why not (the compile error) when it cannot. */
static bool detection_runs(const content *c, const detection *d, char *why, size_t size)
{
    spl_env env = { .lookup_macro = content_lookup_macro, .macro_ctx = (void *)c };
    spl_sink sink = { .row = discard_row };
    tr_error err = { 0 };
    spl_plan *p = d->search ? spl_compile(d->search, &env, &sink, &err) : NULL;
    if (!p) {
        tr_error_render(&err, NULL, why, size);
        if (!d->search)
            snprintf(why, size, "no search");
        return false;
    }
    spl_plan_free(p);
    why[0] = '\0';
    return true;
}

static void list_detections(const content *c, spl_sink *sink)
{
    record r;
    record_init(&r);
    char num[32], why[1200];
    for (size_t i = 0; i < c->ndetections; i++) {
        const detection *d = &c->detections[i];
        record_clear(&r);
        set_str(&r, "detection", d->slug);
        set_str(&r, "status", d->status);
        set_str(&r, "type", d->type);
        add_list(&r, "data_source", d->data_sources, d->ndata_sources);
        bool runs = detection_runs(c, d, why, sizeof why);
        set_str(&r, "runs", runs ? "yes" : "no");
        set_str(&r, "why_not", why);
        record_set(&r, "risk_score", num, num_format(d->risk_score, num, sizeof num));
        add_list(&r, "mitre_attack", d->mitre_attack, d->nmitre_attack);
        add_list(&r, "stories", d->stories, d->nstories);
        set_str(&r, "origin", d->origin);
        sink->row(sink, &r);
    }
    record_free(&r);
}

static void list_stories(const content *c, spl_sink *sink)
{
    record r;
    record_init(&r);
    char num[32];
    for (size_t i = 0; i < c->nstories; i++) {
        const story *s = &c->stories[i];
        size_t n = 0;
        for (size_t k = 0; k < c->ndetections; k++)
            for (size_t j = 0; j < c->detections[k].nstories; j++)
                n += strcmp(c->detections[k].stories[j], s->name) == 0;
        record_clear(&r);
        set_str(&r, "story", s->name);
        record_set(&r, "detections", num, num_format((double)n, num, sizeof num));
        set_str(&r, "origin", s->origin);
        sink->row(sink, &r);
    }
    record_free(&r);
}

static void list_macros(const content *c, spl_sink *sink)
{
    record r;
    record_init(&r);
    char num[32];
    for (size_t i = 0; i < c->nmacros; i++) {
        const spl_macro *m = &c->macros[i];
        record_clear(&r);
        set_str(&r, "macro", m->name);
        record_set(&r, "args", num, num_format((double)m->nargs, num, sizeof num));
        set_str(&r, "definition", m->definition);
        set_str(&r, "origin", m->origin);
        sink->row(sink, &r);
    }
    record_free(&r);
}

static const char *logsource_of(const sigma_rule *r, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s%s", r->product ? r->product : "",
             r->category ? "/" : "", r->category ? r->category : "",
             r->service ? "/" : "", r->service ? r->service : "");
    return r->correlation ? "correlation" : buf;
}

/* Loaded rules (status loaded), then skipped ones (status skipped, with reason),
 * then the counts and the licence on stderr so the rows stay clean. */
static void list_sigma(const cli_sigma *sg, spl_sink *sink)
{
    record r;
    record_init(&r);
    size_t shown = 0;
    char buf[256];
    for (size_t i = 0; i < sg->set.nrules; i++) {
        const sigma_rule *rule = sg->set.rules[i];
        if (!cli_sigma_selected(sg, rule) && sigma_rule_standalone(rule))
            continue;
        record_clear(&r);
        set_str(&r, "rule", rule->title);
        record_set(&r, "state", "loaded", 6);
        set_str(&r, "id", rule->id);
        set_str(&r, "level", sigma_level_name(rule->level));
        set_str(&r, "status", rule->status);
        set_str(&r, "logsource", logsource_of(rule, buf, sizeof buf));
        set_str(&r, "reason", sigma_rule_standalone(rule) ? "" : "used by a correlation");
        set_str(&r, "origin", rule->origin);
        sink->row(sink, &r);
        shown++;
    }
    for (size_t i = 0; i < sg->set.nskipped; i++) {
        const sigma_skip *k = &sg->set.skipped[i];
        record_clear(&r);
        set_str(&r, "rule", k->title ? k->title : "");
        record_set(&r, "state", "skipped", 7);
        set_str(&r, "reason", k->reason);
        set_str(&r, "origin", k->origin);
        sink->row(sink, &r);
    }
    record_free(&r);
    tr_warn("sigma: %zu rules loaded (%zu shown), %zu skipped, from %zu files (%zu other YAML "
            "documents)", sg->set.nrules, shown, sg->set.nskipped, sg->set.files,
            sg->set.not_rules);
    tr_warn("%s", cli_sigma_license);
}

int cmd_list(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CONTENT_LONGOPTS,
        CLI_SIGMA_LONGOPTS,
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    static const struct {
        const char *what;
        void (*list)(const content *c, spl_sink *sink);
    } lists[] = {
        { "detections", list_detections },
        { "stories", list_stories },
        { "macros", list_macros },
    };
    cli_options o;
    cli_options_init(&o);
    cli_sigma sg;
    cli_sigma_init(&sg);
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        int handled = cli_options_handle(&o, c, optarg);
        if (handled < 0) {
            cli_options_free(&o);
            cli_sigma_free(&sg);
            return cli_usage_error(argv[0], NULL);
        }
        if (handled)
            continue;
        handled = cli_sigma_handle(&sg, c, optarg);
        if (handled > 0)
            continue;
        cli_options_free(&o);
        cli_sigma_free(&sg);
        if (handled < 0)
            return cli_usage_error(argv[0], NULL);
        if (c == 'h') {
            fputs(list_usage, stdout);
            return EXIT_OK;
        }
        return cli_usage_error(argv[0], cli_bad_option_message(argv, optopt));
    }
    if (sg.npaths && (optind == argc || (optind + 1 == argc && strcmp(argv[optind], "sigma") == 0))) {
        cli_options_finish(&o, argv[0]);
        int rc = EXIT_OK;
        if (cli_sigma_load(&sg, CLI_SIGMA_REPORT_NONE) < 0) {
            rc = EXIT_USAGE;
        } else {
            output_options oopt = { .format = o.format };
            output *out = output_open(stdout, &oopt);
            output_section *s = output_begin_section(out, NULL, NULL);
            static const char *const cols[] = { "rule", "state", "id", "level", "status",
                                                "logsource", "reason", "origin" };
            output_section_set_columns(s, cols, sizeof cols / sizeof cols[0]);
            list_sigma(&sg, output_section_sink(s));
            if (output_close(out) < 0) {
                tr_warn("error writing output");
                rc = EXIT_FAILURE_GENERIC;
            }
        }
        cli_sigma_free(&sg);
        cli_options_free(&o);
        return rc;
    }
    cli_sigma_free(&sg);
    if (optind + 1 != argc) {
        cli_options_free(&o);
        return cli_usage_error(argv[0], "expected one of: detections, stories, macros");
    }
    const char *what = argv[optind];
    size_t which = sizeof lists / sizeof lists[0];
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (strcmp(what, lists[i].what) == 0)
            which = i;
    if (which == sizeof lists / sizeof lists[0]) {
        cli_options_free(&o);
        return cli_usage_error(argv[0], "expected one of: detections, stories, macros");
    }
    cli_options_finish(&o, argv[0]);
    content ct;
    content_init(&ct);
    tr_error err = { 0 };
    int rc = EXIT_OK;
    if (cli_load_content(&o, &ct, &err) < 0) {
        tr_error_print(&err);
        rc = EXIT_USAGE;
    } else {
        output_options oopt = { .format = o.format };
        output *out = output_open(stdout, &oopt);
        output_section *s = output_begin_section(out, NULL, NULL);
        if (lists[which].list == list_detections) {   /* every column, even an empty one */
            static const char *const cols[] = { "detection", "status", "type", "data_source",
                                                "runs", "why_not", "risk_score",
                                                "mitre_attack", "stories", "origin" };
            output_section_set_columns(s, cols, sizeof cols / sizeof cols[0]);
        }
        lists[which].list(&ct, output_section_sink(s));
        if (output_close(out) < 0) {
            tr_warn("error writing output");
            rc = EXIT_FAILURE_GENERIC;
        }
    }
    content_free(&ct);
    cli_options_free(&o);
    return rc;
}
