/*
 * End-to-end tests through the real cofleet binary (its path comes in the
 * environment variable CF_BIN, set by CTest; the working directory is the
 * repository root).  Each test makes a fresh work directory under /tmp:
 *   WORK/scn/  the scenario, written from the strings below (a base scenario
 *              with 3 couriers, 2 DCs, 8 lat/lon orders and 4 vehicle rows,
 *              plus one mutation per case)
 *   WORK/cap/  the captured stdout and stderr of every run
 *   WORK/out   the --out directory
 * so "nothing written" can be checked as: WORK holds only scn/ and cap/.
 * The library's own bad-input tests (tests/test_scenario.c) check the
 * messages; here they must reach stderr, with exit code 2 and no plan.
 * Every run's stderr is checked for sanitizer reports.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/signals.h"

extern char **environ;

/* ==== the scenario as strings =========================================== */

enum { F_ORDERS, F_DEPOTS, F_VEHICLES, F_COURIERS, F_MATRIX, F_INI, F_COUNT };
static const char *const file_names[F_COUNT] = {"orders.csv",   "depots.csv", "vehicles.csv",
                                                "couriers.csv", "matrix.csv", "scenario.ini"};

/* Line numbers: the header is line 1, o1 line 2, ..., o8 line 9. */
#define BASE_ORDERS                                                                                \
    "id,courier,lat,lon,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n"          \
    "o1,acme,52.50,13.41,10,0.1,08:00,12:00,5,cold,,\n"                                            \
    "o2,bolt,52.51,13.38,2.5,0.05,09:00,,3,,50,dc1\n"                                              \
    "o3,acme,52.49,13.45,1,0.02,,18:00,,,,\n"                                                      \
    "o4,cargo,52.53,13.35,20,0.3,10:00,16:00,4,,,\n"                                               \
    "o5,bolt,52.45,13.20,5,0.05,,,2,,,\n"                                                          \
    "o6,cargo,52.47,13.30,8,0.1,08:00,20:00,6,,,\n"                                                \
    "o7,acme,52.42,13.15,3,0.03,07:00,13:00,3,,,dc2\n"                                             \
    "o8,bolt,52.55,13.42,12,0.2,14:00,19:00,5,,,\n"
#define BASE_N_ORDERS 8
#define BASE_DEPOTS                                                                                \
    "id,name,lat,lon,open,close,cap_weight,cap_volume,fixed_cost,couriers\n"                       \
    "dc1,Depot One,52.52,13.40,06:00,22:00,,,100,\n"                                               \
    "dc2,Depot Two,52.40,13.10,05:00,23:00,5000,40,,acme;bolt\n"
#define BASE_VEHICLES                                                                              \
    "id,courier,depot,count,cap_weight,cap_volume,fixed_cost,cost_per_km,cost_per_hour,"           \
    "shift_start,shift_end,max_duration_min,max_distance_km,speed_kmh,skills\n"                    \
    "van,acme,dc1,2,800,6,50,0.8,20,07:00,19:00,600,250,25,cold\n"                                 \
    "truck,cargo,dc1,1,1000,8,80,1.2,25,,,,,,\n"                                                   \
    "bike,,dc2,1,30,0.2,,,,,,,,,\n"                                                                \
    "bolt-van,bolt,dc2,1,500,4,40,0.7,18,,,,,,\n"
#define BASE_COURIERS                                                                              \
    "id,name,share\n"                                                                              \
    "acme,Acme Parcel,yes\n"                                                                       \
    "bolt,Bolt Express,yes\n"                                                                      \
    "cargo,Cargo Co,yes\n"

typedef struct scn {
    char *text[F_COUNT]; /* NULL: the file is absent */
} scn;

static scn base(void)
{
    scn s;
    memset(&s, 0, sizeof s);
    s.text[F_ORDERS] = strdup(BASE_ORDERS);
    s.text[F_DEPOTS] = strdup(BASE_DEPOTS);
    s.text[F_VEHICLES] = strdup(BASE_VEHICLES);
    s.text[F_COURIERS] = strdup(BASE_COURIERS);
    return s;
}

static void scn_free(scn *s)
{
    for (int i = 0; i < F_COUNT; i++)
        free(s->text[i]);
}

static void set(scn *s, int file, const char *text)
{
    free(s->text[file]);
    s->text[file] = text ? strdup(text) : NULL;
}

/* Replaces the first `from` in file by `to`; the test fails if it is absent. */
static void mut(scn *s, int file, const char *from, const char *to)
{
    char *t = s->text[file];
    cr_assert_not_null(t, "%s is absent", file_names[file]);
    char *at = strstr(t, from);
    cr_assert_not_null(at, "'%s' not in %s", from, file_names[file]);
    size_t pre = (size_t)(at - t), fl = strlen(from), tl = strlen(to), rest = strlen(at + fl);
    char *n = malloc(pre + tl + rest + 1);
    cr_assert_not_null(n);
    memcpy(n, t, pre);
    memcpy(n + pre, to, tl);
    memcpy(n + pre + tl, at + fl, rest + 1);
    free(t);
    s->text[file] = n;
}

/* matrix.csv over every depot and order id of `ids` (the first n_dc are DCs),
 * both directions, DC-DC pairs left out, except the pair skip_from -> skip_to. */
static char *matrix_text(const char *const *ids, int n, int n_dc, const char *skip_from,
                         const char *skip_to)
{
    size_t cap = 64 + (size_t)n * (size_t)n * 64, len;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    len = (size_t)snprintf(buf, cap, "from,to,distance_km,duration_min\n");
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            if (i == j || (i < n_dc && j < n_dc)) continue;
            if (skip_from && !strcmp(ids[i], skip_from) && !strcmp(ids[j], skip_to)) continue;
            double km = 1.5 + 1.25 * abs(i - j) + (i > j ? 0.5 : 0.0);
            len += (size_t)snprintf(buf + len, cap - len, "%s,%s,%.2f,%.1f\n", ids[i], ids[j], km,
                                    km * 2.5);
        }
    }
    return buf;
}

static const char *const base_ids[] = {"dc1", "dc2", "o1", "o2", "o3",
                                       "o4",  "o5",  "o6", "o7", "o8"};

static void set_matrix(scn *s, const char *skip_from, const char *skip_to)
{
    free(s->text[F_MATRIX]);
    s->text[F_MATRIX] = matrix_text(base_ids, 10, 2, skip_from, skip_to);
}

/* Every file with a UTF-8 BOM and CRLF line ends. */
static void bom_crlf(scn *s)
{
    for (int i = 0; i < F_COUNT; i++) {
        const char *t = s->text[i];
        if (!t || i == F_INI) continue;
        char *n = malloc(3 + 2 * strlen(t) + 1), *o = n;
        cr_assert_not_null(n);
        memcpy(o, "\xEF\xBB\xBF", 3);
        o += 3;
        for (; *t; t++) {
            if (*t == '\n') *o++ = '\r';
            *o++ = *t;
        }
        *o = '\0';
        free(s->text[i]);
        s->text[i] = n;
    }
}

/* ==== files and directories ============================================= */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t len = 0, cap = 4096, n;
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
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    cr_assert_eq(fclose(f), 0);
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

/* The entries of dir, sorted, joined by ' ' ("" when empty). */
static void list_dir(const char *dir, char *buf, size_t size)
{
    char names[64][256];
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
    while ((e = readdir(d)) != NULL && n < 64) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(names[n++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    for (int i = 1; i < n; i++) /* insertion sort: a handful of names */
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char t[256];
            memcpy(t, names[j], sizeof t);
            memcpy(names[j], names[j - 1], sizeof t);
            memcpy(names[j - 1], t, sizeof t);
        }
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, size - l, "%s%s", i ? " " : "", names[i]);
    }
}

typedef struct work {
    char root[64];
    char scn[128];
    char cap[128];
    char out[128];
    int runs;
} work;

static void work_init(work *w)
{
    memset(w, 0, sizeof *w);
    snprintf(w->root, sizeof w->root, "/tmp/cf_cli_XXXXXX");
    cr_assert_not_null(mkdtemp(w->root), "mkdtemp: %s", strerror(errno));
    snprintf(w->scn, sizeof w->scn, "%s/scn", w->root);
    snprintf(w->cap, sizeof w->cap, "%s/cap", w->root);
    snprintf(w->out, sizeof w->out, "%s/out", w->root);
    cr_assert_eq(mkdir(w->scn, 0777), 0);
    cr_assert_eq(mkdir(w->cap, 0777), 0);
}

static void work_write(const work *w, const scn *s)
{
    for (int i = 0; i < F_COUNT; i++) {
        char path[256];
        if (!s->text[i]) continue;
        snprintf(path, sizeof path, "%s/%s", w->scn, file_names[i]);
        write_file(path, s->text[i]);
    }
}

static void work_done(work *w)
{
    remove_tree(w->root);
}

/* ==== running the binary ================================================ */

typedef struct run {
    bool exited; /* normally, not by a signal */
    int code;    /* exit code, or the signal that killed it */
    char *out, *err;
    char argv_text[1024];
} run;

static const char *bin(void)
{
    const char *b = getenv("CF_BIN");
    cr_assert(b && *b, "CF_BIN is not set: run this test through ctest");
    cr_assert_eq(access(b, X_OK), 0, "CF_BIN '%s' is not executable", b);
    return b;
}

/* Starts cofleet with args (NULL-terminated array), stdout and stderr
 * captured in w->cap; fills r->argv_text and the capture paths. */
static pid_t start(work *w, const char *const *args, run *r, char *out_path, char *err_path)
{
    const char *argv[64];
    int n = 0;
    pid_t pid;
    posix_spawn_file_actions_t fa;

    memset(r, 0, sizeof *r);
    argv[n++] = bin();
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    for (int i = 1; i < n; i++) {
        size_t l = strlen(r->argv_text);
        snprintf(r->argv_text + l, sizeof r->argv_text - l, "%s%s", i > 1 ? " " : "", argv[i]);
    }
    w->runs++;
    snprintf(out_path, 256, "%s/%d.stdout", w->cap, w->runs);
    snprintf(err_path, 256, "%s/%d.stderr", w->cap, w->runs);
    cr_assert_eq(posix_spawn_file_actions_init(&fa), 0);
    cr_assert_eq(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
    cr_assert_eq(
        posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    cr_assert_eq(
        posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "posix_spawn %s: %s", argv[0], strerror(rc));
    return pid;
}

static void finish(pid_t pid, run *r, const char *out_path, const char *err_path)
{
    int status;
    pid_t got;
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    cr_assert_eq(got, pid, "waitpid: %s", strerror(errno));
    r->exited = WIFEXITED(status);
    r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
    r->out = slurp(out_path);
    r->err = slurp(err_path);
    cr_assert_not_null(r->out);
    cr_assert_not_null(r->err);
    /* No run may report a sanitizer finding (in the ASan + UBSan build). */
    cr_assert_null(strstr(r->err, "Sanitizer"), "cofleet %s: sanitizer report:\n%s", r->argv_text,
                   r->err);
    cr_assert_null(strstr(r->err, "runtime error"), "cofleet %s: UBSan report:\n%s", r->argv_text,
                   r->err);
}

static run run_args(work *w, const char *const *args)
{
    char out_path[256], err_path[256];
    run r;
    pid_t pid = start(w, args, &r, out_path, err_path);
    finish(pid, &r, out_path, err_path);
    return r;
}

#define RUN(w, ...) run_args((w), (const char *const[]){__VA_ARGS__, NULL})

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

/* The run ended by itself with exit code `code`. */
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

/* ==== reading the plan back (RFC 4180, as the plan files are written) ===== */

typedef struct row {
    int n;
    char **f;
} row;

typedef struct table {
    int n; /* rows, the header included */
    row *r;
} table;

static void table_add_field(row *rw, const char *s, size_t len)
{
    rw->f = realloc(rw->f, (size_t)(rw->n + 1) * sizeof *rw->f);
    cr_assert_not_null(rw->f);
    rw->f[rw->n] = malloc(len + 1);
    cr_assert_not_null(rw->f[rw->n]);
    memcpy(rw->f[rw->n], s, len);
    rw->f[rw->n][len] = '\0';
    rw->n++;
}

/* Parses text (BOM, LF or CRLF, quotes); blank lines are skipped. */
static table csv_parse(const char *text, const char *what)
{
    table t = {0, NULL};
    const char *p = text;
    size_t cap = strlen(text) + 1;
    char *field = malloc(cap);
    cr_assert_not_null(field);
    if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    while (*p) {
        row rw = {0, NULL};
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) { /* blank line */
            p += *p == '\r' ? 2 : 1;
            continue;
        }
        for (;;) {
            size_t len = 0;
            if (*p == '"') {
                for (p++;; p++) {
                    cr_assert(*p, "%s: unterminated quote", what);
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
            table_add_field(&rw, field, len);
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p == '\r') p++;
            if (*p == '\n') p++;
            break;
        }
        t.r = realloc(t.r, (size_t)(t.n + 1) * sizeof *t.r);
        cr_assert_not_null(t.r);
        t.r[t.n++] = rw;
    }
    free(field);
    cr_assert_gt(t.n, 0, "%s: no header", what);
    for (int i = 1; i < t.n; i++)
        cr_assert_eq(t.r[i].n, t.r[0].n, "%s: row %d has %d fields, the header %d", what, i + 1,
                     t.r[i].n, t.r[0].n);
    return t;
}

static table csv_read(const char *path)
{
    char *text = slurp(path);
    cr_assert_not_null(text, "%s: cannot read", path);
    table t = csv_parse(text, path);
    free(text);
    return t;
}

static void table_free(table *t)
{
    for (int i = 0; i < t->n; i++) {
        for (int j = 0; j < t->r[i].n; j++)
            free(t->r[i].f[j]);
        free(t->r[i].f);
    }
    free(t->r);
}

/* Column index of name (case-insensitive, spaces trimmed), -1 if absent. */
static int table_col(const table *t, const char *name)
{
    for (int j = 0; j < t->r[0].n; j++) {
        const char *h = t->r[0].f[j];
        size_t l;
        while (*h == ' ')
            h++;
        l = strlen(h);
        while (l > 0 && h[l - 1] == ' ')
            l--;
        if (l == strlen(name) && !strncasecmp(h, name, l)) return j;
    }
    return -1;
}

static const char *const reasons[] = {
    "no_allowed_depot",      "no_vehicle_with_skills",  "sharing_rules",
    "over_vehicle_capacity", "time_window_unreachable", "max_distance",
    "depot_capacity",        "penalty_below_cost",      "not_placed_in_time"};

static bool known_reason(const char *r)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (!strcmp(r, reasons[i])) return true;
    return false;
}

/* Every order id of SCN/orders.csv (n_orders of them) appears exactly once
 * across PLAN/routes.csv (kind=order rows) and PLAN/unassigned.csv, each
 * unassigned row with a known reason, and nothing else appears. */
static void expect_conservation(const char *scn_dir, const char *plan, int n_orders)
{
    char path[512];
    snprintf(path, sizeof path, "%s/orders.csv", scn_dir);
    table o = csv_read(path);
    snprintf(path, sizeof path, "%s/routes.csv", plan);
    char *routes_text = slurp(path);
    cr_assert_not_null(routes_text, "%s: missing", path);
    static const char routes_header[] =
        "vehicle,depot,seq,kind,order,courier,arrival,departure,load_weight,load_volume,km\n";
    cr_assert_eq(strncmp(routes_text, routes_header, strlen(routes_header)), 0,
                 "routes.csv header: %.120s", routes_text);
    table r = csv_parse(routes_text, path);
    free(routes_text);
    snprintf(path, sizeof path, "%s/unassigned.csv", plan);
    char *un_text = slurp(path);
    cr_assert_not_null(un_text, "%s: missing", path);
    static const char un_header[] = "order,courier,reason,extra_cost\n";
    cr_assert_eq(strncmp(un_text, un_header, strlen(un_header)), 0,
                 "unassigned.csv header: %.60s", un_text);
    table u = csv_parse(un_text, path);
    free(un_text);

    int oid = table_col(&o, "id"), rkind = table_col(&r, "kind"), rord = table_col(&r, "order");
    int uord = table_col(&u, "order"), ureason = table_col(&u, "reason");
    cr_assert(oid >= 0 && rkind >= 0 && rord >= 0 && uord >= 0 && ureason >= 0);
    cr_assert_eq(o.n - 1, n_orders, "orders.csv has %d orders, the test expects %d", o.n - 1,
                 n_orders);

    int placed = 0;
    for (int i = 1; i < r.n; i++) {
        const char *kind = r.r[i].f[rkind];
        cr_assert(!strcmp(kind, "start") || !strcmp(kind, "order") || !strcmp(kind, "end"),
                  "routes.csv:%d: kind '%s'", i + 1, kind);
        if (!strcmp(kind, "order")) placed++;
    }
    for (int i = 1; i < u.n; i++) {
        cr_assert(known_reason(u.r[i].f[ureason]), "unassigned.csv:%d: reason '%s'", i + 1,
                  u.r[i].f[ureason]);
        placed++;
    }
    cr_assert_eq(placed, n_orders, "%d routed + unassigned rows for %d orders", placed, n_orders);
    for (int k = 1; k < o.n; k++) {
        const char *id = o.r[k].f[oid];
        int seen = 0;
        for (int i = 1; i < r.n; i++)
            if (!strcmp(r.r[i].f[rkind], "order") && !strcmp(r.r[i].f[rord], id)) seen++;
        for (int i = 1; i < u.n; i++)
            if (!strcmp(u.r[i].f[uord], id)) seen++;
        cr_assert_eq(seen, 1, "order '%s' appears %d times in the plan", id, seen);
    }
    table_free(&o);
    table_free(&r);
    table_free(&u);
}

/* The reason unassigned.csv gives for order id, or NULL (caller frees). */
static char *unassigned_reason(const char *plan, const char *id)
{
    char path[512], *reason = NULL;
    snprintf(path, sizeof path, "%s/unassigned.csv", plan);
    table u = csv_read(path);
    for (int i = 1; i < u.n; i++)
        if (!strcmp(u.r[i].f[0], id)) reason = strdup(u.r[i].f[2]);
    table_free(&u);
    return reason;
}

/* ==== the two shapes of test ============================================ */

/* Bad input: exit 2, the message on stderr, nothing written anywhere. */
static void expect_input_error(scn *s, const char *msg)
{
    work w;
    char listing[1024], plan[256];
    work_init(&w);
    work_write(&w, s);
    scn_free(s);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "1", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, msg);
    cr_assert_str_eq(r.out, "", "cofleet %s: stdout:\n%s", r.argv_text, r.out);
    cr_assert(!exists(w.out), "%s was written", w.out);
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap scn", "left in %s: %s", w.root, listing);
    snprintf(plan, sizeof plan, "%s/plan", w.scn);
    cr_assert(!exists(plan), "%s was written", plan);
    run_free(&r);
    work_done(&w);
}

/* Good input: solve (exit 0), check (exit 0, "plan valid:"), conservation.
 * Returns the solve run (its stderr, for warnings); the caller frees it. */
static run solve_and_check(work *w, scn *s, int n_orders, const char *extra_flag,
                           const char *extra_value)
{
    work_write(w, s);
    scn_free(s);
    run r = extra_flag ? RUN(w, "solve", w->scn, "--out", w->out, "--iterations", "200", "--quiet",
                             extra_flag, extra_value)
                       : RUN(w, "solve", w->scn, "--out", w->out, "--iterations", "200", "--quiet");
    expect_exit(&r, 0);
    run c = RUN(w, "check", w->scn, w->out);
    expect_exit(&c, 0);
    cr_assert_not_null(strstr(c.out, "plan valid:"), "check says:\n%s", c.out);
    run_free(&c);
    expect_conservation(w->scn, w->out, n_orders);
    return r;
}

static void good_case(scn *s, int n_orders)
{
    work w;
    work_init(&w);
    run r = solve_and_check(&w, s, n_orders, NULL, NULL);
    run_free(&r);
    work_done(&w);
}

/* ==== bad input: files, headers and CSV syntax ========================== */

Test(cli_bad, missing_orders_file)
{
    scn s = base();
    set(&s, F_ORDERS, NULL);
    expect_input_error(&s, "orders.csv: no such file");
}

Test(cli_bad, missing_scenario_directory)
{
    work w;
    char dir[256], msg[300], listing[1024];
    work_init(&w);
    snprintf(dir, sizeof dir, "%s/nowhere", w.root);
    snprintf(msg, sizeof msg, "%s: no such directory", dir);
    run r = RUN(&w, "solve", dir, "--out", w.out, "--time-limit", "1", "--quiet");
    expect_exit(&r, 2);
    expect_err_has(&r, msg);
    cr_assert(!exists(w.out));
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap scn");
    run_free(&r);
    work_done(&w);
}

Test(cli_bad, missing_required_column)
{
    scn s = base();
    mut(&s, F_ORDERS, "weight", "wt");
    expect_input_error(&s, "orders.csv: missing required column 'weight'");
}

Test(cli_bad, missing_coordinate_columns)
{
    scn s = base();
    mut(&s, F_DEPOTS, "lat,lon", "latitude,longitude");
    expect_input_error(&s, "depots.csv: missing required columns 'lat,lon' or 'x,y'");
}

Test(cli_bad, empty_file)
{
    scn s = base();
    set(&s, F_VEHICLES, "");
    expect_input_error(&s, "vehicles.csv: empty file");
}

Test(cli_bad, header_only)
{
    scn s = base();
    set(&s, F_ORDERS, "id,courier,lat,lon,weight\n");
    expect_input_error(&s, "orders.csv: no data rows, only a header");
}

Test(cli_bad, duplicate_column)
{
    scn s = base();
    mut(&s, F_ORDERS, "volume", "Weight");
    expect_input_error(&s, "orders.csv:1: duplicate column 'weight'");
}

Test(cli_bad, unterminated_quote)
{
    scn s = base();
    mut(&s, F_ORDERS, "o8,bolt", "o8,\"bolt");
    expect_input_error(&s,
                       "orders.csv:9: unterminated quote (a quoted field runs to the end of the "
                       "file)");
}

Test(cli_bad, quote_inside_unquoted_field)
{
    scn s = base();
    mut(&s, F_ORDERS, "o3,acme", "o3,ac\"me");
    expect_input_error(&s, "orders.csv:4: malformed quoting (a quote inside an unquoted field, "
                           "or text after a closing quote)");
}

Test(cli_bad, ragged_row_short)
{
    scn s = base();
    mut(&s, F_ORDERS, "o5,bolt,52.45,13.20,5,0.05,,,2,,,", "o5,bolt,52.45,13.20,5,0.05,,2,,,");
    expect_input_error(&s, "orders.csv:6: row has 11 fields, the header has 12");
}

Test(cli_bad, ragged_row_long)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,,dc2,1,30,0.2,,,,,,,,,", "bike,,dc2,1,30,0.2,,,,,,,,,,");
    expect_input_error(&s, "vehicles.csv:4: row has more than 15 fields, the header has 15");
}

/* ==== bad input: ids and references ===================================== */

Test(cli_bad, duplicate_order_id)
{
    scn s = base();
    mut(&s, F_ORDERS, "o5,", "o2,");
    expect_input_error(&s, "orders.csv:6: column 'id': 'o2' is already used on line 3");
}

Test(cli_bad, duplicate_vehicle_id)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bike,", "truck,");
    expect_input_error(&s, "vehicles.csv:4: column 'id': 'truck' is already used on line 3");
}

Test(cli_bad, duplicate_courier_id)
{
    scn s = base();
    mut(&s, F_COURIERS, "cargo,Cargo Co", "bolt,Bolt Again");
    expect_input_error(&s, "couriers.csv:4: column 'id': 'bolt' is already used on line 3");
}

Test(cli_bad, missing_courier_value)
{
    scn s = base();
    mut(&s, F_ORDERS, "o2,bolt,", "o2,,");
    expect_input_error(&s, "orders.csv:3: column 'courier': missing value");
}

Test(cli_bad, unknown_order_courier)
{
    scn s = base();
    mut(&s, F_ORDERS, "o8,bolt", "o8,zeta");
    expect_input_error(&s,
                       "orders.csv:9: column 'courier': 'zeta' is not a courier in couriers.csv");
}

Test(cli_bad, unknown_vehicle_courier)
{
    scn s = base();
    mut(&s, F_VEHICLES, "truck,cargo", "truck,zeta");
    expect_input_error(&s,
                       "vehicles.csv:3: column 'courier': 'zeta' is not a courier in couriers.csv");
}

Test(cli_bad, unknown_order_depot)
{
    scn s = base();
    mut(&s, F_ORDERS, ",dc2\n", ",dc9\n");
    expect_input_error(&s, "orders.csv:8: column 'depot': 'dc9' is not a depot in depots.csv");
}

Test(cli_bad, unknown_vehicle_depot)
{
    scn s = base();
    mut(&s, F_VEHICLES, "bolt-van,bolt,dc2", "bolt-van,bolt,dc7");
    expect_input_error(&s, "vehicles.csv:5: column 'depot': 'dc7' is not a depot in depots.csv");
}

Test(cli_bad, unknown_courier_in_depot_list)
{
    scn s = base();
    mut(&s, F_DEPOTS, "acme;bolt", "acme;zeta");
    expect_input_error(&s,
                       "depots.csv:3: column 'couriers': 'zeta' is not a courier in couriers.csv");
}

Test(cli_bad, too_many_skills)
{
    scn s = base();
    char line[600] = "bike,,dc2,1,30,0.2,,,,,,,,,";
    for (int i = 1; i <= 32; i++)
        snprintf(line + strlen(line), sizeof line - strlen(line), "%ss%d", i > 1 ? ";" : "", i);
    mut(&s, F_VEHICLES, "bike,,dc2,1,30,0.2,,,,,,,,,", line);
    expect_input_error(&s, "vehicles.csv:4: column 'skills': skill 's32' would be skill number "
                           "33; at most 32 are supported");
}

Test(cli_bad, bad_share_value)
{
    scn s = base();
    mut(&s, F_COURIERS, "acme,Acme Parcel,yes", "acme,Acme Parcel,maybe");
    expect_input_error(&s, "couriers.csv:2: column 'share': 'maybe' must be yes or no");
}

/* ==== bad input: values ================================================= */

Test(cli_bad, negative_weight)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.35,20,", "13.35,-20,");
    expect_input_error(&s, "orders.csv:5: column 'weight': '-20' must be >= 0");
}

Test(cli_bad, non_numeric_weight)
{
    scn s = base();
    mut(&s, F_ORDERS, "13.30,8,", "13.30,eight,");
    expect_input_error(&s, "orders.csv:7: column 'weight': 'eight' is not a number");
}

Test(cli_bad, nan_penalty)
{
    scn s = base();
    mut(&s, F_ORDERS, ",50,dc1", ",NaN,dc1");
    expect_input_error(&s, "orders.csv:3: column 'penalty': 'NaN' is not a number");
}

Test(cli_bad, overflowing_volume)
{
    scn s = base();
    mut(&s, F_ORDERS, ",1,0.02,", ",1,1e400,");
    expect_input_error(&s, "orders.csv:4: column 'volume': '1e400' is out of range");
}

Test(cli_bad, infinite_cost_per_km)
{
    scn s = base();
    mut(&s, F_VEHICLES, ",80,1.2,", ",80,inf,");
    expect_input_error(&s, "vehicles.csv:3: column 'cost_per_km': 'inf' is not a number");
}

Test(cli_bad, negative_depot_capacity)
{
    scn s = base();
    mut(&s, F_DEPOTS, ",5000,", ",-5000,");
    expect_input_error(&s, "depots.csv:3: column 'cap_weight': '-5000' must be >= 0");
}

Test(cli_bad, zero_vehicle_capacity)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc2,1,500,", "dc2,1,0,");
    expect_input_error(&s, "vehicles.csv:5: column 'cap_weight': '0' must be > 0");
}

Test(cli_bad, fractional_count)
{
    scn s = base();
    mut(&s, F_VEHICLES, "dc1,2,", "dc1,2.5,");
    expect_input_error(&s, "vehicles.csv:2: column 'count': '2.5' must be a whole number from 1 to "
                           "10000");
}

Test(cli_bad, latitude_out_of_range)
{
    scn s = base();
    mut(&s, F_ORDERS, "52.45", "95.45");
    expect_input_error(&s, "orders.csv:6: column 'lat': '95.45' must be within [-90, 90]");
}

Test(cli_bad, longitude_out_of_range)
{
    scn s = base();
    mut(&s, F_DEPOTS, "13.10", "183.10");
    expect_input_error(&s, "depots.csv:3: column 'lon': '183.10' must be within [-180, 180]");
}

Test(cli_bad, mixed_coordinate_kinds)
{
    scn s = base();
    set(&s, F_ORDERS, "id,courier,x,y,weight\no1,acme,1,2,1\no2,bolt,3,4,2\n");
    expect_input_error(&s, "orders.csv: coordinates are x,y but depots.csv has lat,lon; use one "
                           "kind per scenario");
}

Test(cli_bad, both_coordinate_kinds_in_one_file)
{
    scn s = base();
    set(&s, F_DEPOTS, "id,lat,lon,x,y\ndc1,52.5,13.4,1,2\ndc2,52.4,13.1,3,4\n");
    expect_input_error(&s, "depots.csv: has both lat,lon and x,y columns; use one kind");
}

/* ==== bad input: times ================================================== */

Test(cli_bad, time_25_61)
{
    scn s = base();
    mut(&s, F_ORDERS, "08:00,20:00", "25:61,20:00");
    expect_input_error(&s, "orders.csv:7: column 'tw_start': '25:61' is not a time (HH:MM, "
                           "HH:MM:SS or minutes after midnight)");
}

Test(cli_bad, time_with_letters)
{
    scn s = base();
    mut(&s, F_DEPOTS, "22:00", "ab:cd");
    expect_input_error(&s, "depots.csv:2: column 'close': 'ab:cd' is not a time (HH:MM, "
                           "HH:MM:SS or minutes after midnight)");
}

Test(cli_bad, tw_start_after_tw_end)
{
    scn s = base();
    mut(&s, F_ORDERS, "10:00,16:00", "17:00,16:00");
    expect_input_error(&s, "orders.csv:5: column 'tw_end': '16:00' is before tw_start '17:00'");
}

Test(cli_bad, shift_start_after_shift_end)
{
    scn s = base();
    mut(&s, F_VEHICLES, "07:00,19:00", "20:00,19:00");
    expect_input_error(&s,
                       "vehicles.csv:2: column 'shift_end': '19:00' is before shift_start '20:00'");
}

/* ==== bad input: matrix.csv and scenario.ini ============================ */

Test(cli_bad, matrix_missing_pair)
{
    scn s = base();
    set_matrix(&s, "o3", "o5");
    expect_input_error(&s, "matrix.csv: missing pair 'o3' -> 'o5'");
}

Test(cli_bad, matrix_unknown_id)
{
    scn s = base();
    set_matrix(&s, NULL, NULL);
    mut(&s, F_MATRIX, "\ndc1,o1,", "\nzz,o1,");
    expect_input_error(&s, "matrix.csv:2: column 'from': 'zz' is not a depot or order id");
}

Test(cli_bad, matrix_negative_distance)
{
    scn s = base();
    set_matrix(&s, NULL, NULL);
    mut(&s, F_MATRIX, "\ndc1,o2,5.25,", "\ndc1,o2,-5.25,");
    expect_input_error(&s, "matrix.csv:3: column 'distance_km': '-5.25' must be >= 0");
}

Test(cli_bad, ini_bad_sharing)
{
    scn s = base();
    set(&s, F_INI, "[scenario]\nname = x\nsharing = shared\n");
    expect_input_error(&s,
                       "scenario.ini:3: parameter 'sharing': 'shared' must be pooled or separate");
}

Test(cli_bad, ini_bad_road_factor)
{
    scn s = base();
    set(&s, F_INI, "[scenario]\nroad_factor = 0.5\n");
    expect_input_error(&s, "scenario.ini:2: parameter 'road_factor': '0.5' is not a number from "
                           "1 to 10");
}

/* ==== good input, end to end ============================================ */

Test(cli_good, base_scenario, .timeout = 120)
{
    scn s = base();
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, bom_and_crlf, .timeout = 120)
{
    scn s = base();
    set_matrix(&s, NULL, NULL);
    bom_crlf(&s);
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, quoted_commas_and_doubled_quotes, .timeout = 120)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", "\"Depot \"\"One\"\", Mitte\"");
    mut(&s, F_COURIERS, "Acme Parcel", "\"Acme Parcel, Inc.\"");
    mut(&s, F_ORDERS, "o3,acme", "\"o3, \"\"back door\"\"\",acme");
    mut(&s, F_ORDERS, "o5,bolt", "\"o5\",\"bolt\"");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, utf8_names, .timeout = 120)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot One", "東京 Hub (平和島)");
    mut(&s, F_DEPOTS, "Depot Two", "Zürich Süd");
    mut(&s, F_COURIERS, "Bolt Express", "Blitz Zürich");
    mut(&s, F_ORDERS, "o4,cargo", "東京-4,cargo");
    mut(&s, F_ORDERS, "o7,acme", "Bestellung-ü,acme");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, shuffled_and_extra_columns_warn, .timeout = 120)
{
    scn s = base();
    work w;
    set(&s, F_ORDERS,
        " Weight ,LON,Id,Notes,lat,COURIER,tw_end,TW_START\n"
        "10,13.41,o1,ring twice,52.50,acme,12:00,08:00\n"
        "2.5,13.38,o2,,52.51,bolt,,09:00\n"
        "1,13.45,o3,,52.49,acme,18:00,\n"
        "20,13.35,o4,\"gate 4, left\",52.53,cargo,16:00,10:00\n"
        "5,13.20,o5,,52.45,bolt,,\n"
        "8,13.30,o6,,52.47,cargo,20:00,08:00\n");
    set(&s, F_VEHICLES,
        "depot,ID,cap_weight,plate,courier,count\n"
        "dc1,van,800,B-AB 123,acme,2\n"
        "dc1,truck,1000,B-CD 456,cargo,1\n"
        "dc2,bolt-van,500,,bolt,1\n");
    work_init(&w);
    run r = solve_and_check(&w, &s, 6, NULL, NULL);
    expect_err_has(&r, "orders.csv: warning: unknown column 'Notes' ignored");
    expect_err_has(&r, "vehicles.csv: warning: unknown column 'plate' ignored");
    run_free(&r);
    work_done(&w);
}

Test(cli_good, mixed_time_notations, .timeout = 120)
{
    scn s = base();
    mut(&s, F_ORDERS, "08:00,12:00", "08:30,24:30");
    mut(&s, F_ORDERS, "09:00,,", "510,25:30:15,");
    mut(&s, F_ORDERS, ",18:00", "7:05,1080.5");
    mut(&s, F_DEPOTS, "06:00,22:00", "360,24:00");
    mut(&s, F_VEHICLES, "07:00,19:00", "420,19:00:00");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, plane_coordinates, .timeout = 120)
{
    scn s = base();
    set(&s, F_DEPOTS,
        "id,name,x,y,open,close,cap_weight,cap_volume,fixed_cost,couriers\n"
        "dc1,Depot One,0,0,06:00,22:00,,,100,\n"
        "dc2,Depot Two,-12.5,-8,05:00,23:00,5000,40,,acme;bolt\n");
    set(&s, F_ORDERS,
        "id,courier,x,y,weight,volume,tw_start,tw_end,service_min,skills,penalty,depot\n"
        "o1,acme,1.2,-1.5,10,0.1,08:00,12:00,5,cold,,\n"
        "o2,bolt,-1.4,-0.4,2.5,0.05,09:00,,3,,50,dc1\n"
        "o3,acme,3.4,-2.6,1,0.02,,18:00,,,,\n"
        "o4,cargo,-3.4,1.2,20,0.3,10:00,16:00,4,,,\n"
        "o5,bolt,-13.6,-7.7,5,0.05,,,2,,,\n"
        "o6,cargo,-6.8,-5.5,8,0.1,08:00,20:00,6,,,\n"
        "o7,acme,-10.2,-11,3,0.03,07:00,13:00,3,,,dc2\n"
        "o8,bolt,1.4,3.3,12,0.2,14:00,19:00,5,,,\n");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, matrix_csv, .timeout = 120)
{
    scn s = base();
    set_matrix(&s, NULL, NULL);
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, courier_with_share_no, .timeout = 120)
{
    scn s = base();
    mut(&s, F_COURIERS, "cargo,Cargo Co,yes", "cargo,Cargo Co,no");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, optional_orders_with_penalties, .timeout = 120)
{
    scn s = base();
    mut(&s, F_ORDERS, "5,cold,,", "5,cold,2500,");
    mut(&s, F_ORDERS, "2,,,\no6", "2,,0.01,\no6"); /* o5: leaving it costs almost nothing */
    mut(&s, F_ORDERS, "6,,,\no7", "6,,1e6,\no7");
    good_case(&s, BASE_N_ORDERS);
}

Test(cli_good, skill_nobody_has_is_unassigned, .timeout = 120)
{
    scn s = base();
    work w;
    mut(&s, F_ORDERS, "o6,cargo,52.47,13.30,8,0.1,08:00,20:00,6,,",
        "o6,cargo,52.47,13.30,8,0.1,08:00,20:00,6,pharma,");
    work_init(&w);
    run r = solve_and_check(&w, &s, BASE_N_ORDERS, NULL, NULL);
    char *reason = unassigned_reason(w.out, "o6");
    cr_assert_not_null(reason, "o6 is not in unassigned.csv");
    cr_assert_str_eq(reason, "no_vehicle_with_skills");
    free(reason);
    run_free(&r);
    work_done(&w);
}

Test(cli_good, sharing_separate, .timeout = 120)
{
    scn s = base();
    work w;
    work_init(&w);
    run r = solve_and_check(&w, &s, BASE_N_ORDERS, "--sharing", "separate");
    char path[256];
    snprintf(path, sizeof path, "%s/summary.json", w.out);
    char *summary = slurp(path);
    cr_assert_not_null(summary);
    cr_assert_not_null(strstr(summary, "\"sharing\": \"separate\""), "%s", summary);
    free(summary);
    run_free(&r);
    work_done(&w);
}

/* ==== the bundled scenario ============================================== */

Test(cli_sample, sample_city_solves_and_checks, .timeout = 120)
{
    work w;
    work_init(&w);
    run r =
        RUN(&w, "solve", "datasets/sample-city", "--iterations", "300", "--out", w.out, "--quiet");
    expect_exit(&r, 0);
    run c = RUN(&w, "check", "datasets/sample-city", w.out);
    expect_exit(&c, 0);
    cr_assert_not_null(strstr(c.out, "plan valid:"), "%s", c.out);
    expect_conservation("datasets/sample-city", w.out, 600);
    run_free(&r);
    run_free(&c);
    work_done(&w);
}

/* ==== command-line behaviour ============================================ */

Test(cli, version)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "--version");
    expect_exit(&r, 0);
    cr_assert_str_eq(r.out, "cofleet " CF_VERSION "\n");
    int a, b, c;
    char nl;
    cr_assert_eq(sscanf(r.out, "cofleet %d.%d.%d%c", &a, &b, &c, &nl), 4, "%s", r.out);
    cr_assert_eq(nl, '\n');
    run_free(&r);
    work_done(&w);
}

Test(cli, help)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "--help");
    expect_exit(&r, 0);
    cr_assert_not_null(strstr(r.out, "usage: cofleet"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "solve"), "%s", r.out);
    run_free(&r);
    work_done(&w);
}

Test(cli, solve_help)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "solve", "--help");
    expect_exit(&r, 0);
    cr_assert_not_null(strstr(r.out, "usage: cofleet solve"), "%s", r.out);
    run_free(&r);
    work_done(&w);
}

Test(cli, check_help)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "check", "--help");
    expect_exit(&r, 0);
    cr_assert_not_null(strstr(r.out, "usage: cofleet check"), "%s", r.out);
    run_free(&r);
    work_done(&w);
}

Test(cli, unknown_command)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "frobnicate");
    expect_exit(&r, 1);
    expect_err_has(&r, "unknown command 'frobnicate'");
    run_free(&r);
    work_done(&w);
}

Test(cli, no_arguments)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "--quiet");
    expect_exit(&r, 1);
    run_free(&r);
    work_done(&w);
}

Test(cli, solve_without_directory)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "solve");
    expect_exit(&r, 1);
    expect_err_has(&r, "usage: cofleet solve");
    run_free(&r);
    work_done(&w);
}

/* Usage errors on a valid scenario: exit 1, nothing written. */
static void expect_usage_error(const char *flag, const char *value, const char *msg)
{
    scn s = base();
    work w;
    char listing[1024];
    work_init(&w);
    work_write(&w, &s);
    scn_free(&s);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--quiet", flag, value);
    expect_exit(&r, 1);
    expect_err_has(&r, msg);
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap scn");
    list_dir(w.scn, listing, sizeof listing);
    cr_assert_str_eq(listing, "couriers.csv depots.csv orders.csv vehicles.csv");
    run_free(&r);
    work_done(&w);
}

Test(cli, unknown_flag)
{
    expect_usage_error("--frobnicate", "3", "unknown parameter 'frobnicate'");
}

Test(cli, bad_flag_value)
{
    expect_usage_error("--seed", "abc", "parameter 'seed': 'abc' is not a whole number >= 0");
}

Test(cli, bad_sharing_flag)
{
    expect_usage_error("--sharing", "shared",
                       "parameter 'sharing': 'shared' must be pooled or "
                       "separate");
}

Test(cli, check_without_plan_directory)
{
    work w;
    work_init(&w);
    run r = RUN(&w, "check", "datasets/sample-city");
    expect_exit(&r, 1);
    run_free(&r);
    work_done(&w);
}

/* A scenario of 30 orders from the generator, for the determinism tests (small
 * enough for 2 x 300 iterations to fit the timeout in the sanitizer build). */
static void gen_scenario(work *w)
{
    run g =
        RUN(w, "gen", w->scn, "--orders", "30", "--couriers", "3", "--depots", "2", "--seed", "11");
    expect_exit(&g, 0);
    run_free(&g);
}

static char *routes_of(const char *plan)
{
    char path[256];
    snprintf(path, sizeof path, "%s/routes.csv", plan);
    char *t = slurp(path);
    cr_assert_not_null(t, "%s: missing", path);
    return t;
}

/* Solves w->scn into out with flags (the wall clock set far out, so that
 * only the work limit ends the search), checks it, returns routes.csv. */
static char *solve_routes(work *w, const char *out, const char *threads)
{
    run r = RUN(w, "solve", w->scn, "--out", out, "--quiet", "--seed", "7", "--iterations", "300",
                "--time-limit", "3600", "--threads", threads);
    expect_exit(&r, 0);
    run_free(&r);
    run c = RUN(w, "check", w->scn, out);
    expect_exit(&c, 0);
    run_free(&c);
    return routes_of(out);
}

Test(cli, same_seed_same_routes, .timeout = 120)
{
    work w;
    char out2[256];
    work_init(&w);
    gen_scenario(&w);
    snprintf(out2, sizeof out2, "%s/out2", w.root);
    char *a = solve_routes(&w, w.out, "2");
    char *b = solve_routes(&w, out2, "2");
    cr_assert_str_eq(a, b, "two runs with --seed 7 --iterations 300 differ");
    free(a);
    free(b);
    work_done(&w);
}

Test(cli, one_and_two_threads_same_routes, .timeout = 120)
{
    work w;
    char out2[256];
    work_init(&w);
    gen_scenario(&w);
    snprintf(out2, sizeof out2, "%s/out2", w.root);
    char *a = solve_routes(&w, w.out, "1");
    char *b = solve_routes(&w, out2, "2");
    cr_assert_str_eq(a, b, "--threads 1 and --threads 2 differ");
    free(a);
    free(b);
    work_done(&w);
}

Test(cli, resolve_replaces_plan, .timeout = 120)
{
    scn s = base();
    work w;
    char listing[1024], path[256], stale[256];
    work_init(&w);
    work_write(&w, &s);
    scn_free(&s);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--quiet", "--iterations", "50", "--seed", "1");
    expect_exit(&r, 0);
    run_free(&r);
    snprintf(stale, sizeof stale, "%s/stale.txt", w.out); /* must go with the old plan */
    write_file(stale, "from an older plan\n");
    r = RUN(&w, "solve", w.scn, "--out", w.out, "--quiet", "--iterations", "50", "--seed", "2");
    expect_exit(&r, 0);
    run_free(&r);
    cr_assert(!exists(stale), "the old plan's files survived");
    snprintf(path, sizeof path, "%s/summary.json", w.out);
    char *summary = slurp(path);
    cr_assert_not_null(summary);
    cr_assert_not_null(strstr(summary, "\"seed\": 2,"), "%s", summary);
    free(summary);
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap out scn", "left in %s: %s", w.root, listing);
    list_dir(w.out, listing, sizeof listing);
    cr_assert_str_eq(listing, ".cofleet depots routes.csv summary.json trace.csv unassigned.csv");
    run c = RUN(&w, "check", w.scn, w.out);
    expect_exit(&c, 0);
    run_free(&c);
    work_done(&w);
}

Test(cli, out_dir_that_is_not_a_plan_is_refused, .timeout = 120)
{
    scn s = base();
    work w;
    char listing[1024], keep[256];
    work_init(&w);
    work_write(&w, &s);
    scn_free(&s);
    cr_assert_eq(mkdir(w.out, 0777), 0);
    snprintf(keep, sizeof keep, "%s/thesis.tex", w.out);
    write_file(keep, "\\documentclass{article}\n");
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--quiet", "--iterations", "50");
    cr_assert(r.exited, "killed by signal %d", r.code);
    cr_assert_eq(r.code, 2, "solve must refuse a directory that is not a plan before solving (exit 2), got %d", r.code);
    expect_err_has(&r, "exists and is not a plan");
    run_free(&r);
    char *kept = slurp(keep);
    cr_assert_not_null(kept, "the unrelated file is gone");
    cr_assert_str_eq(kept, "\\documentclass{article}\n");
    free(kept);
    list_dir(w.out, listing, sizeof listing);
    cr_assert_str_eq(listing, "thesis.tex");
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap out scn", "left in %s: %s", w.root, listing);
    work_done(&w);
}

Test(cli, sigterm_writes_best_plan, .timeout = 120)
{
    work w;
    run r;
    char out_path[256], err_path[256], listing[1024], path[256];
    work_init(&w);
    const char *const args[] = {
        "solve", "datasets/sample-city", "--out", w.out, "--time-limit", "30", "--quiet", NULL};
    pid_t pid = start(&w, args, &r, out_path, err_path);
    wait_handlers(pid); /* a SIGTERM before them would kill it, not stop the search */
    struct timespec ts = {1, 500000000L}; /* into the search, likely; the test holds either way */
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    cr_assert_eq(kill(pid, SIGTERM), 0);
    finish(pid, &r, out_path, err_path);
    expect_exit(&r, 5); /* stopped by a signal, best plan written (docs/reliability.md) */
    expect_err_has(&r, "interrupted: wrote the best plan");
    snprintf(path, sizeof path, "%s/summary.json", w.out);
    char *summary = slurp(path);
    cr_assert_not_null(summary, "no summary.json");
    cr_assert_not_null(strstr(summary, "\"stopped_by_signal\": true"), "%s", summary);
    free(summary);
    run c = RUN(&w, "check", "datasets/sample-city", w.out);
    expect_exit(&c, 0);
    cr_assert_not_null(strstr(c.out, "plan valid:"), "%s", c.out);
    expect_conservation("datasets/sample-city", w.out, 600);
    list_dir(w.root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap out scn", "left in %s: %s", w.root, listing);
    run_free(&r);
    run_free(&c);
    work_done(&w);
}

/* ==== numbers past their type, and text in other encodings ===== */

/* Sets column `col` of the simple CSV at path (no quoted fields) to value in
 * data row `row` (1-based), or in every data row when row is 0. */
static void set_column(const char *path, const char *col, int data_row, const char *value)
{
    char *text = slurp(path), *line, *save = NULL;
    size_t cap = strlen(text) * 2 + 1024, len = 0;
    char *out = malloc(cap);
    int idx = -1, n = 0;
    cr_assert_not_null(text, "%s: missing", path);
    cr_assert_not_null(out);
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
        char *f[64];
        int nf = 1;
        cr_assert_null(strchr(line, '"'), "%s: a quoted row: %s", path, line);
        f[0] = line;
        for (char *c = line; *c && nf < 64; c++)
            if (*c == ',') {
                *c = '\0';
                f[nf++] = c + 1;
            }
        if (n == 0)
            for (int i = 0; i < nf; i++)
                if (!strcmp(f[i], col)) idx = i;
        cr_assert(idx >= 0 && idx < nf, "%s: no column '%s'", path, col);
        if (n > 0 && (data_row == 0 || data_row == n)) f[idx] = (char *)value;
        for (int i = 0; i < nf; i++)
            len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "," : "", f[i]);
        len += (size_t)snprintf(out + len, cap - len, "\n");
        cr_assert_lt(len, cap);
    }
    write_file(path, out);
    free(out);
    free(text);
}

/* A run that must stop at load: exit 2, msg on stderr, nothing written. */
static void expect_refused(work *w, const run *r, const char *msg)
{
    char listing[1024], plan[256];
    expect_exit(r, 2);
    expect_err_has(r, msg);
    cr_assert_str_eq(r->out, "", "cofleet %s: stdout:\n%s", r->argv_text, r->out);
    cr_assert(!exists(w->out), "%s was written", w->out);
    snprintf(plan, sizeof plan, "%s/plan", w->scn);
    cr_assert(!exists(plan), "%s was written", plan);
    list_dir(w->root, listing, sizeof listing);
    cr_assert_str_eq(listing, "cap scn", "left in %s: %s", w->root, listing);
}

/* The probe: 10,000 orders that no vehicle can carry, each with
 * a penalty of 1e9 (the most a cell may hold).  The plan's cost, 1e13,
 * used to wrap to -8446744073709.55, and `cofleet check` called it valid. */
Test(cli_overflow, ten_thousand_orders_with_huge_penalties_are_refused, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    run g = RUN(&w, "gen", w.scn, "--orders", "10000", "--couriers", "3", "--depots", "2", "--seed",
                "3", "--coords", "plane");
    expect_exit(&g, 0);
    run_free(&g);
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    set_column(path, "skills", 0, "unobtainium");
    set_column(path, "penalty", 0, "1000000000");
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "5", "--quiet");
    expect_refused(&w, &r, "costs too large: the worst plan would cost 100000");
    expect_err_has(&r, "reduce the orders' penalties");
    run_free(&r);
    run c = RUN(&w, "check", w.scn, w.scn);
    expect_exit(&c, 2);
    expect_err_has(&c, "costs too large");
    run_free(&c);
    work_done(&w);
}

/* The other probe: one van at 0.00001 km/h took 360000 s a metre, past
 * int32; the cost came out at -1.09e9 and the solver preferred that van. */
Test(cli_overflow, crawling_van_is_refused, .timeout = 120)
{
    work w;
    char path[256];
    work_init(&w);
    run g = RUN(&w, "gen", w.scn, "--orders", "30", "--couriers", "3", "--depots", "2", "--seed",
                "3", "--coords", "plane");
    expect_exit(&g, 0);
    run_free(&g);
    snprintf(path, sizeof path, "%s/vehicles.csv", w.scn);
    set_column(path, "speed_kmh", 2, "0.00001");
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "5", "--quiet");
    expect_refused(&w, &r, "vehicles.csv:3: column 'speed_kmh': '0.00001' must be within [1, 200]");
    run_free(&r);
    work_done(&w);
}

/* summary.json with a negative or an unreadable cost: `cofleet check` says so. */
Test(cli_overflow, check_rejects_negative_and_non_finite_summary_costs, .timeout = 120)
{
    work w;
    char path[256];
    scn s = base();
    work_init(&w);
    run r = solve_and_check(&w, &s, BASE_N_ORDERS, NULL, NULL);
    run_free(&r);
    snprintf(path, sizeof path, "%s/summary.json", w.out);
    char *good = slurp(path), *at = strstr(good, "\"cost\": ");
    cr_assert_not_null(at);
    static const char *const bad[] = {"-5.0", "1e999", "-1e999"};
    static const char *const says[] = {"summary.json: cost: -5.00 is negative",
                                       "summary.json:", "summary.json:"};
    for (int i = 0; i < 3; i++) {
        size_t pre = (size_t)(at - good) + strlen("\"cost\": ");
        const char *rest = strchr(at, ',');
        char *text = malloc(strlen(good) + 32);
        cr_assert_not_null(text);
        memcpy(text, good, pre);
        sprintf(text + pre, "%s%s", bad[i], rest);
        write_file(path, text);
        free(text);
        run c = RUN(&w, "check", w.scn, w.out);
        expect_exit(&c, 3);
        cr_assert_not_null(strstr(c.out, says[i]), "cost %s: check says:\n%s", bad[i], c.out);
        cr_assert_not_null(strstr(c.out, "plan invalid:"), "%s", c.out);
        run_free(&c);
    }
    free(good);
    work_done(&w);
}

/* 平和島 in Shift_JIS (CP932) and 平和岛 in GBK. */
#define SJIS_NAME "\x95\xBD\x98\x61\x93\x87"
#define GBK_NAME "\xC6\xBD\xBA\xCD\xB5\xBA"

/* These used to solve for the whole time limit, then fail with "cannot
 * build summary.json" and exit 4: jansson refuses text that is not UTF-8. */
Test(cli_text, shift_jis_courier_name_is_refused_before_solving, .timeout = 60)
{
    scn s = base();
    mut(&s, F_COURIERS, "Acme Parcel", SJIS_NAME);
    expect_input_error(&s, "couriers.csv:2: column 'name': not valid UTF-8 (a Shift_JIS export?); "
                           "convert the file with iconv -f CP932 -t UTF-8");
}

Test(cli_text, gbk_depot_name_is_refused_before_solving, .timeout = 60)
{
    scn s = base();
    mut(&s, F_DEPOTS, "Depot Two", GBK_NAME);
    expect_input_error(&s, "depots.csv:3: column 'name': not valid UTF-8 (a GBK/GB18030 export?); "
                           "convert the file with iconv -f GB18030 -t UTF-8");
}

/* Excel's "Unicode text" export: UTF-16LE with a BOM; used to be "NUL byte". */
Test(cli_text, utf16_orders_file_is_named_as_such, .timeout = 60)
{
    work w;
    char path[256];
    scn s = base();
    const char *t = s.text[F_ORDERS];
    size_t n = 2 + 2 * strlen(t), k = 2;
    unsigned char *wide = malloc(n);
    cr_assert_not_null(wide);
    wide[0] = 0xFF;
    wide[1] = 0xFE;
    for (; *t; t++) {
        wide[k++] = (unsigned char)*t;
        wide[k++] = 0;
    }
    work_init(&w);
    work_write(&w, &s);
    scn_free(&s);
    snprintf(path, sizeof path, "%s/orders.csv", w.scn);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(wide, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
    free(wide);
    run r = RUN(&w, "solve", w.scn, "--out", w.out, "--time-limit", "1", "--quiet");
    expect_refused(&w, &r,
                   "orders.csv: file is UTF-16 (little-endian); save it as UTF-8 CSV or "
                   "convert it with iconv -f UTF-16LE -t UTF-8");
    run_free(&r);
    work_done(&w);
}

/* A CVRPLIB NAME reaches summary.json too. */
Test(cli_text, non_utf8_benchmark_name_is_refused_before_solving, .timeout = 60)
{
    work w;
    char path[256];
    work_init(&w);
    snprintf(path, sizeof path, "%s/tiny.vrp", w.scn);
    write_file(path, "NAME : " SJIS_NAME "\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n"
                     "CAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n"
                     "1 0\n2 3\n3 4\nDEPOT_SECTION\n1\n-1\nEOF\n");
    run r = RUN(&w, "solve", path, "--out", w.out, "--time-limit", "1", "--quiet");
    expect_refused(&w, &r, "tiny.vrp:1: NAME: not valid UTF-8 (a Shift_JIS export?)");
    run_free(&r);
    work_done(&w);
}

/* A directory name in Latin-1 becomes the scenario name with '?' for the
 * bytes that are not UTF-8; the plan is written and checks. */
Test(cli_text, non_utf8_directory_name_is_a_usable_scenario_name, .timeout = 120)
{
    work w;
    char dir[256], path[300];
    scn s = base();
    work_init(&w);
    snprintf(dir, sizeof dir, "%s/caf\xE9", w.scn);
    cr_assert_eq(mkdir(dir, 0777), 0);
    for (int i = 0; i < F_COUNT; i++) {
        if (!s.text[i]) continue;
        snprintf(path, sizeof path, "%s/%s", dir, file_names[i]);
        write_file(path, s.text[i]);
    }
    scn_free(&s);
    run r = RUN(&w, "solve", dir, "--out", w.out, "--iterations", "50", "--quiet");
    expect_exit(&r, 0);
    run_free(&r);
    snprintf(path, sizeof path, "%s/summary.json", w.out);
    char *summary = slurp(path);
    cr_assert_not_null(summary);
    cr_assert_not_null(strstr(summary, "\"scenario\": \"caf?\""), "%s", summary);
    free(summary);
    run c = RUN(&w, "check", dir, w.out);
    expect_exit(&c, 0);
    run_free(&c);
    work_done(&w);
}
