/* utf8.c -- UTF-8 validation and repair. */
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

size_t utf8_sequence(const char *s, size_t n, size_t *bad) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    *bad = 1;
    if (c < 0x80) return 1;
    int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len) return 0;
    /* The second byte's range depends on the lead (no overlongs, surrogates or > U+10FFFF). */
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (int i = 1; i < len; i++, (*bad)++) {
        if ((size_t)i >= n) return 0;
        unsigned b = p[i];
        if (i == 1 ? b < lo || b > hi : (b & 0xC0) != 0x80) return 0;
    }
    return (size_t)len;
}

int utf8_valid(const char *s, size_t n) {
    size_t bad;
    for (size_t i = 0, len; i < n; i += len) {
        if ((unsigned char)s[i] < 0x80) { len = 1; continue; }
        if (!(len = utf8_sequence(s + i, n - i, &bad))) return 0;
    }
    return 1;
}

void utf8_append_lossy(buf *out, const char *s, size_t n) {
    size_t i = 0, run = 0, bad;
    while (i < n) {
        size_t len = utf8_sequence(s + i, n - i, &bad);
        if (len) { i += len; continue; }
        buf_append(out, s + run, i - run);
        buf_append(out, "\xEF\xBF\xBD", 3);
        i += bad, run = i;
    }
    buf_append(out, s + run, n - run);
}

char *utf8_sanitize(const char *s, size_t n) {
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0, bad; i < n;) {
        size_t len = utf8_sequence(s + i, n - i, &bad);
        if (len && s[i]) memcpy(o, s + i, len), o += len, i += len;
        else memcpy(o, "\xEF\xBF\xBD", 3), o += 3, i += len ? len : bad;   /* NUL ends C strings */
    }
    *o = 0;
    return out;
}
