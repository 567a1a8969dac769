/* cli_paths.c - opening the paths of a command line one by one. */
#include "cli_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "../util/error.h"

int cli_paths_each_evtx(char *const *paths, size_t npaths, cli_paths_fn fn, void *ctx)
{
    int rc = EXIT_OK;
    for (size_t i = 0; i < npaths; i++) {
        const char *path = paths[i];
        bool is_stdin = strcmp(path, "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            tr_warn("%s: cannot open: %s", path, strerror(errno));
            rc = EXIT_INPUT;
            continue;
        }
        if (fn(ctx, path, fd) != EXIT_OK)
            rc = EXIT_INPUT;
        if (!is_stdin)
            close(fd);
    }
    return rc;
}
