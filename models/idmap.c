/* String -> index hash map (see idmap.h). */
#include "models/idmap.h"

#include <stdint.h>
#include <string.h>

#include "models/alloc.h"

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void cf_idmap_init(cf_idmap *m)
{
    memset(m, 0, sizeof *m);
}

void cf_idmap_release(cf_idmap *m)
{
    cf_free(m->keys);
    cf_free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t slot_of(const cf_idmap *m, const char *key)
{
    size_t i = (size_t)fnv1a(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static cf_status grow(cf_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    cf_idmap big = {cf_calloc(cap, sizeof(char *)), cf_calloc(cap, sizeof(int)), cap, 0};
    if (!big.keys || !big.vals) {
        cf_free(big.keys);
        cf_free(big.vals);
        return CF_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot_of(&big, m->keys[i]);
        big.keys[j] = m->keys[i];
        big.vals[j] = m->vals[i];
        big.len++;
    }
    cf_idmap_release(m);
    *m = big;
    return CF_OK;
}

cf_status cf_idmap_put(cf_idmap *m, const char *key, int val, int *old)
{
    if ((m->len + 1) * 2 > m->cap && grow(m) != CF_OK) return CF_ENOMEM;
    size_t i = slot_of(m, key);
    if (m->keys[i]) {
        if (old) *old = m->vals[i];
        return CF_EINVAL;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->len++;
    return CF_OK;
}

int cf_idmap_get(const cf_idmap *m, const char *key)
{
    if (!m->cap) return -1;
    size_t i = slot_of(m, key);
    return m->keys[i] ? m->vals[i] : -1;
}
