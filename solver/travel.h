/*
 * The travel model as the search sees it, pipeline step 2: arcs (distance and
 * a vehicle's travel time, exactly as models/problem.h defines them) and, for
 * granular neighbourhoods (Toth and Vigo 2003), the k nearest orders of each
 * order.  Memory is O(n k): with coordinates, a uniform grid gives each
 * order's candidates without ever forming all pairs; with a distance matrix
 * (already O(n^2) in the problem) each row is scanned.
 */
#ifndef CF_SOLVER_TRAVEL_H
#define CF_SOLVER_TRAVEL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "models/problem.h"
#include "solver/worker.h"

typedef struct cf_travel {
    int n;           /* orders */
    int k;           /* list length (at most n - 1) */
    bool complete;   /* false: a stop cut the build short; lists past it are empty (zeros) */
    int *nbr;        /* [n * k] order indices, nearest first (ties: lower index); with time
                        windows, nearest by the correlation of travel.c among the 3k nearest */
    double per_unit; /* 1 / dist_unit_km */
} cf_travel;

/* Builds the neighbour lists of p's orders, k of them each (fewer when there
 * are fewer orders).  With ctx (may be NULL), a stop or the deadline ends
 * the build once the grace of cf_ctx_overtime is used up: t->complete is
 * then false and the lists not built yet are zeros, for the caller to leave
 * unused.  Without time windows, the first j entries of a list are the list
 * built with k = j (ties go to the lower index), so one build serves every
 * shorter use; with windows, the lists are ranked by a correlation of
 * distance and windows (travel.c), and a shorter use takes the best j.
 * CF_ENOMEM or CF_OK; t is released on failure. */
cf_status cf_travel_init(cf_travel *t, const cf_problem *p, int k, cf_ctx *ctx, cf_err *err);
void cf_travel_release(cf_travel *t);

static inline const int *cf_travel_nbr(const cf_travel *t, int o)
{
    return t->nbr + (long)o * t->k;
}

/* cf_dist, faster: on the plane, sqrt instead of hypot, on lat/lon a
 * series instead of asin, and no libm rounding; when the two could round
 * differently (the distance within 1e-6 of a half unit, far above their
 * disagreement), cf_dist itself.  So the result is always exactly
 * cf_dist's. */
static inline int32_t cf_fast_dist(const cf_travel *t, const cf_problem *p, int i, int j)
{
    double v;
    if (p->mat_dist) return p->mat_dist[(long)i * cf_problem_n_nodes(p) + j];
    if (p->dist_trunc_km > 0) return cf_dist(p, i, j);
    if (p->coord_kind == CF_COORD_LATLON) {
        /* asin of half the chord by its series, exact to 1e-12 relative
         * below 0.1 (about 1,270 km): within a metre's rounding margin,
         * which the check below catches. */
        double dx = p->ux[i] - p->ux[j], dy = p->uy[i] - p->uy[j], dz = p->uz[i] - p->uz[j];
        double x = sqrt(dx * dx + dy * dy + dz * dz) / 2.0, x2 = x * x;
        if (i == j) return 0;
        if (x >= 0.1) return cf_dist(p, i, j);
        double as = x * (1.0 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112 + x2 * 35.0 / 1152))));
        v = 2.0 * 6371.0088 * as * p->road_factor * t->per_unit;
    } else {
        double dx = p->x[i] - p->x[j], dy = p->y[i] - p->y[j];
        v = sqrt(dx * dx + dy * dy) * t->per_unit; /* vs / unit: off by an ulp at most */
    }
    int64_t fl = (int64_t)v;
    double fr = v - (double)fl;
    if (fr > 0.499999 && fr < 0.500001) return cf_dist(p, i, j);
    return (int32_t)(fr < 0.5 ? fl : fl + 1);
}

/* Travel time of vehicle v over an arc of known distance d from i to j:
 * the value of cf_travel_s, whose lround of a non-negative y is
 * floor(y) + (frac(y) >= 0.5), computed exactly here without libm. */
static inline int64_t cf_arc_time(const cf_problem *p, int v, int i, int j, int32_t d)
{
    if (p->mat_dur) return p->mat_dur[(long)i * cf_problem_n_nodes(p) + j];
    double y = (double)d * p->veh_s_per_dist[v];
    int64_t fl = (int64_t)y;
    return (int32_t)(y - (double)fl >= 0.5 ? fl + 1 : fl);
}

#endif
