/*
 * cofleet check: loads a scenario and a plan directory and runs the
 * independent checker on them (io/plan/plan_check.h): every rule of the model,
 * and every figure the plan files state.  The plan is checked under the
 * sharing policy its summary.json names (it was solved under it), unless
 * --sharing says otherwise.  The input may also be a benchmark file
 * (io/input.h), read with the --format, --objective and --distances it was
 * solved with.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "models/money.h"
#include "io/input.h"
#include "io/scenario/params.h"
#include "io/plan/plan_check.h"
#include "io/plan/plan_read.h"
#include "models/check.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet check SCENARIO_DIR|FILE PLAN_DIR [--sharing pooled|separate]\n"
            "                     [--quiet] [--format F] [--objective O] [--distances D]\n\n"
            "Checks the plan in PLAN_DIR (routes.csv, unassigned.csv, depots/*.csv,\n"
            "summary.json) against the scenario in SCENARIO_DIR: every rule (time windows,\n"
            "shifts, capacities, skills, DC and sharing rules, DC capacity), every order\n"
            "routed or listed once with a reason, and every figure written in the files\n"
            "recomputed.  The sharing policy is the one summary.json names, or --sharing.\n"
            "Prints 'plan valid: ...', or each violation and 'plan invalid: N violations'.\n"
            "--quiet prints the verdict line only.  A benchmark FILE is read as 'cofleet\n"
            "solve' read it: give the same --format, --objective and --distances.\n\n"
            "exit: 0 valid, 1 usage, 2 invalid input (scenario or plan unreadable),\n"
            "      3 violations found, 4 internal error\n");
}

typedef struct check_flags {
    const char *sharing;
    int quiet;
    cf_params *bench; /* how a benchmark file is read: --format, --objective, --distances */
} check_flags;

enum { OPT_SHARING = 1, OPT_FORMAT, OPT_OBJECTIVE, OPT_DISTANCES, OPT_QUIET = 'q' };
static const cf_cli_opt check_opts[] = {
    {"sharing", OPT_SHARING, true},     {"format", OPT_FORMAT, true},
    {"objective", OPT_OBJECTIVE, true}, {"distances", OPT_DISTANCES, true},
    {"quiet", OPT_QUIET, false},
};
#define N_CHECK_OPTS ((int)(sizeof check_opts / sizeof check_opts[0]))

static int on_opt(void *ctx, int key, const char *val)
{
    check_flags *fl = ctx;
    cf_err err;
    const char *param = key == OPT_FORMAT ? "format" : key == OPT_OBJECTIVE ? "objective" : "distances";
    if (key == OPT_SHARING) {
        fl->sharing = val;
    } else if (key == OPT_QUIET) {
        fl->quiet = 1;
    } else if (cf_params_set(fl->bench, param, val, &err) != CF_OK) {
        fprintf(stderr, "cofleet check: %s\n", err.msg);
        return CF_EXIT_USAGE;
    }
    return -1;
}

int cf_cmd_check(int argc, char **argv)
{
    const char *scen = NULL, *plan = NULL, *sharing = NULL;
    int quiet = 0, code;
    cf_params cli, bench, prm;
    cf_problem *p = NULL;
    cf_violations v;
    cf_plan_totals tot;
    cf_err err = {0};
    cf_status rc;

    cf_params_defaults(&bench);
    check_flags fl = {NULL, 0, &bench};
    cf_cli_spec spec = {.cmd = "check", .opts = check_opts, .n_opts = N_CHECK_OPTS, .min_args = 2,
                        .max_args = 2, .usage = usage, .on_opt = on_opt, .ctx = &fl};
    const char *args[2] = {NULL, NULL};
    int n_args, parsed = cf_cli_parse(&spec, argc, argv, args, &n_args);
    if (parsed >= 0) return parsed;
    scen = args[0], plan = args[1], sharing = fl.sharing, quiet = fl.quiet;

    cf_params_defaults(&cli);
    cf_params_override(&cli, &bench);
    if (sharing) {
        if (cf_params_set(&cli, "sharing", sharing, &err) != CF_OK) {
            fprintf(stderr, "cofleet check: %s\n", err.msg);
            return CF_EXIT_USAGE;
        }
    } else {
        cf_sharing sh;
        cf_err ignored;
        if (cf_plan_read_sharing(plan, &sh, &ignored) == CF_OK) {
            cli.sharing = sh;
            cli.set |= CF_PARAM_SHARING;
        }
    }
    if ((rc = cf_input_load(scen, &cli, &prm, &p, NULL, &err)) != CF_OK) {
        fprintf(stderr, "cofleet check: %s\n", err.msg);
        return cf_exit_for_input(rc);
    }

    cf_violations_init(&v);
    rc = cf_plan_check(plan, p, &prm, &v, &tot, &err);
    switch (rc) {
    case CF_OK:
    {
        char m[CF_MONEY_BUF];
        cf_money_fmt(m, sizeof m, tot.cost);
        printf("plan valid: %d routes, %d orders served, %d unassigned, cost %s\n", tot.routes,
               tot.served, tot.unassigned, m);
    }
        code = CF_EXIT_OK;
        break;
    case CF_EINFEAS:
        if (!quiet) {
            for (int i = 0; i < v.len; i++)
                printf("%s\n", v.msg[i]);
            if (v.total > v.len) printf("... and %ld more\n", v.total - v.len);
        }
        printf("plan invalid: %ld violations\n", v.total);
        code = CF_EXIT_CHECK;
        break;
    case CF_ENOMEM:
        fprintf(stderr, "cofleet check: %s\n", err.msg);
        code = CF_EXIT_INTERNAL;
        break;
    default:
        fprintf(stderr, "cofleet check: %s\n", err.msg);
        code = cf_exit_for_input(rc);
        break;
    }
    fflush(stdout);
    cf_violations_release(&v);
    cf_problem_free(p);
    return code;
}
