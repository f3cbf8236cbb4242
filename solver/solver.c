/*
 * cf_solve: the pipeline of docs/algorithms.md, steps 2-7, for one problem.
 *
 *   screen     orders no vehicle could ever serve leave with their reason
 *   assign     GLPK MIP: each remaining order gets a DC (solver/assign.h)
 *   construct  sweep + cheapest insertion per DC (construct.c), then one
 *              granular local search (search.c)
 *   search     streams of ruin-and-recreate + local search under simulated
 *              annealing, in epochs, on OpenMP threads (parallel.c)
 *   finish     last chance for mandatory orders, then a reason for every
 *              order left out, and the plan with departure times
 *
 * The search works on solver/route.h's representation; the caller's
 * cf_solution is written once, at the end.  Debug builds check the plan with
 * the independent checker after construction and at the end.
 */
#include "solver/solver.h"

#include <string.h>

#include "models/alloc.h"
#include "models/check.h"
#include "solver/assign.h"
#include "solver/construct.h"
#include "solver/parallel.h"
#include "solver/route.h"
#include "solver/search.h"
#include "solver/travel.h"
#include "solver/worker.h"

typedef struct run {
    const cf_problem *p;
    const cf_solve_opts *opts;
    double t_start;
} run;

static void progress(const run *rn, const char *phase, const cf_routes *r)
{
    if (!rn->opts->progress) return;
    rn->opts->progress(rn->opts->progress_ctx, phase, cf_ctx_now() - rn->t_start,
                       r ? r->cost + r->f->inactive_pen : 0, r ? r->n_used : 0,
                       r ? r->n_unrouted + r->f->n_inactive : rn->p->n_orders);
}

#ifndef NDEBUG
static void debug_check(const cf_routes *r, cf_solution *tmp, int *buf)
{
    cf_err e;
    cf_status rc = cf_routes_verify(r, &e);
    if (rc != CF_OK) fprintf(stderr, "cf_solve: %s\n", e.msg);
    CF_ASSERT(rc == CF_OK);
    cf_routes_export(r, tmp, buf);
    for (int o = 0; o < r->n; o++)
        if (r->route[o] < 0) {
            tmp->reason[o] = CF_REASON_NOT_PLACED_IN_TIME;
            tmp->extra_cost[o] = -1;
        }
    rc = cf_solution_check(r->f->p, tmp, &e);
    if (rc != CF_OK && rc != CF_ENOMEM) fprintf(stderr, "cf_solve: %s\n", e.msg);
    CF_ASSERT(rc == CF_OK || rc == CF_ENOMEM); /* the checker may run out of memory */
}
#endif

/* Ejection chains to this depth after construction and at the end. */
#define EJECT_DEPTH 3

/* True when every DC with a vehicle that may carry order o would go over
 * its throughput with o added to what the routes load there (and there is
 * at least one such DC): the depot_capacity of solution.h. */
static bool every_dc_full(const cf_routes *r, int o)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    const cf_amount *dem = &p->order_demand[(size_t)o * CF_DIMS];
    bool seen = false;
    for (int v = 0; v < p->n_vehicles; v++) {
        int d = p->veh_depot[v];
        bool full = false;
        if (!cf_fleet_carries(f, v, &f->node[o])) continue;
        seen = true;
        for (int k = 0; k < CF_DIMS; k++)
            full |= r->dc_load[(size_t)d * CF_DIMS + (size_t)k] + dem[k] >
                    p->depot_cap[(size_t)d * CF_DIMS + (size_t)k];
        if (!full) return false;
    }
    return seen;
}

/* Orders still out get one more try: mandatory ones by insertion with
 * ejections (construct.h), then optional ones at every position of every
 * route (placed when that lowers the objective); then every order left out gets a reason that is true of the
 * returned plan (models/solution.h): its screening reason, depot_capacity,
 * penalty_below_cost with the cheapest insertion's cost, or
 * not_placed_in_time.  Both passes probe every route, so after a stop they
 * get the grace of cf_ctx_overtime and no more: orders not probed by then,
 * and every order when construction itself was cut short (built false),
 * are not_placed_in_time. */
static void finish(cf_routes *r, cf_ctx *ctx, const uint8_t *screen, bool built, cf_routes *tmp,
                   int *stack, uint16_t *count, cf_solution *out)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    cf_insert_opts io = {.only_dc = -1, .full_scan = 2};
    cf_move m;

    if (built) cf_place_mandatory(r, ctx, EJECT_DEPTH, tmp, stack, count, 0);
    for (int o = 0; built && o < r->n; o++)
        if (f->active[o] && r->route[o] < 0 && p->order_penalty[o] >= 0 &&
            !cf_ctx_overtime(ctx) && cf_insert_best(r, o, &io, &m, NULL) && m.delta < 0)
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);

    cf_routes_export(r, out, ctx->buf);
    for (int o = 0; o < r->n; o++) {
        out->extra_cost[o] = -1;
        if (!f->active[o]) {
            out->reason[o] = screen[o];
            continue;
        }
        if (r->route[o] >= 0) continue;
        out->reason[o] = CF_REASON_NOT_PLACED_IN_TIME;
        if (!built || cf_ctx_overtime(ctx)) continue;
        if (cf_insert_best(r, o, &io, &m, NULL)) {
            cf_cost extra = m.delta + cf_unrouted_cost(f, o);
            out->extra_cost[o] = extra;
            if (p->order_penalty[o] >= 0 && extra >= p->order_penalty[o])
                out->reason[o] = CF_REASON_PENALTY_BELOW_COST;
        } else if (every_dc_full(r, o)) {
            out->reason[o] = CF_REASON_DEPOT_CAPACITY;
        }
    }
}

typedef enum { START_SWEEP, START_UPGRADE, START_BIG_FIRST } start_kind;

/* Two vehicles of one DC with different capacities: routes may grow into
 * a bigger vehicle. */
static bool mixed_fleet(const cf_problem *p)
{
    int *first = cf_calloc((size_t)p->n_depots + 1, sizeof *first);
    bool mixed = first == NULL; /* out of memory: try the start rather than miss it */
    for (int d = 0; first && d < p->n_depots; d++)
        first[d] = -1;
    for (int v = 0; first && v < p->n_vehicles && !mixed; v++) {
        int d = p->veh_depot[v], w = first[d];
        if (w < 0)
            first[d] = v;
        else
            mixed = memcmp(&p->veh_cap[(size_t)v * CF_DIMS], &p->veh_cap[(size_t)w * CF_DIMS],
                           CF_DIMS * sizeof *p->veh_cap) != 0;
    }
    cf_free(first);
    return mixed;
}

/* Builds a starting plan into r (empty), places what it can of the
 * mandatory orders left out by ejection chains (tmp: their scratch), and
 * improves it with the local search; false when the clock or a stop cut
 * construction short. */
static bool start(cf_routes *r, cf_ls *ls, cf_ctx *ctx, start_kind kind, cf_routes *tmp)
{
    const cf_fleet *f = r->f;
    bool built = kind == START_BIG_FIRST ? cf_construct_big_first(r, ctx)
                                         : cf_construct(r, ctx, kind == START_UPGRADE);
    /* Ejection chains only: the search goes on with the pool itself. */
    if (built) cf_eject_pass(r, ctx, EJECT_DEPTH, tmp, cf_eject_budget(r));
#ifndef NDEBUG
    {
        cf_solution sol;
        cf_err e;
        if (cf_solution_init(&sol, f->p, &e) == CF_OK) {
            debug_check(r, &sol, ctx->buf);
            cf_solution_release(&sol);
        }
    }
#endif
    /* Routes first, with every optional order construction placed; only
     * then may orders that do not pay leave (dropping from the first, poor
     * routes would leave out what good routes serve at a profit). */
    ls->keep_optional = f->n_optional > 0;
    cf_routes_touch_all(r, ++ctx->clock);
    cf_ls_run(ls, r);
    if (ls->keep_optional) {
        ls->keep_optional = false;
        cf_routes_touch_all(r, ++ctx->clock);
        cf_ls_run(ls, r);
    }
    return built;
}

cf_status cf_solve(const cf_problem *p, const cf_solve_opts *opts, cf_solution *out,
                   cf_solve_stats *stats, cf_err *err)
{
    return cf_solve_warm(p, opts, NULL, out, stats, err);
}

cf_status cf_solve_warm(const cf_problem *p, const cf_solve_opts *opts, const cf_solution *initial,
                        cf_solution *out, cf_solve_stats *stats, cf_err *err)
{
    CF_ASSERT(opts && opts->params);
    const cf_params *prm = opts->params;
    const cf_search_cfg *cfg = &cf_search_defaults;
    run rn = {p, opts, opts->started > 0 ? opts->started : cf_ctx_now()};
    int n = p->n_orders;
    cf_status rc = CF_OK;
    uint8_t *screen = cf_calloc((size_t)n + 1, 1);
    uint8_t *reason = cf_calloc((size_t)n + 1, 1);
    int *home = cf_calloc((size_t)n + 1, sizeof *home);
    int *ep_stack = cf_calloc((size_t)n + 1, sizeof *ep_stack);
    uint16_t *ep_count = cf_calloc((size_t)n + 1, sizeof *ep_count);
    cf_travel tr;
    cf_fleet fl;
    cf_routes cur, best, tmp[EJECT_DEPTH];
    int have_tmp = 0;
    cf_ctx ctx;
    cf_ls ls;
    cf_par_result pr;
    bool have_tr = false, have_fl = false, have_cur = false, have_best = false, built = true;

    memset(&ctx, 0, sizeof ctx);
    memset(&pr, 0, sizeof pr);
    cf_arena_init(&ctx.scratch, 64 * 1024);
    if (stats) memset(stats, 0, sizeof *stats);
    if (!screen || !reason || !home || !ep_stack || !ep_count) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate solver tables for %d orders", n);
        goto done;
    }
    ctx.stop = opts->stop;
    ctx.deadline = prm->time_limit_s > 0 ? rn.t_start + prm->time_limit_s : 0;
    cf_rng_seed(&ctx.rng, prm->seed, 0);

    progress(&rn, "screen", NULL);
    cf_screen_orders(p, screen);
    memcpy(reason, screen, (size_t)n);

    /* One build of the neighbour lists serves the assignment's estimate and
     * the search.  A stop (past the grace) may cut it short: then nothing
     * is routed, and the plan says why. */
    progress(&rn, "neighbours", NULL);
    if ((rc = cf_travel_init(&tr, p, cfg->k, &ctx, err)) != CF_OK) goto done;
    have_tr = true;
    built = tr.complete;

    progress(&rn, "assign", NULL);
    double at = prm->time_limit_s > 0 ? cfg->assign_share * prm->time_limit_s : cfg->assign_max_s;
    if (at > cfg->assign_max_s) at = cfg->assign_max_s;
    if (cf_ctx_halted(&ctx) || at < 0.01) at = 0.01;
    /* Under a work limit the MIP must not depend on the clock either: its own
     * node limit bounds it (a limit <= 0 means no time limit). */
    if (prm->iterations > 0 && !cf_ctx_halted(&ctx)) at = 0;
    for (int o = 0; o < n; o++)
        home[o] = -1;
    /* CF_ELP still leaves a valid (greedy or rounded) assignment: go on with it. */
    if (built && n > 0 && (rc = cf_assign_depots(p, &tr, at, home, reason, err)) != CF_OK &&
        rc != CF_ELP)
        goto done;
    rc = CF_OK;

    if ((rc = cf_fleet_init(&fl, p, &tr, screen, home, err)) != CF_OK) goto done;
    have_fl = true;
    if ((rc = cf_routes_init(&cur, &fl, err)) != CF_OK) goto done;
    have_cur = true;
    if ((rc = cf_routes_init(&best, &fl, err)) != CF_OK) goto done;
    have_best = true;
    for (; have_tmp < EJECT_DEPTH; have_tmp++)
        if ((rc = cf_routes_init(&tmp[have_tmp], &fl, err)) != CF_OK) goto done;
    ctx.buf = cf_calloc(2 * (size_t)n + 2, sizeof *ctx.buf);
    if (!ctx.buf) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate solver buffers for %d orders", n);
        goto done;
    }

    if (!tr.complete) goto labels;
    progress(&rn, "construct", &cur);
    if ((rc = cf_ls_init(&ls, &fl, &ctx, err)) != CF_OK) goto done;
    double t_start = cf_ctx_now();
    built = start(&cur, &ls, &ctx, START_SWEEP, tmp);
    {
        /* Other starts where they may do better, the best kept: routes
         * that grow into bigger vehicles (a mixed fleet: better for fixed
         * costs with economies of scale, worse where small vehicles are
         * cheap per km, so both are tried), and, without time windows (a
         * packing problem), the largest orders first when the sweep's
         * packing left mandatory orders out.  Under a time limit only when
         * the first start took a small share of it: on a large instance the
         * search makes better use of the time.  Under a work limit always,
         * so that the plan does not depend on the clock. */
        bool mixed = mixed_fleet(p), afford = prm->iterations > 0 || prm->time_limit_s <= 0 ||
                                              cf_ctx_now() - t_start < 0.02 * prm->time_limit_s;
        cf_routes alt;
        if ((mixed || cur.mand_out > 0) && built && afford) {
            if ((rc = cf_routes_init(&alt, &fl, err)) != CF_OK) goto done;
            if (mixed && start(&alt, &ls, &ctx, START_UPGRADE, tmp) &&
                cf_routes_value(&alt) < cf_routes_value(&cur))
                cf_routes_copy(&cur, &alt);
            if (cur.mand_out > 0 && !cf_problem_has_windows(p)) {
                cf_routes_release(&alt);
                if ((rc = cf_routes_init(&alt, &fl, err)) != CF_OK) goto done;
                if (start(&alt, &ls, &ctx, START_BIG_FIRST, tmp) &&
                    cf_routes_value(&alt) < cf_routes_value(&cur))
                    cf_routes_copy(&cur, &alt);
            }
            cf_routes_release(&alt);
        }
    }
    if (initial && n > 0) { /* warm start (solver.h): the better of the two starts */
        cf_routes warm;
        CF_ASSERT(initial->n_orders == n && initial->n_vehicles == p->n_vehicles);
        if ((rc = cf_routes_init(&warm, &fl, err)) != CF_OK) goto done;
        if (cf_routes_import(&warm, initial, ctx.buf) &&
            cf_routes_value(&warm) < cf_routes_value(&cur)) {
            cf_routes_copy(&cur, &warm);
            built = true; /* every order was placed or tried in the warm plan's solve */
        }
        cf_routes_release(&warm);
    }

    if (built && cur.mand_out > 0 && !cf_ctx_halted(&ctx)) {
        /* The mandatory orders the starts left out, placed before the
         * search (cf_place_mandatory; under a time limit in a share of it): on
         * thousands of orders the streams' small ruins place them far more
         * slowly than the ejection chains and the pool do (docs/algorithms.md). */
        cf_place_mandatory(&cur, &ctx, EJECT_DEPTH, tmp, ep_stack, ep_count,
                           cfg->place_share * prm->time_limit_s);
        /* Once here, not in every stream that adopts the plan. */
        cf_routes_touch_all(&cur, ++ctx.clock);
        cf_ls_run(&ls, &cur);
    }
    progress(&rn, "search", &cur);
    {
        cf_par_opts po = {.cfg = cfg,
                          .seed = prm->seed,
                          .threads = prm->threads,
                          .iterations = prm->iterations,
                          .t_start = rn.t_start,
                          .deadline = ctx.deadline,
                          .stop = opts->stop,
                          .progress = opts->progress,
                          .progress_ctx = opts->progress_ctx};
        if (n > 0 && p->n_vehicles > 0) {
            if ((rc = cf_par_search(&fl, &cur, &po, &best, &pr, err)) != CF_OK) goto done;
        } else {
            cf_routes_copy(&best, &cur);
            pr.threads = cf_par_threads(prm->threads);
        }
    }
labels:
    if (!tr.complete) cf_routes_copy(&best, &cur);
    if (ctx.halted) {
        if (opts->stop && *opts->stop)
            pr.stopped_by_signal = 1;
        else
            pr.stopped_by_time = 1;
    }

    finish(&best, &ctx, screen, built, tmp, ep_stack, ep_count, out);
#ifndef NDEBUG
    {
        cf_err e;
        cf_status crc = cf_routes_verify(&best, &e);
        if (crc == CF_OK) crc = cf_solution_check(p, out, &e);
        if (crc != CF_OK && crc != CF_ENOMEM) fprintf(stderr, "cf_solve: %s\n", e.msg);
        CF_ASSERT(crc == CF_OK || crc == CF_ENOMEM);
    }
#endif
    if (stats) {
        stats->cost = best.cost + fl.inactive_pen;
        stats->iterations = pr.iterations;
        stats->stopped_by_signal = pr.stopped_by_signal;
        stats->stopped_by_time = pr.stopped_by_time && !pr.stopped_by_signal;
    }
    progress(&rn, "search", &best);
done:
    if (stats) stats->elapsed_s = cf_ctx_now() - rn.t_start;
    if (have_best) cf_routes_release(&best);
    for (int i = 0; i < have_tmp; i++)
        cf_routes_release(&tmp[i]);
    if (have_cur) cf_routes_release(&cur);
    if (have_fl) cf_fleet_release(&fl);
    if (have_tr) cf_travel_release(&tr);
    cf_free(ctx.buf);
    cf_arena_release(&ctx.scratch);
    cf_free(screen);
    cf_free(reason);
    cf_free(home);
    cf_free(ep_stack);
    cf_free(ep_count);
    return rc;
}
