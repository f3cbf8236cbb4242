/*
 * One loader for scenario directories and benchmark files (see input.h).
 * The parameters table (io/scenario/params.c) stores the benchmark choices as the
 * index of their word; the asserts below keep that order equal to the enums
 * of io/formats/bench_read.h.
 */
#include "io/input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/scenario/params.h"
#include "io/scenario/scenario.h"

_Static_assert(CF_BENCH_AUTO == 0 && CF_BENCH_CVRPLIB == 1 && CF_BENCH_SOLOMON == 2 &&
                   CF_BENCH_CORDEAU == 3,
               "io/scenario/params.c 'format' choices: auto|cvrplib|solomon|cordeau");
_Static_assert(CF_BENCH_OBJ_DISTANCE == 0 && CF_BENCH_OBJ_VEHICLES_FIRST == 1,
               "io/scenario/params.c 'objective' choices: distance|vehicles-first");
_Static_assert(CF_BENCH_DIST_DEFAULT == 0 && CF_BENCH_DIST_EXACT == 1 && CF_BENCH_DIST_DIMACS == 2 &&
                   CF_BENCH_DIST_MILLI == 3,
               "io/scenario/params.c 'distances' choices: default|exact|dimacs|milli");

void cf_input_bench_opts(const cf_params *prm, cf_bench_opts *o)
{
    cf_bench_opts_init(o);
    o->format = (cf_bench_format)prm->format;
    o->objective = (cf_bench_objective)prm->objective;
    o->dist = (cf_bench_dist)prm->distances;
    if (o->dist == CF_BENCH_DIST_DEFAULT && o->objective == CF_BENCH_OBJ_VEHICLES_FIRST)
        o->dist = CF_BENCH_DIST_EXACT;
}

cf_status cf_input_load(const char *path, const cf_params *cli, cf_params *eff, cf_problem **out,
                        cf_input_info *info, cf_err *err)
{
    struct stat st;
    cf_params prm;
    cf_bench_opts o;
    cf_bench_format fmt = CF_BENCH_AUTO;
    cf_status rc;

    *out = NULL;
    if (info) {
        info->bench = false;
        info->format = CF_BENCH_AUTO;
    }
    if (stat(path, &st) != 0) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        /* A missing path: "X-n101-k25.vrp" meant a file, anything else a scenario. */
        if (errno != ENOENT || !*base || !strchr(base + 1, '.'))
            return cf_scenario_load(path, cli, eff, out, err);
        return cf_err_set(err, CF_EIO, "%s: no such file", path);
    }
    if (S_ISDIR(st.st_mode)) return cf_scenario_load(path, cli, eff, out, err);
    if (!S_ISREG(st.st_mode))
        return cf_err_set(err, CF_EIO, "%s: neither a scenario directory nor a benchmark file",
                          path);

    cf_params_defaults(&prm);
    if (cli) cf_params_override(&prm, cli);
    cf_input_bench_opts(&prm, &o);
    if ((rc = cf_bench_read(path, &o, out, &fmt, err)) != CF_OK) return rc;
    if (!(prm.set & CF_PARAM_NAME)) snprintf(prm.name, sizeof prm.name, "%s", (*out)->name);
    prm.format = (int)fmt;
    prm.sharing = (*out)->sharing; /* one courier owns every vehicle: the policy is moot */
    if (eff) *eff = prm;
    if (info) {
        info->bench = true;
        info->format = fmt;
    }
    return CF_OK;
}
