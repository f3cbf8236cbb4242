/*
 * Set-partitioning recombination over a route pool (docs/algorithms.md,
 * pipeline step 6): choose the cheapest combination of pooled routes that serves the
 * incumbent's orders, by a MIP in GLPK (solver/lp_glpk.h) under a time and
 * node limit, warm-started from the incumbent.  Rochat and Taillard 1995;
 * Subramanian, Uchoa and Ochi 2013 (ILS-SP), whose pool of local optima and
 * warm-started set partitioning this follows.
 *
 * The MIP.  Columns: one binary y_r per route r of the pool, after the
 * incumbent's routes have been added to it (an incumbent route the pool
 * cannot hold, or holds under a costlier sequence, is a column of its own).
 * With R(o) the columns serving order o, R(c) those of vehicle class c,
 * R(d) those of the classes based at DC d, and pen_o the penalty of an
 * optional order:
 *
 *   min  sum_r c_r y_r  -  sum_{o optional} pen_o sum_{r in R(o)} y_r
 *                       -  sum_{o in U} W sum_{r in R(o)} y_r   (+ constant)
 *   (a)  sum_{r in R(o)} y_r  = 1   o mandatory and routed in the incumbent
 *   (b)  sum_{r in R(o)} y_r <= 1   every other order some column serves
 *   (c)  sum_{r in R(c)} y_r <= |c|                 (only when R(c) > |c|)
 *   (d)  sum_{r in R(d)} load_r[k] y_r <= depot_cap[d][k]   rule 9, for each
 *        finite capacity that the orders of R(d) could exceed
 *   y_r in {0, 1}
 *
 * c_r is the route's cost (cf_eval_route), so with (b) an optional order
 * pays its penalty exactly when no chosen route serves it: the objective is
 * that of models/problem.h (the constant is the sum of the optional orders'
 * penalties).  Every routed order of the incumbent is on a column.
 * The rule for orders the incumbent leaves out: they stay out (with their
 * reason) unless a pooled route serves them; an optional one is then worth its
 * penalty like any other; a mandatory one (set U) earns a reward W, by
 * default max(1000 currency units, 4 x the costliest column), so that
 * serving it outweighs any single route's cost, as the search's own weight
 * does.  Acceptance is lexicographic: fewer unrouted mandatory orders first,
 * then a lower objective.
 *
 * Solving.  (1) The LP relaxation of the whole model gives a bound LB and
 * reduced costs d_r; with UB the incumbent's value, a column with
 * d_r > UB - LB is in no better plan and is dropped (reduced-cost fixing),
 * and UB - LB below one micro-unit proves the incumbent optimal over the
 * pool (no MIP at all).  (2) GLPK's branch and bound is slow on large
 * set-partitioning models (measured: a few nodes a second at 5000 columns,
 * and it never closed a 2% root gap in 20 s), so the MIP is solved in
 * rounds: the incumbent's columns plus the max_cols candidates of least
 * reduced cost (those most likely to improve on it); when GLPK proves that
 * restricted model optimal, the next round takes four times as many, from
 * the best plan so far, until every candidate is in or a limit ends it.
 * Every round is warm-started from the best plan so far (the incumbent at
 * first): it satisfies every row, so GLPK always has a solution and a time
 * or node limit returns at worst the incumbent.
 *
 * The result is mapped back to vehicles: a chosen route that was the
 * incumbent's keeps its vehicle; the others take the free vehicles of their
 * class in ascending index.  Each route leaves at its pooled departure time
 * (pool.h: the whole minute of least duration, which can be cheaper than
 * the incumbent's own, so the same routes may come back cheaper).  Every
 * cost is then recomputed in integers by cf_eval_route and the plan by
 * cf_solution_check; only a plan strictly better than the incumbent
 * replaces it.
 *
 * Determinism: the MIP is built from the pool's contents in slot order, and
 * the rounds from the LP's reduced costs (ties to the lower column), so
 * with time_limit_s <= 0 the answer depends only on the pool's contents, the
 * incumbent, node_limit and max_cols (GLPK itself is deterministic).
 */
#ifndef CF_SOLVER_SP_H
#define CF_SOLVER_SP_H

#include <stdbool.h>

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"
#include "solver/lp_glpk.h"
#include "solver/pool.h"

#define CF_SP_MAX_COLS 500 /* default first round: 500 candidates */

typedef struct cf_sp_opts {
    double time_limit_s; /* wall clock for the LP and every round; <= 0: none (default) */
    long node_limit;     /* branch-and-bound subproblems per round; 0: none (default) */
    bool cuts;           /* GLPK's cuts; default false (measured: slower, no better plans) */
    cf_cost mand_weight; /* W above; <= 0: the default rule (default) */
    int max_cols;        /* candidates in the first round; 0: all at once; default CF_SP_MAX_COLS */
    const volatile sig_atomic_t *stop; /* ends the rounds as the time limit does; NULL (default) */
} cf_sp_opts;

/* What one recombination did. */
typedef struct cf_sp_info {
    int n_cols_pool;        /* columns: the pool's and the incumbent's */
    int n_cols_fixed;       /* candidates left by reduced-cost fixing (incumbent's not counted) */
    int n_cols, n_rows;     /* size of the last MIP solved (0: none) */
    int rounds;             /* MIPs solved */
    int n_nz;               /* nonzeros of its order rows (the routes' lengths) */
    cf_lp_result lp_result; /* outcome: CF_LP_OPTIMAL proven optimal over the pool, CF_LP_FEASIBLE
                               a limit came first, CF_LP_UNSOLVED not run */
    double lp_seconds;      /* wall clock in GLPK: LP relaxation and MIP */
    double relax_seconds;   /* ... of which the LP relaxation */
    double lp_bound;        /* LP relaxation's value, currency units (0: not solved) */
    bool improved;          /* out differs from, and is better than, the incumbent */
    cf_cost cost_before;    /* objective of the incumbent (problem.h) */
    cf_cost cost_after;     /* objective of out */
    int mand_out_before;    /* unrouted mandatory orders in the incumbent */
    int mand_out_after;     /* ... and in out */
    int routes_new; /* routes of out that the incumbent does not have (same set, same vehicle class)
                     */
} cf_sp_info;

void cf_sp_opts_init(cf_sp_opts *opts);

/* Recombines pool with incumbent into out (caller-owned, sized for the
 * pool's problem with cf_solution_init; out may be incumbent itself).
 * incumbent must be feasible: its routes within rules 2-8 at their own
 * departure times, its unrouted orders with reasons (cf_solution_check).
 * The incumbent's routes are added to the pool first (so they count as
 * recently used); the routes of the returned plan are touched.
 *
 * out_cost (may be NULL) gets out's objective, info (may be NULL) the
 * figures above.  Returns:
 *   CF_OK      out is the better plan, or a copy of the incumbent when the
 *              MIP found nothing better within its limits;
 *   CF_EINVAL  incumbent or out not sized for the problem, a NaN time
 *              limit, a negative node limit or max_cols (out untouched); a malformed
 *              or infeasible incumbent route (out: the incumbent);
 *   CF_ELP     GLPK failed (out: the incumbent);
 *   CF_EINFEAS the recombined plan failed cf_solution_check (our bug, or an
 *              incumbent whose reasons the checker refuses; out: the
 *              incumbent; err->msg: the checker's message);
 *   CF_ENOMEM  (out: the incumbent; the pool may hold more routes).
 * *out_cost is written on CF_OK only.
 * The calling thread has used GLPK: it should call cf_lp_thread_done()
 * before it ends (solver/lp_glpk.h). */
cf_status cf_sp_recombine(cf_pool *pool, const cf_solution *incumbent, const cf_sp_opts *opts,
                          cf_solution *out, cf_cost *out_cost, cf_sp_info *info, cf_err *err);

/* cf_sp_recombine with default options (cf_sp_opts_init) but these limits
 * and stop flag (may be NULL), and no info. */
cf_status cf_pool_recombine(cf_pool *pool, const cf_solution *incumbent, double time_limit_s,
                            long node_limit, const volatile sig_atomic_t *stop, cf_solution *out,
                            cf_cost *out_cost, cf_err *err);

/* The objective of models/problem.h for s, in integers: route costs from
 * cf_eval_route at each route's departure, plus the penalties of unrouted
 * optional orders.  *mand_out (may be NULL) gets the number of unrouted
 * mandatory orders.  CF_EINVAL (s not sized for p, a malformed route list),
 * CF_ENOMEM, CF_OK.  It does not check feasibility. */
cf_status cf_sp_objective(const cf_problem *p, const cf_solution *s, cf_cost *cost, int *mand_out,
                          cf_err *err);

#endif
