/*
 * The independent checker (models/check.h), the route evaluation
 * (models/eval.h) and the KPIs (models/kpi.h) on the hand-made problem of
 * tests/handmade.h: exact figures worked out on paper, and each kind of
 * violation caught on a hand-made solution.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "models/alloc.h"
#include "models/check.h"
#include "models/eval.h"
#include "models/kpi.h"
#include "tests/handmade.h"

static cf_problem *P;
static cf_solution S;

static void setup(void)
{
    cf_err err;
    P = hm_problem();
    cr_assert_not_null(P);
    cr_assert_eq(cf_solution_init(&S, P, &err), CF_OK);
    hm_solution(&S);
}

static void teardown(void)
{
    cf_solution_release(&S);
    cf_problem_free(P);
}

TestSuite(check, .init = setup, .fini = teardown, .timeout = 10);

/* Asserts the checker rejects S with a message containing `needle`. */
static void expect_violation(const char *needle)
{
    cf_violations v;
    cf_err err;
    int found = 0;

    cf_violations_init(&v);
    cr_assert_eq(cf_solution_check_all(P, &S, &v, &err), CF_EINFEAS, "accepted; wanted: %s",
                 needle);
    for (int i = 0; i < v.len; i++)
        found |= strstr(v.msg[i], needle) != NULL;
    if (!found)
        for (int i = 0; i < v.len; i++)
            cr_log_error("got: %s", v.msg[i]);
    cr_assert(found, "no violation says: %s", needle);
    cr_assert_eq(cf_solution_check(P, &S, &err), CF_EINFEAS);
    cf_violations_release(&v);
}

static void expect_valid(void)
{
    cf_violations v;
    cf_err err;
    cf_violations_init(&v);
    cf_status rc = cf_solution_check_all(P, &S, &v, &err);
    for (int i = 0; i < v.len; i++)
        cr_log_error("violation: %s", v.msg[i]);
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    cr_assert_eq(v.total, 0);
    cf_violations_release(&v);
    cr_assert_eq(cf_solution_check(P, &S, &err), CF_OK, "%s", err.msg);
}

/* Only vehicle v serving orders[0 .. n) from t0; every other order unassigned
 * with a reason the checker does not verify. */
static void only_route(int v, const int *orders, int n, int32_t t0)
{
    cf_solution_clear(&S);
    cf_solution_set_route(&S, v, orders, n, t0);
}

/* ---- evaluation and costs ---------------------------------------------------------------- */

Test(check, eval_reference_route_is_exact)
{
    int a[] = {HM_O0, HM_O1};
    cf_stop_eval st[4];
    cf_route_eval r;

    cf_eval_route(P, HM_VANA, a, 2, HM_H(8, 0), &r, st);
    cr_assert_eq(st[0].depart_s, HM_H(8, 0));
    cr_assert_eq(st[0].load[CF_DIM_WEIGHT], 30000);
    cr_assert_eq(st[0].load[CF_DIM_VOLUME], 300000);
    cr_assert_eq(st[1].order, HM_O0);
    cr_assert_eq(st[1].arrival_s, HM_H(8, 5));
    cr_assert_eq(st[1].start_s, HM_H(8, 5));
    cr_assert_eq(st[1].depart_s, HM_H(8, 15));
    cr_assert_eq(st[1].dist, 5000);
    cr_assert_eq(st[1].load[CF_DIM_WEIGHT], 20000);
    cr_assert_eq(st[2].arrival_s, HM_H(8, 19));
    cr_assert_eq(st[2].depart_s, HM_H(8, 24));
    cr_assert_eq(st[2].dist, 9000);
    cr_assert_eq(st[2].load[CF_DIM_WEIGHT], 0);
    cr_assert_eq(st[3].order, -1);
    cr_assert_eq(st[3].arrival_s, HM_H(8, 27));
    cr_assert_eq(st[3].dist, 12000);
    cr_assert_eq(r.return_s, HM_H(8, 27));
    cr_assert_eq(r.duration_s, 27 * 60);
    cr_assert_eq(r.dist, 12000);
    cr_assert_eq(r.cost_fixed, HM_MONEY(100));
    cr_assert_eq(r.cost_dist, HM_MONEY(12));
    cr_assert_eq(r.cost_time, HM_MONEY(9)); /* 20 per hour x 0.45 h */
    cr_assert_eq(r.cost, HM_MONEY(121));
    cr_assert_eq(r.n_late + r.n_not_carriable, 0);
    cr_assert_eq(r.return_late_s + r.early_s + r.duration_over_s + r.dist_over, 0);
}

Test(check, eval_waits_for_the_window)
{
    int a[] = {HM_O0};
    cf_stop_eval st[3];
    cf_route_eval r;
    cf_eval_route(P, HM_VANA, a, 1, HM_H(7, 0), &r, st);
    cr_assert_eq(st[1].arrival_s, HM_H(7, 5));
    cr_assert_eq(st[1].start_s, HM_H(8, 0));
    cr_assert_eq(st[1].depart_s, HM_H(8, 10));
    cr_assert_eq(r.return_s, HM_H(8, 15));
}

Test(check, time_cost_rounds_half_away_from_zero)
{
    cr_assert_eq(cf_eval_time_cost(HM_MONEY(20), 1), 5556); /* 5555.56 */
    cr_assert_eq(cf_eval_time_cost(1, 1800), 1);            /* 0.5 */
    cr_assert_eq(cf_eval_time_cost(1, 1799), 0);
    cr_assert_eq(cf_eval_time_cost(HM_MONEY(20), 1620), HM_MONEY(9));
    cr_assert_eq(cf_eval_time_cost(HM_MONEY(36), 100000000), HM_MONEY(1000000));
}

Test(check, kpi_reference_totals)
{
    cf_kpi k;
    cf_err err;
    cr_assert_eq(cf_kpi_compute(P, &S, 0.9, &k, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(k.cost, HM_TOTAL_COST);
    cr_assert_eq(k.fleet.cost_fixed, HM_MONEY(240));
    cr_assert_eq(k.fleet.cost_dist, HM_MONEY(42));
    cr_assert_eq(k.fleet.cost_time, HM_MONEY(9));
    cr_assert_eq(k.orders.penalty, HM_MONEY(57));
    cr_assert_eq(k.fleet.vehicles_used, 3);
    cr_assert_eq(k.fleet.dist, 30000);
    cr_assert_float_eq(k.km, 30.0, 1e-9);
    cr_assert_float_eq(k.co2_kg, 27.0, 1e-9);
    cr_assert_eq(k.fleet.route_s, 2700);
    cr_assert_eq(k.orders.orders, 8);
    cr_assert_eq(k.orders.served, 5);
    cr_assert_eq(k.orders.unassigned, 3);
    cr_assert_eq(k.orders.mandatory_unassigned, 1);
    cr_assert_eq(k.orders.served_amount[CF_DIM_WEIGHT], 40000);
    cr_assert_eq(k.orders.served_amount[CF_DIM_VOLUME], 400000);
    /* vanA max(30/50, 0.3/1) = 0.6, vanB max(8/30, 0.08/0.5), vanS 2/40 */
    cr_assert_float_eq(k.fleet.mean_load_factor, (0.6 + 8.0 / 30.0 + 0.05) / 3.0, 1e-12);

    /* courier A: its orders o0 o1 o4 o6 o7, its vehicles vanA vanS */
    cr_assert_eq(k.courier_orders[0].orders, 5);
    cr_assert_eq(k.courier_orders[0].served, 3);
    cr_assert_eq(k.courier_orders[0].mandatory_unassigned, 1);
    cr_assert_eq(k.courier_orders[0].penalty, HM_MONEY(7));
    cr_assert_eq(k.courier_fleet[0].vehicles_used, 2);
    cr_assert_eq(k.courier_fleet[0].dist, 18000);
    cr_assert_eq(k.courier_fleet[0].cost, HM_MONEY(187));
    cr_assert_eq(k.courier_fleet[1].cost, HM_MONEY(104));
    cr_assert_eq(k.courier_orders[2].penalty, HM_MONEY(50));
    cr_assert_eq(k.courier_fleet[2].vehicles_used, 0);
    cr_assert_eq(k.shared.vehicles_used, 0);

    /* north: vanA and vanB, o0 o1 o2 o5 = 38 kg of its 100 */
    cr_assert_eq(k.depot[0].fleet.vehicles_used, 2);
    cr_assert_eq(k.depot[0].orders.served, 4);
    cr_assert_eq(k.depot[0].orders.served_amount[CF_DIM_WEIGHT], 38000);
    cr_assert_eq(k.depot[0].fleet.cost, HM_MONEY(225));
    cr_assert_float_eq(k.depot[0].utilisation[CF_DIM_WEIGHT], 0.38, 1e-12);
    cr_assert_float_eq(k.depot[0].utilisation[CF_DIM_VOLUME], -1.0, 0);
    cr_assert_eq(k.depot[0].fixed_cost, HM_MONEY(500));
    cr_assert_eq(k.depot[1].fleet.dist, 6000);
    cr_assert_eq(k.depot_fixed_cost, HM_MONEY(800));
    cf_kpi_release(&k);
}

/* ---- a valid solution -------------------------------------------------------------------- */

Test(check, accepts_the_reference_solution)
{
    expect_valid();
}

Test(check, accepts_an_empty_plan_of_unassigned_orders)
{
    cf_solution_clear(&S); /* every order not_placed_in_time: a reason, not verified */
    expect_valid();
}

Test(check, accepts_true_no_allowed_depot)
{
    int a[] = {HM_O0, HM_O1}, c[] = {HM_O4};
    P->depot_couriers[0] = 1u; /* north: courier A only; B and C have no DC left */
    cf_solution_clear(&S);
    cf_solution_set_route(&S, HM_VANA, a, 2, HM_H(8, 0));
    cf_solution_set_route(&S, HM_VANS, c, 1, HM_H(6, 0));
    S.reason[HM_O2] = S.reason[HM_O5] = S.reason[HM_O3] = CF_REASON_NO_ALLOWED_DEPOT;
    expect_valid();
}

/* ---- each rule --------------------------------------------------------------------------- */

Test(check, catches_time_window)
{
    int a[] = {HM_O0, HM_O1};
    only_route(HM_VANA, a, 2, HM_H(9, 0));
    expect_violation("vehicle 'vanA': order 'o0' starts at 09:05 after its window ends at 09:00");
}

Test(check, catches_return_after_shift_end)
{
    int a[] = {HM_O1};
    only_route(HM_VANA, a, 1, HM_H(18, 55));
    expect_violation("vehicle 'vanA': returns at 19:06 after its shift ends at 19:00");
}

Test(check, catches_return_after_dc_close)
{
    int a[] = {HM_O1};
    P->veh_shift_end[HM_POOL] = HM_H(23, 0); /* past finalize's clipping: the DC rule must hold */
    only_route(HM_POOL, a, 1, HM_H(19, 55));
    expect_violation("vehicle 'pool': returns at 20:06 after DC 'north' closes at 20:00");
}

Test(check, catches_departure_before_shift_start)
{
    int a[] = {HM_O1};
    only_route(HM_VANA, a, 1, HM_H(6, 30));
    expect_violation("vehicle 'vanA': leaves at 06:30 before its shift starts at 07:00");
}

Test(check, catches_departure_before_dc_open)
{
    int a[] = {HM_O1};
    P->veh_shift_start[HM_POOL] = 0;
    only_route(HM_POOL, a, 1, HM_H(5, 0));
    expect_violation("vehicle 'pool': leaves at 05:00 before DC 'north' opens at 06:00");
}

Test(check, catches_departure_off_the_minute)
{
    int a[] = {HM_O1};
    only_route(HM_VANA, a, 1, HM_H(8, 0) + 30);
    expect_violation("vehicle 'vanA': leaves at 08:00:30, not on a whole minute");
}

Test(check, catches_weight_capacity)
{
    int a[] = {HM_O0, HM_O1};
    P->veh_cap[HM_POOL * CF_DIMS + CF_DIM_WEIGHT] = 25000;
    only_route(HM_POOL, a, 2, HM_H(8, 0));
    expect_violation("vehicle 'pool': load 30.000 kg over its capacity 25.000 kg");
}

Test(check, catches_volume_capacity)
{
    int a[] = {HM_O0, HM_O1};
    P->veh_cap[HM_POOL * CF_DIMS + CF_DIM_VOLUME] = 250000;
    only_route(HM_POOL, a, 2, HM_H(8, 0));
    expect_violation("vehicle 'pool': load 0.300000 m3 over its capacity 0.250000 m3");
}

Test(check, catches_max_duration)
{
    P->veh_max_duration[HM_VANA] = 20 * 60;
    expect_violation("vehicle 'vanA': route lasts 0:27, over its max duration of 0:20");
}

Test(check, catches_max_distance)
{
    P->veh_max_dist[HM_VANA] = 10000;
    expect_violation("vehicle 'vanA': route covers 12.000 km, over its max distance of 10.000 km");
}

Test(check, catches_missing_skill)
{
    int a[] = {HM_O2};
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    expect_violation("vehicle 'vanA': may not carry order 'o2': it lacks skill 'cold'");
}

Test(check, pooled_lets_a_courier_carry_anothers_order)
{
    int a[] = {HM_O5};
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    expect_valid();
}

Test(check, catches_separate_sharing_on_a_courier_vehicle)
{
    int a[] = {HM_O5};
    P->sharing = CF_SHARING_SEPARATE;
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    expect_violation(
        "may not carry order 'o5': sharing is separate and the vehicle belongs to courier 'A'");
}

Test(check, catches_separate_sharing_on_the_shared_fleet)
{
    int a[] = {HM_O5};
    P->sharing = CF_SHARING_SEPARATE;
    only_route(HM_POOL, a, 1, HM_H(8, 0));
    expect_violation("vehicle 'pool': may not carry order 'o5': sharing is separate and the "
                     "vehicle is shared fleet");
}

Test(check, catches_share_no_of_the_orders_courier)
{
    int a[] = {HM_O3};
    only_route(HM_POOL, a, 1, HM_H(8, 0));
    expect_violation(
        "vehicle 'pool': may not carry order 'o3': courier 'C' does not share (share=no)");
}

Test(check, catches_share_no_of_the_vehicles_owner)
{
    int a[] = {HM_O5};
    P->courier_share[0] = false;
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    expect_violation(
        "vehicle 'vanA': may not carry order 'o5': its owner 'A' does not share (share=no)");
}

Test(check, catches_fixed_depot)
{
    int a[] = {HM_O4};
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    expect_violation("vehicle 'vanA': may not carry order 'o4': the order is fixed to DC 'south'");
}

Test(check, catches_courier_not_allowed_at_dc)
{
    int a[] = {HM_O5};
    only_route(HM_VANS, a, 1, HM_H(8, 0));
    expect_violation(
        "vehicle 'vanS': may not carry order 'o5': DC 'south' does not serve courier 'B'");
}

Test(check, catches_dc_capacity)
{
    P->depot_cap[0 * CF_DIMS + CF_DIM_WEIGHT] = 35000;
    expect_violation("DC 'north': routed 38.000 kg over its capacity 35.000 kg");
}

/* ---- structure and reasons --------------------------------------------------------------- */

Test(check, catches_an_order_on_two_routes)
{
    S.next[HM_O5] = HM_O1; /* vanB's list runs into vanA's tail */
    expect_violation("order 'o1' is on the routes of both 'vanA' and 'vanB'");
}

Test(check, catches_a_cycle_without_hanging)
{
    S.next[HM_O1] = HM_O0;
    expect_violation("vehicle 'vanA': route comes back to order 'o0' (a cycle)");
}

Test(check, catches_an_index_out_of_range)
{
    S.next[HM_O1] = 99;
    expect_violation("vehicle 'vanA': route links to order index 99, out of range");
    S.next[HM_O1] = -1;
    S.first[HM_POOL] = -7;
    expect_violation("vehicle 'pool': route links to order index -7, out of range");
}

Test(check, catches_a_vehicle_field_that_disagrees)
{
    S.vehicle[HM_O0] = HM_VANB;
    expect_violation("order 'o0' is on vehicle 'vanA''s route but its vehicle is 'vanB'");
}

Test(check, catches_an_order_naming_a_route_it_is_not_on)
{
    S.vehicle[HM_O3] = HM_POOL;
    expect_violation("order 'o3' names vehicle 'pool' but is not on its route");
}

Test(check, catches_an_unrouted_order_with_a_next_link)
{
    S.next[HM_O3] = HM_O7;
    expect_violation("order 'o3' is on no route but links to a next order");
}

Test(check, catches_mandatory_order_unassigned_without_reason)
{
    S.reason[HM_O6] = CF_REASON_NONE;
    expect_violation("mandatory order 'o6' is unassigned without a reason");
}

Test(check, catches_routed_order_with_a_reason)
{
    S.reason[HM_O0] = CF_REASON_NOT_PLACED_IN_TIME;
    expect_violation("order 'o0' is routed on vehicle 'vanA' but has reason 'not_placed_in_time'");
}

Test(check, catches_an_unknown_reason_code)
{
    S.reason[HM_O3] = 200;
    expect_violation("order 'o3' is unassigned with unknown reason code 200");
}

Test(check, catches_false_no_vehicle_with_skills)
{
    S.reason[HM_O3] = CF_REASON_NO_VEHICLE_WITH_SKILLS;
    expect_violation(
        "order 'o3' is unassigned as 'no_vehicle_with_skills', but vehicle 'vanA' has every skill");
}

Test(check, catches_false_no_allowed_depot)
{
    int a[] = {HM_O0};
    only_route(HM_VANA, a, 1, HM_H(8, 0));
    S.reason[HM_O1] = CF_REASON_NO_ALLOWED_DEPOT;
    expect_violation("order 'o1' is unassigned as 'no_allowed_depot', but vehicle 'vanA' is based "
                     "at a DC allowed for it");
}

Test(check, catches_false_over_vehicle_capacity)
{
    int a[] = {HM_O2};
    only_route(HM_VANB, a, 1, HM_H(8, 0));
    S.reason[HM_O5] = CF_REASON_OVER_VEHICLE_CAPACITY;
    expect_violation("order 'o5' is unassigned as 'over_vehicle_capacity', but vehicle 'vanA' may "
                     "carry it and has room");
}

Test(check, catches_false_sharing_rules)
{
    S.reason[HM_O7] = CF_REASON_SHARING_RULES; /* o7 is A's own: vanA may carry it */
    expect_violation("order 'o7' is unassigned as 'sharing_rules', but vehicle 'vanA' may carry it "
                     "under the sharing rules");
}

/* ---- the reasons that speak of time, distance, DCs and penalties ---------------- */

/* o5 (B, at (4,3), 5 km from north) out of the reference plan: vanB serves
 * o2 alone; vanA, vanB and pool may carry o5 (south serves courier A only). */
static void o5_out(cf_reason why)
{
    int a[] = {HM_O0, HM_O1}, b[] = {HM_O2}, c[] = {HM_O4};
    cf_solution_clear(&S);
    cf_solution_set_route(&S, HM_VANA, a, 2, HM_H(8, 0));
    cf_solution_set_route(&S, HM_VANB, b, 1, HM_H(7, 0));
    cf_solution_set_route(&S, HM_VANS, c, 1, HM_H(6, 0));
    S.reason[HM_O3] = CF_REASON_SHARING_RULES;
    S.reason[HM_O6] = CF_REASON_NO_VEHICLE_WITH_SKILLS;
    S.reason[HM_O7] = CF_REASON_OVER_VEHICLE_CAPACITY;
    S.reason[HM_O5] = (uint8_t)why;
}

Test(check, accepts_true_time_window_unreachable)
{
    P->order_tw_start[HM_O5] = HM_H(5, 0); /* before north opens at 06:00 */
    P->order_tw_end[HM_O5] = HM_H(5, 30);
    o5_out(CF_REASON_TIME_WINDOW_UNREACHABLE);
    expect_valid();
}

Test(check, catches_false_time_window_unreachable)
{
    P->order_tw_start[HM_O5] = HM_H(9, 0);
    P->order_tw_end[HM_O5] = HM_H(9, 10); /* vanA, leaving 08:55, is there at 09:00 */
    o5_out(CF_REASON_TIME_WINDOW_UNREACHABLE);
    expect_violation("order 'o5' is unassigned as 'time_window_unreachable', but vehicle 'vanA' "
                     "could serve it in its window on a route of its own");
}

/* o5 moved to (8,6): 10 km out, 20 km there and back; vanA's own route
 * is 12 km, vanB's 6 km. */
static void o5_far(void)
{
    P->x[2 + HM_O5] = 8;
    P->y[2 + HM_O5] = 6;
    P->veh_max_dist[HM_VANA] = 12000;
    P->veh_max_dist[HM_VANB] = 19000;
}

Test(check, accepts_true_max_distance)
{
    o5_far();
    P->veh_max_dist[HM_POOL] = 19999;
    o5_out(CF_REASON_MAX_DISTANCE);
    expect_valid();
}

Test(check, catches_false_max_distance)
{
    o5_far();
    P->veh_max_dist[HM_POOL] = 20000;
    o5_out(CF_REASON_MAX_DISTANCE);
    expect_violation("order 'o5' is unassigned as 'max_distance', but vehicle 'pool' could serve "
                     "it on a route of its own within every limit");
}

Test(check, accepts_true_depot_capacity)
{
    P->depot_cap[0 * CF_DIMS + CF_DIM_WEIGHT] = 37000; /* north loads 35 kg; o5 is 3 kg */
    o5_out(CF_REASON_DEPOT_CAPACITY);
    expect_valid();
}

Test(check, catches_false_depot_capacity)
{
    o5_out(CF_REASON_DEPOT_CAPACITY); /* north: 100 kg, 35 loaded */
    expect_violation("order 'o5' is unassigned as 'depot_capacity', but vehicle 'vanA' could serve "
                     "it, and its DC has room for it in this plan");
}

/* The cheapest insertion of o5: between o0 and o1 on vanA, 1.414 + 3.162
 * km instead of 4 (576 m at 1/km) and 35 s more at 20/h (0.194444): 0.770444. */
#define O5_INSERTION 770444

Test(check, accepts_true_penalty_below_cost)
{
    P->order_penalty[HM_O5] = HM_MONEY(0.5);
    o5_out(CF_REASON_PENALTY_BELOW_COST);
    S.extra_cost[HM_O5] = O5_INSERTION;
    expect_valid();
}

Test(check, catches_false_penalty_below_cost)
{
    P->order_penalty[HM_O5] = HM_MONEY(1);
    o5_out(CF_REASON_PENALTY_BELOW_COST);
    S.extra_cost[HM_O5] = HM_MONEY(2);
    expect_violation("order 'o5' is unassigned as 'penalty_below_cost', but an insertion adds "
                     "only 0.77, below its penalty 1.00");
}

Test(check, catches_an_extra_cost_above_the_cheapest_insertion)
{
    P->order_penalty[HM_O5] = HM_MONEY(0.5);
    o5_out(CF_REASON_PENALTY_BELOW_COST);
    S.extra_cost[HM_O5] = HM_MONEY(2);
    expect_violation("order 'o5': extra cost 2.00 written, but an insertion adds only 0.77");
}

Test(check, catches_penalty_below_cost_on_a_mandatory_order)
{
    o5_out(CF_REASON_PENALTY_BELOW_COST);
    S.extra_cost[HM_O5] = HM_MONEY(12);
    expect_violation("mandatory order 'o5' is unassigned as 'penalty_below_cost'");
}

Test(check, catches_penalty_below_cost_without_its_extra_cost)
{
    P->order_penalty[HM_O5] = HM_MONEY(10);
    o5_out(CF_REASON_PENALTY_BELOW_COST);
    expect_violation("order 'o5' is unassigned as 'penalty_below_cost' with no extra cost");
}

/* ---- costs past the limits of problem.h ------------------------------ */

/* The loaders refuse such data (cf_problem_finalize); the checker must not
 * rely on it: P is changed after finalize, as a bug or a hand-made problem
 * could. */

Test(check, catches_a_route_cost_that_overflows)
{
    P->veh_cost_per_dist[HM_VANA] = INT64_MAX / 1000; /* x 12000 m */
    expect_violation("vehicle 'vanA': route cost");
    expect_violation("does not fit the cost type");
}

Test(check, catches_a_time_cost_that_overflows)
{
    P->veh_cost_per_hour[HM_VANA] = INT64_MAX;
    S.depart_s[HM_VANA] = HM_H(7, 0); /* 87 minutes, waiting for o0's window */
    expect_violation("vehicle 'vanA': route cost");
    cr_assert_eq(cf_eval_time_cost(INT64_MAX, 3600 * 24), INT64_MAX, "saturated, not wrapped");
    cr_assert_eq(cf_eval_time_cost(INT64_MIN, 60), INT64_MIN);
    cr_assert_eq(cf_eval_time_cost(-HM_MONEY(20), 1620), -HM_MONEY(9));
}

Test(check, catches_penalties_that_overflow_the_plan_cost)
{
    /* o3 and o7 are unrouted optional orders: 2 x 6e18 does not fit int64 */
    P->order_penalty[HM_O3] = 6000000000000000000;
    P->order_penalty[HM_O7] = 6000000000000000000;
    expect_violation("the plan's cost does not fit the cost type");
    cf_kpi k;
    cf_err err;
    cr_assert_eq(cf_kpi_compute(P, &S, 0.9, &k, &err), CF_OK, "%s", err.msg);
    cr_assert(k.cost_overflow);
    cr_assert_eq(k.cost, INT64_MAX, "saturated, not wrapped to a negative cost");
    cf_kpi_release(&k);
}

Test(check, catches_a_negative_route_cost)
{
    P->veh_fixed_cost[HM_VANB] = -HM_MONEY(1000);
    expect_violation("vehicle 'vanB': route cost -976.00 is negative");
    expect_violation("the plan's cost");
}

Test(check, lists_every_violation_and_check_gives_the_first)
{
    cf_violations v;
    cf_err err;
    int a[] = {HM_O0, HM_O2};
    only_route(HM_VANA, a, 2, HM_H(9, 0) + 1); /* late, off the minute, lacks cold */
    S.reason[HM_O6] = CF_REASON_NONE;          /* and a missing reason */
    cf_violations_init(&v);
    cr_assert_eq(cf_solution_check_all(P, &S, &v, &err), CF_EINFEAS);
    cr_assert_eq(v.total, 4, "got %ld", v.total);
    cr_assert_eq(cf_solution_check(P, &S, &err), CF_EINFEAS);
    cr_assert_str_eq(err.msg, v.msg[0]);
    cr_assert_str_eq(
        err.msg, "vehicle 'vanA': order 'o0' starts at 09:05:01 after its window ends at 09:00");
    cf_violations_release(&v);
}

Test(check, rejects_a_solution_of_another_size)
{
    cf_solution other;
    cf_err err;
    int n = P->n_orders;
    P->n_orders = n - 1;
    cr_assert_eq(cf_solution_init(&other, P, &err), CF_OK);
    P->n_orders = n;
    cr_assert_eq(cf_solution_check(P, &other, &err), CF_EINVAL);
    cf_solution_release(&other);
}

Test(check, out_of_memory_is_reported_not_crashed)
{
    cf_err err;
    cf_status rc;
    long n = 0;
    do {
        cf_alloc_fail_after(n++);
        rc = cf_solution_check(P, &S, &err);
        cf_alloc_fail_after(-1);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
    } while (rc != CF_OK);
    S.reason[HM_O6] = CF_REASON_NONE; /* a violation whose message may not fit in memory */
    for (n = 0; n < 8; n++) {
        cf_alloc_fail_after(n);
        rc = cf_solution_check(P, &S, &err);
        cf_alloc_fail_after(-1);
        cr_assert(rc == CF_EINFEAS || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
    }
    n = 0;
    do {
        cf_kpi k;
        cf_alloc_fail_after(n++);
        rc = cf_kpi_compute(P, &S, 0.9, &k, &err);
        cf_alloc_fail_after(-1);
        cf_kpi_release(&k);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
    } while (rc != CF_OK);
}
