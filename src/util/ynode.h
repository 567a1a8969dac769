/* ynode.h - YAML text to a small node tree, for content and Sigma rule files. Built
 * from libyaml's event stream so nesting depth is checked as it grows (never
 * recursion on input) and aliases are refused (a walk over shared nodes could blow
 * up exponentially). Files are a few KiB, so a tree per file in an arena is cheap.
 *
 * Ownership: every node and string lives in the arena given to ynode_parse. */
#ifndef TRAWL_YNODE_H
#define TRAWL_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"

#define YNODE_MAX_DEPTH 64   /* YAML nesting deeper than this is an error */

typedef enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP } ynode_kind;

typedef struct ynode {
    ynode_kind kind;
    long line;             /* 1-based line where the node starts */
    long column;           /* 1-based column where the node starts */
    const char *str;       /* scalar text, NUL-terminated; NULL for a YAML null */
    size_t len;            /* length of str */
    bool plain;            /* scalar written unquoted (numbers, true/false are plain) */
    struct ynode *first;   /* children; a map's children alternate key, value */
    struct ynode *last;    /* last child, for appending while building */
    struct ynode *next;    /* next sibling; for document roots, the next document */
} ynode;

/* Parses buf into a tree allocated from a. Returns 0 with *root (NULL for an empty
 * stream), or -1 with "FILE:LINE: YAML error: ..." in err. With all_documents
 * false only the first document is read; with it true, the roots of the documents
 * are chained through ->next (an empty document gives a null scalar). */
int ynode_parse(const char *buf, size_t len, const char *file, bool all_documents, arena *a,
                ynode **root, tr_error *err);
/* Value of key in a mapping, or NULL (also when map is not a mapping). */
const ynode *ynode_get(const ynode *map, const char *key);
/* Scalar text or NULL (not a scalar, or null). */
const char *ynode_str(const ynode *n);
/* Number of children of a sequence (pairs of a mapping), 0 for a scalar. */
size_t ynode_count(const ynode *n);

#endif
