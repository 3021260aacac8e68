/* errors.h -- how library code reports: a one-line reason into the caller's buffer, never a print
 * and never an exit, so a loader can serve a filter (which prints it as "prog: reason") and a test
 * (which checks it) alike. */
#ifndef GR_ERRORS_H
#define GR_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into err[errlen] and returns -1, so a loader can `return error_into(...)`. */
int error_into(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int verror_into(char *err, size_t errlen, const char *fmt, va_list ap);

#endif
