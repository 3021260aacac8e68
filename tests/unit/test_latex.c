/* latex: S-expressions of the forms answers use, and hostile input. */
#include "answer/latex.h"
#include "unit.h"

#include <stdlib.h>

static char *sx(const char *s) {
    latex_expr e;
    buf b;
    buf_init(&b);
    if (latex_parse(s, strlen(s), &e) == 0) latex_sexpr(&e, e.root, &b);
    else buf_puts(&b, "ERROR");
    latex_free(&e);
    return buf_take(&b);
}

#define SX(in, want) do { char *got_ = sx(in); CHECK_STR(got_, want, "parse %s", in); free(got_); } while (0)

int main(void) {
    SX("x = 4 + 8t", "(= x (+ 4 (* 8 t)))");
    SX("\\frac{\\sqrt{3}}{2}", "(/ (sqrt 3) 2)");
    SX("\\dfrac{17}{50}", "(/ 17 50)");
    SX("\\frac12", "(/ 1 2)");
    SX("2\\frac{1}{2}", "(+ 2 (/ 1 2))");
    SX("\\sqrt[3]{x}", "(root 3 x)");
    SX("2x^2+3x-1", "(+ (* 2 (^ x 2)) (* 3 x) (- 1))");
    SX("x^{-1}", "(^ x (- 1))");
    SX("e^{i\\pi}", "(^ e (* i pi))");
    SX("\\sin 2x", "(sin (* 2 x))");
    SX("\\sin^2(x)+\\cos^2 x", "(+ (^ (sin x) 2) (^ (cos x) 2))");
    SX("\\log_2 8", "(log 2 8)");
    SX("\\ln|x|", "(ln (abs x))");
    SX("\\left( 3, \\frac{\\pi}{2} \\right)", "(tuple 3 (/ pi 2))");
    SX("(-\\infty, 2]", "(interval open (- inf) 2 closed)");
    SX("[0, 1)", "(interval closed 0 1 open)");
    SX("[0, 5]", "(list 0 5)");
    SX("\\left[ 0, 5 \\right]", "(interval closed 0 5 closed)");
    SX("(0,9) \\cup (9,36)", "(union (interval open 0 9 open) (interval open 9 36 open))");
    SX("\\{1,2\\}", "(set 1 2)");
    SX("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "(matrix (row 1 2) (row 3 4))");
    SX("\\begin{bmatrix} a \\\\ b \\\\ \\end{bmatrix}", "(matrix (row a) (row b))");
    SX("90^\\circ", "(deg 90)");
    SX("90^{\\circ}", "(deg 90)");
    SX("3.2\\times10^{5}", "(* 3.2 (^ 10 5))");
    SX("10!", "(fact 10)");
    SX("a b / c", "(/ (* a b) c)");
    SX("x_1 + x_{10}", "(+ x_1 x_10)");
    SX("\\binom{5}{2}", "(binom 5 2)");
    SX("\\pm\\sqrt{2}", "(pm (sqrt 2))");
    SX("1 \\pm \\sqrt{2}", "(pm 1 (sqrt 2))");
    SX("x != 3", "(!= x 3)");
    SX("3!", "(fact 3)");
    SX("x \\in (2,12) \\cup (12,102)", "(in x (union (interval open 2 12 open) (interval open 12 102 open)))");
    SX("\\left[\\begin{array}{cc}1 & 2 \\\\ 3 & 4\\end{array}\\right]", "(matrix (row 1 2) (row 3 4))");
    SX("x \\le 3", "(<= x 3)");
    SX("$\\boxed{42}$", "42");
    SX("\\text{ m }", "m");
    SX("3 \\cdot 4", "(* 3 4)");
    SX("\\lfloor x \\rfloor", "(floor x)");

    SX("\\frac{1}{", "ERROR");
    SX("(1, 2", "ERROR");
    SX("\\unknowncommand", "ERROR");
    SX("", "ERROR");
    SX("x + ", "ERROR");
    SX("{{{{", "ERROR");

    /* 10,000 nested fractions and 100,000 parentheses: an error, not a stack overflow. */
    size_t deep = 10000;
    char *s = malloc(deep * 12 + 16), *p = s;
    for (size_t i = 0; i < deep; i++) p += sprintf(p, "\\frac{");
    p += sprintf(p, "1");
    for (size_t i = 0; i < deep; i++) p += sprintf(p, "}{2}");
    latex_expr e;
    CHECK(latex_parse(s, strlen(s), &e) == -1 && strstr(e.error, "deeply"), "10,000-deep \\frac refused: %s", e.error);
    latex_free(&e);
    memset(s, '(', deep * 10);
    s[deep * 10] = 0;
    CHECK(latex_parse(s, strlen(s), &e) == -1, "100,000 open parentheses refused");
    latex_free(&e);
    free(s);
    UNIT_EXIT();
}
