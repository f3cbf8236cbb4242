/* Key figures of a solution (see kpi.h): one eval per used vehicle, summed
 * into the groups in integers; only ratios are floating point. */
#include "models/kpi.h"

#include <string.h>

#include "models/alloc.h"
#include "models/eval.h"

double cf_kpi_load_factor(const cf_problem *p, int v, const cf_amount *load)
{
    double best = 0.0;
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount cap = p->veh_cap[(size_t)v * CF_DIMS + (size_t)k];
        if (cap <= 0 || cap >= CF_AMOUNT_INF) continue;
        double f = (double)load[k] / (double)cap;
        if (f > best) best = f;
    }
    return best;
}

/* Costs are summed saturating (models/eval.h): a problem or plan past the
 * limits of problem.h sets *over rather than wrapping. */
static void fleet_add(cf_kpi_fleet *f, const cf_route_eval *r, double lf, bool *over)
{
    f->vehicles_used++;
    f->dist += r->dist;
    f->route_s += r->duration_s;
    f->cost_fixed = cf_cost_add(f->cost_fixed, r->cost_fixed, over);
    f->cost_dist = cf_cost_add(f->cost_dist, r->cost_dist, over);
    f->cost_time = cf_cost_add(f->cost_time, r->cost_time, over);
    f->cost = cf_cost_add(f->cost, r->cost, over);
    f->load_factor_sum += lf;
}

static void fleet_finish(cf_kpi_fleet *f)
{
    f->mean_load_factor = f->vehicles_used ? f->load_factor_sum / f->vehicles_used : 0.0;
}

static void orders_add(const cf_problem *p, cf_kpi_orders *g, int o, int served, bool *over)
{
    g->orders++;
    if (served) {
        g->served++;
        for (int k = 0; k < CF_DIMS; k++)
            g->served_amount[k] += p->order_demand[(size_t)o * CF_DIMS + (size_t)k];
    } else {
        g->unassigned++;
        if (p->order_penalty[o] < 0)
            g->mandatory_unassigned++;
        else
            g->penalty = cf_cost_add(g->penalty, p->order_penalty[o], over);
    }
}

void cf_kpi_release(cf_kpi *k)
{
    cf_free(k->courier_fleet);
    cf_free(k->courier_orders);
    cf_free(k->depot);
    memset(k, 0, sizeof *k);
}

cf_status cf_kpi_compute(const cf_problem *p, const cf_solution *s, double co2_kg_per_km, cf_kpi *k,
                         cf_err *err)
{
    int *buf = NULL;
    unsigned char *routed = NULL;
    cf_status rc = CF_OK;

    memset(k, 0, sizeof *k);
    k->n_couriers = p->n_couriers;
    k->n_depots = p->n_depots;
    k->co2_kg_per_km = co2_kg_per_km;
    k->courier_fleet = cf_calloc((size_t)p->n_couriers, sizeof *k->courier_fleet);
    k->courier_orders = cf_calloc((size_t)p->n_couriers, sizeof *k->courier_orders);
    k->depot = cf_calloc((size_t)p->n_depots, sizeof *k->depot);
    buf = cf_calloc((size_t)p->n_orders, sizeof *buf);
    routed = cf_calloc((size_t)p->n_orders, sizeof *routed);
    if (!k->courier_fleet || !k->courier_orders || !k->depot || !buf || !routed) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate the KPI tables");
        goto done;
    }

    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval r;
        int n = cf_eval_route_orders(s, v, buf, p->n_orders);
        int vc = p->veh_courier[v];
        double lf;

        if (n < 0) {
            rc = cf_err_set(err, CF_EINVAL, "vehicle '%s': malformed route list", p->veh_id[v]);
            goto done;
        }
        if (n == 0) continue;
        cf_eval_route(p, v, buf, n, s->depart_s[v], &r, NULL);
        lf = cf_kpi_load_factor(p, v, r.load);
        k->cost_overflow |= r.cost_overflow;
        fleet_add(&k->fleet, &r, lf, &k->cost_overflow);
        fleet_add(vc >= 0 ? &k->courier_fleet[vc] : &k->shared, &r, lf, &k->cost_overflow);
        fleet_add(&k->depot[r.depot].fleet, &r, lf, &k->cost_overflow);
        for (int i = 0; i < n; i++) {
            orders_add(p, &k->depot[r.depot].orders, buf[i], 1, &k->cost_overflow);
            routed[buf[i]] = 1;
        }
    }
    for (int o = 0; o < p->n_orders; o++) {
        /* Served means on a route's list, whatever s->vehicle says (the
         * checker reports when the two disagree). */
        int served = routed[o];
        orders_add(p, &k->orders, o, served, &k->cost_overflow);
        orders_add(p, &k->courier_orders[p->order_courier[o]], o, served, &k->cost_overflow);
    }

    fleet_finish(&k->fleet);
    fleet_finish(&k->shared);
    for (int c = 0; c < p->n_couriers; c++)
        fleet_finish(&k->courier_fleet[c]);
    for (int d = 0; d < p->n_depots; d++) {
        cf_kpi_depot *g = &k->depot[d];
        fleet_finish(&g->fleet);
        for (int j = 0; j < CF_DIMS; j++) {
            cf_amount cap = p->depot_cap[(size_t)d * CF_DIMS + (size_t)j];
            g->utilisation[j] = cap > 0 && cap < CF_AMOUNT_INF
                                    ? (double)g->orders.served_amount[j] / (double)cap
                                    : -1.0;
        }
        g->fixed_cost = g->fleet.vehicles_used ? p->depot_fixed_cost[d] : 0;
        k->depot_fixed_cost = cf_cost_add(k->depot_fixed_cost, g->fixed_cost, &k->cost_overflow);
    }
    k->cost = cf_cost_add(k->fleet.cost, k->orders.penalty, &k->cost_overflow);
    k->km = (double)k->fleet.dist * p->dist_unit_km;
    k->co2_kg = k->km * co2_kg_per_km;
done:
    cf_free(buf);
    cf_free(routed);
    return rc;
}
