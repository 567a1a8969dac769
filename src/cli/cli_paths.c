/* cli_paths.c - inputs and outputs of a command line: outputs checked against the
 * identity (device, inode) of every input file, inputs opened one by one. */
#include "cli_paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/error.h"
#include "../util/xmalloc.h"

/* One file the inputs lead to. */
struct cli_input_file {
    file_id id;
    size_t named;      /* index of the path it was named as or found under */
    bool found;        /* found in a directory walk, not named itself */
};

void cli_paths_init(cli_paths *cp, char *const *paths, size_t npaths, const input_options *opt)
{
    *cp = (cli_paths){ .paths = paths, .npaths = npaths, .opt = opt };
}

void cli_paths_free(cli_paths *cp)
{
    free(cp->files);
    free(cp->outputs);
}

typedef struct index_ctx {
    cli_paths *cp;
    size_t cap;
    size_t named;      /* the path being walked */
} index_ctx;

static void index_add(index_ctx *ix, const struct stat *sb, bool found)
{
    cli_paths *cp = ix->cp;
    XGROW(cp->files, ix->cap, cp->nfiles + 1);
    cp->files[cp->nfiles++] = (cli_input_file){ { sb->st_dev, sb->st_ino }, ix->named, found };
}

static int index_visit(void *ctx, const char *path, const struct stat *sb, bool named)
{
    (void)path;
    if (sb)
        index_add(ctx, sb, !named);
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* Every file the inputs lead to, as the readers will walk them. */
static void index_inputs(cli_paths *cp)
{
    index_ctx ix = { cp, 0, 0 };
    for (ix.named = 0; ix.named < cp->npaths; ix.named++) {
        struct stat sb;
        if (strcmp(cp->paths[ix.named], "-") == 0) {
            if (fstat(STDIN_FILENO, &sb) == 0)
                index_add(&ix, &sb, false);
            continue;
        }
        input_walk(cp->paths[ix.named], cp->opt, index_visit, &ix, NULL);
    }
    if (cp->nfiles)
        qsort(cp->files, cp->nfiles, sizeof *cp->files, cmp_id);
    cp->indexed = true;
}

int cli_paths_check(const cli_paths *cp)
{
    int rc = EXIT_OK;
    for (size_t i = 0; i < cp->npaths; i++) {
        struct stat sb;
        if (strcmp(cp->paths[i], "-") != 0 && stat(cp->paths[i], &sb) < 0) {
            tr_warn("%s: cannot open: %s", cp->paths[i], strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    return rc;
}

/* The input that is the file at path, or NULL (a path that does not exist yet
 * cannot be one). */
static const cli_input_file *input_at(cli_paths *cp, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) < 0 || S_ISDIR(sb.st_mode))
        return NULL;
    if (!cp->indexed)
        index_inputs(cp);
    file_id key = { sb.st_dev, sb.st_ino };
    return bsearch(&key, cp->files, cp->nfiles, sizeof *cp->files, cmp_id);
}

outfile *cli_paths_open_output(cli_paths *cp, const char *path)
{
    const cli_input_file *in = input_at(cp, path);
    if (in) {
        const char *named = cp->paths[in->named];
        if (in->found)
            tr_warn("%s: is a file under input %s: not overwritten (write the output "
                    "elsewhere)", path, named);
        else if (strcmp(named, path) == 0)
            tr_warn("%s: is one of the inputs: not overwritten (write the output elsewhere)",
                    path);
        else
            tr_warn("%s: is the same file as input %s: not overwritten (write the output "
                    "elsewhere)", path, named);
        return NULL;
    }
    tr_error err = { 0 };
    outfile *f = outfile_open(path, &err);
    if (!f) {
        tr_error_print(&err);
        return NULL;
    }
    XGROW(cp->outputs, cp->outputs_cap, cp->noutputs + 1);
    cp->outputs[cp->noutputs++] = outfile_id(f);
    return f;
}

void cli_paths_skip_outputs(const cli_paths *cp, input_options *opt)
{
    opt->skip = cp->outputs;
    opt->nskip = cp->noutputs;
}

/* The walk of cli_paths_each_evtx. */
typedef struct each_ctx {
    const cli_paths *cp;
    cli_paths_fn fn;
    void *ctx;
    int rc;
    uint64_t not_evtx;    /* files of walks that are not EVTX */
} each_ctx;

/* input_visit_fn: a named path goes to fn as it is (fn reports what is not EVTX);
 * a file met in a directory only when it starts as an EVTX file does. An empty file
 * is said once, when named or called .evtx. */
static int each_visit(void *vctx, const char *path, const struct stat *sb, bool named)
{
    each_ctx *e = vctx;
    bool verbose = e->cp->opt && e->cp->opt->verbose;
    int fd = sb ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) {
        tr_warn("%s: cannot open: %s", path, strerror(sb ? errno : ENOENT));
        e->rc = EXIT_INPUT;
        return 0;
    }
    unsigned char magic[8];
    ssize_t n = S_ISREG(sb->st_mode) ? pread(fd, magic, sizeof magic, 0) : -1;
    if (n == 0 && (named || input_named_evtx(path))) {
        tr_warn("%s: empty (0 bytes), no events", path);
    } else if (!named && (n != (ssize_t)sizeof magic || memcmp(magic, "ElfFile", 8) != 0)) {
        e->not_evtx++;
        if (verbose)
            tr_warn("%s: not an EVTX file, skipped", path);
    } else if (e->fn(e->ctx, path, fd) != EXIT_OK) {
        e->rc = EXIT_INPUT;
    }
    close(fd);
    return 0;
}

int cli_paths_each_evtx(const cli_paths *cp, cli_paths_fn fn, void *ctx)
{
    each_ctx e = { cp, fn, ctx, EXIT_OK, 0 };
    input_stats st = { 0 };
    for (size_t i = 0; i < cp->npaths; i++) {
        if (strcmp(cp->paths[i], "-") == 0) {
            if (fn(ctx, cp->paths[i], STDIN_FILENO) != EXIT_OK)
                e.rc = EXIT_INPUT;
            continue;
        }
        input_walk(cp->paths[i], cp->opt, each_visit, &e, &st);
    }
    if (e.not_evtx)
        tr_warn("skipped %llu file%s in directories that %s not EVTX%s",
                (unsigned long long)e.not_evtx, e.not_evtx == 1 ? "" : "s",
                e.not_evtx == 1 ? "is" : "are",
                cp->opt && cp->opt->verbose ? "" : " (-v lists them)");
    return input_stats_had_problems(&st) ? EXIT_INPUT : e.rc;
}
