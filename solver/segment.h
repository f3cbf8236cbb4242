/*
 * Route segments and their concatenation: the data that makes a move's
 * feasibility and cost an O(1) computation (Vidal, Crainic, Gendreau and
 * Prins 2013, "A hybrid genetic algorithm with adaptive diversity management
 * for a large class of vehicle routing problems with time-windows", section
 * 4.3; and Vidal et al. 2014, "A unified solution framework for multi-
 * attribute vehicle routing problems", section 4).
 *
 * A segment is a sequence of visits served by one vehicle.  It summarises:
 *   dur    D: the least duration from the first service start to the end of
 *          the last service, including travel, service and waiting;
 *   tw     the time warp: the seconds one would have to go back in time to
 *          honour every window (0 for a feasible segment);
 *   early  E: the earliest start of the first service that achieves D;
 *   late   L: the latest start of the first service without extra warp;
 *   busy   travel and service time, D without waiting: a lower bound of D
 *          that needs no time-window arithmetic (for pruning moves);
 *   dist, load per dimension, and the union of what its orders require of a
 *          vehicle (skills, couriers, fixed DC), so that rule (8) holds for a
 *          whole segment in O(1).
 * Times depend on the vehicle's speed: a segment is valid for the vehicles of
 * one speed class (route.h); moving it to another class costs O(length).
 *
 * Concatenation A (+) B with travel t from A's last node to B's first:
 *   delta = D_A - TW_A + t,  wt = max(E_B - delta - L_A, 0),  w = max(E_A + delta - L_B, 0)
 *   D = D_A + D_B + t + wt,  TW = TW_A + TW_B + w
 *   E = max(E_B - delta, E_A) - wt,  L = min(L_B - delta, L_A) + w
 */
#ifndef CF_SOLVER_SEGMENT_H
#define CF_SOLVER_SEGMENT_H

#include <stdint.h>

#include "models/problem.h"

#define CF_FIXDEP_NONE (-1)     /* no order of the segment has a fixed DC */
#define CF_FIXDEP_CONFLICT (-2) /* two orders with different fixed DCs */

typedef struct cf_seg {
    int64_t dist;  /* distance units */
    int64_t dur;   /* D, seconds */
    int64_t tw;    /* time warp, seconds */
    int64_t early; /* E, seconds after midnight */
    int64_t late;  /* L, seconds after midnight */
    int64_t busy;  /* travel + service, seconds */
    cf_amount load[CF_DIMS];
    uint64_t couriers;   /* bit c: an order of courier c is on it */
    uint32_t skills;     /* union of the required skills */
    int32_t fixdep;      /* the fixed DC of its orders, CF_FIXDEP_NONE or CF_FIXDEP_CONFLICT */
    int32_t first, last; /* problem nodes at both ends */
    int32_t n;           /* number of orders */
} cf_seg;

static inline int64_t cf_seg_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static inline int64_t cf_seg_min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* out = a (+) b, given the arc a.last -> b.first (distance dd, travel t).
 * out may alias a or b. */
static inline void cf_seg_join(const cf_seg *a, const cf_seg *b, int64_t dd, int64_t t, cf_seg *out)
{
    int64_t delta = a->dur - a->tw + t;
    int64_t wt = cf_seg_max64(b->early - delta - a->late, 0);
    int64_t w = cf_seg_max64(a->early + delta - b->late, 0);
    cf_seg r;

    r.dist = a->dist + b->dist + dd;
    r.dur = a->dur + b->dur + t + wt;
    r.tw = a->tw + b->tw + w;
    r.early = cf_seg_max64(b->early - delta, a->early) - wt;
    r.late = cf_seg_min64(b->late - delta, a->late) + w;
    r.busy = a->busy + b->busy + t;
    for (int k = 0; k < CF_DIMS; k++)
        r.load[k] = a->load[k] + b->load[k];
    r.couriers = a->couriers | b->couriers;
    r.skills = a->skills | b->skills;
    if (a->fixdep == CF_FIXDEP_NONE)
        r.fixdep = b->fixdep;
    else if (b->fixdep == CF_FIXDEP_NONE || b->fixdep == a->fixdep)
        r.fixdep = a->fixdep;
    else
        r.fixdep = CF_FIXDEP_CONFLICT;
    r.first = a->first;
    r.last = b->last;
    r.n = a->n + b->n;
    *out = r;
}

#endif
