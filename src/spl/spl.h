/* spl.h - public face of the SPL engine: compile a search string (macros expanded)
 * into a plan, push events through it, receive result rows in a sink.
 *
 * Pipeline model: push-based. Each command stage receives records one at a time;
 * streaming commands (search, where, eval, rename, fields, table, convert, rex,
 * fillnull, head, dedup) pass them on at once, transforming ones (stats, sort)
 * hold state until spl_plan_finish(). A plan is single-threaded; its memory comes
 * from one arena freed by spl_plan_free(). */
#ifndef TRAWL_SPL_H
#define TRAWL_SPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../event/projection.h"
#include "../event/record.h"
#include "../util/error.h"

/* A macro as the engine needs it; nargs == 0 for plain macros. Splunk names a
 * macro with arguments "name(N)"; lookups pass name and nargs separately. */
typedef struct spl_macro {
    const char *name;
    size_t nargs;
    const char *const *args;   /* argument names, substituted as $arg$ */
    const char *definition;
    const char *origin;        /* "file:line" for messages, may be NULL */
} spl_macro;

/* Returns the macro or NULL when unknown. */
typedef const spl_macro *(*spl_macro_lookup_fn)(void *ctx, const char *name, size_t name_len,
                                                 size_t nargs);

typedef struct spl_env {
    spl_macro_lookup_fn lookup_macro;   /* may be NULL: every macro is unknown */
    void *macro_ctx;
    const char *tz;                     /* time zone for convert/strftime; NULL = UTC */
    double now;                         /* epoch seconds for now(), fixed per run */
    bool read_order;                    /* events are pushed in the order they were read:
                                           plans put them newest first where it matters,
                                           as Splunk delivers them (docs/spl.md). false:
                                           the caller pushes them in Splunk's order */
    size_t order_memory;                /* bytes of events a plan holds to order them
                                           before spilling to temporary files; 0: 64 MiB */
} spl_env;

/* Where results go. row() receives each result; the record is reused after return. */
typedef struct spl_sink {
    void (*row)(struct spl_sink *self, const record *row);
    void *ctx;
} spl_sink;

typedef struct spl_plan spl_plan;

/* Expands macros into a new malloc'd string (caller frees), or NULL with err set.
 * err->column points into the original text. */
char *spl_expand_macros(const char *text, const spl_env *env, tr_error *err);

/* Compiles text (macros expanded here) into a plan writing to sink.
 * Returns NULL with err set: err->msg says what is wrong ("unsupported SPL command
 * 'foo'"), err->line/column/macro where, in text as written; tr_error_render
 * writes both out. */
spl_plan *spl_compile(const char *text, const spl_env *env, spl_sink *sink, tr_error *err);
/* Feeds one event. Returns 0, or 1 once the plan needs no more input (head). */
int spl_plan_push(spl_plan *p, const record *ev);
/* Ends input: transforming commands emit their rows to the sink. */
void spl_plan_finish(spl_plan *p);
void spl_plan_free(spl_plan *p);

/* Result columns when the pipeline fixes them (after stats, table, fields +),
 * tracked through later rename/eval/fields; NULL when rows decide (raw events). */
const char *const *spl_plan_columns(const spl_plan *p, size_t *ncolumns);

/* Projection: adds to proj the event fields the plan reads - those the stages up
 * to the first one that transforms or keeps only named fields (stats, table)
 * look at. Every field when a stage cannot list what it reads, or when events
 * themselves reach the sink. */
void spl_plan_fields(const spl_plan *p, projection *proj);

/* The expanded search text the plan runs (for --explain and messages). */
const char *spl_plan_text(const spl_plan *p);

/* The SPL commands trawl runs, by index from 0 (NULL past the last), and the eval
 * functions likewise: what docs/spl.md must list. */
const char *spl_command_name(size_t i);
const char *spl_eval_function_name(size_t i);

/* ---- plan index (spl_index.c) ----
 * Which plans may keep an event, by a lookup on its EventCode instead of running
 * every plan's search: plans are filed under the EventCode values their leading
 * search requires, or under "any". Conservative: a plan left out of an event's
 * candidates could not have kept it. Plans are numbered 0, 1, ... in the order
 * added; the index borrows nothing from them after spl_index_add. */
typedef struct spl_index spl_index;
spl_index *spl_index_new(void);
void spl_index_add(spl_index *ix, const spl_plan *p);
size_t spl_index_plans(const spl_index *ix);
/* The numbers of the plans that may keep ev, ascending, into out (room for
 * spl_index_plans entries); mark is scratch of (plans + 63) / 64 words. */
size_t spl_index_candidates(const spl_index *ix, const record *ev, uint64_t *mark,
                            uint32_t *out);
void spl_index_free(spl_index *ix);

/* ---- predicate pushdown (spl_pushdown.c) ----
 * The leading `search` stages of a plan, after macro and eventtype expansion, give a
 * conservative test readers apply to an event's System values before building it:
 * it may pass events the search rejects, never drops one it would keep. Atoms on
 * EventCode/EventID, Channel, Computer (host, dest, dvc), provider Name, source and
 * sourcetype (through the channel they name) are decided; any other condition is
 * "unknown" and lets the event through (three-valued logic). Several plans: an event
 * passes when any plan may keep it. The pushdown borrows the plans' parse trees:
 * free it before the plans. */
typedef struct spl_pushdown spl_pushdown;

enum { SPL_SYS_EVENTID = 1, SPL_SYS_CHANNEL = 2, SPL_SYS_COMPUTER = 4, SPL_SYS_PROVIDER = 8 };

/* What a reader knows of an event before building it (UTF-8, NULL when absent). */
typedef struct spl_sysvals {
    const char *eventid;       /* <EventID> text */
    size_t eventid_len;
    const char *channel;       /* <Channel> text */
    size_t channel_len;
    const char *computer;      /* <Computer> text */
    size_t computer_len;
    const char *provider;      /* <Provider Name=...> */
    size_t provider_len;
    const char *source;        /* --source override, NULL: derived from the channel */
    const char *sourcetype;    /* --sourcetype override, NULL: derived */
    unsigned unknown;          /* SPL_SYS_* values not looked at yet: tests on them are
                                  unknown (a reader may test the cheap ones first) */
} spl_sysvals;

spl_pushdown *spl_pushdown_new(void);
/* ORs in the events plan p may keep; a plan that may keep any event turns it off. */
void spl_pushdown_add(spl_pushdown *pd, const spl_plan *p);
/* True when the test can drop events at all (else readers skip probing). */
bool spl_pushdown_active(const spl_pushdown *pd);
/* The System values the test reads (SPL_SYS_* bits); readers need capture no other. */
unsigned spl_pushdown_needs(const spl_pushdown *pd);
/* True when an EventData/UserData field of this name (as written in the event: it
 * is cleaned as winevent cleans field names) would add values to a field this test
 * decides from System values: readers must then pass the event untested. */
bool spl_pushdown_shadows(const spl_pushdown *pd, const char *name, size_t len);
/* A number no other pushdown of this run has: keys what readers remember of
 * spl_pushdown_shadows() answers (0 for NULL). */
unsigned spl_pushdown_id(const spl_pushdown *pd);
/* False only when no plan can keep an event with these System values. */
bool spl_pushdown_match(const spl_pushdown *pd, const spl_sysvals *v);
void spl_pushdown_free(spl_pushdown *pd);

#endif
