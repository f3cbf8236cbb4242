/*
 * The entry points of the benchmark readers (see bench_read.h): options,
 * format detection and dispatch, plus the helpers the per-format readers
 * share (bench_int.h).  A file is read whole and split into lines in
 * place: the instances are at most a few megabytes, and the readers then
 * walk lines with their numbers at hand for the "FILE:LINE:" messages.
 */
#include "io/formats/bench_read.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/formats/formats_int.h"
#include "io/text_int.h"
#include "models/alloc.h"

void cf_bench_opts_init(cf_bench_opts *o)
{
    o->format = CF_BENCH_AUTO;
    o->dist = CF_BENCH_DIST_DEFAULT;
    o->objective = CF_BENCH_OBJ_DISTANCE;
}

static const char *const format_names[] = {"auto", "cvrplib", "solomon", "cordeau"};

const char *cf_bench_format_str(cf_bench_format f)
{
    if ((int)f < 0 || (size_t)f >= sizeof format_names / sizeof *format_names) return "?";
    return format_names[f];
}

int cf_bench_format_parse(const char *name)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (strcmp(name, format_names[i]) == 0) return (int)i;
    return -1;
}

int cf_bench_dist_parse(const char *name)
{
    if (strcmp(name, "default") == 0) return CF_BENCH_DIST_DEFAULT;
    if (strcmp(name, "exact") == 0) return CF_BENCH_DIST_EXACT;
    if (strcmp(name, "dimacs") == 0) return CF_BENCH_DIST_DIMACS;
    if (strcmp(name, "milli") == 0) return CF_BENCH_DIST_MILLI;
    return -1;
}

int cf_bench_objective_parse(const char *name)
{
    if (strcmp(name, "distance") == 0) return CF_BENCH_OBJ_DISTANCE;
    if (strcmp(name, "vehicles-first") == 0) return CF_BENCH_OBJ_VEHICLES_FIRST;
    return -1;
}

/* ---- text ---------------------------------------------------------------- */

cf_status cf_fmt_err(cf_err *err, cf_status code, const char *path, int line, const char *fmt, ...)
{
    char what[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (line > 0) return cf_err_set(err, code, "%s:%d: %s", path, line, what);
    return cf_err_set(err, code, "%s: %s", path, what);
}

void cf_fmt_text_release(cf_fmt_text *t)
{
    cf_free(t->buf);
    cf_free(t->line);
    memset(t, 0, sizeof *t);
}

static cf_status read_all(const char *path, size_t max_bytes, char **out, size_t *len, cf_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;

    *out = NULL;
    if (!f) return cf_fmt_err(err, CF_EIO, path, 0, "cannot open: %s", strerror(errno));
    /* A regular file's size is known: refuse it before reading it in. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max_bytes) {
        fclose(f);
        return cf_fmt_err(err, CF_EINVAL, path, 0, "larger than %zu bytes", max_bytes);
    }
    for (;;) {
        if (cap - n < 4096 + 1) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *g;
            if (ncap > max_bytes + 4096 + 1) ncap = max_bytes + 4096 + 1;
            if (ncap <= cap) {
                fclose(f);
                cf_free(buf);
                return cf_fmt_err(err, CF_EINVAL, path, 0, "larger than %zu bytes", max_bytes);
            }
            if (!(g = cf_reallocarray(buf, ncap, 1))) {
                fclose(f);
                cf_free(buf);
                return cf_fmt_err(err, CF_ENOMEM, path, 0, "out of memory reading the file");
            }
            buf = g;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max_bytes) {
            fclose(f);
            cf_free(buf);
            return cf_fmt_err(err, CF_EINVAL, path, 0, "larger than %zu bytes", max_bytes);
        }
        if (got == 0) break;
    }
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        cf_free(buf);
        return cf_fmt_err(err, CF_EIO, path, 0, "cannot read: %s", strerror(e));
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return CF_OK;
}

cf_status cf_fmt_text_load(cf_fmt_text *t, const char *path, size_t max_bytes, cf_err *err)
{
    size_t len = 0, lines = 1;
    int k = 0;
    cf_status rc;

    memset(t, 0, sizeof *t);
    t->path = path;
    if ((rc = read_all(path, max_bytes, &t->buf, &len, err)) != CF_OK) return rc;
    cf_wide w = cf_wide_detect((const unsigned char *)t->buf, len);
    if (w != CF_WIDE_NONE) {
        char what[200];
        cf_wide_message(w, "UTF-8 text", what, sizeof what);
        cf_fmt_text_release(t);
        return cf_fmt_err(err, CF_EPARSE, path, 0, "%s", what);
    }
    for (size_t i = 0; i < len; i++) {
        char c = t->buf[i];
        if (c == '\0') {
            int ln = 1;
            for (size_t j = 0; j < i; j++)
                ln += t->buf[j] == '\n';
            cf_fmt_text_release(t);
            return cf_fmt_err(err, CF_EPARSE, path, ln, "NUL byte: not a text file");
        }
        if (c == '\n' || (c == '\r' && (i + 1 >= len || t->buf[i + 1] != '\n'))) lines++;
    }
    if (lines > INT_MAX) {
        cf_fmt_text_release(t);
        return cf_fmt_err(err, CF_EINVAL, path, 0, "too many lines");
    }
    if (!(t->line = cf_calloc(lines, sizeof *t->line))) {
        cf_fmt_text_release(t);
        return cf_fmt_err(err, CF_ENOMEM, path, 0, "out of memory splitting lines");
    }
    /* LF, CRLF and a lone CR all end a line. */
    t->line[k++] = t->buf;
    for (size_t i = 0; i < len; i++) {
        char c = t->buf[i];
        if (c == '\r' && i + 1 < len && t->buf[i + 1] == '\n') {
            t->buf[i] = '\0';
        } else if (c == '\n' || c == '\r') {
            t->buf[i] = '\0';
            if (i + 1 < len) t->line[k++] = t->buf + i + 1;
        }
    }
    t->n_lines = k;
    return CF_OK;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int cf_fmt_split(char *s, char **tok, int max)
{
    int n = 0;
    for (;;) {
        while (is_blank(*s))
            s++;
        if (!*s) return n;
        if (n == max) return max + 1;
        tok[n++] = s;
        while (*s && !is_blank(*s))
            s++;
        if (!*s) return n;
        *s++ = '\0';
    }
}

char *cf_fmt_token(char **s)
{
    char *p = *s, *tok;
    while (is_blank(*p))
        p++;
    if (!*p) {
        *s = p;
        return NULL;
    }
    tok = p;
    while (*p && !is_blank(*p))
        p++;
    if (*p) *p++ = '\0';
    *s = p;
    return tok;
}

char cf_fmt_first(const char *s)
{
    while (is_blank(*s))
        s++;
    return *s;
}

char *cf_fmt_trim(char *s)
{
    size_t n;
    while (is_blank(*s))
        s++;
    n = strlen(s);
    while (n > 0 && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

bool cf_fmt_num(const char *tok, double *out)
{
    return cf_parse_number(tok, out) == CF_NUM_OK;
}

bool cf_fmt_long(const char *tok, long lo, long hi, long *out)
{
    const char *s = tok;
    char *end;
    long v;

    if (*s == '+' || *s == '-') s++;
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    errno = 0;
    v = strtol(tok, &end, 10);
    if (errno == ERANGE || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

void cf_fmt_base_name(const char *path, char *buf, size_t size)
{
    const char *b = strrchr(path, '/'), *dot;
    size_t n;

    b = b ? b + 1 : path;
    dot = strrchr(b, '.');
    n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    if (n >= size) n = size - 1;
    memcpy(buf, b, n);
    buf[n] = '\0';
    cf_utf8_sanitize(buf); /* it becomes the scenario name in summary.json */
}

/* ---- problem builder ----------------------------------------------------- */

cf_status cf_fmt_name(const cf_fmt_text *t, int line, const char *what, const char *name, cf_err *err)
{
    if (cf_utf8_valid(name, strlen(name), NULL)) return CF_OK;
    return cf_fmt_err(err, CF_EPARSE, t->path, line, "%s: %s", what,
                     cf_utf8_hint(name, strlen(name)));
}

static cf_status build_oom(cf_err *err)
{
    return cf_err_set(err, CF_ENOMEM, "out of memory building the problem");
}

cf_status cf_fmt_strdup(cf_problem *p, char **dst, const char *s, cf_err *err)
{
    if (!(*dst = cf_arena_strdup(&p->arena, s))) return build_oom(err);
    return CF_OK;
}

cf_status cf_fmt_alloc(cf_problem *p, int nd, int no, int nv, cf_err *err)
{
    int nn = nd + no;
    char buf[32];
    cf_cost per_dist = (cf_cost)llround(CF_COST_SCALE * p->dist_unit_km);

#define ALLOC(ptr, n)                                                                              \
    do {                                                                                           \
        if (!((ptr) = cf_arena_calloc(&p->arena, (size_t)(n), sizeof *(ptr))))                     \
            return build_oom(err);                                                                 \
    } while (0)

    CF_ASSERT(nd >= 1 && no >= 0 && nv >= 1);
    p->n_depots = nd;
    p->n_orders = no;
    p->n_vehicles = nv;
    p->n_couriers = 1;
    p->n_skills = 0;
    p->coord_kind = CF_COORD_PLANE;
    p->road_factor = 1.0;
    p->sharing = CF_SHARING_POOLED;
    ALLOC(p->x, nn);
    ALLOC(p->y, nn);

    if (!cf_problem_alloc_table(p, CF_TABLE_COURIERS, 1)) return build_oom(err);
    if (cf_fmt_strdup(p, &p->courier_id[0], "bench", err) != CF_OK) return CF_ENOMEM;
    p->courier_name[0] = p->courier_id[0];
    p->courier_share[0] = true;
    if (!cf_problem_alloc_table(p, CF_TABLE_SKILLS, 1)) return build_oom(err);

    if (!cf_problem_alloc_table(p, CF_TABLE_DEPOTS, nd)) return build_oom(err);
    for (int d = 0; d < nd; d++) {
        if (nd == 1)
            snprintf(buf, sizeof buf, "depot");
        else
            snprintf(buf, sizeof buf, "D%d", d + 1);
        if (cf_fmt_strdup(p, &p->depot_id[d], buf, err) != CF_OK) return CF_ENOMEM;
        p->depot_name[d] = p->depot_id[d];
        p->depot_open[d] = 0;
        p->depot_close[d] = CF_TIME_INF;
        for (int k = 0; k < CF_DIMS; k++)
            p->depot_cap[(size_t)d * CF_DIMS + (size_t)k] = CF_AMOUNT_INF;
        p->depot_couriers[d] = 1;
    }

    if (!cf_problem_alloc_table(p, CF_TABLE_ORDERS, no)) return build_oom(err);
    for (int o = 0; o < no; o++) {
        p->order_tw_end[o] = CF_TIME_INF;
        p->order_penalty[o] = CF_MANDATORY;
        p->order_depot[o] = -1;
    }

    if (!cf_problem_alloc_table(p, CF_TABLE_VEHICLES, nv)) return build_oom(err);
    for (int v = 0; v < nv; v++) {
        snprintf(buf, sizeof buf, "v%d", v + 1);
        if (cf_fmt_strdup(p, &p->veh_id[v], buf, err) != CF_OK) return CF_ENOMEM;
        p->veh_row[v] = v;
        p->veh_courier[v] = 0;
        p->veh_cap[(size_t)v * CF_DIMS + CF_DIM_VOLUME] = CF_AMOUNT_INF;
        p->veh_cost_per_dist[v] = per_dist;
        p->veh_shift_end[v] = CF_TIME_INF;
        p->veh_max_duration[v] = CF_TIME_INF;
        p->veh_max_dist[v] = CF_DIST_INF;
        /* One distance unit per 'second' tick: travel time = distance. */
        p->veh_speed_kmh[v] = 3600.0 * p->dist_unit_km;
    }
#undef ALLOC
    return CF_OK;
}

cf_status cf_fmt_objective(cf_problem *p, cf_bench_objective obj, double ub_dist, cf_err *err)
{
    double ub_units, f = 1e5, micro, total;

    if (obj != CF_BENCH_OBJ_VEHICLES_FIRST) return CF_OK;
    ub_units = ub_dist * p->dist_unit_km; /* instance units */
    while (f <= ub_units && f < 1e15)
        f *= 10.0;
    micro = f * CF_COST_SCALE;
    total = micro * p->n_vehicles + ub_dist * (double)p->veh_cost_per_dist[0];
    if (total > (double)CF_COST_LIMIT)
        return cf_err_set(err, CF_EINVAL,
                          "%s: vehicles-first objective: a fixed cost of %.0f per vehicle for %d "
                          "vehicles would overflow the cost type",
                          p->name, f, p->n_vehicles);
    for (int v = 0; v < p->n_vehicles; v++)
        p->veh_fixed_cost[v] = (cf_cost)micro;
    return CF_OK;
}

/* ---- detection and dispatch ---------------------------------------------- */

static bool all_long(char **tok, int n)
{
    long v;
    for (int i = 0; i < n; i++)
        if (!cf_fmt_long(tok[i], LONG_MIN, LONG_MAX, &v)) return false;
    return true;
}

/* A TSPLIB "KEY : value" or "KEY_SECTION" line: an upper-case word first. */
static bool tsplib_line(const char *s)
{
    const char *k;
    size_t n;

    while (is_blank(*s))
        s++;
    k = s;
    while ((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')
        s++;
    n = (size_t)(s - k);
    if (n < 3 || k[0] < 'A' || k[0] > 'Z') return false;
    if (n >= 8 && memcmp(s - 8, "_SECTION", 8) == 0) return true;
    while (is_blank(*s))
        s++;
    return *s == ':';
}

/* The format of a loaded file (see cf_bench_detect); only trims trailing blanks. */
static cf_status detect_text(cf_fmt_text *t, cf_bench_format *out, cf_err *err)
{
    int first = -1, limit = t->n_lines < 40 ? t->n_lines : 40;

    for (int i = 0; i < limit && first < 0; i++)
        if (cf_fmt_first(t->line[i])) first = i;
    if (first >= 0) {
        char *tok[5];
        char *copy = cf_strdup(t->line[first]);
        bool cordeau;
        if (!copy) return cf_fmt_err(err, CF_ENOMEM, t->path, 0, "out of memory");
        cordeau = cf_fmt_split(copy, tok, 4) == 4 && all_long(tok, 4);
        cf_free(copy);
        if (cordeau) {
            *out = CF_BENCH_CORDEAU;
            return CF_OK;
        }
    }
    for (int i = 0; i < limit; i++)
        if (strcmp(cf_fmt_trim(t->line[i]), "VEHICLE") == 0) {
            *out = CF_BENCH_SOLOMON;
            return CF_OK;
        }
    for (int i = 0; i < limit; i++)
        if (tsplib_line(t->line[i])) {
            *out = CF_BENCH_CVRPLIB;
            return CF_OK;
        }
    return cf_fmt_err(err, CF_EPARSE, t->path, 0,
                     "cannot tell the format: expected TSPLIB 'KEY : value' lines (CVRPLIB), a "
                     "'VEHICLE' block (Solomon) or a first line 'type m n t' (Cordeau)");
}

cf_status cf_bench_detect(const char *path, cf_bench_format *out, cf_err *err)
{
    cf_fmt_text t;
    cf_status rc;

    if ((rc = cf_fmt_text_load(&t, path, CF_BENCH_MAX_FILE_BYTES, err)) != CF_OK) return rc;
    rc = detect_text(&t, out, err);
    cf_fmt_text_release(&t);
    return rc;
}

cf_status cf_bench_read(const char *path, const cf_bench_opts *opts, cf_problem **out,
                        cf_bench_format *fmt_out, cf_err *err)
{
    cf_bench_opts o;
    cf_problem *p = NULL;
    cf_fmt_text t;
    cf_status rc;

    *out = NULL;
    if (opts)
        o = *opts;
    else
        cf_bench_opts_init(&o);
    if ((rc = cf_fmt_text_load(&t, path, CF_BENCH_MAX_FILE_BYTES, err)) != CF_OK) return rc;
    if (o.format == CF_BENCH_AUTO && (rc = detect_text(&t, &o.format, err)) != CF_OK) {
        cf_fmt_text_release(&t);
        return rc;
    }
    if (!(p = cf_problem_create())) {
        cf_fmt_text_release(&t);
        return cf_err_set(err, CF_ENOMEM, "%s: out of memory", path);
    }
    if (o.dist == CF_BENCH_DIST_MILLI && o.format != CF_BENCH_CVRPLIB) {
        cf_fmt_text_release(&t);
        cf_problem_free(p);
        return cf_err_set(err, CF_EINVAL,
                          "%s: distances 'milli' applies to VRPLIB (.vrp) files only, not to the "
                          "%s format",
                          path, cf_bench_format_str(o.format));
    }
    switch (o.format) {
    case CF_BENCH_CVRPLIB:
        rc = cf_fmt_read_cvrplib(&t, &o, p, err);
        break;
    case CF_BENCH_SOLOMON:
        rc = cf_fmt_read_solomon(&t, &o, p, err);
        break;
    case CF_BENCH_CORDEAU:
        rc = cf_fmt_read_cordeau(&t, &o, p, err);
        break;
    default:
        rc = cf_err_set(err, CF_EINVAL, "%s: unknown benchmark format %d", path, (int)o.format);
        break;
    }
    cf_fmt_text_release(&t);
    if (rc == CF_OK) rc = cf_problem_finalize(p, err);
    if (rc != CF_OK) {
        cf_problem_free(p);
        return rc;
    }
    if (fmt_out) *fmt_out = o.format;
    *out = p;
    return CF_OK;
}
