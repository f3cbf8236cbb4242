/*
 * cofleet solve: load a scenario or a benchmark file (io/input.h), solve it,
 * check the result with the independent checker, and write the plan
 * atomically (plus solution.sol / solution.res for a benchmark file).  SIGINT or SIGTERM
 * ends the search and the best plan so far is written; a second SIGINT
 * aborts without writing.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/plan/atomic.h"
#include "io/formats/bench_write.h"
#include "io/input.h"
#include "io/scenario/params.h"
#include "io/plan/plan.h"
#include "models/check.h"
#include "models/kpi.h"
#include "models/money.h"
#include "solver/solver.h"
#include "solver/worker.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet solve SCENARIO_DIR|FILE [--out DIR] [--time-limit S] [--iterations N]\n"
            "                     [--seed N] [--threads N] [--sharing pooled|separate] [--quiet]\n"
            "                     [--format auto|cvrplib|solomon|cordeau]\n"
            "                     [--objective distance|vehicles-first]\n"
            "                     [--distances default|exact|dimacs|milli]\n\n"
            "Solves the scenario in SCENARIO_DIR (docs/formats.md) and writes the plan to DIR\n"
            "(default SCENARIO_DIR/plan): routes.csv, unassigned.csv, depots/*.csv, summary.json.\n"
            "A FILE is a benchmark instance (CVRPLIB .vrp and PyVRP's VRPLIB dialect,\n"
            "Solomon/Gehring-Homberger .txt, Cordeau MDVRP; docs/benchmarks.md), solved under\n"
            "its set's published objective;\n"
            "DIR (default ./NAME.plan, NAME the file name without extension) then also gets\n"
            "solution.sol (CVRPLIB style) or solution.res (Cordeau), and the published cost is\n"
            "printed.\n"
            "Flags override scenario.ini; every parameter of 'cofleet --help-params' is a flag\n"
            "(--road-factor 1.4, --co2-kg-per-km 0.8, ...).  --iterations bounds the work: with\n"
            "it the same seed gives the same plan on any machine.  SIGINT/SIGTERM stop the search\n"
            "and write the best plan so far; a second SIGINT aborts without writing.\n\n"
            "exit: 0 plan written, 1 usage, 2 invalid input or unusable --out (nothing written),\n"
            "4 internal or system error (no plan written), 5 stopped by SIGINT/SIGTERM (the\n"
            "best plan written), 130 aborted by a second SIGINT (no plan written)\n");
}

static void progress(void *ctx, const char *phase, double elapsed_s, cf_cost best,
                     int vehicles_used, int unassigned)
{
    char m[CF_MONEY_BUF];
    (void)ctx;
    cf_money_fmt(m, sizeof m, best);
    fprintf(stderr, "\r\033[K%-9s %6.1fs  cost %s  vehicles %d  unassigned %d", phase, elapsed_s,
            m, vehicles_used, unassigned);
    fflush(stderr);
}

/* Default plan directory: SCENARIO_DIR/plan, or ./NAME.plan for a benchmark file. */
static void default_out(const char *in, char *buf, size_t size)
{
    struct stat st;
    const char *base, *dot;
    int len;

    if (stat(in, &st) != 0 || S_ISDIR(st.st_mode)) {
        snprintf(buf, size, "%s/plan", in);
        return;
    }
    base = strrchr(in, '/');
    base = base ? base + 1 : in;
    dot = strrchr(base, '.');
    len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    snprintf(buf, size, "%.*s.plan", len, base);
}

static void print_summary(const cf_problem *p, const cf_params *prm, const cf_solution *s,
                          const char *out_dir)
{
    cf_kpi k;
    cf_err err;
    if (cf_kpi_compute(p, s, prm->co2_kg_per_km, &k, &err) != CF_OK) {
        fprintf(stderr, "cofleet: %s\n", err.msg);
        cf_kpi_release(&k);
        return;
    }
    printf("scenario   %s (%s)\n", prm->name,
           prm->sharing == CF_SHARING_POOLED ? "pooled" : "separate");
    char m[5][CF_MONEY_BUF];
    cf_money_fmt(m[0], sizeof m[0], k.cost);
    cf_money_fmt(m[1], sizeof m[1], k.fleet.cost_fixed);
    cf_money_fmt(m[2], sizeof m[2], k.fleet.cost_dist);
    cf_money_fmt(m[3], sizeof m[3], k.fleet.cost_time);
    cf_money_fmt(m[4], sizeof m[4], k.orders.penalty);
    printf("cost       %s  (fixed %s, distance %s, time %s, penalties %s)\n", m[0], m[1], m[2],
           m[3], m[4]);
    printf("distance   %.1f km   CO2 %.1f kg\n", k.km, k.co2_kg);
    printf("vehicles   %d used of %d   mean load factor %.1f%%\n", k.fleet.vehicles_used,
           p->n_vehicles, 100.0 * k.fleet.mean_load_factor);
    printf("orders     %d served, %d unassigned of %d\n", k.orders.served, k.orders.unassigned,
           p->n_orders);
    printf("plan       %s/\n", out_dir);
    cf_kpi_release(&k);
}

typedef struct solve_flags {
    const char *out_dir;
    int quiet;
} solve_flags;

enum { OPT_OUT = 1, OPT_QUIET = 'q' };
static const cf_cli_opt solve_opts[] = {{"out", OPT_OUT, true}, {"quiet", OPT_QUIET, false}};
#define N_SOLVE_OPTS ((int)(sizeof solve_opts / sizeof solve_opts[0]))

static int on_opt(void *ctx, int key, const char *val)
{
    solve_flags *fl = ctx;
    if (key == OPT_OUT)
        fl->out_dir = val;
    else
        fl->quiet = 1;
    return -1;
}

int cf_cmd_solve(int argc, char **argv)
{
    const char *dir = NULL, *out_dir = NULL;
    char out_buf[4096];
    int quiet = 0, code = CF_EXIT_INTERNAL, lock = -1;
    cf_params cli, prm;
    cf_problem *p = NULL;
    cf_solution sol = {0};
    cf_solve_stats stats;
    cf_input_info in;
    cf_err err = {0};
    cf_status rc;

    double started = cf_ctx_now(); /* the time limit counts loading too */

    cf_params_defaults(&cli);
    solve_flags fl = {NULL, 0};
    cf_cli_spec spec = {.cmd = "solve", .opts = solve_opts, .n_opts = N_SOLVE_OPTS, .params = &cli,
                        .min_args = 1, .max_args = 1, .usage = usage, .on_opt = on_opt,
                        .ctx = &fl};
    int n_args, parsed = cf_cli_parse(&spec, argc, argv, &dir, &n_args);
    if (parsed >= 0) return parsed;
    out_dir = fl.out_dir;
    quiet = fl.quiet;
    if (!out_dir) {
        default_out(dir, out_buf, sizeof out_buf);
        out_dir = out_buf;
    }
    int started_run = cf_cli_start_run(
        "cofleet", dir, out_dir, &cli,
        "\ncofleet: stopping: the best plan so far will be written "
        "(a second SIGINT aborts without writing)\n",
        &prm, &p, &in, &lock);
    if (started_run >= 0) return started_run;
    if ((rc = cf_solution_init(&sol, p, &err)) != CF_OK) goto done;

    cf_solve_opts opts = {.params = &prm, .stop = &cf_cli_stop, .started = started};
    if (!quiet && isatty(STDERR_FILENO)) opts.progress = progress;
    rc = cf_solve(p, &opts, &sol, &stats, &err);
    if (opts.progress) fprintf(stderr, "\r\033[K");
    if (rc != CF_OK) goto done;
    /* A signal during loading, screening or assignment counts too, not only
     * one the search loop noticed. */
    if (cf_cli_stop) stats.stopped_by_signal = 1;

    /* Never write a plan the independent checker rejects: that is our bug. */
    if ((rc = cf_solution_check(p, &sol, &err)) != CF_OK) {
        fprintf(stderr, "cofleet: internal error: the solver's plan fails the check: %s\n",
                err.msg);
        goto done;
    }
    cf_run_info info = {.elapsed_s = stats.elapsed_s,
                        .iterations = stats.iterations,
                        .threads = stats.threads,
                        .stopped_by_signal = stats.stopped_by_signal,
                        .bench_solution = in.bench ? (int)in.format : 0};
    if ((rc = cf_plan_write(out_dir, p, &prm, &sol, &info, &err)) != CF_OK) goto done;
    if (stats.stopped_by_signal)
        fprintf(stderr, "cofleet: interrupted: wrote the best plan found in %.1f s\n",
                stats.elapsed_s);
    print_summary(p, &prm, &sol, out_dir);
    if (in.bench) {
        int used = 0;
        for (int v = 0; v < p->n_vehicles; v++)
            used += sol.first[v] >= 0;
        printf("objective  %.*f  (%s, published convention)  vehicles %d  file %s/solution.%s\n",
               cf_bench_cost_decimals(p), cf_bench_cost(p, &sol),
               cf_bench_format_str(in.format), used, out_dir,
               in.format == CF_BENCH_CORDEAU ? "res" : "sol");
    }
    code = stats.stopped_by_signal ? CF_EXIT_STOPPED : CF_EXIT_OK;
done:
    if (code != CF_EXIT_OK && rc != CF_OK) fprintf(stderr, "cofleet: %s\n", err.msg);
    cf_solution_release(&sol);
    cf_problem_free(p);
    cf_cli_release_out(out_dir, lock);
    return code;
}
