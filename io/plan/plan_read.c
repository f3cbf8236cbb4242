/*
 * Reading a plan back (see plan_read.h), and the minimal CSV reader the
 * plan checker uses (plan_int.h).  The reader is deliberately tolerant row
 * by row: it keeps going after a bad row so that `cofleet check` lists every
 * problem of a plan at once, and it never lets a bad row make the solution
 * malformed (an order goes on at most one route).
 */
#include "io/plan/plan_read.h"

#include <ctype.h>
#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/plan/plan_int.h"
#include "models/alloc.h"
#include "models/idmap.h"

/* ---- minimal CSV reader --------------------------------------------------------------- */

typedef struct doc_ctx {
    cf_csv_doc *d;
    char **fields; /* the row being read, in d->arena */
    int n_fields, cap_fields;
    int line;     /* line being fed */
    int row_line; /* line where the current row started */
    int have_header;
    int oom;
} doc_ctx;

static void on_field(void *s, size_t len, void *data)
{
    doc_ctx *x = data;
    char *copy;
    if (x->oom) return;
    if (x->n_fields == 0) x->row_line = x->line;
    if (x->n_fields == x->cap_fields) {
        int cap = x->cap_fields ? x->cap_fields * 2 : 16;
        char **grown = cf_reallocarray(x->fields, (size_t)cap, sizeof *grown);
        if (!grown) {
            x->oom = 1;
            return;
        }
        x->fields = grown;
        x->cap_fields = cap;
    }
    if (!(copy = cf_arena_calloc(&x->d->arena, len + 1, 1))) {
        x->oom = 1;
        return;
    }
    if (len) memcpy(copy, s, len);
    x->fields[x->n_fields++] = copy;
}

static void on_row(int c, void *data)
{
    doc_ctx *x = data;
    cf_csv_doc *d = x->d;
    char **row;
    (void)c;
    if (x->oom) return;
    if (x->n_fields == 0) x->row_line = x->line;
    row = cf_arena_calloc(&d->arena, (size_t)x->n_fields + 1, sizeof *row);
    if (!row) {
        x->oom = 1;
        return;
    }
    if (x->n_fields) memcpy(row, x->fields, (size_t)x->n_fields * sizeof *row);
    if (!x->have_header) {
        x->have_header = 1;
        d->header = row;
        d->n_cols = x->n_fields;
        x->n_fields = 0;
        return;
    }
    if (d->n_rows == d->cap_rows) {
        int cap = d->cap_rows ? d->cap_rows * 2 : 64;
        char ***r = cf_reallocarray(d->rows, (size_t)cap, sizeof *r);
        int *nf = r ? cf_reallocarray(d->n_fields, (size_t)cap, sizeof *nf) : NULL;
        int *ln = nf ? cf_reallocarray(d->line, (size_t)cap, sizeof *ln) : NULL;
        if (r) d->rows = r;
        if (nf) d->n_fields = nf;
        if (!ln) {
            x->oom = 1;
            return;
        }
        d->line = ln;
        d->cap_rows = cap;
    }
    d->rows[d->n_rows] = row;
    d->n_fields[d->n_rows] = x->n_fields;
    d->line[d->n_rows] = x->row_line;
    d->n_rows++;
    x->n_fields = 0;
}

void cf_csv_doc_free(cf_csv_doc *d)
{
    if (!d) return;
    cf_free(d->rows);
    cf_free(d->n_fields);
    cf_free(d->line);
    cf_arena_release(&d->arena);
    cf_free(d);
}

static cf_status slurp(const char *path, char **buf, size_t *len, cf_err *err)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0;
    char *b;
    *buf = NULL;
    if (!f) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    if (!(b = cf_malloc(cap))) {
        fclose(f);
        return cf_err_set(err, CF_ENOMEM, "%s: out of memory", path);
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            char *g = cf_reallocarray(b, cap, 2);
            if (!g) {
                cf_free(b);
                fclose(f);
                return cf_err_set(err, CF_ENOMEM, "%s: out of memory", path);
            }
            b = g;
            cap *= 2;
        }
        got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        int e = errno;
        cf_free(b);
        fclose(f);
        return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(e));
    }
    fclose(f);
    *buf = b;
    *len = n;
    return CF_OK;
}

cf_status cf_csv_doc_read(const char *path, const char *label, cf_csv_doc **out, cf_err *err)
{
    struct csv_parser parser;
    doc_ctx x;
    char *buf = NULL;
    size_t len = 0, pos = 0;
    cf_csv_doc *d;
    cf_status rc;

    *out = NULL;
    if ((rc = slurp(path, &buf, &len, err)) != CF_OK) return rc;
    if (!(d = cf_calloc(1, sizeof *d))) {
        cf_free(buf);
        return cf_err_set(err, CF_ENOMEM, "%s: out of memory", label);
    }
    cf_arena_init(&d->arena, 64 * 1024);
    memset(&x, 0, sizeof x);
    x.d = d;
    x.line = 1;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        rc = cf_err_set(err, CF_ENOMEM, "%s: out of memory", label);
        goto done;
    }
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    /* Line by line, so that each row knows its line number. */
    while (pos < len && !x.oom) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t chunk = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;
        if (csv_parse(&parser, buf + pos, chunk, on_field, on_row, &x) != chunk) {
            rc = cf_err_set(err, CF_EPARSE, "%s:%d: malformed CSV: %s", label, x.line,
                            csv_strerror(csv_error(&parser)));
            break;
        }
        pos += chunk;
        if (nl) x.line++;
    }
    if (rc == CF_OK && !x.oom && csv_fini(&parser, on_field, on_row, &x) != 0)
        rc = cf_err_set(err, CF_EPARSE, "%s:%d: malformed CSV: %s", label, x.line,
                        csv_strerror(csv_error(&parser)));
    csv_free(&parser);
    if (rc == CF_OK && x.oom) rc = cf_err_set(err, CF_ENOMEM, "%s: out of memory", label);
    if (rc == CF_OK && !x.have_header) rc = cf_err_set(err, CF_EPARSE, "%s:1: empty file", label);
done:
    cf_free(x.fields);
    cf_free(buf);
    if (rc == CF_OK)
        *out = d;
    else
        cf_csv_doc_free(d);
    return rc;
}

/* Compares a header cell with name: case-insensitive, spaces trimmed. */
static int name_is(const char *cell, const char *name)
{
    size_t n;
    while (*cell == ' ' || *cell == '\t')
        cell++;
    n = strlen(cell);
    while (n > 0 && (cell[n - 1] == ' ' || cell[n - 1] == '\t'))
        n--;
    return n == strlen(name) && strncasecmp(cell, name, n) == 0;
}

int cf_csv_doc_col(const cf_csv_doc *d, const char *name)
{
    for (int c = 0; c < d->n_cols; c++)
        if (name_is(d->header[c], name)) return c;
    return -1;
}

const char *cf_csv_doc_cell(const cf_csv_doc *d, int row, int col)
{
    if (col < 0 || row < 0 || row >= d->n_rows || col >= d->n_fields[row]) return "";
    return d->rows[row][col];
}

/* ---- routes.csv and unassigned.csv into a solution ------------------------------------ */

typedef struct reader {
    const cf_problem *p;
    cf_plan *plan;
    cf_violations *out;
    cf_idmap vmap, omap;
    int *route_line; /* [n_orders] routes.csv line of the order, 0: not there */
    int *unas_line;  /* [n_orders] unassigned.csv line, 0: not there */
    int *veh_line;   /* [n_vehicles] routes.csv line of the vehicle's start row */
    int *orders;     /* [n_orders] the route being read */
} reader;

static cf_status build_maps(reader *r, cf_err *err)
{
    const cf_problem *p = r->p;
    for (int v = 0; v < p->n_vehicles; v++)
        if (cf_idmap_put(&r->vmap, p->veh_id[v], v, NULL) == CF_ENOMEM)
            return cf_err_set(err, CF_ENOMEM, "cannot index vehicle ids");
    for (int o = 0; o < p->n_orders; o++)
        if (cf_idmap_put(&r->omap, p->order_id[o], o, NULL) == CF_ENOMEM)
            return cf_err_set(err, CF_ENOMEM, "cannot index order ids");
    return CF_OK;
}

static const char *const routes_required[] = {"vehicle", "seq", "kind", "order", "departure"};

static cf_status require_cols(const cf_csv_doc *d, const char *label, const char *const *names,
                              size_t n, cf_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (cf_csv_doc_col(d, names[i]) < 0)
            return cf_err_set(err, CF_EPARSE, "%s:1: missing column '%s'", label, names[i]);
    return CF_OK;
}

/* The header must be exactly the documented one (columns are still found
 * by name, so a reordered file is read; it is reported all the same). */
static void check_header(const cf_csv_doc *d, const char *label, const char *const *cols, int n,
                         cf_violations *out)
{
    int same = d->n_cols == n;
    for (int c = 0; same && c < n; c++)
        same = strcmp(d->header[c], cols[c]) == 0;
    if (!same) {
        char want[512];
        size_t k = 0;
        for (int c = 0; c < n && k < sizeof want - 1; c++)
            k += (size_t)snprintf(want + k, sizeof want - k, "%s%s", c ? "," : "", cols[c]);
        cf_violations_add(out, "%s:1: header is not '%s'", label, want);
    }
}

/* Commits the route being read. */
static void end_route(reader *r, int v, int n, int32_t t0)
{
    cf_plan *pl = r->plan;
    cf_solution_set_route(&pl->sol, v, r->orders, n, t0);
    pl->n_routes++;
}

static void read_routes(reader *r)
{
    const cf_problem *p = r->p;
    cf_plan *pl = r->plan;
    const cf_csv_doc *d = pl->routes;
    int c_veh = cf_csv_doc_col(d, "vehicle"), c_seq = cf_csv_doc_col(d, "seq");
    int c_kind = cf_csv_doc_col(d, "kind"), c_order = cf_csv_doc_col(d, "order");
    int c_dep = cf_csv_doc_col(d, "departure");
    int cur = -1; /* vehicle of the open route; -1: none; -2: a route being skipped */
    int n = 0, cur_line = 0;
    int32_t t0 = 0;

    for (int i = 0; i < d->n_rows; i++) {
        int line = d->line[i];
        const char *vid = cf_csv_doc_cell(d, i, c_veh), *kind = cf_csv_doc_cell(d, i, c_kind);
        const char *seq = cf_csv_doc_cell(d, i, c_seq);
        char want[16];

        pl->row_vehicle[i] = pl->row_pos[i] = -1;
        if (d->n_fields[i] != d->n_cols) {
            cf_violations_add(r->out, "routes.csv:%d: %d fields, the header has %d", line,
                              d->n_fields[i], d->n_cols);
            continue;
        }
        if (!strcmp(kind, "start")) {
            int v = cf_idmap_get(&r->vmap, vid);
            long m;
            if (cur >= 0) {
                cf_violations_add(r->out, "routes.csv:%d: route of vehicle '%s' has no end row",
                                  cur_line, p->veh_id[cur]);
                end_route(r, cur, n, t0);
            }
            cur = -2;
            n = 0;
            cur_line = line;
            if (v < 0) {
                cf_violations_add(r->out, "routes.csv:%d: unknown vehicle '%s'", line, vid);
                continue;
            }
            if (r->veh_line[v]) {
                cf_violations_add(r->out,
                                  "routes.csv:%d: vehicle '%s' already has a route at line %d",
                                  line, vid, r->veh_line[v]);
                continue;
            }
            r->veh_line[v] = line;
            if (strcmp(seq, "0") != 0)
                cf_violations_add(r->out, "routes.csv:%d: column 'seq': '%s', expected '0'", line,
                                  seq);
            m = cf_plan_parse_clock(cf_csv_doc_cell(d, i, c_dep));
            if (m < 0 || m > CF_TIME_INF / 60) {
                cf_violations_add(r->out,
                                  "routes.csv:%d: column 'departure': '%s' is not a time HH:MM",
                                  line, cf_csv_doc_cell(d, i, c_dep));
                m = 0;
            }
            t0 = (int32_t)(m * 60);
            cur = v;
            pl->row_vehicle[i] = v;
            pl->row_pos[i] = 0;
        } else if (!strcmp(kind, "order")) {
            const char *oid = cf_csv_doc_cell(d, i, c_order);
            int o = cf_idmap_get(&r->omap, oid);
            if (cur == -1) {
                cf_violations_add(
                    r->out, "routes.csv:%d: order row outside a route (no start row before it)",
                    line);
                if (o >= 0 && !r->route_line[o]) r->route_line[o] = line;
                continue;
            }
            if (o < 0) {
                cf_violations_add(r->out, "routes.csv:%d: unknown order '%s'", line, oid);
                continue;
            }
            if (r->route_line[o]) {
                cf_violations_add(r->out,
                                  "routes.csv:%d: order '%s' is already on a route at line %d",
                                  line, oid, r->route_line[o]);
                continue;
            }
            r->route_line[o] = line;
            if (cur < 0) continue; /* a route being skipped: the order is accounted for */
            if (strcmp(vid, p->veh_id[cur]) != 0)
                cf_violations_add(
                    r->out, "routes.csv:%d: order row of vehicle '%s' inside the route of '%s'",
                    line, vid, p->veh_id[cur]);
            snprintf(want, sizeof want, "%d", n + 1);
            if (strcmp(seq, want) != 0)
                cf_violations_add(r->out, "routes.csv:%d: column 'seq': '%s', expected '%s'", line,
                                  seq, want);
            r->orders[n++] = o;
            pl->row_vehicle[i] = cur;
            pl->row_pos[i] = n;
        } else if (!strcmp(kind, "end")) {
            if (cur == -1) {
                cf_violations_add(r->out, "routes.csv:%d: end row without a start row", line);
                continue;
            }
            if (cur >= 0) {
                snprintf(want, sizeof want, "%d", n + 1);
                if (strcmp(seq, want) != 0)
                    cf_violations_add(r->out, "routes.csv:%d: column 'seq': '%s', expected '%s'",
                                      line, seq, want);
                if (strcmp(vid, p->veh_id[cur]) != 0)
                    cf_violations_add(
                        r->out, "routes.csv:%d: end row of vehicle '%s' closes the route of '%s'",
                        line, vid, p->veh_id[cur]);
                if (n == 0)
                    cf_violations_add(r->out,
                                      "routes.csv:%d: vehicle '%s' has a route without orders",
                                      line, p->veh_id[cur]);
                end_route(r, cur, n, t0);
                pl->row_vehicle[i] = cur;
                pl->row_pos[i] = n + 1;
            }
            cur = -1;
            n = 0;
        } else {
            cf_violations_add(r->out,
                              "routes.csv:%d: column 'kind': '%s' is not start, order or end", line,
                              kind);
        }
    }
    if (cur >= 0) {
        cf_violations_add(r->out, "routes.csv:%d: route of vehicle '%s' has no end row", cur_line,
                          p->veh_id[cur]);
        end_route(r, cur, n, t0);
    }
}

static cf_status read_unassigned(reader *r, const char *path, cf_err *err)
{
    const cf_problem *p = r->p;
    cf_solution *s = &r->plan->sol;
    cf_csv_doc *d;
    cf_status rc;
    int c_order, c_courier, c_reason, c_extra;
    static const char *const required[] = {"order", "reason"};

    if ((rc = cf_csv_doc_read(path, "unassigned.csv", &d, err)) != CF_OK) return rc;
    if ((rc = require_cols(d, "unassigned.csv", required, 2, err)) != CF_OK) goto done;
    check_header(d, "unassigned.csv", cf_plan_unassigned_cols, CF_PLAN_UNASSIGNED_NCOLS, r->out);
    c_order = cf_csv_doc_col(d, "order");
    c_courier = cf_csv_doc_col(d, "courier");
    c_reason = cf_csv_doc_col(d, "reason");
    c_extra = cf_csv_doc_col(d, "extra_cost");
    for (int i = 0; i < d->n_rows; i++) {
        int line = d->line[i];
        const char *oid = cf_csv_doc_cell(d, i, c_order);
        const char *why = cf_csv_doc_cell(d, i, c_reason);
        int o = cf_idmap_get(&r->omap, oid), reason;

        if (d->n_fields[i] != d->n_cols) {
            cf_violations_add(r->out, "unassigned.csv:%d: %d fields, the header has %d", line,
                              d->n_fields[i], d->n_cols);
            continue;
        }
        if (o < 0) {
            cf_violations_add(r->out, "unassigned.csv:%d: unknown order '%s'", line, oid);
            continue;
        }
        if (r->unas_line[o]) {
            cf_violations_add(r->out, "unassigned.csv:%d: order '%s' is already listed at line %d",
                              line, oid, r->unas_line[o]);
            continue;
        }
        r->unas_line[o] = line;
        if (r->route_line[o]) {
            cf_violations_add(r->out,
                              "unassigned.csv:%d: order '%s' is also on a route (routes.csv:%d)",
                              line, oid, r->route_line[o]);
            continue;
        }
        if (c_courier >= 0 &&
            strcmp(cf_csv_doc_cell(d, i, c_courier), p->courier_id[p->order_courier[o]]) != 0)
            cf_violations_add(
                r->out,
                "unassigned.csv:%d: column 'courier': '%s' written, order '%s' belongs to '%s'",
                line, cf_csv_doc_cell(d, i, c_courier), oid, p->courier_id[p->order_courier[o]]);
        if ((reason = cf_reason_parse(why)) < 0) {
            cf_violations_add(r->out, "unassigned.csv:%d: column 'reason': unknown reason '%s'",
                              line, why);
            continue;
        }
        s->reason[o] = (uint8_t)reason; /* "none" here: the checker reports it */
        if (c_extra >= 0 && *cf_csv_doc_cell(d, i, c_extra)) {
            const char *text = cf_csv_doc_cell(d, i, c_extra);
            double x;
            char *end;
            errno = 0;
            x = strtod(text, &end);
            if (*end || errno || !(x >= 0) || x > 9e12)
                cf_violations_add(r->out,
                                  "unassigned.csv:%d: column 'extra_cost': '%s' is not an amount "
                                  ">= 0",
                                  line, text);
            else
                s->extra_cost[o] = (cf_cost)llround(x * CF_COST_SCALE);
        }
    }
done:
    cf_csv_doc_free(d);
    return rc;
}

cf_status cf_plan_read(const char *dir, const cf_problem *p, cf_plan *plan, cf_violations *out,
                       cf_err *err)
{
    char path[4096];
    reader r;
    cf_status rc;
    size_t no = (size_t)p->n_orders + 1;

    memset(plan, 0, sizeof *plan);
    memset(&r, 0, sizeof r);
    r.p = p;
    r.plan = plan;
    r.out = out;
    cf_idmap_init(&r.vmap);
    cf_idmap_init(&r.omap);
    if ((rc = cf_solution_init(&plan->sol, p, err)) != CF_OK) goto done;
    r.route_line = cf_calloc(no, sizeof *r.route_line);
    r.unas_line = cf_calloc(no, sizeof *r.unas_line);
    r.veh_line = cf_calloc((size_t)p->n_vehicles + 1, sizeof *r.veh_line);
    r.orders = cf_calloc(no, sizeof *r.orders);
    if (!r.route_line || !r.unas_line || !r.veh_line || !r.orders) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate the plan reader");
        goto done;
    }
    if ((rc = build_maps(&r, err)) != CF_OK) goto done;

    snprintf(path, sizeof path, "%s/routes.csv", dir);
    if ((rc = cf_csv_doc_read(path, "routes.csv", &plan->routes, err)) != CF_OK) goto done;
    if ((rc = require_cols(plan->routes, "routes.csv", routes_required,
                           sizeof routes_required / sizeof routes_required[0], err)) != CF_OK)
        goto done;
    check_header(plan->routes, "routes.csv", cf_plan_routes_cols, CF_PLAN_ROUTES_NCOLS, out);
    plan->row_vehicle = cf_calloc((size_t)plan->routes->n_rows + 1, sizeof *plan->row_vehicle);
    plan->row_pos = cf_calloc((size_t)plan->routes->n_rows + 1, sizeof *plan->row_pos);
    if (!plan->row_vehicle || !plan->row_pos) {
        rc = cf_err_set(err, CF_ENOMEM, "cannot allocate the plan reader");
        goto done;
    }
    read_routes(&r);

    snprintf(path, sizeof path, "%s/unassigned.csv", dir);
    if ((rc = read_unassigned(&r, path, err)) != CF_OK) goto done;

    for (int o = 0; o < p->n_orders; o++)
        if (!r.route_line[o] && !r.unas_line[o])
            cf_violations_add(out, "order '%s' is in neither routes.csv nor unassigned.csv",
                              p->order_id[o]);
    if (out->oom) rc = cf_err_set(err, CF_ENOMEM, "cannot store violation messages");
done:
    cf_idmap_release(&r.vmap);
    cf_idmap_release(&r.omap);
    cf_free(r.route_line);
    cf_free(r.unas_line);
    cf_free(r.veh_line);
    cf_free(r.orders);
    return rc;
}

void cf_plan_release(cf_plan *plan)
{
    cf_solution_release(&plan->sol);
    cf_csv_doc_free(plan->routes);
    cf_free(plan->row_vehicle);
    cf_free(plan->row_pos);
    memset(plan, 0, sizeof *plan);
}

cf_status cf_plan_read_sharing(const char *dir, cf_sharing *out, cf_err *err)
{
    char path[4096];
    json_error_t je;
    json_t *root, *sh;
    cf_status rc = CF_OK;
    FILE *f;

    snprintf(path, sizeof path, "%s/summary.json", dir);
    if (!(f = fopen(path, "rb"))) return cf_err_set(err, CF_EIO, "%s: %s", path, strerror(errno));
    root = json_loadf(f, 0, &je);
    fclose(f);
    if (!root) return cf_err_set(err, CF_EPARSE, "summary.json:%d: %s", je.line, je.text);
    sh = json_object_get(root, "sharing");
    if (json_is_string(sh) && !strcmp(json_string_value(sh), "pooled"))
        *out = CF_SHARING_POOLED;
    else if (json_is_string(sh) && !strcmp(json_string_value(sh), "separate"))
        *out = CF_SHARING_SEPARATE;
    else
        rc = cf_err_set(err, CF_EPARSE, "summary.json: no valid \"sharing\"");
    json_decref(root);
    return rc;
}
