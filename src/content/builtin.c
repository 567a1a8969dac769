/* builtin.c - the built-in pack: every file under content/builtin/, compiled
 * into trawl by scripts/embed-content (build/gen/builtin_pack.c), loaded like a
 * content directory before any --content so users can replace what it defines. */
#include <stdio.h>
#include <string.h>

#include "content_private.h"

/* Defined in the generated build/gen/builtin_pack.c; ends with {NULL, NULL, 0}. */
struct builtin_file {
    const char *path;   /* relative to content/builtin, e.g. "macros/x.yml" */
    const char *text;   /* file contents */
    size_t len;         /* length of text */
};
extern const struct builtin_file builtin_files[];

/* Directory prefix -> what its files hold. */
static const struct {
    const char *prefix;
    content_kind kind;
} builtin_dirs[] = {
    { "detections/", CONTENT_DETECTION },
    { "macros/", CONTENT_MACRO },
    { "stories/", CONTENT_STORY },
};

static bool is_yaml(const char *path)
{
    size_t n = strlen(path);
    return (n > 4 && strcmp(path + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(path + n - 5, ".yaml") == 0);
}

int content_load_builtin(content *c, tr_error *err)
{
    for (const struct builtin_file *f = builtin_files; f->path; f++) {
        if (!is_yaml(f->path))
            continue;
        for (size_t i = 0; i < sizeof builtin_dirs / sizeof builtin_dirs[0]; i++) {
            if (strncmp(f->path, builtin_dirs[i].prefix, strlen(builtin_dirs[i].prefix)) != 0)
                continue;
            char origin[512];
            snprintf(origin, sizeof origin, "builtin:%s", f->path);
            if (content_load_yaml_buffer(c, builtin_dirs[i].kind, f->text, f->len, origin,
                                         err) < 0)
                return -1;
        }
    }
    return 0;
}
