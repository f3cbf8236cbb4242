/*
 * The coalition view's data: a cost game over the couriers, the coalitions
 * solved to know it, and the splits of the pooled cost between couriers.
 * It is the exchange format between coalition/coalition.c, which computes it,
 * and io/plan/coalition_write.c, which writes it (as models/solution.h is for a
 * plan), so that io/ never needs solver/.  docs/coalition.md explains the
 * semantics; coalition/coalition.h the algorithms.
 *
 * Players are the couriers that bring something to the pool: orders, or a
 * vehicle that may carry someone's order.  A courier with neither is left
 * out of the game (a null player: it changes no coalition's problem).
 * Inside a game (cf_game) a coalition is a bit mask over the players,
 * k = [0, n_players), the grand coalition N = all their bits; everywhere
 * else in the result (coalitions, blocking coalitions, per-courier arrays)
 * masks and indexes are over the problem's couriers, bit c: courier c.
 * Money is cf_cost (micro-currency) unless a name says cents.
 */
#ifndef CF_MODELS_COALITION_H
#define CF_MODELS_COALITION_H

#include <stdbool.h>
#include <stdint.h>

#include "models/kpi.h"
#include "models/problem.h"

/* A cost game known on some coalitions: c(S) for each S in mask[], ascending;
 * c(empty) = 0 is implicit and never stored. */
typedef struct cf_game {
    int n;          /* players, 1 .. CF_MAX_COURIERS */
    int len, cap;   /* coalitions known, room */
    uint64_t *mask; /* [len] ascending, each non-empty and within the n bits */
    cf_cost *cost;  /* [len] c(mask[k]) */
} cf_game;

typedef enum {
    CF_ALLOC_PROPORTIONAL, /* to standalone cost */
    CF_ALLOC_SHAPLEY,      /* exact or by sampled permutations */
    CF_ALLOC_EPM,          /* equal-profit method (Frisk et al. 2010) */
    CF_ALLOC_COUNT
} cf_alloc_method;

static inline const char *cf_alloc_method_str(cf_alloc_method m)
{
    return m == CF_ALLOC_PROPORTIONAL ? "proportional" : m == CF_ALLOC_SHAPLEY ? "shapley" : "epm";
}

/* One coalition that was solved.  Its cost in the game is its plan's
 * objective plus the dedicated-trip price of every mandatory order of its
 * couriers that the plan leaves unserved and that a vehicle hired for it
 * alone could serve (subcontracted; docs/coalition.md, "The game"). */
typedef struct cf_coalition_info {
    uint64_t mask;       /* its couriers */
    int n_orders;        /* orders of its couriers */
    bool shared_fleet;   /* solved with the shared fleet (|S| >= 2, or the grand coalition) */
    uint64_t seed;       /* seed of its solve (derived from the run's seed and mask) */
    double time_limit_s; /* its share of the total time limit (0: none) */
    cf_cost cost;        /* c(S): objective of its plan + subcontract_cost */
    cf_cost subcontract_cost; /* dedicated-trip prices of the orders subcontracted */
    int subcontracted;        /* mandatory orders of its couriers its plan leaves unserved and a
                                 hired vehicle could serve alone */
    cf_cost closed_cost; /* after the subadditive closure (<= cost) */
    uint64_t split;      /* closure: a part A with closed_cost = c(A) + c(S \ A); 0: none */
    int vehicles_used, orders_served, orders_unassigned, mandatory_unassigned;
    double km;
    long iterations; /* search iterations, all streams */
    double elapsed_s;
    bool stopped_by_time; /* its time share ended the search (results then depend on timing) */
    int not_reached;      /* orders the solve did not place in time (not_placed_in_time): its
                             cost leaves them out, so it understates the coalition's */
} cf_coalition_info;

/* A coalition that would rather leave an allocation x: x(S) > c(S) + 1 cent. */
typedef struct cf_blocking {
    uint64_t mask; /* its couriers */
    int64_t excess_cents; /* x(S) - c(S), rounded to cents */
} cf_blocking;

typedef struct cf_allocation {
    bool done;       /* computed (asked for, and the coalitions it needs are known) */
    double *value;   /* [n] exact share before rounding, micro-currency (0: left out) */
    int64_t *cents;  /* [n] the share in cents; sums to the pooled cost in cents */
    double *ci95;    /* [n] Shapley by sampling: half-width of the 95% CI, micro; else NULL */
    int samples;     /* Shapley by sampling: permutations drawn; 0: exact */
    double epm_f;    /* EPM: largest difference of relative savings (a fraction) */
    bool least_core; /* EPM: the core was empty, the least core was used instead */
    bool in_core;    /* no known coalition blocks it */
    int n_blocking;
    cf_blocking *blocking; /* [n_blocking] largest excess first */
} cf_allocation;

/* How the pooled plan came about (coalition/coalition.h, phase 2). */
typedef enum {
    CF_GRAND_COLD,       /* solved from scratch; it was at most every known split */
    CF_GRAND_WARM_SPLIT, /* warm-started from the union of the plans of its best split */
    CF_GRAND_WARM_ALONE, /* warm-started from the union of the standalone plans */
    CF_GRAND_ABOVE,      /* above a known split, whose union was no pooled plan (see note) */
} cf_grand_origin;

typedef struct cf_coalition_result {
    int n;                /* the problem's couriers */
    int n_players;        /* couriers in the game */
    int *player_courier;  /* [n_players] courier of player k, ascending */
    uint64_t left_out;    /* couriers left out: no orders and no vehicle that may carry one */
    cf_game game; /* over the players: the costs allocated, closed costs of the coalitions
                     solved, and c(N) = the pooled plan's cost (with its subcontracted orders) */
    int n_coalitions;
    cf_coalition_info *coalitions; /* [n_coalitions] ascending mask, the grand coalition last */

    cf_cost *standalone;         /* [n] c({i}): each courier alone, subcontracting included */
    int *alone_subcontracted;    /* [n] its mandatory orders its own fleet leaves unserved: > 0
                                    means it cannot stand alone */
    cf_cost *alone_subcontract;  /* [n] their dedicated-trip prices, part of standalone */
    cf_kpi_fleet *alone_fleet;   /* [n] its vehicles in its standalone plan */
    cf_kpi_orders *alone_orders; /* [n] its orders in its standalone plan */
    cf_cost standalone_sum;
    cf_cost pooled_cost;  /* c(N): the pooled plan's objective + its subcontracted orders */
    int64_t pooled_cents; /* pooled_cost in cents: what every allocation sums to */

    int closure_adjusted;  /* proper coalitions whose cost the closure lowered */
    cf_cost closure_total; /* sum of those reductions */
    cf_cost closure_max;   /* the largest one */
    cf_grand_origin grand_origin;
    cf_cost grand_cold_cost; /* the pooled solve from scratch */
    cf_cost grand_bound;     /* best split of N into known coalitions (closure); or -1 */
    char grand_note[256];    /* why a warm start was not possible, or "" */

    bool shapley_sampled;  /* n above the exact limit */
    int samples;           /* permutations drawn (sampled) */
    double least_core_eps; /* min eps with x(S) <= c(S) + eps for every known proper S,
                              micro-currency; > 1 cent: the core is empty */
    bool core_empty;
    cf_allocation alloc[CF_ALLOC_COUNT];

    int threads; /* threads used for the coalition solves */
    double elapsed_s;
    int n_stopped_by_time; /* solves whose time share ended the search */
    int n_cut_short;       /* solves with not_reached > 0 */
    bool stopped_by_signal;
} cf_coalition_result;

#endif
