/* spl_commands.h - the SPL commands trawl runs: one row each, the only list of them.
 * X(name, symbol): `name` as written in a search, `symbol` names its table row
 * spl_cmd_<symbol>, defined in the command's own cmd_*.c. Adding a command is one
 * row here and one file; the parser's table, the declarations and the check of
 * docs/spl.md (tests/unit/test_spl_docs.c) all come from this list. */
#ifndef TRAWL_SPL_COMMANDS_H
#define TRAWL_SPL_COMMANDS_H

#define SPL_COMMANDS(X)          \
    X("search", search)          \
    X("where", where)            \
    X("eval", eval)              \
    X("stats", stats)            \
    X("rename", rename)          \
    X("table", table)            \
    X("fields", fields)          \
    X("convert", convert)        \
    X("sort", sort)              \
    X("head", head)              \
    X("dedup", dedup)            \
    X("rex", rex)                \
    X("fillnull", fillnull)      \
    X("tstats", tstats)          \
    X("bin", bin)                \
    X("bucket", bucket)          \
    X("eventstats", eventstats)  \
    X("streamstats", streamstats)  \
    X("foreach", foreach)        \
    X("top", top)                \
    X("rare", rare)              \
    X("addtotals", addtotals)    \
    X("makeresults", makeresults)  \
    X("timechart", timechart)    \
    X("transaction", transaction)  \
    X("datamodel", datamodel)    \
    X("from", from)

#endif
