/*
 * The public API (include/cofleet.h) over the internals: what `cofleet
 * solve` does (cli/cmd_solve.c), as calls.  Besides cli/, this is the one
 * place where io/ and solver/ meet; it adds no logic of its own, so that a
 * program embedding the library and the command give the same plan for the
 * same input and parameters.
 */
#include "cofleet.h"

#include <string.h>

#include "io/formats/bench_write.h"
#include "io/input.h"
#include "io/plan/plan.h"
#include "io/scenario/params.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/kpi.h"
#include "solver/solver.h"

/* cofleet_status mirrors cf_status value for value. */
#define SAME(name) _Static_assert((int)COFLEET_##name == (int)CF_##name, "cofleet_status drifted");
SAME(OK) SAME(ENOMEM) SAME(EIO) SAME(EPARSE) SAME(EINVAL) SAME(EINFEAS) SAME(ELP) SAME(ETIME)
SAME(EINTR)
_Static_assert((int)COFLEET_ECHECK == (int)CF_STATUS_COUNT, "COFLEET_ECHECK follows cf_status");
#undef SAME

struct cofleet_problem {
    cf_problem *p;
    cf_params prm; /* effective: scenario.ini or the set's defaults, then the caller's */
    cf_input_info in;
};

struct cofleet_plan {
    cf_solution sol;
    cf_solve_stats stats;
};

static cofleet_status give(cofleet_error *err, const cf_err *e)
{
    if (err) {
        err->code = (cofleet_status)e->code;
        snprintf(err->msg, sizeof err->msg, "%s", e->msg);
    }
    return (cofleet_status)e->code;
}

static cofleet_status fail_check(cofleet_error *err, const cf_err *e)
{
    if (err) {
        err->code = COFLEET_ECHECK;
        snprintf(err->msg, sizeof err->msg, "%s", e->msg);
    }
    return COFLEET_ECHECK;
}

const char *cofleet_version(void)
{
    return CF_VERSION;
}

const char *cofleet_status_str(cofleet_status code)
{
    if (code == COFLEET_ECHECK) return "the plan fails the independent checker";
    return cf_status_str((cf_status)code);
}

cofleet_status cofleet_load(const char *path, const char *const *params, cofleet_problem **out,
                            cofleet_error *err)
{
    cf_params cli;
    cf_err e = {0};
    cofleet_problem *pb = cf_calloc(1, sizeof *pb);

    *out = NULL;
    if (!pb) {
        cf_err_set(&e, CF_ENOMEM, "out of memory loading '%s'", path);
        return give(err, &e);
    }
    cf_params_defaults(&cli);
    for (int i = 0; params && params[i]; i += 2)
        if (!params[i + 1]) {
            cf_err_set(&e, CF_EINVAL, "parameter '%s' has no value", params[i]);
            goto fail;
        } else if (cf_params_set(&cli, params[i], params[i + 1], &e) != CF_OK) {
            goto fail;
        }
    if (cf_input_load(path, &cli, &pb->prm, &pb->p, &pb->in, &e) != CF_OK) goto fail;
    if (cf_params_check_limits(&pb->prm, &e) != CF_OK) goto fail;
    *out = pb;
    return COFLEET_OK;
fail:
    cofleet_problem_free(pb);
    return give(err, &e);
}

void cofleet_problem_free(cofleet_problem *pb)
{
    if (!pb) return;
    cf_problem_free(pb->p);
    cf_free(pb);
}

cofleet_status cofleet_solve(const cofleet_problem *pb, cofleet_plan **out, cofleet_error *err)
{
    cf_err e = {0};
    cofleet_plan *plan = cf_calloc(1, sizeof *plan);
    cf_solve_opts opts = {.params = &pb->prm};

    *out = NULL;
    if (!plan) {
        cf_err_set(&e, CF_ENOMEM, "out of memory solving '%s'", pb->prm.name);
        return give(err, &e);
    }
    if (cf_solution_init(&plan->sol, pb->p, &e) != CF_OK ||
        cf_solve(pb->p, &opts, &plan->sol, &plan->stats, &e) != CF_OK) {
        cofleet_plan_free(plan);
        return give(err, &e);
    }
    if (cf_solution_check(pb->p, &plan->sol, &e) != CF_OK) { /* never hand out a bad plan */
        cofleet_plan_free(plan);
        return fail_check(err, &e);
    }
    *out = plan;
    return COFLEET_OK;
}

void cofleet_plan_free(cofleet_plan *plan)
{
    if (!plan) return;
    cf_solution_release(&plan->sol);
    cf_free(plan);
}

cofleet_status cofleet_check(const cofleet_problem *pb, const cofleet_plan *plan,
                             cofleet_error *err)
{
    cf_err e = {0};
    cf_status rc = cf_solution_check(pb->p, &plan->sol, &e);
    if (rc == CF_OK) return COFLEET_OK;
    return rc == CF_ENOMEM ? give(err, &e) : fail_check(err, &e);
}

cofleet_status cofleet_write(const cofleet_problem *pb, const cofleet_plan *plan, const char *dir,
                             cofleet_error *err)
{
    cf_err e = {0};
    cf_run_info info = {.elapsed_s = plan->stats.elapsed_s,
                        .iterations = plan->stats.iterations,
                        .threads = plan->stats.threads,
                        .bench_solution = pb->in.bench ? (int)pb->in.format : 0};
    if (cf_plan_write(dir, pb->p, &pb->prm, &plan->sol, &info, &e) != CF_OK) return give(err, &e);
    return COFLEET_OK;
}

double cofleet_plan_cost(const cofleet_problem *pb, const cofleet_plan *plan)
{
    if (pb->in.bench) return cf_bench_cost(pb->p, &plan->sol);
    return (double)plan->stats.cost / CF_COST_SCALE;
}

int cofleet_plan_vehicles_used(const cofleet_plan *plan)
{
    int used = 0;
    for (int v = 0; v < plan->sol.n_vehicles; v++)
        used += plan->sol.first[v] >= 0;
    return used;
}

int cofleet_plan_served(const cofleet_plan *plan)
{
    int served = 0;
    for (int o = 0; o < plan->sol.n_orders; o++)
        served += plan->sol.vehicle[o] >= 0;
    return served;
}

int cofleet_plan_unassigned(const cofleet_plan *plan)
{
    return plan->sol.n_orders - cofleet_plan_served(plan);
}
