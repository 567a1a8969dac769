/* search_pushdown.h - for unit tests and fuzz targets: a search compiled into the
 * pushdown readers are given, with a sink that drops rows. Header-only, as each
 * test is one translation unit. */
#ifndef TRAWL_TEST_SEARCH_PUSHDOWN_H
#define TRAWL_TEST_SEARCH_PUSHDOWN_H

#include "spl/spl.h"

/* Tests every System field the probe captures, so every Data name that can shadow
 * one stops the fast path. */
#define EVERY_SYSTEM_FIELD_SEARCH \
    "EventCode=1 OR Channel=x OR Computer=y OR Name=z OR source=\"WinEventLog:a\""

static void search_pushdown_no_row(spl_sink *s, const record *r)
{
    (void)s;
    (void)r;
}

/* The pushdown of one search, or NULL when it does not compile. The pushdown
 * borrows *plan: free the pushdown, then the plan. */
static inline pushdown *search_pushdown(const char *search, spl_plan **plan)
{
    static spl_sink sink = { search_pushdown_no_row, NULL };
    spl_env env = { 0 };
    tr_error err;
    *plan = spl_compile(search, &env, &sink, &err);
    if (!*plan)
        return NULL;
    pushdown *pd = spl_pushdown_new();
    spl_pushdown_add(pd, *plan);
    return pd;
}

#endif
