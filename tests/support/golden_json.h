/* golden_json.h - for the golden test runners (tests/spl, tests/sigma): result rows
 * collected as compact JSON lines, input records read from JSON lines (an array is a
 * multivalue field), expected rows normalized the same way. Header-only, as each
 * test is one translation unit; include it after cmocka.h (fail_msg). */
#ifndef TRAWL_TEST_GOLDEN_JSON_H
#define TRAWL_TEST_GOLDEN_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "spl/spl.h"
#include "util/xmalloc.h"

/* Collects result rows as compact JSON lines. */
typedef struct collect {
    spl_sink sink;
    const char *const *fields;   /* shown fields, NULL: all */
    size_t nfields;
    char *out;
    size_t len, cap;
} collect;

static inline bool shown(const collect *c, const char *name)
{
    if (!c->fields)
        return true;
    for (size_t i = 0; i < c->nfields; i++)
        if (strcmp(c->fields[i], name) == 0)
            return true;
    return false;
}

static inline void collect_row(spl_sink *self, const record *r)
{
    collect *c = (collect *)self;
    json_t *o = json_object();
    for (size_t i = 0; i < r->nfields; i++) {
        const field *f = &r->fields[i];
        if (!shown(c, f->name))
            continue;
        json_t *v;
        if (f->nvalues == 1) {
            v = json_stringn(f->values[0].s, f->values[0].len);
        } else {
            v = json_array();
            for (uint32_t k = 0; k < f->nvalues; k++)
                json_array_append_new(v, json_stringn(f->values[k].s, f->values[k].len));
        }
        json_object_set_new(o, f->name, v);
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    size_t n = strlen(s);
    XGROW(c->out, c->cap, c->len + n + 2);
    memcpy(c->out + c->len, s, n);
    c->len += n;
    c->out[c->len++] = '\n';
    c->out[c->len] = '\0';
    free(s);
    json_decref(o);
}

static inline void json_to_record(const char *line, record *r)
{
    json_error_t jerr;
    json_t *o = json_loads(line, 0, &jerr);
    if (!o || !json_is_object(o))
        fail_msg("bad input record: %s", line);
    record_clear(r);
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        if (json_is_array(v)) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e)
                record_add(r, key, json_string_value(e), json_string_length(e));
        } else if (json_is_string(v)) {
            record_set(r, key, json_string_value(v), json_string_length(v));
        } else {
            char *s = json_dumps(v, JSON_ENCODE_ANY);
            record_set(r, key, s, strlen(s));
            free(s);
        }
    }
    json_decref(o);
}

static inline char *normalize(const char *line)
{
    json_error_t jerr;
    json_t *o = json_loads(line, 0, &jerr);
    if (!o)
        fail_msg("bad expected row: %s", line);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

#endif
