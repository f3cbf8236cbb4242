/*
 * cofleet's public API: load a scenario directory or a research benchmark
 * file, solve it, check the plan with the independent checker, write it.
 * This header is all a program that embeds the solver (a web service, a
 * Python binding) needs; it is the only header `make install` installs, and
 * nothing in it exposes an internal type.  Link with libcofleet:
 *
 *     cc app.c $(pkg-config --cflags --libs --static cofleet)
 *
 * Ownership: cofleet_load and cofleet_solve hand back objects the caller
 * frees with cofleet_problem_free and cofleet_plan_free (NULL is fine).  A
 * problem is immutable once loaded; several plans may be solved from one
 * problem, one at a time.  Every call that can fail returns a
 * cofleet_status and fills *err (may be NULL) with a message that says
 * where and what ("orders.csv:14: column 'weight': '-3' must be >= 0").
 */
#ifndef COFLEET_H
#define COFLEET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The same values as the command's statuses (docs/design.md, "Errors"). */
typedef enum cofleet_status {
    COFLEET_OK = 0,
    COFLEET_ENOMEM, /* out of memory */
    COFLEET_EIO,    /* cannot read or write a file */
    COFLEET_EPARSE, /* malformed input */
    COFLEET_EINVAL, /* invalid instance or parameter */
    COFLEET_EINFEAS, /* no feasible solution */
    COFLEET_ELP,    /* the LP solver failed */
    COFLEET_ETIME,  /* time limit reached */
    COFLEET_EINTR,  /* interrupted */
    COFLEET_ECHECK  /* the plan fails the independent checker */
} cofleet_status;

typedef struct cofleet_error {
    cofleet_status code;
    char msg[512];
} cofleet_error;

typedef struct cofleet_problem cofleet_problem;
typedef struct cofleet_plan cofleet_plan;

/* "0.1.0" */
const char *cofleet_version(void);

/* Loads path: a scenario directory (docs/formats.md, with its scenario.ini)
 * or a benchmark file (CVRPLIB, Solomon, Cordeau; docs/benchmarks.md).
 * params (may be NULL) is a NULL-terminated list of name, value pairs with
 * the names of `cofleet --help-params` ("time_limit", "30", "seed", "7",
 * NULL); like the command's flags they override scenario.ini.  The run must
 * be bounded: a time_limit above 0, or iterations with time_limit "0".
 * COFLEET_EIO, COFLEET_EPARSE, COFLEET_EINVAL, COFLEET_ENOMEM or COFLEET_OK. */
cofleet_status cofleet_load(const char *path, const char *const *params, cofleet_problem **out,
                            cofleet_error *err);
void cofleet_problem_free(cofleet_problem *pb);

/* Solves pb.  Every order is routed or listed as unassigned with a reason;
 * the plan has passed the independent checker.  With iterations and
 * time_limit 0 the same seed gives the same plan on any machine.
 * COFLEET_ENOMEM, COFLEET_ELP, COFLEET_ECHECK (a bug of ours) or COFLEET_OK. */
cofleet_status cofleet_solve(const cofleet_problem *pb, cofleet_plan **out, cofleet_error *err);
void cofleet_plan_free(cofleet_plan *plan);

/* Re-checks plan against pb from scratch: every rule, every cost.
 * COFLEET_ECHECK with the first violation, COFLEET_ENOMEM or COFLEET_OK. */
cofleet_status cofleet_check(const cofleet_problem *pb, const cofleet_plan *plan,
                             cofleet_error *err);

/* Writes the plan directory dir (routes.csv, unassigned.csv, depots/NAME.csv,
 * summary.json, and solution.sol or .res for a benchmark file), replacing
 * an earlier plan there atomically.  COFLEET_EIO, COFLEET_EINVAL (dir holds
 * something that is not a plan), COFLEET_ENOMEM or COFLEET_OK. */
cofleet_status cofleet_write(const cofleet_problem *pb, const cofleet_plan *plan, const char *dir,
                             cofleet_error *err);

/* Figures of a plan: the objective in the scenario's currency units (for
 * a benchmark file, in its published convention), the vehicles used, the
 * orders served and left unassigned. */
double cofleet_plan_cost(const cofleet_problem *pb, const cofleet_plan *plan);
int cofleet_plan_vehicles_used(const cofleet_plan *plan);
int cofleet_plan_served(const cofleet_plan *plan);
int cofleet_plan_unassigned(const cofleet_plan *plan);

/* The text of a status ("malformed input"). */
const char *cofleet_status_str(cofleet_status code);

#ifdef __cplusplus
}
#endif

#endif
