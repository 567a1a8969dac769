/* cmd_foreach.c - foreach: runs an eval template once per field of a wildcard
 * field list (`foreach stdev_* [eval x = '<<MATCHSTR>>' ...]`). In the template
 * <<FIELD>> becomes the field's name, <<MATCHSTR>> the part the wildcards matched,
 * <<MATCHSEG1>>.. the part each wildcard matched. Per event the fields present are
 * listed first (wildcards skip names starting with '_' unless the pattern does),
 * in the order of the list and, within a pattern, by name; fields the template
 * creates are not visited. The template is checked once at parse time with
 * stand-in names, then compiled per field name and cached. */
#include "spl_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/xmalloc.h"
#include "spl_group.h"

enum {
    MAX_PATTERNS = 64,   /* fields and patterns in the list */
    MAX_STARS = 8,       /* wildcards in one pattern (MATCHSEG1..8) */
    CACHE_MAX = 1024,    /* compiled templates kept (by field name) */
};

/* A placeholder of the template and what it stands for. */
typedef enum ph_kind { PH_FIELD, PH_MATCHSTR, PH_MATCHSEG } ph_kind;

/* One compiled template: the eval commands of the brackets for one field. */
typedef struct compiled {
    char *field;         /* the field it was made for (malloc'd), NULL: empty slot */
    uint64_t hash;
    spl_evals **evals;   /* one per eval command of the template (in arena) */
    size_t nevals;
    bool failed;         /* the instantiated template does not parse (reported once) */
} compiled;

typedef struct foreach_state {
    const char **patterns;   /* the field list (plan arena) */
    size_t npatterns;
    const char *tmpl;        /* the text between the brackets (plan arena) */
    size_t tmpl_len;
    const char *fieldstr;    /* placeholder spellings */
    const char *matchstr;
    const char *matchseg[3];
    compiled *cache;         /* open addressing by field name (malloc'd) */
    size_t cache_cap, cache_n;
    arena mem;               /* compiled templates */
    compiled scratch;        /* a template compiled past CACHE_MAX, freed at the next */
    arena scratch_mem;       /* its memory */
    char *text;              /* the template being instantiated (malloc'd) */
    size_t text_cap;
    const char **names;      /* this event's matching fields (malloc'd) */
    size_t names_cap;
    char *namebuf;           /* copies of them, NUL-separated (malloc'd) */
    size_t namebuf_cap;
    size_t *name_offs;       /* where each copy starts (malloc'd) */
    size_t name_offs_cap;
    bool warned;             /* a template failed to compile (reported once) */
} foreach_state;

static const char *const foreach_opts[] = {
    "mode", "fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3", NULL,
};

/* ------------------------------------------------------ wildcards */

/* Matches name against pat ('*' any run) in O(len(pat) * len(name)), filling
 * seg[] with what each '*' took: the earliest match, each wildcard taking as
 * little as the rest allows. The pattern holds at most MAX_STARS wildcards. */
static bool glob_segs(const char *pat, const char *name, sv *seg)
{
    size_t plen = strlen(pat), nlen = strlen(name);
    size_t starts[MAX_STARS];
    size_t pi = 0, ni = 0, bp = 0, bn = 0;
    int k = -1, bk = -1;
    while (ni < nlen) {
        if (pi < plen && pat[pi] == '*') {
            starts[++k] = ni;
            bp = ++pi;
            bn = ni;
            bk = k;
        } else if (pi < plen && pat[pi] == name[ni]) {
            pi++;
            ni++;
        } else if (bk >= 0) {   /* the last wildcard takes one more byte */
            ni = ++bn;
            pi = bp;
            k = bk;
        } else {
            return false;
        }
    }
    while (pi < plen && pat[pi] == '*')
        starts[++k] = ni, pi++;
    if (pi != plen)
        return false;
    /* Each wildcard ends where the literal after it starts. */
    size_t star = 0, lit = 0;
    for (size_t i = 0; i <= plen; i++) {
        if (i < plen && pat[i] != '*') {
            lit++;
            continue;
        }
        if (star > 0) {
            size_t end = i == plen ? nlen - lit : starts[star] - lit;
            seg[star - 1] = (sv){name + starts[star - 1], end - starts[star - 1]};
        }
        if (i < plen)
            star++;
        lit = 0;
    }
    return true;
}

static bool has_star(const char *p)
{
    return strchr(p, '*') != NULL;
}

/* ------------------------------------------------------ templates */

static void append(foreach_state *s, size_t *n, const char *p, size_t len)
{
    XGROW(s->text, s->text_cap, *n + len + 1);
    if (len)
        memcpy(s->text + *n, p, len);
    *n += len;
}

/* The template with each placeholder replaced: by x's of its own length when
 * fname is NULL (the parse-time check keeps every offset), else by the field's
 * name and matched parts. Written to s->text; returns its length. */
static size_t instantiate(foreach_state *s, const char *fname, const sv *segs, size_t nsegs)
{
    static const char xs[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    const char *names[5] = {s->fieldstr, s->matchstr, s->matchseg[0], s->matchseg[1],
                            s->matchseg[2]};
    size_t n = 0;
    const char *t = s->tmpl, *end = s->tmpl + s->tmpl_len;
    while (t < end) {
        size_t k, l = 0;
        for (k = 0; k < 5; k++) {
            l = strlen(names[k]);
            if ((size_t)(end - t) >= l && memcmp(t, names[k], l) == 0)
                break;
        }
        if (k == 5) {
            append(s, &n, t++, 1);
            continue;
        }
        t += l;
        if (!fname) {
            for (size_t left = l; left;) {
                size_t c = left < sizeof xs - 1 ? left : sizeof xs - 1;
                append(s, &n, xs, c);
                left -= c;
            }
        } else if (k == 0) {
            append(s, &n, fname, strlen(fname));
        } else if (k == 1) {
            for (size_t i = 0; i < nsegs; i++)
                append(s, &n, segs[i].s, segs[i].len);
        } else if (k - 2 < nsegs) {
            append(s, &n, segs[k - 2].s, segs[k - 2].len);
        }
    }
    append(s, &n, "", 0);
    s->text[n] = '\0';
    return n;
}

/* Compiles src[start..end) (eval commands separated by '|') into c, parsing with
 * the plan's positions when src is the plan's text. -1 with err set. */
static int compile(spl_plan *plan, const char *src, size_t start, size_t end, arena *mem,
                   compiled *c, tr_error *err)
{
    c->nevals = 0;
    c->evals = NULL;
    size_t cap = 0;
    size_t i = start;
    while (i <= end) {
        /* The next command: up to a top-level '|' (quotes respected). */
        size_t j = i;
        int depth = 0;
        while (j < end && !(src[j] == '|' && depth == 0)) {
            if (src[j] == '"') {
                size_t past = spl_scan_quoted(src, j, end, NULL, NULL);
                j = past ? past : end;
                continue;
            }
            if (src[j] == '(')
                depth++;
            else if (src[j] == ')')
                depth--;
            j++;
        }
        spl_parser ps = {.plan = plan, .src = src, .err = err, .cmd_name = "eval",
                         .args_off = i, .args_end = j};
        size_t k = i;
        while (k < j && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r'))
            k++;
        if (j - k < 4 || strncasecmp(src + k, "eval", 4) != 0 ||
            (k + 4 < j && !(src[k + 4] == ' ' || src[k + 4] == '\t' || src[k + 4] == '\n'))) {
            spl_fail(&ps, k, "only eval commands can run inside 'foreach' brackets");
            return -1;
        }
        ps.args_off = k + 4;
        if (spl_lex(src, k + 4, j, SPL_LEX_EXPR, mem, &ps.toks, err) < 0) {
            spl_error_relocate(plan, err);
            return -1;
        }
        spl_evals *e = spl_eval_parse(&ps, mem);
        free(ps.toks.v);
        if (!e)
            return -1;
        ARENA_GROW(mem, c->evals, c->nevals, cap);
        c->evals[c->nevals++] = e;
        i = j + 1;
    }
    return 0;
}

static void compiled_free(compiled *c)
{
    for (size_t i = 0; i < c->nevals; i++)
        spl_eval_free(c->evals[i]);
    c->nevals = 0;
}

/* ---------------------------------------------------------- parse */

/* foreach -> {option} field {field} '[' eval ... {'|' eval ...} ']' */
static int foreach_parse(spl_stage *st, spl_parser *ps)
{
    foreach_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    arena_init(&s->mem, 4096);
    arena_init(&s->scratch_mem, 1024);
    s->fieldstr = "<<FIELD>>";
    s->matchstr = "<<MATCHSTR>>";
    s->matchseg[0] = "<<MATCHSEG1>>";
    s->matchseg[1] = "<<MATCHSEG2>>";
    s->matchseg[2] = "<<MATCHSEG3>>";
    s->patterns = arena_alloc(&ps->plan->mem, MAX_PATTERNS * sizeof *s->patterns);
    while (!spl_at_end(ps) && spl_peek(ps)->kind != TK_LBRACKET) {
        const spl_tok *val, *t = spl_peek(ps);
        int k = spl_option(ps, foreach_opts, &val);
        if (k == 0) {
            if (!spl_tok_is(val, "multifield"))
                return spl_fail(ps, t->off, "unsupported argument 'mode=%s' to 'foreach' "
                                "(trawl runs mode=multifield)", val->text);
            continue;
        }
        if (k > 0) {
            if (val->len == 0)
                return spl_fail(ps, val->off, "'%s' cannot be empty", foreach_opts[k]);
            if (k == 1)
                s->fieldstr = val->text;
            else if (k == 2)
                s->matchstr = val->text;
            else
                s->matchseg[k - 3] = val->text;
            continue;
        }
        if (t->kind == TK_COMMA) {
            spl_next(ps);
            continue;
        }
        if (t->kind != TK_WORD && t->kind != TK_STRING)
            return spl_fail_expected(ps, t, "'[' before the eval to run");
        if (s->npatterns == MAX_PATTERNS)
            return spl_fail(ps, t->off, "too many fields in 'foreach' (at most %d)", MAX_PATTERNS);
        size_t stars = 0;
        for (const char *c = t->text; *c; c++)
            stars += *c == '*';
        if (stars > MAX_STARS)
            return spl_fail(ps, t->off, "too many wildcards in '%s' (at most %d)", t->text,
                            MAX_STARS);
        s->patterns[s->npatterns++] = t->text;
        spl_next(ps);
    }
    if (s->npatterns == 0)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    const spl_tok *open = spl_peek(ps);
    if (open->kind != TK_LBRACKET)
        return spl_fail_expected(ps, open, "'[' before the eval to run");
    size_t close = 0;
    int depth = 0;
    for (size_t i = ps->pos; i + 1 < ps->toks.n && !close; i++) {
        if (ps->toks.v[i].kind == TK_LBRACKET)
            depth++;
        else if (ps->toks.v[i].kind == TK_RBRACKET && --depth == 0)
            close = i;
    }
    if (!close)
        return spl_fail(ps, open->off, "']' expected to close the '[' of 'foreach'");
    if (close + 2 != ps->toks.n)
        return spl_fail_arg(ps, &ps->toks.v[close + 1]);
    const spl_tok *cl = &ps->toks.v[close];
    s->tmpl = spl_pstrdup(ps, ps->src + open->end, cl->off - open->end);
    s->tmpl_len = cl->off - open->end;
    /* Check the template where it stands, placeholders as names of their length. */
    size_t n = instantiate(s, NULL, NULL, 0);
    size_t total = strlen(ps->src);
    char *copy = xmalloc(total + 1);
    memcpy(copy, ps->src, total + 1);
    memcpy(copy + open->end, s->text, n);   /* same length as the template */
    arena check;
    arena_init(&check, 1024);
    compiled c = {0};
    int rc = compile(ps->plan, copy, open->end, cl->off, &check, &c, ps->err);
    compiled_free(&c);
    arena_free(&check);
    free(copy);
    return rc;
}

/* ------------------------------------------------------------ run */

/* The compiled template for field (segs: what the wildcards matched). */
static compiled *template_for(spl_stage *st, const char *fname, const sv *segs, size_t nsegs)
{
    foreach_state *s = st->state;
    uint64_t h = spl_group_hash(SPL_GROUP_HASH_SEED, fname, strlen(fname));
    compiled *slot = NULL;
    if (s->cache_n < CACHE_MAX) {
        if ((s->cache_n + 1) * 2 > s->cache_cap) {
            size_t ncap = s->cache_cap ? s->cache_cap * 2 : 64;
            compiled *nc = xcalloc(ncap, sizeof *nc);
            for (size_t i = 0; i < s->cache_cap; i++) {
                if (!s->cache[i].field)
                    continue;
                size_t j = s->cache[i].hash & (ncap - 1);
                while (nc[j].field)
                    j = (j + 1) & (ncap - 1);
                nc[j] = s->cache[i];
            }
            free(s->cache);
            s->cache = nc;
            s->cache_cap = ncap;
        }
    }
    if (s->cache_cap) {
        size_t j = h & (s->cache_cap - 1);
        while (s->cache[j].field) {
            if (s->cache[j].hash == h && strcmp(s->cache[j].field, fname) == 0)
                return &s->cache[j];
            j = (j + 1) & (s->cache_cap - 1);
        }
        if (s->cache_n < CACHE_MAX)
            slot = &s->cache[j];
    }
    compiled *c = slot ? slot : &s->scratch;
    arena *mem = &s->mem;
    if (!slot) {
        compiled_free(&s->scratch);
        arena_reset(&s->scratch_mem);
        mem = &s->scratch_mem;
    }
    *c = (compiled){.field = slot ? xstrdup(fname) : NULL, .hash = h};
    size_t n = instantiate(s, fname, segs, nsegs);
    tr_error err;
    memset(&err, 0, sizeof err);
    if (compile(st->plan, s->text, 0, n, mem, c, &err) < 0) {
        if (!s->warned)
            tr_warn("foreach: field '%s': %s (the field is skipped)", fname, err.msg);
        s->warned = true;
        compiled_free(c);
        c->failed = true;
    }
    if (slot)
        s->cache_n++;
    return c;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void foreach_push(spl_stage *st, record *r)
{
    foreach_state *s = st->state;
    /* The fields to visit, fixed before the template runs. */
    size_t n = 0;
    for (size_t p = 0; p < s->npatterns; p++) {
        const char *pat = s->patterns[p];
        size_t first = n;
        XGROW(s->names, s->names_cap, n + r->nfields + 1);
        if (!has_star(pat)) {
            s->names[n++] = pat;
            continue;
        }
        for (size_t i = 0; i < r->nfields; i++) {
            const char *name = r->fields[i].name;
            sv segs[MAX_STARS];
            if ((name[0] == '_' && pat[0] != '_') || !glob_segs(pat, name, segs))
                continue;
            bool dup = false;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strcmp(s->names[k], name) == 0;
            if (!dup)
                s->names[n++] = name;
        }
        qsort(s->names + first, n - first, sizeof *s->names, cmp_names);
    }
    /* Names point into r, which the template changes: copy them first. */
    size_t len = 0;
    XGROW(s->name_offs, s->name_offs_cap, n + 1);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(s->names[i]) + 1;
        XGROW(s->namebuf, s->namebuf_cap, len + l);
        memcpy(s->namebuf + len, s->names[i], l);
        s->name_offs[i] = len;
        len += l;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = s->namebuf + s->name_offs[i];
        sv segs[MAX_STARS];
        size_t nsegs = 0;
        for (size_t p = 0; p < s->npatterns; p++) {
            const char *pat = s->patterns[p];
            if (has_star(pat) ? glob_segs(pat, name, segs) : strcmp(pat, name) == 0) {
                for (const char *c = pat; *c; c++)
                    nsegs += *c == '*';
                break;
            }
        }
        compiled *c = template_for(st, name, segs, nsegs);
        for (size_t k = 0; !c->failed && k < c->nevals; k++)
            spl_eval_run(c->evals[k], r, &st->plan->env);
    }
    spl_stage_emit(st, r);
}

static void foreach_free(spl_stage *st)
{
    foreach_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->cache_cap; i++) {
        if (s->cache[i].field) {
            compiled_free(&s->cache[i]);
            free(s->cache[i].field);
        }
    }
    free(s->cache);
    compiled_free(&s->scratch);
    arena_free(&s->scratch_mem);
    arena_free(&s->mem);
    free(s->text);
    free(s->names);
    free(s->namebuf);
    free(s->name_offs);
    free(s);
}

const spl_cmd spl_cmd_foreach = {
    .name = "foreach", .parse = foreach_parse, .push = foreach_push, .free = foreach_free,
};
