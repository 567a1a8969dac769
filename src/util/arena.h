/* arena.h - bump allocator with a lifetime: everything allocated from an arena is
 * freed at once by arena_reset() (memory kept for reuse) or arena_free().
 * Blocks never move, so pointers stay valid until the reset. Allocation failure
 * aborts (see xmalloc), so callers never check for NULL. */
#ifndef TRAWL_ARENA_H
#define TRAWL_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    unsigned char *cur;    /* free space of the head block */
    size_t left;           /* bytes free at cur */
    arena_block *head;     /* block being filled; older blocks follow via ->next */
    arena_block *spare;    /* blocks released by arena_reset, reused before malloc */
    size_t block_size;     /* default size of a new block */
} arena;

void arena_init(arena *a, size_t block_size);
/* arena_alloc when the head block is full: another block. */
void *arena_alloc_block(arena *a, size_t size);
/* 16-byte aligned. Inline: renderers allocate a few nodes per record value. */
static inline void *arena_alloc(arena *a, size_t size)
{
    size = size ? (size + 15) & ~(size_t)15 : 16;
    if (size > a->left)
        return arena_alloc_block(a, size);
    void *p = a->cur;
    a->cur += size;
    a->left -= size;
    return p;
}
char *arena_strndup(arena *a, const char *s, size_t len); /* NUL-terminated copy */
/* Room for one more element of a growing array living in the arena: when *n ==
 * *cap, the array moves to a block twice as large (the old one stays until the
 * reset, so a list built this way costs at most twice its final size). */
void *arena_grow(arena *a, void *v, size_t n, size_t *cap, size_t elem);
#define ARENA_GROW(a, v, n, cap) ((v) = arena_grow((a), (v), (n), &(cap), sizeof *(v)))
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
