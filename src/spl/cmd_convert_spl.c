/* cmd_convert_spl.c - SPL's convert command (not `trawl convert`, cli/cmd_convert.c):
 * value conversions per field, ctime (epoch -> text with timeformat, in the run's
 * time zone), mktime (text -> epoch), num, auto and none. Without AS the field is
 * converted in place; with AS a new field gets the result. */
#include "spl_private.h"

#include <string.h>
#include <strings.h>

#include "../util/num.h"
#include "../util/timefmt.h"
#include "../util/xmalloc.h"

typedef enum conv_kind { CV_CTIME, CV_MKTIME, CV_NUM, CV_AUTO, CV_NONE } conv_kind;

/* The conversion functions as data. */
static const struct {
    const char *name;
    conv_kind kind;
} convs[] = {
    {"ctime", CV_CTIME}, {"mktime", CV_MKTIME}, {"num", CV_NUM}, {"auto", CV_AUTO},
    {"none", CV_NONE},
};

typedef struct conversion {
    conv_kind kind;
    const char *field;   /* input field */
    const char *out;     /* output field (== field when converting in place) */
} conversion;

typedef struct convert_state {
    conversion *v;       /* plan arena */
    size_t n;
    const char *timeformat;
    sv *vals;            /* scratch values of one field (malloc'd) */
    size_t vcap;
    arena scratch;       /* converted text of one field */
} convert_state;

/* convert -> [timeformat=STR] FUNC '(' field ')' [AS name] {[,] ...} */
static int convert_parse(spl_stage *st, spl_parser *ps)
{
    convert_state *s = xcalloc(1, sizeof *s);
    arena_init(&s->scratch, 1024);
    st->state = s;
    s->timeformat = "%m/%d/%Y %H:%M:%S";
    static const char *const opts[] = {"timeformat", NULL};
    size_t cap = 0;
    conversion *tmp = NULL;
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        if (spl_option(ps, opts, &val) == 0) {
            s->timeformat = val->text;
            continue;
        }
        const spl_tok *t = spl_peek(ps);
        if (t->kind == TK_COMMA && s->n) {
            spl_next(ps);
            continue;
        }
        size_t ci = sizeof convs / sizeof convs[0];
        if (t->kind == TK_WORD)
            for (ci = 0; ci < sizeof convs / sizeof convs[0]; ci++)
                if (strcasecmp(convs[ci].name, t->text) == 0)
                    break;
        if (ci == sizeof convs / sizeof convs[0] ||
            ps->toks.v[ps->pos + 1].kind != TK_LPAREN) {
            free(tmp);
            return spl_fail_arg(ps, t);
        }
        spl_next(ps);
        spl_next(ps);
        const spl_tok *ft = spl_peek(ps);
        const char *f = spl_field_name(ps, "field name");
        if (!f)
            return free(tmp), -1;
        if (strchr(f, '*'))
            return free(tmp), spl_fail(ps, ft->off,
                                       "unsupported argument '%s' to 'convert' (wildcard fields)", f);
        if (spl_peek(ps)->kind != TK_RPAREN)
            return free(tmp), spl_fail_expected(ps, spl_peek(ps), "')'");
        spl_next(ps);
        const char *out = f;
        if (spl_tok_is(spl_peek(ps), "as")) {
            spl_next(ps);
            out = spl_field_name(ps, "new field name after 'AS'");
            if (!out)
                return free(tmp), -1;
            spl_columns_add(ps->plan, out);
        }
        XGROW(tmp, cap, s->n + 1);
        tmp[s->n++] = (conversion){convs[ci].kind, f, out};
    }
    if (s->n == 0)
        return spl_fail_expected(ps, spl_peek(ps), "conversion function");
    s->v = arena_alloc(&ps->plan->mem, s->n * sizeof *s->v);
    memcpy(s->v, tmp, s->n * sizeof *s->v);
    free(tmp);
    return 0;
}

/* Converts one value; false drops it (num on text). */
static bool convert_value(convert_state *s, const spl_env *env, conv_kind k, sv *v)
{
    double d;
    char buf[256];
    size_t n;
    switch (k) {
    case CV_CTIME:
        if (!num_parse(v->s, v->len, &d))
            return true;
        n = timefmt_format(d, s->timeformat, env->tz, buf, sizeof buf);
        break;
    case CV_MKTIME:
        if (!timefmt_parse(v->s, v->len, s->timeformat, env->tz, &d))
            return true;
        n = num_format(d, buf, sizeof buf);
        break;
    case CV_NUM:
    case CV_AUTO:
        if (!num_parse(v->s, v->len, &d))
            return k == CV_AUTO;
        n = num_format(d, buf, sizeof buf);
        break;
    default:
        return true;
    }
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    v->s = arena_strndup(&s->scratch, buf, n);
    v->len = n;
    return true;
}

static void convert_push(spl_stage *st, record *r)
{
    convert_state *s = st->state;
    for (size_t i = 0; i < s->n; i++) {
        const conversion *c = &s->v[i];
        const field *f = record_get(r, c->field);
        if (!f)
            continue;
        arena_reset(&s->scratch);
        XGROW(s->vals, s->vcap, f->nvalues);
        size_t n = 0;
        for (uint32_t k = 0; k < f->nvalues; k++) {
            s->vals[n] = f->values[k];
            if (convert_value(s, &st->plan->env, c->kind, &s->vals[n]))
                n++;
        }
        record_set_mv(r, c->out, s->vals, n);
    }
    spl_stage_emit(st, r);
}

static void convert_free(spl_stage *st)
{
    convert_state *s = st->state;
    if (!s)
        return;
    free(s->vals);
    arena_free(&s->scratch);
    free(s);
}

const spl_cmd spl_cmd_convert = {
    .name = "convert", .parse = convert_parse, .push = convert_push, .free = convert_free,
};
