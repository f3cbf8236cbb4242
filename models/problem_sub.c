/*
 * Restricting a problem to a set of couriers (see problem_sub.h).  The new
 * problem starts as a copy of p's scalar fields, so that a field added to
 * cf_problem later is carried over; every table is then rebuilt in the new
 * arena with only the kept orders and vehicles (nodes: the DCs, then the
 * kept orders).
 */
#include "models/problem_sub.h"

#include <string.h>

#include "models/alloc.h"

static bool courier_in(uint64_t couriers, int c)
{
    return c >= 0 && c < 64 && ((couriers >> c) & 1u);
}

int cf_problem_sub_orders(const cf_problem *p, uint64_t couriers, int *order_map)
{
    int n = 0;
    for (int o = 0; o < p->n_orders; o++)
        if (courier_in(couriers, p->order_courier[o]) && p->order_courier[o] < p->n_couriers) {
            if (order_map) order_map[n] = o;
            n++;
        }
    return n;
}

int cf_problem_sub_vehicles(const cf_problem *p, uint64_t couriers, bool with_shared_fleet,
                            int *veh_map)
{
    int n = 0;
    for (int v = 0; v < p->n_vehicles; v++) {
        int c = p->veh_courier[v];
        if (c < 0 ? with_shared_fleet : courier_in(couriers, c) && c < p->n_couriers) {
            if (veh_map) veh_map[n] = v;
            n++;
        }
    }
    return n;
}

/* A copy of src[map[i]] (or src[i] when map is NULL) for i in [0, n), each
 * item `size` bytes wide, in q's arena; strings (is_str: src is a char **)
 * are copied too.  NULL when src is NULL or on no memory (*oom set then). */
static void *pick(cf_problem *q, const void *src, size_t size, const int *map, int n, bool is_str,
                  int *oom)
{
    unsigned char *dst;
    if (!src) return NULL;
    if (!(dst = cf_arena_calloc(&q->arena, (size_t)n + 1, size))) {
        *oom = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        size_t from = (size_t)(map ? map[i] : i);
        if (!is_str) {
            memcpy(dst + (size_t)i * size, (const unsigned char *)src + from * size, size);
            continue;
        }
        const char *str = ((char *const *)src)[from];
        if (str && !(((char **)(void *)dst)[i] = cf_arena_strdup(&q->arena, str))) {
            *oom = 1;
            return NULL;
        }
    }
    return dst;
}

#define IS_STR(field) _Generic((field), char **: true, default: false)
#define PICK(field, map, n) q->field = pick(q, p->field, sizeof *p->field, map, n, false, &oom)

cf_status cf_problem_restrict(const cf_problem *p, uint64_t couriers, bool with_shared_fleet,
                              cf_problem **out, int *order_map, cf_err *err)
{
    int n_o = cf_problem_sub_orders(p, couriers, NULL);
    int n_v = cf_problem_sub_vehicles(p, couriers, with_shared_fleet, NULL);
    int nd = p->n_depots, nc = p->n_couriers, nn = nd + n_o, oom = 0;
    int *omap = cf_calloc((size_t)n_o + 1, sizeof *omap);
    int *vmap = cf_calloc((size_t)n_v + 1, sizeof *vmap);
    int *nmap = cf_calloc((size_t)nn + 1, sizeof *nmap); /* new node -> node of p */
    cf_problem *q = cf_problem_create();
    cf_status rc = CF_OK;

    *out = NULL;
    if (!omap || !vmap || !nmap || !q) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate a sub-problem of %d orders", n_o);
        goto done;
    }
    cf_problem_sub_orders(p, couriers, omap);
    cf_problem_sub_vehicles(p, couriers, with_shared_fleet, vmap);
    for (int i = 0; i < nd; i++)
        nmap[i] = i;
    for (int o = 0; o < n_o; o++)
        nmap[nd + o] = nd + omap[o];

    {
        cf_arena arena = q->arena;
        *q = *p; /* scalars; every pointer is replaced below */
        q->arena = arena;
    }
    q->n_orders = n_o;
    q->n_vehicles = n_v;
    q->name = p->name ? cf_arena_strdup(&q->arena, p->name) : NULL;
    oom |= p->name && !q->name;

    PICK(x, nmap, nn);
    PICK(y, nmap, nn);
    PICK(ux, nmap, nn);
    PICK(uy, nmap, nn);
    PICK(uz, nmap, nn);
    q->mat_dist = NULL;
    q->mat_dur = NULL;
    if (p->mat_dist || p->mat_dur) {
        int np = cf_problem_n_nodes(p);
        int32_t *md =
            p->mat_dist ? cf_arena_calloc(&q->arena, (size_t)nn * (size_t)nn, sizeof *md) : NULL;
        int32_t *mt =
            p->mat_dur ? cf_arena_calloc(&q->arena, (size_t)nn * (size_t)nn, sizeof *mt) : NULL;
        if ((p->mat_dist && !md) || (p->mat_dur && !mt)) {
            oom = 1;
        } else {
            for (int i = 0; i < nn; i++)
                for (int j = 0; j < nn; j++) {
                    size_t from = (size_t)nmap[i] * (size_t)np + (size_t)nmap[j];
                    size_t to = (size_t)i * (size_t)nn + (size_t)j;
                    if (md) md[to] = p->mat_dist[from];
                    if (mt) mt[to] = p->mat_dur[from];
                }
            q->mat_dist = md;
            q->mat_dur = mt;
        }
    }

    /* Every table of the field lists (models/problem.h): orders and vehicles
     * through their maps, the rest whole. */
#define PICK_FIELD(type, name, width, ...)                                                         \
    q->name = pick(q, p->name, (width) * sizeof *p->name, map, n, IS_STR(p->name), &oom);
    {
        const int *map = NULL;
        int n = nc;
        CF_COURIER_FIELDS(PICK_FIELD)
        n = p->n_skills;
        CF_SKILL_FIELDS(PICK_FIELD)
        n = nd;
        CF_DEPOT_FIELDS(PICK_FIELD)
        map = omap, n = n_o;
        CF_ORDER_FIELDS(PICK_FIELD)
        map = vmap, n = n_v;
        CF_VEHICLE_FIELDS(PICK_FIELD)
    }
#undef PICK_FIELD

    if (oom) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate a sub-problem of %d orders", n_o);
        goto done;
    }
    /* Derived tables were copied; finalize re-derives them identically and
     * checks the invariants. */
    if ((rc = cf_problem_finalize(q, err)) != CF_OK) goto done;
    if (order_map) memcpy(order_map, omap, (size_t)n_o * sizeof *omap);
done:
    if (rc == CF_OK) {
        *out = q;
    } else {
        cf_problem_free(q);
    }
    cf_free(omap);
    cf_free(vmap);
    cf_free(nmap);
    return rc;
}
