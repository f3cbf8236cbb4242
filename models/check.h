/*
 * The independent checker: recomputes every constraint of models/problem.h
 * (rules 1-10) and every cost from the problem and the solution alone.  It
 * shares no code with the solver's incremental evaluation, so that it can
 * catch the solver's mistakes.  Routes are evaluated by models/eval.h.
 *
 * What it checks, each as a violation with a message a person can act on:
 *   - structure: s->first/next form disjoint, acyclic lists of valid order
 *     indexes; s->vehicle agrees with the lists; each order on at most one
 *     route; a routed order has reason none, an unassigned one a real reason;
 *   - per used vehicle: rules 2 (time windows), 4 (back by shift end and DC
 *     close), 5 (leaves at a whole minute, not before shift start and DC
 *     open), 6 (max duration, max distance), 7 (capacity in each dimension),
 *     8 (skills, DC courier list, fixed DC, sharing policy);
 *   - rule 9: each DC's routed demand within its capacity;
 *   - the cost: every route's and the plan's (routes plus the penalties of
 *     unrouted optional orders) fit cf_cost, summed with overflow checks,
 *     and none is negative;
 *   - unassigned orders: the static reasons are verified against the data
 *     (no_allowed_depot, no_vehicle_with_skills, sharing_rules,
 *     over_vehicle_capacity; see cf_solution_check_all).
 * Rule 10 is relaxed as the plan format requires: a mandatory order that
 * cannot be served may stay unassigned when it carries a reason (the plan
 * lists it for a person to act on); it pays no penalty.
 */
#ifndef CF_MODELS_CHECK_H
#define CF_MODELS_CHECK_H

#include <stdbool.h>

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

/* CF_OK when s is a valid solution of p: every order routed exactly once or
 * unassigned with a reason, every route within rules 1-9.  Otherwise
 * CF_EINFEAS with the first violation in err->msg ("vehicle 'van#2': order
 * 'o17' starts at 10:41 after its window ends at 10:30").  Also CF_ENOMEM
 * (scratch memory), CF_EINVAL (s was not sized for p). */
cf_status cf_solution_check(const cf_problem *p, const cf_solution *s, cf_err *err);

/* A list of violation messages, one line each, in the order found. */
typedef struct cf_violations {
    char **msg; /* [len] owned copies */
    int len;    /* messages stored */
    int cap;    /* room in msg */
    int keep;   /* store at most this many (0: CF_VIOLATIONS_KEEP); the rest are only counted */
    long total; /* violations found, stored or not */
    bool oom;   /* a message was dropped for lack of memory (still counted) */
} cf_violations;

#define CF_VIOLATIONS_KEEP 100000

void cf_violations_init(cf_violations *v);
void cf_violations_release(cf_violations *v);
/* Counts one violation and stores its printf-formatted message. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void cf_violations_add(cf_violations *v, const char *fmt, ...);

/* Runs every check and appends one message per violation to out (which the
 * caller initialised; it may already hold messages).  The reason of every
 * unassigned order is tested as the statement models/solution.h makes it:
 * the static reasons are filters over the vehicles, each one stricter than
 * the last, and a reason is false when a vehicle passes its filter:
 *   no_allowed_depot        based at a DC that serves the order's courier
 *                           (and is its fixed DC, if any)
 *   no_vehicle_with_skills  ... with every skill it needs
 *   sharing_rules           ... that may carry it (cf_problem_can_carry)
 *   over_vehicle_capacity   ... with room for it in every dimension
 *   time_window_unreachable ... that serves it alone within rules 2-6
 *   max_distance            ... and within its max distance
 *   depot_capacity          ... at a DC with room for it in this plan
 * penalty_below_cost: the order is optional, its extra cost is at least its
 * penalty, and no insertion the checker finds (every position, the planned
 * or the earliest departure) costs less than either.  not_placed_in_time
 * says what the search did, and is not tested.
 * CF_OK when no violation was added, CF_EINFEAS when some were (err->msg:
 * the count and the first), CF_ENOMEM, CF_EINVAL (s not sized for p). */
cf_status cf_solution_check_all(const cf_problem *p, const cf_solution *s, cf_violations *out,
                                cf_err *err);

#endif
