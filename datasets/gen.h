/*
 * The scenario generator: writes a realistic joint-distribution scenario in
 * CSV schema v1 (docs/formats.md) into a directory — orders clustered around
 * the neighbourhoods of a real city, couriers of different sizes, DCs at
 * real logistics spots with courier rules and capacities, and a fleet sized
 * so that (nearly) every order can be routed (datasets/README.md says how).
 *
 * Deterministic: the same options give byte-identical files on any machine.
 * All geometry and amounts are integers (metres, micro-degrees, grams,
 * litres, minutes, yen) and are printed with fixed decimals, so no libm
 * function or float formatting can change a digit.
 */
#ifndef CF_DATASETS_GEN_H
#define CF_DATASETS_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"

#define CF_GEN_MAX_ORDERS 2000000L
#define CF_GEN_MAX_DEPOTS 64

typedef struct cf_gen_opts {
    long n_orders;        /* [1, CF_GEN_MAX_ORDERS]; default 600 */
    int n_couriers;       /* [1, CF_MAX_COURIERS]; default 4 */
    int n_depots;         /* [1, CF_GEN_MAX_DEPOTS]; default 5 */
    uint64_t seed;        /* default 1; also written as the solver seed of scenario.ini */
    cf_coord_kind coords; /* CF_COORD_LATLON (default) or CF_COORD_PLANE (km, same layout) */
    const char *city;     /* "tokyo" (default) or "osaka"; NULL: "tokyo" */
    const char *name;     /* scenario.ini name; NULL: "<city>-<n_orders>" */
    bool tight;           /* size the fleet and DC capacities close to the demand */
    int n_unshared;       /* the last n_unshared couriers get share=no; default 0 */
} cf_gen_opts;

/* What a generated scenario holds (the figures datasets/README.md quotes). */
typedef struct cf_gen_stats {
    long n_orders, n_cold, n_alcohol, n_optional, n_fixed_depot, n_with_tw;
    long n_orders_of[CF_MAX_COURIERS]; /* orders per courier */
    int n_couriers, n_depots, n_depots_finite, n_depots_all_couriers;
    int n_vehicle_rows, n_vehicles, n_shared_vehicles; /* n_vehicles: after count expansion */
    int64_t demand_g, demand_l; /* total order weight (grams) and volume (litres) */
    int64_t fleet_g, fleet_l;   /* total capacity of all vehicles */
    int64_t depot_cap_g;        /* total of the finite DC weight capacities */
} cf_gen_stats;

/* The defaults above. */
void cf_gen_opts_default(cf_gen_opts *o);

/* CF_EINVAL with a message naming the option ("couriers: '0' must be in
 * [1, 64]") when o is out of range, else CF_OK. */
cf_status cf_gen_opts_check(const cf_gen_opts *o, cf_err *err);

/* Writes orders.csv, depots.csv, vehicles.csv, couriers.csv and scenario.ini
 * into dir (created when missing; its parent must exist).  Each file is
 * written to a temporary name and renamed, so a failed run leaves no
 * half-written file under a scenario name.  CF_EINVAL (bad options),
 * CF_EIO ("cannot create 'DIR/orders.csv': ..." with strerror), CF_ENOMEM,
 * CF_OK. */
cf_status cf_gen_scenario(const char *dir, const cf_gen_opts *o, cf_err *err);

/* As cf_gen_scenario, and fills *st (may be NULL) on success. */
cf_status cf_gen_scenario_stats(const char *dir, const cf_gen_opts *o, cf_gen_stats *st,
                                cf_err *err);

#endif
