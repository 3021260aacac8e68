/* sample.c -- next-token choice: softmax at temperature T, then top-k and top-p truncation. */
#include "engine/sample.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t sample_seed(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    return splitmix64(&x);
}

/* A uniform float in [0, 1). */
static float uniform(uint64_t *state) { return (float)(splitmix64(state) >> 40) / 16777216.0f; }

typedef struct { float p; int id; } candidate;

static int by_prob_desc(const void *a, const void *b) {
    const candidate *x = a, *y = b;
    return x->p < y->p ? 1 : x->p > y->p ? -1 : x->id - y->id;
}

double sample_log_norm(const float *x, int V, float T, int *best) {
    float top = x[0];
    *best = 0;
    for (int i = 1; i < V; i++) if (x[i] > top) top = x[i], *best = i;
    double sum = 0;
    for (int i = 0; i < V; i++) sum += exp((double)(x[i] - top) / T);
    return (double)top / T + log(sum);
}

int sample_next(const float *logits, int V, const sample_params *p, uint64_t *state, float *logprob, float *scratch) {
    for (int i = 0; i < V; i++) if (isnan(logits[i])) return -1;
    float T = p->temperature > 0 ? p->temperature : 1.0f;
    int best;
    double lz = sample_log_norm(logits, V, T, &best);
    int chosen = best;
    if (p->temperature > 0) {
        /* Candidates: everything, or only what can matter for top-p (a token below
         * (1 - top_p) / (V - 1) can never be inside the nucleus). */
        candidate *c = (candidate *)scratch;
        float cut = p->top_p < 1 ? (1.0f - p->top_p) / (float)(V - 1) : 0;
        int n = 0;
        for (int i = 0; i < V; i++) {
            float pi = (float)exp((double)logits[i] / T - lz);
            if (pi >= cut) c[n].p = pi, c[n].id = i, n++;
        }
        if (p->top_k > 0 || p->top_p < 1) qsort(c, (size_t)n, sizeof *c, by_prob_desc);
        if (p->top_k > 0 && n > p->top_k) n = p->top_k;
        double total = 0;
        int keep = 0;
        while (keep < n && (keep == 0 || p->top_p >= 1 || total < p->top_p)) total += c[keep++].p;
        double r = uniform(state) * total, acc = 0;
        chosen = c[keep - 1].id;
        for (int i = 0; i < keep; i++)
            if ((acc += c[i].p) > r) { chosen = c[i].id; break; }
    }
    if (logprob) *logprob = (float)((double)logits[chosen] / T - lz);
    return chosen;
}
