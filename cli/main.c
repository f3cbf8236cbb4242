/*
 * cofleet: the command-line front end.  main() only dispatches to the
 * commands of cli/cmd_*.c; io/ and solver/ meet in those files, nowhere else.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "io/plan/atomic.h"
#include "io/plan/plan.h"
#include "io/scenario/params.h"
#include "io/scenario/scenario.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"solve", cf_cmd_solve, "solve a scenario directory and write its shared delivery plan"},
    {"check", cf_cmd_check, "check a plan against its scenario with the independent checker"},
    {"gen", cf_cmd_gen, "generate a realistic scenario (deterministic for a seed)"},
    {"coalition", cf_cmd_coalition, "standalone vs pooled, and fair splits of the pooled cost"},
    {"compare", cf_cmd_compare, "key figures of several plans side by side, with differences"},
    {"bench", cf_cmd_bench, "run research benchmark instances and report gaps to best-known"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: cofleet COMMAND [ARGS]\n"
                 "       cofleet --help | --version | --help-params [--markdown]\n\n"
                 "Plans joint distribution: couriers pool orders and vehicles at shared DCs.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'cofleet COMMAND --help' tells more.  Exit codes: 0 plan written, 1 usage,\n"
                 "2 invalid input, 3 check failed, 4 internal or system error, 5 stopped by\n"
                 "SIGINT/SIGTERM with the best plan written, 130 aborted by a second SIGINT\n"
                 "(docs/reliability.md).\n");
}

/* Process-wide by nature (STYLE: no globals but this): a signal handler
 * can reach nothing else.  stop_msg is set once, before the handler. */
volatile sig_atomic_t cf_cli_stop;
static const char *stop_msg;
static size_t stop_len;

static void on_stop_signal(int sig)
{
    if (cf_cli_stop && sig == SIGINT) _exit(CF_EXIT_INTERRUPTED);
    cf_cli_stop = 1;
    if (stop_msg) {
        int saved = errno; /* the interrupted code may be about to read it */
        ssize_t n = write(STDERR_FILENO, stop_msg, stop_len); /* async-signal-safe */
        (void)n;
        errno = saved;
    }
}

void cf_cli_install_signals(const char *msg)
{
    struct sigaction sa;
    stop_msg = msg;
    stop_len = msg ? strlen(msg) : 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
}

cf_status cf_cli_claim_out(const char *out_dir, const char *input, int *lock, cf_err *err)
{
    cf_atomic_dir d;
    cf_status rc;
    *lock = -1;
    if ((rc = cf_plan_check_target(out_dir, input, err)) != CF_OK) return rc;
    if ((rc = cf_atomic_dir_begin(out_dir, &d, err)) != CF_OK) return rc;
    cf_atomic_dir_end(&d);
    if ((rc = cf_atomic_lock(out_dir, lock, err)) != CF_OK) return rc;
    /* Checked again under the lock: another run may have written a plan
     * there (fine) or something else (not fine) since the first look. */
    if ((rc = cf_plan_check_target(out_dir, input, err)) != CF_OK) {
        cf_cli_release_out(out_dir, *lock);
        *lock = -1;
    }
    return rc;
}

void cf_cli_release_out(const char *out_dir, int lock)
{
    cf_atomic_unlock(out_dir, lock);
}

int cf_cli_start_run(const char *who, const char *path, const char *out_dir, const cf_params *cli,
                     const char *stop_text, cf_params *prm, cf_problem **p, cf_input_info *in,
                     int *lock)
{
    cf_err err = {0};
    cf_status rc;
    if (cf_cli_claim_out(out_dir, path, lock, &err) != CF_OK) {
        fprintf(stderr, "%s: %s\n", who, err.msg);
        return CF_EXIT_INPUT;
    }
    cf_cli_install_signals(stop_text);
    rc = in ? cf_input_load(path, cli, prm, p, in, &err) : cf_scenario_load(path, cli, prm, p, &err);
    if (rc != CF_OK) {
        fprintf(stderr, "%s: %s\n", who, err.msg);
        cf_cli_release_out(out_dir, *lock);
        return cf_exit_for_input(rc);
    }
    if (cf_params_check_limits(prm, &err) != CF_OK) {
        fprintf(stderr, "%s: %s\n", who, err.msg);
        cf_problem_free(*p);
        *p = NULL;
        cf_cli_release_out(out_dir, *lock);
        return CF_EXIT_INPUT;
    }
    return -1;
}

int cf_exit_for_input(cf_status rc)
{
    switch (rc) {
    case CF_OK:
        return CF_EXIT_OK;
    case CF_EIO:
    case CF_EPARSE:
    case CF_EINVAL:
        return CF_EXIT_INPUT;
    default:
        return CF_EXIT_INTERNAL;
    }
}

int main(int argc, char **argv)
{
    /* A closed stdout or stderr must cost at most a message, never the
     * plan: writes then fail with EPIPE instead of killing the process. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return CF_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            char help[] = "--help";
            char *sub[] = {argv[2], help, NULL};
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (!strcmp(argv[2], commands[i].name)) return commands[i].run(2, sub);
        }
        usage(stdout);
        return CF_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("cofleet %s\n", CF_VERSION);
        return CF_EXIT_OK;
    }
    if (!strcmp(argv[1], "--help-params")) {
        /* --markdown: docs/params.md is generated from the same table */
        if (argc > 2 && !strcmp(argv[2], "--markdown"))
            cf_params_print_markdown(stdout);
        else
            cf_params_print_help(stdout);
        return CF_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "cofleet: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CF_EXIT_USAGE;
}
