/* verify.c -- final-answer extraction and rule-based equivalence. */
#include "verify.h"
#include "answer.h"
#include "buf.h"
#include "latex.h"

#include <complex.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define POINTS 5                /* random points for expression equivalence */
#define EVAL_DEPTH 400

/* ---- extraction ------------------------------------------------------------------------------ */

/* The content of the last \boxed{ or \fbox{ with balanced braces.  NULL when none, or when the last
 * one is empty.  max_depth > 0 reads as General-Reasoner's regex does: at most max_depth brace
 * levels inside the box, no box found inside another that matched (re.findall does not overlap),
 * and \boxed only. */
static char *last_box(const char *s, size_t n, int max_depth) {
    char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t open;
        if (n - i >= 7 && !memcmp(s + i, "\\boxed{", 7)) open = i + 6;
        else if (!max_depth && n - i >= 6 && !memcmp(s + i, "\\fbox{", 6)) open = i + 5;
        else continue;
        int depth = 0, deepest = 0;
        size_t k = open;
        for (; k < n; k++) {
            if (s[k] == '{') { depth++; if (depth - 1 > deepest) deepest = depth - 1; }
            else if (s[k] == '}' && --depth == 0) break;
        }
        if (k >= n || (max_depth && deepest > max_depth)) continue;
        free(best);
        best = strndup(s + open + 1, k - open - 1);
        i = max_depth ? k : open;
    }
    if (best && !*best) { free(best); best = NULL; }
    return best;
}

/* The text after the latest marker phrase (case-insensitive), to the end of its line. */
static char *after_marker(const char *s, size_t n, const char *const *markers) {
    const char *best = NULL;
    for (int m = 0; markers[m]; m++) {
        size_t l = strlen(markers[m]);
        for (size_t i = 0; i + l <= n; i++)
            if (!strncasecmp(s + i, markers[m], l) && (!best || s + i + l > best)) best = s + i + l;
    }
    if (!best) return NULL;
    const char *end = memchr(best, '\n', (size_t)(s + n - best));
    if (!end) end = s + n;
    while (best < end && isspace((unsigned char)*best)) best++;
    while (end > best && isspace((unsigned char)end[-1])) end--;
    return end > best ? strndup(best, (size_t)(end - best)) : NULL;
}

/* A marker's text ends with its sentence ("$10,455$. I hope it is correct.") unless the dot is
 * inside math or a number. */
static void end_sentence(char *a) {
    int math = 0;
    for (char *p = a; *p; p++) {
        if (*p == '$') math = !math;
        if (math || *p != '.' || (p > a && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))) continue;
        if (!p[1] || p[1] == ' ') { *p = 0; return; }
    }
}

/* The content of the last display-math block ($$..$$ or \[..\]), which may span lines, when it
 * comes after everything else but blank space: "Answer \[ 9 \]". */
static char *last_display_math(const char *s, size_t n) {
    static const struct { const char *open, *close; } delims[] = {{"\\[", "\\]"}, {"$$", "$$"}};
    const char *end = s + n;
    while (end > s && isspace((unsigned char)end[-1])) end--;
    for (size_t d = 0; d < 2; d++) {
        size_t lo = strlen(delims[d].open), lc = strlen(delims[d].close);
        if (end - s < (long)(lo + lc) || memcmp(end - lc, delims[d].close, lc)) continue;
        const char *open = NULL;
        for (const char *p = s; p + lo <= end - lc; p++) if (!memcmp(p, delims[d].open, lo)) open = p;
        if (!open) continue;
        const char *a = open + lo, *b = end - lc;
        while (a < b && isspace((unsigned char)*a)) a++;
        while (b > a && isspace((unsigned char)b[-1])) b--;
        if (b > a) return strndup(a, (size_t)(b - a));
    }
    return NULL;
}

char *verify_extract(const char *s, size_t n) {
    static const char *const markers[] = {"final answer is", "final answer:", "the answer is", "answer:", NULL};
    static const char *const turn_ends[] = {"<|im_end|>", "<|im_start|>", "<|endoftext|>", NULL};
    for (const char *t; (t = memmem(s, n, "</think>", 8));) n -= (size_t)(t + 8 - s), s = t + 8;
    for (int k = 0; turn_ends[k]; k++) {   /* a chat turn that runs on past its end */
        const char *t = memmem(s, n, turn_ends[k], strlen(turn_ends[k]));
        if (t) n = (size_t)(t - s);
    }
    char *a = last_box(s, n, 0);
    if (!a && (a = after_marker(s, n, markers))) end_sentence(a);
    if (!a && (a = last_display_math(s, n))) return a;
    if (a && *a) return a;
    free(a);
    const char *end = s + n;   /* the last non-empty line */
    while (end > s && isspace((unsigned char)end[-1])) end--;
    const char *start = end;
    while (start > s && start[-1] != '\n') start--;
    while (start < end && isspace((unsigned char)*start)) start++;
    return end > start ? strndup(start, (size_t)(end - start)) : NULL;
}

/* One of General-Reasoner's marker phrases, as re.finditer(phrase + r"((?:(?!<<).)*?)\n", re.I) reads
 * it: the capture runs to the end of the line, which must end, and holds no "<<"; matches do not
 * overlap.  Sets *start to the latest match (or leaves it) and returns its capture's end. */
static const char *paper_marker(const char *s, size_t n, const char *phrase, const char **start, const char **cap) {
    size_t l = strlen(phrase);
    const char *cap_end = NULL;
    for (size_t i = 0; i + l <= n; i++) {
        if (strncasecmp(s + i, phrase, l)) continue;
        const char *from = s + i + l, *nl = memchr(from, '\n', (size_t)(s + n - from));
        if (!nl) break;
        if (memmem(from, (size_t)(nl - from), "<<", 2)) continue;
        if (!*start || s + i > *start) *start = s + i, *cap = from, cap_end = nl;
        i = (size_t)(nl - s);
    }
    return cap_end;
}

char *verify_extract_paper(const char *s, size_t n) {
    static const char *const phrases[] = {"Final Answer:", "Final Answer is:", "The answer is:", "Answer:",
                                          "Solution:", "The solution is:", NULL};
    static const char *const suffixes[] = {"</s>", "<|im_end|>", "<|endoftext|>", NULL};
    char *a = last_box(s, n, 2);
    if (a) return a;
    const char *start = NULL, *from = NULL, *end = NULL, *e;
    for (int k = 0; phrases[k]; k++)
        if ((e = paper_marker(s, n, phrases[k], &start, &from))) end = e;
    if (!end) return NULL;
    for (int pass = 0; pass < 2; pass++) {    /* strip, drop one end-of-text token, strip again */
        while (from < end && isspace((unsigned char)*from)) from++;
        while (end > from && isspace((unsigned char)end[-1])) end--;
        for (int k = 0; pass == 0 && suffixes[k]; k++) {
            size_t l = strlen(suffixes[k]);
            if ((size_t)(end - from) >= l && !memcmp(end - l, suffixes[k], l)) { end -= l; break; }
        }
    }
    return strndup(from, (size_t)(end - from));
}

/* ---- evaluation ------------------------------------------------------------------------------- */

typedef struct { char name[32]; double complex value; } binding;

typedef struct {
    binding vars[32];
    int nvars;
    unsigned long long seed;
    int point;
    int failed;
} env;

static double complex symbol_value(env *v, const char *name) {
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

static double complex eval(const latex_expr *e, int n, env *v, int depth);

static double complex child(const latex_expr *e, int n, int k, env *v, int depth) {
    int c = e->nodes[n].child;
    while (c >= 0 && k--) c = e->nodes[c].next;
    if (c < 0) { v->failed = 1; return 0; }
    return eval(e, c, v, depth + 1);
}

static double complex function(const latex_expr *e, int n, env *v, int depth) {
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

static double complex eval(const latex_expr *e, int n, env *v, int depth) {
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
        for (int c = x->child; c >= 0; c = e->nodes[c].next) acc += eval(e, c, v, depth + 1);
        return acc;
    case LX_MUL:
        acc = 1;
        for (int c = x->child; c >= 0; c = e->nodes[c].next) acc *= eval(e, c, v, depth + 1);
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

static int finite_value(double complex z) { return isfinite(creal(z)) && isfinite(cimag(z)); }

/* Relative closeness: a truth of 4.7e-34 is not 0.  Exact equality covers zero. */
static int close_enough(double complex a, double complex b, double rtol) {
    return a == b || cabs(a - b) <= rtol * fmax(cabs(a), cabs(b));
}

/* For values computed at random points, where rounding leaves sin(pi) = 1.2e-16 instead of 0. */
static int close_computed(double complex a, double complex b, double rtol) {
    return close_enough(a, b, rtol) || cabs(a - b) < 1e-9;
}

/* The values of a subtree: one, or two for a top-level a \pm b (a + b and a - b). */
static int values(const latex_expr *e, int n, env *v, double complex out[2]) {
    const lx_node *x = &e->nodes[n];
    if (x->kind != LX_PM) { out[0] = eval(e, n, v, 0); return 1; }
    int a = x->child, b = a >= 0 ? e->nodes[a].next : -1;
    double complex base = b >= 0 ? eval(e, a, v, 1) : 0, delta = eval(e, b >= 0 ? b : a, v, 1);
    out[0] = base + delta, out[1] = base - delta;
    return 2;
}

/* Equivalence of two expression subtrees by evaluation at POINTS random points: 1, 0, or -1
 * when no point could be evaluated.  a \pm b compares as the set {a + b, a - b}. */
static int same_value(const latex_expr *a, int na, const latex_expr *b, int nb, double rtol) {
    int agreed = 0;
    for (int p = 0; p < POINTS; p++) {
        env v = {.seed = 0x243F6A8885A308D3ULL, .point = p};
        double complex x[2], y[2];
        int nx = values(a, na, &v, x), ny = values(b, nb, &v, y);
        if (v.failed) return -1;
        if (nx != ny) return 0;
        if (!finite_value(x[0]) || !finite_value(y[0]) || (nx == 2 && (!finite_value(x[1]) || !finite_value(y[1])))) continue;
        int same = nx == 1 ? close_computed(x[0], y[0], rtol)
                           : (close_computed(x[0], y[0], rtol) && close_computed(x[1], y[1], rtol)) ||
                                 (close_computed(x[0], y[1], rtol) && close_computed(x[1], y[0], rtol));
        if (!same) return 0;
        agreed++;
    }
    return agreed ? 1 : -1;
}

/* ---- comparison of typed answers ------------------------------------------------------------- */

typedef struct {
    const char *text;
    size_t n;
    const char *type;
    json_t *canon;
} typed;

static void set(verify_result *r, verdict v, const char *rule, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void set(verify_result *r, verdict v, const char *rule, const char *fmt, ...) {
    r->v = v;
    snprintf(r->rule, sizeof r->rule, "%s", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
}

static int is_numeric(const char *t) {
    return !strcmp(t, "integer") || !strcmp(t, "float") || !strcmp(t, "fraction") || !strcmp(t, "percentage");
}

static double number_of(const typed *x) {
    json_t *v = json_object_get(x->canon, "value");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The value of a constant expression answer, NAN when it has variables or cannot be evaluated. */
static double constant_value(const typed *x) {
    latex_expr e;
    double out = NAN;
    if (latex_parse(x->text, x->n, &e) == 0 && lx_is_constant(&e, e.root)) {
        env v = {.seed = 1};
        double complex z = eval(&e, e.root, &v, 0);
        if (!v.failed && fabs(cimag(z)) < 1e-9 * fmax(1, cabs(z))) out = creal(z);
    }
    latex_free(&e);
    return out;
}

/* The value of a number or of a constant expression, complex allowed; 0 when it has none. */
static int complex_value(const typed *x, double complex *z) {
    if (is_numeric(x->type) && strcmp(x->type, "percentage")) { *z = number_of(x); return !isnan(creal(*z)); }
    if (strcmp(x->type, "expression") || !x->n || !json_is_true(json_object_get(x->canon, "constant"))) return 0;
    latex_expr e;
    int ok = 0;
    if (latex_parse(x->text, x->n, &e) == 0) {
        env v = {.seed = 1};
        *z = eval(&e, e.root, &v, 0);
        ok = !v.failed && finite_value(*z);
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
 * (truth 26.3 accepts 26.32). */
static verdict numbers_equal(double truth, int truth_sig, double got, double rtol, char *why, size_t whylen) {
    if (!isfinite(truth) || !isfinite(got)) { snprintf(why, whylen, "not finite"); return VERDICT_FALSE; }
    if (close_enough(truth, got, rtol)) { snprintf(why, whylen, "%.10g = %.10g within rtol %g", truth, got, rtol); return VERDICT_TRUE; }
    /* Significant figures: the response rounds to the truth, and within 5% (a one-figure truth
     * of 0.2 does not accept 0.22). */
    if (truth_sig > 0 && truth_sig < 15 && fabs(round_sig(got, truth_sig) - truth) <= 1e-12 * fmax(1, fabs(truth)) &&
        fabs(got - truth) <= 0.05 * fabs(truth)) {
        snprintf(why, whylen, "%.10g rounds to %.10g at %d significant figures", got, truth, truth_sig);
        return VERDICT_TRUE;
    }
    snprintf(why, whylen, "%.10g != %.10g", truth, got);
    return VERDICT_FALSE;
}

static int sig_figs(const typed *x) {
    json_t *s = json_object_get(x->canon, "sig_figs");
    return json_is_integer(s) && !strcmp(x->type, "float") ? (int)json_integer_value(s) :
           json_is_integer(s) && !strcmp(x->type, "quantity") ? (int)json_integer_value(s) : 0;
}

static void compare(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth);

/* A numeric view of an answer: numbers, constant expressions; percentages per the options. */
static double as_number(const verify_options *o, const typed *x, const typed *other) {
    if (!strcmp(x->type, "percentage")) {
        json_t *v = json_object_get(x->canon, o->percent_as_fraction && strcmp(other->type, "percentage") ? "fraction" : "value");
        return json_number_value(v);
    }
    if (is_numeric(x->type)) return number_of(x);
    if (!strcmp(x->type, "expression")) return constant_value(x);
    return NAN;
}

static const char *text_of(const typed *x, const char *key) { return json_string_value(json_object_get(x->canon, key)); }

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
        v = numbers_equal(t_in_unit, sig_figs(t), gv / scale, o->rtol, why, sizeof why);
        set(r, v, "quantity", "in %s: %s", text_of(t, "unit"), why);
    } else {
        v = numbers_equal(tv, 0, gv, o->rtol, why, sizeof why);
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

static void compare_elements(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    json_t *te = json_object_get(t->canon, "elements"), *ge = json_object_get(g->canon, "elements");
    size_t n = json_array_size(te);
    if (n != json_array_size(ge)) { set(r, VERDICT_FALSE, "elements", "%zu elements vs %zu", n, json_array_size(ge)); return; }
    int ordered = !strcmp(t->type, "tuple") || (!strcmp(t->type, "list") && !o->unordered_lists && !all_tuples(te));
    char used[256] = {0};
    for (size_t i = 0; i < n && i < 256; i++) {
        json_t *a = json_array_get(te, i);
        typed ta = {"", 0, json_string_value(json_object_get(a, "type")), json_object_get(a, "canonical")};
        int found = 0;
        for (size_t j = ordered ? i : 0; j < (ordered ? i + 1 : n) && j < 256 && !found; j++) {
            if (used[j]) continue;
            json_t *b = json_array_get(ge, j);
            typed tb = {"", 0, json_string_value(json_object_get(b, "type")), json_object_get(b, "canonical")};
            verify_result sub = {0};
            compare(o, &ta, &tb, &sub, depth + 1);
            if (sub.v == VERDICT_TRUE) found = 1, used[j] = 1;
        }
        if (!found) { set(r, VERDICT_FALSE, "elements", "element %zu has no match", i + 1); return; }
    }
    set(r, VERDICT_TRUE, "elements", "%zu elements match (%s)", n, ordered ? "in order" : "in any order");
}

/* Expression trees parsed from the canonical S-expression are not kept; re-parse the texts. */
static void compare_expressions(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    const char *ts = text_of(t, "expr"), *gs = text_of(g, "expr");
    if (ts && gs && !strcmp(ts, gs)) { set(r, VERDICT_TRUE, "expression", "same tree %s", ts); return; }
    if (!t->n || !g->n) { set(r, VERDICT_UNDECIDED, "expression", "trees differ in form"); return; }   /* list elements */
    latex_expr a, b;
    int ok_a = latex_parse(t->text, t->n, &a) == 0, ok_b = latex_parse(g->text, g->n, &b) == 0;
    int same = ok_a && ok_b ? same_value(&a, a.root, &b, b.root, fmax(o->rtol, 1e-6)) : -1;
    latex_free(&a), latex_free(&b);
    if (same < 0) set(r, VERDICT_UNDECIDED, "expression", "could not evaluate");
    else set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "expression", "%s at %d random points", same ? "equal" : "different", POINTS);
}

/* The written form: the text itself, or for a list element its canonical text. */
static const char *surface(const typed *x, size_t *n) {
    if (x->n && strcmp(x->type, "string")) { *n = x->n; return x->text; }
    const char *t = text_of(x, "text");
    *n = t ? strlen(t) : 0;
    return t ? t : "";
}

static void normalize_text(const char *s, size_t n, char *out, size_t outlen) {
    static const char *const articles[] = {"the ", "a ", "an ", NULL};
    size_t k = 0;
    int space = 0;
    for (const char *end = s + n; s < end && k + 1 < outlen; s++) {
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80) {
            if (space && k) out[k++] = ' ';
            space = 0;
            out[k++] = (char)tolower((unsigned char)*s);
        } else {
            space = 1;
        }
    }
    out[k] = 0;
    for (int i = 0; articles[i]; i++) {
        size_t l = strlen(articles[i]);
        if (!strncmp(out, articles[i], l)) memmove(out, out + l, strlen(out + l) + 1);
    }
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

static void compare_matrices(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    json_t *tr = json_object_get(t->canon, "rows"), *gr = json_object_get(g->canon, "rows");
    size_t rows = json_array_size(tr);
    if (rows != json_array_size(gr)) { set(r, VERDICT_FALSE, "matrix", "%zu rows vs %zu", rows, json_array_size(gr)); return; }
    for (size_t i = 0; i < rows; i++) {
        json_t *a = json_array_get(tr, i), *b = json_array_get(gr, i);
        if (json_array_size(a) != json_array_size(b)) { set(r, VERDICT_FALSE, "matrix", "row %zu lengths differ", i + 1); return; }
        for (size_t j = 0; j < json_array_size(a); j++) {
            const char *x = json_string_value(json_array_get(a, j)), *y = json_string_value(json_array_get(b, j));
            if (!strcmp(x, y)) continue;
            const char *px = x, *py = y;
            double vx = sexpr_value(&px, 0), vy = sexpr_value(&py, 0);
            if (isnan(vx) || isnan(vy)) { set(r, VERDICT_UNDECIDED, "matrix", "cell (%zu,%zu) not numeric", i + 1, j + 1); return; }
            if (!close_enough(vx, vy, o->rtol)) { set(r, VERDICT_FALSE, "matrix", "cell (%zu,%zu): %g vs %g", i + 1, j + 1, vx, vy); return; }
        }
    }
    set(r, VERDICT_TRUE, "matrix", "same shape, every cell equal");
}

static void compare_intervals(const verify_options *o, const typed *t, const typed *g, verify_result *r) {
    if (json_equal(t->canon, g->canon)) { set(r, VERDICT_TRUE, "interval", "same ends"); return; }
    json_t *a = json_object_get(t->canon, "intervals"), *b = json_object_get(g->canon, "intervals");
    if (json_array_size(a) != json_array_size(b)) { set(r, VERDICT_FALSE, "interval", "%zu pieces vs %zu", json_array_size(a), json_array_size(b)); return; }
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
        static const char *const ends[] = {"lo", "hi"};
        for (int k = 0; k < 2; k++) {
            const char *px = json_string_value(json_object_get(x, ends[k])), *py = json_string_value(json_object_get(y, ends[k]));
            if (!px || !py) { set(r, VERDICT_UNDECIDED, "interval", "a set in a union"); return; }
            double vx = sexpr_value(&px, 0), vy = sexpr_value(&py, 0);
            if (isnan(vx) || isnan(vy)) { set(r, VERDICT_UNDECIDED, "interval", "ends differ in form"); return; }
            if (!(vx == vy || (isfinite(vx) && isfinite(vy) && close_enough(vx, vy, o->rtol)))) {
                set(r, VERDICT_FALSE, "interval", "piece %zu: %s end %g vs %g", i + 1, ends[k], vx, vy);
                return;
            }
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

static void compare(const verify_options *o, const typed *t, const typed *g, verify_result *r, int depth) {
    if (depth > 8) { set(r, VERDICT_UNDECIDED, "depth", "nested too deeply"); return; }
    const char *tt = t->type, *gt = g->type;
    char why[160];
    if (!strcmp(tt, "quantity") && !strcmp(gt, "quantity")) { compare_quantities(o, t, g, r); return; }
    if (!strcmp(tt, "quantity") && is_numeric(gt)) {   /* a bare number in the truth's unit */
        verdict v = numbers_equal(number_of(t), sig_figs(t), number_of(g), o->rtol, why, sizeof why);
        set(r, v, "quantity-unitless", "no unit in the response, read as %s: %s", text_of(t, "unit"), why);
        return;
    }
    if (!strcmp(tt, "integer") && !strcmp(gt, "integer") && json_is_integer(json_object_get(t->canon, "value")) &&
        json_is_integer(json_object_get(g->canon, "value"))) {   /* counts are exact: 28800 is not 28801 */
        json_int_t a = json_integer_value(json_object_get(t->canon, "value")), b = json_integer_value(json_object_get(g->canon, "value"));
        set(r, a == b ? VERDICT_TRUE : VERDICT_FALSE, "integer", "%lld %s %lld", (long long)a, a == b ? "=" : "!=", (long long)b);
        return;
    }
    double tn = as_number(o, t, g), gn = as_number(o, g, t);
    if (!isnan(tn) && !isnan(gn)) {
        set(r, numbers_equal(tn, sig_figs(t), gn, o->rtol, why, sizeof why), "number", "%s", why);
        return;
    }
    if (is_numeric(tt) && !strcmp(gt, "quantity")) {   /* the truth has no unit: judge the response's number */
        set(r, numbers_equal(tn, sig_figs(t), number_of(g), o->rtol, why, sizeof why), "number-vs-quantity", "%s", why);
        return;
    }
    double complex tz, gz;
    if (complex_value(t, &tz) && complex_value(g, &gz)) {   /* 6 + 9i vs 7 */
        int same = close_computed(tz, gz, o->rtol);
        set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "complex", "%g%+gi vs %g%+gi", creal(tz), cimag(tz), creal(gz), cimag(gz));
        return;
    }
    if (o->choices && (!strcmp(tt, "choice") != !strcmp(gt, "choice"))) {   /* a letter vs an option's text */
        const typed *letter = !strcmp(tt, "choice") ? t : g, *other = letter == t ? g : t;
        const char *l = text_of(letter, "letter");
        const char *option = l ? json_string_value(json_array_get(o->choices, (size_t)(l[0] - 'A'))) : NULL;
        if (option) {
            char a[512], b[512];
            size_t on;
            const char *ot = surface(other, &on);
            normalize_text(option, strlen(option), a, sizeof a);
            normalize_text(ot, on, b, sizeof b);
            set(r, strcmp(a, b) ? VERDICT_FALSE : VERDICT_TRUE, "choice-text", "option %s is \"%.60s\"", l, option);
            return;
        }
    }
    if (!strcmp(tt, "choice") && !strcmp(gt, "expression")) {   /* truth (b), response "b": a letter, not a variable */
        const char *e = text_of(g, "expr");
        if (e && strlen(e) == 1 && tolower((unsigned char)e[0]) >= 'a' && tolower((unsigned char)e[0]) <= 'j') {
            int same = toupper((unsigned char)e[0]) == text_of(t, "letter")[0];
            set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "choice", "%s vs %c", text_of(t, "letter"), toupper((unsigned char)e[0]));
            return;
        }
    }
    if (!strcmp(tt, "choice") && !strcmp(gt, "choice")) {
        int same = !strcmp(text_of(t, "letter"), text_of(g, "letter"));
        set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "choice", "%s vs %s", text_of(t, "letter"), text_of(g, "letter"));
        return;
    }
    if (!strcmp(tt, "boolean") && !strcmp(gt, "boolean")) {
        int same = json_is_true(json_object_get(t->canon, "value")) == json_is_true(json_object_get(g->canon, "value"));
        set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "boolean", "%s", same ? "same truth value" : "opposite");
        return;
    }
    if (json_object_get(t->canon, "elements") && json_object_get(g->canon, "elements")) {
        compare_elements(o, t, g, r, depth);
        return;
    }
    if (!strcmp(tt, "equation") && !strcmp(gt, "expression")) {   /* y = 2x + 1 vs 2x + 1 */
        int same = !strcmp(text_of(t, "rhs"), text_of(g, "expr"));
        set(r, same ? VERDICT_TRUE : VERDICT_UNDECIDED, "equation-rhs", "%s", same ? "the response is the right-hand side" : "rhs differs in form");
        return;
    }
    if ((!strcmp(tt, "expression") || !strcmp(tt, "equation")) && !strcmp(tt, gt)) {
        if (!strcmp(tt, "equation")) {
            const char *op = text_of(t, "op"), *gop = text_of(g, "op");
            int same = !strcmp(text_of(t, "lhs"), text_of(g, "lhs")) && !strcmp(text_of(t, "rhs"), text_of(g, "rhs")) && !strcmp(op, gop);
            if (!same && !strcmp(text_of(t, "lhs"), text_of(g, "rhs")) && !strcmp(text_of(t, "rhs"), text_of(g, "lhs")))
                same = !strcmp(flipped(op), gop);   /* x <= 5 is 5 >= x */
            set(r, same ? VERDICT_TRUE : VERDICT_UNDECIDED, "equation", "%s", same ? "same sides" : "sides differ in form");
            return;
        }
        compare_expressions(o, t, g, r);
        return;
    }
    if (!strcmp(tt, "matrix") && !strcmp(gt, "matrix")) { compare_matrices(o, t, g, r); return; }
    if (!strcmp(tt, "quantity") && !strcmp(gt, "expression") && !isnan(gn)) {   /* 90 degrees vs \pi/2 */
        double v = number_of(t), si = json_number_value(json_object_get(t->canon, "si_value"));
        int same = close_enough(v, gn, o->rtol) || close_enough(si, gn, o->rtol);
        set(r, same ? VERDICT_TRUE : VERDICT_FALSE, "quantity-unitless", "%.10g vs %g (or %g in SI)", gn, v, si);
        return;
    }
    int ft = family(t), fg = family(g);
    if (ft && fg && ft != fg) {
        set(r, VERDICT_FALSE, "type-mismatch", "%s cannot equal %s", tt, gt);
        return;
    }
    if (!strcmp(tt, "interval") && !strcmp(gt, "interval")) { compare_intervals(o, t, g, r); return; }
    if (!strcmp(tt, "string") || !strcmp(gt, "string")) {
        char a[512], b[512];
        size_t an, bn;
        const char *sa = surface(t, &an), *sb = surface(g, &bn);
        normalize_text(sa, an, a, sizeof a);
        normalize_text(sb, bn, b, sizeof b);
        if (!strcmp(tt, gt) || !strcmp(a, b)) {
            set(r, strcmp(a, b) ? VERDICT_FALSE : VERDICT_TRUE, "string", "\"%.60s\" vs \"%.60s\"", a, b);
            return;
        }
    }
    set(r, VERDICT_UNDECIDED, "types", "%s vs %s: no rule decides", tt, gt);
}

/* "19, 46, and 82", "6 \\text{ and } 8", "1 \\quad 2": the words between items made commas.
 * Returns a malloc'd string, or NULL when there is no such separator. */
static char *listify(const char *s, size_t n) {
    static const char *const seps[] = {"\\text{ and }", "\\text{and}", "\\text{ or }", "\\text{or}", ", and ", ", or ",
                                       " and ", " or ", "\\quad", "\\qquad", ";", NULL};
    buf b;
    buf_init(&b);
    int changed = 0;
    for (size_t i = 0; i < n;) {
        int hit = 0;
        for (int k = 0; seps[k] && !hit; k++) {
            size_t l = strlen(seps[k]);
            if (i + l <= n && !memcmp(s + i, seps[k], l)) buf_puts(&b, ", "), i += l, hit = changed = 1;
        }
        if (!hit) buf_putc(&b, s[i++]);
    }
    if (!changed) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

static typed type_of(const char *s, size_t n) {
    typed x = {s, n, NULL, NULL};
    x.canon = answer_type(s, n, &x.type);
    return x;
}

/* A string answer that is really a list with words between its items is typed as that list;
 * *owned keeps the rewritten text alive. */
static void retype_listed(typed *x, char **owned) {
    if (strcmp(x->type, "string")) return;
    char *l = listify(x->text, x->n);
    if (!l) return;
    typed y = type_of(l, strlen(l));
    if (!strcmp(y.type, "list") || !strcmp(y.type, "tuple") || !strcmp(y.type, "set")) {
        json_decref(x->canon);
        *x = y;
        *owned = l;
        return;
    }
    json_decref(y.canon);
    free(l);
}

/* The last math span ($..$, \(..\), \[..\]) of a prose answer, or NULL. */
static char *last_math_span(const char *s) {
    static const struct { const char *open, *close; } delims[] = {{"\\(", "\\)"}, {"\\[", "\\]"}, {"$$", "$$"}, {"$", "$"}};
    const char *best = NULL, *best_end = NULL;
    for (size_t d = 0; d < 4; d++) {
        size_t lo = strlen(delims[d].open), lc = strlen(delims[d].close);
        for (const char *p = s; (p = strstr(p, delims[d].open));) {
            const char *end = strstr(p + lo, delims[d].close);
            if (!end) break;
            if (end > p + lo && (!best || p + lo > best)) best = p + lo, best_end = end;
            p = end + lc;
        }
    }
    return best && best_end > best ? strndup(best, (size_t)(best_end - best)) : NULL;
}

/* The quantities a prose answer states, in order ("ethanol is 30.0 torr and ... 26.32 torr"), as
 * a typed list; NULL when there are none. */
static json_t *prose_quantities(const char *s) {
    json_t *list = json_array();
    for (const char *p = s; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))) continue;
        const char *start = p > s && p[-1] == '-' ? p - 1 : p;
        number x;
        size_t used = number_parse(start, strlen(start), &x);
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

/* A prose final answer: judge its last math span, or the quantities it states. */
static int reread_prose(const typed *t, typed *g, char **owned) {
    if (strcmp(g->type, "string")) return 0;
    char *span = last_math_span(g->text);
    if (span) {
        typed m = {span, strlen(span), NULL, NULL};
        m.canon = answer_type(span, m.n, &m.type);
        if (strcmp(m.type, "string")) { json_decref(g->canon); *g = m; *owned = span; return 1; }
        json_decref(m.canon);
        free(span);
    }
    if (is_numeric(t->type)) {   /* "... the probability that Alice wins is 2/3." : its last number */
        const char *last = NULL;
        size_t last_len = 0;
        for (const char *p = g->text; *p; p++) {
            if (!(isdigit((unsigned char)*p) || *p == '-') || (p > g->text && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))) continue;
            number x;
            size_t used = number_parse(p, strlen(p), &x);
            if (used) last = p, last_len = used, p += used - 1;
        }
        if (last) {
            typed m = {last, last_len, NULL, NULL};
            m.canon = answer_type(last, last_len, &m.type);
            json_decref(g->canon);
            *g = m;
            return 1;
        }
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

/* The value side of "k = 1" or "(p,q) = (3,2)": the text after the last top-level '=', when
 * the other side is a name (a symbol, possibly subscripted, or a tuple of them). */
static int value_side(const char *s, size_t n, const char **v, size_t *vn) {
    int depth = 0;
    size_t eq = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') depth--;
        else if (c == '=' && depth == 0 && !(i && strchr("<>!", s[i - 1])) && !(i + 1 < n && s[i + 1] == '=')) {
            if (eq) return 0;   /* a chain: answer-typer already takes its end */
            eq = i + 1;
        }
    }
    if (!eq) return 0;
    for (size_t i = 0; i + 1 < eq; i++)   /* the named side holds no digits: "k", "(p,q)", "x_1" */
        if (isdigit((unsigned char)s[i]) && !(i && s[i - 1] == '_')) return 0;
    *v = s + eq, *vn = n - eq;
    return 1;
}

/* Several boxes ("\boxed{1}, \boxed{2}") answer a set or list: their contents, comma-joined. */
static char *all_boxes(const char *s, size_t n) {
    buf b;
    buf_init(&b);
    int count = 0;
    for (size_t i = 0; i + 7 <= n; i++) {
        if (memcmp(s + i, "\\boxed{", 7)) continue;
        int depth = 0;
        size_t k = i + 6;
        for (; k < n; k++) {
            if (s[k] == '{') depth++;
            else if (s[k] == '}' && --depth == 0) break;
        }
        if (k >= n) break;
        if (count++) buf_puts(&b, ", ");
        buf_append(&b, s + i + 7, k - i - 7);
        i = k;
    }
    if (count < 2) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

static char *node_sexpr(const latex_expr *e, int n) {
    buf b;
    buf_init(&b);
    latex_sexpr(e, n, &b);
    return buf_take(&b);
}

/* "-2 \\le x \\le 7" (or with > and >=) as the interval it describes; NULL otherwise. */
static json_t *chain_interval(const char *s, size_t n) {
    latex_expr e;
    json_t *out = NULL;
    if (latex_parse(s, n, &e) == 0 && e.nodes[e.root].kind == LX_REL) {
        int inner = e.nodes[e.root].child, c = inner >= 0 ? e.nodes[inner].next : -1;
        const char *op2 = lx_text(&e, e.root), *op1 = inner >= 0 ? lx_text(&e, inner) : "";
        if (inner >= 0 && e.nodes[inner].kind == LX_REL && c >= 0) {
            int a = e.nodes[inner].child, x = a >= 0 ? e.nodes[a].next : -1;
            int up = op1[0] == '<' && op2[0] == '<', down = op1[0] == '>' && op2[0] == '>';
            if (x >= 0 && e.nodes[x].kind == LX_SYM && (up || down)) {
                int lo = up ? a : c, hi = up ? c : a;
                int lo_closed = (up ? op1 : op2)[1] == '=', hi_closed = (up ? op2 : op1)[1] == '=';
                char *l = node_sexpr(&e, lo), *h = node_sexpr(&e, hi);
                out = json_pack("{s:[{s:s, s:s, s:b, s:b}]}", "intervals", "lo", l, "hi", h, "lo_closed", lo_closed,
                                "hi_closed", hi_closed);
                free(l), free(h);
            }
        }
    }
    latex_free(&e);
    return out;
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

/* A relation chain "-2 \\le x \\le 7" becomes the interval it describes. */
static void chain_as_interval(typed *x) {
    json_t *iv = !strcmp(x->type, "equation") && x->n ? chain_interval(x->text, x->n) : NULL;
    if (!iv) return;
    json_decref(x->canon);
    x->canon = iv;
    x->type = "interval";
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

void verify_answer(const verify_options *o, const char *truth, size_t tn, const char *response, size_t rn,
                   verify_result *r) {
    memset(r, 0, sizeof *r);
    r->extracted = o->paper_extraction ? verify_extract_paper(response, rn) : verify_extract(response, rn);
    if (!r->extracted) { set(r, VERDICT_FALSE, "no-answer", "no final answer in the response"); return; }
    char *truth_boxes = all_boxes(truth, tn);   /* "\\boxed{1}\\boxed{2}" as a truth */
    if (truth_boxes) truth = truth_boxes, tn = strlen(truth_boxes);
    typed t = type_of(truth, tn), g = type_of(r->extracted, strlen(r->extracted));
    char *t_listed = NULL, *g_listed = NULL;
    retype_listed(&t, &t_listed);
    retype_listed(&g, &g_listed);
    if (json_object_get(t.canon, "elements") && !o->paper_extraction) {   /* several boxes make a list */
        char *boxes = all_boxes(response, rn);
        if (boxes) { free(r->extracted); r->extracted = boxes; json_decref(g.canon); g = type_of(boxes, strlen(boxes)); }
    }
    const char *v;
    size_t vn;
    if (!strcmp(t.type, "equation") && strcmp(g.type, "equation") && value_side(truth, tn, &v, &vn)) {
        json_decref(t.canon);   /* "k = 1" against "1": judge the value */
        t = type_of(v, vn);
    } else if (!strcmp(g.type, "equation") && strcmp(t.type, "equation") &&
               value_side(r->extracted, strlen(r->extracted), &v, &vn)) {
        json_decref(g.canon);
        g = type_of(v, vn);
    }
    char *owned = NULL;
    int prose = reread_prose(&t, &g, &owned);
    chain_as_interval(&t);
    chain_as_interval(&g);
    pair_as_interval(&g, &t);
    pair_as_interval(&t, &g);
    compare(o, &t, &g, r, 0);
    if (prose && r->v != VERDICT_UNDECIDED && strlen(r->rule) + 9 < sizeof r->rule) strcat(r->rule, "-in-prose");
    free(owned);
    free(t_listed), free(g_listed), free(truth_boxes);
    json_decref(t.canon);
    json_decref(g.canon);
}

void verify_result_free(verify_result *r) {
    free(r->extracted);
    r->extracted = NULL;
}
