/* output.h - result rows to text: aligned table, CSV, JSON array, JSON lines.
 * An output holds one section per search (per detection when several run); each
 * section is an spl_sink the plan writes rows into. JSON and JSON lines stream rows
 * as they come; table and CSV hold a section's rows to know its columns and widths
 * and print at output_close(), sections in the order they were begun.
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
    bool skip_empty;         /* table: leave out sections without rows (a run of
                                thousands of Sigma rules shows those that matched) */
} output_options;

typedef struct output output;
typedef struct output_section output_section;

output *output_open(FILE *fp, const output_options *opt);
/* search_name is added to JSON rows when not NULL and titles tables. Fields named in
 * array_fields (NULL-terminated, may be NULL) are always JSON arrays. */
output_section *output_begin_section(output *o, const char *search_name,
                                     const char *const *array_fields);
spl_sink *output_section_sink(output_section *s);
/* Removes the most recently begun section (its search did not compile). */
void output_drop_last_section(output *o);
/* Columns the plan fixes (spl_plan_columns); without them, the union of the rows'
 * fields in order of first appearance. */
void output_section_set_columns(output_section *s, const char *const *cols, size_t n);
size_t output_section_rows(const output_section *s);
/* Writes what is held, flushes, frees. Returns 0, or -1 when writing failed (full
 * disk, closed pipe): the caller reports it. */
int output_close(output *o);

#endif
