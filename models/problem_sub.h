/*
 * Sub-problems for the coalition view (coalition/coalition.h): the same
 * scenario restricted to the orders and vehicles of a set of couriers, so
 * that each courier alone, and each coalition of couriers, can be solved
 * with the same solver and settings as the full pooled problem.
 *
 * The restricted problem is a finalized cf_problem of its own (its own
 * arena, every string and table copied), so it outlives p.  What it keeps:
 *   - every DC, with the same index, hours, capacities and courier lists
 *     (a coalition may use a DC's whole capacity: see docs/coalition.md);
 *   - every courier, with the same index, id, name and share flag (a courier
 *     outside the set simply has no orders and no vehicles), so courier
 *     masks, KPIs per courier and depot courier lists need no translation;
 *   - the orders of couriers in the set, in p's order;
 *   - the vehicles owned by couriers in the set, and the shared fleet (owner
 *     -1) when with_shared_fleet, in p's order;
 *   - the sharing policy, travel model (coordinates, road factor, matrix
 *     rows of the kept nodes) and name of p.
 * Order o of the restricted problem is order order_map[o] of p; vehicle v
 * is vehicle veh_map[v] of p (cf_problem_sub_vehicles), both ascending.
 */
#ifndef CF_MODELS_PROBLEM_SUB_H
#define CF_MODELS_PROBLEM_SUB_H

#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"

/* Orders of the couriers in `couriers` (bit c: courier c; bits at or above
 * p->n_couriers are ignored): their number, and when order_map is not NULL
 * their indexes in p, ascending, in order_map[0 .. count). */
int cf_problem_sub_orders(const cf_problem *p, uint64_t couriers, int *order_map);

/* Vehicles owned by the couriers in `couriers`, and the shared fleet when
 * with_shared_fleet: their number, and when veh_map is not NULL their
 * indexes in p, ascending. */
int cf_problem_sub_vehicles(const cf_problem *p, uint64_t couriers, bool with_shared_fleet,
                            int *veh_map);

/* A new problem with only those orders and vehicles (see above).  order_map
 * (may be NULL; room for p->n_orders) gets, for each order of the new
 * problem, its index in p.  On success *out is owned by the caller
 * (cf_problem_free).  CF_ENOMEM or CF_OK; *out is NULL on failure. */
cf_status cf_problem_restrict(const cf_problem *p, uint64_t couriers, bool with_shared_fleet,
                              cf_problem **out, int *order_map, cf_err *err);

#endif
