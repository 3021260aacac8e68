/* attention.c -- the CPU backend's attention: decode over KV caches (inference), and whole causal
 * sequences with log-sum-exp kept for the backward pass (training).  The two round differently
 * (the decode softmax rounds BF16 models' probabilities as PyTorch does, training is FP32), so
 * each keeps its own softmax. */
#include "engine/cpu/cpu.h"

#include "engine/cpu/gemm.h"
#include "engine/cpu/loops.h"
#include "engine/cpu/vec.h"

#include <math.h>
#include <omp.h>
#include <string.h>

/* ---- decode: KV caches ---- */

/* The cache keeps values by position ([layers][cap][kv_heads * head_dim]) and keys transposed,
 * [layers][kv_heads][head_dim][cap], so a query's scores come out for many positions at once. */
static float *value_row(const attn_shape *c, const kv_cache *kv, int layer, int pos) {
    return kv->v + ((size_t)layer * kv->cap + (size_t)pos) * (size_t)c->kv_heads * c->head_dim;
}

static float *key_columns(const attn_shape *c, const kv_cache *kv, int layer, int kvh) {
    return kv->k + ((size_t)layer * c->kv_heads + (size_t)kvh) * c->head_dim * kv->cap;
}

static void cache_store(const attn_shape *c, kv_cache *kv, int layer, int pos, const float *k, const float *v) {
    int D = c->head_dim;
    for (int h = 0; h < c->kv_heads; h++) {
        float *kt = key_columns(c, kv, layer, h) + pos;
        for (int d = 0; d < D; d++) kt[(size_t)d * kv->cap] = k[h * D + d];
    }
    memcpy(value_row(c, kv, layer, pos), v, (size_t)c->kv_heads * D * sizeof *v);
}

static inline void round_row(float *x, long n) {
#pragma omp simd
    for (long i = 0; i < n; i++) x[i] = bf16_round(x[i]);
}

#define LOOPS_FILE "engine/cpu/attention_loops.inc"
#include "engine/cpu/loops_instantiate.h"

static void (*const attend_group_v[])(const attn_shape *, const kv_cache *, int, const float *, int, int, float *,
                                      float *, float *, int) = VARIANTS(attend_group);
static void (*const softmax_from_lse_v[])(float *, int, int, float, float) = VARIANTS(softmax_from_lse);
static float (*const softmax_causal_v[])(float *, int, int, float) = VARIANTS(softmax_causal);
static void (*const softmax_causal_backward_v[])(float *, const float *, int, int, float) =
    VARIANTS(softmax_causal_backward);

int cpu_attention_decode(backend *b, const attn_shape *c, kv_cache *kv, int layer, const float *q, const float *k,
                         const float *v, const int *seq, const int *pos, int T, float *out, int bf16) {
    int D = c->head_dim, H = c->heads, KVH = c->kv_heads, G = H / KVH, most = 0;
    long Q = (long)H * D, KV = (long)KVH * D;
    for (int t = 0; t < T; t++) {
        cache_store(c, &kv[seq[t]], layer, pos[t], k + t * KV, v + t * KV);
        most = pos[t] + 1 > most ? pos[t] + 1 : most;
    }
    size_t per_thread = (size_t)G * (size_t)(most + 1);   /* G scores per position, then G sums */
    float *scratch = cpu_scratch(b, (size_t)omp_get_max_threads() * per_thread * sizeof *scratch);
    if (!scratch) return -1;
#pragma omp parallel
    {
        float *score = scratch + (size_t)omp_get_thread_num() * per_thread, *sum = score + (size_t)G * most;
#pragma omp for collapse(2) schedule(dynamic, 4)
        for (int t = 0; t < T; t++)
            for (int h = 0; h < KVH; h++)
                CHOOSE(attend_group_v)(c, &kv[seq[t]], layer, q + t * Q + (long)h * G * D, h, pos[t] + 1, score, sum,
                             out + t * Q + (long)h * G * D, bf16);
    }
    return 0;
}

/* ---- training: whole sequences ---- */

/* Each (sequence, head) is taken ROWS query rows at a time: a block of rows [i0, i1) sees keys
 * [0, i1), so its products are made whole and masked (a little more than a triangle's multiplies,
 * at the speed of the blocked kernel), and a thread's scratch is two ROWS x lmax matrices -- linear
 * in the length, where whole L x L matrices would ask 643 GB for a 200k-token response. */
#define ROWS 64

size_t cpu_attention_scratch(const backend *b, int lmax) {
    (void)b;
    return (size_t)omp_get_max_threads() * 2 * ROWS * (size_t)lmax;
}

static float *thread_scratch(const attn_batch *x) {
    return x->scratch + (size_t)omp_get_thread_num() * 2 * ROWS * (size_t)x->lmax;
}

/* P's rows [i0, i1) for query head h of sequence s into p, each row i1 long (lse NULL: compute
 * the softmax and keep its log-sum-exp in keep). */
static void attention_probs(const attn_batch *x, float *p, const float *q, const float *k, int s, int h, int i0, int i1,
                            const float *lse, float *keep) {
    const attn_shape *c = &x->shape;
    int H = c->heads, D = c->head_dim, b = x->start[s];
    long Q = (long)H * D, KV = (long)c->kv_heads * D;
    float scale = 1.0f / sqrtf((float)D);
    gemm_f32_serial(p, i1, q + (long)(b + i0) * Q + (long)h * D, Q, 1, k + (long)b * KV + (long)(h / (H / c->kv_heads)) * D, 1,
                    KV, i1 - i0, i1, D, 0);   /* q K^T */
    for (int i = i0; i < i1; i++) {
        float *row = p + (long)(i - i0) * i1;
        if (lse) CHOOSE(softmax_from_lse_v)(row, i + 1, i1, scale, lse[(long)(b + i) * H + h]);
        else keep[(long)(b + i) * H + h] = CHOOSE(softmax_causal_v)(row, i + 1, i1, scale);
    }
}

void cpu_attention_forward(backend *be, const attn_batch *x, float *out, float *lse, const float *q, const float *k,
                           const float *v) {
    (void)be;
    const attn_shape *c = &x->shape;
    int H = c->heads, D = c->head_dim, G = H / c->kv_heads;
    long Q = (long)H * D, KV = (long)c->kv_heads * D;
#pragma omp parallel for collapse(2) schedule(dynamic)
    for (int s = 0; s < x->nseq; s++)
        for (int h = 0; h < H; h++) {
            int L = x->len[s], b = x->start[s];
            float *p = thread_scratch(x);
            for (int i0 = 0; i0 < L; i0 += ROWS) {
                int i1 = i0 + ROWS < L ? i0 + ROWS : L;
                attention_probs(x, p, q, k, s, h, i0, i1, NULL, lse);
                gemm_f32_serial(out + (long)(b + i0) * Q + (long)h * D, Q, p, i1, 1, v + (long)b * KV + (long)(h / G) * D, KV,
                                1, i1 - i0, D, i1, 0);
            }
        }
}

/* dV = P^T dO, dS = P (dP - rowsum(dP P)) s with dP = dO V^T, dQ = dS K, dK = dS^T Q, a block of
 * query rows at a time; a kv head's dK and dV sum over its query heads, so each task takes one
 * sequence and kv head with all its query heads. */
void cpu_attention_backward(backend *be, const attn_batch *x, float *dq, float *dk, float *dv, const float *dout,
                            const float *lse, const float *q, const float *k, const float *v) {
    (void)be;
    const attn_shape *c = &x->shape;
    int H = c->heads, KVH = c->kv_heads, D = c->head_dim, G = H / KVH;
    long Q = (long)H * D, KV = (long)KVH * D;
    float scale = 1.0f / sqrtf((float)D);
#pragma omp parallel for collapse(2) schedule(dynamic)
    for (int s = 0; s < x->nseq; s++)
        for (int kh = 0; kh < KVH; kh++) {
            int L = x->len[s], b = x->start[s];
            float *p = thread_scratch(x), *ds = p + (size_t)ROWS * (size_t)x->lmax;
            const float *ks = k + (long)b * KV + (long)kh * D, *vs = v + (long)b * KV + (long)kh * D;
            float *dks = dk + (long)b * KV + (long)kh * D, *dvs = dv + (long)b * KV + (long)kh * D;
            for (int h = kh * G; h < (kh + 1) * G; h++)
                for (int i0 = 0; i0 < L; i0 += ROWS) {
                    int i1 = i0 + ROWS < L ? i0 + ROWS : L, R = i1 - i0;
                    const float *doh = dout + (long)(b + i0) * Q + (long)h * D, *qh = q + (long)(b + i0) * Q + (long)h * D;
                    attention_probs(x, p, q, k, s, h, i0, i1, lse, NULL);
                    gemm_f32_serial(dvs, KV, p, 1, i1, doh, Q, 1, i1, D, R, 1);   /* dV += P^T dO */
                    gemm_f32_serial(ds, i1, doh, Q, 1, vs, 1, KV, R, i1, D, 0);   /* dP = dO V^T */
                    for (int i = i0; i < i1; i++)
                        CHOOSE(softmax_causal_backward_v)(ds + (long)(i - i0) * i1, p + (long)(i - i0) * i1, i + 1, i1, scale);
                    gemm_f32_serial(dq + (long)(b + i0) * Q + (long)h * D, Q, ds, i1, 1, ks, KV, 1, R, D, i1, 1);   /* dQ += dS K */
                    gemm_f32_serial(dks, KV, ds, 1, i1, qh, Q, 1, i1, D, R, 1);                                   /* dK += dS^T Q */
                }
        }
}
