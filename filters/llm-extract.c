/* llm-extract -- questions, answers and solutions out of pages without QA markup, by an instruct
 * model: the WebInstruct step of General-Reasoner's data.
 *
 * A page record (warc-extract --pages, best after edu-filter) is put to the model with a fixed
 * prompt (docs/prompts/llm-extract-v1.txt, compiled in; its version is the extractor's name); the
 * model's JSON is read and checked against the page (lib/qa/llm.h), and each question it found
 * becomes a record as warc-extract writes them -- the page's provenance, extractor
 * "llm-extract-v1", question, answer, solution -- for qa-filter and answer-typer.  A question
 * whose answer or wording is not on the page is rejected with its reason; a page the model found
 * nothing usable in is rejected whole (with what the model said, in llm_output).  A record that
 * already holds an llm_output (from a model run elsewhere, a vLLM server say) is read without a
 * model.  Records with a question pass as they are. */
#include "core/cli.h"
#include "core/stage.h"
#include "engine/generate.h"
#include "qa/llm.h"
#include "qa/pairs.h"
#include "text/chat.h"
#include "text/tokenizer.h"

#include "llm_prompt.h"   /* LLM_PROMPT: docs/prompts/llm-extract-v1.txt, made by the GNUmakefile */

#include <stdlib.h>
#include <string.h>

#define EXTRACTOR "llm-extract-v1"

static const char details[] =
    "The prompt (--print-prompt shows it) asks for JSON: [{\"question\", \"answer\", \"solution\"}, ...] or [].\n"
    "The model's output is read as docs/llm-extraction.md says: after a <think> block, the first whole\n"
    "JSON value (fenced or among prose); a JSON number answer is written as text.  Reasons, for a\n"
    "page: model_no_json (none, or cut off), model_bad_json, model_no_question, no_llm_output (no\n"
    "--model and no llm_output field), no_text; for one of its questions: model_missing_field,\n"
    "answer_not_in_page, question_not_in_page.  Pages longer than --max-page-bytes are cut there for\n"
    "the model (page_truncated: true) and checked against the whole text.\n";

typedef struct {
    const char *model_dir, *device, *template;
    long max_tokens, max_page_bytes, batch;
    int think, print_prompt;
    model m;
    tokenizer *tok;
    int32_t stop[3];
    int nstop;
    char name[160];
} options;

typedef struct { int page; } note;

static const char *each(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)detail;
    const options *o = ctx;
    note *n = scratch;
    n->page = 0;
    if (!json_is_string(json_object_get(rec, "text"))) return json_object_get(rec, "question") ? NULL : "no_text";
    if (!o->model_dir && !json_is_string(json_object_get(rec, "llm_output"))) return "no_llm_output";
    n->page = 1;
    return NULL;
}

/* The prompt with the page in it, cut at max bytes on a character boundary. */
static void user_message(const options *o, const char *page, size_t n, buf *out, int *truncated) {
    size_t cut = n;
    if (cut > (size_t)o->max_page_bytes) {
        cut = (size_t)o->max_page_bytes;
        while (cut && ((unsigned char)page[cut] & 0xC0) == 0x80) cut--;
    }
    *truncated = cut < n;
    const char *at = strstr(LLM_PROMPT, "{page}");
    buf_append(out, LLM_PROMPT, (size_t)(at - LLM_PROMPT));
    buf_append(out, page, cut);
    buf_puts(out, at + 6);
}

/* The model on every page that has no llm_output yet, greedy, as one batch; the output goes into
 * the record (llm_output), or it stays without one when generation failed. */
static void generate(options *o, json_t **recs, void *const *scratch, int n) {
    int *which = malloc((size_t)n * sizeof *which), k = 0;
    token_ids *ids = calloc((size_t)n, sizeof *ids);
    for (int i = 0; which && ids && i < n; i++) {
        if (!recs[i] || !((note *)scratch[i])->page || json_object_get(recs[i], "llm_output")) continue;
        json_t *text = json_object_get(recs[i], "text");
        buf user, prompt;
        buf_init(&user), buf_init(&prompt);
        int truncated;
        user_message(o, json_string_value(text), json_string_length(text), &user, &truncated);
        if (truncated) json_object_set_new(recs[i], "page_truncated", json_true());
        int ok = !user.oom && chat_render(o->template, NULL, user.data, !o->think, &prompt) == 0 && !prompt.oom &&
                 tokenizer_encode(o->tok, prompt.data, prompt.len, &ids[k]) == 0;
        if (ok) which[k++] = i;
        else token_ids_free(&ids[k]);
        buf_free(&user), buf_free(&prompt);
    }
    gen_seq *out = calloc((size_t)(k ? k : 1), sizeof *out);
    const int32_t **p = malloc((size_t)(k ? k : 1) * sizeof *p);
    int *plen = malloc((size_t)(k ? k : 1) * sizeof *plen);
    int failed = !out || !p || !plen;
    for (int j = 0; !failed && j < k; j++) p[j] = ids[j].ids, plen[j] = (int)ids[j].len;
    gen_options go = {{0, 0, 1}, (int)o->max_tokens, o->stop, o->nstop};
    failed = failed || (k && gen_run(&o->m, &go, k, p, plen, out) < 0);
    for (int j = 0; !failed && j < k; j++) {
        buf text;
        buf_init(&text);
        tokenizer_decode(o->tok, out[j].ids, (size_t)(out[j].finish == FINISH_STOP ? out[j].n - 1 : out[j].n), &text);
        json_object_set_new(recs[which[j]], "llm_output", json_stringn(text.data ? text.data : "", text.len));
        if (out[j].finish == FINISH_LENGTH) json_object_set_new(recs[which[j]], "llm_truncated", json_true());
        buf_free(&text);
    }
    for (int j = 0; out && j < k; j++) gen_seq_free(&out[j]);
    for (int j = 0; ids && j < n; j++) token_ids_free(&ids[j]);
    free(which), free(ids), free(out), free(p), free(plen);
}

/* One question the model found, as warc-extract writes a pair: the page's provenance first. */
static json_t *item_record(const options *o, json_t *page, const llm_item *it, int index) {
    static const char *const provenance[] = {"url", "domain", "warc_file", "warc_record_id", "warc_date", NULL};
    json_t *r = json_object();
    json_t *pid = json_object_get(page, "id");
    char id[17];
    qa_pair_id(json_is_string(pid) ? json_string_value(pid) : "", index, id);
    json_object_set_new(r, "id", json_string(id));
    for (int i = 0; provenance[i]; i++) {
        json_t *v = json_object_get(page, provenance[i]);
        if (v) json_object_set(r, provenance[i], v);
    }
    json_object_set_new(r, "extractor", json_string(EXTRACTOR));
    json_object_set_new(r, "llm_model", json_string(o->model_dir ? o->name : "llm_output"));
    /* a model_missing_field item may lack either */
    json_object_set_new(r, "question", it->question ? json_string(it->question) : json_null());
    json_object_set_new(r, "answer", it->answer ? json_string(it->answer) : json_null());
    if (it->solution) json_object_set_new(r, "solution", json_string(it->solution));
    if (it->answer) json_object_set_new(r, "answer_words", json_integer(qa_word_count(it->answer)));
    if (it->reject) json_object_set_new(r, "reject_reason", json_string(it->reject));
    return r;
}

static void batch(json_t **recs, void *const *scratch, const char **reasons, const char **details, json_t **outs,
                  int n, void *ctx) {
    options *o = ctx;
    if (o->model_dir) generate(o, recs, scratch, n);
    for (int i = 0; i < n; i++) {
        if (!recs[i] || !((note *)scratch[i])->page) continue;
        json_t *output = json_object_get(recs[i], "llm_output"), *text = json_object_get(recs[i], "text");
        if (!json_is_string(output)) { reasons[i] = "model_failed"; continue; }   /* out of memory, or the model refused a token */
        llm_result r;
        if (llm_read(json_string_value(output), json_string_length(output), json_string_value(text), json_string_length(text), &r)) {
            reasons[i] = "out_of_memory";
        } else if (r.reject) {
            reasons[i] = r.reject;
            if (r.detail[0]) json_object_set_new(recs[i], "reject_detail", json_string(r.detail)), details[i] = json_string_value(json_object_get(recs[i], "reject_detail"));
        } else {
            outs[i] = json_array();
            for (int k = 0; k < r.n; k++) json_array_append_new(outs[i], item_record(o, recs[i], &r.items[k], k));
        }
        llm_result_free(&r);
    }
}

static int load_model(options *o) {
    char err[512], path[4096];
    if (engine_open(&o->m, o->model_dir, o->device, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    snprintf(path, sizeof path, "%s/tokenizer.json", o->model_dir);
    if (!(o->tok = tokenizer_load(path, err, sizeof err))) { cli_error("%s", err); return -1; }
    if (!(o->template = chat_pick_style(o->template, o->m.c.arch == ARCH_QWEN3))) return -1;
    const char *base = strrchr(o->model_dir, '/');
    snprintf(o->name, sizeof o->name, "%s", base && base[1] ? base + 1 : o->model_dir);
    o->nstop = chat_stop_tokens(o->tok, o->m.c.eos, o->stop);
    return 0;
}

int main(int argc, char **argv) {
    options o = {.max_tokens = 1024, .max_page_bytes = 16384, .batch = 8};
    const cli_option own[] = {
        {"model", 0, CLI_STRING, &o.model_dir, "DIR", "the instruct model (Hugging Face directory)", 0, 0},
        {"device", 0, CLI_CHOICE, &o.device, "cpu|cuda", "where the model runs (cpu; cuda arrives with the GPU backend)", 0, 0},
        {"template", 0, CLI_STRING, &o.template, "NAME", "chat template (from the model)", 0, 0},
        {"think", 0, CLI_FLAG, &o.think, NULL, "qwen3: let the model think first (off: an empty think block)", 0, 0},
        {"max-tokens", 0, CLI_INT, &o.max_tokens, "N", "the model's output limit (1024)", 1, 1 << 20},
        {"max-page-bytes", 0, CLI_INT, &o.max_page_bytes, "N", "page text given to the model (16384)", 256, 1 << 26},
        {"batch", 0, CLI_INT, &o.batch, "N", "pages put to the model together (8)", 1, 4096},
        {"print-prompt", 0, CLI_FLAG, &o.print_prompt, NULL, "print the prompt (" EXTRACTOR ") and stop", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "llm-extract",
        .synopsis = "Questions, answers and solutions out of pages without QA markup, by an instruct model.",
        .usage = "--model DIR [options] [FILE...]",
        .details = details,
        .example = "warc-extract --pages crawl.warc.gz | edu-filter --model edu.model | llm-extract --model qwen | qa-filter",
        .options = own,
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (o.print_prompt) { fputs(LLM_PROMPT, stdout); free(common.files); return EXIT_DONE; }
    if (o.device && strcmp(o.device, "cpu")) { cli_error("--device %s: only the CPU engine exists yet", o.device); return EXIT_USAGE; }
    int status = EXIT_USAGE;
    if (!o.model_dir || !load_model(&o)) {
        stage st = {.each = each, .batch = batch, .batch_lines = (int)o.batch, .ctx = &o, .scratch_size = sizeof(note),
                    .in_words = "records in", .out_words = "out"};
        tally t = {0};
        status = stage_run(&st, &common, &t);
    }
    if (o.model_dir) engine_close(&o.m);
    tokenizer_free(o.tok);
    free(common.files);
    return status;
}
