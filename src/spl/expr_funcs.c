/* expr_funcs.c - the eval function table: one row {name, min, max, regex argument,
 * implementation} per SPL eval function, with Splunk's null and multivalue rules
 * (string functions such as lower apply to each value of a multivalue field).
 * Regexes are PCRE2 in byte mode with match and depth limits. */
#include "expr_private.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/reltime.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

#define ANY ((size_t)-1)
/* Bytes a replace() result may grow to: bounds memory on hostile patterns. */
#define MAX_RESULT (16u << 20)

static int arg(expr_ctx *ctx, const spl_expr *call, size_t i, spl_value *v)
{
    return expr_eval_node(ctx, call->args[i], v);
}

static sv *sv_array(expr_ctx *ctx, size_t n)
{
    return arena_alloc(ctx->scratch, (n ? n : 1) * sizeof(sv));
}

/* A multivalue of one value is that value, as in Splunk (split without a match). */
static void set_mv(spl_value *out, const sv *vals, size_t n)
{
    expr_set_null(out);
    if (n == 0)
        return;
    if (n == 1) {
        expr_set_str(out, vals[0].s, vals[0].len);
        return;
    }
    out->kind = SPL_MV;
    out->mv = vals;
    out->nmv = n;
}

/* Applies f to each value of v (every value of a multivalue, or the one value);
 * null stays null. f writes its result into the scratch arena. */
typedef bool (*str_map_fn)(expr_ctx *ctx, sv in, sv *out, const void *data);

static void map_values(expr_ctx *ctx, const spl_value *v, str_map_fn f, const void *data,
                       spl_value *out)
{
    size_t n = expr_nvalues(v);
    if (n == 0) {
        expr_set_null(out);
        return;
    }
    sv *res = sv_array(ctx, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        spl_value x;
        sv s;
        expr_value_at(v, i, &x);
        if (expr_to_str(ctx, &x, &s) && f(ctx, s, &res[k], data))
            k++;
    }
    if (v->kind == SPL_MV)
        set_mv(out, res, k);
    else if (k)
        expr_set_str(out, res[0].s, res[0].len);
    else
        expr_set_null(out);
}

static char *scratch_copy(expr_ctx *ctx, const char *s, size_t len)
{
    return arena_strndup(ctx->scratch, s, len);
}

/* ------------------------------------------------------- conditionals */

/* if(cond, then, else) */
static int f_if(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    return arg(ctx, c, spl_value_truthy(&v) ? 1 : 2, out);
}

/* case(cond1, value1, cond2, value2, ...): first true condition's value, else null */
static int f_case(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    for (size_t i = 0; i + 1 < c->nargs; i += 2) {
        spl_value v;
        if (arg(ctx, c, i, &v) < 0)
            return -1;
        if (spl_value_truthy(&v))
            return arg(ctx, c, i + 1, out);
    }
    expr_set_null(out);
    return 0;
}

static int f_coalesce(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    for (size_t i = 0; i < c->nargs; i++) {
        if (arg(ctx, c, i, out) < 0)
            return -1;
        if (out->kind != SPL_NULL)
            return 0;
    }
    expr_set_null(out);
    return 0;
}

/* in(x, a, b, ...) and `x IN (a, b)`: true when a value of x equals one of the
 * others as eval's = compares; null when x is null. */
static int f_in(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value x;
    if (arg(ctx, c, 0, &x) < 0)
        return -1;
    size_t nx = expr_nvalues(&x);
    if (!nx) {
        expr_set_null(out);
        return 0;
    }
    for (size_t i = 1; i < c->nargs; i++) {
        spl_value v;
        if (arg(ctx, c, i, &v) < 0)
            return -1;
        for (size_t j = 0; j < nx; j++) {
            spl_value xj;
            expr_value_at(&x, j, &xj);
            for (size_t k = 0; k < expr_nvalues(&v); k++) {
                spl_value vk;
                expr_value_at(&v, k, &vk);
                if (expr_equal(ctx, &xj, &vk)) {
                    expr_set_bool(out, true);
                    return 0;
                }
            }
        }
    }
    expr_set_bool(out, false);
    return 0;
}

static int f_isnull(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    expr_set_bool(out, v.kind == SPL_NULL);
    return 0;
}

static int f_isnotnull(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    expr_set_bool(out, v.kind != SPL_NULL);
    return 0;
}

static int f_null(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    expr_set_null(out);
    return 0;
}

static int f_true(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    expr_set_bool(out, true);
    return 0;
}

static int f_false(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    expr_set_bool(out, false);
    return 0;
}

static int f_isnum(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    double d;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    expr_set_bool(out, v.kind != SPL_MV && v.kind != SPL_BOOL && expr_to_num(&v, &d));
    return 0;
}

static int f_isstr(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    double d;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    expr_set_bool(out, v.kind == SPL_STR && !expr_to_num(&v, &d));
    return 0;
}

static int f_typeof(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    double d;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    const char *t = "Invalid";
    if (v.kind == SPL_BOOL)
        t = "Boolean";
    else if (v.kind == SPL_MV)
        t = "Multivalue";
    else if (v.kind != SPL_NULL)
        t = expr_to_num(&v, &d) ? "Number" : "String";
    expr_set_str(out, t, strlen(t));
    return 0;
}

/* ------------------------------------------------------------ strings */

static size_t utf8_count(sv s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        if (((unsigned char)s.s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Byte offset of the k-th character (k <= count). */
static size_t utf8_offset(sv s, size_t k)
{
    size_t i = 0;
    while (i < s.len && k) {
        i++;
        while (i < s.len && ((unsigned char)s.s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

static int f_len(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    sv s;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    if (!expr_to_str(ctx, &v, &s))
        expr_set_null(out);
    else
        expr_set_num(out, (double)utf8_count(s));
    return 0;
}

static bool map_case(expr_ctx *ctx, sv in, sv *o, const void *data)
{
    bool up = *(const bool *)data;
    char *b = scratch_copy(ctx, in.s, in.len);
    for (size_t i = 0; i < in.len; i++)
        b[i] = (char)(up ? toupper((unsigned char)b[i]) : tolower((unsigned char)b[i]));
    o->s = b;
    o->len = in.len;
    return true;
}

static int case_fn(expr_ctx *ctx, const spl_expr *c, spl_value *out, bool up)
{
    spl_value v;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    map_values(ctx, &v, map_case, &up, out);
    return 0;
}

static int f_lower(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return case_fn(ctx, c, out, false);
}

static int f_upper(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return case_fn(ctx, c, out, true);
}

typedef struct trim_spec {
    sv chars;      /* characters to strip */
    bool left;     /* strip leading */
    bool right;    /* strip trailing */
} trim_spec;

static bool in_set(sv set, char ch)
{
    return set.len && memchr(set.s, ch, set.len) != NULL;
}

static bool map_trim(expr_ctx *ctx, sv in, sv *o, const void *data)
{
    const trim_spec *t = data;
    size_t a = 0, b = in.len;
    while (t->left && a < b && in_set(t->chars, in.s[a]))
        a++;
    while (t->right && b > a && in_set(t->chars, in.s[b - 1]))
        b--;
    o->s = in.s + a;
    o->len = b - a;
    return true;
}

static int trim_fn(expr_ctx *ctx, const spl_expr *c, spl_value *out, bool left, bool right)
{
    spl_value v, set;
    trim_spec t = {{" \t", 2}, left, right};
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    if (c->nargs > 1) {
        if (arg(ctx, c, 1, &set) < 0)
            return -1;
        if (!expr_to_str(ctx, &set, &t.chars)) {
            expr_set_null(out);
            return 0;
        }
    }
    map_values(ctx, &v, map_trim, &t, out);
    return 0;
}

static int f_trim(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return trim_fn(ctx, c, out, true, true);
}

static int f_ltrim(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return trim_fn(ctx, c, out, true, false);
}

static int f_rtrim(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return trim_fn(ctx, c, out, false, true);
}

typedef struct substr_spec {
    double start;   /* 1-based; negative counts from the end */
    double len;     /* characters, < 0 for "to the end" */
} substr_spec;

static bool map_substr(expr_ctx *ctx, sv in, sv *o, const void *data)
{
    const substr_spec *sp = data;
    double n = (double)utf8_count(in);
    double from = sp->start > 0 ? sp->start - 1 : sp->start < 0 ? n + sp->start : 0;
    if (from < 0)
        from = 0;
    if (from > n)
        from = n;
    double to = sp->len < 0 ? n : from + sp->len;
    if (to > n)
        to = n;
    if (to < from)
        to = from;
    size_t a = utf8_offset(in, (size_t)from);
    size_t b = utf8_offset(in, (size_t)to);
    o->s = in.s + a;
    o->len = b - a;
    return true;
}

/* substr(str, start[, length]) */
static int f_substr(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, a, b;
    substr_spec sp = {1, -1};
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 1, &a) < 0)
        return -1;
    if (!expr_to_num(&a, &sp.start) || isnan(sp.start)) {
        expr_set_null(out);
        return 0;
    }
    sp.start = trunc(sp.start);
    if (c->nargs > 2) {
        if (arg(ctx, c, 2, &b) < 0)
            return -1;
        if (!expr_to_num(&b, &sp.len) || isnan(sp.len) || sp.len < 0) {
            expr_set_null(out);
            return 0;
        }
        sp.len = trunc(sp.len);
    }
    map_values(ctx, &v, map_substr, &sp, out);
    return 0;
}

/* ------------------------------------------------------------- regexes */

pcre2_code *expr_regex_compile(const char *pat, size_t len, char *msg, size_t msgsize)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, len, 0, &code, &off, NULL);
    if (!re) {
        PCRE2_UCHAR buf[120];
        pcre2_get_error_message(code, buf, sizeof buf);
        snprintf(msg, msgsize, "%s at offset %zu", (const char *)buf, (size_t)off);
    }
    return re;
}

typedef struct regex_run {
    const pcre2_code *re;       /* compiled pattern (call site's or own) */
    pcre2_code *owned;          /* non-NULL when compiled for this evaluation */
    pcre2_match_data *md;
    pcre2_match_context *mc;
} regex_run;

/* Gets the call's regex: the one compiled at parse time, or compiled now from a
 * computed pattern. Returns false (value becomes null) on a bad pattern. */
static bool regex_open(expr_ctx *ctx, const spl_expr *c, size_t pat_arg, regex_run *rr)
{
    memset(rr, 0, sizeof *rr);
    if (c->re) {
        rr->re = c->re;
    } else {
        spl_value p;
        sv s;
        char msg[160];
        if (arg(ctx, c, pat_arg, &p) < 0 || !expr_to_str(ctx, &p, &s))
            return false;
        rr->owned = expr_regex_compile(s.s, s.len, msg, sizeof msg);
        if (!rr->owned)
            return false;
        rr->re = rr->owned;
    }
    rr->md = pcre2_match_data_create_from_pattern(rr->re, NULL);
    rr->mc = pcre2_match_context_create(NULL);
    if (!rr->md || !rr->mc) {
        fprintf(stderr, "trawl: out of memory\n");
        abort();
    }
    pcre2_set_match_limit(rr->mc, EXPR_RE_MATCH_LIMIT);
    pcre2_set_depth_limit(rr->mc, EXPR_RE_DEPTH_LIMIT);
    return true;
}

static void regex_close(regex_run *rr)
{
    pcre2_match_data_free(rr->md);
    pcre2_match_context_free(rr->mc);
    if (rr->owned)
        pcre2_code_free(rr->owned);
}

/* 1 match, 0 no match, -1 error (limit hit: treated as no match by callers). */
static int regex_exec(regex_run *rr, sv s, size_t start)
{
    int rc = pcre2_match(rr->re, (PCRE2_SPTR)s.s, s.len, start, 0, rr->md, rr->mc);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return rc < 0 ? -1 : 1;
}

/* match(str, regex): true when the regex matches anywhere in any value */
static int f_match(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    regex_run rr;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    size_t n = expr_nvalues(&v);
    if (n == 0) {
        expr_set_null(out);
        return 0;
    }
    if (!regex_open(ctx, c, 1, &rr)) {
        expr_set_null(out);
        return 0;
    }
    bool hit = false;
    for (size_t i = 0; i < n && !hit; i++) {
        spl_value x;
        sv s;
        expr_value_at(&v, i, &x);
        hit = expr_to_str(ctx, &x, &s) && regex_exec(&rr, s, 0) == 1;
    }
    regex_close(&rr);
    expr_set_bool(out, hit);
    return 0;
}

typedef struct strbuf {
    char *p;       /* malloc'd */
    size_t len;
    size_t cap;
    bool over;     /* exceeded MAX_RESULT */
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->over || n == 0)
        return;
    if (b->len + n > MAX_RESULT) {
        b->over = true;
        return;
    }
    XGROW(b->p, b->cap, b->len + n + 1);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

typedef struct replace_spec {
    regex_run *rr;   /* the pattern */
    sv repl;         /* replacement with \N group references */
} replace_spec;

static bool map_replace(expr_ctx *ctx, sv in, sv *o, const void *data)
{
    const replace_spec *sp = data;
    strbuf b = {0};
    size_t pos = 0, last = 0;
    while (pos <= in.len) {
        int rc = regex_exec(sp->rr, in, pos);
        if (rc < 0) {
            free(b.p);
            return false;
        }
        if (rc == 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sp->rr->md);
        uint32_t ngroups = pcre2_get_ovector_count(sp->rr->md);
        if (ov[0] < last || ov[1] < ov[0] || ov[1] > in.len)
            break;
        sb_put(&b, in.s + last, ov[0] - last);
        for (size_t i = 0; i < sp->repl.len; i++) {
            char ch = sp->repl.s[i];
            if (ch == '\\' && i + 1 < sp->repl.len && isdigit((unsigned char)sp->repl.s[i + 1])) {
                uint32_t g = (uint32_t)(sp->repl.s[++i] - '0');
                if (g < ngroups && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] >= ov[2 * g])
                    sb_put(&b, in.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
            } else if (ch == '\\' && i + 1 < sp->repl.len && sp->repl.s[i + 1] == '\\') {
                sb_put(&b, "\\", 1);
                i++;
            } else {
                sb_put(&b, &ch, 1);
            }
        }
        last = ov[1];
        if (ov[1] == ov[0]) {
            /* An empty match: copy one byte and move on so the loop ends. */
            if (ov[0] >= in.len)
                break;
            sb_put(&b, in.s + ov[0], 1);
            last = pos = ov[0] + 1;
        } else {
            pos = ov[1];
        }
    }
    if (last < in.len)
        sb_put(&b, in.s + last, in.len - last);
    if (b.over) {
        free(b.p);
        return false;
    }
    o->s = scratch_copy(ctx, b.p ? b.p : "", b.len);
    o->len = b.len;
    free(b.p);
    return true;
}

/* replace(str, regex, replacement): every match replaced, \1..\9 groups */
static int f_replace(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, r;
    regex_run rr;
    replace_spec sp = {&rr, {"", 0}};
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 2, &r) < 0)
        return -1;
    if (v.kind == SPL_NULL || !expr_to_str(ctx, &r, &sp.repl) || !regex_open(ctx, c, 1, &rr)) {
        expr_set_null(out);
        return 0;
    }
    map_values(ctx, &v, map_replace, &sp, out);
    regex_close(&rr);
    return 0;
}

/* like(str, pattern) with SQL % and _ */
static int f_like(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, p;
    sv pat;
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 1, &p) < 0)
        return -1;
    size_t n = expr_nvalues(&v);
    if (n == 0 || !expr_to_str(ctx, &p, &pat)) {
        expr_set_null(out);
        return 0;
    }
    bool hit = false;
    for (size_t i = 0; i < n && !hit; i++) {
        spl_value x;
        sv s;
        expr_value_at(&v, i, &x);
        hit = expr_to_str(ctx, &x, &s) && expr_like(s, pat);
    }
    expr_set_bool(out, hit);
    return 0;
}

/* --------------------------------------------------------- multivalue */

/* split(str, delimiter): an empty delimiter splits into characters */
static int f_split(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, d;
    sv s, delim;
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 1, &d) < 0)
        return -1;
    if (!expr_to_str(ctx, &v, &s) || !expr_to_str(ctx, &d, &delim)) {
        expr_set_null(out);
        return 0;
    }
    size_t cap = s.len + 1, n = 0;
    sv *vals = sv_array(ctx, cap);
    if (delim.len == 0) {
        for (size_t i = 0; i < s.len;) {
            size_t j = i + 1;
            while (j < s.len && ((unsigned char)s.s[j] & 0xC0) == 0x80)
                j++;
            vals[n++] = (sv){s.s + i, j - i};
            i = j;
        }
    } else {
        size_t start = 0;
        for (size_t i = 0; i + delim.len <= s.len;) {
            if (memcmp(s.s + i, delim.s, delim.len) == 0) {
                vals[n++] = (sv){s.s + start, i - start};
                i += delim.len;
                start = i;
            } else {
                i++;
            }
        }
        vals[n++] = (sv){s.s + start, s.len - start};
    }
    set_mv(out, vals, n);
    return 0;
}

static int f_mvcount(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    size_t n = expr_nvalues(&v);
    if (n == 0)
        expr_set_null(out);
    else
        expr_set_num(out, (double)n);
    return 0;
}

/* Resolves an mvindex position: negative counts from the end; -1 when outside. */
static long long mv_pos(double d, size_t n)
{
    if (isnan(d) || fabs(d) > 1e15)
        return -1;
    long long i = (long long)d;
    if (i < 0)
        i += (long long)n;
    return i < 0 || i >= (long long)n ? -1 : i;
}

/* mvindex(mv, start[, end]): 0-based, end inclusive */
static int f_mvindex(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, a, b;
    double ds, de;
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 1, &a) < 0)
        return -1;
    size_t n = expr_nvalues(&v);
    expr_set_null(out);
    if (!expr_to_num(&a, &ds))
        return 0;
    long long s = mv_pos(ds, n), e = s;
    if (c->nargs > 2) {
        if (arg(ctx, c, 2, &b) < 0)
            return -1;
        if (!expr_to_num(&b, &de))
            return 0;
        if (!isnan(de) && de >= (double)n)
            de = (double)n - 1;
        e = mv_pos(de, n);
    }
    if (s < 0 || e < s)
        return 0;
    if (s == e) {
        expr_value_at(&v, (size_t)s, out);
        return 0;
    }
    sv *vals = sv_array(ctx, (size_t)(e - s + 1));
    for (long long i = s; i <= e; i++) {
        spl_value x;
        expr_value_at(&v, (size_t)i, &x);
        expr_to_str(ctx, &x, &vals[i - s]);
    }
    set_mv(out, vals, (size_t)(e - s + 1));
    return 0;
}

/* mvjoin(mv, delimiter) */
static int f_mvjoin(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, d;
    sv delim;
    if (arg(ctx, c, 0, &v) < 0 || arg(ctx, c, 1, &d) < 0)
        return -1;
    size_t n = expr_nvalues(&v);
    if (n == 0 || !expr_to_str(ctx, &d, &delim)) {
        expr_set_null(out);
        return 0;
    }
    strbuf b = {0};
    for (size_t i = 0; i < n; i++) {
        spl_value x;
        sv s;
        expr_value_at(&v, i, &x);
        if (!expr_to_str(ctx, &x, &s))
            continue;
        if (i)
            sb_put(&b, delim.s, delim.len);
        sb_put(&b, s.s, s.len);
    }
    char *r = scratch_copy(ctx, b.p ? b.p : "", b.len);
    expr_set_str(out, r, b.len);
    free(b.p);
    return 0;
}

/* Evaluates every argument and flattens their values; nulls are skipped. */
static int flatten_args(expr_ctx *ctx, const spl_expr *c, spl_value **vals, size_t *n)
{
    spl_value *args = arena_alloc(ctx->scratch, c->nargs * sizeof *args);
    size_t total = 0;
    for (size_t i = 0; i < c->nargs; i++) {
        if (arg(ctx, c, i, &args[i]) < 0)
            return -1;
        total += expr_nvalues(&args[i]);
    }
    spl_value *all = arena_alloc(ctx->scratch, (total ? total : 1) * sizeof *all);
    size_t k = 0;
    for (size_t i = 0; i < c->nargs; i++)
        for (size_t j = 0; j < expr_nvalues(&args[i]); j++)
            expr_value_at(&args[i], j, &all[k++]);
    *vals = all;
    *n = k;
    return 0;
}

static int f_mvappend(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value *vals;
    size_t n;
    if (flatten_args(ctx, c, &vals, &n) < 0)
        return -1;
    sv *res = sv_array(ctx, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (expr_to_str(ctx, &vals[i], &res[k]))
            k++;
    set_mv(out, res, k);
    return 0;
}

/* min/max: numbers compare numerically, strings lexically, and any string is
 * greater than any number (Splunk's documented rule). */
static int minmax(expr_ctx *ctx, const spl_expr *c, spl_value *out, bool want_max)
{
    spl_value *vals;
    size_t n;
    if (flatten_args(ctx, c, &vals, &n) < 0)
        return -1;
    expr_set_null(out);
    bool best_num = false;
    double bn = 0;
    sv bs = {"", 0};
    bool have = false;
    for (size_t i = 0; i < n; i++) {
        double d;
        sv s;
        bool isn = expr_to_num(&vals[i], &d);
        if (!isn && !expr_to_str(ctx, &vals[i], &s))
            continue;
        int cmp;
        if (!have)
            cmp = want_max ? 1 : -1;
        else if (isn && best_num)
            cmp = d < bn ? -1 : d > bn ? 1 : 0;
        else if (isn != best_num)
            cmp = isn ? -1 : 1;
        else {
            size_t m = s.len < bs.len ? s.len : bs.len;
            cmp = m ? memcmp(s.s, bs.s, m) : 0;
            if (!cmp)
                cmp = s.len < bs.len ? -1 : s.len > bs.len;
        }
        if (want_max ? cmp > 0 : cmp < 0) {
            have = true;
            best_num = isn;
            if (isn)
                bn = d;
            else
                bs = s;
        }
    }
    if (have && best_num)
        expr_set_num(out, bn);
    else if (have)
        expr_set_str(out, bs.s, bs.len);
    return 0;
}

static int f_min(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return minmax(ctx, c, out, false);
}

static int f_max(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    return minmax(ctx, c, out, true);
}

/* ------------------------------------------------------------ numbers */

/* tonumber(str[, base]): base 2..36; null when it does not parse */
static int f_tonumber(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, b;
    double d, base = 10;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    expr_set_null(out);
    if (c->nargs > 1) {
        if (arg(ctx, c, 1, &b) < 0)
            return -1;
        if (!expr_to_num(&b, &base) || base < 2 || base > 36 || base != floor(base))
            return 0;
    }
    if (v.kind == SPL_NUM) {
        *out = v;
        return 0;
    }
    sv s;
    if (v.kind == SPL_BOOL || !expr_to_str(ctx, &v, &s))
        return 0;
    if (base == 10) {
        if (num_parse(s.s, s.len, &d))
            expr_set_num(out, d);
        return 0;
    }
    char buf[72];
    size_t a = 0, e = s.len;
    while (a < e && isspace((unsigned char)s.s[a]))
        a++;
    while (e > a && isspace((unsigned char)s.s[e - 1]))
        e--;
    if (e == a || e - a > 64)
        return 0;
    memcpy(buf, s.s + a, e - a);
    buf[e - a] = '\0';
    char *end;
    long long r = strtoll(buf, &end, (int)base);
    if (*end || end == buf || !isalnum((unsigned char)buf[buf[0] == '-' || buf[0] == '+']))
        return 0;
    expr_set_num(out, (double)r);
    return 0;
}

/* Integer part with thousands separators into buf; value is non-negative. */
static void commas(double v, char *buf, size_t size)
{
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", v);
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n && k + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

/* tostring(value[, "hex"|"commas"|"duration"]) */
static int f_tostring(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value v, f;
    sv fmt = {"", 0}, s;
    char buf[160];
    double d;
    if (arg(ctx, c, 0, &v) < 0)
        return -1;
    if (c->nargs > 1) {
        if (arg(ctx, c, 1, &f) < 0)
            return -1;
        if (!expr_to_str(ctx, &f, &fmt)) {
            expr_set_null(out);
            return 0;
        }
    }
    if (v.kind == SPL_NULL) {
        expr_set_null(out);
        return 0;
    }
    if (v.kind == SPL_BOOL) {
        const char *t = v.num ? "True" : "False";
        expr_set_str(out, t, strlen(t));
        out->text = true;
        return 0;
    }
    if (fmt.len && expr_to_num(&v, &d) && isfinite(d) && fabs(d) < 1e18) {
        bool neg = d < 0;
        double a = fabs(d);
        if (fmt.len == 3 && memcmp(fmt.s, "hex", 3) == 0) {
            snprintf(buf, sizeof buf, "%s0x%llX", neg ? "-" : "", (unsigned long long)a);
        } else if (fmt.len == 6 && memcmp(fmt.s, "commas", 6) == 0) {
            double r = round(a * 100) / 100;
            char ip[96];
            commas(floor(r), ip, sizeof ip);
            double frac = r - floor(r);
            if (frac > 0)
                snprintf(buf, sizeof buf, "%s%s.%02d", neg ? "-" : "", ip,
                         (int)llround(frac * 100));
            else
                snprintf(buf, sizeof buf, "%s%s", neg ? "-" : "", ip);
        } else if (fmt.len == 8 && memcmp(fmt.s, "duration", 8) == 0) {
            long long secs = (long long)a;
            long long days = secs / 86400;
            int h = (int)(secs % 86400 / 3600), m = (int)(secs % 3600 / 60), sec = (int)(secs % 60);
            int n = 0;
            if (neg)
                n += snprintf(buf + n, sizeof buf - (size_t)n, "-");
            if (days)
                n += snprintf(buf + n, sizeof buf - (size_t)n, "%lld+", days);
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%02d:%02d:%02d", h, m, sec);
            long us = lround((a - (double)secs) * 1e6);
            if (us > 0 && us < 1000000)
                snprintf(buf + n, sizeof buf - (size_t)n, ".%06ld", us);
        } else {
            expr_set_null(out);
            return 0;
        }
        expr_set_str(out, scratch_copy(ctx, buf, strlen(buf)), strlen(buf));
        out->text = true;
        return 0;
    }
    if (fmt.len) {   /* a format applies to numbers only */
        expr_set_null(out);
        return 0;
    }
    if (!expr_to_str(ctx, &v, &s)) {
        expr_set_null(out);
        return 0;
    }
    expr_set_str(out, s.s, s.len);
    out->text = true;
    return 0;
}

/* Evaluates numeric argument i; false (result null) when absent or not numeric. */
static bool num_arg(expr_ctx *ctx, const spl_expr *c, size_t i, double *d, int *rc)
{
    spl_value v;
    *rc = arg(ctx, c, i, &v);
    return *rc == 0 && expr_to_num(&v, d);
}

/* One-argument math functions as data. ORDER: math1_fns rows below. */
typedef double (*math1)(double);

static double m_abs(double x) { return fabs(x); }
static double m_floor(double x) { return floor(x); }
static double m_ceil(double x) { return ceil(x); }
static double m_sqrt(double x) { return x < 0 ? NAN : sqrt(x); }
static double m_exp(double x) { return exp(x); }
static double m_ln(double x) { return x <= 0 ? NAN : log(x); }

static int math1_apply(expr_ctx *ctx, const spl_expr *c, spl_value *out, math1 f)
{
    double x;
    int rc;
    if (!num_arg(ctx, c, 0, &x, &rc)) {
        expr_set_null(out);
        return rc;
    }
    double r = f(x);
    if (isnan(r) || isinf(r))
        expr_set_null(out);
    else
        expr_set_num(out, r);
    return 0;
}

static int f_abs(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_abs); }
static int f_floor(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_floor); }
static int f_ceil(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_ceil); }
static int f_sqrt(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_sqrt); }
static int f_exp(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_exp); }
static int f_ln(expr_ctx *ctx, const spl_expr *c, spl_value *out) { return math1_apply(ctx, c, out, m_ln); }

/* log(x[, base=10]) */
static int f_log(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    double x, b = 10;
    int rc;
    expr_set_null(out);
    if (!num_arg(ctx, c, 0, &x, &rc))
        return rc;
    if (c->nargs > 1 && !num_arg(ctx, c, 1, &b, &rc))
        return rc;
    if (x <= 0 || b <= 0 || b == 1)
        return 0;
    expr_set_num(out, log(x) / log(b));
    return 0;
}

static int f_pow(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    double x, y;
    int rc;
    expr_set_null(out);
    if (!num_arg(ctx, c, 0, &x, &rc) || !num_arg(ctx, c, 1, &y, &rc))
        return rc;
    double r = pow(x, y);
    if (!isnan(r) && !isinf(r))
        expr_set_num(out, r);
    return 0;
}

/* round(x[, digits]): halves away from zero */
static int f_round(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    double x, digits = 0;
    int rc;
    expr_set_null(out);
    if (!num_arg(ctx, c, 0, &x, &rc))
        return rc;
    if (c->nargs > 1 && !num_arg(ctx, c, 1, &digits, &rc))
        return rc;
    if (digits < 0 || digits > 15) {
        if (digits > 15)
            expr_set_num(out, x);
        return 0;
    }
    double scale = pow(10, floor(digits));
    double r = round(x * scale) / scale;
    expr_set_num(out, isfinite(r) ? r : x);
    return 0;
}

/* ---------------------------------------------------------------- time */

static int f_now(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    expr_set_num(out, ctx->env->now);
    return 0;
}

/* strftime(epoch, format) in the run's time zone */
static int f_strftime(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value t, f;
    double d;
    sv fmt;
    if (arg(ctx, c, 0, &t) < 0 || arg(ctx, c, 1, &f) < 0)
        return -1;
    if (!expr_to_num(&t, &d) || !isfinite(d) || fabs(d) > 1e13 || !expr_to_str(ctx, &f, &fmt)) {
        expr_set_null(out);
        return 0;
    }
    char *z = scratch_copy(ctx, fmt.s, fmt.len);
    char buf[1024];
    size_t n = timefmt_format(d, z, ctx->env->tz, buf, sizeof buf);
    expr_set_str(out, scratch_copy(ctx, buf, n), n);
    return 0;
}

/* strptime(str, format) -> epoch seconds, null when it does not match */
static int f_strptime(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value s, f;
    sv str, fmt;
    double d;
    if (arg(ctx, c, 0, &s) < 0 || arg(ctx, c, 1, &f) < 0)
        return -1;
    expr_set_null(out);
    if (!expr_to_str(ctx, &s, &str) || !expr_to_str(ctx, &f, &fmt))
        return 0;
    char *z = scratch_copy(ctx, fmt.s, fmt.len);
    if (timefmt_parse(str.s, str.len, z, ctx->env->tz, &d))
        expr_set_num(out, d);
    return 0;
}

/* relative_time(epoch, "-1d@d") -> epoch seconds in the run's time zone, null when
 * either argument is not usable */
static int f_relative_time(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value t, m;
    sv mod;
    double d, r;
    const char *why;
    if (arg(ctx, c, 0, &t) < 0 || arg(ctx, c, 1, &m) < 0)
        return -1;
    expr_set_null(out);
    if (expr_to_num(&t, &d) && expr_to_str(ctx, &m, &mod) &&
        reltime_apply(mod.s, mod.len, d, ctx->env->tz, &r, &why))
        expr_set_num(out, r);
    return 0;
}

/* ------------------------------------------------------------ network */

static bool parse_ipv4(const char *s, size_t len, uint32_t *ip)
{
    uint32_t v = 0;
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part) {
            if (i >= len || s[i] != '.')
                return false;
            i++;
        }
        size_t start = i;
        unsigned n = 0;
        while (i < len && isdigit((unsigned char)s[i]) && i - start < 3)
            n = n * 10 + (unsigned)(s[i++] - '0');
        if (i == start || n > 255)
            return false;
        v = v << 8 | n;
    }
    *ip = v;
    return i == len;
}

/* cidrmatch("a.b.c.d/n", ip): IPv4 only */
static int f_cidrmatch(expr_ctx *ctx, const spl_expr *c, spl_value *out)
{
    spl_value cv, iv;
    sv cidr;
    if (arg(ctx, c, 0, &cv) < 0 || arg(ctx, c, 1, &iv) < 0)
        return -1;
    expr_set_bool(out, false);
    if (!expr_to_str(ctx, &cv, &cidr))
        return 0;
    const char *slash = memchr(cidr.s, '/', cidr.len);
    size_t alen = slash ? (size_t)(slash - cidr.s) : cidr.len;
    uint32_t net, ip;
    unsigned bits = 32;
    if (!parse_ipv4(cidr.s, alen, &net))
        return 0;
    if (slash) {
        size_t i = alen + 1;
        if (i >= cidr.len || cidr.len - i > 2)
            return 0;
        bits = 0;
        for (; i < cidr.len; i++) {
            if (!isdigit((unsigned char)cidr.s[i]))
                return 0;
            bits = bits * 10 + (unsigned)(cidr.s[i] - '0');
        }
        if (bits > 32)
            return 0;
    }
    uint32_t mask = bits ? 0xFFFFFFFFu << (32 - bits) : 0;
    for (size_t i = 0; i < expr_nvalues(&iv); i++) {
        spl_value x;
        sv s;
        expr_value_at(&iv, i, &x);
        if (expr_to_str(ctx, &x, &s) && parse_ipv4(s.s, s.len, &ip) && (ip & mask) == (net & mask)) {
            expr_set_bool(out, true);
            return 0;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- table */

static const expr_func funcs[] = {
    {"abs", 1, 1, -1, f_abs},
    {"case", 2, ANY, -1, f_case},
    {"ceil", 1, 1, -1, f_ceil},
    {"ceiling", 1, 1, -1, f_ceil},
    {"cidrmatch", 2, 2, -1, f_cidrmatch},
    {"coalesce", 1, ANY, -1, f_coalesce},
    {"exp", 1, 1, -1, f_exp},
    {"false", 0, 0, -1, f_false},
    {"floor", 1, 1, -1, f_floor},
    {"if", 3, 3, -1, f_if},
    {"in", 2, ANY, -1, f_in},
    {"isnotnull", 1, 1, -1, f_isnotnull},
    {"isnull", 1, 1, -1, f_isnull},
    {"isnum", 1, 1, -1, f_isnum},
    {"isstr", 1, 1, -1, f_isstr},
    {"len", 1, 1, -1, f_len},
    {"like", 2, 2, -1, f_like},
    {"ln", 1, 1, -1, f_ln},
    {"log", 1, 2, -1, f_log},
    {"lower", 1, 1, -1, f_lower},
    {"ltrim", 1, 2, -1, f_ltrim},
    {"match", 2, 2, 1, f_match},
    {"max", 1, ANY, -1, f_max},
    {"min", 1, ANY, -1, f_min},
    {"mvappend", 1, ANY, -1, f_mvappend},
    {"mvcount", 1, 1, -1, f_mvcount},
    {"mvindex", 2, 3, -1, f_mvindex},
    {"mvjoin", 2, 2, -1, f_mvjoin},
    {"now", 0, 0, -1, f_now},
    {"null", 0, 0, -1, f_null},
    {"pow", 2, 2, -1, f_pow},
    {"relative_time", 2, 2, -1, f_relative_time},
    {"replace", 3, 3, 1, f_replace},
    {"round", 1, 2, -1, f_round},
    {"rtrim", 1, 2, -1, f_rtrim},
    {"split", 2, 2, -1, f_split},
    {"sqrt", 1, 1, -1, f_sqrt},
    {"strftime", 2, 2, -1, f_strftime},
    {"strptime", 2, 2, -1, f_strptime},
    {"substr", 2, 3, -1, f_substr},
    {"tonumber", 1, 2, -1, f_tonumber},
    {"tostring", 1, 2, -1, f_tostring},
    {"trim", 1, 2, -1, f_trim},
    {"true", 0, 0, -1, f_true},
    {"typeof", 1, 1, -1, f_typeof},
    {"upper", 1, 1, -1, f_upper},
};

const expr_func *expr_func_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strlen(funcs[i].name) == len && strncasecmp(funcs[i].name, name, len) == 0)
            return &funcs[i];
    return NULL;
}

const char *spl_eval_function_name(size_t i)
{
    return i < sizeof funcs / sizeof funcs[0] ? funcs[i].name : NULL;
}
