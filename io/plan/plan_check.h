/*
 * Checking a plan directory against its scenario (`cofleet check`): reads
 * the plan back (io/plan/plan_read.h), runs the independent checker of
 * models/check.h on it, and recomputes every figure written in routes.csv,
 * trace.csv, depots/DEPOT_ID.csv and summary.json from the problem and the
 * plan's routes, reporting each one that differs.
 *
 * Comparison (docs/formats.md): a number matches when it is within half a
 * unit of its last printed decimal of the recomputed value (routes.csv and
 * the manifests: of the exact value; summary.json: of the rounded value it
 * would be written as); a time when it is the same minute; text exactly.
 * Run information in summary.json (scenario, cofleet_version, seed,
 * threads, time_limit_s, iterations, elapsed_s, stopped_by_signal) is not
 * recomputed.  Mismatches name file:line (CSV) or the key path (JSON).
 */
#ifndef CF_IO_PLAN_PLAN_CHECK_H
#define CF_IO_PLAN_PLAN_CHECK_H

#include "models/check.h"
#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"

/* Totals of the plan as read, for the one-line verdict. */
typedef struct cf_plan_totals {
    int routes; /* used vehicles */
    int served, unassigned;
    cf_cost cost; /* the objective, recomputed */
} cf_plan_totals;

/* Checks the plan in dir against p; prm gives co2_kg_per_km (NULL: 0).
 * Appends one message per violation or mismatch to out (initialised by the
 * caller); totals (may be NULL) get the recomputed figures.  CF_OK when the
 * plan is valid, CF_EINFEAS when out got messages, CF_EIO / CF_EPARSE when
 * routes.csv or unassigned.csv is missing, unreadable, not CSV or lacks a
 * required column, CF_ENOMEM. */
cf_status cf_plan_check(const char *dir, const cf_problem *p, const cf_params *prm,
                        cf_violations *out, cf_plan_totals *totals, cf_err *err);

#endif
