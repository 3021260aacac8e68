/* errors.c -- one-line reasons into a caller's buffer. */
#include "core/errors.h"

#include <stdio.h>

int verror_into(char *err, size_t errlen, const char *fmt, va_list ap) {
    vsnprintf(err, errlen, fmt, ap);
    return -1;
}

int error_into(char *err, size_t errlen, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror_into(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
