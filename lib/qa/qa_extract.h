/* qa_extract.h -- question/answer pairs in a page: JSON-LD, microdata, then text patterns.
 * docs/extraction.md is the contract.  A qa_list owns its strings; qa_list_free releases them. */
#ifndef GR_QA_EXTRACT_H
#define GR_QA_EXTRACT_H

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

/* A cheap test on a page's raw bytes (any ASCII-compatible charset): 0 when no extractor can find
 * anything there, so the page need not be converted or parsed. */
int qa_candidate(const char *doc, size_t n);

/* Finds the pairs in a UTF-8 document (HTML when is_html, else plain text such as WET). */
void qa_extract(const char *doc, size_t n, int is_html, qa_list *out);
void qa_list_free(qa_list *l);

/* Adds a pair, taking ownership of the strings (and of choices and its strings).  Pairs with an
 * empty question or answer, and repeats of a (question, answer) already in the list, are freed. */
void qa_list_add(qa_list *l, const char *extractor, char *question, char *answer, char *solution,
                 char **choices, int nchoices);

/* Structured data in HTML (qa_structured.c). */
void qa_from_jsonld(const char *html, size_t n, qa_list *out);
void qa_from_microdata(const char *html, size_t n, qa_list *out);
/* Text patterns over normalized text: lines, paragraphs separated by one empty line. */
void qa_from_text(const char *text, qa_list *out);

/* An HTML fragment's text, trimmed (html_to_text); malloc'd. */
char *qa_fragment_text(const char *html, size_t n);

/* id: the first 16 hex digits of SHA-1(url + "#" + index). */
void qa_pair_id(const char *url, int index, char out[17]);
int qa_word_count(const char *s);

#endif
