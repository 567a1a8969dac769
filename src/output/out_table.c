/* out_table.c - the aligned text table a terminal user reads: a header, a rule,
 * one line per row (more when a cell is multivalue), numeric columns right-aligned,
 * _time shown as a date in the run's time zone. Widths count characters, not bytes.
 * Values, column names and titles go through termsafe.h: a cell is always one line
 * of plain text whatever bytes the event held (CSV and JSON keep them exact). With
 * a width to fit (a terminal's), a row is one line: multivalue cells joined with
 * " | ", the widest columns narrowed and their long cells cut with an ellipsis. */
#include <string.h>

#include "../util/num.h"
#include "../util/termsafe.h"
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

/* Room for the text of one cell: a formatted _time, or an escaped value. */
typedef struct cell_scratch {
    char time[64];
    char *esc;            /* escaped text (termsafe.h), grown as needed */
    size_t esc_cap;
    char *joined;         /* a multivalue cell on one line, grown as needed */
    size_t joined_cap;
} cell_scratch;

enum { TABLE_MIN_WIDTH = 8 };   /* no column is narrowed below this */

/* s[0..len) as a terminal may show it: itself, or its escaped form in sc. */
static cell_text safe_text(cell_scratch *sc, const char *s, size_t len)
{
    if (!termsafe_needed(s, len))
        return (cell_text){ s, len };
    XGROW(sc->esc, sc->esc_cap, TERMSAFE_SIZE(len));
    return (cell_text){ sc->esc, termsafe_escape(s, len, sc->esc) };
}

/* The text shown for value k of field f in column name: _time as a date, anything
 * else with its control characters escaped. Valid until the next call. */
static cell_text cell_value(const output *o, const char *name, const field *f, uint32_t k,
                            cell_scratch *sc)
{
    cell_text t = { f->values[k].s, f->values[k].len };
    double epoch;
    if (strcmp(name, "_time") == 0 && num_parse(t.s, t.len, &epoch)) {
        t.len = timefmt_format(epoch, "%Y-%m-%d %H:%M:%S.%3N", o->opt.tz, sc->time,
                               sizeof sc->time);
        t.s = sc->time;
        return t;
    }
    return safe_text(sc, t.s, t.len);
}

/* A cell as one line: its values shown as cell_value does, joined with " | ". */
static cell_text cell_joined(const output *o, const char *name, const field *f,
                             cell_scratch *sc)
{
    if (f->nvalues == 1)
        return cell_value(o, name, f, 0, sc);
    size_t n = 0;
    for (uint32_t k = 0; k < f->nvalues; k++) {
        cell_text t = cell_value(o, name, f, k, sc);
        XGROW(sc->joined, sc->joined_cap, n + t.len + 4);
        if (k) {
            memcpy(sc->joined + n, " | ", 3);
            n += 3;
        }
        memcpy(sc->joined + n, t.s, t.len);
        n += t.len;
    }
    return (cell_text){ sc->joined ? sc->joined : "", n };
}

/* Narrows the widest columns until a line fits fit characters (or none can be
 * narrowed further). */
static void fit_widths(size_t *width, const size_t *floor, size_t n, size_t fit)
{
    size_t total = n ? 2 * (n - 1) : 0;
    for (size_t c = 0; c < n; c++)
        total += width[c];
    while (total > fit) {
        size_t widest = n;
        for (size_t c = 0; c < n; c++)
            if (width[c] > floor[c] && (widest == n || width[c] > width[widest]))
                widest = c;
        if (widest == n)
            return;
        width[widest]--;
        total--;
    }
}

/* t cut to at most w characters, the last an ellipsis when it was longer; *shown
 * gets the characters written. */
static void write_cut(FILE *fp, cell_text t, size_t w, size_t *shown)
{
    size_t tw = text_width(t.s, t.len);
    if (tw <= w) {
        fwrite(t.s, 1, t.len, fp);
        *shown = tw;
        return;
    }
    size_t chars = 0, i = 0;
    while (i < t.len && w > 0) {
        if (((unsigned char)t.s[i] & 0xc0) != 0x80) {
            if (chars == w - 1)
                break;
            chars++;
        }
        fputc(t.s[i++], fp);
    }
    fputs(w > 0 ? "\xe2\x80\xa6" : "", fp);   /* U+2026 HORIZONTAL ELLIPSIS */
    *shown = w;
}

static void pad(FILE *fp, size_t n)
{
    while (n--)
        fputc(' ', fp);
}

void out_table_write(output *o, output_section *s, bool separate)
{
    FILE *fp = o->fp;
    cell_scratch sc = { .esc = NULL };
    output_section_columns(s);
    if (separate)
        fputc('\n', fp);
    const char *title = s->title ? s->title : s->search_name;
    if (o->opt.titles && title) {
        termsafe_write(fp, title, strlen(title));
        fprintf(fp, " (%zu result%s)\n", s->nrows, s->nrows == 1 ? "" : "s");
    }
    if (s->ncolumns == 0) {
        if (o->opt.titles)
            fputs("(no results)\n", fp);
        return;
    }
    bool fit = o->opt.fit_width > 0;
    size_t *width = xcalloc(s->ncolumns, sizeof *width);
    size_t *floor = xcalloc(s->ncolumns, sizeof *floor);   /* narrowest allowed */
    bool *numeric = xcalloc(s->ncolumns, sizeof *numeric);
    for (size_t c = 0; c < s->ncolumns; c++) {
        cell_text head = safe_text(&sc, s->columns[c], strlen(s->columns[c]));
        width[c] = text_width(head.s, head.len);
        numeric[c] = s->nrows > 0;
        for (size_t r = 0; r < s->nrows; r++) {
            const field *f = record_get(&s->rows[r], s->columns[c]);
            for (uint32_t k = 0; f && k < f->nvalues; k++) {
                cell_text t = cell_value(o, s->columns[c], f, k, &sc);
                double d;
                if (!num_parse(t.s, t.len, &d))
                    numeric[c] = false;
                if (fit && f->nvalues > 1)
                    t = cell_joined(o, s->columns[c], f, &sc);
                size_t w = text_width(t.s, t.len);
                if (w > width[c])
                    width[c] = w;
            }
        }
        /* A date is never cut; other columns down to TABLE_MIN_WIDTH. */
        floor[c] = strcmp(s->columns[c], "_time") == 0 || width[c] < TABLE_MIN_WIDTH
                       ? width[c]
                       : TABLE_MIN_WIDTH;
    }
    if (fit)
        fit_widths(width, floor, s->ncolumns, o->opt.fit_width);
    for (size_t c = 0; c < s->ncolumns; c++) {
        cell_text head = safe_text(&sc, s->columns[c], strlen(s->columns[c]));
        size_t w = text_width(head.s, head.len);
        if (w > width[c])
            w = width[c];
        if (numeric[c])
            pad(fp, width[c] - w);
        write_cut(fp, head, width[c], &w);
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
        for (size_t c = 0; c < s->ncolumns && !fit; c++) {
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
                if (f && fit && f->nvalues)
                    t = cell_joined(o, s->columns[c], f, &sc);
                else if (f && line < f->nvalues)
                    t = cell_value(o, s->columns[c], f, line, &sc);
                size_t w = text_width(t.s, t.len);
                if (t.len) {
                    pad(fp, pending);
                    pending = 0;
                    if (numeric[c] && w < width[c])
                        pad(fp, width[c] - w);
                    write_cut(fp, t, width[c], &w);
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
    free(floor);
    free(numeric);
    free(sc.esc);
    free(sc.joined);
}
