/*
 * Key figures of a solution, recomputed from scratch with models/eval.h:
 * the objective and its parts, kilometres, vehicles, orders, load, hours and
 * CO2, in total, per courier, for the shared fleet and per DC.  What
 * summary.json, the DC manifests and `cofleet compare` print.
 *
 * Conventions
 *   - A vehicle is used when its route has at least one order.
 *   - Load factor of a used vehicle: the largest over the dimensions of
 *     load / capacity, dimensions with unlimited (CF_AMOUNT_INF) or zero
 *     capacity left out (0 when none is left).  The mean is over used
 *     vehicles (0 when none is used).
 *   - Per courier, order figures count the orders *of* that courier
 *     (whoever carries them); vehicle figures (vehicles_used, dist, cost,
 *     route hours, load factor) count the vehicles *owned* by it.  Shared
 *     fleet vehicles are counted in `shared`.  So the couriers' and the
 *     shared fleet's route costs add up to the total route cost, and the
 *     couriers' penalties to the total penalty.
 *   - Per DC: the vehicles based there and the orders they serve.
 *   - A mandatory order left unassigned pays no penalty; it is counted in
 *     mandatory_unassigned.
 */
#ifndef CF_MODELS_KPI_H
#define CF_MODELS_KPI_H

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

/* Figures of a set of vehicles (all, a courier's, the shared fleet, a DC's). */
typedef struct cf_kpi_fleet {
    int vehicles_used;
    int64_t dist;    /* distance units */
    int64_t route_s; /* sum of route durations T - t0, seconds */
    cf_cost cost_fixed, cost_dist, cost_time;
    cf_cost cost;            /* route cost: the sum of the three */
    double load_factor_sum;  /* over used vehicles; mean = sum / vehicles_used */
    double mean_load_factor; /* 0 when no vehicle is used */
} cf_kpi_fleet;

/* Figures of a set of orders (all, a courier's, a DC's served ones). */
typedef struct cf_kpi_orders {
    int orders, served, unassigned, mandatory_unassigned;
    cf_amount served_amount[CF_DIMS]; /* grams, cm3 */
    cf_cost penalty;                  /* penalties of unassigned optional orders */
} cf_kpi_orders;

typedef struct cf_kpi_depot {
    cf_kpi_fleet fleet;          /* vehicles based at the DC */
    cf_kpi_orders orders;        /* orders served by them (unassigned: 0) */
    double utilisation[CF_DIMS]; /* served / depot_cap, or -1 when unlimited or zero */
    cf_cost fixed_cost;          /* depot_fixed_cost when a vehicle is used there, else 0 */
} cf_kpi_depot;

typedef struct cf_kpi {
    cf_kpi_fleet fleet;   /* every vehicle */
    cf_kpi_orders orders; /* every order */
    cf_cost cost;         /* the objective: fleet.cost + orders.penalty */
    double km;            /* fleet.dist in km */
    double co2_kg;        /* km x co2_kg_per_km */
    double co2_kg_per_km;
    cf_cost depot_fixed_cost; /* sum of depots[].fixed_cost: reported, not in cost */
    bool cost_overflow;       /* a cost did not fit cf_cost (only past the limits of
                                 problem.h): the cost figures are saturated, not exact */

    int n_couriers, n_depots;
    cf_kpi_fleet *courier_fleet;   /* [n_couriers] vehicles owned by courier c */
    cf_kpi_orders *courier_orders; /* [n_couriers] orders of courier c */
    cf_kpi_fleet shared;           /* vehicles of the shared fleet */
    cf_kpi_depot *depot;           /* [n_depots] */
} cf_kpi;

/* Computes the figures of s (whose lists must be well formed: see
 * cf_solution_check).  The caller releases k with cf_kpi_release, also after
 * a failure.  CF_ENOMEM, CF_EINVAL (a malformed route list), CF_OK. */
cf_status cf_kpi_compute(const cf_problem *p, const cf_solution *s, double co2_kg_per_km, cf_kpi *k,
                         cf_err *err);
void cf_kpi_release(cf_kpi *k);

/* Load factor of vehicle v carrying load[CF_DIMS] (convention above). */
double cf_kpi_load_factor(const cf_problem *p, int v, const cf_amount *load);

#endif
