/* membw -- memory read bandwidth, the ceiling of a decode step that streams every weight once:
 * every thread (OpenMP) sums its share of a 1 GiB buffer (far past any last-level cache) with the
 * widest loads the CPU has (AVX-512 when present: a scalar loop cannot keep the memory system
 * busy), four streams at once per thread (as a matrix-vector product reads several weight rows:
 * one sequential stream per core leaves bandwidth unused on CPUs whose prefetchers track several,
 * and the yardstick read low on Zen 4 without them), on huge pages where the kernel gives them,
 * best of 10; prints {"read_gb_s": X}. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/cli.h"

static uint64_t sum_scalar(const uint64_t *a, size_t n) {
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i + 4 <= n; i += 4) s0 += a[i], s1 += a[i + 1], s2 += a[i + 2], s3 += a[i + 3];
    return s0 + s1 + s2 + s3;
}

#if defined(__x86_64__)
/* four quarters of a[0..n) read side by side, two accumulators each */
__attribute__((target("avx512f"))) static uint64_t sum_avx512(const uint64_t *a, size_t n) {
    size_t q = n / 4;
    const uint64_t *p0 = a, *p1 = a + q, *p2 = a + 2 * q, *p3 = a + 3 * q;
    __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    for (size_t i = 0; i + 16 <= q; i += 16) {
        s0 = _mm512_add_epi64(s0, _mm512_load_si512(p0 + i)), s1 = _mm512_add_epi64(s1, _mm512_load_si512(p0 + i + 8));
        s2 = _mm512_add_epi64(s2, _mm512_load_si512(p1 + i)), s3 = _mm512_add_epi64(s3, _mm512_load_si512(p1 + i + 8));
        s4 = _mm512_add_epi64(s4, _mm512_load_si512(p2 + i)), s5 = _mm512_add_epi64(s5, _mm512_load_si512(p2 + i + 8));
        s6 = _mm512_add_epi64(s6, _mm512_load_si512(p3 + i)), s7 = _mm512_add_epi64(s7, _mm512_load_si512(p3 + i + 8));
    }
    __m512i t = _mm512_add_epi64(_mm512_add_epi64(_mm512_add_epi64(s0, s1), _mm512_add_epi64(s2, s3)),
                                 _mm512_add_epi64(_mm512_add_epi64(s4, s5), _mm512_add_epi64(s6, s7)));
    return (uint64_t)_mm512_reduce_add_epi64(t);
}
#endif

static uint64_t sum(const uint64_t *a, size_t n) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f")) return sum_avx512(a, n);
#endif
    return sum_scalar(a, n);
}

int main(void) {
    size_t n = (size_t)1 << 27, chunk = (size_t)1 << 20;   /* 1 GiB of uint64, in 8 MiB pieces */
    uint64_t *a = aligned_alloc((size_t)2 << 20, n * sizeof *a);
    if (!a) return 1;
    madvise(a, n * sizeof *a, MADV_HUGEPAGE);   /* before the first touch; a hint, ignored where unsupported */
    memset(a, 1, n * sizeof *a);
    double best = 0;
    volatile uint64_t sink = 0;
    for (int rep = 0; rep < 10; rep++) {
        uint64_t s = 0;
        double t0 = now_seconds();
#pragma omp parallel for reduction(+ : s) schedule(static)
        for (size_t c = 0; c < n / chunk; c++) s += sum(a + c * chunk, chunk);
        double dt = now_seconds() - t0;
        sink += s;
        if (n * sizeof *a / dt / 1e9 > best) best = n * sizeof *a / dt / 1e9;
    }
    printf("{\"read_gb_s\":%.2f}\n", best);
    free(a);
    return sink == 42;
}
