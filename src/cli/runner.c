/* runner.c - one pass over the inputs feeding every compiled search: SPL searches,
 * Splunk detections and Sigma rules alike (each is a plan). */
#include "runner.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../event/projection.h"
#include "../util/num.h"
#include "../util/xmalloc.h"

/* TRAWL_ORDER_MEMORY (bytes) sets how much a plan holds in memory to put events
 * newest first before it spills to temporary files (docs/spl.md); 0: default. */
static size_t order_memory(void)
{
    const char *v = getenv("TRAWL_ORDER_MEMORY");
    double d;
    return v && num_parse(v, strlen(v), &d) && d >= 1 && d < 1e15 ? (size_t)d : 0;
}

void runner_init(runner *r, const content *c, const char *tz)
{
    *r = (runner){ 0 };
    r->env.lookup_macro = content_lookup_macro;
    r->env.macro_ctx = (void *)c;
    r->env.tz = tz;
    r->env.now = (double)time(NULL);
    r->env.read_order = true;   /* events arrive in file order; plans reorder them */
    r->env.order_memory = order_memory();
    r->latest_time = 0;
}

/* A job writing to a new section of out; its plan comes from compile. */
static int add_job(runner *r, const char *search_name, const char *search, const detection *det,
                   output *out, spl_plan *(*compile)(runner *r, const void *what, spl_sink *sink,
                                                     tr_error *err),
                   const void *what, tr_error *err)
{
    r->env.trace_files = r->trace_files || r->trace;
    r->env.trace_events = r->trace;
    XGROW(r->jobs, r->jobs_cap, r->njobs + 1);
    runner_job *job = xmalloc(sizeof *job);
    *job = (runner_job){ .search_name = search_name, .search = search, .det = det, .out = out };
    job->section = output_begin_section(out, search_name, r->risk ? risk_array_fields : NULL);
    spl_sink *sink = output_section_sink(job->section);
    if (r->risk)
        output_section_set_numbers(job->section, risk_number_fields);
    if (r->risk && det) {
        risk_sink_init(&job->risk, det, sink, &r->latest_time, r->env.tz);
        sink = &job->risk.sink;
    }
    job->plan = compile(r, what, sink, err);
    if (!job->plan) {
        if (r->risk && det)
            risk_sink_free(&job->risk);
        output_drop_last_section(out);
        free(job);
        return -1;
    }
    if (!r->risk) {
        size_t ncols;
        const char *const *cols = spl_plan_columns(job->plan, &ncols);
        if (cols)
            output_section_set_columns(job->section, cols, ncols);
    }
    r->jobs[r->njobs++] = job;
    return 0;
}

static spl_plan *compile_spl(runner *r, const void *search, spl_sink *sink, tr_error *err)
{
    return spl_compile(search, &r->env, sink, err);
}

static spl_plan *compile_sigma(runner *r, const void *rule, spl_sink *sink, tr_error *err)
{
    return sigma_plan_compile(rule, &r->env, sink, err);
}

int runner_add(runner *r, const char *search_name, const char *search, const detection *det,
               output *out, tr_error *err)
{
    return add_job(r, search_name, search, det, out, compile_spl, search, err);
}

int runner_add_sigma(runner *r, const sigma_rule *rule, output *out, tr_error *err)
{
    return add_job(r, rule->title, NULL, &rule->as_detection, out, compile_sigma, rule, err);
}

static int on_event(void *ctx, record *ev)
{
    runner *r = ctx;
    if (r->risk) {   /* only risk events of rows without a time need it */
        const sv *t = record_value(ev, "_time");
        double when;
        if (t && num_parse(t->s, t->len, &when) && when > r->latest_time)
            r->latest_time = when;
    }
    size_t n = spl_index_candidates(r->index, ev, r->index_mark, r->candidates);
    for (size_t i = 0; i < n; i++) {
        runner_job *job = r->jobs[r->candidates[i]];
        if (!job->done && spl_plan_push(job->plan, ev)) {
            job->done = true;
            r->active--;
        }
    }
    return r->active == 0;
}

void runner_run(runner *r, char *const *paths, size_t npaths)
{
    /* Readers skip events no search can keep before building them. */
    pushdown *pd = spl_pushdown_new();
    for (size_t i = 0; i < r->njobs; i++)
        spl_pushdown_add(pd, r->jobs[i]->plan);
    r->input.pushdown = pd;
    /* ... and build only the fields some search reads. */
    projection *fields = projection_new();
    projection_want(fields, "_time", 5);    /* --earliest/--latest, risk dating */
    if (r->env.trace_files) {                /* record_id */
        projection_want(fields, "EventRecordID", 13);
        projection_want(fields, "RecordNumber", 12);
    }
    r->input.trace = r->env.trace_files;
    for (size_t i = 0; i < r->njobs; i++)
        spl_plan_fields(r->jobs[i]->plan, fields);
    r->input.fields = fields;
    /* Each event goes only to the plans that may keep it. */
    r->index = spl_index_new();
    for (size_t i = 0; i < r->njobs; i++)
        spl_index_add(r->index, r->jobs[i]->plan);
    r->index_mark = xcalloc(r->njobs / 64 + 1, sizeof *r->index_mark);
    r->candidates = xcalloc(r->njobs + 1, sizeof *r->candidates);
    r->active = r->njobs;
    input_read_paths(paths, npaths, &r->input, on_event, r, &r->stats);
    r->input.fields = NULL;
    projection_free(fields);
    r->input.pushdown = NULL;
    spl_pushdown_free(pd);
    for (size_t i = 0; i < r->njobs; i++)
        spl_plan_finish(r->jobs[i]->plan);
}

void runner_free(runner *r)
{
    spl_index_free(r->index);
    free(r->index_mark);
    free(r->candidates);
    for (size_t i = 0; i < r->njobs; i++) {
        spl_plan_free(r->jobs[i]->plan);
        if (r->risk && r->jobs[i]->det)
            risk_sink_free(&r->jobs[i]->risk);
        free(r->jobs[i]);
    }
    free(r->jobs);
}
