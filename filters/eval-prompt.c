/* eval-prompt -- benchmark rows into the exact prompts the paper gave its models.
 *
 * Reads benchmark rows (../shared/data/eval's schema: question, choices, answer, benchmark,
 * category) and writes each with `question` replaced by the user message General-Reasoner's
 * scripts build for that benchmark (lib/eval/benchmark.h), `instruction` set to "" so that rollout
 * appends nothing more, and `system` set where the paper's sampler sent a system message (the
 * simple-evals benchmarks).  rollout then applies the chat template.  Every other field passes
 * through.  A row of no known benchmark, without a question or answer, or a multiple-choice row
 * without its choices, is rejected with a reason. */
#include "core/cli.h"
#include "core/stage.h"
#include "eval/benchmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char details[] =
    "The benchmark is the row's `benchmark` field (a name or key from --list); --benchmark NAME names\n"
    "it for rows that have none (TheoremQA's file, SuperGPQA's upstream SuperGPQA-all.jsonl).  SuperGPQA\n"
    "rows in the upstream schema (options, answer_letter, discipline, uuid) become choices, answer\n"
    "(the letter; the option text kept as answer_text), category and id.\n"
    "--list prints the benchmarks as tab-separated columns: key, name, table (1 general, 2 math),\n"
    "samples and temperature of the paper's sampling, metric, system message (- for none).\n";

typedef struct {
    const char *benchmark;
    const benchmark *fixed;
    int list;
} options;

#define ERR_MAX 160

/* SuperGPQA's upstream fields under our names (the letter is what its script scores). */
static void upstream_supergpqa(json_t *rec) {
    json_t *opts = json_object_get(rec, "options"), *letter = json_object_get(rec, "answer_letter");
    if (!json_object_get(rec, "choices") && json_is_array(opts)) json_object_set(rec, "choices", opts);
    if (json_is_string(letter)) {
        json_t *text = json_object_get(rec, "answer");
        if (text) json_object_set(rec, "answer_text", text);
        json_object_set(rec, "answer", letter);
    }
    json_t *disc = json_object_get(rec, "discipline"), *uuid = json_object_get(rec, "uuid");
    if (!json_object_get(rec, "category") && disc) json_object_set(rec, "category", disc);
    if (!json_object_get(rec, "id") && uuid) json_object_set(rec, "id", uuid);
}

static const char *prompt_record(json_t *rec, void *ctx, void *scratch, const char **detail) {
    options *o = ctx;
    const char *named = json_string_value(json_object_get(rec, "benchmark"));
    const benchmark *b = named ? benchmark_find(named) : o->fixed;
    if (!b) {
        *detail = named ? NULL : "no benchmark field (give --benchmark NAME)";
        return "unknown_benchmark";
    }
    json_object_set_new(rec, "benchmark", json_string(b->name));
    if (!strcmp(b->key, "supergpqa")) upstream_supergpqa(rec);
    json_t *q = json_object_get(rec, "question"), *a = json_object_get(rec, "answer");
    if (!json_is_string(q)) { *detail = q ? "question is not a string" : NULL; return "missing_question"; }
    if (!a || json_is_null(a)) return "missing_answer";
    json_t *choices = json_object_get(rec, "choices");
    if ((b->prompt == PROMPT_OPTIONS || b->prompt == PROMPT_GPQA) && !json_is_array(choices)) return "missing_choices";
    buf p;
    buf_init(&p);
    if (benchmark_prompt(b, json_string_value(q), choices, &p, scratch, ERR_MAX) < 0) {
        buf_free(&p);
        *detail = scratch;
        return "bad_choices";
    }
    json_object_set_new(rec, "question", json_stringn(p.data, p.len));
    json_object_set_new(rec, "instruction", json_string(""));
    if (b->system) json_object_set_new(rec, "system", json_string(b->system));
    buf_free(&p);
    return NULL;
}

static void list_benchmarks(void) {
    static const char *metrics[] = {"micro", "macro", "avg"};
    for (int i = 0; i < benchmark_count(); i++) {
        const benchmark *b = benchmark_at(i);
        printf("%s\t%s\t%d\t%d\t%g\t%s\t%s\n", b->key, b->name, b->table, b->samples, b->temperature, metrics[b->metric],
               b->system ? b->system : "-");
    }
}

int main(int argc, char **argv) {
    options o = {0};
    const cli_option own[] = {
        {"benchmark", 0, CLI_STRING, &o.benchmark, "NAME", "the benchmark of rows without a benchmark field", 0, 0},
        {"list", 0, CLI_FLAG, &o.list, NULL, "print the benchmarks and the paper's settings, then exit", 0, 0},
        {0},
    };
    const cli_program prog = {
        .name = "eval-prompt",
        .synopsis = "Turns benchmark rows into the exact prompts the paper gave its models.",
        .usage = "[options] [FILE...]",
        .details = details,
        .example = "eval-prompt math500.jsonl | rollout --model M -n 1 --temperature 0 --max-tokens 8192 | gen-verify | eval-score",
        .options = own,
    };
    cli_common common;
    cli_result r = cli_parse(&prog, &common, argc, argv);
    if (r != CLI_RUN) return r == CLI_STOP_OK ? EXIT_DONE : EXIT_USAGE;
    if (o.list) return list_benchmarks(), free(common.files), EXIT_DONE;
    if (o.benchmark && !(o.fixed = benchmark_find(o.benchmark))) {
        cli_error("--benchmark %s: not one of the paper's benchmarks (see --list)", o.benchmark);
        free(common.files);
        return EXIT_USAGE;
    }
    stage st = {.each = prompt_record, .ctx = &o, .scratch_size = ERR_MAX, .in_words = "rows in", .out_words = "prompts"};
    tally t = {0};
    int status = stage_run(&st, &common, &t);
    free(common.files);
    return status;
}
