/*
 * 2-opt (Croes 1958), intra-route: reverse the orders between u and v so
 * that they become consecutive.  With time windows a reversed range has no
 * precomputed segment, so this move is O(length of the range) (Vidal et al.
 * 2013 keep it out of the O(1) moves for the same reason).
 */
#include "solver/nbh/nbh.h"

static bool two_opt_evaluate(const cf_routes *r, int u, int v, cf_move *best)
{
    cf_move m;
    int ru = r->route[u];

    if (r->route[v] != ru) return false;
    cf_move_begin(&m, 1, ru, -1);
    if (r->pos[u] < r->pos[v]) {
        /* ... u [next u .. v] next v ...  ->  ... u v .. next u, next v ... */
        if (r->next[u] == v) return false;
        cf_move_piece(&m, 0, CF_PIECE_PREFIX, u, -1);
        cf_move_piece(&m, 0, CF_PIECE_REV, r->next[u], v);
    } else {
        /* ... prev v [v .. prev u] u ...  ->  ... prev v, prev u .. v u ... */
        if (r->next[v] == u) return false;
        cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[v], -1);
        cf_move_piece(&m, 0, CF_PIECE_REV, v, r->prev[u]);
        cf_move_piece(&m, 0, CF_PIECE_SUFFIX, u, -1);
        return cf_nbh_offer(r, &m, best);
    }
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[v], -1);
    return cf_nbh_offer(r, &m, best);
}

const cf_nbh cf_nbh_two_opt = {"2-opt", two_opt_evaluate, cf_routes_apply};
