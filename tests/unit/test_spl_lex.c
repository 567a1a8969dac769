/* test_spl_lex.c - the SPL tokenizer, pipeline splitting and macro expansion:
 * quoting, escapes, columns, macro arguments, nesting, cycles and their messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spl/spl_private.h"

static void test_lex_tokens(void **state)
{
    (void)state;
    const char *src = "a=\"x \\\"y\\\" \\\\z\" b!=2 (c<=3, d>4) e<f g>=h NOT! [";
    arena a;
    arena_init(&a, 1024);
    spl_toks t;
    tr_error err;
    assert_int_equal(spl_lex(src, 0, strlen(src), SPL_LEX_COMMAND, &a, &t, &err), 0);
    const struct { spl_tok_kind k; const char *text; size_t col; } want[] = {
        {TK_WORD, "a", 1}, {TK_EQ, "=", 2}, {TK_STRING, "x \"y\" \\z", 3},
        {TK_WORD, "b", 17}, {TK_NE, "!=", 18}, {TK_WORD, "2", 20}, {TK_LPAREN, "(", 22},
        {TK_WORD, "c", 23}, {TK_LE, "<=", 24}, {TK_WORD, "3", 26}, {TK_COMMA, ",", 27},
        {TK_WORD, "d", 29}, {TK_GT, ">", 30}, {TK_WORD, "4", 31}, {TK_RPAREN, ")", 32},
        {TK_WORD, "e", 34}, {TK_LT, "<", 35}, {TK_WORD, "f", 36}, {TK_WORD, "g", 38},
        {TK_GE, ">=", 39}, {TK_WORD, "h", 41}, {TK_WORD, "NOT!", 43}, {TK_LBRACKET, "[", 48},
        {TK_EOF, "", 49},
    };
    assert_int_equal(t.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t.n; i++) {
        assert_int_equal(t.v[i].kind, want[i].k);
        assert_string_equal(t.v[i].text, want[i].text);
        assert_int_equal(t.v[i].off + 1, want[i].col);
    }
    free(t.v);
    arena_free(&a);
}

static void test_lex_backslashes_kept(void **state)
{
    (void)state;
    /* Only \" and \\ are escapes (and \| in words); other backslashes stay
     * (Windows paths, regexes). Quoted or not, \\ is one backslash. */
    const char *src = "\"c:\\temp\\x.dll\" \"\\d+\" c:\\w *\\\\cmd.exe \"*\\\\cmd.exe\" a\\|b \\\"x";
    arena a;
    arena_init(&a, 1024);
    spl_toks t;
    tr_error err;
    assert_int_equal(spl_lex(src, 0, strlen(src), SPL_LEX_COMMAND, &a, &t, &err), 0);
    assert_int_equal(t.n, 8);
    assert_string_equal(t.v[0].text, "c:\\temp\\x.dll");
    assert_string_equal(t.v[1].text, "\\d+");
    assert_string_equal(t.v[2].text, "c:\\w");
    assert_string_equal(t.v[3].text, "*\\cmd.exe");
    assert_string_equal(t.v[4].text, "*\\cmd.exe");
    assert_string_equal(t.v[5].text, "a|b");
    assert_string_equal(t.v[6].text, "\"x");
    free(t.v);
    arena_free(&a);
}

static void test_lex_expression_mode(void **state)
{
    (void)state;
    const char *src = "x=a.b.\"c\"+'f g'*1.5e3-.5%2 , NOT(y)!=z";
    arena a;
    arena_init(&a, 1024);
    spl_toks t;
    tr_error err;
    assert_int_equal(spl_lex(src, 0, strlen(src), SPL_LEX_EXPR, &a, &t, &err), 0);
    const struct { spl_tok_kind k; const char *text; } want[] = {
        {TK_WORD, "x"}, {TK_EQ, "="}, {TK_WORD, "a.b"}, {TK_DOT, "."}, {TK_STRING, "c"},
        {TK_PLUS, "+"}, {TK_QNAME, "f g"}, {TK_STAR, "*"}, {TK_NUMBER, "1.5e3"},
        {TK_MINUS, "-"}, {TK_NUMBER, ".5"}, {TK_PERCENT, "%"}, {TK_NUMBER, "2"},
        {TK_COMMA, ","}, {TK_WORD, "NOT"}, {TK_LPAREN, "("}, {TK_WORD, "y"},
        {TK_RPAREN, ")"}, {TK_NE, "!="}, {TK_WORD, "z"}, {TK_EOF, ""},
    };
    assert_int_equal(t.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t.n; i++) {
        assert_int_equal(t.v[i].kind, want[i].k);
        assert_string_equal(t.v[i].text, want[i].text);
    }
    free(t.v);
    arena_free(&a);
}

static void test_lex_unterminated(void **state)
{
    (void)state;
    const char *src = "a=\"abc";
    arena a;
    arena_init(&a, 1024);
    spl_toks t;
    tr_error err;
    assert_int_equal(spl_lex(src, 0, strlen(src), SPL_LEX_COMMAND, &a, &t, &err), -1);
    assert_string_equal(err.msg, "unterminated quoted string");
    assert_int_equal(err.column, 3);
    arena_free(&a);
}

static void test_split_pipeline(void **state)
{
    (void)state;
    const char *text = "a \"x|y\" (b|c) [d|e] | stats count|head\\|x";
    size_t *offs;
    size_t n = spl_split_pipeline(text, &offs);
    assert_int_equal(n, 3);
    assert_int_equal(offs[0], 0);
    assert_int_equal(offs[1], 20);
    assert_int_equal(offs[2], 21);
    assert_int_equal(offs[3], 33);
    assert_int_equal(offs[4], 34);
    assert_int_equal(offs[5], strlen(text));   /* an escaped pipe does not split */
    free(offs);
}

/* A small macro table. */
static const char *const one_arg[] = {"field"};
static const char *const two_args[] = {"a", "b"};
static const spl_macro macros[] = {
    {"plain", 0, NULL, "x=1", NULL},
    {"ctime", 1, one_arg, "convert ctime($field$)", NULL},
    {"pair", 2, two_args, "$a$=$b$ $a$", NULL},
    {"nested", 0, NULL, "`plain` `ctime(t)`", NULL},
    {"loop1", 0, NULL, "a `loop2`", NULL},
    {"loop2", 0, NULL, "b `loop3`", NULL},
    {"loop3", 0, NULL, "`loop1`", NULL},
    {"unknown_inside", 0, NULL, "x `nope`", NULL},
    {"deep", 1, one_arg, "`deep($field$x)`", NULL},
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

static const spl_env env = {.lookup_macro = lookup};

static void expect_expand(const char *in, const char *out)
{
    tr_error err;
    char *s = spl_expand_macros(in, &env, &err);
    if (!s)
        fail_msg("%s: %s", in, err.msg);
    assert_string_equal(s, out);
    free(s);
}

/* msg is the message as rendered, with its position. */
static void expect_error(const char *in, const char *msg, long column)
{
    tr_error err;
    memset(&err, 0, sizeof err);
    char *s = spl_expand_macros(in, &env, &err);
    if (s)
        fail_msg("%s expanded to %s", in, s);
    char shown[1024];
    assert_string_equal(tr_error_render(&err, NULL, shown, sizeof shown), msg);
    assert_int_equal(err.column, column);
}

static void test_macro_expand(void **state)
{
    (void)state;
    expect_expand("`plain` y=2", "x=1 y=2");
    expect_expand("a | `ctime(firstTime)`", "a | convert ctime(firstTime)");
    expect_expand("` ctime( lastTime ) `", "convert ctime(lastTime)");
    expect_expand("`pair(k, v)`", "k=v k");
    /* Commas inside quotes and parentheses do not split arguments; quotes stay. */
    expect_expand("`pair(\"a,b\", f(x, y))`", "\"a,b\"=f(x, y) \"a,b\"");
    expect_expand("`nested`", "x=1 convert ctime(t)");
    /* Backticks inside quoted strings are literal. */
    expect_expand("q=\"`plain`\" `plain`", "q=\"`plain`\" x=1");
    expect_expand("q=\"a\\\"`plain`\"", "q=\"a\\\"`plain`\"");
    expect_expand("no macros", "no macros");
    /* ```comments``` become one space, also around macros and inside definitions. */
    expect_expand("a ```x `nope` \"``` b", "a   b");
    expect_expand("a```c```b `plain````c2```", "a b x=1 ");
}

static void test_macro_errors(void **state)
{
    (void)state;
    expect_error("a `nope` b", "unknown macro 'nope' at column 3", 3);
    expect_error("`loop1`", "macro cycle: loop1 -> loop2 -> loop3 -> loop1 at column 1", 1);
    expect_error("`ctime`", "macro 'ctime' expects 1 argument, got 0 at column 1", 1);
    expect_error("x `ctime(a, b)`", "macro 'ctime' expects 1 argument, got 2 at column 3", 3);
    expect_error("`plain", "unterminated macro: '`' expected to close '`' at column 1", 1);
    expect_error("``", "empty macro name at column 1", 1);
    expect_error("x `unknown_inside`",
                 "unknown macro 'nope' at column 3 (in macro 'unknown_inside')", 3);
    /* Splunk macros cannot recurse: the same name again is a cycle whatever the arguments. */
    expect_error("`deep(a)`", "macro cycle: deep -> deep at column 1", 1);
    expect_error("a ```unclosed", "unterminated comment: '```' expected to close '```' at column 3",
                 3);
    expect_error("a\nb `nope`", "unknown macro 'nope' at line 2, column 3", 3);
}

static void test_macro_no_lookup(void **state)
{
    (void)state;
    tr_error err;
    spl_env none = {0};
    assert_null(spl_expand_macros("`x`", &none, &err));
    assert_string_equal(err.msg, "unknown macro 'x'");
    assert_int_equal(err.column, 1);
    char *s = spl_expand_macros("plain text", NULL, &err);
    assert_string_equal(s, "plain text");
    free(s);
}

/* chainN expands to `chainN+1`: 40 distinct macros nested past the limit. */
static char chain_names[41][32], chain_defs[41][40];
static spl_macro chain[41];

static const spl_macro *chain_lookup(void *ctx, const char *name, size_t len, size_t nargs)
{
    (void)ctx;
    for (size_t i = 0; i < 41; i++)
        if (strlen(chain[i].name) == len && memcmp(chain[i].name, name, len) == 0 && nargs == 0)
            return &chain[i];
    return NULL;
}

static void test_macro_depth(void **state)
{
    (void)state;
    for (int i = 0; i < 41; i++) {
        snprintf(chain_names[i], sizeof chain_names[i], "chain%d", i);
        snprintf(chain_defs[i], sizeof chain_defs[i], i < 40 ? "`chain%d`" : "end", i + 1);
        chain[i] = (spl_macro){chain_names[i], 0, NULL, chain_defs[i], NULL};
    }
    spl_env e = {.lookup_macro = chain_lookup};
    tr_error err;
    assert_null(spl_expand_macros("x `chain0`", &e, &err));
    char shown[256];
    assert_string_equal(tr_error_render(&err, NULL, shown, sizeof shown),
                        "macros nested too deeply (more than 32 levels) at column 3 "
                        "(in macro 'chain31')");
    char *s = spl_expand_macros("`chain20`", &e, &err);
    assert_string_equal(s, "end");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lex_tokens),
        cmocka_unit_test(test_lex_backslashes_kept),
        cmocka_unit_test(test_lex_expression_mode),
        cmocka_unit_test(test_lex_unterminated),
        cmocka_unit_test(test_split_pipeline),
        cmocka_unit_test(test_macro_expand),
        cmocka_unit_test(test_macro_errors),
        cmocka_unit_test(test_macro_no_lookup),
        cmocka_unit_test(test_macro_depth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
