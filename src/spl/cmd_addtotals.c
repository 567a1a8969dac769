/* cmd_addtotals.c - addtotals: row=true (the default) adds to each event the sum
 * of the numbers in its listed fields (wildcards allowed; all fields when none are
 * listed, except those starting with '_'), named Total unless fieldname= says
 * otherwise; col=true appends one row holding each such field's sum over all
 * events, labelled through labelfield= and label=. Values that are not numbers
 * add nothing; an event without any number gets no total. */
#include "spl_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"
#include "search_expr.h"

enum { MAX_FIELDS = 256 };   /* fields and patterns in the list */

/* One column total. */
typedef struct coltotal {
    char *name;          /* malloc'd */
    double sum;
} coltotal;

typedef struct addtotals_state {
    const char **fields;     /* the field list (plan arena); none: every field */
    size_t nfields;
    bool row, col;
    const char *fieldname;   /* the row total's field */
    const char *labelfield;  /* col=true: where the label goes, NULL: nowhere */
    const char *label;
    coltotal *cols;          /* col=true: sums in order of first sight (malloc'd) */
    size_t ncols, cols_cap;
    record out;              /* the column-total row */
} addtotals_state;

static const char *const addtotals_opts[] = {"row", "col", "fieldname", "labelfield", "label",
                                             NULL};

/* addtotals -> {option | field [,]} */
static int addtotals_parse(spl_stage *st, spl_parser *ps)
{
    addtotals_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    record_init(&s->out);
    s->row = true;
    s->fieldname = "Total";
    s->label = "Total";
    s->fields = arena_alloc(&ps->plan->mem, MAX_FIELDS * sizeof *s->fields);
    while (!spl_at_end(ps)) {
        const spl_tok *val, *t = spl_peek(ps);
        int k = spl_option(ps, addtotals_opts, &val);
        if (k == 0 || k == 1) {
            if (!spl_parse_bool(val, k == 0 ? &s->row : &s->col))
                return spl_fail(ps, val->off, "true or false expected for '%s'",
                                addtotals_opts[k]);
        } else if (k >= 2) {
            if (val->len == 0 && k != 4)
                return spl_fail(ps, val->off, "'%s' cannot be empty", addtotals_opts[k]);
            *(k == 2 ? &s->fieldname : k == 3 ? &s->labelfield : &s->label) = val->text;
        } else if (t->kind == TK_COMMA) {
            spl_next(ps);
        } else if ((t->kind == TK_WORD || t->kind == TK_STRING) && (t + 1)->kind != TK_EQ) {
            if (s->nfields == MAX_FIELDS)
                return spl_fail(ps, t->off, "too many fields (at most %d)", MAX_FIELDS);
            s->fields[s->nfields++] = t->text;
            spl_next(ps);
        } else {
            return spl_fail_arg(ps, t);
        }
    }
    if (s->row)
        spl_columns_add(ps->plan, s->fieldname);
    if (s->col && s->labelfield)
        spl_columns_add(ps->plan, s->labelfield);
    return 0;
}

/* True when the listed fields take name. */
static bool listed(const addtotals_state *s, const char *name, size_t len)
{
    if (s->nfields == 0)
        return name[0] != '_';
    for (size_t i = 0; i < s->nfields; i++)
        if (search_glob(s->fields[i], strlen(s->fields[i]), name, len, false))
            return true;
    return false;
}

/* Sum of the numbers in f; false when it holds none. */
static bool field_sum(const field *f, double *sum)
{
    bool any = false;
    *sum = 0;
    for (uint32_t k = 0; k < f->nvalues; k++) {
        double d;
        if (num_parse(f->values[k].s, f->values[k].len, &d) && isfinite(d)) {
            *sum += d;
            any = true;
        }
    }
    return any;
}

static void add_col(addtotals_state *s, const char *name, double v)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (strcmp(s->cols[i].name, name) == 0) {
            s->cols[i].sum += v;
            return;
        }
    }
    XGROW(s->cols, s->cols_cap, s->ncols + 1);
    s->cols[s->ncols++] = (coltotal){xstrdup(name), v};
}

static void addtotals_push(spl_stage *st, record *r)
{
    addtotals_state *s = st->state;
    if (s->row) {
        double total = 0, v;
        bool any = false;
        for (size_t i = 0; i < r->nfields; i++) {
            const field *f = &r->fields[i];
            if (strcmp(f->name, s->fieldname) != 0 && listed(s, f->name, f->name_len) &&
                field_sum(f, &v)) {
                total += v;
                any = true;
            }
        }
        if (any) {
            char buf[64];
            size_t n = num_format(total, buf, sizeof buf);
            record_set(r, s->fieldname, buf, n);
        }
    }
    if (s->col) {
        double v;
        for (size_t i = 0; i < r->nfields; i++) {
            const field *f = &r->fields[i];
            if (listed(s, f->name, f->name_len) && field_sum(f, &v))
                add_col(s, f->name, v);
        }
    }
    spl_stage_emit(st, r);
}

static void addtotals_finish(spl_stage *st)
{
    addtotals_state *s = st->state;
    if (!s->col)
        return;
    record_clear(&s->out);
    for (size_t i = 0; i < s->ncols; i++) {
        char buf[64];
        size_t n = num_format(s->cols[i].sum, buf, sizeof buf);
        record_set(&s->out, s->cols[i].name, buf, n);
    }
    if (s->labelfield)
        record_set(&s->out, s->labelfield, s->label, strlen(s->label));
    spl_stage_emit(st, &s->out);
}

static void addtotals_free(spl_stage *st)
{
    addtotals_state *s = st->state;
    if (!s)
        return;
    for (size_t i = 0; i < s->ncols; i++)
        free(s->cols[i].name);
    free(s->cols);
    record_free(&s->out);
    free(s);
}

/* Listed fields without wildcards can be named; otherwise every field is read. */
static int addtotals_fields_read(const spl_stage *st, projection *proj)
{
    const addtotals_state *s = st->state;
    if (s->nfields == 0)
        return SPL_READS_UNLISTED;
    for (size_t i = 0; i < s->nfields; i++)
        projection_want(proj, s->fields[i], strlen(s->fields[i]));
    return SPL_READS_PASS;
}

const spl_cmd spl_cmd_addtotals = {
    .name = "addtotals", .parse = addtotals_parse, .push = addtotals_push,
    .finish = addtotals_finish, .free = addtotals_free, .fields_read = addtotals_fields_read,
};
