/*
 * The public API (include/cofleet.h) as an embedding program sees it:
 * only <cofleet.h>, no internal header.  The sample city under a work
 * limit, then the errors a caller gets back.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cofleet.h"

static const char *const quick[] = {"iterations", "20", "time_limit", "0", "seed", "1",
                                    "threads", "1", NULL};

Test(api, solves_checks_and_writes_the_sample_city, .timeout = 120)
{
    cofleet_problem *pb;
    cofleet_plan *plan;
    cofleet_error err;
    char dir[] = "/tmp/cf-api-XXXXXX", out[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(out, sizeof out, "%s/plan", dir);
    cr_assert_eq(cofleet_load("datasets/sample-city", quick, &pb, &err), COFLEET_OK, "%s", err.msg);
    cr_assert_eq(cofleet_solve(pb, &plan, &err), COFLEET_OK, "%s", err.msg);
    cr_assert_eq(cofleet_check(pb, plan, &err), COFLEET_OK, "%s", err.msg);
    cr_assert_eq(cofleet_plan_served(plan) + cofleet_plan_unassigned(plan), 600);
    cr_assert_gt(cofleet_plan_vehicles_used(plan), 0);
    cr_assert_gt(cofleet_plan_cost(pb, plan), 0.0);
    cr_assert_eq(cofleet_write(pb, plan, out, &err), COFLEET_OK, "%s", err.msg);
    snprintf(out, sizeof out, "%s/plan/routes.csv", dir);
    cr_assert_eq(access(out, R_OK), 0);
    cofleet_plan_free(plan);
    cofleet_problem_free(pb);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(api, says_what_is_wrong)
{
    static const char *const bad_value[] = {"seed", "abc", NULL};
    static const char *const unbounded[] = {"time_limit", "0", NULL};
    cofleet_problem *pb = (cofleet_problem *)1;
    cofleet_error err;
    cr_assert_eq(cofleet_load("tests/data/no-such-dir", NULL, &pb, &err), COFLEET_EIO);
    cr_assert_null(pb);
    cr_assert_eq(err.code, COFLEET_EIO);
    cr_assert_eq(cofleet_load("datasets/sample-city", bad_value, &pb, &err), COFLEET_EINVAL);
    cr_assert_not_null(strstr(err.msg, "'seed'"), "%s", err.msg);
    cr_assert_eq(cofleet_load("datasets/sample-city", unbounded, &pb, &err), COFLEET_EINVAL);
    cr_assert_str_eq(cofleet_status_str(COFLEET_EPARSE), "malformed input");
    cr_assert_str_eq(cofleet_version(), CF_VERSION);
}
