/* sigma_private.h - internals shared by the Sigma layer's modules: the logsource table
 * row, compiled values, items, searches and conditions, and the limits that keep
 * hostile rule files bounded.
 *
 * Ownership: everything compiled for one detection lives in its arena (det->mem) and
 * its regexes in det->regexes, all released by sigma_detection_free. Nodes of the
 * YAML tree (ynode.h) are read while compiling and never kept. */
#ifndef TRAWL_SIGMA_PRIVATE_H
#define TRAWL_SIGMA_PRIVATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../event/projection.h"
#include "../event/record.h"
#include "../util/arena.h"
#include "../util/ynode.h"
#include "sigma.h"

/* Limits that keep hostile rules bounded (each refusal names the rule). */
enum {
    SIGMA_MAX_FILE = 1 << 20,       /* bytes of one rule file */
    SIGMA_MAX_DOCUMENTS = 256,      /* YAML documents in one file */
    SIGMA_MAX_COND_DEPTH = 64,      /* nesting of parentheses and not in a condition */
    SIGMA_MAX_COND_LEN = 8192,      /* bytes of one condition */
    SIGMA_MAX_SEARCHES = 512,       /* search identifiers of one detection */
    SIGMA_MAX_VALUES = 65536,       /* patterns of one detection after expansion */
    SIGMA_MAX_VALUE_LEN = 65536,    /* bytes of one value */
    SIGMA_MAX_ITEM_BYTES = 4 << 20, /* bytes of one item's values after expansion */
    SIGMA_MAX_PLACEHOLDER_VALUES = 4096,
    SIGMA_MAX_CORR_RULES = 64,      /* rules one correlation refers to */
    SIGMA_MAX_CORR_DEPTH = 8,       /* correlations of correlations */
};

/* ---- the logsource table (sigma_logsource.c) ---- */

/* A field the source names differently from the Sigma taxonomy (Sysmon names). */
typedef struct sigma_rename {
    const char *sigma;         /* name in the rule */
    const char *event;         /* name in trawl's event */
} sigma_rename;

struct sigma_source {
    const char *category;      /* NULL for a service row */
    const char *service;       /* the service this row reads (sysmon, security, ...) */
    const char *channels[5];   /* NULL-terminated; none: any channel */
    int eventids[16];          /* 0-terminated; none: any EventID */
    const char *cond_field;    /* one more condition, e.g. EventType, or NULL */
    const char *cond_values[3];/* ... any of these values (NULL-terminated) */
    const sigma_rename *renames;  /* NULL-terminated (sigma == NULL), may be NULL */
    /* When set, the only event-data fields the source has (Sigma names): a rule
     * testing another field does not read this source, since there the field is
     * always absent and the rule would mean something else. */
    const char *const *fields_only;
};

/* Rows for a logsource (product windows). Returns how many were found (at most max);
 * 0 with *why set when the logsource is unknown or not a Windows one. */
size_t sigma_logsource_lookup(const char *product, const char *category, const char *service,
                              const sigma_source **out, size_t max, const char **why);
/* The event field for a Sigma field name on src (System names like Provider_Name
 * included); the name itself when nothing renames it. */
const char *sigma_logsource_field(const sigma_source *src, const char *name);
/* False when src cannot provide the Sigma field (see fields_only). */
bool sigma_logsource_has_field(const sigma_source *src, const char *name);
/* True when the event comes from src (Channel, EventID, the extra condition). */
bool sigma_logsource_admits(const sigma_source *src, const record *ev);
/* The whole table (for the test that holds docs/sigma.md to it). */
size_t sigma_logsource_rows(const sigma_source **rows);
/* Appends src as an SPL search condition ("(Channel=... EventCode IN (...))") to
 * buf (malloc'd, grown); the whole product when src has no channel: "*". */
void sigma_logsource_spl(const sigma_source *src, char **buf, size_t *len, size_t *cap);

/* ---- compiled values (sigma_modifier.c builds them, sigma_match.c tests them) ---- */

typedef enum sigma_value_kind {
    SV_GLOB,       /* wildcard pattern (exact, prefix, suffix, contains or general) */
    SV_REGEX,      /* PCRE2 */
    SV_CIDR,       /* network, v4 or v6 */
    SV_NUMBER,     /* lt/lte/gt/gte */
    SV_FIELDREF,   /* equal (or contains, ...) to another field of the event */
    SV_TIMEPART,   /* minute/hour/.../year of a date value, compared as a number */
} sigma_value_kind;

typedef enum sigma_glob_shape {
    GLOB_EXACT, GLOB_PREFIX, GLOB_SUFFIX, GLOB_CONTAINS, GLOB_ANY, GLOB_GENERAL,
} sigma_glob_shape;

enum { GW_LIT = 0, GW_STAR = 1, GW_QMARK = 2 };
typedef enum sigma_cmp { CMP_EQ, CMP_LT, CMP_LTE, CMP_GT, CMP_GTE } sigma_cmp;

typedef struct sigma_value {
    sigma_value_kind kind;
    uint32_t group;            /* values from one YAML value share a group: any of them
                                  matches it (windash, base64offset variants) */
    bool cased;                /* compare case-sensitively (glob, fieldref) */
    /* SV_GLOB: bytes (lowercased unless cased) and what each byte is (GW_*). For the
     * simple shapes, lit/lit_len is the literal part alone. */
    sigma_glob_shape shape;
    const char *pat;
    const uint8_t *wild;
    size_t pat_len;
    const char *lit;
    size_t lit_len;
    /* SV_REGEX */
    pcre2_code *re;
    pcre2_match_data *md;
    /* SV_CIDR */
    int family;                /* 4 or 6 */
    uint8_t net[16];
    unsigned prefix;           /* bits */
    /* SV_NUMBER and SV_TIMEPART */
    sigma_cmp cmp;
    double num;
    int timepart;              /* SV_TIMEPART: 0 minute 1 hour 2 day 3 week 4 month 5 year */
    /* SV_FIELDREF: the other field (event name); the shape says how it compares */
    const char *ref;
    const char *text;          /* the value as written, for messages */
} sigma_value;

typedef enum sigma_item_kind {
    ITEM_VALUES,   /* the field (or, for keywords, any field) matches the values */
    ITEM_EXISTS,   /* |exists: the field is there (want) or not */
    ITEM_NULL,     /* null: the field is absent or empty */
} sigma_item_kind;

typedef struct sigma_item {
    sigma_item_kind kind;
    const char *field;         /* event field name; NULL: keywords (every value) */
    const char *sigma_field;   /* as the rule names it (result column), NULL: keywords */
    sigma_value *values;
    size_t nvalues;
    uint32_t ngroups;
    bool all;                  /* every group must match (|all), else any */
    bool neq;                  /* |neq: the field is there and no value matches */
    bool exists;               /* ITEM_EXISTS: wanted presence */
} sigma_item;

/* One map of field items (ANDed). */
typedef struct sigma_map {
    sigma_item *items;         /* all must hold */
    size_t nitems;
} sigma_map;

/* A search identifier: a list of maps (ORed); a plain map is a list of one. */
typedef struct sigma_search {
    const char *name;          /* the identifier, as the condition names it */
    sigma_map *maps;           /* any may hold */
    size_t nmaps;
} sigma_search;

typedef enum sigma_cond_op { C_AND, C_OR, C_NOT, C_REF, C_TRUE, C_FALSE } sigma_cond_op;

/* The condition as a tree over search indices ("1 of x*" is an OR of refs). */
typedef struct sigma_cond {
    sigma_cond_op op;
    size_t search;             /* C_REF */
    struct sigma_cond **kids;  /* C_AND, C_OR, C_NOT (one kid) */
    size_t nkids;
} sigma_cond;

/* Searches and the condition over them. */
typedef struct sigma_logic {
    sigma_search *searches;    /* the search identifiers, in the order written */
    size_t nsearches;
    sigma_cond *cond;          /* over indices into searches */
} sigma_logic;

/* The rule compiled for one logsource row (field names differ between rows). */
typedef struct sigma_variant {
    const sigma_source *src;   /* the logsource row (table entry, static) */
    sigma_logic main;          /* the rule's detection */
    sigma_logic *filters;      /* global filters: an event matching one is dropped */
    size_t nfilters;
} sigma_variant;

struct sigma_detection {
    arena mem;                 /* everything below */
    sigma_variant *variants;
    size_t nvariants;
    pcre2_code **regexes;      /* compiled regexes and match data, freed with it */
    pcre2_match_data **mds;
    size_t nregexes, regexes_cap, mds_cap;
    bool keywords;             /* some search matches every field (projection: all) */
};

/* ---- sigma_cond.c ---- */
/* Parses condition text over the search names. Returns the tree (in a) or NULL
 * with *why (static text or in a) saying what is wrong. */
sigma_cond *sigma_cond_parse(const char *text, const sigma_search *searches, size_t n,
                             arena *a, const char **why);

/* ---- sigma_modifier.c ---- */
/* Builds item from a field key ("Field|mod|mod", or "|mod" for keywords) and its
 * YAML value(s) for source src. Returns 0, or -1 with *why naming what is not
 * supported (the rule is then skipped). */
int sigma_modifier_item(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                        const char *key, const ynode *value, sigma_item *item, const char **why);
/* Frees det->mem and its regexes (det itself too). */
void sigma_detection_free(sigma_detection *det);

/* ---- sigma_match.c ---- */
bool sigma_match_logic(const sigma_logic *l, const record *ev);
/* Picks the variant whose source admits ev (the only one when there is one) and
 * tests it: main condition and no filter. */
bool sigma_match_detection(const sigma_detection *det, const record *ev);
/* Adds the event fields det reads to proj; false when every field is needed. */
bool sigma_match_fields(const sigma_detection *det, projection *proj);
/* Case-insensitive (ASCII) or exact comparison used by values and fieldrefs. */
bool sigma_match_value(const sigma_value *v, const record *ev, const char *s, size_t len);

/* ---- sigma_load.c ---- */
/* Frees a rule and all it owns. */
void sigma_rule_free(sigma_rule *r);
void sigma_set_skip(sigma_set *s, const char *origin, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- sigma_detection.c ---- */
/* Compiles the detection section for the rule's sources. Returns NULL with *why. */
sigma_detection *sigma_detection_compile(const sigma_set *set, const ynode *section,
                                         const sigma_source *const *sources, size_t nsources,
                                         char ***fields, size_t *nfields, const char **why);
/* Compiles a global filter's selection and condition into every variant of det;
 * variants whose source lacks a field the filter tests are dropped. Returns 0, or
 * -1 with *why (then det may be left without variants). */
int sigma_detection_add_filter(sigma_detection *det, const sigma_set *set,
                               const ynode *filter, const char **why);

/* ---- placeholders (sigma_load.c) ---- */
struct sigma_placeholder {
    char *name;                /* without the % signs */
    char **values;             /* Sigma strings (wildcards and escapes apply) */
    size_t nvalues;
};
const sigma_placeholder *sigma_placeholder_find(const sigma_set *s, const char *name,
                                                size_t len);

/* ---- filters (sigma_filter.c) ---- */
struct sigma_filter {
    char *title;               /* for the skip report */
    char *origin;              /* FILE or FILE:LINE */
    char **rules;              /* ids or names of the rules it applies to */
    size_t nrules;
    arena mem;                 /* the YAML tree of the filter section, kept until finish */
    const ynode *filter;       /* the `filter:` mapping (selection(s) and condition) */
};
/* Reads a filter document; records a skip when it is malformed. */
void sigma_filter_load(sigma_set *s, const ynode *doc, const char *origin);
/* Applies every filter to the rules it names (at sigma_set_finish). */
void sigma_filter_apply(sigma_set *s);
void sigma_filter_free(sigma_filter *f);

/* ---- sigma_plan.c ---- */
/* Sets sigma_title, sigma_id, sigma_level, sigma_tags of a result row. */
void sigma_plan_rule_fields(record *row, const sigma_rule *r);

/* ---- correlations (sigma_correlation.c) ---- */
/* Reads a correlation document into r->correlation; -1 with *why. */
int sigma_correlation_load(sigma_rule *r, const ynode *corr, const char **why);
/* Resolves rule references (ids, names) against the set; -1 with *why. */
int sigma_correlation_resolve(sigma_set *s, sigma_rule *r, const char **why);
/* Marks the rules a resolved correlation uses (referenced, generate). */
void sigma_correlation_mark(sigma_rule *r);
void sigma_correlation_free(sigma_correlation *c);
/* The plan stage of a correlation rule (spl.h external stage). */
void sigma_correlation_stage(const sigma_rule *r, spl_external_stage *out);
/* The result columns of a correlation's rows (pointers into the rule). */
size_t sigma_correlation_columns(const sigma_rule *r, const char **cols, size_t max);
/* The logsource rows a correlation reads (union of its rules'), for the SPL head. */
size_t sigma_correlation_sources(const sigma_rule *r, const sigma_source **out, size_t max);

#endif
