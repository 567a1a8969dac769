/* input.c - paths to events: a file or "-" is opened, its first bytes sniffed and
 * the stream handed to the matching reader (sniff.c), after unwrapping gzip or
 * zstd (decompress.c); a directory is walked recursively in byte order of names,
 * so runs are reproducible, reading the files --glob selects. Symbolic links to
 * directories already on the walk's path (loops) are skipped. Every event passes
 * here on its way to the caller: the --earliest/--latest range is applied and the
 * progress line counts it. */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/error.h"
#include "../util/num.h"
#include "../util/xmalloc.h"
#include "decompress.h"
#include "progress.h"
#include "sniff.h"

/* Compression layers unwrapped in one file (a .gz inside a .zst ...). */
#define INPUT_MAX_NEST 4

/* Deepest directory nesting walked; deeper trees are reported, not followed. */
#define INPUT_MAX_DEPTH 128

/* A directory on the current walk path, to detect symlink loops. */
typedef struct walk_dir {
    dev_t dev;
    ino_t ino;
} walk_dir;

typedef struct walk {
    const input_options *opt;
    input_event_fn fn;
    void *ctx;
    input_stats *st;
    walk_dir path[INPUT_MAX_DEPTH];  /* directories from the root to here */
    int depth;
} walk;

bool input_stats_had_problems(const input_stats *st)
{
    return st->bad_events || st->bad_files || st->incomplete;
}

/* Reads up to want bytes, fewer only at end of file or on error (-1). */
static ssize_t read_full(int fd, unsigned char *buf, size_t want)
{
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Every event on its way to the caller: the time range, then the progress count. */
static int on_event(void *ctx, record *ev)
{
    walk *w = ctx;
    const input_options *o = w->opt;
    progress_event();
    if (o->has_earliest || o->has_latest) {
        const sv *t = record_value(ev, "_time");
        double when;
        if (t && num_parse(t->s, t->len, &when) &&
            ((o->has_earliest && when < o->earliest) || (o->has_latest && when >= o->latest))) {
            w->st->out_of_range++;
            return 0;
        }
    }
    return w->fn(w->ctx, ev);
}

/* Sniffs fd and hands it to its reader; nest counts compression layers. */
static int read_sniffed(walk *w, const char *name, int fd, int nest)
{
    unsigned char head[SNIFF_HEAD];
    ssize_t n = read_full(fd, head, sizeof head);
    if (n < 0) {
        tr_warn("%s: read error: %s", name, strerror(errno));
        w->st->incomplete++;
        return 0;
    }
    if (n == 0)
        return 0;   /* an empty file holds no events and nothing wrong */
    enum decompress_kind dk = decompress_sniff(head, (size_t)n);
    if (dk != DECOMPRESS_NONE) {
        if (nest >= INPUT_MAX_NEST) {
            tr_warn("%s: compressed more than %d times, skipped", name, INPUT_MAX_NEST);
            w->st->bad_files++;
            return 0;
        }
        int dfd;
        decompress *d = decompress_start(dk, name, fd, head, (size_t)n, &dfd);
        if (!d) {
            w->st->bad_files++;
            return 0;
        }
        int rc = read_sniffed(w, name, dfd, nest + 1);
        if (decompress_finish(d, dfd) < 0)
            w->st->incomplete++;
        return rc;
    }
    const sniff_format *f = sniff_detect(head, (size_t)n);
    if (!f) {
        tr_warn("%s: unknown format, skipped", name);
        w->st->bad_files++;
        return 0;
    }
    return f->read(name, fd, head, (size_t)n, w->opt, on_event, w, w->st);
}

static int read_stream(walk *w, const char *name, int fd)
{
    w->st->files++;
    progress_file_begin(fd);
    int rc = read_sniffed(w, name, fd, 0);
    struct stat sb;
    progress_file_end(fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0);
    return rc;
}

/* --glob: a file met in a directory walk is read when its name matches. */
static bool glob_selects(const input_options *o, const char *path)
{
    if (!o->nglobs)
        return true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < o->nglobs; i++)
        if (fnmatch(o->globs[i], base, 0) == 0)
            return true;
    return false;
}

static int read_file(walk *w, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        tr_warn("%s: cannot open: %s", path, strerror(errno));
        w->st->bad_files++;
        return 0;
    }
    int rc = read_stream(w, path, fd);
    close(fd);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_any(walk *w, const char *path, bool top);

static int read_dir(walk *w, const char *path, const struct stat *sb)
{
    for (int i = 0; i < w->depth; i++)
        if (w->path[i].dev == sb->st_dev && w->path[i].ino == sb->st_ino)
            return 0;   /* a symlink back up the tree */
    if (w->depth == INPUT_MAX_DEPTH) {
        tr_warn("%s: directories nested deeper than %d, skipped", path, INPUT_MAX_DEPTH);
        w->st->bad_files++;
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        tr_warn("%s: cannot open directory: %s", path, strerror(errno));
        w->st->bad_files++;
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        XGROW(names, cap, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);

    w->path[w->depth++] = (walk_dir){ sb->st_dev, sb->st_ino };
    int rc = 0;
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = plen + 1 + strlen(names[i]) + 1;
            char *child = xmalloc(len);
            snprintf(child, len, "%s%s%s", path, slash ? "" : "/", names[i]);
            rc = read_any(w, child, false);
            free(child);
        }
        free(names[i]);
    }
    free(names);
    w->depth--;
    return rc;
}

/* top: the path was named by the user, so any kind of file (a pipe, a device) is
 * read; inside a walk only regular files are, so a FIFO cannot block the run. */
static int read_any(walk *w, const char *path, bool top)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        tr_warn("%s: cannot open: %s", path, strerror(errno));
        w->st->bad_files++;
        return 0;
    }
    if (S_ISDIR(sb.st_mode))
        return read_dir(w, path, &sb);
    if (!top && !S_ISREG(sb.st_mode))
        return 0;
    if (!top && !glob_selects(w->opt, path)) {
        w->st->skipped_files++;
        return 0;
    }
    return read_file(w, path);
}

/* Total size of the regular files under a directory, for the progress ETA. */
static uint64_t du_total;

static int du_add(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (type == FTW_F && S_ISREG(sb->st_mode))
        du_total += (uint64_t)sb->st_size;
    return 0;
}

static uint64_t total_size(const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") == 0 || stat(path, &sb) < 0)
        return 0;
    if (S_ISREG(sb.st_mode))
        return (uint64_t)sb.st_size;
    if (!S_ISDIR(sb.st_mode))
        return 0;
    du_total = 0;
    nftw(path, du_add, 16, FTW_PHYS);
    return du_total;
}

int input_read_path(const char *path, const input_options *opt, input_event_fn fn,
                    void *ctx, input_stats *st)
{
    static const input_options defaults;
    if (!opt)
        opt = &defaults;
    walk w = { .opt = opt, .fn = fn, .ctx = ctx, .st = st, .depth = 0 };
    bool show = !opt->quiet && isatty(STDERR_FILENO);
    progress_path(show, show ? total_size(path) : 0);
    int rc;
    if (strcmp(path, "-") == 0)
        rc = read_stream(&w, "(stdin)", STDIN_FILENO);
    else
        rc = read_any(&w, path, true);
    progress_clear();
    return rc;
}
