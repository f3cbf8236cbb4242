/*
 * What one search stream owns besides its solutions: a scratch arena, its
 * random numbers (seeded by stream index, never by thread), the stop
 * conditions it must look at often, and the search clock that stamps route
 * changes.  A context is used by one thread at a time.
 */
#ifndef CF_SOLVER_WORKER_H
#define CF_SOLVER_WORKER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "models/arena.h"
#include "models/clock.h"
#include "models/rng.h"

typedef struct cf_ctx {
    cf_arena scratch;
    cf_rng rng;
    const volatile sig_atomic_t *stop; /* may be NULL */
    double deadline;                   /* cf_ctx_now() value; <= 0: none */
    bool halted;                       /* a stop condition was seen: unwind */
    double halted_at;                  /* cf_ctx_now() when halted was first seen */
    uint64_t clock;                    /* search clock for route stamps */
    int *buf;                          /* [2 * n_orders + 2] for cf_routes_apply and friends */
} cf_ctx;

/* Monotonic wall-clock seconds (models/clock.h), the search's name for it. */
static inline double cf_ctx_now(void)
{
    return cf_now_s();
}

/* True once the stop flag or the deadline has been seen; sticky.  Only ever
 * ends work early, never steers it, so that a work limit stays repeatable. */
static inline bool cf_ctx_halted(cf_ctx *c)
{
    if (c->halted) return true;
    if ((c->stop && *c->stop) || (c->deadline > 0 && cf_ctx_now() >= c->deadline)) {
        c->halted = true;
        c->halted_at = cf_ctx_now();
    }
    return c->halted;
}

/* Work that a plan cannot do without (building the first routes, telling
 * why an order is left out) goes on after a stop, but for CF_GRACE_S
 * seconds at most: a small instance still gets its whole greedy plan, a
 * huge one stops promptly.  True once that grace is used up. */
#define CF_GRACE_S 0.5
static inline bool cf_ctx_overtime(cf_ctx *c)
{
    return cf_ctx_halted(c) && cf_ctx_now() - c->halted_at > CF_GRACE_S;
}

#endif
