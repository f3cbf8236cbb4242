/*
 * The commands of the cofleet binary, one file each (cli/cmd_*.c); main.c
 * only dispatches.  Each takes the arguments after the command name
 * (argv[0] is the command) and returns the process exit code.
 */
#ifndef CF_CLI_CLI_H
#define CF_CLI_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/err.h"
#include "io/input.h"
#include "models/params.h"

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

/* One option of a command's table. */
typedef struct cf_cli_opt {
    const char *name; /* long name, "out" for --out */
    int key;          /* what on_opt receives; a letter ('q') is also the short option -q */
    bool value;       /* takes a value: --out DIR or --out=DIR */
} cf_cli_opt;

/* A command's command line: its option table, and whether every run
 * parameter of io/scenario/params.c is a flag too (--time-limit 30 into *params). */
typedef struct cf_cli_spec {
    const char *cmd;         /* "solve": messages say "cofleet solve: ..." */
    const cf_cli_opt *opts;  /* [n_opts]; an option here shadows a parameter of the same name */
    int n_opts;
    cf_params *params;       /* NULL: no parameter flags */
    int min_args, max_args;  /* positional arguments required, accepted */
    void (*usage)(FILE *out);
    /* Called for each option of opts in command-line order; returns -1 to
     * go on, or an exit code after saying why on stderr. */
    int (*on_opt)(void *ctx, int key, const char *val);
    void *ctx;
} cf_cli_spec;

/* Parses argv[1 .. argc) with getopt_long, the one place where options,
 * --help/-h and usage errors are handled: positional arguments go to
 * args[0 .. *n_args).  Returns -1 to run the command; CF_EXIT_OK after
 * --help (usage on stdout); CF_EXIT_USAGE after a message on stderr
 * ("option '--out' needs a value", "unknown parameter 'x'", "unexpected
 * argument 'y'") or the usage (fewer than min_args arguments); or what
 * on_opt returned. */
int cf_cli_parse(const cf_cli_spec *spec, int argc, char **argv, const char **args, int *n_args);

/* Claims out_dir for this run, before any solving: fails when no plan can
 * be written there (cf_plan_check_target, with input the path read from),
 * when its parent is missing, unwritable or read-only (a temporary is made
 * and removed; stale ones of earlier runs killed half-way go with it), or
 * when another run holds it (cf_atomic_lock).  On success *lock holds the
 * lock until cf_cli_release_out.  CF_EIO or CF_EINVAL, CF_OK. */
cf_status cf_cli_claim_out(const char *out_dir, const char *input, int *lock, cf_err *err);
void cf_cli_release_out(const char *out_dir, int lock);

/* What a command that solves does before solving, in this order: claims
 * out_dir (cf_cli_claim_out), installs the stop handler saying stop_text,
 * loads path with the command line's parameters cli (a scenario directory,
 * or when in is not NULL a benchmark file too, its kind in *in) and checks
 * that the run is bounded.  -1: *p and *prm loaded, *lock held; else the
 * exit code after saying why on stderr as "WHO: message" (nothing held). */
int cf_cli_start_run(const char *who, const char *path, const char *out_dir, const cf_params *cli,
                     const char *stop_text, cf_params *prm, cf_problem **p, cf_input_info *in,
                     int *lock);

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
