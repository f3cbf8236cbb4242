/*
 * Ruin and recreate (see ruin.h).
 *
 * String removal follows SISR (Christiaens and Vanden Berghe 2020, section
 * 4): with c-bar the mean number of removed orders and L_max the longest
 * string, l_s^max = min(L_max, mean route length), k_s^max = 4 c-bar /
 * (1 + l_s^max) - 1 strings at most; starting from a random routed seed
 * order, walk its neighbour list and cut one string of random length out of
 * each route met, containing the order met.  Our neighbour lists are the
 * granular k, not all orders, which only limits how far a ruin spreads.
 * Less often the ruin takes a whole short route (the shortest of three
 * drawn), which is how vehicles with a fixed cost get saved, or random
 * orders.  A removal that would leave a route infeasible (possible when
 * the travel matrix breaks the triangle inequality) is skipped.
 *
 * Recreate sorts the removed orders randomly, by decreasing demand, by
 * decreasing distance from their DC, or by increasing distance (weights
 * 4, 4, 2, 1 as in SISR), then, keeping that order within a class, the
 * scarcest first (fewest vehicles may carry them), and inserts each at its
 * cheapest position with blinks, when that beats its penalty.  While
 * mandatory orders are out, a share of the ruins start from one of them
 * instead (ruin_for_unrouted).
 */
#include "solver/ruin.h"

#include <math.h>
#include <stdlib.h>

#include "solver/construct.h"

/* Removes the range a .. b (same route) if the route stays valid. */
static int remove_range(cf_routes *r, cf_ctx *ctx, int a, int b, int *out)
{
    cf_move m;
    int v = r->route[a], n = 0;
    cf_cost gain = 0;

    cf_move_begin(&m, 1, v, -1);
    cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[a], -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[b], -1);
    for (int o = a;; o = r->next[o]) {
        out[n++] = o;
        gain += cf_unrouted_cost(r->f, o);
        if (o == b) break;
    }
    if (cf_routes_eval_move(r, &m, gain, CF_COST_INF) != CF_EVAL_OK) return 0;
    cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
    return n;
}

static int random_routed(const cf_routes *r, cf_ctx *ctx)
{
    int n = r->n;
    /* Rejection sampling over all orders; most are routed in practice. */
    for (int tries = 0; tries < 64; tries++) {
        int o = (int)cf_rng_below(&ctx->rng, (uint32_t)n);
        if (r->route[o] >= 0) return o;
    }
    for (int i = 0, s = (int)cf_rng_below(&ctx->rng, (uint32_t)n); i < n; i++) {
        int o = (s + i) % n;
        if (r->route[o] >= 0) return o;
    }
    return -1;
}

static int ruin_strings(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *out)
{
    const cf_travel *tr = r->f->tr;
    int routed = r->n - r->n_unrouted, n = 0;
    int seed = random_routed(r, ctx);
    if (seed < 0) return 0;

    double mean_len = r->n_used > 0 ? (double)routed / r->n_used : 1.0;
    double ls_max = fmin((double)cfg->ruin_max_len, mean_len);
    double ks_max = 4.0 * cfg->ruin_avg / (1.0 + ls_max) - 1.0;
    int k_s = (int)(cf_rng_double(&ctx->rng) * ks_max) + 1;
    /* Routes already cut this time: their vehicles, at most k_s of them. */
    int cut[64], n_cut = 0;
    if (k_s > 64) k_s = 64;

    for (int j = -1; j < tr->k && n_cut < k_s; j++) {
        int c = j < 0 ? seed : cf_travel_nbr(tr, seed)[j], v = r->route[c];
        bool seen = false;
        if (v < 0) continue;
        for (int i = 0; i < n_cut; i++)
            seen |= cut[i] == v;
        if (seen) continue;
        cut[n_cut++] = v;
        int len = r->len[v];
        int lmax = (int)fmin((double)len, ls_max);
        if (lmax < 1) lmax = 1;
        int l = 1 + (int)cf_rng_below(&ctx->rng, (uint32_t)lmax);
        /* A string of l orders containing c, at a random offset. */
        int pc = r->pos[c];
        int lo = pc - l + 1 > 1 ? pc - l + 1 : 1, hi = pc < len - l + 1 ? pc : len - l + 1;
        int start = lo + (int)cf_rng_below(&ctx->rng, (uint32_t)(hi - lo + 1));
        int a = c, b;
        for (int i = start; i < pc; i++)
            a = r->prev[a];
        b = a;
        for (int i = 1; i < l; i++)
            b = r->next[b];
        n += remove_range(r, ctx, a, b, out + n);
    }
    return n;
}

static int ruin_random(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *out)
{
    int q = 1 + (int)cf_rng_below(&ctx->rng, (uint32_t)(2 * cfg->ruin_avg)), n = 0;
    for (int i = 0; i < q; i++) {
        int o = random_routed(r, ctx);
        if (o < 0) break;
        n += remove_range(r, ctx, o, o, out + n);
    }
    return n;
}

/* The shortest of a few routes drawn at random, whole: the way to a plan
 * with one vehicle fewer, which strings of a few orders rarely open. */
static int ruin_route(cf_routes *r, cf_ctx *ctx, int *out)
{
    int best = -1;
    for (int i = 0; i < 3; i++) {
        int o = random_routed(r, ctx);
        if (o < 0) return 0;
        int v = r->route[o];
        if (best < 0 || r->len[v] < r->len[best]) best = v;
    }
    return remove_range(r, ctx, r->first[best], r->last[best], out);
}

/* For a mandatory order left out: strings around the points nearest it of
 * the routes that may carry it, so that the recreate that follows (the
 * scarcest orders first) can give it their room.  The plain string ruin
 * starts from a routed order and walks neighbour lists, which rarely reach
 * the few vehicles a scarce order needs. */
static int ruin_for_unrouted(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *out)
{
    int veh[CF_NEAR_MAX], at[CF_NEAR_MAX], u = -1, n = 0;
    for (int tries = 0; tries < 8 && u < 0; tries++) {
        int o = r->unrouted[cf_rng_below(&ctx->rng, (uint32_t)r->n_unrouted)];
        if (r->f->p->order_penalty[o] < 0) u = o;
    }
    if (u < 0) return 0;
    int routed = r->n - r->n_unrouted;
    double mean_len = r->n_used > 0 ? (double)routed / r->n_used : 1.0;
    double ls_max = fmin((double)cfg->ruin_max_len, mean_len);
    int nr = cf_routes_near(r, u, 1 + (int)cf_rng_below(&ctx->rng, 3), veh, at);
    for (int i = 0; i < nr; i++) {
        int c = at[i], len = r->len[veh[i]];
        int lmax = (int)fmin((double)len, ls_max);
        if (lmax < 1) lmax = 1;
        int l = 1 + (int)cf_rng_below(&ctx->rng, (uint32_t)lmax);
        int a = c, b = c;
        /* A string of l orders around c, grown on both sides at random. */
        for (int k = 1; k < l; k++) {
            if (r->next[b] >= 0 && (r->prev[a] < 0 || cf_rng_below(&ctx->rng, 2)))
                b = r->next[b];
            else if (r->prev[a] >= 0)
                a = r->prev[a];
        }
        n += remove_range(r, ctx, a, b, out + n);
    }
    return n;
}

int cf_ruin(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *out)
{
    double x = cf_rng_double(&ctx->rng);
    if (r->n_unrouted >= r->n) return 0;
    if (r->mand_out > 0 && cf_rng_double(&ctx->rng) < cfg->ruin_unrouted)
        return ruin_for_unrouted(r, ctx, cfg, out);
    if (x < cfg->ruin_string) return ruin_strings(r, ctx, cfg, out);
    if (x < cfg->ruin_string + cfg->ruin_route) return ruin_route(r, ctx, out);
    return ruin_random(r, ctx, cfg, out);
}

/* Insertion sort is enough for the few dozen orders of a ruin, and keeps
 * ties in list order (deterministic). */
static void sort_by_key(int *list, int64_t *key, int n)
{
    for (int i = 1; i < n; i++) {
        int o = list[i];
        int64_t k = key[i];
        int j = i;
        while (j > 0 && key[j - 1] > k) {
            list[j] = list[j - 1];
            key[j] = key[j - 1];
            j--;
        }
        list[j] = o;
        key[j] = k;
    }
}

void cf_recreate(cf_routes *r, cf_ctx *ctx, const cf_search_cfg *cfg, int *list, int n,
                 int64_t *key)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    uint32_t pick = cf_rng_below(&ctx->rng, 11);
    /* Half the time an optional order goes in wherever it fits best, paying
     * or not: the local search then drops what does not pay in the routes
     * as they end up (a cluster of prizes may pay only together). */
    bool force = f->n_optional > 0 && cf_rng_below(&ctx->rng, 2) == 0;
    cf_move m;

    if (pick < 4) {
        for (int i = n - 1; i > 0; i--) {
            int j = (int)cf_rng_below(&ctx->rng, (uint32_t)i + 1), t = list[i];
            list[i] = list[j];
            list[j] = t;
        }
    } else {
        for (int i = 0; i < n; i++) {
            int o = list[i], d = f->home[o] >= 0 ? f->home[o] : 0;
            int64_t far = p->n_depots > 0 ? cf_dist(p, d, cf_order_node(p, o)) : 0;
            if (pick < 8)
                key[i] = -p->order_demand[o * CF_DIMS + CF_DIM_WEIGHT];
            else if (pick < 10)
                key[i] = -far;
            else
                key[i] = far;
        }
        sort_by_key(list, key, n);
    }
    /* The scarcest first (a stable sort: the order drawn above holds
     * within a class), so that scarce vehicles go to what needs them. */
    for (int i = 0; i < n; i++)
        key[i] = cf_fleet_scarcity(f, list[i]);
    sort_by_key(list, key, n);
    for (int i = 0; i < n; i++) {
        int u = list[i];
        cf_insert_opts o = {.only_dc = -1,
                            .rng = &ctx->rng,
                            .blink = cfg->blink,
                            .full_scan = p->order_penalty[u] < 0 ? 1 : 0};
        if (r->route[u] >= 0) continue;
        if (cf_insert_best(r, u, &o, &m, NULL) && (m.delta < 0 || force))
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);
    }
}
