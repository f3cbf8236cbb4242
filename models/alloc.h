/*
 * Every allocation of the project goes through these wrappers, so that test
 * builds (CF_TESTING) can make the Nth allocation fail and walk every error
 * path (SQLite's test_malloc.c, Lua's ltests.c).  Sizes are overflow-checked.
 */
#ifndef CF_MODELS_ALLOC_H
#define CF_MODELS_ALLOC_H

#include <stddef.h>

void *cf_malloc(size_t size);
/* n * size bytes, zeroed; NULL on overflow or failure. */
void *cf_calloc(size_t n, size_t size);
/* n * size bytes; NULL on overflow or failure (ptr is then untouched). */
void *cf_reallocarray(void *ptr, size_t n, size_t size);
char *cf_strdup(const char *s);
void cf_free(void *ptr);

#ifdef CF_TESTING
/* The n-th allocation from now (0 = the next) and all after it fail in this
 * thread; n < 0 switches failure injection off. */
void cf_alloc_fail_after(long n);
#endif

#endif
