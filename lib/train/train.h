/* train.h -- the Qwen2/Qwen3 network in FP32 with its backward pass, for GRPO training on the CPU.
 *
 * As in llm.c, every trainable tensor lives in one flat array (and its gradient, and the optimizer's
 * moments, in flat arrays of the same layout); train_params are views into it by name.  The forward
 * pass keeps what the backward pass needs for a micro-batch of whole sequences (prompt + response),
 * stacked as the inference engine stacks them; the loss is GRPO's (lib/grpo), over response tokens
 * only, and the logits are made, scored and differentiated a few rows at a time, so the [tokens x
 * vocab] matrix never exists whole. */
#ifndef GR_TRAIN_H
#define GR_TRAIN_H

#include "train/grpo.h"
#include "engine/model.h"

typedef struct {
    float *attn_norm, *q, *k, *v, *o, *q_bias, *k_bias, *v_bias, *q_norm, *k_norm, *mlp_norm, *gate, *up, *down;
} train_layer;

typedef struct {
    float *embed, *final_norm, *lm_head;   /* lm_head == embed when tied */
    train_layer *layer;
} train_params;

/* One trainable tensor as Hugging Face names it, and where it sits in the flat arrays. */
typedef struct {
    char name[96];
    long rows, cols;   /* cols 0: a vector */
    size_t offset, size;
} train_tensor;

typedef struct {
    model_config c;
    st_dtype dtype;          /* of the checkpoint it came from: what a saved one keeps */
    int bf16_compute;        /* matmul operands rounded to BF16 (FP32 accumulation, AMX), else all FP32 */
    int ntensors;
    train_tensor *tensor;
    size_t nparams;
    float *w, *grad;         /* nparams each */
    train_params p, g;       /* views into w and grad */
    model_weights fw;        /* p as the forward pass reads it (weights of dtype F32) */
    float *work;             /* activations and scratch of train_step_grads, kept between calls */
    size_t work_floats;
    backend *be;             /* where it trains: the loaded model's backend */
} train_model;

/* n floats of t's backend memory for training's big arrays (moments); uninitialized, freed with
 * train_free.  NULL when memory runs out. */
float *train_alloc(train_model *t, size_t n);
void train_free(train_model *t, float *p);

/* The FP32 copy of a loaded model's weights, on the model's backend.  0, or -1 with a reason. */
int train_model_init(train_model *t, const model *m, char *err, size_t errlen);
void train_model_free(train_model *t);
/* Gives back the activations' workspace (train_step_grads makes it again when called). */
void train_workspace_free(train_model *t);
/* Points v (its layer array allocated) at a flat array laid out as t's parameters: t->w, t->grad,
 * or another of nparams floats. */
void train_views(train_model *t, float *base, train_params *v);

/* A micro-batch: nseq sequences, tokens[s][0..len[s]) of which [prompt_len[s], len[s]) is the
 * response (prompt_len >= 1).  Per response token: old_logp (the rollout's), ref_logp (the
 * reference model's; NULL without a KL term).  Per sequence: its advantage and the weight of each of
 * its tokens in the aggregate (grpo_token_weight); mask_weight = 1 / response tokens in all.  A
 * cross-entropy loss (sft-step) reads neither old_logp nor adv: both may be NULL. */
typedef struct {
    int nseq;
    const int32_t *const *tokens;
    const int *len, *prompt_len;
    const float *const *old_logp, *const *ref_logp;
    const float *adv;
    const double *weight;
    double mask_weight;
} train_batch;

/* Forward and backward over a micro-batch: adds d(loss * scale)/d(w) into t->grad and the terms
 * (times scale) into *terms.  logp, when not NULL, gets each response token's log-probability
 * (sequences one after another).  0, or -1 when memory runs out. */
int train_step_grads(train_model *t, const train_batch *b, const grpo_config *cfg, float temperature, double scale,
                     grpo_terms *terms, float *logp);

/* x[0..n) = 0 (on all threads: the first touch of gigabytes is page faults) */
void train_zero(train_model *t, float *x, size_t n);

typedef struct {
    double beta1, beta2, eps, weight_decay;
} adamw_config;

/* The gradient's global L2 norm; NaN or inf when any element is not finite. */
double train_grad_norm(const train_model *t);

/* One AdamW step on every parameter as torch.optim.AdamW takes it (decay decoupled and scaled by
 * lr, bias-corrected moments; step counts from 1), on the gradient times grad_scale (clipping).
 * 0, or -1 when the updated weights are not all finite (the step must not be written). */
int train_adamw(train_model *t, float *m, float *v, const adamw_config *c, double lr, long step, float grad_scale);

#endif
