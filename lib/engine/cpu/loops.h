/* loops.h -- a file's hot loops compiled once per instruction set, and chosen by the level in
 * force (isa.h, so GR_MAX_ISA reaches them), where GCC's target_clones would choose at load time
 * by the CPU alone.
 *
 * The loops live in NAME_loops.inc, each function named LOOP(f) (calls between them LOOP(g) too).
 * The file defines LOOPS_FILE as that .inc's path and includes loops_instantiate.h, which compiles
 * it as f_generic (plain x86-64), f_avx2 and f_avx512 (the targets target_clones used: the same
 * code, bit for bit); a table VARIANTS(f) of the three is then called as CHOOSE(table)(args). */
#ifndef GR_LOOPS_H
#define GR_LOOPS_H

#include "core/isa.h"

#if defined(__x86_64__)
#define VARIANTS(f) {f##_generic, f##_avx2, f##_avx512}
#else
#define VARIANTS(f) {f##_generic, f##_generic, f##_generic}
#endif
#define CHOOSE(table) ((table)[isa_loops()])

#if defined(__clang__)
#define LOOPS_BEGIN_AVX2 _Pragma("clang attribute push (__attribute__((target(\"avx2\"))), apply_to = function)")
#define LOOPS_BEGIN_AVX512 _Pragma("clang attribute push (__attribute__((target(\"avx512f\"))), apply_to = function)")
#define LOOPS_END _Pragma("clang attribute pop")
#else
#define LOOPS_BEGIN_AVX2 _Pragma("GCC push_options") _Pragma("GCC target(\"avx2\")")
#define LOOPS_BEGIN_AVX512 _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f\")")
#define LOOPS_END _Pragma("GCC pop_options")
#endif

#endif
