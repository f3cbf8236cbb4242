/*
 * Fuzz target for a published-solution reader (io/formats/bench_read.h): with
 * CF_FUZZ_RES undefined, CVRPLIB .sol files read against a 6-customer
 * CVRPLIB instance; with CF_FUZZ_RES, Cordeau .res files against a
 * 2-depot type-2 instance.  The solution read is then checked (the checker
 * must cope with whatever the reader accepted) and costed.
 */
#include "fuzz/fuzz_common.h"

#include "io/formats/bench_read.h"

#ifdef CF_FUZZ_RES
static const char instance[] = "2 2 6 2\n"
                               "0 10\n"
                               "12 10\n"
                               " 1  2  0  0  4 1 2 1 2\n"
                               " 2  4  0  1  6 1 2 1 2\n"
                               " 3 -2  0  1  5 1 2 1 2\n"
                               " 4 -4  0  0  5 1 2 1 2\n"
                               " 5  1  3  0  3 1 2 1 2\n"
                               " 6  3 -3  2  2 1 2 1 2\n"
                               " 7  0  0  0  0 0 0\n"
                               " 8 -6  0  0  0 0 0\n";
#define READ cf_bench_read_res
#define FORMAT CF_BENCH_CORDEAU
#else
static const char instance[] = "NAME : T-n7-k3\n"
                               "TYPE : CVRP\n"
                               "DIMENSION : 7\n"
                               "EDGE_WEIGHT_TYPE : EUC_2D\n"
                               "CAPACITY : 6\n"
                               "NODE_COORD_SECTION\n"
                               "1 0 0\n2 3 4\n3 6 8\n4 -3 4\n5 0 -5\n6 2 2\n7 -4 -4\n"
                               "DEMAND_SECTION\n"
                               "1 0\n2 3\n3 3\n4 4\n5 2\n6 1\n7 5\n"
                               "DEPOT_SECTION\n1\n-1\nEOF\n";
#define READ cf_bench_read_sol
#define FORMAT CF_BENCH_CVRPLIB
#endif

static cf_problem *prob;
static cf_solution sol;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char path[512];
    cf_bench_opts o;
    cf_err err;
    (void)argc;
    (void)argv;
    fz_write("instance", instance, sizeof instance - 1, path);
    cf_bench_opts_init(&o);
    o.format = FORMAT;
    if (cf_bench_read(path, &o, &prob, NULL, &err) != CF_OK ||
        cf_solution_init(&sol, prob, &err) != CF_OK) {
        fprintf(stderr, "fuzz: the fixed instance does not load: %s\n", err.msg);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    double cost;
    cf_err err;

    fz_write("solution", data, size, path);
    if (READ(path, prob, &sol, &cost, &err) == CF_OK) fz_exercise_solution(prob, &sol);
    return 0;
}
