/* kv_reader.c - generic key=value lines, as scripted inputs write them (e.g. a
 * scheduled Get-WebGlobalModule as sourcetype Pwsh:InstalledIISModules): one event
 * per non-blank line, each key=value or key="value" pair a field (Splunk's
 * automatic key=value extraction). The format says nothing about what the events
 * are, so it is read only when --sourcetype names them. _time comes from a leading
 * ISO-8601 timestamp; host from a host=, PSComputerName= or ComputerName= pair. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../util/error.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"
#include "input.h"

/* Longest line read; longer ones are reported and skipped. */
#define KV_MAX_LINE (1u << 20)
/* Pairs kept per line; more are ignored. */
#define KV_MAX_PAIRS 256

int kv_sniff(const unsigned char *head, size_t len);
int kv_reader_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                      const input_options *opt, input_event_fn fn, void *ctx, input_stats *st);

static bool is_key_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '.' || c == '-' || c == ':';
}

/* Length of a leading "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm]" (or space for T), 0 if none. */
static size_t iso_prefix(const unsigned char *s, size_t len)
{
    if (len < 19 || !isdigit(s[0]) || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
        return 0;
    size_t i = 19;
    while (i < len && (isdigit(s[i]) || s[i] == '.' || s[i] == 'Z' || s[i] == '+' ||
                       (s[i] == '-' && i > 19) || (s[i] == ':' && i > 19)))
        i++;
    return i;
}

int kv_sniff(const unsigned char *head, size_t len)
{
    if (memchr(head, 0, len))
        return 0;
    size_t i = 0;
    while (i < len && isspace(head[i]))
        i++;
    i += iso_prefix(head + i, len - i);
    while (i < len && (head[i] == ' ' || head[i] == '\t'))
        i++;
    size_t k = i;
    while (i < len && is_key_char(head[i]))
        i++;
    return i > k && isalpha(head[k]) && i < len && head[i] == '=';
}

/* Parses one line into ev; returns false when it holds no pair. */
static bool parse_line(const char *line, size_t len, const input_options *opt, const char *name,
                       record *ev)
{
    record_clear(ev);
    size_t i = iso_prefix((const unsigned char *)line, len);
    if (i) {
        double t;
        size_t tl = i;
        while (tl > 0 && line[tl - 1] == ' ')
            tl--;
        if (timefmt_parse_iso8601(line, tl, &t)) {
            char buf[48];
            int n = snprintf(buf, sizeof buf, "%.6f", t);
            record_set(ev, "_time", buf, (size_t)n);
        }
    }
    size_t npairs = 0;
    char *val = xmalloc(len + 1);
    while (i < len && npairs < KV_MAX_PAIRS) {
        while (i < len && !is_key_char((unsigned char)line[i]))
            i++;
        size_t k = i;
        while (i < len && is_key_char((unsigned char)line[i]))
            i++;
        if (i >= len || line[i] != '=' || i == k)
            continue;
        size_t klen = i - k;
        i++;
        size_t vn = 0;
        if (i < len && line[i] == '"') {
            for (i++; i < len && line[i] != '"'; i++) {
                if (line[i] == '\\' && i + 1 < len && (line[i + 1] == '"' || line[i + 1] == '\\'))
                    i++;
                val[vn++] = line[i];
            }
            i++;
        } else {
            while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != ',')
                val[vn++] = line[i++];
        }
        record_addn(ev, line + k, klen, val, vn);
        npairs++;
    }
    free(val);
    if (npairs == 0)
        return false;
    static const char *const host_keys[] = {"host", "PSComputerName", "ComputerName"};
    for (size_t h = 0; h < sizeof host_keys / sizeof host_keys[0]; h++) {
        const sv *v = record_value(ev, host_keys[h]);
        if (v && v->len) {
            char *copy = xstrndup(v->s, v->len);
            record_set(ev, "host", copy, strlen(copy));
            free(copy);
            break;
        }
    }
    const char *src = opt->source ? opt->source : name;
    record_set(ev, "source", src, strlen(src));
    record_set(ev, "sourcetype", opt->sourcetype, strlen(opt->sourcetype));
    record_set(ev, "_raw", line, len);
    return true;
}

int kv_reader_read_fd(const char *name, int fd, const unsigned char *prefix, size_t prefix_len,
                      const input_options *opt, input_event_fn fn, void *ctx, input_stats *st)
{
    if (!opt || !opt->sourcetype) {
        tr_warn("%s: key=value lines are read only with --sourcetype (e.g. "
                "--sourcetype Pwsh:InstalledIISModules), file skipped", name);
        st->bad_files++;
        return 0;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    unsigned long lineno = 1;
    bool skipping = false;   /* inside an over-long line */
    bool eof = false;
    int stop = 0;
    record ev;
    record_init(&ev);
    XGROW(buf, cap, prefix_len + 65536);
    memcpy(buf, prefix, prefix_len);
    len = prefix_len;
    while (!stop) {
        char *nl = memchr(buf, '\n', len);
        if (!nl && !eof && len < KV_MAX_LINE) {
            XGROW(buf, cap, len + 65536);
            ssize_t n = read(fd, buf + len, cap - len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                tr_warn("%s: read error: %s", name, strerror(errno));
                st->incomplete++;
                break;
            }
            if (n == 0)
                eof = true;
            len += (size_t)n;
            continue;
        }
        size_t ll = nl ? (size_t)(nl - buf) : len;
        if (!nl && !eof) {   /* over-long: drop what we have, skip to the next newline */
            if (!skipping) {
                tr_warn("%s:%lu: line longer than %u MiB, skipped", name, lineno, KV_MAX_LINE >> 20);
                st->bad_events++;
            }
            skipping = true;
            len = 0;
            continue;
        }
        if (!skipping) {
            size_t e = ll;
            while (e > 0 && (buf[e - 1] == '\r' || buf[e - 1] == ' '))
                e--;
            if (e > 0 && parse_line(buf, e, opt, name, &ev)) {
                st->events++;
                stop = fn(ctx, &ev) ? 1 : 0;
            }
        }
        skipping = false;
        lineno++;
        if (!nl)
            break;
        memmove(buf, nl + 1, len - ll - 1);
        len -= ll + 1;
    }
    free(buf);
    record_free(&ev);
    return stop;
}
