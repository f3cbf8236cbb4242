/*
 * CVRPLIB / TSPLIB .vrp reader (Reinelt 1991, TSPLIB 95, section 1; the CVRP
 * keys of CVRPLIB, Uchoa et al. 2017), and PyVRP's VRPLIB dialect on top of
 * it (the sections PyVRP's instance repository uses; the field glossary is
 * PyVRP's docs/source/dev/supported_vrplib_fields.rst): a header of
 * "KEY : value" lines, then sections.
 *
 *   TSPLIB / CVRPLIB   NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION and,
 *                      for EXPLICIT weights, EDGE_WEIGHT_SECTION
 *   keyed by node      TIME_WINDOW_SECTION (id e l), SERVICE_TIME_SECTION,
 *                      PRIZE_SECTION (0: the customer is mandatory)
 *   keyed by vehicle   CAPACITY_SECTION, VEHICLES_FIXED_COST_SECTION,
 *                      VEHICLES_UNIT_DISTANCE_COST_SECTION,
 *                      VEHICLES_DEPOT_SECTION (a depot's node id),
 *                      VEHICLES_MAX_DURATION_SECTION,
 *                      VEHICLES_MAX_DISTANCE_SECTION
 *   scalars            VEHICLES, CAPACITY, SERVICE_TIME (every customer),
 *                      VEHICLES_MAX_DURATION, VEHICLES_MAX_DISTANCE, and
 *                      CVRPLIB's DISTANCE (max route duration)
 *
 * TYPE names the set's conventions (the dialects table below); the sections
 * mean the same whatever the TYPE.  EUC_2D distances are nint(Euclidean)
 * for CVRP, which cf_dist computes exactly with dist_unit_km = 1; the other
 * types use the distance unit and rounding of their published objective.
 * EXPLICIT weights (CVRP only) go to mat_dist.  The mapping is described in
 * bench_read.h.  Keys and sections we do not know are refused rather than
 * ignored, so that no constraint of an instance is silently dropped.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "io/formats/formats_int.h"
#include "models/alloc.h"

#define MAX_COORD 1e7  /* |x|, |y|: the longest arc stays far below INT32_MAX */
#define MAX_WEIGHT 1e8 /* an EXPLICIT weight */
#define MAX_DEMAND 1e9 /* a demand or a capacity, instance units */
#define MAX_TIME 1e9   /* a window, service time or duration, instance units */
#define MAX_COST 1e9   /* a fixed cost, a unit distance cost or a prize */

/* A TYPE and the conventions of the set that uses it (bench_read.h, "PyVRP's
 * VRPLIB dialect"): what distances=default means, the distance unit of
 * exact arcs, and how the published objective follows from ours. */
typedef struct dialect {
    const char *type;
    cf_bench_dist dist; /* distances=default */
    double exact_unit;  /* distance unit of exact arcs, instance units */
    double scale;       /* p->bench_scale; 0: total distance */
    int decimals;       /* p->bench_decimals */
} dialect;

static const dialect dialects[] = {
    {"CVRP", CF_BENCH_DIST_DEFAULT, 1.0, 0, 0}, /* nint, whatever the option */
    {"VRPTW", CF_BENCH_DIST_DIMACS, 1e-4, 0, 0},
    /* costs x 100 in the files; arcs to 1e-6 (1e-5 when they would pass
     * CF_ARC_MAX), so that sums are right to the cent */
    {"HFVRP", CF_BENCH_DIST_EXACT, 1e-6, 0.01, 2},
    {"MDVRPTW", CF_BENCH_DIST_MILLI, 1e-4, 1000, 0},
    {"PCVRPTW", CF_BENCH_DIST_DIMACS, 1e-4, 10, 0},
};
#define N_DIALECTS ((int)(sizeof dialects / sizeof dialects[0]))

typedef enum { EW_NONE, EW_EUC_2D, EW_EXPLICIT } ew_type;
typedef enum {
    EF_NONE,
    EF_FUNCTION,
    EF_FULL,
    EF_LOWER,
    EF_LOWER_DIAG,
    EF_UPPER,
    EF_UPPER_DIAG
} ew_format;

/* A symmetric matrix read column-wise is the opposite triangle read row-wise. */
static const struct {
    const char *name;
    ew_format f;
} ew_formats[] = {
    {"FUNCTION", EF_FUNCTION}, {"FULL_MATRIX", EF_FULL},
    {"LOWER_ROW", EF_LOWER},   {"LOWER_DIAG_ROW", EF_LOWER_DIAG},
    {"UPPER_ROW", EF_UPPER},   {"UPPER_DIAG_ROW", EF_UPPER_DIAG},
    {"UPPER_COL", EF_LOWER},   {"UPPER_DIAG_COL", EF_LOWER_DIAG},
    {"LOWER_COL", EF_UPPER},   {"LOWER_DIAG_COL", EF_UPPER_DIAG},
};

/* Sections of "id value..." lines, keyed by node (1 .. DIMENSION) or by
 * vehicle (1 .. VEHICLES). */
typedef enum {
    S_DEMAND,
    S_TW,
    S_SERVICE,
    S_PRIZE,
    S_CAP,
    S_FIXED,
    S_UNIT,
    S_VDEPOT,
    S_VDUR,
    S_VDIST,
    N_KEYED
} keyed_id;

static const struct keyed {
    const char *name;
    const char *fields; /* for "expected 'id demand'" */
    const char *what;   /* for "demand '-3' of node 4 ..." */
    int k;              /* values per line */
    bool by_vehicle;
    double hi; /* values in [0, hi] */
} keyed[N_KEYED] = {
    {"DEMAND_SECTION", "id demand", "demand", 1, false, MAX_DEMAND},
    {"TIME_WINDOW_SECTION", "id earliest latest", "time window", 2, false, MAX_TIME},
    {"SERVICE_TIME_SECTION", "id service_time", "service time", 1, false, MAX_TIME},
    {"PRIZE_SECTION", "id prize", "prize", 1, false, MAX_COST},
    {"CAPACITY_SECTION", "vehicle capacity", "capacity", 1, true, MAX_DEMAND},
    {"VEHICLES_FIXED_COST_SECTION", "vehicle fixed_cost", "fixed cost", 1, true, MAX_COST},
    {"VEHICLES_UNIT_DISTANCE_COST_SECTION", "vehicle unit_distance_cost", "unit distance cost", 1,
     true, MAX_COST},
    {"VEHICLES_DEPOT_SECTION", "vehicle depot", "depot", 1, true, CF_BENCH_MAX_NODES},
    {"VEHICLES_MAX_DURATION_SECTION", "vehicle max_duration", "max duration", 1, true, MAX_TIME},
    {"VEHICLES_MAX_DISTANCE_SECTION", "vehicle max_distance", "max distance", 1, true, MAX_TIME},
};

typedef struct reader {
    cf_fmt_text *t;
    const char *path;
    cf_problem *p;
    cf_err *err;

    char name[256];
    const dialect *dia; /* from TYPE; CVRP when absent */
    long dim;
    double cap, distance, service, max_dur, max_dist;
    long vehicles;
    ew_type ewt;
    ew_format ewf;
    const char *ewf_name;
    /* line of each key or section, 0: not seen */
    int l_name, l_type, l_dim, l_cap, l_ewt, l_ewf, l_nct, l_distance, l_service, l_vehicles;
    int l_max_dur, l_max_dist;
    int l_coord, l_depot, l_weight, l_display;
    int l_keyed[N_KEYED];

    double *x, *y;            /* [dim] in file order */
    int *node_line;           /* [dim] line that gave node i's coordinates, 0: none */
    double *val[N_KEYED];     /* [ids * k] values of each keyed section, file order */
    int *val_line[N_KEYED];   /* [ids] line that gave id i's values, 0: none */
    int32_t *w;               /* [dim * dim] EXPLICIT weights in file order */
    int *depots;              /* [dim] 0-based file nodes of DEPOT_SECTION, in order */
    int *depot_line;          /* [dim] their lines */
    int n_depots;
} reader;

static cf_status oom(reader *R)
{
    return cf_fmt_err(R->err, CF_ENOMEM, R->path, 0, "out of memory");
}

/* Splits "KEY : value" / "KEY: value" / "KEY value" / "KEY_SECTION" in place. */
static bool split_key(char *s, char **key, char **val)
{
    char *k;
    while (*s == ' ' || *s == '\t' || *s == '\v' || *s == '\f')
        s++;
    k = s;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
           *s == '_')
        s++;
    if (s == k || (*s && *s != ' ' && *s != '\t' && *s != ':' && *s != '\v' && *s != '\f'))
        return false;
    if (*s == ':') {
        *s++ = '\0';
    } else if (*s) {
        *s++ = '\0';
        s = cf_fmt_trim(s);
        if (*s == ':') s++;
    }
    *key = k;
    *val = cf_fmt_trim(s);
    return true;
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_cvrp(const reader *R)
{
    return R->dia == &dialects[0];
}

static cf_status once(reader *R, int *seen, const char *key, int line)
{
    if (*seen)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line, "'%.40s' given twice (first on line %d)",
                         key, *seen);
    *seen = line;
    return CF_OK;
}

static cf_status need_dim(reader *R, const char *section, int line)
{
    if (R->l_dim) return CF_OK;
    return cf_fmt_err(R->err, CF_EPARSE, R->path, line, "%s before DIMENSION", section);
}

/* A number in [0, hi] for key (a header value). */
static cf_status header_num(reader *R, const char *key, const char *val, int line, double hi,
                            double *out)
{
    if (!cf_fmt_num(val, out) || *out < 0 || *out > hi)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                         "%s '%.40s' must be a number in [0, %.0g]", key, val, hi);
    return CF_OK;
}

static cf_status header(reader *R, const char *key, char *val, int line)
{
    cf_status rc;
    double d;

    if (strcmp(key, "COMMENT") == 0 || strcmp(key, "DISPLAY_DATA_TYPE") == 0) return CF_OK;
    if (strcmp(key, "NAME") == 0) {
        if ((rc = once(R, &R->l_name, key, line)) != CF_OK) return rc;
        if (strlen(val) >= sizeof R->name)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line, "NAME longer than %zu characters",
                             sizeof R->name - 1);
        if ((rc = cf_fmt_name(R->t, line, "NAME", val, R->err)) != CF_OK) return rc;
        strcpy(R->name, val);
        if (!*val) R->l_name = 0; /* empty: the file name will do */
        return CF_OK;
    }
    if (strcmp(key, "TYPE") == 0) {
        if ((rc = once(R, &R->l_type, key, line)) != CF_OK) return rc;
        for (int i = 0; i < N_DIALECTS; i++)
            if (strcmp(val, dialects[i].type) == 0) R->dia = &dialects[i];
        if (strcmp(val, R->dia->type) != 0)
            return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                             "TYPE '%.40s' is not supported (CVRP, VRPTW, HFVRP, MDVRPTW, PCVRPTW)",
                             val);
        return CF_OK;
    }
    if (strcmp(key, "DIMENSION") == 0) {
        if ((rc = once(R, &R->l_dim, key, line)) != CF_OK) return rc;
        if (!cf_fmt_long(val, 2, CF_BENCH_MAX_NODES, &R->dim))
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "DIMENSION '%.40s' must be a whole number in [2, %d]", val,
                             CF_BENCH_MAX_NODES);
        return CF_OK;
    }
    if (strcmp(key, "CAPACITY") == 0) {
        if ((rc = once(R, &R->l_cap, key, line)) != CF_OK) return rc;
        if (!cf_fmt_num(val, &R->cap) || R->cap <= 0 || R->cap > MAX_DEMAND)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "CAPACITY '%.40s' must be a number in (0, %.0g]", val, MAX_DEMAND);
        return CF_OK;
    }
    if (strcmp(key, "EDGE_WEIGHT_TYPE") == 0) {
        if ((rc = once(R, &R->l_ewt, key, line)) != CF_OK) return rc;
        if (strcmp(val, "EUC_2D") == 0)
            R->ewt = EW_EUC_2D;
        else if (strcmp(val, "EXPLICIT") == 0)
            R->ewt = EW_EXPLICIT;
        else
            return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                             "EDGE_WEIGHT_TYPE '%.40s' is not supported (EUC_2D, EXPLICIT)", val);
        return CF_OK;
    }
    if (strcmp(key, "EDGE_WEIGHT_FORMAT") == 0) {
        if ((rc = once(R, &R->l_ewf, key, line)) != CF_OK) return rc;
        for (size_t i = 0; i < sizeof ew_formats / sizeof *ew_formats; i++)
            if (strcmp(val, ew_formats[i].name) == 0) {
                R->ewf = ew_formats[i].f;
                R->ewf_name = ew_formats[i].name;
            }
        if (R->ewf == EF_NONE)
            return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                             "EDGE_WEIGHT_FORMAT '%.40s' is not supported (FULL_MATRIX, LOWER_ROW, "
                             "LOWER_DIAG_ROW, UPPER_ROW, UPPER_DIAG_ROW and the _COL forms)",
                             val);
        return CF_OK;
    }
    if (strcmp(key, "NODE_COORD_TYPE") == 0) {
        if ((rc = once(R, &R->l_nct, key, line)) != CF_OK) return rc;
        if (strcmp(val, "TWOD_COORDS") != 0 && strcmp(val, "NO_COORDS") != 0)
            return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                             "NODE_COORD_TYPE '%.40s' is not supported (TWOD_COORDS)", val);
        return CF_OK;
    }
    if (strcmp(key, "DISTANCE") == 0) {
        if ((rc = once(R, &R->l_distance, key, line)) != CF_OK) return rc;
        if (!cf_fmt_num(val, &R->distance) || R->distance <= 0 || R->distance >= CF_TIME_INF)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "DISTANCE '%.40s' must be a number in (0, %d)", val, CF_TIME_INF);
        return CF_OK;
    }
    if (strcmp(key, "SERVICE_TIME") == 0) {
        if ((rc = once(R, &R->l_service, key, line)) != CF_OK) return rc;
        if (!cf_fmt_num(val, &d) || d < 0 || d > 1e6)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "SERVICE_TIME '%.40s' must be a number in [0, 1e6]", val);
        if (is_cvrp(R) && d != floor(d))
            return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                             "SERVICE_TIME '%.40s' must be a whole number of distance units", val);
        R->service = d;
        return CF_OK;
    }
    if (strcmp(key, "VEHICLES") == 0) {
        if ((rc = once(R, &R->l_vehicles, key, line)) != CF_OK) return rc;
        if (!cf_fmt_long(val, 1, CF_BENCH_MAX_VEHICLES, &R->vehicles))
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "VEHICLES '%.40s' must be a whole number in [1, %d]", val,
                             CF_BENCH_MAX_VEHICLES);
        return CF_OK;
    }
    if (strcmp(key, "VEHICLES_MAX_DURATION") == 0) {
        if ((rc = once(R, &R->l_max_dur, key, line)) != CF_OK) return rc;
        return header_num(R, key, val, line, MAX_TIME, &R->max_dur);
    }
    if (strcmp(key, "VEHICLES_MAX_DISTANCE") == 0) {
        if ((rc = once(R, &R->l_max_dist, key, line)) != CF_OK) return rc;
        return header_num(R, key, val, line, MAX_TIME, &R->max_dist);
    }
    return cf_fmt_err(R->err, CF_EPARSE, R->path, line, "unknown key '%.40s'", key);
}

static cf_status alloc_nodes(reader *R)
{
    size_t n = (size_t)R->dim;
    if (R->x) return CF_OK;
    R->x = cf_calloc(n, sizeof *R->x);
    R->y = cf_calloc(n, sizeof *R->y);
    R->node_line = cf_calloc(n, sizeof *R->node_line);
    R->depots = cf_calloc(n, sizeof *R->depots);
    R->depot_line = cf_calloc(n, sizeof *R->depot_line);
    if (!R->x || !R->y || !R->node_line || !R->depots || !R->depot_line) return oom(R);
    return CF_OK;
}

static cf_status node_id(reader *R, const char *tok, int line, long *id)
{
    if (!cf_fmt_long(tok, 1, R->dim, id))
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                         "node id '%.40s' must be a whole number in [1, %ld]", tok, R->dim);
    return CF_OK;
}

/* Lines of a section run until the next line that starts with a letter. */
static int section_end(reader *R, int i)
{
    while (i < R->t->n_lines && !is_letter(cf_fmt_first(R->t->line[i])))
        i++;
    return i;
}

static cf_status coord_section(reader *R, int from, int to)
{
    cf_status rc;
    for (int i = from; i < to; i++) {
        char *tok[4];
        int n = cf_fmt_split(R->t->line[i], tok, 3), line = i + 1;
        long id;
        double x, y;

        if (n == 0) continue;
        if (n != 3)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "NODE_COORD_SECTION: expected 'id x y', got %s%d fields",
                             n > 3 ? "more than " : "", n > 3 ? 3 : n);
        if ((rc = node_id(R, tok[0], line, &id)) != CF_OK) return rc;
        if (!cf_fmt_num(tok[1], &x) || !cf_fmt_num(tok[2], &y) || fabs(x) > MAX_COORD ||
            fabs(y) > MAX_COORD)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "coordinates '%.40s %.40s' of node %ld must be numbers within +-%.0g",
                             tok[1], tok[2], id, MAX_COORD);
        if (R->node_line[id - 1])
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "node %ld given twice (first on line %d)", id, R->node_line[id - 1]);
        R->node_line[id - 1] = line;
        R->x[id - 1] = x;
        R->y[id - 1] = y;
    }
    return CF_OK;
}

/* Lines "id v1 .. vk" of keyed section s, each id once, values in [0, hi]. */
static cf_status keyed_section(reader *R, keyed_id s, int from, int to, int line0)
{
    const struct keyed *K = &keyed[s];
    long ids = K->by_vehicle ? R->vehicles : R->dim;
    const char *of = K->by_vehicle ? "vehicle" : "node";

    if (K->by_vehicle && !R->l_vehicles)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line0, "%s before VEHICLES", K->name);
    if (!(R->val[s] = cf_calloc((size_t)ids * (size_t)K->k, sizeof *R->val[s])) ||
        !(R->val_line[s] = cf_calloc((size_t)ids, sizeof *R->val_line[s])))
        return oom(R);
    for (int i = from; i < to; i++) {
        char *tok[4];
        int n = cf_fmt_split(R->t->line[i], tok, K->k + 1), line = i + 1;
        long id;

        if (n == 0) continue;
        if (n != K->k + 1)
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "%s: expected '%s', got %s%d fields", K->name, K->fields,
                             n > K->k + 1 ? "more than " : "", n > K->k + 1 ? K->k + 1 : n);
        if (!cf_fmt_long(tok[0], 1, ids, &id))
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "%s id '%.40s' must be a whole number in [1, %ld]", of, tok[0], ids);
        for (int j = 0; j < K->k; j++) {
            double v;
            if (!cf_fmt_num(tok[1 + j], &v) || v < 0 || v > K->hi)
                return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                                 "%s '%.40s' of %s %ld must be a number in [0, %.0g]", K->what,
                                 tok[1 + j], of, id, K->hi);
            R->val[s][(id - 1) * K->k + j] = v;
        }
        if (R->val_line[s][id - 1])
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                             "%s of %s %ld given twice (first on line %d)", K->what, of, id,
                             R->val_line[s][id - 1]);
        R->val_line[s][id - 1] = line;
    }
    for (long id = 0; id < ids; id++)
        if (!R->val_line[s][id])
            return cf_fmt_err(R->err, CF_EPARSE, R->path, line0, "%s has no line for %s %ld",
                             K->name, of, id + 1);
    return CF_OK;
}

/* Depot ids up to -1 (CVRP), or up to the end of the section (PyVRP's files
 * leave the -1 out). */
static cf_status depot_section(reader *R, int from, int to, int *next)
{
    cf_status rc;

    for (int i = from; i < to; i++) {
        char *cur = R->t->line[i], *tok;
        int line = i + 1;
        while ((tok = cf_fmt_token(&cur))) {
            long id;
            if (strcmp(tok, "-1") == 0) {
                if ((tok = cf_fmt_token(&cur)))
                    return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                                     "DEPOT_SECTION: '%.40s' after the closing -1", tok);
                if (R->n_depots == 0)
                    return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                                     "DEPOT_SECTION lists no depot");
                *next = i + 1;
                return CF_OK;
            }
            if ((rc = node_id(R, tok, line, &id)) != CF_OK) return rc;
            for (int k = 0; k < R->n_depots; k++)
                if (R->depots[k] == id - 1)
                    return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                                     "depot %ld given twice (first on line %d)", id,
                                     R->depot_line[k]);
            R->depot_line[R->n_depots] = line;
            R->depots[R->n_depots++] = (int)id - 1;
        }
    }
    if (!is_cvrp(R) && R->n_depots > 0) {
        *next = to;
        return CF_OK;
    }
    return cf_fmt_err(R->err, CF_EPARSE, R->path, to < R->t->n_lines ? to + 1 : R->t->n_lines,
                     "DEPOT_SECTION does not end with -1");
}

/* How many weights the stream of format f holds for n nodes. */
static long weight_count(ew_format f, long n)
{
    switch (f) {
    case EF_FULL:
        return n * n;
    case EF_LOWER:
    case EF_UPPER:
        return n * (n - 1) / 2;
    case EF_LOWER_DIAG:
    case EF_UPPER_DIAG:
        return n * (n + 1) / 2;
    default:
        return 0;
    }
}

/* Advances (i, j) to the next matrix cell of format f for n nodes. */
static void weight_next(ew_format f, long n, long *i, long *j)
{
    switch (f) {
    case EF_FULL:
        if (++*j == n) {
            ++*i;
            *j = 0;
        }
        break;
    case EF_LOWER:      /* row i: j < i, rows 1 .. n-1 */
    case EF_LOWER_DIAG: /* row i: j <= i */
        if (++*j > (f == EF_LOWER ? *i - 1 : *i)) {
            ++*i;
            *j = 0;
        }
        break;
    case EF_UPPER: /* row i: j > i */
        if (++*j == n) {
            ++*i;
            *j = *i + 1;
        }
        break;
    case EF_UPPER_DIAG: /* row i: j >= i */
        if (++*j == n) {
            ++*i;
            *j = *i;
        }
        break;
    default:
        break;
    }
}

static cf_status weight_section(reader *R, int from, int to, int line0)
{
    long n = R->dim, need, got = 0, i = 0, j = 0;

    if (R->ewt != EW_EXPLICIT)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line0,
                         "EDGE_WEIGHT_SECTION needs EDGE_WEIGHT_TYPE : EXPLICIT first");
    if (R->ewf == EF_NONE || R->ewf == EF_FUNCTION)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, line0,
                         "EDGE_WEIGHT_SECTION needs an EDGE_WEIGHT_FORMAT first");
    if (n > CF_BENCH_MAX_MATRIX_NODES)
        return cf_fmt_err(R->err, CF_EINVAL, R->path, line0,
                         "EXPLICIT weights for %ld nodes: at most %d are supported", n,
                         CF_BENCH_MAX_MATRIX_NODES);
    need = weight_count(R->ewf, n);
    if (!(R->w = cf_calloc((size_t)(n * n), sizeof *R->w))) return oom(R);
    if (R->ewf == EF_LOWER) i = 1;
    if (R->ewf == EF_UPPER) j = 1;
    for (int l = from; l < to; l++) {
        char *cur = R->t->line[l], *tok;
        int line = l + 1;
        while ((tok = cf_fmt_token(&cur))) {
            double v;
            if (got == need)
                return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                                 "EDGE_WEIGHT_SECTION: more than the %ld weights of %s for %ld "
                                 "nodes",
                                 need, R->ewf_name, n);
            if (!cf_fmt_num(tok, &v) || v < 0 || v > MAX_WEIGHT)
                return cf_fmt_err(R->err, CF_EPARSE, R->path, line,
                                 "weight '%.40s' must be a number in [0, %.0g]", tok, MAX_WEIGHT);
            if (v != floor(v))
                return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                                 "weight '%.40s' is not a whole number (EXPLICIT weights are "
                                 "integers)",
                                 tok);
            R->w[i * n + j] = (int32_t)v;
            if (R->ewf != EF_FULL) R->w[j * n + i] = (int32_t)v;
            got++;
            weight_next(R->ewf, n, &i, &j);
        }
    }
    if (got < need)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, to < R->t->n_lines ? to + 1 : R->t->n_lines,
                         "EDGE_WEIGHT_SECTION ends after %ld of the %ld weights of %s for %ld "
                         "nodes",
                         got, need, R->ewf_name, n);
    for (long k = 0; k < n; k++)
        R->w[k * n + k] = 0;
    return CF_OK;
}

static cf_status section(reader *R, const char *key, int *i)
{
    int line = *i + 1, from = *i + 1, to;
    cf_status rc;
    int s = -1;

    for (int k = 0; k < N_KEYED; k++)
        if (strcmp(key, keyed[k].name) == 0) s = k;
    if (s >= 0 || strcmp(key, "NODE_COORD_SECTION") == 0 || strcmp(key, "DEPOT_SECTION") == 0 ||
        strcmp(key, "EDGE_WEIGHT_SECTION") == 0 || strcmp(key, "DISPLAY_DATA_SECTION") == 0) {
        if ((rc = need_dim(R, key, line)) != CF_OK) return rc;
        if ((rc = alloc_nodes(R)) != CF_OK) return rc;
    }
    to = section_end(R, from);
    *i = to;
    if (s >= 0) {
        if ((rc = once(R, &R->l_keyed[s], key, line)) != CF_OK) return rc;
        return keyed_section(R, (keyed_id)s, from, to, line);
    }
    if (strcmp(key, "NODE_COORD_SECTION") == 0) {
        if ((rc = once(R, &R->l_coord, key, line)) != CF_OK) return rc;
        return coord_section(R, from, to);
    }
    if (strcmp(key, "DEPOT_SECTION") == 0) {
        int next = to;
        if ((rc = once(R, &R->l_depot, key, line)) != CF_OK) return rc;
        if ((rc = depot_section(R, from, to, &next)) != CF_OK) return rc;
        for (int k = next; k < to; k++)
            if (cf_fmt_first(R->t->line[k]))
                return cf_fmt_err(R->err, CF_EPARSE, R->path, k + 1,
                                 "DEPOT_SECTION: data after the closing -1");
        return CF_OK;
    }
    if (strcmp(key, "EDGE_WEIGHT_SECTION") == 0) {
        if ((rc = once(R, &R->l_weight, key, line)) != CF_OK) return rc;
        return weight_section(R, from, to, line);
    }
    if (strcmp(key, "DISPLAY_DATA_SECTION") == 0)
        return once(R, &R->l_display, key, line); /* drawing positions only */
    return cf_fmt_err(R->err, CF_EINVAL, R->path, line, "section '%.40s' is not supported", key);
}

static long k_from_name(const char *name)
{
    long k = 0;
    for (const char *s = strstr(name, "-k"); s; s = strstr(s + 1, "-k")) {
        const char *d = s + 2;
        long v = 0;
        if (*d < '0' || *d > '9') continue;
        while (*d >= '0' && *d <= '9' && v < 1000000)
            v = v * 10 + (*d++ - '0');
        if (*d == '\0' || *d == '-' || *d == '.' || *d == '_') k = v;
    }
    return k;
}

/* ---- building the problem ------------------------------------------------ */

/* The per-instance units the build works with (bench_read.h, mapping). */
typedef struct units {
    double dist;  /* dist_unit_km: instance units per distance unit */
    double trunc; /* dist_trunc_km */
    double tpu;   /* time ticks ('seconds') per instance unit */
    double maxarc; /* the longest arc, instance units (a bound) */
} units;

/* A value of keyed section s for file id i (0-based), or dflt when the
 * section is absent. */
static double kv(const reader *R, keyed_id s, long i, int j, double dflt)
{
    return R->val[s] ? R->val[s][i * keyed[s].k + j] : dflt;
}

static int kline(const reader *R, keyed_id s, long i)
{
    return R->val_line[s] ? R->val_line[s][i] : 0;
}

/* v instance time units in ticks, < CF_TIME_INF. */
static cf_status to_ticks(reader *R, const units *u, double v, int line, const char *what,
                          int32_t *out)
{
    double t = v * u->tpu;
    if (t >= CF_TIME_INF)
        return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                         "%s %g is too long for the time model (at most %g instance units)", what,
                         v, (CF_TIME_INF - 1) / u->tpu);
    *out = (int32_t)llround(t);
    return CF_OK;
}

/* File node f's time window in ticks into *e and *l, when the file has
 * windows (else they keep their defaults). */
static cf_status window(reader *R, const units *u, long f, int32_t *e, int32_t *l)
{
    cf_status rc;
    if (!R->l_keyed[S_TW]) return CF_OK;
    if ((rc = to_ticks(R, u, kv(R, S_TW, f, 0, 0), kline(R, S_TW, f), "time", e)) != CF_OK)
        return rc;
    return to_ticks(R, u, kv(R, S_TW, f, 1, 0), kline(R, S_TW, f), "time", l);
}

/* A cost in currency units (1 currency unit = 1e6 cf_cost) per `per` of
 * something, as a whole number of cf_cost: refused when it is not one. */
static cf_status to_cost(reader *R, double v, double per, int line, const char *what, long id,
                         cf_cost *out)
{
    double c = v * CF_COST_SCALE * per;
    if (fabs(c - nearbyint(c)) > 1e-6 * fmax(1.0, c))
        return cf_fmt_err(R->err, CF_EINVAL, R->path, line,
                         "%s %g of vehicle %ld is finer than the model's cost unit (1e-6 per "
                         "distance unit of %g)",
                         what, v, id, per);
    *out = (cf_cost)llround(c);
    return CF_OK;
}

static cf_status pick_units(reader *R, const cf_bench_opts *o, bool has_time, units *u)
{
    cf_bench_dist d = o->dist == CF_BENCH_DIST_DEFAULT ? R->dia->dist : o->dist;
    double maxarc = 0;

    if (R->ewt == EW_EXPLICIT) {
        for (long k = 0; k < R->dim * R->dim; k++)
            if (R->w[k] > maxarc) maxarc = R->w[k];
    } else {
        double x0 = R->x[0], x1 = R->x[0], y0 = R->y[0], y1 = R->y[0];
        for (long i = 1; i < R->dim; i++) {
            x0 = fmin(x0, R->x[i]);
            x1 = fmax(x1, R->x[i]);
            y0 = fmin(y0, R->y[i]);
            y1 = fmax(y1, R->y[i]);
        }
        maxarc = ceil(hypot(x1 - x0, y1 - y0)) + 1;
    }
    u->maxarc = maxarc;
    u->trunc = 0;
    if (is_cvrp(R)) { /* nint (or the EXPLICIT integers), whatever the option */
        u->dist = 1.0;
        u->tpu = 1.0;
        return CF_OK;
    }
    if (R->ewt == EW_EXPLICIT)
        return cf_fmt_err(R->err, CF_EINVAL, R->path, R->l_ewt,
                         "EDGE_WEIGHT_TYPE EXPLICIT is supported for TYPE CVRP only (TYPE %s)",
                         R->dia->type);
    if (d == CF_BENCH_DIST_DIMACS) {
        u->dist = 1.0 / CF_BENCH_TICKS;
        u->trunc = 0.1;
    } else if (d == CF_BENCH_DIST_MILLI) {
        u->dist = 1e-3;
    } else {
        /* exact: the set's unit, coarser by powers of ten when the longest
         * arc would not fit an int32 in it */
        u->dist = R->dia->exact_unit;
        while (maxarc / u->dist > CF_ARC_MAX && u->dist < 1.0)
            u->dist *= 10.0;
    }
    if (maxarc / u->dist > CF_ARC_MAX)
        return cf_fmt_err(R->err, CF_EINVAL, R->path, R->l_coord,
                         "coordinates span %g instance units: too far for distances in units of "
                         "%g",
                         maxarc, u->dist);
    /* Time data: ticks of 1e-4 instance units (as Solomon's); none: a tick
     * is an instance unit, so that long routes never reach CF_TIME_INF. */
    u->tpu = has_time ? CF_BENCH_TICKS : 1.0;
    return CF_OK;
}

static cf_status build(reader *R, const cf_bench_opts *o)
{
    cf_problem *p = R->p;
    long n = R->dim, nd, no, nv, *fnode = NULL;
    double total = 0, maxcap = 0, lb, serv_sum = 0;
    bool has_time, per_vehicle, has_costs;
    int *dep_of = NULL; /* [dim] our depot index of a file node, -1: a customer */
    units u = {1.0, 0.0, 1.0, 0.0};
    char buf[32];
    cf_status rc = CF_OK;

    if (!R->l_dim) return cf_fmt_err(R->err, CF_EPARSE, R->path, 0, "missing DIMENSION");
    if (!R->l_cap && is_cvrp(R) && !R->l_keyed[S_CAP])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, 0, "missing CAPACITY");
    if (!R->l_ewt) return cf_fmt_err(R->err, CF_EPARSE, R->path, 0, "missing EDGE_WEIGHT_TYPE");
    if (!R->l_keyed[S_DEMAND])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, 0, "missing DEMAND_SECTION");
    if (!R->l_depot) return cf_fmt_err(R->err, CF_EPARSE, R->path, 0, "missing DEPOT_SECTION");
    if (R->ewt == EW_EUC_2D && !R->l_coord)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, 0,
                         "EDGE_WEIGHT_TYPE EUC_2D needs a NODE_COORD_SECTION");
    if (R->ewt == EW_EXPLICIT && !R->l_weight)
        return cf_fmt_err(R->err, CF_EPARSE, R->path, 0,
                         "EDGE_WEIGHT_TYPE EXPLICIT needs an EDGE_WEIGHT_SECTION");
    if (R->l_cap && R->l_keyed[S_CAP])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_keyed[S_CAP],
                         "CAPACITY_SECTION and CAPACITY (line %d) both given", R->l_cap);
    if (R->l_service && R->l_keyed[S_SERVICE])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_keyed[S_SERVICE],
                         "SERVICE_TIME_SECTION and SERVICE_TIME (line %d) both given",
                         R->l_service);
    if (R->l_max_dur && R->l_keyed[S_VDUR])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_keyed[S_VDUR],
                         "VEHICLES_MAX_DURATION_SECTION and VEHICLES_MAX_DURATION (line %d) both "
                         "given",
                         R->l_max_dur);
    if (R->l_distance && (R->l_max_dur || R->l_keyed[S_VDUR]))
        return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_distance,
                         "DISTANCE and a VEHICLES_MAX_DURATION both given");
    if (R->l_max_dist && R->l_keyed[S_VDIST])
        return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_keyed[S_VDIST],
                         "VEHICLES_MAX_DISTANCE_SECTION and VEHICLES_MAX_DISTANCE (line %d) both "
                         "given",
                         R->l_max_dist);
    if (is_cvrp(R) && R->n_depots > 1)
        return cf_fmt_err(R->err, CF_EINVAL, R->path, R->depot_line[1],
                         "second depot %d (the first is node %d on line %d): CVRPLIB "
                         "files with several depots are not supported (use the Cordeau "
                         "format for multi-depot instances)",
                         R->depots[1] + 1, R->depots[0] + 1, R->depot_line[0]);
    for (long i = 0; i < n; i++)
        if (R->l_coord && !R->node_line[i])
            return cf_fmt_err(R->err, CF_EPARSE, R->path, R->l_coord,
                             "NODE_COORD_SECTION has no line for node %ld", i + 1);

    nd = R->n_depots;
    no = n - nd;
    if (no < 1) return cf_fmt_err(R->err, CF_EINVAL, R->path, R->l_depot, "no customer");
    has_time = R->l_keyed[S_TW] || R->l_keyed[S_SERVICE] || R->l_service || R->l_keyed[S_VDUR] ||
               R->l_max_dur || R->l_distance;
    per_vehicle = R->l_keyed[S_CAP] || R->l_keyed[S_FIXED] || R->l_keyed[S_UNIT] ||
                  R->l_keyed[S_VDEPOT] || R->l_keyed[S_VDUR] || R->l_keyed[S_VDIST];
    has_costs = R->l_keyed[S_FIXED] || R->l_keyed[S_UNIT] || R->l_keyed[S_PRIZE];
    if (o->objective == CF_BENCH_OBJ_VEHICLES_FIRST && (R->dia->scale > 0 || has_costs))
        return cf_fmt_err(R->err, CF_EINVAL, R->path, R->l_type,
                         "objective vehicles-first does not apply to %s%s: its objective is the "
                         "cost of its vehicles%s",
                         R->dia->scale > 0 ? "TYPE " : "a file with cost or prize sections",
                         R->dia->scale > 0 ? R->dia->type : "",
                         R->l_keyed[S_PRIZE] ? " and the prizes of skipped customers" : "");
    if ((rc = pick_units(R, o, has_time, &u)) != CF_OK) return rc;

    /* Our nodes: the depots in DEPOT_SECTION order, then the customers in
     * file order; a customer keeps its file node - 1 as id, the number
     * PyVRP's and CVRPLIB's .sol files use (depots first). */
    fnode = cf_calloc((size_t)n, sizeof *fnode);
    dep_of = cf_calloc((size_t)n, sizeof *dep_of);
    if (!fnode || !dep_of) {
        rc = oom(R);
        goto done;
    }
    for (long i = 0; i < n; i++)
        dep_of[i] = -1;
    for (int d = 0; d < nd; d++) {
        fnode[d] = R->depots[d];
        dep_of[R->depots[d]] = d;
    }
    for (long i = 0, k = nd; i < n; i++)
        if (dep_of[i] < 0) fnode[k++] = i;

    /* Fleet: the file's VEHICLES; without it, CVRP's unlimited fleet is a
     * bound that does not bind in practice, the other types PyVRP's rule
     * (one vehicle per customer). */
    for (long i = 0; i < n; i++)
        total += kv(R, S_DEMAND, i, 0, 0);
    if (!R->l_name) cf_fmt_base_name(R->path, R->name, sizeof R->name);
    if (R->l_vehicles) {
        nv = R->vehicles;
    } else if (is_cvrp(R)) {
        lb = ceil(total / R->cap);
        if ((double)k_from_name(R->name) > lb) lb = (double)k_from_name(R->name);
        nv = (long)ceil(1.5 * lb) + 3;
        if (nv > no) nv = no;
        if (nv < 1) nv = 1;
    } else {
        nv = no;
    }
    for (long v = 0; v < nv; v++) {
        double c = R->l_keyed[S_CAP] ? kv(R, S_CAP, v, 0, 0) : R->l_cap ? R->cap : INFINITY;
        if (c > maxcap) maxcap = c;
    }
    for (int d = 0; d < nd; d++)
        if (kv(R, S_DEMAND, fnode[d], 0, 0) != 0) {
            rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_DEMAND, fnode[d]),
                           "the depot (node %ld) has demand %g; it must be 0", fnode[d] + 1,
                           kv(R, S_DEMAND, fnode[d], 0, 0));
            goto done;
        }
    for (long i = 0; i < n; i++) {
        double q = kv(R, S_DEMAND, i, 0, 0);
        if (q <= maxcap) continue;
        if (R->l_keyed[S_CAP])
            rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_DEMAND, i),
                           "demand %g of node %ld exceeds every vehicle's capacity (at most %g)",
                           q, i + 1, maxcap);
        else
            rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_DEMAND, i),
                           "demand %g of node %ld exceeds the CAPACITY %g", q, i + 1, R->cap);
        goto done;
    }

    /* Times: every route must end before CF_TIME_INF when nothing bounds it. */
    for (long i = 0; i < n; i++)
        serv_sum += R->l_keyed[S_SERVICE] ? kv(R, S_SERVICE, i, 0, 0) : R->service;
    if (((double)n * u.maxarc + serv_sum) * u.tpu >= CF_TIME_INF && !R->l_keyed[S_TW]) {
        rc = cf_fmt_err(R->err, CF_EINVAL, R->path, 0,
                       "distances too long for the time model: a route could last %.3g units, "
                       "over %g",
                       (double)n * u.maxarc + serv_sum, CF_TIME_INF / u.tpu);
        goto done;
    }

    p->dist_unit_km = u.dist;
    p->dist_trunc_km = u.trunc;
    if ((rc = cf_fmt_alloc(p, (int)nd, (int)no, (int)nv, R->err)) != CF_OK) goto done;
    if ((rc = cf_fmt_strdup(p, &p->name, R->name, R->err)) != CF_OK) goto done;
    for (long k = 0; k < n; k++) {
        long f = fnode[k];
        p->x[k] = R->x[f];
        p->y[k] = R->y[f];
        if (R->l_keyed[S_TW] && kv(R, S_TW, f, 0, 0) > kv(R, S_TW, f, 1, 0)) {
            rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_TW, f),
                           "time window [%g, %g] of node %ld: earliest after latest",
                           kv(R, S_TW, f, 0, 0), kv(R, S_TW, f, 1, 0), f + 1);
            goto done;
        }
        if (k < nd) {
            if (R->l_keyed[S_SERVICE] && kv(R, S_SERVICE, f, 0, 0) != 0) {
                rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_SERVICE, f),
                               "depot node %ld has service time %g; it must be 0", f + 1,
                               kv(R, S_SERVICE, f, 0, 0));
                goto done;
            }
            if (kv(R, S_PRIZE, f, 0, 0) != 0) {
                rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_PRIZE, f),
                               "depot node %ld has prize %g; it must be 0", f + 1,
                               kv(R, S_PRIZE, f, 0, 0));
                goto done;
            }
            if ((rc = window(R, &u, f, &p->depot_open[k], &p->depot_close[k])) != CF_OK) goto done;
            continue;
        }
        {
            long o_ = k - nd;
            double prize = kv(R, S_PRIZE, f, 0, 0);
            snprintf(buf, sizeof buf, "%ld", f); /* .sol numbering: node id - 1 */
            if ((rc = cf_fmt_strdup(p, &p->order_id[o_], buf, R->err)) != CF_OK) goto done;
            p->order_demand[(size_t)o_ * CF_DIMS + CF_DIM_WEIGHT] =
                (cf_amount)llround(kv(R, S_DEMAND, f, 0, 0) * CF_WEIGHT_SCALE);
            if ((rc = to_ticks(R, &u, R->l_keyed[S_SERVICE] ? kv(R, S_SERVICE, f, 0, 0) : R->service,
                               R->l_keyed[S_SERVICE] ? kline(R, S_SERVICE, f) : R->l_service,
                               "service time", &p->order_service[o_])) != CF_OK)
                goto done;
            if ((rc = window(R, &u, f, &p->order_tw_start[o_], &p->order_tw_end[o_])) != CF_OK)
                goto done;
            /* PyVRP: a customer with a prize may be skipped at that cost. */
            if (prize > 0) p->order_penalty[o_] = (cf_cost)llround(prize * CF_COST_SCALE);
        }
    }

    for (long v = 0; v < nv; v++) {
        double cap = R->l_keyed[S_CAP] ? kv(R, S_CAP, v, 0, 0) : R->l_cap ? R->cap : -1;
        double dur = R->l_keyed[S_VDUR]  ? kv(R, S_VDUR, v, 0, 0)
                     : R->l_max_dur      ? R->max_dur
                     : R->l_distance     ? floor(R->distance)
                                         : -1;
        double dist = R->l_keyed[S_VDIST] ? kv(R, S_VDIST, v, 0, 0) : R->l_max_dist ? R->max_dist : -1;
        int line;

        p->veh_cap[(size_t)v * CF_DIMS + CF_DIM_WEIGHT] =
            cap < 0 ? CF_AMOUNT_INF : (cf_amount)llround(cap * CF_WEIGHT_SCALE);
        /* CVRPLIB's DISTANCE: travel + service <= DISTANCE; every term is
         * whole there, so floor is exact */
        line = R->l_keyed[S_VDUR] ? kline(R, S_VDUR, v) : R->l_max_dur ? R->l_max_dur : R->l_distance;
        if (dur >= 0 &&
            (rc = to_ticks(R, &u, dur, line, "max duration", &p->veh_max_duration[v])) != CF_OK)
            goto done;
        if (dist >= 0) p->veh_max_dist[v] = (int64_t)floor(dist / u.dist + 1e-9);
        /* One distance unit per 'second' tick x tpu / (1 / dist): travel
         * time is the rounded distance in ticks (finalize derives
         * veh_s_per_dist = dist x tpu from the speed). */
        p->veh_speed_kmh[v] = 3600.0 / u.tpu;
        if (R->l_keyed[S_VDEPOT]) {
            long id = (long)kv(R, S_VDEPOT, v, 0, 0);
            if ((double)id != kv(R, S_VDEPOT, v, 0, 0) || id < 1 || id > n || dep_of[id - 1] < 0) {
                rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_VDEPOT, v),
                               "depot %g of vehicle %ld is not a node of DEPOT_SECTION",
                               kv(R, S_VDEPOT, v, 0, 0), v + 1);
                goto done;
            }
            p->veh_depot[v] = dep_of[id - 1];
        }
        if (R->l_keyed[S_FIXED] &&
            (rc = to_cost(R, kv(R, S_FIXED, v, 0, 0), 1.0, kline(R, S_FIXED, v), "fixed cost", v + 1,
                          &p->veh_fixed_cost[v])) != CF_OK)
            goto done;
        if (R->l_keyed[S_UNIT] &&
            (rc = to_cost(R, kv(R, S_UNIT, v, 0, 0), u.dist, kline(R, S_UNIT, v),
                          "unit distance cost", v + 1, &p->veh_cost_per_dist[v])) != CF_OK)
            goto done;
        /* route cost = fixed + per_dist x dist must stay far inside cf_cost */
        if ((double)p->veh_fixed_cost[v] +
                (double)p->veh_cost_per_dist[v] * (double)(no + 1) * u.maxarc / u.dist >
            1e18) {
            rc = cf_fmt_err(R->err, CF_EINVAL, R->path, kline(R, S_UNIT, v),
                           "costs of vehicle %ld could overflow the cost type", v + 1);
            goto done;
        }
    }
    if (R->ewt == EW_EXPLICIT) {
        if (!(p->mat_dist = cf_arena_calloc(&p->arena, (size_t)(n * n), sizeof *p->mat_dist))) {
            rc = oom(R);
            goto done;
        }
        for (long a = 0; a < n; a++)
            for (long b = 0; b < n; b++)
                p->mat_dist[a * n + b] = R->w[fnode[a] * n + fnode[b]];
    }
    p->bench_scale = R->dia->scale;
    p->bench_decimals = R->dia->decimals;
    if (p->bench_scale == 0 && has_costs) { /* the objective, in instance units */
        p->bench_scale = 1.0;
        p->bench_decimals = u.dist == 1.0 ? 0 : 2;
    }
    p->bench_vehicles = per_vehicle ? (int)nv : 0;
    rc = cf_fmt_objective(p, o->objective, (double)(no + nv) * u.maxarc / u.dist, R->err);
done:
    cf_free(fnode);
    cf_free(dep_of);
    return rc;
}

cf_status cf_fmt_read_cvrplib(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err)
{
    reader R;
    cf_status rc = CF_OK;
    int i = 0;

    memset(&R, 0, sizeof R);
    R.t = t;
    R.path = t->path;
    R.p = p;
    R.err = err;
    R.dia = &dialects[0];
    while (i < t->n_lines && rc == CF_OK) {
        char *key, *val, *s = t->line[i];
        int line = i + 1;

        if (!cf_fmt_first(s)) {
            i++;
            continue;
        }
        if (!is_letter(cf_fmt_first(s)) || !split_key(s, &key, &val)) {
            rc = cf_fmt_err(err, CF_EPARSE, t->path, line,
                           "expected 'KEY : value' or a section name, got '%.40s'", cf_fmt_trim(s));
            break;
        }
        if (strcmp(key, "EOF") == 0) break;
        if (strlen(key) > 8 && strcmp(key + strlen(key) - 8, "_SECTION") == 0) {
            if (*val) {
                rc = cf_fmt_err(err, CF_EPARSE, t->path, line, "'%.40s' followed by '%.40s'", key,
                               val);
                break;
            }
            rc = section(&R, key, &i);
            continue;
        }
        rc = header(&R, key, val, line);
        i++;
    }
    if (rc == CF_OK) rc = build(&R, o);
    cf_free(R.x);
    cf_free(R.y);
    cf_free(R.node_line);
    cf_free(R.w);
    cf_free(R.depots);
    cf_free(R.depot_line);
    for (int s = 0; s < N_KEYED; s++) {
        cf_free(R.val[s]);
        cf_free(R.val_line[s]);
    }
    return rc;
}
