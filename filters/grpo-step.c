/* grpo-step -- one GRPO update of a policy from scored rollouts.
 *
 * Reads rollout records that carry a reward (rollout | gen-verify), groups them by question `id`,
 * turns the rewards into group-normalized advantages and, for each of --ppo-epochs, takes one
 * optimizer step per --mini-batches share of the groups: forward and backward through the policy in
 * FP32, --micro-batch sequences at a time, of the clipped policy loss against the rollout's
 * logprobs (plus a KL penalty to --ref and an entropy bonus), then global gradient clipping and
 * AdamW.  Writes the new checkpoint to --out (via OUT.tmp, renamed when complete) and one metrics
 * line on stdout. */
#include "train/checkpoint.h"
#include "train/step.h"
#include "core/cli.h"
#include "train/grpo.h"
#include "engine/sample.h"
#include "core/stage.h"
#include "train/train.h"

#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Input: rollout records (rollout's prompt_ids, response_ids, logprobs) with a reward (gen-verify's),\n"
    "grouped by id (else by prompt).  The loss is verl's: per token, max(-A r, -A clip(r, 1-clip_low,\n"
    "1+clip_high)) with r = exp(logp - logprobs), floored at -A clip_c for negative A; minus\n"
    "entropy_coef x entropy, plus kl_coef x KL(policy, ref); each aggregated by --agg over a micro-batch,\n"
    "and micro-batches averaged.  Advantages: (reward - group mean) / (group std + 1e-6).\n"
    "The paper's settings: --lr 5e-7 --kl-coef 0.0001 --entropy-coef 0.001 --clip-c 10, G = 8.\n"
    "Resuming: when --model is a checkpoint we wrote (it has optimizer.safetensors), AdamW's moments,\n"
    "the FP32 master weights and the step count continue from it.\n"
    "Metrics (stdout, one line): step, loss, pg_loss, kl, entropy, clip_frac, grad_norm (before\n"
    "clipping), lr, reward_mean, reward_std, zero_adv_groups, response_len_mean, tokens (prompt and\n"
    "response tokens through forward and backward), tokens_per_s.  Exit 2, with nothing written, on a\n"
    "non-finite loss or gradient.\n";

typedef struct {
    int group;
    int32_t *ids;   /* prompt, then response */
    int len, prompt_len;
    float *old_logp, *ref_logp;   /* per response token */
    double reward;
} sample;

typedef struct {
    train_options t;
    const char *ref_dir, *kl_type, *agg;
    double clip_low, clip_high, clip_c, kl_coef, entropy_coef, temperature;
    long mini_batches, ppo_epochs, micro_batch;
    int no_std_norm;
    int vocab;
    sample *s;
    int n, cap;
    char **keys;   /* group keys, in order of first appearance */
    int ngroups, keys_cap;
} options;

/* ---- reading the samples ---- */

/* Room for one more element in *items (n used of *cap); 0, or -1 when memory runs out. */
static int grow(void **items, int *cap, int n, size_t size) {
    if (n < *cap) return 0;
    void *more = realloc(*items, (size_t)(*cap ? 2 * *cap : 64) * size);
    if (!more) return -1;
    *items = more, *cap = *cap ? 2 * *cap : 64;
    return 0;
}

/* The group of a key (new ones numbered in order of appearance), or -1 when memory runs out. */
static int group_of(options *o, const char *key) {
    for (int g = o->ngroups - 1; g >= 0; g--)   /* samples of a group usually arrive together */
        if (!strcmp(o->keys[g], key)) return g;
    if (!key || grow((void **)&o->keys, &o->keys_cap, o->ngroups, sizeof *o->keys) || !(o->keys[o->ngroups] = strdup(key)))
        return -1;
    return o->ngroups++;
}

/* in_order: keeps a valid sample, or says what is wrong with the record. */
static const char *collect(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch;
    options *o = ctx;
    json_t *reward = json_object_get(rec, "reward"), *p = json_object_get(rec, "prompt_ids"),
           *r = json_object_get(rec, "response_ids"), *lp = json_object_get(rec, "logprobs"), *id = json_object_get(rec, "id");
    if (!json_is_number(reward) || !isfinite(json_number_value(reward))) return "missing_reward";
    if (!json_is_array(p) || !json_array_size(p)) return "missing_prompt_ids";
    if (!json_is_array(r) || !json_is_array(lp)) return "missing_response_ids";
    if (!json_array_size(r)) return "empty_response";
    if (json_array_size(lp) != json_array_size(r)) { *detail = "logprobs and response_ids differ in length"; return "bad_logprobs"; }
    if (!id) id = json_object_get(rec, "prompt");
    if (!id) return "missing_id";
    sample s = {.prompt_len = (int)json_array_size(p), .len = (int)(json_array_size(p) + json_array_size(r)),
                .reward = json_number_value(reward)};
    s.ids = malloc((size_t)s.len * sizeof *s.ids);
    s.old_logp = malloc(json_array_size(r) * sizeof *s.old_logp);
    if (!s.ids || !s.old_logp || grow((void **)&o->s, &o->cap, o->n, sizeof *o->s)) {
        free(s.ids), free(s.old_logp);
        return "out_of_memory";
    }
    if (train_token_ids(p, s.ids, o->vocab) || train_token_ids(r, s.ids + s.prompt_len, o->vocab)) {
        free(s.ids), free(s.old_logp);
        *detail = "a token id is not an integer in the model's vocabulary";
        return "bad_token_ids";
    }
    size_t i;
    json_t *v;
    json_array_foreach(lp, i, v) {
        s.old_logp[i] = (float)json_number_value(v);
        if (!json_is_number(v) || !(s.old_logp[i] <= 0)) {
            free(s.ids), free(s.old_logp);
            *detail = "a logprob is not a number <= 0";
            return "bad_logprobs";
        }
    }
    char *key = json_is_string(id) ? strdup(json_string_value(id)) : json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);
    s.group = group_of(o, key);
    free(key);
    if (s.group < 0) {
        free(s.ids), free(s.old_logp);
        return "out_of_memory";
    }
    o->s[o->n++] = s;
    return NULL;
}

/* ---- the reference model's logprobs (for the KL term) ---- */

static int ref_logprobs(const options *o, sample *s) {
    char err[512];
    model ref;
    if (engine_open(&ref, o->ref_dir, o->t.device, err, sizeof err) < 0) { cli_error("--ref: %s", err); return -1; }
    int V = ref.c.vocab, rc = 0;
    enum { CHUNK = 64 };
    float *logits = malloc((size_t)CHUNK * V * sizeof *logits);
    for (int k = 0; !rc && k < o->n; k++) {
        kv_cache kv;
        sample *x = &s[k];
        x->ref_logp = malloc((size_t)(x->len - x->prompt_len) * sizeof *x->ref_logp);
        if (!logits || !x->ref_logp || kv_init(&kv, &ref, x->len) < 0) { rc = -1; break; }
        for (int at = 0; !rc && at < x->len - 1; at += CHUNK) {   /* logits at position i score token i + 1 */
            int n = x->len - 1 - at < CHUNK ? x->len - 1 - at : CHUNK;
            const int32_t *tok = x->ids + at;
            if (model_forward(&ref, &kv, 1, &tok, &n, logits, 1) < 0) { rc = -1; break; }
            for (int i = 0; i < n; i++) {
                int pos = at + i + 1;
                if (pos < x->prompt_len) continue;
                const float *z = logits + (size_t)i * V;
                int best;
                double lz = sample_log_norm(z, V, (float)o->temperature, &best);
                x->ref_logp[pos - x->prompt_len] = (float)((double)z[x->ids[pos]] / (float)o->temperature - lz);
            }
        }
        kv_free(&kv, &ref);
    }
    if (rc) cli_error("--ref: out of memory or a token outside the reference model's vocabulary");
    free(logits);
    engine_close(&ref);
    return rc;
}

/* ---- training ---- */

typedef struct {
    grpo_terms terms;
    double grad_norm, lr, seconds, reward_mean, reward_std;
    long tokens;
    int steps, zero_adv_groups;
} totals;

/* Forward and backward over samples idx[0..n), --micro-batch at a time, into t->grad and *terms. */
static int accumulate(const options *o, train_model *t, const grpo_config *cfg, const float *adv, const int *idx, int n,
                      grpo_terms *terms, long *tokens) {
    int micro = (int)o->micro_batch, nmicro = (n + micro - 1) / micro;
    const int32_t **tok = malloc((size_t)micro * sizeof *tok);
    const float **old = malloc((size_t)micro * sizeof *old), **ref = malloc((size_t)micro * sizeof *ref);
    int *len = malloc((size_t)micro * sizeof *len), *plen = malloc((size_t)micro * sizeof *plen), rc = 0;
    float *a = malloc((size_t)micro * sizeof *a);
    double *w = malloc((size_t)micro * sizeof *w);
    if (!tok || !old || !ref || !len || !plen || !a || !w) rc = -1;
    for (int at = 0; !rc && at < n; at += micro) {
        int k = n - at < micro ? n - at : micro;
        long ntok = 0;
        for (int i = 0; i < k; i++) {
            const sample *x = &o->s[idx[at + i]];
            tok[i] = x->ids, len[i] = x->len, plen[i] = x->prompt_len, old[i] = x->old_logp, ref[i] = x->ref_logp;
            a[i] = adv[idx[at + i]];
            ntok += x->len - x->prompt_len;
            *tokens += x->len;
        }
        for (int i = 0; i < k; i++) w[i] = grpo_token_weight(cfg->agg, ntok, k, len[i] - plen[i]);
        train_batch b = {k, tok, len, plen, old, o->ref_dir ? ref : NULL, a, w, 1.0 / ((double)ntok + 1e-8)};
        rc = train_step_grads(t, &b, cfg, (float)o->temperature, 1.0 / nmicro, terms, NULL);
    }
    free(tok), free(old), free(ref), free(len), free(plen), free(a), free(w);
    return rc;
}

static int write_grads(const options *o, const train_model *t, const grpo_terms *terms) {
    char line[256];
    snprintf(line, sizeof line, "{\"loss\":%.9g,\"pg_loss\":%.9g,\"kl\":%.9g,\"entropy\":%.9g}", terms->loss, terms->pg_loss,
             terms->kl, terms->entropy);
    return train_write_grads(t, o->t.grad_out, line);
}

static json_t *hyperparameters(const options *o) {
    json_t *h = train_hyperparameters(&o->t);
    json_object_update_new(h, json_pack("{s:f, s:f, s:f, s:f, s:s, s:f, s:s, s:b, s:f, s:i, s:i, s:i}", "clip_low", o->clip_low,
                                        "clip_high", o->clip_high, "clip_c", o->clip_c, "kl_coef", o->kl_coef, "kl_type", o->kl_type,
                                        "entropy_coef", o->entropy_coef, "agg", o->agg, "std_norm", !o->no_std_norm, "temperature",
                                        o->temperature, "mini_batches", (json_int_t)o->mini_batches, "ppo_epochs",
                                        (json_int_t)o->ppo_epochs, "micro_batch", (json_int_t)o->micro_batch));
    return h;
}

/* Every optimizer step of this run; 0, or -1 (said why) with nothing written. */
static int train(options *o, train_model *t, adam_state *opt, totals *tot, int quiet) {
    grpo_config cfg = {o->clip_low, o->clip_high, o->clip_c, o->kl_coef, o->entropy_coef, grpo_kl_parse(o->kl_type),
                       grpo_agg_parse(o->agg), 0};
    float *adv = malloc((size_t)o->n * sizeof *adv);
    double *reward = malloc((size_t)o->n * sizeof *reward);
    int *group = malloc((size_t)o->n * sizeof *group), *idx = malloc((size_t)o->n * sizeof *idx), rc = 0;
    if (!adv || !reward || !group || !idx) {
        cli_error("out of memory for %d samples' advantages", o->n);
        rc = -1;
        goto done;
    }
    for (int i = 0; i < o->n; i++) reward[i] = o->s[i].reward, group[i] = o->s[i].group;
    grpo_mean_std(reward, o->n, &tot->reward_mean, &tot->reward_std);
    if ((tot->zero_adv_groups = grpo_advantages(reward, group, o->n, !o->no_std_norm, adv)) < 0) {
        cli_error("out of memory for %d samples' advantages", o->n);
        rc = -1;
        goto done;
    }
    int K = o->mini_batches < o->ngroups ? (int)o->mini_batches : o->ngroups;
    for (int epoch = 0; !rc && epoch < o->ppo_epochs; epoch++)
        for (int k = 0; !rc && k < K; k++) {   /* mini-batch k: groups [k G / K, (k + 1) G / K) in input order */
            int g0 = (int)((long)k * o->ngroups / K), g1 = (int)((long)(k + 1) * o->ngroups / K), n = 0;
            for (int i = 0; i < o->n; i++)
                if (o->s[i].group >= g0 && o->s[i].group < g1) idx[n++] = i;
            train_zero(t, t->grad, t->nparams);
            grpo_terms terms = {0};
            double t0 = now_seconds();
            long tokens0 = tot->tokens;
            if (accumulate(o, t, &cfg, adv, idx, n, &terms, &tot->tokens) < 0) { cli_error("out of memory"); rc = -1; break; }
            if (o->t.grad_out) { rc = write_grads(o, t, &terms); goto done; }
            double norm, lr;
            if ((rc = train_optimizer_step(t, opt, &o->t, terms.loss, &norm, &lr)) < 0) break;
            double seconds = now_seconds() - t0;
            tot->seconds += seconds;
            grpo_terms_add(&tot->terms, &terms, 1);
            tot->grad_norm += norm, tot->lr = lr, tot->steps++;
            if (!quiet)
                cli_error("step %ld: loss %.5f, grad norm %.4g, %d sequences, %.0f tokens/s", opt->step, terms.loss, norm, n,
                          (tot->tokens - tokens0) / (seconds > 0 ? seconds : 1));
        }
done:
    free(adv), free(reward), free(group), free(idx);
    return rc;
}

/* The metrics line on stdout; 0, or -1 when it could not be written (said why). */
static int print_metrics(const options *o, const adam_state *opt, const totals *tot) {
    double len = 0;
    for (int i = 0; i < o->n; i++) len += o->s[i].len - o->s[i].prompt_len;
    len /= o->n;
    double k = tot->steps ? tot->steps : 1;
    json_t *line = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:i, s:f, s:I, s:f}", "step",
                             (json_int_t)opt->step, "loss", tot->terms.loss / k, "pg_loss", tot->terms.pg_loss / k, "kl",
                             tot->terms.kl / k, "entropy", tot->terms.entropy / k, "clip_frac", tot->terms.pg_clipfrac / k,
                             "grad_norm", tot->grad_norm / k, "lr", tot->lr, "reward_mean", tot->reward_mean, "reward_std", tot->reward_std,
                             "zero_adv_groups", tot->zero_adv_groups, "response_len_mean", len, "tokens",
                             (json_int_t)tot->tokens, "tokens_per_s", tot->tokens / (tot->seconds > 0 ? tot->seconds : 1));
    return train_print_metrics(line, o->t.out_dir);
}

static int check_options(const options *o) {
    if (train_check_options(&o->t) < 0) return -1;
    if (o->kl_coef > 0 && !o->ref_dir) return cli_error("--kl-coef needs --ref DIR (the reference policy, usually the first checkpoint)"), -1;
    return 0;
}

int main(int argc, char **argv) {
    options o = {.t = TRAIN_DEFAULTS(1e-6), .clip_low = 0.2, .clip_high = 0.2, .clip_c = 3.0, .entropy_coef = 0.0,
                 .temperature = 1.0, .kl_type = "low_var_kl", .agg = "token-mean", .mini_batches = 1, .ppo_epochs = 1,
                 .micro_batch = 8};
    const cli_option own[] = {
        TRAIN_CLI_OPTIONS(o.t, "the policy", "1e-6"),
        {"ref", 0, CLI_STRING, &o.ref_dir, "DIR", "reference policy: the KL term, and kl in the metrics", 0, 0},
        {"clip-low", 0, CLI_DOUBLE, &o.clip_low, "E", "ratio floor 1 - E (0.2)", 0, 1},
        {"clip-high", 0, CLI_DOUBLE, &o.clip_high, "E", "ratio ceiling 1 + E (0.2)", 0, 100},
        {"clip-c", 0, CLI_DOUBLE, &o.clip_c, "C", "dual clip for negative advantages, > 1 (3)", 1.000001, 1e9},
        {"kl-coef", 0, CLI_DOUBLE, &o.kl_coef, "X", "KL penalty weight, needs --ref (0)", 0, 1e3},
        {"kl-type", 0, CLI_CHOICE, &o.kl_type, "low_var_kl|kl|abs|mse", "the KL estimator: low_var_kl is k3 (low_var_kl)", 0, 0},
        {"entropy-coef", 0, CLI_DOUBLE, &o.entropy_coef, "X", "entropy bonus weight (0)", 0, 1e3},
        {"agg", 0, CLI_CHOICE, &o.agg, "token-mean|seq-mean-token-mean|seq-mean-token-sum", "loss aggregation (token-mean)", 0, 0},
        {"no-std-norm", 0, CLI_FLAG, &o.no_std_norm, NULL, "advantages without the division by the group std (Dr. GRPO)", 0, 0},
        {"temperature", 0, CLI_DOUBLE, &o.temperature, "T", "the rollout's sampling temperature (1.0)", 1e-3, 100},
        {"mini-batches", 0, CLI_INT, &o.mini_batches, "K", "optimizer steps per epoch, each on 1/K of the groups (1)", 1, 1e6},
        {"ppo-epochs", 0, CLI_INT, &o.ppo_epochs, "N", "passes over the data (1)", 1, 1000},
        {"micro-batch", 0, CLI_INT, &o.micro_batch, "N", "sequences per forward/backward (8)", 1, 1e6},
        {0},
    };
    const cli_program prog = {
        .name = "grpo-step",
        .synopsis = "One GRPO update of a policy from scored rollouts; writes the next checkpoint.",
        .usage = "--model DIR --out DIR [options] [FILE...]",
        .details = details,
        .example = "rollout --model ckpt-0 -n 8 < q.jsonl | gen-verify | grpo-step --model ckpt-0 --out ckpt-1",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (check_options(&o) < 0) return EXIT_USAGE;
    char err[512];
    train_model t = {0};
    adam_state opt = {0};
    int status = EXIT_USAGE;
    if (train_open(&t, &opt, o.t.model_dir, o.t.device, o.t.compute) == 0) {
        o.vocab = t.c.vocab;
        stage st = {.in_order = collect, .ctx = &o, .unchanged = 1, .consume = 1, .in_words = "samples in", .out_words = "used"};
        tally tl = {0};
        totals tot = {0};
        status = stage_run(&st, &common, &tl);
        if (status == EXIT_DONE && !o.n) cli_error("no usable samples: nothing to train on"), status = EXIT_USAGE;
        else if (status == EXIT_DONE && o.ref_dir && ref_logprobs(&o, o.s) < 0) status = EXIT_USAGE;
        else if (status == EXIT_DONE && train(&o, &t, &opt, &tot, common.quiet) < 0) status = EXIT_USAGE;
        else if (status == EXIT_DONE && !o.t.grad_out) {
            train_workspace_free(&t);   /* the write needs its own gigabyte for BF16 weights */
            json_t *state = json_pack("{s:I, s:s, s:o}", "seed", (json_int_t)o.t.seed, "parent", o.t.model_dir, "hyperparameters",
                                      hyperparameters(&o));
            if (checkpoint_write(&t, &opt, o.t.model_dir, o.t.out_dir, state, err, sizeof err) < 0) cli_error("%s", err), status = EXIT_USAGE;
            else if (print_metrics(&o, &opt, &tot) < 0) status = EXIT_USAGE;
            json_decref(state);
        }
    }
    for (int i = 0; i < o.n; i++) free(o.s[i].ids), free(o.s[i].old_logp), free(o.s[i].ref_logp);
    for (int g = 0; g < o.ngroups; g++) free(o.keys[g]);
    free(o.s), free(o.keys), free(common.files);
    train_close(&t, &opt);
    return status;
}
