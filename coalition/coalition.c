/*
 * The coalition view (see coalition.h and docs/coalition.md).
 *
 * Games.  A game is the list of coalitions whose cost is known, sorted by
 * mask, so that every subset of S comes before S: the subadditive closure
 * is one ascending pass.  The Shapley value is Shapley's (1953) formula over
 * all 2^n coalitions, or the permutation estimate of Castro, Gomez and
 * Tejada (2009) with a normal 95% confidence interval.  The equal-profit
 * method is the LP of Frisk, Göthe-Lundgren, Jörnsten and Rönnqvist (2010,
 * EJOR 205(2):448-458), and the least core (Maschler, Peleg and Shapley
 * 1979) the LP that says whether the core is empty.  LPs are scaled: every
 * money amount is divided by the largest |c(S)|, so GLPK sees numbers near 1.
 *
 * Solving.  Each coalition is a sub-problem (models/problem_sub.h) solved by
 * cf_solve on one thread; solver/parallel.c runs them as tasks, each writing
 * only its own slot, and everything after is serial in slot order, so under
 * a work limit (--iterations) the result does not depend on the thread
 * count.  Plans are kept in the grand problem's indexes as packed routes
 * (vehicle, departure, length, orders...), for the warm start of the pooled
 * plan from the union of sub-plans.
 */
#include "coalition/coalition.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "models/alloc.h"
#include "models/check.h"
#include "models/eval.h"
#include "models/kpi.h"
#include "models/problem_sub.h"
#include "models/rng.h"
#include "solver/lp_glpk.h"
#include "solver/parallel.h"
#include "solver/solver.h"
#include "solver/worker.h"

/* Shares of the time limit: sub-coalitions (spread over the threads in
 * proportion to their orders), the pooled plan, and a warm re-solve of it. */
#define SHARE_SUBS 0.65
#define SHARE_GRAND 0.25
#define SHARE_RESOLVE 0.10
#define MIN_SLICE_S 0.05

static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* Index of the lowest set bit of x != 0. */
static int low_index(uint64_t x)
{
    int i = 0;
    while (!((x >> i) & 1u))
        i++;
    return i;
}

/* ==== games =============================================================================== */

void cf_game_init(cf_game *g, int n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
}

void cf_game_release(cf_game *g)
{
    cf_free(g->mask);
    cf_free(g->cost);
    memset(g, 0, sizeof *g);
}

/* First index with mask[k] >= m. */
static int lower_bound(const cf_game *g, uint64_t m)
{
    int lo = 0, hi = g->len;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (g->mask[mid] < m)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int cf_game_find(const cf_game *g, uint64_t mask)
{
    int k = lower_bound(g, mask);
    return k < g->len && g->mask[k] == mask ? k : -1;
}

bool cf_game_value(const cf_game *g, uint64_t mask, cf_cost *cost)
{
    int k;
    if (mask == 0) {
        *cost = 0;
        return true;
    }
    if ((k = cf_game_find(g, mask)) < 0) return false;
    *cost = g->cost[k];
    return true;
}

cf_status cf_game_set(cf_game *g, uint64_t mask, cf_cost cost, cf_err *err)
{
    int k;
    if (mask == 0 || (mask & ~cf_game_all(g)))
        return cf_err_set(err, CF_EINVAL, "coalition %#llx is empty or has players beyond %d",
                          (unsigned long long)mask, g->n);
    k = lower_bound(g, mask);
    if (k < g->len && g->mask[k] == mask) {
        g->cost[k] = cost;
        return CF_OK;
    }
    if (g->len == g->cap) {
        int cap = g->cap ? 2 * g->cap : 64;
        uint64_t *m = cf_reallocarray(g->mask, (size_t)cap, sizeof *m);
        if (!m) return cf_err_set(err, CF_ENOMEM, "cannot grow a game to %d coalitions", cap);
        g->mask = m;
        cf_cost *c = cf_reallocarray(g->cost, (size_t)cap, sizeof *c);
        if (!c) return cf_err_set(err, CF_ENOMEM, "cannot grow a game to %d coalitions", cap);
        g->cost = c;
        g->cap = cap;
    }
    memmove(&g->mask[k + 1], &g->mask[k], (size_t)(g->len - k) * sizeof *g->mask);
    memmove(&g->cost[k + 1], &g->cost[k], (size_t)(g->len - k) * sizeof *g->cost);
    g->mask[k] = mask;
    g->cost[k] = cost;
    g->len++;
    return CF_OK;
}

static void consider(const cf_game *g, uint64_t S, uint64_t A, bool *found, cf_cost *best,
                     uint64_t *best_a)
{
    cf_cost ca, cb;
    if (!cf_game_value(g, A, &ca) || !cf_game_value(g, S ^ A, &cb)) return;
    if (!*found || ca + cb < *best || (ca + cb == *best && A < *best_a)) {
        *found = true;
        *best = ca + cb;
        *best_a = A;
    }
}

bool cf_game_best_split(const cf_game *g, uint64_t S, cf_cost *cost, uint64_t *part)
{
    uint64_t low = S & (~S + 1), best_a = 0;
    int size = popcount64(S);
    bool found = false;
    cf_cost best = 0;

    if (size < 2) return false;
    /* The part holding S's lowest player, A != S: by enumerating the subsets
     * of S when there are fewer of them than known coalitions, else by
     * scanning the known ones. */
    if (size <= 24 && ((uint64_t)1 << (size - 1)) <= (uint64_t)g->len + 64) {
        for (uint64_t A = (S - 1) & S; A; A = (A - 1) & S)
            if (A & low) consider(g, S, A, &found, &best, &best_a);
    } else {
        for (int k = 0; k < g->len && g->mask[k] < S; k++) {
            uint64_t A = g->mask[k];
            if ((A & ~S) == 0 && (A & low)) consider(g, S, A, &found, &best, &best_a);
        }
    }
    if (found) {
        if (cost) *cost = best;
        if (part) *part = best_a;
    }
    return found;
}

void cf_game_close(cf_game *g, bool close_grand, uint64_t *split, cf_closure_stats *st)
{
    uint64_t all = cf_game_all(g);
    if (st) memset(st, 0, sizeof *st);
    for (int k = 0; k < g->len; k++) {
        cf_cost c;
        uint64_t a;
        if (split) split[k] = 0;
        if (g->mask[k] == all && !close_grand) continue;
        if (!cf_game_best_split(g, g->mask[k], &c, &a) || c >= g->cost[k]) continue;
        if (st) {
            cf_cost d = g->cost[k] - c;
            st->adjusted++;
            st->total += d;
            if (d > st->max) st->max = d;
        }
        g->cost[k] = c;
        if (split) split[k] = a;
    }
}

/* ==== allocations ========================================================================= */

static void fmt_coalition(char *buf, size_t size, uint64_t mask)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < 64 && len + 4 < size; i++)
        if ((mask >> i) & 1u)
            len += (size_t)snprintf(buf + len, size - len, "%s%d", len ? "," : "{", i);
    if (len + 2 <= size) snprintf(buf + len, size - len, "%s}", len ? "" : "{");
}

static cf_status missing(uint64_t mask, cf_err *err)
{
    char name[256];
    fmt_coalition(name, sizeof name, mask);
    return cf_err_set(err, CF_EINVAL, "coalition %s: cost unknown", name);
}

cf_status cf_shapley_exact(const cf_game *g, double *phi, cf_err *err)
{
    int n = g->n;
    size_t size;
    double *v, w[CF_SHAPLEY_EXACT_HARD_MAX + 1];

    if (n < 1 || n > CF_SHAPLEY_EXACT_HARD_MAX)
        return cf_err_set(err, CF_EINVAL, "exact Shapley value: %d players (at most %d)", n,
                          CF_SHAPLEY_EXACT_HARD_MAX);
    size = (size_t)1 << n;
    if (!(v = cf_calloc(size, sizeof *v)))
        return cf_err_set(err, CF_ENOMEM, "cannot allocate the %zu coalitions of a game", size);
    for (uint64_t S = 1; S < size; S++) {
        cf_cost c;
        if (!cf_game_value(g, S, &c)) {
            cf_free(v);
            return missing(S, err);
        }
        v[S] = (double)c;
    }
    /* w[s] = s! (n - s - 1)! / n!, by the ratio w[s] / w[s - 1] = s / (n - s). */
    w[0] = 1.0 / n;
    for (int s = 1; s < n; s++)
        w[s] = w[s - 1] * s / (n - s);
    for (int i = 0; i < n; i++) {
        double sum = 0.0;
        uint64_t bit = (uint64_t)1 << i;
        for (uint64_t S = 0; S < size; S++)
            if (!(S & bit)) sum += w[popcount64(S)] * (v[S | bit] - v[S]);
        phi[i] = sum;
    }
    cf_free(v);
    return CF_OK;
}

void cf_shapley_perms(int n, int m, uint64_t seed, int *perm)
{
    cf_rng r;
    cf_rng_seed(&r, seed, 0x5a4d);
    for (int k = 0; k < m; k++) {
        int *p = &perm[(size_t)k * (size_t)n];
        for (int i = 0; i < n; i++)
            p[i] = i;
        for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
            int j = (int)cf_rng_below(&r, (uint32_t)i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }
}

cf_status cf_shapley_sampled(const cf_game *g, const int *perm, int m, double *phi, double *ci95,
                             cf_err *err)
{
    int n = g->n;
    double *mean = cf_calloc((size_t)n, sizeof *mean), *m2 = cf_calloc((size_t)n, sizeof *m2);
    cf_status rc = CF_OK;

    if (!mean || !m2) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate the Shapley estimate");
        goto done;
    }
    if (m < 1) {
        rc = cf_err_set(err, CF_EINVAL, "sampled Shapley value: no permutation");
        goto done;
    }
    for (int k = 0; k < m; k++) {
        const int *p = &perm[(size_t)k * (size_t)n];
        uint64_t S = 0;
        cf_cost before = 0, after;
        for (int j = 0; j < n; j++) {
            int i = p[j];
            S |= (uint64_t)1 << i;
            if (!cf_game_value(g, S, &after)) {
                rc = missing(S, err);
                goto done;
            }
            /* Welford's running mean and sum of squares: stable for any m. */
            double x = (double)(after - before), d = x - mean[i];
            mean[i] += d / (k + 1);
            m2[i] += d * (x - mean[i]);
            before = after;
        }
    }
    for (int i = 0; i < n; i++) {
        phi[i] = mean[i];
        if (ci95) ci95[i] = m >= 2 ? 1.96 * sqrt(m2[i] / (m - 1)) / sqrt((double)m) : 0.0;
    }
done:
    cf_free(mean);
    cf_free(m2);
    return rc;
}

void cf_alloc_proportional(const cf_cost *standalone, int n, cf_cost total, double *x)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += (double)standalone[i];
    for (int i = 0; i < n; i++)
        x[i] = sum > 0 ? (double)total * ((double)standalone[i] / sum) : (double)total / n;
}

void cf_alloc_round_cents(const double *x, int n, int64_t total_cents, int64_t *cents)
{
    int idx[CF_MAX_COURIERS];
    double rem[CF_MAX_COURIERS];
    int64_t sum = 0, d;

    CF_ASSERT(n >= 1 && n <= CF_MAX_COURIERS);
    for (int i = 0; i < n; i++) {
        double c = x[i] / (double)CF_CENT, f = floor(c);
        cents[i] = (int64_t)f;
        rem[i] = c - f;
        sum += cents[i];
        idx[i] = i;
    }
    /* Largest remainder first, ties to the lower index (insertion sort: n <= 64). */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && (rem[idx[j]] > rem[idx[j - 1]] ||
                                  (rem[idx[j]] == rem[idx[j - 1]] && idx[j] < idx[j - 1]));
             j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    d = total_cents - sum;
    for (int64_t k = 0; d > 0; k++, d--)
        cents[idx[k % n]]++;
    for (int64_t k = 0; d < 0; k++, d++)
        cents[idx[n - 1 - k % n]]--;
}

/* The largest |c(S)| of the game (at least 1): money is divided by it in LPs. */
static double game_scale(const cf_game *g)
{
    double k = 1.0;
    for (int i = 0; i < g->len; i++)
        if (fabs((double)g->cost[i]) > k) k = fabs((double)g->cost[i]);
    return k;
}

/* Rows of the known proper coalitions: x(S) - eps_coef * eps <= (c(S) + slack(S)) / K, where
 * slack(S) = slack - margin x (|S| - 1) (micro-currency); then x(N) = c(N) / K.  Columns 0 .. n-1
 * are x / K; eps_col < 0: none. */
static cf_status add_core_rows(cf_lp *lp, const cf_game *g, double K, int eps_col, double slack,
                               double margin, cf_err *err)
{
    int n = g->n, col[CF_MAX_COURIERS + 1];
    double val[CF_MAX_COURIERS + 1];
    uint64_t all = cf_game_all(g);
    cf_cost cn;
    cf_status rc;

    for (int k = 0; k < g->len; k++) {
        uint64_t S = g->mask[k];
        int nz = 0;
        if (S == all) continue;
        for (int i = 0; i < n; i++)
            if ((S >> i) & 1u) {
                col[nz] = i;
                val[nz++] = 1.0;
            }
        if (eps_col >= 0) {
            col[nz] = eps_col;
            val[nz++] = -1.0;
        }
        double rhs = ((double)g->cost[k] + slack - margin * (popcount64(S) - 1)) / K;
        if ((rc = cf_lp_add_row(lp, -CF_LP_INF, rhs, nz, col, val, NULL, err)) != CF_OK) return rc;
    }
    if (!cf_game_value(g, all, &cn)) return missing(all, err);
    for (int i = 0; i < n; i++) {
        col[i] = i;
        val[i] = 1.0;
    }
    return cf_lp_add_row(lp, (double)cn / K, (double)cn / K, n, col, val, NULL, err);
}

cf_status cf_least_core(const cf_game *g, double *eps, double *x, cf_err *err)
{
    int n = g->n, e = -1;
    double K = game_scale(g);
    cf_lp *lp = NULL;
    cf_status rc;

    if (n < 2) return cf_err_set(err, CF_EINVAL, "least core: %d player (at least 2)", n);
    if ((rc = cf_lp_create(CF_LP_MIN, &lp, err)) != CF_OK) return rc;
    for (int i = 0; i < n && rc == CF_OK; i++)
        rc = cf_lp_add_col(lp, -CF_LP_INF, CF_LP_INF, 0.0, CF_LP_CONTINUOUS, NULL, err);
    if (rc == CF_OK) rc = cf_lp_add_col(lp, -CF_LP_INF, CF_LP_INF, 1.0, CF_LP_CONTINUOUS, &e, err);
    if (rc == CF_OK) rc = add_core_rows(lp, g, K, e, 0.0, 0.0, err);
    if (rc == CF_OK) rc = cf_lp_solve(lp, NULL, err);
    if (rc == CF_OK) {
        *eps = cf_lp_x(lp, e) * K;
        if (x)
            for (int i = 0; i < n; i++)
                x[i] = cf_lp_x(lp, i) * K;
    } else if (rc != CF_ENOMEM && rc != CF_EINVAL) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        rc = cf_err_set(err, CF_ELP, "least core LP: %s", msg);
    }
    cf_lp_free(lp);
    return rc;
}

/* One EPM LP with the core rows relaxed by `slack` and tightened by `margin` per member
 * beyond the first.  anchor NULL: min f.  Else the second stage: f <= fmax, and min the sum
 * of |x_i - anchor_i| over the players with c(i) <= 0 (columns d_i >= both differences). */
static cf_status epm_solve(const cf_game *g, double K, double slack, double margin,
                           const double *anchor, double fmax, double *x, double *f, cf_err *err)
{
    int n = g->n, fcol = -1, col[3];
    double val[3];
    cf_cost c[CF_MAX_COURIERS];
    cf_lp *lp = NULL;
    cf_status rc;

    for (int i = 0; i < n; i++)
        if (!cf_game_value(g, (uint64_t)1 << i, &c[i])) return missing((uint64_t)1 << i, err);
    if ((rc = cf_lp_create(CF_LP_MIN, &lp, err)) != CF_OK) return rc;
    for (int i = 0; i < n && rc == CF_OK; i++)
        rc = cf_lp_add_col(lp, -CF_LP_INF, CF_LP_INF, 0.0, CF_LP_CONTINUOUS, NULL, err);
    if (rc == CF_OK)
        rc = cf_lp_add_col(lp, 0.0, anchor ? fmax : CF_LP_INF, anchor ? 0.0 : 1.0,
                           CF_LP_CONTINUOUS, &fcol, err);
    for (int i = 0; i < n && anchor && rc == CF_OK; i++) {
        int d = -1;
        if (c[i] > 0) continue;
        /* d >= y_i - a_i and d >= a_i - y_i, with y = x / K */
        rc = cf_lp_add_col(lp, 0.0, CF_LP_INF, 1.0, CF_LP_CONTINUOUS, &d, err);
        col[0] = i;
        col[1] = d;
        val[1] = -1.0;
        for (int sign = 1; sign >= -1 && rc == CF_OK; sign -= 2) {
            val[0] = sign;
            rc = cf_lp_add_row(lp, -CF_LP_INF, sign * anchor[i] / K, 2, col, val, NULL, err);
        }
    }
    /* x_j / c(j) - x_i / c(i) <= f for every ordered pair with positive standalone costs:
     * with x = K y, (K / c(j)) y_j - (K / c(i)) y_i - f <= 0. */
    for (int i = 0; i < n && rc == CF_OK; i++)
        for (int j = 0; j < n && rc == CF_OK; j++) {
            if (i == j || c[i] <= 0 || c[j] <= 0) continue;
            col[0] = j;
            val[0] = K / (double)c[j];
            col[1] = i;
            val[1] = -K / (double)c[i];
            col[2] = fcol;
            val[2] = -1.0;
            rc = cf_lp_add_row(lp, -CF_LP_INF, 0.0, 3, col, val, NULL, err);
        }
    if (rc == CF_OK) rc = add_core_rows(lp, g, K, -1, slack, margin, err);
    if (rc == CF_OK) rc = cf_lp_solve(lp, NULL, err);
    if (rc == CF_OK) {
        for (int i = 0; i < n; i++)
            x[i] = cf_lp_x(lp, i) * K;
        *f = cf_lp_x(lp, fcol);
    }
    cf_lp_free(lp);
    return rc;
}

cf_status cf_alloc_epm(const cf_game *g, const double *anchor, double *x, double *f,
                       bool *least_core, cf_err *err)
{
    double K = game_scale(g), eps = 0.0, margin = (double)CF_CENT;
    bool free_players = false;
    cf_cost cn, ci;
    cf_status rc;

    *least_core = false;
    *f = 0.0;
    if (!cf_game_value(g, cf_game_all(g), &cn)) return missing(cf_game_all(g), err);
    if (g->n == 1) {
        x[0] = (double)cn;
        return CF_OK;
    }
    if ((rc = cf_least_core(g, &eps, NULL, err)) != CF_OK) return rc;
    double slack = eps > 0 ? eps : 0.0;
    *least_core = eps > (double)CF_CENT;
    /* Core rows tightened by a cent per member beyond the first, so that
     * rounding each share to a cent (each moves by less than a cent) cannot
     * push a coalition more than a cent over its cost; without the
     * margin when that is infeasible; and with a cent more slack for GLPK's
     * tolerances as a last resort. */
    rc = epm_solve(g, K, slack, margin, NULL, 0.0, x, f, err);
    if (rc == CF_EINFEAS) {
        margin = 0.0;
        rc = epm_solve(g, K, slack, margin, NULL, 0.0, x, f, err);
    }
    if (rc == CF_EINFEAS) {
        slack += (double)CF_CENT;
        rc = epm_solve(g, K, slack, margin, NULL, 0.0, x, f, err);
    }
    /* Players without a standalone cost: f does not see them, so the LP's
     * vertex would set their shares anywhere in the core.  Among the
     * allocations with the least f (a hair above it, for GLPK's
     * tolerances), the one nearest to the anchor. */
    for (int i = 0; i < g->n && anchor; i++)
        free_players |= cf_game_value(g, (uint64_t)1 << i, &ci) && ci <= 0;
    if (rc == CF_OK && free_players) {
        double f1 = *f;
        cf_status rc2 = epm_solve(g, K, slack, margin, anchor, f1 + 1e-9 + 1e-9 * f1, x, f, err);
        /* x and f are written only on success: else the first stage's stand */
        if (rc2 == CF_ENOMEM) rc = rc2;
    }
    if (rc != CF_OK && rc != CF_ENOMEM && rc != CF_EINVAL) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        rc = cf_err_set(err, CF_ELP, "equal-profit LP: %s", msg);
    }
    return rc;
}

static int blocking_cmp(const void *a, const void *b)
{
    const cf_blocking *x = a, *y = b;
    if (x->excess_cents != y->excess_cents) return x->excess_cents > y->excess_cents ? -1 : 1;
    return (x->mask > y->mask) - (x->mask < y->mask);
}

cf_status cf_core_check(const cf_game *g, const int64_t *cents, cf_blocking **out, int *n_out,
                        cf_err *err)
{
    uint64_t all = cf_game_all(g);
    cf_blocking *b = NULL;
    int nb = 0, cap = 0;

    if (out) *out = NULL;
    *n_out = 0;
    for (int k = 0; k < g->len; k++) {
        uint64_t S = g->mask[k];
        int64_t xs = 0;
        if (S == all) continue;
        for (int i = 0; i < g->n; i++)
            if ((S >> i) & 1u) xs += cents[i];
        cf_cost excess = xs * CF_CENT - g->cost[k];
        if (excess <= CF_CENT) continue;
        if (out && nb == cap) {
            int nc = cap ? 2 * cap : 16;
            cf_blocking *grown = cf_reallocarray(b, (size_t)nc, sizeof *grown);
            if (!grown) {
                cf_free(b);
                return cf_err_set(err, CF_ENOMEM, "cannot list blocking coalitions");
            }
            b = grown;
            cap = nc;
        }
        if (out) {
            b[nb].mask = S;
            b[nb].excess_cents = cf_cost_cents(excess);
        }
        nb++;
    }
    if (out) {
        if (nb > 1) qsort(b, (size_t)nb, sizeof *b, blocking_cmp);
        *out = b;
    }
    *n_out = nb;
    return CF_OK;
}

/* ==== solving the coalitions ============================================================== */

/* A plan in the grand problem's indexes: (vehicle, departure, length, orders...) per route. */
typedef struct packed {
    int *data;
    int len;
} packed;

typedef struct task {
    uint64_t mask;  /* over the players (the game's bits) */
    uint64_t cmask; /* the same coalition over the couriers (the problem's bits) */
    bool shared;    /* with the shared fleet and p's sharing, else separate */
    double weight; /* its orders + 1 */
    double time_limit_s;
    uint64_t seed;
    /* results */
    cf_coalition_info info;
    packed plan;
    cf_kpi_fleet fleet;   /* a single courier's: its vehicles ... */
    cf_kpi_orders orders; /* ... and its orders */
    cf_status rc;
    cf_err err;
} task;

typedef struct job {
    const cf_problem *p;
    const cf_params *prm;
    const volatile sig_atomic_t *stop;
    task *tasks;
    int *order; /* run order: largest first */
} job;

static uint64_t coalition_seed(uint64_t seed, uint64_t mask)
{
    cf_rng r;
    cf_rng_seed(&r, seed, mask);
    return cf_rng_next(&r) >> 11; /* 53 bits: exact in JSON */
}

static cf_status pack(const cf_problem *q, const cf_solution *s, const int *omap, const int *vmap,
                      packed *out, cf_err *err)
{
    int len = 0, at = 0;
    for (int v = 0; v < q->n_vehicles; v++)
        if (s->first[v] >= 0) len += 3 + cf_solution_route_len(s, v);
    out->len = 0;
    if (!(out->data = cf_calloc((size_t)len + 1, sizeof *out->data)))
        return cf_err_set(err, CF_ENOMEM, "cannot store a coalition plan");
    for (int v = 0; v < q->n_vehicles; v++) {
        if (s->first[v] < 0) continue;
        out->data[at++] = vmap ? vmap[v] : v;
        out->data[at++] = s->depart_s[v];
        out->data[at++] = cf_solution_route_len(s, v);
        for (int o = s->first[v]; o >= 0; o = s->next[o])
            out->data[at++] = omap ? omap[o] : o;
    }
    out->len = at;
    return CF_OK;
}

bool cf_dedicated_trip(const cf_problem *p, int o, cf_cost *cost, int *vehicle)
{
    int node = cf_order_node(p, o), best_v = -1;
    cf_cost best = 0;

    for (int v = 0; v < p->n_vehicles; v++) {
        int d = p->veh_depot[v];
        bool fits = cf_problem_can_carry_any_owner(p, v, o);
        int64_t early, t0;
        for (int k = 0; k < CF_DIMS && fits; k++) /* rule 9: the DC's throughput */
            fits = p->order_demand[(long)o * CF_DIMS + k] <= p->depot_cap[(long)d * CF_DIMS + k];
        if (!fits) continue;
        /* Leave when the window opens minus the drive, not before the shift and
         * the DC open (rule 5), on a whole minute: no waiting, the least time
         * cost.  Rounding up may arrive late by under a minute; then round down. */
        early = p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
        t0 = (int64_t)p->order_tw_start[o] - cf_travel_s(p, v, d, node);
        if (t0 < early) t0 = early;
        t0 = (t0 + 59) / 60 * 60;
        for (int attempt = 0; attempt < 2; attempt++, t0 -= 60) {
            cf_route_eval r;
            if (attempt == 1 && t0 < early) break;
            cf_eval_route(p, v, &o, 1, t0, &r, NULL);
            if (r.n_late || r.return_late_s > 0 || r.early_s > 0 || r.t0_not_minute ||
                r.duration_over_s > 0 || r.dist_over > 0 || r.cap_over[0] > 0 || r.cap_over[1] > 0)
                continue;
            if (best_v < 0 || r.cost < best) {
                best = r.cost;
                best_v = v;
            }
            break;
        }
    }
    if (best_v < 0) return false;
    if (cost) *cost = best;
    if (vehicle) *vehicle = best_v;
    return true;
}

/* Solves q (a sub-problem of p, or p itself with maps NULL) and fills info,
 * the packed plan and, for a single courier c >= 0, its KPIs.  The cost
 * includes the dedicated-trip price, in p, of every mandatory order the
 * plan leaves unserved. */
static cf_status solve_into(const cf_problem *p, const cf_problem *q, const cf_params *prm,
                            const cf_solution *initial, const volatile sig_atomic_t *stop,
                            const int *omap, const int *vmap, int courier, cf_solution *sol,
                            task *t, cf_err *err)
{
    cf_solve_opts so;
    cf_solve_stats st;
    cf_kpi k;
    cf_cost trip;
    cf_status rc;

    memset(&so, 0, sizeof so);
    so.params = prm;
    so.stop = stop;
    memset(&k, 0, sizeof k);
    if ((rc = cf_solve_warm(q, &so, initial, sol, &st, err)) != CF_OK) return rc;
    if ((rc = cf_solution_check(q, sol, err)) != CF_OK) {
        char name[256], msg[sizeof err->msg];
        fmt_coalition(name, sizeof name, t->cmask);
        snprintf(msg, sizeof msg, "%s", err->msg);
        if (rc != CF_ENOMEM) rc = CF_EINFEAS;
        return cf_err_set(err, rc, "internal error: the plan of coalition %s fails the check: %s",
                          name, msg);
    }
    if ((rc = cf_kpi_compute(q, sol, prm->co2_kg_per_km, &k, err)) != CF_OK) goto done;
    t->info.subcontracted = 0;
    t->info.subcontract_cost = 0;
    for (int o = 0; o < q->n_orders; o++)
        if (sol->vehicle[o] < 0 && q->order_penalty[o] == CF_MANDATORY &&
            cf_dedicated_trip(p, omap ? omap[o] : o, &trip, NULL)) {
            t->info.subcontracted++;
            t->info.subcontract_cost += trip;
        }
    t->info.cost = k.cost + t->info.subcontract_cost;
    t->info.closed_cost = t->info.cost;
    t->info.vehicles_used = k.fleet.vehicles_used;
    t->info.orders_served = k.orders.served;
    t->info.orders_unassigned = k.orders.unassigned;
    t->info.mandatory_unassigned = k.orders.mandatory_unassigned;
    t->info.km = k.km;
    t->info.iterations = st.iterations;
    t->info.elapsed_s = st.elapsed_s;
    t->info.stopped_by_time = st.stopped_by_time != 0;
    t->info.not_reached = 0;
    for (int o = 0; o < q->n_orders; o++)
        t->info.not_reached += sol->reason[o] == CF_REASON_NOT_PLACED_IN_TIME;
    if (courier >= 0) {
        t->fleet = k.courier_fleet[courier];
        t->orders = k.courier_orders[courier];
    }
    cf_free(t->plan.data);
    t->plan.data = NULL;
    rc = pack(q, sol, omap, vmap, &t->plan, err);
done:
    cf_kpi_release(&k);
    return rc;
}

/* One sub-coalition, on one thread: restrict, solve, record. */
static cf_status run_sub(const job *j, task *t)
{
    const cf_problem *p = j->p;
    cf_problem *q = NULL;
    cf_solution sol;
    cf_params prm = *j->prm;
    int *omap = cf_calloc((size_t)p->n_orders + 1, sizeof *omap);
    int *vmap = cf_calloc((size_t)p->n_vehicles + 1, sizeof *vmap);
    int single = popcount64(t->cmask) == 1 ? low_index(t->cmask) : -1;
    bool have_sol = false;
    cf_status rc;

    memset(&sol, 0, sizeof sol);
    if (!omap || !vmap) {
        rc = cf_err_set(&t->err, CF_ENOMEM, "cannot allocate a coalition's maps");
        goto done;
    }
    if ((rc = cf_problem_restrict(p, t->cmask, t->shared, &q, omap, &t->err)) != CF_OK) goto done;
    cf_problem_sub_vehicles(p, t->cmask, t->shared, vmap);
    if (!t->shared) q->sharing = CF_SHARING_SEPARATE; /* a courier alone: its own vehicles */
    if ((rc = cf_solution_init(&sol, q, &t->err)) != CF_OK) goto done;
    have_sol = true;
    prm.threads = 1;
    prm.seed = t->seed;
    prm.time_limit_s = t->time_limit_s;
    rc = solve_into(p, q, &prm, NULL, j->stop, omap, vmap, single, &sol, t, &t->err);
done:
    if (have_sol) cf_solution_release(&sol);
    cf_problem_free(q);
    cf_free(omap);
    cf_free(vmap);
    return rc;
}

static void run_task(int i, void *ctx)
{
    job *j = ctx;
    task *t = &j->tasks[j->order[i]];
    t->rc = run_sub(j, t);
    cf_lp_thread_done(); /* the depot MIP ran in this thread */
}

/* ---- the grand coalition's warm start ---- */

/* Adds the plans of the solved coalitions that realise the closed cost of S
 * (its split parts, recursively) to u; `used` marks vehicles already taken.
 * False (and a note) when a vehicle would be used twice. */
static bool add_parts(const cf_problem *p, const task *tasks, const int *slot_of_game,
                      const cf_game *g, const uint64_t *split, uint64_t S, cf_solution *u,
                      unsigned char *used, char *note, size_t note_size)
{
    int k = cf_game_find(g, S);
    CF_ASSERT(k >= 0);
    if (split[k]) {
        return add_parts(p, tasks, slot_of_game, g, split, split[k], u, used, note, note_size) &&
               add_parts(p, tasks, slot_of_game, g, split, S ^ split[k], u, used, note, note_size);
    }
    const packed *pl = &tasks[slot_of_game[k]].plan;
    for (int at = 0; at < pl->len;) {
        int v = pl->data[at], dep = pl->data[at + 1], len = pl->data[at + 2];
        if (used[v]) {
            snprintf(note, note_size,
                     "shared vehicle '%.100s' is in two of the plans: their union is no plan",
                     p->veh_id[v]);
            return false;
        }
        used[v] = 1;
        cf_solution_set_route(u, v, &pl->data[at + 3], len, dep);
        at += 3 + len;
    }
    return true;
}

/* ==== the run ============================================================================= */

static cf_status result_alloc(cf_coalition_result *res, int n, cf_err *err)
{
    res->standalone = cf_calloc((size_t)n, sizeof *res->standalone);
    res->alone_subcontracted = cf_calloc((size_t)n, sizeof *res->alone_subcontracted);
    res->alone_subcontract = cf_calloc((size_t)n, sizeof *res->alone_subcontract);
    res->alone_fleet = cf_calloc((size_t)n, sizeof *res->alone_fleet);
    res->alone_orders = cf_calloc((size_t)n, sizeof *res->alone_orders);
    res->player_courier = cf_calloc((size_t)n, sizeof *res->player_courier);
    if (!res->standalone || !res->alone_subcontracted || !res->alone_subcontract ||
        !res->alone_fleet || !res->alone_orders || !res->player_courier)
        return cf_err_set(err, CF_ENOMEM, "cannot allocate the coalition result");
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        cf_allocation *a = &res->alloc[m];
        a->value = cf_calloc((size_t)n, sizeof *a->value);
        a->cents = cf_calloc((size_t)n, sizeof *a->cents);
        if (!a->value || !a->cents)
            return cf_err_set(err, CF_ENOMEM, "cannot allocate the coalition result");
    }
    return CF_OK;
}

void cf_coalition_result_release(cf_coalition_result *res)
{
    cf_game_release(&res->game);
    cf_free(res->coalitions);
    cf_free(res->standalone);
    cf_free(res->alone_subcontracted);
    cf_free(res->alone_subcontract);
    cf_free(res->alone_fleet);
    cf_free(res->alone_orders);
    cf_free(res->player_courier);
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        cf_free(res->alloc[m].value);
        cf_free(res->alloc[m].cents);
        cf_free(res->alloc[m].ci95);
        cf_free(res->alloc[m].blocking);
    }
    memset(res, 0, sizeof *res);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
say(const cf_coalition_opts *o, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    if (!o->progress) return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->progress(o->progress_ctx, buf);
}

/* The couriers of a coalition of players. */
static uint64_t couriers_of(const int *player_courier, uint64_t players)
{
    uint64_t c = 0;
    for (; players; players &= players - 1)
        c |= (uint64_t)1 << player_courier[low_index(players)];
    return c;
}

/* Whether courier c brings anything to the pool: an order, or a vehicle
 * that may carry someone's order.  One that brings neither changes no
 * coalition's problem: a null player, whose Shapley value is 0 by the
 * null-player axiom (Shapley 1953), and whose joining a courier alone
 * would only hand that courier the shared fleet. */
static bool brings_something(const cf_problem *p, int c)
{
    for (int o = 0; o < p->n_orders; o++)
        if (p->order_courier[o] == c) return true;
    for (int v = 0; v < p->n_vehicles; v++)
        if (p->veh_courier[v] == c)
            for (int o = 0; o < p->n_orders; o++)
                if (cf_problem_can_carry(p, v, o)) return true;
    return false;
}

/* The coalitions to solve in phase 1 (the grand one excluded, except for a
 * single player, whose standalone solve is a coalition of its own), over
 * the n players, player k being courier pc[k]. */
static cf_status plan_tasks(const cf_problem *p, const cf_coalition_opts *o, int n, const int *pc,
                            bool need_all, bool sampled, const int *perm, int m, task **out,
                            int *n_out, cf_err *err)
{
    uint64_t all = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    cf_game set; /* the masks, deduplicated and sorted */
    task *t = NULL;
    cf_status rc = CF_OK;

    cf_game_init(&set, n);
    for (int i = 0; i < n && rc == CF_OK; i++)
        rc = cf_game_set(&set, (uint64_t)1 << i, 0, err);
    if (need_all && !sampled) {
        for (uint64_t S = 1; S < all && rc == CF_OK; S++)
            rc = cf_game_set(&set, S, 0, err);
    } else if (need_all) {
        for (int k = 0; k < m && rc == CF_OK; k++) {
            uint64_t S = 0;
            for (int j = 0; j < n - 1 && rc == CF_OK; j++) {
                S |= (uint64_t)1 << perm[(size_t)k * (size_t)n + (size_t)j];
                rc = cf_game_set(&set, S, 0, err);
            }
        }
    }
    if (rc == CF_OK && !(t = cf_calloc((size_t)set.len + 1, sizeof *t)))
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate %d coalition tasks", set.len);
    if (rc == CF_OK) {
        for (int k = 0; k < set.len; k++) {
            t[k].mask = set.mask[k];
            t[k].cmask = couriers_of(pc, set.mask[k]);
            t[k].shared = popcount64(set.mask[k]) >= 2;
            t[k].weight = 1.0 + cf_problem_sub_orders(p, t[k].cmask, NULL);
            /* from its couriers' bits, which do not depend on who is left out */
            t[k].seed = coalition_seed(o->params->seed, t[k].cmask);
            t[k].info.mask = t[k].cmask;
            t[k].info.shared_fleet = t[k].shared;
            t[k].info.n_orders = (int)t[k].weight - 1;
            t[k].info.seed = t[k].seed;
        }
        *out = t;
        *n_out = set.len;
    }
    cf_game_release(&set);
    return rc;
}

/* Largest weight first (then the lower mask), for the dynamic schedule. */
static void run_order(const task *t, int nt, int *order)
{
    for (int i = 0; i < nt; i++)
        order[i] = i;
    for (int i = 1; i < nt; i++)
        for (int j = i;
             j > 0 && (t[order[j]].weight > t[order[j - 1]].weight ||
                       (t[order[j]].weight == t[order[j - 1]].weight && order[j] < order[j - 1]));
             j--) {
            int x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
}

/* A plan of N made of known ones: part A and the rest (alone: every courier alone). */
typedef struct cand {
    cf_cost value;
    uint64_t part;
    bool alone;
} cand;

/* Phase 3: the pooled plan; a warm re-solve when a known split is cheaper. */
static cf_status solve_grand(const cf_problem *p, const cf_coalition_opts *o, task *tasks, int nt,
                             const cf_game *closed, const uint64_t *split, const int *slot_of_game,
                             double t_grand, double t_resolve, cf_solution *pooled, task *grand,
                             cf_coalition_result *res, cf_err *err)
{
    int n = closed->n;
    const int *pc = res->player_courier;
    uint64_t all = cf_game_all(closed);
    cf_params prm = *o->params;
    cf_solution u, w;
    unsigned char *used = cf_calloc((size_t)p->n_vehicles + 1, 1);
    bool have_u = false, have_w = false;
    cf_cost bound = -1, alone = 0;
    uint64_t part = 0;
    cf_status rc;

    memset(&u, 0, sizeof u);
    memset(&w, 0, sizeof w);
    (void)nt;
    if (!used) return cf_err_set(err, CF_ENOMEM, "cannot allocate the warm start");
    prm.seed = grand->seed;
    prm.time_limit_s = t_grand;
    say(o, "solving the pooled plan (%d orders) on %d threads", p->n_orders,
        cf_par_threads(prm.threads));
    if ((rc = solve_into(p, p, &prm, NULL, o->stop, NULL, NULL, -1, pooled, grand, err)) != CF_OK)
        goto done;
    res->grand_cold_cost = grand->info.cost;
    res->grand_origin = CF_GRAND_COLD;
    for (int i = 0; i < n; i++)
        alone += res->standalone[pc[i]];

    /* Candidates, cheapest first: the best split of N by the closure; each
     * courier alone plus the rest (so that, when one holds, no courier's
     * marginal cost on joining the others exceeds its standalone cost: the
     * Shapley value stays individually rational); every courier alone. */
    if (n >= 2 && cf_game_best_split(closed, all, &bound, &part))
        res->grand_bound = bound;
    else
        res->grand_bound = n == 1 ? alone : -1;
    cand cands[CF_MAX_COURIERS + 2];
    int nc = 0;
    if (n >= 2 && bound >= 0) cands[nc++] = (cand){bound, part, 0};
    for (int i = 0; i < n && n >= 2; i++) {
        uint64_t a = (uint64_t)1 << i, low = all & (~all + 1);
        cf_cost ca, cb;
        if ((a & low ? a : all ^ a) == part || !cf_game_value(closed, a, &ca) ||
            !cf_game_value(closed, all ^ a, &cb))
            continue;
        cands[nc++] = (cand){ca + cb, a, 0};
    }
    cands[nc++] = (cand){alone, 0, 1};
    for (int i = 1; i < nc; i++) /* stable insertion sort by value */
        for (int j = i; j > 0 && cands[j].value < cands[j - 1].value; j--) {
            cand t = cands[j];
            cands[j] = cands[j - 1];
            cands[j - 1] = t;
        }
    for (int ci = 0; ci < nc && cands[ci].value < grand->info.cost; ci++) {
        const cand *cd = &cands[ci];
        char note[200] = "", what[160];
        bool ok = true;
        if (!have_u) {
            if ((rc = cf_solution_init(&u, p, err)) != CF_OK) goto done;
            have_u = true;
        }
        cf_solution_clear(&u);
        memset(used, 0, (size_t)p->n_vehicles);
        if (cd->alone) {
            snprintf(what, sizeof what, "the standalone plans");
            for (int i = 0; i < n; i++)
                ok = ok && add_parts(p, tasks, slot_of_game, closed, split, (uint64_t)1 << i, &u,
                                     used, note, sizeof note);
        } else {
            char name[128];
            size_t len = 0;
            name[0] = '\0';
            for (int i = 0; i < n && len < sizeof name; i++)
                if ((cd->part >> i) & 1u)
                    len += (size_t)snprintf(name + len, sizeof name - len, "%s%s", len ? ";" : "",
                                            p->courier_id[pc[i]]);
            snprintf(what, sizeof what, "the split {%.100s} + the rest", name);
            ok = add_parts(p, tasks, slot_of_game, closed, split, cd->part, &u, used, note,
                           sizeof note) &&
                 add_parts(p, tasks, slot_of_game, closed, split, all ^ cd->part, &u, used, note,
                           sizeof note);
        }
        if (ok) {
            cf_err e;
            cf_status crc = cf_solution_check(p, &u, &e);
            if (crc == CF_ENOMEM) {
                rc = cf_err_set(err, CF_ENOMEM, "%s", e.msg);
                goto done;
            }
            if (crc != CF_OK) {
                snprintf(note, sizeof note,
                         "their union breaks a rule of the pooled problem: %.140s", e.msg);
                ok = false;
            }
        }
        if (!ok) {
            if (!res->grand_note[0])
                snprintf(res->grand_note, sizeof res->grand_note, "%.50s: %.200s", what, note);
            continue;
        }
        /* A warm re-solve: the search starts from the union when it is the better start. */
        if (!have_w) {
            if ((rc = cf_solution_init(&w, p, err)) != CF_OK) goto done;
            have_w = true;
        }
        task again = *grand;
        again.plan.data = NULL;
        prm.time_limit_s = t_resolve;
        say(o, "pooled plan %.2f is above %s, %.2f: warm re-solve from their union",
            (double)grand->info.cost / CF_COST_SCALE, what, (double)cd->value / CF_COST_SCALE);
        rc = solve_into(p, p, &prm, &u, o->stop, NULL, NULL, -1, &w, &again, err);
        if (rc != CF_OK) {
            cf_free(again.plan.data);
            goto done;
        }
        if (again.info.cost < grand->info.cost) {
            again.info.iterations += grand->info.iterations;
            again.info.elapsed_s += grand->info.elapsed_s;
            again.info.time_limit_s += grand->info.time_limit_s;
            cf_free(grand->plan.data);
            *grand = again;
            cf_solution_copy(pooled, &w);
            res->grand_origin = cd->alone ? CF_GRAND_WARM_ALONE : CF_GRAND_WARM_SPLIT;
        } else {
            cf_free(again.plan.data);
        }
        break;
    }
    if (res->grand_bound >= 0 && grand->info.cost > res->grand_bound &&
        res->grand_origin == CF_GRAND_COLD)
        res->grand_origin = CF_GRAND_ABOVE;
done:
    if (have_u) cf_solution_release(&u);
    if (have_w) cf_solution_release(&w);
    cf_free(used);
    return rc;
}

/* Phase 4: the allocations of the game (whose c(N) is the pooled cost), over
 * the players, then spread over the couriers (0 for those left out). */
static cf_status allocate(unsigned methods, const int *perm, int m, cf_coalition_result *res,
                          cf_err *err)
{
    const cf_game *g = &res->game;
    const int *pc = res->player_courier;
    int n = g->n;
    double x[CF_MAX_COURIERS], phi[CF_MAX_COURIERS], ci[CF_MAX_COURIERS];
    int64_t cents[CF_MAX_COURIERS];
    cf_cost alone[CF_MAX_COURIERS];
    bool have_phi = false, want_phi = (methods & (1u << CF_ALLOC_SHAPLEY)) != 0;
    cf_status rc = CF_OK;

    for (int i = 0; i < n; i++) {
        alone[i] = res->standalone[pc[i]];
        /* EPM needs the Shapley value as the anchor of a player without a standalone cost */
        want_phi |= (methods & (1u << CF_ALLOC_EPM)) && alone[i] <= 0 && n >= 2;
    }
    if (n >= 2) {
        if ((rc = cf_least_core(g, &res->least_core_eps, NULL, err)) != CF_OK) return rc;
        res->core_empty = res->least_core_eps > (double)CF_CENT;
    }
    if (want_phi) {
        rc = res->shapley_sampled || (!(methods & (1u << CF_ALLOC_SHAPLEY)) && perm)
                 ? cf_shapley_sampled(g, perm, m, phi, ci, err)
                 : cf_shapley_exact(g, phi, err);
        if (rc != CF_OK) return rc;
        have_phi = true;
    }
    for (int meth = 0; meth < CF_ALLOC_COUNT; meth++) {
        cf_allocation *a = &res->alloc[meth];
        if (!(methods & (1u << meth))) continue;
        if (meth == CF_ALLOC_PROPORTIONAL) {
            cf_alloc_proportional(alone, n, res->pooled_cost, x);
        } else if (meth == CF_ALLOC_SHAPLEY) {
            memcpy(x, phi, (size_t)n * sizeof *x);
            if (res->shapley_sampled) {
                if (!(a->ci95 = cf_calloc((size_t)res->n, sizeof *a->ci95)))
                    return cf_err_set(err, CF_ENOMEM, "cannot allocate the Shapley estimate");
                a->samples = m;
                for (int i = 0; i < n; i++)
                    a->ci95[pc[i]] = ci[i];
            }
        } else {
            rc = cf_alloc_epm(g, have_phi ? phi : NULL, x, &a->epm_f, &a->least_core, err);
        }
        if (rc != CF_OK) return rc;
        cf_alloc_round_cents(x, n, res->pooled_cents, cents);
        if ((rc = cf_core_check(g, cents, &a->blocking, &a->n_blocking, err)) != CF_OK) return rc;
        for (int b = 0; b < a->n_blocking; b++)
            a->blocking[b].mask = couriers_of(pc, a->blocking[b].mask);
        for (int i = 0; i < n; i++) {
            a->value[pc[i]] = x[i];
            a->cents[pc[i]] = cents[i];
        }
        a->in_core = a->n_blocking == 0;
        a->done = true;
    }
    return CF_OK;
}

/* The players: every courier but those that bring nothing (left out). */
static cf_status choose_players(const cf_problem *p, cf_coalition_result *res, cf_err *err)
{
    int n = 0;
    for (int c = 0; c < p->n_couriers; c++)
        if (brings_something(p, c))
            res->player_courier[n++] = c;
        else
            res->left_out |= (uint64_t)1 << c;
    res->n_players = n;
    if (n == 0) return cf_err_set(err, CF_EINVAL, "coalition view: no courier has an order");
    return CF_OK;
}

/* Each proper coalition's time limit: its weight's share of the phase,
 * with a floor per solve, but only while the floors fit in the phase's
 * share: the time limit is the whole run's (many sampled coalitions under
 * a short limit get what the limit allows, a construction). */
static void share_time(const cf_coalition_opts *o, task *tasks, int nt, double T, int threads)
{
    double W = 0;
    for (int i = 0; i < nt; i++)
        W += tasks[i].weight;
    bool floor_fits = T > 0 && (double)nt * MIN_SLICE_S <= SHARE_SUBS * T * threads;
    if (T > 0 && !floor_fits)
        say(o, "note: %d coalition solves in %.1f s on %d thread%s: each gets less than %.2f s "
               "(raise --time-limit or lower --samples for better figures)",
            nt, SHARE_SUBS * T, threads, threads == 1 ? "" : "s", MIN_SLICE_S);
    for (int i = 0; i < nt; i++) {
        double share = T > 0 ? SHARE_SUBS * T * threads * tasks[i].weight / W : 0.0;
        if (T > 0 && share > SHARE_SUBS * T) share = SHARE_SUBS * T;
        if (floor_fits && share < MIN_SLICE_S) share = MIN_SLICE_S;
        if (T > 0 && share < 1e-3) share = 1e-3; /* > 0: 0 would mean no limit */
        tasks[i].time_limit_s = share;
        tasks[i].info.time_limit_s = share;
    }
}

/* Phase 1: every coalition but the grand one, in parallel, largest first;
 * the first failed task's status and message. */
static cf_status solve_coalitions(const cf_problem *p, const cf_coalition_opts *o, task *tasks,
                                  int nt, int n, int threads, cf_err *err)
{
    int *order = cf_calloc((size_t)nt + 1, sizeof *order);
    cf_status rc = CF_OK;
    if (!order) return cf_err_set(err, CF_ENOMEM, "cannot allocate %d coalition tasks", nt);
    run_order(tasks, nt, order);
    job j = {p, o->params, o->stop, tasks, order};
    say(o, "solving %d coalition%s of %d courier%s on %d thread%s", nt, nt == 1 ? "" : "s", n,
        n == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
    cf_par_tasks(nt, threads, run_task, &j);
    cf_free(order);
    for (int i = 0; i < nt; i++)
        if (tasks[i].rc != CF_OK) {
            rc = tasks[i].rc;
            if (err) *err = tasks[i].err;
            break;
        }
    return rc;
}

/* Phase 2: the subadditive closure over the proper coalitions (*split and
 * *slot_of_game allocated here, the caller frees them), and each courier's
 * standalone figures. */
static cf_status close_coalitions(task *tasks, int nt, int n, cf_game *closed, uint64_t **split,
                                  int **slot_of_game, cf_coalition_result *res, cf_err *err)
{
    cf_closure_stats cst;
    cf_status rc = CF_OK;
    for (int i = 0; i < nt && rc == CF_OK; i++)
        rc = cf_game_set(closed, tasks[i].mask, tasks[i].info.cost, err);
    if (rc != CF_OK) return rc;
    *split = cf_calloc((size_t)closed->len + 1, sizeof **split);
    *slot_of_game = cf_calloc((size_t)closed->len + 1, sizeof **slot_of_game);
    if (!*split || !*slot_of_game)
        return cf_err_set(err, CF_ENOMEM, "cannot allocate the closure");
    for (int k = 0; k < closed->len; k++) /* tasks are in ascending mask order too */
        (*slot_of_game)[k] = k;
    cf_game_close(closed, n == 1, *split, &cst);
    res->closure_adjusted = cst.adjusted;
    res->closure_total = cst.total;
    res->closure_max = cst.max;
    for (int i = 0; i < nt; i++) {
        tasks[i].info.closed_cost = closed->cost[i];
        tasks[i].info.split = couriers_of(res->player_courier, (*split)[i]);
        if (popcount64(tasks[i].mask) == 1) {
            int c = low_index(tasks[i].cmask);
            res->standalone[c] = tasks[i].info.cost;
            res->alone_subcontracted[c] = tasks[i].info.subcontracted;
            res->alone_subcontract[c] = tasks[i].info.subcontract_cost;
            res->alone_fleet[c] = tasks[i].fleet;
            res->alone_orders[c] = tasks[i].orders;
            res->standalone_sum += tasks[i].info.cost;
        }
    }
    return CF_OK;
}

/* Phase 3's task: the grand coalition, all players with the shared fleet. */
static void grand_task(const cf_problem *p, const cf_params *prm, const cf_coalition_result *res,
                       uint64_t all, double T, task *grand)
{
    grand->mask = all;
    grand->cmask = couriers_of(res->player_courier, all);
    grand->shared = true;
    grand->seed = coalition_seed(prm->seed, grand->cmask);
    grand->info.mask = grand->cmask;
    grand->info.shared_fleet = true;
    grand->info.n_orders = p->n_orders;
    grand->info.seed = grand->seed;
    grand->info.time_limit_s = T > 0 ? SHARE_GRAND * T : 0.0;
}

/* The game (closed costs of the proper coalitions, c(N) = the pooled plan)
 * and the list of every coalition solved, the grand one last. */
static cf_status record_game(const task *tasks, int nt, const task *grand, const cf_game *closed,
                             uint64_t all, cf_coalition_result *res, cf_err *err)
{
    cf_status rc = CF_OK;
    for (int k = 0; k < closed->len && rc == CF_OK; k++)
        if (closed->mask[k] != all)
            rc = cf_game_set(&res->game, closed->mask[k], closed->cost[k], err);
    if (rc == CF_OK) rc = cf_game_set(&res->game, all, grand->info.cost, err);
    if (rc != CF_OK) return rc;
    res->n_coalitions = nt + 1;
    if (!(res->coalitions = cf_calloc((size_t)nt + 1, sizeof *res->coalitions)))
        return cf_err_set(err, CF_ENOMEM, "cannot allocate the coalition list");
    for (int i = 0; i < nt; i++) {
        res->coalitions[i] = tasks[i].info;
        res->n_stopped_by_time += tasks[i].info.stopped_by_time;
        res->n_cut_short += tasks[i].info.not_reached > 0;
    }
    res->coalitions[nt] = grand->info;
    res->n_stopped_by_time += grand->info.stopped_by_time;
    res->n_cut_short += grand->info.not_reached > 0;
    return CF_OK;
}

cf_status cf_coalition_run(const cf_problem *p, const cf_coalition_opts *o, cf_solution *pooled,
                           cf_coalition_result *res, cf_err *err)
{
    const cf_params *prm = o->params;
    int nc = p->n_couriers, n, nt = 0, m = 0, threads = cf_par_threads(prm->threads);
    int exact_max = o->exact_max > 0 ? o->exact_max : CF_SHAPLEY_EXACT_DEFAULT;
    unsigned methods = o->methods ? o->methods : (1u << CF_ALLOC_COUNT) - 1;
    bool need_all = (methods & ((1u << CF_ALLOC_SHAPLEY) | (1u << CF_ALLOC_EPM))) != 0;
    bool sampled;
    double T = prm->time_limit_s > 0 ? prm->time_limit_s : 0.0, t0 = cf_ctx_now();
    uint64_t all;
    int *perm = NULL, *slot_of_game = NULL;
    uint64_t *split = NULL;
    task *tasks = NULL, grand;
    cf_game closed;
    cf_status rc;

    memset(res, 0, sizeof *res);
    memset(&grand, 0, sizeof grand);
    cf_game_init(&closed, 0);
    if (nc < 1 || nc > CF_MAX_COURIERS) {
        rc = cf_err_set(err, CF_EINVAL, "coalition view: %d couriers (1 to %d)", nc,
                        CF_MAX_COURIERS);
        goto done;
    }
    res->n = nc;
    res->threads = threads;
    if ((rc = result_alloc(res, nc, err)) != CF_OK) goto done;
    if ((rc = choose_players(p, res, err)) != CF_OK) goto done;
    n = res->n_players;
    cf_game_init(&closed, n);
    if (exact_max > CF_SHAPLEY_EXACT_HARD_MAX) exact_max = CF_SHAPLEY_EXACT_HARD_MAX;
    all = cf_game_all(&closed);
    sampled = n > exact_max;
    res->shapley_sampled = sampled && (methods & (1u << CF_ALLOC_SHAPLEY));
    cf_game_init(&res->game, n);
    if (sampled && need_all) {
        m = o->samples > 0 ? o->samples : CF_SHAPLEY_SAMPLES_DEFAULT;
        if (!(perm = cf_calloc((size_t)m * (size_t)n, sizeof *perm))) {
            rc = cf_err_set(err, CF_ENOMEM, "cannot allocate %d permutations", m);
            goto done;
        }
        cf_shapley_perms(n, m, prm->seed, perm);
        res->samples = m;
    }

    if ((rc = plan_tasks(p, o, n, res->player_courier, need_all, sampled, perm, m, &tasks, &nt,
                         err)) != CF_OK)
        goto done;
    share_time(o, tasks, nt, T, threads);
    if ((rc = solve_coalitions(p, o, tasks, nt, n, threads, err)) != CF_OK) goto done;
    if ((rc = close_coalitions(tasks, nt, n, &closed, &split, &slot_of_game, res, err)) != CF_OK)
        goto done;

    /* Phase 3: the pooled plan. */
    grand_task(p, prm, res, all, T, &grand);
    rc = solve_grand(p, o, tasks, nt, &closed, split, slot_of_game, grand.info.time_limit_s,
                     T > 0 ? SHARE_RESOLVE * T : 0.0, pooled, &grand, res, err);
    if (rc != CF_OK) goto done;
    res->pooled_cost = grand.info.cost;
    res->pooled_cents = cf_cost_cents(grand.info.cost);
    grand.info.closed_cost = grand.info.cost;
    if ((rc = record_game(tasks, nt, &grand, &closed, all, res, err)) != CF_OK) goto done;

    say(o, "allocating the pooled cost");
    rc = allocate(methods, perm, m, res, err);
done:
    cf_lp_thread_done(); /* the LPs and the pooled plan's depot MIP ran in this thread */
    res->elapsed_s = cf_ctx_now() - t0;
    res->stopped_by_signal = o->stop && *o->stop;
    for (int i = 0; i < nt; i++)
        cf_free(tasks[i].plan.data);
    cf_free(grand.plan.data);
    cf_free(tasks);
    cf_free(perm);
    cf_free(split);
    cf_free(slot_of_game);
    cf_game_release(&closed);
    return rc;
}
