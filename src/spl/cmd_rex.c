/* cmd_rex.c - rex: extract fields with a PCRE2 regular expression whose named
 * groups (?<name>...) become fields. field= picks the input (default _raw, first
 * value); max_match=N (0 = unlimited) repeats the match and makes fields multivalue.
 * The match data is allocated once per stage. */
#include "spl_private.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

enum { MAX_MATCHES = 1000 };  /* cap for max_match=0 */

/* One named group. */
typedef struct rex_group {
    const char *name;   /* plan arena */
    uint32_t number;
} rex_group;

typedef struct rex_state {
    const char *field;
    size_t max_match;
    pcre2_code *code;
    pcre2_match_data *md;
    rex_group *groups;  /* plan arena */
    size_t ngroups;
    bool warned;        /* a match error was reported once */
} rex_state;

static int cmp_group_number(const void *a, const void *b)
{
    const rex_group *x = a, *y = b;
    return (x->number > y->number) - (x->number < y->number);
}

/* rex -> [field=F] [max_match=N] "regex" (options in any order) */
static int rex_parse(spl_stage *st, spl_parser *ps)
{
    rex_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    s->field = "_raw";
    s->max_match = 1;
    const spl_tok *re = NULL;
    static const char *const opts[] = {"field", "max_match", NULL};
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        int o = spl_option(ps, opts, &val);
        if (o == 0) {
            s->field = val->text;
            continue;
        }
        if (o == 1) {
            double d;
            if (!num_parse(val->text, val->len, &d) || !(d >= 0 && d <= 1e9) || d != (double)(long long)d)
                return spl_fail(ps, val->off, "whole number expected for 'max_match', got '%s'",
                                val->text);
            s->max_match = d == 0 || d > MAX_MATCHES ? MAX_MATCHES : (size_t)d;
            continue;
        }
        const spl_tok *t = spl_peek(ps);
        if (t->kind != TK_STRING || re)
            return spl_fail_arg(ps, t);
        re = t;
        spl_next(ps);
    }
    if (!re)
        return spl_fail(ps, spl_peek(ps)->off, "quoted regular expression expected in 'rex'");
    int errcode;
    PCRE2_SIZE erroff;
    s->code = pcre2_compile((PCRE2_SPTR)re->text, re->len, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                            &errcode, &erroff, NULL);
    if (!s->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return spl_fail(ps, re->off, "bad regular expression in 'rex': %s (at offset %zu)",
                        (const char *)msg, (size_t)erroff);
    }
    s->md = pcre2_match_data_create_from_pattern(s->code, NULL);
    uint32_t count = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(s->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(s->code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(s->code, PCRE2_INFO_NAMETABLE, &table);
    if (count == 0)
        return spl_fail(ps, re->off, "the 'rex' expression has no named group (?<name>...)");
    s->groups = arena_alloc(&ps->plan->mem, count * sizeof *s->groups);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry;
        s->groups[i].number = ((uint32_t)e[0] << 8) | e[1];
        s->groups[i].name = (const char *)(e + 2);
        s->groups[i].name = spl_pstrdup(ps, s->groups[i].name, strlen(s->groups[i].name));
    }
    s->ngroups = count;
    /* Fields appear in the order the groups are written, not the name table's. */
    qsort(s->groups, count, sizeof *s->groups, cmp_group_number);
    for (uint32_t i = 0; i < count; i++)
        spl_columns_add(ps->plan, s->groups[i].name);
    return 0;
}

static void rex_push(spl_stage *st, record *r)
{
    rex_state *s = st->state;
    const sv *in = record_value(r, s->field);
    if (!in) {
        spl_stage_emit(st, r);
        return;
    }
    /* The input may be the field we are about to set: match a stable copy. */
    const char *subject = in->s;
    size_t len = in->len;
    bool copied = false;
    for (size_t g = 0; g < s->ngroups; g++)
        if (strcmp(s->groups[g].name, s->field) == 0)
            copied = true;
    if (copied)
        subject = record_strdup(r, in->s, in->len);
    PCRE2_SIZE start = 0;
    for (size_t m = 0; m < s->max_match && start <= len; m++) {
        int rc = pcre2_match(s->code, (PCRE2_SPTR)subject, len, start, 0, s->md, NULL);
        if (rc < 0) {
            if (rc != PCRE2_ERROR_NOMATCH && !s->warned) {
                PCRE2_UCHAR msg[256];
                pcre2_get_error_message(rc, msg, sizeof msg);
                tr_warn("rex: %s", (const char *)msg);
                s->warned = true;
            }
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        uint32_t npairs = pcre2_get_ovector_count(s->md);
        for (size_t g = 0; g < s->ngroups; g++) {
            uint32_t k = s->groups[g].number;
            if (k >= npairs || ov[2 * k] == PCRE2_UNSET)
                continue;
            const char *v = subject + ov[2 * k];
            size_t vl = ov[2 * k + 1] - ov[2 * k];
            if (m == 0)
                record_set(r, s->groups[g].name, v, vl);
            else
                record_add(r, s->groups[g].name, v, vl);
        }
        if (ov[1] == ov[0]) {
            if (ov[1] >= len)
                break;
            start = ov[1] + 1;
        } else {
            start = ov[1];
        }
    }
    spl_stage_emit(st, r);
}

static void rex_free(spl_stage *st)
{
    rex_state *s = st->state;
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_code_free(s->code);
    free(s);
}

const spl_cmd spl_cmd_rex = {
    .name = "rex", .parse = rex_parse, .push = rex_push, .free = rex_free,
};
