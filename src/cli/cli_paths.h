/* cli_paths.h - the input paths of a command line, as every command treats them:
 * each opened in turn ("-" is stdin) for the commands that read .evtx files
 * themselves (dump, info), with the same messages and exit codes. */
#ifndef TRAWL_CLI_PATHS_H
#define TRAWL_CLI_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* Reads one opened file; name is for messages. Returns EXIT_OK, or EXIT_INPUT when
 * the file could not be read whole (already reported). */
typedef int (*cli_paths_fn)(void *ctx, const char *name, int fd);

/* Opens each path in order and hands it to fn. A path that cannot be opened is
 * reported and the others are still read. Returns EXIT_INPUT when some path could
 * not be opened or read whole, else EXIT_OK. */
int cli_paths_each_evtx(char *const *paths, size_t npaths, cli_paths_fn fn, void *ctx);

#endif
