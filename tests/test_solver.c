/* solver/: plans pass the independent checker and cost what models/eval.c
 * says; a brute-forced optimum is found; time windows, capacities, sharing,
 * penalties and skills shape the plan as they should; one seed gives one
 * plan for 1 and 4 threads; a stop request still returns a valid plan; and
 * the search's own machinery (segments, courier masks, neighbour lists)
 * agrees with the from-scratch definitions. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "models/alloc.h"
#include "models/check.h"
#include "models/eval.h"
#include "models/params.h"
#include "models/rng.h"
#include "solver/construct.h"
#include "solver/nbh/nbh.h"
#include "solver/nbh/swap_star.h"
#include "solver/route.h"
#include "solver/search.h"
#include "solver/solver.h"
#include "solver/travel.h"
#include "solver/worker.h"
#include "tests/builder.h"

/* ---- a builder: tests/builder.h's defaults, 1 km = 60 s ---- */

#define H TB_H
#define MONEY(x) ((cf_cost)((x)*1000000.0))
#define str tb_str

/* tb_problem's defaults with the skills "cold" and "alcohol".  Tests change
 * what they need and call finish(). */
static cf_problem *build(int nd, int no, int nv, int nc)
{
    cf_problem *p = tb_problem("test", nd, no, nv, nc, 2);
    cr_assert_not_null(p);
    return p;
}

static cf_problem *finish(cf_problem *p)
{
    cf_err err;
    cr_assert_eq(cf_problem_finalize(p, &err), CF_OK, "%s", err.msg);
    return p;
}

/* A random scenario: orders in a 20 km square, DCs inside it, several
 * couriers (one that does not share), skills, windows, optional orders,
 * DC capacities, mixed fleet with different speeds and costs. */
static cf_problem *random_problem(int no, int nd, int nv, uint64_t seed)
{
    cf_rng rng;
    cf_problem *p = build(nd, no, nv, 3);
    cf_rng_seed(&rng, seed, 99);
    p->courier_share[2] = false;
    for (int d = 0; d < nd; d++) {
        p->x[d] = 5 + 10 * cf_rng_double(&rng);
        p->y[d] = 5 + 10 * cf_rng_double(&rng);
        p->depot_open[d] = H(6, 0);
        p->depot_close[d] = H(22, 0);
        p->depot_cap[d * CF_DIMS] = (cf_amount)no * 12000 / nd;
    }
    for (int o = 0; o < no; o++) {
        int n = nd + o;
        p->x[n] = 20 * cf_rng_double(&rng);
        p->y[n] = 20 * cf_rng_double(&rng);
        p->order_courier[o] = (int)cf_rng_below(&rng, 3);
        p->order_demand[o * CF_DIMS] = 500 + (cf_amount)cf_rng_below(&rng, 20000);
        p->order_demand[o * CF_DIMS + 1] = 1000 + (cf_amount)cf_rng_below(&rng, 50000);
        p->order_service[o] = 60 * (int32_t)cf_rng_below(&rng, 6);
        if (cf_rng_below(&rng, 3) == 0) {
            int32_t s = H(7, 0) + 60 * (int32_t)cf_rng_below(&rng, 600);
            p->order_tw_start[o] = s;
            p->order_tw_end[o] = s + 60 * (30 + (int32_t)cf_rng_below(&rng, 180));
        }
        if (cf_rng_below(&rng, 10) == 0) p->order_skills[o] = 1;
        if (cf_rng_below(&rng, 8) == 0) p->order_penalty[o] = MONEY(cf_rng_below(&rng, 40));
        if (nd > 1 && cf_rng_below(&rng, 20) == 0)
            p->order_depot[o] = (int)cf_rng_below(&rng, (uint32_t)nd);
    }
    for (int v = 0; v < nv; v++) {
        p->veh_depot[v] = v % nd;
        p->veh_courier[v] = (int)cf_rng_below(&rng, 4) - 1;
        p->veh_cap[v * CF_DIMS] = 60000 + 40000 * (v % 3);
        p->veh_cap[v * CF_DIMS + 1] = 400000 + 200000 * (v % 2);
        p->veh_fixed_cost[v] = MONEY(20 + 10 * (v % 3));
        p->veh_cost_per_dist[v] = 800 + 100 * (v % 4);
        p->veh_cost_per_hour[v] = MONEY(v % 2 ? 15 : 0);
        p->veh_shift_start[v] = v % 4 == 3 ? H(8, 0) : H(6, 0);
        p->veh_shift_end[v] = v % 5 == 4 ? H(16, 0) : H(22, 0);
        p->veh_speed_kmh[v] = v % 3 == 2 ? 40.0 : 60.0;
        p->veh_skills[v] = v % 4 == 0 ? 1u : 0u;
        if (v % 6 == 5) p->veh_max_duration[v] = H(5, 0);
        if (v % 7 == 6) p->veh_max_dist[v] = 60000;
    }
    return finish(p);
}

/* ---- solving and checking ---- */

typedef struct result {
    cf_solution s;
    cf_solve_stats st;
} result;

static cf_params params(long iterations, int threads, uint64_t seed)
{
    cf_params prm;
    memset(&prm, 0, sizeof prm);
    prm.time_limit_s = 60;
    prm.iterations = iterations;
    prm.seed = seed;
    prm.threads = threads;
    return prm;
}

static void solve(const cf_problem *p, const cf_params *prm, const volatile sig_atomic_t *stop,
                  result *res)
{
    cf_err err;
    cf_solve_opts opts = {.params = prm, .stop = stop};
    cr_assert_eq(cf_solution_init(&res->s, p, &err), CF_OK);
    cr_assert_eq(cf_solve(p, &opts, &res->s, &res->st, &err), CF_OK, "%s", err.msg);
}

/* The objective recomputed from scratch by models/eval.c. */
static cf_cost objective(const cf_problem *p, const cf_solution *s)
{
    cf_cost total = 0;
    int *buf = calloc((size_t)p->n_orders + 1, sizeof *buf);
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval r;
        int n = cf_eval_route_orders(s, v, buf, p->n_orders);
        cr_assert_geq(n, 0);
        cf_eval_route(p, v, buf, n, s->depart_s[v], &r, NULL);
        total += r.cost;
    }
    for (int o = 0; o < p->n_orders; o++)
        if (s->vehicle[o] < 0 && p->order_penalty[o] >= 0) total += p->order_penalty[o];
    free(buf);
    return total;
}

static void assert_valid(const cf_problem *p, const result *res)
{
    cf_err err;
    cr_assert_eq(cf_solution_check(p, &res->s, &err), CF_OK, "%s", err.msg);
    for (int o = 0; o < p->n_orders; o++)
        cr_assert((res->s.vehicle[o] >= 0) == (res->s.reason[o] == CF_REASON_NONE),
                  "order %d: vehicle %d reason %d", o, res->s.vehicle[o], res->s.reason[o]);
    cr_assert_eq(objective(p, &res->s), res->st.cost, "eval %lld vs solver %lld",
                 (long long)objective(p, &res->s), (long long)res->st.cost);
}

static int route_of(const cf_solution *s, int v, int *out)
{
    int n = 0;
    for (int o = s->first[v]; o >= 0; o = s->next[o])
        out[n++] = o;
    return n;
}

static int vehicles_used(const cf_solution *s)
{
    int n = 0;
    for (int v = 0; v < s->n_vehicles; v++)
        n += s->first[v] >= 0;
    return n;
}

/* ---- tests ---- */

/* 60 s: about 12 CPU seconds in a -O0 ASan+UBSan build (penalised local
 * search and SWAP* do about 3x the work per iteration of version 1). */
Test(solver, random_plans_pass_the_checker, .timeout = 60)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        cf_problem *p = random_problem(80, seed == 1 ? 1 : 3, 10, seed);
        cf_params prm = params(30, 2, seed);
        result res;
        solve(p, &prm, NULL, &res);
        assert_valid(p, &res);
        int routed = 0;
        for (int o = 0; o < p->n_orders; o++)
            routed += res.s.vehicle[o] >= 0;
        cr_assert_gt(routed, p->n_orders / 2, "only %d routed", routed);
        cf_solution_release(&res.s);
        cf_problem_free(p);
    }
}

/* 7 orders, 2 vehicles of 4 kg: every split and every order of visits. */
static int64_t tour(const cf_problem *p, const int *seq, int n)
{
    int64_t d = 0;
    int prev = 0;
    for (int i = 0; i < n; i++) {
        d += cf_dist(p, prev, 1 + seq[i]);
        prev = 1 + seq[i];
    }
    return n ? d + cf_dist(p, prev, 0) : 0;
}

static int64_t best_tour(const cf_problem *p, int *seq, int n, int k)
{
    if (k == n) return tour(p, seq, n);
    int64_t best = INT64_MAX;
    for (int i = k; i < n; i++) {
        int t = seq[k];
        seq[k] = seq[i];
        seq[i] = t;
        int64_t c = best_tour(p, seq, n, k + 1);
        if (c < best) best = c;
        seq[i] = seq[k];
        seq[k] = t;
    }
    return best;
}

Test(solver, finds_the_brute_force_optimum, .timeout = 30)
{
    static const double xy[7][2] = {{2, 9}, {-3, 4}, {7, -1}, {-6, -5}, {1, -8}, {5, 5}, {-8, 2}};
    cf_problem *p = build(1, 7, 2, 1);
    for (int o = 0; o < 7; o++) {
        p->x[1 + o] = xy[o][0];
        p->y[1 + o] = xy[o][1];
    }
    for (int v = 0; v < 2; v++) {
        p->veh_cap[v * CF_DIMS] = 4000;
        p->veh_fixed_cost[v] = MONEY(10);
    }
    finish(p);

    int64_t best = INT64_MAX;
    for (unsigned mask = 0; mask < 128; mask++) {
        int a[7], b[7], na = 0, nb = 0;
        for (int o = 0; o < 7; o++)
            if (mask & (1u << o))
                a[na++] = o;
            else
                b[nb++] = o;
        if (na > 4 || nb > 4) continue;
        int64_t d = best_tour(p, a, na, 0) + best_tour(p, b, nb, 0);
        if (d < best) best = d;
    }
    cf_cost optimum = 2 * MONEY(10) + 1000 * best;

    cf_params prm = params(300, 2, 7);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(res.st.cost, optimum, "cost %lld, optimum %lld", (long long)res.st.cost,
                 (long long)optimum);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, time_windows_force_the_order_of_visits, .timeout = 30)
{
    /* On a line east of the DC at 1, 2, 3 km; windows make the far one
     * first and the near one last: 3 -> 2 -> 1 although 1 -> 2 -> 3 is as
     * short.  Vehicle fixed cost makes one route the best. */
    cf_problem *p = build(1, 3, 2, 1);
    for (int o = 0; o < 3; o++)
        p->x[1 + o] = o + 1;
    p->order_tw_start[2] = H(8, 0), p->order_tw_end[2] = H(8, 10);
    p->order_tw_start[1] = H(8, 20), p->order_tw_end[1] = H(8, 30);
    p->order_tw_start[0] = H(8, 40), p->order_tw_end[0] = H(8, 50);
    p->veh_fixed_cost[0] = p->veh_fixed_cost[1] = MONEY(100);
    p->veh_cost_per_hour[0] = p->veh_cost_per_hour[1] = MONEY(6);
    finish(p);

    cf_params prm = params(50, 1, 1);
    result res;
    int seq[3];
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(vehicles_used(&res.s), 1);
    int v = res.s.first[0] >= 0 ? 0 : 1;
    cr_assert_eq(route_of(&res.s, v, seq), 3);
    cr_assert(seq[0] == 2 && seq[1] == 1 && seq[2] == 0, "got %d %d %d", seq[0], seq[1], seq[2]);
    /* Leaves as late as it can without coming back later: at 08:07, to be
     * at the first order at 08:10, the end of its window (waiting at the
     * DC, not on the road). */
    cr_assert_eq(res.s.depart_s[v], H(8, 7), "leaves at %d s", res.s.depart_s[v]);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, capacity_forces_two_vehicles, .timeout = 30)
{
    cf_problem *p = build(1, 2, 3, 1);
    p->x[1] = 1, p->x[2] = 2;
    p->order_demand[0] = p->order_demand[2] = 600000;
    for (int v = 0; v < 3; v++)
        p->veh_fixed_cost[v] = MONEY(1000);
    finish(p);

    cf_params prm = params(30, 2, 3);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(vehicles_used(&res.s), 2);
    cr_assert_neq(res.s.vehicle[0], res.s.vehicle[1]);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

static cf_problem *two_couriers(cf_sharing sharing)
{
    /* Couriers 0 and 1 alternate along a ring around the DC; each has one
     * van.  Pooled, one van does the ring; separate, both drive it. */
    cf_problem *p = build(1, 8, 2, 2);
    for (int o = 0; o < 8; o++) {
        double a = o * 3.14159265358979 / 4;
        p->x[1 + o] = 5 * cos(a);
        p->y[1 + o] = 5 * sin(a);
        p->order_courier[o] = o % 2;
    }
    for (int v = 0; v < 2; v++) {
        p->veh_courier[v] = v;
        p->veh_fixed_cost[v] = MONEY(50);
    }
    p->sharing = sharing;
    return finish(p);
}

Test(solver, pooling_costs_no_more_than_separate, .timeout = 30)
{
    cf_problem *pooled = two_couriers(CF_SHARING_POOLED);
    cf_problem *separate = two_couriers(CF_SHARING_SEPARATE);
    cf_params prm = params(100, 2, 5);
    result a, b;
    solve(pooled, &prm, NULL, &a);
    solve(separate, &prm, NULL, &b);
    assert_valid(pooled, &a);
    assert_valid(separate, &b);
    cr_assert_leq(a.st.cost, b.st.cost);
    cr_assert_eq(vehicles_used(&a.s), 1);
    cr_assert_eq(vehicles_used(&b.s), 2);
    for (int o = 0; o < 8; o++)
        cr_assert_eq(b.s.vehicle[o], o % 2, "separate: order %d on vehicle %d", o, b.s.vehicle[o]);
    cf_solution_release(&a.s);
    cf_solution_release(&b.s);
    cf_problem_free(pooled);
    cf_problem_free(separate);
}

Test(solver, optional_order_below_its_cost_stays_out, .timeout = 30)
{
    /* o1 is 40 km away: 80 km there and back cost 80 > its penalty of 5. */
    cf_problem *p = build(1, 2, 2, 1);
    p->x[1] = 1;
    p->x[2] = 40;
    p->order_penalty[1] = MONEY(5);
    finish(p);

    cf_params prm = params(30, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_geq(res.s.vehicle[0], 0);
    cr_assert_eq(res.s.vehicle[1], -1);
    cr_assert_eq(res.s.reason[1], CF_REASON_PENALTY_BELOW_COST);
    cr_assert_eq(res.st.cost, MONEY(2) + MONEY(5));
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, optional_order_worth_serving_is_served, .timeout = 30)
{
    cf_problem *p = build(1, 2, 1, 1);
    p->x[1] = 1;
    p->x[2] = 2;
    p->order_penalty[1] = MONEY(5); /* detour 2 km: cost 2 < 5 */
    finish(p);
    cf_params prm = params(30, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_geq(res.s.vehicle[1], 0);
    cr_assert_eq(res.st.cost, MONEY(4));
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

/* The search's working state for a finished problem of at most 8 orders:
 * travel (k neighbours), fleet, empty routes, a seeded context. */
typedef struct rig {
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_ctx ctx;
    int buf[2 * 8 + 2];
} rig;

static void rig_init(rig *g, const cf_problem *p, int k)
{
    cf_err err;
    cr_assert_leq(p->n_orders, 8);
    memset(g, 0, sizeof *g);
    cf_arena_init(&g->ctx.scratch, 64 * 1024);
    cf_rng_seed(&g->ctx.rng, 1, 0);
    g->ctx.buf = g->buf;
    cr_assert_eq(cf_travel_init(&g->tr, p, k, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&g->f, p, &g->tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&g->r, &g->f, &err), CF_OK);
}

/* Runs the local search over every order of g's routes. */
static void rig_ls(rig *g)
{
    cf_ls ls;
    cf_err err;
    cr_assert_eq(cf_ls_init(&ls, &g->f, &g->ctx, &err), CF_OK);
    cf_routes_touch_all(&g->r, ++g->ctx.clock);
    cf_ls_run(&ls, &g->r);
    cr_assert_eq(cf_routes_verify(&g->r, &err), CF_OK, "%s", err.msg);
}

static void rig_release(rig *g)
{
    cf_routes_release(&g->r);
    cf_fleet_release(&g->f);
    cf_travel_release(&g->tr);
    cf_arena_release(&g->ctx.scratch);
}

/* Five optional orders in a row 20 km out, 0.1 km apart: a route through
 * them all is 40.8 km.  One by one none pays its way (40 km for a penalty
 * of `pen`), so only construction placing them all (and the drop moves
 * judging the whole route) can tell whether serving them together pays. */
static cf_problem *far_cluster(double pen)
{
    cf_problem *p = build(1, 5, 1, 1);
    for (int o = 0; o < 5; o++) {
        p->x[1 + o] = 20 + 0.1 * o;
        p->order_penalty[o] = MONEY(pen);
    }
    return finish(p);
}

Test(solver, optional_cluster_worth_a_route_together_is_served, .timeout = 30)
{
    cf_problem *p = far_cluster(30); /* 5 x 30 = 150 > 40.8 */
    cf_params prm = params(30, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    for (int o = 0; o < 5; o++)
        cr_assert_geq(res.s.vehicle[o], 0, "o%d left out", o);
    cr_assert_eq(res.st.cost, MONEY(40.8));
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, optional_route_not_worth_its_cost_is_dropped_whole, .timeout = 30)
{
    /* 5 x 7 = 35 < 40.8, but taking out any single order saves at most
     * 0.2 km, far below its 7: only dropping the route as a whole pays. */
    cf_problem *p = far_cluster(7);
    cf_params prm = params(30, 1, 1);
    cf_move m;
    result res;
    rig g;

    /* the local search alone, from the route through all five */
    rig_init(&g, p, 4);
    cf_move_begin(&m, 1, 0, -1);
    for (int o = 0; o < 5; o++)
        cf_move_piece(&m, 0, CF_PIECE_NODE, o, o);
    cf_routes_apply(&g.r, &m, g.buf, ++g.ctx.clock);
    cr_assert_eq(g.r.cost, MONEY(40.8));
    rig_ls(&g);
    cr_assert_eq(g.r.n_unrouted, 5);
    cr_assert_eq(g.r.cost, MONEY(35));
    rig_release(&g);

    /* and the whole solver */
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    for (int o = 0; o < 5; o++) {
        cr_assert_eq(res.s.vehicle[o], -1, "o%d served", o);
        cr_assert_eq(res.s.reason[o], CF_REASON_PENALTY_BELOW_COST);
    }
    cr_assert_eq(res.st.cost, MONEY(35));
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

/* Mixed fleet: v0 holds 2 orders for a fixed 10, v1 holds 3 for a fixed
 * 12; three orders 10 km out.  Construction puts the first two on v0 (the
 * cheaper start); the third fits only if the route moves to v1 (+2 fixed,
 * +0.4 km), far cheaper than v1 alone (+12, +20.4 km). */
Test(solver, construction_moves_a_full_route_to_a_bigger_vehicle, .timeout = 30)
{
    cf_problem *p = build(1, 3, 2, 1);
    cf_err err;
    rig g;
    for (int o = 0; o < 3; o++)
        p->x[1 + o] = 10 + 0.1 * o;
    p->veh_cap[0 * CF_DIMS + CF_DIM_WEIGHT] = 2000;
    p->veh_cap[1 * CF_DIMS + CF_DIM_WEIGHT] = 3000;
    p->veh_fixed_cost[0] = MONEY(10);
    p->veh_fixed_cost[1] = MONEY(12);
    finish(p);
    rig_init(&g, p, 2);
    cr_assert(cf_construct(&g.r, &g.ctx, true));
    cr_assert_eq(g.r.n_unrouted, 0);
    cr_assert_eq(g.r.len[0], 0);
    cr_assert_eq(g.r.len[1], 3);
    cr_assert_eq(g.r.cost, MONEY(12) + MONEY(20.4));
    cr_assert_eq(cf_routes_verify(&g.r, &err), CF_OK, "%s", err.msg);
    rig_release(&g);
    cf_problem_free(p);
}

/* A limited fleet: one cheap (1 per km) and one dear (2 per km) vehicle,
 * both full.  The long route on the dear vehicle and the short one on the
 * cheap: only trading vehicles helps, no order can move. */
Test(solver, routes_trade_vehicles_when_no_vehicle_is_free, .timeout = 30)
{
    cf_problem *p = build(1, 4, 2, 1);
    cf_move m;
    rig g;
    p->x[1] = 1, p->x[2] = 1.5;     /* short route: 3 km */
    p->x[3] = -10, p->x[4] = -10.5; /* long route: 21 km */
    p->veh_cap[0 * CF_DIMS + CF_DIM_WEIGHT] = 2000;
    p->veh_cap[1 * CF_DIMS + CF_DIM_WEIGHT] = 2000;
    p->veh_cost_per_dist[1] = 2000;
    finish(p);
    rig_init(&g, p, 3);
    cf_move_begin(&m, 2, 0, 1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 0, 0);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 1, 1);
    cf_move_piece(&m, 1, CF_PIECE_NODE, 2, 2);
    cf_move_piece(&m, 1, CF_PIECE_NODE, 3, 3);
    cf_routes_apply(&g.r, &m, g.buf, ++g.ctx.clock);
    cr_assert_eq(g.r.cost, MONEY(3) + MONEY(2 * 21));
    rig_ls(&g);
    cr_assert_eq(g.r.route[2], 0, "the long route is on the cheap vehicle");
    cr_assert_eq(g.r.route[0], 1);
    cr_assert_eq(g.r.cost, MONEY(21) + MONEY(2 * 3));
    rig_release(&g);
    cf_problem_free(p);
}

/* Mixed fixed costs price capacity excess at least at the difference of
 * fixed costs per largest order (else two routes merge into one overloaded
 * vehicle to save a fixed cost); one fixed cost for all keeps the
 * distance-only weights. */
Test(solver_route, capacity_weights_follow_mixed_fixed_costs)
{
    cf_problem *p = build(1, 2, 2, 1);
    cf_travel tr;
    cf_fleet f;
    cf_err err;
    p->x[1] = 1, p->x[2] = 2;
    p->order_demand[CF_DIM_WEIGHT] = 4000; /* the largest order: 4 kg */
    p->veh_fixed_cost[0] = MONEY(10);
    p->veh_fixed_cost[1] = MONEY(50);
    finish(p);
    cr_assert_eq(cf_travel_init(&tr, p, 1, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(f.load_min[CF_DIM_WEIGHT], MONEY(40) / 4000);
    cr_assert_geq(f.pen_init.per_load[CF_DIM_WEIGHT], MONEY(40) / 4000);
    cf_fleet_release(&f);
    p->veh_fixed_cost[1] = MONEY(10);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(f.load_min[CF_DIM_WEIGHT], 1);
    cr_assert_lt(f.pen_init.per_load[CF_DIM_WEIGHT], MONEY(40) / 4000);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_problem_free(p);
}

/* With time limits kept strict in the search (strict_time), a route over
 * its maximum duration is priced, a route with time warp refused. */
Test(solver_route, strict_time_refuses_warp_and_prices_duration)
{
    cf_problem *p = build(1, 2, 1, 1);
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_err err;
    cf_move m;
    cf_penalty w;
    p->x[1] = 10, p->x[2] = -10;   /* 10 km = 600 s each way */
    p->veh_max_duration[0] = 2000; /* one order: 1200 s; both: 2400 s */
    p->order_tw_end[1] = H(0, 20); /* o1 first (00:10) or late (00:30) */
    finish(p);
    cr_assert_eq(cf_travel_init(&tr, p, 1, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&r, &f, &err), CF_OK);
    w = f.pen_init;
    w.strict_time = true;
    cf_routes_set_penalty(&r, &w);
    cf_move_begin(&m, 1, 0, -1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 1, 1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 0, 0);
    cr_assert_eq(cf_routes_eval_move(&r, &m, 0, CF_COST_INF), CF_EVAL_OK);
    cr_assert_eq(m.r[0].ev.pen, 400 * w.per_dur_s);
    cf_move_begin(&m, 1, 0, -1);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 0, 0);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 1, 1);
    cr_assert_eq(cf_routes_eval_move(&r, &m, 0, CF_COST_INF), CF_EVAL_INFEASIBLE);
    cf_routes_release(&r);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_problem_free(p);
}

Test(solver, impossible_skill_is_unassigned_with_its_reason, .timeout = 30)
{
    cf_problem *p = build(1, 3, 2, 1);
    p->x[1] = 1, p->x[2] = 2, p->x[3] = 3;
    p->order_skills[1] = 2; /* alcohol: no vehicle has it */
    p->veh_skills[0] = 1;
    finish(p);
    cf_params prm = params(30, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(res.s.vehicle[1], -1);
    cr_assert_eq(res.s.reason[1], CF_REASON_NO_VEHICLE_WITH_SKILLS);
    cr_assert_geq(res.s.vehicle[0], 0);
    cr_assert_geq(res.s.vehicle[2], 0);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, full_dc_leaves_orders_out_with_depot_capacity, .timeout = 30)
{
    /* The only DC handles 5 kg a night; 8 mandatory orders of 1 kg. */
    cf_problem *p = build(1, 8, 2, 1);
    for (int o = 0; o < 8; o++)
        p->x[1 + o] = 1 + o;
    p->depot_cap[CF_DIM_WEIGHT] = 5000;
    finish(p);
    cf_params prm = params(30, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    int out = 0;
    for (int o = 0; o < 8; o++)
        if (res.s.vehicle[o] < 0) {
            out++;
            cr_assert_eq(res.s.reason[o], CF_REASON_DEPOT_CAPACITY, "order %d: %s", o,
                         cf_reason_str((cf_reason)res.s.reason[o]));
        }
    cr_assert_eq(out, 3);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, orders_move_to_the_other_dc_when_it_is_cheaper, .timeout = 30)
{
    /* Two DCs 20 km apart, a cluster of orders next to each; the west DC's
     * only vehicle is expensive per km, so the search should serve every
     * order from the east, whatever the depot assignment said. */
    cf_problem *p = build(2, 6, 2, 1);
    p->x[0] = 0, p->x[1] = 20;
    for (int o = 0; o < 6; o++) {
        p->x[2 + o] = o < 3 ? 1 : 19;
        p->y[2 + o] = o % 3;
    }
    p->veh_depot[0] = 0, p->veh_depot[1] = 1;
    p->veh_cost_per_dist[0] = 100000; /* 100 per km */
    finish(p);
    cf_params prm = params(100, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    for (int o = 0; o < 6; o++)
        cr_assert_eq(res.s.vehicle[o], 1, "order %d on vehicle %d", o, res.s.vehicle[o]);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

/* 60 s: see random_plans_pass_the_checker. */
Test(solver, same_seed_same_plan_with_1_and_4_threads, .timeout = 60)
{
    cf_problem *p = random_problem(90, 2, 12, 11);
    cf_params p1 = params(30, 1, 42), p4 = params(30, 4, 42);
    result a, b;
    solve(p, &p1, NULL, &a);
    solve(p, &p4, NULL, &b);
    assert_valid(p, &a);
    cr_assert_eq(a.st.cost, b.st.cost);
    cr_assert_eq(a.st.iterations, b.st.iterations);
    cr_assert_arrays_eq(a.s.first, b.s.first, sizeof(int) * (size_t)p->n_vehicles);
    cr_assert_arrays_eq(a.s.depart_s, b.s.depart_s, sizeof(int32_t) * (size_t)p->n_vehicles);
    cr_assert_arrays_eq(a.s.next, b.s.next, sizeof(int) * (size_t)p->n_orders);
    cr_assert_arrays_eq(a.s.vehicle, b.s.vehicle, sizeof(int) * (size_t)p->n_orders);
    cr_assert_arrays_eq(a.s.reason, b.s.reason, (size_t)p->n_orders);
    cf_solution_release(&a.s);
    cf_solution_release(&b.s);
    cf_problem_free(p);
}

Test(solver, stop_flag_set_before_solving_returns_a_valid_plan, .timeout = 30)
{
    static volatile sig_atomic_t stop = 1;
    cf_problem *p = random_problem(300, 2, 30, 5);
    cf_params prm = params(0, 2, 1);
    result res;
    prm.time_limit_s = 1000; /* the test's timeout is the hang guard */
    solve(p, &prm, &stop, &res);
    assert_valid(p, &res);
    cr_assert_eq(res.st.stopped_by_signal, 1);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

Test(solver, time_limit_ends_the_search, .timeout = 30)
{
    cf_problem *p = random_problem(200, 2, 20, 8);
    cf_params prm = params(0, 2, 1);
    result res;
    prm.time_limit_s = 1.0; /* the test's timeout is the hang guard */
    solve(p, &prm, NULL, &res);
    cr_assert_eq(res.st.stopped_by_time, 1);
    assert_valid(p, &res);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

static int progress_calls;
static void on_progress(void *ctx, const char *phase, double elapsed, cf_cost best, int used,
                        int unassigned)
{
    (void)ctx, (void)elapsed, (void)best, (void)used, (void)unassigned;
    cr_assert(strcmp(phase, "screen") == 0 || strcmp(phase, "neighbours") == 0 ||
              strcmp(phase, "assign") == 0 || strcmp(phase, "construct") == 0 ||
              strcmp(phase, "search") == 0);
    progress_calls++;
}

Test(solver, reports_progress, .timeout = 30)
{
    cf_problem *p = random_problem(60, 1, 8, 3);
    cf_params prm = params(20, 1, 1);
    cf_solve_opts opts = {.params = &prm, .progress = on_progress};
    cf_solution s;
    cf_err err;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_solve(p, &opts, &s, NULL, &err), CF_OK);
    cr_assert_geq(progress_calls, 4);
    cf_solution_release(&s);
    cf_problem_free(p);
}

Test(solver, empty_problems, .timeout = 30)
{
    cf_problem *p = finish(build(1, 0, 2, 1));
    cf_params prm = params(10, 1, 1);
    result res;
    solve(p, &prm, NULL, &res);
    cr_assert_eq(res.st.cost, 0);
    cf_solution_release(&res.s);
    cf_problem_free(p);

    p = build(1, 3, 0, 1);
    p->order_penalty[2] = MONEY(3);
    finish(p);
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(res.st.cost, MONEY(3));
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

/* ---- the machinery ---- */

Test(solver_route, courier_masks_agree_with_can_carry)
{
    for (int sharing = 0; sharing < 2; sharing++) {
        cf_problem *p = random_problem(80, 3, 24, 17);
        cf_travel tr;
        cf_fleet f;
        cf_err err;
        p->sharing = (cf_sharing)sharing;
        p->depot_couriers[1] = 3; /* couriers 0 and 1 only */
        cr_assert_eq(cf_travel_init(&tr, p, 10, NULL, &err), CF_OK);
        cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
        for (int v = 0; v < p->n_vehicles; v++)
            for (int o = 0; o < p->n_orders; o++)
                cr_assert_eq(cf_fleet_carries(&f, v, &f.node[o]), cf_problem_can_carry(p, v, o),
                             "vehicle %d order %d", v, o);
        cf_fleet_release(&f);
        cf_travel_release(&tr);
        cf_problem_free(p);
    }
}

Test(solver_route, neighbour_lists_are_the_nearest)
{
    cf_problem *p = random_problem(400, 1, 2, 23);
    cf_travel tr;
    cf_err err;
    for (int o = 0; o < p->n_orders; o++) { /* no windows: lists by distance alone */
        p->order_tw_start[o] = 0;
        p->order_tw_end[o] = CF_TIME_INF;
    }
    cr_assert_eq(cf_travel_init(&tr, p, 12, NULL, &err), CF_OK);
    for (int u = 0; u < p->n_orders; u++) {
        const int *nb = cf_travel_nbr(&tr, u);
        int32_t kth = cf_dist(p, 1 + u, 1 + nb[tr.k - 1]);
        int closer = 0;
        for (int v = 0; v < p->n_orders; v++)
            if (v != u && cf_dist(p, 1 + u, 1 + v) < kth) closer++;
        cr_assert_lt(closer, tr.k, "order %d", u);
        for (int j = 1; j < tr.k; j++)
            cr_assert_leq(cf_dist(p, 1 + u, 1 + nb[j - 1]), cf_dist(p, 1 + u, 1 + nb[j]));
    }
    cf_travel_release(&tr);
    cf_problem_free(p);
}

/* Three identical vehicles: a move that fills the type's first vehicle and
 * empties its second must leave the second as the first empty one.  The
 * hint once stepped over it, because the emptied route still counted as
 * used while the filled one was written. */
Test(solver_route, a_move_that_empties_a_route_keeps_the_free_vehicle_exact)
{
    cf_problem *p = build(1, 4, 3, 1);
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_err err;
    cf_move m;
    int buf[2 * 4 + 2];
    for (int o = 0; o < 4; o++)
        p->x[1 + o] = 1 + o;
    finish(p);
    cr_assert_eq(cf_travel_init(&tr, p, 3, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(f.n_types, 1, "the three vehicles are one type");
    cr_assert_eq(cf_routes_init(&r, &f, &err), CF_OK);
    int v0 = f.type_veh[0], v1 = f.type_veh[1], v2 = f.type_veh[2];

    cf_move_begin(&m, 1, v0, -1); /* o0 o1 on the first vehicle */
    cf_move_piece(&m, 0, CF_PIECE_NODE, 0, 0);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 1, 1);
    cf_routes_apply(&r, &m, buf, 1);
    cf_move_begin(&m, 1, v1, -1); /* o2 o3 on the second */
    cf_move_piece(&m, 0, CF_PIECE_NODE, 2, 2);
    cf_move_piece(&m, 0, CF_PIECE_NODE, 3, 3);
    cf_routes_apply(&r, &m, buf, 2);
    cr_assert_eq(cf_routes_free_vehicle(&r, 0), v2);
    cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);

    cf_move_begin(&m, 2, v0, v1); /* all four on the first, the second empty */
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r.first[v0], -1);
    cf_move_piece(&m, 0, CF_PIECE_SUFFIX, r.first[v1], -1);
    cf_routes_apply(&r, &m, buf, 3);
    cr_assert_eq(r.len[v0], 4);
    cr_assert_eq(r.len[v1], 0);
    cr_assert_eq(cf_routes_free_vehicle(&r, 0), v1);
    cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);

    cf_routes_release(&r);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_problem_free(p);
}

/* Random moves of every neighbourhood: the predicted delta is what applying
 * the move does, caches stay exact, and each route costs what eval.c says. */
Test(solver_route, move_deltas_match_and_caches_stay_exact, .timeout = 30)
{
    cf_problem *p = random_problem(100, 2, 14, 29);
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_ctx ctx;
    cf_err err;
    cf_rng rng;
    int *orders = calloc(200, sizeof *orders);

    memset(&ctx, 0, sizeof ctx);
    cf_arena_init(&ctx.scratch, 0);
    ctx.buf = calloc(2 * 100 + 2, sizeof *ctx.buf);
    cf_rng_seed(&rng, 3, 3);
    cr_assert_eq(cf_travel_init(&tr, p, 15, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&r, &f, &err), CF_OK);
    cf_construct(&r, &ctx, false);
    cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);

    int applied = 0;
    for (int it = 0; it < 20000; it++) {
        int u = (int)cf_rng_below(&rng, 100),
            v = tr.nbr[u * tr.k + (int)cf_rng_below(&rng, (uint32_t)tr.k)];
        if (r.route[u] < 0 || r.route[v] < 0) continue;
        const cf_nbh *nb = cf_nbh_all[cf_rng_below(&rng, (uint32_t)cf_nbh_count)];
        cf_move m;
        m.delta = CF_COST_INF; /* any allowed move, improving or not */
        if (!nb->evaluate(&r, u, v, &m)) continue;
        cf_cost before = cf_routes_value(&r);
        nb->apply(&r, &m, ctx.buf, (uint64_t)it + 1);
        cr_assert_eq(cf_routes_value(&r) - before, m.delta, "%s", nb->name);
        applied++;
        if (it % 97 == 0)
            cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s: %s", nb->name, err.msg);
    }
    cr_assert_gt(applied, 1000);
    cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval ev; /* models/eval.h's */
        int n = 0;
        for (int o = r.first[v]; o >= 0; o = r.next[o])
            orders[n++] = o;
        cf_eval_route(p, v, orders, n, r.ev[v].depart, &ev, NULL);
        cr_assert_eq(ev.cost, r.ev[v].cost, "vehicle %d", v);
        cr_assert(ev.n_late == 0 && ev.return_late_s == 0 && ev.early_s == 0 && !ev.t0_not_minute &&
                      ev.duration_over_s == 0 && ev.dist_over == 0 && ev.cap_over[0] == 0 &&
                      ev.cap_over[1] == 0 && ev.n_not_carriable == 0,
                  "vehicle %d infeasible", v);
    }
    cf_routes_release(&r);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_arena_release(&ctx.scratch);
    free(ctx.buf);
    free(orders);
    cf_problem_free(p);
}

/* SWAP* between every pair of routes: the predicted delta is what applying
 * the move does and the caches stay exact (Vidal 2022, section 4). */
Test(solver_route, swap_star_deltas_match_and_caches_stay_exact, .timeout = 30)
{
    cf_problem *p = random_problem(100, 2, 14, 41);
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_ctx ctx;
    cf_err err;

    memset(&ctx, 0, sizeof ctx);
    cf_arena_init(&ctx.scratch, 0);
    ctx.buf = calloc(2 * 100 + 2, sizeof *ctx.buf);
    cr_assert_eq(cf_travel_init(&tr, p, 15, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&r, &f, &err), CF_OK);
    cf_construct(&r, &ctx, false);
    cf_swap_star *ss = cf_swap_star_create(&ctx.scratch, p);
    cr_assert(cf_swap_star_usable(ss));

    int applied = 0;
    for (int pass = 0; pass < 3; pass++)
        for (int v1 = 0; v1 < p->n_vehicles; v1++)
            for (int v2 = 0; v2 < p->n_vehicles; v2++) {
                cf_move m;
                if (v1 == v2) continue;
                m.delta = CF_COST_INF;
                if (!cf_swap_star_evaluate(&r, ss, v1, v2, &m)) continue;
                cf_cost before = cf_routes_value(&r);
                cf_routes_apply(&r, &m, ctx.buf, (uint64_t)applied + 1);
                cr_assert_eq(cf_routes_value(&r) - before, m.delta);
                cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);
                applied++;
            }
    cr_assert_gt(applied, 0);
    cf_routes_release(&r);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_arena_release(&ctx.scratch);
    free(ctx.buf);
    cf_problem_free(p);
}

/* Under penalties (capacity and time excess priced, not rejected) random
 * moves still predict their delta exactly, the violation counts stay exact,
 * and re-costing under other weights agrees with the from-scratch check. */
Test(solver_route, penalised_moves_keep_caches_exact, .timeout = 30)
{
    cf_problem *p = random_problem(100, 2, 10, 43);
    cf_travel tr;
    cf_fleet f;
    cf_routes r;
    cf_ctx ctx;
    cf_err err;
    cf_rng rng;

    memset(&ctx, 0, sizeof ctx);
    cf_arena_init(&ctx.scratch, 0);
    ctx.buf = calloc(2 * 100 + 2, sizeof *ctx.buf);
    cf_rng_seed(&rng, 5, 5);
    cr_assert_eq(cf_travel_init(&tr, p, 15, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&r, &f, &err), CF_OK);
    cf_construct(&r, &ctx, false);
    cr_assert(!f.pen_init.strict);
    cf_routes_set_penalty(&r, &f.pen_init);
    cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);

    int applied = 0, infeasible = 0;
    for (int it = 0; it < 20000; it++) {
        int u = (int)cf_rng_below(&rng, 100),
            v = tr.nbr[u * tr.k + (int)cf_rng_below(&rng, (uint32_t)tr.k)];
        if (r.route[u] < 0 || r.route[v] < 0) continue;
        const cf_nbh *nb = cf_nbh_all[cf_rng_below(&rng, (uint32_t)cf_nbh_count)];
        cf_move m;
        m.delta = CF_COST_INF;
        if (!nb->evaluate(&r, u, v, &m)) continue;
        cf_cost before = cf_routes_value(&r);
        nb->apply(&r, &m, ctx.buf, (uint64_t)it + 1);
        cr_assert_eq(cf_routes_value(&r) - before, m.delta, "%s", nb->name);
        applied++;
        infeasible += !cf_routes_feasible(&r);
        if (it % 97 == 0)
            cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s: %s", nb->name, err.msg);
        if (it % 1009 == 0) {
            cf_penalty w = r.w;
            w.per_load[0] *= 3;
            w.per_tw_s = w.per_tw_s * 2 + 1;
            cf_routes_set_penalty(&r, &w);
            cr_assert_eq(cf_routes_verify(&r, &err), CF_OK, "%s", err.msg);
        }
    }
    cr_assert_gt(applied, 1000);
    cr_assert_gt(infeasible, 0, "the penalised search never left the feasible region");
    cf_routes_set_penalty(&r, &f.pen);
    cr_assert_eq(r.pen, 0);
    cf_routes_release(&r);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_arena_release(&ctx.scratch);
    free(ctx.buf);
    cf_problem_free(p);
}

Test(solver, out_of_memory_at_every_allocation_is_clean, .timeout = 30)
{
    cf_problem *p = random_problem(30, 2, 6, 31);
    cf_params prm = params(3, 1, 1);
    cf_solve_opts opts = {.params = &prm};
    cf_solution s;
    cf_err err;
    cf_status rc = CF_ENOMEM;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    for (long n = 0; n < 10000 && rc != CF_OK; n++) {
        cf_alloc_fail_after(n);
        rc = cf_solve(p, &opts, &s, NULL, &err);
        cf_alloc_fail_after(-1);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "allocation %ld: %s", n, cf_status_str(rc));
    }
    cr_assert_eq(rc, CF_OK);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_OK, "%s", err.msg);
    cf_solution_release(&s);
    cf_problem_free(p);
}

/* After set-up, a stream's iterations allocate nothing: every allocation
 * would fail here, and the stream still runs and stays exact. */
Test(solver_route, search_iterations_allocate_nothing, .timeout = 30)
{
    cf_problem *p = random_problem(80, 2, 10, 37);
    cf_travel tr;
    cf_fleet f;
    cf_routes init;
    cf_stream st;
    cf_ctx ctx;
    cf_err err;

    memset(&ctx, 0, sizeof ctx);
    cf_arena_init(&ctx.scratch, 0);
    ctx.buf = calloc(2 * 80 + 2, sizeof *ctx.buf);
    cr_assert_eq(cf_travel_init(&tr, p, 15, NULL, &err), CF_OK);
    cr_assert_eq(cf_fleet_init(&f, p, &tr, NULL, NULL, &err), CF_OK);
    cr_assert_eq(cf_routes_init(&init, &f, &err), CF_OK);
    cf_construct(&init, &ctx, false);
    cr_assert_eq(cf_stream_init(&st, &f, &init, &cf_search_defaults, 5, 1, &err), CF_OK);
    st.it_total = 100;
    st.temp0 = 1e6;
    st.temp_f = 1e4;
    cf_alloc_fail_after(0);
    for (int i = 0; i < 100; i++)
        cf_stream_iterate(&st);
    cf_alloc_fail_after(-1);
    cr_assert_eq(cf_routes_verify(&st.cur, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_routes_verify(&st.best, &err), CF_OK, "%s", err.msg);
    cr_assert_leq(cf_routes_value(&st.best), cf_routes_value(&init));
    cf_stream_release(&st);
    cf_routes_release(&init);
    cf_fleet_release(&f);
    cf_travel_release(&tr);
    cf_arena_release(&ctx.scratch);
    free(ctx.buf);
    cf_problem_free(p);
}

/* cf_fast_dist is cf_dist, exactly, on the plane and on lat/lon (its
 * series for asin and its rounding check), for points a city apart and a
 * country apart. */
Test(solver, fast_distance_is_the_exact_distance)
{
    for (int kind = 0; kind < 2; kind++) {
        cf_rng rng;
        cf_problem *p = build(1, 400, 1, 1);
        cf_travel tr;
        cf_err err;
        cf_rng_seed(&rng, 7, (uint64_t)kind);
        if (kind == 1) {
            p->coord_kind = CF_COORD_LATLON;
            p->road_factor = 1.3;
            p->dist_unit_km = 0.001;
        }
        for (int i = 0; i < 401; i++) {
            double spread = i < 200 ? 0.3 : 8.0; /* a city, then a country (degrees) */
            if (kind == 1) {
                p->x[i] = 139.7 + spread * (cf_rng_double(&rng) - 0.5);
                p->y[i] = 35.6 + spread * (cf_rng_double(&rng) - 0.5);
            } else {
                p->x[i] = 100.0 * spread * cf_rng_double(&rng);
                p->y[i] = 100.0 * spread * cf_rng_double(&rng);
            }
        }
        p = finish(p);
        cr_assert_eq(cf_travel_init(&tr, p, 5, NULL, &err), CF_OK);
        for (int i = 0; i < 401; i++)
            for (int j = 0; j < 401; j++)
                cr_assert_eq(cf_fast_dist(&tr, p, i, j), cf_dist(p, i, j), "kind %d, %d-%d", kind,
                             i, j);
        cf_travel_release(&tr);
        cf_problem_free(p);
    }
}

/* A mandatory cold order that fits only where a plain order sits.
 * One DC, a cold van and a plain van of 10 kg each; two 8 kg orders, one
 * needing the cold chain.  The plain order rides the cold van (as a search
 * that filled it first leaves it): no insertion of the cold order is
 * allowed as the plan stands.  The ejection pass moves the plain order to
 * the plain van and serves the cold one; the plan checks. */
Test(solver, ejection_serves_a_mandatory_order_by_moving_another)
{
    cf_problem *p = build(1, 2, 2, 1);
    cf_solution s;
    cf_routes tmp[3];
    cf_err err;
    cf_move m;
    rig g;
    const int plain = 0, cold = 1, van_cold = 0, van_plain = 1;
    p->x[1] = 2, p->x[2] = 3;
    for (int o = 0; o < 2; o++)
        p->order_demand[o * CF_DIMS] = 8000;
    p->order_skills[cold] = 1; /* "cold" */
    for (int v = 0; v < 2; v++)
        p->veh_cap[v * CF_DIMS] = 10000;
    p->veh_skills[van_cold] = 1;
    p = finish(p);
    rig_init(&g, p, 1);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(cf_routes_init(&tmp[i], &g.f, &err), CF_OK);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cf_solution_set_route(&s, van_cold, &plain, 1, H(8, 0));
    cr_assert(cf_routes_import(&g.r, &s, g.buf));
    cf_insert_opts o = {.only_dc = -1, .full_scan = 2};
    cr_assert(!cf_insert_best(&g.r, cold, &o, &m, NULL), "a plain insertion was possible");
    cr_assert_eq(g.r.mand_out, 1);

    cr_assert_eq(cf_eject_pass(&g.r, &g.ctx, 2, tmp, 100), 1);
    cr_assert_eq(g.r.mand_out, 0);
    cr_assert_eq(g.r.route[cold], van_cold);
    cr_assert_eq(g.r.route[plain], van_plain);
    cr_assert_eq(cf_routes_verify(&g.r, &err), CF_OK, "%s", err.msg);
    cf_routes_export(&g.r, &s, g.buf);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_OK, "%s", err.msg);
    cf_solution_release(&s);
    for (int i = 0; i < 3; i++)
        cf_routes_release(&tmp[i]);
    rig_release(&g);
    cf_problem_free(p);
}

/* The same trap solved whole under a work limit: the plain order comes
 * first in every order the construction could take, yet both are served. */
Test(solver, a_scarce_van_goes_to_the_order_that_needs_it, .timeout = 30)
{
    cf_problem *p = build(1, 2, 2, 1);
    result res;
    p->x[1] = 2, p->x[2] = 3;
    for (int o = 0; o < 2; o++)
        p->order_demand[o * CF_DIMS] = 8000;
    p->order_skills[1] = 1;
    for (int v = 0; v < 2; v++)
        p->veh_cap[v * CF_DIMS] = 10000;
    p->veh_skills[0] = 1;
    p->veh_fixed_cost[1] = MONEY(5); /* the plain van costs more: cost alone picks the cold one */
    p = finish(p);
    cf_params prm = params(20, 1, 1);
    solve(p, &prm, NULL, &res);
    assert_valid(p, &res);
    cr_assert_eq(res.s.vehicle[1], 0);
    cr_assert_eq(res.s.vehicle[0], 1);
    cf_solution_release(&res.s);
    cf_problem_free(p);
}

/* With windows, a neighbour is among the 3k nearest, ranked by the
 * correlation of Vidal et al. 2013: an order whose window cannot follow (or
 * precede) drops behind one farther away whose window can. */
Test(solver_route, neighbour_lists_with_windows_follow_the_clock)
{
    cf_problem *p = build(1, 3, 1, 1);
    cf_travel tr;
    cf_err err;
    p->x[1] = 0, p->x[2] = 1, p->x[3] = 2; /* km; 60 s a km */
    p->order_tw_start[0] = H(8, 0), p->order_tw_end[0] = H(8, 10);
    p->order_tw_start[1] = H(20, 0), p->order_tw_end[1] = H(20, 10); /* near, at night */
    p->order_tw_start[2] = H(8, 20), p->order_tw_end[2] = H(8, 30);  /* farther, next */
    p = finish(p);
    cr_assert_eq(cf_travel_init(&tr, p, 1, NULL, &err), CF_OK);
    cr_assert_eq(cf_travel_nbr(&tr, 0)[0], 2);
    cf_travel_release(&tr);
    cf_problem_free(p);

    p = random_problem(400, 1, 2, 23);
    cr_assert_eq(cf_travel_init(&tr, p, 12, NULL, &err), CF_OK);
    for (int u = 0; u < p->n_orders; u++)
        for (int j = 0; j < tr.k; j++) {
            int32_t d = cf_dist(p, 1 + u, 1 + cf_travel_nbr(&tr, u)[j]);
            int closer = 0;
            for (int v = 0; v < p->n_orders; v++)
                if (v != u && cf_dist(p, 1 + u, 1 + v) < d) closer++;
            cr_assert_lt(closer, 3 * tr.k, "order %d, neighbour %d", u, j);
        }
    cf_travel_release(&tr);
    cf_problem_free(p);
}
