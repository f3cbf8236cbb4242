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
    int only_dc;       /* vehicles of this DC only; -1: any */
    cf_rng *rng;       /* for blinks; NULL: none */
    double blink;      /* probability of skipping a position */
    int full_scan;     /* 0: never, 1: when the granular positions hold nothing, 2: always */
    bool spare_skills; /* skip vehicles with a skill the order does not need */
    bool upgrade;      /* a route u overfills may move to a bigger vehicle (try_position) */
} cf_insert_opts;

/* Cheapest allowed insertion of the unrouted order u into *best (delta
 * includes leaving the unrouted set: negative when worth doing).  False when
 * no position is allowed; *dc_blocked (may be NULL) tells whether some
 * position was refused only for a DC's capacity. */
bool cf_insert_best(const cf_routes *r, int u, const cf_insert_opts *o, cf_move *best,
                    bool *dc_blocked);

/* Builds routes for every active unrouted order of r: per DC, its assigned
 * orders (fleet home), the scarcest first (fewest vehicles may carry them:
 * fleet reach) and in sweep order around the DC within a class, each at its
 * cheapest position among that DC's vehicles, sparing the vehicles whose
 * skills it does not need while others have room; then whatever is left,
 * anywhere.  Orders inserted only when the insertion beats their penalty;
 * then, the mandatory ones placed, every optional order still out where
 * there is room, whatever its penalty (the local search drops what does not
 * pay).  `upgrade`: insertions may move an overfilled route to a bigger
 * vehicle (cf_insert_opts).  False when the time limit or the stop flag
 * (ctx), and the grace after them (cf_ctx_overtime), cut it short: some
 * orders were never tried. */
bool cf_construct(cf_routes *r, cf_ctx *ctx, bool upgrade);

/* The same over every DC at once with the orders by decreasing demand (as a
 * share of vehicle 0's capacity; first-fit decreasing), with upgrades: for
 * a fleet too small for the sweep's packing, where the sweep leaves
 * mandatory orders out.  Same return. */
bool cf_construct_big_first(cf_routes *r, cf_ctx *ctx);

/* The used routes that may carry order u (rule 8), nearest u first (by
 * their order nearest u), k of them at most (k <= CF_NEAR_MAX): their
 * vehicles into veh and, when at is not NULL, those nearest orders into at.
 * O(routed orders).  Returns how many. */
#define CF_NEAR_MAX 16
int cf_routes_near(const cf_routes *r, int u, int k, int *veh, int *at);

/* Insertion with ejections, for an order no route has room for as it
 * stands: eject one or two orders from a route that may carry u, put u in,
 * and put them somewhere else, themselves by ejection while depth allows
 * (the ejection chains of Glover 1996; for the VRP, the insertion with
 * ejections and the squeeze of Nagata and Braysy 2009).  The orders ejected
 * are those around the place u would take if the route's windows and
 * limits gave way, on the routes nearest u, and only orders at least as
 * easy to place as u (fleet reach); each chain is
 * tried on a copy (tmp[0 .. depth), each sized for r's fleet; ctx gives the
 * apply buffer and the clock): r changes only when the chain lowers
 * cf_routes_value.  *budget bounds the copies made (spent as they are).
 * True when r changed. */
bool cf_insert_eject(cf_routes *r, int u, int depth, cf_ctx *ctx, cf_routes *tmp, int *budget);

/* cf_insert_best, then cf_insert_eject, for the unrouted mandatory orders
 * of r (the scarcest first), in rounds until a round places none, the
 * budget is spent or ctx is overtime.  Returns how many it placed. */
int cf_eject_pass(cf_routes *r, cf_ctx *ctx, int depth, cf_routes *tmp, int budget);

/* An ejection-pool episode (Nagata and Braysy 2009): the unrouted
 * mandatory orders form a pool (stack, n entries); each step takes the last
 * one in and places it, or, when no place is free, puts it where the
 * orders in its way (around its squeeze slot, one or two) were ejected least
 * often (count, per order, grows with each of its failures) and pushes
 * those into the pool.  Up to `steps` steps; the orders out and the cost
 * may grow on the way: the caller keeps the result or not.  Returns how
 * many fewer mandatory orders are out (negative: more). */
int cf_ep_run(cf_routes *r, cf_ctx *ctx, int steps, int *stack, uint16_t *count);

/* Copies an ejection pass may make on r: a few hundred per mandatory order
 * left out, within a bound on the work (each copy is O(orders)). */
int cf_eject_budget(const cf_routes *r);

/* What a plan may still gain for its mandatory orders left out: an
 * ejection pass to `depth` (tmp[0 .. depth) as for cf_insert_eject, with
 * cf_eject_budget), then an ejection-pool episode of 100 steps per order
 * out, kept only when it leaves r better.  seconds > 0 bounds it (grace
 * included) below ctx's own deadline, which then holds again, the halt of
 * the slice forgotten; seconds <= 0: ctx's limits alone.  Before the
 * search, between its epochs and at the end of a solve (solver.c,
 * parallel.c). */
void cf_place_mandatory(cf_routes *r, cf_ctx *ctx, int depth, cf_routes *tmp, int *stack,
                        uint16_t *count, double seconds);

#endif
