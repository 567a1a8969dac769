/* spl_private.h - internals shared by the SPL engine's modules: the plan and its
 * stages, the command table row every cmd_*.c fills, and the parsing context a
 * command's parse function reads its arguments from.
 *
 * Ownership: everything a command allocates at parse time comes from the plan
 * arena (plan->mem) unless its free() says otherwise; run-time state that grows
 * (stats groups, sort buffers) is malloc'd and released by the command's free(). */
#ifndef TRAWL_SPL_PRIVATE_H
#define TRAWL_SPL_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/record.h"
#include "../util/arena.h"
#include "../util/error.h"
#include "spl.h"
#include "spl_commands.h"
#include "spl_lex.h"

typedef struct spl_stage spl_stage;
struct search_node;

enum { SPL_READS_UNLISTED = -1, SPL_READS_PASS = 0, SPL_READS_END = 1 };
typedef struct spl_parser spl_parser;

/* What a command's table row says about it: its name and how it runs.
 * Adding a command = one row in spl_commands.h + one cmd_*.c defining this. */
typedef struct spl_cmd {
    const char *name;
    /* How its arguments are tokenized (eval and where read expressions). */
    spl_lex_mode lex;
    /* Reads the arguments from ps, fills st->state; -1 with ps->err set on error. */
    int (*parse)(spl_stage *st, spl_parser *ps);
    /* Receives a record it may modify; passes it on with spl_stage_emit(). */
    void (*push)(spl_stage *st, record *r);
    /* Pure filters also answer on a const record, so the plan can test leading
     * filters before copying an event at all; NULL otherwise. */
    bool (*test)(spl_stage *st, const record *r);
    /* Commands that only read the record (stats) also take a const one, so the
     * plan hands them an event without copying it; NULL otherwise. */
    void (*consume)(spl_stage *st, const record *r);
    /* End of input: transforming commands emit what they hold; may be NULL. */
    void (*finish)(spl_stage *st);
    /* Releases malloc'd state; may be NULL. */
    void (*free)(spl_stage *st);
    /* Projection: adds the fields the stage reads from its input to proj. Returns
     * SPL_READS_UNLISTED when they cannot be listed (every field is then built),
     * SPL_READS_PASS when later stages see the same fields, SPL_READS_END when
     * they see only what the stage makes (stats, table). NULL: unlisted. */
    int (*fields_read)(const spl_stage *st, projection *proj);
    /* A search every event the stage uses satisfies, when it comes first after the
     * leading searches (tstats: its dataset's EventCodes and channels): the
     * predicate pushdown drops the other events before they are built. NULL: none. */
    const struct search_node *(*prefilter)(const spl_stage *st);
    /* How the stage relates to the order events arrive in (SPL_ORDER_* bits);
     * NULL: it passes records on in the order it gets them and keeps all. */
    unsigned (*order)(const spl_stage *st);
    bool transforming;   /* holds records until finish (ends head's early stop) */
} spl_cmd;

enum {
    SPL_ORDER_SENSITIVE = 1, /* which rows it keeps or makes depends on input order */
    SPL_ORDER_RESETS = 2,    /* its output order is its own (stats sorts by group) */
};

struct spl_stage {
    const spl_cmd *cmd;
    spl_plan *plan;
    size_t index;        /* position in plan->stages */
    void *state;         /* the command's own state */
    bool done;           /* head satisfied: later input is dropped */
};

/* A stretch of the expanded text that came from a macro or a comment, so that
 * positions map back to the text as written. */
typedef struct spl_span {
    size_t start, end;   /* offsets in the expanded text */
    const char *name;    /* macro name (malloc'd), NULL for a ```comment``` */
    bool top;            /* written in the search itself, not inside another macro */
    size_t orig_start;   /* top spans: the call or comment in the text as written */
    size_t orig_end;
} spl_span;

struct spl_plan {
    char *text;          /* expanded search (malloc'd) */
    char *source;        /* the search as written (malloc'd), for error positions */
    spl_env env;         /* copy of the caller's environment */
    spl_sink *sink;      /* where result rows go */
    spl_stage *stages;   /* malloc'd array */
    size_t nstages;
    arena mem;           /* parse-time allocations, freed with the plan */
    record work;         /* input events are copied here before modifying stages */
    const char **columns;/* known result columns (plan arena), or NULL */
    size_t ncolumns;
    bool columns_known;  /* false: rows decide the columns */
    bool done;           /* no more input needed */
    size_t first_transforming; /* index of the first transforming stage (nstages: none):
                                  a stage satisfied before it ends the input */
    bool finished;       /* spl_plan_finish ran */
    spl_span *spans;     /* macro spans (malloc'd) */
    size_t nspans;
};

/* Parsing context of one command. Tokens cover the arguments only. */
struct spl_parser {
    spl_plan *plan;
    const char *src;     /* the expanded search */
    spl_toks toks;       /* argument tokens, TK_EOF last */
    size_t pos;          /* next token */
    size_t args_off;     /* raw argument text src[args_off..args_end) */
    size_t args_end;
    const char *cmd_name;/* as the command table spells it */
    tr_error *err;
};

/* Limits that keep hostile searches bounded. */
enum {
    SPL_MAX_STAGES = 256,      /* commands in one pipeline */
    SPL_MAX_DEPTH = 64,        /* nesting of parentheses in search */
    SPL_MAX_MACRO_DEPTH = 32,  /* nested macro expansions */
    SPL_MAX_EXPANDED = 1 << 20,/* bytes of expanded search text */
};

/* --- spl_parse.c: parsing helpers for commands --- */
const spl_tok *spl_peek(spl_parser *ps);
const spl_tok *spl_next(spl_parser *ps);
/* At the end of the arguments (the TK_EOF sentinel every token list ends with). */
bool spl_at_end(spl_parser *ps);
/* Sets ps->err to the message with the position of offset off of the expanded
 * search (tr_error_render writes the position); returns -1. */
int spl_fail(spl_parser *ps, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "unsupported argument 'x' to 'cmd'". */
int spl_fail_arg(spl_parser *ps, const spl_tok *t);
/* "EXPECTED expected in 'cmd', got ..." */
int spl_fail_expected(spl_parser *ps, const spl_tok *t, const char *expected);
/* "')' expected to close '(' at column N, got ..." at t, the '(' at open_off. */
int spl_fail_unclosed(spl_parser *ps, const spl_tok *t, size_t open_off);
/* Index of the ')' closing the '(' at ps->toks.v[open], or 0 when none does. */
size_t spl_matching_paren(const spl_parser *ps, size_t open);
/* The eval expression inside the parentheses opening at token open of a command's
 * arguments (`count(eval(x=1))`, `startswith=eval(...)`): the text is read again in
 * expression mode, so quotes mean what they mean in eval, and ps moves past the
 * closing ')'. NULL with ps->err set. Freed with spl_expr_free. */
struct spl_expr *spl_parse_paren_expr(spl_parser *ps, size_t open);
/* The 1-based column (and line, 0 for a one-line search) in the search as
 * written of offset off of the expanded text, and the innermost macro it came
 * from (NULL when none). */
void spl_locate(const spl_plan *p, size_t off, long *line, long *column, const char **macro);
/* Line (0 when text is one line) and 1-based column of offset off in text. */
void spl_text_position(const char *text, size_t off, long *line, long *column);
/* A parser over ps's tokens [from, to) and an end token, to read part of a
 * command's arguments with another grammar; sub->toks.v is malloc'd (caller frees). */
void spl_sub_parser(const spl_parser *ps, size_t from, size_t to, spl_parser *sub);
/* A parser over the text of the quoted string token t (its quotes and escapes
 * resolved: `startswith="a=\"b\""` reads a="b"), lexed in mode. Positions of
 * errors found there are reported at t (spl_sub_relocate). -1 with ps->err. */
int spl_sub_string(spl_parser *ps, const spl_tok *t, spl_lex_mode mode, spl_parser *sub);
/* Moves an error a spl_sub_string parser reported to its string token t. */
void spl_sub_relocate(spl_parser *ps, const spl_tok *t);
/* Reads a field name (word or quoted string); NULL with error when absent. */
const char *spl_field_name(spl_parser *ps, const char *what);
/* Parses "key=value" options: when the next tokens are WORD(key) '=' value and key
 * matches one of keys (case-insensitive), returns its index and sets *val; else -1. */
int spl_option(spl_parser *ps, const char *const *keys, const spl_tok **val);
char *spl_pstrdup(spl_parser *ps, const char *s, size_t len);
/* A boolean option value: true/t/1 or false/f/0 (any case); false when neither. */
bool spl_parse_bool(const spl_tok *t, bool *out);
/* Moves an error whose err->column is an offset + 1 in the expanded text (set
 * by the lexer or the expression parser) to the search as written. */
void spl_error_relocate(const spl_plan *p, tr_error *err);

/* --- spl_plan.c: executor and column tracking --- */
void spl_stage_emit(spl_stage *st, record *r);
void spl_columns_unknown(spl_plan *p);
void spl_columns_set(spl_plan *p, const char *const *names, size_t n);
void spl_columns_add(spl_plan *p, const char *name);
void spl_columns_remove(spl_plan *p, const char *name);
void spl_columns_rename(spl_plan *p, const char *from, const char *to);
/* SPL ordering of two values: numbers numerically (and before strings), strings bytewise. */
int spl_compare(const char *a, size_t alen, const char *b, size_t blen);
/* Splits text at top-level '|' into [off,end) segments (malloc'd array). */
size_t spl_split_pipeline(const char *text, size_t **offs);

/* --- cmd_tstats.c --- */
struct dm_dataset;
/* The search ds's events satisfy (datamodel_search), parsed in the plan arena;
 * NULL when there is none (tstats, datamodel and from use it as prefilter). */
const struct search_node *spl_datamodel_prefilter(spl_parser *ps, const struct dm_dataset *ds);
/* --- spl_order.c --- */
/* Puts the newest-first stage where the plan's order-sensitive commands need it
 * (nothing when none does); mem is its memory budget in bytes, 0 for the default.
 * The stages array must have room for one more stage. */
void spl_order_plan(spl_plan *p, size_t mem);
/* --- cmd_eval.c: eval's assignments, also run by foreach --- */
typedef struct spl_evals spl_evals;
/* Parses `name=expr {, name=expr}` from ps (expression-mode tokens, to the end);
 * the list lives in mem, its trees until spl_eval_free. NULL with ps->err set. */
spl_evals *spl_eval_parse(spl_parser *ps, arena *mem);
size_t spl_eval_count(const spl_evals *e);
const char *spl_eval_target(const spl_evals *e, size_t i);
/* Applies the assignments to r in order (run-time errors leave null, reported once). */
void spl_eval_run(spl_evals *e, record *r, const spl_env *env);
void spl_eval_free(spl_evals *e);

/* cmd_head.c: N when st is a plain `head N`, else 0. */
size_t spl_head_limit(const spl_stage *st);

/* --- spl_macro.c --- */
/* As spl_expand_macros, also returning the spans that came from macros. */
char *spl_macro_expand(const char *text, const spl_env *env, spl_span **spans,
                       size_t *nspans, tr_error *err);

/* --- the command table rows, one per command of spl_commands.h (cmd_*.c) --- */
#define SPL_CMD_DECLARE(name, sym) extern const spl_cmd spl_cmd_##sym;
SPL_COMMANDS(SPL_CMD_DECLARE)
#undef SPL_CMD_DECLARE

#endif
