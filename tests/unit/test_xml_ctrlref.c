/* test_xml_ctrlref.c - forbidden control-character references survive a round trip
 * through placeholders, and events holding them are read instead of rejected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/xml_ctrlref.h"
#include "formats/xml_reader.h"

static void test_encode_decode(void **state)
{
    (void)state;
    const char *in = "<D>a&#x3;b&#1;c&#xD;&#9;&amp;&#x1F;</D>";
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    assert_true(xml_ctrlref_encode((const unsigned char *)in, strlen(in), &buf, &cap, &n));
    /* &#xD; and &#9; are allowed in XML and stay references. */
    assert_int_equal(n, strlen("<D>a") + 3 + 1 + 3 + strlen("c&#xD;&#9;&amp;") + 3 + strlen("</D>"));
    assert_memory_equal(buf, "<D>a\xEF\x9C\x83" "b\xEF\x9C\x81" "c&#xD;&#9;&amp;\xEF\x9C\x9F</D>", n);
    char *out = NULL;
    size_t out_cap = 0, out_len = 0;
    const char *text = "x\xEF\x9C\x83y\xEF\x9C\x80";
    const char *dec = xml_ctrlref_decode(text, strlen(text), &out, &out_cap, &out_len);
    assert_int_equal(out_len, 4);
    assert_memory_equal(dec, "x\x03y\x00", 4);
    free(buf);
    free(out);
}

static void test_nothing_to_do(void **state)
{
    (void)state;
    const char *in = "<D>plain &amp; &#65; &#x41 &#;</D>";
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    assert_false(xml_ctrlref_encode((const unsigned char *)in, strlen(in), &buf, &cap, &n));
    assert_null(buf);
    static const char plain[] = "abc";
    size_t len = 0;
    char *out = NULL;
    assert_ptr_equal(xml_ctrlref_decode(plain, 3, &out, &cap, &len), plain);
    assert_null(out);
}

static int count_event(void *ctx, record *ev)
{
    const sv *v = record_value(ev, "Cmd");
    assert_non_null(v);
    assert_int_equal(v->len, 3);
    assert_memory_equal(v->s, "a\x01z", 3);
    (*(int *)ctx)++;
    return 0;
}

static void test_event_with_control_reference_is_read(void **state)
{
    (void)state;
    const char *xml =
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<EventID>1</EventID><Channel>C</Channel><Computer>h</Computer></System>"
        "<EventData><Data Name='Cmd'>a&#x1;z</Data></EventData></Event>\n";
    int n = 0;
    input_stats st = { 0 };
    xml_reader_read_buffer("ctrl.xml", (const unsigned char *)xml, strlen(xml), NULL,
                           count_event, &n, &st);
    assert_int_equal(n, 1);
    assert_int_equal(st.bad_events, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_decode),
        cmocka_unit_test(test_nothing_to_do),
        cmocka_unit_test(test_event_with_control_reference_is_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
