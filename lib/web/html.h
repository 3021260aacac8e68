/* html.h -- just enough HTML: a tolerant tokenizer, entity decoding, and visible text.
 * Never fails on malformed markup: a stray '<' is text, an unclosed tag ends at the input's end. */
#ifndef GR_HTML_H
#define GR_HTML_H

#include "core/buf.h"
#include <stddef.h>

typedef enum { HTML_TEXT, HTML_START, HTML_END, HTML_COMMENT, HTML_RAW } html_kind;

typedef struct {
    html_kind kind;
    const char *start;        /* the whole token (a tag, or the text) */
    size_t len;
    char name[16];            /* lower-cased tag name, truncated; "" for text */
    const char *attrs;        /* attribute text of a start tag */
    size_t attrs_len;
    int self_closing;
} html_token;

typedef struct {
    const char *p, *end;
    char raw[16];             /* inside <script>/<style>/...: the element whose end tag ends raw text */
} html_lexer;

void html_lexer_init(html_lexer *lx, const char *html, size_t n);
/* The next token; 0 at the end of the input.  Raw-text elements (script, style, title, textarea,
 * noscript, xmp, iframe, noembed, noframes) give their content as one HTML_RAW token. */
int html_next(html_lexer *lx, html_token *t);

/* Finds attribute `name` of a start tag; its value, entity-decoded, goes to out. 1 when present. */
int html_attr(const html_token *t, const char *name, buf *out);

/* 1 when the tag name is a void element (no end tag). */
int html_is_void(const char *name);

/* Appends s[0..n) to out with character references decoded. */
void html_decode_entities(const char *s, size_t n, buf *out);

/* Appends the visible text of html[0..n) to out: scripts and styles dropped, MathJax scripts kept
 * as \(..\) and \[..\], blocks give paragraph breaks ("\n\n"), br/li/tr line breaks, whitespace
 * collapsed, lines trimmed (the rules of docs/extraction.md). */
void html_to_text(const char *html, size_t n, buf *out);

#endif
