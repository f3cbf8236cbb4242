/*
 * Text encodings of input files (see text_int.h).  Every text we read ends
 * up in an output somewhere (ids and names in the plan files and
 * summary.json, whose JSON library refuses anything but UTF-8), so a value
 * in another encoding must be refused where it is read, with the place and
 * a way to convert the file, never after a solve.
 *
 * The UTF-8 rules are those of RFC 3629 (and of jansson): no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF.  The guess
 * of the encoding a bad value came from is a hint for the message only:
 * Shift_JIS (CP932, the Japanese Excel export) when its double-byte lead
 * bytes 0x81-0x9F occur, else GBK/GB18030 (the Chinese one) when the bytes
 * pair up as GBK, else a single-byte code page (Windows-1252).
 */
#include "io/text_int.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s[0 .. n), 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */

    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0; /* overlong */
        if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90; /* overlong */
        if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

bool cf_utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (!(k = utf8_seq(u + i, n - i))) {
            if (bad) *bad = i;
            return false;
        }
        i += k;
    }
    return true;
}

void cf_utf8_sanitize(char *s)
{
    unsigned char *u = (unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t k = utf8_seq(u + i, n - i);
        if (k == 0) {
            u[i++] = '?';
            continue;
        }
        i += k;
    }
}

/* Whether the bytes pair up as Shift_JIS (CP932): leads 0x81-0x9F and
 * 0xE0-0xFC take a trail 0x40-0xFC (not 0x7F); 0xA1-0xDF are half-width
 * katakana on their own.  *jp: a lead in 0x81-0x9F was seen, which GBK text
 * rarely has (its hanzi start at 0xB0). */
static bool as_sjis(const unsigned char *s, size_t n, bool *jp)
{
    *jp = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) continue;
        if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC))) return false;
        if (i + 1 >= n || s[i + 1] < 0x40 || s[i + 1] > 0xFC || s[i + 1] == 0x7F) return false;
        if (c <= 0x9F) *jp = true;
        i++;
    }
    return true;
}

/* Whether the bytes pair up as GBK (lead 0x81-0xFE, trail 0x40-0xFE but
 * 0x7F) with most trails in 0xA1-0xFE, as the common hanzi of GB2312 have:
 * a Latin-1 letter before an ASCII one ("M\xFCller") pairs up too, but with
 * an ASCII trail. */
static bool as_gbk(const unsigned char *s, size_t n)
{
    size_t pairs = 0, high = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c < 0x80) continue;
        if (c == 0x80 || c == 0xFF) return false;
        if (i + 1 >= n || s[i + 1] < 0x40 || s[i + 1] == 0x7F || s[i + 1] == 0xFF) return false;
        pairs++;
        high += s[i + 1] >= 0xA1;
        i++;
    }
    return high * 2 > pairs;
}

const char *cf_utf8_hint(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    bool jp;
    if (as_sjis(u, n, &jp) && jp)
        return "not valid UTF-8 (a Shift_JIS export?); convert the file with "
               "iconv -f CP932 -t UTF-8";
    if (as_gbk(u, n))
        return "not valid UTF-8 (a GBK/GB18030 export?); convert the file with "
               "iconv -f GB18030 -t UTF-8";
    return "not valid UTF-8 (a Windows-1252 or Latin-1 export?); convert the file with "
           "iconv -f WINDOWS-1252 -t UTF-8";
}

/* Of the first bytes of a file: how many of the n / step groups have NUL
 * exactly at the positions of mask (bit i: byte i of the group). */
static size_t nul_groups(const unsigned char *b, size_t n, size_t step, unsigned mask)
{
    size_t hits = 0;
    for (size_t g = 0; g + step <= n; g += step) {
        unsigned got = 0;
        for (size_t i = 0; i < step; i++)
            if (b[g + i] == 0) got |= 1u << i;
        hits += got == mask;
    }
    return hits;
}

cf_wide cf_wide_detect(const unsigned char *b, size_t n)
{
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return CF_WIDE_UTF32LE;
    if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) return CF_WIDE_UTF32BE;
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) return CF_WIDE_UTF16LE;
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) return CF_WIDE_UTF16BE;
    /* No BOM: ASCII text (a CSV header is) in a wide encoding has NUL bytes
     * at fixed positions; text in UTF-8 or a legacy code page has none. */
    if (n > 256) n = 256;
    if (n >= 8) {
        size_t g4 = n / 4, g2 = n / 2;
        if (nul_groups(b, n, 4, 0xE) * 2 > g4) return CF_WIDE_UTF32LE;
        if (nul_groups(b, n, 4, 0x7) * 2 > g4) return CF_WIDE_UTF32BE;
        if (nul_groups(b, n, 2, 0x2) * 2 > g2) return CF_WIDE_UTF16LE;
        if (nul_groups(b, n, 2, 0x1) * 2 > g2) return CF_WIDE_UTF16BE;
    }
    return CF_WIDE_NONE;
}

void cf_wide_message(cf_wide w, const char *save_as, char *buf, size_t size)
{
    static const char *const name[] = {"", "UTF-16 (little-endian)", "UTF-16 (big-endian)",
                                       "UTF-32 (little-endian)", "UTF-32 (big-endian)"};
    static const char *const iconv_name[] = {"", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};
    snprintf(buf, size, "file is %s; save it as %s or convert it with iconv -f %s -t UTF-8",
             name[w], save_as, iconv_name[w]);
}
