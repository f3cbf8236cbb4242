/* The benchmark driver (bench/) and the benchmark side of the CLI: suite
 * files, the set table and BKS files, the gap and the CSV, the driver on the
 * hand-made instances of tests/data/bench/ under a work limit (valid runs,
 * invalid ones forced through the tamper hook), the one loader of
 * io/input.h, and through the real binary (CF_BIN): `cofleet solve FILE`
 * writing a solution file that the BKS readers read back at the printed
 * cost, `cofleet check FILE DIR`, and `cofleet bench` writing its CSV.
 * Quality is never asserted here: that is what `cofleet bench` measures. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "io/plan/atomic.h"
#include "io/formats/bench_read.h"
#include "io/formats/bench_write.h"
#include "io/input.h"
#include "io/scenario/params.h"
#include "models/check.h"

#define DATA "tests/data/bench/"
#define HEADER "instance,n,seed,threads,time_limit,cost,bks,gap_pct,vehicles,seconds"

/* ---- helpers --------------------------------------------------------------- */

static char tmp_dir[64];

static const char *tmp_path(const char *name)
{
    static char path[64][512]; /* each test uses far fewer: returned paths stay valid */
    static int k;
    if (!tmp_dir[0]) {
        strcpy(tmp_dir, "/tmp/cf_tbench_XXXXXX");
        cr_assert_not_null(mkdtemp(tmp_dir));
    }
    k = (k + 1) % 64;
    snprintf(path[k], sizeof path[k], "%s/%s", tmp_dir, name);
    return path[k];
}

static void cleanup(void)
{
    cf_err err;
    if (tmp_dir[0]) cf_atomic_remove_tree(tmp_dir, &err);
    tmp_dir[0] = '\0';
}

static const char *write_text(const char *name, const char *text)
{
    const char *path = tmp_path(name);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
    return path;
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

static void copy_file(const char *src, const char *dst)
{
    char *text = slurp(src);
    FILE *f = fopen(dst, "wb");
    cr_assert_not_null(f, "%s", dst);
    fputs(text, f);
    fclose(f);
    free(text);
}

/* A data dir with tiny/{tiny.vrp,tiny_tw.txt,tiny_md} and a suite file
 * giving each its optimum or known cost as BKS (tests/data/bench/README.md). */
static const char *make_data(const char **suite)
{
    const char *data = tmp_path("data");
    char dir[600], dst[700];
    cr_assert_eq(mkdir(data, 0755), 0);
    snprintf(dir, sizeof dir, "%s/tiny", data);
    cr_assert_eq(mkdir(dir, 0755), 0);
    static const char *const files[] = {"tiny.vrp", "tiny_tw.txt", "tiny_md"};
    for (int i = 0; i < 3; i++) {
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        copy_file(i == 0 ? DATA "tiny.vrp" : i == 1 ? DATA "tiny_tw.txt" : DATA "tiny_md", dst);
    }
    *suite = write_text("tiny.txt", "# the three hand-made instances\n"
                                    "tiny/tiny.vrp   39\n"
                                    "\n"
                                    "tiny/tiny_tw.txt 19.3   # DIMACS cost of tiny_tw.sol\n"
                                    "tiny/tiny_md 16\n");
    return data;
}

/* Splits a CSV line (no quotes in our rows) into at most max fields. */
static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    for (char *s = line; n < max;) {
        f[n++] = s;
        s = strchr(s, ',');
        if (!s) break;
        *s++ = '\0';
    }
    return n;
}

static double num_or_nan(const char *s)
{
    char *end;
    double v;
    if (!*s) return NAN;
    v = strtod(s, &end);
    cr_assert_eq(*end, '\0', "'%s' is not a number", s);
    return v;
}

/* ---- parameters and the loader -------------------------------------------- */

Test(bench_params, choices_parse_and_reject)
{
    cf_params p;
    cf_err err = {0};
    cf_params_defaults(&p);
    cr_assert_eq(p.format, CF_BENCH_AUTO);
    cr_assert_eq(p.objective, CF_BENCH_OBJ_DISTANCE);
    cr_assert_eq(p.distances, CF_BENCH_DIST_DEFAULT);
    cr_assert_eq(cf_params_set(&p, "format", "solomon", &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_params_set(&p, "objective", "vehicles-first", &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_params_set(&p, "distances", "DIMACS", &err), CF_OK, "%s", err.msg);
    cr_assert_eq(p.format, CF_BENCH_SOLOMON);
    cr_assert_eq(p.objective, CF_BENCH_OBJ_VEHICLES_FIRST);
    cr_assert_eq(p.distances, CF_BENCH_DIST_DIMACS);
    cr_assert(p.set & CF_PARAM_FORMAT && p.set & CF_PARAM_OBJECTIVE && p.set & CF_PARAM_DISTANCES);
    cr_assert_eq(cf_params_set(&p, "format", "tsplib", &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "'format': 'tsplib' must be one of auto|cvrplib"), "%s",
                       err.msg);
}

Test(bench_params, vehicles_first_defaults_to_exact_distances)
{
    cf_params p;
    cf_bench_opts o;
    cf_params_defaults(&p);
    cf_params_set(&p, "objective", "vehicles-first", NULL);
    cf_input_bench_opts(&p, &o);
    cr_assert_eq(o.dist, CF_BENCH_DIST_EXACT);
    cf_params_set(&p, "distances", "dimacs", NULL);
    cf_input_bench_opts(&p, &o);
    cr_assert_eq(o.dist, CF_BENCH_DIST_DIMACS); /* given explicitly: kept */
}

Test(bench_input, loads_files_with_format_and_name)
{
    cf_params cli, eff;
    cf_problem *p = NULL;
    cf_input_info in;
    cf_err err = {0};
    cf_params_defaults(&cli);
    cr_assert_eq(cf_input_load(DATA "tiny_md", &cli, &eff, &p, &in, &err), CF_OK, "%s", err.msg);
    cr_assert(in.bench);
    cr_assert_eq(in.format, CF_BENCH_CORDEAU);
    cr_assert_eq(eff.format, CF_BENCH_CORDEAU);
    cr_assert_str_eq(eff.name, p->name);
    cr_assert_eq(p->n_depots, 2);
    cf_problem_free(p);

    /* a forced format that does not fit: the reader's "file:line:" error */
    cf_params_set(&cli, "format", "solomon", NULL);
    cr_assert_neq(cf_input_load(DATA "tiny.vrp", &cli, &eff, &p, &in, &err), CF_OK);
    cr_assert_null(p);
    cr_assert(strncmp(err.msg, DATA "tiny.vrp:", strlen(DATA "tiny.vrp:")) == 0, "%s", err.msg);

    cr_assert_eq(cf_input_load("tests/data/bench/nope.vrp", NULL, NULL, &p, NULL, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, "nope.vrp: no such file"), "%s", err.msg);
}

/* ---- gap, CSV, size classes ------------------------------------------------ */

Test(bench_csv, gap_from_a_known_bks)
{
    cr_assert_float_eq(cf_bench_gap_pct(27750, 27591), 100.0 * 159 / 27591, 1e-12);
    cr_assert_float_eq(cf_bench_gap_pct(39, 39), 0.0, 1e-12);
    cr_assert_float_eq(cf_bench_gap_pct(576.8658, 576.87), -0.0007281, 1e-6);
    cr_assert(isnan(cf_bench_gap_pct(10, NAN)));
    cr_assert(isnan(cf_bench_gap_pct(10, 0)));
    cr_assert(isnan(cf_bench_gap_pct(NAN, 10)));
}

static char *csv_text(const cf_bench_result *r, int n, const char *rev)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cf_bench_csv_header(f, rev != NULL);
    for (int i = 0; i < n; i++)
        cf_bench_csv_row(f, &r[i], rev);
    fclose(f);
    return buf;
}

Test(bench_csv, header_and_rows_exact)
{
    cf_bench_result r[2];
    memset(r, 0, sizeof r);
    strcpy(r[0].instance, "X-n101-k25");
    r[0].n = 100;
    r[0].seed = 3;
    r[0].threads = 2;
    r[0].time_limit_s = 10;
    r[0].ok = true;
    r[0].cost = 27750;
    r[0].bks = 27591;
    r[0].gap_pct = cf_bench_gap_pct(27750, 27591);
    r[0].vehicles = 26;
    r[0].seconds = 10.00731;
    strcpy(r[1].instance, "C101");
    r[1].n = 100;
    r[1].seed = 1;
    r[1].threads = 1;
    r[1].ok = false; /* invalid: cost and gap empty, bks kept */
    r[1].cost = 827.3;
    r[1].bks = 827.3;
    r[1].gap_pct = 0;
    r[1].seconds = 0.5;

    char *t = csv_text(r, 2, NULL);
    cr_assert_str_eq(t, HEADER "\n"
                               "X-n101-k25,100,3,2,10,27750,27591,0.5763,26,10.0073\n"
                               "C101,100,1,1,0,,827.3,,0,0.5\n");
    free(t);
    t = csv_text(r, 1, "e5bb087-dirty");
    cr_assert_str_eq(t,
                     HEADER ",rev\n"
                            "X-n101-k25,100,3,2,10,27750,27591,0.5763,26,10.0073,e5bb087-dirty\n");
    free(t);
}

Test(bench_csv, size_classes_follow_the_x_split)
{
    cr_assert_str_eq(cf_bench_size_class(50), "n<=100");
    cr_assert_str_eq(cf_bench_size_class(100), "n<=100");
    cr_assert_str_eq(cf_bench_size_class(399), "n101-399");  /* X-n400: 400 nodes */
    cr_assert_str_eq(cf_bench_size_class(400), "n400-1000"); /* X-n401 */
    cr_assert_str_eq(cf_bench_size_class(1000), "n400-1000");
    cr_assert_str_eq(cf_bench_size_class(3000), "n>1000");
}

Test(bench_csv, table_means_and_worst)
{
    cf_bench_result r[3];
    char *buf = NULL;
    size_t len = 0;
    memset(r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        strcpy(r[i].group, "cvrp_X");
        r[i].n = 100 + 300 * i;
        r[i].ok = i < 2;
        r[i].gap_pct = i == 0 ? 1.0 : 3.0;
        r[i].vehicles = 10;
        r[i].seconds = 2;
    }
    FILE *f = open_memstream(&buf, &len);
    cf_bench_print_table(f, r, 3);
    fclose(f);
    /* all: 3 runs, 2 valid with a BKS, mean 2.00%, worst 3.00% */
    cr_assert_not_null(strstr(buf, "cvrp_X           all            3     2     2     2.00%     "
                                   "3.00%"),
                       "%s", buf);
    cr_assert_not_null(strstr(buf, "n400-1000"), "%s", buf);
    free(buf);
}

/* ---- suites, sets, BKS files -------------------------------------------------- */

Test(bench_suite, comments_blank_lines_and_bks, .fini = cleanup)
{
    cf_bench_list l;
    cf_err err = {0};
    const char *path = write_text("s.txt", "# header comment\n"
                                           "\n"
                                           "   \t\n"
                                           "cvrp_X/X-n101-k25.vrp\n"
                                           "  vrptw_solomon/C101.txt   # trailing comment\r\n"
                                           "mdvrp_cordeau/p01 576.87\n"
                                           "elsewhere/inst.vrp 100\n");
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(path, &l, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(l.len, 4);
    cr_assert_str_eq(l.e[0].rel, "cvrp_X/X-n101-k25.vrp");
    cr_assert_str_eq(l.e[0].name, "X-n101-k25");
    cr_assert_eq(l.e[0].set, cf_bench_set_find("cvrp_X"));
    cr_assert(isnan(l.e[0].bks));
    cr_assert_str_eq(l.e[1].rel, "vrptw_solomon/C101.txt");
    cr_assert_str_eq(l.e[1].name, "C101");
    cr_assert_str_eq(l.e[2].name, "p01");
    cr_assert_float_eq(l.e[2].bks, 576.87, 1e-9);
    cr_assert_null(l.e[3].set);
    cf_bench_list_release(&l);
}

static void expect_suite_error(const char *text, cf_status code, const char *needle)
{
    cf_bench_list l;
    cf_err err = {0};
    const char *path = write_text("bad.txt", text);
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(path, &l, &err), code, "%s -> %s", text, err.msg);
    cr_assert_not_null(strstr(err.msg, needle), "expected '%s' in '%s'", needle, err.msg);
    cf_bench_list_release(&l);
}

Test(bench_suite, errors_name_file_and_line, .fini = cleanup)
{
    cf_bench_list l;
    cf_err err = {0};
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load("tests/data/bench/no_such_suite.txt", &l, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, "no_such_suite.txt: no such file"), "%s", err.msg);
    cf_bench_list_release(&l);

    expect_suite_error("a/b.vrp\na/c.vrp 10 20\n", CF_EPARSE, "bad.txt:2: expected 'PATH [BKS]'");
    expect_suite_error("\n\na/b.vrp ten\n", CF_EPARSE, "bad.txt:3: BKS 'ten' is not a number > 0");
    expect_suite_error("a/b.vrp -5\n", CF_EPARSE, "bad.txt:1: BKS '-5'");
    expect_suite_error("/etc/passwd\n", CF_EPARSE, "bad.txt:1: '/etc/passwd' must be a path");
    expect_suite_error("a/../../b.vrp\n", CF_EPARSE, "bad.txt:1:");
    expect_suite_error("# only comments\n\n", CF_EINVAL, "bad.txt: no instances");
}

Test(bench_suite, the_quick_suite_parses)
{
    cf_bench_list l;
    cf_err err = {0};
    int per[3] = {0, 0, 0};
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load("bench/suites/quick.txt", &l, &err), CF_OK, "%s", err.msg);
    for (int i = 0; i < l.len; i++) {
        cr_assert_not_null(l.e[i].set, "%s: not in a known set", l.e[i].rel);
        per[0] += !strcmp(l.e[i].set->name, "cvrp_X");
        per[1] += !strcmp(l.e[i].set->name, "vrptw_solomon");
        per[2] += !strcmp(l.e[i].set->name, "mdvrp_cordeau");
    }
    for (int k = 0; k < 3; k++)
        cr_assert(per[k] >= 8 && per[k] <= 12, "set %d has %d instances", k, per[k]);
    cf_bench_list_release(&l);
}

Test(bench_sets, names_dirs_and_bks_files)
{
    const cf_bench_set *sol = cf_bench_set_find("VRPTW_Solomon");
    cf_bench_opts o;
    cr_assert_not_null(sol);
    cr_assert_eq(cf_bench_set_of_dir("vrptw_gehring_homberger/200"),
                 cf_bench_set_find("vrptw_gh200"));
    cr_assert_null(cf_bench_set_find("nope"));
    cf_bench_opts_init(&o);
    cr_assert_str_eq(cf_bench_set_bks_file(sol, &o), "bks_distance_only.csv");
    o.dist = CF_BENCH_DIST_EXACT;
    cr_assert_str_eq(cf_bench_set_bks_file(sol, &o), "bks_distance_only_double.csv");
    o.objective = CF_BENCH_OBJ_VEHICLES_FIRST;
    cr_assert_str_eq(cf_bench_set_bks_file(sol, &o), "bks.csv");
    cf_bench_opts_init(&o);
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("cvrp_X"), &o), "bks.csv");
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("mdvrp_cordeau"), &o), "bks.csv");
    o.dist = CF_BENCH_DIST_DIMACS; /* no Cordeau BKS under DIMACS distances */
    cr_assert_null(cf_bench_set_bks_file(cf_bench_set_find("mdvrp_cordeau"), &o));
    cr_assert_null(cf_bench_set_bks_file(
        cf_bench_set_find("vrptw_gh200"),
        &(cf_bench_opts){CF_BENCH_AUTO, CF_BENCH_DIST_EXACT, CF_BENCH_OBJ_DISTANCE}));
    /* PyVRP's sets: bks.csv under each set's own convention only */
    cf_bench_opts_init(&o);
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("hfvrp_pessoa"), &o), "bks.csv");
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("mdvrptw_vidal"), &o), "bks.csv");
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("pcvrptw"), &o), "bks.csv");
    o.dist = CF_BENCH_DIST_EXACT;
    cr_assert_null(cf_bench_set_bks_file(cf_bench_set_find("mdvrptw_vidal"), &o));
    cr_assert_null(cf_bench_set_bks_file(cf_bench_set_find("pcvrptw"), &o));
    o.dist = CF_BENCH_DIST_MILLI;
    cr_assert_str_eq(cf_bench_set_bks_file(cf_bench_set_find("mdvrptw_vidal"), &o), "bks.csv");
    cr_assert_null(cf_bench_set_bks_file(cf_bench_set_find("hfvrp_pessoa"), &o));
}

Test(bench_sets, folder_listing_natural_order_and_filter, .fini = cleanup)
{
    cf_bench_set fake = {"fake", "fake", CF_BENCH_DIST_DEFAULT, "bks.csv", "bks.csv", NULL, NULL};
    const char *data = tmp_path("d");
    char dir[600], path[700];
    cf_bench_list l;
    cf_err err = {0};
    cr_assert_eq(mkdir(data, 0755), 0);
    snprintf(dir, sizeof dir, "%s/fake", data);
    cr_assert_eq(mkdir(dir, 0755), 0);
    static const char *const names[] = {"X-n1001-k43.vrp",
                                        "X-n101-k25.vrp",
                                        "X-n101-k25.sol",
                                        "bks.csv",
                                        "README.md",
                                        ".hidden",
                                        "p01",
                                        "p01.res"};
    for (int i = 0; i < 8; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/sub", dir);
    cr_assert_eq(mkdir(path, 0755), 0);
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_list_set(data, &fake, &l, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(l.len, 3);
    cr_assert_str_eq(l.e[0].rel, "fake/p01");
    cr_assert_str_eq(l.e[1].rel, "fake/X-n101-k25.vrp");
    cr_assert_str_eq(l.e[2].rel, "fake/X-n1001-k43.vrp");
    cf_bench_list_filter(&l, "nomatch,X-n1[0-9][0-9]-*");
    cr_assert_eq(l.len, 1);
    cr_assert_str_eq(l.e[0].name, "X-n101-k25");
    cf_bench_list_release(&l);

    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_list_set("/nonexistent", &fake, &l, &err), CF_EIO);
    cr_assert_not_null(strstr(err.msg, "no such directory"), "%s", err.msg);
    cf_bench_list_release(&l);
}

Test(bench_bks, lookup_in_a_bks_csv, .fini = cleanup)
{
    double c;
    int v;
    cf_err err = {0};
    const char *path = write_text("bks.csv", "instance,bks_cost,bks_vehicles,source\n"
                                             "X-n101-k25,27591,26,\"a, quoted source\"\n"
                                             "Leuven2,111391,,CVRPLIB\n"
                                             "c1_2_8,,,none\n");
    cr_assert_eq(cf_bench_bks_lookup(path, "X-n101-k25", &c, &v, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(c, 27591, 1e-9);
    cr_assert_eq(v, 26);
    cr_assert_eq(cf_bench_bks_lookup(path, "leuven2", &c, &v, &err), CF_OK);
    cr_assert_float_eq(c, 111391, 1e-9);
    cr_assert_eq(v, 0);
    cr_assert_eq(cf_bench_bks_lookup(path, "c1_2_8", &c, NULL, &err), CF_OK);
    cr_assert(isnan(c));
    cr_assert_eq(cf_bench_bks_lookup(path, "absent", &c, NULL, &err), CF_OK);
    cr_assert(isnan(c));
    path = write_text("bad.csv", "instance,bks_cost\nA,1\nB,12x\n");
    cr_assert_eq(cf_bench_bks_lookup(path, "B", &c, NULL, &err), CF_EPARSE);
    cr_assert_not_null(strstr(err.msg, "bad.csv:3: bks_cost '12x'"), "%s", err.msg);
    cr_assert_eq(cf_bench_bks_lookup(tmp_path("none.csv"), "B", &c, NULL, &err), CF_EIO);
}

/* The shared data, when present: the sets' folders and BKS files as the
 * driver reads them. */
static const char *shared_root(void)
{
    const char *env = getenv("COFLEET_BENCHMARKS");
    struct stat st;
    if (env && *env && stat(env, &st) == 0) return env;
    if (stat("../shared/benchmarks/cvrp_X", &st) == 0) return "../shared/benchmarks";
    return NULL;
}

Test(bench_bks, shared_sets_list_and_look_up)
{
    const char *root = shared_root();
    char path[1200];
    cf_bench_opts o;
    cf_err err = {0};
    double c;
    if (!root) cr_skip_test("shared benchmarks not found (set COFLEET_BENCHMARKS)");
    for (int i = 0; i < cf_bench_n_sets; i++) {
        const cf_bench_set *s = &cf_bench_sets[i];
        cf_bench_list l;
        cf_bench_list_init(&l);
        cr_assert_eq(cf_bench_list_set(root, s, &l, &err), CF_OK, "%s", err.msg);
        cr_assert_gt(l.len, 0, "%s: no instances", s->name);
        /* every instance of a set has a BKS under the set's default convention,
         * but for the 5 GH-200 distance-only gaps the README lists */
        cf_bench_opts_init(&o);
        const char *file = cf_bench_set_bks_file(s, &o);
        int missing = 0;
        cr_assert_not_null(file, "%s", s->name);
        snprintf(path, sizeof path, "%s/%s/%s", root, s->dir, file);
        for (int k = 0; k < l.len; k++) {
            cr_assert_eq(cf_bench_bks_lookup(path, l.e[k].name, &c, NULL, &err), CF_OK, "%s",
                         err.msg);
            missing += isnan(c);
        }
        cr_assert_leq(missing, strcmp(s->name, "vrptw_gh200") ? 0 : 5, "%s: %d without BKS",
                      s->name, missing);
        cf_bench_list_release(&l);
    }
    snprintf(path, sizeof path, "%s/vrptw_solomon/bks_distance_only.csv", root);
    cr_assert_eq(cf_bench_bks_lookup(path, "R101", &c, NULL, &err), CF_OK);
    cr_assert_float_eq(c, 1637.7, 1e-9);
    snprintf(path, sizeof path, "%s/cvrp_X/bks.csv", root);
    cr_assert_eq(cf_bench_bks_lookup(path, "X-n101-k25", &c, NULL, &err), CF_OK);
    cr_assert_float_eq(c, 27591, 1e-9);
}

/* ---- the driver, in-process ---------------------------------------------------- */

static cf_bench_cfg tiny_cfg(const char *data, const cf_bench_list *l, const int *threads)
{
    cf_bench_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.data_dir = data;
    cfg.list = l;
    cf_params_defaults(&cfg.params);
    cf_params_set(&cfg.params, "iterations", "100", NULL);
    cf_params_set(&cfg.params, "time_limit", "0", NULL);
    cfg.seeds = 2;
    cfg.threads = threads;
    cfg.n_threads = 1;
    return cfg;
}

Test(bench_driver, tiny_suite_rows_and_gaps, .fini = cleanup)
{
    const char *suite, *data = make_data(&suite), *csv = tmp_path("out.csv");
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    char *log = NULL;
    size_t log_len = 0;

    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cf_bench_cfg cfg = tiny_cfg(data, &l, one);
    cfg.csv_path = csv;
    cfg.rev = "test";
    cfg.log = open_memstream(&log, &log_len);
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    fclose(cfg.log);
    cr_assert_eq(sum.runs, 6);
    cr_assert_eq(sum.invalid, 0, "%s", log);
    cr_assert_not_null(strstr(log, "[1/6] tiny seed 1: cost "), "%s", log);
    cr_assert_not_null(strstr(log, "[2/6] tiny seed 2: cost "), "%s", log);
    cr_assert_not_null(strstr(log, "mean gap"), "%s", log);

    char *text = slurp(csv), *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    cr_assert_str_eq(line, HEADER ",rev");
    int rows = 0;
    static const double bks[] = {39, 39, 19.3, 19.3, 16, 16};
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        char *f[12];
        cr_assert_eq(split_csv(line, f, 12), 11, "row '%s'", line);
        double cost = num_or_nan(f[5]), b = num_or_nan(f[6]), gap = num_or_nan(f[7]);
        cr_assert_str_eq(f[1], "4");            /* n */
        cr_assert_eq(atoi(f[2]), 1 + rows % 2); /* seeds 1, 2 */
        cr_assert_str_eq(f[3], "1");            /* threads */
        cr_assert_str_eq(f[4], "0");            /* no time limit */
        cr_assert_float_eq(b, bks[rows], 1e-9);
        cr_assert(cost >= b - 1e-9, "row '%s': below the optimum", line); /* optimum or known */
        cr_assert_float_eq(gap, 100.0 * (cost - b) / b, 1e-3, "row %d", rows);
        cr_assert_gt(atoi(f[8]), 0);
        cr_assert_str_eq(f[10], "test");
        rows++;
    }
    cr_assert_eq(rows, 6);
    free(text);
    free(log);
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&l);
}

/* Tamper hooks: the driver must refuse what they leave. */
static void drop_first_route(const cf_problem *p, cf_solution *s, void *ctx)
{
    (void)ctx;
    for (int v = 0; v < p->n_vehicles; v++)
        if (s->first[v] >= 0) {
            cf_solution_clear_route(s, v, CF_REASON_NOT_PLACED_IN_TIME);
            return;
        }
}

static void everything_on_one_vehicle(const cf_problem *p, cf_solution *s, void *ctx)
{
    int orders[64], n = 0;
    (void)ctx;
    for (int v = 0; v < p->n_vehicles; v++)
        cf_solution_clear_route(s, v, CF_REASON_NOT_PLACED_IN_TIME);
    for (int o = 0; o < p->n_orders && n < 64; o++)
        orders[n++] = o;
    cf_solution_set_route(s, 0, orders, n, s->depart_s[0]);
}

static void expect_invalid(cf_bench_tamper_fn fn, const char *needle)
{
    const char *suite, *data = make_data(&suite), *csv = tmp_path("bad.csv");
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    char *log = NULL;
    size_t log_len = 0;

    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cf_bench_list_filter(&l, "tiny");
    cr_assert_eq(l.len, 1);
    cf_bench_cfg cfg = tiny_cfg(data, &l, one);
    cfg.seeds = 1;
    cfg.csv_path = csv;
    cfg.tamper = fn;
    cfg.log = open_memstream(&log, &log_len);
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    fclose(cfg.log);
    cr_assert_eq(sum.runs, 1);
    cr_assert_eq(sum.invalid, 1);
    cr_assert_not(sum.results[0].ok);
    cr_assert_not_null(strstr(log, "INVALID"), "%s", log);
    cr_assert_not_null(strstr(sum.results[0].msg, needle), "%s", sum.results[0].msg);
    char *text = slurp(csv);
    /* cost and gap empty, bks kept */
    cr_assert_not_null(strstr(text, "\ntiny,4,1,1,0,,39,,"), "%s", text);
    free(text);
    free(log);
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&l);
}

Test(bench_driver, unserved_customers_are_invalid, .fini = cleanup)
{
    expect_invalid(drop_first_route, "not served");
}

/* A prize-collecting instance: skipping a customer with a prize is a valid
 * plan (its prize is in the cost), dropping the mandatory one is not. */
static void pc_run(cf_bench_tamper_fn fn, cf_bench_summary *sum)
{
    const char *data = tmp_path(fn ? "pc_tampered" : "pc"), *suite;
    static const int one[] = {1};
    char dir[600], dst[700];
    cf_bench_list l;
    cf_err err = {0};
    cr_assert_eq(mkdir(data, 0755), 0);
    snprintf(dir, sizeof dir, "%s/pv", data);
    cr_assert_eq(mkdir(dir, 0755), 0);
    snprintf(dst, sizeof dst, "%s/pyvrp_pc.vrp", dir);
    copy_file(DATA "pyvrp_pc.vrp", dst);
    suite = write_text("pc.txt", "pv/pyvrp_pc.vrp 318\n");
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cf_bench_cfg cfg = tiny_cfg(data, &l, one);
    cfg.seeds = 1;
    cfg.tamper = fn;
    cr_assert_eq(cf_bench_run(&cfg, sum, &err), CF_OK, "%s", err.msg);
    cf_bench_list_release(&l);
}

Test(bench_driver, skipped_prizes_are_valid_skipped_mandatory_not, .fini = cleanup)
{
    cf_bench_summary sum;
    pc_run(NULL, &sum);
    cr_assert_eq(sum.runs, 1);
    cr_assert(sum.results[0].ok, "%s", sum.results[0].msg);
    cr_assert_float_eq(sum.results[0].cost, 318, 1e-9);
    cr_assert_float_eq(sum.results[0].gap_pct, 0, 1e-9);
    cf_bench_summary_release(&sum);
    pc_run(drop_first_route, &sum);
    cr_assert_not(sum.results[0].ok);
    cr_assert_not_null(strstr(sum.results[0].msg, "1 mandatory customer not served"), "%s",
                       sum.results[0].msg);
    cf_bench_summary_release(&sum);
}

Test(bench_driver, checker_violations_are_invalid, .fini = cleanup)
{
    expect_invalid(everything_on_one_vehicle, "infeasible:");
}

Test(bench_driver, a_missing_instance_is_an_invalid_run, .fini = cleanup)
{
    const char *suite, *data = make_data(&suite);
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    cf_bench_list_init(&l);
    suite = write_text("missing.txt", "tiny/nope.vrp 10\ntiny/tiny.vrp\n");
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cf_bench_cfg cfg = tiny_cfg(data, &l, one);
    cfg.seeds = 1;
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(sum.runs, 2);
    cr_assert_eq(sum.invalid, 1);
    cr_assert_not_null(strstr(sum.results[0].msg, "nope.vrp"), "%s", sum.results[0].msg);
    cr_assert(sum.results[1].ok, "%s", sum.results[1].msg);
    cr_assert(isnan(sum.results[1].bks)); /* not in a known set, none in the suite */
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&l);
}

/* ---- through the binary ------------------------------------------------------- */

static const char *bin(void)
{
    static char abs[2048];
    const char *b = getenv("CF_BIN");
    cr_assert(b && *b, "CF_BIN is not set: run this test through ctest");
    cr_assert_eq(access(b, X_OK), 0, "CF_BIN '%s' is not executable", b);
    if (b[0] == '/') return b;
    cr_assert_not_null(getcwd(abs, 1024)); /* some runs change directory */
    snprintf(abs + strlen(abs), sizeof abs - strlen(abs), "/%s", b);
    return abs;
}

typedef struct run {
    int code;
    char *out, *err;
} run;

/* Runs cofleet with args in directory cwd (NULL: ours), output captured. */
static run run_in(const char *cwd, const char *const *args)
{
    const char *argv[32];
    const char *out_path = tmp_path("stdout"), *err_path = tmp_path("stderr");
    char op[600], ep[600];
    int n = 0, status;
    pid_t pid;
    run r;

    snprintf(op, sizeof op, "%s", out_path);
    snprintf(ep, sizeof ep, "%s", err_path);
    argv[n++] = bin();
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    fflush(NULL);
    pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY), o = open(op, O_WRONLY | O_CREAT | O_TRUNC, 0644),
            e = open(ep, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0 || (cwd && chdir(cwd) != 0)) _exit(120);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        execv(argv[0], (char *const *)argv);
        _exit(121);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    cr_assert(WIFEXITED(status), "cofleet killed by signal %d", WTERMSIG(status));
    r.code = WEXITSTATUS(status);
    r.out = slurp(op);
    r.err = slurp(ep);
    cr_assert_null(strstr(r.err, "Sanitizer"), "%s", r.err);
    cr_assert_null(strstr(r.err, "runtime error"), "%s", r.err);
    return r;
}

#define RUN(cwd, ...) run_in((cwd), (const char *const[]){__VA_ARGS__, NULL})

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

static char *abs_path(const char *rel)
{
    char cwd[1024], *p = malloc(2048);
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(p, 2048, "%s/%s", cwd, rel);
    return p;
}

/* solve FILE --out DIR, then read DIR/solution.* back at the printed cost,
 * then check FILE DIR. */
static void solve_and_read_back(const char *inst, bool res, const char *printed)
{
    char plan[600], sol[700];
    snprintf(plan, sizeof plan, "%s", tmp_path("plan"));
    run r = RUN(NULL, "solve", inst, "--out", plan, "--iterations", "100", "--time-limit", "0",
                "--threads", "1");
    cr_assert_eq(r.code, 0, "solve %s: exit %d\n%s\n%s", inst, r.code, r.out, r.err);
    cr_assert_not_null(strstr(r.out, printed), "expected '%s' in:\n%s", printed, r.out);
    snprintf(sol, sizeof sol, "%s/solution.%s", plan, res ? "res" : "sol");

    cf_problem *p = NULL;
    cf_solution s;
    cf_err err = {0};
    double stated;
    cr_assert_eq(cf_input_load(inst, NULL, NULL, &p, NULL, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_init(&s, p, &err), CF_OK);
    if (res)
        cr_assert_eq(cf_bench_read_res(sol, p, &s, &stated, &err), CF_OK, "%s", err.msg);
    else
        cr_assert_eq(cf_bench_read_sol(sol, p, &s, &stated, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(cf_solution_check(p, &s, &err), CF_OK, "%s", err.msg);
    cr_assert_float_eq(cf_bench_cost(p, &s), stated, 0.005, "%s: recosted %.4f, file says %.4f",
                       sol, cf_bench_cost(p, &s), stated);
    char want[64];
    snprintf(want, sizeof want, "objective  %.*f ", cf_bench_cost_decimals(p), stated);
    cr_assert_not_null(strstr(r.out, want), "expected '%s' in:\n%s", want, r.out);
    cf_solution_release(&s);
    cf_problem_free(p);
    run_free(&r);

    r = RUN(NULL, "check", inst, plan);
    cr_assert_eq(r.code, 0, "check %s: exit %d\n%s\n%s", inst, r.code, r.out, r.err);
    cr_assert_not_null(strstr(r.out, "plan valid"), "%s", r.out);
    run_free(&r);
}

Test(bench_cli, solve_writes_sol_that_reads_back_and_checks, .fini = cleanup)
{
    solve_and_read_back(DATA "tiny.vrp", false, "(cvrplib, published convention)");
    solve_and_read_back(DATA "tiny_tw.txt", false, "(solomon, published convention)");
    solve_and_read_back(DATA "tiny_md", true, "(cordeau, published convention)");
    /* PyVRP's dialect: each at its hand-checked optimum */
    solve_and_read_back(DATA "pyvrp_hd.vrp", false, "objective  24.00  (cvrplib");
    solve_and_read_back(DATA "pyvrp_fsm.vrp", false, "objective  4.10  (cvrplib");
    solve_and_read_back(DATA "pyvrp_md.vrp", false, "objective  5656  (cvrplib");
    solve_and_read_back(DATA "pyvrp_duration.vrp", false, "objective  20000  (cvrplib");
    solve_and_read_back(DATA "pyvrp_pc.vrp", false, "objective  318  (cvrplib");
    solve_and_read_back(DATA "pyvrp_vrptw.vrp", false, "objective  16.80  (cvrplib");
}

Test(bench_cli, solve_file_default_out_is_name_plan_in_cwd, .fini = cleanup)
{
    char *inst = abs_path(DATA "tiny.vrp"), sol[600];
    const char *cwd = tmp_path("cwd");
    struct stat st;
    cr_assert_eq(mkdir(cwd, 0755), 0);
    run r = RUN(cwd, "solve", inst, "--iterations", "50", "--time-limit", "0", "--threads", "1");
    cr_assert_eq(r.code, 0, "%s\n%s", r.out, r.err);
    snprintf(sol, sizeof sol, "%s/tiny.plan/solution.sol", cwd);
    cr_assert_eq(stat(sol, &st), 0, "%s missing", sol);
    snprintf(sol, sizeof sol, "%s/tiny.plan/routes.csv", cwd);
    cr_assert_eq(stat(sol, &st), 0, "%s missing", sol);
    run_free(&r);
    free(inst);
}

Test(bench_cli, solve_bad_file_exits_2_with_file_line, .fini = cleanup)
{
    const char *plan = tmp_path("plan");
    struct stat st;
    run r = RUN(NULL, "solve", DATA "tiny.vrp", "--format", "cordeau", "--out", plan);
    cr_assert_eq(r.code, 2, "%s", r.err);
    cr_assert_not_null(strstr(r.err, DATA "tiny.vrp:1:"), "%s", r.err);
    cr_assert_neq(stat(plan, &st), 0, "a plan was written");
    run_free(&r);
    r = RUN(NULL, "solve", DATA "tiny.vrp", "--objective", "fewest");
    cr_assert_eq(r.code, 1, "%s", r.err);
    run_free(&r);
}

Test(bench_cli, bench_writes_csv_and_exit_codes, .fini = cleanup)
{
    const char *suite, *data = make_data(&suite), *csv = tmp_path("b.csv");
    run r = RUN(NULL, "bench", "--data", data, "--set", suite, "--iterations", "50", "--threads",
                "1", "--out", csv, "--rev", "r1");
    cr_assert_eq(r.code, 0, "%s\n%s", r.out, r.err);
    cr_assert_not_null(strstr(r.out, "iterations  50"), "%s", r.out); /* parameters first */
    cr_assert_not_null(strstr(r.out, "[3/3] tiny_md seed 1: cost "), "%s", r.out);
    char *text = slurp(csv);
    cr_assert(strncmp(text, HEADER ",rev\n", strlen(HEADER ",rev\n")) == 0, "%s", text);
    cr_assert_not_null(strstr(text, ",r1\n"), "%s", text);
    free(text);
    run_free(&r);

    r = RUN(NULL, "bench", "--data", data, "--set", suite, "--list");
    cr_assert_eq(r.code, 0);
    cr_assert_str_eq(r.out, "tiny/tiny.vrp\ntiny/tiny_tw.txt\ntiny/tiny_md\n");
    run_free(&r);
    r = RUN(NULL, "bench", "--data", data, "--set", suite, "--instances", "zzz*");
    cr_assert_eq(r.code, 2);
    cr_assert_not_null(strstr(r.err, "no instances match 'zzz*'"), "%s", r.err);
    run_free(&r);
    r = RUN(NULL, "bench", "--data", "/nonexistent/benchmarks", "--set", suite);
    cr_assert_eq(r.code, 2);
    cr_assert_not_null(strstr(r.err, "not found"), "%s", r.err);
    run_free(&r);
    r = RUN(NULL, "bench", "--data", data, "--set", "no_such_set");
    cr_assert_eq(r.code, 2);
    cr_assert_not_null(strstr(r.err, "neither a set"), "%s", r.err);
    run_free(&r);
    r = RUN(NULL, "bench", "--seeds", "0");
    cr_assert_eq(r.code, 1);
    run_free(&r);
}

/* ---- planted scenarios: the rich suite ------------------------------------------ */

#define PLANTED_HEADER                                                                             \
    "instance,n,seed,threads,time_limit,cost,planted_cost,vs_planted_pct,mandatory_unassigned,"    \
    "optional_unassigned,vehicles,planted_vehicles,seconds,valid"

/* One planted scenario of 30 orders: small enough for a short work limit. */
static const char *tiny_planted_suite(void)
{
    return write_text("tinyp.txt", "# one small planted scenario\n"
                                   "planted tiny-p  --orders 30 --couriers 2 --depots 2 --seed 4 "
                                   "--unshared 1   # and a courier that does not share\n");
}

Test(bench_suite, planted_lines_parse_and_errors_name_file_and_line, .fini = cleanup)
{
    cf_bench_list l;
    cf_err err = {0};
    const char *suite = write_text("pl.txt", "planted p1 --orders 30 --couriers 2 --seed 3\n"
                                             "  # a comment\n"
                                             "planted p2 --orders=20 --cold 50 # chilled\n");
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(l.len, 2);
    cr_assert_eq(cf_bench_list_n_planted(&l), 2);
    cr_assert_str_eq(l.e[0].rel, "pl/p1");
    cr_assert_str_eq(l.e[0].name, "p1");
    cr_assert_null(l.e[0].set);
    /* canonical: every knob spelled out, --planted and the name included */
    cr_assert_not_null(strstr(l.e[0].gen, "--orders 30 --couriers 2 --depots 5 --seed 3"), "%s",
                       l.e[0].gen);
    cr_assert_not_null(strstr(l.e[0].gen, "--name p1 --planted --cold 10"), "%s", l.e[0].gen);
    cr_assert_not_null(strstr(l.e[1].gen, "--cold 50"), "%s", l.e[1].gen);
    cf_bench_list_release(&l);

    struct {
        const char *text, *needle;
    } bad[] = {
        {"planted\n", "b.txt:1: expected 'planted NAME FLAGS...'"},
        {"\nplanted a/b --orders 3\n", "b.txt:2: planted name 'a/b'"},
        {"planted p --orders 0\n", "b.txt:1: planted p: --orders: '0' must be a whole number"},
        {"planted p --tight\n", "b.txt:1: planted p: tight"},
        {"planted p --cold 30 extra\n", "b.txt:1: planted p: unexpected argument 'extra'"},
        {"planted p --tw-width 20\n", "b.txt:1: planted p: tw-width: '20' must be a multiple"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cf_bench_list_init(&l);
        suite = write_text("b.txt", bad[i].text);
        cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_EPARSE, "%s", bad[i].text);
        cr_assert_not_null(strstr(err.msg, bad[i].needle), "%s", err.msg);
        cf_bench_list_release(&l);
    }
}

/* The rich suite: at least 20 planted scenarios from 200 to 5000 orders, spread
 * over the rules. */
Test(bench_suite, the_rich_suite_spreads_over_the_rules)
{
    cf_bench_list l;
    cf_err err = {0};
    long lo = 1L << 40, hi = 0;
    int unshared = 0, dc_tight = 0, cold = 0, narrow = 0, optional = 0, no_slack = 0, plane = 0;
    cf_bench_list_init(&l);
    cr_assert_eq(cf_bench_suite_load("bench/suites/rich.txt", &l, &err), CF_OK, "%s", err.msg);
    cr_assert_geq(l.len, 20);
    cr_assert_eq(cf_bench_list_n_planted(&l), l.len);
    for (int i = 0; i < l.len; i++) {
        const char *g = l.e[i].gen, *s;
        long n = atol(strstr(g, "--orders ") + 9);
        lo = n < lo ? n : lo;
        hi = n > hi ? n : hi;
        unshared += strstr(g, "--unshared ") != NULL;
        dc_tight += atoi(strstr(g, "--dc-slack ") + 11) <= 1;
        cold += atoi(strstr(g, "--cold ") + 7) >= 20;
        narrow += atoi(strstr(g, "--tw-width ") + 11) <= 30;
        optional += atoi(strstr(g, "--optional ") + 11) >= 20;
        no_slack += atoi(strstr(g, "--slack ") + 8) == 0;
        plane += (s = strstr(g, "--coords plane")) != NULL;
    }
    cr_assert_eq(lo, 200);
    cr_assert_eq(hi, 5000);
    cr_assert(unshared >= 2 && dc_tight >= 2 && cold >= 2 && narrow >= 2 && optional >= 1 &&
                  no_slack >= 1 && plane >= 1,
              "unshared %d dc %d cold %d narrow %d optional %d slack %d plane %d", unshared,
              dc_tight, cold, narrow, optional, no_slack, plane);
    cf_bench_list_release(&l);
}

static void load_tiny_planted(cf_bench_list *l)
{
    cf_err err = {0};
    cf_bench_list_init(l);
    cr_assert_eq(cf_bench_suite_load(tiny_planted_suite(), l, &err), CF_OK, "%s", err.msg);
    cr_assert_eq(l->len, 1);
}

Test(bench_driver, planted_runs_report_against_the_planted_plan, .fini = cleanup)
{
    const char *csv = tmp_path("p.csv");
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    char *log = NULL, *text, *save = NULL, *line, *f[16];
    size_t log_len = 0;

    load_tiny_planted(&l);
    cf_bench_cfg cfg = tiny_cfg("/nonexistent", &l, one); /* planted runs need no data */
    cfg.seeds = 1;
    cfg.csv_path = csv;
    cfg.log = open_memstream(&log, &log_len);
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    fclose(cfg.log);
    cr_assert_eq(sum.runs, 1);
    const cf_bench_result *r = &sum.results[0];
    cr_assert(r->planted);
    cr_assert(r->valid, "%s", r->msg);
    cr_assert_eq(r->n, 30);
    cr_assert(isfinite(r->planted_cost) && r->planted_cost > 0);
    cr_assert_gt(r->planted_vehicles, 0);
    cr_assert_geq(r->mandatory_unassigned, 0);
    cr_assert_eq(r->ok, r->mandatory_unassigned == 0);
    cr_assert_eq(sum.invalid, !r->ok);
    cr_assert_eq(sum.mandatory_failed, !r->ok);
    cr_assert_not_null(strstr(log, "[1/1] tiny-p (30 orders) seed 1: "), "%s", log);
    cr_assert_not_null(strstr(log, "mand.unas"), "%s", log); /* the planted table */

    text = slurp(csv);
    line = strtok_r(text, "\n", &save);
    cr_assert_str_eq(line, PLANTED_HEADER);
    line = strtok_r(NULL, "\n", &save);
    cr_assert_not_null(line);
    cr_assert_eq(split_csv(line, f, 16), 14, "row '%s'", line);
    cr_assert_str_eq(f[0], "tiny-p");
    cr_assert_str_eq(f[1], "30");
    cr_assert_float_eq(num_or_nan(f[5]), r->cost, 1e-3);
    cr_assert_float_eq(num_or_nan(f[6]), r->planted_cost, 1e-3);
    if (r->ok)
        cr_assert_float_eq(num_or_nan(f[7]), 100.0 * (r->cost - r->planted_cost) / r->planted_cost,
                           1e-3);
    else
        cr_assert_str_eq(f[7], "");
    cr_assert_eq(atoi(f[8]), r->mandatory_unassigned);
    cr_assert_eq(atoi(f[9]), r->optional_unassigned);
    cr_assert_eq(atoi(f[10]), r->vehicles);
    cr_assert_eq(atoi(f[11]), r->planted_vehicles);
    cr_assert_str_eq(f[13], "1");
    cr_assert_null(strtok_r(NULL, "\n", &save));
    free(text);
    free(log);
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&l);
}

static void clear_all_routes(const cf_problem *p, cf_solution *s, void *ctx)
{
    (void)ctx;
    for (int v = 0; v < p->n_vehicles; v++)
        cf_solution_clear_route(s, v, CF_REASON_NOT_PLACED_IN_TIME);
}

/* A plan the checker accepts but that leaves mandatory orders out is a failed
 * run: counted, said why, no comparison with the planted cost. */
Test(bench_driver, planted_mandatory_orders_left_out_fail_the_run, .fini = cleanup)
{
    const char *csv = tmp_path("f.csv");
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    char *log = NULL, *text;
    size_t log_len = 0;

    load_tiny_planted(&l);
    cf_bench_cfg cfg = tiny_cfg("/nonexistent", &l, one);
    cfg.seeds = 1;
    cfg.csv_path = csv;
    cfg.tamper = clear_all_routes;
    cfg.log = open_memstream(&log, &log_len);
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    fclose(cfg.log);
    const cf_bench_result *r = &sum.results[0];
    cr_assert(r->valid, "%s", r->msg);
    cr_assert_not(r->ok);
    cr_assert_gt(r->mandatory_unassigned, 0);
    cr_assert_eq(r->mandatory_unassigned + r->optional_unassigned, 30);
    cr_assert_eq(sum.invalid, 1);
    cr_assert_eq(sum.mandatory_failed, 1);
    cr_assert_not_null(strstr(r->msg, "mandatory orders unassigned (not_placed_in_time "), "%s", r->msg);
    cr_assert_not_null(strstr(r->msg, "share=no"), "%s", r->msg); /* the courier that does not */
    cr_assert_not_null(strstr(log, "FAILED: "), "%s", log);
    text = slurp(csv);
    cr_assert_not_null(strstr(text, ",,"), "%s", text); /* vs_planted_pct empty */
    free(text);
    free(log);
    cf_bench_summary_release(&sum);

    /* and a plan the checker rejects is invalid, as for any instance */
    cfg.tamper = everything_on_one_vehicle;
    cfg.csv_path = NULL;
    cfg.log = NULL;
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_OK, "%s", err.msg);
    cr_assert_not(sum.results[0].valid);
    cr_assert_eq(sum.invalid, 1);
    cr_assert_eq(sum.mandatory_failed, 0);
    cr_assert_not_null(strstr(sum.results[0].msg, "infeasible:"), "%s", sum.results[0].msg);
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&l);
}

Test(bench_driver, planted_scenarios_and_files_do_not_share_a_run, .fini = cleanup)
{
    const char *suite, *data = make_data(&suite);
    static const int one[] = {1};
    cf_bench_list l;
    cf_bench_summary sum;
    cf_err err = {0};
    load_tiny_planted(&l);
    cr_assert_eq(cf_bench_suite_load(suite, &l, &err), CF_OK, "%s", err.msg);
    cf_bench_cfg cfg = tiny_cfg(data, &l, one);
    cr_assert_eq(cf_bench_run(&cfg, &sum, &err), CF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "cannot share a run"), "%s", err.msg);
    cf_bench_list_release(&l);
}

Test(bench_cli, rich_suite_lists_and_a_tiny_planted_suite_runs, .fini = cleanup)
{
    const char *suite = tiny_planted_suite(), *csv = tmp_path("rich.csv"), *data;
    char *text, *row, *f[16];
    int lines = 0;

    run r = RUN(NULL, "bench", "--set", "rich", "--list", "--data", "/nonexistent");
    cr_assert_eq(r.code, 0, "%s", r.err);
    for (const char *s = r.out; (s = strstr(s, "rich/r")) != NULL; s++, lines++)
        cr_assert_not_null(strstr(s, "\tcofleet gen DIR --orders "), "%s", s);
    cr_assert_geq(lines, 20, "%s", r.out);
    run_free(&r);

    r = RUN(NULL, "bench", "--set", suite, "--iterations", "30", "--threads", "1", "--out", csv,
            "--rev", "t", "--data", "/nonexistent");
    cr_assert(r.code == 0 || r.code == 3, "exit %d\n%s\n%s", r.code, r.out, r.err);
    cr_assert_not_null(strstr(r.out, "[1/1] tiny-p (30 orders) seed 1: "), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "mand.unas"), "%s", r.out);
    text = slurp(csv);
    cr_assert(strncmp(text, PLANTED_HEADER ",rev\n", strlen(PLANTED_HEADER ",rev\n")) == 0, "%s",
              text);
    row = text + strlen(PLANTED_HEADER ",rev\n");
    cr_assert_eq(split_csv(row, f, 16), 15, "%s", row);
    cr_assert_str_eq(f[0], "tiny-p");
    cr_assert_str_eq(f[13], "1");
    /* exit 3 exactly when a mandatory order was left out */
    cr_assert_eq(r.code == 3, atoi(f[8]) > 0, "exit %d, mandatory_unassigned %s", r.code, f[8]);
    free(text);
    run_free(&r);

    data = make_data(&suite);
    {
        char both[1400];
        snprintf(both, sizeof both, "%s,%s", suite, tiny_planted_suite());
        r = RUN(NULL, "bench", "--data", data, "--set", both, "--iterations", "10");
        cr_assert_eq(r.code, 2, "%s", r.out);
        cr_assert_not_null(strstr(r.err, "cannot share a run"), "%s", r.err);
        run_free(&r);
    }
}
