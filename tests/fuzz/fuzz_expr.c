/* fuzz_expr.c - libFuzzer target for SPL eval expressions: arbitrary bytes go to
 * spl_expr_parse (both comma modes); every successful parse is evaluated against
 * a small fixed record and the result stored back, as eval would. */
#include <stdint.h>
#include <string.h>

#include "spl/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    static bool ready;
    static record base;
    if (!ready) {
        record_init(&base);
        record_set(&base, "a", "abc", 3);
        record_set(&base, "n", "42", 2);
        record_set(&base, "t", "1671551905.325383", 17);
        record_set(&base, "ip", "10.1.2.3", 8);
        record_add(&base, "mv", "x", 1);
        record_add(&base, "mv", "20", 2);
        record_add(&base, "mv", "", 0);
        ready = true;
    }
    record r;
    record_init(&r);
    record_copy(&r, &base);
    arena scratch;
    arena_init(&scratch, 4096);
    spl_env env = {.tz = (size & 1) ? "Europe/Paris" : NULL, .now = 1700000000};
    for (int mode = 0; mode < 2; mode++) {
        tr_error err;
        size_t used = 0;
        spl_expr *e = spl_expr_parse((const char *)data, size, mode == 1,
                                     mode == 1 ? &used : NULL, &err);
        if (!e)
            continue;
        if (used > size)
            __builtin_trap();
        spl_value v;
        if (spl_expr_eval(e, &r, &env, &scratch, &v, &err) == 0) {
            (void)spl_value_truthy(&v);
            spl_value_store(&r, mode ? "mv" : "out", &v);
        }
        spl_expr_free(e);
        arena_reset(&scratch);
    }
    arena_free(&scratch);
    record_free(&r);
    return 0;
}
