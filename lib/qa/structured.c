/* structured.c -- schema.org Question data: JSON-LD blocks and microdata items. */
#include "web/html.h"
#include "qa/pairs.h"
#include "qa/structured.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- JSON-LD --------------------------------------------------------------------------------- */

static int has_type(json_t *node, const char *type) {
    json_t *t = json_object_get(node, "@type");
    if (json_is_string(t)) {
        const char *s = json_string_value(t);
        const char *slash = strrchr(s, '/');   /* "https://schema.org/Question" also names the type */
        return !strcmp(slash ? slash + 1 : s, type);
    }
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) if (json_is_string(v)) {
        const char *s = json_string_value(v), *slash = strrchr(s, '/');
        if (!strcmp(slash ? slash + 1 : s, type)) return 1;
    }
    return 0;
}

/* The text of a JSON-LD value: a string (HTML allowed), or the first string of an array. */
static char *value_text(json_t *v) {
    if (json_is_array(v)) v = json_array_get(v, 0);
    if (json_is_object(v)) v = json_object_get(v, "@value");
    if (!json_is_string(v)) return NULL;
    return qa_fragment_text(json_string_value(v), json_string_length(v));
}

static char *node_text(json_t *node, const char *first, const char *second) {
    char *s = value_text(json_object_get(node, first));
    if ((!s || !*s) && second) { free(s); s = value_text(json_object_get(node, second)); }
    return s;
}

static double number_of(json_t *v) {
    if (json_is_number(v)) return json_number_value(v);
    if (json_is_string(v)) return atof(json_string_value(v));
    return -1e300;
}

/* acceptedAnswer first; else the suggested answer with the most upvotes (the first on ties). */
static json_t *best_answer(json_t *q) {
    json_t *a = json_object_get(q, "acceptedAnswer");
    if (json_is_array(a)) a = json_array_get(a, 0);
    if (json_is_object(a) || json_is_string(a)) return a;
    json_t *s = json_object_get(q, "suggestedAnswer");
    if (json_is_object(s)) return s;
    json_t *best = NULL, *v;
    size_t i;
    json_array_foreach(s, i, v) if (json_is_object(v) && (!best ||
        number_of(json_object_get(v, "upvoteCount")) > number_of(json_object_get(best, "upvoteCount")))) best = v;
    return best;
}

typedef struct { json_t *answer; double position; int order; } ranked;

static int by_position(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->position != y->position) return x->position < y->position ? -1 : 1;
    return x->order - y->order;
}

/* A quiz question's options: every answer's text, ordered by position. */
static char **quiz_choices(json_t *q, int *n) {
    json_t *lists[2] = {json_object_get(q, "acceptedAnswer"), json_object_get(q, "suggestedAnswer")};
    if (!lists[1]) return NULL;
    ranked r[64];
    int k = 0;
    for (int l = 0; l < 2; l++) {
        json_t *list = lists[l], *v;
        size_t i;
        if (json_is_object(list)) { if (k < 64) r[k] = (ranked){list, 0, k}, k++; }
        else json_array_foreach(list, i, v) if (json_is_object(v) && k < 64) r[k] = (ranked){v, 0, k}, k++;
    }
    for (int i = 0; i < k; i++) {
        json_t *p = json_object_get(r[i].answer, "position");
        r[i].position = p ? number_of(p) : 1e300;
    }
    qsort(r, (size_t)k, sizeof *r, by_position);
    char **choices = calloc((size_t)k + 1, sizeof *choices);
    *n = 0;
    for (int i = 0; choices && i < k; i++) {
        char *t = node_text(r[i].answer, "text", "name");
        if (t && *t) choices[(*n)++] = t;
        else free(t);
    }
    return choices;
}

static void jsonld_question(json_t *q, const char *page_type, qa_list *out) {
    json_t *a = best_answer(q);
    if (!a) return;
    char *question = node_text(q, "text", "name");
    char *answer = json_is_string(a) ? value_text(a) : node_text(a, "text", "name");
    char **choices = NULL;
    int nchoices = 0;
    if (!strcmp(page_type, "jsonld-quiz")) choices = quiz_choices(q, &nchoices);
    qa_list_add(out, page_type, question, answer, NULL, choices, nchoices);
}

static void jsonld_walk(json_t *node, const char *page_type, qa_list *out, int depth) {
    if (depth > 32) return;
    if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) jsonld_walk(v, page_type, out, depth + 1);
        return;
    }
    if (!json_is_object(node)) return;
    if (has_type(node, "QAPage")) page_type = "jsonld-qapage";
    else if (has_type(node, "FAQPage")) page_type = "jsonld-faqpage";
    else if (has_type(node, "Quiz")) page_type = "jsonld-quiz";
    if (has_type(node, "Question")) {
        jsonld_question(node, page_type ? page_type : "jsonld-question", out);
        return;
    }
    static const char *const containers[] = {"@graph", "mainEntity", "hasPart", NULL};
    for (const char *const *k = containers; *k; k++) jsonld_walk(json_object_get(node, *k), page_type, out, depth + 1);
}

/* Script bodies sometimes wrap JSON in <!-- --> or CDATA markers. */
static void strip_wrappers(const char **s, size_t *n) {
    static const char *const open[] = {"<!--", "//<![CDATA[", "<![CDATA[", NULL};
    static const char *const close[] = {"-->", "//]]>", "]]>", NULL};
    for (;;) {
        while (*n && strchr(" \t\r\n", **s)) (*s)++, (*n)--;
        while (*n && strchr(" \t\r\n;", (*s)[*n - 1])) (*n)--;
        int changed = 0;
        for (int i = 0; open[i]; i++) {
            size_t l = strlen(open[i]);
            if (*n >= l && !memcmp(*s, open[i], l)) *s += l, *n -= l, changed = 1;
            l = strlen(close[i]);
            if (*n >= l && !memcmp(*s + *n - l, close[i], l)) *n -= l, changed = 1;
        }
        if (!changed) return;
    }
}

/* Pages often ship JSON-LD that browsers' lenient consumers accept but JSON does not: raw
 * newlines and tabs inside strings, commas before a closing bracket.  Repairs those two. */
static char *jsonld_repair(const char *s, size_t n, size_t *outlen) {
    buf b;
    buf_init(&b);
    int in_string = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (in_string) {
            if (c == '\\' && i + 1 < n) { buf_append(&b, s + i, 2); i++; continue; }
            if (c == '"') in_string = 0;
            if (c < 0x20) {
                char esc[8];
                snprintf(esc, sizeof esc, c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : "\\u%04x", c);
                buf_puts(&b, esc);
                continue;
            }
        } else if (c == '"') {
            in_string = 1;
        } else if (c == ',') {
            size_t j = i + 1;
            while (j < n && strchr(" \t\r\n", s[j])) j++;
            if (j < n && (s[j] == '}' || s[j] == ']')) continue;
        }
        buf_putc(&b, (char)c);
    }
    *outlen = b.len;
    return buf_take(&b);
}

void qa_from_jsonld(const char *html, size_t n, qa_list *out) {
    html_lexer lx;
    html_token t;
    buf type;
    buf_init(&type);
    int in_jsonld = 0;
    html_lexer_init(&lx, html, n);
    while (html_next(&lx, &t)) {
        if (t.kind == HTML_START && !strcmp(t.name, "script")) {
            in_jsonld = html_attr(&t, "type", &type) && type.data && strcasestr(type.data, "ld+json");
            continue;
        }
        if (t.kind != HTML_RAW || !in_jsonld) continue;
        in_jsonld = 0;
        const char *s = t.start;
        size_t len = t.len;
        strip_wrappers(&s, &len);
        json_t *doc = json_loadb(s, len, JSON_DECODE_ANY, NULL);
        if (!doc) {
            size_t fixed_len;
            char *fixed = jsonld_repair(s, len, &fixed_len);
            doc = json_loadb(fixed, fixed_len, JSON_DECODE_ANY, NULL);
            free(fixed);
        }
        if (doc) jsonld_walk(doc, NULL, out, 0);
        json_decref(doc);
    }
    buf_free(&type);
}

/* ---- microdata ----------------------------------------------------------------------------- */

typedef struct {
    int parent;            /* item this one is a property value of, -1 for top level */
    char prop[64];         /* that property's name */
    int is_question;
    char *text, *name;     /* its own text / name property values */
    int accepted, suggested; /* child items (answers), -1 when none */
    char *accepted_text;   /* acceptedAnswer given as plain text, not as an item */
} md_item;

typedef struct {
    char name[16];
    int item;              /* item opened by this element, -1 */
    int owner;             /* item whose property this element carries, -1 */
    char prop[64];         /* its itemprop value(s) */
    const char *content;   /* where its content starts in the page */
} md_elem;

static int has_word(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return 1;
    return 0;
}

static void set_item_text(md_item *it, const char *prop, char *value) {
    if (has_word(prop, "text") && !it->text) it->text = value;
    else if (has_word(prop, "name") && !it->name) it->name = value;
    else if (has_word(prop, "acceptedAnswer") && !it->accepted_text) it->accepted_text = value;
    else free(value);
}

/* Closes element e: a text property gets the element's text (or a <meta>'s content). */
static void md_close(md_item *items, md_elem *e, const char *content_end, const char *meta_content) {
    if (e->owner < 0 || !e->prop[0] || e->item >= 0) return;
    char *value = meta_content ? strdup(meta_content) : qa_fragment_text(e->content, (size_t)(content_end - e->content));
    if (value) set_item_text(&items[e->owner], e->prop, value);
}

static void md_link_child(md_item *items, int child) {
    md_item *c = &items[child];
    if (c->parent < 0) return;
    md_item *p = &items[c->parent];
    if (has_word(c->prop, "acceptedAnswer") && p->accepted < 0) p->accepted = child;
    else if (has_word(c->prop, "suggestedAnswer") && p->suggested < 0) p->suggested = child;
}

#define MD_MAX_ITEMS 512
#define MD_MAX_DEPTH 256

static void md_emit(md_item *items, int nitems, qa_list *out) {
    for (int i = 0; i < nitems; i++) {
        md_item *q = &items[i];
        if (!q->is_question) continue;
        int a = q->accepted >= 0 ? q->accepted : q->suggested;
        const char *answer = a >= 0 ? (items[a].text ? items[a].text : items[a].name) : q->accepted_text;
        const char *question = q->text ? q->text : q->name;
        if (question && answer) qa_list_add(out, "microdata-question", strdup(question), strdup(answer), NULL, NULL, 0);
    }
}

void qa_from_microdata(const char *html, size_t n, qa_list *out) {
    md_item *items = calloc(MD_MAX_ITEMS, sizeof *items);
    md_elem *stack = calloc(MD_MAX_DEPTH, sizeof *stack);
    int nitems = 0, depth = 0;
    buf v, content;
    buf_init(&v);
    buf_init(&content);
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, html, n);
    while (items && stack && html_next(&lx, &t)) {
        if (t.kind == HTML_START) {
            int owner = depth ? (stack[depth - 1].item >= 0 ? stack[depth - 1].item : stack[depth - 1].owner) : -1;
            md_elem e = {.item = -1, .owner = owner, .content = lx.p};
            snprintf(e.name, sizeof e.name, "%s", t.name);
            if (html_attr(&t, "itemprop", &v) && v.data) snprintf(e.prop, sizeof e.prop, "%s", v.data);
            if (html_attr(&t, "itemscope", NULL) && nitems < MD_MAX_ITEMS) {
                md_item *it = &items[nitems];
                *it = (md_item){.parent = e.prop[0] ? owner : -1, .accepted = -1, .suggested = -1};
                snprintf(it->prop, sizeof it->prop, "%s", e.prop);
                it->is_question = html_attr(&t, "itemtype", &v) && v.data && strstr(v.data, "schema.org/Question");
                e.item = nitems++;
                md_link_child(items, e.item);
            }
            int is_void = html_is_void(t.name) || t.self_closing;
            if (is_void) {
                int has_content = html_attr(&t, "content", &content);
                md_close(items, &e, e.content, has_content && content.data ? content.data : has_content ? "" : NULL);
            } else if (depth < MD_MAX_DEPTH) {
                stack[depth++] = e;
            }
        } else if (t.kind == HTML_END) {
            int k = depth - 1;
            while (k >= 0 && strcmp(stack[k].name, t.name)) k--;
            if (k < 0) continue;   /* a stray end tag */
            while (depth > k) { depth--; md_close(items, &stack[depth], t.start, NULL); }
        }
    }
    while (depth > 0) { depth--; md_close(items, &stack[depth], html + n, NULL); }
    if (items) md_emit(items, nitems, out);
    for (int i = 0; items && i < nitems; i++) free(items[i].text), free(items[i].name), free(items[i].accepted_text);
    free(items);
    free(stack);
    buf_free(&v);
    buf_free(&content);
}
