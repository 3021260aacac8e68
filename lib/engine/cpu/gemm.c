/* gemm.c -- blocked FP32 GEMM in the GotoBLAS shape: for each NC-column and KC-deep block of B,
 * pack it into NR-wide panels (contiguous, zero-padded); then every (MC-row block of A, group of
 * panels) pair is a task: pack its A block MR rows interleaved per k, and run the MR x NR register
 * tile over it.  Packing makes any strides (transposed operands included) cost O(size) instead of
 * a cache miss per product. */
#include "engine/cpu/gemm.h"

#include "core/isa.h"
#include "engine/dtype.h"

#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { MR = 8, NR = 32, KC = 256, MC = 128, NC = 4096, GROUP = 8 /* panels per task */ };

/* B(k0 .. k0+kc, n0 .. n0+nc) as panels [nc/NR][kc][NR]; round: each value rounded to BF16 */
static void pack_b(float *dst, const float *B, long sbk, long sbn, long k0, long kc, long n0, long nc, int round) {
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
        for (long k = 0; round && k < kc; k++)
            for (long c = 0; c < valid; c++) d[k * NR + c] = bf16_round(d[k * NR + c]);
    }
}

/* A(m0 .. m0+mc, k0 .. k0+kc) as [mc/MR][kc][MR], rows past M zero; round: rounded to BF16 */
static void pack_a(float *dst, const float *A, long sam, long sak, long m0, long mc, long k0, long kc, int round) {
    for (long i = 0; i < (mc + MR - 1) / MR; i++)
        for (long k = 0; k < kc; k++)
            for (int r = 0; r < MR; r++) {
                long m = i * MR + r;
                float x = m < mc ? A[(m0 + m) * sam + (k0 + k) * sak] : 0;
                dst[(i * kc + k) * MR + r] = round ? bf16_round(x) : x;
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

#if defined(__x86_64__)
/* The same tile with AVX2 and FMA: its 16 registers hold a 4 x 16 block of C (8 accumulators) with
 * two B vectors and one A broadcast, so the 8 x 32 tile is made as four such blocks. */
__attribute__((target("avx2,fma"))) static void tile_avx2(float *tile, long ldt, const float *a, const float *b, long kc,
                                                         int add) {
    for (int r0 = 0; r0 < MR; r0 += 4)
        for (int c0 = 0; c0 < NR; c0 += 16) {
            float *t = tile + r0 * ldt + c0;
#define ZERO(r)                                                                                                  \
    __m256 c##r##0 = add ? _mm256_loadu_ps(t + r * ldt) : _mm256_setzero_ps(),                                   \
           c##r##1 = add ? _mm256_loadu_ps(t + r * ldt + 8) : _mm256_setzero_ps();
#define ROW(r)                                                                                                   \
    {                                                                                                            \
        __m256 x = _mm256_broadcast_ss(a + k * MR + r0 + r);                                                     \
        c##r##0 = _mm256_fmadd_ps(x, b0, c##r##0), c##r##1 = _mm256_fmadd_ps(x, b1, c##r##1);                    \
    }
#define STORE(r) _mm256_storeu_ps(t + r * ldt, c##r##0), _mm256_storeu_ps(t + r * ldt + 8, c##r##1);
            ZERO(0) ZERO(1) ZERO(2) ZERO(3)
            for (long k = 0; k < kc; k++) {
                __m256 b0 = _mm256_loadu_ps(b + k * NR + c0), b1 = _mm256_loadu_ps(b + k * NR + c0 + 8);
                ROW(0) ROW(1) ROW(2) ROW(3)
            }
            STORE(0) STORE(1) STORE(2) STORE(3)
#undef ZERO
#undef ROW
#undef STORE
        }
}
#endif

typedef void (*tile_fn)(float *, long, const float *, const float *, long, int);

static tile_fn pick_tile(void) {
#if defined(__x86_64__)
    if (isa() >= ISA_AVX512) return tile_avx512;
    if (isa() >= ISA_AVX2) return tile_avx2;
#endif
    return tile_portable;
}

/* The product in blocks of NCB columns of B packed into bp (KC x NCB floats); in parallel, or in the
 * calling thread alone; round: A and B rounded to BF16 as they are packed (their products are then
 * exact in FP32, as AMX's are). */
static void gemm_blocked(float *bp, long NCB, int parallel, int round, float *C, long ldc, const float *A, long sam,
                         long sak, const float *B, long sbk, long sbn, long M, long N, long K, int accumulate) {
    static tile_fn tile_of;
    if (!tile_of) tile_of = pick_tile();
    if (!K) {
        for (long m = 0; !accumulate && m < M; m++) memset(C + m * ldc, 0, (size_t)N * sizeof *C);
        return;
    }
    for (long n0 = 0; n0 < N; n0 += NCB) {
        long nc = N - n0 < NCB ? N - n0 : NCB, panels = (nc + NR - 1) / NR, groups = (panels + GROUP - 1) / GROUP;
        for (long k0 = 0; k0 < K; k0 += KC) {
            long kc = K - k0 < KC ? K - k0 : KC, blocks = (M + MC - 1) / MC;
            int add = accumulate || k0 > 0;
            pack_b(bp, B, sbk, sbn, k0, kc, n0, nc, round);
#pragma omp parallel if (parallel)
            {
                static _Thread_local float ap[MC * KC];
                float tile[MR * NR];
                long last = -1;
#pragma omp for schedule(static) collapse(2)
                for (long ib = 0; ib < blocks; ib++)
                    for (long g = 0; g < groups; g++) {
                        long m0 = ib * MC, mc = M - m0 < MC ? M - m0 : MC;
                        if (last != ib) pack_a(ap, A, sam, sak, m0, mc, k0, kc, round), last = ib;
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

void gemm_f32(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M, long N,
          long K, int accumulate) {
    static float bp[KC * NC];   /* B's packed block; so gemm is not reentrant (training calls it in turn) */
    gemm_blocked(bp, NC, 1, 0, C, ldc, A, sam, sak, B, sbk, sbn, M, N, K, accumulate);
}

void gemm_f32_serial(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M,
                 long N, long K, int accumulate) {
    enum { NCS = 256 };
    static _Thread_local float bp[KC * NCS];
    gemm_blocked(bp, NCS, 0, 0, C, ldc, A, sam, sak, B, sbk, sbn, M, N, K, accumulate);
}

/* ---- BF16 products on AMX ----
 * The same blocking with 32 x 32 blocks of C (four 16 x 16 FP32 tiles) and k in steps of 32: A packed
 * as 16-row x 32-k tiles, B as 16 k-pairs x 16 columns (the VNNI layout TDPBF16PS wants), both
 * rounded to BF16 while packing. */

#if defined(__x86_64__)
enum { BKC = 512, BMC = 32, BNC = 2048, BGROUP = 4 };

/* A 16 x 16 block of 32-bit elements, transposed in registers: in[c] (a W row's 16 pairs of k) to
 * out[kp] (pair kp of 16 W rows), the standard unpack / lane-shuffle sequence. */
__attribute__((target("avx512f"))) void amx_transpose16(const uint32_t *in, long in_stride, uint32_t *out) {
    __m512i r[16], t[16], u[16];
    for (int i = 0; i < 16; i++) r[i] = _mm512_loadu_si512(in + i * in_stride);
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    for (int i = 0; i < 16; i += 4) {   /* u[i + m] holds column 4L + m of rows i..i+3 in lane L */
        u[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        u[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        u[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (int m = 0; m < 4; m++) {
        __m512i a01 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0x44), a23 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0xEE);
        __m512i b01 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0x44), b23 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0xEE);
        _mm512_storeu_si512(out + (0 + m) * 16, _mm512_shuffle_i32x4(a01, b01, 0x88));
        _mm512_storeu_si512(out + (4 + m) * 16, _mm512_shuffle_i32x4(a01, b01, 0xDD));
        _mm512_storeu_si512(out + (8 + m) * 16, _mm512_shuffle_i32x4(a23, b23, 0x88));
        _mm512_storeu_si512(out + (12 + m) * 16, _mm512_shuffle_i32x4(a23, b23, 0xDD));
    }
}

/* The packers run only where AMX does, so they may use AVX512-BF16: vcvtne2ps2bf16 rounds 32
 * floats to nearest even at once, vpermw interleaves two rows into k-pairs. */
#define PACK __attribute__((target("avx512f,avx512bw,avx512bf16")))

/* p[0 .. 32) as BF16, in order */
PACK static inline __m512i bf16_row(const float *p) {
    return (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(p + 16), _mm512_loadu_ps(p));
}

/* (a[c], b[c]) for c < 16 as BF16 pairs: 16 32-bit elements */
PACK static inline __m512i bf16_zip(const float *a, const float *b) {
    static const short zip[32] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                  8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
    __m512i v = (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(b), _mm512_loadu_ps(a));
    return _mm512_permutexvar_epi16(_mm512_loadu_si512(zip), v);
}

/* One B tile: 32 k (16 pairs) x 16 columns from B(k, n) at src, in the VNNI layout; the fast paths
 * read along whichever of k and n is contiguous. */
PACK static void b_tile(uint16_t *d, const float *src, long sbk, long sbn, long kmax, long nmax) {
    if (kmax >= 32 && nmax >= 16 && sbn == 1) {          /* pair rows k, k+1 column by column */
        for (int q = 0; q < 16; q++) _mm512_storeu_si512(d + q * 32, bf16_zip(src + 2 * q * sbk, src + (2 * q + 1) * sbk));
    } else if (kmax >= 32 && nmax >= 16 && sbk == 1) {   /* each column's k in order, then a transpose */
        uint32_t pairs[256];
        for (int c = 0; c < 16; c++) _mm512_storeu_si512(pairs + c * 16, bf16_row(src + c * sbn));
        amx_transpose16(pairs, 16, (uint32_t *)d);
    } else {
        for (int p = 0; p < 32; p++)
            for (int c = 0; c < 16; c++) d[(p >> 1) * 32 + 2 * c + (p & 1)] = p < kmax && c < nmax ? f32_to_bf16(src[p * sbk + c * sbn]) : 0;
    }
}

/* B(k0 .. k0+kc, n0 .. n0+nc) as [panel of 32 columns][k block of 32][half][16 pairs][16 columns][2] */
static void pack_b_bf16(uint16_t *dst, const float *B, long sbk, long sbn, long k0, long kc, long n0, long nc) {
    long panels = (nc + 31) / 32, kbs = (kc + 31) / 32;
#pragma omp parallel for schedule(static)
    for (long j = 0; j < panels; j++)
        for (long kb = 0; kb < kbs; kb++)
            for (int h = 0; h < 2; h++) {
                long k = kb * 32, n = j * 32 + h * 16;
                b_tile(dst + ((j * kbs + kb) * 2 + h) * 512, B + (k0 + k) * sbk + (n0 + n) * sbn, sbk, sbn, kc - k, nc - n);
            }
}

/* A(m0 .. m0+32, k0 .. k0+kc) as [k block][half][16 rows][32] */
PACK static void pack_a_bf16(uint16_t *dst, const float *A, long sam, long sak, long m0, long mc, long k0, long kc) {
    long kbs = (kc + 31) / 32;
    for (long kb = 0; kb < kbs; kb++)
        for (int h = 0; h < 2; h++) {
            uint16_t *d = dst + (kb * 2 + h) * 512;
            long m = h * 16, k = kb * 32;
            const float *src = A + (m0 + m) * sam + (k0 + k) * sak;
            if (mc - m >= 16 && kc - k >= 32 && sak == 1) {          /* rows along k */
                for (int r = 0; r < 16; r++) _mm512_storeu_si512(d + r * 32, bf16_row(src + r * sam));
            } else if (mc - m >= 16 && kc - k >= 32 && sam == 1) {   /* A transposed: pairs of k rows, then a transpose */
                uint32_t pairs[256];
                for (int q = 0; q < 16; q++) _mm512_storeu_si512(pairs + q * 16, bf16_zip(src + 2 * q * sak, src + (2 * q + 1) * sak));
                amx_transpose16(pairs, 16, (uint32_t *)d);
            } else {
                for (int r = 0; r < 16; r++)
                    for (int p = 0; p < 32; p++) d[r * 32 + p] = r < mc - m && p < kc - k ? f32_to_bf16(src[r * sam + p * sak]) : 0;
            }
        }
}

/* C[32 x 32] (add ? += : =) the packed A block x B panel; c may be a 32 x 32 scratch (ldc 32). */
__attribute__((target("amx-tile,amx-bf16"))) static void block_amx(float *c, long ldc, const uint16_t *a,
                                                                   const uint16_t *b, long kbs, int add) {
    if (add) {
        _tile_loadd(0, c, ldc * 4);
        _tile_loadd(1, c + 16, ldc * 4);
        _tile_loadd(2, c + 16 * ldc, ldc * 4);
        _tile_loadd(3, c + 16 * ldc + 16, ldc * 4);
    } else {
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
    }
    for (long kb = 0; kb < kbs; kb++) {
        _tile_loadd(4, a + kb * 1024, 64);
        _tile_loadd(5, a + kb * 1024 + 512, 64);
        _tile_loadd(6, b + kb * 1024, 64);
        _tile_loadd(7, b + kb * 1024 + 512, 64);
        _tile_dpbf16ps(0, 4, 6);
        _tile_dpbf16ps(1, 4, 7);
        _tile_dpbf16ps(2, 5, 6);
        _tile_dpbf16ps(3, 5, 7);
    }
    _tile_stored(0, c, ldc * 4);
    _tile_stored(1, c + 16, ldc * 4);
    _tile_stored(2, c + 16 * ldc, ldc * 4);
    _tile_stored(3, c + 16 * ldc + 16, ldc * 4);
}

__attribute__((target("amx-tile"))) static void amx_end(void) { _tile_release(); }
#endif

/* A static object: GCC does not see that ldtilecfg reads its operand, and dropped the stores that
 * filled a local one (the CPU then faults on the half-zero configuration). */
static const struct {
    unsigned char palette, start_row, reserved[14];
    unsigned short colsb[16];
    unsigned char rows[16];
} amx_tiles = {1, 0, {0}, {64, 64, 64, 64, 64, 64, 64, 64}, {16, 16, 16, 16, 16, 16, 16, 16}};

#if defined(__x86_64__)
__attribute__((target("amx-tile"))) void amx_configure(void) { _tile_loadconfig(&amx_tiles); }
#else
void amx_configure(void) {}
#endif

void gemm_bf16(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M,
               long N, long K, int accumulate) {
#if defined(__x86_64__)
    if (!amx_ready() || !K) {
#endif
        static float fp[KC * NC];   /* without AMX: BF16-rounded operands through the FP32 kernel */
        gemm_blocked(fp, NC, 1, 1, C, ldc, A, sam, sak, B, sbk, sbn, M, N, K, accumulate);
        return;
#if defined(__x86_64__)
    }
    static uint16_t bp[BKC * BNC];   /* not reentrant, as gemm */
    for (long n0 = 0; n0 < N; n0 += BNC) {
        long nc = N - n0 < BNC ? N - n0 : BNC, panels = (nc + 31) / 32, groups = (panels + BGROUP - 1) / BGROUP;
        for (long k0 = 0; k0 < K; k0 += BKC) {
            long kc = K - k0 < BKC ? K - k0 : BKC, kbs = (kc + 31) / 32, blocks = (M + BMC - 1) / BMC;
            int add = accumulate || k0 > 0;
            pack_b_bf16(bp, B, sbk, sbn, k0, kc, n0, nc);
#pragma omp parallel
            {
                static _Thread_local uint16_t ap[BMC * BKC];
                float scratch[32 * 32];
                long last = -1;
                amx_configure();
#pragma omp for schedule(static) collapse(2)
                for (long ib = 0; ib < blocks; ib++)
                    for (long g = 0; g < groups; g++) {
                        long m0 = ib * BMC, mc = M - m0 < BMC ? M - m0 : BMC;
                        if (last != ib) pack_a_bf16(ap, A, sam, sak, m0, mc, k0, kc), last = ib;
                        for (long j = g * BGROUP; j < panels && j < (g + 1) * BGROUP; j++) {
                            long cols = nc - j * 32 < 32 ? nc - j * 32 : 32;
                            float *c = C + m0 * ldc + n0 + j * 32;
                            const uint16_t *bj = bp + j * kbs * 1024;
                            if (mc == 32 && cols == 32) { block_amx(c, ldc, ap, bj, kbs, add); continue; }
                            for (long r = 0; r < 32; r++)   /* an edge block: through the scratch */
                                for (long q = 0; q < 32; q++) scratch[r * 32 + q] = add && r < mc && q < cols ? c[r * ldc + q] : 0;
                            block_amx(scratch, 32, ap, bj, kbs, 1);
                            for (long r = 0; r < mc; r++) memcpy(c + r * ldc, scratch + r * 32, sizeof *c * (size_t)cols);
                        }
                    }
                amx_end();
            }
        }
    }
#endif
}
