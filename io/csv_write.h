/*
 * Writing CSV: the one field writer of every CSV file cofleet writes
 * (plans, coalition results, generated scenarios, benchmark rows), so that
 * they all quote alike and the readers (io/scenario/csv_read.h, libcsv)
 * read back what was written.
 */
#ifndef CF_IO_CSV_WRITE_H
#define CF_IO_CSV_WRITE_H

#include <stdio.h>

/* s as one CSV field, quoted (RFC 4180, quotes doubled) when it holds a
 * comma, a quote or a line break, or starts or ends with a space (which a
 * reader that trims would lose). */
void cf_csv_put_field(FILE *f, const char *s);

#endif
