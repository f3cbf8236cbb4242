/*
 * Status codes and error messages.  Every fallible function returns a
 * cf_status and, on failure, fills a cf_err with a message a person can act
 * on: location first ("orders.csv:14: column 'weight': '-3' must be >= 0"),
 * lower case, no full stop.  One X-macro table generates both the enum and
 * cf_status_str(), so names and texts never drift (libuv's uv-errno.h).
 */
#ifndef CF_MODELS_ERR_H
#define CF_MODELS_ERR_H

#include <stdio.h>
#include <stdlib.h>

#define CF_STATUS_MAP(X)                                                                           \
    X(OK, "success")                                                                               \
    X(ENOMEM, "out of memory")                                                                     \
    X(EIO, "cannot read or write file")                                                            \
    X(EPARSE, "malformed input")                                                                   \
    X(EINVAL, "invalid instance or parameter")                                                     \
    X(EINFEAS, "no feasible solution found")                                                       \
    X(ELP, "LP solver failed")                                                                     \
    X(ETIME, "time limit reached")                                                                 \
    X(EINTR, "interrupted")

typedef enum {
#define X(name, text) CF_##name,
    CF_STATUS_MAP(X)
#undef X
        CF_STATUS_COUNT
} cf_status;

typedef struct cf_err {
    cf_status code;
    char msg[512];
} cf_err;

/* Text of a status code ("out of memory"). */
const char *cf_status_str(cf_status code);

/* Fills err (may be NULL) with code and a printf-style message; returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
cf_status cf_err_set(cf_err *err, cf_status code, const char *fmt, ...);

/* Prepends "prefix: " to err->msg (for adding a file name to a parser's message). */
void cf_err_prefix(cf_err *err, const char *prefix);

/* Always on, also in release builds: our own bugs only, never bad input. */
#define CF_ASSERT(cond)                                                                            \
    ((cond) ? (void)0 : cf_assert_fail(#cond, __FILE__, __LINE__))
_Noreturn void cf_assert_fail(const char *expr, const char *file, int line);

#endif
