/*
 * One loader for both kinds of input, so that every command takes either:
 *   a directory     a scenario (docs/formats.md), through cf_scenario_load;
 *   a regular file  a research benchmark instance (CVRPLIB, Solomon /
 *                   Gehring-Homberger, Cordeau), through cf_bench_read, with
 *                   the format, objective and distance convention taken from
 *                   the parameters `format`, `objective` and `distances`.
 * Both end in the same cf_problem, solved by the same search.
 */
#ifndef CF_IO_INPUT_H
#define CF_IO_INPUT_H

#include <stdbool.h>

#include "io/formats/bench_read.h"
#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"

typedef struct cf_input_info {
    bool bench;             /* a benchmark file (else a scenario directory) */
    cf_bench_format format; /* the format read, when bench */
} cf_input_info;

/* The benchmark reader's options for the parameters prm: the format and
 * objective as given; distances as given, except that the default with
 * objective vehicles-first is exact (the hierarchical VRPTW convention). */
void cf_input_bench_opts(const cf_params *prm, cf_bench_opts *o);

/* Loads path.  `cli` (may be NULL) holds the parameters of the command
 * line; for a scenario they override scenario.ini, for a benchmark file the
 * defaults.  The effective parameters go to *eff (may be NULL; a benchmark
 * file's name is the instance's NAME), what was read to *info (may be NULL).
 * On success *out is a finalized problem owned by the caller, NULL on
 * failure.  Errors name the file and line ("X-n101-k25.vrp:7: ...").
 * CF_EIO (no such file or directory, unreadable), CF_EPARSE, CF_EINVAL,
 * CF_ENOMEM, CF_OK. */
cf_status cf_input_load(const char *path, const cf_params *cli, cf_params *eff, cf_problem **out,
                        cf_input_info *info, cf_err *err);

#endif
