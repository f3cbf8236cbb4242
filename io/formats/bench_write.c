/*
 * Solution writers in CVRPLIB (.sol) and Cordeau (.res) style (see
 * bench_write.h).  Distances and durations come from the from-scratch route
 * evaluation (models/eval.h), so that what we print is what the checker
 * recomputes.
 */
#include "io/formats/bench_write.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/plan/atomic.h"
#include "models/alloc.h"
#include "models/eval.h"
#include "models/kpi.h"

int64_t cf_bench_dist_units(const cf_problem *p, const cf_solution *s)
{
    int64_t total = 0;

    if (s->n_orders != p->n_orders || s->n_vehicles != p->n_vehicles) return -1;
    for (int v = 0; v < p->n_vehicles; v++) {
        int node = p->veh_depot[v], steps = 0;
        if (s->first[v] < 0) continue;
        for (int o = s->first[v]; o != -1; o = s->next[o]) {
            if (o < 0 || o >= p->n_orders || ++steps > p->n_orders) return -1;
            total += cf_dist(p, node, cf_order_node(p, o));
            node = cf_order_node(p, o);
        }
        total += cf_dist(p, node, p->veh_depot[v]);
    }
    return total;
}

double cf_bench_cost(const cf_problem *p, const cf_solution *s)
{
    int64_t d;
    if (p->bench_scale > 0) { /* the objective, from scratch (models/kpi.h) */
        cf_kpi k;
        cf_err err;
        double c = NAN;
        if (cf_kpi_compute(p, s, 0.0, &k, &err) == CF_OK)
            c = (double)k.cost / CF_COST_SCALE * p->bench_scale;
        cf_kpi_release(&k);
        return c;
    }
    d = cf_bench_dist_units(p, s);
    return d < 0 ? NAN : (double)d * p->dist_unit_km;
}

int cf_bench_cost_decimals(const cf_problem *p)
{
    if (p->bench_scale > 0) return p->bench_decimals;
    return p->dist_unit_km == 1.0 ? 0 : 2;
}

typedef struct wctx {
    const cf_problem *p;
    const cf_solution *s;
    int *orders; /* [n_orders] scratch */
} wctx;

/* Whole instance units (CVRPLIB): an integer; else 2 decimals. */
static void print_cost(FILE *f, const cf_problem *p, int64_t dist)
{
    if (p->dist_unit_km == 1.0)
        fprintf(f, "%" PRId64, dist);
    else
        fprintf(f, "%.2f", (double)dist * p->dist_unit_km);
}

static cf_status malformed(cf_err *err, const cf_problem *p, int v)
{
    return cf_err_set(err, CF_EINVAL, "vehicle '%s': malformed route list", p->veh_id[v]);
}

/* One "Route #k:" line with vehicle v's customers (v < 0: none). */
static cf_status route_line(FILE *f, wctx *c, int k, int v, int64_t *dist, cf_err *err)
{
    const cf_problem *p = c->p;
    int n = v < 0 ? 0 : cf_eval_route_orders(c->s, v, c->orders, p->n_orders);
    cf_route_eval r;
    if (n < 0) return malformed(err, p, v);
    if (n > 0) {
        cf_eval_route(p, v, c->orders, n, c->s->depart_s[v], &r, NULL);
        *dist += r.dist;
    }
    fprintf(f, "Route #%d:", k);
    for (int i = 0; i < n; i++)
        fprintf(f, " %s", p->order_id[c->orders[i]]);
    fputc('\n', f);
    return CF_OK;
}

static cf_status fill_sol(FILE *f, void *ctx, cf_err *err)
{
    wctx *c = ctx;
    const cf_problem *p = c->p;
    int k = 0;
    int64_t dist = 0;
    cf_status rc;

    if (p->bench_vehicles > 0) {
        /* Route #r is the file's vehicle r, empty or not (PyVRP's files). */
        for (int row = 0; row < p->bench_vehicles; row++) {
            int v = -1;
            for (int w = 0; w < p->n_vehicles && v < 0; w++)
                if (p->veh_row[w] == row) v = w;
            if ((rc = route_line(f, c, row + 1, v, &dist, err)) != CF_OK) return rc;
        }
    } else {
        for (int v = 0; v < p->n_vehicles; v++) {
            if (c->s->first[v] < 0) continue;
            if ((rc = route_line(f, c, ++k, v, &dist, err)) != CF_OK) return rc;
        }
    }
    if (p->bench_scale > 0) {
        double cost = cf_bench_cost(p, c->s);
        if (!isfinite(cost))
            return cf_err_set(err, CF_ENOMEM, "cannot compute the objective of the solution");
        fprintf(f, "Cost: %.*f\n", p->bench_decimals, cost);
        return CF_OK;
    }
    fputs("Cost ", f);
    print_cost(f, p, dist);
    fputc('\n', f);
    return CF_OK;
}

static cf_status fill_res(FILE *f, void *ctx, cf_err *err)
{
    wctx *c = ctx;
    const cf_problem *p = c->p;
    int64_t dist = cf_bench_dist_units(p, c->s);

    if (dist < 0) return cf_err_set(err, CF_EINVAL, "malformed route lists");
    fprintf(f, "%.2f\n", (double)dist * p->dist_unit_km);
    for (int v = 0; v < p->n_vehicles; v++) {
        int n = cf_eval_route_orders(c->s, v, c->orders, p->n_orders), d = p->veh_depot[v], j = 1;
        cf_route_eval r;
        cf_amount load;
        double dur;

        if (n < 0) return malformed(err, p, v);
        if (n == 0) continue;
        for (int w = 0; w < v; w++)
            j += p->veh_depot[w] == d;
        cf_eval_route(p, v, c->orders, n, c->s->depart_s[v], &r, NULL);
        /* seconds -> distance-equivalent time units -> instance units */
        dur = (double)r.duration_s / p->veh_s_per_dist[v] * p->dist_unit_km;
        load = r.load[CF_DIM_WEIGHT];
        fprintf(f, "%d   %d   %.2f   ", d + 1, j, dur);
        if (load % 1000 == 0)
            fprintf(f, "%" PRId64, (int64_t)(load / 1000));
        else
            fprintf(f, "%.3f", (double)load / CF_WEIGHT_SCALE);
        fputs("   0", f);
        for (int i = 0; i < n; i++)
            fprintf(f, " %s", p->order_id[c->orders[i]]);
        fputs(" 0\n", f);
    }
    return CF_OK;
}

static cf_status write_with(const char *path, const cf_problem *p, const cf_solution *s,
                            cf_status (*fill)(FILE *, void *, cf_err *), cf_err *err)
{
    wctx c = {p, s, NULL};
    cf_status rc;

    if (s->n_orders != p->n_orders || s->n_vehicles != p->n_vehicles)
        return cf_err_set(err, CF_EINVAL, "%s: solution not sized for problem '%s'", path, p->name);
    if (!(c.orders = cf_calloc((size_t)p->n_orders + 1, sizeof *c.orders)))
        return cf_err_set(err, CF_ENOMEM, "%s: out of memory", path);
    rc = cf_atomic_write_file(path, fill, &c, err);
    cf_free(c.orders);
    return rc;
}

cf_status cf_bench_write_sol(const char *path, const cf_problem *p, const cf_solution *s,
                             cf_err *err)
{
    return write_with(path, p, s, fill_sol, err);
}

cf_status cf_bench_write_res(const char *path, const cf_problem *p, const cf_solution *s,
                             cf_err *err)
{
    return write_with(path, p, s, fill_res, err);
}

cf_status cf_bench_write_solution(const char *dir, cf_bench_format fmt, const cf_problem *p,
                                  const cf_solution *s, cf_err *err)
{
    char path[4096];
    const char *file = fmt == CF_BENCH_CORDEAU ? "solution.res" : "solution.sol";

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path)
        return cf_err_set(err, CF_EINVAL, "path too long: '%s'", dir);
    if (fmt == CF_BENCH_CORDEAU) return cf_bench_write_res(path, p, s, err);
    return cf_bench_write_sol(path, p, s, err);
}
