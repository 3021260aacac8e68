/* answer.h -- what kind of answer a string is, and its canonical form.
 *
 * Types (DESIGN.md): integer, float, fraction, percentage, quantity, expression, equation, interval,
 * set, tuple, list, matrix, choice, boolean, string.  The canonical form is a JSON object that
 * gen-verify compares; expressions are S-expressions from lib/latex.  Anything that cannot be
 * typed is a "string": typing never fails.  The returned object is a new reference. */
#ifndef GR_ANSWER_H
#define GR_ANSWER_H

#include <jansson.h>
#include <stddef.h>

/* Types s[0..n); *type gets a static name.  Returns the canonical object. */
json_t *answer_type(const char *s, size_t n, const char **type);

/* A number written the many ways answers write numbers. */
typedef enum { NUM_NONE, NUM_INTEGER, NUM_DECIMAL, NUM_FRACTION, NUM_PERCENT } number_kind;

typedef struct {
    number_kind kind;
    double value;              /* percent: the number before the % sign */
    long long num, den;        /* fractions (and integers, den = 1) when they fit */
    int sig_figs;              /* significant digits as written (integers: without trailing zeros) */
    char text[64];             /* the digits as written, normalized: "-1234.50", "3.2e5" */
} number;

/* Reads a number at the start of s[0..n) ("1,234", "-3.2\times10^{5}", "\frac{3}{4}", "2 1/2",
 * "50\%"); returns the bytes read, 0 when none. */
size_t answer_number_parse(const char *s, size_t n, number *out);

/* The value of a number written as a word ("seven", "Twenty-one", "hundred"); -1 when none. */
int answer_number_word(const char *s, size_t n);

#endif
