/*
 * The plan files as tables (see plan_int.h): one builder per file, used by
 * the writer to print and by the plan checker to recompute.  Every figure
 * comes from models/eval.h and models/kpi.h; amounts are printed from their
 * integers (grams, cm3, micro-currency), so the text is the same on every
 * machine.
 */
#include "io/plan/plan_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "models/alloc.h"
#include "models/money.h"
#include "models/eval.h"

const char *const cf_plan_routes_cols[] = {"vehicle",     "depot",       "seq",     "kind",
                                           "order",       "courier",     "arrival", "departure",
                                           "load_weight", "load_volume", "km"};
const char *const cf_plan_unassigned_cols[] = {"order", "courier", "reason", "extra_cost"};
const char *const cf_plan_manifest_cols[] = {"section", "vehicle", "courier", "departure", "return",
                                             "orders",  "weight",  "volume",  "km"};

/* ---- numbers and times as text -------------------------------------------------------- */

void cf_plan_fmt_clock(char *buf, size_t size, int64_t s)
{
    int64_t m = s >= 0 ? s / 60 : -((-s + 59) / 60); /* floor */
    if (m < 0)
        snprintf(buf, size, "-%02" PRId64 ":%02" PRId64, -m / 60, -m % 60);
    else
        snprintf(buf, size, "%02" PRId64 ":%02" PRId64, m / 60, m % 60);
}

long cf_plan_parse_clock(const char *text)
{
    long h = 0, m = 0;
    int nh = 0, nm = 0;
    const char *c = text;
    while (*c == ' ')
        c++;
    for (; isdigit((unsigned char)*c) && nh < 6; c++, nh++)
        h = h * 10 + (*c - '0');
    if (nh == 0 || *c++ != ':') return -1;
    for (; isdigit((unsigned char)*c) && nm < 2; c++, nm++)
        m = m * 10 + (*c - '0');
    while (*c == ' ')
        c++;
    if (nm != 2 || *c || m > 59) return -1;
    return h * 60 + m;
}

/* v / 10^dec with dec decimals, exact. */
static void fmt_fixed(char *buf, size_t size, int64_t v, int dec)
{
    int64_t scale = 1;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    if (dec == 0)
        snprintf(buf, size, "%" PRId64, v);
    else
        snprintf(buf, size, "%s%" PRId64 ".%0*" PRId64, v < 0 ? "-" : "", (v < 0 ? -v : v) / scale,
                 dec, (v < 0 ? -v : v) % scale);
}


/* Metres per distance unit when a whole number (exact km text), else 0. */
static int64_t metres_per_unit(const cf_problem *p)
{
    double m = p->dist_unit_km * 1000.0;
    double r = floor(m + 0.5);
    return r >= 1.0 && fabs(m - r) < 1e-9 ? (int64_t)r : 0;
}

static double km_value(const cf_problem *p, int64_t dist)
{
    int64_t mpu = metres_per_unit(p);
    return mpu ? (double)(dist * mpu) / 1000.0 : (double)dist * p->dist_unit_km;
}

static void fmt_km(const cf_problem *p, char *buf, size_t size, int64_t dist)
{
    int64_t mpu = metres_per_unit(p);
    if (mpu)
        fmt_fixed(buf, size, dist * mpu, CF_PLAN_KM_DEC);
    else
        snprintf(buf, size, "%.3f", (double)dist * p->dist_unit_km);
}

/* ---- tables --------------------------------------------------------------------------- */

void cf_ptable_init(cf_ptable *t, const char *const *cols, int n_cols)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->n_cols = n_cols;
    cf_arena_init(&t->arena, 64 * 1024);
}

void cf_ptable_release(cf_ptable *t)
{
    cf_free(t->cells);
    cf_arena_release(&t->arena);
    memset(t, 0, sizeof *t);
}

/* A new row of empty text cells; -1 when out of memory. */
static int add_row(cf_ptable *t)
{
    if (t->n_rows == t->cap_rows) {
        int cap = t->cap_rows ? t->cap_rows * 2 : 64;
        cf_pcell *grown = cf_reallocarray(t->cells, (size_t)cap * (size_t)t->n_cols, sizeof *grown);
        if (!grown) {
            t->oom = 1;
            return -1;
        }
        t->cells = grown;
        t->cap_rows = cap;
    }
    for (int c = 0; c < t->n_cols; c++) {
        cf_pcell *cell = &t->cells[(size_t)t->n_rows * (size_t)t->n_cols + (size_t)c];
        cell->text = "";
        cell->value = 0.0;
        cell->decimals = 0;
        cell->kind = CF_PCELL_TEXT;
    }
    return t->n_rows++;
}

static cf_pcell *cell_at(cf_ptable *t, int row, int col)
{
    return &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
}

static void put_text(cf_ptable *t, int row, int col, const char *text)
{
    char *copy;
    if (row < 0) return;
    if (!text || !*text) return; /* already "" */
    if (!(copy = cf_arena_strdup(&t->arena, text))) {
        t->oom = 1;
        return;
    }
    cell_at(t, row, col)->text = copy;
}

static void put_int(cf_ptable *t, int row, int col, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    put_text(t, row, col, buf);
    if (row >= 0) {
        cell_at(t, row, col)->kind = CF_PCELL_NUM;
        cell_at(t, row, col)->value = (double)v;
    }
}

/* A time cell; s < 0: empty. */
static void put_time(cf_ptable *t, int row, int col, int64_t s, int empty)
{
    char buf[32];
    if (row < 0) return;
    cell_at(t, row, col)->kind = CF_PCELL_TIME;
    cell_at(t, row, col)->value = -1.0;
    if (empty) return;
    cf_plan_fmt_clock(buf, sizeof buf, s);
    put_text(t, row, col, buf);
    cell_at(t, row, col)->value = (double)cf_plan_parse_clock(buf);
}

static void put_num(cf_ptable *t, int row, int col, const char *text, double value, int dec)
{
    if (row < 0) return;
    put_text(t, row, col, text);
    cell_at(t, row, col)->kind = CF_PCELL_NUM;
    cell_at(t, row, col)->value = value;
    cell_at(t, row, col)->decimals = dec;
}

static void put_amount(cf_ptable *t, int row, int col, cf_amount a, int dim)
{
    char buf[48];
    int dec = dim == CF_DIM_WEIGHT ? CF_PLAN_KG_DEC : CF_PLAN_M3_DEC;
    double scale = dim == CF_DIM_WEIGHT ? CF_WEIGHT_SCALE : CF_VOLUME_SCALE;
    fmt_fixed(buf, sizeof buf, a, dec);
    put_num(t, row, col, buf, (double)a / scale, dec);
}

static void put_money(cf_ptable *t, int row, int col, cf_cost c)
{
    char buf[CF_MONEY_BUF];
    cf_money_fmt(buf, sizeof buf, c);
    put_num(t, row, col, buf, (double)c / CF_COST_SCALE, CF_PLAN_MONEY_DEC);
}

static void put_km(cf_ptable *t, const cf_problem *p, int row, int col, int64_t dist)
{
    char buf[48];
    fmt_km(p, buf, sizeof buf, dist);
    put_num(t, row, col, buf, km_value(p, dist), CF_PLAN_KM_DEC);
}

static const char *owner_id(const cf_problem *p, int v)
{
    return p->veh_courier[v] >= 0 ? p->courier_id[p->veh_courier[v]] : "";
}

static cf_status table_status(const cf_ptable *t, const char *what, cf_err *err)
{
    return t->oom ? cf_err_set(err, CF_ENOMEM, "cannot build %s", what) : CF_OK;
}

/* Scratch for walking routes: orders[n_orders], stops[n_orders + 2]. */
typedef struct route_buf {
    int *orders;
    cf_stop_eval *stops;
} route_buf;

static cf_status route_buf_init(route_buf *b, const cf_problem *p, cf_err *err)
{
    b->orders = cf_calloc((size_t)p->n_orders + 1, sizeof *b->orders);
    b->stops = cf_calloc((size_t)p->n_orders + 2, sizeof *b->stops);
    if (b->orders && b->stops) return CF_OK;
    cf_free(b->orders);
    cf_free(b->stops);
    b->orders = NULL;
    b->stops = NULL;
    return cf_err_set(err, CF_ENOMEM, "cannot allocate route scratch for %d orders", p->n_orders);
}

static void route_buf_release(route_buf *b)
{
    cf_free(b->orders);
    cf_free(b->stops);
}

/* Vehicle v's route into b; -1 (and err) when the list is malformed. */
static int load_route(const cf_problem *p, const cf_solution *s, int v, route_buf *b,
                      cf_route_eval *r, cf_err *err)
{
    int n = cf_eval_route_orders(s, v, b->orders, p->n_orders);
    if (n < 0) {
        cf_err_set(err, CF_EINVAL, "vehicle '%s': malformed route list", p->veh_id[v]);
        return -1;
    }
    cf_eval_route(p, v, b->orders, n, s->depart_s[v], r, b->stops);
    return n;
}

/* ---- routes.csv ----------------------------------------------------------------------- */

cf_status cf_plan_routes_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                               int *route_row, cf_err *err)
{
    route_buf b;
    cf_status rc;

    cf_ptable_init(t, cf_plan_routes_cols, CF_PLAN_ROUTES_NCOLS);
    if ((rc = route_buf_init(&b, p, err)) != CF_OK) return rc;
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval r;
        int n = load_route(p, s, v, &b, &r, err);
        if (route_row) route_row[v] = -1;
        if (n < 0) {
            rc = CF_EINVAL;
            break;
        }
        if (n == 0) continue;
        for (int i = 0; i <= n + 1; i++) {
            const cf_stop_eval *st = &b.stops[i];
            int row = add_row(t);
            const char *kind = i == 0 ? "start" : i == n + 1 ? "end" : "order";
            if (row < 0) break;
            if (i == 0 && route_row) route_row[v] = row;
            put_text(t, row, 0, p->veh_id[v]);
            put_text(t, row, 1, p->depot_id[r.depot]);
            put_int(t, row, 2, i);
            cell_at(t, row, 2)->kind = CF_PCELL_TEXT;
            put_text(t, row, 3, kind);
            if (st->order >= 0) {
                put_text(t, row, 4, p->order_id[st->order]);
                put_text(t, row, 5, p->courier_id[p->order_courier[st->order]]);
            } else {
                put_text(t, row, 5, owner_id(p, v));
            }
            /* start: arrival empty; end: departure empty (docs/formats.md) */
            put_time(t, row, 6, st->arrival_s, i == 0);
            put_time(t, row, 7, st->depart_s, i == n + 1);
            put_amount(t, row, 8, st->load[CF_DIM_WEIGHT], CF_DIM_WEIGHT);
            put_amount(t, row, 9, st->load[CF_DIM_VOLUME], CF_DIM_VOLUME);
            put_km(t, p, row, 10, st->dist);
        }
    }
    route_buf_release(&b);
    if (rc != CF_OK) return rc;
    return table_status(t, "routes.csv", err);
}

/* ---- unassigned.csv ------------------------------------------------------------------- */

cf_status cf_plan_unassigned_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                                   cf_err *err)
{
    unsigned char *routed = cf_calloc((size_t)p->n_orders, 1);
    route_buf b;
    cf_status rc;

    cf_ptable_init(t, cf_plan_unassigned_cols, CF_PLAN_UNASSIGNED_NCOLS);
    if (!routed) return cf_err_set(err, CF_ENOMEM, "cannot build unassigned.csv");
    if ((rc = route_buf_init(&b, p, err)) != CF_OK) {
        cf_free(routed);
        return rc;
    }
    for (int v = 0; v < p->n_vehicles && rc == CF_OK; v++) {
        int n = cf_eval_route_orders(s, v, b.orders, p->n_orders);
        if (n < 0)
            rc = cf_err_set(err, CF_EINVAL, "vehicle '%s': malformed route list", p->veh_id[v]);
        for (int i = 0; i < n; i++)
            routed[b.orders[i]] = 1;
    }
    for (int o = 0; o < p->n_orders && rc == CF_OK; o++) {
        int row;
        if (routed[o]) continue;
        if ((row = add_row(t)) < 0) break;
        put_text(t, row, 0, p->order_id[o]);
        put_text(t, row, 1, p->courier_id[p->order_courier[o]]);
        put_text(t, row, 2, cf_reason_str((cf_reason)s->reason[o]));
        if (s->extra_cost[o] >= 0) put_money(t, row, 3, s->extra_cost[o]);
    }
    route_buf_release(&b);
    cf_free(routed);
    if (rc != CF_OK) return rc;
    return table_status(t, "unassigned.csv", err);
}

/* ---- depots/DEPOT_ID.csv -------------------------------------------------------------- */

typedef struct mf_vehicle {
    int v;
    int64_t t0;
} mf_vehicle;

/* Chronological: by departure, then by vehicle index. */
static int mf_cmp(const void *a, const void *b)
{
    const mf_vehicle *x = a, *y = b;
    if (x->t0 != y->t0) return x->t0 < y->t0 ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

static void put_group(cf_ptable *t, int row, int n, const cf_amount *amt)
{
    put_int(t, row, 5, n);
    put_amount(t, row, 6, amt[CF_DIM_WEIGHT], CF_DIM_WEIGHT);
    put_amount(t, row, 7, amt[CF_DIM_VOLUME], CF_DIM_VOLUME);
}

cf_status cf_plan_manifest_table(const cf_problem *p, const cf_solution *s, int d, cf_ptable *t,
                                 cf_err *err)
{
    mf_vehicle *vs = cf_calloc((size_t)p->n_vehicles + 1, sizeof *vs);
    int *c_orders = cf_calloc((size_t)p->n_couriers + 1, sizeof *c_orders);
    cf_amount *c_amt = cf_calloc(((size_t)p->n_couriers + 1) * CF_DIMS, sizeof *c_amt);
    int *l_orders = cf_calloc((size_t)p->n_couriers + 1, sizeof *l_orders);
    cf_amount *l_amt = cf_calloc(((size_t)p->n_couriers + 1) * CF_DIMS, sizeof *l_amt);
    cf_amount tot_amt[CF_DIMS] = {0};
    int64_t tot_dist = 0, first_t0 = 0, last_ret = 0;
    int nv = 0, tot_orders = 0, row;
    route_buf b = {0};
    cf_status rc = CF_OK;

    cf_ptable_init(t, cf_plan_manifest_cols, CF_PLAN_MANIFEST_NCOLS);
    if (!vs || !c_orders || !c_amt || !l_orders || !l_amt) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot build the manifest of DC '%s'", p->depot_id[d]);
        goto done;
    }
    if ((rc = route_buf_init(&b, p, err)) != CF_OK) goto done;
    for (int v = 0; v < p->n_vehicles; v++) {
        if (p->veh_depot[v] != d || s->first[v] == -1) continue;
        vs[nv].v = v;
        vs[nv++].t0 = s->depart_s[v];
    }
    qsort(vs, (size_t)nv, sizeof *vs, mf_cmp);

    for (int i = 0; i < nv; i++) {
        int v = vs[i].v;
        cf_route_eval r;
        int n = load_route(p, s, v, &b, &r, err);
        if (n < 0) {
            rc = CF_EINVAL;
            goto done;
        }
        row = add_row(t);
        put_text(t, row, 0, "vehicle");
        put_text(t, row, 1, p->veh_id[v]);
        put_text(t, row, 2, owner_id(p, v));
        put_time(t, row, 3, r.t0, 0);
        put_time(t, row, 4, r.return_s, 0);
        put_group(t, row, n, r.load);
        put_km(t, p, row, 8, r.dist);

        memset(l_orders, 0, (size_t)p->n_couriers * sizeof *l_orders);
        memset(l_amt, 0, (size_t)p->n_couriers * CF_DIMS * sizeof *l_amt);
        for (int j = 0; j < n; j++) {
            int o = b.orders[j], c = p->order_courier[o];
            l_orders[c]++;
            c_orders[c]++;
            for (int k = 0; k < CF_DIMS; k++) {
                cf_amount a = p->order_demand[(size_t)o * CF_DIMS + (size_t)k];
                l_amt[(size_t)c * CF_DIMS + (size_t)k] += a;
                c_amt[(size_t)c * CF_DIMS + (size_t)k] += a;
            }
        }
        for (int c = 0; c < p->n_couriers; c++) {
            if (!l_orders[c]) continue;
            row = add_row(t);
            put_text(t, row, 0, "load");
            put_text(t, row, 1, p->veh_id[v]);
            put_text(t, row, 2, p->courier_id[c]);
            put_group(t, row, l_orders[c], &l_amt[(size_t)c * CF_DIMS]);
        }
        tot_orders += n;
        for (int k = 0; k < CF_DIMS; k++)
            tot_amt[k] += r.load[k];
        tot_dist += r.dist;
        if (i == 0 || r.t0 < first_t0) first_t0 = r.t0;
        if (i == 0 || r.return_s > last_ret) last_ret = r.return_s;
    }
    for (int c = 0; c < p->n_couriers; c++) {
        if (!c_orders[c]) continue;
        row = add_row(t);
        put_text(t, row, 0, "courier");
        put_text(t, row, 2, p->courier_id[c]);
        put_group(t, row, c_orders[c], &c_amt[(size_t)c * CF_DIMS]);
    }
    row = add_row(t);
    put_text(t, row, 0, "total");
    put_time(t, row, 3, first_t0, nv == 0);
    put_time(t, row, 4, last_ret, nv == 0);
    put_group(t, row, tot_orders, tot_amt);
    put_km(t, p, row, 8, tot_dist);
    rc = table_status(t, "a DC manifest", err);
done:
    route_buf_release(&b);
    cf_free(vs);
    cf_free(c_orders);
    cf_free(c_amt);
    cf_free(l_orders);
    cf_free(l_amt);
    return rc;
}

/* ---- depots/ file names ---------------------------------------------------------------- */

/* Room for a manifest's name before ".csv": file systems allow 255 bytes. */
#define DEPOT_FILE_MAX 200

/* True when ids a and b are equal ignoring ASCII case. */
static bool same_folded(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

char **cf_plan_depot_files(const cf_problem *p, cf_arena *a)
{
    static const char hex[] = "0123456789abcdef";
    char **names = cf_arena_calloc(a, (size_t)p->n_depots + 1, sizeof *names);
    if (!names) return NULL;
    for (int d = 0; d < p->n_depots; d++) {
        char name[DEPOT_FILE_MAX + 32];
        size_t n = 0;
        bool fold = false, cut = false;
        /* An id that equals another ignoring case has its capitals escaped
         * too, so that the two names differ on a case-insensitive file
         * system as well. */
        for (int e = 0; e < p->n_depots && !fold; e++)
            fold = e != d && same_folded(p->depot_id[d], p->depot_id[e]);
        for (const char *c = p->depot_id[d]; *c; c++) {
            unsigned char u = (unsigned char)*c;
            bool plain = u < 128 && (islower(u) || isdigit(u) || u == '_' || u == '-' ||
                                     (u == '.' && c != p->depot_id[d]) || (isupper(u) && !fold));
            if (n + 3 > DEPOT_FILE_MAX) {
                cut = true;
                break;
            }
            if (plain) {
                name[n++] = (char)u;
            } else {
                name[n++] = '%';
                name[n++] = hex[u >> 4];
                name[n++] = hex[u & 15];
            }
        }
        /* '~' is always escaped, so "~N" names the DC only where a long id
         * was cut. */
        if (cut) n += (size_t)snprintf(name + n, sizeof name - n, "~%d", d);
        if (n == 0) name[n++] = '_'; /* ids are never empty; a guard */
        snprintf(name + n, sizeof name - n, ".csv");
        if (!(names[d] = cf_arena_strdup(a, name))) return NULL;
    }
    return names;
}

/* ---- summary.json ---------------------------------------------------------------------- */

static const struct {
    const char *key;
    int decimals;
} json_keys[] = {
    {"scenario", -1},
    {"cofleet_version", -1},
    {"seed", -1},
    {"threads", -1},
    {"time_limit_s", -1},
    {"iterations", -1},
    {"elapsed_s", -1},
    {"stopped_by_signal", -1},
    {"cost", CF_PLAN_MONEY_DEC},
    {"cost_fixed", CF_PLAN_MONEY_DEC},
    {"cost_distance", CF_PLAN_MONEY_DEC},
    {"cost_time", CF_PLAN_MONEY_DEC},
    {"cost_penalty", CF_PLAN_MONEY_DEC},
    {"dc_fixed_cost", CF_PLAN_MONEY_DEC},
    {"total_km", CF_PLAN_KM_DEC},
    {"km", CF_PLAN_KM_DEC},
    {"weight_kg", CF_PLAN_KG_DEC},
    {"volume_m3", CF_PLAN_M3_DEC},
    {"route_hours", CF_PLAN_HOURS_DEC},
    {"co2_kg", CF_PLAN_KM_DEC},
    {"co2_kg_per_km", 6},
    {"mean_load_factor", CF_PLAN_RATIO_DEC},
    {"utilisation_weight", CF_PLAN_RATIO_DEC},
    {"utilisation_volume", CF_PLAN_RATIO_DEC},
};

int cf_plan_json_decimals(const char *key)
{
    for (size_t i = 0; i < sizeof json_keys / sizeof json_keys[0]; i++)
        if (strcmp(json_keys[i].key, key) == 0) return json_keys[i].decimals;
    return -2;
}

static double round_to(double x, int dec)
{
    double scale = pow(10.0, dec);
    return round(x * scale) / scale;
}

/* Sets key in o to a new value; records a failure in *bad. */
static void jset(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!v || json_object_set_new(o, key, v) != 0) *bad = 1;
}

static json_t *jmoney(cf_cost c)
{
    return json_real((double)cf_cost_cents(c) / 100.0);
}

static json_t *jnum(double x, int dec)
{
    return json_real(round_to(x, dec));
}

static json_t *jkm(const cf_problem *p, int64_t dist)
{
    return json_real(round_to(km_value(p, dist), CF_PLAN_KM_DEC));
}

static void put_fleet(json_t *o, const cf_problem *p, const cf_kpi_fleet *f, double co2_per_km,
                      int *bad)
{
    double km = km_value(p, f->dist);
    jset(o, "vehicles_used", json_integer(f->vehicles_used), bad);
    jset(o, "km", jkm(p, f->dist), bad);
    jset(o, "cost", jmoney(f->cost), bad);
    jset(o, "route_hours", jnum((double)f->route_s / 3600.0, CF_PLAN_HOURS_DEC), bad);
    jset(o, "mean_load_factor", jnum(f->mean_load_factor, CF_PLAN_RATIO_DEC), bad);
    jset(o, "co2_kg", jnum(km * co2_per_km, CF_PLAN_KM_DEC), bad);
}

static void put_orders(json_t *o, const cf_kpi_orders *g, int *bad)
{
    jset(o, "orders", json_integer(g->orders), bad);
    jset(o, "orders_served", json_integer(g->served), bad);
    jset(o, "orders_unassigned", json_integer(g->unassigned), bad);
    jset(o, "mandatory_unassigned", json_integer(g->mandatory_unassigned), bad);
    jset(o, "weight_kg", json_real((double)g->served_amount[CF_DIM_WEIGHT] / CF_WEIGHT_SCALE), bad);
    jset(o, "volume_m3", json_real((double)g->served_amount[CF_DIM_VOLUME] / CF_VOLUME_SCALE), bad);
    jset(o, "cost_penalty", jmoney(g->penalty), bad);
}

json_t *cf_plan_summary_json(const cf_problem *p, const cf_params *prm, const cf_solution *s,
                             const cf_run_info *info, const cf_kpi *k, char *const *depot_files)
{
    json_t *root = json_object(), *couriers = json_array(), *depots = json_array();
    json_t *shared = json_object();
    int bad = !root || !couriers || !depots || !shared;
    double co2 = k->co2_kg_per_km;
    (void)s;

    if (bad) goto fail;
    jset(root, "scenario",
         json_string(prm && prm->name[0] ? prm->name
                     : p->name           ? p->name
                                         : ""),
         &bad);
    jset(root, "cofleet_version", json_string(CF_VERSION), &bad);
    jset(root, "seed", json_integer(prm ? (json_int_t)prm->seed : 0), &bad);
    jset(root, "threads", json_integer(info ? info->threads : 0), &bad);
    jset(root, "time_limit_s", json_real(prm ? prm->time_limit_s : 0.0), &bad);
    jset(root, "iterations", json_integer(info ? info->iterations : 0), &bad);
    jset(root, "elapsed_s", json_real(info ? round_to(info->elapsed_s, 3) : 0.0), &bad);
    jset(root, "stopped_by_signal", json_boolean(info && info->stopped_by_signal), &bad);
    jset(root, "sharing", json_string(p->sharing == CF_SHARING_SEPARATE ? "separate" : "pooled"),
         &bad);
    jset(root, "cost", jmoney(k->cost), &bad);
    jset(root, "cost_fixed", jmoney(k->fleet.cost_fixed), &bad);
    jset(root, "cost_distance", jmoney(k->fleet.cost_dist), &bad);
    jset(root, "cost_time", jmoney(k->fleet.cost_time), &bad);
    jset(root, "cost_penalty", jmoney(k->orders.penalty), &bad);
    jset(root, "dc_fixed_cost", jmoney(k->depot_fixed_cost), &bad);
    jset(root, "total_km", jkm(p, k->fleet.dist), &bad);
    jset(root, "vehicles_used", json_integer(k->fleet.vehicles_used), &bad);
    jset(root, "vehicles_total", json_integer(p->n_vehicles), &bad);
    jset(root, "orders", json_integer(k->orders.orders), &bad);
    jset(root, "orders_served", json_integer(k->orders.served), &bad);
    jset(root, "orders_unassigned", json_integer(k->orders.unassigned), &bad);
    jset(root, "mandatory_unassigned", json_integer(k->orders.mandatory_unassigned), &bad);
    jset(root, "weight_kg",
         json_real((double)k->orders.served_amount[CF_DIM_WEIGHT] / CF_WEIGHT_SCALE), &bad);
    jset(root, "volume_m3",
         json_real((double)k->orders.served_amount[CF_DIM_VOLUME] / CF_VOLUME_SCALE), &bad);
    jset(root, "mean_load_factor", jnum(k->fleet.mean_load_factor, CF_PLAN_RATIO_DEC), &bad);
    jset(root, "route_hours", jnum((double)k->fleet.route_s / 3600.0, CF_PLAN_HOURS_DEC), &bad);
    jset(root, "co2_kg_per_km", jnum(co2, 6), &bad);
    jset(root, "co2_kg", jnum(km_value(p, k->fleet.dist) * co2, CF_PLAN_KM_DEC), &bad);

    for (int c = 0; c < p->n_couriers && !bad; c++) {
        json_t *o = json_object();
        if (!o || json_array_append_new(couriers, o) != 0) {
            bad = 1;
            break;
        }
        jset(o, "id", json_string(p->courier_id[c]), &bad);
        jset(o, "name",
             json_string(p->courier_name && p->courier_name[c] ? p->courier_name[c]
                                                               : p->courier_id[c]),
             &bad);
        put_orders(o, &k->courier_orders[c], &bad);
        put_fleet(o, p, &k->courier_fleet[c], co2, &bad);
    }
    put_fleet(shared, p, &k->shared, co2, &bad);
    for (int d = 0; d < p->n_depots && !bad; d++) {
        const cf_kpi_depot *g = &k->depot[d];
        char path[256];
        json_t *o = json_object();
        if (!o || json_array_append_new(depots, o) != 0) {
            bad = 1;
            break;
        }
        snprintf(path, sizeof path, "depots/%s", depot_files[d]);
        jset(o, "id", json_string(p->depot_id[d]), &bad);
        jset(o, "name",
             json_string(p->depot_name && p->depot_name[d] ? p->depot_name[d] : p->depot_id[d]),
             &bad);
        jset(o, "manifest", json_string(path), &bad);
        jset(o, "orders_served", json_integer(g->orders.served), &bad);
        jset(o, "weight_kg",
             json_real((double)g->orders.served_amount[CF_DIM_WEIGHT] / CF_WEIGHT_SCALE), &bad);
        jset(o, "volume_m3",
             json_real((double)g->orders.served_amount[CF_DIM_VOLUME] / CF_VOLUME_SCALE), &bad);
        put_fleet(o, p, &g->fleet, co2, &bad);
        jset(o, "dc_fixed_cost", jmoney(g->fixed_cost), &bad);
        jset(o, "utilisation_weight",
             g->utilisation[CF_DIM_WEIGHT] < 0
                 ? json_null()
                 : jnum(g->utilisation[CF_DIM_WEIGHT], CF_PLAN_RATIO_DEC),
             &bad);
        jset(o, "utilisation_volume",
             g->utilisation[CF_DIM_VOLUME] < 0
                 ? json_null()
                 : jnum(g->utilisation[CF_DIM_VOLUME], CF_PLAN_RATIO_DEC),
             &bad);
    }
    jset(root, "couriers", couriers, &bad);
    couriers = NULL;
    jset(root, "shared_fleet", shared, &bad);
    shared = NULL;
    jset(root, "depots", depots, &bad);
    depots = NULL;
    if (!bad) return root;
fail:
    json_decref(root);
    json_decref(couriers);
    json_decref(depots);
    json_decref(shared);
    return NULL;
}

/* ---- trace.csv ------------------------------------------------------------------------- */

const char *const cf_plan_trace_cols[] = {"order", "courier",  "depot",   "vehicle",
                                          "vehicle_courier", "stop_seq", "arrival", "departure"};

cf_status cf_plan_trace_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                              cf_err *err)
{
    route_buf b;
    cf_status rc;

    cf_ptable_init(t, cf_plan_trace_cols, CF_PLAN_TRACE_NCOLS);
    if ((rc = route_buf_init(&b, p, err)) != CF_OK) return rc;
    /* One row per order first (row o is order o), then the routes fill theirs. */
    for (int o = 0; o < p->n_orders; o++) {
        int row = add_row(t);
        if (row < 0) break;
        put_text(t, row, 0, p->order_id[o]);
        put_text(t, row, 1, p->courier_id[p->order_courier[o]]);
        put_time(t, row, 6, 0, 1);
        put_time(t, row, 7, 0, 1);
    }
    for (int v = 0; v < p->n_vehicles && t->n_rows == p->n_orders; v++) {
        cf_route_eval r;
        int n = load_route(p, s, v, &b, &r, err);
        if (n < 0) {
            rc = CF_EINVAL;
            break;
        }
        for (int i = 1; i <= n; i++) {
            const cf_stop_eval *st = &b.stops[i];
            int row = st->order;
            put_text(t, row, 2, p->depot_id[r.depot]);
            put_text(t, row, 3, p->veh_id[v]);
            put_text(t, row, 4, owner_id(p, v));
            put_int(t, row, 5, i);
            cell_at(t, row, 5)->kind = CF_PCELL_TEXT;
            put_time(t, row, 6, st->arrival_s, 0);
            put_time(t, row, 7, st->depart_s, 0);
        }
    }
    route_buf_release(&b);
    if (rc != CF_OK) return rc;
    return table_status(t, "trace.csv", err);
}
