/*
 * Random numbers: splitmix64 expands (seed, stream) into the state of a
 * xoshiro256** generator (Blackman and Vigna 2018).  Streams seeded by task
 * index, never by thread, so results do not depend on the thread count.
 */
#ifndef CF_MODELS_RNG_H
#define CF_MODELS_RNG_H

#include <stdint.h>

typedef struct cf_rng {
    uint64_t s[4];
} cf_rng;

void cf_rng_seed(cf_rng *r, uint64_t seed, uint64_t stream);
uint64_t cf_rng_next(cf_rng *r);
/* Uniform in [0, n), n > 0, without modulo bias (Lemire 2019). */
uint32_t cf_rng_below(cf_rng *r, uint32_t n);
/* Uniform in [0, 1). */
double cf_rng_double(cf_rng *r);

#endif
