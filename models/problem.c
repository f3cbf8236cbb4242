/* The immutable instance (see problem.h for the formulation). */
#include "models/problem.h"

#include <string.h>

#include "models/alloc.h"

#define CF_PI 3.14159265358979323846

cf_problem *cf_problem_create(void)
{
    cf_problem *p = cf_calloc(1, sizeof *p);
    if (!p) return NULL;
    cf_arena_init(&p->arena, 256 * 1024);
    p->road_factor = 1.3;
    p->dist_unit_km = 0.001;
    return p;
}

void cf_problem_free(cf_problem *p)
{
    if (!p) return;
    cf_arena_release(&p->arena);
    cf_free(p);
}

/* An upper bound of cf_dist over every pair of nodes, in distance units:
 * the largest matrix entry, or the diagonal of the coordinates' bounding
 * box (for lat/lon: of the unit vectors' box, a chord no pair exceeds),
 * plus one for cf_dist's rounding.  Truncation only shortens arcs. */
static double max_arc(const cf_problem *p)
{
    int n = cf_problem_n_nodes(p);
    double lo[3] = {0}, hi[3] = {0}, d2 = 0.0, km;

    if (p->mat_dist) {
        int32_t m = 0;
        for (long k = 0; k < (long)n * n; k++)
            if (p->mat_dist[k] > m) m = p->mat_dist[k];
        return (double)m;
    }
    for (int i = 0; i < n; i++) {
        double v[3] = {p->x[i], p->y[i], 0.0};
        if (p->coord_kind == CF_COORD_LATLON) {
            v[0] = p->ux[i];
            v[1] = p->uy[i];
            v[2] = p->uz[i];
        }
        for (int k = 0; k < 3; k++) {
            if (i == 0 || v[k] < lo[k]) lo[k] = v[k];
            if (i == 0 || v[k] > hi[k]) hi[k] = v[k];
        }
    }
    for (int k = 0; k < 3; k++)
        d2 += (hi[k] - lo[k]) * (hi[k] - lo[k]);
    if (p->coord_kind == CF_COORD_LATLON)
        km = 2.0 * 6371.0088 * asin(fmin(1.0, sqrt(d2) / 2.0)) * p->road_factor;
    else
        km = sqrt(d2);
    return ceil(km / p->dist_unit_km) + 1.0;
}

/* Money in currency units for messages (micro-currency in). */
static double units(double micro)
{
    return micro / CF_COST_SCALE;
}

/* The limits of cf_problem_finalize (problem.h).  Bounds are computed in
 * double: they are compared with limits far below where double loses
 * whole units, and every term is a product or sum of non-negative values. */
static cf_status check_limits(const cf_problem *p, cf_err *err)
{
    double arc = max_arc(p), travel = 0.0, per_dist = 0.0, per_hour = 0.0;
    double pen = 0.0, fixed = 0.0, wait = 0.0, service = 0.0;
    int n_routes = p->n_vehicles < p->n_orders ? p->n_vehicles : p->n_orders;

    if (!(arc <= CF_ARC_MAX)) /* also NaN, from coordinates that are not finite */
        return cf_err_set(err, CF_EINVAL,
                          "distances too long: two places are up to %.0f km apart, more than the "
                          "%.0f km the distance type holds",
                          arc * p->dist_unit_km, CF_ARC_MAX * p->dist_unit_km);
    for (int v = 0; v < p->n_vehicles; v++) {
        double t = p->mat_dur ? 0.0 : arc * p->veh_s_per_dist[v] + 1.0;
        if (!(t <= CF_TIME_INF))
            return cf_err_set(err, CF_EINVAL,
                              "vehicle '%s': at %g km/h the longest leg (%.0f km) takes %.0f "
                              "hours, more than the %d hours a time can hold; raise its speed",
                              p->veh_id[v], p->veh_speed_kmh[v], arc * p->dist_unit_km, t / 3600.0,
                              CF_TIME_INF / 3600);
        if (t > travel) travel = t;
        CF_ASSERT(p->veh_fixed_cost[v] >= 0 && p->veh_cost_per_dist[v] >= 0 &&
                  p->veh_cost_per_hour[v] >= 0);
        fixed += (double)p->veh_fixed_cost[v];
        if ((double)p->veh_cost_per_dist[v] > per_dist) per_dist = (double)p->veh_cost_per_dist[v];
        if ((double)p->veh_cost_per_hour[v] > per_hour) per_hour = (double)p->veh_cost_per_hour[v];
    }
    if (p->mat_dur) {
        int n = cf_problem_n_nodes(p);
        for (long k = 0; k < (long)n * n; k++)
            if (p->mat_dur[k] > travel) travel = p->mat_dur[k];
    }
    for (int k = 0; k < CF_DIMS; k++) {
        double sum = 0.0;
        for (int o = 0; o < p->n_orders; o++)
            sum += (double)p->order_demand[(size_t)o * CF_DIMS + (size_t)k];
        if (!(sum < (double)CF_AMOUNT_INF))
            return cf_err_set(err, CF_EINVAL,
                              "amounts too large: the orders' %s add up to %.0f %s, more than the "
                              "%.0f %s an amount can hold",
                              k == CF_DIM_WEIGHT ? "weights" : "volumes",
                              sum / (k == CF_DIM_WEIGHT ? CF_WEIGHT_SCALE : CF_VOLUME_SCALE),
                              k == CF_DIM_WEIGHT ? "kg" : "m3",
                              floor((double)CF_AMOUNT_INF /
                                    (k == CF_DIM_WEIGHT ? CF_WEIGHT_SCALE : CF_VOLUME_SCALE)),
                              k == CF_DIM_WEIGHT ? "kg" : "m3");
    }
    for (int o = 0; o < p->n_orders; o++) {
        CF_ASSERT(p->order_penalty[o] >= 0 || p->order_penalty[o] == CF_MANDATORY);
        if (p->order_penalty[o] > 0) pen += (double)p->order_penalty[o];
        if (p->order_tw_start[o] > wait) wait = p->order_tw_start[o];
        service += p->order_service[o];
    }
    {
        double arcs = (double)p->n_orders + n_routes;
        double dist = per_dist * arcs * arc;
        double hours = ((double)n_routes * wait + service + arcs * travel) / 3600.0;
        double time = per_hour * hours;
        double total = pen + fixed + dist + time;
        const char *what;
        if (total <= (double)CF_COST_LIMIT) return CF_OK;
        if (pen >= fixed && pen >= dist && pen >= time)
            what = "the orders' penalties";
        else if (fixed >= dist && fixed >= time)
            what = "the vehicles' fixed costs (or their number)";
        else if (dist >= time)
            what = "the vehicles' cost per km (or the distances)";
        else
            what = "the vehicles' cost per hour (or the durations)";
        return cf_err_set(err, CF_EINVAL,
                          "costs too large: the worst plan would cost %.0f (penalties %.0f, fixed "
                          "costs %.0f, distance %.0f, time %.0f), more than the limit of %.0f; "
                          "reduce %s, or count money in a larger unit",
                          units(total), units(pen), units(fixed), units(dist), units(time),
                          units((double)CF_COST_LIMIT), what);
    }
}

cf_status cf_problem_finalize(cf_problem *p, cf_err *err)
{
    int n = cf_problem_n_nodes(p);

    CF_ASSERT(p->n_couriers <= CF_MAX_COURIERS && p->n_skills <= CF_MAX_SKILLS);
    for (int o = 0; o < p->n_orders; o++) {
        CF_ASSERT(p->order_courier[o] >= 0 && p->order_courier[o] < p->n_couriers);
        CF_ASSERT(p->order_depot[o] >= -1 && p->order_depot[o] < p->n_depots);
    }
    for (int v = 0; v < p->n_vehicles; v++) {
        int d = p->veh_depot[v];
        CF_ASSERT(d >= 0 && d < p->n_depots);
        CF_ASSERT(p->veh_courier[v] >= -1 && p->veh_courier[v] < p->n_couriers);
        if (p->veh_shift_start[v] < p->depot_open[d]) p->veh_shift_start[v] = p->depot_open[d];
        if (p->veh_shift_end[v] > p->depot_close[d]) p->veh_shift_end[v] = p->depot_close[d];
        p->veh_s_per_dist[v] = 3600.0 * p->dist_unit_km / p->veh_speed_kmh[v];
    }
    if (p->coord_kind == CF_COORD_LATLON && !p->ux) {
        p->ux = cf_arena_calloc(&p->arena, (size_t)n, sizeof *p->ux);
        p->uy = cf_arena_calloc(&p->arena, (size_t)n, sizeof *p->uy);
        p->uz = cf_arena_calloc(&p->arena, (size_t)n, sizeof *p->uz);
        if (!p->ux || !p->uy || !p->uz)
            return cf_err_set(err, CF_ENOMEM, "cannot allocate travel tables for %d nodes", n);
        for (int i = 0; i < n; i++) {
            double lat = p->y[i] * CF_PI / 180.0, lon = p->x[i] * CF_PI / 180.0;
            p->ux[i] = cos(lat) * cos(lon);
            p->uy[i] = cos(lat) * sin(lon);
            p->uz[i] = sin(lat);
        }
    }
    return check_limits(p, err);
}

bool cf_problem_can_carry_any_owner(const cf_problem *p, int v, int o)
{
    int d = p->veh_depot[v];

    if (p->order_skills[o] & ~p->veh_skills[v]) return false;
    if (!(p->depot_couriers[d] & ((uint64_t)1 << p->order_courier[o]))) return false;
    return p->order_depot[o] < 0 || p->order_depot[o] == d;
}

/* One arena table per field of a list; the role column of vehicles is not used. */
#define ALLOC_FIELD(type, name, width, ...)                                                        \
    ok = ok && (p->name = cf_arena_calloc(&p->arena, (size_t)n * (width), sizeof(type)));

bool cf_problem_alloc_table(cf_problem *p, cf_table t, int n)
{
    bool ok = true;
    switch (t) {
    case CF_TABLE_COURIERS: CF_COURIER_FIELDS(ALLOC_FIELD) break;
    case CF_TABLE_SKILLS: CF_SKILL_FIELDS(ALLOC_FIELD) break;
    case CF_TABLE_DEPOTS: CF_DEPOT_FIELDS(ALLOC_FIELD) break;
    case CF_TABLE_ORDERS: CF_ORDER_FIELDS(ALLOC_FIELD) break;
    case CF_TABLE_VEHICLES: CF_VEHICLE_FIELDS(ALLOC_FIELD) break;
    }
    return ok;
}
#undef ALLOC_FIELD

int cf_vehicle_cmp(const cf_problem *p, int a, int b, unsigned roles)
{
#define CMP_FIELD(type, name, width, role)                                                         \
    if ((role) & roles)                                                                            \
        for (size_t k = 0; k < (size_t)(width); k++) {                                             \
            type x = p->name[(size_t)a * (width) + k];                                             \
            type y = p->name[(size_t)b * (width) + k];                                             \
            if (x != y) return x < y ? -1 : 1;                                                     \
        }
    CF_VEHICLE_FIELDS(CMP_FIELD)
#undef CMP_FIELD
    return 0;
}

void cf_vehicle_sort(const cf_problem *p, unsigned roles, int *v, int *tmp, int n)
{
    if (n < 2) return;
    int h = n / 2;
    cf_vehicle_sort(p, roles, v, tmp, h);
    cf_vehicle_sort(p, roles, v + h, tmp, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) {
        int c = cf_vehicle_cmp(p, v[i], v[j], roles);
        if (c < 0 || (c == 0 && v[i] < v[j]))
            tmp[k++] = v[i++];
        else
            tmp[k++] = v[j++];
    }
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

bool cf_problem_has_windows(const cf_problem *p)
{
    for (int o = 0; o < p->n_orders; o++)
        if (p->order_tw_start[o] > 0 || p->order_tw_end[o] < CF_TIME_INF) return true;
    return false;
}

bool cf_problem_can_carry(const cf_problem *p, int v, int o)
{
    int oc = p->order_courier[o], vc = p->veh_courier[v];

    if (!cf_problem_can_carry_any_owner(p, v, o)) return false;
    if (vc == oc) return true;
    if (p->sharing == CF_SHARING_SEPARATE) return false;
    if (!p->courier_share[oc]) return false;
    return vc < 0 || p->courier_share[vc];
}

static int find_id(char *const *ids, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0) return i;
    return -1;
}

int cf_problem_find_order(const cf_problem *p, const char *id)
{
    return find_id(p->order_id, p->n_orders, id);
}

int cf_problem_find_vehicle(const cf_problem *p, const char *id)
{
    return find_id(p->veh_id, p->n_vehicles, id);
}

int cf_problem_find_depot(const cf_problem *p, const char *id)
{
    return find_id(p->depot_id, p->n_depots, id);
}

int cf_problem_find_courier(const cf_problem *p, const char *id)
{
    return find_id(p->courier_id, p->n_couriers, id);
}
