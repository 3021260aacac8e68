/* model.c -- Qwen2/Qwen3 config, weights and the forward pass on the CPU (OpenMP). */
#include "engine/model.h"

#include "engine/bf16.h"
#include "core/errors.h"
#include "engine/cpu/gemm.h"
#include "engine/cpu/vec.h"

#include <jansson.h>
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading ---- */

/* An integer field in [lo, hi]; def when absent (def < 0: required). */
static int config_int(json_t *cfg, const char *key, long def, long lo, long hi, int *out, const char *path, char *err,
                      size_t errlen) {
    json_t *v = json_object_get(cfg, key);
    if (json_is_array(v)) v = json_array_get(v, 0);    /* eos_token_id may be a list: the first stops too */
    if ((!v || json_is_null(v)) && def >= 0) return *out = (int)def, 0;
    if (!json_is_integer(v)) return error_into(err, errlen, "%s: %s is %s", path, key, v ? "not an integer" : "missing");
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi) return error_into(err, errlen, "%s: %s = %lld is outside [%ld, %ld]", path, key, (long long)x, lo, hi);
    *out = (int)x;
    return 0;
}

static double config_real(json_t *cfg, const char *key, double def) {
    json_t *v = json_object_get(cfg, key);
    return json_is_number(v) ? json_number_value(v) : def;
}

static int parse_config(model_config *c, json_t *cfg, const char *path, char *err, size_t errlen) {
    const char *type = json_string_value(json_object_get(cfg, "model_type"));
    if (!type || (strcmp(type, "qwen2") && strcmp(type, "qwen3")))
        return error_into(err, errlen, "%s: model_type %s is not qwen2 or qwen3", path, type ? type : "(missing)");
    c->arch = !strcmp(type, "qwen3") ? ARCH_QWEN3 : ARCH_QWEN2;
    if (config_int(cfg, "vocab_size", -1, 1, 10000000, &c->vocab, path, err, errlen) ||
        config_int(cfg, "hidden_size", -1, 1, 65536, &c->dim, path, err, errlen) ||
        config_int(cfg, "intermediate_size", -1, 1, 1 << 20, &c->hidden, path, err, errlen) ||
        config_int(cfg, "num_hidden_layers", -1, 1, 1000, &c->layers, path, err, errlen) ||
        config_int(cfg, "num_attention_heads", -1, 1, 1024, &c->heads, path, err, errlen) ||
        config_int(cfg, "num_key_value_heads", c->heads, 1, c->heads, &c->kv_heads, path, err, errlen) ||
        config_int(cfg, "head_dim", c->dim / c->heads, 2, 4096, &c->head_dim, path, err, errlen) ||
        config_int(cfg, "bos_token_id", 151643, 0, c->vocab - 1, &c->bos, path, err, errlen) ||
        config_int(cfg, "eos_token_id", 151643, 0, c->vocab - 1, &c->eos, path, err, errlen) ||
        config_int(cfg, "max_position_embeddings", 32768, 1, 1 << 24, &c->max_positions, path, err, errlen))
        return -1;
    if (c->heads % c->kv_heads) return error_into(err, errlen, "%s: %d heads do not group into %d kv heads", path, c->heads, c->kv_heads);
    if (c->head_dim % 2) return error_into(err, errlen, "%s: head_dim %d is odd (RoPE rotates pairs)", path, c->head_dim);
    json_t *rope = json_object_get(cfg, "rope_parameters");
    c->rope_theta = (float)config_real(cfg, "rope_theta", config_real(rope, "rope_theta", 10000.0));
    c->norm_eps = (float)config_real(cfg, "rms_norm_eps", 1e-6);
    if (!(c->rope_theta > 1) || !(c->norm_eps > 0 && c->norm_eps < 1))
        return error_into(err, errlen, "%s: rope_theta %g or rms_norm_eps %g is absurd", path, c->rope_theta, c->norm_eps);
    json_t *scaling = json_object_get(cfg, "rope_scaling");
    if (scaling && !json_is_null(scaling)) return error_into(err, errlen, "%s: rope_scaling is not supported", path);
    c->tied = json_is_true(json_object_get(cfg, "tie_word_embeddings"));
    c->qkv_bias = c->arch == ARCH_QWEN2 || json_is_true(json_object_get(cfg, "attention_bias"));
    c->qk_norm = c->arch == ARCH_QWEN3;
    return 0;
}

typedef struct {
    model *m;
    const char *dir;
    char *err;
    size_t errlen;
} binder;

/* Binds tensor `name` after checking it exists with the expected shape (rows, cols; cols 0 = 1-D). */
static int bind(binder *b, weight *w, long rows, long cols, const char *fmt, ...) {
    char name[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    const st_tensor *t = st_find(&b->m->files, name);
    if (!t) return error_into(b->err, b->errlen, "%s: tensor %s is missing", b->dir, name);
    if (t->dtype != ST_F32 && t->dtype != ST_BF16 && t->dtype != ST_F16)
        return error_into(b->err, b->errlen, "%s: tensor %s is %s (F32, BF16 or F16 expected)", b->dir, name, st_dtype_name(t->dtype));
    int ndim = cols ? 2 : 1;
    if (t->ndim != ndim || t->shape[0] != rows || (cols && t->shape[1] != cols)) {
        char got[64] = "", want[64];
        for (int i = 0; i < t->ndim && i < 4; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%lld", i ? ", " : "", (long long)t->shape[i]);
        if (cols) snprintf(want, sizeof want, "%ld, %ld", rows, cols);
        else snprintf(want, sizeof want, "%ld", rows);
        return error_into(b->err, b->errlen, "%s: tensor %s has shape [%s], the config needs [%s]", b->dir, name, got, want);
    }
    if ((uintptr_t)t->data % st_dtype_size(t->dtype))
        return error_into(b->err, b->errlen, "%s: tensor %s is not aligned to its dtype in the file", b->dir, name);
    w->data = t->data, w->dtype = t->dtype;
    return 0;
}

static int bind_layer(binder *b, int i) {
    const model_config *c = &b->m->c;
    layer_weights *l = &b->m->layer[i];
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    const char *p = "model.layers";
    int rc = bind(b, &l->attn_norm, C, 0, "%s.%d.input_layernorm.weight", p, i) ||
             bind(b, &l->q, Q, C, "%s.%d.self_attn.q_proj.weight", p, i) ||
             bind(b, &l->k, KV, C, "%s.%d.self_attn.k_proj.weight", p, i) ||
             bind(b, &l->v, KV, C, "%s.%d.self_attn.v_proj.weight", p, i) ||
             bind(b, &l->o, C, Q, "%s.%d.self_attn.o_proj.weight", p, i) ||
             bind(b, &l->mlp_norm, C, 0, "%s.%d.post_attention_layernorm.weight", p, i) ||
             bind(b, &l->gate, F, C, "%s.%d.mlp.gate_proj.weight", p, i) ||
             bind(b, &l->up, F, C, "%s.%d.mlp.up_proj.weight", p, i) ||
             bind(b, &l->down, C, F, "%s.%d.mlp.down_proj.weight", p, i);
    if (!rc && c->qkv_bias)
        rc = bind(b, &l->q_bias, Q, 0, "%s.%d.self_attn.q_proj.bias", p, i) ||
             bind(b, &l->k_bias, KV, 0, "%s.%d.self_attn.k_proj.bias", p, i) ||
             bind(b, &l->v_bias, KV, 0, "%s.%d.self_attn.v_proj.bias", p, i);
    if (!rc && c->qk_norm)
        rc = bind(b, &l->q_norm, c->head_dim, 0, "%s.%d.self_attn.q_norm.weight", p, i) ||
             bind(b, &l->k_norm, c->head_dim, 0, "%s.%d.self_attn.k_norm.weight", p, i);
    return rc ? -1 : 0;
}

int model_load(model *m, const char *dir, char *err, size_t errlen) {
    memset(m, 0, sizeof *m);
    char path[4096];
    snprintf(path, sizeof path, "%s/config.json", dir);
    json_error_t je;
    json_t *cfg = json_load_file(path, 0, &je);
    if (!cfg) return error_into(err, errlen, "%s: %s", path, je.text);
    int rc = parse_config(&m->c, cfg, path, err, errlen);
    json_decref(cfg);
    if (rc || st_open(&m->files, dir, err, errlen) < 0) return -1;
    binder b = {m, dir, err, errlen};
    const model_config *c = &m->c;
    rc = bind(&b, &m->embed, c->vocab, c->dim, "model.embed_tokens.weight") ||
         bind(&b, &m->final_norm, c->dim, 0, "model.norm.weight");
    /* Tied models usually omit lm_head; an untied one must have it. */
    if (!rc && (!c->tied || st_find(&m->files, "lm_head.weight"))) rc = bind(&b, &m->lm_head, c->vocab, c->dim, "lm_head.weight");
    else m->lm_head = m->embed;
    m->bf16_acts = m->embed.dtype == ST_BF16;
    if (!rc && !(m->layer = calloc((size_t)c->layers, sizeof *m->layer))) rc = error_into(err, errlen, "out of memory");
    for (int i = 0; !rc && i < c->layers; i++) rc = bind_layer(&b, i);
    if (rc) model_free(m);
    return rc ? -1 : 0;
}

void model_free(model *m) {
    st_close(&m->files);
    free(m->layer);
    memset(m, 0, sizeof *m);
}

int kv_init(kv_cache *kv, const model_config *c, int capacity) {
    size_t n = (size_t)c->layers * (size_t)capacity * (size_t)c->kv_heads * (size_t)c->head_dim;
    kv->k = malloc(n * sizeof *kv->k);
    kv->v = malloc(n * sizeof *kv->v);
    kv->len = 0, kv->cap = capacity;
    if (kv->k && kv->v) return 0;
    kv_free(kv);
    return -1;
}

void kv_free(kv_cache *kv) {
    free(kv->k), free(kv->v);
    kv->k = kv->v = NULL, kv->len = kv->cap = 0;
}

/* ---- kernels ---- */

static float f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 31, man = h & 1023, u;
    if (exp == 31) u = sign | 0x7F800000u | man << 13;                        /* inf, NaN */
    else if (exp) u = sign | (exp + 112) << 23 | man << 13;                   /* normal */
    else if (!man) u = sign;                                                  /* zero */
    else {                                                                    /* subnormal: normalize */
        int e = -1;
        do man <<= 1, e++; while (!(man & 1024));
        u = sign | (uint32_t)(112 - e) << 23 | (man & 1023) << 13;
    }
    float f;
    memcpy(&f, &u, 4);
    return f;
}

void weight_read(weight w, size_t first, size_t n, float *out) {
    if (w.dtype == ST_F32) { memcpy(out, (const float *)w.data + first, (size_t)n * sizeof *out); return; }
    const uint16_t *p = (const uint16_t *)w.data + first;
    if (w.dtype == ST_BF16) for (size_t i = 0; i < n; i++) out[i] = bf16_to_f32(p[i]);
    else for (size_t i = 0; i < n; i++) out[i] = f16_to_f32(p[i]);
}

/* Round to the nearest bfloat16 (ties to even), kept as a float. */
static inline float round_bf16(float f) {
    uint32_t u, r;
    memcpy(&u, &f, 4);
    r = (u + 0x7fffu + ((u >> 16) & 1)) & 0xffff0000u;
    r = (u & 0x7fffffffu) > 0x7f800000u ? u : r;     /* NaN stays NaN; a select, so loops vectorize */
    memcpy(&f, &r, 4);
    return f;
}

/* A BF16 model's activations are BF16 in transformers: each op's result is rounded.  Doing the
 * same keeps our logits within BF16 noise of theirs instead of drifting a few ulps per layer. */
/* Element-wise passes run on all threads once there is enough to share (prefill). */
#define PRAGMA(x) _Pragma(#x)
#define ELEMENTWISE(n) PRAGMA(omp parallel for schedule(static) if ((n) >= 65536))

static inline void act_round_row(float *x, long n) {
#pragma omp simd
    for (long i = 0; i < n; i++) x[i] = round_bf16(x[i]);
}

HOT static void act_round(const model *m, float *x, long n) {
    if (!m->bf16_acts) return;
    ELEMENTWISE(n)
    for (long i = 0; i < n; i++) x[i] = round_bf16(x[i]);
}

/* out[t][r] = x[t] . W[r] (+ bias[r]) for T rows of x: W is [rows, n]; each thread expands one
 * weight row at a time and uses it for every token, so a weight is read once per call. */
static void matmul(float *out, const float *x, int T, weight w, long rows, long n, weight bias) {
#pragma omp parallel
    {
        float *row = malloc((size_t)n * sizeof *row), b = 0;
#pragma omp for schedule(static)
        for (long r = 0; r < rows; r++) {
            weight_read(w, (size_t)r * n, n, row);
            if (bias.data) weight_read(bias, r, 1, &b);
            for (int t = 0; t < T; t++) out[(long)t * rows + r] = vec_dot(x + (long)t * n, row, n) + b;
        }
        free(row);
    }
}

static void rmsnorm(const model *m, float *out, const float *x, weight w, long n) {
    float ss = vec_dot(x, x, n) / (float)n, scale = 1.0f / sqrtf(ss + m->c.norm_eps), wi;
    for (long i = 0; i < n; i++) {
        float xn = x[i] * scale;
        weight_read(w, i, 1, &wi);
        out[i] = m->bf16_acts ? round_bf16(wi * round_bf16(xn)) : wi * xn;   /* rounded before the weight too */
    }
}

#if defined(__x86_64__)
/* BF16 weights times BF16-valued activations with AVX512-BF16: vdpbf16ps multiplies 32 pairs and
 * accumulates in FP32, so with activations that are already BF16 (transformers' rounding, which we
 * keep) the products are exact and only the summation order differs from matmul().  Results are
 * stored rounded to BF16, as the activations they become.  The kernel
 * takes R <= 4 weight rows and two tokens at a time: up to eight independent accumulators hide the
 * instruction's latency, and each load feeds several products.  out is strided by rows. */
#define DP(acc, x, w) acc = _mm512_dpbf16_ps(acc, (__m512bh)(x), (__m512bh)(w))
#define LOAD(m, p) _mm512_maskz_loadu_epi16(m, p)
/* One token against one row: four accumulators over k so the products do not wait on each other. */
__attribute__((target("avx512f,avx512bw,avx512bf16"))) static float dot_bf16_avx512(const uint16_t *x,
                                                                                     const uint16_t *w, long n) {
    __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    long k = 0;
    for (; k + 128 <= n; k += 128) {
        DP(a0, _mm512_loadu_si512(x + k), _mm512_loadu_si512(w + k));
        DP(a1, _mm512_loadu_si512(x + k + 32), _mm512_loadu_si512(w + k + 32));
        DP(a2, _mm512_loadu_si512(x + k + 64), _mm512_loadu_si512(w + k + 64));
        DP(a3, _mm512_loadu_si512(x + k + 96), _mm512_loadu_si512(w + k + 96));
    }
    for (; k < n; k += 32) {
        __mmask32 m = n - k >= 32 ? (__mmask32)~0u : (__mmask32)((1u << (n - k)) - 1);
        DP(a0, LOAD(m, x + k), LOAD(m, w + k));
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

/* Two tokens against four rows: eight accumulators, and each load feeds two or four products. */
__attribute__((target("avx512f,avx512bw,avx512bf16"))) static void tile_bf16_avx512(
    float *out, long stride, const uint16_t *x0, const uint16_t *w, long n, const float *bias) {
    const uint16_t *x1 = x0 + n;
    __m512 a00 = _mm512_setzero_ps(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
    for (long k = 0; k < n; k += 32) {
        __mmask32 m = n - k >= 32 ? (__mmask32)~0u : (__mmask32)((1u << (n - k)) - 1);
        __m512i v0 = LOAD(m, x0 + k), v1 = LOAD(m, x1 + k), w0 = LOAD(m, w + k), w1 = LOAD(m, w + n + k);
        DP(a00, v0, w0), DP(a01, v1, w0), DP(a10, v0, w1), DP(a11, v1, w1);
        __m512i w2 = LOAD(m, w + 2 * n + k), w3 = LOAD(m, w + 3 * n + k);
        DP(a20, v0, w2), DP(a21, v1, w2), DP(a30, v0, w3), DP(a31, v1, w3);
    }
    __m512 acc[4][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}};
    for (int r = 0; r < 4; r++)
        for (int t = 0; t < 2; t++) out[t * stride + r] = round_bf16(_mm512_reduce_add_ps(acc[r][t]) + bias[r]);
}

/* R <= 4 weight rows against T tokens; out is strided by rows. */
static void rows_bf16_avx512(float *out, long stride, const uint16_t *xb, int T, const uint16_t *w, int R, long n,
                             const float *bias) {
    int t = 0;
    if (R == 4)
        for (; t + 2 <= T; t += 2) tile_bf16_avx512(out + (long)t * stride, stride, xb + (long)t * n, w, n, bias);
    for (; t < T; t++)
        for (int r = 0; r < R; r++)
            out[(long)t * stride + r] = round_bf16(dot_bf16_avx512(xb + (long)t * n, w + r * n, n) + bias[r]);
}
#undef LOAD
#undef DP

/* T rows of n BF16-valued floats as BF16 bits, each row dst_stride apart (the top halves: exact,
 * since the activations were rounded to BF16 already). */
static void bf16_rows(uint16_t *dst, long dst_stride, const float *x, int T, long n) {
    for (int t = 0; t < T; t++)
        for (long k = 0; k < n; k++) {
            uint32_t u;
            memcpy(&u, &x[(long)t * n + k], 4);
            dst[(long)t * dst_stride + k] = (uint16_t)(u >> 16);
        }
}

/* AMX: C[16 tokens x 16 rows] += A[16 x 32] . B[32 x 16] per TDPBF16PS, B in the VNNI layout (pairs
 * of k side by side).  Used for prefill, where a weight block is reused by many tokens; the
 * products are exact as in the AVX512-BF16 path, and so is the FP32 accumulation. */

/* The tokens of X (Tp rows of n BF16 values, n % 32 == 0) as B tiles: for each 16 tokens and each k
 * block of 32, 16 pairs of k x 16 tokens -- a pair of k being 4 contiguous bytes of one token, each
 * tile is a 16 x 16 transpose.  Packing X rather than W costs T x n instead of rows x n per call, and
 * lets the weights be A tiles read straight from the file. */
static void amx_pack_x(uint32_t *xp, const float *x, int T, long n) {
    long nkb = n / 32;
#pragma omp parallel
    {
        uint16_t *xb = calloc((size_t)16 * (size_t)n, sizeof *xb);   /* 16 tokens as BF16, zero past T */
#pragma omp for schedule(static)
        for (int t0 = 0; t0 < T; t0 += 16) {
            int tn = T - t0 < 16 ? T - t0 : 16;
            bf16_rows(xb, n, x + (long)t0 * n, tn, n);
            for (long kb = 0; kb < nkb; kb++) amx_transpose16((const uint32_t *)(xb + kb * 32), n / 2, xp + (t0 / 16 * nkb + kb) * 256);
        }
        free(xb);
    }
}

/* out[t][r..r+32) for every token: C = W[r..r+32) X^T in 16 x 16 tiles, 2 row tiles x 2 token tiles,
 * then stored transposed (plus bias, rounded to BF16). */
__attribute__((target("amx-tile,amx-bf16,avx512f,avx512bw,avx512bf16"))) static void amx_block(
    float *out, long stride, const uint32_t *xp, int Tp, const uint16_t *w, long n, int valid_t, int valid_r,
    const float *bias) {
    amx_configure();
    float c[4][16 * 16];
    long nkb = n / 32;
    int two_r = valid_r > 16;
    for (int t0 = 0; t0 < Tp; t0 += 32) {
        int two_t = t0 + 16 < Tp;
        const uint32_t *x0 = xp + (long)t0 / 16 * nkb * 256, *x1 = x0 + nkb * 256;
        _tile_zero(0);
        _tile_zero(1);
        _tile_zero(2);
        _tile_zero(3);
        for (long kb = 0; kb < nkb; kb++) {
            _tile_loadd(4, w + kb * 32, n * 2);
            _tile_loadd(6, x0 + kb * 256, 64);
            _tile_dpbf16ps(0, 4, 6);
            if (two_r) {
                _tile_loadd(5, w + 16 * n + kb * 32, n * 2);
                _tile_dpbf16ps(2, 5, 6);
            }
            if (two_t) {
                _tile_loadd(7, x1 + kb * 256, 64);
                _tile_dpbf16ps(1, 4, 7);
                if (two_r) _tile_dpbf16ps(3, 5, 7);
            }
        }
        _tile_stored(0, c[0], 64);
        _tile_stored(1, c[1], 64);
        _tile_stored(2, c[2], 64);
        _tile_stored(3, c[3], 64);
        for (int q = 0; q < 4; q++) {   /* c[q][i][j]: row (q >> 1) * 16 + i, token t0 + (q & 1) * 16 + j */
            int r0 = (q >> 1) * 16, tq = t0 + (q & 1) * 16;
            if (r0 >= valid_r) continue;
            float ct[16 * 16];
            amx_transpose16((const uint32_t *)c[q], 16, (uint32_t *)ct);
            __mmask16 keep = valid_r - r0 >= 16 ? 0xffff : (__mmask16)((1u << (valid_r - r0)) - 1);
            __m512 b = _mm512_loadu_ps(bias + r0);
            for (int j = 0; j < 16 && tq + j < valid_t; j++) {   /* + bias, rounded to BF16 (RNE) */
                __m512 y = _mm512_add_ps(_mm512_loadu_ps(ct + j * 16), b);
                __m512i h = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(y));
                _mm512_mask_storeu_ps(out + (long)(tq + j) * stride + r0, keep, _mm512_castsi512_ps(_mm512_slli_epi32(h, 16)));
            }
        }
    }
    _tile_release();
}

/* AMX prefill; W's rows a multiple of 16 and its columns of 32, which Qwen's shapes are. */
static void matmul_bf16_amx(float *out, const float *x, int T, weight w, long rows, long n, weight bias) {
    int Tp = (T + 15) / 16 * 16;
    uint32_t *xp = malloc((size_t)Tp * (size_t)n * sizeof(uint16_t));
    if (!xp) { matmul(out, x, T, w, rows, n, bias); return; }
    amx_pack_x(xp, x, T, n);
#pragma omp parallel for schedule(static)
    for (long r = 0; r < rows; r += 32) {
        float bb[32] = {0};
        int valid_r = rows - r < 32 ? (int)(rows - r) : 32;
        for (int i = 0; i < valid_r && bias.data; i++) weight_read(bias, r + i, 1, &bb[i]);
        amx_block(out + r, rows, xp, Tp, (const uint16_t *)w.data + r * n, n, T, valid_r, bb);
    }
    free(xp);
}

static void matmul_bf16_avx512(float *out, const float *x, int T, weight w, long rows, long n, weight bias) {
    uint16_t *xb = malloc((size_t)T * (size_t)n * sizeof *xb);
    if (!xb) { matmul(out, x, T, w, rows, n, bias); return; }
    bf16_rows(xb, n, x, T, n);
    /* Tokens in blocks small enough that their activations stay in cache while every row passes. */
    int block = (int)(((size_t)256 << 10) / ((size_t)n * sizeof *xb));
    block = block < 2 ? 2 : block;
    for (int t0 = 0; t0 < T; t0 += block) {
        int tn = T - t0 < block ? T - t0 : block;
#pragma omp parallel for schedule(static)
        for (long r = 0; r < rows; r += 4) {
            int R = rows - r < 4 ? (int)(rows - r) : 4;
            float b[4] = {0};
            for (int i = 0; i < R && bias.data; i++) weight_read(bias, r + i, 1, &b[i]);
            rows_bf16_avx512(out + (long)t0 * rows + r, rows, xb + (long)t0 * n, tn, (const uint16_t *)w.data + r * n,
                             R, n, b);
        }
    }
    free(xb);
}
#endif

/* y = x W^T (+ b), rounded as the model's activations are. */
static void linear(const model *m, float *out, const float *x, int T, weight w, long rows, long n, weight bias) {
#if defined(__x86_64__)
    static int has_bf16 = -1;
    if (has_bf16 < 0) has_bf16 = __builtin_cpu_supports("avx512bf16");
    if (has_bf16 && m->bf16_acts && w.dtype == ST_BF16) {   /* these kernels round what they store */
        if (T >= 32 && rows % 16 == 0 && n % 32 == 0 && amx_ready()) matmul_bf16_amx(out, x, T, w, rows, n, bias);
        else matmul_bf16_avx512(out, x, T, w, rows, n, bias);
        return;
    }
#endif
    matmul(out, x, T, w, rows, n, bias);
    act_round(m, out, (long)T * rows);
}

/* RoPE, rotate-half layout: pairs (i, i + D/2) turned by pos * theta^(-2i/D).  cs holds the
 * token's cos and sin (model_rope_table); a BF16 model rounds them and each product and sum, as
 * transformers does. */
static void rope(const model *m, float *x, const float *cs) {
    int half = m->c.head_dim / 2, bf = m->bf16_acts;
    for (int i = 0; i < half; i++) {
        float c = cs[2 * i], s = cs[2 * i + 1], x0 = x[i], x1 = x[i + half];
        if (!bf) {
            x[i] = x0 * c - x1 * s;
            x[i + half] = x1 * c + x0 * s;
            continue;
        }
        x[i] = round_bf16(round_bf16(x0 * c) - round_bf16(x1 * s));
        x[i + half] = round_bf16(round_bf16(x1 * c) + round_bf16(x0 * s));
    }
}

void model_rope_table(const model_config *c, const int *pos, int T, float *cs) {
    int D = c->head_dim;
    for (int i = 0; i < D / 2; i++) {
        float inv = 1.0f / powf(c->rope_theta, (float)(2 * i) / (float)D);
        for (int t = 0; t < T; t++) {
            float a = (float)pos[t] * inv;
            cs[((size_t)t * (D / 2) + i) * 2] = cosf(a);
            cs[((size_t)t * (D / 2) + i) * 2 + 1] = sinf(a);
        }
    }
}

/* ---- forward ---- */

typedef struct {
    float *x, *h, *q, *k, *v, *att, *gate, *up;
    float *rope;            /* per token: cos, sin of each pair (model_rope_table) */
    int *seq, *pos;         /* per stacked token: its sequence and position */
} activations;

static void acts_free(activations *a) {
    free(a->x), free(a->h), free(a->q), free(a->k), free(a->v), free(a->att), free(a->gate), free(a->up), free(a->rope);
    free(a->seq), free(a->pos);
}

static int acts_alloc(activations *a, const model_config *c, int T) {
    size_t Q = (size_t)c->heads * c->head_dim, KV = (size_t)c->kv_heads * c->head_dim;
    memset(a, 0, sizeof *a);
    a->x = malloc(T * (size_t)c->dim * sizeof(float));
    a->h = malloc(T * (size_t)c->dim * sizeof(float));
    a->q = malloc(T * Q * sizeof(float));
    a->k = malloc(T * KV * sizeof(float));
    a->v = malloc(T * KV * sizeof(float));
    a->att = malloc(T * Q * sizeof(float));
    a->gate = malloc(T * (size_t)c->hidden * sizeof(float));
    a->up = malloc(T * (size_t)c->hidden * sizeof(float));
    a->seq = malloc(T * sizeof(int));
    a->pos = malloc(T * sizeof(int));
    a->rope = malloc(T * (size_t)c->head_dim * sizeof(float));
    if (a->x && a->h && a->q && a->k && a->v && a->att && a->gate && a->up && a->seq && a->pos && a->rope) return 0;
    acts_free(a);
    return -1;
}

/* The cache keeps values by position ([layers][cap][kv_heads * head_dim]) and keys transposed,
 * [layers][kv_heads][head_dim][cap], so a query's scores come out for many positions at once. */
static float *value_row(const model_config *c, const kv_cache *kv, int layer, int pos) {
    return kv->v + ((size_t)layer * kv->cap + (size_t)pos) * (size_t)c->kv_heads * c->head_dim;
}

static float *key_columns(const model_config *c, const kv_cache *kv, int layer, int kvh) {
    return kv->k + ((size_t)layer * c->kv_heads + (size_t)kvh) * c->head_dim * kv->cap;
}

static void cache_store(const model_config *c, kv_cache *kv, int layer, int pos, const float *k, const float *v) {
    int D = c->head_dim;
    for (int h = 0; h < c->kv_heads; h++) {
        float *kt = key_columns(c, kv, layer, h) + pos;
        for (int d = 0; d < D; d++) kt[(size_t)d * kv->cap] = k[h * D + d];
    }
    memcpy(value_row(c, kv, layer, pos), v, (size_t)c->kv_heads * D * sizeof *v);
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
    if (bf16) act_round_row(s, n);
    return total;
}

/* The G query heads of one kv group, for one token, over its sequence's first n positions:
 * softmax(q K^T * scale) V into out.  score holds G x n, sum G. */
HOT static void attend_group(const model *m, const kv_cache *cache, int layer, const float *q, int kvh, int n,
                             float *score, float *sum, float *out) {
    const model_config *c = &m->c;
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
    for (int g = 0; g < G; g++) sum[g] = softmax_row(score + (size_t)g * n, n, scale, m->bf16_acts);
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

/* Causal attention of every new token over its own sequence's cache (which already holds it). */
static void attention(const model *m, kv_cache *kv, int layer, activations *a, int T) {
    int D = m->c.head_dim, H = m->c.heads, KVH = m->c.kv_heads, G = H / KVH;
#pragma omp parallel
    {
        int most = 0;
        for (int t = 0; t < T; t++) most = a->pos[t] + 1 > most ? a->pos[t] + 1 : most;
        float *score = malloc((size_t)G * (most + 1) * sizeof *score), *sum = score + (size_t)G * most;
#pragma omp for collapse(2) schedule(dynamic, 4)
        for (int t = 0; t < T; t++)
            for (int h = 0; h < KVH; h++)
                attend_group(m, &kv[a->seq[t]], layer, a->q + ((size_t)t * H + h * G) * D, h, a->pos[t] + 1, score, sum,
                             a->att + ((size_t)t * H + h * G) * D);
        free(score);
    }
}

static void layer_forward(const model *m, kv_cache *kv, int li, activations *a, int T) {
    const model_config *c = &m->c;
    const layer_weights *l = &m->layer[li];
    long C = c->dim, F = c->hidden, D = c->head_dim, Q = c->heads * D, KV = c->kv_heads * D;
    weight none = {0};
    ELEMENTWISE(T * C)
    for (int t = 0; t < T; t++) rmsnorm(m, a->h + t * C, a->x + t * C, l->attn_norm, C);
    linear(m, a->q, a->h, T, l->q, Q, C, c->qkv_bias ? l->q_bias : none);
    linear(m, a->k, a->h, T, l->k, KV, C, c->qkv_bias ? l->k_bias : none);
    linear(m, a->v, a->h, T, l->v, KV, C, c->qkv_bias ? l->v_bias : none);
    ELEMENTWISE(T * Q)
    for (int t = 0; t < T; t++) {
        for (int h = 0; h < c->heads; h++) {
            float *q = a->q + t * Q + h * D;
            if (c->qk_norm) rmsnorm(m, q, q, l->q_norm, D);
            rope(m, q, a->rope + (size_t)t * D);
        }
        for (int h = 0; h < c->kv_heads; h++) {
            float *k = a->k + t * KV + h * D;
            if (c->qk_norm) rmsnorm(m, k, k, l->k_norm, D);
            rope(m, k, a->rope + (size_t)t * D);
        }
        cache_store(c, &kv[a->seq[t]], li, a->pos[t], a->k + t * KV, a->v + t * KV);
    }
    attention(m, kv, li, a, T);
    act_round(m, a->att, T * Q);
    linear(m, a->h, a->att, T, l->o, C, Q, none);
    ELEMENTWISE(T * C)
    for (long i = 0; i < T * C; i++) a->x[i] += a->h[i];
    act_round(m, a->x, T * C);
    ELEMENTWISE(T * C)
    for (int t = 0; t < T; t++) rmsnorm(m, a->h + t * C, a->x + t * C, l->mlp_norm, C);
    linear(m, a->gate, a->h, T, l->gate, F, C, none);
    linear(m, a->up, a->h, T, l->up, F, C, none);
    ELEMENTWISE(T * F)
    for (long i = 0; i < T * F; i++) a->gate[i] = a->gate[i] / (1.0f + expf(-a->gate[i]));
    act_round(m, a->gate, T * F);
    ELEMENTWISE(T * F)
    for (long i = 0; i < T * F; i++) a->gate[i] *= a->up[i];
    act_round(m, a->gate, T * F);
    linear(m, a->h, a->gate, T, l->down, C, F, none);
    ELEMENTWISE(T * C)
    for (long i = 0; i < T * C; i++) a->x[i] += a->h[i];
    act_round(m, a->x, T * C);
}

int model_forward(const model *m, kv_cache *kv, int nseq, const int32_t *const *tokens, const int *ntok, float *logits,
                  int all_logits) {
    const model_config *c = &m->c;
    int T = 0;
    for (int s = 0; s < nseq; s++) {
        if (ntok[s] < 0 || kv[s].len + ntok[s] > kv[s].cap) return -1;
        for (int i = 0; i < ntok[s]; i++)
            if (tokens[s][i] < 0 || tokens[s][i] >= c->vocab) return -1;
        T += ntok[s];
    }
    if (!T) return 0;
    activations a;
    if (acts_alloc(&a, c, T) < 0) return -1;
    long C = c->dim;
    for (int s = 0, t = 0; s < nseq; s++)
        for (int i = 0; i < ntok[s]; i++, t++) {
            a.seq[t] = s, a.pos[t] = kv[s].len + i;
            weight_read(m->embed, (size_t)tokens[s][i] * C, C, a.x + t * C);
        }
    model_rope_table(c, a.pos, T, a.rope);
    act_round(m, a.rope, (long)T * c->head_dim);   /* a BF16 model's cos and sin are BF16 */
    for (int l = 0; l < c->layers; l++) layer_forward(m, kv, l, &a, T);
    /* The rows whose logits are wanted: every token's, or each sequence's last. */
    int rows = 0;
    for (int s = 0, t = 0; s < nseq; t += ntok[s], s++)
        for (int i = all_logits ? 0 : ntok[s] - 1; i < ntok[s] && i >= 0; i++)
            rmsnorm(m, a.h + (long)rows++ * C, a.x + (long)(t + i) * C, m->final_norm, C);
    weight none = {0};
    linear(m, logits, a.h, rows, m->lm_head, c->vocab, C, none);
    for (int s = 0; s < nseq; s++) kv[s].len += ntok[s];
    acts_free(&a);
    return 0;
}
