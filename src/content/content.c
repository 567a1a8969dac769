/* content.c - the content set: detections, macros and stories read from YAML
 * files in the security_content layout (both the older tags: risk schema and the
 * newer rba: block), directory walking, replacement of earlier definitions, and
 * the lookups the CLI and the SPL macro expander use. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "content_private.h"

#define MAX_DIR_DEPTH 32      /* detections/ nesting; also stops symlink loops */
#define MAX_LIST_ITEMS 100000 /* items kept from one YAML list */

/* ---- memory ---- */

void content_init(content *c)
{
    memset(c, 0, sizeof *c);
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void detection_free(detection *d)
{
    free(d->id);
    free(d->name);
    free(d->slug);
    free(d->type);
    free(d->status);
    free(d->description);
    free(d->search);
    free(d->risk_message);
    for (size_t i = 0; i < d->nrisk_objects; i++) {
        free(d->risk_objects[i].field);
        free(d->risk_objects[i].type);
    }
    free(d->risk_objects);
    free_strv(d->mitre_attack, d->nmitre_attack);
    free_strv(d->stories, d->nstories);
    free_strv(d->data_sources, d->ndata_sources);
    free_strv(d->tags, d->ntags);
    for (size_t i = 0; i < d->ntests; i++) {
        detection_test *t = &d->tests[i];
        free(t->name);
        for (size_t k = 0; k < t->nattack_data; k++) {
            free(t->attack_data[k].data);
            free(t->attack_data[k].source);
            free(t->attack_data[k].sourcetype);
        }
        free(t->attack_data);
    }
    free(d->tests);
    free(d->origin);
}

static void macro_free(spl_macro *m)
{
    free((char *)m->name);
    for (size_t i = 0; i < m->nargs; i++)
        free((char *)m->args[i]);
    free((void *)m->args);
    free((char *)m->definition);
    free((char *)m->origin);
}

static void story_free(story *s)
{
    free(s->id);
    free(s->name);
    free(s->description);
    free(s->origin);
}

void content_free(content *c)
{
    bool strict = c->strict;
    for (size_t i = 0; i < c->ndetections; i++)
        detection_free(&c->detections[i]);
    free(c->detections);
    for (size_t i = 0; i < c->nmacros; i++)
        macro_free(&c->macros[i]);
    free(c->macros);
    for (size_t i = 0; i < c->nstories; i++)
        story_free(&c->stories[i]);
    free(c->stories);
    for (size_t i = 0; i < c->nfilter_macros; i++) {
        macro_free(c->filter_macros[i]);
        free(c->filter_macros[i]);
    }
    free(c->filter_macros);
    content_init(c);
    c->strict = strict;
}

/* ---- adding, with later definitions replacing earlier ones ---- */

static void add_detection(content *c, detection *d)
{
    for (size_t i = 0; i < c->ndetections; i++)
        if (strcmp(c->detections[i].slug, d->slug) == 0) {
            detection_free(&c->detections[i]);
            c->detections[i] = *d;
            return;
        }
    XGROW(c->detections, c->detections_cap, c->ndetections + 1);
    c->detections[c->ndetections++] = *d;
}

static void add_story(content *c, story *s)
{
    for (size_t i = 0; i < c->nstories; i++)
        if (strcasecmp(c->stories[i].name, s->name) == 0) {
            story_free(&c->stories[i]);
            c->stories[i] = *s;
            return;
        }
    XGROW(c->stories, c->stories_cap, c->nstories + 1);
    c->stories[c->nstories++] = *s;
}

void content_add_macro(content *c, const char *name, size_t name_len, const char *const *args,
                       size_t nargs, const char *definition, const char *origin)
{
    spl_macro m = { 0 };
    m.name = xstrndup(name, name_len);
    m.nargs = nargs;
    if (nargs) {
        char **v = xcalloc(nargs, sizeof *v);
        for (size_t i = 0; i < nargs; i++)
            v[i] = xstrdup(args[i]);
        m.args = (const char *const *)v;
    }
    m.definition = xstrdup(definition);
    m.origin = origin ? xstrdup(origin) : NULL;
    for (size_t i = 0; i < c->nmacros; i++)
        if (c->macros[i].nargs == nargs && strcmp(c->macros[i].name, m.name) == 0) {
            macro_free(&c->macros[i]);
            c->macros[i] = m;
            return;
        }
    XGROW(c->macros, c->macros_cap, c->nmacros + 1);
    c->macros[c->nmacros++] = m;
}

/* ---- YAML helpers ---- */

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* A list of strings, also accepting a single scalar as a one-item list. */
static char **str_list(const ynode *n, size_t *count)
{
    *count = 0;
    if (!n)
        return NULL;
    if (n->kind == YN_SCALAR) {
        if (!n->str)
            return NULL;
        char **v = xmalloc(sizeof *v);
        v[0] = xstrdup(n->str);
        *count = 1;
        return v;
    }
    if (n->kind != YN_SEQ)
        return NULL;
    size_t total = 0;
    for (const ynode *i = n->first; i; i = i->next)
        total += ynode_str(i) != NULL;
    if (total > MAX_LIST_ITEMS)
        total = MAX_LIST_ITEMS;
    if (!total)
        return NULL;
    char **v = xcalloc(total, sizeof *v);
    for (const ynode *i = n->first; i && *count < total; i = i->next)
        if (ynode_str(i))
            v[(*count)++] = xstrdup(i->str);
    return v;
}

/* Appends the strings of n (a scalar or a list) to *v, as str_list reads them. */
static void strv_append(char ***v, size_t *n, const ynode *node)
{
    size_t k;
    char **more = str_list(node, &k);
    if (!k)
        return;
    *v = xrealloc(*v, (*n + k) * sizeof **v);
    memcpy(*v + *n, more, k * sizeof *more);
    *n += k;
    free(more);
}

static size_t seq_len(const ynode *n)
{
    size_t k = 0;
    if (n && n->kind == YN_SEQ)
        for (const ynode *i = n->first; i && k < MAX_LIST_ITEMS; i = i->next)
            k++;
    return k;
}

/* Integer value of a scalar such as "25" or "25.0"; false when it is not one. */
static bool int_value(const ynode *n, int *out)
{
    const char *s = ynode_str(n);
    double v;
    if (!s || !num_parse(s, strlen(s), &v) || !isfinite(v) || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)lround(v);
    return true;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Observable types as Splunk ES risk object types; anything else is "other". */
static const struct {
    const char *observable;
    const char *risk_type;
} risk_types[] = {
    { "hostname", "system" },
    { "ip address", "system" },
    { "endpoint", "system" },
    { "system", "system" },
    { "user", "user" },
    { "user name", "user" },
};

static const char *risk_type_of(const char *observable_type)
{
    if (observable_type)
        for (size_t i = 0; i < sizeof risk_types / sizeof risk_types[0]; i++)
            if (strcasecmp(observable_type, risk_types[i].observable) == 0)
                return risk_types[i].risk_type;
    return "other";
}

static bool role_is_victim(const ynode *role)
{
    if (ynode_str(role))
        return strcasecmp(role->str, "Victim") == 0;
    if (role && role->kind == YN_SEQ)
        for (const ynode *i = role->first; i; i = i->next)
            if (ynode_str(i) && strcasecmp(i->str, "Victim") == 0)
                return true;
    return false;
}

/* ---- detections ---- */

/* Base name of file without its .yml/.yaml extension. */
static char *slug_of(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".yml") == 0)
        n -= 4;
    else if (n > 5 && strcmp(base + n - 5, ".yaml") == 0)
        n -= 5;
    return xstrndup(base, n);
}

static void map_risk_objects(detection *d, const ynode *tags, const ynode *rba)
{
    const ynode *objs = ynode_get(rba, "risk_objects");
    if (objs && objs->kind == YN_SEQ) {
        size_t n = seq_len(objs);
        d->risk_objects = xcalloc(n ? n : 1, sizeof *d->risk_objects);
        for (const ynode *o = objs->first; o && d->nrisk_objects < n; o = o->next) {
            const char *fname = ynode_str(ynode_get(o, "field"));
            if (!fname)
                continue;
            const char *type = ynode_str(ynode_get(o, "type"));
            risk_object *ro = &d->risk_objects[d->nrisk_objects++];
            ro->field = xstrdup(fname);
            ro->type = xstrdup(type ? type : "other");
            lower(ro->type);
            ro->score = 0;
            int_value(ynode_get(o, "score"), &ro->score);
            if (ro->score > d->risk_score)
                d->risk_score = ro->score;
        }
        return;
    }
    const ynode *obs = ynode_get(tags, "observable");
    size_t n = seq_len(obs);
    if (!n)
        return;
    d->risk_objects = xcalloc(n, sizeof *d->risk_objects);
    for (const ynode *o = obs->first; o && d->nrisk_objects < n; o = o->next) {
        const char *fname = ynode_str(ynode_get(o, "name"));
        if (!fname || !role_is_victim(ynode_get(o, "role")))
            continue;
        risk_object *ro = &d->risk_objects[d->nrisk_objects++];
        ro->field = xstrdup(fname);
        ro->type = xstrdup(risk_type_of(ynode_str(ynode_get(o, "type"))));
        ro->score = d->risk_score;
    }
}

static void map_tests(detection *d, const ynode *tests)
{
    size_t n = seq_len(tests);
    if (!n)
        return;
    d->tests = xcalloc(n, sizeof *d->tests);
    for (const ynode *t = tests->first; t && d->ntests < n; t = t->next) {
        if (t->kind != YN_MAP)
            continue;
        detection_test *dt = &d->tests[d->ntests++];
        dt->name = dup_or_null(ynode_str(ynode_get(t, "name")));
        const char *expect = ynode_str(ynode_get(t, "expect"));
        dt->expect_no_results = expect && strcmp(expect, "no_results") == 0;
        const ynode *ad = ynode_get(t, "attack_data");
        size_t na = seq_len(ad);
        if (!na)
            continue;
        dt->attack_data = xcalloc(na, sizeof *dt->attack_data);
        for (const ynode *a = ad->first; a && dt->nattack_data < na; a = a->next) {
            if (a->kind != YN_MAP)
                continue;
            detection_test_data *td = &dt->attack_data[dt->nattack_data++];
            td->data = dup_or_null(ynode_str(ynode_get(a, "data")));
            td->source = dup_or_null(ynode_str(ynode_get(a, "source")));
            td->sourcetype = dup_or_null(ynode_str(ynode_get(a, "sourcetype")));
        }
    }
}

/* A top-level string the loaded object cannot do without. */
static int required(const ynode *root, const char *key, const char *what, const char *file,
                    const char **out, tr_error *err)
{
    *out = ynode_str(ynode_get(root, key));
    if (!*out || !**out)
        return tr_error_at(err, file, root->line, 0, "%s has no '%s'", what, key);
    return 0;
}

static int load_detection(content *c, const ynode *root, const char *file, tr_error *err)
{
    const char *name, *search;
    if (required(root, "name", "detection", file, &name, err) < 0 ||
        required(root, "search", "detection", file, &search, err) < 0)
        return -1;
    const ynode *tags = ynode_get(root, "tags");
    const ynode *rba = ynode_get(root, "rba");
    detection d = { 0 };
    const ynode *score = ynode_get(tags, "risk_score");
    if (score && !int_value(score, &d.risk_score))
        return tr_error_at(err, file, score->line, 0, "tags.risk_score is not a number");
    d.name = xstrdup(name);
    d.search = xstrdup(search);
    d.slug = slug_of(file);
    d.id = dup_or_null(ynode_str(ynode_get(root, "id")));
    d.type = dup_or_null(ynode_str(ynode_get(root, "type")));
    d.description = dup_or_null(ynode_str(ynode_get(root, "description")));
    const char *msg = ynode_str(ynode_get(tags, "message"));
    if (!msg)
        msg = ynode_str(ynode_get(rba, "message"));
    d.risk_message = dup_or_null(msg);
    d.mitre_attack = str_list(ynode_get(tags, "mitre_attack_id"), &d.nmitre_attack);
    d.stories = str_list(ynode_get(tags, "analytic_story"), &d.nstories);
    d.status = dup_or_null(ynode_str(ynode_get(root, "status")));
    d.data_sources = str_list(ynode_get(root, "data_source"), &d.ndata_sources);
    static const char *const tag_keys[] = { "analytic_story", "mitre_attack_id", "asset_type",
                                            "security_domain", "cve", "CVE", "group" };
    for (size_t i = 0; i < sizeof tag_keys / sizeof tag_keys[0]; i++)
        strv_append(&d.tags, &d.ntags, ynode_get(tags, tag_keys[i]));
    map_risk_objects(&d, tags, rba);
    map_tests(&d, ynode_get(root, "tests"));
    d.origin = xstrdup(file);
    add_detection(c, &d);
    return 0;
}

/* ---- macros and stories ---- */

/* Splunk names a macro with arguments "name(N)"; the count must agree with the
 * argument list when both are given. */
static int load_macro(content *c, const ynode *m, const char *file, tr_error *err)
{
    if (m->kind != YN_MAP)
        return tr_error_at(err, file, m->line, 0, "expected a macro mapping (name, definition)");
    const char *name, *def;
    if (required(m, "name", "macro", file, &name, err) < 0)
        return -1;
    def = ynode_str(ynode_get(m, "definition"));
    if (!def) {
        const ynode *dn = ynode_get(m, "definition");
        if (!dn || dn->kind != YN_SCALAR)
            return tr_error_at(err, file, m->line, 0, "macro has no 'definition'");
        def = "";   /* an explicitly empty definition expands to nothing */
    }
    const ynode *argn = ynode_get(m, "arguments");
    size_t nargs = 0;
    char **args = str_list(argn, &nargs);
    size_t name_len = strlen(name);
    const char *paren = strchr(name, '(');
    if (paren && name[name_len - 1] == ')') {
        char *end;
        long n = strtol(paren + 1, &end, 10);
        if (paren == name || end != name + name_len - 1 || n < 0 || (size_t)n != nargs) {
            free_strv(args, nargs);
            return tr_error_at(err, file, m->line, 0,
                               "macro '%s' does not match its 'arguments' list (%zu)",
                               name, nargs);
        }
        name_len = (size_t)(paren - name);
    }
    char origin[PATH_MAX + 32];
    snprintf(origin, sizeof origin, "%s:%ld", file, m->line);
    content_add_macro(c, name, name_len, (const char *const *)args, nargs, def, origin);
    free_strv(args, nargs);
    return 0;
}

static int load_story(content *c, const ynode *root, const char *file, tr_error *err)
{
    const char *name;
    if (required(root, "name", "story", file, &name, err) < 0)
        return -1;
    story s = { 0 };
    s.name = xstrdup(name);
    s.id = dup_or_null(ynode_str(ynode_get(root, "id")));
    s.description = dup_or_null(ynode_str(ynode_get(root, "description")));
    s.origin = xstrdup(file);
    add_story(c, &s);
    return 0;
}

int content_load_yaml_buffer(content *c, content_kind kind, const char *buf, size_t len,
                             const char *file, tr_error *err)
{
    if (len > CONTENT_MAX_FILE)
        return tr_error_at(err, file, 0, 0, "larger than %u MiB", CONTENT_MAX_FILE >> 20);
    arena a;
    arena_init(&a, 16384);
    ynode *root;
    int rc = ynode_parse(buf, len, file, false, &a, &root, err);
    if (rc == 0 && kind == CONTENT_MACRO_LIST && root && root->kind == YN_SEQ) {
        for (const ynode *m = root->first; m && rc == 0; m = m->next)
            rc = load_macro(c, m, file, err);
    } else if (rc == 0 && (!root || root->kind != YN_MAP)) {
        rc = tr_error_at(err, file, root ? root->line : 1, 0,
                         kind == CONTENT_MACRO_LIST ? "expected a list of macros or a mapping"
                                                    : "expected a mapping at the top level");
    } else if (rc == 0) {
        if (kind == CONTENT_ANY)
            kind = ynode_get(root, "search")       ? CONTENT_DETECTION
                   : ynode_get(root, "definition") ? CONTENT_MACRO
                   : ynode_get(root, "narrative")  ? CONTENT_STORY
                                                   : CONTENT_ANY;
        switch (kind) {
        case CONTENT_DETECTION:
            rc = load_detection(c, root, file, err);
            break;
        case CONTENT_MACRO:
        case CONTENT_MACRO_LIST:
            rc = load_macro(c, root, file, err);
            break;
        case CONTENT_STORY:
            rc = load_story(c, root, file, err);
            break;
        case CONTENT_ANY:
            rc = tr_error_at(err, file, root->line, 0,
                             "not a detection, macro or story (no 'search', 'definition' or "
                             "'narrative')");
            break;
        }
    }
    arena_free(&a);
    if (rc < 0)
        err->file = NULL;   /* file may not outlive the load; msg already names it */
    return rc;
}

/* ---- files and directories ---- */

int content_read_file(const char *path, char **buf, size_t *len, tr_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tr_error_set(err, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return tr_error_set(err, "%s: is a directory", path);
    }
    size_t cap = 8192, n = 0;
    char *b = xmalloc(cap + 1);
    for (;;) {
        if (n > CONTENT_MAX_FILE) {
            free(b);
            fclose(f);
            return tr_error_set(err, "%s: larger than %u MiB", path, CONTENT_MAX_FILE >> 20);
        }
        if (n == cap) {   /* one byte past the cap tells "too big" from "exactly full" */
            cap = cap * 2 > CONTENT_MAX_FILE ? CONTENT_MAX_FILE + 1 : cap * 2;
            b = xrealloc(b, cap + 1);
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return tr_error_set(err, "%s: read error", path);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* A content file or directory that failed to load (err says why): reported and
 * counted, so the rest still loads (0); under c->strict, the load fails (-1). */
static int skip_broken(content *c, const tr_error *err)
{
    if (c->strict)
        return -1;
    tr_error_print(err);
    c->broken++;
    return 0;
}

/* Loads one YAML file. A file that fails is reported and skipped (0), or fails
 * the load (-1 with err) under c->strict. */
static int load_yaml_file(content *c, content_kind kind, const char *path, tr_error *err)
{
    char *buf;
    size_t len;
    int rc = content_read_file(path, &buf, &len, err);
    if (rc == 0) {
        rc = content_load_yaml_buffer(c, kind, buf, len, path, err);
        free(buf);
    }
    return rc == 0 ? 0 : skip_broken(c, err);
}

static bool is_yaml_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
                              (n > 5 && strcmp(name + n - 5, ".yaml") == 0));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Loads the YAML files of dir in name order (stable results whatever readdir
 * returns), and with recurse its subdirectories too. */
static int load_tree(content *c, content_kind kind, const char *dir, bool recurse, int depth,
                     tr_error *err)
{
    if (depth > MAX_DIR_DEPTH) {
        tr_error_set(err, "%s: directories nested too deeply", dir);
        return skip_broken(c, err);
    }
    DIR *d = opendir(dir);
    if (!d) {
        tr_error_set(err, "%s: %s", dir, strerror(errno));
        return skip_broken(c, err);
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        XGROW(names, cap, n + 1);
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = xmalloc(plen);
        snprintf(path, plen, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (recurse)
                    rc = load_tree(c, kind, path, true, depth + 1, err);
            } else if (S_ISREG(st.st_mode) && is_yaml_name(names[i])) {
                rc = load_yaml_file(c, kind, path, err);
            }
        }
        free(path);
    }
    free_strv(names, n);
    return rc;
}

/* Subdirectories of a content directory; any of them may be missing, but not all.
 * Only detections/ nests (security_content groups it by domain). */
static const struct {
    const char *sub;
    content_kind kind;
    bool recurse;
} content_dirs[] = {
    { "detections", CONTENT_DETECTION, true },
    { "macros", CONTENT_MACRO, false },
    { "stories", CONTENT_STORY, false },
};

int content_load_path(content *c, const char *dir, tr_error *err)
{
    struct stat st;
    if (stat(dir, &st) < 0)
        return tr_error_set(err, "%s: %s", dir, strerror(errno));
    if (S_ISREG(st.st_mode))
        return load_yaml_file(c, CONTENT_ANY, dir, err);
    if (!S_ISDIR(st.st_mode))
        return tr_error_set(err, "%s: not a directory or a YAML file", dir);
    size_t found = 0;
    for (size_t i = 0; i < sizeof content_dirs / sizeof content_dirs[0]; i++) {
        size_t plen = strlen(dir) + strlen(content_dirs[i].sub) + 2;
        char *path = xmalloc(plen);
        snprintf(path, plen, "%s/%s", dir, content_dirs[i].sub);
        int rc = 0;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            found++;
            rc = load_tree(c, content_dirs[i].kind, path, content_dirs[i].recurse, 0, err);
        }
        free(path);
        if (rc < 0)
            return -1;
    }
    if (!found)
        return tr_error_set(err, "%s: not a content directory (no detections/, macros/ or stories/)",
                            dir);
    return 0;
}

/* ---- lookups ---- */

const detection *content_find_detection(const content *c, const char *key)
{
    for (size_t i = 0; i < c->ndetections; i++) {
        const detection *d = &c->detections[i];
        if (strcmp(d->slug, key) == 0 || strcasecmp(d->name, key) == 0 ||
            (d->id && strcasecmp(d->id, key) == 0))
            return d;
    }
    return NULL;
}

const story *content_find_story(const content *c, const char *name)
{
    for (size_t i = 0; i < c->nstories; i++)
        if (strcasecmp(c->stories[i].name, name) == 0)
            return &c->stories[i];
    return NULL;
}

static bool name_is(const char *s, const char *name, size_t name_len)
{
    return strlen(s) == name_len && memcmp(s, name, name_len) == 0;
}

static const char filter_suffix[] = "_filter";

const spl_macro *content_lookup_macro(void *ctx, const char *name, size_t name_len, size_t nargs)
{
    content *c = ctx;
    for (size_t i = 0; i < c->nmacros; i++)
        if (c->macros[i].nargs == nargs && name_is(c->macros[i].name, name, name_len))
            return &c->macros[i];
    size_t sfx = sizeof filter_suffix - 1;
    if (nargs != 0 || name_len <= sfx || memcmp(name + name_len - sfx, filter_suffix, sfx) != 0)
        return NULL;
    for (size_t i = 0; i < c->nfilter_macros; i++)
        if (name_is(c->filter_macros[i]->name, name, name_len))
            return c->filter_macros[i];
    for (size_t i = 0; i < c->ndetections; i++) {
        const detection *d = &c->detections[i];
        if (!name_is(d->slug, name, name_len - sfx))
            continue;
        spl_macro *m = xcalloc(1, sizeof *m);
        m->name = xstrndup(name, name_len);
        m->definition = xstrdup("search *");
        size_t olen = strlen(d->origin) + 32;
        char *origin = xmalloc(olen);
        snprintf(origin, olen, "default filter of %s", d->origin);
        m->origin = origin;
        XGROW(c->filter_macros, c->filter_macros_cap, c->nfilter_macros + 1);
        c->filter_macros[c->nfilter_macros++] = m;
        return m;
    }
    return NULL;
}
