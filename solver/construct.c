/*
 * Construction and cheapest insertion (see construct.h).
 *
 * Per DC, its orders are taken in sweep order (polar angle around the DC,
 * Gillett and Miller 1974), so that an order's nearest neighbours are mostly
 * routed already when its turn comes; each goes to its cheapest position
 * among the granular candidates (next to a routed neighbour, O(k) segment
 * evaluations), or to an empty vehicle (one per type).  Only when none of
 * those is allowed are all positions of all routes scanned, so 5000 orders
 * cost about n k evaluations, not n^2.
 */
#include "solver/construct.h"

#include <math.h>
#include <stdlib.h>

typedef struct ins {
    const cf_routes *r;
    const cf_insert_opts *o;
    int u;
    cf_cost unrouted; /* change of the unrouted part when u goes in */
    cf_move *best;
    bool found, blocked;
} ins;

static void try_position(ins *s, int v, int w)
{
    const cf_routes *r = s->r;
    cf_move m;

    if (s->o->rng && s->o->blink > 0 && cf_rng_double(s->o->rng) < s->o->blink) return;
    cf_move_begin(&m, 1, v, -1);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, w, -1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, s->u, -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, w >= 0 ? r->next[w] : r->first[v], -1);
    switch (cf_routes_eval_move(r, &m, s->unrouted, s->found ? s->best->delta : CF_COST_INF)) {
    case CF_EVAL_OK:
        if (!s->found || m.delta < s->best->delta) {
            *s->best = m;
            s->found = true;
        }
        break;
    case CF_EVAL_DC_CAPACITY:
        s->blocked = true;
        break;
    default:
        break;
    }
}

static bool vehicle_ok(const ins *s, int v)
{
    const cf_fleet *f = s->r->f;
    if (s->o->only_dc >= 0 && f->p->veh_depot[v] != s->o->only_dc) return false;
    return cf_fleet_carries(f, v, &f->node[s->u]);
}

bool cf_insert_best(const cf_routes *r, int u, const cf_insert_opts *o, cf_move *best,
                    bool *dc_blocked)
{
    const cf_fleet *f = r->f;
    ins s = {r, o, u, -cf_unrouted_cost(f, u), best, false, false};
    const int *nbr = cf_travel_nbr(f->tr, u);

    for (int j = 0; j < f->tr->k; j++) {
        int w = nbr[j], v = r->route[w];
        if (v < 0 || !vehicle_ok(&s, v)) continue;
        try_position(&s, v, w);
        try_position(&s, v, r->prev[w]);
    }
    for (int t = 0; t < f->n_types; t++) {
        int v = cf_routes_free_vehicle(r, t);
        if (v >= 0 && vehicle_ok(&s, v)) try_position(&s, v, -1);
    }
    if (o->full_scan == 2 || (o->full_scan == 1 && !s.found)) {
        for (int v = 0; v < r->nv; v++) {
            if (r->len[v] == 0 || !vehicle_ok(&s, v)) continue;
            try_position(&s, v, -1);
            for (int w = r->first[v]; w >= 0; w = r->next[w])
                try_position(&s, v, w);
        }
    }
    if (dc_blocked) *dc_blocked = s.blocked;
    return s.found;
}

typedef struct keyed {
    double key;
    int o;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->o > y->o) - (x->o < y->o);
}

/* False when the limit or the stop flag (and the grace after it, worker.h)
 * ended it before the end of list: one insertion scans every route, so a
 * large instance must be able to stop here, not only in the search. */
static bool insert_all(cf_routes *r, cf_ctx *ctx, const keyed *list, int n, int only_dc)
{
    cf_insert_opts o = {only_dc, NULL, 0.0, 1};
    cf_move m;
    for (int i = 0; i < n; i++) {
        int u = list[i].o;
        if (cf_ctx_overtime(ctx)) return false;
        if (r->route[u] >= 0) continue;
        if (cf_insert_best(r, u, &o, &m, NULL) && m.delta < 0)
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
    }
    return true;
}

bool cf_construct(cf_routes *r, cf_ctx *ctx)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int nd = p->n_depots, n = r->n_unrouted;
    keyed *list;

    if (n == 0) return true;
    list = cf_arena_calloc(&ctx->scratch, (size_t)n, sizeof *list);
    if (!list) {
        /* No room to sort: insert in index order rather than fail. */
        cf_insert_opts o = {-1, NULL, 0.0, 1};
        cf_move m;
        for (int u = 0; u < r->n; u++) {
            if (cf_ctx_overtime(ctx)) return false;
            if (f->active[u] && r->route[u] < 0 && cf_insert_best(r, u, &o, &m, NULL) &&
                m.delta < 0)
                cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
        }
        return true;
    }
    for (int d = 0; d < nd; d++) {
        int m = 0;
        for (int u = 0; u < r->n; u++) {
            if (!f->active[u] || r->route[u] >= 0 || f->home[u] != d) continue;
            double key = u;
            if (p->x) {
                int node = cf_order_node(p, u);
                key = atan2(p->y[node] - p->y[d], p->x[node] - p->x[d]);
            }
            list[m++] = (keyed){key, u};
        }
        qsort(list, (size_t)m, sizeof *list, keyed_cmp);
        if (!insert_all(r, ctx, list, m, d)) return false;
    }
    /* Orders without a DC, or that found no room at theirs: anywhere. */
    int m = 0;
    for (int u = 0; u < r->n; u++)
        if (f->active[u] && r->route[u] < 0) list[m++] = (keyed){u, u};
    return insert_all(r, ctx, list, m, -1);
}
