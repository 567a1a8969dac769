/* cli_sigma.h - the Sigma option group of run, list and test (--sigma PATH...,
 * --sigma-placeholders, --min-level, --status, --tag), loading with the skipped
 * rules reported, choosing rules, and replaying SigmaHQ regression tests. */
#ifndef TRAWL_CLI_SIGMA_H
#define TRAWL_CLI_SIGMA_H

#include <stdbool.h>
#include <stddef.h>

#include "../formats/input.h"
#include "../sigma/sigma.h"
#include "cli.h"

#define CLI_SIGMA_LONGOPTS                                                      \
    { "sigma", required_argument, NULL, CLI_OPT_SIGMA },                        \
    { "sigma-placeholders", required_argument, NULL, CLI_OPT_SIGMA_PLACEHOLDERS }, \
    { "min-level", required_argument, NULL, CLI_OPT_MIN_LEVEL },                \
    { "status", required_argument, NULL, CLI_OPT_STATUS },                      \
    { "tag", required_argument, NULL, CLI_OPT_TAG }

#define CLI_SIGMA_LOAD_HELP                                                               \
    "      --sigma PATH       load Sigma rules from a file or directory; repeatable\n"     \
    "      --sigma-placeholders FILE  values of %name% placeholders (|expand): a YAML\n"   \
    "                         mapping of name to a value or a list of values\n"           \
    "      --min-level LEVEL  only Sigma rules of this level or higher (informational,\n" \
    "                         low, medium, high, critical)\n"
/* run documents --status and --tag with its detection filters (cli_select.h). */
#define CLI_SIGMA_OPTIONS_HELP                                                            \
    CLI_SIGMA_LOAD_HELP                                                                   \
    "      --status STATUS    only Sigma rules of this status (stable, test,\n"            \
    "                         experimental, ...); repeatable\n"                            \
    "      --tag TAG          only Sigma rules with this tag (attack.t1059.001, ...);\n"   \
    "                         repeatable\n"

typedef struct cli_sigma {
    const char **paths;        /* --sigma values, in order */
    size_t npaths, paths_cap;
    const char *placeholders;  /* --sigma-placeholders */
    sigma_level min_level;     /* --min-level, SIGMA_LEVEL_NONE: any */
    const char **statuses;     /* --status values (any of them) */
    size_t nstatuses, statuses_cap;
    const char **tags;         /* --tag values (any of them) */
    size_t ntags, tags_cap;
    sigma_set set;             /* the loaded rules */
} cli_sigma;

void cli_sigma_init(cli_sigma *s);
void cli_sigma_free(cli_sigma *s);
/* One getopt result: 1 handled, 0 not ours, -1 bad value (reported). */
int cli_sigma_handle(cli_sigma *s, int opt, const char *arg);
/* What loading says about skipped rules on stderr. */
typedef enum cli_sigma_report {
    CLI_SIGMA_REPORT_SUMMARY,  /* how many (when some were) */
    CLI_SIGMA_REPORT_EACH,     /* each rule and why (-v) */
    CLI_SIGMA_REPORT_NONE,     /* nothing: the caller lists them */
} cli_sigma_report;

/* Loads placeholders and every --sigma path. Returns 0, or -1 when a path cannot be
 * read at all (reported). */
int cli_sigma_load(cli_sigma *s, cli_sigma_report report);
/* A rule runs when it is standalone and passes --min-level, --status and --tag. */
bool cli_sigma_selected(const cli_sigma *s, const sigma_rule *r);
/* Matches of rule r over one input path, read as the runner reads (pushdown,
 * projection); (size_t)-1 when the rule does not compile. */
size_t cli_sigma_count_matches(const sigma_rule *r, const char *path, input_stats *st);
/* Replays r's SigmaHQ regression test. Returns 1 pass, -1 fail, 0 not run; why says
 * what happened. */
int cli_sigma_regression(const sigma_rule *r, char *why, size_t why_size, bool *input_problems);

/* The attribution `trawl list --sigma` prints. */
extern const char cli_sigma_license[];

#endif
