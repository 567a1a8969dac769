/* evtx_binxml.c - BinXML token stream to XML events. A stream (a record, a template
 * definition, a nested BinXML value) is first compiled into a small node tree
 * (templates once per chunk, cached by offset), then rendered with substitution
 * values into visitor callbacks. Every depth, size and count is bounded. */
#include "evtx_private.h"

#include <stdio.h>
#include <string.h>

#include "evtx_cursor.h"
#include "evtx_tree.h"

enum {
    MAX_ELEM_DEPTH = 64,     /* element nesting inside one stream */
    MAX_NEST = 12,           /* template instances / BinXML values inside each other */
    MAX_RENDER_DEPTH = 256,  /* recursion of the renderer */
    MAX_TEMPLATES = 4096,    /* template definitions compiled per chunk */
    MEM_FACTOR = 48,         /* arena bytes per chunk byte, for chunk and record each */
    BUDGET_FACTOR = 64,      /* output bytes per chunk byte a record may render */
};

#define NAME_BUCKETS 256
#define TMPL_BUCKETS 64

static unsigned tmpl_bucket(uint32_t off)
{
    return (off * 2654435761u) >> 26;     /* 6 bits: TMPL_BUCKETS */
}

static unsigned name_bucket(uint32_t off)
{
    return (off * 2654435761u) >> 24;     /* 8 bits: NAME_BUCKETS */
}

/* ---- chunk state ---- */

void evtx_chunk_init(evtx_chunk *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->mem, 64 * 1024);
    arena_init(&c->rec, 64 * 1024);
}

void evtx_chunk_free(evtx_chunk *c)
{
    arena_free(&c->mem);
    arena_free(&c->rec);
    evtx_buf_free(&c->attrbuf);
    evtx_buf_free(&c->valbuf);
}

void evtx_chunk_reset(evtx_chunk *c, const unsigned char *data, size_t size)
{
    arena_reset(&c->mem);
    arena_reset(&c->rec);
    c->data = data;
    c->size = size;
    c->names = arena_alloc(&c->mem, NAME_BUCKETS * sizeof *c->names);
    memset(c->names, 0, NAME_BUCKETS * sizeof *c->names);
    c->tmpls = arena_alloc(&c->mem, TMPL_BUCKETS * sizeof *c->tmpls);
    memset(c->tmpls, 0, TMPL_BUCKETS * sizeof *c->tmpls);
    c->ntmpls = 0;
    c->mem_used = 0;
    c->rec_used = 0;
    c->why[0] = 0;
}

/* ---- compiler ---- */

typedef struct P {
    evtx_chunk *c;
    arena *a;                /* where nodes go: c->mem (templates) or c->rec (record) */
    size_t *used;            /* the matching byte counter */
    int nest;                /* template/BinXML nesting level */
} P;

static int fail(evtx_chunk *c, const char *fmt, unsigned a, unsigned b)
{
    if (!c->why[0])
        snprintf(c->why, sizeof c->why, fmt, a, b);
    return -1;
}

static void *alloc(P *p, size_t n)
{
    if (*p->used + n > (size_t)MEM_FACTOR * EVTX_CHUNK_SIZE)
        return NULL;
    *p->used += n;
    return arena_alloc(p->a, n);
}

static evtx_node *new_node(P *p, int kind)
{
    evtx_node *n = alloc(p, sizeof *n);
    if (!n) {
        fail(p->c, "record needs too much memory", 0, 0);
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    return n;
}

/* UTF-16 text as NUL-terminated UTF-8 in the arena; NULL when over the memory cap. */
static const char *utf16_copy(P *p, const unsigned char *u, size_t nchars, uint32_t *len)
{
    evtx_buf *b = &p->c->valbuf;
    b->len = 0;
    evtx_value_utf16(b, u, nchars);
    char *s = alloc(p, b->len + 1);
    if (!s) {
        fail(p->c, "record needs too much memory", 0, 0);
        return NULL;
    }
    if (b->len)
        memcpy(s, b->p, b->len);
    s[b->len] = 0;
    *len = (uint32_t)b->len;
    return s;
}

/* The name entry at chunk offset off, resolved once per chunk. */
static const evtx_name *name_at(P *p, uint32_t off)
{
    evtx_chunk *c = p->c;
    unsigned h = name_bucket(off);
    for (evtx_name *n = c->names[h]; n; n = n->next)
        if (n->off == off)
            return n;
    if ((size_t)off + EVTX_NAME_HEADER > c->size) {
        fail(c, "name offset 0x%x out of the chunk", off, 0);
        return NULL;
    }
    size_t nchars = evtx_le16(c->data + off + 6);
    if ((size_t)off + EVTX_NAME_HEADER + 2 * nchars > c->size) {
        fail(c, "name at 0x%x runs past the chunk", off, 0);
        return NULL;
    }
    /* Names belong to the chunk, whoever first asked for them. */
    P cp = { c, &c->mem, &c->mem_used, 0 };
    evtx_name *n = alloc(&cp, sizeof *n);
    if (!n) {
        fail(c, "chunk needs too much memory", 0, 0);
        return NULL;
    }
    n->off = off;
    n->garbled = -1;
    n->s = utf16_copy(&cp, c->data + off + EVTX_NAME_HEADER, nchars, &n->len);
    if (!n->s)
        return NULL;
    n->next = c->names[h];
    c->names[h] = n;
    return n;
}

/* name -> u32 offset [inline entry when the offset is the current position] */
static const evtx_name *read_name(P *p, evtx_cursor *cur)
{
    uint32_t off = evtx_cursor_u32(cur);
    if (cur->bad) {
        fail(p->c, "truncated name reference", 0, 0);
        return NULL;
    }
    const evtx_name *n = name_at(p, off);
    if (n && off == cur->pos) {
        size_t nchars = evtx_le16(p->c->data + off + 6);
        if (!evtx_cursor_take(cur, EVTX_NAME_HEADER + 2 * nchars + 2)) {
            fail(p->c, "truncated name at 0x%x", off, 0);
            return NULL;
        }
    }
    return n;
}

/* A name offset is believable when it is the inline position or an earlier entry. */
static bool plausible_name(const evtx_chunk *c, uint32_t off, size_t inline_pos, size_t tok)
{
    return off == inline_pos || (off >= EVTX_CHUNK_HEADER_SIZE && off < tok &&
                                 (size_t)off + EVTX_NAME_HEADER <= c->size);
}

/* element-start -> [u16 dependency id] u32 size u32 name-offset [name] [u32 attr-size]
 * The dependency id is missing in some streams (BinXML values, forwarded events):
 * pick the layout whose name offset makes sense. */
static const evtx_name *read_element_start(P *p, evtx_cursor *cur, unsigned tok)
{
    size_t t = cur->pos - 1;
    size_t left = evtx_cursor_left(cur);
    if (left >= 10 && plausible_name(p->c, evtx_le32(cur->base + t + 7), t + 11, t))
        cur->pos += 6;
    else if (left >= 8 && plausible_name(p->c, evtx_le32(cur->base + t + 5), t + 9, t))
        cur->pos += 4;
    else {
        fail(p->c, "bad element name offset at 0x%x", (unsigned)t, 0);
        return NULL;
    }
    const evtx_name *n = read_name(p, cur);
    if (n && (tok & EVTX_TOKEN_MORE)) {
        evtx_cursor_u32(cur);
        if (cur->bad) {
            fail(p->c, "truncated attribute list at 0x%x", (unsigned)t, 0);
            return NULL;
        }
    }
    return n;
}

static evtx_tmpl *template_at(P *p, uint32_t off);
static int compile(P *p, evtx_cursor *cur, evtx_node **out);

/* template-instance -> u8 u32 id u32 def-offset [definition] u32 count
 *                      count x (u16 size, u8 type, u8 0) values */
static evtx_node *read_template_instance(P *p, evtx_cursor *cur)
{
    evtx_chunk *c = p->c;
    evtx_cursor_u8(cur);
    uint32_t id = evtx_cursor_u32(cur);
    uint32_t def = evtx_cursor_u32(cur);
    if (cur->bad) {
        fail(c, "truncated template instance", 0, 0);
        return NULL;
    }
    /* The id is the first 4 bytes of the definition's GUID: a definition since
     * written over by another no longer has it (only carved records can). */
    if (c->checking_carved && (size_t)def + EVTX_TDEF_HEADER <= c->size &&
        evtx_le32(c->data + def + 4) != id)
        c->stale_templates++;
    if (def == cur->pos) {      /* the definition is stored right here: step over it */
        const unsigned char *h = evtx_cursor_take(cur, EVTX_TDEF_HEADER);
        if (!h || !evtx_cursor_take(cur, evtx_le32(h + 20))) {
            fail(c, "truncated template definition at 0x%x", def, 0);
            return NULL;
        }
    }
    evtx_tmpl *t = template_at(p, def);
    if (!t)
        return NULL;
    uint32_t count = evtx_cursor_u32(cur);
    if (cur->bad || count > evtx_cursor_left(cur) / 4) {
        fail(c, "bad template value count %u", count, 0);
        return NULL;
    }
    const unsigned char *desc = evtx_cursor_take(cur, 4 * (size_t)count);
    evtx_inst *inst = alloc(p, sizeof *inst);
    evtx_val *vals = count ? alloc(p, count * sizeof *vals) : NULL;
    evtx_node *n = new_node(p, N_TEMPLATE);
    if (!inst || (count && !vals) || !n)
        return NULL;
    for (uint32_t i = 0; i < count; i++) {
        vals[i].size = evtx_le16(desc + 4 * i);
        vals[i].type = desc[4 * i + 2];
        vals[i].p = evtx_cursor_take(cur, vals[i].size);
        if (!vals[i].p) {
            fail(c, "template value %u runs past its record", i, 0);
            return NULL;
        }
    }
    inst->tmpl = t;
    inst->vals = vals;
    inst->nvals = count;
    n->inst = inst;
    return n;
}

/* The compiled template whose definition is at chunk offset off. */
static evtx_tmpl *template_at(P *p, uint32_t off)
{
    evtx_chunk *c = p->c;
    unsigned h = tmpl_bucket(off);
    for (evtx_tmpl *t = c->tmpls[h]; t; t = t->next) {
        if (t->off != off)
            continue;
        if (t->compiling) {
            fail(c, "template at 0x%x refers to itself", off, 0);
            return NULL;
        }
        if (t->bad) {
            if (t->why && !c->why[0]) {     /* first report after a fast-path compile */
                snprintf(c->why, sizeof c->why, "%s", t->why);
                t->why = NULL;
            }
            fail(c, "bad template definition at 0x%x", off, 0);
            return NULL;
        }
        return t;
    }
    if (p->nest >= MAX_NEST) {
        fail(c, "templates nested too deeply", 0, 0);
        return NULL;
    }
    if (c->ntmpls >= MAX_TEMPLATES || (size_t)off + EVTX_TDEF_HEADER > c->size) {
        fail(c, "bad template definition offset 0x%x", off, 0);
        return NULL;
    }
    size_t size = evtx_le32(c->data + off + 20);
    if (size > c->size - off - EVTX_TDEF_HEADER) {
        fail(c, "template definition at 0x%x runs past the chunk", off, 0);
        return NULL;
    }
    P tp = { c, &c->mem, &c->mem_used, p->nest + 1 };
    evtx_tmpl *t = alloc(&tp, sizeof *t);
    if (!t) {
        fail(c, "chunk needs too much memory", 0, 0);
        return NULL;
    }
    memset(t, 0, sizeof *t);
    t->off = off;
    t->compiling = true;
    t->next = c->tmpls[h];
    c->tmpls[h] = t;
    c->ntmpls++;
    evtx_cursor tc = evtx_cursor_make(c->data, off + EVTX_TDEF_HEADER, off + EVTX_TDEF_HEADER + size);
    int rc = compile(&tp, &tc, &t->root);
    t->compiling = false;
    if (rc < 0) {
        t->bad = true;
        return NULL;
    }
    return t;
}

bool evtx_instance_read(const evtx_chunk *c, size_t off, size_t end, evtx_instance *in)
{
    evtx_cursor cur = evtx_cursor_make(c->data, off, end > c->size ? c->size : end);
    unsigned tok;
    while (((tok = evtx_cursor_u8(&cur)) & ~EVTX_TOKEN_MORE) == EVTX_TOK_FRAGMENT)
        if (!evtx_cursor_take(&cur, 3))
            return false;
    if (cur.bad || (tok & ~EVTX_TOKEN_MORE) != EVTX_TOK_TEMPLATE)
        return false;
    evtx_cursor_u8(&cur);
    evtx_cursor_u32(&cur);
    in->def = evtx_cursor_u32(&cur);
    if (cur.bad)
        return false;
    if (in->def == cur.pos) {   /* the definition is stored right here: step over it */
        const unsigned char *h = evtx_cursor_take(&cur, EVTX_TDEF_HEADER);
        if (!h || !evtx_cursor_take(&cur, evtx_le32(h + 20)))
            return false;
    }
    in->count = evtx_cursor_u32(&cur);
    if (cur.bad || in->count > evtx_cursor_left(&cur) / 4)
        return false;
    in->desc = evtx_cursor_take(&cur, 4 * (size_t)in->count);
    in->values = c->data + cur.pos;
    for (uint32_t i = 0; i < in->count; i++)
        if (!evtx_cursor_take(&cur, evtx_le16(in->desc + 4 * i)))
            return false;
    /* Anything after the instance but the end makes the stream more than one node. */
    return !evtx_cursor_left(&cur) || (evtx_cursor_u8(&cur) & ~EVTX_TOKEN_MORE) == EVTX_TOK_EOF;
}

evtx_tmpl *evtx_template_at(evtx_chunk *c, uint32_t off)
{
    P p = { c, &c->rec, &c->rec_used, 0 };   /* as a record's own instance asks */
    evtx_tmpl *t = template_at(&p, off);
    if (t || !c->why[0])
        return t;
    /* The walk that reports this record will find the template cached as bad: keep
     * the reason so its message is the one a walk compiling it would give. */
    for (evtx_tmpl *b = c->tmpls[tmpl_bucket(off)]; b; b = b->next) {
        if (b->off == off && b->bad && !b->why) {
            P mp = { c, &c->mem, &c->mem_used, 0 };
            size_t n = strlen(c->why) + 1;
            char *why = alloc(&mp, n);
            if (why)
                memcpy(why, c->why, n);
            b->why = why;
        }
    }
    c->why[0] = 0;
    return NULL;
}

/* One level of the element stack while compiling. */
typedef struct frame {
    evtx_node *elem;         /* element being built (NULL at top level) */
    evtx_node **ctail;       /* where the next content node goes */
    evtx_node **atail;       /* where the next attribute goes */
    evtx_node **vtail;       /* where the next piece of the current attribute goes */
    bool in_start;           /* between the element start and '>' or '/>' */
} frame;

static int append(P *p, frame *f, evtx_node *n)
{
    if (!n)
        return -1;
    if (f->in_start) {
        if (!f->vtail)
            return fail(p->c, "value outside an attribute in a start tag", 0, 0);
        *f->vtail = n;
        f->vtail = &n->next;
    } else {
        *f->ctail = n;
        f->ctail = &n->next;
    }
    return 0;
}

static evtx_node *text_node(P *p, const char *s, uint32_t len)
{
    evtx_node *n = new_node(p, N_TEXT);
    if (n) {
        n->s = s;
        n->len = len;
    }
    return n;
}

/* u16 nchars, UTF-16LE chars -> text node */
static evtx_node *read_utf16_text(P *p, evtx_cursor *cur)
{
    size_t nchars = evtx_cursor_u16(cur);
    const unsigned char *u = evtx_cursor_take(cur, 2 * nchars);
    if (!u) {
        fail(p->c, "truncated text", 0, 0);
        return NULL;
    }
    uint32_t len;
    const char *s = utf16_copy(p, u, nchars, &len);
    return s ? text_node(p, s, len) : NULL;
}

/* value-token -> u8 type, data (string: u16 nchars + UTF-16; fixed types: their size) */
static evtx_node *read_value_token(P *p, evtx_cursor *cur)
{
    unsigned type = evtx_cursor_u8(cur);
    if (type == EVTX_VT_STRING)
        return read_utf16_text(p, cur);
    static const unsigned char sizes[0x16] = {
        [EVTX_VT_INT8] = 1, [EVTX_VT_UINT8] = 1, [EVTX_VT_INT16] = 2, [EVTX_VT_UINT16] = 2,
        [EVTX_VT_INT32] = 4, [EVTX_VT_UINT32] = 4, [EVTX_VT_INT64] = 8, [EVTX_VT_UINT64] = 8,
        [EVTX_VT_REAL32] = 4, [EVTX_VT_REAL64] = 8, [EVTX_VT_BOOL] = 4, [EVTX_VT_GUID] = 16,
        [EVTX_VT_FILETIME] = 8, [EVTX_VT_SYSTIME] = 16, [EVTX_VT_HEX32] = 4, [EVTX_VT_HEX64] = 8,
    };
    size_t n = type < sizeof sizes ? sizes[type] : 0;
    const unsigned char *d = n ? evtx_cursor_take(cur, n) : NULL;
    if (!d) {
        fail(p->c, "unsupported value token type 0x%02x", type, 0);
        return NULL;
    }
    evtx_buf *b = &p->c->valbuf;
    b->len = 0;
    evtx_value_text(b, type, d, n);
    char *s = alloc(p, b->len + 1);
    if (!s) {
        fail(p->c, "record needs too much memory", 0, 0);
        return NULL;
    }
    if (b->len)
        memcpy(s, b->p, b->len);
    s[b->len] = 0;
    return text_node(p, s, (uint32_t)b->len);
}

static evtx_node *entity_node(P *p, const evtx_name *n)
{
    static const struct { const char *name, *text; } ents[] = {
        { "lt", "<" }, { "gt", ">" }, { "amp", "&" }, { "quot", "\"" }, { "apos", "'" },
    };
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
        if (strcmp(n->s, ents[i].name) == 0)
            return text_node(p, ents[i].text, 1);
    char *s = alloc(p, n->len + 3);
    if (!s)
        return NULL;
    s[0] = '&';
    memcpy(s + 1, n->s, n->len);
    s[n->len + 1] = ';';
    s[n->len + 2] = 0;
    return text_node(p, s, n->len + 2);
}

static evtx_node *charref_node(P *p, unsigned cp)
{
    char *s = alloc(p, 4);
    if (!s)
        return NULL;
    evtx_buf *b = &p->c->valbuf;
    b->len = 0;
    unsigned char u[2] = { (unsigned char)cp, (unsigned char)(cp >> 8) };
    evtx_value_utf16(b, u, 1);
    if (b->len)
        memcpy(s, b->p, b->len);
    s[b->len] = 0;
    return text_node(p, s, (uint32_t)b->len);
}

/* stream -> { fragment-header | element-token | content-token } EOF
 * Builds the node list of a whole stream into *out with an explicit element stack. */
static int compile(P *p, evtx_cursor *cur, evtx_node **out)
{
    evtx_chunk *c = p->c;
    frame st[MAX_ELEM_DEPTH + 1];
    int sp = 0;
    *out = NULL;
    st[0] = (frame){ NULL, out, NULL, NULL, false };
    for (;;) {
        if (evtx_cursor_left(cur) == 0)
            break;                          /* streams may end without EOF */
        unsigned tok = evtx_cursor_u8(cur);
        frame *f = &st[sp];
        switch (tok & ~EVTX_TOKEN_MORE) {
        case EVTX_TOK_EOF:
            return 0;
        case EVTX_TOK_FRAGMENT:
            if (!evtx_cursor_take(cur, 3))
                return fail(c, "truncated fragment header", 0, 0);
            break;
        case EVTX_TOK_OPEN_START: {
            if (sp == MAX_ELEM_DEPTH)
                return fail(c, "elements nested deeper than %u", MAX_ELEM_DEPTH, 0);
            const evtx_name *nm = read_element_start(p, cur, tok);
            evtx_node *e = nm ? new_node(p, N_ELEM) : NULL;
            if (!e)
                return -1;
            e->s = nm->s;
            e->len = nm->len;
            e->name_off = nm->off;
            if (f->in_start)                /* start tag never closed: be lenient */
                f->in_start = false;
            if (append(p, f, e) < 0)
                return -1;
            st[++sp] = (frame){ e, &e->child, &e->attrs, NULL, true };
            break;
        }
        case EVTX_TOK_ATTRIBUTE: {
            if (!f->in_start)
                return fail(c, "attribute outside a start tag at 0x%x", (unsigned)cur->pos - 1, 0);
            const evtx_name *nm = read_name(p, cur);
            evtx_node *a = nm ? new_node(p, N_ATTR) : NULL;
            if (!a)
                return -1;
            a->s = nm->s;
            a->len = nm->len;
            a->name_off = nm->off;
            *f->atail = a;
            f->atail = &a->next;
            f->vtail = &a->child;
            break;
        }
        case EVTX_TOK_CLOSE_START:
            if (!f->in_start)
                return fail(c, "unexpected '>' token at 0x%x", (unsigned)cur->pos - 1, 0);
            f->in_start = false;
            f->vtail = NULL;
            break;
        case EVTX_TOK_CLOSE_EMPTY:
        case EVTX_TOK_END_ELEMENT:
            if (sp == 0)
                return fail(c, "end of element without a start at 0x%x", (unsigned)cur->pos - 1, 0);
            sp--;
            break;
        case EVTX_TOK_VALUE:
            if (append(p, f, read_value_token(p, cur)) < 0)
                return -1;
            break;
        case EVTX_TOK_CDATA:
            if (append(p, f, read_utf16_text(p, cur)) < 0)
                return -1;
            break;
        case EVTX_TOK_CHAR_REF: {
            unsigned cp = evtx_cursor_u16(cur);
            if (cur->bad)
                return fail(c, "truncated character reference", 0, 0);
            if (append(p, f, charref_node(p, cp)) < 0)
                return -1;
            break;
        }
        case EVTX_TOK_ENTITY_REF: {
            const evtx_name *nm = read_name(p, cur);
            if (!nm || append(p, f, entity_node(p, nm)) < 0)
                return -1;
            break;
        }
        case EVTX_TOK_PI_TARGET:            /* processing instructions are not rendered */
            if (!read_name(p, cur))
                return -1;
            break;
        case EVTX_TOK_PI_DATA: {
            size_t nchars = evtx_cursor_u16(cur);
            if (!evtx_cursor_take(cur, 2 * nchars))
                return fail(c, "truncated processing instruction", 0, 0);
            break;
        }
        case EVTX_TOK_TEMPLATE:
            if (append(p, f, read_template_instance(p, cur)) < 0)
                return -1;
            break;
        case EVTX_TOK_SUBST:
        case EVTX_TOK_OPT_SUBST: {
            evtx_node *n = new_node(p, N_SUBST);
            if (!n)
                return -1;
            n->index = evtx_cursor_u16(cur);
            n->vtype = evtx_cursor_u8(cur);
            n->optional = (tok & ~EVTX_TOKEN_MORE) == EVTX_TOK_OPT_SUBST;
            if (cur->bad)
                return fail(c, "truncated substitution", 0, 0);
            if (append(p, f, n) < 0)
                return -1;
            break;
        }
        default:
            return fail(c, "unknown BinXML token 0x%02x at 0x%x", tok, (unsigned)cur->pos - 1);
        }
    }
    return 0;
}

/* ---- renderer ---- */

typedef struct R {
    evtx_chunk *c;
    const evtx_visitor *v;
    void *ctx;
    size_t budget;           /* output bytes left for this record */
    int depth;               /* recursion depth */
    int nest;                /* BinXML values inside each other */
    bool check_names;        /* c->checking_carved: count garbled names ... */
    uint32_t garbled;        /* ... here (then c->garbled_names) */
    bool failed;
} R;

/* True when the name entry a node names is not one Windows writes
 * (evtx_carve_name_ok), worked out once per entry and chunk: name_at() resolved it
 * when the node was compiled, and checked that it fits the chunk. */
static bool name_garbled(const R *r, const evtx_node *n)
{
    evtx_chunk *c = r->c;
    evtx_name *nm = c->names[name_bucket(n->name_off)];
    while (nm && nm->off != n->name_off)
        nm = nm->next;
    if (!nm)
        return true;            /* cannot happen: every node's name was resolved */
    if (nm->garbled < 0) {
        const unsigned char *e = c->data + nm->off;
        nm->garbled = !evtx_carve_name_ok(e + EVTX_NAME_HEADER, evtx_le16(e + 6),
                                          evtx_le16(e + 4));
    }
    return nm->garbled;
}

static bool spend(R *r, size_t n)
{
    if (r->failed)
        return false;
    if (n + 16 > r->budget) {
        r->failed = true;
        fail(r->c, "record renders too large", 0, 0);
        return false;
    }
    r->budget -= n + 16;
    return true;
}

static const evtx_val *val_of(const evtx_node *n, const evtx_val *vals, uint32_t nvals)
{
    return n->index < nvals ? &vals[n->index] : NULL;
}

static void render_list(R *r, const evtx_node *n, const evtx_val *vals, uint32_t nvals);

/* A BinXML value (0x21) is a stream of its own inside the record's bytes. */
static void render_binxml_value(R *r, const evtx_val *v)
{
    if (r->nest >= MAX_NEST) {
        r->failed = true;
        fail(r->c, "BinXML values nested too deeply", 0, 0);
        return;
    }
    evtx_chunk *c = r->c;
    size_t off = (size_t)(v->p - c->data);
    P p = { c, &c->rec, &c->rec_used, r->nest + 1 };
    evtx_cursor cur = evtx_cursor_make(c->data, off, off + v->size);
    evtx_node *root;
    if (compile(&p, &cur, &root) < 0) {
        r->failed = true;
        return;
    }
    r->nest++;
    render_list(r, root, NULL, 0);
    r->nest--;
}

static void render_subst(R *r, const evtx_node *n, const evtx_val *vals, uint32_t nvals)
{
    const evtx_val *v = val_of(n, vals, nvals);
    if (!v || v->type == EVTX_VT_NULL || v->size == 0)
        return;
    if (v->type == EVTX_VT_BINXML) {
        render_binxml_value(r, v);
        return;
    }
    if (r->c->text_off)
        return;                 /* a probe pass that does not want this text */
    evtx_buf *b = &r->c->valbuf;
    b->len = 0;
    evtx_value_render(b, v->type, v->p, v->size);
    if (b->len && spend(r, b->len))
        r->v->text(r->ctx, b->p, b->len);
}

/* Renders an attribute's value into attrbuf; false when the attribute is left out
 * (an optional substitution without a value). */
static bool attr_value(R *r, const evtx_node *a, const evtx_val *vals, uint32_t nvals)
{
    evtx_buf *b = &r->c->attrbuf;
    b->len = 0;
    for (const evtx_node *n = a->child; n; n = n->next) {
        if (n->kind == N_TEXT) {
            evtx_buf_put(b, n->s, n->len);
        } else if (n->kind == N_SUBST) {
            const evtx_val *v = val_of(n, vals, nvals);
            if (!v || v->type == EVTX_VT_NULL) {
                if (n->optional && !a->child->next)
                    return false;
                continue;
            }
            if (v->type != EVTX_VT_BINXML)
                evtx_value_render(b, v->type, v->p, v->size);
        }
    }
    return true;
}

static void emit_element(R *r, const evtx_node *e, const evtx_val *vals, uint32_t nvals,
                         const evtx_val *item)
{
    if (!spend(r, e->len))
        return;
    if (r->check_names)
        r->garbled += name_garbled(r, e);
    r->v->open(r->ctx, e->s, e->len);
    for (const evtx_node *a = e->attrs; a && !r->failed; a = a->next) {
        if (r->c->name_attrs_only && !(a->len == 4 && memcmp(a->s, "Name", 4) == 0))
            continue;
        if (!attr_value(r, a, vals, nvals))
            continue;
        evtx_buf *b = &r->c->attrbuf;
        if (spend(r, a->len + b->len)) {
            if (r->check_names)
                r->garbled += name_garbled(r, a);
            r->v->attr(r->ctx, a->s, a->len, b->p, b->len);
        }
    }
    if (item && r->c->text_off) {
        /* probe pass: the item's text is not wanted */
    } else if (item) {
        evtx_buf *b = &r->c->valbuf;
        b->len = 0;
        evtx_value_render(b, item->type, item->p, item->size);
        if (b->len && spend(r, b->len))
            r->v->text(r->ctx, b->p, b->len);
    } else {
        render_list(r, e->child, vals, nvals);
    }
    r->v->close(r->ctx);
}

/* An element whose whole content is one substitution follows the value: left out
 * when optional and empty, repeated once per item for arrays (as Windows renders). */
static void render_element(R *r, const evtx_node *e, const evtx_val *vals, uint32_t nvals)
{
    const evtx_node *only = e->child && !e->child->next && e->child->kind == N_SUBST ? e->child : NULL;
    if (only) {
        const evtx_val *v = val_of(only, vals, nvals);
        unsigned t = v ? v->type : EVTX_VT_NULL;
        if (only->optional && t == EVTX_VT_NULL)
            return;
        if ((t & EVTX_VT_ARRAY) && v->size) {
            size_t off = 0, ilen;
            const unsigned char *ip;
            while (!r->failed && !r->c->stop &&
                   evtx_value_array_next(t, v->p, v->size, &off, &ip, &ilen)) {
                evtx_val item = { ip, (uint32_t)ilen, (uint8_t)(t & ~EVTX_VT_ARRAY) };
                emit_element(r, e, vals, nvals, &item);
            }
            return;
        }
    }
    emit_element(r, e, vals, nvals, NULL);
}

static void render_list(R *r, const evtx_node *n, const evtx_val *vals, uint32_t nvals)
{
    if (++r->depth > MAX_RENDER_DEPTH) {
        r->failed = true;
        fail(r->c, "record nested too deeply", 0, 0);
    }
    for (; n && !r->failed && !r->c->stop; n = n->next) {
        switch (n->kind) {
        case N_ELEM:
            render_element(r, n, vals, nvals);
            break;
        case N_TEXT:
            if (spend(r, n->len))
                r->v->text(r->ctx, n->s, n->len);
            break;
        case N_SUBST:
            render_subst(r, n, vals, nvals);
            break;
        case N_TEMPLATE:
            render_list(r, n->inst->tmpl->root, n->inst->vals, n->inst->nvals);
            break;
        }
    }
    r->depth--;
}

/* ---- what follows </System>, for the probe ----
 * The probe asks to stop at the first </System> (a child of the root element) when
 * nothing after it can change its verdict: no second System, no element below the
 * top level or Name attribute named like a field the test decides (probe_shadows), no Name
 * whose value comes from a substitution, no element at the top level (its children
 * would be read as System or not). A template's static part is checked once and
 * cached; nested templates make it live. BinXML values are checked per record. */

typedef struct tail_scan {
    bool (*shadows)(const void *test, const char *name, size_t len);
    const void *test;
    bool after;              /* past the first System child of a root element */
    bool live;               /* something after it may matter */
    bool anydepth;           /* inside a BinXML value: depth unknown (2 or more) */
} tail_scan;

static bool is_system(const evtx_node *e)
{
    const char *s = e->s;
    size_t len = e->len;
    const char *colon = memchr(s, ':', len);
    if (colon) {
        len -= (size_t)(colon + 1 - s);
        s = colon + 1;
    }
    return len == 6 && memcmp(s, "System", 6) == 0;
}

static bool tail_elem_live(const tail_scan *ts, const evtx_node *e, int depth)
{
    if (ts->anydepth ? is_system(e) : depth < 2 || (depth == 2 && is_system(e)))
        return true;
    if (depth > 2 || ts->anydepth) {
        const char *s = e->s;
        size_t len = e->len;
        const char *colon = memchr(s, ':', len);
        if (colon) {
            len -= (size_t)(colon + 1 - s);
            s = colon + 1;
        }
        if (ts->shadows(ts->test, s, len))
            return true;
    }
    for (const evtx_node *a = e->attrs; a; a = a->next) {
        if (!(a->len == 4 && memcmp(a->s, "Name", 4) == 0))
            continue;
        const evtx_node *v = a->child;
        if (!v)
            continue;               /* Name='' */
        if (v->kind != N_TEXT || v->next || ts->shadows(ts->test, v->s, v->len))
            return true;
    }
    return false;
}

/* Recursion is bounded by MAX_ELEM_DEPTH: templates are not followed. */
static void tail_scan_list(tail_scan *ts, const evtx_node *n, int depth)
{
    for (; n && !ts->live; n = n->next) {
        if (n->kind == N_TEMPLATE) {
            ts->live = true;
        } else if (n->kind == N_SUBST && ts->after && depth < 2) {
            ts->live = true;        /* a BinXML value here would hold root elements */
        } else if (n->kind == N_ELEM) {
            if (ts->after && tail_elem_live(ts, n, depth)) {
                ts->live = true;
                return;
            }
            tail_scan_list(ts, n->child, depth + 1);
            if (!ts->after && depth == 2 && is_system(n)) {
                ts->after = true;
                /* a System made of one substitution may be left out or repeated */
                if (n->child && !n->child->next && n->child->kind == N_SUBST)
                    ts->live = true;
            }
        }
    }
}

static bool values_inert(evtx_chunk *c, const evtx_val *vals, uint32_t nvals, int nest);

/* A template instantiated inside a BinXML value: its static part, checked once. */
static bool template_dyn_inert(evtx_chunk *c, evtx_tmpl *t)
{
    if (t->dyn == TAIL_UNKNOWN) {
        tail_scan tt = { c->probe_shadows, c->probe_test, true, false, true };
        tail_scan_list(&tt, t->root, 2);
        t->dyn = tt.live ? TAIL_LIVE : TAIL_INERT;
    }
    return t->dyn == TAIL_INERT;
}

/* A BinXML value's tree, at a depth of 2 or more: nothing named like System or a
 * System field; templates checked once (dyn), their BinXML values each time. */
static bool tree_inert(evtx_chunk *c, const evtx_node *n, int nest)
{
    tail_scan ts = { c->probe_shadows, c->probe_test, true, false, true };
    for (; n; n = n->next) {
        if (n->kind == N_ELEM) {
            if (tail_elem_live(&ts, n, 2))
                return false;
            tail_scan_list(&ts, n->child, 3);
            if (ts.live)
                return false;
        } else if (n->kind == N_TEMPLATE) {
            if (!template_dyn_inert(c, n->inst->tmpl) ||
                !values_inert(c, n->inst->vals, n->inst->nvals, nest))
                return false;
        }
    }
    return true;
}

static bool value_inert(evtx_chunk *c, const unsigned char *p, uint32_t size, int nest);

/* The common BinXML value, one template instance, checked without compiling it:
 * 1 inert, 0 not, -1 another shape (the caller compiles it). Mirrors what compile()
 * and tree_inert() make of it. */
static int instance_inert(evtx_chunk *c, const unsigned char *p, uint32_t size, int nest)
{
    size_t off = (size_t)(p - c->data);
    evtx_instance in;
    if (!evtx_instance_read(c, off, off + size, &in))
        return -1;
    P tp = { c, &c->rec, &c->rec_used, nest + 1 };
    evtx_tmpl *t = template_at(&tp, in.def);
    if (!t || !template_dyn_inert(c, t))
        return 0;                       /* a failure: compile() would fail the same way */
    const unsigned char *v = in.values;
    for (uint32_t i = 0; i < in.count; i++) {
        uint32_t vsize = evtx_le16(in.desc + 4 * i);
        if (in.desc[4 * i + 2] == EVTX_VT_BINXML && vsize && !value_inert(c, v, vsize, nest + 1))
            return 0;
        v += vsize;
    }
    return 1;
}

/* One BinXML value, as the renderer would compile it. Recursion (through
 * instance_inert and tree_inert) is bounded by MAX_NEST. */
static bool value_inert(evtx_chunk *c, const unsigned char *p, uint32_t size, int nest)
{
    if (nest >= MAX_NEST)
        return false;
    int fast = instance_inert(c, p, size, nest);
    if (fast >= 0)
        return fast;
    size_t off = (size_t)(p - c->data);
    P cp = { c, &c->rec, &c->rec_used, nest + 1 };
    evtx_cursor cur = evtx_cursor_make(c->data, off, off + size);
    evtx_node *root;
    return compile(&cp, &cur, &root) == 0 && tree_inert(c, root, nest + 1);
}

static bool values_inert(evtx_chunk *c, const evtx_val *vals, uint32_t nvals, int nest)
{
    for (uint32_t i = 0; i < nvals; i++)
        if (vals[i].type == EVTX_VT_BINXML && vals[i].size &&
            !value_inert(c, vals[i].p, vals[i].size, nest))
            return false;
    return true;
}

bool evtx_template_tail_inert(evtx_chunk *c, evtx_tmpl *t)
{
    if (t->tail == TAIL_UNKNOWN) {
        tail_scan ts = { c->probe_shadows, c->probe_test, false, false, false };
        tail_scan_list(&ts, t->root, 1);
        t->tail = ts.after && !ts.live ? TAIL_INERT : TAIL_LIVE;
    }
    return t->tail == TAIL_INERT;
}

bool evtx_binxml_value_inert(evtx_chunk *c, const unsigned char *p, uint32_t size)
{
    bool inert = value_inert(c, p, size, 0);
    c->why[0] = 0;                  /* a damaged value is the walk's to report */
    return inert;
}

/* Sets c->rest_inert for a probe pass over the record whose tree is root. What it
 * compiles is compiled again by the walk: its failures and memory are not counted
 * (the record arena may so hold twice the per-record cap). */
static void probe_tail(evtx_chunk *c, const evtx_node *root)
{
    c->rest_inert = false;
    if (!c->probe_shadows || !root || root->next || root->kind != N_TEMPLATE)
        return;
    const evtx_inst *in = root->inst;
    if (!evtx_template_tail_inert(c, in->tmpl))
        return;
    size_t used = c->rec_used;
    c->rest_inert = values_inert(c, in->vals, in->nvals, 0);
    c->rec_used = used;
    c->why[0] = 0;
}

int evtx_binxml_render(evtx_chunk *c, size_t off, size_t end, const evtx_visitor *v, void *ctx)
{
    arena_reset(&c->rec);
    c->rec_used = 0;
    c->why[0] = 0;
    c->stop = false;
    c->rest_inert = false;
    c->garbled_names = 0;
    c->stale_templates = 0;
    P p = { c, &c->rec, &c->rec_used, 0 };
    evtx_cursor cur = evtx_cursor_make(c->data, off, end > c->size ? c->size : end);
    evtx_node *root;
    if (compile(&p, &cur, &root) < 0)
        return -1;
    probe_tail(c, root);
    R r = { c, v, ctx, (size_t)BUDGET_FACTOR * EVTX_CHUNK_SIZE, 0, 0, c->checking_carved, 0,
            false };
    render_list(&r, root, NULL, 0);
    c->garbled_names = r.garbled;
    return r.failed ? -1 : 0;
}
