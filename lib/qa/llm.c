/* llm.c -- reading an instruct model's JSON about a page, and checking it against the page. */
#include "qa/llm.h"
#include "core/buf.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the page's words, as the support checks compare them -------------------------------- */

static int starts(const char *s, const char *end, const char *lit) {
    size_t n = strlen(lit);
    return (size_t)(end - s) >= n && !memcmp(s, lit, n);
}

/* Lower case, whitespace runs as one space, math delimiters ($, \( \), \[ \]) and the \text{} /
 * \mathrm{} wrappers (not what they wrap) dropped, thousands separators ("1,000") dropped: a model
 * that copies an answer writes it the page's way or one of these. */
static void normalize(const char *s, size_t n, buf *out) {
    const char *end = s + n;
    int depth = 0, wrapped[64] = {0};   /* wrapped[d]: the } closing depth d ends a wrapper */
    int space = 1;
    for (const char *p = s; p < end;) {
        unsigned char c = (unsigned char)*p;
        if (c == '$') { p++; continue; }
        if (c == '\\' && p + 1 < end && strchr("()[]", p[1])) { p += 2; continue; }
        if (c == '\\' && (starts(p, end, "\\text{") || starts(p, end, "\\mathrm{"))) {
            p = strchr(p, '{') + 1;
            if (depth < 63) wrapped[++depth] = 1;
            continue;
        }
        if (c == '{' && depth < 63) wrapped[++depth] = 0;
        if (c == '}' && depth > 0 && wrapped[depth--]) { p++; continue; }
        if (c == ',' && p > s && isdigit((unsigned char)p[-1]) && end - p >= 4 && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) && (end - p == 4 || !isdigit((unsigned char)p[4]))) {
            p++;
            continue;
        }
        if (isspace(c)) { if (!space) buf_putc(out, ' '), space = 1; p++; continue; }
        buf_putc(out, (char)tolower(c));
        space = 0;
        p++;
    }
    if (out->len && out->data[out->len - 1] == ' ') out->data[--out->len] = 0;
}

/* Words: runs of ASCII letters and digits, of normalized text. */
typedef void (*word_fn)(const char *w, size_t n, void *ctx);
static int word_byte(unsigned char c) { return isalnum(c); }
static void each_word(const char *s, size_t n, word_fn fn, void *ctx) {
    for (size_t i = 0; i < n;) {
        while (i < n && !word_byte((unsigned char)s[i])) i++;
        size_t a = i;
        while (i < n && word_byte((unsigned char)s[i])) i++;
        if (i > a) fn(s + a, i - a, ctx);
    }
}

/* An open-addressing set of word hashes: the page's vocabulary. */
typedef struct { uint64_t *slot; size_t cap, n; int oom; } word_set;

static void set_add(word_set *s, uint64_t h) {
    if (s->oom) return;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t) { s->oom = 1; return; }
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) for (size_t j = s->slot[i] & (cap - 1);; j = (j + 1) & (cap - 1)) if (!t[j]) { t[j] = s->slot[i]; break; }
        free(s->slot);
        s->slot = t, s->cap = cap;
    }
    for (size_t j = h & (s->cap - 1);; j = (j + 1) & (s->cap - 1)) {
        if (s->slot[j] == h) return;
        if (!s->slot[j]) { s->slot[j] = h, s->n++; return; }
    }
}

static int set_has(const word_set *s, uint64_t h) {
    for (size_t j = h & (s->cap - 1); s->cap; j = (j + 1) & (s->cap - 1)) {
        if (s->slot[j] == h) return 1;
        if (!s->slot[j]) return 0;
    }
    return 0;
}

/* FNV-1a: words are short, and qa/ may not reach into filter/'s hashes */
static uint64_t word_hash(const char *w, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)w[i]) * 0x100000001b3ULL;
    return h | 1;
}
static void add_word(const char *w, size_t n, void *ctx) { set_add(ctx, word_hash(w, n)); }

typedef struct {
    buf text;        /* normalized */
    word_set words;
} page_view;

static void view_open(page_view *v, const char *page, size_t n) {
    memset(v, 0, sizeof *v);
    normalize(page, n, &v->text);
    each_word(v->text.data ? v->text.data : "", v->text.len, add_word, &v->words);
}

static void view_close(page_view *v) { buf_free(&v->text); free(v->words.slot); }

typedef struct { const word_set *page; size_t min_len; long words, found; } coverage;

static void count_word(const char *w, size_t n, void *ctx) {
    coverage *c = ctx;
    if (n < c->min_len) return;
    c->words++;
    c->found += set_has(c->page, word_hash(w, n));
}

/* A number alone, as the page writes them: -?digits[.digits] ("1/2", "25%", "7.5e-1" are not). */
static int as_number(const char *s, double *v) {
    const char *p = s + (*s == '-');
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.' && isdigit((unsigned char)p[1])) for (p++; isdigit((unsigned char)*p); p++) {}
    if (*p) return 0;
    *v = strtod(s, NULL);
    return 1;
}

/* The page's numbers: digits with an optional fraction, negative after a '-'. */
static int page_has_number(const char *t, size_t n, double want) {
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)t[i]) || (i && (isdigit((unsigned char)t[i - 1]) || t[i - 1] == '.'))) continue;
        size_t a = i && t[i - 1] == '-' ? i - 1 : i, e = i;
        while (e < n && isdigit((unsigned char)t[e])) e++;
        if (e + 1 < n && t[e] == '.' && isdigit((unsigned char)t[e + 1])) for (e++; e < n && isdigit((unsigned char)t[e]); e++) {}
        char num[64];
        if (e - a < sizeof num) {
            memcpy(num, t + a, e - a), num[e - a] = 0;
            if (strtod(num, NULL) == want) return 1;
        }
        i = e - 1;
    }
    return 0;
}

/* A number by value only ("5" is not in "15"); other text as a substring, or, when it holds a space,
 * 80% of its words on the page. */
static int answer_supported(const page_view *v, const char *answer) {
    buf a;
    buf_init(&a);
    normalize(answer, strlen(answer), &a);
    const char *t = v->text.data ? v->text.data : "";
    double x;
    int ok;
    if (!a.len) ok = 0;
    else if (as_number(a.data, &x)) ok = page_has_number(t, v->text.len, x);
    else if (strstr(t, a.data)) ok = 1;
    else if (strchr(a.data, ' ')) {
        coverage c = {&v->words, 1, 0, 0};
        each_word(a.data, a.len, count_word, &c);
        ok = c.words && c.found * 5 >= c.words * 4;
    } else ok = 0;
    buf_free(&a);
    return ok;
}

/* 60% of the question's words of three characters or more on the page (a question with none passes). */
static int question_supported(const page_view *v, const char *question) {
    buf q;
    buf_init(&q);
    normalize(question, strlen(question), &q);
    coverage c = {&v->words, 3, 0, 0};
    each_word(q.data ? q.data : "", q.len, count_word, &c);
    buf_free(&q);
    return !c.words || c.found * 10 >= c.words * 6;
}

/* ---- the model's JSON ----------------------------------------------------------------------- */

/* Where a value begins: any '{' (a broken object is the model's answer, broken), but a '[' only
 * before '{', '[', '"' or ']' -- "[/INST]", "[1, 2, 3]" and "[one question found]" in prose before
 * the answer are not it. */
static int value_start(const char *p, const char *end) {
    if (*p == '{') return 1;
    if (*p != '[') return 0;
    const char *q = p + 1;
    while (q < end && isspace((unsigned char)*q)) q++;
    return q == end || strchr("{[\"]", *q);   /* cut off right after it counts */
}

/* NONE as an upper-case word anywhere ("NONE.", "**NONE**", "NONE -- no exercises here"). */
static int says_none(const char *s, const char *end) {
    for (const char *p = s; p + 4 <= end; p++)
        if (!memcmp(p, "NONE", 4) && (p == s || !isalnum((unsigned char)p[-1])) && (p + 4 == end || !isalnum((unsigned char)p[4])))
            return 1;
    return 0;
}

/* Numbers are kept as the model wrote them ("0.50", not 0.5): before parsing, each JSON number
 * outside a string becomes a string that starts with NUMBER_MARK (a control character a JSON
 * string cannot hold unescaped).  A malformed one ("01", "1.") is left for the parser to refuse. */
#define NUMBER_MARK '\x01'

static size_t number_end(const char *p, const char *end) {
    const char *q = p + (*p == '-');
    if (q == end || !isdigit((unsigned char)*q)) return 0;
    if (*q == '0') q++;
    else while (q < end && isdigit((unsigned char)*q)) q++;
    if (q < end && *q == '.') {
        if (q + 1 == end || !isdigit((unsigned char)q[1])) return 0;
        for (q++; q < end && isdigit((unsigned char)*q); q++) {}
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        const char *e = q + 1 + (q + 1 < end && (q[1] == '+' || q[1] == '-'));
        if (e == end || !isdigit((unsigned char)*e)) return 0;
        for (q = e; q < end && isdigit((unsigned char)*q); q++) {}
    }
    if (q < end && (isalnum((unsigned char)*q) || *q == '.' || *q == '-' || *q == '+')) return 0;
    return (size_t)(q - p);
}

static void quote_numbers(const char *s, const char *end, buf *out) {
    int in_string = 0;
    for (const char *p = s; p < end; p++) {
        size_t k;
        if (in_string) {
            buf_putc(out, *p);
            if (*p == '\\' && p + 1 < end) buf_putc(out, *++p);
            else if (*p == '"') in_string = 0;
        } else if (*p == '"') {
            buf_putc(out, *p), in_string = 1;
        } else if ((isdigit((unsigned char)*p) || *p == '-') && (p == s || !isalnum((unsigned char)p[-1])) && (k = number_end(p, end))) {
            buf_puts(out, "\"\\u0001");
            buf_append(out, p, k);
            buf_putc(out, '"');
            p += k - 1;
        } else buf_putc(out, *p);
    }
}

/* A string (not a number), trimmed of ASCII whitespace; NULL when empty. */
static char *string_text(json_t *v) {
    if (!json_is_string(v) || (json_string_length(v) && json_string_value(v)[0] == NUMBER_MARK)) return NULL;
    const char *s = json_string_value(v), *e = s + json_string_length(v);
    while (s < e && isspace((unsigned char)*s)) s++;
    while (e > s && isspace((unsigned char)e[-1])) e--;
    return e > s ? strndup(s, (size_t)(e - s)) : NULL;
}

/* An answer: a string, or a number as written. */
static char *answer_text(json_t *v) {
    if (json_is_string(v) && json_string_length(v) && json_string_value(v)[0] == NUMBER_MARK) return strdup(json_string_value(v) + 1);
    return string_text(v);
}

static void read_item(json_t *o, const page_view *v, llm_item *it) {
    memset(it, 0, sizeof *it);
    json_t *q = json_object_get(o, "question");
    if (json_is_object(o) && json_is_null(q)) { it->reject = "model_no_question"; return; }
    if (!json_is_object(o) || !(it->question = string_text(q)) || !(it->answer = answer_text(json_object_get(o, "answer")))) {
        it->reject = "model_missing_field";
        return;
    }
    it->solution = string_text(json_object_get(o, "solution"));
    if (!answer_supported(v, it->answer)) it->reject = "answer_not_in_page";
    else if (!question_supported(v, it->question)) it->reject = "question_not_in_page";
}

/* The first JSON value meant as one, after any think block: NULL with r->reject set when none. */
static json_t *find_json(const char *s, size_t n, llm_result *r) {
    const char *p = s, *end = s + n;
    while (p < end && isspace((unsigned char)*p)) p++;
    if (starts(p, end, "<think>")) {
        const char *close = NULL;
        for (const char *q = p; q + 8 <= end && !close; q++) if (!memcmp(q, "</think>", 8)) close = q;
        if (!close) { r->reject = "model_no_json"; return NULL; }   /* cut off while thinking */
        p = close + 8;
    }
    for (const char *q = p; q < end; q++) {   /* the first candidate decides: trying the ones inside a
                                                 broken value would make a page of brackets quadratic */
        if (!value_start(q, end)) continue;
        json_error_t e;
        buf quoted;
        buf_init(&quoted);
        quote_numbers(q, end, &quoted);
        int oom = quoted.oom;
        size_t quoted_len = quoted.len;
        json_t *v = oom ? NULL : json_loadb(quoted.data, quoted.len, JSON_DISABLE_EOF_CHECK, &e);
        buf_free(&quoted);
        if (v) return v;
        if (oom) { r->reject = "out_of_memory"; return NULL; }
        /* cut off: the parser ran out of text, or met its end inside a token ("\u00", "1."), not at a
         * closing bracket or quote ("[{...},]" is broken, not cut) */
        const char *last = end;
        while (last > q && isspace((unsigned char)last[-1])) last--;
        int in_token = last > q && !strchr("]}\"", last[-1]) && (size_t)e.position >= quoted_len;
        if (json_error_code(&e) == json_error_premature_end_of_input || in_token) r->reject = "model_no_json";
        else r->reject = "model_bad_json", snprintf(r->detail, sizeof r->detail, "%s", e.text);
        return NULL;
    }
    r->reject = says_none(p, end) ? "model_no_question" : "model_no_json";
    return NULL;
}

int llm_read(const char *output, size_t n, const char *page, size_t page_len, llm_result *r) {
    memset(r, 0, sizeof *r);
    json_t *v = find_json(output, n, r);
    if (!v) return 0;
    json_t *list = json_is_array(v) ? v : NULL;
    size_t count = list ? json_array_size(list) : 1;
    if (!count) {
        r->reject = "model_no_question";
        json_decref(v);
        return 0;
    }
    if (!(r->items = calloc(count, sizeof *r->items))) { json_decref(v); return -1; }
    page_view pv;
    view_open(&pv, page, page_len);
    for (size_t i = 0; i < count; i++) read_item(list ? json_array_get(list, i) : v, &pv, &r->items[r->n++]);
    int oom = pv.text.oom || pv.words.oom;
    view_close(&pv);
    json_decref(v);
    return oom ? -1 : 0;
}

void llm_result_free(llm_result *r) {
    for (int i = 0; i < r->n; i++) free(r->items[i].question), free(r->items[i].answer), free(r->items[i].solution);
    free(r->items);
    memset(r, 0, sizeof *r);
}
