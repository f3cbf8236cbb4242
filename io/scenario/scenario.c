/*
 * Scenario loading (CSV schema v1, see scenario.h and docs/formats.md).
 * Each table is read row by row into a compact, already converted and
 * checked record (ids go straight into the problem's arena); references
 * are resolved through hash maps as they come.  Only when every file has
 * been read and checked are the problem's tables allocated at their final
 * sizes and filled, so the problem never holds half of a scenario.  Files
 * are read in the order couriers, depots, orders, vehicles, matrix, so that
 * every reference points backwards; the one forward reference, a DC's
 * courier list when couriers.csv is absent (couriers then come from orders
 * and vehicles), is resolved after the vehicles.
 *
 * Conversions (problem.h): km -> metres, minutes -> seconds, kg -> grams,
 * m3 -> cm3, money -> micro-units, each rounded once with llround after a
 * range check (docs/formats.md lists every bound).  The bounds keep each
 * value and each arc's travel time inside its type; that no plan's cost
 * can overflow, whatever the sizes, cf_problem_finalize checks last.
 */
#define _XOPEN_SOURCE 700 /* realpath(), for the name of "." */
#include "io/scenario/scenario.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "io/scenario/csv_read.h"
#include "io/scenario/params.h"
#include "io/text_int.h"
#include "models/alloc.h"
#include "models/idmap.h"

#define ID_MAX 200             /* bytes in an id, a skill or a courier name */
#define TIME_MAX_S 3600000     /* 1000 hours: latest time of day, longest duration */
#define MINUTES_MAX 60000.0    /* the same in minutes */
#define AMOUNT_MAX 1e9         /* kg or m3 in one cell */
#define MONEY_MAX 1e9          /* currency units in one cell */
#define DIST_KM_MAX 100000.0   /* one matrix distance (2.5 times around the earth) */
#define PLANE_KM_MAX 50000.0   /* |x|, |y| on the plane: an arc is at most 141422 km */
#define SPEED_MIN 1.0          /* km/h: the longest arc (200000 km on the sphere with */
#define SPEED_MAX 200.0        /* road_factor 10) then takes 200000 h < CF_TIME_INF s */
#define DIST_LIMIT_KM 1e7      /* max_distance_km */
#define COUNT_MAX 10000        /* vehicles from one row */
#define VEHICLES_MAX 1000000   /* vehicles in all */
#define MATRIX_NODES_MAX 20000 /* dense matrices above this are too large */
#define EARTH_KM 6371.0088

/* Column numbers, in the order of each table's cf_csv_col array. */
enum { C_ID, C_NAME, C_SHARE, C_NCOLS };
enum {
    D_ID,
    D_NAME,
    D_LAT,
    D_LON,
    D_X,
    D_Y,
    D_OPEN,
    D_CLOSE,
    D_CAP_WEIGHT,
    D_CAP_VOLUME,
    D_FIXED_COST,
    D_COURIERS,
    D_NCOLS
};
enum {
    O_ID,
    O_COURIER,
    O_LAT,
    O_LON,
    O_X,
    O_Y,
    O_WEIGHT,
    O_VOLUME,
    O_TW_START,
    O_TW_END,
    O_SERVICE,
    O_SKILLS,
    O_PENALTY,
    O_DEPOT,
    O_NCOLS
};
enum {
    V_ID,
    V_COURIER,
    V_DEPOT,
    V_COUNT,
    V_CAP_WEIGHT,
    V_CAP_VOLUME,
    V_FIXED_COST,
    V_COST_KM,
    V_COST_HOUR,
    V_SHIFT_START,
    V_SHIFT_END,
    V_MAX_DURATION,
    V_MAX_DISTANCE,
    V_SPEED,
    V_SKILLS,
    V_NCOLS
};
enum { M_FROM, M_TO, M_DISTANCE, M_DURATION, M_NCOLS };

static const cf_csv_col courier_cols[C_NCOLS] = {
    [C_ID] = {"id", true}, [C_NAME] = {"name", false}, [C_SHARE] = {"share", false}};
static const cf_csv_col depot_cols[D_NCOLS] = {[D_ID] = {"id", true},
                                               [D_NAME] = {"name", false},
                                               [D_LAT] = {"lat", false},
                                               [D_LON] = {"lon", false},
                                               [D_X] = {"x", false},
                                               [D_Y] = {"y", false},
                                               [D_OPEN] = {"open", false},
                                               [D_CLOSE] = {"close", false},
                                               [D_CAP_WEIGHT] = {"cap_weight", false},
                                               [D_CAP_VOLUME] = {"cap_volume", false},
                                               [D_FIXED_COST] = {"fixed_cost", false},
                                               [D_COURIERS] = {"couriers", false}};
static const cf_csv_col order_cols[O_NCOLS] = {[O_ID] = {"id", true},
                                               [O_COURIER] = {"courier", true},
                                               [O_LAT] = {"lat", false},
                                               [O_LON] = {"lon", false},
                                               [O_X] = {"x", false},
                                               [O_Y] = {"y", false},
                                               [O_WEIGHT] = {"weight", true},
                                               [O_VOLUME] = {"volume", false},
                                               [O_TW_START] = {"tw_start", false},
                                               [O_TW_END] = {"tw_end", false},
                                               [O_SERVICE] = {"service_min", false},
                                               [O_SKILLS] = {"skills", false},
                                               [O_PENALTY] = {"penalty", false},
                                               [O_DEPOT] = {"depot", false}};
static const cf_csv_col vehicle_cols[V_NCOLS] = {[V_ID] = {"id", true},
                                                 [V_COURIER] = {"courier", false},
                                                 [V_DEPOT] = {"depot", true},
                                                 [V_COUNT] = {"count", false},
                                                 [V_CAP_WEIGHT] = {"cap_weight", true},
                                                 [V_CAP_VOLUME] = {"cap_volume", false},
                                                 [V_FIXED_COST] = {"fixed_cost", false},
                                                 [V_COST_KM] = {"cost_per_km", false},
                                                 [V_COST_HOUR] = {"cost_per_hour", false},
                                                 [V_SHIFT_START] = {"shift_start", false},
                                                 [V_SHIFT_END] = {"shift_end", false},
                                                 [V_MAX_DURATION] = {"max_duration_min", false},
                                                 [V_MAX_DISTANCE] = {"max_distance_km", false},
                                                 [V_SPEED] = {"speed_kmh", false},
                                                 [V_SKILLS] = {"skills", false}};
static const cf_csv_col matrix_cols[M_NCOLS] = {[M_FROM] = {"from", true},
                                                [M_TO] = {"to", true},
                                                [M_DISTANCE] = {"distance_km", true},
                                                [M_DURATION] = {"duration_min", false}};

typedef struct depot_row {
    char *id, *name;
    char *couriers; /* the raw list, resolved once every courier is known */
    long line;
    double x, y;
    int32_t open, close;
    cf_amount cap[CF_DIMS];
    cf_cost fixed_cost;
    uint64_t courier_mask;
} depot_row;

typedef struct order_row {
    char *id;
    long line;
    int courier, depot;
    double x, y;
    cf_amount demand[CF_DIMS];
    int32_t tw_start, tw_end, service;
    uint32_t skills;
    cf_cost penalty;
} order_row;

typedef struct vehicle_row {
    long line;
    int courier, depot, count;
    cf_amount cap[CF_DIMS];
    cf_cost fixed_cost, cost_per_dist, cost_per_hour;
    int32_t shift_start, shift_end, max_duration;
    int64_t max_dist;
    double speed_kmh;
    uint32_t skills;
} vehicle_row;

typedef struct vehicle_unit {
    char *id; /* "van", or "van#3" when its row has count > 1 */
    int row;  /* in vehicles.csv's data rows */
} vehicle_unit;

typedef struct loader {
    const char *dir;
    cf_problem *p;
    cf_err *err;
    cf_arena tmp; /* strings needed only while loading */
    char path[PATH_MAX];

    cf_csv *csv; /* the table being read */
    const cf_csv_col *cols;

    bool couriers_file; /* couriers.csv exists: references must match it */
    int n_couriers;
    char *courier_id[CF_MAX_COURIERS], *courier_name[CF_MAX_COURIERS];
    bool courier_share[CF_MAX_COURIERS];
    long courier_line[CF_MAX_COURIERS];
    cf_idmap courier_map;

    int n_skills;
    char *skill_name[CF_MAX_SKILLS];
    cf_idmap skill_map;

    bool have_kind;
    cf_coord_kind kind;
    const char *kind_file;

    depot_row *depots;
    int n_depots, cap_depots;
    cf_idmap depot_map;

    order_row *orders;
    int n_orders, cap_orders;
    cf_idmap order_map;

    vehicle_row *vrows;
    int n_vrows, cap_vrows;
    vehicle_unit *units;
    int n_units, cap_units;
    cf_idmap vehicle_map;

    int32_t *mat_dist, *mat_dur;
} loader;

/* ---- messages ---------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 6, 0)))
#endif
static cf_status
vat(cf_err *err, cf_status code, const char *label, long line, const char *col, const char *fmt,
    va_list ap)
{
    char what[400];
    vsnprintf(what, sizeof what, fmt, ap);
    return cf_err_set(err, code, "%s:%ld: column '%s': %s", label, line, col, what);
}

/* "label:line: column 'col': ..." at any place (for checks after a file is closed). */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static cf_status
at(cf_err *err, cf_status code, const char *label, long line, const char *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cf_status rc = vat(err, code, label, line, col, fmt, ap);
    va_end(ap);
    return rc;
}

/* The same at the current row of the table being read. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static cf_status
colerr(loader *L, int col, cf_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cf_status rc =
        vat(L->err, code, cf_csv_label(L->csv), cf_csv_line(L->csv), L->cols[col].name, fmt, ap);
    va_end(ap);
    return rc;
}

static cf_status oom(loader *L)
{
    if (L->csv)
        return cf_err_set(L->err, CF_ENOMEM, "%s:%ld: out of memory", cf_csv_label(L->csv),
                          cf_csv_line(L->csv));
    return cf_err_set(L->err, CF_ENOMEM, "out of memory loading '%s'", L->dir);
}

/* ---- values ------------------------------------------------------------ */

enum {
    NUM_GT = 1u << 0,    /* the minimum itself is not allowed */
    NUM_RANGE = 1u << 1, /* say "must be within [min, max]" */
};

/* A number of column col; an empty cell gives def, or is an error when def
 * is NAN (a required value). */
static cf_status get_num(loader *L, int col, double def, double min, double max, unsigned flags,
                         double *out)
{
    const char *s = cf_csv_get(L->csv, col);
    char q[CF_QUOTE_MAX + 4];

    if (!*s) {
        if (isnan(def)) return colerr(L, col, CF_EPARSE, "missing value");
        *out = def;
        return CF_OK;
    }
    switch (cf_parse_number(s, out)) {
    case CF_NUM_OK:
        break;
    case CF_NUM_RANGE:
        return colerr(L, col, CF_EPARSE, "'%s' is out of range", cf_quote(s, q));
    default:
        return colerr(L, col, CF_EPARSE, "'%s' is not a number", cf_quote(s, q));
    }
    if (*out < min || *out > max || ((flags & NUM_GT) && *out == min)) {
        if (flags & NUM_RANGE)
            return colerr(L, col, CF_EPARSE, "'%s' must be within [%.15g, %.15g]", cf_quote(s, q),
                          min, max);
        if (*out > max)
            return colerr(L, col, CF_EPARSE, "'%s' must be <= %.15g", cf_quote(s, q), max);
        return colerr(L, col, CF_EPARSE, "'%s' must be %s %.15g", cf_quote(s, q),
                      (flags & NUM_GT) ? ">" : ">=", min);
    }
    return CF_OK;
}

/* An amount in kg or m3 (>= 0, or > 0 with NUM_GT), scaled to grams or cm3. */
static cf_status get_amount(loader *L, int col, double scale, cf_amount def, unsigned flags,
                            cf_amount *out)
{
    double v;
    cf_status rc = get_num(L, col, def < 0 ? NAN : 0.0, 0.0, AMOUNT_MAX, flags, &v);
    if (rc != CF_OK) return rc;
    *out = *cf_csv_get(L->csv, col) ? (cf_amount)llround(v * scale) : def;
    return CF_OK;
}

/* Money (>= 0) in currency units per `per` distance units or per item, to micro-units. */
static cf_status get_money(loader *L, int col, double def, double per, cf_cost *out)
{
    double v;
    cf_status rc = get_num(L, col, def, 0.0, MONEY_MAX, 0, &v);
    if (rc == CF_OK) *out = (cf_cost)llround(v * CF_COST_SCALE / per);
    return rc;
}

/* Minutes (a duration) to seconds; empty gives def (seconds). */
static cf_status get_minutes(loader *L, int col, int32_t def, int32_t *out)
{
    double v;
    cf_status rc = get_num(L, col, 0.0, 0.0, MINUTES_MAX, 0, &v);
    if (rc != CF_OK) return rc;
    *out = *cf_csv_get(L->csv, col) ? (int32_t)llround(v * 60.0) : def;
    return CF_OK;
}

static bool two_digits(const char *s, int *v)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return false;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* "HH:MM" or "HH:MM:SS" (HH may pass 24) or minutes after midnight, to seconds. */
static bool parse_time(const char *s, double *sec)
{
    if (strchr(s, ':')) {
        int h = 0, m, sc = 0, nd = 0;
        while (isdigit((unsigned char)*s) && nd < 5) {
            h = h * 10 + (*s++ - '0');
            nd++;
        }
        if (nd == 0 || *s++ != ':' || !two_digits(s, &m) || m > 59) return false;
        s += 2;
        if (*s == ':') {
            if (!two_digits(s + 1, &sc) || sc > 59) return false;
            s += 3;
        }
        if (*s) return false;
        *sec = h * 3600.0 + m * 60.0 + sc;
        return true;
    }
    double v;
    if (cf_parse_number(s, &v) != CF_NUM_OK || v < 0) return false;
    *sec = v * 60.0;
    return true;
}

/* A time of day of column col; empty gives def (seconds). */
static cf_status get_time(loader *L, int col, int32_t def, int32_t *out)
{
    const char *s = cf_csv_get(L->csv, col);
    char q[CF_QUOTE_MAX + 4];
    double sec;

    if (!*s) {
        *out = def;
        return CF_OK;
    }
    if (!parse_time(s, &sec))
        return colerr(L, col, CF_EPARSE,
                      "'%s' is not a time (HH:MM, HH:MM:SS or minutes after midnight)",
                      cf_quote(s, q));
    if (sec > TIME_MAX_S)
        return colerr(L, col, CF_EPARSE, "'%s' is later than %d:00", cf_quote(s, q),
                      TIME_MAX_S / 3600);
    *out = (int32_t)llround(sec);
    return CF_OK;
}

/* An id-like token: non-empty, at most ID_MAX bytes. */
static cf_status check_token(loader *L, int col, const char *v)
{
    char q[CF_QUOTE_MAX + 4];
    if (!*v) return colerr(L, col, CF_EPARSE, "missing value");
    if (strlen(v) > ID_MAX)
        return colerr(L, col, CF_EPARSE, "'%s' is longer than %d bytes", cf_quote(v, q), ID_MAX);
    return CF_OK;
}

/* The id of the current row, copied into the problem's arena. */
static cf_status get_id(loader *L, int col, char **out)
{
    const char *v = cf_csv_get(L->csv, col);
    cf_status rc = check_token(L, col, v);
    if (rc != CF_OK) return rc;
    if (!(*out = cf_arena_strdup(&L->p->arena, v))) return oom(L);
    return CF_OK;
}

/* Registers id -> val in m; a duplicate names the line of the first. */
static cf_status put_id(loader *L, cf_idmap *m, int col, const char *id, int val,
                        long (*line_of)(const loader *, int))
{
    char q[CF_QUOTE_MAX + 4];
    int old;
    cf_status rc = cf_idmap_put(m, id, val, &old);
    if (rc == CF_ENOMEM) return oom(L);
    if (rc != CF_OK)
        return colerr(L, col, CF_EINVAL, "'%s' is already used on line %ld", cf_quote(id, q),
                      line_of(L, old));
    return CF_OK;
}

static long courier_line(const loader *L, int i)
{
    return L->courier_line[i];
}
static long depot_line(const loader *L, int i)
{
    return L->depots[i].line;
}
static long order_line(const loader *L, int i)
{
    return L->orders[i].line;
}
static long unit_line(const loader *L, int i)
{
    return L->vrows[L->units[i].row].line;
}

/* Makes room for element n; NULL when out of memory (data untouched). */
static void *reserve(void *data, int *cap, int n, size_t elem)
{
    if (n < *cap) return data;
    int ncap = *cap ? *cap * 2 : 64;
    void *nd = cf_reallocarray(data, (size_t)ncap, elem);
    if (nd) *cap = ncap;
    return nd;
}

/* ---- couriers ---------------------------------------------------------- */

static cf_status add_courier(loader *L, int col, const char *id, long line, int *out)
{
    char q[CF_QUOTE_MAX + 4];
    cf_status rc;
    int c = L->n_couriers;

    if (strchr(id, ';'))
        return colerr(L, col, CF_EPARSE, "'%s' must not contain ';'", cf_quote(id, q));
    if (c == CF_MAX_COURIERS)
        return colerr(L, col, CF_EINVAL,
                      "'%s' would be courier number %d; at most %d are supported", cf_quote(id, q),
                      c + 1, CF_MAX_COURIERS);
    if (!(L->courier_id[c] = cf_arena_strdup(&L->p->arena, id))) return oom(L);
    L->courier_name[c] = L->courier_id[c];
    L->courier_share[c] = true;
    L->courier_line[c] = line;
    if ((rc = put_id(L, &L->courier_map, col, L->courier_id[c], c, courier_line)) != CF_OK)
        return rc;
    L->n_couriers++;
    *out = c;
    return CF_OK;
}

/* The courier of column col: -1 when empty and allow_empty.  Without
 * couriers.csv a new id becomes a new courier. */
static cf_status get_courier(loader *L, int col, bool allow_empty, int *out)
{
    const char *v = cf_csv_get(L->csv, col);
    char q[CF_QUOTE_MAX + 4];
    cf_status rc;

    *out = -1;
    if (!*v && allow_empty) return CF_OK;
    if ((rc = check_token(L, col, v)) != CF_OK) return rc;
    if ((*out = cf_idmap_get(&L->courier_map, v)) >= 0) return CF_OK;
    if (L->couriers_file)
        return colerr(L, col, CF_EINVAL, "'%s' is not a courier in couriers.csv", cf_quote(v, q));
    return add_courier(L, col, v, cf_csv_line(L->csv), out);
}

static cf_status courier_row(loader *L)
{
    const char *id = cf_csv_get(L->csv, C_ID), *name = cf_csv_get(L->csv, C_NAME);
    const char *share = cf_csv_get(L->csv, C_SHARE);
    char q[CF_QUOTE_MAX + 4];
    cf_status rc;
    int c;

    if ((rc = check_token(L, C_ID, id)) != CF_OK) return rc;
    if ((rc = add_courier(L, C_ID, id, cf_csv_line(L->csv), &c)) != CF_OK) return rc;
    if (*name && !(L->courier_name[c] = cf_arena_strdup(&L->p->arena, name))) return oom(L);
    if (!*share || !strcasecmp(share, "yes") || !strcasecmp(share, "true") || !strcmp(share, "1"))
        L->courier_share[c] = true;
    else if (!strcasecmp(share, "no") || !strcasecmp(share, "false") || !strcmp(share, "0"))
        L->courier_share[c] = false;
    else
        return colerr(L, C_SHARE, CF_EPARSE, "'%s' must be yes or no", cf_quote(share, q));
    return CF_OK;
}

/* ---- skills ------------------------------------------------------------ */

/* The ';'-separated skills of column col as a bit set; new names get new bits. */
static cf_status get_skills(loader *L, int col, uint32_t *out)
{
    const char *s = cf_csv_get(L->csv, col);
    char name[ID_MAX + 1], q[CF_QUOTE_MAX + 4];

    *out = 0;
    while (*s) {
        const char *e = strchr(s, ';');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        const char *b = s;
        s = e ? e + 1 : s + len;
        while (len && (*b == ' ' || *b == '\t')) {
            b++;
            len--;
        }
        while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
            len--;
        if (!len) continue;
        if (len > ID_MAX) {
            memcpy(name, b, ID_MAX);
            name[ID_MAX] = '\0'; /* longer than CF_QUOTE_MAX: shown cut anyway */
            return colerr(L, col, CF_EPARSE, "skill '%s' is longer than %d bytes",
                          cf_quote(name, q), ID_MAX);
        }
        memcpy(name, b, len);
        name[len] = '\0';
        int k = cf_idmap_get(&L->skill_map, name);
        if (k < 0) {
            if (L->n_skills == CF_MAX_SKILLS)
                return colerr(L, col, CF_EINVAL,
                              "skill '%s' would be skill number %d; at most %d are supported",
                              cf_quote(name, q), CF_MAX_SKILLS + 1, CF_MAX_SKILLS);
            k = L->n_skills;
            if (!(L->skill_name[k] = cf_arena_strdup(&L->p->arena, name))) return oom(L);
            if (cf_idmap_put(&L->skill_map, L->skill_name[k], k, NULL) != CF_OK) return oom(L);
            L->n_skills++;
        }
        *out |= (uint32_t)1 << k;
    }
    return CF_OK;
}

/* ---- coordinates ------------------------------------------------------- */

/* The coordinate kind of the open table from its header; one kind per scenario. */
static cf_status table_coord_kind(loader *L, int lat, int lon, int x, int y)
{
    const char *f = cf_csv_label(L->csv);
    bool ll = cf_csv_has(L->csv, lat) || cf_csv_has(L->csv, lon);
    bool xy = cf_csv_has(L->csv, x) || cf_csv_has(L->csv, y);
    cf_coord_kind kind;

    if (ll && xy)
        return cf_err_set(L->err, CF_EPARSE, "%s: has both lat,lon and x,y columns; use one kind",
                          f);
    if (!ll && !xy)
        return cf_err_set(L->err, CF_EPARSE, "%s: missing required columns 'lat,lon' or 'x,y'", f);
    int a = ll ? lat : x, b = ll ? lon : y;
    if (!cf_csv_has(L->csv, a))
        return cf_err_set(L->err, CF_EPARSE, "%s: missing required column '%s'", f,
                          L->cols[a].name);
    if (!cf_csv_has(L->csv, b))
        return cf_err_set(L->err, CF_EPARSE, "%s: missing required column '%s'", f,
                          L->cols[b].name);
    kind = ll ? CF_COORD_LATLON : CF_COORD_PLANE;
    if (L->have_kind && kind != L->kind)
        return cf_err_set(L->err, CF_EINVAL,
                          "%s: coordinates are %s but %s has %s; use one kind per scenario", f,
                          ll ? "lat,lon" : "x,y", L->kind_file, ll ? "x,y" : "lat,lon");
    L->have_kind = true;
    L->kind = kind;
    L->kind_file = L->cols == depot_cols ? "depots.csv" : "orders.csv";
    return CF_OK;
}

/* x, y of the current row: lon, lat in degrees or km on the plane. */
static cf_status get_coords(loader *L, int lat, int lon, int x, int y, double *px, double *py)
{
    cf_status rc;
    if (L->kind == CF_COORD_LATLON) {
        if ((rc = get_num(L, lat, NAN, -90.0, 90.0, NUM_RANGE, py)) != CF_OK) return rc;
        return get_num(L, lon, NAN, -180.0, 180.0, NUM_RANGE, px);
    }
    if ((rc = get_num(L, x, NAN, -PLANE_KM_MAX, PLANE_KM_MAX, NUM_RANGE, px)) != CF_OK) return rc;
    return get_num(L, y, NAN, -PLANE_KM_MAX, PLANE_KM_MAX, NUM_RANGE, py);
}

/* ---- tables ------------------------------------------------------------ */

static cf_status make_path(loader *L, const char *file)
{
    int n = snprintf(L->path, sizeof L->path, "%s/%s", L->dir, file);
    if (n < 0 || (size_t)n >= sizeof L->path)
        return cf_err_set(L->err, CF_EIO, "%s: path too long in '%s'", file, L->dir);
    return CF_OK;
}

/* Whether file exists in the scenario (L->path is set to it). */
static bool file_exists(loader *L, const char *file)
{
    struct stat st;
    if (make_path(L, file) != CF_OK) return true; /* let the open report it */
    return stat(L->path, &st) == 0 || errno != ENOENT;
}

/* Reads every data row of file through row_fn. */
static cf_status read_table(loader *L, const char *file, const cf_csv_col *cols, int n_cols,
                            unsigned flags, cf_status (*header_fn)(loader *),
                            cf_status (*row_fn)(loader *))
{
    cf_status rc;
    bool got;

    if ((rc = make_path(L, file)) != CF_OK) return rc;
    L->cols = cols;
    if ((rc = cf_csv_open(&L->csv, L->path, file, cols, n_cols, flags, L->err)) != CF_OK) return rc;
    if (header_fn && (rc = header_fn(L)) != CF_OK) goto done;
    while ((rc = cf_csv_next(L->csv, &got, L->err)) == CF_OK && got)
        if ((rc = row_fn(L)) != CF_OK) break;
done:
    cf_csv_close(L->csv);
    L->csv = NULL;
    return rc;
}

static cf_status depot_header(loader *L)
{
    return table_coord_kind(L, D_LAT, D_LON, D_X, D_Y);
}

static cf_status depot_row_fn(loader *L)
{
    depot_row *d;
    cf_status rc;
    char q[CF_QUOTE_MAX + 4], q2[CF_QUOTE_MAX + 4];

    if (!(d = reserve(L->depots, &L->cap_depots, L->n_depots, sizeof *d))) return oom(L);
    L->depots = d;
    d = &L->depots[L->n_depots];
    memset(d, 0, sizeof *d);
    d->line = cf_csv_line(L->csv);
    if ((rc = get_id(L, D_ID, &d->id)) != CF_OK) return rc;
    if ((rc = put_id(L, &L->depot_map, D_ID, d->id, L->n_depots, depot_line)) != CF_OK) return rc;
    L->n_depots++;
    d->name = d->id;
    const char *name = cf_csv_get(L->csv, D_NAME);
    if (*name && !(d->name = cf_arena_strdup(&L->p->arena, name))) return oom(L);
    if ((rc = get_coords(L, D_LAT, D_LON, D_X, D_Y, &d->x, &d->y)) != CF_OK) return rc;
    if ((rc = get_time(L, D_OPEN, 0, &d->open)) != CF_OK) return rc;
    if ((rc = get_time(L, D_CLOSE, CF_TIME_INF, &d->close)) != CF_OK) return rc;
    if (d->open > d->close)
        return colerr(L, D_CLOSE, CF_EINVAL, "'%s' is before open '%s'",
                      cf_quote(cf_csv_get(L->csv, D_CLOSE), q),
                      cf_quote(cf_csv_get(L->csv, D_OPEN), q2));
    if ((rc = get_amount(L, D_CAP_WEIGHT, CF_WEIGHT_SCALE, CF_AMOUNT_INF, 0,
                         &d->cap[CF_DIM_WEIGHT])) != CF_OK)
        return rc;
    if ((rc = get_amount(L, D_CAP_VOLUME, CF_VOLUME_SCALE, CF_AMOUNT_INF, 0,
                         &d->cap[CF_DIM_VOLUME])) != CF_OK)
        return rc;
    if ((rc = get_money(L, D_FIXED_COST, 0.0, 1.0, &d->fixed_cost)) != CF_OK) return rc;
    const char *list = cf_csv_get(L->csv, D_COURIERS);
    if (*list && !(d->couriers = cf_arena_strdup(&L->tmp, list))) return oom(L);
    return CF_OK;
}

static cf_status order_header(loader *L)
{
    return table_coord_kind(L, O_LAT, O_LON, O_X, O_Y);
}

static cf_status order_row_fn(loader *L)
{
    order_row *o;
    cf_status rc;
    double pen;
    char q[CF_QUOTE_MAX + 4], q2[CF_QUOTE_MAX + 4];

    if (!(o = reserve(L->orders, &L->cap_orders, L->n_orders, sizeof *o))) return oom(L);
    L->orders = o;
    o = &L->orders[L->n_orders];
    memset(o, 0, sizeof *o);
    o->line = cf_csv_line(L->csv);
    if ((rc = get_id(L, O_ID, &o->id)) != CF_OK) return rc;
    if ((rc = put_id(L, &L->order_map, O_ID, o->id, L->n_orders, order_line)) != CF_OK) return rc;
    L->n_orders++;
    if ((rc = get_courier(L, O_COURIER, false, &o->courier)) != CF_OK) return rc;
    if ((rc = get_coords(L, O_LAT, O_LON, O_X, O_Y, &o->x, &o->y)) != CF_OK) return rc;
    if ((rc = get_amount(L, O_WEIGHT, CF_WEIGHT_SCALE, -1, 0, &o->demand[CF_DIM_WEIGHT])) != CF_OK)
        return rc;
    if ((rc = get_amount(L, O_VOLUME, CF_VOLUME_SCALE, 0, 0, &o->demand[CF_DIM_VOLUME])) != CF_OK)
        return rc;
    if ((rc = get_time(L, O_TW_START, 0, &o->tw_start)) != CF_OK) return rc;
    if ((rc = get_time(L, O_TW_END, CF_TIME_INF, &o->tw_end)) != CF_OK) return rc;
    if (o->tw_start > o->tw_end)
        return colerr(L, O_TW_END, CF_EINVAL, "'%s' is before tw_start '%s'",
                      cf_quote(cf_csv_get(L->csv, O_TW_END), q),
                      cf_quote(cf_csv_get(L->csv, O_TW_START), q2));
    if ((rc = get_minutes(L, O_SERVICE, 0, &o->service)) != CF_OK) return rc;
    if ((rc = get_skills(L, O_SKILLS, &o->skills)) != CF_OK) return rc;
    if ((rc = get_num(L, O_PENALTY, -1.0, 0.0, MONEY_MAX, 0, &pen)) != CF_OK) return rc;
    o->penalty = pen < 0 ? CF_MANDATORY : (cf_cost)llround(pen * CF_COST_SCALE);
    o->depot = -1;
    const char *dep = cf_csv_get(L->csv, O_DEPOT);
    if (*dep && (o->depot = cf_idmap_get(&L->depot_map, dep)) < 0)
        return colerr(L, O_DEPOT, CF_EINVAL, "'%s' is not a depot in depots.csv", cf_quote(dep, q));
    return CF_OK;
}

static cf_status add_unit(loader *L, char *id, int row)
{
    vehicle_unit *u;
    if (!(u = reserve(L->units, &L->cap_units, L->n_units, sizeof *u))) return oom(L);
    L->units = u;
    L->units[L->n_units].id = id;
    L->units[L->n_units].row = row;
    cf_status rc = put_id(L, &L->vehicle_map, V_ID, id, L->n_units, unit_line);
    if (rc == CF_OK) L->n_units++;
    return rc;
}

static cf_status vehicle_row_fn(loader *L)
{
    vehicle_row *v;
    cf_status rc;
    double count, speed;
    char q[CF_QUOTE_MAX + 4], q2[CF_QUOTE_MAX + 4], *id;
    const char *dep;
    int row = L->n_vrows;

    if (!(v = reserve(L->vrows, &L->cap_vrows, L->n_vrows, sizeof *v))) return oom(L);
    L->vrows = v;
    v = &L->vrows[L->n_vrows++];
    memset(v, 0, sizeof *v);
    v->line = cf_csv_line(L->csv);
    if ((rc = get_id(L, V_ID, &id)) != CF_OK) return rc;
    if ((rc = get_courier(L, V_COURIER, true, &v->courier)) != CF_OK) return rc;
    dep = cf_csv_get(L->csv, V_DEPOT);
    if ((rc = check_token(L, V_DEPOT, dep)) != CF_OK) return rc;
    if ((v->depot = cf_idmap_get(&L->depot_map, dep)) < 0)
        return colerr(L, V_DEPOT, CF_EINVAL, "'%s' is not a depot in depots.csv", cf_quote(dep, q));
    const depot_row *d = &L->depots[v->depot];

    const char *cs = cf_csv_get(L->csv, V_COUNT);
    count = 1.0;
    if (*cs && (cf_parse_number(cs, &count) != CF_NUM_OK || count < 1.0 || count > COUNT_MAX ||
                count != floor(count)))
        return colerr(L, V_COUNT, CF_EPARSE, "'%s' must be a whole number from 1 to %d",
                      cf_quote(cs, q), COUNT_MAX);
    v->count = (int)count;
    if (L->n_units + v->count > VEHICLES_MAX)
        return colerr(L, V_COUNT, CF_EINVAL, "'%s' makes more than %d vehicles in all",
                      cf_quote(cf_csv_get(L->csv, V_COUNT), q), VEHICLES_MAX);

    if ((rc = get_amount(L, V_CAP_WEIGHT, CF_WEIGHT_SCALE, -1, NUM_GT, &v->cap[CF_DIM_WEIGHT])) !=
        CF_OK)
        return rc;
    if ((rc = get_amount(L, V_CAP_VOLUME, CF_VOLUME_SCALE, CF_AMOUNT_INF, NUM_GT,
                         &v->cap[CF_DIM_VOLUME])) != CF_OK)
        return rc;
    if ((rc = get_money(L, V_FIXED_COST, 0.0, 1.0, &v->fixed_cost)) != CF_OK) return rc;
    /* per km, to micro-units per metre */
    if ((rc = get_money(L, V_COST_KM, 1.0, 1000.0, &v->cost_per_dist)) != CF_OK) return rc;
    if ((rc = get_money(L, V_COST_HOUR, 0.0, 1.0, &v->cost_per_hour)) != CF_OK) return rc;
    if ((rc = get_time(L, V_SHIFT_START, d->open, &v->shift_start)) != CF_OK) return rc;
    if ((rc = get_time(L, V_SHIFT_END, d->close, &v->shift_end)) != CF_OK) return rc;
    if (*cf_csv_get(L->csv, V_SHIFT_START) && *cf_csv_get(L->csv, V_SHIFT_END) &&
        v->shift_start > v->shift_end)
        return colerr(L, V_SHIFT_END, CF_EINVAL, "'%s' is before shift_start '%s'",
                      cf_quote(cf_csv_get(L->csv, V_SHIFT_END), q),
                      cf_quote(cf_csv_get(L->csv, V_SHIFT_START), q2));
    if ((rc = get_minutes(L, V_MAX_DURATION, CF_TIME_INF, &v->max_duration)) != CF_OK) return rc;
    double km;
    if ((rc = get_num(L, V_MAX_DISTANCE, -1.0, 0.0, DIST_LIMIT_KM, 0, &km)) != CF_OK) return rc;
    v->max_dist = km < 0 ? CF_DIST_INF : (int64_t)llround(km * 1000.0);
    if ((rc = get_num(L, V_SPEED, L->kind == CF_COORD_LATLON ? 30.0 : 60.0, SPEED_MIN, SPEED_MAX,
                      NUM_RANGE, &speed)) != CF_OK)
        return rc;
    v->speed_kmh = speed;
    if ((rc = get_skills(L, V_SKILLS, &v->skills)) != CF_OK) return rc;

    if (v->count == 1) return add_unit(L, id, row);
    for (int k = 1; k <= v->count; k++) {
        char buf[ID_MAX + 16], *uid;
        snprintf(buf, sizeof buf, "%s#%d", id, k);
        if (!(uid = cf_arena_strdup(&L->p->arena, buf))) return oom(L);
        if ((rc = add_unit(L, uid, row)) != CF_OK) return rc;
    }
    return CF_OK;
}

/* Each DC's courier list to a bit set, now that every courier is known. */
static cf_status resolve_depot_couriers(loader *L)
{
    uint64_t all = L->n_couriers == 64 ? ~(uint64_t)0 : ((uint64_t)1 << L->n_couriers) - 1;
    char name[ID_MAX + 1], q[CF_QUOTE_MAX + 4];

    for (int i = 0; i < L->n_depots; i++) {
        depot_row *d = &L->depots[i];
        const char *s = d->couriers;
        d->courier_mask = 0;
        while (s && *s) {
            const char *e = strchr(s, ';');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            const char *b = s;
            s = e ? e + 1 : s + len;
            while (len && (*b == ' ' || *b == '\t')) {
                b++;
                len--;
            }
            while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
                len--;
            if (!len) continue;
            if (len > ID_MAX) len = ID_MAX + 1; /* longer than any id: unknown below */
            memcpy(name, b, len - (len > ID_MAX));
            name[len - (len > ID_MAX)] = '\0';
            int c = len > ID_MAX ? -1 : cf_idmap_get(&L->courier_map, name);
            if (c < 0)
                return at(L->err, CF_EINVAL, "depots.csv", d->line, "couriers",
                          "'%s' is not a courier %s", cf_quote(name, q),
                          L->couriers_file ? "in couriers.csv" : "of any order or vehicle");
            d->courier_mask |= (uint64_t)1 << c;
        }
        if (!d->courier_mask) d->courier_mask = all;
    }
    return CF_OK;
}

/* ---- matrix ------------------------------------------------------------ */

typedef struct matrix_ctx {
    cf_idmap nodes;      /* depot and order ids -> node */
    unsigned char *seen; /* [n * n] bits */
    int n;
} matrix_ctx;

/* Distance in metres between two nodes from their coordinates (as cf_dist). */
static double coord_dist_m(const loader *L, double x1, double y1, double x2, double y2,
                           double road_factor)
{
    if (L->kind == CF_COORD_PLANE) return hypot(x1 - x2, y1 - y2) * 1000.0;
    const double rad = 3.14159265358979323846 / 180.0;
    double la1 = y1 * rad, lo1 = x1 * rad, la2 = y2 * rad, lo2 = x2 * rad;
    double dx = cos(la1) * cos(lo1) - cos(la2) * cos(lo2);
    double dy = cos(la1) * sin(lo1) - cos(la2) * sin(lo2);
    double dz = sin(la1) - sin(la2);
    double chord = sqrt(dx * dx + dy * dy + dz * dz);
    return 2.0 * EARTH_KM * asin(fmin(1.0, chord / 2.0)) * road_factor * 1000.0;
}

static cf_status matrix_node(loader *L, matrix_ctx *m, int col, int *out)
{
    const char *v = cf_csv_get(L->csv, col);
    char q[CF_QUOTE_MAX + 4];
    cf_status rc;
    if ((rc = check_token(L, col, v)) != CF_OK) return rc;
    if ((*out = cf_idmap_get(&m->nodes, v)) < 0)
        return colerr(L, col, CF_EINVAL, "'%s' is not a depot or order id", cf_quote(v, q));
    return CF_OK;
}

static cf_status load_matrix(loader *L, double road_factor)
{
    matrix_ctx m;
    cf_status rc;
    bool got, durations;
    int nd = L->n_depots;
    char q[CF_QUOTE_MAX + 4], q2[CF_QUOTE_MAX + 4];

    memset(&m, 0, sizeof m);
    cf_idmap_init(&m.nodes);
    m.n = L->n_depots + L->n_orders;
    if ((rc = make_path(L, "matrix.csv")) != CF_OK) goto done;
    L->cols = matrix_cols;
    if ((rc = cf_csv_open(&L->csv, L->path, "matrix.csv", matrix_cols, M_NCOLS, 0, L->err)) !=
        CF_OK)
        goto done;
    if (m.n > MATRIX_NODES_MAX) {
        rc = cf_err_set(L->err, CF_EINVAL,
                        "matrix.csv: %d depots and orders are too many for a dense matrix "
                        "(at most %d)",
                        m.n, MATRIX_NODES_MAX);
        goto done;
    }
    /* Every pair but DC to DC needs a row: when more rows than a file may
     * hold are needed, say so now rather than after allocating the matrix
     * (gigabytes for a header-only file beside 20000 orders). */
    long need = (long)m.n * (m.n - 1) - (long)nd * (nd - 1);
    if (need > CF_CSV_MAX_ROWS) {
        rc = cf_err_set(L->err, CF_EINVAL,
                        "matrix.csv: %d depots and orders need %ld rows, more than the %ld a "
                        "file may have",
                        m.n, need, CF_CSV_MAX_ROWS);
        goto done;
    }
    for (int i = 0; i < L->n_depots; i++) {
        if (cf_idmap_put(&m.nodes, L->depots[i].id, i, NULL) != CF_OK) {
            rc = oom(L);
            goto done;
        }
    }
    for (int o = 0; o < L->n_orders; o++) {
        int old;
        rc = cf_idmap_put(&m.nodes, L->orders[o].id, nd + o, &old);
        if (rc == CF_ENOMEM) {
            rc = oom(L);
            goto done;
        }
        if (rc != CF_OK) {
            rc = at(L->err, CF_EINVAL, "orders.csv", L->orders[o].line, "id",
                    "'%s' is also a depot id, which matrix.csv cannot tell apart",
                    cf_quote(L->orders[o].id, q));
            goto done;
        }
    }
    size_t nn = (size_t)m.n * (size_t)m.n;
    durations = cf_csv_has(L->csv, M_DURATION);
    m.seen = cf_calloc((nn + 7) / 8, 1);
    L->mat_dist = cf_arena_calloc(&L->p->arena, nn, sizeof *L->mat_dist);
    if (durations) L->mat_dur = cf_arena_calloc(&L->p->arena, nn, sizeof *L->mat_dur);
    if (!m.seen || !L->mat_dist || (durations && !L->mat_dur)) {
        rc = oom(L);
        goto done;
    }
    while ((rc = cf_csv_next(L->csv, &got, L->err)) == CF_OK && got) {
        int i, j;
        double km, min = 0.0;
        if ((rc = matrix_node(L, &m, M_FROM, &i)) != CF_OK) break;
        if ((rc = matrix_node(L, &m, M_TO, &j)) != CF_OK) break;
        if ((rc = get_num(L, M_DISTANCE, NAN, 0.0, DIST_KM_MAX, 0, &km)) != CF_OK) break;
        if (durations && (rc = get_num(L, M_DURATION, NAN, 0.0, MINUTES_MAX, 0, &min)) != CF_OK)
            break;
        if (i == j) continue; /* the diagonal is 0 whatever the file says */
        size_t k = (size_t)i * (size_t)m.n + (size_t)j;
        if (m.seen[k / 8] & (1u << (k % 8))) {
            rc = cf_err_set(L->err, CF_EINVAL, "matrix.csv:%ld: pair '%s' -> '%s' is given twice",
                            cf_csv_line(L->csv), cf_quote(cf_csv_get(L->csv, M_FROM), q),
                            cf_quote(cf_csv_get(L->csv, M_TO), q2));
            break;
        }
        m.seen[k / 8] = (unsigned char)(m.seen[k / 8] | (1u << (k % 8)));
        L->mat_dist[k] = (int32_t)llround(km * 1000.0);
        if (durations) L->mat_dur[k] = (int32_t)llround(min * 60.0);
    }
    if (rc != CF_OK) goto done;
    for (int i = 0; i < m.n; i++) {
        for (int j = 0; j < m.n; j++) {
            size_t k = (size_t)i * (size_t)m.n + (size_t)j;
            if (i == j || (m.seen[k / 8] & (1u << (k % 8)))) continue;
            if (i >= nd || j >= nd) {
                rc = cf_err_set(L->err, CF_EINVAL, "matrix.csv: missing pair '%s' -> '%s'",
                                cf_quote(i < nd ? L->depots[i].id : L->orders[i - nd].id, q),
                                cf_quote(j < nd ? L->depots[j].id : L->orders[j - nd].id, q2));
                goto done;
            }
            /* DC to DC is never driven; fill it from coordinates at the default speed. */
            const depot_row *a = &L->depots[i], *b = &L->depots[j];
            double dm = coord_dist_m(L, a->x, a->y, b->x, b->y, road_factor);
            double kmh = L->kind == CF_COORD_LATLON ? 30.0 : 60.0;
            L->mat_dist[k] = (int32_t)llround(fmin(dm, DIST_KM_MAX * 1000.0));
            if (durations) L->mat_dur[k] = (int32_t)llround((double)L->mat_dist[k] * 3.6 / kmh);
        }
    }
done:
    cf_csv_close(L->csv);
    L->csv = NULL;
    cf_free(m.seen);
    cf_idmap_release(&m.nodes);
    return rc;
}

/* ---- the problem ------------------------------------------------------- */

#define ALLOC(ptr, n)                                                                              \
    do {                                                                                           \
        if (!((ptr) = cf_arena_calloc(&p->arena, (size_t)(n), sizeof *(ptr)))) return oom(L);      \
    } while (0)

static cf_status fill_problem(loader *L, const cf_params *prm)
{
    cf_problem *p = L->p;
    int nd = L->n_depots, no = L->n_orders, nv = L->n_units, nc = L->n_couriers;

    if (!(p->name = cf_arena_strdup(&p->arena, prm->name))) return oom(L);
    p->n_depots = nd;
    p->n_orders = no;
    p->n_vehicles = nv;
    p->n_couriers = nc;
    p->n_skills = L->n_skills;
    p->coord_kind = L->kind;
    p->road_factor = prm->road_factor;
    p->dist_unit_km = 0.001;
    p->sharing = prm->sharing;
    p->mat_dist = L->mat_dist;
    p->mat_dur = L->mat_dur;

    ALLOC(p->x, nd + no);
    ALLOC(p->y, nd + no);
    if (!cf_problem_alloc_table(p, CF_TABLE_COURIERS, nc)) return oom(L);
    for (int c = 0; c < nc; c++) {
        p->courier_id[c] = L->courier_id[c];
        p->courier_name[c] = L->courier_name[c];
        p->courier_share[c] = L->courier_share[c];
    }
    if (!cf_problem_alloc_table(p, CF_TABLE_SKILLS, L->n_skills)) return oom(L);
    for (int s = 0; s < L->n_skills; s++)
        p->skill_name[s] = L->skill_name[s];

    if (!cf_problem_alloc_table(p, CF_TABLE_DEPOTS, nd)) return oom(L);
    for (int i = 0; i < nd; i++) {
        const depot_row *d = &L->depots[i];
        p->depot_id[i] = d->id;
        p->depot_name[i] = d->name;
        p->x[i] = d->x;
        p->y[i] = d->y;
        p->depot_open[i] = d->open;
        p->depot_close[i] = d->close;
        for (int k = 0; k < CF_DIMS; k++)
            p->depot_cap[(size_t)i * CF_DIMS + (size_t)k] = d->cap[k];
        p->depot_fixed_cost[i] = d->fixed_cost;
        p->depot_couriers[i] = d->courier_mask;
    }

    if (!cf_problem_alloc_table(p, CF_TABLE_ORDERS, no)) return oom(L);
    for (int o = 0; o < no; o++) {
        const order_row *r = &L->orders[o];
        p->order_id[o] = r->id;
        p->order_courier[o] = r->courier;
        p->x[nd + o] = r->x;
        p->y[nd + o] = r->y;
        for (int k = 0; k < CF_DIMS; k++)
            p->order_demand[(size_t)o * CF_DIMS + (size_t)k] = r->demand[k];
        p->order_tw_start[o] = r->tw_start;
        p->order_tw_end[o] = r->tw_end;
        p->order_service[o] = r->service;
        p->order_skills[o] = r->skills;
        p->order_penalty[o] = r->penalty;
        p->order_depot[o] = r->depot;
    }

    if (!cf_problem_alloc_table(p, CF_TABLE_VEHICLES, nv)) return oom(L);
    for (int v = 0; v < nv; v++) {
        const vehicle_row *r = &L->vrows[L->units[v].row];
        p->veh_id[v] = L->units[v].id;
        p->veh_row[v] = L->units[v].row;
        p->veh_courier[v] = r->courier;
        p->veh_depot[v] = r->depot;
        for (int k = 0; k < CF_DIMS; k++)
            p->veh_cap[(size_t)v * CF_DIMS + (size_t)k] = r->cap[k];
        p->veh_fixed_cost[v] = r->fixed_cost;
        p->veh_cost_per_dist[v] = r->cost_per_dist;
        p->veh_cost_per_hour[v] = r->cost_per_hour;
        p->veh_shift_start[v] = r->shift_start;
        p->veh_shift_end[v] = r->shift_end;
        p->veh_max_duration[v] = r->max_duration;
        p->veh_max_dist[v] = r->max_dist;
        p->veh_speed_kmh[v] = r->speed_kmh;
        p->veh_skills[v] = r->skills;
    }
    return CF_OK;
}

#undef ALLOC

/* The scenario's default name: the directory's base name. */
static void dir_name(const char *dir, char *out, size_t size)
{
    char real[PATH_MAX];
    const char *b, *e = dir + strlen(dir);

    while (e > dir + 1 && e[-1] == '/')
        e--;
    b = e;
    while (b > dir && b[-1] != '/')
        b--;
    size_t len = (size_t)(e - b);
    if ((len == 1 && b[0] == '.') || (len == 2 && b[0] == '.' && b[1] == '.') ||
        (len == 1 && b[0] == '/') || len == 0) {
        if (realpath(dir, real) && strcmp(real, "/") != 0) {
            b = strrchr(real, '/') + 1;
            len = strlen(b);
        } else {
            b = "scenario";
            len = strlen(b);
        }
    }
    if (len > size - 1) {
        len = size - 1;
        while (len > 0 && ((unsigned char)b[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, b, len);
    out[len] = '\0';
    cf_utf8_sanitize(out); /* a directory name may be in any encoding; summary.json needs UTF-8 */
}

const char *const cf_scenario_files[] = {"orders.csv",   "depots.csv", "vehicles.csv",
                                         "couriers.csv", "matrix.csv", "scenario.ini", NULL};

cf_status cf_scenario_load(const char *dir, const cf_params *cli, cf_params *eff, cf_problem **out,
                           cf_err *err)
{
    loader L;
    cf_params prm;
    cf_status rc = CF_OK;
    struct stat st;

    *out = NULL;
    memset(&L, 0, sizeof L);
    L.dir = dir;
    L.err = err;
    cf_arena_init(&L.tmp, 16 * 1024);
    cf_idmap_init(&L.courier_map);
    cf_idmap_init(&L.skill_map);
    cf_idmap_init(&L.depot_map);
    cf_idmap_init(&L.order_map);
    cf_idmap_init(&L.vehicle_map);

    if (stat(dir, &st) != 0) {
        rc = cf_err_set(err, CF_EIO, "%s: %s", dir,
                        errno == ENOENT ? "no such directory" : strerror(errno));
        goto done;
    }
    if (!S_ISDIR(st.st_mode)) {
        rc = cf_err_set(err, CF_EIO, "%s: not a directory", dir);
        goto done;
    }

    /* defaults < scenario.ini < command line */
    cf_params_defaults(&prm);
    if (file_exists(&L, "scenario.ini") && (rc = cf_params_load_ini(&prm, L.path, err)) != CF_OK)
        goto done;
    if (cli) cf_params_override(&prm, cli);
    if (!(prm.set & CF_PARAM_NAME)) dir_name(dir, prm.name, sizeof prm.name);
    if (eff) *eff = prm;

    if (!(L.p = cf_problem_create())) {
        rc = oom(&L);
        goto done;
    }
    /* Missing required files first, in the schema's order. */
    for (int i = 0; i < CF_SCENARIO_N_REQUIRED; i++) {
        if (!file_exists(&L, cf_scenario_files[i])) {
            rc = cf_err_set(err, CF_EIO, "%s: no such file", cf_scenario_files[i]);
            goto done;
        }
    }
    L.couriers_file = file_exists(&L, "couriers.csv");
    if (L.couriers_file &&
        (rc = read_table(&L, "couriers.csv", courier_cols, C_NCOLS, 0, NULL, courier_row)) != CF_OK)
        goto done;
    if ((rc = read_table(&L, "depots.csv", depot_cols, D_NCOLS, CF_CSV_NEED_ROWS, depot_header,
                         depot_row_fn)) != CF_OK)
        goto done;
    if ((rc = read_table(&L, "orders.csv", order_cols, O_NCOLS, CF_CSV_NEED_ROWS, order_header,
                         order_row_fn)) != CF_OK)
        goto done;
    if ((rc = read_table(&L, "vehicles.csv", vehicle_cols, V_NCOLS, CF_CSV_NEED_ROWS, NULL,
                         vehicle_row_fn)) != CF_OK)
        goto done;
    if ((rc = resolve_depot_couriers(&L)) != CF_OK) goto done;
    if (file_exists(&L, "matrix.csv") && (rc = load_matrix(&L, prm.road_factor)) != CF_OK)
        goto done;
    if ((rc = fill_problem(&L, &prm)) != CF_OK) goto done;
    rc = cf_problem_finalize(L.p, err);
done:
    cf_csv_close(L.csv);
    cf_idmap_release(&L.courier_map);
    cf_idmap_release(&L.skill_map);
    cf_idmap_release(&L.depot_map);
    cf_idmap_release(&L.order_map);
    cf_idmap_release(&L.vehicle_map);
    cf_free(L.depots);
    cf_free(L.orders);
    cf_free(L.vrows);
    cf_free(L.units);
    cf_arena_release(&L.tmp);
    if (rc == CF_OK)
        *out = L.p;
    else
        cf_problem_free(L.p);
    return rc;
}
