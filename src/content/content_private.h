/* content_private.h - internals shared by the content modules: the add/replace
 * helpers every loader (YAML, macros.conf, --macro, built-in pack) goes through.
 * YAML files are read into ynode trees (util/ynode.h), one arena per file; content
 * copies what it keeps. */
#ifndef TRAWL_CONTENT_PRIVATE_H
#define TRAWL_CONTENT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/ynode.h"
#include "content.h"

#define CONTENT_MAX_FILE (4u << 20)   /* bigger content files are refused, not read */

/* What a YAML content file holds. */
typedef enum content_kind {
    CONTENT_DETECTION,     /* detections/ *.yml: one detection */
    CONTENT_MACRO,         /* macros/ *.yml: one macro */
    CONTENT_STORY,         /* stories/ *.yml: one story */
    CONTENT_MACRO_LIST,    /* --macros FILE: a list of macros or a single one */
    CONTENT_ANY,           /* --content FILE: a detection ('search'), a macro
                              ('definition') or a story ('narrative') */
} content_kind;

/* Loads one YAML file's text. file names it in messages and is the origin recorded
 * for what it defines; a detection's slug is file's base name without ".yml".
 * Returns 0, or -1 with a "FILE:LINE: ..." message in err. */
int content_load_yaml_buffer(content *c, content_kind kind, const char *buf, size_t len,
                             const char *file, tr_error *err);
/* Reads path whole (at most CONTENT_MAX_FILE bytes) into a malloc'd NUL-terminated
 * buffer. Returns 0 or -1 with err naming the file. */
int content_read_file(const char *path, char **buf, size_t *len, tr_error *err);

/* Adds a macro built from the arguments (all copied), replacing one with the same
 * name and argument count. */
void content_add_macro(content *c, const char *name, size_t name_len, const char *const *args,
                       size_t nargs, const char *definition, const char *origin);
/* Parses Splunk macros.conf text. Returns 0 or -1 with "FILE:LINE: ..." in err. */
int content_load_macros_conf(content *c, const char *buf, size_t len, const char *file,
                             tr_error *err);

#endif
