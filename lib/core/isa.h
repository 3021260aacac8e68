/* isa.h -- which instruction sets our vector code uses (the CPU backend's kernels, the judge's
 * scan): the best this CPU has, capped by GR_MAX_ISA=generic|avx2|avx512|avx512_bf16|amx (as
 * oneDNN's ONEDNN_MAX_CPU_ISA caps oneDNN), so every path can be forced and tested on one
 * machine.  Chosen once per process.  In core/ so that the data side can follow the same cap
 * without reaching the engine. */
#ifndef GR_ISA_H
#define GR_ISA_H

#include <stddef.h>

/* Each level includes those below it. */
typedef enum {
    ISA_GENERIC,       /* plain x86-64 (SSE2), or any other CPU */
    ISA_AVX2,          /* AVX2 vector loops, and an AVX2 + FMA GEMM tile */
    ISA_AVX512,        /* AVX-512F loops and the FP32 GEMM's 8 x 32 register tile */
    ISA_AVX512_BF16,   /* VDPBF16PS products of BF16 weights (decode, small prefill) */
    ISA_AMX,           /* AMX-BF16 tiles (prefill, BF16 training products), granted by Linux */
} isa_level;

/* Reads GR_MAX_ISA: 0, or -1 with a reason in err for an unknown cap.  When GR_MAX_ISA is set,
 * says once on stderr "cpu: <path> (GR_MAX_ISA=<cap>)". */
int isa_init(char *err, size_t errlen);
/* The level in force (the first call, when isa_init has not run, chooses it the same way, silently). */
isa_level isa(void);
const char *isa_name(isa_level level);
/* Whether AMX-BF16 is in force (the CPU has it, Linux granted the tile state, no cap below). */
int amx_ready(void);

/* The vector-loop variant for the level: 0 plain, 1 AVX2, 2 AVX-512 (the tables of the files that
 * compile their loops once per instruction set, *_loops.inc). */
static inline int isa_loops(void) {
    isa_level l = isa();
    return l >= ISA_AVX512 ? 2 : l >= ISA_AVX2 ? 1 : 0;
}

#endif
