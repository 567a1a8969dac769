/* sigma_filter.c - global filters (sigma-filters-specification): a document with a
 * `filter:` section naming rules by id or name, with its own selections and
 * condition. Read when loaded (the section is copied, since the file's YAML tree
 * does not outlive the load), applied when the set is finished: each named rule
 * then drops events the filter matches. A rule a filter cannot be applied to is
 * skipped rather than run unfiltered. */
#include "sigma_private.h"

#include <string.h>

#include "../util/xmalloc.h"

/* Deep copy of a YAML subtree; depth is bounded by the parser (YNODE_MAX_DEPTH). */
static ynode *copy_tree(arena *a, const ynode *n)
{
    ynode *c = arena_alloc(a, sizeof *c);
    *c = *n;
    c->first = c->last = c->next = NULL;
    if (n->str)
        c->str = arena_strndup(a, n->str, n->len);
    for (const ynode *k = n->first; k; k = k->next) {
        ynode *kc = copy_tree(a, k);
        if (c->last)
            c->last->next = kc;
        else
            c->first = kc;
        c->last = kc;
    }
    return c;
}

void sigma_filter_load(sigma_set *s, const ynode *doc, const char *origin)
{
    const char *title = ynode_str(ynode_get(doc, "title"));
    const ynode *f = ynode_get(doc, "filter");
    const ynode *rules = ynode_get(f, "rules");
    if (!f || f->kind != YN_MAP || !rules || (rules->kind != YN_SEQ && !ynode_str(rules))) {
        sigma_set_skip(s, origin, title, "filter without 'rules' (a list of rule ids or names)");
        return;
    }
    if (!ynode_get(f, "condition")) {
        sigma_set_skip(s, origin, title, "filter without a condition");
        return;
    }
    sigma_filter *flt = xcalloc(1, sizeof *flt);
    flt->title = xstrdup(title);
    flt->origin = xstrdup(origin);
    size_t n = rules->kind == YN_SEQ ? ynode_count(rules) : 1;
    flt->rules = xcalloc(n, sizeof *flt->rules);
    for (const ynode *r = rules->kind == YN_SEQ ? rules->first : rules; r;
         r = rules->kind == YN_SEQ ? r->next : NULL)
        if (ynode_str(r))
            flt->rules[flt->nrules++] = xstrdup(r->str);
    arena_init(&flt->mem, 4096);
    flt->filter = copy_tree(&flt->mem, f);
    XGROW(s->filters, s->filters_cap, s->nfilters + 1);
    s->filters[s->nfilters++] = flt;
}

void sigma_filter_free(sigma_filter *f)
{
    free(f->title);
    free(f->origin);
    for (size_t i = 0; i < f->nrules; i++)
        free(f->rules[i]);
    free(f->rules);
    arena_free(&f->mem);
    free(f);
}

void sigma_filter_apply(sigma_set *s)
{
    for (size_t i = 0; i < s->nfilters; i++) {
        sigma_filter *f = s->filters[i];
        for (size_t k = 0; k < f->nrules; k++) {
            bool found = false;
            for (size_t r = 0; r < s->nrules; r++) {
                sigma_rule *rule = s->rules[r];
                if (!((rule->id && strcmp(rule->id, f->rules[k]) == 0) ||
                      (rule->name && strcmp(rule->name, f->rules[k]) == 0)))
                    continue;
                found = true;
                const char *why = NULL;
                if (!rule->detection) {
                    why = "filters apply to detection rules, not correlations";
                } else if (sigma_detection_add_filter(rule->detection, s, f->filter, &why) == 0) {
                    /* The sources the rule still reads. */
                    for (size_t v = 0; v < rule->detection->nvariants; v++)
                        ((const sigma_source **)rule->sources)[v] =
                            rule->detection->variants[v].src;
                    rule->nsources = rule->detection->nvariants;
                    continue;
                }
                /* Unfiltered it would mean something else: take the rule out. */
                sigma_set_skip(s, rule->origin, rule->title, "filter '%s' (%s) cannot apply: %s",
                               f->title, f->origin, why);
                rule->detection->nvariants = 0;
            }
            if (!found)
                sigma_set_skip(s, f->origin, f->title, "filter names rule '%s', which is not "
                               "loaded", f->rules[k]);
        }
    }
    /* Rules emptied above leave the set. */
    size_t keep = 0;
    for (size_t r = 0; r < s->nrules; r++) {
        sigma_rule *rule = s->rules[r];
        if (rule->detection && rule->detection->nvariants == 0) {
            sigma_rule_free(rule);
            continue;
        }
        s->rules[keep++] = rule;
    }
    s->nrules = keep;
}
