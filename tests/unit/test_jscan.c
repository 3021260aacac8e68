/* test_jscan.c -- lib/core/jscan.h against jansson, the parser it stands in for: generated JSON
 * lines (nested values, every escape, non-ASCII, numbers of every shape, odd whitespace) and the
 * same lines damaged a byte at a time.  jscan must never take a line jansson refuses, must read
 * every member as jansson does, write values as jansson writes them, and take most clean lines. */
#include "../fuzz/jscan_property.h"

#include "unit.h"

#include <math.h>
#include <stdio.h>

static unsigned long long state = 0x9E3779B97F4A7C15ULL;
static unsigned next(void) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return (unsigned)(state >> 11);
}

static void space(buf *b) {
    static const char *ws[] = {"", "", "", " ", "\t", "\r\n ", "  "};
    buf_puts(b, ws[next() % 7]);
}

static void string(buf *b) {
    static const char *pieces[] = {"a", "boxed", "\\\\boxed{C}", "\\n", "\\\"", "\\/", "\\t", "\\b\\f\\r", "\\u00e9",
                                   "\\u4e2d", "\\u0000", "\\ud83d\\ude00", "\\udc00", "é", "中文", "😀", " ", "{}[],:",
                                   "\\u001F", "\x7f", "\xff", "\x01", "\\x"};
    buf_putc(b, '"');
    for (int k = (int)(next() % 6); k > 0; k--) buf_puts(b, pieces[next() % (sizeof pieces / sizeof *pieces - 3 * (next() % 4 != 0))]);
    buf_putc(b, '"');
}

static void number(buf *b) {
    static const char *forms[] = {"0", "-0", "7", "-42", "3.25", "-0.5", "1e10", "2.5E-3", "1e+2", "123456789012345",
                                  "12345678901234567890", "1e400", "0.1", "1.0", "01", "1.", ".5", "-", "1e"};
    buf_puts(b, forms[next() % (sizeof forms / sizeof *forms - 5 * (next() % 4 != 0))]);
}

static void value(buf *b, int depth) {
    unsigned kind = next() % (depth > 3 ? 4 : 6);
    if (kind == 0) string(b);
    else if (kind == 1) number(b);
    else if (kind == 2) buf_puts(b, (const char *[]){"true", "false", "null"}[next() % 3]);
    else if (kind == 3) string(b);
    else {
        int obj = kind == 5, items = (int)(next() % 4);
        buf_putc(b, obj ? '{' : '[');
        for (int i = 0; i < items; i++) {
            if (i) buf_putc(b, ','), space(b);
            if (obj) string(b), space(b), buf_putc(b, ':'), space(b);
            value(b, depth + 1);
        }
        buf_putc(b, obj ? '}' : ']');
    }
}

static void line(buf *b) {
    static const char *keys[] = {"id", "answer", "response", "benchmark", "choices", "verdict", "x", "", "é", "a\\u0000b",
                                 "k\\n", "id"};
    buf_clear(b);
    space(b), buf_putc(b, '{'), space(b);
    int members = (int)(next() % 7);
    for (int i = 0; i < members; i++) {
        if (i) buf_putc(b, ','), space(b);
        buf_putc(b, '"'), buf_puts(b, keys[next() % (sizeof keys / sizeof *keys - 4 * (next() % 5 != 0))]), buf_putc(b, '"');
        space(b), buf_putc(b, ':'), space(b);
        value(b, 1);
        space(b);
    }
    buf_putc(b, '}'), space(b);
}

int main(void) {
    buf b;
    buf_init(&b);
    long clean = 0, taken = 0, damaged = 0, broken = 0;
    const char *first = NULL;
    for (int round = 0; round < 40000; round++) {
        line(&b);
        int lean;
        const char *why = jscan_property(b.data, b.len, &lean);
        if (why) broken++, first = first ? first : why;
        json_t *j = json_loadb(b.data, b.len, JSON_ALLOW_NUL, NULL);
        if (j) clean++, taken += lean;
        json_decref(j);
        for (int k = 0; k < 4 && b.len; k++) {   /* damage: a byte changed, dropped, or the line cut */
            size_t at = next() % b.len;
            if (k == 0) b.data[at] = "{}[]\",:\\0x \x80"[next() % 12];
            else if (k == 1) memmove(b.data + at, b.data + at + 1, b.len - at), b.len--;
            else if (k == 2) b.len = at;
            why = jscan_property(b.data, b.len, &lean);
            if (why) broken++, first = first ? first : why;
            damaged++;
        }
    }
    CHECK(!broken, "jscan agrees with jansson on 40000 generated lines and %ld damaged ones (%ld broke: %s)", damaged,
          broken, first ? first : "-");
    CHECK(clean > 10000 && taken * 10 > clean * 6, "jscan takes most lines jansson takes itself (%ld of %ld)", taken, clean);

    double reals[] = {0.0, -0.0, 1.0, 0.1, 1e300, -2.5e-10, 1e-5, 123456.789, 1e21, 5e-324, 1.7976931348623157e308, 100.0};
    int dumps = 1;
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        json_t *r = json_real(reals[i]);
        dumps &= jscan_same_dump(r);
        json_decref(r);
    }
    for (int i = 0; i < 20000; i++) {
        union { unsigned long long u; double d; } x = {.u = (unsigned long long)next() << 32 ^ next()};
        if (!isfinite(x.d)) continue;
        json_t *r = json_real(x.d), *n = json_integer((json_int_t)(x.u >> (next() % 64)) * (next() % 2 ? 1 : -1));
        dumps &= jscan_same_dump(r) && jscan_same_dump(n);
        json_decref(r), json_decref(n);
    }
    CHECK(dumps, "reals and integers are written as jansson writes them");
    buf_free(&b);
    UNIT_EXIT();
}
