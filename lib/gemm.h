/* gemm.h -- FP32 matrix products for training: C (+)= A B with any strides for A and B, blocked for
 * the caches (packed panels, an 8 x 32 AVX-512 register tile when the CPU has it, portable C when
 * not) and parallel over row blocks of C with OpenMP.  Each element of C is summed by one thread in
 * a fixed order, so results do not depend on the thread count.  Not reentrant: one call at a time. */
#ifndef GR_GEMM_H
#define GR_GEMM_H

/* C[m][n] (accumulate ? += : =) sum_k A(m, k) B(k, n) for m < M, n < N, with
 * A(m, k) = A[m * sam + k * sak], B(k, n) = B[k * sbk + n * sbn] and C's rows ldc apart. */
void gemm(float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk, long sbn, long M, long N,
          long K, int accumulate);

#endif
