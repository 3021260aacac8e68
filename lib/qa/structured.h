/* structured.h -- pairs from a page's structured data: schema.org JSON-LD (QAPage, FAQPage, Quiz,
 * Question) and microdata (itemtype .../Question with acceptedAnswer). */
#ifndef GR_QA_STRUCTURED_H
#define GR_QA_STRUCTURED_H

#include <stddef.h>

#include "qa/pairs.h"

void qa_from_jsonld(const char *html, size_t n, qa_list *out);
void qa_from_microdata(const char *html, size_t n, qa_list *out);

#endif
