/*
 * The coalition view (docs/coalition.md): what each
 * courier pays alone, what the pool of couriers pays together, and fair
 * splits of the pooled cost.  Two layers:
 *
 *   games       a cost game known on some coalitions (models/coalition.h):
 *               the subadditive closure, the Shapley value (exact, or by
 *               sampled permutations with a confidence interval), the split
 *               proportional to standalone cost, the equal-profit method as
 *               an LP (Frisk, Göthe-Lundgren, Jörnsten and Rönnqvist 2010),
 *               the least-core LP and the direct core check naming blocking
 *               coalitions, and rounding to cents by largest remainder;
 *   solving     cf_coalition_run: each coalition as a sub-problem
 *               (models/problem_sub.h) solved by cf_solve, in parallel
 *               (one single-threaded solve per task, solver/parallel.h),
 *               then the pooled plan, then the game and its allocations.
 *
 * Semantics, formulas and caveats: docs/coalition.md.
 */
#ifndef CF_COALITION_COALITION_H
#define CF_COALITION_COALITION_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/coalition.h"
#include "models/err.h"
#include "models/params.h"
#include "models/money.h"
#include "models/problem.h"
#include "models/solution.h"

#define CF_SHAPLEY_EXACT_DEFAULT 10 /* exact Shapley up to this many couriers */
#define CF_SHAPLEY_EXACT_HARD_MAX 20
#define CF_SHAPLEY_SAMPLES_DEFAULT 50

/* ---- games ------------------------------------------------------------------------------- */

/* An empty game of n players (1 .. 64). */
void cf_game_init(cf_game *g, int n);
void cf_game_release(cf_game *g);
/* Sets c(mask) (inserting it when new).  CF_EINVAL when mask is 0 or has
 * bits beyond n, CF_ENOMEM, CF_OK. */
cf_status cf_game_set(cf_game *g, uint64_t mask, cf_cost cost, cf_err *err);
/* Index of mask in g->mask, or -1 when unknown. */
int cf_game_find(const cf_game *g, uint64_t mask);
/* c(mask) into *cost (0 for the empty coalition); false when unknown. */
bool cf_game_value(const cf_game *g, uint64_t mask, cf_cost *cost);
static inline uint64_t cf_game_all(const cf_game *g)
{
    return g->n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << g->n) - 1;
}

/* The cheapest split of S into two known non-empty parts:
 * min over A of c(A) + c(S \ A); *part (may be NULL) gets that A (the one
 * with the lowest mask among ties).  false when no split is known. */
bool cf_game_best_split(const cf_game *g, uint64_t S, cf_cost *cost, uint64_t *part);

typedef struct cf_closure_stats {
    int adjusted;  /* coalitions lowered */
    cf_cost total; /* sum of the reductions */
    cf_cost max;   /* largest reduction */
} cf_closure_stats;

/* The subadditive closure, in place, bottom-up (ascending masks: every part
 * of S comes before S):  c(S) <- min(c(S), min over known splits c(A) + c(S \ A)),
 * so that afterwards no known coalition costs more than a known split of it.
 * The grand coalition is left alone unless close_grand.  split (may be
 * NULL, [len]) gets the part A that set each cost, 0 when the coalition
 * kept its own.  st may be NULL. */
void cf_game_close(cf_game *g, bool close_grand, uint64_t *split, cf_closure_stats *st);

/* ---- allocations (x[i]: what courier i pays, micro-currency) ---------------------------- */

/* Shapley value phi_i = sum over S not containing i of
 * |S|! (n - |S| - 1)! / n! * (c(S + i) - c(S)).  Needs every coalition;
 * n <= CF_SHAPLEY_EXACT_HARD_MAX.  CF_EINVAL (a coalition unknown, n too
 * large; err names the coalition), CF_ENOMEM, CF_OK. */
cf_status cf_shapley_exact(const cf_game *g, double *phi, cf_err *err);

/* m random orders of the n players into perm[m * n] (Fisher-Yates on the
 * project's RNG: seed, stream 0x5a4d).  Deterministic. */
void cf_shapley_perms(int n, int m, uint64_t seed, int *perm);

/* Shapley value estimated from m permutations (Castro, Gomez and Tejada
 * 2009): phi_i = the mean over the permutations of i's marginal cost on
 * joining its predecessors; ci95[i] (may be NULL) = 1.96 x the standard
 * error (sample standard deviation / sqrt(m); 0 when m < 2).  Each
 * permutation's marginals sum to c(N), so the estimate is efficient.
 * Needs every prefix of every permutation.  CF_EINVAL naming a missing
 * coalition, CF_ENOMEM, CF_OK. */
cf_status cf_shapley_sampled(const cf_game *g, const int *perm, int m, double *phi, double *ci95,
                             cf_err *err);

/* x_i = total * standalone_i / sum_j standalone_j (all equal shares when
 * the sum is not positive). */
void cf_alloc_proportional(const cf_cost *standalone, int n, cf_cost total, double *x);

/* The least core: eps* = min eps such that some x with x(N) = c(N) has
 * x(S) <= c(S) + eps for every known proper coalition S (the core is empty
 * when eps* > 0).  An LP in GLPK.  Needs c(N); n >= 2.  x (may be NULL) gets
 * a point of it.  CF_EINVAL, CF_ELP, CF_ENOMEM, CF_OK. */
cf_status cf_least_core(const cf_game *g, double *eps, double *x, cf_err *err);

/* The equal-profit method (Frisk et al. 2010): x minimising
 * f = max over pairs |x_i / c(i) - x_j / c(j)| (the largest difference of
 * relative savings) subject to x(N) = c(N) and x(S) <= c(S) + slack for
 * every known proper coalition S, where slack = max(0, eps*) (0: the core;
 * eps* > 1 cent: the least core, *least_core set).  The rows are first
 * tightened by (|S| - 1) cents, so that rounding the shares to cents keeps
 * x(S) within a cent of c(S) + slack; without that margin when it makes
 * the LP infeasible.  Players with c(i) <= 0 (a courier that brings only
 * vehicles) have no relative saving, so f says nothing about their share:
 * when there are any and anchor is not NULL ([n], micro-currency, e.g. the
 * Shapley value), a second LP keeps f at its least value and takes, of
 * those allocations, the one whose shares of those players are nearest to
 * the anchor (least sum of |x_i - anchor_i|; the first stage's allocation
 * if that LP fails); without an anchor they take part only through the
 * coalition rows.  Needs c(N) and every c(i).
 * CF_EINVAL, CF_ELP, CF_ENOMEM, CF_OK. */
cf_status cf_alloc_epm(const cf_game *g, const double *anchor, double *x, double *f,
                       bool *least_core, cf_err *err);

/* Rounds x (micro-currency) to cents summing to total_cents: each share
 * floored to a cent, then the missing cents (or the extra ones) given to
 * (taken from) the largest (smallest) remainders, ties to the lower index
 * (Hamilton's largest remainder method). */
void cf_alloc_round_cents(const double *x, int n, int64_t total_cents, int64_t *cents);

/* The direct core check of an allocation in cents over every known proper
 * coalition S: blocking when x(S) > c(S) + 1 cent.  *out (may be NULL;
 * cf_free it) gets the blocking coalitions, largest excess first (ties: the
 * lower mask first), *n_out their number.  CF_ENOMEM or CF_OK. */
cf_status cf_core_check(const cf_game *g, const int64_t *cents, cf_blocking **out, int *n_out,
                        cf_err *err);

/* ---- solving the coalitions -------------------------------------------------------------- */

/* The price of serving order o of p some other way than with a coalition's
 * own fleet: a trip of its own, out of the DC and back, on the cheapest
 * vehicle of p that could make it whoever owns it (a vehicle like it hired
 * for the order: skills, DC rules and fixed DC hold, ownership and sharing
 * do not), leaving as late as its time window allows; the trip's fixed,
 * distance and time cost (models/problem.h).  It must keep every rule of a
 * route (2-8) and fit its DC's capacity (9).  *cost and *vehicle (either
 * may be NULL) get the price and that vehicle (the lowest index among
 * ties).  false when no vehicle of p can serve o alone: then no coalition
 * can serve it at all. */
bool cf_dedicated_trip(const cf_problem *p, int o, cf_cost *cost, int *vehicle);

typedef struct cf_coalition_opts {
    const cf_params *params; /* time_limit_s (for the whole run), iterations, seed, threads */
    unsigned methods;        /* bit (1u << cf_alloc_method) per method; 0: all */
    int exact_max;           /* exact Shapley up to this many couriers; <= 0: the default */
    int samples;             /* permutations beyond it; <= 0: the default */
    const volatile sig_atomic_t *stop; /* may be NULL: ends every solve with its best so far */
    /* May be NULL; called from the calling thread between phases. */
    void (*progress)(void *ctx, const char *what);
    void *progress_ctx;
} cf_coalition_opts;

/* Solves the coalitions the methods need and the pooled plan, then builds
 * the game and the allocations (docs/coalition.md).  The players are the
 * couriers that bring orders or a vehicle that may carry an order
 * (cf_problem_can_carry); the others are left out (res->left_out) and pay
 * nothing.  c(S) is the cost of S's plan plus the cf_dedicated_trip price
 * of each mandatory order of S that the plan leaves unserved.
 *   1. each courier alone (its orders, its vehicles, separate sharing, no
 *      shared fleet) and the proper coalitions of >= 2 couriers the methods
 *      need (their orders, their vehicles and the shared fleet, p's
 *      sharing), in parallel, one single-threaded cf_solve per coalition
 *      with seed derived from (params->seed, mask) and a share of the time
 *      limit proportional to its orders;
 *   2. the subadditive closure over them;
 *   3. the grand coalition: p itself, with every thread; when its cost is
 *      above a combination of known plans (its best split by the closure,
 *      a courier alone + the rest, every courier alone), a second solve
 *      warm-started from the union of the cheapest combination whose union
 *      is a feasible plan of p;
 *   4. proportional, Shapley and EPM allocations, each rounded to cents
 *      summing to the pooled cost, with the least core and core checks.
 * p should have pooled sharing (the coalition view compares it with each
 * courier alone).  pooled (initialised for p) gets the pooled plan; res is
 * filled (release it with cf_coalition_result_release, also after a
 * failure).  CF_EINVAL (no courier, more than 64, or none with an order),
 * CF_ENOMEM, CF_ELP,
 * CF_EINFEAS (a plan fails the independent checker: our bug), CF_OK. */
cf_status cf_coalition_run(const cf_problem *p, const cf_coalition_opts *opts, cf_solution *pooled,
                           cf_coalition_result *res, cf_err *err);
void cf_coalition_result_release(cf_coalition_result *res);

#endif
