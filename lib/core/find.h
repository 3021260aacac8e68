/* find.h -- byte searches that skip ahead 16 bytes at a time.  Scoring a benchmark reads each
 * response several times for short markers ("\boxed", "</s>", "Final Answer:"); glibc's memmem
 * steps a byte or a needle's length at a time, which made those reads most of the scoring. */
#ifndef GR_FIND_H
#define GR_FIND_H

#include <stddef.h>

/* The first occurrence of needle[0..nn) in h[0..n), or NULL (memmem's contract). */
const char *find_bytes(const char *h, size_t n, const char *needle, size_t nn);
/* The index of the first byte at or after from that is a or b; n when there is none. */
size_t find_either(const char *s, size_t from, size_t n, char a, char b);

/* The 64 bytes of s from at, as a mask: bit i is set when s[at + i] is one of the four bytes
 * in set (repeat one for fewer); bytes at or past n are none.  For one pass that finds several
 * kinds of byte, each then told apart by reading it: a text's braces, colons and '<' together.
 * Inline, since a response is a few blocks and a call per block cost as much as the compares. */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline unsigned long long find_any64_block(const char *p, const char *set) {
    const __m128i a = _mm_set1_epi8(set[0]), b = _mm_set1_epi8(set[1]), c = _mm_set1_epi8(set[2]),
                  d = _mm_set1_epi8(set[3]);
    unsigned long long m = 0;
    for (int q = 0; q < 4; q++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * q));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, a), _mm_cmpeq_epi8(x, b)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, c), _mm_cmpeq_epi8(x, d)));
        m |= (unsigned long long)(unsigned)_mm_movemask_epi8(e) << (16 * q);
    }
    return m;
}
#else
static inline unsigned long long find_any64_block(const char *p, const char *set) {
    unsigned long long m = 0;
    for (int i = 0; i < 64; i++)
        if (p[i] == set[0] || p[i] == set[1] || p[i] == set[2] || p[i] == set[3]) m |= 1ULL << i;
    return m;
}
#endif
unsigned long long find_any64_tail(const char *s, size_t at, size_t n, const char *set);
static inline unsigned long long find_any64(const char *s, size_t at, size_t n, const char *set) {
    return n > at && n - at >= 64 ? find_any64_block(s + at, set) : find_any64_tail(s, at, n, set);
}

#endif
