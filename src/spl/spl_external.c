/* spl_external.c - plans whose middle stages are built outside SPL (spl.h): an SPL
 * head compiled as usual, the caller's stages behind it, an optional SPL tail. Each
 * external stage becomes an ordinary plan stage through an adapter command row made
 * for it, so the executor, the pushdown and the projection treat it like any other.
 * Coupling with the engine: the plan and stage layout of spl_private.h, nothing of
 * the parser beyond spl_compile. */
#include "spl_private.h"

#include <stdio.h>
#include <string.h>

#include "../util/xmalloc.h"

_Static_assert((int)SPL_EXTERNAL_READS_UNLISTED == (int)SPL_READS_UNLISTED &&
                   (int)SPL_EXTERNAL_READS_PASS == (int)SPL_READS_PASS &&
                   (int)SPL_EXTERNAL_READS_END == (int)SPL_READS_END,
               "spl.h and spl_private.h disagree on fields_read answers");
_Static_assert((int)SPL_EXTERNAL_ORDER_SENSITIVE == (int)SPL_ORDER_SENSITIVE &&
                   (int)SPL_EXTERNAL_ORDER_RESETS == (int)SPL_ORDER_RESETS,
               "spl.h and spl_private.h disagree on order bits");

/* The state of an adapter stage. */
typedef struct ext_state {
    const spl_stage_ops *ops;
    void *ctx;
} ext_state;

static bool ext_test(spl_stage *st, const record *r)
{
    ext_state *s = st->state;
    return s->ops->test(s->ctx, r);
}

static void ext_push(spl_stage *st, record *r)
{
    ext_state *s = st->state;
    if (s->ops->push)
        s->ops->push(s->ctx, st, r);
    else if (s->ops->consume)
        s->ops->consume(s->ctx, st, r);
    else if (s->ops->test(s->ctx, r))
        spl_stage_emit(st, r);
}

static void ext_consume(spl_stage *st, const record *r)
{
    ext_state *s = st->state;
    s->ops->consume(s->ctx, st, r);
}

static void ext_finish(spl_stage *st)
{
    ext_state *s = st->state;
    if (s->ops->finish)
        s->ops->finish(s->ctx, st);
}

static void ext_free(spl_stage *st)
{
    ext_state *s = st->state;
    if (s->ops->free)
        s->ops->free(s->ctx);
}

static unsigned ext_order(const spl_stage *st)
{
    const ext_state *s = st->state;
    return s->ops->order;
}

static int ext_fields_read(const spl_stage *st, projection *proj)
{
    const ext_state *s = st->state;
    return s->ops->fields_read ? s->ops->fields_read(s->ctx, proj) : SPL_READS_UNLISTED;
}

void spl_external_emit(spl_stage *st, record *r)
{
    spl_stage_emit(st, r);
}

static void free_contexts(const spl_external_stage *stages, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (stages[i].ops->free)
            stages[i].ops->free(stages[i].ctx);
}

/* The command row of one external stage, in the plan arena: test and consume are
 * set only when the stage has them, as the executor decides by their presence. */
static const spl_cmd *adapter_row(spl_plan *p, const spl_stage_ops *ops)
{
    spl_cmd *cmd = arena_alloc(&p->mem, sizeof *cmd);
    *cmd = (spl_cmd){
        .name = ops->name,
        .push = ext_push,
        .test = ops->test ? ext_test : NULL,
        .consume = ops->consume ? ext_consume : NULL,
        .finish = ext_finish,
        .free = ext_free,
        .fields_read = ext_fields_read,
        .order = ops->order ? ext_order : NULL,
        .transforming = ops->transforming,
    };
    return cmd;
}

spl_plan *spl_external_compile(const char *head, const spl_external_stage *stages, size_t n,
                               const char *tail, const spl_env *env, spl_sink *sink,
                               tr_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!stages[i].ops->test && !stages[i].ops->push && !stages[i].ops->consume) {
            free_contexts(stages, n);
            tr_error_set(err, "external stage '%s' has no way to receive records",
                         stages[i].ops->name);
            return NULL;
        }
    /* Compiled without reordering: the ordering stage is placed once the whole plan
     * is known. The head alone tells how many stages it makes (macros may add pipes). */
    spl_env unordered = env ? *env : (spl_env){ 0 };
    unordered.read_order = false;
    spl_sink none = { 0 };
    spl_plan *h = spl_compile(head, &unordered, &none, err);
    if (!h) {
        free_contexts(stages, n);
        return NULL;
    }
    size_t nhead = h->nstages;
    spl_plan_free(h);
    spl_plan *p;
    if (tail && *tail) {
        size_t len = strlen(head) + strlen(tail) + 4;
        char *text = xmalloc(len);
        snprintf(text, len, "%s | %s", head, tail);
        p = spl_compile(text, &unordered, sink, err);
        free(text);
    } else {
        p = spl_compile(head, &unordered, sink, err);
    }
    if (!p) {
        free_contexts(stages, n);
        return NULL;
    }
    if (p->nstages + n > SPL_MAX_STAGES) {
        free_contexts(stages, n);
        spl_plan_free(p);
        tr_error_set(err, "too many commands (at most %d)", SPL_MAX_STAGES);
        return NULL;
    }
    bool tail_columns = p->columns_known && p->nstages > nhead;
    p->stages = xrealloc(p->stages, (p->nstages + n + 1) * sizeof *p->stages); /* + order */
    memmove(&p->stages[nhead + n], &p->stages[nhead], (p->nstages - nhead) * sizeof *p->stages);
    for (size_t i = 0; i < n; i++) {
        ext_state *s = arena_alloc(&p->mem, sizeof *s);
        *s = (ext_state){ .ops = stages[i].ops, .ctx = stages[i].ctx };
        p->stages[nhead + i] = (spl_stage){ .cmd = adapter_row(p, stages[i].ops), .plan = p,
                                            .state = s };
        if (stages[i].columns && !tail_columns)
            spl_columns_set(p, stages[i].columns, stages[i].ncolumns);
    }
    p->nstages += n;
    for (size_t i = 0; i < p->nstages; i++)
        p->stages[i].index = i;
    if (env && env->read_order) {
        p->env.read_order = true;
        spl_order_plan(p, env->order_memory);
    }
    return p;
}
