/*
 * Fuzz target for a research-format reader (io/formats/bench_read.h): CF_FUZZ_FORMAT
 * is CF_BENCH_CVRPLIB, CF_BENCH_SOLOMON or CF_BENCH_CORDEAU, forced so that
 * the input always reaches that parser; the format detector runs too.  A
 * successful read goes on to the checker and the KPIs (fuzz_common.h).
 */
#include "fuzz/fuzz_common.h"

#include "io/formats/bench_read.h"

#ifndef CF_FUZZ_FORMAT
#error "CF_FUZZ_FORMAT is the cf_bench_format this target fuzzes"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fz_scratch();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    cf_bench_opts o;
    cf_bench_format fmt;
    cf_problem *p = NULL;
    cf_err err;

    fz_write("instance", data, size, path);
    cf_bench_detect(path, &fmt, &err);
    cf_bench_opts_init(&o);
    o.format = CF_FUZZ_FORMAT;
    /* The input's first byte picks the options, so both variants are reached. */
    if (size > 0 && (data[0] & 1)) o.objective = CF_BENCH_OBJ_VEHICLES_FIRST;
    if (size > 0 && (data[0] & 2)) o.dist = CF_BENCH_DIST_EXACT;
    if (cf_bench_read(path, &o, &p, NULL, &err) == CF_OK) {
        fz_exercise(p);
        cf_problem_free(p);
    } else if (p) {
        abort();
    }
    return 0;
}
