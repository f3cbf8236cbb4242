/*
 * A solution: for each vehicle, its route (a linked list over orders) and its
 * departure time; for each order, the vehicle that serves it or the reason it
 * is unassigned.  This is the exchange format between solver/, the checker
 * and io/ writers; the solver keeps its own working structures for search.
 * Storage has a fixed size given by the problem: cf_solution_copy never
 * allocates.
 */
#ifndef CF_MODELS_SOLUTION_H
#define CF_MODELS_SOLUTION_H

#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"

/* Why an order is not routed; the text is what unassigned.csv says.  Each
 * is a statement the checker (models/check.h) can test, except the last:
 *   no_allowed_depot .. max_distance  proven from the data: no vehicle
 *                      could serve the order even on a route of its own
 *   depot_capacity     every DC whose vehicles could serve it would go over
 *                      its throughput with it, in this plan
 *   penalty_below_cost optional: the cheapest insertion into this plan
 *                      costs more than its penalty (extra_cost says how much)
 *   not_placed_in_time the search did not place it in the time it had */
#define CF_REASON_MAP(X)                                                                           \
    X(NONE, "none")                                                                                \
    X(NO_VEHICLE_WITH_SKILLS, "no_vehicle_with_skills")                                            \
    X(NO_ALLOWED_DEPOT, "no_allowed_depot")                                                        \
    X(SHARING_RULES, "sharing_rules")                                                              \
    X(OVER_VEHICLE_CAPACITY, "over_vehicle_capacity")                                              \
    X(TIME_WINDOW_UNREACHABLE, "time_window_unreachable")                                          \
    X(MAX_DISTANCE, "max_distance")                                                                \
    X(DEPOT_CAPACITY, "depot_capacity")                                                            \
    X(PENALTY_BELOW_COST, "penalty_below_cost")                                                    \
    X(NOT_PLACED_IN_TIME, "not_placed_in_time")

typedef enum {
#define X(name, text) CF_REASON_##name,
    CF_REASON_MAP(X)
#undef X
        CF_REASON_COUNT
} cf_reason;

/* "not_placed_in_time" for CF_REASON_NOT_PLACED_IN_TIME. */
const char *cf_reason_str(cf_reason r);
/* The reason with that text, or -1. */
int cf_reason_parse(const char *text);

typedef struct cf_solution {
    int n_vehicles, n_orders;
    int *first;        /* [n_vehicles] first order of the route, -1: vehicle unused */
    int *next;         /* [n_orders] next order on the same route, -1 at the end */
    int *vehicle;      /* [n_orders] vehicle serving the order, -1: unassigned */
    int32_t *depart_s; /* [n_vehicles] when the vehicle leaves its DC (a whole minute) */
    uint8_t *reason;   /* [n_orders] CF_REASON_NONE when routed, else why not */
    cf_cost *extra_cost; /* [n_orders] unassigned: what the cheapest insertion found would add
                            to the routes' cost; -1: none found, or not tried */
} cf_solution;

/* Caller-owned storage sized for p: every vehicle unused, every order
 * unassigned with CF_REASON_NOT_PLACED_IN_TIME.  CF_ENOMEM or CF_OK. */
cf_status cf_solution_init(cf_solution *s, const cf_problem *p, cf_err *err);
void cf_solution_release(cf_solution *s);
/* Same sizes required; never allocates. */
void cf_solution_copy(cf_solution *dst, const cf_solution *src);
/* Every vehicle unused, every order unassigned with CF_REASON_NOT_PLACED_IN_TIME
 * and no extra cost. */
void cf_solution_clear(cf_solution *s);

/* Replaces vehicle v's route by orders[0 .. len) leaving at depart_s.  The
 * orders must not be on another route (remove them first); their reason
 * becomes CF_REASON_NONE.  len == 0 empties the route. */
void cf_solution_set_route(cf_solution *s, int v, const int *orders, int len, int32_t depart_s);
/* Takes vehicle v's orders off it; they become unassigned with `why` (and
 * no extra cost). */
void cf_solution_clear_route(cf_solution *s, int v, cf_reason why);
/* Number of orders on vehicle v's route. */
int cf_solution_route_len(const cf_solution *s, int v);

#endif
