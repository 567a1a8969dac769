/* runner.h - runs compiled searches over input paths: every event is read once and
 * pushed to every search, results go to the outputs. Shared by run and search. */
#ifndef TRAWL_RUNNER_H
#define TRAWL_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "../content/content.h"
#include "../formats/input.h"
#include "../output/output.h"
#include "../output/risk.h"
#include "../sigma/sigma.h"

typedef struct runner_job {
    const char *search_name;    /* detection name, NULL for an ad-hoc search */
    const char *search;         /* SPL, macros unexpanded; NULL for a Sigma rule */
    const detection *det;       /* NULL for an ad-hoc search */
    spl_plan *plan;
    output *out;                /* the output this job's section lives in (not owned) */
    output_section *section;
    risk_sink risk;             /* used with --risk */
    bool done;                  /* the plan needs no more events (head) */
} runner_job;

typedef struct runner {
    runner_job **jobs;          /* each allocated alone: plans point into them */
    size_t njobs, jobs_cap;
    spl_env env;
    bool risk;                  /* rows become risk events */
    bool trace_files;           /* results carry source_file and record_id (set
                                   before runner_add: it is part of the SPL env) */
    bool trace;                 /* --trace: aggregated rows also list their events */
    size_t skipped;             /* detections chosen that could not run (summary) */
    double latest_time;         /* newest _time read: risk events of rows without one */
    input_options input;
    input_stats stats;
    spl_index *index;           /* which plans may keep an event (built at run) */
    uint64_t *index_mark;       /* its scratch */
    uint32_t *candidates;       /* the plans an event goes to */
    size_t active;              /* plans still wanting events (not done) */
} runner;

void runner_init(runner *r, const content *c, const char *tz);
/* Adds a search; its results go to a new section of out. Returns 0, or -1 with err
 * when the SPL does not compile. */
int runner_add(runner *r, const char *search_name, const char *search, const detection *det,
               output *out, tr_error *err);
/* Adds a Sigma rule (its plan: sigma_plan_compile); risk events use the rule as a
 * detection (rule->as_detection). The rule's set must outlive the runner. */
int runner_add_sigma(runner *r, const sigma_rule *rule, output *out, tr_error *err);
/* Reads every path, then finishes every plan. */
void runner_run(runner *r, char *const *paths, size_t npaths);
void runner_free(runner *r);

#endif
