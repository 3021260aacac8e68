/* verify.h -- does a model's final answer match the ground truth?  The rule layer of gen-verify.
 *
 * Both sides are typed by lib/answer (the same code answer-typer runs) and compared by type:
 * numbers with a relative tolerance and significant figures, quantities by SI dimension and value,
 * expressions by exact structure or by evaluation at random complex points, equations by their
 * sides, lists element by element, sets without order, choices, booleans, and normalized strings.
 * A rule that cannot decide says so (VERDICT_UNDECIDED): the model layer decides those.
 * verify_result.extracted is malloc'd; verify_result_free releases it. */
#ifndef GR_VERIFY_H
#define GR_VERIFY_H

#include <jansson.h>
#include <stddef.h>

#define VERIFY_RTOL 1e-4       /* the default relative tolerance */

typedef struct {
    double rtol;               /* relative tolerance for numbers (VERIFY_RTOL) */
    int unordered_lists;       /* lists compare as multisets */
    int paper_extraction;      /* take the final answer as General-Reasoner does (answer_final_paper) */
    int precision;             /* > 0: a number written as a decimal equals the other side when both
                                  round alike at this many decimal places (math-verify's float_rounding),
                                  instead of rtol and significant figures */
    int strict_sets;           /* an interval truth is not answered by a relation ("-2 <= x <= 7" for
                                  [-2, 7]); math-verify's default */
    const json_t *choices;     /* the record's choices, for letter vs option text; may be NULL */
} verify_options;

typedef enum { VERDICT_FALSE = 0, VERDICT_TRUE = 1, VERDICT_UNDECIDED = -1 } verdict;

typedef struct {
    verdict v;
    char rule[48];             /* which rule decided: "number", "quantity-unitless", ... */
    char detail[240];          /* why, for --explain */
    char *extracted;           /* the final answer taken from the response; NULL when none */
} verify_result;

/* Compares the ground truth with the response's final answer. */
void verify_answer(const verify_options *o, const char *truth, size_t tn, const char *response, size_t rn,
                   verify_result *r);
/* Compares the ground truth with an answer already taken from a response (NULL: none). */
void verify_extracted(const verify_options *o, const char *truth, size_t tn, const char *extracted, verify_result *r);
/* A verdict a verifier model should not overturn: a true one, or a false one from comparing two
 * parsed answers of the same kind.  Kinds that differ, plain strings and answers dug out of prose
 * are where rule-based verifiers go wrong on other domains. */
int verify_certain(const verify_result *r);
void verify_result_free(verify_result *r);

#endif
