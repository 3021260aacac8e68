/* extract.c -- a page's pairs: structured data first (JSON-LD, microdata), then text patterns
 * when those found none. */
#include "qa/extract.h"
#include "core/buf.h"
#include "qa/structured.h"
#include "qa/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Plain text gets the normalization html_to_text gives HTML: lines trimmed, inner whitespace
 * collapsed, runs of blank lines made one. */
static char *normalize_plain(const char *s, size_t n) {
    buf out, cur;
    buf_init(&out);
    buf_init(&cur);
    int blank = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\n') {
            if (!cur.len) blank = 1;
            else {
                if (out.len) buf_puts(&out, blank ? "\n\n" : "\n");
                buf_append(&out, cur.data, cur.len);
                buf_clear(&cur);
                blank = 0;
            }
        } else if (isspace((unsigned char)s[i])) {
            if (cur.len && cur.data[cur.len - 1] != ' ' && i + 1 < n && !isspace((unsigned char)s[i + 1])) buf_putc(&cur, ' ');
        } else {
            buf_putc(&cur, s[i]);
        }
    }
    buf_free(&cur);
    return buf_take(&out);
}

static int contains(const char *doc, size_t n, const char *const *needles) {
    if (!doc || !n) return 0;
    for (int i = 0; needles[i]; i++)
        if (memmem(doc, n, needles[i], strlen(needles[i]))) return 1;
    return 0;
}

/* Every text pattern needs an answer marker, a solution, or a Q: marker (for Q:/A:). */
static const char *const text_needles[] = {"nswer", "NSWER", "olution", "OLUTION", "Q:", "Q1", NULL};
static const char *const jsonld_needles[] = {"ld+json", "LD+JSON", NULL};
static const char *const microdata_needles[] = {"chema.org/Question", NULL};

int qa_candidate(const char *doc, size_t n) {
    return contains(doc, n, text_needles) || contains(doc, n, jsonld_needles) || contains(doc, n, microdata_needles);
}

void qa_extract(const char *doc, size_t n, int is_html, qa_list *out) {
    if (is_html) {
        if (contains(doc, n, jsonld_needles)) qa_from_jsonld(doc, n, out);
        if (contains(doc, n, microdata_needles)) qa_from_microdata(doc, n, out);
        if (out->n || !contains(doc, n, text_needles)) return;
        char *text = qa_fragment_text(doc, n);
        qa_from_text(text, out);
        free(text);
        return;
    }
    if (!contains(doc, n, text_needles)) return;
    char *text = normalize_plain(doc, n);
    qa_from_text(text, out);
    free(text);
}
