/* answer-typer -- what kind of answer each record has, and its canonical form.
 *
 * Reads QA records and adds answer_type (integer, float, fraction, percentage, quantity,
 * expression, equation, interval, set, tuple, list, matrix, choice, boolean, string) and
 * answer_canonical, the normalized form gen-verify compares (docs/answer-types.md).  An answer
 * that cannot be parsed is typed "string", never an error; a record without an answer is
 * rejected as missing_answer. */
#include "answer/answer.h"
#include "answer/final.h"
#include "core/cli.h"
#include "core/stage.h"
#include "qa/category.h"

#include <stdlib.h>
#include <string.h>

static const char details[] =
    "Numbers keep what the verifier needs: integers, decimals with their significant figures,\n"
    "exact fractions, percentages; quantities get their value in SI base units; expressions,\n"
    "equations, intervals and matrices an S-expression tree from the LaTeX parser (lib/latex).\n"
    "Records whose answer is not a string are typed from its JSON text.\n"
    "An answer that is a worked solution (\"Q = m L = 250 g x 334 J/g = 83500 J, or about 83.5 kJ.\")\n"
    "becomes its short final answer (\"83500 J\": the last box, a marker's sentence, the result after\n"
    "the last line's last \"=\", ...) and the whole text moves to solution, unless there is one.\n"
    "A record without a category gets one: the discipline whose words its URL (three times over),\n"
    "question and answer use most (Mathematics, Physics, Chemistry, Biology, Economics, Finance,\n"
    "Business, Computer Science, Engineering, Health, Law, History, Psychology, Philosophy), a bare\n"
    "calculation or word problem Mathematics, else Other.\n";

static const char *type_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    (void)ctx, (void)scratch;
    json_t *a = json_object_get(rec, "answer");
    if (!a || json_is_null(a)) { *detail = "no answer field"; return "missing_answer"; }
    char *owned = NULL;
    const char *text;
    size_t n;
    if (json_is_string(a)) {
        text = json_string_value(a), n = json_string_length(a);
    } else {
        owned = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
        text = owned ? owned : "", n = strlen(text);
    }
    char *shorter = json_is_string(a) ? answer_short_form(text, n) : NULL;
    if (shorter) {   /* a worked solution: its result is the answer, the rest its solution */
        if (!json_is_string(json_object_get(rec, "solution"))) json_object_set(rec, "solution", a);
        json_object_set_new(rec, "answer", json_string(shorter));
        text = json_string_value(json_object_get(rec, "answer")), n = strlen(text);
        free(shorter);
    }
    json_t *cat = json_object_get(rec, "category");
    if (!json_is_string(cat) || !json_string_length(cat))   /* the discipline, when the source gave none */
        json_object_set_new(rec, "category", json_string(qa_category(json_string_value(json_object_get(rec, "question")),
                                                                      text, json_string_value(json_object_get(rec, "url")))));
    const char *type;
    json_t *canonical = answer_type(text, n, &type);
    json_object_set_new(rec, "answer_type", json_string(type));
    json_object_set_new(rec, "answer_canonical", canonical);
    free(owned);
    return NULL;
}

int main(int argc, char **argv) {
    const cli_program prog = {
        .name = "answer-typer",
        .synopsis = "Adds answer_type, answer_canonical and a missing category to QA records.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "warc-extract crawl.warc.gz | qa-filter | answer-typer > dataset.jsonl",
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    static const char *const reads[] = {"answer", "solution", "category", "question", "url", NULL};
    stage st = {.each = type_record, .reads = reads, .in_words = "records in", .out_words = "typed"};
    tally t = {0};
    int status = stage_run(&st, &common, &t);
    free(common.files);
    return status;
}
