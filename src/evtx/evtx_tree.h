/* evtx_tree.h - the compiled form of BinXML shared by the compiler/renderer
 * (evtx_binxml.c) and the probe's fast path (evtx_sysplan.c): names, node trees,
 * template definitions and the substitution values of an instance. Everything lives
 * in the chunk's arenas (evtx_private.h says for how long). */
#ifndef TRAWL_EVTX_TREE_H
#define TRAWL_EVTX_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "evtx_private.h"

struct evtx_name {
    uint32_t off;            /* chunk offset of the name entry */
    uint32_t len;            /* UTF-8 length */
    const char *s;           /* UTF-8, NUL-terminated */
    evtx_name *next;         /* hash chain */
    int8_t garbled;          /* evtx_carve_name_ok() false: 1, true: 0, not asked yet
                                (only carved records ask): -1 */
};

enum { N_ELEM, N_ATTR, N_TEXT, N_SUBST, N_TEMPLATE };

typedef struct evtx_val {
    const unsigned char *p;  /* value bytes inside the chunk */
    uint32_t size;           /* bytes */
    uint8_t type;            /* actual value type from the descriptor */
} evtx_val;

typedef struct evtx_node evtx_node;

typedef struct evtx_inst {
    evtx_tmpl *tmpl;         /* definition */
    evtx_val *vals;          /* substitution values */
    uint32_t nvals;          /* count */
} evtx_inst;

struct evtx_node {
    uint8_t kind;            /* N_* */
    uint8_t vtype;           /* N_SUBST: declared value type */
    bool optional;           /* N_SUBST: optional substitution (0x0e) */
    uint16_t index;          /* N_SUBST: value index */
    uint32_t len;            /* N_ELEM/N_ATTR: name length; N_TEXT: text length */
    uint32_t name_off;       /* N_ELEM/N_ATTR: chunk offset of the name entry, which
                                the carved-record check reads again */
    const char *s;           /* N_ELEM/N_ATTR: name; N_TEXT: UTF-8 text */
    evtx_node *attrs;        /* N_ELEM: attribute list */
    evtx_node *child;        /* N_ELEM: content; N_ATTR: value pieces */
    evtx_node *next;         /* sibling */
    evtx_inst *inst;         /* N_TEMPLATE */
};

/* Where one System value the probe captures comes from in a template. */
typedef struct evtx_sys_source {
    uint8_t kind;            /* SYS_* */
    bool optional;           /* SYS_SUBST: left out (not even empty) when the value is null */
    uint16_t index;          /* SYS_SUBST: value index */
    uint32_t len;            /* SYS_TEXT: bytes */
    const char *text;        /* SYS_TEXT: fixed text (in the chunk arena) */
} evtx_sys_source;

enum {
    SYS_ABSENT,              /* not in the template: never captured */
    SYS_TEXT,                /* fixed text (possibly empty) */
    SYS_SUBST,               /* the whole text of an element or attribute is one value */
};

/* The probe's System values, for every instance of one template (evtx_sysplan.c). */
typedef struct evtx_sysplan {
    evtx_sys_source src[4];  /* indexed by EVTX_PROBE_* (evtx_probe.h) */
} evtx_sysplan;

enum { TAIL_UNKNOWN, TAIL_INERT, TAIL_LIVE };
enum { PLAN_UNKNOWN, PLAN_USABLE, PLAN_NONE };

struct evtx_tmpl {
    uint32_t off;            /* chunk offset of the definition */
    bool compiling;          /* being compiled: a reference now is a cycle */
    bool bad;                /* failed to compile */
    const char *why;         /* why, when the fast path compiled it: for the next report */
    int8_t tail;             /* TAIL_*: can what follows </System> matter to the probe */
    int8_t dyn;              /* TAIL_*: can this template matter, inside a BinXML value */
    int8_t plan_state;       /* PLAN_*: whether plan below applies */
    evtx_sysplan plan;       /* valid when plan_state == PLAN_USABLE */
    evtx_node *root;         /* compiled body */
    evtx_tmpl *next;         /* hash chain */
};

/* A stream that is exactly one template instance, as compile() reads it. */
typedef struct evtx_instance {
    uint32_t def;                /* chunk offset of the template definition */
    uint32_t count;              /* substitution values */
    const unsigned char *desc;   /* count x (u16 size, u8 type, u8 0) */
    const unsigned char *values; /* the values, one after the other */
} evtx_instance;

/* True when chunk bytes [off, end) hold fragment headers, one template instance
 * whose values all fit, then EOF or nothing; false for any other shape or damage
 * (the compiler is then the one to decide and report). */
bool evtx_instance_read(const evtx_chunk *c, size_t off, size_t end, evtx_instance *in);

/* The compiled template whose definition is at chunk offset off, as a record's own
 * template instance refers to it; NULL (c->why set) when it cannot be compiled. */
evtx_tmpl *evtx_template_at(evtx_chunk *c, uint32_t off);
/* True when nothing after the template's first </System> can change the probe's
 * verdict, given instance values that hold no BinXML (c->probe_shadows set). */
bool evtx_template_tail_inert(evtx_chunk *c, evtx_tmpl *t);
/* True when the BinXML value p[0,size) holds nothing the probe would look at below
 * the System level (c->probe_shadows set). Compiles into the record arena. */
bool evtx_binxml_value_inert(evtx_chunk *c, const unsigned char *p, uint32_t size);

#endif
