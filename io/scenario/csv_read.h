/*
 * A table reader for the scenario's CSV files, on top of libcsv: one data row
 * at a time, with columns found by name.  It accepts what spreadsheets and
 * routing engines export: a UTF-8 BOM, LF or CRLF, RFC 4180 quoting (quoted
 * commas, doubled quotes, line breaks inside quotes).  The first record is
 * the header; names match case-insensitively, and names and values are
 * trimmed of spaces and tabs.  Blank lines are skipped.
 *
 * Text is UTF-8: a value of a column the caller looks for, or a header
 * name, in another encoding is an error that names it and how to convert
 * the file ("orders.csv:14: column 'name': not valid UTF-8 (a Shift_JIS
 * export?); ..."), and a UTF-16 or UTF-32 file (with or without BOM) is
 * refused as such ("orders.csv: file is UTF-16 (little-endian); ...").
 *
 * Messages name the file by the label given to cf_csv_open and the physical
 * line (1-based) where the record starts, so "orders.csv:14: ..." points at
 * what an editor shows.  Memory is bounded: one read buffer, one record, and
 * no field longer than CF_CSV_MAX_FIELD (libcsv's buffer goes through
 * cf_reallocarray, so allocation-failure tests reach it too).
 */
#ifndef CF_IO_SCENARIO_CSV_READ_H
#define CF_IO_SCENARIO_CSV_READ_H

#include <stdbool.h>

#include "models/err.h"

#define CF_CSV_MAX_FIELD (64 * 1024) /* bytes in one field */
#define CF_CSV_MAX_COLS 256          /* fields in the header */
#define CF_CSV_MAX_ROWS 10000000L    /* data rows in one file */

/* A column the caller looks for. */
typedef struct cf_csv_col {
    const char *name; /* as in the schema, lower case */
    bool required;    /* missing from the header: an error */
} cf_csv_col;

enum {
    CF_CSV_NEED_ROWS = 1u << 0, /* a header without data rows is an error */
};

typedef struct cf_csv cf_csv;

/* Opens path and reads its header.  label names the file in messages
 * ("orders.csv"); cols[0 .. n_cols) are the columns looked for.  A header
 * column not among them is a warning on stderr
 * ("orders.csv: warning: unknown column 'foo' ignored").
 * CF_EIO: "orders.csv: no such file" or another open/read fault;
 * CF_EPARSE: "orders.csv: empty file", "orders.csv: missing required column
 * 'weight'", "orders.csv:1: duplicate column 'id'", malformed CSV, a UTF-16
 * or UTF-32 file, a header name that is not UTF-8;
 * CF_ENOMEM.  On failure *out is NULL. */
cf_status cf_csv_open(cf_csv **out, const char *path, const char *label, const cf_csv_col *cols,
                      int n_cols, unsigned flags, cf_err *err);

/* Whether column col (an index into cols) is in the header. */
bool cf_csv_has(const cf_csv *c, int col);

/* Reads the next data row: CF_OK with *got true, or CF_OK with *got false at
 * the end.  CF_EPARSE: a row with another number of fields than the header,
 * an unterminated quote, a field over CF_CSV_MAX_FIELD, a NUL byte, a value
 * of a looked-for column that is not UTF-8, "no data rows" with
 * CF_CSV_NEED_ROWS; CF_EIO; CF_ENOMEM. */
cf_status cf_csv_next(cf_csv *c, bool *got, cf_err *err);

/* The trimmed value of column col in the current row: "" when the cell is
 * empty or the column absent.  Valid until the next cf_csv_next. */
const char *cf_csv_get(const cf_csv *c, int col);

/* Physical line (1-based) where the current row starts. */
long cf_csv_line(const cf_csv *c);

/* Index of the current data row, 0-based. */
long cf_csv_row(const cf_csv *c);

/* The label given to cf_csv_open. */
const char *cf_csv_label(const cf_csv *c);

/* Closes the file and frees c; NULL is fine. */
void cf_csv_close(cf_csv *c);

#endif
