/* record.h - the one data model every layer speaks: an event or a result row is a
 * record of named fields, each holding one or more string values (multivalue).
 *
 * Ownership: a record owns all its bytes in its own arena. Strings passed in are
 * copied. Pointers returned (field names, values) stay valid until the record is
 * cleared, freed, or the same field is modified. record_clear() keeps capacity, so
 * reading events in a loop with one record allocates nothing once warmed up.
 * Field order is insertion order; it is the column order outputs use. */
#ifndef TRAWL_RECORD_H
#define TRAWL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"

/* A string slice; s is NUL-terminated for values stored in a record. */
typedef struct sv {
    const char *s;
    size_t len;
} sv;

typedef struct field {
    const char *name;   /* NUL-terminated, case-sensitive */
    size_t name_len;
    sv *values;         /* nvalues >= 1 for a present field */
    uint32_t nvalues;
    uint32_t cap;       /* slots in values[] */
} field;

typedef struct record {
    field *fields;      /* malloc'd, reused across record_clear() */
    size_t nfields;
    size_t cap;
    uint64_t names_seen;/* one bit per name hash (name_bit): a clear bit proves a
                           name absent without the scan; bits are never cleared
                           before record_clear, so a set bit proves nothing */
    arena mem;          /* names and values */
} record;

void record_init(record *r);
void record_free(record *r);
void record_clear(record *r);
void record_copy(record *dst, const record *src);   /* dst is cleared first */

/* NULL when absent. */
field *record_get(const record *r, const char *name);
field *record_getn(const record *r, const char *name, size_t name_len);
/* First value or NULL when absent. */
const sv *record_value(const record *r, const char *name);

/* Replaces all values of name with one value (adds the field if absent). */
void record_set(record *r, const char *name, const char *val, size_t len);
void record_setn(record *r, const char *name, size_t name_len, const char *val, size_t len);
/* Appends a value, making the field multivalue if it already exists. */
void record_add(record *r, const char *name, const char *val, size_t len);
void record_addn(record *r, const char *name, size_t name_len, const char *val, size_t len);
/* Replaces all values of name with vals[0..n) (n == 0 removes the field). */
void record_set_mv(record *r, const char *name, const sv *vals, size_t n);
void record_remove(record *r, const char *name);
/* Renames a field, replacing any field already called new_name. */
void record_rename(record *r, const char *old_name, const char *new_name);
/* Copies bytes into the record's arena (for building values in place). */
char *record_strdup(record *r, const char *s, size_t len);

/* A record flattened into one byte run, to hand events between threads densely
 * (a batch of full records touches far more memory than its bytes). pack appends
 * to *buf (grown with xgrow); unpack replaces r's fields with those packed at
 * buf[*off] and advances *off. Only for bytes record_pack wrote. */
/* Bytes record_pack appends for r. */
size_t record_packed_size(const record *r);
void record_pack(const record *r, char **buf, size_t *len, size_t *cap);
void record_unpack(record *r, const char *buf, size_t *off);

#endif
