/* test_pystr.c -- Python's str semantics that the paper's scoring depends on (lib/eval/pystr.h);
 * each expected value is what CPython 3 gives for the same call. */
#include "eval/pystr.h"

#include "unit.h"

#include <math.h>
#include <stdlib.h>

static int f(const char *s, double *x) { return py_float(s, strlen(s), x); }

static char *strip(const char *s) {
    size_t a = 0, b = strlen(s);
    py_strip(s, &a, &b);
    char *out = strndup(s + a, b - a);
    return out;
}

static char *lower(const char *s) {
    buf b;
    buf_init(&b);
    py_lower(s, strlen(s), &b);
    buf_putc(&b, 0);
    return b.data;
}

int main(void) {
    static const struct { const char *s; double want; } good[] = {
        {"3", 3}, {" 12 ", 12}, {"1_000", 1000}, {"1_0.5_5", 10.55}, {".5", 0.5}, {"5.", 5}, {"-2.5e-3", -0.0025},
        {"+1E2", 100}, {"1e1_0", 1e10}, {"\xc2\xa0" "7\xe3\x80\x80", 7}, {"\t3.0\x0b", 3},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        double x = NAN;
        CHECK(f(good[i].s, &x) == 0 && x == good[i].want, "float(%s) = %g", good[i].s, good[i].want);
    }
    static const char *bad[] = {"", " ", "1_", "_1", "1__0", "1e", "e5", ".", "1.2.3", "0x10", "1,000", "(3)", "3 4", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        double x;
        CHECK(f(bad[i], &x) < 0, "float(\"%s\") raises ValueError", bad[i]);
    }
    double x;
    CHECK(f("-Infinity", &x) == 0 && isinf(x) && x < 0, "float('-Infinity') = -inf");
    CHECK(f("nan", &x) == 0 && isnan(x), "float('nan') is nan");
    CHECK(f("inF", &x) == 0 && isinf(x), "float('inF') = inf");

    char *s;
    CHECK_STR(s = strip("\xe2\x80\x83 a b\xc2\x85\x1f"), "a b", "strip() takes Unicode whitespace and separators");
    free(s);
    CHECK_STR(s = strip("\xe2\x80\x8b" "x"), "\xe2\x80\x8b" "x", "strip() keeps a zero-width space (not whitespace)");
    free(s);
    CHECK_STR(s = strip(" \xff "), "\xff", "strip() keeps an ill-formed byte");
    free(s);
    CHECK_STR(s = lower("\xc3\x89T\xc3\xa9 \xce\xa3"), "\xc3\xa9t\xc3\xa9 \xcf\x83", "lower(): Latin and Greek");
    free(s);
    CHECK_STR(s = lower("\xc4\xb0" "A"), "i\xcc\x87" "a", "lower() of U+0130 is two code points");
    free(s);
    CHECK(py_len("(\xc3\xa9)", 4) == 3, "len('(é)') = 3");
    UNIT_EXIT();
}
