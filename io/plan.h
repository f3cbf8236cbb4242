/*
 * The plan a DC runs, as files in an output directory (docs/formats.md):
 * routes.csv, unassigned.csv, trace.csv, depots/DEPOT_ID.csv and
 * summary.json.  Every figure in them is recomputed from the problem and
 * the solution by the from-scratch evaluation of models/ (never the
 * solver's incremental one), so that `cofleet check` can recompute and
 * compare each one.  The directory is replaced as a whole: complete or
 * untouched.
 */
#ifndef CF_IO_PLAN_H
#define CF_IO_PLAN_H

#include <stdint.h>

#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"
#include "models/solution.h"

typedef struct cf_run_info {
    double elapsed_s;      /* wall-clock seconds of the solve */
    long iterations;       /* search iterations done */
    int threads;           /* threads actually used */
    int stopped_by_signal; /* the run was interrupted and wrote its best plan */
    int bench_solution;    /* a cf_bench_format (io/bench_read.h): the plan also
                              holds solution.sol or .res; 0 (CF_BENCH_AUTO): none */
} cf_run_info;

/* Writes the plan of s into out_dir (created when missing, replaced as a
 * whole when present), with the benchmark solution file info asks for.  CF_EIO with the path and strerror on a write fault,
 * CF_ENOMEM, CF_OK. */
cf_status cf_plan_write(const char *out_dir, const cf_problem *p, const cf_params *prm,
                        const cf_solution *s, const cf_run_info *info, cf_err *err);

/* Whether out_dir may receive a plan: missing, empty, or a plan already
 * (holds routes.csv or summary.json).  Anything else is refused with CF_EIO,
 * so that `--out SCENARIO_DIR` cannot wipe a scenario.  cf_plan_write checks
 * it too; callers check first to fail before a long solve. */
cf_status cf_plan_check_target(const char *out_dir, cf_err *err);

#endif
