/* fuzz_sigma.c - libFuzzer target for the Sigma layer: the input is a rule file (any
 * number of YAML documents: rules, correlations, filters), loaded, finished,
 * compiled into plans, and run over a few events so that the condition parser,
 * every modifier, the matchers and the correlation windows see what got loaded. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sigma/sigma.h"

static void no_row(spl_sink *s, const record *r)
{
    (void)s;
    (void)r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sigma_set set;
    sigma_set_init(&set);
    sigma_set_load_buffer(&set, (const char *)data, size, "fuzz.yml");
    sigma_set_finish(&set);
    spl_sink sink = { no_row, NULL };
    spl_env env = { .now = 1700000000 };
    record ev;
    record_init(&ev);
    for (size_t i = 0; i < set.nrules; i++) {
        tr_error err = { 0 };
        spl_plan *p = sigma_plan_compile(set.rules[i], &env, &sink, &err);
        if (!p)
            continue;
        for (int k = 0; k < 3; k++) {
            record_clear(&ev);
            record_set(&ev, "_time", k ? "100" : "1", k ? 3 : 1);
            record_set(&ev, "Channel", "Microsoft-Windows-Sysmon/Operational", 36);
            record_set(&ev, "EventID", k == 2 ? "4688" : "1", k == 2 ? 4 : 1);
            record_set(&ev, "Image", "C:\\Windows\\System32\\cmd.exe", 27);
            record_set(&ev, "CommandLine", "cmd.exe /c whoami -enc SQBFAFgA", 31);
            record_add(&ev, "User", "bob", 3);
            record_add(&ev, "User", "10.0.0.1", 8);
            spl_plan_push(p, &ev);
        }
        spl_plan_finish(p);
        spl_plan_free(p);
    }
    record_free(&ev);
    sigma_set_free(&set);
    return 0;
}
