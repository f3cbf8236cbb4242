/*
 * Reading a plan directory back (the files of io/plan/plan.h) into a solution of
 * a problem, for `cofleet check`: routes.csv gives each vehicle's orders in
 * order and its departure (the start row), unassigned.csv each unrouted
 * order's reason.  What cannot be a valid plan row (unknown ids, an order
 * listed twice, a missing end row, a ragged row, a bad time...) is a
 * violation with file:line, and the row is left out of the solution; the
 * files themselves must exist and be CSV with the required columns.
 */
#ifndef CF_IO_PLAN_PLAN_READ_H
#define CF_IO_PLAN_PLAN_READ_H

#include "models/check.h"
#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

struct cf_csv_doc;

typedef struct cf_plan {
    cf_solution sol; /* the plan as a solution of the problem */
    int n_routes;    /* routes read (start rows accepted) */

    /* For the plan checker: routes.csv as read, and for each of its rows the
     * vehicle and the position in that vehicle's route (0: start, 1..n: the
     * orders, n + 1: end) it was read as, or -1 when it was left out. */
    struct cf_csv_doc *routes;
    int *row_vehicle, *row_pos; /* [routes->n_rows] */
} cf_plan;

/* Reads dir/routes.csv and dir/unassigned.csv into plan (sized for p);
 * problems of content go to out, one line each, and also: every order must
 * appear exactly once across the two files.  The caller releases plan with
 * cf_plan_release, also after a failure.  CF_EIO (a file missing or
 * unreadable), CF_EPARSE (malformed CSV, a required column missing),
 * CF_ENOMEM, CF_OK (even with violations: see out->total). */
cf_status cf_plan_read(const char *dir, const cf_problem *p, cf_plan *plan, cf_violations *out,
                       cf_err *err);
void cf_plan_release(cf_plan *plan);

/* The sharing policy summary.json says the plan was solved under.
 * CF_EIO (no summary.json), CF_EPARSE (no valid "sharing"), CF_OK. */
cf_status cf_plan_read_sharing(const char *dir, cf_sharing *out, cf_err *err);

#endif
