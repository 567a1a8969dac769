/* expr.h - SPL eval expressions: the language of `eval` and `where` (arithmetic,
 * `.` concatenation, comparisons, AND/OR/NOT/XOR, function calls such as if, case,
 * coalesce, match, strftime). Parsed once into a tree, evaluated per record.
 *
 * Ownership: spl_expr_parse returns a tree freed by spl_expr_free. Values produced
 * by spl_expr_eval point into the record or into the scratch arena, valid until
 * either is reset. */
#ifndef TRAWL_EXPR_H
#define TRAWL_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/record.h"
#include "../util/arena.h"
#include "../util/error.h"
#include "spl.h"

typedef enum spl_value_kind {
    SPL_NULL,      /* absent field or null() */
    SPL_NUM,       /* number */
    SPL_STR,       /* string (may look numeric: field values are strings) */
    SPL_BOOL,      /* result of a comparison or logical operator */
    SPL_MV,        /* multivalue: mv[0..nmv) */
} spl_value_kind;

typedef struct spl_value {
    spl_value_kind kind;
    double num;        /* SPL_NUM; SPL_BOOL as 0/1 */
    sv str;            /* SPL_STR */
    bool text;         /* SPL_STR that is a string by type (a literal, tostring(), '.'):
                          '+' concatenates it even when it looks like a number, as
                          Splunk types such values; field values are read as numbers */
    const sv *mv;      /* SPL_MV */
    size_t nmv;
} spl_value;

typedef struct spl_expr spl_expr;

/* Parses the expression at ps's next token (expression-mode tokens, spl_lex
 * SPL_LEX_EXPR). It must run to the end of the tokens, or with stop_at_comma to a
 * top-level ',' (eval's assignment separator), where ps is left. Errors go
 * through spl_fail (positions in the search as written). Unknown functions fail:
 * "unsupported SPL function 'f'". */
struct spl_parser;
spl_expr *spl_expr_parse_tokens(struct spl_parser *ps, bool stop_at_comma);
/* The same on its own text src[0..len) (tests, fuzzing): err->column is 1-based in
 * src; *consumed (may be NULL) receives the bytes used. */
spl_expr *spl_expr_parse(const char *src, size_t len, bool stop_at_comma, size_t *consumed,
                         tr_error *err);
void spl_expr_free(spl_expr *e);

/* Adds the fields e reads to proj (every field name it names). */
void spl_expr_fields(const spl_expr *e, projection *proj);

/* Evaluates e against r. Returns 0, or -1 with err on a run-time error. */
int spl_expr_eval(const spl_expr *e, const record *r, const spl_env *env, arena *scratch,
                  spl_value *out, tr_error *err);

/* where's rule: true only for a true boolean, a non-zero number or non-empty string. */
bool spl_value_truthy(const spl_value *v);
/* Writes v into r as field name: NULL removes the field, numbers are formatted
 * with num_format, multivalue stays multivalue. */
void spl_value_store(record *r, const char *name, const spl_value *v);

#endif
