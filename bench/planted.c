/*
 * Planted scenarios in `cofleet bench` (the `rich` suite; bench.h): each
 * suite line is a generator command, run at bench time into a temporary
 * directory (datasets/gen.h, `--planted`), so that no generated data is
 * committed and the same line gives the same scenario on any machine.  The
 * planted plan serves every order, so its cost bounds a solve from above
 * and a mandatory order the solve leaves out is a solver failure; this file
 * scores a run against it, says which rules the orders left out carry, and
 * prints the CSV rows and the table of such runs.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench_int.h"
#include "datasets/gen.h"
#include "io/plan/atomic.h"
#include "io/input.h"
#include "models/alloc.h"
#include "models/kpi.h"

#define MAX_WORDS 64

/* Splits s at blanks into words[0 .. max); the count, or -1 when more. */
static int split_words(char *s, char **words, int max)
{
    int n = 0;
    for (;;) {
        while (*s && isspace((unsigned char)*s))
            *s++ = '\0';
        if (!*s) return n;
        if (n == max) return -1;
        words[n++] = s;
        while (*s && !isspace((unsigned char)*s))
            s++;
    }
}

/* Parses the words of flags into o (planted, named name), checked. */
static cf_status parse_flags(const char *name, char *flags, cf_gen_opts *o, cf_err *err)
{
    char *words[MAX_WORDS];
    int n = split_words(flags, words, MAX_WORDS);
    cf_status rc;

    cf_gen_opts_default(o);
    o->planted = true;
    if (n < 0) return cf_err_set(err, CF_EINVAL, "more than %d generator flags", MAX_WORDS);
    if ((rc = cf_gen_opts_parse(o, n, words, NULL, err)) != CF_OK) return rc;
    o->name = name;
    return cf_gen_opts_check(o, err);
}

cf_status cf_bench_planted_flags(const char *name, char *flags, char *out, size_t size, cf_err *err)
{
    cf_gen_opts o;
    cf_status rc = parse_flags(name, flags, &o, err);
    if (rc == CF_OK) cf_gen_opts_format(&o, out, size);
    return rc;
}

int cf_bench_list_n_planted(const cf_bench_list *l)
{
    int n = 0;
    for (int i = 0; i < l->len; i++)
        n += l->e[i].gen[0] != '\0';
    return n;
}

cf_status cf_bench_planted_load(const cf_bench_entry *e, const cf_params *cli, cf_params *eff,
                                cf_problem **out, double *planted_cost, int *planted_vehicles,
                                cf_err *err)
{
    char flags[CF_BENCH_PATH_MAX], dir[4096];
    const char *tmp = getenv("TMPDIR");
    cf_gen_opts o;
    cf_gen_stats st;
    cf_err ignored;
    cf_status rc;

    *out = NULL;
    *planted_cost = NAN;
    *planted_vehicles = 0;
    snprintf(flags, sizeof flags, "%s", e->gen);
    if ((rc = parse_flags(e->name, flags, &o, err)) != CF_OK) return rc;
    if (!tmp || !*tmp) tmp = "/tmp";
    if (snprintf(dir, sizeof dir, "%s/cofleet-bench-XXXXXX", tmp) >= (int)sizeof dir)
        return cf_err_set(err, CF_EIO, "TMPDIR '%s' is too long", tmp);
    if (!mkdtemp(dir))
        return cf_err_set(err, CF_EIO, "cannot create a directory in '%s': %s", tmp,
                          strerror(errno));
    rc = cf_gen_scenario_stats(dir, &o, &st, err);
    if (rc == CF_OK) rc = cf_input_load(dir, cli, eff, out, NULL, err);
    if (rc == CF_OK) {
        *planted_cost = (double)st.planted_cost / CF_COST_SCALE;
        *planted_vehicles = st.n_routes;
    }
    cf_atomic_remove_tree(dir, &ignored);
    return rc;
}

/* ---- scoring ------------------------------------------------------------------ */

/* Whether no DC that may serve o (its courier's, its fixed one) has room
 * left for it in the plan s: the DC throughput rule blocks it. */
static bool depots_full(const cf_problem *p, const cf_amount *load, int o)
{
    for (int d = 0; d < p->n_depots; d++) {
        bool fits = true;
        if (!(p->depot_couriers[d] & ((uint64_t)1 << p->order_courier[o]))) continue;
        if (p->order_depot[o] >= 0 && p->order_depot[o] != d) continue;
        for (int k = 0; k < CF_DIMS; k++)
            fits = fits && load[d * CF_DIMS + k] + p->order_demand[(long)o * CF_DIMS + k] <=
                               p->depot_cap[d * CF_DIMS + k];
        if (fits) return false;
    }
    return true;
}

/* Appends to buf[*n ..), truncating at size. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
put(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
    va_list ap;
    int w;
    va_start(ap, fmt);
    w = vsnprintf(buf + *n, size - *n, fmt, ap);
    va_end(ap);
    if (w > 0) *n = (size_t)w < size - *n ? *n + (size_t)w : size - 1;
}

/* "3 mandatory orders unassigned (no_room_found 3; cold_chain 2, window<=1h 1)":
 * the reasons, then the rules the orders carry. */
static void failure_text(const cf_problem *p, const cf_solution *s, int n_mand, char *buf,
                         size_t size)
{
    enum { T_W1, T_W2, T_WIDE, T_NOWIN, T_UNSHARED, T_FIXED, T_FULL, T_N };
    static const char *const tag_name[T_N] = {"window<=1h", "window<=2h", "wider window",
                                              "no window",  "share=no",   "fixed DC",
                                              "DCs full"};
    int reasons[CF_REASON_COUNT] = {0}, tags[T_N] = {0}, skills[CF_MAX_SKILLS] = {0};
    cf_amount *load = cf_calloc((size_t)p->n_depots * CF_DIMS, sizeof *load);
    size_t n = 0;
    const char *sep = "";

    for (int o = 0; load && o < p->n_orders; o++) {
        int v = s->vehicle[o];
        if (v < 0) continue;
        for (int k = 0; k < CF_DIMS; k++)
            load[p->veh_depot[v] * CF_DIMS + k] += p->order_demand[(long)o * CF_DIMS + k];
    }
    for (int o = 0; o < p->n_orders; o++) {
        int64_t w = (int64_t)p->order_tw_end[o] - p->order_tw_start[o];
        if (s->vehicle[o] >= 0 || p->order_penalty[o] != CF_MANDATORY) continue;
        if (s->reason[o] < CF_REASON_COUNT) reasons[s->reason[o]]++;
        for (int k = 0; k < p->n_skills; k++)
            skills[k] += (p->order_skills[o] >> k) & 1u ? 1 : 0;
        if (p->order_tw_start[o] <= 0 && p->order_tw_end[o] >= CF_TIME_INF)
            tags[T_NOWIN]++;
        else
            tags[w <= 3600 ? T_W1 : w <= 7200 ? T_W2 : T_WIDE]++;
        tags[T_UNSHARED] += !p->courier_share[p->order_courier[o]];
        tags[T_FIXED] += p->order_depot[o] >= 0;
        tags[T_FULL] += load && depots_full(p, load, o);
    }
    cf_free(load);
    buf[0] = '\0';
    put(buf, size, &n, "%d mandatory order%s unassigned (", n_mand, n_mand == 1 ? "" : "s");
    for (int r = 0; r < CF_REASON_COUNT; r++)
        if (reasons[r]) {
            put(buf, size, &n, "%s%s %d", sep, cf_reason_str((cf_reason)r), reasons[r]);
            sep = ", ";
        }
    sep = "; ";
    for (int k = 0; k < p->n_skills; k++)
        if (skills[k]) {
            put(buf, size, &n, "%s%s %d", sep, p->skill_name[k], skills[k]);
            sep = ", ";
        }
    for (int t = 0; t < T_N; t++)
        if (tags[t]) {
            put(buf, size, &n, "%s%s %d", sep, tag_name[t], tags[t]);
            sep = ", ";
        }
    put(buf, size, &n, ")");
}

void cf_bench_planted_score(const cf_problem *p, const cf_params *prm, const cf_solution *s,
                            cf_bench_result *r)
{
    cf_kpi k;
    cf_err err;

    r->valid = true;
    r->mandatory_unassigned = r->optional_unassigned = 0;
    for (int o = 0; o < p->n_orders; o++) {
        if (s->vehicle[o] >= 0) continue;
        if (p->order_penalty[o] == CF_MANDATORY)
            r->mandatory_unassigned++;
        else
            r->optional_unassigned++;
    }
    if (cf_kpi_compute(p, s, prm->co2_kg_per_km, &k, &err) != CF_OK) {
        cf_kpi_release(&k);
        r->valid = false;
        snprintf(r->msg, sizeof r->msg, "cannot score the plan: %s", err.msg);
        return;
    }
    r->cost = (double)k.cost / CF_COST_SCALE;
    r->vehicles = k.fleet.vehicles_used;
    cf_kpi_release(&k);
    r->ok = r->mandatory_unassigned == 0;
    if (r->ok)
        r->gap_pct = cf_bench_gap_pct(r->cost, r->planted_cost);
    else
        failure_text(p, s, r->mandatory_unassigned, r->msg, sizeof r->msg);
}

void cf_bench_planted_progress(FILE *log, int k, int total, const cf_bench_result *r,
                               bool show_threads)
{
    char thr[32] = "";
    if (!log) return;
    if (show_threads) snprintf(thr, sizeof thr, " threads %d", r->threads);
    fprintf(log, "[%d/%d] %s (%d orders) seed %llu%s: ", k, total, r->instance, r->n,
            (unsigned long long)r->seed, thr);
    if (!r->valid) {
        fprintf(log, "INVALID (%s) %.1fs\n", r->msg, r->seconds);
    } else {
        if (!r->ok) fprintf(log, "FAILED: %s; ", r->msg);
        fprintf(log, "cost %.2f planted %.2f", r->cost, r->planted_cost);
        if (r->ok) fprintf(log, " (%+.2f%%)", cf_bench_pct(r->gap_pct));
        fprintf(log, " vehicles %d/%d optional unassigned %d %.1fs\n", r->vehicles,
                r->planted_vehicles, r->optional_unassigned, r->seconds);
    }
    fflush(log);
}

/* ---- CSV and table ---------------------------------------------------------------- */

void cf_bench_planted_csv_header(FILE *f, bool rev)
{
    fputs("instance,n,seed,threads,time_limit,cost,planted_cost,vs_planted_pct,"
          "mandatory_unassigned,optional_unassigned,vehicles,planted_vehicles,seconds,valid",
          f);
    fputs(rev ? ",rev\n" : "\n", f);
}

static const char *count(char *buf, size_t size, int v)
{
    if (v < 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%d", v);
    return buf;
}

void cf_bench_planted_csv_row(FILE *f, const cf_bench_result *r, const char *rev)
{
    char a[64], b[64], c[64], d[64], e[64], m[16], o[16];
    cf_bench_field(f, r->instance);
    fprintf(f, ",%d,%llu,%d,%s,%s,%s,%s,%s,%s,%d,%d,%s,%d", r->n, (unsigned long long)r->seed,
            r->threads, cf_bench_num(a, sizeof a, r->time_limit_s),
            cf_bench_num(b, sizeof b, r->valid ? r->cost : NAN),
            cf_bench_num(c, sizeof c, r->planted_cost),
            cf_bench_num(d, sizeof d, r->ok ? r->gap_pct : NAN),
            count(m, sizeof m, r->valid ? r->mandatory_unassigned : -1),
            count(o, sizeof o, r->valid ? r->optional_unassigned : -1), r->valid ? r->vehicles : 0,
            r->planted_vehicles, cf_bench_num(e, sizeof e, r->seconds), r->valid ? 1 : 0);
    if (rev) {
        fputc(',', f);
        cf_bench_field(f, rev);
    }
    fputc('\n', f);
}

typedef struct pagg {
    int runs, valid, failed, ok;
    long mand, opt;
    double ratio_sum, ratio_max, veh_sum, pveh_sum, sec_sum;
} pagg;

static void pagg_add(pagg *a, const cf_bench_result *r)
{
    a->runs++;
    a->sec_sum += r->seconds;
    a->failed += !r->ok;
    if (!r->valid) return;
    a->valid++;
    a->mand += r->mandatory_unassigned;
    a->opt += r->optional_unassigned;
    a->veh_sum += r->vehicles;
    a->pveh_sum += r->planted_vehicles;
    if (r->ok && isfinite(r->gap_pct)) {
        a->ratio_max = a->ok ? fmax(a->ratio_max, r->gap_pct) : r->gap_pct;
        a->ok++;
        a->ratio_sum += r->gap_pct;
    }
}

static void pagg_print(FILE *f, const char *label, const pagg *a)
{
    char mean[32] = "-", worst[32] = "-", veh[32] = "-";
    if (a->ok) {
        snprintf(mean, sizeof mean, "%+.2f%%", cf_bench_pct(a->ratio_sum / a->ok));
        snprintf(worst, sizeof worst, "%+.2f%%", cf_bench_pct(a->ratio_max));
    }
    if (a->valid)
        snprintf(veh, sizeof veh, "%.1f/%.1f", a->veh_sum / a->valid, a->pveh_sum / a->valid);
    fprintf(f, "%-12s %5d %5d %6d %9ld %9ld %11s %11s %13s %8.1f\n", label, a->runs, a->valid,
            a->failed, a->mand, a->opt, mean, worst, veh, a->runs ? a->sec_sum / a->runs : 0.0);
}

void cf_bench_planted_print_table(FILE *f, const cf_bench_result *r, int n)
{
    static const char *const classes[] = {"n<=100", "n101-399", "n400-1000", "n>1000"};
    pagg all;
    memset(&all, 0, sizeof all);
    fprintf(f, "%-12s %5s %5s %6s %9s %9s %11s %11s %13s %8s\n", "size", "runs", "valid", "failed",
            "mand.unas", "opt.unas", "mean vs pl", "worst vs pl", "veh/planted", "seconds");
    for (int c = 0; c < 4; c++) {
        pagg a;
        memset(&a, 0, sizeof a);
        for (int i = 0; i < n; i++)
            if (!strcmp(cf_bench_size_class(r[i].n), classes[c])) pagg_add(&a, &r[i]);
        if (a.runs) pagg_print(f, classes[c], &a);
    }
    for (int i = 0; i < n; i++)
        pagg_add(&all, &r[i]);
    pagg_print(f, "all", &all);
    fprintf(f, "(failed: invalid plan or mandatory orders unassigned; vs pl: cost relative to "
               "the planted plan, over runs that serve every mandatory order)\n");
}
