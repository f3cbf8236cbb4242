/* solver/assign: the screening reasons, each in a case built for it and
 * cross-checked by brute force over departure minutes; the depot MIP (nearest
 * DC, capacity splits, fixed DCs, courier lists, priority under shortfall);
 * clusters for large n; determinism; out of memory. */
#include <criterion/criterion.h>
#include <string.h>

#include "models/alloc.h"
#include "models/solution.h"
#include "solver/assign.h"
#include "tests/builder.h"

/* ---- a small problem builder (plane coordinates in km, distances in metres) */

#define NOLIMIT 0
#define HM(h, m) ((h)*3600 + (m)*60)

typedef struct tdepot {
    double x, y;
    int open, close;   /* seconds; close 0: 24:00 */
    double cap_kg;     /* 0: unlimited */
    uint64_t couriers; /* 0: all */
} tdepot;

typedef struct torder {
    int courier;
    double x, y, kg;
    int tw_start, tw_end; /* tw_end 0: none */
    int service;
    uint32_t skills;
    double penalty; /* 0: mandatory; else currency units */
    int depot;      /* fixed DC + 1; 0: any */
} torder;

typedef struct tveh {
    int courier; /* owner + 1; 0: shared fleet */
    int depot;
    double cap_kg; /* 0: 1000 */
    uint32_t skills;
    int shift_start, shift_end; /* 0: the DC's hours */
    int max_dur;                /* seconds, 0: none */
    double max_km;              /* 0: none */
    double speed_kmh;           /* 0: 60 */
    int count;                  /* 0: 1 */
    double cost_km;             /* 0: 1 */
} tveh;

typedef struct tspec {
    const tdepot *dep;
    int nd;
    const torder *ord;
    int no;
    const tveh *veh;
    int nv;
    int n_couriers; /* 0: 2 */
    cf_sharing sharing;
    uint64_t no_share; /* bit c: courier c has share=no */
} tspec;

static cf_problem *build(const tspec *s)
{
    int nd = s->nd, no = s->no, nv = 0, nc = s->n_couriers ? s->n_couriers : 2;
    cf_problem *p;
    cf_err err;
    char buf[32];

    for (int i = 0; i < s->nv; i++)
        nv += s->veh[i].count ? s->veh[i].count : 1;
    p = tb_problem("test", nd, no, nv, nc, 4);
    cr_assert_not_null(p);
    p->sharing = s->sharing;
    for (int c = 0; c < nc; c++)
        p->courier_share[c] = !((s->no_share >> c) & 1u);
    for (int k = 0; k < 4; k++)
        p->skill_name[k] = tb_str(p, "skill%d", k);
    for (int d = 0; d < nd; d++) {
        const tdepot *t = &s->dep[d];
        p->x[d] = t->x;
        p->y[d] = t->y;
        p->depot_open[d] = t->open;
        p->depot_close[d] = t->close ? t->close : HM(24, 0);
        p->depot_cap[d * CF_DIMS + 0] =
            t->cap_kg > 0 ? (cf_amount)(t->cap_kg * 1000) : CF_AMOUNT_INF;
        p->depot_couriers[d] = t->couriers ? t->couriers : ~(uint64_t)0;
    }
    for (int o = 0; o < no; o++) {
        const torder *t = &s->ord[o];
        p->order_courier[o] = t->courier;
        p->x[nd + o] = t->x;
        p->y[nd + o] = t->y;
        p->order_demand[o * CF_DIMS + 0] = (cf_amount)(t->kg * 1000);
        p->order_demand[o * CF_DIMS + 1] = 0;
        p->order_tw_start[o] = t->tw_start;
        p->order_tw_end[o] = t->tw_end ? t->tw_end : CF_TIME_INF;
        p->order_service[o] = t->service;
        p->order_skills[o] = t->skills;
        p->order_penalty[o] = t->penalty > 0 ? (cf_cost)(t->penalty * 1e6) : CF_MANDATORY;
        p->order_depot[o] = t->depot - 1;
    }
    for (int i = 0, v = 0; i < s->nv; i++) {
        const tveh *t = &s->veh[i];
        int cnt = t->count ? t->count : 1;
        for (int c = 0; c < cnt; c++, v++) {
            snprintf(buf, sizeof buf, "v%d#%d", i, c + 1);
            p->veh_id[v] = cf_arena_strdup(&p->arena, buf);
            p->veh_row[v] = i;
            p->veh_courier[v] = t->courier - 1;
            p->veh_depot[v] = t->depot;
            p->veh_cap[v * CF_DIMS + 0] = (cf_amount)((t->cap_kg ? t->cap_kg : 1000) * 1000);
            p->veh_cost_per_dist[v] = (cf_cost)((t->cost_km ? t->cost_km : 1) * 1e6 / 1000);
            p->veh_shift_start[v] = t->shift_start;
            p->veh_shift_end[v] = t->shift_end ? t->shift_end : HM(24, 0);
            p->veh_max_duration[v] = t->max_dur ? t->max_dur : CF_TIME_INF;
            p->veh_max_dist[v] = t->max_km > 0 ? (int64_t)(t->max_km * 1000) : CF_DIST_INF;
            p->veh_speed_kmh[v] = t->speed_kmh ? t->speed_kmh : 60;
            p->veh_skills[v] = t->skills;
        }
    }
    cr_assert_eq(cf_problem_finalize(p, &err), CF_OK, "%s", err.msg);
    return p;
}

/* ---- helpers ------------------------------------------------------------ */

static void screen(const cf_problem *p, uint8_t *reason)
{
    cf_screen_orders(p, reason);
}

static void assign(const cf_problem *p, double tl, int *dep, uint8_t *reason)
{
    cf_err err;
    memset(reason, 0, (size_t)p->n_orders);
    cr_assert_eq(cf_assign_depots(p, NULL, tl, dep, reason, &err), CF_OK, "%s", err.msg);
}

static void assert_reason(const uint8_t *reason, int o, cf_reason want)
{
    cr_assert_eq(reason[o], want, "order %d: got %s, want %s", o, cf_reason_str(reason[o]),
                 cf_reason_str(want));
}

/* Rule 9 in exact integers, every placed order on a DC it may use. */
static void assert_valid(const cf_problem *p, const int *dep, const uint8_t *reason)
{
    cf_amount load[64][CF_DIMS] = {{0}};
    for (int o = 0; o < p->n_orders; o++) {
        if (dep[o] < 0) {
            cr_assert_neq(reason[o], CF_REASON_NONE, "order %d unplaced without a reason", o);
            continue;
        }
        cr_assert_eq(reason[o], CF_REASON_NONE);
        cr_assert(p->order_depot[o] < 0 || p->order_depot[o] == dep[o]);
        cr_assert((p->depot_couriers[dep[o]] >> p->order_courier[o]) & 1u);
        for (int k = 0; k < CF_DIMS; k++)
            load[dep[o]][k] += p->order_demand[o * CF_DIMS + k];
    }
    for (int d = 0; d < p->n_depots; d++)
        for (int k = 0; k < CF_DIMS; k++)
            cr_assert_leq(load[d][k], p->depot_cap[d * CF_DIMS + k], "dc %d dim %d over", d, k);
}

/* Whether vehicle v can serve o alone leaving at some whole minute: rules
 * (1)-(7) walked by brute force over every departure minute of the day. */
static bool brute_alone(const cf_problem *p, int v, int o)
{
    int d = p->veh_depot[v], node = cf_order_node(p, o);
    int64_t start =
        p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
    int64_t end = p->veh_shift_end[v] < p->depot_close[d] ? p->veh_shift_end[v] : p->depot_close[d];
    int64_t dist = (int64_t)cf_dist(p, d, node) + cf_dist(p, node, d);
    if (!cf_problem_can_carry(p, v, o)) return false;
    for (int k = 0; k < CF_DIMS; k++)
        if (p->order_demand[o * CF_DIMS + k] > p->veh_cap[v * CF_DIMS + k]) return false;
    if (p->veh_max_dist[v] < CF_DIST_INF && dist > p->veh_max_dist[v]) return false;
    for (int64_t t0 = (start + 59) / 60 * 60; t0 <= end; t0 += 60) {
        int64_t a = t0 + cf_travel_s(p, v, d, node);
        int64_t b = a > p->order_tw_start[o] ? a : p->order_tw_start[o];
        int64_t T = b + p->order_service[o] + cf_travel_s(p, v, node, d);
        if (b > p->order_tw_end[o] || T > end) continue;
        if (p->veh_max_duration[v] < CF_TIME_INF && T - t0 > p->veh_max_duration[v]) continue;
        return true;
    }
    return false;
}

static void assert_screen_matches_brute_force(const cf_problem *p, const uint8_t *reason)
{
    for (int o = 0; o < p->n_orders; o++) {
        bool any = false;
        for (int v = 0; v < p->n_vehicles && !any; v++)
            any = brute_alone(p, v, o);
        if (reason[o] == CF_REASON_NONE || reason[o] == CF_REASON_DEPOT_CAPACITY)
            cr_assert(any, "order %d: %s but no vehicle can serve it", o, cf_reason_str(reason[o]));
        else
            cr_assert(!any, "order %d: %s but some vehicle can serve it", o,
                      cf_reason_str(reason[o]));
    }
}

/* ---- screening ---------------------------------------------------------- */

static const tdepot two_dcs[] = {{.x = 0, .y = 0}, {.x = 10, .y = 0}};

Test(screen, no_allowed_depot)
{
    tdepot dep[] = {{.couriers = 1u << 1}, {.x = 10, .couriers = 1u << 1}};
    torder ord[] = {
        {.courier = 0, .x = 1, .kg = 1},             /* no DC takes courier 0 */
        {.courier = 1, .x = 1, .kg = 1},             /* fine */
        {.courier = 1, .x = 1, .kg = 1, .depot = 2}, /* fixed DC 1: fine */
    };
    tveh veh[] = {{.depot = 0}};
    tspec s = {.dep = dep, .nd = 2, .ord = ord, .no = 3, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    uint8_t reason[3];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_NO_ALLOWED_DEPOT);
    assert_reason(reason, 1, CF_REASON_NONE);
    /* Fixed to DC 1, where no vehicle is based: nothing based at an allowed DC. */
    assert_reason(reason, 2, CF_REASON_NO_ALLOWED_DEPOT);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

Test(screen, fixed_depot_that_refuses_the_courier)
{
    tdepot dep[] = {{.couriers = 1u << 1}, {.x = 10}};
    torder ord[] = {{.courier = 0, .x = 1, .kg = 1, .depot = 1}, {.courier = 0, .x = 1, .kg = 1}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = dep, .nd = 2, .ord = ord, .no = 2, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    uint8_t reason[2];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_NO_ALLOWED_DEPOT);
    assert_reason(reason, 1, CF_REASON_NONE);
    cf_problem_free(p);
}

Test(screen, no_vehicle_with_skills)
{
    torder ord[] = {{.x = 1, .kg = 1, .skills = 1u << 2}, {.x = 1, .kg = 1, .skills = 1u << 1}};
    tveh veh[] = {{.depot = 0, .skills = 1u << 1}, {.depot = 1, .skills = 1u << 3}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 2, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    uint8_t reason[2];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_NO_VEHICLE_WITH_SKILLS);
    assert_reason(reason, 1, CF_REASON_NONE);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

Test(screen, sharing_rules_separate_and_share_no)
{
    torder ord[] = {
        {.courier = 2, .x = 1, .kg = 1},                    /* courier 2 owns no van */
        {.courier = 0, .x = 1, .kg = 1, .skills = 1u << 1}, /* needs courier 1's cold van */
        {.courier = 0, .x = 1, .kg = 1},                    /* fine */
    };
    tveh veh[] = {{.courier = 1, .depot = 0}, {.courier = 2, .depot = 1, .skills = 1u << 1}};
    tspec sep = {.dep = two_dcs,
                 .nd = 2,
                 .ord = ord,
                 .no = 3,
                 .veh = veh,
                 .nv = 2,
                 .n_couriers = 3,
                 .sharing = CF_SHARING_SEPARATE};
    torder ord2[] = {{.courier = 1, .x = 1, .kg = 1}};
    tveh veh2[] = {{.courier = 1, .depot = 0}};
    tspec pooled_no = {.dep = two_dcs,
                       .nd = 2,
                       .ord = ord2,
                       .no = 1,
                       .veh = veh2,
                       .nv = 1,
                       .sharing = CF_SHARING_POOLED,
                       .no_share = 1u << 1};
    cf_problem *p = build(&sep);
    uint8_t reason[3];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_SHARING_RULES);
    assert_reason(reason, 1, CF_REASON_SHARING_RULES);
    assert_reason(reason, 2, CF_REASON_NONE);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);

    p = build(&pooled_no); /* courier 1 has share=no: courier 0's van may not carry it */
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_SHARING_RULES);
    cf_problem_free(p);
}

Test(screen, over_vehicle_capacity_and_precedence)
{
    torder ord[] = {
        {.x = 1, .kg = 1500},                   /* heavier than every van */
        {.x = 1, .kg = 500, .skills = 1u << 1}, /* the cold van is small, the big one not cold */
        {.x = 1, .kg = 500, .skills = 1u << 2}, /* skills come before capacity */
    };
    tveh veh[] = {{.depot = 0, .cap_kg = 100, .skills = 1u << 1}, {.depot = 1, .cap_kg = 1000}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 3, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    uint8_t reason[3];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_OVER_VEHICLE_CAPACITY);
    assert_reason(reason, 1, CF_REASON_OVER_VEHICLE_CAPACITY);
    assert_reason(reason, 2, CF_REASON_NO_VEHICLE_WITH_SKILLS);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

Test(screen, time_windows_shifts_and_whole_minutes)
{
    /* 10 km at 60 km/h: 600 s each way.  DC 0 opens 08:00. */
    tdepot dep[] = {{.open = HM(8, 0), .close = HM(18, 0)}};
    torder ord[] = {
        {.x = 10, .kg = 1, .tw_end = HM(7, 0)},                     /* ends before the DC opens */
        {.x = 10, .kg = 1, .tw_end = HM(8, 10)},                    /* exactly reachable */
        {.x = 10, .kg = 1, .tw_start = HM(17, 55), .service = 600}, /* cannot return by 18:00 */
        {.x = 10, .kg = 1, .tw_start = HM(12, 0)},                  /* leave 11:50: within 30 min */
        {.x = 20, .kg = 1},                                         /* 40 min round trip > 30 */
    };
    tveh veh[] = {{.depot = 0, .max_dur = 1800}};
    tspec s = {.dep = dep, .nd = 1, .ord = ord, .no = 5, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    uint8_t reason[5];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_TIME_WINDOW_UNREACHABLE);
    assert_reason(reason, 1, CF_REASON_NONE);
    assert_reason(reason, 2, CF_REASON_TIME_WINDOW_UNREACHABLE);
    assert_reason(reason, 3, CF_REASON_NONE);
    assert_reason(reason, 4, CF_REASON_TIME_WINDOW_UNREACHABLE);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

Test(screen, departure_rounded_up_to_a_whole_minute)
{
    tdepot dep[] = {{.open = HM(8, 0) + 30}}; /* 08:00:30: first departure 08:01 */
    torder ord[] = {{.x = 10, .kg = 1, .tw_end = HM(8, 10) + 30},
                    {.x = 10, .kg = 1, .tw_end = HM(8, 11)}};
    tveh veh[] = {{.depot = 0}};
    tspec s = {.dep = dep, .nd = 1, .ord = ord, .no = 2, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    uint8_t reason[2];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_TIME_WINDOW_UNREACHABLE);
    assert_reason(reason, 1, CF_REASON_NONE);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

Test(screen, max_distance_and_depot_capacity)
{
    tdepot dep[] = {{.cap_kg = 100}, {.x = 100}};
    torder ord[] = {
        {.x = 30, .kg = 1}, /* 60 km round trip from DC 0 (max 50), 140 from DC 1 (max 150: fine) */
        {.x = -30, .kg = 1},             /* 60 from DC 0, 260 from DC 1 */
        {.x = 1, .kg = 200, .depot = 1}, /* fits the van, not DC 0 */
    };
    tveh veh[] = {{.depot = 0, .max_km = 50}, {.depot = 1, .max_km = 150}};
    tspec s = {.dep = dep, .nd = 2, .ord = ord, .no = 3, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    uint8_t reason[3];
    screen(p, reason);
    assert_reason(reason, 0, CF_REASON_NONE);
    assert_reason(reason, 1, CF_REASON_MAX_DISTANCE);
    assert_reason(reason, 2, CF_REASON_DEPOT_CAPACITY);
    assert_screen_matches_brute_force(p, reason);
    cf_problem_free(p);
}

/* Many vehicles of few kinds, random orders: the class-based screening
 * agrees with brute force over every vehicle and every departure minute. */
Test(screen, agrees_with_brute_force_on_random_instances)
{
    uint64_t x = 42;
#define RND()                                                                                      \
    (x = x * 6364136223846793005u + 1442695040888963407u, (double)(x >> 11) / 9007199254740992.0)
    for (int rep = 0; rep < 5; rep++) {
        tdepot dep[3];
        torder ord[120];
        tveh veh[6];
        for (int d = 0; d < 3; d++)
            dep[d] = (tdepot){.x = 40 * RND(),
                              .y = 40 * RND(),
                              .open = HM(6, 0) + (int)(7200 * RND()),
                              .close = HM(18, 0) + (int)(7200 * RND()),
                              .couriers = RND() < 0.3 ? 1u : 0};
        for (int o = 0; o < 120; o++) {
            int tws = (int)(HM(4, 0) + 14 * 3600 * RND());
            ord[o] = (torder){.courier = (int)(3 * RND()),
                              .x = 60 * RND() - 10,
                              .y = 60 * RND() - 10,
                              .kg = 900 * RND() + 1,
                              .tw_start = tws,
                              .tw_end = tws + (int)(3600 * RND()),
                              .service = (int)(900 * RND()),
                              .skills = RND() < 0.2 ? 1u << (int)(3 * RND()) : 0,
                              .depot = RND() < 0.1 ? 1 + (int)(3 * RND()) : 0};
        }
        for (int i = 0; i < 6; i++)
            veh[i] = (tveh){.courier = (int)(4 * RND()),
                            .depot = i % 3,
                            .cap_kg = 200 + 800 * RND(),
                            .skills = RND() < 0.5 ? 1u << (int)(3 * RND()) : 0,
                            .shift_start = HM(7, 0) + (int)(3600 * RND()),
                            .max_dur = RND() < 0.5 ? (int)(3600 + 3 * 3600 * RND()) : 0,
                            .max_km = RND() < 0.5 ? 40 + 60 * RND() : 0,
                            .speed_kmh = 20 + 40 * RND(),
                            .count = 1 + (int)(4 * RND())};
        tspec s = {.dep = dep,
                   .nd = 3,
                   .ord = ord,
                   .no = 120,
                   .veh = veh,
                   .nv = 6,
                   .n_couriers = 3,
                   .sharing = rep % 2 ? CF_SHARING_SEPARATE : CF_SHARING_POOLED,
                   .no_share = rep == 2 ? 2u : 0};
        cf_problem *p = build(&s);
        uint8_t reason[120];
        int seen[CF_REASON_COUNT] = {0};
        screen(p, reason);
        assert_screen_matches_brute_force(p, reason);
        for (int o = 0; o < 120; o++)
            seen[reason[o]]++;
        cr_assert_gt(seen[CF_REASON_NONE], 10);
        cf_problem_free(p);
    }
#undef RND
}

/* ---- assignment --------------------------------------------------------- */

Test(assign, nearest_dc_when_unconstrained)
{
    torder ord[] = {{.x = 1, .kg = 1},         {.x = 2, .y = 1, .kg = 1},
                    {.x = 9, .kg = 1},         {.x = 8, .y = -1, .kg = 1},
                    {.x = 4, .y = 3, .kg = 1}, {.x = 6, .y = -3, .kg = 1}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 6, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    int dep[6];
    uint8_t reason[6];
    assign(p, 5, dep, reason);
    int want[6] = {0, 0, 1, 1, 0, 1};
    for (int o = 0; o < 6; o++)
        cr_assert_eq(dep[o], want[o], "order %d at dc %d", o, dep[o]);
    assert_valid(p, dep, reason);
    cf_problem_free(p);
}

/* The estimate is tour-aware: an order just nearer DC 0 (4.9 km against 5.1)
 * but next to a group that DC 1 serves joins that group's DC, as a route
 * would (10 -> 5.2 -> 4.9 -> 10 costs 0.6 km more than without it; a trip
 * of its own from DC 0, 9.8). */
Test(assign, border_order_joins_its_neighbours_dc)
{
    torder ord[] = {{.x = 4.9, .kg = 1},
                    {.x = 5.2, .kg = 1},
                    {.x = 5.5, .y = 0.3, .kg = 1},
                    {.x = 5.6, .y = -0.3, .kg = 1},
                    {.x = 1, .kg = 1}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 5, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    int dep[5];
    uint8_t reason[5];
    assign(p, 5, dep, reason);
    int want[5] = {1, 1, 1, 1, 0};
    for (int o = 0; o < 5; o++)
        cr_assert_eq(dep[o], want[o], "order %d at dc %d", o, dep[o]);
    cf_problem_free(p);
}

Test(assign, dc_capacity_forces_a_split_at_the_border)
{
    tdepot dep[] = {{.x = 0, .cap_kg = 10}, {.x = 10}};
    torder ord[] = {{.x = 0.5, .kg = 4},
                    {.x = 1, .kg = 4},
                    {.x = 4, .kg = 4},
                    {.x = 4.5, .kg = 4},
                    {.x = 9, .kg = 4}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = dep, .nd = 2, .ord = ord, .no = 5, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    int dep_[5];
    uint8_t reason[5];
    assign(p, 5, dep_, reason);
    int want[5] = {0, 0, 1, 1, 1};
    for (int o = 0; o < 5; o++)
        cr_assert_eq(dep_[o], want[o], "order %d at dc %d", o, dep_[o]);
    assert_valid(p, dep_, reason);
    cf_problem_free(p);
}

Test(assign, fixed_depot_honoured)
{
    /* Each fixed to the far DC; order 2, free and far from both, takes the near one. */
    torder ord[] = {
        {.x = 1, .kg = 1, .depot = 2}, {.x = 9, .kg = 1, .depot = 1}, {.x = 1, .y = -6, .kg = 1}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 3, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    int dep[3];
    uint8_t reason[3];
    assign(p, 5, dep, reason);
    cr_assert_eq(dep[0], 1);
    cr_assert_eq(dep[1], 0);
    cr_assert_eq(dep[2], 0);
    assert_valid(p, dep, reason);
    cf_problem_free(p);
}

Test(assign, dc_refusing_the_courier_never_chosen)
{
    tdepot dep[] = {{.x = 0, .couriers = 1u << 1}, {.x = 10}};
    torder ord[] = {{.courier = 0, .x = 0.1, .kg = 1}, {.courier = 1, .x = 0.1, .kg = 1}};
    tveh veh[] = {{.depot = 0}, {.depot = 1}};
    tspec s = {.dep = dep, .nd = 2, .ord = ord, .no = 2, .veh = veh, .nv = 2};
    cf_problem *p = build(&s);
    int d[2];
    uint8_t reason[2];
    assign(p, 5, d, reason);
    cr_assert_eq(d[0], 1);
    cr_assert_eq(d[1], 0);
    assert_valid(p, d, reason);
    cf_problem_free(p);
}

Test(assign, shortfall_drops_the_lowest_priority)
{
    /* One DC of 11 kg: mandatory 4 + 4, optional 3 kg worth 100 and 3 kg worth 5. */
    tdepot dep[] = {{.cap_kg = 11}};
    torder ord[] = {{.x = 1, .kg = 4},
                    {.x = 2, .kg = 4},
                    {.x = 3, .kg = 3, .penalty = 5},
                    {.x = 3, .kg = 3, .penalty = 100}};
    tveh veh[] = {{.depot = 0}};
    tspec s = {.dep = dep, .nd = 1, .ord = ord, .no = 4, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    int d[4];
    uint8_t reason[4];
    assign(p, 5, d, reason);
    cr_assert_eq(d[0], 0);
    cr_assert_eq(d[1], 0);
    cr_assert_eq(d[3], 0);
    cr_assert_eq(d[2], -1);
    assert_reason(reason, 2, CF_REASON_DEPOT_CAPACITY);
    assert_valid(p, d, reason);
    cf_problem_free(p);
}

Test(assign, mandatory_orders_before_optional_ones)
{
    /* 6 kg of room: a 5 kg mandatory order beats two 3 kg optional ones worth a lot. */
    tdepot dep[] = {{.cap_kg = 6}};
    torder ord[] = {{.x = 1, .kg = 3, .penalty = 1e6},
                    {.x = 1, .kg = 3, .penalty = 1e6},
                    {.x = 9, .kg = 5},
                    {.x = 9, .kg = 5}};
    tveh veh[] = {{.depot = 0}};
    tspec s = {.dep = dep, .nd = 1, .ord = ord, .no = 4, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    int d[4], placed = 0;
    uint8_t reason[4];
    assign(p, 5, d, reason);
    cr_assert_eq(d[0], -1);
    cr_assert_eq(d[1], -1);
    for (int o = 2; o < 4; o++)
        placed += d[o] == 0;
    cr_assert_eq(placed, 1, "exactly one mandatory order fits");
    for (int o = 0; o < 4; o++)
        if (d[o] < 0) assert_reason(reason, o, CF_REASON_DEPOT_CAPACITY);
    assert_valid(p, d, reason);
    cf_problem_free(p);
}

Test(assign, screened_orders_keep_their_reason)
{
    torder ord[] = {{.x = 1, .kg = 5000}, {.x = 1, .kg = 1}, {.x = 1, .kg = 1}};
    tveh veh[] = {{.depot = 0}};
    tspec s = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 3, .veh = veh, .nv = 1};
    cf_problem *p = build(&s);
    int d[3];
    uint8_t reason[3] = {0, 0, CF_REASON_PENALTY_BELOW_COST}; /* the caller excluded order 2 */
    cf_err err;
    cr_assert_eq(cf_assign_depots(p, NULL, 5, d, reason, &err), CF_OK);
    assert_reason(reason, 0, CF_REASON_OVER_VEHICLE_CAPACITY);
    assert_reason(reason, 1, CF_REASON_NONE);
    assert_reason(reason, 2, CF_REASON_PENALTY_BELOW_COST);
    cr_assert_eq(d[0], -1);
    cr_assert_eq(d[1], 0);
    cr_assert_eq(d[2], -1);
    cf_problem_free(p);
}

/* n orders scattered over four DCs of finite capacity (total 120% of the demand). */
static cf_problem *city(int n, uint64_t seed, double slack)
{
    uint64_t x = seed;
#define RND()                                                                                      \
    (x = x * 6364136223846793005u + 1442695040888963407u, (double)(x >> 11) / 9007199254740992.0)
    tdepot dep[4];
    torder *ord = cf_calloc((size_t)n, sizeof *ord);
    tveh veh[8];
    double total = 0;
    cf_problem *p;
    for (int o = 0; o < n; o++) {
        /* denser towards the centre, and some in two hot spots */
        double r = RND() < 0.3 ? 3 * RND() : 25 * RND(), a = 6.283185307 * RND();
        double cx = RND() < 0.2 ? 10 : 0;
        ord[o] = (torder){.courier = (int)(3 * RND()),
                          .x = cx + r * cos(a),
                          .y = r * sin(a),
                          .kg = 1 + 30 * RND(),
                          .penalty = RND() < 0.3 ? 1 + 50 * RND() : 0,
                          .skills = RND() < 0.1 ? 1u : 0};
        total += ord[o].kg;
    }
    for (int d = 0; d < 4; d++)
        dep[d] = (tdepot){.x = d % 2 ? 15 : -15,
                          .y = d / 2 ? 15 : -15,
                          .cap_kg = slack * total * (d == 0 ? 0.1 : 0.3),
                          .couriers = d == 3 ? 3u : 0};
    for (int i = 0; i < 8; i++)
        veh[i] = (tveh){.courier = i % 3,
                        .depot = i % 4,
                        .cap_kg = 1000,
                        .skills = i < 4 ? 1u : 0,
                        .count = 20,
                        .cost_km = 1 + (i % 2)};
    tspec s = {.dep = dep, .nd = 4, .ord = ord, .no = n, .veh = veh, .nv = 8, .n_couriers = 3};
    p = build(&s);
    cf_free(ord);
    return p;
#undef RND
}

static void run_city(int n, double slack, double tl)
{
    cf_problem *p = city(n, 7, slack);
    int *d1 = cf_calloc((size_t)n, sizeof *d1), *d2 = cf_calloc((size_t)n, sizeof *d2);
    uint8_t *r1 = cf_calloc((size_t)n, 1), *r2 = cf_calloc((size_t)n, 1);
    int placed = 0, mand_out = 0, opt_out = 0;
    assign(p, tl, d1, r1);
    assert_valid(p, d1, r1);
    for (int o = 0; o < n; o++) {
        placed += d1[o] >= 0;
        if (r1[o] == CF_REASON_DEPOT_CAPACITY) {
            if (p->order_penalty[o] < 0)
                mand_out++;
            else
                opt_out++;
        }
    }
    if (slack >= 1.2) cr_assert_eq(placed, n, "%d of %d placed with 20%% spare room", placed, n);
    cr_log_info("n %d slack %.1f: placed %d, out: %d mandatory, %d optional", n, slack, placed,
                mand_out, opt_out);
    assign(p, tl, d2, r2);
    cr_assert_arr_eq(d1, d2, (size_t)n * sizeof *d1, "not deterministic");
    cr_assert_arr_eq(r1, r2, (size_t)n, "not deterministic");
    cf_free(d1);
    cf_free(d2);
    cf_free(r1);
    cf_free(r2);
    cf_problem_free(p);
}

Test(assign, city_of_400_orders, .timeout = 60)
{
    run_city(400, 1.2, 10);
}

Test(assign, clusters_for_3000_orders, .timeout = 120)
{
    run_city(3000, 1.2, 10);
}

Test(assign, tight_capacity_3000_orders, .timeout = 120)
{
    run_city(3000, 0.8, 10);
}

/* 1600 orders, so clusters: 50 pairs of 9 kg mandatory orders (a pair on one
 * spot makes a cluster of 18 kg) and 1500 optional orders of 20 g, one DC of
 * 895 kg.  The clusters leave one pair out and fill the rest with optional
 * orders; the order-level clean-up then evicts 9 kg of optional orders to
 * place one of the pair: one mandatory order out, 891 kg of mandatory and
 * 4 kg (200) of optional orders in. */
Test(assign, mandatory_order_evicts_optional_ones_after_clusters)
{
    enum { N = 1600 };
    tdepot dep[] = {{.cap_kg = 895}};
    torder *ord = cf_calloc(N, sizeof *ord);
    tveh veh[] = {{.depot = 0, .count = 5}};
    int *d = cf_calloc(N, sizeof *d), mand_out = 0, opt_in = 0;
    uint8_t *reason = cf_calloc(N, 1);
    cf_problem *p;
    for (int o = 0; o < 100; o++)
        ord[o] = (torder){.x = 1 + (o / 2) % 10, .y = 1 + (o / 20), .kg = 9};
    for (int o = 100; o < N; o++)
        ord[o] =
            (torder){.x = 0.1 * (o % 40) - 2, .y = 0.1 * (o / 40) - 2, .kg = 0.02, .penalty = 1};
    tspec s = {.dep = dep, .nd = 1, .ord = ord, .no = N, .veh = veh, .nv = 1};
    p = build(&s);
    assign(p, 10, d, reason);
    assert_valid(p, d, reason);
    for (int o = 0; o < N; o++) {
        if (o < 100 && d[o] < 0) mand_out++;
        if (o >= 100 && d[o] >= 0) opt_in++;
    }
    cr_assert_eq(mand_out, 1);
    cr_assert_eq(opt_in, 200);
    cf_free(ord);
    cf_free(d);
    cf_free(reason);
    cf_problem_free(p);
}

Test(assign, tiny_time_limit_falls_back_to_greedy)
{
    cf_problem *p = city(300, 3, 1.0);
    int d[300];
    uint8_t reason[300];
    assign(p, 1e-9, d, reason);
    assert_valid(p, d, reason);
    cf_problem_free(p);
}

Test(assign, empty_and_degenerate)
{
    tveh veh[] = {{.depot = 0}};
    tspec none = {.dep = two_dcs, .nd = 2, .ord = NULL, .no = 0, .veh = veh, .nv = 1};
    cf_problem *p = build(&none);
    cf_err err;
    cr_assert_eq(cf_assign_depots(p, NULL, 1, NULL, NULL, &err), CF_OK);
    cf_problem_free(p);

    torder ord[] = {{.x = 1, .kg = 1}};
    tspec novehicle = {.dep = two_dcs, .nd = 2, .ord = ord, .no = 1, .veh = NULL, .nv = 0};
    p = build(&novehicle);
    int d[1];
    uint8_t reason[1];
    assign(p, 1, d, reason);
    assert_reason(reason, 0, CF_REASON_NO_ALLOWED_DEPOT);
    cr_assert_eq(d[0], -1);
    cf_problem_free(p);
}

Test(assign, out_of_memory_at_every_step, .timeout = 120)
{
    cf_problem *p = city(60, 5, 0.9);
    int d[60], want[60];
    uint8_t reason[60], want_r[60];
    assign(p, 5, want, want_r);
    for (long n = 0;; n++) {
        cf_err err;
        cf_status rc;
        memset(reason, 0, sizeof reason);
        cf_alloc_fail_after(n);
        rc = cf_assign_depots(p, NULL, 5, d, reason, &err);
        cf_alloc_fail_after(-1);
        if (rc == CF_OK) {
            cr_assert_arr_eq(d, want, sizeof d);
            break;
        }
        cr_assert_eq(rc, CF_ENOMEM, "n %ld: %s", n, err.msg);
        for (int o = 0; o < 60; o++)
            cr_assert_eq(d[o], -1);
    }
    /* The screening has no error path: out of memory only slows it down. */
    cf_alloc_fail_after(0);
    screen(p, reason);
    cf_alloc_fail_after(-1);
    screen(p, want_r);
    cr_assert_arr_eq(reason, want_r, sizeof reason);
    cf_problem_free(p);
}
