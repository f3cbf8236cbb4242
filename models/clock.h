/*
 * The one clock of the project: monotonic wall-clock seconds, for time
 * limits and the elapsed times of reports.  Never for anything that steers
 * a search under a work limit (--iterations), which must stay repeatable.
 */
#ifndef CF_MODELS_CLOCK_H
#define CF_MODELS_CLOCK_H

#include <time.h>

static inline double cf_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
