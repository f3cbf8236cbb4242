/*
 * Shared by the libFuzzer targets (fuzz/CMakeLists.txt, docs/reliability.md).
 * The readers take paths, as the CLI does, so each input is written to a
 * file in a private scratch directory (under $TMPDIR, else /dev/shm or /tmp) and read
 * back from there: the fuzzer exercises exactly the code a nightly run does.
 * After a successful read, fz_exercise() runs the checker and the KPIs on
 * the problem with every order on the first vehicle, so that extreme values
 * the readers accept reach the from-scratch evaluation (where an overflow
 * would be undefined behaviour, caught by UBSan), and builds summary.json,
 * which must never fail for data a reader accepted (a name that was not
 * UTF-8 once failed it after the whole solve).
 */
#ifndef CF_FUZZ_FUZZ_COMMON_H
#define CF_FUZZ_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/plan/plan_int.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/kpi.h"
#include "models/problem.h"
#include "models/solution.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fz_dir[512];

static inline void fz_cleanup(void)
{
    char cmd[600];
    if (!fz_dir[0]) return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz: cannot remove %s\n", fz_dir);
}

/* Creates the scratch directory once per process. */
static inline const char *fz_scratch(void)
{
    if (fz_dir[0]) return fz_dir;
    const char *t = getenv("TMPDIR");
    if (!t || !*t) t = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/cf_fuzz_XXXXXX", t);
    if (!mkdtemp(fz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fz_cleanup);
    return fz_dir;
}

/* dir/name := data[0 .. size); the path goes to path[512]. */
static inline void fz_write(const char *name, const void *data, size_t size, char *path)
{
    snprintf(path, 512, "%s/%s", fz_scratch(), name);
    /* A new file each time: rewriting one in place (O_TRUNC) makes ext4
     * flush it on close, a few milliseconds each. */
    unlink(path);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

static inline void fz_write_str(const char *name, const char *text)
{
    char path[512];
    fz_write(name, text, strlen(text), path);
}

/* Checker and KPIs on s, then on s with orders[0 .. min(n, 64)) routed on
 * vehicle 0 in index order (usually infeasible: the point is that the
 * evaluation of any accepted data is defined behaviour). */
/* summary.json of s: only running out of memory may fail it. */
static inline void fz_summary(const cf_problem *p, const cf_solution *s, const cf_kpi *k)
{
    cf_arena names;
    char **files;
    json_t *j;
    cf_arena_init(&names, 4096);
    if ((files = cf_plan_depot_files(p, &names)) != NULL) {
        if (!(j = cf_plan_summary_json(p, NULL, s, NULL, k, files))) abort();
        json_decref(j);
    }
    cf_arena_release(&names);
}

static inline void fz_exercise_solution(const cf_problem *p, cf_solution *s)
{
    cf_err err;
    cf_kpi k;
    cf_violations v;

    cf_solution_check(p, s, &err);
    if (cf_kpi_compute(p, s, 0.9, &k, &err) == CF_OK) {
        fz_summary(p, s, &k);
        cf_kpi_release(&k);
    }
    if (p->n_vehicles > 0 && p->n_orders > 0) {
        int ids[64], n = p->n_orders < 64 ? p->n_orders : 64;
        for (int v0 = 0; v0 < p->n_vehicles; v0++)
            cf_solution_clear_route(s, v0, CF_REASON_NOT_PLACED_IN_TIME);
        for (int i = 0; i < n; i++)
            ids[i] = i;
        cf_solution_set_route(s, 0, ids, n, p->veh_shift_start[0]);
    }
    cf_solution_check(p, s, &err);
    cf_violations_init(&v);
    cf_solution_check_all(p, s, &v, &err);
    cf_violations_release(&v);
    if (cf_kpi_compute(p, s, 0.9, &k, &err) == CF_OK) cf_kpi_release(&k);
}

static inline void fz_exercise(const cf_problem *p)
{
    cf_solution s;
    cf_err err;
    if (cf_solution_init(&s, p, &err) != CF_OK) return;
    fz_exercise_solution(p, &s);
    cf_solution_release(&s);
}

#endif
