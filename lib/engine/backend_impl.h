/* backend_impl.h -- what a backend implements: the table behind backend.h's functions.  Included
 * by backend.c and by each implementation (engine/cpu/, kernels/), never by model code. */
#ifndef GR_BACKEND_IMPL_H
#define GR_BACKEND_IMPL_H

#include "engine/backend.h"

typedef struct {
    const char *name;
    int (*bf16_fast)(const backend *b);
    void (*close)(backend *b);

    void *(*alloc)(backend *b, size_t bytes);
    void (*free)(backend *b, void *p);
    void (*upload)(backend *b, void *dst, const void *src, size_t bytes);
    void (*download)(backend *b, void *dst, const void *src, size_t bytes);
    void (*zero)(backend *b, float *x, size_t n);

    void (*gather_rows)(backend *b, float *out, weight table, const int32_t *rows, int n, long C);
    void (*scatter_add_rows)(backend *b, float *dst, const int32_t *rows, const float *src, int n, long C);
    void (*rmsnorm)(backend *b, float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps,
                    int bf16);
    void (*rope)(backend *b, float *x, const float *cs, int T, int heads, int D, float sign, int bf16);
    void (*add)(backend *b, float *y, const float *x, long n);
    void (*round_bf16)(backend *b, float *x, long n);

    int (*linear)(backend *b, float *out, const float *x, int T, weight W, long rows, long n, const float *bias, int bf16);
    void (*silu_mul)(backend *b, float *gate, const float *up, long n, int bf16);
    int (*attention_decode)(backend *b, const attn_shape *s, kv_cache *kv, int layer, const float *q, const float *k,
                            const float *v, const int *seq, const int *pos, int T, float *out, int bf16);

    void (*matmul_forward)(backend *b, float *out, const float *in, const float *W, const float *bias, int T, long IC,
                           long OC, int bf16);
    void (*matmul_backward)(backend *b, float *din, float *dW, float *dbias, const float *dout, const float *in,
                            const float *W, int T, long IC, long OC, int bf16);
    void (*rmsnorm_backward)(backend *b, float *dx, float *dw, const float *dy, const float *x, const float *w,
                             const float *rstd, long rows, long n);
    size_t (*attention_scratch)(const backend *b, int lmax);
    void (*attention_forward)(backend *b, const attn_batch *a, float *out, float *lse, const float *q, const float *k,
                              const float *v);
    void (*attention_backward)(backend *b, const attn_batch *a, float *dq, float *dk, float *dv, const float *dout,
                               const float *lse, const float *q, const float *k, const float *v);
    void (*swiglu_forward)(backend *b, float *act, const float *gate, const float *up, long n);
    void (*swiglu_backward)(backend *b, float *dgate, float *dup, const float *gate, const float *up, long n);
    void (*head_softmax)(backend *b, float *z, long V, int n, float tau, const int32_t *target, double *lse, double *pz,
                         float *logp, float *entropy);
    void (*head_softmax_backward)(backend *b, float *z, long V, int n, const double *lse, const double *pz,
                                  const float *dlogp, const float *dent, const int32_t *target);
    double (*norm)(backend *b, const float *x, size_t n);
    size_t (*adamw)(backend *b, float *w, const float *grad, float *m, float *v, size_t n, const adamw_step *s);
} backend_ops;

struct backend {
    const backend_ops *ops;
    void *ctx;   /* the implementation's own state */
    int refs;
};

/* Each implementation's constructor: fills b (ops, ctx), or returns -1 with a reason. */
int backend_cpu_init(backend *b, char *err, size_t errlen);

#endif
