/*
 * Folder-private: the plan files as tables of cells, built from a problem
 * and a solution by the from-scratch evaluation of models/, so that the
 * writer (plan_write.c) prints them and the plan checker (plan_check.c)
 * rebuilds and compares them with what a plan directory holds; and a
 * minimal CSV reader over libcsv for reading plans back (plan_read.c).
 *
 * Precision of the figures (docs/formats.md): money in currency units with
 * 2 decimals, km with 3, weight in kg with 3 (exact: grams), volume in m3
 * with 6 (exact: cm3), ratios with 4, hours with 3; times HH:MM, floored to
 * the minute, hours past 24 for the next day.  The checker accepts a
 * written number when it is within half a unit of its last printed decimal
 * of the exact recomputed value; a time when its minute is the same.
 */
#ifndef CF_IO_PLAN_PLAN_INT_H
#define CF_IO_PLAN_PLAN_INT_H

#include <jansson.h>
#include <stddef.h>

#include "io/plan/plan.h"
#include "models/arena.h"
#include "models/kpi.h"

#define CF_PLAN_MONEY_DEC 2
#define CF_PLAN_KM_DEC 3
#define CF_PLAN_KG_DEC 3
#define CF_PLAN_M3_DEC 6
#define CF_PLAN_RATIO_DEC 4
#define CF_PLAN_HOURS_DEC 3

typedef enum {
    CF_PCELL_TEXT, /* compared as text */
    CF_PCELL_TIME, /* HH:MM or empty; value: minutes */
    CF_PCELL_NUM,  /* value with `decimals` printed decimals */
} cf_pcell_kind;

typedef struct cf_pcell {
    const char *text; /* as written */
    double value;     /* exact value (NUM) or minutes (TIME, -1: empty) */
    int decimals;
    cf_pcell_kind kind;
} cf_pcell;

/* A table with a fixed header: what one CSV file of the plan holds. */
typedef struct cf_ptable {
    const char *const *cols; /* [n_cols] header names */
    int n_cols, n_rows, cap_rows;
    cf_pcell *cells; /* [cap_rows * n_cols], row-major */
    cf_arena arena;  /* cell texts */
    int oom;         /* an allocation failed while filling it */
} cf_ptable;

extern const char *const cf_plan_routes_cols[];     /* 11 columns of routes.csv */
extern const char *const cf_plan_unassigned_cols[]; /* order,courier,reason,extra_cost */
extern const char *const cf_plan_manifest_cols[];   /* depots/DEPOT_ID.csv */
#define CF_PLAN_ROUTES_NCOLS 11
#define CF_PLAN_UNASSIGNED_NCOLS 4
#define CF_PLAN_MANIFEST_NCOLS 9
extern const char *const cf_plan_trace_cols[]; /* trace.csv */
#define CF_PLAN_TRACE_NCOLS 8

void cf_ptable_init(cf_ptable *t, const char *const *cols, int n_cols);
void cf_ptable_release(cf_ptable *t);
static inline const cf_pcell *cf_ptable_cell(const cf_ptable *t, int row, int col)
{
    return &t->cells[(size_t)row * (size_t)t->n_cols + (size_t)col];
}

/* routes.csv of s; route_row[v] gets the index of vehicle v's start row, or
 * -1 when v is unused.  CF_ENOMEM, CF_EINVAL (malformed lists), CF_OK. */
cf_status cf_plan_routes_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                               int *route_row, cf_err *err);
/* unassigned.csv of s. */
cf_status cf_plan_unassigned_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                                   cf_err *err);
/* depots/DEPOT_ID.csv of DC d. */
cf_status cf_plan_manifest_table(const cf_problem *p, const cf_solution *s, int d, cf_ptable *t,
                                 cf_err *err);
/* trace.csv of s: one row per order, in the order of orders.csv: its
 * courier, and when routed the DC, vehicle, vehicle owner, position on the
 * route (routes.csv's seq), arrival and departure; those cells are empty
 * for an unassigned order (unassigned.csv says why). */
cf_status cf_plan_trace_table(const cf_problem *p, const cf_solution *s, cf_ptable *t,
                              cf_err *err);
/* summary.json (a new reference) or NULL when out of memory. */
json_t *cf_plan_summary_json(const cf_problem *p, const cf_params *prm, const cf_solution *s,
                             const cf_run_info *info, const cf_kpi *k, char *const *depot_files);

/* root as path, atomically (io/plan/atomic.h), indented by 2, keys in
 * order, reals to 15 digits, a final newline: every JSON file of a plan or
 * of the coalition view.  CF_EIO or CF_OK. */
cf_status cf_plan_write_json(const char *path, json_t *root, cf_err *err);

/* Decimals of a summary.json number named key; -1: run information the
 * checker does not recompute (seed, elapsed_s, ...); -2: compared exactly. */
int cf_plan_json_decimals(const char *key);

/* File names (without "depots/") of every DC's manifest, in the arena:
 * DEPOT_ID with every byte outside [A-Za-z0-9._-] (and a leading '.')
 * escaped as %xx (two lower-case hex digits), and its capitals escaped too
 * when it equals another DC's id ignoring case; an id whose name would pass
 * 200 bytes is cut there and gets "~N" (N = the DC's index); ".csv"
 * appended.  Distinct ids get distinct names, also on a file system that
 * ignores case.  NULL when out of memory. */
char **cf_plan_depot_files(const cf_problem *p, cf_arena *a);

/* "HH:MM" of the minute containing s (floored); hours may pass 24. */
void cf_plan_fmt_clock(char *buf, size_t size, int64_t s);
/* Minutes of "HH:MM" or "H:MM"; -1 when malformed. */
long cf_plan_parse_clock(const char *text);

/* A CSV file read whole (minimal reader for plan files; libcsv). */
typedef struct cf_csv_doc {
    cf_arena arena;
    int n_cols;    /* header fields */
    char **header; /* [n_cols] */
    int n_rows;    /* data rows */
    char ***rows;  /* [n_rows][n_fields[i]] */
    int *n_fields; /* [n_rows] */
    int *line;     /* [n_rows] line of the row (the header is line 1) */
    int cap_rows;
} cf_csv_doc;

/* Reads path; `label` names it in messages ("routes.csv").  A UTF-8 BOM and
 * CRLF are accepted.  CF_EIO (missing, unreadable), CF_EPARSE (malformed
 * CSV, empty file), CF_ENOMEM. */
cf_status cf_csv_doc_read(const char *path, const char *label, cf_csv_doc **out, cf_err *err);
void cf_csv_doc_free(cf_csv_doc *d);
/* Column index by name (case-insensitive, spaces trimmed), or -1. */
int cf_csv_doc_col(const cf_csv_doc *d, const char *name);
/* The cell, or "" when the row has no such field or col < 0. */
const char *cf_csv_doc_cell(const cf_csv_doc *d, int row, int col);

#endif
