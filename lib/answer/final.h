/* final.h -- the final answer in a text: what the dataset stage takes from a worked solution and
 * what the verifier takes from a model's response, by one set of rules, so the two never disagree
 * on what a text answers.  Results are malloc'd. */
#ifndef GR_FINAL_H
#define GR_FINAL_H

#include <stddef.h>

/* A box: "\boxed" (or "\fbox") starts at start, its content is s[a, b). */
typedef struct {
    size_t start, a, b;
} answer_box;

/* The boxes a reader takes in turn: the first \boxed{ or \fbox{ whose braces balance, then the first
 * after its end, and so on (a box inside a taken one is part of it).  max_depth > 0 reads as
 * General-Reasoner's regex does: \boxed only, at most max_depth brace levels inside, and a deeper
 * box is passed over, so a box inside it may still be taken.  Returns how many, *out malloc'd
 * (NULL when none); linear in n. */
size_t answer_boxes(const char *s, size_t n, int max_depth, answer_box **out);

/* The content of the last box answer_boxes takes (max_depth as there) and where it ends (end
 * may be NULL).  NULL when there is none or it is empty: an unclosed box after a closed one leaves
 * the closed one the answer. */
char *answer_last_box(const char *s, size_t n, int max_depth, size_t *end);

/* answer_last_box's quick reading, fed one brace at a time by a caller's own pass over a text
 * (box_scan_brace with s[k] a '{' or '}', in order; start from {.max_depth = ...}).  The result:
 * 1 when the last box is the last answer_boxes takes, its content [*a, *b) (empty: no answer);
 * 0 when the text has no box; -1 when only answer_boxes can tell (the last box unclosed, too deep,
 * or inside braces). */
typedef struct {
    size_t depth, open_before, brace, walk, close;   /* walk: braces open inside the last box */
    int max_depth, seen, state;                       /* state of the last box: 0 open, 1 closed, -1 too deep */
} box_scan;
void box_scan_brace(box_scan *t, const char *s, size_t k);
int box_scan_result(const box_scan *t, size_t *a, size_t *b);

/* The final answer of a response: the text after </think> when there is one; then the last
 * \boxed{} or \fbox{} (any nesting); else the latest "final answer is / answer: / the answer is"
 * marker; else the last non-empty line.  NULL when the response is empty. */
char *answer_final(const char *response, size_t n);

/* General-Reasoner's own extraction, for reproducing its rewards: the last non-empty \boxed{} whose
 * braces nest at most two levels; else the latest of its six marker phrases (case-insensitive) with
 * the rest of its line, which must end in a newline, stripped and without a trailing </s>,
 * <|im_end|> or <|endoftext|>.  NULL when neither is found; "" is an answer. */
char *answer_final_paper(const char *response, size_t n);

/* The short final answer of an answer that is a worked solution, for a dataset record: the last
 * box; else a marker's sentence ("the answer is 12"); for a short answer (a line of at most ten
 * words), a calculation's result ("$1,000 x 1.05^2 = $1,102.50") or the answer without an aside
 * ("5% ($50 / $1,000)."), else NULL: it is its own short form; for a longer one, the value after
 * the last line's last "=" or "≈" up to its clause's end ("Q = m L = 83500 J, or about 83.5 kJ."
 * gives "83500 J"), else the last line's last number and unit ("... lands after 3.0 s."), else
 * the value after the text's last "=", else NULL: prose, with no short answer in it. */
char *answer_short_form(const char *s, size_t n);

#endif
