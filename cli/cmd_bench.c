/*
 * cofleet bench: runs the standard research instances through the same
 * loader and search as `cofleet solve` and reports the gaps to the
 * best-known solutions (the driver is bench/; docs/benchmarks.md).  This file
 * parses the command line, finds the data and the suite, prints the
 * effective parameters first (LKH's PrintParameters), and maps the outcome
 * to an exit code.  SIGINT or SIGTERM ends the current run (its result is
 * dropped) and skips the rest; a second SIGINT exits at once.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/bench.h"
#include "cli/cli.h"
#include "io/scenario/params.h"

#define DEFAULT_TIME_LIMIT "10"
#define DEFAULT_SET "quick"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: cofleet bench [--set NAME[,NAME...]] [--instances GLOB[,GLOB...]]\n"
            "                     [--time-limit S] [--iterations N] [--seeds K] [--seed S]\n"
            "                     [--threads T[,T...]] [--out FILE.csv] [--data DIR]\n"
            "                     [--objective distance|vehicles-first] [--distances D]\n"
            "                     [--rev TEXT] [--list] [--quiet]\n\n"
            "Runs benchmark instances in-process, one after another, checks every result with\n"
            "the independent checker, and reports the gap to the best-known solution (BKS).\n\n"
            "  --set NAME      a set: cvrp_X, cvrp_XXL, vrptw_solomon, vrptw_gh200,\n"
            "                  vrptw_gh1000, mdvrp_cordeau, hfvrp_pessoa, mdvrptw_vidal,\n"
            "                  pcvrptw; or a suite: bench/suites/NAME.txt (quick, ...) or a\n"
            "                  suite file path (default: " DEFAULT_SET ").\n"
            "                  rich: planted scenarios, generated at run time and compared\n"
            "                  with the planted plan (cost, orders left out; no data needed)\n"
            "  --instances G   keep instances whose name or path matches a glob ('X-n1*,C1*')\n"
            "  --time-limit S  seconds per run (default " DEFAULT_TIME_LIMIT
            ", none when --iterations is given)\n"
            "  --iterations N  work limit per run (search iterations per stream)\n"
            "  --seeds K       runs per instance and thread count, seeds S .. S+K-1 (default 1)\n"
            "  --seed S        first seed (default 1)\n"
            "  --threads T     threads per run; a list runs each (default: OpenMP's)\n"
            "  --out FILE.csv  write the CSV (instance,n,seed,threads,time_limit,cost,bks,\n"
            "                  gap_pct,vehicles,seconds,rev); cost is empty for an invalid run\n"
            "  --data DIR      the benchmark data (default: $COFLEET_BENCHMARKS, else\n"
            "                  ../shared/benchmarks)\n"
            "  --objective, --distances  as for 'cofleet solve'; the BKS file follows them\n"
            "                  (Solomon/GH: distance-only DIMACS BKS by default, the\n"
            "                  hierarchical bks.csv with --objective vehicles-first; the\n"
            "                  PyVRP sets: their published objective, BKS under the default\n"
            "                  distances only)\n"
            "  --rev TEXT      the rev column (default: git describe of the binary's tree)\n"
            "  --list          print the instances and exit\n"
            "  --quiet         no progress lines\n\n"
            "exit: 0 every run valid, 1 usage, 2 bad data or suite, 3 some run invalid (planted\n"
            "      scenarios: or some mandatory order unassigned),\n"
            "      4 internal error, 130 interrupted\n");
}

/* The directory of the running binary, "" when unknown. */
static void exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    char *slash;
    if (n <= 0) {
        buf[0] = '\0';
        return;
    }
    buf[n] = '\0';
    if ((slash = strrchr(buf, '/')) != NULL)
        *slash = '\0';
    else
        buf[0] = '\0';
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int no_data(const char *data)
{
    fprintf(stderr,
            "cofleet bench: data dir '%s' not found: give --data DIR or set "
            "COFLEET_BENCHMARKS\n",
            data);
    return CF_EXIT_INPUT;
}

/* bench/suites/NAME.txt from the current directory, then next to the binary
 * (build dirs sit in the source tree). */
static bool find_suite(const char *name, char *out, size_t size)
{
    char dir[PATH_MAX];
    if (strchr(name, '/') || strstr(name, ".txt")) {
        snprintf(out, size, "%s", name);
        return is_file(out);
    }
    snprintf(out, size, "bench/suites/%s.txt", name);
    if (is_file(out)) return true;
    exe_dir(dir, sizeof dir);
    if (!dir[0]) return false;
    if (snprintf(out, size, "%s/../bench/suites/%s.txt", dir, name) < (int)size && is_file(out))
        return true;
    return snprintf(out, size, "%s/bench/suites/%s.txt", dir, name) < (int)size && is_file(out);
}

/* git describe of the binary's source tree, else the version. */
static void default_rev(char *buf, size_t size)
{
    char dir[PATH_MAX], cmd[PATH_MAX + 128];
    FILE *p;
    snprintf(buf, size, "%s", CF_VERSION);
    exe_dir(dir, sizeof dir);
    if (!dir[0] || strchr(dir, '\'')) return;
    snprintf(cmd, sizeof cmd, "git -C '%s' describe --always --dirty 2>/dev/null", dir);
    if (!(p = popen(cmd, "r"))) return;
    if (fgets(buf, (int)size, p)) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (!buf[0]) snprintf(buf, size, "%s", CF_VERSION);
    } else {
        snprintf(buf, size, "%s", CF_VERSION);
    }
    pclose(p);
}

/* "1,2" -> {1, 2}; false on a bad list. */
static bool parse_threads(const char *s, int *out, int max, int *n)
{
    *n = 0;
    while (*s) {
        char *end;
        long v;
        if (*s < '0' || *s > '9' || *n >= max) return false;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno || v < 0 || v > 1024 || (*end && *end != ',')) return false;
        out[(*n)++] = (int)v;
        s = *end ? end + 1 : end;
    }
    return *n > 0;
}

static const char *choice(int v, const char *const *names)
{
    return names[v];
}

typedef struct bench_flags {
    const char *sets, *globs, *out, *data, *rev;
    int seeds, quiet, list_only, *threads, n_threads;
    char threads_text[128];
} bench_flags;

enum {
    OPT_SET = 1, OPT_INSTANCES, OPT_OUT, OPT_DATA, OPT_REV, OPT_SEEDS, OPT_THREADS, OPT_LIST,
    OPT_NAME, OPT_FORMAT, OPT_QUIET = 'q'
};
static const cf_cli_opt bench_opts[] = {
    {"set", OPT_SET, true},     {"instances", OPT_INSTANCES, true}, {"out", OPT_OUT, true},
    {"data", OPT_DATA, true},   {"rev", OPT_REV, true},             {"seeds", OPT_SEEDS, true},
    {"threads", OPT_THREADS, true}, {"list", OPT_LIST, false},      {"name", OPT_NAME, true},
    {"format", OPT_FORMAT, true},   {"quiet", OPT_QUIET, false},
};
#define N_BENCH_OPTS ((int)(sizeof bench_opts / sizeof bench_opts[0]))

static int on_opt(void *ctx, int key, const char *val)
{
    bench_flags *fl = ctx;
    unsigned long long v;
    switch (key) {
    case OPT_SET: fl->sets = val; break;
    case OPT_INSTANCES: fl->globs = val; break;
    case OPT_OUT: fl->out = val; break;
    case OPT_DATA: fl->data = val; break;
    case OPT_REV: fl->rev = val; break;
    case OPT_LIST: fl->list_only = 1; break;
    case OPT_QUIET: fl->quiet = 1; break;
    case OPT_SEEDS:
        if (!cf_parse_whole(val, 1, 10000, &v)) {
            fprintf(stderr, "cofleet bench: --seeds: '%s' must be a whole number from 1\n", val);
            return CF_EXIT_USAGE;
        }
        fl->seeds = (int)v;
        break;
    case OPT_THREADS:
        if (!parse_threads(val, fl->threads, 16, &fl->n_threads)) {
            fprintf(stderr,
                    "cofleet bench: --threads: '%s' must be whole numbers 0..1024 separated "
                    "by commas (at most 16)\n",
                    val);
            return CF_EXIT_USAGE;
        }
        snprintf(fl->threads_text, sizeof fl->threads_text, "%s", val);
        break;
    default: /* --name, --format */
        fprintf(stderr, "cofleet bench: '--%s' does not apply to bench\n",
                key == OPT_NAME ? "name" : "format");
        return CF_EXIT_USAGE;
    }
    return -1;
}

/* The instances of --set (each comma-separated name a set or a suite),
 * filtered by --instances, into list (initialised here): -1, or the exit
 * code after saying why not (list then released). */
static int collect_instances(const bench_flags *fl, const char *data, cf_bench_list *list)
{
    char suite_path[PATH_MAX + 64];
    cf_err err = {0};
    cf_status rc;
    int n_planted, code = -1;

    cf_bench_list_init(list);
    for (const char *s = fl->sets; *s && code < 0;) {
        char one[256];
        size_t n = strcspn(s, ",");
        const cf_bench_set *set;
        snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), s);
        s += n + (s[n] == ',');
        if (!one[0]) continue;
        if ((set = cf_bench_set_find(one)) != NULL) {
            if (!is_dir(data)) {
                code = no_data(data);
                break;
            }
            rc = cf_bench_list_set(data, set, list, &err);
        } else if (find_suite(one, suite_path, sizeof suite_path)) {
            rc = cf_bench_suite_load(suite_path, list, &err);
        } else {
            fprintf(stderr, "cofleet bench: '%s' is neither a set (", one);
            for (int k = 0; k < cf_bench_n_sets; k++)
                fprintf(stderr, "%s%s", k ? ", " : "", cf_bench_sets[k].name);
            fprintf(stderr, ") nor a suite (bench/suites/%s.txt)\n", one);
            code = CF_EXIT_INPUT;
            break;
        }
        if (rc != CF_OK) {
            fprintf(stderr, "cofleet bench: %s\n", err.msg);
            code = cf_exit_for_input(rc);
        }
    }
    if (code < 0) {
        n_planted = cf_bench_list_n_planted(list);
        if (n_planted > 0 && n_planted < list->len) {
            fprintf(stderr,
                    "cofleet bench: planted scenarios (%s) and instance files cannot share a "
                    "run: their CSV columns differ\n",
                    fl->sets);
            code = CF_EXIT_INPUT;
        } else if (n_planted < list->len && !is_dir(data)) { /* planted scenarios need no data */
            code = no_data(data);
        }
    }
    if (code < 0 && fl->globs) cf_bench_list_filter(list, fl->globs);
    if (code < 0 && list->len == 0) {
        fprintf(stderr, "cofleet bench: no instances%s%s%s\n", fl->globs ? " match '" : "",
                fl->globs ? fl->globs : "", fl->globs ? "'" : "");
        code = CF_EXIT_INPUT;
    }
    if (code >= 0) cf_bench_list_release(list);
    return code;
}

/* The effective parameters first, so that every log says what it measured. */
static void print_parameters(const bench_flags *fl, const cf_params *cli, const char *data,
                             const char *rev, int n_instances, int seeds)
{
    static const char *const objectives[] = {"distance", "vehicles-first"};
    static const char *const distances[] = {"default", "exact", "dimacs", "milli"};
    printf("cofleet bench %s (rev %s)\n", CF_VERSION, rev);
    printf("  data        %s\n", data);
    printf("  set         %s%s%s\n", fl->sets, fl->globs ? "  instances " : "",
           fl->globs ? fl->globs : "");
    printf("  instances   %d\n", n_instances);
    if (cli->time_limit_s > 0)
        printf("  time_limit  %g s per run\n", cli->time_limit_s);
    else
        printf("  time_limit  none\n");
    printf("  iterations  %ld%s\n", cli->iterations, cli->iterations ? "" : " (no work limit)");
    printf("  seeds       %d (seed %llu..%llu)\n", seeds, (unsigned long long)cli->seed,
           (unsigned long long)cli->seed + (unsigned long long)seeds - 1);
    printf("  threads     %s\n", fl->threads_text);
    printf("  objective   %s\n", choice(cli->objective, objectives));
    printf("  distances   %s\n", choice(cli->distances, distances));
    printf("  cpus        %ld online\n", sysconf(_SC_NPROCESSORS_ONLN));
    printf("  csv         %s\n\n", fl->out ? fl->out : "(none: --out FILE.csv)");
    fflush(stdout);
}

/* What the runs found, after their table; the exit code. */
static int report(const cf_bench_summary *sum, int quiet)
{
    if (quiet && sum->runs > 0) cf_bench_print_table(stdout, sum->results, sum->runs);
    if (sum->skipped)
        printf("interrupted: %d run%s not done\n", sum->skipped, sum->skipped == 1 ? "" : "s");
    if (sum->invalid - sum->mandatory_failed)
        printf("%d of %d runs gave no valid solution (see INVALID above)\n",
               sum->invalid - sum->mandatory_failed, sum->runs);
    if (sum->mandatory_failed)
        printf("%d of %d runs left mandatory orders unassigned that the planted plan "
               "serves (see FAILED above)\n",
               sum->mandatory_failed, sum->runs);
    return cf_cli_stop ? CF_EXIT_INTERRUPTED : sum->invalid ? CF_EXIT_CHECK : CF_EXIT_OK;
}

int cf_cmd_bench(int argc, char **argv)
{
    const char *data, *rev;
    char rev_buf[128];
    int threads[16], seeds, code;
    cf_params cli;
    cf_bench_list list;
    cf_bench_cfg cfg;
    cf_bench_summary sum;
    cf_err err = {0};
    cf_status rc;

    cf_params_defaults(&cli);
    bench_flags fl = {.sets = DEFAULT_SET, .threads = threads};
    cf_cli_spec spec = {.cmd = "bench", .opts = bench_opts, .n_opts = N_BENCH_OPTS, .params = &cli,
                        .usage = usage, .on_opt = on_opt, .ctx = &fl};
    int n_args, parsed = cf_cli_parse(&spec, argc, argv, NULL, &n_args);
    if (parsed >= 0) return parsed;
    seeds = fl.seeds ? fl.seeds : 1;
    if (!(cli.set & CF_PARAM_TIME_LIMIT) && !(cli.set & CF_PARAM_ITERATIONS))
        cf_params_set(&cli, "time_limit", DEFAULT_TIME_LIMIT, NULL);
    else if (!(cli.set & CF_PARAM_TIME_LIMIT))
        cf_params_set(&cli, "time_limit", "0", NULL); /* a work limit alone: reproducible */
    if (!fl.n_threads) {
        threads[fl.n_threads++] = cli.threads;
        snprintf(fl.threads_text, sizeof fl.threads_text, "%d%s", cli.threads,
                 cli.threads ? "" : " (OpenMP's default)");
    }
    data = fl.data ? fl.data : getenv("COFLEET_BENCHMARKS");
    if (!data || !*data) data = "../shared/benchmarks";

    if ((code = collect_instances(&fl, data, &list)) >= 0) return code;
    if (fl.list_only) {
        for (int i = 0; i < list.len; i++)
            if (list.e[i].gen[0])
                printf("%s\tcofleet gen DIR %s\n", list.e[i].rel, list.e[i].gen);
            else
                printf("%s\n", list.e[i].rel);
        cf_bench_list_release(&list);
        return CF_EXIT_OK;
    }
    rev = fl.rev;
    if (!rev) {
        default_rev(rev_buf, sizeof rev_buf);
        rev = rev_buf;
    }
    print_parameters(&fl, &cli, data, rev, list.len, seeds);

    memset(&cfg, 0, sizeof cfg);
    cfg.data_dir = data;
    cfg.list = &list;
    cfg.params = cli;
    cfg.seeds = seeds;
    cfg.threads = threads;
    cfg.n_threads = fl.n_threads;
    cfg.csv_path = fl.out;
    cfg.rev = rev;
    cfg.log = fl.quiet ? NULL : stdout;
    cfg.stop = &cf_cli_stop;
    cf_cli_install_signals(NULL);

    rc = cf_bench_run(&cfg, &sum, &err);
    if (rc != CF_OK) {
        fprintf(stderr, "cofleet bench: %s\n", err.msg);
        code = rc == CF_EIO ? CF_EXIT_INPUT : CF_EXIT_INTERNAL;
    } else {
        code = report(&sum, fl.quiet);
    }
    fflush(stdout);
    cf_bench_summary_release(&sum);
    cf_bench_list_release(&list);
    return code;
}
