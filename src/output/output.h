/* output.h - result rows to text: aligned table, CSV, JSON array, JSON lines.
 * An output holds one section per search (per detection when several run); each
 * section is an spl_sink the plan writes rows into. JSON and JSON lines stream rows
 * as they come; table and CSV hold the rows to know columns and widths and print
 * at output_close(), sections in the order they were begun. An output opened
 * without a stream holds every row until output_set_stream() gives it one.
 *
 * Several searches in one output (docs/outputs.md): JSON rows carry search_name;
 * CSV is one stream with a leading search_name column and, as its header, the
 * union of the columns of the sections that have rows (first seen first); tables
 * are titled one per section. The held sections are also the data a report is
 * made of: each row as a record, with its trace fields (source_file, ...).
 *
 * Ownership: output_close() frees the output and all its sections. */
#ifndef TRAWL_OUTPUT_H
#define TRAWL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../spl/spl.h"

typedef enum output_format {
    OUTPUT_TABLE,
    OUTPUT_CSV,
    OUTPUT_JSON,
    OUTPUT_JSONL,
} output_format;

/* Accepts "table", "csv", "json", "jsonl"; returns -1 otherwise. */
int output_format_parse(const char *name, output_format *out);

typedef struct output_options {
    output_format format;
    const char *tz;          /* zone for _time in tables; NULL = UTC */
    bool titles;             /* table: print a title line per section */
    size_t fit_width;        /* table: fit lines in this many characters (a
                                terminal's width), one line a row; 0: no limit */
    bool skip_empty;         /* table: leave out sections without rows (a run of
                                detections or Sigma rules shows those that matched) */
} output_options;

typedef struct output output;
typedef struct output_section output_section;

/* fp NULL: rows are held, whatever the format, until output_set_stream. */
output *output_open(FILE *fp, const output_options *opt);
/* Where a held output is written at output_close (once, before it). */
void output_set_stream(output *o, FILE *fp);
/* search_name is added to JSON rows when not NULL and titles tables. Fields named in
 * array_fields (NULL-terminated, may be NULL) are always JSON arrays. */
output_section *output_begin_section(output *o, const char *search_name,
                                     const char *const *array_fields);
spl_sink *output_section_sink(output_section *s);
/* Fields written as JSON numbers when their value is a finite number
 * (NULL-terminated, not copied; may be NULL). */
void output_section_set_numbers(output_section *s, const char *const *number_fields);
/* The table title, when it differs from search_name (copied). */
void output_section_set_title(output_section *s, const char *title);
/* Removes the most recently begun section (its search did not compile). */
void output_drop_last_section(output *o);
/* Columns the plan fixes (spl_plan_columns); without them, the union of the rows'
 * fields in order of first appearance. */
void output_section_set_columns(output_section *s, const char *const *cols, size_t n);
size_t output_section_rows(const output_section *s);
/* Rows of every section of o. */
size_t output_rows(const output *o);
/* Rows held so far (table, CSV, or an output without a stream), in arrival order;
 * NULL past the last. */
const record *output_section_row(const output_section *s, size_t i);
/* Writes what is held, flushes, frees. Returns 0, or -1 when writing failed (full
 * disk, closed pipe): the caller reports it. An output that never got a stream is
 * freed unwritten. */
int output_close(output *o);

#endif
