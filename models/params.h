/*
 * Run parameters: what scenario.ini's [scenario] section and the command
 * line set.  The table of names, types, defaults and help texts lives in
 * io/scenario/params.c (one source of truth for parsing, --help-params and
 * docs/params.md); this struct is what the solver and writers read.
 */
#ifndef CF_MODELS_PARAMS_H
#define CF_MODELS_PARAMS_H

#include <stdint.h>

#include "models/problem.h"

typedef struct cf_params {
    char name[128];       /* scenario name; default: the directory's base name */
    cf_sharing sharing;   /* pooled (default) or separate */
    double time_limit_s;  /* wall-clock limit of the search, seconds (default 30) */
    long iterations;      /* work limit: search iterations per stream, 0 = none */
    uint64_t seed;        /* default 1 */
    int threads;          /* 0 = as many as OpenMP offers */
    double road_factor;   /* great-circle detour factor, default 1.3 */
    double co2_kg_per_km; /* for the CO2 KPI, default 0.9 */
    int format;           /* benchmark files: cf_bench_format (io/formats/bench_read.h), 0 = auto */
    int objective;        /* benchmark files: cf_bench_objective, 0 = distance */
    int distances;        /* benchmark files: cf_bench_dist, 0 = the set's own convention */
    unsigned set;         /* bit CF_PARAM_<NAME>: set explicitly (flags override the ini) */
} cf_params;

enum {
    CF_PARAM_NAME = 1u << 0,
    CF_PARAM_SHARING = 1u << 1,
    CF_PARAM_TIME_LIMIT = 1u << 2,
    CF_PARAM_ITERATIONS = 1u << 3,
    CF_PARAM_SEED = 1u << 4,
    CF_PARAM_THREADS = 1u << 5,
    CF_PARAM_ROAD_FACTOR = 1u << 6,
    CF_PARAM_CO2 = 1u << 7,
    CF_PARAM_FORMAT = 1u << 8,
    CF_PARAM_OBJECTIVE = 1u << 9,
    CF_PARAM_DISTANCES = 1u << 10,
};

#endif
