/*
 * The coalition view as files and as a table (docs/coalition.md): the
 * output directory of `cofleet coalition` holds
 *   allocation.csv  courier,standalone_cost,allocated_cost,saving,saving_pct,method
 *                   one row per courier and allocation method
 *   coalitions.csv  each coalition solved: members, its cost, the cost after
 *                   the subadditive closure, vehicles, km, seed, time
 *   summary.json    the gain, the closure, the core verdicts, and per courier
 *                   its KPIs standalone and pooled and its shares
 *   pooled/         the pooled plan, the normal plan files (io/plan/plan.h)
 * The directory is replaced as a whole (io/plan/atomic.h), and only when it is
 * missing, empty, or an output of cofleet's (cf_plan_check_target); it gets
 * the marker "cofleet coalition".
 * Money is printed in currency units with 2 decimals from whole cents.
 */
#ifndef CF_IO_PLAN_COALITION_WRITE_H
#define CF_IO_PLAN_COALITION_WRITE_H

#include <stdio.h>

#include "io/plan/plan.h"
#include "models/coalition.h"
#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"
#include "models/solution.h"

/* Writes the directory.  prm: the run's parameters (co2_kg_per_km, seed,
 * limits); pooled: the pooled plan of p, pooled_info its run figures.
 * CF_EIO (with the path), CF_ENOMEM, CF_OK. */
cf_status cf_coalition_write(const char *out_dir, const cf_problem *p, const cf_params *prm,
                             const cf_coalition_result *res, const cf_solution *pooled,
                             const cf_run_info *pooled_info, cf_err *err);

/* The side-by-side table of `cofleet coalition`: the gain, each courier's
 * standalone cost and shares, the core verdicts, and KPIs standalone vs
 * pooled.  CF_ENOMEM or CF_OK. */
cf_status cf_coalition_print(FILE *out, const cf_problem *p, const cf_params *prm,
                             const cf_coalition_result *res, const cf_solution *pooled,
                             cf_err *err);

#endif
