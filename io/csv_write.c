/* The CSV field writer (see csv_write.h). */
#include "io/csv_write.h"

#include <string.h>

void cf_csv_put_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (const char *c = s; *c && !quote; c++)
        quote = *c == ',' || *c == '"' || *c == '\n' || *c == '\r';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *c = s; *c; c++) {
        if (*c == '"') fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}
