/*
 * The independent checker: recomputes every constraint of models/problem.h
 * (rules 1-10) and every cost from the problem and the solution alone.  It
 * shares no code with the solver's incremental evaluation, so that it can
 * catch the solver's mistakes.  (Extended API: see the rest of this header.)
 */
#ifndef CF_MODELS_CHECK_H
#define CF_MODELS_CHECK_H

#include "models/err.h"
#include "models/problem.h"
#include "models/solution.h"

/* CF_OK when s is a valid solution of p: every order routed exactly once or
 * unassigned with a reason, every route within rules 1-9.  Otherwise
 * CF_EINFEAS with the first violation in err->msg ("vehicle 'van#2': order
 * 'o17' starts at 10:41 after its window ends at 10:30"). */
cf_status cf_solution_check(const cf_problem *p, const cf_solution *s, cf_err *err);

#endif
