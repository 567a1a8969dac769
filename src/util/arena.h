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
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
