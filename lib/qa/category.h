/* category.h -- the discipline of a question, for a dataset record's `category`: one of
 * Mathematics, Physics, Chemistry, Biology, Economics, Finance, Business, Computer Science,
 * Engineering, Health, Law, History, Psychology, Philosophy (the paper's Figure 3 names the first
 * five; MMLU-Pro's disciplines the rest), or Other.  From the words of the page's URL, the question
 * and its answer (any may be NULL). */
#ifndef GR_CATEGORY_H
#define GR_CATEGORY_H

const char *qa_category(const char *question, const char *answer, const char *url);

#endif
