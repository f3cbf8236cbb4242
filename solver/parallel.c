/*
 * Streams, epochs and the elite exchange (see parallel.h); the only file
 * that includes <omp.h>.
 *
 * Every epoch is one parallel loop over the streams (dynamic schedule: a
 * thread takes the next stream when it is done).  A stream touches only its
 * own memory and reads the shared, immutable fleet and problem.  Between
 * epochs the master thread reduces and exchanges in stream order.  The
 * master reports progress (at most four times a second) from inside an
 * epoch as well, reading only the snapshot written between epochs.
 */
#include "solver/parallel.h"

#include <omp.h>
#include <string.h>

#include "models/alloc.h"
#include "solver/construct.h"
#include "solver/recombine.h"

int cf_par_threads(int threads)
{
    int t = threads > 0 ? threads : omp_get_max_threads();
    return t < 1 ? 1 : t;
}

typedef struct snapshot {
    cf_cost cost;
    int used, unassigned;
} snapshot;

typedef struct shared {
    const cf_par_opts *o;
    snapshot snap;
    cf_cost snap_value; /* cf_routes_value of the snapshot's solution */
    snapshot shown;     /* what the master reported last, and its value */
    cf_cost shown_value;
    double last_progress;
} shared;

/* Reports the best known to the master: the snapshot, the best of the
 * stream it is running, or what it reported before (a display only: it
 * never feeds back into a stream). */
static void report(shared *sh, const cf_routes *mine, bool force)
{
    const cf_par_opts *o = sh->o;
    double now = cf_ctx_now();
    if (!o->progress) return;
    if (!force && now - sh->last_progress < 0.25) return;
    sh->last_progress = now;
    if (sh->snap_value < sh->shown_value) {
        sh->shown = sh->snap;
        sh->shown_value = sh->snap_value;
    }
    if (mine && cf_routes_value(mine) < sh->shown_value) {
        sh->shown.cost = mine->cost + mine->f->inactive_pen;
        sh->shown.used = mine->n_used;
        sh->shown.unassigned = mine->n_unrouted + mine->f->n_inactive;
        sh->shown_value = cf_routes_value(mine);
    }
    o->progress(o->progress_ctx, "search", now - o->t_start, sh->shown.cost, sh->shown.used,
                sh->shown.unassigned);
}

static void take_snapshot(shared *sh, const cf_routes *r)
{
    sh->snap_value = cf_routes_value(r);
    sh->snap.cost = r->cost + r->f->inactive_pen;
    sh->snap.used = r->n_used;
    sh->snap.unassigned = r->n_unrouted + r->f->n_inactive;
}

static void run_epoch(cf_stream *s, long until, shared *sh)
{
    bool master = omp_get_thread_num() == 0;
    while ((s->it_total <= 0 || s->it < s->it_total) && s->it < until) {
        if (cf_ctx_halted(&s->ctx)) return;
        cf_stream_iterate(s);
        if (master) report(sh, &s->best, false);
    }
}

/* How far the search is, 0 .. 1: by the clock under a time limit, by the
 * first stream's iterations under a work limit (so that the plan does not
 * depend on the clock); -1 with neither. */
static double progress_frac(const cf_par_opts *o, const cf_stream *s0)
{
    if (o->iterations > 0) return (double)s0->it / (double)o->iterations;
    if (o->deadline > 0 && o->deadline > s0->t_begin)
        return (cf_ctx_now() - s0->t_begin) / (o->deadline - s0->t_begin);
    return -1;
}

/* At a quarter, half and three quarters of the search, the mandatory
 * orders the best plan still leaves out are placed on it by ejection
 * chains and the pool (cf_place_mandatory), between epochs, by the master
 * (so for any thread count), with the first stream's scratch; the streams
 * then adopt it.  On thousands of orders the streams' ruins place such
 * orders far more slowly than that (docs/algorithms.md).  Under a time
 * limit each takes at most half of place_share of it. */
static void place_between(const cf_fleet *f, const cf_par_opts *o, const cf_search_cfg *cfg,
                          cf_stream *s0, cf_routes *best, double *next)
{
    double frac = progress_frac(o, s0);
    if (best->mand_out == 0 || frac < *next || *next > 0.8 || cf_ctx_halted(&s0->ctx)) return;
    while (*next <= frac)
        *next += 0.25;
    double slice = o->iterations <= 0 && o->deadline > 0
                       ? 0.5 * cfg->place_share * (o->deadline - o->t_start)
                       : 0;
    cf_routes_set_penalty(best, &f->pen);
    cf_place_mandatory(best, &s0->ctx, 2, s0->tmp, s0->list, s0->ep_count, slice);
}

cf_status cf_par_search(const cf_fleet *f, const cf_routes *init, const cf_par_opts *o,
                        cf_routes *best, cf_par_result *res, cf_err *err)
{
    const cf_search_cfg *cfg = o->cfg;
    int ns = cfg->streams > 0 ? cfg->streams : 1, threads = cf_par_threads(o->threads);
    cf_stream *st = cf_calloc((size_t)ns, sizeof *st);
    cf_status rc = CF_OK;
    shared sh;
    int made = 0;
    cf_recomb rcb;
    cf_recomb *srec = cf_calloc((size_t)ns, sizeof *srec); /* each stream's pool */
    double deadline = o->deadline;

    memset(res, 0, sizeof *res);
    memset(&sh, 0, sizeof sh);
    sh.o = o;
    sh.shown_value = CF_COST_INF;
    res->threads = threads;
    memset(&rcb, 0, sizeof rcb);
    if (!st || !srec) {
        cf_free(st);
        cf_free(srec);
        return cf_err_set(err, CF_ENOMEM, "cannot allocate %d search streams", ns);
    }
    if (cfg->pool_routes > 0) {
        /* Tens of routes per order are plenty; small problems get small pools. */
        size_t cap = (size_t)cfg->pool_routes, small = 20 * (size_t)f->n + 200;
        if (cap > small) cap = small;
        if ((rc = cf_recomb_init(&rcb, f, cap, true, err)) != CF_OK) goto done;
        rcb.stop = o->stop;
        for (int i = 0; i < ns; i++)
            if ((rc = cf_recomb_init(&srec[i], f, cap / 2 + 1, false, err)) != CF_OK) goto done;
    }
    /* The recombination's share comes off the streams' time. */
    if (deadline > 0 && rcb.pool) {
        double share = cfg->sp_share * (deadline - cf_ctx_now());
        if (share > cfg->sp_max_s) share = cfg->sp_max_s;
        if (share > 0) deadline -= share;
    }

    /* Mean route cost per routed order sets the annealing's temperature
     * scale (the penalties of orders left out are not route costs: with
     * many optional orders out they would make it far too hot). */
    int routed = init->n - init->n_unrouted;
    cf_cost route_cost = 0;
    for (int v = 0; v < init->nv; v++)
        route_cost += init->ev[v].cost;
    double scale = routed > 0 ? (double)route_cost / (double)routed : 1.0;
    if (scale < 1.0) scale = 1.0;
    for (made = 0; made < ns; made++) {
        cf_stream *s = &st[made];
        if ((rc = cf_stream_init(s, f, init, cfg, o->seed, (uint64_t)made + 1, err)) != CF_OK)
            goto done;
        s->ctx.stop = o->stop;
        s->ctx.deadline = deadline;
        s->it_total = o->iterations;
        s->t_begin = cf_ctx_now();
        s->t_end = deadline;
        s->temp0 = cfg->t0_rel * scale;
        s->temp_f = cfg->tf_rel * scale;
        s->rec = srec[made].pool ? &srec[made] : NULL;
    }
    double next_place = 0.25;
    cf_routes_copy(best, init);
    take_snapshot(&sh, best);
    report(&sh, NULL, true);

    for (long epoch = 1;; epoch++) {
        long until = epoch * (cfg->epoch > 0 ? cfg->epoch : 1);
        bool running = false;
        for (int i = 0; i < ns; i++)
            running |= !st[i].ctx.halted && (o->iterations <= 0 || st[i].it < o->iterations);
        if (!running) break;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (int i = 0; i < ns; i++)
            run_epoch(&st[i], until, &sh);

        /* Serial: reduce in stream order, ties to the lower index. */
        int bi = -1;
        for (int i = 0; i < ns; i++)
            if (bi < 0 || cf_routes_value(&st[i].best) < cf_routes_value(&st[bi].best)) bi = i;
        if (cf_routes_value(&st[bi].best) < cf_routes_value(best))
            cf_routes_copy(best, &st[bi].best);
        place_between(f, o, cfg, &st[0], best, &next_place);
        if (epoch % (cfg->exchange > 0 ? cfg->exchange : 1) == 0)
            for (int i = 0; i < ns; i++)
                if (cf_routes_value(&st[i].best) > cf_routes_value(best))
                    cf_stream_adopt(&st[i], best);
        take_snapshot(&sh, best);
        report(&sh, NULL, false);
    }

    /* The streams' bests are feasible; back to the strict weights for the
     * caller (finish() inserts under them). */
    cf_routes_set_penalty(best, &f->pen);
    if (rcb.pool && !(o->stop && *o->stop)) {
        /* Under a work limit the MIP is bounded by nodes, not the clock. */
        double tl = 0;
        long nodes = o->iterations > 0 ? cfg->sp_nodes : 0;
        if (o->iterations <= 0 && o->deadline > 0) {
            tl = o->deadline - cf_ctx_now();
            if (tl < 0.05) tl = 0.05;
        }
        for (int i = 0; i < ns; i++)
            cf_recomb_merge(&rcb, &srec[i]);
        if (o->iterations > 0 || o->deadline > 0) cf_recomb_run(&rcb, best, tl, nodes);
        take_snapshot(&sh, best);
    }
    for (int i = 0; i < ns; i++) {
        res->iterations += st[i].it;
        if (st[i].ctx.halted) {
            if (o->stop && *o->stop)
                res->stopped_by_signal = 1;
            else
                res->stopped_by_time = 1;
        }
    }
done:
    for (int i = 0; i < made; i++)
        cf_stream_release(&st[i]);
    cf_free(st);
    for (int i = 0; srec && i < ns; i++)
        cf_recomb_release(&srec[i]);
    cf_free(srec);
    cf_recomb_release(&rcb);
    return rc;
}

/* Independent tasks (the coalition view's solves, coalition/coalition.c): a
 * dynamic schedule hands the next task to the next free thread; each task
 * writes only its own slot, so the caller's serial reduction in task order
 * gives the same answer for any thread count. */
void cf_par_tasks(int n_tasks, int threads, void (*run)(int task, void *ctx), void *ctx)
{
    int t = cf_par_threads(threads);
    if (t > n_tasks) t = n_tasks > 0 ? n_tasks : 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(t)
    for (int i = 0; i < n_tasks; i++)
        run(i, ctx);
}
