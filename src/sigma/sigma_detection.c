/* sigma_detection.c - a rule's detection section to a compiled detection: one variant
 * per logsource row the rule reads (field names differ between Sysmon 1 and Security
 * 4688, say), each holding the searches (maps of items, lists of maps, keyword
 * lists) and the condition tree. A row that lacks a field the rule tests is left
 * out for that rule; a rule no row can serve is refused. Global filters compile the
 * same way into each variant. */
#include "sigma_private.h"

#include <stdio.h>
#include <string.h>

#include "../util/xmalloc.h"

static char why_buf[256];

/* Keys of a detection that are not search identifiers. */
static bool is_reserved(const char *key, const char *const *skip)
{
    for (size_t i = 0; skip[i]; i++)
        if (strcmp(key, skip[i]) == 0)
            return true;
    return false;
}

/* A map of "Field|mods: value" items (ANDed). */
static int compile_map(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                       const ynode *map, sigma_map *out, const char **why)
{
    size_t n = ynode_count(map);
    if (n == 0) {
        *why = "empty mapping in a search identifier";
        return -1;
    }
    out->items = arena_alloc(&det->mem, n * sizeof *out->items);
    out->nitems = 0;
    for (const ynode *k = map->first; k && k->next; k = k->next->next) {
        if (k->kind != YN_SCALAR) {
            *why = "a search key is not a field name";
            return -1;
        }
        if (sigma_modifier_item(det, set, src, k->str ? k->str : "", k->next,
                                &out->items[out->nitems], why) < 0)
            return -1;
        out->nitems++;
    }
    return 0;
}

/* A list of plain values under a search identifier: keywords (any of them). */
static int compile_keywords(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                            const ynode *list, sigma_map *out, const char **why)
{
    out->items = arena_alloc(&det->mem, sizeof *out->items);
    out->nitems = 1;
    return sigma_modifier_item(det, set, src, "", list, &out->items[0], why);
}

static int compile_search(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                          const char *name, const ynode *v, sigma_search *out, const char **why)
{
    out->name = arena_strndup(&det->mem, name, strlen(name));
    if (v->kind == YN_MAP) {
        out->maps = arena_alloc(&det->mem, sizeof *out->maps);
        out->nmaps = 1;
        return compile_map(det, set, src, v, &out->maps[0], why);
    }
    if (v->kind != YN_SEQ || !v->first) {
        snprintf(why_buf, sizeof why_buf, "search identifier '%.60s' is neither a mapping nor "
                 "a list", name);
        *why = why_buf;
        return -1;
    }
    size_t n = ynode_count(v);
    out->maps = arena_alloc(&det->mem, n * sizeof *out->maps);
    out->nmaps = 0;
    bool has_scalars = false;
    for (const ynode *c = v->first; c; c = c->next) {
        if (c->kind == YN_MAP) {
            if (compile_map(det, set, src, c, &out->maps[out->nmaps++], why) < 0)
                return -1;
        } else if (c->kind == YN_SCALAR) {
            has_scalars = true;
        } else {
            *why = "a list in a list of search maps";
            return -1;
        }
    }
    if (has_scalars) {
        /* The plain values of the list, as one keyword item. */
        arena tmp;
        arena_init(&tmp, 1024);
        ynode *list = arena_alloc(&tmp, sizeof *list);
        *list = (ynode){ .kind = YN_SEQ };
        for (const ynode *c = v->first; c; c = c->next) {
            if (c->kind != YN_SCALAR)
                continue;
            ynode *copy = arena_alloc(&tmp, sizeof *copy);
            *copy = *c;
            copy->next = NULL;
            if (list->last)
                list->last->next = copy;
            else
                list->first = copy;
            list->last = copy;
        }
        int rc = compile_keywords(det, set, src, list, &out->maps[out->nmaps++], why);
        arena_free(&tmp);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The searches of a detection-like mapping and its condition (a string or a list of
 * strings, ORed). */
static int compile_logic(sigma_detection *det, const sigma_set *set, const sigma_source *src,
                         const ynode *section, const char *const *skip, sigma_logic *out,
                         const char **why)
{
    size_t n = ynode_count(section);
    if (n > SIGMA_MAX_SEARCHES) {
        *why = "more than 512 search identifiers";
        return -1;
    }
    out->searches = arena_alloc(&det->mem, (n ? n : 1) * sizeof *out->searches);
    out->nsearches = 0;
    const ynode *cond = NULL;
    for (const ynode *k = section->first; k && k->next; k = k->next->next) {
        const char *key = k->str ? k->str : "";
        if (strcmp(key, "condition") == 0) {
            cond = k->next;
            continue;
        }
        if (strcmp(key, "timeframe") == 0) {
            *why = "'timeframe' (Sigma 1.0 aggregation) is not supported: use a correlation rule";
            return -1;
        }
        if (is_reserved(key, skip))
            continue;
        if (compile_search(det, set, src, key, k->next, &out->searches[out->nsearches], why) < 0)
            return -1;
        out->nsearches++;
    }
    if (!cond) {
        *why = "the detection has no condition";
        return -1;
    }
    if (cond->kind == YN_SCALAR && cond->str) {
        out->cond = sigma_cond_parse(cond->str, out->searches, out->nsearches, &det->mem, why);
        return out->cond ? 0 : -1;
    }
    if (cond->kind != YN_SEQ || !cond->first) {
        *why = "the condition is neither text nor a list of texts";
        return -1;
    }
    sigma_cond *any = arena_alloc(&det->mem, sizeof *any);
    *any = (sigma_cond){ .op = C_OR };
    any->kids = arena_alloc(&det->mem, ynode_count(cond) * sizeof *any->kids);
    for (const ynode *c = cond->first; c; c = c->next) {
        if (c->kind != YN_SCALAR || !c->str) {
            *why = "a condition in the list is not text";
            return -1;
        }
        sigma_cond *k = sigma_cond_parse(c->str, out->searches, out->nsearches, &det->mem, why);
        if (!k)
            return -1;
        any->kids[any->nkids++] = k;
    }
    out->cond = any;
    return 0;
}

/* The Sigma field a key tests ("" for keywords), into buf. */
static const char *key_field(const char *key, char *buf, size_t size)
{
    const char *bar = strchr(key, '|');
    size_t n = bar ? (size_t)(bar - key) : strlen(key);
    snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), key);
    return buf;
}

static bool is_fieldref(const char *key)
{
    const char *p = strstr(key, "|fieldref");
    return p && (p[9] == '\0' || p[9] == '|');
}

/* Calls fn for every Sigma field a section tests (keys and fieldref targets). */
static bool each_field(const ynode *section, const char *const *skip,
                       bool (*fn)(void *ctx, const char *name), void *ctx)
{
    for (const ynode *k = section->first; k && k->next; k = k->next->next) {
        const char *key = k->str ? k->str : "";
        if (strcmp(key, "condition") == 0 || is_reserved(key, skip))
            continue;
        const ynode *v = k->next;
        const ynode *one = v->kind == YN_MAP ? v : v->first;
        for (const ynode *m = one; m; m = v->kind == YN_MAP ? NULL : m->next) {
            if (m->kind != YN_MAP)
                continue;
            for (const ynode *f = m->first; f && f->next; f = f->next->next) {
                char name[256];
                const char *fk = f->str ? f->str : "";
                if (*key_field(fk, name, sizeof name) && !fn(ctx, name))
                    return false;
                if (!is_fieldref(fk))
                    continue;
                const ynode *rv = f->next;
                for (const ynode *r = rv->kind == YN_SEQ ? rv->first : rv; r;
                     r = rv->kind == YN_SEQ ? r->next : NULL)
                    if (r->kind == YN_SCALAR && r->str && !fn(ctx, r->str))
                        return false;
            }
        }
    }
    return true;
}

typedef struct field_check {
    const sigma_source *src;
    const char *missing;       /* first field the source lacks */
} field_check;

static bool check_field(void *ctx, const char *name)
{
    field_check *fc = ctx;
    if (sigma_logsource_has_field(fc->src, name))
        return true;
    snprintf(why_buf, sizeof why_buf, "field '%.60s' is not in the logsource", name);
    fc->missing = why_buf;
    return false;
}

typedef struct field_list {
    char **v;
    size_t n, cap;
} field_list;

static bool collect_field(void *ctx, const char *name)
{
    field_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], name) == 0)
            return true;
    XGROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = xstrdup(name);
    return true;
}

static const char *const detection_skip[] = { NULL };
static const char *const filter_skip[] = { "rules", NULL };

sigma_detection *sigma_detection_compile(const sigma_set *set, const ynode *section,
                                         const sigma_source *const *sources, size_t nsources,
                                         char ***fields, size_t *nfields, const char **why)
{
    if (!section || section->kind != YN_MAP) {
        *why = "the rule has no detection mapping";
        return NULL;
    }
    sigma_detection *det = xcalloc(1, sizeof *det);
    arena_init(&det->mem, 4096);
    det->variants = arena_alloc(&det->mem, nsources * sizeof *det->variants);
    const char *missing = NULL;
    for (size_t i = 0; i < nsources; i++) {
        field_check fc = { .src = sources[i] };
        if (!each_field(section, detection_skip, check_field, &fc)) {
            missing = missing ? missing : fc.missing;
            continue;
        }
        sigma_variant *var = &det->variants[det->nvariants];
        *var = (sigma_variant){ .src = sources[i] };
        if (compile_logic(det, set, sources[i], section, detection_skip, &var->main, why) < 0) {
            sigma_detection_free(det);
            return NULL;
        }
        det->nvariants++;
    }
    if (det->nvariants == 0) {
        *why = missing ? missing : "no logsource";
        sigma_detection_free(det);
        return NULL;
    }
    field_list fl = { 0 };
    each_field(section, detection_skip, collect_field, &fl);
    *fields = fl.v;
    *nfields = fl.n;
    return det;
}

int sigma_detection_add_filter(sigma_detection *det, const sigma_set *set,
                               const ynode *filter, const char **why)
{
    if (!filter || filter->kind != YN_MAP) {
        *why = "the filter has no 'filter' mapping";
        return -1;
    }
    /* A source lacking a field the filter tests would run the rule unfiltered
     * there: it leaves the rule. */
    size_t keep = 0;
    const char *missing = NULL;
    for (size_t v = 0; v < det->nvariants; v++) {
        field_check fc = { .src = det->variants[v].src };
        if (each_field(filter, filter_skip, check_field, &fc))
            det->variants[keep++] = det->variants[v];
        else
            missing = missing ? missing : fc.missing;
    }
    det->nvariants = keep;
    if (keep == 0) {
        *why = missing;
        return -1;
    }
    for (size_t v = 0; v < det->nvariants; v++) {
        sigma_variant *var = &det->variants[v];
        sigma_logic l;
        if (compile_logic(det, set, var->src, filter, filter_skip, &l, why) < 0)
            return -1;
        sigma_logic *grown = arena_alloc(&det->mem, (var->nfilters + 1) * sizeof *grown);
        if (var->nfilters)
            memcpy(grown, var->filters, var->nfilters * sizeof *grown);
        grown[var->nfilters++] = l;
        var->filters = grown;
    }
    return 0;
}
