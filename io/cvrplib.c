/*
 * CVRPLIB / TSPLIB .vrp reader (Reinelt 1991, TSPLIB 95, section 1; the CVRP
 * keys of CVRPLIB, Uchoa et al. 2017): a header of "KEY : value" lines, then
 * NODE_COORD_SECTION, DEMAND_SECTION, DEPOT_SECTION and, for EXPLICIT
 * weights, EDGE_WEIGHT_SECTION.  EUC_2D distances are nint(Euclidean), which
 * cf_dist computes exactly with dist_unit_km = 1 (lround of the plane
 * distance); EXPLICIT weights go to mat_dist.  The mapping and the fleet
 * bound are described in bench_read.h.  Keys we do not know are refused
 * rather than ignored, so that no constraint of an instance is silently
 * dropped.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "io/bench_int.h"
#include "models/alloc.h"

#define MAX_COORD 1e7  /* |x|, |y|: the longest arc stays far below INT32_MAX */
#define MAX_WEIGHT 1e8 /* an EXPLICIT weight */
#define MAX_DEMAND 1e9 /* a demand or the capacity, instance units */

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

typedef struct reader {
    bench_text *t;
    const char *path;
    cf_problem *p;
    cf_err *err;

    char name[256];
    long dim;
    double cap, distance, service;
    long vehicles;
    ew_type ewt;
    ew_format ewf;
    const char *ewf_name;
    /* line of each key or section, 0: not seen */
    int l_name, l_type, l_dim, l_cap, l_ewt, l_ewf, l_nct, l_distance, l_service, l_vehicles;
    int l_coord, l_demand, l_depot, l_weight, l_display;

    double *x, *y, *demand; /* [dim] in file order */
    int *node_line;         /* [dim] line that gave node i's coordinates, 0: none */
    int *demand_line;       /* [dim] */
    int32_t *w;             /* [dim * dim] EXPLICIT weights in file order */
    int depot;              /* 0-based node of the depot, -1: none */
} reader;

static cf_status oom(reader *R)
{
    return bench_err(R->err, CF_ENOMEM, R->path, 0, "out of memory");
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
        s = bench_trim(s);
        if (*s == ':') s++;
    }
    *key = k;
    *val = bench_trim(s);
    return true;
}

static bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static cf_status once(reader *R, int *seen, const char *key, int line)
{
    if (*seen)
        return bench_err(R->err, CF_EPARSE, R->path, line, "'%.40s' given twice (first on line %d)",
                         key, *seen);
    *seen = line;
    return CF_OK;
}

static cf_status need_dim(reader *R, const char *section, int line)
{
    if (R->l_dim) return CF_OK;
    return bench_err(R->err, CF_EPARSE, R->path, line, "%s before DIMENSION", section);
}

static cf_status header(reader *R, const char *key, char *val, int line)
{
    cf_status rc;
    double d;

    if (strcmp(key, "COMMENT") == 0 || strcmp(key, "DISPLAY_DATA_TYPE") == 0) return CF_OK;
    if (strcmp(key, "NAME") == 0) {
        if ((rc = once(R, &R->l_name, key, line)) != CF_OK) return rc;
        if (strlen(val) >= sizeof R->name)
            return bench_err(R->err, CF_EPARSE, R->path, line, "NAME longer than %zu characters",
                             sizeof R->name - 1);
        if ((rc = bench_name(R->t, line, "NAME", val, R->err)) != CF_OK) return rc;
        strcpy(R->name, val);
        if (!*val) R->l_name = 0; /* empty: the file name will do */
        return CF_OK;
    }
    if (strcmp(key, "TYPE") == 0) {
        if ((rc = once(R, &R->l_type, key, line)) != CF_OK) return rc;
        if (strcmp(val, "CVRP") != 0)
            return bench_err(R->err, CF_EINVAL, R->path, line,
                             "TYPE '%.40s' is not supported (only CVRP)", val);
        return CF_OK;
    }
    if (strcmp(key, "DIMENSION") == 0) {
        if ((rc = once(R, &R->l_dim, key, line)) != CF_OK) return rc;
        if (!bench_long(val, 2, CF_BENCH_MAX_NODES, &R->dim))
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "DIMENSION '%.40s' must be a whole number in [2, %d]", val,
                             CF_BENCH_MAX_NODES);
        return CF_OK;
    }
    if (strcmp(key, "CAPACITY") == 0) {
        if ((rc = once(R, &R->l_cap, key, line)) != CF_OK) return rc;
        if (!bench_num(val, &R->cap) || R->cap <= 0 || R->cap > MAX_DEMAND)
            return bench_err(R->err, CF_EPARSE, R->path, line,
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
            return bench_err(R->err, CF_EINVAL, R->path, line,
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
            return bench_err(R->err, CF_EINVAL, R->path, line,
                             "EDGE_WEIGHT_FORMAT '%.40s' is not supported (FULL_MATRIX, LOWER_ROW, "
                             "LOWER_DIAG_ROW, UPPER_ROW, UPPER_DIAG_ROW and the _COL forms)",
                             val);
        return CF_OK;
    }
    if (strcmp(key, "NODE_COORD_TYPE") == 0) {
        if ((rc = once(R, &R->l_nct, key, line)) != CF_OK) return rc;
        if (strcmp(val, "TWOD_COORDS") != 0 && strcmp(val, "NO_COORDS") != 0)
            return bench_err(R->err, CF_EINVAL, R->path, line,
                             "NODE_COORD_TYPE '%.40s' is not supported (TWOD_COORDS)", val);
        return CF_OK;
    }
    if (strcmp(key, "DISTANCE") == 0) {
        if ((rc = once(R, &R->l_distance, key, line)) != CF_OK) return rc;
        if (!bench_num(val, &R->distance) || R->distance <= 0 || R->distance >= CF_TIME_INF)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "DISTANCE '%.40s' must be a number in (0, %d)", val, CF_TIME_INF);
        return CF_OK;
    }
    if (strcmp(key, "SERVICE_TIME") == 0) {
        if ((rc = once(R, &R->l_service, key, line)) != CF_OK) return rc;
        if (!bench_num(val, &d) || d < 0 || d > 1e6)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "SERVICE_TIME '%.40s' must be a number in [0, 1e6]", val);
        if (d != floor(d))
            return bench_err(R->err, CF_EINVAL, R->path, line,
                             "SERVICE_TIME '%.40s' must be a whole number of distance units", val);
        R->service = d;
        return CF_OK;
    }
    if (strcmp(key, "VEHICLES") == 0) {
        if ((rc = once(R, &R->l_vehicles, key, line)) != CF_OK) return rc;
        if (!bench_long(val, 1, CF_BENCH_MAX_VEHICLES, &R->vehicles))
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "VEHICLES '%.40s' must be a whole number in [1, %d]", val,
                             CF_BENCH_MAX_VEHICLES);
        return CF_OK;
    }
    return bench_err(R->err, CF_EPARSE, R->path, line, "unknown key '%.40s'", key);
}

static cf_status alloc_nodes(reader *R)
{
    size_t n = (size_t)R->dim;
    if (R->x) return CF_OK;
    R->x = cf_calloc(n, sizeof *R->x);
    R->y = cf_calloc(n, sizeof *R->y);
    R->demand = cf_calloc(n, sizeof *R->demand);
    R->node_line = cf_calloc(n, sizeof *R->node_line);
    R->demand_line = cf_calloc(n, sizeof *R->demand_line);
    if (!R->x || !R->y || !R->demand || !R->node_line || !R->demand_line) return oom(R);
    return CF_OK;
}

static cf_status node_id(reader *R, const char *tok, int line, long *id)
{
    if (!bench_long(tok, 1, R->dim, id))
        return bench_err(R->err, CF_EPARSE, R->path, line,
                         "node id '%.40s' must be a whole number in [1, %ld]", tok, R->dim);
    return CF_OK;
}

/* Lines of a section run until the next line that starts with a letter. */
static int section_end(reader *R, int i)
{
    while (i < R->t->n_lines && !is_letter(bench_first(R->t->line[i])))
        i++;
    return i;
}

static cf_status coord_section(reader *R, int from, int to)
{
    cf_status rc;
    for (int i = from; i < to; i++) {
        char *tok[4];
        int n = bench_split(R->t->line[i], tok, 3), line = i + 1;
        long id;
        double x, y;

        if (n == 0) continue;
        if (n != 3)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "NODE_COORD_SECTION: expected 'id x y', got %s%d fields",
                             n > 3 ? "more than " : "", n > 3 ? 3 : n);
        if ((rc = node_id(R, tok[0], line, &id)) != CF_OK) return rc;
        if (!bench_num(tok[1], &x) || !bench_num(tok[2], &y) || fabs(x) > MAX_COORD ||
            fabs(y) > MAX_COORD)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "coordinates '%.40s %.40s' of node %ld must be numbers within +-%.0g",
                             tok[1], tok[2], id, MAX_COORD);
        if (R->node_line[id - 1])
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "node %ld given twice (first on line %d)", id, R->node_line[id - 1]);
        R->node_line[id - 1] = line;
        R->x[id - 1] = x;
        R->y[id - 1] = y;
    }
    return CF_OK;
}

static cf_status demand_section(reader *R, int from, int to)
{
    cf_status rc;
    for (int i = from; i < to; i++) {
        char *tok[3];
        int n = bench_split(R->t->line[i], tok, 2), line = i + 1;
        long id;
        double q;

        if (n == 0) continue;
        if (n != 2)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "DEMAND_SECTION: expected 'id demand', got %s%d fields",
                             n > 2 ? "more than " : "", n > 2 ? 2 : n);
        if ((rc = node_id(R, tok[0], line, &id)) != CF_OK) return rc;
        if (!bench_num(tok[1], &q) || q < 0 || q > MAX_DEMAND)
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "demand '%.40s' of node %ld must be a number in [0, %.0g]", tok[1], id,
                             MAX_DEMAND);
        if (R->demand_line[id - 1])
            return bench_err(R->err, CF_EPARSE, R->path, line,
                             "demand of node %ld given twice (first on line %d)", id,
                             R->demand_line[id - 1]);
        R->demand_line[id - 1] = line;
        R->demand[id - 1] = q;
    }
    return CF_OK;
}

/* Depot ids up to -1; a single depot is all our mapping of CVRPLIB takes. */
static cf_status depot_section(reader *R, int from, int to, int *next)
{
    cf_status rc;
    int first_line = 0;

    for (int i = from; i < to; i++) {
        char *cur = R->t->line[i], *tok;
        int line = i + 1;
        while ((tok = bench_token(&cur))) {
            long id;
            if (strcmp(tok, "-1") == 0) {
                if ((tok = bench_token(&cur)))
                    return bench_err(R->err, CF_EPARSE, R->path, line,
                                     "DEPOT_SECTION: '%.40s' after the closing -1", tok);
                if (R->depot < 0)
                    return bench_err(R->err, CF_EINVAL, R->path, line,
                                     "DEPOT_SECTION lists no depot");
                *next = i + 1;
                return CF_OK;
            }
            if ((rc = node_id(R, tok, line, &id)) != CF_OK) return rc;
            if (R->depot >= 0)
                return bench_err(R->err, CF_EINVAL, R->path, line,
                                 "second depot %ld (the first is node %d on line %d): CVRPLIB "
                                 "files with several depots are not supported (use the Cordeau "
                                 "format for multi-depot instances)",
                                 id, R->depot + 1, first_line);
            R->depot = (int)id - 1;
            first_line = line;
        }
    }
    return bench_err(R->err, CF_EPARSE, R->path, to < R->t->n_lines ? to + 1 : R->t->n_lines,
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
        return bench_err(R->err, CF_EPARSE, R->path, line0,
                         "EDGE_WEIGHT_SECTION needs EDGE_WEIGHT_TYPE : EXPLICIT first");
    if (R->ewf == EF_NONE || R->ewf == EF_FUNCTION)
        return bench_err(R->err, CF_EPARSE, R->path, line0,
                         "EDGE_WEIGHT_SECTION needs an EDGE_WEIGHT_FORMAT first");
    if (n > CF_BENCH_MAX_MATRIX_NODES)
        return bench_err(R->err, CF_EINVAL, R->path, line0,
                         "EXPLICIT weights for %ld nodes: at most %d are supported", n,
                         CF_BENCH_MAX_MATRIX_NODES);
    need = weight_count(R->ewf, n);
    if (!(R->w = cf_calloc((size_t)(n * n), sizeof *R->w))) return oom(R);
    if (R->ewf == EF_LOWER) i = 1;
    if (R->ewf == EF_UPPER) j = 1;
    for (int l = from; l < to; l++) {
        char *cur = R->t->line[l], *tok;
        int line = l + 1;
        while ((tok = bench_token(&cur))) {
            double v;
            if (got == need)
                return bench_err(R->err, CF_EPARSE, R->path, line,
                                 "EDGE_WEIGHT_SECTION: more than the %ld weights of %s for %ld "
                                 "nodes",
                                 need, R->ewf_name, n);
            if (!bench_num(tok, &v) || v < 0 || v > MAX_WEIGHT)
                return bench_err(R->err, CF_EPARSE, R->path, line,
                                 "weight '%.40s' must be a number in [0, %.0g]", tok, MAX_WEIGHT);
            if (v != floor(v))
                return bench_err(R->err, CF_EINVAL, R->path, line,
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
        return bench_err(R->err, CF_EPARSE, R->path, to < R->t->n_lines ? to + 1 : R->t->n_lines,
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

    if (strcmp(key, "NODE_COORD_SECTION") == 0 || strcmp(key, "DEMAND_SECTION") == 0 ||
        strcmp(key, "DEPOT_SECTION") == 0 || strcmp(key, "EDGE_WEIGHT_SECTION") == 0 ||
        strcmp(key, "DISPLAY_DATA_SECTION") == 0) {
        if ((rc = need_dim(R, key, line)) != CF_OK) return rc;
        if ((rc = alloc_nodes(R)) != CF_OK) return rc;
    }
    to = section_end(R, from);
    *i = to;
    if (strcmp(key, "NODE_COORD_SECTION") == 0) {
        if ((rc = once(R, &R->l_coord, key, line)) != CF_OK) return rc;
        return coord_section(R, from, to);
    }
    if (strcmp(key, "DEMAND_SECTION") == 0) {
        if ((rc = once(R, &R->l_demand, key, line)) != CF_OK) return rc;
        return demand_section(R, from, to);
    }
    if (strcmp(key, "DEPOT_SECTION") == 0) {
        int next = to;
        if ((rc = once(R, &R->l_depot, key, line)) != CF_OK) return rc;
        if ((rc = depot_section(R, from, to, &next)) != CF_OK) return rc;
        for (int k = next; k < to; k++)
            if (bench_first(R->t->line[k]))
                return bench_err(R->err, CF_EPARSE, R->path, k + 1,
                                 "DEPOT_SECTION: data after the closing -1");
        return CF_OK;
    }
    if (strcmp(key, "EDGE_WEIGHT_SECTION") == 0) {
        if ((rc = once(R, &R->l_weight, key, line)) != CF_OK) return rc;
        return weight_section(R, from, to, line);
    }
    if (strcmp(key, "DISPLAY_DATA_SECTION") == 0)
        return once(R, &R->l_display, key, line); /* drawing positions only */
    return bench_err(R->err, CF_EINVAL, R->path, line, "section '%.40s' is not supported", key);
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

/* The file's node (0-based) at our node index u: depot first, then the rest in order. */
static long file_node(const reader *R, long u)
{
    if (u == 0) return R->depot;
    return u <= R->depot ? u - 1 : u;
}

static cf_status build(reader *R, const cf_bench_opts *o)
{
    cf_problem *p = R->p;
    long n = R->dim, no = n - 1, nv;
    double total = 0, maxarc = 0, lb;
    char buf[32];
    cf_status rc;

    if (!R->l_dim) return bench_err(R->err, CF_EPARSE, R->path, 0, "missing DIMENSION");
    if (!R->l_cap) return bench_err(R->err, CF_EPARSE, R->path, 0, "missing CAPACITY");
    if (!R->l_ewt) return bench_err(R->err, CF_EPARSE, R->path, 0, "missing EDGE_WEIGHT_TYPE");
    if (!R->l_demand) return bench_err(R->err, CF_EPARSE, R->path, 0, "missing DEMAND_SECTION");
    if (!R->l_depot) return bench_err(R->err, CF_EPARSE, R->path, 0, "missing DEPOT_SECTION");
    if (R->ewt == EW_EUC_2D && !R->l_coord)
        return bench_err(R->err, CF_EPARSE, R->path, 0,
                         "EDGE_WEIGHT_TYPE EUC_2D needs a NODE_COORD_SECTION");
    if (R->ewt == EW_EXPLICIT && !R->l_weight)
        return bench_err(R->err, CF_EPARSE, R->path, 0,
                         "EDGE_WEIGHT_TYPE EXPLICIT needs an EDGE_WEIGHT_SECTION");
    for (long i = 0; i < n; i++) {
        if (R->l_coord && !R->node_line[i])
            return bench_err(R->err, CF_EPARSE, R->path, R->l_coord,
                             "NODE_COORD_SECTION has no line for node %ld", i + 1);
        if (!R->demand_line[i])
            return bench_err(R->err, CF_EPARSE, R->path, R->l_demand,
                             "DEMAND_SECTION has no line for node %ld", i + 1);
    }
    if (R->demand[R->depot] != 0)
        return bench_err(R->err, CF_EINVAL, R->path, R->demand_line[R->depot],
                         "the depot (node %d) has demand %g; it must be 0", R->depot + 1,
                         R->demand[R->depot]);
    for (long i = 0; i < n; i++) {
        if (R->demand[i] > R->cap)
            return bench_err(R->err, CF_EINVAL, R->path, R->demand_line[i],
                             "demand %g of node %ld exceeds the CAPACITY %g", R->demand[i], i + 1,
                             R->cap);
        total += R->demand[i];
    }

    /* The longest arc: bounds route durations and the vehicles-first fixed cost. */
    if (R->ewt == EW_EXPLICIT) {
        for (long k = 0; k < n * n; k++)
            if (R->w[k] > maxarc) maxarc = R->w[k];
    } else {
        double x0 = R->x[0], x1 = R->x[0], y0 = R->y[0], y1 = R->y[0];
        for (long i = 1; i < n; i++) {
            x0 = fmin(x0, R->x[i]);
            x1 = fmax(x1, R->x[i]);
            y0 = fmin(y0, R->y[i]);
            y1 = fmax(y1, R->y[i]);
        }
        maxarc = ceil(hypot(x1 - x0, y1 - y0)) + 1;
    }
    if ((double)n * maxarc + (double)no * R->service >= CF_TIME_INF)
        return bench_err(R->err, CF_EINVAL, R->path, 0,
                         "distances too long for the time model: a route could last %.3g units, "
                         "over %d",
                         (double)n * maxarc + (double)no * R->service, CF_TIME_INF);

    /* Fleet: unlimited in CVRPLIB; a bound that cannot bind in practice. */
    if (!R->l_name) bench_base_name(R->path, R->name, sizeof R->name);
    lb = ceil(total / R->cap);
    if ((double)k_from_name(R->name) > lb) lb = (double)k_from_name(R->name);
    if (R->l_vehicles) {
        nv = R->vehicles;
    } else {
        nv = (long)ceil(1.5 * lb) + 3;
        if (nv > no) nv = no;
        if (nv < 1) nv = 1;
    }

    p->dist_unit_km = 1.0;
    if ((rc = bench_alloc(p, 1, (int)no, (int)nv, R->err)) != CF_OK) return rc;
    if ((rc = bench_strdup(p, &p->name, R->name, R->err)) != CF_OK) return rc;
    for (long u = 0; u < n; u++) {
        long f = file_node(R, u);
        p->x[u] = R->x[f];
        p->y[u] = R->y[f];
        if (u == 0) continue;
        snprintf(buf, sizeof buf, "%ld", f); /* .sol numbering: node id - 1 */
        if ((rc = bench_strdup(p, &p->order_id[u - 1], buf, R->err)) != CF_OK) return rc;
        p->order_demand[(size_t)(u - 1) * CF_DIMS + CF_DIM_WEIGHT] =
            (cf_amount)llround(R->demand[f] * CF_WEIGHT_SCALE);
        p->order_service[u - 1] = (int32_t)R->service;
    }
    for (long v = 0; v < nv; v++) {
        p->veh_cap[(size_t)v * CF_DIMS + CF_DIM_WEIGHT] =
            (cf_amount)llround(R->cap * CF_WEIGHT_SCALE);
        /* travel + service <= DISTANCE; every term is whole, so floor is exact */
        if (R->l_distance) p->veh_max_duration[v] = (int32_t)floor(R->distance);
    }
    if (R->ewt == EW_EXPLICIT) {
        if (!(p->mat_dist = cf_arena_calloc(&p->arena, (size_t)(n * n), sizeof *p->mat_dist)))
            return oom(R);
        for (long a = 0; a < n; a++)
            for (long b = 0; b < n; b++)
                p->mat_dist[a * n + b] = R->w[file_node(R, a) * n + file_node(R, b)];
    }
    return bench_objective(p, o->objective, (double)(no + nv) * maxarc, R->err);
}

cf_status bench_read_cvrplib(bench_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err)
{
    reader R;
    cf_status rc = CF_OK;
    int i = 0;

    memset(&R, 0, sizeof R);
    R.t = t;
    R.path = t->path;
    R.p = p;
    R.err = err;
    R.depot = -1;
    while (i < t->n_lines && rc == CF_OK) {
        char *key, *val, *s = t->line[i];
        int line = i + 1;

        if (!bench_first(s)) {
            i++;
            continue;
        }
        if (!is_letter(bench_first(s)) || !split_key(s, &key, &val)) {
            rc = bench_err(err, CF_EPARSE, t->path, line,
                           "expected 'KEY : value' or a section name, got '%.40s'", bench_trim(s));
            break;
        }
        if (strcmp(key, "EOF") == 0) break;
        if (strlen(key) > 8 && strcmp(key + strlen(key) - 8, "_SECTION") == 0) {
            if (*val) {
                rc = bench_err(err, CF_EPARSE, t->path, line, "'%.40s' followed by '%.40s'", key,
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
    cf_free(R.demand);
    cf_free(R.node_line);
    cf_free(R.demand_line);
    cf_free(R.w);
    return rc;
}
