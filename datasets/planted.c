/*
 * Planted scenarios (gen.h, `cofleet gen --planted`): the plan comes first,
 * the scenario is then cut to fit it.  Known-feasible instances built
 * around a hidden solution are an old benchmarking device (Rardin and Uzsoy
 * 2001 call them instances "with known optimal or planted solutions"); here
 * the planted plan is not optimal, only feasible and decent, so its cost
 * bounds a solve from above and every mandatory order a solve leaves out is
 * a solver failure.
 *
 * The steps, each on integers only (so that the files are byte-identical on
 * any machine):
 *   1. each order gets its skills (cold_chain, alcohol), its penalty, maybe
 *      a fixed DC, and a planted DC: the nearest DC that serves its courier
 *      (for a courier with share=no, the nearest of its own home DCs);
 *   2. the orders of a DC are grouped by who may carry them (the pool, or
 *      one courier that does not share) and by kind: chilled goods ride cold
 *      vans, alcohol and heavy goods trucks, the rest vans;
 *   3. each group is cut into routes by the sweep method (Gillett and Miller
 *      1974: orders by angle around the DC, cut when a route is full), and
 *      each route ordered by nearest neighbour, then 2-opt and relocation
 *      moves until none improves;
 *   4. each route gets a vehicle of its own (an owner who may carry all its
 *      orders, a type that holds its skills), a departure in the morning or
 *      afternoon wave, and from its schedule: the narrow windows around the
 *      planted arrivals, a shift and a max duration with little slack, a
 *      range for electric vans; then a few spare vans, and each DC's
 *      throughput a little above what the plan sends out from it.
 * Travel times of the schedule bound the solver's from above (see
 * bound_dist_m), so that every planted arrival is at or after the real one
 * and the windows, shifts and durations cut from it hold for the real one.
 * cf_gen_plant_write then loads the written files back through io/ (the
 * very problem `cofleet solve` sees), and writes the plan only when the
 * independent checker accepts it.
 */
#include "datasets/gen_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/plan/plan.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/kpi.h"
#include "models/solution.h"

#define MAX_STOPS 30           /* stops of a planted van route */
#define MAX_STOPS_COLD 24      /* cold van: chilled goods spread thin */
#define MAX_STOPS_TRUCK 20     /* truck: alcohol and heavy goods */
#define MAX_ROUTE_S (480 * 60) /* a planted route lasts at most 8 h */
#define FILL_PCT 95            /* of the vehicle's capacity */
#define HEAVY_G 30000          /* heavy goods ride trucks */
#define FIXED_PER_MILLE 15     /* orders fixed to their planted DC */
#define EARLIEST_MIN 390       /* 06:30: no planted route leaves earlier */
#define AFTERNOON_PCT 35       /* routes of the afternoon wave (12:00-15:00) */
#define CLOSE_MARGIN_MIN 30    /* a planted route is back this long before its DC closes */
#define WINDOW_STEP_MIN 15     /* windows start on the quarter hour */
#define SLOT_PCT 50            /* of the other orders: a standard slot when the arrival fits */

/* Upper bound of the road factor 1.3 times the error of the flat map of
 * gen.c against the great circle: within the 25 km box the east-west scale
 * drifts by at most 0.15 % from the box's centre latitude, and the arc
 * differs from the chord by far less; 0.5 % covers both three times over. */
#define ROAD_NUM 13065
#define ROAD_DEN 10000

typedef struct plant {
    gen_state *g;
    cf_rng r;
    bool latlon;
    int *dc;      /* [n_orders] planted DC */
    int *cls;     /* [n_orders] -1: the pool; else the courier (share=no) whose vehicle */
    int *kind;    /* [n_orders] KIND_* */
    int64_t *key; /* [n_orders] sort keys: group << 32 | order */
    int rot[CF_GEN_MAX_DEPOTS][3]; /* owner rotation per DC and kind */
    int num[CF_GEN_MAX_DEPOTS];    /* vehicle rows per DC: the -NN of their ids */
    int cap_routes;
} plant;

enum { KIND_COLD, KIND_TRUCK, KIND_VAN };

/* ---- integer travel bounds -------------------------------------------------------- */

/* The smallest r with r * r >= v, exactly (the sqrt only seeds it). */
static int64_t isqrt_ceil(int64_t v)
{
    int64_t r = (int64_t)sqrt((double)v);
    while (r * r < v)
        r++;
    while (r > 0 && (r - 1) * (r - 1) >= v)
        r--;
    return r;
}

/* Metres at least cf_dist's for the two points (metres of gen.c's flat map):
 * plane scenarios print exact metres, so the Euclidean length rounded up,
 * plus one for the loader's rounding; lat/lon ones the road factor with its
 * margin (ROAD_NUM), plus one.  On lat/lon, a DC's printed spot lies up to
 * half a metre from its metre of the map, so a leg shorter than about 60 m
 * can come out one metre short; the travel time below still bounds the
 * solver's (its extra second covers that metre at any speed >= 4 km/h), and
 * an electric van's range keeps at least a kilometre to spare. */
static int64_t bound_dist_m(const plant *pl, int32_t ax, int32_t ay, int32_t bx, int32_t by)
{
    int64_t e = isqrt_ceil(cf_gen_dist2(ax, ay, bx, by));
    if (e == 0) return 0;
    if (!pl->latlon) return e + 1;
    return cf_gen_div_ceil(e * ROAD_NUM, ROAD_DEN) + 1;
}

/* Seconds at least cf_travel_s's at speed_kmh (lround of metres * 3.6 / speed). */
static int32_t bound_travel_s(int64_t dist_m, int speed_kmh)
{
    if (dist_m == 0) return 0;
    return (int32_t)cf_gen_div_ceil(dist_m * 36, (int64_t)speed_kmh * 10) + 1;
}

static int speed_of(const plant *pl, const veh_type *t)
{
    return t->speed_kmh ? t->speed_kmh : pl->latlon ? 30 : 60;
}

/* ---- step 1: orders --------------------------------------------------------------- */

static int nearest(const gen_state *g, const gen_order *od, uint64_t cand)
{
    int best = -1;
    int64_t bd = 0;
    for (int d = 0; d < g->o->n_depots; d++) {
        int64_t dd;
        if (!(cand & ((uint64_t)1 << d))) continue;
        dd = cf_gen_dist2(od->x_m, od->y_m, g->depots[d].x_m, g->depots[d].y_m);
        if (best < 0 || dd < bd) best = d, bd = dd;
    }
    return best;
}

static void plant_orders(plant *pl)
{
    gen_state *g = pl->g;
    const cf_gen_opts *o = g->o;
    for (long i = 0; i < o->n_orders; i++) {
        gen_order *od = &g->orders[i];
        const gen_courier *cr = &g->couriers[od->courier];
        uint64_t cand = 0;
        bool fixed;
        int d;

        od->skills = 0;
        if ((int)cf_rng_below(&pl->r, 100) < o->cold_pct) od->skills |= SKILL_COLD;
        if ((int)cf_rng_below(&pl->r, 100) < o->alcohol_pct) od->skills |= SKILL_ALCOHOL;
        od->penalty = (int)cf_rng_below(&pl->r, 100) < o->optional_pct
                          ? 2000 + 500 * (int32_t)cf_rng_below(&pl->r, 13)
                          : 0;
        fixed = cf_rng_below(&pl->r, 1000) < FIXED_PER_MILLE;
        od->tw_start = od->tw_end = -1;
        if (cr->share) {
            for (d = 0; d < o->n_depots; d++)
                if (g->depots[d].allowed & ((uint64_t)1 << od->courier)) cand |= (uint64_t)1 << d;
        } else {
            for (int h = 0; h < cr->n_homes; h++)
                cand |= (uint64_t)1 << cr->homes[h];
        }
        d = nearest(g, od, cand);
        CF_ASSERT(d >= 0); /* DC 0 serves everyone; a courier has a home */
        pl->dc[i] = d;
        od->home = d;
        od->depot = fixed ? d : -1;
        pl->cls[i] = cr->share ? -1 : od->courier;
        pl->kind[i] = (od->skills & SKILL_COLD)                                 ? KIND_COLD
                      : (od->skills & SKILL_ALCOHOL) || od->weight_g >= HEAVY_G ? KIND_TRUCK
                                                                                : KIND_VAN;
        /* group (DC, carrier class, kind) in the high half, the order in the low */
        pl->key[i] =
            ((int64_t)((d * (CF_MAX_COURIERS + 1) + pl->cls[i] + 1) * 3 + pl->kind[i]) << 32) | i;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- step 3: the routes of one group ---------------------------------------------- */

typedef struct sweep_item {
    int32_t dx, dy; /* from the DC */
    long order;
} sweep_item;

/* By angle around the DC from the east, counter-clockwise; exact in integers. */
static int cmp_angle(const void *a, const void *b)
{
    const sweep_item *p = a, *q = b;
    int hp = p->dy < 0 || (p->dy == 0 && p->dx < 0), hq = q->dy < 0 || (q->dy == 0 && q->dx < 0);
    int64_t cross, rp, rq;
    if (hp != hq) return hp - hq;
    cross = (int64_t)p->dx * q->dy - (int64_t)p->dy * q->dx;
    if (cross) return cross > 0 ? -1 : 1;
    rp = (int64_t)p->dx * p->dx + (int64_t)p->dy * p->dy;
    rq = (int64_t)q->dx * q->dx + (int64_t)q->dy * q->dy;
    if (rp != rq) return rp < rq ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

/* The travel times of one route under construction: node 0 is the DC,
 * nodes 1..k the orders ids[0 .. k). */
typedef struct route_mat {
    int k;
    int32_t t[(MAX_STOPS + 1) * (MAX_STOPS + 1)];
} route_mat;

#define T(m, a, b) ((m)->t[(a) * ((m)->k + 1) + (b)])

static void mat_fill(const plant *pl, int d, const long *ids, int k, int speed, route_mat *m)
{
    const gen_state *g = pl->g;
    m->k = k;
    for (int a = 0; a <= k; a++) {
        int32_t ax = a ? g->orders[ids[a - 1]].x_m : g->depots[d].x_m;
        int32_t ay = a ? g->orders[ids[a - 1]].y_m : g->depots[d].y_m;
        for (int b = a; b <= k; b++) {
            int32_t bx = b ? g->orders[ids[b - 1]].x_m : g->depots[d].x_m;
            int32_t by = b ? g->orders[ids[b - 1]].y_m : g->depots[d].y_m;
            int32_t s = bound_travel_s(bound_dist_m(pl, ax, ay, bx, by), speed);
            T(m, a, b) = T(m, b, a) = s;
        }
    }
}

/* Travel seconds of the tour DC -> seq[0] -> ... -> seq[k-1] -> DC (node ids). */
static int64_t tour_s(const route_mat *m, const int *seq)
{
    int64_t s = T(m, 0, seq[0]);
    for (int i = 0; i + 1 < m->k; i++)
        s += T(m, seq[i], seq[i + 1]);
    return s + T(m, seq[m->k - 1], 0);
}

/* Nearest neighbour from the DC, ties to the lower node. */
static void nearest_neighbour(const route_mat *m, int *seq)
{
    bool used[MAX_STOPS + 1] = {false};
    int at = 0;
    for (int i = 0; i < m->k; i++) {
        int best = -1;
        for (int b = 1; b <= m->k; b++)
            if (!used[b] && (best < 0 || T(m, at, b) < T(m, at, best))) best = b;
        used[best] = true;
        seq[i] = at = best;
    }
}

/* 2-opt and single relocations, first improvement, until none improves.
 * Travel is symmetric here, so reversing a segment changes only its ends. */
static void improve(const route_mat *m, int *seq)
{
    int k = m->k;
    for (int pass = 0, better = 1; better && pass < 100; pass++) {
        better = 0;
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) {
                int a = i ? seq[i - 1] : 0, b = j + 1 < k ? seq[j + 1] : 0;
                int32_t delta =
                    T(m, a, seq[j]) + T(m, seq[i], b) - T(m, a, seq[i]) - T(m, seq[j], b);
                if (delta < 0) {
                    for (int x = i, y = j; x < y; x++, y--) {
                        int t = seq[x];
                        seq[x] = seq[y];
                        seq[y] = t;
                    }
                    better = 1;
                }
            }
        for (int i = 0; i < k; i++) {
            int x = seq[i], a = i ? seq[i - 1] : 0, b = i + 1 < k ? seq[i + 1] : 0;
            int32_t gain = T(m, a, x) + T(m, x, b) - T(m, a, b);
            int best_j = -1;
            int32_t best = gain;
            /* Insert between the j-th and (j+1)-th node of the tour without x. */
            for (int j = 0; j < k; j++) {
                int u, w;
                if (j == i || j == i + 1) continue; /* where it was */
                u = j ? seq[j - 1] : 0;
                w = j < k ? seq[j] : 0;
                if (T(m, u, x) + T(m, x, w) - T(m, u, w) < best)
                    best = T(m, u, x) + T(m, x, w) - T(m, u, w), best_j = j;
            }
            if (best_j < 0) continue;
            /* Move x from position i to just before position best_j. */
            if (best_j > i) {
                memmove(&seq[i], &seq[i + 1], (size_t)(best_j - 1 - i) * sizeof *seq);
                seq[best_j - 1] = x;
            } else {
                memmove(&seq[best_j + 1], &seq[best_j], (size_t)(i - best_j) * sizeof *seq);
                seq[best_j] = x;
            }
            better = 1;
        }
    }
}

/* The candidates to own a route of the pool at DC d, in a fixed order:
 * couriers that share and are based there, then the shared fleet (-1).
 * Cold vans belong to couriers (the shared fleet only where none is based);
 * trucks to the shared fleet where it stands. */
static int owners(const gen_state *g, int d, int kind, int *out)
{
    int n = 0;
    const gen_depot *dp = &g->depots[d];
    if (kind == KIND_TRUCK && dp->shared_fleet) {
        out[n++] = -1;
        return n;
    }
    for (int c = 0; c < g->o->n_couriers; c++)
        if (g->couriers[c].share && (dp->homed & ((uint64_t)1 << c))) out[n++] = c;
    if (kind == KIND_VAN && dp->shared_fleet) out[n++] = -1;
    if (!n) out[n++] = -1;
    return n;
}

static const veh_type *type_for(int owner, int kind)
{
    if (kind == KIND_COLD) return owner >= 0 ? &cf_gen_type_cold : &cf_gen_type_shared_cold;
    if (kind == KIND_TRUCK) return owner >= 0 ? &cf_gen_type_truck : &cf_gen_type_shared_truck;
    if (owner < 0) return &cf_gen_type_shared_van;
    return owner % 3 == 2 ? &cf_gen_type_ev : &cf_gen_type_van;
}

static cf_status add_route(plant *pl, int vrow, long first, int len, cf_err *err)
{
    gen_state *g = pl->g;
    if (g->n_routes == pl->cap_routes) {
        int n = pl->cap_routes ? 2 * pl->cap_routes : 64;
        gen_route *r = cf_reallocarray(g->routes, (size_t)n, sizeof *r);
        if (!r) return cf_err_set(err, CF_ENOMEM, "gen: cannot allocate %d planted routes", n);
        g->routes = r;
        pl->cap_routes = n;
    }
    g->routes[g->n_routes++] = (gen_route){vrow, 0, first, len};
    return CF_OK;
}

/* Orders ids[0 .. k) become one route of a new vehicle row (owner, type):
 * ordered, then stored at route_orders[*next ..). */
static cf_status close_route(plant *pl, int d, int owner, const veh_type *t, long *ids, int k,
                             long *next, cf_err *err)
{
    gen_state *g = pl->g;
    route_mat m;
    int sweep[MAX_STOPS] = {0}, nn[MAX_STOPS] = {0}, *seq;
    cf_status rc;

    mat_fill(pl, d, ids, k, speed_of(pl, t), &m);
    for (int i = 0; i < k; i++)
        sweep[i] = i + 1;
    nearest_neighbour(&m, nn);
    seq = tour_s(&m, nn) < tour_s(&m, sweep) ? nn : sweep;
    improve(&m, seq);
    if ((rc = cf_gen_add_vrow(g, t, owner, d, 1, err)) != CF_OK) return rc;
    g->vrows[g->n_vrows - 1].num = ++pl->num[d];
    if ((rc = add_route(pl, g->n_vrows - 1, *next, k, err)) != CF_OK) return rc;
    for (int i = 0; i < k; i++)
        g->route_orders[*next + i] = ids[seq[i] - 1];
    *next += k;
    return CF_OK;
}

/* Cuts the group key[a .. b) (one DC, class and kind) into routes. */
static cf_status plant_group(plant *pl, long a, long b, long *next, sweep_item *items, cf_err *err)
{
    gen_state *g = pl->g;
    long first = pl->key[a] & 0xffffffff;
    int d = pl->dc[first], cls = pl->cls[first], kind = pl->kind[first];
    int max_stops = kind == KIND_COLD    ? MAX_STOPS_COLD
                    : kind == KIND_TRUCK ? MAX_STOPS_TRUCK
                                         : MAX_STOPS;
    long n = b - a, start, n_routes, target;
    const gen_depot *dp = &g->depots[d];
    long ids[MAX_STOPS];
    int k = 0, owner = 0, cand[CF_MAX_COURIERS + 1], n_cand;
    const veh_type *t = NULL;
    int64_t w = 0, v = 0, path_s = 0;
    cf_status rc = CF_OK;

    for (long i = 0; i < n; i++) {
        long o = pl->key[a + i] & 0xffffffff;
        items[i] = (sweep_item){g->orders[o].x_m - dp->x_m, g->orders[o].y_m - dp->y_m, o};
    }
    qsort(items, (size_t)n, sizeof *items, cmp_angle);
    start = (long)cf_rng_below(&pl->r, (uint32_t)n);
    n_routes = (n + max_stops - 1) / max_stops;
    target = (n + n_routes - 1) / n_routes; /* balanced stop counts */
    n_cand = cls >= 0 ? (cand[0] = cls, 1) : owners(g, d, kind, cand);

    for (long i = 0; i < n && rc == CF_OK; i++) {
        const gen_order *od = &g->orders[items[(start + i) % n].order];
        long o = items[(start + i) % n].order;
        int32_t ox = od->x_m, oy = od->y_m;
        int speed;
        int64_t to_o, back;

        if (k == 0) {
            int *r = &pl->rot[d][kind];
            owner = cand[*r % n_cand];
            (*r)++;
            t = type_for(owner, kind);
            w = v = path_s = 0;
        }
        speed = speed_of(pl, t);
        if (k == 0) {
            to_o = bound_travel_s(bound_dist_m(pl, dp->x_m, dp->y_m, ox, oy), speed);
        } else {
            const gen_order *prev = &g->orders[ids[k - 1]];
            to_o = bound_travel_s(bound_dist_m(pl, prev->x_m, prev->y_m, ox, oy), speed);
        }
        back = bound_travel_s(bound_dist_m(pl, ox, oy, dp->x_m, dp->y_m), speed);
        if (k > 0 &&
            (k >= target || (w + od->weight_g) * 100 > (int64_t)t->cap_kg * 1000 * FILL_PCT ||
             (v + od->volume_l) * 100 > (int64_t)t->cap_l * FILL_PCT ||
             path_s + to_o + od->service_min * 60 + back > MAX_ROUTE_S)) {
            rc = close_route(pl, d, owner, t, ids, k, next, err);
            k = 0;
            i--; /* the same order opens the next route */
            continue;
        }
        ids[k++] = o;
        w += od->weight_g;
        v += od->volume_l;
        path_s += to_o + od->service_min * 60;
    }
    if (rc == CF_OK && k > 0) rc = close_route(pl, d, owner, t, ids, k, next, err);
    return rc;
}

/* ---- step 4: schedule, windows, shifts -------------------------------------------- */

static int floor_to(int v, int step)
{
    return v / step * step;
}

static int ceil_to(int v, int step)
{
    return (v + step - 1) / step * step;
}

/* A window for an order whose service starts at arrive_s (no wait in the
 * plan): narrow (tw_width_min, starting on the quarter hour, the arrival
 * anywhere inside), a standard slot, or none. */
static void plant_window(plant *pl, gen_order *od, int64_t arrive_s)
{
    static const int slots[][2] = {{540, 720}, {720, 840}, {840, 1080}, {1080, 1260}};
    const cf_gen_opts *o = pl->g->o;
    int at = (int)(arrive_s / 60);
    if ((int)cf_rng_below(&pl->r, 100) < o->tw_share_pct) {
        int w = o->tw_width_min, base = floor_to(at, WINDOW_STEP_MIN);
        int back = (int)cf_rng_below(&pl->r, (uint32_t)(w / WINDOW_STEP_MIN));
        od->tw_start = base - WINDOW_STEP_MIN * back;
        od->tw_end = od->tw_start + w; /* >= base + 15 > at: the arrival is inside */
        pl->g->st.n_narrow_tw++;
        return;
    }
    if ((int)cf_rng_below(&pl->r, 100) >= SLOT_PCT) return;
    for (int s = 0; s < (int)(sizeof slots / sizeof slots[0]); s++)
        if ((int64_t)slots[s][0] * 60 <= arrive_s && arrive_s <= (int64_t)slots[s][1] * 60) {
            od->tw_start = slots[s][0];
            od->tw_end = slots[s][1];
            return;
        }
}

static void plant_schedule(plant *pl, gen_route *rt)
{
    gen_state *g = pl->g;
    const cf_gen_opts *o = g->o;
    gen_vrow *vr = &g->vrows[rt->vrow];
    const gen_depot *dp = &g->depots[vr->depot];
    const long *ids = &g->route_orders[rt->first];
    int speed = speed_of(pl, vr->type), lo, hi, dur_min, slack = o->slack_min;
    int64_t dur_s = 0, dist_m = 0, t;
    int32_t px = dp->x_m, py = dp->y_m;

    /* The route's length in time and distance, to place it in the day. */
    for (int i = 0; i <= rt->len; i++) {
        int32_t x = i < rt->len ? g->orders[ids[i]].x_m : dp->x_m;
        int32_t y = i < rt->len ? g->orders[ids[i]].y_m : dp->y_m;
        int64_t dm = bound_dist_m(pl, px, py, x, y);
        dist_m += dm;
        dur_s += bound_travel_s(dm, speed) + (i < rt->len ? g->orders[ids[i]].service_min * 60 : 0);
        px = x, py = y;
    }
    dur_min = (int)cf_gen_div_ceil(dur_s, 60);
    lo = dp->open > EARLIEST_MIN ? dp->open : EARLIEST_MIN;
    hi = dp->close - dur_min - CLOSE_MARGIN_MIN;
    if (hi < lo) hi = lo; /* not with 8 h routes and 17 h DCs; the checker would say */
    if ((int)cf_rng_below(&pl->r, 100) < AFTERNOON_PCT &&
        (lo > 720 ? lo : 720) <= (hi < 900 ? hi : 900)) {
        lo = lo > 720 ? lo : 720;
        hi = hi < 900 ? hi : 900;
    } else if (hi > lo + 150) {
        hi = lo + 150;
    }
    rt->depart_min = lo + (int)cf_rng_below(&pl->r, (uint32_t)(hi - lo + 1));

    /* The planted schedule: no waiting, every window cut around its arrival. */
    t = (int64_t)rt->depart_min * 60;
    px = dp->x_m, py = dp->y_m;
    for (int i = 0; i < rt->len; i++) {
        gen_order *od = &g->orders[ids[i]];
        t += bound_travel_s(bound_dist_m(pl, px, py, od->x_m, od->y_m), speed);
        plant_window(pl, od, t);
        t += od->service_min * 60;
        px = od->x_m, py = od->y_m;
    }
    t += bound_travel_s(bound_dist_m(pl, px, py, dp->x_m, dp->y_m), speed);

    /* A shift and a max duration around it, each with at most `slack` minutes to spare. */
    vr->shift_start = floor_to(rt->depart_min - (int)cf_rng_below(&pl->r, (uint32_t)slack + 1), 5);
    if (vr->shift_start < dp->open) vr->shift_start = dp->open;
    vr->shift_end =
        ceil_to((int)cf_gen_div_ceil(t, 60) + (int)cf_rng_below(&pl->r, (uint32_t)slack + 1), 5);
    if (vr->shift_end > dp->close) vr->shift_end = dp->close;
    vr->max_duration_min = ceil_to(dur_min + (int)cf_rng_below(&pl->r, (uint32_t)slack + 1), 5);
    vr->speed_kmh = speed;
    if (vr->type->max_distance_km) /* an electric van: its range, a few km over the route */
        vr->max_distance_km = (int)cf_gen_div_ceil(dist_m, 1000) + 1 +
                              (int)cf_rng_below(&pl->r, (uint32_t)slack / 5 + 1);
}

/* Spare vans: a share of the routes, spread over the DCs that have routes,
 * general purpose, on a day shift. */
static cf_status plant_spares(plant *pl, cf_err *err)
{
    gen_state *g = pl->g;
    int nd = g->o->n_depots, with[CF_GEN_MAX_DEPOTS], n_with = 0, n_spare, off;
    bool has[CF_GEN_MAX_DEPOTS] = {false};

    for (int i = 0; i < g->n_routes; i++)
        has[g->vrows[g->routes[i].vrow].depot] = true;
    for (int d = 0; d < nd; d++)
        if (has[d]) with[n_with++] = d;
    n_spare = (int)cf_gen_div_ceil((int64_t)g->n_routes * g->o->spare_pct, 100);
    if (!n_with) return CF_OK;
    off = (int)cf_rng_below(&pl->r, (uint32_t)n_with);
    for (int i = 0; i < n_spare; i++) {
        int d = with[(off + i) % n_with], cand[CF_MAX_COURIERS + 1];
        int n_cand = owners(g, d, KIND_VAN, cand), owner;
        const gen_depot *dp = &g->depots[d];
        gen_vrow *vr;
        cf_status rc;
        owner = cand[pl->rot[d][KIND_VAN]++ % n_cand];
        if ((rc = cf_gen_add_vrow(g, type_for(owner, KIND_VAN), owner, d, 1, err)) != CF_OK)
            return rc;
        vr = &g->vrows[g->n_vrows - 1];
        vr->num = ++pl->num[d];
        vr->shift_start = dp->open > 420 ? dp->open : 420;
        vr->shift_end = dp->close < 1200 ? dp->close : 1200;
        vr->speed_kmh = speed_of(pl, vr->type);
    }
    g->st.n_spare = n_spare;
    return CF_OK;
}

/* Each DC's throughput: what the plan sends out, plus dc_slack_pct. */
static void plant_depot_caps(plant *pl)
{
    gen_state *g = pl->g;
    int64_t wg[CF_GEN_MAX_DEPOTS] = {0}, vl[CF_GEN_MAX_DEPOTS] = {0};
    int slack = 100 + g->o->dc_slack_pct;
    for (long i = 0; i < g->o->n_orders; i++) {
        wg[pl->dc[i]] += g->orders[i].weight_g;
        vl[pl->dc[i]] += g->orders[i].volume_l;
    }
    for (int d = 0; d < g->o->n_depots; d++) {
        g->depots[d].cap_g = wg[d] ? 100 * cf_gen_div_ceil(wg[d] * slack, 100 * 100) : 0;
        g->depots[d].cap_l = vl[d] ? cf_gen_div_ceil(vl[d] * slack, 100) : 0;
    }
}

cf_status cf_gen_plant(gen_state *g, cf_err *err)
{
    long n = g->o->n_orders, next = 0;
    plant pl;
    sweep_item *items = NULL;
    cf_status rc = CF_OK;

    memset(&pl, 0, sizeof pl);
    pl.g = g;
    pl.latlon = g->o->coords == CF_COORD_LATLON;
    cf_rng_seed(&pl.r, g->o->seed, STREAM_PLANTED);
    pl.dc = cf_calloc((size_t)n, sizeof *pl.dc);
    pl.cls = cf_calloc((size_t)n, sizeof *pl.cls);
    pl.kind = cf_calloc((size_t)n, sizeof *pl.kind);
    pl.key = cf_calloc((size_t)n, sizeof *pl.key);
    items = cf_calloc((size_t)n, sizeof *items);
    g->route_orders = cf_calloc((size_t)n, sizeof *g->route_orders);
    if (!pl.dc || !pl.cls || !pl.kind || !pl.key || !items || !g->route_orders) {
        rc = cf_err_set(err, CF_ENOMEM, "gen: cannot allocate the planted tables of %ld orders", n);
        goto done;
    }
    plant_orders(&pl);
    qsort(pl.key, (size_t)n, sizeof *pl.key, cmp_i64);
    for (long a = 0, b; a < n && rc == CF_OK; a = b) {
        for (b = a + 1; b < n && pl.key[b] >> 32 == pl.key[a] >> 32; b++)
            ;
        rc = plant_group(&pl, a, b, &next, items, err);
    }
    if (rc != CF_OK) goto done;
    CF_ASSERT(next == n);
    for (int i = 0; i < g->n_routes; i++)
        plant_schedule(&pl, &g->routes[i]);
    if ((rc = plant_spares(&pl, err)) != CF_OK) goto done;
    plant_depot_caps(&pl);
    g->st.n_routes = g->n_routes;
done:
    cf_free(pl.dc);
    cf_free(pl.cls);
    cf_free(pl.kind);
    cf_free(pl.key);
    cf_free(items);
    return rc;
}

/* ---- the plan, through io/ -------------------------------------------------------- */

cf_status cf_gen_plant_write(gen_state *g, const char *dir, cf_err *err)
{
    char out[4096];
    cf_params eff;
    cf_problem *p = NULL;
    cf_solution sol;
    cf_kpi kpi;
    cf_run_info info;
    cf_err cerr;
    int *buf = NULL;
    bool have_sol = false, have_kpi = false;
    cf_status rc;

    memset(&kpi, 0, sizeof kpi);
    if (snprintf(out, sizeof out, "%s/planted", dir) >= (int)sizeof out)
        return cf_err_set(err, CF_EIO, "cannot create '%s/planted': path too long", dir);
    if ((rc = cf_scenario_load(dir, NULL, &eff, &p, &cerr)) != CF_OK) {
        rc = cf_err_set(err, rc, "planted: the scenario just written does not load: %s", cerr.msg);
        goto done;
    }
    if (p->n_orders != g->o->n_orders || p->n_vehicles != g->n_vrows) {
        rc = cf_err_set(err, CF_EINFEAS,
                        "planted: the scenario loads with %d orders and %d vehicles, not %ld "
                        "and %d",
                        p->n_orders, p->n_vehicles, g->o->n_orders, g->n_vrows);
        goto done;
    }
    if ((rc = cf_solution_init(&sol, p, err)) != CF_OK) goto done;
    have_sol = true;
    if (!(buf = cf_calloc((size_t)p->n_orders, sizeof *buf))) {
        rc = cf_err_set(err, CF_ENOMEM, "planted: cannot allocate a route");
        goto done;
    }
    /* One row per vehicle, orders in file order: row and order indexes carry over. */
    for (int i = 0; i < g->n_routes; i++) {
        const gen_route *rt = &g->routes[i];
        for (int k = 0; k < rt->len; k++)
            buf[k] = (int)g->route_orders[rt->first + k];
        cf_solution_set_route(&sol, rt->vrow, buf, rt->len, (int32_t)rt->depart_min * 60);
    }
    if ((rc = cf_solution_check(p, &sol, &cerr)) != CF_OK) {
        rc = cf_err_set(err, rc == CF_EINFEAS ? CF_EINFEAS : rc,
                        "planted: the checker rejects the planted plan (a generator bug): %s",
                        cerr.msg);
        goto done;
    }
    for (int o = 0; o < p->n_orders; o++)
        if (sol.vehicle[o] < 0) {
            rc = cf_err_set(err, CF_EINFEAS, "planted: order '%s' is not planted (a generator bug)",
                            p->order_id[o]);
            goto done;
        }
    have_kpi = true;
    if ((rc = cf_kpi_compute(p, &sol, eff.co2_kg_per_km, &kpi, err)) != CF_OK) goto done;
    g->st.planted_cost = kpi.cost;
    g->st.planted_dist = kpi.fleet.dist;
    memset(&info, 0, sizeof info);
    rc = cf_plan_write(out, p, &eff, &sol, &info, err);
done:
    if (have_kpi) cf_kpi_release(&kpi);
    if (have_sol) cf_solution_release(&sol);
    cf_free(buf);
    cf_problem_free(p);
    return rc;
}
