/* extract.h -- question/answer pairs in a page: JSON-LD, microdata, then text patterns.
 * docs/extraction.md is the contract. */
#ifndef GR_QA_EXTRACT_H
#define GR_QA_EXTRACT_H

#include <stddef.h>

#include "qa/pairs.h"

/* A cheap test on a page's raw bytes (any ASCII-compatible charset): 0 when no extractor can find
 * anything there, so the page need not be converted or parsed. */
int qa_candidate(const char *doc, size_t n);

/* Finds the pairs in a UTF-8 document (HTML when is_html, else plain text such as WET). */
void qa_extract(const char *doc, size_t n, int is_html, qa_list *out);

#endif
