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
