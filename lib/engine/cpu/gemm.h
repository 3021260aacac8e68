/* gemm.h -- FP32 matrix products for training: C (+)= A B with any strides for A and B, blocked for
 * the caches (packed panels, an 8 x 32 AVX-512 register tile when the CPU has it, portable C when
 * not) and parallel over row blocks of C with OpenMP.  Each element of C is summed by one thread in
 * a fixed order, so results do not depend on the thread count.  Not reentrant: one call at a time. */
#ifndef GR_GEMM_H
#define GR_GEMM_H

/* C[m][n] (accumulate ? += : =) sum_k A(m, k) B(k, n) for m < M, n < N, with
 * A(m, k) = A[m * sam + k * sak], B(k, n) = B[k * sbk + n * sbn] and C's rows ldc apart. */
void gemm_f32(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M, long N,
          long K, int accumulate);

/* The same product in the calling thread alone, for small ones made inside a parallel loop (each
 * thread packs into its own buffers). */
void gemm_f32_serial(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M,
                 long N, long K, int accumulate);

/* The same product with A and B rounded to BF16 (to nearest even, as autocast does) and FP32
 * accumulation: on AMX tiles, else by the FP32 kernel on operands rounded as they are packed (the
 * products of BF16 values are exact in FP32 either way; only the order of the sums differs). */
void gemm_bf16(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M,
               long N, long K, int accumulate);

/* AMX (when amx_ready(), isa.h): in a thread about to use tiles, loading the configuration both
 * users share (tiles 0-7, 16 rows of 64 bytes).  Call _tile_release() when done. */
#if defined(__x86_64__)
/* out[c][r] = in[r * in_stride + c] for a 16 x 16 block of 32-bit elements (AVX-512 registers). */
void amx_transpose16(const unsigned *in, long in_stride, unsigned *out);
#endif
void amx_configure(void);

#endif
