/* evtx_write_tree.c - one event's XML text to the small tree the writer encodes:
 * elements with attributes in document order, text merged, whitespace between
 * elements dropped. Bounded: depth, node count and input size are capped, DTDs
 * are refused (no entity expansion). */
#include <expat.h>
#include <string.h>

#include "evtx_write_private.h"

#include "../util/xml_ctrlref.h"
#include "../util/xmalloc.h"

typedef struct tree_parse {
    XML_Parser xp;
    arena *mem;
    ew_node *root;
    ew_node *cur;            /* element being filled */
    size_t depth;
    size_t nodes;
    ew_buf text;             /* all text bytes; nodes keep offsets until the end */
    char *value;             /* a value with its control characters restored */
    size_t value_cap;
    const char *why;         /* our own reason to stop, NULL for expat's */
} tree_parse;

static void stop(tree_parse *tp, const char *why)
{
    if (!tp->why)
        tp->why = why;
    XML_StopParser(tp->xp, XML_FALSE);
}

static bool count_node(tree_parse *tp)
{
    if (++tp->nodes > EW_MAX_NODES) {
        stop(tp, "too many elements, attributes or text pieces");
        return false;
    }
    return true;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    tree_parse *tp = ud;
    if (tp->why)
        return;
    if (tp->depth >= EW_MAX_DEPTH) {
        stop(tp, "elements nested too deeply");
        return;
    }
    if (!tp->cur && tp->root) {
        stop(tp, "more than one root element");
        return;
    }
    if (!count_node(tp))
        return;
    ew_node *n = arena_alloc(tp->mem, sizeof *n);
    memset(n, 0, sizeof *n);
    n->name = arena_strndup(tp->mem, name, strlen(name));
    ew_attr **tail = &n->attrs;
    for (size_t i = 0; atts[i]; i += 2) {
        if (!count_node(tp))
            return;
        ew_attr *a = arena_alloc(tp->mem, sizeof *a);
        a->name = arena_strndup(tp->mem, atts[i], strlen(atts[i]));
        size_t vlen = strlen(atts[i + 1]);
        const char *v = xml_ctrlref_decode(atts[i + 1], vlen, &tp->value, &tp->value_cap, &vlen);
        a->vlen = vlen;
        a->value = arena_strndup(tp->mem, v, vlen);
        a->next = NULL;
        *tail = a;
        tail = &a->next;
    }
    n->parent = tp->cur;
    if (tp->cur) {
        if (tp->cur->last)
            tp->cur->last->next = n;
        else
            tp->cur->first = n;
        tp->cur->last = n;
        tp->cur->has_elems = true;
    } else {
        tp->root = n;
    }
    tp->cur = n;
    tp->depth++;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    tree_parse *tp = ud;
    if (tp->why || !tp->cur)
        return;
    tp->cur = tp->cur->parent;
    tp->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    tree_parse *tp = ud;
    if (tp->why || !tp->cur || len <= 0)
        return;
    ew_node *last = tp->cur->last;
    if (!last || !last->is_text) {
        if (!count_node(tp))
            return;
        last = arena_alloc(tp->mem, sizeof *last);
        memset(last, 0, sizeof *last);
        last->is_text = true;
        last->parent = tp->cur;
        last->text_off = tp->text.len;
        if (tp->cur->last)
            tp->cur->last->next = last;
        else
            tp->cur->first = last;
        tp->cur->last = last;
    }
    /* Text is appended in document order, so the last text node's bytes are the
     * tail of the buffer and growing it in place is safe. */
    size_t n = (size_t)len;
    const char *text = xml_ctrlref_decode(s, n, &tp->value, &tp->value_cap, &n);
    ew_buf_put(&tp->text, text, n);
    last->len += n;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    stop(ud, "a DOCTYPE is not allowed in an event");
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Gives text nodes their bytes (copied into the arena) and drops whitespace-only
 * text beside child elements, which is layout rather than data. Iterative. */
static void finish_text(tree_parse *tp)
{
    ew_node *n = tp->root;
    while (n) {
        ew_node **link = &n->first;
        n->last = NULL;
        for (ew_node *c = n->first; c; c = c->next) {
            if (c->is_text) {
                const char *src = (const char *)tp->text.p + c->text_off;
                if (n->has_elems && all_space(src, c->len))
                    continue;
                c->text = arena_strndup(tp->mem, src, c->len);
            }
            *link = c;
            link = &c->next;
            n->last = c;
        }
        *link = NULL;
        /* Depth-first walk without recursion: down, else next sibling, else up. */
        ew_node *down = n->first;
        while (down && down->is_text)
            down = down->next;
        if (down) {
            n = down;
            continue;
        }
        while (n) {
            ew_node *s = n->next;
            while (s && s->is_text)
                s = s->next;
            if (s) {
                n = s;
                break;
            }
            n = n->parent;
        }
    }
}

ew_node *ew_tree_parse(const char *xml, size_t len, arena *mem, tr_error *err)
{
    if (len > EW_MAX_XML) {
        tr_error_set(err, "event XML is %zu bytes, more than the %u allowed", len, EW_MAX_XML);
        return NULL;
    }
    tree_parse tp = { 0 };
    tp.mem = mem;
    tp.xp = XML_ParserCreate("UTF-8");
    if (!tp.xp) {
        tr_error_set(err, "out of memory creating an XML parser");
        return NULL;
    }
    XML_SetUserData(tp.xp, &tp);
    XML_SetElementHandler(tp.xp, on_start, on_end);
    XML_SetCharacterDataHandler(tp.xp, on_text);
    XML_SetStartDoctypeDeclHandler(tp.xp, on_doctype);
    /* Windows event text may hold control characters, written as references XML 1.0
     * forbids (&#x1B;): expat sees placeholders instead, and values get them back. */
    unsigned char *encoded = NULL;
    size_t encoded_cap = 0, encoded_len = 0;
    if (xml_ctrlref_encode((const unsigned char *)xml, len, &encoded, &encoded_cap, &encoded_len)) {
        xml = (const char *)encoded;
        len = encoded_len;
    }
    enum XML_Status st = XML_Parse(tp.xp, xml, (int)len, XML_TRUE);
    ew_node *root = NULL;
    if (st != XML_STATUS_OK || tp.why) {
        tr_error_set(err, "XML line %lu column %lu: %s",
                     (unsigned long)XML_GetCurrentLineNumber(tp.xp),
                     (unsigned long)XML_GetCurrentColumnNumber(tp.xp) + 1,
                     tp.why ? tp.why : XML_ErrorString(XML_GetErrorCode(tp.xp)));
    } else if (!tp.root || strcmp(tp.root->name, "Event") != 0) {
        tr_error_set(err, "expected an <Event> element, found <%s>", tp.root ? tp.root->name : "");
    } else {
        finish_text(&tp);
        root = tp.root;
    }
    XML_ParserFree(tp.xp);
    ew_buf_free(&tp.text);
    free(tp.value);
    free(encoded);
    return root;
}
