/*
 * SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source
 * implementation and SWAP* neighborhood", section 4): exchange u of route
 * R1 with v of route R2, each going to its best position in the other
 * route, not necessarily the place the other left.  Vidal's theorem 1: the
 * best position of u in R2 minus v is among the three cheapest insertion
 * positions of u in R2 (preprocessed per pair of routes, O(|R1| |R2|)) or
 * the place of v.  So the whole pair costs O(|R1| |R2|), not O(|R1|^2 |R2|^2).
 *
 * Pairs are pruned by polar sectors (section 4.2): only routes whose
 * angular sectors around the DCs' centre overlap are tried.  The estimate
 * uses distance (at each vehicle's price per distance unit) and the
 * capacity penalty of the search (Vidal 2022, eq. (5)-(6)); the single best
 * estimated exchange is then evaluated exactly, time windows included, as
 * a piece list (route.h), like PyVRP's SwapStar.
 */
#include "solver/nbh/swap_star.h"

#include <math.h>
#include <string.h>

typedef struct ins3 {
    cf_cost cost[3];
    int after[3]; /* order after which to insert, -1: at the front */
} ins3;

struct cf_swap_star {
    int n;
    bool boxes; /* several DCs: pairs by bounding boxes (cf_sector_overlap) */
    int *angle; /* [n] polar angle of each order, 0 .. 65535 */
    ins3 *best; /* [n] three cheapest insertions of an order into the other route */
    cf_cost *rem; /* [n] distance cost saved by removing the order */
};

static int pmod(int i)
{
    return ((i % 65536) + 65536) % 65536;
}

cf_swap_star *cf_swap_star_create(cf_arena *a, const cf_problem *p)
{
    int n = p->n_orders, nd = p->n_depots;
    cf_swap_star *ss = cf_arena_calloc(a, 1, sizeof *ss);
    if (!ss || !p->x || nd == 0) return ss ? (ss->n = -1, ss) : NULL;
    ss->n = n;
    ss->angle = cf_arena_calloc(a, (size_t)n + 1, sizeof *ss->angle);
    ss->best = cf_arena_calloc(a, (size_t)n + 1, sizeof *ss->best);
    ss->rem = cf_arena_calloc(a, (size_t)n + 1, sizeof *ss->rem);
    if (!ss->angle || !ss->best || !ss->rem) return NULL;
    double cx = 0, cy = 0;
    for (int d = 0; d < nd; d++) {
        cx += p->x[d];
        cy += p->y[d];
    }
    cx /= nd;
    cy /= nd;
    ss->boxes = nd > 1;
    for (int o = 0; o < n; o++) {
        int node = nd + o;
        double ang = atan2(p->y[node] - cy, p->x[node] - cx);
        ss->angle[o] = pmod((int)(32768.0 * ang / 3.14159265358979323846));
    }
    return ss;
}

bool cf_swap_star_usable(const cf_swap_star *ss)
{
    return ss && ss->n >= 0;
}

void cf_sector_of(const cf_swap_star *ss, const cf_routes *r, int v, cf_sector *s)
{
    const cf_problem *p = r->f->p;
    int o = r->first[v], nd = p->n_depots;
    s->start = s->end = ss->angle[o];
    s->x0 = s->x1 = s->cx = p->x[nd + o];
    s->y0 = s->y1 = s->cy = p->y[nd + o];
    for (o = r->next[o]; o >= 0; o = r->next[o]) {
        int pt = ss->angle[o];
        double x = p->x[nd + o], y = p->y[nd + o];
        if (x < s->x0) s->x0 = x;
        if (x > s->x1) s->x1 = x;
        if (y < s->y0) s->y0 = y;
        if (y > s->y1) s->y1 = y;
        s->cx += x;
        s->cy += y;
        if (pmod(pt - s->start) <= pmod(s->end - s->start)) continue; /* enclosed */
        if (pmod(pt - s->end) <= pmod(s->start - pt))
            s->end = pt;
        else
            s->start = pt;
    }
    s->cx /= r->len[v];
    s->cy /= r->len[v];
}

bool cf_swap_star_by_boxes(const cf_swap_star *ss)
{
    return ss->boxes;
}

bool cf_sector_overlap(const cf_swap_star *ss, const cf_sector *a, const cf_sector *b)
{
    if (ss->boxes)
        return a->x0 <= b->x1 && b->x0 <= a->x1 && a->y0 <= b->y1 && b->y0 <= a->y1;
    return pmod(b->start - a->start) <= pmod(a->end - a->start) ||
           pmod(a->start - b->start) <= pmod(b->end - b->start);
}

static inline cf_cost dcost(const cf_routes *r, int veh, int x, int y)
{
    const cf_problem *p = r->f->p;
    return p->veh_cost_per_dist[veh] * cf_fast_dist(r->f->tr, p, x, y);
}

static inline int node_of(const cf_routes *r, int veh, int o)
{
    return o < 0 ? r->f->p->veh_depot[veh] : r->f->nd + o;
}

/* The three cheapest places of u in route veh (distance only). */
static void top3(const cf_routes *r, int veh, int u, ins3 *b)
{
    int nu = r->f->nd + u;
    for (int i = 0; i < 3; i++) {
        b->cost[i] = CF_COST_INF;
        b->after[i] = -2;
    }
    for (int w = -1;;) {
        int nx = w < 0 ? r->first[veh] : r->next[w];
        int a = node_of(r, veh, w), c = node_of(r, veh, nx);
        /* The arc a -> c is on the route: its distance is cached. */
        int32_t ac = nx >= 0 ? r->in_d[nx] : r->out_d[veh];
        cf_cost cost = dcost(r, veh, a, nu) + dcost(r, veh, nu, c) -
                       r->f->p->veh_cost_per_dist[veh] * ac;
        if (cost < b->cost[2]) {
            int i = 2;
            while (i > 0 && cost < b->cost[i - 1]) {
                b->cost[i] = b->cost[i - 1];
                b->after[i] = b->after[i - 1];
                i--;
            }
            b->cost[i] = cost;
            b->after[i] = w;
        }
        if (nx < 0) break;
        w = nx;
    }
}

/* Saving of taking o out of its route (distance only). */
static cf_cost removal(const cf_routes *r, int o)
{
    int veh = r->route[o];
    int a = node_of(r, veh, r->prev[o]), c = node_of(r, veh, r->next[o]);
    int32_t out = r->next[o] >= 0 ? r->in_d[r->next[o]] : r->out_d[veh];
    return dcost(r, veh, a, c) - r->f->p->veh_cost_per_dist[veh] * ((cf_cost)r->in_d[o] + out);
}

/* Cheapest place of u in v's route once v has left it: a top-3 place not
 * next to v, or v's own place (Vidal 2022, theorem 1). */
static cf_cost insert_without(const cf_routes *r, const ins3 *b, int u, int v, int *after)
{
    int veh = r->route[v];
    int pv = r->prev[v], nv = r->next[v];
    int a = node_of(r, veh, pv), c = node_of(r, veh, nv), nu = r->f->nd + u;
    cf_cost best = dcost(r, veh, a, nu) + dcost(r, veh, nu, c) - dcost(r, veh, a, c);
    *after = pv;
    for (int i = 0; i < 3; i++) {
        int w = b->after[i];
        if (w == -2) break;
        if (w == v || w == pv) continue; /* the arcs next to v change */
        if (b->cost[i] < best) {
            best = b->cost[i];
            *after = w;
        }
        break; /* sorted: the first allowed one is the best of the three */
    }
    return best;
}

static cf_cost load_pen(const cf_routes *r, int veh, const cf_amount *load)
{
    const cf_problem *p = r->f->p;
    cf_cost pen = 0;
    for (int k = 0; k < CF_DIMS; k++) {
        cf_amount x = load[k] - p->veh_cap[veh * CF_DIMS + k];
        if (x <= 0) continue;
        if (r->w.strict) return CF_COST_INF / 8;
        pen += r->w.per_load[k] * x;
    }
    return pen;
}

/* Route veh with order x taken out and order y put after w (w != x, w on
 * veh's route, -1: at the front), into slot i of m. */
static void build(const cf_routes *r, cf_move *m, int i, int x, int y, int w)
{
    if (w < 0) {
        cf_move_piece(m, i, CF_PIECE_NODE, y, -1);
        cf_move_piece(m, i, CF_PIECE_PREFIX, r->prev[x], -1);
        cf_move_piece(m, i, CF_PIECE_SUFFIX, r->next[x], -1);
    } else if (r->pos[w] < r->pos[x]) {
        cf_move_piece(m, i, CF_PIECE_PREFIX, w, -1);
        cf_move_piece(m, i, CF_PIECE_NODE, y, -1);
        if (r->next[w] != x) cf_move_piece(m, i, CF_PIECE_RANGE, r->next[w], r->prev[x]);
        cf_move_piece(m, i, CF_PIECE_SUFFIX, r->next[x], -1);
    } else {
        cf_move_piece(m, i, CF_PIECE_PREFIX, r->prev[x], -1);
        cf_move_piece(m, i, CF_PIECE_RANGE, r->next[x], w);
        cf_move_piece(m, i, CF_PIECE_NODE, y, -1);
        cf_move_piece(m, i, CF_PIECE_SUFFIX, r->next[w], -1);
    }
}

bool cf_swap_star_evaluate(const cf_routes *r, cf_swap_star *ss, int v1, int v2, cf_move *best)
{
    const cf_fleet *f = r->f;
    const cf_problem *p = f->p;
    int bu = -1, bv = -1, bwu = -1, bwv = -1;
    cf_cost bcost = 0;
    cf_amount l1[CF_DIMS], l2[CF_DIMS];
    cf_cost pen1, pen2;

    if (r->len[v1] == 0 || r->len[v2] == 0) return false;
    for (int k = 0; k < CF_DIMS; k++) {
        l1[k] = r->fw[r->last[v1]].load[k];
        l2[k] = r->fw[r->last[v2]].load[k];
    }
    pen1 = load_pen(r, v1, l1);
    pen2 = load_pen(r, v2, l2);
    for (int u = r->first[v1]; u >= 0; u = r->next[u]) {
        top3(r, v2, u, &ss->best[u]);
        ss->rem[u] = removal(r, u);
    }
    for (int v = r->first[v2]; v >= 0; v = r->next[v]) {
        top3(r, v1, v, &ss->best[v]);
        ss->rem[v] = removal(r, v);
    }
    for (int u = r->first[v1]; u >= 0; u = r->next[u]) {
        if (!cf_fleet_carries(f, v2, &f->node[u])) continue;
        for (int v = r->first[v2]; v >= 0; v = r->next[v]) {
            if (!cf_fleet_carries(f, v1, &f->node[v])) continue;
            cf_amount n1[CF_DIMS], n2[CF_DIMS];
            for (int k = 0; k < CF_DIMS; k++) {
                cf_amount du = p->order_demand[u * CF_DIMS + k], dv = p->order_demand[v * CF_DIMS + k];
                n1[k] = l1[k] - du + dv;
                n2[k] = l2[k] - dv + du;
            }
            cf_cost c = load_pen(r, v1, n1) - pen1 + load_pen(r, v2, n2) - pen2 + ss->rem[u] +
                        ss->rem[v];
            if (c >= bcost) continue; /* insertions cost >= 0 in a metric space: a filter */
            int wu, wv;
            c += insert_without(r, &ss->best[u], u, v, &wu);
            c += insert_without(r, &ss->best[v], v, u, &wv);
            if (c < bcost) {
                bcost = c;
                bu = u;
                bv = v;
                bwu = wu;
                bwv = wv;
            }
        }
    }
    if (bu < 0) return false;
    cf_move m;
    cf_move_begin(&m, 2, v1, v2);
    build(r, &m, 0, bu, bv, bwv);
    build(r, &m, 1, bv, bu, bwu);
    return cf_nbh_offer(r, &m, best);
}
