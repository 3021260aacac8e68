/* gen-verify -- is a model's answer right?  Rules first, then the General-Verifier model.
 *
 * Reads records with `answer` (the ground truth) and `response` (a model's full output), takes the
 * final answer from the response, compares it with the truth by type (lib/verify), and adds
 * extracted, verdict (true, false, or null when no rule can decide), reward and verifier
 * ("rule:<rule>").  With --model, what the rules cannot decide for certain goes to the verifier
 * model (General-Reasoner's prompt, greedy), whose "Final Decision: Yes" is the verdict
 * ("model:<name>", its text in verifier_output).  The reward is the paper's by default: it counts
 * tokens with the verifier's tokenizer. */
#include "text/chat.h"
#include "core/cli.h"
#include "engine/generate.h"
#include "core/stage.h"
#include "text/tokenizer.h"
#include "answer/answer.h"
#include "answer/verify.h"
#include "core/output.h"
#include "eval/judge.h"

#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Extraction: text after </think>; the last \\boxed{} or \\fbox{}; else the latest 'final answer is',\n"
    "'final answer:', 'the answer is', 'answer:'; else the last non-empty line.\n"
    "--extract paper takes the answer as General-Reasoner does instead: the last \\boxed{} nested at most\n"
    "two levels deep, else the latest of its six marker phrases ending in a newline.  --extract first-box:\n"
    "simple-evals' first (?i)\\boxed\\s*{...} match to its line's last }; last-box: the paper's eval\n"
    "scripts' last \\boxed{} (two levels deep), else the last 'Final Answer:' / 'The answer is:' line.\n"
    "Benchmarks: a record whose `benchmark` names one of the paper's (eval-prompt --list), or every\n"
    "record under --convention NAME, is judged as that benchmark's script judges it: MMLU-Pro and\n"
    "SuperGPQA by the first of A..J in the last box (else a letter drawn from --seed, the record marked\n"
    "unanswered), GPQA by the first box's exact letter, BBEH by its normalisation and fuzzy match,\n"
    "TheoremQA by its grader's tolerance (4%, integers rounded, lists sorted), the math sets by the\n"
    "first box and our rules, then --model where the rules are unsure (the paper's GPT-4o judge).\n"
    "Such records also get `unanswered` and, for letters, `prediction`.\n"
    "A rule says true or false only when both answers parsed into one kind and compared exactly; kinds\n"
    "that differ, words that differ, unlike expressions and prose with several numbers are null.\n"
    "Rewards: --reward paper, General-Reasoner's: -0.5 when no answer can be extracted; a correct answer\n"
    "earns 1 - 0.05 * min(10, |tokens(extracted) - tokens(answer)|), counted with the verifier's tokenizer\n"
    "(--model's, --tokenizer FILE, or $GR_TOKENIZER); anything else 0, undecided included.\n"
    "--reward binary: 1 for true, 0 otherwise.  Without --reward: paper when one of those tokenizers is\n"
    "at hand, else binary; which one is said once on stderr (not with --quiet).\n"
    "--model DIR (a General-Verifier checkpoint, Qwen2 family): --mode hybrid (the default then) keeps the\n"
    "rules' true verdicts and their false ones from typed comparisons, and asks the model about the rest\n"
    "(undecided, kinds that differ, plain strings, answers read from prose); --mode model asks it about\n"
    "everything, --mode rule never.  Its tokenizer.json is then the reward's tokenizer.\n"
    "--report FILE, for labelled pairs (a boolean `expected`): per answer type (the record's answer_type,\n"
    "else answer-typer's of the truth) and per source (`source` up to its first ':', '@' or ' '), how many\n"
    "pairs were decided (coverage) and how many decided verdicts were right (precision), as markdown.\n";

typedef struct {
    verify_options v;
    const char *reward, *tokenizer_path, *extract, *model_dir, *device, *mode, *convention;
    const benchmark *fixed;    /* --convention's benchmark */
    long seed;
    int explain, unordered_lists, strict_sets;
    long precision, max_tokens, batch;
    tokenizer *tok;            /* the model's tokenizer */
    tokenizer *reward_tok;     /* the paper's reward counts with it (NULL: binary reward) */
    model m;
    int use_model, all_to_model;
    char name[128];            /* "model:<directory name>" */
    int32_t stop[3];
    int nstop;
    const char *report_path;
    struct report_row *rows;   /* --report's tallies */
    int nrows, rows_cap, report_oom;
    long by_rule, by_model;
} options;

typedef struct {
    int ask_model;             /* set by the rule pass for the model pass */
} record_note;

/* General-Reasoner's compute_rm_score: a missing answer counts as the text "No Answer". */
static double paper_reward(const tokenizer *tok, verdict v, const char *extracted, const char *truth, size_t tn) {
    double reward = extracted ? 0.0 : -0.5;
    if (v == VERDICT_TRUE) {
        const char *said = extracted ? extracted : "No Answer";
        long diff = labs(tokenizer_count(tok, said, strlen(said)) - tokenizer_count(tok, truth, tn));
        reward += 1.0 - 0.05 * (double)(diff < 10 ? diff : 10);
    }
    return reward;
}

static void set_reward(const options *o, json_t *rec, verdict v) {
    json_t *a = json_object_get(rec, "answer"), *x = json_object_get(rec, "extracted");
    double reward = o->reward_tok ? paper_reward(o->reward_tok, v, json_string_value(x), json_string_value(a),
                                                 json_string_length(a))
                                  : v == VERDICT_TRUE;
    json_object_set_new(rec, "reward", json_real(reward));
}

/* A benchmark's response, judged as the paper's script for it judges (lib/eval/judge.h). */
static void judge_benchmark(const options *o, const benchmark *b, json_t *rec, const verify_options *vo,
                            record_note *note) {
    json_t *a = json_object_get(rec, "answer"), *resp = json_object_get(rec, "response"), *id = json_object_get(rec, "id");
    char key[256];
    snprintf(key, sizeof key, "%s/%lld", json_is_string(id) ? json_string_value(id) : "",
             (long long)json_integer_value(json_object_get(rec, "sample")));
    judgement j;
    judge_response(b, vo, json_string_value(a), json_string_length(a), json_string_value(resp), json_string_length(resp),
                   json_string_value(json_object_get(rec, "answer_type")), (uint64_t)o->seed, key, &j);
    json_object_set_new(rec, "extracted", j.extracted ? json_stringn(j.extracted, j.extracted_n) : json_null());
    if (j.prediction[0]) json_object_set_new(rec, "prediction", json_string(j.prediction));
    json_object_set_new(rec, "unanswered", json_boolean(j.unanswered));
    json_object_set_new(rec, "verdict", j.v == VERDICT_UNDECIDED ? json_null() : json_boolean(j.v == VERDICT_TRUE));
    set_reward(o, rec, j.v);
    /* only the math sets had a model judge (GPT-4o); the letter and BBEH scripts are exact */
    note->ask_model = o->use_model && b->judge == JUDGE_MATH && j.extracted && (o->all_to_model || j.uncertain);
    char verifier[96];
    snprintf(verifier, sizeof verifier, "rule:%s:%s", j.convention, j.rule);
    json_object_set_new(rec, "verifier", json_string(verifier));
    judgement_free(&j);
}

static const char *verify_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    options *o = ctx;
    record_note *note = scratch;
    json_t *a = json_object_get(rec, "answer"), *resp = json_object_get(rec, "response");
    if (!json_is_string(a)) { *detail = a ? "answer is not a string" : NULL; return "missing_answer"; }
    if (!json_is_string(resp)) { *detail = resp ? "response is not a string" : NULL; return "missing_response"; }
    verify_options vo = o->v;
    vo.choices = json_object_get(rec, "choices");
    const benchmark *b = o->fixed ? o->fixed : benchmark_find(json_string_value(json_object_get(rec, "benchmark")));
    if (b) return judge_benchmark(o, b, rec, &vo, note), NULL;
    verify_result r;
    const char *rt = json_string_value(resp);
    size_t rn = json_string_length(resp);
    if (!strcmp(o->extract, "first-box") || !strcmp(o->extract, "last-box")) {
        char *x = o->extract[0] == 'f' ? judge_extract_first(rt, rn) : judge_extract_last(rt, rn);
        verify_extracted(&vo, json_string_value(a), json_string_length(a), x, &r);
        free(x);
    } else verify_answer(&vo, json_string_value(a), json_string_length(a), rt, rn, &r);
    json_object_set_new(rec, "extracted", r.extracted ? json_string(r.extracted) : json_null());
    json_object_set_new(rec, "verdict", r.v == VERDICT_UNDECIDED ? json_null() : json_boolean(r.v == VERDICT_TRUE));
    set_reward(o, rec, r.v);
    note->ask_model = o->use_model && (o->all_to_model || !verify_certain(&r));
    char verifier[64];
    snprintf(verifier, sizeof verifier, "rule:%s", r.rule);
    json_object_set_new(rec, "verifier", json_string(verifier));
    if (o->explain) json_object_set_new(rec, "verifier_detail", json_string(r.detail));
    verify_result_free(&r);
    return NULL;
}

/* ---- --report: precision and coverage on labelled pairs ---- */

typedef struct report_row {
    char kind, name[64];   /* kind: 't' an answer type, 's' a source, '*' all */
    long pairs, decided, right, false_no, false_yes;   /* false_no: said false to an equal pair */
    long equal, said_equal;                            /* expected true; said true */
} report_row;

static report_row *report_row_of(options *o, char kind, const char *name, size_t n) {
    if (n >= sizeof o->rows->name) n = sizeof o->rows->name - 1;
    for (int i = 0; i < o->nrows; i++)
        if (o->rows[i].kind == kind && strlen(o->rows[i].name) == n && !memcmp(o->rows[i].name, name, n)) return &o->rows[i];
    if (o->nrows == o->rows_cap) {
        report_row *more = realloc(o->rows, (size_t)(o->rows_cap ? 2 * o->rows_cap : 32) * sizeof *more);
        if (!more) return o->report_oom = 1, NULL;
        o->rows = more, o->rows_cap = o->rows_cap ? 2 * o->rows_cap : 32;
    }
    report_row *r = &o->rows[o->nrows++];
    *r = (report_row){.kind = kind};
    memcpy(r->name, name, n), r->name[n] = 0;
    return r;
}

/* in_order: a labelled record's verdict into its type's, its source's and the total row. */
static const char *tally_pair(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch, (void)detail;
    options *o = ctx;
    json_t *expected = json_object_get(rec, "expected"), *v = json_object_get(rec, "verdict"), *a = json_object_get(rec, "answer");
    if (!json_is_boolean(expected) || !json_is_string(a)) return NULL;
    const char *type = json_string_value(json_object_get(rec, "answer_type")), *src = json_string_value(json_object_get(rec, "source"));
    json_t *canonical = type ? NULL : answer_type(json_string_value(a), json_string_length(a), &type);
    report_row *rows[3] = {report_row_of(o, '*', "all", 3), report_row_of(o, 't', type ? type : "?", strlen(type ? type : "?")),
                           report_row_of(o, 's', src ? src : "?", src ? strcspn(src, ":@ (") : 1)};
    json_decref(canonical);
    for (int k = 0; k < 3 && rows[k]; k++) {
        report_row *r = rows[k];
        r->pairs++;
        r->equal += json_is_true(expected), r->said_equal += json_is_true(v);
        if (!json_is_boolean(v)) continue;
        r->decided++;
        if (json_is_true(v) == json_is_true(expected)) r->right++;
        else if (json_is_true(expected)) r->false_no++;
        else r->false_yes++;
    }
    return NULL;
}

static double percent(long part, long whole) { return whole ? 100.0 * (double)part / (double)whole : 0.0; }

/* Accuracy counts an undecided pair as wrong; precision and recall are of the verdict "equal". */
static void report_lines(FILE *f, const options *o, char kind, const char *title) {
    fprintf(f, "\n| %s | pairs | decided | coverage | right of decided | accuracy | precision of equal | recall of equal "
               "| false on equal pairs | true on unequal |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", title);
    for (int i = 0; i < o->nrows; i++) {
        const report_row *r = &o->rows[i];
        if (r->kind != kind) continue;
        long right_equal = r->said_equal - r->false_yes;
        fprintf(f, "| %s | %ld | %ld | %.1f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %ld | %ld |\n", r->name, r->pairs, r->decided,
                percent(r->decided, r->pairs), percent(r->right, r->decided), percent(r->right, r->pairs),
                percent(right_equal, r->said_equal), percent(right_equal, r->equal), r->false_no, r->false_yes);
    }
}

static int write_report(const options *o, safe_file *f) {
    if (o->report_oom) { cli_error("--report: out of memory"); safe_abort(f); return -1; }
    fprintf(f->f, "# gen-verify on labelled pairs: precision of the decided verdicts, coverage\n");
    report_lines(f->f, o, '*', "all");
    report_lines(f->f, o, 't', "answer type");
    report_lines(f->f, o, 's', "source");
    if (safe_commit(f)) { cli_error("--report %s: write failed; nothing written there", o->report_path); return -1; }
    return 0;
}

/* The paper's reward counts tokens with the verifier's tokenizer: --tokenizer, else the model's,
 * else $GR_TOKENIZER.  Without --reward, a first run with no tokenizer at hand still works: the
 * binary reward, said once so nobody mistakes it for the paper's. */
static int load_reward_tokenizer(options *o, int quiet) {
    if (!o->reward) {
        const char *env = getenv("GR_TOKENIZER");
        int at_hand = o->tokenizer_path || o->tok || (env && *env);
        o->reward = at_hand ? "paper" : "binary";
        if (!quiet && at_hand)
            cli_error("reward: the paper's, counting tokens with %s",
                      o->tokenizer_path ? o->tokenizer_path : o->tok ? "the model's tokenizer" : env);
        else if (!quiet)
            cli_error("reward: binary (the paper's needs a tokenizer: --model, --tokenizer FILE or GR_TOKENIZER)");
    }
    if (strcmp(o->reward, "paper")) return 0;
    if (!o->tokenizer_path && o->tok) return o->reward_tok = o->tok, 0;
    const char *path = o->tokenizer_path ? o->tokenizer_path : getenv("GR_TOKENIZER");
    if (!path || !*path) {
        cli_error("the paper's reward counts tokens: give --tokenizer FILE (the verifier's tokenizer.json, "
                  "or set GR_TOKENIZER), or use --reward binary");
        return -1;
    }
    char err[512];
    if (!(o->reward_tok = tokenizer_load(path, err, sizeof err))) { cli_error("%s", err); return -1; }
    return 0;
}

/* The verifier model on every record the rules left to it, greedy, as one batch. */
static void model_batch(json_t **recs, void *const *scratch, const char **reasons, const char **details, json_t **outs,
                        int n, void *ctx) {
    (void)reasons, (void)details, (void)outs;
    options *o = ctx;
    int *which = malloc((size_t)n * sizeof *which), k = 0;
    token_ids *ids = calloc((size_t)n, sizeof *ids);
    for (int i = 0; i < n; i++) {
        if (!recs[i]) continue;
        if (!which || !ids) { o->by_rule++; continue; }   /* out of memory: the rules' verdicts stand */
        if (!((record_note *)scratch[i])->ask_model) { o->by_rule++; continue; }
        json_t *q = json_object_get(recs[i], "question"), *x = json_object_get(recs[i], "extracted");
        buf prompt;
        buf_init(&prompt);
        chat_verifier_prompt(json_is_string(q) ? json_string_value(q) : "",
                             json_string_value(json_object_get(recs[i], "answer")), json_string_value(x), &prompt);
        if (!prompt.oom && tokenizer_encode(o->tok, prompt.data, prompt.len, &ids[k]) == 0) which[k++] = i;
        else token_ids_free(&ids[k]), o->by_rule++;    /* out of memory: the rule's verdict stands */
        buf_free(&prompt);
    }
    gen_seq *out = calloc((size_t)k, sizeof *out);
    const int32_t **p = malloc((size_t)k * sizeof *p);
    int *plen = malloc((size_t)k * sizeof *plen);
    int failed = k && (!out || !p || !plen);
    for (int j = 0; !failed && j < k; j++) p[j] = ids[j].ids, plen[j] = (int)ids[j].len;
    gen_options go = {{0, 0, 1}, (int)o->max_tokens, o->stop, o->nstop};
    failed = failed || (k && gen_run(&o->m, &go, k, p, plen, out) < 0);
    for (int j = 0; j < k; j++) {
        json_t *rec = recs[which[j]];
        buf text;
        buf_init(&text);
        if (!failed) tokenizer_decode(o->tok, out[j].ids, (size_t)(out[j].finish == FINISH_STOP ? out[j].n - 1 : out[j].n), &text);
        int yes = !failed && text.len && strstr(text.data, "Final Decision: Yes");
        json_object_set_new(rec, "verdict", failed ? json_null() : json_boolean(yes));
        json_object_set_new(rec, "verifier", json_string(o->name));
        json_object_set_new(rec, "verifier_output", failed ? json_null() : json_stringn(text.len ? text.data : "", text.len));
        set_reward(o, rec, failed ? VERDICT_UNDECIDED : yes ? VERDICT_TRUE : VERDICT_FALSE);
        o->by_model++;
        buf_free(&text);
        if (out) gen_seq_free(&out[j]);
    }
    for (int j = 0; ids && j < n; j++) token_ids_free(&ids[j]);
    free(which), free(ids), free(out), free(p), free(plen);
}

/* Loads the verifier model and its tokenizer. */
static int load_verifier(options *o) {
    char err[512], path[4096];
    if (engine_open(&o->m, o->model_dir, o->device, err, sizeof err) < 0) { cli_error("%s", err); return -1; }
    snprintf(path, sizeof path, "%s/tokenizer.json", o->model_dir);
    if (!(o->tok = tokenizer_load(path, err, sizeof err))) { cli_error("%s", err); return -1; }
    const char *base = strrchr(o->model_dir, '/');
    snprintf(o->name, sizeof o->name, "model:%s", base && base[1] ? base + 1 : o->model_dir);
    o->nstop = chat_stop_tokens(o->tok, o->m.c.eos, o->stop);
    return 0;
}

int main(int argc, char **argv) {
    options o = {.v = {.rtol = VERIFY_RTOL}, .extract = "gr",
                 .max_tokens = 1024, .batch = 16};
    const cli_option own[] = {
        {"rtol", 0, CLI_DOUBLE, &o.v.rtol, "X", "relative tolerance for numbers (1e-4)", 0, 1},
        {"unordered-lists", 0, CLI_FLAG, &o.unordered_lists, NULL, "compare lists without order", 0, 0},
        {"precision", 0, CLI_INT, &o.precision, "N", "a decimal equals what rounds alike at N places (off: --rtol, significant figures)", 0, 15},
        {"strict-sets", 0, CLI_FLAG, &o.strict_sets, NULL, "a relation (-2 <= x <= 7) does not answer an interval truth", 0, 0},
        {"extract", 0, CLI_CHOICE, &o.extract, "gr|paper|first-box|last-box", "how the final answer is found (gr)", 0, 0},
        {"convention", 0, CLI_STRING, &o.convention, "NAME", "judge every record as benchmark NAME's script does (eval-prompt --list)", 0, 0},
        {"seed", 0, CLI_INT, &o.seed, "N", "seeds the letter the paper picks at random when none is found (0)", 0, 1L << 62},
        {"reward", 0, CLI_CHOICE, &o.reward, "paper|binary", "reward scheme (paper when a tokenizer is at hand, else binary)", 0, 0},
        {"tokenizer", 0, CLI_STRING, &o.tokenizer_path, "FILE", "tokenizer.json for the paper's reward (the model's, or $GR_TOKENIZER)", 0, 0},
        {"explain", 0, CLI_FLAG, &o.explain, NULL, "add verifier_detail: which rule, which tolerance", 0, 0},
        {"model", 0, CLI_STRING, &o.model_dir, "DIR", "the General-Verifier model (Hugging Face directory)", 0, 0},
        {"device", 0, CLI_CHOICE, &o.device, "cpu|cuda", "where the model runs (cpu; cuda arrives with the GPU backend)", 0, 0},
        {"mode", 0, CLI_CHOICE, &o.mode, "rule|model|hybrid", "who decides (hybrid with --model, else rule)", 0, 0},
        {"max-tokens", 0, CLI_INT, &o.max_tokens, "N", "the verifier's output limit (1024; the paper's 2048)", 1, 1 << 20},
        {"batch", 0, CLI_INT, &o.batch, "N", "records judged by the model together (16)", 1, 4096},
        {"report", 0, CLI_STRING, &o.report_path, "FILE", "labelled pairs (`expected`): precision and coverage per type and source, as markdown", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "gen-verify",
        .synopsis = "Judges model responses against ground-truth answers: verdict, reward, the rule that decided.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "rollout --model policy -n 8 < questions.jsonl | gen-verify | grpo-step --model policy --out next",
        .options = own,
    };
    cli_common common;
    cli_result pr = cli_parse(&prog, &common, argc, argv);
    if (pr != CLI_RUN) return pr == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (!o.mode) o.mode = o.model_dir ? "hybrid" : "rule";
    o.use_model = strcmp(o.mode, "rule") != 0, o.all_to_model = !strcmp(o.mode, "model");
    if (o.convention && !(o.fixed = benchmark_find(o.convention))) {
        cli_error("--convention %s: not one of the paper's benchmarks (eval-prompt --list)", o.convention);
        return EXIT_USAGE;
    }
    if (o.use_model && !o.model_dir) {
        cli_error("--mode %s needs --model DIR", o.mode);
        return EXIT_USAGE;
    }
    int status = EXIT_USAGE;
    safe_file report = {0};   /* opened first: a report path that is also an input is refused before reading */
    if (o.report_path && cli_open_output(&report, "--report", o.report_path, common.files, common.nfiles)) goto done;
    if ((o.use_model && load_verifier(&o) < 0) || load_reward_tokenizer(&o, common.quiet) < 0) goto done;
    o.v.paper_extraction = !strcmp(o.extract, "paper");
    o.v.unordered_lists = o.unordered_lists;
    o.v.precision = (int)o.precision, o.v.strict_sets = o.strict_sets;
    /* the question only for the model's prompt; expected and source only for --report */
    static const char *const reads[] = {"answer", "response", "id", "sample", "answer_type", "choices", "benchmark",
                                        "question", "expected", "source", NULL};
    static const char *const reads_rules[] = {"answer", "response", "id", "sample", "answer_type", "choices", "benchmark",
                                              "expected", "source", NULL};
    stage st = {.each = verify_record, .in_order = o.report_path ? tally_pair : NULL, .reads = o.use_model ? reads : reads_rules,
                .batch = o.use_model ? model_batch : NULL, .batch_lines = o.use_model ? (int)o.batch : 0,
                .scratch_size = sizeof(record_note), .ctx = &o, .in_words = "records in", .out_words = "judged"};
    tally t = {0};
    status = stage_run(&st, &common, &t);
    if (report.f && status != EXIT_USAGE && write_report(&o, &report) < 0) status = EXIT_USAGE;
    if (o.use_model && !common.quiet) cli_error("%ld decided by rules, %ld by %s", o.by_rule, o.by_model, o.name);
done:
    safe_abort(&report);   /* not written: nothing left behind */
    free(o.rows);
    engine_close(&o.m);
    if (o.reward_tok != o.tok) tokenizer_free(o.reward_tok);
    tokenizer_free(o.tok);
    free(common.files);
    return status;
}
