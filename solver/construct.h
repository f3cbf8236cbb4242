/*
 * Construction, pipeline step 4, and the insertion it shares with the
 * recreate step of ruin-and-recreate: cheapest feasible insertion over the
 * granular candidate positions (next to an order's routed neighbours), one
 * empty vehicle per vehicle type, and, when those hold nothing, every
 * position of every route.
 */
#ifndef CF_SOLVER_CONSTRUCT_H
#define CF_SOLVER_CONSTRUCT_H

#include <stdbool.h>

#include "models/rng.h"
#include "solver/route.h"
#include "solver/worker.h"

typedef struct cf_insert_opts {
    int only_dc;   /* vehicles of this DC only; -1: any */
    cf_rng *rng;   /* for blinks; NULL: none */
    double blink;  /* probability of skipping a position */
    int full_scan; /* 0: never, 1: when the granular positions hold nothing, 2: always */
    bool upgrade;  /* a route u overfills may move to a bigger vehicle (try_position) */
} cf_insert_opts;

/* Cheapest allowed insertion of the unrouted order u into *best (delta
 * includes leaving the unrouted set: negative when worth doing).  False when
 * no position is allowed; *dc_blocked (may be NULL) tells whether some
 * position was refused only for a DC's capacity. */
bool cf_insert_best(const cf_routes *r, int u, const cf_insert_opts *o, cf_move *best,
                    bool *dc_blocked);

/* Builds routes for every active unrouted order of r: per DC, its assigned
 * orders (fleet home) in sweep order around the DC, each at its cheapest
 * position among that DC's vehicles; then whatever is left, anywhere.
 * Orders inserted only when the insertion beats their penalty; then, the
 * mandatory ones placed, every optional order still out where there is
 * room, whatever its penalty (the local search drops what does not pay).
 * `upgrade`: insertions may move an overfilled route to a bigger vehicle
 * (cf_insert_opts).  False when the time limit or the stop flag (ctx), and
 * the grace after them (cf_ctx_overtime), cut it short: some orders were
 * never tried. */
bool cf_construct(cf_routes *r, cf_ctx *ctx, bool upgrade);

/* The same over every DC at once with the orders by decreasing demand (as a
 * share of vehicle 0's capacity; first-fit decreasing), with upgrades: for
 * a fleet too small for the sweep's packing, where the sweep leaves
 * mandatory orders out.  Same return. */
bool cf_construct_big_first(cf_routes *r, cf_ctx *ctx);

#endif
