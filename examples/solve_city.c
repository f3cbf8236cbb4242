/*
 * Embedding cofleet: load a scenario (or a benchmark file), solve it under a
 * work limit, check the plan and write it, through the public API alone.
 *
 *     cc solve_city.c $(pkg-config --cflags --libs --static cofleet) -o solve_city
 *     ./solve_city datasets/sample-city /tmp/plan
 *
 * With a work limit (iterations, time_limit 0) the plan is the one
 * `cofleet solve SCENARIO --iterations 200 --time-limit 0 --seed 1` writes.
 */
#include <stdio.h>

#include <cofleet.h>

int main(int argc, char **argv)
{
    static const char *const params[] = {"iterations", "200", "time_limit", "0", "seed", "1",
                                         NULL};
    cofleet_problem *pb = NULL;
    cofleet_plan *plan = NULL;
    cofleet_error err;
    int code = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: %s SCENARIO_DIR|FILE PLAN_DIR\n", argv[0]);
        return 2;
    }
    printf("cofleet %s\n", cofleet_version());
    if (cofleet_load(argv[1], params, &pb, &err) != COFLEET_OK ||
        cofleet_solve(pb, &plan, &err) != COFLEET_OK || cofleet_check(pb, plan, &err) != COFLEET_OK ||
        cofleet_write(pb, plan, argv[2], &err) != COFLEET_OK) {
        fprintf(stderr, "solve_city: %s (%s)\n", err.msg, cofleet_status_str(err.code));
        goto done;
    }
    printf("cost %.2f, %d vehicles, %d orders served, %d unassigned, plan in %s\n",
           cofleet_plan_cost(pb, plan), cofleet_plan_vehicles_used(plan), cofleet_plan_served(plan),
           cofleet_plan_unassigned(plan), argv[2]);
    code = 0;
done:
    cofleet_plan_free(plan);
    cofleet_problem_free(pb);
    return code;
}
