/* sigma.h - public face of the Sigma layer: load Sigma rules (SigmaHQ layout, Sigma
 * specification 2.1: detection rules, correlation rules, filters) into a rule set,
 * and compile each rule into an ordinary SPL plan (spl.h) that the runner feeds with
 * the same events as the Splunk detections.
 *
 * Ownership: a set owns its rules and everything compiled for them. Plans made by
 * sigma_plan_compile borrow the set's compiled matchers: free the plans first. A set
 * and its plans are used by one thread at a time (matchers keep regex scratch). */
#ifndef TRAWL_SIGMA_H
#define TRAWL_SIGMA_H

#include <stdbool.h>
#include <stddef.h>

#include "../content/content.h"
#include "../spl/spl.h"
#include "../util/error.h"

typedef enum sigma_level {
    SIGMA_LEVEL_NONE,          /* no level given */
    SIGMA_LEVEL_INFORMATIONAL,
    SIGMA_LEVEL_LOW,
    SIGMA_LEVEL_MEDIUM,
    SIGMA_LEVEL_HIGH,
    SIGMA_LEVEL_CRITICAL,
} sigma_level;

typedef struct sigma_detection sigma_detection;    /* compiled detection (private) */
typedef struct sigma_correlation sigma_correlation;/* compiled correlation (private) */
typedef struct sigma_source sigma_source;          /* logsource table row (private) */

typedef struct sigma_rule {
    char *title;
    char *id;                  /* may be NULL */
    char *name;                /* `name:` for correlation references, may be NULL */
    char *status;              /* may be NULL */
    char *description;         /* may be NULL */
    sigma_level level;
    char **tags;               /* as written: attack.t1059.001, attack.execution, ... */
    size_t ntags;
    char *origin;              /* "FILE" or "FILE:LINE" of the YAML document */
    char *regression;          /* regression_tests_path (SigmaHQ: an info.yml under the
                                  repository root), may be NULL */
    char *product, *category, *service;   /* logsource, may be NULL */
    const sigma_source *const *sources;   /* logsource table rows the rule reads */
    size_t nsources;
    sigma_detection *detection;/* NULL for a correlation rule */
    sigma_correlation *correlation;       /* NULL for a detection rule */
    char **fields;             /* Sigma field names the rule tests, then those of its
                                  `fields:` list: the result columns after the fixed ones */
    size_t nfields;
    bool referenced;           /* used by a correlation rule ... */
    bool generate;             /* ... which still wants it run on its own (generate: true) */
    detection as_detection;    /* the same rule as a Splunk-style detection, for risk
                                  events and selection (strings borrowed from the rule) */
} sigma_rule;

/* A rule (or file) that was not loaded, and why. */
typedef struct sigma_skip {
    char *origin;              /* FILE or FILE:LINE */
    char *title;               /* may be NULL when the document had none */
    char *reason;              /* "unsupported modifier 'foo'", ... */
} sigma_skip;

typedef struct sigma_placeholder sigma_placeholder;
typedef struct sigma_filter sigma_filter;

typedef struct sigma_set {
    sigma_rule **rules;        /* each allocated alone: detections point into them */
    size_t nrules, rules_cap;
    sigma_skip *skipped;
    size_t nskipped, skipped_cap;
    sigma_filter **filters;    /* global filters (sigma-filters-specification) */
    size_t nfilters, filters_cap;
    sigma_placeholder *placeholders;      /* %name% values for |expand */
    size_t nplaceholders, placeholders_cap;
    size_t files;              /* YAML files read */
    size_t not_rules;          /* YAML documents of a directory walk that are no Sigma
                                  rule (info.yml, pipelines): counted, not listed */
    bool walking;              /* loading a directory (set while it is walked) */
    bool finished;             /* sigma_set_finish ran */
} sigma_set;

void sigma_set_init(sigma_set *s);
void sigma_set_free(sigma_set *s);

/* Placeholder values for |expand: a YAML mapping of name (without %) to a value or
 * a list of values. Load before the rules. Returns 0 or -1 with err. */
int sigma_set_load_placeholders(sigma_set *s, const char *path, tr_error *err);
/* Loads a rule file or a directory (walked recursively, *.yml and *.yaml). Rules
 * trawl cannot run with their full meaning are recorded in s->skipped, never loaded
 * with another meaning. Returns 0, or -1 with err when path cannot be read at all. */
int sigma_set_load_path(sigma_set *s, const char *path, tr_error *err);
/* Loads YAML text (one or more documents) as if read from file `origin`. */
void sigma_set_load_buffer(sigma_set *s, const char *buf, size_t len, const char *origin);
/* After the last load: resolves correlation references and attaches filters; rules
 * whose references cannot be resolved move to skipped. */
void sigma_set_finish(sigma_set *s);

/* True when the rule runs on its own (not only as a part of a correlation). */
bool sigma_rule_standalone(const sigma_rule *r);
/* By id, name, title (case-insensitive) or origin path; NULL when none. */
const sigma_rule *sigma_set_find(const sigma_set *s, const char *key);

/* "informational" ... "critical", "" for none; and back (-1: unknown name). */
const char *sigma_level_name(sigma_level l);
int sigma_level_parse(const char *name, sigma_level *out);
/* The risk score a match of this level carries (docs/sigma.md). */
int sigma_level_score(sigma_level l);

/* Compiles rule r into a plan writing rows to sink: a search stage made from the
 * logsource (so the reader's pushdown skips other events), the rule's matcher,
 * correlation stages where the rule is a correlation, and the row maker. Returns
 * NULL with err set when the SPL head does not compile (a bug, not input). */
spl_plan *sigma_plan_compile(const sigma_rule *r, const spl_env *env, spl_sink *sink,
                             tr_error *err);

#endif
