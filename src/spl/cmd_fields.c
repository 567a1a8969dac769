/* cmd_fields.c - commands that choose and name fields: rename (a AS b, wildcards
 * foo* AS bar*), table (keep and order fields, wildcards) and fields (+ keep,
 * - remove). They rebuild the record in a stage-owned record and swap it in, so
 * steady-state work allocates nothing. */
#include "spl_private.h"

#include <string.h>

#include "../util/xmalloc.h"
#include "search_expr.h"
#include "spl_trace.h"

enum { MAX_STARS = 8, NAME_MAX_LEN = 1024 };

/* A list of field names or patterns (plan arena). */
typedef struct namelist {
    const char **v;
    size_t n;
    bool any_wild;     /* some entry contains '*' */
} namelist;

static bool has_star(const char *s)
{
    return strchr(s, '*') != NULL;
}

/* list -> name {[,] name}   (stops at the end, or at 'as' when stop_at_as) */
static int parse_names(spl_parser *ps, namelist *l, const char *what)
{
    size_t cap = 0;
    const char **tmp = NULL;
    while (!spl_at_end(ps)) {
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_COMMA && l->n) {
            spl_next(ps);
            continue;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING) {
            free(tmp);
            return spl_fail_expected(ps, t, what);
        }
        XGROW(tmp, cap, l->n + 1);
        tmp[l->n++] = t->text;
        l->any_wild |= has_star(t->text);
        spl_next(ps);
    }
    l->v = arena_alloc(&ps->plan->mem, (l->n ? l->n : 1) * sizeof *l->v);
    if (l->n)
        memcpy(l->v, tmp, l->n * sizeof *l->v);
    free(tmp);
    return 0;
}

/* Matches s against a pattern with '*' (case-sensitive), recording what each star
 * took. Iterative, backtracking only to the last star, which suffices for globs. */
static bool glob_capture(const char *p, const char *s, sv *caps, int unused)
{
    size_t plen = strlen(p), slen = strlen(s);
    size_t pi = 0, si = 0, star = (size_t)-1, mark = 0, k = 0, cur = 0;
    (void)unused;
    while (si < slen) {
        if (pi < plen && p[pi] == '*') {
            if (k > MAX_STARS)
                return false;
            cur = k++;
            caps[cur] = (sv){s + si, 0};
            star = pi++;
            mark = si;
        } else if (pi < plen && p[pi] == s[si]) {
            pi++;
            si++;
        } else if (star != (size_t)-1) {
            pi = star + 1;
            si = ++mark;
            k = cur + 1;
            caps[cur].len = (size_t)(s + mark - caps[cur].s);
        } else {
            return false;
        }
    }
    while (pi < plen && p[pi] == '*') {
        if (k > MAX_STARS)
            return false;
        caps[k++] = (sv){s + slen, 0};
        pi++;
    }
    return pi == plen;
}

/* Builds the new name: each '*' in to takes the next capture. */
static size_t build_name(const char *to, const sv *caps, size_t ncaps, char *out, size_t size)
{
    size_t n = 0, k = 0;
    for (const char *p = to; *p; p++) {
        if (*p == '*' && k < ncaps) {
            for (size_t i = 0; i < caps[k].len && n + 1 < size; i++)
                out[n++] = caps[k].s[i];
            k++;
        } else if (n + 1 < size) {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return n;
}

static size_t count_stars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '*';
    return n;
}

/* One rename rule. */
typedef struct rename_rule {
    const char *from, *to;
    bool wild;          /* from has wildcards */
} rename_rule;

typedef struct rename_state {
    rename_rule *rules; /* plan arena */
    size_t n;
    const char **names; /* scratch: matching names of one record (malloc'd) */
    size_t cap;
} rename_state;

/* A field name of rename, with the words and strings written against it: Splunk
 * reads `"Processes".*` (drop_dm_object_name("Processes")) as one argument. */
static const char *rename_name(spl_parser *ps, const char *what)
{
    const char *name = spl_field_name(ps, what);
    if (!name)
        return NULL;
    const spl_tok *t = spl_peek(ps);
    if ((t->kind != TK_WORD && t->kind != TK_STRING) || t->space_before)
        return name;
    size_t n = strlen(name), cap = n + 1;
    char *joined = xmalloc(cap);
    memcpy(joined, name, n + 1);
    while ((t->kind == TK_WORD || t->kind == TK_STRING) && !t->space_before) {
        XGROW(joined, cap, n + t->len + 1);
        memcpy(joined + n, t->text, t->len + 1);
        n += t->len;
        spl_next(ps);
        t = spl_peek(ps);
    }
    const char *out = spl_pstrdup(ps, joined, n);
    free(joined);
    return out;
}

/* rename -> old AS new {[,] old AS new} */
static int rename_parse(spl_stage *st, spl_parser *ps)
{
    rename_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    size_t cap = 0;
    rename_rule *tmp = NULL;
    while (!spl_at_end(ps)) {
        if (spl_peek(ps)->kind == TK_COMMA && s->n) {
            spl_next(ps);
            continue;
        }
        const spl_tok *ft = spl_peek(ps);
        const char *from = rename_name(ps, "field name");
        if (!from)
            return free(tmp), -1;
        if (!spl_tok_is(spl_peek(ps), "as"))
            return free(tmp), spl_fail_expected(ps, spl_peek(ps), "'AS'");
        spl_next(ps);
        const char *to = rename_name(ps, "new field name after 'AS'");
        if (!to)
            return free(tmp), -1;
        size_t stars = count_stars(from);
        if (stars > MAX_STARS || (count_stars(to) && count_stars(to) != stars))
            return free(tmp), spl_fail(ps, ft->off, "wildcards of '%s' and '%s' do not match",
                                       from, to);
        XGROW(tmp, cap, s->n + 1);
        tmp[s->n++] = (rename_rule){from, to, stars > 0};
    }
    if (s->n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    s->rules = arena_alloc(&ps->plan->mem, s->n * sizeof *s->rules);
    memcpy(s->rules, tmp, s->n * sizeof *s->rules);
    free(tmp);
    spl_plan *p = ps->plan;
    for (size_t i = 0; i < s->n && p->columns_known; i++) {
        const rename_rule *r = &s->rules[i];
        if (!r->wild) {
            spl_columns_rename(p, r->from, r->to);
            continue;
        }
        for (size_t c = 0; c < p->ncolumns; c++) {
            sv caps[MAX_STARS + 1];
            char buf[NAME_MAX_LEN];
            if (glob_capture(r->from, p->columns[c], caps, 0)) {
                build_name(r->to, caps, count_stars(r->from), buf, sizeof buf);
                spl_columns_rename(p, p->columns[c], buf);
            }
        }
    }
    return 0;
}

static void rename_push(spl_stage *st, record *r)
{
    rename_state *s = st->state;
    for (size_t i = 0; i < s->n; i++) {
        const rename_rule *rule = &s->rules[i];
        if (!rule->wild) {
            record_rename(r, rule->from, rule->to);
            continue;
        }
        size_t n = 0;
        for (size_t f = 0; f < r->nfields; f++) {
            if (search_glob(rule->from, strlen(rule->from), r->fields[f].name,
                            r->fields[f].name_len, false)) {
                XGROW(s->names, s->cap, n + 1);
                s->names[n++] = r->fields[f].name;
            }
        }
        for (size_t k = 0; k < n; k++) {
            sv caps[MAX_STARS + 1];
            char buf[NAME_MAX_LEN];
            if (!glob_capture(rule->from, s->names[k], caps, 0))
                continue;
            build_name(rule->to, caps, count_stars(rule->from), buf, sizeof buf);
            record_rename(r, s->names[k], buf);
        }
    }
    spl_stage_emit(st, r);
}

static void rename_free(spl_stage *st)
{
    rename_state *s = st->state;
    if (!s)
        return;
    free(s->names);
    free(s);
}

const spl_cmd spl_cmd_rename = {
    .name = "rename", .parse = rename_parse, .push = rename_push, .free = rename_free,
};

/* State of table and fields. */
typedef struct keep_state {
    namelist names;
    bool remove;        /* fields - */
    bool keep_internal; /* fields +: _raw and _time stay, as in Splunk */
    record tmp;         /* the rebuilt record, swapped with the input */
} keep_state;

static void copy_field(record *dst, const field *f)
{
    for (uint32_t k = 0; k < f->nvalues; k++)
        record_addn(dst, f->name, f->name_len, f->values[k].s, f->values[k].len);
}

static bool matches(const char *pat, const field *f)
{
    return search_glob(pat, strlen(pat), f->name, f->name_len, false);
}

/* Rebuilds r with the listed fields in list order, then swaps it in. */
static void keep_push(spl_stage *st, record *r)
{
    keep_state *s = st->state;
    if (s->remove) {
        for (size_t i = 0; i < s->names.n; i++) {
            if (!has_star(s->names.v[i])) {
                record_remove(r, s->names.v[i]);
                continue;
            }
            for (size_t f = r->nfields; f-- > 0;)
                if (matches(s->names.v[i], &r->fields[f]))
                    record_remove(r, r->fields[f].name);
        }
        spl_stage_emit(st, r);
        return;
    }
    record_clear(&s->tmp);
    for (size_t i = 0; i < s->names.n; i++) {
        const char *n = s->names.v[i];
        if (!has_star(n)) {
            const field *f = record_get(r, n);
            if (f && !record_get(&s->tmp, n))
                copy_field(&s->tmp, f);
            continue;
        }
        for (size_t f = 0; f < r->nfields; f++)
            if (matches(n, &r->fields[f]) &&
                !record_getn(&s->tmp, r->fields[f].name, r->fields[f].name_len))
                copy_field(&s->tmp, &r->fields[f]);
    }
    /* An event row stays traceable to its event (spl_trace.h). */
    if (st->plan->env.trace_files)
        spl_trace_copy(r, &s->tmp);
    if (s->keep_internal) {
        static const char *const internal[] = {"_raw", "_time"};
        for (size_t i = 0; i < 2; i++) {
            const field *f = record_get(r, internal[i]);
            if (f && !record_get(&s->tmp, internal[i]))
                copy_field(&s->tmp, f);
        }
    }
    record swap = *r;
    *r = s->tmp;
    s->tmp = swap;
    spl_stage_emit(st, r);
}

static void keep_free(spl_stage *st)
{
    keep_state *s = st->state;
    if (!s)
        return;
    record_free(&s->tmp);
    free(s);
}

/* Known columns after keeping names: resolved against earlier known columns. */
static void keep_columns(spl_plan *p, const namelist *l)
{
    if (!l->any_wild) {
        spl_columns_set(p, l->v, l->n);
        return;
    }
    if (!p->columns_known)
        return;
    /* Each name once: at most every known column plus every plain name. */
    const char **out = arena_alloc(&p->mem, (p->ncolumns + l->n + 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        for (size_t c = 0; c < (has_star(l->v[i]) ? p->ncolumns : 1); c++) {
            const char *name = has_star(l->v[i]) ? p->columns[c] : l->v[i];
            if (has_star(l->v[i]) &&
                !search_glob(l->v[i], strlen(l->v[i]), name, strlen(name), false))
                continue;
            bool dup = false;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strcmp(out[k], name) == 0;
            if (!dup)
                out[n++] = name;
        }
    }
    spl_columns_set(p, out, n);
}

static keep_state *new_keep(spl_stage *st)
{
    keep_state *s = xcalloc(1, sizeof *s);
    record_init(&s->tmp);
    st->state = s;
    return s;
}

/* table -> field {[,] field} */
static int table_parse(spl_stage *st, spl_parser *ps)
{
    keep_state *s = new_keep(st);
    if (parse_names(ps, &s->names, "field name") < 0)
        return -1;
    if (s->names.n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    keep_columns(ps->plan, &s->names);
    return 0;
}

/* table and fields +: later stages see only the names kept (and _raw, _time for
 * fields); fields - reads nothing and passes the rest on. */
static int keep_fields_read(const spl_stage *st, projection *proj)
{
    const keep_state *s = st->state;
    if (s->remove)
        return SPL_READS_PASS;
    for (size_t i = 0; i < s->names.n; i++)
        projection_want(proj, s->names.v[i], strlen(s->names.v[i]));
    if (s->keep_internal) {
        projection_want(proj, "_raw", 4);
        projection_want(proj, "_time", 5);
    }
    return SPL_READS_END;
}

const spl_cmd spl_cmd_table = {
    .name = "table", .parse = table_parse, .push = keep_push, .free = keep_free,
    .fields_read = keep_fields_read,
};

/* fields -> ['+' | '-'] field {[,] field} */
static int fields_parse(spl_stage *st, spl_parser *ps)
{
    keep_state *s = new_keep(st);
    const spl_tok *t = spl_peek(ps);
    if (t->kind == TK_WORD && (strcmp(t->text, "-") == 0 || strcmp(t->text, "+") == 0)) {
        s->remove = t->text[0] == '-';
        spl_next(ps);
    }
    s->keep_internal = !s->remove;
    if (parse_names(ps, &s->names, "field name") < 0)
        return -1;
    if (s->names.n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    spl_plan *p = ps->plan;
    if (!s->remove) {
        keep_columns(p, &s->names);
    } else if (p->columns_known) {
        for (size_t i = 0; i < s->names.n; i++) {
            for (size_t c = p->ncolumns; c-- > 0;)
                if (search_glob(s->names.v[i], strlen(s->names.v[i]), p->columns[c],
                                strlen(p->columns[c]), false))
                    spl_columns_remove(p, p->columns[c]);
        }
    }
    return 0;
}

const spl_cmd spl_cmd_fields = {
    .name = "fields", .parse = fields_parse, .push = keep_push, .free = keep_free,
    .fields_read = keep_fields_read,
};
