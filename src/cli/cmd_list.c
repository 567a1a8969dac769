/* cmd_list.c - `trawl list detections|stories|macros`: what the loaded content holds,
 * printed through the ordinary outputs so -f csv/json work too. */
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "cli.h"
#include "commands.h"

static const char list_usage[] =
    "usage: trawl list [options] detections|stories|macros\n"
    "\n"
    "Lists the built-in content and what --content, --macro and --macros add.\n"
    "\n"
    CLI_CONTENT_OPTIONS_HELP
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

static void list_detections(const content *c, spl_sink *sink)
{
    record r;
    record_init(&r);
    char num[32];
    for (size_t i = 0; i < c->ndetections; i++) {
        const detection *d = &c->detections[i];
        record_clear(&r);
        set_str(&r, "detection", d->slug);
        set_str(&r, "type", d->type);
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

int cmd_list(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_CONTENT_LONGOPTS,
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
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        int handled = cli_options_handle(&o, c, optarg);
        if (handled < 0) {
            cli_options_free(&o);
            return cli_usage_error(argv[0], NULL);
        }
        if (handled)
            continue;
        cli_options_free(&o);
        if (c == 'h') {
            fputs(list_usage, stdout);
            return EXIT_OK;
        }
        return cli_usage_error(argv[0], cli_bad_option_message(argv, optopt));
    }
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
