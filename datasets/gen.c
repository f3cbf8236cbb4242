/*
 * The scenario generator (see gen.h).  A city is a 25 km x 25 km box around
 * a real centre, described by a few integer tables: the neighbourhoods that
 * draw orders (centre, weight, spread), the logistics districts where DCs
 * stand, and one straight coastline beyond which nobody orders.  Orders fall
 * around the neighbourhoods with a bell-shaped density (a sum of three
 * uniform offsets per axis, Irwin-Hall), plus a share uniform over the land.
 * Couriers get Zipf-like sizes (one big, the rest smaller), one or two home
 * DCs each, and a fleet sized from the demand near each home (README.md).
 *
 * Everything is integer: positions in metres from the centre, converted to
 * micro-degrees with a fixed metres-per-degree per city, weights in grams,
 * volumes in litres, times in minutes, money in yen.  Every printed number is
 * an integer with a decimal point put in by hand, so the files are
 * byte-identical on every machine.  Each aspect draws from its own cf_rng
 * stream, so that (say) placing extra DCs does not shift the orders.
 */
#include "datasets/gen.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datasets/gen_int.h"
#include "io/csv_write.h"
#include "io/scenario/params.h"
#include "models/alloc.h"
#include "models/rng.h"

#define HALF_M 12500         /* half the side of the city box, metres */
#define M_PER_DEG_LAT 111195 /* on the sphere of radius 6371.0088 km */
#define UNIFORM_PCT 15       /* orders spread uniformly over the land */

typedef struct gen_place {
    const char *id, *name; /* DCs only */
    int32_t lat_ud, lon_ud;
    int weight, spread_m; /* neighbourhoods only */
} gen_place;

struct gen_city {
    const char *key;
    int32_t lat0_ud, lon0_ud; /* centre of the box */
    int32_t m_per_deg_lon;    /* 111195 * cos(lat0), rounded */
    const gen_place *hoods;
    int n_hoods;
    const gen_place *dcs; /* in the order they are used: spread around the city first */
    int n_dcs;
    int32_t sea_p[2], sea_q[2]; /* lat_ud, lon_ud: the water lies right of P -> Q */
};

static const gen_place tokyo_hoods[] = {
    {NULL, NULL, 35689600, 139700600, 14, 1300}, /* Shinjuku */
    {NULL, NULL, 35658000, 139701600, 12, 1200}, /* Shibuya */
    {NULL, NULL, 35729500, 139710900, 10, 1200}, /* Ikebukuro */
    {NULL, NULL, 35713800, 139777300, 8, 1100},  /* Ueno */
    {NULL, NULL, 35628500, 139738800, 8, 1300},  /* Shinagawa */
    {NULL, NULL, 35671700, 139765000, 9, 900},   /* Ginza */
    {NULL, NULL, 35696600, 139814900, 7, 1200},  /* Kinshicho */
    {NULL, NULL, 35707400, 139665700, 7, 1300},  /* Nakano */
    {NULL, NULL, 35633900, 139715700, 6, 1200},  /* Meguro */
    {NULL, NULL, 35655000, 139796000, 5, 1000},  /* Toyosu */
    {NULL, NULL, 35749700, 139804700, 6, 1300},  /* Kita-Senju */
    {NULL, NULL, 35643600, 139670800, 6, 1400},  /* Sangenjaya */
};

static const gen_place tokyo_dcs[] = {
    {"heiwajima", "Heiwajima DC (平和島), Ota", 35583600, 139749700, 0, 0},
    {"itabashi", "Itabashi DC (板橋)", 35781000, 139670000, 0, 0},
    {"kasai", "Kasai DC, Edogawa", 35665000, 139865000, 0, 0},
    {"kinuta", "Kinuta DC, Setagaya", 35630000, 139642000, 0, 0},
    {"adachi", "Adachi DC (足立)", 35777000, 139794000, 0, 0},
    {"shinkiba", "Shin-Kiba DC, Koto", 35645500, 139827000, 0, 0},
    {"nerima", "Nerima DC", 35758000, 139655000, 0, 0},
    {"yashio", "Shinagawa Yashio DC", 35610000, 139752000, 0, 0},
};

static const gen_place osaka_hoods[] = {
    {NULL, NULL, 34702500, 135495900, 14, 1200}, /* Umeda */
    {NULL, NULL, 34665700, 135501300, 12, 1100}, /* Namba */
    {NULL, NULL, 34646600, 135513300, 10, 1200}, /* Tennoji */
    {NULL, NULL, 34696700, 135534200, 8, 1100},  /* Kyobashi */
    {NULL, NULL, 34733400, 135500100, 7, 1200},  /* Shin-Osaka */
    {NULL, NULL, 34720400, 135481800, 5, 1000},  /* Juso */
    {NULL, NULL, 34669300, 135461800, 5, 1100},  /* Bentencho */
    {NULL, NULL, 34612200, 135493200, 6, 1300},  /* Sumiyoshi */
    {NULL, NULL, 34665200, 135531000, 7, 1100},  /* Tsuruhashi */
    {NULL, NULL, 34621300, 135554600, 6, 1300},  /* Hirano */
    {NULL, NULL, 34664000, 135563000, 6, 1300},  /* Fuse */
};

static const gen_place osaka_dcs[] = {
    {"nanko", "Nanko DC (南港), Suminoe", 34628000, 135445000, 0, 0},
    {"torikai", "Torikai DC, Settsu", 34750000, 135560000, 0, 0},
    {"takaida", "Higashi-Osaka DC (高井田)", 34665000, 135590000, 0, 0},
    {"sakai", "Sakai-Kita DC", 34585000, 135490000, 0, 0},
    {"mitejima", "Nishiyodogawa DC, Mitejima", 34700000, 135440000, 0, 0},
    {"hirano", "Hirano DC (平野)", 34615000, 135555000, 0, 0},
    {"tsurumi", "Tsurumi DC", 34705000, 135575000, 0, 0},
    {"kashima", "Kashima DC, Yodogawa", 34730000, 135470000, 0, 0},
};

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

static const gen_city cities[] = {
    {"tokyo",
     35681200,
     139767100,
     90321,
     tokyo_hoods,
     COUNT_OF(tokyo_hoods),
     tokyo_dcs,
     COUNT_OF(tokyo_dcs),
     {35568785, 139767100},
     {35645227, 139905495}},
    {"osaka",
     34668700,
     135501300,
     91453,
     osaka_hoods,
     COUNT_OF(osaka_hoods),
     osaka_dcs,
     COUNT_OF(osaka_dcs),
     {34781000, 135395000},
     {34556000, 135445000}},
};

/* Fictional companies; couriers beyond the table are numbered. */
static const struct {
    const char *id, *name, *code;
} courier_names[] = {
    {"hinode", "Hinode Express, Inc.", "HIN"},
    {"kamome", "Kamome Logistics", "KAM"},
    {"sakura", "Sakura Parcel Service", "SAK"},
    {"tsubame", "Tsubame Delivery", "TSU"},
    {"aozora", "Aozora Cargo Co.", "AOZ"},
    {"minato", "Minato Freight, Ltd.", "MIN"},
    {"kaze", "Kaze Courier", "KAZ"},
    {"hoshizora", "Hoshizora Transport", "HOS"},
};

const veh_type cf_gen_type_van = {"van", 800, 6000, 6000, 35, 2200, -1, -1, 660, 0, 0, ""};
const veh_type cf_gen_type_ev = {"ev", 600, 5000, 5500, 15, 2200, -1, -1, 660, 120, 0, ""};
const veh_type cf_gen_type_truck = {"truck", 2000, 15000, 9000, 55, 2600,
                                    360,     1140, 0,     0,    25, "alcohol"};
const veh_type cf_gen_type_cold = {"cold", 600,  4500, 8000, 45, 2400,
                                   420,    1320, 720,  0,    0,  "cold_chain;alcohol"};
const veh_type cf_gen_type_shared_van = {"van", 800, 6000, 7000, 35, 2400, -1, -1, 600, 0, 0, ""};
const veh_type cf_gen_type_shared_cold = {"cold", 600,  4500, 8500, 45, 2400,
                                          420,    1320, 720,  0,    0,  "cold_chain;alcohol"};
/* Planted scenarios only: the shared fleet's trucks carry alcohol, never chilled goods. */
const veh_type cf_gen_type_shared_truck = {"truck", 2000, 15000, 9500, 55, 2800,
                                           360,     1140, 0,     0,    25, "alcohol"};

static int32_t lat_to_m(const gen_city *c, int32_t lat_ud)
{
    return (int32_t)cf_gen_div_round((int64_t)(lat_ud - c->lat0_ud) * M_PER_DEG_LAT, 1000000);
}

static int32_t lon_to_m(const gen_city *c, int32_t lon_ud)
{
    return (int32_t)cf_gen_div_round((int64_t)(lon_ud - c->lon0_ud) * c->m_per_deg_lon, 1000000);
}

static int32_t to_lat_ud(const gen_city *c, int32_t y_m)
{
    return c->lat0_ud + (int32_t)cf_gen_div_round((int64_t)y_m * 1000000, M_PER_DEG_LAT);
}

static int32_t to_lon_ud(const gen_city *c, int32_t x_m)
{
    return c->lon0_ud + (int32_t)cf_gen_div_round((int64_t)x_m * 1000000, c->m_per_deg_lon);
}

static bool on_land(const gen_city *c, int32_t x, int32_t y)
{
    int64_t px = lon_to_m(c, c->sea_p[1]), py = lat_to_m(c, c->sea_p[0]);
    int64_t dx = lon_to_m(c, c->sea_q[1]) - px, dy = lat_to_m(c, c->sea_q[0]) - py;
    return dx * (y - py) - dy * (x - px) >= 0; /* left of P -> Q, or on it */
}

static bool in_city(const gen_city *c, int32_t x, int32_t y)
{
    return x >= -HALF_M && x <= HALF_M && y >= -HALF_M && y <= HALF_M && on_land(c, x, y);
}

static int32_t draw_offset(cf_rng *r, int a)
{
    return (int32_t)cf_rng_below(r, (uint32_t)(2 * a + 1)) - a;
}

static void draw_uniform_point(const gen_city *c, cf_rng *r, int32_t *x, int32_t *y)
{
    do {
        *x = draw_offset(r, HALF_M);
        *y = draw_offset(r, HALF_M);
    } while (!in_city(c, *x, *y)); /* the box is mostly land: a few tries at most */
}

static void draw_order_point(const gen_city *c, cf_rng *r, int32_t *x, int32_t *y)
{
    int total = 0, pick, h = 0;
    if ((int)cf_rng_below(r, 100) < UNIFORM_PCT) {
        draw_uniform_point(c, r, x, y);
        return;
    }
    for (int i = 0; i < c->n_hoods; i++)
        total += c->hoods[i].weight;
    pick = (int)cf_rng_below(r, (uint32_t)total);
    while (pick >= c->hoods[h].weight)
        pick -= c->hoods[h++].weight;
    for (int tries = 0; tries < 100; tries++) {
        int a = c->hoods[h].spread_m;
        *x = lon_to_m(c, c->hoods[h].lon_ud) + draw_offset(r, a) + draw_offset(r, a) +
             draw_offset(r, a);
        *y = lat_to_m(c, c->hoods[h].lat_ud) + draw_offset(r, a) + draw_offset(r, a) +
             draw_offset(r, a);
        if (in_city(c, *x, *y)) return;
    }
    *x = lon_to_m(c, c->hoods[h].lon_ud);
    *y = lat_to_m(c, c->hoods[h].lat_ud);
}

/* ---- couriers and depots ---- */

static void make_couriers(gen_state *g)
{
    int k = g->o->n_couriers, d = g->o->n_depots, next = 0;
    for (int c = 0; c < k; c++) {
        gen_courier *cr = &g->couriers[c];
        if (c < COUNT_OF(courier_names)) {
            snprintf(cr->id, sizeof cr->id, "%s", courier_names[c].id);
            snprintf(cr->name, sizeof cr->name, "%s", courier_names[c].name);
            snprintf(cr->code, sizeof cr->code, "%s", courier_names[c].code);
        } else {
            snprintf(cr->id, sizeof cr->id, "courier%02d", c + 1);
            snprintf(cr->name, sizeof cr->name, "Courier %02d", c + 1);
            snprintf(cr->code, sizeof cr->code, "C%02d", c + 1);
        }
        cr->weight = 2520 / (c + 1); /* Zipf: 48%, 24%, 16%, 12% of the orders for 4 */
        cr->share = c < k - g->o->n_unshared;
        /* The two biggest couriers run two DCs when there are enough of them. */
        cr->n_homes = (c == 0 && d >= 3) || (c == 1 && d >= 5) ? 2 : 1;
        for (int h = 0; h < cr->n_homes; h++) {
            cr->homes[h] = next % d;
            g->depots[next % d].homed |= (uint64_t)1 << c;
            next++;
        }
    }
}

static void make_depots(gen_state *g)
{
    static const int hours[5][2] = {{300, 1320}, {360, 1380}, {0, 1440}, {300, 1320}, {330, 1350}};
    const gen_city *c = g->city;
    int k = g->o->n_couriers;
    uint64_t all = k == 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
    cf_rng r;
    int n_shared = 0;

    cf_rng_seed(&r, g->o->seed, STREAM_DEPOTS);
    for (int d = 0; d < g->o->n_depots; d++) {
        gen_depot *dp = &g->depots[d];
        if (d < c->n_dcs) {
            snprintf(dp->id, sizeof dp->id, "%s", c->dcs[d].id);
            snprintf(dp->name, sizeof dp->name, "%s", c->dcs[d].name);
            dp->lat_ud = c->dcs[d].lat_ud;
            dp->lon_ud = c->dcs[d].lon_ud;
            dp->x_m = lon_to_m(c, dp->lon_ud);
            dp->y_m = lat_to_m(c, dp->lat_ud);
        } else {
            /* Beyond the named districts: the outer ring, at least 3 km from the others. */
            snprintf(dp->id, sizeof dp->id, "dc%02d", d + 1);
            snprintf(dp->name, sizeof dp->name, "DC %02d", d + 1);
            for (int tries = 0;; tries++) {
                bool ok;
                draw_uniform_point(c, &r, &dp->x_m, &dp->y_m);
                ok = (dp->x_m > 7000 || dp->x_m < -7000 || dp->y_m > 7000 || dp->y_m < -7000);
                for (int e = 0; ok && e < d && tries < 1000; e++)
                    ok = cf_gen_dist2(dp->x_m, dp->y_m, g->depots[e].x_m, g->depots[e].y_m) >=
                         (int64_t)3000 * 3000;
                if (ok) break;
            }
            dp->lat_ud = to_lat_ud(c, dp->y_m);
            dp->lon_ud = to_lon_ud(c, dp->x_m);
        }
        dp->open = hours[d % 5][0];
        dp->close = hours[d % 5][1];
        dp->fixed_cost = d % 3 == 2 ? -1 : 50000 + 10000 * (int)cf_rng_below(&r, 8);
        /* Even DCs are open to every courier; odd ones to their own couriers and one more. */
        if (d % 2 == 0 || dp->homed == 0) {
            dp->allowed = all;
        } else {
            int first = 0;
            while (!(dp->homed & ((uint64_t)1 << first)))
                first++;
            dp->allowed = dp->homed | ((uint64_t)1 << ((first + 1) % k));
        }
    }
    /* A shared fleet at up to two DCs open to all, from the second DC on: the first is the
     * biggest courier's main base and needs no help. */
    for (int i = 1; i <= g->o->n_depots && n_shared < 2; i++) {
        gen_depot *dp = &g->depots[i % g->o->n_depots];
        if (dp->allowed == all && !dp->shared_fleet) {
            dp->shared_fleet = true;
            n_shared++;
        }
    }
}

/* ---- orders ---- */

static void make_order(gen_state *g, cf_rng *r, gen_order *od)
{
    int total = 0, pick, c = 0, u;
    const gen_courier *cr;
    int32_t density;

    for (int i = 0; i < g->o->n_couriers; i++)
        total += g->couriers[i].weight;
    pick = (int)cf_rng_below(r, (uint32_t)total);
    while (pick >= g->couriers[c].weight)
        pick -= g->couriers[c++].weight;
    od->courier = c;
    cr = &g->couriers[c];
    draw_order_point(g->city, r, &od->x_m, &od->y_m);

    /* Mostly parcels of 1-30 kg; some letters; a few heavy goods. */
    u = (int)cf_rng_below(r, 100);
    if (u < 5)
        od->weight_g = 300 + 100 * (int32_t)cf_rng_below(r, 7);
    else if (u < 60)
        od->weight_g = 1000 + 100 * (int32_t)cf_rng_below(r, 71);
    else if (u < 96)
        od->weight_g = 8000 + 100 * (int32_t)cf_rng_below(r, 221);
    else
        od->weight_g = 30000 + 500 * (int32_t)cf_rng_below(r, 241);
    density = 80 + (int32_t)cf_rng_below(r, 221); /* kg/m3, so g / density = litres */
    od->volume_l = (int32_t)cf_gen_div_ceil(od->weight_g, density);

    u = (int)cf_rng_below(r, 100);
    od->tw_start = od->tw_end = -1;
    if (u < 30) {
        /* no window */
    } else if (u < 55) {
        od->tw_start = 540, od->tw_end = 720;
    } else if (u < 75) {
        od->tw_start = 840, od->tw_end = 1080;
    } else if (u < 87) {
        od->tw_start = 1080, od->tw_end = 1260;
    } else {
        int len = g->o->tight ? 60 : 120;
        od->tw_start = 540 + 30 * (int)cf_rng_below(r, (uint32_t)((1260 - len - 540) / 30 + 1));
        od->tw_end = od->tw_start + len;
    }
    od->service_min = od->weight_g >= 30000 ? 10 : 2 + (int)cf_rng_below(r, 9);
    od->skills = 0;
    if (cf_rng_below(r, 100) < 8) od->skills |= SKILL_COLD;
    if (cf_rng_below(r, 100) < 4) od->skills |= SKILL_ALCOHOL;
    od->penalty = cf_rng_below(r, 100) < 3 ? 2000 + 500 * (int32_t)cf_rng_below(r, 13) : 0;
    od->depot = -1;
    if (cf_rng_below(r, 1000) < 15) od->depot = cr->homes[cf_rng_below(r, (uint32_t)cr->n_homes)];
    if (od->depot >= 0) {
        od->home = od->depot;
    } else {
        od->home = cr->homes[0];
        for (int h = 1; h < cr->n_homes; h++) {
            const gen_depot *a = &g->depots[od->home], *b = &g->depots[cr->homes[h]];
            if (cf_gen_dist2(od->x_m, od->y_m, b->x_m, b->y_m) <
                cf_gen_dist2(od->x_m, od->y_m, a->x_m, a->y_m))
                od->home = cr->homes[h];
        }
    }
}

/* ---- fleet sizing (datasets/README.md, "How the fleet is sized") ---- */

typedef struct home_demand {
    long n, n_cold;
    int64_t weight_g, volume_l;
} home_demand;

cf_status cf_gen_add_vrow(gen_state *g, const veh_type *t, int courier, int depot, int count,
                          cf_err *err)
{
    if (count <= 0) return CF_OK;
    if (g->n_vrows == g->cap_vrows) {
        int n = g->cap_vrows ? 2 * g->cap_vrows : 64;
        gen_vrow *v = cf_reallocarray(g->vrows, (size_t)n, sizeof *v);
        if (!v) return cf_err_set(err, CF_ENOMEM, "gen: cannot allocate %d vehicle rows", n);
        g->vrows = v;
        g->cap_vrows = n;
    }
    g->vrows[g->n_vrows++] = (gen_vrow){t, courier, depot, count, 0, -1, -1, -1, -1, -1};
    return CF_OK;
}

static cf_status make_fleet(gen_state *g, cf_err *err)
{
    int k = g->o->n_couriers, nd = g->o->n_depots, n_courier_veh = 0;
    bool tight = g->o->tight;
    long stops = tight ? 40 : 25, cold_stops = tight ? 30 : 15;
    int util_pct = tight ? 90 : 60, depot_pct = tight ? 115 : 150;
    home_demand *hd = cf_calloc((size_t)k * (size_t)nd, sizeof *hd);
    int64_t *dep_g = cf_calloc((size_t)nd, sizeof *dep_g),
            *dep_l = cf_calloc((size_t)nd, sizeof *dep_l);
    cf_status rc = CF_OK;

    if (!hd || !dep_g || !dep_l) {
        rc = cf_err_set(err, CF_ENOMEM, "gen: cannot allocate the demand tables");
        goto done;
    }
    for (long i = 0; i < g->o->n_orders; i++) {
        const gen_order *od = &g->orders[i];
        home_demand *h = &hd[od->courier * nd + od->home];
        h->n++;
        h->n_cold += (od->skills & SKILL_COLD) != 0;
        h->weight_g += od->weight_g;
        h->volume_l += od->volume_l;
    }
    for (int c = 0; c < k; c++) {
        const gen_courier *cr = &g->couriers[c];
        const veh_type *van = c % 3 == 2 ? &cf_gen_type_ev : &cf_gen_type_van;
        for (int j = 0; j < cr->n_homes; j++) {
            int d = cr->homes[j];
            const home_demand *h = &hd[c * nd + d];
            int64_t need = cf_gen_div_ceil(h->n, stops), n_cold, general, trucks;
            int64_t by_w =
                cf_gen_div_ceil(h->weight_g * 100, (int64_t)util_pct * van->cap_kg * 1000);
            int64_t by_v = cf_gen_div_ceil(h->volume_l * 100, (int64_t)util_pct * van->cap_l);
            if (by_w > need) need = by_w;
            if (by_v > need) need = by_v;
            /* At least one cold van (which also holds the alcohol licence) per home with
             * orders, so that every skill combination has a vehicle even in `separate`. */
            n_cold = h->n ? cf_gen_div_ceil(h->n_cold, cold_stops) : 0;
            if (h->n && n_cold < 1) n_cold = 1;
            general = need - n_cold;
            if (general < 1) general = 1;
            trucks = general >= 4 ? general / 4 : 0;
            if ((rc = cf_gen_add_vrow(g, van, c, d, (int)(general - trucks), err)) ||
                (rc = cf_gen_add_vrow(g, &cf_gen_type_truck, c, d, (int)trucks, err)) ||
                (rc = cf_gen_add_vrow(g, &cf_gen_type_cold, c, d, (int)n_cold, err)))
                goto done;
            n_courier_veh += (int)(general + n_cold);
            dep_g[d] += h->weight_g;
            dep_l[d] += h->volume_l;
        }
    }
    for (int d = 0; d < nd; d++) {
        gen_depot *dp = &g->depots[d];
        if (dp->shared_fleet) {
            int vans = n_courier_veh / (tight ? 25 : 12);
            if (vans < (tight ? 1 : 2)) vans = tight ? 1 : 2;
            if ((rc = cf_gen_add_vrow(g, &cf_gen_type_shared_van, -1, d, vans, err)) ||
                (rc = cf_gen_add_vrow(g, &cf_gen_type_shared_cold, -1, d, 1, err)))
                goto done;
        }
        /* Odd DCs have a throughput limit: a margin over the demand of their couriers. */
        if (d % 2 == 1 && dep_g[d] > 0) {
            dp->cap_g = 1000 * 500 * cf_gen_div_ceil(dep_g[d] * depot_pct, 100 * 1000 * 500);
            dp->cap_l = 1000 * 5 * cf_gen_div_ceil(dep_l[d] * depot_pct, 100 * 1000 * 5);
        }
    }
done:
    cf_free(hd);
    cf_free(dep_g);
    cf_free(dep_l);
    return rc;
}

/* ---- writing ---- */

typedef struct gen_file {
    FILE *f;
    char path[4096], tmp[4104];
} gen_file;

static cf_status file_open(gen_file *gf, const char *dir, const char *name, cf_err *err)
{
    int n = snprintf(gf->path, sizeof gf->path, "%s/%s", dir, name);
    gf->f = NULL;
    if (n < 0 || (size_t)n >= sizeof gf->path)
        return cf_err_set(err, CF_EIO, "cannot create '%s/%s': path too long", dir, name);
    snprintf(gf->tmp, sizeof gf->tmp, "%s.tmp", gf->path);
    gf->f = fopen(gf->tmp, "w");
    if (!gf->f) return cf_err_set(err, CF_EIO, "cannot create '%s': %s", gf->tmp, strerror(errno));
    return CF_OK;
}

/* Closes, and on success renames into place; on any failure removes the temporary. */
static cf_status file_close(gen_file *gf, cf_status rc, cf_err *err)
{
    int werr;
    if (!gf->f) return rc;
    werr = ferror(gf->f);
    if (fclose(gf->f) != 0 || werr) {
        if (rc == CF_OK)
            rc = cf_err_set(err, CF_EIO, "cannot write '%s': %s", gf->tmp,
                            errno ? strerror(errno) : "write error");
    }
    gf->f = NULL;
    if (rc == CF_OK && rename(gf->tmp, gf->path) != 0)
        rc = cf_err_set(err, CF_EIO, "cannot rename '%s' to '%s': %s", gf->tmp, gf->path,
                        strerror(errno));
    if (rc != CF_OK) remove(gf->tmp);
    return rc;
}

/* v / 10^dec with exactly dec decimals, or with trailing zeros dropped when trim. */
static void put_fixed(FILE *f, int64_t v, int dec, bool trim)
{
    int64_t scale = 1;
    char frac[24];
    int n;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    if (v < 0) {
        fputc('-', f);
        v = -v;
    }
    fprintf(f, "%lld", (long long)(v / scale));
    if (dec == 0) return;
    snprintf(frac, sizeof frac, "%0*lld", dec, (long long)(v % scale));
    n = dec;
    if (trim)
        while (n > 0 && frac[n - 1] == '0')
            n--;
    if (n > 0) fprintf(f, ".%.*s", n, frac);
}

static void put_time(FILE *f, int min)
{
    if (min >= 0) fprintf(f, "%02d:%02d", min / 60, min % 60);
}

/* lat,lon in degrees (6 decimals, about 0.1 m), or x,y in km from the box's
 * south-west corner (3 decimals: metres). */
static void put_coords(FILE *f, const gen_state *g, int32_t x, int32_t y, int32_t lat_ud,
                       int32_t lon_ud)
{
    if (g->o->coords == CF_COORD_PLANE) {
        put_fixed(f, x + HALF_M, 3, false);
        fputc(',', f);
        put_fixed(f, y + HALF_M, 3, false);
        return;
    }
    put_fixed(f, lat_ud, 6, false);
    fputc(',', f);
    put_fixed(f, lon_ud, 6, false);
}

static const char *coord_header(const gen_state *g)
{
    return g->o->coords == CF_COORD_PLANE ? "x,y" : "lat,lon";
}

static void put_skills(FILE *f, unsigned skills)
{
    if (skills & SKILL_COLD) fputs("cold_chain", f);
    if ((skills & SKILL_COLD) && (skills & SKILL_ALCOHOL)) fputc(';', f);
    if (skills & SKILL_ALCOHOL) fputs("alcohol", f);
}

static cf_status write_orders(const gen_state *g, const char *dir, cf_err *err)
{
    gen_file gf;
    cf_status rc = file_open(&gf, dir, "orders.csv", err);
    int width = 5;
    for (long n = g->o->n_orders; n >= 100000; n /= 10)
        width++;
    if (rc) return rc;
    fprintf(gf.f, "id,courier,%s,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n",
            coord_header(g));
    for (long i = 0; i < g->o->n_orders; i++) {
        const gen_order *od = &g->orders[i];
        const gen_courier *cr = &g->couriers[od->courier];
        fprintf(gf.f, "%s-%0*ld,", cr->code, width, i + 1);
        cf_csv_put_field(gf.f, cr->id);
        fputc(',', gf.f);
        put_coords(gf.f, g, od->x_m, od->y_m, to_lat_ud(g->city, od->y_m),
                   to_lon_ud(g->city, od->x_m));
        fputc(',', gf.f);
        put_fixed(gf.f, od->weight_g / 100, 1, true);
        fputc(',', gf.f);
        put_fixed(gf.f, od->volume_l, 3, true);
        fputc(',', gf.f);
        put_time(gf.f, od->tw_start);
        fputc(',', gf.f);
        put_time(gf.f, od->tw_end);
        fprintf(gf.f, ",%d,", od->service_min);
        put_skills(gf.f, od->skills);
        fputc(',', gf.f);
        if (od->penalty) fprintf(gf.f, "%ld", (long)od->penalty);
        fputc(',', gf.f);
        if (od->depot >= 0) cf_csv_put_field(gf.f, g->depots[od->depot].id);
        fputc('\n', gf.f);
    }
    return file_close(&gf, rc, err);
}

static void put_courier_list(FILE *f, const gen_state *g, uint64_t set)
{
    bool first = true;
    for (int c = 0; c < g->o->n_couriers; c++) {
        if (!(set & ((uint64_t)1 << c))) continue;
        if (!first) fputc(';', f);
        fputs(g->couriers[c].id, f);
        first = false;
    }
}

static cf_status write_depots(const gen_state *g, const char *dir, cf_err *err)
{
    gen_file gf;
    cf_status rc = file_open(&gf, dir, "depots.csv", err);
    int k = g->o->n_couriers;
    uint64_t all = k == 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
    if (rc) return rc;
    fprintf(gf.f, "id,name,%s,open,close,cap_weight,cap_volume,fixed_cost,couriers\n",
            coord_header(g));
    for (int d = 0; d < g->o->n_depots; d++) {
        const gen_depot *dp = &g->depots[d];
        cf_csv_put_field(gf.f, dp->id);
        fputc(',', gf.f);
        cf_csv_put_field(gf.f, dp->name);
        fputc(',', gf.f);
        put_coords(gf.f, g, dp->x_m, dp->y_m, dp->lat_ud, dp->lon_ud);
        fputc(',', gf.f);
        put_time(gf.f, dp->open);
        fputc(',', gf.f);
        put_time(gf.f, dp->close);
        fputc(',', gf.f);
        if (dp->cap_g) put_fixed(gf.f, cf_gen_div_ceil(dp->cap_g, 100), 1, true);
        fputc(',', gf.f);
        if (dp->cap_l) put_fixed(gf.f, dp->cap_l, 3, true);
        fputc(',', gf.f);
        if (dp->fixed_cost >= 0) fprintf(gf.f, "%d", dp->fixed_cost);
        fputc(',', gf.f);
        if (dp->allowed != all) put_courier_list(gf.f, g, dp->allowed);
        fputc('\n', gf.f);
    }
    return file_close(&gf, rc, err);
}

static cf_status write_vehicles(const gen_state *g, const char *dir, cf_err *err)
{
    gen_file gf;
    cf_status rc = file_open(&gf, dir, "vehicles.csv", err);
    if (rc) return rc;
    fprintf(gf.f, "id,courier,depot,count,cap_weight,cap_volume,fixed_cost,cost_per_km,"
                  "cost_per_hour,shift_start,shift_end,max_duration_min,max_distance_km,"
                  "speed_kmh,skills\n");
    for (int i = 0; i < g->n_vrows; i++) {
        const gen_vrow *v = &g->vrows[i];
        const veh_type *t = v->type;
        const char *owner = v->courier >= 0 ? g->couriers[v->courier].id : "";
        int max_dur = v->max_duration_min >= 0 ? v->max_duration_min : t->max_duration_min;
        int max_km = v->max_distance_km >= 0 ? v->max_distance_km : t->max_distance_km;
        int speed = v->speed_kmh >= 0 ? v->speed_kmh : t->speed_kmh;
        fprintf(gf.f, "%s-%s-%s", v->courier >= 0 ? owner : "shared", g->depots[v->depot].id,
                t->suffix);
        if (v->num > 0) fprintf(gf.f, "-%02d", v->num);
        fputc(',', gf.f);
        cf_csv_put_field(gf.f, owner);
        fputc(',', gf.f);
        cf_csv_put_field(gf.f, g->depots[v->depot].id);
        fprintf(gf.f, ",%d,%ld,", v->count, (long)t->cap_kg);
        put_fixed(gf.f, t->cap_l, 3, true);
        fprintf(gf.f, ",%d,%d,%d,", t->fixed_cost, t->cost_per_km, t->cost_per_hour);
        put_time(gf.f, v->shift_start >= 0 ? v->shift_start : t->shift_start);
        fputc(',', gf.f);
        put_time(gf.f, v->shift_end >= 0 ? v->shift_end : t->shift_end);
        fputc(',', gf.f);
        if (max_dur) fprintf(gf.f, "%d", max_dur);
        fputc(',', gf.f);
        if (max_km) fprintf(gf.f, "%d", max_km);
        fputc(',', gf.f);
        if (speed) fprintf(gf.f, "%d", speed);
        fputc(',', gf.f);
        cf_csv_put_field(gf.f, t->skills);
        fputc('\n', gf.f);
    }
    return file_close(&gf, rc, err);
}

static cf_status write_couriers(const gen_state *g, const char *dir, cf_err *err)
{
    gen_file gf;
    cf_status rc = file_open(&gf, dir, "couriers.csv", err);
    if (rc) return rc;
    fprintf(gf.f, "id,name,share\n");
    for (int c = 0; c < g->o->n_couriers; c++) {
        cf_csv_put_field(gf.f, g->couriers[c].id);
        fputc(',', gf.f);
        cf_csv_put_field(gf.f, g->couriers[c].name);
        fprintf(gf.f, ",%s\n", g->couriers[c].share ? "yes" : "no");
    }
    return file_close(&gf, rc, err);
}

static cf_status write_ini(const gen_state *g, const char *dir, cf_err *err)
{
    const cf_gen_opts *o = g->o;
    gen_file gf;
    cf_status rc = file_open(&gf, dir, "scenario.ini", err);
    int limit = o->n_orders <= 1000 ? 20 : o->n_orders <= 5000 ? 60 : 120;
    char flags[1024], *planted;
    if (rc) return rc;
    /* The options, not argv, so the file does not depend on the output path; the
     * planted knobs on a line of their own (the ini reader takes 200 bytes a line). */
    cf_gen_opts_format(o, flags, sizeof flags);
    if ((planted = strstr(flags, " --planted")) != NULL) *planted++ = '\0';
    fprintf(gf.f, "; generated by: cofleet gen DIR %s%s\n", flags, planted ? " \\" : "");
    if (planted) fprintf(gf.f, ";     %s\n", planted);
    fprintf(gf.f, "; currency: yen; CO2 factor: a light diesel delivery van\n[scenario]\n");
    if (o->name)
        fprintf(gf.f, "name = %s\n", o->name);
    else
        fprintf(gf.f, "name = %s%s-%ld\n", o->planted ? "planted-" : "", g->city->key, o->n_orders);
    fprintf(gf.f, "sharing = pooled\ntime_limit = %d\nseed = %llu\n", limit,
            (unsigned long long)o->seed);
    if (o->coords == CF_COORD_LATLON) fprintf(gf.f, "road_factor = 1.3\n");
    fprintf(gf.f, "co2_kg_per_km = 0.3\n");
    return file_close(&gf, rc, err);
}

/* ---- the API ---- */

static const char *const scenario_files[] = {"couriers.csv", "depots.csv", "vehicles.csv",
                                             "orders.csv", "scenario.ini"};

/* The knobs of planted scenarios: one table for the defaults, the ranges,
 * the command line and the recorded command of scenario.ini. */
static const struct {
    const char *flag; /* without "--" */
    size_t off;       /* an int of cf_gen_opts */
    int min, max, def;
} knobs[] = {
    {"cold", offsetof(cf_gen_opts, cold_pct), 0, 100, 10},
    {"alcohol", offsetof(cf_gen_opts, alcohol_pct), 0, 100, 4},
    {"optional", offsetof(cf_gen_opts, optional_pct), 0, 100, 5},
    {"tw-share", offsetof(cf_gen_opts, tw_share_pct), 0, 100, 40},
    {"tw-width", offsetof(cf_gen_opts, tw_width_min), 15, 240, 60},
    {"dc-slack", offsetof(cf_gen_opts, dc_slack_pct), 0, 1000, 5},
    {"spare", offsetof(cf_gen_opts, spare_pct), 0, 1000, 10},
    {"slack", offsetof(cf_gen_opts, slack_min), 0, 240, 15},
};

static int *knob(cf_gen_opts *o, int k)
{
    return (int *)(void *)((char *)o + knobs[k].off);
}

static int knob_value(const cf_gen_opts *o, int k)
{
    return *(const int *)(const void *)((const char *)o + knobs[k].off);
}

void cf_gen_opts_default(cf_gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_orders = 600;
    o->n_couriers = 4;
    o->n_depots = 5;
    o->seed = 1;
    o->coords = CF_COORD_LATLON;
    for (int k = 0; k < COUNT_OF(knobs); k++)
        *knob(o, k) = knobs[k].def;
}

static const gen_city *find_city(const char *key)
{
    for (int i = 0; i < COUNT_OF(cities); i++)
        if (strcmp(cities[i].key, key ? key : "tokyo") == 0) return &cities[i];
    return NULL;
}

cf_status cf_gen_opts_check(const cf_gen_opts *o, cf_err *err)
{
    if (o->n_orders < 1 || o->n_orders > CF_GEN_MAX_ORDERS)
        return cf_err_set(err, CF_EINVAL, "orders: '%ld' must be in [1, %ld]", o->n_orders,
                          CF_GEN_MAX_ORDERS);
    if (o->n_couriers < 1 || o->n_couriers > CF_MAX_COURIERS)
        return cf_err_set(err, CF_EINVAL, "couriers: '%d' must be in [1, %d]", o->n_couriers,
                          CF_MAX_COURIERS);
    if (o->n_depots < 1 || o->n_depots > CF_GEN_MAX_DEPOTS)
        return cf_err_set(err, CF_EINVAL, "depots: '%d' must be in [1, %d]", o->n_depots,
                          CF_GEN_MAX_DEPOTS);
    if (o->n_unshared < 0 || o->n_unshared > o->n_couriers)
        return cf_err_set(err, CF_EINVAL, "unshared: '%d' must be in [0, %d] (the couriers)",
                          o->n_unshared, o->n_couriers);
    if (o->coords != CF_COORD_LATLON && o->coords != CF_COORD_PLANE)
        return cf_err_set(err, CF_EINVAL, "coords: must be latlon or plane");
    if (!find_city(o->city))
        return cf_err_set(err, CF_EINVAL, "city: '%s' is not one of tokyo, osaka", o->city);
    if (o->name && (!*o->name || strpbrk(o->name, "\r\n") || strlen(o->name) >= 128))
        return cf_err_set(err, CF_EINVAL, "name: must be one line of 1 to 127 bytes");
    for (int k = 0; k < COUNT_OF(knobs); k++) {
        int v = knob_value(o, k);
        if (v < knobs[k].min || v > knobs[k].max)
            return cf_err_set(err, CF_EINVAL, "%s: '%d' must be in [%d, %d]", knobs[k].flag, v,
                              knobs[k].min, knobs[k].max);
        if (!o->planted && v != knobs[k].def)
            return cf_err_set(err, CF_EINVAL, "%s: applies only to planted scenarios (--planted)",
                              knobs[k].flag);
    }
    if (o->tw_width_min % 15)
        return cf_err_set(err, CF_EINVAL, "tw-width: '%d' must be a multiple of 15",
                          o->tw_width_min);
    if (o->planted && o->tight)
        return cf_err_set(err, CF_EINVAL,
                          "tight: does not apply to planted scenarios (their knobs set the "
                          "margins)");
    return CF_OK;
}

/* A whole number in [min, max]; rejects signs, blanks and trailing text. */
static cf_status parse_count(const char *flag, const char *s, unsigned long long min,
                             unsigned long long max, unsigned long long *out, cf_err *err)
{
    if (cf_parse_whole(s, min, max, out)) return CF_OK;
    return cf_err_set(err, CF_EINVAL, "--%s: '%s' must be a whole number in [%llu, %llu]", flag,
                      s ? s : "", min, max);
}

cf_status cf_gen_opts_parse(cf_gen_opts *o, int argc, char *const *argv, const char **dir,
                            cf_err *err)
{
    static const char *const valued[] = {"orders", "couriers", "depots", "seed",
                                         "coords", "city",     "name",   "unshared"};
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i], *val, *eq;
        char flag[32];
        unsigned long long v = 0;
        size_t len;
        int kn = -1;
        bool known = false;
        cf_status rc = CF_OK;

        if (strncmp(arg, "--", 2) != 0 || !arg[2]) {
            if (!dir) return cf_err_set(err, CF_EINVAL, "unexpected argument '%s'", arg);
            if (*dir)
                return cf_err_set(err, CF_EINVAL, "one OUT_DIR expected, got '%s' and '%s'", *dir,
                                  arg);
            *dir = arg;
            continue;
        }
        /* --flag VALUE or --flag=VALUE */
        eq = strchr(arg, '=');
        len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (len >= sizeof flag) len = sizeof flag - 1;
        memcpy(flag, arg + 2, len);
        flag[len] = '\0';
        if (!eq && strcmp(flag, "tight") == 0) {
            o->tight = true;
            continue;
        }
        if (!eq && strcmp(flag, "planted") == 0) {
            o->planted = true;
            continue;
        }
        for (int k = 0; k < COUNT_OF(valued) && !known; k++)
            known = strcmp(flag, valued[k]) == 0;
        for (int k = 0; k < COUNT_OF(knobs) && !known; k++)
            if (strcmp(flag, knobs[k].flag) == 0) known = true, kn = k;
        if (!known) return cf_err_set(err, CF_EINVAL, "unknown option '%s'", arg);
        if (eq)
            val = eq + 1;
        else if (i + 1 < argc)
            val = argv[++i];
        else
            return cf_err_set(err, CF_EINVAL, "--%s needs a value", flag);
        if (kn >= 0) {
            rc = parse_count(flag, val, (unsigned long long)knobs[kn].min,
                             (unsigned long long)knobs[kn].max, &v, err);
            *knob(o, kn) = (int)v;
        } else if (strcmp(flag, "orders") == 0) {
            rc = parse_count(flag, val, 1, (unsigned long long)CF_GEN_MAX_ORDERS, &v, err);
            o->n_orders = (long)v;
        } else if (strcmp(flag, "couriers") == 0) {
            rc = parse_count(flag, val, 1, CF_MAX_COURIERS, &v, err);
            o->n_couriers = (int)v;
        } else if (strcmp(flag, "depots") == 0) {
            rc = parse_count(flag, val, 1, CF_GEN_MAX_DEPOTS, &v, err);
            o->n_depots = (int)v;
        } else if (strcmp(flag, "unshared") == 0) {
            rc = parse_count(flag, val, 0, CF_MAX_COURIERS, &v, err);
            o->n_unshared = (int)v;
        } else if (strcmp(flag, "seed") == 0) {
            rc = parse_count(flag, val, 0, ~0ULL, &v, err);
            o->seed = (uint64_t)v;
        } else if (strcmp(flag, "coords") == 0) {
            if (strcmp(val, "latlon") == 0)
                o->coords = CF_COORD_LATLON;
            else if (strcmp(val, "plane") == 0)
                o->coords = CF_COORD_PLANE;
            else
                rc = cf_err_set(err, CF_EINVAL, "--coords: '%s' must be latlon or plane", val);
        } else if (strcmp(flag, "city") == 0) {
            o->city = val;
        } else {
            o->name = val;
        }
        if (rc != CF_OK) return rc;
    }
    return CF_OK;
}

char *cf_gen_opts_format(const cf_gen_opts *o, char *buf, size_t size)
{
    const gen_city *c = find_city(o->city);
    size_t n = 0;
#define PUT(...)                                                                                   \
    do {                                                                                           \
        int w_ = snprintf(buf + n, size - n, __VA_ARGS__);                                         \
        if (w_ > 0) n = (size_t)w_ < size - n ? n + (size_t)w_ : size - 1;                         \
    } while (0)
    if (!size) return buf;
    buf[0] = '\0';
    PUT("--orders %ld --couriers %d --depots %d --seed %llu --coords %s --city %s", o->n_orders,
        o->n_couriers, o->n_depots, (unsigned long long)o->seed,
        o->coords == CF_COORD_PLANE ? "plane" : "latlon", c ? c->key : o->city);
    if (o->name) PUT(" --name %s", o->name);
    if (o->tight) PUT(" --tight");
    if (o->n_unshared) PUT(" --unshared %d", o->n_unshared);
    if (o->planted) {
        PUT(" --planted");
        for (int k = 0; k < COUNT_OF(knobs); k++)
            PUT(" --%s %d", knobs[k].flag, knob_value(o, k));
    }
#undef PUT
    return buf;
}

static void fill_stats(gen_state *g)
{
    cf_gen_stats *st = &g->st;
    int k = g->o->n_couriers;
    uint64_t all = k == 64 ? ~(uint64_t)0 : ((uint64_t)1 << k) - 1;
    st->n_orders = g->o->n_orders;
    st->n_couriers = k;
    st->n_depots = g->o->n_depots;
    for (long i = 0; i < g->o->n_orders; i++) {
        const gen_order *od = &g->orders[i];
        st->n_orders_of[od->courier]++;
        st->n_cold += (od->skills & SKILL_COLD) != 0;
        st->n_alcohol += (od->skills & SKILL_ALCOHOL) != 0;
        st->n_optional += od->penalty != 0;
        st->n_fixed_depot += od->depot >= 0;
        st->n_with_tw += od->tw_start >= 0;
        st->demand_g += od->weight_g;
        st->demand_l += od->volume_l;
    }
    for (int d = 0; d < g->o->n_depots; d++) {
        st->n_depots_finite += g->depots[d].cap_g > 0;
        st->n_depots_all_couriers += g->depots[d].allowed == all;
        st->depot_cap_g += g->depots[d].cap_g;
    }
    st->n_vehicle_rows = g->n_vrows;
    for (int i = 0; i < g->n_vrows; i++) {
        const gen_vrow *v = &g->vrows[i];
        st->n_vehicles += v->count;
        if (v->courier < 0) st->n_shared_vehicles += v->count;
        st->fleet_g += (int64_t)v->count * v->type->cap_kg * 1000;
        st->fleet_l += (int64_t)v->count * v->type->cap_l;
    }
}

cf_status cf_gen_scenario_stats(const char *dir, const cf_gen_opts *o, cf_gen_stats *st,
                                cf_err *err)
{
    gen_state *g = NULL;
    cf_status rc;
    cf_rng r;

    if ((rc = cf_gen_opts_check(o, err)) != CF_OK) return rc;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cf_err_set(err, CF_EIO, "cannot create directory '%s': %s", dir, strerror(errno));
    g = cf_calloc(1, sizeof *g);
    if (!g) return cf_err_set(err, CF_ENOMEM, "gen: cannot allocate the generator state");
    g->o = o;
    g->city = find_city(o->city);
    g->orders = cf_calloc((size_t)o->n_orders, sizeof *g->orders);
    if (!g->orders) {
        rc = cf_err_set(err, CF_ENOMEM, "gen: cannot allocate %ld orders", o->n_orders);
        goto done;
    }
    make_couriers(g);
    make_depots(g);
    cf_rng_seed(&r, o->seed, STREAM_ORDERS);
    for (long i = 0; i < o->n_orders; i++)
        make_order(g, &r, &g->orders[i]);
    rc = o->planted ? cf_gen_plant(g, err) : make_fleet(g, err);
    if (rc != CF_OK) goto done;
    if ((rc = write_couriers(g, dir, err)) != CF_OK || (rc = write_depots(g, dir, err)) != CF_OK ||
        (rc = write_vehicles(g, dir, err)) != CF_OK || (rc = write_orders(g, dir, err)) != CF_OK ||
        (rc = write_ini(g, dir, err)) != CF_OK)
        goto done;
    if (o->planted && (rc = cf_gen_plant_write(g, dir, err)) != CF_OK) {
        /* The scenario without its plan is not what was asked for: take it back. */
        for (int i = 0; i < COUNT_OF(scenario_files); i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, scenario_files[i]);
            remove(path);
        }
        goto done;
    }
    fill_stats(g);
    if (st) *st = g->st;
done:
    if (g) {
        cf_free(g->orders);
        cf_free(g->vrows);
        cf_free(g->routes);
        cf_free(g->route_orders);
        cf_free(g);
    }
    return rc;
}

cf_status cf_gen_scenario(const char *dir, const cf_gen_opts *o, cf_err *err)
{
    return cf_gen_scenario_stats(dir, o, NULL, err);
}
