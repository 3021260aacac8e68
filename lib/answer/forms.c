/* forms.c -- reading an answer written in one notation as another (forms.h). */
#include "answer/forms.h"
#include "answer/answer.h"
#include "answer/evaluate.h"
#include "answer/latex.h"
#include "core/buf.h"

#include <complex.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared: spacing commands out, pieces at the top level ---- */

/* s[0..n) with LaTeX spacing ("\ ", "\,", "\;", "~", "\quad") as one space, $ and \( \) dropped. */
static char *spaced(const char *s, size_t n) {
    latex_unwrap(&s, &n);
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && strchr(" ,;:!", s[i + 1])) { buf_putc(&b, ' '), i++; continue; }
        if (s[i] == '~' || s[i] == '$') { buf_putc(&b, ' '); continue; }
        buf_putc(&b, s[i]);
    }
    return buf_take(&b);
}

static void trim(const char **a, const char **b) {
    while (*a < *b && isspace((unsigned char)**a)) (*a)++;
    while (*b > *a && isspace((unsigned char)(*b)[-1])) (*b)--;
}

typedef struct { const char *a, *b; } piece;
#define MAX_PIECES 32

/* A word separator at s ("or", "and", "\text{ or }"), standing alone; its length, 0 when none. */
static size_t separator_word(const char *s, const char *start) {
    static const char *const words[] = {"\\text{ or }", "\\text{ and }", "\\text{or}", "\\text{and}", "\\quad", "or", "and", NULL};
    for (int k = 0; words[k]; k++) {
        size_t l = strlen(words[k]);
        if (strncmp(s, words[k], l)) continue;
        if (words[k][0] != '\\' && ((s > start && isalnum((unsigned char)s[-1])) || isalnum((unsigned char)s[l]))) continue;
        return l;
    }
    return 0;
}

/* Splits s at top-level commas, semicolons and separator words; *words says whether "or"/"and"
 * joined them.  Returns the number of pieces, 0 when more than MAX_PIECES. */
static int split_top(const char *s, piece *p, int *words) {
    int n = 0, depth = 0;
    const char *start = s;
    *words = 0;
    for (const char *c = s;; c++) {
        size_t w = depth == 0 && *c ? separator_word(c, s) : 0;
        if (!*c || (depth == 0 && (*c == ',' || *c == ';')) || w) {
            if (n == MAX_PIECES) return 0;
            p[n] = (piece){start, c};
            trim(&p[n].a, &p[n].b);
            if (p[n].b > p[n].a) n++;
            if (!*c) break;
            if (w) *words = 1, c += w - 1;
            start = c + 1;
            continue;
        }
        if (*c == '(' || *c == '[' || *c == '{') depth++;
        else if ((*c == ')' || *c == ']' || *c == '}') && depth > 0) depth--;
    }
    return n;
}

/* The one top-level '=' of [a, b) (not <=, >=, !=, ==); NULL when none or several. */
static const char *the_equals(const char *a, const char *b) {
    const char *eq = NULL;
    int depth = 0;
    for (const char *c = a; c < b; c++) {
        if (*c == '(' || *c == '[' || *c == '{') depth++;
        else if (*c == ')' || *c == ']' || *c == '}') depth--;
        else if (*c == '=' && !depth && !(c > a && strchr("<>!=", c[-1])) && !(c + 1 < b && c[1] == '=')) {
            if (eq) return NULL;
            eq = c;
        }
    }
    return eq;
}

/* A name: letters (or commands), subscripts, primes; no operators. */
static int names(const char *a, const char *b) {
    if (a == b || !(isalpha((unsigned char)*a) || *a == '\\' || (unsigned char)*a >= 0x80)) return 0;
    for (const char *c = a; c < b; c++)
        if (!(isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80 || strchr("\\_{}^' ", *c))) return 0;
    return 1;
}

static int relation_in(const char *a, const char *b) {
    for (const char *c = a; c < b; c++)
        if (strchr("<>", *c) || !strncmp(c, "\\le", 3) || !strncmp(c, "\\ge", 3) || !strncmp(c, "≤", 3) || !strncmp(c, "≥", 3) ||
            !strncmp(c, "\\ne", 3) || !strncmp(c, "\\approx", 7))
            return 1;
    return 0;
}

static void put_range(buf *b, const char *a, const char *e) { buf_append(b, a, (size_t)(e - a)); }

/* Whether s[0..n) holds any of the words: the cheap test before a rewrite is tried (most answers
 * are written no such way, and the verifier judges tens of thousands a second). */
static int mentions(const char *s, size_t n, const char *const *words) {
    for (; *words; words++)
        if (memmem(s, n, *words, strlen(*words))) return 1;
    return 0;
}

/* ---- solution sets ---- */

char *forms_solution_set(const char *s, size_t n) {
    static const char *const marks[] = {"=", "or", "and", NULL};
    if (!mentions(s, n, marks)) return NULL;
    char *text = spaced(s, n);
    piece p[MAX_PIECES];
    int words, k = text ? split_top(text, p, &words) : 0, named = 0;
    const char *name = NULL, *name_end = NULL;
    for (int i = 0; k >= 2 && i < k; i++) {
        if (relation_in(p[i].a, p[i].b)) { k = 0; break; }
        const char *eq = the_equals(p[i].a, p[i].b);
        if (!eq) continue;
        const char *na = p[i].a, *nb = eq;
        trim(&na, &nb);
        if (!names(na, nb) || (name && (nb - na != name_end - name || memcmp(na, name, (size_t)(nb - na))))) { k = 0; break; }
        name = na, name_end = nb, named = 1;
        p[i].a = eq + 1;
        trim(&p[i].a, &p[i].b);
        if (p[i].a == p[i].b) { k = 0; break; }
    }
    char *out = NULL;
    if (k >= 2 && (named || words)) {
        buf b;
        buf_init(&b);
        buf_puts(&b, "\\{");
        for (int i = 0; i < k; i++) {
            if (i) buf_puts(&b, ", ");
            put_range(&b, p[i].a, p[i].b);
        }
        buf_puts(&b, "\\}");
        out = buf_take(&b);
    }
    free(text);
    return out;
}

/* ---- a ± b ---- */

/* The one top-level ± of [a, b) and its length; NULL when none or several. */
static const char *the_pm(const char *a, const char *b, size_t *len) {
    const char *at = NULL;
    int depth = 0;
    for (const char *c = a; c < b; c++) {
        if (*c == '(' || *c == '[' || *c == '{') depth++;
        else if (*c == ')' || *c == ']' || *c == '}') depth--;
        else if (!depth && (!strncmp(c, "\\pm", 3) || !strncmp(c, "±", 2))) {
            if (at) return NULL;
            at = c, *len = *c == '\\' ? 3 : 2;
        }
    }
    return at;
}

static int top_level_sign(const char *a, const char *b) {
    int depth = 0;
    for (const char *c = a; c < b; c++) {
        if (*c == '(' || *c == '[' || *c == '{') depth++;
        else if (*c == ')' || *c == ']' || *c == '}') depth--;
        else if (!depth && c > a && (*c == '+' || *c == '-') && c[-1] != '^' && c[-1] != 'e') return 1;
    }
    return 0;
}

char *forms_plus_minus(const char *s, size_t n) {
    static const char *const marks[] = {"\\pm", "±", NULL};
    if (!mentions(s, n, marks)) return NULL;
    char *text = spaced(s, n), *out = NULL;
    if (!text) return NULL;
    const char *a = text, *b = text + strlen(text), *eq = the_equals(a, b);
    if (eq) {
        const char *na = a, *nb = eq;
        trim(&na, &nb);
        if (names(na, nb)) a = eq + 1;
    }
    trim(&a, &b);
    size_t len;
    const char *pm = the_pm(a, b, &len);
    if (pm) {
        const char *x = a, *xe = pm, *y = pm + len, *ye = b;
        trim(&x, &xe), trim(&y, &ye);
        buf o;
        buf_init(&o);
        int group = top_level_sign(y, ye);
        if (y < ye && x == xe) {   /* ±b: {b, -b} */
            buf_puts(&o, "\\{");
            put_range(&o, y, ye);
            buf_puts(&o, group ? ", -(" : ", -");
            put_range(&o, y, ye);
            buf_puts(&o, group ? ")\\}" : "\\}");
        } else if (y < ye) {       /* a ± b: {a + b, a - b} */
            const char *sign[2] = {" + ", " - "};
            buf_puts(&o, "\\{");
            for (int k = 0; k < 2; k++) {
                if (k) buf_puts(&o, ", ");
                put_range(&o, x, xe);
                buf_puts(&o, sign[k]);
                if (group) buf_putc(&o, '(');
                put_range(&o, y, ye);
                if (group) buf_putc(&o, ')');
            }
            buf_puts(&o, "\\}");
        }
        out = o.len ? buf_take(&o) : (buf_free(&o), NULL);
    }
    free(text);
    return out;
}

/* ---- [[a, b], [c, d]] ---- */

char *forms_nested_matrix(const char *s, size_t n) {
    static const char *const marks[] = {"[[", "[ [", NULL};
    if (!mentions(s, n, marks)) return NULL;
    char *text = spaced(s, n), *out = NULL;
    if (!text) return NULL;
    const char *a = text, *b = text + strlen(text);
    trim(&a, &b);
    if (b - a < 4 || a[0] != '[' || a[1] != '[' || b[-1] != ']' || b[-2] != ']') { free(text); return NULL; }
    buf o;
    buf_init(&o);
    buf_puts(&o, "\\begin{pmatrix}");
    int cols = -1, ok = 1, rows = 0;
    const char *c = a + 1;
    while (ok && c < b - 1) {
        while (c < b - 1 && (isspace((unsigned char)*c) || *c == ',')) c++;
        if (c >= b - 1) break;
        if (*c != '[') { ok = 0; break; }
        const char *end = c + 1;
        int depth = 0;
        while (end < b - 1 && (depth || *end != ']')) {
            depth += *end == '[' || *end == '(' || *end == '{' ? 1 : *end == ']' || *end == ')' || *end == '}' ? -1 : 0;
            end++;
        }
        if (end >= b - 1) { ok = 0; break; }
        char *row = strndup(c + 1, (size_t)(end - c - 1));
        piece p[MAX_PIECES];
        int words, k = row ? split_top(row, p, &words) : 0;
        if (!k || words || (cols >= 0 && k != cols)) ok = 0;
        if (rows++) buf_puts(&o, " \\\\ ");
        for (int i = 0; ok && i < k; i++) {
            if (i) buf_puts(&o, " & ");
            put_range(&o, p[i].a, p[i].b);
        }
        cols = k;
        free(row);
        c = end + 1;
    }
    buf_puts(&o, "\\end{pmatrix}");
    if (ok && rows) out = buf_take(&o);
    else buf_free(&o);
    free(text);
    return out;
}

/* ---- a constant value with a unit ---- */

char *forms_value_unit(const char *s, size_t n) {
    char *text = spaced(s, n), *out = NULL;
    if (!text) return NULL;
    size_t len = strlen(text);
    /* the longest unit: the first split after the value that leaves one the typer knows */
    for (size_t i = 1; i < len && !out; i++) {
        int at_space = text[i] == ' ', at_command = !strncmp(text + i, "\\text{", 6) || !strncmp(text + i, "\\mathrm{", 8);
        if (!at_space && !at_command) continue;
        const char *unit = text + i;
        while (*unit == ' ') unit++;
        if (!*unit) break;
        char *probe;
        if (asprintf(&probe, "1 %s", unit) < 0) break;
        const char *type;
        json_t *c = answer_type(probe, strlen(probe), &type);
        int known = !strcmp(type, "quantity");
        json_decref(c);
        free(probe);
        double v = known ? eval_constant(text, i) : NAN;
        if (isfinite(v) && asprintf(&out, "%.12g %s", v, unit) < 0) out = NULL;
    }
    free(text);
    return out;
}

/* ---- scale words ---- */

char *forms_scaled(const char *s, size_t n) {
    static const struct { const char *word; double scale; } words[] = {
        {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}, {NULL, 0}};
    static const char *const marks[] = {"thousand", "illion", NULL};
    if (!mentions(s, n, marks)) return NULL;
    char *text = spaced(s, n);
    if (!text) return NULL;
    buf b;
    buf_init(&b);
    int changed = 0;
    for (const char *c = text; *c;) {
        number x;
        size_t used = isdigit((unsigned char)*c) && (c == text || !isalnum((unsigned char)c[-1])) ? answer_number_parse(c, strlen(c), &x) : 0;
        const char *w = c + used;
        while (used && *w == ' ') w++;
        int hit = -1;
        for (int k = 0; used && x.kind != NUM_PERCENT && words[k].word && hit < 0; k++)
            if (!strncmp(w, words[k].word, strlen(words[k].word)) && !isalpha((unsigned char)w[strlen(words[k].word)])) hit = k;
        if (hit < 0) { buf_putc(&b, *c++); continue; }
        char num[64];
        snprintf(num, sizeof num, "%.15g", x.value * words[hit].scale);
        buf_puts(&b, num);
        c = w + strlen(words[hit].word), changed = 1;
    }
    free(text);
    if (!changed) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

/* ---- number words ---- */

char *forms_number_words(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i])) return NULL;   /* prose that writes digits keeps them */
    buf b;
    buf_init(&b);
    int changed = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        if (isalpha((unsigned char)s[i]) && (!i || !isalpha((unsigned char)s[i - 1])))
            while (j < n && (isalpha((unsigned char)s[j]) || (s[j] == '-' && j + 1 < n && isalpha((unsigned char)s[j + 1])))) j++;
        int v = j > i ? answer_number_word(s + i, j - i) : -1;
        if (v < 0) { buf_append(&b, s + i, j > i ? j - i : 1); i = j > i ? j : i + 1; continue; }
        char num[16];
        snprintf(num, sizeof num, "%d", v);
        buf_puts(&b, num);
        i = j, changed = 1;
    }
    if (!changed) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

/* ---- chemistry ---- */

static const char *const elements =
    " H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo"
    " Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl"
    " Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr ";

#define MAX_SPECIES 16
#define MAX_ATOMS 24

typedef struct {
    char formula[64];          /* as written, markup and state symbols dropped */
    double coef;
    int natoms;                /* kinds of atom */
    char atom[MAX_ATOMS][3];
    double count[MAX_ATOMS];   /* per formula unit */
} species;

static void add_atom(species *sp, const char *sym, double k) {
    for (int i = 0; i < sp->natoms; i++)
        if (!strcmp(sp->atom[i], sym)) { sp->count[i] += k; return; }
    if (sp->natoms == MAX_ATOMS) return;
    snprintf(sp->atom[sp->natoms], 3, "%s", sym);
    sp->count[sp->natoms++] = k;
}

/* Reads a formula at *p up to `end` into sp (counts times mult); tokens read, -1 when not one. */
static int read_formula(const char **p, const char *end, species *sp, double mult, int depth) {
    int tokens = 0;
    while (*p < end && depth < 8) {
        const char *c = *p;
        if (*c == '(' && c + 2 < end && strchr("aslg", c[1]) && (c[2] == ')' || (c[1] == 'a' && c[2] == 'q'))) break;   /* (aq) */
        if (*c == '(' || *c == '[') {
            char close = *c == '(' ? ')' : ']';
            species inner = {0};
            const char *q = c + 1;
            if (read_formula(&q, end, &inner, 1, depth + 1) < 1 || q >= end || *q != close) return -1;
            q++;
            double k = 1;
            if (q < end && isdigit((unsigned char)*q)) k = strtod(q, (char **)&q);
            for (int i = 0; i < inner.natoms; i++) add_atom(sp, inner.atom[i], inner.count[i] * k * mult);
            *p = q, tokens += 2;
            continue;
        }
        if (!isupper((unsigned char)*c)) break;
        char sym[3] = {c[0], 0, 0};
        if (c + 1 < end && islower((unsigned char)c[1])) sym[1] = c[1];
        char probe[5];
        snprintf(probe, sizeof probe, " %s ", sym);
        if (!strstr(elements, probe)) {
            if (!sym[1]) return -1;
            sym[1] = 0;   /* "Co" is cobalt, but "Cu" never "C" + "u": the longer symbol only when real */
            snprintf(probe, sizeof probe, " %s ", sym);
            if (!strstr(elements, probe)) return -1;
        }
        const char *q = c + strlen(sym);
        double k = 1;
        if (q < end && isdigit((unsigned char)*q)) k = strtod(q, (char **)&q), tokens++;
        add_atom(sp, sym, k * mult);
        *p = q, tokens++;
    }
    return tokens;
}

/* Markup out: \mathrm{..}, \text{..}, _ { } and spaces; arrows as '>'; state symbols and
 * charges dropped from the atom counts but kept in the formula text. */
static char *chem_plain(const char *s, size_t n) {
    static const char *const arrows[] = {"\\longrightarrow", "\\rightarrow", "\\rightleftharpoons", "\\to", "->", "→", "⟶", "⇌", NULL};
    static const char *const drop[] = {"\\mathrm", "\\text", "\\ce", NULL};
    char *text = spaced(s, n);
    if (!text) return NULL;
    buf b;
    buf_init(&b);
    for (const char *c = text; *c;) {
        int hit = 0;
        for (int k = 0; arrows[k] && !hit; k++)
            if (!strncmp(c, arrows[k], strlen(arrows[k]))) buf_putc(&b, '>'), c += strlen(arrows[k]), hit = 1;
        for (int k = 0; drop[k] && !hit; k++)
            if (!strncmp(c, drop[k], strlen(drop[k]))) c += strlen(drop[k]), hit = 1;
        if (hit) continue;
        if (*c == '\\') { buf_free(&b), free(text); return NULL; }   /* other LaTeX: not a formula */
        if (!strchr("_{} ", *c)) buf_putc(&b, *c);
        else if (*c == ' ' && b.len && b.data[b.len - 1] != ' ') buf_putc(&b, ' ');
        c++;
    }
    free(text);
    return buf_take(&b);
}

/* One side of an equation ("2H2 + O2"), or a lone formula, into species; how many, -1 if not chemistry. */
static int read_side(const char *a, const char *b, species *out) {
    int n = 0;
    while (a < b) {
        while (a < b && (*a == ' ' || *a == '+')) a++;
        if (a >= b) break;
        if (n == MAX_SPECIES) return -1;
        species *sp = &out[n++];
        *sp = (species){.coef = 1};
        if (isdigit((unsigned char)*a)) sp->coef = strtod(a, (char **)&a);
        while (a < b && *a == ' ') a++;
        const char *start = a;
        if (read_formula(&a, b, sp, 1, 0) < 1) return -1;
        if (a < b && *a == '^') { a++; while (a < b && (isdigit((unsigned char)*a) || *a == '+' || *a == '-')) a++; }
        else while (a < b && (*a == '+' || *a == '-') && (a + 1 == b || a[1] == ' ' || a[1] == '+')) a++;   /* Na+ */
        while (a < b && *a == '(' && a + 2 < b && strchr("aslg", a[1])) a = strchr(a, ')') ? strchr(a, ')') + 1 : b;   /* (aq) */
        size_t len = (size_t)(a - start);
        if (len >= sizeof sp->formula) return -1;
        memcpy(sp->formula, start, len);
        while (a < b && *a == ' ') a++;
        if (a < b && *a != '+') return -1;   /* something that is not a species */
    }
    return n;
}

typedef struct { species s[2][MAX_SPECIES]; int n[2], sides; } reaction;

static int read_reaction(const char *s, size_t len, reaction *r) {
    char *plain = chem_plain(s, len);
    if (!plain) return -1;
    char *arrow = strchr(plain, '>');
    int ok = !arrow || !strchr(arrow + 1, '>');
    r->sides = arrow ? 2 : 1;
    const char *end = plain + strlen(plain);
    if (ok) r->n[0] = read_side(plain, arrow ? arrow : end, r->s[0]);
    if (ok && arrow) r->n[1] = read_side(arrow + 1, end, r->s[1]);
    ok = ok && r->n[0] > 0 && (!arrow || r->n[1] > 0);
    free(plain);
    return ok ? 0 : -1;
}

/* A lone formula counts as chemistry when it has at least two atoms or a count: "CO2", "NaCl",
 * not "B" or "Yes" (Y + Es... a word) -- words are lower case after the first letter, so "Yes" is
 * read as Y and Es; that is why a lone formula also needs a digit or two capitals. */
static int formula_like(const char *s, size_t n) {
    int caps = 0, digit = 0;
    for (size_t i = 0; i < n; i++) caps += isupper((unsigned char)s[i]) != 0, digit |= isdigit((unsigned char)s[i]) != 0;
    return digit || caps >= 2;
}

static int same_species(const species *a, const species *b) { return !strcmp(a->formula, b->formula); }

/* Side a and side b hold the same species with coefficients in ratio k (k = 0: find it). */
static int matched(const species *a, int na, const species *b, int nb, double *k) {
    if (na != nb) return 0;
    for (int i = 0; i < na; i++) {
        int found = 0;
        for (int j = 0; j < nb && !found; j++) {
            if (!same_species(&a[i], &b[j])) continue;
            double q = b[j].coef / a[i].coef;
            if (*k == 0) *k = q;
            found = fabs(q - *k) < 1e-9;
        }
        if (!found) return 0;
    }
    return 1;
}

static void totals(const species *s, int n, species *out) {
    *out = (species){0};
    for (int i = 0; i < n; i++)
        for (int a = 0; a < s[i].natoms; a++) add_atom(out, s[i].atom[a], s[i].count[a] * s[i].coef);
}

static int same_atoms(const species *a, const species *b) {
    if (a->natoms != b->natoms) return 0;
    for (int i = 0; i < a->natoms; i++) {
        int found = 0;
        for (int j = 0; j < b->natoms; j++) found |= !strcmp(a->atom[i], b->atom[j]) && fabs(a->count[i] - b->count[j]) < 1e-9;
        if (!found) return 0;
    }
    return 1;
}

/* A formula starts with an element's capital, or a coefficient before one. */
static int may_be_formula(const char *s, size_t n) {
    while (n && (isspace((unsigned char)*s) || *s == '$' || isdigit((unsigned char)*s))) s++, n--;
    return n && (isupper((unsigned char)*s) || *s == '(' || !strncmp(s, "\\mathrm", n < 7 ? n : 7) || !strncmp(s, "\\ce", n < 3 ? n : 3));
}

int forms_chemistry(const char *a, size_t an, const char *b, size_t bn) {
    if (!may_be_formula(a, an) || !may_be_formula(b, bn)) return -2;
    reaction *x = calloc(2, sizeof *x);
    if (!x) return -2;
    int verdict = -2;
    if (read_reaction(a, an, &x[0]) == 0 && read_reaction(b, bn, &x[1]) == 0 && x[0].sides == x[1].sides &&
        (x[0].sides == 2 || (x[0].n[0] == 1 && x[1].n[0] == 1 && formula_like(a, an) && formula_like(b, bn)))) {
        double k = 0;
        int same = 1;
        for (int s = 0; s < x[0].sides; s++) same = same && matched(x[0].s[s], x[0].n[s], x[1].s[s], x[1].n[s], &k);
        if (same && fabs(k - 1) < 1e-9) verdict = 1;
        else if (same) verdict = -1;   /* every coefficient scaled: graders differ */
        else {
            verdict = 0;
            species ta, tb;
            int atoms = 1;
            for (int s = 0; s < x[0].sides; s++) {
                totals(x[0].s[s], x[0].n[s], &ta), totals(x[1].s[s], x[1].n[s], &tb);
                atoms = atoms && same_atoms(&ta, &tb);
            }
            if (atoms) verdict = -1;   /* the same atoms as other species: CH3CH2OH for C2H5OH */
        }
    }
    free(x);
    return verdict;
}
