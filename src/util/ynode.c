/* ynode.c - YAML text to a small node tree (ynode.h): libyaml's event stream folded
 * into nodes with an explicit stack, so nesting is bounded as it grows and nothing
 * recurses on input. */
#include "ynode.h"

#include <string.h>
#include <yaml.h>

/* Plain scalars YAML reads as null; quoted ones stay strings. */
static const char *const yaml_nulls[] = { "", "~", "null", "Null", "NULL" };

static bool is_null_scalar(const yaml_event_t *ev)
{
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    for (size_t i = 0; i < sizeof yaml_nulls / sizeof yaml_nulls[0]; i++)
        if (ev->data.scalar.length == strlen(yaml_nulls[i]) &&
            memcmp(ev->data.scalar.value, yaml_nulls[i], ev->data.scalar.length) == 0)
            return true;
    return false;
}

static ynode *node_new(arena *a, ynode_kind kind, const yaml_event_t *ev)
{
    ynode *n = arena_alloc(a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->line = (long)ev->start_mark.line + 1;
    n->column = (long)ev->start_mark.column + 1;
    return n;
}

static void node_append(ynode *parent, ynode *child)
{
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

static int parser_error(const yaml_parser_t *p, const char *file, tr_error *err)
{
    long line = (long)p->problem_mark.line + 1;
    const char *problem = p->problem ? p->problem : "malformed input";
    if (p->context)
        return tr_error_at(err, file, line, 0, "YAML error: %s %s", p->context, problem);
    return tr_error_at(err, file, line, 0, "YAML error: %s", problem);
}

int ynode_parse(const char *buf, size_t len, const char *file, bool all_documents, arena *a,
                ynode **root, tr_error *err)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return tr_error_at(err, file, 0, 0, "YAML error: out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    ynode *stack[YNODE_MAX_DEPTH];
    size_t depth = 0;
    int rc = 0;
    bool done = false;
    bool in_doc_root = false;   /* a document started and its root is not yet read */
    ynode *last_root = NULL;
    *root = NULL;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(&p, file, err);
            break;
        }
        long line = (long)ev.start_mark.line + 1;
        ynode *n = NULL;
        switch (ev.type) {
        case YAML_SCALAR_EVENT:
            n = node_new(a, YN_SCALAR, &ev);
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            if (!is_null_scalar(&ev)) {
                n->len = ev.data.scalar.length;
                n->str = arena_strndup(a, (const char *)ev.data.scalar.value, n->len);
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            n = node_new(a, ev.type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP, &ev);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0)
                depth--;
            break;
        case YAML_ALIAS_EVENT:
            rc = tr_error_at(err, file, line, 0, "YAML error: aliases are not supported");
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            in_doc_root = true;
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (in_doc_root && all_documents) {   /* an empty document: a null root */
                ynode *empty = node_new(a, YN_SCALAR, &ev);
                empty->plain = true;
                if (last_root)
                    last_root->next = empty;
                else
                    *root = empty;
                last_root = empty;
            }
            in_doc_root = false;
            done = !all_documents;
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        if (n) {
            if (depth > 0) {
                node_append(stack[depth - 1], n);
            } else {
                if (last_root)
                    last_root->next = n;
                else
                    *root = n;
                last_root = n;
                in_doc_root = false;
            }
            if (n->kind != YN_SCALAR) {
                if (depth == YNODE_MAX_DEPTH) {
                    rc = tr_error_at(err, file, line, 0,
                                     "YAML error: nesting deeper than %d levels",
                                     YNODE_MAX_DEPTH);
                    done = true;
                } else {
                    stack[depth++] = n;
                }
            }
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (rc < 0)
        *root = NULL;
    return rc;
}

const ynode *ynode_get(const ynode *map, const char *key)
{
    if (!map || map->kind != YN_MAP)
        return NULL;
    for (const ynode *k = map->first; k && k->next; k = k->next->next)
        if (k->kind == YN_SCALAR && k->str && strcmp(k->str, key) == 0)
            return k->next;
    return NULL;
}

const char *ynode_str(const ynode *n)
{
    return n && n->kind == YN_SCALAR ? n->str : NULL;
}

size_t ynode_count(const ynode *n)
{
    size_t k = 0;
    if (!n || n->kind == YN_SCALAR)
        return 0;
    for (const ynode *c = n->first; c; c = c->next)
        k++;
    return n->kind == YN_MAP ? k / 2 : k;
}
