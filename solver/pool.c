/*
 * The route pool (see pool.h): vehicle classes, routes keyed by (class,
 * order set) in an open-addressing hash table, a least-recently-used list
 * for eviction, and the departure time that makes a route cheapest.
 *
 * The set hash is a sum of mixed order indexes: independent of the
 * sequence, so a route and its reordering meet in the same bucket, and a
 * candidate match is confirmed exactly by marking one set's orders.  The
 * table uses linear probing with backward-shift deletion (Knuth, TAOCP
 * vol. 3, 6.4, algorithm R), so eviction leaves no tombstones.
 */
#include "solver/pool.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "models/alloc.h"
#include "models/eval.h"

typedef struct entry {
    int cls, vehicle, n;
    int32_t t0;
    cf_cost cost;
    uint64_t hash;
    cf_amount load[CF_DIMS];
    int *orders;    /* [n], NULL: the slot is free */
    int prev, next; /* LRU list (used slots) or free list (next only); -1 ends */
} entry;

struct cf_pool {
    const cf_problem *p;
    int n_classes;
    int *cls;       /* [n_vehicles] */
    int *cls_start; /* [n_classes + 1] CSR into cls_veh */
    int *cls_veh;   /* [n_vehicles] by class, ascending index */

    size_t cap, size;
    entry *e;      /* [cap] */
    int lru, mru;  /* ends of the LRU list, -1: empty */
    int free_head; /* free slots, -1: none */
    int *table;    /* [tab_mask + 1] slot or -1 */
    size_t tab_mask;

    uint32_t *mark; /* [n_orders] stamps for set comparison */
    uint32_t stamp;
    cf_pool_stats st;
};

/* ---- vehicle classes ---- */

/* A class: vehicles alike in everything but the id (the search's types). */
#define SAME_CLASS (CF_VEH_CAN | CF_VEH_COST)

static cf_status build_classes(cf_pool *pool, cf_err *err)
{
    const cf_problem *p = pool->p;
    int nv = p->n_vehicles, nc = 0;
    size_t n = (size_t)(nv > 0 ? nv : 1);
    int *key = cf_calloc(n, sizeof *key), *tmp = cf_calloc(n, sizeof *tmp);
    int *group = cf_calloc(n, sizeof *group), *gclass = cf_calloc(n, sizeof *gclass);
    cf_status rc = CF_OK;

    pool->cls = cf_calloc(n, sizeof *pool->cls);
    pool->cls_veh = cf_calloc(n, sizeof *pool->cls_veh);
    pool->cls_start = cf_calloc(n + 1, sizeof *pool->cls_start);
    if (!key || !tmp || !group || !gclass || !pool->cls || !pool->cls_veh || !pool->cls_start) {
        rc = cf_err_set(err, CF_ENOMEM, "pool: cannot allocate classes of %d vehicles", nv);
        goto done;
    }
    for (int v = 0; v < nv; v++)
        key[v] = v;
    cf_vehicle_sort(p, SAME_CLASS, key, tmp, nv);
    /* group[v]: index of the first sorted key of v's group */
    for (int i = 0, g = 0; i < nv; i++) {
        if (i > 0 && cf_vehicle_cmp(p, key[i - 1], key[i], SAME_CLASS) != 0) g = i;
        group[key[i]] = g;
    }
    /* Number classes by their lowest vehicle index. */
    for (int i = 0; i < nv; i++)
        gclass[i] = -1;
    for (int v = 0; v < nv; v++) {
        if (gclass[group[v]] < 0) gclass[group[v]] = nc++;
        pool->cls[v] = gclass[group[v]];
    }
    for (int v = 0; v < nv; v++)
        pool->cls_start[pool->cls[v] + 1]++;
    for (int c = 0; c < nc; c++)
        pool->cls_start[c + 1] += pool->cls_start[c];
    for (int c = 0; c < nc; c++)
        group[c] = pool->cls_start[c];
    for (int v = 0; v < nv; v++)
        pool->cls_veh[group[pool->cls[v]]++] = v;
    pool->n_classes = nc;
done:
    cf_free(key);
    cf_free(tmp);
    cf_free(group);
    cf_free(gclass);
    return rc;
}

/* ---- lifecycle ---- */

cf_status cf_pool_create(const cf_problem *p, size_t max_routes, cf_pool **out, cf_err *err)
{
    cf_pool *pool;
    cf_status rc;
    size_t tab = 4;

    *out = NULL;
    if (max_routes == 0 || max_routes > (size_t)INT_MAX / 4)
        return cf_err_set(err, CF_EINVAL, "pool: max_routes %zu must be in [1, %d]", max_routes,
                          INT_MAX / 4);
    while (tab < 2 * max_routes)
        tab *= 2;
    pool = cf_calloc(1, sizeof *pool);
    if (!pool) return cf_err_set(err, CF_ENOMEM, "pool: cannot allocate a pool");
    pool->p = p;
    pool->cap = max_routes;
    pool->tab_mask = tab - 1;
    if ((rc = build_classes(pool, err)) != CF_OK) goto fail;
    pool->e = cf_calloc(max_routes, sizeof *pool->e);
    pool->table = cf_calloc(tab, sizeof *pool->table);
    pool->mark = cf_calloc((size_t)(p->n_orders > 0 ? p->n_orders : 1), sizeof *pool->mark);
    if (!pool->e || !pool->table || !pool->mark) {
        rc = cf_err_set(err, CF_ENOMEM, "pool: cannot allocate room for %zu routes", max_routes);
        goto fail;
    }
    pool->lru = pool->mru = -1;
    for (size_t i = 0; i < max_routes; i++) {
        pool->e[i].orders = NULL;
        pool->e[i].next = -1;
    }
    cf_pool_reset(pool);
    *out = pool;
    return CF_OK;
fail:
    cf_pool_free(pool);
    return rc;
}

void cf_pool_reset(cf_pool *pool)
{
    for (size_t i = 0; i < pool->cap; i++) {
        cf_free(pool->e[i].orders);
        pool->e[i].orders = NULL;
        pool->e[i].prev = -1;
        /* free list in ascending slot order, so slots fill deterministically */
        pool->e[i].next = i + 1 < pool->cap ? (int)i + 1 : -1;
    }
    for (size_t i = 0; i <= pool->tab_mask; i++)
        pool->table[i] = -1;
    pool->free_head = 0;
    pool->lru = pool->mru = -1;
    pool->size = 0;
}

void cf_pool_free(cf_pool *pool)
{
    if (!pool) return;
    if (pool->e)
        for (size_t i = 0; i < pool->cap; i++)
            cf_free(pool->e[i].orders);
    cf_free(pool->e);
    cf_free(pool->table);
    cf_free(pool->mark);
    cf_free(pool->cls);
    cf_free(pool->cls_start);
    cf_free(pool->cls_veh);
    cf_free(pool);
}

/* ---- LRU list ---- */

static void lru_unlink(cf_pool *pool, int s)
{
    entry *x = &pool->e[s];
    if (x->prev >= 0)
        pool->e[x->prev].next = x->next;
    else
        pool->lru = x->next;
    if (x->next >= 0)
        pool->e[x->next].prev = x->prev;
    else
        pool->mru = x->prev;
    x->prev = x->next = -1;
}

static void lru_push(cf_pool *pool, int s)
{
    entry *x = &pool->e[s];
    x->prev = pool->mru;
    x->next = -1;
    if (pool->mru >= 0)
        pool->e[pool->mru].next = s;
    else
        pool->lru = s;
    pool->mru = s;
}

void cf_pool_touch(cf_pool *pool, int slot)
{
    if (slot < 0 || (size_t)slot >= pool->cap || !pool->e[slot].orders) return;
    if (pool->mru == slot) return;
    lru_unlink(pool, slot);
    lru_push(pool, slot);
}

/* ---- keys ---- */

static uint64_t mix64(uint64_t z) /* splitmix64's finaliser */
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t set_hash(int cls, const int *orders, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; i++)
        h += mix64((uint64_t)(uint32_t)orders[i] + 0x9e3779b97f4a7c15ULL);
    return mix64(h ^ mix64((uint64_t)(uint32_t)cls * 0x2545f4914f6cdd1dULL + (uint32_t)n));
}

static uint32_t next_stamp(cf_pool *pool)
{
    if (++pool->stamp == 0) {
        memset(pool->mark, 0, (size_t)pool->p->n_orders * sizeof *pool->mark);
        pool->stamp = 1;
    }
    return pool->stamp;
}

/* Whether slot s holds (cls, the set of orders[0 .. n)) given the hash. */
static bool same_key(cf_pool *pool, int s, int cls, uint64_t h, const int *orders, int n)
{
    const entry *x = &pool->e[s];
    uint32_t t;
    if (x->hash != h || x->cls != cls || x->n != n) return false;
    t = next_stamp(pool);
    for (int i = 0; i < n; i++)
        pool->mark[orders[i]] = t;
    for (int i = 0; i < n; i++)
        if (pool->mark[x->orders[i]] != t) return false;
    return true;
}

/* Table position holding a match, or the empty position where it would go
 * (*found false). */
static size_t probe(cf_pool *pool, int cls, uint64_t h, const int *orders, int n, bool *found)
{
    size_t i = (size_t)h & pool->tab_mask;
    for (;;) {
        int s = pool->table[i];
        if (s < 0) {
            *found = false;
            return i;
        }
        if (same_key(pool, s, cls, h, orders, n)) {
            *found = true;
            return i;
        }
        i = (i + 1) & pool->tab_mask;
    }
}

/* Removes slot s from the table and the LRU list, and frees it. */
static void evict(cf_pool *pool, int s)
{
    entry *x = &pool->e[s];
    size_t i = (size_t)x->hash & pool->tab_mask, j;
    while (pool->table[i] != s)
        i = (i + 1) & pool->tab_mask;
    /* Backward-shift deletion: move later members of the cluster into the
     * hole when their home position does not lie cyclically in (i, j]. */
    j = i;
    for (;;) {
        size_t home;
        int t;
        j = (j + 1) & pool->tab_mask;
        t = pool->table[j];
        if (t < 0) break;
        home = (size_t)pool->e[t].hash & pool->tab_mask;
        if (i <= j ? (i < home && home <= j) : (i < home || home <= j)) continue;
        pool->table[i] = t;
        i = j;
    }
    pool->table[i] = -1;
    lru_unlink(pool, s);
    cf_free(x->orders);
    x->orders = NULL;
    x->next = pool->free_head;
    pool->free_head = s;
    pool->size--;
    pool->st.evicted++;
}

/* ---- evaluation ---- */

static int64_t floor60(int64_t t)
{
    int64_t q = t / 60;
    if (t % 60 != 0 && t < 0) q--;
    return q * 60;
}

static int64_t ceil60(int64_t t)
{
    return -floor60(-t);
}

/* The departure of pool.h: the earliest whole minute in [lo, hi] at or
 * after E, where lo is the first allowed minute, hi the last minute that
 * makes nothing late, and E the departure after which no order waits
 * (Savelsbergh 1992's forward time slack, folded into two passes).  When
 * no such minute exists the route is infeasible whatever the departure,
 * and lo is returned for cf_eval_route to say why. */
static int64_t best_departure(const cf_problem *p, int v, const int *orders, int n)
{
    int d = p->veh_depot[v];
    int64_t lo, hi, e = INT64_MIN, pre = 0, lb, t;
    int node = d;

    lo = p->veh_shift_start[v] > p->depot_open[d] ? p->veh_shift_start[v] : p->depot_open[d];
    lo = ceil60(lo);
    /* E = max_i (tw_start_i - travel and service before reaching i) */
    for (int i = 0; i < n; i++) {
        int nd = cf_order_node(p, orders[i]);
        pre += cf_travel_s(p, v, node, nd);
        if (p->order_tw_start[orders[i]] - pre > e) e = p->order_tw_start[orders[i]] - pre;
        pre += p->order_service[orders[i]];
        node = nd;
    }
    /* Latest service starts, backwards from the return deadline. */
    lb = p->veh_shift_end[v] < p->depot_close[d] ? p->veh_shift_end[v] : p->depot_close[d];
    node = d;
    for (int i = n - 1; i >= 0; i--) {
        int o = orders[i], nd = cf_order_node(p, o);
        lb = lb - cf_travel_s(p, v, nd, node) - p->order_service[o];
        if (lb > p->order_tw_end[o]) lb = p->order_tw_end[o];
        if (p->order_tw_start[o] > lb) return lo; /* waits past its own latest start */
        node = nd;
    }
    hi = floor60(lb - cf_travel_s(p, v, d, node));
    if (hi < lo) return lo;
    t = ceil60(e);
    if (t < lo) t = lo;
    if (t > hi) t = hi;
    return t;
}

/* Why r breaks a rule, or NULL. */
static const char *violation(const cf_route_eval *r)
{
    if (r->n_not_carriable) return "rule 8: the vehicle may not carry an order";
    for (int k = 0; k < CF_DIMS; k++)
        if (r->cap_over[k] > 0) return "rule 7: over capacity";
    if (r->dist_over > 0) return "rule 6: over max distance";
    if (r->n_late > 0) return "rule 2: an order is served after its window";
    if (r->return_late_s > 0) return "rule 4: back after shift end or DC close";
    if (r->duration_over_s > 0) return "rule 6: over max duration";
    if (r->early_s > 0 || r->t0_not_minute) return "rule 5: no valid departure";
    return NULL;
}

/* ---- adding ---- */

cf_status cf_pool_add(cf_pool *pool, int vehicle, const int *orders, int n, cf_err *err)
{
    const cf_problem *p = pool->p;
    cf_route_eval ev;
    const char *why;
    int64_t t0;
    uint64_t h;
    size_t pos;
    bool found;
    int cls, s;
    uint32_t t;
    int *copy;

    if (vehicle < 0 || vehicle >= p->n_vehicles)
        return cf_err_set(err, CF_EINVAL, "pool: vehicle %d out of range [0, %d)", vehicle,
                          p->n_vehicles);
    if (n < 1 || n > p->n_orders || !orders)
        return cf_err_set(err, CF_EINVAL, "pool: vehicle '%s': route of %d orders",
                          p->veh_id[vehicle], n);
    t = next_stamp(pool);
    for (int i = 0; i < n; i++) {
        if (orders[i] < 0 || orders[i] >= p->n_orders)
            return cf_err_set(err, CF_EINVAL, "pool: vehicle '%s': order %d out of range [0, %d)",
                              p->veh_id[vehicle], orders[i], p->n_orders);
        if (pool->mark[orders[i]] == t)
            return cf_err_set(err, CF_EINVAL, "pool: vehicle '%s': order '%s' twice on the route",
                              p->veh_id[vehicle], p->order_id[orders[i]]);
        pool->mark[orders[i]] = t;
    }

    /* The search offers the same routes again and again: a sequence
     * already stored needs no evaluation. */
    cls = pool->cls[vehicle];
    h = set_hash(cls, orders, n);
    pos = probe(pool, cls, h, orders, n, &found);
    if (found &&
        memcmp(pool->e[pool->table[pos]].orders, orders, (size_t)n * sizeof *orders) == 0) {
        pool->st.duplicate++;
        cf_pool_touch(pool, pool->table[pos]);
        return CF_OK;
    }

    t0 = best_departure(p, vehicle, orders, n);
    cf_eval_route(p, vehicle, orders, n, t0, &ev, NULL);
    if ((why = violation(&ev)) != NULL) {
        pool->st.rejected++;
        return cf_err_set(err, CF_EINFEAS, "pool: vehicle '%s': route of %d orders breaks %s",
                          p->veh_id[vehicle], n, why);
    }

    if (found) {
        entry *x = &pool->e[pool->table[pos]];
        if (ev.cost < x->cost) {
            memcpy(x->orders, orders, (size_t)n * sizeof *orders);
            x->cost = ev.cost;
            x->t0 = (int32_t)t0;
            x->vehicle = vehicle;
            pool->st.improved++;
        } else {
            pool->st.duplicate++;
        }
        cf_pool_touch(pool, pool->table[pos]);
        return CF_OK;
    }

    copy = cf_malloc((size_t)n * sizeof *copy);
    if (!copy) return cf_err_set(err, CF_ENOMEM, "pool: cannot allocate a route of %d orders", n);
    memcpy(copy, orders, (size_t)n * sizeof *orders);
    if (pool->size == pool->cap) {
        evict(pool, pool->lru);
        pos = probe(pool, cls, h, orders, n, &found); /* the hole may have moved */
    }
    s = pool->free_head;
    CF_ASSERT(s >= 0 && !found);
    pool->free_head = pool->e[s].next;
    pool->e[s] = (entry){.cls = cls,
                         .vehicle = vehicle,
                         .n = n,
                         .t0 = (int32_t)t0,
                         .cost = ev.cost,
                         .hash = h,
                         .orders = copy,
                         .prev = -1,
                         .next = -1};
    memcpy(pool->e[s].load, ev.load, sizeof ev.load);
    pool->table[pos] = s;
    lru_push(pool, s);
    pool->size++;
    pool->st.added++;
    return CF_OK;
}

cf_status cf_pool_add_solution(cf_pool *pool, const cf_solution *s, int *n_added, cf_err *err)
{
    const cf_problem *p = pool->p;
    int *buf = NULL, added = 0;
    cf_status rc = CF_OK;

    if (n_added) *n_added = 0;
    if (s->n_vehicles != p->n_vehicles || s->n_orders != p->n_orders)
        return cf_err_set(err, CF_EINVAL,
                          "pool: solution of %d vehicles and %d orders, problem "
                          "of %d and %d",
                          s->n_vehicles, s->n_orders, p->n_vehicles, p->n_orders);
    buf = cf_malloc((size_t)(p->n_orders > 0 ? p->n_orders : 1) * sizeof *buf);
    if (!buf) return cf_err_set(err, CF_ENOMEM, "pool: cannot allocate a route buffer");
    for (int v = 0; v < p->n_vehicles && rc == CF_OK; v++) {
        int n = cf_eval_route_orders(s, v, buf, p->n_orders);
        if (n < 0) {
            rc = cf_err_set(err, CF_EINVAL, "pool: vehicle '%s': malformed route list",
                            p->veh_id[v]);
            break;
        }
        if (n == 0) continue;
        rc = cf_pool_add(pool, v, buf, n, err);
        if (rc == CF_OK) added++;
        if (rc == CF_EINFEAS) rc = CF_OK;
    }
    cf_free(buf);
    if (n_added) *n_added = added;
    return rc;
}

/* ---- lookup and inspection ---- */

int cf_pool_find(cf_pool *pool, int vehicle, const int *orders, int n)
{
    const cf_problem *p = pool->p;
    bool found;
    size_t pos;
    int cls;

    if (vehicle < 0 || vehicle >= p->n_vehicles || n < 1 || n > p->n_orders || !orders) return -1;
    for (int i = 0; i < n; i++)
        if (orders[i] < 0 || orders[i] >= p->n_orders) return -1;
    cls = pool->cls[vehicle];
    pos = probe(pool, cls, set_hash(cls, orders, n), orders, n, &found);
    return found ? pool->table[pos] : -1;
}

size_t cf_pool_size(const cf_pool *pool)
{
    return pool->size;
}

size_t cf_pool_capacity(const cf_pool *pool)
{
    return pool->cap;
}

int cf_pool_route_at(const cf_pool *pool, size_t slot, cf_pool_route *r)
{
    const entry *x;
    if (slot >= pool->cap || !pool->e[slot].orders) return 0;
    x = &pool->e[slot];
    r->cls = x->cls;
    r->vehicle = x->vehicle;
    r->n = x->n;
    r->orders = x->orders;
    r->depart_s = x->t0;
    r->cost = x->cost;
    memcpy(r->load, x->load, sizeof r->load);
    return 1;
}

const cf_problem *cf_pool_problem(const cf_pool *pool)
{
    return pool->p;
}

int cf_pool_n_classes(const cf_pool *pool)
{
    return pool->n_classes;
}

int cf_pool_class_of(const cf_pool *pool, int v)
{
    return pool->cls[v];
}

const int *cf_pool_class_vehicles(const cf_pool *pool, int c, int *count)
{
    *count = pool->cls_start[c + 1] - pool->cls_start[c];
    return pool->cls_veh + pool->cls_start[c];
}

void cf_pool_get_stats(const cf_pool *pool, cf_pool_stats *st)
{
    *st = pool->st;
}
