/* train.c -- FP32 forward and backward of Qwen2/Qwen3 under GRPO's loss (formulas:
 * reference/qwen-models.md §8), as a sequence of backend ops (backend.h).  The forward pass is
 * inference's (model_forward_layers), run on the FP32 master weights with every layer's
 * activations kept; the backward pass walks it in reverse.  Every backward op
 * accumulates (+=) into its gradients, and gives each output element to one thread, so results do
 * not depend on scheduling: the same inputs give the same bits for a given thread count. */
#include "train/train.h"

#include "core/errors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters ---- */

float *train_alloc(train_model *t, size_t n) { return be_alloc(t->be, n * sizeof(float)); }

void train_free(train_model *t, float *p) {
    if (t->be) be_free(t->be, p);
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

static weight f32(const float *x) { return (weight){x, ST_F32}; }

/* t->fw: the parameters as model_weights, for the forward pass inference shares. */
static void forward_view(train_model *t) {
    const train_params *p = &t->p;
    t->fw = (model_weights){f32(p->embed), f32(p->lm_head), p->final_norm, t->fw.layer};
    for (int i = 0; i < t->c.layers; i++) {
        const train_layer *l = &p->layer[i];
        t->fw.layer[i] = (layer_weights){f32(l->q), f32(l->k), f32(l->v), f32(l->o), f32(l->gate), f32(l->up), f32(l->down),
                                         l->attn_norm, l->mlp_norm, l->q_norm, l->k_norm, l->q_bias, l->k_bias, l->v_bias};
    }
}

int train_model_init(train_model *t, const model *m, char *err, size_t errlen) {
    memset(t, 0, sizeof *t);
    t->c = m->c;
    t->dtype = m->w.embed.dtype;
    t->be = backend_ref(m->be);
    t->tensor = calloc((size_t)(4 + 14 * t->c.layers), sizeof *t->tensor);
    t->p.layer = calloc((size_t)t->c.layers, sizeof *t->p.layer);
    t->g.layer = calloc((size_t)t->c.layers, sizeof *t->g.layer);
    t->fw.layer = calloc((size_t)t->c.layers, sizeof *t->fw.layer);
    if (!t->tensor || !t->p.layer || !t->g.layer || !t->fw.layer) goto oom;
    train_views(t, NULL, &t->p);   /* counts */
    t->w = train_alloc(t, t->nparams);
    t->grad = train_alloc(t, t->nparams);
    if (!t->w || !t->grad) goto oom;
    train_views(t, t->w, &t->p);
    train_views(t, t->grad, &t->g);
    forward_view(t);
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
    train_free(t, t->work);
    t->work = NULL, t->work_floats = 0;
}

void train_model_free(train_model *t) {
    train_free(t, t->w), train_free(t, t->grad), train_free(t, t->work);
    free(t->tensor), free(t->p.layer), free(t->g.layer), free(t->fw.layer);
    if (t->be) backend_close(t->be);
    memset(t, 0, sizeof *t);
}

/* ---- the network ---- */

typedef struct {
    layer_io *l;
    float *xf, *rstdf, *hf;   /* the final residual, its norm */
    float *rope;
    int *start, *pos;
    int32_t *ids;             /* every stacked token */
    attn_batch attn;
} acts;

/* n floats of t's workspace, kept from one micro-batch (and step) to the next: freeing and
 * allocating gigabytes each time costs as much in page faults as a good part of the step. */
static float *workspace(train_model *t, size_t n) {
    if (n > t->work_floats) {
        train_free(t, t->work);
        t->work = train_alloc(t, n);
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
    a->ids = malloc((size_t)T * sizeof *a->ids);
    if (!a->l || !a->start || !a->pos || !a->ids) return -1;
    int lmax = 0;
    for (int s = 0, t = 0; s < b->nseq; t += b->len[s++]) {
        a->start[s] = t, lmax = b->len[s] > lmax ? b->len[s] : lmax;
        for (int i = 0; i < b->len[s]; i++) a->pos[t + i] = i, a->ids[t + i] = b->tokens[s][i];
    }
    int qk = c->qk_norm;
    long normed = qk ? Q + KV + c->heads + c->kv_heads : 0;   /* q, k past their norms, and the norms' rstd */
    size_t per_layer = (size_t)T * (size_t)(C * 4 + 2 + Q * 2 + KV * 2 + normed + KV + F * 3 + c->heads);
    size_t scratch = be_attention_scratch(t->be, lmax);
    size_t total = per_layer * (size_t)c->layers + (size_t)T * (size_t)(2 * C + 1 + c->head_dim) + scratch;
    float *m = workspace(t, total + extra);
    if (!m) return -1;
#define TAKE(n) (m += (n), m - (n))
    for (int i = 0; i < c->layers; i++) {
        layer_io *l = &a->l[i];
        l->x = TAKE(T * C), l->rstd1 = TAKE(T), l->h1 = TAKE(T * C);
        l->qraw = TAKE(T * Q), l->kraw = TAKE(T * KV);
        l->rq = qk ? TAKE((long)T * c->heads) : NULL, l->rk = qk ? TAKE((long)T * c->kv_heads) : NULL;
        l->q = qk ? TAKE(T * Q) : l->qraw, l->k = qk ? TAKE(T * KV) : l->kraw;
        l->v = TAKE(T * KV), l->lse = TAKE((long)T * c->heads), l->att = TAKE(T * Q);
        l->xm = TAKE(T * C), l->rstd2 = TAKE(T), l->h2 = TAKE(T * C);
        l->gate = TAKE(T * F), l->up = TAKE(T * F), l->act = TAKE(T * F);
    }
    a->xf = TAKE(T * C), a->rstdf = TAKE(T), a->hf = TAKE(T * C), a->rope = TAKE((long)T * c->head_dim);
    a->attn = (attn_batch){{c->heads, c->kv_heads, c->head_dim}, b->nseq, lmax, a->start, b->len, TAKE(scratch)};
#undef TAKE
    for (int i = 0; i < c->layers; i++) a->l[i].out = i + 1 < c->layers ? a->l[i + 1].x : a->xf;
    *rest = m;
    return 0;
}

static void acts_free(acts *a) {
    free(a->l), free(a->start), free(a->pos), free(a->ids);
}

typedef struct {
    float *dx, *dh, *dq, *dk, *dv, *datt, *dgate, *dup;
} grads_scratch;

/* d (the gradient of rows of per-head norm outputs) becomes the gradient of their inputs x, through
 * scratch of the same size; dw += the norm weight's. */
static void head_norm_backward(const train_model *t, float *d, float *scratch, float *dw, const float *x, const float *w, const float *rstd,
                               long rows, long D) {
    memset(scratch, 0, (size_t)(rows * D) * sizeof(float));
    be_rmsnorm_backward(t->be, scratch, dw, d, x, w, rstd, rows, D);
    memcpy(d, scratch, (size_t)(rows * D) * sizeof(float));
}

/* dx: the gradient of this layer's output on entry, of its input on return. */
static void layer_backward(const train_model *t, const train_layer *w, train_layer *g, const layer_io *l,
                           grads_scratch *s, const acts *a, int T) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, D = c->head_dim, Q = c->heads * D, KV = c->kv_heads * D;
    /* MLP: x_out = xm + down(silu(gate) * up) */
    memset(s->dgate, 0, (size_t)T * F * sizeof(float));
    be_matmul_backward(t->be, s->dgate, g->down, NULL, s->dx, l->act, w->down, T, F, C, t->bf16_compute);   /* dgate holds d act for now */
    be_swiglu_backward(t->be, s->dgate, s->dup, l->gate, l->up, T * F);
    memset(s->dh, 0, (size_t)T * C * sizeof(float));
    be_matmul_backward(t->be, s->dh, g->gate, NULL, s->dgate, l->h2, w->gate, T, C, F, t->bf16_compute);
    be_matmul_backward(t->be, s->dh, g->up, NULL, s->dup, l->h2, w->up, T, C, F, t->bf16_compute);
    be_rmsnorm_backward(t->be, s->dx, g->mlp_norm, s->dh, l->xm, w->mlp_norm, l->rstd2, T, C);   /* dx is now d xm */
    /* attention: xm = x + o(attn(rope(norm(q)), rope(norm(k)), v)) */
    memset(s->datt, 0, (size_t)T * Q * sizeof(float));
    be_matmul_backward(t->be, s->datt, g->o, NULL, s->dx, l->att, w->o, T, Q, C, t->bf16_compute);
    memset(s->dq, 0, (size_t)T * Q * sizeof(float));
    memset(s->dk, 0, (size_t)T * KV * sizeof(float));
    memset(s->dv, 0, (size_t)T * KV * sizeof(float));
    be_attention_backward(t->be, &a->attn, s->dq, s->dk, s->dv, s->datt, l->lse, l->q, l->k, l->v);
    be_rope(t->be, s->dq, a->rope, T, c->heads, (int)D, -1, 0);
    be_rope(t->be, s->dk, a->rope, T, c->kv_heads, (int)D, -1, 0);
    if (c->qk_norm) {   /* back through the per-head norms, by way of datt (free now) */
        head_norm_backward(t, s->dq, s->datt, g->q_norm, l->qraw, w->q_norm, l->rq, (long)T * c->heads, D);
        head_norm_backward(t, s->dk, s->datt, g->k_norm, l->kraw, w->k_norm, l->rk, (long)T * c->kv_heads, D);
    }
    memset(s->dh, 0, (size_t)T * C * sizeof(float));
    be_matmul_backward(t->be, s->dh, g->q, g->q_bias, s->dq, l->h1, w->q, T, C, Q, t->bf16_compute);
    be_matmul_backward(t->be, s->dh, g->k, g->k_bias, s->dk, l->h1, w->k, T, C, KV, t->bf16_compute);
    be_matmul_backward(t->be, s->dh, g->v, g->v_bias, s->dv, l->h1, w->v, T, C, KV, t->bf16_compute);
    be_rmsnorm_backward(t->be, s->dx, g->attn_norm, s->dh, l->x, w->attn_norm, l->rstd1, T, C);
}

/* The loss head over response tokens, ROWS at a time: logits of the positions that predict each
 * response token, their log-softmax at temperature tau, entropy, GRPO's per-token derivatives, and
 * back: dhf += dz W, dW += dz^T hf.  ROWS x vocab floats at a time (150 MB for Qwen's vocabulary)
 * keeps the passes over the [vocab x dim] head matrix few. */
#define ROWS 256

/* The response tokens of a micro-batch, in order: for each, the stacked position whose logits
 * predict it, the token, and its sequence and place in the response. */
typedef struct {
    int32_t *row, *target;
    int *seq, *j;
} head_rows_of;

/* What the head keeps per row of a block, ROWS at most. */
typedef struct {
    double lse[ROWS], pz[ROWS];
    float logp[ROWS], entropy[ROWS], dlogp[ROWS], dent[ROWS];
    grpo_terms terms[ROWS];
} head_block;

/* n response tokens from k on: their logits, log-softmax at temperature tau and entropy (logp_out,
 * when not NULL, gets each log-probability), GRPO's per-token derivatives, and back: dz = dz' / tau,
 * dhf += dz W, dW += dz^T hf. */
static void head_block_run(const train_model *t, const train_batch *b, const acts *a, const head_rows_of *h, int k, int n,
                           float tau, const grpo_config *cfg, double scale, grpo_terms *terms, float *logp_out, float *dhf,
                           float *z, float *hrows, float *dhrows, head_block *x) {
    const model_config *c = &t->c;
    long C = c->dim, V = c->vocab;
    weight hf = {a->hf, ST_F32};
    be_gather_rows(t->be, hrows, hf, h->row + k, n, C);
    be_matmul_forward(t->be, z, hrows, t->p.lm_head, NULL, n, C, V, t->bf16_compute);
    be_head_softmax(t->be, z, V, n, tau, h->target + k, x->lse, x->pz, x->logp, x->entropy);
    for (int r = 0; r < n; r++) {
        int s = h->seq[k + r], j = h->j[k + r];
        if (logp_out) logp_out[r] = x->logp[r];
        x->terms[r] = (grpo_terms){0};
        double dent, dlogp = grpo_token(cfg, b->adv ? b->adv[s] : 0, b->weight[s], b->mask_weight, x->logp[r],
                                        b->old_logp ? b->old_logp[s][j] : x->logp[r],
                                        b->ref_logp ? &b->ref_logp[s][j] : NULL, x->entropy[r], &x->terms[r], &dent);
        x->dlogp[r] = (float)(scale * dlogp / tau), x->dent[r] = (float)(scale * dent / tau);
        grpo_terms_add(terms, &x->terms[r], scale);   /* in row order: the same sum each run */
    }
    be_head_softmax_backward(t->be, z, V, n, x->lse, x->pz, x->dlogp, x->dent, h->target + k);
    memset(dhrows, 0, (size_t)n * C * sizeof(float));
    be_matmul_backward(t->be, dhrows, t->g.lm_head, NULL, z, hrows, t->p.lm_head, n, C, V, t->bf16_compute);
    be_scatter_add_rows(t->be, dhf, h->row + k, dhrows, n, C);
}

int train_step_grads(train_model *t, const train_batch *b, const grpo_config *cfg, float temperature, double scale,
                     grpo_terms *terms, float *logp) {
    const model_config *c = &t->c;
    long C = c->dim, F = c->hidden, Q = (long)c->heads * c->head_dim, KV = (long)c->kv_heads * c->head_dim;
    int T = 0, R = 0;
    for (int s = 0; s < b->nseq; s++) T += b->len[s], R += b->len[s] - b->prompt_len[s];
    acts a = {0};
    grads_scratch g = {0};
    head_rows_of h = {malloc((size_t)(R ? R : 1) * sizeof *h.row), malloc((size_t)(R ? R : 1) * sizeof *h.target),
                      malloc((size_t)(R ? R : 1) * sizeof *h.seq), malloc((size_t)(R ? R : 1) * sizeof *h.j)};
    head_block *block = malloc(sizeof *block);
    int rc = -1;
    long big = F > Q ? F : Q;
    size_t scratch = (size_t)T * (size_t)(2 * C + 2 * Q + 2 * KV + 2 * big) + (size_t)ROWS * (size_t)(c->vocab + 2 * C);
    float *m;
    if (!h.row || !h.target || !h.seq || !h.j || !block || acts_alloc(t, &a, b, T, scratch, &m) < 0) goto done;
    g.dx = m, m += T * C, g.dh = m, m += T * C, g.dq = m, m += T * Q, g.datt = m, m += T * Q;
    g.dk = m, m += T * KV, g.dv = m, m += T * KV, g.dgate = m, m += T * big, g.dup = m, m += T * big;
    float *z = m, *hrows = z + (long)ROWS * c->vocab, *dhrows = hrows + ROWS * C;

    /* forward, as inference runs it, keeping each layer's activations */
    forward_pass f = {t->be, c, T, a.pos, a.rope, 0, t->bf16_compute, NULL, NULL, &a.attn};
    if (model_forward_layers(&f, &t->fw, a.ids, a.l, 1) < 0) goto done;
    be_rmsnorm(t->be, a.hf, a.rstdf, a.xf, t->p.final_norm, T, C, c->norm_eps, 0);

    /* loss head, then backward */
    for (int s = 0, k = 0; s < b->nseq; s++)
        for (int j = 0; j < b->len[s] - b->prompt_len[s]; j++, k++)
            h.row[k] = a.start[s] + b->prompt_len[s] + j - 1, h.target[k] = b->tokens[s][b->prompt_len[s] + j], h.seq[k] = s, h.j[k] = j;
    float *dhf = g.dh;
    memset(dhf, 0, (size_t)T * C * sizeof(float));
    for (int k = 0; k < R; k += ROWS)
        head_block_run(t, b, &a, &h, k, R - k < ROWS ? R - k : ROWS, temperature, cfg, scale, terms, logp ? logp + k : NULL,
                       dhf, z, hrows, dhrows, block);
    memset(g.dx, 0, (size_t)T * C * sizeof(float));
    be_rmsnorm_backward(t->be, g.dx, t->g.final_norm, dhf, a.xf, t->p.final_norm, a.rstdf, T, C);
    for (int i = c->layers - 1; i >= 0; i--) layer_backward(t, &t->p.layer[i], &t->g.layer[i], &a.l[i], &g, &a, T);
    be_scatter_add_rows(t->be, t->g.embed, a.ids, g.dx, T, C);
    rc = 0;
done:
    acts_free(&a);
    free(h.row), free(h.target), free(h.seq), free(h.j), free(block);
    return rc;
}

/* ---- the optimizer ---- */

void train_zero(train_model *t, float *x, size_t n) { be_zero(t->be, x, n); }

double train_grad_norm(const train_model *t) { return be_norm(t->be, t->grad, t->nparams); }

int train_adamw(train_model *t, float *m, float *v, const adamw_config *c, double lr, long step, float grad_scale) {
    adamw_step s = {(float)c->beta1, (float)c->beta2, (float)c->eps, (float)(1 - lr * c->weight_decay),
                    (float)(lr / (1 - pow(c->beta1, (double)step))), (float)sqrt(1 - pow(c->beta2, (double)step)), grad_scale};
    return be_adamw(t->be, t->w, t->grad, m, v, t->nparams, &s) ? -1 : 0;
}
