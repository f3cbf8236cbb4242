/*
 * Ruin and recreate (Schrimpf et al. 2000; Christiaens and Vanden Berghe
 * 2020, "Slack induction by string removals for vehicle routing problems"):
 * remove strings of consecutive orders from routes near a random seed order
 * (or a whole short route, or random orders), then reinsert them greedily
 * in a random sort order with blinks.
 */
#ifndef CF_SOLVER_RUIN_H
#define CF_SOLVER_RUIN_H

#include "solver/route.h"
#include "solver/search.h"
#include "solver/worker.h"

/* Removes orders from r; writes them to out and returns how many. */
int cf_ruin(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *out);

/* Reinserts list[0 .. n) (unrouted orders; the list is reordered) where the
 * insertion beats leaving them out, or, in half the calls, optional orders
 * wherever they fit best (the local search drops what does not pay); key
 * is scratch of n entries. */
void cf_recreate(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *list, int n,
                 int64_t *key);

#endif
