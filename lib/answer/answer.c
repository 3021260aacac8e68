/* answer.c -- answer typing.  Cheap, certain forms first (booleans, choice letters, numbers,
 * quantities), then structure (brackets, top-level commas), then the LaTeX parser; what is left is
 * a string.  Lists are typed element by element, so "30.0 torr, 26.3 torr" is a list of two
 * quantities. */
#include "answer/answer.h"
#include "core/buf.h"
#include "answer/latex.h"
#include "answer/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NESTING 8          /* lists of lists of ... */
#define MAX_ANSWER 100000      /* longer answers are strings without a closer look */

static json_t *type_answer(const char *s, size_t n, const char **type, int depth);

/* ---- small text helpers ------------------------------------------------------------------- */

static void trim(const char **s, size_t *n) {
    while (*n && isspace((unsigned char)**s)) (*s)++, (*n)--;
    while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

static int starts(const char *s, size_t n, const char *prefix) {
    size_t l = strlen(prefix);
    return n >= l && !strncmp(s, prefix, l);
}

/* Skips LaTeX spacing (\, \; \! \  ~ {,}) at s; returns the bytes skipped. */
static size_t skip_latex_space(const char *s, size_t n) {
    size_t i = 0;
    for (;;) {
        if (i < n && (s[i] == ' ' || s[i] == '~')) { i++; continue; }
        if (i + 1 < n && s[i] == '\\' && strchr(",;:! ", s[i + 1])) { i += 2; continue; }
        return i;
    }
}

/* \text{...} (or \mathrm, \textbf) around the whole answer. */
static void unwrap_text(const char **s, size_t *n) {
    static const char *const cmds[] = {"\\text{", "\\textbf{", "\\mathrm{", "\\mbox{", "\\textit{", NULL};
    for (int i = 0; cmds[i]; i++) {
        size_t l = strlen(cmds[i]);
        if (!starts(*s, *n, cmds[i]) || (*s)[*n - 1] != '}') continue;
        int depth = 1;
        size_t k = l;
        for (; k < *n && depth; k++) depth += (*s)[k] == '{' ? 1 : (*s)[k] == '}' ? -1 : 0;
        if (k != *n) return;   /* the brace closes before the end: not one wrapper */
        *s += l, *n -= l + 1;
        trim(s, n);
        return;
    }
}

/* ---- numbers --------------------------------------------------------------------------------- */

static int count_sig_figs(const char *digits) {
    const char *p = digits;
    if (*p == '-' || *p == '+') p++;
    int has_point = strchr(p, '.') != NULL, n = 0, started = 0, trailing_zeros = 0;
    for (; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p == '.') continue;
        if (!started && *p == '0') continue;
        started = 1;
        n++;
        trailing_zeros = *p == '0' ? trailing_zeros + 1 : 0;
    }
    if (!has_point) n -= trailing_zeros;   /* 3000: trailing zeros are not known to be significant */
    return n > 0 ? n : 1;
}

/* Digits with optional thousands separators (",ddd" or "{,}ddd" or "\,ddd"), a fraction part.
 * Appends the plain digits to out; returns the bytes read. */
static size_t read_decimal(const char *s, size_t n, buf *out) {
    size_t i = 0;
    while (i < n && isdigit((unsigned char)s[i])) buf_putc(out, s[i++]);
    size_t lead = i;
    while (lead > 0 && lead <= 3 && !(lead == 1 && s[0] == '0')) {   /* groups of three after a 1-3 digit lead (not 0) */
        size_t sep = starts(s + i, n - i, "{,}") ? 3 : starts(s + i, n - i, "\\,") ? 2 : (i < n && s[i] == ',') ? 1 : 0;
        if (sep == 1 && (starts(s + i + 1, n - i - 1, "\\!") || starts(s + i + 1, n - i - 1, "\\,")))   /* 10,\!080 */
            sep = 3 + (starts(s + i + 3, n - i - 3, " ") ? 1 : 0);
        if (!sep || i + sep + 3 > n) break;
        const char *g = s + i + sep;
        if (!isdigit((unsigned char)g[0]) || !isdigit((unsigned char)g[1]) || !isdigit((unsigned char)g[2]) ||
            (i + sep + 3 < n && isdigit((unsigned char)g[3])))
            break;
        buf_append(out, g, 3);
        i += sep + 3;
    }
    if (i == lead && i > 0 && i + 4 <= n && s[i] == ' ' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
        isdigit((unsigned char)s[i + 3]) && (i + 4 == n || !isdigit((unsigned char)s[i + 4])) && lead <= 3) {
        /* "1 000": a space between digit groups, only as the whole number ends there */
        size_t k = i;
        while (k + 4 <= n && s[k] == ' ' && isdigit((unsigned char)s[k + 1]) && isdigit((unsigned char)s[k + 2]) &&
               isdigit((unsigned char)s[k + 3]) && (k + 4 == n || !isdigit((unsigned char)s[k + 4])))
            k += 4;
        if (k == n) {
            for (size_t g = i; g < k; g += 4) buf_append(out, s + g + 1, 3);
            i = k;
        }
    }
    if (i == lead && i > 0 && i + 1 < n && s[i] == ',' && isdigit((unsigned char)s[i + 1])) {
        /* a decimal comma: "1,22", "1000,99", "0,111" -- a single comma with two or more digits after
         * it that are not a thousands group; "-2,1" stays the list it is in MATH */
        size_t k = i + 1;
        while (k < n && isdigit((unsigned char)s[k])) k++;
        int group3 = k - i - 1 == 3 && lead <= 3 && !(lead == 1 && s[i - 1] == '0');
        if (!group3 && k - i - 1 >= 2 && (k == n || !memchr(s + k, ',', n - k))) {
            buf_putc(out, '.');
            buf_append(out, s + i + 1, k - i - 1);
            i = k;
        }
    }
    if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
        buf_putc(out, s[i++]);
        while (i < n && isdigit((unsigned char)s[i])) buf_putc(out, s[i++]);
    }
    return i;
}

/* "e5", "E-3", "\times 10^{5}", "\cdot10^5", "× 10^5", "x 10^-3", "*10^5": the exponent. */
static size_t read_exponent(const char *s, size_t n, long *exp10) {
    size_t i = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        int neg = j < n && s[j] == '-';
        if (j < n && (s[j] == '-' || s[j] == '+')) j++;
        if (j < n && isdigit((unsigned char)s[j])) {
            long e = 0;
            while (j < n && isdigit((unsigned char)s[j]) && e < 100000) e = e * 10 + (s[j++] - '0');
            if (j < n && isalpha((unsigned char)s[j])) return 0;
            *exp10 = neg ? -e : e;
            return j;
        }
        return 0;
    }
    i = skip_latex_space(s, n);
    static const char *const times[] = {"\\times", "\\cdot", "\xc3\x97", "\xc2\xb7", "x", "*", NULL};
    size_t t = 0;
    for (int k = 0; times[k]; k++) if (starts(s + i, n - i, times[k])) { t = strlen(times[k]); break; }
    if (!t) return 0;
    i += t;
    i += skip_latex_space(s + i, n - i);
    if (!starts(s + i, n - i, "10^")) return 0;
    i += 3;
    int brace = i < n && s[i] == '{';
    if (brace) i++;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    else if (starts(s + i, n - i, "\xe2\x88\x92")) neg = 1, i += 3;
    if (i >= n || !isdigit((unsigned char)s[i])) return 0;
    long e = 0;
    while (i < n && isdigit((unsigned char)s[i]) && e < 100000) e = e * 10 + (s[i++] - '0');
    if (brace) { if (i >= n || s[i] != '}') return 0; i++; }
    *exp10 = neg ? -e : e;
    return i;
}

static size_t read_sign(const char *s, size_t n, int *neg) {
    *neg = 0;
    if (n && (s[0] == '-' || s[0] == '+')) { *neg = s[0] == '-'; return 1 + skip_latex_space(s + 1, n - 1); }
    if (starts(s, n, "\xe2\x88\x92")) { *neg = 1; return 3; }   /* U+2212 MINUS SIGN */
    return 0;
}

/* A plain integer (optionally signed, inside braces) as a whole argument, for \frac{a}{b}. */
static int brace_integer(const char *s, size_t n, size_t *used, long long *v) {
    if (n && isdigit((unsigned char)s[0])) { *used = 1; *v = s[0] - '0'; return 1; }   /* \frac{270}7 */
    if (!n || s[0] != '{') return 0;
    size_t i = 1;
    int neg = 0;
    i += read_sign(s + i, n - i, &neg);
    long long x = 0;
    size_t d = i;
    while (i < n && isdigit((unsigned char)s[i]) && x < 100000000000000LL) x = x * 10 + (s[i++] - '0');
    if (i == d || i >= n || s[i] != '}') return 0;
    *used = i + 1;
    *v = neg ? -x : x;
    return 1;
}

static size_t read_latex_fraction(const char *s, size_t n, long long *num, long long *den) {
    static const char *const fracs[] = {"\\frac", "\\dfrac", "\\tfrac", NULL};
    for (int k = 0; fracs[k]; k++) {
        size_t l = strlen(fracs[k]);
        if (!starts(s, n, fracs[k])) continue;
        size_t a, b;
        if (!brace_integer(s + l, n - l, &a, num) || !brace_integer(s + l + a, n - l - a, &b, den) || !*den) return 0;
        return l + a + b;
    }
    return 0;
}

static void set_fraction(number *out, int neg, long long num, long long den) {
    if (den < 0) num = -num, den = -den;
    if (neg) num = -num;
    out->kind = NUM_FRACTION;
    out->num = num, out->den = den;
    out->value = (double)num / (double)den;
    snprintf(out->text, sizeof out->text, "%lld/%lld", num, den);
    out->sig_figs = 0;
}

size_t answer_number_parse(const char *s, size_t n, number *out) {
    memset(out, 0, sizeof *out);
    int neg;
    size_t i = read_sign(s, n, &neg);
    long long fn, fd;
    size_t f = read_latex_fraction(s + i, n - i, &fn, &fd);
    if (f) { set_fraction(out, neg, fn, fd); return i + f; }
    buf digits;
    buf_init(&digits);
    if (neg) buf_putc(&digits, '-');
    size_t d = read_decimal(s + i, n - i, &digits);
    if (!d) { buf_free(&digits); return 0; }
    i += d;
    int is_decimal = strchr(digits.data, '.') != NULL;
    long exp10 = 0;
    size_t e = read_exponent(s + i, n - i, &exp10);
    if (e) {
        i += e;
        char ex[24];
        snprintf(ex, sizeof ex, "e%ld", exp10);
        buf_puts(&digits, ex);
        is_decimal = 1;
    }
    snprintf(out->text, sizeof out->text, "%s", digits.data);
    out->value = strtod(digits.data, NULL);
    out->sig_figs = count_sig_figs(digits.data);
    out->kind = is_decimal ? NUM_DECIMAL : NUM_INTEGER;
    buf_free(&digits);
    if (!is_decimal && fabs(out->value) >= 9e15) return i;   /* too big for exact arithmetic: digits kept in text */
    if (!is_decimal) {
        out->num = (long long)out->value, out->den = 1;
        /* 3/4, 2 1/2, 2\frac{1}{2} */
        size_t j = i;
        if (j < n && s[j] == '/' && j + 1 < n && isdigit((unsigned char)s[j + 1])) {
            long long den = 0;
            j++;
            while (j < n && isdigit((unsigned char)s[j]) && den < 100000000000000LL) den = den * 10 + (s[j++] - '0');
            if (den && (j >= n || !isalnum((unsigned char)s[j]))) { set_fraction(out, 0, out->num, den); i = j; }
        } else {
            size_t sp = skip_latex_space(s + j, n - j);
            long long a, b;
            size_t fr = read_latex_fraction(s + j + sp, n - j - sp, &a, &b);
            size_t k = j + sp;
            if (!fr && sp && k < n && isdigit((unsigned char)s[k])) {   /* "2 1/2" */
                a = 0;
                while (k < n && isdigit((unsigned char)s[k]) && a < 1000000000LL) a = a * 10 + (s[k++] - '0');
                b = 0;
                if (k < n && s[k] == '/') {
                    k++;
                    while (k < n && isdigit((unsigned char)s[k]) && b < 1000000000LL) b = b * 10 + (s[k++] - '0');
                }
                if (b > 0 && a < b && (k >= n || !isalnum((unsigned char)s[k]))) fr = k - j - sp;
            }
            if (fr && a >= 0 && b > 0 && a < b) {
                long long whole = out->num < 0 ? -out->num : out->num;
                set_fraction(out, out->num < 0, whole * b + a, b);
                i = j + sp + fr;
            }
        }
    }
    size_t sp = skip_latex_space(s + i, n - i);
    if (starts(s + i + sp, n - i - sp, "\\%")) out->kind = NUM_PERCENT, i += sp + 2;
    else if (starts(s + i + sp, n - i - sp, "%")) out->kind = NUM_PERCENT, i += sp + 1;
    return i;
}

/* 52_8, 4210_{5}: an integer written in base 2-36. */
static json_t *base_integer(const char *s, size_t n, const char **type) {
    size_t i = 0;
    while (i < n && isalnum((unsigned char)s[i])) i++;
    if (!i || i >= n || s[i] != '_') return NULL;
    size_t d = i++;
    int brace = i < n && s[i] == '{';
    long base = 0;
    for (i += (size_t)brace; i < n && isdigit((unsigned char)s[i]) && base < 100; i++) base = base * 10 + (s[i] - '0');
    if (brace) { if (i >= n || s[i] != '}') return NULL; i++; }
    if (i != n || base < 2 || base > 36) return NULL;
    long long v = 0;
    for (size_t k = 0; k < d; k++) {
        int c = isdigit((unsigned char)s[k]) ? s[k] - '0' : toupper((unsigned char)s[k]) - 'A' + 10;
        if (c >= base || v > (1LL << 56)) return NULL;
        v = v * base + c;
    }
    *type = "integer";
    return json_pack("{s:I, s:i, s:s%}", "value", (json_int_t)v, "base", (int)base, "digits", s, d);
}

static json_t *number_json(const number *x, const char **type) {
    switch (x->kind) {
    case NUM_INTEGER:
        *type = "integer";
        if (fabs(x->value) < 9e15) return json_pack("{s:I}", "value", (json_int_t)x->num);
        return json_pack("{s:s, s:f}", "text", x->text, "value", x->value);
    case NUM_FRACTION:
        *type = "fraction";
        return json_pack("{s:I, s:I, s:f}", "num", (json_int_t)x->num, "den", (json_int_t)x->den, "value", x->value);
    case NUM_PERCENT:
        *type = "percentage";
        return json_pack("{s:f, s:f, s:s}", "value", x->value, "fraction", x->value / 100, "text", x->text);
    default:
        *type = "float";
        return json_pack("{s:f, s:s, s:i}", "value", x->value, "text", x->text, "sig_figs", x->sig_figs);
    }
}

/* ---- quantities ------------------------------------------------------------------------------ */

/* A number followed by a unit: "26.3 torr", "4.9\,\mathrm{J}", "3.2\times10^5 m/s", "$12.50". */
static json_t *quantity(const char *s, size_t n, const char **type) {
    int currency_first = starts(s, n, "\\$") || (n && s[0] == '$');
    size_t skip = currency_first ? (s[0] == '\\' ? 2 : 1) : 0;
    number x;
    size_t used = answer_number_parse(s + skip, n - skip, &x);
    if (!used || x.kind == NUM_PERCENT) return NULL;
    const char *u = s + skip + used;
    size_t un = n - skip - used;
    trim(&u, &un);
    unit_value v;
    if (currency_first ? un != 0 : !un) return NULL;
    if (currency_first) {
        memset(&v, 0, sizeof v);
        v.scale = 1, v.is_currency = 1;
    } else if (!unit_parse(u, un, &v)) {
        return NULL;
    }
    char dims[64];
    unit_format_dims(v.dim, dims, sizeof dims);
    char unit_text[128];
    snprintf(unit_text, sizeof unit_text, "%.*s", currency_first ? 1 : (int)(un < 120 ? un : 120), currency_first ? "$" : u);
    *type = "quantity";
    json_t *o = json_pack("{s:f, s:s, s:i, s:s, s:f, s:s}", "value", x.value, "text", x.text, "sig_figs", x.sig_figs,
                          "unit", unit_text, "si_value", x.value * v.scale + v.offset, "si_unit", dims);
    if (v.is_percent) json_object_set_new(o, "percent", json_true());
    if (v.is_currency) json_object_set_new(o, "currency", json_true());
    return o;
}

/* ---- number words -------------------------------------------------------------------------- */

int answer_number_word(const char *s, size_t n) {
    static const char *const units[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                        "seventeen", "eighteen", "nineteen", NULL};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", NULL};
    if (n < 3 || n > 13) return -1;   /* "one" to "seventy-seven": prose's other words leave at once */
    for (int i = 0; units[i]; i++) if (n == strlen(units[i]) && !strncasecmp(s, units[i], n)) return i;
    for (int i = 0; tens[i]; i++) {
        size_t l = strlen(tens[i]);
        if (n < l || strncasecmp(s, tens[i], l)) continue;
        if (n == l) return 20 + 10 * i;
        int u = s[l] == '-' ? answer_number_word(s + l + 1, n - l - 1) : -1;   /* twenty-one */
        return u >= 1 && u <= 9 ? 20 + 10 * i + u : -1;
    }
    if (n == 7 && !strncasecmp(s, "hundred", 7)) return 100;
    return -1;
}

static json_t *word_number(const char *s, size_t n, const char **type) {
    int v = answer_number_word(s, n);
    if (v < 0) return NULL;
    *type = "integer";
    return json_pack("{s:i}", "value", v);
}

/* ---- booleans and choices ----------------------------------------------------------------------- */

static json_t *boolean(const char *s, size_t n, const char **type) {
    static const struct { const char *word; int value; } words[] = {
        {"true", 1}, {"yes", 1}, {"correct", 1}, {"right", 1}, {"false", 0}, {"no", 0}, {"incorrect", 0},
        {"wrong", 0}, {NULL, 0}};
    for (int i = 0; words[i].word; i++)
        if (n == strlen(words[i].word) && !strncasecmp(s, words[i].word, n)) {
            *type = "boolean";
            return json_pack("{s:b}", "value", words[i].value);
        }
    return NULL;
}

/* "(B)", "(b)", "B", "B.", "B)", "Option B", "Choice (c)": a letter A-J. */
static json_t *choice(const char *s, size_t n, const char **type) {
    static const char *const prefixes[] = {"option ", "choice ", "answer ", NULL};
    for (int i = 0; prefixes[i]; i++) {
        size_t l = strlen(prefixes[i]);
        if (n > l && !strncasecmp(s, prefixes[i], l)) { s += l, n -= l; trim(&s, &n); break; }
    }
    char letter = 0;
    if (n == 3 && s[0] == '(' && s[2] == ')' && isalpha((unsigned char)s[1])) letter = s[1];
    else if (n == 1 && isupper((unsigned char)s[0])) letter = s[0];
    else if (n == 2 && isupper((unsigned char)s[0]) && (s[1] == '.' || s[1] == ')')) letter = s[0];
    letter = (char)toupper((unsigned char)letter);
    if (letter < 'A' || letter > 'J') return NULL;
    char l[2] = {letter, 0};
    *type = "choice";
    return json_pack("{s:s}", "letter", l);
}

/* ---- structure --------------------------------------------------------------------------------- */

/* Offsets of the top-level `sep` characters of s (outside (), [], {}, \{ \}); returns how many
 * (max cap). */
static int top_level_chars(const char *s, size_t n, char sep, size_t *at, int cap) {
    int depth = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '}' || s[i + 1] == ',' || s[i + 1] == ';')) {
            depth += s[i + 1] == '{' ? 1 : s[i + 1] == '}' ? -1 : 0;
            i++;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') depth--;
        else if (c == sep && depth == 0 && k < cap) at[k++] = i;
    }
    return k;
}

/* The separators of a list: semicolons where there are any ("(0;-2;6)", "p=5,q=2;p=7,q=2": the
 * semicolon is the coarser separator), else commas. */
static int top_level_separators(const char *s, size_t n, size_t *at, int cap) {
    int k = top_level_chars(s, n, ';', at, cap);
    return k ? k : top_level_chars(s, n, ',', at, cap);
}

/* The elements of s split at top-level separators, each typed and with its text:
 * {"elements": [{type, canonical, text}...]}.  The text lets gen-verify read an element as it reads
 * a whole answer ("x = -5" against "-5"). */
static json_t *elements(const char *s, size_t n, int depth) {
    size_t at[256];
    int k = top_level_separators(s, n, at, 256);
    json_t *list = json_array();
    size_t from = 0;
    for (int i = 0; i <= k; i++) {
        size_t to = i < k ? at[i] : n;
        const char *t, *es = s + from;
        size_t en = to - from;
        json_t *c = type_answer(es, en, &t, depth + 1);
        trim(&es, &en);
        json_array_append_new(list, json_pack("{s:s, s:o, s:s%}", "type", t, "canonical", c, "text", es, en));
        from = to + 1;
    }
    return json_pack("{s:o}", "elements", list);
}

/* A bare comma-separated answer is a list only when every element is math; otherwise it is prose
 * ("Our goal is to democratize the data, not just ..."). */
static json_t *math_list(const char *s, size_t n, int depth) {
    json_t *list = elements(s, n, depth), *e;
    size_t i;
    json_array_foreach(json_object_get(list, "elements"), i, e)
        if (!strcmp(json_string_value(json_object_get(e, "type")), "string")) { json_decref(list); return NULL; }
    return list;
}

/* A comma inside a number: a digit before, exactly three digits after ("$1,000"). */
static int thousands_comma(const char *s, size_t n, size_t i) {
    if (i == 0 || i + 3 >= n || !isdigit((unsigned char)s[i - 1])) return 0;
    for (size_t k = 1; k <= 3; k++) if (!isdigit((unsigned char)s[i + k])) return 0;
    return i + 4 >= n || !isdigit((unsigned char)s[i + 4]);
}

/* The last segment of a chain "PV = 1000 / 1.05^3 = 863.84": the result a derivation ends in. */
static int chain_result(const char *s, size_t n, const char **r, size_t *rn) {
    int depth = 0, eqs = 0;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) { i++; continue; }
        if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') depth--;
        else if (c == '=' && depth == 0 && !(i + 1 < n && s[i + 1] == '=') && !(i && strchr("<>!", s[i - 1])))
            eqs++, last = i + 1;
        else if (c == ',' && depth == 0 && !thousands_comma(s, n, i)) return 0;   /* x = 4 + 8t, y = 1 + 2t: a list */
    }
    if (eqs < 2) return 0;
    *r = s + last, *rn = n - last;
    return 1;
}

static char *sexpr_of(const latex_expr *e, int node) {
    buf b;
    buf_init(&b);
    latex_sexpr(e, node, &b);
    return buf_take(&b);
}

static json_t *interval_json(const latex_expr *e, int node) {
    json_t *list = json_array();
    const lx_node *x = &e->nodes[node];
    int only = x->kind == LX_INTERVAL;
    for (int c = only ? node : x->child; c >= 0; c = only ? -1 : e->nodes[c].next) {
        const lx_node *iv = &e->nodes[c];
        if (iv->kind != LX_INTERVAL) {   /* a set in a union: keep its S-expression */
            char *sx = sexpr_of(e, c);
            json_array_append_new(list, json_pack("{s:s}", "set", sx));
            free(sx);
            continue;
        }
        int lo = iv->child, hi = lo >= 0 ? e->nodes[lo].next : -1;
        char *l = sexpr_of(e, lo), *h = sexpr_of(e, hi);
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b}", "lo", l, "hi", h, "lo_closed", iv->flags & 1,
                                              "hi_closed", (iv->flags & 2) != 0));
        free(l), free(h);
    }
    return json_pack("{s:o}", "intervals", list);
}

static json_t *matrix_json(const latex_expr *e, int node) {
    json_t *rows = json_array();
    for (int r = e->nodes[node].child; r >= 0; r = e->nodes[r].next) {
        json_t *row = json_array();
        for (int c = e->nodes[r].child; c >= 0; c = e->nodes[c].next) {
            char *sx = sexpr_of(e, c);
            json_array_append_new(row, json_string(sx));
            free(sx);
        }
        json_array_append_new(rows, row);
    }
    return json_pack("{s:o}", "rows", rows);
}

/* The text inside the outermost bracket pair, when one pair wraps all of s. */
static int inner(const char *s, size_t n, const char **in, size_t *inn) {
    size_t o = starts(s, n, "\\left") ? 5 : 0;
    if (o) while (o < n && s[o] == ' ') o++;
    if (n < o + 2) return 0;
    const char *p = s + o;
    size_t pn = n - o;
    int brace = 0;
    if (starts(p, pn, "\\{")) p += 2, pn -= 2;
    else if (starts(p, pn, "\\langle")) p += 7, pn -= 7;
    else if (*p == '(' || *p == '[') p++, pn--;
    else if (*p == '{') p++, pn--, brace = 1;   /* {1,2,3}: a set as plain text writes it */
    else return 0;
    const char *end = s + n;
    if (brace) { if (end[-1] != '}') return 0; end--; }
    else if (end - 2 >= p && starts(end - 2, 2, "\\}")) end -= 2;
    else if (end - 7 >= p && starts(end - 7, 7, "\\rangle")) end -= 7;
    else if (end[-1] == ')' || end[-1] == ']') end--;
    else return 0;
    if (end - 6 >= p && starts(end - 6, 6, "\\right")) end -= 6;
    /* the opening bracket must close at the very end */
    int depth = 0;
    for (const char *q = p; q < end; q++) {
        if (*q == '\\' && q + 1 < end) { q++; continue; }
        if (*q == '(' || *q == '[' || *q == '{') depth++;
        else if ((*q == ')' || *q == ']' || *q == '}') && --depth < 0) return 0;
    }
    *in = p;
    *inn = (size_t)(end - p);
    return 1;
}

/* Letters in runs of three or more that are no command and no function name, or the word "or"
 * standing alone ("16 or 11"): prose. */
static int has_words(const char *s, size_t n) {
    static const char *const math_words[] = {"sin", "cos", "tan", "sec", "csc", "cot", "log", "exp", "sqrt",
                                             "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "inf", "infty",
                                             "infinity", "max", "min", "gcd", "lcm", "det", NULL};
    for (size_t i = 0; i < n;) {
        if (s[i] == '\\') {   /* a command; \begin{pmatrix}: the environment's name is no word either */
            size_t j = ++i;
            while (i < n && isalpha((unsigned char)s[i])) i++;
            if (((i - j == 5 && !strncmp(s + j, "begin", 5)) || (i - j == 3 && !strncmp(s + j, "end", 3))) && i < n && s[i] == '{')
                while (i < n && s[i] != '}') i++;
            continue;
        }
        if (!isalpha((unsigned char)s[i])) { i++; continue; }
        size_t j = i;
        while (j < n && isalpha((unsigned char)s[j])) j++;
        if (j - i == 2 && !strncmp(s + i, "or", 2) && (!i || s[i - 1] != '\\')) return 1;
        if (j - i >= 3) {
            int known = 0;
            for (int k = 0; math_words[k] && !known; k++) known = j - i == strlen(math_words[k]) && !strncmp(s + i, math_words[k], j - i);
            if (!known) return 1;
        }
        i = j;
    }
    return 0;
}

/* "(11,7)or(7,11)": tuples or sets as factors of a product are items with words between them,
 * no expression. */
static int brackets_multiplied(const latex_expr *e) {
    for (int k = 0; k < e->n; k++) {
        if (e->nodes[k].kind != LX_MUL) continue;
        for (int c = e->nodes[k].child; c >= 0; c = e->nodes[c].next) {
            lx_kind ck = e->nodes[c].kind;
            if (ck == LX_TUPLE || ck == LX_LIST || ck == LX_SET || ck == LX_INTERVAL) return 1;
        }
    }
    return 0;
}

static json_t *structured(const char *s, size_t n, const char **type, int depth) {
    latex_expr e;
    json_t *out = NULL;
    if (latex_parse(s, n, &e) == 0) {
        const lx_node *root = &e.nodes[e.root];
        const char *in;
        size_t inn;
        switch (root->kind) {
        case LX_INTERVAL: case LX_UNION:
            *type = "interval";
            out = interval_json(&e, e.root);
            break;
        case LX_MATRIX:
            *type = "matrix";
            out = matrix_json(&e, e.root);
            break;
        case LX_TUPLE: case LX_LIST: case LX_SET:
            if (!inner(s, n, &in, &inn)) break;
            *type = root->kind == LX_TUPLE ? "tuple" : root->kind == LX_LIST ? "list" : "set";
            out = elements(in, inn, depth);
            break;
        case LX_REL: {
            if (has_words(s, n)) break;   /* "Therefore $x \geq 5$ is the solution" is prose */
            int l = root->child, r = l >= 0 ? e.nodes[l].next : -1;
            lx_kind rk = r >= 0 ? e.nodes[r].kind : LX_NUM;
            if (!strcmp(lx_text(&e, e.root), "in") && (rk == LX_LIST || rk == LX_TUPLE) && lx_count_children(&e, r) == 2) {
                e.nodes[r].flags = rk == LX_LIST ? 3 : 0;   /* x \in [-2,7]: the bracket pair is an interval */
                e.nodes[r].kind = rk = LX_INTERVAL;
            }
            if (!strcmp(lx_text(&e, e.root), "in") && (rk == LX_INTERVAL || rk == LX_UNION)) {
                *type = "interval";
                out = interval_json(&e, r);
                break;
            }
            char *ls = sexpr_of(&e, l), *rs = sexpr_of(&e, r);
            *type = "equation";
            out = json_pack("{s:s, s:s, s:s}", "lhs", ls, "op", lx_text(&e, e.root), "rhs", rs);
            free(ls), free(rs);
            break;
        }
        default:
            if (has_words(s, n) || brackets_multiplied(&e)) break;
            if (root->kind == LX_FUNC && !strcmp(lx_text(&e, e.root), "percent") && e.nodes[root->child].kind == LX_NUM) {
                number x;   /* "$28$ %": the math ends before its percent sign */
                const char *digits = lx_text(&e, root->child);
                if (answer_number_parse(digits, strlen(digits), &x)) {
                    x.kind = NUM_PERCENT;
                    out = number_json(&x, type);
                    break;
                }
            }
            *type = "expression";
            char *sx = sexpr_of(&e, e.root);
            out = json_pack("{s:s, s:b}", "expr", sx, "constant", lx_is_constant(&e, e.root));
            free(sx);
        }
    }
    latex_free(&e);
    return out;
}

/* ---- the typer ----------------------------------------------------------------------------------- */

static json_t *string_json(const char *s, size_t n, const char **type) {
    buf b;
    buf_init(&b);
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) { space = b.len > 0; continue; }
        if (space) buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, s[i]);
    }
    *type = "string";
    json_t *o = json_pack("{s:s%}", "text", b.data ? b.data : "", b.len);
    buf_free(&b);
    return o;
}

/* Offsets of the unescaped '$' signs in s; returns how many (max cap). */
static int dollar_signs(const char *s, size_t n, size_t *at, int cap) {
    int k = 0;
    for (size_t i = 0; i < n && k < cap; i++) {
        if (s[i] == '\\') i++;
        else if (s[i] == '$') at[k++] = i;
    }
    return k;
}

/* "21,16$ or $11", "12 $ and $13": once the outer pair of an answer is gone, a '$' that closes
 * math and the next one that opens it again enclose words only.  Those pairs are dropped; dollars
 * with digits between them are prices ("PV = $1,000 / 1.05^3 = $863.84").  Returns the text
 * without them (malloc'd), or NULL when there are none to drop. */
static char *drop_inner_dollars(const char *s, size_t n) {
    size_t at[64];
    int k = dollar_signs(s, n, at, 64), dropped = 0;
    if (k < 2 || k % 2 || k == 64) return NULL;
    buf b;
    buf_init(&b);
    size_t from = 0;
    for (int i = 0; i + 1 < k; i += 2) {
        const char *gap = s + at[i] + 1;
        size_t gn = at[i + 1] - at[i] - 1, g = 0;
        while (g < gn && !isdigit((unsigned char)gap[g])) g++;
        if (g < gn) continue;
        buf_append(&b, s + from, at[i] - from);
        buf_append(&b, gap, gn);
        from = at[i + 1] + 1, dropped = 1;
    }
    buf_append(&b, s + from, n - from);
    if (!dropped) { buf_free(&b); return NULL; }
    return buf_take(&b);
}

/* "x = 5 + 5 + 1 = 1/3 \approx 11": a rounding after an exact result is not the answer; the
 * text is cut before a top-level \approx that follows an '='. */
static void cut_approximation(const char *s, size_t *n) {
    int depth = 0, eq = 0;
    for (size_t i = 0; i < *n; i++) {
        char c = s[i];
        if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') depth--;
        else if (c == '=' && !depth) eq = 1;
        else if (c == '\\' && eq && !depth && starts(s + i, *n - i, "\\approx")) { *n = i; trim(&s, n); return; }
    }
}

static json_t *type_answer(const char *s, size_t n, const char **type, int depth) {
    latex_unwrap(&s, &n);
    unwrap_text(&s, &n);
    size_t lead = skip_latex_space(s, n);   /* "\ (11,7)" after a list separator */
    s += lead, n -= lead;
    while (n && (s[n - 1] == '.' || isspace((unsigned char)s[n - 1]))) n--;
    cut_approximation(s, &n);
    if (!n || n > MAX_ANSWER || depth > MAX_NESTING) return string_json(s, n, type);
    json_t *o;
    char *plain = drop_inner_dollars(s, n);
    if (plain) {
        o = type_answer(plain, strlen(plain), type, depth + 1);
        free(plain);
        return o;
    }
    const char *r;
    size_t rn;
    if (chain_result(s, n, &r, &rn)) {
        o = type_answer(r, rn, type, depth + 1);
        if (strcmp(*type, "string")) return o;
        json_decref(o);   /* the tail is prose: judge the whole */
    }
    if ((o = boolean(s, n, type)) || (o = choice(s, n, type)) || (o = base_integer(s, n, type)) || (o = word_number(s, n, type)))
        return o;
    number x;
    if (answer_number_parse(s, n, &x) == n) return number_json(&x, type);
    if ((o = quantity(s, n, type))) return o;
    size_t at[1];
    const char *in;
    size_t inn;
    int wrapped = inner(s, n, &in, &inn);
    if ((o = structured(s, n, type, depth))) return o;
    if (!wrapped && top_level_separators(s, n, at, 1) && (o = math_list(s, n, depth))) {   /* "30.0 torr, 26.3 torr" */
        *type = "list";
        return o;
    }
    return string_json(s, n, type);
}

json_t *answer_type(const char *s, size_t n, const char **type) {
    return type_answer(s, n, type, 0);
}
