/* content.h - detection content: detections, macros and stories, loaded from
 * security_content-style directories (detections/ (recursive), macros/,
 * stories/), from the built-in pack compiled into trawl, and from user macro
 * overrides (--macro NAME=DEF, --macros FILE as a YAML list or Splunk macros.conf).
 *
 * Ownership: a content set owns every string in it; everything is freed by
 * content_free(). Later definitions replace earlier ones with the same name (and
 * argument count for macros), so load order is: built-in, --content dirs, then
 * user overrides. */
#ifndef TRAWL_CONTENT_H
#define TRAWL_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "../spl/spl.h"
#include "../util/error.h"

typedef struct risk_object {
    char *field;          /* result field holding the object, e.g. "dest" */
    char *type;           /* "system", "user", "other" (rba) or observable type */
    int score;            /* risk score for this object */
} risk_object;

typedef struct detection_test_data {
    char *data;           /* URL or path of the attack data file */
    char *source;
    char *sourcetype;
} detection_test_data;

typedef struct detection_test {
    char *name;
    detection_test_data *attack_data;
    size_t nattack_data;
    bool expect_no_results;  /* `expect: no_results` (trawl's key): a negative test,
                                passing when the search gives no row */
} detection_test;

typedef struct detection {
    char *id;
    char *name;            /* "Windows IIS Components Module Failed to Load" */
    char *slug;            /* "windows_iis_components_module_failed_to_load" */
    char *type;            /* TTP, Anomaly, Hunting, Correlation, ... */
    char *status;          /* production, experimental, deprecated, ...; NULL if unset */
    char *description;
    char *search;          /* SPL as written, macros unexpanded */
    char *risk_message;    /* with $field$ placeholders, may be NULL */
    int risk_score;        /* 0 when the detection defines no risk */
    risk_object *risk_objects;
    size_t nrisk_objects;
    char **mitre_attack;   /* technique ids */
    size_t nmitre_attack;
    char **stories;        /* analytic story names */
    size_t nstories;
    char **data_sources;   /* data_source: "Windows Event Log Security 4688", ... */
    size_t ndata_sources;
    char **tags;           /* what --tag matches: the analytic stories, ATT&CK ids,
                              asset_type, security_domain, cve and group of tags: */
    size_t ntags;
    detection_test *tests;
    size_t ntests;
    char *origin;          /* file the detection came from, "builtin:..." for the pack */
} detection;

typedef struct story {
    char *id;
    char *name;
    char *description;
    char *origin;
} story;

typedef struct content {
    detection *detections;
    size_t ndetections, detections_cap;
    spl_macro *macros;     /* strings owned by the content set */
    size_t nmacros, macros_cap;
    story *stories;
    size_t nstories, stories_cap;
    spl_macro **filter_macros;  /* "<slug>_filter" defaults made by content_lookup_macro,
                                   each allocated alone so returned pointers never move */
    size_t nfilter_macros, filter_macros_cap;
    bool strict;           /* set before loading: a content file that fails to load
                              fails the whole load; otherwise it is reported on
                              stderr ("FILE:LINE: ..."), skipped and counted */
    size_t broken;         /* content files reported and skipped */
} content;

void content_init(content *c);
void content_free(content *c);

/* Loads the built-in pack. Returns 0 or -1 with err. */
int content_load_builtin(content *c, tr_error *err);
/* Loads a security_content-style directory, or one YAML file holding a detection
 * (a 'search'), a macro (a 'definition') or a story (a 'narrative'). A file of the
 * directory that fails to read or parse is reported naming file and line and
 * skipped (c->broken), or fails the load with c->strict; so does a named file.
 * Returns -1 with err only when nothing can be loaded from path (missing, not a
 * content directory) or under c->strict. */
int content_load_path(content *c, const char *path, tr_error *err);
/* "NAME=DEFINITION" or "NAME(ARG1,ARG2)=DEFINITION". */
int content_add_macro_arg(content *c, const char *spec, tr_error *err);
/* YAML list of macros (security_content shape) or macros.conf stanzas. */
int content_load_macros_file(content *c, const char *path, tr_error *err);

/* Lookup by slug, name (case-insensitive) or id. NULL when unknown. */
const detection *content_find_detection(const content *c, const char *key);
const story *content_find_story(const content *c, const char *name);
/* Fits spl_macro_lookup_fn with ctx = the content set. A detection's
 * "<slug>_filter" macro resolves to "search *" when nobody defined it, as
 * Splunk's contentctl generates it. */
const spl_macro *content_lookup_macro(void *c, const char *name, size_t name_len, size_t nargs);

#endif
