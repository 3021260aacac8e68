/* generate.c -- the decode loop over a batch of sequences with their own KV caches. */
#include "engine/generate.h"

#include <stdlib.h>
#include <string.h>

void gen_seq_free(gen_seq *g) {
    free(g->ids), free(g->logprobs);
    g->ids = NULL, g->logprobs = NULL, g->n = 0;
}

static int is_stop(const gen_options *o, int32_t id) {
    for (int i = 0; i < o->nstop; i++) if (o->stop[i] == id) return 1;
    return 0;
}

/* Samples each running sequence's next token from its logits row; returns how many still run, or
 * -1 when logits hold NaN (a broken model). */
static int step(const gen_options *o, int V, const float *logits, const int *running, int nrun, gen_seq *out,
                float *scratch) {
    int still = 0;
    for (int r = 0; r < nrun; r++) {
        gen_seq *g = &out[running[r]];
        float lp;
        int id = sample_next(logits + (size_t)r * V, V, &o->sample, &g->rng, &lp, scratch);
        if (id < 0) return -1;
        g->ids[g->n] = id, g->logprobs[g->n] = lp, g->n++;
        if (is_stop(o, id)) g->finish = FINISH_STOP;
        else if (g->n >= o->max_tokens) g->finish = FINISH_LENGTH;
        else still++;
    }
    return still;
}

int gen_run(model *m, const gen_options *o, int nseq, const int32_t *const *prompts, const int *plen,
             gen_seq *out) {
    int V = m->c.vocab, rc = 0;
    kv_cache *kv = calloc((size_t)nseq, sizeof *kv), *batch = calloc((size_t)nseq, sizeof *batch);
    int *running = malloc((size_t)nseq * sizeof *running), *one = malloc((size_t)nseq * sizeof *one);
    const int32_t **next = malloc((size_t)nseq * sizeof *next);
    float *logits = malloc((size_t)nseq * V * sizeof *logits), *scratch = malloc(2 * (size_t)V * sizeof *scratch);
    if (!kv || !batch || !running || !one || !next || !logits || !scratch) rc = -1;
    for (int s = 0; !rc && s < nseq; s++) {
        out[s].ids = malloc(((size_t)o->max_tokens + 1) * sizeof *out[s].ids);
        out[s].logprobs = malloc(((size_t)o->max_tokens + 1) * sizeof *out[s].logprobs);
        out[s].n = 0, out[s].finish = FINISH_RUNNING, running[s] = s, one[s] = 1;
        if (!out[s].ids || !out[s].logprobs || kv_init(&kv[s], m, plen[s] + o->max_tokens) < 0) rc = -1;
    }
    if (!rc) rc = model_forward(m, kv, nseq, prompts, plen, logits, 0);
    int nrun = o->max_tokens > 0 ? nseq : 0;
    for (int s = 0; o->max_tokens <= 0 && s < nseq; s++) out[s].finish = FINISH_LENGTH;
    while (!rc && nrun) {
        int still = step(o, V, logits, running, nrun, out, scratch), k = 0;
        if (still < 0) { rc = -1; break; }
        for (int r = 0; r < nrun; r++) {          /* keep the running ones, in order */
            int s = running[r];
            if (out[s].finish != FINISH_RUNNING) continue;
            running[k] = s, batch[k] = kv[s], next[k] = &out[s].ids[out[s].n - 1], k++;
        }
        nrun = still;
        if (!nrun) break;
        rc = model_forward(m, batch, nrun, next, one, logits, 0);
        for (int r = 0; r < nrun; r++) kv[running[r]].len = batch[r].len;
    }
    for (int s = 0; kv && s < nseq; s++) kv_free(&kv[s], m);
    free(kv), free(batch), free(running), free(one), free(next), free(logits), free(scratch);
    return rc;
}
