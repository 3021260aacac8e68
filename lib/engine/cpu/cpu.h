/* cpu.h -- the CPU backend's ops (OpenMP, AVX-512/AMX where the CPU has them), as its table in
 * cpu.c lists them; what each computes is in engine/backend.h. */
#ifndef GR_CPU_H
#define GR_CPU_H

#include "engine/backend_impl.h"

/* bytes of the backend's scratch, valid until the next call (an op takes all it needs at once,
 * before any parallel region); NULL when memory runs out. */
void *cpu_scratch(backend *b, size_t bytes);

void cpu_zero(backend *b, float *x, size_t n);
void cpu_gather_rows(backend *b, float *out, weight table, const int32_t *rows, int n, long C);
void cpu_scatter_add_rows(backend *b, float *dst, const int32_t *rows, const float *src, int n, long C);
void cpu_rmsnorm(backend *b, float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps,
                 int bf16);
void cpu_rope(backend *b, float *x, const float *cs, int T, int heads, int D, float sign, int bf16);
void cpu_add(backend *b, float *y, const float *x, long n);
void cpu_round_bf16(backend *b, float *x, long n);

int cpu_linear(backend *b, float *out, const float *x, int T, weight W, long rows, long n, const float *bias, int bf16);
void cpu_silu_mul(backend *b, float *gate, const float *up, long n, int bf16);
int cpu_attention_decode(backend *b, const attn_shape *s, kv_cache *kv, int layer, const float *q, const float *k,
                         const float *v, const int *seq, const int *pos, int T, float *out, int bf16);

void cpu_matmul_forward(backend *b, float *out, const float *in, const float *W, const float *bias, int T, long IC,
                        long OC, int bf16);
void cpu_matmul_backward(backend *b, float *din, float *dW, float *dbias, const float *dout, const float *in,
                         const float *W, int T, long IC, long OC, int bf16);
void cpu_rmsnorm_backward(backend *b, float *dx, float *dw, const float *dy, const float *x, const float *w,
                          const float *rstd, long rows, long n);
size_t cpu_attention_scratch(const backend *b, int lmax);
void cpu_attention_forward(backend *b, const attn_batch *a, float *out, float *lse, const float *q, const float *k,
                           const float *v);
void cpu_attention_backward(backend *b, const attn_batch *a, float *dq, float *dk, float *dv, const float *dout,
                            const float *lse, const float *q, const float *k, const float *v);
void cpu_swiglu_forward(backend *b, float *act, const float *gate, const float *up, long n);
void cpu_swiglu_backward(backend *b, float *dgate, float *dup, const float *gate, const float *up, long n);
void cpu_head_softmax(backend *b, float *z, long V, int n, float tau, const int32_t *target, double *lse, double *pz,
                      float *logp, float *entropy);
void cpu_head_softmax_backward(backend *b, float *z, long V, int n, const double *lse, const double *pz,
                               const float *dlogp, const float *dent, const int32_t *target);
double cpu_norm(backend *b, const float *x, size_t n);
size_t cpu_adamw(backend *b, float *w, const float *grad, float *m, float *v, size_t n, const adamw_step *s);

#endif
