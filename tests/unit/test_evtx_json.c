/* test_evtx_json.c - the JSON renderers behind `trawl dump -f json/jsonl`: string
 * escaping against a byte-at-a-time reference for every length and position (the
 * writer checks 8 bytes at a time, with overlapping loads for short strings and
 * tails), the EventData/Data Name flattening, and the streaming one-line writer
 * against the tree writer on random callback sequences (same bytes whenever the
 * streaming writer takes the record). */
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

/* A small deterministic generator (xorshift). */
static uint32_t rnd_state = 12345;
static uint32_t rnd(uint32_t n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 17;
    rnd_state ^= rnd_state << 5;
    return rnd_state % n;
}

/* One random callback, sent to both writers. */
typedef struct both {
    evtx_json_writer *tree;
    evtx_jsonl_writer *line;
} both;

static void both_open(both *b, const char *n)
{
    evtx_json_visitor.open(b->tree, n, strlen(n));
    evtx_jsonl_visitor.open(b->line, n, strlen(n));
}

static void both_attr(both *b, const char *n, const char *v)
{
    evtx_json_visitor.attr(b->tree, n, strlen(n), v, strlen(v));
    evtx_jsonl_visitor.attr(b->line, n, strlen(n), v, strlen(v));
}

static void both_text(both *b, const char *t)
{
    evtx_json_visitor.text(b->tree, t, strlen(t));
    evtx_jsonl_visitor.text(b->line, t, strlen(t));
}

static void both_close(both *b)
{
    evtx_json_visitor.close(b->tree);
    evtx_jsonl_visitor.close(b->line);
}

/* A random element: names repeat (arrays, flattening, keys coming back), attributes
 * before content, text around children. depth bounds the recursion. */
static void random_element(both *b, int depth)
{
    static const char *const names[] = { "Data", "EventData", "System", "A", "B" };
    static const char *const texts[] = { "v", "", "a\"b\\c\n", "0x10", "\x01", "long text value" };
    static const char *const vals[] = { "K1", "K2", "K1", "", "x\ty" };
    both_open(b, names[rnd(5)]);
    int nattrs = (int)rnd(3);
    for (int i = 0; i < nattrs; i++)
        both_attr(b, rnd(2) ? "Name" : "x", vals[rnd(5)]);
    int items = depth < 4 ? (int)rnd(5) : 0;
    for (int i = 0; i < items; i++) {
        if (rnd(3) == 0)
            both_text(b, texts[rnd(6)]);
        else
            random_element(b, depth + 1);
    }
    if (rnd(2))
        both_text(b, texts[rnd(6)]);
    both_close(b);
}

static void test_streaming_matches_tree(void **state)
{
    (void)state;
    both b = { evtx_json_new(), evtx_jsonl_new() };
    evtx_buf tree = { 0 }, line = { 0 };
    int streamed = 0, total = 20000;
    for (int i = 0; i < total; i++) {
        evtx_json_reset(b.tree);
        line.len = 0;
        evtx_buf_put(&line, "prefix", 6);      /* evtx_jsonl_end leaves what was there */
        evtx_jsonl_begin(b.line, &line);
        if (rnd(4) == 0)
            both_text(&b, "top-level text");
        int roots = (int)rnd(3);     /* none: a recovered record may render nothing */
        for (int r = 0; r < roots; r++)
            random_element(&b, 0);
        /* a carved record's marks, in every combination */
        evtx_record_view view = { .recovered = rnd(5) == 0 };
        view.duplicate = view.recovered && rnd(2);
        view.malformed = view.recovered ? (uint8_t)rnd(EVTX_CARVE_NVERDICTS) : 0;
        const evtx_record_view *r = rnd(3) ? &view : NULL;
        bool ok = evtx_jsonl_end(b.line, r);
        tree.len = 0;
        evtx_buf_put(&tree, "prefix", 6);
        evtx_json_finish(b.tree, &tree, false, r);
        if (!ok) {
            assert_int_equal(line.len, 6);
            continue;
        }
        streamed++;
        evtx_buf_putc(&tree, 0);
        evtx_buf_putc(&line, 0);
        assert_string_equal(line.p, tree.p);
    }
    /* Most records stream; the rest repeat a key after another one. */
    assert_true(streamed > total / 2);
    assert_true(streamed < total);
    evtx_buf_free(&tree);
    evtx_buf_free(&line);
    evtx_json_free(b.tree);
    evtx_jsonl_free(b.line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping_every_length_and_position),
        cmocka_unit_test(test_eventdata_names_flatten),
        cmocka_unit_test(test_streaming_matches_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
