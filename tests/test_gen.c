/*
 * The scenario generator (datasets/gen.h): same options give byte-identical
 * files, seeds matter, counts and headers follow schema v1, every order has
 * a vehicle that may carry it even with `separate` sharing, bad options and
 * unwritable directories are reported, the committed sample-city is what
 * its recorded command generates, and the loader (io/scenario/scenario.h) reads
 * every generated scenario back with the same amounts.  Planted scenarios
 * (--planted): their plan serves every order and passes the independent
 * checker and `cofleet check`, same seed same bytes, and the rules that make
 * them hard sit close to the plan.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datasets/gen.h"
#include "io/plan/atomic.h"
#include "io/scenario/params.h"
#include "io/plan/plan_read.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/eval.h"
#include "models/kpi.h"

static const char *const files[] = {"orders.csv", "depots.csv", "vehicles.csv", "couriers.csv",
                                    "scenario.ini"};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

static void make_tmpdir(char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/cf_test_gen_XXXXXX");
    cr_assert_not_null(mkdtemp(buf));
}

static void remove_dir(const char *dir)
{
    char path[512];
    for (int i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

/* Whole file, NUL-terminated; *len its size. */
static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    char *buf;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

static bool same_files(const char *a, const char *b, const char *name)
{
    size_t la, lb;
    char *fa = slurp(a, name, &la), *fb = slurp(b, name, &lb);
    bool same = la == lb && memcmp(fa, fb, la) == 0;
    free(fa);
    free(fb);
    return same;
}

/* ---- a tiny CSV reader for our own output (RFC 4180, no line breaks in cells) ---- */

#define MAX_CELLS 32

typedef struct table {
    char *text;
    int n_cols, n_rows;
    char *head[MAX_CELLS];
    char ***rows; /* [n_rows][n_cols] */
} table;

static int split(char *line, char **cells)
{
    int n = 0;
    char *w = line, *r = line;
    for (;;) {
        cells[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    cr_assert(*r, "unterminated quote");
                    *w++ = *r++;
                }
            }
        } else {
            while (*r && *r != ',')
                *w++ = *r++;
        }
        cr_assert(*r == ',' || *r == '\0', "garbage after a quoted cell");
        if (!*r) {
            *w = '\0';
            return n;
        }
        *w++ = '\0';
        r++;
        w = r;
        cr_assert_lt(n, MAX_CELLS);
    }
}

static void table_read(table *t, const char *dir, const char *name)
{
    char *line, *save = NULL;
    int cap = 0;
    memset(t, 0, sizeof *t);
    t->text = slurp(dir, name, NULL);
    cr_assert_eq(t->text[strlen(t->text) - 1], '\n', "%s: last line not ended", name);
    line = strtok_r(t->text, "\n", &save);
    cr_assert_not_null(line);
    t->n_cols = split(line, t->head);
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        char **cells = calloc(MAX_CELLS, sizeof *cells);
        cr_assert_not_null(cells);
        cr_assert_eq(split(line, cells), t->n_cols, "%s:%d: ragged row", name, t->n_rows + 2);
        if (t->n_rows == cap) {
            cap = cap ? 2 * cap : 256;
            t->rows = realloc(t->rows, (size_t)cap * sizeof *t->rows);
            cr_assert_not_null(t->rows);
        }
        t->rows[t->n_rows++] = cells;
    }
}

static void table_free(table *t)
{
    for (int i = 0; i < t->n_rows; i++)
        free(t->rows[i]);
    free(t->rows);
    free(t->text);
}

static int col(const table *t, const char *name)
{
    for (int i = 0; i < t->n_cols; i++)
        if (strcmp(t->head[i], name) == 0) return i;
    return -1;
}

static const char *cell(const table *t, int row, const char *name)
{
    int c = col(t, name);
    cr_assert_geq(c, 0, "no column '%s'", name);
    return t->rows[row][c];
}

static int find_row(const table *t, const char *id)
{
    for (int i = 0; i < t->n_rows; i++)
        if (strcmp(cell(t, i, "id"), id) == 0) return i;
    return -1;
}

/* Whether item is in the ';'-separated list (an empty list holds everything when
 * empty_is_all). */
static bool in_list(const char *list, const char *item, bool empty_is_all)
{
    size_t n = strlen(item);
    if (!*list) return empty_is_all;
    for (const char *p = list; p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0) return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

static void gen_into(char *dir, size_t size, const cf_gen_opts *o, cf_gen_stats *st)
{
    cf_err err;
    make_tmpdir(dir, size);
    cr_assert_eq(cf_gen_scenario_stats(dir, o, st, &err), CF_OK, "%s", err.msg);
}

/* ---- tests ---- */

Test(gen, same_options_give_identical_files)
{
    char a[64], b[64];
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    o.n_orders = 800;
    o.seed = 77;
    gen_into(a, sizeof a, &o, NULL);
    gen_into(b, sizeof b, &o, NULL);
    for (int i = 0; i < N_FILES; i++)
        cr_assert(same_files(a, b, files[i]), "%s differs between two runs", files[i]);
    remove_dir(a);
    remove_dir(b);
}

Test(gen, different_seeds_give_different_orders)
{
    char a[64], b[64];
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    o.n_orders = 300;
    o.seed = 1;
    gen_into(a, sizeof a, &o, NULL);
    o.seed = 2;
    gen_into(b, sizeof b, &o, NULL);
    cr_assert_not(same_files(a, b, "orders.csv"));
    cr_assert_not(same_files(a, b, "scenario.ini")); /* the solver seed follows */
    remove_dir(a);
    remove_dir(b);
}

static void check_counts(const cf_gen_opts *o)
{
    char dir[64];
    cf_gen_stats st;
    table t;
    long expanded = 0;
    gen_into(dir, sizeof dir, o, &st);

    table_read(&t, dir, "orders.csv");
    cr_assert_eq(t.n_rows, o->n_orders);
    table_free(&t);
    table_read(&t, dir, "couriers.csv");
    cr_assert_eq(t.n_rows, o->n_couriers);
    table_free(&t);
    table_read(&t, dir, "depots.csv");
    cr_assert_eq(t.n_rows, o->n_depots);
    table_free(&t);
    table_read(&t, dir, "vehicles.csv");
    cr_assert_eq(t.n_rows, st.n_vehicle_rows);
    for (int i = 0; i < t.n_rows; i++)
        expanded += atol(cell(&t, i, "count"));
    cr_assert_eq(expanded, st.n_vehicles);
    table_free(&t);
    cr_assert_eq(st.n_orders, o->n_orders);
    remove_dir(dir);
}

Test(gen, honours_requested_counts)
{
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    check_counts(&o);
    o.n_orders = 1;
    o.n_couriers = 1;
    o.n_depots = 1;
    check_counts(&o);
    o.n_orders = 2500; /* more couriers and DCs than the named tables hold */
    o.n_couriers = 11;
    o.n_depots = 13;
    o.city = "osaka";
    o.coords = CF_COORD_PLANE;
    check_counts(&o);
}

Test(gen, scales_to_ten_thousand_orders, .timeout = 20)
{
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    o.n_orders = 12000;
    o.n_couriers = 6;
    o.n_depots = 8;
    check_counts(&o);
}

static void check_header(const char *dir, const char *name, const char *const *required,
                         const char *const *optional)
{
    table t;
    table_read(&t, dir, name);
    for (const char *const *c = required; *c; c++)
        cr_assert_geq(col(&t, *c), 0, "%s: required column '%s' missing", name, *c);
    for (int i = 0; i < t.n_cols; i++) {
        bool known = false;
        for (const char *const *c = required; *c && !known; c++)
            known = strcmp(*c, t.head[i]) == 0;
        for (const char *const *c = optional; *c && !known; c++)
            known = strcmp(*c, t.head[i]) == 0;
        cr_assert(known, "%s: column '%s' is not in schema v1", name, t.head[i]);
    }
    table_free(&t);
}

static void check_headers(cf_coord_kind kind)
{
    static const char *const orders_req_ll[] = {"id", "courier", "lat", "lon", "weight", NULL};
    static const char *const orders_req_xy[] = {"id", "courier", "x", "y", "weight", NULL};
    static const char *const orders_opt[] = {"volume", "tw_start", "tw_end", "service_min",
                                             "skills", "penalty",  "depot",  NULL};
    static const char *const depots_req_ll[] = {"id", "lat", "lon", NULL};
    static const char *const depots_req_xy[] = {"id", "x", "y", NULL};
    static const char *const depots_opt[] = {"name",       "open",       "close",    "cap_weight",
                                             "cap_volume", "fixed_cost", "couriers", NULL};
    static const char *const veh_req[] = {"id", "depot", "cap_weight", NULL};
    static const char *const veh_opt[] = {
        "courier",       "count",       "cap_volume", "fixed_cost",       "cost_per_km",
        "cost_per_hour", "shift_start", "shift_end",  "max_duration_min", "max_distance_km",
        "speed_kmh",     "skills",      NULL};
    static const char *const cour_req[] = {"id", NULL};
    static const char *const cour_opt[] = {"name", "share", NULL};
    char dir[64];
    cf_gen_opts o;
    char *ini;
    bool ll = kind == CF_COORD_LATLON;

    cf_gen_opts_default(&o);
    o.n_orders = 200;
    o.coords = kind;
    gen_into(dir, sizeof dir, &o, NULL);
    check_header(dir, "orders.csv", ll ? orders_req_ll : orders_req_xy, orders_opt);
    check_header(dir, "depots.csv", ll ? depots_req_ll : depots_req_xy, depots_opt);
    check_header(dir, "vehicles.csv", veh_req, veh_opt);
    check_header(dir, "couriers.csv", cour_req, cour_opt);
    ini = slurp(dir, "scenario.ini", NULL);
    cr_assert_not_null(strstr(ini, "\n[scenario]\n"));
    cr_assert_not_null(strstr(ini, "\nname = tokyo-200\n"));
    cr_assert_not_null(strstr(ini, "\ntime_limit = "));
    cr_assert_not_null(strstr(ini, "\nseed = 1\n"));
    cr_assert_not_null(strstr(ini, "\nco2_kg_per_km = "));
    cr_assert_eq(strstr(ini, "road_factor") != NULL, ll, "road_factor only for lat/lon");
    free(ini);
    remove_dir(dir);
}

Test(gen, files_have_the_schema_columns)
{
    check_headers(CF_COORD_LATLON);
    check_headers(CF_COORD_PLANE);
}

/* Every order can be carried by a vehicle of its own courier at a DC that
 * serves the courier (and its fixed DC), with every skill it needs: a plan
 * exists even with `separate` sharing.  Coordinates stay in the city box. */
Test(gen, every_order_has_an_own_vehicle_that_may_carry_it)
{
    char dir[64];
    cf_gen_opts o;
    cf_gen_stats st;
    table ord, dep, veh;
    long owned = 0;

    cf_gen_opts_default(&o);
    o.n_orders = 3000;
    o.n_couriers = 5;
    o.seed = 9;
    gen_into(dir, sizeof dir, &o, &st);
    table_read(&ord, dir, "orders.csv");
    table_read(&dep, dir, "depots.csv");
    table_read(&veh, dir, "vehicles.csv");
    for (int i = 0; i < ord.n_rows; i++) {
        const char *courier = cell(&ord, i, "courier"), *fixed = cell(&ord, i, "depot");
        const char *skills = cell(&ord, i, "skills");
        double lat = atof(cell(&ord, i, "lat")), lon = atof(cell(&ord, i, "lon"));
        bool ok = false;
        cr_assert(lat > 35.56 && lat < 35.80 && lon > 139.62 && lon < 139.91, "%s: %f,%f",
                  cell(&ord, i, "id"), lat, lon);
        cr_assert(!*fixed || find_row(&dep, fixed) >= 0, "unknown depot '%s'", fixed);
        for (int v = 0; v < veh.n_rows && !ok; v++) {
            const char *vd = cell(&veh, v, "depot"), *vs = cell(&veh, v, "skills");
            int d = find_row(&dep, vd);
            cr_assert_geq(d, 0);
            if (strcmp(cell(&veh, v, "courier"), courier) != 0) continue;
            if (*fixed && strcmp(fixed, vd) != 0) continue;
            if (!in_list(cell(&dep, d, "couriers"), courier, true)) continue;
            if (strstr(skills, "cold_chain") && !in_list(vs, "cold_chain", false)) continue;
            if (strstr(skills, "alcohol") && !in_list(vs, "alcohol", false)) continue;
            ok = true;
        }
        cr_assert(ok, "order %s (courier %s, skills '%s', depot '%s') has no vehicle",
                  cell(&ord, i, "id"), courier, skills, fixed);
    }
    /* A vehicle's DC serves its owner. */
    for (int v = 0; v < veh.n_rows; v++) {
        const char *owner = cell(&veh, v, "courier");
        int d = find_row(&dep, cell(&veh, v, "depot"));
        if (!*owner) continue;
        cr_assert(in_list(cell(&dep, d, "couriers"), owner, true));
        owned++;
    }
    /* The fleet holds the demand with room to spare. */
    cr_assert_gt(st.fleet_g, 2 * st.demand_g);
    cr_assert_gt(st.fleet_l, 2 * st.demand_l);
    cr_assert_gt(st.n_shared_vehicles, 0);
    cr_assert_gt(owned, st.n_vehicle_rows / 2);
    /* The documented shares, loosely: 8% cold, 4% alcohol, a few optional and fixed. */
    cr_assert(st.n_cold > 3000 * 5 / 100 && st.n_cold < 3000 * 11 / 100, "%ld", st.n_cold);
    cr_assert(st.n_alcohol > 3000 * 2 / 100 && st.n_alcohol < 3000 * 6 / 100, "%ld", st.n_alcohol);
    cr_assert_gt(st.n_optional, 0);
    cr_assert_gt(st.n_fixed_depot, 0);
    cr_assert_gt(st.n_orders_of[0], st.n_orders_of[4]); /* one big courier, smaller ones */
    table_free(&ord);
    table_free(&dep);
    table_free(&veh);
    remove_dir(dir);
}

Test(gen, unshared_couriers_get_share_no)
{
    char dir[64];
    cf_gen_opts o;
    table t;
    cf_gen_opts_default(&o);
    o.n_orders = 50;
    o.n_unshared = 1;
    gen_into(dir, sizeof dir, &o, NULL);
    table_read(&t, dir, "couriers.csv");
    for (int i = 0; i < t.n_rows; i++)
        cr_assert_str_eq(cell(&t, i, "share"), i == t.n_rows - 1 ? "no" : "yes");
    table_free(&t);
    remove_dir(dir);
}

Test(gen, rejects_bad_options)
{
    cf_gen_opts o;
    cf_err err;
    struct {
        long orders;
        int couriers, depots, unshared;
        const char *city, *needle;
    } cases[] = {
        {-5, 4, 5, 0, NULL, "orders: '-5'"},    {0, 4, 5, 0, NULL, "orders: '0'"},
        {10, -1, 5, 0, NULL, "couriers: '-1'"}, {10, 0, 5, 0, NULL, "couriers: '0'"},
        {10, 65, 5, 0, NULL, "couriers: '65'"}, {10, 4, -2, 0, NULL, "depots: '-2'"},
        {10, 4, 0, 0, NULL, "depots: '0'"},     {10, 4, 5, -1, NULL, "unshared: '-1'"},
        {10, 4, 5, 5, NULL, "unshared: '5'"},   {10, 4, 5, 0, "atlantis", "city: 'atlantis'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cf_gen_opts_default(&o);
        o.n_orders = cases[i].orders;
        o.n_couriers = cases[i].couriers;
        o.n_depots = cases[i].depots;
        o.n_unshared = cases[i].unshared;
        o.city = cases[i].city;
        /* Rejected before anything is created. */
        cr_assert_eq(cf_gen_scenario("/nonexistent/cf_gen", &o, &err), CF_EINVAL, "case %zu", i);
        cr_assert_not_null(strstr(err.msg, cases[i].needle), "%s", err.msg);
    }
}

Test(gen, unwritable_directory_is_an_io_error_naming_the_path)
{
    char dir[64], path[128];
    cf_gen_opts o;
    cf_err err;
    FILE *f;
    cf_gen_opts_default(&o);
    o.n_orders = 10;
    make_tmpdir(dir, sizeof dir);
    /* A regular file where the scenario directory should be. */
    snprintf(path, sizeof path, "%s/plain", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_assert_eq(cf_gen_scenario(path, &o, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    remove(path);
    /* A parent that does not exist. */
    snprintf(path, sizeof path, "%s/missing/scenario", dir);
    cr_assert_eq(cf_gen_scenario(path, &o, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, path), "%s", err.msg);
    rmdir(dir);
}

Test(gen, out_of_memory_fails_cleanly)
{
    char dir[64];
    cf_gen_opts o;
    cf_err err;
    cf_status rc = CF_ENOMEM;
    cf_gen_opts_default(&o);
    o.n_orders = 100;
    make_tmpdir(dir, sizeof dir);
    for (long n = 0; rc == CF_ENOMEM && n < 1000; n++) {
        cf_alloc_fail_after(n);
        rc = cf_gen_scenario(dir, &o, &err);
        cf_alloc_fail_after(-1);
        if (rc == CF_ENOMEM) {
            /* Nothing is written before every table is built. */
            char path[128];
            snprintf(path, sizeof path, "%s/orders.csv", dir);
            cr_assert_neq(access(path, F_OK), 0, "n=%ld left %s", n, path);
        }
    }
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    remove_dir(dir);
}

/* datasets/sample-city is exactly what its command in datasets/README.md makes:
 *   cofleet gen datasets/sample-city --orders 600 --couriers 4 --depots 5 --seed 2026
 *               --name sample-city */
Test(gen, sample_city_matches_its_recorded_command)
{
    char dir[64];
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    o.n_orders = 600;
    o.n_couriers = 4;
    o.n_depots = 5;
    o.seed = 2026;
    o.name = "sample-city";
    gen_into(dir, sizeof dir, &o, NULL);
    for (int i = 0; i < N_FILES; i++)
        cr_assert(same_files(dir, "datasets/sample-city", files[i]),
                  "datasets/sample-city/%s is not what the generator makes now: regenerate it "
                  "with the command in datasets/README.md",
                  files[i]);
    remove_dir(dir);
}

/* ---- the command, when the binary is built (CTest sets CF_BIN) ---- */

static const char *cli_bin(void)
{
    const char *bin = getenv("CF_BIN");
    if (!bin || access(bin, X_OK) != 0) cr_skip_test("CF_BIN is not set to the cofleet binary");
    return bin;
}

/* Runs `cofleet ARGS`, output dropped; the exit code. */
static int run_tool(const char *args)
{
    const char *bin = cli_bin();
    char cmd[1024];
    int st;
    snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>&1", bin, args);
    st = system(cmd);
    cr_assert(WIFEXITED(st), "%s", cmd);
    return WEXITSTATUS(st);
}

static int run_cli(const char *args)
{
    char gen[1024];
    snprintf(gen, sizeof gen, "gen %s", args);
    return run_tool(gen);
}

Test(gen, command_exit_codes)
{
    char dir[64], args[256];
    cli_bin();
    make_tmpdir(dir, sizeof dir);
    cr_assert_eq(run_cli("--help"), 0);
    snprintf(args, sizeof args, "%s --orders -5", dir);
    cr_assert_eq(run_cli(args), 1);
    snprintf(args, sizeof args, "%s --orders 10 --depots 0", dir);
    cr_assert_eq(run_cli(args), 1);
    snprintf(args, sizeof args, "%s --coords polar", dir);
    cr_assert_eq(run_cli(args), 1);
    snprintf(args, sizeof args, "%s --no-such-flag", dir);
    cr_assert_eq(run_cli(args), 1);
    cr_assert_eq(run_cli(""), 1); /* OUT_DIR missing */
    snprintf(args, sizeof args, "%s/missing/scenario --orders 10", dir);
    cr_assert_eq(run_cli(args), 4);
    snprintf(args, sizeof args, "%s/s --orders=40 --couriers 3 --seed 5 --coords plane", dir);
    cr_assert_eq(run_cli(args), 0);
    snprintf(args, sizeof args, "%s/s", dir);
    {
        table t;
        table_read(&t, args, "orders.csv");
        cr_assert_eq(t.n_rows, 40);
        cr_assert_geq(col(&t, "x"), 0);
        table_free(&t);
    }
    remove_dir(args);
    rmdir(dir);
}

/* ---- what the loader makes of it ---- */

static void load_generated(const cf_gen_opts *o, const char *sharing)
{
    char dir[64];
    cf_gen_stats st;
    cf_params cli;
    cf_problem *p = NULL;
    cf_err err;
    int64_t demand[CF_DIMS] = {0, 0}, fleet[CF_DIMS] = {0, 0};

    gen_into(dir, sizeof dir, o, &st);
    cf_params_defaults(&cli);
    cr_assert_eq(cf_params_set(&cli, "sharing", sharing, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_scenario_load(dir, &cli, NULL, &p, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(p->n_orders, o->n_orders);
    cr_assert_eq(p->n_depots, o->n_depots);
    cr_assert_eq(p->n_couriers, o->n_couriers);
    cr_assert_eq(p->n_vehicles, st.n_vehicles);
    cr_assert_eq(p->coord_kind, o->coords);
    for (int i = 0; i < p->n_orders; i++) {
        bool carried = false;
        for (int k = 0; k < CF_DIMS; k++)
            demand[k] += p->order_demand[(long)i * CF_DIMS + k];
        for (int v = 0; v < p->n_vehicles && !carried; v++)
            carried = cf_problem_can_carry(p, v, i);
        cr_assert(carried, "%s: no vehicle may carry order %s", sharing, p->order_id[i]);
    }
    for (int v = 0; v < p->n_vehicles; v++)
        for (int k = 0; k < CF_DIMS; k++)
            fleet[k] += p->veh_cap[(long)v * CF_DIMS + k];
    /* The loader reads the same amounts the generator meant: grams and cm3. */
    cr_assert_eq(demand[CF_DIM_WEIGHT], st.demand_g);
    cr_assert_eq(demand[CF_DIM_VOLUME], st.demand_l * 1000);
    cr_assert_eq(fleet[CF_DIM_WEIGHT], st.fleet_g);
    cr_assert_eq(fleet[CF_DIM_VOLUME], st.fleet_l * 1000);
    cf_problem_free(p);
    remove_dir(dir);
}

Test(gen, generated_scenarios_load)
{
    cf_gen_opts o;
    cf_gen_opts_default(&o);
    load_generated(&o, "pooled");
    load_generated(&o, "separate");
    o.n_orders = 2000;
    o.n_couriers = 9;
    o.n_depots = 10;
    o.coords = CF_COORD_PLANE;
    o.city = "osaka";
    o.tight = true;
    o.n_unshared = 2;
    load_generated(&o, "pooled");
    load_generated(&o, "separate");
}

Test(gen, sample_city_loads)
{
    cf_problem *p = NULL;
    cf_params eff;
    cf_err err;
    cr_assert_eq(cf_scenario_load("datasets/sample-city", NULL, &eff, &p, &err), CF_OK, "%s",
                 err.msg);
    cr_assert_eq(p->n_orders, 600);
    cr_assert_eq(p->n_depots, 5);
    cr_assert_eq(p->n_couriers, 4);
    cr_assert_eq(p->n_vehicles, 34);
    cr_assert_str_eq(eff.name, "sample-city");
    cr_assert_eq(eff.seed, 2026);
    cf_problem_free(p);
}

/* ---- planted scenarios (--planted) ---- */

static void planted_opts(cf_gen_opts *o, long n, int couriers, int depots, uint64_t seed)
{
    cf_gen_opts_default(o);
    o->planted = true;
    o->n_orders = n;
    o->n_couriers = couriers;
    o->n_depots = depots;
    o->seed = seed;
}

static void remove_planted(const char *dir)
{
    cf_err err;
    cr_assert_eq(cf_atomic_remove_tree(dir, &err), CF_OK, "%s", err.msg);
}

/* The planted plan of dir read back as `cofleet check` reads it: *p and *plan
 * are the caller's to free. */
static void read_planted(const char *dir, cf_problem **p, cf_plan *plan)
{
    char path[128];
    cf_violations viol;
    cf_err err;
    cr_assert_eq(cf_scenario_load(dir, NULL, NULL, p, &err), CF_OK, "%s: %s", dir, err.msg);
    snprintf(path, sizeof path, "%s/planted", dir);
    cf_violations_init(&viol);
    cr_assert_eq(cf_plan_read(path, *p, plan, &viol, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(viol.total, 0, "%s: %s", path, viol.len ? viol.msg[0] : "");
    cf_violations_release(&viol);
}

/* Generates o, then: the scenario loads, the planted plan serves every order,
 * the independent checker accepts it, and its cost is the one gen reports. */
static void check_planted(const cf_gen_opts *o)
{
    char dir[64];
    cf_gen_stats st;
    cf_problem *p = NULL;
    cf_plan plan;
    cf_kpi k;
    cf_err err;
    int used = 0;

    gen_into(dir, sizeof dir, o, &st);
    read_planted(dir, &p, &plan);
    cr_assert_eq(p->n_orders, o->n_orders);
    for (int i = 0; i < p->n_orders; i++)
        cr_assert_geq(plan.sol.vehicle[i], 0, "seed %llu: order %s not served",
                      (unsigned long long)o->seed, p->order_id[i]);
    cr_assert_eq(cf_solution_check(p, &plan.sol, &err), CF_OK, "seed %llu: %s",
                 (unsigned long long)o->seed, err.msg);
    for (int v = 0; v < p->n_vehicles; v++)
        used += plan.sol.first[v] >= 0;
    cr_assert_eq(used, st.n_routes);
    cr_assert_eq(p->n_vehicles, st.n_routes + st.n_spare);
    cr_assert_eq(cf_kpi_compute(p, &plan.sol, 0.3, &k, &err), CF_OK, "%s", err.msg);
    /* routes.csv holds whole minutes and the same routes: the same cost */
    cr_assert_eq(k.cost, st.planted_cost);
    cr_assert_gt(st.planted_cost, 0);
    cf_kpi_release(&k);
    cf_plan_release(&plan);
    cf_problem_free(p);
    remove_planted(dir);
}

Test(gen, planted_plans_serve_every_order_and_pass_the_checker, .timeout = 60)
{
    cf_gen_opts o;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        planted_opts(&o, 1, 1, 1, seed);
        check_planted(&o);
        planted_opts(&o, 12, 2, 1, seed);
        check_planted(&o);
        planted_opts(&o, 60, 3, 2, seed); /* a courier that does not share */
        o.n_unshared = 1;
        check_planted(&o);
        planted_opts(&o, 150, 4, 3, seed);
        o.coords = CF_COORD_PLANE;
        check_planted(&o);
        planted_opts(&o, 250, 6, 5, seed); /* every knob at its tightest */
        o.n_unshared = 2;
        o.cold_pct = 30;
        o.tw_share_pct = 100;
        o.tw_width_min = 15;
        o.dc_slack_pct = 0;
        o.slack_min = 0;
        o.spare_pct = 0;
        check_planted(&o);
        planted_opts(&o, 200, 9, 10, seed); /* odd DCs serve only some couriers */
        o.city = "osaka";
        o.optional_pct = 50;
        o.alcohol_pct = 30;
        o.n_unshared = 9; /* nobody shares */
        check_planted(&o);
    }
}

Test(gen, planted_same_seed_gives_identical_files)
{
    static const char *const plan_files[] = {"planted/routes.csv", "planted/unassigned.csv",
                                             "planted/trace.csv", "planted/summary.json"};
    char a[64], b[64];
    cf_gen_opts o;
    planted_opts(&o, 400, 4, 4, 17);
    o.n_unshared = 1;
    gen_into(a, sizeof a, &o, NULL);
    gen_into(b, sizeof b, &o, NULL);
    for (int i = 0; i < N_FILES; i++)
        cr_assert(same_files(a, b, files[i]), "%s differs between two runs", files[i]);
    for (int i = 0; i < 4; i++)
        cr_assert(same_files(a, b, plan_files[i]), "%s differs between two runs", plan_files[i]);
    remove_planted(b);
    o.seed = 18;
    gen_into(b, sizeof b, &o, NULL);
    cr_assert_not(same_files(a, b, "orders.csv"));
    cr_assert_not(same_files(a, b, "planted/routes.csv"));
    remove_planted(a);
    remove_planted(b);
}

/* What makes the scenarios hard sits close to the plan: every cold van rides a
 * planted route (none to spare), each DC's throughput is the planted load plus
 * at most dc_slack_pct, each planted vehicle's max duration exceeds its planted
 * route by little, and about tw_share_pct of the orders have a narrow window. */
Test(gen, planted_rules_bind_close_to_the_plan)
{
    char dir[64];
    cf_gen_opts o;
    cf_gen_stats st;
    cf_problem *p = NULL;
    cf_plan plan;
    int cold_skill = -1, cold_vans = 0, cold_used = 0;
    int64_t load[64 * CF_DIMS] = {0};

    planted_opts(&o, 600, 4, 5, 5);
    o.dc_slack_pct = 3;
    o.slack_min = 10;
    o.tw_share_pct = 50;
    o.tw_width_min = 45;
    gen_into(dir, sizeof dir, &o, &st);
    read_planted(dir, &p, &plan);
    for (int s = 0; s < p->n_skills; s++)
        if (!strcmp(p->skill_name[s], "cold_chain")) cold_skill = s;
    cr_assert_geq(cold_skill, 0);
    for (int v = 0; v < p->n_vehicles; v++) {
        cf_route_eval r;
        int ids[64], n = cf_eval_route_orders(&plan.sol, v, ids, 64);
        cr_assert_geq(n, 0);
        if (p->veh_skills[v] & (1u << cold_skill)) {
            cold_vans++;
            cold_used += n > 0;
        }
        if (n == 0) continue;
        cf_eval_route(p, v, ids, n, plan.sol.depart_s[v], &r, NULL);
        /* slack, the 5 min rounding, and the travel bound's margin (3 s a leg, 0.5 %) */
        cr_assert_leq(p->veh_max_duration[v] - r.duration_s,
                      (o.slack_min + 5) * 60 + 3 * (n + 1) + r.duration_s / 100,
                      "%s: %d s to spare", p->veh_id[v],
                      (int)(p->veh_max_duration[v] - r.duration_s));
        cr_assert_leq(p->veh_shift_start[v], r.t0);
        cr_assert_geq(p->veh_shift_end[v], r.return_s);
        for (int k = 0; k < CF_DIMS; k++)
            load[p->veh_depot[v] * CF_DIMS + k] += r.load[k];
    }
    cr_assert_gt(cold_vans, 0);
    cr_assert_eq(cold_used, cold_vans, "%d of %d cold vans idle", cold_vans - cold_used, cold_vans);
    for (int d = 0; d < p->n_depots; d++)
        for (int k = 0; k < CF_DIMS; k++) {
            int64_t l = load[d * CF_DIMS + k], cap = p->depot_cap[d * CF_DIMS + k];
            if (!l) continue;
            cr_assert_geq(cap, l);
            /* rounded up to 100 g, or to a litre */
            cr_assert_leq(cap, l + l * o.dc_slack_pct / 100 + (k == CF_DIM_WEIGHT ? 100 : 1000),
                          "DC %s: cap %lld, load %lld", p->depot_id[d], (long long)cap,
                          (long long)l);
        }
    cr_assert(st.n_narrow_tw > o.n_orders * 35 / 100 && st.n_narrow_tw < o.n_orders * 65 / 100,
              "%ld narrow windows", st.n_narrow_tw);
    for (int i = 0; i < p->n_orders; i++) /* narrow ones are exactly 45 min, no wider than slots */
        cr_assert(p->order_tw_end[i] >= CF_TIME_INF ||
                      p->order_tw_end[i] - p->order_tw_start[i] == 45 * 60 ||
                      p->order_tw_end[i] - p->order_tw_start[i] >= 120 * 60,
                  "%s", p->order_id[i]);
    cf_plan_release(&plan);
    cf_problem_free(p);
    remove_planted(dir);
}

Test(gen, planted_options_parse_format_and_check)
{
    static char args[][16] = {"out", "--planted",  "--cold=20", "--tw-width", "45", "--unshared",
                              "1",   "--couriers", "3",         "--orders",   "90"};
    char *argv[11], buf[1024], *words[64];
    const char *dir = NULL;
    cf_gen_opts o, back;
    cf_err err;
    int n = 0;

    for (int i = 0; i < 11; i++)
        argv[i] = args[i];
    cf_gen_opts_default(&o);
    cr_assert_eq(cf_gen_opts_parse(&o, 11, argv, &dir, &err), CF_OK, "%s", err.msg);
    cr_assert_str_eq(dir, "out");
    cr_assert(o.planted);
    cr_assert_eq(o.cold_pct, 20);
    cr_assert_eq(o.tw_width_min, 45);
    cr_assert_eq(o.alcohol_pct, 4); /* defaults stay */
    cr_assert_eq(cf_gen_opts_check(&o, &err), CF_OK, "%s", err.msg);
    /* the recorded command parses back to the same options */
    cf_gen_opts_format(&o, buf, sizeof buf);
    cr_assert_not_null(strstr(buf, "--planted --cold 20 --alcohol 4"), "%s", buf);
    for (char *s = strtok(buf, " "); s; s = strtok(NULL, " "))
        words[n++] = s;
    cf_gen_opts_default(&back);
    cr_assert_eq(cf_gen_opts_parse(&back, n, words, NULL, &err), CF_OK, "%s", err.msg);
    back.city = o.city; /* "tokyo" written out for the default NULL */
    cr_assert_eq(memcmp(&o, &back, sizeof o), 0);

    struct {
        const char *flag, *value, *needle;
    } bad[] = {
        {"--cold", "101", "--cold: '101' must be a whole number in [0, 100]"},
        {"--tw-width", "5", "--tw-width: '5'"},
        {"--spare", "-1", "--spare: '-1'"},
        {"--bogus", "1", "unknown option '--bogus'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char a0[] = "--planted", a1[32], a2[32], *av[] = {a0, a1, a2};
        snprintf(a1, sizeof a1, "%s", bad[i].flag);
        snprintf(a2, sizeof a2, "%s", bad[i].value);
        cf_gen_opts_default(&o);
        cr_assert_eq(cf_gen_opts_parse(&o, 3, av, NULL, &err), CF_EINVAL, "%s", bad[i].flag);
        cr_assert_not_null(strstr(err.msg, bad[i].needle), "%s", err.msg);
    }
    {
        char a0[] = "dir", *av[] = {a0}; /* no positional argument on a suite line */
        cr_assert_eq(cf_gen_opts_parse(&o, 1, av, NULL, &err), CF_EINVAL);
        cr_assert_not_null(strstr(err.msg, "'dir'"), "%s", err.msg);
    }
    cf_gen_opts_default(&o);
    o.planted = true;
    o.tw_width_min = 50;
    cr_assert_eq(cf_gen_opts_check(&o, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "multiple of 15"), "%s", err.msg);
    o.tw_width_min = 60;
    o.tight = true;
    cr_assert_eq(cf_gen_opts_check(&o, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "tight"), "%s", err.msg);
    cf_gen_opts_default(&o); /* a knob without --planted */
    o.cold_pct = 20;
    cr_assert_eq(cf_gen_opts_check(&o, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "cold: applies only to planted"), "%s", err.msg);
}

Test(gen, planted_out_of_memory_leaves_no_scenario, .timeout = 120)
{
    char dir[64], path[128];
    cf_gen_opts o;
    cf_err err;
    cf_status rc = CF_ENOMEM;
    long n;
    planted_opts(&o, 8, 2, 2, 3);
    make_tmpdir(dir, sizeof dir);
    for (n = 0; rc == CF_ENOMEM && n < 20000; n++) {
        cf_alloc_fail_after(n);
        rc = cf_gen_scenario(dir, &o, &err);
        cf_alloc_fail_after(-1);
        if (rc == CF_ENOMEM) {
            snprintf(path, sizeof path, "%s/orders.csv", dir);
            cr_assert_neq(access(path, F_OK), 0, "n=%ld left %s", n, path);
            snprintf(path, sizeof path, "%s/planted", dir);
            cr_assert_neq(access(path, F_OK), 0, "n=%ld left %s", n, path);
        }
    }
    cr_assert_eq(rc, CF_OK, "n=%ld: %s", n, err.msg);
    remove_planted(dir);
}

Test(gen, planted_command_writes_a_plan_cofleet_check_accepts)
{
    char dir[64], args[512];
    cli_bin();
    make_tmpdir(dir, sizeof dir);
    snprintf(args, sizeof args,
             "gen %s/s --planted --orders 120 --couriers 3 --depots 3 --seed 9 --unshared 1 "
             "--tw-share 70 --tw-width 30",
             dir);
    cr_assert_eq(run_tool(args), 0);
    snprintf(args, sizeof args, "check %s/s %s/s/planted", dir, dir);
    cr_assert_eq(run_tool(args), 0);
    snprintf(args, sizeof args, "gen %s/t --cold 20", dir); /* a knob needs --planted */
    cr_assert_eq(run_tool(args), 1);
    snprintf(args, sizeof args, "gen %s/t --planted --tight", dir);
    cr_assert_eq(run_tool(args), 1);
    remove_planted(dir);
}
