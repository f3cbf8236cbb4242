/*
 * A bump allocator: a problem's tables live in one arena and go with one
 * cf_arena_release(); a search's per-iteration scratch is one cf_arena_reset().
 * Blocks come from cf_malloc, so allocation-failure tests reach them too.
 */
#ifndef CF_MODELS_ARENA_H
#define CF_MODELS_ARENA_H

#include <stddef.h>

typedef struct cf_arena_block cf_arena_block;
typedef struct cf_arena {
    cf_arena_block *head; /* newest block first */
    size_t block_size;    /* default size of a new block, bytes */
} cf_arena;

void cf_arena_init(cf_arena *a, size_t block_size);
/* n * size zeroed bytes aligned for any type; NULL on overflow or no memory. */
void *cf_arena_calloc(cf_arena *a, size_t n, size_t size);
/* A copy of s in the arena; NULL when out of memory. */
char *cf_arena_strdup(cf_arena *a, const char *s);
/* Forgets every allocation but keeps the first block for reuse. */
void cf_arena_reset(cf_arena *a);
/* Frees every block. */
void cf_arena_release(cf_arena *a);

#endif
