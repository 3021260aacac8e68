/* sample.h -- choosing the next token from logits: greedy, temperature, top-k, top-p, seeded.
 *
 * The logprob reported for a chosen token is log softmax(logits / T) at that token: the
 * distribution before top-k/top-p truncation, which is what a trainer recomputing the policy's
 * probabilities sees (GRPO's importance ratio).  Each sequence owns its random state, so a sample
 * depends on its seed and its own history, not on batch composition or thread count. */
#ifndef GR_SAMPLE_H
#define GR_SAMPLE_H

#include <stdint.h>

typedef struct {
    float temperature;   /* 0: greedy */
    int top_k;           /* 0: off */
    float top_p;         /* 1: off */
} sample_params;

/* log-sum-exp of x[0..V) / T, in double, and (in *best) the index of the largest x: a token's
 * logprob at temperature T is x[token] / T minus it, as rollout reports and a trainer recomputes. */
double sample_log_norm(const float *x, int V, float T, int *best);

/* A random state from a seed and a stream number (e.g. question index * G + sample). */
uint64_t sample_seed(uint64_t seed, uint64_t stream);

/* The next token; *logprob (may be NULL) is its log-probability at temperature T (T = 1 when
 * greedy).  scratch must hold 2 * V floats.  Returns -1 when the logits hold NaN. */
int sample_next(const float *logits, int V, const sample_params *p, uint64_t *state, float *logprob, float *scratch);

#endif
