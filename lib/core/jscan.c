/* jscan.c -- see jscan.h.  A recursive-descent check of one line; string bodies, nearly all of
 * a record's bytes, are skipped 16 bytes at a time up to the next quote, backslash, control byte
 * or non-ASCII byte. */
#include "core/jscan.h"

#include "core/find.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_DEPTH 256      /* jansson allows 2048; deeper lines are its to judge */
#define MAX_NUMBER 15      /* digits that a double and a long long both hold exactly */

typedef struct {
    const char *s;
    size_t n, i;
    int ask;               /* jansson must judge the line */
} scan;

static void skip_space(scan *c) {
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r')) c->i++;
}

/* the next byte from i that a string body must look at */
static size_t special(const char *s, size_t i, size_t n) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), low = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        /* signed: bytes >= 0x80 are negative, so "< 0x20" also finds them */
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, slash)), _mm_cmplt_epi8(x, low));
        unsigned m = (unsigned)_mm_movemask_epi8(e);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) return i;
    }
    return n;
}

static int hex4(const char *s, unsigned *v) {
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char h = s[k];
        unsigned d = h >= '0' && h <= '9' ? (unsigned)(h - '0') : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                   : h >= 'A' && h <= 'F' ? (unsigned)(h - 'A' + 10) : 16;
        if (d == 16) return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

/* A string from its opening quote; *escaped says whether it held an escape. */
static int string(scan *c, int *escaped) {
    const char *s = c->s;
    size_t i = c->i + 1;
    *escaped = 0;
    for (;;) {
        i = special(s, i, c->n);
        if (i >= c->n) return 0;
        unsigned char b = (unsigned char)s[i];
        if (b == '"') { c->i = i + 1; return 1; }
        if (b < 0x20) return 0;
        if (b >= 0x80) {
            size_t bad, k = utf8_sequence(s + i, c->n - i, &bad);
            if (!k) return 0;
            i += k;
            continue;
        }
        *escaped = 1;   /* a backslash */
        if (i + 1 >= c->n) return 0;
        char e = s[i + 1];
        if (e == 'u') {
            unsigned v;
            if (i + 6 > c->n || !hex4(s + i + 2, &v)) return 0;
            if (v >= 0xD800 && v <= 0xDFFF) c->ask = 1;   /* pairs and lone halves: jansson's call */
            i += 6;
        } else if (strchr("\"\\/bfnrt", e) && e) {
            i += 2;
        } else {
            return 0;
        }
    }
}

static int value(scan *c, int depth);

static int number(scan *c) {
    const char *s = c->s;
    size_t i = c->i, start = i;
    if (i < c->n && s[i] == '-') i++;
    if (i >= c->n) return 0;
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9') while (i < c->n && s[i] >= '0' && s[i] <= '9') i++;
    else return 0;
    if (i < c->n && s[i] == '.') {
        if (++i >= c->n || s[i] < '0' || s[i] > '9') return 0;
        while (i < c->n && s[i] >= '0' && s[i] <= '9') i++;
    }
    if (i < c->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < c->n && (s[i] == '+' || s[i] == '-')) i++;
        size_t digits = i;
        if (i >= c->n || s[i] < '0' || s[i] > '9') return 0;
        while (i < c->n && s[i] >= '0' && s[i] <= '9') i++;
        if (i - digits > 2) c->ask = 1;   /* 1e400: an overflow */
    }
    if (i - start > MAX_NUMBER) c->ask = 1;   /* overflow is jansson's error to give */
    c->i = i;
    return 1;
}

static int literal(scan *c, const char *word) {
    size_t l = strlen(word);
    if (c->n - c->i < l || memcmp(c->s + c->i, word, l)) return 0;
    c->i += l;
    return 1;
}

/* the members of an object from its '{'; top: record them in o */
static int object(scan *c, int depth, jobject *o) {
    c->i++;
    skip_space(c);
    if (c->i < c->n && c->s[c->i] == '}') { c->i++; return 1; }
    for (;;) {
        if (c->i >= c->n || c->s[c->i] != '"') return 0;
        size_t key = c->i + 1;
        int escaped;
        if (!string(c, &escaped)) return 0;
        if (escaped) c->ask = 1;   /* a key with escapes (or a NUL): jansson compares them */
        size_t key_len = c->i - 1 - key;
        skip_space(c);
        if (c->i >= c->n || c->s[c->i] != ':') return 0;
        c->i++;
        skip_space(c);
        size_t at = c->i;
        if (!value(c, depth + 1)) return 0;
        if (o) {
            if (o->n == o->cap) {
                size_t cap = o->cap ? 2 * o->cap : 16;
                jmember *m = realloc(o->m, cap * sizeof *m);
                if (!m) return c->ask = 1, 0;
                o->m = m, o->cap = cap;
            }
            o->m[o->n++] = (jmember){key, key_len, at, c->i};
        }
        skip_space(c);
        if (c->i >= c->n) return 0;
        if (c->s[c->i] == '}') { c->i++; return 1; }
        if (c->s[c->i] != ',') return 0;
        c->i++;
        skip_space(c);
    }
}

static int array(scan *c, int depth) {
    c->i++;
    skip_space(c);
    if (c->i < c->n && c->s[c->i] == ']') { c->i++; return 1; }
    for (;;) {
        if (!value(c, depth + 1)) return 0;
        skip_space(c);
        if (c->i >= c->n) return 0;
        if (c->s[c->i] == ']') { c->i++; return 1; }
        if (c->s[c->i] != ',') return 0;
        c->i++;
        skip_space(c);
    }
}

static int value(scan *c, int depth) {
    if (depth > MAX_DEPTH) return c->ask = 1, 0;
    if (c->i >= c->n) return 0;
    int escaped;
    switch (c->s[c->i]) {
    case '"': return string(c, &escaped);
    case '{': return object(c, depth, NULL);
    case '[': return array(c, depth);
    case 't': return literal(c, "true");
    case 'f': return literal(c, "false");
    case 'n': return literal(c, "null");
    default: return number(c);
    }
}

static int same_key(const char *line, const jmember *a, const jmember *b) {
    return a->key_len == b->key_len && !memcmp(line + a->key, line + b->key, a->key_len);
}

jscan_status jscan_object(const char *line, size_t len, jobject *o) {
    scan c = {line, len, 0, 0};
    o->n = 0;
    skip_space(&c);
    o->open = c.i;
    if (c.i >= len || line[c.i] != '{' || !object(&c, 1, o) || c.ask) return JSCAN_ASK_JANSSON;
    o->close = c.i - 1;
    skip_space(&c);
    if (c.i != len) return JSCAN_ASK_JANSSON;
    for (size_t a = 0; a < o->n; a++)   /* a repeated key: jansson keeps the last, we would keep both */
        for (size_t b = a + 1; b < o->n; b++)
            if (same_key(line, &o->m[a], &o->m[b])) return JSCAN_ASK_JANSSON;
    return JSCAN_OK;
}

const jmember *jscan_find(const char *line, const jobject *o, const char *key) {
    size_t l = strlen(key);
    for (size_t i = 0; i < o->n; i++)
        if (o->m[i].key_len == l && !memcmp(line + o->m[i].key, key, l)) return &o->m[i];
    return NULL;
}

static size_t put_utf8(char *out, unsigned v) {
    if (v < 0x80) return out[0] = (char)v, 1;
    if (v < 0x800) return out[0] = (char)(0xC0 | v >> 6), out[1] = (char)(0x80 | (v & 0x3F)), 2;
    out[0] = (char)(0xE0 | v >> 12), out[1] = (char)(0x80 | (v >> 6 & 0x3F)), out[2] = (char)(0x80 | (v & 0x3F));
    return 3;   /* no surrogates reach here: the scan left those to jansson */
}

static size_t decode(const char *s, const char *end, char *out) {
    size_t w = 0;
    while (s < end) {
        const char *bs = memchr(s, '\\', (size_t)(end - s));
        size_t run = (size_t)((bs ? bs : end) - s);
        memcpy(out + w, s, run), w += run, s += run;
        if (!bs) break;
        char e = s[1];
        unsigned u;
        switch (e) {
        case 'b': out[w++] = '\b'; break;
        case 'f': out[w++] = '\f'; break;
        case 'n': out[w++] = '\n'; break;
        case 'r': out[w++] = '\r'; break;
        case 't': out[w++] = '\t'; break;
        case 'u': hex4(s + 2, &u), w += put_utf8(out + w, u), s += 4; break;
        default: out[w++] = e; break;   /* " \ / */
        }
        s += 2;
    }
    return w;
}

size_t jscan_string(const char *line, const jmember *v, char *out) {
    return decode(line + v->value + 1, line + v->end - 1, out);
}

/* ---- building a checked value: no errors left to find but running out of memory ---- */

typedef struct {
    const char *s;
    size_t i, end;   /* the value's text */
    char *text;      /* room for its longest string (its whole length will do) */
} builder;

static void skip(builder *b) {
    while (b->s[b->i] == ' ' || b->s[b->i] == '\t' || b->s[b->i] == '\n' || b->s[b->i] == '\r') b->i++;
}

/* past the string whose opening quote is at b->i */
static size_t string_end(const builder *b) {
    for (size_t i = b->i + 1;; i += 2) {
        i = find_either(b->s, i, b->end, '"', '\\');
        if (i >= b->end || b->s[i] == '"') return i + 1;
    }
}

static json_t *build(builder *b);

static json_t *build_string(builder *b) {
    size_t end = string_end(b);
    json_t *v = json_stringn_nocheck(b->text, decode(b->s + b->i + 1, b->s + end - 1, b->text));   /* UTF-8 checked by the scan */
    b->i = end;
    return v;
}

static json_t *build_number(builder *b) {
    size_t at = b->i;
    int real = 0;
    for (char c; (c = b->s[b->i]) && strchr("+-0123456789.eE", c); b->i++) real |= c == '.' || c == 'e' || c == 'E';
    char text[64];   /* short: longer numbers were left to jansson */
    size_t n = b->i - at < sizeof text - 1 ? b->i - at : sizeof text - 1;
    memcpy(text, b->s + at, n), text[n] = 0;
    return real ? json_real(strtod(text, NULL)) : json_integer(strtoll(text, NULL, 10));
}

static json_t *build(builder *b) {
    json_t *v, *item;
    switch (b->s[b->i]) {
    case '"': return build_string(b);
    case 't': b->i += 4; return json_true();
    case 'f': b->i += 5; return json_false();
    case 'n': b->i += 4; return json_null();
    case '[':
        v = json_array();
        for (b->i++, skip(b); v && b->s[b->i] != ']';) {
            if (!(item = build(b)) || json_array_append_new(v, item)) return json_decref(v), NULL;
            skip(b);
            if (b->s[b->i] == ',') b->i++, skip(b);
        }
        b->i++;
        return v;
    case '{':
        v = json_object();
        for (b->i++, skip(b); v && b->s[b->i] != '}';) {
            size_t key = b->i + 1, kend = string_end(b);   /* keys have no escapes: the scan left those to jansson */
            b->i = kend, skip(b), b->i++, skip(b);          /* the colon */
            if (!(item = build(b)) || json_object_setn_new_nocheck(v, b->s + key, kend - 1 - key, item))
                return json_decref(v), NULL;
            skip(b);
            if (b->s[b->i] == ',') b->i++, skip(b);
        }
        b->i++;
        return v;
    default: return build_number(b);
    }
}

json_t *jscan_value(const char *line, const jmember *v) {
    char small[512];
    builder b = {line, v->value, v->end, v->end - v->value <= sizeof small ? small : malloc(v->end - v->value)};
    if (!b.text) return NULL;
    json_t *value = build(&b);
    if (b.text != small) free(b.text);
    return value;
}

/* ---- writing ---- */

void jscan_dump_text(const char *s, size_t n, buf *out) {
    static const char hex[] = "0123456789ABCDEF";
    buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        buf_append(out, s + run, i - run), run = i + 1;
        char e = c == '"' ? '"' : c == '\\' ? '\\' : c == '\b' ? 'b' : c == '\f' ? 'f' : c == '\n' ? 'n' : c == '\r' ? 'r'
               : c == '\t' ? 't' : 'u';
        buf_putc(out, '\\'), buf_putc(out, e);
        if (e == 'u') buf_append(out, "00", 2), buf_putc(out, hex[c >> 4]), buf_putc(out, hex[c & 15]);
    }
    buf_append(out, s + run, n - run);
    buf_putc(out, '"');
}

/* jansson's jsonp_dtostr: %.17g, ".0" when it reads as an integer, no '+' or leading zeros in
 * the exponent */
static void dump_real(double x, buf *out) {
    char t[40];
    int n = snprintf(t, sizeof t - 2, "%.17g", x);
    if (n < 0 || n >= (int)sizeof t - 2) return;
    if (!strchr(t, '.') && !strchr(t, 'e')) memcpy(t + n, ".0", 3), n += 2;
    char *e = strchr(t, 'e');
    if (e) {
        char *from = e + 1, *to = e + 1;
        if (*from == '-') from++, to++;
        else if (*from == '+') from++;
        while (*from == '0' && from[1]) from++;
        memmove(to, from, strlen(from) + 1);
        n = (int)strlen(t);
    }
    buf_append(out, t, (size_t)n);
}

static int append_text(const char *text, size_t n, void *out) {
    buf_append(out, text, n);
    return 0;
}

void jscan_dump(const json_t *v, buf *out) {
    char t[32];
    switch (json_typeof(v)) {
    case JSON_STRING: jscan_dump_text(json_string_value(v), json_string_length(v), out); break;
    case JSON_INTEGER: buf_append(out, t, (size_t)snprintf(t, sizeof t, "%" JSON_INTEGER_FORMAT, json_integer_value(v))); break;
    case JSON_REAL: dump_real(json_real_value(v), out); break;
    case JSON_TRUE: buf_append(out, "true", 4); break;
    case JSON_FALSE: buf_append(out, "false", 5); break;
    case JSON_NULL: buf_append(out, "null", 4); break;
    default: json_dump_callback(v, append_text, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY); break;
    }
}
