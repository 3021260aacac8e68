/* text.h -- pairs from text patterns (Question:/Answer:, Q:/A:, Problem/Solution, "the answer is",
 * boxed answers, numbered exercises with an answer key) over normalized text: trimmed lines,
 * paragraphs separated by one empty line. */
#ifndef GR_QA_TEXT_H
#define GR_QA_TEXT_H

#include "qa/pairs.h"

void qa_from_text(const char *text, qa_list *out);

#endif
