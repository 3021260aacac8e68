/* vec.c -- the vector loops the model and the trainer share (vec.h): cloned here, called through
 * plain functions. */
#include "engine/cpu/vec.h"

HOT static float dot_clones(const float *a, const float *b, long n) {
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (long i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

HOT static void axpy_clones(float *y, float a, const float *x, long n) {
#pragma omp simd
    for (long i = 0; i < n; i++) y[i] += a * x[i];
}

float vec_dot(const float *a, const float *b, long n) { return dot_clones(a, b, n); }

void vec_axpy(float *y, float a, const float *x, long n) { axpy_clones(y, a, x, n); }
