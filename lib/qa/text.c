/* text.c -- question/answer text patterns over a page's visible text.
 *
 * Text patterns are conservative: a pair needs an explicit question marker (Question:, Q:,
 * Problem N.) and an explicit answer (Answer: line, "The answer is X", \boxed{X}, or an answer
 * key that lists the exercise's number).  Every false pair costs later stages more than a missed
 * one, so prose that merely mentions an answer yields nothing. */
#include "qa/text.h"
#include "answer/final.h"
#include "core/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QUESTION_WINDOW 20    /* lines between a question marker and its answer */
#define ANSWER_LINES 20       /* lines an answer may span */
#define SOLUTION_LINES 60

/* ---- lines ------------------------------------------------------------------------------------ */

typedef struct { const char *s; size_t n; } line;

/* Splits text into lines (views into text). */
static line *split_lines(const char *text, int *count) {
    int cap = 64, n = 0;
    line *l = malloc((size_t)cap * sizeof *l);
    for (const char *p = text; l && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (n == cap) {
            line *m = realloc(l, (size_t)(cap *= 2) * sizeof *m);
            if (!m) break;
            l = m;
        }
        l[n++] = (line){p, len};
        p += len + (nl ? 1 : 0);
    }
    *count = l ? n : 0;
    return l;
}

static int is_blank(line l) { return l.n == 0; }

/* Matches a marker word at the line start (case-insensitive), an optional number, then one of
 * `ends`; returns the offset of the text after it, or -1. */
static int match_marker(line l, const char *word, int numbered, const char *ends) {
    size_t w = strlen(word);
    if (l.n < w + 1 || strncasecmp(l.s, word, w)) return -1;
    size_t i = w;
    while (i < l.n && l.s[i] == ' ') i++;
    if (numbered) {
        size_t d = i;
        while (i < l.n && (isdigit((unsigned char)l.s[i]) || (i > d && l.s[i] == '.' && i + 1 < l.n && isdigit((unsigned char)l.s[i + 1])))) i++;
        while (i < l.n && l.s[i] == ' ') i++;
    } else if (isalnum((unsigned char)l.s[i])) {
        return -1;
    }
    if (i < l.n && strchr(ends, l.s[i])) {
        i++;
        while (i < l.n && l.s[i] == ' ') i++;
        return (int)i;
    }
    if (i == l.n && strchr(ends, '\n')) return (int)i;   /* the marker alone on its line */
    return -1;
}

typedef enum { M_NONE, M_QUESTION, M_PROBLEM, M_SOLUTION, M_ANSWER } marker;

static marker line_marker(line l, int *rest) {
    static const struct { const char *word; int numbered; const char *ends; marker m; } table[] = {
        {"question", 1, ":", M_QUESTION}, {"q", 1, ":", M_QUESTION},
        {"problem", 1, ":.", M_PROBLEM}, {"exercise", 1, ":.", M_PROBLEM}, {"example", 1, ":.", M_PROBLEM},
        {"solution", 0, ":.\n", M_SOLUTION},
        {"final answer", 0, ":", M_ANSWER}, {"answer", 0, ":", M_ANSWER}, {"ans", 0, ":", M_ANSWER}, {"a", 0, ":", M_ANSWER},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        int at = match_marker(l, table[i].word, table[i].numbered, table[i].ends);
        if (at >= 0) { *rest = at; return table[i].m; }
    }
    return M_NONE;
}

/* Joins lines [from, to) into a string: lines with "\n", paragraphs with "\n\n"; the first line
 * starts at offset `skip`.  Leading and trailing blank lines are dropped. */
static char *join_lines(const line *ls, int from, int to, int skip) {
    buf b;
    buf_init(&b);
    int blank = 0;
    for (int i = from; i < to; i++) {
        const char *s = ls[i].s + (i == from ? skip : 0);
        size_t n = ls[i].n - (i == from ? (size_t)skip : 0);
        while (n && s[n - 1] == ' ') n--;
        if (!n) { blank = 1; continue; }
        if (b.len) buf_puts(&b, blank ? "\n\n" : "\n");
        buf_append(&b, s, n);
        blank = 0;
    }
    return buf_take(&b);
}

/* ---- answers inside a solution ------------------------------------------------------------- */

/* X of the last "the answer is X" / "the final answer is X": up to the sentence's end outside
 * math ($..$, \(..\), \[..\]); a '.' between digits is a decimal point. */
static char *answer_is(const char *s) {
    static const char *const phrases[] = {"the final answer is", "the answer is", NULL};
    const char *best = NULL;
    for (int k = 0; phrases[k]; k++)
        for (const char *p = s; (p = strcasestr(p, phrases[k])); p++) {
            const char *after = p + strlen(phrases[k]);
            if (!best || after > best) best = after;
        }
    if (!best) return NULL;
    const char *p = best;
    while (*p == ' ' || *p == ':') p++;
    const char *start = p;
    int math = 0;   /* 1 in $..$, 2 in \(..\) or \[..\] */
    for (; *p && *p != '\n'; p++) {
        if (*p == '\\' && (p[1] == '(' || p[1] == '[')) { math = 2; p++; continue; }
        if (*p == '\\' && (p[1] == ')' || p[1] == ']')) { math = 0; p++; continue; }
        if (*p == '$' && math != 2) { math = math ? 0 : 1; continue; }
        if (math || !strchr(".!?", *p)) continue;
        if (*p == '.' && p > start && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1])) continue;
        if (!p[1] || p[1] == ' ' || p[1] == '\n') break;
    }
    const char *end = p;
    while (end > start && strchr(" ,;:.!?", end[-1])) end--;
    return end > start ? strndup(start, (size_t)(end - start)) : NULL;
}

/* ---- Question/Answer and Problem/Solution blocks ------------------------------------------ */

/* The answer after an answer marker on line i: the rest of the line, or the next non-empty line,
 * continued to the next blank line or marker. */
static char *answer_at(const line *ls, int n, int i, int rest, int *end) {
    int from = i, skip = rest;
    if ((size_t)rest >= ls[i].n) {
        from = i + 1, skip = 0;
        while (from < n && is_blank(ls[from]) && from < i + 3) from++;
        if (from >= n || is_blank(ls[from])) { *end = from; return NULL; }
    }
    int to = from + 1, r;
    while (to < n && to < from + ANSWER_LINES && !is_blank(ls[to]) && line_marker(ls[to], &r) == M_NONE) to++;
    *end = to;
    return join_lines(ls, from, to, skip);
}

/* A block opened by a question or problem marker at line i; returns the line after it. */
static int text_block(const line *ls, int n, int i, marker opener, int rest, qa_list *out) {
    const char *extractor = opener == M_QUESTION ? "text-qa-pattern" : "text-problem-solution";
    int j = i + 1, r = 0, m = M_NONE;
    for (; j < n && j <= i + QUESTION_WINDOW; j++) {
        m = line_marker(ls[j], &r);
        if (m != M_NONE) break;
    }
    if (m == M_QUESTION || m == M_PROBLEM || m == M_NONE) {
        /* No answer marker: "The answer is X" in the paragraph after the question. */
        if (opener != M_QUESTION) return i + 1;
        int q_end = i + 1;
        while (q_end < n && !is_blank(ls[q_end])) q_end++;
        int s_from = q_end;
        while (s_from < n && is_blank(ls[s_from])) s_from++;
        int s_to = s_from;
        while (s_to < n && !is_blank(ls[s_to]) && line_marker(ls[s_to], &r) == M_NONE) s_to++;
        if (s_to == s_from) return i + 1;
        char *solution = join_lines(ls, s_from, s_to, 0);
        char *answer = answer_is(solution);
        if (!answer) { free(solution); return i + 1; }
        qa_list_add(out, extractor, join_lines(ls, i, q_end, rest), answer, solution, NULL, 0);
        return s_to;
    }
    char *question = join_lines(ls, i, j, rest), *solution = NULL, *answer = NULL;
    int end = j + 1;
    if (m == M_SOLUTION) {
        int s = j, k = j + 1, r2;
        marker m2 = M_NONE;
        for (; k < n && k < s + SOLUTION_LINES; k++)
            if ((m2 = line_marker(ls[k], &r2)) != M_NONE) break;
        solution = join_lines(ls, s, k, r);
        end = k;
        if (m2 == M_ANSWER) answer = answer_at(ls, n, k, r2, &end);
        if (!answer) answer = answer_last_box(solution, strlen(solution), 0, NULL);
        if (!answer) answer = answer_is(solution);
    } else {
        answer = answer_at(ls, n, j, r, &end);
    }
    qa_list_add(out, extractor, question, answer, solution, NULL, 0);
    return end;
}

/* ---- numbered exercises with an answer key ------------------------------------------------- */

/* "12. text" or "12) text": the number, and where the text starts; -1 when not such a line. */
static int numbered_item(line l, const char *seps, int *rest) {
    size_t i = 0;
    int num = 0;
    while (i < l.n && i < 3 && isdigit((unsigned char)l.s[i])) num = num * 10 + (l.s[i++] - '0');
    if (!i || i >= l.n) return -1;
    while (i < l.n && l.s[i] == ' ') i++;
    if (i >= l.n || !strchr(seps, l.s[i])) return -1;
    i++;
    if (i < l.n && l.s[i] != ' ') return -1;
    while (i < l.n && l.s[i] == ' ') i++;
    if (i >= l.n) return -1;
    *rest = (int)i;
    return num;
}

/* "A. text", "(A) text", "A) text": the choice text offset, or -1. */
static int choice_line(line l) {
    int paren = l.n > 0 && l.s[0] == '(';
    size_t i = (size_t)paren;
    if (i + 2 >= l.n || l.s[i] < 'A' || l.s[i] > 'H') return -1;
    char close = l.s[++i];
    if (paren ? close != ')' : close != '.' && close != ')') return -1;
    if (l.s[++i] != ' ') return -1;
    while (i < l.n && l.s[i] == ' ') i++;
    return i < l.n ? (int)i : -1;
}

static int is_key_heading(line l) {
    static const char *const words[] = {"answer key", "answer keys", "answers", "solutions", NULL};
    size_t n = l.n;
    while (n && (l.s[n - 1] == ':' || l.s[n - 1] == ' ')) n--;
    for (int i = 0; words[i]; i++)
        if (n == strlen(words[i]) && !strncasecmp(l.s, words[i], n)) return 1;
    return 0;
}

#define MAX_EXERCISES 200

static void answer_key(const line *ls, int n, qa_list *out) {
    int heading = -1;
    for (int i = 0; i < n; i++) if (is_key_heading(ls[i])) { heading = i; break; }
    if (heading < 1) return;
    char *key[MAX_EXERCISES + 1] = {0};
    int r;
    for (int i = heading + 1; i < n; i++) {
        int num = numbered_item(ls[i], ".):-", &r);
        if (num >= 1 && num <= MAX_EXERCISES && !key[num]) key[num] = strndup(ls[i].s + r, ls[i].n - (size_t)r);
    }
    int starts[MAX_EXERCISES + 1], nums[MAX_EXERCISES + 1], k = 0;
    for (int i = 0; i < heading && k < MAX_EXERCISES; i++) {
        int num = numbered_item(ls[i], ".)", &r);
        if (num >= 1 && num <= MAX_EXERCISES) starts[k] = i, nums[k++] = num;
    }
    starts[k] = heading;
    int paired = 0;
    for (int e = 0; e < k; e++) paired += key[nums[e]] != NULL;
    for (int e = 0; paired >= 2 && e < k; e++) {
        if (!key[nums[e]]) continue;
        int q_to = starts[e] + 1;
        while (q_to < starts[e + 1] && choice_line(ls[q_to]) < 0) q_to++;
        char **choices = calloc((size_t)(starts[e + 1] - q_to + 1), sizeof *choices);
        int nc = 0;
        for (int i = q_to; choices && i < starts[e + 1]; i++) {
            int at = choice_line(ls[i]);
            if (at >= 0) choices[nc++] = strndup(ls[i].s + at, ls[i].n - (size_t)at);
        }
        numbered_item(ls[starts[e]], ".)", &r);
        char *question = join_lines(ls, starts[e], q_to, r);
        qa_list_add(out, "text-answer-key", question, strdup(key[nums[e]]), NULL, nc >= 2 ? choices : NULL, nc >= 2 ? nc : 0);
        if (nc < 2) { for (int c = 0; c < nc; c++) free(choices[c]); free(choices); }
    }
    for (int i = 0; i <= MAX_EXERCISES; i++) free(key[i]);
}

void qa_from_text(const char *text, qa_list *out) {
    int n;
    line *ls = split_lines(text, &n);
    if (!ls) return;
    for (int i = 0; i < n;) {
        int rest;
        marker m = line_marker(ls[i], &rest);
        i = m == M_QUESTION || m == M_PROBLEM ? text_block(ls, n, i, m, rest, out) : i + 1;
    }
    answer_key(ls, n, out);
    free(ls);
}
