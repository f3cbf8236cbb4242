/* Allocation wrappers with test-build failure injection (see alloc.h). */
#include "models/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef CF_TESTING
/* The project's one mutable global, test builds only. */
static _Thread_local long fail_countdown = -1;

void cf_alloc_fail_after(long n)
{
    fail_countdown = n;
}

static int should_fail(void)
{
    if (fail_countdown < 0) return 0;
    if (fail_countdown == 0) return 1;
    fail_countdown--;
    return 0;
}
#else
#define should_fail() 0
#endif

void *cf_malloc(size_t size)
{
    if (should_fail()) return NULL;
    return malloc(size ? size : 1);
}

void *cf_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    if (should_fail()) return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *cf_reallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    if (should_fail()) return NULL;
    size_t bytes = n * size;
    return realloc(ptr, bytes ? bytes : 1);
}

char *cf_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = cf_malloc(len);
    if (d) memcpy(d, s, len);
    return d;
}

void cf_free(void *ptr)
{
    free(ptr);
}
