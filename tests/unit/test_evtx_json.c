/* test_evtx_json.c - the JSON renderer behind `trawl dump -f json/jsonl`: string
 * escaping against a byte-at-a-time reference for every length and position (the
 * writer checks 8 bytes at a time, with overlapping loads for short strings and
 * tails), and the EventData/Data Name flattening. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "evtx/evtx_private.h"

/* The escaping of docs/evtx-json.md, one byte at a time. */
static void reference_escape(evtx_buf *b, const char *s, size_t n)
{
    evtx_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '"': evtx_buf_put(b, "\\\"", 2); break;
        case '\\': evtx_buf_put(b, "\\\\", 2); break;
        case '\n': evtx_buf_put(b, "\\n", 2); break;
        case '\r': evtx_buf_put(b, "\\r", 2); break;
        case '\t': evtx_buf_put(b, "\\t", 2); break;
        default:
            if (ch < 0x20)
                evtx_buf_printf(b, "\\u%04x", ch);
            else
                evtx_buf_putc(b, (char)ch);
        }
    }
    evtx_buf_putc(b, '"');
}

/* {"E":"<text>"} as the JSON writer renders an element holding text. */
static void render_text(evtx_buf *out, const char *s, size_t n)
{
    evtx_json_writer *j = evtx_json_new();
    evtx_json_visitor.open(j, "E", 1);
    evtx_json_visitor.text(j, s, n);
    evtx_json_visitor.close(j);
    out->len = 0;
    evtx_json_finish(j, out, false, false);
    evtx_json_free(j);
}

static void test_escaping_every_length_and_position(void **state)
{
    (void)state;
    static const char specials[] = { '"', '\\', '\n', '\r', '\t', 0x01, 0x1f, 0 };
    char s[40];
    evtx_buf got = { 0 }, want = { 0 };
    for (size_t n = 1; n <= sizeof s; n++) {
        for (size_t pos = 0; pos <= n; pos++) {           /* pos == n: all plain */
            for (size_t k = 0; k < sizeof specials; k++) {
                for (size_t i = 0; i < n; i++)
                    s[i] = (char)('A' + (i * 7) % 26);
                if (pos < n)
                    s[pos] = specials[k];
                else if (k)
                    break;
                render_text(&got, s, n);
                want.len = 0;
                evtx_buf_put(&want, "{\"E\":", 5);
                reference_escape(&want, s, n);
                evtx_buf_putc(&want, '}');
                evtx_buf_putc(&got, 0);
                evtx_buf_putc(&want, 0);
                assert_string_equal(got.p, want.p);
            }
        }
    }
    /* UTF-8 and DEL pass through unescaped */
    render_text(&got, "caf\xc3\xa9\x7f", 6);
    evtx_buf_putc(&got, 0);
    assert_string_equal(got.p, "{\"E\":\"caf\xc3\xa9\x7f\"}");
    evtx_buf_free(&got);
    evtx_buf_free(&want);
}

static void test_eventdata_names_flatten(void **state)
{
    (void)state;
    evtx_json_writer *j = evtx_json_new();
    const evtx_visitor *v = &evtx_json_visitor;
    v->open(j, "EventData", 9);
    v->open(j, "Data", 4);
    v->attr(j, "Name", 4, "Module", 6);
    v->text(j, "x.dll", 5);
    v->close(j);
    v->open(j, "Data", 4);                 /* no Name: stays "Data" */
    v->text(j, "y", 1);
    v->close(j);
    v->open(j, "Data", 4);
    v->attr(j, "Name", 4, "Module", 6);    /* same name again: an array */
    v->text(j, "z.dll", 5);
    v->close(j);
    v->close(j);
    evtx_buf out = { 0 };
    evtx_json_finish(j, &out, false, false);
    evtx_buf_putc(&out, 0);
    assert_string_equal(out.p, "{\"EventData\":{\"Module\":[\"x.dll\",\"z.dll\"],\"Data\":\"y\"}}");
    evtx_buf_free(&out);
    evtx_json_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping_every_length_and_position),
        cmocka_unit_test(test_eventdata_names_flatten),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
