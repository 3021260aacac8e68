/* pairs.h -- the question/answer pairs found in a page, as every extractor adds them.  A qa_list
 * owns its strings; qa_list_free releases them. */
#ifndef GR_QA_PAIRS_H
#define GR_QA_PAIRS_H

#include <stddef.h>

typedef struct {
    const char *extractor;   /* static name, e.g. "jsonld-qapage" */
    char *question, *answer;
    char *solution;          /* may be NULL */
    char **choices;          /* may be NULL */
    int nchoices;
} qa_pair;

typedef struct {
    qa_pair *pairs;
    int n, cap;
} qa_list;

void qa_list_free(qa_list *l);

/* Adds a pair, taking ownership of the strings (and of choices and its strings).  Pairs with an
 * empty question or answer, and repeats of a (question, answer) already in the list, are freed. */
void qa_list_add(qa_list *l, const char *extractor, char *question, char *answer, char *solution,
                 char **choices, int nchoices);

/* An HTML fragment's text, trimmed (html_to_text); malloc'd. */
char *qa_fragment_text(const char *html, size_t n);

/* id: the first 16 hex digits of SHA-1(url + "#" + index). */
void qa_pair_id(const char *url, int index, char out[17]);
int qa_word_count(const char *s);

#endif
