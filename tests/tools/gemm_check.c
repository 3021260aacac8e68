/* gemm_check -- lib/gemm against a float64 triple loop (not an installed program).
 *
 *   gemm_check        random shapes (edges of every block size, 1s, primes) x the four layouts of
 *                     A and B (as stored, transposed) x accumulate or not; gemm on the inputs,
 *                     gemm_bf16 on the inputs rounded to BF16 (the products are then exact, so both
 *                     differ from the float64 sums only by FP32 accumulation); and gemm_f32_serial made
 *                     by two threads at once, each into its own C.  One line per product kind with
 *                     the worst error relative to the largest |C|; exit 1 above 1e-5. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/dtype.h"
#include "engine/cpu/gemm.h"
#include "core/isa.h"

static float uniform(unsigned long long *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (float)((*s >> 40) / (double)(1 << 24)) * 2 - 1;
}

enum { F32, BF16, SERIAL };

static double worst_error(const float *C, const double *R, long n) {
    double worst = 0, top = 1e-30;
    for (long i = 0; i < n; i++) top = fabs(R[i]) > top ? fabs(R[i]) : top;
    for (long i = 0; i < n; i++) worst = fabs(C[i] - R[i]) > worst || isnan(C[i]) ? (isnan(C[i]) ? INFINITY : fabs(C[i] - R[i])) : worst;
    return worst / top;
}

static double check(int kind, long M, long N, long K, int ta, int tb, int acc, unsigned long long *seed) {
    float *A = malloc(sizeof *A * (size_t)(M * K + 1)), *B = malloc(sizeof *B * (size_t)(K * N + 1));
    float *C = malloc(sizeof *C * (size_t)(M * N + 1)), *C2 = malloc(sizeof *C2 * (size_t)(M * N + 1));
    double *R = malloc(sizeof *R * (size_t)(M * N + 1)), worst;
    int bf16 = kind == BF16;
    for (long i = 0; i < M * K; i++) A[i] = uniform(seed), A[i] = bf16 ? bf16_to_f32(f32_to_bf16(A[i])) : A[i];
    for (long i = 0; i < K * N; i++) B[i] = uniform(seed), B[i] = bf16 ? bf16_to_f32(f32_to_bf16(B[i])) : B[i];
    for (long i = 0; i < M * N; i++) C[i] = C2[i] = acc ? uniform(seed) : NAN, R[i] = acc ? C[i] : 0;
    long sam = ta ? 1 : K, sak = ta ? M : 1, sbk = tb ? 1 : N, sbn = tb ? K : 1;
    for (long m = 0; m < M; m++)
        for (long n = 0; n < N; n++)
            for (long k = 0; k < K; k++) R[m * N + n] += (double)A[m * sam + k * sak] * B[k * sbk + n * sbn];
    if (kind == SERIAL) {
#pragma omp parallel num_threads(2)
        gemm_f32_serial(omp_get_thread_num() ? C2 : C, N, A, sam, sak, B, sbk, sbn, M, N, K, acc);
        worst = fmax(worst_error(C, R, M * N), worst_error(C2, R, M * N));
    } else {
        (bf16 ? gemm_bf16 : gemm_f32)(C, N, A, sam, sak, B, sbk, sbn, M, N, K, acc);
        worst = worst_error(C, R, M * N);
    }
    free(A), free(B), free(C), free(C2), free(R);
    return worst;
}

int main(void) {
    const long sizes[][3] = {{1, 1, 1}, {7, 5, 3}, {8, 32, 256}, {9, 33, 257}, {33, 31, 29}, {128, 64, 512},
                             {129, 97, 513}, {64, 4100, 40}, {300, 70, 600}, {16, 16, 1000}, {2, 600, 2}};
    unsigned long long seed = 42;
    int bad = 0;
    for (int kind = F32; kind <= SERIAL; kind++) {
        double worst = 0;
        int n = 0;
        for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
            for (int layout = 0; layout < 8; layout++, n++) {
                double e = check(kind, sizes[s][0], sizes[s][1], sizes[s][2], layout & 1, layout >> 1 & 1, layout >> 2, &seed);
                worst = e > worst ? e : worst;
            }
        printf("{\"kind\":\"%s\",\"products\":%d,\"worst_rel_error\":%.3g,\"amx\":%d}\n", kind == BF16 ? "bf16" : kind == SERIAL ? "serial" : "f32", n, worst,
               amx_ready());
        bad |= !(worst <= 1e-5);
    }
    return bad;
}
