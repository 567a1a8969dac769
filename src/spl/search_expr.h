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

/* Wildcard match of s against pat where '*' matches any run of bytes; fold_case
 * compares ASCII letters case-insensitively. Iterative: O(len(pat) * len(s)) worst. */
bool search_glob(const char *pat, size_t plen, const char *s, size_t slen, bool fold_case);

#endif
