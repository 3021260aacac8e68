/* latex.h -- LaTeX (and plain-text) math answers parsed into expression trees.
 *
 * Shared by answer-typer (to type and canonicalize answers) and gen-verify (to compare them).
 * The tree is serialized as an S-expression in prefix form, one unambiguous notation:
 *   x = 4 + 8t          ->  (= x (+ 4 (* 8 t)))
 *   \frac{\sqrt{3}}{2}  ->  (/ (sqrt 3) 2)
 *   (-\infty, 2]        ->  (interval open -inf closed 2)
 * Numbers are kept as their decimal text (never rounded); symbols by name (greek letters spelled
 * out: "pi", "theta"); i, e and pi are symbols that gen-verify gives their values.
 * Parsing never recurses deeper than LATEX_MAX_DEPTH and never fails by crashing: malformed input
 * gives -1 and a message.  A latex_expr owns its memory; latex_free releases it. */
#ifndef GR_LATEX_H
#define GR_LATEX_H

#include "core/buf.h"
#include <stddef.h>

#define LATEX_MAX_DEPTH 200

typedef enum {
    LX_NUM,        /* text: decimal digits, optional point and exponent */
    LX_SYM,        /* text: name */
    LX_ADD,        /* children: terms */
    LX_MUL,        /* children: factors */
    LX_DIV,        /* numerator, denominator */
    LX_POW,        /* base, exponent */
    LX_NEG,        /* operand */
    LX_FUNC,       /* text: name (sin, ln, sqrt, root, abs, log, fact, binom...); children: arguments */
    LX_REL,        /* text: "=", "<", "<=", ">", ">=", "!="; children: left, right */
    LX_PM,         /* a ± b: a, b */
    LX_TUPLE,      /* (a, b, ...) */
    LX_LIST,       /* [a, b, ...] */
    LX_SET,        /* \{a, b, ...\} */
    LX_INTERVAL,   /* flags: bit 0 low end closed, bit 1 high end closed; children: low, high */
    LX_UNION,      /* children: intervals or sets */
    LX_MATRIX,     /* children: rows (LX_TUPLE each) */
    LX_INF,        /* infinity */
} lx_kind;

typedef struct {
    lx_kind kind;
    int child;     /* first child, -1 when none */
    int next;      /* next sibling, -1 when none */
    int text;      /* offset of a NUL-ended string in latex_expr.strings, -1 when none */
    int flags;
} lx_node;

typedef struct {
    lx_node *nodes;
    int n, cap;
    char *strings;
    size_t slen, scap;
    int root;
    char error[128];
} latex_expr;

/* Parses s[0..n) (outer $..$, \(..\), \[..\], \boxed{} are removed).  0 ok, -1 on error with a
 * message in e->error; either way call latex_free. */
int latex_parse(const char *s, size_t n, latex_expr *e);
void latex_free(latex_expr *e);

/* Narrows s[0..n) to drop wrappers around a whole answer: $..$, \(..\), \[..\], \boxed{..},
 * surrounding spaces and a final period. */
void latex_unwrap(const char **s, size_t *n);

/* Appends the S-expression of node (e->root for the whole) to out. */
void latex_sexpr(const latex_expr *e, int node, buf *out);

const char *lx_text(const latex_expr *e, int node);
int lx_count_children(const latex_expr *e, int node);
/* 1 when the subtree is a number-valued expression with no symbol other than pi, e, i (a constant
 * expression); relations, tuples, sets, intervals and matrices are not. */
int lx_is_constant(const latex_expr *e, int node);

#endif
