/*
 * A small problem built by hand in C, for the checker and plan I/O tests
 * (tests/test_check.c, tests/test_plan_io.c): figures chosen so that every
 * time, distance and cost can be computed on paper.
 *
 * Plane coordinates in km, distance unit the metre, every vehicle at
 * 60 km/h: 1 km = 60 s.  Money: 1 currency unit = 1e6 micro.
 *
 *   couriers  A (share), B (share), C (share=no)          skills: cold, alcohol
 *   depots    north (0,0)  06:00-20:00, cap 100 kg / unlimited, all couriers
 *             south (0,-10) 06:00-20:00, unlimited, courier A only
 *   orders    o0 A (3,4)  10 kg 0.1 m3  08:00-09:00  10 min  mandatory
 *             o1 A (3,0)  20 kg 0.2 m3  any time      5 min  mandatory
 *             o2 B (0,3)   5 kg 0.05    any time      0      needs cold
 *             o3 C (6,8)   1 kg 0.01    any time      0      optional, penalty 50
 *             o4 A (0,-7)  2 kg 0.02    any time      0      fixed to south
 *             o5 B (4,3)   3 kg 0.03    any time      0
 *             o6 A (1,1)   1 kg 0.001   any time      0      needs alcohol (no vehicle has it)
 *             o7 A (2,2) 1000 kg 0.1    any time      0      optional, penalty 7
 *   vehicles  vanA  A  north  50 kg 1 m3    fixed 100, 1/km, 20/h, shift 07:00-19:00
 *             vanB  B  north  30 kg 0.5 m3  fixed 80, 2/km, 0/h, cold
 *             pool  -  north  40 kg 0.4 m3  fixed 50, 1/km, 10/h
 *             vanS  A  south  40 kg 1 m3    fixed 60, 1/km, 0/h
 */
#ifndef CF_TESTS_HANDMADE_H
#define CF_TESTS_HANDMADE_H

#include <string.h>

#include "models/problem.h"
#include "models/solution.h"
#include "tests/builder.h"

#define HM_H(h, m) ((int32_t)((h)*3600 + (m)*60))
#define HM_MONEY(x) ((cf_cost)((x)*1000000.0))

enum { HM_O0, HM_O1, HM_O2, HM_O3, HM_O4, HM_O5, HM_O6, HM_O7 };
enum { HM_VANA, HM_VANB, HM_POOL, HM_VANS };

static inline char *hm_str(cf_problem *p, const char *s)
{
    return cf_arena_strdup(&p->arena, s);
}

static inline cf_problem *hm_problem(void)
{
    static const struct {
        const char *id;
        int courier;
        double x, y, kg, m3;
        int tw_start, tw_end, service_min;
        uint32_t skills;
        double penalty; /* < 0: mandatory */
        int depot;
    } ord[] = {
        {"o0", 0, 3, 4, 10, 0.1, HM_H(8, 0), HM_H(9, 0), 10, 0, -1, -1},
        {"o1", 0, 3, 0, 20, 0.2, 0, CF_TIME_INF, 5, 0, -1, -1},
        {"o2", 1, 0, 3, 5, 0.05, 0, CF_TIME_INF, 0, 1, -1, -1},
        {"o3", 2, 6, 8, 1, 0.01, 0, CF_TIME_INF, 0, 0, 50, -1},
        {"o4", 0, 0, -7, 2, 0.02, 0, CF_TIME_INF, 0, 0, -1, 1},
        {"o5", 1, 4, 3, 3, 0.03, 0, CF_TIME_INF, 0, 0, -1, -1},
        {"o6", 0, 1, 1, 1, 0.001, 0, CF_TIME_INF, 0, 2, -1, -1},
        {"o7", 0, 2, 2, 1000, 0.1, 0, CF_TIME_INF, 0, 0, 7, -1},
    };
    static const struct {
        const char *id;
        int courier, depot;
        double kg, m3, fixed, per_km, per_hour;
        int32_t shift_start, shift_end;
        uint32_t skills;
    } veh[] = {
        {"vanA", 0, 0, 50, 1, 100, 1, 20, HM_H(7, 0), HM_H(19, 0), 0},
        {"vanB", 1, 0, 30, 0.5, 80, 2, 0, 0, CF_TIME_INF, 1},
        {"pool", -1, 0, 40, 0.4, 50, 1, 10, 0, CF_TIME_INF, 0},
        {"vanS", 0, 1, 40, 1, 60, 1, 0, 0, CF_TIME_INF, 0},
    };
    const int no = 8, nv = 4, nd = 2, nc = 3;
    cf_problem *p = tb_problem("handmade", nd, no, nv, nc, 2);
    cf_err err;

    if (!p) return NULL;
    for (int c = 0; c < nc; c++) {
        char id[2] = {(char)('A' + c), 0};
        p->courier_id[c] = hm_str(p, id);
        p->courier_name[c] = hm_str(p, c == 0 ? "Alpha" : c == 1 ? "Beta" : "Gamma");
        p->courier_share[c] = c != 2;
    }
    for (int d = 0; d < nd; d++) {
        p->depot_id[d] = hm_str(p, d == 0 ? "north" : "south");
        p->depot_name[d] = hm_str(p, d == 0 ? "North DC" : "South DC");
        p->depot_open[d] = HM_H(6, 0);
        p->depot_close[d] = HM_H(20, 0);
        p->depot_cap[d * CF_DIMS + CF_DIM_WEIGHT] = d == 0 ? 100000 : CF_AMOUNT_INF;
        p->depot_fixed_cost[d] = HM_MONEY(d == 0 ? 500 : 300);
        p->depot_couriers[d] = d == 0 ? 7u : 1u;
        p->x[d] = 0;
        p->y[d] = d == 0 ? 0 : -10;
    }
    for (int o = 0; o < no; o++) {
        p->order_id[o] = hm_str(p, ord[o].id);
        p->order_courier[o] = ord[o].courier;
        p->x[nd + o] = ord[o].x;
        p->y[nd + o] = ord[o].y;
        p->order_demand[o * CF_DIMS + CF_DIM_WEIGHT] = (cf_amount)(ord[o].kg * 1000 + 0.5);
        p->order_demand[o * CF_DIMS + CF_DIM_VOLUME] = (cf_amount)(ord[o].m3 * 1e6 + 0.5);
        p->order_tw_start[o] = ord[o].tw_start;
        p->order_tw_end[o] = ord[o].tw_end;
        p->order_service[o] = ord[o].service_min * 60;
        p->order_skills[o] = ord[o].skills;
        p->order_penalty[o] = ord[o].penalty < 0 ? CF_MANDATORY : HM_MONEY(ord[o].penalty);
        p->order_depot[o] = ord[o].depot;
    }
    for (int v = 0; v < nv; v++) {
        p->veh_id[v] = hm_str(p, veh[v].id);
        p->veh_courier[v] = veh[v].courier;
        p->veh_depot[v] = veh[v].depot;
        p->veh_cap[v * CF_DIMS + CF_DIM_WEIGHT] = (cf_amount)(veh[v].kg * 1000 + 0.5);
        p->veh_cap[v * CF_DIMS + CF_DIM_VOLUME] = (cf_amount)(veh[v].m3 * 1e6 + 0.5);
        p->veh_fixed_cost[v] = HM_MONEY(veh[v].fixed);
        p->veh_cost_per_dist[v] = (cf_cost)(veh[v].per_km * 1000); /* micro per metre */
        p->veh_cost_per_hour[v] = HM_MONEY(veh[v].per_hour);
        p->veh_shift_start[v] = veh[v].shift_start;
        p->veh_shift_end[v] = veh[v].shift_end;
        p->veh_skills[v] = veh[v].skills;
    }
    if (cf_problem_finalize(p, &err) != CF_OK) {
        cf_problem_free(p);
        return NULL;
    }
    return p;
}

/* The reference solution, every cost worked out on paper:
 *   vanA leaves north 08:00 with o0, o1: 5 km to o0 (08:05, done 08:15), 4 km to o1
 *     (08:19, done 08:24), 3 km home (08:27).  12 km, 27 min:
 *     100 + 12 x 1 + 20 x 0.45 = 121.00
 *   vanB leaves north 07:00 with o2, o5: 3 km to o2 (07:03), 4 km to o5 (07:07), 5 km home
 *     (07:12).  12 km: 80 + 2 x 12 = 104.00
 *   vanS leaves south 06:00 with o4: 3 km, 3 km back (06:06): 60 + 6 = 66.00
 *   o3 (optional, 50; courier C shares with no one: sharing_rules) and o7 (optional, 7;
 *   1000 kg: over_vehicle_capacity) unassigned: 57.00; o6 (mandatory) needs alcohol,
 *   which no vehicle has: no_vehicle_with_skills, no penalty.   Total 348.00. */
static inline void hm_solution(cf_solution *s)
{
    int a[] = {HM_O0, HM_O1}, b[] = {HM_O2, HM_O5}, c[] = {HM_O4};
    cf_solution_clear(s);
    cf_solution_set_route(s, HM_VANA, a, 2, HM_H(8, 0));
    cf_solution_set_route(s, HM_VANB, b, 2, HM_H(7, 0));
    cf_solution_set_route(s, HM_VANS, c, 1, HM_H(6, 0));
    s->reason[HM_O3] = CF_REASON_SHARING_RULES;
    s->reason[HM_O6] = CF_REASON_NO_VEHICLE_WITH_SKILLS;
    s->reason[HM_O7] = CF_REASON_OVER_VEHICLE_CAPACITY;
}

#define HM_TOTAL_COST HM_MONEY(348)

#endif
