/*
 * Depot assignment, pipeline step 3: a GLPK MIP assigns orders (or, for
 * large n, clusters of nearby orders) to DCs under DC capacities (rule 9) and
 * courier rules, minimising an estimate of the distance cost; and the
 * per-order screening that finds orders no vehicle can ever serve, with the
 * reason a person can act on.
 */
#ifndef CF_SOLVER_ASSIGN_H
#define CF_SOLVER_ASSIGN_H

#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"
#include "solver/travel.h"

/* For each order, whether some vehicle could serve it alone on a route of
 * its own (skills, DC and sharing rules, fixed depot, capacity, time
 * windows, shift, max duration and distance).  reason[o] = CF_REASON_NONE
 * when it could, else the first blocking reason in this order:
 * no_allowed_depot, no_vehicle_with_skills, sharing_rules,
 * over_vehicle_capacity, time_window_unreachable, max_distance.
 * Also: an order heavier than every allowed DC's capacity gets depot_capacity. */
void cf_screen_orders(const cf_problem *p, uint8_t *reason /* [n_orders] */);

/* Assigns each order with reason[o] == CF_REASON_NONE to a DC:
 * order_depot[o] = d such that some vehicle of d can serve o alone, within
 * DC capacities; mandatory orders first, optional ones as room allows.  An
 * order that cannot be placed gets order_depot[o] = -1 and
 * reason[o] = CF_REASON_DEPOT_CAPACITY.  time_limit_s bounds the MIP (the
 * best integer solution so far is used; when none, a greedy assignment).
 * tr: complete neighbour lists of p (their first entries are used), or
 * NULL to build them here.  CF_ENOMEM, CF_ELP, CF_OK. */
cf_status cf_assign_depots(const cf_problem *p, const cf_travel *tr, double time_limit_s,
                           int *order_depot, uint8_t *reason, cf_err *err);

#endif
