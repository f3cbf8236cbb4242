/*
 * Recombination during the search, pipeline step 6: the streams' solutions
 * feed a pool of routes (solver/pool.h) between epochs, and at the end a
 * set-partitioning MIP (solver/sp.h, GLPK) picks the best plan made of
 * pooled routes, warm-started from the incumbent.  The incumbent is kept
 * when the MIP finds nothing better (Subramanian, Uchoa and Ochi 2013,
 * "A hybrid algorithm for a class of vehicle routing problems", section 3;
 * the SP component of ILS-SP).
 */
#ifndef CF_SOLVER_RECOMBINE_H
#define CF_SOLVER_RECOMBINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "models/solution.h"
#include "solver/pool.h"
#include "solver/route.h"

typedef struct cf_recomb {
    const cf_fleet *f;
    cf_pool *pool;
    cf_solution inc, out; /* incumbent and result, as plans */
    int *buf;             /* [2 n + 2] */
    long added;           /* routes offered */
    const volatile sig_atomic_t *stop; /* ends cf_recomb_run's MIP early; may be NULL */
} cf_recomb;

/* A pool of at most max_routes routes; with `solves`, also the plans that
 * cf_recomb_run needs (a stream's pool only collects).  CF_ENOMEM or CF_OK
 * (rc released). */
cf_status cf_recomb_init(cf_recomb *rc, const cf_fleet *f, size_t max_routes, bool solves,
                         cf_err *err);
void cf_recomb_release(cf_recomb *rc);

/* Offers the pool the routes of r that changed after `since` (search
 * clock of r's stream; 0: every route).  Serial only. */
void cf_recomb_collect(cf_recomb *rc, const cf_routes *r, uint64_t since);

/* Offers rc's pool every route of from's pool (slot order).  Serial. */
void cf_recomb_merge(cf_recomb *rc, const cf_recomb *from);

/* Solves the set-partitioning MIP over the pool with best as incumbent,
 * within time_limit_s (<= 0: none) and node_limit (0: none); when the
 * result is better, best becomes it (best under strict weights, feasible).
 * True when best improved.  Never fails: on any error best is kept. */
bool cf_recomb_run(cf_recomb *rc, cf_routes *best, double time_limit_s, long node_limit);

#endif
