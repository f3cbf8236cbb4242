/*
 * The problem: a multi-depot, multi-courier vehicle-routing instance with
 * depot assignment, immutable once cf_problem_finalize() has succeeded.
 *
 * Sets
 *   D = [0, n_depots)             distribution centres (DCs)
 *   O = [0, n_orders)             orders; order o stands at node n_depots + o
 *   V = [0, n_vehicles)           vehicles, one per physical vehicle (a row with
 *                                 count k of vehicles.csv expands to k of them)
 *   C = [0, n_couriers)           couriers
 *   N = [0, n_depots + n_orders)  nodes: depots first, then orders
 *
 * A route of vehicle v is a sequence of orders o_1 .. o_k served from the
 * vehicle's home DC d = veh_depot[v], and a departure time t0 (a whole minute).
 *   (1) a_1 = t0 + tau_v(d, o_1),  a_{i+1} = f_i + tau_v(o_i, o_{i+1})      arrival
 *   (2) b_i = max(a_i, tw_start_i) <= tw_end_i                         service start
 *   (3) f_i = b_i + service_i                                               departure
 *   (4) T = f_k + tau_v(o_k, d) <= min(veh_shift_end[v], depot_close[d])     return
 *   (5) t0 >= max(veh_shift_start[v], depot_open[d])
 *   (6) T - t0 <= veh_max_duration[v],  sum of arc distances <= veh_max_dist[v]
 *   (7) sum_i demand[o_i][k] <= veh_cap[v][k] for every dimension k
 *   (8) cf_problem_can_carry(p, v, o_i) for every i (skills, DC and sharing rules)
 *   (9) for every DC d and dimension k, the demand of all orders routed from d
 *       is at most depot_cap[d][k]
 *   (10) every order with order_penalty < 0 (mandatory) is routed exactly once;
 *        an optional order is routed at most once, or pays its penalty.
 * Goods are loaded at the DC before t0; loading takes no time.
 *
 * Objective (minimised), cf_cost units (micro-currency, 1e-6 of one unit):
 *   sum over used vehicles of  veh_fixed_cost[v] + veh_cost_per_dist[v] * dist
 *                              + round(veh_cost_per_hour[v] * (T - t0) / 3600)
 *   + sum over unrouted optional orders of order_penalty[o].
 * (DC fixed costs are reported, not optimised, in this version.)
 *
 * Units: distance in integer distance units (metres for scenarios; km per
 * unit in dist_unit_km), times in integer seconds after midnight of the
 * planning day, amounts in integer grams (weight) and cubic centimetres
 * (volume), costs in integer micro-currency.  Every array states its shape.
 * All storage lives in p->arena and goes with cf_problem_free().
 */
#ifndef CF_MODELS_PROBLEM_H
#define CF_MODELS_PROBLEM_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/arena.h"
#include "models/err.h"

typedef int64_t cf_cost;   /* micro-currency: 1e-6 of the scenario's currency unit */
typedef int64_t cf_amount; /* grams (weight) or cubic centimetres (volume) */

#define CF_COST_SCALE 1000000.0
#define CF_DIMS 2 /* 0: weight, 1: volume */
#define CF_DIM_WEIGHT 0
#define CF_DIM_VOLUME 1
#define CF_WEIGHT_SCALE 1000.0    /* grams per kg */
#define CF_VOLUME_SCALE 1000000.0 /* cm3 per m3 */
#define CF_AMOUNT_INF ((cf_amount)1 << 60)
#define CF_TIME_INF 1000000000 /* seconds: "no limit" (about 31 years) */
#define CF_DIST_INF ((int64_t)1 << 60)
#define CF_MANDATORY ((cf_cost)-1) /* order_penalty of an order that must be served */
/* Limits that keep every sum of the model inside its type (cf_problem_finalize):
 * the longest arc in distance units (cf_dist returns int32; every sum of
 * arcs is taken in int64; PyVRP's HFVRP needs 1.42e9 units of 1e-6 to be
 * right to the cent), and the cost of
 * the worst plan the model allows, in micro-currency (2e12 currency units):
 * int64 holds 4.6 times that, so that a total, a difference of two totals
 * or a total plus the solver's penalties never wraps. */
#define CF_ARC_MAX 2000000000
#define CF_COST_LIMIT ((cf_cost)2000000000000000000)
#define CF_MAX_SKILLS 32
#define CF_MAX_COURIERS 64

typedef enum {
    CF_COORD_LATLON, /* x = longitude, y = latitude, degrees: great circle x road_factor */
    CF_COORD_PLANE,  /* x, y in km: Euclidean */
} cf_coord_kind;

typedef enum {
    CF_SHARING_POOLED,   /* any vehicle may carry any order, unless a courier has share=no */
    CF_SHARING_SEPARATE, /* each courier uses only its own vehicles */
} cf_sharing;

/*
 * The per-entity tables, one line a field: X(type, name, width) with width
 * the items per entity (1 or CF_DIMS), and for vehicles a fourth column,
 * the field's role in "which vehicles are the same kind" (cf_vehicle_cmp).
 * The struct's members, their allocation (cf_problem_alloc_tables), the
 * copy into a sub-problem (models/problem_sub.c) and the comparisons of
 * vehicles are all generated from these lists: a new attribute is one line
 * here, plus the loader that fills it.
 */
#define CF_COURIER_FIELDS(X)                                                                       \
    X(char *, courier_id, 1)                                                                       \
    X(char *, courier_name, 1)                                                                     \
    X(bool, courier_share, 1)

#define CF_SKILL_FIELDS(X) X(char *, skill_name, 1)

#define CF_DEPOT_FIELDS(X)                                                                         \
    X(char *, depot_id, 1)                                                                         \
    X(char *, depot_name, 1)                                                                       \
    X(int32_t, depot_open, 1)          /* seconds */                                               \
    X(int32_t, depot_close, 1)         /* seconds */                                               \
    X(cf_amount, depot_cap, CF_DIMS)   /* CF_AMOUNT_INF: unlimited */                              \
    X(cf_cost, depot_fixed_cost, 1)                                                                \
    X(uint64_t, depot_couriers, 1)     /* bit c set: courier c may use this DC */

#define CF_ORDER_FIELDS(X)                                                                         \
    X(char *, order_id, 1)                                                                         \
    X(int, order_courier, 1)                                                                       \
    X(cf_amount, order_demand, CF_DIMS)                                                            \
    X(int32_t, order_tw_start, 1)      /* seconds */                                               \
    X(int32_t, order_tw_end, 1)        /* seconds */                                               \
    X(int32_t, order_service, 1)       /* seconds */                                               \
    X(uint32_t, order_skills, 1)       /* bit s: needs skill s */                                  \
    X(cf_cost, order_penalty, 1)       /* CF_MANDATORY, or the cost of leaving it unserved */      \
    X(int, order_depot, 1)             /* the only DC that may serve it, or -1: any */

/* Roles of a vehicle field in "the same kind": the solver groups vehicles
 * that agree on the fields of the roles it asks for (cf_vehicle_cmp). */
#define CF_VEH_ID 0u   /* identity: never compared */
#define CF_VEH_CAN 1u  /* what the vehicle can do: where, for whom, how much, when, how far, how fast */
#define CF_VEH_COST 2u /* what it costs */
#define CF_VEH_SRC 0u  /* input of a derived field that is compared instead */

/* The order of the lines is the order of comparison (the search's vehicle
 * types are sorted by it). */
#define CF_VEHICLE_FIELDS(X)                                                                       \
    X(char *, veh_id, 1, CF_VEH_ID)           /* "van" or "van#3" when a row's count > 1 */        \
    X(int, veh_row, 1, CF_VEH_ID)             /* row of vehicles.csv it came from, 0-based */      \
    X(int, veh_depot, 1, CF_VEH_CAN)          /* home DC */                                        \
    X(int, veh_courier, 1, CF_VEH_CAN)        /* owner, or -1: shared fleet */                     \
    X(cf_amount, veh_cap, CF_DIMS, CF_VEH_CAN)                                                     \
    X(cf_cost, veh_fixed_cost, 1, CF_VEH_COST)                                                     \
    X(cf_cost, veh_cost_per_dist, 1, CF_VEH_COST) /* micro-currency per distance unit */           \
    X(cf_cost, veh_cost_per_hour, 1, CF_VEH_COST) /* micro-currency per hour */                    \
    X(int32_t, veh_shift_start, 1, CF_VEH_CAN) /* seconds, already clipped to the DC's hours */    \
    X(int32_t, veh_shift_end, 1, CF_VEH_CAN)                                                       \
    X(int32_t, veh_max_duration, 1, CF_VEH_CAN) /* seconds, CF_TIME_INF: none */                   \
    X(int64_t, veh_max_dist, 1, CF_VEH_CAN)     /* distance units, CF_DIST_INF: none */            \
    X(double, veh_speed_kmh, 1, CF_VEH_SRC)                                                        \
    X(double, veh_s_per_dist, 1, CF_VEH_CAN)  /* seconds per distance unit, from the speed */      \
    X(uint32_t, veh_skills, 1, CF_VEH_CAN)

typedef struct cf_problem {
    cf_arena arena; /* owns every table below */
    char *name;     /* scenario name */

    int n_depots, n_orders, n_vehicles, n_couriers, n_skills;

    /* travel */
    cf_coord_kind coord_kind;
    double road_factor;  /* great-circle detour factor (lat/lon only) */
    double dist_unit_km; /* km per distance unit (0.001: metres) */
    double dist_trunc_km; /* > 0: plane distances truncated down to a multiple of this (DIMACS: 0.1 instance units) before scaling; 0: none */
    double *x, *y;       /* [n_nodes]: lon/lat degrees or km */
    double *ux, *uy, *uz; /* [n_nodes]: unit vectors on the sphere (lat/lon only) */
    int32_t *mat_dist;   /* [n_nodes * n_nodes] distance units, or NULL: from coordinates */
    int32_t *mat_dur;    /* [n_nodes * n_nodes] seconds, or NULL: distance / vehicle speed */
    cf_sharing sharing;

    /* [n_couriers], [n_skills], [n_depots], [n_orders], [n_vehicles]; a
     * field of width CF_DIMS is [n * CF_DIMS] */
#define CF_MEMBER(type, name, width, ...) type *name;
    CF_COURIER_FIELDS(CF_MEMBER)
    CF_SKILL_FIELDS(CF_MEMBER)
    CF_DEPOT_FIELDS(CF_MEMBER)
    CF_ORDER_FIELDS(CF_MEMBER)
    CF_VEHICLE_FIELDS(CF_MEMBER)
#undef CF_MEMBER

    /* research benchmark files (io/formats/bench_read.h); all 0 for scenarios */
    double bench_scale;  /* > 0: the set's published objective is the objective (currency units,
                            penalties included) x bench_scale; 0: the total distance x dist_unit_km */
    int bench_decimals;  /* decimals of that published objective, when bench_scale > 0 */
    int bench_vehicles;  /* > 0: the file lists this many vehicles, and solution files number a
                            route by its vehicle, 1 + veh_row; 0: routes in order of use */
} cf_problem;

/* An empty problem with its arena; the loader fills it.  NULL when out of memory. */
cf_problem *cf_problem_create(void);
/* Frees p and every table in its arena; NULL is fine. */
void cf_problem_free(cf_problem *p);

/* After the loader has filled the fields: checks the cross-table invariants
 * that are our own bugs if broken, computes the derived tables (unit
 * vectors, seconds per distance unit, clipped shifts), then checks that no
 * arithmetic of the model can overflow, whatever the plan:
 *   - the longest arc (from the coordinates' bounding box or the matrix) is
 *     at most CF_ARC_MAX distance units;
 *   - every vehicle drives it in at most CF_TIME_INF seconds (travel times
 *     are int32);
 *   - the orders' demand adds up to less than CF_AMOUNT_INF in each
 *     dimension (loads are sums of demands);
 *   - the worst plan costs at most CF_COST_LIMIT: the sum of every penalty,
 *     every vehicle's fixed cost, the highest cost per distance unit times
 *     the longest arc times the number of arcs a plan can have (orders +
 *     routes), and the highest cost per hour times the longest time all
 *     routes can take together (waiting up to the latest window start per
 *     route, every service, the slowest vehicle's longest arc per arc).
 * CF_EINVAL with a message that names what to reduce, CF_ENOMEM or CF_OK. */
cf_status cf_problem_finalize(cf_problem *p, cf_err *err);

static inline int cf_problem_n_nodes(const cf_problem *p)
{
    return p->n_depots + p->n_orders;
}

static inline int cf_order_node(const cf_problem *p, int o)
{
    return p->n_depots + o;
}

/* Distance between nodes i and j, in distance units. */
static inline int32_t cf_dist(const cf_problem *p, int i, int j)
{
    if (p->mat_dist) return p->mat_dist[(long)i * cf_problem_n_nodes(p) + j];
    if (i == j) return 0;
    if (p->coord_kind == CF_COORD_LATLON) {
        /* Great circle from the chord between unit vectors: stable for short arcs. */
        double dx = p->ux[i] - p->ux[j], dy = p->uy[i] - p->uy[j], dz = p->uz[i] - p->uz[j];
        double chord = sqrt(dx * dx + dy * dy + dz * dz);
        double km = 2.0 * 6371.0088 * asin(fmin(1.0, chord / 2.0));
        return (int32_t)lround(km * p->road_factor / p->dist_unit_km);
    }
    double km = hypot(p->x[i] - p->x[j], p->y[i] - p->y[j]);
    if (p->dist_trunc_km > 0) { /* 1e-9 of a step: exact multiples (3.0 / 0.1) stay put */
        double q = p->dist_trunc_km;
        km = floor(km / q + 1e-9) * q;
    }
    return (int32_t)lround(km / p->dist_unit_km);
}

/* Travel time of vehicle v from node i to node j, in seconds. */
static inline int32_t cf_travel_s(const cf_problem *p, int v, int i, int j)
{
    if (p->mat_dur) return p->mat_dur[(long)i * cf_problem_n_nodes(p) + j];
    return (int32_t)lround((double)cf_dist(p, i, j) * p->veh_s_per_dist[v]);
}

/* The tables of one field list above for n entities, zeroed, in p's
 * arena: false when out of memory. */
typedef enum {
    CF_TABLE_COURIERS, /* CF_COURIER_FIELDS */
    CF_TABLE_SKILLS,   /* CF_SKILL_FIELDS */
    CF_TABLE_DEPOTS,   /* CF_DEPOT_FIELDS */
    CF_TABLE_ORDERS,   /* CF_ORDER_FIELDS */
    CF_TABLE_VEHICLES, /* CF_VEHICLE_FIELDS */
} cf_table;
bool cf_problem_alloc_table(cf_problem *p, cf_table t, int n);

/* "The same kind": compares vehicles a and b on the fields of
 * CF_VEHICLE_FIELDS whose role is in `roles` (CF_VEH_CAN, CF_VEH_COST or
 * both), in the list's order; -1, 0 or 1. */
int cf_vehicle_cmp(const cf_problem *p, int a, int b, unsigned roles);
/* Sorts v[0, n) by cf_vehicle_cmp(roles), ties by index (a stable merge
 * sort; tmp has room for n). */
void cf_vehicle_sort(const cf_problem *p, unsigned roles, int *v, int *tmp, int n);

/* Whether some order has a time window (a start after midnight or an end). */
bool cf_problem_has_windows(const cf_problem *p);

/* Whether vehicle v may carry order o under skills, DC and sharing rules
 * (rule 8); capacity is not part of it. */
bool cf_problem_can_carry(const cf_problem *p, int v, int o);

/* Rule 8 without its ownership and sharing part: whether a vehicle like v
 * (its skills, its home DC) may carry order o whoever owns it.  What a
 * vehicle hired for the order would need (coalition/coalition.h). */
bool cf_problem_can_carry_any_owner(const cf_problem *p, int v, int o);

/* Lookup by id; -1 when absent.  Linear: for loaders and tests, not hot paths. */
int cf_problem_find_order(const cf_problem *p, const char *id);
int cf_problem_find_vehicle(const cf_problem *p, const char *id);
int cf_problem_find_depot(const cf_problem *p, const char *id);
int cf_problem_find_courier(const cf_problem *p, const char *id);

#endif
