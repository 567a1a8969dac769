/* output.c - sections and row buffering; the writers live in out_table.c,
 * out_csv.c and out_json.c. */
#include "output.h"

#include <string.h>

#include "../spl/spl_trace.h"
#include "../util/xmalloc.h"
#include "output_private.h"

int output_format_parse(const char *name, output_format *out)
{
    static const struct { const char *name; output_format fmt; } formats[] = {
        { "table", OUTPUT_TABLE }, { "csv", OUTPUT_CSV },
        { "json", OUTPUT_JSON },   { "jsonl", OUTPUT_JSONL },
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].fmt;
            return 0;
        }
    }
    return -1;
}

output *output_open(FILE *fp, const output_options *opt)
{
    output *o = xcalloc(1, sizeof *o);
    o->fp = fp;
    o->hold = fp == NULL;
    o->opt = *opt;
    return o;
}

void output_set_stream(output *o, FILE *fp)
{
    o->fp = fp;
}

static bool streams(const output *o)
{
    return !o->hold && (o->opt.format == OUTPUT_JSON || o->opt.format == OUTPUT_JSONL);
}

static void section_row(spl_sink *sink, const record *row)
{
    output_section *s = sink->ctx;
    s->nrows++;
    if (streams(s->out)) {
        out_json_row(s, row);
        return;
    }
    XGROW(s->rows, s->rows_cap, s->nrows);
    record_init(&s->rows[s->nrows - 1]);
    record_copy(&s->rows[s->nrows - 1], row);
}

output_section *output_begin_section(output *o, const char *search_name,
                                     const char *const *array_fields)
{
    output_section *s = xcalloc(1, sizeof *s);
    s->out = o;
    s->search_name = search_name ? xstrdup(search_name) : NULL;
    s->array_fields = array_fields;
    s->sink.row = section_row;
    s->sink.ctx = s;
    XGROW(o->sections, o->sections_cap, o->nsections + 1);
    o->sections[o->nsections++] = s;
    return s;
}

spl_sink *output_section_sink(output_section *s)
{
    return &s->sink;
}

void output_section_set_numbers(output_section *s, const char *const *number_fields)
{
    s->number_fields = number_fields;
}

void output_section_set_title(output_section *s, const char *title)
{
    free(s->title);
    s->title = title ? xstrdup(title) : NULL;
}

size_t output_section_rows(const output_section *s)
{
    return s->nrows;
}

size_t output_rows(const output *o)
{
    size_t n = 0;
    for (size_t i = 0; i < o->nsections; i++)
        n += o->sections[i]->nrows;
    return n;
}

const record *output_section_row(const output_section *s, size_t i)
{
    return s->rows && i < s->nrows ? &s->rows[i] : NULL;
}

void output_section_set_columns(output_section *s, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < s->ncolumns; i++)
        free(s->columns[i]);
    free(s->columns);
    s->columns = n ? xmalloc(n * sizeof *s->columns) : NULL;
    for (size_t i = 0; i < n; i++)
        s->columns[i] = xstrdup(cols[i]);
    s->ncolumns = s->columns_cap = n;
    s->columns_fixed = true;
}

bool output_column_visible(const char *name)
{
    return name[0] != '_' || strcmp(name, "_time") == 0 || strcmp(name, "_raw") == 0;
}

static bool any_row_has(const output_section *s, const char *name)
{
    for (size_t r = 0; r < s->nrows; r++)
        if (record_get(&s->rows[r], name))
            return true;
    return false;
}

/* The trace fields (spl_trace.h) close a row, wherever the search put them: after
 * the result columns, those some row has, in their fixed order. */
static void trace_columns_last(output_section *s)
{
    size_t k = 0;
    for (size_t c = 0; c < s->ncolumns; c++) {
        if (spl_trace_is_field(s->columns[c]))
            free(s->columns[c]);
        else
            s->columns[k++] = s->columns[c];
    }
    s->ncolumns = k;
    for (const char *const *t = spl_trace_fields; *t; t++) {
        if (!any_row_has(s, *t))
            continue;
        XGROW(s->columns, s->columns_cap, s->ncolumns + 1);
        s->columns[s->ncolumns++] = xstrdup(*t);
    }
}

void output_section_columns(output_section *s)
{
    if (s->columns_done)
        return;
    s->columns_done = true;
    if (s->columns_fixed) {
        trace_columns_last(s);
        return;
    }
    for (size_t r = 0; r < s->nrows; r++) {
        const record *row = &s->rows[r];
        for (size_t i = 0; i < row->nfields; i++) {
            const char *name = row->fields[i].name;
            if (!output_column_visible(name))
                continue;
            bool seen = false;
            for (size_t c = 0; c < s->ncolumns && !seen; c++)
                seen = strcmp(s->columns[c], name) == 0;
            if (!seen) {
                XGROW(s->columns, s->columns_cap, s->ncolumns + 1);
                s->columns[s->ncolumns++] = xstrdup(name);
            }
        }
    }
    s->columns_fixed = true;
    trace_columns_last(s);
}

static void section_free(output_section *s)
{
    for (size_t r = 0; r < s->nrows && s->rows; r++)
        record_free(&s->rows[r]);
    free(s->rows);
    for (size_t i = 0; i < s->ncolumns; i++)
        free(s->columns[i]);
    free(s->columns);
    free(s->search_name);
    free(s->title);
    free(s);
}

void output_drop_last_section(output *o)
{
    if (o->nsections)
        section_free(o->sections[--o->nsections]);
}

static void write_tables(output *o)
{
    size_t written = 0;
    for (size_t i = 0; i < o->nsections; i++) {
        if (o->opt.skip_empty && o->sections[i]->nrows == 0)
            continue;
        out_table_write(o, o->sections[i], written++ > 0);
    }
}

/* JSON rows held (an output without a stream until now), in section order. */
static void write_held_json(output *o)
{
    for (size_t i = 0; i < o->nsections; i++)
        for (size_t r = 0; o->hold && r < o->sections[i]->nrows; r++)
            out_json_row(o->sections[i], &o->sections[i]->rows[r]);
}

static void output_free(output *o)
{
    for (size_t i = 0; i < o->nsections; i++)
        section_free(o->sections[i]);
    free(o->sections);
    free(o);
}

int output_close(output *o)
{
    FILE *fp = o->fp;
    if (!fp) {
        output_free(o);
        return 0;
    }
    switch (o->opt.format) {
    case OUTPUT_TABLE:
        write_tables(o);
        break;
    case OUTPUT_CSV:
        out_csv_write(o);
        break;
    case OUTPUT_JSON:
        write_held_json(o);
        fputs(o->format_json_started ? "\n]\n" : "[]\n", fp);
        break;
    case OUTPUT_JSONL:
        write_held_json(o);
        break;
    }
    output_free(o);
    int failed = fflush(fp) != 0 || ferror(fp);
    return failed ? -1 : 0;
}
