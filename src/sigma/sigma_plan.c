/* sigma_plan.c - a loaded Sigma rule to an SPL plan (spl_external_compile): the head
 * is an ordinary `search` made from the logsource rows, so the reader's pushdown
 * skips every other event before building it; then the rule's matcher (a pure
 * filter) and the row maker, or for a correlation rule its stateful stage. Rows:
 * _time, Computer, Channel, EventID, sigma_title, sigma_id, sigma_level, sigma_tags
 * and the fields the rule tests, under the rule's names. */
#include "sigma_private.h"

#include <string.h>

#include "../spl/spl_trace.h"
#include "../util/xmalloc.h"

enum { ROW_FIXED = 8 };
static const char *const row_fixed[ROW_FIXED] = { "_time", "Computer", "Channel", "EventID",
                                                  "sigma_title", "sigma_id", "sigma_level",
                                                  "sigma_tags" };

/* ---- the matcher: a pure filter ---- */

static bool match_test(void *ctx, const record *r)
{
    const sigma_rule *rule = ctx;
    return sigma_match_detection(rule->detection, r);
}

static int match_fields_read(const void *ctx, projection *proj)
{
    const sigma_rule *rule = ctx;
    return sigma_match_fields(rule->detection, proj) ? SPL_EXTERNAL_READS_PASS
                                                      : SPL_EXTERNAL_READS_UNLISTED;
}

static const spl_stage_ops match_ops = {
    .name = "sigma match",
    .test = match_test,
    .fields_read = match_fields_read,
};

/* ---- the row maker ---- */

void sigma_plan_rule_fields(record *row, const sigma_rule *r)
{
    record_set(row, "sigma_title", r->title, strlen(r->title));
    record_set(row, "sigma_id", r->id ? r->id : "", r->id ? strlen(r->id) : 0);
    const char *lvl = sigma_level_name(r->level);
    record_set(row, "sigma_level", lvl, strlen(lvl));
    for (size_t t = 0; t < r->ntags; t++)
        record_add(row, "sigma_tags", r->tags[t], strlen(r->tags[t]));
}

typedef struct row_stage {
    const sigma_rule *rule;
    record row;                /* reused for every match */
} row_stage;

static void copy_field(record *row, const char *as, const record *ev, const char *name)
{
    const field *f = record_get(ev, name);
    for (uint32_t k = 0; f && k < f->nvalues; k++)
        record_add(row, as, f->values[k].s, f->values[k].len);
}

static void row_consume(void *ctx, spl_stage *st, const record *ev)
{
    row_stage *rs = ctx;
    const sigma_rule *r = rs->rule;
    record *row = &rs->row;
    record_clear(row);
    for (size_t i = 0; i < 4; i++)
        copy_field(row, row_fixed[i], ev, row_fixed[i]);
    sigma_plan_rule_fields(row, r);
    /* The variant that matched names the fields. */
    const sigma_source *src = r->detection->variants[0].src;
    for (size_t v = 1; v < r->detection->nvariants; v++)
        if (sigma_logsource_admits(r->detection->variants[v].src, ev))
            src = r->detection->variants[v].src;
    for (size_t i = 0; i < r->nfields; i++) {
        bool fixed = false;
        for (size_t k = 0; k < ROW_FIXED; k++)
            fixed |= strcmp(r->fields[i], row_fixed[k]) == 0;
        if (!fixed)
            copy_field(row, r->fields[i], ev, sigma_logsource_field(src, r->fields[i]));
    }
    spl_trace_copy(ev, row);   /* when the run traces: the event's file and record */
    spl_external_emit(st, row);
}

static void row_free(void *ctx)
{
    row_stage *rs = ctx;
    record_free(&rs->row);
    free(rs);
}

static int row_fields_read(const void *ctx, projection *proj)
{
    const row_stage *rs = ctx;
    for (size_t i = 0; i < 4; i++)
        projection_want(proj, row_fixed[i], strlen(row_fixed[i]));
    for (size_t v = 0; v < rs->rule->detection->nvariants; v++)
        for (size_t i = 0; i < rs->rule->nfields; i++) {
            const char *ev = sigma_logsource_field(rs->rule->detection->variants[v].src,
                                                   rs->rule->fields[i]);
            projection_want(proj, ev, strlen(ev));
        }
    return SPL_EXTERNAL_READS_END;
}

static const spl_stage_ops row_ops = {
    .name = "sigma row",
    .consume = row_consume,
    .free = row_free,
    .fields_read = row_fields_read,
};

/* ---- the plan ---- */

/* The SPL head: the rows' conditions ORed, "*" when one admits every event. */
static char *head_of(const sigma_source *const *src, size_t n)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    XGROW(buf, cap, 64);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!src[i]->channels[0] && !src[i]->eventids[0] && !src[i]->cond_field) {
            strcpy(buf, "*");
            return buf;
        }
    for (size_t i = 0; i < n; i++) {
        if (i) {
            XGROW(buf, cap, len + 5);
            memcpy(buf + len, " OR ", 5);
            len += 4;
        }
        sigma_logsource_spl(src[i], &buf, &len, &cap);
    }
    return buf;
}

spl_plan *sigma_plan_compile(const sigma_rule *r, const spl_env *env, spl_sink *sink,
                             tr_error *err)
{
    spl_external_stage stages[2];
    size_t nstages = 0;
    char *head;
    const char *cols[64 + ROW_FIXED];
    if (r->correlation) {
        const sigma_source *src[64];
        size_t n = sigma_correlation_sources(r, src, 64);
        head = head_of(src, n);
        sigma_correlation_stage(r, &stages[nstages]);
        stages[nstages].columns = cols;
        stages[nstages++].ncolumns = sigma_correlation_columns(r, cols, 64 + ROW_FIXED);
    } else {
        head = head_of(r->sources, r->nsources);
        stages[nstages++] = (spl_external_stage){ .ops = &match_ops, .ctx = (void *)r };
        row_stage *rs = xcalloc(1, sizeof *rs);
        rs->rule = r;
        record_init(&rs->row);
        size_t nc = 0;
        for (size_t i = 0; i < ROW_FIXED; i++)
            cols[nc++] = row_fixed[i];
        for (size_t i = 0; i < r->nfields && nc < 64 + ROW_FIXED; i++) {
            bool fixed = false;
            for (size_t k = 0; k < ROW_FIXED; k++)
                fixed |= strcmp(r->fields[i], row_fixed[k]) == 0;
            if (!fixed)
                cols[nc++] = r->fields[i];
        }
        stages[nstages++] = (spl_external_stage){ .ops = &row_ops, .ctx = rs, .columns = cols,
                                                  .ncolumns = nc };
    }
    spl_plan *p = spl_external_compile(head, stages, nstages, NULL, env, sink, err);
    free(head);
    return p;
}
