/*
 * A pool of good routes, the input of the set-partitioning recombination
 * (docs/algorithms.md, pipeline step 6; solver/sp.h).  The search hands it the routes
 * of the solutions it finds; the pool keeps the feasible ones, once each.
 *
 * Vehicle classes.  Vehicles with identical attributes (home DC, courier,
 * capacities, fixed cost, cost per distance and per hour, skills, shift
 * after clipping, speed, max duration and max distance) form a class: a
 * route feasible on one of them has the same cost and feasibility on every
 * other, so a route found on 'van#3' is stored for the class and may later
 * run on any free van of it.  Classes are numbered by their lowest vehicle
 * index; a class lists its vehicles in ascending index.
 *
 * Keys.  A route is stored under (class, set of orders).  Adding a route
 * whose key is present keeps the cheaper of the two sequences (ties: the
 * one already there), so the pool holds at most one route per key.
 *
 * Cost and feasibility come from the reference evaluation, cf_eval_route
 * (models/eval.h), at a departure time the pool chooses: the whole minute,
 * not before max(shift start, DC open), without any lateness, that gives
 * the shortest duration (the earliest such minute).  Only a route that
 * cf_eval_route finds within every rule 2-8 at that departure enters the
 * pool; since lateness only grows and duration only shrinks with a later
 * departure, no other departure could make a rejected route feasible.
 *
 * Memory is bounded: at most max_routes routes, each an entry of about 80
 * bytes plus 4 bytes per order, and a hash table of 8 bytes per 2 routes,
 * plus O(n_orders + n_vehicles) tables.  When the pool is full, a new key
 * evicts the least recently used route: "used" means added (also as a
 * duplicate, even a costlier one) or selected by a recombination.  Routes
 * that keep appearing in good solutions therefore stay; routes seen once,
 * long ago, go first.  Slots (the indexes below) are reused after eviction.
 *
 * Threads: a pool is not thread-safe and has no lock.  Every call that
 * takes a non-const cf_pool * (including cf_pool_find, which uses scratch
 * memory in the pool, and cf_pool_recombine) must be made by one thread at
 * a time; the search adds routes from its master thread between epochs.
 * Different pools are independent.
 */
#ifndef CF_SOLVER_POOL_H
#define CF_SOLVER_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

typedef struct cf_pool cf_pool;

/* A stored route, as cf_pool_route_at shows it.  The pointer stays valid
 * until the next call that adds to or evicts from the pool. */
typedef struct cf_pool_route {
    int cls;                 /* vehicle class */
    int vehicle;             /* the vehicle it was last stored with (any of the class works) */
    int n;                   /* number of orders, >= 1 */
    const int *orders;       /* [n] the sequence */
    int32_t depart_s;        /* t0: a whole minute, chosen as explained above */
    cf_cost cost;            /* cf_eval_route's cost at depart_s */
    cf_amount load[CF_DIMS]; /* the sum of the orders' demand */
} cf_pool_route;

/* Counters since the pool was created. */
typedef struct cf_pool_stats {
    long added;     /* routes stored under a new key */
    long improved;  /* duplicates that replaced a costlier sequence */
    long duplicate; /* duplicates that were not cheaper (the stored one stays) */
    long rejected;  /* infeasible routes refused */
    long evicted;   /* routes dropped to make room */
} cf_pool_stats;

/* An empty pool for p, holding at most max_routes routes; p must outlive it.
 * CF_EINVAL (max_routes 0 or above INT_MAX / 4), CF_ENOMEM, CF_OK; *out is
 * NULL on failure. */
cf_status cf_pool_create(const cf_problem *p, size_t max_routes, cf_pool **out, cf_err *err);
/* NULL is fine. */
void cf_pool_free(cf_pool *pool);
/* Drops every route (the classes and the counters stay). */
void cf_pool_reset(cf_pool *pool);

/* Offers vehicle's route orders[0 .. n) (the caller keeps the array).
 *   CF_OK      stored, or merged with the route already stored under its
 *              key (the cheaper sequence kept); either way it becomes the
 *              most recently used route;
 *   CF_EINFEAS the route breaks a rule at the best departure: not stored,
 *              err->msg says which rule;
 *   CF_EINVAL  vehicle out of range, n < 1 or > n_orders, an order index
 *              out of range or repeated;
 *   CF_ENOMEM  the pool is unchanged.
 * May evict the least recently used route (above). */
cf_status cf_pool_add(cf_pool *pool, int vehicle, const int *orders, int n, cf_err *err);

/* cf_pool_add for the route of every used vehicle of s (sized for the
 * pool's problem), in vehicle order.  Infeasible routes are skipped (they
 * count in stats.rejected); *n_added (may be NULL) gets the number of routes
 * stored or merged.  CF_EINVAL (s not sized for the problem, a malformed
 * route list), CF_ENOMEM (routes before the failing one stay), CF_OK. */
cf_status cf_pool_add_solution(cf_pool *pool, const cf_solution *s, int *n_added, cf_err *err);

/* Slot of the route stored under vehicle's class and the set of orders
 * [0 .. n) (order of the array irrelevant), or -1.  Bad input gives -1. */
int cf_pool_find(cf_pool *pool, int vehicle, const int *orders, int n);

/* Marks slot as just used (protects it from eviction).  No-op for an empty
 * or out-of-range slot. */
void cf_pool_touch(cf_pool *pool, int slot);

/* Number of routes stored, and the slot range: stored routes have slots in
 * [0, cf_pool_capacity), some of which are empty. */
size_t cf_pool_size(const cf_pool *pool);
size_t cf_pool_capacity(const cf_pool *pool);
/* Fills *r for the route in slot and returns 1, or returns 0 (empty slot,
 * out of range). */
int cf_pool_route_at(const cf_pool *pool, size_t slot, cf_pool_route *r);

/* The problem, vehicle classes and counters. */
const cf_problem *cf_pool_problem(const cf_pool *pool);
int cf_pool_n_classes(const cf_pool *pool);
/* Class of vehicle v (0 <= v < n_vehicles). */
int cf_pool_class_of(const cf_pool *pool, int v);
/* The vehicles of class c in ascending index, *count of them. */
const int *cf_pool_class_vehicles(const cf_pool *pool, int c, int *count);
void cf_pool_get_stats(const cf_pool *pool, cf_pool_stats *st);

#endif
