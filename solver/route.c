/*
 * Route representation, move evaluation by segment folding, and the one
 * apply shared by every neighbourhood (see route.h).  Segment data follows
 * Vidal et al. 2013, section 4.3; the minute-rounded departure and the cost
 * per route follow models/problem.h.
 */
#include "solver/route.h"

#include <stdlib.h>
#include <string.h>

#include "models/alloc.h"

/* ---- fleet ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return -floor_div(-a, b);
}

/* Vehicles that are identical for the search: everything but the id. */
#define SAME_TYPE (CF_VEH_CAN | CF_VEH_COST)

/* Bit c: courier c's orders may ride on vehicle v (rule 8 without skills and
 * fixed DCs; the same logic as cf_problem_can_carry, checked in tests). */
static uint64_t courier_mask(const cf_problem *p, int v)
{
    uint64_t m = 0;
    int d = p->veh_depot[v], vc = p->veh_courier[v];
    for (int c = 0; c < p->n_couriers; c++) {
        bool ok;
        if (!(p->depot_couriers[d] & ((uint64_t)1 << c))) continue;
        if (vc == c)
            ok = true;
        else if (p->sharing == CF_SHARING_SEPARATE || !p->courier_share[c])
            ok = false;
        else
            ok = vc < 0 || p->courier_share[vc];
        if (ok) m |= (uint64_t)1 << c;
    }
    return m;
}

static cf_cost sat_mul(cf_cost a, int64_t b)
{
    if (a <= 0 || b <= 0) return 0;
    if (a > CF_COST_INF / b) return CF_COST_INF;
    return a * b;
}

/* Past this many vehicle types that may carry an order, its reach is
 * counted without capacity: such an order is plain anyway. */
#define REACH_CAP_TYPES 64

static uint64_t sig_hash(uint32_t skills, int courier, int fixdep)
{
    uint64_t h = (uint64_t)skills * UINT64_C(0x9e3779b97f4a7c15) ^
                 (uint64_t)(courier + 1) * UINT64_C(0xc2b2ae3d27d4eb4f) ^ (uint64_t)(fixdep + 3);
    return h ^ (h >> 29);
}

/* f->reach and f->extra_min, with f->node and the types set.  Orders of one signature
 * (skills, courier, fixed DC) share the types that may carry them, found
 * once: O(signatures x types + orders x REACH_CAP_TYPES).  CF_ENOMEM, CF_OK. */
static cf_status count_reach(cf_fleet *f)
{
    typedef struct sig {
        uint32_t skills;
        int courier, fixdep, first, len; /* its types: tlist[first .. first + len) */
    } sig;
    const cf_problem *p = f->p;
    sig *sigs = NULL;
    int *tlist = NULL, ns = 0, cap_s = 0, nt_list = 0, cap_t = 0;
    cf_status rc = CF_OK;

    /* Signatures by hash: an open-addressed table of their indexes + 1. */
    int *slot = cf_calloc(1024, sizeof *slot), n_slots = 1024;
    if (!slot) return CF_ENOMEM;
    for (int o = 0; o < f->n && rc == CF_OK; o++) {
        const cf_seg *s = &f->node[o];
        int c = p->order_courier[o], i = -1;
        uint64_t h = sig_hash(s->skills, c, s->fixdep);
        int at = (int)(h & (uint64_t)(n_slots - 1));
        for (; slot[at]; at = (at + 1) & (n_slots - 1)) {
            const sig *g = &sigs[slot[at] - 1];
            if (g->skills == s->skills && g->courier == c && g->fixdep == s->fixdep) {
                i = slot[at] - 1;
                break;
            }
        }
        if (i < 0 && 2 * (ns + 1) > n_slots) {
            /* Too full: double the table and place every signature again. */
            int *grown = cf_calloc((size_t)n_slots * 2, sizeof *grown);
            if (!grown) {
                rc = CF_ENOMEM;
                break;
            }
            cf_free(slot);
            slot = grown;
            n_slots *= 2;
            for (int j = 0; j < ns; j++) {
                uint64_t hj = sig_hash(sigs[j].skills, sigs[j].courier, sigs[j].fixdep);
                int a = (int)(hj & (uint64_t)(n_slots - 1));
                while (slot[a])
                    a = (a + 1) & (n_slots - 1);
                slot[a] = j + 1;
            }
            at = (int)(h & (uint64_t)(n_slots - 1));
            while (slot[at])
                at = (at + 1) & (n_slots - 1);
        }
        if (i < 0) {
            i = ns;
            slot[at] = ns + 1;
            if (ns == cap_s) {
                int nc = cap_s ? 2 * cap_s : 16;
                sig *g = cf_reallocarray(sigs, (size_t)nc, sizeof *g);
                if (!g) {
                    rc = CF_ENOMEM;
                    break;
                }
                sigs = g;
                cap_s = nc;
            }
            sigs[ns] = (sig){s->skills, c, s->fixdep, nt_list, 0};
            for (int t = 0; t < f->n_types; t++) {
                if (!cf_fleet_carries(f, f->type_veh[f->type_start[t]], s)) continue;
                if (nt_list == cap_t) {
                    int nc = cap_t ? 2 * cap_t : 64;
                    int *g = cf_reallocarray(tlist, (size_t)nc, sizeof *g);
                    if (!g) {
                        rc = CF_ENOMEM;
                        break;
                    }
                    tlist = g;
                    cap_t = nc;
                }
                tlist[nt_list++] = t;
                sigs[ns].len++;
            }
            ns++;
        }
        if (rc != CF_OK) break;
        const sig *g = &sigs[i];
        int r = 0, extra = 255;
        for (int j = 0; j < g->len; j++) {
            int t = tlist[g->first + j], v = f->type_veh[f->type_start[t]];
            bool fits = true;
            for (int k = 0; k < CF_DIMS && g->len <= REACH_CAP_TYPES; k++)
                fits &= s->load[k] <= p->veh_cap[(size_t)v * CF_DIMS + (size_t)k];
            if (!fits) continue;
            r += f->type_start[t + 1] - f->type_start[t];
            int x = __builtin_popcount(p->veh_skills[v] & ~s->skills);
            if (x < extra) extra = x;
        }
        f->reach[o] = r;
        f->extra_min[o] = (uint8_t)(extra == 255 ? 0 : extra);
    }
    cf_free(slot);
    cf_free(sigs);
    cf_free(tlist);
    return rc;
}

/* The fleet's tables, zeroed; false when out of memory (f then released). */
static bool fleet_alloc(cf_fleet *f, int n, int nv)
{
    f->speed = cf_calloc((size_t)nv + 1, sizeof *f->speed);
    f->speed_rep = cf_calloc((size_t)nv + 1, sizeof *f->speed_rep);
    f->type = cf_calloc((size_t)nv + 1, sizeof *f->type);
    f->type_start = cf_calloc((size_t)nv + 2, sizeof *f->type_start);
    f->type_veh = cf_calloc((size_t)nv + 1, sizeof *f->type_veh);
    f->type_pos = cf_calloc((size_t)nv + 1, sizeof *f->type_pos);
    f->cmask = cf_calloc((size_t)nv + 1, sizeof *f->cmask);
    f->start_min = cf_calloc((size_t)nv + 1, sizeof *f->start_min);
    f->node = cf_calloc((size_t)n + 1, sizeof *f->node);
    f->active = cf_calloc((size_t)n + 1, sizeof *f->active);
    f->home = cf_calloc((size_t)n + 1, sizeof *f->home);
    f->reach = cf_calloc((size_t)n + 1, sizeof *f->reach);
    f->extra_min = cf_calloc((size_t)n + 1, sizeof *f->extra_min);
    if (!f->speed || !f->speed_rep || !f->type || !f->type_start || !f->type_veh || !f->type_pos ||
        !f->cmask || !f->start_min || !f->node || !f->active || !f->home || !f->reach ||
        !f->extra_min) {
        cf_fleet_release(f);
        return false;
    }
    return true;
}

/* Speed classes: with a duration matrix every vehicle travels alike. */
static void speed_classes(cf_fleet *f, const cf_problem *p)
{
    for (int v = 0; v < f->nv; v++) {
        int c = 0;
        if (!p->mat_dur)
            for (c = 0; c < f->n_speed; c++)
                if (p->veh_s_per_dist[f->speed_rep[c]] == p->veh_s_per_dist[v]) break;
        if (c == f->n_speed) f->speed_rep[f->n_speed++] = v;
        f->speed[v] = c;
    }
}

/* Types: sort by every attribute, ties by index, then cut runs (order is
 * scratch of nv); then each vehicle's couriers and earliest start. */
static void vehicle_types(cf_fleet *f, const cf_problem *p, int *order)
{
    int nv = f->nv;
    for (int v = 0; v < nv; v++)
        order[v] = v;
    cf_vehicle_sort(p, SAME_TYPE, order, f->type_veh, nv);
    for (int i = 0; i < nv; i++) {
        if (i == 0 || cf_vehicle_cmp(p, order[i - 1], order[i], SAME_TYPE) != 0)
            f->type_start[f->n_types++] = i;
        f->type[order[i]] = f->n_types - 1;
        f->type_veh[i] = order[i];
        f->type_pos[order[i]] = i;
    }
    f->type_start[f->n_types] = nv;
    for (int v = 0; v < nv; v++) {
        int d = p->veh_depot[v];
        f->cmask[v] = courier_mask(p, v);
        f->start_min[v] =
            p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
    }
}

/* Each order as a one-node segment, and whether the search places it. */
static void order_nodes(cf_fleet *f, const cf_problem *p, const uint8_t *reason, const int *home)
{
    int nd = f->nd;
    for (int o = 0; o < f->n; o++) {
        cf_seg *s = &f->node[o];
        memset(s, 0, sizeof *s);
        s->dur = s->busy = p->order_service[o];
        s->early = p->order_tw_start[o];
        s->late = p->order_tw_end[o];
        for (int k = 0; k < CF_DIMS; k++)
            s->load[k] = p->order_demand[o * CF_DIMS + k];
        s->couriers = (uint64_t)1 << p->order_courier[o];
        s->skills = p->order_skills[o];
        s->fixdep = p->order_depot[o] >= 0 ? p->order_depot[o] : CF_FIXDEP_NONE;
        s->first = s->last = nd + o;
        s->n = 1;
        f->active[o] = !reason || reason[o] == CF_REASON_NONE;
        f->home[o] = home ? home[o] : -1;
        f->n_optional += f->active[o] && p->order_penalty[o] >= 0;
        if (!f->active[o]) {
            f->n_inactive++;
            if (p->order_penalty[o] >= 0) f->inactive_pen += p->order_penalty[o];
        }
    }
}

/* The farthest order from the first eight DCs, in distance units. */
static int64_t farthest_order(const cf_problem *p)
{
    int64_t far = 0;
    int nd = p->n_depots;
    for (int o = 0; o < p->n_orders; o++)
        for (int d = 0; d < nd && d < 8; d++) {
            int64_t dd = cf_dist(p, d, nd + o);
            if (dd > far) far = dd;
        }
    return far;
}

/* An unrouted mandatory order must outweigh any route: a bound on the
 * most expensive route, capped so that n of them cannot overflow. */
static cf_cost mandatory_weight(const cf_fleet *f, const cf_problem *p, int64_t far)
{
    cf_cost big = 1000000000; /* 1000 currency units at least */
    int64_t span = 0;
    for (int v = 0; v < f->nv; v++) {
        int64_t s = (int64_t)p->veh_shift_end[v] - f->start_min[v];
        if (s > span) span = s;
    }
    if (span > 7 * 86400) span = 7 * 86400;
    for (int v = 0; v < f->nv; v++) {
        cf_cost b = p->veh_fixed_cost[v] + sat_mul(p->veh_cost_per_dist[v], 4 * far + 1) +
                    sat_mul(p->veh_cost_per_hour[v], span / 3600 + 1);
        if (b > CF_COST_INF / 16) b = CF_COST_INF / 16;
        if (4 * b > big) big = 4 * b;
    }
    cf_cost cap = (CF_COST_INF / 4) / ((cf_cost)f->n + 1);
    return big < cap ? big : cap;
}

/* Starting weights of the penalised search (Vidal et al. 2012, section
 * 4.1: capacity excess priced like the distance it saves; HGS-CVRP
 * Params: max distance / max demand).  Time warp and duration excess
 * cost what a second of driving costs; distance excess what a unit of
 * distance costs.  The search adapts them (search.c). */
static void initial_penalties(cf_fleet *f, const cf_problem *p, int64_t far)
{
    int n = f->n, nv = f->nv;
    cf_cost per_dist = 1, per_s = 1, fixed = 0, fixed_lo = CF_COST_INF;
    cf_amount dmax[CF_DIMS] = {0};
    int64_t arc = 0;
    for (int v = 0; v < nv; v++) {
        cf_cost cs = (cf_cost)((double)p->veh_cost_per_dist[v] / p->veh_s_per_dist[v]) +
                     p->veh_cost_per_hour[v] / 3600;
        if (p->veh_cost_per_dist[v] > per_dist) per_dist = p->veh_cost_per_dist[v];
        if (cs > per_s) per_s = cs;
        if (p->veh_fixed_cost[v] > fixed) fixed = p->veh_fixed_cost[v];
        if (p->veh_fixed_cost[v] < fixed_lo) fixed_lo = p->veh_fixed_cost[v];
    }
    fixed = nv > 0 ? fixed - fixed_lo : 0;
    for (int o = 0; o < n; o++)
        for (int k = 0; k < CF_DIMS; k++)
            if (p->order_demand[o * CF_DIMS + k] > dmax[k])
                dmax[k] = p->order_demand[o * CF_DIMS + k];
    /* A typical arc: the mean distance from an order to its DC's sweep
     * neighbours is not at hand here; the farthest order from DC 0 over
     * ten is a scale-free stand-in (HGS uses the max distance). */
    arc = far > 0 ? far : 1;
    f->pen_init.strict = false;
    f->pen_init.strict_time = false;
    /* With fixed costs that differ between vehicles (a mixed fleet), two
     * routes merged into one overloaded small vehicle save the fixed
     * cost of a big one: an order's worth of excess must cost about
     * that much too, or the penalised search packs the whole plan into
     * a few overloaded vehicles that no repair can undo (measured on
     * hfvrp_pessoa X670-FSMF: 1500 moves and 60 ms per iteration).  A
     * fleet with one fixed cost (vehicles-first, scenarios) keeps the
     * distance-only weights. */
    for (int k = 0; k < CF_DIMS; k++) {
        double w = dmax[k] > 0 ? ((double)per_dist * (double)arc + (double)fixed) /
                                     (double)dmax[k]
                               : 1.0;
        if (w < 1.0) w = 1.0;
        if (w > 1e12) w = 1e12;
        f->pen_init.per_load[k] = (cf_cost)w;
        /* the fixed-cost part is a floor: below it merging routes pays */
        w = dmax[k] > 0 ? (double)fixed / (double)dmax[k] : 1.0;
        f->load_min[k] = w < 1.0 ? 1 : w > 1e12 ? (cf_cost)1e12 : (cf_cost)w;
    }
    f->pen_init.per_tw_s = per_s;
    f->pen_init.per_dur_s = per_s;
    f->pen_init.per_dist = per_dist;
}

cf_status cf_fleet_init(cf_fleet *f, const cf_problem *p, const cf_travel *tr,
                        const uint8_t *reason, const int *home, cf_err *err)
{
    int n = p->n_orders, nv = p->n_vehicles, nd = p->n_depots;
    int *order;

    memset(f, 0, sizeof *f);
    f->p = p;
    f->tr = tr;
    f->n = n;
    f->nv = nv;
    f->nd = nd;
    if (!fleet_alloc(f, n, nv))
        return cf_err_set(err, CF_ENOMEM, "cannot allocate fleet tables for %d vehicles", nv);
    if (!(order = cf_calloc((size_t)nv + 1, sizeof *order))) {
        cf_fleet_release(f);
        return cf_err_set(err, CF_ENOMEM, "cannot allocate fleet tables for %d vehicles", nv);
    }
    speed_classes(f, p);
    vehicle_types(f, p, order);
    cf_free(order);
    order_nodes(f, p, reason, home);
    if (count_reach(f) != CF_OK) {
        cf_fleet_release(f);
        return cf_err_set(err, CF_ENOMEM, "cannot allocate fleet tables for %d orders", n);
    }

    int64_t far = farthest_order(p);
    f->mand_big = mandatory_weight(f, p, far);
    f->pen.strict = true;
    f->pen.strict_time = true;
    for (int k = 0; k < CF_DIMS; k++)
        f->pen.per_load[k] = 1000;
    f->pen.per_tw_s = 100000;
    f->pen.per_dur_s = 100000;
    f->pen.per_dist = 10000;
    initial_penalties(f, p, far);
    return CF_OK;
}

void cf_fleet_release(cf_fleet *f)
{
    cf_free(f->speed);
    cf_free(f->speed_rep);
    cf_free(f->type);
    cf_free(f->type_start);
    cf_free(f->type_veh);
    cf_free(f->type_pos);
    cf_free(f->cmask);
    cf_free(f->start_min);
    cf_free(f->node);
    cf_free(f->active);
    cf_free(f->home);
    cf_free(f->reach);
    cf_free(f->extra_min);
    memset(f, 0, sizeof *f);
}

/* ---- costing a route ---- */

static void seg_start(const cf_fleet *f, int v, cf_seg *s)
{
    const cf_problem *p = f->p;
    memset(s, 0, sizeof *s);
    s->early = f->start_min[v];
    s->late = p->veh_shift_end[v];
    s->fixdep = CF_FIXDEP_NONE;
    s->first = s->last = p->veh_depot[v];
}

static void seg_end(const cf_fleet *f, int v, cf_seg *s)
{
    const cf_problem *p = f->p;
    memset(s, 0, sizeof *s);
    s->early = 0;
    s->late = p->veh_shift_end[v];
    s->fixdep = CF_FIXDEP_NONE;
    s->first = s->last = p->veh_depot[v];
}

/* round(per_hour * dur / 3600), half up, split so that it cannot overflow. */
static inline cf_cost time_cost(cf_cost ph, int64_t dur)
{
    return (ph / 3600) * dur + ((ph % 3600) * dur + 1800) / 3600;
}

void cf_route_cost(const cf_fleet *f, int v, const cf_seg *s, cf_route_ev *ev)
{
    cf_route_cost_w(f, &f->pen, v, s, ev);
}

void cf_route_cost_w(const cf_fleet *f, const cf_penalty *w, int v, const cf_seg *s,
                     cf_route_ev *ev)
{
    const cf_problem *p = f->p;
    if (!s || s->n == 0) {
        ev->cost = 0;
        ev->pen = 0;
        ev->depart = f->start_min[v];
        ev->feasible = true;
        ev->viol = 0;
        return;
    }
    /* Any start in [E, L] takes the least duration D; an earlier one waits
     * E - t0 more, a later one warps.  So the first whole minute at or
     * after E (and the shift's start) when it is at most L, else the last
     * one before E (a minute's wait at most): the cheapest departure. */
    int64_t e = s->early, l = s->late, smin = f->start_min[v];
    int64_t t0 = ceil_div(e > smin ? e : smin, 60) * 60;
    if (t0 > l) {
        int64_t t1 = floor_div(e, 60) * 60;
        if (t1 >= smin) t0 = t1;
    }
    int64_t dur = s->dur + (e > t0 ? e - t0 : 0);
    int64_t tw = s->tw + (t0 > l ? t0 - l : 0);
    int64_t x_dur = dur - p->veh_max_duration[v];
    int64_t x_dist = s->dist - p->veh_max_dist[v];
    cf_cost x_load_pen = 0;
    uint8_t viol = tw == 0 && x_dur <= 0 && x_dist <= 0 ? 0 : CF_VIOL_TIME;
    if (tw > 0) viol |= CF_VIOL_WARP;
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount x = s->load[k] - p->veh_cap[v * CF_DIMS + k];
        if (x > 0) {
            viol |= CF_VIOL_LOAD;
            x_load_pen += sat_mul(w->per_load[k], x);
        }
    }
    bool feasible = viol == 0;
    ev->cost = p->veh_fixed_cost[v] + p->veh_cost_per_dist[v] * s->dist +
               time_cost(p->veh_cost_per_hour[v], dur);
    ev->pen = 0;
    ev->viol = viol;
    if (!feasible && !w->strict) {
        ev->pen = x_load_pen + sat_mul(w->per_tw_s, tw) + sat_mul(w->per_dur_s, x_dur) +
                  sat_mul(w->per_dist, x_dist);
        if (ev->pen > CF_COST_INF / 64) ev->pen = CF_COST_INF / 64;
    }
    ev->depart = (int32_t)t0;
    ev->feasible = feasible;
}

/* ---- routes ---- */

cf_status cf_routes_init(cf_routes *r, const cf_fleet *f, cf_err *err)
{
    size_t n = (size_t)f->n + 1, nv = (size_t)f->nv + 1;
    memset(r, 0, sizeof *r);
    r->f = f;
    r->w = f->pen;
    r->n = f->n;
    r->nv = f->nv;
    r->next = cf_calloc(n, sizeof *r->next);
    r->prev = cf_calloc(n, sizeof *r->prev);
    r->route = cf_calloc(n, sizeof *r->route);
    r->pos = cf_calloc(n, sizeof *r->pos);
    r->memo = cf_calloc(CF_ARC_MEMO, sizeof *r->memo);
    r->fw = cf_calloc(n, sizeof *r->fw);
    r->bw = cf_calloc(n, sizeof *r->bw);
    r->in_d = cf_calloc(n, sizeof *r->in_d);
    r->in_t = cf_calloc(n, sizeof *r->in_t);
    r->out_d = cf_calloc(nv, sizeof *r->out_d);
    r->out_t = cf_calloc(nv, sizeof *r->out_t);
    r->first = cf_calloc(nv, sizeof *r->first);
    r->last = cf_calloc(nv, sizeof *r->last);
    r->len = cf_calloc(nv, sizeof *r->len);
    r->ev = cf_calloc(nv, sizeof *r->ev);
    r->stamp = cf_calloc(nv, sizeof *r->stamp);
    r->ostamp = cf_calloc(n, sizeof *r->ostamp);
    r->dc_load = cf_calloc((size_t)f->nd * CF_DIMS + 1, sizeof *r->dc_load);
    r->free_hint = cf_calloc((size_t)f->n_types + 1, sizeof *r->free_hint);
    r->unrouted = cf_calloc(n, sizeof *r->unrouted);
    r->un_idx = cf_calloc(n, sizeof *r->un_idx);
    if (!r->memo || !r->next || !r->prev || !r->route || !r->pos || !r->fw || !r->bw || !r->in_d ||
        !r->in_t || !r->out_d || !r->out_t || !r->first || !r->last || !r->len || !r->ev ||
        !r->stamp || !r->ostamp || !r->dc_load || !r->free_hint || !r->unrouted || !r->un_idx) {
        cf_routes_release(r);
        return cf_err_set(err, CF_ENOMEM, "cannot allocate routes for %d orders", f->n);
    }
    for (int v = 0; v < r->nv; v++) {
        r->first[v] = r->last[v] = -1;
        cf_route_cost(f, v, NULL, &r->ev[v]);
    }
    for (int o = 0; o < r->n; o++) {
        r->next[o] = r->prev[o] = r->route[o] = -1;
        r->un_idx[o] = -1;
        if (!f->active[o]) continue;
        r->un_idx[o] = r->n_unrouted;
        r->unrouted[r->n_unrouted++] = o;
        if (f->p->order_penalty[o] < 0)
            r->mand_out++;
        else
            r->cost += f->p->order_penalty[o];
    }
    return CF_OK;
}

void cf_routes_release(cf_routes *r)
{
    cf_free(r->memo);
    cf_free(r->next);
    cf_free(r->prev);
    cf_free(r->route);
    cf_free(r->pos);
    cf_free(r->fw);
    cf_free(r->bw);
    cf_free(r->in_d);
    cf_free(r->in_t);
    cf_free(r->out_d);
    cf_free(r->out_t);
    cf_free(r->first);
    cf_free(r->last);
    cf_free(r->len);
    cf_free(r->ev);
    cf_free(r->stamp);
    cf_free(r->ostamp);
    cf_free(r->dc_load);
    cf_free(r->free_hint);
    cf_free(r->unrouted);
    cf_free(r->un_idx);
    memset(r, 0, sizeof *r);
}

void cf_routes_copy(cf_routes *dst, const cf_routes *src)
{
    size_t n = (size_t)src->n, nv = (size_t)src->nv;
    CF_ASSERT(dst->f == src->f);
    if (dst == src) return;
    memcpy(dst->next, src->next, n * sizeof *dst->next);
    memcpy(dst->prev, src->prev, n * sizeof *dst->prev);
    memcpy(dst->route, src->route, n * sizeof *dst->route);
    memcpy(dst->pos, src->pos, n * sizeof *dst->pos);
    memcpy(dst->fw, src->fw, n * sizeof *dst->fw);
    memcpy(dst->bw, src->bw, n * sizeof *dst->bw);
    memcpy(dst->in_d, src->in_d, n * sizeof *dst->in_d);
    memcpy(dst->in_t, src->in_t, n * sizeof *dst->in_t);
    memcpy(dst->out_d, src->out_d, nv * sizeof *dst->out_d);
    memcpy(dst->out_t, src->out_t, nv * sizeof *dst->out_t);
    memcpy(dst->first, src->first, nv * sizeof *dst->first);
    memcpy(dst->last, src->last, nv * sizeof *dst->last);
    memcpy(dst->len, src->len, nv * sizeof *dst->len);
    memcpy(dst->ev, src->ev, nv * sizeof *dst->ev);
    memcpy(dst->stamp, src->stamp, nv * sizeof *dst->stamp);
    memcpy(dst->ostamp, src->ostamp, n * sizeof *dst->ostamp);
    memcpy(dst->dc_load, src->dc_load, (size_t)src->f->nd * CF_DIMS * sizeof *dst->dc_load);
    memcpy(dst->free_hint, src->free_hint, (size_t)src->f->n_types * sizeof *dst->free_hint);
    memcpy(dst->unrouted, src->unrouted, n * sizeof *dst->unrouted);
    memcpy(dst->un_idx, src->un_idx, n * sizeof *dst->un_idx);
    dst->n_unrouted = src->n_unrouted;
    dst->n_used = src->n_used;
    dst->cost = src->cost;
    dst->pen = src->pen;
    dst->mand_out = src->mand_out;
    dst->n_viol[0] = src->n_viol[0];
    dst->n_viol[1] = src->n_viol[1];
    dst->w = src->w;
}

void cf_routes_touch_all(cf_routes *r, uint64_t stamp)
{
    for (int v = 0; v < r->nv; v++)
        r->stamp[v] = stamp;
    for (int o = 0; o < r->n; o++)
        r->ostamp[o] = stamp;
}

bool cf_routes_route_seg(const cf_routes *r, int v, cf_seg *s)
{
    const cf_fleet *f = r->f;
    cf_seg end;
    if (r->len[v] == 0) return false;
    seg_start(f, v, s);
    cf_seg_join(s, &r->fw[r->last[v]], r->in_d[r->first[v]], r->in_t[r->first[v]], s);
    seg_end(f, v, &end);
    cf_seg_join(s, &end, r->out_d[v], r->out_t[v], s);
    return true;
}

void cf_routes_set_penalty(cf_routes *r, const cf_penalty *w)
{
    r->w = *w;
    r->pen = 0;
    r->n_viol[0] = r->n_viol[1] = 0;
    for (int v = 0; v < r->nv; v++) {
        cf_seg s;
        if (!cf_routes_route_seg(r, v, &s)) continue;
        cf_route_cost_w(r->f, w, v, &s, &r->ev[v]);
        r->pen += r->ev[v].pen;
        r->n_viol[0] += (r->ev[v].viol & CF_VIOL_LOAD) != 0;
        r->n_viol[1] += (r->ev[v].viol & CF_VIOL_TIME) != 0;
    }
}

int cf_routes_free_vehicle(const cf_routes *r, int t)
{
    const cf_fleet *f = r->f;
    int i = f->type_start[t] + r->free_hint[t];
    return i < f->type_start[t + 1] ? f->type_veh[i] : -1;
}

/* ---- folding pieces ---- */

/* The arc x -> y (problem nodes) for vehicle v: from the caches when it is
 * an arc of the current solution driven at v's speed, else computed.  Most
 * arcs of a move's new routes are old ones (a prefix's link to its DC, a
 * suffix's, the inside of a range), so a move costs a few new arcs. */
static inline void route_arc(const cf_routes *r, int v, int x, int y, int32_t *d, int64_t *t)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int nd = f->nd;
    if (y >= nd) {
        int o = y - nd, ro = r->route[o];
        if (ro >= 0 && f->speed[ro] == f->speed[v] &&
            (x >= nd ? r->prev[o] == x - nd : r->prev[o] < 0 && x == p->veh_depot[ro])) {
            *d = r->in_d[o];
            *t = r->in_t[o];
            return;
        }
    } else if (x >= nd) {
        int o = x - nd, ro = r->route[o];
        if (ro >= 0 && r->next[o] < 0 && y == p->veh_depot[ro] && f->speed[ro] == f->speed[v]) {
            *d = r->out_d[ro];
            *t = r->out_t[ro];
            return;
        }
    }
    uint64_t key = ((uint64_t)(uint32_t)x << 40 | (uint64_t)(uint32_t)y << 16 |
                    (uint64_t)(uint32_t)f->speed[v]) +
                   1;
    cf_arc_memo *m = &r->memo[(key * 0x9e3779b97f4a7c15ULL) >> 52];
    if (m->key == key) {
        *d = m->d;
        *t = m->t;
        return;
    }
    *d = cf_fast_dist(f->tr, p, x, y);
    *t = cf_arc_time(p, v, x, y, *d);
    m->key = key;
    m->d = *d;
    m->t = (int32_t)*t;
}

static inline void join_route(const cf_routes *r, int v, cf_seg *acc, const cf_seg *b)
{
    int32_t d;
    int64_t t;
    route_arc(r, v, acc->last, b->first, &d, &t);
    cf_seg_join(acc, b, d, t, acc);
}

/* The arcs between the pieces of a new route of vehicle v (DC first and
 * last): arcs[i] leads into piece i, arcs[np] back to the DC. */
typedef struct boundary {
    int32_t d[CF_MOVE_PIECES + 1];
    int64_t t[CF_MOVE_PIECES + 1];
} boundary;

static inline void piece_ends(const cf_routes *r, const cf_piece *pc, int *first, int *last)
{
    int a = pc->a, b = pc->b;
    switch (pc->kind) {
    case CF_PIECE_PREFIX:
        *first = r->first[r->route[a]];
        *last = a;
        break;
    case CF_PIECE_SUFFIX:
        *first = a;
        *last = r->last[r->route[a]];
        break;
    case CF_PIECE_RANGE:
        *first = a;
        *last = b;
        break;
    case CF_PIECE_REV:
        *first = b;
        *last = a;
        break;
    default:
        *first = *last = a;
        break;
    }
}

/* A lower bound of vehicle v's cost for the route made of the pieces, in
 * O(pieces): distance exactly (prefix sums), time as travel + service
 * without waiting (busy), or 0 where a piece changes speed class or is a
 * reversed range over a matrix.  Fills the boundary arcs on the way. */
static cf_cost route_lower_bound(const cf_routes *r, int v, const cf_piece *pc, int np,
                                 boundary *bd)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int nd = f->nd, sp = f->speed[v], x = p->veh_depot[v];
    int64_t dist = 0, busy = 0;
    cf_amount load[CF_DIMS] = {0};

    for (int i = 0; i < np; i++) {
        int a = pc[i].a, b = pc[i].b, first, last, ra;
        bool same;
        piece_ends(r, &pc[i], &first, &last);
        route_arc(r, v, x, nd + first, &bd->d[i], &bd->t[i]);
        dist += bd->d[i];
        busy += bd->t[i];
        x = nd + last;
        switch (pc[i].kind) {
        case CF_PIECE_PREFIX:
            same = f->speed[r->route[a]] == sp;
            dist += r->fw[a].dist;
            busy += same ? r->fw[a].busy : 0;
            for (int k = 0; k < CF_DIMS; k++)
                load[k] += r->fw[a].load[k];
            break;
        case CF_PIECE_SUFFIX:
            same = f->speed[r->route[a]] == sp;
            dist += r->bw[a].dist;
            busy += same ? r->bw[a].busy : 0;
            for (int k = 0; k < CF_DIMS; k++)
                load[k] += r->bw[a].load[k];
            break;
        case CF_PIECE_RANGE:
        case CF_PIECE_REV:
            if (a == b) {
                busy += f->node[a].busy;
                for (int k = 0; k < CF_DIMS; k++)
                    load[k] += f->node[a].load[k];
                break;
            }
            for (int k = 0; k < CF_DIMS; k++)
                load[k] += r->fw[b].load[k] - r->fw[a].load[k] + f->node[a].load[k];
            if (pc[i].kind == CF_PIECE_REV && (p->mat_dist || p->mat_dur)) break;
            ra = r->route[a];
            same = f->speed[ra] == sp;
            dist += r->fw[b].dist - r->fw[a].dist;
            busy += same ? r->fw[b].busy - r->fw[a].busy + f->node[a].busy : 0;
            break;
        default:
            busy += f->node[a].busy;
            for (int k = 0; k < CF_DIMS; k++)
                load[k] += f->node[a].load[k];
            break;
        }
    }
    /* The arc back to the DC first: fold() reads every boundary, also when
     * the bound below rejects the route early (valgrind saw it unset). */
    route_arc(r, v, x, p->veh_depot[v], &bd->d[np], &bd->t[np]);
    /* Capacity is exact from the pieces: an over-full route under strict
     * weights is rejected here, under penalties its excess is priced. */
    cf_cost lpen = 0;
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount xs = load[k] - p->veh_cap[v * CF_DIMS + k];
        if (xs <= 0) continue;
        if (r->w.strict) return CF_COST_INF / 4;
        lpen += sat_mul(r->w.per_load[k], xs);
    }
    dist += bd->d[np];
    busy += bd->t[np];
    return p->veh_fixed_cost[v] + p->veh_cost_per_dist[v] * dist +
           time_cost(p->veh_cost_per_hour[v], busy) + lpen;
}

/* The whole segment (DC visits included) of the pieces on vehicle v, over
 * the boundary arcs already known; false when there is no order. */
static bool fold(const cf_routes *r, int v, const cf_piece *pc, int np, const boundary *bd,
                 cf_seg *s)
{
    const cf_fleet *f = r->f;
    int sp = f->speed[v];
    cf_seg acc, end;

    if (np == 0) return false;
    seg_start(f, v, &acc);
    for (int i = 0; i < np; i++) {
        int a = pc[i].a, b = pc[i].b, ra;
        const cf_seg *whole = NULL;
        switch (pc[i].kind) {
        case CF_PIECE_PREFIX:
            ra = r->route[a];
            if (f->speed[ra] == sp) whole = &r->fw[a];
            break;
        case CF_PIECE_SUFFIX:
            ra = r->route[a];
            if (f->speed[ra] == sp) whole = &r->bw[a];
            break;
        case CF_PIECE_RANGE:
            ra = r->route[a];
            if (a == b)
                whole = &f->node[a];
            else if (f->speed[ra] == sp && r->prev[a] < 0)
                whole = &r->fw[b];
            else if (f->speed[ra] == sp && r->next[b] < 0)
                whole = &r->bw[a];
            break;
        case CF_PIECE_NODE:
            whole = &f->node[a];
            break;
        default:
            break;
        }
        if (whole) {
            cf_seg_join(&acc, whole, bd->d[i], bd->t[i], &acc);
            continue;
        }
        /* Node by node: the first arc is the boundary, the others mostly cached. */
        int o = pc[i].kind == CF_PIECE_REV ? b : a, stop = pc[i].kind == CF_PIECE_REV ? a : b;
        if (pc[i].kind == CF_PIECE_PREFIX) o = r->first[r->route[a]], stop = a;
        if (pc[i].kind == CF_PIECE_SUFFIX) stop = r->last[r->route[a]];
        cf_seg_join(&acc, &f->node[o], bd->d[i], bd->t[i], &acc);
        while (o != stop) {
            o = pc[i].kind == CF_PIECE_REV ? r->prev[o] : r->next[o];
            join_route(r, v, &acc, &f->node[o]);
        }
    }
    seg_end(f, v, &end);
    cf_seg_join(&acc, &end, bd->d[np], bd->t[np], &acc);
    *s = acc;
    return true;
}

static const cf_amount *route_load(const cf_routes *r, int v)
{
    static const cf_amount zero[CF_DIMS];
    return r->len[v] > 0 ? r->fw[r->last[v]].load : zero;
}

cf_eval_result cf_routes_eval_move(const cf_routes *r, cf_move *m, cf_cost unrouted_delta,
                                   cf_cost bound)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    cf_cost delta = unrouted_delta, lb = unrouted_delta;
    boundary bd[CF_MOVE_ROUTES];

    /* Cheap first: a lower bound that cannot beat `bound` ends it here. */
    for (int i = 0; i < m->nr; i++) {
        const cf_new_route *nr = &m->r[i];
        int v = nr->veh;
        if (nr->np > 0) lb += route_lower_bound(r, v, nr->pc, nr->np, &bd[i]);
        lb -= r->ev[v].cost + r->ev[v].pen;
    }
    if (lb >= bound) {
        return CF_EVAL_WORSE;
    }
    for (int i = 0; i < m->nr; i++) {
        cf_new_route *nr = &m->r[i];
        int v = nr->veh;
        cf_seg s;
        if (fold(r, v, nr->pc, nr->np, &bd[i], &s)) {
            if (!cf_fleet_carries(f, v, &s)) return CF_EVAL_RULES;
            cf_route_cost_w(f, &r->w, v, &s, &nr->ev);
            if (!nr->ev.feasible &&
                (r->w.strict || (r->w.strict_time && (nr->ev.viol & CF_VIOL_WARP))))
                return CF_EVAL_INFEASIBLE;
            for (int k = 0; k < CF_DIMS; k++)
                nr->load[k] = s.load[k];
        } else {
            cf_route_cost(f, v, NULL, &nr->ev);
            for (int k = 0; k < CF_DIMS; k++)
                nr->load[k] = 0;
        }
        delta += nr->ev.cost + nr->ev.pen - r->ev[v].cost - r->ev[v].pen;
    }

    /* Rule (9): the DC loads after the move. */
    for (int i = 0; i < m->nr; i++) {
        int d = p->veh_depot[m->r[i].veh];
        if (i == 1 && d == p->veh_depot[m->r[0].veh]) break;
        for (int k = 0; k < CF_DIMS; k++) {
            cf_amount before = r->dc_load[d * CF_DIMS + k], after = before;
            for (int j = 0; j < m->nr; j++) {
                int w = m->r[j].veh;
                if (p->veh_depot[w] != d) continue;
                after += m->r[j].load[k] - route_load(r, w)[k];
            }
            if (after > before && after > p->depot_cap[d * CF_DIMS + k]) return CF_EVAL_DC_CAPACITY;
        }
    }
    m->delta = delta;
    return CF_EVAL_OK;
}

/* ---- applying ---- */

static void unrouted_add(cf_routes *r, int o)
{
    const cf_problem *p = r->f->p;
    r->route[o] = -1;
    r->next[o] = r->prev[o] = -1;
    r->un_idx[o] = r->n_unrouted;
    r->unrouted[r->n_unrouted++] = o;
    if (p->order_penalty[o] < 0)
        r->mand_out++;
    else
        r->cost += p->order_penalty[o];
}

static void unrouted_remove(cf_routes *r, int o)
{
    const cf_problem *p = r->f->p;
    int i = r->un_idx[o], last = r->unrouted[--r->n_unrouted];
    r->unrouted[i] = last;
    r->un_idx[last] = i;
    r->un_idx[o] = -1;
    if (p->order_penalty[o] < 0)
        r->mand_out--;
    else
        r->cost -= p->order_penalty[o];
}

/* Takes route v off the books (its orders keep their links). */
static void route_detach(cf_routes *r, int v)
{
    const cf_fleet *f = r->f;
    int d = f->p->veh_depot[v];
    const cf_amount *ld = route_load(r, v);
    for (int k = 0; k < CF_DIMS; k++)
        r->dc_load[d * CF_DIMS + k] -= ld[k];
    r->cost -= r->ev[v].cost;
    r->pen -= r->ev[v].pen;
    r->n_viol[0] -= (r->ev[v].viol & CF_VIOL_LOAD) != 0;
    r->n_viol[1] -= (r->ev[v].viol & CF_VIOL_TIME) != 0;
    if (r->len[v] > 0) {
        r->n_used--;
        int t = f->type[v], i = f->type_pos[v] - f->type_start[t];
        if (i < r->free_hint[t]) r->free_hint[t] = i;
    }
    /* Empty until rewritten: route_write's search for the next empty vehicle
     * must not step over a route of the same move that is yet to be written
     * (filling one route and emptying another used to leave the hint past
     * the emptied one). */
    r->len[v] = 0;
}

/* Writes route v as seq[0 .. len) and recomputes its caches.  Orders of seq
 * that were unrouted leave the unrouted list. */
static void route_write(cf_routes *r, int v, const int *seq, int len, uint64_t stamp)
{
    const cf_fleet *f = r->f;
    int d = f->p->veh_depot[v];
    cf_seg s;

    for (int i = 0; i < len; i++) {
        int o = seq[i], pv = i > 0 ? seq[i - 1] : -1, nx = i + 1 < len ? seq[i + 1] : -1;
        /* Don't-look bits (Bentley 1992), per order: what changed around o. */
        if (r->route[o] != v || r->prev[o] != pv || r->next[o] != nx) r->ostamp[o] = stamp;
        if (r->un_idx[o] >= 0) unrouted_remove(r, o);
        r->un_idx[o] = -1;
        r->route[o] = v;
        r->pos[o] = i + 1;
        r->prev[o] = i > 0 ? seq[i - 1] : -1;
        r->next[o] = i + 1 < len ? seq[i + 1] : -1;
    }
    r->len[v] = len;
    r->first[v] = len > 0 ? seq[0] : -1;
    r->last[v] = len > 0 ? seq[len - 1] : -1;
    r->stamp[v] = stamp;
    if (len == 0) {
        cf_route_cost(f, v, NULL, &r->ev[v]);
        return;
    }
    /* The arcs, then prefixes and suffixes (without the DC visits) over them. */
    const cf_problem *p = f->p;
    for (int i = 0; i <= len; i++) {
        int x = i > 0 ? cf_order_node(p, seq[i - 1]) : d;
        int y = i < len ? cf_order_node(p, seq[i]) : d;
        int32_t dd = cf_fast_dist(f->tr, p, x, y);
        int64_t tt = cf_arc_time(p, v, x, y, dd);
        if (i < len) {
            r->in_d[seq[i]] = dd;
            r->in_t[seq[i]] = (int32_t)tt;
        } else {
            r->out_d[v] = dd;
            r->out_t[v] = (int32_t)tt;
        }
    }
    for (int i = 0; i < len; i++) {
        int o = seq[i];
        if (i == 0) {
            r->fw[o] = f->node[o];
        } else {
            r->fw[o] = r->fw[seq[i - 1]];
            cf_seg_join(&r->fw[o], &f->node[o], r->in_d[o], r->in_t[o], &r->fw[o]);
        }
    }
    for (int i = len - 1; i >= 0; i--) {
        int o = seq[i];
        if (i == len - 1) {
            r->bw[o] = f->node[o];
        } else {
            int nx = seq[i + 1];
            cf_seg_join(&f->node[o], &r->bw[nx], r->in_d[nx], r->in_t[nx], &r->bw[o]);
        }
    }
    seg_start(f, v, &s);
    cf_seg_join(&s, &r->fw[seq[len - 1]], r->in_d[seq[0]], r->in_t[seq[0]], &s);
    {
        cf_seg end;
        seg_end(f, v, &end);
        cf_seg_join(&s, &end, r->out_d[v], r->out_t[v], &s);
    }
    cf_route_cost_w(f, &r->w, v, &s, &r->ev[v]);
    for (int k = 0; k < CF_DIMS; k++)
        r->dc_load[d * CF_DIMS + k] += s.load[k];
    r->cost += r->ev[v].cost;
    r->pen += r->ev[v].pen;
    r->n_viol[0] += (r->ev[v].viol & CF_VIOL_LOAD) != 0;
    r->n_viol[1] += (r->ev[v].viol & CF_VIOL_TIME) != 0;
    r->n_used++;
    /* Keep free_hint at the first empty vehicle of the type. */
    int t = f->type[v], base = f->type_start[t], cnt = f->type_start[t + 1] - base;
    if (f->type_pos[v] - base == r->free_hint[t]) {
        int i = r->free_hint[t];
        while (i < cnt && r->len[f->type_veh[base + i]] > 0)
            i++;
        r->free_hint[t] = i;
    }
}

static int materialise(const cf_routes *r, const cf_new_route *nr, int *out)
{
    int len = 0;
    for (int i = 0; i < nr->np; i++) {
        const cf_piece *pc = &nr->pc[i];
        int a = pc->a, b = pc->b;
        switch (pc->kind) {
        case CF_PIECE_PREFIX:
            for (int o = r->first[r->route[a]];; o = r->next[o]) {
                out[len++] = o;
                if (o == a) break;
            }
            break;
        case CF_PIECE_SUFFIX:
            for (int o = a; o >= 0; o = r->next[o])
                out[len++] = o;
            break;
        case CF_PIECE_RANGE:
            for (int o = a;; o = r->next[o]) {
                out[len++] = o;
                if (o == b) break;
            }
            break;
        case CF_PIECE_REV:
            for (int o = b;; o = r->prev[o]) {
                out[len++] = o;
                if (o == a) break;
            }
            break;
        default:
            out[len++] = a;
            break;
        }
    }
    return len;
}

void cf_routes_apply(cf_routes *r, const cf_move *m, int *buf, uint64_t stamp)
{
    int start[CF_MOVE_ROUTES + 1], n_old = 0;
    int *old = buf + r->n;

    /* Read everything from the old links before writing any. */
    start[0] = 0;
    for (int i = 0; i < m->nr; i++)
        start[i + 1] = start[i] + materialise(r, &m->r[i], buf + start[i]);
    for (int i = 0; i < m->nr; i++) {
        int v = m->r[i].veh;
        for (int o = r->first[v]; o >= 0; o = r->next[o])
            old[n_old++] = o;
        route_detach(r, v);
    }
    for (int i = 0; i < n_old; i++)
        r->un_idx[old[i]] = -2; /* on the way out unless rewritten */
    for (int i = 0; i < m->nr; i++)
        route_write(r, m->r[i].veh, buf + start[i], start[i + 1] - start[i], stamp);
    for (int i = 0; i < n_old; i++)
        if (r->un_idx[old[i]] == -2) {
            int o = old[i];
            unrouted_add(r, o);
            r->ostamp[o] = stamp;
        }
}

/* ---- checking, import, export ---- */

/* The arc as problem.h defines it, for checking the caches. */
static void join_slow(const cf_fleet *f, int v, cf_seg *acc, const cf_seg *b)
{
    int32_t d = cf_dist(f->p, acc->last, b->first);
    cf_seg_join(acc, b, d, cf_travel_s(f->p, v, acc->last, b->first), acc);
}

static bool seg_eq(const cf_seg *a, const cf_seg *b)
{
    if (a->dist != b->dist || a->dur != b->dur || a->busy != b->busy || a->tw != b->tw ||
        a->early != b->early || a->late != b->late || a->couriers != b->couriers ||
        a->skills != b->skills || a->fixdep != b->fixdep || a->first != b->first ||
        a->last != b->last || a->n != b->n)
        return false;
    for (int k = 0; k < CF_DIMS; k++)
        if (a->load[k] != b->load[k]) return false;
    return true;
}

cf_status cf_routes_verify(const cf_routes *r, cf_err *err)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    cf_cost cost = 0, pen = 0;
    int used = 0, mand = 0, viol[2] = {0, 0};

    for (int v = 0; v < r->nv; v++) {
        int len = 0, prev = -1;
        cf_seg acc;
        cf_route_ev ev;
        for (int o = r->first[v]; o >= 0; prev = o, o = r->next[o]) {
            cf_seg fw = f->node[o];
            if (r->route[o] != v || r->prev[o] != prev || r->pos[o] != ++len)
                return cf_err_set(err, CF_EINFEAS, "route %d: links broken at order %d", v, o);
            if (prev >= 0) {
                fw = r->fw[prev];
                join_slow(f, v, &fw, &f->node[o]);
            }
            {
                int x = prev >= 0 ? cf_order_node(p, prev) : p->veh_depot[v];
                int y = cf_order_node(p, o);
                if (r->in_d[o] != cf_dist(p, x, y) || r->in_t[o] != cf_travel_s(p, v, x, y))
                    return cf_err_set(err, CF_EINFEAS, "route %d: arc into order %d stale", v, o);
            }
            if (!seg_eq(&fw, &r->fw[o]))
                return cf_err_set(err, CF_EINFEAS, "route %d: prefix of order %d stale", v, o);
            if (!cf_fleet_carries(f, v, &f->node[o]) || !cf_problem_can_carry(p, v, o))
                return cf_err_set(err, CF_EINFEAS, "route %d: cannot carry order %d", v, o);
        }
        if (r->len[v] != len || r->last[v] != prev)
            return cf_err_set(err, CF_EINFEAS, "route %d: length or last stale", v);
        if (len > 0) {
            int x = cf_order_node(p, prev), y = p->veh_depot[v];
            if (r->out_d[v] != cf_dist(p, x, y) || r->out_t[v] != cf_travel_s(p, v, x, y))
                return cf_err_set(err, CF_EINFEAS, "route %d: arc back to the DC stale", v);
        }
        prev = -1;
        for (int o = r->last[v]; o >= 0; prev = o, o = r->prev[o]) {
            cf_seg bw = f->node[o];
            if (prev >= 0) join_slow(f, v, &bw, &r->bw[prev]);
            if (!seg_eq(&bw, &r->bw[o]))
                return cf_err_set(err, CF_EINFEAS, "route %d: suffix of order %d stale", v, o);
        }
        if (len > 0) {
            cf_seg end;
            seg_start(f, v, &acc);
            for (int o = r->first[v]; o >= 0; o = r->next[o])
                join_slow(f, v, &acc, &f->node[o]);
            seg_end(f, v, &end);
            join_slow(f, v, &acc, &end);
            cf_route_cost_w(f, &r->w, v, &acc, &ev);
            used++;
        } else {
            cf_route_cost(f, v, NULL, &ev);
        }
        if (ev.cost != r->ev[v].cost || ev.pen != r->ev[v].pen || ev.depart != r->ev[v].depart)
            return cf_err_set(err, CF_EINFEAS, "route %d: cost stale", v);
        if ((r->w.strict && !ev.feasible) || (r->w.strict_time && (ev.viol & CF_VIOL_WARP)))
            return cf_err_set(err, CF_EINFEAS, "route %d: infeasible", v);
        if (ev.viol != r->ev[v].viol)
            return cf_err_set(err, CF_EINFEAS, "route %d: violations stale", v);
        cost += ev.cost;
        pen += ev.pen;
        viol[0] += (ev.viol & CF_VIOL_LOAD) != 0;
        viol[1] += (ev.viol & CF_VIOL_TIME) != 0;
    }
    for (int o = 0; o < r->n; o++) {
        if (r->route[o] >= 0) continue;
        if (!f->active[o]) continue;
        if (r->un_idx[o] < 0 || r->unrouted[r->un_idx[o]] != o)
            return cf_err_set(err, CF_EINFEAS, "order %d: not in the unrouted list", o);
        if (p->order_penalty[o] < 0)
            mand++;
        else
            cost += p->order_penalty[o];
    }
    if (viol[0] != r->n_viol[0] || viol[1] != r->n_viol[1])
        return cf_err_set(err, CF_EINFEAS, "violation counts stale");
    if (cost != r->cost || pen != r->pen || mand != r->mand_out || used != r->n_used)
        return cf_err_set(err, CF_EINFEAS,
                          "totals stale: cost %lld vs %lld, mandatory out %d vs %d, used %d vs %d",
                          (long long)cost, (long long)r->cost, mand, r->mand_out, used, r->n_used);
    for (int d = 0; d < f->nd; d++)
        for (int k = 0; k < CF_DIMS; k++) {
            cf_amount s = 0;
            for (int v = 0; v < r->nv; v++)
                if (p->veh_depot[v] == d) s += route_load(r, v)[k];
            if (s != r->dc_load[d * CF_DIMS + k])
                return cf_err_set(err, CF_EINFEAS, "DC %d: load stale", d);
            if (s > p->depot_cap[d * CF_DIMS + k] && r->w.strict)
                return cf_err_set(err, CF_EINFEAS, "DC %d: over capacity", d);
        }
    for (int t = 0; t < f->n_types; t++) {
        int base = f->type_start[t], cnt = f->type_start[t + 1] - base, i = 0;
        while (i < cnt && r->len[f->type_veh[base + i]] > 0)
            i++;
        if (i != r->free_hint[t]) return cf_err_set(err, CF_EINFEAS, "type %d: free hint", t);
    }
    return CF_OK;
}

void cf_routes_export(const cf_routes *r, cf_solution *out, int *buf)
{
    cf_solution_clear(out);
    for (int v = 0; v < r->nv; v++) {
        int len = 0;
        for (int o = r->first[v]; o >= 0; o = r->next[o])
            buf[len++] = o;
        if (len > 0) cf_solution_set_route(out, v, buf, len, r->ev[v].depart);
    }
}

bool cf_routes_import(cf_routes *r, const cf_solution *s, int *buf)
{
    for (int v = 0; v < r->nv; v++) {
        int len = 0;
        for (int o = s->first[v]; o >= 0; o = s->next[o]) {
            if (!r->f->active[o] || r->route[o] >= 0) return false;
            buf[len++] = o;
        }
        if (len == 0) continue;
        for (int i = 0; i < len; i++)
            if (!cf_fleet_carries(r->f, v, &r->f->node[buf[i]])) return false;
        route_detach(r, v);
        route_write(r, v, buf, len, 0);
        if (!r->ev[v].feasible) return false;
    }
    for (int d = 0; d < r->f->nd; d++)
        for (int k = 0; k < CF_DIMS; k++)
            if (r->dc_load[d * CF_DIMS + k] > r->f->p->depot_cap[d * CF_DIMS + k]) return false;
    return true;
}
