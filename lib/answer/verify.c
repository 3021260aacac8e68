/* verify.c -- rule-based equivalence of a final answer and the ground truth. */
#include "answer/verify.h"
#include "answer/answer.h"
#include "answer/final.h"
#include "answer/forms.h"
#include "core/buf.h"
#include "answer/evaluate.h"
#include "answer/latex.h"

#include <complex.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- comparison of typed answers ------------------------------------------------------------- */

typedef struct {
    const char *text;          /* as written; n == 0 when only the canonical form is known */
    size_t n;
    const char *type;
    json_t *canon;
    char *owned;               /* a rewritten text this answer owns (text points into it) */
    int unordered;             /* several boxes, "x = 1, 2": a set of answers, whatever the brackets */
} typed;

static typed type_of(const char *s, size_t n) {
    typed x = {s, n, NULL, NULL, NULL, 0};
    x.canon = answer_type(s, n, &x.type);
    return x;
}

/* Types a malloc'd text that the answer then owns. */
static typed type_owned(char *s) {
    typed x = type_of(s, strlen(s));
    x.owned = s;
    return x;
}

static void typed_free(typed *x) {
    json_decref(x->canon);
    free(x->owned);
    x->canon = NULL, x->owned = NULL;
}

/* x becomes y (a new reading of the same answer), keeping what x knew about order. */
static void retype(typed *x, typed y) {
    y.unordered |= x->unordered;
    typed_free(x);
    *x = y;
}

static void set(verify_result *r, verdict v, const char *rule, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set(verify_result *r, verdict v, const char *rule, const char *fmt, ...) {
    r->v = v;
    snprintf(r->rule, sizeof r->rule, "%s", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
}

static const char *text_of(const typed *x, const char *key) { return json_string_value(json_object_get(x->canon, key)); }

static int is_numeric(const char *t) {
    return !strcmp(t, "integer") || !strcmp(t, "float") || !strcmp(t, "fraction") || !strcmp(t, "percentage");
}

static double number_of(const typed *x) {
    json_t *v = json_object_get(x->canon, "value");
    return json_is_number(v) ? json_number_value(v) : NAN;
}


/* The value of a number or of a constant expression, complex allowed; 0 when it has none. */
static int complex_value(const typed *x, double complex *z) {
    if (is_numeric(x->type) && strcmp(x->type, "percentage")) { *z = number_of(x); return !isnan(creal(*z)); }
    if (strcmp(x->type, "expression") || !x->n || !json_is_true(json_object_get(x->canon, "constant"))) return 0;
    latex_expr e;
    int ok = 0;
    if (latex_parse(x->text, x->n, &e) == 0) {
        eval_env v = {.seed = 1};
        *z = latex_eval(&e, e.root, &v, 0);
        ok = !v.failed && eval_finite(*z);
    }
    latex_free(&e);
    return ok;
}

/* Rounds x to `digits` significant figures. */
static double round_sig(double x, int digits) {
    if (x == 0 || digits <= 0) return x;
    double scale = pow(10, digits - 1 - (int)floor(log10(fabs(x))));
    return round(x * scale) / scale;
}

/* Numbers: within rtol, or equal once the response is rounded to the truth's significant figures
 * (truth 26.3 accepts 26.32), or the response is the truth rounded to its own: 3.33 for 10/3,
 * 0.785 for pi/4 (with fewer than three figures, 0.5 for 0.48, a grader may or may not accept it). */
static verdict numbers_equal(double truth, int truth_sig, double got, int got_sig, double rtol, char *why, size_t whylen) {
    if (!isfinite(truth) || !isfinite(got)) { snprintf(why, whylen, "not finite"); return VERDICT_FALSE; }
    if (eval_close(truth, got, rtol)) { snprintf(why, whylen, "%.10g = %.10g within rtol %g", truth, got, rtol); return VERDICT_TRUE; }
    /* Significant figures: the response rounds to the truth, and within 5% (a one-figure truth
     * of 0.2 does not accept 0.22). */
    if (truth_sig > 0 && truth_sig < 15 && fabs(round_sig(got, truth_sig) - truth) <= 1e-12 * fmax(1, fabs(truth)) &&
        fabs(got - truth) <= 0.05 * fabs(truth)) {
        snprintf(why, whylen, "%.10g rounds to %.10g at %d significant figures", got, truth, truth_sig);
        return VERDICT_TRUE;
    }
    if (got_sig > 0 && got_sig < 15 && (!truth_sig || got_sig < truth_sig) &&
        fabs(round_sig(truth, got_sig) - got) <= 1e-12 * fmax(1, fabs(got))) {
        snprintf(why, whylen, "%.10g is %.10g rounded to %d significant figures", got, truth, got_sig);
        return got_sig >= 3 ? VERDICT_TRUE : VERDICT_UNDECIDED;
    }
    snprintf(why, whylen, "%.10g != %.10g", truth, got);
    return VERDICT_FALSE;
}

static int sig_figs(const typed *x) {
    json_t *s = json_object_get(x->canon, "sig_figs");
    if (!strcmp(x->type, "percentage") && text_of(x, "text")) {   /* "18.0%": three */
        number n;
        return answer_number_parse(text_of(x, "text"), strlen(text_of(x, "text")), &n) ? n.sig_figs : 0;
    }
    return json_is_integer(s) && !strcmp(x->type, "float") ? (int)json_integer_value(s) :
           json_is_integer(s) && !strcmp(x->type, "quantity") ? (int)json_integer_value(s) : 0;
}

#define FORMS_MAX 4096   /* forms.h's notations are of short answers: longer text is not tried (and stays fast) */

static void compare(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth);
static int prose_numbers(const char *s, size_t n);
static void judge(const verify_options *o, const typed *truth, const typed *got, verify_result *r, int depth);

/* A numeric view of an answer: numbers, constant expressions; a percentage as its number (25 for
 * 25%) or, when `fraction`, as the share it is (0.25). */
static double as_number(const typed *x, int fraction) {
    if (!strcmp(x->type, "percentage")) return json_number_value(json_object_get(x->canon, fraction ? "fraction" : "value"));
    if (is_numeric(x->type)) return number_of(x);
    if (!strcmp(x->type, "expression")) return eval_constant(x->text, x->n);
    return NAN;
}

static void compare_quantities(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    const char *tu = text_of(t, "si_unit"), *gu = text_of(g, "si_unit");
    int tc = json_is_true(json_object_get(t->canon, "currency")), gc = json_is_true(json_object_get(g->canon, "currency"));
    if (!tu || !gu || strcmp(tu, gu) || tc != gc) {
        set(r, VERDICT_FALSE, "quantity", "dimensions differ: %s vs %s", tu ? tu : "?", gu ? gu : "?");
        return;
    }
    double tv = json_number_value(json_object_get(t->canon, "si_value")), gv = json_number_value(json_object_get(g->canon, "si_value"));
    double t_in_unit = number_of(t);
    char why[160];
    verdict v;
    if (t_in_unit != 0 && tv != 0 && isfinite(tv / t_in_unit)) {   /* judge in the truth's own unit: 26.32 torr -> 26.3 */
        double scale = tv / t_in_unit;
        v = numbers_equal(t_in_unit, sig_figs(t), gv / scale, sig_figs(g), o->rtol, why, sizeof why);
        set(r, v, "quantity", "in %s: %s", text_of(t, "unit"), why);
    } else {
        v = numbers_equal(tv, 0, gv, 0, o->rtol, why, sizeof why);
        set(r, v, "quantity", "SI %s: %s", tu, why);
    }
}

/* A list whose items are all tuples lists solutions, (2,1),(1,2): their order carries nothing. */
static int all_tuples(json_t *elements) {
    size_t i;
    json_t *e;
    json_array_foreach(elements, i, e) if (strcmp(json_string_value(json_object_get(e, "type")) ?: "", "tuple")) return 0;
    return json_array_size(elements) > 0;
}

/* Element i of a typed list, with its text when the typer kept it. */
static typed element(json_t *els, size_t i) {
    json_t *a = json_array_get(els, i);
    const char *text = json_string_value(json_object_get(a, "text"));
    typed x = {text ? text : "", text ? strlen(text) : 0, json_string_value(json_object_get(a, "type")),
               json_object_get(a, "canonical"), NULL, 0};
    return x;
}

/* Element comparisons made for the current verification: nested lists compared as sets cost the
 * product of their sizes at each level, so past MAX_COMPARISONS the answer is left undecided. */
#define MAX_COMPARISONS 5000
static _Thread_local long comparisons;

static verdict element_matches(const verify_options *o, json_t *te, size_t i, json_t *ge, size_t j, int depth) {
    if (++comparisons > MAX_COMPARISONS) return VERDICT_UNDECIDED;
    typed a = element(te, i), b = element(ge, j);
    verify_result sub = {0};
    judge(o, &a, &b, &sub, depth + 1);
    return sub.v;
}

/* Every element of a has an equal one in b; when one has none, *missing says which and *unsure
 * whether a comparison of it was undecided (then no element is surely missing). */
static int covered(const verify_options *o, json_t *a, json_t *b, int a_is_truth, size_t *missing, int *unsure, int depth) {
    for (size_t i = 0; i < json_array_size(a) && i < 256; i++) {
        int found = 0;
        *unsure = 0;
        for (size_t j = 0; j < json_array_size(b) && j < 256 && !found; j++) {
            verdict v = a_is_truth ? element_matches(o, a, i, b, j, depth) : element_matches(o, b, j, a, i, depth);
            found = v == VERDICT_TRUE, *unsure |= v == VERDICT_UNDECIDED;
        }
        if (!found) { *missing = i + 1; return 0; }
    }
    return 1;
}

static void compare_element_lists(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    json_t *te = json_object_get(t->canon, "elements"), *ge = json_object_get(g->canon, "elements");
    size_t n = json_array_size(te), missing = 0;
    /* A set, several boxes, solutions (2,1),(1,2) or "x = 1, 2": each side's elements are found in
     * the other, in any order, a repeated one counted once. */
    if (!strcmp(t->type, "set") || t->unordered || g->unordered || all_tuples(te)) {
        int unsure = 0, same = covered(o, te, ge, 1, &missing, &unsure, depth);
        if (!same) set(r, unsure ? VERDICT_UNDECIDED : VERDICT_FALSE, "elements", "truth element %zu has %s match", missing, unsure ? "no sure" : "no");
        else if (!covered(o, ge, te, 0, &missing, &unsure, depth))
            set(r, unsure ? VERDICT_UNDECIDED : VERDICT_FALSE, "elements", "response element %zu has %s match", missing, unsure ? "no sure" : "no");
        else set(r, VERDICT_TRUE, "elements", "the same %zu elements (as a set)", n);
        return;
    }
    if (n != json_array_size(ge)) { set(r, VERDICT_FALSE, "elements", "%zu elements vs %zu", n, json_array_size(ge)); return; }
    int ordered = !strcmp(t->type, "tuple") || (!strcmp(t->type, "list") && !o->unordered_lists);
    char used[256] = {0};
    for (size_t i = 0; i < n && i < 256; i++) {
        int found = 0, unsure = 0;
        for (size_t j = ordered ? i : 0; j < (ordered ? i + 1 : n) && j < 256 && !found; j++) {
            verdict v = used[j] ? VERDICT_FALSE : element_matches(o, te, i, ge, j, depth);
            if (v == VERDICT_TRUE) found = 1, used[j] = 1;
            unsure |= v == VERDICT_UNDECIDED;
        }
        if (!found) { set(r, unsure ? VERDICT_UNDECIDED : VERDICT_FALSE, "elements", "element %zu has %s match", i + 1, unsure ? "no sure" : "no"); return; }
    }
    set(r, VERDICT_TRUE, "elements", "%zu elements match (%s)", n, ordered ? "in order" : "in any order");
}

static void compare_elements(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    compare_element_lists(o, t, g, r, depth);
    if (comparisons > MAX_COMPARISONS) set(r, VERDICT_UNDECIDED, "elements", "more than %d element comparisons", MAX_COMPARISONS);
}

static int by_name(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* An expression's names (sorted, one each, space-separated, into out), whether it holds a decimal
 * number, whether a ±. */
static void expression_facts(const latex_expr *e, char *out, size_t len, int *decimal, int *pm) {
    const char *names[64];
    int k = 0;
    for (int i = 0; i < e->n; i++) {   /* every node parsed: all of them are the tree's */
        const lx_node *x = &e->nodes[i];
        if (x->kind == LX_SYM && k < 64 && !lx_is_constant(e, i)) names[k++] = lx_text(e, i);
        if (x->kind == LX_NUM && strchr(lx_text(e, i), '.')) *decimal = 1;
        if (x->kind == LX_PM) *pm = 1;
    }
    qsort(names, (size_t)k, sizeof *names, by_name);
    size_t used = 0;
    out[0] = 0;
    for (int i = 0; i < k; i++)
        if (!i || strcmp(names[i], names[i - 1])) used += (size_t)snprintf(out + used, used < len ? len - used : 0, " %s", names[i]);
    if (used >= len) snprintf(out, len, "(many)");
}

/* Expression trees parsed from the canonical S-expression are not kept; re-parse the texts. */
static void compare_expressions(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    const char *ts = text_of(t, "expr"), *gs = text_of(g, "expr");
    if (ts && gs && !strcmp(ts, gs)) { set(r, VERDICT_TRUE, "expression", "same tree %s", ts); return; }
    if (!t->n || !g->n) { set(r, VERDICT_UNDECIDED, "expression", "trees differ in form"); return; }   /* list elements */
    latex_expr a, b;
    int ok_a = latex_parse(t->text, t->n, &a) == 0, ok_b = latex_parse(g->text, g->n, &b) == 0;
    int same = ok_a && ok_b ? latex_same_value(&a, a.root, &b, b.root, fmax(o->rtol, 1e-6)) : -1;
    /* Different values are sure only between like forms: the same names (Fe_2O_3 is not F e_2 O_3
     * against F e2 O3), decimals on both sides or neither (2.303/k may mean ln 10/k), no ± */
    char na[256], nb[256];
    int da = 0, db = 0, pm = 0;
    if (!same) expression_facts(&a, na, sizeof na, &da, &pm), expression_facts(&b, nb, sizeof nb, &db, &pm);
    int unlike = !same && (strcmp(na, nb) || da != db || pm);
    latex_free(&a), latex_free(&b);
    if (unlike) set(r, VERDICT_UNDECIDED, "expression", "different at %d random points, but written unlike (names, decimals or ±)", EVAL_POINTS);
    else if (same < 0) set(r, VERDICT_UNDECIDED, "expression", "could not evaluate");
    else set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "expression", "%s at %d random points", same ? "equal" : "different", EVAL_POINTS);
}

/* The written form: the text itself, or for a list element its canonical text. */
static const char *surface(const typed *x, size_t *n) {
    if (x->n && strcmp(x->type, "string")) { *n = x->n; return x->text; }
    const char *t = text_of(x, "text");
    *n = t ? strlen(t) : 0;
    return t ? t : "";
}

/* Whether s[i] is punctuation that carries meaning in a short answer: "C++" is not "C", "Cl-" (a
 * charge) is not "Cl", x^2 is not x_2.  A hyphen inside a word ("well-known") is a space. */
static int meaningful_sign(const char *s, size_t n, size_t i) {
    if (strchr("+#^_", s[i])) return 1;
    return s[i] == '-' && i > 0 && isalnum((unsigned char)s[i - 1]) && (i + 1 == n || !isalnum((unsigned char)s[i + 1]));
}

/* Lower case, one space for each run of other characters, no leading article; as long as it needs
 * to be (at most n + 1 bytes), so two long answers compare whole.  NULL when memory runs out. */
static char *normalize_text(const char *s, size_t n) {
    static const char *const articles[] = {"the ", "a ", "an ", NULL};
    char *out = malloc(n + 1);
    if (!out) return NULL;
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c) || c >= 0x80 || meaningful_sign(s, n, i)) {
            if (space && k) out[k++] = ' ';   /* in place of the run that came before: k <= i */
            space = 0;
            out[k++] = (char)tolower(c);
        } else {
            space = 1;
        }
    }
    out[k] = 0;
    for (int i = 0; articles[i]; i++) {
        size_t l = strlen(articles[i]);
        if (!strncmp(out, articles[i], l)) memmove(out, out + l, strlen(out + l) + 1);
    }
    return out;
}

/* The value of a constant S-expression cell ("(/ 16 49)", "(- 2)", "(sqrt 3)"); NAN otherwise. */
static double sexpr_value(const char **p, int depth) {
    while (**p == ' ') (*p)++;
    if (depth > 64) return NAN;
    if (**p != '(') {
        char *end;
        double v = strtod(*p, &end);
        if (end == *p) {   /* a symbol */
            if (!strncmp(*p, "pi", 2) && !isalnum((unsigned char)(*p)[2])) { *p += 2; return M_PI; }
            if (!strncmp(*p, "inf", 3) && !isalnum((unsigned char)(*p)[3])) { *p += 3; return INFINITY; }
            return NAN;
        }
        *p = end;
        return v;
    }
    (*p)++;
    char op[16];
    size_t k = 0;
    while (**p && **p != ' ' && **p != ')' && k < sizeof op - 1) op[k++] = *(*p)++;
    op[k] = 0;
    double args[16];
    int n = 0;
    for (;;) {
        while (**p == ' ') (*p)++;
        if (**p == ')' || !**p) break;
        const char *before = *p;
        double v = sexpr_value(p, depth + 1);
        if (*p == before) return NAN;   /* nothing read: not an S-expression */
        if (n < 16) args[n++] = v;
    }
    if (**p == ')') (*p)++;
    if (!strcmp(op, "-") && n == 1) return -args[0];
    if (!strcmp(op, "/") && n == 2) return args[0] / args[1];
    if (!strcmp(op, "^") && n == 2) return pow(args[0], args[1]);
    if (!strcmp(op, "sqrt") && n == 1) return sqrt(args[0]);
    if (!strcmp(op, "+") || !strcmp(op, "*")) {
        double acc = op[0] == '+' ? 0 : 1;
        for (int i = 0; i < n; i++) acc = op[0] == '+' ? acc + args[i] : acc * args[i];
        return acc;
    }
    return NAN;
}

/* Two values that may be rounded: under --precision, when either was written as a decimal, equal
 * once both are rounded to that many decimal places; otherwise within rtol. */
static int values_agree(const verify_options *o, double a, double b, int decimal) {
    if (o->precision > 0 && decimal) {
        double scale = pow(10, o->precision);
        return round(a * scale) == round(b * scale);
    }
    return a == b || (isfinite(a) && isfinite(b) && eval_close(a, b, o->rtol));
}

static int is_decimal_node(const latex_expr *e, int n) {
    return e->nodes[n].kind == LX_NUM && strchr(lx_text(e, n), '.');
}

/* Cell (i, j) of a parsed matrix; -1 when there is none. */
static int matrix_cell(const latex_expr *e, size_t i, size_t j) {
    int row = e->nodes[e->root].kind == LX_MATRIX ? e->nodes[e->root].child : -1;
    while (row >= 0 && i--) row = e->nodes[row].next;
    int c = row >= 0 ? e->nodes[row].child : -1;
    while (c >= 0 && j--) c = e->nodes[c].next;
    return c;
}

/* Two cells: 1 equal, 0 not, -1 undecided.  Cells with variables are compared by value at random
 * points (\frac{1}{3\sqrt[3]{x}^2} is \frac{1}{3x^{2/3}}). */
/* A decimal cell b that is cell a's value rounded at three or more figures (0.667 for 2/3). */
static int rounds_cell(const latex_expr *a, int ca, const latex_expr *b, int cb) {
    int x = cb >= 0 && b->nodes[cb].kind == LX_NEG ? b->nodes[cb].child : cb;
    if (x < 0 || b->nodes[x].kind != LX_NUM || !strchr(lx_text(b, x), '.')) return 0;
    number d;
    if (!answer_number_parse(lx_text(b, x), strlen(lx_text(b, x)), &d) || d.sig_figs < 3) return 0;
    eval_env va = {.seed = 1}, vb = {.seed = 1};
    double complex u = latex_eval(a, ca, &va, 0), w = latex_eval(b, cb, &vb, 0);
    return !va.failed && !vb.failed && cimag(u) == 0 && cimag(w) == 0 &&
           fabs(round_sig(creal(u), d.sig_figs) - creal(w)) <= 1e-12 * fmax(1, fabs(creal(w)));
}

static int cells_equal(const verify_options *o, const latex_expr *a, int ca, const latex_expr *b, int cb) {
    if (o->precision > 0 && (is_decimal_node(a, ca) || is_decimal_node(b, cb))) {
        eval_env va = {.seed = 1}, vb = {.seed = 1};
        double complex x = latex_eval(a, ca, &va, 0), y = latex_eval(b, cb, &vb, 0);
        if (va.failed || vb.failed || cimag(x) != 0 || cimag(y) != 0) return -1;
        return values_agree(o, creal(x), creal(y), 1);
    }
    int same = latex_same_value(a, ca, b, cb, fmax(o->rtol, 1e-6));
    return same == 0 && (rounds_cell(a, ca, b, cb) || rounds_cell(b, cb, a, ca)) ? 1 : same;
}

/* A matrix against matrix arithmetic ("A + B", "I I"): 1 the same values at every random point,
 * 0 not, -1 not evaluable. */
static int matrix_arithmetic(const typed *t, const typed *g) {
    latex_expr a = {0}, b = {0};
    int same = t->n && g->n && latex_parse(t->text, t->n, &a) == 0 && latex_parse(g->text, g->n, &b) == 0 ? 1 : -1;
    for (int p = 0; p < EVAL_POINTS && same == 1; p++) {
        eval_env va = {.seed = 0x243F6A8885A308D3ULL, .point = p}, vb = va;
        matrix_value x, y;
        if (!latex_eval_matrix(&a, a.root, &va, &x, 0) || !latex_eval_matrix(&b, b.root, &vb, &y, 0)) same = -1;
        else if (x.rows != y.rows || x.cols != y.cols) same = 0;
        else
            for (int i = 0; i < x.rows; i++)
                for (int j = 0; j < x.cols; j++) same &= eval_close_computed(x.v[i][j], y.v[i][j], 1e-9);
    }
    latex_free(&a), latex_free(&b);
    return same;
}

static void compare_matrices(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    json_t *tr = json_object_get(t->canon, "rows"), *gr = json_object_get(g->canon, "rows");
    size_t rows = json_array_size(tr);
    if (rows != json_array_size(gr)) { set(r, VERDICT_FALSE, "matrix", "%zu rows vs %zu", rows, json_array_size(gr)); return; }
    for (size_t i = 0; i < rows; i++)
        if (json_array_size(json_array_get(tr, i)) != json_array_size(json_array_get(gr, i))) {
            set(r, VERDICT_FALSE, "matrix", "row %zu lengths differ", i + 1);
            return;
        }
    if (json_equal(tr, gr)) { set(r, VERDICT_TRUE, "matrix", "same shape, same cells"); return; }
    latex_expr a = {0}, b = {0};
    int ok = t->n && g->n && latex_parse(t->text, t->n, &a) == 0 && latex_parse(g->text, g->n, &b) == 0;
    set(r, VERDICT_TRUE, "matrix", "same shape, every cell equal");
    for (size_t i = 0; i < rows && ok && r->v == VERDICT_TRUE; i++)
        for (size_t j = 0; j < json_array_size(json_array_get(tr, i)) && r->v == VERDICT_TRUE; j++) {
            int ca = matrix_cell(&a, i, j), cb = matrix_cell(&b, i, j);
            int same = ca >= 0 && cb >= 0 ? cells_equal(o, &a, ca, &b, cb) : -1;
            if (same < 0) set(r, VERDICT_UNDECIDED, "matrix", "cell (%zu,%zu) could not be evaluated", i + 1, j + 1);
            else if (!same) set(r, VERDICT_FALSE, "matrix", "cell (%zu,%zu) differs", i + 1, j + 1);
        }
    if (!ok) set(r, VERDICT_UNDECIDED, "matrix", "cells differ in form");
    latex_free(&a), latex_free(&b);
}

static void compare_intervals(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    const char *tv = text_of(t, "var"), *gv = text_of(g, "var");
    if (tv && gv && strcmp(tv, gv)) { set(r, VERDICT_FALSE, "interval", "a set of %s vs one of %s", tv, gv); return; }
    if (o->strict_sets && !tv && gv) { set(r, VERDICT_FALSE, "interval", "a relation does not answer a set (--strict-sets)"); return; }
    json_t *a = json_object_get(t->canon, "intervals"), *b = json_object_get(g->canon, "intervals");
    if (json_equal(a, b)) { set(r, VERDICT_TRUE, "interval", "same ends"); return; }
    if (json_array_size(a) != json_array_size(b)) { set(r, VERDICT_FALSE, "interval", "%zu pieces vs %zu", json_array_size(a), json_array_size(b)); return; }
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
        static const char *const ends[] = {"lo", "hi"};
        int open_end = -1;   /* the one end where an unbounded side meets a bound: x > 2 against (2, 10) */
        for (int k = 0; k < 2; k++) {
            const char *px = json_string_value(json_object_get(x, ends[k])), *py = json_string_value(json_object_get(y, ends[k]));
            if (!px || !py) { set(r, VERDICT_UNDECIDED, "interval", "a set in a union"); return; }
            int decimal = strchr(px, '.') || strchr(py, '.');
            double vx = sexpr_value(&px, 0), vy = sexpr_value(&py, 0);
            if (isnan(vx) || isnan(vy)) { set(r, VERDICT_UNDECIDED, "interval", "ends differ in form"); return; }
            if (values_agree(o, vx, vy, decimal)) continue;
            if (isinf(vx) != isinf(vy) && open_end < 0) { open_end = k; continue; }
            set(r, VERDICT_FALSE, "interval", "piece %zu: %s end %g vs %g", i + 1, ends[k], vx, vy);
            return;
        }
        if (open_end >= 0) {   /* the domain may bound what the relation leaves open */
            set(r, VERDICT_UNDECIDED, "interval", "piece %zu: the %s end is open on one side only", i + 1, ends[open_end]);
            return;
        }
        if (!json_equal(json_object_get(x, "lo_closed"), json_object_get(y, "lo_closed")) ||
            !json_equal(json_object_get(x, "hi_closed"), json_object_get(y, "hi_closed"))) {
            set(r, VERDICT_FALSE, "interval", "piece %zu: open/closed ends differ", i + 1);
            return;
        }
    }
    set(r, VERDICT_TRUE, "interval", "same ends, same closedness");
}

/* The relation with its sides swapped: < and >, <= and >=; = and != stay. */
static const char *flipped(const char *op) {
    if (!strcmp(op, "<")) return ">";
    if (!strcmp(op, ">")) return "<";
    if (!strcmp(op, "<=")) return ">=";
    if (!strcmp(op, ">=")) return "<=";
    return op;
}

static char *node_sexpr(const latex_expr *e, int n) {
    buf b;
    buf_init(&b);
    latex_sexpr(e, n, &b);
    return buf_take(&b);
}

/* A variable a relation bounds: a symbol other than pi, e, i, or |symbol|. */
static int bounded_variable(const latex_expr *e, int x) {
    if (x < 0) return 0;
    if (e->nodes[x].kind == LX_FUNC && !strcmp(lx_text(e, x), "abs")) x = e->nodes[x].child;
    return x >= 0 && e->nodes[x].kind == LX_SYM && !lx_is_constant(e, x);
}

static void add_piece(json_t *list, const char *lo, int lo_closed, const char *hi, int hi_closed) {
    json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "lo", lo, "hi", hi, "lo_closed", lo_closed, "hi_closed", hi_closed));
}

/* The pieces where |x| lies between lo and hi: [-hi, -lo] and [lo, hi], or one [-hi, hi] when lo
 * is not above zero. */
static void abs_pieces(json_t *list, const char *lo, int lo_closed, const char *hi, int hi_closed) {
    const char *p = lo;
    double low = sexpr_value(&p, 0);
    char *nlo, *nhi;
    asprintf(&nhi, "(- %s)", hi);
    if (!(low > 0)) {
        add_piece(list, nhi, hi_closed, hi, hi_closed);
    } else {
        asprintf(&nlo, "(- %s)", lo);
        add_piece(list, nhi, hi_closed, nlo, lo_closed);
        add_piece(list, lo, lo_closed, hi, hi_closed);
        free(nlo);
    }
    free(nhi);
}

/* "x > 1", "-2 \\le x \\le 7", "1 \\leq |z| \\leq \\frac{3}{2}": the set of the variable that a
 * relation or a chain of two describes, as intervals with the variable's name ("var"); NULL for
 * any other relation. */
static json_t *relation_interval(const char *s, size_t n) {
    latex_expr e;
    json_t *out = NULL;
    if (latex_parse(s, n, &e) || e.nodes[e.root].kind != LX_REL) { latex_free(&e); return NULL; }
    int l = e.nodes[e.root].child, r = l >= 0 ? e.nodes[l].next : -1;
    const char *op2 = lx_text(&e, e.root), *op1 = op2;
    int a = l, x = -1, c = r;   /* a op1 x op2 c */
    if (l >= 0 && e.nodes[l].kind == LX_REL) op1 = lx_text(&e, l), a = e.nodes[l].child, x = a >= 0 ? e.nodes[a].next : -1;
    else if (bounded_variable(&e, l) && lx_is_constant(&e, r)) x = l, a = -1;   /* x op c */
    else if (bounded_variable(&e, r) && lx_is_constant(&e, l)) x = r, c = -1, op1 = op2;   /* c op x */
    int up = op1[0] == '<' && op2[0] == '<', down = op1[0] == '>' && op2[0] == '>';
    if (bounded_variable(&e, x) && (up || down) && (a < 0 || lx_is_constant(&e, a)) && (c < 0 || lx_is_constant(&e, c))) {
        int lo = up ? a : c, hi = up ? c : a;
        int lo_closed = lo >= 0 && (up ? op1 : op2)[1] == '=', hi_closed = hi >= 0 && (up ? op2 : op1)[1] == '=';
        char *ls = lo >= 0 ? node_sexpr(&e, lo) : strdup("(- inf)"), *hs = hi >= 0 ? node_sexpr(&e, hi) : strdup("inf");
        int absolute = e.nodes[x].kind == LX_FUNC;
        json_t *list = json_array();
        if (absolute) abs_pieces(list, ls, lo_closed, hs, hi_closed);
        else add_piece(list, ls, lo_closed, hs, hi_closed);
        out = json_pack("{s:o, s:s}", "intervals", list, "var", lx_text(&e, absolute ? e.nodes[x].child : x));
        free(ls), free(hs);
    }
    latex_free(&e);
    return out;
}

/* A relation chain "-2 \\le x \\le 7" becomes the interval it describes; a single relation "x > 1"
 * too when compared with an interval (or `always`). */
static int relation_as_interval(typed *x, const typed *other, int always) {
    if (strcmp(x->type, "equation") || !x->n) return 0;
    json_t *iv = relation_interval(x->text, x->n);
    if (!iv) return 0;
    const char *lo = json_string_value(json_object_get(json_array_get(json_object_get(iv, "intervals"), 0), "lo"));
    int chain = strcmp(lo, "(- inf)") && strcmp(json_string_value(json_object_get(json_array_get(json_object_get(iv, "intervals"), 0), "hi")), "inf");
    if (!always && !chain && strcmp(other->type, "interval")) { json_decref(iv); return 0; }
    json_decref(x->canon);
    x->canon = iv;
    x->type = "interval";
    return 1;
}

/* Whether s[0..n) names something rather than computes it: letters, subscripts (digits allowed
 * there), primes, commands such as greek letters and \\frac, and the brackets, bars, commas and
 * colons of tuples, lengths and ratios of names: "k", "x_1", "(p,q)", "f(x)", "|AB|", "A:B",
 * "\\frac{NO}{BO}"; not "7" or "11a+c". */
static int is_name(const char *s, size_t n) {
    static const char *const computing[] = {"sqrt", "cdot", "times", "div", "pm", "sum", NULL};
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') {   /* a subscript, whose digits are part of the name: x_1, x_{10} */
            if (++i < n && s[i] == '{')
                for (int depth = 0; i < n; i++) {
                    depth += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
                    if (!depth) break;
                }
        } else if (s[i] == '\\') {
            size_t j = i + 1;
            while (j < n && isalpha((unsigned char)s[j])) j++;
            for (int k = 0; computing[k]; k++) if (strlen(computing[k]) == j - i - 1 && !strncmp(s + i + 1, computing[k], j - i - 1)) return 0;
            letters = 1, i = j - 1;
        } else if (isalpha((unsigned char)s[i])) {
            letters = 1;
        } else if (!strchr(" (){},:'|", s[i])) {
            return 0;
        }
    }
    return letters;
}

/* The value side of "k = 1", "(p,q) = (3,2)" or a response's "\frac{1}{2} \$ = \frac{10}{9}":
 * the text after the only top-level '='; when `named`, only if the other side is a name. */
static int value_side(const char *s, size_t n, int named, const char **v, size_t *vn) {
    latex_unwrap(&s, &n);
    int depth = 0;
    size_t eq = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') depth--;
        else if (c == '=' && depth == 0 && !(i && strchr("<>!", s[i - 1])) && !(i + 1 < n && s[i + 1] == '=')) {
            if (eq) return 0;   /* a chain: answer-typer already takes its end */
            eq = i + 1;
        } else if (depth == 0 && (!strncmp(s + i, "\\approx", 7) || !strncmp(s + i, "≈", 3))) {   /* x ≈ 11.2: its value */
            if (eq) return 0;
            eq = i + (c == '\\' ? 7 : 3);
        }
    }
    if (!eq || (named && !is_name(s, eq - 1))) return 0;
    *v = s + eq, *vn = n - eq;
    return 1;
}

/* An answer read afresh, sharing x's canonical form but owning nothing of x's. */
static typed borrowed(const typed *x) {
    typed c = *x;
    c.owned = NULL;
    json_incref(c.canon);
    return c;
}

/* lhs - rhs of a parsed relation a op b (not a chain) at each random point; 0 when it is none. */
static int relation_gap(const latex_expr *e, double complex out[EVAL_POINTS]) {
    const lx_node *root = &e->nodes[e->root];
    int l = root->child, r = l >= 0 ? e->nodes[l].next : -1;
    if (root->kind != LX_REL || r < 0 || e->nodes[l].kind == LX_REL) return 0;
    for (int p = 0; p < EVAL_POINTS; p++) {
        eval_env v = {.seed = 0x243F6A8885A308D3ULL, .point = p};
        out[p] = latex_eval(e, l, &v, 1) - latex_eval(e, r, &v, 1);
        if (v.failed || !eval_finite(out[p]) || out[p] == 0) return 0;
    }
    return 1;
}

/* Whether two relations differ by a constant factor only, the direction of an inequality turned
 * by a negative one: 2x + 4y - 3 = 0 is y = -x/2 + 3/4; 1 yes, 0 no, -1 not known. */
static int proportional(const typed *t, const typed *g) {
    latex_expr a = {0}, b = {0};
    double complex da[EVAL_POINTS], db[EVAL_POINTS];
    int known = t->n && g->n && latex_parse(t->text, t->n, &a) == 0 && latex_parse(g->text, g->n, &b) == 0 &&
                relation_gap(&a, da) && relation_gap(&b, db);
    latex_free(&a), latex_free(&b);
    if (!known) return -1;
    double complex q = da[0] / db[0];
    for (int p = 1; p < EVAL_POINTS; p++) if (!eval_close_computed(da[p] / db[p], q, 1e-9)) return 0;
    const char *op = text_of(t, "op"), *gop = text_of(g, "op");
    if (!strcmp(op, "=") || !strcmp(op, "!=")) return !strcmp(op, gop);
    if (fabs(cimag(q)) > 1e-9 * cabs(q)) return 0;
    return creal(q) > 0 ? !strcmp(op, gop) : !strcmp(flipped(op), gop);
}

/* The name side of "D = (0, 1)", spaces dropped, into out. */
static void name_of(const typed *x, const char *value, char *out, size_t len) {
    size_t k = 0;
    for (const char *p = x->text; p < value && k + 1 < len; p++) if (!isspace((unsigned char)*p)) out[k++] = *p;
    out[k] = 0;
    static const char *const relations[] = {"=", "\\approx", "≈", NULL};   /* the relation value_side passed */
    for (int i = 0; relations[i]; i++)
        if (k >= strlen(relations[i]) && !strcmp(out + k - strlen(relations[i]), relations[i])) { out[k - strlen(relations[i])] = 0; break; }
}

/* Two relations: the same sides (x <= 5 is 5 >= x); "D = (0, 1)" and "D = (0, 1.5)" by their
 * values when both name something; the same up to a constant factor; one-variable inequalities
 * by the sets they describe (x >= 5 is not x <= 5). */
static void compare_relations(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    const char *op = text_of(t, "op"), *gop = text_of(g, "op");
    int same = !strcmp(text_of(t, "lhs"), text_of(g, "lhs")) && !strcmp(text_of(t, "rhs"), text_of(g, "rhs")) && !strcmp(op, gop);
    if (!same && !strcmp(text_of(t, "lhs"), text_of(g, "rhs")) && !strcmp(text_of(t, "rhs"), text_of(g, "lhs")))
        same = !strcmp(flipped(op), gop);
    if (same) { set(r, VERDICT_TRUE, "equation", "same sides"); return; }
    const char *tv, *gv;
    size_t tvn, gvn;
    if (!strcmp(op, "=") && !strcmp(gop, "=") && t->n && g->n && value_side(t->text, t->n, 1, &tv, &tvn) &&
        value_side(g->text, g->n, 1, &gv, &gvn)) {
        typed a = type_owned(strndup(tv, tvn)), b = type_owned(strndup(gv, gvn));
        judge(o, &a, &b, r, depth + 1);
        typed_free(&a), typed_free(&b);
        char tname[128], gname[128];
        name_of(t, tv, tname, sizeof tname), name_of(g, gv, gname, sizeof gname);
        if (r->v == VERDICT_TRUE && strcmp(tname, gname)) set(r, VERDICT_UNDECIDED, "equation", "the same value named %s and %s", tname, gname);
        return;
    }
    int k = proportional(t, g);
    if (k == 1) { set(r, VERDICT_TRUE, "equation", "the same up to a constant factor"); return; }
    typed a = borrowed(t), b = borrowed(g);
    if (relation_as_interval(&a, &b, 1) && relation_as_interval(&b, &a, 1)) compare_intervals(o, &a, &b, r);
    else set(r, VERDICT_UNDECIDED, "equation", "sides differ in form");
    typed_free(&a), typed_free(&b);
}

/* Which broad kind an answer is: kinds that differ cannot be equal (a number is never a tuple). */
static int family(const typed *x) {
    const char *t = x->type;
    if (is_numeric(t) || !strcmp(t, "quantity")) return 1;
    if (!strcmp(t, "expression")) return json_is_true(json_object_get(x->canon, "constant")) ? 1 : 2;
    if (!strcmp(t, "equation")) return 3;
    if (!strcmp(t, "tuple") || !strcmp(t, "list") || !strcmp(t, "set")) return 4;
    if (!strcmp(t, "interval")) return 5;
    if (!strcmp(t, "matrix")) return 6;
    if (!strcmp(t, "choice")) return 7;
    if (!strcmp(t, "boolean")) return 8;
    return 0;   /* string: anything may be written as words */
}

/* Whether prose states a number: digits not inside a word ("K2A"), or a number word ("two"). */
static int states_number(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i]) && (!i || !isalpha((unsigned char)s[i - 1]))) return 1;
        if (!isalpha((unsigned char)s[i]) || (i && isalpha((unsigned char)s[i - 1]))) continue;
        size_t j = i;
        while (j < n && (isalpha((unsigned char)s[j]) || s[j] == '-')) j++;
        if (answer_number_word(s + i, j - i) >= 0) return 1;
    }
    return 0;
}

/* The rules compare() tries in order: each returns 1 when it decided (r set), 0 to pass the pair on. */
typedef int rule_fn(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth);

#define RULE(name) static int name(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth)
#define IS(x, name) (!strcmp((x)->type, (name)))
#define UNUSED (void)o, (void)t, (void)g, (void)r, (void)depth

RULE(rule_chemistry) {   /* formulas and equations by their species, any order, any markup */
    UNUSED;
    if (!t->n || !g->n || t->n > FORMS_MAX || g->n > FORMS_MAX) return 0;
    int k = forms_chemistry(t->text, t->n, g->text, g->n);
    if (k == -2) return 0;
    set(r, k == 1 ? VERDICT_TRUE : k == 0 ? VERDICT_FALSE : VERDICT_UNDECIDED, "chemistry", "%s",
        k == 1 ? "the same species and coefficients" : k == 0 ? "other atoms or coefficients" : "the same atoms, written as other species or scaled");
    return 1;
}

RULE(rule_quantities) {
    UNUSED;
    if (!IS(t, "quantity") || !IS(g, "quantity")) return 0;
    compare_quantities(o, t, g, r);
    return 1;
}

RULE(rule_quantity_unitless) {   /* a bare number in the truth's unit */
    UNUSED;
    if (!IS(t, "quantity") || !is_numeric(g->type)) return 0;
    char why[160];
    verdict v = numbers_equal(number_of(t), sig_figs(t), number_of(g), sig_figs(g), o->rtol, why, sizeof why);
    set(r, v, "quantity-unitless", "no unit in the response, read as %s: %s", text_of(t, "unit"), why);
    return 1;
}

RULE(rule_integers) {   /* counts are exact: 28800 is not 28801 */
    UNUSED;
    json_t *a = json_object_get(t->canon, "value"), *b = json_object_get(g->canon, "value");
    if (!IS(t, "integer") || !IS(g, "integer") || !json_is_integer(a) || !json_is_integer(b)) return 0;
    json_int_t x = json_integer_value(a), y = json_integer_value(b);
    set(r, x == y ? VERDICT_TRUE : VERDICT_FALSE, "integer", "%lld %s %lld", (long long)x, x == y ? "=" : "!=", (long long)y);
    return 1;
}

RULE(rule_numbers) {
    UNUSED;
    char why[160];
    double tn = as_number(t, 0), gn = as_number(g, 0);
    int tp = IS(t, "percentage"), gp = IS(g, "percentage");
    if (tp != gp && !isnan(tn) && !isnan(gn) && o->precision <= 0) {
        /* 25% against 0.25 or 25: either reading, as a share or as the number restated */
        verdict as_written = numbers_equal(tn, sig_figs(t), gn, sig_figs(g), o->rtol, why, sizeof why);
        if (as_written != VERDICT_TRUE) {
            char share[160];
            verdict v = numbers_equal(as_number(t, 1), sig_figs(t), as_number(g, 1), sig_figs(g), o->rtol, share, sizeof share);
            if (v != VERDICT_FALSE || as_written == VERDICT_FALSE) as_written = v, memcpy(why, share, sizeof why);
        }
        set(r, as_written, "number", "as %s: %s", tp ? "a percentage" : "a share", why);
        return 1;
    }
    if (!isnan(tn) && !isnan(gn) && o->precision > 0) {
        int same = values_agree(o, tn, gn, IS(t, "float") || IS(g, "float"));
        set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "number", "%.10g %s %.10g at %d decimal places", tn, same ? "=" : "!=", gn, o->precision);
        return 1;
    }
    if (!isnan(tn) && !isnan(gn)) {
        set(r, numbers_equal(tn, sig_figs(t), gn, sig_figs(g), o->rtol, why, sizeof why), "number", "%s", why);
        return 1;
    }
    if (is_numeric(t->type) && IS(g, "quantity")) {   /* the truth has no unit: judge the response's number */
        set(r, numbers_equal(tn, sig_figs(t), number_of(g), sig_figs(g), o->rtol, why, sizeof why), "number-vs-quantity", "%s", why);
        return 1;
    }
    return 0;
}

RULE(rule_complex) {   /* 6 + 9i vs 7 */
    UNUSED;
    double complex tz, gz;
    if (!complex_value(t, &tz) || !complex_value(g, &gz)) return 0;
    int same = eval_close_computed(tz, gz, o->rtol);
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "complex", "%g%+gi vs %g%+gi", creal(tz), cimag(tz), creal(gz), cimag(gz));
    return 1;
}

/* The option letter an answer states: "b", "(c) momentum", "c. fixed", "B: F", "Hardness (B)."; 0 when none. */
static char stated_letter(const char *s, size_t n, int options) {
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '.')) n--;
    char c = 0;
    if (n >= 3 && s[0] == '(' && s[2] == ')') c = s[1];
    else if (n == 1 || (n >= 2 && strchr(".):", s[1]) && (n == 2 || s[2] == ' '))) c = s[0];
    else if (n >= 4 && s[n - 1] == ')' && s[n - 3] == '(' && s[n - 4] == ' ') c = s[n - 2];
    c = (char)toupper((unsigned char)c);
    return c >= 'A' && c < 'A' + options ? c : 0;
}

RULE(rule_choice_text) {   /* a letter vs an option's text */
    UNUSED;
    if (!o->choices || IS(t, "choice") == IS(g, "choice")) return 0;
    const typed *letter = IS(t, "choice") ? t : g, *other = letter == t ? g : t;
    const char *l = text_of(letter, "letter");
    const char *option = l ? json_string_value(json_array_get(o->choices, (size_t)(l[0] - 'A'))) : NULL;
    if (!option) return 0;
    size_t on;
    const char *ot = surface(other, &on);
    char said = stated_letter(ot, on, (int)json_array_size(o->choices));
    if (said) {
        set(r, said == l[0] ? VERDICT_TRUE : VERDICT_FALSE, "choice", "%s vs %c", l, said);
        return 1;
    }
    /* the other side is one option's text, another's, or words of its own (undecided) */
    char *b = normalize_text(ot, on);
    int which = -1;
    for (size_t k = 0; b && which < 0 && k < json_array_size(o->choices); k++) {
        const char *text = json_string_value(json_array_get(o->choices, k));
        char *a = text ? normalize_text(text, strlen(text)) : NULL;
        if (a && !strcmp(a, b)) which = (int)k;
        free(a);
    }
    if (which < 0) set(r, VERDICT_UNDECIDED, "choice-text", "names no option's text (option %s is \"%.60s\")", l, option);
    else set(r, which == l[0] - 'A' ? VERDICT_TRUE : VERDICT_FALSE, "choice-text", "option %c's text; the truth is %s", 'A' + which, l);
    free(b);
    return 1;
}

RULE(rule_choice_letter) {   /* truth (b), response "b": a letter, not a variable */
    UNUSED;
    if (!IS(t, "choice") || !IS(g, "expression")) return 0;
    const char *e = text_of(g, "expr");
    if (!e || strlen(e) != 1 || tolower((unsigned char)e[0]) < 'a' || tolower((unsigned char)e[0]) > 'j') return 0;
    int same = toupper((unsigned char)e[0]) == text_of(t, "letter")[0];
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "choice", "%s vs %c", text_of(t, "letter"), toupper((unsigned char)e[0]));
    return 1;
}

RULE(rule_choices) {
    UNUSED;
    if (!IS(t, "choice") || !IS(g, "choice")) return 0;
    int same = !strcmp(text_of(t, "letter"), text_of(g, "letter"));
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "choice", "%s vs %s", text_of(t, "letter"), text_of(g, "letter"));
    return 1;
}

RULE(rule_booleans) {
    UNUSED;
    if (!IS(t, "boolean") || !IS(g, "boolean")) return 0;
    int same = json_is_true(json_object_get(t->canon, "value")) == json_is_true(json_object_get(g->canon, "value"));
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "boolean", "%s", same ? "same truth value" : "opposite");
    return 1;
}

/* Lists, sets, tuples, equations, expressions and matrices on both sides: compared as such. */
RULE(rule_structures) {
    UNUSED;
    if (json_object_get(t->canon, "elements") && json_object_get(g->canon, "elements")) compare_elements(o, t, g, r, depth);
    else if (IS(t, "equation") && IS(g, "equation")) compare_relations(o, t, g, r, depth);
    else if (IS(t, "expression") && IS(g, "expression")) compare_expressions(o, t, g, r);
    else if (IS(t, "matrix") && IS(g, "matrix")) compare_matrices(o, t, g, r);
    else return 0;
    return 1;
}

RULE(rule_quantity_vs_value) {   /* 90 degrees vs \pi/2; \sqrt{51} vs 90^\circ */
    UNUSED;
    double complex gz;
    if (!(IS(t, "quantity") && complex_value(g, &gz)) && !(IS(g, "quantity") && complex_value(t, &gz))) return 0;
    const typed *q = IS(t, "quantity") ? t : g;
    double v = number_of(q), si = json_number_value(json_object_get(q->canon, "si_value"));
    int same = eval_close_computed(v, gz, o->rtol) || eval_close_computed(si, gz, o->rtol);
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "quantity-unitless", "%g%+gi vs %g (or %g in SI)", creal(gz), cimag(gz), v, si);
    return 1;
}

RULE(rule_constants) {   /* 1 \pm \sqrt{19} (two values) vs 16/5 */
    UNUSED;
    if (family(t) != 1 || family(g) != 1 || !t->n || !g->n) return 0;
    latex_expr a = {0}, b = {0};
    int same = latex_parse(t->text, t->n, &a) == 0 && latex_parse(g->text, g->n, &b) == 0
                   ? latex_same_value(&a, a.root, &b, b.root, fmax(o->rtol, 1e-6)) : -1;
    latex_free(&a), latex_free(&b);
    if (same < 0) return 0;
    set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "constant", "%s values", same ? "the same" : "different");
    return 1;
}

RULE(rule_matrix_arithmetic) {
    UNUSED;
    int k;
    if (!((family(t) == 6 && IS(g, "expression")) || (family(g) == 6 && IS(t, "expression"))) || (k = matrix_arithmetic(t, g)) < 0)
        return 0;
    set(r, k ? VERDICT_TRUE : VERDICT_FALSE, "matrix", "matrix arithmetic: %s", k ? "the same matrix" : "another matrix");
    return 1;
}

RULE(rule_one_of_several) {   /* the roots x = 4 or x = -1 against one number: one is missing */
    UNUSED;
    json_t *els = json_object_get(t->canon, "elements");
    if (!IS(t, "set") || json_array_size(els) < 2 || family(g) != 1 || !is_numeric(g->type) || (g->n && prose_numbers(g->text, g->n) != 1)) return 0;
    set(r, VERDICT_FALSE, "elements", "a set of %zu values against one number", json_array_size(els));
    return 1;
}

RULE(rule_type_mismatch) {
    UNUSED;
    int ft = family(t), fg = family(g);
    if (!ft || !fg || ft == fg) return 0;
    /* a number is never a tuple, but a misread one can be: "x = 25 and y = 10" for (25, 10) */
    set(r, VERDICT_UNDECIDED, "type-mismatch", "%s against %s: kinds differ", t->type, g->type);
    return 1;
}

RULE(rule_intervals) {
    UNUSED;
    if (!IS(t, "interval") || !IS(g, "interval")) return 0;
    compare_intervals(o, t, g, r);
    return 1;
}

/* The relation signs of a text, in order, each as one byte ("x > 1" and "x \\gt 1" alike). */
static void relation_signs(const char *s, size_t n, char *out, size_t len) {
    static const struct { const char *w; char c; } signs[] = {{"\\leq", 'l'}, {"\\le", 'l'}, {"≤", 'l'}, {"<=", 'l'}, {"\\geq", 'g'},
        {"\\ge", 'g'}, {"≥", 'g'}, {">=", 'g'}, {"\\neq", 'n'}, {"\\ne", 'n'}, {"≠", 'n'}, {"!=", 'n'}, {"\\lt", '<'}, {"\\gt", '>'},
        {"<", '<'}, {">", '>'}, {"=", '='}, {"\\approx", '~'}, {"≈", '~'}, {NULL, 0}};
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < len;) {
        int hit = 0;
        if (!strchr("\\<>=!\xe2", s[i]) || !s[i]) { i++; continue; }   /* no sign starts here: the common case */
        for (int j = 0; signs[j].w && !hit; j++) {
            size_t l = strlen(signs[j].w);
            if (i + l <= n && !memcmp(s + i, signs[j].w, l)) out[k++] = signs[j].c, i += l, hit = 1;
        }
        if (!hit) i++;
    }
    out[k] = 0;
}

/* "64,000 cells", "6.4 \\times 10^{4} cells": the number at the start of s and where its words begin. */
static int leading_number(const char *s, size_t n, double *v, int *sig, const char **words) {
    while (n && (*s == ' ' || *s == '$')) s++, n--;
    number x;
    size_t used = answer_number_parse(s, n, &x);
    if (!used || x.kind == NUM_PERCENT) return 0;
    const char *w = s + used;
    while (w < s + n && (*w == ' ' || *w == '\\' || *w == ',')) w++;   /* "\\ " spacing */
    if (w == s + n || !isalpha((unsigned char)*w)) return 0;
    *v = x.value, *sig = x.kind == NUM_DECIMAL ? x.sig_figs : 0, *words = w;
    return 1;
}

/* Two texts of words the same but for a plural -s ("unit of wine", "units of wine"). */
static int same_words(const char *a, size_t an, const char *b, size_t bn) {
    char *x = normalize_text(a, an), *y = normalize_text(b, bn);
    int same = 0;
    if (x && y) {
        size_t i = 0, j = 0;
        for (same = 1; same && (x[i] || y[j]);) {
            if (x[i] == y[j]) { i++, j++; continue; }
            if (x[i] == 's' && (!x[i + 1] || x[i + 1] == ' ')) i++;
            else if (y[j] == 's' && (!y[j + 1] || y[j + 1] == ' ')) j++;
            else same = 0;
        }
    }
    free(x), free(y);
    return same;
}

RULE(rule_counted) {   /* "3/4 unit of wine" against "0.75 units of wine": the numbers, when the words agree */
    UNUSED;
    if (!t->n || !g->n || t->n > FORMS_MAX || g->n > FORMS_MAX || (!IS(t, "string") && !IS(g, "string"))) return 0;
    double tv, gv;
    int ts, gs;
    const char *tw, *gw;
    if (!leading_number(t->text, t->n, &tv, &ts, &tw) || !leading_number(g->text, g->n, &gv, &gs, &gw) ||
        !same_words(tw, (size_t)(t->text + t->n - tw), gw, (size_t)(g->text + g->n - gw)))
        return 0;
    char why[160];
    set(r, numbers_equal(tv, ts, gv, gs, o->rtol, why, sizeof why), "counted", "the same words; %s", why);
    return 1;
}

RULE(rule_strings) {
    UNUSED;
    if (!IS(t, "string") && !IS(g, "string")) return 0;
    size_t an, bn;
    const char *sa = surface(t, &an), *sb = surface(g, &bn);
    char *a = normalize_text(sa, an), *b = normalize_text(sb, bn);
    int decided = a && b && (!strcmp(t->type, g->type) || !strcmp(a, b));
    if (!a || !b) set(r, VERDICT_UNDECIDED, "string", "out of memory"), decided = 1;
    char ra[16] = "", rb[16] = "";
    if (a && b && !strcmp(a, b)) relation_signs(sa, an, ra, sizeof ra), relation_signs(sb, bn, rb, sizeof rb);
    if (a && b && !strcmp(a, b) && strcmp(ra, rb)) set(r, VERDICT_UNDECIDED, "string", "the same words, other relations"), decided = 1;
    else if (decided && !strcmp(a, b)) set(r, VERDICT_TRUE, "string", "\"%.60s\" both", a);
    else if (decided)   /* words that differ may mean the same: "goes up" for "increases" */
        set(r, VERDICT_UNDECIDED, "string", "\"%.60s\" vs \"%.60s\": other words", a, b);
    free(a), free(b);
    return decided;
}

RULE(rule_no_number) {   /* "Navin" for 78; "AZYUK2A" for 2 */
    UNUSED;
    const typed *words = IS(t, "string") ? t : IS(g, "string") ? g : NULL, *other = words == t ? g : t;
    size_t wn;
    const char *ws = words ? surface(words, &wn) : NULL;
    if (!words || family(other) != 1 || states_number(ws, wn)) return 0;
    set(r, VERDICT_FALSE, "no-number", "\"%.60s\" states no number", ws);
    return 1;
}

#undef UNUSED
#undef IS
#undef RULE

static rule_fn *const rules[] = {
    rule_chemistry, rule_quantities, rule_quantity_unitless, rule_integers, rule_numbers, rule_complex, rule_choice_text,
    rule_choice_letter, rule_choices, rule_booleans, rule_structures, rule_quantity_vs_value, rule_constants,
    rule_matrix_arithmetic, rule_one_of_several, rule_type_mismatch, rule_intervals, rule_counted, rule_strings, rule_no_number,
};

static void compare(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    if (depth > 8) { set(r, VERDICT_UNDECIDED, "depth", "nested too deeply"); return; }
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i](o, t, g, r, depth)) return;
    set(r, VERDICT_UNDECIDED, "types", "%s vs %s: no rule decides", t->type, g->type);
}

/* The length of a list separator written in words at s[i] ("\\text{ and }", "and", "\\quad"), 0
 * when none; "and"/"or" stand alone, not inside a word ("(11,7)or(7,11)", not "for"). */
static size_t word_separator(const char *s, size_t n, size_t i) {
    static const char *const seps[] = {"\\text{ and }", "\\text{and}", "\\text{ or }", "\\text{or}", "and", "or",
                                       "\\qquad", "\\quad", NULL};
    for (int k = 0; seps[k]; k++) {
        size_t l = strlen(seps[k]);
        if (i + l > n || memcmp(s + i, seps[k], l)) continue;
        if (seps[k][0] != '\\' && ((i && isalpha((unsigned char)s[i - 1])) || (i + l < n && isalpha((unsigned char)s[i + l]))))
            continue;
        return l;
    }
    return 0;
}

/* "19, 46, and 82", "6 \\text{ and } 8", "1 \\quad 2", "x_{1}=a,\\quadx_{2}=b": the words between
 * items made commas; a comma already there is not doubled.  Returns a malloc'd string, or NULL
 * when there is no such separator. */
static char *listify(const char *s, size_t n) {
    buf b;
    buf_init(&b);
    int changed = 0;
    for (size_t i = 0; i < n;) {
        size_t l = word_separator(s, n, i);
        if (!l) { buf_putc(&b, s[i++]); continue; }
        while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == ',')) b.data[--b.len] = 0;
        buf_puts(&b, ", ");
        i += l;
        while (i < n && (s[i] == ' ' || s[i] == ',')) i++;
        changed = 1;
    }
    if (!changed) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

/* A string answer that is really a list with words between its items is typed as that list. */
static void retype_listed(typed *x) {
    if (strcmp(x->type, "string") || !x->n) return;
    char *l = listify(x->text, x->n);
    if (!l) return;
    typed y = type_owned(l);
    if (!strcmp(y.type, "list") || !strcmp(y.type, "tuple") || !strcmp(y.type, "set")) retype(x, y);
    else typed_free(&y);
}

/* The last math span ($..$, \(..\), \[..\]) of a prose answer: its content [*a, *b); 0 when none. */
static int last_math_span(const char *s, const char **a, const char **b) {
    static const struct { const char *open, *close; } delims[] = {{"\\(", "\\)"}, {"\\[", "\\]"}, {"$$", "$$"}, {"$", "$"}};
    const char *best = NULL, *best_end = NULL;
    for (size_t d = 0; d < 4; d++) {
        size_t lo = strlen(delims[d].open), lc = strlen(delims[d].close);
        for (const char *p = s; (p = strstr(p, delims[d].open));) {
            if (p > s && p[-1] == '\\' && delims[d].open[0] == '$') { p++; continue; }   /* \$ is a dollar sign */
            const char *end = strstr(p + lo, delims[d].close);
            while (end && end[-1] == '\\' && delims[d].close[0] == '$') end = strstr(end + 1, delims[d].close);
            if (!end) break;
            if (end > p + lo && (!best || p + lo > best)) best = p + lo, best_end = end;
            p = end + lc;
        }
    }
    *a = best, *b = best_end;
    return best && best_end > best;
}

/* The last number written in prose from s on (not inside a word: "K2A" holds none): its start
 * and length; NULL when none. */
static const char *last_prose_number(const char *s, const char *from, size_t *len) {
    const char *last = NULL, *end = from + strlen(from);   /* once: a strlen per candidate is quadratic */
    for (const char *p = from; *p; p++) {
        if (!(isdigit((unsigned char)*p) || *p == '-') || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))) continue;
        number x;
        size_t used = answer_number_parse(p, (size_t)(end - p), &x);
        if (used) last = p, *len = used, p += used - 1;
    }
    return last;
}

/* How many numbers prose states (each read whole: "6.24 × 10^17" is one), up to 2. */
static int prose_numbers(const char *s, size_t n) {
    int count = 0;
    const char *end = s + n;
    for (const char *p = s; p < end && count < 2; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))) continue;
        number x;
        size_t used = answer_number_parse(p, (size_t)(end - p), &x);
        count++;
        p += used ? used - 1 : 0;
        while (p + 1 < end && isdigit((unsigned char)p[1])) p++;
    }
    return count;
}

/* The quantities a prose answer states, in order ("ethanol is 30.0 torr and ... 26.32 torr"), as
 * a typed list; NULL when there are none. */
static json_t *prose_quantities(const char *s) {
    json_t *list = json_array();
    const char *end = s + strlen(s);
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))) continue;
        const char *start = p > s && p[-1] == '-' ? p - 1 : p;
        if (start > s && start[-1] == '$') start -= start - 1 > s && start[-2] == '\\' ? 2 : 1;   /* $1,000.00 */
        number x;
        size_t used = answer_number_parse(start, (size_t)(end - start), &x);
        if (!used) continue;
        const char *u = start + used;
        json_t *best = NULL;
        size_t best_len = 0;
        for (int words = 1; words <= 3; words++) {   /* the longest unit of up to three words */
            const char *e = u;
            for (int w = 0; w < words; w++) {
                while (*e == ' ') e++;
                while (*e && *e != ' ' && *e != ',' && *e != ';' && !(*e == '.' && (!e[1] || e[1] == ' '))) e++;
            }
            const char *type;
            json_t *c = answer_type(start, (size_t)(e - start), &type);
            if (!strcmp(type, "quantity") && (size_t)(e - start) > best_len) { json_decref(best); best = c, best_len = (size_t)(e - start); }
            else json_decref(c);
        }
        if (best) json_array_append_new(list, json_pack("{s:s, s:o}", "type", "quantity", "canonical", best));
        p = start + (best_len ? best_len : used) - 1;
    }
    if (!json_array_size(list)) { json_decref(list); return NULL; }
    return json_pack("{s:o}", "elements", list);
}

/* A prose final answer: judge what it says last, its last math span or (against a number) the
 * number written after it ("... in the domain of $f(x)$ is 19."), or the quantities it states. */
static int reread_prose(const typed *t, typed *g) {
    if (strcmp(g->type, "string") || !g->n) return 0;
    const char *a, *b = g->text, *num = NULL;
    size_t num_len = 0;
    int span = last_math_span(g->text, &a, &b);
    if (is_numeric(t->type)) num = last_prose_number(g->text, span ? b : g->text, &num_len);
    if (num) { retype(g, type_owned(strndup(num, num_len))); return 1; }
    if (span) {
        typed m = type_owned(strndup(a, (size_t)(b - a)));
        if (strcmp(m.type, "string")) { retype(g, m); return 1; }
        typed_free(&m);
    }
    int wants_quantities = !strcmp(t->type, "quantity") ||
                           (json_object_get(t->canon, "elements") &&
                            !strcmp(json_string_value(json_object_get(json_array_get(json_object_get(t->canon, "elements"), 0), "type")) ?: "", "quantity"));
    json_t *q = wants_quantities ? prose_quantities(g->text) : NULL;
    if (!q) return 0;
    json_decref(g->canon);
    if (!strcmp(t->type, "quantity")) {   /* one quantity asked: the last one stated */
        json_t *els = json_object_get(q, "elements");
        g->canon = json_incref(json_object_get(json_array_get(els, json_array_size(els) - 1), "canonical"));
        json_decref(q);
        g->type = "quantity";
    } else {
        g->canon = q;
        g->type = "list";
    }
    g->n = 0;
    return 1;
}

/* Whether the text between two boxes only joins them: spaces, punctuation, math delimiters,
 * \quad, "and"/"or" (also in \text{}), and names with '=' ("x_1 = \boxed{..}, x_2 = \boxed{..}").
 * Prose between them ("\boxed{1} no no no \boxed{2}") means the first was not the answer. */
static int joins_boxes(const char *s, size_t n) {
    static const char *const words[] = {"and", "or", "quad", "qquad", "text", "textrm", "mathrm", NULL};
    for (size_t i = 0; i < n;) {
        if (isalpha((unsigned char)s[i])) {
            size_t j = i;
            while (j < n && isalpha((unsigned char)s[j])) j++;
            int known = j - i == 1;   /* a name: x, y_1 */
            for (int k = 0; words[k] && !known; k++) known = strlen(words[k]) == j - i && !strncmp(s + i, words[k], j - i);
            if (!known) return 0;
            i = j;
            if (i < n && s[i] == '_') while (i < n && (isalnum((unsigned char)s[i]) || strchr("_{}", s[i]))) i++;
            continue;
        }
        if (!isspace((unsigned char)s[i]) && !strchr(",;.:=$(){}[]\\!", s[i])) return 0;
        i++;
    }
    return 1;
}

/* Whether s[at] lies inside math: after an unclosed $, $$, \\( or \\[. */
static int in_math(const char *s, size_t at) {
    int math = 0;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\\' && i + 1 < at) {
            if (s[i + 1] == '(' || s[i + 1] == '[') math = 1;
            else if (s[i + 1] == ')' || s[i + 1] == ']') math = 0;
            i++;
        } else if (s[i] == '$') {
            math = !math;
            if (i + 1 < at && s[i + 1] == '$') i++;
        }
    }
    return math;
}

/* Two boxes in one formula ("$$\\boxed{(3, 3)} \\text{ for part (a) and } \\boxed{(1, 1)}$$"):
 * no math delimiter between them, and math open before the first. */
static int one_formula(const char *s, size_t first, const char *gap, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (gap[i] == '$' || (gap[i] == '\\' && i + 1 < n && strchr("()[]", gap[i + 1]))) return 0;
    return in_math(s, first);
}

/* Several boxes joined only by separators ("\boxed{1}, \boxed{2}", "\boxed{-2} \quad \text{and}
 * \quad \boxed{1}"), or inside one formula, answer a set: their distinct contents, comma-joined.  The last such run of
 * boxes counts; NULL when it holds fewer than two distinct answers (a restated box is one). */
static char *joined_boxes(const char *s, size_t n) {
    size_t prev_end = 0, first = 0;
    size_t at[64][2];
    int run = 0;
    answer_box *box;
    size_t nbox = answer_boxes(s, n, 0, &box);
    for (size_t j = 0; j < nbox; j++) {
        size_t start = box[j].start, a = box[j].a, b = box[j].b;
        if (run && !joins_boxes(s + prev_end, start - prev_end) && !one_formula(s, first, s + prev_end, start - prev_end)) run = 0;
        if (!run) first = start;
        prev_end = b + 1;
        if (run == 64) { free(box); return NULL; }
        int seen = 0;
        for (int k = 0; k < run && !seen; k++) seen = at[k][1] - at[k][0] == b - a && !memcmp(s + at[k][0], s + a, b - a);
        if (!seen) at[run][0] = a, at[run][1] = b, run++;
    }
    free(box);
    if (run < 2) return NULL;
    buf out;
    buf_init(&out);
    for (int k = 0; k < run; k++) {
        if (k) buf_puts(&out, ", ");
        buf_append(&out, s + at[k][0], at[k][1] - at[k][0]);
    }
    return buf_take(&out);
}

/* The S-expression of a typed number element, for an interval end; NULL when not a number. */
static char *end_sexpr(json_t *el) {
    const char *type = json_string_value(json_object_get(el, "type"));
    json_t *c = json_object_get(el, "canonical");
    char *out = NULL;
    if (!strcmp(type, "integer") && json_is_integer(json_object_get(c, "value")))
        asprintf(&out, "%lld", (long long)json_integer_value(json_object_get(c, "value")));
    else if (!strcmp(type, "float")) out = strdup(json_string_value(json_object_get(c, "text")));
    else if (!strcmp(type, "fraction"))
        asprintf(&out, "(/ %lld %lld)", (long long)json_integer_value(json_object_get(c, "num")),
                 (long long)json_integer_value(json_object_get(c, "den")));
    else if (!strcmp(type, "expression")) out = strdup(json_string_value(json_object_get(c, "expr")));
    return out;
}

/* Against an interval, a pair (a, b) or [a, b] of numbers is read as an interval too. */
static void pair_as_interval(typed *x, const typed *other) {
    json_t *els = json_object_get(x->canon, "elements");
    if (strcmp(other->type, "interval") || (strcmp(x->type, "tuple") && strcmp(x->type, "list")) || json_array_size(els) != 2)
        return;
    char *l = end_sexpr(json_array_get(els, 0)), *h = end_sexpr(json_array_get(els, 1));
    int closed = !strcmp(x->type, "list");
    if (l && h) {
        json_decref(x->canon);
        x->canon = json_pack("{s:[{s:s, s:s, s:b, s:b}]}", "intervals", "lo", l, "hi", h, "lo_closed", closed, "hi_closed", closed);
        x->type = "interval";
    }
    free(l), free(h);
}

/* "x = 4, -8, -10", "a=4,\\,-8": a name and then the values it takes, a set of solutions. */
static void mark_value_list(typed *x) {
    json_t *els = json_object_get(x->canon, "elements");
    if (json_array_size(els) < 2 || strcmp(json_string_value(json_object_get(json_array_get(els, 0), "type")), "equation")) return;
    for (size_t i = 1; i < json_array_size(els); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(els, i), "type")), "equation")) return;
    x->unordered = 1;
}

/* Reads both answers as a reader would, then compares them: words between list items, the value
 * of "k = 1", what prose says last, relations against intervals. */
/* x read afresh from a rewrite of its text (forms.h), when there is one that types as `want`
 * (NULL: any type but a string). */
static int reread(typed *x, char *(*form)(const char *, size_t), const char *want) {
    char *text = x->n && x->n <= FORMS_MAX ? form(x->text, x->n) : NULL;
    if (!text) return 0;
    typed y = type_owned(text);
    if (want ? strcmp(y.type, want) : !strcmp(y.type, "string")) { typed_free(&y); return 0; }
    retype(x, y);
    return 1;
}

/* "No, it does not." "Yes -- both are." "True." : an answer to a yes/no question in its first word. */
static void leading_yes_no(typed *x) {
    static const char *const words[] = {"yes", "no", "true", "false", NULL};
    const char *s = x->text;
    size_t n = x->n;
    while (n && isspace((unsigned char)*s)) s++, n--;
    for (int k = 0; words[k]; k++) {
        size_t l = strlen(words[k]);
        if (n <= l || strncasecmp(s, words[k], l) || isalnum((unsigned char)s[l])) continue;
        const char *after = s + l;
        if (!strchr(",.;:!", *after) && strncmp(after, " —", 4) && strncmp(after, " -", 2)) continue;
        retype(x, type_owned(strndup(s, l)));
        return;
    }
}

static int has_elements(const typed *x) { return json_object_get(x->canon, "elements") != NULL; }

/* Notations of one answer that another kind of answer is compared with: solutions "x = 1 or
 * x = 2" as a set, ± as the set of its two values, a nested list as a matrix, a constant with a
 * unit ("\frac{\ln 2}{0.035} min") as the quantity it is. */
static void other_notations(typed *t, typed *g) {
    int solutions = reread(t, forms_solution_set, "set") | reread(g, forms_solution_set, "set");
    if (has_elements(t) && !has_elements(g)) solutions |= reread(g, forms_plus_minus, "set");
    if (has_elements(g) && !has_elements(t)) solutions |= reread(t, forms_plus_minus, "set");
    if (solutions) t->unordered = g->unordered = 1;   /* solutions have no order */
    if (!strcmp(t->type, "matrix")) reread(g, forms_nested_matrix, "matrix");
    if (!strcmp(g->type, "matrix")) reread(t, forms_nested_matrix, "matrix");
    if (!strcmp(t->type, "string")) reread(t, forms_scaled, NULL);
    if (!strcmp(g->type, "string")) reread(g, forms_scaled, NULL);
    if (!strcmp(t->type, "quantity") && strcmp(g->type, "quantity")) reread(g, forms_value_unit, "quantity");
    if (!strcmp(g->type, "quantity") && strcmp(t->type, "quantity")) reread(t, forms_value_unit, "quantity");
}

static void judge(const verify_options *o, const typed *truth, const typed *got, verify_result *r, int depth) {
    typed t = borrowed(truth), g = borrowed(got);
    retype_listed(&t);
    retype_listed(&g);
    other_notations(&t, &g);
    mark_value_list(&t);
    if (!strcmp(g.type, "string") && (family(&t) == 1 || !strcmp(t.type, "quantity"))) reread(&g, forms_number_words, "string");
    if (!strcmp(t.type, "boolean") && !strcmp(g.type, "string")) leading_yes_no(&g);
    int stated = !strcmp(g.type, "string") && g.n ? prose_numbers(g.text, g.n) : 0;   /* counted before prose is reread */
    int prose = reread_prose(&t, &g);
    const char *v;
    size_t vn;
    /* "k = 1" against "1", "S_{MBCN}:S=7:32" against "7:32": judge the value; not when both
     * sides are written as relations (F_n = ... against F_n = ...) */
    int both_relations = !strcmp(g.type, "equation") || (!strcmp(g.type, "string") && g.n && value_side(g.text, g.n, 0, &v, &vn));
    if ((!strcmp(t.type, "equation") || !strcmp(t.type, "string")) && !both_relations && t.n && value_side(t.text, t.n, 1, &v, &vn)) {
        retype(&t, type_owned(strndup(v, vn)));
    } else if (!strcmp(g.type, "equation") && strcmp(t.type, "equation") && g.n && value_side(g.text, g.n, 0, &v, &vn)) {
        retype(&g, type_owned(strndup(v, vn)));   /* a response's last step "... = 10/9" */
    }
    relation_as_interval(&t, &g, 0);
    relation_as_interval(&g, &t, 0);
    pair_as_interval(&g, &t);
    pair_as_interval(&t, &g);
    compare(o, &t, &g, r, depth);
    if (prose && r->v != VERDICT_UNDECIDED && strlen(r->rule) + 9 < sizeof r->rule) strcat(r->rule, "-in-prose");
    /* what prose states last need not be its answer ("2:1" ends in 1): a false verdict is sure
     * only when the prose states one number */
    if (prose && r->v == VERDICT_FALSE && stated != 1) r->v = VERDICT_UNDECIDED;
    typed_free(&t);
    typed_free(&g);
}

/* Text where every backslash is doubled ("-2 \\\\le x", data escaped twice) with each pair made
 * one; NULL when it is not so written (a lone backslash, or no doubled one before a letter). */
static char *undouble(const char *s) {
    int before_letter = 0;
    for (const char *p = s; *p; p++) {
        if (*p != '\\') continue;
        size_t run = 0;
        while (p[run] == '\\') run++;
        if (run % 2) return NULL;
        before_letter |= isalpha((unsigned char)p[run]);
        p += run - 1;
    }
    if (!before_letter) return NULL;
    buf b;
    buf_init(&b);
    for (const char *p = s; *p; p++) {
        buf_putc(&b, *p);
        if (*p == '\\') p++;
    }
    return buf_take(&b);
}

/* The final answer a truth states: itself, or when it is a worked solution its boxes or what
 * answer_final takes from it; double escaping undone. */
static typed truth_answer(const char *truth, size_t tn) {
    char *own = strndup(truth, tn), *plain = undouble(own);
    if (plain) free(own), own = plain;
    tn = strlen(own);
    char *a = joined_boxes(own, tn);   /* "\\boxed{1} and \\boxed{-2}" */
    int several = a != NULL;
    if (!a) a = answer_last_box(own, tn, 0, NULL);
    if (!a) {
        typed whole = type_owned(own);
        if (strcmp(whole.type, "string") || !(a = answer_final(own, tn))) return whole;
        typed_free(&whole);   /* "... The final answer is $28 \\%$. I hope it is correct." */
        own = NULL;
    }
    free(own);
    typed t = type_owned(a);
    t.unordered = several;
    return t;
}

/* r->extracted against the truth; a response, when given, may make several boxes a list answer. */
static void judge_extracted(const verify_options *o, const char *truth, size_t tn, const char *response, size_t rn,
                            verify_result *r) {
    typed t = truth_answer(truth, tn), g = type_of(r->extracted, strlen(r->extracted));
    retype_listed(&t);
    if (response && json_object_get(t.canon, "elements") && !o->paper_extraction) {   /* several boxes make a list */
        char *boxes = joined_boxes(response, rn);
        if (boxes) {
            free(r->extracted);
            r->extracted = boxes;
            json_decref(g.canon);
            g = type_of(boxes, strlen(boxes));
            g.unordered = 1;
        }
    }
    judge(o, &t, &g, r, 0);
    typed_free(&t);
    typed_free(&g);
}

void verify_answer(const verify_options *o, const char *truth, size_t tn, const char *response, size_t rn,
                   verify_result *r) {
    memset(r, 0, sizeof *r);
    comparisons = 0;
    r->extracted = o->paper_extraction ? answer_final_paper(response, rn) : answer_final(response, rn);
    if (!r->extracted) { set(r, VERDICT_FALSE, "no-answer", "no final answer in the response"); return; }
    char *plain = o->paper_extraction ? NULL : undouble(r->extracted);
    if (plain) free(r->extracted), r->extracted = plain;
    judge_extracted(o, truth, tn, response, rn, r);
}

void verify_extracted(const verify_options *o, const char *truth, size_t tn, const char *extracted, verify_result *r) {
    memset(r, 0, sizeof *r);
    comparisons = 0;
    if (!extracted) { set(r, VERDICT_FALSE, "no-answer", "no final answer"); return; }
    if (!(r->extracted = strdup(extracted))) { set(r, VERDICT_UNDECIDED, "out-of-memory", "out of memory"); return; }
    judge_extracted(o, truth, tn, NULL, 0, r);
}

int verify_certain(const verify_result *r) {
    if (r->v == VERDICT_TRUE) return 1;
    if (r->v == VERDICT_UNDECIDED) return 0;
    size_t n = strlen(r->rule);
    return strcmp(r->rule, "string") && strcmp(r->rule, "type-mismatch") && strcmp(r->rule, "no-number") &&
           !(n > 9 && !strcmp(r->rule + n - 9, "-in-prose"));
}

void verify_result_free(verify_result *r) {
    free(r->extracted);
    r->extracted = NULL;
}
