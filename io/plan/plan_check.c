/*
 * Checking a plan directory (see plan_check.h): the plan is read back into
 * a solution, the checker of models/ runs on it, and every file is rebuilt
 * from that solution by the same table builders the writer uses, then
 * compared cell by cell with what the directory holds.  So a figure edited
 * by hand, a file from another run or a writer bug all show up, each with
 * the place it is at.
 */
#include "io/plan/plan_check.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/plan/plan_int.h"
#include "io/plan/plan_read.h"
#include "models/alloc.h"
#include "models/kpi.h"

static double tolerance(int dec, double value)
{
    return 0.5 * pow(10.0, -dec) + 1e-12 * (1.0 + fabs(value));
}

/* Parses a whole cell as a number; 0 when it is not one. */
static int parse_num(const char *text, double *x)
{
    char *end;
    while (*text == ' ')
        text++;
    if (!*text) return 0;
    errno = 0;
    *x = strtod(text, &end);
    while (*end == ' ')
        end++;
    return !*end && errno == 0 && isfinite(*x);
}

static void compare_cell(cf_violations *out, const char *file, int line, const char *col,
                         const cf_pcell *want, const char *got)
{
    double x;
    switch (want->kind) {
    case CF_PCELL_TEXT:
        if (strcmp(got, want->text) != 0)
            cf_violations_add(out, "%s:%d: column '%s': '%s' written, '%s' recomputed", file, line,
                              col, got, want->text);
        break;
    case CF_PCELL_TIME:
        if (want->value < 0) {
            if (*got)
                cf_violations_add(out, "%s:%d: column '%s': '%s' written, empty expected", file,
                                  line, col, got);
        } else {
            long m = cf_plan_parse_clock(got);
            if (m < 0)
                cf_violations_add(out,
                                  "%s:%d: column '%s': '%s' is not a time HH:MM (recomputed %s)",
                                  file, line, col, got, want->text);
            else if ((double)m != want->value)
                cf_violations_add(out, "%s:%d: column '%s': '%s' written, %s recomputed", file,
                                  line, col, got, want->text);
        }
        break;
    case CF_PCELL_NUM:
        if (!parse_num(got, &x))
            cf_violations_add(out, "%s:%d: column '%s': '%s' is not a number (recomputed %s)", file,
                              line, col, got, want->text);
        else if (fabs(x - want->value) > tolerance(want->decimals, want->value))
            cf_violations_add(out, "%s:%d: column '%s': '%s' written, %s recomputed", file, line,
                              col, got, want->text);
        break;
    }
}

/* File column of each expected column (-1: missing, reported once). */
static void map_cols(const cf_csv_doc *d, const cf_ptable *t, const char *file, int *map,
                     cf_violations *out)
{
    for (int c = 0; c < t->n_cols; c++)
        if ((map[c] = cf_csv_doc_col(d, t->cols[c])) < 0)
            cf_violations_add(out, "%s:1: missing column '%s'", file, t->cols[c]);
}

/* routes.csv: each row read into the plan against the recomputed row. */
static cf_status check_routes(const cf_problem *p, const cf_plan *pl, cf_violations *out,
                              cf_err *err)
{
    cf_ptable t;
    int map[CF_PLAN_ROUTES_NCOLS];
    int *route_row = cf_calloc((size_t)p->n_vehicles + 1, sizeof *route_row);
    const cf_csv_doc *d = pl->routes;
    cf_status rc;

    if (!route_row) return cf_err_set(err, CF_ENOMEM, "cannot check routes.csv");
    if ((rc = cf_plan_routes_table(p, &pl->sol, &t, route_row, err)) != CF_OK) goto done;
    map_cols(d, &t, "routes.csv", map, out);
    for (int i = 0; i < d->n_rows; i++) {
        int v = pl->row_vehicle[i], e;
        if (v < 0 || route_row[v] < 0) continue; /* left out, or a route without orders */
        e = route_row[v] + pl->row_pos[i];
        /* vehicle, seq, kind and order made the route: the reader checked them */
        for (int c = 0; c < t.n_cols; c++) {
            if (c == 0 || c == 2 || c == 3 || c == 4 || map[c] < 0) continue;
            compare_cell(out, "routes.csv", d->line[i], t.cols[c], cf_ptable_cell(&t, e, c),
                         cf_csv_doc_cell(d, i, map[c]));
        }
    }
done:
    cf_ptable_release(&t);
    cf_free(route_row);
    return rc;
}

/* One DC manifest against its recomputed table, row by row. */
static cf_status check_manifest(const char *dir, const cf_problem *p, const cf_solution *s, int d,
                                const char *name, cf_violations *out, cf_err *err)
{
    char path[4096], label[300];
    cf_csv_doc *doc = NULL;
    cf_ptable t;
    cf_err rerr;
    int map[CF_PLAN_MANIFEST_NCOLS], n;
    cf_status rc;

    snprintf(path, sizeof path, "%s/depots/%s", dir, name);
    snprintf(label, sizeof label, "depots/%s", name);
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        cf_violations_add(out, "%s: missing (the manifest of DC '%s')", label, p->depot_id[d]);
        return CF_OK;
    }
    if ((rc = cf_csv_doc_read(path, label, &doc, &rerr)) != CF_OK) {
        if (rc == CF_ENOMEM) return cf_err_set(err, CF_ENOMEM, "%s", rerr.msg);
        cf_violations_add(out, "manifest of DC '%s': %s", p->depot_id[d], rerr.msg);
        return CF_OK;
    }
    if ((rc = cf_plan_manifest_table(p, s, d, &t, err)) != CF_OK) goto done;
    map_cols(doc, &t, label, map, out);
    n = doc->n_rows < t.n_rows ? doc->n_rows : t.n_rows;
    if (doc->n_rows != t.n_rows)
        cf_violations_add(out, "%s: %d rows, %d recomputed", label, doc->n_rows, t.n_rows);
    for (int i = 0; i < n; i++) {
        if (doc->n_fields[i] != doc->n_cols) {
            cf_violations_add(out, "%s:%d: %d fields, the header has %d", label, doc->line[i],
                              doc->n_fields[i], doc->n_cols);
            continue;
        }
        for (int c = 0; c < t.n_cols; c++)
            if (map[c] >= 0)
                compare_cell(out, label, doc->line[i], t.cols[c], cf_ptable_cell(&t, i, c),
                             cf_csv_doc_cell(doc, i, map[c]));
    }
done:
    cf_ptable_release(&t);
    cf_csv_doc_free(doc);
    return rc;
}

/* trace.csv: one row per order, rebuilt from the plan's routes and compared
 * row by row (row o is order o of orders.csv). */
static cf_status check_trace(const char *dir, const cf_problem *p, const cf_solution *s,
                             cf_violations *out, cf_err *err)
{
    char path[4096];
    cf_csv_doc *doc = NULL;
    cf_ptable t;
    cf_err rerr;
    int map[CF_PLAN_TRACE_NCOLS], n;
    cf_status rc;

    snprintf(path, sizeof path, "%s/trace.csv", dir);
    if (access(path, F_OK) != 0 && errno == ENOENT) {
        cf_violations_add(out, "trace.csv: missing");
        return CF_OK;
    }
    if ((rc = cf_csv_doc_read(path, "trace.csv", &doc, &rerr)) != CF_OK) {
        if (rc == CF_ENOMEM) return cf_err_set(err, CF_ENOMEM, "%s", rerr.msg);
        cf_violations_add(out, "%s", rerr.msg);
        return CF_OK;
    }
    if ((rc = cf_plan_trace_table(p, s, &t, err)) != CF_OK) goto done;
    map_cols(doc, &t, "trace.csv", map, out);
    n = doc->n_rows < t.n_rows ? doc->n_rows : t.n_rows;
    if (doc->n_rows != t.n_rows)
        cf_violations_add(out, "trace.csv: %d rows, %d recomputed (one per order)", doc->n_rows,
                          t.n_rows);
    for (int i = 0; i < n; i++) {
        if (doc->n_fields[i] != doc->n_cols) {
            cf_violations_add(out, "trace.csv:%d: %d fields, the header has %d", doc->line[i],
                              doc->n_fields[i], doc->n_cols);
            continue;
        }
        for (int c = 0; c < t.n_cols; c++)
            if (map[c] >= 0)
                compare_cell(out, "trace.csv", doc->line[i], t.cols[c], cf_ptable_cell(&t, i, c),
                             cf_csv_doc_cell(doc, i, map[c]));
    }
done:
    cf_ptable_release(&t);
    cf_csv_doc_free(doc);
    return rc;
}

/* Files in depots/ that belong to no DC. */
static void check_extra_manifests(const char *dir, const cf_problem *p, char *const *names,
                                  cf_violations *out)
{
    char path[4096];
    DIR *dd;
    struct dirent *e;

    snprintf(path, sizeof path, "%s/depots", dir);
    if (!(dd = opendir(path))) {
        cf_violations_add(out, "depots/: %s", strerror(errno));
        return;
    }
    while ((e = readdir(dd)) != NULL) {
        int known = 0;
        if (e->d_name[0] == '.') continue;
        for (int d = 0; d < p->n_depots && !known; d++)
            known = strcmp(names[d], e->d_name) == 0;
        if (!known) cf_violations_add(out, "depots/%s: no DC has this manifest", e->d_name);
    }
    closedir(dd);
}

static void compare_json(cf_violations *out, const char *path, const char *key, json_t *want,
                         json_t *got)
{
    int dec = key ? cf_plan_json_decimals(key) : -2;
    char sub[512];

    if (dec == -1) return;
    if (!got) {
        cf_violations_add(out, "summary.json: %s: missing", path);
        return;
    }
    if (json_is_object(want)) {
        const char *k;
        json_t *w;
        if (!json_is_object(got)) {
            cf_violations_add(out, "summary.json: %s: not an object", path);
            return;
        }
        json_object_foreach(want, k, w)
        {
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
            compare_json(out, sub, k, w, json_object_get(got, k));
        }
    } else if (json_is_array(want)) {
        size_t n = json_array_size(want);
        if (!json_is_array(got)) {
            cf_violations_add(out, "summary.json: %s: not an array", path);
            return;
        }
        if (json_array_size(got) != n) {
            cf_violations_add(out, "summary.json: %s: %zu entries, %zu recomputed", path,
                              json_array_size(got), n);
            if (json_array_size(got) < n) n = json_array_size(got);
        }
        for (size_t i = 0; i < n; i++) {
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            compare_json(out, sub, NULL, json_array_get(want, i), json_array_get(got, i));
        }
    } else if (json_is_number(want)) {
        double w = json_number_value(want), g = json_number_value(got);
        if (!json_is_number(got))
            cf_violations_add(out, "summary.json: %s: not a number", path);
        else if (!isfinite(g))
            cf_violations_add(out, "summary.json: %s: %g is not a finite number", path, g);
        else if (dec == CF_PLAN_MONEY_DEC && g < 0)
            cf_violations_add(out,
                              "summary.json: %s: %.2f is negative; no cost is (recomputed %.2f)",
                              path, g, w);
        else if (dec >= 0 ? fabs(g - w) > tolerance(dec, w) : g != w)
            cf_violations_add(out, "summary.json: %s: %.*f written, %.*f recomputed", path,
                              dec >= 0 ? dec : 0, g, dec >= 0 ? dec : 0, w);
    } else if (json_is_string(want)) {
        if (!json_is_string(got) || strcmp(json_string_value(got), json_string_value(want)) != 0)
            cf_violations_add(out, "summary.json: %s: %s%s%s written, '%s' recomputed", path,
                              json_is_string(got) ? "'" : "",
                              json_is_string(got) ? json_string_value(got) : "not a string",
                              json_is_string(got) ? "'" : "", json_string_value(want));
    } else if (json_typeof(want) != json_typeof(got) &&
               !(json_is_boolean(want) && json_is_boolean(got))) {
        cf_violations_add(out, "summary.json: %s: wrong type", path);
    } else if (json_is_boolean(want) && json_is_true(want) != json_is_true(got)) {
        cf_violations_add(out, "summary.json: %s: %s written, %s recomputed", path,
                          json_is_true(got) ? "true" : "false",
                          json_is_true(want) ? "true" : "false");
    }
}

static cf_status check_summary(const char *dir, const cf_problem *p, const cf_params *prm,
                               const cf_solution *s, const cf_kpi *k, char *const *names,
                               cf_violations *out, cf_err *err)
{
    char path[4096];
    json_error_t je;
    json_t *want, *got;
    FILE *f;

    snprintf(path, sizeof path, "%s/summary.json", dir);
    if (!(f = fopen(path, "rb"))) {
        cf_violations_add(out, "summary.json: %s", strerror(errno));
        return CF_OK;
    }
    got = json_loadf(f, 0, &je);
    fclose(f);
    if (!got) {
        cf_violations_add(out, "summary.json:%d: %s", je.line, je.text);
        return CF_OK;
    }
    if (!(want = cf_plan_summary_json(p, prm, s, NULL, k, names))) {
        json_decref(got);
        return cf_err_set(err, CF_ENOMEM, "cannot build summary.json");
    }
    compare_json(out, "", NULL, want, got);
    json_decref(want);
    json_decref(got);
    return CF_OK;
}

cf_status cf_plan_check(const char *dir, const cf_problem *p, const cf_params *prm,
                        cf_violations *out, cf_plan_totals *totals, cf_err *err)
{
    cf_plan pl;
    cf_kpi k;
    cf_arena names_arena;
    char **names;
    long before = out->total;
    cf_status rc;

    memset(&k, 0, sizeof k);
    cf_arena_init(&names_arena, 4096);
    if ((rc = cf_plan_read(dir, p, &pl, out, err)) != CF_OK) goto done;
    rc = cf_solution_check_all(p, &pl.sol, out, err);
    if (rc != CF_OK && rc != CF_EINFEAS) goto done;
    if ((rc = check_routes(p, &pl, out, err)) != CF_OK) goto done;
    if ((rc = check_trace(dir, p, &pl.sol, out, err)) != CF_OK) goto done;
    if ((rc = cf_kpi_compute(p, &pl.sol, prm ? prm->co2_kg_per_km : 0.0, &k, err)) != CF_OK)
        goto done;
    if (!(names = cf_plan_depot_files(p, &names_arena))) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot name the DC manifests");
        goto done;
    }
    for (int d = 0; d < p->n_depots && rc == CF_OK; d++)
        rc = check_manifest(dir, p, &pl.sol, d, names[d], out, err);
    if (rc != CF_OK) goto done;
    check_extra_manifests(dir, p, names, out);
    if ((rc = check_summary(dir, p, prm, &pl.sol, &k, names, out, err)) != CF_OK) goto done;
    if (totals) {
        totals->routes = k.fleet.vehicles_used;
        totals->served = k.orders.served;
        totals->unassigned = k.orders.unassigned;
        totals->cost = k.cost;
    }
    if (out->oom)
        rc = cf_err_set(err, CF_ENOMEM, "cannot store violation messages");
    else if (out->total > before)
        rc = cf_err_set(err, CF_EINFEAS, "plan invalid: %ld violations", out->total - before);
done:
    cf_kpi_release(&k);
    cf_arena_release(&names_arena);
    cf_plan_release(&pl);
    return rc;
}
