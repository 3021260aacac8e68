/* utf8.h -- UTF-8 checks: JSON output must be valid UTF-8, and web data often is not. */
#ifndef GR_UTF8_H
#define GR_UTF8_H

#include <stddef.h>

#include "core/buf.h"

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* Length (1-4) of the well-formed sequence starting s[0..n), or 0 when it is ill-formed; *bad is
 * then the length of its maximal subpart, the bytes one U+FFFD stands for (Unicode's practice,
 * and Python's decode(errors="replace")). */
size_t utf8_sequence(const char *s, size_t n, size_t *bad);
/* Appends s[0..n) with each ill-formed maximal subpart replaced by U+FFFD. */
void utf8_append_lossy(buf *out, const char *s, size_t n);
/* A malloc'd NUL-ended copy of s[0..n) with ill-formed subparts and NULs replaced by U+FFFD. */
char *utf8_sanitize(const char *s, size_t n);

#endif
