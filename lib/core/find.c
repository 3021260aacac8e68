/* find.c -- see find.h.  A candidate is a place where the needle's first and last bytes both
 * match (W. Mula's "SIMD-friendly" substring search); only candidates are compared whole, and
 * for the markers we look for they are rare in prose.  SSE2 is every x86-64's baseline; other
 * machines take the plain loops. */
#include "core/find.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define FIND_SSE2 1
#endif

const char *find_bytes(const char *h, size_t n, const char *needle, size_t nn) {
    if (nn == 0) return h;
    if (nn > n) return NULL;
    if (nn == 1) return memchr(h, (unsigned char)needle[0], n);
    size_t i = 0, last = n - nn;   /* candidates are 0..last */
#ifdef FIND_SSE2
    const __m128i first = _mm_set1_epi8(needle[0]), end = _mm_set1_epi8(needle[nn - 1]);
    for (; i + 16 <= last + 1; i += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(h + i)), b = _mm_loadu_si128((const __m128i *)(h + i + nn - 1));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, end)));
        for (; m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (!memcmp(h + at + 1, needle + 1, nn - 2)) return h + at;
        }
    }
#endif
    for (; i <= last; i++)
        if (h[i] == needle[0] && h[i + nn - 1] == needle[nn - 1] && !memcmp(h + i + 1, needle + 1, nn - 2)) return h + i;
    return NULL;
}

size_t find_either(const char *s, size_t from, size_t n, char a, char b) {
    size_t i = from;
#ifdef FIND_SSE2
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)));
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++)
        if (s[i] == a || s[i] == b) return i;
    return n;
}
