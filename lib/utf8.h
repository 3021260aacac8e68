/* utf8.h -- UTF-8 checks: JSON output must be valid UTF-8, and web data often is not. */
#ifndef GR_UTF8_H
#define GR_UTF8_H

#include <stddef.h>

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* A malloc'd NUL-ended copy of s[0..n) with invalid sequences and NULs replaced by U+FFFD. */
char *utf8_sanitize(const char *s, size_t n);

#endif
