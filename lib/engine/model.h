/* model.h -- Qwen2 / Qwen2.5 / Qwen3 decoder LLMs from a Hugging Face directory.
 *
 * A model is its config plus pointers to its weights, which stay in the mmap'd safetensors files in
 * their own dtype (BF16, F16 or F32); matmuls read them as they are and accumulate in FP32.  The
 * forward pass runs a batch of sequences of different lengths at once: their new tokens are stacked
 * into one activation matrix (so every weight row is read once per step, whatever the batch), and
 * each sequence attends to its own KV cache.  This file says which op runs in which order; the
 * backend (backend.h) runs them, the CPU's being the reference every GPU kernel is checked
 * against. */
#ifndef GR_MODEL_H
#define GR_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "engine/backend.h"
#include "engine/safetensors.h"

typedef enum { ARCH_QWEN2, ARCH_QWEN3 } model_arch;

typedef struct {
    model_arch arch;
    int vocab, dim, hidden, layers, heads, kv_heads, head_dim;
    float norm_eps, rope_theta;
    int tied, qkv_bias, qk_norm;
    int bos, eos, max_positions;
} model_config;

/* Matrices stay in the file's dtype; the vectors (norm weights, biases: small) are FP32 copies. */
typedef struct {
    weight q, k, v, o, gate, up, down;
    const float *attn_norm, *mlp_norm, *q_norm, *k_norm, *q_bias, *k_bias, *v_bias;
} layer_weights;

/* Every weight the forward pass reads (llm.c's struct of weight pointers): the loaded model's in
 * its files, or training's FP32 master copy (train.h). */
typedef struct {
    weight embed, lm_head;     /* lm_head == embed when tied */
    const float *final_norm;
    layer_weights *layer;
} model_weights;

typedef struct {
    model_config c;
    st_set files;
    model_weights w;
    float *vectors;            /* what the layers' vector pointers point into */
    int bf16_acts;             /* BF16 weights: activations rounded to BF16 where transformers rounds them */
    backend *be;               /* where it runs */
    float *work;               /* the forward pass's activations, kept from one call to the next */
    size_t work_floats;
} model;

/* Opens the model in Hugging Face directory dir on device ("cpu", "cuda"; NULL: cpu): reads
 * config.json and binds every tensor the config needs, checking each one's shape and dtype.  0, or
 * -1 with one line naming the file and what is wrong. */
int engine_open(model *m, const char *dir, const char *device, char *err, size_t errlen);
void engine_close(model *m);

/* RoPE's cos and sin of each pair (i, i + head_dim/2) at each position, interleaved per pair: angles
 * pos * theta^(-2i/D) in float32, as transformers computes them. */
void model_rope_table(const model_config *c, const int *pos, int T, float *cs);

/* One sequence's keys and values for every layer, up to capacity positions, in the model's
 * backend memory.  0, or -1 when memory runs out. */
int kv_init(kv_cache *kv, const model *m, int capacity);
void kv_free(kv_cache *kv, const model *m);

/* Runs the new tokens of nseq sequences: tokens[s][0..ntok[s]) follow what kv[s] already holds
 * (positions kv[s].len onwards) and are appended to it.  logits gets, for each sequence in order,
 * the vocab-size row of its last new token (all_logits = 0) or of every new token (1).  0, or -1
 * when a cache would overflow, a token is not in the vocabulary, or memory runs out. */
int model_forward(model *m, kv_cache *kv, int nseq, const int32_t *const *tokens, const int *ntok, float *logits,
                  int all_logits);

/* ---- the decoder stack, one implementation for inference and training ----
 *
 * A layer runs the same ops in the same order whoever runs it (model_forward above, train.c's
 * training step).  Three things differ, and a forward_pass says which:
 *  - where results go (layer_io): inference gives every layer the same buffers and keeps nothing;
 *    training gives each layer its own, which the backward pass reads;
 *  - attention: inference appends k and v to each sequence's KV cache and attends over it; training
 *    attends within whole stacked sequences and keeps each row's log-sum-exp;
 *  - arithmetic: inference of a BF16 model rounds every result to BF16, as transformers does, and
 *    reads weights in their file's dtype; training keeps FP32 results of FP32 weights, its products
 *    optionally from BF16 operands (AMX).  Each side matches its own oracle (transformers' inference,
 *    torch autograd), so they round differently on purpose. */
typedef struct {
    backend *be;
    const model_config *c;
    int T;                      /* stacked tokens */
    const int *pos;             /* each token's position in its sequence */
    float *rope;                /* T x head_dim: the pass fills it (model_rope_table) */
    int round_bf16;             /* inference of a BF16 model */
    int bf16_products;          /* training: matmul operands rounded to BF16 */
    kv_cache *kv;               /* inference: the caches, each token's sequence in seq */
    const int *seq;
    const attn_batch *batch;    /* training (kv NULL): the stacked sequences */
} forward_pass;

/* Where one layer reads its input x and writes each result (rows of T).  Inference aliases what it
 * does not keep: qraw == q and kraw == k (the per-head norms in place), act == gate, out == x, and
 * the rstd and lse pointers NULL.  Without QK-norm qraw must be q and kraw k. */
typedef struct {
    float *x, *h1, *rstd1, *qraw, *kraw, *rq, *rk, *q, *k, *v, *att, *lse, *xm, *h2, *rstd2, *gate, *up, *act, *out;
} layer_io;

/* The embedding rows of ids into io[0].x, the rope table, then every layer: io[l] for layer l when
 * io_per_layer, else io[0] for all (whose out must then be its x).  The final norm is the
 * caller's: inference takes it of the rows whose logits it wants, training of all.  0, or -1 when
 * the backend's scratch memory runs out. */
int model_forward_layers(const forward_pass *f, const model_weights *w, const int32_t *ids, const layer_io *io,
                         int io_per_layer);

#endif
