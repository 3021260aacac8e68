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

typedef struct {
    model_config c;
    st_set files;
    weight embed, lm_head;
    const float *final_norm;
    layer_weights *layer;
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

#endif
