/*
 * Fuzz target for one file of a scenario directory, read by the real loader
 * (io/scenario/scenario.c over io/scenario/csv_read.c and inih): CF_FUZZ_FILE is the file the
 * input becomes ("orders.csv", "depots.csv", "vehicles.csv",
 * "couriers.csv", "matrix.csv" or "scenario.ini"); the other files are the
 * small valid scenario below, so that the loader gets past them and every
 * reference the fuzzed file makes can resolve.  A successful load goes on
 * to the checker and the KPIs (fuzz_common.h).
 */
#include "fuzz/fuzz_common.h"

#include "io/scenario/scenario.h"

#ifndef CF_FUZZ_FILE
#error "CF_FUZZ_FILE names the scenario file this target fuzzes"
#endif

/* Plane coordinates: matrix.csv then only needs the 6 order/DC pairs. */
static const char *const base_files[][2] = {
    {"couriers.csv", "id,name,share\n"
                     "acme,Acme,yes\n"
                     "bolt,Bolt,no\n"},
    {"depots.csv", "id,name,x,y,open,close,cap_weight,cap_volume,fixed_cost,couriers\n"
                   "dc1,One,0,0,06:00,22:00,,,100,\n"
                   "dc2,Two,5,5,05:00,23:00,500,4,,acme\n"},
    {"orders.csv", "id,courier,x,y,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n"
                   "o1,acme,1,2,10,0.1,08:00,12:00,5,cold,,\n"
                   "o2,bolt,3,1,2.5,,09:00,,3,,50,dc1\n"
                   "o3,acme,-2,4,1,0.02,,18:00,,,,\n"},
    {"vehicles.csv", "id,courier,depot,count,cap_weight,cap_volume,fixed_cost,cost_per_km,"
                     "cost_per_hour,shift_start,shift_end,max_duration_min,max_distance_km,"
                     "speed_kmh,skills\n"
                     "van,acme,dc1,2,800,6,50,0.8,20,07:00,19:00,600,250,25,cold\n"
                     "bike,,dc2,1,30,0.2,,,,,,,,,\n"
                     "bolt-van,bolt,dc1,1,500,4,40,0.7,18,,,,,,\n"},
    {"scenario.ini", "[scenario]\nname = fuzz\nseed = 3\n"},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < sizeof base_files / sizeof base_files[0]; i++)
        if (strcmp(base_files[i][0], CF_FUZZ_FILE) != 0)
            fz_write_str(base_files[i][0], base_files[i][1]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    cf_problem *p = NULL;
    cf_params eff;
    cf_err err;

    fz_write(CF_FUZZ_FILE, data, size, path);
    if (cf_scenario_load(fz_scratch(), NULL, &eff, &p, &err) == CF_OK) {
        fz_exercise(p);
        cf_problem_free(p);
    } else if (p) {
        abort(); /* a failed load leaves nothing behind */
    }
    return 0;
}
