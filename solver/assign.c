/*
 * Pipeline step 3 (see assign.h): screening of orders no vehicle can serve,
 * then the assignment of the others to DCs by a GLPK MIP.
 *
 * Screening.  Vehicles are grouped into classes of identical attributes
 * (home DC, owner, capacities, skills, shift, speed, max duration and
 * distance), so a row of vehicles.csv with count 200 is checked once.  For
 * each order, each class is pushed through a chain of filters, each stricter
 * than the last (the chain of models/check.h, extended): DC serves the
 * courier (and is the fixed DC) -> skills -> cf_problem_can_carry (sharing)
 * -> capacity -> time (the order alone, leaving at the earliest whole minute
 * that respects max duration) -> max distance.  The reason is the link at
 * which the furthest class stopped, so it names the first blocking rule.
 * A class that passes makes (order, its DC) feasible when the order also
 * fits the DC's capacity.
 *
 * Assignment.  Binary x[i][d] for each item i (an order, or a cluster of
 * orders for large n) and DC d feasible for it:
 *   min  sum est'[i][d] x[i][d] + sum_{i optional} U_i (1 - sum_d x[i][d])
 *        + sum_{i mandatory} M |i| s_i
 *   s.t. sum_d x[i][d] + s_i = 1  (i mandatory),  sum_d x[i][d] <= 1  (optional)
 *        sum_i dem[i][k] / cap[d][k] x[i][d] <= 1  (DC d, dimension k, finite
 *        capacity that the items able to use d could exceed)
 * est' is the estimate below divided by its largest value E.  An optional
 * order is worth U_o = 2 + min(penalty / E, 8) > any est', so it is placed
 * whenever there is room, the higher penalties first when there is not (the
 * estimate is too rough to decide penalty_below_cost here: the search does).
 * M exceeds the whole rest of the objective, so a mandatory order is never
 * left out while an optional one holds its room: priority is strict.
 *
 * Estimate of the routing cost of serving order o from DC d.  Daganzo's
 * approximation of the length of capacitated tours (C. F. Daganzo, "The
 * distance traveled to visit N points with a maximum of C stops per vehicle:
 * an analytic model and an application", Transportation Science 18(4),
 * 1984, 331-350) splits it into a line-haul part, 2 r / C per point (r: the
 * distance to the depot, C: stops per tour), and a local part between
 * consecutive stops that grows with the spacing of the points served
 * together.  Per order:
 *   est(o, d) = rate(o, d) * (2 r_d(o) / q + min(r_d(o), a_d(o)))
 * with r_d(o) the mean of dist(d, o) and dist(o, d); q the expected stops per
 * route (mean vehicle capacity over mean demand, within [1, 30]); a_d(o) the
 * distance to the nearest of o's 8 nearest orders whose own cheapest DC is d
 * (the detour of inserting o next to it; when none, o needs a trip of its
 * own and r_d(o) stands in; "cheapest" starts radial and is settled by three
 * sweeps of this same estimate, see estimate()); rate(o, d) the lowest cost
 * per distance unit,
 * time included at the vehicle's speed, of the classes of d that can serve
 * o.  So an order deep inside d's territory is expensive to move to d', and
 * one on the border, whose neighbours d' already serves, is cheap: when a DC
 * is full, the border moves, which pure radial cost (2 r) cannot express.
 * Vehicle fixed costs are left out: they are about how many routes, not
 * where.
 *
 * Clusters.  Above 1500 orders, orders with the same feasible DC set and
 * the same mandatory flag are grouped by a quadtree over a Morton (Z-order)
 * sort of their coordinates: a cell is split while it holds more than
 * n / 1000 + 1 orders or more than 1/32 of the smallest finite capacity
 * among its DCs, so the MIP has one to two thousand items whatever n (1430
 * for 3000 orders in the tests).
 * The feasible DC set already encodes every courier rule (allowed DCs, the
 * fixed DC, sharing, skills), so couriers need no key of their own.
 * Deterministic: no randomness, ties by index.
 *
 * When no capacity row can bind, each item simply takes its cheapest DC and
 * GLPK is not called.  Otherwise, two starts: a greedy one (items by
 * priority, each to its cheapest DC with room) and the LP relaxation rounded
 * (items the LP keeps whole stay, the few it splits go by priority to their
 * largest share with room; mandatory items first).  The better one is
 * GLPK's warm start, so the time limit always leaves at least it.  Branch
 * and cut then polishes it under a work limit (subproblems x columns, the
 * same on every machine, hence the same answer) and a gap; in our tests the
 * rounding is already within 1% of the LP bound, which is well inside the
 * error of the estimate.  The answer is checked in exact integers (GLPK's
 * tolerance could overfill a DC by a few grams) and repaired, and a last
 * pass places left-over orders one by one, letting a mandatory order evict
 * optional ones if it must.  Only a time limit that ends branch and cut can
 * make two runs differ.
 */
#include "solver/assign.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/alloc.h"
#include "models/clock.h"
#include "models/solution.h"
#include "solver/lp_glpk.h"
#include "solver/travel.h"

#define CLUSTER_MIN_ORDERS 1500 /* above this, the MIP assigns clusters */
#define CLUSTER_TARGET 1000     /* orders per cluster at most max(2, n / this) */
#define CLUSTER_CAP_SHARE 32    /* a cluster holds at most 1/32 of a DC's capacity */
#define NEIGHBOURS 8
#define HOME_SWEEPS 3
#define MAX_STOPS 30.0
#define PENALTY_CAP 8.0   /* optional value: 2 + min(penalty / E, this) */
#define MIP_GAP 1e-4      /* relative */
#define MIP_ABS_GAP 0.002 /* of the least possible estimate; at most 0.5 < 1 (M's unit) */
#define MIP_WORK 200000.0 /* subproblems x columns of branch and cut */
#define RATE_FLOOR 1e-3   /* micro-currency per distance unit: distance still counts */

/* ---- vehicle classes -------------------------------------------------- */

/* A class: vehicles that can do the same (costs differ: the class keeps the
 * lowest rate). */
#define SAME_CLASS CF_VEH_CAN

typedef struct vclass {
    int rep, depot; /* rep: the class's lowest vehicle index */
    double rate;    /* lowest cost per distance unit of its vehicles, time included */
} vclass;

typedef struct fleet {
    vclass *cls; /* [n], sorted by depot; NULL: out of memory, every vehicle is its own class */
    int n;
} fleet;

static double vehicle_rate(const cf_problem *p, int v)
{
    return (double)p->veh_cost_per_dist[v] +
           (double)p->veh_cost_per_hour[v] * p->veh_s_per_dist[v] / 3600.0;
}

static void fleet_build(const cf_problem *p, fleet *f)
{
    int nv = p->n_vehicles;
    int *keys = cf_calloc((size_t)nv + 1, sizeof *keys), *tmp = cf_calloc((size_t)nv + 1, sizeof *tmp);

    f->cls = cf_calloc((size_t)nv, sizeof *f->cls);
    f->n = 0;
    if (!keys || !tmp || !f->cls) {
        cf_free(f->cls);
        f->cls = NULL;
        f->n = nv;
        cf_free(keys);
        cf_free(tmp);
        return;
    }
    for (int v = 0; v < nv; v++)
        keys[v] = v;
    cf_vehicle_sort(p, SAME_CLASS, keys, tmp, nv);
    for (int i = 0; i < nv; i++) {
        double r = vehicle_rate(p, keys[i]);
        if (i > 0 && cf_vehicle_cmp(p, keys[i - 1], keys[i], SAME_CLASS) == 0) {
            vclass *c = &f->cls[f->n - 1];
            if (r < c->rate) c->rate = r;
            continue;
        }
        f->cls[f->n++] = (vclass){keys[i], p->veh_depot[keys[i]], r};
    }
    cf_free(keys);
    cf_free(tmp);
}

static vclass fleet_class(const cf_problem *p, const fleet *f, int i)
{
    if (f->cls) return f->cls[i];
    return (vclass){i, p->veh_depot[i], vehicle_rate(p, i)};
}

/* ---- screening -------------------------------------------------------- */

enum { ST_DEPOT, ST_SKILLS, ST_SHARING, ST_CAPACITY, ST_TIME, ST_DISTANCE, ST_OK };

static const uint8_t stage_reason[ST_OK] = {
    CF_REASON_NO_ALLOWED_DEPOT,      CF_REASON_NO_VEHICLE_WITH_SKILLS,  CF_REASON_SHARING_RULES,
    CF_REASON_OVER_VEHICLE_CAPACITY, CF_REASON_TIME_WINDOW_UNREACHABLE, CF_REASON_MAX_DISTANCE,
};

static bool depot_serves(const cf_problem *p, int d, int o)
{
    return ((p->depot_couriers[d] >> p->order_courier[o]) & 1u) &&
           (p->order_depot[o] < 0 || p->order_depot[o] == d);
}

static const cf_amount *demand(const cf_problem *p, int o)
{
    return &p->order_demand[(size_t)o * CF_DIMS];
}

static bool fits_depot(const cf_problem *p, int d, int o)
{
    for (int k = 0; k < CF_DIMS; k++)
        if (demand(p, o)[k] > p->depot_cap[(size_t)d * CF_DIMS + (size_t)k]) return false;
    return true;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t ceil_minute(int64_t t)
{
    return -floor_div(-t, 60) * 60;
}

/* Rules (1)-(6) for vehicle v serving o alone, leaving at t0. */
static bool alone_at(const cf_problem *p, int v, int o, int64_t t0, int64_t tt_out,
                     int64_t tt_back)
{
    int d = p->veh_depot[v];
    int64_t end = p->veh_shift_end[v] < p->depot_close[d] ? p->veh_shift_end[v] : p->depot_close[d];
    int64_t tws = p->order_tw_start[o], maxd = p->veh_max_duration[v];
    int64_t b = t0 + tt_out > tws ? t0 + tt_out : tws, t_back;
    if (b > p->order_tw_end[o]) return false;
    t_back = b + p->order_service[o] + tt_back;
    return t_back <= end && (maxd >= CF_TIME_INF || t_back - t0 <= maxd);
}

/* Rules (1)-(6) for vehicle v serving o alone.  Leaving later only shortens
 * the wait, and only an earlier start helps the window and the return, so
 * three whole-minute departures cover every case: the earliest; the
 * earliest that keeps the duration within max; and the latest that still
 * arrives by the window's start (the least wait; the checker tries that
 * one, so screening never calls an order unreachable that it can reach). */
static bool alone_in_time(const cf_problem *p, int v, int o, int64_t tt_out, int64_t tt_back)
{
    int d = p->veh_depot[v];
    int64_t start =
        p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
    int64_t tws = p->order_tw_start[o], svc = p->order_service[o], maxd = p->veh_max_duration[v];
    int64_t t0 = ceil_minute(start), t_nowait = floor_div(tws - tt_out, 60) * 60;

    if (maxd < CF_TIME_INF) {
        int64_t latest_wait_free = tws - (maxd - svc - tt_back); /* duration <= maxd from here */
        if (tt_out + svc + tt_back > maxd) return false;
        if (latest_wait_free > t0 && alone_at(p, v, o, ceil_minute(latest_wait_free), tt_out,
                                              tt_back))
            return true;
    }
    if (t_nowait > t0 && alone_at(p, v, o, t_nowait, tt_out, tt_back)) return true;
    return alone_at(p, v, o, t0, tt_out, tt_back);
}

typedef struct dcache {
    int depot; /* -1: empty */
    int32_t out, back;
} dcache;

/* The stage at which class c stops for order o (ST_OK: it can serve o alone). */
static int class_stage(const cf_problem *p, vclass c, int o, dcache *dc)
{
    int v = c.rep, d = c.depot, node = cf_order_node(p, o);
    int64_t tt_out, tt_back;

    if (!depot_serves(p, d, o)) return ST_DEPOT;
    if (p->order_skills[o] & ~p->veh_skills[v]) return ST_SKILLS;
    if (!cf_problem_can_carry(p, v, o)) return ST_SHARING;
    for (int k = 0; k < CF_DIMS; k++)
        if (demand(p, o)[k] > p->veh_cap[(size_t)v * CF_DIMS + (size_t)k]) return ST_CAPACITY;
    if (dc->depot != d) {
        dc->depot = d;
        dc->out = cf_dist(p, d, node);
        dc->back = cf_dist(p, node, d);
    }
    tt_out = cf_arc_time(p, v, d, node, dc->out);
    tt_back = cf_arc_time(p, v, node, d, dc->back);
    if (!alone_in_time(p, v, o, tt_out, tt_back)) return ST_TIME;
    if (p->veh_max_dist[v] < CF_DIST_INF && (int64_t)dc->out + dc->back > p->veh_max_dist[v])
        return ST_DISTANCE;
    return ST_OK;
}

/* The reason of order o; when feas/rate are given ([n_depots] each), which
 * DCs can serve it (within their capacity) and at what lowest rate. */
static uint8_t screen_order(const cf_problem *p, const fleet *f, int o, uint8_t *feas, double *rate)
{
    int best = ST_DEPOT;
    bool placeable = false;
    dcache dc = {-1, 0, 0};

    for (int i = 0; i < f->n; i++) {
        vclass c = fleet_class(p, f, i);
        int s = class_stage(p, c, o, &dc);
        if (s > best) best = s;
        if (s != ST_OK || !fits_depot(p, c.depot, o)) continue;
        placeable = true;
        if (feas) {
            if (!feas[c.depot] || c.rate < rate[c.depot]) rate[c.depot] = c.rate;
            feas[c.depot] = 1;
        }
    }
    if (best < ST_OK) return stage_reason[best];
    return placeable ? CF_REASON_NONE : CF_REASON_DEPOT_CAPACITY;
}

void cf_screen_orders(const cf_problem *p, uint8_t *reason)
{
    fleet f;
    fleet_build(p, &f);
    for (int o = 0; o < p->n_orders; o++)
        reason[o] = screen_order(p, &f, o, NULL, NULL);
    cf_free(f.cls);
}

/* ---- assignment ------------------------------------------------------- */

typedef struct item {
    int first, len; /* members[first .. first + len) */
    bool mandatory;
    double value; /* optional: the sum of its orders' U_o */
    cf_amount dem[CF_DIMS];
} item;

typedef struct actx {
    const cf_problem *p;
    int n, nd;
    uint8_t *feas; /* [n * nd] order o can be served from DC d */
    double *est;   /* [n * nd] est'(o, d), normalised; first the rates */
    double *r;     /* [n * nd] r_d(o), distance units */
    double *value; /* [n] U_o of an optional order, 0 for a mandatory one */
    int *home;     /* [n] cheapest DC by the estimate (see estimate), -1: inactive order */
    int *act;      /* [na] active orders, ascending */
    int na;
    double big_m; /* M, per mandatory order */
    /* items */
    item *items;  /* [n_items] */
    int *members; /* [na] */
    double *iest; /* [n_items * nd] */
    int n_items;
    int *item_depot; /* [n_items] */
} actx;

static bool is_mandatory(const cf_problem *p, int o)
{
    return p->order_penalty[o] < 0;
}

/* Stops per route: mean vehicle capacity over mean demand, tightest dimension. */
static double stops_per_route(const actx *a)
{
    const cf_problem *p = a->p;
    double q = MAX_STOPS;
    for (int k = 0; k < CF_DIMS; k++) {
        double cap = 0, dem = 0;
        int nv = 0;
        for (int v = 0; v < p->n_vehicles; v++) {
            cf_amount c = p->veh_cap[(size_t)v * CF_DIMS + (size_t)k];
            if (c >= CF_AMOUNT_INF) continue;
            cap += (double)c;
            nv++;
        }
        for (int i = 0; i < a->na; i++)
            dem += (double)demand(p, a->act[i])[k];
        if (nv == 0 || dem <= 0) continue;
        cap /= nv;
        dem /= a->na;
        if (cap / dem < q) q = cap / dem;
    }
    return q < 1.0 ? 1.0 : q;
}

/* The first k entries of each neighbour list of a cf_travel (whose lists
 * are stride long): the neighbours the estimate looks at. */
typedef struct nbrs {
    const int *list;
    int stride, k;
} nbrs;

static const int *nbr_of(const nbrs *t, int o)
{
    return t->list + (size_t)o * (size_t)t->stride;
}

/* est(o, d) for every DC (row[d]; infeasible DCs untouched) from the rates
 * (a->est, before the last pass), the radial distances and the neighbours'
 * current DCs (a->home): see the top comment. */
static void est_row(const actx *a, const nbrs *tr, const double *ndist, double q, int o,
                    double *row)
{
    size_t base = (size_t)o * (size_t)a->nd;
    for (int d = 0; d < a->nd; d++) {
        double local;
        if (!a->feas[base + (size_t)d]) continue;
        local = a->r[base + (size_t)d];
        for (int k = 0; k < tr->k; k++) {
            double dj = ndist[(size_t)o * (size_t)tr->k + (size_t)k];
            if (a->home[nbr_of(tr, o)[k]] == d && dj < local) local = dj;
        }
        row[d] = a->est[base + (size_t)d] * (2.0 * a->r[base + (size_t)d] / q + local);
    }
}

static cf_status estimate(actx *a, const cf_travel *given, cf_err *err)
{
    const cf_problem *p = a->p;
    int nd = a->nd;
    cf_travel own;
    nbrs tr;
    bool have_own = false;
    cf_status rc = CF_OK;
    double q, emax = 0, *ndist = NULL, *row = NULL;

    /* Radial distances, and each order's cheapest DC by radial cost. */
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i], node = cf_order_node(p, o), h = -1;
        double best = 0;
        for (int d = 0; d < nd; d++) {
            size_t at = (size_t)o * (size_t)nd + (size_t)d;
            double c;
            if (!a->feas[at]) continue;
            a->r[at] = 0.5 * ((double)cf_dist(p, d, node) + (double)cf_dist(p, node, d));
            if (a->est[at] < RATE_FLOOR) a->est[at] = RATE_FLOOR;
            c = a->est[at] * a->r[at];
            if (h < 0 || c < best) h = d, best = c;
        }
        a->home[o] = h;
    }
    if (!given) {
        if ((rc = cf_travel_init(&own, p, NEIGHBOURS, NULL, err)) != CF_OK) return rc;
        have_own = true;
        given = &own;
    }
    CF_ASSERT(given->complete);
    tr.list = given->nbr;
    tr.stride = given->k;
    tr.k = given->k < NEIGHBOURS ? given->k : NEIGHBOURS;
    ndist = cf_calloc((size_t)p->n_orders * (size_t)(tr.k > 0 ? tr.k : 1), sizeof *ndist);
    row = cf_calloc((size_t)nd, sizeof *row);
    if (!ndist || !row) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate neighbour tables");
        goto done;
    }
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i];
        for (int k = 0; k < tr.k; k++)
            ndist[(size_t)o * (size_t)tr.k + (size_t)k] =
                (double)cf_dist(p, cf_order_node(p, o), cf_order_node(p, nbr_of(&tr, o)[k]));
    }
    q = stops_per_route(a);
    /* Each order's cheapest DC under the estimate depends on its neighbours'
     * (the local term): a few Gauss-Seidel sweeps, each order taking its
     * cheapest DC given the current ones, settle border groups together
     * where simultaneous updates would swap neighbours back and forth (in
     * the spirit of the sequential assignment through clusters of Giosa,
     * Tansini and Viera, JORS 53, 2002). */
    for (int sweep = 0; sweep < HOME_SWEEPS; sweep++) {
        for (int i = 0; i < a->na; i++) {
            int o = a->act[i], h = -1;
            est_row(a, &tr, ndist, q, o, row);
            for (int d = 0; d < nd; d++)
                if (a->feas[(size_t)o * (size_t)nd + (size_t)d] && (h < 0 || row[d] < row[h]))
                    h = d;
            a->home[o] = h;
        }
    }
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i];
        est_row(a, &tr, ndist, q, o, row);
        for (int d = 0; d < nd; d++) {
            size_t at = (size_t)o * (size_t)nd + (size_t)d;
            if (!a->feas[at]) continue;
            a->est[at] = row[d];
            if (row[d] > emax) emax = row[d];
        }
    }
    /* Normalise; value optional orders; M above everything else. */
    if (emax <= 0) emax = 1;
    a->big_m = 1;
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i];
        for (int d = 0; d < nd; d++)
            a->est[(size_t)o * (size_t)nd + (size_t)d] /= emax;
        a->value[o] = 0;
        if (!is_mandatory(p, o)) {
            double pen = (double)p->order_penalty[o] / emax;
            a->value[o] = 2.0 + (pen < PENALTY_CAP ? pen : PENALTY_CAP);
        }
        a->big_m += a->value[o] + 1.0;
    }
done:
    if (have_own) cf_travel_release(&own);
    cf_free(ndist);
    cf_free(row);
    return rc;
}

/* ---- items: orders, or clusters of them ------------------------------- */

typedef struct ckey {
    uint64_t sig;  /* hash of the feasible DC set */
    int mand;      /* 0: mandatory first */
    uint32_t code; /* Morton code of the location */
    int o;
} ckey;

static int ckey_cmp(const void *pa, const void *pb)
{
    const ckey *a = pa, *b = pb;
    int c;
    if ((c = (a->sig > b->sig) - (a->sig < b->sig)) || (c = a->mand - b->mand) ||
        (c = (a->code > b->code) - (a->code < b->code)))
        return c;
    return a->o - b->o;
}

static uint32_t spread_bits(uint32_t x) /* 16 bits to the even positions of 32 */
{
    x &= 0xffffu;
    x = (x | (x << 8)) & 0x00ff00ffu;
    x = (x | (x << 4)) & 0x0f0f0f0fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
}

static void add_item(actx *a, const ckey *k, int len)
{
    item *it = &a->items[a->n_items];
    int first = a->n_items == 0 ? 0 : a->items[a->n_items - 1].first + a->items[a->n_items - 1].len;
    memset(it, 0, sizeof *it);
    it->first = first;
    it->len = len;
    it->mandatory = is_mandatory(a->p, k[0].o);
    for (int i = 0; i < len; i++) {
        int o = k[i].o;
        a->members[first + i] = o;
        it->value += a->value[o];
        for (int d = 0; d < CF_DIMS; d++)
            it->dem[d] += demand(a->p, o)[d];
    }
    a->n_items++;
}

typedef struct split_ctx {
    actx *a;
    ckey *keys;
    int max_len;
} split_ctx;

/* Whether keys[lo, hi) may form one cluster: few enough orders, the same
 * feasible DC set (the signature is a hash), a small share of each DC. */
static bool cluster_ok(const split_ctx *s, int lo, int hi)
{
    const actx *a = s->a;
    const uint8_t *row = &a->feas[(size_t)s->keys[lo].o * (size_t)a->nd];
    cf_amount sum[CF_DIMS] = {0};
    if (hi - lo > s->max_len) return false;
    for (int i = lo; i < hi; i++) {
        int o = s->keys[i].o;
        if (memcmp(row, &a->feas[(size_t)o * (size_t)a->nd], (size_t)a->nd) != 0) return false;
        for (int k = 0; k < CF_DIMS; k++)
            sum[k] += demand(a->p, o)[k];
    }
    for (int d = 0; d < a->nd; d++) {
        if (!row[d]) continue;
        for (int k = 0; k < CF_DIMS; k++) {
            cf_amount cap = a->p->depot_cap[(size_t)d * CF_DIMS + (size_t)k];
            if (cap < CF_AMOUNT_INF && sum[k] > cap / CLUSTER_CAP_SHARE) return false;
        }
    }
    return true;
}

static void split(split_ctx *s, int lo, int hi, int level)
{
    if (hi - lo == 1 || cluster_ok(s, lo, hi)) {
        add_item(s->a, &s->keys[lo], hi - lo);
        return;
    }
    if (level == 16) { /* one spot, many orders: the longest runs that qualify */
        for (int b = lo; b < hi;) {
            int e = b + 1;
            while (e < hi && cluster_ok(s, b, e + 1))
                e++;
            add_item(s->a, &s->keys[b], e - b);
            b = e;
        }
        return;
    }
    {
        int shift = 2 * (15 - level);
        for (int b = lo; b < hi;) {
            uint32_t quad = (s->keys[b].code >> shift) & 3u;
            int e = b + 1;
            while (e < hi && ((s->keys[e].code >> shift) & 3u) == quad)
                e++;
            split(s, b, e, level + 1);
            b = e;
        }
    }
}

static cf_status build_items(actx *a, cf_err *err)
{
    const cf_problem *p = a->p;
    ckey *keys = cf_calloc((size_t)a->na, sizeof *keys);
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0, xs = 1;

    a->items = cf_calloc((size_t)a->na, sizeof *a->items);
    a->members = cf_calloc((size_t)a->na, sizeof *a->members);
    if (!keys || !a->items || !a->members) {
        cf_free(keys);
        return cf_err_set(err, CF_ENOMEM, "assign: cannot allocate %d items", a->na);
    }
    for (int i = 0; i < a->na; i++) {
        keys[i].o = a->act[i];
        keys[i].mand = is_mandatory(p, a->act[i]) ? 0 : 1;
    }
    if (a->na <= CLUSTER_MIN_ORDERS || !p->x || !p->y) {
        for (int i = 0; i < a->na; i++)
            add_item(a, &keys[i], 1);
        cf_free(keys);
        return CF_OK;
    }
    for (int i = 0; i < a->na; i++) {
        int node = cf_order_node(p, a->act[i]);
        if (i == 0 || p->x[node] < x0) x0 = p->x[node];
        if (i == 0 || p->x[node] > x1) x1 = p->x[node];
        if (i == 0 || p->y[node] < y0) y0 = p->y[node];
        if (i == 0 || p->y[node] > y1) y1 = p->y[node];
    }
    if (p->coord_kind == CF_COORD_LATLON)
        xs = cos(0.5 * (y0 + y1) * 3.14159265358979323846 / 180.0);
    {
        /* One square grid over the bounding box, 2^16 cells a side. */
        double side = fmax((x1 - x0) * xs, y1 - y0), scale = side > 0 ? 65535.0 / side : 0;
        split_ctx s = {a, keys, a->na / CLUSTER_TARGET + 1};
        if (s.max_len < 2) s.max_len = 2;
        for (int i = 0; i < a->na; i++) {
            int o = keys[i].o, node = cf_order_node(p, o);
            uint64_t h = 1469598103934665603u; /* FNV-1a over the feasible set */
            uint32_t cx = (uint32_t)lround((p->x[node] - x0) * xs * scale);
            uint32_t cy = (uint32_t)lround((p->y[node] - y0) * scale);
            for (int d = 0; d < a->nd; d++)
                h = (h ^ a->feas[(size_t)o * (size_t)a->nd + (size_t)d]) * 1099511628211u;
            keys[i].sig = h;
            keys[i].code = (spread_bits(cx) << 1) | spread_bits(cy);
        }
        qsort(keys, (size_t)a->na, sizeof *keys, ckey_cmp);
        for (int b = 0; b < a->na;) {
            int e = b + 1;
            while (e < a->na && keys[e].sig == keys[b].sig && keys[e].mand == keys[b].mand)
                e++;
            split(&s, b, e, 0);
            b = e;
        }
    }
    cf_free(keys);
    return CF_OK;
}

static cf_status item_estimates(actx *a, cf_err *err)
{
    int nd = a->nd;
    a->iest = cf_calloc((size_t)a->n_items * (size_t)nd, sizeof *a->iest);
    a->item_depot = cf_calloc((size_t)a->n_items, sizeof *a->item_depot);
    if (!a->iest || !a->item_depot)
        return cf_err_set(err, CF_ENOMEM, "assign: cannot allocate %d items", a->n_items);
    for (int i = 0; i < a->n_items; i++) {
        const item *it = &a->items[i];
        a->item_depot[i] = -1;
        for (int m = it->first; m < it->first + it->len; m++) {
            int o = a->members[m];
            for (int d = 0; d < nd; d++)
                a->iest[(size_t)i * (size_t)nd + (size_t)d] +=
                    a->est[(size_t)o * (size_t)nd + (size_t)d];
        }
    }
    return CF_OK;
}

static const uint8_t *item_feas(const actx *a, int i)
{
    return &a->feas[(size_t)a->members[a->items[i].first] * (size_t)a->nd];
}

static cf_amount dcap(const cf_problem *p, int d, int k)
{
    return p->depot_cap[(size_t)d * CF_DIMS + (size_t)k];
}

/* Whether each capacity row could bind: [nd * CF_DIMS], and how many do. */
static int binding_rows(const actx *a, bool *bind)
{
    const cf_problem *p = a->p;
    int n = 0;
    for (int d = 0; d < a->nd; d++) {
        for (int k = 0; k < CF_DIMS; k++) {
            cf_amount cap = dcap(p, d, k), sum = 0;
            bind[d * CF_DIMS + k] = false;
            if (cap >= CF_AMOUNT_INF) continue;
            for (int i = 0; i < a->n_items && sum <= cap; i++)
                if (item_feas(a, i)[d]) sum += a->items[i].dem[k];
            if (sum > cap) {
                bind[d * CF_DIMS + k] = true;
                n++;
            }
        }
    }
    return n;
}

/* Priority: mandatory first, then higher value per order, then higher
 * regret (what going to the second-best DC would cost: Martello and Toth's
 * regret rule for the generalised assignment problem), then larger demand,
 * then lower index. */
typedef struct prio {
    int mand;
    double value;
    double regret;
    double size;
    int idx;
    int group; /* ignored by prio_cmp: a DC, for evict_cmp */
} prio;

static int prio_cmp(const void *pa, const void *pb)
{
    const prio *a = pa, *b = pb;
    if (a->mand != b->mand) return b->mand - a->mand;
    if (a->value != b->value) return a->value > b->value ? -1 : 1;
    if (a->regret != b->regret) return a->regret > b->regret ? -1 : 1;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return a->idx - b->idx;
}

/* demand relative to the largest finite DC capacity, tightest dimension */
static double rel_size(const cf_problem *p, const cf_amount *dem)
{
    double s = 0;
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount big = 0;
        for (int d = 0; d < p->n_depots; d++)
            if (dcap(p, d, k) < CF_AMOUNT_INF && dcap(p, d, k) > big) big = dcap(p, d, k);
        if (big > 0 && (double)dem[k] / (double)big > s) s = (double)dem[k] / (double)big;
    }
    return s;
}

/* Second-best minus best cost over the feasible DCs; 1e30 with one DC. */
static double regret(const double *cost, const uint8_t *feas, int nd)
{
    double b1 = 1e30, b2 = 1e30;
    for (int d = 0; d < nd; d++) {
        if (!feas[d]) continue;
        if (cost[d] < b1) {
            b2 = b1;
            b1 = cost[d];
        } else if (cost[d] < b2) {
            b2 = cost[d];
        }
    }
    return b2 >= 1e30 ? 1e30 : b2 - b1;
}

static bool room_for(const cf_problem *p, const cf_amount *load, int d, const cf_amount *dem)
{
    for (int k = 0; k < CF_DIMS; k++)
        if (load[d * CF_DIMS + k] + dem[k] > dcap(p, d, k)) return false;
    return true;
}

/* The feasible DCs by decreasing pref (when given), then increasing cost,
 * then index. */
static int depots_by_cost(const double *cost, const double *pref, const uint8_t *feas, int nd,
                          int *out)
{
    int n = 0;
    for (int d = 0; d < nd; d++) {
        int at;
        if (!feas[d]) continue;
        for (at = n; at > 0; at--) {
            int e = out[at - 1];
            bool after = pref && pref[e] != pref[d] ? pref[e] < pref[d] : cost[e] > cost[d];
            if (!after) break;
            out[at] = e;
        }
        out[at] = d;
        n++;
    }
    return n;
}

/* Places the items not yet placed (item_depot[i] < 0) in priority order,
 * each on the first DC of its preference with room: by decreasing LP value
 * when lpx ([n_items * nd]) is given, else by increasing estimate.  With lpx,
 * items the LP put wholly on one DC go there first. */
static cf_status place_items(actx *a, int *item_depot, const double *lpx, cf_err *err)
{
    const cf_problem *p = a->p;
    int nd = a->nd;
    prio *order = cf_calloc((size_t)a->n_items, sizeof *order);
    cf_amount *load = cf_calloc((size_t)nd * CF_DIMS, sizeof *load);
    int *cand = cf_calloc((size_t)nd, sizeof *cand);
    cf_status rc = CF_OK;

    if (!order || !load || !cand) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate the greedy assignment");
        goto done;
    }
    for (int i = 0; i < a->n_items; i++) {
        const item *it = &a->items[i];
        const double *cost = &a->iest[(size_t)i * (size_t)nd];
        order[i] = (prio){it->mandatory,
                          it->value / it->len,
                          regret(cost, item_feas(a, i), nd),
                          rel_size(p, it->dem),
                          i,
                          0};
        if (item_depot[i] >= 0)
            for (int k = 0; k < CF_DIMS; k++)
                load[item_depot[i] * CF_DIMS + k] += it->dem[k];
    }
    qsort(order, (size_t)a->n_items, sizeof *order, prio_cmp);
    /* Mandatory items before optional ones, so that no optional item the LP
     * happened to keep whole takes the room a split mandatory one needs. */
    for (int phase = lpx ? 0 : 1; phase < 4; phase += lpx ? 1 : 2) {
        int pass = phase & 1, mand = phase < 2;
        for (int t = 0; t < a->n_items; t++) {
            int i = order[t].idx, nc;
            const item *it = &a->items[i];
            const double *pref = lpx ? &lpx[(size_t)i * (size_t)nd] : NULL;
            if (item_depot[i] >= 0 || it->mandatory != mand) continue;
            nc = depots_by_cost(&a->iest[(size_t)i * (size_t)nd], pref, item_feas(a, i), nd, cand);
            for (int c = 0; c < nc; c++) {
                int d = cand[c];
                if (pass == 0 && pref[d] < 1.0 - 1e-6) break;
                if (!room_for(p, load, d, it->dem)) continue;
                item_depot[i] = d;
                for (int k = 0; k < CF_DIMS; k++)
                    load[d * CF_DIMS + k] += it->dem[k];
                break;
            }
        }
    }
done:
    cf_free(order);
    cf_free(load);
    cf_free(cand);
    return rc;
}

static cf_status greedy(actx *a, cf_err *err)
{
    for (int i = 0; i < a->n_items; i++)
        a->item_depot[i] = -1;
    return place_items(a, a->item_depot, NULL, err);
}

/* The MIP objective of an assignment of the items, constant included. */
static double assignment_cost(const actx *a, const int *item_depot)
{
    double c = 0;
    for (int i = 0; i < a->n_items; i++) {
        const item *it = &a->items[i];
        int d = item_depot[i];
        if (d >= 0)
            c += a->iest[(size_t)i * (size_t)a->nd + (size_t)d];
        else
            c += it->mandatory ? a->big_m * it->len : it->value;
    }
    return c;
}

/* The MIP of the top comment, warm-started from a->item_depot (the greedy
 * answer), which it overwrites when GLPK finds something.  CF_OK also when
 * the time limit left only the start; CF_ELP (a->item_depot untouched). */
/* The GAP model (x_id binary: item i from DC d; a slack per mandatory item
 * at big-M; one row per item, one per binding DC capacity), column of x_id
 * in xcol[i * nd + d] (-1: DC d cannot serve item i), slack[i] (-1: none).
 * rcol and rval are scratch of max(n_items, nd) + 1. */
static cf_status build_mip(actx *a, const bool *bind, cf_lp *lp, int *xcol, int *slack, int *rcol,
                           double *rval, cf_err *err)
{
    const cf_problem *p = a->p;
    int nd = a->nd;
    double obj_const = 0;
    cf_status rc = CF_OK;

    for (int i = 0; i < a->n_items && rc == CF_OK; i++) {
        const item *it = &a->items[i];
        const uint8_t *f = item_feas(a, i);
        int n = 0;
        for (int d = 0; d < nd && rc == CF_OK; d++) {
            xcol[(size_t)i * (size_t)nd + (size_t)d] = -1;
            if (!f[d]) continue;
            rc = cf_lp_add_col(lp, 0, 1, a->iest[(size_t)i * (size_t)nd + (size_t)d] - it->value,
                               CF_LP_BINARY, &xcol[(size_t)i * (size_t)nd + (size_t)d], err);
            rcol[n] = xcol[(size_t)i * (size_t)nd + (size_t)d];
            rval[n++] = 1;
        }
        slack[i] = -1;
        if (rc == CF_OK && it->mandatory) {
            rc = cf_lp_add_col(lp, 0, 1, a->big_m * it->len, CF_LP_CONTINUOUS, &slack[i], err);
            rcol[n] = slack[i];
            rval[n++] = 1;
        }
        obj_const += it->value;
        if (rc == CF_OK)
            rc = cf_lp_add_row(lp, it->mandatory ? 1 : -CF_LP_INF, 1, n, rcol, rval, NULL, err);
    }
    for (int d = 0; d < nd && rc == CF_OK; d++) {
        for (int k = 0; k < CF_DIMS && rc == CF_OK; k++) {
            int n = 0;
            double cap = (double)dcap(p, d, k);
            if (!bind[d * CF_DIMS + k]) continue;
            for (int i = 0; i < a->n_items; i++) {
                int j = xcol[(size_t)i * (size_t)nd + (size_t)d];
                if (j < 0 || a->items[i].dem[k] == 0) continue;
                rcol[n] = j;
                rval[n++] = (double)a->items[i].dem[k] / cap;
            }
            rc = cf_lp_add_row(lp, -CF_LP_INF, 1, n, rcol, rval, NULL, err);
        }
    }
    if (rc == CF_OK) rc = cf_lp_set_obj_const(lp, obj_const, err);
    return rc;
}

/* The LP relaxation of a GAP has at most as many split items as binding
 * capacity rows; rounding it is usually far better than the greedy start,
 * which it then replaces in a->item_depot.  A relaxation GLPK cannot solve
 * leaves the greedy start (CF_OK); CF_ENOMEM. */
static cf_status round_relaxation(actx *a, cf_lp *lp, cf_lp_opts *opts, const int *xcol,
                                  double *lpx, int *rounded, cf_err *err)
{
    int nd = a->nd;
    cf_status rc;
    opts->relax = true;
    rc = cf_lp_solve(lp, opts, err);
    if (rc == CF_ENOMEM) return rc;
    if (rc != CF_OK) return CF_OK;
    for (int i = 0; i < a->n_items; i++) {
        rounded[i] = -1;
        for (int d = 0; d < nd; d++) {
            int j = xcol[(size_t)i * (size_t)nd + (size_t)d];
            lpx[(size_t)i * (size_t)nd + (size_t)d] = j >= 0 ? cf_lp_x(lp, j) : 0;
        }
    }
    if ((rc = place_items(a, rounded, lpx, err)) != CF_OK) return rc;
    if (assignment_cost(a, rounded) < assignment_cost(a, a->item_depot))
        memcpy(a->item_depot, rounded, (size_t)a->n_items * sizeof *rounded);
    return CF_OK;
}

/* The MIP's start (a->item_depot, unplaced mandatory items on their slack)
 * into start[ncols]; returns the absolute gap worth stopping at: MIP_ABS_GAP
 * of the sum of each item's lowest estimate, at most half a unit. */
static double mip_start(const actx *a, const int *xcol, const int *slack, double *start)
{
    int nd = a->nd;
    double abs_gap = 0;
    for (int i = 0; i < a->n_items; i++) {
        int d = a->item_depot[i];
        if (d >= 0)
            start[xcol[(size_t)i * (size_t)nd + (size_t)d]] = 1;
        else if (slack[i] >= 0)
            start[slack[i]] = 1;
    }
    for (int i = 0; i < a->n_items; i++) {
        double lo = 1e30;
        for (int d = 0; d < nd; d++)
            if (xcol[(size_t)i * (size_t)nd + (size_t)d] >= 0)
                lo = fmin(lo, a->iest[(size_t)i * (size_t)nd + (size_t)d]);
        abs_gap += lo < 1e30 ? lo : 0;
    }
    return fmin(MIP_ABS_GAP * abs_gap, 0.5);
}

/* Each item's DC from the MIP's solution (-1: on its slack). */
static void read_assignment(actx *a, const cf_lp *lp, const int *xcol)
{
    int nd = a->nd;
    for (int i = 0; i < a->n_items; i++) {
        a->item_depot[i] = -1;
        for (int d = 0; d < nd; d++) {
            int j = xcol[(size_t)i * (size_t)nd + (size_t)d];
            if (j >= 0 && cf_lp_x(lp, j) > 0.5) a->item_depot[i] = d;
        }
    }
}

/* Items to DCs by the MIP, warm-started from a->item_depot (the greedy
 * start, or the rounded relaxation when cheaper); a->item_depot holds the
 * answer.  A time limit that cuts the MIP short keeps the start. */
static cf_status solve_mip(actx *a, const bool *bind, double time_limit_s, cf_err *err)
{
    int nd = a->nd, ncols = 0;
    cf_lp *lp = NULL;
    cf_lp_opts opts;
    cf_status rc;
    int *xcol = NULL, *slack = NULL, *rcol = NULL, *rounded = NULL;
    double *rval = NULL, *start = NULL, *lpx = NULL;
    double t_begin = cf_now_s();

    xcol = cf_calloc((size_t)a->n_items * (size_t)nd, sizeof *xcol);
    slack = cf_calloc((size_t)a->n_items, sizeof *slack);
    rcol = cf_calloc((size_t)(a->n_items > nd ? a->n_items : nd) + 1, sizeof *rcol);
    rval = cf_calloc((size_t)(a->n_items > nd ? a->n_items : nd) + 1, sizeof *rval);
    if (!xcol || !slack || !rcol || !rval) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate the mip of %d items", a->n_items);
        goto done;
    }
    if ((rc = cf_lp_create(CF_LP_MIN, &lp, err)) != CF_OK) goto done;
    if ((rc = build_mip(a, bind, lp, xcol, slack, rcol, rval, err)) != CF_OK) goto done;

    ncols = cf_lp_n_cols(lp);
    start = cf_calloc((size_t)ncols, sizeof *start);
    lpx = cf_calloc((size_t)a->n_items * (size_t)nd, sizeof *lpx);
    rounded = cf_calloc((size_t)a->n_items, sizeof *rounded);
    if (!start || !lpx || !rounded) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate a start of %d columns", ncols);
        goto done;
    }

    cf_lp_opts_init(&opts);
    opts.time_limit_s = time_limit_s;
    if ((rc = round_relaxation(a, lp, &opts, xcol, lpx, rounded, err)) != CF_OK) goto done;
    opts.abs_gap = mip_start(a, xcol, slack, start);
    opts.relax = false;
    opts.time_limit_s = time_limit_s > 0 ? fmax(time_limit_s - (cf_now_s() - t_begin), 1e-3) : 0;
    opts.mip_gap = MIP_GAP;
    opts.node_limit = (long)fmin(2000, fmax(10, MIP_WORK / ncols));
    opts.start = start;
    rc = cf_lp_solve(lp, &opts, err);
    if (rc == CF_ETIME) { /* only if GLPK refused the start: the start stands */
        rc = CF_OK;
        goto done;
    }
    if (rc != CF_OK) {
        if (rc != CF_ENOMEM && err) {
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            cf_err_set(err, CF_ELP, "assign: depot mip: %s", why);
        }
        if (rc != CF_ENOMEM) rc = CF_ELP;
        goto done;
    }
    read_assignment(a, lp, xcol);
done:
    cf_lp_free(lp);
    cf_free(xcol);
    cf_free(slack);
    cf_free(rcol);
    cf_free(rval);
    cf_free(start);
    cf_free(lpx);
    cf_free(rounded);
    return rc;
}

/* ---- order-level clean-up -------------------------------------------- */

static prio order_prio(const actx *a, int o)
{
    size_t at = (size_t)o * (size_t)a->nd;
    return (prio){
        is_mandatory(a->p, o),           a->value[o], regret(&a->est[at], &a->feas[at], a->nd),
        rel_size(a->p, demand(a->p, o)), o,           0};
}

static void place(const actx *a, cf_amount *load, int *order_depot, int o, int d)
{
    order_depot[o] = d;
    for (int k = 0; k < CF_DIMS; k++)
        load[d * CF_DIMS + k] += demand(a->p, o)[k];
}

static void unplace(const actx *a, cf_amount *load, int *order_depot, int o)
{
    int d = order_depot[o];
    order_depot[o] = -1;
    for (int k = 0; k < CF_DIMS; k++)
        load[d * CF_DIMS + k] -= demand(a->p, o)[k];
}

/* Orders at DC d into out, highest priority first; how many. */
static int orders_at(const actx *a, const int *order_depot, int d, prio *out)
{
    int n = 0;
    for (int i = 0; i < a->na; i++)
        if (order_depot[a->act[i]] == d) out[n++] = order_prio(a, a->act[i]);
    qsort(out, (size_t)n, sizeof *out, prio_cmp);
    return n;
}

/* By DC, then lowest priority first: the order in which to evict. */
static int evict_cmp(const void *pa, const void *pb)
{
    const prio *a = pa, *b = pb;
    if (a->group != b->group) return a->group - b->group;
    return prio_cmp(pb, pa);
}

/* Makes every DC fit its capacity exactly (GLPK's tolerances are relative),
 * then places every unplaced active order where it fits, mandatory orders
 * first, evicting optional orders (lowest priority first) when a mandatory
 * one has no room. */
static cf_status settle(actx *a, int *order_depot, cf_err *err)
{
    const cf_problem *p = a->p;
    int nd = a->nd, npend = 0, nev = 0;
    cf_amount *load = cf_calloc((size_t)nd * CF_DIMS, sizeof *load);
    cf_amount *evictable = cf_calloc((size_t)nd * CF_DIMS, sizeof *evictable);
    prio *pend = cf_calloc((size_t)a->na, sizeof *pend);
    prio *ev = cf_calloc((size_t)a->na, sizeof *ev);
    int *ev_next = cf_calloc((size_t)nd + 1, sizeof *ev_next);
    int *cand = cf_calloc((size_t)nd, sizeof *cand);
    cf_status rc = CF_OK;

    if (!load || !evictable || !pend || !ev || !ev_next || !cand) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate the clean-up of %d orders", a->na);
        goto done;
    }
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i];
        if (order_depot[o] >= 0) place(a, load, order_depot, o, order_depot[o]);
    }
    for (int d = 0; d < nd; d++) {
        static const cf_amount none[CF_DIMS];
        int n;
        if (room_for(p, load, d, none)) continue;
        n = orders_at(a, order_depot, d, ev);
        for (int t = n - 1; t >= 0 && !room_for(p, load, d, none); t--)
            unplace(a, load, order_depot, ev[t].idx);
    }

    /* The optional orders in place, by DC, lowest priority first: evicting
     * happens only while mandatory orders are placed, so the lists hold. */
    for (int i = 0; i < a->na; i++) {
        int o = a->act[i], d = order_depot[o];
        if (d < 0 || is_mandatory(p, o)) continue;
        ev[nev] = order_prio(a, o);
        ev[nev++].group = d;
        for (int k = 0; k < CF_DIMS; k++)
            evictable[d * CF_DIMS + k] += demand(p, o)[k];
    }
    qsort(ev, (size_t)nev, sizeof *ev, evict_cmp);
    for (int d = 0; d < nd; d++)
        ev_next[d] = nev; /* never read: nothing to evict there */
    for (int t = nev - 1; t >= 0; t--)
        ev_next[ev[t].group] = t;

    for (int i = 0; i < a->na; i++)
        if (order_depot[a->act[i]] < 0) pend[npend++] = order_prio(a, a->act[i]);
    qsort(pend, (size_t)npend, sizeof *pend, prio_cmp);
    for (int t = 0; t < npend; t++) {
        int o = pend[t].idx, nc;
        const cf_amount *dem = demand(p, o);
        nc = depots_by_cost(&a->est[(size_t)o * (size_t)nd], NULL, &a->feas[(size_t)o * (size_t)nd],
                            nd, cand);
        for (int c = 0; c < nc && order_depot[o] < 0; c++)
            if (room_for(p, load, cand[c], dem)) place(a, load, order_depot, o, cand[c]);
        if (order_depot[o] >= 0 || !is_mandatory(p, o)) continue;
        for (int c = 0; c < nc && order_depot[o] < 0; c++) {
            int d = cand[c];
            bool enough = true;
            for (int k = 0; k < CF_DIMS; k++)
                if (dcap(p, d, k) - load[d * CF_DIMS + k] + evictable[d * CF_DIMS + k] < dem[k])
                    enough = false;
            if (!enough) continue;
            while (!room_for(p, load, d, dem)) {
                int e;
                CF_ASSERT(ev_next[d] < nev);
                e = ev[ev_next[d]++].idx;
                CF_ASSERT(order_depot[e] == d);
                for (int k = 0; k < CF_DIMS; k++)
                    evictable[d * CF_DIMS + k] -= demand(p, e)[k];
                unplace(a, load, order_depot, e);
                pend[npend++] = order_prio(a, e); /* tried again after the mandatory ones */
            }
            place(a, load, order_depot, o, d);
        }
    }
done:
    cf_free(load);
    cf_free(evictable);
    cf_free(pend);
    cf_free(ev);
    cf_free(ev_next);
    cf_free(cand);
    return rc;
}

static void actx_release(actx *a)
{
    cf_free(a->feas);
    cf_free(a->est);
    cf_free(a->r);
    cf_free(a->value);
    cf_free(a->home);
    cf_free(a->act);
    cf_free(a->items);
    cf_free(a->members);
    cf_free(a->iest);
    cf_free(a->item_depot);
}

cf_status cf_assign_depots(const cf_problem *p, const cf_travel *tr, double time_limit_s,
                           int *order_depot, uint8_t *reason, cf_err *err)
{
    double t_begin = cf_now_s();
    size_t n = (size_t)p->n_orders, nd = (size_t)p->n_depots;
    actx a;
    fleet f = {NULL, 0};
    cf_status rc = CF_OK, mip_rc = CF_OK;
    bool *bind = NULL;

    memset(&a, 0, sizeof a);
    a.p = p;
    a.n = p->n_orders;
    a.nd = p->n_depots;
    for (int o = 0; o < p->n_orders; o++)
        order_depot[o] = -1;
    a.feas = cf_calloc(n * nd, sizeof *a.feas);
    a.est = cf_calloc(n * nd, sizeof *a.est);
    a.r = cf_calloc(n * nd, sizeof *a.r);
    a.value = cf_calloc(n, sizeof *a.value);
    a.home = cf_calloc(n, sizeof *a.home);
    a.act = cf_calloc(n, sizeof *a.act);
    bind = cf_calloc(nd * CF_DIMS, sizeof *bind);
    if (!a.feas || !a.est || !a.r || !a.value || !a.home || !a.act || !bind) {
        rc = cf_err_set(err, CF_ENOMEM, "assign: cannot allocate tables for %zu orders", n);
        goto done;
    }

    fleet_build(p, &f);
    for (int o = 0; o < p->n_orders; o++) {
        a.home[o] = -1;
        if (reason[o] != CF_REASON_NONE) continue;
        reason[o] = screen_order(p, &f, o, &a.feas[(size_t)o * nd], &a.est[(size_t)o * nd]);
        if (reason[o] == CF_REASON_NONE) a.act[a.na++] = o;
    }
    if (a.na == 0) goto done;
    if ((rc = estimate(&a, tr, err)) != CF_OK) goto done;
    if ((rc = build_items(&a, err)) != CF_OK) goto done;
    if ((rc = item_estimates(&a, err)) != CF_OK) goto done;
    if ((rc = greedy(&a, err)) != CF_OK) goto done;
    if (binding_rows(&a, bind) > 0) {
        double left = time_limit_s > 0 ? time_limit_s - (cf_now_s() - t_begin) : 0;
        /* Out of time already: the greedy answer stands. */
        if (time_limit_s <= 0 || left > 0) mip_rc = solve_mip(&a, bind, left, err);
        if (mip_rc == CF_ENOMEM) {
            rc = mip_rc;
            goto done;
        }
    }
    for (int i = 0; i < a.n_items; i++)
        for (int m = a.items[i].first; m < a.items[i].first + a.items[i].len; m++)
            order_depot[a.members[m]] = a.item_depot[i];
    if ((rc = settle(&a, order_depot, err)) != CF_OK) goto done;
    for (int i = 0; i < a.na; i++)
        if (order_depot[a.act[i]] < 0) reason[a.act[i]] = CF_REASON_DEPOT_CAPACITY;
    rc = mip_rc; /* CF_ELP still leaves a complete greedy assignment behind */
done:
    if (rc == CF_ENOMEM)
        for (int o = 0; o < p->n_orders; o++)
            order_depot[o] = -1;
    cf_free(f.cls);
    cf_free(bind);
    actx_release(&a);
    return rc;
}
