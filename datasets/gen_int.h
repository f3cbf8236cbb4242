/*
 * What the two halves of the generator share (folder-private): gen.c draws
 * the city, couriers, DCs and orders and writes the scenario files;
 * planted.c builds the planted plan of `--planted` (the routes first, then
 * the windows, shifts, fleet and DC limits that fit them) and writes it
 * through io/ after the independent checker has accepted it.
 *
 * Units as in gen.c: positions in metres from the box's centre, weights in
 * grams, volumes in litres, times in minutes after midnight (the planted
 * schedule in seconds), money in yen.
 */
#ifndef CF_DATASETS_GEN_INT_H
#define CF_DATASETS_GEN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "datasets/gen.h"
#include "models/err.h"
#include "models/rng.h"

#define SKILL_COLD 1u
#define SKILL_ALCOHOL 2u

/* Random streams: one per aspect, so that one aspect never shifts another. */
enum { STREAM_ORDERS = 1, STREAM_DEPOTS = 2, STREAM_PLANTED = 3 };

typedef struct gen_city gen_city;

/* A vehicle type: capacities, costs (yen), shift, limits, skills. */
typedef struct veh_type {
    const char *suffix;
    int32_t cap_kg, cap_l;
    int fixed_cost, cost_per_km, cost_per_hour;
    int shift_start, shift_end;                       /* minutes; -1: the DC's hours */
    int max_duration_min, max_distance_km, speed_kmh; /* 0: none / default */
    const char *skills;
} veh_type;

extern const veh_type cf_gen_type_van, cf_gen_type_ev, cf_gen_type_truck, cf_gen_type_cold,
    cf_gen_type_shared_van, cf_gen_type_shared_cold, cf_gen_type_shared_truck;

typedef struct gen_order {
    int32_t x_m, y_m;
    int courier;
    int home;         /* DC whose fleet is sized for it: fixed DC or nearest home */
    int32_t weight_g; /* a multiple of 100 g */
    int32_t volume_l;
    int tw_start, tw_end; /* minutes, -1: none */
    int service_min;
    unsigned skills;
    int32_t penalty; /* yen, 0: mandatory */
    int depot;       /* fixed DC, -1: any */
} gen_order;

typedef struct gen_depot {
    char id[32], name[64];
    int32_t x_m, y_m;
    int32_t lat_ud, lon_ud; /* as printed: the named spot itself, not a round trip */
    int open, close;        /* minutes */
    uint64_t allowed;       /* couriers; all bits: every courier */
    uint64_t homed;         /* couriers whose vehicles are based here */
    int64_t cap_g, cap_l;   /* throughput in grams and litres; 0: unlimited */
    int fixed_cost;         /* yen, -1: left empty */
    bool shared_fleet;
} gen_depot;

typedef struct gen_courier {
    char id[32], name[64], code[16];
    int weight; /* share of the orders */
    int n_homes, homes[2];
    bool share;
} gen_courier;

/* One row of vehicles.csv.  The fields after count override the type's
 * when >= 0 (planted vehicles: one row each, with their own shift). */
typedef struct gen_vrow {
    const veh_type *type;
    int courier; /* -1: shared */
    int depot, count;
    int num;                    /* > 0: the id ends in -NN (one row per vehicle); 0: none */
    int shift_start, shift_end; /* minutes */
    int max_duration_min;       /* minutes */
    int max_distance_km;        /* km */
    int speed_kmh;              /* written out even when it is the default */
} gen_vrow;

/* A planted route: vehicle row vrow leaves its DC at depart_min and serves
 * orders[first .. first + len) of gen_state.route_orders in that order. */
typedef struct gen_route {
    int vrow;
    int depart_min;
    long first;
    int len;
} gen_route;

typedef struct gen_state {
    const cf_gen_opts *o;
    const gen_city *city;
    gen_courier couriers[CF_MAX_COURIERS];
    gen_depot depots[CF_GEN_MAX_DEPOTS];
    gen_order *orders;
    gen_vrow *vrows;
    int n_vrows, cap_vrows;
    /* planted only */
    gen_route *routes;
    int n_routes;
    long *route_orders; /* [n_orders] order indexes, route by route */
    cf_gen_stats st;
} gen_state;

/* Rounded a / b for b > 0, halves away from zero. */
static inline int64_t cf_gen_div_round(int64_t a, int64_t b)
{
    return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

/* a / b rounded up, for a >= 0 and b > 0. */
static inline int64_t cf_gen_div_ceil(int64_t a, int64_t b)
{
    return (a + b - 1) / b;
}

static inline int64_t cf_gen_dist2(int32_t ax, int32_t ay, int32_t bx, int32_t by)
{
    int64_t dx = ax - bx, dy = ay - by;
    return dx * dx + dy * dy;
}

/* Appends a vehicle row with no overrides; count <= 0 adds nothing.  The
 * new row is g->vrows[g->n_vrows - 1].  CF_ENOMEM or CF_OK. */
cf_status cf_gen_add_vrow(gen_state *g, const veh_type *t, int courier, int depot, int count,
                          cf_err *err);

/* planted.c: draws the planted orders' skills, penalties and fixed DCs,
 * builds the routes, and derives from them the windows, the vehicle rows
 * and the DC limits.  CF_ENOMEM or CF_OK. */
cf_status cf_gen_plant(gen_state *g, cf_err *err);

/* planted.c: after the scenario files are in dir, loads them back through
 * io/, turns the routes into a cf_solution of that problem, checks it with
 * cf_solution_check and writes it with cf_plan_write into dir/planted.  A
 * plan the checker rejects is never written (CF_EINFEAS, the checker's
 * message: a generator bug).  Fills the planted figures of g->st. */
cf_status cf_gen_plant_write(gen_state *g, const char *dir, cf_err *err);

#endif
