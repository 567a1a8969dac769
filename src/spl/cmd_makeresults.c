/* cmd_makeresults.c - makeresults: generates count= results (default 1) stamped
 * with the run's start time; annotate=true adds Splunk's other columns (_raw,
 * host, source, sourcetype and splunk_server_group are empty, splunk_server is
 * "local"). It must open the search (`| makeresults`) and reads no input. */
#include "spl_private.h"

#include <math.h>
#include <string.h>

#include "../util/num.h"
#include "../util/xmalloc.h"

enum { MAKERESULTS_MAX = 1000000 };   /* results one makeresults may generate */

typedef struct makeresults_state {
    size_t count;
    bool annotate;
    record out;
} makeresults_state;

static const char *const makeresults_opts[] = {"count", "annotate", NULL};

/* makeresults -> [count=N] [annotate=BOOL] */
static int makeresults_parse(spl_stage *st, spl_parser *ps)
{
    makeresults_state *s = xcalloc(1, sizeof *s);
    st->state = s;
    record_init(&s->out);
    s->count = 1;
    if (st->index != 0)
        return spl_fail(ps, ps->args_off - strlen(ps->cmd_name), "'makeresults' must be the "
                        "first command of the search ('| makeresults')");
    while (!spl_at_end(ps)) {
        const spl_tok *val;
        int k = spl_option(ps, makeresults_opts, &val);
        double d;
        if (k == 0) {
            if (!num_parse(val->text, val->len, &d) || d < 1 || d > MAKERESULTS_MAX ||
                d != floor(d))
                return spl_fail(ps, val->off, "whole number from 1 to %d expected for 'count', "
                                "got '%s'", MAKERESULTS_MAX, val->text);
            s->count = (size_t)d;
        } else if (k == 1) {
            if (!spl_parse_bool(val, &s->annotate))
                return spl_fail(ps, val->off, "true or false expected for 'annotate'");
        } else {
            return spl_fail_arg(ps, spl_peek(ps));
        }
    }
    static const char *const plain[] = {"_time"};
    static const char *const annotated[] = {"_raw", "_time", "host", "source", "sourcetype",
                                            "splunk_server", "splunk_server_group"};
    if (s->annotate)
        spl_columns_set(ps->plan, annotated, sizeof annotated / sizeof annotated[0]);
    else
        spl_columns_set(ps->plan, plain, 1);
    ps->plan->done = true;   /* no input is needed */
    return 0;
}

static void makeresults_push(spl_stage *st, record *r)
{
    (void)st;
    (void)r;   /* generating: input events are not its business */
}

static void makeresults_finish(spl_stage *st)
{
    makeresults_state *s = st->state;
    char buf[64];
    size_t n = num_format(floor(st->plan->env.now), buf, sizeof buf);
    for (size_t i = 0; i < s->count; i++) {
        record_clear(&s->out);
        record_set(&s->out, "_time", buf, n);
        if (s->annotate)
            record_set(&s->out, "splunk_server", "local", 5);
        spl_stage_emit(st, &s->out);
    }
}

static void makeresults_free(spl_stage *st)
{
    makeresults_state *s = st->state;
    if (!s)
        return;
    record_free(&s->out);
    free(s);
}

/* It reads no event field. */
static int makeresults_fields_read(const spl_stage *st, projection *proj)
{
    (void)st;
    (void)proj;
    return SPL_READS_END;
}

/* Its results come in an order of its own. */
static unsigned makeresults_order(const spl_stage *st)
{
    (void)st;
    return SPL_ORDER_RESETS;
}

const spl_cmd spl_cmd_makeresults = {
    .name = "makeresults", .parse = makeresults_parse, .push = makeresults_push,
    .finish = makeresults_finish, .free = makeresults_free,
    .fields_read = makeresults_fields_read, .order = makeresults_order, .transforming = true,
};
