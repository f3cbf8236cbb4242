/*
 * From-scratch route evaluation (see eval.h): a straight walk over the
 * route applying equations (1)-(4) of models/problem.h, then each rule.
 * Deliberately naive, O(route length), no caches: it is the yardstick the
 * solver's O(1) move evaluation is measured against.
 */
#include "models/eval.h"

#include <string.h>

/* per_hour * duration_s / 3600 rounded half away from zero, split as
 * q * d + (r * d + 1800) / 3600 so that any real duration stays far from
 * overflow; beyond that (data past the limits of problem.h), saturated with
 * *over set. */
static cf_cost time_cost(cf_cost per_hour, int64_t duration_s, bool *over)
{
    bool neg = (per_hour < 0) != (duration_s < 0), o = false;
    if (per_hour == 0 || duration_s == 0) return 0;
    if (per_hour == INT64_MIN || duration_s == INT64_MIN) { /* no positive twin */
        *over = true;
        return neg ? INT64_MIN : INT64_MAX;
    }
    int64_t c = per_hour < 0 ? -per_hour : per_hour;
    int64_t d = duration_s < 0 ? -duration_s : duration_s;
    int64_t q = c / 3600, r = c % 3600;
    int64_t mag =
        cf_cost_add(cf_cost_mul(q, d, &o), cf_cost_add(cf_cost_mul(r, d, &o), 1800, &o) / 3600, &o);
    if (o) {
        *over = true;
        mag = INT64_MAX;
    }
    return neg ? -mag : mag;
}

cf_cost cf_eval_time_cost(cf_cost per_hour, int64_t duration_s)
{
    bool over = false;
    return time_cost(per_hour, duration_s, &over);
}

void cf_eval_route(const cf_problem *p, int v, const int *orders, int n, int64_t t0,
                   cf_route_eval *r, cf_stop_eval *stops)
{
    int d = p->veh_depot[v];
    int node = d;
    int64_t t = t0, dist = 0;
    cf_amount load[CF_DIMS] = {0};

    memset(r, 0, sizeof *r);
    r->vehicle = v;
    r->depot = d;
    r->n_orders = n;
    r->t0 = t0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < CF_DIMS; k++)
            load[k] += p->order_demand[(size_t)orders[i] * CF_DIMS + (size_t)k];
    memcpy(r->load, load, sizeof load);

    if (stops) {
        stops[0].order = -1;
        stops[0].arrival_s = stops[0].start_s = stops[0].depart_s = t0;
        stops[0].dist = 0;
        memcpy(stops[0].load, load, sizeof load);
    }
    for (int i = 0; i < n; i++) {
        int o = orders[i], nd = cf_order_node(p, o);
        int64_t a, b, f;

        dist += cf_dist(p, node, nd);
        a = t + cf_travel_s(p, v, node, nd);                     /* (1) */
        b = a > p->order_tw_start[o] ? a : p->order_tw_start[o]; /* (2) */
        f = b + p->order_service[o];                             /* (3) */
        if (b > p->order_tw_end[o]) {
            r->n_late++;
            r->late_s += b - p->order_tw_end[o];
        }
        if (!cf_problem_can_carry(p, v, o)) r->n_not_carriable++; /* (8) */
        for (int k = 0; k < CF_DIMS; k++)
            load[k] -= p->order_demand[(size_t)o * CF_DIMS + (size_t)k];
        if (stops) {
            cf_stop_eval *st = &stops[i + 1];
            st->order = o;
            st->arrival_s = a;
            st->start_s = b;
            st->depart_s = f;
            st->dist = dist;
            memcpy(st->load, load, sizeof load);
        }
        t = f;
        node = nd;
    }
    if (n > 0) {
        dist += cf_dist(p, node, d);
        t += cf_travel_s(p, v, node, d); /* (4) */
    }
    if (stops) {
        cf_stop_eval *st = &stops[n + 1];
        st->order = -1;
        st->arrival_s = st->start_s = st->depart_s = t;
        st->dist = dist;
        memset(st->load, 0, sizeof st->load);
    }
    r->return_s = t;
    r->duration_s = t - t0;
    r->dist = dist;
    if (n == 0) return; /* an unused vehicle: no cost, nothing to break */

    {
        int64_t end =
            p->veh_shift_end[v] < p->depot_close[d] ? p->veh_shift_end[v] : p->depot_close[d];
        int64_t start =
            p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
        if (t > end) r->return_late_s = t - end; /* (4) */
        if (t0 < start) r->early_s = start - t0; /* (5) */
        r->t0_not_minute = t0 % 60 != 0;
    }
    if (p->veh_max_duration[v] < CF_TIME_INF && r->duration_s > p->veh_max_duration[v])
        r->duration_over_s = r->duration_s - p->veh_max_duration[v]; /* (6) */
    if (p->veh_max_dist[v] < CF_DIST_INF && dist > p->veh_max_dist[v])
        r->dist_over = dist - p->veh_max_dist[v];
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount cap = p->veh_cap[(size_t)v * CF_DIMS + (size_t)k];
        if (r->load[k] > cap) r->cap_over[k] = r->load[k] - cap; /* (7) */
    }

    r->cost_fixed = p->veh_fixed_cost[v];
    r->cost_dist = cf_cost_mul(p->veh_cost_per_dist[v], dist, &r->cost_overflow);
    r->cost_time = time_cost(p->veh_cost_per_hour[v], r->duration_s, &r->cost_overflow);
    r->cost = cf_cost_add(cf_cost_add(r->cost_fixed, r->cost_dist, &r->cost_overflow), r->cost_time,
                          &r->cost_overflow);
}

int cf_eval_route_orders(const cf_solution *s, int v, int *orders, int cap)
{
    int n = 0;
    if (v < 0 || v >= s->n_vehicles) return -1;
    for (int o = s->first[v]; o != -1; o = s->next[o]) {
        /* More than n_orders steps means a cycle; cap bounds the walk too. */
        if (o < 0 || o >= s->n_orders || n >= cap || n >= s->n_orders) return -1;
        orders[n++] = o;
    }
    return n;
}
