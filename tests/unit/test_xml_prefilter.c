/* test_xml_prefilter.c - the XML pre-filter and the reader's one-line fast path:
 * an event is dropped only when the full parse would give the search nothing
 * (every way a decided field can get a value is tried: Data names, UserData and
 * ProcessingErrorData leaves, Security attributes, entities, prefixes, repeats),
 * where an event on one line ends, when the span scanner must take over, and that
 * results, counts and line numbers are those of a run without the pushdown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/input.h"
#include "formats/xml_prefilter.h"
#include "formats/xml_reader.h"
#include "spl/spl.h"

static void count_row(spl_sink *s, const record *r)
{
    (void)r;
    (*(int *)s->ctx)++;
}

/* A search compiled with its pushdown; rows counts the plan's results. */
typedef struct query {
    int rows;
    spl_sink sink;
    spl_plan *plan;
    pushdown *pd;
    input_options opt;
} query;

static void query_open(query *q, const char *text)
{
    memset(q, 0, sizeof *q);
    q->sink.row = count_row;
    q->sink.ctx = &q->rows;
    spl_env env = { 0 };
    tr_error err;
    q->plan = spl_compile(text, &env, &q->sink, &err);
    assert_non_null(q->plan);
    q->pd = spl_pushdown_new();
    spl_pushdown_add(q->pd, q->plan);
    assert_true(pushdown_active(q->pd));
    q->opt.pushdown = q->pd;
}

static void query_close(query *q)
{
    spl_pushdown_free(q->pd);
    spl_plan_free(q->plan);
}

#define SEED_Q "(eventtype=wineventlog_application OR source=\"XmlWinEventLog:Application\") EventCode=2282"

/* may_match of one search on one event. */
static bool may(const char *search, const char *ev)
{
    query q;
    query_open(&q, search);
    bool r = xml_prefilter_may_match(&q.opt, ev, strlen(ev));
    query_close(&q);
    return r;
}

/* xml_prefilter_span of one search on a line; *len gets the span length. */
static int span(const char *search, const char *line, size_t *len)
{
    query q;
    query_open(&q, search);
    *len = 0;
    int r = xml_prefilter_span(&q.opt, line, strlen(line), len);
    query_close(&q);
    return r;
}

/* ---- reading a buffer through a plan ---- */

static int push(void *ctx, record *ev)
{
    return spl_plan_push(ctx, ev);
}

static char errbuf[16384];

/* Rows the search gives over data (with or without its pushdown), stderr in
 * errbuf, counts in *st. */
static int rows_of(const char *search, const char *data, size_t len, bool with_pushdown,
                   bool lenient, input_stats *st)
{
    query q;
    query_open(&q, search);
    q.opt.lenient = lenient;
    if (!with_pushdown)
        q.opt.pushdown = NULL;
    memset(st, 0, sizeof *st);
    fflush(stderr);
    FILE *f = tmpfile();
    assert_non_null(f);
    int saved = dup(2);
    dup2(fileno(f), 2);
    xml_reader_read_buffer("t.xml", (const unsigned char *)data, len, &q.opt, push, q.plan, st);
    spl_plan_finish(q.plan);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(f);
    size_t n = fread(errbuf, 1, sizeof errbuf - 1, f);
    errbuf[n] = '\0';
    fclose(f);
    int rows = q.rows;
    query_close(&q);
    return rows;
}

/* The pushdown changes nothing: same rows as a run without it, with and without
 * --lenient; returns that number. */
static int same_rows(const char *search, const char *data)
{
    input_stats st;
    size_t len = strlen(data);
    int plain = rows_of(search, data, len, false, false, &st);
    int pushed = rows_of(search, data, len, true, false, &st);
    if (plain != pushed)
        fail_msg("%d rows without the pushdown, %d with it: %s", plain, pushed, data);
    int lplain = rows_of(search, data, len, false, true, &st);
    int lpushed = rows_of(search, data, len, true, true, &st);
    if (lplain != lpushed)
        fail_msg("--lenient: %d rows without the pushdown, %d with it: %s", lplain, lpushed,
                 data);
    return plain;
}

#define NS "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>"
#define SYS(id, chan, comp)                                                                \
    "<System><Provider Name='Microsoft-Windows-IIS-W3SVC-WP' Guid='{1}'/><EventID "       \
    "Qualifiers='49152'>" id "</EventID><Version>0</Version><TimeCreated "                \
    "SystemTime='2022-12-20T15:58:25.3253836Z'/><Channel>" chan "</Channel><Computer>"    \
    comp "</Computer><Security/></System>"

static const char plain_2282[] =
    NS SYS("2282", "Application", "web01")
    "<EventData><Data Name='ModuleDll'>c:\\m.dll</Data></EventData></Event>";
static const char plain_5058[] =
    NS SYS("5058", "Application", "web01")
    "<EventData><Data Name='SubjectUserSid'>S-1-5-18</Data><Data Name='ProviderName'>"
    "EventCode</Data></EventData></Event>";

static void test_decides_plain_events(void **state)
{
    (void)state;
    size_t len;
    assert_int_equal(span(SEED_Q, plain_2282, &len), XML_SPAN_KEEP);
    assert_int_equal(len, strlen(plain_2282));
    assert_int_equal(span(SEED_Q, plain_5058, &len), XML_SPAN_DROP);
    assert_int_equal(len, strlen(plain_5058));
    assert_true(may(SEED_Q, plain_2282));
    assert_false(may(SEED_Q, plain_5058));
    /* The System channel is not the Application log. */
    assert_false(may(SEED_Q, NS SYS("2282", "System", "web01") "</Event>"));
    assert_true(may("Computer=web*", plain_5058));
    assert_false(may("Computer=db*", plain_5058));
    assert_true(may("Name=\"Microsoft-Windows-IIS-W3SVC-WP\"", plain_5058));
    assert_false(may("Name=\"Other\"", plain_5058));
}

/* Every way a decided field gets a value besides System: the event must pass. */
static void test_other_values_of_decided_fields_pass(void **state)
{
    (void)state;
    static const char *const evs[] = {
        NS SYS("1", "Application", "w") "<EventData><Data Name='EventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name=\"EventCode\">2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='_EventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='1EventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name=' EventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='signature-id'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='&#69;ventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='Event&#67;ode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='x' Name='EventCode'>2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data  Name = 'EventCode' >2282</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<UserData><X xmlns='u'><EventCode>2282</EventCode></X></UserData></Event>",
        NS SYS("1", "Application", "w") "<UserData><X xmlns='u'><u:EventCode>2282</u:EventCode></X></UserData></Event>",
        NS SYS("1", "Application", "w") "<ProcessingErrorData><EventCode>2282</EventCode></ProcessingErrorData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='EventCode'>2282</Data></EventData><System/></Event>",
        NS "<EventData><Data Name='EventCode'>2282</Data></EventData>" SYS("1", "Application", "w") "</Event>",
        NS "<System><EventID>1</EventID><Channel>Application</Channel><Security EventCode='2282'/></System></Event>",
        NS "<System><EventID>2&#50;82</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID>2282</EventID><Channel>Appl&#105;cation</Channel></System></Event>",
        NS "<System><e:EventID>2282</e:EventID><e:Channel>Application</e:Channel></System></Event>",
        NS "<e:System><EventID>2282</EventID><Channel>Application</Channel></e:System></Event>",
        NS "<System><EventID\t>2282</EventID ><Channel >Application</Channel></System></Event>",
        NS "<System><EventID>1</EventID><EventID>2282</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID><x/>2282</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID>22<!-- -->82</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID><![CDATA[2282]]></EventID><Channel>Application</Channel></System></Event>",
        NS "<System><!-- c --><EventID>2282</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID>2282</EventID><Channel>Application</Channel></System></Event>",
        NS "<System><EventID>1</EventID><Channel>Application</Channel></System><System><EventID>2282</EventID></System></Event>",
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
        if (!may(SEED_Q, evs[i]))
            fail_msg("dropped: %s", evs[i]);
        size_t len;
        if (span(SEED_Q, evs[i], &len) == XML_SPAN_DROP)
            fail_msg("span dropped: %s", evs[i]);
        same_rows(SEED_Q, evs[i]);
    }
    /* Each of them does reach the search's results except the entity names that
     * only look like EventCode after decoding. */
    assert_int_equal(same_rows(SEED_Q, evs[0]), 1);
    assert_int_equal(same_rows(SEED_Q, evs[10]), 1);
    assert_int_equal(same_rows(SEED_Q, evs[12]), 1);
    assert_int_equal(same_rows(SEED_Q, evs[15]), 1);
    assert_int_equal(same_rows(SEED_Q, evs[16]), 1);
    /* Provider and computer values as expat gives them. */
    assert_true(may("Name=\"A&B\"", NS "<System><Provider Name='A&amp;B'/><EventID>1</EventID></System></Event>"));
    assert_true(may("Name=\"A B\"", NS "<System><Provider Name='A\tB'/><EventID>1</EventID></System></Event>"));
    assert_true(may("Computer=\"a&b\"", NS "<System><Computer>a&amp;b</Computer></System></Event>"));
    assert_false(may("host=Data", plain_5058));   /* Data Name='ProviderName' is no host */
    assert_true(may("dvc=x", NS SYS("1", "A", "w") "<EventData><Data Name='dvc'>x</Data></EventData></Event>"));
    assert_true(may("Name=x", NS SYS("1", "A", "w") "<EventData><Data Name='Name'>x</Data></EventData></Event>"));
}

/* A Data name shadows only a field the search decides on: Name='Name' keeps an
 * event for a search on the provider Name, not for the seed detection. The names
 * remembered as harmless for one search are not taken for another's. */
static void test_shadowing_is_per_search(void **state)
{
    (void)state;
    static const char ev[] =
        NS SYS("1", "Application", "w") "<EventData><Data Name='Name'>x</Data></EventData></Event>";
    for (int round = 0; round < 2; round++) {
        assert_false(may(SEED_Q, ev));
        assert_int_equal(same_rows(SEED_Q, ev), 0);
        assert_true(may("Name=x", ev));
        assert_int_equal(same_rows("Name=x", ev), 1);
    }
    /* the same two searches through one reader's walks, alternating */
    query seed, name;
    query_open(&seed, SEED_Q);
    query_open(&name, "Name=x");
    for (int i = 0; i < 3; i++) {
        assert_false(xml_prefilter_may_match(&seed.opt, ev, strlen(ev)));
        assert_true(xml_prefilter_may_match(&name.opt, ev, strlen(ev)));
    }
    query_close(&name);
    query_close(&seed);
}

/* What never becomes a field does not make an event pass. */
static void test_only_fields_count(void **state)
{
    (void)state;
    static const char *const evs[] = {
        /* text that looks like a Data name, other attributes, ordinary leaves */
        NS SYS("1", "Application", "w") "<EventData><Data Name='Text'>Name='EventCode'</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data Name='A' ProviderName='EventCode'>x</Data></EventData></Event>",
        NS SYS("1", "Application", "w") "<UserData><EventXML xmlns='Event_NS'><listenerName>x</listenerName></EventXML></UserData></Event>",
        NS SYS("1", "Application", "w") "<EventData><Data>2282</Data><Binary>00</Binary></EventData></Event>",
        NS SYS("1", "Application", "w") "<RenderingInfo Culture='en'><Message>EventCode=2282</Message></RenderingInfo></Event>",
        /* System elements below System's children are no values */
        NS "<System><EventID>1</EventID><Foo><EventID>2282</EventID></Foo><Channel>Application</Channel></System></Event>",
        /* the last EventID is the one winevent keeps */
        NS "<System><EventID>2282</EventID><EventID>1</EventID><Channel>Application</Channel></System></Event>",
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
        if (may(SEED_Q, evs[i]))
            fail_msg("passed: %s", evs[i]);
        assert_int_equal(same_rows(SEED_Q, evs[i]), 0);
    }
}

/* Cut and mistyped events are judged on what --lenient reads from them, so the
 * seed detection stays silent on them (tests/cli/seed.t). */
static void test_broken_events(void **state)
{
    (void)state;
    static const char mistyped[] =
        NS "<System><EventID>5141</EventID><Le>0</Level><Channel>Security</Channel></System></Event>";
    static const char cut_after_system[] =
        NS SYS("4104", "Microsoft-Windows-PowerShell/Operational", "w")
        "<EventData><Data Name='ScriptBlockText'>function x {";
    static const char cut_in_eventid[] = NS "<System><EventID>22";
    static const char cut_in_tag[] = NS SYS("1", "Application", "w") "<EventData><Data Name='Event";
    assert_false(may(SEED_Q, mistyped));
    assert_false(may(SEED_Q, cut_after_system));
    assert_true(may("EventCode=22", cut_in_eventid));
    assert_false(may("EventCode=23", cut_in_eventid));
    assert_true(may("EventCode=2282", cut_in_tag));
    assert_int_equal(same_rows("EventCode=5141", mistyped), 0);   /* only --lenient reads it */
    same_rows("EventCode=22", cut_in_eventid);
    same_rows("EventCode=2282", cut_in_tag);
}

/* Where an event on one line ends, and what the span scanner must take over. */
static void test_span_ends(void **state)
{
    (void)state;
    size_t len;
    char two[2048];
    snprintf(two, sizeof two, "%s%s\r", plain_5058, plain_2282);
    assert_int_equal(span(SEED_Q, two, &len), XML_SPAN_DROP);
    assert_int_equal(len, strlen(plain_5058));
    assert_int_equal(span(SEED_Q, two + len, &len), XML_SPAN_KEEP);
    assert_int_equal(len, strlen(plain_2282));
    /* No pushdown: only the end is looked for. */
    input_options none = { 0 };
    assert_int_equal(xml_prefilter_span(&none, plain_5058, strlen(plain_5058), &len),
                     XML_SPAN_KEEP);
    assert_int_equal(len, strlen(plain_5058));
    assert_true(xml_prefilter_may_match(&none, plain_5058, strlen(plain_5058)));
    assert_true(xml_prefilter_may_match(NULL, plain_5058, strlen(plain_5058)));

    static const char *const irregular[] = {
        NS "<System><EventID>1</EventID></System><!-- </Event> --></Event>",
        NS "<System><EventID>1</EventID></System><EventData><![CDATA[x]]></EventData></Event>",
        NS "<System><EventID>1</EventID></System><?pi x?></Event>",
        NS "<System><EventID>1</EventID></System>" NS "<System/></Event>",
        NS "<System><EventID>1</EventID></System><Event/></Event>",
        NS "<System><EventID>1</EventID></System></Event ></Event>",
        NS "<System><EventID>1</EventID></System>",   /* ends on a later line */
        "<Event a='<'><System><EventID>1</EventID></System></Event>",
        "<Event a='1'/><System><EventID>1</EventID></System></Event>",
        "<Event a=1><System><EventID>1</EventID></System></Event>",
        NS "<System><EventID>1</EventID></System></Eve",
    };
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
        if (span(SEED_Q, irregular[i], &len) != XML_SPAN_IRREGULAR)
            fail_msg("not irregular: %s", irregular[i]);
        if (xml_prefilter_span(&none, irregular[i], strlen(irregular[i]), &len) !=
            XML_SPAN_IRREGULAR)
            fail_msg("not irregular without pushdown: %s", irregular[i]);
    }
    /* Names that only start like Event are ordinary tags. */
    static const char eventish[] =
        NS "<System><EventID>1</EventID><EventRecordID>5</EventRecordID></System>"
        "<EventData><Data Name='a'>b</Data></EventData><Event_x/></Event>";
    assert_int_equal(span(SEED_Q, eventish, &len), XML_SPAN_DROP);
    assert_int_equal(len, strlen(eventish));
    /* An odd tag inside the event only makes it pass, its end is still found. */
    static const char odd[] =
        NS "<System><EventID>1</EventID></System><EventData><Data Name='a<b'>x</Data></EventData></Event>";
    assert_int_equal(span(SEED_Q, odd, &len), XML_SPAN_KEEP);
    assert_int_equal(len, strlen(odd));
}

/* A file of every shape: results, prefiltered counts and the line numbers of the
 * messages are those of a run without the pushdown. */
static void test_reader_same_as_without_pushdown(void **state)
{
    (void)state;
    static const char file[] =
        /* 1 */ "<?xml version='1.0'?>\n"
        /* 2 */ "%s\n"
        /* 3 */ "%s\n"
        /* 4-7: pretty-printed, matching */
        NS "\n  <System><EventID>2282</EventID>\n  <Channel>Application</Channel>\n"
        "  <Computer>p</Computer></System></Event>\n"
        /* 8: a comment inside, matching */
        NS "<System><EventID>2282</EventID><!-- c --><Channel>Application</Channel></System></Event>\n"
        /* 9: EventCode from a Data field */
        NS SYS("7", "Application", "d") "<EventData><Data Name='EventCode'>2282</Data></EventData></Event>\n"
        /* 10: malformed and matching: reported at its line */
        NS "<System><EventID>2282</EventID><Channel>Application</Foo></System></Event>\n"
        /* 11: two events on one line, the second matching */
        "%s%s\n"
        /* 12: malformed, not matching: dropped without a word */
        NS "<System><EventID>1</EventID><Channel>Application</Foo></System></Event>\n"
        /* 13: cut by the next line's event */
        NS "<System><EventID>2282</EventID><Channel>Application</Channel></System><EventData>\n"
        /* 14 */ "%s\n";
    char buf[8192];
    snprintf(buf, sizeof buf, file, plain_2282, plain_5058, plain_5058, plain_2282, plain_2282);
    input_stats st;
    int plain = rows_of(SEED_Q, buf, strlen(buf), false, false, &st);
    char plain_err[sizeof errbuf];
    memcpy(plain_err, errbuf, sizeof errbuf);
    assert_int_equal(plain, 6);
    assert_int_equal(st.prefiltered, 0);
    int pushed = rows_of(SEED_Q, buf, strlen(buf), true, false, &st);
    assert_int_equal(pushed, plain);
    assert_string_equal(errbuf,
        "trawl: t.xml:10: malformed event skipped: mismatched tag\n"
        "trawl: t.xml:13: malformed event skipped: no element found\n");
    assert_string_equal(plain_err,
        "trawl: t.xml:10: malformed event skipped: mismatched tag\n"
        "trawl: t.xml:12: malformed event skipped: mismatched tag\n"
        "trawl: t.xml:13: malformed event skipped: no element found\n");
    assert_int_equal(st.events, 9);         /* 11 events, those of lines 10 and 13 malformed */
    assert_int_equal(st.prefiltered, 3);    /* lines 3, 11 (first) and 12 */
    assert_int_equal(st.bad_events, 2);
    int lenient = rows_of(SEED_Q, buf, strlen(buf), true, true, &st);
    assert_int_equal(lenient, rows_of(SEED_Q, buf, strlen(buf), false, true, &st));
}

/* Many events, so that several straddle the reader's 256 KiB blocks: the ones cut
 * by a block end are read like the others. */
static void test_events_across_blocks(void **state)
{
    (void)state;
    size_t cap = 3u << 20, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int want = 0, n = 0;
    while (len + 4096 < cap) {
        const char *ev;
        char tmp[1024];
        switch (n % 7) {
        case 0:
            ev = plain_2282;
            want++;
            break;
        case 3:   /* over two lines */
            snprintf(tmp, sizeof tmp, NS "<System><EventID>2282</EventID>\n"
                     "<Channel>Application</Channel></System><EventData><Data Name='n'>%d</Data>"
                     "</EventData></Event>", n);
            ev = tmp;
            want++;
            break;
        case 5:   /* a Data field named EventCode */
            ev = NS SYS("1", "Application", "w") "<EventData><Data Name='EventCode'>2282</Data></EventData></Event>";
            want++;
            break;
        default:
            ev = plain_5058;
            break;
        }
        size_t l = strlen(ev);
        memcpy(buf + len, ev, l);
        len += l;
        buf[len++] = n % 11 == 4 ? '\r' : '\n';
        if (n % 11 == 4)
            buf[len++] = '\n';
        n++;
    }
    input_stats st;
    assert_int_equal(rows_of(SEED_Q, buf, len, true, false, &st), want);
    assert_string_equal(errbuf, "");
    assert_int_equal(st.events, (uint64_t)n);
    assert_int_equal(st.prefiltered, (uint64_t)(n - want));
    assert_int_equal(rows_of(SEED_Q, buf, len, false, false, &st), want);
    /* A malformed event far down is still reported at its line. */
    const char *bad = NS "<System><EventID>2282</EventID><Channel>Application</X></System></Event>\n";
    size_t at = len;
    memcpy(buf + len, bad, strlen(bad));
    len += strlen(bad);
    unsigned long line = 1;
    for (size_t i = 0; i < at; i++)
        line += buf[i] == '\n';
    rows_of(SEED_Q, buf, len, true, false, &st);
    char want_err[128];
    snprintf(want_err, sizeof want_err, "trawl: t.xml:%lu: malformed event skipped: mismatched tag\n",
             line);
    assert_string_equal(errbuf, want_err);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decides_plain_events),
        cmocka_unit_test(test_other_values_of_decided_fields_pass),
        cmocka_unit_test(test_shadowing_is_per_search),
        cmocka_unit_test(test_only_fields_count),
        cmocka_unit_test(test_broken_events),
        cmocka_unit_test(test_span_ends),
        cmocka_unit_test(test_reader_same_as_without_pushdown),
        cmocka_unit_test(test_events_across_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
