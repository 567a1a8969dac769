/* test_xml_reader.c - the XML input: every shape Windows XML events come in
 * (tests/data/xml/), sniffing, malformed events reported with file:line and the
 * rest still read, the event size cap, UTF-16, directory walks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "event/record.h"
#include "formats/input.h"
#include "formats/sniff.h"
#include "formats/xml_reader.h"

#define DATA "tests/data/xml/"
#define MAX_EVENTS 8

/* Per event: EventCode, Computer and one chosen field, as read. */
typedef struct seen {
    int n;
    char code[MAX_EVENTS][32];
    char computer[MAX_EVENTS][64];
    record first;        /* the first event, whole */
} seen;

static void copy_value(const record *ev, const char *name, char *out, size_t size)
{
    const sv *v = record_value(ev, name);
    snprintf(out, size, "%s", v ? v->s : "(none)");
}

static int on_event(void *ctx, record *ev)
{
    seen *s = ctx;
    if (s->n == 0)
        record_copy(&s->first, ev);
    if (s->n < MAX_EVENTS) {
        copy_value(ev, "EventCode", s->code[s->n], sizeof s->code[0]);
        copy_value(ev, "Computer", s->computer[s->n], sizeof s->computer[0]);
    }
    s->n++;
    return 0;
}

/* stderr of a reader run, captured in a temporary file. */
static char errbuf[8192];
static int saved_fd = -1;
static FILE *errfile;

static void capture_begin(void)
{
    fflush(stderr);
    errfile = tmpfile();
    assert_non_null(errfile);
    saved_fd = dup(2);
    dup2(fileno(errfile), 2);
}

static const char *capture_end(void)
{
    fflush(stderr);
    dup2(saved_fd, 2);
    close(saved_fd);
    rewind(errfile);
    size_t n = fread(errbuf, 1, sizeof errbuf - 1, errfile);
    errbuf[n] = '\0';
    fclose(errfile);
    return errbuf;
}

static void read_path_opt(const char *path, const input_options *opt, seen *s,
                          input_stats *st, const char **err)
{
    memset(st, 0, sizeof *st);
    s->n = 0;
    record_init(&s->first);
    capture_begin();
    assert_int_equal(input_read_path(path, opt, on_event, s, st), 0);
    *err = capture_end();
}

static void read_path(const char *path, seen *s, input_stats *st, const char **err)
{
    read_path_opt(path, NULL, s, st, err);
}

static void assert_field(const record *r, const char *name, const char *want)
{
    const sv *v = record_value(r, name);
    if (!v)
        fail_msg("field %s missing", name);
    assert_string_equal(v->s, want);
}

static void test_one_per_line(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "one_per_line.xml", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 3);
    assert_int_equal(st.events, 3);
    assert_int_equal(st.files, 1);
    assert_false(input_stats_had_problems(&st));
    assert_string_equal(s.code[0], "2282");
    assert_string_equal(s.code[1], "7036");
    assert_string_equal(s.code[2], "1102");
    assert_field(&s.first, "ModuleDll", "c:\\temp\\msf.dll");
    record_free(&s.first);
}

/* Pretty-printed, double quotes, <?xml?> and a comment mentioning </Event>: the
 * same fields as the one-line 2282, and _raw in canonical one-line form. */
static void test_pretty(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "pretty.xml", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 1);
    assert_field(&s.first, "_time", "1671551905.325383");
    assert_field(&s.first, "Qualifiers", "49152");
    assert_field(&s.first, "ModuleDll", "c:\\temp\\msf.dll");
    assert_field(&s.first, "dest", "win-dc-exch01.attackrange.local");
    size_t len;
    FILE *f = fopen("../shared/fixtures/xmlwineventlog/windows_event_log_application_2282.xml", "r");
    assert_non_null(f);
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    len = strcspn(line, "\n");
    line[len] = '\0';
    assert_field(&s.first, "_raw", line);
    record_free(&s.first);
}

static void test_wevtutil_wrapper(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "wevtutil_events.xml", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 2);
    assert_string_equal(s.code[0], "7036");
    assert_string_equal(s.code[1], "600");
    assert_string_equal(s.computer[1], "host-b");
    assert_field(&s.first, "Message", "The Windows Update service entered the running state.");
    assert_field(&s.first, "param1", "Windows Update");
    assert_field(&s.first, "source", "XmlWinEventLog:System");
    record_free(&s.first);
}

static int keep_data(void *ctx, record *ev)
{
    const field *f = record_get(ev, "Data");
    if (f) {
        char *out = ctx;
        for (uint32_t i = 0; i < f->nvalues; i++) {
            strcat(out, f->values[i].s);
            strcat(out, "|");
        }
    }
    return 0;
}

static void test_unnamed_data_multivalue(void **state)
{
    (void)state;
    char out[256] = "";
    input_stats st = { 0 };
    assert_int_equal(input_read_path(DATA "wevtutil_events.xml", NULL, keep_data, out, &st), 0);
    assert_string_equal(out, "Registry|Started|third|");
}

static void test_evtxexport_output(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "evtxexport.txt", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 2);
    assert_field(&s.first, "EventRecordID", "42");
    assert_field(&s.first, "EventCode", "2282");
    record_free(&s.first);
}

static void test_entities_cdata_utf8(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "entities_cdata.xml", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(s.n, 1);
    const record *r = &s.first;
    assert_field(r, "Name", "Quote\"s 'both'");
    assert_field(r, "Computer", "héte-é");
    assert_field(r, "Cmd", "a <b> && c");
    assert_field(r, "Script", "if (a < b && c > d) { x = \"</Event>\"; }");
    assert_field(r, "Ünïcødé", "välue ✓");
    assert_field(r, "Mixed", "xy");
    assert_field(r, "UserID", "S-1-5-18");
    /* +02:00 zone, 7 fraction digits truncated to 6. */
    assert_field(r, "_time", "1714972089.123456");
    assert_field(r, "_raw",
                 "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
                 "<Provider Name='Quote\"s &apos;both&apos;'/><EventID>1</EventID>"
                 "<TimeCreated SystemTime='2024-05-06T07:08:09.1234567+02:00'/>"
                 "<Channel>Test</Channel><Computer>héte-é</Computer>"
                 "<Security UserID='S-1-5-18'/></System><EventData>"
                 "<Data Name='Cmd'>a &lt;b&gt; &amp;&amp; c</Data>"
                 "<Data Name='Script'>if (a &lt; b &amp;&amp; c &gt; d) { x = \"&lt;/Event&gt;\"; }</Data>"
                 "<Data Name='Ünïcødé'>välue ✓</Data>"
                 "<Data Name='Mixed'>xy</Data></EventData></Event>");
    record_free(&s.first);
}

/* By default a malformed event is reported at its line and skipped; the events
 * after it are still read. Line 2: undefined entity; line 3: a mistyped close tag;
 * line 5: cut short by the next <Event>. Junk on line 4 is ignored. */
static void test_malformed_in_the_middle(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "malformed_middle.xml", &s, &st, &err);
    assert_string_equal(err,
        "trawl: tests/data/xml/malformed_middle.xml:2: malformed event skipped: undefined entity\n"
        "trawl: tests/data/xml/malformed_middle.xml:3: malformed event skipped: mismatched tag\n"
        "trawl: tests/data/xml/malformed_middle.xml:5: malformed event skipped: no element found\n");
    assert_int_equal(s.n, 2);
    assert_int_equal(st.events, 2);
    assert_int_equal(st.bad_events, 3);
    assert_true(input_stats_had_problems(&st));
    assert_string_equal(s.computer[0], "c1");
    assert_string_equal(s.computer[1], "c4");
    record_free(&s.first);
}

/* With --lenient the same file yields what the broken events still hold: line 2
 * has no <System> and stays skipped, lines 3 and 5 are recovered. */
static void test_malformed_lenient(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    input_options opt = { .lenient = true };
    read_path_opt(DATA "malformed_middle.xml", &opt, &s, &st, &err);
    assert_string_equal(err,
        "trawl: tests/data/xml/malformed_middle.xml:2: malformed event: undefined entity\n"
        "trawl: tests/data/xml/malformed_middle.xml:3: malformed event: mismatched tag "
        "(fields read leniently)\n"
        "trawl: tests/data/xml/malformed_middle.xml:5: malformed event: no element found "
        "(fields read leniently)\n");
    assert_int_equal(s.n, 4);
    assert_int_equal(st.events, 4);
    assert_int_equal(st.bad_events, 3);
    assert_string_equal(s.computer[0], "c1");
    assert_string_equal(s.computer[1], "c2");
    assert_string_equal(s.computer[2], "c3");
    assert_string_equal(s.computer[3], "c4");
    record_free(&s.first);
}

static const char small_event[] =
    "<Event><System><EventID>7</EventID><Computer>after</Computer></System></Event>\n";

/* An event over the 4 MiB cap, then a normal one: the big one is reported at
 * its line and skipped, the next is read; memory stays bounded. */
static void test_event_over_cap(void **state)
{
    (void)state;
    static const char head[] =
        "\n<Event><System><EventID>1</EventID></System><EventData><Data Name='Big'>";
    static const char tail[] = "</Data></EventData></Event>\n";
    size_t big = XML_READER_MAX_EVENT + 1000;
    size_t len = strlen(head) + big + strlen(tail) + strlen(small_event);
    char *buf = malloc(len);
    char *p = buf;
    memcpy(p, head, strlen(head));
    p += strlen(head);
    memset(p, 'A', big);
    p += big;
    memcpy(p, tail, strlen(tail));
    p += strlen(tail);
    memcpy(p, small_event, strlen(small_event));

    seen s = { 0 };
    record_init(&s.first);
    input_stats st = { 0 };
    capture_begin();
    xml_reader_read_buffer("big.xml", (unsigned char *)buf, len, NULL, on_event, &s, &st);
    const char *err = capture_end();
    assert_string_equal(err, "trawl: big.xml:2: event larger than 4 MiB, skipped\n");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.computer[0], "after");
    assert_int_equal(st.bad_events, 1);
    record_free(&s.first);
    free(buf);
}

/* A start tag alone bigger than the cap (one giant attribute). */
static void test_giant_start_tag(void **state)
{
    (void)state;
    static const char head[] = "<Event a='";
    static const char tail[] = "'><System/></Event>\n";
    size_t big = XML_READER_MAX_EVENT + 10;
    size_t len = strlen(head) + big + strlen(tail) + strlen(small_event);
    char *buf = malloc(len);
    memcpy(buf, head, strlen(head));
    memset(buf + strlen(head), 'x', big);
    memcpy(buf + strlen(head) + big, tail, strlen(tail));
    memcpy(buf + strlen(head) + big + strlen(tail), small_event, strlen(small_event));
    seen s = { 0 };
    record_init(&s.first);
    input_stats st = { 0 };
    capture_begin();
    xml_reader_read_buffer("tag.xml", (unsigned char *)buf, len, NULL, on_event, &s, &st);
    const char *err = capture_end();
    assert_string_equal(err, "trawl: tag.xml:1: event larger than 4 MiB, skipped\n");
    assert_int_equal(s.n, 1);
    assert_string_equal(s.computer[0], "after");
    record_free(&s.first);
    free(buf);
}

/* wevtutil output saved by PowerShell is UTF-16LE with a BOM. */
static void test_utf16(void **state)
{
    (void)state;
    static const char src[] =
        "<Events><Event><System><EventID>9</EventID><Computer>h\xc3\xa9</Computer>"
        "</System></Event></Events>";
    /* ASCII + one U+00E9: write UTF-16LE by hand. */
    unsigned char buf[512];
    size_t o = 0;
    buf[o++] = 0xFF;
    buf[o++] = 0xFE;
    for (size_t i = 0; src[i]; i++) {
        if ((unsigned char)src[i] == 0xC3) {
            buf[o++] = 0xE9;
            buf[o++] = 0;
            i++;
            continue;
        }
        buf[o++] = (unsigned char)src[i];
        buf[o++] = 0;
    }
    assert_true(sniff_xml(buf, o));
    seen s = { 0 };
    record_init(&s.first);
    input_stats st = { 0 };
    xml_reader_read_buffer("u16.xml", buf, o, NULL, on_event, &s, &st);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.code[0], "9");
    assert_string_equal(s.computer[0], "h\xc3\xa9");
    record_free(&s.first);
}

static void test_sniff(void **state)
{
    (void)state;
    static const unsigned char evtx[] = "ElfFile\0rest";
    const sniff_format *f = sniff_detect(evtx, sizeof evtx);
    assert_non_null(f);
    assert_string_equal(f->name, "evtx");
    static const char bom_xml[] = "\xef\xbb\xbf  \n<Event>";
    f = sniff_detect((const unsigned char *)bom_xml, strlen(bom_xml));
    assert_non_null(f);
    assert_string_equal(f->name, "xml");
    static const char banner[] = "evtxexport 20181227\n\n<Event xmlns=\"x\">";
    assert_true(sniff_xml((const unsigned char *)banner, strlen(banner)));
    static const char text[] = "hello, world\n";
    assert_null(sniff_detect((const unsigned char *)text, strlen(text)));
    static const char eventsx[] = "x <EventData>";
    assert_false(sniff_xml((const unsigned char *)eventsx, strlen(eventsx)));
}

/* A directory: names in byte order, recursively; a file of unknown format and an
 * empty file are no logs, counted but not problems (listed with verbose); named
 * on their own, they are reported. */
static void test_directory_walk(void **state)
{
    (void)state;
    seen s;
    input_stats st;
    const char *err;
    read_path(DATA "walk", &s, &st, &err);
    assert_string_equal(err, "");
    assert_int_equal(st.files, 4);
    assert_int_equal(st.not_logs, 2);
    assert_false(input_stats_had_problems(&st));
    record_free(&s.first);

    input_options verbose = { .verbose = true };
    read_path_opt(DATA "walk", &verbose, &s, &st, &err);
    assert_string_equal(err, "trawl: tests/data/xml/walk/a_junk.txt: unknown format, skipped\n"
                             "trawl: tests/data/xml/walk/empty.xml: empty, skipped\n");
    assert_int_equal(st.not_logs, 2);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.code[0], "2282");   /* b.xml */
    assert_string_equal(s.code[1], "7036");
    assert_string_equal(s.code[2], "1102");
    assert_string_equal(s.code[3], "2282");   /* sub/a.xml */
    record_free(&s.first);

    read_path(DATA "walk/a_junk.txt", &s, &st, &err);
    assert_string_equal(err, "trawl: tests/data/xml/walk/a_junk.txt: unknown format, skipped\n");
    assert_int_equal(st.bad_files, 1);
    assert_int_equal(st.not_logs, 0);
    assert_true(input_stats_had_problems(&st));
    record_free(&s.first);

    read_path(DATA "walk/empty.xml", &s, &st, &err);
    assert_string_equal(err, "trawl: tests/data/xml/walk/empty.xml: empty (0 bytes), no events\n");
    assert_false(input_stats_had_problems(&st));
    record_free(&s.first);

    read_path(DATA "no_such_file.xml", &s, &st, &err);
    assert_string_equal(err,
        "trawl: tests/data/xml/no_such_file.xml: cannot open: No such file or directory\n");
    assert_int_equal(st.bad_files, 1);
    assert_true(input_stats_had_problems(&st));
    record_free(&s.first);
}

static int stop_after_one(void *ctx, record *ev)
{
    (void)ev;
    (*(int *)ctx)++;
    return 1;
}

static void test_callback_stops(void **state)
{
    (void)state;
    int calls = 0;
    input_stats st = { 0 };
    assert_int_equal(input_read_path(DATA "walk", NULL, stop_after_one, &calls, &st), 1);
    assert_int_equal(calls, 1);
}

static void test_source_override(void **state)
{
    (void)state;
    seen s = { 0 };
    record_init(&s.first);
    input_stats st = { 0 };
    input_options opt = { .source = "mysrc", .sourcetype = "mytype" };
    assert_int_equal(input_read_path(DATA "pretty.xml", &opt, on_event, &s, &st), 0);
    assert_field(&s.first, "source", "mysrc");
    assert_field(&s.first, "sourcetype", "mytype");
    record_free(&s.first);
}

/* A file of many events read through a file descriptor: blocks end anywhere in
 * an event, events on one line take the fast path, pretty-printed ones and one
 * with a comment the byte scanner; a malformed one near the end is reported at
 * its line. The same text in UTF-16 reads the same. */
static size_t big_file(char *buf, size_t cap, int *events, unsigned long *bad_line)
{
    size_t len = 0;
    unsigned long line = 1;
    int n = 0;
    while (len + 1024 < cap) {
        int w = snprintf(buf + len, cap - len,
                         n % 9 == 4 ? "<Event>\n <System><EventID>%d</EventID>\n"
                                      " <Computer>h%d</Computer></System>\n</Event>\n"
                         : n % 9 == 7 ? "<Event><System><EventID>%d</EventID><!-- </Event> -->"
                                        "<Computer>h%d</Computer></System></Event>\r\n"
                         : "<Event><System><EventID>%d</EventID><Computer>h%d</Computer>"
                           "</System><EventData><Data Name='P'>%.*s</Data></EventData></Event>\n",
                         n, n, n % 300, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        for (int i = 0; i < w; i++)
            line += buf[len + i] == '\n';
        len += (size_t)w;
        n++;
    }
    *bad_line = line;
    len += (size_t)snprintf(buf + len, cap - len,
                            "<Event><System><EventID>1</EventID></Foo></System></Event>\n");
    *events = n;
    return len;
}

static int check_codes(void *ctx, record *ev)
{
    int *n = ctx;
    char want[32];
    snprintf(want, sizeof want, "%d", *n);
    const sv *v = record_value(ev, "EventCode");
    if (!v || strcmp(v->s, want) != 0)
        fail_msg("event %d read as %s", *n, v ? v->s : "(none)");
    (*n)++;
    return 0;
}

static void test_big_file_blocks(void **state)
{
    (void)state;
    size_t cap = 1200u << 10;
    char *buf = malloc(cap);
    assert_non_null(buf);
    int events;
    unsigned long bad_line;
    size_t len = big_file(buf, cap, &events, &bad_line);
    char path[] = "/tmp/trawl_xml_big_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
    char want[128];
    snprintf(want, sizeof want, "trawl: %s:%lu: malformed event skipped: mismatched tag\n", path,
             bad_line);

    int n = 0;
    input_stats st = { 0 };
    capture_begin();
    assert_int_equal(input_read_path(path, NULL, check_codes, &n, &st), 0);
    const char *err = capture_end();
    assert_string_equal(err, want);
    assert_int_equal(n, events);
    assert_int_equal(st.bad_events, 1);

    /* UTF-16LE with a BOM: the transcoded blocks take the same paths. */
    unsigned char *u16 = malloc(2 + 2 * len);
    assert_non_null(u16);
    u16[0] = 0xFF;
    u16[1] = 0xFE;
    for (size_t i = 0; i < len; i++) {
        u16[2 + 2 * i] = (unsigned char)buf[i];
        u16[3 + 2 * i] = 0;
    }
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, u16, 2 + 2 * len), (ssize_t)(2 + 2 * len));
    close(fd);
    n = 0;
    memset(&st, 0, sizeof st);
    capture_begin();
    assert_int_equal(input_read_path(path, NULL, check_codes, &n, &st), 0);
    err = capture_end();
    assert_string_equal(err, want);
    assert_int_equal(n, events);
    unlink(path);
    free(u16);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_per_line),
        cmocka_unit_test(test_pretty),
        cmocka_unit_test(test_wevtutil_wrapper),
        cmocka_unit_test(test_unnamed_data_multivalue),
        cmocka_unit_test(test_evtxexport_output),
        cmocka_unit_test(test_entities_cdata_utf8),
        cmocka_unit_test(test_malformed_in_the_middle),
        cmocka_unit_test(test_malformed_lenient),
        cmocka_unit_test(test_event_over_cap),
        cmocka_unit_test(test_giant_start_tag),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_directory_walk),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_source_override),
        cmocka_unit_test(test_big_file_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
