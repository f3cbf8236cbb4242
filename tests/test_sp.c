/* solver/pool and solver/sp: the route pool (classes, keys, dedupe,
 * feasibility, departure times, eviction) and the set-partitioning
 * recombination (cheapest exact cover, class counts, DC capacity, optional
 * and mandatory orders, warm start kept when nothing is better,
 * determinism, allocation failures), on small problems whose answers are
 * worked out below.
 *
 * The square: a DC at (0,0) and orders o0 (1,0), o1 (2,0), o2 (0,1),
 * o3 (0,2), 10 kg each; plane km, metres, 60 km/h; vans of 20 kg with
 * fixed cost 100 and 1 per km (1000 micro per metre), no time cost.
 *   R01 = o0 o1: 1000 + 1000 + 2000 m = 4000 m   104.000
 *   R23 = o2 o3: 4000 m                           104.000
 *   R02 = o0 o2: 1000 + 1414 + 1000 m = 3414 m   103.414
 *   R13 = o1 o3: 2000 + 2828 + 2000 m = 6828 m   106.828
 *   singletons: o0, o2 102.000; o1, o3 104.000
 * The incumbent R02 + R13 costs 210.242; the optimum R01 + R23 208.000
 * (o0 o3 / o1 o2 give 2 x 105.236, four singletons 412). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "models/alloc.h"
#include "models/check.h"
#include "models/problem.h"
#include "models/solution.h"
#include "solver/lp_glpk.h"
#include "solver/pool.h"
#include "solver/sp.h"
#include "tests/builder.h"

#define H TB_H
#define MONEY TB_MONEY

typedef struct {
    double x, y, kg;
    int32_t tw_start, tw_end, service_s;
    double penalty; /* < 0: mandatory */
    uint32_t skills;
} t_ord;

typedef struct {
    const char *id;
    int depot;
    double kg, fixed, per_km, per_hour;
    uint32_t skills;
} t_veh;

typedef struct {
    double x, y, cap_kg; /* cap_kg < 0: unlimited */
} t_dep;

/* tests/builder.h's problem with one courier "A" and the skill "cold";
 * depots open 06:00-20:00, vehicles on duty all the time. */
static cf_problem *build(int nd, const t_dep *dep, int no, const t_ord *ord, int nv,
                         const t_veh *veh)
{
    cf_problem *p = tb_problem("sp", nd, no, nv, 1, 1);
    cf_err err;

    cr_assert_not_null(p);
    p->courier_id[0] = cf_arena_strdup(&p->arena, "A");
    p->courier_name[0] = cf_arena_strdup(&p->arena, "Alpha");
    for (int d = 0; d < nd; d++) {
        p->depot_open[d] = H(6, 0);
        p->depot_close[d] = H(20, 0);
        p->depot_cap[d * CF_DIMS + CF_DIM_WEIGHT] =
            dep[d].cap_kg < 0 ? CF_AMOUNT_INF : (cf_amount)(dep[d].cap_kg * 1000 + 0.5);
        p->depot_couriers[d] = 1;
        p->x[d] = dep[d].x;
        p->y[d] = dep[d].y;
    }
    for (int o = 0; o < no; o++) {
        p->x[nd + o] = ord[o].x;
        p->y[nd + o] = ord[o].y;
        p->order_demand[o * CF_DIMS + CF_DIM_WEIGHT] = (cf_amount)(ord[o].kg * 1000 + 0.5);
        p->order_tw_start[o] = ord[o].tw_start;
        p->order_tw_end[o] = ord[o].tw_end ? ord[o].tw_end : CF_TIME_INF;
        p->order_service[o] = ord[o].service_s;
        p->order_skills[o] = ord[o].skills;
        p->order_penalty[o] = ord[o].penalty < 0 ? CF_MANDATORY : MONEY(ord[o].penalty);
    }
    for (int v = 0; v < nv; v++) {
        p->veh_id[v] = cf_arena_strdup(&p->arena, veh[v].id);
        p->veh_depot[v] = veh[v].depot;
        p->veh_cap[v * CF_DIMS + CF_DIM_WEIGHT] = (cf_amount)(veh[v].kg * 1000 + 0.5);
        p->veh_fixed_cost[v] = MONEY(veh[v].fixed);
        p->veh_cost_per_dist[v] = (cf_cost)(veh[v].per_km * 1000);
        p->veh_cost_per_hour[v] = MONEY(veh[v].per_hour);
        p->veh_shift_end[v] = CF_TIME_INF;
        p->veh_skills[v] = veh[v].skills;
    }
    cr_assert_eq(cf_problem_finalize(p, &err), CF_OK, "%s", err.msg);
    return p;
}

static const t_dep one_dc[] = {{0, 0, -1}};
static const t_ord square[] = {
    {1, 0, 10, 0, 0, 0, -1, 0}, {2, 0, 10, 0, 0, 0, -1, 0},  {0, 1, 10, 0, 0, 0, -1, 0},
    {0, 2, 10, 0, 0, 0, -1, 0}, {0, -5, 10, 0, 0, 0, -1, 0}, /* o4: only some tests use it */
};
static const int R01[] = {0, 1}, R23[] = {2, 3}, R02[] = {0, 2}, R13[] = {1, 3};

static cf_pool *new_pool(const cf_problem *p, size_t max)
{
    cf_pool *pool;
    cf_err err;
    cr_assert_eq(cf_pool_create(p, max, &pool, &err), CF_OK, "%s", err.msg);
    return pool;
}

static void add_ok(cf_pool *pool, int v, const int *ord, int n)
{
    cf_err err;
    cr_assert_eq(cf_pool_add(pool, v, ord, n, &err), CF_OK, "%s", err.msg);
}

static void init_sol(cf_solution *s, const cf_problem *p)
{
    cf_err err;
    cr_assert_eq(cf_solution_init(s, p, &err), CF_OK, "%s", err.msg);
}

static void check_ok(const cf_problem *p, const cf_solution *s)
{
    cf_err err;
    cr_assert_eq(cf_solution_check(p, s, &err), CF_OK, "%s", err.msg);
}

static cf_cost objective(const cf_problem *p, const cf_solution *s)
{
    cf_cost c;
    cf_err err;
    cr_assert_eq(cf_sp_objective(p, s, &c, NULL, &err), CF_OK, "%s", err.msg);
    return c;
}

/* Whether vehicle v serves exactly the set ord[0 .. n). */
static bool serves(const cf_solution *s, int v, const int *ord, int n)
{
    if (cf_solution_route_len(s, v) != n) return false;
    for (int i = 0; i < n; i++)
        if (s->vehicle[ord[i]] != v) return false;
    return true;
}

static cf_status recombine(cf_pool *pool, const cf_solution *inc, cf_solution *out, cf_cost *cost,
                           cf_sp_info *info)
{
    cf_sp_opts o;
    cf_err err;
    cf_status rc;
    cf_sp_opts_init(&o);
    o.time_limit_s = 0;
    o.node_limit = 0;
    rc = cf_sp_recombine(pool, inc, &o, out, cost, info, &err);
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    return rc;
}

/* ---- the pool ---- */

Test(pool, vehicles_with_identical_attributes_form_a_class)
{
    const t_veh veh[] = {
        {"van#1", 0, 20, 100, 1, 0, 0}, {"big", 0, 30, 100, 1, 0, 0},
        {"van#2", 0, 20, 100, 1, 0, 0}, {"cold", 0, 20, 100, 1, 0, 1},
        {"van#3", 0, 20, 100, 1, 0, 0},
    };
    cf_problem *p = build(1, one_dc, 4, square, 5, veh);
    cf_pool *pool = new_pool(p, 10);
    int n;
    const int *vs;

    cr_assert_eq(cf_pool_n_classes(pool), 3);
    cr_assert_eq(cf_pool_class_of(pool, 0), 0);
    cr_assert_eq(cf_pool_class_of(pool, 1), 1);
    cr_assert_eq(cf_pool_class_of(pool, 2), 0);
    cr_assert_eq(cf_pool_class_of(pool, 3), 2);
    cr_assert_eq(cf_pool_class_of(pool, 4), 0);
    vs = cf_pool_class_vehicles(pool, 0, &n);
    cr_assert_eq(n, 3);
    cr_assert_arr_eq(vs, ((int[]){0, 2, 4}), 3 * sizeof(int));
    /* A route found on van#3 is the route of van#1's class. */
    add_ok(pool, 4, R01, 2);
    cr_assert_eq(cf_pool_find(pool, 0, (int[]){1, 0}, 2), 0);
    cr_assert_eq(cf_pool_find(pool, 1, R01, 2), -1);
    cf_pool_free(pool);
    cf_problem_free(p);
}

Test(pool, dedupe_keeps_the_cheaper_sequence)
{
    /* o0 o1 o2 on a 30 kg van: 1000 + 1000 + 2236 + 1000 = 5236 m (105.236);
     * o1 o0 o2: 2000 + 1000 + 1414 + 1000 = 5414 m (105.414). */
    const t_veh veh[] = {{"van", 0, 30, 100, 1, 0, 0}, {"dear", 0, 30, 150, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 2, veh);
    cf_pool *pool = new_pool(p, 10);
    cf_pool_route r;
    cf_pool_stats st;

    add_ok(pool, 0, (int[]){1, 0, 2}, 3);
    cr_assert_eq(cf_pool_size(pool), 1);
    cr_assert(cf_pool_route_at(pool, 0, &r));
    cr_assert_eq(r.cost, MONEY(105.414));
    add_ok(pool, 0, (int[]){0, 1, 2}, 3);
    add_ok(pool, 0, (int[]){1, 0, 2}, 3); /* costlier again: ignored */
    add_ok(pool, 0, (int[]){2, 1, 0}, 3); /* the reverse, as cheap: the first stays */
    cr_assert_eq(cf_pool_size(pool), 1);
    cr_assert(cf_pool_route_at(pool, 0, &r));
    cr_assert_eq(r.cost, MONEY(105.236));
    cr_assert_eq(r.n, 3);
    cr_assert_arr_eq(r.orders, ((int[]){0, 1, 2}), 3 * sizeof(int));
    cr_assert_eq(r.load[CF_DIM_WEIGHT], 30000);
    cf_pool_get_stats(pool, &st);
    cr_assert_eq(st.added, 1);
    cr_assert_eq(st.improved, 1);
    cr_assert_eq(st.duplicate, 2);
    /* The same set on another class is another route. */
    add_ok(pool, 1, (int[]){0, 1, 2}, 3);
    cr_assert_eq(cf_pool_size(pool), 2);
    cf_pool_free(pool);
    cf_problem_free(p);
}

Test(pool, infeasible_and_invalid_routes_are_refused)
{
    t_ord ord[6];
    const t_veh veh[] = {{"van", 0, 20, 100, 1, 0, 0}};
    cf_problem *p;
    cf_pool *pool;
    cf_pool_stats st;
    cf_err err;

    memcpy(ord, square, 4 * sizeof *ord);
    ord[4] = (t_ord){5, 0, 1, H(6, 0), H(6, 1), 0, -1, 0}; /* 5 km: reached 06:05 at best */
    ord[5] = (t_ord){1, 1, 1, 0, 0, 0, -1, 1};             /* needs cold */
    p = build(1, one_dc, 6, ord, 1, veh);
    pool = new_pool(p, 10);

    cr_assert_eq(cf_pool_add(pool, 0, (int[]){0, 1, 2}, 3, &err), CF_EINFEAS);
    cr_assert_not_null(strstr(err.msg, "rule 7"), "%s", err.msg);
    cr_assert_eq(cf_pool_add(pool, 0, (int[]){4}, 1, &err), CF_EINFEAS);
    cr_assert_not_null(strstr(err.msg, "rule 2"), "%s", err.msg);
    cr_assert_eq(cf_pool_add(pool, 0, (int[]){5}, 1, &err), CF_EINFEAS);
    cr_assert_not_null(strstr(err.msg, "rule 8"), "%s", err.msg);
    cr_assert_eq(cf_pool_add(pool, 0, (int[]){0, 0}, 2, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "'o0' twice"), "%s", err.msg);
    cr_assert_eq(cf_pool_add(pool, 1, R01, 2, &err), CF_EINVAL);
    cr_assert_eq(cf_pool_add(pool, 0, (int[]){6}, 1, &err), CF_EINVAL);
    cr_assert_eq(cf_pool_add(pool, 0, R01, 0, &err), CF_EINVAL);
    cr_assert_eq(cf_pool_size(pool), 0);
    cf_pool_get_stats(pool, &st);
    cr_assert_eq(st.rejected, 3);
    cf_pool_free(pool);
    cf_problem_free(p);
}

Test(pool, departure_is_the_whole_minute_of_least_duration)
{
    /* o0 at 1.5 km (90 s), window 08:00-08:30, 10 min service; 36 per hour.
     * No wait from 07:58:30 on: leave 07:59, arrive 08:00:30, back 08:12.
     * 3000 m, 13 min: 100 + 3 + 36 x 780 / 3600 = 110.8.
     * o1 the same but its window closes at 08:00:20: arriving by then means
     * leaving by 07:58:50, so 07:58 (30 s of waiting): 100 + 3 + 36 x 810 / 3600 = 111.1 */
    const t_ord ord[] = {{1.5, 0, 1, H(8, 0), H(8, 30), 600, -1, 0},
                         {0, 1.5, 1, H(8, 0), H(8, 0) + 20, 600, -1, 0}};
    const t_veh veh[] = {{"van", 0, 20, 100, 1, 36, 0}};
    cf_problem *p = build(1, one_dc, 2, ord, 1, veh);
    cf_pool *pool = new_pool(p, 10);
    cf_pool_route r;

    add_ok(pool, 0, (int[]){0}, 1);
    add_ok(pool, 0, (int[]){1}, 1);
    cr_assert(cf_pool_route_at(pool, 0, &r));
    cr_assert_eq(r.depart_s, H(7, 59));
    cr_assert_eq(r.cost, MONEY(110.8));
    cr_assert(cf_pool_route_at(pool, 1, &r));
    cr_assert_eq(r.depart_s, H(7, 58));
    cr_assert_eq(r.cost, MONEY(111.1));
    cf_pool_free(pool);
    cf_problem_free(p);
}

Test(pool, eviction_bounds_memory_and_drops_the_least_recently_used)
{
    const t_veh veh[] = {{"van", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 1, veh);
    cf_pool *pool = new_pool(p, 3);
    cf_pool_stats st;

    add_ok(pool, 0, R01, 2);
    add_ok(pool, 0, R23, 2);
    add_ok(pool, 0, R02, 2);
    add_ok(pool, 0, (int[]){1, 0}, 2); /* R01 used again */
    add_ok(pool, 0, R13, 2);           /* evicts R23, the least recently used */
    cr_assert_eq(cf_pool_size(pool), 3);
    cr_assert_eq(cf_pool_find(pool, 0, R23, 2), -1);
    cr_assert_geq(cf_pool_find(pool, 0, R01, 2), 0);
    cr_assert_geq(cf_pool_find(pool, 0, R02, 2), 0);
    cr_assert_geq(cf_pool_find(pool, 0, R13, 2), 0);
    cf_pool_touch(pool, cf_pool_find(pool, 0, R02, 2));
    add_ok(pool, 0, (int[]){3}, 1); /* evicts R01 now */
    cr_assert_eq(cf_pool_find(pool, 0, R01, 2), -1);
    cr_assert_geq(cf_pool_find(pool, 0, R02, 2), 0);
    cf_pool_get_stats(pool, &st);
    cr_assert_eq(st.evicted, 2);
    cf_pool_free(pool);
    cf_problem_free(p);
}

Test(pool, every_stored_route_stays_findable_through_evictions)
{
    /* Every feasible set of one or two orders of the square in a pool of
     * 5: many evictions in a table of 16 positions (backward-shift
     * deletion must keep each cluster reachable). */
    const t_veh veh[] = {{"van", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 1, veh);
    cf_pool *pool = new_pool(p, 5);
    int sets[10][2], ns = 0;
    uint64_t x = 12345;

    for (int a = 0; a < 4; a++) {
        sets[ns][0] = a;
        sets[ns++][1] = -1;
        for (int b = a + 1; b < 4; b++) {
            sets[ns][0] = a;
            sets[ns++][1] = b;
        }
    }
    for (int it = 0; it < 500; it++) {
        int k, n;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        k = (int)((x >> 33) % (uint64_t)ns);
        n = sets[k][1] < 0 ? 1 : 2;
        if (n == 2 && (x >> 20) % 2)
            add_ok(pool, 0, (int[]){sets[k][1], sets[k][0]}, 2);
        else
            add_ok(pool, 0, sets[k], n);
        cr_assert_leq(cf_pool_size(pool), 5);
        for (size_t s = 0, seen = 0; s < cf_pool_capacity(pool); s++) {
            cf_pool_route r;
            if (!cf_pool_route_at(pool, s, &r)) continue;
            cr_assert_eq(cf_pool_find(pool, 0, r.orders, r.n), (int)s, "it %d slot %zu", it, s);
            cr_assert_leq(++seen, cf_pool_size(pool));
        }
    }
    cr_assert_eq(cf_pool_size(pool), 5);
    cf_pool_free(pool);
    cf_problem_free(p);
}

/* ---- recombination ---- */

Test(sp, picks_the_cheapest_exact_cover_on_any_vehicle_of_the_class)
{
    const t_veh veh[] = {{"van#1", 0, 20, 100, 1, 0, 0}, {"van#2", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 2, veh);
    cf_pool *pool = new_pool(p, 100);
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;
    cf_err err;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R02, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R13, 2, H(6, 0));
    check_ok(p, &inc);
    cr_assert_eq(objective(p, &inc), MONEY(210.242));
    /* Both good routes were found on van#1 only; singletons and the bad
     * pairs are distractors; three orders do not fit. */
    add_ok(pool, 0, R01, 2);
    add_ok(pool, 0, R23, 2);
    add_ok(pool, 0, (int[]){0, 3}, 2);
    add_ok(pool, 1, (int[]){1, 2}, 2);
    for (int o = 0; o < 4; o++)
        add_ok(pool, o % 2, &o, 1);
    cr_assert_eq(cf_pool_add(pool, 0, (int[]){0, 1, 2}, 3, &err), CF_EINFEAS);

    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(cost, MONEY(208));
    cr_assert_eq(info.cost_before, MONEY(210.242));
    cr_assert_eq(info.cost_after, MONEY(208));
    cr_assert_eq(info.lp_result, CF_LP_OPTIMAL);
    cr_assert_eq(info.routes_new, 2);
    cr_assert(serves(&out, 0, R01, 2) || serves(&out, 1, R01, 2));
    cr_assert(serves(&out, 0, R23, 2) || serves(&out, 1, R23, 2));
    cr_assert_eq(out.depart_s[0], H(6, 0));
    cr_assert_eq(objective(p, &out), MONEY(208));
    check_ok(p, &out);

    /* Run again from the optimum: nothing better, the incumbent comes back
     * unchanged, into itself (out may be the incumbent). */
    recombine(pool, &out, &out, &cost, &info);
    cr_assert(!info.improved);
    cr_assert_eq(cost, MONEY(208));
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, respects_the_number_of_vehicles_of_each_class)
{
    /* One cheap van (100), one dear (150): only one straight route can go
     * on the cheap one.  Best: 104 + 154 = 258 (both straight routes on
     * cheap vans would be 208; the incumbent is 103.414 + 156.828). */
    const t_veh veh[] = {{"cheap", 0, 20, 100, 1, 0, 0}, {"dear", 0, 20, 150, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 2, veh);
    cf_pool *pool = new_pool(p, 100);
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R02, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R13, 2, H(6, 0));
    add_ok(pool, 0, R01, 2);
    add_ok(pool, 0, R23, 2);
    add_ok(pool, 1, R01, 2);
    add_ok(pool, 1, R23, 2);
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(cost, MONEY(258));
    cr_assert_eq(cf_solution_route_len(&out, 0), 2);
    cr_assert_eq(cf_solution_route_len(&out, 1), 2);
    cr_assert(serves(&out, 0, R01, 2) || serves(&out, 0, R23, 2));
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, respects_dc_capacity)
{
    /* Two DCs at the same place: 'near' (20 kg a night) with vans of fixed
     * cost 100, 'far' (unlimited) with vans of 150.  Only one two-order
     * route fits through 'near': 104 + 154 = 258, not 208. */
    const t_dep dep[] = {{0, 0, 20}, {0, 0, -1}};
    const t_veh veh[] = {{"n1", 0, 20, 100, 1, 0, 0},
                         {"n2", 0, 20, 100, 1, 0, 0},
                         {"f1", 1, 20, 150, 1, 0, 0},
                         {"f2", 1, 20, 150, 1, 0, 0}};
    cf_problem *p = build(2, dep, 4, square, 4, veh);
    cf_pool *pool = new_pool(p, 100);
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 2, R02, 2, H(6, 0));
    cf_solution_set_route(&inc, 3, R13, 2, H(6, 0));
    check_ok(p, &inc);
    for (int v = 0; v < 4; v += 2) {
        add_ok(pool, v, R01, 2);
        add_ok(pool, v, R23, 2);
    }
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(cost, MONEY(258));
    cr_assert_eq(cf_solution_route_len(&out, 0) + cf_solution_route_len(&out, 1), 2);
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, keeps_the_incumbent_when_the_pool_has_nothing_better)
{
    const t_veh veh[] = {{"van#1", 0, 20, 100, 1, 0, 0},
                         {"van#2", 0, 20, 100, 1, 0, 0},
                         {"van#3", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 3, veh);
    cf_pool *pool = new_pool(p, 100);
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 2, R01, 2, H(7, 0)); /* any departure: no time cost */
    cf_solution_set_route(&inc, 0, R23, 2, H(6, 0));
    add_ok(pool, 0, R02, 2);
    add_ok(pool, 0, R13, 2);
    for (int o = 0; o < 4; o++)
        add_ok(pool, 0, &o, 1);
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(!info.improved);
    cr_assert_eq(cost, MONEY(208));
    cr_assert_arr_eq(out.first, inc.first, 3 * sizeof(int));
    cr_assert_arr_eq(out.next, inc.next, 4 * sizeof(int));
    cr_assert_arr_eq(out.vehicle, inc.vehicle, 4 * sizeof(int));
    cr_assert_arr_eq(out.depart_s, inc.depart_s, 3 * sizeof(int32_t));
    cr_assert_arr_eq(out.reason, inc.reason, 4);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, optional_orders_pay_their_penalty_or_get_served)
{
    /* o4 at 5 km south: alone on a van it costs 100 + 10 = 110. */
    t_ord ord[5];
    const t_veh veh[] = {{"van#1", 0, 20, 100, 1, 0, 0},
                         {"van#2", 0, 20, 100, 1, 0, 0},
                         {"van#3", 0, 20, 100, 1, 0, 0}};
    cf_problem *p;
    cf_pool *pool;
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;
    const int o4[] = {4};

    memcpy(ord, square, sizeof ord);
    /* Penalty 5: routed in the incumbent, dropping it saves 105. */
    ord[4].penalty = 5;
    p = build(1, one_dc, 5, ord, 3, veh);
    pool = new_pool(p, 100);
    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R01, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R23, 2, H(6, 0));
    cf_solution_set_route(&inc, 2, o4, 1, H(6, 0));
    cr_assert_eq(objective(p, &inc), MONEY(318));
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(cost, MONEY(213));
    cr_assert_eq(out.vehicle[4], -1);
    cr_assert_eq(out.reason[4], CF_REASON_NOT_PLACED_IN_TIME); /* cf_solve's finish() tells why */
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);

    /* Penalty 500: left out by the incumbent, the pool serves it for 110. */
    ord[4].penalty = 500;
    p = build(1, one_dc, 5, ord, 3, veh);
    pool = new_pool(p, 100);
    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R01, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R23, 2, H(6, 0));
    cr_assert_eq(objective(p, &inc), MONEY(708));
    add_ok(pool, 0, o4, 1);
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(cost, MONEY(318));
    cr_assert_neq(out.vehicle[4], -1);
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, serves_a_mandatory_order_the_incumbent_left_out)
{
    const t_veh veh[] = {{"van#1", 0, 20, 100, 1, 0, 0},
                         {"van#2", 0, 20, 100, 1, 0, 0},
                         {"van#3", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 5, square, 3, veh);
    cf_pool *pool = new_pool(p, 100);
    cf_solution inc, out;
    cf_sp_info info;
    cf_cost cost;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R01, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R23, 2, H(6, 0));
    inc.reason[4] = CF_REASON_NOT_PLACED_IN_TIME;
    check_ok(p, &inc);
    add_ok(pool, 1, (int[]){4}, 1);
    recombine(pool, &inc, &out, &cost, &info);
    cr_assert(info.improved);
    cr_assert_eq(info.mand_out_before, 1);
    cr_assert_eq(info.mand_out_after, 0);
    cr_assert_eq(cost, MONEY(318)); /* costlier, yet better: rule 10 */
    cr_assert_eq(out.vehicle[4], 2);
    check_ok(p, &out);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, refuses_bad_input)
{
    const t_veh veh[] = {{"van", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 1, veh);
    cf_pool *pool = new_pool(p, 10);
    cf_solution inc, out;
    cf_sp_opts o;
    cf_err err;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_sp_opts_init(&o);
    o.node_limit = -1;
    cr_assert_eq(cf_sp_recombine(pool, &inc, &o, &out, NULL, NULL, &err), CF_EINVAL);
    o.node_limit = 0;
    o.max_cols = -1;
    cr_assert_eq(cf_sp_recombine(pool, &inc, &o, &out, NULL, NULL, &err), CF_EINVAL);
    o.max_cols = 0;
    o.time_limit_s = NAN;
    cr_assert_eq(cf_sp_recombine(pool, &inc, &o, &out, NULL, NULL, &err), CF_EINVAL);
    /* An infeasible incumbent route (30 kg on 20): refused, out gets the incumbent. */
    cf_solution_set_route(&inc, 0, (int[]){0, 1, 2}, 3, H(6, 0));
    cr_assert_eq(cf_pool_recombine(pool, &inc, 0, 0, NULL, &out, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "infeasible"), "%s", err.msg);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_pool_free(pool);
    cf_problem_free(p);
}

/* A grid of 30 orders and two classes of 15 vans; routes of 2 to 5 random
 * orders (capacity 50 kg, 10 kg each) fill the pool; the incumbent serves
 * each order alone. */
static cf_problem *grid_problem(void)
{
    static char names[30][8];
    t_ord ord[30];
    t_veh veh[30];
    for (int o = 0; o < 30; o++)
        ord[o] = (t_ord){(double)(o % 6) - 2.5, (double)(o / 6) - 2, 10, 0, 0, 0, -1, 0};
    for (int v = 0; v < 30; v++) {
        snprintf(names[v], sizeof names[v], "%c#%d", v < 15 ? 'a' : 'b', v % 15 + 1);
        veh[v] = (t_veh){names[v], 0, 50, v < 15 ? 100 : 80, v < 15 ? 1 : 2, 0, 0};
    }
    return build(1, one_dc, 30, ord, 30, veh);
}

static void fill_random(cf_pool *pool, int n_routes, uint64_t seed)
{
    uint64_t x = seed;
    cf_err err;
    for (int r = 0; r < n_routes; r++) {
        int ord[5], n, v;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        n = 2 + (int)((x >> 33) % 4);
        v = (int)((x >> 40) % 30);
        ord[0] = (int)((x >> 13) % 30);
        for (int i = 1; i < n; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            ord[i] = (ord[i - 1] + 1 + (int)((x >> 33) % 7)) % 30; /* near neighbours */
            for (int j = 0; j < i; j++)
                if (ord[j] == ord[i]) ord[i] = -1;
            if (ord[i] < 0) {
                n = i;
                break;
            }
        }
        cf_status rc = cf_pool_add(pool, v, ord, n, &err);
        cr_assert(rc == CF_OK || rc == CF_EINFEAS, "%s", err.msg);
    }
}

static void singletons(cf_solution *s)
{
    cf_solution_clear(s);
    for (int o = 0; o < 30; o++)
        cf_solution_set_route(s, o, &o, 1, H(6, 0));
}

Test(sp, same_pool_same_answer, .timeout = 10)
{
    cf_problem *p = grid_problem();
    cf_pool *a = new_pool(p, 2000), *b = new_pool(p, 2000);
    cf_solution inc, out_a, out_b;
    cf_sp_info ia, ib;
    cf_cost ca, cb;
    cf_sp_opts o;
    cf_err err;

    init_sol(&inc, p);
    init_sol(&out_a, p);
    init_sol(&out_b, p);
    singletons(&inc);
    check_ok(p, &inc);
    fill_random(a, 1500, 7);
    fill_random(b, 1500, 7);
    cr_assert_gt(cf_pool_size(a), 500);
    cf_sp_opts_init(&o);
    o.node_limit = 200;
    cr_assert_eq(cf_sp_recombine(a, &inc, &o, &out_a, &ca, &ia, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_sp_recombine(b, &inc, &o, &out_b, &cb, &ib, &err), CF_OK, "%s", err.msg);
    cr_assert(ia.improved);
    cr_assert_lt(ca, ia.cost_before);
    cr_assert_eq(ca, cb);
    cr_assert_arr_eq(out_a.first, out_b.first, 30 * sizeof(int));
    cr_assert_arr_eq(out_a.next, out_b.next, 30 * sizeof(int));
    cr_assert_arr_eq(out_a.depart_s, out_b.depart_s, 30 * sizeof(int32_t));
    check_ok(p, &out_a);
    cr_assert_eq(objective(p, &out_a), ca);
    cf_solution_release(&inc);
    cf_solution_release(&out_a);
    cf_solution_release(&out_b);
    cf_pool_free(a);
    cf_pool_free(b);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, rounds_of_candidates_reach_the_same_optimum, .timeout = 10)
{
    cf_problem *p = grid_problem();
    cf_pool *pool = new_pool(p, 400);
    cf_solution inc, all, few;
    cf_sp_info ia, ifew;
    cf_cost ca, cf;
    cf_sp_opts o;
    cf_err err;

    init_sol(&inc, p);
    init_sol(&all, p);
    init_sol(&few, p);
    singletons(&inc);
    fill_random(pool, 120, 11);
    cf_sp_opts_init(&o);
    cr_assert_eq(o.max_cols, CF_SP_MAX_COLS);
    o.max_cols = 0;
    cr_assert_eq(cf_sp_recombine(pool, &inc, &o, &all, &ca, &ia, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(ia.rounds, 1);
    o.max_cols = 3;
    cr_assert_eq(cf_sp_recombine(pool, &inc, &o, &few, &cf, &ifew, &err), CF_OK, "%s", err.msg);
    cr_assert_gt(ifew.rounds, 1);
    cr_assert_eq(ia.lp_result, CF_LP_OPTIMAL);
    cr_assert_eq(ifew.lp_result, CF_LP_OPTIMAL);
    cr_assert(ia.improved && ifew.improved);
    cr_assert_eq(ca, cf);
    cr_assert_leq(ia.lp_bound * CF_COST_SCALE, (double)ca + 1);
    check_ok(p, &few);
    cf_solution_release(&inc);
    cf_solution_release(&all);
    cf_solution_release(&few);
    cf_pool_free(pool);
    cf_problem_free(p);
    cf_lp_thread_done();
}

Test(sp, out_of_memory_fails_cleanly_at_every_allocation, .timeout = 10)
{
    const t_veh veh[] = {{"van#1", 0, 20, 100, 1, 0, 0}, {"van#2", 0, 20, 100, 1, 0, 0}};
    cf_problem *p = build(1, one_dc, 4, square, 2, veh);
    cf_solution inc, out;
    cf_status rc;
    long n = 0;

    init_sol(&inc, p);
    init_sol(&out, p);
    cf_solution_set_route(&inc, 0, R02, 2, H(6, 0));
    cf_solution_set_route(&inc, 1, R13, 2, H(6, 0));
    do {
        cf_pool *pool = NULL;
        cf_cost cost = 0;
        cf_err err;
        cf_alloc_fail_after(n++);
        rc = cf_pool_create(p, 10, &pool, &err);
        if (rc == CF_OK) rc = cf_pool_add(pool, 0, R01, 2, &err);
        if (rc == CF_OK) rc = cf_pool_add(pool, 1, R23, 2, &err);
        if (rc == CF_OK) rc = cf_pool_add_solution(pool, &inc, NULL, &err);
        if (rc == CF_OK) { /* one candidate per round: every rebuild path */
            cf_sp_opts o;
            cf_sp_opts_init(&o);
            o.max_cols = 1;
            rc = cf_sp_recombine(pool, &inc, &o, &out, &cost, NULL, &err);
        }
        cf_alloc_fail_after(-1);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
        if (rc == CF_ENOMEM) {
            cr_assert_null(strstr(err.msg, "success"));
            if (pool) { /* out holds a plan: the incumbent, whole */
                cr_assert_eq(cf_pool_recombine(pool, &inc, 0, 0, NULL, &out, &cost, &err), CF_OK,
                             "%s", err.msg);
            }
        } else {
            cr_assert_eq(cost, MONEY(208));
        }
        check_ok(p, &out);
        cf_pool_free(pool);
    } while (rc != CF_OK);
    cr_assert_gt(n, 10);
    cf_solution_release(&inc);
    cf_solution_release(&out);
    cf_problem_free(p);
    cf_lp_thread_done();
}
