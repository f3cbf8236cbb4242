/*
 * Parallel search, pipeline step 7: OpenMP threads run a fixed number of
 * logical search streams (cf_search_cfg.streams, never the thread count),
 * each with its own random numbers (seeded by stream index) and memory.
 * Streams run in epochs of a fixed number of iterations; between epochs,
 * serially, the best solutions are reduced in stream order (ties to the
 * lower index) and streams that fell behind restart from the elite.  Under
 * a work limit one seed gives one answer for any number of threads.
 * This is the only part of the project that talks to OpenMP.
 */
#ifndef CF_SOLVER_PARALLEL_H
#define CF_SOLVER_PARALLEL_H

#include "models/err.h"
#include "solver/route.h"
#include "solver/search.h"
#include "solver/solver.h"

typedef struct cf_par_opts {
    const cf_search_cfg *cfg;
    uint64_t seed;
    int threads;     /* 0: as many as OpenMP offers */
    long iterations; /* per stream; 0: none */
    double t_start;  /* cf_ctx_now() when cf_solve began */
    double deadline; /* cf_ctx_now() value; <= 0: none */
    const volatile sig_atomic_t *stop;
    cf_progress_fn progress;
    void *progress_ctx;
} cf_par_opts;

typedef struct cf_par_result {
    long iterations; /* all streams */
    int threads;     /* threads used */
    int stopped_by_signal, stopped_by_time;
} cf_par_result;

/* The number of threads `threads` resolves to (0: omp_get_max_threads()). */
int cf_par_threads(int threads);

/* Searches from init; best receives the best solution found (init when
 * nothing better).  CF_ENOMEM or CF_OK. */
cf_status cf_par_search(const cf_fleet *f, const cf_routes *init, const cf_par_opts *o,
                        cf_routes *best, cf_par_result *res, cf_err *err);

/* Runs run(task, ctx) for every task in [0, n_tasks) on `threads` threads
 * (0: as many as OpenMP offers), dynamic schedule, one task at a time per
 * thread; returns when all are done.  Each task must write only its own
 * slot of ctx (and seed its randomness by task, never by thread). */
void cf_par_tasks(int n_tasks, int threads, void (*run)(int task, void *ctx), void *ctx);

#endif
