/*
 * Strict number parsing shared by io/ (folder-private).  strtod alone takes
 * "nan", "inf", hex floats and leading blanks; input files and flags must
 * say exactly a plain decimal number, so the grammar is checked first.
 */
#ifndef CF_IO_TEXT_INT_H
#define CF_IO_TEXT_INT_H

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CF_QUOTE_MAX 60 /* bytes of a value that a message shows */

/* A value as a message shows it: at most CF_QUOTE_MAX bytes (cut at a UTF-8
 * character boundary, then "..."), control characters as '?', so that one
 * message stays one line.  Returns buf. */
static inline const char *cf_quote(const char *v, char buf[CF_QUOTE_MAX + 4])
{
    size_t len = strlen(v), i;
    bool cut = len > CF_QUOTE_MAX;
    if (cut) {
        len = CF_QUOTE_MAX;
        while (len > 0 && ((unsigned char)v[len] & 0xC0) == 0x80)
            len--;
    }
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)v[i];
        buf[i] = (ch < 0x20 || ch == 0x7F) ? '?' : (char)ch;
    }
    if (cut) memcpy(buf + i, "...", 3), i += 3;
    buf[i] = '\0';
    return buf;
}

typedef enum {
    CF_NUM_OK,
    CF_NUM_BAD,   /* not a plain decimal number */
    CF_NUM_RANGE, /* a number, but beyond a double ("1e400") */
} cf_num_result;

/* [+-]digits[.digits][(e|E)[+-]digits] (digits on at least one side of the
 * point), nothing before or after it. */
static inline cf_num_result cf_parse_number(const char *s, double *out)
{
    const char *p = s;
    char *end;
    bool digits = false;

    if (*p == '+' || *p == '-') p++;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits = true;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits = true;
        }
    }
    if (!digits) return CF_NUM_BAD;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) return CF_NUM_BAD;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p) return CF_NUM_BAD;
    errno = 0;
    *out = strtod(s, &end);
    if (*end) return CF_NUM_BAD;
    if (!isfinite(*out)) return CF_NUM_RANGE;
    if (errno == ERANGE && fabs(*out) >= 1.0) return CF_NUM_RANGE;
    if (errno == ERANGE) *out = 0.0; /* underflow: as good as zero */
    return CF_NUM_OK;
}

#endif
