/* pystr.c -- Python's str semantics for the scoring scripts (pystr.h). */
#include "eval/pystr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

int py_isspace(unsigned c) {
    /* the characters of Unicode White_Space, plus the four information separators Python counts */
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

unsigned py_next(const char *s, size_t n, size_t *i) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
    if (k <= 0) return (unsigned char)s[(*i)++];
    *i += (size_t)k;
    return (unsigned)cp;
}

void py_strip(const char *s, size_t *a, size_t *b) {
    while (*a < *b) {
        size_t j = *a;
        if (!py_isspace(py_next(s, *b, &j))) break;
        *a = j;
    }
    while (*b > *a) {   /* back to the start of the last code point */
        size_t k = *b - 1;
        while (k > *a && ((unsigned char)s[k] & 0xc0) == 0x80) k--;
        size_t j = k;
        if (!py_isspace(py_next(s, *b, &j)) || j != *b) break;
        *b = k;
    }
}

void py_lower(const char *s, size_t n, buf *out) {
    for (size_t i = 0; i < n;) {
        size_t at = i;
        unsigned c = py_next(s, n, &i);
        if (c < 0x80) buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
        else if (c == 0x130) buf_puts(out, "i\xcc\x87");   /* the one full (two-character) mapping in common use */
        else if (i - at == 1 && c >= 0x80) buf_append(out, s + at, 1);   /* an ill-formed byte stays */
        else buf_put_utf8(out, (unsigned)utf8proc_tolower((utf8proc_int32_t)c));
    }
}

size_t py_len(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; k++) py_next(s, n, &i);
    return k;
}

/* Digits from s[*i], single underscores allowed between two of them (as float() allows), copied
 * to out; how many digits. */
static size_t digits(const char *s, size_t n, size_t *i, buf *out) {
    size_t k = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        buf_putc(out, s[(*i)++]), k++;
        if (*i + 1 < n && s[*i] == '_' && s[*i + 1] >= '0' && s[*i + 1] <= '9') (*i)++;
    }
    return k;
}

int py_float(const char *s, size_t n, double *x) {
    size_t a = 0, b = n;
    py_strip(s, &a, &b);
    s += a, n = b - a;
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    const char *word = s + i;
    size_t wn = n - i;
    if ((wn == 3 && !strncasecmp(word, "inf", 3)) || (wn == 8 && !strncasecmp(word, "infinity", 8)))
        return *x = neg ? -INFINITY : INFINITY, 0;
    if (wn == 3 && !strncasecmp(word, "nan", 3)) return *x = NAN, 0;
    buf t;
    buf_init(&t);
    buf_putc(&t, neg ? '-' : '+');
    size_t mantissa = digits(s, n, &i, &t);
    if (i < n && s[i] == '.') buf_putc(&t, '.'), i++, mantissa += digits(s, n, &i, &t);
    int ok = mantissa > 0;
    if (ok && i < n && (s[i] == 'e' || s[i] == 'E')) {
        buf_putc(&t, 'e'), i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) buf_putc(&t, s[i++]);
        ok = digits(s, n, &i, &t) > 0;
    }
    ok = ok && i == n && !t.oom;
    if (ok) buf_putc(&t, 0), *x = strtod(t.data, NULL);
    buf_free(&t);
    return ok ? 0 : -1;
}
