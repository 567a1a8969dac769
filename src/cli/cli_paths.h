/* cli_paths.h - the files a command line names, as every command treats them: the
 * inputs (files, directories walked as input.h walks them, "-" for stdin) and the
 * outputs (-o). No output is ever one of the inputs, whatever path leads to it
 * (a symbolic or hard link, a file found under an input directory), and outputs
 * are written through outfile.h, so evidence is never lost. dump and info, which
 * read .evtx files themselves, open their inputs here one by one. */
#ifndef TRAWL_CLI_PATHS_H
#define TRAWL_CLI_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "../formats/input.h"
#include "../util/outfile.h"

typedef struct cli_input_file cli_input_file;

typedef struct cli_paths {
    char *const *paths;         /* the inputs as given (not owned) */
    size_t npaths;
    const input_options *opt;   /* how they are walked (--glob); not owned */
    cli_input_file *files;      /* every input file, sorted by identity; made on
                                   the first output that already exists */
    size_t nfiles;
    bool indexed;               /* files is made */
    file_id *outputs;           /* files being written: input_options.skip */
    size_t noutputs, outputs_cap;
} cli_paths;

void cli_paths_init(cli_paths *cp, char *const *paths, size_t npaths, const input_options *opt);
void cli_paths_free(cli_paths *cp);

/* Every input must exist before anything is read or written: each path that does
 * not is reported, and EXIT_USAGE returned; else EXIT_OK. "-" is stdin. */
int cli_paths_check(const cli_paths *cp);

/* Opens output path (outfile.h) and adds it to cp->outputs. NULL, reported, when
 * path is one of the inputs or cannot be written: a usage error. */
outfile *cli_paths_open_output(cli_paths *cp, const char *path);
/* Points opt->skip at the outputs opened so far (call after the last one). */
void cli_paths_skip_outputs(const cli_paths *cp, input_options *opt);

/* Reads one opened file; name is for messages. Returns EXIT_OK, or EXIT_INPUT when
 * the file could not be read whole (already reported). */
typedef int (*cli_paths_fn)(void *ctx, const char *name, int fd);

/* Opens each input in order and hands it to fn. A path that cannot be opened is
 * reported and the others are still read. Returns EXIT_INPUT when some path could
 * not be opened or read whole, else EXIT_OK. */
int cli_paths_each_evtx(const cli_paths *cp, cli_paths_fn fn, void *ctx);

#endif
