/* evtx_write.c - the EVTX writer: BinXML encoding of an event tree as a template
 * instance (every text and attribute value a typed substitution, one template
 * definition per shape and chunk), records packed into 64 KiB chunks with their
 * string and template tables and CRCs, and the file header written last. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

#include "../util/xmalloc.h"
#include "evtx_layout.h"
#include "evtx_write.h"
#include "evtx_write_private.h"

#define EW_NAME_BUCKETS  64   /* string table slots in the chunk header */
#define EW_TMPL_BUCKETS  32   /* template table slots in the chunk header */
#define EW_MAX_CHUNKS    0xffffu /* the file header counts chunks in 16 bits */
#define EW_MAX_VALUE     0xffffu /* a substitution's size is 16 bits */

/* System children whose values Windows stores typed, not as strings. Only values
 * whose text is exactly the typed rendering are typed (ew_value_typed). */
static const struct {
    const char *elem;   /* child of Event/System */
    const char *attr;   /* attribute, or NULL for the element's text */
    unsigned type;      /* EVTX_VT_* */
} typed_values[] = {
    { "Provider", "Guid", EVTX_VT_GUID },
    { "EventID", NULL, EVTX_VT_UINT16 },
    { "EventID", "Qualifiers", EVTX_VT_UINT16 },
    { "Version", NULL, EVTX_VT_UINT8 },
    { "Level", NULL, EVTX_VT_UINT8 },
    { "Task", NULL, EVTX_VT_UINT16 },
    { "Opcode", NULL, EVTX_VT_UINT8 },
    { "Keywords", NULL, EVTX_VT_HEX64 },
    { "TimeCreated", "SystemTime", EVTX_VT_FILETIME },
    { "EventRecordID", NULL, EVTX_VT_UINT64 },
    { "Correlation", "ActivityID", EVTX_VT_GUID },
    { "Correlation", "RelatedActivityID", EVTX_VT_GUID },
    { "Execution", "ProcessID", EVTX_VT_UINT32 },
    { "Execution", "ThreadID", EVTX_VT_UINT32 },
    { "Security", "UserID", EVTX_VT_SID },
};

/* A template definition already in the current chunk. */
typedef struct ew_tmpl {
    uint64_t hash;          /* hash of key */
    unsigned char *key;     /* the shape (names, value types), chunk-independent */
    size_t klen;            /* bytes of key */
    uint32_t off;           /* chunk offset of the definition */
    uint32_t id;            /* first 4 bytes of its GUID */
} ew_tmpl;

/* One substitution value of the event being encoded. */
typedef struct ew_val {
    unsigned type;          /* EVTX_VT_* */
    size_t off, len;        /* bytes in evtx_writer.vals */
} ew_val;

/* A name written inline by the record being built, not yet in the string table. */
typedef struct ew_pname {
    uint32_t off;           /* chunk offset of the name structure */
    uint16_t hash;          /* name hash */
} ew_pname;

struct evtx_writer {
    FILE *fp;                           /* the output file */
    bool owns_fp;                       /* opened here: closed by evtx_writer_close */
    char *path;                         /* for messages */
    unsigned char chunk[EVTX_CHUNK_SIZE]; /* the chunk being filled */
    uint32_t free_off;                  /* end of records in chunk */
    uint32_t last_rec_off;              /* offset of the last record in chunk */
    uint32_t chunk_records;             /* records in chunk */
    uint64_t chunk_first;               /* record number of the chunk's first record */
    uint32_t names[EW_NAME_BUCKETS];    /* string table: newest name of each bucket */
    uint32_t tmpl_heads[EW_TMPL_BUCKETS]; /* template table: newest definition per bucket */
    ew_tmpl *tmpls;                     /* definitions in chunk */
    size_t ntmpls, tmpls_cap;
    uint64_t nrecords;                  /* records written (the last record number) */
    uint32_t nchunks;                   /* chunks written to the file */
    bool io_failed;                     /* a write failed: close reports it */
    int io_errno;                       /* errno of that failure */
    arena mem;                          /* the current event's tree */
    ew_buf key;                         /* shape of the current event */
    ew_buf vals;                        /* value bytes of the current event */
    ew_val *v;                          /* substitutions of the current event */
    size_t nv, v_cap;
    ew_buf rec;                         /* the record being built */
    ew_pname *pn;                       /* names the record adds to the chunk */
    size_t npn, pn_cap;
    ew_buf name16;                      /* scratch: a name in UTF-16 */
    uint64_t written;                   /* FILETIME of the current event */
};

static uint64_t fnv1a(const unsigned char *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void chunk_reset(evtx_writer *w)
{
    memset(w->chunk, 0, sizeof w->chunk);
    memset(w->names, 0, sizeof w->names);
    memset(w->tmpl_heads, 0, sizeof w->tmpl_heads);
    for (size_t i = 0; i < w->ntmpls; i++)
        free(w->tmpls[i].key);
    w->ntmpls = 0;
    w->free_off = EVTX_CHUNK_HEADER_SIZE;
    w->last_rec_off = 0;
    w->chunk_records = 0;
    w->chunk_first = w->nrecords + 1;
}

static void io_fail(evtx_writer *w)
{
    if (!w->io_failed) {
        w->io_failed = true;
        w->io_errno = errno ? errno : EIO;
    }
}

/* Finishes the chunk header (counts, tables, CRCs) and appends the chunk. */
static int chunk_flush(evtx_writer *w, tr_error *err)
{
    if (w->chunk_records == 0)
        return 0;
    if (w->nchunks >= EW_MAX_CHUNKS)
        return tr_error_set(err, "%s: more than %u chunks: split the output", w->path, EW_MAX_CHUNKS);
    unsigned char *c = w->chunk;
    uint64_t last = w->chunk_first + w->chunk_records - 1;
    memcpy(c + EVTX_CH_MAGIC, "ElfChnk", 8);
    ew_put_le64(c + EVTX_CH_FIRST_NUM, w->chunk_first);
    ew_put_le64(c + EVTX_CH_LAST_NUM, last);
    ew_put_le64(c + EVTX_CH_FIRST_ID, w->chunk_first);
    ew_put_le64(c + EVTX_CH_LAST_ID, last);
    ew_put_le32(c + EVTX_CH_HEADER_SIZE, 128);
    ew_put_le32(c + EVTX_CH_LAST_REC_OFF, w->last_rec_off);
    ew_put_le32(c + EVTX_CH_FREE_OFF, w->free_off);
    for (int i = 0; i < EW_NAME_BUCKETS; i++)
        ew_put_le32(c + EVTX_CH_STRING_TABLE + 4 * i, w->names[i]);
    for (int i = 0; i < EW_TMPL_BUCKETS; i++)
        ew_put_le32(c + EVTX_CH_TEMPLATE_TABLE + 4 * i, w->tmpl_heads[i]);
    uint32_t crc = libdeflate_crc32(0, c + EVTX_CHUNK_HEADER_SIZE, w->free_off - EVTX_CHUNK_HEADER_SIZE);
    ew_put_le32(c + EVTX_CH_DATA_CRC, crc);
    crc = libdeflate_crc32(0, c, EVTX_CH_FLAGS);
    crc = libdeflate_crc32(crc, c + EVTX_CH_STRING_TABLE, EVTX_CHUNK_HEADER_SIZE - EVTX_CH_STRING_TABLE);
    ew_put_le32(c + EVTX_CH_HEADER_CRC, crc);
    if (fwrite(c, EVTX_CHUNK_SIZE, 1, w->fp) != 1)
        io_fail(w);
    w->nchunks++;
    chunk_reset(w);
    return 0;
}

evtx_writer *evtx_writer_new(FILE *fp, const char *name)
{
    evtx_writer *w = xcalloc(1, sizeof *w);
    w->fp = fp;
    w->path = xstrdup(name);
    arena_init(&w->mem, 16384);
    chunk_reset(w);
    /* The header goes in last, when the counts are known; reserve its block. */
    static const unsigned char zero[EVTX_FILE_HEADER_SIZE];
    if (fwrite(zero, sizeof zero, 1, fp) != 1)
        io_fail(w);
    return w;
}

evtx_writer *evtx_writer_open(const char *path, tr_error *err)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        tr_error_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    evtx_writer *w = evtx_writer_new(fp, path);
    w->owns_fp = true;
    return w;
}

uint64_t evtx_writer_count(const evtx_writer *w)
{
    return w->nrecords;
}

/* ---- pass 1: shape key and substitution values ---- */

static unsigned value_type(const ew_node *elem, const char *attr)
{
    const ew_node *sys = elem->parent;
    if (!sys || !sys->parent || sys->parent->parent || strcmp(sys->name, "System") != 0)
        return EVTX_VT_STRING;
    for (size_t i = 0; i < sizeof typed_values / sizeof typed_values[0]; i++) {
        if (strcmp(typed_values[i].elem, elem->name) != 0)
            continue;
        if (attr ? typed_values[i].attr && strcmp(typed_values[i].attr, attr) == 0
                 : !typed_values[i].attr)
            return typed_values[i].type;
    }
    return EVTX_VT_STRING;
}

/* Adds a substitution for text s; the type falls back to a string when the text is
 * not the canonical rendering of the wanted type. */
static int add_value(evtx_writer *w, unsigned type, const char *s, size_t len, tr_error *err)
{
    size_t start = w->vals.len;
    if (type == EVTX_VT_STRING || !ew_value_typed(&w->vals, type, s, len)) {
        type = EVTX_VT_STRING;
        ew_utf16(&w->vals, s, len);
    }
    if (w->vals.len - start > EW_MAX_VALUE)
        return tr_error_set(err, "a value of %zu bytes is too long for EVTX (at most 32767 characters)", len);
    XGROW(w->v, w->v_cap, w->nv + 1);
    w->v[w->nv++] = (ew_val){ type, start, w->vals.len - start };
    ew_buf_u8(&w->key, 'S');
    ew_buf_u8(&w->key, type);
    return 0;
}

static void key_name(evtx_writer *w, char tag, const char *name)
{
    ew_buf_u8(&w->key, (unsigned char)tag);
    ew_buf_put(&w->key, name, strlen(name) + 1);
}

/* Depth is bounded by the parser (EW_MAX_DEPTH), so recursion is safe. */
static int shape_elem(evtx_writer *w, const ew_node *n, tr_error *err)
{
    key_name(w, 'E', n->name);
    for (const ew_attr *a = n->attrs; a; a = a->next) {
        key_name(w, 'A', a->name);
        if (a->vlen == 0) {
            ew_buf_u8(&w->key, 'L');
            continue;
        }
        unsigned t = value_type(n, a->name);
        if (t == EVTX_VT_FILETIME)
            evtx_write_parse_filetime(a->value, a->vlen, &w->written);
        if (add_value(w, t, a->value, a->vlen, err) < 0)
            return -1;
    }
    ew_buf_u8(&w->key, n->first ? '>' : '/');
    for (const ew_node *c = n->first; c; c = c->next) {
        if (c->is_text) {
            if (add_value(w, value_type(n, NULL), c->text, c->len, err) < 0)
                return -1;
        } else if (shape_elem(w, c, err) < 0) {
            return -1;
        }
    }
    if (n->first)
        ew_buf_u8(&w->key, '<');
    return 0;
}

/* ---- pass 2: template definition bytes (only for a shape new to the chunk) ---- */

static uint32_t rec_chunk_off(const evtx_writer *w)
{
    return w->free_off + (uint32_t)w->rec.len;
}

/* Offset of the name in the chunk's string table, or 0. */
static uint32_t name_find(const evtx_writer *w, uint16_t hash, const unsigned char *u16, size_t n)
{
    uint32_t off = w->names[hash % EW_NAME_BUCKETS];
    for (int guard = 0; off && guard < 100000; guard++) {
        if (off + EVTX_NAME_HEADER + 2 * n > EVTX_CHUNK_SIZE)
            return 0;
        const unsigned char *p = w->chunk + off;
        if ((p[4] | p[5] << 8) == hash && (size_t)(p[6] | p[7] << 8) == n &&
            memcmp(p + EVTX_NAME_HEADER, u16, 2 * n) == 0)
            return off;
        off = (uint32_t)(p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24);
    }
    for (size_t i = 0; i < w->npn; i++) {
        const ew_pname *pn = &w->pn[i];
        const unsigned char *p = w->rec.p + (pn->off - w->free_off);
        if (pn->hash == hash && (size_t)(p[6] | p[7] << 8) == n &&
            memcmp(p + EVTX_NAME_HEADER, u16, 2 * n) == 0)
            return pn->off;
    }
    return 0;
}

/* Writes a name reference: its chunk offset, followed by the name structure itself
 * when this is the name's first use in the chunk. */
static int emit_name(evtx_writer *w, const char *name, tr_error *err)
{
    w->name16.len = 0;
    size_t n = ew_utf16(&w->name16, name, strlen(name));
    if (n > 0xffff)
        return tr_error_set(err, "an element or attribute name is too long for EVTX");
    uint32_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 65599u + (uint32_t)(w->name16.p[2 * i] | (w->name16.p[2 * i + 1] << 8));
    uint16_t hash = (uint16_t)h;
    uint32_t off = name_find(w, hash, w->name16.p, n);
    if (off) {
        ew_buf_u32(&w->rec, off);
        return 0;
    }
    off = rec_chunk_off(w) + 4;
    ew_buf_u32(&w->rec, off);
    XGROW(w->pn, w->pn_cap, w->npn + 1);
    w->pn[w->npn++] = (ew_pname){ off, hash };
    ew_buf_u32(&w->rec, 0); /* next name in the bucket: set on commit */
    ew_buf_u16(&w->rec, hash);
    ew_buf_u16(&w->rec, (unsigned)n);
    ew_buf_put(&w->rec, w->name16.p, 2 * n);
    ew_buf_u16(&w->rec, 0);
    return 0;
}

static void emit_subst(evtx_writer *w, size_t *idx)
{
    ew_buf_u8(&w->rec, EVTX_TOK_SUBST);
    ew_buf_u16(&w->rec, (unsigned)*idx);
    ew_buf_u8(&w->rec, w->v[*idx].type);
    (*idx)++;
}

/* element -> OPEN_START dep size name [attr-list] (CLOSE_EMPTY | CLOSE_START content END) */
static int emit_elem(evtx_writer *w, const ew_node *n, size_t *idx, tr_error *err)
{
    size_t start = w->rec.len;
    ew_buf_u8(&w->rec, EVTX_TOK_OPEN_START | (n->attrs ? EVTX_TOKEN_MORE : 0));
    ew_buf_u16(&w->rec, 0xffff); /* no dependency */
    ew_buf_u32(&w->rec, 0);      /* data size: patched below */
    if (emit_name(w, n->name, err) < 0)
        return -1;
    if (n->attrs) {
        size_t list = w->rec.len;
        ew_buf_u32(&w->rec, 0);
        for (const ew_attr *a = n->attrs; a; a = a->next) {
            ew_buf_u8(&w->rec, EVTX_TOK_ATTRIBUTE | (a->next ? EVTX_TOKEN_MORE : 0));
            if (emit_name(w, a->name, err) < 0)
                return -1;
            if (a->vlen == 0) {
                /* An empty value as a literal: a substitution would carry no data. */
                ew_buf_u8(&w->rec, EVTX_TOK_VALUE);
                ew_buf_u8(&w->rec, EVTX_VT_STRING);
                ew_buf_u16(&w->rec, 0);
            } else {
                emit_subst(w, idx);
            }
        }
        ew_put_le32(w->rec.p + list, (uint32_t)(w->rec.len - list - 4));
    }
    if (!n->first) {
        ew_buf_u8(&w->rec, EVTX_TOK_CLOSE_EMPTY);
    } else {
        ew_buf_u8(&w->rec, EVTX_TOK_CLOSE_START);
        for (const ew_node *c = n->first; c; c = c->next) {
            if (c->is_text)
                emit_subst(w, idx);
            else if (emit_elem(w, c, idx, err) < 0)
                return -1;
        }
        ew_buf_u8(&w->rec, EVTX_TOK_END_ELEMENT);
    }
    ew_put_le32(w->rec.p + start + 3, (uint32_t)(w->rec.len - start - 7));
    return 0;
}

static const ew_tmpl *tmpl_find(const evtx_writer *w, uint64_t hash)
{
    for (size_t i = 0; i < w->ntmpls; i++)
        if (w->tmpls[i].hash == hash && w->tmpls[i].klen == w->key.len &&
            memcmp(w->tmpls[i].key, w->key.p, w->key.len) == 0)
            return &w->tmpls[i];
    return NULL;
}

/* Builds the whole record for the current chunk position into w->rec.
 * *new_tmpl gets the definition's offset when the record carries one, else 0. */
static int build_record(evtx_writer *w, const ew_node *root, uint64_t khash, uint32_t *new_tmpl,
                        tr_error *err)
{
    w->rec.len = 0;
    w->npn = 0;
    *new_tmpl = 0;
    ew_buf_u32(&w->rec, EVTX_RECORD_MAGIC);
    ew_buf_u32(&w->rec, 0); /* size: patched */
    ew_buf_u64(&w->rec, w->nrecords + 1);
    ew_buf_u64(&w->rec, w->written);
    static const unsigned char fragment[4] = { EVTX_TOK_FRAGMENT, 1, 1, 0 };
    ew_buf_put(&w->rec, fragment, 4);

    const ew_tmpl *t = tmpl_find(w, khash);
    unsigned char guid[16];
    ew_put_le64(guid, khash);
    ew_put_le64(guid + 8, fnv1a(w->key.p, w->key.len, 0x84222325cbf29ce4ULL));
    uint32_t id = t ? t->id : (uint32_t)(guid[0] | guid[1] << 8 | guid[2] << 16 | (uint32_t)guid[3] << 24);
    ew_buf_u8(&w->rec, EVTX_TOK_TEMPLATE);
    ew_buf_u8(&w->rec, 1);
    ew_buf_u32(&w->rec, id);
    if (t) {
        ew_buf_u32(&w->rec, t->off);
    } else {
        uint32_t def = rec_chunk_off(w) + 4;
        ew_buf_u32(&w->rec, def);
        ew_buf_u32(&w->rec, 0); /* next definition in the bucket: set on commit */
        ew_buf_put(&w->rec, guid, 16);
        size_t size_at = w->rec.len;
        ew_buf_u32(&w->rec, 0);
        ew_buf_put(&w->rec, fragment, 4);
        size_t idx = 0;
        if (emit_elem(w, root, &idx, err) < 0)
            return -1;
        ew_buf_u8(&w->rec, EVTX_TOK_EOF);
        ew_put_le32(w->rec.p + size_at, (uint32_t)(w->rec.len - size_at - 4));
        *new_tmpl = def;
    }
    ew_buf_u32(&w->rec, (uint32_t)w->nv);
    for (size_t i = 0; i < w->nv; i++) {
        ew_buf_u16(&w->rec, (unsigned)w->v[i].len);
        ew_buf_u8(&w->rec, w->v[i].type);
        ew_buf_u8(&w->rec, 0);
    }
    for (size_t i = 0; i < w->nv; i++)
        ew_buf_put(&w->rec, w->vals.p + w->v[i].off, w->v[i].len);
    /* The document ends with EOF after the instance data (libfwevt requires it). */
    ew_buf_u8(&w->rec, EVTX_TOK_EOF);
    /* Records start on 8-byte boundaries, as Windows writes them. */
    while ((w->rec.len + 4) % 8)
        ew_buf_u8(&w->rec, 0);
    ew_buf_u32(&w->rec, (uint32_t)(w->rec.len + 4));
    ew_put_le32(w->rec.p + 4, (uint32_t)w->rec.len);
    return 0;
}

/* Copies the built record into the chunk and links its new names and template. */
static void commit_record(evtx_writer *w, uint32_t new_tmpl, uint64_t khash)
{
    uint32_t at = w->free_off;
    memcpy(w->chunk + at, w->rec.p, w->rec.len);
    for (size_t i = 0; i < w->npn; i++) {
        unsigned b = w->pn[i].hash % EW_NAME_BUCKETS;
        ew_put_le32(w->chunk + w->pn[i].off, w->names[b]);
        w->names[b] = w->pn[i].off;
    }
    if (new_tmpl) {
        const unsigned char *g = w->chunk + new_tmpl + 4;
        uint32_t id = (uint32_t)(g[0] | g[1] << 8 | g[2] << 16 | (uint32_t)g[3] << 24);
        unsigned b = id % EW_TMPL_BUCKETS;
        ew_put_le32(w->chunk + new_tmpl, w->tmpl_heads[b]);
        w->tmpl_heads[b] = new_tmpl;
        XGROW(w->tmpls, w->tmpls_cap, w->ntmpls + 1);
        unsigned char *key = xmalloc(w->key.len);
        memcpy(key, w->key.p, w->key.len);
        w->tmpls[w->ntmpls++] = (ew_tmpl){ khash, key, w->key.len, new_tmpl, id };
    }
    w->last_rec_off = at;
    w->free_off += (uint32_t)w->rec.len;
    w->chunk_records++;
    w->nrecords++;
}

int evtx_writer_add_xml(evtx_writer *w, const char *xml, size_t len, tr_error *err)
{
    arena_reset(&w->mem);
    ew_node *root = ew_tree_parse(xml, len, &w->mem, err);
    if (!root)
        return -1;
    w->key.len = w->vals.len = 0;
    w->nv = 0;
    w->written = 0;
    if (shape_elem(w, root, err) < 0)
        return -1;
    uint64_t khash = fnv1a(w->key.p, w->key.len, 0xcbf29ce484222325ULL);
    uint32_t new_tmpl;
    if (build_record(w, root, khash, &new_tmpl, err) < 0)
        return -1;
    if (w->free_off + w->rec.len > EVTX_CHUNK_SIZE) {
        if (w->chunk_records == 0)
            return tr_error_set(err, "event needs %zu bytes, more than one EVTX chunk holds",
                                w->rec.len);
        if (chunk_flush(w, err) < 0)
            return -1;
        /* New chunk: names and template are written again there. */
        if (build_record(w, root, khash, &new_tmpl, err) < 0)
            return -1;
        if (w->free_off + w->rec.len > EVTX_CHUNK_SIZE)
            return tr_error_set(err, "event needs %zu bytes, more than one EVTX chunk holds",
                                w->rec.len);
    }
    commit_record(w, new_tmpl, khash);
    return 0;
}

int evtx_writer_close(evtx_writer *w, tr_error *err)
{
    if (!w)
        return 0;
    int rc = chunk_flush(w, err);
    if (rc == 0) {
        unsigned char h[EVTX_FILE_HEADER_SIZE] = { 0 };
        memcpy(h + EVTX_FH_MAGIC, "ElfFile", 8);
        ew_put_le64(h + EVTX_FH_FIRST_CHUNK, 0);
        ew_put_le64(h + EVTX_FH_LAST_CHUNK, w->nchunks ? w->nchunks - 1 : 0);
        ew_put_le64(h + EVTX_FH_NEXT_RECORD_ID, w->nrecords + 1);
        ew_put_le32(h + EVTX_FH_HEADER_SIZE, 128);
        h[EVTX_FH_MINOR] = 1;
        h[EVTX_FH_MAJOR] = 3;
        h[EVTX_FH_BLOCK_SIZE] = EVTX_FILE_HEADER_SIZE & 0xff;
        h[EVTX_FH_BLOCK_SIZE + 1] = EVTX_FILE_HEADER_SIZE >> 8;
        h[EVTX_FH_CHUNK_COUNT] = (unsigned char)w->nchunks;
        h[EVTX_FH_CHUNK_COUNT + 1] = (unsigned char)(w->nchunks >> 8);
        ew_put_le32(h + EVTX_FH_FLAGS, 0);
        ew_put_le32(h + EVTX_FH_CRC, libdeflate_crc32(0, h, EVTX_FH_CRC_SPAN));
        if (fseek(w->fp, 0, SEEK_SET) != 0 || fwrite(h, sizeof h, 1, w->fp) != 1)
            io_fail(w);
    }
    if ((w->owns_fp ? fclose(w->fp) : fflush(w->fp)) != 0 || (!w->owns_fp && ferror(w->fp)))
        io_fail(w);
    if (rc == 0 && w->io_failed)
        rc = tr_error_set(err, "%s: %s", w->path, strerror(w->io_errno));
    chunk_reset(w);
    free(w->tmpls);
    free(w->v);
    free(w->pn);
    ew_buf_free(&w->key);
    ew_buf_free(&w->vals);
    ew_buf_free(&w->rec);
    ew_buf_free(&w->name16);
    arena_free(&w->mem);
    free(w->path);
    free(w);
    return rc;
}
