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
    return CF_OK;
}

bool cf_problem_can_carry_any_owner(const cf_problem *p, int v, int o)
{
    int d = p->veh_depot[v];

    if (p->order_skills[o] & ~p->veh_skills[v]) return false;
    if (!(p->depot_couriers[d] & ((uint64_t)1 << p->order_courier[o]))) return false;
    return p->order_depot[o] < 0 || p->order_depot[o] == d;
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
