/*
 * What the benchmark driver (driver.c), the suite reader (suite.c) and the
 * planted scenarios (planted.c) share inside bench/.
 */
#ifndef CF_BENCH_BENCH_INT_H
#define CF_BENCH_BENCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/bench.h"
#include "models/params.h"

/* v with at most 4 decimals, trailing zeros dropped; "" for NAN. */
const char *cf_bench_num(char *buf, size_t size, double v);
/* A CSV field: quoted when it holds a comma, a quote or a line break. */
void cf_bench_field(FILE *f, const char *s);
/* A gap for 2-decimal display: -0.004 shows as 0.00, not -0.00. */
double cf_bench_pct(double gap);

/* The canonical generator flags of a planted suite line: the words of
 * `flags` parsed as `cofleet gen` flags, --planted implied, the scenario
 * named `name`, checked, then written back by cf_gen_opts_format into out.
 * flags is modified.  CF_EINVAL with the generator's message, CF_OK. */
cf_status cf_bench_planted_flags(const char *name, char *flags, char *out, size_t size,
                                 cf_err *err);

/* Generates the planted scenario of e into a fresh temporary directory,
 * loads it as `cofleet solve` would (the parameters of cli override its
 * scenario.ini), and removes the directory.  *planted_cost gets the planted
 * plan's cost in currency units, *planted_vehicles its routes.  CF_OK or
 * the status of what failed, with its message. */
cf_status cf_bench_planted_load(const cf_bench_entry *e, const cf_params *cli, cf_params *eff,
                                cf_problem **out, double *planted_cost, int *planted_vehicles,
                                cf_err *err);

/* Scores a plan of a planted scenario that the checker accepted: cost,
 * vehicles, mandatory and optional orders left out; ok when no mandatory
 * order is; otherwise msg says which reasons and rules they carry. */
void cf_bench_planted_score(const cf_problem *p, const cf_params *prm, const cf_solution *s,
                            cf_bench_result *r);

/* The progress line of a planted run. */
void cf_bench_planted_progress(FILE *log, int k, int total, const cf_bench_result *r,
                               bool show_threads);

#endif
