/*
 * 2-opt* (Potvin and Rousseau 1995): exchange the tails of two routes so
 * that u and v become consecutive, u -> v or v -> u.  The orientation of
 * every order is kept, so with time windows it is O(1) within a speed
 * class.  Tails may change DC: rule (8) and DC capacities are checked by
 * the evaluation for whole segments at once.
 */
#include "solver/nbh/nbh.h"

static bool two_opt_star_evaluate(const cf_routes *r, int u, int v, cf_move *best)
{
    cf_move m;
    bool found = false;
    int ru = r->route[u], rv = r->route[v];

    if (ru == rv) return false;
    /* u -> v: (u, next u) and (prev v, v) become (u, v) and (prev v, next u). */
    cf_move_begin(&m, 2, ru, rv);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, u, -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, v, -1);
    cf_move_piece(&m, 1, CF_PIECE_PREFIX, r->prev[v], -1);
    cf_move_piece(&m, 1, CF_PIECE_SUFFIX, r->next[u], -1);
    found |= cf_nbh_offer(r, &m, best);
    /* v -> u: (v, next v) and (prev u, u) become (v, u) and (prev u, next v). */
    cf_move_begin(&m, 2, ru, rv);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[u], -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[v], -1);
    cf_move_piece(&m, 1, CF_PIECE_PREFIX, v, -1);
    cf_move_piece(&m, 1, CF_PIECE_SUFFIX, u, -1);
    found |= cf_nbh_offer(r, &m, best);
    return found;
}

const cf_nbh cf_nbh_two_opt_star = {"2-opt*", two_opt_star_evaluate, cf_routes_apply};
