/* rollout -- G sampled responses per question from a policy model.
 *
 * Reads QA records with `question`, renders each as the policy's chat prompt (the question, a
 * space and General-Reasoner's "put your final answer within \boxed{}" instruction, in the model's
 * chat template), samples G continuations per prompt with the CPU engine, and writes one record per
 * sample: the input fields plus sample, prompt, prompt_ids, response, response_ids, logprobs and
 * finish_reason.  Samples depend only on --seed, the question's position in the input and the
 * sample number: not on --batch or --threads. */
#include "text/chat.h"
#include "core/cli.h"
#include "engine/generate.h"
#include "core/stage.h"
#include "text/tokenizer.h"

#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Templates (--template): qwen2.5, qwen2.5-math, qwen3, plain (the text alone, for zero-RL from a base\n"
    "model); the default follows the model: qwen3 for Qwen3, qwen2.5 for Qwen2.  Generation stops at the\n"
    "model's eos, <|im_end|> or <|endoftext|> (finish_reason stop, the stop token kept in response_ids\n"
    "but not in response) or after --max-tokens (finish_reason length).  logprobs are log softmax(logits/T)\n"
    "of each chosen token before top-k/top-p, as a trainer recomputes them.\n"
    "A record's own `system` and `instruction` strings (eval-prompt's) replace --system and --instruction.\n";

typedef struct {
    const char *model_dir, *device, *template, *system, *instruction, *tokenizer_path;
    long samples, top_k, max_tokens, seed, batch;
    double temperature, top_p;
    int no_think;
    model m;
    tokenizer *tok;
    int32_t stop[3];
    int nstop;
    long index;          /* questions seen so far: the seed stream of the next one */
} options;

/* The chat prompt of one question, and its tokens.  A record's own `system` and `instruction`
 * (eval-prompt writes them: each benchmark was asked its own way) win over the flags. */
static int render(const options *o, const json_t *rec, const char *question, buf *prompt, token_ids *ids) {
    const char *instruction = json_string_value(json_object_get(rec, "instruction"));
    const char *system = json_string_value(json_object_get(rec, "system"));
    if (!instruction) instruction = o->instruction;
    if (!system) system = o->system;
    buf user;
    buf_init(&user);
    buf_puts(&user, question);
    if (*instruction) buf_putc(&user, ' '), buf_puts(&user, instruction);
    int rc = chat_render(o->template, system, user.data, o->no_think, prompt);
    buf_free(&user);
    return rc < 0 || prompt->oom ? -1 : tokenizer_encode(o->tok, prompt->data, prompt->len, ids);
}

static json_t *ids_json(const int32_t *ids, int n) {
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, json_integer(ids[i]));
    return a;
}

static json_t *sample_record(const options *o, json_t *rec, int g, const buf *prompt, const token_ids *pids, const gen_seq *s) {
    json_t *out = json_deep_copy(rec), *lp = json_array();
    buf text;
    buf_init(&text);
    int keep = s->finish == FINISH_STOP ? s->n - 1 : s->n;     /* the stop token is not text */
    tokenizer_decode(o->tok, s->ids, (size_t)keep, &text);
    for (int i = 0; i < s->n; i++) json_array_append_new(lp, json_real(s->logprobs[i]));
    json_object_set_new(out, "sample", json_integer(g));
    json_object_set_new(out, "prompt", json_stringn(prompt->data, prompt->len));
    json_object_set_new(out, "prompt_ids", ids_json(pids->ids, (int)pids->len));
    json_object_set_new(out, "response", json_stringn(text.len ? text.data : "", text.len));
    json_object_set_new(out, "response_ids", ids_json(s->ids, s->n));
    json_object_set_new(out, "logprobs", lp);
    json_object_set_new(out, "finish_reason", json_string(s->finish == FINISH_STOP ? "stop" : "length"));
    buf_free(&text);
    return out;
}

#define DETAIL_MAX 160   /* a reject_detail written per record, in the stage's scratch */

/* One batch of records: every question's G samples generated together. */
static void rollout_batch(json_t **recs, void *const *scratch, const char **reasons, const char **why, json_t **outs,
                          int n, void *ctx) {
    options *o = ctx;
    int G = (int)o->samples, nq = 0;
    buf *prompts = calloc((size_t)n, sizeof *prompts);
    token_ids *pids = calloc((size_t)n, sizeof *pids);
    int *which = malloc((size_t)n * sizeof *which);
    long *stream = malloc((size_t)n * sizeof *stream);     /* each question's seed stream */
    if (!prompts || !pids || !which || !stream) {
        for (int i = 0; i < n; i++)
            if (recs[i]) reasons[i] = "out_of_memory";
        free(prompts), free(pids), free(which), free(stream);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!recs[i]) continue;
        json_t *q = json_object_get(recs[i], "question");
        o->index++;
        if (!json_is_string(q)) { reasons[i] = "missing_question"; continue; }
        buf_init(&prompts[i]);
        if (render(o, recs[i], json_string_value(q), &prompts[i], &pids[i]) < 0) { reasons[i] = "prompt_failed"; continue; }
        if ((long)pids[i].len + o->max_tokens > o->m.c.max_positions) {   /* before any memory is asked for */
            snprintf(scratch[i], DETAIL_MAX, "the prompt's %zu tokens and --max-tokens %ld pass the model's %d positions",
                     pids[i].len, o->max_tokens, o->m.c.max_positions);
            reasons[i] = "prompt_too_long", why[i] = scratch[i];
            continue;
        }
        stream[nq] = o->index - 1, which[nq++] = i;
        outs[i] = json_array();
    }
    gen_seq *seqs = calloc((size_t)nq * G, sizeof *seqs);
    const int32_t **p = malloc((size_t)nq * G * sizeof *p);
    int *plen = malloc((size_t)nq * G * sizeof *plen);
    if (!seqs || !p || !plen)
        for (; nq > 0; nq--) reasons[which[nq - 1]] = "out_of_memory", json_decref(outs[which[nq - 1]]), outs[which[nq - 1]] = NULL;
    for (int k = 0; k < nq; k++) {
        for (int g = 0; g < G; g++) {
            int s = k * G + g;
            p[s] = pids[which[k]].ids, plen[s] = (int)pids[which[k]].len;
            seqs[s].rng = sample_seed((uint64_t)o->seed, (uint64_t)stream[k] * (uint64_t)G + (uint64_t)g);
        }
    }
    gen_options go = {{(float)o->temperature, (int)o->top_k, (float)o->top_p}, (int)o->max_tokens, o->stop, o->nstop};
    for (int start = 0; start < nq * G; start += (int)o->batch * G) {   /* --batch questions at a time */
        int count = nq * G - start < (int)o->batch * G ? nq * G - start : (int)o->batch * G;
        if (gen_run(&o->m, &go, count, p + start, plen + start, seqs + start) < 0)
            for (int s = start; s < start + count; s++) seqs[s].n = -1;
    }
    for (int k = 0; k < nq; k++) {
        int i = which[k];
        for (int g = 0; g < G; g++) {
            gen_seq *s = &seqs[k * G + g];
            if (s->n < 0) { reasons[i] = "generation_failed", why[i] = "out of memory or a broken model"; break; }
            json_array_append_new(outs[i], sample_record(o, recs[i], g, &prompts[i], &pids[i], s));
        }
        if (reasons[i]) json_decref(outs[i]), outs[i] = NULL;
    }
    for (int s = 0; s < nq * G; s++) gen_seq_free(&seqs[s]);
    for (int i = 0; i < n; i++) buf_free(&prompts[i]), token_ids_free(&pids[i]);
    free(seqs), free(p), free(plen), free(prompts), free(pids), free(which), free(stream);
}

static int setup(options *o) {
    char err[512], path[4096];
    if (engine_open(&o->m, o->model_dir, o->device, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    if (!o->tokenizer_path) snprintf(path, sizeof path, "%s/tokenizer.json", o->model_dir), o->tokenizer_path = path;
    if (!(o->tok = tokenizer_load(o->tokenizer_path, err, sizeof err))) { cli_error("%s", err); return -1; }
    if (!(o->template = chat_pick_style(o->template, o->m.c.arch == ARCH_QWEN3))) return -1;
    o->nstop = chat_stop_tokens(o->tok, o->m.c.eos, o->stop);
    return 0;
}

int main(int argc, char **argv) {
    options o = {.samples = 8, .max_tokens = 1024, .batch = 4, .temperature = 1.0, .top_p = 1.0,
                 .instruction = CHAT_BOXED_INSTRUCTION};
    const cli_option own[] = {
        {"model", 0, CLI_STRING, &o.model_dir, "DIR", "the policy: a Hugging Face Qwen2/Qwen3 directory (required)", 0, 0},
        {"device", 0, CLI_CHOICE, &o.device, "cpu|cuda", "where the model runs (cpu; cuda arrives with the GPU backend)", 0, 0},
        {"samples", 'n', CLI_INT, &o.samples, "G", "responses per question (8)", 1, 4096},
        {"temperature", 0, CLI_DOUBLE, &o.temperature, "T", "sampling temperature, 0 = greedy (1.0)", 0, 100},
        {"top-p", 0, CLI_DOUBLE, &o.top_p, "P", "nucleus sampling mass (1 = off)", 1e-6, 1},
        {"top-k", 0, CLI_INT, &o.top_k, "K", "sample among the K likeliest (0 = off)", 0, 1 << 24},
        {"max-tokens", 0, CLI_INT, &o.max_tokens, "N", "response length limit (1024)", 1, 1 << 20},
        {"seed", 0, CLI_INT, &o.seed, "N", "random seed (0)", 0, 9e18},
        {"template", 0, CLI_STRING, &o.template, "NAME", "chat template (from the model)", 0, 0},
        {"system", 0, CLI_STRING, &o.system, "TEXT", "a system message (the template's default)", 0, 0},
        {"no-think", 0, CLI_FLAG, &o.no_think, NULL, "qwen3: pre-fill an empty <think></think> block", 0, 0},
        {"instruction", 0, CLI_STRING, &o.instruction, "TEXT", "appended to each question after a space (\"\" for none)", 0, 0},
        {"tokenizer", 0, CLI_STRING, &o.tokenizer_path, "FILE", "tokenizer.json (DIR/tokenizer.json)", 0, 0},
        {"batch", 0, CLI_INT, &o.batch, "N", "questions generated together (4)", 1, 4096},
        {0},
    };
    const cli_program prog = {
        .name = "rollout",
        .synopsis = "Samples G responses per question from a policy model (Qwen2/Qwen3, CPU).",
        .usage = "--model DIR [options] [FILE...]",
        .details = details,
        .example = "rollout --model Qwen3-4B-Base -n 8 < questions.jsonl | gen-verify | grpo-step --model Qwen3-4B-Base --out step1",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    int status = EXIT_USAGE;
    if (!o.model_dir) cli_error("--model DIR is required");
    else if (setup(&o) == 0) {
        stage st = {.batch = rollout_batch, .batch_lines = (int)o.batch, .ctx = &o, .scratch_size = DETAIL_MAX, .in_words = "questions in",
                    .out_words = "samples out"};
        tally t = {0};
        status = stage_run(&st, &common, &t);
    }
    engine_close(&o.m);
    tokenizer_free(o.tok);
    free(common.files);
    return status;
}
