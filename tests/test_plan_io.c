/*
 * The plan files (io/plan/plan.h, io/plan/plan_read.h, io/plan/plan_check.h, io/plan/atomic.h):
 * the hand-made problem of tests/handmade.h written to a temporary
 * directory, its files compared with figures worked out on paper, read back
 * and checked clean; then each kind of figure tampered with and caught; and
 * atomic replacement that leaves the previous plan whole when writing fails.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/plan/atomic.h"
#include "io/plan/plan.h"
#include "io/plan/plan_check.h"
#include "io/plan/plan_int.h"
#include "io/plan/plan_read.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/check.h"
#include "tests/handmade.h"

static cf_problem *P;
static cf_solution S;
static cf_params PRM;
static cf_run_info INFO = {.elapsed_s = 1.5, .iterations = 100, .threads = 2};
static char TMP[256], OUT[300];

static void setup(void)
{
    cf_err err;
    P = hm_problem();
    cr_assert_not_null(P);
    cr_assert_eq(cf_solution_init(&S, P, &err), CF_OK);
    hm_solution(&S);
    memset(&PRM, 0, sizeof PRM);
    snprintf(PRM.name, sizeof PRM.name, "handmade");
    PRM.sharing = CF_SHARING_POOLED;
    PRM.time_limit_s = 10;
    PRM.seed = 42;
    PRM.threads = 2;
    PRM.road_factor = 1.3;
    PRM.co2_kg_per_km = 0.9;
    snprintf(TMP, sizeof TMP, "/tmp/cf_plan_test_XXXXXX");
    cr_assert_not_null(mkdtemp(TMP));
    snprintf(OUT, sizeof OUT, "%s/plan", TMP);
}

static void teardown(void)
{
    cf_err err;
    cf_atomic_remove_tree(TMP, &err);
    cf_solution_release(&S);
    cf_problem_free(P);
}

TestSuite(plan_io, .init = setup, .fini = teardown, .timeout = 20);

/* ---- helpers ----------------------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *plan_path(const char *file)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", OUT, file);
    return buf;
}

static void write_plan(void)
{
    cf_err err;
    cr_assert_eq(cf_plan_write(OUT, P, &PRM, &S, &INFO, &err), CF_OK, "%s", err.msg);
}

/* Replaces field `col` (0-based) of line `line` (1-based) of a plan file;
 * test files hold no quoted fields. */
static void set_cell(const char *file, int line, int col, const char *value)
{
    char *text = slurp(plan_path(file)), *out = malloc(strlen(text) + strlen(value) + 1);
    const char *c = text;
    char *o = out;
    int ln = 1, cl = 0;
    for (; *c; c++) {
        if (ln == line && cl == col) {
            o += sprintf(o, "%s", value);
            while (*c && *c != ',' && *c != '\n')
                c++;
            cl = -1; /* done */
            if (!*c) break;
        }
        *o++ = *c;
        if (*c == '\n')
            ln++, cl = cl < 0 ? -1 : 0;
        else if (*c == ',' && ln == line && cl >= 0)
            cl++;
    }
    *o = '\0';
    cr_assert_eq(cl, -1, "%s has no line %d field %d", file, line, col);
    spit(plan_path(file), out);
    free(text);
    free(out);
}

static void replace_text(const char *file, const char *old, const char *new_text)
{
    char *text = slurp(plan_path(file)), *at = strstr(text, old), *out;
    cr_assert_not_null(at, "'%s' not in %s", old, file);
    out = malloc(strlen(text) + strlen(new_text) + 1);
    memcpy(out, text, (size_t)(at - text));
    strcpy(out + (at - text), new_text);
    strcat(out, at + strlen(old));
    spit(plan_path(file), out);
    free(text);
    free(out);
}

static void append_text(const char *file, const char *more)
{
    char *text = slurp(plan_path(file)), *out = malloc(strlen(text) + strlen(more) + 1);
    strcpy(out, text);
    strcat(out, more);
    spit(plan_path(file), out);
    free(text);
    free(out);
}

static cf_status run_check(cf_violations *v, cf_plan_totals *tot)
{
    cf_err err;
    cf_violations_init(v);
    return cf_plan_check(OUT, P, &PRM, v, tot, &err);
}

static void expect_finding(const char *needle)
{
    cf_violations v;
    int found = 0;
    cr_assert_eq(run_check(&v, NULL), CF_EINFEAS, "the check passed; wanted: %s", needle);
    for (int i = 0; i < v.len; i++)
        found |= strstr(v.msg[i], needle) != NULL;
    if (!found)
        for (int i = 0; i < v.len; i++)
            cr_log_error("got: %s", v.msg[i]);
    cr_assert(found, "no finding says: %s", needle);
    cf_violations_release(&v);
}

static void expect_clean(void)
{
    cf_violations v;
    cf_status rc = run_check(&v, NULL);
    for (int i = 0; i < v.len; i++)
        cr_log_error("finding: %s", v.msg[i]);
    cr_assert_eq(rc, CF_OK);
    cf_violations_release(&v);
}

static int count_tmp_siblings(void)
{
    DIR *d = opendir(TMP);
    struct dirent *e;
    int n = 0;
    cr_assert_not_null(d);
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".cofleet-tmp-") != NULL || strstr(e->d_name, ".old-") != NULL;
    closedir(d);
    return n;
}

/* ---- the files as written ---------------------------------------------------------------- */

Test(plan_io, routes_csv_has_the_figures_worked_out_on_paper)
{
    char *text;
    write_plan();
    text = slurp(plan_path("routes.csv"));
    cr_assert_str_eq(
        text, "vehicle,depot,seq,kind,order,courier,arrival,departure,load_weight,load_volume,km\n"
              "vanA,north,0,start,,A,,08:00,30.000,0.300000,0.000\n"
              "vanA,north,1,order,o0,A,08:05,08:15,20.000,0.200000,5.000\n"
              "vanA,north,2,order,o1,A,08:19,08:24,0.000,0.000000,9.000\n"
              "vanA,north,3,end,,A,08:27,,0.000,0.000000,12.000\n"
              "vanB,north,0,start,,B,,07:00,8.000,0.080000,0.000\n"
              "vanB,north,1,order,o2,B,07:03,07:03,3.000,0.030000,3.000\n"
              "vanB,north,2,order,o5,B,07:07,07:07,0.000,0.000000,7.000\n"
              "vanB,north,3,end,,B,07:12,,0.000,0.000000,12.000\n"
              "vanS,south,0,start,,A,,06:00,2.000,0.020000,0.000\n"
              "vanS,south,1,order,o4,A,06:03,06:03,0.000,0.000000,3.000\n"
              "vanS,south,2,end,,A,06:06,,0.000,0.000000,6.000\n");
    free(text);
    text = slurp(plan_path("unassigned.csv"));
    cr_assert_str_eq(text, "order,courier,reason,extra_cost\n"
                           "o3,C,sharing_rules,\n"
                           "o6,A,no_vehicle_with_skills,\n"
                           "o7,A,over_vehicle_capacity,\n");
    free(text);
}

Test(plan_io, manifests_list_vehicles_loads_and_couriers)
{
    char *text;
    write_plan();
    text = slurp(plan_path("depots/north.csv"));
    cr_assert_str_eq(text, "section,vehicle,courier,departure,return,orders,weight,volume,km\n"
                           "vehicle,vanB,B,07:00,07:12,2,8.000,0.080000,12.000\n"
                           "load,vanB,B,,,2,8.000,0.080000,\n"
                           "vehicle,vanA,A,08:00,08:27,2,30.000,0.300000,12.000\n"
                           "load,vanA,A,,,2,30.000,0.300000,\n"
                           "courier,,A,,,2,30.000,0.300000,\n"
                           "courier,,B,,,2,8.000,0.080000,\n"
                           "total,,,07:00,08:27,4,38.000,0.380000,24.000\n");
    free(text);
    text = slurp(plan_path("depots/south.csv"));
    cr_assert_str_eq(text, "section,vehicle,courier,departure,return,orders,weight,volume,km\n"
                           "vehicle,vanS,A,06:00,06:06,1,2.000,0.020000,6.000\n"
                           "load,vanS,A,,,1,2.000,0.020000,\n"
                           "courier,,A,,,1,2.000,0.020000,\n"
                           "total,,,06:00,06:06,1,2.000,0.020000,6.000\n");
    free(text);
}

Test(plan_io, summary_json_has_the_totals)
{
    json_error_t je;
    json_t *root, *c0, *d0;
    write_plan();
    root = json_load_file(plan_path("summary.json"), 0, &je);
    cr_assert_not_null(root, "%s", je.text);
    cr_assert_str_eq(json_string_value(json_object_get(root, "scenario")), "handmade");
    cr_assert_str_eq(json_string_value(json_object_get(root, "cofleet_version")), CF_VERSION);
    cr_assert_eq(json_integer_value(json_object_get(root, "seed")), 42);
    cr_assert_str_eq(json_string_value(json_object_get(root, "sharing")), "pooled");
    cr_assert_float_eq(json_number_value(json_object_get(root, "cost")), 348.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "cost_fixed")), 240.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "cost_distance")), 42.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "cost_time")), 9.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "cost_penalty")), 57.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "total_km")), 30.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "co2_kg")), 27.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "route_hours")), 0.75, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(root, "mean_load_factor")), 0.3056, 1e-9);
    cr_assert_eq(json_integer_value(json_object_get(root, "vehicles_used")), 3);
    cr_assert_eq(json_integer_value(json_object_get(root, "orders_served")), 5);
    cr_assert_eq(json_integer_value(json_object_get(root, "orders_unassigned")), 3);
    c0 = json_array_get(json_object_get(root, "couriers"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(c0, "id")), "A");
    cr_assert_float_eq(json_number_value(json_object_get(c0, "cost")), 187.0, 1e-9);
    cr_assert_float_eq(json_number_value(json_object_get(c0, "km")), 18.0, 1e-9);
    d0 = json_array_get(json_object_get(root, "depots"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(d0, "manifest")), "depots/north.csv");
    cr_assert_float_eq(json_number_value(json_object_get(d0, "utilisation_weight")), 0.38, 1e-9);
    cr_assert(json_is_null(json_object_get(d0, "utilisation_volume")));
    json_decref(root);
}

/* ---- read back and check ----------------------------------------------------------------- */

Test(plan_io, reads_back_the_same_solution)
{
    cf_plan pl;
    cf_violations v;
    cf_err err;
    write_plan();
    cf_violations_init(&v);
    cr_assert_eq(cf_plan_read(OUT, P, &pl, &v, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(v.total, 0);
    cr_assert_eq(pl.n_routes, 3);
    cr_assert_arr_eq(pl.sol.first, S.first, (size_t)P->n_vehicles * sizeof *S.first);
    cr_assert_arr_eq(pl.sol.next, S.next, (size_t)P->n_orders * sizeof *S.next);
    cr_assert_arr_eq(pl.sol.vehicle, S.vehicle, (size_t)P->n_orders * sizeof *S.vehicle);
    cr_assert_arr_eq(pl.sol.reason, S.reason, (size_t)P->n_orders * sizeof *S.reason);
    for (int v2 = 0; v2 < P->n_vehicles; v2++)
        if (S.first[v2] >= 0) cr_assert_eq(pl.sol.depart_s[v2], S.depart_s[v2]);
    cf_plan_release(&pl);
    cf_violations_release(&v);
}

Test(plan_io, a_written_plan_checks_clean)
{
    cf_violations v;
    cf_plan_totals tot;
    write_plan();
    cr_assert_eq(run_check(&v, &tot), CF_OK);
    cr_assert_eq(v.total, 0);
    cr_assert_eq(tot.routes, 3);
    cr_assert_eq(tot.served, 5);
    cr_assert_eq(tot.unassigned, 3);
    cr_assert_eq(tot.cost, HM_TOTAL_COST);
    cf_violations_release(&v);
}

Test(plan_io, ids_with_commas_quotes_and_utf8_round_trip)
{
    P->order_id[HM_O5] = hm_str(P, "o5, \"big\" caf\xC3\xA9");
    P->depot_id[0] = hm_str(P, "north/../x y");
    write_plan();
    cr_assert_eq(access(plan_path("depots/north%2f..%2fx%20y.csv"), F_OK), 0);
    expect_clean();
}

/* "A-2" and a collapsed "A/2", or two ids that differ
 * only by case, once shared a manifest.  Names are escaped, not collapsed,
 * so distinct ids always get distinct files, also where case is ignored. */
Test(plan_io, depot_file_names_are_injective)
{
    P->depot_id[0] = hm_str(P, "A-2");
    P->depot_id[1] = hm_str(P, "A/2");
    write_plan();
    cr_assert_eq(access(plan_path("depots/A-2.csv"), F_OK), 0);
    cr_assert_eq(access(plan_path("depots/A%2f2.csv"), F_OK), 0);
    expect_clean();
}

Test(plan_io, depot_ids_differing_in_case_get_names_differing_beyond_case)
{
    char **names;
    cf_arena a;
    P->depot_id[0] = hm_str(P, "Tokyo");
    P->depot_id[1] = hm_str(P, "tokyo");
    cf_arena_init(&a, 1024);
    names = cf_plan_depot_files(P, &a);
    cr_assert_not_null(names);
    cr_assert_str_eq(names[0], "%54okyo.csv");
    cr_assert_str_eq(names[1], "tokyo.csv");
    cr_assert_neq(strcasecmp(names[0], names[1]), 0);
    cf_arena_release(&a);
    write_plan();
    expect_clean();
}

Test(plan_io, a_figure_within_its_printed_precision_passes)
{
    write_plan();
    set_cell("routes.csv", 2, 8, "30.0004");
    set_cell("routes.csv", 5, 10, "12");
    expect_clean();
}

/* ---- tampering ----------------------------------------------------------------------------- */

Test(plan_io, catches_a_tampered_km)
{
    write_plan();
    set_cell("routes.csv", 5, 10, "12.001");
    expect_finding("routes.csv:5: column 'km': '12.001' written, 12.000 recomputed");
}

Test(plan_io, catches_a_tampered_arrival)
{
    write_plan();
    set_cell("routes.csv", 3, 6, "08:06");
    expect_finding("routes.csv:3: column 'arrival': '08:06' written, 08:05 recomputed");
}

Test(plan_io, catches_a_tampered_departure_that_moves_the_route)
{
    write_plan();
    set_cell("routes.csv", 2, 7, "09:00"); /* t0 is read from here: o0 is late */
    expect_finding("vehicle 'vanA': order 'o0' starts at 09:05 after its window ends at 09:00");
    expect_finding("routes.csv:3: column 'arrival': '08:05' written, 09:05 recomputed");
}

Test(plan_io, catches_a_tampered_load)
{
    write_plan();
    set_cell("routes.csv", 2, 8, "31.000");
    expect_finding("routes.csv:2: column 'load_weight': '31.000' written, 30.000 recomputed");
    set_cell("routes.csv", 2, 8, "heavy");
    expect_finding("routes.csv:2: column 'load_weight': 'heavy' is not a number");
}

Test(plan_io, catches_a_tampered_summary_total)
{
    json_error_t je;
    json_t *root;
    write_plan();
    root = json_load_file(plan_path("summary.json"), 0, &je);
    cr_assert_not_null(root);
    json_object_set_new(root, "cost", json_real(348.02));
    json_object_set_new(json_array_get(json_object_get(root, "couriers"), 1), "km",
                        json_real(12.5));
    json_dump_file(root, plan_path("summary.json"), JSON_INDENT(2));
    json_decref(root);
    expect_finding("summary.json: cost: 348.02 written, 348.00 recomputed");
    expect_finding("summary.json: couriers[1].km: 12.500 written, 12.000 recomputed");
}

Test(plan_io, catches_a_summary_key_missing_or_broken)
{
    write_plan();
    replace_text("summary.json", "\"total_km\"", "\"total_miles\"");
    expect_finding("summary.json: total_km: missing");
    spit(plan_path("summary.json"), "{ not json");
    expect_finding("summary.json:1:");
}

Test(plan_io, catches_a_tampered_manifest_count)
{
    write_plan();
    set_cell("depots/north.csv", 8, 5, "5");
    expect_finding("depots/north.csv:8: column 'orders': '5' written, 4 recomputed");
}

Test(plan_io, catches_a_manifest_missing_or_extra)
{
    char from[512];
    write_plan();
    snprintf(from, sizeof from, "%s", plan_path("depots/south.csv"));
    cr_assert_eq(rename(from, plan_path("depots/elsewhere.csv")), 0);
    expect_finding("depots/south.csv: missing (the manifest of DC 'south')");
    expect_finding("depots/elsewhere.csv: no DC has this manifest");
}

Test(plan_io, catches_a_manifest_row_missing)
{
    write_plan();
    replace_text("depots/north.csv", "courier,,B,,,2,8.000,0.080000,\n", "");
    expect_finding("depots/north.csv: 6 rows, 7 recomputed");
}

Test(plan_io, catches_a_missing_order)
{
    write_plan();
    replace_text("unassigned.csv", "o3,C,sharing_rules,\n", "");
    expect_finding("order 'o3' is in neither routes.csv nor unassigned.csv");
}

Test(plan_io, catches_a_duplicated_order)
{
    write_plan();
    append_text("unassigned.csv", "o0,A,not_placed_in_time,\n");
    expect_finding("unassigned.csv:5: order 'o0' is also on a route (routes.csv:3)");
    write_plan();
    append_text("unassigned.csv", "o3,C,sharing_rules,\n");
    expect_finding("unassigned.csv:5: order 'o3' is already listed at line 2");
    write_plan();
    set_cell("routes.csv", 11, 4, "o2"); /* vanS's stop becomes vanB's o2 */
    expect_finding("routes.csv:11: order 'o2' is already on a route at line 7");
    expect_finding("order 'o4' is in neither routes.csv nor unassigned.csv");
}

Test(plan_io, catches_unknown_ids_and_malformed_rows)
{
    write_plan();
    set_cell("unassigned.csv", 2, 0, "o99");
    set_cell("unassigned.csv", 3, 2, "lost_in_space");
    append_text("routes.csv", "vanX,north,0,start,,,,08:00,0,0,0\nshort,row\n");
    expect_finding("unassigned.csv:2: unknown order 'o99'");
    expect_finding("unassigned.csv:3: column 'reason': unknown reason 'lost_in_space'");
    expect_finding("routes.csv:13: unknown vehicle 'vanX'");
    expect_finding("routes.csv:14: 2 fields, the header has 11");
}

Test(plan_io, catches_a_broken_route_structure)
{
    write_plan();
    replace_text("routes.csv", "vanA,north,3,end,,A,08:27,,0.000,0.000000,12.000\n", "");
    set_cell("routes.csv", 8, 2, "7");
    expect_finding("routes.csv:2: route of vehicle 'vanA' has no end row");
    expect_finding("routes.csv:8: column 'seq': '7', expected '3'");
}

Test(plan_io, missing_routes_csv_is_an_input_error)
{
    cf_violations v;
    write_plan();
    cr_assert_eq(unlink(plan_path("routes.csv")), 0);
    cr_assert_eq(run_check(&v, NULL), CF_EIO);
    cf_violations_release(&v);
}

Test(plan_io, the_checker_runs_on_the_plan_read)
{
    write_plan();
    set_cell("routes.csv", 7, 0, "vanA"); /* vanB's o2 row claims vanA: the route is split */
    expect_finding("routes.csv:7: order row of vehicle 'vanA' inside the route of 'vanB'");
}

/* ---- atomic replacement ------------------------------------------------------------------ */

Test(plan_io, replaces_a_previous_plan_whole)
{
    char *before, *after;
    write_plan();
    before = slurp(plan_path("routes.csv"));
    cf_solution_clear_route(&S, HM_VANS, CF_REASON_NOT_PLACED_IN_TIME);
    write_plan();
    after = slurp(plan_path("routes.csv"));
    cr_assert_str_neq(before, after);
    cr_assert_null(strstr(after, "vanS"));
    cr_assert_eq(count_tmp_siblings(), 0);
    expect_clean();
    free(before);
    free(after);
}

Test(plan_io, a_failed_write_leaves_the_previous_plan_untouched)
{
    char *routes, *summary, *again;
    pid_t pid;
    int status;

    write_plan();
    routes = slurp(plan_path("routes.csv"));
    summary = slurp(plan_path("summary.json"));
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        /* Root ignores permissions: a file-size limit makes the write fail. */
        struct rlimit rl = {300, 300};
        cf_err err;
        cf_status rc;
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        cf_solution_clear_route(&S, HM_VANS, CF_REASON_NOT_PLACED_IN_TIME);
        rc = cf_plan_write(OUT, P, &PRM, &S, &INFO, &err);
        _exit(rc == CF_EIO && strstr(err.msg, "File too large") ? 0 : 1);
    }
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the write did not fail as expected");
    again = slurp(plan_path("routes.csv"));
    cr_assert_str_eq(again, routes);
    free(again);
    again = slurp(plan_path("summary.json"));
    cr_assert_str_eq(again, summary);
    free(again);
    cr_assert_eq(count_tmp_siblings(), 0);
    expect_clean();
    free(routes);
    free(summary);
}

Test(plan_io, a_path_under_a_regular_file_fails_cleanly)
{
    char file[400], out[450];
    cf_err err;
    snprintf(file, sizeof file, "%s/afile", TMP);
    snprintf(out, sizeof out, "%s/plan", file);
    spit(file, "keep me\n");
    cr_assert_eq(cf_plan_write(out, P, &PRM, &S, &INFO, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, "afile"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "Not a directory"), "%s", err.msg);
    cr_assert_eq(count_tmp_siblings(), 0);
}

Test(plan_io, refuses_to_replace_a_directory_that_is_not_a_plan)
{
    char keep[400];
    cf_err err;
    cr_assert_eq(mkdir(OUT, 0777), 0);
    snprintf(keep, sizeof keep, "%s/orders.csv", OUT);
    spit(keep, "id,courier\n");
    cr_assert_eq(cf_plan_write(OUT, P, &PRM, &S, &INFO, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "holds a scenario"), "%s", err.msg);
    cr_assert_eq(access(keep, F_OK), 0);
    cr_assert_eq(count_tmp_siblings(), 0);
}

static cf_status fill_hello(FILE *f, void *ctx, cf_err *err)
{
    (void)err;
    fputs((const char *)ctx, f);
    return CF_OK;
}

static cf_status fill_fails(FILE *f, void *ctx, cf_err *err)
{
    (void)ctx;
    fputs("partial", f);
    return cf_err_set(err, CF_EINVAL, "refused");
}

Test(plan_io, atomic_write_file_replaces_or_keeps)
{
    char path[400], *text, first[] = "first\n", second[] = "second\n";
    cf_err err;
    snprintf(path, sizeof path, "%s/one.txt", TMP);
    cr_assert_eq(cf_atomic_write_file(path, fill_hello, first, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_atomic_write_file(path, fill_fails, NULL, &err), CF_EINVAL);
    text = slurp(path);
    cr_assert_str_eq(text, "first\n");
    free(text);
    cr_assert_eq(cf_atomic_write_file(path, fill_hello, second, &err), CF_OK);
    text = slurp(path);
    cr_assert_str_eq(text, "second\n");
    free(text);
    cr_assert_eq(count_tmp_siblings(), 0);
}

Test(plan_io, out_of_memory_leaves_nothing_behind)
{
    cf_err err;
    cf_status rc;
    long n = 0;
    do {
        cf_alloc_fail_after(n++);
        rc = cf_plan_write(OUT, P, &PRM, &S, &INFO, &err);
        cf_alloc_fail_after(-1);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
        if (rc != CF_OK) cr_assert_eq(access(OUT, F_OK), -1, "n=%ld: a plan was left", n);
        cr_assert_eq(count_tmp_siblings(), 0);
    } while (rc != CF_OK);
    n = 0;
    do {
        cf_violations v;
        cf_violations_init(&v);
        cf_alloc_fail_after(n++);
        rc = cf_plan_check(OUT, P, &PRM, &v, NULL, &err);
        cf_alloc_fail_after(-1);
        cf_violations_release(&v);
        cr_assert(rc == CF_OK || rc == CF_ENOMEM, "n=%ld: %s", n, err.msg);
    } while (rc != CF_OK);
}

/* ---- cofleet check, end to end ------------------------------------------------------------ */

/* Runs `$CF_BIN check ARGS`; returns the exit code, stdout in out[size]. */
static int run_cli(const char *args, char *out, size_t size)
{
    const char *bin = getenv("CF_BIN");
    char cmd[1500];
    FILE *f;
    size_t n;
    int status;
    snprintf(cmd, sizeof cmd, "%s check %s 2>/dev/null", bin, args);
    f = popen(cmd, "r");
    cr_assert_not_null(f);
    n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    status = pclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(plan_io, cofleet_check_verdicts_and_exit_codes)
{
    char scen[400], path[500], args[1200], out[4096];
    cf_params prm;
    cf_problem *p;
    cf_solution s;
    cf_err err;
    int route[2];

    if (!getenv("CF_BIN")) cr_skip_test("CF_BIN is not set (run through ctest)");
    snprintf(scen, sizeof scen, "%s/scen", TMP);
    cr_assert_eq(mkdir(scen, 0777), 0);
    snprintf(path, sizeof path, "%s/orders.csv", scen);
    spit(path, "id,courier,x,y,weight,volume,tw_start,tw_end,service_min\n"
               "o0,A,3,4,10,0.1,08:00,09:00,10\n"
               "o1,A,3,0,20,0.2,,,5\n");
    snprintf(path, sizeof path, "%s/depots.csv", scen);
    spit(path, "id,x,y,open,close\nnorth,0,0,06:00,20:00\n");
    snprintf(path, sizeof path, "%s/vehicles.csv", scen);
    spit(path, "id,courier,depot,cap_weight,cap_volume,fixed_cost,cost_per_km,cost_per_hour,"
               "shift_start,shift_end\n"
               "vanA,A,north,50,1,100,1,20,07:00,19:00\n");
    cr_assert_eq(cf_scenario_load(scen, NULL, &prm, &p, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    route[0] = cf_problem_find_order(p, "o0");
    route[1] = cf_problem_find_order(p, "o1");
    cf_solution_set_route(&s, cf_problem_find_vehicle(p, "vanA"), route, 2, HM_H(8, 0));
    cr_assert_eq(cf_plan_write(OUT, p, &prm, &s, &INFO, &err), CF_OK, "%s", err.msg);
    cf_solution_release(&s);
    cf_problem_free(p);

    snprintf(args, sizeof args, "%s %s", scen, OUT);
    cr_assert_eq(run_cli(args, out, sizeof out), 0, "%s", out);
    cr_assert_str_eq(out, "plan valid: 1 routes, 2 orders served, 0 unassigned, cost 121.00\n");

    set_cell("routes.csv", 5, 10, "12.5");
    cr_assert_eq(run_cli(args, out, sizeof out), 3, "%s", out);
    cr_assert_str_eq(out, "routes.csv:5: column 'km': '12.5' written, 12.000 recomputed\n"
                          "plan invalid: 1 violations\n");
    snprintf(args, sizeof args, "%s %s --quiet", scen, OUT);
    cr_assert_eq(run_cli(args, out, sizeof out), 3, "%s", out);
    cr_assert_str_eq(out, "plan invalid: 1 violations\n");

    snprintf(args, sizeof args, "%s %s/nothing-here", scen, TMP);
    cr_assert_eq(run_cli(args, out, sizeof out), 2);
    cr_assert_eq(run_cli(scen, out, sizeof out), 1);
    cr_assert_eq(run_cli("--help", out, sizeof out), 0);
    cr_assert_not_null(strstr(out, "usage: cofleet check"));
}
