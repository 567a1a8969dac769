/* cmd_bin.c - bin and bucket (two names of one command): puts a field's values
 * into bins. A time span floors epoch values to the start of their bin (on _time
 * a bare number is seconds too); a bare number span on another field gives the
 * bin as "lo-hi", as Splunk writes numeric bins. Without span=, bins=N (default
 * 100) and minspan= choose the span from the range of the data, so the records
 * are held (spl_hold.c) until the end of input. Values that are not numbers are
 * left as they are. */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/reltime.h"
#include "../util/xmalloc.h"
#include "spl_binspan.h"
#include "spl_hold.h"

enum { BINS_DEFAULT = 100 };   /* [discretize] maxbins in Splunk's limits.conf */

typedef struct bin_state {
    const char *field;   /* the field binned (plan arena) */
    const char *as;      /* where the bin goes: field unless AS names another */
    spl_binspan span;    /* span= or, in auto mode, the span chosen at finish */
    bool auto_span;      /* no span=: chosen from the data (bins=, minspan=) */
    size_t bins;         /* bins= */
    double minspan;      /* minspan= in seconds, 0 none */
    bool has_start, has_end;
    double start, end;   /* start=, end=: widen the range auto mode sees */
    bool seen;           /* auto mode: lo and hi hold a value */
    double lo, hi;       /* auto mode: range of the numeric values */
    spl_hold hold;       /* auto mode: the records until the end of input */
    record row;          /* auto mode: a record being replayed */
    arena scratch;       /* per-record value text */
} bin_state;

static const char *const bin_opts[] = {"span", "bins", "minspan", "aligntime", "start", "end",
                                       NULL};

static int bad_number(spl_parser *ps, const spl_tok *val, const char *key, const char *what)
{
    return spl_fail(ps, val->off, "%s expected for '%s' in '%s', got '%s'", what, key,
                    ps->cmd_name, val->text);
}

/* aligntime=<epoch> | <relative modifier>, taken against the run's start time. */
static int parse_align(spl_parser *ps, const spl_tok *val, bin_state *b)
{
    double d;
    const char *why;
    if (spl_tok_is(val, "earliest") || spl_tok_is(val, "latest"))
        return spl_fail(ps, val->off, "aligntime=%s needs the search's time range, which "
                        "trawl does not have: give a time such as @d+3h", val->text);
    if (num_parse(val->text, val->len, &d)) {
        b->span.align = d;
    } else if (reltime_apply(val->text, val->len, ps->plan->env.now, ps->plan->env.tz, &d,
                             &why)) {
        b->span.align = d;
    } else {
        return spl_fail(ps, val->off, "invalid aligntime '%s': %s", val->text, why);
    }
    b->span.aligned = true;
    return 0;
}

/* bin -> {option} field [AS name] {option}
 * option -> span=SPAN | bins=N | minspan=SPAN | aligntime=TIME | start=N | end=N */
static int bin_parse(spl_stage *st, spl_parser *ps)
{
    bin_state *b = xcalloc(1, sizeof *b);
    st->state = b;
    arena_init(&b->scratch, 1024);
    record_init(&b->row);
    bool has_span = false;
    const spl_tok *align = NULL;
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        int k = spl_option(ps, bin_opts, &val);
        const char *why;
        double d;
        if (k == 0 || k == 2) {
            spl_binspan sp;
            if (!spl_binspan_parse(val->text, val->len, &sp, &why))
                return spl_fail(ps, val->off, "invalid %s '%s' in '%s': %s", bin_opts[k],
                                val->text, ps->cmd_name, why);
            if (k == 0) {
                b->span = sp;
                has_span = true;
            } else {
                b->minspan = spl_binspan_seconds(&sp);
            }
        } else if (k == 1) {
            if (!num_parse(val->text, val->len, &d) || d < 1 || d > 1e6 || d != floor(d))
                return bad_number(ps, val, "bins", "a whole number from 1");
            b->bins = (size_t)d;
        } else if (k == 3) {
            align = val;
        } else if (k == 4 || k == 5) {
            if (!num_parse(val->text, val->len, &d))
                return bad_number(ps, val, bin_opts[k], "a number");
            *(k == 4 ? &b->start : &b->end) = d;
            *(k == 4 ? &b->has_start : &b->has_end) = true;
        } else if (spl_tok_is(spl_peek(ps), "as") && b->field) {
            spl_next(ps);
            if (!(b->as = spl_field_name(ps, "name after 'as'")))
                return -1;
        } else if (!b->field && (spl_peek(ps)->kind == TK_WORD || spl_peek(ps)->kind == TK_STRING) &&
                   (spl_peek(ps) + 1)->kind != TK_EQ) {
            b->field = spl_next(ps)->text;
        } else {
            return spl_fail_arg(ps, spl_peek(ps));
        }
    }
    if (!b->field)
        return spl_fail_expected(ps, spl_peek(ps), "field name");
    if (!b->as)
        b->as = b->field;
    bool on_time = strcmp(b->field, "_time") == 0;
    if (has_span && on_time && !b->span.is_time)
        b->span = (spl_binspan){.is_time = true, .unit = RELTIME_SEC, .n = b->span.n};
    if (align && parse_align(ps, align, b) < 0)
        return -1;
    b->auto_span = !has_span;
    if (!b->bins)
        b->bins = BINS_DEFAULT;
    if (b->auto_span) {
        b->span.is_time = on_time || b->minspan > 0;
        spl_hold_init(&b->hold, ps->plan, ps->cmd_name);
    }
    spl_columns_add(ps->plan, b->as);
    return 0;
}

/* The text of the bin holding v. */
static sv bin_text(bin_state *b, double v, const char *tz)
{
    char lo[64], hi[64];
    double start = spl_binspan_floor(&b->span, v, tz);
    size_t n = num_format(start, lo, sizeof lo);
    if (!b->span.is_time) {
        size_t m = num_format(start + b->span.n, hi, sizeof hi);
        char *s = arena_alloc(&b->scratch, n + m + 2);
        snprintf(s, n + m + 2, "%s-%s", lo, hi);
        return (sv){s, n + m + 1};
    }
    return (sv){arena_strndup(&b->scratch, lo, n), n};
}

static void apply(spl_stage *st, record *r)
{
    bin_state *b = st->state;
    const field *f = record_get(r, b->field);
    if (!f || f->nvalues == 0)
        return;
    arena_reset(&b->scratch);
    sv *vals = arena_alloc(&b->scratch, f->nvalues * sizeof *vals);
    for (uint32_t i = 0; i < f->nvalues; i++) {
        double d;
        if (num_parse(f->values[i].s, f->values[i].len, &d) && isfinite(d))
            vals[i] = bin_text(b, d, st->plan->env.tz);
        else   /* copied: setting the field below replaces the values it points into */
            vals[i] = (sv){arena_strndup(&b->scratch, f->values[i].s, f->values[i].len),
                           f->values[i].len};
    }
    record_set_mv(r, b->as, vals, f->nvalues);
}

static void bin_push(spl_stage *st, record *r)
{
    bin_state *b = st->state;
    if (!b->auto_span) {
        apply(st, r);
        spl_stage_emit(st, r);
        return;
    }
    const field *f = record_get(r, b->field);
    for (uint32_t i = 0; f && i < f->nvalues; i++) {
        double d;
        if (!num_parse(f->values[i].s, f->values[i].len, &d) || !isfinite(d))
            continue;
        if (!b->seen || d < b->lo)
            b->lo = d;
        if (!b->seen || d > b->hi)
            b->hi = d;
        b->seen = true;
    }
    spl_hold_add(&b->hold, r);
}

static void bin_finish(spl_stage *st)
{
    bin_state *b = st->state;
    if (!b->auto_span)
        return;
    double lo = b->lo, hi = b->hi;
    if (b->has_start && (!b->seen || b->start < lo))
        lo = b->start;
    if (b->has_end && (!b->seen || b->end > hi))
        hi = b->end;
    spl_binspan chosen;
    spl_binspan_auto(lo, hi, b->bins, b->minspan, b->span.is_time, &chosen);
    chosen.aligned = b->span.aligned;
    chosen.align = b->span.align;
    b->span = chosen;
    while (spl_hold_next(&b->hold, &b->row)) {
        apply(st, &b->row);
        spl_stage_emit(st, &b->row);
    }
}

static void bin_free(spl_stage *st)
{
    bin_state *b = st->state;
    if (!b)
        return;
    if (b->auto_span)
        spl_hold_free(&b->hold);
    record_free(&b->row);
    arena_free(&b->scratch);
    free(b);
}

static int bin_fields_read(const spl_stage *st, projection *proj)
{
    const bin_state *b = st->state;
    projection_want(proj, b->field, strlen(b->field));
    return SPL_READS_PASS;
}

const spl_cmd spl_cmd_bin = {
    .name = "bin", .parse = bin_parse, .push = bin_push, .finish = bin_finish,
    .free = bin_free, .fields_read = bin_fields_read,
};

const spl_cmd spl_cmd_bucket = {
    .name = "bucket", .parse = bin_parse, .push = bin_push, .finish = bin_finish,
    .free = bin_free, .fields_read = bin_fields_read,
};
