/*
 * SWAP* (Vidal 2022, section 4): the route-pair neighbourhood that
 * exchanges two orders of two routes, each to its best place in the other
 * route.  It looks at a pair of routes rather than a pair of neighbouring
 * orders, so it is not in the cf_nbh_all registry: the local search calls
 * it for route pairs whose polar sectors overlap.
 */
#ifndef CF_SOLVER_NBH_SWAP_STAR_H
#define CF_SOLVER_NBH_SWAP_STAR_H

#include <stdbool.h>

#include "models/arena.h"
#include "solver/nbh/nbh.h"

typedef struct cf_swap_star cf_swap_star;

/* Where a route's orders lie: their angular extent around the DCs' centre,
 * in 1/65536 of a turn (HGS-CVRP's CircleSector), and their bounding box
 * in the problem's coordinates. */
typedef struct cf_sector {
    int start, end;
    double x0, y0, x1, y1; /* bounding box */
    double cx, cy;         /* mean of the orders' coordinates */
} cf_sector;

/* Scratch for one stream, from arena a; NULL when out of memory.  Without
 * coordinates (a distance matrix only) SWAP* is off: cf_swap_star_usable. */
cf_swap_star *cf_swap_star_create(cf_arena *a, const cf_problem *p);
bool cf_swap_star_usable(const cf_swap_star *ss);

/* The sector of vehicle v's (non-empty) route. */
void cf_sector_of(const cf_swap_star *ss, const cf_routes *r, int v, cf_sector *s);
/* Whether SWAP* should try a pair of routes: with one DC, their sectors
 * overlap (Vidal 2022, section 4.2); with several (cf_swap_star_by_boxes),
 * around the DCs' centre the routes of an outer DC span wide angles and
 * most pairs would overlap, so their bounding boxes must overlap instead,
 * and the caller keeps only a route's nearest routes. */
bool cf_sector_overlap(const cf_swap_star *ss, const cf_sector *a, const cf_sector *b);
bool cf_swap_star_by_boxes(const cf_swap_star *ss);

/* The best SWAP* between routes v1 and v2 by the distance-and-capacity
 * estimate, evaluated exactly; when allowed and below best->delta, written
 * to *best (true).  Read-only on r. */
bool cf_swap_star_evaluate(const cf_routes *r, cf_swap_star *ss, int v1, int v2, cf_move *best);

#endif
