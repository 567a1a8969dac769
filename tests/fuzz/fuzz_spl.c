/* fuzz_spl.c - libFuzzer target for the SPL front end: arbitrary bytes are compiled
 * (with a tiny macro set, so expansion paths run) and, when they compile, two
 * records are pushed through the plan and it is finished. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spl/spl.h"

static const char *const one_arg[] = {"field"};
static const spl_macro macros[] = {
    {"m", 0, NULL, "x=1 OR y=2", NULL},
    {"ctime", 1, one_arg, "convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)", NULL},
    {"loop", 0, NULL, "`loop`", NULL},
    {"filter", 0, NULL, "search *", NULL},
};

static const spl_macro *lookup(void *ctx, const char *name, size_t len, size_t nargs)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++)
        if (strlen(macros[i].name) == len && memcmp(macros[i].name, name, len) == 0 &&
            macros[i].nargs == nargs)
            return &macros[i];
    return NULL;
}

static void sink_row(spl_sink *self, const record *r)
{
    (void)self;
    (void)r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    spl_env env = {.lookup_macro = lookup, .now = 1700000000};
    spl_sink sink = {.row = sink_row};
    tr_error err;
    spl_plan *p = spl_compile(text, &env, &sink, &err);
    if (p) {
        record r;
        record_init(&r);
        record_set(&r, "_time", "1671551905.325383", 17);
        record_set(&r, "_raw", "<Event>x=1 user=bob</Event>", 27);
        record_set(&r, "x", "1", 1);
        record_add(&r, "tag", "a", 1);
        record_add(&r, "tag", "b", 1);
        spl_plan_push(p, &r);
        record_set(&r, "x", "2", 1);
        record_set(&r, "y", "2", 1);
        spl_plan_push(p, &r);
        spl_plan_finish(p);
        spl_plan_columns(p, NULL);
        record_free(&r);
        spl_plan_free(p);
    }
    free(text);
    return 0;
}
