/* test_content.c - detection content: the built-in pack field by field, Splunk's
 * own security_content directory, the rba: schema, macro overrides (--macro,
 * macros.conf, YAML lists), replacement order, filter-macro defaults and the
 * file:line error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "content/content.h"
#include "content/content_private.h"
#include "../support/shared_data.h"

#define SC "../shared/security_content"
#define DATA "tests/data/content"

static const char seed_slug[] = "windows_iis_components_module_failed_to_load";
static const char seed_search[] =
    "`wineventlog_application` EventCode=2282 | stats count min(_time) as firstTime "
    "max(_time) as lastTime by EventCode dest Name ModuleDll | "
    "`security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | "
    "`windows_iis_components_module_failed_to_load_filter`";

static const spl_macro *lookup(content *c, const char *name, size_t nargs)
{
    return content_lookup_macro(c, name, strlen(name), nargs);
}

static void load_builtin(content *c)
{
    tr_error err = { 0 };
    content_init(c);
    assert_int_equal(content_load_builtin(c, &err), 0);
}

static void test_builtin_seed_detection(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    const detection *d = content_find_detection(&c, seed_slug);
    assert_non_null(d);
    assert_string_equal(d->slug, seed_slug);
    assert_string_equal(d->id, "40c2ba5b-dd6a-496b-9e6e-c9524d0be167");
    assert_string_equal(d->name, "Windows IIS Components Module Failed to Load");
    assert_string_equal(d->type, "Anomaly");
    assert_string_equal(d->search, seed_search);
    assert_non_null(d->description);
    assert_true(strstr(d->description, "2282") != NULL);
    assert_int_equal(d->risk_score, 25);
    assert_string_equal(d->risk_message,
                        "A new IIS Module has been loaded and should be reviewed on $dest$.");
    assert_int_equal(d->nrisk_objects, 1);
    assert_string_equal(d->risk_objects[0].field, "dest");
    assert_string_equal(d->risk_objects[0].type, "system");
    assert_int_equal(d->risk_objects[0].score, 25);
    assert_int_equal(d->nmitre_attack, 2);
    assert_string_equal(d->mitre_attack[0], "T1505");
    assert_string_equal(d->mitre_attack[1], "T1505.004");
    assert_int_equal(d->nstories, 1);
    assert_string_equal(d->stories[0], "IIS Components");
    assert_int_equal(d->ntests, 2);
    assert_string_equal(d->tests[0].name, "True Positive Test");
    assert_false(d->tests[0].expect_no_results);
    assert_string_equal(d->tests[1].name, "Negative Test (other IIS module events)");
    assert_true(d->tests[1].expect_no_results);
    assert_int_equal(d->tests[0].nattack_data, 1);
    assert_string_equal(d->tests[0].attack_data[0].data,
                        "examples/iis/2282_windows-application.log");
    assert_string_equal(d->tests[0].attack_data[0].source, "XmlWinEventLog:Application");
    assert_string_equal(d->tests[0].attack_data[0].sourcetype, "XmlWinEventLog");
    assert_string_equal(d->origin,
                        "builtin:detections/windows_iis_components_module_failed_to_load.yml");
    /* found by name (any case) and by id too */
    assert_ptr_equal(content_find_detection(&c, "windows iis components module FAILED to load"), d);
    assert_ptr_equal(content_find_detection(&c, "40C2BA5B-DD6A-496B-9E6E-C9524D0BE167"), d);
    assert_null(content_find_detection(&c, "no_such_detection"));

    const story *s = content_find_story(&c, "iis components");
    assert_non_null(s);
    assert_string_equal(s->name, "IIS Components");
    assert_non_null(s->description);
    assert_string_equal(s->origin, "builtin:stories/iis_components.yml");
    content_free(&c);
}

static void test_builtin_macros(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    const spl_macro *m = lookup(&c, "wineventlog_application", 0);
    assert_non_null(m);
    assert_string_equal(m->definition,
                        "eventtype=wineventlog_application OR source=\"XmlWinEventLog:Application\"");
    assert_string_equal(m->origin, "builtin:macros/wineventlog_application.yml:1");
    m = lookup(&c, "security_content_ctime", 1);
    assert_non_null(m);
    assert_int_equal(m->nargs, 1);
    assert_string_equal(m->args[0], "field");
    assert_string_equal(m->definition, "convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)");
    assert_null(lookup(&c, "security_content_ctime", 0));
    assert_null(lookup(&c, "security_content_ctime", 2));
    m = lookup(&c, "windows_iis_components_module_failed_to_load_filter", 0);
    assert_non_null(m);
    assert_string_equal(m->definition, "search *");
    m = lookup(&c, "drop_dm_object_name", 1);
    assert_non_null(m);
    assert_string_equal(m->definition, "rename $field$.* as *");
    assert_non_null(lookup(&c, "wineventlog_security", 0));
    assert_non_null(lookup(&c, "wineventlog_system", 0));
    assert_non_null(lookup(&c, "security_content_summariesonly", 0));
    /* name_len is honoured: the name need not be NUL-terminated */
    assert_ptr_equal(content_lookup_macro(&c, "wineventlog_systemXYZ", 18, 0),
                     lookup(&c, "wineventlog_system", 0));
    content_free(&c);
}

static void test_security_content_dir(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    tr_error err = { 0 };
    clock_t t0 = clock();
    int rc = content_load_path(&c, SC, &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (rc < 0)
        fail_msg("%s", err.msg);
    assert_true(secs < 10.0);   /* < 2 s in a release build; sanitizers are slower */
    assert_true(c.ndetections >= 1711);
    assert_true(c.nmacros >= 189);
    assert_true(c.nstories >= 200);

    /* Splunk's seed detection replaced the built-in one (same slug) */
    const detection *d = content_find_detection(&c, seed_slug);
    assert_non_null(d);
    assert_string_equal(d->origin,
                        SC "/detections/endpoint/windows_iis_components_module_failed_to_load.yml");
    assert_string_equal(d->id, "40c2ba5b-dd6a-496b-9e6e-c9524d0be167");
    assert_string_equal(d->type, "Anomaly");
    assert_string_equal(d->search,
                        "`wineventlog_application` EventCode=2282 | stats  count min(_time) as "
                        "firstTime max(_time) as lastTime by  EventCode dest Name ModuleDll | "
                        "`security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` "
                        "| `windows_iis_components_module_failed_to_load_filter`");
    assert_int_equal(d->risk_score, 25);
    assert_string_equal(d->risk_message,
                        "A new IIS Module has been loaded and should be reviewed on $dest$.");
    assert_int_equal(d->nrisk_objects, 1);
    assert_string_equal(d->risk_objects[0].field, "dest");
    assert_string_equal(d->risk_objects[0].type, "system");
    assert_int_equal(d->nmitre_attack, 2);
    assert_string_equal(d->mitre_attack[1], "T1505.004");
    assert_int_equal(d->nstories, 1);
    assert_string_equal(d->stories[0], "IIS Components");
    assert_int_equal(d->ntests, 1);
    assert_string_equal(d->tests[0].attack_data[0].data,
                        "https://media.githubusercontent.com/media/splunk/attack_data/master/"
                        "datasets/attack_techniques/T1505.004/2282_windows-application.log");
    /* only one detection with that slug after the replacement */
    size_t n = 0;
    for (size_t i = 0; i < c.ndetections; i++)
        n += strcmp(c.detections[i].slug, seed_slug) == 0;
    assert_int_equal(n, 1);

    /* two observables, only the victim becomes a risk object */
    d = content_find_detection(&c, "hunting_for_log4shell");
    assert_non_null(d);
    assert_int_equal(d->risk_score, 40);
    assert_int_equal(d->nrisk_objects, 1);
    assert_string_equal(d->risk_objects[0].field, "dest");
    assert_int_equal(d->nstories, 2);
    assert_string_equal(d->stories[1], "CISA AA22-320A");

    /* "25.0" in deprecated detections reads as 25 */
    d = content_find_detection(&c, "detect_spike_in_aws_api_activity");
    assert_non_null(d);
    assert_int_equal(d->risk_score, 25);

    const spl_macro *m = lookup(&c, "security_content_ctime", 1);
    assert_non_null(m);
    assert_string_equal(m->origin, SC "/macros/security_content_ctime.yml:1");
    assert_non_null(content_find_story(&c, "IIS Components"));
    assert_string_equal(content_find_story(&c, "IIS Components")->id,
                        "0fbde550-8252-43ab-a26a-03976f55b58b");
    content_free(&c);
}

static void test_rba_schema_and_replacement(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    size_t builtin_macros = c.nmacros;
    size_t seed_index = (size_t)(content_find_detection(&c, seed_slug) - c.detections);
    tr_error err = { 0 };
    if (content_load_path(&c, DATA "/rba", &err) < 0)
        fail_msg("%s", err.msg);
    const detection *d = content_find_detection(&c, "suspicious_service_install_rba");
    assert_non_null(d);
    assert_string_equal(d->name, "Suspicious Service Install RBA");
    assert_string_equal(d->type, "TTP");
    assert_string_equal(d->risk_message, "Service $ServiceName$ was installed on $dest$ by $user$");
    assert_int_equal(d->risk_score, 56);
    assert_int_equal(d->nrisk_objects, 2);
    assert_string_equal(d->risk_objects[0].field, "dest");
    assert_string_equal(d->risk_objects[0].type, "system");
    assert_int_equal(d->risk_objects[0].score, 40);
    assert_string_equal(d->risk_objects[1].field, "user");
    assert_string_equal(d->risk_objects[1].type, "user");
    assert_int_equal(d->risk_objects[1].score, 56);
    assert_int_equal(d->nmitre_attack, 1);
    assert_string_equal(d->mitre_attack[0], "T1543.003");
    assert_int_equal(d->nstories, 2);
    assert_string_equal(d->stories[0], "Windows Persistence Techniques");
    assert_string_equal(d->stories[1], "Service Abuse");
    assert_int_equal(d->ntests, 2);
    assert_string_equal(d->tests[1].name, "Second Test");
    assert_int_equal(d->tests[1].nattack_data, 2);
    assert_string_equal(d->tests[1].attack_data[1].data, "b.log");
    assert_string_equal(d->tests[1].attack_data[1].source, "s2");
    assert_string_equal(d->tests[1].attack_data[1].sourcetype, "st2");

    /* the seed was replaced in place; its older-schema observables map by role */
    d = content_find_detection(&c, seed_slug);
    assert_ptr_equal(d, &c.detections[seed_index]);
    assert_string_equal(d->description, "Replacement of the built-in seed with the same slug.");
    assert_int_equal(d->risk_score, 30);
    assert_null(d->risk_message);
    assert_int_equal(d->nstories, 1);   /* a single scalar counts as a one-item list */
    assert_string_equal(d->stories[0], "IIS Components");
    assert_int_equal(d->nrisk_objects, 3);
    assert_string_equal(d->risk_objects[0].field, "dest");
    assert_string_equal(d->risk_objects[0].type, "system");
    assert_string_equal(d->risk_objects[1].field, "src_user");
    assert_string_equal(d->risk_objects[1].type, "user");
    assert_string_equal(d->risk_objects[2].field, "process");
    assert_string_equal(d->risk_objects[2].type, "other");
    assert_int_equal(d->risk_objects[2].score, 30);
    assert_int_equal(d->ntests, 0);

    /* wineventlog_system replaced, two_args added */
    assert_int_equal(c.nmacros, builtin_macros + 1);
    assert_string_equal(lookup(&c, "wineventlog_system", 0)->definition,
                        "source=\"XmlWinEventLog:System\"");
    const spl_macro *m = lookup(&c, "two_args", 2);
    assert_non_null(m);
    assert_string_equal(m->args[0], "a");
    assert_string_equal(m->args[1], "b");
    assert_string_equal(m->definition, "search $a$=$b$");
    assert_string_equal(content_find_story(&c, "SERVICE ABUSE")->id,
                        "99999999-0000-4000-8000-000000000001");
    content_free(&c);
}

static void test_filter_macro_fallback(void **state)
{
    (void)state;
    content c;
    content_init(&c);
    tr_error err = { 0 };
    if (content_load_path(&c, DATA "/rba", &err) < 0)
        fail_msg("%s", err.msg);
    const spl_macro *m = lookup(&c, "suspicious_service_install_rba_filter", 0);
    assert_non_null(m);
    assert_string_equal(m->name, "suspicious_service_install_rba_filter");
    assert_string_equal(m->definition, "search *");
    assert_int_equal(m->nargs, 0);
    /* the same pointer every time, and still valid after more lookups */
    const spl_macro *m2 = lookup(&c, "windows_iis_components_module_failed_to_load_filter", 0);
    assert_non_null(m2);
    assert_ptr_equal(lookup(&c, "suspicious_service_install_rba_filter", 0), m);
    assert_string_equal(m->definition, "search *");
    assert_int_equal(c.nfilter_macros, 2);
    assert_int_equal(c.nmacros, 2);   /* synthesised defaults are not listed as macros */
    /* only for loaded detections, only without arguments */
    assert_null(lookup(&c, "unknown_detection_filter", 0));
    assert_null(lookup(&c, "suspicious_service_install_rba_filter", 1));
    assert_null(lookup(&c, "_filter", 0));
    /* a real definition wins over the default */
    assert_int_equal(content_add_macro_arg(&c, "suspicious_service_install_rba_filter=search dest!=x",
                                           &err), 0);
    assert_string_equal(lookup(&c, "suspicious_service_install_rba_filter", 0)->definition,
                        "search dest!=x");
    content_free(&c);
}

static void test_macro_arg(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    tr_error err = { 0 };
    assert_int_equal(content_add_macro_arg(
                         &c, "windows_iis_components_module_failed_to_load_filter=search NOT "
                             "ModuleDll=\"*msf.dll\"", &err), 0);
    const spl_macro *m = lookup(&c, "windows_iis_components_module_failed_to_load_filter", 0);
    assert_string_equal(m->definition, "search NOT ModuleDll=\"*msf.dll\"");
    assert_string_equal(m->origin, "--macro");
    assert_int_equal(content_add_macro_arg(&c, "pair( a , b )= search $a$=$b$ ", &err), 0);
    m = lookup(&c, "pair", 2);
    assert_non_null(m);
    assert_string_equal(m->args[0], "a");
    assert_string_equal(m->args[1], "b");
    assert_string_equal(m->definition, "search $a$=$b$");
    /* '=' inside the definition belongs to it */
    assert_int_equal(content_add_macro_arg(&c, "eq=a=b", &err), 0);
    assert_string_equal(lookup(&c, "eq", 0)->definition, "a=b");
    assert_int_equal(content_add_macro_arg(&c, "empty=", &err), 0);
    assert_string_equal(lookup(&c, "empty", 0)->definition, "");

    static const char *const bad[] = { "noequals", "=def", "bad name=x", "f(a,)=x", "f(a=x",
                                       "f()=x", "f(a b)=x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(content_add_macro_arg(&c, bad[i], &err), -1);
        char want[256];
        snprintf(want, sizeof want,
                 "--macro '%s': expected NAME=DEFINITION or NAME(ARG,...)=DEFINITION", bad[i]);
        assert_string_equal(err.msg, want);
    }
    content_free(&c);
}

static void test_macros_conf(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    size_t before = c.nmacros;
    tr_error err = { 0 };
    if (content_load_macros_file(&c, DATA "/macros.conf", &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(c.nmacros, before + 2);
    const spl_macro *m = lookup(&c, "windows_iis_components_module_failed_to_load_filter", 0);
    assert_string_equal(m->definition, "search NOT ModuleDll=\"*\\\\msf.dll\"");
    assert_string_equal(m->origin, DATA "/macros.conf:5");
    m = lookup(&c, "field_is", 2);
    assert_non_null(m);
    assert_string_equal(m->args[0], "f");
    assert_string_equal(m->args[1], "v");
    assert_string_equal(m->definition, "search $f$=$v$ \n  | head 5");
    assert_string_equal(lookup(&c, "plain", 0)->definition, "search *");
    assert_null(lookup(&c, "default", 0));

    assert_int_equal(content_load_macros_file(&c, DATA "/bad_macros.conf", &err), -1);
    assert_string_equal(err.msg, DATA "/bad_macros.conf:4: macro [missing_def(1)] has no 'definition'");
    assert_int_equal(content_load_macros_file(&c, DATA "/bad_args_macros.conf", &err), -1);
    assert_string_equal(err.msg, DATA "/bad_args_macros.conf:1: macro [count_mismatch(2)] takes 2 "
                                 "arguments but 'args' names 1");
    content_free(&c);
}

static void test_macros_conf_buffer(void **state)
{
    (void)state;
    content c;
    content_init(&c);
    tr_error err = { 0 };
    static const char junk[] = "[a]\ndefinition = x\nthis line has no equals sign\n";
    assert_int_equal(content_load_macros_conf(&c, junk, sizeof junk - 1, "m.conf", &err), -1);
    assert_string_equal(err.msg, "m.conf:3: expected 'key = value' or '[stanza]'");
    static const char unclosed[] = "[a\ndefinition = x\n";
    assert_int_equal(content_load_macros_conf(&c, unclosed, sizeof unclosed - 1, "m.conf", &err), -1);
    assert_string_equal(err.msg, "m.conf:1: expected ']' to close the stanza name");
    /* CRLF line ends, a continuation on the last line, no final newline */
    static const char crlf[] = "[b]\r\ndefinition = one \\\r\ntwo\r\n[c]\r\ndefinition = z \\";
    assert_int_equal(content_load_macros_conf(&c, crlf, sizeof crlf - 1, "m.conf", &err), 0);
    assert_string_equal(lookup(&c, "b", 0)->definition, "one \ntwo");
    assert_string_equal(lookup(&c, "c", 0)->definition, "z");
    content_free(&c);
}

static void test_macros_yaml_list(void **state)
{
    (void)state;
    content c;
    load_builtin(&c);
    size_t before = c.nmacros;
    tr_error err = { 0 };
    if (content_load_macros_file(&c, DATA "/macros_list.yml", &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(c.nmacros, before + 1);
    assert_string_equal(lookup(&c, "windows_iis_components_module_failed_to_load_filter", 0)->definition,
                        "search ModuleDll!=\"*\\\\good.dll\"");
    const spl_macro *m = lookup(&c, "security_content_ctime", 1);
    assert_string_equal(m->definition, "eval $field$=strftime($field$, \"%F %T\")");
    assert_string_equal(m->origin, DATA "/macros_list.yml:4");
    assert_string_equal(lookup(&c, "list_new", 0)->definition, "search x=1");

    if (content_load_macros_file(&c, DATA "/macro_single.yml", &err) < 0)
        fail_msg("%s", err.msg);
    m = lookup(&c, "single", 1);
    assert_non_null(m);
    assert_string_equal(m->args[0], "one");

    assert_int_equal(content_load_macros_file(&c, DATA "/macros_list_bad.yml", &err), -1);
    assert_string_equal(err.msg, DATA "/macros_list_bad.yml:3: macro has no 'definition'");
    assert_int_equal(content_load_macros_file(&c, DATA "/no_such_file.yml", &err), -1);
    assert_string_equal(err.msg, DATA "/no_such_file.yml: No such file or directory");
    content_free(&c);
}

static void test_errors(void **state)
{
    (void)state;
    content c;
    content_init(&c);
    c.strict = true;
    tr_error err = { 0 };
    assert_int_equal(content_load_path(&c, DATA "/bad_yaml", &err), -1);
    assert_string_equal(err.msg, DATA "/bad_yaml/detections/broken.yml:5: YAML error: while "
                                 "scanning a quoted scalar found unexpected end of stream");
    assert_int_equal(content_load_path(&c, DATA "/no_search", &err), -1);
    assert_string_equal(err.msg, DATA "/no_search/detections/no_search.yml:2: detection has no "
                                 "'search'");
    assert_int_equal(content_load_path(&c, DATA "/nope", &err), -1);
    assert_string_equal(err.msg, DATA "/nope: No such file or directory");
    assert_int_equal(content_load_path(&c, DATA "/rba/stories", &err), -1);
    assert_string_equal(err.msg, DATA "/rba/stories: not a content directory (no detections/, "
                                 "macros/ or stories/)");
    assert_int_equal(c.broken, 0);
    /* Not strict: each broken file is skipped and counted, the rest loads. */
    c.strict = false;
    assert_int_equal(content_load_path(&c, DATA "/bad_yaml", &err), 0);
    assert_int_equal(content_load_path(&c, DATA "/no_search", &err), 0);
    assert_int_equal(c.broken, 2);

    static const struct {
        content_kind kind;
        const char *text;
        const char *msg;
    } cases[] = {
        { CONTENT_DETECTION, "search: x\n", "f.yml:1: detection has no 'name'" },
        { CONTENT_DETECTION, "- a\n- b\n", "f.yml:1: expected a mapping at the top level" },
        { CONTENT_DETECTION, "", "f.yml:1: expected a mapping at the top level" },
        { CONTENT_DETECTION, "name: a\nsearch: b\ntags:\n  risk_score: high\n",
          "f.yml:4: tags.risk_score is not a number" },
        { CONTENT_DETECTION, "a: &x 1\nb: *x\n", "f.yml:2: YAML error: aliases are not supported" },
        { CONTENT_STORY, "id: 1\n", "f.yml:1: story has no 'name'" },
        { CONTENT_MACRO, "name: m(2)\narguments: [a]\ndefinition: x\n",
          "f.yml:1: macro 'm(2)' does not match its 'arguments' list (1)" },
        { CONTENT_MACRO_LIST, "just text\n", "f.yml:1: expected a list of macros or a mapping" },
        { CONTENT_ANY, "name: x\n",
          "f.yml:1: not a detection, macro or story (no 'search', 'definition' or 'narrative')" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(content_load_yaml_buffer(&c, cases[i].kind, cases[i].text,
                                                  strlen(cases[i].text), "f.yml", &err), -1);
        assert_string_equal(err.msg, cases[i].msg);
    }
    assert_int_equal(c.ndetections + c.nmacros + c.nstories, 0);
    /* A named file: what it holds says what it is. */
    static const char named[] = DATA "/rba/detections/endpoint/suspicious_service_install_rba.yml";
    assert_int_equal(content_load_path(&c, named, &err), 0);
    assert_non_null(content_find_detection(&c, "suspicious_service_install_rba"));
    assert_int_equal(content_load_path(&c, DATA "/macro_single.yml", &err), 0);
    assert_int_equal(c.nmacros, 1);
    assert_int_equal(content_load_path(&c, DATA "/macros.conf", &err), 0);
    assert_int_equal(c.broken, 3);
    assert_int_equal(content_load_path(&c, DATA "/nope", &err), -1);
    content_free(&c);
}

static void test_depth_limit(void **state)
{
    (void)state;
    content c;
    content_init(&c);
    tr_error err = { 0 };
    char text[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++)
        text[n++] = '[';
    for (int i = 0; i < 100; i++)
        text[n++] = ']';
    assert_int_equal(content_load_yaml_buffer(&c, CONTENT_DETECTION, text, n, "deep.yml", &err), -1);
    assert_string_equal(err.msg, "deep.yml:1: YAML error: nesting deeper than 64 levels");
    /* 64 levels are fine (and not a detection) */
    n = 0;
    text[n++] = '{';
    text[n++] = 'a';
    text[n++] = ':';
    text[n++] = ' ';
    for (int i = 0; i < 63; i++)
        text[n++] = '[';
    for (int i = 0; i < 63; i++)
        text[n++] = ']';
    text[n++] = '}';
    assert_int_equal(content_load_yaml_buffer(&c, CONTENT_DETECTION, text, n, "deep.yml", &err), -1);
    assert_string_equal(err.msg, "deep.yml:1: detection has no 'name'");
    content_free(&c);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_builtin_seed_detection),
        cmocka_unit_test(test_builtin_macros),
        cmocka_unit_test(test_rba_schema_and_replacement),
        cmocka_unit_test(test_filter_macro_fallback),
        cmocka_unit_test(test_macro_arg),
        cmocka_unit_test(test_macros_conf),
        cmocka_unit_test(test_macros_conf_buffer),
        cmocka_unit_test(test_macros_yaml_list),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth_limit),
    };
    /* These read ../shared. */
    const struct CMUnitTest needs[] = {
        cmocka_unit_test(test_security_content_dir),
    };
    return SHARED_DATA_RUN("test_content", own, needs);
}
