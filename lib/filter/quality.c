/* quality.c -- Gopher quality rules over UTF-8 text, and the Latin-script ratio. */
#include "filter/quality.h"
#include "core/buf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- characters ------------------------------------------------------------------------------ */

/* Decodes one UTF-8 code point at s (invalid bytes decode as themselves); *len gets its size. */
static unsigned decode(const unsigned char *s, size_t n, size_t *len) {
    unsigned c = s[0];
    int k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if ((size_t)k > n) k = 1;
    if (k == 1) { *len = 1; return c; }
    unsigned cp = c & (0x7F >> k);
    for (int i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) { *len = 1; return c; }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = (size_t)k;
    return cp;
}

/* datatrove's PUNCTUATION_SET: ASCII punctuation and control characters here, full-width and
 * typographic marks in is_punct. */
static const unsigned char ascii_punct[128] = {
    [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1,
    [10] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1, [16] = 1, [17] = 1, [18] = 1, [19] = 1,
    [20] = 1, [21] = 1, [22] = 1, [23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1, [29] = 1,
    [30] = 1, [31] = 1, [33] = 1, [34] = 1, [35] = 1, [36] = 1, [37] = 1, [38] = 1, [39] = 1, [40] = 1,
    [41] = 1, [42] = 1, [43] = 1, [44] = 1, [45] = 1, [46] = 1, [47] = 1, [58] = 1, [59] = 1, [60] = 1,
    [61] = 1, [62] = 1, [63] = 1, [64] = 1, [91] = 1, [92] = 1, [93] = 1, [94] = 1, [95] = 1, [96] = 1,
    [123] = 1, [124] = 1, [125] = 1, [126] = 1, [127] = 1
};

static int is_punct(unsigned cp) {
    if (cp < 128) return ascii_punct[cp];
    static const unsigned marks[] = {0x2014, 0x201D, 0xFF05, 0xFF11, 0x3008, 0x3001, 0x2501, 0x3010, 0x300C, 0x300D,
                                     0xFF0C, 0x3011, 0xFF1B, 0x201C, 0x300A, 0x201E, 0x2019, 0x2236, 0x00B4, 0xFF0E,
                                     0xFF08, 0x2013, 0xFF1F, 0xFF01, 0xFF1A, 0xFF5E, 0x00AB, 0x3009, 0x300B, 0xFF09,
                                     0x3002, 0x2026, 0x25BA, 0x00BB, 0x2018, 0x00A1, 0x00BF, 0x203D, 0x2047, 0x2048,
                                     0x2049, 0x0589, 0x061F, 0x06D4, 0x0964, 0x0965, 0x3002};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) if (marks[i] == cp) return 1;
    return 0;
}

/* Letters, as Python's str.isalpha() sees them for the scripts web text uses. */
static int is_letter(unsigned cp) {
    if (cp < 128) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return 1;
    if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
    if (cp >= 0x370 && cp <= 0x3FF) return cp != 0x37E && cp != 0x387;   /* Greek */
    if (cp >= 0x400 && cp <= 0x52F) return cp < 0x482 || cp > 0x489;      /* Cyrillic */
    if (cp >= 0x530 && cp <= 0x1FFF) return 1;                            /* other alphabets (approx.) */
    if (cp >= 0x3040 && cp <= 0x9FFF) return cp != 0x30FB;                /* kana, CJK */
    if (cp >= 0xAC00 && cp <= 0xD7A3) return 1;                           /* Hangul */
    return 0;
}

static int is_latin_letter(unsigned cp) { return is_letter(cp) && cp <= 0x24F; }

/* ---- words ------------------------------------------------------------------------------------- */

typedef struct { const char *s; size_t n; } span;

typedef struct {
    span *w;
    int n, cap;
} words;

static void push(words *ws, const char *s, size_t n) {
    if (!n) return;
    if (ws->n == ws->cap) {
        int cap = ws->cap ? ws->cap * 2 : 64;
        span *w = realloc(ws->w, (size_t)cap * sizeof *w);
        if (!w) return;
        ws->w = w, ws->cap = cap;
    }
    ws->w[ws->n++] = (span){s, n};
}

/* Prefixes and suffixes spaCy splits off a token: single punctuation characters. */
static int splits_off(unsigned cp) { return is_punct(cp) && cp != '_' && cp != '@' && cp != '&'; }

static size_t last_char(const char *s, size_t n, unsigned *cp) {
    size_t k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0) k--;
    size_t len;
    *cp = decode((const unsigned char *)s + k, n - k, &len);
    return n - k;
}

/* One whitespace-separated chunk into tokens: leading and trailing punctuation one character at
 * a time, clitics ('s 're 've 'll 'd 'm n't) and letter-hyphen-letter infixes split. */
static void tokenize_chunk(words *ws, const char *s, size_t n) {
    span tail[32];
    int ntail = 0;
    for (;;) {   /* prefixes */
        size_t len;
        if (!n) return;
        unsigned cp = decode((const unsigned char *)s, n, &len);
        if (!splits_off(cp) || len == n) break;
        push(ws, s, len);
        s += len, n -= len;
    }
    for (;;) {   /* suffixes, kept to emit after the body */
        unsigned cp;
        size_t len = last_char(s, n, &cp);
        if (len >= n || !splits_off(cp) || ntail == 32) break;
        if (cp == '.' && n >= 2 && s[n - 2] != '.' && memchr(s, '.', n - 1)) break;   /* U.S. keeps its dot */
        if (cp == '$' && !(n >= 2 && s[n - 2] >= '0' && s[n - 2] <= '9')) break;      /* currency: after digits only */
        tail[ntail++] = (span){s + n - len, len};
        n -= len;
    }
    static const char *const clitics[] = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m", NULL};
    for (int i = 0; memchr(s, '\'', n) && clitics[i]; i++) {
        size_t l = strlen(clitics[i]);
        if (n > l && !strncasecmp(s + n - l, clitics[i], l)) {
            tail[ntail < 32 ? ntail++ : 31] = (span){s + n - l, l};
            n -= l;
            break;
        }
    }
    size_t start = 0;   /* well-known, 1-cent -> well - known, 1 - cent (x-1 stays whole) */
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '-' && (is_letter((unsigned char)s[i - 1]) || (s[i - 1] >= '0' && s[i - 1] <= '9')) &&
            is_letter((unsigned char)s[i + 1])) {
            push(ws, s + start, i - start);
            push(ws, s + i, 1);
            start = i + 1;
        }
    push(ws, s + start, n - start);
    while (ntail) push(ws, tail[ntail - 1].s, tail[ntail - 1].n), ntail--;
}

static words tokenize(const char *text, size_t n) {
    words ws = {0};
    for (size_t i = 0; i < n;) {
        while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
        size_t j = i;
        while (j < n && !(text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r')) j++;
        tokenize_chunk(&ws, text + i, j - i);
        i = j;
    }
    return ws;
}

/* ---- the rules ----------------------------------------------------------------------------------- */

static size_t count_of(const char *text, size_t n, const char *needle) {
    size_t k = 0, l = strlen(needle);
    for (const char *p = text; (p = memmem(p, (size_t)(text + n - p), needle, l)); p += l) k++;
    return k;
}

static int word_has(span w, int (*pred)(unsigned)) {
    for (size_t i = 0; i < w.n;) {
        size_t len;
        unsigned cp = decode((const unsigned char *)w.s + i, w.n - i, &len);
        if (pred(cp)) return 1;
        i += len;
    }
    return 0;
}

static int not_punct(unsigned cp) { return !is_punct(cp); }

static size_t code_points(span w) {
    size_t k = 0;
    for (size_t i = 0; i < w.n; i++) k += ((unsigned char)w.s[i] & 0xC0) != 0x80;
    return k;
}

/* Lines as str.splitlines() makes them: a line break is \n, \r, \r\n (and a few rarer ones). */
static void line_stats(const char *text, size_t n, size_t *lines, size_t *bullets, size_t *ellipses) {
    *lines = *bullets = *ellipses = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && text[j] != '\n' && text[j] != '\r') j++;
        const char *a = text + i, *b = text + j;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        (*lines)++;
        if ((b - a >= 1 && *a == '-') || (b - a >= 3 && !memcmp(a, "\xe2\x80\xa2", 3))) (*bullets)++;
        if ((b - a >= 3 && !memcmp(b - 3, "...", 3)) || (b - a >= 3 && !memcmp(b - 3, "\xe2\x80\xa6", 3))) (*ellipses)++;
        i = j < n && text[j] == '\r' && j + 1 < n && text[j + 1] == '\n' ? j + 2 : j + 1;
    }
}

static int stop_words(const words *ws) {
    static const char *const stop[] = {"the", "be", "to", "of", "and", "that", "have", "with"};
    int seen = 0, count = 0;
    for (int i = 0; i < ws->n; i++)
        for (int k = 0; k < 8; k++)
            if (!(seen & 1 << k) && ws->w[i].n == strlen(stop[k]) && !memcmp(ws->w[i].s, stop[k], ws->w[i].n))
                seen |= 1 << k, count++;
    return count;
}

static const char *rules(const gopher_params *p, const char *text, size_t n, const words *ws) {
    long non_symbol = 0;
    size_t letters = 0, alpha_words = 0;
    for (int i = 0; i < ws->n; i++) {
        if (word_has(ws->w[i], not_punct)) non_symbol++, letters += code_points(ws->w[i]);
        alpha_words += word_has(ws->w[i], is_letter);
    }
    if (p->min_words && non_symbol < p->min_words) return "gopher_short_doc";
    if (p->max_words && non_symbol > p->max_words) return "gopher_long_doc";
    double avg = non_symbol ? (double)letters / (double)non_symbol : NAN;   /* numpy: mean of [] is nan */
    if (p->min_avg_word_len && avg < p->min_avg_word_len) return "gopher_below_avg_threshold";
    if (p->max_avg_word_len && avg > p->max_avg_word_len) return "gopher_above_avg_threshold";
    double nw = (double)ws->n;
    if (p->max_symbol_ratio && count_of(text, n, "#") / nw > p->max_symbol_ratio) return "gopher_too_many_hashes";
    if (p->max_symbol_ratio && (count_of(text, n, "...") + count_of(text, n, "\xe2\x80\xa6")) / nw > p->max_symbol_ratio)
        return "gopher_too_many_ellipsis";
    size_t lines, bullets, ellipses;
    line_stats(text, n, &lines, &bullets, &ellipses);
    if (p->max_bullet_lines && lines && (double)bullets / (double)lines > p->max_bullet_lines) return "gopher_too_many_bullets";
    if (p->max_ellipsis_lines && lines && (double)ellipses / (double)lines > p->max_ellipsis_lines)
        return "gopher_too_many_end_ellipsis";
    if (p->min_alpha_words && (double)alpha_words / nw < p->min_alpha_words) return "gopher_below_alpha_threshold";
    if (p->min_stop_words && stop_words(ws) < p->min_stop_words) return "gopher_enough_stop_words";
    return NULL;
}

/* ---- repetition (datatrove's GopherRepetitionFilter) ---------------------------------------- */

/* A small open-addressing count table of 64-bit hashes. */
typedef struct { uint64_t *keys; uint32_t *counts; size_t cap; } counter;

static int counter_init(counter *c, size_t items) {
    c->cap = 16;
    c->keys = NULL, c->counts = NULL;
    while (c->cap < items * 2) c->cap *= 2;
    c->keys = calloc(c->cap, sizeof *c->keys);
    c->counts = calloc(c->cap, sizeof *c->counts);
    return c->keys && c->counts ? 0 : -1;
}

static void counter_free(counter *c) { free(c->keys); free(c->counts); }

/* Adds one occurrence of key; returns how many there are now. */
static uint32_t counter_add(counter *c, uint64_t key) {
    key |= 1;   /* 0 marks an empty slot */
    for (size_t i = key & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        if (!c->keys[i]) { c->keys[i] = key; return c->counts[i] = 1; }
        if (c->keys[i] == key) return ++c->counts[i];
    }
}

static uint64_t mix(uint64_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001B3ULL;
    return h * 0x9E3779B97F4A7C15ULL ^ (h >> 29);
}

static size_t text_chars(const char *s, size_t n) { return code_points((span){s, n}); }

/* Parts of text split by runs of at least `min_newlines` newlines: how many repeat an earlier
 * part, and their characters. */
static void duplicate_parts(const char *text, size_t n, int min_newlines, size_t *parts, size_t *dups, size_t *dup_chars) {
    counter c;
    *parts = *dups = *dup_chars = 0;
    if (counter_init(&c, n / 2 + 1)) return;
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n) {   /* find the next run of >= min_newlines newlines */
            size_t k = j;
            while (k < n && text[k] == '\n') k++;
            if ((int)(k - j) >= min_newlines) break;
            j = k > j ? k : j + 1;
        }
        (*parts)++;
        if (counter_add(&c, mix(0xcbf29ce484222325ULL, text + i, j - i)) > 1) (*dups)++, *dup_chars += text_chars(text + i, j - i);
        while (j < n && text[j] == '\n') j++;
        if (j >= n) break;
        i = j;
    }
    counter_free(&c);
}

/* Per-word hash and length, computed once for all the n-gram rules. */
typedef struct { uint64_t *hash; size_t *len; counter c; } ngram_scratch;

static uint64_t ngram_hash(const ngram_scratch *g, int i, int n, size_t *chars) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL;
    *chars = 0;
    for (int k = 0; k < n; k++) h = (h ^ g->hash[i + k]) * 0xff51afd7ed558ccdULL, *chars += g->len[i + k];
    return h ^ (h >> 32);
}

static void counter_clear(counter *c) { memset(c->keys, 0, c->cap * sizeof *c->keys); }

/* The characters of the most repeated n-gram (" "-joined) times its count; 0 when no n-gram
 * occurs twice.  (datatrove takes the most common n-gram even when it occurs once, which on a
 * fifteen-word question always exceeds the threshold: a question needs real repetition here.) */
static size_t top_ngram_chars(ngram_scratch *g, int nwords, int n) {
    size_t best = 0;
    uint32_t best_count = 0;
    counter_clear(&g->c);
    for (int i = 0; i + n <= nwords; i++) {
        size_t chars;
        uint32_t count = counter_add(&g->c, ngram_hash(g, i, n, &chars));
        if (count > best_count) best_count = count, best = chars + (size_t)(n - 1);   /* first to reach the top */
    }
    return best_count > 1 ? best * best_count : 0;
}

/* Characters of n-grams ("" -joined) that repeat an earlier one, skipping past each repeat. */
static size_t duplicated_ngram_chars(ngram_scratch *g, int nwords, int n) {
    size_t chars = 0;
    counter_clear(&g->c);
    for (int i = 0; i + n <= nwords;) {
        size_t len;
        if (counter_add(&g->c, ngram_hash(g, i, n, &len)) > 1) chars += len, i += n;
        else i++;
    }
    return chars;
}

static const char *repetition(const char *text, size_t n, const words *ws) {
    static const struct { int n; double frac; const char *why; } top[] = {
        {2, 0.20, "top_2_gram"}, {3, 0.18, "top_3_gram"}, {4, 0.16, "top_4_gram"}};
    static const struct { int n; double frac; const char *why; } dup[] = {
        {5, 0.15, "duplicated_5_n_grams"}, {6, 0.14, "duplicated_6_n_grams"}, {7, 0.13, "duplicated_7_n_grams"},
        {8, 0.12, "duplicated_8_n_grams"}, {9, 0.11, "duplicated_9_n_grams"}, {10, 0.10, "duplicated_10_n_grams"}};
    double chars = (double)text_chars(text, n);
    if (!chars) return NULL;
    const char *s = text;
    size_t sn = n;
    while (sn && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) s++, sn--;
    while (sn && (s[sn - 1] == ' ' || s[sn - 1] == '\n' || s[sn - 1] == '\t' || s[sn - 1] == '\r')) sn--;
    size_t parts, dups, dup_chars;
    if (memmem(s, sn, "\n\n", 2)) {   /* one paragraph cannot repeat */
        duplicate_parts(s, sn, 2, &parts, &dups, &dup_chars);
        if (parts && (double)dups / (double)parts > 0.3) return "dup_para_frac";
        if ((double)dup_chars / chars > 0.2) return "dup_para_char_frac";
    }
    if (memchr(text, '\n', n)) {
        duplicate_parts(text, n, 1, &parts, &dups, &dup_chars);
        if (parts && (double)dups / (double)parts > 0.3) return "dup_line_frac";
        if ((double)dup_chars / chars > 0.2) return "dup_line_char_frac";
    }
    const char *why = NULL;
    ngram_scratch g = {0};
    if (ws->n >= 2 && (g.hash = malloc((size_t)ws->n * sizeof *g.hash)) && (g.len = malloc((size_t)ws->n * sizeof *g.len)) &&
        !counter_init(&g.c, (size_t)ws->n)) {
        for (int i = 0; i < ws->n; i++) g.hash[i] = mix(0xcbf29ce484222325ULL, ws->w[i].s, ws->w[i].n), g.len[i] = code_points(ws->w[i]);
        /* A repeated (n+1)-gram contains a repeated n-gram: once nothing repeats, stop looking. */
        for (size_t i = 0; !why && i < sizeof top / sizeof top[0]; i++) {
            size_t c = top_ngram_chars(&g, ws->n, top[i].n);
            if (!c) break;
            if ((double)c / chars > top[i].frac) why = top[i].why;
        }
        for (size_t i = 0; !why && i < sizeof dup / sizeof dup[0]; i++) {
            size_t c = duplicated_ngram_chars(&g, ws->n, dup[i].n);
            if (!c) break;
            if ((double)c / chars > dup[i].frac) why = dup[i].why;
        }
    }
    free(g.hash), free(g.len), counter_free(&g.c);
    return why;
}

const char *quality_check(const gopher_params *p, int repetition_rules, const char *text, size_t n) {
    words ws = tokenize(text, n);
    const char *why = ws.n ? rules(p, text, n, &ws) : (p->min_words ? "gopher_short_doc" : NULL);
    if (!why && repetition_rules) why = repetition(text, n, &ws);
    free(ws.w);
    return why;
}

/* The end of the math span opening at text[i] ('$' or '\\'), or 0 when none opens there. */
static size_t math_span_end(const char *text, size_t n, size_t i) {
    static const struct { const char *open, *close; } delims[] = {
        {"$$", "$$"}, {"\\[", "\\]"}, {"\\(", "\\)"}, {"$", "$"}};
    if (i && text[i - 1] == '\\') return 0;   /* \$ is a dollar sign */
    for (size_t d = 0; d < 4; d++) {
        size_t lo = strlen(delims[d].open), lc = strlen(delims[d].close);
        if (n - i < lo || memcmp(text + i, delims[d].open, lo)) continue;
        const char *end = memmem(text + i + lo, n - i - lo, delims[d].close, lc);
        return end ? (size_t)(end - text) + lc : 0;
    }
    return 0;
}

char *quality_without_math(const char *text, size_t n) {
    buf b;
    buf_init(&b);
    size_t i = 0, copied = 0;
    int unclosed_dollar = 0;   /* after one '$' without a partner, no later '$' can close */
    while (i < n) {
        const char *p = text + i;
        while (p < text + n && *p != '$' && *p != '\\') p++;
        i = (size_t)(p - text);
        if (i >= n) break;
        size_t end = unclosed_dollar && text[i] == '$' ? 0 : math_span_end(text, n, i);
        if (!end) {
            unclosed_dollar |= text[i] == '$' && !(i && text[i - 1] == '\\');
            i++;
            continue;
        }
        buf_append(&b, text + copied, i - copied);
        buf_puts(&b, " formula ");
        i = copied = end;
    }
    buf_append(&b, text + copied, n - copied);
    return buf_take(&b);
}

double quality_latin_ratio(const char *text, size_t n) {
    size_t letters = 0, latin = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {   /* ASCII: the common case, without decoding */
            int letter = (c | 32) >= 'a' && (c | 32) <= 'z';
            letters += (size_t)letter, latin += (size_t)letter, i++;
            continue;
        }
        size_t len;
        unsigned cp = decode((const unsigned char *)text + i, n - i, &len);
        if (is_letter(cp)) letters++, latin += is_latin_letter(cp);
        i += len;
    }
    return letters ? (double)latin / (double)letters : 1.0;
}

