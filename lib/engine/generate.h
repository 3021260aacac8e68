/* generate.h -- batched autoregressive generation: prompts in, sampled continuations out.
 *
 * All prompts are prefilled in one forward pass; then every step samples one token per running
 * sequence and feeds the running ones back in one batch, until each meets a stop token or its
 * token budget.  A sequence's randomness comes from its own state (sample.h), so results do not
 * depend on which other sequences share its batch. */
#ifndef GR_GENERATE_H
#define GR_GENERATE_H

#include "engine/model.h"
#include "engine/sample.h"

typedef enum { FINISH_RUNNING, FINISH_STOP, FINISH_LENGTH } finish_reason;

typedef struct {
    int32_t *ids;          /* generated tokens, the stop token included */
    float *logprobs;       /* of each, at the sampling temperature, before top-k/top-p */
    int n;
    finish_reason finish;
    uint64_t rng;          /* set by the caller (sample_seed) */
} gen_seq;

typedef struct {
    sample_params sample;
    int max_tokens;
    const int32_t *stop;   /* token ids that end a sequence */
    int nstop;
} gen_options;

/* Generates a continuation of prompts[s][0..plen[s]) into out[s] for nseq sequences (out[s].rng
 * must be set).  0, or -1 when memory runs out or the model rejects a token. */
int gen_run(model *m, const gen_options *o, int nseq, const int32_t *const *prompts, const int *plen,
             gen_seq *out);
void gen_seq_free(gen_seq *g);

#endif
