/*
 * Loads a scenario directory (CSV schema v1, docs/formats.md) into a
 * cf_problem: orders.csv, depots.csv, vehicles.csv, and the optional
 * couriers.csv, matrix.csv and scenario.ini.  Every problem in the input is
 * an error naming the file, line and column:
 *   "orders.csv:14: column 'weight': '-3' must be >= 0"
 * Unknown columns are warnings on stderr.  Nothing of a failed load is left.
 */
#ifndef CF_IO_SCENARIO_SCENARIO_H
#define CF_IO_SCENARIO_SCENARIO_H

#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"

/* The files of a scenario directory, the required ones first; NULL ends
 * the list. */
extern const char *const cf_scenario_files[];
#define CF_SCENARIO_N_REQUIRED 3

/* Loads dir.  `cli` holds the parameters given on the command line (may be
 * NULL); they override scenario.ini, which overrides the defaults; the
 * result goes to *eff (may be NULL).  road_factor and sharing of *eff shape
 * the problem.  On success *out is a finalized problem owned by the caller.
 * CF_EIO (missing or unreadable file), CF_EPARSE (malformed CSV or value),
 * CF_EINVAL (inconsistent data: duplicate id, unknown reference, ...),
 * CF_ENOMEM; *out is NULL on failure. */
cf_status cf_scenario_load(const char *dir, const cf_params *cli, cf_params *eff,
                           cf_problem **out, cf_err *err);

#endif
