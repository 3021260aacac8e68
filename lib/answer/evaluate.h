/* evaluate.h -- the values of parsed LaTeX (latex.h), for deciding equivalence by evaluation: free
 * variables get pseudo-random complex values (the same on both sides for one point), so two
 * expressions that agree at EVAL_POINTS points are taken as equal. */
#ifndef GR_EVALUATE_H
#define GR_EVALUATE_H

#include <complex.h>

#include "answer/latex.h"

#define EVAL_POINTS 5   /* random points for expression equivalence */

typedef struct { char name[32]; double complex value; } eval_binding;

typedef struct {
    eval_binding vars[32];
    int nvars;
    unsigned long long seed;
    int point;
    int failed;
} eval_env;

/* The value of subtree n at v's point (v->seed and v->point set; v->failed set when it has none). */
double complex latex_eval(const latex_expr *e, int n, eval_env *v, int depth);

/* The real value of a constant LaTeX text s[0..n) ("\\frac{\\ln 2}{0.035}", "120\\pi"); NAN when it
 * has variables, cannot be evaluated or is not real (it may be infinite). */
double eval_constant(const char *s, size_t n);

int eval_finite(double complex z);
/* Relative closeness: a truth of 4.7e-34 is not 0.  Exact equality covers zero. */
int eval_close(double complex a, double complex b, double rtol);
/* For values computed at random points, where rounding leaves sin(pi) = 1.2e-16 instead of 0. */
int eval_close_computed(double complex a, double complex b, double rtol);

/* Equivalence of two subtrees by evaluation at EVAL_POINTS random points: 1, 0, or -1 when no point
 * could be evaluated.  a \pm b compares as the set {a + b, a - b}. */
int latex_same_value(const latex_expr *a, int na, const latex_expr *b, int nb, double rtol);

#define MATRIX_MAX 8   /* the largest matrix that arithmetic is done on */

typedef struct { int rows, cols; double complex v[MATRIX_MAX][MATRIX_MAX]; } matrix_value;

/* The value of matrix arithmetic (sums, differences, products and scalar multiples of written
 * matrices) at v's point; 0 when the subtree is none or the shapes do not fit. */
int latex_eval_matrix(const latex_expr *e, int n, eval_env *v, matrix_value *m, int depth);

#endif
