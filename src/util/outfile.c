/* outfile.c - temporary file beside the target, renamed into place on success; the
 * live temporary files are kept in a list that a fatal signal or exit() empties. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

struct outfile {
    char *path;            /* target as given (messages) */
    char *target;          /* where the file ends up (a symlink resolved) */
    char *tmp;             /* temporary file, NULL when writing the target directly */
    FILE *fp;
    file_id id;            /* the file fp writes */
    outfile *next;         /* live temporary files, newest first */
};

/* Temporary files not yet committed or aborted: what a signal must remove. The
 * list changes only with those signals blocked in the changing thread. */
static outfile *volatile live;

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGABRT };

static void remove_live(void)
{
    for (outfile *f = live; f; f = f->next)
        unlink(f->tmp);
}

/* Async-signal-safe: unlink, then die of the same signal (SA_RESETHAND restored
 * the default action; the signal is delivered again when this returns). */
static void on_fatal_signal(int sig)
{
    int saved = errno;
    remove_live();
    raise(sig);
    errno = saved;
}

static void at_exit(void)
{
    remove_live();
    live = NULL;
}

/* Once: handlers for the signals that would kill the process (ignored ones stay
 * ignored), and an exit hook. */
static void install_cleanup(void)
{
    static bool installed;
    if (installed)
        return;
    installed = true;
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction old, sa = { .sa_handler = on_fatal_signal, .sa_flags = SA_RESETHAND };
        sigemptyset(&sa.sa_mask);
        if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            sigaction(cleanup_signals[i], &sa, NULL);
    }
    atexit(at_exit);
}

/* Runs a change of the live list with the cleanup signals blocked. */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&set, cleanup_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void live_remove(outfile *f)
{
    sigset_t old;
    block_signals(&old);
    for (outfile *volatile *p = &live; *p; p = &(*p)->next) {
        if (*p == f) {
            *p = f->next;
            break;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void outfile_free(outfile *f)
{
    free(f->path);
    free(f->target);
    free(f->tmp);
    free(f);
}

/* The file a symbolic link leads to, so that the link survives; the path itself
 * for anything else (a dangling link is replaced like a missing file). */
static char *resolve_target(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        char *real = realpath(path, NULL);
        if (real)
            return real;
    }
    return xstrdup(path);
}

/* dir/.base.trawl-XXXXXX beside target. */
static char *temp_template(const char *target)
{
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dirlen;
    size_t n = dirlen + 1 + strlen(base) + sizeof ".trawl-XXXXXX";
    char *t = xmalloc(n);
    snprintf(t, n, "%.*s.%s.trawl-XXXXXX", (int)dirlen, target, base);
    return t;
}

outfile *outfile_open(const char *path, tr_error *err)
{
    outfile *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->target = resolve_target(path);
    struct stat sb;
    bool exists = stat(f->target, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode)) {
        tr_error_set(err, "%s: is a directory", path);
        outfile_free(f);
        return NULL;
    }
    if (exists && !S_ISREG(sb.st_mode)) {
        /* A device or a pipe: nothing on disk to protect, nothing to rename. */
        f->fp = fopen(f->target, "w");
        if (!f->fp || fstat(fileno(f->fp), &sb) < 0) {
            tr_error_set(err, "%s: %s", path, strerror(errno));
            if (f->fp)
                fclose(f->fp);
            outfile_free(f);
            return NULL;
        }
        f->id = (file_id){ sb.st_dev, sb.st_ino };
        return f;
    }
    install_cleanup();
    f->tmp = temp_template(f->target);
    sigset_t old;
    block_signals(&old);   /* made and listed as one step */
    int fd = mkostemp(f->tmp, O_CLOEXEC);
    if (fd >= 0) {
        f->next = live;
        live = f;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        tr_error_set(err, "%s: %s", path, strerror(errno));
        outfile_free(f);
        return NULL;
    }
    /* The permissions the old file had, else those a new file gets (umask). */
    mode_t mode = exists ? sb.st_mode & 07777 : 0;
    if (!exists) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
    }
    if (fchmod(fd, mode) < 0 || fstat(fd, &sb) < 0 || !(f->fp = fdopen(fd, "w"))) {
        tr_error_set(err, "%s: %s", path, strerror(errno));
        close(fd);
        outfile_abort(f);
        return NULL;
    }
    f->id = (file_id){ sb.st_dev, sb.st_ino };
    return f;
}

FILE *outfile_fp(outfile *f)
{
    return f->fp;
}

file_id outfile_id(const outfile *f)
{
    return f->id;
}

const char *outfile_path(const outfile *f)
{
    return f->path;
}

/* Makes the rename itself durable: the directory entry is synced too. */
static void sync_dir(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? xstrndup(target, slash == target ? 1 : (size_t)(slash - target))
                      : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

int outfile_commit(outfile *f, tr_error *err)
{
    int rc = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        rc = tr_error_set(err, "%s: %s", f->path, strerror(errno ? errno : EIO));
    else if (f->tmp && fsync(fileno(f->fp)) != 0)
        rc = tr_error_set(err, "%s: %s", f->path, strerror(errno));
    if (fclose(f->fp) != 0 && rc == 0)
        rc = tr_error_set(err, "%s: %s", f->path, strerror(errno));
    f->fp = NULL;
    if (f->tmp) {
        if (rc == 0 && rename(f->tmp, f->target) != 0)
            rc = tr_error_set(err, "%s: %s", f->path, strerror(errno));
        if (rc == 0)
            sync_dir(f->target);
        else
            unlink(f->tmp);
        live_remove(f);
    }
    outfile_free(f);
    return rc;
}

void outfile_abort(outfile *f)
{
    if (!f)
        return;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp) {
        unlink(f->tmp);
        live_remove(f);
    }
    outfile_free(f);
}
