/* isa.c -- the CPU's instruction sets, capped by GR_MAX_ISA (isa.h). */
#include "core/isa.h"

#include "core/errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

static const char *names[] = {"generic", "avx2", "avx512", "avx512_bf16", "amx"};

const char *isa_name(isa_level level) { return names[level]; }

/* AMX-BF16 and AMX-TILE in CPUID, and Linux handing this process the tile state (only on request). */
static int amx_granted(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    int has = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (d >> 22 & 1) && (d >> 24 & 1);
    return has && syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XFEATURE_XTILEDATA */) == 0;
#else
    return 0;
#endif
}

static isa_level detect(void) {
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return ISA_GENERIC;
    if (!__builtin_cpu_supports("avx512f")) return ISA_AVX2;
    if (!__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512bf16")) return ISA_AVX512;
    return amx_granted() ? ISA_AMX : ISA_AVX512_BF16;
#else
    return ISA_GENERIC;
#endif
}

static int chosen = -1;

/* The cap named by GR_MAX_ISA: its level, ISA_AMX when unset, -1 when unknown. */
static int cap(const char **name) {
    *name = getenv("GR_MAX_ISA");
    if (!*name || !**name) return ISA_AMX;
    for (int i = 0; i <= ISA_AMX; i++)
        if (!strcmp(*name, names[i])) return i;
    return -1;
}

/* The level: what the CPU has, capped (an unknown cap caps nothing; isa_init reports it). */
static isa_level choose(int c) {
    isa_level d = detect();
    return c >= 0 && (isa_level)c < d ? (isa_level)c : d;
}

int isa_init(char *err, size_t errlen) {
    const char *name;
    int c = cap(&name);
    if (c < 0) return error_into(err, errlen, "GR_MAX_ISA=%s: not one of generic, avx2, avx512, avx512_bf16, amx", name);
    static int said;
    if (chosen < 0) chosen = (int)choose(c);
    if (name && *name && !said++) fprintf(stderr, "cpu: %s (GR_MAX_ISA=%s)\n", names[chosen], name);
    return 0;
}

isa_level isa(void) {
    const char *name;
    if (chosen < 0) chosen = (int)choose(cap(&name));
    return (isa_level)chosen;
}

int amx_ready(void) { return isa() >= ISA_AMX; }
