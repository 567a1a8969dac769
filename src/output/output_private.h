/* output_private.h - the output's internals shared by output.c and the table and
 * CSV writers. */
#ifndef TRAWL_OUTPUT_PRIVATE_H
#define TRAWL_OUTPUT_PRIVATE_H

#include "output.h"

struct output_section {
    output *out;
    spl_sink sink;                   /* rows arrive here */
    char *search_name;               /* owned; NULL for ad-hoc searches */
    char *title;                     /* owned; NULL: search_name titles the table */
    const char *const *array_fields; /* not owned; NULL-terminated */
    const char *const *number_fields;/* not owned; NULL-terminated */
    record *rows;                    /* held rows (table, csv) */
    size_t nrows, rows_cap;          /* nrows counts streamed rows too */
    char **columns;                  /* owned names */
    size_t ncolumns, columns_cap;
    bool columns_fixed;              /* set by the plan or computed once */
    bool columns_done;               /* trace columns moved last (output_section_columns) */
};

struct output {
    FILE *fp;                        /* NULL until output_set_stream: rows held */
    bool hold;                       /* rows are held whatever the format */
    output_options opt;
    output_section **sections;
    size_t nsections, sections_cap;
    bool format_json_started;        /* a JSON row was written: "[" is out */
};

/* Fixes s->columns from the held rows when the plan did not. */
void output_section_columns(output_section *s);
/* Internal fields (a leading underscore) are hidden, as in Splunk, but _time and _raw. */
bool output_column_visible(const char *name);
void out_table_write(output *o, output_section *s, bool separate);
/* Every section as one CSV stream (output.h). */
void out_csv_write(output *o);
/* One JSON object (a line with JSON lines) for row of section s. */
void out_json_row(output_section *s, const record *row);

#endif
