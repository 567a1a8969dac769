/* error.h - one error record, filled once where a failure happens (as yyjson's
 * read_err): callers return -1 and pass it up untouched, never re-wrapping it.
 * Exit codes are named here because every layer decides which one applies. */
#ifndef TRAWL_ERROR_H
#define TRAWL_ERROR_H

#include <stddef.h>

enum {
    EXIT_OK = 0,
    EXIT_FAILURE_GENERIC = 1,  /* trawl test: some test failed */
    EXIT_USAGE = 2,            /* bad command line, SPL or content */
    EXIT_INPUT = 3,            /* some input could not be fully read */
};

typedef struct tr_error {
    char msg[1024];   /* the message without the "trawl: " prefix; for file errors it
                         starts with "FILE:LINE: ", for SPL errors it holds no position
                         (tr_error_render adds it) */
    const char *file; /* file the error is in, or NULL (not owned; static or long-lived) */
    long line;        /* 1-based line in file, or in a multi-line search; 0 if none */
    long column;      /* 1-based column (SPL text or file line), 0 if not applicable */
    char macro[64];   /* SPL: the macro whose expansion the position falls in, or "" */
} tr_error;

/* Formats msg, records position, returns -1 for `return tr_error_set(...)`. */
int tr_error_set(tr_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int tr_error_at(tr_error *err, const char *file, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The one place an error's position is written out. Without a file, a column
 * means a position in a search: "MSG at column C" (or "at line L, column C" for a
 * multi-line search) plus " (in macro 'm')" when it falls in a macro's expansion.
 * With text (the search as the user wrote it, may be NULL), two more lines follow:
 * the line of text the position is in and a caret under the column. Writes at most
 * size bytes (NUL-terminated), no trailing newline; returns buf. */
char *tr_error_render(const tr_error *err, const char *text, char *buf, size_t size);

/* Prints tr_error_render(err, NULL) as "trawl: ..." on stderr. */
void tr_error_print(const tr_error *err);
/* Same with the source line and caret under it (text may be NULL). */
void tr_error_print_source(const tr_error *err, const char *text);
/* Prints "trawl: " + formatted message + newline to stderr, or hands that line
 * to the calling thread's capture when one is set. Control characters, malformed
 * UTF-8 and bidi controls in the message are escaped (termsafe.h): it is always
 * one line, whatever the file names and values it quotes. */
void tr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A status line at the bottom of the terminal (the progress line): hide is called
 * before a message goes to stderr and show after it, so that the message starts
 * on a line of its own and the status is drawn again below it. Both NULL: none.
 * Set and cleared by the thread that prints. */
void tr_warn_set_status(void (*hide)(void), void (*show)(void));

/* A thread's tr_warn lines diverted to fn (line ends with '\n', not NUL-terminated),
 * so that a helper thread's messages can be printed later by the reading thread in
 * input order. Captures are per thread; other threads still print. */
typedef void (*tr_warn_sink)(void *ctx, const char *line, size_t len);
typedef struct tr_capture {
    tr_warn_sink fn;  /* NULL: print to stderr */
    void *ctx;
} tr_capture;

/* Starts capturing this thread's messages; returns the capture it replaces, to be
 * given back to tr_warn_capture_end (captures nest). */
tr_capture tr_warn_capture_begin(tr_warn_sink fn, void *ctx);
void tr_warn_capture_end(tr_capture previous);
/* Writes captured text (whole lines) as tr_warn would have: to stderr, or to the
 * thread's capture when one is set. */
void tr_warn_replay(const char *text, size_t len);

#endif
