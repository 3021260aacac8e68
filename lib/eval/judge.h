/* judge.h -- a benchmark response judged as the paper's scripts judge it (benchmark.h says which
 * benchmark uses which), so our scores and the paper's are the same function of a response.
 *
 * Where a script falls back to an unseeded random letter (MMLU-Pro, SuperGPQA: nothing found to
 * read a letter from), the letter here comes from a hash of seed and the caller's key (the
 * record's id and sample), so a rerun or a shard gives the same verdict, and the record is marked
 * unanswered.  Math answers, which the paper gives GPT-4o, go to our typed rules (verify.h); the
 * ones they cannot decide for certain are marked for the verifier model. */
#ifndef GR_JUDGE_H
#define GR_JUDGE_H

#include <stddef.h>
#include <stdint.h>

#include "answer/verify.h"
#include "eval/benchmark.h"

typedef struct {
    verdict v;
    const char *extracted;  /* what the script reads the answer from, extracted_n bytes (NULL: nothing): */
    size_t extracted_n;     /* a piece of the response (not NUL-ended), or `owned` */
    char *owned;            /* malloc'd, NUL-ended: the copy extracted points to, when it is not in the response */
    char prediction[8];     /* the letter conventions' letter, "" otherwise */
    int unanswered;         /* nothing could be read: a wrong answer, or a random letter */
    int uncertain;          /* math: the rules' verdict is not certain, a verifier model should decide */
    const char *convention; /* the benchmark's key: "mmlu-pro", "math" */
    char rule[48];          /* which of its rules decided: "letter", "number" (verify_result's names) */
} judgement;

/* truth: the record's answer; answer_type: TheoremQA's (integer, float, bool, option, list of
 * ...; NULL: read from the truth); key: hashed with seed for the random letter. */
void judge_response(const benchmark *b, const verify_options *vo, const char *truth, size_t tn, const char *response,
                    size_t rn, const char *answer_type, uint64_t seed, const char *key, judgement *j);
void judgement_free(judgement *j);

/* The extraction steps by name, for tests, --extract and --explain: the paper's extract_solution
 * (stop words, the last \boxed{} two levels deep, else the last "Final Answer:" / "The answer is:"
 * line) as [*a, *b) of the response: 1, or 0 when there is nothing to read. */
int judge_last_span(const char *response, size_t n, size_t *a, size_t *b);
/* The same, read the long way (every marker searched for in turn, answer_boxes' full walk): what
 * judge_last_span's one pass over a plain response is checked against. */
int judge_last_span_slow(const char *response, size_t n, size_t *a, size_t *b);
/* judge_last_span's text, and simple-evals' first (?i)\boxed\s*{...} match: malloc'd or NULL. */
char *judge_extract_last(const char *response, size_t n);
char *judge_extract_first(const char *response, size_t n);

#endif
