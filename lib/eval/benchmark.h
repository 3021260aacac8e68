/* benchmark.h -- the paper's twelve benchmarks: how each is asked, judged and counted.
 *
 * Everything here is transcribed from General-Reasoner's own evaluation scripts
 * (evaluation/eval_{mmlupro,supergpqa,bbeh}.py and simple-evals/<name>_eval_qwen.py, TIGER-AI-Lab @
 * 007e44cb1e6a; ../shared/data/eval/README.md).  TheoremQA has no script there: it is asked like
 * the math sets and judged by TheoremQA's own grader rules (judge.h). */
#ifndef GR_BENCHMARK_H
#define GR_BENCHMARK_H

#include <jansson.h>

#include "core/buf.h"

/* How the question is put to the model. */
typedef enum {
    PROMPT_MATH,        /* question, a blank line, "Please reason step by step, ... \boxed{}." */
    PROMPT_OPTIONS,     /* MMLU-Pro / SuperGPQA: question, "Options are:", "(A): ..." lines, instruction */
    PROMPT_GPQA,        /* simple-evals' template: "A: ..." to "D: ...", then a letter-only instruction */
    PROMPT_BBEH,        /* question, a blank line, "... put your final answer option within \boxed{}." */
} prompt_style;

/* How its responses are judged (judge.h). */
typedef enum {
    JUDGE_OPTION_LETTER,   /* MMLU-Pro / SuperGPQA: last box or "Final Answer:" line, first of A..J in it */
    JUDGE_GPQA_LETTER,     /* the first (?i)\boxed\s*{...} to the line's last }, equal to the letter */
    JUDGE_MATH,            /* the same first box, then our typed rules, then the verifier model */
    JUDGE_BBEH,            /* last box or "Final Answer:", BBEH's normalisation and fuzzy match */
    JUDGE_THEOREMQA,       /* our final answer, TheoremQA's grader: 4% for floats, sorted lists */
} judge_style;

/* How a score is made from verdicts (eval-score). */
typedef enum {
    METRIC_MICRO,     /* correct / questions */
    METRIC_MACRO,     /* mean of the per-category accuracies (SuperGPQA over its disciplines) */
    METRIC_AVG,       /* mean over every sample of every question (AIME avg@32) */
} metric;

typedef struct {
    const char *name;          /* the `benchmark` field's value, as the data files write it */
    const char *key;           /* its short name: the data file's stem, BENCH=..., --convention */
    const char *column;        /* its column heading in the paper's tables */
    int table;                 /* 1: the paper's general table, 2: its math table */
    prompt_style prompt;
    judge_style judge;
    const char *system;        /* the sampler's system message; NULL: the chat template's own */
    int samples;               /* responses per question, and their temperature */
    double temperature;
    metric metric;
} benchmark;

/* The benchmarks in the paper's column order (general table, then math). */
const benchmark *benchmark_at(int i);
int benchmark_count(void);
/* By name or key, case-insensitively; NULL when unknown. */
const benchmark *benchmark_find(const char *name);

/* The exact user message the paper gives the model for question q (choices: the options, A first;
 * NULL unless the style needs them).  0, or -1 with a reason in err (missing or too few
 * choices). */
int benchmark_prompt(const benchmark *b, const char *q, const json_t *choices, buf *out, char *err, size_t errlen);

#endif
