/* vec.c -- the vector loops the model and the trainer share (vec.h), one copy per instruction set
 * (loops.h), called through plain functions. */
#include "engine/cpu/vec.h"

#include "engine/cpu/loops.h"

#define LOOPS_FILE "engine/cpu/vec_loops.inc"
#include "engine/cpu/loops_instantiate.h"

static float (*const dot_v[])(const float *, const float *, long) = VARIANTS(dot);
static void (*const axpy_v[])(float *, float, const float *, long) = VARIANTS(axpy);

float vec_dot(const float *a, const float *b, long n) { return CHOOSE(dot_v)(a, b, n); }

void vec_axpy(float *y, float a, const float *x, long n) { CHOOSE(axpy_v)(y, a, x, n); }
