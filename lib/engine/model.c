/* model.c -- Qwen2/Qwen3 config, weights, and the forward pass as a sequence of backend ops. */
#include "engine/model.h"

#include "core/errors.h"

#include <jansson.h>
#include <math.h>
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
    size_t vectors_used;   /* floats of m->vectors taken */
} binder;

/* Binds tensor `name` after checking it exists with the expected shape (rows, cols; cols 0 = 1-D). */
static int vbind(binder *b, weight *w, long rows, long cols, const char *fmt, va_list ap) {
    char name[160];
    vsnprintf(name, sizeof name, fmt, ap);
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

static int bind(binder *b, weight *w, long rows, long cols, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = vbind(b, w, rows, cols, fmt, ap);
    va_end(ap);
    return rc;
}

/* A vector of n, copied as floats into the model's vectors (which vectors_size counted). */
static int bind_vector(binder *b, const float **v, long n, const char *fmt, ...) {
    weight w;
    va_list ap;
    va_start(ap, fmt);
    int rc = vbind(b, &w, n, 0, fmt, ap);
    va_end(ap);
    if (rc) return -1;
    float *to = b->m->vectors + b->vectors_used;
    weight_read(w, 0, (size_t)n, to);
    b->vectors_used += (size_t)n;
    *v = to;
    return 0;
}

static size_t vectors_size(const model_config *c) {
    size_t Q = (size_t)c->heads * c->head_dim, KV = (size_t)c->kv_heads * c->head_dim;
    size_t per_layer = 2 * (size_t)c->dim + (c->qkv_bias ? Q + 2 * KV : 0) + (c->qk_norm ? 2 * (size_t)c->head_dim : 0);
    return per_layer * (size_t)c->layers + (size_t)c->dim;
}

static int bind_layer(binder *b, int i) {
    const model_config *c = &b->m->c;
    layer_weights *l = &b->m->w.layer[i];
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    const char *p = "model.layers";
    int rc = bind_vector(b, &l->attn_norm, C, "%s.%d.input_layernorm.weight", p, i) ||
             bind(b, &l->q, Q, C, "%s.%d.self_attn.q_proj.weight", p, i) ||
             bind(b, &l->k, KV, C, "%s.%d.self_attn.k_proj.weight", p, i) ||
             bind(b, &l->v, KV, C, "%s.%d.self_attn.v_proj.weight", p, i) ||
             bind(b, &l->o, C, Q, "%s.%d.self_attn.o_proj.weight", p, i) ||
             bind_vector(b, &l->mlp_norm, C, "%s.%d.post_attention_layernorm.weight", p, i) ||
             bind(b, &l->gate, F, C, "%s.%d.mlp.gate_proj.weight", p, i) ||
             bind(b, &l->up, F, C, "%s.%d.mlp.up_proj.weight", p, i) ||
             bind(b, &l->down, C, F, "%s.%d.mlp.down_proj.weight", p, i);
    if (!rc && c->qkv_bias)
        rc = bind_vector(b, &l->q_bias, Q, "%s.%d.self_attn.q_proj.bias", p, i) ||
             bind_vector(b, &l->k_bias, KV, "%s.%d.self_attn.k_proj.bias", p, i) ||
             bind_vector(b, &l->v_bias, KV, "%s.%d.self_attn.v_proj.bias", p, i);
    if (!rc && c->qk_norm)
        rc = bind_vector(b, &l->q_norm, c->head_dim, "%s.%d.self_attn.q_norm.weight", p, i) ||
             bind_vector(b, &l->k_norm, c->head_dim, "%s.%d.self_attn.k_norm.weight", p, i);
    return rc ? -1 : 0;
}

static int bind_all(model *m, const char *dir, char *err, size_t errlen) {
    binder b = {m, dir, err, errlen, 0};
    const model_config *c = &m->c;
    model_weights *w = &m->w;
    if (!(w->layer = calloc((size_t)c->layers, sizeof *w->layer)) || !(m->vectors = malloc(vectors_size(c) * sizeof(float))))
        return error_into(err, errlen, "out of memory");
    if (bind(&b, &w->embed, c->vocab, c->dim, "model.embed_tokens.weight") ||
        bind_vector(&b, &w->final_norm, c->dim, "model.norm.weight"))
        return -1;
    /* Tied models usually omit lm_head; an untied one must have it. */
    if (!c->tied || st_find(&m->files, "lm_head.weight")) {
        if (bind(&b, &w->lm_head, c->vocab, c->dim, "lm_head.weight")) return -1;
    } else w->lm_head = w->embed;
    m->bf16_acts = w->embed.dtype == ST_BF16;
    for (int i = 0; i < c->layers; i++)
        if (bind_layer(&b, i)) return -1;
    return 0;
}

/* The CPU backend reads the weights where the files are mapped; a GPU backend will upload them
 * here. */
int engine_open(model *m, const char *dir, const char *device, char *err, size_t errlen) {
    memset(m, 0, sizeof *m);
    char path[4096];
    snprintf(path, sizeof path, "%s/config.json", dir);
    json_error_t je;
    json_t *cfg = json_load_file(path, 0, &je);
    if (!cfg) return error_into(err, errlen, "%s: %s", path, je.text);
    int rc = parse_config(&m->c, cfg, path, err, errlen);
    json_decref(cfg);
    if (rc || !(m->be = backend_open(device, err, errlen)) || st_open(&m->files, dir, err, errlen) < 0 ||
        bind_all(m, dir, err, errlen) < 0) {
        engine_close(m);
        return -1;
    }
    return 0;
}

void engine_close(model *m) {
    st_close(&m->files);
    free(m->w.layer), free(m->vectors);
    if (m->be) be_free(m->be, m->work), backend_close(m->be);
    memset(m, 0, sizeof *m);
}

int kv_init(kv_cache *kv, const model *m, int capacity) {
    size_t n = (size_t)m->c.layers * (size_t)capacity * (size_t)m->c.kv_heads * (size_t)m->c.head_dim;
    kv->k = be_alloc(m->be, n * sizeof *kv->k);
    kv->v = be_alloc(m->be, n * sizeof *kv->v);
    kv->len = 0, kv->cap = capacity;
    if (kv->k && kv->v) return 0;
    kv_free(kv, m);
    return -1;
}

void kv_free(kv_cache *kv, const model *m) {
    be_free(m->be, kv->k), be_free(m->be, kv->v);
    kv->k = kv->v = NULL, kv->len = kv->cap = 0;
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

/* ---- one layer, and the stack (model.h says what inference and training each ask of them) ---- */

/* Training's products take FP32 weights and may round their operands; inference's read the file's
 * dtype and round their results for a BF16 model. */
static int layer_linear(const forward_pass *f, float *out, const float *x, weight W, long rows, long n,
                        const float *bias) {
    if (!f->batch) return be_linear(f->be, out, x, f->T, W, rows, n, bias, f->round_bf16);
    be_matmul_forward(f->be, out, x, W.data, bias, f->T, n, rows, f->bf16_products);
    return 0;
}

static void layer_round(const forward_pass *f, float *x, long n) {
    if (f->round_bf16) be_round_bf16(f->be, x, n);
}

/* Attention of q over k and v: through the KV caches, or within the stacked sequences. */
static int layer_attention(const forward_pass *f, int layer, const layer_io *io) {
    const model_config *c = f->c;
    if (f->batch) {
        be_attention_forward(f->be, f->batch, io->att, io->lse, io->q, io->k, io->v);
        return 0;
    }
    attn_shape shape = {c->heads, c->kv_heads, c->head_dim};
    if (be_attention_decode(f->be, &shape, f->kv, layer, io->q, io->k, io->v, f->seq, f->pos, f->T, io->att,
                            f->round_bf16) < 0)
        return -1;
    layer_round(f, io->att, (long)f->T * c->heads * c->head_dim);
    return 0;
}

/* act = silu(gate) * up: transformers' formula, rounded as a BF16 model rounds it, for inference;
 * the overflow-free sigmoid that training's backward pass differentiates, for training. */
static void layer_swiglu(const forward_pass *f, const layer_io *io, long n) {
    if (f->batch) be_swiglu_forward(f->be, io->act, io->gate, io->up, n);
    else be_silu_mul(f->be, io->gate, io->up, n, f->round_bf16);
}

/* x + o(attention(rope(norm(q)), rope(norm(k)), v)) then + down(silu(gate) * up), each from its norm */
static int layer_forward(const forward_pass *f, const layer_weights *w, int layer, const layer_io *io) {
    const model_config *c = f->c;
    backend *be = f->be;
    int T = f->T, bf = f->round_bf16;
    long C = c->dim, F = c->hidden, D = c->head_dim, Q = c->heads * D, KV = c->kv_heads * D;
    be_rmsnorm(be, io->h1, io->rstd1, io->x, w->attn_norm, T, C, c->norm_eps, bf);
    if (layer_linear(f, io->qraw, io->h1, w->q, Q, C, w->q_bias) || layer_linear(f, io->kraw, io->h1, w->k, KV, C, w->k_bias) ||
        layer_linear(f, io->v, io->h1, w->v, KV, C, w->v_bias))
        return -1;
    if (c->qk_norm) {
        be_rmsnorm(be, io->q, io->rq, io->qraw, w->q_norm, (long)T * c->heads, D, c->norm_eps, bf);
        be_rmsnorm(be, io->k, io->rk, io->kraw, w->k_norm, (long)T * c->kv_heads, D, c->norm_eps, bf);
    }
    be_rope(be, io->q, f->rope, T, c->heads, (int)D, 1, bf);
    be_rope(be, io->k, f->rope, T, c->kv_heads, (int)D, 1, bf);
    if (layer_attention(f, layer, io) || layer_linear(f, io->xm, io->att, w->o, C, Q, NULL)) return -1;
    be_add(be, io->xm, io->x, T * C);
    layer_round(f, io->xm, T * C);
    be_rmsnorm(be, io->h2, io->rstd2, io->xm, w->mlp_norm, T, C, c->norm_eps, bf);
    if (layer_linear(f, io->gate, io->h2, w->gate, F, C, NULL) || layer_linear(f, io->up, io->h2, w->up, F, C, NULL))
        return -1;
    layer_swiglu(f, io, T * F);
    if (layer_linear(f, io->out, io->act, w->down, C, F, NULL)) return -1;
    be_add(be, io->out, io->xm, T * C);
    layer_round(f, io->out, T * C);
    return 0;
}

int model_forward_layers(const forward_pass *f, const model_weights *w, const int32_t *ids, const layer_io *io,
                         int io_per_layer) {
    const model_config *c = f->c;
    be_gather_rows(f->be, io[0].x, w->embed, ids, f->T, c->dim);
    model_rope_table(c, f->pos, f->T, f->rope);
    layer_round(f, f->rope, (long)f->T * c->head_dim);   /* a BF16 model's cos and sin are BF16 */
    for (int l = 0; l < c->layers; l++)
        if (layer_forward(f, &w->layer[l], l, &io[io_per_layer ? l : 0]) < 0) return -1;
    return 0;
}

/* ---- inference ---- */

typedef struct {
    float *x, *h, *q, *k, *v, *att, *xm, *gate, *up;
    float *rope;            /* per token: cos, sin of each pair (model_rope_table) */
    int *seq, *pos;         /* per stacked token: its sequence and position */
    int32_t *ids;           /* per stacked token: its id */
} activations;

/* The activations of T stacked tokens, in the model's workspace: grown when a call needs more,
 * kept otherwise, so decoding allocates nothing per token. */
static int acts_take(model *m, activations *a, int T) {
    const model_config *c = &m->c;
    size_t C = (size_t)c->dim, Q = (size_t)c->heads * c->head_dim, KV = (size_t)c->kv_heads * c->head_dim;
    size_t n = (size_t)T * (3 * C + 2 * Q + 2 * KV + 2 * (size_t)c->hidden + (size_t)c->head_dim + 3);
    if (n > m->work_floats) {
        be_free(m->be, m->work);
        m->work = be_alloc(m->be, n * sizeof(float));
        m->work_floats = m->work ? n : 0;
        if (!m->work) return -1;
    }
    float *f = m->work;
#define TAKE(k) (f += (k), f - (k))
    a->x = TAKE(T * C), a->h = TAKE(T * C), a->q = TAKE(T * Q), a->k = TAKE(T * KV), a->v = TAKE(T * KV);
    a->att = TAKE(T * Q), a->xm = TAKE(T * C), a->gate = TAKE(T * (size_t)c->hidden), a->up = TAKE(T * (size_t)c->hidden);
    a->rope = TAKE(T * (size_t)c->head_dim);
    a->seq = (int *)TAKE(T), a->pos = (int *)TAKE(T), a->ids = (int32_t *)TAKE(T);   /* int and float are both 4 bytes */
#undef TAKE
    return 0;
}

int model_forward(model *m, kv_cache *kv, int nseq, const int32_t *const *tokens, const int *ntok, float *logits,
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
    if (acts_take(m, &a, T) < 0) return -1;
    long C = c->dim;
    for (int s = 0, t = 0; s < nseq; s++)
        for (int i = 0; i < ntok[s]; i++, t++) a.seq[t] = s, a.pos[t] = kv[s].len + i, a.ids[t] = tokens[s][i];
    forward_pass f = {m->be, c, T, a.pos, a.rope, m->bf16_acts, 0, kv, a.seq, NULL};
    /* One set of buffers for every layer, each result in place where nothing needs its input again. */
    layer_io io = {.x = a.x, .h1 = a.h, .qraw = a.q, .kraw = a.k, .q = a.q, .k = a.k, .v = a.v, .att = a.att, .xm = a.xm,
                   .h2 = a.h, .gate = a.gate, .up = a.up, .act = a.gate, .out = a.x};
    if (model_forward_layers(&f, &m->w, a.ids, &io, 0) < 0) return -1;
    /* The rows whose logits are wanted: every token's, or each sequence's last. */
    int rows = 0;
    for (int s = 0, t = 0; s < nseq; t += ntok[s], s++)
        for (int i = all_logits ? 0 : ntok[s] - 1; i < ntok[s] && i >= 0; i++)
            be_rmsnorm(m->be, a.h + (long)rows++ * C, NULL, a.x + (long)(t + i) * C, m->w.final_norm, 1, C, c->norm_eps,
                       m->bf16_acts);
    if (be_linear(m->be, logits, a.h, rows, m->w.lm_head, c->vocab, C, NULL, m->bf16_acts) < 0) return -1;
    for (int s = 0; s < nseq; s++) kv[s].len += ntok[s];
    return 0;
}
