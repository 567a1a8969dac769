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
#include "../event/pushdown.h"
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
    bool trace_files;                   /* results keep the trace fields of their events
                                           (spl_trace.h): table and fields keep them,
                                           aggregated rows list their source files */
    bool trace_events;                  /* aggregated rows also count their events and
                                           list the first as FILE:RECORD (--trace) */
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
 * passes when any plan may keep it. The test is the readers' pushdown handle
 * (event/pushdown.h: they ask it through pushdown_match() and its kin). The pushdown
 * borrows the plans' parse trees: free it before the plans. */

/* A pushdown testing nothing yet (inactive). */
pushdown *spl_pushdown_new(void);
/* ORs in the events plan p may keep; a plan that may keep any event turns it off.
 * pd comes from spl_pushdown_new(). */
void spl_pushdown_add(pushdown *pd, const spl_plan *p);
void spl_pushdown_free(pushdown *pd);

/* ---- plans with stages built outside SPL (spl_external.c) ----
 * Another rule language (Sigma, src/sigma/) compiles into the same plan type: an SPL
 * head (a search the pushdown and projection understand), then stages it builds
 * itself, then optionally an SPL tail. An external stage is a vtable mirroring the
 * engine's own command rows; ctx is the stage's state, owned by the plan from
 * spl_external_compile on (ops->free releases it, also when compiling fails). */
typedef struct spl_stage spl_stage;   /* opaque here: a handle to emit records with */

/* How a stage relates to the order events arrive in (as the engine's own stages;
 * with spl_env.read_order the plan reorders events newest first where it matters): */
enum {
    SPL_EXTERNAL_ORDER_SENSITIVE = 1, /* which rows it keeps or makes depends on input order */
    SPL_EXTERNAL_ORDER_RESETS = 2,    /* its output order is its own (it sorts) */
};

/* What fields_read answers (as the engine's own stages): */
enum {
    SPL_EXTERNAL_READS_UNLISTED = -1, /* cannot list them: every field is built */
    SPL_EXTERNAL_READS_PASS = 0,      /* later stages see the same fields */
    SPL_EXTERNAL_READS_END = 1,       /* later stages see only what this stage makes */
};

typedef struct spl_stage_ops {
    const char *name;          /* shown in messages and --explain */
    /* Pure filter on a const record (the plan tests it before copying an event);
     * NULL when the stage is not one. */
    bool (*test)(void *ctx, const record *r);
    /* Receives a record it may modify; passes records on with spl_external_emit.
     * NULL: consume is called instead. */
    void (*push)(void *ctx, spl_stage *st, record *r);
    /* Reads a const record (no copy of the event is made for it); may emit
     * records of its own. NULL: push is called. One of test/push/consume is set. */
    void (*consume)(void *ctx, spl_stage *st, const record *r);
    /* End of input: stateful stages emit what they hold. May be NULL. */
    void (*finish)(void *ctx, spl_stage *st);
    /* Releases ctx. May be NULL. */
    void (*free)(void *ctx);
    /* Adds the fields the stage reads to proj; returns SPL_EXTERNAL_READS_*.
     * NULL: unlisted. */
    int (*fields_read)(const void *ctx, projection *proj);
    unsigned order;            /* SPL_EXTERNAL_ORDER_* bits; 0: passes records on in
                                  the order it gets them */
    bool transforming;         /* holds records until finish (stops head's early end) */
} spl_stage_ops;

typedef struct spl_external_stage {
    const spl_stage_ops *ops;
    void *ctx;
    /* Result columns from this stage on (copied), or NULL when the stage keeps its
     * input's columns (a filter). */
    const char *const *columns;
    size_t ncolumns;
} spl_external_stage;

/* Compiles head (SPL, macros expanded, its own leading search as usual), appends
 * stages[0..n), then tail (SPL commands without a leading '|', or NULL). The plan
 * owns every stage ctx from here on, also when NULL is returned with err set.
 * Result columns: the tail's when it fixes them, else the last external stage's
 * that names some. With env->read_order, the one ordering stage goes where the whole
 * plan needs it (after the leading filters, external ones included). */
spl_plan *spl_external_compile(const char *head, const spl_external_stage *stages, size_t n,
                               const char *tail, const spl_env *env, spl_sink *sink,
                               tr_error *err);
/* Passes r on to the stage after st (or the sink). */
void spl_external_emit(spl_stage *st, record *r);

#endif
