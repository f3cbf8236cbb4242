/*
 * The plan a DC runs, as files in an output directory (docs/formats.md):
 * routes.csv, unassigned.csv, trace.csv, depots/DEPOT_ID.csv and
 * summary.json.  Every figure in them is recomputed from the problem and
 * the solution by the from-scratch evaluation of models/ (never the
 * solver's incremental one), so that `cofleet check` can recompute and
 * compare each one.  The directory is replaced as a whole: complete or
 * untouched.
 */
#ifndef CF_IO_PLAN_PLAN_H
#define CF_IO_PLAN_PLAN_H

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
    int bench_solution;    /* a cf_bench_format (io/formats/bench_read.h): the plan also
                              holds solution.sol or .res; 0 (CF_BENCH_AUTO): none */
} cf_run_info;

/* Writes the plan of s into out_dir (created when missing, replaced as a
 * whole when present and cf_plan_check_target allows it), with the
 * benchmark solution file info asks for, and cofleet's marker.  The plan
 * is checked as written (io/plan/plan_check.h) before it replaces anything.
 * CF_EINVAL (out_dir refused), CF_EIO with the path and strerror on a
 * write fault, CF_EINFEAS when the written plan fails its check (our bug),
 * CF_ENOMEM, CF_OK. */
cf_status cf_plan_write(const char *out_dir, const cf_problem *p, const cf_params *prm,
                        const cf_solution *s, const cf_run_info *info, cf_err *err);

/* Whether out_dir may receive a plan (or another output of cofleet's that
 * is replaced as a whole): missing, empty, or holding cofleet's marker
 * (io/plan/atomic.h CF_ATOMIC_MARK) and none of the files of a scenario.
 * Refused with CF_EINVAL: ".", "..", "/", a symbolic link, a mount point,
 * a file, a directory that holds input (the path input, when not NULL, or
 * any scenario file), anything else cofleet did not write.  So a plan
 * written elsewhere, a scenario or a user's folder is never removed.
 * CF_EIO when it cannot be inspected.  cf_plan_write checks it too;
 * callers check first to fail before a long solve.  This does not lock:
 * callers that solve before writing take cf_atomic_lock first. */
cf_status cf_plan_check_target(const char *out_dir, const char *input, cf_err *err);

#endif
