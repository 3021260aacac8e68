/* question.c -- see question.h.  The thresholds were set on two sets: every real benchmark
 * question we have (20,416 of them: MATH-500, TheoremQA, GSM8K, MMLU-Pro, GPQA, OlympiadBench,
 * Minerva, AIME, AMC, BBEH), which must keep >= 99.5 %, and the junk of
 * tests/oracle/quality_sets.py (crawl navigation, boilerplate and perturbed questions); each
 * rule's comment says what in the real set bounds it. */
#include "filter/question.h"

#include "core/buf.h"
#include "core/find.h"
#include "filter/quality.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- words -------------------------------------------------------------------------------------- */

/* A byte as a word character: its lower case for an ASCII letter or digit, else 0.  A table,
 * filled once (question_check), because every rule below reads the text through it. */
static unsigned char word_char[256];

static void fill_word_chars(void) {
    for (int c = 0; c < 256; c++) word_char[c] = c < 128 && isalnum(c) ? (unsigned char)tolower(c) : 0;
}

/* Lower-case ASCII words of letters and digits, one space between, with a space at each end, so
 * that " phrase " finds a phrase at word boundaries.  Everything else separates words. */
static char *normalized(const char *s, size_t n, size_t *words) {
    char *out = malloc(n + 3), *o = out;
    if (!out) return NULL;
    *o++ = ' ';
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = word_char[(unsigned char)s[i]];
        if (c) {
            *o++ = (char)c;
            w += !in, in = 1;
        } else if (in) {
            *o++ = ' ';
            in = 0;
        }
    }
    if (in) *o++ = ' ';
    *o = 0;
    *words = w;
    return out;
}

/* FNV-1a over bytes: word and piece hashes below. */
static uint64_t fnv(uint64_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}
#define FNV_START 1469598103934665603ULL

/* The words of s[0..n) as normalized() counts them, without making the string. */
static size_t count_words(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += word_char[(unsigned char)s[i]] && (i == 0 || !word_char[(unsigned char)s[i - 1]]);
    return w;
}

/* A whitespace-separated token: s[*i..) after skipping space; returns its length, 0 at the end. */
static size_t next_token(const char *s, size_t n, size_t *i, const char **tok) {
    while (*i < n && isspace((unsigned char)s[*i])) (*i)++;
    size_t a = *i;
    while (*i < n && !isspace((unsigned char)s[*i])) (*i)++;
    *tok = s + a;
    return *i - a;
}

static int starts_with_ci(const char *t, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    return n >= k && !strncasecmp(t, prefix, k);
}

/* ---- phrases ----------------------------------------------------------------------------------- */

/* The phrase lists (asking, furniture, advertising, selling, below) are matched in one pass over
 * the normalized text: a table keyed by a phrase's first word, built once.  Looking for each of
 * the 200 phrases with strstr read the text 200 times, which made these rules slower than
 * Gopher's. */
enum { L_ASKING, L_FURNITURE, L_ADVERTISING, L_SELLING, L_LISTS };
static const char *const *const phrase_lists[L_LISTS];   /* set below, once the lists are defined */

typedef struct {
    const char *text;
    size_t len;
    uint64_t first;   /* hash of its first word */
    int list, next;   /* next in its bucket, or -1 */
} phrase;

enum { MAX_PHRASES = 512, BUCKETS = 1024 };
static phrase phrases[MAX_PHRASES];
static int bucket[BUCKETS], nphrases;

static void index_phrases(void) {
    fill_word_chars();
    for (int b = 0; b < BUCKETS; b++) bucket[b] = -1;
    for (int l = 0; l < L_LISTS; l++)
        for (int i = 0; phrase_lists[l][i] && nphrases < MAX_PHRASES; i++) {
            const char *t = phrase_lists[l][i], *sp = strchr(t, ' ');
            uint64_t h = fnv(FNV_START, t, sp ? (size_t)(sp - t) : strlen(t));
            phrases[nphrases] = (phrase){t, strlen(t), h, l, bucket[h % BUCKETS]};
            bucket[h % BUCKETS] = nphrases++;
        }
}

/* hits[l]: how many distinct phrases of list l occur in norm at word boundaries */
static void match_phrases(const char *norm, int hits[L_LISTS]) {
    unsigned char seen[MAX_PHRASES] = {0};
    memset(hits, 0, L_LISTS * sizeof *hits);
    for (const char *p = norm; *p;) {
        while (*p == ' ') p++;
        const char *e = p;
        while (*e && *e != ' ') e++;   /* a call to strchr per word was a tenth of these rules */
        if (!*p || !*e) break;
        uint64_t h = fnv(FNV_START, p, (size_t)(e - p));
        for (int k = bucket[h % BUCKETS]; k >= 0; k = phrases[k].next) {
            const phrase *f = &phrases[k];
            if (f->first == h && !seen[k] && !strncmp(p, f->text, f->len) && p[f->len] == ' ') seen[k] = 1, hits[f->list]++;
        }
        p = e;
    }
}

/* ---- links, images, emptiness ----------------------------------------------------------------- */

/* strchr(set, c) for the few bytes below (NUL among them, as strchr has it), without a call per token */
static inline int in_set(const char *set, char c) {
    for (; *set; set++)
        if (*set == c) return 1;
    return c == 0;
}

static int is_url(const char *t, size_t n) {
    while (n && in_set("([<\"'", *t)) t++, n--;
    return starts_with_ci(t, n, "http://") || starts_with_ci(t, n, "https://") || starts_with_ci(t, n, "www.") ||
           starts_with_ci(t, n, "ftp://");
}

static int is_image_file(const char *t, size_t n) {
    static const char *const ext[] = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff", NULL};
    while (n && in_set(".,;:)]>\"'", t[n - 1])) n--;
    for (int e = 0; ext[e]; e++) {
        size_t k = strlen(ext[e]);
        if (n > k && !strncasecmp(t + n - k, ext[e], k)) return 1;
    }
    return 0;
}

/* Blanks out markdown images "![..](..)" and <img ...> tags, counting them. */
static size_t blank_images(char *s, size_t n) {
    size_t images = 0;
    if (!memchr(s, '!', n) && !memchr(s, '<', n)) return 0;
    for (size_t i = 0; i + 1 < n; i++) {
        size_t end = 0;
        if (s[i] == '!' && s[i + 1] == '[') {
            char *close = memchr(s + i, ']', n - i);
            if (close && close + 1 < s + n && close[1] == '(') {   /* "(image (32).png)": nested parens */
                int depth = 0;
                for (char *c = close + 1; c < s + n && !end; c++)
                    if (*c == '(') depth++;
                    else if (*c == ')' && !--depth) end = (size_t)(c - s) + 1;
            }
        } else if (s[i] == '<' && i + 4 < n && !strncasecmp(s + i + 1, "img", 3) &&
                   (isspace((unsigned char)s[i + 4]) || s[i + 4] == '>' || s[i + 4] == '/')) {
            char *gt = memchr(s + i, '>', n - i);
            end = gt ? (size_t)(gt - s) + 1 : n;
        }
        if (end) memset(s + i, ' ', end - i), images++, i = end - 1;
    }
    return images;
}

/* Words that only point elsewhere: a question made of them and links has no content. */
static int is_filler(const char *w) {
    static const char *const filler[] = {"see", "refer", "to", "the", "a", "an", "attached", "image", "images", "figure",
                                         "picture", "photo", "diagram", "below", "above", "following", "shown", "in",
                                         "link", "here", "question", "q", "problem", "answer", "this", "click", "open",
                                         "view", "visit", "at", "file", "img", "of", "please", "help", "with",
                                         "one", "me", "solve", "it", "is", "my", "pic", "screenshot", "photograph",
                                         "and", "for", "on", "uploaded", "upload", "link", NULL};
    for (int i = 0; filler[i]; i++)
        if (filler[i][0] == w[0] && !strcmp(w, filler[i])) return 1;
    return 0;
}

/* "question_empty", "question_only_link", "question_only_image", or NULL when a word of content
 * (a letter or digit outside links, images and pointing words) is there. */
static const char *content_check(const char *q, size_t qn, int *urls) {
    *urls = 0;
    char *s = malloc(qn + 1);
    if (!s) return NULL;
    memcpy(s, q, qn), s[qn] = 0;
    size_t images = blank_images(s, qn), content = 0, i = 0, tn;
    const char *t;
    while (!content && (tn = next_token(s, qn, &i, &t))) {
        if (is_url(t, tn)) { (*urls)++; continue; }
        if (is_image_file(t, tn)) { images++; continue; }
        for (size_t k = 0; k < tn && !content;) {   /* its words: "[image]" is the filler word "image" */
            char w[24];
            size_t wn = 0;
            while (k < tn && !isalnum((unsigned char)t[k])) k++;
            for (; k < tn && isalnum((unsigned char)t[k]); k++)
                if (wn < sizeof w - 1) w[wn++] = (char)tolower((unsigned char)t[k]);
            w[wn] = 0;
            content = wn && (wn == sizeof w - 1 || !is_filler(w));
        }
    }
    free(s);
    if (content) {   /* spam counts the links: "://" and "www." not after one */
        *urls = 0;
        for (const char *h = q; (h = find_bytes(h, qn - (size_t)(h - q), "://", 3)); h += 3) (*urls)++;
        for (const char *h = q; (h = find_bytes(h, qn - (size_t)(h - q), "www.", 4)); h += 4) *urls += h == q || h[-1] != '/';
        return NULL;
    }
    return images ? "question_only_image" : *urls ? "question_only_link" : "question_empty";
}

/* ---- asking ------------------------------------------------------------------------------------ */

int question_has_options(const char *q) {
    static const char *const first[] = {"\n(A)", "\nA)", "\nA.", "\nA:", " (A) ", NULL},
                             *const second[] = {"\n(B)", "\nB)", "\nB.", "\nB:", " (B) ", NULL};
    for (int i = 0; first[i]; i++) {
        const char *a = strstr(q, first[i]);
        if (a && strstr(a, second[i])) return 1;
    }
    return 0;
}

/* English asks with a closed set of words: the interrogatives, the verbs of exercises, and the
 * auxiliaries that open a yes/no question.  With them, a question mark, math, a blank to fill or
 * options, every real question asks something; a menu, a date, a title or a footer does not. */
static const char *const asking[] = {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether", "find", "compute",
    "calculate", "determine", "evaluate", "solve", "simplify", "express", "show", "prove", "explain", "describe",
    "list", "name", "identify", "give", "state", "write", "draw", "sketch", "estimate", "approximate", "convert",
    "complete", "fill", "choose", "select", "match", "rank", "arrange", "classify", "predict", "derive", "factor",
    "expand", "graph", "plot", "answer", "translate", "decide", "check", "verify", "count", "compare", "discuss",
    "define", "enter", "rewrite", "use", "let", "suppose", "assume", "consider", "given", "if", "is", "are", "does",
    "do", "can", "obtain", "provide", "report", "tell", "infer", "conclude", "analyze", "analyse", "apply",
    "measure", "sort", NULL};

static int asks(const char *q, size_t qn, const int hits[L_LISTS]) {
    if (quality_latin_ratio(q, qn) < 0.5) return 1;   /* words we cannot read: the script rule (lang) decides */
    return memchr(q, '?', qn) || find_bytes(q, qn, "\xEF\xBC\x9F", 3) || memchr(q, '$', qn) || memchr(q, '\\', qn) ||
           find_bytes(q, qn, "__", 2) || question_has_options(q) || hits[L_ASKING];
}

/* ---- boilerplate and spam ----------------------------------------------------------------------- */

/* Site furniture, as phrases that no benchmark question contains ("sign in" alone does: "the
 * sign in front of"); two of them, one per 40 words or denser, or a menu, make a question
 * boilerplate.  The density spares MMLU-Pro's law question about a web site's "terms and
 * conditions" and its "create an account" page (2 in 400 words); a footer has 2 in 20. */
static const char *const furniture[] = {
    "all rights reserved", "privacy policy", "cookie policy", "accept cookies", "uses cookies", "use cookies",
    "accept all cookies", "terms of use", "terms of service", "terms and conditions", "sign in to", "sign up for",
    "log in to", "subscribe to our", "our newsletter", "skip to content", "skip to main content", "enable javascript",
    "javascript is disabled", "powered by", "follow us", "share this", "read more", "click here", "contact us",
    "about us", "back to top", "main menu", "sitemap", "site map", "leave a comment", "posted by", "related posts",
    "previous post", "next post", "add to cart", "shopping cart", "my account", "forgot your password",
    "forgot password", "create an account", "log out", "sign out", "toggle navigation", "search this site",
    "home page", "cookie settings", NULL};

/* Advertising: one of these with a link or a phone number, or two of them.  Words that economics
 * and business questions use ("discount", "loan", "bonus", "cheap") are not on the list. */
static const char *const advertising[] = {
    "casino", "viagra", "cialis", "porn", "free spins", "bet now", "promo code", "coupon code", "discount code",
    "use code", "buy now", "order now", "buy cheap", "cheap essays", "essay writing service", "write my essay",
    "whatsapp", "payday loan", "payday loans", "earn money online", "make money online", "work from home",
    "lose weight fast", "limited offer", "limited time offer", "act now", "call now", "100 guaranteed",
    "visit our website", "visit our site", "free trial", "best price", "lowest price", "sexy", "hot singles",
    "click the link", NULL};

/* '+' then at least 7 digits with separators between them: an international phone number.  The
 * '+' must start a token, so "x+1234567" in a sum is not one. */
static int has_phone(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '+' || (i && !isspace((unsigned char)s[i - 1]) && s[i - 1] != '(')) continue;
        size_t digits = 0, j = i + 1;
        while (j < n && (isdigit((unsigned char)s[j]) || ((s[j] == '-' || s[j] == ' ' || s[j] == '.') && j + 1 < n &&
                                                          isdigit((unsigned char)s[j + 1]))))
            digits += isdigit((unsigned char)s[j]) != 0, j++;
        if (digits >= 7) return 1;
    }
    return 0;
}

/* The words of lines that look like a site menu: "Home | About | Contact" (four or more parts of
 * at most three words, capitalised, no digits: a markdown table row has numbers or lower-case
 * headers), or a run of four or more short capitalised lines of letters only
 * ("Home\nProducts\nContact"), which no question's option list or table is (options are labelled,
 * BBEH's glossary lines are lower case or have two columns). */
static size_t menu_words(const char *q, size_t qn) {
    size_t menu = 0, run = 0, run_words = 0;
    int separators = memchr(q, '|', qn) || find_bytes(q, qn, "\xC2\xBB", 2) || find_bytes(q, qn, "\xC2\xB7", 2) ||
                     find_bytes(q, qn, "\xE2\x80\xBA", 3) || find_bytes(q, qn, "\xE2\x80\xA2", 3);
    for (size_t a = 0; a < qn;) {
        const char *nl = memchr(q + a, '\n', qn - a);
        size_t b = nl ? (size_t)(nl - q) : qn, words, parts = 0, capital = 0, max_part = 0, part = 0, digits = 0;
        if (!separators && b - a > 64) {   /* neither a menu line nor a short one: most lines */
            if (run >= 4) menu += run_words;
            run = run_words = 0, a = b + 1;
            continue;
        }
        words = count_words(q + a, b - a);
        for (size_t i = a; i < b; i++) {
            unsigned char c = (unsigned char)q[i];
            size_t sep = c == '|' ? 1
                       : c == 0xC2 && i + 1 < b && ((unsigned char)q[i + 1] == 0xBB || (unsigned char)q[i + 1] == 0xB7) ? 2
                       : c == 0xE2 && i + 2 < b && (unsigned char)q[i + 1] == 0x80 &&
                                 ((unsigned char)q[i + 2] == 0xBA || (unsigned char)q[i + 2] == 0xA2) ? 3 : 0;
            if (sep) { part = 0, i += sep - 1; continue; }
            digits += isdigit(c) != 0;
            if (isspace(c) || (i > a && !isspace((unsigned char)q[i - 1]) && q[i - 1] != '|')) continue;
            if (!part) parts++, capital += isupper(c) || c >= 0x80;   /* a part's first word */
            if (++part > max_part) max_part = part;
        }
        size_t i = a;
        while (i < b && isspace((unsigned char)q[i])) i++;
        const char *last = q + b;
        while (last > q + i && isspace((unsigned char)last[-1])) last--;
        int short_line = words && words <= 3 && i < b && isupper((unsigned char)q[i]);
        for (const char *c = q + i; short_line && c < last; c++)   /* words only: "Thought 8: ( ;" is not */
            short_line = isalpha((unsigned char)*c) || *c == ' ' || *c == '&' || *c == '-' || *c == '\'' || (unsigned char)*c >= 0x80;
        if (parts >= 4 && max_part <= 3 && !digits && 4 * capital >= 3 * parts) menu += words;   /* not a table */
        if (short_line) run++, run_words += words;
        if (!short_line || b == qn) {
            if (run >= 4) menu += run_words;
            run = run_words = 0;
        }
        a = b + 1;
    }
    return menu;
}

/* Selling words: harmless in a business question ("a discount of 5%"), spam beside a link or a
 * phone number, which no real question with a link (two in GPQA) has. */
static const char *const selling[] = {"buy", "cheap", "sale", "discount", "offer", "deal", "deals", "free", "bonus",
                                      "win", "earn", "order", "click", "followers", "likes", "guaranteed", "off",
                                      "shop", "shipping", "price", "prices", "save", "promo", "coupon", "download",
                                      "join", "register", "today", "now", "best", "hot", "online", "visit", NULL};

static const char *const *const phrase_lists[L_LISTS] = {asking, furniture, advertising, selling};

static const char *boilerplate_or_spam(const char *q, size_t qn, const int hits[L_LISTS], size_t words, int urls) {
    int ads = hits[L_ADVERTISING], phone = has_phone(q, qn);
    if (ads >= 2 || (ads && (urls || phone)) || urls >= 3) return "spam";
    if ((urls || phone) && hits[L_SELLING]) return "spam";
    int marks = find_bytes(q, qn, "\xC2\xA9", 2) != NULL;   /* (c): a copyright line */
    int site = hits[L_FURNITURE] + marks;
    if (site >= 2 && (size_t)site * 40 >= words) return "boilerplate";
    size_t menu = menu_words(q, qn);
    if (menu >= 4 && 2 * menu >= words) return "boilerplate";
    return NULL;
}

/* ---- garbled text ------------------------------------------------------------------------------- */

/* The code point at s[*i] (advancing *i), or U+FFFD for a byte that starts no valid sequence. */
static unsigned next_cp(const char *s, size_t n, size_t *i) {
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i, len = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : p[0] >= 0xE0 && p[0] < 0xF0 ? 3
                               : p[0] >= 0xF0 && p[0] < 0xF5 ? 4 : 0;
    if (!len || len > left) return (*i)++, 0xFFFD;
    unsigned cp = len == 1 ? p[0] : p[0] & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) return (*i)++, 0xFFFD;
        cp = cp << 6 | (p[k] & 0x3F);
    }
    *i += len;
    return cp;
}

/* What cp1252 shows for a UTF-8 continuation byte (0x80-0xBF): U+00A0-U+00BF, or one of the
 * punctuation and letters it puts at 0x80-0x9F (Euro sign, quotes, dashes, "Š", "ˆ", ...). */
static int shown_continuation(unsigned cp) {
    static const unsigned cp1252[] = {0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
                                      0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178};
    if (cp >= 0xA0 && cp <= 0xBF) return 1;
    for (size_t k = 0; k < sizeof cp1252 / sizeof *cp1252; k++)
        if (cp == cp1252[k]) return 1;
    return 0;
}

/* UTF-8 read as cp1252 and written back as UTF-8: every multi-byte character becomes a letter
 * Â..ô (what cp1252 shows for a lead byte) followed by what it shows for each continuation byte,
 * one for a lead below à, two up to ï, three after -- "é" becomes "Ã©", "μ" "Î¼", "ω" "Ï‰", "'"
 * "â€™".  Real text seldom has such a run (BBEH's glossaries have "vó'um": ó would need three);
 * the real questions have it only where they are mojibake (MMLU-Pro's "fiancÃ©e", a BBEH
 * "playerâ€™s").  U+FFFD marks bytes that could not be decoded at all.  Two marks, or one in a
 * short text. */
static const char *garbled(const char *q, size_t qn) {
    size_t marks = 0, want = 0, seen = 0;   /* a lead's continuations still to see, and seen */
    for (size_t i = 0; i < qn;) {
        unsigned cp = (unsigned char)q[i] < 0x80 ? (unsigned char)q[i++] : next_cp(q, qn, &i);
        marks += cp == 0xFFFD;
        if (want && shown_continuation(cp)) {
            if (++seen == want) marks++, want = 0;
            continue;
        }
        want = cp >= 0xC2 && cp <= 0xDF ? 1 : cp >= 0xE0 && cp <= 0xEF ? 2 : cp >= 0xF0 && cp <= 0xF4 ? 3 : 0;
        seen = 0;
    }
    return marks >= 2 || (marks && qn < 200) ? "garbled_text" : NULL;
}

/* ---- LaTeX ------------------------------------------------------------------------------------- */

/* Braces opened by a command or a script ("\frac{", "^{", "_ {") that never close: none of the
 * real questions leaves one open (BBEH's bracket puzzles leave plain "{" open, which is why only
 * a command's brace counts), so two mean the text was cut or is not LaTeX at all. */
static const char *broken_latex(const char *q, size_t qn) {
    if (!memchr(q, '{', qn)) return NULL;
    buf stack;
    buf_init(&stack);
    for (size_t i = 0; i < qn; i++) {
        if (q[i] == '\\' && i + 1 < qn && (q[i + 1] == '{' || q[i + 1] == '}')) { i++; continue; }
        if (q[i] == '}') { if (stack.len) stack.len--; continue; }
        if (q[i] != '{') continue;
        size_t j = i;
        while (j > 0 && (q[j - 1] == ' ' || q[j - 1] == '\t')) j--;
        int command = j > 0 && (q[j - 1] == '^' || q[j - 1] == '_');
        size_t k = j;
        while (k > 0 && isalpha((unsigned char)q[k - 1])) k--;
        command |= k < j && k > 0 && q[k - 1] == '\\';
        buf_putc(&stack, (char)command);
    }
    size_t open = 0;
    for (size_t i = 0; i < stack.len; i++) open += (size_t)stack.data[i];
    buf_free(&stack);
    return open >= 2 ? "broken_latex" : NULL;
}

/* ---- word salad --------------------------------------------------------------------------------- */

typedef struct {
    char w[16];       /* the word, lower case, without punctuation around it ("" if longer), NUL-padded */
    char end;         /* the punctuation that ends the token, or 0 */
    int lower_start;  /* starts with a lower-case letter */
    int alpha;        /* letters only */
    unsigned lists;   /* the word lists below that hold w (W_*) */
} token;

static unsigned lists_of(const char *w);

static token make_token(const char *t, size_t n) {
    token k = {{0}, 0, 0, 0, 0};
    size_t a = 0, b = n;
    while (a < b && ispunct((unsigned char)t[a])) a++;
    while (b > a && ispunct((unsigned char)t[b - 1])) b--;
    if (b < n) k.end = t[b];
    if (b < n && n - b >= 2 && t[b] == '.' && t[b + 1] == '.') k.end = 0;   /* an ellipsis goes on */
    k.lower_start = a < b && islower((unsigned char)t[a]);
    k.alpha = a < b;
    for (size_t i = a; i < b; i++) k.alpha &= isalpha((unsigned char)t[i]) != 0;
    if (b - a < sizeof k.w)
        for (size_t i = a; i < b; i++) k.w[i - a] = (char)tolower((unsigned char)t[i]);
    k.lists = lists_of(k.w);
    return k;
}

/* Pairs of words that English never puts side by side.  "a" is left out of the articles because
 * it is a variable in math ("a and b", "the a and c coefficients"), "to" of the prepositions because "to be" is fine, and "by"
 * of what may follow one because of passives ("is thought of by"). */
static const char *const articles[] = {"the", "an", NULL};
static const char *const after_article_bad[] = {"the", "an", "of", "in", "on", "at", "to", "for", "with",
                                                "by", "from", "is", "are", "was", "were", "has", "have", "had",
                                                "and", "or", "but", "he", "she", "it", "they", "we", "you", NULL};
static const char *const prepositions[] = {"of", "in", "on", "at", "for", "with", "from", "into", NULL};
static const char *const after_preposition_bad[] = {"of", "on", "at", "for", "with", "from", "into", "is",
                                                    "are", "was", "were", NULL};
/* Words capitalised only where a sentence opens; a title may start with one ("similar to The
 * Matrix"), which is why these count only beside a word pair. */
static const char *const capital_mid[] = {"the", "an", "of", "is", "are", "what", "which", "how", "if", "when",
                                          "where", "why", "let", "find", "with", "from", NULL};
/* Abbreviations that end with a dot mid-sentence ("approx. 5", "et al. show"). */
static const char *const abbreviations[] = {"etc", "approx", "resp", "vs", "cf", "al", "eq", "eqs", "fig", "figs",
                                            "ref", "vol", "no", "pp", "ed", "ie", "eg", "viz", "min", "max", "sec",
                                            "hr", "hrs", "mol", "wt", "aq", "conc", "temp", "dept", "est", "inc",
                                            "ltd", "co", "corp", "jr", "sr", "dr", "mr", "mrs", "ms", "st", "mt",
                                            "sq", "cm", "mm", "km", "kg", "ft", "lb", "lbs", "oz", "yr", "yrs",
                                            "deg", "ca", "op", "cit", "ibid", "pg", "ch", "sp", "spp", "var", NULL};

/* Which of those lists hold a word, found once per token in a table built once: the lists
 * scanned with strcmp for every word were a sixth of the question rules. */
enum { W_ARTICLE = 1, W_AFTER_ARTICLE = 2, W_PREPOSITION = 4, W_AFTER_PREPOSITION = 8, W_CAPITAL_MID = 16,
       W_ABBREVIATION = 32 };
static const char *const *const word_lists[] = {articles, after_article_bad, prepositions, after_preposition_bad,
                                                capital_mid, abbreviations};
enum { WORD_SLOTS = 512 };   /* a power of two, over twice the words */
static struct { char w[16]; unsigned lists; } listed[WORD_SLOTS];

/* A NUL-padded word as two 8-byte halves: equal words, equal halves. */
static inline int same_word(const char *x, const char *y) {
    uint64_t a, b, c, d;
    memcpy(&a, x, 8), memcpy(&b, x + 8, 8), memcpy(&c, y, 8), memcpy(&d, y + 8, 8);
    return a == c && b == d;
}

static size_t word_slot(const char *w) {
    size_t i = (size_t)fnv(FNV_START, w, strnlen(w, 16)) & (WORD_SLOTS - 1);
    while (listed[i].w[0] && !same_word(listed[i].w, w)) i = (i + 1) & (WORD_SLOTS - 1);
    return i;
}

static void index_words(void) {
    for (size_t l = 0; l < sizeof word_lists / sizeof *word_lists; l++)
        for (int i = 0; word_lists[l][i]; i++) {
            char w[16] = {0};
            strncpy(w, word_lists[l][i], sizeof w - 1);
            size_t k = word_slot(w);
            memcpy(listed[k].w, w, sizeof w), listed[k].lists |= 1u << l;
        }
}

static unsigned lists_of(const char *w) {
    return w[0] ? listed[word_slot(w)].lists : 0;
}

/* Counts word orders a sentence cannot have: the article pairs above, a preposition before
 * another or before "is", an article ending a clause ("the."), and a full stop after a word
 * followed by a lower-case word.  Shuffled words make about one per 15 words; the real questions
 * about one per 400, so a text needs two and one per 25 words, and one of them a pair: a full stop
 * before a lower-case word alone is BBEH's style ("... are siblings. change has 4 children"). */
static const char *word_salad(const char *prose, size_t n) {
    size_t i = 0, tn, words = 0, pairs = 0, stops = 0;
    const char *t;
    token prev = {{0}, 0, 0, 0, 0};
    int have_prev = 0;
    while ((tn = next_token(prose, n, &i, &t))) {
        token k = make_token(t, tn);
        words++;
        if (have_prev && prev.w[0]) {
            int art = prev.lists & W_ARTICLE, prep = prev.lists & W_PREPOSITION;
            if (same_word(prev.w, k.w)) ;   /* "the the" is a typo, not salad */
            else if (!prev.end && art && (k.lists & W_AFTER_ARTICLE)) pairs++;
            else if (!prev.end && prev.w[0] == 'a' && !prev.w[1] && (k.lists & W_ARTICLE)) pairs++;   /* "a the" */
            else if (!prev.end && prep && (k.lists & W_AFTER_PREPOSITION)) pairs++;
            else if (prev.end == ',' && art) pairs++;
            else if ((prev.end == '.' || prev.end == '?') && prev.alpha && prev.w[1] && prev.w[2] &&
                     !(prev.lists & W_ABBREVIATION) && k.lower_start && k.alpha && strcmp(k.w, "formula"))
                stops++;
            else if (!prev.end && prev.lower_start && prev.alpha && k.w[0] && !k.lower_start &&
                     (k.lists & W_CAPITAL_MID) && strcmp(prev.w, "formula"))
                stops++;   /* "followed Of materials": a sentence's first word inside one */
        }
        prev = k, have_prev = 1;
    }
    size_t odd = pairs + stops;
    return pairs && odd >= 2 && odd * 25 >= words ? "word_salad" : NULL;
}

/* ---- repetition --------------------------------------------------------------------------------- */

typedef struct { uint64_t h; size_t len; } piece;

static int by_hash(const void *x, const void *y) {
    const piece *a = x, *b = y;
    return a->h < b->h ? -1 : a->h > b->h;
}

/* Lines and sentences of at least 3 words: when one occurs 3 or more times and its copies cover
 * half the text, the text is that piece pasted over and over.  A real question repeats pieces
 * too (BBEH's walks on a tile map say "Then you move up-left for one step." 44 times) but among
 * others: the most repeated covers a fifth of it. */
/* The shortest period of the normalized text (KMP's failure function): "Find the roots of" five
 * times over, whatever separates the copies, has a period of a fifth of its length. */
static size_t period(const char *s, size_t n) {
    size_t *fail = n ? malloc(n * sizeof *fail) : NULL;
    if (!fail) return n;
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < n; i++) {
        while (k && s[i] != s[k]) k = fail[k - 1];
        k += s[i] == s[k];
        fail[i] = k;
    }
    size_t p = n - fail[n - 1];
    free(fail);
    return p;
}

static const char *repeated(const char *q, size_t qn, const char *norm) {
    size_t nn = strlen(norm);
    /* three copies or more; a text whose opening 16 bytes do not come back in its first third
     * cannot be, which spares almost every text the full pass */
    if (nn >= 24 && find_bytes(norm + 1, nn / 3 + 16 < nn - 1 ? nn / 3 + 16 : nn - 1, norm, 16) && 3 * period(norm, nn) <= nn)
        return "repeated_text";
    size_t cap = 64, np = 0, words = 0, start = 0, run = 1;
    piece *p = malloc(cap * sizeof *p);
    if (!p) return NULL;
    uint64_t h = FNV_START;   /* of the piece's normalized words: case and punctuation aside */
    for (size_t i = 0; i <= qn; i++) {
        unsigned char c = i < qn ? (unsigned char)q[i] : '\n';
        if (i && i < qn && (run = c == (unsigned char)q[i - 1] ? run + 1 : 1) >= 256) {
            free(p);   /* one byte 256 times: the real questions' longest run is 62 ("-") */
            return "repeated_text";
        }
        int end = c == '\n' || ((c == '.' || c == '?' || c == '!') && (i + 1 >= qn || q[i + 1] == ' '));
        unsigned char w = word_char[c];
        if (w) {
            if (i == start || !word_char[(unsigned char)q[i - 1]]) words++, h = (h ^ ' ') * 1099511628211ULL;
            h = (h ^ w) * 1099511628211ULL;
        }
        if (!end) continue;
        if (words >= 3) {
            if (np == cap) {
                piece *more = realloc(p, 2 * cap * sizeof *p);
                if (!more) break;
                p = more, cap *= 2;
            }
            p[np++] = (piece){h, i - start};
        }
        h = FNV_START, words = 0, start = i + 1;
    }
    qsort(p, np, sizeof *p, by_hash);
    int pasted = 0;
    for (size_t i = 0; i < np && !pasted;) {
        size_t j = i, chars = 0;
        for (; j < np && p[j].h == p[i].h; j++) chars += p[j].len;
        pasted = j - i >= 3 && 2 * chars >= qn;
        i = j;
    }
    free(p);
    return pasted ? "repeated_text" : NULL;
}

/* ---- the answer --------------------------------------------------------------------------------- */

/* The answer equals the question, or is 8 or more of its words in a row: a copied sentence, not
 * an answer.  Eight because a real short answer can be an option's text ("the price level rises"),
 * and options of 8 words or more are answered by letter. */
static const char *copied(const char *qnorm, const char *a, size_t an) {
    size_t aw, i = 0, spaced = 0;
    const char *t;
    while (next_token(a, an, &i, &t)) spaced++;   /* LaTeX makes words: \frac{e^{2 i t}} is 4 */
    char *anorm = normalized(a, an, &aw);
    const char *why = NULL;
    if (aw && (!strcmp(anorm, qnorm) || (aw >= 8 && spaced >= 8 && strstr(qnorm, anorm)))) why = "answer_copied";
    free(anorm);
    return why;
}

/* The tables the rules read (word characters, phrases, the salad's word lists), built once, on the
 * first check: not once per token, where a pthread_once each was a cost of its own. */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static void build_tables(void) { index_phrases(), index_words(); }

const char *question_check(const char *q, size_t qn, const char *a, size_t an) {
    pthread_once(&tables_once, build_tables);
    int urls;
    const char *why = content_check(q, qn, &urls);
    if (why) return why;
    size_t words;
    char *norm = normalized(q, qn, &words);
    if (!norm) return NULL;
    int hits[L_LISTS];
    match_phrases(norm, hits);
    if (!asks(q, qn, hits)) why = "not_a_question";
    if (!why && !(why = boilerplate_or_spam(q, qn, hits, words, urls)) && !(why = garbled(q, qn)) && !(why = broken_latex(q, qn)) &&
        !(why = repeated(q, qn, norm))) {
        char *prose = quality_without_math(q, qn);
        why = prose ? word_salad(prose, strlen(prose)) : NULL;
        free(prose);
    }
    if (!why) why = copied(norm, a, an);
    free(norm);
    return why;
}
