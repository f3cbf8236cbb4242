/*
 * The independent checker (see check.h).  It walks the solution's lists
 * defensively (a malformed list is a finding, never a crash or an endless
 * loop), evaluates each route with models/eval.c and turns every amount of
 * violation into a sentence.  It re-derives rule 8 from the data to say
 * *why* a vehicle may not carry an order, and still trusts
 * cf_problem_can_carry as the definition: either refusing is a violation.
 */
#include "models/check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "models/alloc.h"
#include "models/eval.h"

void cf_violations_init(cf_violations *v)
{
    memset(v, 0, sizeof *v);
}

void cf_violations_release(cf_violations *v)
{
    for (int i = 0; i < v->len; i++)
        cf_free(v->msg[i]);
    cf_free(v->msg);
    memset(v, 0, sizeof *v);
}

void cf_violations_add(cf_violations *v, const char *fmt, ...)
{
    char buf[1024];
    char *copy;
    va_list ap;
    int keep = v->keep > 0 ? v->keep : CF_VIOLATIONS_KEEP;

    v->total++;
    if (v->len >= keep) return;
    if (v->len == v->cap) {
        int cap = v->cap ? v->cap * 2 : 16;
        char **grown = cf_reallocarray(v->msg, (size_t)cap, sizeof *grown);
        if (!grown) {
            v->oom = true;
            return;
        }
        v->msg = grown;
        v->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!(copy = cf_strdup(buf))) {
        v->oom = true;
        return;
    }
    v->msg[v->len++] = copy;
}

/* "10:41", or "10:41:07" off the minute; hours go past 24. */
static const char *clock_str(char *buf, size_t size, int64_t s)
{
    const char *sign = s < 0 ? "-" : "";
    int64_t a = s < 0 ? -s : s;
    if (a % 60)
        snprintf(buf, size, "%s%02" PRId64 ":%02" PRId64 ":%02" PRId64, sign, a / 3600, a / 60 % 60,
                 a % 60);
    else
        snprintf(buf, size, "%s%02" PRId64 ":%02" PRId64, sign, a / 3600, a / 60 % 60);
    return buf;
}

/* "9:05" or "9:05:30": a duration in hours and minutes. */
static const char *span_str(char *buf, size_t size, int64_t s)
{
    if (s % 60)
        snprintf(buf, size, "%" PRId64 ":%02" PRId64 ":%02" PRId64, s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%" PRId64 ":%02" PRId64, s / 3600, s / 60 % 60);
    return buf;
}

/* An amount in kg (3 decimals) or m3 (6 decimals), exact from integers. */
static const char *amount_str(char *buf, size_t size, cf_amount a, int dim)
{
    int64_t scale = dim == CF_DIM_WEIGHT ? 1000 : 1000000;
    const char *sign = a < 0 ? "-" : "";
    int64_t m = a < 0 ? -a : a;
    snprintf(buf, size, "%s%" PRId64 ".%0*" PRId64 " %s", sign, m / scale,
             dim == CF_DIM_WEIGHT ? 3 : 6, m % scale, dim == CF_DIM_WEIGHT ? "kg" : "m3");
    return buf;
}

static double km_of(const cf_problem *p, int64_t dist)
{
    return (double)dist * p->dist_unit_km;
}

static int order_demand_fits(const cf_problem *p, int o, int v)
{
    for (int k = 0; k < CF_DIMS; k++)
        if (p->order_demand[(size_t)o * CF_DIMS + (size_t)k] >
            p->veh_cap[(size_t)v * CF_DIMS + (size_t)k])
            return 0;
    return 1;
}

/* Whether v's DC may serve o (DC courier list and the order's fixed DC). */
static int depot_allows(const cf_problem *p, int v, int o)
{
    int d = p->veh_depot[v];
    if (!(p->depot_couriers[d] & ((uint64_t)1 << p->order_courier[o]))) return 0;
    return p->order_depot[o] < 0 || p->order_depot[o] == d;
}

/* Why v may not carry o, in words; NULL when the rules of the issue allow it. */
static const char *carry_why(const cf_problem *p, int v, int o, char *buf, size_t size)
{
    int d = p->veh_depot[v], oc = p->order_courier[o], vc = p->veh_courier[v];
    uint32_t missing = p->order_skills[o] & ~p->veh_skills[v];

    if (missing) {
        int sk = 0;
        while (!(missing & (1u << sk)))
            sk++;
        snprintf(buf, size, "it lacks skill '%s'", p->skill_name[sk]);
        return buf;
    }
    if (!(p->depot_couriers[d] & ((uint64_t)1 << oc))) {
        snprintf(buf, size, "DC '%s' does not serve courier '%s'", p->depot_id[d],
                 p->courier_id[oc]);
        return buf;
    }
    if (p->order_depot[o] >= 0 && p->order_depot[o] != d) {
        snprintf(buf, size, "the order is fixed to DC '%s'", p->depot_id[p->order_depot[o]]);
        return buf;
    }
    if (vc == oc) return NULL;
    if (p->sharing == CF_SHARING_SEPARATE) {
        snprintf(buf, size, "sharing is separate and the vehicle %s%s%s",
                 vc < 0 ? "is shared fleet" : "belongs to courier '",
                 vc < 0 ? "" : p->courier_id[vc], vc < 0 ? "" : "'");
        return buf;
    }
    if (!p->courier_share[oc]) {
        snprintf(buf, size, "courier '%s' does not share (share=no)", p->courier_id[oc]);
        return buf;
    }
    if (vc >= 0 && !p->courier_share[vc]) {
        snprintf(buf, size, "its owner '%s' does not share (share=no)", p->courier_id[vc]);
        return buf;
    }
    return NULL;
}

static void check_route(const cf_problem *p, int v, const cf_route_eval *r, const cf_stop_eval *st,
                        cf_violations *out)
{
    const char *vid = p->veh_id[v];
    int d = r->depot;
    char b1[64], b2[64], why[256];

    for (int i = 1; i <= r->n_orders; i++) {
        int o = st[i].order;
        if (st[i].start_s > p->order_tw_end[o])
            cf_violations_add(out,
                              "vehicle '%s': order '%s' starts at %s after its window ends at %s",
                              vid, p->order_id[o], clock_str(b1, sizeof b1, st[i].start_s),
                              clock_str(b2, sizeof b2, p->order_tw_end[o]));
        if (carry_why(p, v, o, why, sizeof why) || !cf_problem_can_carry(p, v, o)) {
            if (!carry_why(p, v, o, why, sizeof why))
                snprintf(why, sizeof why, "cf_problem_can_carry refuses it");
            cf_violations_add(out, "vehicle '%s': may not carry order '%s': %s", vid,
                              p->order_id[o], why);
        }
    }
    if (r->return_late_s > 0) {
        if (p->veh_shift_end[v] <= p->depot_close[d])
            cf_violations_add(out, "vehicle '%s': returns at %s after its shift ends at %s", vid,
                              clock_str(b1, sizeof b1, r->return_s),
                              clock_str(b2, sizeof b2, p->veh_shift_end[v]));
        else
            cf_violations_add(out, "vehicle '%s': returns at %s after DC '%s' closes at %s", vid,
                              clock_str(b1, sizeof b1, r->return_s), p->depot_id[d],
                              clock_str(b2, sizeof b2, p->depot_close[d]));
    }
    if (r->early_s > 0) {
        if (p->veh_shift_start[v] >= p->depot_open[d])
            cf_violations_add(out, "vehicle '%s': leaves at %s before its shift starts at %s", vid,
                              clock_str(b1, sizeof b1, r->t0),
                              clock_str(b2, sizeof b2, p->veh_shift_start[v]));
        else
            cf_violations_add(out, "vehicle '%s': leaves at %s before DC '%s' opens at %s", vid,
                              clock_str(b1, sizeof b1, r->t0), p->depot_id[d],
                              clock_str(b2, sizeof b2, p->depot_open[d]));
    }
    if (r->t0_not_minute)
        cf_violations_add(out, "vehicle '%s': leaves at %s, not on a whole minute", vid,
                          clock_str(b1, sizeof b1, r->t0));
    if (r->duration_over_s > 0)
        cf_violations_add(out, "vehicle '%s': route lasts %s, over its max duration of %s", vid,
                          span_str(b1, sizeof b1, r->duration_s),
                          span_str(b2, sizeof b2, p->veh_max_duration[v]));
    if (r->dist_over > 0)
        cf_violations_add(out,
                          "vehicle '%s': route covers %.3f km, over its max distance of %.3f km",
                          vid, km_of(p, r->dist), km_of(p, p->veh_max_dist[v]));
    for (int k = 0; k < CF_DIMS; k++)
        if (r->cap_over[k] > 0)
            cf_violations_add(
                out, "vehicle '%s': load %s over its capacity %s", vid,
                amount_str(b1, sizeof b1, r->load[k], k),
                amount_str(b2, sizeof b2, p->veh_cap[(size_t)v * CF_DIMS + (size_t)k], k));
}

/* The route's cost: it must fit cf_cost and not be negative (a problem
 * built past the limits of problem.h, or with negative costs, could make
 * either happen; the loaders refuse both, and the checker does not rely on
 * that).  The terms are shown in currency units, computed in double. */
static void check_route_cost(const cf_problem *p, int v, const cf_route_eval *r, cf_violations *out)
{
    double fixed = (double)p->veh_fixed_cost[v] / CF_COST_SCALE;
    double dist = (double)p->veh_cost_per_dist[v] * (double)r->dist / CF_COST_SCALE;
    double time =
        (double)p->veh_cost_per_hour[v] * ((double)r->duration_s / 3600.0) / CF_COST_SCALE;
    if (r->cost_overflow)
        cf_violations_add(out,
                          "vehicle '%s': route cost %.6g does not fit the cost type (fixed %.6g, "
                          "distance %.6g, time %.6g)",
                          p->veh_id[v], fixed + dist + time, fixed, dist, time);
    else if (r->cost < 0)
        cf_violations_add(out,
                          "vehicle '%s': route cost %.2f is negative (fixed %.2f, distance %.2f, "
                          "time %.2f)",
                          p->veh_id[v], (double)r->cost / CF_COST_SCALE, fixed, dist, time);
}

/* The objective: routes plus the penalties of unrouted optional orders,
 * summed with overflow checks. */
static void check_total_cost(const cf_problem *p, cf_cost routes, bool over, const int *reached,
                             cf_violations *out)
{
    cf_cost pen = 0, total;
    double pen_d = 0.0;
    for (int o = 0; o < p->n_orders; o++)
        if (reached[o] < 0 && p->order_penalty[o] >= 0) {
            pen = cf_cost_add(pen, p->order_penalty[o], &over);
            pen_d += (double)p->order_penalty[o];
        }
    total = cf_cost_add(routes, pen, &over);
    if (over)
        cf_violations_add(out,
                          "the plan's cost does not fit the cost type (penalties of unrouted "
                          "orders %.6g, routes %.6g)",
                          pen_d / CF_COST_SCALE, (double)routes / CF_COST_SCALE);
    else if (total < 0)
        cf_violations_add(out, "the plan's cost %.2f is negative (penalties %.2f, routes %.2f)",
                          (double)total / CF_COST_SCALE, (double)pen / CF_COST_SCALE,
                          (double)routes / CF_COST_SCALE);
}

static int64_t floor_minute(int64_t t)
{
    int64_t q = t / 60;
    if (t % 60 != 0 && t < 0) q--;
    return q * 60;
}

/* Whether v could serve o on a route of its own without breaking a time
 * rule (2)-(6), and with_dist: the distance rule too.  Two whole-minute
 * departures are tried, the earliest its shift and DC allow and the latest
 * that reaches o by the start of its window (the least waiting); if either
 * works, o is reachable, whatever the solver's screening said. */
static int alone_ok(const cf_problem *p, int v, int o, int with_dist)
{
    int d = p->veh_depot[v];
    int64_t start =
        p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
    int64_t t0[2];
    t0[0] = -floor_minute(-start);
    t0[1] = floor_minute((int64_t)p->order_tw_start[o] -
                         cf_travel_s(p, v, d, cf_order_node(p, o)));
    for (int i = 0; i < 2; i++) {
        cf_route_eval r;
        if (i == 1 && t0[1] <= t0[0]) break;
        cf_eval_route(p, v, &o, 1, t0[i], &r, NULL);
        if (r.n_late == 0 && r.return_late_s == 0 && r.early_s == 0 && !r.t0_not_minute &&
            r.duration_over_s == 0 && (!with_dist || r.dist_over == 0))
            return 1;
    }
    return 0;
}

/* Whether DC d has room for o's demand on top of load[] (its routed demand). */
static int dc_has_room(const cf_problem *p, const cf_amount *dc_load, int d, int o)
{
    for (int k = 0; k < CF_DIMS; k++)
        if (dc_load[(size_t)d * CF_DIMS + (size_t)k] +
                p->order_demand[(size_t)o * CF_DIMS + (size_t)k] >
            p->depot_cap[(size_t)d * CF_DIMS + (size_t)k])
            return 0;
    return 1;
}

/* A vehicle that proves the reason of unassigned order o false, or -1.  The
 * reasons are filters over the vehicles, each stricter than the one before:
 * the first filter a vehicle passes beyond the reason's own refutes it. */
static int reason_counterexample(const cf_problem *p, int o, int reason, const cf_amount *dc_load)
{
    for (int v = 0; v < p->n_vehicles; v++) {
        if (!depot_allows(p, v, o)) continue;
        if (reason == CF_REASON_NO_ALLOWED_DEPOT) return v;
        if (p->order_skills[o] & ~p->veh_skills[v]) continue;
        if (reason == CF_REASON_NO_VEHICLE_WITH_SKILLS) return v;
        if (!cf_problem_can_carry(p, v, o)) continue;
        if (reason == CF_REASON_SHARING_RULES) return v;
        if (!order_demand_fits(p, o, v)) continue;
        if (reason == CF_REASON_OVER_VEHICLE_CAPACITY) return v;
        if (!alone_ok(p, v, o, 0)) continue;
        if (reason == CF_REASON_TIME_WINDOW_UNREACHABLE) return v;
        if (!alone_ok(p, v, o, 1)) continue;
        if (reason == CF_REASON_MAX_DISTANCE) return v;
        if (!dc_has_room(p, dc_load, p->veh_depot[v], o)) continue;
        if (reason == CF_REASON_DEPOT_CAPACITY) return v;
    }
    return -1;
}

static const char *counter_text(int reason)
{
    switch (reason) {
    case CF_REASON_NO_ALLOWED_DEPOT:
        return "is based at a DC allowed for it";
    case CF_REASON_NO_VEHICLE_WITH_SKILLS:
        return "has every skill it needs at a DC allowed for it";
    case CF_REASON_SHARING_RULES:
        return "may carry it under the sharing rules";
    case CF_REASON_OVER_VEHICLE_CAPACITY:
        return "may carry it and has room for it";
    case CF_REASON_TIME_WINDOW_UNREACHABLE:
        return "could serve it in its window on a route of its own";
    case CF_REASON_MAX_DISTANCE:
        return "could serve it on a route of its own within every limit";
    default:
        return "could serve it, and its DC has room for it in this plan";
    }
}

/* Half a cent: an extra cost read back from a plan has two decimals. */
#define EXTRA_TOLERANCE 5000

/* The cheapest insertion of unassigned order o into s that this checker can
 * find: every position of every route, and every unused vehicle, with the
 * route leaving at its planned time or at the earliest it may; rules 1-9
 * kept.  An upper bound on the true cheapest insertion (the solver also
 * moves the departure), so a value below what the plan claims proves the
 * claim false.  NO_INSERTION when none is found. */
#define NO_INSERTION INT64_MAX
static cf_cost cheapest_insertion(const cf_problem *p, const cf_solution *s, int o,
                                  const cf_amount *dc_load, int *buf, int *trial)
{
    cf_cost best = NO_INSERTION;
    for (int v = 0; v < p->n_vehicles; v++) {
        int d = p->veh_depot[v];
        int len = cf_eval_route_orders(s, v, buf, s->n_orders);
        int64_t start =
            p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
        int64_t t0s[2] = {s->depart_s[v], -floor_minute(-start)};
        cf_route_eval old;
        if (len < 0 || !cf_problem_can_carry(p, v, o) || !dc_has_room(p, dc_load, d, o)) continue;
        cf_eval_route(p, v, buf, len, s->depart_s[v], &old, NULL);
        for (int at = 0; at <= len; at++) {
            for (int i = 0, j = 0; i <= len; i++)
                trial[i] = i == at ? o : buf[j++];
            for (int k = len == 0 ? 1 : 0; k < 2; k++) {
                cf_route_eval r;
                bool ok = true;
                cf_eval_route(p, v, trial, len + 1, t0s[k], &r, NULL);
                ok = r.n_late == 0 && r.return_late_s == 0 && r.early_s == 0 && !r.t0_not_minute &&
                     r.duration_over_s == 0 && r.dist_over == 0 && r.n_not_carriable == 0;
                for (int q = 0; q < CF_DIMS; q++)
                    ok = ok && r.cap_over[q] == 0;
                if (ok && r.cost - old.cost < best) best = r.cost - old.cost;
            }
        }
    }
    return best;
}

/* The claims of an unassigned order's reason (models/solution.h). */
static void check_reason(const cf_problem *p, const cf_solution *s, int o,
                         const cf_amount *dc_load, int *buf, int *trial, cf_violations *out)
{
    const char *oid = p->order_id[o];
    int rs = s->reason[o];
    cf_cost pen = p->order_penalty[o], extra = s->extra_cost ? s->extra_cost[o] : -1;
    if (rs == CF_REASON_NOT_PLACED_IN_TIME) return; /* a statement about the search */
    if (rs != CF_REASON_PENALTY_BELOW_COST) {
        int w = reason_counterexample(p, o, rs, dc_load);
        if (w >= 0)
            cf_violations_add(out, "order '%s' is unassigned as '%s', but vehicle '%s' %s", oid,
                              cf_reason_str((cf_reason)rs), p->veh_id[w], counter_text(rs));
        return;
    }
    if (pen < 0) {
        cf_violations_add(out, "mandatory order '%s' is unassigned as 'penalty_below_cost'", oid);
        return;
    }
    if (extra < 0) {
        cf_violations_add(out, "order '%s' is unassigned as 'penalty_below_cost' with no extra cost",
                          oid);
        return;
    }
    if (extra + EXTRA_TOLERANCE < pen) {
        cf_violations_add(out,
                          "order '%s' is unassigned as 'penalty_below_cost', but its extra cost "
                          "%.2f is below its penalty %.2f",
                          oid, (double)extra / CF_COST_SCALE, (double)pen / CF_COST_SCALE);
        return;
    }
    {
        cf_cost c = cheapest_insertion(p, s, o, dc_load, buf, trial);
        if (c != NO_INSERTION && c < pen)
            cf_violations_add(out,
                              "order '%s' is unassigned as 'penalty_below_cost', but an insertion "
                              "adds only %.2f, below its penalty %.2f",
                              oid, (double)c / CF_COST_SCALE, (double)pen / CF_COST_SCALE);
        else if (c != NO_INSERTION && c + EXTRA_TOLERANCE < extra)
            cf_violations_add(out,
                              "order '%s': extra cost %.2f written, but an insertion adds only "
                              "%.2f",
                              oid, (double)extra / CF_COST_SCALE, (double)c / CF_COST_SCALE);
    }
}

static void check_orders(const cf_problem *p, const cf_solution *s, const int *reached,
                         const cf_amount *dc_load, int *buf, int *trial, cf_violations *out)
{
    for (int o = 0; o < p->n_orders; o++) {
        const char *oid = p->order_id[o];
        int sv = s->vehicle[o], rs = s->reason[o];

        if (reached[o] >= 0) {
            const char *on = p->veh_id[reached[o]];
            if (sv != reached[o]) {
                if (sv >= 0 && sv < p->n_vehicles)
                    cf_violations_add(
                        out, "order '%s' is on vehicle '%s''s route but its vehicle is '%s'", oid,
                        on, p->veh_id[sv]);
                else
                    cf_violations_add(out,
                                      "order '%s' is on vehicle '%s''s route but its vehicle is %d",
                                      oid, on, sv);
            }
            if (rs != CF_REASON_NONE)
                cf_violations_add(out, "order '%s' is routed on vehicle '%s' but has reason '%s'",
                                  oid, on, cf_reason_str((cf_reason)rs));
            continue;
        }
        if (s->next[o] != -1)
            cf_violations_add(out, "order '%s' is on no route but links to a next order", oid);
        if (sv != -1) {
            if (sv >= 0 && sv < p->n_vehicles)
                cf_violations_add(out, "order '%s' names vehicle '%s' but is not on its route", oid,
                                  p->veh_id[sv]);
            else
                cf_violations_add(out, "order '%s' names vehicle %d, out of range", oid, sv);
        }
        if (rs >= CF_REASON_COUNT)
            cf_violations_add(out, "order '%s' is unassigned with unknown reason code %d", oid, rs);
        else if (rs == CF_REASON_NONE)
            cf_violations_add(out, "%s order '%s' is unassigned without a reason",
                              p->order_penalty[o] < 0 ? "mandatory" : "optional", oid);
        else
            check_reason(p, s, o, dc_load, buf, trial, out);
    }
}

cf_status cf_solution_check_all(const cf_problem *p, const cf_solution *s, cf_violations *out,
                                cf_err *err)
{
    int n = p->n_orders;
    long before = out->total;
    int first_idx = out->len;
    int *reached = NULL, *buf = NULL, *trial = NULL;
    cf_stop_eval *stops = NULL;
    cf_amount *dc_load = NULL;
    cf_cost routes_cost = 0;
    bool routes_over = false;
    cf_status rc = CF_OK;

    if (s->n_orders != p->n_orders || s->n_vehicles != p->n_vehicles)
        return cf_err_set(err, CF_EINVAL,
                          "solution sized for %d orders and %d vehicles, problem has %d and %d",
                          s->n_orders, s->n_vehicles, p->n_orders, p->n_vehicles);
    reached = cf_calloc((size_t)n, sizeof *reached);
    buf = cf_calloc((size_t)n + 1, sizeof *buf);
    trial = cf_calloc((size_t)n + 1, sizeof *trial);
    stops = cf_calloc((size_t)n + 2, sizeof *stops);
    dc_load = cf_calloc((size_t)p->n_depots * CF_DIMS, sizeof *dc_load);
    if (!reached || !buf || !trial || !stops || !dc_load) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate the checker's scratch for %d orders", n);
        goto done;
    }
    for (int o = 0; o < n; o++)
        reached[o] = -1;

    for (int v = 0; v < p->n_vehicles; v++) {
        const char *vid = p->veh_id[v];
        int len = 0;
        cf_route_eval r;

        if (s->first[v] == -1) continue;
        for (int o = s->first[v]; o != -1; o = s->next[o]) {
            if (o < 0 || o >= n) {
                cf_violations_add(out, "vehicle '%s': route links to order index %d, out of range",
                                  vid, o);
                break;
            }
            if (reached[o] == v) {
                cf_violations_add(out, "vehicle '%s': route comes back to order '%s' (a cycle)",
                                  vid, p->order_id[o]);
                break;
            }
            if (reached[o] >= 0) {
                cf_violations_add(out, "order '%s' is on the routes of both '%s' and '%s'",
                                  p->order_id[o], p->veh_id[reached[o]], vid);
                break;
            }
            reached[o] = v;
            buf[len++] = o;
        }
        if (len == 0) continue;
        cf_eval_route(p, v, buf, len, s->depart_s[v], &r, stops);
        check_route(p, v, &r, stops, out);
        check_route_cost(p, v, &r, out);
        routes_over |= r.cost_overflow;
        routes_cost = cf_cost_add(routes_cost, r.cost, &routes_over);
        for (int k = 0; k < CF_DIMS; k++)
            dc_load[(size_t)r.depot * CF_DIMS + (size_t)k] += r.load[k];
    }
    check_total_cost(p, routes_cost, routes_over, reached, out);

    for (int d = 0; d < p->n_depots; d++)
        for (int k = 0; k < CF_DIMS; k++) {
            cf_amount cap = p->depot_cap[(size_t)d * CF_DIMS + (size_t)k];
            cf_amount got = dc_load[(size_t)d * CF_DIMS + (size_t)k];
            char b1[64], b2[64];
            if (got > cap)
                cf_violations_add(out, "DC '%s': routed %s over its capacity %s", p->depot_id[d],
                                  amount_str(b1, sizeof b1, got, k),
                                  amount_str(b2, sizeof b2, cap, k));
        }
    /* Reasons speak of the plan as routed (DC loads, routes): last. */
    check_orders(p, s, reached, dc_load, buf, trial, out);

    if (out->total > before) {
        if (out->len > first_idx)
            rc = cf_err_set(err, CF_EINFEAS, "%ld violations, first: %s", out->total - before,
                            out->msg[first_idx]);
        else
            rc = cf_err_set(err, CF_EINFEAS, "%ld violations", out->total - before);
    }
    if (out->oom && rc == CF_OK) rc = cf_err_set(err, CF_ENOMEM, "cannot store violation messages");
done:
    cf_free(reached);
    cf_free(buf);
    cf_free(trial);
    cf_free(stops);
    cf_free(dc_load);
    return rc;
}

cf_status cf_solution_check(const cf_problem *p, const cf_solution *s, cf_err *err)
{
    cf_violations v;
    cf_status rc;

    cf_violations_init(&v);
    v.keep = 1;
    rc = cf_solution_check_all(p, s, &v, err);
    if (rc == CF_EINFEAS) {
        if (v.len > 0)
            cf_err_set(err, CF_EINFEAS, "%s", v.msg[0]);
        else
            cf_err_set(err, CF_EINFEAS, "%ld violations (out of memory for their messages)",
                       v.total);
    }
    cf_violations_release(&v);
    return rc;
}
