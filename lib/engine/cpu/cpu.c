/* cpu.c -- the CPU backend: host memory, a scratch buffer kept between calls, and the table. */
#include "engine/cpu/cpu.h"

#include "core/errors.h"
#include "core/isa.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct {
    void *scratch;
    size_t scratch_bytes;
} cpu_state;

void *cpu_scratch(backend *b, size_t bytes) {
    cpu_state *s = b->ctx;
    if (bytes > s->scratch_bytes) {
        free(s->scratch);
        s->scratch = malloc(bytes);
        s->scratch_bytes = s->scratch ? bytes : 0;
    }
    return s->scratch ? s->scratch : (s->scratch = malloc(64));   /* a zero-byte request still gets a pointer */
}

static void cpu_close(backend *b) {
    cpu_state *s = b->ctx;
    free(s->scratch);
    free(s);
}

static int cpu_bf16_fast(const backend *b) {
    (void)b;
    return amx_ready();
}

static void *cpu_alloc(backend *b, size_t bytes) {
    (void)b;
    void *p = NULL;
    if (posix_memalign(&p, 2 << 20, bytes ? bytes : 1)) return NULL;
    madvise(p, bytes, MADV_HUGEPAGE);   /* advice: where the kernel declines, 4 kB pages */
    return p;
}

static void cpu_free(backend *b, void *p) {
    (void)b;
    free(p);
}

static void cpu_copy(backend *b, void *dst, const void *src, size_t bytes) {
    (void)b;
    memcpy(dst, src, bytes);
}

static const backend_ops cpu_ops = {
    .name = "cpu",
    .bf16_fast = cpu_bf16_fast,
    .close = cpu_close,
    .alloc = cpu_alloc,
    .free = cpu_free,
    .upload = cpu_copy,
    .download = cpu_copy,
    .zero = cpu_zero,
    .gather_rows = cpu_gather_rows,
    .scatter_add_rows = cpu_scatter_add_rows,
    .rmsnorm = cpu_rmsnorm,
    .rope = cpu_rope,
    .add = cpu_add,
    .round_bf16 = cpu_round_bf16,
    .linear = cpu_linear,
    .silu_mul = cpu_silu_mul,
    .attention_decode = cpu_attention_decode,
    .matmul_forward = cpu_matmul_forward,
    .matmul_backward = cpu_matmul_backward,
    .rmsnorm_backward = cpu_rmsnorm_backward,
    .attention_scratch = cpu_attention_scratch,
    .attention_forward = cpu_attention_forward,
    .attention_backward = cpu_attention_backward,
    .swiglu_forward = cpu_swiglu_forward,
    .swiglu_backward = cpu_swiglu_backward,
    .head_softmax = cpu_head_softmax,
    .head_softmax_backward = cpu_head_softmax_backward,
    .norm = cpu_norm,
    .adamw = cpu_adamw,
};

int backend_cpu_init(backend *b, char *err, size_t errlen) {
    if (isa_init(err, errlen) < 0) return -1;
    if (!(b->ctx = calloc(1, sizeof(cpu_state)))) return error_into(err, errlen, "out of memory");
    b->ops = &cpu_ops;
    return 0;
}
