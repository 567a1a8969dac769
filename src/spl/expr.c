/* expr.c - SPL eval expressions (stub while the full implementation lands). */
#include "expr.h"

#include <stdlib.h>

struct spl_expr {
    int unused; /* placeholder */
};

spl_expr *spl_expr_parse(const char *src, size_t len, size_t col0, bool stop_at_comma,
                         size_t *consumed, tr_error *err)
{
    tr_error_set(err, "eval expressions are not implemented yet at column %zu", col0);
    return NULL;
}

void spl_expr_free(spl_expr *e)
{
    free(e);
}

int spl_expr_eval(const spl_expr *e, const record *r, const spl_env *env, arena *scratch,
                  spl_value *out, tr_error *err)
{
    out->kind = SPL_NULL;
    return 0;
}

bool spl_value_truthy(const spl_value *v)
{
    return false;
}

void spl_value_store(record *r, const char *name, const spl_value *v)
{
    record_remove(r, name);
}
