/* input.c - paths to events: a file or "-" is opened, its first bytes sniffed and
 * the stream handed to the matching reader (sniff.c), after unwrapping gzip or
 * zstd (decompress.c); a directory is walked recursively in byte order of names,
 * so runs are reproducible, reading the files --glob selects. Symbolic links to
 * directories already on the walk's path (loops) are skipped. Every event passes
 * here on its way to the caller: the --earliest/--latest range is applied and the
 * progress line counts it. With -j N, the files of a list (the run's paths, a
 * directory's children) are also read ahead on helper threads (prefetch.c) and
 * replayed here in order. */
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
#include "../event/projection.h"
#include "../util/xmalloc.h"
#include "decompress.h"
#include "prefetch.h"
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
    bool ahead;                      /* a helper's read: the progress line is not ours */
    prefetch *pf;                    /* read-ahead of the lists walked, NULL with -j 1 */
    const input_options *one;        /* opt with jobs = 1 */
    bool small;                      /* the file being read is small and not alone */
    walk_dir path[INPUT_MAX_DEPTH];  /* directories from the root to here */
    int depth;
} walk;

bool input_stats_had_problems(const input_stats *st)
{
    return st->bad_events || st->bad_files || st->incomplete;
}

void input_stats_add(input_stats *dst, const input_stats *src)
{
    dst->files += src->files;
    dst->events += src->events;
    dst->bad_events += src->bad_events;
    dst->bad_files += src->bad_files;
    dst->incomplete += src->incomplete;
    dst->out_of_range += src->out_of_range;
    dst->skipped_files += src->skipped_files;
    dst->prefiltered += src->prefiltered;
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

/* Every event has an index, as in Splunk: --index, or the event's own (a Splunk
 * export), or "main". Set only when something reads it. */
static void set_index(const input_options *o, record *ev)
{
    if (!projection_wants(o->fields, "index", 5))
        return;
    if (o->index)
        record_set(ev, "index", o->index, strlen(o->index));
    else if (!record_get(ev, "index"))
        record_set(ev, "index", "main", 4);
}

/* Every event on its way to the caller: the time range, then the progress count. */
static int on_event(void *ctx, record *ev)
{
    walk *w = ctx;
    const input_options *o = w->opt;
    if (!w->ahead)
        progress_event();
    set_index(o, ev);
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

static int read_sniffed(walk *w, const char *name, int fd, int nest);

/* Hands fd, whose first n bytes are head, to its reader (after unwrapping
 * compression); nest counts compression layers. */
static int read_head(walk *w, const char *name, int fd, const unsigned char *head, size_t n,
                     int nest)
{
    enum decompress_kind dk = decompress_sniff(head, n);
    if (dk != DECOMPRESS_NONE) {
        if (nest >= INPUT_MAX_NEST) {
            tr_warn("%s: compressed more than %d times, skipped", name, INPUT_MAX_NEST);
            w->st->bad_files++;
            return 0;
        }
        int dfd;
        decompress *d = decompress_start(dk, name, fd, head, n, &dfd);
        if (!d) {
            w->st->bad_files++;
            return 0;
        }
        int rc = read_sniffed(w, name, dfd, nest + 1);
        if (decompress_finish(d, dfd) < 0)
            w->st->incomplete++;
        return rc;
    }
    const sniff_format *f = sniff_detect(head, n);
    if (!f) {
        tr_warn("%s: unknown format, skipped", name);
        w->st->bad_files++;
        return 0;
    }
    /* A small file among others is read on one thread, as a helper would: the
     * helpers read the next files meanwhile, and a pool of evtx threads (and its
     * buffers) for a few chunks would cost more than it saves. What it unpacks to
     * when compressed is not known to be small. */
    const input_options *o = w->small && nest == 0 ? w->one : w->opt;
    return f->read(name, fd, head, n, o, on_event, w, w->st);
}

/* Sniffs fd and hands it to its reader. */
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
    return read_head(w, name, fd, head, (size_t)n, nest);
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

static int read_any(walk *w, const char *path, bool top, bool listed);

/* A file a helper read ahead: replayed as read_stream would have read it. */
static int replay_event(void *ctx, record *ev)
{
    walk *w = ctx;
    progress_event();
    return w->fn(w->ctx, ev);
}

/* Entry i of list l (NULL with -j 1), path: replayed when read ahead, else read. */
static int read_entry(walk *w, prefetch_list *l, size_t i, const char *path, bool top)
{
    prefetch_spool *s = prefetch_take(l, i);
    if (!s) {
        if (top && strcmp(path, "-") == 0)
            return read_stream(w, "(stdin)", STDIN_FILENO);
        return read_any(w, path, top, w->pf && (l || !top));
    }
    progress_file_begin(-1);
    uint64_t size;
    int rc = prefetch_replay(s, replay_event, w, w->st, &size);
    progress_file_end(size);
    return rc;
}

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
    /* Whole paths up front: helpers read the next entries while this one is read. */
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        size_t len = plen + 1 + strlen(names[i]) + 1;
        char *child = xmalloc(len);
        snprintf(child, len, "%s%s%s", path, slash ? "" : "/", names[i]);
        free(names[i]);
        names[i] = child;
    }

    w->path[w->depth++] = (walk_dir){ sb->st_dev, sb->st_ino };
    prefetch_list *l = prefetch_push(w->pf, (const char *const *)names, n, false);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = read_entry(w, l, i, names[i], false);
    prefetch_pop(l, rc != 0);
    w->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* top: the path was named by the user, so any kind of file (a pipe, a device) is
 * read; inside a walk only regular files are, so a FIFO cannot block the run.
 * listed: one of the files of a walk or a list of paths, with helpers reading
 * ahead. */
static int read_any(walk *w, const char *path, bool top, bool listed)
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
    w->small = listed && S_ISREG(sb.st_mode) && sb.st_size <= PREFETCH_MAX_FILE;
    int rc = read_file(w, path);
    w->small = false;
    return rc;
}

/* prefetch_read_fn: the path as read_any would read it, when it is a small regular
 * file that is not compressed (a decompressing thread of its own, and messages of
 * its own, stay with the calling thread). Anything else, including every failure
 * to open or read, is left to the calling thread to do and report. */
static int read_whole(const char *path, bool top, const input_options *opt, input_event_fn fn,
                      void *ctx, input_stats *st, uint64_t *size)
{
    struct stat sb;
    if (top && strcmp(path, "-") == 0)
        return PREFETCH_UNFIT;
    if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > PREFETCH_MAX_FILE)
        return PREFETCH_UNFIT;
    if (!top && !glob_selects(opt, path))
        return PREFETCH_UNFIT;
    /* Non-blocking: a FIFO swapped in since the stat must not hang a helper. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return PREFETCH_UNFIT;
    unsigned char head[SNIFF_HEAD];
    ssize_t n = -1;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size <= PREFETCH_MAX_FILE)
        n = read_full(fd, head, sizeof head);
    if (n < 0 || (n > 0 && decompress_sniff(head, (size_t)n) != DECOMPRESS_NONE)) {
        close(fd);
        return PREFETCH_UNFIT;
    }
    walk w = { .opt = opt, .fn = fn, .ctx = ctx, .st = st, .ahead = true, .one = opt };
    st->files++;
    *size = (uint64_t)sb.st_size;
    int rc = n ? read_head(&w, path, fd, head, (size_t)n, 0) : 0;
    close(fd);
    return rc;
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

static int read_paths(const char *const *paths, size_t npaths, const input_options *opt,
                      input_event_fn fn, void *ctx, input_stats *st)
{
    static const input_options defaults;
    if (!opt)
        opt = &defaults;
    input_options one = *opt;
    one.jobs = 1;
    walk w = { .opt = opt, .fn = fn, .ctx = ctx, .st = st, .one = &one, .depth = 0 };
    w.pf = prefetch_new(opt, read_whole);
    prefetch_list *l = prefetch_push(w.pf, paths, npaths, true);
    bool show = !opt->quiet && isatty(STDERR_FILENO);
    int rc = 0;
    for (size_t i = 0; i < npaths && rc == 0; i++) {
        progress_path(show, show ? total_size(paths[i]) : 0);
        rc = read_entry(&w, l, i, paths[i], true);
        progress_clear();
    }
    prefetch_pop(l, rc != 0);
    prefetch_free(w.pf);
    return rc;
}

int input_read_path(const char *path, const input_options *opt, input_event_fn fn,
                    void *ctx, input_stats *st)
{
    return read_paths(&path, 1, opt, fn, ctx, st);
}

int input_read_paths(char *const *paths, size_t npaths, const input_options *opt,
                     input_event_fn fn, void *ctx, input_stats *st)
{
    return read_paths((const char *const *)paths, npaths, opt, fn, ctx, st);
}
