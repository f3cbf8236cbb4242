/*
 * The registry of neighbourhoods, in the order the search tries them, and
 * the piece-list builder they share.
 */
#include "solver/nbh/nbh.h"

const cf_nbh *const cf_nbh_all[] = {
    &cf_nbh_relocate, &cf_nbh_swap, &cf_nbh_two_opt_star, &cf_nbh_or_opt, &cf_nbh_two_opt,
};
const int cf_nbh_count = (int)(sizeof cf_nbh_all / sizeof cf_nbh_all[0]);

static void add_chain(cf_move *m, int i, int a, int b, bool rev)
{
    cf_move_piece(m, i, rev ? CF_PIECE_REV : CF_PIECE_RANGE, a, b);
}

bool cf_nbh_chain_after(const cf_routes *r, cf_move *m, int a, int b, bool rev, int veh, int w)
{
    int ra = r->route[a];
    int pa = r->prev[a], nb = r->next[b];

    if (w >= 0 && r->route[w] == ra && r->pos[w] >= r->pos[a] && r->pos[w] <= r->pos[b])
        return false; /* w inside the chain */
    if (w >= 0) veh = r->route[w];
    if (veh != ra) {
        /* Inter-route: the chain's route closes the gap, veh's opens one. */
        cf_move_begin(m, 2, ra, veh);
        cf_move_piece(m, 0, CF_PIECE_PREFIX, pa, -1);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, nb, -1);
        cf_move_piece(m, 1, CF_PIECE_PREFIX, w, -1);
        add_chain(m, 1, a, b, rev);
        cf_move_piece(m, 1, CF_PIECE_SUFFIX, w >= 0 ? r->next[w] : r->first[veh], -1);
        return true;
    }
    if (w == pa && !rev) return false; /* already there */
    cf_move_begin(m, 1, ra, -1);
    if (w == pa) {
        /* Reversal in place. */
        cf_move_piece(m, 0, CF_PIECE_PREFIX, pa, -1);
        add_chain(m, 0, a, b, rev);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, nb, -1);
    } else if (w < 0 || r->pos[w] < r->pos[a]) {
        /* Backwards: ... w [a..b] next(w) .. prev(a) next(b) ... */
        int nw = w >= 0 ? r->next[w] : r->first[ra];
        cf_move_piece(m, 0, CF_PIECE_PREFIX, w, -1);
        add_chain(m, 0, a, b, rev);
        cf_move_piece(m, 0, CF_PIECE_RANGE, nw, pa);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, nb, -1);
    } else {
        /* Forwards: ... prev(a) next(b) .. w [a..b] next(w) ... */
        cf_move_piece(m, 0, CF_PIECE_PREFIX, pa, -1);
        cf_move_piece(m, 0, CF_PIECE_RANGE, nb, w);
        add_chain(m, 0, a, b, rev);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, r->next[w], -1);
    }
    return true;
}
