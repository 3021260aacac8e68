/* judge.c -- the paper's answer extraction and scoring per benchmark (judge.h). */
#include "eval/judge.h"

#include "answer/final.h"
#include "core/find.h"
#include "core/isa.h"
#include "eval/pystr.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PLAIN_AVX2 1   /* the pass also built for AVX2, chosen at run time by core/isa */
#endif

/* ---- extraction ---- */

/* Only the rule's name is copied (a constant length, once inlined, for the letter rules), the
 * convention pointed to by judge_response: building "KEY:RULE" here was an eighth of scoring
 * MMLU-Pro. */
static inline void set_rule(judgement *j, const char *rule) {
    size_t n = strlen(rule);
    if (n >= sizeof j->rule) n = sizeof j->rule - 1;
    memcpy(j->rule, rule, n), j->rule[n] = 0;
}

static const char *find(const char *s, size_t a, size_t b, const char *what) {
    size_t wn = strlen(what);
    return b - a >= wn ? find_bytes(s + a, b - a, what, wn) : NULL;
}

/* extract_solution's first half: the assistant's part of a whole conversation, cut at the first
 * of each stop word in turn. */
static void model_output(const char *s, size_t n, size_t *a, size_t *b) {
    *a = 0, *b = n;
    const char *h;
    int tags = memchr(s, '<', n) != NULL;   /* every marker but "Assistant:" starts with '<' */
    if (tags && find(s, 0, n, "<|im_start|>user")) {
        if ((h = find(s, 0, n, "<|im_start|>assistant"))) *a = (size_t)(h - s);
    } else if (find(s, 0, n, "Assistant:")) {
        for (size_t at = 0; (h = find(s, at, n, "Assistant:")); at = (size_t)(h - s) + 1) *a = (size_t)(h - s) + 10;
        py_strip(s, a, b);
    }
    static const char *stops[] = {"</s>", "<|im_end|>", "<|endoftext|>"};
    for (int k = 0; tags && k < 3; k++)
        if ((h = find(s, *a, *b, stops[k]))) *b = (size_t)(h - s), py_strip(s, a, b);
}

/* r'MARKER((?:[^<]|<[^<])*?)\n' from `from`, just past the marker: the newline that ends it (a
 * newline right after a '<' is part of the answer), or 0 when the match fails. */
static int marked_line(const char *s, size_t n, size_t from, size_t *end) {
    for (size_t i = from; i < n;) {
        if (s[i] == '\n') return *end = i, 1;
        if (s[i] != '<') i++;
        else if (i + 1 < n && s[i + 1] != '<') i += 2;
        else return 0;
    }
    return 0;
}

/* the last of re.finditer's matches of that pattern, as [*a, *b) */
static int last_marked(const char *s, size_t lo, size_t hi, const char *marker, size_t *a, size_t *b) {
    int found = 0;
    size_t mn = strlen(marker), p = lo, e;
    const char *h;
    while ((h = find(s, p, hi, marker))) {
        size_t q = (size_t)(h - s);
        if (marked_line(s, hi, q + mn, &e)) *a = q + mn, *b = e, found = 1, p = e + 1;
        else p = q + 1;
    }
    return found;
}

/* Whether the wn bytes before k are word (wn from 8 to 16): two overlapping 8-byte loads, where
 * memcmp was a call per colon. */
static inline int ends_with(const char *s, size_t k, const char *word, size_t wn) {
    uint64_t x, y, w, v;
    if (k < wn) return 0;
    memcpy(&x, s + k - wn, 8), memcpy(&y, s + k - 8, 8), memcpy(&w, word, 8), memcpy(&v, word + wn - 8, 8);
    return x == w && y == v;
}

/* Where a marker was seen: its last colon, and the first colon on that line, which is where
 * finditer's match holding it starts (a match runs from an occurrence to the line's end). */
typedef struct {
    size_t first, last;
} marker_seen;

static void seen(const char *s, size_t k, marker_seen *m) {
    if (m->last == SIZE_MAX || memchr(s + m->last, '\n', k - m->last)) m->first = k;
    m->last = k;
}

/* The marker's last finditer match in a text without '<': from its first colon on the line of
 * its last one, to that line's newline.  0 when that line does not end: an earlier one may, the
 * slow way says. */
static int plain_marked(const char *s, size_t n, const marker_seen *m, size_t *a, size_t *b) {
    const char *nl = memchr(s + m->last, '\n', n - m->last);
    if (!nl) return 0;
    *a = m->first + 1, *b = (size_t)(nl - s);
    return 1;
}

/* What one pass over a plain response knows: the last box matched, where the two markers were
 * seen; slow: the text needs the full reading ('<', "Assistant:"). */
typedef struct {
    marker_seen final, said;
    size_t box_a, box_b;
    int box, slow;
} plain_scan;

/* A colon: the word before it told by its last letter first, since most colons end no marker. */
static void colon_at(const char *s, size_t k, plain_scan *x) {
    switch (k ? s[k - 1] : 0) {
    case 't': if (ends_with(s, k, "Assistant", 9)) x->slow = 1; break;
    case 'r': if (ends_with(s, k, "Final Answer", 12)) seen(s, k, &x->final); break;
    case 's': if (ends_with(s, k, "The answer is", 13)) seen(s, k, &x->said); break;
    }
}

/* The regex's box match from the '{' at k: its content holds braces at most two deep, so the
 * first '}' at depth 0 closes it, a third '{' or the text's end fails it (no backtracking can
 * parse it otherwise).  The closing brace's index, or 0 when it fails.  The colons in a match are
 * read here, since the scan goes on past it, and only then: those of a failed one are read again
 * in turn by the scan, and the markers must be seen in order. */
static size_t box_match(const char *s, size_t n, size_t k, plain_scan *x) {
    int depth = 0, colons = 0;
    for (size_t i = k + 1; i < n; i++) {
        if (s[i] == '{' && ++depth > 2) return 0;
        if (s[i] == '}' && depth-- == 0) {
            for (size_t c = k + 1; colons && c < i; c++)
                if (s[c] == ':') colon_at(s, c, x);
            return i;
        }
        if (s[i] == '<') return x->slow = 1, 0;   /* anywhere, it sends the text the long way */
        colons |= s[i] == ':';
    }
    return 0;
}

/* Bit i set when p[i] is ':' or '<', or starts "\boxed{" by its first and seventh bytes (so the
 * many other LaTeX commands seldom stop the scan); `seven`: p[6..22) may be read.  plain_any64:
 * whether 64 bytes (and 6 more) hold any, with one mask for the four blocks, since most hold none. */
#ifdef __SSE2__
static inline __m128i plain_hits(const char *p, int seven) {
    const __m128i x = _mm_loadu_si128((const __m128i *)p);
    __m128i box = _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'));
    if (seven) box = _mm_and_si128(box, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + 6)), _mm_set1_epi8('{')));
    return _mm_or_si128(box, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(':')), _mm_cmpeq_epi8(x, _mm_set1_epi8('<'))));
}
static unsigned plain_hits16(const char *p, int seven) { return (unsigned)_mm_movemask_epi8(plain_hits(p, seven)); }
static int plain_any64(const char *p) {
    __m128i v = _mm_or_si128(_mm_or_si128(plain_hits(p, 1), plain_hits(p + 16, 1)),
                             _mm_or_si128(plain_hits(p + 32, 1), plain_hits(p + 48, 1)));
    return _mm_movemask_epi8(v) != 0;
}
#else
static unsigned plain_hits16(const char *p, int seven) {
    unsigned m = 0;
    for (int i = 0; i < 16; i++)
        if (p[i] == ':' || p[i] == '<' || (p[i] == '\\' && (!seven || p[i + 6] == '{'))) m |= 1u << i;
    return m;
}
static int plain_any64(const char *p) {
    return plain_hits16(p, 1) || plain_hits16(p + 16, 1) || plain_hits16(p + 32, 1) || plain_hits16(p + 48, 1);
}
#endif
static unsigned plain_hits32(const char *p) { return plain_hits16(p, 1) | plain_hits16(p + 16, 1) << 16; }

#ifdef PLAIN_AVX2
/* The same tests 32 bytes at a time: half the instructions per byte of the SSE2 pass, which was
 * a third of scoring MMLU-Pro. */
__attribute__((target("avx2"))) static inline __m256i plain_hits_avx2(const char *p) {
    const __m256i x = _mm256_loadu_si256((const __m256i *)p);
    __m256i box = _mm256_and_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8('\\')),
                                   _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + 6)), _mm256_set1_epi8('{')));
    return _mm256_or_si256(box, _mm256_or_si256(_mm256_cmpeq_epi8(x, _mm256_set1_epi8(':')), _mm256_cmpeq_epi8(x, _mm256_set1_epi8('<'))));
}
__attribute__((target("avx2"))) static inline unsigned plain_hits32_avx2(const char *p) {
    return (unsigned)_mm256_movemask_epi8(plain_hits_avx2(p));
}
__attribute__((target("avx2"))) static inline int plain_any64_avx2(const char *p) {
    const __m256i v = _mm256_or_si256(plain_hits_avx2(p), plain_hits_avx2(p + 32));
    return !_mm256_testz_si256(v, v);
}
#else
#define plain_hits32_avx2 plain_hits32
#define plain_any64_avx2 plain_any64
#endif

/* The hits of the block [base, base + width); *at moves past a box that ends beyond it. */
static void plain_block(const char *s, size_t n, size_t base, size_t width, unsigned m, size_t *at, plain_scan *x) {
    for (; m && !x->slow; m &= m - 1) {
        size_t k = base + (size_t)__builtin_ctz(m), e;
        if (k < *at) continue;   /* inside the box just matched */
        if (s[k] == '<') x->slow = 1;
        else if (s[k] == ':') colon_at(s, k, x);
        else if (n - k >= 7 && !memcmp(s + k + 1, "boxed{", 6) && (e = box_match(s, n, k + 6, x)))
            x->box = 1, x->box_a = k + 7, x->box_b = e, *at = e + 1;   /* finditer goes on past the match */
    }
    if (*at < base + width) *at = base + width;
}

/* extract_solution in one pass for a response with no '<' (so no chat markers or stop words)
 * and no "Assistant:": 64 bytes at a time skipped while they hold none of the few bytes that can
 * matter, the rest read 32 or 16 at a time; each box matched where it starts, as finditer does.
 * 1 with the answer [*a, *b), 0 when there is none, -1 when the full reading must decide.  Built
 * once with SSE2 (or plain C) and once with AVX2 (`avx2`, a constant in each). */
static inline __attribute__((always_inline)) int plain_pass(const char *s, size_t n, size_t *a, size_t *b, const int avx2) {
    plain_scan x = {.final = {SIZE_MAX, SIZE_MAX}, .said = {SIZE_MAX, SIZE_MAX}};
    for (size_t at = 0; at < n && !x.slow;) {
        size_t base = at, width = 16;
        unsigned m;
        if (n - at >= 70 && !(avx2 ? plain_any64_avx2(s + at) : plain_any64(s + at))) {
            at += 64;
            continue;
        }
        if (n - at >= 38) m = avx2 ? plain_hits32_avx2(s + at) : plain_hits32(s + at), width = 32;
        else if (n - at >= 22) m = plain_hits16(s + at, 1);
        else if (n - at >= 16) m = plain_hits16(s + at, 0);
        else if (n >= 16) base = n - 16, m = plain_hits16(s + base, 0) & ~((1u << (at - base)) - 1);   /* the last 16, less what was read */
        else {
            m = 0;
            for (size_t i = at; i < n; i++) m |= (unsigned)(s[i] == ':' || s[i] == '<' || s[i] == '\\') << (i - at);
        }
        if (m) plain_block(s, n, base, width, m, &at, &x);
        else at = base + width;
    }
    if (x.slow) return -1;
    if (x.box && x.box_b > x.box_a) return *a = x.box_a, *b = x.box_b, 1;   /* an empty last box: the markers */
    if (x.final.last != SIZE_MAX) return plain_marked(s, n, &x.final, a, b) ? 1 : -1;
    if (x.said.last != SIZE_MAX) return plain_marked(s, n, &x.said, a, b) ? 1 : -1;
    return 0;
}

static int plain_pass_sse2(const char *s, size_t n, size_t *a, size_t *b) { return plain_pass(s, n, a, b, 0); }
#ifdef PLAIN_AVX2
__attribute__((target("avx2"))) static int plain_pass_avx2(const char *s, size_t n, size_t *a, size_t *b) {
    return plain_pass(s, n, a, b, 1);
}
#else
#define plain_pass_avx2 plain_pass_sse2
#endif

int judge_last_span(const char *response, size_t n, size_t *a, size_t *b) {
    int got = isa() >= ISA_AVX2 ? plain_pass_avx2(response, n, a, b) : plain_pass_sse2(response, n, a, b);
    return got >= 0 ? got : judge_last_span_slow(response, n, a, b);
}

int judge_last_span_slow(const char *response, size_t n, size_t *a, size_t *b) {
    size_t lo, hi;
    model_output(response, n, &lo, &hi);
    answer_box *box;   /* the full walk, not answer_last_box's quick reading: this is what checks it */
    size_t k = answer_boxes(response + lo, hi - lo, 2, &box);
    int got = k && box[k - 1].b > box[k - 1].a;
    if (got) *a = lo + box[k - 1].a, *b = lo + box[k - 1].b;
    free(box);
    return got || last_marked(response, lo, hi, "Final Answer:", a, b) || last_marked(response, lo, hi, "The answer is:", a, b);
}

char *judge_extract_last(const char *response, size_t n) {
    size_t a, b;
    return judge_last_span(response, n, &a, &b) ? strndup(response + a, b - a) : NULL;
}

/* re.search(r"(?i)\\boxed\s*{([^\n]+)}", s): the first \boxed (any case) followed by whitespace
 * and a brace whose line has a later }, taken to the line's last }. */
char *judge_extract_first(const char *s, size_t n) {
    for (size_t i = 0; i + 6 < n; i++) {
        if (s[i] != '\\' || strncasecmp(s + i + 1, "boxed", 5)) continue;
        size_t j = i + 6;
        for (size_t k = j; k < n;) {   /* \s*: Unicode whitespace, newlines included */
            unsigned c = py_next(s, n, &k);
            if (!py_isspace(c)) break;
            j = k;
        }
        if (j >= n || s[j] != '{') continue;
        const char *nl = memchr(s + j + 1, '\n', n - j - 1);
        size_t e = nl ? (size_t)(nl - s) : n;
        for (size_t k = e; k > j + 2; k--)
            if (s[k - 1] == '}') return strndup(s + j + 1, k - 2 - j);
    }
    return NULL;
}

/* ---- letters ---- */

static uint64_t mix(uint64_t x) {
    x ^= x >> 30, x *= 0xbf58476d1ce4e5b9ULL, x ^= x >> 27, x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* random.choice('ABCDEFGHIJ'), seeded: the same letter for the same seed and key */
static char random_letter(uint64_t seed, const char *key) {
    uint64_t h = mix(seed + 0x9e3779b97f4a7c15ULL);
    for (const char *p = key ? key : ""; *p; p++) h = mix(h ^ (unsigned char)*p);
    return (char)('A' + h % 10);
}

/* get_prediction: the first of A..J (in that order) that occurs anywhere in the answer, found
 * in one pass over it as the lowest bit of the letters it holds */
static void option_letter(const char *truth, const char *response, size_t rn, uint64_t seed,
                          const char *key, judgement *j) {
    size_t xa, xb;
    unsigned held = 0;
    if (judge_last_span(response, rn, &xa, &xb)) {   /* read in place: a copy was a tenth of scoring MMLU-Pro */
        j->extracted = response + xa, j->extracted_n = xb - xa;
        for (size_t i = xa; i < xb; i++)
            if (response[i] >= 'A' && response[i] <= 'J') held |= 1u << (response[i] - 'A');
    }
    char letter = held ? (char)('A' + __builtin_ctz(held)) : 0;
    j->unanswered = !letter;
    if (!letter) letter = random_letter(seed, key);
    j->prediction[0] = letter, j->prediction[1] = 0;
    j->v = truth[0] == letter && !truth[1] ? VERDICT_TRUE : VERDICT_FALSE;
    set_rule(j, j->unanswered ? "random-letter" : "letter");
}

/* ---- BBEH (eval_bbeh.py: extract_answer, strip_latex, preprocess_*, fuzzy_match) ---- */

/* r = r[0:-1].split(open)[1] when open occurs in r and r ends with "}" */
static void unwrap(buf *r, const char *open) {
    if (!r->len || r->data[r->len - 1] != '}') return;
    const char *h = find(r->data, 0, r->len - 1, open);
    if (!h) return;
    size_t a = (size_t)(h - r->data) + strlen(open), b = r->len - 1;
    const char *next = find(r->data, a, b, open);
    if (next) b = (size_t)(next - r->data);
    memmove(r->data, r->data + a, b - a);
    r->len = b - a;
}

static void bbeh_prediction(const char *sample, buf *out) {
    size_t a = 0, b = sample ? strlen(sample) : 0;
    if (sample) py_strip(sample, &a, &b);
    static const char *prefixes[] = {"The answer is:", "The final answer is ", "The final answer is: ", "The answer is "};
    for (int k = 0; k < 4; k++) {
        const char *h, *last = NULL;
        for (size_t at = a; (h = find(sample, at, b, prefixes[k])); at = (size_t)(h - sample) + 1) last = h;
        if (last) a = (size_t)(last - sample) + strlen(prefixes[k]), py_strip(sample, &a, &b);
    }
    if (b > a && sample[b - 1] == '.') b--;
    buf r;
    buf_init(&r);
    buf_append(&r, sample ? sample + a : "", b - a);
    if (r.len && r.data[0] == '$' && r.data[r.len - 1] == '$') {   /* "$" alone becomes "" as [1:-1] does */
        size_t keep = r.len >= 2 ? r.len - 2 : 0;
        memmove(r.data, r.data + 1, keep), r.len = keep;
    }
    unwrap(&r, "boxed{"), unwrap(&r, "text{"), unwrap(&r, "texttt{");
    buf low;
    buf_init(&low);
    py_lower(r.data ? r.data : "", r.len, &low);
    for (size_t i = 0; i < low.len; i++) {   /* ", " -> ",", then "**" -> "" (both on the result) */
        if (low.data[i] == ',' && i + 1 < low.len && low.data[i + 1] == ' ') buf_putc(out, ','), i++;
        else buf_putc(out, low.data[i]);
    }
    size_t w = 0;
    for (size_t i = 0; i < out->len; i++) {
        if (out->data[i] == '*' && i + 1 < out->len && out->data[i + 1] == '*') { i++; continue; }
        out->data[w++] = out->data[i];
    }
    out->len = w;
    const char *nl = out->len ? memchr(out->data, '\n', out->len) : NULL;
    if (nl) out->len = (size_t)(nl - out->data);
    if (out->len && out->data[out->len - 1] == '.') out->len--;
    buf_free(&r), buf_free(&low);
}

static void bbeh_reference(const char *truth, buf *out) {
    size_t a = 0, b = strlen(truth);
    py_strip(truth, &a, &b);
    buf low;
    buf_init(&low);
    py_lower(truth + a, b - a, &low);
    for (size_t i = 0; i < low.len; i++) {
        if (low.data[i] == ',' && i + 1 < low.len && low.data[i + 1] == ' ') buf_putc(out, ','), i++;
        else buf_putc(out, low.data[i]);
    }
    buf_free(&low);
}

static int same(const char *a, size_t an, const char *b, size_t bn) { return an == bn && !memcmp(a, b, an); }

/* "(x)": the middle code point when s is three code points in parentheses */
static int parenthesized(const char *s, size_t n, const char **mid, size_t *mn) {
    if (py_len(s, n) != 3 || s[0] != '(' || s[n - 1] != ')') return 0;
    return *mid = s + 1, *mn = n - 2, 1;
}

static void without_quotes(const char *s, size_t n, buf *out) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\'') buf_putc(out, s[i]);
}

static int fuzzy_match(const char *p, size_t pn, const char *r, size_t rn) {
    if (same(p, pn, r, rn)) return 1;
    const char *mid;
    size_t mn;
    if (parenthesized(p, pn, &mid, &mn)) return same(mid, mn, r, rn);
    if (parenthesized(r, rn, &mid, &mn)) return same(mid, mn, p, pn);
    double x, y;
    if (!py_float(p, pn, &x) && !py_float(r, rn, &y) && x == y) return 1;
    buf a, b;
    buf_init(&a), buf_init(&b);
    without_quotes(p, pn, &a), without_quotes(r, rn, &b);
    int quotes = same(a.data ? a.data : "", a.len, b.data ? b.data : "", b.len);
    buf_free(&a), buf_free(&b);
    if (quotes) return 1;
    if ((pn == rn + 2 && p[0] == '[' && p[pn - 1] == ']' && same(p + 1, pn - 2, r, rn)) ||
        (rn == pn + 2 && r[0] == '[' && r[rn - 1] == ']' && same(r + 1, rn - 2, p, pn)))
        return 1;
    return pn && p[pn - 1] == '?' && same(p, pn - 1, r, rn);
}

/* Extracted text that is a copy, the judgement's to free. */
static void hold(judgement *j, char *copy) {
    j->owned = copy, j->extracted = copy, j->extracted_n = copy ? strlen(copy) : 0;
    j->unanswered = !copy;
}

static void bbeh(const char *truth, const char *response, size_t rn, judgement *j) {
    hold(j, judge_extract_last(response, rn));
    buf p, r;
    buf_init(&p), buf_init(&r);
    bbeh_prediction(j->owned, &p);
    bbeh_reference(truth, &r);
    j->v = fuzzy_match(p.data ? p.data : "", p.len, r.data ? r.data : "", r.len) ? VERDICT_TRUE : VERDICT_FALSE;
    buf_free(&p), buf_free(&r);
    set_rule(j, "fuzzy-match");
}

/* ---- math and TheoremQA: our typed rules on the answer the convention extracts ---- */

static void typed(const verify_options *vo, const char *truth, size_t tn, char *extracted,
                  judgement *j) {
    verify_result r;
    hold(j, extracted);
    verify_extracted(vo, truth, tn, extracted, &r);
    j->v = r.v;
    j->uncertain = !verify_certain(&r) && extracted;
    set_rule(j, r.rule);
    verify_result_free(&r);
}

/* TheoremQA's grader (zero_shot_eval/predict_accuracy.py): floats within 4% of the truth,
 * integers by rounding the prediction, lists sorted; bool and option answers by their words. */
static void theoremqa(const verify_options *vo, const char *truth, size_t tn, const char *response,
                      size_t rn, const char *answer_type, judgement *j) {
    verify_options o = *vo;
    o.unordered_lists = 1;
    int integer = answer_type ? !strcmp(answer_type, "integer") || !strcmp(answer_type, "list of integer") : 0;
    o.rtol = integer ? 0.5 / (fabs(strtod(truth, NULL)) + 1) : 0.04;   /* round(p) == gt, near enough for one */
    typed(&o, truth, tn, answer_final(response, rn), j);
}

void judge_response(const benchmark *b, const verify_options *vo, const char *truth, size_t tn, const char *response,
                    size_t rn, const char *answer_type, uint64_t seed, const char *key, judgement *j) {
    /* field by field, the rule's text but its first byte left to set_rule: a memset of the
     * whole struct showed in the profile of scoring MMLU-Pro */
    j->v = VERDICT_FALSE, j->extracted = j->owned = NULL, j->extracted_n = 0, j->prediction[0] = 0;
    j->unanswered = j->uncertain = 0, j->convention = b->key, j->rule[0] = 0;
    switch (b->judge) {
    case JUDGE_OPTION_LETTER: option_letter(truth, response, rn, seed, key, j); break;
    case JUDGE_GPQA_LETTER:
        hold(j, judge_extract_first(response, rn));
        j->v = j->owned && !strcmp(j->owned, truth) ? VERDICT_TRUE : VERDICT_FALSE;
        set_rule(j, "letter");
        break;
    case JUDGE_MATH: typed(vo, truth, tn, judge_extract_first(response, rn), j); break;
    case JUDGE_BBEH: bbeh(truth, response, rn, j); break;
    case JUDGE_THEOREMQA: theoremqa(vo, truth, tn, response, rn, answer_type, j); break;
    }
}

void judgement_free(judgement *j) {
    free(j->owned);
    j->owned = NULL, j->extracted = NULL, j->extracted_n = 0;
}
