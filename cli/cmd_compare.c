/*
 * cofleet compare: the key figures of several plans side by side, each with
 * its difference and percent change against the first (a planner's
 * question: separate vs pooled, one DC layout vs another).  It reads only
 * each plan's summary.json (docs/formats.md); a coalition directory
 * (`cofleet coalition`) stands for its pooled plan.  Nothing is recomputed:
 * `cofleet check` is what vouches for a plan's figures.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

#define MAX_PLANS 64

/* The figures compared, as summary.json names them, and their decimals. */
static const struct {
    const char *key;
    const char *label;
    int decimals;
} kpis[] = {
    {"cost", "cost", 2},
    {"cost_fixed", "cost fixed", 2},
    {"cost_distance", "cost distance", 2},
    {"cost_time", "cost time", 2},
    {"cost_penalty", "penalties", 2},
    {"dc_fixed_cost", "DC fixed cost", 2},
    {"total_km", "km", 3},
    {"vehicles_used", "vehicles used", 0},
    {"orders_served", "orders served", 0},
    {"orders_unassigned", "orders unassigned", 0},
    {"mandatory_unassigned", "mandatory unassigned", 0},
    {"weight_kg", "weight kg", 3},
    {"mean_load_factor", "mean load factor", 4},
    {"route_hours", "route hours", 3},
    {"co2_kg", "CO2 kg", 3},
};
#define N_KPIS ((int)(sizeof kpis / sizeof kpis[0]))

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet compare PLAN_DIR PLAN_DIR ... [--csv | --json]\n\n"
            "Prints the key figures of each plan's summary.json side by side (cost and its\n"
            "parts, km, vehicles, orders, load factor, route hours, CO2), with the difference\n"
            "and the percent change against the first plan.  A directory written by\n"
            "'cofleet coalition' stands for its pooled plan (DIR/pooled).  --csv prints\n"
            "kpi,plan,value,diff,diff_pct rows; --json one object.\n\n"
            "exit: 0 printed, 1 usage, 2 a plan cannot be read\n");
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Loads DIR/summary.json, or DIR/pooled/summary.json for a coalition directory. */
static json_t *load_summary(const char *dir)
{
    char path[4096];
    json_error_t je;
    json_t *j;

    snprintf(path, sizeof path, "%s/routes.csv", dir);
    int is_plan = is_file(path);
    snprintf(path, sizeof path, "%s/pooled/summary.json", dir);
    if (is_plan || !is_file(path)) snprintf(path, sizeof path, "%s/summary.json", dir);
    if (!(j = json_load_file(path, 0, &je))) {
        /* jansson gives line -1 when the file could not be opened at all. */
        if (je.line > 0)
            fprintf(stderr, "cofleet compare: %s:%d: %s\n", path, je.line, je.text);
        else
            fprintf(stderr, "cofleet compare: %s: %s\n", path, je.text);
        return NULL;
    }
    if (!json_is_object(j) || !json_is_number(json_object_get(j, "cost"))) {
        fprintf(stderr, "cofleet compare: %s: not a plan's summary (no number 'cost')\n", path);
        json_decref(j);
        return NULL;
    }
    return j;
}

/* The number under key, or NAN when absent. */
static double value_of(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *text_of(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void csv_field(const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"') putchar('"');
        putchar(*s);
    }
    putchar('"');
}

typedef struct compare_flags {
    int csv, json;
} compare_flags;

enum { OPT_CSV = 1, OPT_JSON };
static const cf_cli_opt compare_opts[] = {{"csv", OPT_CSV, false}, {"json", OPT_JSON, false}};
#define N_COMPARE_OPTS ((int)(sizeof compare_opts / sizeof compare_opts[0]))

static int on_opt(void *ctx, int key, const char *val)
{
    compare_flags *fl = ctx;
    (void)val;
    if (key == OPT_CSV)
        fl->csv = 1;
    else
        fl->json = 1;
    return -1;
}

int cf_cmd_compare(int argc, char **argv)
{
    const char *dirs[MAX_PLANS];
    json_t *sum[MAX_PLANS];
    int n = 0, csv = 0, js = 0, code = CF_EXIT_OK;

    compare_flags fl = {0, 0};
    cf_cli_spec spec = {.cmd = "compare", .opts = compare_opts, .n_opts = N_COMPARE_OPTS,
                        .min_args = 1, .max_args = MAX_PLANS, .usage = usage, .on_opt = on_opt,
                        .ctx = &fl};
    int parsed = cf_cli_parse(&spec, argc, argv, dirs, &n);
    if (parsed >= 0) return parsed;
    csv = fl.csv, js = fl.json;
    if (csv && js) {
        usage(stderr);
        return CF_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++)
        if (!(sum[i] = load_summary(dirs[i]))) {
            for (int k = 0; k < i; k++)
                json_decref(sum[k]);
            return CF_EXIT_INPUT;
        }

    if (csv) {
        printf("kpi,plan,value,diff,diff_pct\n");
        for (int k = 0; k < N_KPIS; k++) {
            double base = value_of(sum[0], kpis[k].key);
            for (int i = 0; i < n; i++) {
                double v = value_of(sum[i], kpis[k].key);
                printf("%s,", kpis[k].key);
                csv_field(dirs[i]);
                if (isnan(v)) {
                    printf(",,,\n");
                    continue;
                }
                printf(",%.*f,", kpis[k].decimals, v);
                if (!isnan(base)) printf("%.*f", kpis[k].decimals, v - base);
                putchar(',');
                if (!isnan(base) && base != 0) printf("%.2f", 100.0 * (v - base) / fabs(base));
                putchar('\n');
            }
        }
    } else if (js) {
        json_t *root = json_object(), *plans = json_array(), *rows = json_array();
        int bad = !root || !plans || !rows;
        for (int i = 0; i < n && !bad; i++) {
            json_t *o = json_object();
            bad |= !o || json_array_append_new(plans, o) != 0;
            bad |= json_object_set_new(o, "dir", json_string(dirs[i])) != 0;
            bad |=
                json_object_set_new(o, "scenario", json_string(text_of(sum[i], "scenario"))) != 0;
            bad |= json_object_set_new(o, "sharing", json_string(text_of(sum[i], "sharing"))) != 0;
        }
        for (int k = 0; k < N_KPIS && !bad; k++) {
            double base = value_of(sum[0], kpis[k].key);
            json_t *o = json_object(), *vals = json_array(), *diff = json_array(),
                   *pct = json_array();
            bad |= !o || !vals || !diff || !pct || json_array_append_new(rows, o) != 0;
            for (int i = 0; i < n && !bad; i++) {
                double v = value_of(sum[i], kpis[k].key);
                bad |= json_array_append_new(vals, isnan(v) ? json_null() : json_real(v)) != 0;
                bad |= json_array_append_new(
                           diff, isnan(v) || isnan(base) ? json_null() : json_real(v - base)) != 0;
                bad |= json_array_append_new(pct,
                                             isnan(v) || isnan(base) || base == 0
                                                 ? json_null()
                                                 : json_real(100.0 * (v - base) / fabs(base))) != 0;
            }
            bad |= json_object_set_new(o, "kpi", json_string(kpis[k].key)) != 0;
            bad |= json_object_set_new(o, "values", vals) != 0;
            bad |= json_object_set_new(o, "diff", diff) != 0;
            bad |= json_object_set_new(o, "diff_pct", pct) != 0;
        }
        bad |= json_object_set_new(root, "plans", plans) != 0;
        bad |= json_object_set_new(root, "kpis", rows) != 0;
        if (bad ||
            json_dumpf(root, stdout,
                       JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) != 0) {
            fprintf(stderr, "cofleet compare: cannot build the JSON output\n");
            code = CF_EXIT_INTERNAL;
        } else {
            putchar('\n');
        }
        json_decref(root);
    } else {
        /* Columns: the first plan, then each other plan with its difference and percent. */
        printf("%-22s %16s", "", "[1]");
        for (int i = 1; i < n; i++) {
            char label[16];
            snprintf(label, sizeof label, "[%d]", i + 1);
            printf(" %16s %14s %9s", label, "diff", "%");
        }
        putchar('\n');
        for (int k = 0; k < N_KPIS; k++) {
            double base = value_of(sum[0], kpis[k].key);
            printf("%-22s", kpis[k].label);
            if (isnan(base))
                printf(" %16s", "-");
            else
                printf(" %16.*f", kpis[k].decimals, base);
            for (int i = 1; i < n; i++) {
                double v = value_of(sum[i], kpis[k].key);
                if (isnan(v)) {
                    printf(" %16s %14s %9s", "-", "", "");
                    continue;
                }
                printf(" %16.*f", kpis[k].decimals, v);
                if (isnan(base))
                    printf(" %14s %9s", "", "");
                else if (base == 0)
                    printf(" %+14.*f %9s", kpis[k].decimals, v - base, "");
                else
                    printf(" %+14.*f %+8.2f%%", kpis[k].decimals, v - base,
                           100.0 * (v - base) / fabs(base));
            }
            putchar('\n');
        }
        printf("\n");
        for (int i = 0; i < n; i++)
            printf("[%d] %s (%s, %s)\n", i + 1, dirs[i], text_of(sum[i], "scenario"),
                   text_of(sum[i], "sharing"));
    }
    for (int i = 0; i < n; i++)
        json_decref(sum[i]);
    return code;
}
