/*
 * k-nearest-neighbour lists for granular neighbourhoods (see travel.h).
 *
 * With coordinates, orders are bucketed in a uniform grid of about two
 * orders per cell over their bounding box (in km; lat/lon projected
 * equirectangularly around the mean latitude, which only ranks candidates —
 * their distance is always cf_dist).  Each order scans rings of cells around
 * its own until k candidates are known and the next ring cannot hold a
 * nearer one: O(n k) memory and about O(n k log k) time for spread-out
 * points.  With a distance matrix every row is scanned (O(n^2) time; the
 * matrix is O(n^2) memory anyway).  Ties go to the lower order index, so the
 * lists are the same on every machine.
 */
#include "solver/travel.h"

#include <stdlib.h>
#include <string.h>

#include "models/alloc.h"

typedef struct cand {
    int32_t d;
    int o;
} cand;

static int cand_less(cand a, cand b)
{
    return a.d < b.d || (a.d == b.d && a.o < b.o);
}

/* A max-heap of the k best candidates so far (the worst on top). */
typedef struct heap {
    cand *c;
    int n, cap;
} heap;

static void heap_offer(heap *h, cand x)
{
    int i;
    if (h->n < h->cap) {
        i = h->n++;
        while (i > 0) {
            int up = (i - 1) / 2;
            if (!cand_less(h->c[up], x)) break;
            h->c[i] = h->c[up];
            i = up;
        }
        h->c[i] = x;
        return;
    }
    if (!cand_less(x, h->c[0])) return;
    i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, big = i;
        cand cb = x;
        if (l < h->n && cand_less(cb, h->c[l])) big = l, cb = h->c[l];
        if (r < h->n && cand_less(cb, h->c[r])) big = r;
        if (big == i) break;
        h->c[i] = h->c[big];
        i = big;
    }
    h->c[i] = x;
}

static int cand_cmp(const void *a, const void *b)
{
    cand x = *(const cand *)a, y = *(const cand *)b;
    return cand_less(x, y) ? -1 : cand_less(y, x) ? 1 : 0;
}

/* With time windows, the spatial candidates are ranked again by Vidal et
 * al.'s correlation (2013, "A hybrid genetic algorithm with adaptive
 * diversity management for a large class of vehicle routing problems with
 * time-windows", section 4.2): the travel time from i to j plus 0.2 x the
 * wait at j and 1 x the time warp at j when j follows i, the smaller of the
 * two directions.  Neighbours whose windows cannot follow each other drop
 * out of the granular moves.  s_per_dist: the fastest vehicle's. */
typedef struct corr {
    bool on;           /* some order has a window */
    int pool;          /* spatial candidates per order before the ranking */
    double s_per_dist; /* seconds per distance unit, no matrix */
} corr;

static double follow(const cf_problem *p, const corr *c, int i, int j, int32_t d)
{
    double t = p->mat_dur ? p->mat_dur[(long)(p->n_depots + i) * cf_problem_n_nodes(p) +
                                       p->n_depots + j]
                          : (double)d * c->s_per_dist;
    double ei = p->order_tw_start[i], li = p->order_tw_end[i], si = p->order_service[i];
    double ej = p->order_tw_start[j], lj = p->order_tw_end[j];
    return t + 0.2 * fmax(ej - t - si - li, 0.0) + fmax(ei + si + t - lj, 0.0);
}

typedef struct ranked {
    double key;
    cand c;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return cand_less(x->c, y->c) ? -1 : cand_less(y->c, x->c) ? 1 : 0;
}

/* The k nearest of h's candidates into out: by distance, or by the
 * correlation (c->on) with ties to the nearer. */
static void heap_emit(heap *h, const cf_problem *p, const corr *c, int u, int k, ranked *scratch,
                      int *out)
{
    qsort(h->c, (size_t)h->n, sizeof *h->c, cand_cmp);
    if (!c->on) {
        for (int i = 0; i < h->n && i < k; i++)
            out[i] = h->c[i].o;
        return;
    }
    for (int i = 0; i < h->n; i++) {
        int v = h->c[i].o;
        double a = follow(p, c, u, v, h->c[i].d), b = follow(p, c, v, u, h->c[i].d);
        scratch[i] = (ranked){a < b ? a : b, h->c[i]};
    }
    qsort(scratch, (size_t)h->n, sizeof *scratch, ranked_cmp);
    for (int i = 0; i < h->n && i < k; i++)
        out[i] = scratch[i].c.o;
}

/* True when the build must end here (every 256 orders, a clock read). */
static bool cut_short(cf_travel *t, cf_ctx *ctx, int u)
{
    if (!ctx || (u & 255) != 0 || !cf_ctx_overtime(ctx)) return false;
    t->complete = false;
    return true;
}

static void lists_from_matrix(cf_travel *t, const cf_problem *p, heap *h, const corr *c,
                              ranked *scratch, cf_ctx *ctx)
{
    int nd = p->n_depots;
    for (int u = 0; u < t->n && !cut_short(t, ctx, u); u++) {
        h->n = 0;
        for (int v = 0; v < t->n; v++)
            if (v != u) heap_offer(h, (cand){cf_dist(p, nd + u, nd + v), v});
        heap_emit(h, p, c, u, t->k, scratch, t->nbr + (long)u * t->k);
    }
}

typedef struct grid {
    double x0, y0, cell; /* origin and cell side, km */
    int gx, gy;          /* cells per side */
    int *start;          /* [gx * gy + 1] CSR offsets into item */
    int *item;           /* [n] orders, by cell */
    double *px, *py;     /* [n] projected coordinates, km */
} grid;

static int cell_of(const grid *g, double x, double y, int *cx, int *cy)
{
    int ix = (int)((x - g->x0) / g->cell), iy = (int)((y - g->y0) / g->cell);
    if (ix < 0) ix = 0;
    if (ix >= g->gx) ix = g->gx - 1;
    if (iy < 0) iy = 0;
    if (iy >= g->gy) iy = g->gy - 1;
    *cx = ix;
    *cy = iy;
    return iy * g->gx + ix;
}

/* How far a candidate may be, in projected km, and still beat a heap's
 * worst entry of distance w: a lower bound on cf_dist from the projection,
 * so that most candidates are dismissed without computing cf_dist.  On the
 * plane cf_dist rounds (and may truncate by up to `trunc` km) the exact
 * distance; on lat/lon the projection is trusted to within `slack`, as the
 * ring bound below is. */
typedef struct reach {
    double unit_km, slack, trunc;
} reach;

static double reach_km(const reach *r, int32_t w)
{
    return ((double)w + 0.5) * r->unit_km / r->slack + r->trunc;
}

static void scan_cell(const cf_problem *p, const grid *g, const reach *r, heap *h, int u, int cx,
                      int cy)
{
    if (cx < 0 || cy < 0 || cx >= g->gx || cy >= g->gy) return;
    int c = cy * g->gx + cx, nd = p->n_depots;
    double ux = g->px[u], uy = g->py[u], lim2 = -1;
    for (int i = g->start[c]; i < g->start[c + 1]; i++) {
        int v = g->item[i];
        if (v == u) continue;
        if (h->n == h->cap) {
            double dx = g->px[v] - ux, dy = g->py[v] - uy;
            if (lim2 < 0) {
                double lim = reach_km(r, h->c[0].d);
                lim2 = lim * lim;
            }
            if (dx * dx + dy * dy > lim2) continue;
            lim2 = -1; /* the heap may change below */
        }
        heap_offer(h, (cand){cf_dist(p, nd + u, nd + v), v});
    }
}

static void lists_from_grid(cf_travel *t, const cf_problem *p, const grid *g, heap *h,
                            const corr *c, ranked *scratch, cf_ctx *ctx)
{
    /* km of one distance unit along the ground, to compare ring bounds with
     * the k-th distance found; 0.9 leaves room for the projection's error. */
    double unit_km = p->dist_unit_km, slack = 0.9;
    reach rch = {p->dist_unit_km, 1.0 - 1e-9, p->dist_trunc_km > 0 ? p->dist_trunc_km : 0};
    if (p->coord_kind == CF_COORD_LATLON) {
        unit_km /= p->road_factor;
        rch.unit_km = unit_km;
        rch.slack = slack;
    }

    for (int u = 0; u < t->n && !cut_short(t, ctx, u); u++) {
        int cx, cy;
        h->n = 0;
        cell_of(g, g->px[u], g->py[u], &cx, &cy);
        for (int r = 0;; r++) {
            if (r == 0) {
                scan_cell(p, g, &rch, h, u, cx, cy);
            } else {
                for (int i = -r; i <= r; i++) {
                    scan_cell(p, g, &rch, h, u, cx + i, cy - r);
                    scan_cell(p, g, &rch, h, u, cx + i, cy + r);
                }
                for (int j = -r + 1; j <= r - 1; j++) {
                    scan_cell(p, g, &rch, h, u, cx - r, cy + j);
                    scan_cell(p, g, &rch, h, u, cx + r, cy + j);
                }
            }
            if (r > g->gx && r > g->gy) break; /* every cell seen */
            /* A point in ring r + 1 lies at least r cells away. */
            if (h->n == h->cap && (double)h->c[0].d * unit_km < slack * r * g->cell) break;
        }
        heap_emit(h, p, c, u, t->k, scratch, t->nbr + (long)u * t->k);
    }
}

static cf_status build_grid(grid *g, const cf_problem *p, int n)
{
    double xmin = 0, xmax = 0, ymin = 0, ymax = 0, coslat = 1.0;
    int nd = p->n_depots;

    g->px = cf_calloc((size_t)n, sizeof *g->px);
    g->py = cf_calloc((size_t)n, sizeof *g->py);
    g->item = cf_calloc((size_t)n, sizeof *g->item);
    if (!g->px || !g->py || !g->item) return CF_ENOMEM;
    if (p->coord_kind == CF_COORD_LATLON) {
        double s = 0;
        for (int o = 0; o < n; o++)
            s += p->y[nd + o];
        coslat = cos(s / n * 3.14159265358979323846 / 180.0);
    }
    for (int o = 0; o < n; o++) {
        double x = p->x[nd + o], y = p->y[nd + o];
        if (p->coord_kind == CF_COORD_LATLON) {
            x *= 111.195 * coslat;
            y *= 111.195;
        }
        g->px[o] = x;
        g->py[o] = y;
        if (o == 0 || x < xmin) xmin = x;
        if (o == 0 || x > xmax) xmax = x;
        if (o == 0 || y < ymin) ymin = y;
        if (o == 0 || y > ymax) ymax = y;
    }
    double w = xmax - xmin, hgt = ymax - ymin, area = w * hgt;
    double cell = area > 0 ? sqrt(2.0 * area / n) : (w + hgt > 0 ? 2.0 * (w + hgt) / n : 1.0);
    if (cell <= 0) cell = 1.0;
    g->x0 = xmin;
    g->y0 = ymin;
    g->cell = cell;
    g->gx = (int)fmin(w / cell + 1.0, 4096.0);
    g->gy = (int)fmin(hgt / cell + 1.0, 4096.0);
    if (g->gx < 1) g->gx = 1;
    if (g->gy < 1) g->gy = 1;
    /* The clamp above may leave cells wider than `cell` on one axis. */
    g->cell = fmax(cell, fmax(w / g->gx, hgt / g->gy));

    size_t nc = (size_t)g->gx * (size_t)g->gy;
    g->start = cf_calloc(nc + 1, sizeof *g->start);
    if (!g->start) return CF_ENOMEM;
    for (int o = 0; o < n; o++) {
        int cx, cy;
        g->start[cell_of(g, g->px[o], g->py[o], &cx, &cy) + 1]++;
    }
    for (size_t c = 0; c < nc; c++)
        g->start[c + 1] += g->start[c];
    int *fill = cf_calloc(nc, sizeof *fill);
    if (!fill) return CF_ENOMEM;
    for (int o = 0; o < n; o++) {
        int cx, cy, c = cell_of(g, g->px[o], g->py[o], &cx, &cy);
        g->item[g->start[c] + fill[c]++] = o;
    }
    cf_free(fill);
    return CF_OK;
}

cf_status cf_travel_init(cf_travel *t, const cf_problem *p, int k, cf_ctx *ctx, cf_err *err)
{
    cf_status rc = CF_OK;
    grid g;
    heap h = {0};
    corr c = {false, 0, 0.0};
    ranked *scratch = NULL;
    int n = p->n_orders;

    memset(t, 0, sizeof *t);
    memset(&g, 0, sizeof g);
    t->n = n;
    t->complete = true;
    t->per_unit = 1.0 / p->dist_unit_km;
    t->k = k < n - 1 ? k : n - 1;
    if (t->k < 0) t->k = 0;
    if (n == 0 || t->k == 0) return CF_OK;
    c.on = cf_problem_has_windows(p);
    c.pool = c.on ? (3 * t->k < n - 1 ? 3 * t->k : n - 1) : t->k;
    c.s_per_dist = p->n_vehicles > 0 ? p->veh_s_per_dist[0] : 0.0;
    for (int v = 1; v < p->n_vehicles; v++)
        if (p->veh_s_per_dist[v] < c.s_per_dist) c.s_per_dist = p->veh_s_per_dist[v];
    t->nbr = cf_calloc((size_t)n * (size_t)t->k, sizeof *t->nbr);
    h.c = cf_calloc((size_t)c.pool, sizeof *h.c);
    scratch = cf_calloc((size_t)c.pool, sizeof *scratch);
    h.cap = c.pool;
    if (!t->nbr || !h.c || !scratch) {
        rc = CF_ENOMEM;
        goto done;
    }
    if (p->mat_dist || !p->x) {
        lists_from_matrix(t, p, &h, &c, scratch, ctx);
    } else {
        if ((rc = build_grid(&g, p, n)) != CF_OK) goto done;
        lists_from_grid(t, p, &g, &h, &c, scratch, ctx);
    }
done:
    cf_free(scratch);
    cf_free(h.c);
    cf_free(g.px);
    cf_free(g.py);
    cf_free(g.item);
    cf_free(g.start);
    if (rc != CF_OK) {
        cf_travel_release(t);
        return cf_err_set(err, rc, "cannot allocate neighbour lists for %d orders", n);
    }
    return CF_OK;
}

void cf_travel_release(cf_travel *t)
{
    cf_free(t->nbr);
    memset(t, 0, sizeof *t);
}
