/*
 * cf_solve: the pipeline of DESIGN.md, steps 2-7, for one problem.
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
        if (r->route[o] < 0) tmp->reason[o] = CF_REASON_NO_ROOM_FOUND;
    rc = cf_solution_check(r->f->p, tmp, &e);
    if (rc != CF_OK && rc != CF_ENOMEM) fprintf(stderr, "cf_solve: %s\n", e.msg);
    CF_ASSERT(rc == CF_OK || rc == CF_ENOMEM); /* the checker may run out of memory */
}
#endif

/* Mandatory orders still out get one more try with every position of every
 * route; then every order left out gets the reason that blocks it.  Both
 * probe each order against every route, so after a stop they get the grace
 * of cf_ctx_overtime and no more: the orders not probed by then are labelled
 * without it, no_room_found (the search found no place), or
 * stopped_before_placed when construction itself was cut short (built
 * false) and they were perhaps never tried at all. */
static void finish(cf_routes *r, cf_ctx *ctx, const uint8_t *screen, bool built, cf_solution *out)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    cf_insert_opts io = {-1, NULL, 0.0, 1, false};
    cf_move m;

    for (int o = 0; built && o < r->n; o++)
        if (f->active[o] && r->route[o] < 0 && p->order_penalty[o] < 0 && !cf_ctx_overtime(ctx) &&
            cf_insert_best(r, o, &io, &m, NULL) && m.delta < 0)
            cf_routes_apply(r, &m, ctx->buf, ++ctx->clock);

    cf_routes_export(r, out, ctx->buf);
    for (int o = 0; o < r->n; o++) {
        bool blocked = false;
        if (!f->active[o]) {
            out->reason[o] = screen[o];
        } else if (r->route[o] >= 0) {
            continue;
        } else if (!built) {
            out->reason[o] = CF_REASON_STOPPED_BEFORE_PLACED;
        } else if (cf_ctx_overtime(ctx)) {
            out->reason[o] = CF_REASON_NO_ROOM_FOUND;
        } else if (cf_insert_best(r, o, &io, &m, &blocked)) {
            out->reason[o] = p->order_penalty[o] >= 0 ? CF_REASON_PENALTY_BELOW_COST
                                                      : CF_REASON_NO_ROOM_FOUND;
        } else {
            out->reason[o] = blocked ? CF_REASON_DEPOT_CAPACITY : CF_REASON_NO_ROOM_FOUND;
        }
    }
}

typedef enum { START_SWEEP, START_UPGRADE, START_BIG_FIRST } start_kind;

/* Builds a starting plan into r (empty) and improves it with the local
 * search; false when the clock or a stop cut construction short. */
static bool start(cf_routes *r, cf_ls *ls, cf_ctx *ctx, start_kind kind)
{
    const cf_fleet *f = r->f;
    bool built = kind == START_BIG_FIRST ? cf_construct_big_first(r, ctx)
                                         : cf_construct(r, ctx, kind == START_UPGRADE);
#ifndef NDEBUG
    {
        cf_solution tmp;
        cf_err e;
        if (cf_solution_init(&tmp, f->p, &e) == CF_OK) {
            debug_check(r, &tmp, ctx->buf);
            cf_solution_release(&tmp);
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
    run rn = {p, opts, cf_ctx_now()};
    int n = p->n_orders;
    cf_status rc = CF_OK;
    uint8_t *screen = cf_calloc((size_t)n + 1, 1);
    uint8_t *reason = cf_calloc((size_t)n + 1, 1);
    int *home = cf_calloc((size_t)n + 1, sizeof *home);
    cf_travel tr;
    cf_fleet fl;
    cf_routes cur, best;
    cf_ctx ctx;
    cf_ls ls;
    cf_par_result pr;
    bool have_tr = false, have_fl = false, have_cur = false, have_best = false, built = true;

    memset(&ctx, 0, sizeof ctx);
    memset(&pr, 0, sizeof pr);
    cf_arena_init(&ctx.scratch, 64 * 1024);
    if (stats) memset(stats, 0, sizeof *stats);
    if (!screen || !reason || !home) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate solver tables for %d orders", n);
        goto done;
    }
    ctx.stop = opts->stop;
    ctx.deadline = prm->time_limit_s > 0 ? rn.t_start + prm->time_limit_s : 0;
    cf_rng_seed(&ctx.rng, prm->seed, 0);

    progress(&rn, "screen", NULL);
    cf_screen_orders(p, screen);
    memcpy(reason, screen, (size_t)n);

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
    if (n > 0 && (rc = cf_assign_depots(p, at, home, reason, err)) != CF_OK && rc != CF_ELP)
        goto done;
    rc = CF_OK;

    if ((rc = cf_travel_init(&tr, p, cfg->k, err)) != CF_OK) goto done;
    have_tr = true;
    if ((rc = cf_fleet_init(&fl, p, &tr, screen, home, err)) != CF_OK) goto done;
    have_fl = true;
    if ((rc = cf_routes_init(&cur, &fl, err)) != CF_OK) goto done;
    have_cur = true;
    if ((rc = cf_routes_init(&best, &fl, err)) != CF_OK) goto done;
    have_best = true;
    ctx.buf = cf_calloc(2 * (size_t)n + 2, sizeof *ctx.buf);
    if (!ctx.buf) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate solver buffers for %d orders", n);
        goto done;
    }

    progress(&rn, "construct", &cur);
    if ((rc = cf_ls_init(&ls, &fl, &ctx, err)) != CF_OK) goto done;
    built = start(&cur, &ls, &ctx, START_SWEEP);
    {
        /* Other starts where they may do better, the best kept: routes
         * that grow into bigger vehicles (a mixed fleet: better for fixed
         * costs with economies of scale, worse where small vehicles are
         * cheap per km, so both are tried), and the largest orders first
         * when the sweep's packing left mandatory orders out. */
        bool mixed = fl.n_types > p->n_depots;
        cf_routes alt;
        if ((mixed || cur.mand_out > 0) && built) {
            if ((rc = cf_routes_init(&alt, &fl, err)) != CF_OK) goto done;
            if (mixed && start(&alt, &ls, &ctx, START_UPGRADE) &&
                cf_routes_value(&alt) < cf_routes_value(&cur))
                cf_routes_copy(&cur, &alt);
            if (cur.mand_out > 0) {
                cf_routes_release(&alt);
                if ((rc = cf_routes_init(&alt, &fl, err)) != CF_OK) goto done;
                if (start(&alt, &ls, &ctx, START_BIG_FIRST) &&
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
    if (ctx.halted) {
        if (opts->stop && *opts->stop)
            pr.stopped_by_signal = 1;
        else
            pr.stopped_by_time = 1;
    }

    finish(&best, &ctx, screen, built, out);
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
    if (have_cur) cf_routes_release(&cur);
    if (have_fl) cf_fleet_release(&fl);
    if (have_tr) cf_travel_release(&tr);
    cf_free(ctx.buf);
    cf_arena_release(&ctx.scratch);
    cf_free(screen);
    cf_free(reason);
    cf_free(home);
    return rc;
}
