/* linear.c -- the CPU backend's inference products y = x W^T (+ b), W read in the file's dtype.
 *
 * Three kernels: a portable one that expands one weight row at a time to FP32 and uses it for
 * every token (so a weight is read once per call, whatever the batch); for BF16 weights with
 * BF16-valued activations, AVX512-BF16 dot products (decode) and AMX tiles (prefill), whose
 * products are exact so that only the summation order differs from the portable kernel's.  Their
 * scratch comes from the backend's, taken before any parallel region. */
#include "engine/cpu/cpu.h"

#include "engine/cpu/gemm.h"
#include "core/isa.h"
#include "engine/cpu/vec.h"

#include <omp.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <string.h>

/* out[t][r] = x[t] . W[r] (+ bias[r]) for T rows of x: W is [rows, n]; each thread expands one
 * weight row at a time and uses it for every token, so a weight is read once per call. */
static int matmul(backend *be, float *out, const float *x, int T, weight w, long rows, long n, const float *bias) {
    float *rows_f32 = cpu_scratch(be, (size_t)omp_get_max_threads() * (size_t)n * sizeof *rows_f32);
    if (!rows_f32) return -1;
#pragma omp parallel
    {
        float *row = rows_f32 + (size_t)omp_get_thread_num() * (size_t)n;
#pragma omp for schedule(static)
        for (long r = 0; r < rows; r++) {
            weight_read(w, (size_t)r * n, n, row);
            float b = bias ? bias[r] : 0;
            for (int t = 0; t < T; t++) out[(long)t * rows + r] = vec_dot(x + (long)t * n, row, n) + b;
        }
    }
    return 0;
}

#if defined(__x86_64__)
/* BF16 weights times BF16-valued activations with AVX512-BF16: vdpbf16ps multiplies 32 pairs and
 * accumulates in FP32, so with activations that are already BF16 (transformers' rounding, which we
 * keep) the products are exact and only the summation order differs from matmul().  Results are
 * stored rounded to BF16, as the activations they become.  The kernel
 * takes R <= 4 weight rows and two tokens at a time: up to eight independent accumulators hide the
 * instruction's latency, and each load feeds several products.  out is strided by rows. */
#define DP(acc, x, w) acc = _mm512_dpbf16_ps(acc, (__m512bh)(x), (__m512bh)(w))
#define LOAD(m, p) _mm512_maskz_loadu_epi16(m, p)
/* One token against one row: four accumulators over k so the products do not wait on each other. */
__attribute__((target("avx512f,avx512bw,avx512bf16"))) static float dot_bf16_avx512(const uint16_t *x,
                                                                                     const uint16_t *w, long n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    long k = 0;
    for (; k + 128 <= n; k += 128) {
        DP(a0, _mm512_loadu_si512(x + k), _mm512_loadu_si512(w + k));
        DP(a1, _mm512_loadu_si512(x + k + 32), _mm512_loadu_si512(w + k + 32));
        DP(a2, _mm512_loadu_si512(x + k + 64), _mm512_loadu_si512(w + k + 64));
        DP(a3, _mm512_loadu_si512(x + k + 96), _mm512_loadu_si512(w + k + 96));
    }
    for (; k < n; k += 32) {
        __mmask32 m = n - k >= 32 ? (__mmask32)~0u : (__mmask32)((1u << (n - k)) - 1);
        DP(a0, LOAD(m, x + k), LOAD(m, w + k));
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

/* Two tokens against four rows: eight accumulators, and each load feeds two or four products. */
__attribute__((target("avx512f,avx512bw,avx512bf16"))) static void tile_bf16_avx512(
    float *out, long stride, const uint16_t *x0, const uint16_t *w, long n, const float *bias) {
    const uint16_t *x1 = x0 + n;
    __m512 a00 = _mm512_setzero_ps(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    for (long k = 0; k < n; k += 32) {
        __mmask32 m = n - k >= 32 ? (__mmask32)~0u : (__mmask32)((1u << (n - k)) - 1);
        __m512i v0 = LOAD(m, x0 + k), v1 = LOAD(m, x1 + k), w0 = LOAD(m, w + k), w1 = LOAD(m, w + n + k);
        DP(a00, v0, w0), DP(a01, v1, w0), DP(a10, v0, w1), DP(a11, v1, w1);
        __m512i w2 = LOAD(m, w + 2 * n + k), w3 = LOAD(m, w + 3 * n + k);
        DP(a20, v0, w2), DP(a21, v1, w2), DP(a30, v0, w3), DP(a31, v1, w3);
    }
    __m512 acc[4][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}};
    for (int r = 0; r < 4; r++)
        for (int t = 0; t < 2; t++) out[t * stride + r] = bf16_round(_mm512_reduce_add_ps(acc[r][t]) + bias[r]);
}

/* R <= 4 weight rows against T tokens; out is strided by rows. */
static void rows_bf16_avx512(float *out, long stride, const uint16_t *xb, int T, const uint16_t *w, int R, long n,
                             const float *bias) {
    int t = 0;
    if (R == 4)
        for (; t + 2 <= T; t += 2) tile_bf16_avx512(out + (long)t * stride, stride, xb + (long)t * n, w, n, bias);
    for (; t < T; t++)
        for (int r = 0; r < R; r++)
            out[(long)t * stride + r] = bf16_round(dot_bf16_avx512(xb + (long)t * n, w + r * n, n) + bias[r]);
}
#undef LOAD
#undef DP

/* T rows of n BF16-valued floats as BF16 bits, each row dst_stride apart (the top halves: exact,
 * since the activations were rounded to BF16 already). */
static void bf16_rows(uint16_t *dst, long dst_stride, const float *x, int T, long n) {
    for (int t = 0; t < T; t++)
        for (long k = 0; k < n; k++) {
            uint32_t u;
            memcpy(&u, &x[(long)t * n + k], 4);
            dst[(long)t * dst_stride + k] = (uint16_t)(u >> 16);
        }
}

/* AMX: C[16 tokens x 16 rows] += A[16 x 32] . B[32 x 16] per TDPBF16PS, B in the VNNI layout (pairs
 * of k side by side).  Used for prefill, where a weight block is reused by many tokens; the
 * products are exact as in the AVX512-BF16 path, and so is the FP32 accumulation. */

/* The tokens of X (Tp rows of n BF16 values, n % 32 == 0) as B tiles: for each 16 tokens and each k
 * block of 32, 16 pairs of k x 16 tokens -- a pair of k being 4 contiguous bytes of one token, each
 * tile is a 16 x 16 transpose.  Packing X rather than W costs T x n instead of rows x n per call, and
 * lets the weights be A tiles read straight from the file. */
static void amx_pack_x(uint32_t *xp, const float *x, int T, long n, uint16_t *tokens16) {
    long nkb = n / 32;
#pragma omp parallel
    {
        uint16_t *xb = tokens16 + (size_t)omp_get_thread_num() * 16 * (size_t)n;   /* 16 tokens as BF16, zero past T */
        memset(xb, 0, (size_t)16 * (size_t)n * sizeof *xb);
#pragma omp for schedule(static)
        for (int t0 = 0; t0 < T; t0 += 16) {
            int tn = T - t0 < 16 ? T - t0 : 16;
            bf16_rows(xb, n, x + (long)t0 * n, tn, n);
            for (long kb = 0; kb < nkb; kb++) amx_transpose16((const uint32_t *)(xb + kb * 32), n / 2, xp + (t0 / 16 * nkb + kb) * 256);
        }
    }
}

/* out[t][r..r+32) for every token: C = W[r..r+32) X^T in 16 x 16 tiles, 2 row tiles x 2 token tiles,
 * then stored transposed (plus bias, rounded to BF16). */
__attribute__((target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16"))) static void amx_block(
    float *out, long stride, const uint32_t *xp, int Tp, const uint16_t *w, long n, int valid_t, int valid_r,
    const float *bias) {
    amx_configure();
    float c[4][16 * 16];
    long nkb = n / 32;
    int two_r = valid_r > 16;
    for (int t0 = 0; t0 < Tp; t0 += 32) {
        int two_t = t0 + 16 < Tp;
        const uint32_t *x0 = xp + (long)t0 / 16 * nkb * 256, *x1 = x0 + nkb * 256;
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
        for (long kb = 0; kb < nkb; kb++) {
            _tile_loadd(4, w + kb * 32, n * 2);
            _tile_loadd(6, x0 + kb * 256, 64);
            _tile_dpbf16ps(0, 4, 6);
            if (two_r) {
                _tile_loadd(5, w + 16 * n + kb * 32, n * 2);
                _tile_dpbf16ps(2, 5, 6);
            }
            if (two_t) {
                _tile_loadd(7, x1 + kb * 256, 64);
                _tile_dpbf16ps(1, 4, 7);
                if (two_r) _tile_dpbf16ps(3, 5, 7);
            }
        }
        _tile_stored(0, c[0], 64);
        _tile_stored(1, c[1], 64);
        _tile_stored(2, c[2], 64);
        _tile_stored(3, c[3], 64);
        for (int q = 0; q < 4; q++) {   /* c[q][i][j]: row (q >> 1) * 16 + i, token t0 + (q & 1) * 16 + j */
            int r0 = (q >> 1) * 16, tq = t0 + (q & 1) * 16;
            if (r0 >= valid_r) continue;
            float ct[16 * 16];
            amx_transpose16((const uint32_t *)c[q], 16, (uint32_t *)ct);
            __mmask16 keep = valid_r - r0 >= 16 ? 0xffff : (__mmask16)((1u << (valid_r - r0)) - 1);
            __m512 b = _mm512_loadu_ps(bias + r0);
            for (int j = 0; j < 16 && tq + j < valid_t; j++) {   /* + bias, rounded to BF16 (RNE) */
                __m512 y = _mm512_add_ps(_mm512_loadu_ps(ct + j * 16), b);
                __m512i h = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(y));
                _mm512_mask_storeu_ps(out + (long)(tq + j) * stride + r0, keep, _mm512_castsi512_ps(_mm512_slli_epi32(h, 16)));
            }
        }
    }
    _tile_release();
}

/* AMX prefill; W's rows a multiple of 16 and its columns of 32, which Qwen's shapes are. */
static int matmul_bf16_amx(backend *be, float *out, const float *x, int T, weight w, long rows, long n,
                           const float *bias) {
    int Tp = (T + 15) / 16 * 16;
    size_t packed = (size_t)Tp * (size_t)n * sizeof(uint16_t), staging = (size_t)omp_get_max_threads() * 16 * (size_t)n;
    uint32_t *xp = cpu_scratch(be, packed + staging * sizeof(uint16_t));
    if (!xp) return -1;
    amx_pack_x(xp, x, T, n, (uint16_t *)((char *)xp + packed));
#pragma omp parallel for schedule(static)
    for (long r = 0; r < rows; r += 32) {
        float bb[32] = {0};
        int valid_r = rows - r < 32 ? (int)(rows - r) : 32;
        for (int i = 0; i < valid_r && bias; i++) bb[i] = bias[r + i];
        amx_block(out + r, rows, xp, Tp, (const uint16_t *)w.data + r * n, n, T, valid_r, bb);
    }
    return 0;
}

static int matmul_bf16_avx512(backend *be, float *out, const float *x, int T, weight w, long rows, long n,
                              const float *bias) {
    uint16_t *xb = cpu_scratch(be, (size_t)T * (size_t)n * sizeof *xb);
    if (!xb) return -1;
    bf16_rows(xb, n, x, T, n);
    /* Tokens in blocks small enough that their activations stay in cache while every row passes. */
    int block = (int)(((size_t)256 << 10) / ((size_t)n * sizeof *xb));
    block = block < 2 ? 2 : block;
    for (int t0 = 0; t0 < T; t0 += block) {
        int tn = T - t0 < block ? T - t0 : block;
#pragma omp parallel for schedule(static)
        for (long r = 0; r < rows; r += 4) {
            int R = rows - r < 4 ? (int)(rows - r) : 4;
            float b[4] = {0};
            for (int i = 0; i < R && bias; i++) b[i] = bias[r + i];
            rows_bf16_avx512(out + (long)t0 * rows + r, rows, xb + (long)t0 * n, tn, (const uint16_t *)w.data + r * n,
                             R, n, b);
        }
    }
    return 0;
}
#endif

int cpu_linear(backend *be, float *out, const float *x, int T, weight w, long rows, long n, const float *bias, int bf16) {
#if defined(__x86_64__)
    if (isa() >= ISA_AVX512_BF16 && bf16 && w.dtype == ST_BF16) {   /* these kernels round what they store */
        if (T >= 32 && rows % 16 == 0 && n % 32 == 0 && amx_ready()) return matmul_bf16_amx(be, out, x, T, w, rows, n, bias);
        return matmul_bf16_avx512(be, out, x, T, w, rows, n, bias);
    }
#endif
    if (matmul(be, out, x, T, w, rows, n, bias) < 0) return -1;
    if (bf16) cpu_round_bf16(be, out, (long)T * rows);
    return 0;
}
