/*
 * Cordeau, Gendreau, Laporte (1997) multi-depot reader, the format of
 * Cordeau's p01-p23 and pr01-pr10 (type 2, MDVRP) and of the Cordeau et al.
 * (2001) MDVRPTW files (type 6):
 *
 *   type m n t                 m vehicles per depot, n customers, t depots
 *   D Q                        t lines: max route duration (0: none), capacity
 *   i x y d q f a list [e l]   n customers: service d, demand q, a visit
 *                              combinations (ignored), window [e, l] (type 6)
 *   i x y d q f a [e l]        t depots, ids n+1 .. n+t
 *
 * Distances and times are real: kept in 1e-4 instance units as Solomon's
 * (io/formats/solomon.c), exact by default.  Duration = travel + service (+ waiting,
 * with time windows), bounded by D of the vehicle's depot.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "io/formats/formats_int.h"
#include "models/alloc.h"

#define MAX_COORD 2.5e4 /* arc x 1e4 + MAX_TIME x 1e4 stays below INT32_MAX */
#define MAX_TIME 1e5
#define MAX_DEMAND 1e9
#define MAX_TOKENS 512 /* a line: 7 fields, the combination list, a window */

typedef struct node {
    double x, y, service, demand, e, l;
    int line;
} node;

static int next_line(const cf_fmt_text *t, int *i)
{
    while (*i < t->n_lines && !cf_fmt_first(t->line[*i]))
        (*i)++;
    return *i < t->n_lines ? *i : -1;
}

static int32_t ticks(double v)
{
    return (int32_t)llround(v * CF_BENCH_TICKS);
}

/* One customer (depot == false) or depot line, expected id `id`. */
static cf_status parse_node(const cf_fmt_text *t, int l, long id, bool depot, bool tw, node *out,
                            char **tok, cf_err *err)
{
    static const char *const field[] = {"i", "x", "y", "d (service)", "q (demand)", "f", "a"};
    const char *what = depot ? "depot" : "customer";
    int n = cf_fmt_split(t->line[l], tok, MAX_TOKENS), line = l + 1, need;
    long v_id, a = 0;
    double v[7] = {0};

    if (n > MAX_TOKENS)
        return cf_fmt_err(err, CF_EPARSE, t->path, line, "more than %d fields", MAX_TOKENS);
    need = depot ? 3 : 7;
    if (n < need)
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "%s line: expected at least %d fields 'i x y%s', got %d", what, need,
                         depot ? "" : " d q f a", n);
    if (!cf_fmt_long(tok[0], LONG_MIN, LONG_MAX, &v_id) || v_id != id)
        return cf_fmt_err(err, CF_EPARSE, t->path, line, "%s line: expected id %ld, got '%.40s'",
                         what, id, tok[0]);
    for (int k = 1; k < 7 && k < n; k++)
        if (!cf_fmt_num(tok[k], &v[k]))
            return cf_fmt_err(err, CF_EPARSE, t->path, line, "%s '%.40s' is not a number", field[k],
                             tok[k]);
    if (n >= 7 && (!cf_fmt_long(tok[6], 0, MAX_TOKENS, &a)))
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "a (number of visit combinations) '%.40s' must be a whole number", tok[6]);
    if (depot) {
        /* "i x y d q f a" with a = 0, then e l for type 6; only x, y (and e, l) matter. */
        if (tw && n < 5)
            return cf_fmt_err(err, CF_EPARSE, t->path, line,
                             "depot line: expected a time window 'e l' at the end");
    } else if (n != 7 + a && n != 7 + a + 2) {
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "customer line: expected %ld fields 'i x y d q f a list%s' (a = %ld), "
                         "got %d",
                         7 + a + (tw ? 2 : 0), tw ? " e l" : "", a, n);
    } else if (tw && n != 7 + a + 2) {
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "customer line: expected a time window 'e l' after the %ld combinations",
                         a);
    }
    if (fabs(v[1]) > MAX_COORD || fabs(v[2]) > MAX_COORD)
        return cf_fmt_err(err, CF_EINVAL, t->path, line, "coordinates must be within +-%.0g",
                         MAX_COORD);
    out->x = v[1];
    out->y = v[2];
    out->line = line;
    out->e = 0;
    out->l = -1;
    if (!depot) {
        if (v[3] < 0 || v[3] >= MAX_TIME)
            return cf_fmt_err(err, CF_EINVAL, t->path, line, "service '%.40s' must be in [0, %.0g)",
                             tok[3], MAX_TIME);
        if (v[4] < 0 || v[4] > MAX_DEMAND)
            return cf_fmt_err(err, CF_EINVAL, t->path, line, "demand '%.40s' must be in [0, %.0g]",
                             tok[4], MAX_DEMAND);
        out->service = v[3];
        out->demand = v[4];
    }
    if (tw) {
        double e, lt;
        if (!cf_fmt_num(tok[n - 2], &e) || !cf_fmt_num(tok[n - 1], &lt))
            return cf_fmt_err(err, CF_EPARSE, t->path, line,
                             "time window '%.40s %.40s' is not two numbers", tok[n - 2],
                             tok[n - 1]);
        if (e < 0 || lt >= MAX_TIME || e > lt)
            return cf_fmt_err(err, CF_EINVAL, t->path, line,
                             "time window [%s, %s] must satisfy 0 <= e <= l < %.0g", tok[n - 2],
                             tok[n - 1], MAX_TIME);
        out->e = e;
        out->l = lt;
    }
    return CF_OK;
}

cf_status cf_fmt_read_cordeau(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err)
{
    char **tok = NULL;
    char name[256];
    node *nodes = NULL;
    double *dur = NULL, *cap = NULL, maxq = 0, x0, x1, y0, y1;
    long type, m, n, nt;
    int i = 0, l, line;
    bool tw;
    cf_status rc = CF_OK;

    if ((l = next_line(t, &i)) < 0) return cf_fmt_err(err, CF_EPARSE, t->path, 0, "empty file");
    line = l + 1;
    if (!(tok = cf_calloc(MAX_TOKENS + 1, sizeof *tok)))
        return cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
    if (cf_fmt_split(t->line[l], tok, 4) != 4 || !cf_fmt_long(tok[0], 0, 99, &type)) {
        rc = cf_fmt_err(err, CF_EPARSE, t->path, line, "expected the first line 'type m n t'");
        goto done;
    }
    if (type != 2 && type != 6) {
        rc = cf_fmt_err(err, CF_EINVAL, t->path, line,
                       "problem type %ld is not supported: 2 (MDVRP) and 6 (MDVRPTW) are", type);
        goto done;
    }
    tw = type == 6;
    if (!cf_fmt_long(tok[1], 1, CF_BENCH_MAX_VEHICLES, &m) ||
        !cf_fmt_long(tok[2], 1, CF_BENCH_MAX_NODES, &n) || !cf_fmt_long(tok[3], 1, 10000, &nt) ||
        m * nt > CF_BENCH_MAX_VEHICLES || n + nt > CF_BENCH_MAX_NODES) {
        rc = cf_fmt_err(err, CF_EPARSE, t->path, line,
                       "'type m n t': m (vehicles per depot), n (customers) and t (depots) must be "
                       "whole numbers >= 1 with m * t <= %d and n + t <= %d",
                       CF_BENCH_MAX_VEHICLES, CF_BENCH_MAX_NODES);
        goto done;
    }
    i++;
    dur = cf_calloc((size_t)nt, sizeof *dur);
    cap = cf_calloc((size_t)nt, sizeof *cap);
    nodes = cf_calloc((size_t)(n + nt), sizeof *nodes);
    if (!dur || !cap || !nodes) {
        rc = cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
        goto done;
    }
    for (long d = 0; d < nt; d++, i++) {
        if ((l = next_line(t, &i)) < 0) {
            rc = cf_fmt_err(err, CF_EPARSE, t->path, t->n_lines,
                           "expected %ld lines 'D Q' (one per depot), got %ld", nt, d);
            goto done;
        }
        if (cf_fmt_split(t->line[l], tok, 2) != 2 || !cf_fmt_num(tok[0], &dur[d]) ||
            !cf_fmt_num(tok[1], &cap[d]) || dur[d] < 0 || dur[d] >= MAX_TIME || cap[d] <= 0 ||
            cap[d] > MAX_DEMAND) {
            rc = cf_fmt_err(err, CF_EPARSE, t->path, l + 1,
                           "expected 'D Q' for depot %ld: max duration in [0, %.0g) (0: none), "
                           "capacity in (0, %.0g]",
                           d + 1, MAX_TIME, MAX_DEMAND);
            goto done;
        }
        if (cap[d] > maxq) maxq = cap[d];
    }
    for (long k = 0; k < n + nt; k++, i++) {
        bool depot = k >= n;
        if ((l = next_line(t, &i)) < 0) {
            rc = cf_fmt_err(err, CF_EPARSE, t->path, t->n_lines,
                           "expected %ld customer lines and %ld depot lines, got %ld lines", n, nt,
                           k);
            goto done;
        }
        if ((rc = parse_node(t, l, k + 1, depot, tw, &nodes[k], tok, err)) != CF_OK) goto done;
        if (!depot && nodes[k].demand > maxq) {
            rc = cf_fmt_err(err, CF_EINVAL, t->path, l + 1,
                           "demand %g of customer %ld exceeds every vehicle capacity (at most %g)",
                           nodes[k].demand, k + 1, maxq);
            goto done;
        }
    }
    if ((l = next_line(t, &i)) >= 0) {
        rc = cf_fmt_err(err, CF_EPARSE, t->path, l + 1,
                       "unexpected data after the %ld depot lines: '%.40s'", nt,
                       cf_fmt_trim(t->line[l]));
        goto done;
    }

    p->dist_unit_km = 1.0 / CF_BENCH_TICKS;
    p->dist_trunc_km = o->dist == CF_BENCH_DIST_DIMACS ? 0.1 : 0.0;
    if ((rc = cf_fmt_alloc(p, (int)nt, (int)n, (int)(m * nt), err)) != CF_OK) goto done;
    cf_fmt_base_name(t->path, name, sizeof name);
    if ((rc = cf_fmt_strdup(p, &p->name, name, err)) != CF_OK) goto done;
    x0 = x1 = nodes[0].x;
    y0 = y1 = nodes[0].y;
    for (long k = 0; k < n + nt; k++) {
        const node *nd = &nodes[k];
        x0 = fmin(x0, nd->x);
        x1 = fmax(x1, nd->x);
        y0 = fmin(y0, nd->y);
        y1 = fmax(y1, nd->y);
    }
    for (long d = 0; d < nt; d++) {
        const node *nd = &nodes[n + d];
        p->x[d] = nd->x;
        p->y[d] = nd->y;
        if (tw) {
            p->depot_open[d] = ticks(nd->e);
            p->depot_close[d] = ticks(nd->l);
        }
        for (long j = 0; j < m; j++) {
            long v = d * m + j;
            p->veh_depot[v] = (int)d;
            p->veh_cap[(size_t)v * CF_DIMS + CF_DIM_WEIGHT] =
                (cf_amount)llround(cap[d] * CF_WEIGHT_SCALE);
            if (dur[d] > 0) p->veh_max_duration[v] = ticks(dur[d]);
        }
    }
    for (long k = 0; k < n; k++) {
        const node *nd = &nodes[k];
        char buf[32];
        p->x[nt + k] = nd->x;
        p->y[nt + k] = nd->y;
        snprintf(buf, sizeof buf, "%ld", k + 1);
        if ((rc = cf_fmt_strdup(p, &p->order_id[k], buf, err)) != CF_OK) goto done;
        p->order_demand[(size_t)k * CF_DIMS + CF_DIM_WEIGHT] =
            (cf_amount)llround(nd->demand * CF_WEIGHT_SCALE);
        p->order_service[k] = ticks(nd->service);
        if (tw) {
            p->order_tw_start[k] = ticks(nd->e);
            p->order_tw_end[k] = ticks(nd->l);
        }
    }
    rc =
        cf_fmt_objective(p, o->objective,
                        (double)(n + m * nt) * (hypot(x1 - x0, y1 - y0) + 1) * CF_BENCH_TICKS, err);
done:
    cf_free(tok);
    cf_free(dur);
    cf_free(cap);
    cf_free(nodes);
    return rc;
}
