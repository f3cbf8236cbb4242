/*
 * CSV tables for the scenario loader (see csv_read.h).  libcsv is a push
 * parser; we turn it into a pull reader by feeding it one physical line at a
 * time (up to and including a CR or LF).  A record can only end at a line
 * break, so after each feed at most one record has completed, and counting
 * the breaks fed so far gives the physical line of every record for free.
 */
#include "io/scenario/csv_read.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "io/text_int.h"
#include "models/alloc.h"

#define READ_CHUNK (64 * 1024)
#define CSV_BLOCK 4096 /* libcsv grows its field buffer by this much */

struct cf_csv {
    FILE *f;
    char label[128];
    unsigned flags;
    struct csv_parser parser;
    bool parser_live;
    const cf_csv_col *cols;
    int n_cols;
    int *field_of_col; /* [n_cols]: position in the header, -1: absent */
    int n_header;      /* fields in the header */

    /* the record being read */
    char *buf; /* its fields, each NUL-terminated */
    size_t buf_len, buf_cap;
    size_t *off;    /* [CF_CSV_MAX_COLS]: where field i starts in buf */
    int n_fields;   /* fields of the record so far */
    int max_fields; /* more than this is an error */
    bool rec_done;
    long rec_line; /* physical line where the record starts, 0: not started */

    long line;    /* physical line of the next byte fed */
    bool cr_seen; /* the last byte fed was a CR: a LF right after it is CRLF */
    cf_status rc; /* first error raised inside a libcsv callback */
    cf_err *err;

    unsigned char rd[READ_CHUNK];
    size_t rd_pos, rd_len;
    bool eof, fini, first_read;
    long row; /* data rows read so far */
};

static void *csv_realloc(void *ptr, size_t size)
{
    return cf_reallocarray(ptr, size, 1);
}

static bool is_blank(unsigned char ch)
{
    return ch == ' ' || ch == '\t';
}

static void on_field(void *s, size_t len, void *data)
{
    cf_csv *c = data;
    const char *p = s;

    if (c->rc != CF_OK) return;
    if (c->n_fields >= c->max_fields) {
        if (c->n_header)
            c->rc = cf_err_set(c->err, CF_EPARSE,
                               "%s:%ld: row has more than %d fields, the header has %d", c->label,
                               c->rec_line, c->n_header, c->n_header);
        else
            c->rc = cf_err_set(c->err, CF_EPARSE, "%s:%ld: more than %d columns", c->label,
                               c->rec_line, CF_CSV_MAX_COLS);
        return;
    }
    if (len > CF_CSV_MAX_FIELD) {
        c->rc = cf_err_set(c->err, CF_EPARSE, "%s:%ld: field %d is longer than %d bytes", c->label,
                           c->rec_line, c->n_fields + 1, CF_CSV_MAX_FIELD);
        return;
    }
    if (len && memchr(p, '\0', len)) {
        c->rc = cf_err_set(c->err, CF_EPARSE, "%s:%ld: field %d contains a NUL byte", c->label,
                           c->rec_line, c->n_fields + 1);
        return;
    }
    while (len && is_blank((unsigned char)p[0])) {
        p++;
        len--;
    }
    while (len && is_blank((unsigned char)p[len - 1]))
        len--;
    if (c->buf_cap - c->buf_len < len + 1) {
        size_t cap = c->buf_cap ? c->buf_cap : 1024;
        while (cap - c->buf_len < len + 1)
            cap *= 2;
        char *nb = cf_reallocarray(c->buf, cap, 1);
        if (!nb) {
            c->rc = cf_err_set(c->err, CF_ENOMEM, "%s:%ld: out of memory", c->label, c->rec_line);
            return;
        }
        c->buf = nb;
        c->buf_cap = cap;
    }
    if (len) memcpy(c->buf + c->buf_len, p, len);
    c->buf[c->buf_len + len] = '\0';
    c->off[c->n_fields++] = c->buf_len;
    c->buf_len += len + 1;
}

static void on_record(int ch, void *data)
{
    cf_csv *c = data;
    (void)ch;
    if (c->rc == CF_OK) c->rec_done = true;
}

static cf_status parser_error(cf_csv *c, long line)
{
    switch (csv_error(&c->parser)) {
    case CSV_ENOMEM:
        return cf_err_set(c->err, CF_ENOMEM, "%s:%ld: out of memory", c->label, line);
    case CSV_ETOOBIG:
        return cf_err_set(c->err, CF_EPARSE, "%s:%ld: a field is longer than %d bytes", c->label,
                          line, CF_CSV_MAX_FIELD);
    default:
        return cf_err_set(c->err, CF_EPARSE,
                          "%s:%ld: malformed quoting (a quote inside an unquoted field, "
                          "or text after a closing quote)",
                          c->label, line);
    }
}

/* Feeds libcsv until one record is complete (*got) or the file ends. */
static cf_status read_record(cf_csv *c, bool *got)
{
    *got = false;
    c->n_fields = 0;
    c->buf_len = 0;
    c->rec_done = false;
    c->rec_line = 0;
    for (;;) {
        if (c->rd_pos == c->rd_len) {
            if (c->eof) {
                if (c->fini) return CF_OK;
                c->fini = true;
                /* The last record may lack a line break; CSV_STRICT_FINI makes
                 * an unterminated quote an error rather than a silent value. */
                if (csv_fini(&c->parser, on_field, on_record, c) != 0 && c->rc == CF_OK) {
                    if (csv_error(&c->parser) == CSV_EPARSE)
                        return cf_err_set(c->err, CF_EPARSE,
                                          "%s:%ld: unterminated quote (a quoted field runs to "
                                          "the end of the file)",
                                          c->label, c->rec_line ? c->rec_line : c->line);
                    return parser_error(c, c->line);
                }
                if (c->rc != CF_OK) return c->rc;
                *got = c->rec_done;
                return CF_OK;
            }
            size_t n = fread(c->rd, 1, sizeof c->rd, c->f);
            if (n == 0) {
                if (ferror(c->f))
                    return cf_err_set(c->err, CF_EIO, "%s: read error: %s", c->label,
                                      strerror(errno));
                c->eof = true;
                continue;
            }
            c->rd_pos = 0;
            c->rd_len = n;
            if (c->first_read) {
                cf_wide w = cf_wide_detect(c->rd, n);
                c->first_read = false;
                if (w != CF_WIDE_NONE) {
                    /* Excel's "Unicode text": say so rather than "NUL byte". */
                    char what[200];
                    cf_wide_message(w, "UTF-8 CSV", what, sizeof what);
                    return cf_err_set(c->err, CF_EPARSE, "%s: %s", c->label, what);
                }
                if (n >= 3 && c->rd[0] == 0xEF && c->rd[1] == 0xBB && c->rd[2] == 0xBF)
                    c->rd_pos = 3;
            }
            continue;
        }

        size_t start = c->rd_pos, end = start;
        bool content = false;
        while (end < c->rd_len) {
            unsigned char ch = c->rd[end++];
            if (ch == '\n' || ch == '\r') break;
            if (!is_blank(ch)) content = true;
        }
        /* libcsv skips lines of blanks between records; anything else starts one. */
        if (content && c->rec_line == 0) c->rec_line = c->line;
        size_t fed = csv_parse(&c->parser, c->rd + start, end - start, on_field, on_record, c);
        if (c->rc != CF_OK) return c->rc;
        if (fed < end - start) return parser_error(c, c->line);
        if (csv_get_buffer_size(&c->parser) > (size_t)CF_CSV_MAX_FIELD + 2 * CSV_BLOCK)
            return cf_err_set(c->err, CF_EPARSE, "%s:%ld: a field is longer than %d bytes",
                              c->label, c->rec_line ? c->rec_line : c->line, CF_CSV_MAX_FIELD);

        unsigned char last = c->rd[end - 1];
        if (c->cr_seen && c->rd[start] == '\n') {
            /* the LF of a CRLF: the line was counted at the CR */
        } else if (last == '\n' || last == '\r') {
            c->line++;
        }
        c->cr_seen = last == '\r';
        c->rd_pos = end;
        if (c->rec_done) {
            *got = true;
            return CF_OK;
        }
    }
}

cf_status cf_csv_open(cf_csv **out, const char *path, const char *label, const cf_csv_col *cols,
                      int n_cols, unsigned flags, cf_err *err)
{
    cf_status rc = CF_OK;
    cf_csv *c;
    bool got;

    *out = NULL;
    c = cf_calloc(1, sizeof *c);
    if (!c) return cf_err_set(err, CF_ENOMEM, "%s: out of memory", label);
    snprintf(c->label, sizeof c->label, "%s", label);
    c->err = err;
    c->flags = flags;
    c->cols = cols;
    c->n_cols = n_cols;
    c->line = 1;
    c->first_read = true;
    c->max_fields = CF_CSV_MAX_COLS;
    c->field_of_col = cf_calloc((size_t)n_cols, sizeof *c->field_of_col);
    c->off = cf_calloc(CF_CSV_MAX_COLS, sizeof *c->off);
    if (!c->field_of_col || !c->off) {
        rc = cf_err_set(err, CF_ENOMEM, "%s: out of memory", label);
        goto done;
    }
    c->f = fopen(path, "rb");
    if (!c->f) {
        if (errno == ENOENT)
            rc = cf_err_set(err, CF_EIO, "%s: no such file", label);
        else
            rc = cf_err_set(err, CF_EIO, "%s: cannot open: %s", label, strerror(errno));
        goto done;
    }
    if (csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        rc = cf_err_set(err, CF_ENOMEM, "%s: cannot set up the CSV parser", label);
        goto done;
    }
    c->parser_live = true;
    csv_set_realloc_func(&c->parser, csv_realloc);
    csv_set_free_func(&c->parser, cf_free);
    csv_set_blk_size(&c->parser, CSV_BLOCK);

    if ((rc = read_record(c, &got)) != CF_OK) goto done;
    if (!got) {
        rc = cf_err_set(err, CF_EPARSE, "%s: empty file", label);
        goto done;
    }
    for (int j = 0; j < n_cols; j++)
        c->field_of_col[j] = -1;
    for (int i = 0; i < c->n_fields; i++) {
        const char *name = c->buf + c->off[i];
        int j = 0;
        if (!cf_utf8_valid(name, strlen(name), NULL)) {
            rc = cf_err_set(err, CF_EPARSE, "%s:%ld: header field %d: %s", label, c->rec_line,
                            i + 1, cf_utf8_hint(name, strlen(name)));
            goto done;
        }
        while (j < n_cols && strcasecmp(name, cols[j].name) != 0)
            j++;
        if (j < n_cols) {
            if (c->field_of_col[j] >= 0) {
                rc = cf_err_set(err, CF_EPARSE, "%s:%ld: duplicate column '%s'", label, c->rec_line,
                                cols[j].name);
                goto done;
            }
            c->field_of_col[j] = i;
        } else if (*name) {
            char q[CF_QUOTE_MAX + 4];
            fprintf(stderr, "%s: warning: unknown column '%s' ignored\n", label, cf_quote(name, q));
        } else {
            fprintf(stderr, "%s: warning: column %d has no name; ignored\n", label, i + 1);
        }
    }
    for (int j = 0; j < n_cols; j++) {
        if (cols[j].required && c->field_of_col[j] < 0) {
            rc =
                cf_err_set(err, CF_EPARSE, "%s: missing required column '%s'", label, cols[j].name);
            goto done;
        }
    }
    c->n_header = c->n_fields;
    c->max_fields = c->n_header;
done:
    if (rc == CF_OK)
        *out = c;
    else
        cf_csv_close(c);
    return rc;
}

bool cf_csv_has(const cf_csv *c, int col)
{
    return col >= 0 && col < c->n_cols && c->field_of_col[col] >= 0;
}

cf_status cf_csv_next(cf_csv *c, bool *got, cf_err *err)
{
    cf_status rc;

    c->err = err;
    if ((rc = read_record(c, got)) != CF_OK) {
        *got = false;
        return rc;
    }
    if (!*got) {
        if (c->row == 0 && (c->flags & CF_CSV_NEED_ROWS))
            return cf_err_set(err, CF_EPARSE, "%s: no data rows, only a header", c->label);
        return CF_OK;
    }
    if (c->n_fields != c->n_header) {
        *got = false;
        return cf_err_set(err, CF_EPARSE, "%s:%ld: row has %d fields, the header has %d", c->label,
                          c->rec_line, c->n_fields, c->n_header);
    }
    if (c->row >= CF_CSV_MAX_ROWS) {
        *got = false;
        return cf_err_set(err, CF_EPARSE, "%s:%ld: more than %ld data rows", c->label, c->rec_line,
                          CF_CSV_MAX_ROWS);
    }
    /* Every value the caller may read is UTF-8 (text_int.h); columns it
     * ignores are not looked at, so an export's extra columns stay harmless. */
    for (int j = 0; j < c->n_cols; j++) {
        const char *v;
        if (c->field_of_col[j] < 0) continue;
        v = c->buf + c->off[c->field_of_col[j]];
        if (!cf_utf8_valid(v, strlen(v), NULL)) {
            *got = false;
            return cf_err_set(err, CF_EPARSE, "%s:%ld: column '%s': %s", c->label, c->rec_line,
                              c->cols[j].name, cf_utf8_hint(v, strlen(v)));
        }
    }
    c->row++;
    return CF_OK;
}

const char *cf_csv_get(const cf_csv *c, int col)
{
    if (!cf_csv_has(c, col)) return "";
    return c->buf + c->off[c->field_of_col[col]];
}

long cf_csv_line(const cf_csv *c)
{
    return c->rec_line;
}

long cf_csv_row(const cf_csv *c)
{
    return c->row - 1;
}

const char *cf_csv_label(const cf_csv *c)
{
    return c->label;
}

void cf_csv_close(cf_csv *c)
{
    if (!c) return;
    if (c->parser_live) csv_free(&c->parser);
    if (c->f) fclose(c->f);
    cf_free(c->field_of_col);
    cf_free(c->off);
    cf_free(c->buf);
    cf_free(c);
}
