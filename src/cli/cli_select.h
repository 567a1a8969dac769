/* cli_select.h - which detections `trawl run` takes: each -d (slug, name, id, or the
 * path of its YAML file, loaded when it is not yet), else those of --story, else
 * every loaded one; of these, --status (default: all but deprecated), --type,
 * --tag and --technique keep those they match and --exclude drops some. A
 * detection named with -d runs whatever the filters say, as asked. --status and
 * --tag are options of the Sigma group too (cli_sigma.h), which selects rules with
 * the same values; a -d naming a Sigma rule is left to it. */
#ifndef TRAWL_CLI_SELECT_H
#define TRAWL_CLI_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../content/content.h"
#include "../sigma/sigma.h"

#define CLI_SELECT_LONGOPTS                                               \
    { "detection", required_argument, NULL, 'd' },                        \
    { "story", required_argument, NULL, CLI_OPT_STORY },                  \
    { "type", required_argument, NULL, CLI_OPT_TYPE },                    \
    { "technique", required_argument, NULL, CLI_OPT_TECHNIQUE },          \
    { "exclude", required_argument, NULL, CLI_OPT_EXCLUDE }

#define CLI_SELECT_OPTIONS_HELP                                                            \
    "  -d, --detection NAME   run this detection or Sigma rule (slug, name, title, id or\n" \
    "                         the path of its YAML file, loaded if need be); repeatable\n" \
    "      --story NAME       run every detection of this analytic story\n"                 \
    "      --status STATUS    only detections and Sigma rules of this status\n"            \
    "                         (production, experimental, deprecated, stable, test;\n"      \
    "                         default: all but deprecated); repeatable\n"                  \
    "      --type TYPE        only detections of this type (TTP, Anomaly, Hunting,\n"      \
    "                         Correlation); repeatable\n"                                   \
    "      --tag TAG          only detections and Sigma rules with this tag (analytic\n"   \
    "                         story, ATT&CK id, asset type, security domain, CVE;\n"       \
    "                         attack.t1059.001 for Sigma); repeatable\n"                   \
    "      --technique ID     only detections of this ATT&CK technique (T1059 also\n"      \
    "                         takes T1059.001); repeatable\n"                              \
    "      --exclude NAME     drop this detection (slug, name, id or YAML path), or the\n" \
    "                         detections a file lists (one per line, # comments)\n"

/* Repeatable option values, in order (pointing into argv). */
typedef struct cli_strv {
    const char **v;
    size_t n, cap;
} cli_strv;

typedef struct cli_select {
    cli_strv wanted;       /* -d values */
    const char *story;     /* --story, or NULL */
    cli_strv statuses;     /* --status values (any of them); none: all but deprecated */
    cli_strv types;        /* --type values */
    cli_strv tags;         /* --tag values */
    cli_strv techniques;   /* --technique values */
    cli_strv excludes;     /* --exclude values as given */
    const detection **dropped; /* what --exclude names, found by cli_select_prepare */
    size_t ndropped, dropped_cap;
} cli_select;

void cli_select_init(cli_select *s);
void cli_select_free(cli_select *s);
/* One getopt result: 1 handled, 0 not ours, -1 bad value (reported). */
int cli_select_handle(cli_select *s, int opt, const char *arg);
/* Loads the YAML file of each -d that names one no loaded detection (nor Sigma
 * rule of sigma, which may be NULL) came from,
 * then finds what --exclude names (a name it does not find is reported; names of
 * a file, counted). Call once content is loaded: detections must not move after.
 * Returns EXIT_OK, or EXIT_USAGE when a file cannot be read (reported). */
int cli_select_prepare(cli_select *s, content *ct, const sigma_set *sigma);

/* The chosen detections, in content order within each -d, --story or the whole
 * set; *chosen is the caller's to free. A -d naming a rule of sigma is not
 * reported: the caller chooses it. Every unknown name is reported. Returns
 * EXIT_OK, or EXIT_USAGE for an unknown name. *filtered counts the detections
 * the filters left out (deprecated ones by default). */
int cli_select_choose(const cli_select *s, const content *ct, const sigma_set *sigma,
                      const detection ***chosen, size_t *nchosen, size_t *filtered);

#endif
