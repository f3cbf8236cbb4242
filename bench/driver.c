/*
 * The benchmark driver (see bench.h): for each instance, seed and thread
 * count, in that order, load through the same loader as `cofleet solve`
 * (io/input.h), solve in-process with the same search, and accept the
 * result only when the independent checker does (models/check.h) and every
 * mandatory customer is served (the prize-collecting set's customers with a
 * prize may be skipped: their prize is part of the published cost).  Then the
 * published cost, the gap to the BKS, a progress line and a CSV row.  Rows
 * are flushed one by one, so an interrupted run keeps what it measured.
 */
#include "bench/bench.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "bench/bench_int.h"
#include "io/csv_write.h"
#include "io/formats/bench_write.h"
#include "io/scenario/csv_read.h"
#include "io/input.h"
#include "models/alloc.h"
#include "models/check.h"
#include "models/clock.h"
#include "solver/solver.h"

/* ---- BKS -------------------------------------------------------------------- */

static bool parse_real(const char *s, double *out)
{
    char *end;
    if (!*s) return false;
    errno = 0;
    *out = strtod(s, &end);
    return errno == 0 && *end == '\0' && isfinite(*out);
}

cf_status cf_bench_bks_lookup(const char *csv_path, const char *name, double *cost, int *vehicles,
                              cf_err *err)
{
    enum { C_INSTANCE, C_COST, C_VEHICLES, C_SOURCE, C_N };
    static const cf_csv_col cols[C_N] = {
        {"instance", true}, {"bks_cost", true}, {"bks_vehicles", false}, {"source", false}};
    const char *label = strrchr(csv_path, '/');
    cf_csv *c = NULL;
    cf_status rc;
    bool got;

    *cost = NAN;
    if (vehicles) *vehicles = 0;
    label = label ? label + 1 : csv_path;
    if ((rc = cf_csv_open(&c, csv_path, label, cols, C_N, 0, err)) != CF_OK) return rc;
    while ((rc = cf_csv_next(c, &got, err)) == CF_OK && got) {
        const char *cv = cf_csv_get(c, C_COST), *vv = cf_csv_get(c, C_VEHICLES);
        double x;
        if (strcasecmp(cf_csv_get(c, C_INSTANCE), name) != 0) continue;
        if (*cv && (!parse_real(cv, &x) || x <= 0)) {
            rc = cf_err_set(err, CF_EPARSE, "%s:%ld: bks_cost '%s' is not a number > 0", label,
                            cf_csv_line(c), cv);
            break;
        }
        if (*cv) *cost = x;
        if (vehicles && *vv && parse_real(vv, &x) && x >= 0 && x < 1e9) *vehicles = (int)x;
        break;
    }
    cf_csv_close(c);
    return rc;
}

double cf_bench_gap_pct(double cost, double bks)
{
    if (!isfinite(cost) || !isfinite(bks) || bks <= 0) return NAN;
    return 100.0 * (cost - bks) / bks;
}

/* ---- CSV -------------------------------------------------------------------- */

/* At most 4 decimals, trailing zeros dropped; "" for NAN. */
static const char *num(char *buf, size_t size, double v)
{
    size_t n;
    if (!isfinite(v)) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, "%.4f", v);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.') buf[--n] = '\0';
    if (!strcmp(buf, "-0")) strcpy(buf, "0");
    return buf;
}

void cf_bench_csv_header(FILE *f, bool rev)
{
    fputs("instance,n,seed,threads,time_limit,cost,bks,gap_pct,vehicles,seconds", f);
    fputs(rev ? ",rev\n" : "\n", f);
}

void cf_bench_csv_row(FILE *f, const cf_bench_result *r, const char *rev)
{
    char a[64], b[64], c[64], d[64], e[64];
    cf_csv_put_field(f, r->instance);
    fprintf(f, ",%d,%llu,%d,%s,%s,%s,%s,%d,%s", r->n, (unsigned long long)r->seed, r->threads,
            num(a, sizeof a, r->time_limit_s), num(b, sizeof b, r->ok ? r->cost : NAN),
            num(c, sizeof c, r->bks), num(d, sizeof d, r->ok ? r->gap_pct : NAN), r->vehicles,
            num(e, sizeof e, r->seconds));
    if (rev) {
        fputc(',', f);
        cf_csv_put_field(f, rev);
    }
    fputc('\n', f);
}

/* The same for bench/planted.c (bench_int.h). */
const char *cf_bench_num(char *buf, size_t size, double v)
{
    return num(buf, size, v);
}

void cf_bench_field(FILE *f, const char *s)
{
    cf_csv_put_field(f, s);
}

/* ---- table ------------------------------------------------------------------ */

/* Customers.  400 starts a class because the X set's usual split
 * (n <= 400 and 400 < n <= 1001) counts nodes, the depot included. */
static const char *const size_classes[] = {"n<=100", "n101-399", "n400-1000", "n>1000"};
#define N_CLASSES 4

static int size_class(int n)
{
    return n <= 100 ? 0 : n < 400 ? 1 : n <= 1000 ? 2 : 3;
}

const char *cf_bench_size_class(int n)
{
    return size_classes[size_class(n)];
}

/* A gap for 2-decimal display: BKS files round to 2 decimals, so a run can be
 * 0.0007% "below" one; show that as 0.00%, not -0.00%. */
static double pct(double gap)
{
    return fabs(gap) < 0.005 ? 0.0 : gap;
}

double cf_bench_pct(double gap)
{
    return pct(gap);
}

typedef struct agg {
    int runs, ok, with_bks;
    double gap_sum, gap_max, veh_sum, sec_sum;
} agg;

static void agg_add(agg *a, const cf_bench_result *r)
{
    a->runs++;
    a->sec_sum += r->seconds;
    if (!r->ok) return;
    a->ok++;
    a->veh_sum += r->vehicles;
    if (isfinite(r->gap_pct)) {
        a->gap_max = a->with_bks ? fmax(a->gap_max, r->gap_pct) : r->gap_pct;
        a->with_bks++;
        a->gap_sum += r->gap_pct;
    }
}

static void agg_print(FILE *f, const char *group, const char *cls, const agg *a)
{
    char mean[32] = "-", worst[32] = "-", veh[32] = "-";
    if (a->with_bks) {
        snprintf(mean, sizeof mean, "%.2f%%", pct(a->gap_sum / a->with_bks));
        snprintf(worst, sizeof worst, "%.2f%%", pct(a->gap_max));
    }
    if (a->ok) snprintf(veh, sizeof veh, "%.1f", a->veh_sum / a->ok);
    fprintf(f, "%-16s %-10s %5d %5d %5d %9s %9s %8s %8.1f\n", group, cls, a->runs, a->ok,
            a->with_bks, mean, worst, veh, a->runs ? a->sec_sum / a->runs : 0.0);
}

void cf_bench_print_table(FILE *f, const cf_bench_result *r, int n)
{
    agg all;
    if (n > 0 && r[0].planted) { /* a run holds one kind only */
        cf_bench_planted_print_table(f, r, n);
        return;
    }
    memset(&all, 0, sizeof all);
    fprintf(f, "%-16s %-10s %5s %5s %5s %9s %9s %8s %8s\n", "set", "size", "runs", "valid", "bks",
            "mean gap", "worst gap", "vehicles", "seconds");
    for (int i = 0; i < n; i++) {
        bool seen = false;
        agg g, cls[N_CLASSES];
        int n_cls = 0;
        for (int j = 0; j < i && !seen; j++)
            seen = !strcmp(r[j].group, r[i].group);
        if (seen) continue;
        memset(&g, 0, sizeof g);
        memset(cls, 0, sizeof cls);
        for (int j = i; j < n; j++) {
            if (strcmp(r[j].group, r[i].group) != 0) continue;
            agg_add(&g, &r[j]);
            agg_add(&cls[size_class(r[j].n)], &r[j]);
        }
        agg_print(f, r[i].group, "all", &g);
        for (int k = 0; k < N_CLASSES; k++)
            n_cls += cls[k].runs > 0;
        for (int k = 0; k < N_CLASSES && n_cls > 1; k++)
            if (cls[k].runs) agg_print(f, "", size_classes[k], &cls[k]);
    }
    for (int i = 0; i < n; i++)
        agg_add(&all, &r[i]);
    agg_print(f, "all", "", &all);
}

/* ---- runs ------------------------------------------------------------------- */

void cf_bench_summary_release(cf_bench_summary *s)
{
    cf_free(s->results);
    memset(s, 0, sizeof *s);
}

/* The BKS of entry e for a run read with options o: the suite's, else the set's. */
static double entry_bks(const cf_bench_cfg *cfg, const cf_bench_entry *e, const cf_bench_opts *o,
                        FILE *log)
{
    char path[2 * CF_BENCH_PATH_MAX];
    const char *file;
    double bks = NAN;
    cf_err err;

    if (isfinite(e->bks)) return e->bks;
    if (!e->set || !(file = cf_bench_set_bks_file(e->set, o))) return NAN;
    snprintf(path, sizeof path, "%s/%s/%s", cfg->data_dir, e->set->dir, file);
    if (cf_bench_bks_lookup(path, e->name, &bks, NULL, &err) != CF_OK && log)
        fprintf(log, "cofleet bench: warning: %s (no BKS for %s)\n", err.msg, e->name);
    return bks;
}

/* The table's group of e: its set's name, else its folder. */
static void entry_group(const cf_bench_entry *e, char *buf, size_t size)
{
    const char *slash = strrchr(e->rel, '/');
    if (e->set)
        snprintf(buf, size, "%s", e->set->name);
    else if (slash)
        snprintf(buf, size, "%.*s", (int)(slash - e->rel), e->rel);
    else
        snprintf(buf, size, ".");
}

/* Solves p once into r: solver, tamper hook, checker, every customer served. */
static void run_one(const cf_bench_cfg *cfg, const cf_problem *p, const cf_params *prm,
                    cf_solution *sol, cf_bench_result *r)
{
    cf_solve_opts opts = {.params = prm, .stop = cfg->stop};
    cf_solve_stats stats;
    cf_err err;
    cf_status rc;
    double t0 = cf_now_s();
    int unserved = 0;

    rc = cf_solve(p, &opts, sol, &stats, &err);
    r->seconds = cf_now_s() - t0;
    if (rc == CF_OK && stats.threads > 0) r->threads = stats.threads; /* what ran, not 0 = auto */
    if (rc != CF_OK) {
        snprintf(r->msg, sizeof r->msg, "solver failed: %s", err.msg);
        return;
    }
    if (cfg->tamper) cfg->tamper(p, sol, cfg->tamper_ctx);
    if ((rc = cf_solution_check(p, sol, &err)) != CF_OK) {
        snprintf(r->msg, sizeof r->msg, "%s: %s", rc == CF_EINFEAS ? "infeasible" : "check failed",
                 err.msg);
        return;
    }
    if (r->planted) {
        cf_bench_planted_score(p, prm, sol, r);
        return;
    }
    for (int o = 0; o < p->n_orders; o++)
        unserved += sol->vehicle[o] < 0 && p->order_penalty[o] < 0;
    for (int v = 0; v < p->n_vehicles; v++)
        r->vehicles += sol->first[v] >= 0;
    if (unserved) {
        snprintf(r->msg, sizeof r->msg, "infeasible: %d mandatory customer%s not served",
                 unserved, unserved == 1 ? "" : "s");
        return;
    }
    r->cost = cf_bench_cost(p, sol);
    if (!isfinite(r->cost)) {
        snprintf(r->msg, sizeof r->msg, "malformed routes");
        return;
    }
    r->ok = true;
    r->gap_pct = cf_bench_gap_pct(r->cost, r->bks);
}

static void progress(FILE *log, int k, int total, const cf_bench_result *r, int decimals,
                     bool show_threads)
{
    char thr[32] = "";
    if (!log) return;
    if (show_threads) snprintf(thr, sizeof thr, " threads %d", r->threads);
    fprintf(log, "[%d/%d] %s seed %llu%s: ", k, total, r->instance, (unsigned long long)r->seed,
            thr);
    if (!r->ok) {
        fprintf(log, "INVALID (%s) %.1fs\n", r->msg, r->seconds);
    } else {
        fprintf(log, "cost %.*f gap ", decimals, r->cost);
        if (isfinite(r->gap_pct))
            fprintf(log, "%.2f%%", pct(r->gap_pct));
        else
            fputs("-", log);
        fprintf(log, " vehicles %d %.1fs\n", r->vehicles, r->seconds);
    }
    fflush(log);
}

cf_status cf_bench_run(const cf_bench_cfg *cfg, cf_bench_summary *sum, cf_err *err)
{
    static const int one_thread[] = {0};
    const int *threads = cfg->n_threads > 0 ? cfg->threads : one_thread;
    int n_threads = cfg->n_threads > 0 ? cfg->n_threads : 1;
    int seeds = cfg->seeds > 0 ? cfg->seeds : 1;
    long total = (long)cfg->list->len * seeds * n_threads;
    int n_planted = cf_bench_list_n_planted(cfg->list);
    cf_status rc = CF_OK;
    FILE *csv = NULL;
    int k = 0;

    memset(sum, 0, sizeof *sum);
    if (n_planted > 0 && n_planted < cfg->list->len)
        return cf_err_set(err, CF_EINVAL,
                          "planted scenarios and instance files cannot share a run: their CSV "
                          "columns differ");
    if (total > 0 && !(sum->results = cf_calloc((size_t)total, sizeof *sum->results)))
        return cf_err_set(err, CF_ENOMEM, "out of memory for %ld results", total);
    if (cfg->csv_path) {
        if (!(csv = fopen(cfg->csv_path, "w"))) {
            cf_bench_summary_release(sum);
            return cf_err_set(err, CF_EIO, "%s: cannot write: %s", cfg->csv_path, strerror(errno));
        }
        if (n_planted)
            cf_bench_planted_csv_header(csv, cfg->rev != NULL);
        else
            cf_bench_csv_header(csv, cfg->rev != NULL);
        fflush(csv);
    }

    for (int i = 0; i < cfg->list->len && rc == CF_OK; i++) {
        const cf_bench_entry *e = &cfg->list->e[i];
        char path[2 * CF_BENCH_PATH_MAX];
        cf_params prm;
        cf_problem *p = NULL;
        cf_bench_opts o;
        cf_solution sol;
        cf_err lerr;
        cf_status lrc;
        double bks = NAN, planted_cost = NAN;
        int decimals = 2, planted_vehicles = 0;
        bool have_sol = false, planted = e->gen[0] != '\0';

        memset(&sol, 0, sizeof sol);
        if (planted) {
            lrc = cf_bench_planted_load(e, &cfg->params, &prm, &p, &planted_cost, &planted_vehicles,
                                        &lerr);
        } else {
            snprintf(path, sizeof path, "%s/%s", cfg->data_dir, e->rel);
            cf_input_bench_opts(&cfg->params, &o);
            bks = entry_bks(cfg, e, &o, cfg->log);
            lrc = cf_input_load(path, &cfg->params, &prm, &p, NULL, &lerr);
        }
        if (lrc == CF_OK) {
            lrc = cf_solution_init(&sol, p, &lerr);
            have_sol = lrc == CF_OK;
            decimals = cf_bench_cost_decimals(p);
        }
        for (int s = 0; s < seeds; s++) {
            for (int t = 0; t < n_threads; t++) {
                cf_bench_result *r = &sum->results[k];
                if (cfg->stop && *cfg->stop) {
                    sum->skipped++;
                    continue;
                }
                memset(r, 0, sizeof *r);
                snprintf(r->instance, sizeof r->instance, "%s", e->name);
                entry_group(e, r->group, sizeof r->group);
                r->seed = cfg->params.seed + (uint64_t)s;
                r->threads = threads[t];
                r->time_limit_s = lrc == CF_OK ? prm.time_limit_s : cfg->params.time_limit_s;
                r->bks = bks;
                r->cost = r->gap_pct = NAN;
                r->planted = planted;
                r->planted_cost = planted_cost;
                r->planted_vehicles = planted_vehicles;
                r->mandatory_unassigned = r->optional_unassigned = -1;
                if (lrc != CF_OK) {
                    snprintf(r->msg, sizeof r->msg, "%s", lerr.msg);
                } else {
                    prm.seed = r->seed;
                    prm.threads = r->threads;
                    r->n = p->n_orders;
                    cf_solution_clear(&sol);
                    run_one(cfg, p, &prm, &sol, r);
                    if (cfg->stop && *cfg->stop) { /* cut short: not a measurement */
                        sum->skipped++;
                        continue;
                    }
                }
                k++;
                sum->runs++;
                if (!r->ok) sum->invalid++;
                if (r->planted && r->valid && !r->ok) sum->mandatory_failed++;
                if (planted)
                    cf_bench_planted_progress(cfg->log, k, (int)total, r, n_threads > 1);
                else
                    progress(cfg->log, k, (int)total, r, decimals, n_threads > 1);
                if (csv) {
                    if (planted)
                        cf_bench_planted_csv_row(csv, r, cfg->rev);
                    else
                        cf_bench_csv_row(csv, r, cfg->rev);
                    if (fflush(csv) != 0 || ferror(csv))
                        rc = cf_err_set(err, CF_EIO, "%s: write error: %s", cfg->csv_path,
                                        strerror(errno));
                }
                if (rc != CF_OK) break;
            }
            if (rc != CF_OK) break;
        }
        if (have_sol) cf_solution_release(&sol);
        cf_problem_free(p);
    }
    if (csv && fclose(csv) != 0 && rc == CF_OK)
        rc = cf_err_set(err, CF_EIO, "%s: write error: %s", cfg->csv_path, strerror(errno));
    if (rc == CF_OK && cfg->log && sum->runs > 0) {
        fputc('\n', cfg->log);
        cf_bench_print_table(cfg->log, sum->results, sum->runs);
    }
    return rc;
}
