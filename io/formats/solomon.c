/*
 * Solomon (1987) and Gehring-Homberger (1999) VRPTW reader: the instance
 * name, a VEHICLE block ("NUMBER CAPACITY", then K Q), a CUSTOMER block
 * (a header, then rows "CUST_NO X Y DEMAND READY DUE SERVICE", row 0 the
 * depot whose due date is the horizon).  Windows bound the start of
 * service; travel time equals distance.  Real-valued distances and times
 * are kept in 1e-4 instance units (CF_BENCH_TICKS), and the DIMACS
 * convention truncates every arc to one decimal (see bench_read.h).
 */
#include <math.h>
#include <string.h>

#include "io/formats/formats_int.h"
#include "models/alloc.h"

#define MAX_COORD 2.5e4 /* arc x 1e4 + MAX_TIME x 1e4 stays below INT32_MAX */
#define MAX_TIME 1e5    /* x 1e4 = CF_TIME_INF */
#define MAX_DEMAND 1e9

typedef struct row {
    long no;
    double x, y, demand, ready, due, service;
    int line;
} row;

/* The next non-blank line at or after *i, or -1. */
static int next_line(const cf_fmt_text *t, int *i)
{
    while (*i < t->n_lines && !cf_fmt_first(t->line[*i]))
        (*i)++;
    return *i < t->n_lines ? *i : -1;
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static cf_status expect_word(const cf_fmt_text *t, int *i, const char *word, cf_err *err)
{
    int l = next_line(t, i);
    if (l < 0) return cf_fmt_err(err, CF_EPARSE, t->path, t->n_lines, "missing '%.40s' line", word);
    if (strcmp(cf_fmt_trim(t->line[l]), word) != 0)
        return cf_fmt_err(err, CF_EPARSE, t->path, l + 1, "expected '%.40s', got '%.40s'", word,
                         cf_fmt_trim(t->line[l]));
    (*i)++;
    return CF_OK;
}

static cf_status parse_row(const cf_fmt_text *t, int l, row *r, cf_err *err)
{
    static const char *const field[] = {"CUST NO.",   "XCOORD.",  "YCOORD.",     "DEMAND",
                                        "READY TIME", "DUE DATE", "SERVICE TIME"};
    char *tok[8];
    double v[7];
    int n = cf_fmt_split(t->line[l], tok, 7), line = l + 1;

    if (n != 7)
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "expected 7 fields 'CUST_NO X Y DEMAND READY DUE SERVICE', got %s%d",
                         n > 7 ? "more than " : "", n > 7 ? 7 : n);
    if (!cf_fmt_long(tok[0], 0, 100000000, &r->no))
        return cf_fmt_err(err, CF_EPARSE, t->path, line,
                         "CUST NO. '%.40s' must be a whole number >= 0", tok[0]);
    for (int k = 1; k < 7; k++)
        if (!cf_fmt_num(tok[k], &v[k]))
            return cf_fmt_err(err, CF_EPARSE, t->path, line, "%s '%.40s' is not a number", field[k],
                             tok[k]);
    if (fabs(v[1]) > MAX_COORD || fabs(v[2]) > MAX_COORD)
        return cf_fmt_err(err, CF_EINVAL, t->path, line, "coordinates must be within +-%.0g",
                         MAX_COORD);
    if (v[3] < 0 || v[3] > MAX_DEMAND)
        return cf_fmt_err(err, CF_EINVAL, t->path, line, "DEMAND '%.40s' must be in [0, %.0g]",
                         tok[3], MAX_DEMAND);
    for (int k = 4; k < 7; k++)
        if (v[k] < 0 || v[k] >= MAX_TIME)
            return cf_fmt_err(err, CF_EINVAL, t->path, line, "%s '%.40s' must be in [0, %.0g)",
                             field[k], tok[k], MAX_TIME);
    if (v[4] > v[5])
        return cf_fmt_err(err, CF_EINVAL, t->path, line, "READY TIME %s is after DUE DATE %s",
                         tok[4], tok[5]);
    r->x = v[1];
    r->y = v[2];
    r->demand = v[3];
    r->ready = v[4];
    r->due = v[5];
    r->service = v[6];
    r->line = line;
    return CF_OK;
}

static int32_t ticks(double v)
{
    return (int32_t)llround(v * CF_BENCH_TICKS);
}

cf_status cf_fmt_read_solomon(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err)
{
    char name[256];
    char *tok[3];
    int i = 0, l, n_rows = 0, fleet_line, first_row;
    long k;
    double q, x0, x1, y0, y1;
    row *rows = NULL;
    int *seen = NULL;
    cf_status rc;

    if ((l = next_line(t, &i)) < 0) return cf_fmt_err(err, CF_EPARSE, t->path, 0, "empty file");
    if (strlen(cf_fmt_trim(t->line[l])) >= sizeof name)
        return cf_fmt_err(err, CF_EPARSE, t->path, l + 1, "name longer than %zu characters",
                         sizeof name - 1);
    strcpy(name, cf_fmt_trim(t->line[l]));
    if ((rc = cf_fmt_name(t, l + 1, "the instance name", name, err)) != CF_OK) return rc;
    i++;
    if ((rc = expect_word(t, &i, "VEHICLE", err)) != CF_OK) return rc;
    if ((l = next_line(t, &i)) < 0 || !is_letter(cf_fmt_first(t->line[l])))
        return cf_fmt_err(err, CF_EPARSE, t->path, l < 0 ? t->n_lines : l + 1,
                         "expected the header 'NUMBER CAPACITY'");
    i++;
    if ((l = next_line(t, &i)) < 0)
        return cf_fmt_err(err, CF_EPARSE, t->path, t->n_lines, "missing the line 'NUMBER CAPACITY'");
    fleet_line = l + 1;
    if (cf_fmt_split(t->line[l], tok, 2) != 2)
        return cf_fmt_err(err, CF_EPARSE, t->path, fleet_line,
                         "expected 'NUMBER CAPACITY' (two numbers)");
    if (!cf_fmt_long(tok[0], 1, CF_BENCH_MAX_VEHICLES, &k))
        return cf_fmt_err(err, CF_EPARSE, t->path, fleet_line,
                         "NUMBER '%.40s' must be a whole number in [1, %d]", tok[0],
                         CF_BENCH_MAX_VEHICLES);
    if (!cf_fmt_num(tok[1], &q) || q <= 0 || q > MAX_DEMAND)
        return cf_fmt_err(err, CF_EPARSE, t->path, fleet_line,
                         "CAPACITY '%.40s' must be a number in (0, %.0g]", tok[1], MAX_DEMAND);
    i++;
    if ((rc = expect_word(t, &i, "CUSTOMER", err)) != CF_OK) return rc;
    while ((l = next_line(t, &i)) >= 0 && is_letter(cf_fmt_first(t->line[l])))
        i++; /* column headers */
    first_row = i;
    for (int j = i; j < t->n_lines; j++)
        if (cf_fmt_first(t->line[j])) n_rows++;
    if (n_rows < 2)
        return cf_fmt_err(err, CF_EPARSE, t->path, t->n_lines,
                         "expected the depot row and at least one customer row");
    if (n_rows > CF_BENCH_MAX_NODES)
        return cf_fmt_err(err, CF_EINVAL, t->path, 0, "%d rows: at most %d are supported", n_rows,
                         CF_BENCH_MAX_NODES);

    rows = cf_calloc((size_t)n_rows, sizeof *rows);
    if (!rows) return cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
    n_rows = 0;
    for (int j = first_row; j < t->n_lines; j++) {
        if (!cf_fmt_first(t->line[j])) continue;
        if ((rc = parse_row(t, j, &rows[n_rows], err)) != CF_OK) goto done;
        n_rows++;
    }
    if (rows[0].no != 0) {
        rc = cf_fmt_err(err, CF_EPARSE, t->path, rows[0].line,
                       "the first row must be the depot, CUST NO. 0 (got %ld)", rows[0].no);
        goto done;
    }
    if (rows[0].demand != 0 || rows[0].service != 0) {
        rc = cf_fmt_err(err, CF_EINVAL, t->path, rows[0].line,
                       "the depot row must have DEMAND 0 and SERVICE TIME 0");
        goto done;
    }
    /* CUST NO. must be unique: they name the orders. */
    {
        long max_no = 0;
        for (int j = 0; j < n_rows; j++)
            if (rows[j].no > max_no) max_no = rows[j].no;
        if (max_no > 10L * n_rows + 1000) {
            rc = cf_fmt_err(err, CF_EINVAL, t->path, 0,
                           "CUST NO. up to %ld for %d rows: numbers must be about 0 .. rows - 1",
                           max_no, n_rows);
            goto done;
        }
        if (!(seen = cf_calloc((size_t)max_no + 1, sizeof *seen))) {
            rc = cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
            goto done;
        }
        for (int j = 0; j < n_rows; j++) {
            if (seen[rows[j].no]) {
                rc = cf_fmt_err(err, CF_EPARSE, t->path, rows[j].line,
                               "CUST NO. %ld given twice (first on line %d)", rows[j].no,
                               seen[rows[j].no]);
                goto done;
            }
            seen[rows[j].no] = rows[j].line;
            if (j > 0 && rows[j].demand > q) {
                rc = cf_fmt_err(err, CF_EINVAL, t->path, rows[j].line,
                               "DEMAND %g of customer %ld exceeds the vehicle CAPACITY %g",
                               rows[j].demand, rows[j].no, q);
                goto done;
            }
        }
    }

    p->dist_unit_km = 1.0 / CF_BENCH_TICKS;
    p->dist_trunc_km = o->dist == CF_BENCH_DIST_EXACT ? 0.0 : 0.1;
    if ((rc = cf_fmt_alloc(p, 1, n_rows - 1, (int)k, err)) != CF_OK) goto done;
    if ((rc = cf_fmt_strdup(p, &p->name, name, err)) != CF_OK) goto done;
    x0 = x1 = rows[0].x;
    y0 = y1 = rows[0].y;
    for (int j = 0; j < n_rows; j++) {
        const row *r = &rows[j];
        char buf[32];
        p->x[j] = r->x;
        p->y[j] = r->y;
        x0 = fmin(x0, r->x);
        x1 = fmax(x1, r->x);
        y0 = fmin(y0, r->y);
        y1 = fmax(y1, r->y);
        if (j == 0) {
            p->depot_open[0] = ticks(r->ready);
            p->depot_close[0] = ticks(r->due);
            continue;
        }
        snprintf(buf, sizeof buf, "%ld", r->no);
        if ((rc = cf_fmt_strdup(p, &p->order_id[j - 1], buf, err)) != CF_OK) goto done;
        p->order_demand[(size_t)(j - 1) * CF_DIMS + CF_DIM_WEIGHT] =
            (cf_amount)llround(r->demand * CF_WEIGHT_SCALE);
        p->order_tw_start[j - 1] = ticks(r->ready);
        p->order_tw_end[j - 1] = ticks(r->due);
        p->order_service[j - 1] = ticks(r->service);
    }
    for (int v = 0; v < (int)k; v++)
        p->veh_cap[(size_t)v * CF_DIMS + CF_DIM_WEIGHT] = (cf_amount)llround(q * CF_WEIGHT_SCALE);
    rc = cf_fmt_objective(p, o->objective,
                         (double)(n_rows - 1 + k) * (hypot(x1 - x0, y1 - y0) + 1) * CF_BENCH_TICKS,
                         err);
done:
    cf_free(rows);
    cf_free(seen);
    return rc;
}
