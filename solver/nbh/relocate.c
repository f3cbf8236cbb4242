/*
 * Relocate: move order u right after or right before its neighbour v, on
 * v's route or within its own (Vidal et al. 2013, moves 1 of the granular
 * local search).  Inter-route and inter-DC alike: rule (8) and DC
 * capacities are checked by the evaluation.
 */
#include "solver/nbh/nbh.h"

static bool relocate_evaluate(const cf_routes *r, int u, int v, cf_move *best)
{
    cf_move m;
    bool found = false;
    int rv = r->route[v];

    /* u after v, then u before v (after v's predecessor, or at the front). */
    if (cf_nbh_chain_after(r, &m, u, u, false, rv, v)) found |= cf_nbh_offer(r, &m, best);
    if (r->prev[v] != u && cf_nbh_chain_after(r, &m, u, u, false, rv, r->prev[v]))
        found |= cf_nbh_offer(r, &m, best);
    return found;
}

const cf_nbh cf_nbh_relocate = {"relocate", relocate_evaluate, cf_routes_apply};
