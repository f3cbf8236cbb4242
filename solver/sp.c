/*
 * Set-partitioning recombination (see sp.h for the model): gathers the
 * columns (the incumbent's routes first, then the pool in slot order),
 * builds the MIP through solver/lp_glpk.h, solves it warm-started from the
 * incumbent, and maps the chosen routes back to vehicles.  GLPK's answer is
 * only a proposal: the plan is rebuilt and costed in integers by
 * models/eval.h and accepted only if it beats the incumbent and passes the
 * independent checker.
 */
#include "solver/sp.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "models/alloc.h"
#include "models/check.h"
#include "models/clock.h"
#include "models/eval.h"

#define DEFAULT_MAND_WEIGHT ((cf_cost)1000000000) /* 1000 currency units */

typedef struct col {
    int id;   /* index in sp.all */
    int slot; /* pool slot, or -1: an incumbent route kept outside the pool */
    int inc;  /* the incumbent's vehicle when this is one of its routes, else -1 */
    int cls, depot, n;
    const int *orders; /* into the pool or into sp.inc_orders */
    int32_t t0;
    cf_cost cost;
    cf_amount load[CF_DIMS];
} col;

/* One recombination's scratch. */
typedef struct sp {
    const cf_problem *p;
    cf_pool *pool;
    const cf_solution *inc;
    int *inc_orders;   /* [n_orders] the incumbent's routes, back to back */
    int *inc_beg;      /* [n_vehicles + 1] */
    cf_cost *inc_cost; /* [n_vehicles] at the incumbent's departure */
    int *inc_of;       /* [n_orders] incumbent vehicle of the order, -1: unrouted */
    col *all;          /* [n_vehicles + pool capacity] every column, incumbent first */
    int n_all;
    col *cols; /* [n_all] the columns of the current model: a subset of all */
    int n_cols;
    double *xall;        /* [n_all] best selection so far (the start, at first) */
    double *rcost;       /* [n_all] reduced costs at the root */
    int *rank;           /* [n_all] candidate columns, best reduced cost first */
    unsigned char *in;   /* [n_all] column in the current model */
    unsigned char *used; /* [pool capacity] slot already a column */
    int *ord_beg;        /* [n_orders + 1] CSR: columns serving each order */
    int *ord_col;        /* [nnz] */
    int *mark;           /* [max(n_orders, n_vehicles)] */
    int *idx;            /* [n_cols] row scratch */
    double *val;         /* [n_cols] */
    double *start;       /* [n_cols] */
    double *obj;         /* [n_cols] objective coefficients, currency units */
    double obj_const;    /* the objective's constant */
    cf_solution cand;
    cf_lp *lp;
} sp;

void cf_sp_opts_init(cf_sp_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->max_cols = CF_SP_MAX_COLS;
}

static bool route_ok(const cf_route_eval *r)
{
    for (int k = 0; k < CF_DIMS; k++)
        if (r->cap_over[k] > 0) return false;
    return r->n_not_carriable == 0 && r->dist_over == 0 && r->n_late == 0 &&
           r->return_late_s == 0 && r->duration_over_s == 0 && r->early_s == 0 && !r->t0_not_minute;
}

static bool optional(const cf_problem *p, int o)
{
    return p->order_penalty[o] >= 0;
}

cf_status cf_sp_objective(const cf_problem *p, const cf_solution *s, cf_cost *cost, int *mand_out,
                          cf_err *err)
{
    size_t no = (size_t)(p->n_orders > 0 ? p->n_orders : 1);
    int *buf, mand = 0;
    unsigned char *routed;
    cf_status rc = CF_OK;
    cf_cost total = 0;

    if (s->n_vehicles != p->n_vehicles || s->n_orders != p->n_orders)
        return cf_err_set(err, CF_EINVAL,
                          "sp: solution of %d vehicles and %d orders, problem "
                          "of %d and %d",
                          s->n_vehicles, s->n_orders, p->n_vehicles, p->n_orders);
    buf = cf_malloc(no * sizeof *buf);
    routed = cf_calloc(no, sizeof *routed);
    if (!buf || !routed) {
        rc = cf_err_set(err, CF_ENOMEM, "sp: cannot allocate the objective's buffers");
        goto done;
    }
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval ev;
        int n = cf_eval_route_orders(s, v, buf, p->n_orders);
        if (n < 0) {
            rc = cf_err_set(err, CF_EINVAL, "sp: vehicle '%s': malformed route list", p->veh_id[v]);
            goto done;
        }
        if (n == 0) continue;
        cf_eval_route(p, v, buf, n, s->depart_s[v], &ev, NULL);
        total += ev.cost;
        for (int i = 0; i < n; i++)
            routed[buf[i]] = 1;
    }
    for (int o = 0; o < p->n_orders; o++) {
        if (routed[o]) continue;
        if (optional(p, o))
            total += p->order_penalty[o];
        else
            mand++;
    }
    *cost = total;
    if (mand_out) *mand_out = mand;
done:
    cf_free(buf);
    cf_free(routed);
    return rc;
}

/* Copies the incumbent's routes, checks each one and costs it. */
static cf_status load_incumbent(sp *w, cf_err *err)
{
    const cf_problem *p = w->p;
    int pos = 0;

    for (int o = 0; o < p->n_orders; o++)
        w->inc_of[o] = -1;
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval ev;
        int n;
        w->inc_beg[v] = pos;
        n = cf_eval_route_orders(w->inc, v, w->inc_orders + pos, p->n_orders - pos);
        if (n < 0)
            return cf_err_set(err, CF_EINVAL, "sp: incumbent vehicle '%s': malformed route list",
                              p->veh_id[v]);
        for (int i = pos; i < pos + n; i++) {
            if (w->inc_of[w->inc_orders[i]] >= 0)
                return cf_err_set(err, CF_EINVAL, "sp: incumbent order '%s' on two routes",
                                  p->order_id[w->inc_orders[i]]);
            w->inc_of[w->inc_orders[i]] = v;
        }
        w->inc_cost[v] = 0;
        if (n == 0) continue;
        cf_eval_route(p, v, w->inc_orders + pos, n, w->inc->depart_s[v], &ev, NULL);
        if (!route_ok(&ev))
            return cf_err_set(err, CF_EINVAL, "sp: incumbent vehicle '%s': infeasible route",
                              p->veh_id[v]);
        w->inc_cost[v] = ev.cost;
        pos += n;
    }
    w->inc_beg[p->n_vehicles] = pos;
    return CF_OK;
}

static void col_from_pool(sp *w, col *c, int slot, int inc)
{
    cf_pool_route r;
    CF_ASSERT(cf_pool_route_at(w->pool, (size_t)slot, &r));
    c->slot = slot;
    c->inc = inc;
    c->cls = r.cls;
    c->depot = w->p->veh_depot[r.vehicle];
    c->n = r.n;
    c->orders = r.orders;
    c->t0 = r.depart_s;
    c->cost = r.cost;
    memcpy(c->load, r.load, sizeof c->load);
    w->used[slot] = 1;
}

/* The incumbent's routes into the pool, then the columns: incumbent first. */
static cf_status gather_columns(sp *w, cf_err *err)
{
    const cf_problem *p = w->p;
    size_t cap = cf_pool_capacity(w->pool);

    for (int v = 0; v < p->n_vehicles; v++) {
        int n = w->inc_beg[v + 1] - w->inc_beg[v];
        cf_status rc;
        cf_err e2;
        if (n == 0) continue;
        rc = cf_pool_add(w->pool, v, w->inc_orders + w->inc_beg[v], n, &e2);
        if (rc == CF_ENOMEM) {
            if (err) *err = e2;
            return rc;
        }
        /* CF_EINFEAS would mean the pool's departure rule missed a feasible
         * departure: the route then stays a column of its own below. */
    }
    w->n_all = 0;
    for (int v = 0; v < p->n_vehicles; v++) {
        const int *ord = w->inc_orders + w->inc_beg[v];
        int n = w->inc_beg[v + 1] - w->inc_beg[v];
        int slot = n > 0 ? cf_pool_find(w->pool, v, ord, n) : -1;
        col *c = &w->all[w->n_all];
        cf_pool_route r;
        if (n == 0) continue;
        if (slot >= 0 && cf_pool_route_at(w->pool, (size_t)slot, &r) && r.cost <= w->inc_cost[v]) {
            col_from_pool(w, c, slot, v);
        } else {
            cf_route_eval ev;
            cf_eval_route(p, v, ord, n, w->inc->depart_s[v], &ev, NULL);
            *c = (col){.slot = -1,
                       .inc = v,
                       .cls = cf_pool_class_of(w->pool, v),
                       .depot = p->veh_depot[v],
                       .n = n,
                       .orders = ord,
                       .t0 = w->inc->depart_s[v],
                       .cost = ev.cost};
            memcpy(c->load, ev.load, sizeof c->load);
            if (slot >= 0) w->used[slot] = 1; /* a costlier copy: leave it out */
        }
        c->id = w->n_all++;
    }
    for (size_t s = 0; s < cap; s++) {
        cf_pool_route r;
        if (w->used[s] || !cf_pool_route_at(w->pool, s, &r)) continue;
        col_from_pool(w, &w->all[w->n_all], (int)s, -1);
        w->all[w->n_all].id = w->n_all;
        w->n_all++;
    }
    memcpy(w->cols, w->all, (size_t)w->n_all * sizeof *w->cols);
    w->n_cols = w->n_all;
    return CF_OK;
}

/* Order -> columns, in CSR form. */
static cf_status index_orders(sp *w, cf_err *err)
{
    const cf_problem *p = w->p;
    size_t nnz = 0;
    int *fill = w->mark;

    memset(w->ord_beg, 0, ((size_t)p->n_orders + 1) * sizeof *w->ord_beg);
    for (int j = 0; j < w->n_cols; j++) {
        nnz += (size_t)w->cols[j].n;
        for (int i = 0; i < w->cols[j].n; i++)
            w->ord_beg[w->cols[j].orders[i] + 1]++;
    }
    if (nnz >= (size_t)INT32_MAX)
        return cf_err_set(err, CF_EINVAL, "sp: %zu coefficients are too many", nnz);
    for (int o = 0; o < p->n_orders; o++)
        w->ord_beg[o + 1] += w->ord_beg[o];
    cf_free(w->ord_col);
    w->ord_col = cf_malloc((nnz > 0 ? nnz : 1) * sizeof *w->ord_col);
    if (!w->ord_col) return cf_err_set(err, CF_ENOMEM, "sp: cannot allocate %zu entries", nnz);
    for (int o = 0; o < p->n_orders; o++)
        fill[o] = w->ord_beg[o];
    for (int j = 0; j < w->n_cols; j++)
        for (int i = 0; i < w->cols[j].n; i++)
            w->ord_col[fill[w->cols[j].orders[i]]++] = j;
    return CF_OK;
}

/* W of sp.h, over every column, so that each round has the same objective. */
static cf_cost mand_weight(const sp *w, const cf_sp_opts *opts)
{
    cf_cost wgt = DEFAULT_MAND_WEIGHT;
    if (opts->mand_weight > 0) return opts->mand_weight;
    for (int j = 0; j < w->n_all; j++)
        if (w->all[j].cost > wgt / 4) wgt = 4 * w->all[j].cost;
    return wgt;
}

static cf_status build_mip(sp *w, const cf_sp_opts *opts, cf_sp_info *info, cf_err *err)
{
    const cf_problem *p = w->p;
    cf_cost wgt = mand_weight(w, opts); /* O(n_all) per round: nothing next to GLPK */
    int nc = cf_pool_n_classes(w->pool);
    cf_status rc;

    cf_lp_free(w->lp);
    w->lp = NULL;
    if ((rc = cf_lp_create(CF_LP_MIN, &w->lp, err)) != CF_OK) return rc;
    for (int j = 0; j < w->n_cols; j++) {
        const col *c = &w->cols[j];
        cf_cost obj = c->cost;
        for (int i = 0; i < c->n; i++) {
            int o = c->orders[i];
            if (optional(p, o))
                obj -= p->order_penalty[o];
            else if (w->inc_of[o] < 0)
                obj -= wgt;
        }
        w->obj[j] = (double)obj / CF_COST_SCALE;
        if ((rc = cf_lp_add_col(w->lp, 0, 1, w->obj[j], CF_LP_BINARY, NULL, err)) != CF_OK)
            return rc;
        w->start[j] = c->inc >= 0 ? 1.0 : 0.0;
        w->val[j] = 1.0;
    }
    {
        /* Penalties of all optional orders, so that the objective is the
         * plan's (minus W per newly served mandatory order). */
        cf_cost pen = 0;
        for (int o = 0; o < p->n_orders; o++)
            if (optional(p, o)) pen += p->order_penalty[o];
        w->obj_const = (double)pen / CF_COST_SCALE;
        if ((rc = cf_lp_set_obj_const(w->lp, w->obj_const, err)) != CF_OK) return rc;
    }
    /* (a), (b): each order at most once, exactly once when it must be */
    for (int o = 0; o < p->n_orders; o++) {
        int beg = w->ord_beg[o], cnt = w->ord_beg[o + 1] - beg;
        double lo = !optional(p, o) && w->inc_of[o] >= 0 ? 1.0 : -CF_LP_INF;
        if (cnt == 0) continue;
        if ((rc = cf_lp_add_row(w->lp, lo, 1.0, cnt, w->ord_col + beg, w->val, NULL, err)) != CF_OK)
            return rc;
    }
    /* (c): vehicles per class, where the columns could exceed them */
    for (int c = 0; c < nc; c++) {
        int size, k = 0;
        (void)cf_pool_class_vehicles(w->pool, c, &size);
        for (int j = 0; j < w->n_cols; j++)
            if (w->cols[j].cls == c) w->idx[k++] = j;
        if (k <= size) continue;
        if ((rc = cf_lp_add_row(w->lp, -CF_LP_INF, size, k, w->idx, w->val, NULL, err)) != CF_OK)
            return rc;
    }
    /* (d): rule 9, where the orders the DC's columns serve could exceed it */
    for (int d = 0; d < p->n_depots; d++) {
        for (int dim = 0; dim < CF_DIMS; dim++) {
            cf_amount cap = p->depot_cap[(size_t)d * CF_DIMS + (size_t)dim], most = 0;
            int k = 0;
            if (cap >= CF_AMOUNT_INF) continue;
            for (int o = 0; o < p->n_orders; o++)
                w->mark[o] = 0;
            for (int j = 0; j < w->n_cols; j++) {
                const col *c = &w->cols[j];
                if (c->depot != d) continue;
                for (int i = 0; i < c->n; i++)
                    if (!w->mark[c->orders[i]]) {
                        w->mark[c->orders[i]] = 1;
                        most += p->order_demand[(size_t)c->orders[i] * CF_DIMS + (size_t)dim];
                    }
                if (c->load[dim] > 0) {
                    w->idx[k] = j;
                    w->val[k] = (double)c->load[dim];
                    k++;
                }
            }
            if (most > cap)
                rc = cf_lp_add_row(w->lp, -CF_LP_INF, (double)cap, k, w->idx, w->val, NULL, err);
            for (int j = 0; j < k; j++)
                w->val[j] = 1.0;
            if (rc != CF_OK) return rc;
        }
    }
    for (int j = 0; j < w->n_cols; j++)
        w->val[j] = 1.0;
    info->n_cols = cf_lp_n_cols(w->lp);
    info->n_rows = cf_lp_n_rows(w->lp);
    info->n_nz = w->ord_beg[p->n_orders];
    return CF_OK;
}

/* GLPK's choice as a plan in w->cand.  False: the choice does not map to
 * one (only a numerical accident inside GLPK could do that). */
static bool map_back(sp *w, const double *x, int *routes_new)
{
    const cf_problem *p = w->p;
    int *vused = w->mark;

    cf_solution_clear(&w->cand);
    *routes_new = 0;
    for (int v = 0; v < p->n_vehicles; v++)
        vused[v] = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < w->n_cols; j++) {
            const col *c = &w->cols[j];
            int v = -1;
            if (x[j] < 0.5 || (pass == 0) != (c->inc >= 0)) continue;
            if (c->inc >= 0) {
                v = c->inc;
            } else {
                int size;
                const int *veh = cf_pool_class_vehicles(w->pool, c->cls, &size);
                for (int i = 0; i < size && v < 0; i++)
                    if (!vused[veh[i]]) v = veh[i];
                if (v < 0) return false;
                (*routes_new)++;
            }
            if (vused[v]) return false;
            vused[v] = 1;
            for (int i = 0; i < c->n; i++)
                if (w->cand.vehicle[c->orders[i]] >= 0) return false;
            cf_solution_set_route(&w->cand, v, c->orders, c->n, c->t0);
        }
    }
    for (int o = 0; o < p->n_orders; o++) {
        if (w->cand.vehicle[o] >= 0) continue;
        if (w->inc_of[o] < 0)
            w->cand.reason[o] = w->inc->reason[o];
        else
            w->cand.reason[o] = CF_REASON_NOT_PLACED_IN_TIME; /* the solver's finish() tells why */
    }
    return true;
}

/* Least reduced cost first, ties to the lower index: a total order, so the
 * rounds below do not depend on the sort's stability. */
static int rank_cmp(const sp *w, int a, int b)
{
    if (w->rcost[a] != w->rcost[b]) return w->rcost[a] < w->rcost[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/* Heap sort by rank_cmp (qsort has no context argument). */
static void sift(const sp *w, int *a, int i, int n)
{
    for (;;) {
        int l = 2 * i + 1, m = i;
        if (l < n && rank_cmp(w, a[l], a[m]) > 0) m = l;
        if (l + 1 < n && rank_cmp(w, a[l + 1], a[m]) > 0) m = l + 1;
        if (m == i) return;
        int t = a[i];
        a[i] = a[m];
        a[m] = t;
        i = m;
    }
}

static void rank_sort(const sp *w, int *a, int n)
{
    for (int i = n / 2 - 1; i >= 0; i--)
        sift(w, a, i, n);
    for (int k = n - 1; k > 0; k--) {
        int t = a[0];
        a[0] = a[k];
        a[k] = t;
        sift(w, a, 0, k);
    }
}

/* The model over the incumbent's columns and the first k ranked ones (in
 * column order), with the best selection so far as its start. */
static cf_status build_subset(sp *w, const cf_sp_opts *opts, int k, cf_sp_info *info, cf_err *err)
{
    cf_status rc;
    unsigned char *in = w->in;
    for (int j = 0; j < w->n_all; j++)
        in[j] = w->all[j].inc >= 0;
    for (int i = 0; i < k; i++)
        in[w->rank[i]] = 1;
    w->n_cols = 0;
    for (int j = 0; j < w->n_all; j++)
        if (in[j]) w->cols[w->n_cols++] = w->all[j];
    if ((rc = index_orders(w, err)) != CF_OK) return rc;
    if ((rc = build_mip(w, opts, info, err)) != CF_OK) return rc;
    for (int j = 0; j < w->n_cols; j++)
        w->start[j] = w->xall[w->cols[j].id];
    return CF_OK;
}

/* Solves the set partitioning; w->xall gets the best selection found (the
 * incumbent's columns when nothing better).  On entry the model holds every
 * column, incumbent first (w->cols == w->all).
 *
 * Root: the LP relaxation gives LB and reduced costs d_j; with UB the
 * start's value, a column with d_j > UB - LB is in no better solution
 * (reduced-cost fixing; Nemhauser and Wolsey 1988, II.2.2) and is dropped;
 * UB - LB below one micro-unit proves the start optimal over the pool.
 *
 * Rounds: GLPK's branch and bound is slow on large set-partitioning models,
 * so the first MIP holds the incumbent's columns and the opts->max_cols
 * candidates of least reduced cost, the columns most likely to improve on
 * it (the reduced-cost restriction of column generation heuristics).  When
 * GLPK proves that restricted model optimal, the next round takes four
 * times as many candidates, starting from the best selection so far, until
 * every candidate is in or the limits end it.  Without an optimal LP
 * (time, numerical trouble) one round holds every column. */
static cf_status solve_rounds(sp *w, const cf_sp_opts *opts, cf_sp_info *info, cf_err *err)
{
    cf_lp_opts lo;
    cf_status rc;
    double t_begin = cf_now_s(), lb, ub, gap, tol;
    int n_cand = 0, n_inc = 0, k;
    bool ranked = false, full_model = true;

    for (int j = 0; j < w->n_all; j++) {
        w->xall[j] = w->all[j].inc >= 0 ? 1.0 : 0.0;
        n_inc += w->all[j].inc >= 0;
    }
    cf_lp_opts_init(&lo);
    lo.relax = true;
    lo.time_limit_s = opts->time_limit_s;
    rc = cf_lp_solve(w->lp, &lo, err);
    info->relax_seconds = cf_now_s() - t_begin;
    if (rc == CF_ENOMEM) return rc;
    if (rc == CF_OK && cf_lp_get_result(w->lp) == CF_LP_OPTIMAL) {
        lb = cf_lp_obj(w->lp);
        ub = w->obj_const;
        for (int j = 0; j < w->n_all; j++)
            ub += w->xall[j] * w->obj[j];
        info->lp_bound = lb;
        gap = ub - lb;
        tol = 1e-9 * fmax(1.0, fabs(ub));
        if (gap < 0.5 / CF_COST_SCALE + tol) {
            info->lp_result = CF_LP_OPTIMAL;
            return CF_OK;
        }
        for (int j = 0; j < w->n_all; j++) {
            w->rcost[j] = cf_lp_reduced_cost(w->lp, j);
            if (w->all[j].inc < 0 && w->rcost[j] <= gap + tol) w->rank[n_cand++] = j;
        }
        rank_sort(w, w->rank, n_cand);
        ranked = true;
    } else {
        for (int j = 0; j < w->n_all; j++)
            if (w->all[j].inc < 0) w->rank[n_cand++] = j;
    }
    info->n_cols_fixed = n_cand;

    k = ranked && opts->max_cols > 0 && opts->max_cols < n_cand ? opts->max_cols : n_cand;
    for (;;) {
        double left = opts->time_limit_s - (cf_now_s() - t_begin);
        const double *x;
        if ((opts->time_limit_s > 0 && left <= 0.0) || (opts->stop && *opts->stop)) break;
        /* The relaxation's model, when it is the one to solve, keeps its basis. */
        if (!full_model || n_inc + k != w->n_all) {
            if ((rc = build_subset(w, opts, k, info, err)) != CF_OK) return rc;
            full_model = false;
        }
        cf_lp_opts_init(&lo);
        lo.time_limit_s = opts->time_limit_s > 0 ? left : 0.0;
        lo.node_limit = opts->node_limit;
        lo.cuts = opts->cuts;
        lo.start = w->start;
        lo.stop = opts->stop;
        rc = cf_lp_solve(w->lp, &lo, err);
        info->lp_result = cf_lp_get_result(w->lp);
        info->n_cols = w->n_cols;
        info->rounds++;
        if (rc == CF_ETIME || rc == CF_EINFEAS) return CF_OK; /* GLPK refused the start */
        if (rc != CF_OK) return rc;
        x = cf_lp_xs(w->lp);
        for (int j = 0; j < w->n_all; j++)
            w->xall[j] = 0.0;
        for (int j = 0; j < w->n_cols; j++)
            if (x[j] > 0.5) w->xall[w->cols[j].id] = 1.0;
        if (info->lp_result != CF_LP_OPTIMAL || k == n_cand) break;
        k = k > n_cand / 4 ? n_cand : 4 * k;
    }
    return CF_OK;
}

static void release(sp *w)
{
    cf_free(w->inc_orders);
    cf_free(w->inc_beg);
    cf_free(w->inc_cost);
    cf_free(w->inc_of);
    cf_free(w->all);
    cf_free(w->cols);
    cf_free(w->xall);
    cf_free(w->rcost);
    cf_free(w->rank);
    cf_free(w->in);
    cf_free(w->used);
    cf_free(w->ord_beg);
    cf_free(w->ord_col);
    cf_free(w->mark);
    cf_free(w->idx);
    cf_free(w->val);
    cf_free(w->start);
    cf_free(w->obj);
    cf_solution_release(&w->cand);
    cf_lp_free(w->lp);
}

cf_status cf_sp_recombine(cf_pool *pool, const cf_solution *incumbent, const cf_sp_opts *opts,
                          cf_solution *out, cf_cost *out_cost, cf_sp_info *info, cf_err *err)
{
    const cf_problem *p = cf_pool_problem(pool);
    size_t no = (size_t)(p->n_orders > 0 ? p->n_orders : 1), nv = (size_t)p->n_vehicles;
    size_t ncap = nv + cf_pool_capacity(pool) + 1, nmark = no > nv ? no : nv;
    cf_sp_opts defaults;
    cf_sp_info dummy;
    cf_status rc;
    const double *x;
    bool better = false;
    sp w;

    if (!opts) {
        cf_sp_opts_init(&defaults);
        opts = &defaults;
    }
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    info->lp_result = CF_LP_UNSOLVED;
    if (incumbent->n_vehicles != p->n_vehicles || incumbent->n_orders != p->n_orders ||
        out->n_vehicles != p->n_vehicles || out->n_orders != p->n_orders)
        return cf_err_set(err, CF_EINVAL, "sp: solutions not sized for problem '%s'", p->name);
    if (isnan(opts->time_limit_s)) return cf_err_set(err, CF_EINVAL, "sp: time limit is nan");
    if (opts->node_limit < 0)
        return cf_err_set(err, CF_EINVAL, "sp: node limit %ld must be >= 0", opts->node_limit);
    if (opts->max_cols < 0)
        return cf_err_set(err, CF_EINVAL, "sp: max_cols %d must be >= 0", opts->max_cols);

    memset(&w, 0, sizeof w);
    w.p = p;
    w.pool = pool;
    w.inc = incumbent;
    w.inc_orders = cf_malloc(no * sizeof *w.inc_orders);
    w.inc_beg = cf_calloc(nv + 1, sizeof *w.inc_beg);
    w.inc_cost = cf_calloc(nv + 1, sizeof *w.inc_cost);
    w.inc_of = cf_malloc(no * sizeof *w.inc_of);
    w.all = cf_calloc(ncap, sizeof *w.all);
    w.cols = cf_calloc(ncap, sizeof *w.cols);
    w.xall = cf_calloc(ncap, sizeof *w.xall);
    w.rcost = cf_calloc(ncap, sizeof *w.rcost);
    w.rank = cf_calloc(ncap, sizeof *w.rank);
    w.in = cf_calloc(ncap, sizeof *w.in);
    w.used = cf_calloc(cf_pool_capacity(pool), sizeof *w.used);
    w.ord_beg = cf_calloc(no + 1, sizeof *w.ord_beg);
    w.mark = cf_calloc(nmark, sizeof *w.mark);
    w.idx = cf_malloc(ncap * sizeof *w.idx);
    w.val = cf_malloc(ncap * sizeof *w.val);
    w.start = cf_malloc(ncap * sizeof *w.start);
    w.obj = cf_malloc(ncap * sizeof *w.obj);
    if (!w.inc_orders || !w.inc_beg || !w.inc_cost || !w.inc_of || !w.all || !w.cols || !w.xall ||
        !w.rcost || !w.rank || !w.in || !w.used || !w.ord_beg || !w.mark || !w.idx || !w.val ||
        !w.start || !w.obj) {
        rc = cf_err_set(err, CF_ENOMEM, "sp: cannot allocate a recombination of %zu routes", ncap);
        goto done;
    }
    if ((rc = cf_solution_init(&w.cand, p, err)) != CF_OK) goto done;
    if ((rc = load_incumbent(&w, err)) != CF_OK) goto done;
    if ((rc = cf_sp_objective(p, incumbent, &info->cost_before, &info->mand_out_before, err)) !=
        CF_OK)
        goto done;
    info->cost_after = info->cost_before;
    info->mand_out_after = info->mand_out_before;
    if ((rc = gather_columns(&w, err)) != CF_OK) goto done;
    if (w.n_all == 0) goto done; /* nothing routed, nothing pooled */
    if ((rc = index_orders(&w, err)) != CF_OK) goto done;
    if ((rc = build_mip(&w, opts, info, err)) != CF_OK) goto done;

    info->n_cols_pool = w.n_all;
    {
        double t0 = cf_now_s();
        rc = solve_rounds(&w, opts, info, err);
        info->lp_seconds = cf_now_s() - t0;
    }
    if (rc != CF_OK) goto done;
    /* Back to every column, with the selection over them. */
    memcpy(w.cols, w.all, (size_t)w.n_all * sizeof *w.cols);
    w.n_cols = w.n_all;
    x = w.xall;
    {
        cf_cost cost;
        int mand, routes_new;
        if (!map_back(&w, x, &routes_new)) {
            rc = cf_err_set(err, CF_ELP, "sp: the mip's solution is not a partition");
            goto done;
        }
        if ((rc = cf_sp_objective(p, &w.cand, &cost, &mand, err)) != CF_OK) goto done;
        better = mand < info->mand_out_before ||
                 (mand == info->mand_out_before && cost < info->cost_before);
        if (!better) goto done;
        rc = cf_solution_check(p, &w.cand, err);
        if (rc != CF_OK) {
            if (rc == CF_EINFEAS) cf_err_prefix(err, "sp: the recombined plan fails the check");
            better = false;
            goto done;
        }
        info->cost_after = cost;
        info->mand_out_after = mand;
        info->routes_new = routes_new;
        for (int j = 0; j < w.n_cols; j++)
            if (x[j] > 0.5 && w.cols[j].slot >= 0) cf_pool_touch(pool, w.cols[j].slot);
    }
done:
    info->improved = better;
    cf_solution_copy(out, better ? &w.cand : incumbent); /* sizes checked above */
    if (rc == CF_OK && out_cost) *out_cost = info->cost_after;
    release(&w);
    return rc;
}

cf_status cf_pool_recombine(cf_pool *pool, const cf_solution *incumbent, double time_limit_s,
                            long node_limit, const volatile sig_atomic_t *stop, cf_solution *out,
                            cf_cost *out_cost, cf_err *err)
{
    cf_sp_opts opts;
    cf_sp_opts_init(&opts);
    opts.time_limit_s = time_limit_s;
    opts.node_limit = node_limit;
    opts.stop = stop;
    return cf_sp_recombine(pool, incumbent, &opts, out, out_cost, NULL, err);
}
