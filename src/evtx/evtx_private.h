/* evtx_private.h - what the modules of the EVTX reader share: the growable text
 * buffer, the visitor the BinXML renderer drives, value rendering, chunk parsing and
 * the file walker that cmd_dump/cmd_info/evtx_read_fd are built on.
 * Ownership: a chunk owns its arenas (names and templates live until the next chunk,
 * a record's parse tree until the next record); visitors receive borrowed strings:
 * element and attribute names (NUL-terminated) live until the next chunk, text and
 * attribute values only until the callback returns. */
#ifndef TRAWL_EVTX_PRIVATE_H
#define TRAWL_EVTX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../util/arena.h"
#include "evtx_layout.h"

/* ---- growable byte buffer (kept across records: no allocation once warm) ---- */
typedef struct evtx_buf {
    char *p;      /* bytes, not NUL-terminated */
    size_t len;   /* used */
    size_t cap;   /* allocated */
} evtx_buf;

/* Grows b so that extra more bytes fit (the slow path of evtx_buf_reserve). */
void evtx_buf_grow(evtx_buf *b, size_t extra);
/* Inline: rendering calls these several times per value, and a call each was a
 * tenth of `trawl dump`. */
static inline void evtx_buf_reserve(evtx_buf *b, size_t extra)
{
    if (b->cap - b->len < extra)
        evtx_buf_grow(b, extra);
}
static inline void evtx_buf_put(evtx_buf *b, const void *s, size_t n)
{
    evtx_buf_reserve(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
}
void evtx_buf_puts(evtx_buf *b, const char *s);
void evtx_buf_printf(evtx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void evtx_buf_put_u64(evtx_buf *b, uint64_t v);
void evtx_buf_put_i64(evtx_buf *b, int64_t v);
void evtx_buf_put_hex(evtx_buf *b, uint64_t v);   /* "0x" + lowercase, no padding */
void evtx_buf_free(evtx_buf *b);
static inline void evtx_buf_putc(evtx_buf *b, char c)
{
    if (b->len == b->cap)
        evtx_buf_reserve(b, 1);
    b->p[b->len++] = c;
}

/* ---- values (evtx_value.c) ---- */
/* Appends UTF-16LE text (nchars units) as UTF-8; unpaired surrogates become U+FFFD. */
void evtx_value_utf16(evtx_buf *out, const unsigned char *p, size_t nchars);
/* Appends the text of one value of type (array flag clear) as Windows renders it.
 * Returns -1 when the size does not fit the type (nothing appended). */
int evtx_value_text(evtx_buf *out, unsigned type, const unsigned char *p, size_t n);
/* Appends the text of any value but BinXML as the renderer shows it. */
void evtx_value_render(evtx_buf *out, unsigned type, const unsigned char *p, size_t n);
/* Splits an array value (type with EVTX_VT_ARRAY) into items: call with *off = 0,
 * returns 1 with the item in *item and *item_len while items remain, else 0. */
int evtx_value_array_next(unsigned type, const unsigned char *p, size_t n, size_t *off,
                          const unsigned char **item, size_t *item_len);
/* FILETIME (100 ns ticks since 1601) as 2022-12-20T15:58:25.325383600Z. */
void evtx_value_filetime(evtx_buf *out, uint64_t ft);

/* ---- visitor: the stream of XML events one record renders to ---- */
typedef struct evtx_visitor {
    void (*open)(void *ctx, const char *name, size_t len);
    void (*attr)(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen);
    void (*text)(void *ctx, const char *s, size_t len); /* unescaped UTF-8, in pieces */
    void (*close)(void *ctx);
} evtx_visitor;

/* ---- chunk (evtx_chunk.c, evtx_binxml.c) ---- */
typedef struct evtx_name evtx_name;
typedef struct evtx_tmpl evtx_tmpl;

typedef struct evtx_chunk {
    const unsigned char *data;   /* chunk bytes (borrowed) */
    size_t size;                 /* bytes available, EVTX_CHUNK_SIZE unless truncated */
    arena mem;                   /* names and compiled templates: reset per chunk */
    arena rec;                   /* parse tree of the current record: reset per record */
    evtx_name **names;           /* hash of resolved names by offset (256 buckets, in mem) */
    evtx_tmpl **tmpls;           /* hash of compiled templates by offset (64 buckets, in mem) */
    uint32_t ntmpls;             /* templates compiled in this chunk (bounded) */
    size_t mem_used;             /* bytes taken from mem in this chunk (bounded) */
    size_t rec_used;             /* bytes taken from rec for this record (bounded) */
    evtx_buf attrbuf;            /* scratch for attribute values */
    evtx_buf valbuf;             /* scratch for text values */
    char why[96];                /* reason the last record failed */
    bool text_off;               /* probe pass: skip rendering substitution values ... */
    bool name_attrs_only;        /* ... and every attribute but Name (evtx_probe.c) */
    bool stop;                   /* set by a visitor callback: end this record's render
                                    here, successfully (reset per record) */
    bool rest_inert;             /* set by the renderer per record, for the probe: what
                                    follows the first </System> can neither capture nor
                                    shadow a System value (see probe_shadows) */
    bool (*probe_shadows)(const void *test, const char *name, size_t len);
    const void *probe_test;      /* probe pass: probe_shadows(probe_test, name) tells
                                    the names that shadow a value the test decides on
                                    (evtx_probe.c); NULL otherwise. The same for the
                                    chunk's life (templates cache what it says) */
    bool checking_carved;        /* evtx_carve_check's render: count what follows */
    uint32_t garbled_names;      /* names the last render emitted that are garbled
                                    (evtx_carve_name_ok false) */
    uint32_t stale_templates;    /* template instances of the last render whose id is
                                    not their definition's */
    struct walk_state *walk;      /* the walk this chunk belongs to (for messages) */
} evtx_chunk;

/* Chunk header fields after parsing/validation. */
typedef struct evtx_chunk_info {
    uint64_t first_num, last_num; /* record numbers */
    uint64_t first_id, last_id;   /* record identifiers */
    uint32_t free_off;            /* end of records */
    uint32_t last_rec_off;        /* offset of the last record */
    bool header_crc_ok;           /* header checksum matches */
    bool data_crc_ok;             /* records checksum matches */
} evtx_chunk_info;

void evtx_chunk_init(evtx_chunk *c);
void evtx_chunk_free(evtx_chunk *c);
/* Starts a new chunk: resets the arenas and caches. */
void evtx_chunk_reset(evtx_chunk *c, const unsigned char *data, size_t size);

/* Reads and checks the header of the chunk in d[0,n). Returns -1 when the magic is
 * wrong; checksums are computed only when verify (else reported as fine). */
int evtx_chunk_header(const unsigned char *d, size_t n, bool verify, evtx_chunk_info *ci);
/* True when a plausible record starts at off and ends by limit; *size gets its size. */
bool evtx_chunk_record_at(const unsigned char *d, size_t limit, size_t off, uint32_t *size);
/* Offset of the next plausible record at or after from (8-byte steps), or limit. */
size_t evtx_chunk_resync(const unsigned char *d, size_t limit, size_t from);

/* Parses one record's BinXML [off, end) (chunk offsets) and drives v. Returns 0, or -1
 * with c->why set; v may already have received callbacks then. */
int evtx_binxml_render(evtx_chunk *c, size_t off, size_t end, const evtx_visitor *v, void *ctx);

/* ---- carved records (evtx_carve.c) ----
 * A record carved from chunk slack (--recover) is delivered only when it decodes to a
 * well-formed event; these are the reasons it may not, in the order they are tried
 * (a record counts under the first that applies). ORDER: evtx_carve_reason(). */
enum {
    EVTX_CARVE_OK,               /* a well-formed event */
    EVTX_CARVE_UNREADABLE,       /* its BinXML does not render */
    EVTX_CARVE_STALE_TEMPLATE,   /* a template it names has been written over */
    EVTX_CARVE_GARBAGE_NAMES,    /* an element or attribute name is garbled */
    EVTX_CARVE_ROOT,             /* not one root element named Event */
    EVTX_CARVE_NO_EVENTID,       /* no System/EventID holding a number 0-65535 */
    EVTX_CARVE_NVERDICTS
};

/* How a walk treats carved records. */
enum {
    EVTX_RECOVER_NONE,           /* live records only */
    EVTX_RECOVER_EVENTS,         /* also carved records that are well-formed events */
    EVTX_RECOVER_ALL,            /* also malformed ones that render (view.malformed) */
};

/* True when a name entry (UTF-16LE chars and the 16-bit hash stored with it) is one
 * Windows can have written: not empty, the stored hash matches the chars, valid
 * UTF-16, and an XML 1.0 Name (no control characters, spaces or most punctuation)
 * without U+FFFD. */
bool evtx_carve_name_ok(const unsigned char *utf16, size_t nchars, unsigned hash);
/* Short text of an EVTX_CARVE_* verdict ("garbage names"; "" for OK). */
const char *evtx_carve_reason(int verdict);
/* "N unreadable, N stale template, ..." for counts[from .. EVTX_CARVE_NVERDICTS)
 * (counts indexed by verdict), cut to fit buf[cap]. */
void evtx_carve_breakdown(char *buf, size_t cap, const uint64_t *counts, int from);

/* ---- file walker (evtx_file.c) ---- */
typedef struct evtx_record_view {
    uint64_t chunk_index;        /* 0-based chunk number in the file */
    uint64_t record_id;          /* event record identifier */
    uint64_t written;            /* FILETIME the record was written */
    uint32_t offset;             /* record offset in its chunk */
    uint32_t size;               /* record size */
    bool recovered;              /* carved from chunk slack (--recover) */
    bool duplicate;              /* recovered, and a live record of the file has its
                                    EventRecordID (a deleted older copy, or a copy) */
    uint8_t malformed;           /* recovered: EVTX_CARVE_* why it is not a well-formed
                                    event (EVTX_RECOVER_ALL only), else EVTX_CARVE_OK */
} evtx_record_view;

/* The verdict (EVTX_CARVE_*) on the carved record r of chunk c; renders it once. */
int evtx_carve_check(evtx_chunk *c, const evtx_record_view *r);

typedef struct evtx_file_header {
    uint64_t first_chunk, last_chunk, next_record_id;
    uint32_t header_size, flags;
    uint16_t minor, major, block_size, chunk_count;
    bool crc_ok;                 /* header checksum matches */
} evtx_file_header;

/* What the walker reports besides records; any callback may be NULL. */
typedef struct evtx_walk_hooks {
    void *ctx;
    /* Once, after the file header was read. */
    void (*header)(void *ctx, const evtx_file_header *h);
    /* Once per chunk found (zeroed ones too, with zeroed = true), before its records. */
    void (*chunk)(void *ctx, uint64_t index, const evtx_chunk_info *ci, bool zeroed, bool skipped);
    /* Per record: render it with evtx_walk_render() or not at all. Nonzero stops. */
    int (*record)(void *ctx, evtx_chunk *c, const evtx_record_view *r);
    /* Per problem, already printed to stderr unless quiet. */
    void (*problem)(void *ctx, const char *msg);
} evtx_walk_hooks;

typedef struct evtx_walk_result {
    uint64_t chunks;             /* chunks seen (incl. zeroed and bad) */
    uint64_t records;            /* records passed to the hook */
    uint64_t bad_records;        /* records reported and skipped */
    uint64_t bad_chunks;         /* chunks reported and skipped (whole or in part) */
    uint64_t carved[EVTX_CARVE_NVERDICTS]; /* carved records by verdict (EVTX_CARVE_*),
                                    passed to the hook or not */
    uint64_t carved_duplicates;  /* carved records passed on with duplicate set */
    bool live_ids_full;          /* too many runs of live identifiers to keep them all:
                                    some duplicates may have gone unflagged */
    bool incomplete;             /* something could not be read */
    bool stopped;                /* hook asked to stop */
} evtx_walk_result;

/* Carved records that render but are not well-formed events. */
static inline uint64_t evtx_carved_malformed(const evtx_walk_result *res)
{
    return res->carved[EVTX_CARVE_STALE_TEMPLATE] + res->carved[EVTX_CARVE_GARBAGE_NAMES] +
           res->carved[EVTX_CARVE_ROOT] + res->carved[EVTX_CARVE_NO_EVENTID];
}

/* Walks every record of the file open on fd (prefix: bytes already consumed).
 * recover: EVTX_RECOVER_*. Problems go to stderr as "trawl: NAME: chunk N record M:
 * reason"; with recover, a last line sums up the carved records not passed on. A
 * carved record is a duplicate when a live record of the whole file has its
 * identifier; when fd cannot be read twice (a pipe), of the live records before it. */
void evtx_walk(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
               bool verify, int recover, bool quiet, const evtx_walk_hooks *h,
               evtx_walk_result *res);
/* True when the walk of fd must be evtx_walk, not evtx_walk_parallel: carved records
 * are checked against the live records of the whole file, which needs fd re-readable
 * (a regular file) when decoding runs ahead on several threads. */
bool evtx_walk_needs_serial(int fd, size_t prefix_len, int recover);

/* Chunks decoded on several threads, delivered in file order (evtx_walk_parallel).
 * Each worker thread decodes whole chunks into a batch with its own state; the
 * calling thread hands batches to flush() in file order and prints problems in
 * order too, so output is the same as evtx_walk's. Memory: 4 x jobs slots holding
 * 64 chunks in all (4 per job beyond 16 jobs) and their batches, whatever the file
 * size. */
typedef struct evtx_par_hooks {
    void *ctx;                   /* the caller's, given to the *_new and flush hooks */
    unsigned jobs;               /* worker threads (2 or more) */
    void *(*worker_new)(void *ctx);      /* per-thread decoding state */
    void (*worker_free)(void *wctx);
    void *(*batch_new)(void *ctx);       /* per-slot output of one chunk */
    void (*batch_free)(void *batch);
    /* On a worker: one record of the chunk into batch (render it or not). */
    void (*record)(void *wctx, void *batch, evtx_chunk *c, const evtx_record_view *r);
    /* On the calling thread, in file order; empties batch. Nonzero stops reading. */
    int (*flush)(void *ctx, void *batch);
} evtx_par_hooks;

/* As evtx_walk; with recover, only when evtx_walk_needs_serial() is false. */
void evtx_walk_parallel(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                        bool verify, int recover, bool quiet, const evtx_par_hooks *h,
                        evtx_walk_result *res);

/* A problem found by a record hook: printed as "trawl: NAME: MSG" (in file order
 * in a parallel walk). */
void evtx_walk_warn(evtx_chunk *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Renders the record r (from inside the record hook) to v. Returns 0 or -1 (reported). */
int evtx_walk_render(evtx_chunk *c, const evtx_record_view *r, const evtx_visitor *v, void *vctx);

/* ---- renderers for `trawl dump` (evtx_render.c) ----
 * Both write one record into an evtx_buf; the caller prints it only when the record
 * rendered completely. Reset before each record. */
typedef struct evtx_xml_writer evtx_xml_writer;
typedef struct evtx_json_writer evtx_json_writer;
extern const evtx_visitor evtx_xml_visitor;    /* ctx: evtx_xml_writer */
extern const evtx_visitor evtx_json_visitor;   /* ctx: evtx_json_writer */

evtx_xml_writer *evtx_xml_new(void);
void evtx_xml_reset(evtx_xml_writer *x, evtx_buf *out);
void evtx_xml_free(evtx_xml_writer *x);

evtx_json_writer *evtx_json_new(void);
void evtx_json_reset(evtx_json_writer *j);
/* Serialises the tree built by the visitor; pretty with 2-space indent or one line.
 * r (may be NULL) adds the marks of a carved record after "Event" (docs/recovery.md). */
void evtx_json_finish(evtx_json_writer *j, evtx_buf *out, bool pretty,
                      const evtx_record_view *r);
void evtx_json_free(evtx_json_writer *j);
/* s[0,n) as a JSON string, quotes included (docs/evtx-json.md's escaping). */
void evtx_json_str(evtx_buf *b, const char *s, size_t n);
/* The marks of a carved record r (nothing for a live one or NULL) as members of the
 * record's top object: "recovered": true, then "recovered_duplicate": true and
 * "recovered_malformed": "REASON" when they apply (docs/recovery.md). first: no
 * member written before; pretty: one per line, indented as evtx_json_finish does. */
void evtx_json_marks(evtx_buf *b, const evtx_record_view *r, bool pretty, bool first);

/* The same JSON on one line, written while the renderer drives the visitor, with no
 * tree (evtx_render_jsonl.c). Same-key siblings become an array only when they are
 * consecutive; a key that comes back after another key is left to the tree writer:
 * evtx_jsonl_end then returns false and out is as it was at evtx_jsonl_begin. */
typedef struct evtx_jsonl_writer evtx_jsonl_writer;
extern const evtx_visitor evtx_jsonl_visitor;   /* ctx: evtx_jsonl_writer */

evtx_jsonl_writer *evtx_jsonl_new(void);
void evtx_jsonl_begin(evtx_jsonl_writer *s, evtx_buf *out);
/* Ends the record (no newline written), with the marks of a carved record r (may be
 * NULL) as evtx_json_finish; false: render it with the tree writer. */
bool evtx_jsonl_end(evtx_jsonl_writer *s, const evtx_record_view *r);
void evtx_jsonl_free(evtx_jsonl_writer *s);

#endif
