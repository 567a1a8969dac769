/* out_csv.c - RFC 4180 CSV: a header of the result columns, fields quoted only when
 * they must be, multivalue joined with newlines (as Splunk does). Several searches
 * make one stream: a leading search_name column, then the union of the columns of
 * the sections that have rows, in the order first seen (a search's columns in its
 * order, searches in run order), the trace columns last; a cell a row does not
 * have is empty. */
#include <string.h>

#include "../spl/spl_trace.h"
#include "../util/xmalloc.h"
#include "output_private.h"

static bool needs_quotes(const char *s, size_t len)
{
    if (len && (s[0] == ' ' || s[len - 1] == ' '))
        return true;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            return true;
    return false;
}

/* One value (or multivalue) as a cell. */
static void write_values(FILE *fp, const sv *v, uint32_t n)
{
    if (n == 0)
        return;
    bool quote = n > 1;
    for (uint32_t k = 0; k < n && !quote; k++)
        quote = needs_quotes(v[k].s, v[k].len);
    if (!quote) {
        fwrite(v[0].s, 1, v[0].len, fp);
        return;
    }
    fputc('"', fp);
    for (uint32_t k = 0; k < n; k++) {
        if (k)
            fputc('\n', fp);
        for (size_t i = 0; i < v[k].len; i++) {
            if (v[k].s[i] == '"')
                fputc('"', fp);
            fputc(v[k].s[i], fp);
        }
    }
    fputc('"', fp);
}

static void write_text(FILE *fp, const char *s)
{
    sv v = { s, strlen(s) };
    write_values(fp, &v, 1);
}

static void write_header(FILE *fp, char *const *cols, size_t n, bool names)
{
    if (names)
        fputs(n ? "search_name," : "search_name", fp);
    for (size_t c = 0; c < n; c++) {
        if (c)
            fputc(',', fp);
        write_text(fp, cols[c]);
    }
    if (n || names)
        fputc('\n', fp);
}

static void write_rows(FILE *fp, const output_section *s, char *const *cols, size_t n, bool names)
{
    for (size_t r = 0; r < s->nrows; r++) {
        const record *row = &s->rows[r];
        if (names) {
            /* Risk events carry their own search_name. */
            const field *own = record_get(row, "search_name");
            if (own)
                write_values(fp, own->values, own->nvalues);
            else if (s->search_name)
                write_text(fp, s->search_name);
            if (n)
                fputc(',', fp);
        }
        for (size_t c = 0; c < n; c++) {
            if (c)
                fputc(',', fp);
            const field *f = record_get(row, cols[c]);
            if (f)
                write_values(fp, f->values, f->nvalues);
        }
        fputc('\n', fp);
    }
}

/* Adds the columns of the sections with rows that trace (or not), each once. */
static void add_columns(output *o, bool trace, char ***cols, size_t *cap, size_t *n)
{
    for (size_t i = 0; i < o->nsections; i++) {
        output_section *s = o->sections[i];
        if (s->nrows == 0)
            continue;
        output_section_columns(s);
        for (size_t c = 0; c < s->ncolumns; c++) {
            bool seen = strcmp(s->columns[c], "search_name") == 0 ||
                        spl_trace_is_field(s->columns[c]) != trace;
            for (size_t k = 0; k < *n && !seen; k++)
                seen = strcmp((*cols)[k], s->columns[c]) == 0;
            if (!seen) {
                XGROW(*cols, *cap, *n + 1);
                (*cols)[(*n)++] = s->columns[c];
            }
        }
    }
}

/* The columns of the sections with rows, each once, first seen first, then the
 * trace columns; search_name leads the stream and is not repeated. */
static char **union_columns(output *o, size_t *n)
{
    char **cols = NULL;
    size_t cap = 0;
    *n = 0;
    add_columns(o, false, &cols, &cap, n);
    add_columns(o, true, &cols, &cap, n);
    return cols;
}

void out_csv_write(output *o)
{
    FILE *fp = o->fp;
    size_t named = 0;
    for (size_t i = 0; i < o->nsections; i++)
        named += o->sections[i]->search_name != NULL;
    if (named < 2) {
        /* One search: exactly its columns, a header even without rows. */
        for (size_t i = 0; i < o->nsections; i++) {
            output_section *s = o->sections[i];
            output_section_columns(s);
            write_header(fp, s->columns, s->ncolumns, false);
            write_rows(fp, s, s->columns, s->ncolumns, false);
        }
        return;
    }
    size_t n;
    char **cols = union_columns(o, &n);
    write_header(fp, cols, n, true);
    for (size_t i = 0; i < o->nsections; i++)
        write_rows(fp, o->sections[i], cols, n, true);
    free(cols);
}
