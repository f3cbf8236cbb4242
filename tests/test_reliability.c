/*
 * The guarantees of a nightly run (docs/reliability.md), each held
 * by tests that fail when it is broken:
 *   anytime       SIGINT/SIGTERM end the search: exit 5, the best plan written
 *                 and valid; the time limit ends it: exit 0; a second SIGINT
 *                 aborts: exit 130, the plan directory untouched
 *   atomic        SIGKILL at every step of the plan write leaves the complete
 *                 old plan or the complete new one, never a mix
 *   faults        missing, unwritable or read-only out directory, full disk,
 *                 file-size limit, unreadable input: exit 2 or 4, a message
 *                 naming the path, no partial plan, the old plan intact
 *   oom           an allocation failure at any point of load, solve, check and
 *                 write: CF_ENOMEM, nothing written, no leak
 *   hostile       a 1 GB line, 10 million rows, 10 kB ids, runs of quotes,
 *                 1e400: a clear error or a correct load, in bounded memory
 *   determinism   under --iterations one seed gives byte-identical plan files
 *                 across runs and across 1, 2 and 4 threads
 *   conservation  over generated scenarios (tight, narrow windows, missing
 *                 skills, DC shortfalls) every order is routed or unassigned
 *                 exactly once and the plan passes the checker
 * End-to-end tests run the real binary (CF_BIN, set by CTest; the working
 * directory is the repository root) in fresh directories under /tmp.  Hangs
 * are caught by Criterion's .timeout, never by timing assertions.
 */
#define _GNU_SOURCE 1 /* wait4, unshare, mount */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sched.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/plan/atomic.h"
#include "io/formats/bench_read.h"
#include "io/scenario/params.h"
#include "io/plan/plan.h"
#include "io/scenario/scenario.h"
#include "models/alloc.h"
#include "models/check.h"
#include "solver/solver.h"
#include "tests/signals.h"

/* The name of a temporary of the plan directory "out" (io/plan/atomic.h). */
#define TMP_PREFIX "out.cofleet-tmp-"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* Criterion passes a test whose worker leaks; ask LeakSanitizer here instead. */
#define ASSERT_NO_LEAKS() cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked")
#define UNDER_ASAN 1
#else
#define ASSERT_NO_LEAKS() ((void)0)
#define UNDER_ASAN 0
#endif

extern char **environ;

#if UNDER_ASAN
/* Criterion 2.4's runner process, with --jobs 2 over these tests, leaks a
 * 48-byte block of its own bookkeeping (calloc from libcriterion, called by
 * criterion_run_all_tests), and LeakSanitizer fails the run at its exit.
 * Our code never runs in that process: each test runs in a worker, whose
 * leaks LeakSanitizer still reports (and the oom test checks explicitly).
 * So the runner leaves with _exit, past LeakSanitizer's exit hook. */
int main(int argc, char *argv[]);
int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0;
    if (criterion_handle_args(argc, argv, true)) result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    fflush(NULL);
    _exit(result);
}
#endif

/* ==== files ============================================================== */

static char *slurp_n(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    size_t len = 0, cap = 4096, n;
    char *buf;
    if (!f) return NULL;
    buf = malloc(cap);
    cr_assert_not_null(buf);
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    fclose(f);
    buf[len] = '\0';
    if (len_out) *len_out = len;
    return buf;
}

static char *slurp(const char *path)
{
    return slurp_n(path, NULL);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    cr_assert_eq(fclose(f), 0, "%s: %s", path, strerror(errno));
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        chmod(path, 0755);
        if (d) {
            while ((e = readdir(d)) != NULL) {
                char sub[1024];
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
                snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
                remove_tree(sub);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted (caller frees each and the array); *n their count. */
static char **dir_names(const char *dir, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    *n = 0;
    cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        names = realloc(names, (size_t)(*n + 1) * sizeof *names);
        cr_assert_not_null(names);
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n) qsort(names, (size_t)*n, sizeof *names, cmp_str);
    return names;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The names of dir joined by ' ' (sorted; "" when empty). */
static void list_dir(const char *dir, char *buf, size_t size)
{
    int n;
    char **names = dir_names(dir, &n);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s%s", i ? " " : "", names[i]);
    }
    free_names(names, n);
}

static void copy_tree(const char *from, const char *to)
{
    struct stat st;
    cr_assert_eq(lstat(from, &st), 0, "%s: %s", from, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        int n;
        char **names = dir_names(from, &n);
        cr_assert_eq(mkdir(to, 0755), 0, "%s: %s", to, strerror(errno));
        for (int i = 0; i < n; i++) {
            char a[1024], b[1024];
            snprintf(a, sizeof a, "%s/%s", from, names[i]);
            snprintf(b, sizeof b, "%s/%s", to, names[i]);
            copy_tree(a, b);
        }
        free_names(names, n);
    } else {
        size_t len;
        char *t = slurp_n(from, &len);
        FILE *f = fopen(to, "wb");
        cr_assert(t && f, "copy %s -> %s", from, to);
        cr_assert_eq(fwrite(t, 1, len, f), len);
        cr_assert_eq(fclose(f), 0);
        free(t);
    }
}

/* ==== plan snapshots ===================================================== */

typedef struct buf {
    char *s;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        cr_assert_not_null(b->s);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* Lines of summary.json that describe the run rather than the plan. */
static bool run_only_line(const char *line, size_t n, bool drop_threads)
{
    const char *keys[] = {"\"elapsed_s\":", "\"threads\":"};
    for (int k = 0; k < (drop_threads ? 2 : 1); k++) {
        const char *at = memmem(line, n, keys[k], strlen(keys[k]));
        if (at) return true;
    }
    return false;
}

static void snap_rec(buf *b, const char *root, const char *rel, bool drop_threads)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s%s%s", root, rel[0] ? "/" : "", rel);
    cr_assert_eq(lstat(path, &st), 0, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        int n;
        char **names = dir_names(path, &n);
        buf_str(b, "== dir ");
        buf_str(b, rel);
        buf_str(b, "\n");
        for (int i = 0; i < n; i++) {
            char sub[1024];
            snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
            snap_rec(b, root, sub, drop_threads);
        }
        free_names(names, n);
        return;
    }
    size_t len;
    char *t = slurp_n(path, &len);
    cr_assert_not_null(t, "%s: %s", path, strerror(errno));
    buf_str(b, "== file ");
    buf_str(b, rel);
    buf_str(b, "\n");
    if (strstr(rel, "summary.json")) {
        for (char *line = t; *line;) {
            char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
            if (!run_only_line(line, n, drop_threads)) buf_add(b, line, n);
            line += n;
        }
    } else {
        buf_add(b, t, len);
    }
    free(t);
}

/* Every directory and file under dir with its bytes, in name order, as one
 * string; summary.json without elapsed_s (and without threads when
 * drop_threads): what two runs of the same plan must agree on.  NULL when
 * dir does not exist. */
static char *snapshot(const char *dir, bool drop_threads)
{
    buf b = {0};
    if (!exists(dir)) return NULL;
    buf_str(&b, "");
    snap_rec(&b, dir, "", drop_threads);
    return b.s;
}

/* ==== a small CSV reader and writer (RFC 4180) ========================== */

typedef struct table {
    int n;     /* rows, the header included */
    int *nf;   /* [n] fields per row */
    char ***f; /* [n][nf] */
} table;

static table csv_parse(const char *text)
{
    table t = {0, NULL, NULL};
    const char *p = text;
    size_t cap = strlen(text) + 1, rows = 0;
    char *field = malloc(cap);
    cr_assert_not_null(field);
    if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    while (*p) {
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {
            p += *p == '\r' ? 2 : 1;
            continue;
        }
        if ((size_t)t.n == rows) { /* doubling: a plan of 200000 rows stays linear */
            rows = rows ? 2 * rows : 64;
            t.f = realloc(t.f, rows * sizeof *t.f);
            t.nf = realloc(t.nf, rows * sizeof *t.nf);
            cr_assert(t.f && t.nf);
        }
        t.f[t.n] = NULL;
        t.nf[t.n] = 0;
        for (;;) {
            size_t len = 0;
            if (*p == '"') {
                for (p++;; p++) {
                    cr_assert(*p, "unterminated quote");
                    if (*p == '"' && p[1] == '"') {
                        field[len++] = '"';
                        p++;
                    } else if (*p == '"') {
                        p++;
                        break;
                    } else {
                        field[len++] = *p;
                    }
                }
            } else {
                while (*p && *p != ',' && *p != '\n' && !(*p == '\r' && p[1] == '\n'))
                    field[len++] = *p++;
            }
            field[len] = '\0';
            t.f[t.n] = realloc(t.f[t.n], (size_t)(t.nf[t.n] + 1) * sizeof **t.f);
            cr_assert_not_null(t.f[t.n]);
            t.f[t.n][t.nf[t.n]++] = strdup(field);
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\r') p++;
            if (*p == '\n') p++;
            break;
        }
        t.n++;
    }
    free(field);
    return t;
}

static table csv_read(const char *path)
{
    char *text = slurp(path);
    cr_assert_not_null(text, "%s: %s", path, strerror(errno));
    table t = csv_parse(text);
    free(text);
    cr_assert_gt(t.n, 0, "%s: no header", path);
    return t;
}

static void csv_write(const char *path, const table *t)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    for (int r = 0; r < t->n; r++) {
        for (int c = 0; c < t->nf[r]; c++) {
            const char *s = t->f[r][c];
            if (c) fputc(',', f);
            if (strpbrk(s, ",\"\r\n")) {
                fputc('"', f);
                for (; *s; s++) {
                    if (*s == '"') fputc('"', f);
                    fputc(*s, f);
                }
                fputc('"', f);
            } else {
                fputs(s, f);
            }
        }
        fputc('\n', f);
    }
    cr_assert_eq(fclose(f), 0);
}

static void table_free(table *t)
{
    for (int r = 0; r < t->n; r++) {
        for (int c = 0; c < t->nf[r]; c++)
            free(t->f[r][c]);
        free(t->f[r]);
    }
    free(t->f);
    free(t->nf);
}

static int table_col(const table *t, const char *name)
{
    for (int c = 0; c < t->nf[0]; c++)
        if (!strcmp(t->f[0][c], name)) return c;
    return -1;
}

static void table_set(table *t, int r, int c, const char *v)
{
    free(t->f[r][c]);
    t->f[r][c] = strdup(v);
}

/* ==== work directories and the scenario ================================= */

typedef struct work {
    char root[64];
    char scn[128], cap[128], out[128];
    int runs;
} work;

static void work_init(work *w)
{
    memset(w, 0, sizeof *w);
    snprintf(w->root, sizeof w->root, "/tmp/cf_rel_XXXXXX");
    cr_assert_not_null(mkdtemp(w->root), "mkdtemp: %s", strerror(errno));
    cr_assert_eq(chmod(w->root, 0755), 0); /* an unprivileged child must get in */
    snprintf(w->scn, sizeof w->scn, "%s/scn", w->root);
    snprintf(w->cap, sizeof w->cap, "%s/cap", w->root);
    snprintf(w->out, sizeof w->out, "%s/out", w->root);
    cr_assert_eq(mkdir(w->scn, 0755), 0);
    cr_assert_eq(mkdir(w->cap, 0777), 0);
}

static void work_done(work *w)
{
    remove_tree(w->root);
}

/* The scenario of 2 DCs, 3 couriers, 8 orders and 4 vehicle rows (lat/lon). */
static const char *const base_files[][2] = {
    {"orders.csv",
     "id,courier,lat,lon,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n"
     "o1,acme,52.50,13.41,10,0.1,08:00,12:00,5,cold,,\n"
     "o2,bolt,52.51,13.38,2.5,0.05,09:00,,3,,50,dc1\n"
     "o3,acme,52.49,13.45,1,0.02,,18:00,,,,\n"
     "o4,cargo,52.53,13.35,20,0.3,10:00,16:00,4,,,\n"
     "o5,bolt,52.45,13.20,5,0.05,,,2,,,\n"
     "o6,cargo,52.47,13.30,8,0.1,08:00,20:00,6,,,\n"
     "o7,acme,52.42,13.15,3,0.03,07:00,13:00,3,,,dc2\n"
     "o8,bolt,52.55,13.42,12,0.2,14:00,19:00,5,,,\n"},
    {"depots.csv", "id,name,lat,lon,open,close,cap_weight,cap_volume,fixed_cost,couriers\n"
                   "dc1,Depot One,52.52,13.40,06:00,22:00,,,100,\n"
                   "dc2,Depot Two,52.40,13.10,05:00,23:00,5000,40,,acme;bolt\n"},
    {"vehicles.csv", "id,courier,depot,count,cap_weight,cap_volume,fixed_cost,cost_per_km,"
                     "cost_per_hour,shift_start,shift_end,max_duration_min,max_distance_km,"
                     "speed_kmh,skills\n"
                     "van,acme,dc1,2,800,6,50,0.8,20,07:00,19:00,600,250,25,cold\n"
                     "truck,cargo,dc1,1,1000,8,80,1.2,25,,,,,,\n"
                     "bike,,dc2,1,30,0.2,,,,,,,,,\n"
                     "bolt-van,bolt,dc2,1,500,4,40,0.7,18,,,,,,\n"},
    {"couriers.csv", "id,name,share\n"
                     "acme,Acme Parcel,yes\n"
                     "bolt,Bolt Express,yes\n"
                     "cargo,Cargo Co,yes\n"},
};
#define BASE_N_ORDERS 8

static void write_base(const char *dir)
{
    for (size_t i = 0; i < sizeof base_files / sizeof base_files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, base_files[i][0]);
        write_file(path, base_files[i][1]);
    }
}

/* ==== running the binary ================================================= */

typedef struct spawn_opts {
    const char *env[4]; /* extra "NAME=value" entries */
    long fsize_limit;   /* RLIMIT_FSIZE in bytes, 0: none */
    bool unprivileged;  /* as root: run as nobody, so that permissions apply */
    const char *cwd;    /* working directory of the run, NULL: the test's */
    bool err_broken;    /* stderr is a pipe nobody reads: a write there fails with EPIPE */
    bool release;       /* run CF_RELEASE_BIN (the shipped build, no test hooks) */
} spawn_opts;

typedef struct proc {
    pid_t pid;
    char out_path[256], err_path[256];
    char argv_text[1024];
} proc;

typedef struct run {
    bool exited; /* normally, not by a signal */
    int code;    /* exit code, or the signal that ended it */
    long maxrss_kb;
    char *out, *err;
    char argv_text[1024];
} run;

/* The test build of the CLI (CF_BIN, with the hooks), or the binary
 * `make build` ships (CF_RELEASE_BIN). */
static const char *bin(bool release)
{
    const char *name = release ? "CF_RELEASE_BIN" : "CF_BIN";
    const char *b = getenv(name);
    cr_assert(b && *b, "%s is not set: run this test through ctest", name);
    cr_assert_eq(access(b, X_OK), 0, "%s '%s' is not executable", name, b);
    return b;
}

static proc start(work *w, const spawn_opts *o, const char *const *args)
{
    const char *argv[64];
    int n = 0;
    proc pr;
    memset(&pr, 0, sizeof pr);
    argv[n++] = bin(o && o->release);
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    for (int i = 1; i < n; i++) {
        size_t l = strlen(pr.argv_text);
        snprintf(pr.argv_text + l, sizeof pr.argv_text - l, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    w->runs++;
    snprintf(pr.out_path, sizeof pr.out_path, "%s/%d.stdout", w->cap, w->runs);
    snprintf(pr.err_path, sizeof pr.err_path, "%s/%d.stderr", w->cap, w->runs);
    fflush(NULL);
    pr.pid = fork();
    cr_assert_geq(pr.pid, 0, "fork: %s", strerror(errno));
    if (pr.pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int out = open(pr.out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(pr.err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(126);
        if (o && o->err_broken) {
            int fds[2];
            if (pipe(fds) != 0 || close(fds[0]) != 0 || dup2(fds[1], 2) < 0) _exit(126);
            close(fds[1]);
        }
        if (o && o->cwd && chdir(o->cwd) != 0) _exit(126);
        signal(SIGPIPE, SIG_DFL);
        if (o && o->fsize_limit > 0) {
            struct rlimit rl = {(rlim_t)o->fsize_limit, (rlim_t)o->fsize_limit};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(126);
        }
        if (o && o->unprivileged && geteuid() == 0) {
            if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(126);
        }
        for (int i = 0; o && i < 4 && o->env[i]; i++)
            putenv((char *)o->env[i]);
        /* Hang guards that outlive a stuck test: the child dies with the
         * test's worker (set after the change of user, which clears it),
         * and after 10 minutes in any case (the alarm survives exec). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        alarm(600);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pr;
}

/* Waits for pr to end (WUNTRACED: or to stop, then returns false). */
static bool wait_run(proc *pr, run *r, bool until_stopped)
{
    int status;
    struct rusage ru;
    pid_t got;
    memset(r, 0, sizeof *r);
    snprintf(r->argv_text, sizeof r->argv_text, "%s", pr->argv_text);
    while ((got = wait4(pr->pid, &status, until_stopped ? WUNTRACED : 0, &ru)) < 0 &&
           errno == EINTR)
        ;
    cr_assert_eq(got, pr->pid, "wait4: %s", strerror(errno));
    if (WIFSTOPPED(status)) return false;
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
    r->maxrss_kb = ru.ru_maxrss;
    r->out = slurp(pr->out_path);
    r->err = slurp(pr->err_path);
    cr_assert(r->out && r->err);
    cr_assert_neq(r->exited && (r->code == 126 || r->code == 127), 1,
                  "cofleet %s: could not be started", r->argv_text);
    cr_assert_null(strstr(r->err, "Sanitizer"), "cofleet %s: sanitizer report:\n%s", r->argv_text,
                   r->err);
    cr_assert_null(strstr(r->err, "runtime error"), "cofleet %s: UBSan report:\n%s", r->argv_text,
                   r->err);
    return true;
}

static run run_opts(work *w, const spawn_opts *o, const char *const *args)
{
    run r;
    proc pr = start(w, o, args);
    wait_run(&pr, &r, false);
    return r;
}

#define RUN(w, ...) run_opts((w), NULL, (const char *const[]){__VA_ARGS__, NULL})
#define RUN_WITH(w, o, ...) run_opts((w), (o), (const char *const[]){__VA_ARGS__, NULL})

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

static void expect_exit(const run *r, int code)
{
    cr_assert(r->exited, "cofleet %s: killed by signal %d\nstderr:\n%s", r->argv_text, r->code,
              r->err);
    cr_assert_eq(r->code, code, "cofleet %s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s",
                 r->argv_text, r->code, code, r->out, r->err);
}

static void expect_err_has(const run *r, const char *text)
{
    cr_assert_not_null(strstr(r->err, text), "cofleet %s: stderr lacks \"%s\":\n%s", r->argv_text,
                       text, r->err);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}


/* ==== reading plans back ================================================= */

static bool summary_has(const char *plan, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/summary.json", plan);
    char *s = slurp(path);
    cr_assert_not_null(s, "%s: missing", path);
    bool has = strstr(s, text) != NULL;
    free(s);
    return has;
}

/* Every order id of SCN/orders.csv appears exactly once across
 * PLAN/routes.csv (kind=order rows) and PLAN/unassigned.csv, each
 * unassigned row with a reason, and nothing else appears. */
static int expect_conservation(const char *scn, const char *plan)
{
    char path[512];
    snprintf(path, sizeof path, "%s/orders.csv", scn);
    table o = csv_read(path);
    snprintf(path, sizeof path, "%s/routes.csv", plan);
    table r = csv_read(path);
    snprintf(path, sizeof path, "%s/unassigned.csv", plan);
    table u = csv_read(path);
    int oid = table_col(&o, "id"), rk = table_col(&r, "kind"), ro = table_col(&r, "order");
    int uo = table_col(&u, "order"), ur = table_col(&u, "reason");
    cr_assert(oid >= 0 && rk >= 0 && ro >= 0 && uo >= 0 && ur >= 0, "plan columns");
    int n = o.n - 1, placed = 0;
    char **ids = malloc((size_t)(n + 1) * sizeof *ids);
    int *seen = calloc((size_t)n + 1, sizeof *seen);
    cr_assert(ids && seen);
    for (int i = 0; i < n; i++)
        ids[i] = o.f[i + 1][oid];
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    for (int pass = 0; pass < 2; pass++) {
        const table *t = pass ? &u : &r;
        for (int i = 1; i < t->n; i++) {
            const char *id;
            if (!pass) {
                const char *kind = t->f[i][rk];
                cr_assert(!strcmp(kind, "start") || !strcmp(kind, "order") || !strcmp(kind, "end"),
                          "routes.csv:%d: kind '%s'", i + 1, kind);
                if (strcmp(kind, "order") != 0) continue;
                id = t->f[i][ro];
            } else {
                cr_assert_neq(t->f[i][ur][0], '\0', "unassigned.csv:%d: no reason", i + 1);
                id = t->f[i][uo];
            }
            char **hit = bsearch(&id, ids, (size_t)n, sizeof *ids, cmp_str);
            cr_assert_not_null(hit, "%s lists '%s', which is not an order",
                               pass ? "unassigned.csv" : "routes.csv", id);
            seen[hit - ids]++;
            placed++;
        }
    }
    for (int i = 0; i < n; i++)
        cr_assert_eq(seen[i], 1, "order '%s' appears %d times in the plan", ids[i], seen[i]);
    cr_assert_eq(placed, n);
    int unassigned = u.n - 1;
    free(ids);
    free(seen);
    table_free(&o);
    table_free(&r);
    table_free(&u);
    return unassigned;
}

/* Whether PLAN/unassigned.csv gives `reason` for some order. */
static bool has_reason(const char *plan, const char *reason)
{
    char path[512];
    snprintf(path, sizeof path, "%s/unassigned.csv", plan);
    table u = csv_read(path);
    int c = table_col(&u, "reason");
    bool has = false;
    for (int i = 1; i < u.n && c >= 0; i++)
        has |= !strcmp(u.f[i][c], reason);
    table_free(&u);
    return has;
}

/* `cofleet check` accepts the plan, and conservation holds; returns the
 * number of unassigned orders. */
static int expect_valid(work *w, const char *scn, const char *plan)
{
    struct stat st;
    run c = RUN(w, "check", scn, plan);
    expect_exit(&c, 0);
    cr_assert_not_null(strstr(c.out, "plan valid"), "check says:\n%s", c.out);
    run_free(&c);
    /* A benchmark file: the checker has seen every customer served. */
    if (stat(scn, &st) == 0 && !S_ISDIR(st.st_mode)) return 0;
    return expect_conservation(scn, plan);
}

/* Entries of w->root other than the given names must be temporaries of a
 * plan write ("out.cofleet-tmp-XXXXXX") or the lock file a killed run
 * leaves (unlocked): never a name a reader takes for a plan. */
static void expect_only(const work *w, const char *const *names)
{
    int n;
    char **got = dir_names(w->root, &n);
    for (int i = 0; i < n; i++) {
        bool ok = !strncmp(got[i], TMP_PREFIX, strlen(TMP_PREFIX)) ||
                  !strcmp(got[i], ".out.cofleet-lock");
        for (int k = 0; names[k] && !ok; k++)
            ok = !strcmp(got[i], names[k]);
        cr_assert(ok, "unexpected '%s' in %s", got[i], w->root);
    }
    free_names(got, n);
}

static void remove_temporaries(const work *w)
{
    int n;
    char **got = dir_names(w->root, &n);
    for (int i = 0; i < n; i++) {
        if (strncmp(got[i], TMP_PREFIX, strlen(TMP_PREFIX)) != 0) continue;
        char path[256];
        snprintf(path, sizeof path, "%s/%s", w->root, got[i]);
        remove_tree(path);
    }
    free_names(got, n);
}

/* ==== anytime: signals and limits ======================================== */

/* Starts a search that only a signal can end (an hour of time limit), then
 * sends sig once its handlers are in place and it has had a moment to get
 * into the search. */
static void signal_ends_search(int sig)
{
    work w;
    run r;
    work_init(&w);
    proc pr = start(&w, NULL,
                    (const char *const[]){"solve", "datasets/sample-city", "--out", w.out,
                                          "--time-limit", "3600", "--quiet", NULL});
    wait_handlers(pr.pid);
    sleep_ms(1500); /* into assignment or search; any phase must obey */
    cr_assert_eq(kill(pr.pid, sig), 0);
    wait_run(&pr, &r, false);
    expect_exit(&r, 5);
    expect_err_has(&r, "cofleet: stopping:");
    expect_err_has(&r, "interrupted: wrote the best plan");
    cr_assert(summary_has(w.out, "\"stopped_by_signal\": true"), "summary.json says otherwise");
    expect_valid(&w, "datasets/sample-city", w.out);
    expect_only(&w, (const char *const[]){"cap", "scn", "out", NULL});
    run_free(&r);
    work_done(&w);
}

Test(anytime, sigterm_ends_search_and_writes_valid_plan, .timeout = 300)
{
    signal_ends_search(SIGTERM);
}

Test(anytime, sigint_ends_search_and_writes_valid_plan, .timeout = 300)
{
    signal_ends_search(SIGINT);
}

Test(anytime, time_limit_ends_search_and_writes_valid_plan, .timeout = 300)
{
    work w;
    work_init(&w);
    run r =
        RUN(&w, "solve", "datasets/sample-city", "--out", w.out, "--time-limit", "2", "--quiet");
    expect_exit(&r, 0);
    cr_assert(summary_has(w.out, "\"stopped_by_signal\": false"), "summary.json says otherwise");
    expect_valid(&w, "datasets/sample-city", w.out);
    run_free(&r);
    work_done(&w);
}

/* 200000 orders and one small vehicle: construction alone tries every order
 * against the route for a long while (about 50 s in a release build).  A
 * one-second limit, or a signal, must end it and write a valid plan with the
 * orders not yet placed unassigned.  The 60 s timeout is the hang guard.
 * The sanitizer build is several times slower at everything: 50000 orders
 * keep its construction as long, and loading and writing within the guard. */
#define LONG_CONSTRUCTION_ORDERS (UNDER_ASAN ? 50000L : 200000L)
static void long_construction(work *w)
{
    char path[256];
    snprintf(path, sizeof path, "%s/depots.csv", w->scn);
    write_file(path, "id,x,y\nd1,0,0\n");
    snprintf(path, sizeof path, "%s/vehicles.csv", w->scn);
    write_file(path, "id,depot,cap_weight\nv1,d1,100\n");
    snprintf(path, sizeof path, "%s/orders.csv", w->scn);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id,courier,x,y,weight\n", f);
    for (long i = 0; i < LONG_CONSTRUCTION_ORDERS; i++)
        fprintf(f, "o%ld,a,%ld,%ld,1\n", i, i % 1000 - 500, i % 997 - 498);
    cr_assert_eq(fclose(f), 0);
}

Test(anytime, time_limit_ends_a_long_construction, .timeout = 60)
{
    work w;
    work_init(&w);
    long_construction(&w);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "1", "--quiet");
    expect_exit(&r, 0);
    expect_conservation(w.scn, w.out);
    cr_assert(has_reason(w.out, "not_placed_in_time"), "no order says it was not reached");
    expect_valid(&w, w.scn, w.out);
    run_free(&r);
    work_done(&w);
}

Test(anytime, sigterm_ends_a_long_construction, .timeout = 60)
{
    work w;
    run r;
    work_init(&w);
    long_construction(&w);
    proc pr = start(&w, NULL,
                    (const char *const[]){"solve", w.scn, "--out", w.out, "--time-limit", "3600",
                                          "--quiet", NULL});
    wait_handlers(pr.pid);
    sleep_ms(2000); /* past the load, into construction */
    cr_assert_eq(kill(pr.pid, SIGTERM), 0);
    wait_run(&pr, &r, false);
    expect_exit(&r, 5);
    cr_assert(summary_has(w.out, "\"stopped_by_signal\": true"));
    expect_conservation(w.scn, w.out);
    cr_assert(has_reason(w.out, "not_placed_in_time"), "no order says it was not reached");
    run_free(&r);
    work_done(&w);
}

/* The first SIGINT stops the search; the second arrives while the plan is
 * being written (the test build stops itself at a write step, the test
 * queues the second SIGINT and lets it go on): exit 130, the old plan
 * untouched. */
Test(anytime, second_sigint_aborts_without_writing, .timeout = 300)
{
    work w;
    run r;
    work_init(&w);
    write_base(w.scn);
    r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "20", "--seed", "1", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    char *old = snapshot(w.out, false);
    /* Steps 0-3 are the check that --out can be written (its temporary and
     * the marker in it), before the handlers. */
    for (int step = 4; step < 19; step += 7) {
        char env[64];
        snprintf(env, sizeof env, "CF_TEST_WRITE_STEP=stop:%d", step);
        spawn_opts o = {.env = {env}};
        proc pr = start(&w, &o,
                        (const char *const[]){"solve", w.scn, "--out", w.out, "--time-limit",
                                              "3600", "--seed", "2", "--quiet", NULL});
        wait_handlers(pr.pid);
        cr_assert_eq(kill(pr.pid, SIGINT), 0);
        cr_assert(!wait_run(&pr, &r, true), "ended before write step %d", step);
        cr_assert_eq(kill(pr.pid, SIGINT), 0); /* pending while stopped */
        cr_assert_eq(kill(pr.pid, SIGCONT), 0);
        wait_run(&pr, &r, false);
        expect_exit(&r, 130);
        char *now = snapshot(w.out, false);
        cr_assert(now && !strcmp(now, old), "step %d: the plan directory changed", step);
        free(now);
        expect_only(&w, (const char *const[]){"cap", "scn", "out", NULL});
        remove_temporaries(&w);
        run_free(&r);
    }
    free(old);
    work_done(&w);
}

/* ==== atomic outputs ===================================================== */

/* Kills `cofleet solve` (SIGKILL, the test build's CF_TEST_WRITE_STEP) at
 * step 0, 1, 2, ... of its plan write until a run gets through: each time
 * the out directory must be the complete old plan (or absent, when there
 * was none) or the complete new one, and anything else left beside it a
 * temporary. */
/* Ten customers in CVRPLIB form: a benchmark plan also holds solution.sol,
 * which must be inside the atomic write like every other file. */
static const char tiny_vrp[] = "NAME : tiny\r\nTYPE : CVRP\r\nDIMENSION : 11\r\n"
                               "EDGE_WEIGHT_TYPE : EUC_2D\r\nCAPACITY : 10\r\n"
                               "NODE_COORD_SECTION\r\n1 50 50\r\n2 10 12\r\n3 85 20\r\n"
                               "4 30 90\r\n5 70 75\r\n6 15 55\r\n7 95 60\r\n8 45 5\r\n"
                               "9 60 35\r\n10 25 30\r\n11 80 95\r\nDEMAND_SECTION\r\n"
                               "1 0\r\n2 3\r\n3 4\r\n4 2\r\n5 5\r\n6 3\r\n7 4\r\n"
                               "8 2\r\n9 3\r\n10 4\r\n11 2\r\nDEPOT_SECTION\r\n1\r\n-1\r\nEOF\r\n";

static void kill_at_every_step(bool with_old, bool bench)
{
    work w;
    run r;
    char old_dir[256], ref_dir[256], vrp[256];
    const char *in = w.scn;
    int steps, saw_old = 0, saw_new = 0;
    work_init(&w);
    write_base(w.scn);
    if (bench) {
        snprintf(vrp, sizeof vrp, "%s/tiny.vrp", w.root);
        write_file(vrp, tiny_vrp);
        in = vrp;
    }
    snprintf(old_dir, sizeof old_dir, "%s/old", w.root);
    snprintf(ref_dir, sizeof ref_dir, "%s/ref", w.root);
    r = RUN(&w, "solve", in, "--out", old_dir, "--iterations", "20", "--seed", "1", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    r = RUN(&w, "solve", in, "--out", ref_dir, "--iterations", "20", "--seed", "2", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    expect_valid(&w, in, old_dir);
    expect_valid(&w, in, ref_dir);
    char *old = snapshot(old_dir, false), *neu = snapshot(ref_dir, false);
    cr_assert_str_neq(old, neu,
                      "seeds 1 and 2 give the same plan: the test cannot tell them apart");

    for (steps = 0; steps < 1000; steps++) {
        char env[64];
        remove_tree(w.out);
        remove_temporaries(&w);
        if (with_old) copy_tree(old_dir, w.out);
        snprintf(env, sizeof env, "CF_TEST_WRITE_STEP=kill:%d", steps);
        spawn_opts o = {.env = {env}};
        r = RUN_WITH(&w, &o, "solve", in, "--out", w.out, "--iterations", "20", "--seed", "2",
                     "--quiet");
        char *now = snapshot(w.out, false);
        if (r.exited) { /* past the last step: the write went through */
            expect_exit(&r, 0);
            cr_assert(now && !strcmp(now, neu),
                      "the uninterrupted write differs from the reference");
            free(now);
            run_free(&r);
            break;
        }
        cr_assert_eq(r.code, SIGKILL, "step %d: ended by signal %d", steps, r.code);
        if (now && !strcmp(now, neu)) {
            saw_new++;
        } else if (with_old) {
            cr_assert(now && !strcmp(now, old),
                      "killed at write step %d: the plan is neither the old nor the new one:\n%s",
                      steps, now ? now : "(missing)");
            saw_old++;
        } else {
            cr_assert_null(now, "killed at write step %d: a partial plan:\n%s", steps, now);
            saw_old++;
        }
        expect_only(&w, (const char *const[]){"cap", "scn", "out", "old", "ref", "tiny.vrp", NULL});
        free(now);
        run_free(&r);
    }
    cr_assert_geq(steps, 10, "only %d write steps: the hook is not reached", steps);
    cr_assert_gt(saw_old, 0);
    cr_assert_gt(saw_new, 0);
    cr_log_info("%d write steps, old plan after %d kills, new plan after %d", steps, saw_old,
                saw_new);
    /* After all these kills, with temporaries around, a normal run recovers. */
    r = RUN(&w, "solve", in, "--out", w.out, "--iterations", "20", "--seed", "2", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    expect_valid(&w, in, w.out);
    free(old);
    free(neu);
    work_done(&w);
}

Test(atomic, sigkill_at_every_write_step_leaves_old_or_new_plan, .timeout = 600)
{
    kill_at_every_step(true, false);
}

Test(atomic, sigkill_during_first_write_leaves_no_plan_or_new_plan, .timeout = 600)
{
    kill_at_every_step(false, false);
}

Test(atomic, sigkill_at_every_write_step_of_a_benchmark_plan, .timeout = 600)
{
    kill_at_every_step(true, true);
}

/* The hook is for test builds only: the binary `make build` ships has no
 * CF_TEST_WRITE_STEP, so the variable that kills the test build at its first
 * write step leaves it writing the same plan as without it. */
Test(atomic, shipped_binary_ignores_the_write_step_hook, .timeout = 300)
{
    work w;
    run r;
    char ref_dir[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(ref_dir, sizeof ref_dir, "%s/ref", w.root);
    r = RUN(&w, "solve", w.scn, "--out", ref_dir, "--iterations", "20", "--seed", "1", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    spawn_opts hooked = {.env = {"CF_TEST_WRITE_STEP=kill:0"}};
    r = RUN_WITH(&w, &hooked, "solve", w.scn, "--out", w.out, "--iterations", "20", "--quiet");
    cr_assert(!r.exited && r.code == SIGKILL, "the test build ignored CF_TEST_WRITE_STEP");
    run_free(&r);
    spawn_opts shipped = {.env = {"CF_TEST_WRITE_STEP=kill:0"}, .release = true};
    r = RUN_WITH(&w, &shipped, "solve", w.scn, "--out", w.out, "--iterations", "20", "--seed",
                 "1", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    char *want = snapshot(ref_dir, false), *got = snapshot(w.out, false);
    cr_assert(want && got && !strcmp(want, got), "the shipped binary wrote another plan");
    free(want);
    free(got);
    work_done(&w);
}

/* Sets the modification time of path an hour back: "left by last night's
 * run", past the few seconds during which a fresh temporary is spared. */
static void age(const char *path)
{
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= 3600;
    t[1] = t[0];
    cr_assert_eq(utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW), 0, "%s: %s", path,
                 strerror(errno));
}

static int count_temporaries(const work *w)
{
    int n, k = 0;
    char **got = dir_names(w->root, &n);
    for (int i = 0; i < n; i++)
        k += !strncmp(got[i], TMP_PREFIX, strlen(TMP_PREFIX));
    free_names(got, n);
    return k;
}

/* A run killed half-way leaves its temporary; the next run removes it, but
 * never the temporary of a writer that is still alive (it holds a lock). */
Test(atomic, next_run_removes_the_temporaries_of_a_killed_one, .timeout = 300)
{
    work w;
    run r;
    char path[512], live[160];
    work_init(&w);
    write_base(w.scn);
    for (int step = 3; step <= 9; step += 6) { /* a directory, then a file, half-written */
        char env[64];
        snprintf(env, sizeof env, "CF_TEST_WRITE_STEP=kill:%d", step);
        spawn_opts o = {.env = {env}};
        r = RUN_WITH(&w, &o, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
        cr_assert(!r.exited && r.code == SIGKILL, "step %d: not killed", step);
        run_free(&r);
    }
    cr_assert_geq(count_temporaries(&w), 1, "the killed runs left nothing to clean");
    int n;
    char **got = dir_names(w.root, &n);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", w.root, got[i]);
        if (!strncmp(got[i], TMP_PREFIX, strlen(TMP_PREFIX))) age(path);
    }
    free_names(got, n);
    /* A live writer's temporary, as old, locked by this process. */
    snprintf(live, sizeof live, "%s/" TMP_PREFIX "live00", w.root);
    cr_assert_eq(mkdir(live, 0755), 0);
    snprintf(path, sizeof path, "%s/" CF_ATOMIC_MARK, live);
    write_file(path, "cofleet temporary\n");
    snprintf(path, sizeof path, "%s/routes.csv", live);
    write_file(path, "vehicle\n");
    age(live);
    int fd = open(live, O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fd, 0);
    cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0);

    r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    expect_valid(&w, w.scn, w.out);
    cr_assert_eq(count_temporaries(&w), 1, "stale temporaries left, or the live one removed");
    cr_assert(exists(path), "the live writer's temporary was touched");
    close(fd);
    work_done(&w);
}

/* ==== disk and permission faults ========================================= */

/* The old plan in w->out (from the base scenario) and its snapshot. */
static char *old_plan(work *w)
{
    write_base(w->scn);
    run r = RUN(w, "solve", w->scn, "--out", w->out, "--iterations", "10", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    return snapshot(w->out, false);
}

static void expect_unchanged(const char *dir, const char *snap)
{
    char *now = snapshot(dir, false);
    cr_assert(now && !strcmp(now, snap), "%s changed:\n%s", dir, now ? now : "(missing)");
    free(now);
}

Test(faults, missing_out_parent_fails_before_solving, .timeout = 120)
{
    work w;
    char out[256], missing[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(missing, sizeof missing, "%s/missing", w.root);
    snprintf(out, sizeof out, "%s/missing/plan", w.root);
    /* An hour of search if the check came after it: the timeout fails the test. */
    run r = RUN(&w, "solve", w.scn, "--out", out, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, missing);
    expect_err_has(&r, "No such file or directory");
    expect_only(&w, (const char *const[]){"cap", "scn", NULL});
    run_free(&r);
    work_done(&w);
}

Test(faults, out_path_that_is_a_file_is_refused, .timeout = 120)
{
    work w;
    work_init(&w);
    write_base(w.scn);
    write_file(w.out, "not a plan\n");
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "10", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "is not a directory");
    char *kept = slurp(w.out);
    cr_assert_str_eq(kept, "not a plan\n");
    free(kept);
    run_free(&r);
    work_done(&w);
}

Test(faults, unwritable_out_parent_fails_before_solving, .timeout = 120)
{
    work w;
    char parent[256], out[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(parent, sizeof parent, "%s/ro", w.root);
    snprintf(out, sizeof out, "%s/ro/plan", w.root);
    cr_assert_eq(mkdir(parent, 0555), 0);
    cr_assert_eq(chmod(parent, 0555), 0);
    spawn_opts o = {.unprivileged = true};
    run r = RUN_WITH(&w, &o, "solve", w.scn, "--out", out, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "Permission denied");
    char listing[256];
    list_dir(parent, listing, sizeof listing);
    cr_assert_str_eq(listing, "", "written into the read-only directory: %s", listing);
    run_free(&r);
    work_done(&w);
}

Test(faults, unreadable_input_file_is_an_input_error, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    cr_assert_eq(chmod(path, 0), 0);
    cr_assert_eq(chmod(w.root, 0777), 0); /* the out directory could be written */
    spawn_opts o = {.unprivileged = true};
    run r = RUN_WITH(&w, &o, "solve", w.scn, "--out", w.out, "--iterations", "10", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "orders.csv");
    expect_err_has(&r, "Permission denied");
    expect_only(&w, (const char *const[]){"cap", "scn", NULL});
    run_free(&r);
    work_done(&w);
}

/* A file-size limit (ulimit -f) below the size of the new plan: the write
 * fails with EFBIG (SIGXFSZ ignored), exit 4, the old plan intact. */
Test(faults, file_size_limit_keeps_old_plan, .timeout = 300)
{
    work w;
    work_init(&w);
    char *old = old_plan(&w);
    spawn_opts o = {.fsize_limit = 16 * 1024};
    run r = RUN_WITH(&w, &o, "solve", "datasets/sample-city", "--out", w.out, "--iterations", "10",
                     "--quiet");
    expect_exit(&r, 4);
    expect_err_has(&r, "File too large");
    expect_unchanged(w.out, old);
    expect_only(&w, (const char *const[]){"cap", "scn", "out", NULL});
    cr_assert_eq(w.runs, 2);
    free(old);
    run_free(&r);
    work_done(&w);
}

/* Mounts a tmpfs of `size` at path in a mount namespace of this test's own
 * (gone with the process); false when this system does not allow it. */
static bool private_tmpfs(const char *path, const char *size, unsigned long flags)
{
    char opts[64];
    static bool unshared;
    if (!unshared) {
        if (unshare(CLONE_NEWNS) != 0) return false;
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return false;
        unshared = true;
    }
    snprintf(opts, sizeof opts, "size=%s,mode=0755", size);
    return mount("tmpfs", path, "tmpfs", flags, opts) == 0;
}

/* A full disk: the new plan does not fit the file system the old one is on. */
Test(faults, full_disk_keeps_old_plan, .timeout = 300)
{
    work w;
    char mnt[256], out[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(mnt, sizeof mnt, "%s/mnt", w.root);
    snprintf(out, sizeof out, "%s/mnt/out", w.root);
    cr_assert_eq(mkdir(mnt, 0755), 0);
    if (!private_tmpfs(mnt, "64k", 0)) {
        work_done(&w);
        cr_skip_test("cannot mount a tmpfs here (%s): needs root in a mount namespace",
                     strerror(errno));
    }
    run r = RUN(&w, "solve", w.scn, "--out", out, "--iterations", "10", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    char *old = snapshot(out, false);
    r = RUN(&w, "solve", "datasets/sample-city", "--out", out, "--iterations", "10", "--quiet");
    expect_exit(&r, 4);
    expect_err_has(&r, "No space left on device");
    expect_unchanged(out, old);
    char listing[256];
    list_dir(mnt, listing, sizeof listing);
    cr_assert_str_eq(listing, "out", "left on the full disk: %s", listing);
    free(old);
    run_free(&r);
    umount2(mnt, MNT_DETACH);
    work_done(&w);
}

/* A read-only file system under the old plan: refused before solving. */
Test(faults, read_only_file_system_keeps_old_plan, .timeout = 300)
{
    work w;
    char mnt[256], out[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(mnt, sizeof mnt, "%s/mnt", w.root);
    snprintf(out, sizeof out, "%s/mnt/out", w.root);
    cr_assert_eq(mkdir(mnt, 0755), 0);
    if (!private_tmpfs(mnt, "1m", 0)) {
        work_done(&w);
        cr_skip_test("cannot mount a tmpfs here (%s): needs root in a mount namespace",
                     strerror(errno));
    }
    run r = RUN(&w, "solve", w.scn, "--out", out, "--iterations", "10", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    char *old = snapshot(out, false);
    cr_assert_eq(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0, "remount: %s",
                 strerror(errno));
    r = RUN(&w, "solve", w.scn, "--out", out, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "Read-only file system");
    expect_unchanged(out, old);
    free(old);
    run_free(&r);
    umount2(mnt, MNT_DETACH);
    work_done(&w);
}

/* ==== allocation failures over the whole path ============================ */

/* Load, solve (one thread, a work limit), check and write, with the n-th
 * allocation failing: CF_ENOMEM from whichever step, nothing written. */
static cf_status whole_path(const char *scn, const char *out, long n, const char **stage,
                            cf_err *err)
{
    cf_params cli, prm;
    cf_problem *p = NULL;
    cf_solution sol = {0};
    cf_solve_stats stats;
    cf_status rc;
    bool have_sol = false;

    cf_params_defaults(&cli);
    cli.set = 0;
    cr_assert_eq(cf_params_set(&cli, "threads", "1", err), CF_OK);
    cr_assert_eq(cf_params_set(&cli, "iterations", "15", err), CF_OK);
    cr_assert_eq(cf_params_set(&cli, "time_limit", "3600", err), CF_OK);
    cf_alloc_fail_after(n);
    *stage = "load";
    if ((rc = cf_scenario_load(scn, &cli, &prm, &p, err)) != CF_OK) goto done;
    *stage = "solution";
    if ((rc = cf_solution_init(&sol, p, err)) != CF_OK) goto done;
    have_sol = true;
    *stage = "solve";
    cf_solve_opts opts = {.params = &prm};
    if ((rc = cf_solve(p, &opts, &sol, &stats, err)) != CF_OK) goto done;
    *stage = "check";
    if ((rc = cf_solution_check(p, &sol, err)) != CF_OK) goto done;
    *stage = "write";
    cf_run_info info = {.elapsed_s = stats.elapsed_s, .iterations = stats.iterations,
                        .threads = stats.threads};
    rc = cf_plan_write(out, p, &prm, &sol, &info, err);
done:
    cf_alloc_fail_after(-1);
    if (have_sol) cf_solution_release(&sol);
    cf_problem_free(p);
    return rc;
}

Test(oom, every_failure_on_load_solve_check_write_is_clean, .timeout = 600)
{
    work w;
    long n;
    int by_stage[5] = {0};
    const char *stages[] = {"load", "solution", "solve", "check", "write"};
    work_init(&w);
    write_base(w.scn);
    for (n = 0; n < 200000; n++) {
        const char *stage;
        cf_err err = {0};
        cf_status rc = whole_path(w.scn, w.out, n, &stage, &err);
        if (rc == CF_OK) break;
        cr_assert_eq(rc, CF_ENOMEM, "allocation %ld fails in %s: %s: %s", n, stage,
                     cf_status_str(rc), err.msg);
        cr_assert(!exists(w.out), "allocation %ld fails in %s, yet a plan was written", n, stage);
        expect_only(&w, (const char *const[]){"cap", "scn", NULL});
        for (int i = 0; i < 5; i++)
            if (!strcmp(stage, stages[i])) by_stage[i]++;
    }
    cr_assert_lt(n, 200000, "the path never succeeded");
    cr_assert(exists(w.out), "the last run wrote no plan");
    for (int i = 0; i < 5; i++)
        if (i != 1) cr_assert_gt(by_stage[i], 0, "no allocation failed in %s", stages[i]);
    cr_log_info("%ld allocation failure points: load %d, solution %d, solve %d, check %d, "
                "write %d",
                n, by_stage[0], by_stage[1], by_stage[2], by_stage[3], by_stage[4]);
    ASSERT_NO_LEAKS();
    work_done(&w);
}

/* ==== hostile sizes ====================================================== */

#define GIB (1024L * 1024L * 1024L)

/* Feeds orders.csv through a FIFO: the header, then `prefix`, then bytes of
 * `fill` up to 1 GiB (a newline every `nl_every` bytes, 0: none).  Returns
 * the writer's pid; it exits 0 when the reader closed early, 1 when it wrote
 * everything. */
static pid_t fifo_writer(const char *path, const char *prefix, char fill, long nl_every)
{
    cr_assert_eq(mkfifo(path, 0644), 0, "mkfifo: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        static char chunk[1 << 20];
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        signal(SIGPIPE, SIG_IGN);
        int fd = open(path, O_WRONLY);
        if (fd < 0) _exit(2);
        const char *head = "id,courier,lat,lon,weight\n";
        if (write(fd, head, strlen(head)) < 0 || write(fd, prefix, strlen(prefix)) < 0) _exit(0);
        memset(chunk, fill, sizeof chunk);
        if (nl_every > 0)
            for (long i = nl_every - 1; i < (long)sizeof chunk; i += nl_every)
                chunk[i] = '\n';
        for (long sent = 0; sent < GIB;) {
            ssize_t k = write(fd, chunk, sizeof chunk);
            if (k < 0) _exit(errno == EPIPE ? 0 : 2);
            sent += k;
        }
        close(fd);
        _exit(1);
    }
    return pid;
}

static void gigabyte_field(const char *prefix, char fill, long nl_every)
{
    work w;
    char path[256];
    int status;
    work_init(&w);
    write_base(w.scn);
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    unlink(path);
    pid_t writer = fifo_writer(path, prefix, fill, nl_every);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "10", "--quiet");
    /* A writer still waiting for a reader gets one that leaves at once (EPIPE). */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd >= 0) close(fd);
    cr_assert_eq(waitpid(writer, &status, 0), writer);
    expect_exit(&r, 2);
    expect_err_has(&r, "orders.csv:2:");
    expect_err_has(&r, "longer than 65536 bytes");
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the reader did not stop at the field limit: it took the whole gigabyte");
    cr_assert_lt(r.maxrss_kb, 512 * 1024, "peak RSS %ld kB for a 1 GB line", r.maxrss_kb);
    cr_log_info("1 GB field (%s...): refused, peak RSS %ld kB", prefix, r.maxrss_kb);
    expect_only(&w, (const char *const[]){"cap", "scn", NULL});
    run_free(&r);
    work_done(&w);
}

Test(hostile, gigabyte_line_is_refused_in_bounded_memory, .timeout = 300)
{
    gigabyte_field("o1,acme,52.5,13.4,", 'x', 0);
}

Test(hostile, gigabyte_quoted_field_over_many_lines_is_refused, .timeout = 300)
{
    gigabyte_field("o1,acme,52.5,13.4,\"", 'x', 80);
}

Test(hostile, gigabyte_of_quotes_is_refused, .timeout = 300)
{
    gigabyte_field("o1,acme,52.5,13.4,", '"', 0);
}

/* Header and 10 million short rows in orders.csv (the reader's row limit):
 * `cofleet check` loads the scenario (then finds no plan, exit 2): it loads
 * within a memory bound, or says clearly why not.  The sanitizer build, 5
 * times slower, reads a million rows through the same code. */
Test(hostile, ten_million_rows_load_in_bounded_memory, .timeout = 600)
{
    work w;
    char path[256], noplan[256];
    const long rows = UNDER_ASAN ? 1000000L : 10000000L;
    work_init(&w);
    snprintf(path, sizeof path, "%s/depots.csv", w.scn);
    write_file(path, "id,x,y\nd1,0,0\n");
    snprintf(path, sizeof path, "%s/vehicles.csv", w.scn);
    write_file(path, "id,depot,cap_weight\nv1,d1,100\n");
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id,courier,x,y,weight\n", f);
    for (long i = 0; i < rows; i++)
        fprintf(f, "o%ld,a,%ld,%ld,1\n", i, i % 1000, i % 997);
    cr_assert_eq(fclose(f), 0, "%s: %s", path, strerror(errno));
    snprintf(noplan, sizeof noplan, "%s/noplan", w.root);
    run r = RUN(&w, "check", w.scn, noplan);
    unlink(path);
    expect_exit(&r, 2);
    /* Loaded: the complaint is about the missing plan, not the scenario. */
    expect_err_has(&r, "noplan");
    /* Measured: 2.0 GB for 10 million orders (about 200 bytes each). */
    long bound_kb = 256L * 1024 + rows / 4; /* 256 MB + 250 bytes a row */
    cr_assert_lt(r.maxrss_kb, bound_kb, "peak RSS %ld kB loading %ld orders", r.maxrss_kb, rows);
    cr_log_info("%ld orders: loaded, peak RSS %ld kB", rows, r.maxrss_kb);
    run_free(&r);
    work_done(&w);
}

/* A header-only matrix.csv beside 19000 orders: the matrix can never be
 * complete (it would need more rows than a file may have), which must be
 * said before 2.8 GB are allocated for it (a bug found here). */
Test(hostile, impossible_matrix_is_refused_before_allocating, .timeout = 120)
{
    work w;
    char path[256], noplan[256];
    work_init(&w);
    snprintf(path, sizeof path, "%s/depots.csv", w.scn);
    write_file(path, "id,x,y\nd1,0,0\n");
    snprintf(path, sizeof path, "%s/vehicles.csv", w.scn);
    write_file(path, "id,depot,cap_weight\nv1,d1,100\n");
    snprintf(path, sizeof path, "%s/matrix.csv", w.scn);
    write_file(path, "from,to,distance_km,duration_min\n");
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("id,courier,x,y,weight\n", f);
    for (long i = 0; i < 19000; i++)
        fprintf(f, "o%ld,a,%ld,%ld,1\n", i, i % 100, i % 97);
    cr_assert_eq(fclose(f), 0);
    snprintf(noplan, sizeof noplan, "%s/noplan", w.root);
    run r = RUN(&w, "check", w.scn, noplan);
    expect_exit(&r, 2);
    expect_err_has(&r, "matrix.csv: 19001 depots and orders need 361019000 rows, more than the "
                       "10000000 a file may have");
    cr_assert_lt(r.maxrss_kb, 256L * 1024, "peak RSS %ld kB", r.maxrss_kb);
    run_free(&r);
    work_done(&w);
}

/* In-process loads of the base scenario with one file replaced. */
static cf_status load_with(const char *file, const char *text, cf_err *err)
{
    work w;
    char path[256];
    cf_problem *p = NULL;
    work_init(&w);
    write_base(w.scn);
    snprintf(path, sizeof path, "%s/%s", w.scn, file);
    write_file(path, text);
    cf_status rc = cf_scenario_load(w.scn, NULL, NULL, &p, err);
    if (rc == CF_OK) {
        cr_assert_not_null(p);
        cf_problem_free(p);
    } else {
        cr_assert_null(p);
        cr_assert_neq(err->msg[0], '\0', "an error without a message");
    }
    work_done(&w);
    return rc;
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *s = malloc(hl + n + tl + 1);
    cr_assert_not_null(s);
    memcpy(s, head, hl);
    memset(s + hl, c, n);
    memcpy(s + hl + n, tail, tl + 1);
    return s;
}

Test(hostile, ten_kilobyte_ids_are_refused, .timeout = 60)
{
    cf_err err = {0};
    char *orders = repeat("id,courier,lat,lon,weight\n", 'x', 10240, ",acme,52.5,13.4,1\n");
    cr_assert_eq(load_with("orders.csv", orders, &err), CF_EPARSE, "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "orders.csv:2: column 'id':"), "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "longer than 200 bytes"), "%s", err.msg);
    free(orders);
    char *couriers = repeat("id,name,share\nacme,", 'n', 10240, ",yes\nbolt,B,yes\ncargo,C,yes\n");
    cr_assert_eq(load_with("couriers.csv", couriers, &err), CF_OK, "a long name is fine: %s",
                 err.msg);
    free(couriers);
    char *vehicles =
        repeat("id,courier,depot,cap_weight\n", 'v', 10240, ",acme,dc1,100\nt,cargo,dc1,100\n");
    cr_assert_eq(load_with("vehicles.csv", vehicles, &err), CF_EPARSE, "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "longer than"), "%s", err.msg);
    free(vehicles);
}

Test(hostile, runs_of_quotes_give_a_value_or_a_clear_error, .timeout = 60)
{
    cf_err err = {0};
    /* 30000 doubled quotes: a 30000-quote name, under the field limit. */
    char *inner = repeat("", '"', 60000, "");
    size_t need = strlen(inner) + 256;
    char *couriers = malloc(need);
    cr_assert_not_null(couriers);
    snprintf(couriers, need, "id,name,share\nacme,\"%s\",yes\nbolt,B,yes\ncargo,C,yes\n", inner);
    cr_assert_eq(load_with("couriers.csv", couriers, &err), CF_OK, "%s", err.msg);
    free(couriers);
    /* An odd run: the quote never closes. */
    couriers = repeat("id,name,share\nacme,", '"', 60001, ",yes\n");
    cr_assert_eq(load_with("couriers.csv", couriers, &err), CF_EPARSE, "%s", err.msg);
    free(couriers);
    /* 200000 quotes: past the field limit. */
    couriers = repeat("id,name,share\nacme,\"", '"', 200000, "\",yes\n");
    cr_assert_eq(load_with("couriers.csv", couriers, &err), CF_EPARSE, "%s", err.msg);
    cr_assert_not_null(strstr(err.msg, "couriers.csv:2:"), "%s", err.msg);
    free(couriers);
    free(inner);
}

Test(hostile, huge_exponents_are_refused, .timeout = 60)
{
    cf_err err = {0};
    static const char *const numbers[] = {"1e400", "-1e400", "1e999999999", "0x1p99999"};
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char orders[256];
        snprintf(orders, sizeof orders, "id,courier,lat,lon,weight\no1,acme,52.5,13.4,%s\n",
                 numbers[i]);
        cr_assert_eq(load_with("orders.csv", orders, &err), CF_EPARSE, "weight %s: %s", numbers[i],
                     err.msg);
        cr_assert_not_null(strstr(err.msg, "orders.csv:2: column 'weight':"), "%s", err.msg);
    }
    cr_assert_eq(
        load_with("orders.csv", "id,courier,lat,lon,weight\no1,acme,52.5,13.4,1e-400\n", &err),
        CF_OK, "a tiny weight rounds to 0: %s", err.msg);
    cr_assert_neq(load_with("scenario.ini", "[scenario]\ntime_limit = 1e400\n", &err), CF_OK);
    cr_assert_not_null(strstr(err.msg, "scenario.ini:2:"), "%s", err.msg);
    cr_assert_neq(
        load_with("vehicles.csv", "id,depot,cap_weight,cost_per_km\nv,dc1,10,1e400\n", &err),
        CF_OK);
    cr_assert_not_null(strstr(err.msg, "vehicles.csv:2:"), "%s", err.msg);
}

static cf_status bench_with(const char *text, cf_bench_format fmt, cf_err *err)
{
    work w;
    char path[256];
    cf_problem *p = NULL;
    cf_bench_opts o;
    work_init(&w);
    snprintf(path, sizeof path, "%s/instance", w.root);
    write_file(path, text);
    cf_bench_opts_init(&o);
    o.format = fmt;
    cf_status rc = cf_bench_read(path, &o, &p, NULL, err);
    cf_problem_free(p);
    work_done(&w);
    return rc;
}

Test(hostile, huge_numbers_in_benchmark_files_are_refused, .timeout = 60)
{
    cf_err err = {0};
    cr_assert_neq(bench_with("NAME : x\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                             "CAPACITY : 1e400\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 2\n"
                             "DEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n",
                             CF_BENCH_CVRPLIB, &err),
                  CF_OK);
    cr_assert_neq(bench_with("NAME : x\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                             "CAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 1e400 1\n3 2 2\n"
                             "DEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n",
                             CF_BENCH_CVRPLIB, &err),
                  CF_OK);
    cr_assert_neq(bench_with("X\n\nVEHICLE\nNUMBER CAPACITY\n2 10\n\nCUSTOMER\n"
                             "CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME\n"
                             "0 0 0 0 0 1e400 0\n1 1 1 1 0 10 0\n",
                             CF_BENCH_SOLOMON, &err),
                  CF_OK);
}

/* A 1 GiB benchmark file (sparse): refused at the size limit, in less
 * memory than the file's size. */
Test(hostile, gigabyte_benchmark_file_is_refused_in_bounded_memory, .timeout = 300)
{
    work w;
    char path[256];
    int status;
    struct rusage ru;
    work_init(&w);
    snprintf(path, sizeof path, "%s/huge.vrp", w.root);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "NAME : huge\n", 12), 12);
    cr_assert_eq(ftruncate(fd, GIB), 0);
    close(fd);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        cf_problem *p = NULL;
        cf_err err = {0};
        cf_bench_opts o;
        cf_bench_opts_init(&o);
        o.format = CF_BENCH_CVRPLIB;
        cf_status rc = cf_bench_read(path, &o, &p, NULL, &err);
        _exit(rc == CF_OK ? 1 : (strstr(err.msg, "larger than") ? 0 : 2));
    }
    cr_assert_eq(wait4(pid, &status, 0, &ru), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    cr_assert_lt(ru.ru_maxrss, 256L * 1024, "peak RSS %ld kB", ru.ru_maxrss);
    cr_log_info("1 GiB benchmark file: refused, peak RSS %ld kB", ru.ru_maxrss);
    work_done(&w);
}

/* ==== determinism ======================================================== */

Test(determinism, same_seed_same_plan_bytes_across_runs_and_threads, .timeout = 600)
{
    work w;
    char *first = NULL;
    static const char *const threads[] = {"1", "2", "4", "2"};
    work_init(&w);
    run g = RUN(&w, "gen", w.scn, "--orders", "60", "--couriers", "3", "--depots", "2", "--seed",
                "21", "--tight");
    expect_exit(&g, 0);
    run_free(&g);
    for (int i = 0; i < 4; i++) {
        char out[256];
        snprintf(out, sizeof out, "%s/out%d", w.root, i);
        run r = RUN(&w, "solve", w.scn, "--out", out, "--quiet", "--seed", "5", "--iterations",
                    UNDER_ASAN ? "60" : "150", "--time-limit", "3600", "--threads", threads[i]);
        expect_exit(&r, 0);
        run_free(&r);
        char *s = snapshot(out, true);
        if (!first) {
            expect_valid(&w, w.scn, out);
            first = s;
            continue;
        }
        cr_assert_str_eq(s, first, "--threads %s (run %d) differs from --threads 1", threads[i],
                         i + 1);
        free(s);
    }
    free(first);
    work_done(&w);
}

/* ==== conservation ======================================================= */

enum { V_NARROW = 1, V_SKILL = 2, V_DC_SHORT = 4 };

/* Narrow time windows, a skill no vehicle has, DCs too small for the
 * demand: edits of a generated scenario. */
static void vary(const char *scn, unsigned v, unsigned seed)
{
    char path[512];
    snprintf(path, sizeof path, "%s/orders.csv", scn);
    table o = csv_read(path);
    int tws = table_col(&o, "tw_start"), twe = table_col(&o, "tw_end");
    int sk = table_col(&o, "skills"), wt = table_col(&o, "weight");
    cr_assert(tws >= 0 && twe >= 0 && sk >= 0 && wt >= 0, "generated orders.csv columns");
    double total = 0.0;
    for (int r = 1; r < o.n; r++) {
        unsigned h = (unsigned)r * 2654435761u ^ seed;
        total += atof(o.f[r][wt]);
        if ((v & V_NARROW) && h % 3 == 0) {
            char a[16], b[16];
            int start = 8 * 60 + (int)(h % 600);
            snprintf(a, sizeof a, "%02d:%02d", start / 60, start % 60);
            snprintf(b, sizeof b, "%02d:%02d", (start + 10) / 60, (start + 10) % 60);
            table_set(&o, r, tws, a);
            table_set(&o, r, twe, b);
        }
        if ((v & V_SKILL) && h % 4 == 1) table_set(&o, r, sk, "unobtainium");
    }
    csv_write(path, &o);
    table_free(&o);
    if (v & V_DC_SHORT) {
        snprintf(path, sizeof path, "%s/depots.csv", scn);
        table d = csv_read(path);
        int cw = table_col(&d, "cap_weight");
        cr_assert_geq(cw, 0);
        for (int r = 1; r < d.n; r++) {
            char cap[32];
            snprintf(cap, sizeof cap, "%.1f", total / (3.0 * (d.n - 1)) + 1.0);
            table_set(&d, r, cw, cap);
        }
        csv_write(path, &d);
        table_free(&d);
    }
}

Test(conservation, every_order_once_over_generated_scenarios, .timeout = 600)
{
    work w;
    int cases = UNDER_ASAN ? 10 : 16, unassigned = 0, skills_bite = 0, dc_bites = 0;
    work_init(&w);
    for (int i = 0; i < cases; i++) {
        char scn[256], out[256], orders[16], couriers[16], depots[16], seed[16];
        unsigned v = (unsigned)i % 8;
        snprintf(scn, sizeof scn, "%s/s%d", w.root, i);
        snprintf(out, sizeof out, "%s/p%d", w.root, i);
        snprintf(orders, sizeof orders, "%d", 5 + (i * 37) % 80);
        snprintf(couriers, sizeof couriers, "%d", 1 + i % 4);
        snprintf(depots, sizeof depots, "%d", 1 + (i / 2) % 3);
        snprintf(seed, sizeof seed, "%d", 100 + i);
        run g = i % 2 ? RUN(&w, "gen", scn, "--orders", orders, "--couriers", couriers, "--depots",
                            depots, "--seed", seed, "--tight")
                      : RUN(&w, "gen", scn, "--orders", orders, "--couriers", couriers, "--depots",
                            depots, "--seed", seed, "--coords", i % 4 ? "latlon" : "plane");
        expect_exit(&g, 0);
        run_free(&g);
        vary(scn, v, (unsigned)i);
        run r = RUN(&w, "solve", scn, "--out", out, "--quiet", "--seed", seed, "--iterations", "60",
                    "--time-limit", "3600");
        expect_exit(&r, 0);
        run_free(&r);
        int un = expect_valid(&w, scn, out);
        unassigned += un;
        if (v & V_SKILL) skills_bite += has_reason(out, "no_vehicle_with_skills");
        if (v & V_DC_SHORT) dc_bites += un > 0;
        cr_log_info("case %d: %s orders, variation %u, %d unassigned", i, orders, v, un);
    }
    /* The variations must bite, or the property is tested on easy cases only. */
    cr_assert_gt(unassigned, 0);
    cr_assert_gt(skills_bite, 0, "no order was left for want of a skill");
    cr_assert_gt(dc_bites, 0, "no DC shortfall left an order unassigned");
    work_done(&w);
}

/* ==== probe: the defects an adversarial probe found ============ */

/* Defect 1: `--out SCENARIO` once replaced the scenario when it held any
 * summary.json.  Refused now before anything is solved or written. */
Test(probe, out_on_the_scenario_with_a_foreign_summary_is_refused, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    write_base(w.scn);
    snprintf(path, sizeof path, "%s/summary.json", w.scn);
    write_file(path, "{}\n");
    char *before = snapshot(w.scn, false);
    run r = RUN(&w, "solve", w.scn, "--out", w.scn, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "holds the input");
    expect_unchanged(w.scn, before);
    run_free(&r);
    r = RUN(&w, "coalition", w.scn, "--out", w.scn, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_unchanged(w.scn, before);
    run_free(&r);
    free(before);
    work_done(&w);
}

/* Defect 1: the sweep of stale temporaries took a user's "out.tmp-backup/"
 * for one of its own.  Only marked directories named exactly as cofleet
 * names its temporaries are swept. */
Test(probe, sweep_keeps_user_folders_named_like_temporaries, .timeout = 120)
{
    work w;
    char dir[3][256], path[1024];
    const char *names[] = {"out.tmp-backup", TMP_PREFIX "backup", TMP_PREFIX "Ab12Cd"};
    work_init(&w);
    write_base(w.scn);
    for (int i = 0; i < 3; i++) {
        snprintf(dir[i], sizeof dir[i], "%s/%s", w.root, names[i]);
        cr_assert_eq(mkdir(dir[i], 0755), 0);
        snprintf(path, sizeof path, "%s/keep.txt", dir[i]);
        write_file(path, "mine\n");
        age(path);
        age(dir[i]);
    }
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/keep.txt", dir[i]);
        cr_assert(exists(path), "%s was swept", dir[i]);
    }
    expect_valid(&w, w.scn, w.out);
    work_done(&w);
}

/* Defect 2: DC ids "a", "A-2" and "A" once shared a manifest: "A" clashed
 * with "a" ignoring case and took the name "A-2.csv", the second DC's.
 * Each DC has its own file now, also apart from case, and the plan checks. */
Test(probe, dc_ids_that_sanitise_alike_get_their_own_manifests, .timeout = 120)
{
    work w;
    char path[256];
    const char *ids[] = {"a", "A-2", "A"};
    work_init(&w);
    write_base(w.scn);
    for (int f = 0; f < 3; f++) {
        const char *file = f == 0 ? "depots.csv" : f == 1 ? "orders.csv" : "vehicles.csv";
        snprintf(path, sizeof path, "%s/%s", w.scn, file);
        table t = csv_read(path);
        int c = table_col(&t, f == 0 ? "id" : "depot");
        for (int i = 1; i < t.n && c >= 0; i++) {
            if (!strcmp(t.f[i][c], "dc1")) table_set(&t, i, c, ids[0]);
            if (!strcmp(t.f[i][c], "dc2")) table_set(&t, i, c, ids[1]);
        }
        csv_write(path, &t);
        table_free(&t);
    }
    snprintf(path, sizeof path, "%s/depots.csv", w.scn);
    char *text = slurp(path), more[4096];
    snprintf(more, sizeof more, "%sA,Depot Three,52.45,13.30,06:00,22:00,,,,\n", text);
    write_file(path, more);
    free(text);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    int n;
    snprintf(path, sizeof path, "%s/depots", w.out);
    char **got = dir_names(path, &n);
    cr_assert_eq(n, 3, "%d manifests for 3 DCs", n);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            cr_assert_neq(strcasecmp(got[i], got[j]), 0, "'%s' and '%s'", got[i], got[j]);
    free_names(got, n);
    expect_valid(&w, w.scn, w.out);
    work_done(&w);
}

/* Defect 6: --out a symbolic link, "." or a mount point passed the early
 * check and failed at the swap, after the search.  Each is refused first. */
Test(probe, out_a_link_dot_or_mount_point_is_refused_before_solving, .timeout = 300)
{
    work w;
    char link[256], mnt[256], dot_out[300];
    work_init(&w);
    write_base(w.scn);
    snprintf(link, sizeof link, "%s/link", w.root);
    cr_assert_eq(mkdir(w.out, 0755), 0);
    cr_assert_eq(symlink(w.out, link), 0);
    /* An hour of search if the refusal came after it: the timeout fails the test. */
    run r = RUN(&w, "solve", w.scn, "--out", link, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "symbolic link");
    run_free(&r);
    spawn_opts o = {.cwd = w.out};
    r = RUN_WITH(&w, &o, "solve", w.scn, "--out", ".", "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "cannot be replaced");
    run_free(&r);
    snprintf(dot_out, sizeof dot_out, "%s/.", w.out);
    r = RUN(&w, "solve", w.scn, "--out", dot_out, "--time-limit", "3600", "--quiet");
    expect_exit(&r, 2);
    run_free(&r);
    snprintf(mnt, sizeof mnt, "%s/mnt", w.root);
    cr_assert_eq(mkdir(mnt, 0755), 0);
    if (private_tmpfs(mnt, "1m", 0)) {
        r = RUN(&w, "solve", w.scn, "--out", mnt, "--time-limit", "3600", "--quiet");
        expect_exit(&r, 2);
        expect_err_has(&r, "mount point");
        run_free(&r);
        umount2(mnt, MNT_DETACH);
    }
    work_done(&w);
}

/* Defect 7: with stderr on a pipe nobody reads, the stop message killed the
 * run by SIGPIPE (exit 141, no plan).  The plan is written, exit 5. */
Test(probe, sigterm_with_stderr_on_a_closed_pipe_writes_the_plan, .timeout = 300)
{
    work w;
    run r;
    work_init(&w);
    write_base(w.scn);
    spawn_opts o = {.err_broken = true};
    proc pr = start(&w, &o,
                    (const char *const[]){"solve", w.scn, "--out", w.out, "--time-limit", "3600",
                                          NULL});
    wait_handlers(pr.pid);
    sleep_ms(300);
    cr_assert_eq(kill(pr.pid, SIGTERM), 0);
    wait_run(&pr, &r, false);
    expect_exit(&r, 5);
    expect_valid(&w, w.scn, w.out);
    run_free(&r);
    work_done(&w);
}

/* Defect 7: time_limit 0 silently meant no limit at all. */
Test(probe, time_limit_zero_without_a_work_limit_is_refused, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    write_base(w.scn);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "0", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "time_limit");
    run_free(&r);
    snprintf(path, sizeof path, "%s/scenario.ini", w.scn);
    write_file(path, "[scenario]\ntime_limit = 0\n");
    r = RUN(&w, "coalition", w.scn, "--out", w.out, "--quiet");
    expect_exit(&r, 2);
    run_free(&r);
    cr_assert(!exists(w.out), "something was written");
    r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0); /* a work limit: time_limit 0 means no clock */
    run_free(&r);
    work_done(&w);
}

/* Defect 8: two runs on one --out both exited 0, one plan lost.  The
 * second is refused while the first runs, naming it. */
Test(probe, a_second_writer_on_the_same_out_is_refused, .timeout = 300)
{
    work w;
    run r, first;
    char pid[32];
    work_init(&w);
    write_base(w.scn);
    proc pr = start(&w, NULL,
                    (const char *const[]){"solve", w.scn, "--out", w.out, "--time-limit", "3600",
                                          "--quiet", NULL});
    wait_handlers(pr.pid);
    r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, "another cofleet run");
    snprintf(pid, sizeof pid, "pid %d", (int)pr.pid);
    expect_err_has(&r, pid);
    run_free(&r);
    cr_assert_eq(kill(pr.pid, SIGTERM), 0);
    wait_run(&pr, &first, false);
    expect_exit(&first, 5);
    run_free(&first);
    expect_valid(&w, w.scn, w.out);
    expect_only(&w, (const char *const[]){"cap", "scn", "out", NULL});
    r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0); /* the lock went with the first run */
    run_free(&r);
    work_done(&w);
}

/* The number after "cost" on the first line of text that has it. */
static double cost_after(const char *text, const char *key)
{
    const char *at = strstr(text, key);
    cr_assert_not_null(at, "no '%s' in:\n%s", key, text);
    return strtod(at + strlen(key), NULL);
}

/* Defect 8: solve printed 31245.62 where summary.json and check said
 * 31245.63: a double printed with %.2f rounds x.xx5 to even.  A plan whose
 * cost is exactly 10.625 prints 10.63 everywhere. */
Test(probe, solve_summary_and_check_print_the_same_cost, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    snprintf(path, sizeof path, "%s/depots.csv", w.scn);
    write_file(path, "id,x,y\nd,0,0\n");
    snprintf(path, sizeof path, "%s/vehicles.csv", w.scn);
    write_file(path, "id,depot,cap_weight,fixed_cost,cost_per_km,cost_per_hour\nv,d,10,10.625,0,0\n");
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    write_file(path, "id,courier,x,y,weight\no1,a,1,1,1\n");
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--iterations", "5", "--quiet");
    expect_exit(&r, 0);
    cr_assert_not_null(strstr(r.out, "cost       10.63 "), "solve printed:\n%s", r.out);
    run c = RUN(&w, "check", w.scn, w.out);
    expect_exit(&c, 0);
    cr_assert_eq(cost_after(c.out, "cost "), 10.63, "check printed:\n%s", c.out);
    cr_assert(summary_has(w.out, "\"cost\": 10.63,"), "summary.json disagrees");
    run_free(&c);
    run_free(&r);
    work_done(&w);
}

/* Defect 8: compare named a missing plan "summary.json:-1:". */
Test(probe, compare_names_a_missing_summary_without_a_line, .timeout = 60)
{
    work w;
    char missing[256];
    work_init(&w);
    snprintf(missing, sizeof missing, "%s/nowhere", w.root);
    run r = RUN(&w, "compare", missing, missing);
    expect_exit(&r, 2);
    expect_err_has(&r, "nowhere/summary.json: ");
    cr_assert_null(strstr(r.err, ":-1:"), "stderr:\n%s", r.err);
    run_free(&r);
    work_done(&w);
}

/* Defect 4: a 10,000-order run with every penalty at 1,000,000 cut short
 * by its time limit listed orders as penalty_below_cost that cost far less
 * than their penalty to serve.  Every reason is now true: `check` tests
 * penalty_below_cost against the insertions it finds. */
Test(probe, every_unassigned_reason_is_true_after_a_short_run, .timeout = 600)
{
    work w;
    char path[256];
    work_init(&w);
    run g = RUN(&w, "gen", w.scn, "--orders", UNDER_ASAN ? "2000" : "10000", "--seed", "3");
    expect_exit(&g, 0);
    run_free(&g);
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    table t = csv_read(path);
    int c = table_col(&t, "penalty");
    cr_assert_geq(c, 0);
    for (int i = 1; i < t.n; i++)
        table_set(&t, i, c, "1000000");
    csv_write(path, &t);
    table_free(&t);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "5", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    expect_valid(&w, w.scn, w.out);
    snprintf(path, sizeof path, "%s/unassigned.csv", w.out);
    table u = csv_read(path);
    int ur = table_col(&u, "reason"), ux = table_col(&u, "extra_cost");
    cr_assert(ur >= 0 && ux >= 0);
    for (int i = 1; i < u.n; i++)
        if (!strcmp(u.f[i][ur], "penalty_below_cost"))
            cr_assert_geq(strtod(u.f[i][ux], NULL), 1000000.0, "unassigned.csv:%d", i + 1);
    table_free(&u);
    work_done(&w);
}

/* The property of defect 1: whatever --out is (a new directory, an old
 * plan, the scenario, a folder with a foreign summary.json, a file, a
 * symbolic link, "."), no input file is ever changed or removed. */
Test(probe, no_out_choice_changes_an_input_file, .timeout = 600)
{
    work w;
    char foreign[256], file[256], link[256], path[1024];
    work_init(&w);
    write_base(w.scn);
    snprintf(foreign, sizeof foreign, "%s/foreign", w.root);
    snprintf(file, sizeof file, "%s/afile", w.root);
    snprintf(link, sizeof link, "%s/link", w.root);
    cr_assert_eq(mkdir(foreign, 0755), 0);
    snprintf(path, sizeof path, "%s/summary.json", foreign);
    write_file(path, "{}\n");
    snprintf(path, sizeof path, "%s/notes.txt", foreign);
    write_file(path, "the user's\n");
    write_file(file, "the user's file\n");
    cr_assert_eq(symlink(w.scn, link), 0);
    char *scn0 = snapshot(w.scn, false), *foreign0 = snapshot(foreign, false);
    char *file0 = slurp(file);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 21; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int choice = i < 7 ? i : (int)(x % 7); /* each once, then at random */
        const char *out = w.out;
        spawn_opts o = {.cwd = NULL};
        switch (choice) {
        case 0: /* a new directory */
            snprintf(path, sizeof path, "%s/new%d", w.root, i);
            out = path;
            break;
        case 1: /* an old plan (w.out after the first success) */
            break;
        case 2:
            out = w.scn;
            break;
        case 3:
            out = foreign;
            break;
        case 4:
            out = file;
            break;
        case 5:
            out = link;
            break;
        default:
            o.cwd = w.scn;
            out = ".";
            break;
        }
        run r = RUN_WITH(&w, &o, "solve", w.scn, "--out", out, "--iterations", "5", "--quiet");
        cr_assert(r.exited && (r.code == 0 || r.code == 2), "choice %d: exit %d\n%s", choice,
                  r.code, r.err);
        cr_assert_eq(r.code == 0, choice <= 1, "choice %d: exit %d\n%s", choice, r.code, r.err);
        run_free(&r);
        expect_unchanged(w.scn, scn0);
        expect_unchanged(foreign, foreign0);
        char *now = slurp(file);
        cr_assert_str_eq(now, file0);
        free(now);
    }
    expect_valid(&w, w.scn, w.out);
    free(scn0);
    free(foreign0);
    free(file0);
    work_done(&w);
}
