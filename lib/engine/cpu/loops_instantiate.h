/* loops_instantiate.h -- LOOPS_FILE compiled three times (loops.h); included once per file, no
 * include guard on purpose. */
#define LOOP(f) f##_generic
#include LOOPS_FILE
#undef LOOP
#if defined(__x86_64__)
LOOPS_BEGIN_AVX2
#define LOOP(f) f##_avx2
#include LOOPS_FILE
#undef LOOP
LOOPS_END
LOOPS_BEGIN_AVX512
#define LOOP(f) f##_avx512
#include LOOPS_FILE
#undef LOOP
LOOPS_END
#endif
