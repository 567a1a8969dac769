/* cli_select.c - choosing the detections of a run: names, YAML paths, the story,
 * and the filters on status, type, tags, ATT&CK techniques and exclusions. */
#include "cli_select.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/xmalloc.h"
#include "cli.h"

enum { EXCLUDE_MAX_NAMES = 100000 };   /* names read from one --exclude file */

void cli_select_init(cli_select *s)
{
    *s = (cli_select){ 0 };
}

void cli_select_free(cli_select *s)
{
    cli_strv *lists[] = { &s->wanted, &s->statuses, &s->types, &s->tags, &s->techniques,
                          &s->excludes };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        free(lists[i]->v);
    free(s->dropped);
}

static void strv_push(cli_strv *l, const char *v)
{
    XGROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = v;
}

int cli_select_handle(cli_select *s, int opt, const char *arg)
{
    switch (opt) {
    case 'd':
        strv_push(&s->wanted, arg);
        return 1;
    case CLI_OPT_STORY:
        s->story = arg;
        return 1;
    case CLI_OPT_STATUS:
        strv_push(&s->statuses, arg);
        return 1;
    case CLI_OPT_TYPE:
        strv_push(&s->types, arg);
        return 1;
    case CLI_OPT_TAG:
        strv_push(&s->tags, arg);
        return 1;
    case CLI_OPT_TECHNIQUE:
        strv_push(&s->techniques, arg);
        return 1;
    case CLI_OPT_EXCLUDE:
        strv_push(&s->excludes, arg);
        return 1;
    default:
        return 0;
    }
}

static bool is_yaml_path(const char *path)
{
    size_t n = strlen(path);
    return (n > 4 && strcasecmp(path + n - 4, ".yml") == 0) ||
           (n > 5 && strcasecmp(path + n - 5, ".yaml") == 0);
}

static bool regular_file(const char *path, struct stat *st)
{
    return stat(path, st) == 0 && S_ISREG(st->st_mode);
}

/* The detection loaded from the file at path (the same file, whatever the path
 * that leads to it), or NULL. */
static const detection *detection_from_file(const content *ct, const char *path)
{
    struct stat want, st;
    if (!regular_file(path, &want))
        return NULL;
    for (size_t i = 0; i < ct->ndetections; i++) {
        const detection *d = &ct->detections[i];
        if (d->origin && regular_file(d->origin, &st) && st.st_dev == want.st_dev &&
            st.st_ino == want.st_ino)
            return d;
    }
    return NULL;
}

/* A detection by slug, name, id or YAML path. */
static const detection *find(const content *ct, const char *key)
{
    const detection *d = content_find_detection(ct, key);
    return d ? d : detection_from_file(ct, key);
}

static void drop(cli_select *s, const detection *d)
{
    XGROW(s->dropped, s->dropped_cap, s->ndropped + 1);
    s->dropped[s->ndropped++] = d;
}

/* The detections a --exclude file names: one per line, blank lines and # comments
 * ignored; names that match nothing are counted in one line. */
static int read_exclude_file(cli_select *s, const content *ct, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        tr_warn("--exclude %s: %s", path, strerror(errno));
        return EXIT_USAGE;
    }
    char line[4096];
    size_t unknown = 0, names = 0;
    while (fgets(line, sizeof line, f) && names < EXCLUDE_MAX_NAMES) {
        char *p = line + strspn(line, " \t");
        size_t n = strcspn(p, "\r\n");
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 0 || p[0] == '#')
            continue;
        p[n] = '\0';
        names++;
        const detection *d = content_find_detection(ct, p);
        if (d)
            drop(s, d);
        else
            unknown++;
    }
    fclose(f);
    if (unknown)
        tr_warn("--exclude %s: %zu of %zu names match no loaded detection", path, unknown, names);
    return EXIT_OK;
}

int cli_select_prepare(cli_select *s, content *ct, const sigma_set *sigma)
{
    struct stat st;
    for (size_t i = 0; i < s->wanted.n; i++) {
        const char *w = s->wanted.v[i];
        if (content_find_detection(ct, w) || !regular_file(w, &st) ||
            detection_from_file(ct, w) || (sigma && sigma_set_find(sigma, w)))
            continue;
        tr_error err = { 0 };
        if (content_load_path(ct, w, &err) < 0) {
            tr_error_print(&err);
            return EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < s->excludes.n; i++) {
        const char *x = s->excludes.v[i];
        const detection *d = find(ct, x);
        if (d) {
            drop(s, d);
        } else if (regular_file(x, &st) && !is_yaml_path(x)) {
            if (read_exclude_file(s, ct, x) != EXIT_OK)
                return EXIT_USAGE;
        } else {
            tr_warn("--exclude '%s': no such detection (try 'trawl list detections')", x);
        }
    }
    return EXIT_OK;
}

static bool any_is(const cli_strv *l, const char *value)
{
    for (size_t i = 0; value && i < l->n; i++)
        if (strcasecmp(l->v[i], value) == 0)
            return true;
    return false;
}

static bool any_tag(const cli_strv *l, char *const *tags, size_t ntags)
{
    for (size_t i = 0; i < ntags; i++)
        if (any_is(l, tags[i]))
            return true;
    return false;
}

/* T1059 takes T1059 and its sub-techniques T1059.001, ... */
static bool technique_matches(const char *want, const char *id)
{
    size_t n = strlen(want);
    return strncasecmp(want, id, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

static bool any_technique(const cli_strv *l, const detection *d)
{
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < d->nmitre_attack; k++)
            if (technique_matches(l->v[i], d->mitre_attack[k]))
                return true;
    return false;
}

static bool excluded(const cli_select *s, const detection *d)
{
    for (size_t i = 0; i < s->ndropped; i++)
        if (s->dropped[i] == d)
            return true;
    return false;
}

/* The filters: status (all but deprecated unless --status), type, tag, technique,
 * exclusions. */
static bool passes(const cli_select *s, const detection *d)
{
    if (s->statuses.n ? !any_is(&s->statuses, d->status)
                      : d->status && strcasecmp(d->status, "deprecated") == 0)
        return false;
    if (s->types.n && !any_is(&s->types, d->type))
        return false;
    if (s->tags.n && !any_tag(&s->tags, d->tags, d->ntags))
        return false;
    if (s->techniques.n && !any_technique(&s->techniques, d))
        return false;
    return !excluded(s, d);
}

static bool in_story(const detection *d, const char *story_name)
{
    for (size_t i = 0; i < d->nstories; i++)
        if (strcasecmp(d->stories[i], story_name) == 0)
            return true;
    return false;
}

static void choose(const detection ***chosen, size_t *n, size_t *cap, const detection *d)
{
    for (size_t i = 0; i < *n; i++)
        if ((*chosen)[i] == d)
            return;   /* named twice, or named and in the story */
    XGROW(*chosen, *cap, *n + 1);
    (*chosen)[(*n)++] = d;
}

int cli_select_choose(const cli_select *s, const content *ct, const sigma_set *sigma,
                      const detection ***chosen, size_t *nchosen, size_t *filtered)
{
    size_t cap = 0;
    int rc = EXIT_OK;
    *filtered = 0;
    for (size_t i = 0; i < s->wanted.n; i++) {
        const detection *d = find(ct, s->wanted.v[i]);
        if (!d && sigma && sigma_set_find(sigma, s->wanted.v[i]))
            continue;
        if (!d) {
            tr_warn("unknown detection '%s' (try 'trawl list detections'%s)", s->wanted.v[i],
                    sigma && sigma->nrules ? " or 'trawl list --sigma PATH'" : "");
            rc = EXIT_USAGE;
            continue;
        }
        choose(chosen, nchosen, &cap, d);
    }
    bool story_found = false;
    for (size_t i = 0; i < ct->ndetections && (s->story || !s->wanted.n); i++) {
        const detection *d = &ct->detections[i];
        if (s->story && !in_story(d, s->story))
            continue;
        story_found = true;
        if (passes(s, d))
            choose(chosen, nchosen, &cap, d);
        else
            (*filtered)++;
    }
    if (s->story && !story_found) {
        tr_warn("no detection belongs to story '%s' (try 'trawl list stories')", s->story);
        rc = EXIT_USAGE;
    }
    return rc;
}
