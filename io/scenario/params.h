/*
 * Run parameters as text: one const table (name, type, default, help) drives
 * scenario.ini parsing, command-line flags, --help-params and docs/params.md
 * (LKH's ReadParameters.c).  Flags override the ini: cf_params.set records
 * what was given explicitly.
 */
#ifndef CF_IO_SCENARIO_PARAMS_H
#define CF_IO_SCENARIO_PARAMS_H

#include <stdbool.h>
#include <stdio.h>

#include "models/err.h"
#include "models/params.h"

/* Every field at its default, nothing marked as set. */
void cf_params_defaults(cf_params *prm);

/* Sets the parameter called `name` (as in scenario.ini: "time_limit",
 * "sharing", ...) from its text and marks it set.  CF_EINVAL with a message
 * "parameter 'seed': 'abc' is not a whole number >= 0" on a bad value or an
 * unknown name. */
cf_status cf_params_set(cf_params *prm, const char *name, const char *value, cf_err *err);

/* The parameters' names, i in [0, cf_params_count()): what every command
 * that solves takes as a flag --NAME VALUE ('-' for '_'). */
int cf_params_count(void);
const char *cf_params_name(int i);

/* A whole number in [min, max] written in decimal digits only: no sign, no
 * blank, no trailing text.  The one parser of counts for flags and files. */
bool cf_parse_whole(const char *s, unsigned long long min, unsigned long long max,
                    unsigned long long *out);

/* Reads the [scenario] section of an ini file into prm (only keys present
 * are set).  Errors carry "scenario.ini:LINE: ...".  An unknown key is a
 * warning on stderr.  CF_EIO, CF_EPARSE, CF_EINVAL or CF_OK. */
cf_status cf_params_load_ini(cf_params *prm, const char *path, cf_err *err);

/* For each field set in `over`, copies it into `base` (and marks it set). */
void cf_params_override(cf_params *base, const cf_params *over);

/* Whether prm bounds a solve: a time limit above 0, or a work limit
 * (iterations) with time_limit 0 meaning "no clock at all".  A scheduler's
 * run must never go on for ever by mistake, so time_limit 0 alone is
 * CF_EINVAL, with a message saying what to give instead. */
cf_status cf_params_check_limits(const cf_params *prm, cf_err *err);

/* The table as help text (cofleet --help-params) or as Markdown (docs/params.md). */
void cf_params_print_help(FILE *out);
void cf_params_print_markdown(FILE *out);

#endif
