/* model_run -- test and bench driver of lib/model (not an installed program).
 *
 *   model_run DIR logits OUT.f32 < batches.jsonl
 *       each line {"seqs": [[ids...], ...]} runs as one batch (prefill); the float32 logits of every
 *       token of every sequence are appended to OUT.f32, batch by batch, sequence by sequence
 *   model_run DIR steps OUT.f32 < batches.jsonl
 *       the same logits, but each sequence fed one token at a time through its KV cache (decode)
 *   model_run DIR greedy N < batches.jsonl
 *       N greedy tokens after each sequence, batched: {"ids": [[...], ...]} per line
 *   model_run DIR bench P N
 *       speed: a P-token prompt prefilled, then N tokens decoded one at a time; prints
 *       {"prefill_tok_s":..., "decode_tok_s":...} (best of 3)
 * Exit 2 with one line when DIR is not a loadable model. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "engine/model.h"

typedef struct {
    int n;
    int32_t **ids;
    int *len;
} batch;

static void batch_free(batch *b) {
    for (int s = 0; s < b->n; s++) free(b->ids[s]);
    free(b->ids), free(b->len);
}

static int batch_parse(const char *line, batch *b) {
    json_t *o = json_loads(line, 0, NULL), *seqs = json_object_get(o, "seqs");
    memset(b, 0, sizeof *b);
    if (!json_is_array(seqs)) { json_decref(o); return -1; }
    b->n = (int)json_array_size(seqs);
    b->ids = calloc((size_t)b->n, sizeof *b->ids);
    b->len = calloc((size_t)b->n, sizeof *b->len);
    for (int s = 0; s < b->n; s++) {
        json_t *seq = json_array_get(seqs, (size_t)s);
        b->len[s] = (int)json_array_size(seq);
        b->ids[s] = malloc(((size_t)b->len[s] + 1) * sizeof **b->ids);
        for (int i = 0; i < b->len[s]; i++) b->ids[s][i] = (int32_t)json_integer_value(json_array_get(seq, (size_t)i));
    }
    json_decref(o);
    return 0;
}

static int argmax(const float *x, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) if (x[i] > x[best]) best = i;
    return best;
}

static int run(model *m, const char *mode, const char *arg, batch *b) {
    int V = m->c.vocab, total = 0, steps = atoi(arg);
    for (int s = 0; s < b->n; s++) total += b->len[s];
    kv_cache *kv = calloc((size_t)b->n, sizeof *kv);
    int cap = !strcmp(mode, "greedy") ? steps : 0, rc = 0;
    for (int s = 0; s < b->n; s++) rc |= kv_init(&kv[s], m, b->len[s] + cap + 1);
    float *logits = malloc((size_t)(total > b->n ? total : b->n) * V * sizeof *logits);
    if (rc || !logits) { fprintf(stderr, "model_run: out of memory\n"); return 1; }
    if (!strcmp(mode, "logits")) {
        rc = model_forward(m, kv, b->n, (const int32_t *const *)b->ids, b->len, logits, 1);
        FILE *f = fopen(arg, "ab");
        if (rc || !f || fwrite(logits, sizeof *logits, (size_t)total * V, f) != (size_t)total * V) rc = 1;
        if (f) fclose(f);
    } else if (!strcmp(mode, "steps")) {
        FILE *f = fopen(arg, "ab");
        for (int s = 0; !rc && s < b->n; s++)
            for (int i = 0; !rc && i < b->len[s]; i++) {
                const int32_t *tok = &b->ids[s][i];
                int one = 1;
                rc = model_forward(m, &kv[s], 1, &tok, &one, logits, 0) || !f || fwrite(logits, sizeof *logits, V, f) != (size_t)V;
            }
        if (f) fclose(f);
    } else {
        json_t *out = json_array();
        int *one = malloc((size_t)b->n * sizeof *one);
        int32_t **next = malloc((size_t)b->n * sizeof *next), *tok = malloc((size_t)b->n * sizeof *tok);
        rc = model_forward(m, kv, b->n, (const int32_t *const *)b->ids, b->len, logits, 0);
        for (int s = 0; s < b->n; s++) json_array_append_new(out, json_array()), one[s] = 1, next[s] = &tok[s];
        for (int k = 0; !rc && k < steps; k++) {
            for (int s = 0; s < b->n; s++) {
                tok[s] = argmax(logits + (size_t)s * V, V);
                json_array_append_new(json_array_get(out, (size_t)s), json_integer(tok[s]));
            }
            if (k + 1 < steps) rc = model_forward(m, kv, b->n, (const int32_t *const *)next, one, logits, 0);
        }
        json_t *line = json_pack("{s:o}", "ids", out);
        char *text = json_dumps(line, JSON_COMPACT);
        puts(text);
        free(text), json_decref(line), free(one), free(next), free(tok);
    }
    for (int s = 0; s < b->n; s++) kv_free(&kv[s], m);
    free(kv), free(logits);
    if (rc) fprintf(stderr, "model_run: forward failed\n");
    return rc;
}

static int bench(model *m, int P, int N) {
    double best_prefill = 0, best_decode = 0;
    int32_t *ids = malloc((size_t)P * sizeof *ids);
    float *logits = malloc((size_t)m->c.vocab * sizeof *logits);
    for (int i = 0; i < P; i++) ids[i] = (int32_t)((i * 7919 + 13) % 150000);
    for (int rep = 0; rep < 3; rep++) {
        kv_cache kv;
        if (kv_init(&kv, m, P + N + 1) < 0) return 1;
        const int32_t *seq = ids;
        double t0 = now_seconds();
        if (model_forward(m, &kv, 1, &seq, &P, logits, 0) < 0) return 1;
        double t1 = now_seconds();
        int one = 1;
        int32_t tok = argmax(logits, m->c.vocab);
        for (int k = 0; k < N; k++) {
            const int32_t *next = &tok;
            if (model_forward(m, &kv, 1, &next, &one, logits, 0) < 0) return 1;
            tok = argmax(logits, m->c.vocab);
        }
        double t2 = now_seconds();
        if (P / (t1 - t0) > best_prefill) best_prefill = P / (t1 - t0);
        if (N / (t2 - t1) > best_decode) best_decode = N / (t2 - t1);
        kv_free(&kv, m);
    }
    printf("{\"prefill_tok_s\":%.2f,\"decode_tok_s\":%.3f}\n", best_prefill, best_decode);
    free(ids), free(logits);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 5 && !strcmp(argv[2], "bench")) {
        char err[512];
        model m;
        if (engine_open(&m, argv[1], NULL, err, sizeof err) < 0) { fprintf(stderr, "model_run: %s\n", err); return 2; }
        int rc = bench(&m, atoi(argv[3]), atoi(argv[4]));
        engine_close(&m);
        return rc;
    }
    if (argc != 4 || (strcmp(argv[2], "logits") && strcmp(argv[2], "steps") && strcmp(argv[2], "greedy"))) {
        fprintf(stderr, "usage: model_run DIR logits|steps OUT.f32 | DIR greedy N  < batches.jsonl\n");
        return 2;
    }
    char err[512];
    model m;
    if (engine_open(&m, argv[1], NULL, err, sizeof err) < 0) { fprintf(stderr, "model_run: %s\n", err); return 2; }
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, stdin) > 0) {
        batch b;
        if (batch_parse(line, &b) < 0) { fprintf(stderr, "model_run: a line without \"seqs\"\n"); rc = 1; break; }
        rc = run(&m, argv[2], argv[3], &b);
        batch_free(&b);
    }
    free(line);
    engine_close(&m);
    return rc;
}
