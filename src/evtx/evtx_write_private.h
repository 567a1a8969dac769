/* evtx_write_private.h - what the writer's modules share: a growable byte buffer,
 * the event tree parsed from XML (evtx_write_tree.c) and typed value encoding
 * (evtx_write_value.c). The tree lives in an arena owned by the caller, reset per event. */
#ifndef TRAWL_EVTX_WRITE_PRIVATE_H
#define TRAWL_EVTX_WRITE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/error.h"

/* Limits on input so a hostile event cannot exhaust memory or the stack. */
#define EW_MAX_DEPTH   64          /* element nesting */
#define EW_MAX_XML     (1u << 22)  /* bytes of one event's XML */
#define EW_MAX_NODES   20000       /* elements + attributes + text nodes of one event */

/* ---- growable byte buffer ---- */
typedef struct ew_buf {
    unsigned char *p;  /* bytes */
    size_t len;        /* used */
    size_t cap;        /* allocated */
} ew_buf;

void ew_buf_put(ew_buf *b, const void *s, size_t n);
void ew_buf_u8(ew_buf *b, unsigned v);
void ew_buf_u16(ew_buf *b, unsigned v);
void ew_buf_u32(ew_buf *b, uint32_t v);
void ew_buf_u64(ew_buf *b, uint64_t v);
void ew_buf_free(ew_buf *b);
/* Overwrites 4 bytes at off (already written). */
void ew_put_le32(unsigned char *p, uint32_t v);
void ew_put_le64(unsigned char *p, uint64_t v);

/* ---- event tree ---- */
typedef struct ew_attr {
    const char *name;        /* NUL-terminated UTF-8 */
    const char *value;       /* NUL-terminated UTF-8 */
    size_t vlen;             /* bytes of value */
    struct ew_attr *next;    /* document order */
} ew_attr;

typedef struct ew_node {
    bool is_text;            /* text node (name/attrs/children unused) */
    const char *name;        /* element name */
    ew_attr *attrs;          /* attributes in document order */
    struct ew_node *first;   /* first child */
    struct ew_node *last;    /* last child (for appending) */
    struct ew_node *next;    /* next sibling */
    struct ew_node *parent;  /* NULL for the root */
    const char *text;        /* text node: bytes (not NUL-terminated) */
    size_t len;              /* text node: byte count */
    size_t text_off;         /* text node: offset in the parse buffer until resolved */
    bool has_elems;          /* element: has element children */
} ew_node;

/* Parses one <Event> element into a tree allocated from mem. Whitespace-only text
 * beside child elements is dropped; adjacent text is merged. Returns the root, or
 * NULL with err set ("XML line 1 column 40: ..."). */
ew_node *ew_tree_parse(const char *xml, size_t len, arena *mem, tr_error *err);

/* ---- values ---- */
/* Appends s as UTF-16LE (no terminator); returns the number of code units. */
size_t ew_utf16(ew_buf *out, const char *s, size_t len);

/* Encodes the text s as a value of type (EVTX_VT_*) into out when s is exactly how
 * Windows renders such a value, so the round trip gives the same text back.
 * Returns false (out untouched) when it is not; the caller then stores a string. */
bool ew_value_typed(ew_buf *out, unsigned type, const char *s, size_t len);

#endif
