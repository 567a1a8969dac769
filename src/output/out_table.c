/* out_table.c - the aligned text table a terminal user reads: a header, a rule,
 * one line per row (more when a cell is multivalue), numeric columns right-aligned,
 * _time shown as a date in the run's time zone. Widths count characters, not bytes. */
#include <string.h>

#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"
#include "output_private.h"

/* Display width: UTF-8 code points (continuation bytes do not count). */
static size_t text_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            w++;
    return w;
}

typedef struct cell_text {
    const char *s;
    size_t len;
} cell_text;

/* The text shown for value k of field f in column name; _time is formatted into buf. */
static cell_text cell_value(const output *o, const char *name, const field *f, uint32_t k,
                            char *buf, size_t bufsize)
{
    cell_text t = { f->values[k].s, f->values[k].len };
    double epoch;
    if (strcmp(name, "_time") == 0 && num_parse(t.s, t.len, &epoch)) {
        t.len = timefmt_format(epoch, "%Y-%m-%d %H:%M:%S.%3N", o->opt.tz, buf, bufsize);
        t.s = buf;
    }
    return t;
}

static void pad(FILE *fp, size_t n)
{
    while (n--)
        fputc(' ', fp);
}

void out_table_write(output *o, output_section *s, bool separate)
{
    FILE *fp = o->fp;
    char buf[64];
    output_section_columns(s);
    if (separate)
        fputc('\n', fp);
    if (o->opt.titles && s->search_name)
        fprintf(fp, "%s (%zu result%s)\n", s->search_name, s->nrows, s->nrows == 1 ? "" : "s");
    if (s->ncolumns == 0) {
        if (o->opt.titles)
            fputs("(no results)\n", fp);
        return;
    }
    size_t *width = xcalloc(s->ncolumns, sizeof *width);
    bool *numeric = xcalloc(s->ncolumns, sizeof *numeric);
    for (size_t c = 0; c < s->ncolumns; c++) {
        width[c] = text_width(s->columns[c], strlen(s->columns[c]));
        numeric[c] = s->nrows > 0;
        for (size_t r = 0; r < s->nrows; r++) {
            const field *f = record_get(&s->rows[r], s->columns[c]);
            for (uint32_t k = 0; f && k < f->nvalues; k++) {
                cell_text t = cell_value(o, s->columns[c], f, k, buf, sizeof buf);
                size_t w = text_width(t.s, t.len);
                if (w > width[c])
                    width[c] = w;
                double d;
                if (!num_parse(t.s, t.len, &d))
                    numeric[c] = false;
            }
        }
    }
    for (size_t c = 0; c < s->ncolumns; c++) {
        size_t w = text_width(s->columns[c], strlen(s->columns[c]));
        if (numeric[c])
            pad(fp, width[c] - w);
        fputs(s->columns[c], fp);
        if (c + 1 < s->ncolumns)
            pad(fp, (numeric[c] ? 0 : width[c] - w) + 2);
    }
    fputc('\n', fp);
    for (size_t c = 0; c < s->ncolumns; c++) {
        for (size_t i = 0; i < width[c]; i++)
            fputc('-', fp);
        if (c + 1 < s->ncolumns)
            fputs("  ", fp);
    }
    fputc('\n', fp);
    for (size_t r = 0; r < s->nrows; r++) {
        uint32_t lines = 1;
        for (size_t c = 0; c < s->ncolumns; c++) {
            const field *f = record_get(&s->rows[r], s->columns[c]);
            if (f && f->nvalues > lines)
                lines = f->nvalues;
        }
        for (uint32_t line = 0; line < lines; line++) {
            /* Trailing spaces are left off: pending counts the padding owed. */
            size_t pending = 0;
            for (size_t c = 0; c < s->ncolumns; c++) {
                const field *f = record_get(&s->rows[r], s->columns[c]);
                cell_text t = { "", 0 };
                if (f && line < f->nvalues)
                    t = cell_value(o, s->columns[c], f, line, buf, sizeof buf);
                size_t w = text_width(t.s, t.len);
                if (t.len) {
                    pad(fp, pending);
                    pending = 0;
                    if (numeric[c])
                        pad(fp, width[c] - w);
                    fwrite(t.s, 1, t.len, fp);
                    pending = numeric[c] ? 0 : width[c] - w;
                } else {
                    pending += width[c];
                }
                if (c + 1 < s->ncolumns)
                    pending += 2;
            }
            fputc('\n', fp);
        }
    }
    free(width);
    free(numeric);
}
