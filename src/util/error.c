/* error.c - filling and printing tr_error; the single place messages get "trawl: ". */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

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
    fprintf(stderr, "trawl: %s\n", err->msg);
}

void tr_warn(const char *fmt, ...)
{
    va_list ap;
    fputs("trawl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
