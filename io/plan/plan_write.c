/*
 * The plan writer (io/plan/plan.h): builds every file of the plan from the
 * tables of plan_table.c into a temporary sibling of the output directory
 * and swaps it in with io/plan/atomic.c, so that a dispatcher, a cron job or
 * `cofleet check` sees the previous plan or the new one, never a mix.
 * File layouts: docs/formats.md.
 */
#define _DEFAULT_SOURCE 1 /* realpath */
#include "io/plan/plan.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/csv_write.h"
#include "io/plan/atomic.h"
#include "io/formats/bench_write.h"
#include "io/plan/plan_check.h"
#include "io/plan/plan_int.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/kpi.h"

#define PATH_BUF 4096

static cf_status write_table(const char *path, const cf_ptable *t, cf_err *err)
{
    FILE *f;
    cf_status rc;
    if ((rc = cf_atomic_fopen(path, &f, err)) != CF_OK) return rc;
    for (int c = 0; c < t->n_cols; c++) {
        if (c) fputc(',', f);
        cf_csv_put_field(f, t->cols[c]);
    }
    fputc('\n', f);
    for (int r = 0; r < t->n_rows; r++) {
        for (int c = 0; c < t->n_cols; c++) {
            if (c) fputc(',', f);
            cf_csv_put_field(f, cf_ptable_cell(t, r, c)->text);
        }
        fputc('\n', f);
    }
    return cf_atomic_fclose(f, path, err);
}

cf_status cf_plan_write_json(const char *path, json_t *root, cf_err *err)
{
    FILE *f;
    cf_status rc;
    if ((rc = cf_atomic_fopen(path, &f, err)) != CF_OK) return rc;
    if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)) != 0 &&
        !ferror(f)) {
        fclose(f);
        return cf_err_set(err, CF_EIO, "%s: cannot encode JSON", path);
    }
    fputc('\n', f);
    return cf_atomic_fclose(f, path, err);
}

/* realpath of path, "" when it does not resolve. */
static void resolve(const char *path, char *buf, size_t size)
{
    char tmp[PATH_MAX];
    if (realpath(path, tmp)) {
        snprintf(buf, size, "%s", tmp);
        return;
    }
    buf[0] = '\0';
}

/* True when inner is outer or lies under it (both resolved). */
static int path_within(const char *inner, const char *outer)
{
    size_t n = strlen(outer);
    if (!inner[0] || !outer[0]) return 0;
    if (strncmp(inner, outer, n) != 0) return 0;
    return inner[n] == '\0' || inner[n] == '/' || (n == 1 && outer[0] == '/');
}

cf_status cf_plan_check_target(const char *dir, const char *input, cf_err *err)
{
    struct stat st, pst;
    char clean[PATH_BUF], parent[PATH_BUF], path[PATH_BUF + 32], kind[32];
    const char *base;
    size_t n = strlen(dir);
    DIR *d;
    struct dirent *e;
    int empty = 1;

    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n == 0 || n >= sizeof clean) return cf_err_set(err, CF_EINVAL, "'%s': bad output path", dir);
    memcpy(clean, dir, n);
    clean[n] = '\0';
    base = strrchr(clean, '/');
    base = base ? base + 1 : clean;
    if (!strcmp(clean, "/") || !strcmp(base, ".") || !strcmp(base, ".."))
        return cf_err_set(err, CF_EINVAL,
                          "%s: cannot be replaced as a whole; give a new directory or one that "
                          "holds a plan (for example %s/plan)",
                          dir, clean);
    if (lstat(clean, &st) != 0) {
        if (errno == ENOENT) return CF_OK;
        return cf_err_set(err, CF_EIO, "%s: %s", dir, strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return cf_err_set(err, CF_EINVAL,
                          "%s: is a symbolic link; give the directory it points to, or a new one",
                          dir);
    if (!S_ISDIR(st.st_mode))
        return cf_err_set(err, CF_EINVAL, "%s: exists and is not a directory", dir);
    if ((size_t)snprintf(parent, sizeof parent, "%s/..", clean) >= sizeof parent ||
        stat(parent, &pst) != 0)
        return cf_err_set(err, CF_EIO, "%s: cannot read its parent directory", dir);
    if (pst.st_dev != st.st_dev || pst.st_ino == st.st_ino)
        return cf_err_set(err, CF_EINVAL,
                          "%s: is a mount point, which cannot be replaced; give a directory "
                          "inside it",
                          dir);
    if (input) {
        char in_real[PATH_MAX], out_real[PATH_MAX];
        resolve(input, in_real, sizeof in_real);
        resolve(clean, out_real, sizeof out_real);
        if (path_within(in_real, out_real))
            return cf_err_set(err, CF_EINVAL,
                              "%s: holds the input '%s'; writing the plan there would remove it",
                              dir, input);
    }
    for (int i = 0; cf_scenario_files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", clean, cf_scenario_files[i]);
        if (lstat(path, &st) == 0)
            return cf_err_set(err, CF_EINVAL,
                              "%s: holds a scenario (%s); give another output directory", dir,
                              cf_scenario_files[i]);
    }
    if (cf_atomic_read_mark(clean, kind, sizeof kind) && strcmp(kind, "temporary") != 0)
        return CF_OK;
    if (!(d = opendir(clean))) return cf_err_set(err, CF_EIO, "%s: %s", dir, strerror(errno));
    while (empty && (e = readdir(d)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    if (!empty)
        return cf_err_set(err, CF_EINVAL,
                          "%s: exists and is not a plan cofleet wrote (no %s marker in it); "
                          "not replacing it: give a new or empty directory",
                          dir, CF_ATOMIC_MARK);
    return CF_OK;
}

static cf_status write_all(const char *tmp, const cf_problem *p, const cf_params *prm,
                           const cf_solution *s, const cf_run_info *info, const cf_kpi *k,
                           char *const *files, cf_err *err)
{
    char path[PATH_BUF + 64]; /* tmp (< PATH_BUF) and a short file name */
    cf_ptable t;
    json_t *root;
    cf_status rc;

    snprintf(path, sizeof path, "%s/routes.csv", tmp);
    rc = cf_plan_routes_table(p, s, &t, NULL, err);
    if (rc == CF_OK) rc = write_table(path, &t, err);
    cf_ptable_release(&t);
    if (rc != CF_OK) return rc;

    snprintf(path, sizeof path, "%s/unassigned.csv", tmp);
    rc = cf_plan_unassigned_table(p, s, &t, err);
    if (rc == CF_OK) rc = write_table(path, &t, err);
    cf_ptable_release(&t);
    if (rc != CF_OK) return rc;

    snprintf(path, sizeof path, "%s/trace.csv", tmp);
    rc = cf_plan_trace_table(p, s, &t, err);
    if (rc == CF_OK) rc = write_table(path, &t, err);
    cf_ptable_release(&t);
    if (rc != CF_OK) return rc;

    snprintf(path, sizeof path, "%s/depots", tmp);
    if (mkdir(path, 0777) != 0) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    for (int d = 0; d < p->n_depots; d++) {
        if ((size_t)snprintf(path, sizeof path, "%s/depots/%s", tmp, files[d]) >= sizeof path)
            return cf_err_set(err, CF_EIO, "%s/depots/%s: path too long", tmp, files[d]);
        rc = cf_plan_manifest_table(p, s, d, &t, err);
        if (rc == CF_OK) rc = write_table(path, &t, err);
        cf_ptable_release(&t);
        if (rc != CF_OK) return rc;
    }
    snprintf(path, sizeof path, "%s/depots", tmp);
    if ((rc = cf_atomic_fsync_dir(path, err)) != CF_OK) return rc;

    snprintf(path, sizeof path, "%s/summary.json", tmp);
    if (!(root = cf_plan_summary_json(p, prm, s, info, k, files)))
        return cf_err_set(err, CF_ENOMEM, "cannot build summary.json");
    rc = cf_plan_write_json(path, root, err);
    json_decref(root);
    if (rc != CF_OK) return rc;
    if ((rc = cf_atomic_mark(tmp, "plan", err)) != CF_OK) return rc;
    return cf_atomic_fsync_dir(tmp, err);
}

/* The plan as written must pass `cofleet check` before it replaces
 * anything: a writer bug (two DCs' manifests on one file name, say) is then
 * an error of this run, not a wrong plan for tomorrow. */
static cf_status self_check(const char *tmp, const cf_problem *p, const cf_params *prm,
                            cf_err *err)
{
    cf_violations v;
    cf_status rc;
    cf_violations_init(&v);
    v.keep = 1;
    rc = cf_plan_check(tmp, p, prm, &v, NULL, err);
    if (rc == CF_EINFEAS || (rc == CF_OK && v.total > 0))
        rc = cf_err_set(err, CF_EINFEAS,
                        "internal error: the plan as written fails its check (%ld findings, "
                        "the first: %s); nothing replaced",
                        v.total, v.len > 0 ? v.msg[0] : "?");
    else if (rc != CF_OK && rc != CF_ENOMEM)
        rc = cf_err_set(err, CF_EINFEAS,
                        "internal error: the plan as written cannot be read back: %s; nothing "
                        "replaced",
                        err->msg);
    cf_violations_release(&v);
    return rc;
}

cf_status cf_plan_write(const char *out_dir, const cf_problem *p, const cf_params *prm,
                        const cf_solution *s, const cf_run_info *info, cf_err *err)
{
    cf_atomic_dir d = {"", -1};
    cf_kpi k;
    cf_arena names;
    char **files;
    cf_status rc;

    cf_arena_init(&names, 4096);
    rc = cf_kpi_compute(p, s, prm ? prm->co2_kg_per_km : 0.0, &k, err);
    if (rc != CF_OK) goto done;
    if (!(files = cf_plan_depot_files(p, &names))) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot name the DC manifests");
        goto done;
    }
    if ((rc = cf_plan_check_target(out_dir, NULL, err)) != CF_OK) goto done;
    if ((rc = cf_atomic_dir_begin(out_dir, &d, err)) != CF_OK) goto done;
    if ((rc = write_all(d.tmp, p, prm, s, info, &k, files, err)) != CF_OK) goto done;
    if (info && info->bench_solution > 0 &&
        (rc = cf_bench_write_solution(d.tmp, (cf_bench_format)info->bench_solution, p, s,
                                      err)) != CF_OK)
        goto done;
    if ((rc = self_check(d.tmp, p, prm, err)) != CF_OK) goto done;
    rc = cf_atomic_dir_commit(&d, out_dir, err);
done:
    cf_atomic_dir_end(&d);
    cf_kpi_release(&k);
    cf_arena_release(&names);
    return rc;
}
