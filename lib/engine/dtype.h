/* dtype.h -- the weight dtypes of a checkpoint (F32, BF16, F16) and the conversions between them
 * and float, rounding to nearest even as PyTorch's casts and AVX512-BF16 do. */
#ifndef GR_DTYPE_H
#define GR_DTYPE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine/safetensors.h"

static inline float bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint16_t f32_to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)(u >> 16 | 0x40);   /* NaN stays NaN */
    return (uint16_t)((u + 0x7fffu + (u >> 16 & 1)) >> 16);
}

/* f rounded to the nearest bfloat16 and kept as a float; a select rather than a branch for NaN,
 * so loops over it vectorize. */
static inline float bf16_round(float f) {
    uint32_t u, r;
    memcpy(&u, &f, 4);
    r = (u + 0x7fffu + ((u >> 16) & 1)) & 0xffff0000u;
    r = (u & 0x7fffffffu) > 0x7f800000u ? u : r;
    memcpy(&f, &r, 4);
    return f;
}

float f16_to_f32(uint16_t h);
uint16_t f32_to_f16(float f);

/* A weight as it sits in the file. */
typedef struct {
    const void *data;
    st_dtype dtype;
} weight;

/* Elements [first, first + n) of a weight, as floats. */
void weight_read(weight w, size_t first, size_t n, float *out);

#endif
