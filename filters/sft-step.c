/* sft-step -- one supervised update of a model from (prompt, response) records.
 *
 * Reads records with prompt_ids + response_ids (what rollout writes, so a filtered rollout stream is
 * SFT data) or prompt + response text (tokenized with the model's tokenizer, the response ended with
 * the model's EOS), and for each of --epochs takes one AdamW step per --mini-batches share of them:
 * forward and backward in FP32 over micro-batches packed up to --micro-tokens, of the token
 * cross-entropy of the response tokens (the prompt masked), the mean over every response token of
 * the step.  Writes the new checkpoint to --out (via OUT.tmp, renamed when complete) and one
 * metrics line on stdout; resumes AdamW from a checkpoint we wrote, as grpo-step does. */
#include "core/cli.h"
#include "core/stage.h"
#include "text/tokenizer.h"
#include "train/checkpoint.h"
#include "train/step.h"
#include "train/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Input: {prompt_ids, response_ids} (token ids, as rollout writes them), or {prompt, response} text:\n"
    "each tokenized on its own with the model's tokenizer.json (or --tokenizer), the response followed\n"
    "by the model's EOS token unless --no-eos.  The loss is the mean of -log p(token) over every\n"
    "response token of an optimizer step; prompt tokens are context only.  Records are packed into\n"
    "micro-batches of at most --micro-tokens tokens (a longer record is one on its own) and their\n"
    "gradients accumulated before the step.  Rejected, with a reason: missing_prompt, missing_response,\n"
    "empty_response, bad_token_ids, too_long (past the model's context), no_tokenizer (text records\n"
    "when the tokenizer cannot be loaded: said once).\n"
    "Metrics (stdout, one line): step, loss, grad_norm (before clipping), lr, samples, tokens,\n"
    "response_tokens, tokens_per_s.  Exit 2, with nothing written, on a non-finite loss or gradient,\n"
    "or when no record has a response token to learn from.\n";

typedef struct {
    int32_t *ids;   /* prompt, then response */
    int len, prompt_len;
} sample;

typedef struct {
    train_options t;
    const char *tokenizer_path;
    long mini_batches, epochs, micro_tokens;
    int no_eos;
    train_model *model;
    tokenizer *tok;   /* loaded at the first text record */
    int no_tok;       /* it could not be: said once */
    sample *s;
    int n, cap;
} options;

/* ---- reading the records ---- */

/* Appends the ids of a text field to ids (the tokenizer loaded at first use); 0, or -1 said why. */
static int encode(options *o, json_t *v, token_ids *ids, const char **why) {
    if (o->no_tok) return *why = "no_tokenizer", -1;
    if (!o->tok) {
        char err[512], path[4096];
        if (!o->tokenizer_path) snprintf(path, sizeof path, "%s/tokenizer.json", o->t.model_dir);
        if (!(o->tok = tokenizer_load(o->tokenizer_path ? o->tokenizer_path : path, err, sizeof err))) {
            cli_error("%s", err);
            o->no_tok = 1;
            return *why = "no_tokenizer", -1;
        }
    }
    if (tokenizer_encode(o->tok, json_string_value(v), json_string_length(v), ids) < 0 || ids->oom)
        return *why = "out_of_memory", -1;
    return 0;
}

static int from_array(json_t *a, token_ids *ids, int vocab, const char **why, const char **detail) {
    ids->len = ids->cap = json_array_size(a);
    if (!(ids->ids = malloc((ids->len ? ids->len : 1) * sizeof *ids->ids))) return *why = "out_of_memory", -1;
    if (train_token_ids(a, ids->ids, vocab) == 0) return 0;
    *detail = "a token id is not an integer in the model's vocabulary";
    return *why = "bad_token_ids", -1;
}

/* The record's prompt and response as token ids; NULL, or a reject reason. */
static const char *tokens_of(options *o, json_t *rec, token_ids *p, token_ids *r, const char **detail) {
    json_t *pi = json_object_get(rec, "prompt_ids"), *ri = json_object_get(rec, "response_ids");
    json_t *pt = json_object_get(rec, "prompt"), *rt = json_object_get(rec, "response");
    const char *why = NULL;
    if (json_is_array(pi) || json_is_array(ri)) {
        if (!json_is_array(pi) || !json_array_size(pi)) return "missing_prompt";
        if (!json_is_array(ri)) return "missing_response";
        if (from_array(pi, p, o->model->c.vocab, &why, detail) || from_array(ri, r, o->model->c.vocab, &why, detail)) return why;
        return NULL;
    }
    if (!json_is_string(pt) || !json_string_length(pt)) return "missing_prompt";
    if (!json_is_string(rt)) return "missing_response";
    if (encode(o, pt, p, &why) || encode(o, rt, r, &why)) return why;
    if (r->len && !o->no_eos) {   /* the model learns to stop */
        int32_t *more = realloc(r->ids, (r->len + 1) * sizeof *more);
        if (!more) return "out_of_memory";
        r->ids = more, r->ids[r->len++] = (int32_t)o->model->c.eos, r->cap = r->len;
    }
    return NULL;
}

/* in_order: keeps a usable record as a sample, or says what is wrong with it. */
static const char *collect(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch;
    options *o = ctx;
    token_ids p = {0}, r = {0};
    const char *why = tokens_of(o, rec, &p, &r, detail);
    if (!why && !r.len) why = "empty_response";
    if (!why && p.len + r.len > (size_t)o->model->c.max_positions) {
        *detail = "prompt and response together are longer than the model's context";
        why = "too_long";
    }
    if (!why && o->n == o->cap) {
        sample *more = realloc(o->s, (size_t)(o->cap ? 2 * o->cap : 64) * sizeof *more);
        if (more) o->s = more, o->cap = o->cap ? 2 * o->cap : 64;
        else why = "out_of_memory";
    }
    sample s = {why ? NULL : malloc((p.len + r.len) * sizeof *s.ids), (int)(p.len + r.len), (int)p.len};
    if (!why && !s.ids) why = "out_of_memory";
    if (!why) {
        memcpy(s.ids, p.ids, p.len * sizeof *s.ids);
        memcpy(s.ids + p.len, r.ids, r.len * sizeof *s.ids);
        o->s[o->n++] = s;
    }
    token_ids_free(&p), token_ids_free(&r);
    return why;
}

/* ---- training ---- */

typedef struct {
    double loss, grad_norm, lr, seconds;
    long tokens, response_tokens;
    int steps;
} totals;

/* Forward and backward over samples [a, b), packed into micro-batches of at most --micro-tokens,
 * into t->grad and *terms: the cross-entropy's mean over all their response tokens. */
static int accumulate(const options *o, train_model *t, int a, int b, grpo_terms *terms, long *tokens, long *rtokens) {
    grpo_config cfg = {.agg = AGG_TOKEN_MEAN, .cross_entropy = 1};
    long ntok = 0;
    for (int i = a; i < b; i++) ntok += o->s[i].len - o->s[i].prompt_len;
    int n = b - a, rc = 0;
    const int32_t **tok = malloc((size_t)n * sizeof *tok);
    int *len = malloc((size_t)n * sizeof *len), *plen = malloc((size_t)n * sizeof *plen);
    double *w = malloc((size_t)n * sizeof *w);
    if (!tok || !len || !plen || !w) rc = -1;
    for (int at = a; !rc && at < b;) {
        int k = 0;
        long packed = 0;
        do {   /* whole records up to the budget; one longer than it goes alone */
            const sample *x = &o->s[at + k];
            tok[k] = x->ids, len[k] = x->len, plen[k] = x->prompt_len, w[k] = 1.0 / (double)ntok;
            packed += x->len, k++;
        } while (at + k < b && packed + o->s[at + k].len <= o->micro_tokens);
        train_batch mb = {k, tok, len, plen, NULL, NULL, NULL, w, 1.0 / (double)ntok};
        rc = train_step_grads(t, &mb, &cfg, 1.0f, 1.0, terms, NULL);
        *tokens += packed, at += k;
    }
    *rtokens += ntok;
    free(tok), free(len), free(plen), free(w);
    return rc;
}

static json_t *hyperparameters(const options *o) {
    json_t *h = train_hyperparameters(&o->t);
    json_object_update_new(h, json_pack("{s:I, s:I, s:I, s:b}", "mini_batches", (json_int_t)o->mini_batches, "epochs",
                                        (json_int_t)o->epochs, "micro_tokens", (json_int_t)o->micro_tokens, "eos", !o->no_eos));
    return h;
}

/* Every optimizer step of this run; 0, or -1 (said why) with nothing written. */
static int train(options *o, train_model *t, adam_state *opt, totals *tot, int quiet) {
    int K = o->mini_batches < o->n ? (int)o->mini_batches : o->n;
    for (int epoch = 0; epoch < o->epochs; epoch++)
        for (int k = 0; k < K; k++) {   /* mini-batch k: records [k n / K, (k + 1) n / K) in input order */
            int a = (int)((long)k * o->n / K), b = (int)((long)(k + 1) * o->n / K);
            train_zero(t, t->grad, t->nparams);
            grpo_terms terms = {0};
            double t0 = now_seconds(), norm, lr;
            long tokens0 = tot->tokens;
            if (accumulate(o, t, a, b, &terms, &tot->tokens, &tot->response_tokens) < 0) {
                cli_error("out of memory");
                return -1;
            }
            if (o->t.grad_out) {
                char line[64];
                snprintf(line, sizeof line, "{\"loss\":%.9g}", terms.loss);
                return train_write_grads(t, o->t.grad_out, line) < 0 ? -1 : 0;
            }
            if (train_optimizer_step(t, opt, &o->t, terms.loss, &norm, &lr) < 0) return -1;
            double seconds = now_seconds() - t0;
            tot->seconds += seconds, tot->loss += terms.loss, tot->grad_norm += norm, tot->lr = lr, tot->steps++;
            if (!quiet)
                cli_error("step %ld: loss %.5f, grad norm %.4g, %d records, %.0f tokens/s", opt->step, terms.loss, norm, b - a,
                          (double)(tot->tokens - tokens0) / (seconds > 0 ? seconds : 1));
        }
    return 0;
}

static int print_metrics(const options *o, const adam_state *opt, const totals *tot) {
    double k = tot->steps ? tot->steps : 1;
    json_t *line = json_pack("{s:I, s:f, s:f, s:f, s:i, s:I, s:I, s:f}", "step", (json_int_t)opt->step, "loss", tot->loss / k,
                             "grad_norm", tot->grad_norm / k, "lr", tot->lr, "samples", o->n, "tokens", (json_int_t)tot->tokens,
                             "response_tokens", (json_int_t)tot->response_tokens, "tokens_per_s",
                             (double)tot->tokens / (tot->seconds > 0 ? tot->seconds : 1));
    return train_print_metrics(line, o->t.out_dir);
}

int main(int argc, char **argv) {
    options o = {.t = TRAIN_DEFAULTS(1e-5), .mini_batches = 1, .epochs = 1, .micro_tokens = 4096};
    const cli_option own[] = {
        TRAIN_CLI_OPTIONS(o.t, "the model", "1e-5"),
        {"tokenizer", 0, CLI_STRING, &o.tokenizer_path, "FILE", "tokenizer.json for text records (the model's)", 0, 0},
        {"no-eos", 0, CLI_FLAG, &o.no_eos, NULL, "text records: no EOS token after the response", 0, 0},
        {"mini-batches", 0, CLI_INT, &o.mini_batches, "K", "optimizer steps per epoch, each on 1/K of the records (1)", 1, 1e6},
        {"epochs", 0, CLI_INT, &o.epochs, "N", "passes over the records (1)", 1, 1000},
        {"micro-tokens", 0, CLI_INT, &o.micro_tokens, "N", "tokens packed into one forward/backward (4096)", 1, 1e9},
        {0},
    };
    const cli_program prog = {
        .name = "sft-step",
        .synopsis = "One supervised update of a model from (prompt, response) records; writes the next checkpoint.",
        .usage = "--model DIR --out DIR [options] [FILE...]",
        .details = details,
        .example = "rollout --model ckpt-0 < q.jsonl | gen-verify | jq -c 'select(.verdict)' | sft-step --model ckpt-0 --out ckpt-1",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (train_check_options(&o.t) < 0) return EXIT_USAGE;
    char err[512];
    train_model t = {0};
    adam_state opt = {0};
    int status = EXIT_USAGE;
    o.model = &t;
    if (train_open(&t, &opt, o.t.model_dir, o.t.device, o.t.compute) == 0) {
        stage st = {.in_order = collect, .ctx = &o, .unchanged = 1, .consume = 1, .in_words = "records in", .out_words = "used"};
        tally tl = {0};
        totals tot = {0};
        status = stage_run(&st, &common, &tl);
        if (status == EXIT_DONE && !o.n) cli_error("no record has a response token to learn from: nothing to train on"), status = EXIT_USAGE;
        else if (status == EXIT_DONE && train(&o, &t, &opt, &tot, common.quiet) < 0) status = EXIT_USAGE;
        else if (status == EXIT_DONE && !o.t.grad_out) {
            train_workspace_free(&t);   /* the write needs its own gigabyte for BF16 weights */
            json_t *state = json_pack("{s:I, s:s, s:s, s:o}", "seed", (json_int_t)o.t.seed, "parent", o.t.model_dir, "trainer",
                                      "sft-step", "hyperparameters", hyperparameters(&o));
            if (checkpoint_write(&t, &opt, o.t.model_dir, o.t.out_dir, state, err, sizeof err) < 0) cli_error("%s", err), status = EXIT_USAGE;
            else if (print_metrics(&o, &opt, &tot) < 0) status = EXIT_USAGE;
            json_decref(state);
        }
    }
    for (int i = 0; i < o.n; i++) free(o.s[i].ids);
    free(o.s), free(common.files);
    tokenizer_free(o.tok);
    train_close(&t, &opt);
    return status;
}
