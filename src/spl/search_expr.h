/* search_expr.h - the search command's boolean language: bare terms (matched against
 * _raw), field=value tests with * wildcards, != < <= > >=, IN lists, NOT, OR, AND and
 * parentheses, with Splunk's precedence (OR binds tighter than AND, explicit or
 * implicit), and eventtype=NAME expanded from the built-in eventtype table.
 *
 * Nodes live in the plan arena and are freed with it. */
#ifndef TRAWL_SEARCH_EXPR_H
#define TRAWL_SEARCH_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include "../event/record.h"
#include "spl_private.h"

typedef struct search_node search_node;

/* Parses ps's remaining tokens (all of them) as a search. An empty search matches
 * everything. Returns NULL with ps->err set. */
search_node *search_expr_parse(spl_parser *ps);

/* True when r satisfies the search. */
bool search_expr_match(const search_node *n, const record *r);

/* Adds the fields the search reads to proj (_raw for bare terms); false when
 * some cannot be named (a wildcard field name). */
bool search_expr_fields(const search_node *n, projection *proj);

/* Wildcard match of s against pat where '*' matches any run of bytes; fold_case
 * compares ASCII letters case-insensitively. Iterative: O(len(pat) * len(s)) worst. */
bool search_glob(const char *pat, size_t plen, const char *s, size_t slen, bool fold_case);

/* Read-only view of one node, for the planner's predicate pushdown (spl_pushdown.c). */
typedef struct search_node_view {
    int kind;                 /* SEARCH_VIEW_* */
    spl_tok_kind op;          /* CMP: TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE */
    const char *field;        /* CMP field name (not NUL-terminated) */
    size_t field_len;
    bool field_wild;          /* field holds '*' */
    const char *value;        /* CMP / TERM pattern */
    size_t value_len;
    bool is_num;              /* value is a number (num) */
    double num;
    search_node *const *kids; /* AND / OR / NOT children */
    size_t nkids;
} search_node_view;
enum { SEARCH_VIEW_ALL, SEARCH_VIEW_AND, SEARCH_VIEW_OR, SEARCH_VIEW_NOT, SEARCH_VIEW_CMP,
       SEARCH_VIEW_TERM };
void search_expr_view(const search_node *n, search_node_view *out);
/* A comparison (op against the pattern pat, a number when is_num) on one value s:
 * = and != by number when both are numbers, else a case-insensitive wildcard match
 * (!= negates it per field, not here); < <= > >= in SPL's order. */
bool search_value_matches(spl_tok_kind op, bool is_num, double num, const char *pat,
                          size_t plen, const char *s, size_t len);

#endif
