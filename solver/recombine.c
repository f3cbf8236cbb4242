/*
 * Route pool and set-partitioning recombination inside the search (see
 * recombine.h).  The conversion between the search's routes and plans is
 * the only work here; the pool and the MIP are solver/pool.c and sp.c.
 */
#include "solver/recombine.h"

#include <string.h>

#include "models/alloc.h"
#include "solver/sp.h"

cf_status cf_recomb_init(cf_recomb *rc, const cf_fleet *f, size_t max_routes, bool solves,
                         cf_err *err)
{
    cf_status s;
    memset(rc, 0, sizeof *rc);
    rc->f = f;
    rc->buf = cf_calloc(2 * (size_t)f->n + 2, sizeof *rc->buf);
    if (!rc->buf) return cf_err_set(err, CF_ENOMEM, "cannot allocate the route pool's buffers");
    if ((s = cf_pool_create(f->p, max_routes, &rc->pool, err)) != CF_OK ||
        (solves && (s = cf_solution_init(&rc->inc, f->p, err)) != CF_OK) ||
        (solves && (s = cf_solution_init(&rc->out, f->p, err)) != CF_OK)) {
        cf_recomb_release(rc);
        return s;
    }
    return CF_OK;
}

void cf_recomb_release(cf_recomb *rc)
{
    cf_pool_free(rc->pool);
    if (rc->inc.first) cf_solution_release(&rc->inc);
    if (rc->out.first) cf_solution_release(&rc->out);
    cf_free(rc->buf);
    memset(rc, 0, sizeof *rc);
}

void cf_recomb_collect(cf_recomb *rc, const cf_routes *r, uint64_t since)
{
    cf_err err;
    if (!rc->pool) return;
    for (int v = 0; v < r->nv; v++) {
        int n = 0;
        if (r->len[v] == 0 || r->stamp[v] <= since || !r->ev[v].feasible) continue;
        for (int o = r->first[v]; o >= 0; o = r->next[o])
            rc->buf[n++] = o;
        (void)cf_pool_add(rc->pool, v, rc->buf, n, &err); /* a route refused is just not pooled */
        rc->added++;
    }
}

void cf_recomb_merge(cf_recomb *rc, const cf_recomb *from)
{
    cf_err err;
    if (!rc->pool || !from->pool) return;
    for (size_t slot = 0; slot < cf_pool_capacity(from->pool); slot++) {
        cf_pool_route pr;
        if (!cf_pool_route_at(from->pool, slot, &pr)) continue;
        (void)cf_pool_add(rc->pool, pr.vehicle, pr.orders, pr.n, &err);
        rc->added++;
    }
}

bool cf_recomb_run(cf_recomb *rc, cf_routes *best, double time_limit_s, long node_limit)
{
    const cf_fleet *f = rc->f;
    cf_routes tmp;
    cf_err err;
    cf_cost cost;
    bool better = false;

    if (!rc->pool || !rc->inc.first || !cf_routes_feasible(best)) return false;
    cf_routes_export(best, &rc->inc, rc->buf);
    for (int o = 0; o < best->n; o++)
        if (best->route[o] < 0) rc->inc.reason[o] = CF_REASON_NOT_PLACED_IN_TIME;
    if (cf_pool_recombine(rc->pool, &rc->inc, time_limit_s, node_limit, rc->stop, &rc->out, &cost,
                          &err) != CF_OK)
        return false;
    if (cf_routes_init(&tmp, f, &err) != CF_OK) return false;
    /* Orders the search screened out are not the MIP's to route. */
    bool ok = true;
    for (int o = 0; o < best->n && ok; o++)
        ok = f->active[o] || rc->out.vehicle[o] < 0;
    if (ok && cf_routes_import(&tmp, &rc->out, rc->buf) &&
        cf_routes_value(&tmp) < cf_routes_value(best)) {
        cf_routes_touch_all(&tmp, 0);
        cf_routes_copy(best, &tmp);
        better = true;
    }
    cf_routes_release(&tmp);
    return better;
}
