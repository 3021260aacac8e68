/* gen-verify -- is a model's answer right?  The rule layer.
 *
 * Reads records with `answer` (the ground truth) and `response` (a model's full output), takes the
 * final answer from the response, compares it with the truth by type (lib/verify), and adds
 * extracted, verdict (true, false, or null when no rule can decide), reward and verifier
 * ("rule:<rule>").  Undecided records are what the General-Verifier model will judge (next issue).
 * The reward is the paper's by default: it counts tokens with the verifier's tokenizer. */
#include "cli.h"
#include "stage.h"
#include "tokenizer.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Extraction: text after </think>; the last \\boxed{} or \\fbox{}; else the latest 'final answer is',\n"
    "'final answer:', 'the answer is', 'answer:'; else the last non-empty line.\n"
    "--extract paper takes the answer as General-Reasoner does instead: the last \\boxed{} nested at most\n"
    "two levels deep, else the latest of its six marker phrases ending in a newline.\n"
    "Rewards: --reward paper (default), General-Reasoner's: -0.5 when no answer can be extracted; a correct\n"
    "answer earns 1 - 0.05 * min(10, |tokens(extracted) - tokens(answer)|), counted with the verifier's\n"
    "tokenizer (--tokenizer FILE, or $GR_TOKENIZER); anything else 0, undecided included.\n"
    "--reward binary: 1 for true, 0 otherwise.\n";

typedef struct {
    verify_options v;
    const char *reward, *tokenizer_path, *extract;
    int explain, percent_as_fraction, unordered_lists, strict_sets;
    long precision;
    tokenizer *tok;            /* set for the paper's reward */
} options;

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

static const char *verify_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)scratch;
    options *o = ctx;
    json_t *a = json_object_get(rec, "answer"), *resp = json_object_get(rec, "response");
    if (!json_is_string(a)) { *detail = a ? "answer is not a string" : NULL; return "missing_answer"; }
    if (!json_is_string(resp)) { *detail = resp ? "response is not a string" : NULL; return "missing_response"; }
    verify_options vo = o->v;
    vo.choices = json_object_get(rec, "choices");
    verify_result r;
    verify_answer(&vo, json_string_value(a), json_string_length(a), json_string_value(resp), json_string_length(resp), &r);
    json_object_set_new(rec, "extracted", r.extracted ? json_string(r.extracted) : json_null());
    json_object_set_new(rec, "verdict", r.v == VERDICT_UNDECIDED ? json_null() : json_boolean(r.v == VERDICT_TRUE));
    double reward = o->tok ? paper_reward(o->tok, r.v, r.extracted, json_string_value(a), json_string_length(a))
                           : r.v == VERDICT_TRUE;
    json_object_set_new(rec, "reward", json_real(reward));
    char verifier[64];
    snprintf(verifier, sizeof verifier, "rule:%s", r.rule);
    json_object_set_new(rec, "verifier", json_string(verifier));
    if (o->explain) json_object_set_new(rec, "verifier_detail", json_string(r.detail));
    verify_result_free(&r);
    return NULL;
}

int main(int argc, char **argv) {
    options o = {.v = {.rtol = 1e-4}, .reward = "paper", .tokenizer_path = getenv("GR_TOKENIZER"), .extract = "gr"};
    const cli_option own[] = {
        {"rtol", 0, CLI_DOUBLE, &o.v.rtol, "X", "relative tolerance for numbers (1e-4)", 0, 1},
        {"percent-as-fraction", 0, CLI_FLAG, &o.percent_as_fraction, NULL, "50% also equals 0.5 (off: 50% equals 50)", 0, 0},
        {"unordered-lists", 0, CLI_FLAG, &o.unordered_lists, NULL, "compare lists without order", 0, 0},
        {"precision", 0, CLI_INT, &o.precision, "N", "a decimal equals what rounds alike at N places (off: --rtol, significant figures)", 0, 15},
        {"strict-sets", 0, CLI_FLAG, &o.strict_sets, NULL, "a relation (-2 <= x <= 7) does not answer an interval truth", 0, 0},
        {"extract", 0, CLI_STRING, &o.extract, "gr|paper", "how the final answer is found (gr)", 0, 0},
        {"reward", 0, CLI_STRING, &o.reward, "paper|binary", "reward scheme (paper)", 0, 0},
        {"tokenizer", 0, CLI_STRING, &o.tokenizer_path, "FILE", "the verifier's tokenizer.json, for the paper's reward", 0, 0},
        {"explain", 0, CLI_FLAG, &o.explain, NULL, "add verifier_detail: which rule, which tolerance", 0, 0},
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
    if (strcmp(o.reward, "binary") && strcmp(o.reward, "paper")) {
        cli_error("--reward %s: choose paper or binary", o.reward);
        return EXIT_USAGE;
    }
    if (strcmp(o.extract, "gr") && strcmp(o.extract, "paper")) {
        cli_error("--extract %s: choose gr or paper", o.extract);
        return EXIT_USAGE;
    }
    if (!strcmp(o.reward, "paper")) {
        if (!o.tokenizer_path || !*o.tokenizer_path) {
            cli_error("the paper's reward counts tokens: give --tokenizer FILE (the verifier's tokenizer.json, "
                      "or set GR_TOKENIZER), or use --reward binary");
            return EXIT_USAGE;
        }
        char err[512];
        if (!(o.tok = tokenizer_load(o.tokenizer_path, err, sizeof err))) {
            cli_error("%s", err);
            return EXIT_USAGE;
        }
    }
    o.v.paper_extraction = !strcmp(o.extract, "paper");
    o.v.percent_as_fraction = o.percent_as_fraction;
    o.v.unordered_lists = o.unordered_lists;
    o.v.precision = (int)o.precision, o.v.strict_sets = o.strict_sets;
    stage st = {.each = verify_record, .ctx = &o, .in_words = "records in", .out_words = "judged"};
    tally t = {0};
    int status = stage_run(&st, &common, &t);
    tokenizer_free(o.tok);
    free(common.files);
    return status;
}
