/*
 * The scenario generator: writes a realistic joint-distribution scenario in
 * CSV schema v1 (docs/formats.md) into a directory — orders clustered around
 * the neighbourhoods of a real city, couriers of different sizes, DCs at
 * real logistics spots with courier rules and capacities, and a fleet sized
 * so that (nearly) every order can be routed (datasets/README.md says how).
 *
 * With `planted`, the generator first builds a plan that serves every
 * order under every rule of the schema (scarce cold vans, trucks for
 * alcohol, narrow windows, shifts and durations with little slack, DC
 * throughput near the planted load, a courier that does not share, DC
 * courier lists, optional orders, a mixed fleet), then writes the scenario
 * that plan serves and the plan itself, in DIR/planted (the plan format of
 * docs/formats.md), checked by the independent checker first.  Its cost is
 * an upper bound for a solve, and a mandatory order a solve leaves out is a
 * solver failure (the `rich` bench suite, docs/benchmarks.md).
 *
 * Deterministic: the same options give byte-identical scenario files on any
 * machine.  All geometry and amounts are integers (metres, micro-degrees,
 * grams, litres, minutes, yen) and are printed with fixed decimals, so no
 * libm function or float formatting can change a digit; the planted
 * schedule bounds the solver's travel times from above in integers for the
 * same reason.  The planted plan's own figures come from the project's plan
 * writer, whose distances use libm.
 */
#ifndef CF_DATASETS_GEN_H
#define CF_DATASETS_GEN_H

#include <stdbool.h>
#include <stddef.h>
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

    /* planted scenarios (the knobs below apply only with planted) */
    bool planted;     /* build a plan first, write the scenario it serves and the plan */
    int cold_pct;     /* orders that need cold_chain, 0..100; default 10 */
    int alcohol_pct;  /* orders that need alcohol, 0..100; default 4 */
    int optional_pct; /* optional orders (a penalty), 0..100; default 5 */
    int tw_share_pct; /* orders with a narrow window around the planted arrival; default 40 */
    int tw_width_min; /* width of those windows, a multiple of 15 in [15, 240]; default 60 */
    int dc_slack_pct; /* DC throughput above the planted load, 0..1000; default 5 */
    int spare_pct;    /* spare vans, as a share of the planted routes, 0..1000; default 10 */
    int slack_min;    /* most slack of shifts and max durations over the planted route, 0..240;
                         default 15 */
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
    /* planted only */
    int n_routes, n_spare; /* planted routes (one vehicle each) and spare vans */
    long n_narrow_tw;      /* orders with a narrow window around the planted arrival */
    cf_cost planted_cost;  /* the planted plan's objective, micro-currency */
    int64_t planted_dist;  /* its distance, metres */
} cf_gen_stats;

/* The defaults above. */
void cf_gen_opts_default(cf_gen_opts *o);

/* CF_EINVAL with a message naming the option ("couriers: '0' must be in
 * [1, 64]") when o is out of range, else CF_OK. */
cf_status cf_gen_opts_check(const cf_gen_opts *o, cf_err *err);

/* Parses the flags of `cofleet gen` (docs/guide.md) from argv[0 .. argc)
 * into o: "--flag VALUE" or "--flag=VALUE", and the switches --tight and
 * --planted.  An argument that is not a flag goes to *dir; when dir is NULL
 * (a bench suite line), or a second one comes, it is an error.  String
 * options point into argv.  CF_EINVAL with a message naming the flag
 * ("--orders: 'x' must be a whole number in [1, 2000000]", "unknown option
 * '--foo'"), else CF_OK; ranges are left to cf_gen_opts_check. */
cf_status cf_gen_opts_parse(cf_gen_opts *o, int argc, char *const *argv, const char **dir,
                            cf_err *err);

/* Writes the flags that make o (the inverse of cf_gen_opts_parse, without
 * OUT_DIR) into buf: "--orders 200 --couriers 3 ... --planted --cold 10".
 * Returns buf. */
char *cf_gen_opts_format(const cf_gen_opts *o, char *buf, size_t size);

/* Writes orders.csv, depots.csv, vehicles.csv, couriers.csv and scenario.ini
 * into dir (created when missing; its parent must exist), and with
 * o->planted the plan dir/planted.  Each file is written to a temporary
 * name and renamed, so a failed run leaves no half-written file under a
 * scenario name (a planted run that fails after the CSVs removes them).
 * CF_EINVAL (bad options), CF_EIO ("cannot create 'DIR/orders.csv': ..."
 * with strerror), CF_ENOMEM, CF_EINFEAS (the checker rejected the planted
 * plan: a generator bug), CF_OK. */
cf_status cf_gen_scenario(const char *dir, const cf_gen_opts *o, cf_err *err);

/* As cf_gen_scenario, and fills *st (may be NULL) on success. */
cf_status cf_gen_scenario_stats(const char *dir, const cf_gen_opts *o, cf_gen_stats *st,
                                cf_err *err);

#endif
