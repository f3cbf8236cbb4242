/*
 * Problems built by hand in C for the tests: tb_problem() allocates every
 * array of a cf_problem and fills it with plain defaults, the test changes
 * what it needs and calls cf_problem_finalize.  One builder, so that a new
 * field of cf_problem is defaulted in one place.
 *
 * Defaults: plane coordinates in km, distance unit the metre, every vehicle
 * at 60 km/h (1 km = 60 s), money in micro-currency.
 *   couriers  "c0".. sharing     skills   "cold", "alcohol", "skill2"..
 *   depots    "dc0".. at (0,0), open all day, unlimited, every courier
 *   orders    "o0".. at (0,0), courier 0, 1 kg 1000 cm3, no window, no
 *             service, mandatory, any DC
 *   vehicles  "v0".. shared, at DC 0, 1000 kg, unlimited volume, 1 per km,
 *             shift 00:00-24:00, no duration or distance limit
 */
#ifndef CF_TESTS_BUILDER_H
#define CF_TESTS_BUILDER_H

#include <stdbool.h>
#include <stdio.h>

#include "models/problem.h"

#define TB_H(h, m) ((int32_t)((h)*3600 + (m)*60))
#define TB_MONEY(x) ((cf_cost)((x)*1000000.0 + 0.5))

/* fmt with i into the problem's arena ("o%d", 3 -> "o3"); NULL when full. */
static inline char *tb_str(cf_problem *p, const char *fmt, int i)
{
    char buf[64];
    snprintf(buf, sizeof buf, fmt, i);
    return cf_arena_strdup(&p->arena, buf);
}

#define TB_ALLOC(p, field, n, ok)                                                                  \
    ((ok) = ((p)->field = cf_arena_calloc(&(p)->arena, (size_t)(n) + 1, sizeof *(p)->field)) &&  \
            (ok))

/* A problem of nd depots, no orders, nv vehicles, nc couriers and ns skills
 * with the defaults above, not finalized; NULL when out of memory. */
static inline cf_problem *tb_problem(const char *name, int nd, int no, int nv, int nc, int ns)
{
    static const char *const skills[] = {"cold", "alcohol"};
    cf_problem *p = cf_problem_create();
    bool ok = true;
    int nn = nd + no;

    if (!p) return NULL;
    p->name = cf_arena_strdup(&p->arena, name);
    p->n_depots = nd;
    p->n_orders = no;
    p->n_vehicles = nv;
    p->n_couriers = nc;
    p->n_skills = ns;
    p->coord_kind = CF_COORD_PLANE;
    p->dist_unit_km = 0.001;
    p->sharing = CF_SHARING_POOLED;
    TB_ALLOC(p, x, nn, ok);
    TB_ALLOC(p, y, nn, ok);
    ok = cf_problem_alloc_table(p, CF_TABLE_COURIERS, nc) && ok;
    ok = cf_problem_alloc_table(p, CF_TABLE_SKILLS, ns) && ok;
    ok = cf_problem_alloc_table(p, CF_TABLE_DEPOTS, nd) && ok;
    ok = cf_problem_alloc_table(p, CF_TABLE_ORDERS, no) && ok;
    ok = cf_problem_alloc_table(p, CF_TABLE_VEHICLES, nv) && ok;
    if (!ok || !p->name) goto fail;

    for (int c = 0; c < nc; c++) {
        if (!(p->courier_id[c] = p->courier_name[c] = tb_str(p, "c%d", c))) goto fail;
        p->courier_share[c] = true;
    }
    for (int s = 0; s < ns; s++)
        if (!(p->skill_name[s] = tb_str(p, s < 2 ? skills[s] : "skill%d", s))) goto fail;
    for (int d = 0; d < nd; d++) {
        if (!(p->depot_id[d] = p->depot_name[d] = tb_str(p, "dc%d", d))) goto fail;
        p->depot_close[d] = TB_H(24, 0);
        p->depot_cap[d * CF_DIMS + CF_DIM_WEIGHT] = CF_AMOUNT_INF;
        p->depot_cap[d * CF_DIMS + CF_DIM_VOLUME] = CF_AMOUNT_INF;
        p->depot_couriers[d] = ~(uint64_t)0;
    }
    for (int o = 0; o < no; o++) {
        if (!(p->order_id[o] = tb_str(p, "o%d", o))) goto fail;
        p->order_demand[o * CF_DIMS + CF_DIM_WEIGHT] = 1000;
        p->order_demand[o * CF_DIMS + CF_DIM_VOLUME] = 1000;
        p->order_tw_end[o] = CF_TIME_INF;
        p->order_penalty[o] = CF_MANDATORY;
        p->order_depot[o] = -1;
    }
    for (int v = 0; v < nv; v++) {
        if (!(p->veh_id[v] = tb_str(p, "v%d", v))) goto fail;
        p->veh_row[v] = v;
        p->veh_courier[v] = -1;
        p->veh_cap[v * CF_DIMS + CF_DIM_WEIGHT] = 1000000;
        p->veh_cap[v * CF_DIMS + CF_DIM_VOLUME] = CF_AMOUNT_INF;
        p->veh_cost_per_dist[v] = 1000; /* 1 per km */
        p->veh_shift_end[v] = TB_H(24, 0);
        p->veh_max_duration[v] = CF_TIME_INF;
        p->veh_max_dist[v] = CF_DIST_INF;
        p->veh_speed_kmh[v] = 60.0;
    }
    return p;
fail:
    cf_problem_free(p);
    return NULL;
}

#endif
