/* page.h -- a web page out of a WARC record: HTTP decoded, charset converted to UTF-8.
 * The page owns its text; page_load reuses the buffers from one record to the next. */
#ifndef GR_PAGE_H
#define GR_PAGE_H

#include "web/warc.h"
#include <stddef.h>

typedef struct {
    char *text;            /* the document in UTF-8, NUL-ended */
    size_t len;
    int is_html;           /* else plain text */
    char charset[32];      /* the charset it was converted from */
    char detail[160];      /* why a record was not a page, when page_load says so */
    char damage[160];      /* damage met while decoding a page that was still loaded, or "" */
    unsigned char *body;   /* scratch: de-chunked body */
    size_t body_cap;
} page;

void page_init(page *pg);
void page_free(page *pg);

/* Loads the record's page.  Returns NULL when pg holds a page, else the fixed reason it is not
 * one: "not_a_page" (request, revisit, metadata...), "http_status", "not_text", "too_large",
 * "bad_content_encoding", "truncated", or "no_pairs" when `wanted` (may be NULL) says the decoded
 * bytes, before charset conversion, are not worth converting. */
const char *page_load(page *pg, warc_reader *r, const warc_record *rec, size_t max_bytes,
                      int (*wanted)(const char *bytes, size_t n));

/* The host of a URL, lower-cased, without port or credentials ("" when none). */
void page_url_host(const char *url, char *out, size_t outlen);

#endif
