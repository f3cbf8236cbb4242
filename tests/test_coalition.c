/*
 * The coalition view (coalition/coalition.h, models/problem_sub.h,
 * io/plan/coalition_write.h, cofleet coalition / compare, trace.csv):
 *   game        Shapley, closure, rounding, core, least core and EPM on
 *               hand-made games worked out on paper and on games from the
 *               literature with published answers;
 *   problem_sub restricting a problem to a set of couriers;
 *   coalition   cf_coalition_run on generated scenarios (pooled <= the sum
 *               of standalone plans, allocations sum to the pooled cost to
 *               the cent, no courier pays more than alone when pooling
 *               saves), the warm start, one courier, sampled Shapley;
 *   coalition_cli  the binary end to end (CF_BIN): the files, `cofleet
 *               check` on DIR/pooled (trace.csv included), determinism
 *               across thread counts, `cofleet compare`.
 * Money in games is micro-currency: M(x) is x currency units.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datasets/gen.h"
#include "io/scenario/params.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/problem_sub.h"
#include "coalition/coalition.h"
#include "solver/solver.h"
#include "tests/handmade.h"

extern char **environ;

/* LeakSanitizer (ASan builds): Criterion's runner itself leaks one 48-byte
 * calloc (libcriterion.so.3+0x1a332, also seen in other suites) when long
 * tests run in parallel.  Suppress only leaks allocated from libcriterion;
 * every leak of ours has cf_ frames and is still reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libcriterion.so\n";
}

#define M(x) ((cf_cost)llround((x)*1e6))
#define B(i) ((uint64_t)1 << (i))

/* A game of n players from (mask, cost in currency units) pairs. */
static void game_of(cf_game *g, int n, const uint64_t *mask, const double *cost, int len)
{
    cf_err err;
    cf_game_init(g, n);
    for (int k = 0; k < len; k++)
        cr_assert_eq(cf_game_set(g, mask[k], M(cost[k]), &err), CF_OK, "%s", err.msg);
}

/* The three-player game of masks 1..7 from c[1..7] (c[0] unused). */
static void game3(cf_game *g, const double c[8])
{
    uint64_t mask[7];
    for (int k = 0; k < 7; k++)
        mask[k] = (uint64_t)k + 1;
    game_of(g, 3, mask, c + 1, 7);
}

/* x rounded to cents summing to total_cents is in the core of g (no known coalition blocks). */
static void expect_in_core(const cf_game *g, const double *x, int64_t total_cents)
{
    int64_t cents[CF_MAX_COURIERS], sum = 0;
    int nb;
    cf_err err;
    cf_alloc_round_cents(x, g->n, total_cents, cents);
    for (int i = 0; i < g->n; i++)
        sum += cents[i];
    cr_assert_eq(sum, total_cents);
    cr_assert_eq(cf_core_check(g, cents, NULL, &nb, &err), CF_OK);
    cr_assert_eq(nb, 0, "%d coalitions block", nb);
}

/* The Tennessee Valley Authority cost game, in thousands of dollars: players
 * navigation, flood control, power (Ransmeier 1942; Straffin and Heaney
 * 1981, "Game theory and the Tennessee Valley Authority", IJGT 10(1):35-43;
 * Young 1985, "Cost allocation", ch. 1). */
static const double tva[8] = {0, 163520, 140826, 301607, 250096, 378821, 367370, 412584};

/* ==== game ============================================================================== */

Test(game, shapley_exact_on_a_hand_made_three_courier_game)
{
    /* Each pair saves 30, all three 66: by the formula phi_i = c_i / 3
     * + (marginals on one other) / 6 + (marginal on the pair) / 3:
     *   phi_1 = 40 + (90 + 90) / 6 + (204 - 120) / 3 = 98
     *   phi_2 = 30 + (60 + 60) / 6 + (204 - 150) / 3 = 68
     *   phi_3 = 20 + (30 + 30) / 6 + (204 - 180) / 3 = 38 */
    const double c[8] = {0, 120, 90, 180, 60, 150, 120, 204};
    cf_game g;
    double phi[3];
    cf_err err;
    game3(&g, c);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(phi[0], (double)M(98), 1e-3);
    cr_assert_float_eq(phi[1], (double)M(68), 1e-3);
    cr_assert_float_eq(phi[2], (double)M(38), 1e-3);
    cf_game_release(&g);
}

Test(game, shapley_exact_on_the_tva_game)
{
    /* Straffin and Heaney (1981), table 2: 117,829 / 100,756.5 / 193,998.5. */
    cf_game g;
    double phi[3];
    cf_err err;
    game3(&g, tva);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(phi[0], (double)M(117829), 1.0);
    cr_assert_float_eq(phi[1], (double)M(100756.5), 1.0);
    cr_assert_float_eq(phi[2], (double)M(193998.5), 1.0);
    cf_game_release(&g);
}

Test(game, shapley_exact_names_a_missing_coalition)
{
    const uint64_t mask[] = {1, 2, 4, 3, 5, 7}; /* {1,2} = 6 missing */
    const double cost[] = {1, 1, 1, 2, 2, 3};
    cf_game g;
    double phi[3];
    cf_err err;
    game_of(&g, 3, mask, cost, 6);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "{1,2}"), "%s", err.msg);
    cf_game_release(&g);
}

Test(game, closure_lowers_a_non_subadditive_game)
{
    /* c({0,1}) = 25 > c(0) + c(1) = 20; c({1,2}) = 22 > 10 + 9; the rest
     * subadditive.  The grand coalition is left alone unless asked. */
    const uint64_t mask[] = {1, 2, 3, 4, 5, 6, 7};
    const double cost[] = {10, 10, 25, 9, 15, 22, 40};
    cf_game g;
    uint64_t split[7];
    cf_closure_stats st;
    cf_cost c;
    game_of(&g, 3, mask, cost, 7);
    cf_game_close(&g, false, split, &st);
    cr_assert_eq(st.adjusted, 2);
    cr_assert_eq(st.total, M(5) + M(3));
    cr_assert_eq(st.max, M(5));
    cr_assert(cf_game_value(&g, 3, &c) && c == M(20));
    cr_assert_eq(split[2], 1); /* {0} + {1} */
    cr_assert(cf_game_value(&g, 6, &c) && c == M(19));
    cr_assert_eq(split[5], 2); /* {1} + {2}: the part with the lowest player */
    cr_assert(cf_game_value(&g, 5, &c) && c == M(15));
    cr_assert_eq(split[4], 0);
    cr_assert(cf_game_value(&g, 7, &c) && c == M(40), "grand coalition changed");

    /* With the grand coalition: min(40, 10 + 19, 10 + 15, 20 + 9) = 25 = {1} + {0,2}. */
    cf_game_close(&g, true, split, &st);
    cr_assert_eq(st.adjusted, 1);
    cr_assert(cf_game_value(&g, 7, &c) && c == M(25));
    cr_assert_eq(split[6], 5);
    /* Subadditive now: no coalition above any split into known parts. */
    for (int k = 0; k < g.len; k++) {
        cf_cost best;
        if (cf_game_best_split(&g, g.mask[k], &best, NULL)) cr_assert_leq(g.cost[k], best);
    }
    cf_game_release(&g);
}

/* c(S) = 100 sqrt(sum of w_i over S) + 10 |S|: concave, so pooling saves. */
static void concave_game(cf_game *g, int n)
{
    static const double w[] = {3, 5, 8, 2, 7, 4, 6, 1};
    cf_err err;
    cf_game_init(g, n);
    for (uint64_t S = 1; S < B(n); S++) {
        double sum = 0;
        int size = 0;
        for (int i = 0; i < n; i++)
            if (S & B(i)) {
                sum += w[i];
                size++;
            }
        cr_assert_eq(cf_game_set(g, S, M(100 * sqrt(sum) + 10 * size), &err), CF_OK);
    }
}

Test(game, sampled_shapley_converges_to_the_exact_value)
{
    enum { N = 6, SEEDS = 20 };
    cf_game g;
    double exact[N], phi[N], ci[N], err_small = 0, err_large = 0, sum;
    int inside = 0, *perm = malloc(sizeof *perm * 4000 * N);
    cf_err err;
    cr_assert_not_null(perm);
    concave_game(&g, N);
    cr_assert_eq(cf_shapley_exact(&g, exact, &err), CF_OK, "%s", err.msg);
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        cf_shapley_perms(N, 4000, seed, perm);
        cr_assert_eq(cf_shapley_sampled(&g, perm, 4000, phi, ci, &err), CF_OK, "%s", err.msg);
        sum = 0;
        for (int i = 0; i < N; i++) {
            inside += fabs(phi[i] - exact[i]) <= ci[i];
            err_large += fabs(phi[i] - exact[i]);
            sum += phi[i];
            cr_assert_gt(ci[i], 0);
        }
        /* every permutation's marginals add up to c(N): the estimate is efficient */
        cr_assert_float_eq(sum, (double)g.cost[g.len - 1], 1e-3);
        cr_assert_eq(cf_shapley_sampled(&g, perm, 250, phi, NULL, &err), CF_OK);
        for (int i = 0; i < N; i++)
            err_small += fabs(phi[i] - exact[i]);
    }
    /* The 95% intervals cover the exact value about 95% of the time (114 of 120
     * expected; fewer than 102 would be far out of line), and 16 times the
     * samples shrink the error about 4 times. */
    cr_assert_geq(inside, 102, "%d of %d intervals hold the exact value", inside, N * SEEDS);
    cr_assert_lt(err_large * 2.5, err_small, "error %g with 4000 samples, %g with 250", err_large,
                 err_small);
    free(perm);
    cf_game_release(&g);
}

Test(game, sampled_shapley_names_a_missing_prefix)
{
    const uint64_t mask[] = {1, 2, 3};
    const double cost[] = {1, 1, 1.5};
    const int perm[] = {0, 1};
    cf_game g;
    double phi[2];
    cf_err err;
    game_of(&g, 2, mask, cost, 3);
    cr_assert_eq(cf_shapley_sampled(&g, perm, 1, phi, NULL, &err), CF_OK);
    cr_assert_float_eq(phi[0], (double)M(1), 1e-6);
    cr_assert_float_eq(phi[1], (double)M(0.5), 1e-6);
    cf_game_release(&g);
    game_of(&g, 2, mask + 1, cost + 1, 2); /* {0} unknown */
    cr_assert_eq(cf_shapley_sampled(&g, perm, 1, phi, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "{0}"), "%s", err.msg);
    cf_game_release(&g);
}

Test(game, rounding_to_cents_sums_to_the_total)
{
    double x[3] = {1e8 / 3.0, 1e8 / 3.0, 1e8 / 3.0}; /* 100 / 3 units */
    int64_t c[3];
    cf_alloc_round_cents(x, 3, 10000, c);
    cr_assert_eq(c[0], 3334); /* ties to the lower index */
    cr_assert_eq(c[1], 3333);
    cr_assert_eq(c[2], 3333);

    double y[4] = {-12.345e6, 50.006e6, 10.004e6, 2.335e6}; /* sums to 50.000 */
    int64_t d[4];
    cf_alloc_round_cents(y, 4, 5000, d);
    cr_assert_eq(d[0] + d[1] + d[2] + d[3], 5000);
    for (int i = 0; i < 4; i++)
        cr_assert_leq(llabs(d[i] * 10000 - (int64_t)llround(y[i])), 10000, "share %d", i);

    /* A total that the shares miss by more than their number: cents go round. */
    double z[2] = {0, 0};
    int64_t e[2];
    cf_alloc_round_cents(z, 2, 5, e);
    cr_assert_eq(e[0], 3);
    cr_assert_eq(e[1], 2);
    cf_alloc_round_cents(z, 2, -3, e);
    cr_assert_eq(e[0] + e[1], -3);
}

Test(game, proportional_to_standalone_cost)
{
    const cf_cost alone[3] = {M(100), M(300), M(0)};
    double x[3];
    cf_alloc_proportional(alone, 3, M(200), x);
    cr_assert_float_eq(x[0], (double)M(50), 1e-6);
    cr_assert_float_eq(x[1], (double)M(150), 1e-6);
    cr_assert_float_eq(x[2], 0.0, 1e-6);
}

Test(game, core_check_on_the_tva_game)
{
    /* The TVA game has a non-empty core and its Shapley value lies in it
     * (Straffin and Heaney 1981).  Charging navigation and flood control
     * their standalone costs is blocked by the two of them together:
     * 163,520 + 140,826 - 301,607 = 2,739 over their joint cost. */
    cf_game g;
    double phi[3], eps;
    int64_t cents[3];
    cf_blocking *b;
    int nb;
    cf_err err;
    game3(&g, tva);
    cr_assert_eq(cf_least_core(&g, &eps, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_lt(eps, 0, "the TVA core is not empty: eps %g", eps);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_OK);
    cf_alloc_round_cents(phi, 3, 41258400, cents);
    cr_assert_eq(cf_core_check(&g, cents, &b, &nb, &err), CF_OK);
    cr_assert_eq(nb, 0);
    cf_free(b);

    const int64_t standalone_pay[3] = {16352000, 14082600, 41258400 - 16352000 - 14082600};
    cr_assert_eq(cf_core_check(&g, standalone_pay, &b, &nb, &err), CF_OK);
    cr_assert_eq(nb, 1);
    cr_assert_eq(b[0].mask, 3);
    cr_assert_eq(b[0].excess_cents, 273900);
    cf_free(b);
    cf_game_release(&g);
}

Test(game, core_check_tolerates_a_cent)
{
    const double c[8] = {0, 10, 10, 15, 10, 15, 15, 20};
    const int64_t at_edge[3] = {751, 750, 499}; /* {0,1} at 15.01: within a cent */
    const int64_t over[3] = {752, 750, 498};    /* 15.02: blocked by two cents */
    cf_game g;
    cf_blocking *b;
    int nb;
    cf_err err;
    game3(&g, c);
    cr_assert_eq(cf_core_check(&g, at_edge, NULL, &nb, &err), CF_OK);
    cr_assert_eq(nb, 0);
    cr_assert_eq(cf_core_check(&g, over, &b, &nb, &err), CF_OK);
    cr_assert_eq(nb, 1);
    cr_assert_eq(b[0].mask, 3);
    cr_assert_eq(b[0].excess_cents, 2);
    cf_free(b);
    cf_game_release(&g);
}

Test(game, least_core_of_the_majority_game)
{
    /* The three-person majority game (von Neumann and Morgenstern 1944) as
     * a cost game: c(i) = 1, c(i,j) = 1, c(N) = 2.  Summing the pair rows
     * gives 2 x(N) <= 3, so the core is empty; the least core (Maschler,
     * Peleg and Shapley 1979) is eps = 1/3 at x = (2/3, 2/3, 2/3). */
    const double c[8] = {0, 1, 1, 1, 1, 1, 1, 2};
    cf_game g;
    double eps, x[3], f;
    bool lc;
    cf_err err;
    game3(&g, c);
    cr_assert_eq(cf_least_core(&g, &eps, x, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(eps, 1e6 / 3, 1e-3);
    for (int i = 0; i < 3; i++)
        cr_assert_float_eq(x[i], 2e6 / 3, 1e-3);
    /* EPM falls back to the least core, where equal savings are possible. */
    cr_assert_eq(cf_alloc_epm(&g, NULL, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert(lc);
    cr_assert_float_eq(f, 0, 1e-9);
    for (int i = 0; i < 3; i++)
        cr_assert_float_eq(x[i], 2e6 / 3, 1e-3);
    cf_game_release(&g);
}

Test(game, epm_on_the_tva_game_equalises_relative_savings)
{
    /* The proportional split (each pays 412,584 / 554,442 of its standalone
     * cost) lies in the TVA core, so the equal-profit method reaches
     * f = 0: every purpose saves 25.59% (Frisk et al. 2010: EPM equals the
     * proportional split whenever that split is stable). */
    cf_game g;
    double x[3], f, prop[3];
    const cf_cost alone[3] = {M(163520), M(140826), M(250096)};
    bool lc;
    cf_err err;
    game3(&g, tva);
    cr_assert_eq(cf_alloc_epm(&g, NULL, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert(!lc);
    cr_assert_float_eq(f, 0, 1e-7);
    cf_alloc_proportional(alone, 3, M(412584), prop);
    for (int i = 0; i < 3; i++)
        cr_assert_float_eq(x[i], prop[i], 2e4, "player %d: %f vs %f", i, x[i], prop[i]);
    cf_game_release(&g);
}

Test(game, epm_when_a_core_row_binds)
{
    /* c(i) = 100, c(0,1) = 120, c(0,2) = c(1,2) = 200, c(N) = 210: equal
     * savings (70 each) would break {0,1} <= 120.  By symmetry x = (a, a,
     * 210 - 2a) with a <= 120 / 2, and f = (210 - 3a) / 100 is least at a = 60:
     * x = (60, 60, 90), f = 0.3 (worked out by hand).  The row {0,1} is
     * tightened by a cent so that rounding keeps it: a = 59.995. */
    const double c[8] = {0, 100, 100, 120, 100, 200, 200, 210};
    cf_game g;
    double x[3], f;
    bool lc;
    cf_err err;
    game3(&g, c);
    cr_assert_eq(cf_alloc_epm(&g, NULL, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert(!lc);
    cr_assert_float_eq(x[0], (double)M(60), 1e4 + 1);
    cr_assert_float_eq(x[1], (double)M(60), 1e4 + 1);
    cr_assert_float_eq(x[2], (double)M(90), 2e4 + 1);
    cr_assert_float_eq(f, 0.3, 3e-4);
    expect_in_core(&g, x, 21000);
    cf_game_release(&g);
}

Test(game, a_courier_that_cannot_stand_alone_pays_a_share_by_every_method)
{
    /* C has orders and no vehicle: alone, its orders go out on trips of
     * their own, 60 (cf_dedicated_trip); that is c(C), not 0.  The rest:
     * c(A) = 100, c(B) = 80, c(A,B) = 150, c(A,C) = 120, c(B,C) = 100,
     * c(N) = 170.  Worked out by hand:
     *   proportional  170 x (100, 80, 60) / 240 = (70.8333, 56.6667, 42.50)
     *   Shapley       phi_A = 100/3 + 70/6 + 60/6 + 70/3 = 78.3333
     *                 phi_B =  80/3 + 50/6 + 40/6 + 50/3 = 58.3333
     *                 phi_C =  60/3 + 20/6 + 20/6 + 20/3 = 33.3333
     *   EPM           the proportional split is in the core (A+B 127.5 <= 150,
     *                 A+C 113.33 <= 120, B+C 99.17 <= 100): EPM equals it, f = 0.
     * Every method charges C something, and less than alone: nobody would
     * rather leave.  With c(C) = 0 (C's orders left unserved and free, the
     * defect found by the probe below), C would pay 0 by proportion and {C} would block
     * every split that charges it anything. */
    const double c[8] = {0, 100, 80, 150, 60, 120, 100, 170};
    const cf_cost alone[3] = {M(100), M(80), M(60)};
    cf_game g;
    double x[3], f;
    int nb;
    bool lc;
    cf_err err;
    game3(&g, c);
    cf_alloc_proportional(alone, 3, M(170), x);
    cr_assert_float_eq(x[0], 170e6 * 100 / 240, 1e-3);
    cr_assert_float_eq(x[1], 170e6 * 80 / 240, 1e-3);
    cr_assert_float_eq(x[2], (double)M(42.5), 1e-3);
    expect_in_core(&g, x, 17000);
    cr_assert_eq(cf_shapley_exact(&g, x, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(x[0], 235e6 / 3, 1e-3);
    cr_assert_float_eq(x[1], 175e6 / 3, 1e-3);
    cr_assert_float_eq(x[2], 100e6 / 3, 1e-3);
    expect_in_core(&g, x, 17000);
    cr_assert_eq(cf_alloc_epm(&g, NULL, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert(!lc);
    cr_assert_float_eq(f, 0, 1e-7);
    cr_assert_float_eq(x[2], (double)M(42.5), 2e4);
    expect_in_core(&g, x, 17000);
    cf_game_release(&g);

    /* The game the defect made: c(C) = 0, and the closure then lowered
     * c(A,C) to c(A) + 0 and c(B,C) to c(B) + 0.  C pays nothing by
     * proportion, and any positive share of C is blocked by {C} alone. */
    const double bad[8] = {0, 100, 80, 150, 0, 100, 80, 170};
    const int64_t shapley_like[3] = {7833, 5833, 3334};
    cf_blocking *b;
    game3(&g, bad);
    cr_assert_eq(cf_core_check(&g, shapley_like, &b, &nb, &err), CF_OK);
    cr_assert_geq(nb, 1);
    cr_assert_eq(b[0].mask, B(2), "{C} would rather leave");
    cf_free(b);
    cf_game_release(&g);
}

Test(game, epm_gives_a_courier_with_vehicles_only_its_shapley_value_within_the_core)
{
    /* V brings a van and no orders: c(V) = 0, so EPM's relative savings do
     * not see it, and the LP alone could pay it anything in [-20, 0].
     * i: c(i) = 100, c(i,V) = 80.  Shapley: phi_V = (0 + (80 - 100)) / 2 = -10,
     * phi_i = 90; that is in the core, so EPM anchored at it gives (90, -10). */
    const uint64_t mask2[] = {1, 2, 3};
    const double cost2[] = {100, 0, 80};
    cf_game g;
    double x[3], phi[3], f;
    bool lc;
    cf_err err;
    game_of(&g, 2, mask2, cost2, 3);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_OK);
    cr_assert_float_eq(phi[1], (double)M(-10), 1e-3);
    cr_assert_eq(cf_alloc_epm(&g, phi, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(x[0], (double)M(90), 1e4);
    cr_assert_float_eq(x[1], (double)M(-10), 1e4);
    expect_in_core(&g, x, 8000);
    cf_game_release(&g);

    /* Three players, A and B alike (c = 100), V with a van: c(A,B) = 160,
     * c(A,V) = c(B,V) = 70, c(N) = 150.  Shapley (by hand):
     *   phi_A = phi_B = 100/3 + 60/6 + 70/6 + 80/3 = 81.6667, phi_V = -13.3333,
     * which {A,B} blocks (163.33 > 160).  EPM: A and B save alike, x = (a, a,
     * 150 - 2a); {A,B} gives a <= 80 and {A,V} gives a >= 80: x = (80, 80, -10),
     * the core point nearest to the Shapley value. */
    const double c[8] = {0, 100, 100, 160, 0, 70, 70, 150};
    game3(&g, c);
    cr_assert_eq(cf_shapley_exact(&g, phi, &err), CF_OK);
    cr_assert_float_eq(phi[0], 245e6 / 3, 1e-3);
    cr_assert_float_eq(phi[2], -40e6 / 3, 1e-3);
    cr_assert_eq(cf_alloc_epm(&g, phi, x, &f, &lc, &err), CF_OK, "%s", err.msg);
    cr_assert(!lc);
    cr_assert_float_eq(x[0], (double)M(80), 1e4 + 1);
    cr_assert_float_eq(x[1], (double)M(80), 1e4 + 1);
    cr_assert_float_eq(x[2], (double)M(-10), 2e4 + 1);
    expect_in_core(&g, x, 15000);
    cf_game_release(&g);
}

Test(game, dedicated_trip_prices_an_order_on_the_cheapest_vehicle_that_could_make_it)
{
    /* tests/handmade.h, every figure on paper: */
    cf_problem *p = hm_problem();
    cf_cost c;
    int v;
    cr_assert_not_null(p);
    /* o0 (08:00-09:00, 10 min, 5 km out): the pool leaves 07:55, back 08:15:
     * 50 + 10 km + 10/h x 20 min = 63.333333 (vanB 100, vanA 116.67, vanS 88.64) */
    cr_assert(cf_dedicated_trip(p, HM_O0, &c, &v));
    cr_assert_eq(c, 63333333);
    cr_assert_eq(v, HM_POOL);
    /* o2 needs cold: only vanB, 80 + 2 x 6 km = 92 */
    cr_assert(cf_dedicated_trip(p, HM_O2, &c, &v));
    cr_assert_eq(c, HM_MONEY(92));
    cr_assert_eq(v, HM_VANB);
    /* o3 is C's, and C shares with no one: the pool may not carry it in a
     * plan, but a vehicle like it hired for the trip may: 50 + 20 km + 10/h x
     * 20 min = 73.333333 (vanS 97.948) */
    cr_assert(!cf_problem_can_carry(p, HM_POOL, HM_O3));
    cr_assert(cf_dedicated_trip(p, HM_O3, &c, &v));
    cr_assert_eq(c, 73333333);
    cr_assert_eq(v, HM_POOL);
    /* o4 is fixed to the south DC: vanS, 60 + 6 km = 66 */
    cr_assert(cf_dedicated_trip(p, HM_O4, &c, &v));
    cr_assert_eq(c, HM_MONEY(66));
    cr_assert_eq(v, HM_VANS);
    /* o6 needs alcohol, which no vehicle has; o7 weighs a tonne */
    cr_assert(!cf_dedicated_trip(p, HM_O6, &c, &v));
    cr_assert(!cf_dedicated_trip(p, HM_O7, NULL, NULL));
    cf_problem_free(p);
}

/* ==== problem_sub ======================================================================== */

Test(problem_sub, keeps_the_orders_and_vehicles_of_the_couriers)
{
    cf_problem *p = hm_problem(), *q = NULL;
    int map[8], vmap[4];
    cf_err err;
    cr_assert_not_null(p);

    /* Courier A alone, no shared fleet: o0 o1 o4 o6 o7, vanA and vanS. */
    cr_assert_eq(cf_problem_restrict(p, B(0), false, &q, map, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(q->n_orders, 5);
    cr_assert_eq(q->n_vehicles, 2);
    cr_assert_eq(cf_problem_sub_vehicles(p, B(0), false, vmap), 2);
    cr_assert_eq(vmap[0], HM_VANA);
    cr_assert_eq(vmap[1], HM_VANS);
    const int want[] = {HM_O0, HM_O1, HM_O4, HM_O6, HM_O7};
    for (int o = 0; o < 5; o++) {
        cr_assert_eq(map[o], want[o]);
        cr_assert_str_eq(q->order_id[o], p->order_id[map[o]]);
        cr_assert_eq(q->order_tw_start[o], p->order_tw_start[map[o]]);
        cr_assert_eq(q->order_demand[o * CF_DIMS + 1], p->order_demand[map[o] * CF_DIMS + 1]);
    }
    cr_assert_str_eq(q->veh_id[1], "vanS");
    cr_assert_eq(q->n_couriers, p->n_couriers); /* couriers keep their indexes */
    cr_assert_eq(q->n_depots, p->n_depots);
    cr_assert_eq(q->depot_couriers[1], p->depot_couriers[1]);
    for (int i = 0; i < cf_problem_n_nodes(q); i++)
        for (int j = 0; j < cf_problem_n_nodes(q); j++) {
            int pi = i < q->n_depots ? i : p->n_depots + map[i - q->n_depots];
            int pj = j < q->n_depots ? j : p->n_depots + map[j - q->n_depots];
            cr_assert_eq(cf_dist(q, i, j), cf_dist(p, pi, pj));
        }
    cf_problem_free(q);

    /* A and B with the shared fleet: every vehicle but none of C's orders. */
    cr_assert_eq(cf_problem_restrict(p, B(0) | B(1), true, &q, map, &err), CF_OK);
    cr_assert_eq(q->n_orders, 7);
    cr_assert_eq(q->n_vehicles, 4);
    cr_assert_eq(q->veh_courier[2], -1);
    cr_assert(cf_problem_can_carry(q, 2, 4)); /* pool carries B's o5 */
    cf_problem_free(q);
    cf_problem_free(p);
}

Test(problem_sub, remaps_a_distance_matrix)
{
    cf_problem *p = hm_problem(), *q = NULL;
    int n, map[8];
    cf_err err;
    cr_assert_not_null(p);
    n = cf_problem_n_nodes(p);
    p->mat_dist = cf_arena_calloc(&p->arena, (size_t)(n * n), sizeof *p->mat_dist);
    p->mat_dur = cf_arena_calloc(&p->arena, (size_t)(n * n), sizeof *p->mat_dur);
    cr_assert(p->mat_dist && p->mat_dur);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) { /* asymmetric: one-way streets */
            p->mat_dist[i * n + j] = i == j ? 0 : 1000 * (i + 1) + 7 * j;
            p->mat_dur[i * n + j] = i == j ? 0 : 60 * i + j;
        }
    cr_assert_eq(cf_problem_restrict(p, B(1) | B(2), false, &q, map, &err), CF_OK);
    cr_assert_eq(q->n_orders, 3); /* o2 o3 o5 */
    for (int i = 0; i < cf_problem_n_nodes(q); i++)
        for (int j = 0; j < cf_problem_n_nodes(q); j++) {
            int pi = i < q->n_depots ? i : p->n_depots + map[i - q->n_depots];
            int pj = j < q->n_depots ? j : p->n_depots + map[j - q->n_depots];
            cr_assert_eq(cf_dist(q, i, j), cf_dist(p, pi, pj));
            cr_assert_eq(cf_travel_s(q, 0, i, j), cf_travel_s(p, 0, pi, pj));
        }
    cf_problem_free(q);
    cf_problem_free(p);
}

Test(problem_sub, out_of_memory_at_every_allocation_is_clean)
{
    cf_problem *p = hm_problem(), *q;
    cf_err err;
    cf_status rc;
    long n = 0;
    cr_assert_not_null(p);
    do {
        q = (cf_problem *)1;
        cf_alloc_fail_after(n++);
        rc = cf_problem_restrict(p, B(0) | B(1), true, &q, NULL, &err);
        cf_alloc_fail_after(-1);
        if (rc != CF_OK) {
            cr_assert_eq(rc, CF_ENOMEM, "attempt %ld: %s", n, err.msg);
            cr_assert_null(q);
        }
    } while (rc != CF_OK);
    cr_assert_gt(n, 5);
    cf_problem_free(q);
    cf_problem_free(p);
}

/* ==== coalition: cf_coalition_run on generated scenarios ================================= */

static char TMP[64];

static void tmp_init(void)
{
    snprintf(TMP, sizeof TMP, "/tmp/cf_coal_XXXXXX");
    cr_assert_not_null(mkdtemp(TMP));
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char sub[1024];
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void tmp_done(void)
{
    remove_tree(TMP);
}

/* A generated scenario loaded with a work limit. */
static cf_problem *generated(int orders, int couriers, uint64_t seed, long iterations,
                             cf_params *prm)
{
    cf_gen_opts go;
    cf_params cli;
    cf_problem *p = NULL;
    char dir[128];
    cf_err err;
    cf_gen_opts_default(&go);
    go.n_orders = orders;
    go.n_couriers = couriers;
    go.n_depots = 2;
    go.seed = seed;
    snprintf(dir, sizeof dir, "%s/scn-%d-%d-%llu", TMP, orders, couriers, (unsigned long long)seed);
    cr_assert_eq(cf_gen_scenario(dir, &go, &err), CF_OK, "%s", err.msg);
    cf_params_defaults(&cli);
    cli.set = 0;
    cli.iterations = iterations;
    cli.time_limit_s = 600; /* a cap only: the work limit ends every solve */
    cli.sharing = CF_SHARING_POOLED;
    cli.set = CF_PARAM_ITERATIONS | CF_PARAM_TIME_LIMIT | CF_PARAM_SHARING;
    cr_assert_eq(cf_scenario_load(dir, &cli, prm, &p, &err), CF_OK, "%s", err.msg);
    return p;
}

/* What every coalition result must satisfy (docs/coalition.md). */
static void expect_sound(const cf_problem *p, const cf_solution *pooled,
                         const cf_coalition_result *res)
{
    cf_err err;
    cf_cost sum = 0;
    cr_assert_eq(cf_solution_check(p, pooled, &err), CF_OK, "%s", err.msg);
    for (int i = 0; i < res->n; i++)
        sum += res->standalone[i];
    cr_assert_eq(sum, res->standalone_sum);
    /* The pooled plan never costs more than the standalone plans together. */
    cr_assert_leq(res->pooled_cost, res->standalone_sum, "pooled %lld > standalone %lld",
                  (long long)res->pooled_cost, (long long)res->standalone_sum);
    cr_assert_eq(res->pooled_cents, cf_cost_cents(res->pooled_cost));
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        const cf_allocation *a = &res->alloc[m];
        int64_t total = 0;
        if (!a->done) continue;
        for (int i = 0; i < res->n; i++)
            total += a->cents[i];
        cr_assert_eq(total, res->pooled_cents, "%s sums to %lld cents, pooled %lld",
                     cf_alloc_method_str((cf_alloc_method)m), (long long)total,
                     (long long)res->pooled_cents);
        /* Pooling saves: proportional and Shapley charge nobody more than alone. */
        if (res->pooled_cost < res->standalone_sum &&
            (m == CF_ALLOC_PROPORTIONAL || m == CF_ALLOC_SHAPLEY))
            for (int i = 0; i < res->n; i++)
                cr_assert_leq(a->cents[i], cf_cost_cents(res->standalone[i]),
                              "%s charges courier %d %lld cents, alone %lld",
                              cf_alloc_method_str((cf_alloc_method)m), i, (long long)a->cents[i],
                              (long long)cf_cost_cents(res->standalone[i]));
        /* The core verdict is exact for the costs used (the game is over the players). */
        int nb;
        int64_t pcents[CF_MAX_COURIERS];
        for (int k = 0; k < res->n_players; k++)
            pcents[k] = a->cents[res->player_courier[k]];
        for (int i = 0; i < res->n; i++)
            if ((res->left_out >> i) & 1u) cr_assert_eq(a->cents[i], 0);
        cr_assert_eq(cf_core_check(&res->game, pcents, NULL, &nb, &err), CF_OK);
        cr_assert_eq(nb, a->n_blocking);
        cr_assert_eq(a->in_core, nb == 0);
    }
    /* The game is subadditive below the grand coalition after the closure. */
    for (int k = 0; k < res->game.len; k++) {
        cf_cost best;
        if (res->game.mask[k] == cf_game_all(&res->game)) continue;
        if (cf_game_best_split(&res->game, res->game.mask[k], &best, NULL))
            cr_assert_leq(res->game.cost[k], best);
    }
    uint64_t players = 0;
    for (int k = 0; k < res->n_players; k++)
        players |= B(res->player_courier[k]);
    cr_assert_eq(players | res->left_out, (uint64_t)(B(res->n) - 1));
    cr_assert_eq(res->game.n, res->n_players);
    cr_assert_eq(res->coalitions[res->n_coalitions - 1].mask, players);
    cr_assert_eq(res->coalitions[res->n_coalitions - 1].cost, res->pooled_cost);
}

Test(coalition, four_couriers_pool_and_split_the_cost, .init = tmp_init, .fini = tmp_done,
     .timeout = 600)
{
    cf_params prm;
    cf_problem *p = generated(60, 4, 7, 60, &prm);
    cf_solution pooled;
    cf_coalition_result res;
    cf_coalition_opts o;
    cf_err err;
    memset(&o, 0, sizeof o);
    o.params = &prm;
    cr_assert_eq(cf_solution_init(&pooled, p, &err), CF_OK);
    cr_assert_eq(cf_coalition_run(p, &o, &pooled, &res, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(res.n, 4);
    cr_assert_eq(res.n_coalitions, 15); /* 2^4 - 2 proper ones and the pooled plan */
    cr_assert(!res.shapley_sampled);
    for (int m = 0; m < CF_ALLOC_COUNT; m++)
        cr_assert(res.alloc[m].done);
    cr_assert_lt(res.pooled_cost, res.standalone_sum, "pooling saves nothing here");
    expect_sound(p, &pooled, &res);
    cf_coalition_result_release(&res);
    cf_solution_release(&pooled);
    cf_problem_free(p);
}

Test(coalition, sampled_shapley_reports_its_interval, .init = tmp_init, .fini = tmp_done,
     .timeout = 600)
{
    cf_params prm;
    cf_problem *p = generated(40, 3, 3, 60, &prm);
    cf_solution pooled;
    cf_coalition_result res;
    cf_coalition_opts o;
    cf_err err;
    memset(&o, 0, sizeof o);
    o.params = &prm;
    o.methods = 1u << CF_ALLOC_SHAPLEY;
    o.exact_max = 2; /* three couriers: sampled */
    o.samples = 8;
    cr_assert_eq(cf_solution_init(&pooled, p, &err), CF_OK);
    cr_assert_eq(cf_coalition_run(p, &o, &pooled, &res, &err), CF_OK, "%s", err.msg);
    cr_assert(res.shapley_sampled);
    cr_assert_eq(res.alloc[CF_ALLOC_SHAPLEY].samples, 8);
    cr_assert_not_null(res.alloc[CF_ALLOC_SHAPLEY].ci95);
    cr_assert(!res.alloc[CF_ALLOC_PROPORTIONAL].done && !res.alloc[CF_ALLOC_EPM].done);
    expect_sound(p, &pooled, &res);
    cf_coalition_result_release(&res);
    cf_solution_release(&pooled);
    cf_problem_free(p);
}

Test(coalition, one_courier_gets_the_whole_pooled_cost, .init = tmp_init, .fini = tmp_done,
     .timeout = 300)
{
    cf_params prm;
    cf_problem *p = generated(25, 1, 5, 40, &prm);
    cf_solution pooled;
    cf_coalition_result res;
    cf_coalition_opts o;
    cf_err err;
    memset(&o, 0, sizeof o);
    o.params = &prm;
    cr_assert_eq(cf_solution_init(&pooled, p, &err), CF_OK);
    cr_assert_eq(cf_coalition_run(p, &o, &pooled, &res, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(res.n_coalitions, 2); /* alone, and pooled with the shared fleet */
    for (int m = 0; m < CF_ALLOC_COUNT; m++)
        cr_assert_eq(res.alloc[m].cents[0], res.pooled_cents);
    expect_sound(p, &pooled, &res);
    cf_coalition_result_release(&res);
    cf_solution_release(&pooled);
    cf_problem_free(p);
}

/* Two couriers, each with its own DC 100 km apart and no shared fleet:
 * pooling changes nothing, and the pooled search, spreading the same work
 * over both halves, ends above the two standalone plans together. */
static cf_problem *two_islands(cf_params *prm)
{
    char dir[128], path[256];
    FILE *f;
    cf_params cli;
    cf_problem *p = NULL;
    cf_err err;
    uint32_t x = 12345;
    snprintf(dir, sizeof dir, "%s/islands", TMP);
    cr_assert_eq(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/depots.csv", dir);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs("id,x,y,couriers\nda,0,0,a\ndb,100,0,b\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/vehicles.csv", dir);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs("id,courier,depot,count,cap_weight,fixed_cost,cost_per_km\n"
          "va,a,da,4,100,50,1\nvb,b,db,4,100,50,1\n",
          f);
    fclose(f);
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    cr_assert_not_null(f = fopen(path, "w"));
    fputs("id,courier,x,y,weight\n", f);
    for (int i = 0; i < 60; i++) { /* a small LCG: the same points everywhere */
        double px, py;
        x = x * 1103515245u + 12345u;
        px = (double)(x >> 8 & 0xffff) / 65535.0 * 20 - 10;
        x = x * 1103515245u + 12345u;
        py = (double)(x >> 8 & 0xffff) / 65535.0 * 20 - 10;
        fprintf(f, "%c%d,%c,%.3f,%.3f,%d\n", i < 30 ? 'a' : 'b', i, i < 30 ? 'a' : 'b',
                px + (i < 30 ? 0 : 100), py, 5 + i % 11);
    }
    fclose(f);
    cf_params_defaults(&cli);
    cli.iterations = 3;
    cli.time_limit_s = 600;
    cli.set = CF_PARAM_ITERATIONS | CF_PARAM_TIME_LIMIT;
    cr_assert_eq(cf_scenario_load(dir, &cli, prm, &p, &err), CF_OK, "%s", err.msg);
    return p;
}

Test(coalition, pooled_above_its_parts_is_warm_started_from_them, .init = tmp_init,
     .fini = tmp_done, .timeout = 120)
{
    cf_params prm;
    cf_problem *p = two_islands(&prm);
    cf_solution pooled;
    cf_coalition_result res;
    cf_coalition_opts o;
    cf_err err;
    memset(&o, 0, sizeof o);
    o.params = &prm;
    cr_assert_eq(cf_solution_init(&pooled, p, &err), CF_OK);
    cr_assert_eq(cf_coalition_run(p, &o, &pooled, &res, &err), CF_OK, "%s", err.msg);
    cr_assert_gt(res.grand_cold_cost, res.standalone_sum, "the cold pooled solve was not worse");
    cr_assert_eq(res.grand_origin, CF_GRAND_WARM_SPLIT);
    cr_assert_eq(res.grand_bound, res.standalone_sum);
    cr_assert_leq(res.pooled_cost, res.standalone_sum);
    expect_sound(p, &pooled, &res);
    cf_coalition_result_release(&res);
    cf_solution_release(&pooled);
    cf_problem_free(p);
}

Test(coalition, warm_start_is_never_worse_than_its_plan, .init = tmp_init, .fini = tmp_done,
     .timeout = 300)
{
    cf_params prm;
    cf_problem *p = generated(60, 3, 9, 400, &prm);
    cf_solution good, out;
    cf_solve_opts so;
    cf_solve_stats st_good, st;
    cf_err err;
    memset(&so, 0, sizeof so);
    so.params = &prm;
    cr_assert_eq(cf_solution_init(&good, p, &err), CF_OK);
    cr_assert_eq(cf_solution_init(&out, p, &err), CF_OK);
    cr_assert_eq(cf_solve(p, &so, &good, &st_good, &err), CF_OK, "%s", err.msg);
    prm.iterations = 1; /* hardly any search: the start decides */
    prm.seed = 99;
    cr_assert_eq(cf_solve_warm(p, &so, &good, &out, &st, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_check(p, &out, &err), CF_OK, "%s", err.msg);
    cr_assert_leq(st.cost, st_good.cost);
    cf_solution_release(&good);
    cf_solution_release(&out);
    cf_problem_free(p);
}

/* ==== coalition_cli: the binary ========================================================= */

static const char *bin(void)
{
    const char *b = getenv("CF_BIN");
    cr_assert(b && *b, "CF_BIN is not set: run this test through ctest");
    return b;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs cofleet with args; its stdout and stderr go to TMP/out.txt and
 * TMP/err.txt (*out and *err, caller frees; may be NULL).  The exit code. */
static int run(char **out, char **err, const char *const *args)
{
    const char *argv[32];
    char op[128], ep[128];
    int n = 0, status;
    pid_t pid;
    posix_spawn_file_actions_t fa;
    argv[n++] = bin();
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    snprintf(op, sizeof op, "%s/out.txt", TMP);
    snprintf(ep, sizeof ep, "%s/err.txt", TMP);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, op, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, ep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert_eq(posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    char *o = slurp(op), *e = slurp(ep);
    cr_assert_null(strstr(e, "Sanitizer"), "sanitizer report:\n%s", e);
    cr_assert_null(strstr(e, "runtime error"), "UBSan report:\n%s", e);
    if (out)
        *out = o;
    else
        free(o);
    if (err)
        *err = e;
    else
        free(e);
    cr_assert(WIFEXITED(status), "cofleet killed by signal %d", WTERMSIG(status));
    return WEXITSTATUS(status);
}

#define RUN(out, err, ...) run((out), (err), (const char *const[]){__VA_ARGS__, NULL})

static void path_in(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", TMP, rel);
}

Test(coalition_cli, end_to_end_writes_every_file_and_check_accepts_the_pool, .init = tmp_init,
     .fini = tmp_done, .timeout = 600)
{
    char scn[128], out[128], pooled[128], path[256], sep[128], *o, *e, *text;
    int code;
    path_in(scn, sizeof scn, "scn");
    path_in(out, sizeof out, "coal");
    path_in(pooled, sizeof pooled, "coal/pooled");
    path_in(sep, sizeof sep, "separate");
    code = RUN(NULL, &e, "gen", scn, "--orders", "60", "--couriers", "3", "--depots", "2", "--seed",
               "4");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    code = RUN(&o, &e, "coalition", scn, "--out", out, "--iterations", "100", "--time-limit", "600",
               "--seed", "3");
    cr_assert_eq(code, 0, "stdout:\n%s\nstderr:\n%s", o, e);
    cr_assert_not_null(strstr(o, "gain"), "%s", o);
    cr_assert_not_null(strstr(o, "shapley"), "%s", o);
    free(o);
    free(e);
    const char *files[] = {"allocation.csv",    "coalitions.csv",   "summary.json",
                           "pooled/routes.csv", "pooled/trace.csv", "pooled/summary.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        cr_assert_eq(access(path, R_OK), 0, "%s missing", path);
    }
    snprintf(path, sizeof path, "%s/allocation.csv", out);
    text = slurp(path);
    cr_assert_not_null(strstr(text, "courier,standalone_cost,allocated_cost,saving,saving_pct,"
                                    "method\n"),
                       "%s", text);
    cr_assert_not_null(strstr(text, ",proportional\n"));
    cr_assert_not_null(strstr(text, ",epm\n"));
    int rows = 0;
    for (char *c = text; *c; c++)
        rows += *c == '\n';
    cr_assert_eq(rows, 1 + 3 * 3, "%s", text);
    free(text);
    snprintf(path, sizeof path, "%s/summary.json", out);
    text = slurp(path);
    cr_assert_not_null(strstr(text, "\"gain_pct\""), "%s", text);
    cr_assert_not_null(strstr(text, "\"closure\""), "%s", text);
    free(text);

    code = RUN(&o, &e, "check", scn, pooled);
    cr_assert_eq(code, 0, "cofleet check DIR/pooled:\n%s%s", o, e);
    free(o);
    free(e);

    /* trace.csv is checked: a departure moved by an hour is caught. */
    snprintf(path, sizeof path, "%s/trace.csv", pooled);
    text = slurp(path);
    /* the first routed order: its row ends with a departure HH:MM */
    char *line = strchr(text, '\n') + 1, *last = NULL;
    int lineno = 2;
    for (; *line; line = strchr(line, '\n') + 1, lineno++) {
        char *end = strchr(line, '\n');
        for (last = end; last > line && last[-1] != ','; last--)
            ;
        if (last < end && *last >= '0' && *last <= '9') break;
    }
    cr_assert(*line, "no routed order in trace.csv");
    *last = *last == '1' ? '0' : '1'; /* the hour moves by ten or more */
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    free(text);
    code = RUN(&o, &e, "check", scn, pooled);
    cr_assert_eq(code, 3, "tampered trace.csv passed:\n%s%s", o, e);
    char want[64];
    snprintf(want, sizeof want, "trace.csv:%d: column 'departure'", lineno);
    cr_assert_not_null(strstr(o, want), "%s%s", o, e);
    free(o);
    free(e);

    /* compare: separate against pooled, as a table, CSV and JSON. */
    code = RUN(NULL, &e, "solve", scn, "--out", sep, "--sharing", "separate", "--iterations", "100",
               "--quiet");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    code = RUN(&o, &e, "compare", sep, out);
    cr_assert_eq(code, 0, "%s", e);
    cr_assert_not_null(strstr(o, "cost"), "%s", o);
    cr_assert_not_null(strstr(o, "%"), "%s", o);
    free(o);
    free(e);
    code = RUN(&o, &e, "compare", sep, pooled, "--csv");
    cr_assert_eq(code, 0, "%s", e);
    cr_assert_eq(strncmp(o, "kpi,plan,value,diff,diff_pct\ncost,", 34), 0, "%s", o);
    free(o);
    free(e);
    code = RUN(&o, &e, "compare", sep, pooled, "--json");
    cr_assert_eq(code, 0, "%s", e);
    cr_assert_not_null(strstr(o, "\"diff_pct\""), "%s", o);
    free(o);
    free(e);
    code = RUN(NULL, &e, "compare", scn);
    cr_assert_eq(code, 2, "a scenario is no plan");
    free(e);
}

Test(coalition_cli, allocation_does_not_depend_on_the_thread_count, .init = tmp_init,
     .fini = tmp_done, .timeout = 600)
{
    char scn[128], one[128], two[128], path[256], *e, *a1, *a2;
    int code;
    path_in(scn, sizeof scn, "scn");
    path_in(one, sizeof one, "t1");
    path_in(two, sizeof two, "t2");
    code = RUN(NULL, &e, "gen", scn, "--orders", "50", "--couriers", "3", "--depots", "2", "--seed",
               "8");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    code = RUN(NULL, &e, "coalition", scn, "--out", one, "--iterations", "80", "--time-limit",
               "600", "--threads", "1", "--quiet");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    code = RUN(NULL, &e, "coalition", scn, "--out", two, "--iterations", "80", "--time-limit",
               "600", "--threads", "2", "--quiet");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    snprintf(path, sizeof path, "%s/allocation.csv", one);
    a1 = slurp(path);
    snprintf(path, sizeof path, "%s/allocation.csv", two);
    a2 = slurp(path);
    cr_assert(a1 && a2);
    cr_assert_str_eq(a1, a2);
    free(a1);
    free(a2);
    snprintf(path, sizeof path, "%s/pooled/routes.csv", one);
    a1 = slurp(path);
    snprintf(path, sizeof path, "%s/pooled/routes.csv", two);
    a2 = slurp(path);
    cr_assert_str_eq(a1, a2);
    free(a1);
    free(a2);
}

Test(coalition_cli, bad_command_lines_exit_1, .init = tmp_init, .fini = tmp_done, .timeout = 60)
{
    char scn[] = "datasets/sample-city";
    char *e;
    cr_assert_eq(RUN(NULL, &e, "coalition"), 1);
    free(e);
    cr_assert_eq(RUN(NULL, &e, "coalition", scn, "--method", "nucleolus"), 1);
    cr_assert_not_null(strstr(e, "--method"), "%s", e);
    free(e);
    cr_assert_eq(RUN(NULL, &e, "coalition", scn, "--sharing", "separate"), 1);
    free(e);
    cr_assert_eq(RUN(NULL, &e, "coalition", scn, "--exact-max", "99"), 1);
    free(e);
    cr_assert_eq(RUN(NULL, &e, "compare"), 1);
    free(e);
    cr_assert_eq(RUN(NULL, &e, "compare", scn, scn, "--csv", "--json"), 1);
    free(e);
}

/* ---- couriers that cannot stand alone, and couriers with nothing ---- */

/* The probe scenario: 30 orders of hinode, kamome and sakura (4 orders) at 2 DCs. */
static void probe_scenario(const char *dir)
{
    char *e;
    int code = RUN(NULL, &e, "gen", dir, "--orders", "30", "--couriers", "3", "--depots", "2",
                   "--seed", "3", "--coords", "plane");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
}

/* Rewrites dir/name without the lines that start with prefix. */
static void drop_lines(const char *dir, const char *name, const char *prefix)
{
    char path[256], *text, *line, *next;
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_not_null(text = slurp(path));
    cr_assert_not_null(f = fopen(path, "wb"));
    for (line = text; *line; line = next) {
        next = strchr(line, '\n');
        next = next ? next + 1 : line + strlen(line);
        if (strncmp(line, prefix, strlen(prefix)) != 0) fwrite(line, 1, (size_t)(next - line), f);
    }
    fclose(f);
    free(text);
}

static void append_line(const char *dir, const char *name, const char *line)
{
    char path[256];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_not_null(f = fopen(path, "ab"));
    fprintf(f, "%s\n", line);
    fclose(f);
}

/* allocation.csv of out as text (caller frees). */
static char *allocation_of(const char *out)
{
    char path[256], *text;
    snprintf(path, sizeof path, "%s/allocation.csv", out);
    cr_assert_not_null(text = slurp(path), "%s missing", path);
    return text;
}

/* A courier's row of allocation.csv for a method, in cents: standalone and allocated.
 * false when there is no such row. */
static bool allocation_row(const char *csv, const char *courier, const char *method,
                           int64_t *alone, int64_t *allocated)
{
    size_t len = strlen(courier), mlen = strlen(method);
    for (const char *line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        const char *end = strchr(line + 1, '\n'), *f = line + 1 + len;
        double a, x;
        if (strncmp(line + 1, courier, len) != 0 || *f != ',') continue;
        /* courier,standalone_cost,allocated_cost,saving,saving_pct,method */
        if (!end || (size_t)(end - line) < mlen + 1 || end[-(long)mlen - 1] != ',' ||
            strncmp(end - mlen, method, mlen) != 0)
            continue;
        cr_assert_eq(sscanf(f, ",%lf,%lf,", &a, &x), 2, "%.80s", line + 1);
        *alone = llround(a * 100);
        *allocated = llround(x * 100);
        return true;
    }
    return false;
}

static const char *const METHODS[] = {"proportional", "shapley", "epm"};

Test(coalition_cli, a_courier_without_vehicles_pays_for_the_orders_others_carry, .init = tmp_init,
     .fini = tmp_done, .timeout = 600)
{
    /* Probe: sakura's vehicles removed.  The others deliver its 4
     * orders in the pool; alone it cannot, so its standalone cost is the
     * price of a trip of their own for each (cf_dedicated_trip), not 0: it
     * pays a positive share by every method, never more than alone, so
     * {sakura} would never rather leave; and the shares do not depend on the
     * thread count. */
    char scn[128], one[128], two[128], path[256], *o, *e, *a1, *a2;
    cf_params cli, prm;
    cf_problem *p = NULL;
    cf_cost expect = 0, trip;
    int64_t alone, x;
    int code, orders = 0, sakura;
    cf_err err;
    path_in(scn, sizeof scn, "scn");
    path_in(one, sizeof one, "t1");
    path_in(two, sizeof two, "t2");
    probe_scenario(scn);
    drop_lines(scn, "vehicles.csv", "sakura-");

    cf_params_defaults(&cli);
    cli.set = 0;
    cr_assert_eq(cf_scenario_load(scn, &cli, &prm, &p, &err), CF_OK, "%s", err.msg);
    cr_assert_geq(sakura = cf_problem_find_courier(p, "sakura"), 0);
    for (int v = 0; v < p->n_vehicles; v++)
        cr_assert_neq(p->veh_courier[v], sakura);
    for (int k = 0; k < p->n_orders; k++)
        if (p->order_courier[k] == sakura) {
            cr_assert(cf_dedicated_trip(p, k, &trip, NULL), "%s", p->order_id[k]);
            expect += trip;
            orders++;
        }
    cr_assert_eq(orders, 4);
    cf_problem_free(p);

    code = RUN(&o, &e, "coalition", scn, "--out", one, "--iterations", "100", "--time-limit",
               "600", "--threads", "1");
    cr_assert_eq(code, 0, "stdout:\n%s\nstderr:\n%s", o, e);
    a1 = allocation_of(one);
    for (int m = 0; m < 3; m++) {
        cr_assert(allocation_row(a1, "sakura", METHODS[m], &alone, &x), "%s", a1);
        cr_assert_eq(alone, cf_cost_cents(expect), "standalone %lld cents, 4 trips %lld:\n%s",
                     (long long)alone, (long long)cf_cost_cents(expect), a1);
        cr_assert_gt(x, 0, "%s: sakura pays nothing:\n%s", METHODS[m], a1);
        cr_assert_leq(x, alone, "%s: sakura pays more than alone:\n%s", METHODS[m], a1);
    }
    cr_assert_null(strstr(o, "{sakura} (pays"), "%s", o);
    cr_assert_not_null(strstr(o, "sakura cannot stand alone"), "%s", o);
    free(o);
    free(e);

    /* summary.json says so, and no method is blocked by {sakura}. */
    json_t *root, *c, *meth;
    json_error_t je;
    size_t i, j, k;
    snprintf(path, sizeof path, "%s/summary.json", one);
    cr_assert_not_null(root = json_load_file(path, 0, &je), "%s", je.text);
    json_array_foreach(json_object_get(root, "couriers"), i, c)
    {
        bool is_sakura = !strcmp(json_string_value(json_object_get(c, "id")), "sakura");
        cr_assert_eq(json_is_true(json_object_get(c, "stands_alone")), !is_sakura);
        cr_assert_eq(json_integer_value(json_object_get(c, "standalone_subcontracted")),
                     is_sakura ? 4 : 0);
    }
    json_array_foreach(json_object_get(root, "methods"), i, meth)
    {
        json_t *b;
        json_array_foreach(json_object_get(meth, "blocking"), j, b)
        {
            json_t *members = json_object_get(b, "members"), *id;
            json_array_foreach(members, k, id)
                cr_assert(json_array_size(members) > 1 ||
                              strcmp(json_string_value(id), "sakura") != 0,
                          "{sakura} blocks %s", json_string_value(json_object_get(meth, "method")));
        }
    }
    json_decref(root);

    code = RUN(NULL, &e, "coalition", scn, "--out", two, "--iterations", "100", "--time-limit",
               "600", "--threads", "2", "--quiet");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    a2 = allocation_of(two);
    cr_assert_str_eq(a1, a2);
    free(a1);
    free(a2);
}

Test(coalition_cli, a_courier_with_nothing_is_left_out_and_changes_no_share, .init = tmp_init,
     .fini = tmp_done, .timeout = 600)
{
    /* Probe: a fourth courier with no orders and no vehicles.  It
     * brings nothing, yet it was a player: joining a courier alone made a
     * "coalition" that got the shared fleet, so its Shapley value came out
     * at -110.57.  It is left out with a warning and a note, and everyone
     * else's shares are those of the scenario without it. */
    char scn[128], base[128], out[128], path[256], *o, *e, *a1, *a2;
    int64_t alone, x;
    int code;
    path_in(scn, sizeof scn, "scn");
    path_in(base, sizeof base, "base");
    path_in(out, sizeof out, "with-tsubame");
    probe_scenario(scn);
    code = RUN(NULL, &e, "coalition", scn, "--out", base, "--iterations", "100", "--time-limit",
               "600", "--quiet");
    cr_assert_eq(code, 0, "%s", e);
    free(e);
    append_line(scn, "couriers.csv", "tsubame,Tsubame Express,yes");
    code = RUN(&o, &e, "coalition", scn, "--out", out, "--iterations", "100", "--time-limit", "600",
               "--quiet");
    cr_assert_eq(code, 0, "stdout:\n%s\nstderr:\n%s", o, e);
    a1 = allocation_of(base);
    a2 = allocation_of(out);
    for (int m = 3; m-- > 0;) /* Shapley first: it was -110.57 */
        cr_assert(!allocation_row(a2, "tsubame", METHODS[(m + 2) % 3], &alone, &x),
                  "tsubame has a %s share of %lld cents:\n%s", METHODS[(m + 2) % 3],
                  (long long)x, a2);
    cr_assert_str_eq(a1, a2);
    cr_assert_not_null(strstr(e, "warning: courier 'tsubame' has no orders and no vehicle"), "%s",
                       e);
    cr_assert_not_null(strstr(o, "tsubame: left out of the game"), "%s", o);
    free(o);
    free(e);
    free(a1);
    free(a2);

    json_t *root, *left;
    json_error_t je;
    snprintf(path, sizeof path, "%s/summary.json", out);
    cr_assert_not_null(root = json_load_file(path, 0, &je), "%s", je.text);
    cr_assert_eq(json_integer_value(json_object_get(root, "n_couriers")), 4);
    cr_assert_eq(json_integer_value(json_object_get(root, "n_players")), 3);
    left = json_object_get(root, "left_out");
    cr_assert_eq(json_array_size(left), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(left, 0), "courier")),
                     "tsubame");
    json_decref(root);
}

Test(coalition_cli, a_courier_with_vehicles_only_is_a_player_and_never_pays, .init = tmp_init,
     .fini = tmp_done, .timeout = 600)
{
    /* A fourth courier with a van and no orders brings something: it stays
     * a player.  Alone it costs nothing, so no method may charge it (it
     * would rather leave): proportional gives it 0, Shapley and EPM pay it
     * what its van is worth to the others, or 0. */
    char scn[128], out[128], *o, *e, *a;
    int64_t alone, x;
    int code;
    path_in(scn, sizeof scn, "scn");
    path_in(out, sizeof out, "coal");
    probe_scenario(scn);
    append_line(scn, "couriers.csv", "tsubame,Tsubame Express,yes");
    append_line(scn, "vehicles.csv",
                "tsubame-heiwajima-van,tsubame,heiwajima,1,800,6,6000,35,2200,,,660,,,");
    code = RUN(&o, &e, "coalition", scn, "--out", out, "--iterations", "100", "--time-limit", "600",
               "--quiet");
    cr_assert_eq(code, 0, "stdout:\n%s\nstderr:\n%s", o, e);
    cr_assert_null(strstr(e, "left out"), "%s", e);
    free(o);
    free(e);
    a = allocation_of(out);
    for (int m = 0; m < 3; m++) {
        cr_assert(allocation_row(a, "tsubame", METHODS[m], &alone, &x), "%s", a);
        cr_assert_eq(alone, 0);
        cr_assert_leq(x, 0, "%s charges tsubame %lld cents:\n%s", METHODS[m], (long long)x, a);
        if (m == 0) cr_assert_eq(x, 0);
    }
    free(a);
}
