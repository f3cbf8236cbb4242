/*
 * Folder-private helpers of the benchmark readers (io/bench_*.c, io/formats/cvrplib.c,
 * io/formats/solomon.c, io/formats/cordeau.c): a whole file split into NUL-terminated lines
 * in place, whitespace tokens, strict numbers, "FILE:LINE:" errors, and the
 * builder that fills a cf_problem with the mapping every format shares
 * (see bench_read.h).
 */
#ifndef CF_IO_FORMATS_FORMATS_INT_H
#define CF_IO_FORMATS_FORMATS_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "io/formats/bench_read.h"

typedef struct cf_fmt_text {
    const char *path;
    char *buf;   /* the file, each line NUL-terminated in place, CR stripped */
    char **line; /* [n_lines] */
    int n_lines;
} cf_fmt_text;

/* Reads at most max_bytes of path (more is an error, as is a NUL byte). */
cf_status cf_fmt_text_load(cf_fmt_text *t, const char *path, size_t max_bytes, cf_err *err);
void cf_fmt_text_release(cf_fmt_text *t);

/* "path:line: what" (line 0: "path: what"); returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
cf_status
cf_fmt_err(cf_err *err, cf_status code, const char *path, int line, const char *fmt, ...);

/* Splits s in place at blanks (space, tab, CR, VT, FF) into tok[0 .. max);
 * returns the number of tokens, max + 1 when there are more. */
int cf_fmt_split(char *s, char **tok, int max);
/* The next token at *s, NUL-terminated in place, *s moved past it; NULL
 * when only blanks are left. */
char *cf_fmt_token(char **s);
/* First non-blank character of s ('\0' when blank). */
char cf_fmt_first(const char *s);
/* s without leading and trailing blanks (in place). */
char *cf_fmt_trim(char *s);

/* Strict numbers (io/text_int.h grammar): false when tok is not one. */
bool cf_fmt_num(const char *tok, double *out);
/* An integer within [lo, hi] written as plain digits with an optional sign. */
bool cf_fmt_long(const char *tok, long lo, long hi, long *out);

/* Allocates every table of p for nd depots, no orders, nv vehicles in its
 * arena and fills the shared mapping: ids "depot" or "D1".., "v1".., one
 * courier, mandatory orders, windows 0 .. CF_TIME_INF, no service, volume
 * unused, costs and speed from dist_unit_km (set it first).  Order ids, x,
 * y, demands, capacities and the per-format fields are the caller's. */
cf_status cf_fmt_alloc(cf_problem *p, int nd, int no, int nv, cf_err *err);

/* CF_EPARSE "path:line: WHAT: not valid UTF-8 (...)" unless the instance
 * name `name` (it reaches summary.json) is UTF-8. */
cf_status cf_fmt_name(const cf_fmt_text *t, int line, const char *what, const char *name,
                     cf_err *err);

/* A copy of s in p's arena (CF_ENOMEM). */
cf_status cf_fmt_strdup(cf_problem *p, char **dst, const char *s, cf_err *err);

/* Applies the objective option; ub_dist bounds the distance of any
 * solution, in distance units (see bench_read.h).  CF_EINVAL when the
 * costs could overflow. */
cf_status cf_fmt_objective(cf_problem *p, cf_bench_objective obj, double ub_dist, cf_err *err);

/* The file name of path without its directory and its last extension,
 * bytes that are not UTF-8 replaced by '?'. */
void cf_fmt_base_name(const char *path, char *buf, size_t size);

cf_status cf_fmt_read_cvrplib(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err);
cf_status cf_fmt_read_solomon(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err);
cf_status cf_fmt_read_cordeau(cf_fmt_text *t, const cf_bench_opts *o, cf_problem *p, cf_err *err);

#endif
