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
#include <strings.h>
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

typedef struct walk {
    const input_options *opt;
    input_event_fn fn;
    void *ctx;
    input_stats *st;
    bool ahead;                      /* a helper's read: the progress line is not ours */
    prefetch *pf;                    /* read-ahead of the lists walked, NULL with -j 1 */
    const input_options *one;        /* opt with jobs = 1 */
    bool small;                      /* the file being read is small and not alone */
    bool named;                      /* the file being read was named by the user,
                                        not found in a directory */
    const char *file;                /* the file being read, as named or walked */
    file_id path[INPUT_MAX_DEPTH];   /* directories from the root to here (loops) */
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
    dst->not_logs += src->not_logs;
}

void input_stats_report(const input_stats *st, bool verbose)
{
    if (st->not_logs)
        tr_warn("skipped %llu file%s of no known log format in directories%s",
                (unsigned long long)st->not_logs, st->not_logs == 1 ? "" : "s",
                verbose ? "" : " (-v lists them)");
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

/* With input_options.trace: where the event comes from, so that any result can be
 * followed back to it. */
static void set_trace(const walk *w, record *ev)
{
    if (!w->file)
        return;
    record_set(ev, "source_file", w->file, strlen(w->file));
    const sv *id = record_value(ev, "EventRecordID");
    if (!id)
        id = record_value(ev, "RecordNumber");
    if (id)
        record_set(ev, "record_id", id->s, id->len);
}

/* Every event on its way to the caller: the time range, then the progress count. */
static int on_event(void *ctx, record *ev)
{
    walk *w = ctx;
    const input_options *o = w->opt;
    if (!w->ahead)
        progress_event();
    set_index(o, ev);
    if (o->trace)
        set_trace(w, ev);
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

/* A file of a walk that holds no log: counted, and listed with -v. */
static void not_a_log(walk *w, const char *name, const char *why)
{
    w->st->not_logs++;
    if (w->opt->verbose)
        tr_warn("%s: %s, skipped", name, why);
}

bool input_named_evtx(const char *name)
{
    size_t n = strlen(name);
    return n >= 5 && strcasecmp(name + n - 5, ".evtx") == 0;
}

/* A file that gave no event and reported nothing: an empty log (.evtx), or, in a
 * walk, a file that only looked like a log (an XML or JSON file of another kind). */
static void no_events(walk *w, const char *name, const sniff_format *f)
{
    if (strcmp(f->name, "evtx") == 0)
        tr_warn("%s: no records (an empty log)", name);
    else if (w->named)
        tr_warn("%s: no events", name);
    else
        not_a_log(w, name, "no events");
}

/* Nothing came out of a read: no event, no problem reported. */
static bool read_nothing(const input_stats *before, const input_stats *after)
{
    return after->events == before->events && after->bad_events == before->bad_events &&
           after->incomplete == before->incomplete && after->bad_files == before->bad_files;
}

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
    if (!f && !w->named) {
        not_a_log(w, name, "unknown format");
        return 0;
    }
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
    input_stats before = *w->st;
    w->file = name;
    int rc = f->read(name, fd, head, n, o, on_event, w, w->st);
    if (read_nothing(&before, w->st))
        no_events(w, name, f);
    return rc;
}

/* A file of 0 bytes: said when it was named or is called .evtx (a log emptied or
 * never collected), else one more file that is not a log. */
static void empty_file(walk *w, const char *name)
{
    if (w->named || input_named_evtx(name))
        tr_warn("%s: empty (0 bytes), no events", name);
    else
        not_a_log(w, name, "empty");
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
    if (n == 0) {
        empty_file(w, name);
        return 0;
    }
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
        if (top && strcmp(path, "-") == 0) {
            w->named = true;
            return read_stream(w, "(stdin)", STDIN_FILENO);
        }
        return read_any(w, path, top, w->pf && (l || !top));
    }
    progress_file_begin(-1);
    uint64_t size;
    int rc = prefetch_replay(s, replay_event, w, w->st, &size);
    progress_file_end(size);
    return rc;
}

/* True for the files a run writes (input_options.skip): never read as inputs. */
static bool is_output(const input_options *o, const struct stat *sb)
{
    for (size_t i = 0; i < o->nskip; i++)
        if (o->skip[i].dev == sb->st_dev && o->skip[i].ino == sb->st_ino)
            return true;
    return false;
}

/* Enters directory path: its entries as whole paths, sorted by name, in *names
 * (the caller ends with dir_leave). False, with nothing to leave, for a symlink
 * back up the walk (silently), a walk too deep or a directory that cannot be
 * listed (reported and counted when report). */
static bool dir_enter(walk *w, const char *path, const struct stat *sb, bool report,
                      char ***names, size_t *n)
{
    for (int i = 0; i < w->depth; i++)
        if (w->path[i].dev == sb->st_dev && w->path[i].ino == sb->st_ino)
            return false;   /* a symlink back up the tree */
    if (w->depth == INPUT_MAX_DEPTH) {
        if (report) {
            tr_warn("%s: directories nested deeper than %d, skipped", path, INPUT_MAX_DEPTH);
            w->st->bad_files++;
        }
        return false;
    }
    DIR *d = opendir(path);
    if (!d) {
        if (report) {
            tr_warn("%s: cannot open directory: %s", path, strerror(errno));
            w->st->bad_files++;
        }
        return false;
    }
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        XGROW(*names, cap, *n + 1);
        (*names)[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_names);
    size_t plen = strlen(path);
    bool slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < *n; i++) {
        size_t len = plen + 1 + strlen((*names)[i]) + 1;
        char *child = xmalloc(len);
        snprintf(child, len, "%s%s%s", path, slash ? "" : "/", (*names)[i]);
        free((*names)[i]);
        (*names)[i] = child;
    }
    w->path[w->depth++] = (file_id){ sb->st_dev, sb->st_ino };
    return true;
}

static void dir_leave(walk *w, char **names, size_t n)
{
    w->depth--;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int read_dir(walk *w, const char *path, const struct stat *sb)
{
    char **names;
    size_t n;
    if (!dir_enter(w, path, sb, true, &names, &n))
        return 0;
    /* Whole paths up front: helpers read the next entries while this one is read. */
    prefetch_list *l = prefetch_push(w->pf, (const char *const *)names, n, false);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = read_entry(w, l, i, names[i], false);
    prefetch_pop(l, rc != 0);
    dir_leave(w, names, n);
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
    if ((!top && !S_ISREG(sb.st_mode)) || is_output(w->opt, &sb))
        return 0;
    if (!top && !glob_selects(w->opt, path)) {
        w->st->skipped_files++;
        return 0;
    }
    w->small = listed && S_ISREG(sb.st_mode) && sb.st_size <= PREFETCH_MAX_FILE;
    w->named = top;
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
    if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > PREFETCH_MAX_FILE ||
        is_output(opt, &sb))
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
    walk w = { .opt = opt, .fn = fn, .ctx = ctx, .st = st, .ahead = true, .one = opt,
               .named = top };
    st->files++;
    *size = (uint64_t)sb.st_size;
    int rc = 0;
    if (n)
        rc = read_head(&w, path, fd, head, (size_t)n, 0);
    else
        empty_file(&w, path);
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
    progress_stop();
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

/* input_walk below path (a directory entered by the caller's walk w). */
static int visit_any(walk *w, const char *path, bool named, input_visit_fn fn, void *ctx)
{
    struct stat sb;
    if (stat(path, &sb) < 0)
        return named ? fn(ctx, path, NULL, true) : 0;
    if (S_ISDIR(sb.st_mode)) {
        char **names;
        size_t n;
        if (!dir_enter(w, path, &sb, w->st != NULL, &names, &n))
            return 0;
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = visit_any(w, names[i], false, fn, ctx);
        dir_leave(w, names, n);
        return rc;
    }
    if (is_output(w->opt, &sb) || (!named && (!S_ISREG(sb.st_mode) || !glob_selects(w->opt, path))))
        return 0;
    return fn(ctx, path, &sb, named);
}

int input_walk(const char *path, const input_options *opt, input_visit_fn fn, void *ctx,
               input_stats *st)
{
    static const input_options defaults;
    walk w = { .opt = opt ? opt : &defaults, .st = st };
    return visit_any(&w, path, true, fn, ctx);
}
