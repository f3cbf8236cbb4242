/* Status texts and error formatting (see err.h). */
#include "models/err.h"

#include <stdarg.h>
#include <string.h>

const char *cf_status_str(cf_status code)
{
    switch (code) {
#define X(name, text)                                                                              \
    case CF_##name:                                                                                \
        return text;
        CF_STATUS_MAP(X)
#undef X
    default:
        return "unknown status";
    }
}

cf_status cf_err_set(cf_err *err, cf_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void cf_err_prefix(cf_err *err, const char *prefix)
{
    char tmp[sizeof err->msg];
    size_t plen;
    if (!err) return;
    plen = strlen(prefix);
    memcpy(tmp, err->msg, sizeof tmp);
    if (plen + 2 >= sizeof err->msg) plen = sizeof err->msg - 3;
    memcpy(err->msg, prefix, plen);
    memcpy(err->msg + plen, ": ", 2);
    memcpy(err->msg + plen + 2, tmp, sizeof err->msg - plen - 2);
    err->msg[sizeof err->msg - 1] = '\0';
}

void cf_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "cofleet: internal error: assertion '%s' failed at %s:%d\n", expr, file, line);
    abort();
}
