/* The solution exchange format (see solution.h). */
#include "models/solution.h"

#include <string.h>

#include "models/alloc.h"

static const char *const reason_text[] = {
#define X(name, text) text,
    CF_REASON_MAP(X)
#undef X
};

const char *cf_reason_str(cf_reason r)
{
    return (unsigned)r < CF_REASON_COUNT ? reason_text[r] : "unknown";
}

int cf_reason_parse(const char *text)
{
    for (int r = 0; r < CF_REASON_COUNT; r++)
        if (strcmp(reason_text[r], text) == 0) return r;
    return -1;
}

cf_status cf_solution_init(cf_solution *s, const cf_problem *p, cf_err *err)
{
    size_t nv = (size_t)p->n_vehicles, no = (size_t)p->n_orders;
    memset(s, 0, sizeof *s);
    s->n_vehicles = p->n_vehicles;
    s->n_orders = p->n_orders;
    s->first = cf_calloc(nv, sizeof *s->first);
    s->depart_s = cf_calloc(nv, sizeof *s->depart_s);
    s->next = cf_calloc(no, sizeof *s->next);
    s->vehicle = cf_calloc(no, sizeof *s->vehicle);
    s->reason = cf_calloc(no, sizeof *s->reason);
    s->extra_cost = cf_calloc(no, sizeof *s->extra_cost);
    if (!s->first || !s->depart_s || !s->next || !s->vehicle || !s->reason || !s->extra_cost) {
        cf_solution_release(s);
        return cf_err_set(err, CF_ENOMEM, "cannot allocate a solution for %zu orders", no);
    }
    cf_solution_clear(s);
    return CF_OK;
}

void cf_solution_release(cf_solution *s)
{
    cf_free(s->first);
    cf_free(s->depart_s);
    cf_free(s->next);
    cf_free(s->vehicle);
    cf_free(s->reason);
    cf_free(s->extra_cost);
    memset(s, 0, sizeof *s);
}

void cf_solution_copy(cf_solution *dst, const cf_solution *src)
{
    CF_ASSERT(dst->n_vehicles == src->n_vehicles && dst->n_orders == src->n_orders);
    if (dst == src) return;
    memcpy(dst->first, src->first, (size_t)src->n_vehicles * sizeof *dst->first);
    memcpy(dst->depart_s, src->depart_s, (size_t)src->n_vehicles * sizeof *dst->depart_s);
    memcpy(dst->next, src->next, (size_t)src->n_orders * sizeof *dst->next);
    memcpy(dst->vehicle, src->vehicle, (size_t)src->n_orders * sizeof *dst->vehicle);
    memcpy(dst->reason, src->reason, (size_t)src->n_orders * sizeof *dst->reason);
    memcpy(dst->extra_cost, src->extra_cost, (size_t)src->n_orders * sizeof *dst->extra_cost);
}

void cf_solution_clear(cf_solution *s)
{
    for (int v = 0; v < s->n_vehicles; v++) {
        s->first[v] = -1;
        s->depart_s[v] = 0;
    }
    for (int o = 0; o < s->n_orders; o++) {
        s->next[o] = -1;
        s->vehicle[o] = -1;
        s->reason[o] = CF_REASON_NOT_PLACED_IN_TIME;
        s->extra_cost[o] = -1;
    }
}

void cf_solution_clear_route(cf_solution *s, int v, cf_reason why)
{
    int o = s->first[v];
    while (o >= 0) {
        int n = s->next[o];
        s->next[o] = -1;
        s->vehicle[o] = -1;
        s->reason[o] = (uint8_t)why;
        s->extra_cost[o] = -1;
        o = n;
    }
    s->first[v] = -1;
}

void cf_solution_set_route(cf_solution *s, int v, const int *orders, int len, int32_t depart_s)
{
    cf_solution_clear_route(s, v, CF_REASON_NOT_PLACED_IN_TIME);
    s->depart_s[v] = depart_s;
    for (int i = len - 1; i >= 0; i--) {
        int o = orders[i];
        CF_ASSERT(s->vehicle[o] < 0);
        s->vehicle[o] = v;
        s->reason[o] = CF_REASON_NONE;
        s->next[o] = s->first[v];
        s->first[v] = o;
    }
}

int cf_solution_route_len(const cf_solution *s, int v)
{
    int n = 0;
    for (int o = s->first[v]; o >= 0; o = s->next[o])
        n++;
    return n;
}
