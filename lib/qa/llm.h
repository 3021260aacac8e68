/* llm.h -- what an instruct model said a page holds: its JSON answer read, checked against the page.
 *
 * The model (llm-extract's prompt, docs/prompts/llm-extract-v1.txt) answers with a JSON object
 * {"question", "answer", "solution"}, an array of them, or none.  Models wrap it: a <think> block
 * first (Qwen3), a ```json fence, prose before and after; the first whole JSON value after the
 * think block is the answer.  Each item must have a question and an answer (a JSON number is
 * written as text) that the page supports -- a model that copies nothing it was shown is
 * inventing: the answer's text must be in the page (or most of its words, or a number of the same
 * value), and most of the question's words too.  Reasons (whole output): model_no_json,
 * model_bad_json, model_no_question; (one item): model_missing_field, answer_not_in_page,
 * question_not_in_page. */
#ifndef GR_QA_LLM_H
#define GR_QA_LLM_H

#include <stddef.h>

typedef struct {
    char *question, *answer, *solution;   /* malloc'd; solution may be NULL */
    const char *reject;                   /* NULL, or why this item is not kept */
} llm_item;

typedef struct {
    llm_item *items;
    int n;
    const char *reject;                   /* NULL, or why nothing in the output is usable */
    char detail[160];                     /* for model_bad_json: the parser's message */
} llm_result;

/* Reads a model's output about a page.  0, or -1 when memory ran out. */
int llm_read(const char *output, size_t n, const char *page, size_t page_len, llm_result *out);
void llm_result_free(llm_result *r);

#endif
