/* backend.c -- opening a backend by name, and the calls that go through its table. */
#include "engine/backend_impl.h"

#include "core/errors.h"

#include <stdlib.h>
#include <string.h>

backend *backend_open(const char *device, char *err, size_t errlen) {
    if (!device) device = "cpu";
    if (strcmp(device, "cpu") && strcmp(device, "cuda")) {
        error_into(err, errlen, "device %s: choose cpu or cuda", device);
        return NULL;
    }
    if (!strcmp(device, "cuda")) {
        error_into(err, errlen, "device cuda: this build has no CUDA backend yet (use --device cpu)");
        return NULL;
    }
    backend *b = calloc(1, sizeof *b);
    if (!b) { error_into(err, errlen, "out of memory"); return NULL; }
    if (backend_cpu_init(b, err, errlen) < 0) { free(b); return NULL; }
    b->refs = 1;
    return b;
}

backend *backend_ref(backend *b) {
    b->refs++;
    return b;
}

void backend_close(backend *b) {
    if (!b || --b->refs > 0) return;
    b->ops->close(b);
    free(b);
}

const char *backend_name(const backend *b) { return b->ops->name; }

int be_bf16_fast(const backend *b) { return b->ops->bf16_fast(b); }
void *be_alloc(backend *b, size_t bytes) { return b->ops->alloc(b, bytes); }
void be_free(backend *b, void *p) { b->ops->free(b, p); }
void be_upload(backend *b, void *dst, const void *src, size_t bytes) { b->ops->upload(b, dst, src, bytes); }
void be_download(backend *b, void *dst, const void *src, size_t bytes) { b->ops->download(b, dst, src, bytes); }
void be_zero(backend *b, float *x, size_t n) { b->ops->zero(b, x, n); }
void be_gather_rows(backend *b, float *out, weight table, const int32_t *rows, int n, long C) { b->ops->gather_rows(b, out, table, rows, n, C); }
void be_scatter_add_rows(backend *b, float *dst, const int32_t *rows, const float *src, int n, long C) { b->ops->scatter_add_rows(b, dst, rows, src, n, C); }
void be_rmsnorm(backend *b, float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps,
                int bf16) { b->ops->rmsnorm(b, out, rstd, x, w, rows, n, eps, bf16); }
void be_rope(backend *b, float *x, const float *cs, int T, int heads, int D, float sign, int bf16) { b->ops->rope(b, x, cs, T, heads, D, sign, bf16); }
void be_add(backend *b, float *y, const float *x, long n) { b->ops->add(b, y, x, n); }
void be_round_bf16(backend *b, float *x, long n) { b->ops->round_bf16(b, x, n); }
int be_linear(backend *b, float *out, const float *x, int T, weight W, long rows, long n, const float *bias, int bf16) { return b->ops->linear(b, out, x, T, W, rows, n, bias, bf16); }
void be_silu_mul(backend *b, float *gate, const float *up, long n, int bf16) { b->ops->silu_mul(b, gate, up, n, bf16); }
int be_attention_decode(backend *b, const attn_shape *s, kv_cache *kv, int layer, const float *q, const float *k,
                        const float *v, const int *seq, const int *pos, int T, float *out, int bf16) { return b->ops->attention_decode(b, s, kv, layer, q, k, v, seq, pos, T, out, bf16); }
void be_matmul_forward(backend *b, float *out, const float *in, const float *W, const float *bias, int T, long IC,
                       long OC, int bf16) { b->ops->matmul_forward(b, out, in, W, bias, T, IC, OC, bf16); }
void be_matmul_backward(backend *b, float *din, float *dW, float *dbias, const float *dout, const float *in,
                        const float *W, int T, long IC, long OC, int bf16) { b->ops->matmul_backward(b, din, dW, dbias, dout, in, W, T, IC, OC, bf16); }
void be_rmsnorm_backward(backend *b, float *dx, float *dw, const float *dy, const float *x, const float *w,
                         const float *rstd, long rows, long n) { b->ops->rmsnorm_backward(b, dx, dw, dy, x, w, rstd, rows, n); }
size_t be_attention_scratch(const backend *b, int lmax) { return b->ops->attention_scratch(b, lmax); }
void be_attention_forward(backend *b, const attn_batch *a, float *out, float *lse, const float *q, const float *k,
                          const float *v) { b->ops->attention_forward(b, a, out, lse, q, k, v); }
void be_attention_backward(backend *b, const attn_batch *a, float *dq, float *dk, float *dv, const float *dout,
                           const float *lse, const float *q, const float *k, const float *v) { b->ops->attention_backward(b, a, dq, dk, dv, dout, lse, q, k, v); }
void be_swiglu_forward(backend *b, float *act, const float *gate, const float *up, long n) { b->ops->swiglu_forward(b, act, gate, up, n); }
void be_swiglu_backward(backend *b, float *dgate, float *dup, const float *gate, const float *up, long n) { b->ops->swiglu_backward(b, dgate, dup, gate, up, n); }
void be_head_softmax(backend *b, float *z, long V, int n, float tau, const int32_t *target, double *lse, double *pz,
                     float *logp, float *entropy) { b->ops->head_softmax(b, z, V, n, tau, target, lse, pz, logp, entropy); }
void be_head_softmax_backward(backend *b, float *z, long V, int n, const double *lse, const double *pz,
                              const float *dlogp, const float *dent, const int32_t *target) { b->ops->head_softmax_backward(b, z, V, n, lse, pz, dlogp, dent, target); }
double be_norm(backend *b, const float *x, size_t n) { return b->ops->norm(b, x, n); }
size_t be_adamw(backend *b, float *w, const float *grad, float *m, float *v, size_t n, const adamw_step *s) { return b->ops->adamw(b, w, grad, m, v, n, s); }
