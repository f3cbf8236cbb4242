/*
 * The coalition view's files and table (see coalition_write.h).  The files
 * are built in a temporary sibling of the output directory, the pooled plan
 * written into it by the plan writer, and the whole swapped in at once, as
 * a plan is (io/plan/atomic.h).  Money comes as whole cents (allocations) or
 * micro-currency rounded half away from zero to cents, so the text is the
 * same on every machine.
 */
#include "io/plan/coalition_write.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#include "io/csv_write.h"
#include "io/plan/atomic.h"
#include "io/plan/plan_int.h"
#include "models/alloc.h"
#include "models/money.h"
#include "models/kpi.h"

#define PATH_BUF 4096
#define LEFT_OUT_REASON                                                                            \
    "left out of the game: no orders and no vehicle that may carry one; pays nothing"

/* "12.34" percent of part in whole, or "" when whole is 0. */
static void fmt_pct(char *buf, size_t size, int64_t part, int64_t whole)
{
    if (whole == 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.2f", 100.0 * (double)part / (double)whole);
}

/* Courier ids of mask joined by ';' (ids never hold ';'). */
static void fmt_members(const cf_problem *p, uint64_t mask, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < p->n_couriers && len < size; i++)
        if ((mask >> i) & 1u)
            len +=
                (size_t)snprintf(buf + len, size - len, "%s%s", len ? ";" : "", p->courier_id[i]);
}

static double km_of(const cf_problem *p, int64_t dist)
{
    return (double)dist * p->dist_unit_km;
}

static double round_to(double x, int dec)
{
    double s = 1.0;
    for (int i = 0; i < dec; i++)
        s *= 10.0;
    return (double)(int64_t)(x * s + (x >= 0 ? 0.5 : -0.5)) / s;
}

/* ---- allocation.csv --------------------------------------------------------------------- */

typedef struct wctx {
    const cf_problem *p;
    const cf_params *prm;
    const cf_coalition_result *res;
    const cf_kpi *pooled;
    const cf_run_info *info;
} wctx;

static cf_status fill_allocation(FILE *f, void *ctx, cf_err *err)
{
    const wctx *w = ctx;
    const cf_coalition_result *res = w->res;
    char a[48], b[48], c[48], d[48];
    (void)err;
    fputs("courier,standalone_cost,allocated_cost,saving,saving_pct,method\n", f);
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        const cf_allocation *al = &res->alloc[m];
        if (!al->done) continue;
        for (int i = 0; i < res->n; i++) {
            int64_t alone = cf_cost_cents(res->standalone[i]), x = al->cents[i];
            if ((res->left_out >> i) & 1u) continue; /* not a player: summary.json says why */
            cf_cents_fmt(a, sizeof a, alone);
            cf_cents_fmt(b, sizeof b, x);
            cf_cents_fmt(c, sizeof c, alone - x);
            fmt_pct(d, sizeof d, alone - x, alone);
            cf_csv_put_field(f, w->p->courier_id[i]);
            fprintf(f, ",%s,%s,%s,%s,%s\n", a, b, c, d, cf_alloc_method_str((cf_alloc_method)m));
        }
    }
    return CF_OK;
}

/* ---- coalitions.csv --------------------------------------------------------------------- */

static const char *kind_of(const cf_coalition_result *res, const cf_coalition_info *ci, int k)
{
    if (k == res->n_coalitions - 1) return "pooled";
    return ci->shared_fleet ? "coalition" : "standalone";
}

static cf_status fill_coalitions(FILE *f, void *ctx, cf_err *err)
{
    const wctx *w = ctx;
    const cf_coalition_result *res = w->res;
    char *members = cf_malloc(64 * 210), *split = cf_malloc(64 * 210);
    char a[48], b[48], c[48];
    if (!members || !split) {
        cf_free(members);
        cf_free(split);
        return cf_err_set(err, CF_ENOMEM, "cannot write coalitions.csv");
    }
    fputs("kind,members,size,orders,shared_fleet,cost,closed_cost,closure_reduction,split,"
          "vehicles_used,orders_served,orders_unassigned,km,seed,time_limit_s,iterations,"
          "elapsed_s,stopped_by_time,subcontracted,subcontract_cost\n",
          f);
    for (int k = 0; k < res->n_coalitions; k++) {
        const cf_coalition_info *ci = &res->coalitions[k];
        int size = 0;
        for (uint64_t m = ci->mask; m; m &= m - 1)
            size++;
        fmt_members(w->p, ci->mask, members, 64 * 210);
        fmt_members(w->p, ci->split, split, 64 * 210);
        cf_cents_fmt(a, sizeof a, cf_cost_cents(ci->cost));
        cf_cents_fmt(b, sizeof b, cf_cost_cents(ci->closed_cost));
        cf_cents_fmt(c, sizeof c, cf_cost_cents(ci->cost - ci->closed_cost));
        fprintf(f, "%s,", kind_of(res, ci, k));
        cf_csv_put_field(f, members);
        fprintf(f, ",%d,%d,%s,%s,%s,%s,", size, ci->n_orders, ci->shared_fleet ? "yes" : "no", a, b,
                c);
        cf_csv_put_field(f, split);
        cf_cents_fmt(a, sizeof a, cf_cost_cents(ci->subcontract_cost));
        fprintf(f, ",%d,%d,%d,%.3f,%" PRIu64 ",%.3f,%ld,%.3f,%s,%d,%s\n", ci->vehicles_used,
                ci->orders_served, ci->orders_unassigned, round_to(ci->km, 3), ci->seed,
                ci->time_limit_s, ci->iterations, ci->elapsed_s, ci->stopped_by_time ? "yes" : "no",
                ci->subcontracted, a);
    }
    cf_free(members);
    cf_free(split);
    return CF_OK;
}

/* ---- summary.json ----------------------------------------------------------------------- */

static void jset(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!v || json_object_set_new(o, key, v) != 0) *bad = 1;
}

static json_t *jcents(int64_t c)
{
    return json_real((double)c / 100.0);
}

static json_t *jmoney(cf_cost c)
{
    return jcents(cf_cost_cents(c));
}

/* The KPIs of a courier (or the shared fleet, orders NULL) in one plan. */
static json_t *kpi_json(const cf_problem *p, const cf_kpi_fleet *fl, const cf_kpi_orders * or,
                        double co2, int *bad)
{
    json_t *o = json_object();
    double km = km_of(p, fl->dist);
    if (!o) {
        *bad = 1;
        return NULL;
    }
    jset(o, "route_cost", jmoney(fl->cost), bad);
    if (or) {
        jset(o, "penalties", jmoney(or->penalty), bad);
        jset(o, "orders", json_integer(or->orders), bad);
        jset(o, "orders_served", json_integer(or->served), bad);
        jset(o, "orders_unassigned", json_integer(or->unassigned), bad);
    }
    jset(o, "vehicles_used", json_integer(fl->vehicles_used), bad);
    jset(o, "km", json_real(round_to(km, 3)), bad);
    jset(o, "mean_load_factor", json_real(round_to(fl->mean_load_factor, 4)), bad);
    jset(o, "co2_kg", json_real(round_to(km * co2, 3)), bad);
    return o;
}

static json_t *members_json(const cf_problem *p, uint64_t mask, int *bad)
{
    json_t *a = json_array();
    if (!a) {
        *bad = 1;
        return NULL;
    }
    for (int i = 0; i < p->n_couriers; i++)
        if (((mask >> i) & 1u) && json_array_append_new(a, json_string(p->courier_id[i])) != 0)
            *bad = 1;
    return a;
}

static const char *origin_str(cf_grand_origin o)
{
    switch (o) {
    case CF_GRAND_COLD:
        return "solved";
    case CF_GRAND_WARM_SPLIT:
        return "warm_start_best_split";
    case CF_GRAND_WARM_ALONE:
        return "warm_start_standalone";
    default:
        return "above_best_split";
    }
}

static json_t *summary_json(const wctx *w)
{
    const cf_problem *p = w->p;
    const cf_coalition_result *res = w->res;
    const cf_kpi *k = w->pooled;
    double co2 = w->prm ? w->prm->co2_kg_per_km : 0.0;
    int64_t alone = 0, pooled = res->pooled_cents;
    int bad = 0;
    json_t *root = json_object(), *closure = json_object(), *plan = json_object();
    json_t *core = json_object(), *shap = json_object(), *methods = json_array();
    json_t *couriers = json_array(), *tot = json_object(), *left;
    const cf_coalition_info *gi = &res->coalitions[res->n_coalitions - 1];
    cf_kpi_fleet af;
    cf_kpi_orders ao;

    if (!root || !closure || !plan || !core || !shap || !methods || !couriers || !tot) bad = 1;
    for (int i = 0; i < res->n; i++)
        alone += cf_cost_cents(res->standalone[i]);
    jset(root, "scenario",
         json_string(w->prm && w->prm->name[0] ? w->prm->name
                     : p->name                 ? p->name
                                               : ""),
         &bad);
    jset(root, "cofleet_version", json_string(CF_VERSION), &bad);
    jset(root, "seed", json_integer(w->prm ? (json_int_t)w->prm->seed : 0), &bad);
    jset(root, "threads", json_integer(res->threads), &bad);
    jset(root, "time_limit_s", json_real(w->prm ? w->prm->time_limit_s : 0.0), &bad);
    jset(root, "iterations", json_integer(w->prm ? w->prm->iterations : 0), &bad);
    jset(root, "elapsed_s", json_real(round_to(res->elapsed_s, 3)), &bad);
    jset(root, "stopped_by_signal", json_boolean(res->stopped_by_signal), &bad);
    jset(root, "solves_stopped_by_time", json_integer(res->n_stopped_by_time), &bad);
    jset(root, "solves_cut_short", json_integer(res->n_cut_short), &bad);
    jset(root, "n_couriers", json_integer(res->n), &bad);
    jset(root, "n_players", json_integer(res->n_players), &bad);
    if (!(left = json_array())) bad = 1;
    for (int i = 0; i < res->n && left && !bad; i++) {
        json_t *x;
        if (!((res->left_out >> i) & 1u)) continue;
        if (!(x = json_object()) || json_array_append_new(left, x) != 0) {
            bad = 1;
            break;
        }
        jset(x, "courier", json_string(p->courier_id[i]), &bad);
        jset(x, "reason", json_string(LEFT_OUT_REASON), &bad);
    }
    jset(root, "left_out", left, &bad);
    jset(root, "coalitions_solved", json_integer(res->n_coalitions), &bad);
    jset(root, "standalone_cost", jcents(alone), &bad);
    jset(root, "pooled_cost", jcents(pooled), &bad);
    jset(root, "gain", jcents(alone - pooled), &bad);
    jset(root, "gain_pct",
         alone ? json_real(round_to(100.0 * (double)(alone - pooled) / (double)alone, 2))
               : json_null(),
         &bad);

    jset(closure, "applied", json_boolean(res->closure_adjusted > 0), &bad);
    jset(closure, "coalitions_lowered", json_integer(res->closure_adjusted), &bad);
    jset(closure, "total_reduction", jmoney(res->closure_total), &bad);
    jset(closure, "largest_reduction", jmoney(res->closure_max), &bad);
    jset(root, "closure", closure, &bad);
    closure = NULL;

    jset(plan, "dir", json_string("pooled"), &bad);
    jset(plan, "origin", json_string(origin_str(res->grand_origin)), &bad);
    jset(plan, "cold_solve_cost", jmoney(res->grand_cold_cost), &bad);
    jset(plan, "best_split_cost", res->grand_bound >= 0 ? jmoney(res->grand_bound) : json_null(),
         &bad);
    jset(plan, "note", json_string(res->grand_note), &bad);
    jset(plan, "subcontracted", json_integer(gi->subcontracted), &bad);
    jset(plan, "subcontract_cost", jmoney(gi->subcontract_cost), &bad);
    jset(root, "pooled_plan", plan, &bad);
    plan = NULL;

    jset(core, "least_core_eps", json_real(round_to(res->least_core_eps / 1e6, 2)), &bad);
    jset(core, "empty", json_boolean(res->core_empty), &bad);
    jset(root, "core", core, &bad);
    core = NULL;

    jset(shap, "mode", json_string(res->shapley_sampled ? "sampled" : "exact"), &bad);
    jset(shap, "samples", json_integer(res->shapley_sampled ? res->samples : 0), &bad);
    jset(root, "shapley", shap, &bad);
    shap = NULL;

    for (int m = 0; m < CF_ALLOC_COUNT && !bad; m++) {
        const cf_allocation *al = &res->alloc[m];
        json_t *o, *bl;
        if (!al->done) continue;
        if (!(o = json_object()) || json_array_append_new(methods, o) != 0) {
            bad = 1;
            break;
        }
        jset(o, "method", json_string(cf_alloc_method_str((cf_alloc_method)m)), &bad);
        jset(o, "in_core", json_boolean(al->in_core), &bad);
        if (m == CF_ALLOC_EPM) {
            jset(o, "max_relative_saving_difference", json_real(round_to(al->epm_f, 6)), &bad);
            jset(o, "least_core", json_boolean(al->least_core), &bad);
        }
        jset(o, "blocking", bl = json_array(), &bad);
        for (int b = 0; b < al->n_blocking && bl && !bad; b++) {
            json_t *x = json_object();
            if (!x || json_array_append_new(bl, x) != 0) {
                bad = 1;
                break;
            }
            jset(x, "members", members_json(p, al->blocking[b].mask, &bad), &bad);
            jset(x, "excess", jcents(al->blocking[b].excess_cents), &bad);
        }
    }
    jset(root, "methods", methods, &bad);
    methods = NULL;

    memset(&af, 0, sizeof af);
    memset(&ao, 0, sizeof ao);
    for (int i = 0; i < res->n && !bad; i++) {
        json_t *o = json_object(), *al = json_object(), *sv = json_object();
        if (!o || !al || !sv || json_array_append_new(couriers, o) != 0) {
            json_decref(al);
            json_decref(sv);
            bad = 1;
            break;
        }
        const cf_kpi_fleet *f = &res->alone_fleet[i];
        af.vehicles_used += f->vehicles_used;
        af.dist += f->dist;
        af.cost += f->cost;
        af.load_factor_sum += f->load_factor_sum;
        ao.orders += res->alone_orders[i].orders;
        ao.served += res->alone_orders[i].served;
        ao.unassigned += res->alone_orders[i].unassigned;
        ao.penalty += res->alone_orders[i].penalty;
        jset(o, "id", json_string(p->courier_id[i]), &bad);
        jset(o, "name",
             json_string(p->courier_name && p->courier_name[i] ? p->courier_name[i]
                                                               : p->courier_id[i]),
             &bad);
        jset(o, "player", json_boolean(!((res->left_out >> i) & 1u)), &bad);
        if ((res->left_out >> i) & 1u) jset(o, "note", json_string(LEFT_OUT_REASON), &bad);
        jset(o, "standalone_cost", jmoney(res->standalone[i]), &bad);
        jset(o, "stands_alone", json_boolean(res->alone_subcontracted[i] == 0), &bad);
        jset(o, "standalone_subcontracted", json_integer(res->alone_subcontracted[i]), &bad);
        jset(o, "standalone_subcontract_cost", jmoney(res->alone_subcontract[i]), &bad);
        for (int m = 0; m < CF_ALLOC_COUNT; m++) {
            const cf_allocation *a = &res->alloc[m];
            if (!a->done) continue;
            jset(al, cf_alloc_method_str((cf_alloc_method)m), jcents(a->cents[i]), &bad);
            jset(sv, cf_alloc_method_str((cf_alloc_method)m),
                 jcents(cf_cost_cents(res->standalone[i]) - a->cents[i]), &bad);
        }
        jset(o, "allocated", al, &bad);
        jset(o, "saving", sv, &bad);
        if (res->alloc[CF_ALLOC_SHAPLEY].done && res->alloc[CF_ALLOC_SHAPLEY].ci95)
            jset(o, "shapley_ci95", jmoney((cf_cost)res->alloc[CF_ALLOC_SHAPLEY].ci95[i]), &bad);
        jset(o, "standalone", kpi_json(p, f, &res->alone_orders[i], co2, &bad), &bad);
        jset(o, "pooled", kpi_json(p, &k->courier_fleet[i], &k->courier_orders[i], co2, &bad),
             &bad);
    }
    jset(root, "couriers", couriers, &bad);
    couriers = NULL;
    jset(root, "shared_fleet_pooled", kpi_json(p, &k->shared, NULL, co2, &bad), &bad);
    af.mean_load_factor = af.vehicles_used ? af.load_factor_sum / af.vehicles_used : 0.0;
    jset(tot, "standalone", kpi_json(p, &af, &ao, co2, &bad), &bad);
    jset(tot, "pooled", kpi_json(p, &k->fleet, &k->orders, co2, &bad), &bad);
    jset(root, "totals", tot, &bad);
    tot = NULL;
    if (!bad) return root;
    json_decref(root);
    json_decref(closure);
    json_decref(plan);
    json_decref(core);
    json_decref(shap);
    json_decref(methods);
    json_decref(couriers);
    json_decref(tot);
    return NULL;
}

static cf_status write_csv(const char *dir, const char *name,
                           cf_status (*fill)(FILE *, void *, cf_err *), wctx *w, cf_err *err)
{
    char path[PATH_BUF];
    FILE *f;
    cf_status rc;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return cf_err_set(err, CF_EIO, "%s/%s: path too long", dir, name);
    if ((rc = cf_atomic_fopen(path, &f, err)) != CF_OK) return rc;
    if ((rc = fill(f, w, err)) != CF_OK) {
        fclose(f);
        return rc;
    }
    return cf_atomic_fclose(f, path, err);
}

cf_status cf_coalition_write(const char *out_dir, const cf_problem *p, const cf_params *prm,
                             const cf_coalition_result *res, const cf_solution *pooled,
                             const cf_run_info *pooled_info, cf_err *err)
{
    cf_atomic_dir d = {"", -1};
    char path[PATH_BUF + 32]; /* the temporary plus a file name */
    cf_kpi k;
    json_t *root = NULL;
    wctx w = {p, prm, res, &k, pooled_info};
    cf_status rc;

    if ((rc = cf_kpi_compute(p, pooled, prm ? prm->co2_kg_per_km : 0.0, &k, err)) != CF_OK)
        goto done;
    if ((rc = cf_plan_check_target(out_dir, NULL, err)) != CF_OK) goto done;
    if ((rc = cf_atomic_dir_begin(out_dir, &d, err)) != CF_OK) goto done;
    if ((rc = write_csv(d.tmp, "allocation.csv", fill_allocation, &w, err)) != CF_OK) goto done;
    if ((rc = write_csv(d.tmp, "coalitions.csv", fill_coalitions, &w, err)) != CF_OK) goto done;
    if (!(root = summary_json(&w))) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot build the coalition summary.json");
        goto done;
    }
    snprintf(path, sizeof path, "%s/summary.json", d.tmp);
    if ((rc = cf_plan_write_json(path, root, err)) != CF_OK) goto done;
    snprintf(path, sizeof path, "%s/pooled", d.tmp);
    if ((rc = cf_plan_write(path, p, prm, pooled, pooled_info, err)) != CF_OK) goto done;
    if ((rc = cf_atomic_mark(d.tmp, "coalition", err)) != CF_OK) goto done;
    if ((rc = cf_atomic_fsync_dir(d.tmp, err)) != CF_OK) goto done;
    rc = cf_atomic_dir_commit(&d, out_dir, err);
done:
    cf_atomic_dir_end(&d);
    json_decref(root);
    cf_kpi_release(&k);
    return rc;
}

/* ---- the table ------------------------------------------------------------------------- */

static void money(char *buf, size_t size, int64_t cents)
{
    cf_cents_fmt(buf, size, cents);
}

cf_status cf_coalition_print(FILE *out, const cf_problem *p, const cf_params *prm,
                             const cf_coalition_result *res, const cf_solution *pooled, cf_err *err)
{
    cf_kpi k;
    char a[48], b[48], members[1024];
    int64_t alone = 0;
    double co2 = prm ? prm->co2_kg_per_km : 0.0;
    cf_status rc;

    if ((rc = cf_kpi_compute(p, pooled, co2, &k, err)) != CF_OK) {
        cf_kpi_release(&k);
        return rc;
    }
    for (int i = 0; i < res->n; i++)
        alone += cf_cost_cents(res->standalone[i]);
    money(a, sizeof a, alone);
    money(b, sizeof b, res->pooled_cents);
    fprintf(out, "coalition view of %s: %d courier%s",
            prm && prm->name[0] ? prm->name
            : p->name           ? p->name
                                : "",
            res->n, res->n == 1 ? "" : "s");
    if (res->n_players < res->n) fprintf(out, " (%d left out)", res->n - res->n_players);
    fprintf(out, ", %d coalition%s solved on %d thread%s in %.1f s\n", res->n_coalitions,
            res->n_coalitions == 1 ? "" : "s", res->threads, res->threads == 1 ? "" : "s",
            res->elapsed_s);
    fprintf(out, "standalone %s   pooled %s   gain ", a, b);
    money(a, sizeof a, alone - res->pooled_cents);
    fprintf(out, "%s", a);
    if (alone)
        fprintf(out, " (%.2f%%)", 100.0 * (double)(alone - res->pooled_cents) / (double)alone);
    fputc('\n', out);
    if (res->closure_adjusted > 0) {
        money(a, sizeof a, cf_cost_cents(res->closure_total));
        money(b, sizeof b, cf_cost_cents(res->closure_max));
        fprintf(out,
                "subadditive closure applied: %d coalition cost%s lowered, by %s in total "
                "(largest %s)\n",
                res->closure_adjusted, res->closure_adjusted == 1 ? "" : "s", a, b);
    } else {
        fprintf(out, "subadditive closure: every coalition already at most its best split\n");
    }
    if (res->grand_origin == CF_GRAND_WARM_SPLIT || res->grand_origin == CF_GRAND_WARM_ALONE) {
        money(a, sizeof a, cf_cost_cents(res->grand_cold_cost));
        fprintf(out, "pooled plan: warm-started from the %s (the cold solve cost %s)\n",
                res->grand_origin == CF_GRAND_WARM_SPLIT ? "plans of its best split"
                                                         : "standalone plans",
                a);
    } else if (res->grand_origin == CF_GRAND_ABOVE) {
        money(a, sizeof a, cf_cost_cents(res->grand_bound));
        fprintf(out, "pooled plan: above its best known split (%s); %s\n", a, res->grand_note);
    }
    {
        const cf_coalition_info *gi = &res->coalitions[res->n_coalitions - 1];
        if (gi->subcontracted) {
            money(a, sizeof a, cf_cost_cents(gi->subcontract_cost));
            fprintf(out,
                    "pooled plan: %d mandatory order%s unserved, counted in the pooled cost at "
                    "the price of a trip of %s own (%s)\n",
                    gi->subcontracted, gi->subcontracted == 1 ? "" : "s",
                    gi->subcontracted == 1 ? "its" : "their", a);
        }
    }
    if (res->n_players >= 2) {
        money(a, sizeof a, cf_cost_cents((cf_cost)res->least_core_eps));
        if (res->core_empty)
            fprintf(out, "core: empty over the coalitions solved (least core eps %s)\n", a);
        else
            fprintf(out, "core: not empty over the coalitions solved\n");
    }
    if (res->n_stopped_by_time && prm && prm->iterations > 0)
        fprintf(out,
                "note: %d solve%s stopped by %s time share before %s --iterations: "
                "figures depend on timing (raise --time-limit)\n",
                res->n_stopped_by_time, res->n_stopped_by_time == 1 ? " was" : "s were",
                res->n_stopped_by_time == 1 ? "its" : "their",
                res->n_stopped_by_time == 1 ? "its" : "their");
    if (res->n_cut_short)
        fprintf(out,
                "warning: %d solve%s out of time before every order was placed: %s cost%s "
                "leave%s those orders out and understate the coalition (raise --time-limit)\n",
                res->n_cut_short, res->n_cut_short == 1 ? " ran" : "s ran",
                res->n_cut_short == 1 ? "its" : "their", res->n_cut_short == 1 ? "" : "s",
                res->n_cut_short == 1 ? "s" : "");

    /* Shares: courier, standalone, then per method the share and the saving in percent. */
    fprintf(out, "\n%-16s %14s", "courier", "standalone");
    for (int m = 0; m < CF_ALLOC_COUNT; m++)
        if (res->alloc[m].done)
            fprintf(out, " %14s %8s", cf_alloc_method_str((cf_alloc_method)m), "save%");
    if (res->alloc[CF_ALLOC_SHAPLEY].done && res->alloc[CF_ALLOC_SHAPLEY].ci95)
        fprintf(out, " %12s", "shapley +-95%");
    fputc('\n', out);
    for (int i = 0; i < res->n; i++) {
        int64_t s = cf_cost_cents(res->standalone[i]);
        if ((res->left_out >> i) & 1u) continue; /* listed below the table */
        money(a, sizeof a, s);
        snprintf(b, sizeof b, "%.15s%s", p->courier_id[i], res->alone_subcontracted[i] ? "*" : "");
        fprintf(out, "%-16s %14s", b, a);
        for (int m = 0; m < CF_ALLOC_COUNT; m++) {
            const cf_allocation *al = &res->alloc[m];
            if (!al->done) continue;
            money(a, sizeof a, al->cents[i]);
            fmt_pct(b, sizeof b, s - al->cents[i], s);
            fprintf(out, " %14s %8s", a, b);
        }
        if (res->alloc[CF_ALLOC_SHAPLEY].done && res->alloc[CF_ALLOC_SHAPLEY].ci95) {
            money(a, sizeof a, cf_cost_cents((cf_cost)res->alloc[CF_ALLOC_SHAPLEY].ci95[i]));
            fprintf(out, " %12s", a);
        }
        fputc('\n', out);
    }
    money(a, sizeof a, alone);
    fprintf(out, "%-16s %14s", "total", a);
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        if (!res->alloc[m].done) continue;
        money(a, sizeof a, res->pooled_cents);
        fmt_pct(b, sizeof b, alone - res->pooled_cents, alone);
        fprintf(out, " %14s %8s", a, b);
    }
    fputc('\n', out);
    for (int i = 0; i < res->n; i++) {
        if (res->alone_subcontracted[i]) {
            money(a, sizeof a, cf_cost_cents(res->alone_subcontract[i]));
            fprintf(out,
                    "* %s cannot stand alone: alone it leaves %d mandatory order%s unserved; "
                    "its standalone cost counts %s at the price of a trip of %s own (%s)\n",
                    p->courier_id[i], res->alone_subcontracted[i],
                    res->alone_subcontracted[i] == 1 ? "" : "s",
                    res->alone_subcontracted[i] == 1 ? "it" : "them",
                    res->alone_subcontracted[i] == 1 ? "its" : "their", a);
        }
        if ((res->left_out >> i) & 1u)
            fprintf(out, "%s: %s\n", p->courier_id[i], LEFT_OUT_REASON);
    }
    for (int m = 0; m < CF_ALLOC_COUNT; m++) {
        const cf_allocation *al = &res->alloc[m];
        if (!al->done) continue;
        fprintf(out, "%s: ", cf_alloc_method_str((cf_alloc_method)m));
        if (al->in_core) {
            fprintf(out, "in the core");
        } else {
            fprintf(out, "not in the core: %d coalition%s would rather leave", al->n_blocking,
                    al->n_blocking == 1 ? "" : "s");
            for (int bi = 0; bi < al->n_blocking && bi < 3; bi++) {
                fmt_members(p, al->blocking[bi].mask, members, sizeof members);
                money(a, sizeof a, al->blocking[bi].excess_cents);
                fprintf(out, "%s {%s} (pays %s more)", bi ? "," : ":", members, a);
            }
            if (al->n_blocking > 3) fprintf(out, ", ...");
        }
        if (m == CF_ALLOC_EPM)
            fprintf(out, "; relative savings within %.2f points%s", 100.0 * al->epm_f,
                    al->least_core ? " (least core: the core is empty)" : "");
        fputc('\n', out);
    }

    /* KPIs side by side: standalone | pooled (vehicles owned; the shared fleet on its own row). */
    fprintf(out, "\n%-16s | %10s %4s %6s %6s %9s | %10s %4s %6s %6s %9s\n", "standalone|pooled",
            "km", "veh", "orders", "load%", "CO2 kg", "km", "veh", "orders", "load%", "CO2 kg");
    cf_kpi_fleet af;
    int served = 0;
    memset(&af, 0, sizeof af);
    for (int i = 0; i <= res->n; i++) {
        const cf_kpi_fleet *sf = i < res->n ? &res->alone_fleet[i] : &af;
        const cf_kpi_fleet *pf = i < res->n ? &k.courier_fleet[i] : &k.fleet;
        int so = i < res->n ? res->alone_orders[i].served : served;
        int po = i < res->n ? k.courier_orders[i].served : k.orders.served;
        if (i < res->n) {
            af.vehicles_used += sf->vehicles_used;
            af.dist += sf->dist;
            af.load_factor_sum += sf->load_factor_sum;
            served += so;
        } else {
            af.mean_load_factor = af.vehicles_used ? af.load_factor_sum / af.vehicles_used : 0;
            fprintf(out, "%-16s | %10s %4s %6s %6s %9s | %10.1f %4d %6s %6.1f %9.1f\n",
                    "shared fleet", "", "", "", "", "", km_of(p, k.shared.dist),
                    k.shared.vehicles_used, "", 100.0 * k.shared.mean_load_factor,
                    km_of(p, k.shared.dist) * co2);
        }
        fprintf(out, "%-16.16s | %10.1f %4d %6d %6.1f %9.1f | %10.1f %4d %6d %6.1f %9.1f\n",
                i < res->n ? p->courier_id[i] : "total", km_of(p, sf->dist), sf->vehicles_used, so,
                100.0 * sf->mean_load_factor, km_of(p, sf->dist) * co2, km_of(p, pf->dist),
                pf->vehicles_used, po, 100.0 * pf->mean_load_factor, km_of(p, pf->dist) * co2);
    }
    cf_kpi_release(&k);
    return CF_OK;
}
