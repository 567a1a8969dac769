/* out_csv.c - RFC 4180 CSV of a section's rows: header of the result columns, fields
 * quoted only when they must be, multivalue joined with newlines (as Splunk does). */
#include <string.h>

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

static void write_quoted(FILE *fp, const char *s, size_t len)
{
    fputc('"', fp);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            fputc('"', fp);
        fputc(s[i], fp);
    }
    fputc('"', fp);
}

static void write_cell(FILE *fp, const field *f)
{
    if (!f || f->nvalues == 0)
        return;
    bool quote = f->nvalues > 1;
    for (uint32_t k = 0; k < f->nvalues && !quote; k++)
        quote = needs_quotes(f->values[k].s, f->values[k].len);
    if (!quote) {
        fwrite(f->values[0].s, 1, f->values[0].len, fp);
        return;
    }
    fputc('"', fp);
    for (uint32_t k = 0; k < f->nvalues; k++) {
        if (k)
            fputc('\n', fp);
        for (size_t i = 0; i < f->values[k].len; i++) {
            if (f->values[k].s[i] == '"')
                fputc('"', fp);
            fputc(f->values[k].s[i], fp);
        }
    }
    fputc('"', fp);
}

void out_csv_write(output *o, output_section *s)
{
    FILE *fp = o->fp;
    output_section_columns(s);
    for (size_t c = 0; c < s->ncolumns; c++) {
        if (c)
            fputc(',', fp);
        const char *name = s->columns[c];
        if (needs_quotes(name, strlen(name)))
            write_quoted(fp, name, strlen(name));
        else
            fputs(name, fp);
    }
    if (s->ncolumns)
        fputc('\n', fp);
    for (size_t r = 0; r < s->nrows; r++) {
        for (size_t c = 0; c < s->ncolumns; c++) {
            if (c)
                fputc(',', fp);
            write_cell(fp, record_get(&s->rows[r], s->columns[c]));
        }
        fputc('\n', fp);
    }
}
