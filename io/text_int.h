/*
 * Text helpers shared by io/ (folder-private).  Strict number parsing:
 * strtod alone takes "nan", "inf", hex floats and leading blanks; input
 * files and flags must say exactly a plain decimal number, so the grammar is
 * checked first.  Encodings (io/text.c): every text we read must be UTF-8,
 * because it reaches the plan files and summary.json; a value or a file in
 * another encoding is refused where it is read, with a way to convert it.
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

/* Whether s[0 .. n) is valid UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF); when not, *bad (may be NULL) gets the
 * offset of the first byte that is not. */
bool cf_utf8_valid(const char *s, size_t n, size_t *bad);

/* For a value that is not valid UTF-8: "not valid UTF-8 (a Shift_JIS
 * export?); convert the file with iconv -f CP932 -t UTF-8", guessing the
 * encoding from its bytes (Shift_JIS, GBK/GB18030 or Windows-1252). */
const char *cf_utf8_hint(const char *s, size_t n);

/* Replaces every byte of s that is not part of a valid UTF-8 sequence by
 * '?' (for names we make up from file names, which may be in any encoding). */
void cf_utf8_sanitize(char *s);

/* A file in a wide Unicode encoding, told from its first bytes: a BOM, or
 * without one the NUL bytes that ASCII text has at fixed places in it. */
typedef enum {
    CF_WIDE_NONE,
    CF_WIDE_UTF16LE,
    CF_WIDE_UTF16BE,
    CF_WIDE_UTF32LE,
    CF_WIDE_UTF32BE,
} cf_wide;

cf_wide cf_wide_detect(const unsigned char *b, size_t n);

/* "file is UTF-16 (little-endian); save it as SAVE_AS or convert it with
 * iconv -f UTF-16LE -t UTF-8" (w != CF_WIDE_NONE). */
void cf_wide_message(cf_wide w, const char *save_as, char *buf, size_t size);

#endif
