/*
 * From-scratch evaluation of one route, equation by equation as in the
 * formulation of models/problem.h: arrival (1), service start (2),
 * departure (3), return (4), and the amounts by which the route breaks each
 * rule 2-8.  It is the reference the checker, the KPIs and the plan writers
 * use; it shares no code with the solver's incremental evaluation, so that
 * the two can catch each other's mistakes.  Times are int64 seconds here, so
 * that no sum overflows whatever the data.
 */
#ifndef CF_MODELS_EVAL_H
#define CF_MODELS_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "models/problem.h"
#include "models/solution.h"

/* One stop of a route: stops[0] is the start at the DC, stops[1 .. n] the
 * orders, stops[n + 1] the return to the DC. */
typedef struct cf_stop_eval {
    int order;               /* -1: the start or the end at the DC */
    int64_t arrival_s;       /* a_i (1); start: t0; end: T */
    int64_t start_s;         /* b_i = max(a_i, tw_start) (2); start and end: = arrival_s */
    int64_t depart_s;        /* f_i = b_i + service (3); start: t0; end: T */
    int64_t dist;            /* distance units driven from the DC to this stop */
    cf_amount load[CF_DIMS]; /* on board when leaving this stop (end: 0) */
} cf_stop_eval;

/* One route, its objective terms and its rule violations (0 or false: none). */
typedef struct cf_route_eval {
    int vehicle, depot, n_orders;
    int64_t t0;              /* departure from the DC */
    int64_t return_s;        /* T (4) */
    int64_t duration_s;      /* T - t0 */
    int64_t dist;            /* distance units, DC to DC */
    cf_amount load[CF_DIMS]; /* loaded at the DC: the sum of the orders' demand */

    /* Objective terms (problem.h), all 0 for an empty route (unused vehicle). */
    cf_cost cost_fixed; /* veh_fixed_cost */
    cf_cost cost_dist;  /* veh_cost_per_dist * dist */
    cf_cost cost_time;  /* round(veh_cost_per_hour * duration_s / 3600) */
    cf_cost cost;       /* the sum of the three */
    bool cost_overflow; /* a term or the sum does not fit cf_cost (a problem or a plan
                           beyond the limits of problem.h): the costs are saturated */

    /* Violations, as amounts. */
    int n_late;                  /* (2) orders whose service starts after tw_end */
    int64_t late_s;              /* (2) the sum of those delays */
    int64_t return_late_s;       /* (4) T - min(shift_end, depot_close), when > 0 */
    int64_t early_s;             /* (5) max(shift_start, depot_open) - t0, when > 0 */
    bool t0_not_minute;          /* t0 is not a whole minute */
    int64_t duration_over_s;     /* (6) duration_s - veh_max_duration, when > 0 */
    int64_t dist_over;           /* (6) dist - veh_max_dist, when > 0 */
    cf_amount cap_over[CF_DIMS]; /* (7) load - veh_cap, when > 0 */
    int n_not_carriable;         /* (8) orders cf_problem_can_carry refuses */
} cf_route_eval;

/* Evaluates vehicle v serving orders[0 .. n) in that order, leaving its DC
 * at t0.  Fills *r and, when stops is not NULL, stops[0 .. n + 2).  n == 0
 * gives an empty route: no cost, no violation.  Order indexes must be valid
 * (the caller walked the solution; see cf_eval_route_orders). */
void cf_eval_route(const cf_problem *p, int v, const int *orders, int n, int64_t t0,
                   cf_route_eval *r, cf_stop_eval *stops);

/* Copies vehicle v's route from s into orders[0 .. cap) and returns its
 * length; -1 when the linked list is malformed (an index out of range, a
 * cycle, more than cap orders).  Does not check s->vehicle. */
int cf_eval_route_orders(const cf_solution *s, int v, int *orders, int cap);

/* round(per_hour * duration_s / 3600), half away from zero, exact in
 * integers (no floating point: the same on every machine); saturated at
 * INT64_MIN / INT64_MAX when it does not fit. */
cf_cost cf_eval_time_cost(cf_cost per_hour, int64_t duration_s);

/* a + b and a * b for costs, saturated at INT64_MIN / INT64_MAX; *over is
 * set (never cleared) when the exact result does not fit.  What the
 * checker and the KPIs sum costs with, so that no data can make them wrap. */
static inline cf_cost cf_cost_add(cf_cost a, cf_cost b, bool *over)
{
    cf_cost r;
    if (!__builtin_add_overflow(a, b, &r)) return r;
    *over = true;
    return a > 0 ? INT64_MAX : INT64_MIN;
}

static inline cf_cost cf_cost_mul(cf_cost a, int64_t b, bool *over)
{
    cf_cost r;
    if (!__builtin_mul_overflow(a, b, &r)) return r;
    *over = true;
    return (a > 0) == (b > 0) ? INT64_MAX : INT64_MIN;
}

#endif
