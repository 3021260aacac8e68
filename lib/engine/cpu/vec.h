/* vec.h -- what the model's hot loops share: a . b and y += a x (one copy per instruction set,
 * loops.h), and e^x written so that loops over it vectorize. */
#ifndef GR_VEC_H
#define GR_VEC_H

#include <math.h>
#include <stdint.h>

/* a . b, and y += a x (vec.c) */
float vec_dot(const float *a, const float *b, long n);
void vec_axpy(float *y, float a, const float *x, long n);

/* e^x for x <= 0 (a score minus the largest), in a form that vectorizes: 2^k p(r), r = x - k ln 2
 * split in two (Cody-Waite), p Cephes' expf polynomial (within 1-2 ulp of expf).  NaN and anything
 * below -87 give e^-87, which is 0 next to the largest score's 1. */
static inline float exp_nonpositive(float x) {
    x = x > -87.0f ? x : -87.0f;
    float k = (x * 1.44269504f + 12582912.0f) - 12582912.0f;   /* rounded to an integer: 1.5 * 2^23 */
    float r = x - k * 0.693359375f + k * 2.12194440e-4f;
    float p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
               1.6666665459e-1f) * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    union { int32_t bits; float f; } two_k = {.bits = ((int32_t)k + 127) << 23};
    return p * two_k.f;
}

/* 1 / (1 + e^-x) through e^-|x|, which cannot overflow */
static inline float sigmoid(float x) {
    float e = exp_nonpositive(x < 0 ? x : -x);
    return (x < 0 ? e : 1.0f) / (1.0f + e);
}

#endif
