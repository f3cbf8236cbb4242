/*
 * The search's working representation of a solution, and how a move is
 * evaluated and applied.
 *
 * cf_fleet holds what the search derives once from the problem and shares,
 * read-only, between streams: vehicle speed classes (a segment's times are
 * valid for every vehicle of its class), vehicle types (identical vehicles:
 * an insertion into an empty vehicle tries one per type), per-vehicle
 * courier masks (rule 8 for a whole segment in O(1)), the single-order
 * segments, which orders take part in the search, and the penalty weights.
 *
 * cf_routes is one solution under search: doubly linked routes, one per
 * vehicle, and for each order the segment from its route's first order to
 * it (fw) and from it to the route's last order (bw), both without the DC
 * visits at the ends (a prefix or suffix may move to another vehicle, whose
 * DC and shift differ).  A route's whole segment is START(v) (+) orders
 * (+) END(v).  After a move only the touched routes are rebuilt, O(length).
 *
 * A move names the new content of at most two routes as a short list of
 * pieces of the current solution (a prefix, a suffix, a range, a reversed
 * range, one order).  Evaluating it takes two steps: a lower bound from the
 * pieces' distances and busy times (O(pieces), exact distance, no waiting)
 * that rejects most moves at once; then folding the pieces: O(1) per prefix
 * or suffix of the same speed class and per single order, O(length) for
 * inner ranges (intra-route moves) and for pieces changing speed class.
 * Arcs come from the route caches (in_d/in_t, out_d/out_t) when they exist
 * in the current solution, else from a small per-solution memo or are
 * computed.  Applying a move materialises the pieces, so every
 * neighbourhood shares one apply.
 *
 * Cost per route (problem.h): fixed + cost_per_dist * dist
 * + round(cost_per_hour * (T - t0) / 3600), with t0 the first whole minute
 * in [E, L] (no wait beyond what the windows force), else the last one
 * before E: the departure with the least duration.  The
 * penalised cost adds weight x excess for load, time warp, duration and
 * distance (Vidal et al. 2013, section 4.4).  The weights belong to each
 * cf_routes (cf_penalty, copied with it): under the fleet's strict weights
 * (construction, the final plan) a move to an infeasible route is rejected;
 * a search stream prices capacity excess instead, with weights it adapts
 * (search.c), and may keep time limits strict (strict_time).  Rules 8
 * (who may carry what) and 9 (DC capacity) are never relaxed.
 */
#ifndef CF_SOLVER_ROUTE_H
#define CF_SOLVER_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"
#include "solver/segment.h"
#include "solver/travel.h"

#define CF_COST_INF ((cf_cost)1 << 62)

/* Weights of the penalised cost, per unit of excess. */
typedef struct cf_penalty {
    bool strict;               /* infeasible routes are rejected outright */
    bool strict_time;          /* routes breaking time limits (rules 2, 4, 6) are rejected */
    cf_cost per_load[CF_DIMS]; /* per gram, per cm3 */
    cf_cost per_tw_s;          /* per second of time warp */
    cf_cost per_dur_s;         /* per second over max duration */
    cf_cost per_dist;          /* per distance unit over max distance */
} cf_penalty;

typedef struct cf_fleet {
    const cf_problem *p;
    const cf_travel *tr;
    int n, nv, nd;
    int n_speed;          /* speed classes */
    int *speed;           /* [nv] speed class of each vehicle */
    int *speed_rep;       /* [n_speed] a vehicle of each class (the lowest index) */
    int n_types;          /* identical-vehicle types */
    int *type;            /* [nv] */
    int *type_start;      /* [n_types + 1] CSR into type_veh */
    int *type_veh;        /* [nv] vehicles by type, ascending index */
    int *type_pos;        /* [nv] index of the vehicle in type_veh */
    uint64_t *cmask;      /* [nv] couriers whose orders the vehicle may carry */
    int32_t *start_min;   /* [nv] earliest departure: max(shift start, DC open) */
    cf_seg *node;         /* [n] one-order segments */
    bool *active;         /* [n] takes part in the search (screening passed) */
    int *home;            /* [n] DC from the depot assignment, -1: none */
    int *reach;           /* [n] vehicles that may carry the order (rule 8, capacity): the
                             fewer, the earlier construction and recreate place it */
    uint8_t *extra_min;   /* [n] fewest skills the order does not need on a vehicle that may
                             carry it */
    int n_inactive;       /* orders screened out */
    int n_optional;       /* active orders with a penalty (optional) */
    cf_cost inactive_pen; /* their penalties (optional ones): a constant of the objective */
    cf_cost mand_big;     /* search weight of an unrouted mandatory order */
    cf_penalty pen;       /* strict: what construction and the final plan use */
    cf_penalty pen_init;  /* starting weights of the penalised search (not strict) */
    cf_cost load_min[CF_DIMS]; /* the adaptive capacity weights never go below these */
} cf_fleet;

/* Builds the fleet tables.  active/home may be NULL (every order active, no
 * assignment).  CF_ENOMEM or CF_OK. */
cf_status cf_fleet_init(cf_fleet *f, const cf_problem *p, const cf_travel *tr,
                        const uint8_t *reason, const int *home, cf_err *err);
void cf_fleet_release(cf_fleet *f);

/* Rule (8) for every order of segment s on vehicle v. */
static inline bool cf_fleet_carries(const cf_fleet *f, int v, const cf_seg *s)
{
    const cf_problem *p = f->p;
    if (s->skills & ~p->veh_skills[v]) return false;
    if (s->couriers & ~f->cmask[v]) return false;
    return s->fixdep == CF_FIXDEP_NONE || s->fixdep == p->veh_depot[v];
}

/* Whether v has more skills that order o does not need than some other
 * vehicle that may carry o: a vehicle to keep for the orders that need
 * those skills while others can take o. */
static inline bool cf_fleet_spends_skill(const cf_fleet *f, int v, int o)
{
    return __builtin_popcount(f->p->veh_skills[v] & ~f->node[o].skills) > f->extra_min[o];
}

/* Scarcity class of order o, floor(log2(reach + 1)): orders few vehicles
 * may carry are placed first. */
static inline int cf_fleet_scarcity(const cf_fleet *f, int o)
{
    int c = 0;
    for (int x = f->reach[o] + 1; x > 1; x >>= 1)
        c++;
    return c;
}

/* The result of costing one route. */
typedef struct cf_route_ev {
    cf_cost cost;   /* objective part of the route, 0 when empty */
    cf_cost pen;    /* penalty of its violations (0 when feasible) */
    int32_t depart; /* t0 */
    bool feasible;
    uint8_t viol;   /* CF_VIOL_* bits of what it breaks */
} cf_route_ev;

#define CF_VIOL_LOAD 1 /* rule (7) */
#define CF_VIOL_TIME 2 /* rules (2), (4), (6): time warp, duration, distance */
#define CF_VIOL_WARP 4 /* rules (2), (4): time warp alone (with CF_VIOL_TIME) */

/* Costs the whole route segment s (START and END included) on vehicle v
 * under the penalty weights w; s == NULL: the empty route. */
void cf_route_cost_w(const cf_fleet *f, const cf_penalty *w, int v, const cf_seg *s,
                     cf_route_ev *ev);
/* The same under the fleet's (strict) weights. */
void cf_route_cost(const cf_fleet *f, int v, const cf_seg *s, cf_route_ev *ev);

/* A small direct-mapped memo of arcs, per solution under search: a move's
 * variants and a pair's moves keep asking for the same few new arcs. */
#define CF_ARC_MEMO 4096
typedef struct cf_arc_memo {
    uint64_t key; /* x, y, speed class; 0: empty */
    int32_t d, t;
} cf_arc_memo;

typedef struct cf_routes {
    const cf_fleet *f;
    cf_penalty w;      /* penalty weights the routes are costed with (copied with the routes) */
    cf_arc_memo *memo; /* [CF_ARC_MEMO], never copied: a cache of the problem's arcs */
    int n, nv;
    int *next, *prev;     /* [n] neighbouring order on the route, -1: a DC end */
    int *route;           /* [n] vehicle, -1: not routed */
    int *pos;             /* [n] 1-based position on the route */
    cf_seg *fw, *bw;      /* [n] prefix up to / suffix from the order (no DC visits) */
    int32_t *in_d, *in_t; /* [n] arc into the order from its predecessor or DC: distance, seconds */
    int32_t *out_d, *out_t;  /* [nv] arc from the last order back to the DC */
    int *first, *last, *len; /* [nv] */
    cf_route_ev *ev;         /* [nv] */
    uint64_t *stamp;         /* [nv] when the route last changed (search clock) */
    uint64_t *ostamp;        /* [n] when the order's route or either neighbour last changed */
    cf_amount *dc_load;      /* [nd * CF_DIMS] demand routed from each DC (rule 9) */
    int *free_hint;          /* [n_types] no empty vehicle before this index of the type */
    int *unrouted;           /* [n_unrouted] active orders not on a route */
    int *un_idx;             /* [n] index in unrouted, -1: routed or inactive */
    int n_unrouted;
    int n_used;   /* vehicles with a non-empty route */
    cf_cost cost; /* objective: routes + penalties of unrouted optional active orders */
    cf_cost pen;  /* sum of route penalties */
    int mand_out; /* unrouted mandatory active orders */
    int n_viol[2]; /* routes breaking capacity, routes breaking time limits */
} cf_routes;

/* All active orders unrouted, every vehicle empty.  CF_ENOMEM or CF_OK. */
cf_status cf_routes_init(cf_routes *r, const cf_fleet *f, cf_err *err);
void cf_routes_release(cf_routes *r);
/* Same fleet required; never allocates. */
void cf_routes_copy(cf_routes *dst, const cf_routes *src);
/* Marks every route and order as changed at `stamp`. */
void cf_routes_touch_all(cf_routes *r, uint64_t stamp);
/* Switches r to penalty weights w and re-costs every route, O(vehicles). */
void cf_routes_set_penalty(cf_routes *r, const cf_penalty *w);
/* No route breaks rules 1-7 (the penalised search's solutions may). */
static inline bool cf_routes_feasible(const cf_routes *r)
{
    return r->n_viol[0] == 0 && r->n_viol[1] == 0;
}
/* The whole segment of vehicle v's route, DC visits included (O(1) from the
 * caches); false when the route is empty. */
bool cf_routes_route_seg(const cf_routes *r, int v, cf_seg *s);

/* Search value: unrouted mandatory orders weigh mand_big each. */
static inline cf_cost cf_routes_value(const cf_routes *r)
{
    return r->cost + r->pen + (cf_cost)r->mand_out * r->f->mand_big;
}

/* The first empty vehicle of type t, or -1. */
int cf_routes_free_vehicle(const cf_routes *r, int t);

/* ---- moves ---- */

typedef enum {
    CF_PIECE_PREFIX, /* first order of a's route .. a */
    CF_PIECE_SUFFIX, /* a .. last order of a's route */
    CF_PIECE_RANGE,  /* a .. b on one route, pos a <= pos b */
    CF_PIECE_REV,    /* the range a .. b, visited from b back to a */
    CF_PIECE_NODE,   /* the order a alone (routed or not) */
} cf_piece_kind;

typedef struct cf_piece {
    int kind, a, b;
} cf_piece;

#define CF_MOVE_PIECES 5
#define CF_MOVE_ROUTES 2

typedef struct cf_new_route {
    int veh;
    int np;
    cf_piece pc[CF_MOVE_PIECES];
    cf_route_ev ev;
    cf_amount load[CF_DIMS];
} cf_new_route;

typedef struct cf_move {
    int nr;                         /* routes rewritten */
    cf_new_route r[CF_MOVE_ROUTES]; /* distinct vehicles */
    cf_cost delta;                  /* change of cf_routes_value */
    int nbh;                        /* registry index, for statistics */
} cf_move;

static inline void cf_move_begin(cf_move *m, int nr, int v1, int v2)
{
    m->nr = nr;
    m->r[0].veh = v1;
    m->r[0].np = 0;
    m->r[1].veh = v2;
    m->r[1].np = 0;
}

static inline void cf_move_piece(cf_move *m, int i, int kind, int a, int b)
{
    if (a < 0) return; /* an empty prefix or suffix */
    cf_piece *pc = &m->r[i].pc[m->r[i].np++];
    pc->kind = kind;
    pc->a = a;
    pc->b = b;
}

typedef enum {
    CF_EVAL_OK,          /* allowed; m->delta is set */
    CF_EVAL_RULES,       /* a vehicle may not carry an order (rule 8) */
    CF_EVAL_INFEASIBLE,  /* a route breaks rules 1-7 (strict penalties) */
    CF_EVAL_DC_CAPACITY, /* routes are fine but a DC would be over capacity (rule 9) */
    CF_EVAL_WORSE,       /* a lower bound shows delta >= bound: not evaluated further */
} cf_eval_result;

/* Evaluates move m: checks rule (8) for every new route, feasibility (with
 * strict penalties) and DC capacities (rule 9); sets m->delta, the change of
 * cf_routes_value.  `unrouted_delta` is the change of the unrouted orders'
 * part (penalties of optional ones, mand_big of mandatory ones) that the
 * move causes.  When a lower bound of the delta (distance exact, time
 * without waiting, O(pieces)) is already >= bound, returns CF_EVAL_WORSE
 * without the full evaluation; CF_COST_INF: always evaluate. */
cf_eval_result cf_routes_eval_move(const cf_routes *r, cf_move *m, cf_cost unrouted_delta,
                                   cf_cost bound);

/* Applies an evaluated move: rewrites its routes, unroutes orders that left
 * them, updates the caches, stamps the routes.  Never allocates; `buf` has
 * room for 2 * n ints. */
void cf_routes_apply(cf_routes *r, const cf_move *m, int *buf, uint64_t stamp);

/* Cost of leaving order o unrouted, in search value. */
static inline cf_cost cf_unrouted_cost(const cf_fleet *f, int o)
{
    cf_cost pen = f->p->order_penalty[o];
    return pen < 0 ? f->mand_big : pen;
}

/* Rebuilds every cache of r from the links alone and compares: for tests
 * and debug builds.  CF_OK or CF_EINFEAS with the first difference. */
cf_status cf_routes_verify(const cf_routes *r, cf_err *err);

/* Writes r into a cf_solution (routes with departure times; unrouted active
 * orders keep the reason already in out, which the caller sets). */
void cf_routes_export(const cf_routes *r, cf_solution *out, int *buf);

/* Loads the routes of a cf_solution (for tests); orders must be active.
 * False when a route is infeasible or a rule is broken. */
bool cf_routes_import(cf_routes *r, const cf_solution *s, int *buf);

#endif
