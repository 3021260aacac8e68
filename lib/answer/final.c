/* final.c -- the final answer of a worked solution or a model's response: boxes, marker phrases,
 * a closing display-math block, the last line. */
#include "answer/final.h"

#include "core/find.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One pass over the text with a stack of open braces: a box is found when the brace after its
 * "\boxed" closes, knowing how deep the braces inside it went.  Which boxes a reader takes is then
 * a walk over them in order of where they open: the first from the cursor, the cursor past its
 * end.  Everything is linear in n, so 100k unclosed boxes cost what one pass costs. */
typedef struct {
    size_t brace, start;   /* the '{', and where "\boxed" begins (start == brace: not a box) */
    int inner;             /* how deep the braces inside went (0: none) */
} open_brace;

static int box_before(const char *s, size_t k, int max_depth, size_t *start) {
    if (k >= 6 && !memcmp(s + k - 6, "\\boxed", 6)) return *start = k - 6, 1;
    if (!max_depth && k >= 5 && !memcmp(s + k - 5, "\\fbox", 5)) return *start = k - 5, 1;
    return 0;
}

static int by_start(const void *x, const void *y) {
    const answer_box *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

size_t answer_boxes(const char *s, size_t n, int max_depth, answer_box **out) {
    *out = NULL;
    size_t depth = 0, cap = 16, nfound = 0, stack_cap = 64;
    open_brace *stack = malloc(stack_cap * sizeof *stack);
    answer_box *found = malloc(cap * sizeof *found);
    for (size_t k = 0; stack && found && (k = find_either(s, k, n, '{', '}')) < n; k++) {
        if (s[k] == '{') {
            if (depth == stack_cap) {
                open_brace *more = realloc(stack, 2 * stack_cap * sizeof *stack);
                if (!more) goto oom;
                stack = more, stack_cap *= 2;
            }
            open_brace *o = &stack[depth++];
            o->brace = k, o->inner = 0;
            if (!box_before(s, k, max_depth, &o->start)) o->start = k;
        } else if (s[k] == '}' && depth) {
            open_brace o = stack[--depth];
            if (depth && stack[depth - 1].inner < o.inner + 1) stack[depth - 1].inner = o.inner + 1;
            if (o.start == o.brace || (max_depth && o.inner > max_depth)) continue;   /* not a box, or too deep */
            if (nfound == cap) {
                answer_box *more = realloc(found, 2 * cap * sizeof *found);
                if (!more) goto oom;
                found = more, cap *= 2;
            }
            found[nfound++] = (answer_box){o.start, o.brace + 1, k};
        }
    }
    if (!stack || !found) goto oom;
    free(stack);
    qsort(found, nfound, sizeof *found, by_start);   /* closed in order of their ends: now of their starts */
    size_t taken = 0, cursor = 0;
    for (size_t j = 0; j < nfound; j++)
        if (found[j].start >= cursor) found[taken++] = found[j], cursor = found[j].b + 1;
    if (!taken) free(found), found = NULL;
    *out = found;
    return taken;
oom:
    free(stack), free(found);
    return 0;
}

/* The last box in one pass over the braces, for the common text: its "\boxed{" (or "\fbox{")
 * closes, and no brace before it is left open, so no taken box can hold it and it is the last
 * answer_boxes takes; otherwise answer_boxes decides.  Fed one brace at a time, in order, from
 * {.max_depth = ...}; the result: 1 with the last box's content [*a, *b) (empty: no answer), 0
 * when the text has no box, -1 when only answer_boxes can tell (the last box unclosed, too deep,
 * or inside braces). */
typedef struct {
    size_t depth, open_before, brace, walk, close;   /* walk: braces open inside the last box */
    int max_depth, seen, state;                       /* state of the last box: 0 open, 1 closed, -1 too deep */
} box_scan;

static void box_scan_brace(box_scan *t, const char *s, size_t k) {
    size_t start;
    if (s[k] == '{') {
        if (box_before(s, k, t->max_depth, &start)) {
            t->seen = 1, t->state = 0, t->walk = 0, t->brace = k, t->open_before = t->depth;
        } else if (t->seen && t->state == 0) {
            if (t->max_depth && t->walk == (size_t)t->max_depth) t->state = -1;   /* too deep: not a box */
            t->walk++;
        }
        t->depth++;
    } else {
        if (t->seen && t->state == 0) {
            if (t->walk) t->walk--;
            else t->state = 1, t->close = k;
        }
        if (t->depth) t->depth--;
    }
}

static int box_scan_result(const box_scan *t, size_t *a, size_t *b) {
    if (!t->seen) return *a = *b = 0, 0;
    if (t->state != 1 || t->open_before) return -1;
    *a = t->brace + 1, *b = t->close;
    return 1;
}

char *answer_last_box(const char *s, size_t n, int max_depth, size_t *end) {
    size_t qa, qb;
    box_scan t = {.max_depth = max_depth};
    for (size_t k = 0; (k = find_either(s, k, n, '{', '}')) < n; k++) box_scan_brace(&t, s, k);
    if (box_scan_result(&t, &qa, &qb) >= 0) {
        if (end) *end = qb;
        return qb > qa ? strndup(s + qa, qb - qa) : NULL;
    }
    answer_box *box;
    size_t k = answer_boxes(s, n, max_depth, &box);
    const answer_box *last = k ? &box[k - 1] : NULL;
    if (end) *end = last ? last->b : 0;
    char *a = last && last->b > last->a ? strndup(s + last->a, last->b - last->a) : NULL;
    free(box);
    return a;
}

/* The text after the latest marker phrase (case-insensitive), to the end of its line, and where
 * the marker stands (at may be NULL). */
static char *after_marker(const char *s, size_t n, const char *const *markers, size_t *at) {
    const char *best = NULL;
    for (int m = 0; markers[m]; m++) {
        size_t l = strlen(markers[m]);
        for (size_t i = 0; i + l <= n; i++)
            if (!strncasecmp(s + i, markers[m], l) && (!best || s + i + l > best)) best = s + i + l;
    }
    if (!best) return NULL;
    if (at) *at = (size_t)(best - s);
    const char *end = memchr(best, '\n', (size_t)(s + n - best));
    if (!end) end = s + n;
    while (best < end && isspace((unsigned char)*best)) best++;
    while (end > best && isspace((unsigned char)end[-1])) end--;
    return end > best ? strndup(best, (size_t)(end - best)) : NULL;
}

/* A marker's text ends with its sentence ("$10,455$. I hope it is correct.") unless the dot is
 * inside math or a number. */
static void end_sentence(char *a) {
    int math = 0;
    for (char *p = a; *p; p++) {
        if (*p == '$') math = !math;
        if (math || *p != '.' || (p > a && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))) continue;
        if (!p[1] || p[1] == ' ') { *p = 0; return; }
    }
}

/* The final answer is "$12 $ and $13 $": quotes around a marker's answer (also escaped ones, \")
 * are not part of it. */
static void unquote(char *a) {
    size_t n = strlen(a), q = !strncmp(a, "\\\"", 2) ? 2 : a[0] == '"' ? 1 : 0;
    if (!q || n < 2 * q || strncmp(a + n - q, a, q)) return;
    memmove(a, a + q, n - 2 * q);
    a[n - 2 * q] = 0;
}

/* The content of the last display-math block ($$..$$ or \[..\]), which may span lines, when it
 * comes after everything else but blank space: "Answer \[ 9 \]". */
static char *last_display_math(const char *s, size_t n) {
    static const struct { const char *open, *close; } delims[] = {{"\\[", "\\]"}, {"$$", "$$"}};
    const char *end = s + n;
    while (end > s && isspace((unsigned char)end[-1])) end--;
    for (size_t d = 0; d < 2; d++) {
        size_t lo = strlen(delims[d].open), lc = strlen(delims[d].close);
        if (end - s < (long)(lo + lc) || memcmp(end - lc, delims[d].close, lc)) continue;
        const char *open = NULL;
        for (const char *p = s; p + lo <= end - lc; p++) if (!memcmp(p, delims[d].open, lo)) open = p;
        if (!open) continue;
        const char *a = open + lo, *b = end - lc;
        while (a < b && isspace((unsigned char)*a)) a++;
        while (b > a && isspace((unsigned char)b[-1])) b--;
        if (b > a) return strndup(a, (size_t)(b - a));
    }
    return NULL;
}

/* Whether an extracted answer says anything: a letter, a digit or a non-ASCII sign ("\)", the
 * closing line of a math block, does not). */
static int has_content(const char *a) {
    for (const char *p = a; *p; p++) if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80) return 1;
    return 0;
}

char *answer_final(const char *s, size_t n) {
    static const char *const markers[] = {"final answer is", "final answer:", "the answer is", "answer:", NULL};
    static const char *const turn_ends[] = {"<|im_end|>", "<|im_start|>", "<|endoftext|>", NULL};
    for (const char *t; (t = memmem(s, n, "</think>", 8));) n -= (size_t)(t + 8 - s), s = t + 8;
    for (int k = 0; turn_ends[k]; k++) {   /* a chat turn that runs on past its end */
        const char *t = memmem(s, n, turn_ends[k], strlen(turn_ends[k]));
        if (t) n = (size_t)(t - s);
    }
    size_t box_end = 0, marker_at = 0;
    char *a = answer_last_box(s, n, 0, &box_end), *m = after_marker(s, n, markers, &marker_at);
    if (m && (!a || marker_at > box_end)) {   /* "\boxed{255} ... The final answer is $10,455$": the later */
        free(a);
        a = m;
        end_sentence(a);
        unquote(a);
    } else {
        free(m);
    }
    if (!a) a = last_display_math(s, n);
    if (!a || !*a) {
        free(a);
        const char *end = s + n;   /* the last non-empty line */
        while (end > s && isspace((unsigned char)end[-1])) end--;
        const char *start = end;
        while (start > s && start[-1] != '\n') start--;
        while (start < end && isspace((unsigned char)*start)) start++;
        a = end > start ? strndup(start, (size_t)(end - start)) : NULL;
    }
    if (a && !has_content(a)) { free(a); a = NULL; }
    return a;
}

/* One of General-Reasoner's marker phrases, as re.finditer(phrase + r"((?:(?!<<).)*?)\n", re.I) reads
 * it: the capture runs to the end of the line, which must end, and holds no "<<"; matches do not
 * overlap.  Sets *start to the latest match (or leaves it) and returns its capture's end. */
static const char *paper_marker(const char *s, size_t n, const char *phrase, const char **start, const char **cap) {
    size_t l = strlen(phrase);
    const char *cap_end = NULL;
    for (size_t i = 0; i + l <= n; i++) {
        if (strncasecmp(s + i, phrase, l)) continue;
        const char *from = s + i + l, *nl = memchr(from, '\n', (size_t)(s + n - from));
        if (!nl) break;
        if (memmem(from, (size_t)(nl - from), "<<", 2)) continue;
        if (!*start || s + i > *start) *start = s + i, *cap = from, cap_end = nl;
        i = (size_t)(nl - s);
    }
    return cap_end;
}

char *answer_final_paper(const char *s, size_t n) {
    static const char *const phrases[] = {"Final Answer:", "Final Answer is:", "The answer is:", "Answer:",
                                          "Solution:", "The solution is:", NULL};
    static const char *const suffixes[] = {"</s>", "<|im_end|>", "<|endoftext|>", NULL};
    char *a = answer_last_box(s, n, 2, NULL);
    if (a) return a;
    const char *start = NULL, *from = NULL, *end = NULL, *e;
    for (int k = 0; phrases[k]; k++)
        if ((e = paper_marker(s, n, phrases[k], &start, &from))) end = e;
    if (!end) return NULL;
    for (int pass = 0; pass < 2; pass++) {    /* strip, drop one end-of-text token, strip again */
        while (from < end && isspace((unsigned char)*from)) from++;
        while (end > from && isspace((unsigned char)end[-1])) end--;
        for (int k = 0; pass == 0 && suffixes[k]; k++) {
            size_t l = strlen(suffixes[k]);
            if ((size_t)(end - from) >= l && !memcmp(end - l, suffixes[k], l)) { end -= l; break; }
        }
    }
    return strndup(from, (size_t)(end - from));
}

/* ---- the short form of a worked answer ---------------------------------------------------------- */

static size_t count_spaced_words(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += !isspace((unsigned char)s[i]) && (i == 0 || isspace((unsigned char)s[i - 1]));
    return w;
}

/* Short already: a line of at most ten words, one sentence at most ("4 mol", "$\frac{3}{4}$",
 * "P = 20").  A stop inside a number ("2.5 s") does not end a sentence. */
static int already_short(const char *s, size_t n) {
    if (memchr(s, '\n', n) || count_spaced_words(s, n) > 10) return 0;
    for (size_t i = 0; i + 2 < n; i++)
        if (strchr(".!?", s[i]) && s[i + 1] == ' ' && isupper((unsigned char)s[i + 2])) return 0;
    return 1;
}

/* Words in parentheses, not math: a word of three letters or a "$" ("(approximately)", "($50 /
 * $1,000)"), where an interval or a factor ("(9,36)", "(x - 2)") has neither. */
static int aside(const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '$') return 1;
        if (s[i] == '\\') {   /* a command's name is math: "(3, \infty)" */
            while (i + 1 < n && isalpha((unsigned char)s[i + 1])) i++;
            run = 0;
            continue;
        }
        run = isalpha((unsigned char)s[i]) ? run + 1 : 0;
        if (run >= 3) return 1;
    }
    return 0;
}

/* Trims s[*a, *b): blanks, a closing stop, a trailing "(...)" aside, math delimiters around it. */
static void trim_value(const char *s, size_t *a, size_t *b) {
    for (int changed = 1; changed && *b > *a;) {
        changed = 0;
        while (*a < *b && isspace((unsigned char)s[*a])) (*a)++, changed = 1;
        while (*b > *a && (isspace((unsigned char)s[*b - 1]) || s[*b - 1] == '.' || s[*b - 1] == ','))
            (*b)--, changed = 1;
        if (*b > *a && s[*b - 1] == ')') {   /* an aside: "5% ($50 / $1,000)" */
            int depth = 0;
            for (size_t k = *b; k > *a; k--) {
                if (s[k - 1] == ')') depth++;
                else if (s[k - 1] == '(' && !--depth) {
                    if (k - 1 > *a && s[k - 2] == ' ' && aside(s + k, *b - 1 - k)) *b = k - 1, changed = 1;
                    break;
                }
            }
        }
        if (*b > *a && s[*b - 1] == '$' && !memchr(s + *a, '$', *b - *a - 1)) (*b)--, changed = 1;   /* "15$": a span's end */
        static const char *const wraps[][2] = {{"\\(", "\\)"}, {"\\[", "\\]"}, {"$$", "$$"}, {"$", "$"}};
        for (int w = 0; w < 4; w++) {
            size_t lo = strlen(wraps[w][0]), lc = strlen(wraps[w][1]);
            if (*b - *a >= lo + lc && !memcmp(s + *a, wraps[w][0], lo) && !memcmp(s + *b - lc, wraps[w][1], lc))
                *a += lo, *b -= lc, changed = 1;
        }
    }
}

/* Where the value after the last "=" or "≈" ends: the end of its math span, a clause (", or",
 * ", so", ", i.e.", "; ", " and "), a sentence's stop (also "。") or the line's end. */
static size_t value_end(const char *s, size_t n, size_t from) {
    static const char *const stops[] = {"\\)", "\\]", "$", ", ", "; ", " and ", " while ", ". ", ".\n", "\n",
                                        "\xE3\x80\x82", "\xE3\x80\x81", NULL};
    size_t end = n, dollars = 0;
    for (size_t i = 0; i < from; i++)   /* "$1,000" is money: a "$" before a digit opens no math */
        dollars += s[i] == '$' && (i == 0 || s[i - 1] != '\\') && !(i + 1 < n && isdigit((unsigned char)s[i + 1]));
    for (int k = 0; stops[k]; k++) {
        if (!strcmp(stops[k], "$") && dollars % 2 == 0) continue;   /* outside $..$ a "$" is money: "= $863.84" */
        const char *h = memmem(s + from, n - from, stops[k], strlen(stops[k]));
        if (h && (size_t)(h - s) < end) end = (size_t)(h - s);
    }
    return end;
}

/* Just past the last "=", "≈" or \approx in s[a, b) that is not part of "==", or 0. */
static size_t after_last_equals(const char *s, size_t a, size_t b) {
    size_t at = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '=' && (i + 1 >= b || s[i + 1] != '=') && (i == a || s[i - 1] != '=')) at = i + 1;
        else if (i + 3 <= b && !memcmp(s + i, "\xE2\x89\x88", 3)) at = i + 3;
        else if (i + 7 <= b && !memcmp(s + i, "\\approx", 7)) at = i + 7;
    }
    return at;
}

/* The value after the last "=" in s[a, b), if short; NULL otherwise. */
static char *value_after_equals(const char *s, size_t a, size_t b) {
    size_t at = after_last_equals(s, a, b);
    if (!at) return NULL;
    size_t va = at, vb = value_end(s, b, at);
    trim_value(s, &va, &vb);
    if (vb <= va || count_spaced_words(s + va, vb - va) > 6) return NULL;
    char *v = strndup(s + va, vb - va);
    if (v && !has_content(v)) free(v), v = NULL;
    return v;
}

/* What stands between the last "=" and the one before it (or the start) is arithmetic: digits
 * and no variable ("$1,000 × 1.05^2 = $1,102.50", "v = at = 2 × 3 = 6 m/s"), so the result is the
 * answer.  An equation ("5x - 7y + 11z + 4 = 0") or a definition ("P = 20") is the answer whole.
 * Command names (\times, \frac) are not variables. */
static int computed(const char *s, size_t a, size_t at) {
    size_t from = a, digits = 0;
    for (size_t i = a; i + 1 < at; i++)
        if (s[i] == '=') from = i + 1;
    for (size_t i = from; i + 1 < at; i++) {
        if (s[i] == '\\') {
            while (i + 2 < at && isalpha((unsigned char)s[i + 1])) i++;
            continue;
        }
        if (isalpha((unsigned char)s[i])) return 0;
        digits += isdigit((unsigned char)s[i]) != 0;
    }
    return digits > 0;
}

/* The last number of s[a, b) with at most two words of unit after it, up to the stop: "the ball
 * lands after 3.0 s." gives "3.0 s". */
static char *last_number(const char *s, size_t a, size_t b) {
    size_t d = b;
    while (d > a && !isdigit((unsigned char)s[d - 1])) d--;
    if (d == a) return NULL;
    size_t start = d;
    while (start > a && (isdigit((unsigned char)s[start - 1]) || s[start - 1] == '.' || s[start - 1] == ',' ||
                         s[start - 1] == '-' || s[start - 1] == '$'))
        start--;
    size_t end = d, words = 0;
    while (end < b && words < 2) {   /* its unit */
        size_t w = end;
        while (w < b && s[w] == ' ') w++;
        size_t e = w;
        while (e < b && !isspace((unsigned char)s[e]) && s[e] != ',' && !(s[e] == '.' && (e + 1 == b || s[e + 1] == ' '))) e++;
        if (e == w || e - w > 8) break;
        end = e, words++;
    }
    size_t va = start, vb = end;
    trim_value(s, &va, &vb);
    return vb > va ? strndup(s + va, vb - va) : NULL;
}

char *answer_short_form(const char *s, size_t n) {
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (!n) return NULL;
    char *a = answer_last_box(s, n, 0, NULL);
    if (a) return a;
    static const char *const markers[] = {"final answer is", "final answer:", "the answer is", "answer:", NULL};
    if ((a = after_marker(s, n, markers, NULL))) {
        end_sentence(a), unquote(a);
        if (*a && already_short(a, strlen(a))) return a;
        free(a);
    }
    if (already_short(s, n)) {   /* short, but maybe a calculation or with an aside */
        size_t at = after_last_equals(s, 0, n);
        char *v = at && computed(s, 0, at) ? value_after_equals(s, 0, n) : NULL;
        if (v) return v;
        size_t va = 0, vb = n;
        while (vb > 0 && (s[vb - 1] == '.' || isspace((unsigned char)s[vb - 1]))) vb--;
        if (!vb || s[vb - 1] != ')') return NULL;
        trim_value(s, &va, &vb);   /* an aside after the answer: "5% ($50 / $1,000)." */
        return vb > va && s[vb - 1] != ')' ? strndup(s + va, vb - va) : NULL;
    }
    size_t line = n;   /* the last line first: a solution ends with its result */
    while (line > 0 && s[line - 1] != '\n') line--;
    if ((a = value_after_equals(s, line, n))) return a;
    if (line > 0 && !after_last_equals(s, line, n) && (a = last_number(s, line, n))) return a;
    return value_after_equals(s, 0, n);
}
