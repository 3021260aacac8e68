/* train.c -- FP32 forward and backward of Qwen2/Qwen3 under GRPO's loss (formulas:
 * reference/qwen-models.md §8).  Every backward kernel accumulates (+=) into its gradients, and
 * every parallel loop gives each output element to one thread, so results do not depend on
 * scheduling: the same inputs give the same bits for a given thread count. */
#include "train/train.h"

#include "core/errors.h"
#include "engine/cpu/gemm.h"
#include "engine/cpu/vec.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- parameters ---- */

float *train_alloc(size_t n) {
    void *p = NULL;
    if (posix_memalign(&p, 2 << 20, n * sizeof(float))) return NULL;
    madvise(p, n * sizeof(float), MADV_HUGEPAGE);   /* advice: where the kernel declines, 4 kB pages */
    return p;
}

typedef struct {
    train_model *t;
    float *base;   /* NULL: only count */
    size_t at;
} layout;

static void add_tensor(layout *L, float **view, long rows, long cols, const char *fmt, int layer) {
    train_tensor *x = &L->t->tensor[L->t->ntensors++];
    snprintf(x->name, sizeof x->name, fmt, layer);
    x->rows = rows, x->cols = cols, x->offset = L->at, x->size = (size_t)rows * (size_t)(cols ? cols : 1);
    L->at += x->size;
    *view = L->base ? L->base + x->offset : NULL;
}

/* The tensors in the order transformers lists them, as views into base (a flat array of nparams). */
void train_views(train_model *t, float *base, train_params *v) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    layout L = {t, base, 0};
    t->ntensors = 0;
    add_tensor(&L, &v->embed, c->vocab, C, "model.embed_tokens.weight", 0);
    for (int i = 0; i < c->layers; i++) {
        train_layer *l = &v->layer[i];
        memset(l, 0, sizeof *l);
        add_tensor(&L, &l->attn_norm, C, 0, "model.layers.%d.input_layernorm.weight", i);
        add_tensor(&L, &l->q, Q, C, "model.layers.%d.self_attn.q_proj.weight", i);
        add_tensor(&L, &l->k, KV, C, "model.layers.%d.self_attn.k_proj.weight", i);
        add_tensor(&L, &l->v, KV, C, "model.layers.%d.self_attn.v_proj.weight", i);
        add_tensor(&L, &l->o, C, Q, "model.layers.%d.self_attn.o_proj.weight", i);
        if (c->qkv_bias) {
            add_tensor(&L, &l->q_bias, Q, 0, "model.layers.%d.self_attn.q_proj.bias", i);
            add_tensor(&L, &l->k_bias, KV, 0, "model.layers.%d.self_attn.k_proj.bias", i);
            add_tensor(&L, &l->v_bias, KV, 0, "model.layers.%d.self_attn.v_proj.bias", i);
        }
        if (c->qk_norm) {
            add_tensor(&L, &l->q_norm, c->head_dim, 0, "model.layers.%d.self_attn.q_norm.weight", i);
            add_tensor(&L, &l->k_norm, c->head_dim, 0, "model.layers.%d.self_attn.k_norm.weight", i);
        }
        add_tensor(&L, &l->mlp_norm, C, 0, "model.layers.%d.post_attention_layernorm.weight", i);
        add_tensor(&L, &l->gate, F, C, "model.layers.%d.mlp.gate_proj.weight", i);
        add_tensor(&L, &l->up, F, C, "model.layers.%d.mlp.up_proj.weight", i);
        add_tensor(&L, &l->down, C, F, "model.layers.%d.mlp.down_proj.weight", i);
    }
    add_tensor(&L, &v->final_norm, C, 0, "model.norm.weight", 0);
    if (c->tied) v->lm_head = v->embed;
    else add_tensor(&L, &v->lm_head, c->vocab, C, "lm_head.weight", 0);
    t->nparams = L.at;
}

int train_model_init(train_model *t, const model *m, char *err, size_t errlen) {
    memset(t, 0, sizeof *t);
    t->c = m->c;
    t->dtype = m->embed.dtype;
    t->tensor = calloc((size_t)(4 + 14 * t->c.layers), sizeof *t->tensor);
    t->p.layer = calloc((size_t)t->c.layers, sizeof *t->p.layer);
    t->g.layer = calloc((size_t)t->c.layers, sizeof *t->g.layer);
    if (!t->tensor || !t->p.layer || !t->g.layer) goto oom;
    train_views(t, NULL, &t->p);   /* counts */
    t->w = train_alloc(t->nparams);
    t->grad = train_alloc(t->nparams);
    if (!t->w || !t->grad) goto oom;
    train_views(t, t->w, &t->p);
    train_views(t, t->grad, &t->g);
#pragma omp parallel for schedule(dynamic)
    for (int i = 0; i < t->ntensors; i++) {   /* model_load checked every one's presence and shape */
        const st_tensor *s = st_find(&m->files, t->tensor[i].name);
        weight_read((weight){s->data, s->dtype}, 0, t->tensor[i].size, t->w + t->tensor[i].offset);
    }
    return 0;
oom:
    train_model_free(t);
    return error_into(err, errlen, "out of memory for the FP32 copy of the model (%zu parameters)", t->nparams);
}

void train_workspace_free(train_model *t) {
    free(t->work);
    t->work = NULL, t->work_floats = 0;
}

void train_model_free(train_model *t) {
    free(t->tensor), free(t->w), free(t->grad), free(t->p.layer), free(t->g.layer), free(t->work);
    memset(t, 0, sizeof *t);
}

/* ---- kernels (forward, then backward) ---- */

/* The model's products in FP32, or with BF16 operands (FP32 accumulation) on AMX. */
static void product(const train_model *t, float *C, long ldc, const float *A, long sam, long sak, const float *B, long sbk,
                    long sbn, long M, long N, long K, int accumulate) {
    (t->bf16_compute ? gemm_bf16 : gemm_f32)(C, ldc, A, sam, sak, B, sbk, sbn, M, N, K, accumulate);
}

/* out[T, OC] = in[T, IC] W[OC, IC]^T (+ b) */
static void matmul_forward(const train_model *t, float *out, const float *in, const float *W, const float *b, int T,
                           long IC, long OC) {
    product(t, out, OC, in, IC, 1, W, 1, IC, T, OC, IC, 0);
    if (b)
        for (int t = 0; t < T; t++) vec_axpy(out + (long)t * OC, 1, b, OC);
}

/* din += dout W;  dW += dout^T in;  db += column sums of dout */
static void matmul_backward(const train_model *t, float *din, float *dW, float *db, const float *dout, const float *in,
                            const float *W, int T, long IC, long OC) {
    product(t, din, IC, dout, OC, 1, W, IC, 1, T, IC, OC, 1);
    product(t, dW, IC, dout, 1, OC, in, IC, 1, OC, IC, T, 1);
    for (int t = 0; db && t < T; t++) vec_axpy(db, 1, dout + (long)t * OC, OC);
}

/* rows of n: out = w * x / rms(x); rstd saved per row */
static void rmsnorm_forward(float *out, float *rstd, const float *x, const float *w, long rows, long n, float eps) {
#pragma omp parallel for schedule(static)
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float s = 1.0f / sqrtf(vec_dot(xr, xr, n) / (float)n + eps);
        rstd[r] = s;
        for (long i = 0; i < n; i++) out[r * n + i] = w[i] * (xr[i] * s);
    }
}

/* dx += r (g - x^ mean(g x^)), g = dy w;  dw += sum over rows of dy x^ */
static void rmsnorm_backward(float *dx, float *dw, const float *dy, const float *x, const float *w, const float *rstd,
                             long rows, long n) {
#pragma omp parallel for schedule(static)
    for (long r = 0; r < rows; r++) {
        const float *xr = x + r * n, *dyr = dy + r * n;
        float s = rstd[r], m = 0;
        for (long i = 0; i < n; i++) m += dyr[i] * w[i] * xr[i] * s;
        m /= (float)n;
        for (long i = 0; i < n; i++) dx[r * n + i] += s * (dyr[i] * w[i] - xr[i] * s * m);
    }
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        float acc = 0;
        for (long r = 0; r < rows; r++) acc += dy[r * n + i] * x[r * n + i] * rstd[r];
        dw[i] += acc;
    }
}

/* RoPE on heads of D at each token (cs: model_rope_table), and its inverse rotation for gradients. */
static void rope_apply(float *x, const float *cs, int T, int heads, int D, float sign) {
    int half = D / 2;
#pragma omp parallel for schedule(static)
    for (int t = 0; t < T; t++)
        for (int h = 0; h < heads; h++) {
            float *v = x + ((long)t * heads + h) * D;
            const float *c = cs + (long)t * D;
            for (int i = 0; i < half; i++) {
                float co = c[2 * i], si = sign * c[2 * i + 1], x0 = v[i], x1 = v[i + half];
                v[i] = x0 * co - x1 * si;
                v[i + half] = x1 * co + x0 * si;
            }
        }
}

typedef struct {
    int nseq;
    const int *start, *len;   /* each sequence's first stacked token and length */
} spans;

/* A score row to probabilities p[j] = e^(p[j] scale - lse) over j < n, 0 for the masked
 * n <= j < L: lse the row's log-sum-exp, which the forward pass keeps instead of the probabilities
 * (the backward pass makes them again, bit for bit). */
HOT static void softmax_from_lse(float *p, int n, int L, float scale, float lse) {
#pragma omp simd
    for (int j = 0; j < n; j++) p[j] = exp_nonpositive(p[j] * scale - lse);
    for (int j = n; j < L; j++) p[j] = 0;
}

/* The same row's softmax, returning its lse */
HOT static float softmax_causal(float *p, int n, int L, float scale) {
    float top = -INFINITY, sum = 0;
#pragma omp simd reduction(max : top)
    for (int j = 0; j < n; j++) top = p[j] > top ? p[j] : top;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < n; j++) sum += exp_nonpositive((p[j] - top) * scale);
    float lse = top * scale + logf(sum);
    softmax_from_lse(p, n, L, scale, lse);
    return lse;
}

/* A dP row to a dS row: ds = p (dp - sum p dp) scale over j < n, 0 for the masked n <= j < L. */
HOT static void softmax_causal_backward(float *ds, const float *p, int n, int L, float scale) {
    float rowsum = 0;
#pragma omp simd reduction(+ : rowsum)
    for (int j = 0; j < n; j++) rowsum += ds[j] * p[j];
#pragma omp simd
    for (int j = 0; j < n; j++) ds[j] = p[j] * (ds[j] - rowsum) * scale;
    for (int j = n; j < L; j++) ds[j] = 0;
}

/* Causal attention within each sequence, keeping each (token, head)'s lse; a thread's scratch is
 * two lmax x lmax matrices.  Each (sequence, head) is a few small products (FP32 in any compute mode),
 * made whole and masked: twice the multiplies of a triangle, at the speed of the blocked kernel. */
typedef struct {
    const spans *sp;
    const model_config *c;
    float *scratch;
    int lmax;
} attention_ctx;

/* P of query head h of sequence s from its scores (lse NULL: compute and keep them in keep) */
static void attention_probs(const attention_ctx *x, float *p, const float *q, const float *k, int s, int h,
                            const float *lse, float *keep) {
    const model_config *c = x->c;
    int H = c->heads, D = c->head_dim, L = x->sp->len[s], b = x->sp->start[s];
    long Q = (long)H * D, KV = (long)c->kv_heads * D;
    float scale = 1.0f / sqrtf((float)D);
    gemm_f32_serial(p, L, q + (long)b * Q + (long)h * D, Q, 1, k + (long)b * KV + (long)(h / (H / c->kv_heads)) * D, 1, KV, L, L,
                D, 0);   /* q K^T */
    for (int i = 0; i < L; i++)
        if (lse) softmax_from_lse(p + (long)i * L, i + 1, L, scale, lse[(long)(b + i) * H + h]);
        else keep[(long)(b + i) * H + h] = softmax_causal(p + (long)i * L, i + 1, L, scale);
}

static void attention_forward(const attention_ctx *x, float *out, float *lse, const float *q, const float *k,
                              const float *v) {
    const model_config *c = x->c;
    int H = c->heads, D = c->head_dim, G = H / c->kv_heads;
    long Q = (long)H * D, KV = (long)c->kv_heads * D;
#pragma omp parallel for collapse(2) schedule(dynamic)
    for (int s = 0; s < x->sp->nseq; s++)
        for (int h = 0; h < H; h++) {
            int L = x->sp->len[s], b = x->sp->start[s];
            float *p = x->scratch + (size_t)omp_get_thread_num() * 2 * (size_t)x->lmax * (size_t)x->lmax;
            attention_probs(x, p, q, k, s, h, NULL, lse);
            gemm_f32_serial(out + (long)b * Q + (long)h * D, Q, p, L, 1, v + (long)b * KV + (long)(h / G) * D, KV, 1, L, D, L, 0);
        }
}

/* dV = P^T dO, dS = P (dP - rowsum(dP P)) s with dP = dO V^T, dQ = dS K, dK = dS^T Q; a kv head's dK
 * and dV sum over its query heads, so each task takes one sequence and kv head with all its query
 * heads. */
static void attention_backward(const attention_ctx *x, float *dq, float *dk, float *dv, const float *dout,
                               const float *lse, const float *q, const float *k, const float *v) {
    const model_config *c = x->c;
    int H = c->heads, KVH = c->kv_heads, D = c->head_dim, G = H / KVH;
    long Q = (long)H * D, KV = (long)KVH * D;
    float scale = 1.0f / sqrtf((float)D);
#pragma omp parallel for collapse(2) schedule(dynamic)
    for (int s = 0; s < x->sp->nseq; s++)
        for (int kh = 0; kh < KVH; kh++) {
            int L = x->sp->len[s], b = x->sp->start[s];
            float *p = x->scratch + (size_t)omp_get_thread_num() * 2 * (size_t)x->lmax * (size_t)x->lmax;
            float *ds = p + (size_t)x->lmax * (size_t)x->lmax;
            const float *ks = k + (long)b * KV + (long)kh * D, *vs = v + (long)b * KV + (long)kh * D;
            float *dks = dk + (long)b * KV + (long)kh * D, *dvs = dv + (long)b * KV + (long)kh * D;
            for (int h = kh * G; h < (kh + 1) * G; h++) {
                const float *doh = dout + (long)b * Q + (long)h * D, *qh = q + (long)b * Q + (long)h * D;
                attention_probs(x, p, q, k, s, h, lse, NULL);
                gemm_f32_serial(dvs, KV, p, 1, L, doh, Q, 1, L, D, L, 1);    /* dV += P^T dO */
                gemm_f32_serial(ds, L, doh, Q, 1, vs, 1, KV, L, L, D, 0);    /* dP = dO V^T */
                for (int i = 0; i < L; i++) softmax_causal_backward(ds + (long)i * L, p + (long)i * L, i + 1, L, scale);
                gemm_f32_serial(dq + (long)b * Q + (long)h * D, Q, ds, L, 1, ks, KV, 1, L, D, L, 1);   /* dQ += dS K */
                gemm_f32_serial(dks, KV, ds, 1, L, qh, Q, 1, L, D, L, 1);                             /* dK += dS^T Q */
            }
        }
}

/* y += x, in parallel */
HOT static void add_into(float *y, const float *x, long n) {
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++) y[i] += x[i];
}

/* act = silu(gate) * up */
HOT static void swiglu_forward(float *act, const float *gate, const float *up, long n) {
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++) act[i] = gate[i] * sigmoid(gate[i]) * up[i];
}

/* from d act (in dgate on entry): d gate and d up */
HOT static void swiglu_backward(float *dgate, float *dup, const float *gate, const float *up, long n) {
#pragma omp parallel for simd schedule(static)
    for (long i = 0; i < n; i++) {
        float g = gate[i], sg = sigmoid(g), da = dgate[i];
        dup[i] = da * g * sg;
        dgate[i] = da * up[i] * sg * (1 + g * (1 - sg));
    }
}

/* ---- the network ---- */

typedef struct {
    float *x, *rstd1, *h1, *qraw, *kraw, *rq, *rk, *q, *k, *v, *lse, *att, *xm, *rstd2, *h2, *gate, *up, *act;
} layer_acts;

typedef struct {
    layer_acts *l;
    float *xf, *rstdf, *hf;   /* the final residual, its norm */
    float *rope;
    int *start, *pos;
    attention_ctx attn;
    spans sp;
} acts;

/* n floats of t's workspace, kept from one micro-batch (and step) to the next: freeing and
 * allocating gigabytes each time costs as much in page faults as a good part of the step. */
static float *workspace(train_model *t, size_t n) {
    if (n > t->work_floats) {
        free(t->work);
        t->work = train_alloc(n);
        t->work_floats = t->work ? n : 0;
    }
    return t->work;
}

/* The activations the backward pass needs, and then `extra` floats for the caller at *rest. */
static int acts_alloc(train_model *t, acts *a, const train_batch *b, int T, size_t extra, float **rest) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    memset(a, 0, sizeof *a);
    a->l = calloc((size_t)c->layers, sizeof *a->l);
    a->start = malloc((size_t)b->nseq * sizeof *a->start);
    a->pos = malloc((size_t)T * sizeof *a->pos);
    if (!a->l || !a->start || !a->pos) return -1;
    int lmax = 0;
    for (int s = 0, t = 0; s < b->nseq; t += b->len[s++]) {
        a->start[s] = t, lmax = b->len[s] > lmax ? b->len[s] : lmax;
        for (int i = 0; i < b->len[s]; i++) a->pos[t + i] = i;
    }
    int qk = c->qk_norm;
    size_t per_layer = (size_t)T * (size_t)(C * 4 + 2 + Q * 3 + KV * 3 + F * 3 + c->heads + (qk ? c->heads + c->kv_heads : 0));
    size_t scratch = (size_t)omp_get_max_threads() * 2 * (size_t)lmax * (size_t)lmax;
    size_t total = per_layer * (size_t)c->layers + (size_t)T * (size_t)(2 * C + 1 + c->head_dim) + scratch;
    float *m = workspace(t, total + extra);
    if (!m) return -1;
#define TAKE(n) (m += (n), m - (n))
    for (int i = 0; i < c->layers; i++) {
        layer_acts *l = &a->l[i];
        l->x = TAKE(T * C), l->rstd1 = TAKE(T), l->h1 = TAKE(T * C);
        l->qraw = TAKE(T * Q), l->kraw = TAKE(T * KV);
        l->rq = qk ? TAKE((long)T * c->heads) : NULL, l->rk = qk ? TAKE((long)T * c->kv_heads) : NULL;
        l->q = TAKE(T * Q), l->k = TAKE(T * KV), l->v = TAKE(T * KV), l->lse = TAKE((long)T * c->heads), l->att = TAKE(T * Q);
        l->xm = TAKE(T * C), l->rstd2 = TAKE(T), l->h2 = TAKE(T * C);
        l->gate = TAKE(T * F), l->up = TAKE(T * F), l->act = TAKE(T * F);
    }
    a->xf = TAKE(T * C), a->rstdf = TAKE(T), a->hf = TAKE(T * C), a->rope = TAKE((long)T * c->head_dim);
    a->sp = (spans){b->nseq, a->start, b->len};
    a->attn = (attention_ctx){&a->sp, c, TAKE(scratch), lmax};
#undef TAKE
    *rest = m;
    return 0;
}

static void acts_free(acts *a) {
    free(a->l), free(a->start), free(a->pos);
}

static void layer_forward(const train_model *t, const train_layer *w, layer_acts *l, float *x_out, const acts *a,
                          int T) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, D = c->head_dim, Q = c->heads * D, KV = c->kv_heads * D;
    rmsnorm_forward(l->h1, l->rstd1, l->x, w->attn_norm, T, C, c->norm_eps);
    matmul_forward(t, l->qraw, l->h1, w->q, w->q_bias, T, C, Q);
    matmul_forward(t, l->kraw, l->h1, w->k, w->k_bias, T, C, KV);
    matmul_forward(t, l->v, l->h1, w->v, w->v_bias, T, C, KV);
    if (c->qk_norm) {
        rmsnorm_forward(l->q, l->rq, l->qraw, w->q_norm, (long)T * c->heads, D, c->norm_eps);
        rmsnorm_forward(l->k, l->rk, l->kraw, w->k_norm, (long)T * c->kv_heads, D, c->norm_eps);
    } else {
        memcpy(l->q, l->qraw, (size_t)T * Q * sizeof *l->q);
        memcpy(l->k, l->kraw, (size_t)T * KV * sizeof *l->k);
    }
    rope_apply(l->q, a->rope, T, c->heads, (int)D, 1);
    rope_apply(l->k, a->rope, T, c->kv_heads, (int)D, 1);
    attention_forward(&a->attn, l->att, l->lse, l->q, l->k, l->v);
    matmul_forward(t, l->xm, l->att, w->o, NULL, T, Q, C);
    add_into(l->xm, l->x, T * C);
    rmsnorm_forward(l->h2, l->rstd2, l->xm, w->mlp_norm, T, C, c->norm_eps);
    matmul_forward(t, l->gate, l->h2, w->gate, NULL, T, C, F);
    matmul_forward(t, l->up, l->h2, w->up, NULL, T, C, F);
    swiglu_forward(l->act, l->gate, l->up, T * F);
    matmul_forward(t, x_out, l->act, w->down, NULL, T, F, C);
    add_into(x_out, l->xm, T * C);
}

typedef struct {
    float *dx, *dh, *dq, *dk, *dv, *datt, *dgate, *dup;
} grads_scratch;

/* d (the gradient of rows of per-head norm outputs) becomes the gradient of their inputs x, through
 * scratch of the same size; dw += the norm weight's. */
static void head_norm_backward(float *d, float *scratch, float *dw, const float *x, const float *w, const float *rstd,
                               long rows, long D) {
    memset(scratch, 0, (size_t)(rows * D) * sizeof(float));
    rmsnorm_backward(scratch, dw, d, x, w, rstd, rows, D);
    memcpy(d, scratch, (size_t)(rows * D) * sizeof(float));
}

/* dx: the gradient of this layer's output on entry, of its input on return. */
static void layer_backward(const train_model *t, const train_layer *w, train_layer *g, const layer_acts *l,
                           grads_scratch *s, const acts *a, int T) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, D = c->head_dim, Q = c->heads * D, KV = c->kv_heads * D;
    /* MLP: x_out = xm + down(silu(gate) * up) */
    memset(s->dgate, 0, (size_t)T * F * sizeof(float));
    matmul_backward(t, s->dgate, g->down, NULL, s->dx, l->act, w->down, T, F, C);   /* dgate holds d act for now */
    swiglu_backward(s->dgate, s->dup, l->gate, l->up, T * F);
    memset(s->dh, 0, (size_t)T * C * sizeof(float));
    matmul_backward(t, s->dh, g->gate, NULL, s->dgate, l->h2, w->gate, T, C, F);
    matmul_backward(t, s->dh, g->up, NULL, s->dup, l->h2, w->up, T, C, F);
    rmsnorm_backward(s->dx, g->mlp_norm, s->dh, l->xm, w->mlp_norm, l->rstd2, T, C);   /* dx is now d xm */
    /* attention: xm = x + o(attn(rope(norm(q)), rope(norm(k)), v)) */
    memset(s->datt, 0, (size_t)T * Q * sizeof(float));
    matmul_backward(t, s->datt, g->o, NULL, s->dx, l->att, w->o, T, Q, C);
    memset(s->dq, 0, (size_t)T * Q * sizeof(float));
    memset(s->dk, 0, (size_t)T * KV * sizeof(float));
    memset(s->dv, 0, (size_t)T * KV * sizeof(float));
    attention_backward(&a->attn, s->dq, s->dk, s->dv, s->datt, l->lse, l->q, l->k, l->v);
    rope_apply(s->dq, a->rope, T, c->heads, (int)D, -1);
    rope_apply(s->dk, a->rope, T, c->kv_heads, (int)D, -1);
    if (c->qk_norm) {   /* back through the per-head norms, by way of datt (free now) */
        head_norm_backward(s->dq, s->datt, g->q_norm, l->qraw, w->q_norm, l->rq, (long)T * c->heads, D);
        head_norm_backward(s->dk, s->datt, g->k_norm, l->kraw, w->k_norm, l->rk, (long)T * c->kv_heads, D);
    }
    memset(s->dh, 0, (size_t)T * C * sizeof(float));
    matmul_backward(t, s->dh, g->q, g->q_bias, s->dq, l->h1, w->q, T, C, Q);
    matmul_backward(t, s->dh, g->k, g->k_bias, s->dk, l->h1, w->k, T, C, KV);
    matmul_backward(t, s->dh, g->v, g->v_bias, s->dv, l->h1, w->v, T, C, KV);
    rmsnorm_backward(s->dx, g->attn_norm, s->dh, l->x, w->attn_norm, l->rstd1, T, C);
}

/* The loss head over response tokens, ROWS at a time: logits of the positions that predict each
 * response token, their log-softmax at temperature tau, entropy, GRPO's per-token derivatives, and
 * back: dhf += dz W, dW += dz^T hf.  ROWS x vocab floats at a time (150 MB for Qwen's vocabulary)
 * keeps the passes over the [vocab x dim] head matrix few. */
#define ROWS 256

/* z /= tau in place; then lse = log sum e^z, pz = sum p z, and the target's log-probability and
 * the entropy lse - pz.  Sums in double over e^(z - max) in float. */
HOT static void softmax_stats(float *z, long V, float tau, int target, double *lse, double *pz, float *logp,
                              float *entropy) {
    float top = -INFINITY;
#pragma omp simd reduction(max : top)
    for (long i = 0; i < V; i++) {
        z[i] /= tau;
        top = z[i] > top ? z[i] : top;
    }
    double sum = 0, ez = 0;
#pragma omp simd reduction(+ : sum, ez)
    for (long i = 0; i < V; i++) {
        float e = exp_nonpositive(z[i] - top);
        sum += e, ez += (double)e * z[i];
    }
    *lse = top + log(sum), *pz = ez / sum;
    *logp = (float)(z[target] - *lse), *entropy = (float)(*lse - *pz);
}

/* z = -dlogp p - dent p (z - pz), p = e^(z - lse): the gradient but for the target's one-hot term */
HOT static void softmax_backward(float *z, long V, double lse, double pz, float dlogp, float dent) {
    float l = (float)lse, m = (float)pz;
#pragma omp simd
    for (long i = 0; i < V; i++) {
        float p = exp_nonpositive(z[i] - l);
        z[i] = -dlogp * p - dent * p * (z[i] - m);
    }
}

typedef struct {
    int row;        /* stacked position whose logits predict the token */
    int target;
    int seq, j;     /* response token j of sequence seq */
} head_row;

static void head_rows(const train_model *t, const train_batch *b, const acts *a, const head_row *rows, int n, float tau,
                      const grpo_config *cfg, double scale, grpo_terms *terms, float *logp_out, float *dhf, float *z,
                      float *hrows, float *dhrows) {
    const model_config *c = &t->c;
    long C = c->dim, V = c->vocab;
    for (int r = 0; r < n; r++) memcpy(hrows + r * C, a->hf + (long)rows[r].row * C, (size_t)C * sizeof(float));
    matmul_forward(t, z, hrows, t->p.lm_head, NULL, n, C, V);
    grpo_terms one[ROWS] = {{0}};
#pragma omp parallel for schedule(dynamic)
    for (int r = 0; r < n; r++) {
        const head_row *h = &rows[r];
        float *zr = z + r * V;
        double lse, pz;   /* log sum e^z', and the expected z' */
        float logp, entropy;
        softmax_stats(zr, V, tau, h->target, &lse, &pz, &logp, &entropy);
        if (logp_out) logp_out[r] = logp;
        double dent, dlogp = grpo_token(cfg, b->adv[h->seq], b->weight[h->seq], b->mask_weight, logp,
                                        b->old_logp[h->seq][h->j], b->ref_logp ? &b->ref_logp[h->seq][h->j] : NULL,
                                        entropy, &one[r], &dent);
        /* dz' = dlogp (onehot - p) - dent p (z' - sum p z'), then dz = dz' / tau */
        softmax_backward(zr, V, lse, pz, (float)(scale * dlogp / tau), (float)(scale * dent / tau));
        zr[h->target] += (float)(scale * dlogp / tau);
    }
    for (int r = 0; r < n; r++) grpo_terms_add(terms, &one[r], scale);   /* in row order: the same sum each run */
    memset(dhrows, 0, (size_t)n * C * sizeof(float));
    matmul_backward(t, dhrows, t->g.lm_head, NULL, z, hrows, t->p.lm_head, n, C, V);
    for (int r = 0; r < n; r++) vec_axpy(dhf + (long)rows[r].row * C, 1, dhrows + r * C, C);
}

int train_step_grads(train_model *t, const train_batch *b, const grpo_config *cfg, float temperature, double scale,
                     grpo_terms *terms, float *logp) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    int T = 0, R = 0;
    for (int s = 0; s < b->nseq; s++) T += b->len[s], R += b->len[s] - b->prompt_len[s];
    acts a = {0};
    grads_scratch g = {0};
    head_row *rows = malloc((size_t)(R ? R : 1) * sizeof *rows);
    int rc = -1;
    long big = F > Q ? F : Q;
    size_t scratch = (size_t)T * (size_t)(2 * C + 2 * Q + 2 * KV + 2 * big) + (size_t)ROWS * (size_t)(c->vocab + 2 * C);
    float *m;
    if (!rows || acts_alloc(t, &a, b, T, scratch, &m) < 0) goto done;
    g.dx = m, m += T * C, g.dh = m, m += T * C, g.dq = m, m += T * Q, g.datt = m, m += T * Q;
    g.dk = m, m += T * KV, g.dv = m, m += T * KV, g.dgate = m, m += T * big, g.dup = m, m += T * big;
    float *z = m, *hrows = z + (long)ROWS * c->vocab, *dhrows = hrows + ROWS * C;

    /* forward */
    for (int s = 0; s < b->nseq; s++)
        for (int i = 0; i < b->len[s]; i++)
            memcpy(a.l[0].x + (long)(a.start[s] + i) * C, t->p.embed + (long)b->tokens[s][i] * C, (size_t)C * sizeof(float));
    model_rope_table(c, a.pos, T, a.rope);
    for (int i = 0; i < c->layers; i++)
        layer_forward(t, &t->p.layer[i], &a.l[i], i + 1 < c->layers ? a.l[i + 1].x : a.xf, &a, T);
    rmsnorm_forward(a.hf, a.rstdf, a.xf, t->p.final_norm, T, C, c->norm_eps);

    /* loss head, then backward */
    for (int s = 0, k = 0; s < b->nseq; s++)
        for (int j = 0; j < b->len[s] - b->prompt_len[s]; j++, k++)
            rows[k] = (head_row){a.start[s] + b->prompt_len[s] + j - 1, b->tokens[s][b->prompt_len[s] + j], s, j};
    float *dhf = g.dh;
    memset(dhf, 0, (size_t)T * C * sizeof(float));
    for (int k = 0; k < R; k += ROWS)
        head_rows(t, b, &a, rows + k, R - k < ROWS ? R - k : ROWS, temperature, cfg, scale, terms, logp ? logp + k : NULL,
                  dhf, z, hrows, dhrows);
    memset(g.dx, 0, (size_t)T * C * sizeof(float));
    rmsnorm_backward(g.dx, t->g.final_norm, dhf, a.xf, t->p.final_norm, a.rstdf, T, C);
    for (int i = c->layers - 1; i >= 0; i--) layer_backward(t, &t->p.layer[i], &t->g.layer[i], &a.l[i], &g, &a, T);
    for (int s = 0; s < b->nseq; s++)   /* serial: two tokens may share an embedding row */
        for (int i = 0; i < b->len[s]; i++)
            vec_axpy(t->g.embed + (long)b->tokens[s][i] * C, 1, g.dx + (long)(a.start[s] + i) * C, C);
    rc = 0;
done:
    acts_free(&a);
    free(rows);
    return rc;
}

/* ---- the optimizer ---- */

void train_zero(float *x, size_t n) {
    enum { CHUNK = 1 << 20 };
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i += CHUNK) memset(x + i, 0, (n - i < CHUNK ? n - i : CHUNK) * sizeof *x);
}

/* In double, vectorized: a single chain of dependent adds would take the latency of each. */
HOT static double sum_squares(const float *x, size_t n) {
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (size_t i = 0; i < n; i++) s += (double)x[i] * x[i];
    return s;
}

double train_grad_norm(const train_model *t) {
    enum { PARTS = 64 };   /* fixed partial sums, added in order: the same bits for any thread count */
    double part[PARTS] = {0}, ss = 0;
    size_t per = (t->nparams + PARTS - 1) / PARTS;
#pragma omp parallel for schedule(static)
    for (int k = 0; k < PARTS; k++) part[k] = sum_squares(t->grad + k * per, k * per > t->nparams ? 0 : t->nparams - k * per < per ? t->nparams - k * per : per);
    for (int k = 0; k < PARTS; k++) ss += part[k];
    return sqrt(ss);
}

void train_adamw(train_model *t, float *m, float *v, const adamw_config *c, double lr, long step, float grad_scale) {
    float b1 = (float)c->beta1, b2 = (float)c->beta2, eps = (float)c->eps, decay = (float)(1 - lr * c->weight_decay);
    float step_size = (float)(lr / (1 - pow(c->beta1, (double)step))), bc2 = (float)sqrt(1 - pow(c->beta2, (double)step));
#pragma omp parallel for schedule(static)
    for (size_t i = 0; i < t->nparams; i++) {
        float g = t->grad[i] * grad_scale;
        t->w[i] *= decay;
        m[i] += (g - m[i]) * (1 - b1);   /* torch's lerp */
        v[i] = v[i] * b2 + g * g * (1 - b2);
        t->w[i] -= step_size * m[i] / (sqrtf(v[i]) / bc2 + eps);
    }
}
