/*
 * What to run: the standard sets (one const table, with each set's BKS
 * files per objective and distance convention, as
 * ../shared/benchmarks/README.md describes them), suite files, and the
 * --instances filter.  Only the table knows where a set lives.
 */
#include "bench/bench.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bench/bench_int.h"
#include "models/alloc.h"

/* Solomon and Gehring-Homberger: the distance-only BKS follow the DIMACS
 * convention (one decimal, truncated), the hierarchical ones exact arcs;
 * Solomon also has distance-only values with exact arcs (older, unverified).
 * Cordeau: exact arcs only.  CVRPLIB: nint arcs whatever the option.
 * PyVRP's sets: HFVRP exact arcs (about a third of its .sol files used
 * milli arcs; bks.csv rounds both to the cent, which the two conventions
 * agree on within a cent), MDVRPTW milli arcs (round(1000 x Euclidean)),
 * PCVRPTW DIMACS. */
const cf_bench_set cf_bench_sets[] = {
    {"cvrp_X", "cvrp_X", CF_BENCH_DIST_DEFAULT, "bks.csv", "bks.csv", NULL, NULL},
    {"cvrp_XXL", "cvrp_XXL", CF_BENCH_DIST_DEFAULT, "bks.csv", "bks.csv", NULL, NULL},
    {"vrptw_solomon", "vrptw_solomon", CF_BENCH_DIST_DIMACS, "bks_distance_only.csv",
     "bks_distance_only_double.csv", "bks.csv", NULL},
    {"vrptw_gh200", "vrptw_gehring_homberger/200", CF_BENCH_DIST_DIMACS, "bks_distance_only.csv",
     NULL, "bks.csv", NULL},
    {"vrptw_gh1000", "vrptw_gehring_homberger/1000", CF_BENCH_DIST_DIMACS, "bks_distance_only.csv",
     NULL, "bks.csv", NULL},
    {"mdvrp_cordeau", "mdvrp_cordeau", CF_BENCH_DIST_EXACT, NULL, "bks.csv", NULL, NULL},
    /* PyVRP's VRPLIB dialect (README section 6): each bks.csv is in its
     * set's own published convention, which is the set's default. */
    {"hfvrp_pessoa", "hfvrp_pessoa", CF_BENCH_DIST_EXACT, NULL, "bks.csv", NULL, NULL},
    {"mdvrptw_vidal", "mdvrptw_vidal", CF_BENCH_DIST_MILLI, NULL, NULL, NULL, "bks.csv"},
    {"pcvrptw", "pcvrptw", CF_BENCH_DIST_DIMACS, "bks.csv", NULL, NULL, NULL},
};
const int cf_bench_n_sets = (int)(sizeof cf_bench_sets / sizeof cf_bench_sets[0]);

const cf_bench_set *cf_bench_set_find(const char *name)
{
    for (int i = 0; i < cf_bench_n_sets; i++)
        if (!strcasecmp(cf_bench_sets[i].name, name)) return &cf_bench_sets[i];
    return NULL;
}

const cf_bench_set *cf_bench_set_of_dir(const char *dir)
{
    for (int i = 0; i < cf_bench_n_sets; i++)
        if (!strcmp(cf_bench_sets[i].dir, dir)) return &cf_bench_sets[i];
    return NULL;
}

const char *cf_bench_set_bks_file(const cf_bench_set *s, const cf_bench_opts *o)
{
    cf_bench_dist d = o->dist == CF_BENCH_DIST_DEFAULT ? s->dist_default : o->dist;
    if (o->objective == CF_BENCH_OBJ_VEHICLES_FIRST) return s->bks_hier;
    if (d == CF_BENCH_DIST_DEFAULT) return s->bks_exact; /* CVRPLIB: both are the same */
    if (d == CF_BENCH_DIST_MILLI) return s->bks_milli;
    return d == CF_BENCH_DIST_DIMACS ? s->bks_dimacs : s->bks_exact;
}

/* ---- lists ----------------------------------------------------------------- */

void cf_bench_list_init(cf_bench_list *l)
{
    memset(l, 0, sizeof *l);
}

void cf_bench_list_release(cf_bench_list *l)
{
    cf_free(l->e);
    cf_bench_list_init(l);
}

/* Fills name and set from rel; bks from the caller. */
static cf_status list_add(cf_bench_list *l, const char *rel, double bks, cf_err *err)
{
    cf_bench_entry *e;
    const char *slash = strrchr(rel, '/'), *base = slash ? slash + 1 : rel, *dot;
    size_t n;

    if (l->len >= CF_BENCH_MAX_ENTRIES)
        return cf_err_set(err, CF_EINVAL, "more than %d instances", CF_BENCH_MAX_ENTRIES);
    if (l->len == l->cap) {
        int cap = l->cap ? 2 * l->cap : 64;
        cf_bench_entry *ne = cf_reallocarray(l->e, (size_t)cap, sizeof *ne);
        if (!ne) return cf_err_set(err, CF_ENOMEM, "out of memory listing instances");
        l->e = ne;
        l->cap = cap;
    }
    e = &l->e[l->len];
    memset(e, 0, sizeof *e);
    snprintf(e->rel, sizeof e->rel, "%s", rel);
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (n >= sizeof e->name) n = sizeof e->name - 1;
    memcpy(e->name, base, n);
    e->name[n] = '\0';
    if (slash) {
        char dir[CF_BENCH_PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - rel), rel);
        e->set = cf_bench_set_of_dir(dir);
    }
    e->bks = bks;
    l->len++;
    return CF_OK;
}

/* ---- suite files ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool unsafe_path(const char *p)
{
    if (p[0] == '/') return true;
    for (const char *s = p; (s = strstr(s, "..")) != NULL; s += 2)
        if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/')) return true;
    return false;
}

/* "planted NAME FLAGS...": rest is what follows the keyword. */
static cf_status planted_line(cf_bench_list *l, const char *label, int lineno, char *rest,
                              cf_err *err)
{
    char name[CF_BENCH_NAME_MAX], rel[CF_BENCH_PATH_MAX], flags[CF_BENCH_PATH_MAX];
    size_t n, suite_len = strlen(label);
    cf_err gerr;
    cf_status rc;

    while (*rest && isspace((unsigned char)*rest))
        rest++;
    n = strcspn(rest, " \t\r\n\v\f");
    if (n == 0)
        return cf_err_set(err, CF_EPARSE, "%s:%d: expected 'planted NAME FLAGS...'", label, lineno);
    if (n >= 64 || strspn(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                "_-") < n)
        return cf_err_set(err, CF_EPARSE,
                          "%s:%d: planted name '%.*s' must be 1-63 letters, digits, '-' or '_'",
                          label, lineno, (int)(n < 64 ? n : 64), rest);
    memcpy(name, rest, n);
    name[n] = '\0';
    if (cf_bench_planted_flags(name, rest + n, flags, sizeof flags, &gerr) != CF_OK)
        return cf_err_set(err, CF_EPARSE, "%s:%d: planted %s: %s", label, lineno, name, gerr.msg);
    if (suite_len > 4 && !strcmp(label + suite_len - 4, ".txt")) suite_len -= 4;
    snprintf(rel, sizeof rel, "%.*s/%s", (int)(suite_len < 200 ? suite_len : 200), label, name);
    if ((rc = list_add(l, rel, NAN, err)) != CF_OK) return rc;
    snprintf(l->e[l->len - 1].gen, sizeof l->e[l->len - 1].gen, "%s", flags);
    return CF_OK;
}

cf_status cf_bench_suite_load(const char *path, cf_bench_list *l, cf_err *err)
{
    const char *label = base_name(path);
    char line[CF_BENCH_PATH_MAX + 128];
    int lineno = 0, added = 0;
    cf_status rc = CF_OK;
    FILE *f = fopen(path, "r");

    if (!f) {
        if (errno == ENOENT) return cf_err_set(err, CF_EIO, "%s: no such file", path);
        return cf_err_set(err, CF_EIO, "%s: cannot open: %s", path, strerror(errno));
    }
    while (fgets(line, sizeof line, f)) {
        char *s = line, *tok[3], *hash, *end;
        int nt = 0;
        size_t len = strlen(line);
        double bks = NAN;

        lineno++;
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
            rc = cf_err_set(err, CF_EPARSE, "%s:%d: line too long", label, lineno);
            break;
        }
        if ((hash = strchr(s, '#')) != NULL) *hash = '\0';
        while (*s && isspace((unsigned char)*s))
            s++;
        if (!strncmp(s, "planted", 7) && (!s[7] || isspace((unsigned char)s[7]))) {
            if ((rc = planted_line(l, label, lineno, s + 7, err)) != CF_OK) break;
            added++;
            continue;
        }
        while (nt < 3) {
            while (*s && isspace((unsigned char)*s))
                s++;
            if (!*s) break;
            tok[nt++] = s;
            while (*s && !isspace((unsigned char)*s))
                s++;
            if (*s) *s++ = '\0';
        }
        if (nt == 0) continue;
        if (nt > 2) {
            rc = cf_err_set(err, CF_EPARSE,
                            "%s:%d: expected 'PATH [BKS]', found more fields ('%s' ...)", label,
                            lineno, tok[2]);
            break;
        }
        if (strlen(tok[0]) >= CF_BENCH_PATH_MAX) {
            rc = cf_err_set(err, CF_EPARSE, "%s:%d: path too long", label, lineno);
            break;
        }
        if (unsafe_path(tok[0])) {
            rc = cf_err_set(err, CF_EPARSE,
                            "%s:%d: '%s' must be a path inside the data dir (relative, no '..')",
                            label, lineno, tok[0]);
            break;
        }
        if (nt == 2) {
            errno = 0;
            bks = strtod(tok[1], &end);
            if (errno || *end || end == tok[1] || !isfinite(bks) || bks <= 0) {
                rc = cf_err_set(err, CF_EPARSE, "%s:%d: BKS '%s' is not a number > 0", label,
                                lineno, tok[1]);
                break;
            }
        }
        if ((rc = list_add(l, tok[0], bks, err)) != CF_OK) break;
        added++;
    }
    if (rc == CF_OK && ferror(f))
        rc = cf_err_set(err, CF_EIO, "%s: read error: %s", path, strerror(errno));
    fclose(f);
    if (rc == CF_OK && added == 0)
        rc = cf_err_set(err, CF_EINVAL, "%s: no instances (one path per line expected)", label);
    return rc;
}

/* ---- set folders ------------------------------------------------------------ */

static bool instance_file(const char *name)
{
    static const char *const skip[] = {".sol", ".res", ".csv", ".md", ".json", ".txt~"};
    size_t n = strlen(name);
    if (name[0] == '.' || !strncasecmp(name, "README", 6)) return false;
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++) {
        size_t k = strlen(skip[i]);
        if (n > k && !strcasecmp(name + n - k, skip[i])) return false;
    }
    return true;
}

/* Natural order: digit runs compare as numbers ("X-n101" < "X-n1001"). */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            const char *ea, *eb;
            while (*a == '0' && isdigit((unsigned char)a[1]))
                a++;
            while (*b == '0' && isdigit((unsigned char)b[1]))
                b++;
            ea = a;
            eb = b;
            while (isdigit((unsigned char)*ea))
                ea++;
            while (isdigit((unsigned char)*eb))
                eb++;
            if (ea - a != eb - b) return ea - a < eb - b ? -1 : 1;
            for (; a < ea; a++, b++)
                if (*a != *b) return *a < *b ? -1 : 1;
            continue;
        }
        int ca = tolower((unsigned char)*a), cb = tolower((unsigned char)*b);
        if (ca != cb) return ca < cb ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int entry_cmp(const void *x, const void *y)
{
    const cf_bench_entry *a = x, *b = y;
    int c = natural_cmp(a->name, b->name);
    return c ? c : strcmp(a->rel, b->rel);
}

cf_status cf_bench_list_set(const char *data_dir, const cf_bench_set *s, cf_bench_list *l,
                            cf_err *err)
{
    char dir[CF_BENCH_PATH_MAX], path[2 * CF_BENCH_PATH_MAX], rel[CF_BENCH_PATH_MAX];
    struct dirent *de;
    struct stat st;
    cf_status rc = CF_OK;
    int first = l->len;
    DIR *d;

    snprintf(dir, sizeof dir, "%s/%s", data_dir, s->dir);
    if (!(d = opendir(dir)))
        return cf_err_set(err, CF_EIO, "%s: %s (set '%s')", dir,
                          errno == ENOENT ? "no such directory" : strerror(errno), s->name);
    while ((de = readdir(d)) != NULL) {
        if (!instance_file(de->d_name)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        snprintf(rel, sizeof rel, "%s/%s", s->dir, de->d_name);
        if ((rc = list_add(l, rel, NAN, err)) != CF_OK) break;
    }
    closedir(d);
    if (rc == CF_OK && l->len > first)
        qsort(l->e + first, (size_t)(l->len - first), sizeof *l->e, entry_cmp);
    return rc;
}

static bool matches(const char *globs, const cf_bench_entry *e)
{
    char pat[256];
    for (const char *g = globs;;) {
        size_t n = strcspn(g, ",");
        if (n > 0 && n < sizeof pat) {
            memcpy(pat, g, n);
            pat[n] = '\0';
            if (!fnmatch(pat, e->name, 0) || !fnmatch(pat, e->rel, 0)) return true;
        }
        if (!g[n]) return false;
        g += n + 1;
    }
}

void cf_bench_list_filter(cf_bench_list *l, const char *globs)
{
    int k = 0;
    for (int i = 0; i < l->len; i++)
        if (matches(globs, &l->e[i])) l->e[k++] = l->e[i];
    l->len = k;
}
