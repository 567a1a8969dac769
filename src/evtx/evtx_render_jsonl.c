/* evtx_render_jsonl.c - `trawl dump -f jsonl` without a tree: each record's JSON
 * (docs/evtx-json.md) is written while the renderer's callbacks arrive. What the
 * tree writer (evtx_render.c) decides by looking at a whole element is decided at
 * the latest moment here: an element's key and value form when its first child
 * opens or when it closes (a Data element's key is its Name only if it has no
 * child), attributes are held until then, and text is gathered on a stack. The
 * tree writer groups every sibling sharing a key into one array at the first one's
 * place; that is done here for consecutive siblings (an '[' slipped in before the
 * first value), and a key coming back after another key gives the record up to the
 * tree writer. Both must write identical bytes: tests/evtx/json_equal compares
 * them on the whole corpus. */
#include "evtx_private.h"

#include <stdint.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/xmalloc.h"

enum {
    MAX_FRAMES = 256,        /* open elements; deeper records go to the tree writer */
    MAX_ATTRS = 256,         /* attributes held at once */
    MAX_KEYS = 4096,         /* member keys of the open elements */
};

typedef struct skey {
    const char *s;           /* a borrowed name, or a Name value copied into mem */
    size_t len;
} skey;

typedef struct sattr {
    const char *name, *val;  /* name borrowed, value copied into mem */
    size_t nlen, vlen;
} sattr;

/* One open element (frame 0: the document). */
typedef struct frame {
    const char *name;        /* borrowed, as the visitor gave it */
    size_t nlen;
    bool eventdata;          /* named EventData: its Data children take their Name */
    bool object;             /* '{' written: it has children, its key is out */
    bool first;              /* no member written inside yet */
    bool in_array;           /* the last member is an array still open */
    size_t attr_start;       /* its attributes: attrs[attr_start, nattrs) until object */
    size_t text_start;       /* its text: text[text_start, text.len) */
    size_t key_start;        /* object: keys of its members, keys[key_start, nkeys) */
    uint64_t key_filter;     /* digest bits of those keys */
    skey last;               /* key of the last member (s NULL: none yet) */
    size_t last_value;       /* out offset where the last member's value starts */
} frame;

struct evtx_jsonl_writer {
    evtx_buf *out;
    size_t mark;             /* out->len at evtx_jsonl_begin */
    bool failed;             /* the record needs the tree writer */
    arena mem;               /* attribute values and Name keys; reset per record */
    frame st[MAX_FRAMES];
    int depth;               /* frames above the document */
    sattr attrs[MAX_ATTRS];
    size_t nattrs;
    skey keys[MAX_KEYS];
    size_t nkeys;
    evtx_buf text;           /* text of the open elements, innermost last */
};

evtx_jsonl_writer *evtx_jsonl_new(void)
{
    evtx_jsonl_writer *s = xcalloc(1, sizeof *s);
    arena_init(&s->mem, 16 * 1024);
    return s;
}

void evtx_jsonl_free(evtx_jsonl_writer *s)
{
    if (!s)
        return;
    arena_free(&s->mem);
    evtx_buf_free(&s->text);
    free(s);
}

void evtx_jsonl_begin(evtx_jsonl_writer *s, evtx_buf *out)
{
    s->out = out;
    s->mark = out->len;
    s->failed = false;
    arena_reset(&s->mem);
    s->depth = 0;
    s->nattrs = 0;
    s->nkeys = 0;
    s->text.len = 0;
    s->st[0] = (frame){ .object = true, .first = true };
    evtx_buf_putc(out, '{');
}

static bool same(const skey *k, const char *s, size_t len)
{
    return k->len == len && memcmp(k->s, s, len) == 0;
}

static uint64_t key_bit(const char *s, size_t len)
{
    unsigned h = len ? (unsigned)len * 31u + (unsigned char)s[0] * 7u + (unsigned char)s[len - 1]
                     : 0;
    return 1ull << (h & 63);
}

/* Starts member key of f: its value is written next. False (failed set) when the
 * key was already used before another key: the tree writer groups those. */
static bool begin_member(evtx_jsonl_writer *s, frame *f, const char *key, size_t klen)
{
    evtx_buf *b = s->out;
    if (f->last.s && same(&f->last, key, klen)) {
        if (!f->in_array) {
            evtx_buf_reserve(b, 1);
            memmove(b->p + f->last_value + 1, b->p + f->last_value, b->len - f->last_value);
            b->p[f->last_value] = '[';
            b->len++;
            f->in_array = true;
        }
        evtx_buf_putc(b, ',');
        return true;
    }
    if (f->in_array) {
        evtx_buf_putc(b, ']');
        f->in_array = false;
    }
    uint64_t bit = key_bit(key, klen);
    if (f->key_filter & bit) {
        for (size_t i = f->key_start; i < s->nkeys; i++) {
            if (same(&s->keys[i], key, klen)) {
                s->failed = true;
                return false;
            }
        }
    }
    if (s->nkeys == MAX_KEYS) {
        s->failed = true;
        return false;
    }
    s->keys[s->nkeys++] = (skey){ key, klen };
    f->key_filter |= bit;
    if (!f->first)
        evtx_buf_putc(b, ',');
    f->first = false;
    evtx_json_str(b, key, klen);
    evtx_buf_putc(b, ':');
    f->last = (skey){ key, klen };
    f->last_value = b->len;
    return true;
}

/* "#attributes":{...} of the attributes f holds, which are then dropped. */
static void write_attrs(evtx_jsonl_writer *s, frame *f)
{
    evtx_buf *b = s->out;
    evtx_buf_put(b, "\"#attributes\":{", 15);
    for (size_t i = f->attr_start; i < s->nattrs; i++) {
        const sattr *a = &s->attrs[i];
        if (i > f->attr_start)
            evtx_buf_putc(b, ',');
        evtx_json_str(b, a->name, a->nlen);
        evtx_buf_putc(b, ':');
        evtx_json_str(b, a->val, a->vlen);
    }
    evtx_buf_putc(b, '}');
    s->nattrs = f->attr_start;
}

/* f gets its first child: it is written as an object under its own name. */
static void open_object(evtx_jsonl_writer *s, frame *f, frame *parent)
{
    if (!begin_member(s, parent, f->name, f->nlen))
        return;
    evtx_buf_putc(s->out, '{');
    f->object = true;
    f->key_start = s->nkeys;     /* after its own key, which is its parent's */
    f->first = s->nattrs == f->attr_start;
    if (!f->first)
        write_attrs(s, f);
}

static void j_open(void *ctx, const char *name, size_t len)
{
    evtx_jsonl_writer *s = ctx;
    if (s->failed)
        return;
    if (s->depth + 1 == MAX_FRAMES) {
        s->failed = true;
        return;
    }
    frame *f = &s->st[s->depth];
    if (!f->object) {
        open_object(s, f, &s->st[s->depth - 1]);
        if (s->failed)
            return;
    }
    s->st[++s->depth] = (frame){
        .name = name, .nlen = len, .eventdata = len == 9 && memcmp(name, "EventData", 9) == 0,
        .attr_start = s->nattrs, .text_start = s->text.len,
    };
}

static void j_attr(void *ctx, const char *name, size_t nlen, const char *val, size_t vlen)
{
    evtx_jsonl_writer *s = ctx;
    if (s->failed || s->depth == 0)
        return;                     /* the tree writer drops the document's too */
    if (s->st[s->depth].object || s->nattrs == MAX_ATTRS) {
        s->failed = true;           /* after a child: the tree puts it first */
        return;
    }
    s->attrs[s->nattrs++] = (sattr){ name, arena_strndup(&s->mem, val, vlen), nlen, vlen };
}

static void j_text(void *ctx, const char *t, size_t len)
{
    evtx_jsonl_writer *s = ctx;
    if (s->failed || s->depth == 0 || len == 0)
        return;
    evtx_buf_put(&s->text, t, len);
}

/* Leaf f (no child) ends: its member, keyed by its Data Name when flattened. */
static void close_leaf(evtx_jsonl_writer *s, frame *f, frame *parent, const char *t, size_t tn)
{
    const char *key = f->name;
    size_t klen = f->nlen;
    bool flat = false;
    size_t nattrs = s->nattrs - f->attr_start;
    if (parent->eventdata && f->nlen == 4 && memcmp(f->name, "Data", 4) == 0) {
        for (size_t i = f->attr_start; i < s->nattrs; i++) {
            const sattr *a = &s->attrs[i];
            if (a->nlen == 4 && memcmp(a->name, "Name", 4) == 0) {
                key = a->val;
                klen = a->vlen;
                flat = true;
                break;
            }
        }
    }
    if (!begin_member(s, parent, key, klen))
        return;
    evtx_buf *b = s->out;
    if (!nattrs || (flat && nattrs == 1)) {
        if (tn)
            evtx_json_str(b, t, tn);
        else
            evtx_buf_put(b, "null", 4);
        return;
    }
    evtx_buf_putc(b, '{');
    write_attrs(s, f);
    if (tn) {
        evtx_buf_put(b, ",\"#text\":", 9);
        evtx_json_str(b, t, tn);
    }
    evtx_buf_putc(b, '}');
}

static void j_close(void *ctx)
{
    evtx_jsonl_writer *s = ctx;
    if (s->failed || s->depth == 0)
        return;
    frame *f = &s->st[s->depth], *parent = &s->st[s->depth - 1];
    const char *t = s->text.p + f->text_start;
    size_t tn = s->text.len - f->text_start;
    if (!f->object) {
        close_leaf(s, f, parent, t, tn);
    } else {
        evtx_buf *b = s->out;
        if (f->in_array)
            evtx_buf_putc(b, ']');
        if (tn) {
            evtx_buf_put(b, ",\"#text\":", 9);
            evtx_json_str(b, t, tn);
        }
        evtx_buf_putc(b, '}');
    }
    s->text.len = f->text_start;
    s->nattrs = f->attr_start;
    if (f->object)
        s->nkeys = f->key_start;     /* a leaf's own key stays: it is its parent's */
    s->depth--;
}

const evtx_visitor evtx_jsonl_visitor = { j_open, j_attr, j_text, j_close };

bool evtx_jsonl_end(evtx_jsonl_writer *s, const evtx_record_view *r)
{
    evtx_buf *b = s->out;
    if (s->failed || s->depth != 0) {
        b->len = s->mark;
        return false;
    }
    if (s->st[0].in_array)
        evtx_buf_putc(b, ']');
    evtx_json_marks(b, r, false, s->st[0].first);
    evtx_buf_putc(b, '}');
    return true;
}
