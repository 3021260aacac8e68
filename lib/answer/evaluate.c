/* evaluate.c -- numeric evaluation of parsed LaTeX at random complex points, matrices included. */
#include "answer/evaluate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_DEPTH 400

static double complex symbol_value(eval_env *v, const char *name) {
    if (!strcmp(name, "pi")) return M_PI;
    if (!strcmp(name, "e")) return M_E;
    if (!strcmp(name, "i")) return I;
    if (!strcmp(name, "deg")) return M_PI / 180;
    for (int k = 0; k < v->nvars; k++) if (!strcmp(v->vars[k].name, name)) return v->vars[k].value;
    if (v->nvars == 32) { v->failed = 1; return 0; }
    /* A free variable: a pseudo-random complex value for this point, the same for both sides. */
    unsigned long long h = v->seed ^ (unsigned long long)v->point * 0x9E3779B97F4A7C15ULL;
    for (const char *c = name; *c; c++) h = (h ^ (unsigned char)*c) * 0x100000001B3ULL;
    h ^= h >> 29, h *= 0xbf58476d1ce4e5b9ULL, h ^= h >> 32;
    double re = 0.5 + (double)(h & 0xFFFF) / 65536.0 * 2.0, im = (double)((h >> 16) & 0xFFFF) / 65536.0 * 0.5;
    snprintf(v->vars[v->nvars].name, sizeof v->vars[0].name, "%s", name);
    return v->vars[v->nvars++].value = re + im * I;
}


static double complex child(const latex_expr *e, int n, int k, eval_env *v, int depth) {
    int c = e->nodes[n].child;
    while (c >= 0 && k--) c = e->nodes[c].next;
    if (c < 0) { v->failed = 1; return 0; }
    return latex_eval(e, c, v, depth + 1);
}

static double complex function(const latex_expr *e, int n, eval_env *v, int depth) {
    const char *f = lx_text(e, n);
    int args = lx_count_children(e, n);
    double complex x = child(e, n, args - 1, v, depth);
    static const struct { const char *name; double complex (*fn)(double complex); } table[] = {
        {"sin", csin}, {"cos", ccos}, {"tan", ctan}, {"arcsin", casin}, {"arccos", cacos}, {"arctan", catan},
        {"sinh", csinh}, {"cosh", ccosh}, {"tanh", ctanh}, {"ln", clog}, {"exp", cexp}, {"sqrt", csqrt}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) if (!strcmp(f, table[i].name)) return table[i].fn(x);
    if (!strcmp(f, "sec")) return 1 / ccos(x);
    if (!strcmp(f, "csc")) return 1 / csin(x);
    if (!strcmp(f, "cot")) return 1 / ctan(x);
    if (!strcmp(f, "abs")) return cabs(x);
    if (!strcmp(f, "deg")) return x * M_PI / 180;
    if (!strcmp(f, "percent")) return x / 100;
    if (!strcmp(f, "log") || !strcmp(f, "lg")) return args == 2 ? clog(x) / clog(child(e, n, 0, v, depth)) : clog(x) / log(10);
    if (!strcmp(f, "root")) return cpow(x, 1.0 / child(e, n, 0, v, depth));
    if (!strcmp(f, "fact") && fabs(cimag(x)) < 1e-12 && creal(x) < 170) return tgamma(creal(x) + 1);
    if (!strcmp(f, "binom") && args == 2) {
        double a = creal(child(e, n, 0, v, depth)), b = creal(x);
        return tgamma(a + 1) / (tgamma(b + 1) * tgamma(a - b + 1));
    }
    if (!strcmp(f, "floor")) return floor(creal(x));
    if (!strcmp(f, "ceil")) return ceil(creal(x));
    v->failed = 1;
    return 0;
}

double complex latex_eval(const latex_expr *e, int n, eval_env *v, int depth) {
    if (depth > EVAL_DEPTH || v->failed) { v->failed = 1; return 0; }
    const lx_node *x = &e->nodes[n];
    double complex acc;
    switch (x->kind) {
    case LX_NUM: return strtod(lx_text(e, n), NULL);
    case LX_SYM: return symbol_value(v, lx_text(e, n));
    case LX_INF: return INFINITY;
    case LX_NEG: return -child(e, n, 0, v, depth);
    case LX_ADD:
        acc = 0;
        for (int c = x->child; c >= 0; c = e->nodes[c].next) acc += latex_eval(e, c, v, depth + 1);
        return acc;
    case LX_MUL:
        acc = 1;
        for (int c = x->child; c >= 0; c = e->nodes[c].next) acc *= latex_eval(e, c, v, depth + 1);
        return acc;
    case LX_DIV: return child(e, n, 0, v, depth) / child(e, n, 1, v, depth);
    case LX_POW: {
        double complex b = child(e, n, 0, v, depth), p = child(e, n, 1, v, depth);
        if (cabs(p) > 1e4) { v->failed = 1; return 0; }   /* 10^{10^{10}}: not evaluable */
        return cpow(b, p);
    }
    case LX_FUNC: return function(e, n, v, depth);
    default: v->failed = 1; return 0;
    }
}

int eval_finite(double complex z) { return isfinite(creal(z)) && isfinite(cimag(z)); }

/* Relative closeness: a truth of 4.7e-34 is not 0.  Exact equality covers zero. */
int eval_close(double complex a, double complex b, double rtol) {
    return a == b || cabs(a - b) <= rtol * fmax(cabs(a), cabs(b));
}

/* For values computed at random points, where rounding leaves sin(pi) = 1.2e-16 instead of 0. */
int eval_close_computed(double complex a, double complex b, double rtol) {
    return eval_close(a, b, rtol) || cabs(a - b) < 1e-9;
}

/* The values of a subtree: one, or two for a top-level a \pm b (a + b and a - b). */
static int values(const latex_expr *e, int n, eval_env *v, double complex out[2]) {
    const lx_node *x = &e->nodes[n];
    if (x->kind != LX_PM) { out[0] = latex_eval(e, n, v, 0); return 1; }
    int a = x->child, b = a >= 0 ? e->nodes[a].next : -1;
    double complex base = b >= 0 ? latex_eval(e, a, v, 1) : 0, delta = latex_eval(e, b >= 0 ? b : a, v, 1);
    out[0] = base + delta, out[1] = base - delta;
    return 2;
}

/* Equivalence of two expression subtrees by evaluation at EVAL_POINTS random points: 1, 0, or -1
 * when no point could be evaluated.  a \pm b compares as the set {a + b, a - b}. */
int latex_same_value(const latex_expr *a, int na, const latex_expr *b, int nb, double rtol) {
    int agreed = 0;
    for (int p = 0; p < EVAL_POINTS; p++) {
        eval_env v = {.seed = 0x243F6A8885A308D3ULL, .point = p};
        double complex x[2], y[2];
        int nx = values(a, na, &v, x), ny = values(b, nb, &v, y);
        if (v.failed) return -1;
        if (nx != ny) return 0;
        if (!eval_finite(x[0]) || !eval_finite(y[0]) || (nx == 2 && (!eval_finite(x[1]) || !eval_finite(y[1])))) continue;
        int same = nx == 1 ? eval_close_computed(x[0], y[0], rtol)
                           : (eval_close_computed(x[0], y[0], rtol) && eval_close_computed(x[1], y[1], rtol)) ||
                                 (eval_close_computed(x[0], y[1], rtol) && eval_close_computed(x[1], y[0], rtol));
        if (!same) return 0;
        agreed++;
    }
    return agreed ? 1 : -1;
}


static int written_matrix(const latex_expr *e, int n, eval_env *v, matrix_value *m) {
    m->rows = 0, m->cols = 0;
    for (int row = e->nodes[n].child; row >= 0; row = e->nodes[row].next, m->rows++) {
        int cols = 0;
        for (int c = e->nodes[row].child; c >= 0; c = e->nodes[c].next, cols++) {
            if (m->rows >= MATRIX_MAX || cols >= MATRIX_MAX) return 0;
            m->v[m->rows][cols] = latex_eval(e, c, v, 1);
        }
        if (m->rows && cols != m->cols) return 0;
        m->cols = cols;
    }
    return m->rows > 0 && !v->failed;
}

static void matrix_product(matrix_value *a, const matrix_value *b) {
    matrix_value p = {a->rows, b->cols, {{0}}};
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < b->cols; j++)
            for (int k = 0; k < a->cols; k++) p.v[i][j] += a->v[i][k] * b->v[k][j];
    *a = p;
}

/* The value of matrix arithmetic (sums, differences, products and scalar multiples of written
 * matrices) at v's point; 0 when the subtree is none or the shapes do not fit. */
int latex_eval_matrix(const latex_expr *e, int n, eval_env *v, matrix_value *m, int depth) {
    const lx_node *x = &e->nodes[n];
    if (depth > 16) return 0;
    if (x->kind == LX_MATRIX) return written_matrix(e, n, v, m);
    if (x->kind == LX_NEG) {
        if (!latex_eval_matrix(e, x->child, v, m, depth + 1)) return 0;
        for (int i = 0; i < m->rows; i++) for (int j = 0; j < m->cols; j++) m->v[i][j] = -m->v[i][j];
        return 1;
    }
    if (x->kind != LX_ADD && x->kind != LX_MUL) return 0;
    double complex scalar = 1;
    int have = 0;
    for (int c = x->child; c >= 0; c = e->nodes[c].next) {
        matrix_value y;
        if (!latex_eval_matrix(e, c, v, &y, depth + 1)) {
            if (x->kind == LX_ADD) return 0;
            scalar *= latex_eval(e, c, v, depth + 1);   /* 2 A: a scalar factor */
            continue;
        }
        if (!have) { *m = y, have = 1; continue; }
        if (x->kind == LX_MUL ? m->cols != y.rows : m->rows != y.rows || m->cols != y.cols) return 0;
        if (x->kind == LX_MUL) matrix_product(m, &y);
        else for (int i = 0; i < m->rows; i++) for (int j = 0; j < m->cols; j++) m->v[i][j] += y.v[i][j];
    }
    if (!have) return 0;
    for (int i = 0; i < m->rows; i++) for (int j = 0; j < m->cols; j++) m->v[i][j] *= scalar;
    return !v->failed;
}

double eval_constant(const char *s, size_t n) {
    latex_expr e;
    double out = NAN;
    if (latex_parse(s, n, &e) == 0 && lx_is_constant(&e, e.root)) {
        eval_env v = {.seed = 1};
        double complex z = latex_eval(&e, e.root, &v, 0);
        if (!v.failed && fabs(cimag(z)) < 1e-9 * fmax(1, cabs(z))) out = creal(z);
    }
    latex_free(&e);
    return out;
}
