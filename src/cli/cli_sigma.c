/* cli_sigma.c - what run, list and test share about Sigma rules: the --sigma option
 * group, loading (with the skipped rules reported), choosing rules by level, status
 * and tag, and replaying a rule's SigmaHQ regression test (regression_tests_path ->
 * info.yml -> .evtx, match_count). */
#include "cli_sigma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/arena.h"
#include "../util/xmalloc.h"
#include "../util/ynode.h"

void cli_sigma_init(cli_sigma *s)
{
    *s = (cli_sigma){ 0 };
    sigma_set_init(&s->set);
}

void cli_sigma_free(cli_sigma *s)
{
    free(s->paths);
    free(s->statuses);
    free(s->tags);
    sigma_set_free(&s->set);
}

#define PUSH(arr, n, cap, v)          \
    do {                              \
        XGROW(arr, cap, (n) + 1);     \
        (arr)[(n)++] = (v);           \
    } while (0)

int cli_sigma_handle(cli_sigma *s, int opt, const char *arg)
{
    switch (opt) {
    case CLI_OPT_SIGMA:
        PUSH(s->paths, s->npaths, s->paths_cap, arg);
        return 1;
    case CLI_OPT_SIGMA_PLACEHOLDERS:
        s->placeholders = arg;
        return 1;
    case CLI_OPT_MIN_LEVEL:
        if (sigma_level_parse(arg, &s->min_level) < 0) {
            tr_warn("--min-level '%s': expected informational, low, medium, high or critical",
                    arg);
            return -1;
        }
        return 1;
    case CLI_OPT_STATUS:
        PUSH(s->statuses, s->nstatuses, s->statuses_cap, arg);
        return 1;
    case CLI_OPT_TAG:
        PUSH(s->tags, s->ntags, s->tags_cap, arg);
        return 1;
    default:
        return 0;
    }
}

int cli_sigma_load(cli_sigma *s, cli_sigma_report report)
{
    tr_error err = { 0 };
    if (s->placeholders && sigma_set_load_placeholders(&s->set, s->placeholders, &err) < 0) {
        tr_error_print(&err);
        return -1;
    }
    for (size_t i = 0; i < s->npaths; i++)
        if (sigma_set_load_path(&s->set, s->paths[i], &err) < 0) {
            tr_error_print(&err);
            return -1;
        }
    sigma_set_finish(&s->set);
    if (report == CLI_SIGMA_REPORT_EACH)
        for (size_t i = 0; i < s->set.nskipped; i++)
            tr_warn("sigma: skipped %s: %s", s->set.skipped[i].origin, s->set.skipped[i].reason);
    else if (report == CLI_SIGMA_REPORT_SUMMARY && s->set.nskipped && s->npaths)
        tr_warn("sigma: %zu rules loaded, %zu skipped (-v or 'trawl list --sigma' lists them)",
                s->set.nrules, s->set.nskipped);
    return 0;
}

static bool has_tag(const sigma_rule *r, const char *tag)
{
    for (size_t i = 0; i < r->ntags; i++)
        if (strcasecmp(r->tags[i], tag) == 0)
            return true;
    return false;
}

bool cli_sigma_selected(const cli_sigma *s, const sigma_rule *r)
{
    if (!sigma_rule_standalone(r) || r->level < s->min_level)
        return false;
    if (s->nstatuses) {
        bool ok = false;
        for (size_t i = 0; i < s->nstatuses; i++)
            ok |= r->status && strcasecmp(r->status, s->statuses[i]) == 0;
        if (!ok)
            return false;
    }
    if (s->ntags) {
        bool ok = false;
        for (size_t i = 0; i < s->ntags; i++)
            ok |= has_tag(r, s->tags[i]);
        if (!ok)
            return false;
    }
    return true;
}

/* ---- regression tests ---- */

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* regression_tests_path is relative to the rule repository's root: the first
 * directory above the rule file under which it exists. Caller frees. */
static char *find_under_parents(const char *origin, const char *rel)
{
    char *dir = xstrdup(origin);
    char *colon = strrchr(dir, ':');   /* FILE:LINE of a multi-document file */
    if (colon && strchr(colon, '/') == NULL)
        *colon = '\0';
    for (int depth = 0; depth < 16; depth++) {
        char *slash = strrchr(dir, '/');
        if (!slash)
            break;
        *slash = '\0';
        size_t n = strlen(dir) + strlen(rel) + 2;
        char *path = xmalloc(n);
        snprintf(path, n, "%s/%s", dir[0] ? dir : "/", rel);
        if (exists(path)) {
            free(dir);
            return path;
        }
        free(path);
    }
    free(dir);
    return exists(rel) ? xstrdup(rel) : NULL;
}

typedef struct count_sink {
    spl_sink sink;
    size_t rows;
} count_sink;

static void count_row(spl_sink *s, const record *r)
{
    (void)r;
    ((count_sink *)s)->rows++;
}

static int push_event(void *ctx, record *ev)
{
    return spl_plan_push(ctx, ev);
}

size_t cli_sigma_count_matches(const sigma_rule *r, const char *path, input_stats *st)
{
    count_sink c = { .sink = { .row = count_row } };
    spl_env env = { .now = 0 };
    tr_error err = { 0 };
    spl_plan *p = sigma_plan_compile(r, &env, &c.sink, &err);
    if (!p) {
        tr_warn("%s: %s", r->origin, err.msg);
        return (size_t)-1;
    }
    /* As the runner reads: through the pushdown and the projection. */
    pushdown *pd = spl_pushdown_new();
    spl_pushdown_add(pd, p);
    projection *proj = projection_new();
    projection_want(proj, "_time", 5);
    spl_plan_fields(p, proj);
    input_options opt = { .pushdown = pd, .fields = proj, .jobs = 1, .quiet = true };
    input_read_path(path, &opt, push_event, p, st);
    spl_plan_finish(p);
    projection_free(proj);
    spl_pushdown_free(pd);
    spl_plan_free(p);
    return c.rows;
}

int cli_sigma_regression(const sigma_rule *r, char *why, size_t why_size, bool *input_problems)
{
    if (!r->regression) {
        snprintf(why, why_size, "no regression_tests_path");
        return 0;
    }
    char *info = find_under_parents(r->origin, r->regression);
    if (!info) {
        snprintf(why, why_size, "%.200s not found above the rule", r->regression);
        return 0;
    }
    int verdict = -1;
    arena a;
    arena_init(&a, 4096);
    char *buf = xmalloc(1 << 16);
    FILE *f = fopen(info, "rb");
    size_t len = f ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    if (f)
        fclose(f);
    ynode *root = NULL;
    tr_error err = { 0 };
    const ynode *t = NULL;
    if (ynode_parse(buf, len, info, false, &a, &root, &err) == 0) {
        const ynode *tests = ynode_get(root, "regression_tests_info");
        t = tests && tests->kind == YN_SEQ ? tests->first : NULL;
    }
    const char *type = t ? ynode_str(ynode_get(t, "type")) : NULL;
    const char *evtx = t ? ynode_str(ynode_get(t, "path")) : NULL;
    const char *count = t ? ynode_str(ynode_get(t, "match_count")) : NULL;
    if (!t || !type || strcmp(type, "evtx") != 0 || !evtx) {
        snprintf(why, why_size, "%.200s holds no evtx test", info);
        verdict = 0;
    } else {
        char *path = find_under_parents(info, evtx);
        if (!path) {
            snprintf(why, why_size, "%.200s not found", evtx);
            verdict = 0;
        } else {
            input_stats st = { 0 };
            size_t got = cli_sigma_count_matches(r, path, &st);
            *input_problems |= input_stats_had_problems(&st);
            size_t want = count ? strtoul(count, NULL, 10) : 1;
            bool ok = got != (size_t)-1 && (count ? got == want : got >= 1);
            snprintf(why, why_size, "%zu match%s, %s%zu expected", got == (size_t)-1 ? 0 : got,
                     got == 1 ? "" : "es", count ? "" : "at least ", want);
            verdict = ok ? 1 : -1;
            free(path);
        }
    }
    free(buf);
    free(info);
    arena_free(&a);
    return verdict;
}

const char cli_sigma_license[] =
    "Sigma rules are used under the Detection Rule License (DRL) 1.1 "
    "(https://github.com/SigmaHQ/Detection-Rule-License); rule authors as named in each rule.";
