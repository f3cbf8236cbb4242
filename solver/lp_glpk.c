/*
 * The LP/MIP API of lp_glpk.h over GLPK 5.0: the only file that includes
 * <glpk.h>.  The model is kept in our own arrays (columns, bounds, and the
 * rows as compressed sparse rows) and validated as it is built, because GLPK
 * ends the process on misuse (its xerror).  Each solve builds a fresh
 * glp_prob, solves it, copies the results back and deletes it, so no GLPK
 * object outlives a call and a cf_lp can move between threads.
 *
 * Defence in depth: a GLPK internal error during a solve is caught by an
 * error hook that longjmps back here, after which the documented recovery
 * is to free the thread's whole GLPK environment (GLPK reference manual,
 * glp_error_hook).  That is safe here precisely because no glp_prob lives
 * outside one cf_lp_solve() call.
 */
#include "solver/lp_glpk.h"

#include <glpk.h>
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "models/alloc.h"
#include "models/clock.h"

#define FEAS_TOL 1e-6 /* how far a warm start may stray from a bound, row or integer */

enum { KIND_CONT, KIND_INT, KIND_BIN };

struct cf_lp {
    cf_lp_sense sense;
    int n_cols, n_rows, n_int;
    int cap_cols, cap_rows, cap_nz;
    double obj_const;
    /* columns [cap_cols] */
    double *col_lo, *col_hi, *obj;
    unsigned char *kind;
    int *pos; /* scratch for merging a row's duplicate entries, -1 when idle */
    /* rows [cap_rows]; row r's entries are [row_beg[r], row_beg[r + 1]) */
    double *row_lo, *row_hi;
    int *row_beg; /* [cap_rows + 1] */
    int *nz_col;  /* [cap_nz] */
    double *nz_val;
    /* results of the last solve */
    cf_lp_result result;
    bool has_x, has_duals;
    double objval;
    double *x, *row_act;         /* [n_cols], [n_rows] */
    double *row_dual, *col_dual; /* [n_rows], [n_cols] */
    /* the last optimal simplex basis (GLP_BS, GLP_NL, ... per row and column),
     * the start of the next simplex solve; bas_m < 0: none */
    int *bas_row, *bas_col;
    int bas_m, bas_n;
};

static const char *const result_text[] = {
    "unsolved", "optimal", "feasible", "infeasible", "unbounded", "no solution",
};

const char *cf_lp_result_str(cf_lp_result r)
{
    return (unsigned)r < sizeof result_text / sizeof *result_text ? result_text[r] : "unknown";
}

void cf_lp_opts_init(cf_lp_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->presolve = true;
}

cf_status cf_lp_create(cf_lp_sense sense, cf_lp **out, cf_err *err)
{
    cf_lp *lp = cf_calloc(1, sizeof *lp);
    *out = NULL;
    if (!lp) return cf_err_set(err, CF_ENOMEM, "lp: cannot allocate a model");
    lp->sense = sense;
    lp->bas_m = -1;
    lp->row_beg = cf_calloc(1, sizeof *lp->row_beg);
    if (!lp->row_beg) {
        cf_free(lp);
        return cf_err_set(err, CF_ENOMEM, "lp: cannot allocate a model");
    }
    *out = lp;
    return CF_OK;
}

static void drop_results(cf_lp *lp)
{
    lp->result = CF_LP_UNSOLVED;
    lp->has_x = lp->has_duals = false;
    lp->objval = 0.0;
}

static void free_results(cf_lp *lp)
{
    cf_free(lp->x);
    cf_free(lp->row_act);
    cf_free(lp->row_dual);
    cf_free(lp->col_dual);
    lp->x = lp->row_act = lp->row_dual = lp->col_dual = NULL;
    drop_results(lp);
}

void cf_lp_free(cf_lp *lp)
{
    if (!lp) return;
    free_results(lp);
    cf_free(lp->col_lo);
    cf_free(lp->col_hi);
    cf_free(lp->obj);
    cf_free(lp->kind);
    cf_free(lp->pos);
    cf_free(lp->row_lo);
    cf_free(lp->row_hi);
    cf_free(lp->row_beg);
    cf_free(lp->nz_col);
    cf_free(lp->nz_val);
    cf_free(lp->bas_row);
    cf_free(lp->bas_col);
    cf_free(lp);
}

/* Grows *p to n elements of size sz; the old block stays valid on failure. */
static bool grow(void *pp, size_t n, size_t sz)
{
    void **p = pp;
    void *q = cf_reallocarray(*p, n, sz);
    if (!q) return false;
    *p = q;
    return true;
}

static int next_cap(int cap, long need)
{
    long c = cap < 16 ? 16 : cap;
    while (c < need)
        c = c > INT_MAX / 2 ? INT_MAX : c * 2;
    return (int)c;
}

static cf_status reserve_cols(cf_lp *lp, long need, cf_err *err)
{
    int cap;
    if (need <= lp->cap_cols) return CF_OK;
    if (need >= INT_MAX) return cf_err_set(err, CF_EINVAL, "lp: too many columns");
    cap = next_cap(lp->cap_cols, need);
    if (!grow(&lp->col_lo, (size_t)cap, sizeof *lp->col_lo) ||
        !grow(&lp->col_hi, (size_t)cap, sizeof *lp->col_hi) ||
        !grow(&lp->obj, (size_t)cap, sizeof *lp->obj) ||
        !grow(&lp->kind, (size_t)cap, sizeof *lp->kind) ||
        !grow(&lp->pos, (size_t)cap, sizeof *lp->pos))
        return cf_err_set(err, CF_ENOMEM, "lp: cannot allocate %d columns", cap);
    for (int j = lp->cap_cols; j < cap; j++)
        lp->pos[j] = -1;
    lp->cap_cols = cap;
    return CF_OK;
}

static cf_status reserve_rows(cf_lp *lp, long need_rows, long need_nz, cf_err *err)
{
    if (need_rows >= INT_MAX || need_nz >= INT_MAX)
        return cf_err_set(err, CF_EINVAL, "lp: too many rows or coefficients");
    if (need_rows > lp->cap_rows) {
        int cap = next_cap(lp->cap_rows, need_rows);
        if (!grow(&lp->row_lo, (size_t)cap, sizeof *lp->row_lo) ||
            !grow(&lp->row_hi, (size_t)cap, sizeof *lp->row_hi) ||
            !grow(&lp->row_beg, (size_t)cap + 1, sizeof *lp->row_beg))
            return cf_err_set(err, CF_ENOMEM, "lp: cannot allocate %d rows", cap);
        lp->cap_rows = cap;
    }
    if (need_nz > lp->cap_nz) {
        int cap = next_cap(lp->cap_nz, need_nz);
        if (!grow(&lp->nz_col, (size_t)cap, sizeof *lp->nz_col) ||
            !grow(&lp->nz_val, (size_t)cap, sizeof *lp->nz_val))
            return cf_err_set(err, CF_ENOMEM, "lp: cannot allocate %d coefficients", cap);
        lp->cap_nz = cap;
    }
    return CF_OK;
}

static cf_status check_bounds(double lo, double hi, const char *what, int idx, cf_err *err)
{
    if (isnan(lo) || isnan(hi))
        return cf_err_set(err, CF_EINVAL, "lp: %s %d: bound is nan", what, idx);
    if (lo == CF_LP_INF || hi == -CF_LP_INF)
        return cf_err_set(err, CF_EINVAL, "lp: %s %d: bounds [%g, %g] leave no value", what, idx,
                          lo, hi);
    if (lo > hi)
        return cf_err_set(err, CF_EINVAL, "lp: %s %d: lower bound %g > upper bound %g", what, idx,
                          lo, hi);
    return CF_OK;
}

/* Bounds of column j as stored: binary columns intersected with [0, 1]. */
static cf_status set_col_bounds(cf_lp *lp, int j, int kind, double lo, double hi, cf_err *err)
{
    cf_status rc;
    if (kind == KIND_BIN && !isnan(lo) && !isnan(hi)) {
        lo = lo < 0.0 ? 0.0 : lo;
        hi = hi > 1.0 ? 1.0 : hi;
    }
    if ((rc = check_bounds(lo, hi, "column", j, err)) != CF_OK) return rc;
    if (kind != KIND_CONT &&
        ((isfinite(lo) && lo != floor(lo)) || (isfinite(hi) && hi != floor(hi))))
        return cf_err_set(err, CF_EINVAL,
                          "lp: column %d: integer column with fractional bounds [%g, %g]", j, lo,
                          hi);
    lp->col_lo[j] = lo;
    lp->col_hi[j] = hi;
    return CF_OK;
}

cf_status cf_lp_add_col(cf_lp *lp, double lo, double hi, double obj, cf_lp_kind kind, int *col,
                        cf_err *err)
{
    cf_status rc;
    int j = lp->n_cols, k;

    if (col) *col = -1;
    switch (kind) {
    case CF_LP_CONTINUOUS:
        k = KIND_CONT;
        break;
    case CF_LP_INTEGER:
        k = KIND_INT;
        break;
    case CF_LP_BINARY:
        k = KIND_BIN;
        break;
    default:
        return cf_err_set(err, CF_EINVAL, "lp: column %d: unknown kind %d", j, (int)kind);
    }
    if (!isfinite(obj))
        return cf_err_set(err, CF_EINVAL, "lp: column %d: objective coefficient %g", j, obj);
    if ((rc = reserve_cols(lp, (long)j + 1, err)) != CF_OK) return rc;
    if ((rc = set_col_bounds(lp, j, k, lo, hi, err)) != CF_OK) return rc;
    lp->obj[j] = obj;
    lp->kind[j] = (unsigned char)k;
    lp->n_cols++;
    if (k != KIND_CONT) lp->n_int++;
    if (col) *col = j;
    drop_results(lp);
    return CF_OK;
}

cf_status cf_lp_add_row(cf_lp *lp, double lo, double hi, int nz, const int *col, const double *val,
                        int *row, cf_err *err)
{
    cf_status rc;
    int r = lp->n_rows, base, len = 0, kept = 0;

    if (row) *row = -1;
    if (nz < 0 || (nz > 0 && (!col || !val)))
        return cf_err_set(err, CF_EINVAL, "lp: row %d: %d entries without arrays", r, nz);
    if ((rc = check_bounds(lo, hi, "row", r, err)) != CF_OK) return rc;
    for (int k = 0; k < nz; k++) {
        if (col[k] < 0 || col[k] >= lp->n_cols)
            return cf_err_set(err, CF_EINVAL, "lp: row %d: column %d out of range [0, %d)", r,
                              col[k], lp->n_cols);
        if (!isfinite(val[k]))
            return cf_err_set(err, CF_EINVAL, "lp: row %d: coefficient %g of column %d", r, val[k],
                              col[k]);
    }
    base = lp->row_beg[r];
    if ((rc = reserve_rows(lp, (long)r + 1, (long)base + nz, err)) != CF_OK) return rc;

    /* Sum the entries of each column in first-seen order, then drop zeros. */
    for (int k = 0; k < nz; k++) {
        int c = col[k];
        if (lp->pos[c] < 0) {
            lp->pos[c] = len;
            lp->nz_col[base + len] = c;
            lp->nz_val[base + len] = val[k];
            len++;
        } else {
            lp->nz_val[base + lp->pos[c]] += val[k];
        }
    }
    for (int k = 0; k < len; k++)
        lp->pos[lp->nz_col[base + k]] = -1;
    for (int k = 0; k < len; k++) {
        double v = lp->nz_val[base + k];
        if (!isfinite(v))
            return cf_err_set(err, CF_EINVAL, "lp: row %d: coefficients of column %d sum to %g", r,
                              lp->nz_col[base + k], v);
        if (v == 0.0) continue;
        lp->nz_col[base + kept] = lp->nz_col[base + k];
        lp->nz_val[base + kept] = v;
        kept++;
    }
    lp->row_lo[r] = lo;
    lp->row_hi[r] = hi;
    lp->row_beg[r + 1] = base + kept;
    lp->n_rows++;
    if (row) *row = r;
    drop_results(lp);
    return CF_OK;
}

cf_status cf_lp_set_col_bounds(cf_lp *lp, int col, double lo, double hi, cf_err *err)
{
    cf_status rc;
    if (col < 0 || col >= lp->n_cols)
        return cf_err_set(err, CF_EINVAL, "lp: column %d out of range [0, %d)", col, lp->n_cols);
    if ((rc = set_col_bounds(lp, col, lp->kind[col], lo, hi, err)) != CF_OK) return rc;
    drop_results(lp);
    return CF_OK;
}

cf_status cf_lp_set_obj(cf_lp *lp, int col, double obj, cf_err *err)
{
    if (col < 0 || col >= lp->n_cols)
        return cf_err_set(err, CF_EINVAL, "lp: column %d out of range [0, %d)", col, lp->n_cols);
    if (!isfinite(obj))
        return cf_err_set(err, CF_EINVAL, "lp: column %d: objective coefficient %g", col, obj);
    lp->obj[col] = obj;
    drop_results(lp);
    return CF_OK;
}

cf_status cf_lp_set_row_bounds(cf_lp *lp, int row, double lo, double hi, cf_err *err)
{
    cf_status rc;
    if (row < 0 || row >= lp->n_rows)
        return cf_err_set(err, CF_EINVAL, "lp: row %d out of range [0, %d)", row, lp->n_rows);
    if ((rc = check_bounds(lo, hi, "row", row, err)) != CF_OK) return rc;
    lp->row_lo[row] = lo;
    lp->row_hi[row] = hi;
    drop_results(lp);
    return CF_OK;
}

cf_status cf_lp_set_obj_const(cf_lp *lp, double c, cf_err *err)
{
    if (!isfinite(c)) return cf_err_set(err, CF_EINVAL, "lp: objective constant %g", c);
    lp->obj_const = c;
    drop_results(lp);
    return CF_OK;
}

int cf_lp_n_cols(const cf_lp *lp)
{
    return lp->n_cols;
}

int cf_lp_n_rows(const cf_lp *lp)
{
    return lp->n_rows;
}

bool cf_lp_is_mip(const cf_lp *lp)
{
    return lp->n_int > 0;
}

cf_lp_result cf_lp_get_result(const cf_lp *lp)
{
    return lp->result;
}

double cf_lp_obj(const cf_lp *lp)
{
    return lp->has_x ? lp->objval : 0.0;
}

double cf_lp_x(const cf_lp *lp, int col)
{
    if (!lp->has_x || col < 0 || col >= lp->n_cols) return NAN;
    return lp->x[col];
}

double cf_lp_row_activity(const cf_lp *lp, int row)
{
    if (!lp->has_x || row < 0 || row >= lp->n_rows) return NAN;
    return lp->row_act[row];
}

const double *cf_lp_xs(const cf_lp *lp)
{
    return lp->has_x ? lp->x : NULL;
}

double cf_lp_dual(const cf_lp *lp, int row)
{
    if (!lp->has_duals || row < 0 || row >= lp->n_rows) return NAN;
    return lp->row_dual[row];
}

double cf_lp_reduced_cost(const cf_lp *lp, int col)
{
    if (!lp->has_duals || col < 0 || col >= lp->n_cols) return NAN;
    return lp->col_dual[col];
}

void cf_lp_thread_done(void)
{
    glp_free_env();
}

/* ---- solving ---------------------------------------------------------- */

typedef struct solve_ctx {
    cf_lp *lp;
    const cf_lp_opts *opts;
    bool integer;   /* branch and cut (some integer column and not relax) */
    bool use_start; /* opts->start passed our check: start1 holds it */
    bool start_fed; /* the heuristic callback has handed it to GLPK */
    bool gap_met;   /* the callback stopped the search at opts->abs_gap */
    bool nodes_out; /* the callback stopped the search at opts->node_limit */
    bool stopped;   /* the callback stopped the search at *opts->stop */
    double t_begin;
    int *ia, *ja;   /* [nz + 1], 1-based as glp_load_matrix wants */
    double *ar;     /* [nz + 1] */
    double *start1; /* [n_cols + 1], 1-based, integers exact */
    jmp_buf on_error;
} solve_ctx;

/* What is left of the time limit, in GLPK's milliseconds (INT_MAX: none). */
static int tm_lim_ms(const solve_ctx *c)
{
    double left;
    if (c->opts->time_limit_s <= 0.0) return INT_MAX;
    left = c->opts->time_limit_s - (cf_now_s() - c->t_begin);
    if (left * 1000.0 >= (double)INT_MAX) return INT_MAX;
    return left <= 0.001 ? 1 : (int)ceil(left * 1000.0);
}

static int glp_bound_type(double lo, double hi)
{
    if (lo == -CF_LP_INF) return hi == CF_LP_INF ? GLP_FR : GLP_UP;
    if (hi == CF_LP_INF) return GLP_LO;
    return lo == hi ? GLP_FX : GLP_DB;
}

static double row_activity(const cf_lp *lp, int r, const double *x)
{
    double s = 0.0;
    for (int k = lp->row_beg[r]; k < lp->row_beg[r + 1]; k++)
        s += lp->nz_val[k] * x[lp->nz_col[k]];
    return s;
}

static bool near_within(double v, double lo, double hi)
{
    double tl = FEAS_TOL * fmax(1.0, fabs(lo)), th = FEAS_TOL * fmax(1.0, fabs(hi));
    return !(lo != -CF_LP_INF && v < lo - tl) && !(hi != CF_LP_INF && v > hi + th);
}

/* Checks opts->start and copies it, cleaned, into c->start1: integers made
 * exact (glp_ios_heur_sol insists) and every value clamped into its bounds. */
static bool take_start(solve_ctx *c)
{
    const cf_lp *lp = c->lp;
    const double *s = c->opts->start;
    double *x = c->start1 + 1;

    for (int j = 0; j < lp->n_cols; j++) {
        double v = s[j];
        if (!isfinite(v) || !near_within(v, lp->col_lo[j], lp->col_hi[j])) return false;
        if (lp->kind[j] != KIND_CONT) {
            if (fabs(v - round(v)) > FEAS_TOL) return false;
            v = round(v);
        }
        x[j] = fmin(fmax(v, lp->col_lo[j]), lp->col_hi[j]);
    }
    for (int r = 0; r < lp->n_rows; r++)
        if (!near_within(row_activity(lp, r, x), lp->row_lo[r], lp->row_hi[r])) return false;
    return true;
}

static void mip_cb(glp_tree *tree, void *info)
{
    solve_ctx *c = info;
    int reason = glp_ios_reason(tree);

    if (reason == GLP_IHEUR && c->use_start && !c->start_fed) {
        c->start_fed = true;
        glp_ios_heur_sol(tree, c->start1); /* rejected only when not better: fine */
    }
    if (c->opts->abs_gap > 0) {
        glp_prob *P = glp_ios_get_prob(tree);
        int best = glp_ios_best_node(tree);
        if (best != 0 && glp_mip_status(P) == GLP_FEAS &&
            fabs(glp_mip_obj_val(P) - glp_ios_node_bound(tree, best)) <= c->opts->abs_gap) {
            c->gap_met = true;
            glp_ios_terminate(tree);
            return;
        }
    }
    if (c->opts->stop && *c->opts->stop) {
        c->stopped = true;
        glp_ios_terminate(tree);
        return;
    }
    if (c->opts->node_limit > 0) {
        int active, alive, total;
        glp_ios_tree_size(tree, &active, &alive, &total);
        if (total >= c->opts->node_limit) {
            c->nodes_out = true;
            glp_ios_terminate(tree);
        }
    }
}

static glp_prob *build(solve_ctx *c)
{
    const cf_lp *lp = c->lp;
    glp_prob *P = glp_create_prob();
    int nz = lp->row_beg[lp->n_rows];

    glp_set_obj_dir(P, lp->sense == CF_LP_MAX ? GLP_MAX : GLP_MIN);
    glp_set_obj_coef(P, 0, lp->obj_const);
    if (lp->n_rows > 0) glp_add_rows(P, lp->n_rows);
    glp_add_cols(P, lp->n_cols);
    for (int r = 0; r < lp->n_rows; r++) {
        double lo = lp->row_lo[r], hi = lp->row_hi[r];
        glp_set_row_bnds(P, r + 1, glp_bound_type(lo, hi), isfinite(lo) ? lo : 0.0,
                         isfinite(hi) ? hi : 0.0);
        for (int k = lp->row_beg[r]; k < lp->row_beg[r + 1]; k++) {
            c->ia[k + 1] = r + 1;
            c->ja[k + 1] = lp->nz_col[k] + 1;
            c->ar[k + 1] = lp->nz_val[k];
        }
    }
    for (int j = 0; j < lp->n_cols; j++) {
        double lo = lp->col_lo[j], hi = lp->col_hi[j];
        glp_set_col_bnds(P, j + 1, glp_bound_type(lo, hi), isfinite(lo) ? lo : 0.0,
                         isfinite(hi) ? hi : 0.0);
        glp_set_obj_coef(P, j + 1, lp->obj[j]);
        if (c->integer && lp->kind[j] != KIND_CONT) glp_set_col_kind(P, j + 1, GLP_IV);
    }
    glp_load_matrix(P, nz, c->ia, c->ja, c->ar);
    glp_scale_prob(P, GLP_SF_AUTO);
    return P;
}

static void take_lp_solution(cf_lp *lp, glp_prob *P, bool duals)
{
    lp->objval = glp_get_obj_val(P);
    for (int j = 0; j < lp->n_cols; j++) {
        lp->x[j] = glp_get_col_prim(P, j + 1);
        lp->col_dual[j] = glp_get_col_dual(P, j + 1);
    }
    for (int r = 0; r < lp->n_rows; r++) {
        lp->row_act[r] = glp_get_row_prim(P, r + 1);
        lp->row_dual[r] = glp_get_row_dual(P, r + 1);
    }
    lp->has_x = true;
    lp->has_duals = duals;
}

static void take_mip_solution(cf_lp *lp, glp_prob *P)
{
    lp->objval = glp_mip_obj_val(P);
    for (int j = 0; j < lp->n_cols; j++)
        lp->x[j] = glp_mip_col_val(P, j + 1);
    for (int r = 0; r < lp->n_rows; r++)
        lp->row_act[r] = glp_mip_row_val(P, r + 1);
    lp->has_x = true;
}

static void take_start_solution(solve_ctx *c)
{
    cf_lp *lp = c->lp;
    lp->objval = lp->obj_const;
    for (int j = 0; j < lp->n_cols; j++) {
        lp->x[j] = c->start1[j + 1];
        lp->objval += lp->obj[j] * lp->x[j];
    }
    for (int r = 0; r < lp->n_rows; r++)
        lp->row_act[r] = row_activity(lp, r, lp->x);
    lp->has_x = true;
}

static cf_status set_result(cf_lp *lp, cf_lp_result r)
{
    lp->result = r;
    return CF_OK;
}

static cf_status glpk_failed(cf_lp *lp, const char *what, int ret, cf_err *err)
{
    lp->result = CF_LP_UNSOLVED;
    lp->has_x = lp->has_duals = false;
    return cf_err_set(err, CF_ELP, "lp: %s failed with glpk code 0x%02x", what, (unsigned)ret);
}

static cf_status no_solution(solve_ctx *c, cf_err *err)
{
    if (c->use_start) {
        take_start_solution(c);
        return set_result(c->lp, CF_LP_FEASIBLE);
    }
    c->lp->result = CF_LP_NO_SOLUTION;
    if (c->stopped) return cf_err_set(err, CF_ETIME, "lp: stopped before a feasible solution");
    if (c->nodes_out)
        return cf_err_set(err, CF_ETIME, "lp: node limit %ld reached before a feasible solution",
                          c->opts->node_limit);
    return cf_err_set(err, CF_ETIME, "lp: time limit %g s reached before a feasible solution",
                      c->opts->time_limit_s);
}

static cf_status infeasible(cf_lp *lp, cf_err *err)
{
    lp->result = CF_LP_INFEASIBLE;
    return cf_err_set(err, CF_EINFEAS, "lp: the model has no feasible solution");
}

static cf_status unbounded(cf_lp *lp, bool relaxation, cf_err *err)
{
    lp->result = CF_LP_UNBOUNDED;
    return cf_err_set(err, CF_ELP, "lp: the %s is unbounded",
                      relaxation ? "lp relaxation" : "objective");
}

/* Starts from the last optimal basis: rows and columns added since are
 * basic and non-basic, which keeps the basis square; GLPK itself moves a
 * non-basic status to the bound its column has now.  False: no basis kept. */
static bool load_basis(const cf_lp *lp, glp_prob *P)
{
    if (lp->bas_m < 0 || lp->bas_m > lp->n_rows || lp->bas_n > lp->n_cols) return false;
    for (int r = 0; r < lp->n_rows; r++)
        glp_set_row_stat(P, r + 1, r < lp->bas_m ? lp->bas_row[r] : GLP_BS);
    for (int j = 0; j < lp->n_cols; j++)
        glp_set_col_stat(P, j + 1, j < lp->bas_n ? lp->bas_col[j] : GLP_NL);
    return true;
}

/* Keeps the optimal basis for the next solve (without memory, it is not kept). */
static void save_basis(cf_lp *lp, glp_prob *P)
{
    lp->bas_m = -1;
    if (!grow(&lp->bas_row, (size_t)lp->n_rows, sizeof *lp->bas_row) ||
        !grow(&lp->bas_col, (size_t)lp->n_cols, sizeof *lp->bas_col))
        return;
    for (int r = 0; r < lp->n_rows; r++)
        lp->bas_row[r] = glp_get_row_stat(P, r + 1);
    for (int j = 0; j < lp->n_cols; j++)
        lp->bas_col[j] = glp_get_col_stat(P, j + 1);
    lp->bas_m = lp->n_rows;
    lp->bas_n = lp->n_cols;
}

/* The simplex method.  For a MIP (c->integer) it only prepares the optimal
 * root basis that glp_intopt needs without its presolver; *root_ok says so.
 * A basis kept from the last solve replaces the presolver (which would
 * discard it). */
static cf_status run_simplex(solve_ctx *c, glp_prob *P, bool presolve, bool *root_ok, cf_err *err)
{
    glp_smcp smcp;
    int ret, st;
    bool warm = load_basis(c->lp, P);

    *root_ok = false;
    glp_init_smcp(&smcp);
    smcp.msg_lev = c->opts->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    smcp.presolve = presolve && !warm ? GLP_ON : GLP_OFF;
    smcp.tm_lim = tm_lim_ms(c);
    ret = glp_simplex(P, &smcp);
    if (warm && (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND)) {
        /* The kept basis does not factorise any more: start afresh. */
        glp_std_basis(P);
        smcp.presolve = presolve ? GLP_ON : GLP_OFF;
        smcp.tm_lim = tm_lim_ms(c);
        ret = glp_simplex(P, &smcp);
    }
    if (ret == GLP_ENODFS && presolve) {
        /* The presolver cannot tell unbounded from infeasible: ask again without it. */
        smcp.presolve = GLP_OFF;
        smcp.tm_lim = tm_lim_ms(c);
        ret = glp_simplex(P, &smcp);
    }
    switch (ret) {
    case 0:
        st = glp_get_status(P);
        if (st == GLP_OPT) {
            save_basis(c->lp, P);
            if (c->integer) {
                *root_ok = true;
                return CF_OK;
            }
            take_lp_solution(c->lp, P, true);
            return set_result(c->lp, CF_LP_OPTIMAL);
        }
        if (st == GLP_NOFEAS) return infeasible(c->lp, err);
        if (st == GLP_UNBND) return unbounded(c->lp, c->integer, err);
        return glpk_failed(c->lp, "glp_simplex", 0x100 + st, err);
    case GLP_ENOPFS:
        return infeasible(c->lp, err);
    case GLP_ENODFS:
        return unbounded(c->lp, c->integer, err);
    case GLP_ETMLIM:
    case GLP_EITLIM:
        if (!c->integer && glp_get_prim_stat(P) == GLP_FEAS) {
            take_lp_solution(c->lp, P, false);
            return set_result(c->lp, CF_LP_FEASIBLE);
        }
        return no_solution(c, err);
    default:
        return glpk_failed(c->lp, "glp_simplex", ret, err);
    }
}

static cf_status run_intopt(solve_ctx *c, glp_prob *P, bool presolve, cf_err *err)
{
    glp_iocp iocp;
    int ret, st;

    glp_init_iocp(&iocp);
    iocp.msg_lev = c->opts->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    iocp.presolve = presolve ? GLP_ON : GLP_OFF;
    iocp.tm_lim = tm_lim_ms(c);
    iocp.mip_gap = c->opts->mip_gap;
    if (c->opts->cuts) iocp.gmi_cuts = iocp.mir_cuts = iocp.cov_cuts = iocp.clq_cuts = GLP_ON;
    if (c->use_start || c->opts->abs_gap > 0 || c->opts->node_limit > 0 || c->opts->stop) {
        iocp.cb_func = mip_cb;
        iocp.cb_info = c;
    }
    ret = glp_intopt(P, &iocp);
    st = glp_mip_status(P);
    switch (ret) {
    case 0:
    case GLP_EMIPGAP:
        if (st == GLP_OPT || st == GLP_FEAS) {
            take_mip_solution(c->lp, P);
            return set_result(c->lp, CF_LP_OPTIMAL);
        }
        if (st == GLP_NOFEAS) return infeasible(c->lp, err);
        return glpk_failed(c->lp, "glp_intopt", 0x100 + st, err);
    case GLP_ENOPFS:
        return infeasible(c->lp, err);
    case GLP_ENODFS:
        return unbounded(c->lp, true, err);
    case GLP_ETMLIM:
    case GLP_ESTOP:
    case GLP_EFAIL: /* a failure deep in the search still leaves a valid incumbent */
        if (st == GLP_FEAS || st == GLP_OPT) {
            take_mip_solution(c->lp, P);
            return set_result(c->lp, c->gap_met ? CF_LP_OPTIMAL : CF_LP_FEASIBLE);
        }
        if (ret == GLP_EFAIL) return glpk_failed(c->lp, "glp_intopt", ret, err);
        return no_solution(c, err);
    default:
        return glpk_failed(c->lp, "glp_intopt", ret, err);
    }
}

static cf_status solve_glpk(solve_ctx *c, cf_err *err)
{
    glp_prob *P;
    cf_status rc;
    bool presolve = c->opts->presolve, root_ok = true;

    glp_term_out(c->opts->verbose ? GLP_ON : GLP_OFF);
    P = build(c);
    if (!c->integer) {
        rc = run_simplex(c, P, presolve, &root_ok, err);
    } else {
        /* glp_ios_heur_sol takes values of the original columns, which the
         * MIP presolver would renumber: a warm start runs without it. */
        if (c->use_start) presolve = false;
        rc = CF_OK;
        if (!presolve) rc = run_simplex(c, P, false, &root_ok, err);
        if (rc == CF_OK && root_ok) rc = run_intopt(c, P, presolve, err);
    }
    glp_delete_prob(P);
    return rc;
}

static void on_glpk_error(void *info)
{
    longjmp(((solve_ctx *)info)->on_error, 1);
}

static cf_status solve_guarded(solve_ctx *c, cf_err *err)
{
    cf_status rc;
    if (setjmp(c->on_error)) {
        /* After an error GLPK's environment is undefined; the documented way
         * out is to free it, with every object in it (only ours, see top). */
        glp_free_env();
        c->lp->has_x = c->lp->has_duals = false;
        c->lp->result = CF_LP_UNSOLVED;
        return cf_err_set(err, CF_ELP, "lp: glpk internal error (its message is on stdout)");
    }
    glp_error_hook(on_glpk_error, c);
    rc = solve_glpk(c, err);
    glp_error_hook(NULL, NULL);
    return rc;
}

/* No column: every row's activity is 0. */
static cf_status solve_empty(cf_lp *lp, cf_err *err)
{
    for (int r = 0; r < lp->n_rows; r++) {
        if (lp->row_lo[r] > 0.0 || lp->row_hi[r] < 0.0) return infeasible(lp, err);
        lp->row_act[r] = 0.0;
        lp->row_dual[r] = 0.0;
    }
    lp->objval = lp->obj_const;
    lp->has_x = lp->has_duals = true;
    return set_result(lp, CF_LP_OPTIMAL);
}

cf_status cf_lp_solve(cf_lp *lp, const cf_lp_opts *opts, cf_err *err)
{
    cf_lp_opts defaults;
    solve_ctx c;
    cf_status rc;
    size_t n = (size_t)lp->n_cols, m = (size_t)lp->n_rows, nz = (size_t)lp->row_beg[lp->n_rows];

    if (!opts) {
        cf_lp_opts_init(&defaults);
        opts = &defaults;
    }
    free_results(lp);
    if (isnan(opts->time_limit_s)) return cf_err_set(err, CF_EINVAL, "lp: time limit is nan");
    if (!(opts->mip_gap >= 0.0))
        return cf_err_set(err, CF_EINVAL, "lp: mip gap %g must be >= 0", opts->mip_gap);
    if (!(opts->abs_gap >= 0.0))
        return cf_err_set(err, CF_EINVAL, "lp: absolute gap %g must be >= 0", opts->abs_gap);
    if (opts->node_limit < 0)
        return cf_err_set(err, CF_EINVAL, "lp: node limit %ld must be >= 0", opts->node_limit);

    memset(&c, 0, sizeof c);
    c.lp = lp;
    c.opts = opts;
    c.integer = lp->n_int > 0 && !opts->relax;
    c.t_begin = cf_now_s();
    lp->x = cf_calloc(n, sizeof *lp->x);
    lp->col_dual = cf_calloc(n, sizeof *lp->col_dual);
    lp->row_act = cf_calloc(m, sizeof *lp->row_act);
    lp->row_dual = cf_calloc(m, sizeof *lp->row_dual);
    c.ia = cf_calloc(nz + 1, sizeof *c.ia);
    c.ja = cf_calloc(nz + 1, sizeof *c.ja);
    c.ar = cf_calloc(nz + 1, sizeof *c.ar);
    if (c.integer && opts->start) c.start1 = cf_calloc(n + 1, sizeof *c.start1);
    if (!lp->x || !lp->col_dual || !lp->row_act || !lp->row_dual || !c.ia || !c.ja || !c.ar ||
        (c.integer && opts->start && !c.start1)) {
        rc = cf_err_set(err, CF_ENOMEM, "lp: cannot allocate a solve of %zu rows, %zu columns", m,
                        n);
        goto done;
    }
    if (c.start1) c.use_start = take_start(&c);

    if (lp->n_cols == 0)
        rc = solve_empty(lp, err);
    else
        rc = solve_guarded(&c, err);
done:
    cf_free(c.ia);
    cf_free(c.ja);
    cf_free(c.ar);
    cf_free(c.start1);
    if (rc == CF_ENOMEM) free_results(lp);
    return rc;
}
