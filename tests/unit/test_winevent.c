/* test_winevent.c - field extraction of Windows XML events (DESIGN.md table):
 * every one of the 69 fixture events against the field list of its data source
 * YAML in security_content, exact values of the seed 2282 event, and `_raw`
 * reproducing each canonical fixture line byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event/record.h"
#include "event/winevent.h"
#include "formats/input.h"
#include "formats/xml_reader.h"
#include "../support/shared_data.h"

#define FIXTURES "../shared/fixtures/xmlwineventlog"
#define DATA_SOURCES "../shared/security_content/data_sources"

/* docs/fields.md, "Fields trawl does not produce": rows of data sources (`*` for
 * all) and the fields of theirs trawl does not produce (`*` for all, `tag::*` a
 * prefix). The test reads its exceptions from there, so the table is the list. */
#define FIELDS_DOC "docs/fields.md"
enum { NP_MAX = 64, NP_NAMES = 40 };

typedef struct np_row {
    char sources[NP_NAMES][64];
    int nsources;
    char fields[NP_NAMES][64];
    int nfields;
} np_row;

static np_row np_rows[NP_MAX];
static int np_count;

/* The backticked words of a table cell. */
static int cell_words(const char *s, const char *end, char out[][64])
{
    int n = 0;
    for (const char *p = s; p < end && n < NP_NAMES;) {
        const char *a = memchr(p, '`', (size_t)(end - p));
        if (!a)
            break;
        const char *b = memchr(a + 1, '`', (size_t)(end - a - 1));
        if (!b)
            break;
        snprintf(out[n++], 64, "%.*s", (int)(b - a - 1), a + 1);
        p = b + 1;
    }
    return n;
}

static void load_not_produced(void)
{
    FILE *f = fopen(FIELDS_DOC, "r");
    assert_non_null(f);
    char line[4096];
    bool in = false;
    np_count = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0)
            in = strncmp(line, "## Fields trawl does not produce", 32) == 0;
        if (!in || line[0] != '|' || line[1] != ' ' || line[2] != '`')
            continue;
        char *c1 = strchr(line + 1, '|');
        char *c2 = c1 ? strchr(c1 + 1, '|') : NULL;
        assert_non_null(c2);
        assert_true(np_count < NP_MAX);
        np_row *r = &np_rows[np_count++];
        r->nsources = cell_words(line + 1, c1, r->sources);
        r->nfields = cell_words(c1 + 1, c2, r->fields);
        assert_true(r->nsources > 0 && r->nfields > 0);
    }
    fclose(f);
    assert_true(np_count > 10);
}

static bool word_matches(const char *pattern, const char *s)
{
    size_t n = strlen(pattern);
    if (strcmp(pattern, "*") == 0)
        return true;
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, s, n - 1) == 0;
    return strcmp(pattern, s) == 0;
}

/* True when docs/fields.md says trawl does not produce field f of source. */
static bool not_produced(const char *source, const char *f)
{
    for (int i = 0; i < np_count; i++) {
        bool src = false;
        for (int k = 0; k < np_rows[i].nsources && !src; k++)
            src = word_matches(np_rows[i].sources[k], source);
        if (!src)
            continue;
        for (int k = 0; k < np_rows[i].nfields; k++)
            if (word_matches(np_rows[i].fields[k], f))
                return true;
    }
    return false;
}

/* Data source fields absent from this particular fixture event, with why. */
static const struct { const char *fixture, *field, *why; } not_in_fixture[] = {
    { "windows_event_log_defender_1121", "Old_Value", "5007's field; 1121 has no such Data" },
    { "windows_event_log_defender_1121", "New_Value", "5007's field; 1121 has no such Data" },
};

static bool is_not_in_fixture(const char *fixture, const char *f)
{
    for (size_t i = 0; i < sizeof not_in_fixture / sizeof not_in_fixture[0]; i++)
        if (strcmp(fixture, not_in_fixture[i].fixture) == 0 &&
            strcmp(f, not_in_fixture[i].field) == 0)
            return true;
    return false;
}

/* True when the event text has <Data Name='N'> with an empty value, N cleaned
 * like a field name equal to f: trawl creates no field for an empty value
 * (Splunk's regex extraction does, which is why data sources list them). */
static bool empty_in_event(const char *text, const char *f)
{
    for (const char *p = strstr(text, "Name='"); p; p = strstr(p + 1, "Name='")) {
        const char *n = p + 6;
        const char *q = strchr(n, '\'');
        if (!q || q[1] != '>')
            continue;
        size_t len = (size_t)(q - n);
        if (len != strlen(f))
            continue;
        bool same = true;
        for (size_t i = 0; i < len && same; i++) {
            char c = n[i];
            bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            same = (alnum ? c : '_') == f[i];
        }
        if (same && (q[2] == '<' || q[2] == '\n' || q[2] == '\0'))
            return true;
    }
    return false;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* Collects the events of a reader run. */
typedef struct collect {
    record recs[4];
    int n;
} collect;

static int on_event(void *ctx, record *ev)
{
    collect *c = ctx;
    if (c->n < 4)
        record_copy(&c->recs[c->n], ev);
    c->n++;
    return 0;
}

static void collect_init(collect *c)
{
    c->n = 0;
    for (int i = 0; i < 4; i++)
        record_init(&c->recs[i]);
}

static void collect_free(collect *c)
{
    for (int i = 0; i < 4; i++)
        record_free(&c->recs[i]);
}

/* Fixtures that are not well-formed XML: Splunk truncated their example_log (the
 * fixtures were cut from it) in mid-event, and 5141 has "<Le>0</Level>". Each
 * is reported with expat's message and still read leniently, as Splunk would
 * index it. Fields after the cut cannot exist; they are listed in lost_fields. */
static const struct { const char *name; const char *msg; } malformed[] = {
    { "powershell_script_block_logging_4104", "no element found" },
    { "windows_event_log_security_4627", "no element found" },
    { "windows_event_log_security_4662", "no element found" },
    { "windows_event_log_security_4663", "no element found" },
    { "windows_event_log_security_4672", "no element found" },
    { "windows_event_log_security_4738", "no element found" },
    { "windows_event_log_security_4741", "no element found" },
    { "windows_event_log_security_4742", "no element found" },
    { "windows_event_log_security_4886", "no element found" },
    { "windows_event_log_security_4887", "no element found" },
    { "windows_event_log_security_5140", "no element found" },
    { "windows_event_log_security_5141", "mismatched tag" },
    { "windows_event_log_security_5145", "no element found" },
    { "windows_event_log_system_7045", "no element found" },
};

static const char *malformed_msg(const char *base)
{
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        if (strcmp(base, malformed[i].name) == 0)
            return malformed[i].msg;
    return NULL;
}

/* Reads one fixture: exactly one event; nothing reported unless the fixture is
 * in malformed[], which must count one bad event. Returns whether it was. */
static bool read_fixture(const char *base, collect *c, char **text, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.xml", FIXTURES, base);
    *text = slurp(path, len);
    assert_non_null(*text);
    input_stats st = { 0 };
    collect_init(c);
    input_options lenient = { .lenient = true };
    xml_reader_read_buffer(path, (const unsigned char *)*text, *len, &lenient, on_event, c, &st);
    bool bad = malformed_msg(base) != NULL;
    assert_int_equal(c->n, 1);
    assert_int_equal(st.events, 1);
    assert_int_equal(st.bad_events, bad ? 1 : 0);
    return bad;
}

/* The "fields:" list of a data source YAML (block list of plain scalars). */
static int load_fields(const char *base, char fields[][96], int max)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.yml", DATA_SOURCES, base);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int n = 0;
    bool in = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "fields:", 7) == 0) {
            in = true;
            continue;
        }
        if (!in)
            continue;
        if (strncmp(line, "- ", 2) != 0)
            break;
        char *v = line + 2;
        v[strcspn(v, "\r\n")] = '\0';
        size_t vl = strlen(v);
        if (n < max && vl < 96) {
            memcpy(fields[n], v, vl + 1);
            n++;
        }
    }
    fclose(f);
    return n;
}

static int fixture_names(char names[][128], int max)
{
    DIR *d = opendir(FIXTURES);
    assert_non_null(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".xml") == 0 && n < max) {
            snprintf(names[n], 128, "%.*s", (int)(l - 4), de->d_name);
            n++;
        }
    }
    closedir(d);
    return n;
}

static void test_every_fixture_has_its_data_source_fields(void **state)
{
    (void)state;
    static char names[128][128];
    static char fields[256][96];
    int n = fixture_names(names, 128);
    assert_int_equal(n, 69);
    load_not_produced();
    int missing = 0, checked = 0;
    for (int i = 0; i < n; i++) {
        collect c;
        char *text;
        size_t len;
        bool bad = read_fixture(names[i], &c, &text, &len);
        int nf = load_fields(names[i], fields, 256);
        assert_true(nf > 0);
        for (int k = 0; k < nf; k++) {
            const char *f = fields[k];
            if (not_produced(names[i], f) || is_not_in_fixture(names[i], f))
                continue;
            checked++;
            if (!record_get(&c.recs[0], f) && !(bad && strstr(text, f) == NULL) &&
                !empty_in_event(text, f)) {
                print_error("%s: field %s missing\n", names[i], f);
                missing++;
            }
        }
        collect_free(&c);
        free(text);
    }
    assert_int_equal(missing, 0);
    assert_true(checked > 3500);
}

static void assert_field(const record *r, const char *name, const char *want)
{
    const field *f = record_get(r, name);
    if (!f)
        fail_msg("field %s missing", name);
    assert_int_equal(f->nvalues, 1);
    assert_string_equal(f->values[0].s, want);
}

static void test_2282_exact_values(void **state)
{
    (void)state;
    collect c;
    char *text;
    size_t len;
    read_fixture("windows_event_log_application_2282", &c, &text, &len);
    const record *r = &c.recs[0];
    assert_field(r, "_time", "1671551905.325383");
    assert_field(r, "EventCode", "2282");
    assert_field(r, "EventID", "2282");
    assert_field(r, "Qualifiers", "49152");
    assert_field(r, "Name", "Microsoft-Windows-IIS-W3SVC-WP");
    assert_field(r, "Guid", "{670080D9-742A-4187-8D16-41143D1290BD}");
    assert_field(r, "EventSourceName", "W3SVC-WP");
    assert_field(r, "Version", "0");
    assert_field(r, "Level", "2");
    assert_field(r, "Task", "0");
    assert_field(r, "Opcode", "0");
    assert_field(r, "Keywords", "0x80000000000000");
    assert_field(r, "SystemTime", "2022-12-20T15:58:25.325383600Z");
    assert_field(r, "EventRecordID", "1001307");
    assert_field(r, "RecordNumber", "1001307");
    assert_field(r, "ProcessID", "0");
    assert_field(r, "ThreadID", "0");
    assert_field(r, "Channel", "Application");
    assert_field(r, "Computer", "win-dc-exch01.attackrange.local");
    assert_field(r, "signature_id", "2282");
    assert_field(r, "event_id", "1001307");   /* the add-on's RecordNumber AS event_id */
    assert_field(r, "Error_Code", "-");       /* no Status: the add-on's EVAL gives "-" */
    assert_field(r, "dvc_nt_host", "win-dc-exch01.attackrange.local");
    assert_field(r, "id", "1001307");
    assert_field(r, "vendor_product", "Microsoft Windows");
    assert_field(r, "ModuleDll", "c:\\temp\\msf.dll");
    assert_field(r, "ProcessorArchitecture", "AMD64");
    assert_field(r, "Binary", "C1000000");
    assert_field(r, "source", "XmlWinEventLog:Application");
    assert_field(r, "sourcetype", "XmlWinEventLog");
    assert_field(r, "host", "win-dc-exch01.attackrange.local");
    assert_field(r, "dest", "win-dc-exch01.attackrange.local");
    assert_field(r, "dvc", "win-dc-exch01.attackrange.local");
    assert_field(r, "EventData_Xml",
                 "<Data Name='ModuleDll'>c:\\temp\\msf.dll</Data><Data Name='ProcessorArchitecture'>"
                 "AMD64</Data><Binary>C1000000</Binary>");
    /* Empty <Security/> has no UserID; no unnamed Data. */
    assert_null(record_get(r, "UserID"));
    assert_null(record_get(r, "Data"));
    assert_null(record_get(r, "ActivityID"));

    /* The documented order: System fields, EventData, the tail, classic fields,
     * then the add-on's computed fields. */
    static const char *const order[] = {
        "_time", "EventCode", "EventID", "Qualifiers", "Name", "Guid", "EventSourceName",
        "Version", "Level", "Task", "Opcode", "Keywords", "SystemTime", "EventRecordID",
        "RecordNumber", "ProcessID", "ThreadID", "Channel", "Computer", "ModuleDll",
        "ProcessorArchitecture", "Binary", "System_Props_Xml", "EventData_Xml", "source",
        "sourcetype", "host", "_raw", "ComputerName", "OpCode", "Message", "signature_id",
        "event_id", "id", "vendor_product", "dvc", "dvc_nt_host", "Error_Code", "dest",
    };
    assert_int_equal(r->nfields, sizeof order / sizeof order[0]);
    for (size_t i = 0; i < r->nfields; i++)
        assert_string_equal(r->fields[i].name, order[i]);
    collect_free(&c);
    free(text);
}

/* Canonical = the shape Splunk writes: single-quoted attributes, no layout. The
 * Linux Sysmon fixtures use double quotes, so their _raw is the canonical form. */
static void test_raw_round_trip(void **state)
{
    (void)state;
    static char names[128][128];
    int n = fixture_names(names, 128);
    int same = 0;
    for (int i = 0; i < n; i++) {
        collect c;
        char *text;
        size_t len;
        bool bad = read_fixture(names[i], &c, &text, &len);
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
        const sv *raw = record_value(&c.recs[0], "_raw");
        assert_non_null(raw);
        bool canonical = memchr(text, '"', len) == NULL ||
                         strstr(text, "='") != NULL;
        if (strncmp(names[i], "sysmon_for_linux", 16) == 0 || bad)
            canonical = false;
        if (canonical) {
            if (raw->len != len || memcmp(raw->s, text, len) != 0)
                fail_msg("%s: _raw differs:\n%.*s\n%.*s", names[i], (int)len, text,
                         (int)raw->len, raw->s);
            same++;
        } else if (bad) {
            /* Repaired: the input up to the cut, then the missing close tags. */
            assert_true(raw->len > 100);
            assert_int_equal(memcmp(raw->s, text, 100), 0);
            assert_non_null(strstr(raw->s, "</Event>"));
        } else {
            /* Same event after the quotes are normalised. */
            assert_non_null(strstr(raw->s, "<Provider Name='Linux-Sysmon'"));
            assert_int_equal(raw->s[raw->len - 1], '>');
        }
        collect_free(&c);
        free(text);
    }
    assert_int_equal(same, 53);   /* 69 - 2 Linux Sysmon - 14 malformed */
}

static void test_linux_sysmon(void **state)
{
    (void)state;
    collect c;
    char *text;
    size_t len;
    read_fixture("sysmon_for_linux_eventid_1", &c, &text, &len);
    const record *r = &c.recs[0];
    assert_field(r, "UserId", "0");
    assert_field(r, "Image", "/usr/bin/sudo");
    assert_field(r, "source", "XmlWinEventLog:Linux-Sysmon/Operational");
    assert_field(r, "_time", "1660041767.749450");
    assert_field(r, "CommandLine", "sudo gdb -nx -ex !sh -ex quit");
    collect_free(&c);
    free(text);
}

static void test_userdata_leaves(void **state)
{
    (void)state;
    collect c;
    char *text;
    size_t len;
    read_fixture("windows_event_log_security_1102", &c, &text, &len);
    const record *r = &c.recs[0];
    assert_field(r, "SubjectUserSid", "ATTACKRANGE\\Administrator");
    assert_field(r, "SubjectUserName", "Administrator");
    assert_field(r, "SubjectDomainName", "ATTACKRANGE");
    assert_field(r, "SubjectLogonId", "0x34a3a27");
    assert_field(r, "UserData_Xml",
                 "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>"
                 "<SubjectUserSid>ATTACKRANGE\\Administrator</SubjectUserSid><SubjectUserName>"
                 "Administrator</SubjectUserName><SubjectDomainName>ATTACKRANGE</SubjectDomainName>"
                 "<SubjectLogonId>0x34a3a27</SubjectLogonId></LogFileCleared>");
    collect_free(&c);
    free(text);
    read_fixture("windows_event_log_capi2_70", &c, &text, &len);
    r = &c.recs[0];
    assert_field(r, "UserID", "S-1-5-21-2690122726-1172718210-436210976-500");
    /* Attribute-only leaves give no fields (Splunk's CAPI2 data source has none). */
    assert_null(record_get(r, "fileRef"));
    assert_null(record_get(r, "value"));
    collect_free(&c);
    free(text);
}

/* Drives the builder directly, as the EVTX reader does. */
static void feed(winevent *w, const char *spec[][3], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *op = spec[i][0];
        if (strcmp(op, "open") == 0)
            winevent_open(w, spec[i][1], strlen(spec[i][1]));
        else if (strcmp(op, "attr") == 0)
            winevent_attr(w, spec[i][1], strlen(spec[i][1]), spec[i][2], strlen(spec[i][2]));
        else if (strcmp(op, "text") == 0)
            winevent_text(w, spec[i][1], strlen(spec[i][1]));
        else
            winevent_close(w);
    }
}

static void test_builder_rules(void **state)
{
    (void)state;
    static const char *ev[][3] = {
        { "open", "Event", 0 }, { "attr", "xmlns", "http://x" },
        { "open", "System", 0 },
        { "open", "EventID", 0 }, { "text", "4", 0 }, { "text", "688", 0 }, { "close", 0, 0 },
        { "open", "TimeCreated", 0 }, { "attr", "SystemTime", "1970-01-01T00:00:01Z" },
        { "close", 0, 0 },
        { "open", "Channel", 0 }, { "text", "A<&>'\"", 0 }, { "close", 0, 0 },
        { "close", 0, 0 },
        { "open", "EventData", 0 },
        { "open", "Data", 0 }, { "attr", "Name", "Empty" }, { "close", 0, 0 },
        { "open", "Data", 0 }, { "text", "one", 0 }, { "close", 0, 0 },
        { "open", "Data", 0 }, { "close", 0, 0 },
        { "open", "Data", 0 }, { "text", "two", 0 }, { "close", 0, 0 },
        { "open", "Data", 0 }, { "attr", "Name", "_raw" }, { "text", "forged", 0 },
        { "close", 0, 0 },
        { "open", "Data", 0 }, { "attr", "Name", "Q" }, { "attr", "x", "a'b&c<d\n" },
        { "text", "v", 0 }, { "close", 0, 0 },
        { "close", 0, 0 },
        { "close", 0, 0 },
    };
    winevent_options opt = { "mysource", "mytype", NULL, false };
    winevent *w = winevent_new(&opt);
    record r;
    record_init(&r);
    for (int round = 0; round < 2; round++) {   /* builder reuse */
        winevent_begin(w);
        feed(w, ev, sizeof ev / sizeof ev[0]);
        const char *why = "x";
        assert_int_equal(winevent_end(w, &r, &why), 0);
        assert_null(why);
        assert_field(&r, "EventCode", "4688");
        assert_field(&r, "_time", "1.000000");
        assert_field(&r, "Channel", "A<&>'\"");
        assert_null(record_get(&r, "Empty"));
        const field *d = record_get(&r, "Data");
        assert_non_null(d);
        assert_int_equal(d->nvalues, 2);
        assert_string_equal(d->values[0].s, "one");
        assert_string_equal(d->values[1].s, "two");
        assert_field(&r, "raw", "forged");
        assert_field(&r, "Q", "v");
        assert_field(&r, "source", "mysource");
        assert_field(&r, "sourcetype", "mytype");
        assert_null(record_get(&r, "dest"));
        assert_field(&r, "_raw",
                     "<Event xmlns='http://x'><System><EventID>4688</EventID>"
                     "<TimeCreated SystemTime='1970-01-01T00:00:01Z'/>"
                     "<Channel>A&lt;&amp;&gt;'\"</Channel></System><EventData>"
                     "<Data Name='Empty'/><Data>one</Data><Data/><Data>two</Data>"
                     "<Data Name='_raw'>forged</Data>"
                     "<Data Name='Q' x='a&apos;b&amp;c&lt;d&#xA;'>v</Data></EventData></Event>");
    }
    record_free(&r);
    winevent_free(w);
}

static void test_builder_errors_and_depth(void **state)
{
    (void)state;
    winevent *w = winevent_new(NULL);
    record r;
    record_init(&r);
    const char *why = NULL;

    winevent_begin(w);
    winevent_open(w, "Events", 6);
    winevent_close(w);
    assert_int_equal(winevent_end(w, &r, &why), -1);
    assert_string_equal(why, "root element is not <Event>");

    winevent_begin(w);
    winevent_open(w, "Event", 5);
    winevent_close(w);
    assert_int_equal(winevent_end(w, &r, &why), -1);
    assert_string_equal(why, "no <System> element");

    winevent_begin(w);
    winevent_open(w, "Event", 5);
    winevent_open(w, "System", 6);
    assert_int_equal(winevent_end(w, &r, &why), -1);
    assert_string_equal(why, "unclosed element");

    /* 200 nested elements: everything below depth 64 is dropped, nothing breaks. */
    winevent_begin(w);
    winevent_open(w, "Event", 5);
    winevent_open(w, "System", 6);
    winevent_close(w);
    winevent_open(w, "UserData", 8);
    for (int i = 0; i < 200; i++)
        winevent_open(w, "X", 1);
    winevent_text(w, "deep", 4);
    for (int i = 0; i < 200; i++)
        winevent_close(w);
    winevent_close(w);
    winevent_close(w);
    assert_int_equal(winevent_end(w, &r, &why), 0);
    assert_null(record_get(&r, "X"));
    const sv *raw = record_value(&r, "_raw");
    assert_non_null(raw);
    assert_null(strstr(raw->s, "deep"));
    record_free(&r);
    winevent_free(w);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        cmocka_unit_test(test_builder_rules),
        cmocka_unit_test(test_builder_errors_and_depth),
    };
    /* These read ../shared. */
    const struct CMUnitTest needs[] = {
        cmocka_unit_test(test_every_fixture_has_its_data_source_fields),
        cmocka_unit_test(test_2282_exact_values),
        cmocka_unit_test(test_raw_round_trip),
        cmocka_unit_test(test_linux_sysmon),
        cmocka_unit_test(test_userdata_leaves),
    };
    return SHARED_DATA_RUN("test_winevent", own, needs);
}
