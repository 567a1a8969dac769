/* error.c - filling and printing tr_error; the single place messages get "trawl: "
 * and have their hostile bytes escaped (termsafe.h). Also the per-thread capture of
 * warnings (helper threads reading ahead). */
#include "error.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "termsafe.h"
#include "xmalloc.h"

/* This thread's capture; fn is NULL when messages go to stderr. */
static _Thread_local tr_capture capture;

/* The status line's hooks (tr_warn_set_status); NULL when there is none. */
static void (*status_hide)(void), (*status_show)(void);

void tr_warn_set_status(void (*hide)(void), void (*show)(void))
{
    status_hide = hide;
    status_show = show;
}

/* Writes whole lines to stderr, below a status line rather than on it. */
static void write_stderr(const char *text, size_t len)
{
    void (*hide)(void) = status_hide, (*show)(void) = status_show;
    if (hide)
        hide();
    fwrite(text, 1, len, stderr);
    if (show)
        show();
}

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
    err->macro[0] = '\0';
    err->kind = TR_ERROR_PLAIN;
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
    err->macro[0] = '\0';
    err->kind = TR_ERROR_PLAIN;
    return -1;
}

/* The line'th line (1-based) of text, as [*start, *end). */
static bool text_line(const char *text, long line, const char **start, const char **end)
{
    const char *s = text;
    for (long l = 1; l < line; l++) {
        s = strchr(s, '\n');
        if (!s)
            return false;
        s++;
    }
    *start = s;
    *end = s + strcspn(s, "\n");
    return true;
}

/* Characters a terminal shows for s[0..len) of UTF-8: every byte but continuations. */
static size_t display_width(const char *s, size_t len)
{
    size_t width = 0;
    for (size_t i = 0; i < len; i++)
        width += ((unsigned char)s[i] & 0xC0) != 0x80;
    return width;
}

char *tr_error_render(const tr_error *err, const char *text, char *buf, size_t size)
{
    size_t n = 0;
#define PUT(...) (n += (size_t)snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__))
    if (!size)
        return buf;
    buf[0] = '\0';
    PUT("%s", err->msg);
    if (err->file || err->column <= 0)
        return buf;
    if (err->line > 0)
        PUT(" at line %ld, column %ld", err->line, err->column);
    else
        PUT(" at column %ld", err->column);
    if (err->macro[0])
        PUT(" (in macro '%s')", err->macro);
    const char *ls, *le;
    if (text && text_line(text, err->line > 0 ? err->line : 1, &ls, &le) &&
        (size_t)err->column <= (size_t)(le - ls) + 1) {
        /* A long line is shown around the column so the caret stays on screen. */
        size_t col = (size_t)err->column - 1, from = 0, width = (size_t)(le - ls);
        if (width > 160 && col > 80)
            from = col - 80;
        if (width - from > 160)
            width = from + 160;
        /* The text may come from a content file: its control bytes are shown escaped,
         * and the caret counts what the terminal shows (characters, escapes included). */
        char shown[TERMSAFE_SIZE(160) + 1];
        size_t before = termsafe_escape(ls + from, col - from, shown);
        size_t shown_len = before + termsafe_escape(ls + col, width - col, shown + before);
        PUT("\n  %s%.*s\n  %*s^", from ? "..." : "", (int)shown_len, shown,
            (int)(display_width(shown, before) + (from ? 3 : 0)), "");
    }
#undef PUT
    if (n >= size)
        buf[size - 1] = '\0';
    return buf;
}

void tr_error_print(const tr_error *err)
{
    tr_error_print_source(err, NULL);
}

void tr_error_print_source(const tr_error *err, const char *text)
{
    char buf[2048];
    tr_error_render(err, text, buf, sizeof buf);
    /* The message is a warning line; the source and caret lines follow it as they are. */
    size_t first = strcspn(buf, "\n");
    tr_warn("%.*s", (int)first, buf);
    if (buf[first])
        fprintf(stderr, "%s\n", buf + first + 1);
}

/* Prints one whole line ("trawl: MSG\n") to stderr or hands it to the capture. */
static void emit_line(const char *line, size_t len)
{
    if (capture.fn)
        capture.fn(capture.ctx, line, len);
    else
        write_stderr(line, len);
}

void tr_warn(const char *fmt, ...)
{
    static const char prefix[] = "trawl: ";
    const size_t plen = sizeof prefix - 1;
    char msg_small[512], line_small[2048];
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(msg_small, sizeof msg_small, fmt, aq);
    va_end(aq);
    size_t mlen = n > 0 ? (size_t)n : 0;
    char *msg = msg_small;
    if (mlen >= sizeof msg_small) {
        msg = xmalloc(mlen + 1);
        vsnprintf(msg, mlen + 1, fmt, ap);
    }
    va_end(ap);
    /* Messages name files and quote values: both may hold hostile bytes. */
    size_t need = plen + TERMSAFE_SIZE(mlen) + 1;
    char *line = need <= sizeof line_small ? line_small : xmalloc(need);
    memcpy(line, prefix, plen);
    size_t len = plen + termsafe_escape(msg, mlen, line + plen);
    line[len++] = '\n';
    emit_line(line, len);
    if (line != line_small)
        free(line);
    if (msg != msg_small)
        free(msg);
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
        write_stderr(text, len);
}
