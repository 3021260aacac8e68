/* dtype.c -- F16 conversions (BF16's are inline: they are one shift and one rounding add). */
#include "engine/dtype.h"

float f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 31, man = h & 1023, u;
    if (exp == 31) u = sign | 0x7F800000u | man << 13;                        /* inf, NaN */
    else if (exp) u = sign | (exp + 112) << 23 | man << 13;                   /* normal */
    else if (!man) u = sign;                                                  /* zero */
    else {                                                                    /* subnormal: normalize */
        int e = -1;
        do man <<= 1, e++; while (!(man & 1024));
        u = sign | (uint32_t)(112 - e) << 23 | (man & 1023) << 13;
    }
    float f;
    memcpy(&f, &u, 4);
    return f;
}

uint16_t f32_to_f16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    uint32_t sign = u >> 16 & 0x8000, a = u & 0x7fffffffu;
    if (a > 0x7f800000u) return (uint16_t)(sign | 0x7e00);      /* NaN */
    if (a >= 0x477ff000u) return (uint16_t)(sign | 0x7c00);     /* 65520 and up round to inf */
    if (a < 0x33000000u) return (uint16_t)sign;                 /* below half the least subnormal */
    if (a < 0x38800000u) {                                       /* subnormal: units of 2^-24 */
        int shift = 126 - (int)(a >> 23);
        uint32_t man = (a & 0x7fffff) | 0x800000, q = man >> shift, rest = man & ((1u << shift) - 1), half = 1u << (shift - 1);
        if (rest > half || (rest == half && (q & 1))) q++;
        return (uint16_t)(sign | q);
    }
    uint32_t r = a - 0x38000000u;                                /* exponent bias 127 -> 15 */
    return (uint16_t)(sign | (r + 0xfffu + (r >> 13 & 1)) >> 13);
}

void weight_read(weight w, size_t first, size_t n, float *out) {
    if (w.dtype == ST_F32) { memcpy(out, (const float *)w.data + first, n * sizeof *out); return; }
    const uint16_t *p = (const uint16_t *)w.data + first;
    if (w.dtype == ST_BF16) for (size_t i = 0; i < n; i++) out[i] = bf16_to_f32(p[i]);
    else for (size_t i = 0; i < n; i++) out[i] = f16_to_f32(p[i]);
}
