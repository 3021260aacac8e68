/* pairs.c -- the pair list a page's extractors fill, and the pair's id. */
#include "qa/pairs.h"
#include "core/buf.h"
#include "core/sha1.h"
#include "web/html.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void free_pair(qa_pair *p) {
    free(p->question);
    free(p->answer);
    free(p->solution);
    for (int i = 0; i < p->nchoices; i++) free(p->choices[i]);
    free(p->choices);
}

void qa_list_free(qa_list *l) {
    for (int i = 0; i < l->n; i++) free_pair(&l->pairs[i]);
    free(l->pairs);
    memset(l, 0, sizeof *l);
}

void qa_list_add(qa_list *l, const char *extractor, char *question, char *answer, char *solution, char **choices,
                 int nchoices) {
    qa_pair p = {extractor, question, answer, solution, choices, nchoices};
    int keep = question && *question && answer && *answer;
    for (int i = 0; keep && i < l->n; i++)
        if (!strcmp(l->pairs[i].question, question) && !strcmp(l->pairs[i].answer, answer)) keep = 0;
    if (keep && l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        qa_pair *np = realloc(l->pairs, (size_t)cap * sizeof *np);
        if (np) l->pairs = np, l->cap = cap;
        else keep = 0;
    }
    if (!keep) { free_pair(&p); return; }
    l->pairs[l->n++] = p;
}

char *qa_fragment_text(const char *html, size_t n) {
    buf b;
    buf_init(&b);
    html_to_text(html, n, &b);
    return buf_take(&b);
}

void qa_pair_id(const char *url, int index, char out[17]) {
    sha1_ctx c;
    char suffix[24];
    uint8_t d[20];
    char hex[41];
    snprintf(suffix, sizeof suffix, "#%d", index);
    sha1_init(&c);
    sha1_update(&c, url, strlen(url));
    sha1_update(&c, suffix, strlen(suffix));
    sha1_final(&c, d);
    sha1_hex(d, 20, hex);
    memcpy(out, hex, 16);
    out[16] = 0;
}

int qa_word_count(const char *s) {
    int n = 0;
    for (const char *p = s; *p;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        n++;
        while (*p && !isspace((unsigned char)*p)) p++;
    }
    return n;
}
