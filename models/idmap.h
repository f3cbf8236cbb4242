/*
 * A string -> index hash map (open addressing, FNV-1a) for id lookups while
 * loading and reading plans: O(1) instead of a linear scan per reference.
 * Keys are not copied: they must outlive the map.
 */
#ifndef CF_MODELS_IDMAP_H
#define CF_MODELS_IDMAP_H

#include <stddef.h>

#include "models/err.h"

typedef struct cf_idmap {
    const char **keys; /* [cap], NULL: empty slot */
    int *vals;         /* [cap] */
    size_t cap, len;
} cf_idmap;

void cf_idmap_init(cf_idmap *m);
void cf_idmap_release(cf_idmap *m);
/* Adds key -> val.  CF_OK; CF_EINVAL when key is already there (*old gets its
 * value when old is not NULL); CF_ENOMEM. */
cf_status cf_idmap_put(cf_idmap *m, const char *key, int val, int *old);
/* The value of key, or -1. */
int cf_idmap_get(const cf_idmap *m, const char *key);

#endif
