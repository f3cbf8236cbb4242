/*
 * cofleet coalition: the coalition view of a scenario (docs/coalition.md).
 * Solves each courier alone, the coalitions the allocation methods need and
 * the pooled plan (coalition/coalition.h), then writes allocation.csv,
 * coalitions.csv, summary.json and the pooled plan (io/plan/coalition_write.h)
 * and prints the side-by-side table.  SIGINT or SIGTERM ends every solve
 * with its best plan so far and the results are still written; a second
 * SIGINT aborts without writing.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/plan/atomic.h"
#include "io/plan/coalition_write.h"
#include "io/scenario/params.h"
#include "io/plan/plan.h"
#include "io/scenario/scenario.h"
#include "models/check.h"
#include "coalition/coalition.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet coalition SCENARIO_DIR [--out DIR] [--time-limit S] [--iterations N]\n"
            "                         [--method all|shapley|proportional|epm] [--threads T]\n"
            "                         [--seed N] [--exact-max N] [--samples M] [--quiet]\n\n"
            "The coalition view: solves each courier alone (its orders, its vehicles, the DCs\n"
            "it may use), the coalitions the methods need (their orders and vehicles plus the\n"
            "shared fleet) and the pooled scenario, all with the same settings, and splits the\n"
            "pooled cost between the couriers: proportional to standalone cost, Shapley value\n"
            "(exact up to --exact-max couriers, default %d; beyond, --samples random orders,\n"
            "default %d), equal-profit method (an LP); each checked against the core.  A\n"
            "mandatory order a coalition cannot serve costs it a trip of its own; a courier\n"
            "with no orders and no vehicle that may carry one is left out (warned).  Writes\n"
            "DIR (default SCENARIO_DIR/coalition): allocation.csv, coalitions.csv,\n"
            "summary.json and the pooled plan in DIR/pooled/, and prints the table.\n\n"
            "--time-limit is for the whole run, shared between the solves; --iterations bounds\n"
            "each solve's work, and with it the results do not depend on the thread count.\n"
            "Other parameters of 'cofleet --help-params' are flags too; sharing is pooled.\n"
            "Method and formulas: docs/coalition.md.\n\n"
            "exit: 0 written, 1 usage, 2 invalid input or unusable --out (nothing written),\n"
            "4 internal or system error (nothing written), 5 stopped by SIGINT/SIGTERM (the\n"
            "best plans so far written), 130 aborted by a second SIGINT (nothing written)\n",
            CF_SHAPLEY_EXACT_DEFAULT, CF_SHAPLEY_SAMPLES_DEFAULT);
}

static void progress(void *ctx, const char *what)
{
    (void)ctx;
    fprintf(stderr, "cofleet coalition: %s\n", what);
}

/* "all", or methods separated by ','. */
static int parse_methods(const char *s, unsigned *out)
{
    char buf[128], *tok, *save = NULL;
    *out = 0;
    if (strlen(s) >= sizeof buf) return -1;
    snprintf(buf, sizeof buf, "%s", s);
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (!strcmp(tok, "all"))
            *out |= (1u << CF_ALLOC_COUNT) - 1;
        else if (!strcmp(tok, "proportional"))
            *out |= 1u << CF_ALLOC_PROPORTIONAL;
        else if (!strcmp(tok, "shapley"))
            *out |= 1u << CF_ALLOC_SHAPLEY;
        else if (!strcmp(tok, "epm"))
            *out |= 1u << CF_ALLOC_EPM;
        else
            return -1;
    }
    return *out ? 0 : -1;
}

typedef struct coalition_flags {
    const char *out_dir;
    int quiet;
    cf_coalition_opts *opts;
} coalition_flags;

enum { OPT_OUT = 1, OPT_METHOD, OPT_EXACT_MAX, OPT_SAMPLES, OPT_SHARING, OPT_QUIET = 'q' };
static const cf_cli_opt coalition_opts[] = {
    {"out", OPT_OUT, true},         {"method", OPT_METHOD, true},   {"exact-max", OPT_EXACT_MAX, true},
    {"samples", OPT_SAMPLES, true}, {"sharing", OPT_SHARING, true}, {"quiet", OPT_QUIET, false},
};
#define N_COALITION_OPTS ((int)(sizeof coalition_opts / sizeof coalition_opts[0]))

/* A count in [1, max] for --name, or CF_EXIT_USAGE after saying so. */
static int count_flag(const char *name, const char *val, unsigned long long max, int *out)
{
    unsigned long long v;
    if (!cf_parse_whole(val, 1, max, &v)) {
        fprintf(stderr, "cofleet coalition: --%s: '%s' must be in [1, %llu]\n", name, val, max);
        return CF_EXIT_USAGE;
    }
    *out = (int)v;
    return -1;
}

static int on_opt(void *ctx, int key, const char *val)
{
    coalition_flags *fl = ctx;
    switch (key) {
    case OPT_OUT:
        fl->out_dir = val;
        return -1;
    case OPT_METHOD:
        if (parse_methods(val, &fl->opts->methods) == 0) return -1;
        fprintf(stderr, "cofleet coalition: --method: '%s' is not all, shapley, proportional or "
                        "epm\n",
                val);
        return CF_EXIT_USAGE;
    case OPT_EXACT_MAX:
        return count_flag("exact-max", val, CF_SHAPLEY_EXACT_HARD_MAX, &fl->opts->exact_max);
    case OPT_SAMPLES:
        return count_flag("samples", val, 1000000, &fl->opts->samples);
    case OPT_SHARING:
        fprintf(stderr, "cofleet coalition: --sharing: the coalition view compares each courier "
                        "alone with the pooled plan\n");
        return CF_EXIT_USAGE;
    default:
        fl->quiet = 1;
        return -1;
    }
}

int cf_cmd_coalition(int argc, char **argv)
{
    const char *dir = NULL, *out_dir = NULL;
    char out_buf[4096];
    int quiet = 0, code = CF_EXIT_INTERNAL, lock = -1;
    cf_params cli, prm;
    cf_problem *p = NULL;
    cf_solution pooled = {0};
    cf_coalition_result res;
    cf_coalition_opts opts;
    cf_err err = {0};
    cf_status rc;

    memset(&res, 0, sizeof res);
    memset(&opts, 0, sizeof opts);
    cf_params_defaults(&cli);
    coalition_flags fl = {NULL, 0, &opts};
    cf_cli_spec spec = {.cmd = "coalition", .opts = coalition_opts, .n_opts = N_COALITION_OPTS,
                        .params = &cli, .min_args = 1, .max_args = 1, .usage = usage,
                        .on_opt = on_opt, .ctx = &fl};
    int n_args, parsed = cf_cli_parse(&spec, argc, argv, &dir, &n_args);
    if (parsed >= 0) return parsed;
    out_dir = fl.out_dir;
    quiet = fl.quiet;
    if (!out_dir) {
        snprintf(out_buf, sizeof out_buf, "%s/coalition", dir);
        out_dir = out_buf;
    }
    /* The pooled plan is the grand coalition, whatever scenario.ini says. */
    cli.sharing = CF_SHARING_POOLED;
    cli.set |= CF_PARAM_SHARING;
    int started_run = cf_cli_start_run(
        "cofleet coalition", dir, out_dir, &cli,
        "\ncofleet coalition: stopping: every solve ends with its best plan "
        "(a second SIGINT aborts without writing)\n",
        &prm, &p, NULL, &lock);
    if (started_run >= 0) return started_run;
    if ((rc = cf_solution_init(&pooled, p, &err)) != CF_OK) goto done;
    opts.params = &prm;
    opts.stop = &cf_cli_stop;
    if (!quiet) opts.progress = progress;
    if ((rc = cf_coalition_run(p, &opts, &pooled, &res, &err)) != CF_OK) goto done;
    for (int c = 0; c < p->n_couriers; c++)
        if ((res.left_out >> c) & 1u)
            fprintf(stderr,
                    "cofleet coalition: warning: courier '%s' has no orders and no vehicle that "
                    "may carry one: left out of the game (it pays nothing)\n",
                    p->courier_id[c]);
    /* Never write a plan the independent checker rejects: that is our bug. */
    if ((rc = cf_solution_check(p, &pooled, &err)) != CF_OK) {
        fprintf(stderr, "cofleet coalition: internal error: the pooled plan fails the check: %s\n",
                err.msg);
        goto done;
    }
    {
        const cf_coalition_info *g = &res.coalitions[res.n_coalitions - 1];
        cf_run_info info = {.elapsed_s = g->elapsed_s,
                            .iterations = g->iterations,
                            .threads = res.threads,
                            .stopped_by_signal = res.stopped_by_signal};
        if ((rc = cf_coalition_write(out_dir, p, &prm, &res, &pooled, &info, &err)) != CF_OK)
            goto done;
    }
    if (res.stopped_by_signal)
        fprintf(stderr, "cofleet coalition: interrupted: wrote the best plans found\n");
    if ((rc = cf_coalition_print(stdout, p, &prm, &res, &pooled, &err)) != CF_OK) goto done;
    printf("\nwritten      %s/ (allocation.csv, coalitions.csv, summary.json, pooled/)\n", out_dir);
    code = res.stopped_by_signal ? CF_EXIT_STOPPED : CF_EXIT_OK;
done:
    if (code != CF_EXIT_OK && rc != CF_OK) fprintf(stderr, "cofleet coalition: %s\n", err.msg);
    cf_coalition_result_release(&res);
    cf_solution_release(&pooled);
    cf_problem_free(p);
    cf_cli_release_out(out_dir, lock);
    return code;
}
