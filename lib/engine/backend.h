/* backend.h -- the seam between the model code and a device.
 *
 * model.c and train.c say which op runs in which order; a backend says how each op runs where the
 * arrays live.  A backend is an opaque handle with a table of operations behind it (as ggml's
 * backends and redis' rio are), one implementation per device: engine/cpu/ now, kernels/ for CUDA.
 * Every array an op takes is the backend's memory (be_alloc); a weight in a checkpoint's dtype
 * (dtype.h) is too once the model is loaded.  Ops are not reentrant: one call at a time per
 * backend, as one program drives one model.
 *
 * Ops that can fail (they need scratch memory the backend keeps between calls) return 0 or -1; the
 * rest cannot.  Arithmetic is part of the contract: the CPU ops are the reference, and an op's
 * comment says where inference and training round differently. */
#ifndef GR_BACKEND_H
#define GR_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "engine/dtype.h"

typedef struct backend backend;

/* "cpu", or "cuda" (not built yet: a reason in err).  NULL with one line in err when the device
 * is unknown or unusable.  The handle is counted: backend_ref for each extra owner, and each owner
 * calls backend_close. */
backend *backend_open(const char *device, char *err, size_t errlen);
backend *backend_ref(backend *b);
void backend_close(backend *b);
const char *backend_name(const backend *b);
/* Whether BF16 matmuls (FP32 accumulation) are fast here: AMX tiles on the CPU. */
int be_bf16_fast(const backend *b);

/* ---- memory ---- */

/* bytes of device memory, uninitialized (on the CPU 2 MB-aligned and advised to huge pages:
 * first-touching gigabytes in 4 kB pages costs as much as a training step); NULL when out. */
void *be_alloc(backend *b, size_t bytes);
void be_free(backend *b, void *p);
void be_upload(backend *b, void *dst, const void *src, size_t bytes);
void be_download(backend *b, void *dst, const void *src, size_t bytes);
/* x[0..n) = 0 (in parallel: the first touch of gigabytes is page faults) */
void be_zero(backend *b, float *x, size_t n);

/* ---- ops that inference and training share ---- */

/* out[r] = table[rows[r]] for n rows of C (an embedding lookup; a gather of rows) */
void be_gather_rows(backend *b, float *out, weight table, const int32_t *rows, int n, long C);
/* dst[rows[r]] += src[r] for n rows of C, in order (two rows may name the same destination) */
void be_scatter_add_rows(backend *b, float *dst, const int32_t *rows, const float *src, int n, long C);
/* rows of n: out = w * (x / rms(x)), rstd (when not NULL) the 1 / rms of each row; out may be x.
 * bf16: x / rms(x) and the product rounded to BF16, as a BF16 model in transformers does. */
void be_rmsnorm(backend *b, float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps,
                int bf16);
/* RoPE, rotate-half layout, on T tokens of `heads` heads of D: pairs (i, i + D/2) turned by the
 * token's angles, cs[t][i] = (cos, sin) (model_rope_table); sign -1 turns back (gradients).  bf16:
 * each product and sum rounded. */
void be_rope(backend *b, float *x, const float *cs, int T, int heads, int D, float sign, int bf16);
/* y += x */
void be_add(backend *b, float *y, const float *x, long n);
/* x rounded to BF16 in place */
void be_round_bf16(backend *b, float *x, long n);

/* ---- inference ---- */

/* out[t][r] = x[t] . W[r] (+ bias[r]) for T tokens: W [rows, n] in the file's dtype, read as it
 * is; bf16: the result rounded to BF16 (and with BF16 weights the products made in BF16, which
 * are exact for BF16-valued x).  -1 when scratch memory runs out. */
int be_linear(backend *b, float *out, const float *x, int T, weight W, long rows, long n, const float *bias, int bf16);
/* gate = silu(gate) * up as transformers computes it: silu, then the product, each rounded to BF16
 * for a BF16 model */
void be_silu_mul(backend *b, float *gate, const float *up, long n, int bf16);

/* One sequence's keys and values for every layer, by position up to cap (layout: the backend's). */
typedef struct {
    float *k, *v;
    int len, cap;
} kv_cache;

typedef struct {
    int heads, kv_heads, head_dim;
} attn_shape;

/* T new tokens, token t of sequence seq[t] at position pos[t]: its k and v (rows of kv_heads x D)
 * stored in layer `layer` of kv[seq[t]], then causal attention of its q (heads x D) over that
 * sequence's cache up to pos[t] into out.  bf16: probabilities rounded after their sum, as
 * PyTorch's CPU flash attention does.  -1 when scratch memory runs out. */
int be_attention_decode(backend *b, const attn_shape *s, kv_cache *kv, int layer, const float *q, const float *k,
                        const float *v, const int *seq, const int *pos, int T, float *out, int bf16);

/* ---- training (FP32 arrays; products FP32 or with BF16 operands) ---- */

/* out[T, OC] = in[T, IC] W[OC, IC]^T (+ bias) */
void be_matmul_forward(backend *b, float *out, const float *in, const float *W, const float *bias, int T, long IC,
                       long OC, int bf16);
/* din += dout W;  dW += dout^T in;  dbias += column sums of dout (dbias may be NULL) */
void be_matmul_backward(backend *b, float *din, float *dW, float *dbias, const float *dout, const float *in,
                        const float *W, int T, long IC, long OC, int bf16);
/* dx += rstd (g - x^ mean(g x^)), g = dy w;  dw += sum over rows of dy x^ */
void be_rmsnorm_backward(backend *b, float *dx, float *dw, const float *dy, const float *x, const float *w,
                         const float *rstd, long rows, long n);

/* Whole sequences stacked: sequence s is tokens [start[s], start[s] + len[s]); scratch holds
 * threads x 2 x lmax x lmax floats (be_attention_scratch). */
typedef struct {
    attn_shape shape;
    int nseq, lmax;
    const int *start, *len;
    float *scratch;
} attn_batch;

size_t be_attention_scratch(const backend *b, int lmax);
/* causal attention within each sequence; lse gets each (token, head)'s log-sum-exp, which the
 * backward pass makes the probabilities from again, bit for bit */
void be_attention_forward(backend *b, const attn_batch *a, float *out, float *lse, const float *q, const float *k,
                          const float *v);
/* dq, dk, dv += the gradients from dout */
void be_attention_backward(backend *b, const attn_batch *a, float *dq, float *dk, float *dv, const float *dout,
                           const float *lse, const float *q, const float *k, const float *v);
/* act = silu(gate) * up, silu through an overflow-free sigmoid */
void be_swiglu_forward(backend *b, float *act, const float *gate, const float *up, long n);
/* from d act (in dgate on entry): d gate and d up */
void be_swiglu_backward(backend *b, float *dgate, float *dup, const float *gate, const float *up, long n);

/* The loss head's softmax over n rows of V logits z: z /= tau in place; lse = log sum e^z, pz =
 * sum p z (both summed in double), logp the target's log-probability, entropy lse - pz. */
void be_head_softmax(backend *b, float *z, long V, int n, float tau, const int32_t *target, double *lse, double *pz,
                     float *logp, float *entropy);
/* z = dlogp (onehot(target) - p) - dent p (z - pz), p = e^(z - lse): the gradient of
 * dlogp logp + dent entropy with respect to the (tempered) logits, row by row. */
void be_head_softmax_backward(backend *b, float *z, long V, int n, const double *lse, const double *pz,
                              const float *dlogp, const float *dent, const int32_t *target);

/* sqrt(sum x^2), summed in double in fixed parts (the same bits for any thread count); NaN or inf
 * when an element is not finite */
double be_norm(backend *b, const float *x, size_t n);

typedef struct {
    float beta1, beta2, eps;
    float decay;       /* 1 - lr * weight_decay */
    float step_size;   /* lr / (1 - beta1^step) */
    float bc2;         /* sqrt(1 - beta2^step) */
    float grad_scale;  /* clipping */
} adamw_step;

/* One AdamW step over n parameters as torch.optim.AdamW takes it; returns how many of the updated
 * weights are not finite (counted in the same pass, so checking a step costs no second read). */
size_t be_adamw(backend *b, float *w, const float *grad, float *m, float *v, size_t n, const adamw_step *s);

#endif
