/* test_expr.c - the eval expression language as a table: expression, expected
 * value (typed: "n:" number, "s:" string, "b:" boolean, "mv:" values joined by
 * '|', "null"), evaluated against one fixed record; then parse errors with their
 * exact messages and columns, limits, and storing values into records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spl/expr.h"
#include "util/num.h"

static void fill(record *r)
{
    record_init(r);
    record_set(r, "a", "abc", 3);
    record_set(r, "n", "42", 2);
    record_set(r, "f", "3.5", 3);
    record_set(r, "neg", "-7", 2);
    record_add(r, "mv", "x", 1);
    record_add(r, "mv", "y", 1);
    record_add(r, "mv", "Z", 1);
    record_add(r, "nums", "1", 1);
    record_add(r, "nums", "20", 2);
    record_add(r, "nums", "3", 1);
    record_set(r, "ip", "10.1.2.3", 8);
    record_set(r, "empty", "", 0);
    record_set(r, "t", "1671551905.325383", 17);
    record_set(r, "hello", "Hello World", 11);
    record_set(r, "sp", "  pad \t", 7);
    record_set(r, "path", "c:\\temp\\msf.dll", 15);
    record_set(r, "dotted.name", "dv", 2);
    record_set(r, "odd name", "q", 1);
    record_set(r, "and", "lower-and", 9);
    record_set(r, "hexs", "ff", 2);
    record_set(r, "ten", "10", 2);
    record_set(r, "nine", "9", 1);
}

static void render(const spl_value *v, char *buf, size_t size)
{
    char nb[64];
    switch (v->kind) {
    case SPL_NULL:
        snprintf(buf, size, "null");
        break;
    case SPL_NUM:
        num_format(v->num, nb, sizeof nb);
        snprintf(buf, size, "n:%s", nb);
        break;
    case SPL_BOOL:
        snprintf(buf, size, "b:%s", v->num ? "true" : "false");
        break;
    case SPL_STR:
        snprintf(buf, size, "s:%.*s", (int)v->str.len, v->str.s);
        break;
    case SPL_MV: {
        size_t k = (size_t)snprintf(buf, size, "mv:");
        for (size_t i = 0; i < v->nmv && k < size; i++)
            k += (size_t)snprintf(buf + k, size - k, "%s%.*s", i ? "|" : "", (int)v->mv[i].len,
                                  v->mv[i].s);
        break;
    }
    }
}

static const struct {
    const char *expr;
    const char *want;
} cases[] = {
    /* literals and fields */
    {"1", "n:1"},
    {"1.5e2", "n:150"},
    {".5", "n:0.5"},
    {"\"a \\\"q\\\" \\\\ \\d\"", "s:a \"q\" \\ \\d"},
    {"a", "s:abc"},
    {"'odd name'", "s:q"},
    {"dotted.name", "s:dv"},
    {"missing", "null"},
    {"mv", "mv:x|y|Z"},
    {"'and'", "s:lower-and"},   /* an operator keyword names a field only quoted */
    {"path", "s:c:\\temp\\msf.dll"},
    /* arithmetic and precedence */
    {"1+2*3", "n:7"},
    {"(1+2)*3", "n:9"},
    {"10-4-3", "n:3"},
    {"2*-3", "n:-6"},
    {"-n+1", "n:-41"},
    {"7/2", "n:3.5"},
    {"7%3", "n:1"},
    {"n/0", "null"},
    {"n+f", "n:45.5"},
    {"n*missing", "null"},
    {"\"a\"+\"b\"", "s:ab"},
    {"a+1", "null"},
    {"a.\"-\".n", "s:abc-42"},
    {"a . 1 + 2", "null"},
    {"a . (1 + 2)", "s:abc3"},
    {"1 + 2 . a", "s:3abc"},
    {"a.missing", "null"},
    {"f*2", "n:7"},
    /* comparisons */
    {"n=42", "b:true"},
    {"n==42.0", "b:true"},
    {"n!=42", "b:false"},
    {"ten>nine", "b:true"},
    {"\"10\">\"9\"", "b:true"},
    {"a<\"abd\"", "b:true"},
    {"a=\"ABC\"", "b:false"},
    {"a>=\"abc\"", "b:true"},
    {"neg<=-7", "b:true"},
    {"missing=1", "null"},
    {"mv=\"y\"", "b:true"},
    {"mv=\"q\"", "b:false"},
    {"mv!=\"x\"", "b:true"},
    {"nums>10", "b:true"},
    {"a LIKE \"a%\"", "b:true"},
    {"a LIKE \"_b_\"", "b:true"},
    {"a LIKE \"b%\"", "b:false"},
    {"path LIKE \"%.dll\"", "b:true"},
    /* keywords in any case; like() and in() as functions; IN lists */
    {"n=42 and a=\"abc\"", "b:true"},
    {"n=1 or not a=\"x\"", "b:true"},
    {"a like \"a%\"", "b:true"},
    {"LIKE(a, \"a%\")", "b:true"},
    {"like(a, \"x%\")", "b:false"},
    {"a IN (\"x\", \"abc\")", "b:true"},
    {"a in (\"x\", \"ABC\")", "b:false"},
    {"n IN (1, 42.0)", "b:true"},
    {"mv IN (\"Z\")", "b:true"},
    {"NOT a IN (\"abc\")", "b:false"},
    {"missing IN (1)", "null"},
    {"in(a, \"q\", \"abc\")", "b:true"},
    {"if(n IN (1, 2), 1, 0) + 1", "n:1"},
    /* logic, with three-valued nulls */
    {"n=42 AND a=\"abc\"", "b:true"},
    {"n=1 OR a=\"abc\"", "b:true"},
    {"NOT n=42", "b:false"},
    {"NOT NOT n=42", "b:true"},
    {"n=42 XOR a=\"abc\"", "b:false"},
    {"n=1 XOR a=\"abc\"", "b:true"},
    {"n=1 OR n=2 AND n=42", "b:false"},
    {"(n=1 OR n=2) AND n=42", "b:false"},
    {"n=42 OR n=2 AND n=1", "b:true"},
    {"missing=1 OR n=42", "b:true"},
    {"missing=1 AND n=1", "b:false"},
    {"missing=1 AND n=42", "null"},
    {"NOT missing=1", "null"},
    {"NOT 1+1=2", "b:false"},
    /* conditionals */
    {"if(n>10, \"big\", \"small\")", "s:big"},
    {"if(missing=1, \"y\", \"n\")", "s:n"},
    {"IF(n<10, 1, 2)", "n:2"},
    {"case(n=1, \"one\", n=42, \"answer\", true(), \"other\")", "s:answer"},
    {"case(n=1, \"one\")", "null"},
    {"coalesce(missing, null(), a, n)", "s:abc"},
    {"coalesce(missing)", "null"},
    {"isnull(missing)", "b:true"},
    {"isnull(empty)", "b:false"},
    {"isnotnull(a)", "b:true"},
    {"null()", "null"},
    {"true()", "b:true"},
    {"false()", "b:false"},
    {"isnum(n)", "b:true"},
    {"isnum(a)", "b:false"},
    {"isstr(a)", "b:true"},
    {"isstr(n)", "b:false"},
    {"typeof(n)", "s:Number"},
    {"typeof(a)", "s:String"},
    {"typeof(n=1)", "s:Boolean"},
    {"typeof(missing)", "s:Invalid"},
    /* strings */
    {"len(a)", "n:3"},
    {"len(\"h\xc3\xa9!\")", "n:3"},
    {"len(missing)", "null"},
    {"lower(hello)", "s:hello world"},
    {"upper(hello)", "s:HELLO WORLD"},
    {"upper(mv)", "mv:X|Y|Z"},
    {"substr(hello, 1, 5)", "s:Hello"},
    {"substr(hello, 7)", "s:World"},
    {"substr(hello, -5)", "s:World"},
    {"substr(hello, -5, 2)", "s:Wo"},
    {"substr(hello, 20)", "s:"},
    {"substr(\"h\xc3\xa9llo\", 2, 2)", "s:\xc3\xa9l"},
    {"trim(sp)", "s:pad"},
    {"ltrim(sp)", "s:pad \t"},
    {"rtrim(sp)", "s:  pad"},
    {"trim(\"xxhixx\", \"x\")", "s:hi"},
    {"ltrim(\"--a-\", \"-\")", "s:a-"},
    {"replace(path, \"\\\\\\\\\", \"/\")", "s:c:/temp/msf.dll"},
    {"replace(\"2022-12-20\", \"(\\d+)-(\\d+)-(\\d+)\", \"\\3/\\2/\\1\")", "s:20/12/2022"},
    {"replace(a, \"\", \"-\")", "s:-a-b-c-"},
    {"replace(mv, \"[xy]\", \"_\")", "mv:_|_|Z"},
    {"replace(a, \"Q\" . \"\", \"z\")", "s:abc"},
    {"replace(a, \"(\" . \"\", \"z\")", "null"},
    {"match(path, \"\\.dll$\")", "b:true"},
    {"match(path, \"^msf\")", "b:false"},
    {"match(mv, \"Z\")", "b:true"},
    {"match(missing, \"x\")", "null"},
    {"like(a, \"%c\")", "b:true"},
    {"like(a, \"%C\")", "b:false"},
    {"split(\"a,b,,c\", \",\")", "mv:a|b||c"},
    {"split(\"ab\", \"\")", "mv:a|b"},
    {"split(\"abc\", \"::\")", "s:abc"},
    /* multivalue */
    {"mvcount(mv)", "n:3"},
    {"mvcount(a)", "n:1"},
    {"mvcount(missing)", "null"},
    {"mvindex(mv, 0)", "s:x"},
    {"mvindex(mv, -1)", "s:Z"},
    {"mvindex(mv, 1, 2)", "mv:y|Z"},
    {"mvindex(mv, 0, 10)", "mv:x|y|Z"},
    {"mvindex(mv, 5)", "null"},
    {"mvjoin(mv, \";\")", "s:x;y;Z"},
    {"mvjoin(split(\"1 2\", \" \"), \"+\")", "s:1+2"},
    {"mvappend(a, missing, mv, 5)", "mv:abc|x|y|Z|5"},
    {"min(3, 1, 2)", "n:1"},
    {"max(3, \"10\", 2)", "n:10"},
    {"max(1, \"abc\")", "s:abc"},
    {"min(nums)", "n:1"},
    {"max(nums)", "n:20"},
    {"min(\"b\", \"a\")", "s:a"},
    /* numbers */
    {"tonumber(\"12\")", "n:12"},
    {"tonumber(\"1.5\") + 1", "n:2.5"},
    {"tonumber(a)", "null"},
    {"tonumber(hexs, 16)", "n:255"},
    {"tonumber(\"101\", 2)", "n:5"},
    {"tonumber(\"12\", 1)", "null"},
    {"tostring(42)", "s:42"},
    {"tostring(1/4)", "s:0.25"},
    {"tostring(255, \"hex\")", "s:0xFF"},
    {"tostring(1234567.891, \"commas\")", "s:1,234,567.89"},
    {"tostring(1234, \"commas\")", "s:1,234"},
    {"tostring(615, \"duration\")", "s:00:10:15"},
    {"tostring(90061, \"duration\")", "s:1+01:01:01"},
    {"tostring(n=42)", "s:True"},
    {"tostring(missing)", "null"},
    {"round(3.14159, 2)", "n:3.14"},
    {"round(2.5)", "n:3"},
    {"round(-2.5)", "n:-3"},
    {"abs(neg)", "n:7"},
    {"floor(f)", "n:3"},
    {"ceil(f)", "n:4"},
    {"ceiling(-3.5)", "n:-3"},
    {"pow(2, 10)", "n:1024"},
    {"sqrt(16)", "n:4"},
    {"sqrt(-1)", "null"},
    {"exp(0)", "n:1"},
    {"ln(1)", "n:0"},
    {"log(1000)", "n:3"},
    {"log(8, 2)", "n:3"},
    {"abs(a)", "null"},
    /* time */
    {"strftime(t, \"%Y-%m-%dT%H:%M:%S\")", "s:2022-12-20T15:58:25"},
    {"strftime(t, \"%H:%M:%S.%3N %Z\")", "s:15:58:25.325 UTC"},
    {"strftime(a, \"%Y\")", "null"},
    {"strptime(\"2022-12-20 15:58:25\", \"%Y-%m-%d %H:%M:%S\")", "n:1671551905"},
    {"strptime(\"junk\", \"%Y\")", "null"},
    {"now()", "n:1700000000"},
    /* network */
    {"cidrmatch(\"10.0.0.0/8\", ip)", "b:true"},
    {"cidrmatch(\"10.1.2.0/24\", ip)", "b:true"},
    {"cidrmatch(\"192.168.0.0/16\", ip)", "b:false"},
    {"cidrmatch(\"10.1.2.3\", ip)", "b:true"},
    {"cidrmatch(\"0.0.0.0/0\", \"1.2.3.4\")", "b:true"},
    {"cidrmatch(\"10.0.0.0/8\", a)", "b:false"},
};

static void test_eval_table(void **state)
{
    (void)state;
    record r;
    fill(&r);
    arena scratch;
    arena_init(&scratch, 4096);
    spl_env env = {.now = 1700000000};
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tr_error err;
        memset(&err, 0, sizeof err);
        spl_expr *e = spl_expr_parse(cases[i].expr, strlen(cases[i].expr), false, NULL, &err);
        if (!e) {
            fprintf(stderr, "parse failed: %s: %s\n", cases[i].expr, err.msg);
            failures++;
            continue;
        }
        spl_value v;
        char got[512];
        if (spl_expr_eval(e, &r, &env, &scratch, &v, &err) < 0)
            snprintf(got, sizeof got, "error: %.400s", err.msg);
        else
            render(&v, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0) {
            fprintf(stderr, "%s: got [%s], want [%s]\n", cases[i].expr, got, cases[i].want);
            failures++;
        }
        spl_expr_free(e);
        arena_reset(&scratch);
    }
    arena_free(&scratch);
    record_free(&r);
    assert_int_equal(failures, 0);
}

/* Errors: the message, and the column (in the expression) it points at. */
static const struct {
    const char *expr;
    const char *msg;
    long column;
} bad[] = {
    {"foo(1)", "unsupported SPL function 'foo'", 1},
    {"1 + mvfilter(x)", "unsupported SPL function 'mvfilter'", 5},
    {"(1 + 2", "')' expected to close '(' at column 1, got end of command", 7},
    {"if(a, b, c", "')' expected to close '(' at column 3, got end of command", 11},
    {"if(a, b c)", "')' expected to close '(' at column 3, got 'c'", 9},
    {"1 +", "expected an expression, found end of expression", 4},
    {"a b", "unexpected 'b' after expression", 3},
    {"\"abc", "unterminated quoted string", 1},
    {"  'abc", "unterminated quoted string", 3},
    {"if(1, 2)", "function 'if' takes 3 arguments, got 2", 1},
    {"substr(a)", "function 'substr' takes 2 to 3 arguments, got 1", 1},
    {"coalesce()", "function 'coalesce' takes at least 1 argument, got 0", 1},
    {"case(1, 2, 3)", "function 'case' takes condition/value pairs", 1},
    {"match(a, \"(\")", "invalid regex in match(): missing closing parenthesis at offset 1", 10},
    {"a ! b", "unexpected '!' after expression", 3},
    {"a, b", "unexpected ',' after expression", 2},
    {"", "expected an expression, found end of expression", 1},
    {"x = and b", "expected an expression, found 'and'", 5},
    {"1 AND", "expected an expression, found end of expression", 6},
    {"x IN ()", "IN needs at least one value", 8},
    {"x in (1, 2", "')' expected to close '(' at column 6, got end of command", 11},
};

static void test_parse_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tr_error err;
        memset(&err, 0, sizeof err);
        spl_expr *e = spl_expr_parse(bad[i].expr, strlen(bad[i].expr), false, NULL, &err);
        if (e)
            fprintf(stderr, "unexpected success: %s\n", bad[i].expr);
        assert_null(e);
        if (strcmp(err.msg, bad[i].msg) != 0 || err.column != bad[i].column)
            fprintf(stderr, "%s: got [%s] at %ld\n", bad[i].expr, err.msg, err.column);
        assert_string_equal(err.msg, bad[i].msg);
        assert_int_equal(err.column, bad[i].column);
    }
}

static void test_stop_at_comma(void **state)
{
    (void)state;
    const char *src = "if(a=1, \"x,y\", 2) , b=3";
    size_t used = 0;
    tr_error err;
    spl_expr *e = spl_expr_parse(src, strlen(src), true, &used, &err);
    assert_non_null(e);
    assert_int_equal(used, 18);
    spl_expr_free(e);
    e = spl_expr_parse("n+1", 3, true, &used, &err);
    assert_non_null(e);
    assert_int_equal(used, 3);
    spl_expr_free(e);
}

static void test_depth_limits(void **state)
{
    (void)state;
    tr_error err;
    size_t n = 100000;
    char *s = malloc(2 * n + 2);
    /* Deep nesting by parentheses, by unary minus, by a long chain. */
    memset(s, '(', n);
    s[n] = '1';
    memset(s + n + 1, ')', n);
    assert_null(spl_expr_parse(s, 2 * n + 1, false, NULL, &err));
    /* The 256th '(' opens the 257th level; its contents start at column 257. */
    assert_string_equal(err.msg, "expression nested too deeply");
    assert_int_equal(err.column, 257);
    memset(s, '-', n);
    s[n] = 'a';
    assert_null(spl_expr_parse(s, n + 1, false, NULL, &err));
    for (size_t i = 0; i < n; i++)
        s[2 * i] = '1', s[2 * i + 1] = '+';
    s[2 * n - 1] = '1';
    assert_null(spl_expr_parse(s, 2 * n, false, NULL, &err));
    assert_non_null(strstr(err.msg, "expression nested too deeply"));
    /* Deep but within the limit still works. */
    for (size_t i = 0; i < 199; i++)
        s[2 * i] = '1', s[2 * i + 1] = '+';
    s[398] = '1';
    spl_expr *e = spl_expr_parse(s, 399, false, NULL, &err);
    assert_non_null(e);
    arena a;
    arena_init(&a, 1024);
    spl_value v;
    assert_int_equal(spl_expr_eval(e, NULL, NULL, &a, &v, &err), 0);
    assert_int_equal(v.kind, SPL_NUM);
    assert_true(v.num == 200);
    spl_expr_free(e);
    arena_free(&a);
    free(s);
}

static void test_catastrophic_regex(void **state)
{
    (void)state;
    record r;
    record_init(&r);
    char val[64];
    memset(val, 'a', sizeof val - 1);
    val[sizeof val - 1] = '!';
    record_set(&r, "s", val, sizeof val);
    const char *src = "match(s, \"^(a+)+$\")";
    tr_error err;
    spl_expr *e = spl_expr_parse(src, strlen(src), false, NULL, &err);
    assert_non_null(e);
    arena a;
    arena_init(&a, 1024);
    spl_value v;
    assert_int_equal(spl_expr_eval(e, &r, NULL, &a, &v, &err), 0);
    assert_int_equal(v.kind, SPL_BOOL);
    assert_true(v.num == 0);
    spl_expr_free(e);
    arena_free(&a);
    record_free(&r);
}

static void test_truthy_and_store(void **state)
{
    (void)state;
    spl_value v = {.kind = SPL_STR, .str = {"", 0}};
    assert_false(spl_value_truthy(&v));
    v.str = (sv){"x", 1};
    assert_true(spl_value_truthy(&v));
    v = (spl_value){.kind = SPL_NUM, .num = 0};
    assert_false(spl_value_truthy(&v));
    v.num = 2;
    assert_true(spl_value_truthy(&v));
    v = (spl_value){.kind = SPL_NULL};
    assert_false(spl_value_truthy(&v));
    v = (spl_value){.kind = SPL_BOOL, .num = 1};
    assert_true(spl_value_truthy(&v));

    record r;
    fill(&r);
    v = (spl_value){.kind = SPL_NUM, .num = 2.5};
    spl_value_store(&r, "x", &v);
    assert_string_equal(record_value(&r, "x")->s, "2.5");
    v = (spl_value){.kind = SPL_NULL};
    spl_value_store(&r, "x", &v);
    assert_null(record_get(&r, "x"));
    /* eval mv=mvindex(mv, 1, 2): the value points into the field it replaces. */
    const char *src = "mvindex(mv, 1, 2)";
    tr_error err;
    spl_expr *e = spl_expr_parse(src, strlen(src), false, NULL, &err);
    arena a;
    arena_init(&a, 1024);
    assert_int_equal(spl_expr_eval(e, &r, NULL, &a, &v, &err), 0);
    spl_value_store(&r, "mv", &v);
    field *f = record_get(&r, "mv");
    assert_int_equal(f->nvalues, 2);
    assert_string_equal(f->values[0].s, "y");
    assert_string_equal(f->values[1].s, "Z");
    /* eval a=a."!" reads and writes the same field. */
    spl_expr_free(e);
    src = "a.\"!\"";
    e = spl_expr_parse(src, strlen(src), false, NULL, &err);
    assert_int_equal(spl_expr_eval(e, &r, NULL, &a, &v, &err), 0);
    spl_value_store(&r, "a", &v);
    assert_string_equal(record_value(&r, "a")->s, "abc!");
    spl_expr_free(e);
    arena_free(&a);
    record_free(&r);
}

static void test_strftime_zone(void **state)
{
    (void)state;
    record r;
    fill(&r);
    const char *src = "strftime(t, \"%Y-%m-%dT%H:%M:%S%z\")";
    tr_error err;
    spl_expr *e = spl_expr_parse(src, strlen(src), false, NULL, &err);
    arena a;
    arena_init(&a, 1024);
    spl_env env = {.tz = "Europe/Paris"};
    spl_value v;
    assert_int_equal(spl_expr_eval(e, &r, &env, &a, &v, &err), 0);
    assert_int_equal(v.kind, SPL_STR);
    assert_int_equal(v.str.len, strlen("2022-12-20T16:58:25+0100"));
    assert_memory_equal(v.str.s, "2022-12-20T16:58:25+0100", v.str.len);
    spl_expr_free(e);
    arena_free(&a);
    record_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_table),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_stop_at_comma),
        cmocka_unit_test(test_depth_limits),
        cmocka_unit_test(test_catastrophic_regex),
        cmocka_unit_test(test_truthy_and_store),
        cmocka_unit_test(test_strftime_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
