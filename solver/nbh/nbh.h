/*
 * Neighbourhoods: one file per move, one const table each, one registry
 * (as VROOM's operators/ folder).  A neighbourhood looks at
 * one pair (u, v), v among u's nearest neighbours (granular search, Toth and
 * Vigo 2003), and proposes the best of its variants that beats best->delta;
 * every variant is a list of route pieces (solver/route.h), so evaluation is
 * O(1) for inter-route variants within a speed class and apply is shared.
 * To add a move, write a file and add one line to cf_nbh_all in nbh.c; the
 * search loop does not change.
 */
#ifndef CF_SOLVER_NBH_NBH_H
#define CF_SOLVER_NBH_NBH_H

#include <stdbool.h>

#include "solver/route.h"

typedef struct cf_nbh {
    const char *name;
    /* Read-only: when a variant of this move for (u, v) has a delta below
     * best->delta, writes it to *best and returns true.  u and v are routed
     * and distinct. */
    bool (*evaluate)(const cf_routes *r, int u, int v, cf_move *best);
    void (*apply)(cf_routes *r, const cf_move *m, int *buf, uint64_t stamp);
} cf_nbh;

extern const cf_nbh cf_nbh_relocate;     /* nbh/relocate.c */
extern const cf_nbh cf_nbh_swap;         /* nbh/swap.c */
extern const cf_nbh cf_nbh_two_opt;      /* nbh/two_opt.c: intra-route reversal */
extern const cf_nbh cf_nbh_two_opt_star; /* nbh/two_opt_star.c: tail exchange */
extern const cf_nbh cf_nbh_or_opt;       /* nbh/or_opt.c: chains of 2 and 3 */
/* SWAP* looks at pairs of routes, not pairs of orders: nbh/swap_star.h,
 * called by the local search after the registry's moves. */

extern const cf_nbh *const cf_nbh_all[];
extern const int cf_nbh_count;

/* Evaluates cand (no change of the unrouted set); when allowed and better
 * than best, copies it.  The common tail of every evaluate. */
static inline bool cf_nbh_offer(const cf_routes *r, cf_move *cand, cf_move *best)
{
    if (cf_routes_eval_move(r, cand, 0, best->delta) != CF_EVAL_OK) return false;
    if (cand->delta >= best->delta) return false;
    *best = *cand;
    return true;
}

/* Builds into m (route slot i) the route of w's vehicle with the chain
 * a .. b (same route, a first; reversed when rev) moved right after w
 * (w == -1: at the front of vehicle veh's route).  Handles the chain's own
 * route (intra-route) and another route alike.  False for a no-op or an
 * impossible placement (w inside the chain). */
bool cf_nbh_chain_after(const cf_routes *r, cf_move *m, int a, int b, bool rev, int veh, int w);

#endif
