/* attention.c -- the CPU backend's attention: decode over KV caches (inference), and whole causal
 * sequences with log-sum-exp kept for the backward pass (training).  The two round differently
 * (the decode softmax rounds BF16 models' probabilities as PyTorch does, training is FP32), so
 * each keeps its own softmax. */
#include "engine/cpu/cpu.h"

#include "engine/cpu/gemm.h"
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

/* s = exp(s * scale - max), rounded to BF16 after the sum for a BF16 model as PyTorch's CPU flash
 * attention does; returns the sum. */
HOT static float softmax_row(float *s, int n, float scale, int bf16) {
    float top = -INFINITY, total = 0;
#pragma omp simd reduction(max : top)
    for (int j = 0; j < n; j++) top = s[j] > top ? s[j] : top;
#pragma omp simd reduction(+ : total)
    for (int j = 0; j < n; j++) {
        s[j] = exp_nonpositive(s[j] * scale - top * scale);
        total += s[j];
    }
    if (bf16) round_row(s, n);
    return total;
}

/* The G query heads of one kv group, for one token, over its sequence's first n positions:
 * softmax(q K^T * scale) V into out.  score holds G x n, sum G. */
HOT static void attend_group(const attn_shape *c, const kv_cache *cache, int layer, const float *q, int kvh, int n,
                             float *score, float *sum, float *out, int bf16) {
    int D = c->head_dim, G = c->heads / c->kv_heads;
    float scale = 1.0f / sqrtf((float)D);
    const float *kt = key_columns(c, cache, layer, kvh);
    memset(score, 0, (size_t)G * n * sizeof *score);
    for (int d = 0; d < D; d++)
        for (int g = 0; g < G; g++) {
            float qd = q[g * D + d], *s = score + (size_t)g * n;
            const float *kd = kt + (size_t)d * cache->cap;
#pragma omp simd
            for (int j = 0; j < n; j++) s[j] += qd * kd[j];
        }
    for (int g = 0; g < G; g++) sum[g] = softmax_row(score + (size_t)g * n, n, scale, bf16);
    memset(out, 0, (size_t)G * D * sizeof *out);
    for (int j = 0; j < n; j++) {
        const float *v = value_row(c, cache, layer, j) + (size_t)kvh * D;
        for (int g = 0; g < G; g++) {
            float p = score[(size_t)g * n + j], *o = out + (size_t)g * D;
#pragma omp simd
            for (int d = 0; d < D; d++) o[d] += p * v[d];
        }
    }
    for (int g = 0; g < G; g++)
        for (int d = 0; d < D; d++) out[g * D + d] /= sum[g];
}

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
                attend_group(c, &kv[seq[t]], layer, q + t * Q + (long)h * G * D, h, pos[t] + 1, score, sum,
                             out + t * Q + (long)h * G * D, bf16);
    }
    return 0;
}

/* ---- training: whole sequences ---- */

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
        if (lse) softmax_from_lse(row, i + 1, i1, scale, lse[(long)(b + i) * H + h]);
        else keep[(long)(b + i) * H + h] = softmax_causal(row, i + 1, i1, scale);
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
                        softmax_causal_backward(ds + (long)(i - i0) * i1, p + (long)(i - i0) * i1, i + 1, i1, scale);
                    gemm_f32_serial(dq + (long)(b + i0) * Q + (long)h * D, Q, ds, i1, 1, ks, KV, 1, R, D, i1, 1);   /* dQ += dS K */
                    gemm_f32_serial(dks, KV, ds, 1, i1, qh, Q, 1, i1, D, R, 1);                                   /* dK += dS^T Q */
                }
        }
}
