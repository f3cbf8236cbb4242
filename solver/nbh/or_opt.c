/*
 * Or-opt (Or 1976): move the chain of 2 or 3 orders that starts at u right
 * after its neighbour v, as it is or reversed.  Single orders are
 * relocate's.
 */
#include "solver/nbh/nbh.h"

static bool or_opt_evaluate(const cf_routes *r, int u, int v, cf_move *best)
{
    cf_move m;
    bool found = false;
    int rv = r->route[v], b = u;

    for (int len = 2; len <= 3; len++) {
        b = r->next[b];
        if (b < 0) break;
        for (int rev = 0; rev <= 1; rev++) {
            if (cf_nbh_chain_after(r, &m, u, b, rev, rv, v)) found |= cf_nbh_offer(r, &m, best);
        }
    }
    return found;
}

const cf_nbh cf_nbh_or_opt = {"or-opt", or_opt_evaluate, cf_routes_apply};
