/* Bump allocator (see arena.h). */
#include "models/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "models/alloc.h"

struct cf_arena_block {
    cf_arena_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

void cf_arena_init(cf_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
}

void *cf_arena_calloc(cf_arena *a, size_t n, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t bytes, need;
    cf_arena_block *b = a->head;

    if (size && n > SIZE_MAX / size) return NULL;
    bytes = n * size;
    if (bytes > SIZE_MAX - align) return NULL;
    need = (bytes + align - 1) & ~(align - 1);
    if (need == 0) need = align;
    if (!b || b->size - b->used < need) {
        size_t cap = need > a->block_size ? need : a->block_size;
        if (cap > SIZE_MAX - sizeof *b) return NULL;
        b = cf_malloc(sizeof *b + cap);
        if (!b) return NULL;
        b->size = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    memset(p, 0, bytes);
    return p;
}

char *cf_arena_strdup(cf_arena *a, const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = cf_arena_calloc(a, len, 1);
    if (d) memcpy(d, s, len);
    return d;
}

void cf_arena_reset(cf_arena *a)
{
    cf_arena_block *b = a->head;
    if (!b) return;
    while (b->next) {
        cf_arena_block *n = b->next;
        b->next = n->next;
        cf_free(n);
    }
    b->used = 0;
}

void cf_arena_release(cf_arena *a)
{
    cf_arena_block *b = a->head;
    while (b) {
        cf_arena_block *n = b->next;
        cf_free(b);
        b = n;
    }
    a->head = NULL;
}
