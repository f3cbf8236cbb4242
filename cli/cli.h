/*
 * The commands of the cofleet binary, one file each (cli/cmd_*.c); main.c
 * only dispatches.  Each takes the arguments after the command name
 * (argv[0] is the command) and returns the process exit code.
 */
#ifndef CF_CLI_CLI_H
#define CF_CLI_CLI_H

#include <signal.h>
#include <stddef.h>

#include "models/err.h"

enum {
    CF_EXIT_OK = 0,           /* plan written (unassigned orders are listed, not an error) */
    CF_EXIT_USAGE = 1,        /* bad command line */
    CF_EXIT_INPUT = 2,        /* invalid input: nothing written */
    CF_EXIT_CHECK = 3,        /* the checker found violations */
    CF_EXIT_INTERNAL = 4,     /* a fault of ours or of the system (out of memory, write error) */
    CF_EXIT_STOPPED = 5,      /* SIGINT/SIGTERM ended the search early; the best plan was written */
    CF_EXIT_INTERRUPTED = 130 /* second SIGINT: aborted without writing */
};

int cf_cmd_solve(int argc, char **argv);
int cf_cmd_check(int argc, char **argv);
int cf_cmd_gen(int argc, char **argv);
int cf_cmd_coalition(int argc, char **argv);
int cf_cmd_compare(int argc, char **argv);
int cf_cmd_bench(int argc, char **argv);

/* Reads a long option at argv[*i], "--time-limit 30" or "--time-limit=30":
 * its name with '_' for '-' into name[size] ("time_limit") and its value
 * into *val, moving *i past a separate value.  1: an option and its value;
 * 0: argv[*i] is not a long option; -1: the value is missing (said on stderr
 * as "cofleet CMD: option '--x' needs a value"). */
int cf_cli_long_option(const char *cmd, int argc, char **argv, int *i, char *name, size_t size,
                       const char **val);

/* Claims out_dir for this run, before any solving: fails when no plan can
 * be written there (cf_plan_check_target, with input the path read from),
 * when its parent is missing, unwritable or read-only (a temporary is made
 * and removed; stale ones of earlier runs killed half-way go with it), or
 * when another run holds it (cf_atomic_lock).  On success *lock holds the
 * lock until cf_cli_release_out.  CF_EIO or CF_EINVAL, CF_OK. */
cf_status cf_cli_claim_out(const char *out_dir, const char *input, int *lock, cf_err *err);
void cf_cli_release_out(const char *out_dir, int lock);

/* Set by the first SIGINT or SIGTERM once cf_cli_install_signals ran; the
 * solver polls it.  A second SIGINT _exits with CF_EXIT_INTERRUPTED. */
extern volatile sig_atomic_t cf_cli_stop;

/* Installs that handler, saying msg on stderr at the first signal (NULL:
 * nothing), and ignores SIGXFSZ and SIGPIPE: over a file-size limit, or
 * with stderr or stdout on a closed pipe, a write fails (EFBIG, EPIPE)
 * rather than killing the process before or half-way through a plan. */
void cf_cli_install_signals(const char *msg);

/* Exit code for a status from loading input (CF_EIO/EPARSE/EINVAL -> 2). */
int cf_exit_for_input(cf_status rc);

#endif
