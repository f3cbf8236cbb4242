/*
 * cofleet gen: writes a realistic joint-distribution scenario (the generator
 * of datasets/gen.h) into a directory.  This file only parses the command
 * line and reports; the same options always give the same files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "datasets/gen.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet gen OUT_DIR [--orders N] [--couriers K] [--depots D] [--seed S]\n"
            "                   [--coords latlon|plane] [--city tokyo|osaka] [--name NAME]\n"
            "                   [--tight] [--unshared N]\n\n"
            "Writes a joint-distribution scenario (docs/formats.md) into OUT_DIR, created when\n"
            "missing: orders.csv, depots.csv, vehicles.csv, couriers.csv, scenario.ini.  The\n"
            "same options give byte-identical files on any machine.\n\n"
            "  --orders N      orders, 1..%ld (default 600)\n"
            "  --couriers K    couriers, 1..%d, one big and smaller ones (default 4)\n"
            "  --depots D      DCs, 1..%d (default 5)\n"
            "  --seed S        random seed, also the solver seed in scenario.ini (default 1)\n"
            "  --coords C      latlon (default) or plane (x,y in km, same layout)\n"
            "  --city NAME     tokyo (default) or osaka: a 25 km x 25 km box around it\n"
            "  --name NAME     scenario name in scenario.ini (default CITY-N)\n"
            "  --tight         fleet and DC capacities close to the demand: some orders\n"
            "                  may stay unassigned\n"
            "  --unshared N    the last N couriers get share=no (default 0)\n\n"
            "exit: 0 written, 1 usage, 4 cannot write\n",
            CF_GEN_MAX_ORDERS, CF_MAX_COURIERS, CF_GEN_MAX_DEPOTS);
}

/* A whole number in [min, max]; rejects signs, blanks and trailing text. */
static int parse_count(const char *flag, const char *s, unsigned long long min,
                       unsigned long long max, unsigned long long *out)
{
    char *end;
    unsigned long long v;
    if (!s || !*s || *s < '0' || *s > '9') goto bad;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v < min || v > max) goto bad;
    *out = v;
    return 0;
bad:
    fprintf(stderr, "cofleet gen: %s: '%s' must be a whole number in [%llu, %llu]\n", flag,
            s ? s : "", min, max);
    return -1;
}

int cf_cmd_gen(int argc, char **argv)
{
    cf_gen_opts o;
    cf_gen_stats st;
    cf_err err;
    const char *dir = NULL;
    cf_status rc;

    cf_gen_opts_default(&o);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *val = NULL, *eq;
        char flag[32];
        unsigned long long v = 0;
        size_t len;

        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return CF_EXIT_OK;
        }
        if (strncmp(arg, "--", 2) != 0 || !arg[2]) {
            if (dir) {
                fprintf(stderr, "cofleet gen: one OUT_DIR expected, got '%s' and '%s'\n", dir, arg);
                return CF_EXIT_USAGE;
            }
            dir = arg;
            continue;
        }
        /* --flag VALUE or --flag=VALUE */
        eq = strchr(arg, '=');
        len = eq ? (size_t)(eq - arg) : strlen(arg);
        if (len >= sizeof flag) len = sizeof flag - 1;
        memcpy(flag, arg, len);
        flag[len] = '\0';
        if (strcmp(flag, "--tight") == 0 && !eq) {
            o.tight = true;
            continue;
        }
        if (strcmp(flag, "--orders") && strcmp(flag, "--couriers") && strcmp(flag, "--depots") &&
            strcmp(flag, "--seed") && strcmp(flag, "--coords") && strcmp(flag, "--city") &&
            strcmp(flag, "--name") && strcmp(flag, "--unshared")) {
            fprintf(stderr, "cofleet gen: unknown option '%s' (see cofleet gen --help)\n", arg);
            return CF_EXIT_USAGE;
        }
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else {
            fprintf(stderr, "cofleet gen: %s needs a value\n", flag);
            return CF_EXIT_USAGE;
        }
        if (strcmp(flag, "--orders") == 0) {
            if (parse_count(flag, val, 1, (unsigned long long)CF_GEN_MAX_ORDERS, &v))
                return CF_EXIT_USAGE;
            o.n_orders = (long)v;
        } else if (strcmp(flag, "--couriers") == 0) {
            if (parse_count(flag, val, 1, CF_MAX_COURIERS, &v)) return CF_EXIT_USAGE;
            o.n_couriers = (int)v;
        } else if (strcmp(flag, "--depots") == 0) {
            if (parse_count(flag, val, 1, CF_GEN_MAX_DEPOTS, &v)) return CF_EXIT_USAGE;
            o.n_depots = (int)v;
        } else if (strcmp(flag, "--unshared") == 0) {
            if (parse_count(flag, val, 0, CF_MAX_COURIERS, &v)) return CF_EXIT_USAGE;
            o.n_unshared = (int)v;
        } else if (strcmp(flag, "--seed") == 0) {
            if (parse_count(flag, val, 0, ~0ULL, &v)) return CF_EXIT_USAGE;
            o.seed = (uint64_t)v;
        } else if (strcmp(flag, "--coords") == 0) {
            if (strcmp(val, "latlon") == 0)
                o.coords = CF_COORD_LATLON;
            else if (strcmp(val, "plane") == 0)
                o.coords = CF_COORD_PLANE;
            else {
                fprintf(stderr, "cofleet gen: --coords: '%s' must be latlon or plane\n", val);
                return CF_EXIT_USAGE;
            }
        } else if (strcmp(flag, "--city") == 0) {
            o.city = val;
        } else {
            o.name = val;
        }
    }
    if (!dir) {
        fprintf(stderr, "cofleet gen: OUT_DIR missing\n");
        usage(stderr);
        return CF_EXIT_USAGE;
    }
    if (cf_gen_opts_check(&o, &err) != CF_OK) {
        fprintf(stderr, "cofleet gen: %s\n", err.msg);
        return CF_EXIT_USAGE;
    }
    rc = cf_gen_scenario_stats(dir, &o, &st, &err);
    if (rc != CF_OK) {
        fprintf(stderr, "cofleet gen: %s\n", err.msg);
        return rc == CF_EINVAL ? CF_EXIT_USAGE : CF_EXIT_INTERNAL;
    }
    printf("gen: wrote %s: %ld orders of %d couriers, %d DCs, %d vehicles (%d shared)\n", dir,
           st.n_orders, st.n_couriers, st.n_depots, st.n_vehicles, st.n_shared_vehicles);
    printf("gen: demand %lld kg / %lld m3, fleet capacity %lld kg / %lld m3\n",
           (long long)((st.demand_g + 500) / 1000), (long long)((st.demand_l + 500) / 1000),
           (long long)(st.fleet_g / 1000), (long long)(st.fleet_l / 1000));
    return CF_EXIT_OK;
}
