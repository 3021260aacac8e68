/* benchmark.c -- the benchmark table and the paper's prompts, byte for byte. */
#include "eval/benchmark.h"

#include "core/errors.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* simple-evals' QwenChatCompletionSampler, as run_simple_evals_qwen.py builds it */
#define SIMPLE_EVALS_SYSTEM "You are a helpful assistant."

static const benchmark table[] = {
    {"MMLU-Pro", "mmlu_pro", "MMLU-Pro", 1, PROMPT_OPTIONS, JUDGE_OPTION_LETTER, NULL, 1, 0, METRIC_MICRO},
    {"GPQA-Diamond", "gpqa_diamond", "GPQA", 1, PROMPT_GPQA, JUDGE_GPQA_LETTER, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"SuperGPQA", "supergpqa", "SuperGPQA", 1, PROMPT_OPTIONS, JUDGE_OPTION_LETTER, NULL, 1, 0, METRIC_MACRO},
    {"TheoremQA", "theoremqa", "TheoremQA", 1, PROMPT_MATH, JUDGE_THEOREMQA, NULL, 1, 0, METRIC_MICRO},
    {"BBEH", "bbeh", "BBEH", 1, PROMPT_BBEH, JUDGE_BBEH, NULL, 1, 0, METRIC_MICRO},
    {"MATH-500", "math500", "MATH-500", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"OlympiadBench", "olympiadbench", "Olympiad", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"Minerva Math", "minerva_math", "Minerva", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"GSM8K", "gsm8k", "GSM8K", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"AMC23", "amc23", "AMC", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 1, 0, METRIC_MICRO},
    {"AIME24", "aime24", "AIME24", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 32, 1, METRIC_AVG},
    {"AIME25", "aime25", "AIME25", 2, PROMPT_MATH, JUDGE_MATH, SIMPLE_EVALS_SYSTEM, 32, 1, METRIC_AVG},
};

#define COUNT (int)(sizeof table / sizeof *table)

const benchmark *benchmark_at(int i) { return i >= 0 && i < COUNT ? &table[i] : NULL; }

int benchmark_count(void) { return COUNT; }

const benchmark *benchmark_find(const char *name) {
    for (int i = 0; name && i < COUNT; i++)
        if (!strcasecmp(name, table[i].name) || !strcasecmp(name, table[i].key)) return &table[i];
    return NULL;
}

/* Python's s.replace(old, new): every non-overlapping occurrence, left to right, in one pass. */
static void replace_all(buf *s, const char *old, const char *with, size_t wn) {
    size_t on = strlen(old);
    buf out;
    buf_init(&out);
    size_t i = 0;
    while (i < s->len) {
        const char *hit = s->len - i >= on ? memmem(s->data + i, s->len - i, old, on) : NULL;
        if (!hit) break;
        buf_append(&out, s->data + i, (size_t)(hit - (s->data + i)));
        buf_append(&out, with, wn);
        i = (size_t)(hit - s->data) + on;
    }
    buf_append(&out, s->data + i, s->len - i);
    buf_free(s);
    *s = out;
}

static const char *choice(const json_t *choices, size_t i, size_t *n) {
    const json_t *c = json_array_get(choices, i);
    *n = json_string_length(c);
    return json_string_value(c);
}

/* simple-evals' gpqa_eval_qwen.py: QUERY_TEMPLATE, then .replace of <question>, <a> ... <d> in
 * turn over the whole text -- so a "<b>" inside the question is replaced too, as there. */
static void gpqa_prompt(const char *q, const json_t *choices, buf *out) {
    static const char *slot[] = {"<a>", "<b>", "<c>", "<d>"};
    buf_puts(out, "<question>\n\nA: <a>\nB: <b>\nC: <c>\nD: <d>\n\n"
                  "Please reason step by step, and put your final answer within \\boxed{}.\n"
                  "Please only provide the letter of the answer in the box.");
    replace_all(out, "<question>", q, strlen(q));
    for (size_t i = 0; i < 4; i++) {
        size_t n;
        const char *c = choice(choices, i, &n);
        replace_all(out, slot[i], c, n);
    }
}

/* eval_mmlupro.py / eval_supergpqa.py: form_options() zips the options with A..J (ten at most). */
static void options_prompt(const benchmark *b, const char *q, const json_t *choices, buf *out) {
    buf_puts(out, q);
    buf_puts(out, "\nOptions are:\n");
    for (size_t i = 0; i < json_array_size(choices) && i < 10; i++) {
        size_t n;
        const char *c = choice(choices, i, &n);
        buf_putc(out, '('), buf_putc(out, (char)('A' + i)), buf_puts(out, "): ");
        buf_append(out, c, n);
        buf_putc(out, '\n');
    }
    buf_puts(out, "\n\nPlease reason step by step, and put your final answer option within \\boxed{}. ");
    buf_puts(out, strcmp(b->key, "supergpqa") ? "Only put the option letter in the box, e.g. \\boxed{A}. "
                                                : "Only put the letter in the box, e.g. \\boxed{A}. ");
    buf_puts(out, "There is only one correct answer.");
}

int benchmark_prompt(const benchmark *b, const char *q, const json_t *choices, buf *out, char *err, size_t errlen) {
    if (b->prompt == PROMPT_OPTIONS || b->prompt == PROMPT_GPQA) {
        size_t need = b->prompt == PROMPT_GPQA ? 4 : 2;
        if (!json_is_array(choices)) return error_into(err, errlen, "%s needs choices (an array of option texts)", b->name);
        if (json_array_size(choices) < need || (b->prompt == PROMPT_GPQA && json_array_size(choices) != 4))
            return error_into(err, errlen, "%s has %zu choices, needs %s%zu", b->name, json_array_size(choices),
                              b->prompt == PROMPT_GPQA ? "" : "at least ", need);
        for (size_t i = 0; i < json_array_size(choices); i++)
            if (!json_is_string(json_array_get(choices, i))) return error_into(err, errlen, "choice %zu is not a string", i);
    }
    switch (b->prompt) {
    case PROMPT_MATH:
        buf_puts(out, q), buf_puts(out, "\n\nPlease reason step by step, and put your final answer within \\boxed{}.");
        break;
    case PROMPT_OPTIONS: options_prompt(b, q, choices, out); break;
    case PROMPT_GPQA: gpqa_prompt(q, choices, out); break;
    case PROMPT_BBEH:
        buf_puts(out, q), buf_puts(out, "\n\nPlease reason step by step, and put your final answer option within \\boxed{}.");
        break;
    }
    return out->oom ? error_into(err, errlen, "out of memory") : 0;
}
