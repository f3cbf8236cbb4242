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
#include <string.h>

typedef struct ins {
    const cf_routes *r;
    const cf_insert_opts *o;
    int u;
    cf_cost unrouted; /* change of the unrouted part when u goes in */
    cf_move *best;
    bool found, blocked;
} ins;

static void offer(ins *s, cf_move *m)
{
    switch (cf_routes_eval_move(s->r, m, s->unrouted, s->found ? s->best->delta : CF_COST_INF)) {
    case CF_EVAL_OK:
        if (!s->found || m->delta < s->best->delta) {
            *s->best = *m;
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

/* An empty vehicle at v's DC of the type with the least capacity that holds
 * load in every dimension (ties: the lower fixed cost), other than v's own
 * type; -1 when there is none. */
static int bigger_vehicle(const cf_routes *r, int v, const cf_amount *load)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int best = -1;
    for (int t = 0; t < f->n_types; t++) {
        int w = f->type_veh[f->type_start[t]];
        bool fits = t != f->type[v] && p->veh_depot[w] == p->veh_depot[v];
        for (int k = 0; k < CF_DIMS && fits; k++)
            fits = p->veh_cap[w * CF_DIMS + k] >= load[k];
        if (!fits || (w = cf_routes_free_vehicle(r, t)) < 0) continue;
        if (best < 0 ||
            p->veh_cap[w * CF_DIMS + CF_DIM_WEIGHT] < p->veh_cap[best * CF_DIMS + CF_DIM_WEIGHT] ||
            (p->veh_cap[w * CF_DIMS + CF_DIM_WEIGHT] ==
                 p->veh_cap[best * CF_DIMS + CF_DIM_WEIGHT] &&
             p->veh_fixed_cost[w] < p->veh_fixed_cost[best]))
            best = w;
    }
    return best;
}

/* u after w (w < 0: first) on v's route; when u overfills v, also the same
 * route on a bigger vehicle of v's DC (heterogeneous fleets: the route grows
 * into a larger type instead of a new route being opened next to it). */
static void try_position(ins *s, int v, int w)
{
    const cf_routes *r = s->r;
    const cf_problem *p = r->f->p;
    cf_amount load[CF_DIMS];
    bool over = false;
    int big;
    cf_move m;

    if (s->o->rng && s->o->blink > 0 && cf_rng_double(s->o->rng) < s->o->blink) return;
    cf_move_begin(&m, 1, v, -1);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, w, -1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, s->u, -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, w >= 0 ? r->next[w] : r->first[v], -1);
    offer(s, &m);
    if (!s->o->upgrade || r->len[v] == 0) return;
    for (int k = 0; k < CF_DIMS; k++) {
        load[k] = r->fw[r->last[v]].load[k] + r->f->node[s->u].load[k];
        over |= load[k] > p->veh_cap[v * CF_DIMS + k];
    }
    if (!over || (big = bigger_vehicle(r, v, load)) < 0) return;
    m.nr = 2;
    m.r[1] = m.r[0];
    m.r[1].veh = big;
    m.r[0].np = 0;
    offer(s, &m);
}

static bool vehicle_ok(const ins *s, int v)
{
    const cf_fleet *f = s->r->f;
    if (s->o->only_dc >= 0 && f->p->veh_depot[v] != s->o->only_dc) return false;
    if (s->o->spare_skills && cf_fleet_spends_skill(f, v, s->u)) return false;
    return cf_fleet_carries(f, v, &f->node[s->u]);
}

/* The positions cf_insert_best looks at, into s. */
static void scan_positions(ins *s)
{
    const cf_routes *r = s->r;
    const cf_fleet *f = r->f;
    const int *nbr = cf_travel_nbr(f->tr, s->u);

    for (int j = 0; j < f->tr->k; j++) {
        int w = nbr[j], v = r->route[w];
        if (v < 0 || !vehicle_ok(s, v)) continue;
        try_position(s, v, w);
        try_position(s, v, r->prev[w]);
    }
    for (int t = 0; t < f->n_types; t++) {
        int v = cf_routes_free_vehicle(r, t);
        if (v >= 0 && vehicle_ok(s, v)) try_position(s, v, -1);
    }
    if (s->o->full_scan == 2 || (s->o->full_scan == 1 && !s->found)) {
        for (int v = 0; v < r->nv; v++) {
            if (r->len[v] == 0 || !vehicle_ok(s, v)) continue;
            try_position(s, v, -1);
            for (int w = r->first[v]; w >= 0; w = r->next[w])
                try_position(s, v, w);
        }
    }
}

bool cf_insert_best(const cf_routes *r, int u, const cf_insert_opts *o, cf_move *best,
                    bool *dc_blocked)
{
    ins s = {r, o, u, -cf_unrouted_cost(r->f, u), best, false, false};
    scan_positions(&s);
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

/* The cheapest insertion of u that beats leaving it out (or, force, any
 * insertion of an optional order), sparing the vehicles with skills u does
 * not need when another has room; false when none. */
static bool insert_sparing(const cf_routes *r, int u, int only_dc, bool force, bool upgrade,
                           cf_move *m)
{
    cf_insert_opts o = {
        .only_dc = only_dc, .full_scan = 1, .spare_skills = true, .upgrade = upgrade};
    if (r->f->extra_min[u] < CF_MAX_SKILLS && cf_insert_best(r, u, &o, m, NULL) &&
        (m->delta < 0 || force))
        return true;
    o.spare_skills = false;
    return cf_insert_best(r, u, &o, m, NULL) && (m->delta < 0 || force);
}

/* False when the limit or the stop flag (and the grace after it, worker.h)
 * ended it before the end of list: one insertion scans every route, so a
 * large instance must be able to stop here, not only in the search.
 * `force`: an optional order goes to its cheapest place even when that
 * costs more than its penalty. */
static bool insert_all(cf_routes *r, cf_ctx *ctx, const keyed *list, int n, int only_dc,
                       bool force, bool upgrade)
{
    cf_move m;
    for (int i = 0; i < n; i++) {
        int u = list[i].o;
        if (cf_ctx_overtime(ctx)) return false;
        if (r->route[u] >= 0) continue;
        if (insert_sparing(r, u, only_dc, force, upgrade, &m))
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
    }
    return true;
}

/* The active unrouted orders of DC d (-1: any) into list, the scarcest
 * first (fewest vehicles may carry them) and, within a class, in sweep
 * order around d (d < 0: index order); returns how many. */
static int sweep_list(const cf_routes *r, int d, keyed *list)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int m = 0;
    for (int u = 0; u < r->n; u++) {
        if (!f->active[u] || r->route[u] >= 0 || (d >= 0 && f->home[u] != d)) continue;
        double key = 3.0 * u / r->n; /* within [0, 3], like an angle's span */
        if (d >= 0 && p->x) {
            int node = cf_order_node(p, u);
            key = atan2(p->y[node] - p->y[d], p->x[node] - p->x[d]);
        }
        list[m++] = (keyed){8.0 * cf_fleet_scarcity(f, u) + key + 4.0, u};
    }
    qsort(list, (size_t)m, sizeof *list, keyed_cmp);
    return m;
}

bool cf_construct(cf_routes *r, cf_ctx *ctx, bool upgrade)
{
    const cf_fleet *f = r->f;
    int nd = f->p->n_depots, n = r->n_unrouted;
    keyed *list;

    if (n == 0) return true;
    list = cf_arena_calloc(&ctx->scratch, (size_t)n, sizeof *list);
    if (!list) {
        /* No room to sort: insert in index order rather than fail. */
        cf_move m;
        for (int u = 0; u < r->n; u++) {
            if (cf_ctx_overtime(ctx)) return false;
            if (f->active[u] && r->route[u] < 0 && insert_sparing(r, u, -1, false, upgrade, &m))
                cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
        }
        return true;
    }
    for (int d = 0; d < nd; d++)
        if (!insert_all(r, ctx, list, sweep_list(r, d, list), d, false, upgrade)) return false;
    /* Orders without a DC, or that found no room at theirs: anywhere. */
    if (!insert_all(r, ctx, list, sweep_list(r, -1, list), -1, false, upgrade)) return false;
    /* Optional orders not worth their penalty one by one may be together (a
     * route through a cluster of them): every one goes in where there is
     * room, mandatory ones having been placed first, and the local search's
     * drop moves (one order, a whole route) take out what does not pay. */
    for (int d = 0; d < nd; d++)
        if (!insert_all(r, ctx, list, sweep_list(r, d, list), d, true, upgrade)) return false;
    return insert_all(r, ctx, list, sweep_list(r, -1, list), -1, true, upgrade);
}

bool cf_construct_big_first(cf_routes *r, cf_ctx *ctx)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int m = 0;
    keyed *list = r->n_unrouted > 0 ? cf_arena_calloc(&ctx->scratch, (size_t)r->n_unrouted,
                                                      sizeof *list)
                                    : NULL;
    if (!list) return r->n_unrouted == 0;
    for (int u = 0; u < r->n; u++) {
        double key = 0;
        if (!f->active[u] || r->route[u] >= 0) continue;
        for (int k = 0; k < CF_DIMS; k++) /* the largest share of a vehicle first */
            if (p->veh_cap[k] > 0 && p->veh_cap[k] < CF_AMOUNT_INF)
                key = fmax(key, (double)p->order_demand[u * CF_DIMS + k] / (double)p->veh_cap[k]);
        list[m++] = (keyed){-key, u};
    }
    qsort(list, (size_t)m, sizeof *list, keyed_cmp);
    if (!insert_all(r, ctx, list, m, -1, false, true)) return false;
    return insert_all(r, ctx, list, m, -1, true, true);
}

/* ---- insertion with ejections ---- */

#define EJECT_ROUTES 4 /* routes nearest u tried; at most CF_NEAR_MAX */

typedef struct near {
    int64_t d;
    int o;
} near;

/* Keeps the k smallest of a stream of (d, o) in best[0 .. *n), sorted. */
static void keep_nearest(near *best, int *n, int k, int64_t d, int o)
{
    int i;
    if (*n == k) {
        if (best[k - 1].d <= d) return;
        i = k - 1;
    } else {
        i = (*n)++;
    }
    while (i > 0 && best[i - 1].d > d) {
        best[i] = best[i - 1];
        i--;
    }
    best[i] = (near){d, o};
}

/* Removes the orders a .. b (one route) from t; false when the route would
 * break a rule. */
static bool take_out(cf_routes *t, int a, int b, cf_ctx *ctx)
{
    cf_move m;
    cf_cost gain = 0;
    int v = t->route[a];
    for (int o = a;; o = t->next[o]) {
        gain += cf_unrouted_cost(t->f, o);
        if (o == b) break;
    }
    cf_move_begin(&m, 1, v, -1);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, t->prev[a], -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, t->next[b], -1);
    if (cf_routes_eval_move(t, &m, gain, CF_COST_INF) != CF_EVAL_OK) return false;
    cf_routes_apply(t, &m, ctx->buf, ++ctx->clock);
    return true;
}

/* Where in route v order u would go if its windows, the route's time
 * limits and the capacity could give way (priced by the fleet's starting
 * penalty weights): the order after which it goes (-1: at the front), or
 * -2 when no place is allowed (rule 8, DC capacity).  The orders around that
 * place are the ones in u's way (the squeeze of Nagata and Braysy 2009). */
static int squeeze_slot(cf_routes *r, int v, int u)
{
    cf_penalty keep = r->w, lenient = r->f->pen_init;
    cf_cost best = CF_COST_INF;
    int at = -2;
    lenient.strict = lenient.strict_time = false;
    r->w = lenient;
    for (int w = -1;;) {
        cf_move m;
        cf_move_begin(&m, 1, v, -1);
        cf_move_piece(&m, 0, CF_PIECE_PREFIX, w, -1);
        cf_move_piece(&m, 0, CF_PIECE_NODE, u, -1);
        cf_move_piece(&m, 0, CF_PIECE_SUFFIX, w >= 0 ? r->next[w] : r->first[v], -1);
        if (cf_routes_eval_move(r, &m, -cf_unrouted_cost(r->f, u), best) == CF_EVAL_OK &&
            m.delta < best) {
            best = m.delta;
            at = w;
        }
        w = w < 0 ? r->first[v] : r->next[w];
        if (w < 0) break;
    }
    r->w = keep;
    return at;
}

/* Places u in t by a plain insertion or, depth allowing, by ejection. */
static bool place(cf_routes *t, int u, int depth, cf_ctx *ctx, cf_routes *tmp, int *budget)
{
    cf_insert_opts o = {.only_dc = -1, .full_scan = 1};
    cf_move m;
    if (cf_insert_best(t, u, &o, &m, NULL) && m.delta < 0) {
        cf_routes_apply(t, &m, ctx->buf, ++ctx->clock);
        return true;
    }
    return depth > 0 && cf_insert_eject(t, u, depth, ctx, tmp, budget);
}

int cf_routes_near(const cf_routes *r, int u, int k, int *veh, int *at)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    near best[CF_NEAR_MAX];
    int nb = 0, un = cf_order_node(p, u);
    if (k > CF_NEAR_MAX) k = CF_NEAR_MAX;
    for (int v = 0; v < r->nv; v++) {
        int64_t dmin = INT64_MAX;
        int wmin = -1;
        if (r->len[v] == 0 || !cf_fleet_carries(f, v, &f->node[u])) continue;
        for (int w = r->first[v]; w >= 0; w = r->next[w]) {
            int64_t d = cf_fast_dist(f->tr, p, un, cf_order_node(p, w));
            if (d < dmin) dmin = d, wmin = w;
        }
        /* The order goes with the vehicle: (d, w) sorted, v = route[w]. */
        keep_nearest(best, &nb, k, dmin, wmin);
    }
    for (int i = 0; i < nb; i++) {
        veh[i] = r->route[best[i].o];
        if (at) at[i] = best[i].o;
    }
    return nb;
}

/* Ejections tried per route: the orders in u's way, one or two at a time. */
#define EJECT_TRIES 7

bool cf_insert_eject(cf_routes *r, int u, int depth, cf_ctx *ctx, cf_routes *tmp, int *budget)
{
    const cf_fleet *f = r->f;
    int routes[EJECT_ROUTES], nr;

    if (depth <= 0 || r->route[u] >= 0) return false;
    nr = cf_routes_near(r, u, EJECT_ROUTES, routes, NULL);
    for (int i = 0; i < nr; i++) {
        int v = routes[i], at = squeeze_slot(r, v, u);
        if (at == -2) continue;
        /* The orders on either side of the slot, then the next ones out. */
        int b = at >= 0 ? r->next[at] : r->first[v], a = at;
        int pa = a >= 0 ? r->prev[a] : -1, nb = b >= 0 ? r->next[b] : -1;
        int tries[EJECT_TRIES][2] = {{a, a}, {b, b}, {a, b}, {pa, pa}, {nb, nb}, {pa, a}, {b, nb}};
        for (int j = 0; j < EJECT_TRIES; j++) {
            cf_routes *t = &tmp[0];
            int x = tries[j][0], y = tries[j][1];
            bool easy = x >= 0 && y >= 0;
            for (int o = x; easy; o = r->next[o]) {
                easy = f->reach[o] >= f->reach[u];
                if (o == y) break;
            }
            if (!easy) continue;
            if (*budget <= 0) return false;
            --*budget;
            cf_routes_copy(t, r);
            if (!take_out(t, x, y, ctx) || !place(t, u, 0, ctx, NULL, budget)) continue;
            place(t, x, depth - 1, ctx, tmp + 1, budget);
            if (y != x) place(t, y, depth - 1, ctx, tmp + 1, budget);
            if (cf_routes_value(t) < cf_routes_value(r)) {
                cf_routes_copy(r, t);
                return true;
            }
        }
    }
    return false;
}

/* Orders handled per round of an ejection pass. */
#define EJECT_ROUND 64

int cf_eject_pass(cf_routes *r, cf_ctx *ctx, int depth, cf_routes *tmp, int budget)
{
    const cf_fleet *f = r->f;
    int placed = 0, got = 1;
    while (got && budget > 0 && r->mand_out > 0) {
        keyed list[EJECT_ROUND];
        int m = 0;
        got = 0;
        /* The scarcest unrouted mandatory orders first (a sample of them
         * when more are out than a round takes). */
        for (int i = 0; i < r->n_unrouted; i++) {
            int u = r->unrouted[i];
            if (f->p->order_penalty[u] >= 0) continue;
            keyed k = {cf_fleet_scarcity(f, u) * 4.0 * r->n + u, u};
            if (m < EJECT_ROUND) {
                list[m++] = k;
            } else if (k.key < list[EJECT_ROUND - 1].key) {
                list[EJECT_ROUND - 1] = k;
            } else {
                continue;
            }
            for (int j = m - 1; j > 0 && list[j].key < list[j - 1].key; j--) {
                keyed t = list[j];
                list[j] = list[j - 1];
                list[j - 1] = t;
            }
        }
        for (int i = 0; i < m && budget > 0; i++) {
            if (cf_ctx_overtime(ctx)) return placed;
            if (r->route[list[i].o] >= 0) continue;
            got += place(r, list[i].o, depth, ctx, tmp, &budget);
        }
        placed += got;
    }
    return placed;
}

/* ---- the ejection pool ---- */

/* The move that puts u in route v after `at` (-1: at the front) with the
 * orders x .. y of v taken out (x, y on v; at outside x .. y or prev(x)). */
static void swap_in(const cf_routes *r, int v, int u, int at, int x, int y, cf_move *m)
{
    int px = r->prev[x], ny = r->next[y];
    cf_move_begin(m, 1, v, -1);
    if (at == px || (at >= 0 && r->route[at] == v && r->pos[at] >= r->pos[x] &&
                     r->pos[at] <= r->pos[y])) {
        cf_move_piece(m, 0, CF_PIECE_PREFIX, px, -1); /* u in the gap */
        cf_move_piece(m, 0, CF_PIECE_NODE, u, -1);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, ny, -1);
    } else if (at < 0 || r->pos[at] < r->pos[x]) {
        cf_move_piece(m, 0, CF_PIECE_PREFIX, at, -1);
        cf_move_piece(m, 0, CF_PIECE_NODE, u, -1);
        cf_move_piece(m, 0, CF_PIECE_RANGE, at >= 0 ? r->next[at] : r->first[v], px);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, ny, -1);
    } else {
        cf_move_piece(m, 0, CF_PIECE_PREFIX, px, -1);
        cf_move_piece(m, 0, CF_PIECE_RANGE, ny, at);
        cf_move_piece(m, 0, CF_PIECE_NODE, u, -1);
        cf_move_piece(m, 0, CF_PIECE_SUFFIX, r->next[at], -1);
    }
}

/* Routes an EP step looks at for a place. */
#define EP_ROUTES 6

int cf_ep_run(cf_routes *r, cf_ctx *ctx, int steps, int *stack, uint16_t *count)
{
    const cf_fleet *f = r->f;
    int ns = 0, out0 = r->mand_out;

    for (int i = 0; i < r->n_unrouted; i++)
        if (f->p->order_penalty[r->unrouted[i]] < 0) stack[ns++] = r->unrouted[i];
    while (ns > 0 && steps-- > 0 && !cf_ctx_overtime(ctx)) {
        int u = stack[--ns], routes[EP_ROUTES], nr;
        cf_insert_opts o = {.only_dc = -1, .full_scan = 1};
        cf_move m, best;
        long best_sum = -1;
        int bx = -1, by = -1;

        if (r->route[u] >= 0) continue;
        if (cf_insert_best(r, u, &o, &m, NULL) && m.delta < 0) {
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
            continue;
        }
        /* Out with the orders in u's way that were ejected least often
         * (ties: the cheaper move): the counters steer the pool away from
         * cycles (Nagata and Braysy 2009, section 3.2). */
        nr = cf_routes_near(r, u, EP_ROUTES, routes, NULL);
        for (int i = 0; i < nr; i++) {
            int v = routes[i], at = squeeze_slot(r, v, u);
            if (at == -2) continue;
            int b = at >= 0 ? r->next[at] : r->first[v], a = at;
            int pa = a >= 0 ? r->prev[a] : -1, nb = b >= 0 ? r->next[b] : -1;
            int tries[EJECT_TRIES][2] = {{a, a}, {b, b}, {a, b}, {pa, pa}, {nb, nb}, {pa, a}, {b, nb}};
            for (int j = 0; j < EJECT_TRIES; j++) {
                int x = tries[j][0], y = tries[j][1];
                long sum = 0;
                cf_cost gain = -cf_unrouted_cost(f, u);
                if (x < 0 || y < 0) continue;
                for (int w = x;; w = r->next[w]) {
                    sum += count[w];
                    gain += cf_unrouted_cost(f, w);
                    if (w == y) break;
                }
                if (best_sum >= 0 && sum > best_sum) continue;
                swap_in(r, v, u, at, x, y, &m);
                if (cf_routes_eval_move(r, &m, gain, CF_COST_INF) != CF_EVAL_OK) continue;
                if (best_sum < 0 || sum < best_sum || m.delta < best.delta) {
                    best = m;
                    best_sum = sum;
                    bx = x;
                    by = y;
                }
            }
        }
        if (count[u] < UINT16_MAX) count[u]++;
        if (best_sum < 0) {
            /* No place yet: to the bottom of the pool, behind the others. */
            if (ns == 0) break;
            memmove(stack + 1, stack, (size_t)ns * sizeof *stack);
            stack[0] = u;
            ns++;
            continue;
        }
        for (int w = bx, stop = 0; !stop; w = r->next[w]) {
            stop = w == by;
            if (f->p->order_penalty[w] < 0) stack[ns++] = w;
        }
        cf_routes_apply(r, &best, ctx->buf, ++ctx->clock);
    }
    return out0 - r->mand_out;
}

int cf_eject_budget(const cf_routes *r)
{
    long b = 200L * r->mand_out, cap = 4000000L / (r->n + 100);
    if (b > cap) b = cap;
    return (int)(b < 50 ? 50 : b);
}

void cf_place_mandatory(cf_routes *r, cf_ctx *ctx, int depth, cf_routes *tmp, int *stack,
                        uint16_t *count, double seconds)
{
    double keep = ctx->deadline;
    if (seconds > 0) {
        double until = cf_ctx_now() + seconds - CF_GRACE_S;
        if (keep <= 0 || until < keep) ctx->deadline = until;
    }
    cf_eject_pass(r, ctx, depth, tmp, cf_eject_budget(r));
    if (r->mand_out > 0) {
        cf_routes_copy(&tmp[0], r);
        cf_ep_run(r, ctx, 100 * r->mand_out + 100, stack, count);
        if (cf_routes_value(r) >= cf_routes_value(&tmp[0])) cf_routes_copy(r, &tmp[0]);
    }
    if (seconds > 0) {
        ctx->deadline = keep; /* a stop or the real limit halts it again */
        ctx->halted = false;
    }
}
