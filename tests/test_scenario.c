/*
 * Scenario loading.  Each test writes a scenario into a fresh temporary
 * directory: the base scenario below (2 DCs, 3 orders, 2 vehicle rows, lat/lon)
 * with one mutation, so that a bad-input case changes exactly one thing.
 * Line numbers in expected messages are physical lines (header = 1).
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/scenario/params.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* Criterion passes a test whose worker leaks; ask LeakSanitizer here instead. */
#define ASSERT_NO_LEAKS() cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked")
#else
#define ASSERT_NO_LEAKS() ((void)0)
#endif

enum { F_ORDERS, F_DEPOTS, F_VEHICLES, F_COURIERS, F_MATRIX, F_INI, F_COUNT };
static const char *const file_names[F_COUNT] = {"orders.csv",   "depots.csv", "vehicles.csv",
                                                "couriers.csv", "matrix.csv", "scenario.ini"};

#define BASE_DEPOTS                                                                                \
    "id,name,lat,lon,open,close,cap_weight,cap_volume,fixed_cost,couriers\n"                       \
    "dc1,Depot One,52.52,13.40,06:00,22:00,,,100,\n"                                               \
    "dc2,Depot Two,52.40,13.10,05:00,23:00,5000,40,,acme\n"
#define BASE_ORDERS                                                                                \
    "id,courier,lat,lon,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n"          \
    "o1,acme,52.50,13.41,10,0.1,08:00,12:00,5,cold,,\n"                                            \
    "o2,bolt,52.51,13.38,2.5,,09:00,,3,,50,dc1\n"                                                  \
    "o3,acme,52.49,13.45,1,0.02,,18:00,,,,\n"
#define BASE_VEHICLES                                                                              \
    "id,courier,depot,count,cap_weight,cap_volume,fixed_cost,cost_per_km,cost_per_hour,"           \
    "shift_start,shift_end,max_duration_min,max_distance_km,speed_kmh,skills\n"                    \
    "van,acme,dc1,2,800,6,50,0.8,20,07:00,19:00,600,250,25,cold\n"                                 \
    "bike,,dc2,1,30,0.2,,,,,,,,,\n"

/* The scenario of one test: file texts, NULL for an absent file. */
typedef struct scn {
    char *text[F_COUNT];
} scn;

static scn base(void)
{
    scn s;
    memset(&s, 0, sizeof s);
    s.text[F_ORDERS] = strdup(BASE_ORDERS);
    s.text[F_DEPOTS] = strdup(BASE_DEPOTS);
    s.text[F_VEHICLES] = strdup(BASE_VEHICLES);
    return s;
}

static void scn_free(scn *s)
{
    for (int i = 0; i < F_COUNT; i++)
        free(s->text[i]);
}

static void set(scn *s, int file, const char *text)
{
    free(s->text[file]);
    s->text[file] = text ? strdup(text) : NULL;
}

/* Replaces the first `from` in file by `to`; the test fails if it is absent. */
static void mut(scn *s, int file, const char *from, const char *to)
{
    char *t = s->text[file];
    cr_assert_not_null(t);
    char *at = strstr(t, from);
    cr_assert_not_null(at, "'%s' not in %s", from, file_names[file]);
    size_t pre = (size_t)(at - t), fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
    char *n = malloc(pre + tl + rest + 1);
    memcpy(n, t, pre);
    memcpy(n + pre, to, tl);
    memcpy(n + pre + tl, at + fl, rest + 1);
    free(t);
    s->text[file] = n;
}

static char dir_buf[64];

static const char *write_scn(const scn *s)
{
    snprintf(dir_buf, sizeof dir_buf, "/tmp/cf_scn_XXXXXX");
    cr_assert_not_null(mkdtemp(dir_buf));
    for (int i = 0; i < F_COUNT; i++) {
        char path[128];
        if (!s->text[i]) continue;
        snprintf(path, sizeof path, "%s/%s", dir_buf, file_names[i]);
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        fwrite(s->text[i], 1, strlen(s->text[i]), f);
        fclose(f);
    }
    return dir_buf;
}

static void remove_scn(const char *dir)
{
    for (int i = 0; i < F_COUNT; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static cf_status load(const scn *s, const cf_params *cli, cf_params *eff, cf_problem **p,
                      cf_err *err)
{
    const char *dir = write_scn(s);
    memset(err, 0, sizeof *err);
    cf_status rc = cf_scenario_load(dir, cli, eff, p, err);
    remove_scn(dir);
    return rc;
}

/* Loads s (freed here) and expects status `code` and exactly message `msg`. */
static void expect_error(scn *s, cf_status code, const char *msg)
{
    cf_problem *p = (cf_problem *)1;
    cf_err err;
    cf_status rc = load(s, NULL, NULL, &p, &err);
    scn_free(s);
    cr_assert_eq(rc, code, "status %s, message: %s", cf_status_str(rc), err.msg);
    cr_assert_null(p);
    cr_assert_str_eq(err.msg, msg);
    ASSERT_NO_LEAKS();
}

/* Loads s (freed here), which must succeed. */
static cf_problem *expect_ok(scn *s, const cf_params *cli, cf_params *eff)
{
    cf_problem *p = NULL;
    cf_err err;
    cf_status rc = load(s, cli, eff, &p, &err);
    scn_free(s);
    cr_assert_eq(rc, CF_OK, "status %s, message: %s", cf_status_str(rc), err.msg);
    cr_assert_not_null(p);
    return p;
}

/* matrix.csv over dc1 dc2 o1 o2 o3 (nodes 0..4): every needed pair except
 * skip_i -> skip_j; km = 10 i + j + 0.5, minutes = i + 2 j. */
static char *matrix_text(int skip_i, int skip_j, bool durations)
{
    static const char *ids[] = {"dc1", "dc2", "o1", "o2", "o3"};
    char *buf = malloc(4096);
    size_t len = (size_t)sprintf(buf, durations ? "from,to,distance_km,duration_min\n"
                                                : "from,to,distance_km\n");
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            if (i == j || (i < 2 && j < 2) || (i == skip_i && j == skip_j)) continue;
            len += (size_t)sprintf(buf + len, "%s,%s,%.1f", ids[i], ids[j], 10.0 * i + j + 0.5);
            if (durations) len += (size_t)sprintf(buf + len, ",%d", i + 2 * j);
            buf[len++] = '\n';
            buf[len] = '\0';
        }
    }
    return buf;
}

static void set_matrix(scn *s, int skip_i, int skip_j, bool durations)
{
    free(s->text[F_MATRIX]);
    s->text[F_MATRIX] = matrix_text(skip_i, skip_j, durations);
}

/* ==== good inputs ======================================================= */

Test(scenario, loads_base_with_defaults)
{
    scn s = base();
    cf_params eff;
    cf_problem *p = expect_ok(&s, NULL, &eff);

    cr_assert_str_eq(p->name, strrchr(dir_buf, '/') + 1, "name defaults to the directory's");
    cr_assert_eq(p->n_depots, 2);
    cr_assert_eq(p->n_orders, 3);
    cr_assert_eq(p->n_vehicles, 3);
    cr_assert_eq(p->n_couriers, 2);
    cr_assert_eq(p->n_skills, 1);
    cr_assert_eq(p->coord_kind, CF_COORD_LATLON);
    cr_assert_float_eq(p->road_factor, 1.3, 1e-12);
    cr_assert_eq(p->sharing, CF_SHARING_POOLED);
    cr_assert_null(p->mat_dist);
    cr_assert_null(p->mat_dur);
    cr_assert_not_null(p->ux);

    /* couriers: first seen in orders, then vehicles; all share */
    cr_assert_str_eq(p->courier_id[0], "acme");
    cr_assert_str_eq(p->courier_id[1], "bolt");
    cr_assert_str_eq(p->courier_name[1], "bolt");
    cr_assert(p->courier_share[0] && p->courier_share[1]);
    cr_assert_str_eq(p->skill_name[0], "cold");

    /* depots: x = lon, y = lat */
    cr_assert_str_eq(p->depot_name[0], "Depot One");
    cr_assert_float_eq(p->x[0], 13.40, 1e-12);
    cr_assert_float_eq(p->y[0], 52.52, 1e-12);
    cr_assert_eq(p->depot_open[0], 6 * 3600);
    cr_assert_eq(p->depot_close[0], 22 * 3600);
    cr_assert_eq(p->depot_cap[0 * CF_DIMS + CF_DIM_WEIGHT], CF_AMOUNT_INF);
    cr_assert_eq(p->depot_cap[0 * CF_DIMS + CF_DIM_VOLUME], CF_AMOUNT_INF);
    cr_assert_eq(p->depot_cap[1 * CF_DIMS + CF_DIM_WEIGHT], 5000000);
    cr_assert_eq(p->depot_cap[1 * CF_DIMS + CF_DIM_VOLUME], 40000000);
    cr_assert_eq(p->depot_fixed_cost[0], 100000000);
    cr_assert_eq(p->depot_fixed_cost[1], 0);
    cr_assert_eq(p->depot_couriers[0], 3, "empty list: every courier");
    cr_assert_eq(p->depot_couriers[1], 1, "acme only");

    /* orders */
    cr_assert_str_eq(p->order_id[0], "o1");
    cr_assert_eq(p->order_courier[1], 1);
    cr_assert_float_eq(p->x[2], 13.41, 1e-12);
    cr_assert_eq(p->order_demand[0 * CF_DIMS + CF_DIM_WEIGHT], 10000);
    cr_assert_eq(p->order_demand[0 * CF_DIMS + CF_DIM_VOLUME], 100000);
    cr_assert_eq(p->order_demand[1 * CF_DIMS + CF_DIM_WEIGHT], 2500);
    cr_assert_eq(p->order_demand[1 * CF_DIMS + CF_DIM_VOLUME], 0);
    cr_assert_eq(p->order_tw_start[0], 8 * 3600);
    cr_assert_eq(p->order_tw_end[0], 12 * 3600);
    cr_assert_eq(p->order_tw_end[1], CF_TIME_INF);
    cr_assert_eq(p->order_tw_start[2], 0);
    cr_assert_eq(p->order_service[0], 300);
    cr_assert_eq(p->order_service[2], 0);
    cr_assert_eq(p->order_skills[0], 1);
    cr_assert_eq(p->order_skills[1], 0);
    cr_assert_eq(p->order_penalty[0], CF_MANDATORY);
    cr_assert_eq(p->order_penalty[1], 50000000);
    cr_assert_eq(p->order_depot[0], -1);
    cr_assert_eq(p->order_depot[1], 0);

    /* vehicles: count 2 expands */
    cr_assert_str_eq(p->veh_id[0], "van#1");
    cr_assert_str_eq(p->veh_id[1], "van#2");
    cr_assert_str_eq(p->veh_id[2], "bike");
    cr_assert_eq(p->veh_row[1], 0);
    cr_assert_eq(p->veh_row[2], 1);
    cr_assert_eq(p->veh_courier[0], 0);
    cr_assert_eq(p->veh_courier[2], -1, "empty courier: shared fleet");
    cr_assert_eq(p->veh_depot[2], 1);
    cr_assert_eq(p->veh_cap[0 * CF_DIMS + CF_DIM_WEIGHT], 800000);
    cr_assert_eq(p->veh_cap[0 * CF_DIMS + CF_DIM_VOLUME], 6000000);
    cr_assert_eq(p->veh_fixed_cost[0], 50000000);
    cr_assert_eq(p->veh_fixed_cost[2], 0);
    cr_assert_eq(p->veh_cost_per_dist[0], 800, "0.8 per km = 800 micro per metre");
    cr_assert_eq(p->veh_cost_per_dist[2], 1000, "default 1 per km");
    cr_assert_eq(p->veh_cost_per_hour[0], 20000000);
    cr_assert_eq(p->veh_cost_per_hour[2], 0);
    cr_assert_eq(p->veh_shift_start[0], 7 * 3600);
    cr_assert_eq(p->veh_shift_end[0], 19 * 3600);
    cr_assert_eq(p->veh_shift_start[2], 5 * 3600, "default: the DC's hours");
    cr_assert_eq(p->veh_shift_end[2], 23 * 3600);
    cr_assert_eq(p->veh_max_duration[0], 36000);
    cr_assert_eq(p->veh_max_duration[2], CF_TIME_INF);
    cr_assert_eq(p->veh_max_dist[0], 250000);
    cr_assert_eq(p->veh_max_dist[2], CF_DIST_INF);
    cr_assert_float_eq(p->veh_speed_kmh[0], 25.0, 1e-12);
    cr_assert_float_eq(p->veh_speed_kmh[2], 30.0, 1e-12, "lat/lon default");
    cr_assert_float_eq(p->veh_s_per_dist[2], 0.12, 1e-12);
    cr_assert_eq(p->veh_skills[0], 1);
    cr_assert_eq(p->veh_skills[2], 0);

    cr_assert_eq(cf_problem_find_vehicle(p, "van#2"), 1);
    cr_assert_gt(cf_dist(p, 0, 2), 0);
    cf_problem_free(p);
}

Test(scenario, bom_and_crlf)
{
    scn s = base();
    char buf[1024] = "\xEF\xBB\xBF";
    for (const char *c = BASE_ORDERS; *c; c++) {
        size_t n = strlen(buf);
        if (*c == '\n') buf[n++] = '\r';
        buf[n++] = *c;
        buf[n] = '\0';
    }
    set(&s, F_ORDERS, buf);
    mut(&s, F_DEPOTS, "id,name", "\xEF\xBB\xBFid,name");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_str_eq(p->order_id[0], "o1");
    cr_assert_str_eq(p->order_id[2], "o3");
    cr_assert_eq(p->order_tw_end[2], 18 * 3600);
    cr_assert_str_eq(p->depot_id[0], "dc1");
    cf_problem_free(p);
}

Test(scenario, crlf_keeps_line_numbers)
{
    scn s = base();
    set(&s, F_ORDERS,
        "id,courier,lat,lon,weight\r\n\r\no1,acme,52.5,13.4,1\r\n"
        "o2,acme,52.5,13.4,-1\r\n");
    expect_error(&s, CF_EPARSE, "orders.csv:4: column 'weight': '-1' must be >= 0");
}

Test(scenario, quoted_commas_quotes_and_newlines)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", "\"Depot \"\"One\"\", Mitte\"");
    mut(&s, F_DEPOTS, "Depot Two", "\"Two\nlines\"");
    mut(&s, F_ORDERS, "o1,acme", "\"o1\",\"acme\"");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_str_eq(p->depot_name[0], "Depot \"One\", Mitte");
    cr_assert_str_eq(p->depot_name[1], "Two\nlines");
    cr_assert_str_eq(p->order_id[0], "o1");
    cf_problem_free(p);
}

Test(scenario, line_numbers_count_quoted_newlines)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", "\"One\non two lines\"");
    mut(&s, F_DEPOTS, "5000", "-5000");
    expect_error(&s, CF_EPARSE, "depots.csv:4: column 'cap_weight': '-5000' must be >= 0");
}

Test(scenario, utf8_names)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", "東京 Hub");
    mut(&s, F_ORDERS, "o2,bolt", "o2,Müller & Söhne");
    mut(&s, F_ORDERS, "o3,", "Bestellung-ü,");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_str_eq(p->depot_name[0], "東京 Hub");
    cr_assert_str_eq(p->courier_id[1], "Müller & Söhne");
    cr_assert_eq(cf_problem_find_order(p, "Bestellung-ü"), 2);
    cf_problem_free(p);
}

Test(scenario, shuffled_and_extra_columns_warn, .init = cr_redirect_stderr)
{
    scn s = base();
    set(&s, F_ORDERS,
        " Weight ,LON,Id,Notes,lat,COURIER\n"
        "10,13.41,o1,ring twice,52.50,acme\n"
        "2.5,13.38,o2,,52.51,bolt\n");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_orders, 2);
    cr_assert_str_eq(p->order_id[1], "o2");
    cr_assert_eq(p->order_demand[1 * CF_DIMS + CF_DIM_WEIGHT], 2500);
    cr_assert_float_eq(p->x[2 + 0], 13.41, 1e-12);
    cr_assert_float_eq(p->y[2 + 1], 52.51, 1e-12);
    cr_assert_eq(p->order_tw_end[0], CF_TIME_INF);
    cf_problem_free(p);
    fflush(stderr);
    cr_assert_stderr_eq_str("orders.csv: warning: unknown column 'Notes' ignored\n");
}

Test(scenario, mixed_time_notations)
{
    scn s = base();
    mut(&s, F_ORDERS, "08:00,12:00", "08:30,24:30");
    mut(&s, F_ORDERS, "09:00,,", "510,25:30:15,");
    mut(&s, F_ORDERS, ",18:00", "7:05,1080.5");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->order_tw_start[0], 8 * 3600 + 30 * 60);
    cr_assert_eq(p->order_tw_end[0], 24 * 3600 + 30 * 60);
    cr_assert_eq(p->order_tw_start[1], 510 * 60);
    cr_assert_eq(p->order_tw_end[1], 25 * 3600 + 30 * 60 + 15);
    cr_assert_eq(p->order_tw_start[2], 7 * 3600 + 5 * 60);
    cr_assert_eq(p->order_tw_end[2], 1080 * 60 + 30);
    cf_problem_free(p);
}

Test(scenario, empty_cells_take_defaults)
{
    scn s = base();
    mut(&s, F_VEHICLES, "van,acme,dc1,2,800,6,50,0.8,20,07:00,19:00,600,250,25,cold",
        "van,acme,dc1,,800,,,,,,,,,,");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_vehicles, 2);
    cr_assert_str_eq(p->veh_id[0], "van", "count 1 keeps the id");
    cr_assert_eq(p->veh_cap[CF_DIM_VOLUME], CF_AMOUNT_INF);
    cr_assert_eq(p->veh_cost_per_dist[0], 1000);
    cr_assert_eq(p->veh_shift_start[0], 6 * 3600);
    cr_assert_eq(p->veh_shift_end[0], 22 * 3600);
    cr_assert_eq(p->veh_skills[0], 0);
    cf_problem_free(p);
}

Test(scenario, shift_is_clipped_to_dc_hours)
{
    scn s = base();
    mut(&s, F_VEHICLES, "07:00,19:00", "04:00,23:30");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->veh_shift_start[0], 6 * 3600);
    cr_assert_eq(p->veh_shift_end[0], 22 * 3600);
    cf_problem_free(p);
}

Test(scenario, count_expands_ids)
{
    scn s = base();
    mut(&s, F_VEHICLES, "van,acme,dc1,2", "van,acme,dc1,12");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_vehicles, 13);
    cr_assert_str_eq(p->veh_id[0], "van#1");
    cr_assert_str_eq(p->veh_id[11], "van#12");
    cr_assert_eq(p->veh_row[11], 0);
    cr_assert_eq(p->veh_row[12], 1);
    cr_assert_eq(p->veh_cap[11 * CF_DIMS], 800000);
    cf_problem_free(p);
}

Test(scenario, couriers_file_sets_order_names_and_share)
{
    scn s = base();
    set(&s, F_COURIERS, "id,name,share\nbolt,Bolt Express,no\nacme,Acme Ltd,\nidle,,YES\n");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_couriers, 3);
    cr_assert_str_eq(p->courier_id[0], "bolt");
    cr_assert_str_eq(p->courier_name[0], "Bolt Express");
    cr_assert_str_eq(p->courier_name[2], "idle");
    cr_assert_not(p->courier_share[0]);
    cr_assert(p->courier_share[1] && p->courier_share[2]);
    cr_assert_eq(p->order_courier[0], 1);
    cr_assert_eq(p->veh_courier[0], 1);
    cr_assert_eq(p->depot_couriers[0], 7);
    cr_assert_eq(p->depot_couriers[1], 2);
    cf_problem_free(p);
}

Test(scenario, couriers_from_vehicles_when_absent)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,,dc2", "bike,zeta,dc2");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_couriers, 3);
    cr_assert_str_eq(p->courier_id[2], "zeta");
    cr_assert_eq(p->veh_courier[2], 2);
    cr_assert_eq(p->depot_couriers[0], 7);
    cf_problem_free(p);
}

Test(scenario, matrix_fills_tables)
{
    scn s = base();
    set_matrix(&s, -1, -1, true);
    cf_problem *p = expect_ok(&s, NULL, NULL);
    int n = cf_problem_n_nodes(p);
    cr_assert_eq(n, 5);
    cr_assert_not_null(p->mat_dist);
    cr_assert_not_null(p->mat_dur);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (i == j) {
                cr_assert_eq(p->mat_dist[i * n + j], 0);
                continue;
            }
            if (i < 2 && j < 2) {
                cr_assert_gt(p->mat_dist[i * n + j], 0, "DC to DC from coordinates");
                continue;
            }
            cr_assert_eq(p->mat_dist[i * n + j], (10 * i + j) * 1000 + 500, "%d %d", i, j);
            cr_assert_eq(p->mat_dur[i * n + j], (i + 2 * j) * 60);
            cr_assert_eq(cf_dist(p, i, j), (10 * i + j) * 1000 + 500);
            cr_assert_eq(cf_travel_s(p, 0, i, j), (i + 2 * j) * 60);
        }
    }
    cf_problem_free(p);
}

Test(scenario, matrix_without_durations)
{
    scn s = base();
    set_matrix(&s, -1, -1, false);
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_not_null(p->mat_dist);
    cr_assert_null(p->mat_dur);
    cr_assert_eq(cf_dist(p, 4, 0), 40500);
    cf_problem_free(p);
}

Test(scenario, plane_coordinates)
{
    scn s = base();
    set(&s, F_DEPOTS, "id,x,y\ndc1,0,0\ndc2,10,0\n");
    set(&s, F_ORDERS, "id,courier,x,y,weight\no1,acme,3,4,1\no2,acme,-6,8,1\n");
    set(&s, F_VEHICLES, "id,depot,cap_weight\nvan,dc1,100\n");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->coord_kind, CF_COORD_PLANE);
    cr_assert_float_eq(p->x[3], -6.0, 1e-12);
    cr_assert_float_eq(p->veh_speed_kmh[0], 60.0, 1e-12, "x/y default");
    cr_assert_eq(cf_dist(p, 0, 2), 5000);
    cr_assert_eq(cf_dist(p, 0, 3), 10000);
    cr_assert_eq(cf_travel_s(p, 0, 0, 2), 300);
    cr_assert_eq(p->depot_close[0], CF_TIME_INF);
    cr_assert_eq(p->veh_shift_end[0], CF_TIME_INF);
    cr_assert_eq(p->depot_couriers[1], 1);
    cf_problem_free(p);
}

Test(scenario, name_from_directory_with_trailing_slash)
{
    scn s = base();
    char path[80];
    cf_problem *p;
    cf_err err;
    const char *dir = write_scn(&s);
    scn_free(&s);
    snprintf(path, sizeof path, "%s//", dir);
    cf_status rc = cf_scenario_load(path, NULL, NULL, &p, &err);
    remove_scn(dir);
    cr_assert_eq(rc, CF_OK, "%s", err.msg);
    cr_assert_str_eq(p->name, strrchr(dir, '/') + 1);
    cf_problem_free(p);
}

Test(scenario, ini_and_cli_precedence)
{
    scn s = base();
    cf_params cli, eff;
    cf_err err;
    set(&s, F_INI,
        "[scenario]\nname = Berlin night\nsharing = separate\nseed = 7\n"
        "threads = 3\nroad_factor = 1.5\n");
    cf_params_defaults(&cli);
    cr_assert_eq(cf_params_set(&cli, "seed", "9", &err), CF_OK);
    cr_assert_eq(cf_params_set(&cli, "road_factor", "1.1", &err), CF_OK);
    cf_problem *p = expect_ok(&s, &cli, &eff);
    cr_assert_eq(eff.seed, 9, "cli beats ini");
    cr_assert_eq(eff.threads, 3, "ini beats default");
    cr_assert_float_eq(eff.time_limit_s, 30.0, 1e-12, "default");
    cr_assert_str_eq(eff.name, "Berlin night");
    cr_assert_str_eq(p->name, "Berlin night");
    cr_assert_eq(p->sharing, CF_SHARING_SEPARATE);
    cr_assert_float_eq(p->road_factor, 1.1, 1e-12);
    cf_problem_free(p);
}

Test(scenario, cli_sharing_without_ini)
{
    scn s = base();
    cf_params cli, eff;
    cf_err err;
    cf_params_defaults(&cli);
    cr_assert_eq(cf_params_set(&cli, "sharing", "separate", &err), CF_OK);
    cf_problem *p = expect_ok(&s, &cli, &eff);
    cr_assert_eq(p->sharing, CF_SHARING_SEPARATE);
    cr_assert_eq(eff.seed, 1);
    cf_problem_free(p);
}

Test(scenario, no_final_newline_and_blank_lines)
{
    scn s = base();
    set(&s, F_ORDERS,
        "id,courier,lat,lon,weight\n\n  \no1,acme,52.5,13.4,1\n\no2,acme,52.5,13.4,2");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_orders, 2);
    cr_assert_eq(p->order_demand[1 * CF_DIMS], 2000);
    cf_problem_free(p);
}

Test(scenario, unknown_order_skill_is_not_an_error)
{
    scn s = base();
    mut(&s, F_ORDERS, "3,,50,dc1", "3,alcohol; frozen ;,50,dc1");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cr_assert_eq(p->n_skills, 3);
    cr_assert_str_eq(p->skill_name[2], "frozen");
    cr_assert_eq(p->order_skills[1], 6);
    cf_problem_free(p);
}

/* ==== bad inputs: files and structure =================================== */

Test(scenario_bad, missing_directory)
{
    cf_problem *p;
    cf_err err;
    cr_assert_eq(cf_scenario_load("/nonexistent/cofleet", NULL, NULL, &p, &err), CF_EIO);
    cr_assert_null(p);
    cr_assert_str_eq(err.msg, "/nonexistent/cofleet: no such directory");
}

Test(scenario_bad, missing_orders_file)
{
    scn s = base();
    set(&s, F_ORDERS, NULL);
    expect_error(&s, CF_EIO, "orders.csv: no such file");
}

Test(scenario_bad, missing_depots_file)
{
    scn s = base();
    set(&s, F_DEPOTS, NULL);
    expect_error(&s, CF_EIO, "depots.csv: no such file");
}

Test(scenario_bad, empty_directory_names_orders_first)
{
    scn s = base();
    set(&s, F_ORDERS, NULL);
    set(&s, F_DEPOTS, NULL);
    set(&s, F_VEHICLES, NULL);
    expect_error(&s, CF_EIO, "orders.csv: no such file");
}

Test(scenario_bad, missing_vehicles_file)
{
    scn s = base();
    set(&s, F_VEHICLES, NULL);
    expect_error(&s, CF_EIO, "vehicles.csv: no such file");
}

Test(scenario_bad, missing_required_column, .init = cr_redirect_stderr)
{
    scn s = base();
    mut(&s, F_ORDERS, "weight", "wt");
    expect_error(&s, CF_EPARSE, "orders.csv: missing required column 'weight'");
}

Test(scenario_bad, missing_coordinate_columns, .init = cr_redirect_stderr)
{
    scn s = base();
    mut(&s, F_DEPOTS, "lat,lon", "latitude,longitude");
    expect_error(&s, CF_EPARSE, "depots.csv: missing required columns 'lat,lon' or 'x,y'");
}

Test(scenario_bad, half_a_coordinate_pair, .init = cr_redirect_stderr)
{
    scn s = base();
    mut(&s, F_ORDERS, "lat,lon", "lat,longitude");
    expect_error(&s, CF_EPARSE, "orders.csv: missing required column 'lon'");
}

Test(scenario_bad, empty_file)
{
    scn s = base();
    set(&s, F_DEPOTS, "");
    expect_error(&s, CF_EPARSE, "depots.csv: empty file");
}

Test(scenario_bad, bom_and_blank_lines_only)
{
    scn s = base();
    set(&s, F_VEHICLES, "\xEF\xBB\xBF\r\n  \r\n");
    expect_error(&s, CF_EPARSE, "vehicles.csv: empty file");
}

Test(scenario_bad, header_only)
{
    scn s = base();
    set(&s, F_ORDERS, "id,courier,lat,lon,weight\n");
    expect_error(&s, CF_EPARSE, "orders.csv: no data rows, only a header");
}

Test(scenario_bad, duplicate_column)
{
    scn s = base();
    mut(&s, F_ORDERS, "volume", "WEIGHT");
    expect_error(&s, CF_EPARSE, "orders.csv:1: duplicate column 'weight'");
}

Test(scenario_bad, unterminated_quote)
{
    scn s = base();
    mut(&s, F_ORDERS, "o3,acme", "o3,\"acme");
    expect_error(&s, CF_EPARSE,
                 "orders.csv:4: unterminated quote (a quoted field runs to the end of the file)");
}

Test(scenario_bad, quote_inside_unquoted_field)
{
    scn s = base();
    mut(&s, F_ORDERS, "o2,bolt", "o2,bo\"lt");
    expect_error(&s, CF_EPARSE,
                 "orders.csv:3: malformed quoting (a quote inside an unquoted field, or text "
                 "after a closing quote)");
}

Test(scenario_bad, ragged_row_short)
{
    scn s = base();
    mut(&s, F_ORDERS, "3,,50,dc1", "3,50,dc1");
    expect_error(&s, CF_EPARSE, "orders.csv:3: row has 11 fields, the header has 12");
}

Test(scenario_bad, ragged_row_long)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,,dc2,1,30,0.2,,,,,,,,,", "bike,,dc2,1,30,0.2,,,,,,,,,,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:3: row has more than 15 fields, the header has 15");
}

Test(scenario_bad, field_too_long)
{
    scn s = base();
    char *name = malloc(70002);
    memset(name, 'n', 70001);
    name[70001] = '\0';
    mut(&s, F_DEPOTS, "Depot Two", name);
    free(name);
    expect_error(&s, CF_EPARSE, "depots.csv:3: field 2 is longer than 65536 bytes");
}

Test(scenario_bad, id_too_long)
{
    scn s = base();
    char id[203];
    memset(id, 'a', 201);
    id[201] = ',';
    id[202] = '\0';
    mut(&s, F_ORDERS, "o2,", id);
    expect_error(&s, CF_EPARSE,
                 "orders.csv:3: column 'id': "
                 "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer "
                 "than 200 bytes");
}

/* ==== bad inputs: ids and references ==================================== */

Test(scenario_bad, duplicate_order_id)
{
    scn s = base();
    mut(&s, F_ORDERS, "o2,", "o1,");
    expect_error(&s, CF_EINVAL, "orders.csv:3: column 'id': 'o1' is already used on line 2");
}

Test(scenario_bad, duplicate_depot_id)
{
    scn s = base();
    mut(&s, F_DEPOTS, "dc2,", "dc1,");
    expect_error(&s, CF_EINVAL, "depots.csv:3: column 'id': 'dc1' is already used on line 2");
}

Test(scenario_bad, duplicate_expanded_vehicle_id)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,", "van#2,");
    expect_error(&s, CF_EINVAL, "vehicles.csv:3: column 'id': 'van#2' is already used on line 2");
}

Test(scenario_bad, empty_id)
{
    scn s = base();
    mut(&s, F_ORDERS, "o2,", ",");
    expect_error(&s, CF_EPARSE, "orders.csv:3: column 'id': missing value");
}

Test(scenario_bad, unknown_courier_with_couriers_file)
{
    scn s = base();
    set(&s, F_COURIERS, "id,name\nacme,Acme\n");
    expect_error(&s, CF_EINVAL,
                 "orders.csv:3: column 'courier': 'bolt' is not a courier in couriers.csv");
}

Test(scenario_bad, unknown_vehicle_courier)
{
    scn s = base();
    set(&s, F_COURIERS, "id\nacme\nbolt\n");
    mut(&s, F_VEHICLES, "van,acme", "van,zeta");
    expect_error(&s, CF_EINVAL,
                 "vehicles.csv:2: column 'courier': 'zeta' is not a courier in couriers.csv");
}

Test(scenario_bad, duplicate_courier)
{
    scn s = base();
    set(&s, F_COURIERS, "id\nacme\nbolt\nacme\n");
    expect_error(&s, CF_EINVAL, "couriers.csv:4: column 'id': 'acme' is already used on line 2");
}

Test(scenario_bad, unknown_order_depot)
{
    scn s = base();
    mut(&s, F_ORDERS, "50,dc1", "50,dc9");
    expect_error(&s, CF_EINVAL, "orders.csv:3: column 'depot': 'dc9' is not a depot in depots.csv");
}

Test(scenario_bad, unknown_vehicle_depot)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,,dc2", "bike,,dc7");
    expect_error(&s, CF_EINVAL,
                 "vehicles.csv:3: column 'depot': 'dc7' is not a depot in depots.csv");
}

Test(scenario_bad, missing_vehicle_depot)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,,dc2", "bike,,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:3: column 'depot': missing value");
}

Test(scenario_bad, unknown_courier_in_depot_list)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",acme", ",acme; zeta");
    expect_error(&s, CF_EINVAL,
                 "depots.csv:3: column 'couriers': 'zeta' is not a courier of any order or "
                 "vehicle");
}

Test(scenario_bad, unknown_courier_in_depot_list_with_file)
{
    scn s = base();
    set(&s, F_COURIERS, "id\nacme\nbolt\n");
    mut(&s, F_DEPOTS, ",acme", ",bolt;zeta");
    expect_error(&s, CF_EINVAL,
                 "depots.csv:3: column 'couriers': 'zeta' is not a courier in couriers.csv");
}

Test(scenario_bad, control_characters_in_a_quoted_value)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",acme", ",\"acme;ze\nta\"");
    expect_error(&s, CF_EINVAL,
                 "depots.csv:3: column 'couriers': 'ze?ta' is not a courier of any order or "
                 "vehicle");
}

Test(scenario_bad, bad_share_value)
{
    scn s = base();
    set(&s, F_COURIERS, "id,share\nacme,maybe\nbolt,no\n");
    expect_error(&s, CF_EPARSE, "couriers.csv:2: column 'share': 'maybe' must be yes or no");
}

Test(scenario_bad, too_many_couriers)
{
    scn s = base();
    char *buf = malloc(8192);
    size_t len = (size_t)sprintf(buf, "id,courier,lat,lon,weight\n");
    for (int i = 0; i <= CF_MAX_COURIERS; i++)
        len += (size_t)sprintf(buf + len, "o%d,c%d,52.5,13.4,1\n", i, i);
    set(&s, F_ORDERS, buf);
    free(buf);
    expect_error(&s, CF_EINVAL,
                 "orders.csv:66: column 'courier': 'c64' would be courier number 65; at most 64 "
                 "are supported");
}

Test(scenario_bad, too_many_skills)
{
    scn s = base();
    char buf[512] = "";
    for (int i = 1; i <= CF_MAX_SKILLS; i++)
        sprintf(buf + strlen(buf), "%ss%d", i > 1 ? ";" : "", i);
    char row[600];
    snprintf(row, sizeof row, "bike,,dc2,1,30,0.2,,,,,,,,,%s", buf);
    mut(&s, F_VEHICLES, "bike,,dc2,1,30,0.2,,,,,,,,,", row);
    expect_error(&s, CF_EINVAL,
                 "vehicles.csv:3: column 'skills': skill 's32' would be skill number 33; at most "
                 "32 are supported");
}

/* ==== bad inputs: values ================================================ */

Test(scenario_bad, negative_weight)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.41,10,", "13.41,-3,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'weight': '-3' must be >= 0");
}

Test(scenario_bad, missing_weight_value)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.41,10,", "13.41,,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'weight': missing value");
}

Test(scenario_bad, non_numeric_volume)
{
    scn s = base();
    mut(&s, F_ORDERS, ",0.1,", ",abc,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'volume': 'abc' is not a number");
}

Test(scenario_bad, decimal_comma_volume)
{
    scn s = base();
    mut(&s, F_ORDERS, ",0.1,", ",\"0,1\",");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'volume': '0,1' is not a number");
}

Test(scenario_bad, nan_penalty)
{
    scn s = base();
    mut(&s, F_ORDERS, ",50,", ",NaN,");
    expect_error(&s, CF_EPARSE, "orders.csv:3: column 'penalty': 'NaN' is not a number");
}

Test(scenario_bad, negative_penalty)
{
    scn s = base();
    mut(&s, F_ORDERS, ",50,", ",-50,");
    expect_error(&s, CF_EPARSE, "orders.csv:3: column 'penalty': '-50' must be >= 0");
}

Test(scenario_bad, infinite_cost_per_km)
{
    scn s = base();
    mut(&s, F_VEHICLES, ",0.8,", ",inf,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:2: column 'cost_per_km': 'inf' is not a number");
}

Test(scenario_bad, overflowing_weight)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.41,10,", "13.41,1e400,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'weight': '1e400' is out of range");
}

Test(scenario_bad, huge_weight)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.41,10,", "13.41,1e12,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'weight': '1e12' must be <= 1000000000");
}

Test(scenario_bad, negative_service)
{
    scn s = base();
    mut(&s, F_ORDERS, "12:00,5,", "12:00,-5,");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'service_min': '-5' must be >= 0");
}

Test(scenario_bad, negative_depot_fixed_cost)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",100,", ",-100,");
    expect_error(&s, CF_EPARSE, "depots.csv:2: column 'fixed_cost': '-100' must be >= 0");
}

Test(scenario_bad, negative_depot_capacity)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",40,", ",-40,");
    expect_error(&s, CF_EPARSE, "depots.csv:3: column 'cap_volume': '-40' must be >= 0");
}

Test(scenario_bad, negative_cost_per_hour)
{
    scn s = base();
    mut(&s, F_VEHICLES, ",20,", ",-20,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:2: column 'cost_per_hour': '-20' must be >= 0");
}

Test(scenario_bad, zero_vehicle_capacity)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc2,1,30,", "dc2,1,0,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:3: column 'cap_weight': '0' must be > 0");
}

Test(scenario_bad, zero_speed)
{
    scn s = base();
    mut(&s, F_VEHICLES, ",25,", ",0,");
    expect_error(&s, CF_EPARSE, "vehicles.csv:2: column 'speed_kmh': '0' must be within [1, 200]");
}

Test(scenario_bad, fractional_count)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc1,2,", "dc1,2.5,");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'count': '2.5' must be a whole number from 1 to 10000");
}

Test(scenario_bad, zero_count)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc1,2,", "dc1,0,");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'count': '0' must be a whole number from 1 to 10000");
}

Test(scenario_bad, huge_count)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc1,2,", "dc1,20000,");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'count': '20000' must be a whole number from 1 to 10000");
}

Test(scenario_bad, latitude_out_of_range)
{
    scn s = base();
    mut(&s, F_DEPOTS, "52.52", "91");
    expect_error(&s, CF_EPARSE, "depots.csv:2: column 'lat': '91' must be within [-90, 90]");
}

Test(scenario_bad, longitude_out_of_range)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.41", "-181");
    expect_error(&s, CF_EPARSE, "orders.csv:2: column 'lon': '-181' must be within [-180, 180]");
}

Test(scenario_bad, missing_latitude_value)
{
    scn s = base();
    mut(&s, F_ORDERS, "52.51", "");
    expect_error(&s, CF_EPARSE, "orders.csv:3: column 'lat': missing value");
}

Test(scenario_bad, mixed_coordinate_kinds)
{
    scn s = base();
    set(&s, F_ORDERS, "id,courier,x,y,weight\no1,acme,1,2,1\n");
    expect_error(&s, CF_EINVAL,
                 "orders.csv: coordinates are x,y but depots.csv has lat,lon; use one kind per "
                 "scenario");
}

Test(scenario_bad, both_coordinate_kinds_in_one_file)
{
    scn s = base();
    set(&s, F_DEPOTS, "id,lat,lon,x,y\ndc1,52.5,13.4,1,2\n");
    expect_error(&s, CF_EPARSE, "depots.csv: has both lat,lon and x,y columns; use one kind");
}

/* ==== bad inputs: times ================================================= */

Test(scenario_bad, time_with_bad_minutes)
{
    scn s = base();
    mut(&s, F_ORDERS, "08:00", "25:61");
    expect_error(&s, CF_EPARSE,
                 "orders.csv:2: column 'tw_start': '25:61' is not a time (HH:MM, HH:MM:SS or "
                 "minutes after midnight)");
}

Test(scenario_bad, time_with_letters)
{
    scn s = base();
    mut(&s, F_DEPOTS, "22:00", "ab:cd");
    expect_error(&s, CF_EPARSE,
                 "depots.csv:2: column 'close': 'ab:cd' is not a time (HH:MM, HH:MM:SS or "
                 "minutes after midnight)");
}

Test(scenario_bad, negative_minutes_time)
{
    scn s = base();
    mut(&s, F_VEHICLES, "07:00", "-5");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'shift_start': '-5' is not a time (HH:MM, HH:MM:SS or "
                 "minutes after midnight)");
}

Test(scenario_bad, tw_start_after_tw_end)
{
    scn s = base();
    mut(&s, F_ORDERS, "08:00,12:00", "13:00,12:00");
    expect_error(&s, CF_EINVAL,
                 "orders.csv:2: column 'tw_end': '12:00' is before tw_start '13:00'");
}

Test(scenario_bad, shift_start_after_shift_end)
{
    scn s = base();
    mut(&s, F_VEHICLES, "07:00,19:00", "20:00,19:00");
    expect_error(&s, CF_EINVAL,
                 "vehicles.csv:2: column 'shift_end': '19:00' is before shift_start '20:00'");
}

Test(scenario_bad, open_after_close)
{
    scn s = base();
    mut(&s, F_DEPOTS, "06:00,22:00", "23:00,22:00");
    expect_error(&s, CF_EINVAL, "depots.csv:2: column 'close': '22:00' is before open '23:00'");
}

/* ==== bad inputs: matrix and scenario.ini =============================== */

Test(scenario_bad, matrix_missing_pair)
{
    scn s = base();
    set_matrix(&s, 4, 1, true);
    expect_error(&s, CF_EINVAL, "matrix.csv: missing pair 'o3' -> 'dc2'");
}

Test(scenario_bad, matrix_unknown_id)
{
    scn s = base();
    set_matrix(&s, -1, -1, true);
    mut(&s, F_MATRIX, "o1,dc1", "zz,dc1");
    expect_error(&s, CF_EINVAL, "matrix.csv:8: column 'from': 'zz' is not a depot or order id");
}

Test(scenario_bad, matrix_negative_distance)
{
    scn s = base();
    set_matrix(&s, -1, -1, true);
    mut(&s, F_MATRIX, "dc1,o1,2.5", "dc1,o1,-1");
    expect_error(&s, CF_EPARSE, "matrix.csv:2: column 'distance_km': '-1' must be >= 0");
}

Test(scenario_bad, matrix_duplicate_pair)
{
    scn s = base();
    set_matrix(&s, -1, -1, false);
    mut(&s, F_MATRIX, "dc1,o2,3.5", "dc1,o1,3.5");
    expect_error(&s, CF_EINVAL, "matrix.csv:3: pair 'dc1' -> 'o1' is given twice");
}

Test(scenario_bad, matrix_missing_duration)
{
    scn s = base();
    set_matrix(&s, -1, -1, true);
    mut(&s, F_MATRIX, "dc1,o1,2.5,4", "dc1,o1,2.5,");
    expect_error(&s, CF_EPARSE, "matrix.csv:2: column 'duration_min': missing value");
}

Test(scenario_bad, ini_bad_sharing)
{
    scn s = base();
    set(&s, F_INI, "[scenario]\nname = x\nsharing = shared\n");
    expect_error(&s, CF_EINVAL,
                 "scenario.ini:3: parameter 'sharing': 'shared' must be pooled or separate");
}

Test(scenario_bad, ini_bad_seed)
{
    scn s = base();
    set(&s, F_INI, "[scenario]\nseed = -4\n");
    expect_error(&s, CF_EINVAL,
                 "scenario.ini:2: parameter 'seed': '-4' is not a whole number >= 0");
}

/* ==== bounds that keep every sum in its type ======== */

Test(scenario_bounds, crawling_and_flying_speeds_are_refused)
{
    scn s = base();
    mut(&s, F_VEHICLES, ",25,", ",0.00001,");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'speed_kmh': '0.00001' must be within [1, 200]");
    s = base();
    mut(&s, F_VEHICLES, ",25,", ",250,");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'speed_kmh': '250' must be within [1, 200]");
    s = base();
    mut(&s, F_VEHICLES, ",25,", ",1,");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cf_problem_free(p);
}

Test(scenario_bounds, plane_and_matrix_distances_are_bounded)
{
    scn s = base();
    set(&s, F_DEPOTS, "id,x,y\ndc1,0,0\ndc2,50001,0\n");
    set(&s, F_ORDERS, "id,courier,x,y,weight\no1,acme,1,2,1\n");
    expect_error(&s, CF_EPARSE, "depots.csv:3: column 'x': '50001' must be within [-50000, 50000]");
    s = base();
    set_matrix(&s, -1, -1, false);
    mut(&s, F_MATRIX, "dc1,o1,2.5", "dc1,o1,100001");
    expect_error(&s, CF_EPARSE, "matrix.csv:2: column 'distance_km': '100001' must be <= 100000");
}

/* orders.csv of n plane orders at (1, 1), each with `extra` appended to
 * "o<i>,acme,1,1," (the columns weight,volume,tw_start,penalty). */
static char *many_orders(int n, const char *extra)
{
    size_t cap = 128 + (size_t)n * (32 + strlen(extra));
    char *t = malloc(cap);
    size_t len = (size_t)snprintf(t, cap, "id,courier,x,y,weight,volume,tw_start,penalty\n");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, cap - len, "o%d,acme,1,1,%s\n", i, extra);
    return t;
}

/* The base vehicles and two DCs on the plane, orders.csv from many_orders. */
static scn plane(int n, const char *extra)
{
    scn s = base();
    set(&s, F_DEPOTS, "id,x,y\ndc1,0,0\ndc2,10,0\n");
    free(s.text[F_ORDERS]);
    s.text[F_ORDERS] = many_orders(n, extra);
    return s;
}

/* Loads s (freed here), expects CF_EINVAL and a message with each needle. */
static void expect_too_large(scn *s, const char *n1, const char *n2)
{
    cf_problem *p = (cf_problem *)1;
    cf_err err;
    cf_status rc = load(s, NULL, NULL, &p, &err);
    scn_free(s);
    cr_assert_eq(rc, CF_EINVAL, "status %s, message: %s", cf_status_str(rc), err.msg);
    cr_assert_null(p);
    cr_assert_not_null(strstr(err.msg, n1), "'%s' not in: %s", n1, err.msg);
    cr_assert_not_null(strstr(err.msg, n2), "'%s' not in: %s", n2, err.msg);
    ASSERT_NO_LEAKS();
}

Test(scenario_bounds, penalties_that_could_overflow_are_refused)
{
    /* 2001 x 1e9: every cell is within its bound, the sum is not */
    scn s = plane(2001, "1,0,,1000000000");
    expect_too_large(&s, "costs too large: the worst plan would cost 20010000",
                     "more than the limit of 2000000000000; reduce the orders' penalties, or "
                     "count money in a larger unit");
    s = plane(1999, "1,0,,1000000000");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cf_problem_free(p);
}

Test(scenario_bounds, fixed_costs_that_could_overflow_are_refused)
{
    scn s = plane(3, "1,0,,");
    set(&s, F_VEHICLES, "id,depot,count,cap_weight,fixed_cost\nvan,dc1,10000,100,1000000000\n");
    expect_too_large(&s, "fixed costs 10000000000000",
                     "reduce the vehicles' fixed costs (or their number)");
}

Test(scenario_bounds, distance_costs_that_could_overflow_are_refused)
{
    scn s = plane(3, "1,0,,");
    set(&s, F_DEPOTS, "id,x,y\ndc1,0,0\ndc2,-20000,-20000\n");
    set(&s, F_VEHICLES, "id,depot,count,cap_weight,cost_per_km\nvan,dc1,3,100,1000000000\n");
    expect_too_large(&s, "costs too large", "reduce the vehicles' cost per km (or the distances)");
}

Test(scenario_bounds, time_costs_that_could_overflow_are_refused)
{
    /* three routes that may wait until 999:00 at 1e9 an hour */
    scn s = plane(3, "1,0,999:00,");
    set(&s, F_VEHICLES,
        "id,depot,count,cap_weight,cost_per_km,cost_per_hour\nvan,dc1,3,100,0,1000000000\n");
    expect_too_large(&s, "costs too large",
                     "reduce the vehicles' cost per hour (or the durations)");
}

Test(scenario_bounds, volumes_that_could_overflow_are_refused)
{
    /* 1200 x 1e9 m3 = 1.2e18 cm3, past CF_AMOUNT_INF */
    scn s = plane(1200, "1,1000000000,,");
    expect_too_large(&s, "amounts too large: the orders' volumes add up to 1200000000000 m3",
                     "more than the 1152921504606 m3 an amount can hold");
}

/* ==== text encodings ======================== */

/* 平和島 in Shift_JIS (CP932), 平和岛 in GBK, "Müller" in Latin-1. */
#define SJIS_NAME "\x95\xBD\x98\x61\x93\x87"
#define GBK_NAME "\xC6\xBD\xBA\xCD\xB5\xBA"
#define LATIN1_NAME "M\xFCller"

Test(scenario_text, shift_jis_depot_name_is_refused_at_load)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", SJIS_NAME);
    expect_error(&s, CF_EPARSE,
                 "depots.csv:2: column 'name': not valid UTF-8 (a Shift_JIS export?); convert the "
                 "file with iconv -f CP932 -t UTF-8");
}

Test(scenario_text, gbk_order_id_is_refused_at_load)
{
    scn s = base();
    mut(&s, F_ORDERS, "o3,acme", GBK_NAME ",acme");
    expect_error(&s, CF_EPARSE,
                 "orders.csv:4: column 'id': not valid UTF-8 (a GBK/GB18030 export?); convert the "
                 "file with iconv -f GB18030 -t UTF-8");
}

Test(scenario_text, latin1_courier_and_skill_are_refused_at_load)
{
    scn s = base();
    mut(&s, F_ORDERS, "o2,bolt", "o2," LATIN1_NAME);
    expect_error(&s, CF_EPARSE,
                 "orders.csv:3: column 'courier': not valid UTF-8 (a Windows-1252 or Latin-1 "
                 "export?); convert the file with iconv -f WINDOWS-1252 -t UTF-8");
    s = base();
    mut(&s, F_VEHICLES, "25,cold", "25,k\xFChl");
    expect_error(&s, CF_EPARSE,
                 "vehicles.csv:2: column 'skills': not valid UTF-8 (a Windows-1252 or Latin-1 "
                 "export?); convert the file with iconv -f WINDOWS-1252 -t UTF-8");
    s = base();
    set(&s, F_COURIERS, "id,name,share\nacme,Acme,yes\nbolt," SJIS_NAME ",no\n");
    expect_error(&s, CF_EPARSE,
                 "couriers.csv:3: column 'name': not valid UTF-8 (a Shift_JIS export?); convert "
                 "the file with iconv -f CP932 -t UTF-8");
}

Test(scenario_text, overlong_and_surrogate_utf8_are_refused)
{
    /* "/" as an overlong 2-byte form, and U+D800 encoded as UTF-8. */
    static const char *const bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE6\x9D"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char name[32];
        scn s = base();
        snprintf(name, sizeof name, "D%s", bad[i]);
        mut(&s, F_DEPOTS, "Depot Two", name);
        cf_problem *p = NULL;
        cf_err err;
        cf_status rc = load(&s, NULL, NULL, &p, &err);
        scn_free(&s);
        cr_assert_eq(rc, CF_EPARSE, "case %zu: %s", i, err.msg);
        cr_assert_not_null(strstr(err.msg, "depots.csv:3: column 'name': not valid UTF-8"),
                           "case %zu: %s", i, err.msg);
    }
}

Test(scenario_text, non_utf8_header_is_refused)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",name,", "," SJIS_NAME ",");
    expect_error(&s, CF_EPARSE,
                 "depots.csv:1: header field 2: not valid UTF-8 (a Shift_JIS export?); convert "
                 "the file with iconv -f CP932 -t UTF-8");
}

Test(scenario_text, ignored_column_may_hold_any_bytes, .init = cr_redirect_stderr)
{
    scn s = base();
    mut(&s, F_ORDERS, "penalty,depot\n", "penalty,depot,note\n");
    mut(&s, F_ORDERS, "cold,,\n", "cold,,," SJIS_NAME "\n");
    mut(&s, F_ORDERS, "50,dc1\n", "50,dc1,\n");
    mut(&s, F_ORDERS, "18:00,,,,\n", "18:00,,,,,\n");
    cf_problem *p = expect_ok(&s, NULL, NULL);
    cf_problem_free(p);
}

/* The base scenario with `file` replaced by bytes[0 .. n). */
static cf_status load_raw(const char *file, const void *bytes, size_t n, cf_err *err)
{
    scn s = base();
    cf_problem *p = (cf_problem *)1;
    const char *dir = write_scn(&s);
    char path[160];
    scn_free(&s);
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, n, f), n);
    fclose(f);
    memset(err, 0, sizeof *err);
    cf_status rc = cf_scenario_load(dir, NULL, NULL, &p, err);
    unlink(path);
    remove_scn(dir);
    if (rc != CF_OK) cr_assert_null(p);
    cf_problem_free(rc == CF_OK ? p : NULL);
    return rc;
}

/* text (ASCII) as UTF-16 or UTF-32 of either byte order, with or without BOM. */
static size_t widen(const char *text, int width, bool big, bool bom, unsigned char *out)
{
    size_t k = 0;
    if (bom) {
        static const unsigned char le16[] = {0xFF, 0xFE}, be16[] = {0xFE, 0xFF};
        static const unsigned char le32[] = {0xFF, 0xFE, 0, 0}, be32[] = {0, 0, 0xFE, 0xFF};
        const unsigned char *b = width == 2 ? (big ? be16 : le16) : (big ? be32 : le32);
        memcpy(out, b, (size_t)width);
        k = (size_t)width;
    }
    for (const char *c = text; *c; c++)
        for (int i = 0; i < width; i++)
            out[k++] = (unsigned char)((big ? i == width - 1 : i == 0) ? *c : 0);
    return k;
}

Test(scenario_text, utf16_and_utf32_files_are_named_as_such)
{
    static const struct {
        int width;
        bool big, bom;
        const char *what;
    } cases[] = {
        {2, false, true,
         "file is UTF-16 (little-endian); save it as UTF-8 CSV or convert it with "
         "iconv -f UTF-16LE -t UTF-8"},
        {2, false, false,
         "file is UTF-16 (little-endian); save it as UTF-8 CSV or convert it "
         "with iconv -f UTF-16LE -t UTF-8"},
        {2, true, true,
         "file is UTF-16 (big-endian); save it as UTF-8 CSV or convert it with "
         "iconv -f UTF-16BE -t UTF-8"},
        {2, true, false,
         "file is UTF-16 (big-endian); save it as UTF-8 CSV or convert it with "
         "iconv -f UTF-16BE -t UTF-8"},
        {4, false, true,
         "file is UTF-32 (little-endian); save it as UTF-8 CSV or convert it with "
         "iconv -f UTF-32LE -t UTF-8"},
        {4, true, false,
         "file is UTF-32 (big-endian); save it as UTF-8 CSV or convert it with "
         "iconv -f UTF-32BE -t UTF-8"},
    };
    unsigned char buf[4 * sizeof BASE_ORDERS + 8];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char want[300];
        cf_err err;
        size_t n = widen(BASE_ORDERS, cases[i].width, cases[i].big, cases[i].bom, buf);
        cr_assert_eq(load_raw("orders.csv", buf, n, &err), CF_EPARSE, "case %zu: %s", i, err.msg);
        snprintf(want, sizeof want, "orders.csv: %s", cases[i].what);
        cr_assert_str_eq(err.msg, want, "case %zu", i);
    }
    /* A NUL in a UTF-8 file is still just that. */
    static const char nul[] = "id,courier,lat,lon,weight\no1,acme,52.5,13.4,1\0\n";
    cf_err err;
    cr_assert_eq(load_raw("orders.csv", nul, sizeof nul - 1, &err), CF_EPARSE);
    cr_assert_str_eq(err.msg, "orders.csv:2: field 5 contains a NUL byte");
}

Test(scenario_text, utf16_scenario_ini_is_named_as_such)
{
    unsigned char buf[256];
    cf_err err;
    size_t n = widen("[scenario]\nname = x\n", 2, false, true, buf);
    cr_assert_eq(load_raw("scenario.ini", buf, n, &err), CF_EPARSE, "%s", err.msg);
    cr_assert_str_eq(err.msg, "scenario.ini: file is UTF-16 (little-endian); save it as UTF-8 "
                              "text or convert it with iconv -f UTF-16LE -t UTF-8");
}

Test(scenario_text, non_utf8_scenario_name_is_refused)
{
    scn s = base();
    set(&s, F_INI, "[scenario]\nname = " SJIS_NAME "\n");
    expect_error(&s, CF_EINVAL,
                 "scenario.ini:2: parameter 'name': not valid UTF-8 (a Shift_JIS export?); "
                 "convert the file with iconv -f CP932 -t UTF-8");
}

Test(scenario_text, non_utf8_directory_name_becomes_a_utf8_scenario_name)
{
    char root[64], dir[128];
    cf_params eff;
    cf_problem *p = NULL;
    cf_err err;
    snprintf(root, sizeof root, "/tmp/cf_scn_XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/caf\xE9-" SJIS_NAME, root);
    cr_assert_eq(mkdir(dir, 0777), 0);
    scn s = base();
    for (int i = 0; i < F_COUNT; i++) {
        char path[256];
        if (!s.text[i]) continue;
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        fputs(s.text[i], f);
        fclose(f);
    }
    scn_free(&s);
    cr_assert_eq(cf_scenario_load(dir, NULL, &eff, &p, &err), CF_OK, "%s", err.msg);
    /* 0x61 of the Shift_JIS bytes is an 'a' on its own */
    cr_assert_str_eq(eff.name, "caf?-???a??");
    cr_assert_str_eq(p->name, "caf?-???a??");
    cf_problem_free(p);
    for (int i = 0; i < F_COUNT; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        unlink(path);
    }
    rmdir(dir);
    rmdir(root);
}

/* ==== out of memory ===================================================== */

Test(scenario_oom, every_failure_is_enomem_and_leaks_nothing)
{
    scn s = base();
    set(&s, F_COURIERS, "id,name,share\nacme,Acme,yes\nbolt,Bolt,no\n");
    set(&s, F_INI, "[scenario]\nname = oom\nseed = 3\n");
    set_matrix(&s, -1, -1, true);
    const char *dir = write_scn(&s);
    scn_free(&s);
    long n;
    for (n = 0; n < 100000; n++) {
        cf_problem *p = NULL;
        cf_err err;
        cf_alloc_fail_after(n);
        cf_status rc = cf_scenario_load(dir, NULL, NULL, &p, &err);
        cf_alloc_fail_after(-1);
        if (rc == CF_OK) {
            cr_assert_eq(p->n_vehicles, 3);
            cr_assert_not_null(p->mat_dur);
            cf_problem_free(p);
            break;
        }
        cr_assert_eq(rc, CF_ENOMEM, "failure %ld: %s: %s", n, cf_status_str(rc), err.msg);
        cr_assert_null(p);
    }
    remove_scn(dir);
    ASSERT_NO_LEAKS();
    cr_assert_gt(n, 10, "the load allocates");
    cr_assert_lt(n, 100000, "the load never succeeded");
}
