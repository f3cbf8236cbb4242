/* Research benchmark formats: the CVRPLIB, Solomon and Cordeau readers on
 * hand-made files (LF and CRLF, tabs), garbage rejected with "file:line:",
 * the .sol/.res writers read back, and the published best-known solutions
 * of the shared data re-costed to their published cost with the
 * from-scratch evaluation and checked feasible. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/plan/atomic.h"
#include "io/formats/bench_read.h"
#include "io/formats/bench_write.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/eval.h"
#include "models/kpi.h"

#define DATA "tests/data/bench/"

/* ---- helpers ------------------------------------------------------------- */

static char tmp_dir[64];

static const char *tmp_path(const char *name)
{
    static char path[2][256];
    static int k;
    if (!tmp_dir[0]) {
        strcpy(tmp_dir, "/tmp/cf_bench_XXXXXX");
        cr_assert_not_null(mkdtemp(tmp_dir));
    }
    k ^= 1;
    snprintf(path[k], sizeof path[k], "%s/%s", tmp_dir, name);
    return path[k];
}

static void cleanup(void)
{
    cf_err err;
    if (tmp_dir[0]) cf_atomic_remove_tree(tmp_dir, &err);
    tmp_dir[0] = '\0';
}

static const char *write_tmp(const char *name, const char *text, size_t len)
{
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_text(const char *name, const char *text)
{
    return write_tmp(name, text, strlen(text));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* A copy of a fixture with CRLF line endings, same base name. */
static const char *crlf_copy(const char *src)
{
    char *text = slurp(src), *out = malloc(strlen(text) * 2 + 1);
    const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    size_t k = 0;
    for (const char *s = text; *s; s++) {
        if (*s == '\n') out[k++] = '\r';
        out[k++] = *s;
    }
    const char *path = write_tmp(base, out, k);
    free(text);
    free(out);
    return path;
}

static cf_problem *load(const char *path, const cf_bench_opts *o)
{
    cf_problem *p = NULL;
    cf_err err = {0};
    cf_status rc = cf_bench_read(path, o, &p, NULL, &err);
    cr_assert_eq(rc, CF_OK, "%s: %s", path, err.msg);
    cr_assert_not_null(p);
    return p;
}

/* Reads text as format fmt (AUTO: detect) and expects code with a message
 * that starts "PATH:LINE:" (line 0: "PATH:") and contains needle. */
static void expect_fail(const char *text, cf_bench_format fmt, cf_status code, int line,
                        const char *needle)
{
    cf_bench_opts o;
    cf_problem *p = (cf_problem *)1;
    cf_err err = {0};
    char prefix[300];
    const char *path = write_text("bad.txt", text);

    cf_bench_opts_init(&o);
    o.format = fmt;
    cr_assert_eq(cf_bench_read(path, &o, &p, NULL, &err), code, "got '%s' for:\n%s", err.msg, text);
    cr_assert_null(p);
    if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", path);
    cr_assert(strncmp(err.msg, prefix, strlen(prefix)) == 0, "expected '%s...', got '%s'", prefix,
              err.msg);
    cr_assert_not_null(strstr(err.msg, needle), "expected '%s' in '%s'", needle, err.msg);
}

static int node_of(const cf_problem *p, const char *order_id)
{
    int o = cf_problem_find_order(p, order_id);
    cr_assert(o >= 0, "no order '%s'", order_id);
    return cf_order_node(p, o);
}

/* Every order routed, the checker happy, and the total distance in units. */
static int64_t feasible_dist(const cf_problem *p, const cf_solution *s, const char *what)
{
    cf_err err = {0};
    cf_status rc = cf_solution_check(p, s, &err);
    cr_assert_eq(rc, CF_OK, "%s: %s", what, err.msg);
    for (int o = 0; o < p->n_orders; o++)
        cr_assert_geq(s->vehicle[o], 0, "%s: order '%s' not routed", what, p->order_id[o]);
    return cf_bench_dist_units(p, s);
}

/* The distance the KPIs report must be the same as the walk over cf_dist. */
static void kpi_agrees(const cf_problem *p, const cf_solution *s, int64_t dist)
{
    cf_kpi k;
    cf_err err = {0};
    cr_assert_eq(cf_kpi_compute(p, s, 0.0, &k, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(k.fleet.dist, dist);
    cr_assert_eq(k.fleet.cost, k.fleet.cost_dist + k.fleet.cost_fixed);
    cf_kpi_release(&k);
}

static int routes_of(const cf_solution *s)
{
    int n = 0;
    for (int v = 0; v < s->n_vehicles; v++)
        n += s->first[v] >= 0;
    return n;
}

/* ---- CVRPLIB ------------------------------------------------------------- */

static void check_tiny_vrp(const char *path)
{
    cf_problem *p = load(path, NULL);
    cr_assert_str_eq(p->name, "T-n5-k2");
    cr_assert_eq(p->n_depots, 1);
    cr_assert_eq(p->n_orders, 4);
    cr_assert_eq(p->n_vehicles, 4); /* min(4 customers, ceil(1.5 * 2) + 3) */
    cr_assert_str_eq(p->depot_id[0], "depot");
    cr_assert_str_eq(p->order_id[0], "1");
    cr_assert_str_eq(p->order_id[3], "4");
    cr_assert_str_eq(p->veh_id[3], "v4");
    cr_assert_eq(p->coord_kind, CF_COORD_PLANE);
    cr_assert_float_eq(p->dist_unit_km, 1.0, 0);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "1")), 5);
    cr_assert_eq(cf_dist(p, node_of(p, "3"), node_of(p, "4")), 9);  /* nint(9.487) */
    cr_assert_eq(cf_dist(p, node_of(p, "2"), node_of(p, "4")), 14); /* nint(14.318) */
    cr_assert_eq(p->order_demand[3 * CF_DIMS + CF_DIM_WEIGHT], 2000);
    cr_assert_eq(p->veh_cap[CF_DIM_WEIGHT], 6000);
    cr_assert_eq(p->veh_cap[CF_DIM_VOLUME], CF_AMOUNT_INF);
    cr_assert_eq(p->veh_cost_per_dist[0], 1000000);
    cr_assert_float_eq(p->veh_s_per_dist[0], 1.0, 0);
    cr_assert_eq(cf_travel_s(p, 0, 0, node_of(p, "2")), 10);
    cr_assert_eq(p->veh_max_duration[0], CF_TIME_INF);
    cr_assert_eq(p->veh_shift_end[0], CF_TIME_INF);
    cr_assert_eq(p->order_penalty[0], CF_MANDATORY);
    cf_problem_free(p);
}

Test(bench_cvrplib, reads_tabs_lf_and_crlf, .fini = cleanup)
{
    check_tiny_vrp(DATA "tiny.vrp");
    check_tiny_vrp(crlf_copy(DATA "tiny.vrp"));
}

Test(bench_cvrplib, recosts_tiny_optimum, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    double cost;
    int64_t d;

    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(crlf_copy(DATA "tiny.sol"), p, &s, &cost, &err), CF_OK, "%s",
                 err.msg);
    cr_assert_float_eq(cost, 39.0, 0);
    d = feasible_dist(p, &s, "tiny.sol");
    cr_assert_eq(d, 39);
    kpi_agrees(p, &s, d);
    cr_assert_eq(routes_of(&s), 2);
    cf_solution_release(&s);
    cf_problem_free(p);
}

/* The symmetric matrix of explicit.vrp in every supported layout. */
static const int W[4][4] = {{0, 7, 5, 9}, {7, 0, 3, 4}, {5, 3, 0, 6}, {9, 4, 6, 0}};

static const char *explicit_file(const char *header, const char *fmt)
{
    static char text[2048];
    int k = 0, per_line = 0;
    k += snprintf(text + k, sizeof text - (size_t)k,
                  "NAME : E4\nTYPE : CVRP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                  "EDGE_WEIGHT_FORMAT : %s\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n",
                  header);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            bool in = strcmp(fmt, "FULL_MATRIX") == 0 || (strcmp(fmt, "LOWER_ROW") == 0 && j < i) ||
                      (strcmp(fmt, "LOWER_DIAG_ROW") == 0 && j <= i) ||
                      (strcmp(fmt, "UPPER_ROW") == 0 && j > i) ||
                      (strcmp(fmt, "UPPER_DIAG_ROW") == 0 && j >= i);
            if (!in) continue;
            /* wrap every 5 numbers, whatever the rows: weights are a stream */
            k += snprintf(text + k, sizeof text - (size_t)k, "%d%s", W[i][j],
                          ++per_line % 5 == 0 ? "\n" : "\t");
        }
    snprintf(text + k, sizeof text - (size_t)k,
             "\nDEMAND_SECTION\n1 0\n2 6\n3 4\n4 5\nDEPOT_SECTION\n1\n-1\nEOF\n");
    return text;
}

Test(bench_cvrplib, explicit_layouts, .fini = cleanup)
{
    /* header, then the row-wise layout of the same stream (symmetric: a
     * column-wise triangle is the other triangle row-wise) */
    static const char *fmts[][2] = {
        {"FULL_MATRIX", "FULL_MATRIX"},       {"LOWER_ROW", "LOWER_ROW"},
        {"LOWER_DIAG_ROW", "LOWER_DIAG_ROW"}, {"UPPER_ROW", "UPPER_ROW"},
        {"UPPER_DIAG_ROW", "UPPER_DIAG_ROW"}, {"UPPER_COL", "LOWER_ROW"},
        {"LOWER_DIAG_COL", "UPPER_DIAG_ROW"},
    };
    for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
        cf_problem *p = load(write_text("e4.vrp", explicit_file(fmts[f][0], fmts[f][1])), NULL);
        cr_assert_not_null(p->mat_dist, "%s", fmts[f][0]);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                cr_assert_eq(cf_dist(p, i, j), W[i][j], "%s: (%d, %d)", fmts[f][0], i, j);
        cf_problem_free(p);
    }
}

Test(bench_cvrplib, explicit_fixture_and_its_optimum, .fini = cleanup)
{
    const char *paths[] = {DATA "explicit.vrp", crlf_copy(DATA "explicit.vrp")};
    for (int k = 0; k < 2; k++) {
        cf_problem *p = load(paths[k], NULL);
        cf_solution s;
        cf_err err = {0};
        double cost;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                cr_assert_eq(cf_dist(p, i, j), W[i][j]);
        cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
        cr_assert_eq(cf_bench_read_sol(DATA "explicit.sol", p, &s, &cost, &err), CF_OK, "%s",
                     err.msg);
        cr_assert_eq(feasible_dist(p, &s, "explicit.sol"), 33);
        cr_assert_float_eq(cost, 33.0, 0);
        cf_solution_release(&s);
        cf_problem_free(p);
    }
}

Test(bench_cvrplib, distance_and_service_time_honoured, .fini = cleanup)
{
    cf_problem *p = load(write_text("cmt.vrp", "NAME : CMT-like\nTYPE : CVRP\nDIMENSION : 3\n"
                                               "CAPACITY : 10\nDISTANCE : 200.5\n"
                                               "SERVICE_TIME : 10\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                                               "NODE_COORD_SECTION\n1 0 0\n2 0 30\n3 40 0\n"
                                               "DEMAND_SECTION\n1 0\n2 1\n3 1\n"
                                               "DEPOT_SECTION\n1\n-1\nEOF\n"),
                         NULL);
    cr_assert_eq(p->veh_max_duration[0], 200); /* whole units: floor is exact */
    cr_assert_eq(p->order_service[0], 10);
    cr_assert_eq(p->n_vehicles, 2); /* min(2 customers, ...) */
    {
        int route[] = {0, 1};
        cf_route_eval r;
        cf_eval_route(p, 0, route, 2, 0, &r, NULL);
        cr_assert_eq(r.dist, 120);
        cr_assert_eq(r.duration_s, 140);
        cr_assert_eq(r.duration_over_s, 0);
    }
    cf_problem_free(p);
}

Test(bench_cvrplib, vehicles_key_and_name_from_file, .fini = cleanup)
{
    cf_problem *p = load(write_text("noname.vrp", "TYPE : CVRP\nDIMENSION : 3\nCAPACITY : 10\n"
                                                  "VEHICLES : 7\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                                                  "NODE_COORD_SECTION\n1 0 0\n2 0 3\n3 4 0\n"
                                                  "DEMAND_SECTION\n1 0\n2 1\n3 1\n"
                                                  "DEPOT_SECTION\n1\n-1\n"),
                         NULL);
    cr_assert_str_eq(p->name, "noname");
    cr_assert_eq(p->n_vehicles, 7);
    cf_problem_free(p);
}

Test(bench_cvrplib, depot_not_first_keeps_sol_numbering, .fini = cleanup)
{
    /* Node 2 is the depot: nodes 1 and 3 are customers "0" and "2" (node id - 1). */
    cf_problem *p = load(write_text("d2.vrp", "NAME : d2\nDIMENSION : 3\nCAPACITY : 10\n"
                                              "EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n"
                                              "1 0 3\n2 0 0\n3 4 0\nDEMAND_SECTION\n1 1\n2 0\n3 1\n"
                                              "DEPOT_SECTION\n2\n-1\nEOF\n"),
                         NULL);
    cr_assert_float_eq(p->x[0], 0, 0);
    cr_assert_float_eq(p->y[0], 0, 0);
    cr_assert_str_eq(p->order_id[0], "0");
    cr_assert_str_eq(p->order_id[1], "2");
    cr_assert_eq(cf_dist(p, 0, node_of(p, "0")), 3);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "2")), 4);
    cf_problem_free(p);
}

#define HDR "NAME : bad\nTYPE : CVRP\nDIMENSION : 3\nCAPACITY : 10\nEDGE_WEIGHT_TYPE : EUC_2D\n"
#define NODES "NODE_COORD_SECTION\n1 0 0\n2 0 3\n3 4 0\n"
#define DEMANDS "DEMAND_SECTION\n1 0\n2 1\n3 1\n"

Test(bench_cvrplib, rejects_bad_input_with_file_and_line, .fini = cleanup)
{
    const cf_bench_format F = CF_BENCH_CVRPLIB;
    expect_fail(HDR NODES DEMANDS "DEPOT_SECTION\n1\n2\n-1\nEOF\n", F, CF_EINVAL, 16,
                "second depot 2 (the first is node 1 on line 15)");
    expect_fail(HDR "FOO : 1\n", F, CF_EPARSE, 6, "unknown key 'FOO'");
    expect_fail(HDR "NODE_COORD_SECTION\n1 0 0\n2 0 x\n", F, CF_EPARSE, 8, "coordinates '0 x'");
    expect_fail(HDR "NODE_COORD_SECTION\n1 0 0\n2 0\n", F, CF_EPARSE, 8, "expected 'id x y'");
    expect_fail(HDR "NODE_COORD_SECTION\n1 0 0\n9 0 1\n", F, CF_EPARSE, 8, "node id '9'");
    expect_fail(HDR "NODE_COORD_SECTION\n1 0 0\n1 0 1\n", F, CF_EPARSE, 8, "node 1 given twice");
    expect_fail("NAME : x\nNODE_COORD_SECTION\n1 0 0\n", F, CF_EPARSE, 2,
                "NODE_COORD_SECTION before DIMENSION");
    expect_fail(HDR NODES "DEMAND_SECTION\n1 0\n2 11\n3 1\nDEPOT_SECTION\n1\n-1\n", F, CF_EINVAL,
                12, "exceeds the CAPACITY");
    expect_fail("NAME : g\nEDGE_WEIGHT_TYPE : GEO\n", F, CF_EINVAL, 2,
                "EDGE_WEIGHT_TYPE 'GEO' is not supported");
    expect_fail("NAME : t\nTYPE : TSP\n", F, CF_EINVAL, 2, "TYPE 'TSP' is not supported");
    expect_fail(HDR NODES DEMANDS "BACKHAUL_SECTION\n1 0\n", F, CF_EINVAL, 14,
                "section 'BACKHAUL_SECTION' is not supported");
    expect_fail(HDR NODES DEMANDS "DEPOT_SECTION\n1\nEOF\n", F, CF_EPARSE, 16,
                "DEPOT_SECTION does not end with -1");
    expect_fail(HDR NODES DEMANDS, F, CF_EPARSE, 0, "missing DEPOT_SECTION");
    expect_fail(HDR NODES "DEPOT_SECTION\n1\n-1\n", F, CF_EPARSE, 0, "missing DEMAND_SECTION");
    expect_fail(HDR "DIMENSION : 4\n", F, CF_EPARSE, 6,
                "'DIMENSION' given twice (first on line 3)");
    expect_fail("NAME : x\nDIMENSION : 1000000000\n", F, CF_EPARSE, 2, "DIMENSION '1000000000'");
    expect_fail(
        "NAME : x\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
        "EDGE_WEIGHT_FORMAT : FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1 2\n1 0\nDEMAND_SECTION\n",
        F, CF_EPARSE, 8, "ends after 5 of the 9 weights");
    expect_fail("NAME : x\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                "EDGE_WEIGHT_FORMAT : UPPER_ROW\nEDGE_WEIGHT_SECTION\n1.5\n",
                F, CF_EINVAL, 6, "weight '1.5' is not a whole number");
    expect_fail("NAME : x\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
                "EDGE_WEIGHT_FORMAT : UPPER_ROW\nEDGE_WEIGHT_SECTION\n1 2\n",
                F, CF_EPARSE, 6, "more than the 1 weights");
    expect_fail("NAME : x\nDIMENSION : 2\nEDGE_WEIGHT_SECTION\n1\n", F, CF_EPARSE, 3,
                "needs EDGE_WEIGHT_TYPE : EXPLICIT");
    expect_fail(HDR NODES DEMANDS "DEPOT_SECTION\n1\n-1\n7\n", F, CF_EPARSE, 17,
                "data after the closing -1");
    expect_fail(HDR "12 4 5\n", F, CF_EPARSE, 6, "expected 'KEY : value'");
    expect_fail("NAME : x\nSERVICE_TIME : 2.5\n", F, CF_EINVAL, 2, "whole number");
}

/* the instance name reaches summary.json, which must be UTF-8; a
 * wide Unicode file is named as such rather than "NUL byte". */
Test(bench_cvrplib, non_utf8_name_and_utf16_file_are_refused, .fini = cleanup)
{
    expect_fail("NAME : \x95\xBD\x98\x61\x93\x87\nTYPE : CVRP\n", CF_BENCH_CVRPLIB, CF_EPARSE, 1,
                "NAME: not valid UTF-8 (a Shift_JIS export?); convert the file with iconv -f CP932 "
                "-t UTF-8");
    expect_fail("R\xE9sum\xE9\nVEHICLE\n", CF_BENCH_SOLOMON, CF_EPARSE, 1,
                "the instance name: not valid UTF-8 (a Windows-1252 or Latin-1 export?)");

    static const char text[] = HDR NODES DEMANDS "DEPOT_SECTION\n1\n-1\nEOF\n";
    char wide[2 * sizeof text + 2];
    size_t k = 0;
    wide[k++] = '\xFF';
    wide[k++] = '\xFE';
    for (const char *c = text; *c; c++) {
        wide[k++] = *c;
        wide[k++] = '\0';
    }
    cf_problem *p = NULL;
    cf_err err = {0};
    const char *path = write_tmp("wide.vrp", wide, k);
    char want[512];
    cr_assert_eq(cf_bench_read(path, NULL, &p, NULL, &err), CF_EPARSE, "%s", err.msg);
    cr_assert_null(p);
    snprintf(want, sizeof want,
             "%s: file is UTF-16 (little-endian); save it as UTF-8 text or convert it with iconv "
             "-f UTF-16LE -t UTF-8",
             path);
    cr_assert_str_eq(err.msg, want);

    /* A file name that is not UTF-8 becomes a name with '?' for the bad bytes. */
    char base[300];
    snprintf(base, sizeof base, "caf\xE9.vrp");
    path = write_text(base, "TYPE : CVRP\nDIMENSION : 3\nCAPACITY : 10\n"
                            "EDGE_WEIGHT_TYPE : EUC_2D\n" NODES DEMANDS "DEPOT_SECTION\n1\n-1\n");
    p = load(path, NULL);
    cr_assert_str_eq(p->name, "caf?");
    cf_problem_free(p);
}

/* ---- Solomon ------------------------------------------------------------- */

static void check_tiny_tw(const char *path)
{
    cf_problem *p = load(path, NULL); /* DIMACS by default */
    cr_assert_str_eq(p->name, "TINY-TW");
    cr_assert_eq(p->n_orders, 4);
    cr_assert_eq(p->n_vehicles, 2);
    cr_assert_float_eq(p->dist_unit_km, 1e-4, 1e-18);
    cr_assert_float_eq(p->dist_trunc_km, 0.1, 0);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "1")), 14000);               /* 1.41 -> 1.4 */
    cr_assert_eq(cf_dist(p, node_of(p, "3"), node_of(p, "4")), 67000); /* 6.71 -> 6.7 */
    cr_assert_eq(cf_dist(p, 0, node_of(p, "3")), 50000);               /* exactly 5 */
    cr_assert_eq(cf_travel_s(p, 0, 0, node_of(p, "1")), 14000);
    cr_assert_eq(p->depot_close[0], 1000000);
    cr_assert_eq(p->veh_shift_end[0], 1000000);
    cr_assert_eq(p->order_tw_start[2], 100000);
    cr_assert_eq(p->order_tw_end[2], 300000);
    cr_assert_eq(p->order_service[2], 20000);
    cr_assert_eq(p->veh_cap[CF_DIM_WEIGHT], 10000);
    cr_assert_eq(p->veh_cost_per_dist[0], 100); /* 1e6 per instance unit, 1e4 ticks per unit */
    cr_assert_eq(p->veh_fixed_cost[0], 0);
    cf_problem_free(p);
}

Test(bench_solomon, reads_lf_and_crlf, .fini = cleanup)
{
    check_tiny_tw(DATA "tiny_tw.txt");
    check_tiny_tw(crlf_copy(DATA "tiny_tw.txt"));
}

Test(bench_solomon, exact_convention_and_vehicles_first, .fini = cleanup)
{
    cf_bench_opts o;
    cf_problem *p;
    cf_bench_opts_init(&o);
    o.dist = CF_BENCH_DIST_EXACT;
    o.objective = CF_BENCH_OBJ_VEHICLES_FIRST;
    p = load(DATA "tiny_tw.txt", &o);
    cr_assert_eq(p->dist_trunc_km, 0.0);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "1")), 14142);
    cr_assert_eq(cf_dist(p, node_of(p, "3"), node_of(p, "4")), 67082);
    cr_assert_eq(p->veh_fixed_cost[1], (cf_cost)1e5 * 1000000); /* 1e5 currency units */
    cf_problem_free(p);
}

Test(bench_solomon, recosts_tiny_solution, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny_tw.txt", NULL);
    cf_solution s;
    cf_err err = {0};
    double cost;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(crlf_copy(DATA "tiny_tw.sol"), p, &s, &cost, &err), CF_OK, "%s",
                 err.msg);
    cr_assert_eq(feasible_dist(p, &s, "tiny_tw.sol"), 193000);
    cr_assert_float_eq(cost, 19.3, 1e-12);
    cr_assert_float_eq(cf_bench_cost(p, &s), 19.3, 1e-9);
    cf_solution_release(&s);
    cf_problem_free(p);
}

#define SOL_HEAD "R0\n\nVEHICLE\nNUMBER     CAPACITY\n  2         10\n\nCUSTOMER\nCUST NO. X Y\n\n"

Test(bench_solomon, rejects_bad_input_with_file_and_line, .fini = cleanup)
{
    const cf_bench_format F = CF_BENCH_SOLOMON;
    expect_fail("R0\nVEHICLES\n", F, CF_EPARSE, 2, "expected 'VEHICLE'");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n1 1 1 4 0 10\n", F, CF_EPARSE, 11, "expected 7 fields");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n1 1 1 4 20 10 0\n", F, CF_EINVAL, 11,
                "READY TIME 20 is after DUE DATE 10");
    expect_fail(SOL_HEAD "1 1 1 4 0 10 0\n0 0 0 0 0 100 0\n", F, CF_EPARSE, 10,
                "the first row must be the depot");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n1 1 1 4 0 10 0\n1 2 2 4 0 10 0\n", F, CF_EPARSE, 12,
                "CUST NO. 1 given twice (first on line 11)");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n1 1 1 11 0 10 0\n", F, CF_EINVAL, 11,
                "exceeds the vehicle CAPACITY");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n1 1 1 4 0 nan 0\n", F, CF_EPARSE, 11,
                "DUE DATE 'nan' is not a number");
    expect_fail("R0\nVEHICLE\nNUMBER CAPACITY\n0 10\n", F, CF_EPARSE, 4, "NUMBER '0'");
    expect_fail(SOL_HEAD "0 0 0 0 0 100 0\n", F, CF_EPARSE, 10, "at least one customer");
}

/* ---- Cordeau ------------------------------------------------------------- */

static void check_tiny_md(const char *path)
{
    cf_problem *p = load(path, NULL);
    cr_assert_str_eq(p->name, "tiny_md");
    cr_assert_eq(p->n_depots, 2);
    cr_assert_eq(p->n_orders, 4);
    cr_assert_eq(p->n_vehicles, 4);
    cr_assert_str_eq(p->depot_id[1], "D2");
    cr_assert_eq(p->veh_depot[0], 0);
    cr_assert_eq(p->veh_depot[1], 0);
    cr_assert_eq(p->veh_depot[2], 1);
    cr_assert_str_eq(p->veh_id[2], "v3");
    cr_assert_eq(p->veh_max_duration[0], CF_TIME_INF);
    cr_assert_eq(p->veh_max_duration[3], 120000);
    cr_assert_eq(p->order_service[1], 10000);
    cr_assert_eq(p->order_demand[1 * CF_DIMS + CF_DIM_WEIGHT], 6000);
    cr_assert_eq(cf_dist(p, 1, node_of(p, "4")), 20000);
    cr_assert_eq(p->dist_trunc_km, 0.0);
    cf_problem_free(p);
}

Test(bench_cordeau, reads_lf_and_crlf, .fini = cleanup)
{
    check_tiny_md(DATA "tiny_md");
    check_tiny_md(crlf_copy(DATA "tiny_md"));
}

Test(bench_cordeau, recosts_tiny_res_with_durations, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny_md", NULL);
    cf_solution s;
    cf_err err = {0};
    double cost;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_res(crlf_copy(DATA "tiny_md.res"), p, &s, &cost, &err), CF_OK, "%s",
                 err.msg);
    cr_assert_float_eq(cost, 16.0, 0);
    cr_assert_eq(feasible_dist(p, &s, "tiny_md.res"), 160000);
    cr_assert_eq(s.vehicle[cf_problem_find_order(p, "4")], 2); /* depot 2, vehicle 1 */
    {
        int route[] = {2, 3}; /* 3 then 4 from D2: 4 + 2 + 2 and service 1: 9 */
        cf_route_eval r;
        cf_eval_route(p, 2, route, 2, 0, &r, NULL);
        cr_assert_eq(r.duration_s, 90000);
        cr_assert_eq(r.duration_over_s, 0);
    }
    cf_solution_release(&s);
    cf_problem_free(p);
}

Test(bench_cordeau, duration_limit_is_enforced, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny_md", NULL);
    cf_solution s;
    cf_err err = {0};
    /* D2 (limit 12) serving 2 1 4 3: 10 + 2 + 6 + 2 + 4 = 24 units. */
    const char *res = write_text("over.res", "24.00\n2 1 25.00 20 0 2 1 4 3 0\n");
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_res(res, p, &s, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_EINFEAS);
    cr_assert_not_null(strstr(err.msg, "max duration"), "%s", err.msg);
    cf_solution_release(&s);
    cf_problem_free(p);
}

Test(bench_cordeau, type_6_time_windows, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny_mdtw", NULL);
    cr_assert_eq(p->n_depots, 1);
    cr_assert_str_eq(p->depot_id[0], "depot");
    cr_assert_eq(p->n_vehicles, 1);
    cr_assert_eq(p->veh_max_duration[0], CF_TIME_INF);
    cr_assert_eq(p->depot_close[0], 1000000);
    cr_assert_eq(p->order_tw_start[1], 100000);
    cr_assert_eq(p->order_tw_end[1], 200000);
    cr_assert_eq(p->order_tw_end[0], 500000);
    cr_assert_eq(p->order_service[0], 10000);
    cf_problem_free(p);
}

Test(bench_cordeau, rejects_bad_input_with_file_and_line, .fini = cleanup)
{
    const cf_bench_format F = CF_BENCH_CORDEAU;
    expect_fail("4 2 2 1\n0 10\n", F, CF_EINVAL, 1, "problem type 4 is not supported");
    expect_fail("2 2 2\n", F, CF_EPARSE, 1, "expected the first line 'type m n t'");
    expect_fail("2 0 2 1\n", F, CF_EPARSE, 1, "m (vehicles per depot)");
    expect_fail("2 1 2 1\n0 x\n", F, CF_EPARSE, 2, "expected 'D Q' for depot 1");
    expect_fail("2 1 2 1\n0 10\n1 1 1 0 1 1 1 1\n3 0 0 0 0 0 0\n", F, CF_EPARSE, 4,
                "expected id 2");
    expect_fail("2 1 2 1\n0 10\n1 1 1 0 1 1 2 1\n", F, CF_EPARSE, 3, "expected 9 fields");
    expect_fail("2 1 1 1\n0 10\n1 1 1 0 11 1 1 1\n2 0 0 0 0 0 0\n", F, CF_EINVAL, 3,
                "exceeds every vehicle capacity");
    expect_fail("2 1 1 1\n0 10\n1 1 1 0 1 1 1 1\n", F, CF_EPARSE, 3,
                "expected 1 customer lines and 1 depot lines, got 1 lines");
    expect_fail("2 1 1 1\n0 10\n1 1 1 0 1 1 1 1\n2 0 0 0 0 0 0\n\nextra\n", F, CF_EPARSE, 6,
                "unexpected data after the 1 depot lines");
    expect_fail("6 1 1 1\n0 10\n1 1 1 0 1 1 1 1 30 20\n2 0 0 0 0 0 0 0 100\n", F, CF_EINVAL, 3,
                "time window [30, 20]");
}

/* ---- detection and garbage ----------------------------------------------- */

Test(bench_detect, tells_the_formats_apart, .fini = cleanup)
{
    static const struct {
        const char *path;
        cf_bench_format f;
    } cases[] = {{DATA "tiny.vrp", CF_BENCH_CVRPLIB},
                 {DATA "explicit.vrp", CF_BENCH_CVRPLIB},
                 {DATA "tiny_tw.txt", CF_BENCH_SOLOMON},
                 {DATA "tiny_md", CF_BENCH_CORDEAU},
                 {DATA "tiny_mdtw", CF_BENCH_CORDEAU},
                 {DATA "pyvrp_vrptw.vrp", CF_BENCH_CVRPLIB},
                 {DATA "pyvrp_hd.vrp", CF_BENCH_CVRPLIB},
                 {DATA "pyvrp_md.vrp", CF_BENCH_CVRPLIB},
                 {DATA "pyvrp_pc.vrp", CF_BENCH_CVRPLIB}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        cf_bench_format f = CF_BENCH_AUTO;
        cf_err err = {0};
        cr_assert_eq(cf_bench_detect(cases[k].path, &f, &err), CF_OK, "%s", err.msg);
        cr_assert_eq(f, cases[k].f, "%s", cases[k].path);
        cr_assert_eq(cf_bench_detect(crlf_copy(cases[k].path), &f, &err), CF_OK, "%s", err.msg);
        cr_assert_eq(f, cases[k].f, "%s (CRLF)", cases[k].path);
    }
    cr_assert_eq(cf_bench_format_parse("solomon"), CF_BENCH_SOLOMON);
    cr_assert_eq(cf_bench_format_parse("xml"), -1);
    cr_assert_str_eq(cf_bench_format_str(CF_BENCH_CORDEAU), "cordeau");
    cr_assert_eq(cf_bench_dist_parse("dimacs"), CF_BENCH_DIST_DIMACS);
    cr_assert_eq(cf_bench_dist_parse("milli"), CF_BENCH_DIST_MILLI);
    cr_assert_eq(cf_bench_objective_parse("vehicles-first"), CF_BENCH_OBJ_VEHICLES_FIRST);
}

Test(bench_detect, garbage_is_rejected_not_crashed_on, .fini = cleanup)
{
    unsigned char bytes[4096];
    uint64_t x = 88172645463325252u;
    cf_err err = {0};
    cf_bench_format f;
    cf_problem *p = NULL;

    expect_fail("hello world\nthis is not an instance\n", CF_BENCH_AUTO, CF_EPARSE, 0,
                "cannot tell the format");
    expect_fail("", CF_BENCH_AUTO, CF_EPARSE, 0, "cannot tell the format");
    cr_assert_eq(cf_bench_detect("tests/data/bench/no-such-file", &f, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, "no-such-file: cannot open"), "%s", err.msg);
    {
        const char *path = write_tmp("nul.vrp", "NAME : x\n\x01\x02\x03\x00\x05\n", 15);
        cr_assert_eq(cf_bench_read(path, NULL, &p, NULL, &err), CF_EPARSE);
        cr_assert_not_null(strstr(err.msg, "nul.vrp:2: NUL byte"), "%s", err.msg);
    }
    /* Random bytes and random text, read as each format: an error, never a crash. */
    for (int round = 0; round < 30; round++) {
        for (size_t i = 0; i < sizeof bytes; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes[i] = round % 2 ? (unsigned char)(x & 0xff)
                                 : (unsigned char)" 0123456789\n\t-.:ABCDEKNOSTUVX_#"[x % 32];
        }
        const char *path = write_tmp("noise", (const char *)bytes, sizeof bytes);
        for (int fmt = CF_BENCH_AUTO; fmt <= CF_BENCH_CORDEAU; fmt++) {
            cf_bench_opts o;
            cf_bench_opts_init(&o);
            o.format = (cf_bench_format)fmt;
            cr_assert_neq(cf_bench_read(path, &o, &p, NULL, &err), CF_OK);
            cr_assert_null(p);
            cr_assert(strncmp(err.msg, path, strlen(path)) == 0, "%s", err.msg);
        }
    }
}

/* Reads path as an instance (auto and fmt) and, when that works, sol into it. */
static void read_all_ways(const char *path, cf_bench_format fmt, const char *sol, bool res)
{
    for (int k = 0; k < 2; k++) {
        cf_bench_opts o;
        cf_problem *p = NULL;
        cf_err err = {0};
        cf_bench_opts_init(&o);
        o.format = k ? fmt : CF_BENCH_AUTO;
        if (cf_bench_read(path, &o, &p, NULL, &err) != CF_OK) {
            cr_assert_null(p);
            cr_assert(strncmp(err.msg, path, strlen(path)) == 0, "%s", err.msg);
            continue;
        }
        cf_solution s;
        cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
        if ((res ? cf_bench_read_res : cf_bench_read_sol)(sol, p, &s, NULL, &err) == CF_OK)
            cf_solution_check(p, &s, &err);
        else
            cr_assert_not_null(strstr(err.msg, ":"), "%s", err.msg);
        cf_solution_release(&s);
        cf_problem_free(p);
    }
}

Test(bench_detect, mutated_fixtures_never_crash, .fini = cleanup)
{
    static const struct {
        const char *inst, *sol;
        cf_bench_format f;
        bool res;
    } cases[] = {{DATA "tiny.vrp", DATA "tiny.sol", CF_BENCH_CVRPLIB, false},
                 {DATA "explicit.vrp", DATA "explicit.sol", CF_BENCH_CVRPLIB, false},
                 {DATA "tiny_tw.txt", DATA "tiny_tw.sol", CF_BENCH_SOLOMON, false},
                 {DATA "tiny_md", DATA "tiny_md.res", CF_BENCH_CORDEAU, true},
                 {DATA "tiny_mdtw", DATA "tiny_md.res", CF_BENCH_CORDEAU, true},
                 {DATA "pyvrp_hd.vrp", DATA "pyvrp_hd.sol", CF_BENCH_CVRPLIB, false},
                 {DATA "pyvrp_md.vrp", DATA "pyvrp_md.sol", CF_BENCH_CVRPLIB, false},
                 {DATA "pyvrp_duration.vrp", DATA "pyvrp_duration.sol", CF_BENCH_CVRPLIB, false},
                 {DATA "pyvrp_pc.vrp", DATA "pyvrp_pc.sol", CF_BENCH_CVRPLIB, false}};
    static const char subst[] = "\n9-x";
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char *text = slurp(cases[c].inst), *sol = slurp(cases[c].sol);
        size_t n = strlen(text), m = strlen(sol);
        for (size_t i = 0; i <= n; i++) {
            read_all_ways(write_tmp("cut", text, i), cases[c].f, cases[c].sol, cases[c].res);
            for (size_t k = 0; i < n && k < sizeof subst - 1; k++) {
                char keep = text[i];
                text[i] = subst[k];
                read_all_ways(write_tmp("flip", text, n), cases[c].f, cases[c].sol, cases[c].res);
                text[i] = keep;
            }
        }
        /* and the solution file mutated against the intact instance */
        for (size_t i = 0; i <= m; i++) {
            const char *cut = write_tmp(cases[c].res ? "cut.res" : "cut.sol", sol, i);
            char keep = i < m ? sol[i] : 0;
            read_all_ways(cases[c].inst, cases[c].f, cut, cases[c].res);
            if (i < m) {
                sol[i] = '7';
                read_all_ways(cases[c].inst, cases[c].f,
                              write_tmp(cases[c].res ? "flip.res" : "flip.sol", sol, m),
                              cases[c].res);
                sol[i] = keep;
            }
        }
        free(text);
        free(sol);
    }
}

Test(bench_detect, every_allocation_failure_is_clean)
{
    static const char *paths[] = {DATA "tiny.vrp",         DATA "explicit.vrp",
                                  DATA "tiny_tw.txt",      DATA "tiny_md",
                                  DATA "pyvrp_vrptw.vrp",  DATA "pyvrp_hd.vrp",
                                  DATA "pyvrp_md.vrp",     DATA "pyvrp_duration.vrp",
                                  DATA "pyvrp_pc.vrp"};
    for (size_t k = 0; k < sizeof paths / sizeof *paths; k++) {
        for (long n = 0;; n++) {
            cf_problem *p = NULL;
            cf_err err = {0};
            cf_alloc_fail_after(n);
            cf_status rc = cf_bench_read(paths[k], NULL, &p, NULL, &err);
            cf_alloc_fail_after(-1);
            if (rc == CF_OK) {
                cf_problem_free(p);
                break;
            }
            cr_assert_eq(rc, CF_ENOMEM, "%s, n = %ld: %s", paths[k], n, err.msg);
            cr_assert_null(p);
            cr_assert_lt(n, 10000);
        }
    }
}

/* ---- solution files ------------------------------------------------------ */

Test(bench_sol, rejects_bad_solutions, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    const char *path;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);

    path = write_text("a.sol", "Route #1: 1 2\nRoute #2: 2 4\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "a.sol:2: customer '2' is served twice (first on line 1)"),
                       "%s", err.msg);
    path = write_text("b.sol", "Route #1: 1 9\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "b.sol:1: customer '9' is not in instance 'T-n5-k2'"), "%s",
                       err.msg);
    path = write_text("c.sol", "Route #1: 1 x\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EPARSE);
    path = write_text("d.sol", "nothing here\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EPARSE);
    cr_assert_not_null(strstr(err.msg, "d.sol: no 'Route' line"), "%s", err.msg);
    path = write_text("e.sol", "Route #1: 1\nRoute #2: 2\nRoute #3: 3\nRoute #4: 4\nRoute #5:\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "e.sol:5: route 5, but instance 'T-n5-k2' has 4 vehicles"),
                       "%s", err.msg);
    path = write_text("f.sol", "Route #1: 1 2\nCost abc\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_EPARSE);
    for (int o = 0; o < p->n_orders; o++)
        cr_assert_eq(s.vehicle[o], -1); /* a failed read leaves nothing behind */
    /* SINTEF layout and a partial solution: read, and the rest stays unassigned */
    path = write_text("g.txt", "Instance name: T\nSolution\nRoute 1 : 1 2\n");
    cr_assert_eq(cf_bench_read_sol(path, p, &s, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(s.vehicle[0], 0);
    cr_assert_eq(s.vehicle[2], -1);
    cf_solution_release(&s);
    cf_problem_free(p);

    p = load(DATA "tiny_md", NULL);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    path = write_text("a.res", "16\n1 3 9 10 0 1 2 0\n");
    cr_assert_eq(cf_bench_read_res(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "a.res:2: depot 1 has no vehicle 3"), "%s", err.msg);
    path = write_text("b.res", "16\n1 1 9 10 0 1 0 2\n");
    cr_assert_eq(cf_bench_read_res(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "b.res:2: '2' after the return"), "%s", err.msg);
    path = write_text("c.res", "16\n1 1 9 10 0 1 0\n1 1 9 10 0 2 0\n");
    cr_assert_eq(cf_bench_read_res(path, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "c.res:3: vehicle 1 of depot 1 has two routes"), "%s",
                       err.msg);
    path = write_text("d.res", "cost\n");
    cr_assert_eq(cf_bench_read_res(path, p, &s, NULL, &err), CF_EPARSE);
    cr_assert_not_null(strstr(err.msg, "d.res:1: expected the total cost"), "%s", err.msg);
    /* pr-file convention: the depot written n + depot */
    path = write_text("e.res", "16.00\n1 1 9 10 5 1 2 5\n2 2 9 10 6 4 3 6\n");
    cr_assert_eq(cf_bench_read_res(path, p, &s, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(s.vehicle[3], 3);
    cf_solution_release(&s);
    cf_problem_free(p);
}

/* Writes s, reads it back, and expects the same routes in the same order. */
static void round_trip(const cf_problem *p, const cf_solution *s, bool res, const char *expect)
{
    cf_solution back;
    cf_err err = {0};
    const char *path = tmp_path(res ? "solution.res" : "solution.sol");
    char *text;
    double cost;
    int v2 = 0;

    cr_assert_eq(
        cf_bench_write_solution(tmp_dir, res ? CF_BENCH_CORDEAU : CF_BENCH_CVRPLIB, p, s, &err),
        CF_OK, "%s", err.msg);
    text = slurp(path);
    cr_assert_str_eq(text, expect);
    free(text);
    cr_assert_eq(cf_solution_init(&back, p, &err), CF_OK);
    if (res)
        cr_assert_eq(cf_bench_read_res(path, p, &back, &cost, &err), CF_OK, "%s", err.msg);
    else
        cr_assert_eq(cf_bench_read_sol(path, p, &back, &cost, &err), CF_OK, "%s", err.msg);
    for (int v = 0; v < p->n_vehicles; v++) {
        int a[16], b[16], na, nb;
        if (s->first[v] < 0) continue;
        if (!res)
            while (back.first[v2] < 0)
                v2++; /* .sol numbers the used routes 1, 2, ... */
        na = cf_eval_route_orders(s, v, a, 16);
        nb = cf_eval_route_orders(&back, res ? v : v2++, b, 16);
        cr_assert_eq(na, nb);
        cr_assert_arrays_eq(a, b, (size_t)na);
    }
    cr_assert_float_eq(cost, cf_bench_cost(p, &back), 0.005);
    cr_assert_eq(cf_bench_dist_units(p, &back), cf_bench_dist_units(p, s));
    cf_solution_release(&back);
}

Test(bench_write, sol_and_res_round_trip, .fini = cleanup)
{
    cf_problem *p = load(DATA "tiny.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    int r1[] = {3}, r2[] = {1, 0}, r3[] = {2};

    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cf_solution_set_route(&s, 1, r1, 1, 0);
    cf_solution_set_route(&s, 2, r2, 2, 0);
    cf_solution_set_route(&s, 3, r3, 1, 0);
    /* 4: 10; 2 1: 10 + 5 + 5; 3: 10 */
    round_trip(p, &s, false, "Route #1: 4\nRoute #2: 2 1\nRoute #3: 3\nCost 40\n");
    cf_solution_release(&s);
    cf_problem_free(p);

    p = load(DATA "tiny_tw.txt", NULL);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "tiny_tw.sol", p, &s, NULL, &err), CF_OK);
    round_trip(p, &s, false, "Route #1: 1 2\nRoute #2: 3 4\nCost 19.30\n");
    cf_solution_release(&s);
    cf_problem_free(p);

    p = load(DATA "tiny_md", NULL);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_res(DATA "tiny_md.res", p, &s, NULL, &err), CF_OK);
    round_trip(p, &s, true, "16.00\n1   1   9.00   10   0 1 2 0\n2   1   9.00   10   0 4 3 0\n");
    {
        /* the second vehicle of D2 is written as vehicle 2 */
        int r[] = {3};
        cf_solution_clear_route(&s, 2, CF_REASON_NOT_PLACED_IN_TIME);
        cf_solution_set_route(&s, 3, r, 1, 0);
        r[0] = 2;
        cf_solution_set_route(&s, 2, r, 1, 0);
        round_trip(p, &s, true,
                   "20.00\n1   1   9.00   10   0 1 2 0\n2   1   9.00   5   0 3 0\n"
                   "2   2   4.00   5   0 4 0\n");
    }
    cf_solution_release(&s);
    cf_problem_free(p);
}

/* ---- published best-known solutions -------------------------------------- */

static const char *bench_root(void)
{
    static char root[1024];
    const char *env = getenv("COFLEET_BENCHMARKS");
    struct stat st;
    snprintf(root, sizeof root, "%s", env && *env ? env : "../shared/benchmarks");
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) return NULL;
    return root;
}

#define NEED_BENCH(root)                                                                           \
    const char *root = bench_root();                                                               \
    if (!root) cr_skip_test("shared benchmarks not found (set COFLEET_BENCHMARKS)")

/* bks.csv: the cost of instance name, NAN when absent. */
static double bks_of(const char *csv, const char *name)
{
    FILE *f = fopen(csv, "r");
    char line[1024];
    double v = NAN;
    size_t n = strlen(name);
    cr_assert_not_null(f, "%s", csv);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ',') {
            v = strtod(line + n + 1, NULL);
            break;
        }
    fclose(f);
    return v;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending with suffix (caller frees). */
static int list_dir(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    int n = 0;
    size_t ls = strlen(suffix);
    cr_assert_not_null(d, "%s", dir);
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= ls || strcmp(e->d_name + l - ls, suffix) != 0) continue;
        names = realloc(names, (size_t)(n + 1) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

static void free_list(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Loads inst, reads the solution file, checks it, returns the units. */
static int64_t recost(const char *inst, const char *sol, const cf_bench_opts *o, bool res,
                      double *stated, int *routes)
{
    cf_problem *p = load(inst, o);
    cf_solution s;
    cf_err err = {0};
    int64_t d;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    if (res)
        cr_assert_eq(cf_bench_read_res(sol, p, &s, stated, &err), CF_OK, "%s", err.msg);
    else
        cr_assert_eq(cf_bench_read_sol(sol, p, &s, stated, &err), CF_OK, "%s", err.msg);
    d = feasible_dist(p, &s, sol);
    kpi_agrees(p, &s, d);
    if (routes) *routes = routes_of(&s);
    cf_solution_release(&s);
    cf_problem_free(p);
    return d;
}

static void recost_cvrp_set(const char *root, const char *set)
{
    char dir[1200], inst[1400], sol[1400], csv[1400];
    char **names;
    int n;
    snprintf(dir, sizeof dir, "%s/%s", root, set);
    snprintf(csv, sizeof csv, "%s/bks.csv", dir);
    n = list_dir(dir, ".sol", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        double stated, bks;
        int64_t d;
        names[i][strlen(names[i]) - 4] = '\0';
        snprintf(inst, sizeof inst, "%s/%s.vrp", dir, names[i]);
        snprintf(sol, sizeof sol, "%s/%s.sol", dir, names[i]);
        d = recost(inst, sol, NULL, false, &stated, NULL);
        cr_assert_eq(d, (int64_t)stated, "%s: %" PRId64 " != stated %.0f", names[i], d, stated);
        bks = bks_of(csv, names[i]);
        cr_assert(isnan(bks) || d >= (int64_t)bks, "%s below the BKS", names[i]);
        if (strcmp(names[i], "X-n101-k25") == 0) cr_assert_eq(d, 27591);
    }
    cr_log_info("%s: %d .sol files re-costed exactly\n", set, n);
    free_list(names, n);
}

Test(bench_bks, cvrp_x_sol_files_exact, .timeout = 300)
{
    NEED_BENCH(root);
    recost_cvrp_set(root, "cvrp_X");
}

Test(bench_bks, cvrp_xxl_sol_files_exact, .timeout = 300)
{
    NEED_BENCH(root);
    recost_cvrp_set(root, "cvrp_XXL");
}

Test(bench_bks, solomon_dimacs_matches_distance_only_bks, .timeout = 300)
{
    char dir[1200], inst[1400], sol[1400], csv[1400];
    char **names;
    int n;
    NEED_BENCH(root);
    snprintf(dir, sizeof dir, "%s/vrptw_solomon", root);
    snprintf(csv, sizeof csv, "%s/bks_distance_only.csv", dir);
    n = list_dir(dir, ".sol", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        double stated, bks;
        int64_t d;
        names[i][strlen(names[i]) - 4] = '\0';
        snprintf(inst, sizeof inst, "%s/%s.txt", dir, names[i]);
        snprintf(sol, sizeof sol, "%s/%s.sol", dir, names[i]);
        d = recost(inst, sol, NULL, false, &stated, NULL);
        /* DIMACS: a multiple of 0.1, i.e. of 1000 ticks */
        cr_assert_eq(d % 1000, 0, "%s", names[i]);
        cr_assert_eq(d, llround(stated * 1e4), "%s: %.4f != %.1f", names[i], (double)d * 1e-4,
                     stated);
        bks = bks_of(csv, names[i]);
        if (!isnan(bks)) cr_assert_eq(d, llround(bks * 1e4), "%s: != bks %.1f", names[i], bks);
    }
    cr_log_info("vrptw_solomon: %d .sol files re-costed exactly (DIMACS)\n", n);
    free_list(names, n);
}

Test(bench_bks, gehring_homberger_1000_dimacs, .timeout = 300)
{
    char dir[1200], inst[1400], sol[1400], csv[1400], lower[64];
    char **names;
    int n;
    NEED_BENCH(root);
    snprintf(dir, sizeof dir, "%s/vrptw_gehring_homberger/1000/distance_only_solutions", root);
    snprintf(csv, sizeof csv, "%s/vrptw_gehring_homberger/1000/bks_distance_only.csv", root);
    n = list_dir(dir, ".sol", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        double stated, bks;
        int64_t d;
        size_t k;
        names[i][strlen(names[i]) - 4] = '\0';
        for (k = 0; names[i][k] && k < sizeof lower - 1; k++)
            lower[k] =
                (char)((names[i][k] >= 'A' && names[i][k] <= 'Z') ? names[i][k] + 32 : names[i][k]);
        lower[k] = '\0';
        snprintf(inst, sizeof inst, "%s/vrptw_gehring_homberger/1000/%s.txt", root, lower);
        snprintf(sol, sizeof sol, "%s/%s.sol", dir, names[i]);
        d = recost(inst, sol, NULL, false, &stated, NULL);
        cr_assert_eq(d, llround(stated * 1e4), "%s: %.4f != %.1f", names[i], (double)d * 1e-4,
                     stated);
        bks = bks_of(csv, lower);
        if (!isnan(bks)) cr_assert_eq(d, llround(bks * 1e4), "%s: != bks %.1f", names[i], bks);
    }
    cr_log_info("GH 1000: %d distance-only .sol files re-costed exactly (DIMACS)\n", n);
    free_list(names, n);
}

/* SINTEF files "<inst>.<vehicles>_<distance>.txt", hierarchical, double precision. */
static void recost_sintef(const char *root, const char *size)
{
    char dir[1200], inst[1400], sol[1400], name[256];
    char **names;
    int n;
    double worst = 0;
    cf_bench_opts o;
    cf_bench_opts_init(&o);
    o.dist = CF_BENCH_DIST_EXACT;
    o.objective = CF_BENCH_OBJ_VEHICLES_FIRST;
    snprintf(dir, sizeof dir, "%s/vrptw_gehring_homberger/%s/bks_solutions", root, size);
    n = list_dir(dir, ".txt", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        char *dot = strchr(names[i], '.'), *us;
        int vehicles, routes;
        double cost;
        int64_t d;
        cr_assert_not_null(dot);
        snprintf(name, sizeof name, "%.*s", (int)(dot - names[i]), names[i]);
        vehicles = atoi(dot + 1);
        us = strchr(dot, '_');
        cr_assert_not_null(us);
        cost = strtod(us + 1, NULL);
        snprintf(inst, sizeof inst, "%s/vrptw_gehring_homberger/%s/%s.txt", root, size, name);
        snprintf(sol, sizeof sol, "%s/%s", dir, names[i]);
        d = recost(inst, sol, &o, false, NULL, &routes);
        cr_assert_eq(routes, vehicles, "%s", names[i]);
        /* arcs rounded to 1e-4 each: |error| <= arcs * 0.5e-4 */
        cr_assert(fabs((double)d * 1e-4 - cost) < 0.01, "%s: %.4f", names[i], (double)d * 1e-4);
        if (fabs((double)d * 1e-4 - cost) > worst) worst = fabs((double)d * 1e-4 - cost);
    }
    cr_log_info("GH %s: %d SINTEF solutions feasible, worst |cost - stated| = %.4f\n", size, n,
                worst);
    free_list(names, n);
}

Test(bench_bks, gehring_homberger_200_hierarchical, .timeout = 300)
{
    NEED_BENCH(root);
    recost_sintef(root, "200");
}

Test(bench_bks, gehring_homberger_1000_hierarchical, .timeout = 300)
{
    NEED_BENCH(root);
    recost_sintef(root, "1000");
}

/* Sum over s's routes of the double-precision Euclidean arcs: what Cordeau's
 * .res files state, rounded to 2 decimals. */
static double double_cost(const cf_problem *p, const cf_solution *s)
{
    double total = 0;
    for (int v = 0; v < p->n_vehicles; v++) {
        int node = p->veh_depot[v];
        if (s->first[v] < 0) continue;
        for (int o = s->first[v]; o != -1; o = s->next[o]) {
            int nd = cf_order_node(p, o);
            total += hypot(p->x[node] - p->x[nd], p->y[node] - p->y[nd]);
            node = nd;
        }
        total += hypot(p->x[node] - p->x[p->veh_depot[v]], p->y[node] - p->y[p->veh_depot[v]]);
    }
    return total;
}

Test(bench_bks, cordeau_res_files_to_two_decimals, .timeout = 300)
{
    char dir[1200], inst[1400], sol[1400];
    char **names;
    int n, equal = 0;
    double worst = 0;
    NEED_BENCH(root);
    snprintf(dir, sizeof dir, "%s/mdvrp_cordeau", root);
    n = list_dir(dir, ".res", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        cf_problem *p;
        cf_solution s;
        cf_err err = {0};
        double stated, cost, exact;
        int64_t d;
        names[i][strlen(names[i]) - 4] = '\0';
        snprintf(inst, sizeof inst, "%s/%s", dir, names[i]);
        snprintf(sol, sizeof sol, "%s/%s.res", dir, names[i]);
        p = load(inst, NULL);
        cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
        cr_assert_eq(cf_bench_read_res(sol, p, &s, &stated, &err), CF_OK, "%s", err.msg);
        d = feasible_dist(p, &s, sol); /* capacity, max duration, vehicles per depot */
        kpi_agrees(p, &s, d);
        /* The routes and coordinates read give the published cost exactly ... */
        exact = double_cost(p, &s);
        cr_assert_eq(llround(exact * 100), llround(stated * 100), "%s: %.4f != %.2f", names[i],
                     exact, stated);
        /* ... and the model's objective, arcs rounded to 1e-4 each, is within
         * n_arcs * 0.5e-4 of it (grid instances bias it downwards a little). */
        cost = (double)d * 1e-4;
        cr_assert(fabs(cost - exact) <= (p->n_orders + p->n_vehicles) * 0.5e-4, "%s: %.4f vs %.4f",
                  names[i], cost, exact);
        if (fabs(cost - stated) > worst) worst = fabs(cost - stated);
        equal += llround(cost * 100) == llround(stated * 100);
        cf_solution_release(&s);
        cf_problem_free(p);
    }
    cr_log_info("mdvrp_cordeau: %d .res files feasible and exact in double precision; model cost "
                "equal at 2 decimals for %d, worst |model - stated| = %.4f\n",
                n, equal, worst);
    free_list(names, n);
}

/* ---- PyVRP's VRPLIB dialect: shipped solutions ----------------------------- */

/* bks.csv: the route count of instance name, -1 when absent. */
static int bks_vehicles_of(const char *csv, const char *name)
{
    FILE *f = fopen(csv, "r");
    char line[1024];
    int v = -1;
    size_t n = strlen(name);
    cr_assert_not_null(f, "%s", csv);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ',') {
            char *c = strchr(line + n + 1, ',');
            if (c) v = atoi(c + 1);
            break;
        }
    fclose(f);
    return v;
}

/* A solution of inst read from sol under options o (NULL: the defaults),
 * checked feasible with every mandatory customer routed; its published cost
 * (cf_bench_cost: models/kpi.h, the from-scratch objective), the file's and
 * the routes used. */
static double recost_pyvrp(const char *inst, const char *sol, const cf_bench_opts *o,
                           double *stated, int *routes, int *skipped)
{
    cf_problem *p = load(inst, o);
    cf_solution s;
    cf_err err = {0};
    double cost;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(sol, p, &s, stated, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_OK, "%s: %s", sol, err.msg);
    for (int o_ = 0; o_ < p->n_orders; o_++) {
        if (p->order_penalty[o_] < 0)
            cr_assert_geq(s.vehicle[o_], 0, "%s: mandatory '%s' not routed", sol, p->order_id[o_]);
        *skipped += s.vehicle[o_] < 0;
    }
    cost = cf_bench_cost(p, &s);
    *routes = routes_of(&s);
    cf_solution_release(&s);
    cf_problem_free(p);
    return cost;
}

/* Every .sol of a set of PyVRP's dialect: read with the instance's vehicle
 * numbering, feasible under the independent checker (capacity, windows,
 * durations, depots, vehicles), every mandatory customer routed, its routes
 * as many as bks.csv says, and its published cost equal to bks.csv at
 * `decimals` and to the file's Cost line.  hfvrp: a file whose Cost is an
 * integer x 100000 was costed with arcs rounded to 1e-3 (PyVRP's 'exact'
 * rounding): under distances=milli we recompute that integer exactly; the
 * others match under the set's exact arcs. */
static void recost_pyvrp_set(const char *root, const char *set, int decimals)
{
    char dir[1200], inst[1400], sol[1400], csv[1400];
    char **names;
    int n, scaled = 0, skipped = 0;
    double unit = pow(10.0, decimals);
    cf_bench_opts milli;
    cf_bench_opts_init(&milli);
    milli.dist = CF_BENCH_DIST_MILLI;
    snprintf(dir, sizeof dir, "%s/%s", root, set);
    snprintf(csv, sizeof csv, "%s/bks.csv", dir);
    n = list_dir(dir, ".sol", &names);
    cr_assert_gt(n, 0);
    for (int i = 0; i < n; i++) {
        double stated, bks, cost;
        int routes;
        names[i][strlen(names[i]) - 4] = '\0';
        snprintf(inst, sizeof inst, "%s/%s.vrp", dir, names[i]);
        snprintf(sol, sizeof sol, "%s/%s.sol", dir, names[i]);
        cost = recost_pyvrp(inst, sol, NULL, &stated, &routes, &skipped);
        bks = bks_of(csv, names[i]);
        cr_assert(!isnan(bks), "%s: no BKS", names[i]);
        cr_assert_eq(routes, bks_vehicles_of(csv, names[i]), "%s: %d routes", names[i], routes);
        if (stated > 1000 * bks) { /* Cost x 100000, milli arcs */
            cost = recost_pyvrp(inst, sol, &milli, &stated, &routes, &skipped);
            cr_assert_eq(llround(cost * 1e5), llround(stated), "%s: %.5f != stated %.0f / 1e5",
                         names[i], cost, stated);
            scaled++;
        } else {
            cr_assert_eq(llround(cost * unit), llround(stated * unit), "%s: %.6f != stated %.*f",
                         names[i], cost, decimals, stated);
        }
        cr_assert_eq(llround(cost * unit), llround(bks * unit), "%s: %.6f != bks %.*f", names[i],
                     cost, decimals, bks);
    }
    cr_log_info("%s: %d .sol files feasible and re-costed to their BKS (%d with Cost x 1e5, %d "
                "customers skipped)\n",
                set, n, scaled, skipped);
    free_list(names, n);
}

Test(bench_bks, hfvrp_pessoa_sol_files_to_the_cent, .timeout = 300)
{
    NEED_BENCH(root);
    recost_pyvrp_set(root, "hfvrp_pessoa", 2);
}

Test(bench_bks, mdvrptw_vidal_sol_files_exact, .timeout = 300)
{
    NEED_BENCH(root);
    recost_pyvrp_set(root, "mdvrptw_vidal", 0);
}

Test(bench_bks, pcvrptw_sol_files_exact, .timeout = 300)
{
    NEED_BENCH(root);
    recost_pyvrp_set(root, "pcvrptw", 0);
}

/* ---- PyVRP's VRPLIB dialect: hand-made files -------------------------------- */

/* Reads sol for p, checks it, and returns its published cost (cf_bench_cost)
 * after comparing it with the file's Cost line. */
static double recost_fixture(const cf_problem *p, const char *sol)
{
    cf_solution s;
    cf_err err = {0};
    double stated, cost;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(sol, p, &s, &stated, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_OK, "%s: %s", sol, err.msg);
    cost = cf_bench_cost(p, &s);
    cr_assert_float_eq(cost, stated, 1e-9, "%s: %.6f != %.6f", sol, cost, stated);
    cf_solution_release(&s);
    return cost;
}

static void check_pyvrp_vrptw(const char *path)
{
    cf_problem *p = load(path, NULL);
    cr_assert_str_eq(p->name, "pyvrp_vrptw"); /* no NAME: the file name */
    cr_assert_eq(p->n_depots, 1);
    cr_assert_eq(p->n_orders, 2);
    cr_assert_eq(p->n_vehicles, 2);
    cr_assert_float_eq(p->dist_unit_km, 1e-4, 0);
    cr_assert_float_eq(p->dist_trunc_km, 0.1, 0); /* DIMACS by default */
    cr_assert_eq(cf_dist(p, 0, node_of(p, "1")), 14000);
    cr_assert_eq(p->depot_close[0], 500000);
    cr_assert_eq(p->order_tw_start[1], 200000);
    cr_assert_eq(p->order_tw_end[1], 300000);
    cr_assert_eq(p->order_service[0], 20000);
    cr_assert_eq(cf_travel_s(p, 0, 0, node_of(p, "2")), 70000);
    cr_assert_eq(p->bench_scale, 0);
    cr_assert_eq(p->bench_vehicles, 0);
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_vrptw.sol"), 16.8, 1e-9);
    cf_problem_free(p);
}

Test(bench_pyvrp, plain_vrptw_lf_and_crlf, .fini = cleanup)
{
    check_pyvrp_vrptw(DATA "pyvrp_vrptw.vrp");
    check_pyvrp_vrptw(crlf_copy(DATA "pyvrp_vrptw.vrp"));
}

Test(bench_pyvrp, heterogeneous_fleet_costs_and_capacities, .fini = cleanup)
{
    cf_problem *p = load(DATA "pyvrp_hd.vrp", NULL);
    cr_assert_eq(p->n_vehicles, 2);
    cr_assert_eq(p->veh_cap[0 * CF_DIMS + CF_DIM_WEIGHT], 5000);
    cr_assert_eq(p->veh_cap[1 * CF_DIMS + CF_DIM_WEIGHT], 10000);
    cr_assert_float_eq(p->dist_unit_km, 1e-6, 0); /* exact arcs, to the cent */
    cr_assert_eq(p->veh_cost_per_dist[0], 100);   /* 100 per unit = 1e8 micro per 1e6 units */
    cr_assert_eq(p->veh_cost_per_dist[1], 150);
    cr_assert_eq(p->veh_fixed_cost[0], 0);
    cr_assert_float_eq(p->bench_scale, 0.01, 0);
    cr_assert_eq(p->bench_decimals, 2);
    cr_assert_eq(p->bench_vehicles, 2);
    cr_assert_eq(p->veh_max_duration[0], CF_TIME_INF);
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_hd.sol"), 24.0, 1e-9);
    cf_problem_free(p);

    p = load(DATA "pyvrp_fsm.vrp", NULL);
    cr_assert_eq(p->veh_fixed_cost[0], 100000000);
    cr_assert_eq(p->veh_fixed_cost[1], 250000000);
    cr_assert_eq(p->veh_cost_per_dist[1], 1); /* no unit cost section: 1 per unit */
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_fsm.sol"), 4.10, 1e-9);
    cf_problem_free(p);
}

static void check_pyvrp_md(const char *path)
{
    cf_problem *p = load(path, NULL);
    cr_assert_eq(p->n_depots, 2);
    cr_assert_str_eq(p->depot_id[1], "D2");
    cr_assert_eq(p->n_orders, 2);
    cr_assert_str_eq(p->order_id[0], "2"); /* depots first: node 3 is customer 2 */
    cr_assert_eq(p->veh_depot[0], 0);
    cr_assert_eq(p->veh_depot[1], 1);
    cr_assert_eq(p->veh_cap[CF_DIM_WEIGHT], CF_AMOUNT_INF); /* no capacity given */
    cr_assert_float_eq(p->dist_unit_km, 1e-3, 0);            /* milli by default */
    cr_assert_eq(cf_dist(p, 0, node_of(p, "2")), 1414);
    cr_assert_eq(cf_dist(p, 1, node_of(p, "2")), 9055); /* round(1000 x sqrt(82)) */
    cr_assert_float_eq(p->bench_scale, 1000, 0);
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_md.sol"), 5656, 1e-9);
    cf_problem_free(p);
}

Test(bench_pyvrp, several_depots_and_vehicle_depots_lf_and_crlf, .fini = cleanup)
{
    check_pyvrp_md(DATA "pyvrp_md.vrp");
    check_pyvrp_md(crlf_copy(DATA "pyvrp_md.vrp"));
}

Test(bench_pyvrp, max_duration_picks_the_departure, .fini = cleanup)
{
    cf_problem *p = load(DATA "pyvrp_duration.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    double stated;
    cr_assert_eq(p->veh_max_duration[0], 250000); /* ticks of 1e-4 */
    cr_assert_eq(p->order_service[0], 50000);
    cr_assert_eq(p->order_tw_start[0], 500000);
    cr_assert_eq(p->depot_close[0], 1000000);
    cr_assert_float_eq(p->veh_s_per_dist[0], 10.0, 0); /* 1e-3 units, 1e-4 ticks */
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_duration.sol"), 20000, 1e-9);
    /* 40 = 400000 ticks is no whole minute: the next one, no waiting */
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "pyvrp_duration.sol", p, &s, &stated, &err), CF_OK);
    cr_assert_eq(s.depart_s[0], 400020);
    cf_solution_release(&s);
    cf_problem_free(p);

    /* One unit less and no departure meets it. */
    char *text = slurp(DATA "pyvrp_duration.vrp");
    char *at = strstr(text, "DURATION: 25");
    cr_assert_not_null(at);
    at[11] = '4';
    p = load(write_text("short.vrp", text), NULL);
    free(text);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "pyvrp_duration.sol", p, &s, &stated, &err), CF_OK);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_EINFEAS);
    cr_assert_not_null(strstr(err.msg, "over its max duration"), "%s", err.msg);
    cf_solution_release(&s);
    cf_problem_free(p);
}

Test(bench_pyvrp, prizes_make_customers_optional, .fini = cleanup)
{
    cf_problem *p = load(DATA "pyvrp_pc.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    double stated;
    cr_assert_eq(p->n_vehicles, 3); /* no VEHICLES: one per customer */
    cr_assert_eq(p->order_penalty[0], CF_MANDATORY);
    cr_assert_eq(p->order_penalty[1], 5000000);
    cr_assert_eq(p->order_penalty[2], 20000000);
    cr_assert_float_eq(p->bench_scale, 10, 0);
    cr_assert_eq(p->bench_vehicles, 0);
    cr_assert_float_eq(recost_fixture(p, DATA "pyvrp_pc.sol"), 318, 1e-9);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "pyvrp_pc.sol", p, &s, &stated, &err), CF_OK);
    cr_assert_eq(s.vehicle[2], -1);
    cr_assert_eq(s.reason[2], CF_REASON_NOT_PLACED_IN_TIME); /* a file does not say why */
    cf_solution_release(&s);
    cf_problem_free(p);
}

Test(bench_pyvrp, conventions_follow_the_distances_option, .fini = cleanup)
{
    cf_bench_opts o;
    cf_problem *p;
    cf_bench_opts_init(&o);
    o.dist = CF_BENCH_DIST_EXACT;
    p = load(DATA "pyvrp_md.vrp", &o);
    cr_assert_float_eq(p->dist_unit_km, 1e-4, 0);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "2")), 14142);
    cf_problem_free(p);
    o.dist = CF_BENCH_DIST_DIMACS;
    p = load(DATA "pyvrp_md.vrp", &o);
    cr_assert_eq(cf_dist(p, 0, node_of(p, "2")), 14000);
    cf_problem_free(p);
    o.dist = CF_BENCH_DIST_MILLI;
    p = load(DATA "pyvrp_hd.vrp", &o);
    cr_assert_float_eq(p->dist_unit_km, 1e-3, 0);
    cr_assert_eq(p->veh_cost_per_dist[1], 150000);
    cf_problem_free(p);
    p = load(DATA "tiny.vrp", &o); /* CVRP: nint whatever the option */
    cr_assert_float_eq(p->dist_unit_km, 1.0, 0);
    cf_problem_free(p);
}

Test(bench_pyvrp, writes_vehicle_numbered_routes_and_published_cost, .fini = cleanup)
{
    cf_problem *p = load(DATA "pyvrp_hd.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    double stated;
    const char *out = tmp_path("hd.sol");
    char *text;
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "pyvrp_hd.sol", p, &s, &stated, &err), CF_OK);
    cr_assert_eq(cf_bench_write_sol(out, p, &s, &err), CF_OK, "%s", err.msg);
    text = slurp(out);
    cr_assert_str_eq(text, "Route #1:\nRoute #2: 1 2\nCost: 24.00\n");
    free(text);
    cf_solution_release(&s);
    cf_problem_free(p);

    p = load(DATA "pyvrp_pc.vrp", NULL);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(DATA "pyvrp_pc.sol", p, &s, &stated, &err), CF_OK);
    cr_assert_eq(cf_bench_write_sol(out, p, &s, &err), CF_OK, "%s", err.msg);
    text = slurp(out);
    cr_assert_str_eq(text, "Route #1: 1 2\nCost: 318\n");
    free(text);
    cf_solution_release(&s);
    cf_problem_free(p);
}

#define PV "TYPE: HFVRP\nDIMENSION: 3\nEDGE_WEIGHT_TYPE: EUC_2D\n"
#define PV_NODES "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 -3 4\nDEMAND_SECTION\n1 0\n2 4\n3 4\n"

Test(bench_pyvrp, rejects_bad_input_with_file_and_line, .fini = cleanup)
{
    const cf_bench_format F = CF_BENCH_CVRPLIB;
    expect_fail(PV "CAPACITY_SECTION\n1 5\n", F, CF_EPARSE, 4, "CAPACITY_SECTION before VEHICLES");
    expect_fail(PV "VEHICLES: 2\nCAPACITY_SECTION\n1 5\n3 5\n", F, CF_EPARSE, 7,
                "vehicle id '3' must be a whole number in [1, 2]");
    expect_fail(PV "VEHICLES: 2\nCAPACITY_SECTION\n1 5\n", F, CF_EPARSE, 5,
                "CAPACITY_SECTION has no line for vehicle 2");
    expect_fail(PV "VEHICLES: 1\nVEHICLES_FIXED_COST_SECTION\n1 -5\n", F, CF_EPARSE, 6,
                "fixed cost '-5' of vehicle 1 must be a number in [0, 1e+09]");
    expect_fail(PV "VEHICLES: 1\nCAPACITY_SECTION\n1 5\n1 6\n", F, CF_EPARSE, 7,
                "capacity of vehicle 1 given twice (first on line 6)");
    expect_fail(PV "TIME_WINDOW_SECTION\n1 0 10\n2 5\n", F, CF_EPARSE, 6,
                "TIME_WINDOW_SECTION: expected 'id earliest latest', got 2 fields");
    expect_fail(PV PV_NODES "TIME_WINDOW_SECTION\n1 0 10\n2 8 5\n3 0 9\nDEPOT_SECTION\n1\n", F,
                CF_EINVAL, 14, "time window [8, 5] of node 2: earliest after latest");
    expect_fail(PV PV_NODES "PRIZE_SECTION\n1 3\n2 0\n3 0\nDEPOT_SECTION\n1\n", F, CF_EINVAL, 13,
                "depot node 1 has prize 3; it must be 0");
    expect_fail(PV PV_NODES "SERVICE_TIME_SECTION\n1 2\n2 0\n3 0\nDEPOT_SECTION\n1\n", F,
                CF_EINVAL, 13, "depot node 1 has service time 2; it must be 0");
    expect_fail(PV "VEHICLES: 1\nCAPACITY: 5\n" PV_NODES "CAPACITY_SECTION\n1 5\nDEPOT_SECTION\n1\n",
                F, CF_EPARSE, 14, "CAPACITY_SECTION and CAPACITY (line 5) both given");
    expect_fail(PV "VEHICLES: 2\n" PV_NODES "CAPACITY_SECTION\n1 3\n2 3\nDEPOT_SECTION\n1\n", F,
                CF_EINVAL, 11, "demand 4 of node 2 exceeds every vehicle's capacity (at most 3)");
    expect_fail(PV "VEHICLES: 1\n" PV_NODES "VEHICLES_DEPOT_SECTION\n1 2\nDEPOT_SECTION\n1\n", F,
                CF_EINVAL, 14, "depot 2 of vehicle 1 is not a node of DEPOT_SECTION");
    expect_fail(PV "VEHICLES: 1\n" PV_NODES "VEHICLES_UNIT_DISTANCE_COST_SECTION\n1 0.5\n"
                   "DEPOT_SECTION\n1\n",
                F, CF_EINVAL, 14, "unit distance cost 0.5 of vehicle 1 is finer than");
    expect_fail(PV PV_NODES "DEPOT_SECTION\n1\n1\n", F, CF_EPARSE, 14,
                "depot 1 given twice (first on line 13)");
    expect_fail("TYPE: MTVRPTWR\n", F, CF_EINVAL, 1, "TYPE 'MTVRPTWR' is not supported");
    expect_fail("TYPE: VRPTW\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EXPLICIT\n"
                "EDGE_WEIGHT_FORMAT: FULL_MATRIX\nEDGE_WEIGHT_SECTION\n0 1\n1 0\n"
                "DEMAND_SECTION\n1 0\n2 1\nDEPOT_SECTION\n1\n",
                F, CF_EINVAL, 3, "EXPLICIT is supported for TYPE CVRP only");
    expect_fail(PV "SERVICE_TIME: 1\n" PV_NODES
                   "SERVICE_TIME_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n",
                F, CF_EPARSE, 13, "SERVICE_TIME_SECTION and SERVICE_TIME (line 4) both given");
    expect_fail(PV "VEHICLES_MAX_DURATION: x\n", F, CF_EPARSE, 4,
                "VEHICLES_MAX_DURATION 'x' must be a number");
    expect_fail("TYPE: VRPTW\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: EUC_2D\nNODE_COORD_SECTION\n"
                "1 0 0\n2 1 1\nDEMAND_SECTION\n1 0\n2 1\nTIME_WINDOW_SECTION\n1 0 200000\n"
                "2 0 10\nDEPOT_SECTION\n1\n",
                F, CF_EINVAL, 11, "time 200000 is too long for the time model");
    expect_fail(PV PV_NODES "DEPOT_SECTION\n1 2 3\n", F, CF_EINVAL, 12, "no customer");
}

Test(bench_pyvrp, refused_option_combinations, .fini = cleanup)
{
    cf_bench_opts o;
    cf_problem *p = NULL;
    cf_err err = {0};
    cf_bench_opts_init(&o);
    o.objective = CF_BENCH_OBJ_VEHICLES_FIRST;
    cr_assert_eq(cf_bench_read(DATA "pyvrp_hd.vrp", &o, &p, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "pyvrp_hd.vrp:1: objective vehicles-first does not apply "
                                       "to TYPE HFVRP"),
                       "%s", err.msg);
    cr_assert_null(p);
    /* a VRPTW file takes it, as Solomon's do */
    cr_assert_eq(cf_bench_read(DATA "pyvrp_vrptw.vrp", &o, &p, NULL, &err), CF_OK, "%s", err.msg);
    cf_problem_free(p);
    p = NULL;
    cf_bench_opts_init(&o);
    o.dist = CF_BENCH_DIST_MILLI;
    cr_assert_eq(cf_bench_read(DATA "tiny_tw.txt", &o, &p, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "distances 'milli' applies to VRPLIB (.vrp) files only"),
                       "%s", err.msg);
    cr_assert_null(p);
}

Test(bench_pyvrp, sol_route_beyond_the_fleet_is_refused, .fini = cleanup)
{
    cf_problem *p = load(DATA "pyvrp_hd.vrp", NULL);
    cf_solution s;
    cf_err err = {0};
    const char *sol = write_text("three.sol", "Route #1:\nRoute #2: 1\nRoute #3: 2\nCost: 1\n");
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    cr_assert_eq(cf_bench_read_sol(sol, p, &s, NULL, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "three.sol:3: route 3, but instance 'pyvrp_hd' has 2 "
                                       "vehicles"),
                       "%s", err.msg);
    cf_solution_release(&s);
    cf_problem_free(p);
}
