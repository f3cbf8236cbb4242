/*
 * The search: its tunable parameters, the granular local search (Vidal et
 * al. 2013, section 4.4; HGS-CVRP's LocalSearch with SWAP*, Vidal 2022),
 * and one iteration of the ruin-and-recreate metaheuristic that drives it
 * (Christiaens and Vanden Berghe 2020: string removals, greedy insertion
 * with blinks, simulated-annealing acceptance) with penalised capacity and
 * a repair step (Vidal et al. 2012) — the unit of work a stream repeats
 * (solver/parallel.c runs the streams).  docs/algorithms.md has the whole
 * picture and the measurements behind the defaults.
 */
#ifndef CF_SOLVER_SEARCH_H
#define CF_SOLVER_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "models/err.h"
#include "solver/route.h"
#include "solver/worker.h"

typedef struct cf_search_cfg {
    int k;               /* neighbours per order, granular lists */
    int streams;         /* logical search streams, fixed: not the thread count */
    long epoch;          /* iterations of each stream between synchronisations */
    int exchange;        /* epochs between elite exchanges */
    double assign_share; /* share of the time limit for the depot MIP ... */
    double assign_max_s; /* ... and at most this many seconds */
    int ruin_avg;        /* mean number of orders a ruin removes (SISR c-bar) */
    int ruin_max_len;    /* longest removed string (SISR L_max) */
    double ruin_string;  /* probability of a string removal ... */
    double ruin_route;   /* ... of removing a whole short route (else random orders) */
    double ruin_unrouted; /* while mandatory orders are out: probability of a ruin near one */
    int eject_budget;    /* ejection chains per iteration while mandatory orders are out (copies) */
    double ep_rate;      /* while mandatory orders are out: probability of an ejection-pool episode */
    int ep_steps;        /* ... of this many steps */
    double blink;        /* probability of skipping an insertion position */
    double t0_rel;       /* annealing start temperature, x mean cost per routed order */
    double tf_rel;       /* annealing final temperature, same unit */
    bool penalised;      /* search through infeasible plans under adaptive penalties */
    bool penalise_time;  /* ... time limits as well as capacity (else time stays strict) */
    double feasible_target; /* wanted share of local-search results without a violation */
    int penalty_period;  /* iterations between penalty updates */
    double repair;       /* probability of repairing an infeasible candidate (else dropped) */
    bool swap_star;      /* SWAP* between routes whose polar sectors overlap */
    int pool_routes;     /* route pool size for the set-partitioning recombination; 0: off */
    double sp_share;     /* share of the time limit left to the recombination MIP ... */
    double sp_max_s;     /* ... and at most this many seconds */
    long sp_nodes;       /* its branch-and-bound node limit under a work limit */
    double place_share;  /* share of the time limit for placing the starting plan's mandatory
                            orders left out (ejection chains, then the pool) before the search */
} cf_search_cfg;

extern const cf_search_cfg cf_search_defaults;

/* With several DCs, SWAP* pairs each route with this many of its nearest
 * routes (by the centres of their orders): polar sectors around the DCs'
 * centre prune little there. */
#define CF_SWAP_NEAR 4

/* The local search's own memory, per stream. */
typedef struct cf_ls {
    cf_ctx *ctx;
    uint64_t *tested; /* [n] search clock when u's pairs were last tested */
    int *order;       /* [n_active] active orders, shuffled per run */
    int n_active;
    long moves; /* moves applied */
    bool swap_star;
    bool keep_optional;      /* no drop moves: every routed optional order stays */
    uint64_t *tested_rt;     /* [nv] search clock when the route's SWAP* pairs were last tested */
    int *routes;             /* [nv] used vehicles, scratch */
    struct cf_sector *sect;  /* [nv] polar sector of each used route */
    int *near;               /* [nv * CF_SWAP_NEAR] several DCs: each route's nearest routes */
    struct cf_swap_star *ss; /* SWAP* scratch (nbh/swap_star.c) */
} cf_ls;

/* Buffers come from ctx->scratch.  CF_ENOMEM or CF_OK. */
cf_status cf_ls_init(cf_ls *ls, const cf_fleet *f, cf_ctx *ctx, cf_err *err);
/* Same, choosing whether SWAP* runs. */
cf_status cf_ls_init_cfg(cf_ls *ls, const cf_fleet *f, cf_ctx *ctx, bool swap_star, cf_err *err);

/* Applies improving moves of the registry (first improvement, pairs whose
 * routes changed since the pair was last tested), moves of single orders to
 * empty vehicles, and drops of optional orders that cost more than their
 * penalty, until none improves or the context halts.  r stays valid after
 * every move. */
void cf_ls_run(cf_ls *ls, cf_routes *r);

/* One stream of the metaheuristic. */
typedef struct cf_stream {
    cf_ctx ctx;
    cf_ls ls;
    cf_routes cur, cand, best;
    cf_routes tmp[2]; /* scratch of the ejection chains */
    const cf_search_cfg *cfg;
    long it;               /* iterations done */
    long it_total;         /* work limit (0: none) */
    double t_begin, t_end; /* search window for a time-based temperature */
    double temp0, temp_f;
    int *list;    /* [n] scratch for ruin and recreate, and the ejection pool */
    uint16_t *ep_count; /* [n] how often each order failed to find a place (cf_ep_run) */
    int64_t *key; /* [n] */
    cf_penalty w; /* this stream's penalty weights */
    struct cf_recomb *rec; /* this stream's route pool (may be NULL) */
    int n_feas[2], n_seen; /* LS results without load / time violations since the last update */
} cf_stream;

/* cur, cand and best become copies of init. CF_ENOMEM or CF_OK. */
cf_status cf_stream_init(cf_stream *s, const cf_fleet *f, const cf_routes *init,
                         const cf_search_cfg *cfg, uint64_t seed, uint64_t index, cf_err *err);
void cf_stream_release(cf_stream *s);
/* Restarts from r (an elite solution of another stream). */
void cf_stream_adopt(cf_stream *s, const cf_routes *r);
/* One iteration: ruin, recreate, local search, accept or not. */
void cf_stream_iterate(cf_stream *s);

#endif
