/*
 * cofleet gen: writes a realistic joint-distribution scenario (the generator
 * of datasets/gen.h) into a directory, and with --planted the plan it was
 * built around into DIR/planted.  This file only parses the command line
 * (through cf_gen_opts_parse, which bench suite lines share) and reports;
 * the same options always give the same files.
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
            "                   [--tight] [--unshared N]\n"
            "                   [--planted [--cold PCT] [--alcohol PCT] [--optional PCT]\n"
            "                    [--tw-share PCT] [--tw-width MIN] [--dc-slack PCT]\n"
            "                    [--spare PCT] [--slack MIN]]\n\n"
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
            "  --unshared N    the last N couriers get share=no (default 0)\n"
            "  --planted       build a plan that serves every order first, then write the\n"
            "                  scenario it serves and the plan, in OUT_DIR/planted: its cost\n"
            "                  bounds a solve from above (docs/benchmarks.md, the rich suite)\n"
            "  with --planted:\n"
            "  --cold PCT      orders that need cold_chain (default 10); one cold van per\n"
            "                  planted cold route, no spare\n"
            "  --alcohol PCT   orders that need alcohol (default 4), planted on trucks\n"
            "  --optional PCT  optional orders with a penalty (default 5)\n"
            "  --tw-share PCT  orders with a narrow window around the planted arrival\n"
            "                  (default 40)\n"
            "  --tw-width MIN  width of those windows, a multiple of 15 (default 60)\n"
            "  --dc-slack PCT  DC throughput above the planted load (default 5)\n"
            "  --spare PCT     spare vans, in %% of the planted routes (default 10)\n"
            "  --slack MIN     most slack of shifts and max durations (default 15)\n\n"
            "exit: 0 written, 1 usage, 4 cannot write (or a planted plan the checker\n"
            "      rejects: a generator bug)\n",
            CF_GEN_MAX_ORDERS, CF_MAX_COURIERS, CF_GEN_MAX_DEPOTS);
}

int cf_cmd_gen(int argc, char **argv)
{
    cf_gen_opts o;
    cf_gen_stats st;
    cf_err err;
    const char *dir = NULL;
    cf_status rc;

    cf_gen_opts_default(&o);
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CF_EXIT_OK;
        }
    if (cf_gen_opts_parse(&o, argc - 1, argv + 1, &dir, &err) != CF_OK) {
        fprintf(stderr, "cofleet gen: %s (see cofleet gen --help)\n", err.msg);
        return CF_EXIT_USAGE;
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
    if (o.planted)
        printf("gen: planted plan in %s/planted: %d routes (and %d spare vans), cost %.2f, "
               "%ld narrow windows\n",
               dir, st.n_routes, st.n_spare, (double)st.planted_cost / CF_COST_SCALE,
               st.n_narrow_tw);
    return CF_EXIT_OK;
}
