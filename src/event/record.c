/* record.c - named multivalue fields in insertion order, bytes in a per-record arena.
 * Lookup is a linear scan: events have tens of fields and the scan beats hashing
 * at that size; a 64-bit filter of the names present answers most misses (every
 * new field is one) without it. */
#include "record.h"

#include <string.h>

#include "../util/xmalloc.h"

static uint64_t name_bit(const char *name, size_t len)
{
    unsigned h = len ? (unsigned char)name[0] * 7u + (unsigned char)name[len - 1] * 13u : 0;
    return 1ull << ((h + len) & 63);
}

void record_init(record *r)
{
    r->fields = NULL;
    r->nfields = 0;
    r->cap = 0;
    r->names_seen = 0;
    arena_init(&r->mem, 8192);
}

void record_free(record *r)
{
    free(r->fields);
    arena_free(&r->mem);
    r->fields = NULL;
    r->nfields = r->cap = 0;
}

void record_clear(record *r)
{
    r->nfields = 0;
    r->names_seen = 0;
    arena_reset(&r->mem);
}

field *record_getn(const record *r, const char *name, size_t name_len)
{
    if (!(r->names_seen & name_bit(name, name_len)))
        return NULL;
    for (size_t i = 0; i < r->nfields; i++) {
        field *f = &r->fields[i];
        if (f->name_len == name_len && memcmp(f->name, name, name_len) == 0)
            return f;
    }
    return NULL;
}

field *record_get(const record *r, const char *name)
{
    return record_getn(r, name, strlen(name));
}

const sv *record_value(const record *r, const char *name)
{
    field *f = record_get(r, name);
    return f && f->nvalues ? &f->values[0] : NULL;
}

char *record_strdup(record *r, const char *s, size_t len)
{
    return arena_strndup(&r->mem, s, len);
}

static field *add_field(record *r, const char *name, size_t name_len)
{
    XGROW(r->fields, r->cap, r->nfields + 1);
    field *f = &r->fields[r->nfields++];
    r->names_seen |= name_bit(name, name_len);
    f->name = arena_strndup(&r->mem, name, name_len);
    f->name_len = name_len;
    f->values = NULL;
    f->nvalues = 0;
    f->cap = 0;
    return f;
}

static void push_value(record *r, field *f, const char *val, size_t len)
{
    if (f->nvalues == f->cap) {
        uint32_t cap = f->cap ? f->cap * 2 : 2;
        sv *vals = arena_alloc(&r->mem, cap * sizeof *vals);
        if (f->nvalues)
            memcpy(vals, f->values, f->nvalues * sizeof *vals);
        f->values = vals;
        f->cap = cap;
    }
    f->values[f->nvalues].s = arena_strndup(&r->mem, val ? val : "", len);
    f->values[f->nvalues].len = len;
    f->nvalues++;
}

void record_setn(record *r, const char *name, size_t name_len, const char *val, size_t len)
{
    field *f = record_getn(r, name, name_len);
    if (!f)
        f = add_field(r, name, name_len);
    f->nvalues = 0;
    push_value(r, f, val, len);
}

void record_set(record *r, const char *name, const char *val, size_t len)
{
    record_setn(r, name, strlen(name), val, len);
}

void record_addn(record *r, const char *name, size_t name_len, const char *val, size_t len)
{
    field *f = record_getn(r, name, name_len);
    if (!f)
        f = add_field(r, name, name_len);
    push_value(r, f, val, len);
}

void record_add(record *r, const char *name, const char *val, size_t len)
{
    record_addn(r, name, strlen(name), val, len);
}

void record_remove(record *r, const char *name)
{
    field *f = record_get(r, name);
    if (!f)
        return;
    size_t i = (size_t)(f - r->fields);
    memmove(f, f + 1, (r->nfields - i - 1) * sizeof *f);
    r->nfields--;
}

void record_set_mv(record *r, const char *name, const sv *vals, size_t n)
{
    if (n == 0) {
        record_remove(r, name);
        return;
    }
    size_t name_len = strlen(name);
    field *f = record_getn(r, name, name_len);
    if (!f)
        f = add_field(r, name, name_len);
    /* vals may point into f->values: copy the slice first. */
    sv *tmp = arena_alloc(&r->mem, n * sizeof *tmp);
    memcpy(tmp, vals, n * sizeof *tmp);
    f->nvalues = 0;
    for (size_t i = 0; i < n; i++)
        push_value(r, f, tmp[i].s, tmp[i].len);
}

void record_rename(record *r, const char *old_name, const char *new_name)
{
    if (strcmp(old_name, new_name) == 0)
        return;
    field *f = record_get(r, old_name);
    if (!f)
        return;
    size_t idx = (size_t)(f - r->fields);
    field *existing = record_get(r, new_name);
    if (existing) {
        size_t j = (size_t)(existing - r->fields);
        memmove(existing, existing + 1, (r->nfields - j - 1) * sizeof *existing);
        r->nfields--;
        if (j < idx)
            idx--;
    }
    f = &r->fields[idx];
    f->name_len = strlen(new_name);
    r->names_seen |= name_bit(new_name, f->name_len);
    f->name = arena_strndup(&r->mem, new_name, f->name_len);
}

void record_copy(record *dst, const record *src)
{
    record_clear(dst);
    for (size_t i = 0; i < src->nfields; i++) {
        const field *f = &src->fields[i];
        field *g = add_field(dst, f->name, f->name_len);
        for (uint32_t k = 0; k < f->nvalues; k++)
            push_value(dst, g, f->values[k].s, f->values[k].len);
    }
}

static char *put_len(char *d, size_t n)
{
    uint32_t v = (uint32_t)n;       /* names and values stay far below 4 GiB */
    memcpy(d, &v, sizeof v);
    return d + sizeof v;
}

static char *put_bytes(char *d, const char *s, size_t n)
{
    if (n)
        memcpy(d, s, n);
    return d + n;
}

static size_t unpack_len(const char *buf, size_t *off)
{
    uint32_t v;
    memcpy(&v, buf + *off, sizeof v);
    *off += sizeof v;
    return v;
}

size_t record_packed_size(const record *r)
{
    size_t need = sizeof(uint32_t);
    for (size_t i = 0; i < r->nfields; i++) {
        const field *f = &r->fields[i];
        need += 2 * sizeof(uint32_t) + f->name_len;
        for (uint32_t k = 0; k < f->nvalues; k++)
            need += sizeof(uint32_t) + f->values[k].len;
    }
    return need;
}

void record_pack(const record *r, char **buf, size_t *len, size_t *cap)
{
    size_t need = record_packed_size(r);
    xgrow((void **)buf, cap, *len + need, 1);
    char *d = put_len(*buf + *len, r->nfields);
    for (size_t i = 0; i < r->nfields; i++) {
        const field *f = &r->fields[i];
        d = put_bytes(put_len(d, f->name_len), f->name, f->name_len);
        d = put_len(d, f->nvalues);
        for (uint32_t k = 0; k < f->nvalues; k++)
            d = put_bytes(put_len(d, f->values[k].len), f->values[k].s, f->values[k].len);
    }
    *len += need;
}

void record_unpack(record *r, const char *buf, size_t *off)
{
    record_clear(r);
    size_t nfields = unpack_len(buf, off);
    for (size_t i = 0; i < nfields; i++) {
        size_t name_len = unpack_len(buf, off);
        field *f = add_field(r, buf + *off, name_len);
        *off += name_len;
        size_t nvalues = unpack_len(buf, off);
        for (size_t k = 0; k < nvalues; k++) {
            size_t vlen = unpack_len(buf, off);
            push_value(r, f, buf + *off, vlen);
            *off += vlen;
        }
    }
}
