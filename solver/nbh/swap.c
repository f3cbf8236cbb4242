/*
 * Swap: exchange orders u and v, or u and v's successor (which puts u right
 * after v), between two routes or within one (Vidal et al. 2013, move 4).
 */
#include "solver/nbh/nbh.h"

static bool swap_pair(const cf_routes *r, int u, int v, cf_move *best)
{
    cf_move m;
    int ru = r->route[u], rv = r->route[v];

    if (u == v) return false;
    if (ru != rv) {
        cf_move_begin(&m, 2, ru, rv);
        cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[u], -1);
        cf_move_piece(&m, 0, CF_PIECE_NODE, v, -1);
        cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[u], -1);
        cf_move_piece(&m, 1, CF_PIECE_PREFIX, r->prev[v], -1);
        cf_move_piece(&m, 1, CF_PIECE_NODE, u, -1);
        cf_move_piece(&m, 1, CF_PIECE_SUFFIX, r->next[v], -1);
        return cf_nbh_offer(r, &m, best);
    }
    int a = r->pos[u] < r->pos[v] ? u : v, b = a == u ? v : u;
    cf_move_begin(&m, 1, ru, -1);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[a], -1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, b, -1);
    if (r->next[a] != b) cf_move_piece(&m, 0, CF_PIECE_RANGE, r->next[a], r->prev[b]);
    cf_move_piece(&m, 0, CF_PIECE_NODE, a, -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[b], -1);
    return cf_nbh_offer(r, &m, best);
}

static bool swap_evaluate(const cf_routes *r, int u, int v, cf_move *best)
{
    bool found = swap_pair(r, u, v, best);
    int nv = r->next[v];
    if (nv >= 0 && nv != u) found |= swap_pair(r, u, nv, best);
    return found;
}

const cf_nbh cf_nbh_swap = {"swap", swap_evaluate, cf_routes_apply};
