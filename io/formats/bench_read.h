/*
 * Readers for the research benchmark formats, mapped onto cf_problem, so
 * that the standard instances go through the same model and the same search
 * as scenarios:
 *
 *   CVRPLIB / TSPLIB .vrp   CVRP, EUC_2D (nint) or EXPLICIT matrices, and
 *                           PyVRP's VRPLIB dialect (below)
 *   Solomon / Gehring-Homberger .txt   VRPTW
 *   Cordeau "type m n t"    MDVRP (type 2) and MDVRPTW (type 6)
 *
 * and readers for the published solution files (.sol in CVRPLIB style,
 * Cordeau's .res), so that tests re-cost best-known solutions with the
 * from-scratch evaluation and prove that the objective is the published one.
 *
 * Mapping (every format): one courier "bench" owning every vehicle, pooled
 * sharing, every order mandatory, amounts in CF_DIM_WEIGHT scaled by
 * CF_WEIGHT_SCALE (1 "kg" = 1 instance demand unit), volume unused
 * (capacity CF_AMOUNT_INF), coordinates CF_COORD_PLANE with 'km' meaning
 * instance units, travel time = distance (veh_speed_kmh = 3600 *
 * dist_unit_km, so veh_s_per_dist = 1: one distance unit takes one 'second'
 * tick), veh_cost_per_dist = 1e6 * dist_unit_km (one currency unit per
 * instance distance unit), no time cost.  Per format:
 *
 *   CVRPLIB   dist_unit_km 1: cf_dist is the TSPLIB nint distance exactly
 *             (or the EXPLICIT matrix, in mat_dist).  No time limits (shift
 *             0 .. CF_TIME_INF).  SERVICE_TIME (whole units) becomes each
 *             customer's service time and DISTANCE the max route duration
 *             (travel + service, as in Christofides et al. 1979).  Orders
 *             "1".."n" are named as in .sol files: node id - 1 (node 1 is
 *             the depot, so customer i is node i + 1).  Depot "depot".
 *             Fleet: unlimited in CVRPLIB, so n_vehicles is a bound that
 *             does not bind in practice yet keeps the model small:
 *             min(n, ceil(1.5 * max(k, ceil(total demand / Q))) + 3), k from
 *             "-kNN" in the name (0 when absent); a VEHICLES key is honoured
 *             as the fleet size instead.
 *   Solomon   dist_unit_km 1e-4: distances and times in 1e-4 instance units
 *             (a time unit of the file = 1e4 ticks in the int32 'seconds'
 *             fields; ready, due, service and horizon scaled by 1e4).
 *             CF_BENCH_DIST_DIMACS (the default) truncates every arc to one
 *             decimal (dist_trunc_km 0.1), the convention of CVRPLIB and
 *             vrptw_solomon/bks_distance_only.csv; CF_BENCH_DIST_EXACT
 *             keeps double precision (rounded to 1e-4).  K vehicles
 *             "v1".."vK", depot "depot" open over row 0's window.  Orders
 *             named by CUST NO.
 *   Cordeau   dist_unit_km 1e-4 as Solomon, exact by default.  m vehicles
 *             per depot (t * m in all, "v1".."v(t*m)", depot d's are
 *             v(d*m+1)..v(d*m+m)), capacity Q and max route duration D
 *             (travel + service; 0: none) of their depot, depots
 *             "D1".."Dt", orders "1".."n".  Type 6 adds the customers' and
 *             depots' time windows (the last two fields of each line).
 *
 * PyVRP's VRPLIB dialect (io/formats/cvrplib.c lists the sections): the CVRPLIB
 * reader with several depots (DEPOT_SECTION, our depots in its order, "D1"..
 * when more than one; PyVRP's files leave its closing -1 out), per-node time
 * windows (a depot's is its opening hours), service times and prizes, and
 * per-vehicle capacity, fixed cost, unit distance cost, depot, max duration
 * and max distance.  Every vehicle the file lists is one of ours, "v1"..
 * "vK" in file order (veh_row: the file's index), so that an unlimited fleet
 * (HFVRP's FSM* types list n vehicles of each type) stays the file's: at most
 * one route per customer of each type, which never binds.  Without VEHICLES
 * a non-CVRP file has one vehicle per customer (PyVRP's rule).  A customer
 * with a prize > 0 is optional with penalty = prize; prize 0 (or no
 * PRIZE_SECTION) makes it mandatory.  Customers are named by file node - 1,
 * as the .sol files number them (depots first).  Costs: currency unit = the
 * file's cost unit; veh_fixed_cost = fixed x 1e6, veh_cost_per_dist = unit
 * cost x 1e6 x dist_unit_km (1 when the file gives none), order_penalty =
 * prize x 1e6.  Times: ticks of 1e-4 instance units (CF_BENCH_TICKS) when
 * the file has time data (windows, service, durations), else one tick per
 * instance unit; travel time = distance.  TYPE chooses the conventions of
 * the set that uses it, and p->bench_scale / bench_decimals the published
 * objective (io/formats/bench_write.h, cf_bench_cost):
 *
 *   TYPE     distances default  published objective
 *   CVRP     nint (as CVRPLIB)  total distance
 *   VRPTW    dimacs             total distance
 *   HFVRP    exact, 1e-6 units  sum of (fixed + unit cost x length) / 100
 *   MDVRPTW  milli              sum over arcs of round(1000 x Euclidean)
 *   PCVRPTW  dimacs             10 x (distance + prizes of skipped customers)
 *
 * Distances: dimacs = dist_unit_km 1e-4, truncated to 0.1; milli =
 * dist_unit_km 1e-3 (each arc rounded to 1e-3, PyVRP's 'exact' rounding);
 * exact = 1e-4 (HFVRP: 1e-6, coarser when an arc would not fit an int32).
 * A CVRP or VRPTW file with cost or prize sections publishes its objective
 * (bench_scale 1).  The vehicles-first objective is refused for HFVRP,
 * MDVRPTW and PCVRPTW and for files with cost or prize sections.
 *
 * Objective: CF_BENCH_OBJ_DISTANCE (default) is the total distance.
 * CF_BENCH_OBJ_VEHICLES_FIRST adds to each used vehicle a fixed cost F =
 * 10^ceil(log10(UB)) currency units, at least 1e5, where UB = (n + number
 * of vehicles) x the longest possible arc bounds the distance of any
 * solution: one vehicle fewer always beats any distance saving (Solomon:
 * F = 1e5; Gehring-Homberger 1000: 1e6).
 *
 * Errors are "FILE:LINE: what" (CF_EPARSE for malformed text, CF_EINVAL for
 * well-formed but unsupported or impossible data, CF_EIO, CF_ENOMEM).  CRLF
 * and LF line endings, tabs and blank lines are accepted; sizes are bounded
 * (CF_BENCH_MAX_*), so garbage never crashes the reader.
 */
#ifndef CF_IO_FORMATS_BENCH_READ_H
#define CF_IO_FORMATS_BENCH_READ_H

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

#define CF_BENCH_MAX_FILE_BYTES ((size_t)512 << 20) /* larger files are refused */
#define CF_BENCH_MAX_NODES 200000                   /* depots + customers */
#define CF_BENCH_MAX_MATRIX_NODES 5000              /* EXPLICIT: n^2 int32 in memory */
#define CF_BENCH_MAX_VEHICLES 200000
#define CF_BENCH_TICKS 10000.0 /* Solomon and Cordeau: ticks per instance unit */

typedef enum {
    CF_BENCH_AUTO,    /* detect from content (cf_bench_detect) */
    CF_BENCH_CVRPLIB, /* TSPLIB-style .vrp */
    CF_BENCH_SOLOMON, /* Solomon / Gehring-Homberger .txt */
    CF_BENCH_CORDEAU, /* Cordeau "type m n t" (types 2 and 6) */
} cf_bench_format;

typedef enum {
    CF_BENCH_DIST_DEFAULT, /* the set's convention (see above and the VRPLIB TYPEs) */
    CF_BENCH_DIST_EXACT,   /* double-precision Euclidean (rounded to 1e-4; HFVRP: 1e-6) */
    CF_BENCH_DIST_DIMACS,  /* each arc truncated to one decimal */
    CF_BENCH_DIST_MILLI,   /* each arc rounded to 1e-3 (PyVRP's 'exact'); VRPLIB files only */
} cf_bench_dist;

typedef enum {
    CF_BENCH_OBJ_DISTANCE,       /* total distance */
    CF_BENCH_OBJ_VEHICLES_FIRST, /* vehicles, then distance (see above) */
} cf_bench_objective;

typedef struct cf_bench_opts {
    cf_bench_format format;
    cf_bench_dist dist; /* ignored by CVRPLIB */
    cf_bench_objective objective;
} cf_bench_opts;

/* The defaults: auto-detected format, the set's own distance convention,
 * distance objective. */
void cf_bench_opts_init(cf_bench_opts *o);

/* "cvrplib", "solomon", "cordeau" (and "auto"); parse returns -1 for an
 * unknown name.  Distance: "exact", "dimacs", "milli" ("default");
 * objective: "distance", "vehicles-first". */
const char *cf_bench_format_str(cf_bench_format f);
int cf_bench_format_parse(const char *name);
int cf_bench_dist_parse(const char *name);
int cf_bench_objective_parse(const char *name);

/* Tells the format from the content of path: a first line of four integers
 * (Cordeau), a VEHICLE line near the top (Solomon), TSPLIB "KEY : value"
 * lines (CVRPLIB).  CF_EIO, CF_EPARSE (none of these), CF_OK. */
cf_status cf_bench_detect(const char *path, cf_bench_format *out, cf_err *err);

/* Reads the instance at path into a finalized problem (*out, NULL on
 * failure; free with cf_problem_free).  opts NULL: defaults.  *fmt_out (may
 * be NULL) receives the format read.  CF_EIO, CF_EPARSE, CF_EINVAL,
 * CF_ENOMEM, CF_OK. */
cf_status cf_bench_read(const char *path, const cf_bench_opts *opts, cf_problem **out,
                        cf_bench_format *fmt_out, cf_err *err);

/* Published solutions.  s must have been initialised for p; it is cleared
 * and filled.  Each vehicle leaves at its shift start rounded up to a whole
 * minute.  *cost (may be NULL) receives the cost the file states, NAN when
 * it states none.  Customers are matched by order id (the numbers written in
 * the files).  A customer twice, an unknown customer or more routes than
 * vehicles is an error; customers the file does not route stay unassigned
 * (the checker reports them).
 *
 * CVRPLIB .sol: "Route #r: c1 c2 ..." (also SINTEF's "Route r : ..."), then
 * "Cost c" or "Cost: c"; the k-th route line goes to the file's vehicle
 * k - 1 (the vehicle whose veh_row it is; an empty route leaves it unused);
 * other lines are ignored, but a file without any route line is an error.
 * A vehicle with a max duration leaves at the earliest whole minute that
 * gives its route the shortest duration; an optional customer the file does
 * not route is unassigned with reason penalty_below_cost. */
cf_status cf_bench_read_sol(const char *path, const cf_problem *p, cf_solution *s, double *cost,
                            cf_err *err);

/* Cordeau .res: the cost, then one line per route "depot vehicle duration
 * load  n0 c1 ... n0" where the depot is written 0 (p-files) or n + depot
 * (pr-files) at both ends; route (d, j) goes to the j-th vehicle of depot d
 * (1-based, in vehicle index order). */
cf_status cf_bench_read_res(const char *path, const cf_problem *p, cf_solution *s, double *cost,
                            cf_err *err);

#endif
