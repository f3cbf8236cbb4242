/*
 * The granular local search and one ruin-and-recreate iteration (see
 * search.h).
 *
 * Local search (Vidal et al. 2013, section 4.4; Vidal 2022, section 3.3):
 * orders in random order; for each order u and each neighbour v (from a
 * random point of u's list), the registry's moves are tried and the first
 * that improves is applied.  An order is skipped when nothing changed
 * around it since it was last tested: its route, its predecessor and its
 * successor (don't-look bits, Bentley 1992, kept as stamps like HGS's
 * whenLastModified / whenLastTestedRI; a change on v's side is seen from v,
 * whose list holds u in most cases).  So a pass after a small ruin tests
 * only the orders near the ruin.  HGS re-tests every order of a changed
 * route instead; on routes of 30+ orders that cost 5-10x the iterations for
 * a worse plan at equal time, on routes of about 10 the same.
 *
 * After the granular moves are exhausted, SWAP* (Vidal 2022) runs over
 * the route pairs whose polar sectors overlap and of which one changed.
 *
 * The metaheuristic is a simulated annealing over ruin-and-recreate +
 * local search (Christiaens and Vanden Berghe 2020, with the local search of
 * an iterated local search added): a candidate replaces the current
 * solution when value(cand) < value(cur) - T ln U.  The temperature falls
 * geometrically from temp0 to temp_f over the work limit (or, without one,
 * over the time limit).  Within an iteration, recreate and the local search
 * may overload vehicles at a price per unit of excess (Vidal et al. 2012,
 * section 4.1; weights adapted to a target share of feasible results, as
 * HGS does); a candidate still infeasible after the search is repaired by
 * the search under ten times the weights, and dropped if that fails, so the
 * annealing's current and best solutions are always feasible.
 */
#include "solver/search.h"

#include <math.h>
#include <string.h>

#include "solver/construct.h"
#include "solver/nbh/nbh.h"
#include "solver/nbh/swap_star.h"
#include "solver/recombine.h"
#include "solver/ruin.h"

const cf_search_cfg cf_search_defaults = {
    .k = 20,
    .streams = 4,
    .epoch = 20,
    .exchange = 1,
    .assign_share = 0.1,
    .assign_max_s = 10.0,
    .ruin_avg = 10,
    .ruin_max_len = 10,
    .ruin_string = 0.8,
    .ruin_route = 0.1,
    .ruin_unrouted = 0.5,
    .eject_budget = 16,
    .ep_rate = 0.2,
    .ep_steps = 30,
    .blink = 0.01,
    .t0_rel = 0.5,
    .tf_rel = 0.005,
    .penalised = true,
    .penalise_time = false,
    .feasible_target = 0.5,
    .penalty_period = 50,
    .repair = 0.5,
    .swap_star = true,
    .pool_routes = 20000,
    .sp_share = 0.05,
    .sp_max_s = 10.0,
    .sp_nodes = 200,
    .place_share = 0.1,
};

cf_status cf_ls_init(cf_ls *ls, const cf_fleet *f, cf_ctx *ctx, cf_err *err)
{
    return cf_ls_init_cfg(ls, f, ctx, cf_search_defaults.swap_star, err);
}

cf_status cf_ls_init_cfg(cf_ls *ls, const cf_fleet *f, cf_ctx *ctx, bool swap_star, cf_err *err)
{
    memset(ls, 0, sizeof *ls);
    ls->ctx = ctx;
    ls->tested = cf_arena_calloc(&ctx->scratch, (size_t)f->n + 1, sizeof *ls->tested);
    ls->order = cf_arena_calloc(&ctx->scratch, (size_t)f->n + 1, sizeof *ls->order);
    ls->tested_rt = cf_arena_calloc(&ctx->scratch, (size_t)f->nv + 1, sizeof *ls->tested_rt);
    ls->routes = cf_arena_calloc(&ctx->scratch, (size_t)f->nv + 1, sizeof *ls->routes);
    ls->sect = cf_arena_calloc(&ctx->scratch, (size_t)f->nv + 1, sizeof *ls->sect);
    ls->near = cf_arena_calloc(&ctx->scratch, ((size_t)f->nv + 1) * CF_SWAP_NEAR, sizeof *ls->near);
    ls->ss = swap_star ? cf_swap_star_create(&ctx->scratch, f->p) : NULL;
    if (!ls->tested || !ls->order || !ls->tested_rt || !ls->routes || !ls->sect || !ls->near ||
        (swap_star && !ls->ss))
        return cf_err_set(err, CF_ENOMEM, "cannot allocate local search for %d orders", f->n);
    ls->swap_star = swap_star && cf_swap_star_usable(ls->ss);
    for (int o = 0; o < f->n; o++)
        if (f->active[o]) ls->order[ls->n_active++] = o;
    return CF_OK;
}

static void shuffle(cf_rng *rng, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)cf_rng_below(rng, (uint32_t)i + 1), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

static void apply(cf_ls *ls, cf_routes *r, const cf_move *m)
{
    cf_routes_apply(r, m, ls->ctx->buf, ++ls->ctx->clock);
    ls->moves++;
}

/* u alone into an empty vehicle of some type (e.g. a cheaper one, another
 * DC); when u opens its route, the whole route onto an empty vehicle of
 * another type or in exchange with a route on a vehicle of a type that has
 * no empty one left, or the whole route out of the plan when all its orders are
 * optional and together pay less than it costs (one at a time each may pay
 * its way: a far cluster of prizes); or u out of the plan when it is
 * optional and costs more than its penalty. */
static bool single_order_moves(cf_ls *ls, cf_routes *r, int u)
{
    const cf_fleet *f = r->f;
    int ru = r->route[u];
    cf_move m, best;
    bool found = false;

    if (r->prev[u] < 0 && r->len[ru] > 1 && !ls->keep_optional) {
        cf_cost pen = 0;
        for (int o = u; o >= 0 && pen >= 0; o = r->next[o])
            pen = f->p->order_penalty[o] < 0 ? -1 : pen + f->p->order_penalty[o];
        cf_move_begin(&m, 1, ru, -1);
        if (pen >= 0 && cf_routes_eval_move(r, &m, pen, 0) == CF_EVAL_OK && m.delta < 0) {
            apply(ls, r, &m);
            return true;
        }
    }

    best.delta = 0;
    for (int t = 0; t < f->n_types; t++) {
        int v = cf_routes_free_vehicle(r, t);
        if (v < 0 || f->type[ru] == t) continue;
        if (cf_fleet_carries(f, v, &f->node[u]) && cf_nbh_chain_after(r, &m, u, u, false, v, -1))
            found |= cf_nbh_offer(r, &m, &best);
        if (r->prev[u] < 0 && r->len[ru] > 1) {
            cf_move_begin(&m, 2, ru, v);
            cf_move_piece(&m, 1, CF_PIECE_SUFFIX, u, -1);
            found |= cf_nbh_offer(r, &m, &best);
        }
    }
    /* A limited fleet: when a type has no empty vehicle left, u's route may
     * still trade vehicles with a route on one of that type. */
    for (int t = 0; r->prev[u] < 0 && t < f->n_types; t++) {
        if (f->type[ru] == t || cf_routes_free_vehicle(r, t) >= 0) continue;
        for (int i = f->type_start[t]; i < f->type_start[t + 1]; i++) {
            int w = f->type_veh[i];
            if (r->len[w] == 0) continue;
            cf_move_begin(&m, 2, ru, w);
            cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->first[w], -1);
            cf_move_piece(&m, 1, CF_PIECE_SUFFIX, u, -1);
            found |= cf_nbh_offer(r, &m, &best);
        }
    }
    if (f->p->order_penalty[u] >= 0 && !ls->keep_optional) {
        cf_move_begin(&m, 1, ru, -1);
        cf_move_piece(&m, 0, CF_PIECE_PREFIX, r->prev[u], -1);
        cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r->next[u], -1);
        if (cf_routes_eval_move(r, &m, f->p->order_penalty[u], best.delta) == CF_EVAL_OK &&
            m.delta < best.delta) {
            best = m;
            found = true;
        }
    }
    if (found) apply(ls, r, &best);
    return found;
}

/* With several DCs: for each used route ls->routes[i], the indexes (into
 * ls->routes) of its CF_SWAP_NEAR nearest routes by centre, -1 past the
 * end.  O(routes^2) per pass, against O(|R1| |R2|) per pair evaluated. */
static void nearest_routes(cf_ls *ls, int nr)
{
    for (int i = 0; i < nr; i++) {
        const cf_sector *a = &ls->sect[ls->routes[i]];
        int *nb = &ls->near[(size_t)i * CF_SWAP_NEAR], k = 0;
        double dn[CF_SWAP_NEAR];
        for (int j = 0; j < nr; j++) {
            const cf_sector *b = &ls->sect[ls->routes[j]];
            double dx = a->cx - b->cx, dy = a->cy - b->cy, d = dx * dx + dy * dy;
            int at;
            if (j == i || (k == CF_SWAP_NEAR && d >= dn[k - 1])) continue;
            at = k < CF_SWAP_NEAR ? k++ : k - 1;
            while (at > 0 && dn[at - 1] > d) {
                dn[at] = dn[at - 1];
                nb[at] = nb[at - 1];
                at--;
            }
            dn[at] = d;
            nb[at] = j;
        }
        for (; k < CF_SWAP_NEAR; k++)
            nb[k] = -1;
    }
}

static bool is_near(const cf_ls *ls, int i, int j)
{
    const int *nb = &ls->near[(size_t)i * CF_SWAP_NEAR];
    for (int k = 0; k < CF_SWAP_NEAR && nb[k] >= 0; k++)
        if (nb[k] == j) return true;
    return false;
}

/* SWAP* over pairs of routes whose sectors overlap (with several DCs:
 * near each other, cf_sector_overlap) and of which one changed since the
 * first was last tested (HGS-CVRP LocalSearch::run). */
static bool swap_star_pass(cf_ls *ls, cf_routes *r)
{
    cf_ctx *ctx = ls->ctx;
    int nr = 0;
    bool improved = false, boxes = cf_swap_star_by_boxes(ls->ss);

    for (int v = 0; v < r->nv; v++)
        if (r->len[v] > 0) {
            ls->routes[nr++] = v;
            cf_sector_of(ls->ss, r, v, &ls->sect[v]);
        }
    if (boxes) nearest_routes(ls, nr);
    for (int i = 0; i < nr; i++) {
        int v1 = ls->routes[i];
        uint64_t last = ls->tested_rt[v1];
        if (cf_ctx_halted(ctx)) return improved; /* v1 left untested */
        ls->tested_rt[v1] = ctx->clock;
        for (int j = i + 1; j < nr; j++) {
            int v2 = ls->routes[j];
            if (r->stamp[v1] <= last && r->stamp[v2] <= last) continue;
            if (boxes && !is_near(ls, i, j) && !is_near(ls, j, i)) continue;
            if (!cf_sector_overlap(ls->ss, &ls->sect[v1], &ls->sect[v2])) continue;
            cf_move best;
            best.delta = 0;
            if (cf_swap_star_evaluate(r, ls->ss, v1, v2, &best)) {
                best.nbh = -1;
                cf_routes_apply(r, &best, ctx->buf, ++ctx->clock);
                ls->moves++;
                improved = true;
                cf_sector_of(ls->ss, r, v1, &ls->sect[v1]);
                cf_sector_of(ls->ss, r, v2, &ls->sect[v2]);
            }
        }
    }
    return improved;
}

void cf_ls_run(cf_ls *ls, cf_routes *r)
{
    const cf_fleet *f = r->f;
    const cf_travel *tr = f->tr;
    cf_ctx *ctx = ls->ctx;
    bool improved = true;

    shuffle(&ctx->rng, ls->order, ls->n_active);
    while (improved) {
        improved = false;
        for (int i = 0; i < ls->n_active; i++) {
            int u = ls->order[i];
            if (r->route[u] < 0) continue;
            if ((i & 63) == 0 && cf_ctx_halted(ctx)) return;
            uint64_t last = ls->tested[u];
            if (r->ostamp[u] <= last) continue; /* nothing new around u */
            ls->tested[u] = ctx->clock;
            const int *nbr = cf_travel_nbr(tr, u);
            int k = tr->k, off = k > 1 ? (int)cf_rng_below(&ctx->rng, (uint32_t)k) : 0;
            for (int j = 0; j < k; j++) {
                int v = nbr[(j + off) % k];
                if (r->route[v] < 0) continue;
                for (int t = 0; t < cf_nbh_count; t++) {
                    cf_move best;
                    best.delta = 0;
                    if (cf_nbh_all[t]->evaluate(r, u, v, &best)) {
                        best.nbh = t;
                        cf_nbh_all[t]->apply(r, &best, ctx->buf, ++ctx->clock);
                        ls->moves++;
                        improved = true;
                        break;
                    }
                }
            }
            if (r->route[u] >= 0 && single_order_moves(ls, r, u)) improved = true;
        }
        /* SWAP* once the node moves are exhausted: its O(|R1| |R2|) pairs
         * cost more than a pass of granular moves. */
        if (!improved && ls->swap_star && swap_star_pass(ls, r)) improved = true;
    }
}

/* ---- streams ---- */

cf_status cf_stream_init(cf_stream *s, const cf_fleet *f, const cf_routes *init,
                         const cf_search_cfg *cfg, uint64_t seed, uint64_t index, cf_err *err)
{
    cf_status rc;
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    cf_arena_init(&s->ctx.scratch, 64 * 1024);
    cf_rng_seed(&s->ctx.rng, seed, index);
    s->ctx.buf = cf_arena_calloc(&s->ctx.scratch, 2 * (size_t)f->n + 2, sizeof *s->ctx.buf);
    s->list = cf_arena_calloc(&s->ctx.scratch, (size_t)f->n + 1, sizeof *s->list);
    s->key = cf_arena_calloc(&s->ctx.scratch, (size_t)f->n + 1, sizeof *s->key);
    s->ep_count = cf_arena_calloc(&s->ctx.scratch, (size_t)f->n + 1, sizeof *s->ep_count);
    if (!s->ctx.buf || !s->list || !s->key || !s->ep_count) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate a search stream for %d orders", f->n);
        goto fail;
    }
    if ((rc = cf_ls_init_cfg(&s->ls, f, &s->ctx, cfg->swap_star, err)) != CF_OK) goto fail;
    s->w = cfg->penalised ? f->pen_init : f->pen;
    if (cfg->penalised && !cfg->penalise_time) s->w.strict_time = true;
    if ((rc = cf_routes_init(&s->cur, f, err)) != CF_OK) goto fail;
    if ((rc = cf_routes_init(&s->cand, f, err)) != CF_OK) goto fail;
    if ((rc = cf_routes_init(&s->best, f, err)) != CF_OK) goto fail;
    for (int i = 0; i < 2; i++)
        if ((rc = cf_routes_init(&s->tmp[i], f, err)) != CF_OK) goto fail;
    cf_stream_adopt(s, init);
    return CF_OK;
fail:
    cf_stream_release(s);
    return rc;
}

void cf_stream_release(cf_stream *s)
{
    cf_routes_release(&s->cur);
    cf_routes_release(&s->cand);
    cf_routes_release(&s->best);
    cf_routes_release(&s->tmp[0]);
    cf_routes_release(&s->tmp[1]);
    cf_arena_release(&s->ctx.scratch);
    memset(s, 0, sizeof *s);
}

void cf_stream_adopt(cf_stream *s, const cf_routes *r)
{
    /* Stamps of another stream mean nothing here: everything is new. */
    cf_routes_copy(&s->cur, r);
    cf_routes_set_penalty(&s->cur, &s->w);
    cf_routes_touch_all(&s->cur, ++s->ctx.clock);
    cf_routes_copy(&s->cand, &s->cur);
    cf_routes_copy(&s->best, &s->cur);
}

/* Adaptive penalties (Vidal et al. 2012, section 4.4; HGS-CVRP
 * Genetic::managePenalties): every period, each weight group grows by 20%
 * when fewer local-search results than the target honour its constraint,
 * and shrinks by 15% when more do. */
static void manage_penalties(cf_stream *s)
{
    const cf_search_cfg *cfg = s->cfg;
    if (s->w.strict || s->n_seen < cfg->penalty_period) return;
    for (int g = 0; g < 2; g++) {
        double frac = (double)s->n_feas[g] / s->n_seen, mul = 1.0;
        if (frac < cfg->feasible_target - 0.05) mul = 1.2;
        if (frac > cfg->feasible_target + 0.05) mul = 0.85;
        if (mul == 1.0) continue;
        cf_cost *w[3] = {&s->w.per_load[0], &s->w.per_load[1], NULL};
        if (g == 1) {
            w[0] = &s->w.per_tw_s;
            w[1] = &s->w.per_dur_s;
            w[2] = &s->w.per_dist;
        }
        for (int i = 0; i < 3 && w[i]; i++) {
            double x = (double)*w[i] * mul, lo = g == 0 ? (double)s->cur.f->load_min[i] : 1.0;
            if (x < lo) x = lo;
            if (x > 1e15) x = 1e15;
            *w[i] = (cf_cost)x;
        }
    }
    s->n_seen = s->n_feas[0] = s->n_feas[1] = 0;
    cf_routes_set_penalty(&s->cur, &s->w);
    cf_routes_set_penalty(&s->cand, &s->w);
    cf_routes_set_penalty(&s->best, &s->w);
}

static double temperature(const cf_stream *s)
{
    double frac;
    if (s->it_total > 0)
        frac = (double)s->it / (double)s->it_total;
    else if (s->t_end > s->t_begin)
        frac = (cf_ctx_now() - s->t_begin) / (s->t_end - s->t_begin);
    else
        frac = 1.0;
    if (frac > 1.0) frac = 1.0;
    if (frac < 0.0) frac = 0.0;
    return s->temp0 * pow(s->temp_f / s->temp0, frac);
}

void cf_stream_iterate(cf_stream *s)
{
    cf_ctx *ctx = &s->ctx;
    cf_routes *cand = &s->cand;
    uint64_t t_start = ctx->clock;
    int n = cf_ruin(cand, ctx, s->cfg, s->list);

    /* Orders left out before get a chance too (a sample when many): one
     * drawn at random and the left-out ones among its neighbours, so that
     * a cluster of optional orders can go in together (one by one none of
     * them may pay for the route they need), then random ones. */
    int extra = cand->n_unrouted - n, cap = n + 8;
    if (extra > cap) {
        int seed = cand->unrouted[cf_rng_below(&ctx->rng, (uint32_t)cand->n_unrouted)];
        const int *nbr = cf_travel_nbr(cand->f->tr, seed);
        for (int i = -1, got = 0; i < cand->f->tr->k && got < cap / 2; i++) {
            int o = i < 0 ? seed : nbr[i];
            bool dup = cand->route[o] >= 0 || !cand->f->active[o];
            for (int j = 0; j < n && !dup; j++)
                dup = s->list[j] == o;
            if (!dup) s->list[n++] = o, got++;
        }
        for (int i = 0; i < cap / 2; i++) {
            int o = cand->unrouted[cf_rng_below(&ctx->rng, (uint32_t)cand->n_unrouted)];
            bool dup = false;
            for (int j = 0; j < n && !dup; j++)
                dup = s->list[j] == o;
            if (!dup) s->list[n++] = o;
        }
    } else {
        for (int i = 0; i < cand->n_unrouted; i++) {
            int o = cand->unrouted[i];
            bool dup = false;
            for (int j = 0; j < n && !dup; j++)
                dup = s->list[j] == o;
            if (!dup) s->list[n++] = o;
        }
    }
    cf_recreate(cand, ctx, s->cfg, s->list, n, s->key);
    if (cand->mand_out > 0 && s->cfg->eject_budget > 0)
        cf_eject_pass(cand, ctx, 2, s->tmp, s->cfg->eject_budget);
    if (cand->mand_out > 0 && cf_rng_double(&ctx->rng) < s->cfg->ep_rate)
        cf_ep_run(cand, ctx, s->cfg->ep_steps, s->list, s->ep_count);
    cf_ls_run(&s->ls, cand);
    s->it++;

    s->n_seen++;
    s->n_feas[0] += cand->n_viol[0] == 0;
    s->n_feas[1] += cand->n_viol[1] == 0;
    if (!cf_routes_feasible(cand) && cf_rng_double(&ctx->rng) >= s->cfg->repair) {
        cf_routes_copy(cand, &s->cur);
        manage_penalties(s);
        return;
    }
    if (!cf_routes_feasible(cand)) {
        /* Repair (Vidal et al. 2012, section 4.3; HGS-CVRP repairs with
         * probability 0.5): the local search again under ten times the
         * weights; what stays infeasible is dropped, so the annealing walks
         * over feasible plans only and the penalties only widen the local
         * search's paths between them. */
        cf_penalty w10 = s->w;
        for (int k = 0; k < CF_DIMS; k++)
            w10.per_load[k] *= 10;
        w10.per_tw_s *= 10;
        w10.per_dur_s *= 10;
        w10.per_dist *= 10;
        cf_routes_set_penalty(cand, &w10);
        /* Re-weighting changes no link: mark the infeasible routes as new
         * so that the local search looks at them again. */
        uint64_t now = ++ctx->clock;
        for (int v = 0; v < cand->nv; v++) {
            if (cand->ev[v].feasible) continue;
            cand->stamp[v] = now;
            for (int o = cand->first[v]; o >= 0; o = cand->next[o])
                cand->ostamp[o] = now;
        }
        cf_ls_run(&s->ls, cand);
        cf_routes_set_penalty(cand, &s->w);
        if (!cf_routes_feasible(cand)) {
            cf_routes_copy(cand, &s->cur);
            manage_penalties(s);
            return;
        }
    }

    cf_cost vc = cf_routes_value(cand), vcur = cf_routes_value(&s->cur);
    double t = temperature(s);
    double u = cf_rng_double(&ctx->rng);
    double threshold = (double)vcur - t * log(u > 0 ? u : 1e-300);
    if ((double)vc < threshold || vc < vcur) {
        /* Accepted plans feed the route pool (their new routes): every
         * feasible local optimum would cost about 60% more CPU on X. */
        if (s->rec) cf_recomb_collect(s->rec, cand, t_start);
        cf_routes_copy(&s->cur, cand);
        if (cf_routes_feasible(cand) && vc < cf_routes_value(&s->best))
            cf_routes_copy(&s->best, cand);
    } else {
        cf_routes_copy(cand, &s->cur);
    }
    manage_penalties(s);
}
