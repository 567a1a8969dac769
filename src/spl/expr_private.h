/* expr_private.h - internals shared by the eval expression modules: the tree node
 * (expr.c parses and evaluates it), the evaluation context, value coercions, and
 * the function table (expr_funcs.c). Not part of the public SPL interface. */
#ifndef TRAWL_EXPR_PRIVATE_H
#define TRAWL_EXPR_PRIVATE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "expr.h"

/* Deepest tree accepted by the parser; evaluation recursion is bounded by it. */
#define EXPR_MAX_DEPTH 256

/* PCRE2 limits so a hostile pattern or value cannot backtrack for ever. */
#define EXPR_RE_MATCH_LIMIT 1000000
#define EXPR_RE_DEPTH_LIMIT 10000

typedef enum expr_node_kind {
    EN_NUM,     /* numeric literal */
    EN_STR,     /* "string" literal */
    EN_FIELD,   /* field reference, bare or 'quoted' */
    EN_NOT,     /* NOT a */
    EN_NEG,     /* -a */
    EN_BIN,     /* a OP b */
    EN_CALL,    /* name(args) */
} expr_node_kind;

/* Binary operators. ORDER: op_names[] in expr.c follows this list. */
typedef enum expr_op {
    OP_OR, OP_XOR, OP_AND,
    OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE, OP_LIKE,
    OP_ADD, OP_SUB, OP_CAT,
    OP_MUL, OP_DIV, OP_MOD,
} expr_op;

struct expr_func;

struct spl_expr {
    expr_node_kind kind;
    expr_op op;                 /* EN_BIN */
    double num;                 /* EN_NUM */
    char *str;                  /* EN_STR value / EN_FIELD name, malloc'd, NUL-terminated */
    size_t len;                 /* bytes in str */
    spl_expr **args;            /* EN_CALL arguments, EN_BIN/EN_NOT/EN_NEG operands */
    size_t nargs;
    const struct expr_func *fn; /* EN_CALL */
    pcre2_code *re;             /* EN_CALL with a literal regex: compiled once at parse */
    size_t off;                 /* offset of its first token in the search, for messages */
    int depth;                  /* height of this subtree, bounded by EXPR_MAX_DEPTH */
};

/* Everything one evaluation needs; values it builds live in scratch. */
typedef struct expr_ctx {
    const record *r;            /* fields are read from here */
    const spl_env *env;         /* tz and now */
    arena *scratch;             /* computed strings and value arrays */
    tr_error *err;              /* run-time error destination */
} expr_ctx;

/* A function evaluates its own arguments (with expr_eval_node), so if/case/
 * coalesce only evaluate what they need. Returns 0, or -1 with ctx->err. */
typedef int (*expr_fn)(expr_ctx *ctx, const spl_expr *call, spl_value *out);

typedef struct expr_func {
    const char *name;           /* lowercase, as written in SPL */
    size_t min_args;
    size_t max_args;
    int regex_arg;              /* index of a pattern argument compiled at parse, or -1 */
    expr_fn fn;
} expr_func;

/* NULL when name is not an eval function (names are case-sensitive in Splunk;
 * lookup is case-insensitive as Splunk accepts IF() too). */
const expr_func *expr_func_find(const char *name, size_t len);

int expr_eval_node(expr_ctx *ctx, const spl_expr *e, spl_value *out);

/* Coercions. expr_to_num: numbers, numeric strings, single values of a
 * multivalue (first value). expr_to_str: string form (numbers via num_format,
 * booleans "true"/"false"); false for NULL. */
bool expr_to_num(const spl_value *v, double *d);
bool expr_to_str(expr_ctx *ctx, const spl_value *v, sv *out);

/* Number of scalar values in v (0 for NULL) and the i-th as a scalar value. */
size_t expr_nvalues(const spl_value *v);
void expr_value_at(const spl_value *v, size_t i, spl_value *out);

void expr_set_null(spl_value *v);
void expr_set_num(spl_value *v, double d);
void expr_set_bool(spl_value *v, bool b);
void expr_set_str(spl_value *v, const char *s, size_t len);

/* eval's a == b on two scalar values: numbers numerically, else bytewise. */
bool expr_equal(expr_ctx *ctx, const spl_value *a, const spl_value *b);

/* SQL LIKE with % and _ (case-sensitive). */
bool expr_like(sv s, sv pattern);

/* Compiles a pattern with the limits above; NULL with a message in msg. */
pcre2_code *expr_regex_compile(const char *pat, size_t len, char *msg, size_t msgsize);

#endif
