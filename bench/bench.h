/*
 * The benchmark driver behind `cofleet bench`: runs instances of the
 * standard research sets in-process, one after another (the solver itself
 * uses the threads), checks each result
 * with the independent checker before reporting it, compares it with the
 * best-known solution (BKS) of its set, and writes a progress line per run,
 * a table of mean and worst gaps per set and per size class, and CSV rows
 *
 *   instance,n,seed,threads,time_limit,cost,bks,gap_pct,vehicles,seconds[,rev]
 *
 * cost is the set's published objective (cf_bench_cost), empty when the run
 * gave no valid solution (infeasible, unserved customers, solver or load
 * error); bks and gap_pct are empty when the set has no BKS for the
 * instance under the objective and distance convention of the run.
 *
 * Instances come from a set (a folder of the data dir, listed in the const
 * table of bench/suite.c) or from a suite file (bench/suites/NAME.txt): one
 * instance path relative to the data dir per line, optionally followed by a
 * BKS that overrides the set's; '#' starts a comment; blank lines are
 * skipped.  The BKS of an instance is looked up by its name (the file name
 * without extension) in its set's BKS file (cf_bench_set_bks_file).
 *
 * Planted scenarios (the `rich` suite, bench/planted.c): a suite line
 *
 *   planted NAME FLAGS...        (the flags of `cofleet gen DIR --planted`)
 *
 * is generated into a temporary directory at run time (deterministically:
 * nothing generated is committed), solved like a scenario, checked, and
 * compared with its planted plan instead of a BKS.  Such a run reports
 *
 *   instance,n,seed,threads,time_limit,cost,planted_cost,vs_planted_pct,
 *   mandatory_unassigned,optional_unassigned,vehicles,planted_vehicles,seconds,valid[,rev]
 *
 * and is a failure when the checker rejects its plan or when it leaves a
 * mandatory order unassigned (the planted plan serves every order).  A run
 * holds either instance files or planted scenarios, never both: the CSV
 * columns differ.
 */
#ifndef CF_BENCH_BENCH_H
#define CF_BENCH_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "io/formats/bench_read.h"
#include "models/err.h"
#include "models/params.h"
#include "models/problem.h"
#include "models/solution.h"

#define CF_BENCH_PATH_MAX 1024
#define CF_BENCH_NAME_MAX 128
#define CF_BENCH_MAX_ENTRIES 100000

/* ---- sets ----------------------------------------------------------------- */

/* A standard set: a folder of the data dir and its BKS files (NULL: none
 * for that convention).  For CVRPLIB the distance option is ignored, so both
 * distance-objective files are the same. */
typedef struct cf_bench_set {
    const char *name;           /* "cvrp_X", as --set takes it */
    const char *dir;            /* relative to the data dir */
    cf_bench_dist dist_default; /* what distances=default means for the set */
    const char *bks_dimacs;     /* objective distance, arcs truncated to one decimal */
    const char *bks_exact;      /* objective distance, exact arcs */
    const char *bks_hier;       /* objective vehicles-first */
    const char *bks_milli;      /* objective distance, arcs rounded to 1e-3 */
} cf_bench_set;

extern const cf_bench_set cf_bench_sets[];
extern const int cf_bench_n_sets;

/* The set called name (case-insensitive), NULL when none. */
const cf_bench_set *cf_bench_set_find(const char *name);
/* The set whose folder is dir (a path relative to the data dir, without a
 * trailing '/'), NULL when none. */
const cf_bench_set *cf_bench_set_of_dir(const char *dir);
/* The BKS file name (in the set's folder) for a run read with options o
 * (after cf_input_bench_opts), NULL when the set publishes none for it. */
const char *cf_bench_set_bks_file(const cf_bench_set *s, const cf_bench_opts *o);

/* ---- instance lists ------------------------------------------------------- */

typedef struct cf_bench_entry {
    char rel[CF_BENCH_PATH_MAX];  /* path relative to the data dir */
    char name[CF_BENCH_NAME_MAX]; /* file name without extension: the BKS key */
    const cf_bench_set *set;      /* NULL: not in a known set */
    double bks;                   /* from the suite line, NAN when none given */
    char gen[CF_BENCH_PATH_MAX];  /* planted: the generator's flags (cf_gen_opts_format,
                                     --planted and --name NAME included); "": a file */
} cf_bench_entry;

typedef struct cf_bench_list {
    cf_bench_entry *e; /* [len] */
    int len, cap;
} cf_bench_list;

void cf_bench_list_init(cf_bench_list *l);
void cf_bench_list_release(cf_bench_list *l);

/* Appends the entries of a suite file.  Errors name the file and line:
 * "quick.txt:7: 'x' is not a number (BKS)".  CF_EIO (missing or unreadable
 * file: "quick.txt: no such file"), CF_EPARSE (a line with more than two
 * fields, a bad BKS, an absolute path or one with "..", a line over
 * CF_BENCH_PATH_MAX, a planted line whose name or generator flags are bad),
 * CF_EINVAL (no entries, more than CF_BENCH_MAX_ENTRIES), CF_ENOMEM.  A
 * planted entry's rel is "SUITE/NAME" (SUITE: the file's name without .txt). */
cf_status cf_bench_suite_load(const char *path, cf_bench_list *l, cf_err *err);

/* Appends every instance file of a set's folder under data_dir (not the
 * .sol, .res, .csv, .md, .json files, nor folders or hidden files), in
 * natural order (X-n101 before X-n1001).  CF_EIO (no such folder), CF_ENOMEM. */
cf_status cf_bench_list_set(const char *data_dir, const cf_bench_set *s, cf_bench_list *l,
                            cf_err *err);

/* Keeps only the entries whose name or relative path matches one of the
 * comma-separated fnmatch(3) patterns of globs. */
void cf_bench_list_filter(cf_bench_list *l, const char *globs);

/* ---- best-known solutions -------------------------------------------------- */

/* Looks name up (case-insensitively) in a bks.csv (columns instance,
 * bks_cost[,bks_vehicles,source]).  *cost gets the value, NAN when the file
 * has no row for name or an empty cost; *vehicles (may be NULL) the
 * vehicles, 0 when empty.  CF_EIO, CF_EPARSE ("bks.csv:4: bks_cost 'x' is
 * not a number"), CF_ENOMEM, CF_OK. */
cf_status cf_bench_bks_lookup(const char *csv_path, const char *name, double *cost, int *vehicles,
                              cf_err *err);

/* 100 (cost - bks) / bks; NAN when bks is not a positive number or cost is NAN. */
double cf_bench_gap_pct(double cost, double bks);

/* ---- results and the CSV --------------------------------------------------- */

typedef struct cf_bench_result {
    char instance[CF_BENCH_NAME_MAX];
    char group[CF_BENCH_NAME_MAX]; /* the set's name, or the instance's folder */
    int n;                         /* customers, 0 when the load failed */
    uint64_t seed;
    int threads;
    double time_limit_s; /* 0: none */
    bool ok;             /* a valid solution: checked, every customer served */
    double cost;         /* published objective, NAN unless ok */
    double bks;          /* NAN: none */
    double gap_pct;      /* NAN: no BKS or not ok */
    int vehicles;        /* routes used */
    double seconds;      /* wall clock of the solve */
    char msg[640];       /* why not ok */
    /* planted scenarios only (ok: valid and every mandatory order served) */
    bool planted;
    bool valid;               /* the checker accepted the plan */
    double planted_cost;      /* the planted plan's cost (currency units), NAN: unknown */
    int planted_vehicles;     /* its routes */
    int mandatory_unassigned; /* -1: no plan */
    int optional_unassigned;  /* -1: no plan */
} cf_bench_result;

/* The header line (with a trailing ",rev" when rev) and one row; rev NULL:
 * no rev column.  Numbers are written with at most 4 decimals, trailing
 * zeros dropped; NAN as an empty field. */
void cf_bench_csv_header(FILE *f, bool rev);
void cf_bench_csv_row(FILE *f, const cf_bench_result *r, const char *rev);

/* The size class label of n customers: "n<=100", "n101-399", "n400-1000",
 * "n>1000" (400 customers = X-n401: the X set is split by nodes). */
const char *cf_bench_size_class(int n);

/* Prints the table: per group (all of its runs, then each size class it
 * has), then all runs: runs, valid runs, runs with a BKS, mean and worst
 * gap, mean vehicles and seconds.  Results of planted scenarios get the
 * table of cf_bench_planted_print_table instead. */
void cf_bench_print_table(FILE *f, const cf_bench_result *r, int n);

/* ---- planted scenarios (bench/planted.c) ------------------------------------ */

/* Number of planted entries in l. */
int cf_bench_list_n_planted(const cf_bench_list *l);

/* The CSV of planted runs (columns above); counts of a run without a plan
 * and the cost of a rejected plan are empty; vs_planted_pct is empty unless
 * the run is ok (a plan that leaves mandatory orders out is not comparable). */
void cf_bench_planted_csv_header(FILE *f, bool rev);
void cf_bench_planted_csv_row(FILE *f, const cf_bench_result *r, const char *rev);

/* Per size class, then all runs: runs, valid plans, failed runs, mandatory
 * and optional orders left unassigned (totals), mean and worst cost
 * relative to the planted plan (over ok runs), mean vehicles against the
 * planted ones, mean seconds. */
void cf_bench_planted_print_table(FILE *f, const cf_bench_result *r, int n);

/* ---- the driver ------------------------------------------------------------ */

/* Test hook: called on each solution before the check (it may break it). */
typedef void (*cf_bench_tamper_fn)(const cf_problem *p, cf_solution *s, void *ctx);

typedef struct cf_bench_cfg {
    const char *data_dir;
    const cf_bench_list *list;
    cf_params params;   /* time_limit, iterations, seed, objective, distances, ... */
    int seeds;          /* runs with seeds params.seed .. params.seed + seeds - 1 */
    const int *threads; /* [n_threads] thread counts, each one run per seed */
    int n_threads;
    const char *csv_path;              /* NULL: no CSV */
    const char *rev;                   /* NULL: no rev column */
    FILE *log;                         /* progress lines and the table; NULL: silent */
    const volatile sig_atomic_t *stop; /* non-zero: end the current run, skip the rest */
    cf_bench_tamper_fn tamper;
    void *tamper_ctx;
} cf_bench_cfg;

typedef struct cf_bench_summary {
    int runs;                 /* runs done */
    int invalid;              /* runs without a valid solution (infeasible or failed); planted
                                 scenarios: also those that leave a mandatory order out */
    int mandatory_failed;     /* planted runs with a valid plan that leaves mandatory orders out */
    int skipped;              /* runs not done because of a stop request */
    cf_bench_result *results; /* [runs], owned: free with cf_bench_summary_release */
} cf_bench_summary;

void cf_bench_summary_release(cf_bench_summary *s);

/* Runs every entry of cfg->list for every seed and thread count, in that
 * order.  A run that fails (load error, solver error, checker violation,
 * unserved customer, or for a planted scenario a mandatory order left out)
 * is reported and counted in sum->invalid; it does not stop the others.
 * CF_EIO (the CSV cannot be written), CF_EINVAL (planted scenarios mixed
 * with instance files), CF_ENOMEM, CF_OK. */
cf_status cf_bench_run(const cf_bench_cfg *cfg, cf_bench_summary *sum, cf_err *err);

#endif
