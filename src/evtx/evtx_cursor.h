/* evtx_cursor.h - bounds-checked little-endian reader over a byte range. A read past
 * the end sets the sticky `bad` flag and yields zeros, so parsers check once after
 * a group of reads instead of after every field. Loads go through memcpy: no casts
 * of packed structs over input, no unaligned access. */
#ifndef TRAWL_EVTX_CURSOR_H
#define TRAWL_EVTX_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct evtx_cursor {
    const unsigned char *base; /* start of the addressable buffer (offsets are from here) */
    size_t pos;                /* next byte to read, relative to base */
    size_t end;                /* reads must stay below this offset */
    bool bad;                  /* a read went out of bounds */
} evtx_cursor;

static inline uint16_t evtx_le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t evtx_le32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint64_t evtx_le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static inline evtx_cursor evtx_cursor_make(const unsigned char *base, size_t pos, size_t end)
{
    evtx_cursor c = { base, pos, end, pos > end };
    return c;
}

static inline size_t evtx_cursor_left(const evtx_cursor *c)
{
    return c->bad || c->pos > c->end ? 0 : c->end - c->pos;
}

/* Pointer to the next n bytes and advances, or NULL (and bad) when fewer remain. */
static inline const unsigned char *evtx_cursor_take(evtx_cursor *c, size_t n)
{
    if (c->bad || n > c->end - c->pos) {
        c->bad = true;
        return NULL;
    }
    const unsigned char *p = c->base + c->pos;
    c->pos += n;
    return p;
}

static inline uint8_t evtx_cursor_u8(evtx_cursor *c)
{
    const unsigned char *p = evtx_cursor_take(c, 1);
    return p ? p[0] : 0;
}

static inline uint16_t evtx_cursor_u16(evtx_cursor *c)
{
    const unsigned char *p = evtx_cursor_take(c, 2);
    return p ? evtx_le16(p) : 0;
}

static inline uint32_t evtx_cursor_u32(evtx_cursor *c)
{
    const unsigned char *p = evtx_cursor_take(c, 4);
    return p ? evtx_le32(p) : 0;
}

static inline uint64_t evtx_cursor_u64(evtx_cursor *c)
{
    const unsigned char *p = evtx_cursor_take(c, 8);
    return p ? evtx_le64(p) : 0;
}

/* Next byte without consuming it; -1 at the end. */
static inline int evtx_cursor_peek(const evtx_cursor *c)
{
    return !c->bad && c->pos < c->end ? c->base[c->pos] : -1;
}

#endif
