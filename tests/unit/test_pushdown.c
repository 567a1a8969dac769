/* test_pushdown.c - the planner's predicate pushdown: which System values the
 * leading search of a plan rejects, with eventtype expansion, three-valued logic
 * (unknown fields let events through), several plans (OR) and overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "spl/spl.h"

static void no_row(spl_sink *s, const record *r)
{
    (void)s;
    (void)r;
}

static spl_sink sink = { no_row, NULL };

static spl_plan *compile(const char *q)
{
    spl_env env = { 0 };
    tr_error err;
    spl_plan *p = spl_compile(q, &env, &sink, &err);
    assert_non_null(p);
    return p;
}

/* System values of a test event. */
static pushdown_sysvals ev(const char *id, const char *channel, const char *computer, const char *prov)
{
    pushdown_sysvals v = { 0 };
    v.eventid = id;
    v.eventid_len = id ? strlen(id) : 0;
    v.channel = channel;
    v.channel_len = channel ? strlen(channel) : 0;
    v.computer = computer;
    v.computer_len = computer ? strlen(computer) : 0;
    v.provider = prov;
    v.provider_len = prov ? strlen(prov) : 0;
    return v;
}

/* One plan's verdict on v. */
static bool keeps(const char *q, pushdown_sysvals v)
{
    spl_plan *p = compile(q);
    pushdown *pd = spl_pushdown_new();
    spl_pushdown_add(pd, p);
    bool r = pushdown_match(pd, &v);
    spl_pushdown_free(pd);
    spl_plan_free(p);
    return r;
}

#define SEED "(eventtype=wineventlog_application OR source=\"XmlWinEventLog:Application\") " \
             "EventCode=2282 | stats count by dest"

static void test_seed_detection(void **state)
{
    (void)state;
    const char *iis = "Microsoft-Windows-IIS-W3SVC-WP";
    assert_true(keeps(SEED, ev("2282", "Application", "web01", iis)));
    assert_false(keeps(SEED, ev("2282", "System", "web01", iis)));      /* channel via eventtype */
    assert_false(keeps(SEED, ev("1000", "Application", "web01", iis))); /* EventCode */
    assert_false(keeps(SEED, ev(NULL, "Application", "web01", iis)));   /* no EventID */
    assert_true(keeps(SEED, ev("02282", "application", "web01", iis))); /* numeric, caseless */
}

static void test_operators(void **state)
{
    (void)state;
    pushdown_sysvals sec = ev("4624", "Security", "DC01", "Microsoft-Windows-Security-Auditing");
    assert_true(keeps("EventCode IN (4624, 4625)", sec));
    assert_false(keeps("EventCode IN (4625, 4634)", sec));
    assert_false(keeps("NOT EventCode=4624", sec));
    assert_true(keeps("EventCode!=4625", sec));
    assert_false(keeps("EventCode>5000", sec));
    assert_true(keeps("Computer=dc* Name=\"*Security*\"", sec));
    assert_false(keeps("host=web*", sec));
    assert_false(keeps("source=\"WinEventLog:System\"", sec));
    assert_true(keeps("source=\"*WinEventLog:Sec*\"", sec));
}

static void test_unknown_lets_through(void **state)
{
    (void)state;
    pushdown_sysvals sec = ev("4624", "Security", "DC01", "x");
    assert_true(keeps("EventCode=1 OR TargetUserName=admin", sec)); /* unknown field */
    assert_true(keeps("EventCode=1 OR mimikatz", sec));             /* bare term on _raw */
    assert_true(keeps("NOT LogonType=3", sec));
    assert_true(keeps("* | where EventCode=1", sec));               /* where: not pushed */
    assert_true(keeps("sourcetype=XmlWinEventLog EventCode=4624", sec));
    assert_false(keeps("sourcetype=XmlWinEventLog EventCode=1", sec));
    assert_false(keeps("eventtype=wineventlog_system", sec));       /* readers set no eventtype */
}

static void test_several_plans_and_overrides(void **state)
{
    (void)state;
    spl_plan *a = compile("EventCode=4624"), *b = compile("EventCode=7045");
    pushdown *pd = spl_pushdown_new();
    assert_false(pushdown_active(pd));          /* no plan: no test */
    spl_pushdown_add(pd, a);
    spl_pushdown_add(pd, b);
    assert_true(pushdown_active(pd));
    pushdown_sysvals v = ev("7045", "System", "h", "p");
    assert_true(pushdown_match(pd, &v));
    v = ev("4625", "Security", "h", "p");
    assert_false(pushdown_match(pd, &v));
    spl_plan *c = compile("* | stats count");       /* needs every event */
    spl_pushdown_add(pd, c);
    assert_false(pushdown_active(pd));
    assert_true(pushdown_match(pd, &v));
    spl_pushdown_free(pd);

    pd = spl_pushdown_new();
    spl_plan *d = compile("source=\"XmlWinEventLog:Security\"");
    spl_pushdown_add(pd, d);
    v = ev("1", "Security", "h", "p");
    v.source = "custom";                            /* --source: tested as given */
    assert_false(pushdown_match(pd, &v));
    v.source = "XmlWinEventLog:Security";
    assert_true(pushdown_match(pd, &v));
    spl_pushdown_free(pd);
    spl_plan_free(a);
    spl_plan_free(b);
    spl_plan_free(c);
    spl_plan_free(d);
}

/* Values not looked at yet (the EVTX fast path tests the EventID first): a test on
 * them is unknown, so only a certain verdict on the rest rejects. */
static void test_values_not_looked_at(void **state)
{
    (void)state;
    pushdown_sysvals v = ev("1000", NULL, NULL, NULL);
    v.unknown = PUSHDOWN_CHANNEL | PUSHDOWN_COMPUTER | PUSHDOWN_PROVIDER;
    assert_false(keeps(SEED, v));                   /* the EventID alone decides */
    v = ev("2282", NULL, NULL, NULL);
    v.unknown = PUSHDOWN_CHANNEL;
    assert_true(keeps(SEED, v));                    /* the channel may still be Application */
    v = ev("4624", NULL, NULL, NULL);
    v.unknown = PUSHDOWN_CHANNEL | PUSHDOWN_COMPUTER;
    assert_true(keeps("NOT Channel=Security EventCode=4624", v));
    assert_true(keeps("Computer=dc01 OR EventCode=1", v));
    assert_false(keeps("Computer=dc01 EventCode=1", v));
    v = ev("4624", "Security", NULL, NULL);         /* known and absent: false as before */
    assert_false(keeps("Computer=dc01", v));

    spl_plan *p = compile(SEED);
    pushdown *pd = spl_pushdown_new();
    spl_pushdown_add(pd, p);
    assert_int_equal(pushdown_needs(pd), PUSHDOWN_EVENTID | PUSHDOWN_CHANNEL);
    spl_pushdown_free(pd);
    spl_plan_free(p);
}

/* pushdown_shadows() of a search's pushdown on a Data name. */
static bool shadows(const char *q, const char *name)
{
    spl_plan *p = compile(q);
    pushdown *pd = spl_pushdown_new();
    spl_pushdown_add(pd, p);
    bool r = pushdown_shadows(pd, name, strlen(name));
    spl_pushdown_free(pd);
    spl_plan_free(p);
    return r;
}

/* Only names of fields the search decides on shadow, cleaned as winevent cleans
 * them; source and sourcetype are decided on the Channel. */
static void test_shadowed_names(void **state)
{
    (void)state;
    assert_true(shadows(SEED, "EventCode"));
    assert_true(shadows(SEED, "EventID"));
    assert_true(shadows(SEED, "signature_id"));
    assert_true(shadows(SEED, "signature-id"));      /* cleaned: signature_id */
    assert_false(shadows(SEED, "event-id"));         /* event_id is the record number */
    assert_true(shadows(SEED, "__EventCode"));
    assert_true(shadows(SEED, "2 EventCode"));       /* leading digits and spaces go */
    assert_true(shadows(SEED, "Channel"));           /* source is the channel's */
    assert_true(shadows(SEED, "sourcetype"));
    assert_false(shadows(SEED, "Event Code"));       /* Event_Code */
    assert_false(shadows(SEED, "Name"));             /* the provider is not tested */
    assert_false(shadows(SEED, "Computer"));
    assert_false(shadows(SEED, "ModuleDll"));
    assert_false(shadows(SEED, "eventtype"));
    assert_false(shadows(SEED, ""));
    assert_false(shadows(SEED, "\xc3\x89ventCode"));
    assert_false(shadows("EventCode=4624", "Channel"));
    assert_true(shadows("Name=Microsoft-Windows-Sysmon", "Name"));
    assert_true(shadows("dvc=dc01", "__Computer"));
    assert_true(shadows("dvc=dc01", "host"));
    assert_false(shadows("dvc=dc01", "EventCode"));
    assert_false(shadows("dest=dc01", "Computer"));  /* dest is computed, not tested */
    assert_false(pushdown_shadows(NULL, "EventCode", 9));

    pushdown *a = spl_pushdown_new(), *b = spl_pushdown_new();
    assert_int_not_equal(pushdown_id(a), pushdown_id(b));
    assert_int_not_equal(pushdown_id(a), 0);
    spl_pushdown_free(a);
    spl_pushdown_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_detection),
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_unknown_lets_through),
        cmocka_unit_test(test_several_plans_and_overrides),
        cmocka_unit_test(test_values_not_looked_at),
        cmocka_unit_test(test_shadowed_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
