/* forms.h -- one answer written in another notation, as text the typer reads (answer.h).
 *
 * Each function returns a malloc'd rewrite, or NULL when the text is not written that way:
 *   solution sets   "s = -3 or s = -2", "λ = 5 and λ = 2", "x = -0.025,\ 0.020"  ->  "\{-3, -2\}"
 *   plus-minus      "q = 6 \pm 4", "\pm\frac{1}{2}", "x = ±0.071 m"             ->  "\{6 + 4, 6 - 4\}"
 *   nested lists    "[[1, -1], [-1, 2]]"                                        ->  a pmatrix
 *   value and unit  "\frac{\ln 2}{0.035}\ \text{min}", "120\pi rad/s"           ->  "19.8042... min"
 *   scale words     "$3.2 million", "10 billion"                                ->  "$3200000"
 * and chemistry compares formulas and equations by their species (forms_chemistry). */
#ifndef GR_FORMS_H
#define GR_FORMS_H

#include <stddef.h>

char *forms_solution_set(const char *s, size_t n);
char *forms_plus_minus(const char *s, size_t n);
char *forms_nested_matrix(const char *s, size_t n);
/* Prose with number words and no digits, the words as digits: "It lasts seven years." -> "It lasts 7 years." */
char *forms_number_words(const char *s, size_t n);
/* Numbers with scale words written out: "$3.2 million" -> "$3200000". */
char *forms_scaled(const char *s, size_t n);
/* A constant expression followed by a unit the typer knows, evaluated: "<value> <unit>". */
char *forms_value_unit(const char *s, size_t n);

/* Two chemical formulas or equations ("Fe_2O_3", "2H_2 + O_2 \rightarrow 2H_2O"): 1 the same
 * species with the same coefficients on each side (any order, any markup), 0 different element
 * counts or coefficients, -1 unsure (the same atoms written as other species, CH3CH2OH for
 * C2H5OH, or every coefficient scaled), -2 when either is not chemistry. */
int forms_chemistry(const char *a, size_t an, const char *b, size_t bn);

#endif
