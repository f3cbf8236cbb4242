/*
 * Money as people read it: cf_cost (micro-currency) rounded once, to whole
 * cents, half away from zero, and printed from those cents.  Every figure
 * of money that cofleet prints or writes goes through here, so the console,
 * summary.json, the coalition tables and `cofleet check` never disagree by
 * a cent (a double printed with %.2f rounds 0.625 down, the cents up).
 */
#ifndef CF_MODELS_MONEY_H
#define CF_MODELS_MONEY_H

#include <inttypes.h>
#include <stdio.h>

#include "models/problem.h"

#define CF_CENT ((cf_cost)10000) /* micro-currency per cent */

/* Micro-currency to cents, half away from zero. */
static inline int64_t cf_cost_cents(cf_cost c)
{
    return c >= 0 ? (c + CF_CENT / 2) / CF_CENT
                  : -((-c + CF_CENT / 2) / CF_CENT);
}

/* "-12.34" from -1234 cents. */
static inline void cf_cents_fmt(char *buf, size_t size, int64_t cents)
{
    uint64_t a = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
    snprintf(buf, size, "%s%" PRIu64 ".%02" PRIu64, cents < 0 ? "-" : "", a / 100, a % 100);
}

/* The cost in currency units with two decimals. */
static inline void cf_money_fmt(char *buf, size_t size, cf_cost c)
{
    cf_cents_fmt(buf, size, cf_cost_cents(c));
}

/* Buffer size that holds any cf_money_fmt text. */
#define CF_MONEY_BUF 32

#endif
