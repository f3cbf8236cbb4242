/*
 * Run parameters as text (see params.h).  One const table lists every
 * parameter with its type, default, range and help; defaults, parsing,
 * --help-params and docs/params.md all read it, so they cannot drift apart
 * (LKH's ReadParameters.c keeps the same discipline).  scenario.ini is read
 * with libinih through our own line reader, which counts lines for messages,
 * refuses overlong lines instead of splitting them, and drops leading blanks
 * so that an indented line is never taken as a continuation of the last key.
 */
#include "io/scenario/params.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "io/text_int.h"

typedef enum {
    PT_TEXT,    /* char[] field */
    PT_SHARING, /* cf_sharing */
    PT_REAL,    /* double */
    PT_U64,     /* uint64_t, whole number */
    PT_INT,     /* int, whole number */
    PT_LONG,    /* long, whole number */
    PT_CHOICE,  /* int: the index of the value among the '|'-separated words of kind */
} param_type;

typedef struct param_def {
    const char *name;
    param_type type;
    unsigned bit;     /* CF_PARAM_* */
    size_t offset;    /* of the field in cf_params */
    const char *kind; /* the type as the help shows it */
    const char *def;  /* default, as text ("": none, see def_doc) */
    const char *def_doc;
    double min, max; /* range of numbers */
    const char *help;
} param_def;

static const param_def params[] = {
    {"name", PT_TEXT, CF_PARAM_NAME, offsetof(cf_params, name), "text", "", "the directory's name",
     0, 0, "scenario name shown in the plan and its summary"},
    {"sharing", PT_SHARING, CF_PARAM_SHARING, offsetof(cf_params, sharing), "pooled|separate",
     "pooled", NULL, 0, 0,
     "pooled: any vehicle may carry any order unless a courier has share=no; "
     "separate: each courier uses only its own vehicles"},
    {"time_limit", PT_REAL, CF_PARAM_TIME_LIMIT, offsetof(cf_params, time_limit_s), "seconds", "30",
     NULL, 0, 1e9, "wall-clock limit of the whole solve; 0 only with iterations (a work limit, no clock)"},
    {"iterations", PT_LONG, CF_PARAM_ITERATIONS, offsetof(cf_params, iterations), "whole number",
     "0", NULL, 0, (double)LONG_MAX,
     "work limit: search iterations per stream, 0 = none (with it, a seed gives the same plan "
     "on any machine)"},
    {"seed", PT_U64, CF_PARAM_SEED, offsetof(cf_params, seed), "whole number", "1", NULL, 0,
     (double)UINT64_MAX, "seed of the random number streams"},
    {"threads", PT_INT, CF_PARAM_THREADS, offsetof(cf_params, threads), "whole number", "0", NULL,
     0, 1024, "worker threads, 0 = as many as OpenMP offers"},
    {"road_factor", PT_REAL, CF_PARAM_ROAD_FACTOR, offsetof(cf_params, road_factor), "number",
     "1.3", NULL, 1, 10, "road distance per great-circle distance (lat/lon scenarios only)"},
    {"co2_kg_per_km", PT_REAL, CF_PARAM_CO2, offsetof(cf_params, co2_kg_per_km), "number", "0.9",
     NULL, 0, 1000, "CO2 emitted per vehicle km, for the CO2 figure of the summary"},
    /* The choices' order is that of the enums of io/formats/bench_read.h (io/input.c asserts it). */
    {"format", PT_CHOICE, CF_PARAM_FORMAT, offsetof(cf_params, format),
     "auto|cvrplib|solomon|cordeau", "auto", NULL, 0, 0,
     "benchmark files only: the file's format (auto: told from the content)"},
    {"objective", PT_CHOICE, CF_PARAM_OBJECTIVE, offsetof(cf_params, objective),
     "distance|vehicles-first", "distance", NULL, 0, 0,
     "benchmark files only: total distance, or vehicles first and then distance (the "
     "hierarchical VRPTW objective)"},
    {"distances", PT_CHOICE, CF_PARAM_DISTANCES, offsetof(cf_params, distances),
     "default|exact|dimacs|milli", "default", NULL, 0, 0,
     "benchmark files only: arc lengths; default is the set's convention (CVRPLIB: nint; "
     "Solomon: dimacs, exact with vehicles-first; Cordeau: exact; VRPLIB TYPE VRPTW and "
     "PCVRPTW: dimacs, HFVRP: exact, MDVRPTW: milli); dimacs truncates each arc to one "
     "decimal, milli rounds it to 1e-3 (VRPLIB files only)"},
};

#define N_PARAMS ((int)(sizeof params / sizeof params[0]))

/* Names match case-insensitively, with '-' for '_' (so "time-limit" works). */
static bool name_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = tolower((unsigned char)(*a == '-' ? '_' : *a));
        int cb = tolower((unsigned char)(*b == '-' ? '_' : *b));
        if (ca != cb) return false;
        if (!ca) return true;
    }
}

static const param_def *find_param(const char *name)
{
    for (int i = 0; i < N_PARAMS; i++)
        if (name_eq(params[i].name, name)) return &params[i];
    return NULL;
}

int cf_params_count(void)
{
    return N_PARAMS;
}

const char *cf_params_name(int i)
{
    CF_ASSERT(i >= 0 && i < N_PARAMS);
    return params[i].name;
}

bool cf_parse_whole(const char *s, unsigned long long min, unsigned long long max,
                    unsigned long long *out)
{
    char *end;
    unsigned long long v;
    if (!s || !isdigit((unsigned char)*s)) return false;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p)) return false;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) return false;
    *out = v;
    return true;
}

static cf_status bad_value(const param_def *d, const char *text, cf_err *err)
{
    char q[CF_QUOTE_MAX + 4];
    const char *value = cf_quote(text, q);
    const char *what = d->type == PT_REAL ? "a number" : "a whole number";
    if (d->max >= 1e18) /* as good as no upper bound */
        return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' is not %s >= %.15g", d->name, value,
                          what, d->min);
    return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' is not %s from %.15g to %.15g", d->name,
                      value, what, d->min, d->max);
}

/* Index of value among the '|'-separated words of kind, -1 when none matches. */
static int choice_index(const char *kind, const char *value)
{
    char word[64];
    int idx = 0;
    for (const char *w = kind;; idx++) {
        size_t len = strcspn(w, "|");
        if (len < sizeof word) {
            memcpy(word, w, len);
            word[len] = '\0';
            if (name_eq(word, value)) return idx;
        }
        if (!w[len]) return -1;
        w += len + 1;
    }
}

static cf_status store(cf_params *prm, const param_def *d, const char *value, cf_err *err)
{
    char *field = (char *)prm + d->offset, q[CF_QUOTE_MAX + 4];
    double r;
    unsigned long long w;

    switch (d->type) {
    case PT_TEXT: {
        size_t len = strlen(value);
        if (len == 0)
            return cf_err_set(err, CF_EINVAL, "parameter '%s': must not be empty", d->name);
        if (len >= sizeof prm->name)
            return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' is longer than %zu bytes",
                              d->name, cf_quote(value, q), sizeof prm->name - 1);
        if (!cf_utf8_valid(value, len, NULL)) /* it goes into summary.json */
            return cf_err_set(err, CF_EINVAL, "parameter '%s': %s", d->name,
                              cf_utf8_hint(value, len));
        memcpy(field, value, len + 1);
        return CF_OK;
    }
    case PT_SHARING:
        if (!strcasecmp(value, "pooled"))
            *(cf_sharing *)(void *)field = CF_SHARING_POOLED;
        else if (!strcasecmp(value, "separate"))
            *(cf_sharing *)(void *)field = CF_SHARING_SEPARATE;
        else
            return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' must be pooled or separate",
                              d->name, cf_quote(value, q));
        return CF_OK;
    case PT_REAL:
        if (cf_parse_number(value, &r) != CF_NUM_OK || r < d->min || r > d->max)
            return bad_value(d, value, err);
        *(double *)(void *)field = r;
        return CF_OK;
    case PT_U64:
        if (!cf_parse_whole(value, 0, ULLONG_MAX, &w)) return bad_value(d, value, err);
        *(uint64_t *)(void *)field = (uint64_t)w;
        return CF_OK;
    case PT_INT:
        if (!cf_parse_whole(value, 0, ULLONG_MAX, &w) || (double)w > d->max)
            return bad_value(d, value, err);
        *(int *)(void *)field = (int)w;
        return CF_OK;
    case PT_LONG:
        if (!cf_parse_whole(value, 0, ULLONG_MAX, &w) || w > (unsigned long long)LONG_MAX)
            return bad_value(d, value, err);
        *(long *)(void *)field = (long)w;
        return CF_OK;
    case PT_CHOICE: {
        int idx = choice_index(d->kind, value);
        if (idx < 0)
            return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' must be one of %s", d->name,
                              cf_quote(value, q), d->kind);
        *(int *)(void *)field = idx;
        return CF_OK;
    }
    }
    CF_ASSERT(0 && "unknown parameter type");
    return CF_EINVAL;
}

void cf_params_defaults(cf_params *prm)
{
    memset(prm, 0, sizeof *prm);
    for (int i = 0; i < N_PARAMS; i++) {
        if (!*params[i].def) continue;
        cf_status rc = store(prm, &params[i], params[i].def, NULL);
        CF_ASSERT(rc == CF_OK);
    }
}

cf_status cf_params_set(cf_params *prm, const char *name, const char *value, cf_err *err)
{
    const param_def *d = find_param(name);
    char buf[256], q[CF_QUOTE_MAX + 4];
    size_t len;

    if (!d) return cf_err_set(err, CF_EINVAL, "unknown parameter '%s'", cf_quote(name, q));
    /* Values from the command line may carry blanks around them; the ini's do not. */
    while (isspace((unsigned char)*value))
        value++;
    len = strlen(value);
    while (len && isspace((unsigned char)value[len - 1]))
        len--;
    if (len >= sizeof buf)
        return cf_err_set(err, CF_EINVAL, "parameter '%s': '%s' is too long", d->name,
                          cf_quote(value, q));
    memcpy(buf, value, len);
    buf[len] = '\0';
    cf_status rc = store(prm, d, buf, err);
    if (rc == CF_OK) prm->set |= d->bit;
    return rc;
}

/* State of one scenario.ini read. */
typedef struct ini_ctx {
    FILE *f;
    const char *label; /* "scenario.ini" */
    cf_params *prm;
    cf_err *err;
    cf_status rc;     /* first error */
    int line;         /* physical line last handed to inih */
    int long_line;    /* a line too long for inih's buffer, 0: none */
    char warned[64];  /* last unknown section warned about */
    bool warned_root; /* warned about keys before any section */
} ini_ctx;

/* inih's reader: one physical line per call, leading blanks dropped. */
static char *ini_read_line(char *str, int num, void *stream)
{
    ini_ctx *x = stream;
    int ch, n = 0;
    bool lead = true;

    if (x->long_line || num < 2) return NULL;
    while ((ch = getc(x->f)) != EOF) {
        if (lead && (ch == ' ' || ch == '\t')) continue;
        lead = false;
        if (n < num - 1) {
            str[n++] = (char)ch;
        } else {
            x->long_line = x->line + 1;
            return NULL;
        }
        if (ch == '\n') break;
    }
    if (n == 0 && ch == EOF) return NULL;
    str[n] = '\0';
    x->line++;
    return str;
}

static int ini_on_pair(void *user, const char *section, const char *name, const char *value)
{
    ini_ctx *x = user;
    const param_def *d;

    if (x->rc != CF_OK) return 1;
    if (!*section) {
        if (!x->warned_root)
            fprintf(stderr, "%s:%d: warning: key '%s' outside [scenario] ignored\n", x->label,
                    x->line, name);
        x->warned_root = true;
        return 1;
    }
    if (strcasecmp(section, "scenario") != 0) {
        if (strncmp(x->warned, section, sizeof x->warned - 1) != 0) {
            fprintf(stderr, "%s:%d: warning: unknown section [%s] ignored\n", x->label, x->line,
                    section);
            snprintf(x->warned, sizeof x->warned, "%s", section);
        }
        return 1;
    }
    d = find_param(name);
    if (!d) {
        fprintf(stderr, "%s:%d: warning: unknown key '%s' ignored\n", x->label, x->line, name);
        return 1;
    }
    x->rc = cf_params_set(x->prm, d->name, value, x->err);
    if (x->rc != CF_OK) {
        char where[160];
        snprintf(where, sizeof where, "%s:%d", x->label, x->line);
        cf_err_prefix(x->err, where);
        return 0;
    }
    return 1;
}

cf_status cf_params_load_ini(cf_params *prm, const char *path, cf_err *err)
{
    ini_ctx x;
    const char *slash = strrchr(path, '/');
    int res;

    memset(&x, 0, sizeof x);
    x.label = slash ? slash + 1 : path;
    x.prm = prm;
    x.err = err;
    x.f = fopen(path, "rb");
    if (!x.f) {
        if (errno == ENOENT) return cf_err_set(err, CF_EIO, "%s: no such file", x.label);
        return cf_err_set(err, CF_EIO, "%s: cannot open: %s", x.label, strerror(errno));
    }
    {
        unsigned char head[256];
        size_t n = fread(head, 1, sizeof head, x.f);
        cf_wide w = cf_wide_detect(head, n);
        if (w != CF_WIDE_NONE) {
            char what[200];
            fclose(x.f);
            cf_wide_message(w, "UTF-8 text", what, sizeof what);
            return cf_err_set(err, CF_EPARSE, "%s: %s", x.label, what);
        }
        rewind(x.f);
    }
    res = ini_parse_stream(ini_read_line, &x, ini_on_pair, &x);
    if (x.rc == CF_OK && ferror(x.f))
        x.rc = cf_err_set(err, CF_EIO, "%s: read error: %s", x.label, strerror(errno));
    fclose(x.f);
    if (x.rc != CF_OK) return x.rc;
    if (x.long_line)
        return cf_err_set(err, CF_EPARSE, "%s:%d: line too long", x.label, x.long_line);
    if (res == -2) return cf_err_set(err, CF_ENOMEM, "%s: out of memory", x.label);
    if (res != 0)
        return cf_err_set(err, CF_EPARSE, "%s:%d: syntax error (expected [section] or key = value)",
                          x.label, res);
    return CF_OK;
}

cf_status cf_params_check_limits(const cf_params *prm, cf_err *err)
{
    if (prm->time_limit_s > 0 || prm->iterations > 0) return CF_OK;
    return cf_err_set(err, CF_EINVAL,
                      "parameter 'time_limit': 0 would mean no limit at all; give a limit in "
                      "seconds, or a work limit with 'iterations' (then time_limit 0 means no "
                      "clock)");
}

void cf_params_override(cf_params *base, const cf_params *over)
{
    for (int i = 0; i < N_PARAMS; i++) {
        const param_def *d = &params[i];
        size_t size;
        if (!(over->set & d->bit)) continue;
        switch (d->type) {
        case PT_TEXT:
            size = sizeof base->name;
            break;
        case PT_SHARING:
            size = sizeof base->sharing;
            break;
        case PT_REAL:
            size = sizeof(double);
            break;
        case PT_U64:
            size = sizeof(uint64_t);
            break;
        case PT_INT:
        case PT_CHOICE:
            size = sizeof(int);
            break;
        default:
            size = sizeof(long);
            break;
        }
        memcpy((char *)base + d->offset, (const char *)over + d->offset, size);
        base->set |= d->bit;
    }
}

static const char *shown_default(const param_def *d)
{
    return d->def_doc ? d->def_doc : d->def;
}

void cf_params_print_help(FILE *out)
{
    fprintf(out, "Parameters (scenario.ini section [scenario]; command-line flags override it):\n");
    for (int i = 0; i < N_PARAMS; i++) {
        const param_def *d = &params[i];
        fprintf(out, "  %-14s %-16s default: %s\n", d->name, d->kind, shown_default(d));
        fprintf(out, "  %-14s %s\n", "", d->help);
    }
}

/* Text in a Markdown table cell: a '|' would end the cell. */
static void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputc('\\', out);
        fputc(*s, out);
    }
}

void cf_params_print_markdown(FILE *out)
{
    fprintf(out, "# Parameters\n\n"
                 "Set in the `[scenario]` section of `scenario.ini`; command-line flags override "
                 "it. Generated from the table in `io/scenario/params.c` (`cofleet --help-params`).\n\n");
    fprintf(out, "| name | type | default | description |\n|---|---|---|---|\n");
    for (int i = 0; i < N_PARAMS; i++) {
        const param_def *d = &params[i];
        fprintf(out, "| `%s` | ", d->name);
        md_cell(out, d->kind);
        fputs(" | ", out);
        md_cell(out, shown_default(d));
        fputs(" | ", out);
        md_cell(out, d->help);
        fputs(" |\n", out);
    }
}
