/* cmd_datamodel.c - the generating commands that return a CIM dataset's events:
 * `datamodel Model Dataset search|flat` and `from datamodel:Model.Dataset` (also
 * `from datamodel Model.Dataset`). Each input event of the dataset (datamodel.c)
 * comes out with its own fields and the dataset's: named "<Object>.<field>" by
 * `datamodel ... search`, by the field alone by `flat` and by `from`, which is
 * how Splunk returns them (a search after `from datamodel` reads `dest`). */
#include "spl_private.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"
#include "datamodel.h"
#include "search_expr.h"

typedef struct dmcmd_state {
    const dm_dataset *ds;   /* the dataset */
    bool flat;              /* dataset fields without their "<Object>." prefix */
    const search_node *pre; /* the dataset's events as a search (the pushdown's) */
    record mapped;          /* the event as the dataset's fields (reused) */
} dmcmd_state;

static int unknown_dataset(spl_parser *ps, const spl_tok *t, const char *name)
{
    char list[512];
    size_t n = 0;
    list[0] = '\0';
    for (const char *const *m = datamodel_names(); *m; m++) {
        int w = snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *m);
        if (w < 0 || (size_t)w >= sizeof list - n)
            break;
        n += (size_t)w;
    }
    return spl_fail(ps, t->off, "unsupported data model '%s' in '%s' (trawl maps %s)", name,
                    ps->cmd_name, list);
}

static dmcmd_state *dmcmd_new(spl_stage *st)
{
    dmcmd_state *s = xcalloc(1, sizeof *s);
    record_init(&s->mapped);
    st->state = s;
    spl_columns_unknown(st->plan);
    return s;
}

/* datamodel -> MODEL DATASET (search | flat) */
static int datamodel_parse(spl_stage *st, spl_parser *ps)
{
    dmcmd_state *s = dmcmd_new(st);
    const spl_tok *model = spl_peek(ps);
    if (model->kind != TK_WORD && model->kind != TK_STRING)
        return spl_fail_expected(ps, model, "data model name");
    spl_next(ps);
    const spl_tok *object = spl_peek(ps);
    if (object->kind != TK_WORD && object->kind != TK_STRING)
        return spl_fail(ps, object->off, "'datamodel' needs a dataset after the model "
                        "(trawl returns events only: datamodel MODEL DATASET search)");
    spl_next(ps);
    char name[256];
    snprintf(name, sizeof name, "%s.%s", model->text, object->text);
    s->ds = datamodel_find(name);
    if (!s->ds)
        return unknown_dataset(ps, model, name);
    s->pre = spl_datamodel_prefilter(ps, s->ds);
    const spl_tok *mode = spl_peek(ps);
    if (spl_tok_is(mode, "search"))
        s->flat = false;
    else if (spl_tok_is(mode, "flat"))
        s->flat = true;
    else
        return spl_fail_expected(ps, mode, "'search' or 'flat' (trawl returns the dataset's "
                                 "events)");
    spl_next(ps);
    if (!spl_at_end(ps))
        return spl_fail_arg(ps, spl_peek(ps));
    return 0;
}

/* from -> datamodel:NAME | datamodel NAME | datamodel=NAME */
static int from_parse(spl_stage *st, spl_parser *ps)
{
    dmcmd_state *s = dmcmd_new(st);
    s->flat = true;
    const spl_tok *t = spl_peek(ps);
    const char *name = NULL;
    const spl_tok *at = t;
    if (t->kind == TK_WORD && strncasecmp(t->text, "datamodel:", 10) == 0) {
        spl_next(ps);
        name = t->text + 10;
        if (!*name && (spl_peek(ps)->kind == TK_STRING || spl_peek(ps)->kind == TK_WORD) &&
            !spl_peek(ps)->space_before) {
            at = spl_peek(ps);
            name = at->text;
            spl_next(ps);
        }
    } else if (spl_tok_is(t, "datamodel")) {
        spl_next(ps);
        if (spl_peek(ps)->kind == TK_EQ)
            spl_next(ps);
        at = spl_peek(ps);
        if (at->kind != TK_WORD && at->kind != TK_STRING)
            return spl_fail_expected(ps, at, "data model name");
        name = at->text;
        spl_next(ps);
    } else {
        return spl_fail_expected(ps, t, "'datamodel:NAME' (trawl reads data models only)");
    }
    if (!name || !*name)
        return spl_fail_expected(ps, spl_peek(ps), "data model name");
    s->ds = datamodel_find(name);
    if (!s->ds)
        return unknown_dataset(ps, at, name);
    s->pre = spl_datamodel_prefilter(ps, s->ds);
    if (!spl_at_end(ps))
        return spl_fail_arg(ps, spl_peek(ps));
    return 0;
}

static void dmcmd_push(spl_stage *st, record *r)
{
    dmcmd_state *s = st->state;
    if (!datamodel_map(s->ds, r, &s->mapped))
        return;
    const char *object = datamodel_object(s->ds);
    size_t olen = strlen(object);
    for (size_t i = 0; i < s->mapped.nfields; i++) {
        const field *f = &s->mapped.fields[i];
        const char *name = f->name;
        if (strcmp(name, "_time") == 0 || strcmp(name, "host") == 0 ||
            strcmp(name, "source") == 0 || strcmp(name, "sourcetype") == 0)
            continue;
        if (s->flat && strncmp(name, object, olen) == 0 && name[olen] == '.')
            name += olen + 1;
        record_set_mv(r, name, f->values, f->nvalues);
    }
    spl_stage_emit(st, r);
}

static const search_node *dmcmd_prefilter(const spl_stage *st)
{
    const dmcmd_state *s = st->state;
    return s->pre;
}

static void dmcmd_free(spl_stage *st)
{
    dmcmd_state *s = st->state;
    if (!s)
        return;
    record_free(&s->mapped);
    free(s);
}

const spl_cmd spl_cmd_datamodel = {
    .name = "datamodel", .parse = datamodel_parse, .push = dmcmd_push, .free = dmcmd_free,
    .prefilter = dmcmd_prefilter,
};

const spl_cmd spl_cmd_from = {
    .name = "from", .parse = from_parse, .push = dmcmd_push, .free = dmcmd_free,
    .prefilter = dmcmd_prefilter,
};
