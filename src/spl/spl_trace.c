/* spl_trace.c - the trace fields of results: kept through commands that rebuild
 * records, and gathered per row by aggregating commands (bounded: SPL_TRACE_MAX
 * files and events a row, whatever the input). */
#include "spl_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xmalloc.h"

const char *const spl_trace_fields[] = {
    SPL_TRACE_FILE, SPL_TRACE_RECORD, SPL_TRACE_COUNT, SPL_TRACE_EVENTS, NULL,
};

bool spl_trace_is_field(const char *name)
{
    for (const char *const *t = spl_trace_fields; *t; t++)
        if (strcmp(*t, name) == 0)
            return true;
    return false;
}

void spl_trace_copy(const record *from, record *to)
{
    for (const char *const *t = spl_trace_fields; *t; t++) {
        const field *f = record_get(from, *t);
        if (f && f->nvalues && !record_get(to, *t))
            for (uint32_t k = 0; k < f->nvalues; k++)
                record_addn(to, f->name, f->name_len, f->values[k].s, f->values[k].len);
    }
}

void spl_trace_files_free(spl_trace_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i]);
    free(f->v);
    *f = (spl_trace_files){ 0 };
}

/* The index of file name, added when new. */
static uint32_t file_index(spl_trace_files *f, const sv *name)
{
    if (f->last < f->n && strlen(f->v[f->last]) == name->len &&
        memcmp(f->v[f->last], name->s, name->len) == 0)
        return (uint32_t)f->last;
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->v[i]) == name->len && memcmp(f->v[i], name->s, name->len) == 0)
            return (uint32_t)(f->last = i);
    XGROW(f->v, f->cap, f->n + 1);
    f->v[f->n] = xstrndup(name->s, name->len);
    return (uint32_t)(f->last = f->n++);
}

static void add_file(spl_trace_group *g, uint32_t idx)
{
    for (size_t i = 0; i < g->nfiles; i++)
        if (g->files[i] == idx)
            return;
    if (g->nfiles == SPL_TRACE_MAX)
        return;
    XGROW(g->files, g->files_cap, g->nfiles + 1);
    g->files[g->nfiles++] = idx;
}

static void add_event(spl_trace_group *g, const char *s, size_t len)
{
    if (g->nevents >= SPL_TRACE_MAX)
        return;
    if (!g->events)
        g->events = xcalloc(SPL_TRACE_MAX, sizeof *g->events);
    g->events[g->nevents++] = xstrndup(s, len);
}

void spl_trace_group_add(spl_trace_files *f, spl_trace_group *g, const record *ev, bool events)
{
    const field *file = record_get(ev, SPL_TRACE_FILE);
    for (uint32_t k = 0; file && k < file->nvalues; k++)
        add_file(g, file_index(f, &file->values[k]));
    /* An earlier aggregated row brings its own count and events. */
    const sv *count = record_value(ev, SPL_TRACE_COUNT);
    uint64_t n = 1;
    if (count) {
        char buf[24];
        size_t len = count->len < sizeof buf - 1 ? count->len : sizeof buf - 1;
        memcpy(buf, count->s, len);
        buf[len] = '\0';
        unsigned long long v = strtoull(buf, NULL, 10);
        n = v ? v : 1;
    }
    g->count += n;
    if (!events)
        return;
    const field *prior = record_get(ev, SPL_TRACE_EVENTS);
    if (prior) {
        for (uint32_t k = 0; k < prior->nvalues; k++)
            add_event(g, prior->values[k].s, prior->values[k].len);
        return;
    }
    const sv *rec = record_value(ev, SPL_TRACE_RECORD);
    if (!file || file->nvalues != 1 || !rec || g->nevents >= SPL_TRACE_MAX)
        return;
    char buf[4096];
    int len = snprintf(buf, sizeof buf, "%.*s:%.*s", (int)file->values[0].len,
                       file->values[0].s, (int)rec->len, rec->s);
    if (len > 0 && (size_t)len < sizeof buf)
        add_event(g, buf, (size_t)len);
}

void spl_trace_group_results(const spl_trace_files *f, const spl_trace_group *g, record *out,
                             bool events)
{
    for (size_t i = 0; i < g->nfiles; i++)
        record_add(out, SPL_TRACE_FILE, f->v[g->files[i]], strlen(f->v[g->files[i]]));
    if (!events)
        return;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%llu", (unsigned long long)g->count);
    record_set(out, SPL_TRACE_COUNT, buf, (size_t)n);
    for (size_t i = 0; i < g->nevents; i++)
        record_add(out, SPL_TRACE_EVENTS, g->events[i], strlen(g->events[i]));
}

void spl_trace_group_free(spl_trace_group *g)
{
    for (size_t i = 0; i < g->nevents; i++)
        free(g->events[i]);
    free(g->events);
    free(g->files);
    *g = (spl_trace_group){ 0 };
}
