/* question.h -- quality rules made for a question and its answer, not for a web document.
 *
 * Gopher's rules (quality.h) judge pages: a two-line question full of LaTeX fails their word
 * length, symbol and repetition thresholds while being exactly what a dataset wants.  These rules
 * look instead for what a crawl puts in the question field by mistake, each with its reason:
 *   question_empty       no letter or digit beyond "Question:" and punctuation
 *   question_only_link   nothing but URLs (and "see"/"refer to" words)
 *   question_only_image  nothing but image references: ![..](..), <img>, x.png, [image]
 *   not_a_question       asks nothing: no question mark, asking word, math, blank or options
 *   boilerplate          navigation menus, cookie/login/copyright text
 *   spam                 advertising phrases with a link or phone number, or many links
 *   garbled_text         mojibake (UTF-8 read as cp1252) or replacement characters
 *   broken_latex         braces of LaTeX commands left open ("\frac{\frac{...")
 *   word_salad           word order no English sentence has ("the of", "an is", "word. lower")
 *   repeated_text        one line or sentence pasted over and over
 *   answer_copied        the answer is the question, or a long piece of it copied
 * Every threshold is in question.c with the measurement that set it. */
#ifndef GR_QUESTION_H
#define GR_QUESTION_H

#include <stddef.h>

/* NULL when the question and answer pass, else the reason (a static string). */
const char *question_check(const char *q, size_t qn, const char *a, size_t an);
/* Options "(A) ..", "(B) .." on lines of their own, or "A) .." / "A. ..": answered by a letter. */
int question_has_options(const char *q);

#endif
