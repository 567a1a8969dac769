/* cmd_fillnull.c - fillnull: give missing (or empty) fields a value (default 0).
 * With a field list, or when the result columns are known, it streams; with
 * neither it fills every field seen in any row, so it holds rows until finish. */
#include "spl_private.h"

#include <string.h>

#include "../util/xmalloc.h"

typedef struct fillnull_state {
    const char *value;
    const char **fields;  /* plan arena; the known columns when no list was given */
    size_t nfields;
    bool hold;            /* no list, columns unknown: buffer rows */
    record *rows;         /* held rows (malloc'd) */
    size_t nrows, cap;
    const char **seen;    /* union of field names over held rows (malloc'd copies) */
    size_t nseen, seen_cap;
} fillnull_state;

/* fillnull -> [value=X] [field {[,] field}] */
static int fillnull_parse(spl_stage *st, spl_parser *ps)
{
    fillnull_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    s->value = "0";
    s->fields = arena_alloc(&ps->plan->mem, ps->toks.n * sizeof *s->fields);
    static const char *const opts[] = {"value", NULL};
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        if (spl_option(ps, opts, &val) == 0) {
            s->value = val->text;
            continue;
        }
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_COMMA && s->nfields) {
            spl_next(ps);
            continue;
        }
        if ((t->kind != TK_WORD && t->kind != TK_STRING) ||
            ps->toks.v[ps->pos + 1].kind == TK_EQ)
            return spl_fail_arg(ps, t);
        s->fields[s->nfields++] = t->text;
        spl_next(ps);
    }
    spl_plan *p = ps->plan;
    if (s->nfields) {
        for (size_t i = 0; i < s->nfields; i++)
            spl_columns_add(p, s->fields[i]);
    } else if (p->columns_known) {
        s->fields = p->columns;
        s->nfields = p->ncolumns;
    } else {
        s->hold = true;
    }
    return 0;
}

static void fill(const fillnull_state *s, record *r, const char *const *names, size_t n)
{
    size_t vl = strlen(s->value);
    for (size_t i = 0; i < n; i++) {
        const field *f = record_get(r, names[i]);
        if (!f || (f->nvalues == 1 && f->values[0].len == 0))
            record_set(r, names[i], s->value, vl);
    }
}

static void fillnull_push(spl_stage *st, record *r)
{
    fillnull_state *s = st->state;
    if (!s->hold) {
        fill(s, r, s->fields, s->nfields);
        spl_stage_emit(st, r);
        return;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        size_t k;
        for (k = 0; k < s->nseen; k++)
            if (strcmp(s->seen[k], r->fields[i].name) == 0)
                break;
        if (k == s->nseen) {
            XGROW(s->seen, s->seen_cap, s->nseen + 1);
            s->seen[s->nseen++] = xstrdup(r->fields[i].name);
        }
    }
    XGROW(s->rows, s->cap, s->nrows + 1);
    record_init(&s->rows[s->nrows]);
    record_copy(&s->rows[s->nrows++], r);
}

static void fillnull_finish(spl_stage *st)
{
    fillnull_state *s = st->state;
    for (size_t i = 0; i < s->nrows; i++) {
        fill(s, &s->rows[i], s->seen, s->nseen);
        spl_stage_emit(st, &s->rows[i]);
    }
}

static void fillnull_free(spl_stage *st)
{
    fillnull_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->nrows; i++)
        record_free(&s->rows[i]);
    free(s->rows);
    for (size_t i = 0; i < s->nseen; i++)
        free((char *)s->seen[i]);
    free(s->seen);
    free(s);
}

const spl_cmd spl_cmd_fillnull = {
    .name = "fillnull", .parse = fillnull_parse, .push = fillnull_push,
    .finish = fillnull_finish, .free = fillnull_free,
};
