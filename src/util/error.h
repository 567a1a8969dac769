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
    char msg[1024];   /* complete message without the "trawl: " prefix */
    const char *file; /* file the error is in, or NULL (not owned; static or long-lived) */
    long line;        /* 1-based line in file, 0 if not applicable */
    long column;      /* 1-based column (SPL text or file line), 0 if not applicable */
} tr_error;

/* Formats msg, records position, returns -1 for `return tr_error_set(...)`. */
int tr_error_set(tr_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int tr_error_at(tr_error *err, const char *file, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Prints "trawl: MSG" to stderr (msg already names file:line when known). */
void tr_error_print(const tr_error *err);
/* Prints "trawl: " + formatted message + newline to stderr. */
void tr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
