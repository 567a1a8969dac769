/* sigma_load.c - Sigma rule files into a rule set: files and directory walks, YAML
 * documents (a file may hold several: correlation rules keep their rules beside
 * them), the metadata of a rule, placeholder values, selection by key, and the
 * record of what was skipped and why. Compiling the detection itself is
 * sigma_detection.c's; this file decides which document is what. */
#include "sigma_private.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/xmalloc.h"

#define SIGMA_MAX_DIR_DEPTH 32

void sigma_set_init(sigma_set *s)
{
    *s = (sigma_set){ 0 };
}

void sigma_rule_free(sigma_rule *r)
{
    free(r->title);
    free(r->id);
    free(r->name);
    free(r->status);
    free(r->description);
    for (size_t i = 0; i < r->ntags; i++)
        free(r->tags[i]);
    free(r->tags);
    free(r->origin);
    free(r->regression);
    free(r->product);
    free(r->category);
    free(r->service);
    free((void *)r->sources);
    sigma_detection_free(r->detection);
    sigma_correlation_free(r->correlation);
    for (size_t i = 0; i < r->nfields; i++)
        free(r->fields[i]);
    free(r->fields);
    for (size_t i = 0; i < r->as_detection.nmitre_attack; i++)
        free(r->as_detection.mitre_attack[i]);
    free(r->as_detection.mitre_attack);
    free(r->as_detection.risk_objects);
    free(r->as_detection.slug);
    free(r->as_detection.risk_message);
    free(r);
}

void sigma_set_free(sigma_set *s)
{
    for (size_t i = 0; i < s->nrules; i++)
        sigma_rule_free(s->rules[i]);
    free(s->rules);
    for (size_t i = 0; i < s->nskipped; i++) {
        free(s->skipped[i].origin);
        free(s->skipped[i].title);
        free(s->skipped[i].reason);
    }
    free(s->skipped);
    for (size_t i = 0; i < s->nfilters; i++)
        sigma_filter_free(s->filters[i]);
    free(s->filters);
    for (size_t i = 0; i < s->nplaceholders; i++) {
        free(s->placeholders[i].name);
        for (size_t k = 0; k < s->placeholders[i].nvalues; k++)
            free(s->placeholders[i].values[k]);
        free(s->placeholders[i].values);
    }
    free(s->placeholders);
    *s = (sigma_set){ 0 };
}

void sigma_set_skip(sigma_set *s, const char *origin, const char *title, const char *fmt, ...)
{
    char reason[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    XGROW(s->skipped, s->skipped_cap, s->nskipped + 1);
    s->skipped[s->nskipped++] = (sigma_skip){ .origin = xstrdup(origin),
                                              .title = title ? xstrdup(title) : NULL,
                                              .reason = xstrdup(reason) };
}

static char *dup_str(const ynode *n)
{
    const char *s = ynode_str(n);
    return s ? xstrdup(s) : NULL;
}

static const char *const level_names[] = { "", "informational", "low", "medium", "high",
                                           "critical" };
/* Risk score of a match per level (docs/sigma.md): a medium rule alone stays under
 * the default summary threshold of 100, two high ones cross it. */
static const int level_scores[] = { 5, 5, 25, 50, 75, 100 };

const char *sigma_level_name(sigma_level l)
{
    return (unsigned)l < 6 ? level_names[l] : "";
}

int sigma_level_parse(const char *name, sigma_level *out)
{
    for (int i = 1; i < 6; i++)
        if (strcasecmp(name, level_names[i]) == 0) {
            *out = (sigma_level)i;
            return 0;
        }
    return -1;
}

int sigma_level_score(sigma_level l)
{
    return (unsigned)l < 6 ? level_scores[l] : 0;
}

/* attack.t1059.001 -> T1059.001; NULL for other tags. */
static char *technique_of(const char *tag)
{
    if (strncasecmp(tag, "attack.t", 8) != 0 || tag[8] < '0' || tag[8] > '9')
        return NULL;
    char *t = xstrdup(tag + 7);
    for (char *p = t; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    return t;
}

/* The rule as a Splunk-style detection: what risk events and selection read. */
static void fill_detection(sigma_rule *r)
{
    detection *d = &r->as_detection;
    d->id = r->id;
    d->name = r->title;
    const char *base = strrchr(r->origin, '/');
    base = base ? base + 1 : r->origin;
    size_t n = strcspn(base, ".:");
    const char *line = strrchr(base, ':');   /* FILE:LINE: several rules in one file */
    size_t slen = n + (line ? strlen(line) : 0) + 1;
    d->slug = xmalloc(slen);
    snprintf(d->slug, slen, "%.*s%s%s", (int)n, base, line ? "_" : "", line ? line + 1 : "");
    d->type = "sigma";
    d->description = r->description;
    size_t mlen = strlen(r->title) + 32;
    d->risk_message = xmalloc(mlen);
    snprintf(d->risk_message, mlen, "%s on $Computer$", r->title);
    d->risk_score = sigma_level_score(r->level);
    d->risk_objects = xcalloc(2, sizeof *d->risk_objects);
    d->risk_objects[0] = (risk_object){ .field = "Computer", .type = "system" };
    d->risk_objects[1] = (risk_object){ .field = "User", .type = "user" };
    d->nrisk_objects = 2;
    for (size_t i = 0; i < r->ntags; i++) {
        char *t = technique_of(r->tags[i]);
        if (!t)
            continue;
        d->mitre_attack = xrealloc(d->mitre_attack, (d->nmitre_attack + 1) * sizeof *d->mitre_attack);
        d->mitre_attack[d->nmitre_attack++] = t;
    }
    d->origin = r->origin;
}

static void add_rule(sigma_set *s, sigma_rule *r)
{
    XGROW(s->rules, s->rules_cap, s->nrules + 1);
    s->rules[s->nrules++] = r;
}

/* Metadata every rule kind shares. */
static sigma_rule *rule_new(const ynode *doc, const char *origin)
{
    sigma_rule *r = xcalloc(1, sizeof *r);
    r->title = dup_str(ynode_get(doc, "title"));
    r->id = dup_str(ynode_get(doc, "id"));
    r->name = dup_str(ynode_get(doc, "name"));
    r->status = dup_str(ynode_get(doc, "status"));
    r->description = dup_str(ynode_get(doc, "description"));
    r->origin = xstrdup(origin);
    r->regression = dup_str(ynode_get(doc, "regression_tests_path"));
    const char *level = ynode_str(ynode_get(doc, "level"));
    if (level)
        sigma_level_parse(level, &r->level);
    const ynode *tags = ynode_get(doc, "tags");
    if (tags && tags->kind == YN_SEQ) {
        r->tags = xcalloc(ynode_count(tags) + 1, sizeof *r->tags);
        for (const ynode *t = tags->first; t; t = t->next)
            if (ynode_str(t))
                r->tags[r->ntags++] = xstrdup(t->str);
    }
    return r;
}

static void load_detection_rule(sigma_set *s, const ynode *doc, const char *origin)
{
    const char *title = ynode_str(ynode_get(doc, "title"));
    const char *taxonomy = ynode_str(ynode_get(doc, "taxonomy"));
    if (taxonomy && strcasecmp(taxonomy, "sigma") != 0) {
        sigma_set_skip(s, origin, title, "taxonomy '%.60s' (only the sigma taxonomy is "
                                         "supported)", taxonomy);
        return;
    }
    const ynode *ls = ynode_get(doc, "logsource");
    if (!ls || ls->kind != YN_MAP) {
        sigma_set_skip(s, origin, title, "no logsource mapping");
        return;
    }
    const char *product = ynode_str(ynode_get(ls, "product"));
    const char *category = ynode_str(ynode_get(ls, "category"));
    const char *service = ynode_str(ynode_get(ls, "service"));
    const sigma_source *found[8];
    const char *why = NULL;
    size_t n = sigma_logsource_lookup(product, category, service, found, 8, &why);
    if (n == 0) {
        sigma_set_skip(s, origin, title, "%s", why);
        return;
    }
    sigma_rule *r = rule_new(doc, origin);
    r->product = product ? xstrdup(product) : NULL;
    r->category = category ? xstrdup(category) : NULL;
    r->service = service ? xstrdup(service) : NULL;
    r->detection = sigma_detection_compile(s, ynode_get(doc, "detection"), found, n, &r->fields,
                                           &r->nfields, &why);
    if (!r->detection) {
        sigma_set_skip(s, origin, title, "%s", why);
        sigma_rule_free(r);
        return;
    }
    /* The rule's `fields:` (shown to the analyst) follow the fields it tests. */
    const ynode *shown = ynode_get(doc, "fields");
    for (const ynode *f = shown && shown->kind == YN_SEQ ? shown->first : NULL; f; f = f->next) {
        const char *name = ynode_str(f);
        bool seen = !name;
        for (size_t i = 0; !seen && i < r->nfields; i++)
            seen = strcmp(r->fields[i], name) == 0;
        if (seen)
            continue;
        r->fields = xrealloc(r->fields, (r->nfields + 1) * sizeof *r->fields);
        r->fields[r->nfields++] = xstrdup(name);
    }
    /* The sources that survived (a variant per source the rule's fields fit). */
    const sigma_source **used = xcalloc(r->detection->nvariants, sizeof *used);
    for (size_t i = 0; i < r->detection->nvariants; i++)
        used[i] = r->detection->variants[i].src;
    r->sources = used;
    r->nsources = r->detection->nvariants;
    add_rule(s, r);
}

static void load_correlation_rule(sigma_set *s, const ynode *doc, const char *origin)
{
    const char *title = ynode_str(ynode_get(doc, "title"));
    sigma_rule *r = rule_new(doc, origin);
    const char *why = NULL;
    if (sigma_correlation_load(r, ynode_get(doc, "correlation"), &why) < 0) {
        sigma_set_skip(s, origin, title, "%s", why);
        sigma_rule_free(r);
        return;
    }
    add_rule(s, r);
}

static void load_document(sigma_set *s, const ynode *doc, const char *origin)
{
    if (!doc || doc->kind != YN_MAP) {
        if (doc && (doc->kind != YN_SCALAR || doc->str))
            sigma_set_skip(s, origin, NULL, "not a Sigma rule (the document is no mapping)");
        return;
    }
    const char *title = ynode_str(ynode_get(doc, "title"));
    const char *action = ynode_str(ynode_get(doc, "action"));
    if (action) {
        sigma_set_skip(s, origin, title, "'action: %.40s' (Sigma 1.0 rule collections) is not "
                                         "supported", action);
        return;
    }
    bool sigma_like = ynode_get(doc, "detection") || ynode_get(doc, "correlation") ||
                      ynode_get(doc, "filter");
    if (!sigma_like && s->walking) {
        s->not_rules++;   /* another YAML file beside the rules */
        return;
    }
    if (!title) {
        sigma_set_skip(s, origin, NULL, "the rule has no title");
        return;
    }
    if (ynode_get(doc, "correlation"))
        load_correlation_rule(s, doc, origin);
    else if (ynode_get(doc, "filter") && !ynode_get(doc, "detection"))
        sigma_filter_load(s, doc, origin);
    else
        load_detection_rule(s, doc, origin);
}

void sigma_set_load_buffer(sigma_set *s, const char *buf, size_t len, const char *origin)
{
    arena a;
    arena_init(&a, 16384);
    ynode *root = NULL;
    tr_error err = { 0 };
    s->files++;
    if (ynode_parse(buf, len, origin, true, &a, &root, &err) < 0) {
        sigma_set_skip(s, origin, NULL, "%s", err.msg);
        arena_free(&a);
        return;
    }
    size_t ndocs = 0;
    for (const ynode *d = root; d; d = d->next)
        ndocs++;
    if (ndocs > SIGMA_MAX_DOCUMENTS) {
        sigma_set_skip(s, origin, NULL, "more than %d YAML documents", SIGMA_MAX_DOCUMENTS);
        arena_free(&a);
        return;
    }
    for (const ynode *d = root; d; d = d->next) {
        char where[4096];
        if (ndocs > 1)
            snprintf(where, sizeof where, "%s:%ld", origin, d->line);
        else
            snprintf(where, sizeof where, "%s", origin);
        load_document(s, d, where);
    }
    arena_free(&a);
}

static int read_file(const char *path, char **buf, size_t *len, tr_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tr_error_set(err, "%s: %s", path, strerror(errno));
    char *b = xmalloc(SIGMA_MAX_FILE + 1);
    size_t n = fread(b, 1, SIGMA_MAX_FILE + 1, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return tr_error_set(err, "%s: read error", path);
    }
    if (n > SIGMA_MAX_FILE) {
        free(b);
        return tr_error_set(err, "%s: larger than %d MiB", path, SIGMA_MAX_FILE >> 20);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

static bool is_rule_file(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static void load_file(sigma_set *s, const char *path)
{
    char *buf;
    size_t len;
    tr_error err = { 0 };
    if (read_file(path, &buf, &len, &err) < 0) {
        sigma_set_skip(s, path, NULL, "%s", err.msg);
        return;
    }
    sigma_set_load_buffer(s, buf, len, path);
    free(buf);
}

/* Directory entries in name order (scandir), so loads and reports are stable. */
static void load_dir(sigma_set *s, const char *dir, int depth)
{
    if (depth > SIGMA_MAX_DIR_DEPTH) {
        sigma_set_skip(s, dir, NULL, "directory nested deeper than %d levels", SIGMA_MAX_DIR_DEPTH);
        return;
    }
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        sigma_set_skip(s, dir, NULL, "%s", strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (name[0] == '.') {
            free(names[i]);
            continue;
        }
        size_t plen = strlen(dir) + strlen(name) + 2;
        char *path = xmalloc(plen);
        snprintf(path, plen, "%s/%s", dir, name);
        struct stat st;
        if (lstat(path, &st) == 0) {   /* symlinks are not followed: no loops */
            if (S_ISDIR(st.st_mode))
                load_dir(s, path, depth + 1);
            else if (S_ISREG(st.st_mode) && is_rule_file(name))
                load_file(s, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

int sigma_set_load_path(sigma_set *s, const char *path, tr_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return tr_error_set(err, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        size_t n = strlen(path);
        char *dir = xstrndup(path, n);
        while (n > 1 && dir[n - 1] == '/')
            dir[--n] = '\0';
        s->walking = true;
        load_dir(s, dir, 0);
        s->walking = false;
        free(dir);
        return 0;
    }
    char *buf;
    size_t len;
    if (read_file(path, &buf, &len, err) < 0)
        return -1;
    sigma_set_load_buffer(s, buf, len, path);
    free(buf);
    return 0;
}

int sigma_set_load_placeholders(sigma_set *s, const char *path, tr_error *err)
{
    char *buf;
    size_t len;
    if (read_file(path, &buf, &len, err) < 0)
        return -1;
    arena a;
    arena_init(&a, 4096);
    ynode *root = NULL;
    int rc = ynode_parse(buf, len, path, false, &a, &root, err);
    if (rc == 0 && (!root || root->kind != YN_MAP))
        rc = tr_error_at(err, path, root ? root->line : 1, 0,
                         "placeholders: expected a mapping of name to values");
    for (const ynode *k = rc == 0 ? root->first : NULL; k && k->next; k = k->next->next) {
        const ynode *v = k->next;
        if (!ynode_str(k) || (v->kind == YN_MAP) ||
            (v->kind == YN_SEQ && ynode_count(v) > SIGMA_MAX_PLACEHOLDER_VALUES)) {
            rc = tr_error_at(err, path, k->line, 0,
                             "placeholders: '%s' needs a value or a list of values",
                             ynode_str(k) ? k->str : "?");
            break;
        }
        XGROW(s->placeholders, s->placeholders_cap, s->nplaceholders + 1);
        sigma_placeholder *p = &s->placeholders[s->nplaceholders++];
        *p = (sigma_placeholder){ .name = xstrdup(k->str) };
        const ynode *one = v->kind == YN_SEQ ? v->first : v;
        p->values = xcalloc(v->kind == YN_SEQ ? ynode_count(v) + 1 : 1, sizeof *p->values);
        for (const ynode *e = one; e; e = v->kind == YN_SEQ ? e->next : NULL) {
            if (e->kind != YN_SCALAR) {
                rc = tr_error_at(err, path, e->line, 0, "placeholders: '%s' holds a list or "
                                 "mapping", k->str);
                break;
            }
            p->values[p->nvalues++] = xstrdup(e->str ? e->str : "");
        }
        if (rc < 0)
            break;
    }
    arena_free(&a);
    free(buf);
    return rc;
}

const sigma_placeholder *sigma_placeholder_find(const sigma_set *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->nplaceholders; i++)
        if (strlen(s->placeholders[i].name) == len &&
            memcmp(s->placeholders[i].name, name, len) == 0)
            return &s->placeholders[i];
    return NULL;
}

void sigma_set_finish(sigma_set *s)
{
    if (s->finished)
        return;
    s->finished = true;
    /* Correlations: resolve references (all first: they refer to each other); a
     * correlation that cannot is skipped, and only those kept mark their rules. */
    bool *failed = xcalloc(s->nrules ? s->nrules : 1, sizeof *failed);
    for (size_t i = 0; i < s->nrules; i++) {
        sigma_rule *r = s->rules[i];
        const char *why = NULL;
        if (r->correlation && sigma_correlation_resolve(s, r, &why) < 0) {
            sigma_set_skip(s, r->origin, r->title, "%s", why);
            failed[i] = true;
        }
    }
    size_t keep = 0;
    for (size_t i = 0; i < s->nrules; i++) {
        if (failed[i])
            sigma_rule_free(s->rules[i]);
        else
            s->rules[keep++] = s->rules[i];
    }
    s->nrules = keep;
    free(failed);
    for (size_t i = 0; i < s->nrules; i++)
        if (s->rules[i]->correlation)
            sigma_correlation_mark(s->rules[i]);
    sigma_filter_apply(s);
    for (size_t i = 0; i < s->nrules; i++)
        fill_detection(s->rules[i]);
}

bool sigma_rule_standalone(const sigma_rule *r)
{
    return !r->referenced || r->generate;
}

const sigma_rule *sigma_set_find(const sigma_set *s, const char *key)
{
    for (size_t i = 0; i < s->nrules; i++) {
        const sigma_rule *r = s->rules[i];
        size_t klen = strlen(key);
        if ((r->id && strcmp(r->id, key) == 0) || (r->name && strcmp(r->name, key) == 0) ||
            (r->title && strcasecmp(r->title, key) == 0) || strcmp(r->origin, key) == 0 ||
            (strncmp(r->origin, key, klen) == 0 && r->origin[klen] == ':') ||
            (r->as_detection.slug && strcmp(r->as_detection.slug, key) == 0))
            return r;
    }
    return NULL;
}
