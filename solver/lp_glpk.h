/*
 * A small LP/MIP modelling API over GLPK, for every optimisation model of the
 * project: the depot assignment (solver/assign.c), the set-partitioning
 * recombination over a route pool, and the coalition LPs (core check,
 * equal-profit split).  solver/lp_glpk.c is the only file that includes
 * <glpk.h>.
 *
 * The model lives in our own arrays (cf_malloc), and is validated as it is
 * built: GLPK aborts the process on misuse, so nothing it would refuse ever
 * reaches it.  cf_lp_solve() copies the model into a fresh glp_prob, solves
 * it and copies the results back before deleting it, so a cf_lp is a plain
 * value: it may be built in one thread and solved in another, and solved
 * again after cf_lp_set_* changes or added rows and columns.  The simplex
 * method then starts from the last optimal basis (new rows basic, new
 * columns at a bound), without the presolver, which would discard it.
 *
 * Indexes are 0-based: columns [0, cf_lp_n_cols), rows [0, cf_lp_n_rows),
 * numbered in the order they were added.  A bound of -CF_LP_INF or CF_LP_INF
 * means "none".
 *
 * Threads: GLPK keeps one environment per thread (thread-local storage in
 * Debian's build; tests/test_lp.c checks two threads solving at once).  Each
 * cf_lp_solve() switches GLPK's terminal output off in the calling thread
 * (unless opts->verbose); a thread that has called cf_lp_solve() should call
 * cf_lp_thread_done() before it ends, which frees that environment.
 */
#ifndef CF_SOLVER_LP_GLPK_H
#define CF_SOLVER_LP_GLPK_H

#include <math.h>
#include <signal.h>
#include <stdbool.h>

#include "models/err.h"

#define CF_LP_INF HUGE_VAL

typedef struct cf_lp cf_lp;

typedef enum {
    CF_LP_MIN,
    CF_LP_MAX,
} cf_lp_sense;

typedef enum {
    CF_LP_CONTINUOUS,
    CF_LP_INTEGER,
    CF_LP_BINARY, /* an integer column whose bounds are intersected with [0, 1] */
} cf_lp_kind;

/* What the last cf_lp_solve() established. */
typedef enum {
    CF_LP_UNSOLVED,    /* never solved, changed since, or the solver failed */
    CF_LP_OPTIMAL,     /* proven optimal (for a MIP: within opts->mip_gap) */
    CF_LP_FEASIBLE,    /* a feasible solution, optimality not proven (time or node limit) */
    CF_LP_INFEASIBLE,  /* proven to have no feasible solution */
    CF_LP_UNBOUNDED,   /* the objective is unbounded (for a MIP: its LP relaxation
                          has no dual feasible solution: unbounded or infeasible) */
    CF_LP_NO_SOLUTION, /* the time or node limit came before any feasible solution */
} cf_lp_result;

typedef struct cf_lp_opts {
    double time_limit_s; /* wall clock for the whole solve; <= 0: none (default) */
    double mip_gap;      /* relative gap at which a MIP counts as solved; default 0 */
    bool presolve;       /* GLPK's LP/MIP presolver; default true */
    bool relax;          /* solve the LP relaxation, ignoring integrality; default false */
    bool cuts;           /* MIP: Gomory, MIR, cover and clique cuts; default false */
    bool verbose;        /* GLPK's own log on stdout; default false */
    /* MIP work limits, which unlike the time limit give the same answer on
     * any machine (0: none, the default).  node_limit stops branch and cut
     * after that many subproblems; abs_gap once the incumbent is within that
     * much of the best bound (in objective units; then CF_LP_OPTIMAL). */
    long node_limit;
    double abs_gap;
    /* MIP warm start, or NULL (default): [n_cols] values of an integer
     * feasible solution.  It becomes the first incumbent (GLPK's heuristic
     * callback, glp_ios_heur_sol, which needs the presolver off: it is turned
     * off and the root LP is solved by glp_simplex first), and it is the
     * answer, CF_LP_FEASIBLE, when the time limit comes before GLPK finds
     * anything better.  A start that breaks a bound, a row or integrality by
     * more than 1e-6 is ignored.  The caller keeps ownership. */
    const double *start;
    /* MIP: branch and cut ends, as at the time limit, once *stop is
     * non-zero (a signal handler's flag), or NULL (default). */
    const volatile sig_atomic_t *stop;
} cf_lp_opts;

/* The defaults above. */
void cf_lp_opts_init(cf_lp_opts *opts);

/* An empty model (no rows, no columns, objective constant 0).  CF_ENOMEM or
 * CF_OK; *out is NULL on failure. */
cf_status cf_lp_create(cf_lp_sense sense, cf_lp **out, cf_err *err);
/* NULL is fine. */
void cf_lp_free(cf_lp *lp);

/* Adds column lo <= x <= hi with objective coefficient obj; *col (may be
 * NULL) gets its index.  CF_EINVAL when a value is NaN, obj is infinite,
 * lo > hi, lo == CF_LP_INF or hi == -CF_LP_INF, or an integer column has a
 * fractional finite bound; CF_ENOMEM; CF_OK. */
cf_status cf_lp_add_col(cf_lp *lp, double lo, double hi, double obj, cf_lp_kind kind, int *col,
                        cf_err *err);

/* Adds row lo <= sum_k val[k] * x[col[k]] <= hi over nz entries: lo == hi is
 * an equality, lo = -CF_LP_INF a <= row, hi = CF_LP_INF a >= row, both
 * finite a range.  Entries of the same column are summed and zeros dropped;
 * nz == 0 is allowed.  *row (may be NULL) gets its index.  CF_EINVAL (a
 * column out of range, a non-finite coefficient, bounds as for columns),
 * CF_ENOMEM, CF_OK; the model is unchanged on failure. */
cf_status cf_lp_add_row(cf_lp *lp, double lo, double hi, int nz, const int *col, const double *val,
                        int *row, cf_err *err);

/* Changes a column's bounds or objective coefficient, a row's bounds, or the
 * objective constant.  Validation as for cf_lp_add_col; CF_EINVAL, CF_OK. */
cf_status cf_lp_set_col_bounds(cf_lp *lp, int col, double lo, double hi, cf_err *err);
cf_status cf_lp_set_obj(cf_lp *lp, int col, double obj, cf_err *err);
cf_status cf_lp_set_row_bounds(cf_lp *lp, int row, double lo, double hi, cf_err *err);
cf_status cf_lp_set_obj_const(cf_lp *lp, double c, cf_err *err);

int cf_lp_n_cols(const cf_lp *lp);
int cf_lp_n_rows(const cf_lp *lp);
/* Whether some column is integer (then cf_lp_solve runs branch and cut). */
bool cf_lp_is_mip(const cf_lp *lp);

/* Solves the model: the simplex method for an LP (or opts->relax), GLPK's
 * branch and cut (glp_intopt) for a MIP.  opts may be NULL (defaults).
 * Returns:
 *   CF_OK      a solution is available: cf_lp_result() is CF_LP_OPTIMAL, or
 *              CF_LP_FEASIBLE when the time or node limit stopped a MIP that
 *              had one;
 *   CF_EINFEAS proven infeasible (CF_LP_INFEASIBLE);
 *   CF_ETIME   the time or node limit came before any feasible solution
 *              (CF_LP_NO_SOLUTION);
 *   CF_ELP     unbounded (CF_LP_UNBOUNDED), or GLPK failed (numerical
 *              trouble, an internal error caught by its error hook:
 *              CF_LP_UNSOLVED);
 *   CF_EINVAL  bad opts (NaN time limit, negative gap or node limit);
 *   CF_ENOMEM.
 * err->msg says which (e.g. "lp: time limit 2 s reached before a feasible
 * solution").  Deterministic for a given model unless the time limit ends it. */
cf_status cf_lp_solve(cf_lp *lp, const cf_lp_opts *opts, cf_err *err);

cf_lp_result cf_lp_get_result(const cf_lp *lp);
/* "optimal", "feasible", ... */
const char *cf_lp_result_str(cf_lp_result r);

/* After CF_OK (else 0 / NAN): the objective value (constant included), a
 * column's value, a row's activity sum_k val[k] * x[col[k]]. */
double cf_lp_obj(const cf_lp *lp);
double cf_lp_x(const cf_lp *lp, int col);
double cf_lp_row_activity(const cf_lp *lp, int row);
/* All column values, [n_cols], valid until the next change or solve; NULL
 * when there is no solution. */
const double *cf_lp_xs(const cf_lp *lp);

/* After an LP solved to optimality (no integer column, or opts->relax), else
 * NAN: the dual value of a row (d obj / d rhs at the active bound, GLPK's
 * sign convention for min and max alike) and the reduced cost of a column. */
double cf_lp_dual(const cf_lp *lp, int row);
double cf_lp_reduced_cost(const cf_lp *lp, int col);

/* Frees GLPK's environment of the calling thread (glp_free_env); call it in
 * every thread that solved something, before the thread ends.  Harmless
 * when the thread never used GLPK, and GLPK starts afresh if it is used
 * again. */
void cf_lp_thread_done(void);

#endif
