/* output_private.h - the output's internals shared by output.c and the table and
 * CSV writers. */
#ifndef TRAWL_OUTPUT_PRIVATE_H
#define TRAWL_OUTPUT_PRIVATE_H

#include "output.h"

struct output_section {
    output *out;
    spl_sink sink;                   /* rows arrive here */
    char *search_name;               /* owned; NULL for ad-hoc searches */
    const char *const *array_fields; /* not owned; NULL-terminated */
    record *rows;                    /* held rows (table, csv) */
    size_t nrows, rows_cap;          /* nrows counts streamed rows too */
    char **columns;                  /* owned names */
    size_t ncolumns, columns_cap;
    bool columns_fixed;              /* set by the plan or computed once */
};

struct output {
    FILE *fp;
    output_options opt;
    output_section **sections;
    size_t nsections, sections_cap;
    bool format_json_started;        /* a JSON row was written: "[" is out */
};

/* Fixes s->columns from the held rows when the plan did not. */
void output_section_columns(output_section *s);
void out_table_write(output *o, output_section *s, bool separate);
void out_csv_write(output *o, output_section *s);

#endif
