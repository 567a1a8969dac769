/* output.c - sections, row buffering and the JSON writers; table and CSV layout
 * live in out_table.c and out_csv.c. */
#include "output.h"

#include <string.h>

#include "../util/xmalloc.h"
#include "json_write.h"
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
    o->opt = *opt;
    return o;
}

static bool is_array_field(const output_section *s, const char *name)
{
    for (const char *const *a = s->array_fields; a && *a; a++)
        if (strcmp(*a, name) == 0)
            return true;
    return false;
}

static void write_json_row(output_section *s, const record *row)
{
    output *o = s->out;
    FILE *fp = o->fp;
    if (o->format_json_started)
        fputs(o->opt.format == OUTPUT_JSON ? ",\n" : "", fp);
    else if (o->opt.format == OUTPUT_JSON)
        fputs("[\n", fp);
    o->format_json_started = true;
    fputs(o->opt.format == OUTPUT_JSON ? "  {" : "{", fp);
    bool first = true;
    /* Risk events carry their own search_name. */
    if (s->search_name && !record_get(row, "search_name")) {
        fputs("\"search_name\":", fp);
        json_write_string(fp, s->search_name, strlen(s->search_name));
        first = false;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        const field *f = &row->fields[i];
        if (f->nvalues == 0)
            continue;
        if (!first)
            fputc(',', fp);
        first = false;
        json_write_string(fp, f->name, f->name_len);
        fputc(':', fp);
        if (f->nvalues == 1 && !is_array_field(s, f->name)) {
            json_write_string(fp, f->values[0].s, f->values[0].len);
        } else {
            fputc('[', fp);
            for (uint32_t k = 0; k < f->nvalues; k++) {
                if (k)
                    fputc(',', fp);
                json_write_string(fp, f->values[k].s, f->values[k].len);
            }
            fputc(']', fp);
        }
    }
    fputs(o->opt.format == OUTPUT_JSON ? "}" : "}\n", fp);
}

static void section_row(spl_sink *sink, const record *row)
{
    output_section *s = sink->ctx;
    s->nrows++;
    if (s->out->opt.format == OUTPUT_JSON || s->out->opt.format == OUTPUT_JSONL) {
        write_json_row(s, row);
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

size_t output_section_rows(const output_section *s)
{
    return s->nrows;
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

/* Splunk hides internal fields (leading underscore) except _time and _raw. */
static bool column_visible(const char *name)
{
    return name[0] != '_' || strcmp(name, "_time") == 0 || strcmp(name, "_raw") == 0;
}

void output_section_columns(output_section *s)
{
    if (s->columns_fixed)
        return;
    for (size_t r = 0; r < s->nrows; r++) {
        const record *row = &s->rows[r];
        for (size_t i = 0; i < row->nfields; i++) {
            const char *name = row->fields[i].name;
            if (!column_visible(name))
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
    free(s);
}

void output_drop_last_section(output *o)
{
    if (o->nsections)
        section_free(o->sections[--o->nsections]);
}

int output_close(output *o)
{
    FILE *fp = o->fp;
    switch (o->opt.format) {
    case OUTPUT_TABLE: {
        size_t written = 0;
        for (size_t i = 0; i < o->nsections; i++) {
            if (o->opt.skip_empty && o->sections[i]->nrows == 0)
                continue;
            out_table_write(o, o->sections[i], written++ > 0);
        }
        break;
    }
    case OUTPUT_CSV:
        for (size_t i = 0; i < o->nsections; i++)
            out_csv_write(o, o->sections[i]);
        break;
    case OUTPUT_JSON:
        fputs(o->format_json_started ? "\n]\n" : "[]\n", fp);
        break;
    case OUTPUT_JSONL:
        break;
    }
    for (size_t i = 0; i < o->nsections; i++)
        section_free(o->sections[i]);
    free(o->sections);
    free(o);
    int failed = fflush(fp) != 0 || ferror(fp);
    return failed ? -1 : 0;
}
