/* utf8.c -- UTF-8 validation and repair. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) { p++; continue; }
        int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!len || end - p < len) return 0;
        for (int i = 1; i < len; i++) if ((p[i] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;           /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0;          /* surrogate */
        if (c == 0xF0 && p[1] < 0x90) return 0;           /* overlong */
        if (c == 0xF4 && p[1] >= 0x90) return 0;          /* above U+10FFFF */
        p += len;
    }
    return 1;
}

char *utf8_sanitize(const char *s, size_t n) {
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned c = (unsigned char)s[i];
        if (c >= 0x80) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c < 0x80 || (i + len <= n && utf8_valid(s + i, len))) {
            if (c == 0) { memcpy(o, "\xEF\xBF\xBD", 3), o += 3, i++; continue; }   /* NUL ends C strings */
            memcpy(o, s + i, len), o += len, i += len;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3), o += 3, i++;
        }
    }
    *o = 0;
    return out;
}
