/*
 * Readers of published solutions (see bench_read.h): CVRPLIB-style .sol
 * files (also the SINTEF "Route r : ..." variant) and Cordeau's .res files,
 * turned into a cf_solution of an already loaded problem so that tests can
 * re-cost best-known solutions with the from-scratch evaluation.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/formats/formats_int.h"
#include "models/alloc.h"
#include "models/eval.h"

typedef struct id_pair {
    long id;
    int order;
} id_pair;

typedef struct sol_reader {
    const cf_fmt_text *t;
    const cf_problem *p;
    cf_solution *s;
    cf_err *err;
    id_pair *ids;  /* [n_orders] sorted by id */
    int *line_of;  /* [n_orders] line that routed the order, 0: none */
    int *route;    /* [n_orders] scratch: the route being read */
    int *of_row;   /* [n_rows] vehicle of each vehicle of the file (veh_row), -1: none */
    int n_rows;    /* vehicles the file numbers routes by */
} sol_reader;

static int cmp_pair(const void *a, const void *b)
{
    const id_pair *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static cf_status reader_init(sol_reader *R, const cf_fmt_text *t, const cf_problem *p,
                             cf_solution *s, cf_err *err)
{
    int n = p->n_orders;

    memset(R, 0, sizeof *R);
    R->t = t;
    R->p = p;
    R->s = s;
    R->err = err;
    if (s->n_orders != p->n_orders || s->n_vehicles != p->n_vehicles)
        return cf_err_set(err, CF_EINVAL,
                          "%s: solution sized for %d orders and %d vehicles, problem has %d and %d",
                          t->path, s->n_orders, s->n_vehicles, p->n_orders, p->n_vehicles);
    R->n_rows = p->bench_vehicles > 0 ? p->bench_vehicles : p->n_vehicles;
    for (int v = 0; v < p->n_vehicles; v++)
        if (p->veh_row[v] >= R->n_rows) R->n_rows = p->veh_row[v] + 1;
    R->ids = cf_calloc((size_t)n + 1, sizeof *R->ids);
    R->line_of = cf_calloc((size_t)n + 1, sizeof *R->line_of);
    R->route = cf_calloc((size_t)n + 1, sizeof *R->route);
    R->of_row = cf_calloc((size_t)R->n_rows + 1, sizeof *R->of_row);
    if (!R->ids || !R->line_of || !R->route || !R->of_row)
        return cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
    for (int r = 0; r < R->n_rows; r++)
        R->of_row[r] = -1;
    for (int v = 0; v < p->n_vehicles; v++)
        if (p->veh_row[v] >= 0) R->of_row[p->veh_row[v]] = v;
    for (int o = 0; o < n; o++) {
        if (!cf_fmt_long(p->order_id[o], LONG_MIN, LONG_MAX, &R->ids[o].id))
            return cf_err_set(err, CF_EINVAL,
                              "%s: order id '%s' of problem '%s' is not a number: not a "
                              "benchmark instance",
                              t->path, p->order_id[o], p->name);
        R->ids[o].order = o;
    }
    qsort(R->ids, (size_t)n, sizeof *R->ids, cmp_pair);
    cf_solution_clear(s);
    return CF_OK;
}

static void reader_release(sol_reader *R)
{
    cf_free(R->ids);
    cf_free(R->line_of);
    cf_free(R->route);
    cf_free(R->of_row);
}

/* The order named by tok, or a message. */
static cf_status lookup(sol_reader *R, const char *tok, int line, int *order)
{
    id_pair key, *hit;
    if (!cf_fmt_long(tok, LONG_MIN, LONG_MAX, &key.id))
        return cf_fmt_err(R->err, CF_EPARSE, R->t->path, line,
                         "customer '%.40s' is not a whole number", tok);
    hit = bsearch(&key, R->ids, (size_t)R->p->n_orders, sizeof *R->ids, cmp_pair);
    if (!hit)
        return cf_fmt_err(R->err, CF_EINVAL, R->t->path, line,
                         "customer '%.40s' is not in instance '%s'", tok, R->p->name);
    if (R->line_of[hit->order])
        return cf_fmt_err(R->err, CF_EINVAL, R->t->path, line,
                         "customer '%.40s' is served twice (first on line %d)", tok,
                         R->line_of[hit->order]);
    R->line_of[hit->order] = line;
    *order = hit->order;
    return CF_OK;
}

/* Duration of vehicle v's route leaving at minute m, or -1 when it is late. */
static int64_t duration_at(const cf_problem *p, int v, const int *orders, int n, int64_t m)
{
    cf_route_eval r;
    cf_eval_route(p, v, orders, n, m * 60, &r, NULL);
    return r.n_late == 0 && r.return_late_s == 0 ? r.duration_s : -1;
}

/* Shift start rounded up to a whole minute (rule 5 of problem.h); with a
 * maximum route duration, the earliest whole minute at which the route has
 * its shortest duration.  Leaving later never lengthens a route (it only
 * cuts waiting) until a window or the return is missed, so the latest
 * minute without lateness gives the shortest duration, and the earliest
 * minute with that duration is found by a second binary search.  A route
 * late even at the start leaves then (the checker reports it). */
static int32_t departure(const cf_problem *p, int v, const int *orders, int n)
{
    int64_t t = p->veh_shift_start[v], lo, hi, start, best;
    if (t < p->depot_open[p->veh_depot[v]]) t = p->depot_open[p->veh_depot[v]];
    t = (t + 59) / 60 * 60;
    if (p->veh_max_duration[v] >= CF_TIME_INF || n == 0) return (int32_t)t;
    start = lo = t / 60;
    if (duration_at(p, v, orders, n, lo) < 0) return (int32_t)t;
    hi = p->veh_shift_end[v] / 60 + 1;
    while (lo < hi) { /* the latest minute without lateness */
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (duration_at(p, v, orders, n, mid) >= 0)
            lo = mid;
        else
            hi = mid - 1;
    }
    best = duration_at(p, v, orders, n, lo);
    hi = lo;
    lo = start;
    while (lo < hi) { /* the earliest minute with that duration */
        int64_t mid = lo + (hi - lo) / 2;
        if (duration_at(p, v, orders, n, mid) == best)
            hi = mid;
        else
            lo = mid + 1;
    }
    return (int32_t)(lo * 60);
}

/* The vehicle of the k-th route (0-based) of a file, or a message. */
static cf_status route_vehicle(sol_reader *R, int k, int line, int *v)
{
    const cf_problem *p = R->p;
    if (k >= R->n_rows || R->of_row[k] < 0)
        return cf_fmt_err(R->err, CF_EINVAL, R->t->path, line,
                         "route %d, but instance '%s' has %d vehicles", k + 1, p->name,
                         p->bench_vehicles > 0 ? p->bench_vehicles : p->n_vehicles);
    *v = R->of_row[k];
    return CF_OK;
}

/* "Route #12: ..." or "Route 12 : ...": the text after the colon, or NULL. */
static char *route_body(char *s)
{
    s = cf_fmt_trim(s);
    if (strncmp(s, "Route", 5) != 0) return NULL;
    s += 5;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '#') s++;
    if (*s < '0' || *s > '9') return NULL;
    while (*s >= '0' && *s <= '9')
        s++;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == ':' ? s + 1 : NULL;
}

static cf_status read_sol(sol_reader *R, double *cost)
{
    const cf_fmt_text *t = R->t;
    int routes = 0;
    cf_status rc;

    for (int i = 0; i < t->n_lines; i++) {
        char *s = t->line[i], *body, *tok;
        int line = i + 1, len = 0;

        if ((body = route_body(s))) {
            int v = -1;
            if ((rc = route_vehicle(R, routes++, line, &v)) != CF_OK) return rc;
            while ((tok = cf_fmt_token(&body))) {
                if ((rc = lookup(R, tok, line, &R->route[len])) != CF_OK) return rc;
                len++;
            }
            if (len > 0)
                cf_solution_set_route(R->s, v, R->route, len,
                                      departure(R->p, v, R->route, len));
            continue;
        }
        s = cf_fmt_trim(s);
        if (strncmp(s, "Cost", 4) == 0 && (s[4] == ' ' || s[4] == '\t' || s[4] == ':')) {
            double c;
            s += 4;
            if (*s == ':') s++;
            s = cf_fmt_trim(s);
            if (!cf_fmt_num(s, &c))
                return cf_fmt_err(R->err, CF_EPARSE, t->path, line, "cost '%.40s' is not a number",
                                 s);
            if (cost) *cost = c;
        }
    }
    if (routes == 0) return cf_fmt_err(R->err, CF_EPARSE, t->path, 0, "no 'Route' line");
    /* A customer the file does not route keeps not_placed_in_time: a
     * solution file says nothing of why (penalty_below_cost would need the
     * extra cost that the checker tests). */
    return CF_OK;
}

static cf_status read_res(sol_reader *R, double *cost)
{
    const cf_fmt_text *t = R->t;
    const cf_problem *p = R->p;
    int i = 0, n_routes = 0;
    char *tok;
    cf_status rc;

    while (i < t->n_lines && !cf_fmt_first(t->line[i]))
        i++;
    if (i == t->n_lines) return cf_fmt_err(R->err, CF_EPARSE, t->path, 0, "empty file");
    {
        char *cur = t->line[i], *c = cf_fmt_token(&cur);
        double v;
        if (!c || !cf_fmt_num(c, &v) || cf_fmt_token(&cur))
            return cf_fmt_err(R->err, CF_EPARSE, t->path, i + 1,
                             "expected the total cost alone on the first line");
        if (cost) *cost = v;
    }
    for (i++; i < t->n_lines; i++) {
        char *cur = t->line[i];
        int line = i + 1, len = 0, v = -1;
        long d, j, marker = -1;
        double dummy;
        char *head[4];

        if (!cf_fmt_first(cur)) continue;
        for (int k = 0; k < 4; k++)
            if (!(head[k] = cf_fmt_token(&cur)))
                return cf_fmt_err(R->err, CF_EPARSE, t->path, line,
                                 "expected 'depot vehicle duration load' and the route");
        if (!cf_fmt_long(head[0], 1, p->n_depots, &d))
            return cf_fmt_err(R->err, CF_EPARSE, t->path, line,
                             "depot '%.40s' must be a whole number in [1, %d]", head[0],
                             p->n_depots);
        if (!cf_fmt_long(head[1], 1, INT_MAX, &j))
            return cf_fmt_err(R->err, CF_EPARSE, t->path, line,
                             "vehicle '%.40s' must be a whole number >= 1", head[1]);
        if (!cf_fmt_num(head[2], &dummy) || !cf_fmt_num(head[3], &dummy))
            return cf_fmt_err(R->err, CF_EPARSE, t->path, line,
                             "duration '%.40s' and load '%.40s' must be numbers", head[2], head[3]);
        /* The j-th vehicle of depot d, in index order. */
        for (int w = 0, seen = 0; w < p->n_vehicles; w++)
            if (p->veh_depot[w] == d - 1 && ++seen == j) {
                v = w;
                break;
            }
        if (v < 0)
            return cf_fmt_err(R->err, CF_EINVAL, t->path, line,
                             "depot %ld has no vehicle %ld in instance '%s'", d, j, p->name);
        if (R->s->first[v] >= 0)
            return cf_fmt_err(R->err, CF_EINVAL, t->path, line,
                             "vehicle %ld of depot %ld has two routes", j, d);
        /* The depot is written 0 (p-files) or n + depot (pr-files) at both ends. */
        while ((tok = cf_fmt_token(&cur))) {
            long id;
            bool is_depot =
                cf_fmt_long(tok, LONG_MIN, LONG_MAX, &id) && (id == 0 || id == p->n_orders + d);
            if (is_depot && len == 0 && marker < 0) { /* the start */
                marker = id;
                continue;
            }
            if (is_depot) { /* the return: nothing may follow */
                if ((tok = cf_fmt_token(&cur)))
                    return cf_fmt_err(R->err, CF_EINVAL, t->path, line,
                                     "'%.40s' after the return to the depot: one trip per route",
                                     tok);
                break;
            }
            if ((rc = lookup(R, tok, line, &R->route[len])) != CF_OK) return rc;
            len++;
        }
        if (len > 0) cf_solution_set_route(R->s, v, R->route, len, departure(p, v, R->route, len));
        n_routes++;
    }
    if (n_routes == 0) return cf_fmt_err(R->err, CF_EPARSE, t->path, 0, "no route line");
    return CF_OK;
}

static cf_status read_solution(const char *path, const cf_problem *p, cf_solution *s, double *cost,
                               bool res, cf_err *err)
{
    cf_fmt_text t;
    sol_reader R;
    cf_status rc;

    if (cost) *cost = NAN;
    if ((rc = cf_fmt_text_load(&t, path, CF_BENCH_MAX_FILE_BYTES, err)) != CF_OK) return rc;
    rc = reader_init(&R, &t, p, s, err);
    if (rc == CF_OK) rc = res ? read_res(&R, cost) : read_sol(&R, cost);
    if (rc != CF_OK) cf_solution_clear(s);
    reader_release(&R);
    cf_fmt_text_release(&t);
    return rc;
}

cf_status cf_bench_read_sol(const char *path, const cf_problem *p, cf_solution *s, double *cost,
                            cf_err *err)
{
    return read_solution(path, p, s, cost, false, err);
}

cf_status cf_bench_read_res(const char *path, const cf_problem *p, cf_solution *s, double *cost,
                            cf_err *err)
{
    return read_solution(path, p, s, cost, true, err);
}
