/* pystr.h -- the parts of Python's str the paper's scoring scripts depend on, on UTF-8 text.
 *
 * Their verdicts turn on str.strip() (Unicode whitespace, not only ASCII), str.lower() (Unicode),
 * len() (code points) and float() (underscores, "inf", surrounding whitespace); transcribing the
 * scripts exactly means doing these as Python does. */
#ifndef GR_PYSTR_H
#define GR_PYSTR_H

#include <stddef.h>

#include "core/buf.h"

/* str.isspace() of one code point */
int py_isspace(unsigned cp);
/* The code point at s[*i] (advancing *i); an ill-formed byte reads as itself. */
unsigned py_next(const char *s, size_t n, size_t *i);
/* s.strip(): narrows [*a, *b) of s */
void py_strip(const char *s, size_t *a, size_t *b);
/* s.lower() appended to out */
void py_lower(const char *s, size_t n, buf *out);
/* len(s) in code points */
size_t py_len(const char *s, size_t n);
/* float(s): 0 and *x, or -1 where Python raises ValueError */
int py_float(const char *s, size_t n, double *x);

#endif
