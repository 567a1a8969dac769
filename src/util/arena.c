/* arena.c - block-list bump allocator; reset keeps blocks so steady-state
 * per-record work allocates nothing. */
#include "arena.h"
#include "xmalloc.h"

#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size;   /* usable bytes in data[] */
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a, size_t block_size)
{
    a->cur = NULL;
    a->left = 0;
    a->head = NULL;
    a->spare = NULL;
    a->block_size = block_size ? block_size : 16384;
}

static arena_block *take_block(arena *a, size_t need)
{
    arena_block **prev = &a->spare;
    for (arena_block *b = a->spare; b; prev = &b->next, b = b->next) {
        if (b->size >= need) {
            *prev = b->next;
            return b;
        }
    }
    size_t size = need > a->block_size ? need : a->block_size;
    arena_block *b = xmalloc(sizeof *b + size);
    b->size = size;
    return b;
}

void *arena_alloc_block(arena *a, size_t size)
{
    arena_block *b = take_block(a, size);
    b->next = a->head;
    a->head = b;
    a->cur = b->data + size;
    a->left = b->size - size;
    return b->data;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_reset(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        b->next = a->spare;
        a->spare = b;
        b = next;
    }
    a->head = NULL;
    a->cur = NULL;
    a->left = 0;
}

static void free_list(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_free(arena *a)
{
    free_list(a->head);
    free_list(a->spare);
    a->head = a->spare = NULL;
    a->cur = NULL;
    a->left = 0;
}

void *arena_grow(arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return v;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *nv = arena_alloc(a, ncap * elem);
    if (n)
        memcpy(nv, v, n * elem);
    *cap = ncap;
    return nv;
}
