/*
 * The command line of every command (see cf_cli_parse in cli.h): one table
 * per command, getopt_long over it and over the run parameters of
 * io/scenario/params.c, so that parsing, --help and usage errors are written once.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/scenario/params.h"
#include "models/alloc.h"

#define KEY_BASE 1000   /* getopt_long's value for opts[i]: KEY_BASE + i */
#define PARAM_BASE 2000 /* and for parameter j: PARAM_BASE + j */
#define NAME_LEN 64

/* An option that is in no table: a parameter's message when the command
 * takes parameters ("unknown parameter 'colour'", as scenario.ini says it). */
static void say_unknown(const cf_cli_spec *s, const char *arg)
{
    if (s->params && !strncmp(arg, "--", 2)) {
        char name[NAME_LEN];
        size_t k;
        for (k = 0; arg[k + 2] && arg[k + 2] != '=' && k + 1 < sizeof name; k++)
            name[k] = arg[k + 2] == '-' ? '_' : arg[k + 2];
        name[k] = '\0';
        fprintf(stderr, "cofleet %s: unknown parameter '%s'\n", s->cmd, name);
        return;
    }
    fprintf(stderr, "cofleet %s: unknown option '%s'\n", s->cmd, arg);
    s->usage(stderr);
}

/* The getopt_long tables of s: long options in lo, parameter names (with
 * '-' for '_') in names, short options in shorts. */
static void build_tables(const cf_cli_spec *s, int np, struct option *lo, char *names,
                         char *shorts, size_t shorts_size)
{
    int k = 0;
    size_t n = strlen(shorts);
    for (int i = 0; i < s->n_opts; i++) {
        const cf_cli_opt *o = &s->opts[i];
        lo[k++] = (struct option){o->name, o->value ? required_argument : no_argument, NULL,
                                  KEY_BASE + i};
        if (o->key > 0 && o->key < 128 && n + 3 < shorts_size) {
            shorts[n++] = (char)o->key;
            if (o->value) shorts[n++] = ':';
            shorts[n] = '\0';
        }
    }
    lo[k++] = (struct option){"help", no_argument, NULL, 'h'};
    for (int j = 0; j < np; j++) {
        char *name = names + (size_t)j * NAME_LEN;
        snprintf(name, NAME_LEN, "%s", cf_params_name(j));
        for (char *c = name; *c; c++)
            if (*c == '_') *c = '-';
        lo[k++] = (struct option){name, required_argument, NULL, PARAM_BASE + j};
    }
    lo[k] = (struct option){NULL, 0, NULL, 0};
}

/* The key of short option c in s's table, -1: none. */
static int short_index(const cf_cli_spec *s, int c)
{
    for (int i = 0; i < s->n_opts; i++)
        if (s->opts[i].key == c) return i;
    return -1;
}

int cf_cli_parse(const cf_cli_spec *s, int argc, char **argv, const char **args, int *n_args)
{
    int np = s->params ? cf_params_count() : 0, rc = -1, c, i;
    struct option *lo = cf_calloc((size_t)(s->n_opts + np + 2), sizeof *lo);
    char *names = cf_calloc((size_t)np + 1, NAME_LEN);
    char shorts[64] = ":h"; /* ':' first: a missing value comes back as ':' */
    cf_err err = {0};

    *n_args = 0;
    if (!lo || !names) {
        fprintf(stderr, "cofleet %s: out of memory\n", s->cmd);
        rc = CF_EXIT_INTERNAL;
        goto done;
    }
    build_tables(s, np, lo, names, shorts, sizeof shorts);
    optind = 0; /* glibc: start afresh (a command may be parsed twice in one process) */
    opterr = 0; /* the messages below say it in our words */
    while (rc < 0 && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        if (c == 'h') {
            s->usage(stdout);
            rc = CF_EXIT_OK;
        } else if (c == ':') {
            fprintf(stderr, "cofleet %s: option '%s' needs a value\n", s->cmd, argv[optind - 1]);
            rc = CF_EXIT_USAGE;
        } else if (c == '?') {
            say_unknown(s, argv[optind - 1]);
            rc = CF_EXIT_USAGE;
        } else if (c >= PARAM_BASE) {
            if (cf_params_set(s->params, cf_params_name(c - PARAM_BASE), optarg, &err) != CF_OK) {
                fprintf(stderr, "cofleet %s: %s\n", s->cmd, err.msg);
                rc = CF_EXIT_USAGE;
            }
        } else {
            i = c >= KEY_BASE ? c - KEY_BASE : short_index(s, c);
            CF_ASSERT(i >= 0 && i < s->n_opts);
            rc = s->on_opt(s->ctx, s->opts[i].key, optarg);
        }
    }
    for (i = optind; rc < 0 && i < argc; i++) {
        if (*n_args == s->max_args) {
            fprintf(stderr, "cofleet %s: unexpected argument '%s'\n", s->cmd, argv[i]);
            s->usage(stderr);
            rc = CF_EXIT_USAGE;
        } else {
            args[(*n_args)++] = argv[i];
        }
    }
    if (rc < 0 && *n_args < s->min_args) {
        s->usage(stderr);
        rc = CF_EXIT_USAGE;
    }
done:
    cf_free(lo);
    cf_free(names);
    return rc;
}
