/* error.c - filling and printing tr_error; the single place messages get "trawl: ".
 * Also the per-thread capture of warnings (helper threads reading ahead). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xmalloc.h"

/* This thread's capture; fn is NULL when messages go to stderr. */
static _Thread_local tr_capture capture;

int tr_error_set(tr_error *err, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->file = NULL;
    err->line = err->column = 0;
    return -1;
}

int tr_error_at(tr_error *err, const char *file, long line, long column, const char *fmt, ...)
{
    if (!err)
        return -1;
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (file && line > 0)
        snprintf(err->msg, sizeof err->msg, "%.200s:%ld: %s", file, line, text);
    else if (file)
        snprintf(err->msg, sizeof err->msg, "%.200s: %s", file, text);
    else
        snprintf(err->msg, sizeof err->msg, "%s", text);
    err->file = file;
    err->line = line;
    err->column = column;
    return -1;
}

void tr_error_print(const tr_error *err)
{
    tr_warn("%s", err->msg);
}

/* Formats one whole line for the capture: "trawl: " MSG "\n". */
static void capture_line(const char *fmt, va_list ap)
{
    static const char prefix[] = "trawl: ";
    const size_t plen = sizeof prefix - 1;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    size_t mlen = n > 0 ? (size_t)n : 0;
    char small[512];
    char *line = plen + mlen + 2 <= sizeof small ? small : xmalloc(plen + mlen + 2);
    memcpy(line, prefix, plen);
    vsnprintf(line + plen, mlen + 1, fmt, ap);
    line[plen + mlen] = '\n';
    capture.fn(capture.ctx, line, plen + mlen + 1);
    if (line != small)
        free(line);
}

void tr_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (capture.fn) {
        capture_line(fmt, ap);
    } else {
        fputs("trawl: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
    va_end(ap);
}

tr_capture tr_warn_capture_begin(tr_warn_sink fn, void *ctx)
{
    tr_capture prev = capture;
    capture = (tr_capture){ fn, ctx };
    return prev;
}

void tr_warn_capture_end(tr_capture previous)
{
    capture = previous;
}

void tr_warn_replay(const char *text, size_t len)
{
    if (!len)
        return;
    if (capture.fn)
        capture.fn(capture.ctx, text, len);
    else
        fwrite(text, 1, len, stderr);
}
