/* fuzz_content.c - libFuzzer target for the content loaders: the first byte picks
 * detection, macro, story, macro-list YAML, a file of any of these kinds (--content
 * FILE) or macros.conf, the rest is the file.
 * Loads into a content set that already holds the built-in pack, then looks up a
 * filter macro so the lookup paths run over whatever got loaded. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "content/content.h"
#include "content/content_private.h"

static const content_kind kinds[] = {
    CONTENT_DETECTION, CONTENT_MACRO, CONTENT_STORY, CONTENT_MACRO_LIST, CONTENT_ANY,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    content c;
    content_init(&c);
    tr_error err = { 0 };
    content_load_builtin(&c, &err);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t which = data[0] % (sizeof kinds / sizeof kinds[0] + 1);
    if (which < sizeof kinds / sizeof kinds[0])
        content_load_yaml_buffer(&c, kinds[which], text, len, "fuzz/detections/f.yml", &err);
    else
        content_load_macros_conf(&c, text, len, "fuzz.conf", &err);
    static const char filter[] = "f_filter";
    content_lookup_macro(&c, filter, sizeof filter - 1, 0);
    for (size_t i = 0; i < c.nmacros; i++)
        content_lookup_macro(&c, c.macros[i].name, strlen(c.macros[i].name), c.macros[i].nargs);
    content_free(&c);
    return 0;
}
