/* tiny_model -- writes a tiny random Qwen2 or Qwen3 checkpoint without Python, for the demo (not an
 * installed program).
 *
 *   tiny_model qwen2|qwen3 OUTDIR TOKENIZER_DIR [SEED]
 *
 * The shapes of testdata/models/make_tiny_models.py (Qwen's real 151,936-token vocabulary, 64 wide,
 * 2 layers, 4 heads over 2 kv heads; Qwen2 tied with q/k/v biases, Qwen3 untied with q/k norms and
 * head_dim 24), F32, in the Hugging Face layout our engine and transformers load: config.json,
 * generation_config.json, model.safetensors, and TOKENIZER_DIR's tokenizer files.  Weights are
 * N(0, 0.06^2), norms 1 + N(0, 0.1^2), as there: wide enough that the logits spread.  The bits are
 * not the script's (its draws are torch's); make check's parity tests use the script's models.
 * Written to OUTDIR.tmp and renamed. */
#include "engine/safetensors.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { VOCAB = 151936, DIM = 64, HIDDEN = 160, LAYERS = 2, HEADS = 4, KV_HEADS = 2, MAX_TENSORS = 64 };

typedef struct {
    st_tensor t[MAX_TENSORS];
    int n;
    uint64_t rng;
} builder;

static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A standard normal draw (Box-Muller, one of the pair). */
static double normal(uint64_t *s) {
    double u = ((splitmix64(s) >> 11) + 1.0) / 9007199254740993.0, v = (splitmix64(s) >> 11) / 9007199254740992.0;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Adds tensor name [rows, cols] (cols 0: a vector) drawn as mean + scale * N(0, 1). */
static int add(builder *b, const char *name, long rows, long cols, float mean, float scale) {
    size_t n = (size_t)rows * (size_t)(cols ? cols : 1);
    float *x = malloc(n * sizeof *x);
    if (!x || b->n == MAX_TENSORS) return free(x), -1;
    for (size_t i = 0; i < n; i++) x[i] = mean + scale * (float)normal(&b->rng);
    st_tensor *t = &b->t[b->n++];
    *t = (st_tensor){.name = strdup(name), .dtype = ST_F32, .ndim = cols ? 2 : 1, .shape = {rows, cols},
                     .data = x, .nbytes = n * sizeof *x};
    return t->name ? 0 : -1;
}

static int add_layer(builder *b, int i, int qwen3, int head_dim) {
    long Q = (long)HEADS * head_dim, KV = (long)KV_HEADS * head_dim;
    char name[128];
#define W(suffix, rows, cols, mean, scale) \
    (snprintf(name, sizeof name, "model.layers.%d.%s", i, suffix), add(b, name, rows, cols, mean, scale))
    int rc = W("input_layernorm.weight", DIM, 0, 1.0f, 0.1f) || W("post_attention_layernorm.weight", DIM, 0, 1.0f, 0.1f) ||
             W("self_attn.q_proj.weight", Q, DIM, 0, 0.06f) || W("self_attn.k_proj.weight", KV, DIM, 0, 0.06f) ||
             W("self_attn.v_proj.weight", KV, DIM, 0, 0.06f) || W("self_attn.o_proj.weight", DIM, Q, 0, 0.06f) ||
             W("mlp.gate_proj.weight", HIDDEN, DIM, 0, 0.06f) || W("mlp.up_proj.weight", HIDDEN, DIM, 0, 0.06f) ||
             W("mlp.down_proj.weight", DIM, HIDDEN, 0, 0.06f);
    if (!rc && !qwen3)
        rc = W("self_attn.q_proj.bias", Q, 0, 0, 0.06f) || W("self_attn.k_proj.bias", KV, 0, 0, 0.06f) ||
             W("self_attn.v_proj.bias", KV, 0, 0, 0.06f);
    if (!rc && qwen3)
        rc = W("self_attn.q_norm.weight", head_dim, 0, 1.0f, 0.1f) || W("self_attn.k_norm.weight", head_dim, 0, 1.0f, 0.1f);
#undef W
    return rc;
}

static int write_text(const char *dir, const char *file, const char *text) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    int bad = fputs(text, f) < 0;
    return (fclose(f) || bad) ? -1 : 0;
}

static int copy(const char *from_dir, const char *to_dir, const char *file) {
    char from[4096], to[4096], chunk[1 << 16];
    snprintf(from, sizeof from, "%s/%s", from_dir, file);
    snprintf(to, sizeof to, "%s/%s", to_dir, file);
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    size_t n;
    int bad = !in || !out;
    while (!bad && (n = fread(chunk, 1, sizeof chunk, in)) > 0) bad = fwrite(chunk, 1, n, out) != n;
    bad |= in && ferror(in);
    if (in) fclose(in);
    if (out && fclose(out)) bad = 1;
    return bad ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc > 5 || (strcmp(argv[1], "qwen2") && strcmp(argv[1], "qwen3"))) {
        fprintf(stderr, "usage: tiny_model qwen2|qwen3 OUTDIR TOKENIZER_DIR [SEED]\n");
        return 2;
    }
    int qwen3 = !strcmp(argv[1], "qwen3"), head_dim = qwen3 ? 24 : DIM / HEADS;
    const char *out = argv[2], *tok = argv[3];
    builder b = {.rng = argc == 5 ? strtoull(argv[4], NULL, 10) : 1234};
    int rc = add(&b, "model.embed_tokens.weight", VOCAB, DIM, 0, 0.06f) || add(&b, "model.norm.weight", DIM, 0, 1.0f, 0.1f);
    if (!rc && qwen3) rc = add(&b, "lm_head.weight", VOCAB, DIM, 0, 0.06f);
    for (int i = 0; !rc && i < LAYERS; i++) rc = add_layer(&b, i, qwen3, head_dim);
    if (rc) { fprintf(stderr, "tiny_model: out of memory\n"); return 2; }

    char tmp[4096], cfg[1024], st[4200], err[512];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    snprintf(cfg, sizeof cfg,
             "{\n  \"architectures\": [\"%s\"],\n  \"model_type\": \"%s\",\n  \"vocab_size\": %d,\n"
             "  \"hidden_size\": %d,\n  \"intermediate_size\": %d,\n  \"num_hidden_layers\": %d,\n"
             "  \"num_attention_heads\": %d,\n  \"num_key_value_heads\": %d,\n  \"head_dim\": %d,\n"
             "  \"max_position_embeddings\": 4096,\n  \"rms_norm_eps\": 1e-06,\n  \"rope_theta\": 1000000.0,\n"
             "  \"tie_word_embeddings\": %s,\n  \"attention_bias\": %s,\n  \"hidden_act\": \"silu\",\n"
             "  \"bos_token_id\": 151643,\n  \"eos_token_id\": 151643,\n  \"torch_dtype\": \"float32\"\n}\n",
             qwen3 ? "Qwen3ForCausalLM" : "Qwen2ForCausalLM", argv[1], VOCAB, DIM, HIDDEN, LAYERS, HEADS, KV_HEADS,
             head_dim, qwen3 ? "false" : "true", qwen3 ? "false" : "true");
    snprintf(st, sizeof st, "%s/model.safetensors", tmp);
    json_t *meta = json_pack("{s:s}", "format", "pt");
    if ((mkdir(tmp, 0777) && errno != EEXIST) || write_text(tmp, "config.json", cfg) ||
        write_text(tmp, "generation_config.json", "{\n  \"bos_token_id\": 151643,\n  \"eos_token_id\": 151643\n}\n") ||
        copy(tok, tmp, "tokenizer.json") || copy(tok, tmp, "tokenizer_config.json")) {
        fprintf(stderr, "tiny_model: %s: %s\n", tmp, strerror(errno));
        return 2;
    }
    if (st_save(st, b.t, (size_t)b.n, meta, err, sizeof err)) { fprintf(stderr, "tiny_model: %s\n", err); return 2; }
    json_decref(meta);
    for (int i = 0; i < b.n; i++) free(b.t[i].name), free((void *)b.t[i].data);
    if (rename(tmp, out)) { fprintf(stderr, "tiny_model: %s: %s\n", out, strerror(errno)); return 2; }
    puts(out);
    return 0;
}
