/* spl_plan.c - the push-based executor: events enter at the first stage, each stage
 * passes (possibly modified) records on with spl_stage_emit, the last stage feeds
 * the sink. Leading pure filters run on the caller's const record, so events the
 * search rejects are never copied. Also the result-column bookkeeping. */
#include "spl_private.h"

#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

void spl_stage_emit(spl_stage *st, record *r)
{
    spl_plan *p = st->plan;
    size_t next = st->index + 1;
    if (next >= p->nstages) {
        if (p->sink && p->sink->row)
            p->sink->row(p->sink, r);
        return;
    }
    spl_stage *ns = &p->stages[next];
    ns->cmd->push(ns, r);
}

int spl_plan_push(spl_plan *p, const record *ev)
{
    if (p->done || p->finished)
        return 1;
    size_t i = 0;
    while (i < p->nstages && p->stages[i].cmd->test) {
        if (!p->stages[i].cmd->test(&p->stages[i], ev))
            return 0;
        i++;
    }
    if (i == p->nstages) {
        if (p->sink && p->sink->row)
            p->sink->row(p->sink, ev);
        return 0;
    }
    if (p->stages[i].cmd->consume) {
        p->stages[i].cmd->consume(&p->stages[i], ev);
        return p->done ? 1 : 0;
    }
    record_copy(&p->work, ev);
    p->stages[i].cmd->push(&p->stages[i], &p->work);
    return p->done ? 1 : 0;
}

void spl_plan_finish(spl_plan *p)
{
    if (p->finished)
        return;
    p->finished = true;
    for (size_t i = 0; i < p->nstages; i++)
        if (p->stages[i].cmd->finish)
            p->stages[i].cmd->finish(&p->stages[i]);
}

void spl_plan_free(spl_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nstages; i++)
        if (p->stages[i].cmd->free)
            p->stages[i].cmd->free(&p->stages[i]);
    free(p->stages);
    for (size_t i = 0; i < p->nspans; i++)
        free((char *)p->spans[i].name);
    free(p->spans);
    free(p->text);
    free(p->source);
    record_free(&p->work);
    arena_free(&p->mem);
    free(p);
}

const char *const *spl_plan_columns(const spl_plan *p, size_t *ncolumns)
{
    if (!p->columns_known) {
        if (ncolumns)
            *ncolumns = 0;
        return NULL;
    }
    if (ncolumns)
        *ncolumns = p->ncolumns;
    return p->columns;
}

const char *spl_plan_text(const spl_plan *p)
{
    return p->text;
}

void spl_columns_unknown(spl_plan *p)
{
    p->columns_known = false;
    p->columns = NULL;
    p->ncolumns = 0;
}

static bool has_column(const spl_plan *p, const char *name)
{
    for (size_t i = 0; i < p->ncolumns; i++)
        if (strcmp(p->columns[i], name) == 0)
            return true;
    return false;
}

void spl_columns_set(spl_plan *p, const char *const *names, size_t n)
{
    const char **v = arena_alloc(&p->mem, (n ? n : 1) * sizeof *v);
    p->columns = v;
    p->ncolumns = 0;
    p->columns_known = true;
    for (size_t i = 0; i < n; i++)
        if (!has_column(p, names[i]))
            v[p->ncolumns++] = arena_strndup(&p->mem, names[i], strlen(names[i]));
}

void spl_columns_add(spl_plan *p, const char *name)
{
    if (!p->columns_known || has_column(p, name))
        return;
    const char **v = arena_alloc(&p->mem, (p->ncolumns + 1) * sizeof *v);
    if (p->ncolumns)
        memcpy(v, p->columns, p->ncolumns * sizeof *v);
    v[p->ncolumns++] = arena_strndup(&p->mem, name, strlen(name));
    p->columns = v;
}

void spl_columns_remove(spl_plan *p, const char *name)
{
    for (size_t i = 0; i < p->ncolumns; i++) {
        if (strcmp(p->columns[i], name) == 0) {
            memmove(&p->columns[i], &p->columns[i + 1], (p->ncolumns - i - 1) * sizeof *p->columns);
            p->ncolumns--;
            return;
        }
    }
}

void spl_columns_rename(spl_plan *p, const char *from, const char *to)
{
    if (!p->columns_known || strcmp(from, to) == 0)
        return;
    size_t i;
    for (i = 0; i < p->ncolumns; i++)
        if (strcmp(p->columns[i], from) == 0)
            break;
    if (i == p->ncolumns)
        return;
    spl_columns_remove(p, to);
    for (i = 0; i < p->ncolumns; i++)
        if (strcmp(p->columns[i], from) == 0)
            p->columns[i] = arena_strndup(&p->mem, to, strlen(to));
}

int spl_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    double x, y;
    bool xn = num_parse(a, alen, &x), yn = num_parse(b, blen, &y);
    if (xn && yn)
        return x < y ? -1 : x > y ? 1 : 0;
    if (xn != yn)
        return xn ? -1 : 1;
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

void spl_plan_fields(const spl_plan *p, projection *proj)
{
    for (size_t i = 0; i < p->nstages; i++) {
        const spl_stage *st = &p->stages[i];
        int reads = st->cmd->fields_read ? st->cmd->fields_read(st, proj) : SPL_READS_UNLISTED;
        if (reads == SPL_READS_UNLISTED)
            break;
        if (reads == SPL_READS_END)
            return;
    }
    projection_want_all(proj);
}
