/*
 * The solver's entry point: depot assignment (GLPK MIP), construction and
 * local search within a time or work limit, honouring every rule of
 * models/problem.h.  solver/ never opens a file; it reads a const problem and
 * writes a caller-owned solution.
 */
#ifndef CF_SOLVER_SOLVER_H
#define CF_SOLVER_SOLVER_H

#include <signal.h>

#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"
#include "models/solution.h"

/* Called from the solving thread, at most a few times a second. */
typedef void (*cf_progress_fn)(void *ctx, const char *phase, double elapsed_s, cf_cost best,
                               int vehicles_used, int unassigned);

typedef struct cf_solve_opts {
    const cf_params *params;           /* limits, seed, threads */
    const volatile sig_atomic_t *stop; /* may be NULL; non-zero: finish now with the best so far */
    cf_progress_fn progress;           /* may be NULL */
    void *progress_ctx;
    double started; /* cf_ctx_now() the time limit counts from (a command's start, so that
                       loading counts too); 0: the call to cf_solve */
} cf_solve_opts;

typedef struct cf_solve_stats {
    double elapsed_s;
    long iterations;       /* search iterations done, all streams */
    int threads;           /* OpenMP threads actually used */
    cf_cost cost;          /* objective of the returned solution (problem.h) */
    int stopped_by_signal; /* the stop flag ended the search */
    int stopped_by_time;   /* the time limit ended the search */
} cf_solve_stats;

/* Solves p into out (initialised by the caller with cf_solution_init).
 * Every order ends up routed or unassigned with a reason; the result is
 * feasible (cf_solution_check accepts it).  A stop request or the limit
 * still returns CF_OK with the best solution found.  CF_ENOMEM, CF_ELP
 * (GLPK failed), CF_OK.  stats may be NULL. */
cf_status cf_solve(const cf_problem *p, const cf_solve_opts *opts, cf_solution *out,
                   cf_solve_stats *stats, cf_err *err);

/* cf_solve with a warm start: initial (sized for p; NULL: none) is a plan
 * of p, e.g. the union of coalition plans (coalition/coalition.h).  When every
 * order on its routes takes part in the search and its routes are feasible
 * (rules 1-9), the search starts from it instead of the construction if its
 * search value (cost, unrouted mandatory orders weighing most) is lower; so
 * the result is never worse than initial.  Otherwise it is ignored. */
cf_status cf_solve_warm(const cf_problem *p, const cf_solve_opts *opts, const cf_solution *initial,
                        cf_solution *out, cf_solve_stats *stats, cf_err *err);

#endif
