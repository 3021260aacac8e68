/* gemm.c -- blocked FP32 GEMM in the GotoBLAS shape: for each NC-column and KC-deep block of B,
 * pack it into NR-wide panels (contiguous, zero-padded); then every (MC-row block of A, group of
 * panels) pair is a task: pack its A block MR rows interleaved per k, and run the MR x NR register
 * tile over it.  Packing makes any strides (transposed operands included) cost O(size) instead of
 * a cache miss per product. */
#include "gemm.h"

#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { MR = 8, NR = 32, KC = 256, MC = 128, NC = 4096, GROUP = 8 /* panels per task */ };

/* B(k0 .. k0+kc, n0 .. n0+nc) as panels [nc/NR][kc][NR] */
static void pack_b(float *dst, const float *B, long sbk, long sbn, long k0, long kc, long n0, long nc) {
    long panels = (nc + NR - 1) / NR;
#pragma omp parallel for schedule(static)
    for (long j = 0; j < panels; j++) {
        float *d = dst + j * kc * NR;
        long valid = nc - j * NR < NR ? nc - j * NR : NR;
        const float *s = B + k0 * sbk + (n0 + j * NR) * sbn;
        if (valid < NR) memset(d, 0, sizeof *d * (size_t)kc * NR);
        if (sbn == 1)   /* rows of B are contiguous: copy along n */
            for (long k = 0; k < kc; k++) memcpy(d + k * NR, s + k * sbk, sizeof *d * (size_t)valid);
        else            /* columns are (B is a transposed W): read each along k */
            for (long c = 0; c < valid; c++)
                for (long k = 0; k < kc; k++) d[k * NR + c] = s[c * sbn + k * sbk];
    }
}

/* A(m0 .. m0+mc, k0 .. k0+kc) as [mc/MR][kc][MR], rows past M zero */
static void pack_a(float *dst, const float *A, long sam, long sak, long m0, long mc, long k0, long kc) {
    for (long i = 0; i < (mc + MR - 1) / MR; i++)
        for (long k = 0; k < kc; k++)
            for (int r = 0; r < MR; r++) {
                long m = i * MR + r;
                dst[(i * kc + k) * MR + r] = m < mc ? A[(m0 + m) * sam + (k0 + k) * sak] : 0;
            }
}

/* tile[MR][NR] (rows ldt apart) (add ? += : =) a[kc][MR] x b[kc][NR] */
static void tile_portable(float *tile, long ldt, const float *a, const float *b, long kc, int add) {
    for (int r = 0; r < MR; r++)
        for (int c = 0; !add && c < NR; c++) tile[r * ldt + c] = 0;
    for (long k = 0; k < kc; k++)
        for (int r = 0; r < MR; r++)
            for (int c = 0; c < NR; c++) tile[r * ldt + c] += a[k * MR + r] * b[k * NR + c];
}

#if defined(__x86_64__)
/* 16 accumulators named, not an array: GCC keeps a loop-indexed array on the stack. */
__attribute__((target("avx512f"))) static void tile_avx512(float *tile, long ldt, const float *a, const float *b, long kc,
                                                           int add) {
#define ZERO(r)                                                                                                  \
    __m512 c##r##0 = add ? _mm512_loadu_ps(tile + r * ldt) : _mm512_setzero_ps(),                                \
           c##r##1 = add ? _mm512_loadu_ps(tile + r * ldt + 16) : _mm512_setzero_ps();
#define ROW(r)                                                                                                   \
    {                                                                                                            \
        __m512 x = _mm512_set1_ps(a[k * MR + r]);                                                                \
        c##r##0 = _mm512_fmadd_ps(x, b0, c##r##0), c##r##1 = _mm512_fmadd_ps(x, b1, c##r##1);                    \
    }
#define STORE(r) _mm512_storeu_ps(tile + r * ldt, c##r##0), _mm512_storeu_ps(tile + r * ldt + 16, c##r##1);
    ZERO(0) ZERO(1) ZERO(2) ZERO(3) ZERO(4) ZERO(5) ZERO(6) ZERO(7)
    for (long k = 0; k < kc; k++) {
        __m512 b0 = _mm512_loadu_ps(b + k * NR), b1 = _mm512_loadu_ps(b + k * NR + 16);
        ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7)
#undef ZERO
#undef ROW
#undef STORE
}
#endif

typedef void (*tile_fn)(float *, long, const float *, const float *, long, int);

static tile_fn pick_tile(void) {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx512f")) return tile_avx512;
#endif
    return tile_portable;
}

void gemm(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M, long N,
          long K, int accumulate) {
    static tile_fn tile_of;
    if (!tile_of) tile_of = pick_tile();
    if (!K) {
        for (long m = 0; !accumulate && m < M; m++) memset(C + m * ldc, 0, (size_t)N * sizeof *C);
        return;
    }
    static float bp[KC * NC];   /* B's packed block; so gemm is not reentrant (training calls it in turn) */
    for (long n0 = 0; n0 < N; n0 += NC) {
        long nc = N - n0 < NC ? N - n0 : NC, panels = (nc + NR - 1) / NR, groups = (panels + GROUP - 1) / GROUP;
        for (long k0 = 0; k0 < K; k0 += KC) {
            long kc = K - k0 < KC ? K - k0 : KC, blocks = (M + MC - 1) / MC;
            int add = accumulate || k0 > 0;
            pack_b(bp, B, sbk, sbn, k0, kc, n0, nc);
#pragma omp parallel
            {
                static _Thread_local float ap[MC * KC];
                float tile[MR * NR];
                long last = -1;
#pragma omp for schedule(static) collapse(2)
                for (long ib = 0; ib < blocks; ib++)
                    for (long g = 0; g < groups; g++) {
                        long m0 = ib * MC, mc = M - m0 < MC ? M - m0 : MC;
                        if (last != ib) pack_a(ap, A, sam, sak, m0, mc, k0, kc), last = ib;
                        for (long j = g * GROUP; j < panels && j < (g + 1) * GROUP; j++)
                            for (long i = 0; i < (mc + MR - 1) / MR; i++) {
                                long rows = mc - i * MR < MR ? mc - i * MR : MR, cols = nc - j * NR < NR ? nc - j * NR : NR;
                                float *c = C + (m0 + i * MR) * ldc + n0 + j * NR;
                                if (rows == MR && cols == NR) {   /* a whole tile: straight into C */
                                    tile_of(c, ldc, ap + i * kc * MR, bp + j * kc * NR, kc, add);
                                    continue;
                                }
                                tile_of(tile, NR, ap + i * kc * MR, bp + j * kc * NR, kc, 0);
                                for (long r = 0; r < rows; r++)
                                    for (long q = 0; q < cols; q++) c[r * ldc + q] = (add ? c[r * ldc + q] : 0) + tile[r * NR + q];
                            }
                    }
            }
        }
    }
}
