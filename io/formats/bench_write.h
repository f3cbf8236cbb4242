/*
 * Writers of solutions in the research community's formats, so that
 * benchmark runs can be compared with published files and re-read by
 * cf_bench_read_sol / cf_bench_read_res (io/formats/bench_read.h):
 *
 *   solution.sol  CVRPLIB style, for CVRP and VRPTW: "Route #k: c1 c2 ..."
 *                 for each used vehicle in index order (k = 1, 2, ...), the
 *                 customers named by their order ids (the numbers of the
 *                 instance), then "Cost X": the total distance, a whole
 *                 number when the distance unit is one instance unit
 *                 (CVRPLIB), else with 2 decimals.  PyVRP's dialect: when
 *                 the file lists its vehicles (p->bench_vehicles), one line
 *                 "Route #r:" per vehicle r = 1 + veh_row, empty ones
 *                 included; with p->bench_scale, "Cost: X" is the published
 *                 objective (cf_bench_cost) with bench_decimals decimals.
 *   solution.res  Cordeau style, for MDVRP: the total distance (2 decimals),
 *                 then per used vehicle "depot vehicle duration load" (depot
 *                 1..t, vehicle 1..m within its depot, duration = return -
 *                 departure in instance time units, 2 decimals) and the node
 *                 sequence from depot to depot with the depot written 0, as
 *                 in the p-files.
 *
 * Files are replaced atomically (io/plan/atomic.h).  The solution's lists must be
 * well formed (CF_EINVAL otherwise); unassigned orders are not written.
 */
#ifndef CF_IO_FORMATS_BENCH_WRITE_H
#define CF_IO_FORMATS_BENCH_WRITE_H

#include <stdint.h>

#include "io/formats/bench_read.h"
#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

/* Total distance of s in distance units (cf_dist over every route, depot to
 * depot); -1 when a route list is malformed.  Times dist_unit_km, it is the
 * published objective of the three sets (what "Cost" says). */
int64_t cf_bench_dist_units(const cf_problem *p, const cf_solution *s);

/* The set's published objective: cf_bench_dist_units * dist_unit_km (the
 * total distance in instance units), or, when p->bench_scale > 0, the
 * objective from scratch (models/kpi.h: routes and the penalties of skipped
 * optional orders) in currency units times bench_scale.  NAN when a route
 * list is malformed (or, with bench_scale, out of memory). */
double cf_bench_cost(const cf_problem *p, const cf_solution *s);

/* Decimals the published objective is written with: bench_decimals, or 0
 * for whole distance units (CVRPLIB), else 2. */
int cf_bench_cost_decimals(const cf_problem *p);

cf_status cf_bench_write_sol(const char *path, const cf_problem *p, const cf_solution *s,
                             cf_err *err);
cf_status cf_bench_write_res(const char *path, const cf_problem *p, const cf_solution *s,
                             cf_err *err);

/* DIR/solution.res for CF_BENCH_CORDEAU, DIR/solution.sol otherwise; dir
 * must exist.  CF_EIO, CF_EINVAL, CF_ENOMEM, CF_OK. */
cf_status cf_bench_write_solution(const char *dir, cf_bench_format fmt, const cf_problem *p,
                                  const cf_solution *s, cf_err *err);

#endif
