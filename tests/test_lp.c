/* solver/lp_glpk: LPs and MIPs with hand-checked optima, status mapping,
 * input validation (GLPK never sees bad input), warm starts, allocation
 * failures, and two threads solving at once (our libglpk is reentrant). */
#include <criterion/criterion.h>
#include <math.h>

#include "models/alloc.h"
#include "solver/lp_glpk.h"

#define EPS 1e-7

static cf_lp *new_lp(cf_lp_sense sense)
{
    cf_lp *lp;
    cf_err err;
    cr_assert_eq(cf_lp_create(sense, &lp, &err), CF_OK);
    return lp;
}

static int col(cf_lp *lp, double lo, double hi, double obj, cf_lp_kind kind)
{
    int j;
    cf_err err;
    cr_assert_eq(cf_lp_add_col(lp, lo, hi, obj, kind, &j, &err), CF_OK, "%s", err.msg);
    return j;
}

static int row(cf_lp *lp, double lo, double hi, int nz, const int *idx, const double *val)
{
    int r;
    cf_err err;
    cr_assert_eq(cf_lp_add_row(lp, lo, hi, nz, idx, val, &r, &err), CF_OK, "%s", err.msg);
    return r;
}

/* max 10 x1 + 6 x2 + 4 x3, three <= rows (GLPK manual's example):
 * x = (100/3, 200/3, 0), z = 2200/3, duals (10/3, 2/3, 0), d3 = -8/3. */
static cf_lp *glpk_example(void)
{
    cf_lp *lp = new_lp(CF_LP_MAX);
    int idx[3];
    for (int j = 0; j < 3; j++)
        idx[j] = col(lp, 0, CF_LP_INF, (double[]){10, 6, 4}[j], CF_LP_CONTINUOUS);
    row(lp, -CF_LP_INF, 100, 3, idx, (double[]){1, 1, 1});
    row(lp, -CF_LP_INF, 600, 3, idx, (double[]){10, 4, 5});
    row(lp, -CF_LP_INF, 300, 3, idx, (double[]){2, 2, 6});
    return lp;
}

Test(lp, max_lp_optimum_and_duals)
{
    cf_lp *lp = glpk_example();
    cf_err err;
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_OPTIMAL);
    cr_assert_float_eq(cf_lp_obj(lp), 2200.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_x(lp, 0), 100.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_x(lp, 1), 200.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_x(lp, 2), 0.0, EPS);
    cr_assert_float_eq(cf_lp_dual(lp, 0), 10.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_dual(lp, 1), 2.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_dual(lp, 2), 0.0, EPS);
    cr_assert_float_eq(cf_lp_reduced_cost(lp, 2), -8.0 / 3, EPS);
    cr_assert_float_eq(cf_lp_row_activity(lp, 1), 600.0, EPS);
    cf_lp_free(lp);
}

/* min x + 2y, x + y >= 2, 1 <= x - y <= 1.5 (a range row), x, y >= 0:
 * x = 1.75, y = 0.25, z = 2.25; duals 1.5 (lower bound) and -0.5 (upper). */
Test(lp, min_lp_with_range_row_both_presolve_settings)
{
    for (int pre = 0; pre < 2; pre++) {
        cf_lp *lp = new_lp(CF_LP_MIN);
        cf_lp_opts opts;
        cf_err err;
        int x = col(lp, 0, CF_LP_INF, 1, CF_LP_CONTINUOUS),
            y = col(lp, 0, CF_LP_INF, 2, CF_LP_CONTINUOUS);
        row(lp, 2, CF_LP_INF, 2, (int[]){x, y}, (double[]){1, 1});
        row(lp, 1, 1.5, 2, (int[]){x, y}, (double[]){1, -1});
        cr_assert_eq(cf_lp_set_obj_const(lp, 10, &err), CF_OK);
        cf_lp_opts_init(&opts);
        opts.presolve = pre;
        cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
        cr_assert_float_eq(cf_lp_obj(lp), 12.25, EPS);
        cr_assert_float_eq(cf_lp_x(lp, x), 1.75, EPS);
        cr_assert_float_eq(cf_lp_x(lp, y), 0.25, EPS);
        cr_assert_float_eq(cf_lp_dual(lp, 0), 1.5, EPS);
        cr_assert_float_eq(cf_lp_dual(lp, 1), -0.5, EPS);
        cf_lp_free(lp);
    }
}

/* Binary knapsack, capacity 8: values 15 10 9 5, weights 1 5 3 4.  LP
 * relaxation 32 (fractional), integer optimum 29 = items 0, 2, 3. */
static cf_lp *knapsack(void)
{
    cf_lp *lp = new_lp(CF_LP_MAX);
    int idx[4];
    for (int j = 0; j < 4; j++)
        idx[j] = col(lp, 0, 1, (double[]){15, 10, 9, 5}[j], CF_LP_BINARY);
    row(lp, -CF_LP_INF, 8, 4, idx, (double[]){1, 5, 3, 4});
    return lp;
}

Test(lp, knapsack_mip_optimum)
{
    for (int pre = 0; pre < 2; pre++) {
        cf_lp *lp = knapsack();
        cf_lp_opts opts;
        cf_err err;
        cf_lp_opts_init(&opts);
        opts.presolve = pre;
        opts.cuts = pre;
        cr_assert(cf_lp_is_mip(lp));
        cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
        cr_assert_eq(cf_lp_get_result(lp), CF_LP_OPTIMAL);
        cr_assert_float_eq(cf_lp_obj(lp), 29.0, EPS);
        for (int j = 0; j < 4; j++)
            cr_assert_float_eq(cf_lp_x(lp, j), j == 1 ? 0.0 : 1.0, EPS);
        cr_assert(isnan(cf_lp_dual(lp, 0)), "a MIP has no duals");
        cf_lp_free(lp);
    }
}

Test(lp, knapsack_relaxation_has_duals)
{
    cf_lp *lp = knapsack();
    cf_lp_opts opts;
    cf_err err;
    cf_lp_opts_init(&opts);
    opts.relax = true;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_obj(lp), 32.0, EPS);
    cr_assert_float_eq(cf_lp_x(lp, 1), 0.8, EPS);
    cr_assert_float_eq(cf_lp_dual(lp, 0), 2.0, EPS); /* value per weight of the split item */
    cf_lp_free(lp);
}

Test(lp, warm_start_is_used_and_improved)
{
    cf_lp *lp = knapsack();
    cf_lp_opts opts;
    cf_err err;
    double start[4] = {1, 1, 0, 0}; /* value 25, feasible */
    cf_lp_opts_init(&opts);
    opts.start = start;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_OPTIMAL);
    cr_assert_float_eq(cf_lp_obj(lp), 29.0, EPS);
    /* An infeasible start is ignored, not trusted. */
    start[2] = 1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_obj(lp), 29.0, EPS);
    cf_lp_free(lp);
}

/* A 40-item correlated knapsack under a 1 ms limit: whatever GLPK manages,
 * the answer is feasible and at least as good as the start. */
Test(lp, time_limit_keeps_the_warm_start)
{
    enum { N = 40 };
    cf_lp *lp = new_lp(CF_LP_MAX);
    cf_lp_opts opts;
    cf_err err;
    int idx[N];
    double w[N], start[N] = {0}, wsum = 0, start_obj = 0;
    cf_status rc;
    for (int j = 0; j < N; j++) {
        w[j] = 1000 + (j * 7919) % 997;
        idx[j] = col(lp, 0, 1, w[j] + 100, CF_LP_BINARY);
    }
    row(lp, -CF_LP_INF, 12345, N, idx, w);
    for (int j = 0; j < N && wsum + w[j] <= 12345; j++) {
        start[j] = 1;
        wsum += w[j];
        start_obj += w[j] + 100;
    }
    cf_lp_opts_init(&opts);
    opts.start = start;
    opts.time_limit_s = 0.001;
    rc = cf_lp_solve(lp, &opts, &err);
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    cr_assert(cf_lp_get_result(lp) == CF_LP_OPTIMAL || cf_lp_get_result(lp) == CF_LP_FEASIBLE);
    cr_assert_leq(cf_lp_row_activity(lp, 0), 12345 + 1e-6);
    cr_assert_geq(cf_lp_obj(lp), start_obj - 1e-6);
    cf_lp_free(lp);
}

/* A stop flag already raised ends branch and cut at once: the answer is
 * the start (25), not the optimum (29) that the same solve finds without
 * it; with no start, CF_ETIME says that nothing was found. */
Test(lp, stop_flag_ends_branch_and_cut)
{
    cf_lp *lp = knapsack();
    cf_lp_opts opts;
    cf_err err;
    double start[4] = {1, 1, 0, 0};
    volatile sig_atomic_t stop = 0;

    cf_lp_opts_init(&opts);
    opts.start = start;
    opts.stop = &stop;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_OPTIMAL);
    cr_assert_float_eq(cf_lp_obj(lp), 29.0, EPS);

    stop = 1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_FEASIBLE);
    cr_assert_float_eq(cf_lp_obj(lp), 25.0, EPS);

    opts.start = NULL;
    cf_status rc = cf_lp_solve(lp, &opts, &err);
    cr_assert_eq(rc, CF_ETIME, "rc %d result %d obj %g", rc, cf_lp_get_result(lp), cf_lp_obj(lp));
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_NO_SOLUTION);
    cr_assert(strstr(err.msg, "stopped"), "%s", err.msg);
    cf_lp_free(lp);
}

Test(lp, general_integer_columns)
{
    /* max 5x + 4y, 6x + 4y <= 24, x + 2y <= 6, x, y integer >= 0: the LP
     * optimum is (3, 1.5), z = 21; the integer optimum (4, 0), z = 20. */
    cf_lp *lp = new_lp(CF_LP_MAX);
    cf_err err;
    int x = col(lp, 0, CF_LP_INF, 5, CF_LP_INTEGER), y = col(lp, 0, CF_LP_INF, 4, CF_LP_INTEGER);
    row(lp, -CF_LP_INF, 24, 2, (int[]){x, y}, (double[]){6, 4});
    row(lp, -CF_LP_INF, 6, 2, (int[]){x, y}, (double[]){1, 2});
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_obj(lp), 20.0, EPS);
    cr_assert_float_eq(cf_lp_x(lp, x), 4.0, EPS);
    cr_assert_float_eq(cf_lp_x(lp, y), 0.0, EPS);
    cf_lp_free(lp);
}

Test(lp, infeasible_detected)
{
    for (int pre = 0; pre < 2; pre++) {
        for (int integer = 0; integer < 2; integer++) {
            cf_lp *lp = new_lp(CF_LP_MIN);
            cf_lp_opts opts;
            cf_err err;
            cf_lp_kind k = integer ? CF_LP_INTEGER : CF_LP_CONTINUOUS;
            int x = col(lp, 0, 10, 1, k), y = col(lp, 0, 10, 1, k);
            row(lp, -CF_LP_INF, 1, 2, (int[]){x, y}, (double[]){1, 1});
            row(lp, 2, CF_LP_INF, 2, (int[]){x, y}, (double[]){1, 1});
            cf_lp_opts_init(&opts);
            opts.presolve = pre;
            cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINFEAS, "pre %d int %d", pre, integer);
            cr_assert_eq(cf_lp_get_result(lp), CF_LP_INFEASIBLE);
            cr_assert_null(cf_lp_xs(lp));
            cf_lp_free(lp);
        }
    }
}

Test(lp, integer_infeasible_but_relaxation_feasible)
{
    cf_lp *lp = new_lp(CF_LP_MIN);
    cf_err err;
    int x = col(lp, 0, 10, 1, CF_LP_INTEGER);
    row(lp, 1, 1, 1, (int[]){x}, (double[]){2}); /* 2x = 1 */
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_EINFEAS, "%s", err.msg);
    cf_lp_free(lp);
}

Test(lp, unbounded_detected)
{
    for (int pre = 0; pre < 2; pre++) {
        cf_lp *lp = new_lp(CF_LP_MAX);
        cf_lp_opts opts;
        cf_err err;
        int x = col(lp, 0, CF_LP_INF, 1, CF_LP_CONTINUOUS),
            y = col(lp, 0, CF_LP_INF, 0, CF_LP_CONTINUOUS);
        row(lp, -CF_LP_INF, 1, 2, (int[]){x, y}, (double[]){1, -1});
        cf_lp_opts_init(&opts);
        opts.presolve = pre;
        cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_ELP);
        cr_assert_eq(cf_lp_get_result(lp), CF_LP_UNBOUNDED, "%s", err.msg);
        cr_assert_not_null(strstr(err.msg, "unbounded"), "%s", err.msg);
        cf_lp_free(lp);
    }
}

Test(lp, invalid_input_rejected_before_glpk)
{
    cf_lp *lp = new_lp(CF_LP_MIN);
    cf_lp_opts opts;
    cf_err err;
    int x = col(lp, 0, 1, 1, CF_LP_CONTINUOUS);

    cr_assert_eq(cf_lp_add_col(lp, 2, 1, 0, CF_LP_CONTINUOUS, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "lower bound 2 > upper bound 1"), "%s", err.msg);
    cr_assert_eq(cf_lp_add_col(lp, NAN, 1, 0, CF_LP_CONTINUOUS, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_col(lp, 0, 1, INFINITY, CF_LP_CONTINUOUS, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_col(lp, 0.5, 3, 0, CF_LP_INTEGER, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_col(lp, 2, 3, 0, CF_LP_BINARY, NULL, &err),
                 CF_EINVAL); /* [2,3] & [0,1] */
    cr_assert_eq(cf_lp_add_col(lp, CF_LP_INF, CF_LP_INF, 0, CF_LP_CONTINUOUS, NULL, &err),
                 CF_EINVAL);
    cr_assert_eq(cf_lp_add_col(lp, 0, 1, 0, (cf_lp_kind)7, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_n_cols(lp), 1);

    cr_assert_eq(cf_lp_add_row(lp, 0, 1, 1, (int[]){1}, (double[]){1}, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "column 1 out of range"), "%s", err.msg);
    cr_assert_eq(cf_lp_add_row(lp, 0, 1, 1, (int[]){-1}, (double[]){1}, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, 0, 1, 1, (int[]){x}, (double[]){NAN}, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, 0, 1, 2, (int[]){x, x}, (double[]){1e308, 1e308}, NULL, &err),
                 CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, 1, 0, 1, (int[]){x}, (double[]){1}, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, NAN, 0, 1, (int[]){x}, (double[]){1}, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, 0, 1, -1, NULL, NULL, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_add_row(lp, 0, 1, 2, NULL, NULL, NULL, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_n_rows(lp), 0);

    cr_assert_eq(cf_lp_set_col_bounds(lp, 1, 0, 1, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_set_col_bounds(lp, x, 1, 0, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_set_obj(lp, x, NAN, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_set_row_bounds(lp, 0, 0, 1, &err), CF_EINVAL);
    cr_assert_eq(cf_lp_set_obj_const(lp, INFINITY, &err), CF_EINVAL);

    cf_lp_opts_init(&opts);
    opts.mip_gap = -1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINVAL);
    opts.mip_gap = NAN;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINVAL);
    opts.mip_gap = 0;
    opts.time_limit_s = NAN;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINVAL);

    /* The model still solves: min x, 0 <= x <= 1. */
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_obj(lp), 0.0, EPS);
    cf_lp_free(lp);
}

Test(lp, duplicate_entries_summed_zeros_dropped)
{
    cf_lp *lp = new_lp(CF_LP_MAX);
    cf_err err;
    int x = col(lp, 0, CF_LP_INF, 1, CF_LP_CONTINUOUS),
        y = col(lp, 0, CF_LP_INF, 0, CF_LP_CONTINUOUS);
    /* 1x + 1x + 3y - 3y <= 4  ->  2x <= 4 */
    row(lp, -CF_LP_INF, 4, 4, (int[]){x, y, x, y}, (double[]){1, 3, 1, -3});
    row(lp, -CF_LP_INF, 1, 1, (int[]){y}, (double[]){1});
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_x(lp, x), 2.0, EPS);
    cf_lp_free(lp);
}

Test(lp, model_changes_and_resolve)
{
    cf_lp *lp = glpk_example();
    cf_err err;
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    cr_assert_eq(cf_lp_set_row_bounds(lp, 0, -CF_LP_INF, 101, &err), CF_OK);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_UNSOLVED);
    cr_assert_null(cf_lp_xs(lp));
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    cr_assert_float_eq(cf_lp_obj(lp), 2200.0 / 3 + 10.0 / 3, EPS);  /* + one unit's dual */
    cr_assert_eq(cf_lp_set_col_bounds(lp, 2, 10, 10, &err), CF_OK); /* fix x3 = 10 */
    cr_assert_eq(cf_lp_set_obj(lp, 2, 0, &err), CF_OK);
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    cr_assert_float_eq(cf_lp_x(lp, 2), 10.0, EPS);
    cf_lp_free(lp);
}

Test(lp, empty_models)
{
    cf_lp *lp = new_lp(CF_LP_MIN);
    cf_err err;
    cr_assert_eq(cf_lp_set_obj_const(lp, 3, &err), CF_OK);
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    cr_assert_float_eq(cf_lp_obj(lp), 3.0, EPS);
    row(lp, -1, 1, 0, NULL, NULL);
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    row(lp, 1, 2, 0, NULL, NULL); /* 0 in [1, 2]: infeasible */
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_EINFEAS);
    cf_lp_free(lp);

    /* Columns but no rows. */
    lp = new_lp(CF_LP_MIN);
    col(lp, -2, 5, 1, CF_LP_CONTINUOUS);
    col(lp, -3, 4, -1, CF_LP_INTEGER);
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_obj(lp), -6.0, EPS);
    cf_lp_free(lp);
}

Test(lp, out_of_memory_at_every_step)
{
    for (long n = 0;; n++) {
        cf_lp *lp = NULL;
        cf_err err;
        cf_status rc;
        int idx[4];
        cf_alloc_fail_after(n);
        rc = cf_lp_create(CF_LP_MAX, &lp, &err);
        for (int j = 0; j < 4 && rc == CF_OK; j++)
            rc = cf_lp_add_col(lp, 0, 1, (double[]){15, 10, 9, 5}[j], CF_LP_BINARY, &idx[j], &err);
        if (rc == CF_OK)
            rc = cf_lp_add_row(lp, -CF_LP_INF, 8, 4, idx, (double[]){1, 5, 3, 4}, NULL, &err);
        if (rc == CF_OK) rc = cf_lp_solve(lp, NULL, &err);
        cf_alloc_fail_after(-1);
        cf_lp_free(lp);
        if (rc == CF_OK) {
            cr_assert_gt(n, 3);
            break;
        }
        cr_assert_eq(rc, CF_ENOMEM, "n %ld: %s", n, err.msg);
    }
}

/* One of a family of LPs with a closed-form answer: max (a) x + y,
 * x + y <= k, x <= k / 2 (k = i + 2)  ->  z = k / 2 * a + k / 2. */
static double solve_family(int i, int integer)
{
    cf_lp *lp;
    cf_err err;
    double k = i + 2, a = 1.0 + (i % 5), z;
    int x, y;
    if (cf_lp_create(CF_LP_MAX, &lp, &err) != CF_OK) return NAN;
    cf_lp_add_col(lp, 0, CF_LP_INF, a, integer ? CF_LP_INTEGER : CF_LP_CONTINUOUS, &x, &err);
    cf_lp_add_col(lp, 0, CF_LP_INF, 1, integer ? CF_LP_INTEGER : CF_LP_CONTINUOUS, &y, &err);
    cf_lp_add_row(lp, -CF_LP_INF, k, 2, (int[]){x, y}, (double[]){1, 1}, NULL, &err);
    cf_lp_add_row(lp, -CF_LP_INF, k / 2, 1, (int[]){x}, (double[]){1}, NULL, &err);
    z = cf_lp_solve(lp, NULL, &err) == CF_OK ? cf_lp_obj(lp) : NAN;
    cf_lp_free(lp);
    return z;
}

Test(lp, two_threads_solve_at_once, .timeout = 60)
{
    enum { PER_THREAD = 300 };
    double got[2 * PER_THREAD];

#pragma omp parallel for num_threads(2) schedule(static, PER_THREAD)
    for (int i = 0; i < 2 * PER_THREAD; i++) {
        got[i] = solve_family(i, i % 2);
        if (i % PER_THREAD == PER_THREAD - 1) cf_lp_thread_done();
    }
    for (int i = 0; i < 2 * PER_THREAD; i++) {
        double k = i + 2, a = 1.0 + (i % 5);
        double want = (i % 2) ? floor(k / 2) * a + (k - floor(k / 2)) : k / 2 * a + k / 2;
        cr_assert_float_eq(got[i], want, 1e-6, "lp %d: got %g want %g", i, got[i], want);
    }
    cf_lp_thread_done();
}

Test(lp, resolve_after_adding_rows_and_columns)
{
    cf_lp *lp = glpk_example();
    cf_err err;
    int x4;
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK);
    row(lp, -CF_LP_INF, 20, 1, (int[]){0}, (double[]){1}); /* x1 <= 20, after a solve */
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    /* x1 = 20: x2 + x3 <= 80, 4 x2 + 5 x3 <= 400, 2 x2 + 6 x3 <= 260 -> x2 = 80, z = 680. */
    cr_assert_float_eq(cf_lp_obj(lp), 680.0, EPS);
    x4 = col(lp, 0, 5, 100, CF_LP_CONTINUOUS); /* a column in no row, after a solve */
    cr_assert_eq(cf_lp_solve(lp, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_lp_x(lp, x4), 5.0, EPS);
    cr_assert_float_eq(cf_lp_obj(lp), 1180.0, EPS);
    cf_lp_free(lp);
}

Test(lp, node_limit_and_absolute_gap)
{
    cf_lp *lp = knapsack();
    cf_lp_opts opts;
    cf_err err;
    double start[4] = {1, 1, 0, 0}; /* 25 */
    cf_status rc;

    cf_lp_opts_init(&opts);
    opts.node_limit = -1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINVAL);
    opts.node_limit = 0;
    opts.abs_gap = -1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_EINVAL);

    /* A gap wider than the whole objective: the start is good enough. */
    opts.abs_gap = 100;
    opts.start = start;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_lp_get_result(lp), CF_LP_OPTIMAL);
    cr_assert_geq(cf_lp_obj(lp), 25.0 - EPS);

    /* One node: whatever the search found, feasible, at least the start. */
    opts.abs_gap = 0;
    opts.node_limit = 1;
    cr_assert_eq(cf_lp_solve(lp, &opts, &err), CF_OK, "%s", err.msg);
    cr_assert_geq(cf_lp_obj(lp), 25.0 - EPS);
    cr_assert_leq(cf_lp_row_activity(lp, 0), 8.0 + EPS);

    /* Without a start it may end with nothing: then CF_ETIME says so. */
    opts.start = NULL;
    rc = cf_lp_solve(lp, &opts, &err);
    cr_assert(rc == CF_OK || (rc == CF_ETIME && cf_lp_get_result(lp) == CF_LP_NO_SOLUTION), "%s",
              err.msg);
    cf_lp_free(lp);
}
