/* html.c -- tokenizer, character references, visible text. */
#include "web/html.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html_entities.inc"

/* What the converter needs to know about a tag, looked up once per tag (pages have thousands). */
enum {
    TAG_RAW = 1,          /* content is raw text up to the end tag */
    TAG_VOID = 2,         /* no end tag */
    TAG_PARAGRAPH = 4,    /* a block: paragraph break */
    TAG_LINE = 8,         /* line break */
    TAG_CELL = 16,        /* table cell: a space */
    TAG_DROPPED = 32,     /* content not shown */
};

static const struct { const char *name; int flags; } tag_table[] = {   /* sorted by name */
    {"address", TAG_PARAGRAPH}, {"area", TAG_VOID}, {"article", TAG_PARAGRAPH}, {"aside", TAG_PARAGRAPH},
    {"base", TAG_VOID}, {"blockquote", TAG_PARAGRAPH}, {"body", TAG_PARAGRAPH}, {"br", TAG_VOID | TAG_LINE},
    {"caption", TAG_LINE}, {"col", TAG_VOID}, {"dd", TAG_LINE}, {"details", TAG_PARAGRAPH},
    {"div", TAG_PARAGRAPH}, {"dl", TAG_PARAGRAPH}, {"dt", TAG_LINE}, {"embed", TAG_VOID},
    {"fieldset", TAG_PARAGRAPH}, {"figcaption", TAG_PARAGRAPH}, {"figure", TAG_PARAGRAPH},
    {"footer", TAG_PARAGRAPH}, {"form", TAG_PARAGRAPH}, {"h1", TAG_PARAGRAPH}, {"h2", TAG_PARAGRAPH},
    {"h3", TAG_PARAGRAPH}, {"h4", TAG_PARAGRAPH}, {"h5", TAG_PARAGRAPH}, {"h6", TAG_PARAGRAPH},
    {"head", TAG_DROPPED}, {"header", TAG_PARAGRAPH}, {"hr", TAG_VOID | TAG_PARAGRAPH},
    {"html", TAG_PARAGRAPH}, {"iframe", TAG_RAW}, {"img", TAG_VOID}, {"input", TAG_VOID}, {"li", TAG_LINE},
    {"link", TAG_VOID}, {"main", TAG_PARAGRAPH}, {"math", TAG_DROPPED}, {"meta", TAG_VOID},
    {"nav", TAG_PARAGRAPH}, {"noembed", TAG_RAW}, {"noframes", TAG_RAW}, {"noscript", TAG_RAW},
    {"object", TAG_DROPPED}, {"ol", TAG_PARAGRAPH}, {"option", TAG_LINE}, {"p", TAG_PARAGRAPH},
    {"param", TAG_VOID}, {"pre", TAG_PARAGRAPH}, {"script", TAG_RAW}, {"section", TAG_PARAGRAPH},
    {"select", TAG_DROPPED}, {"source", TAG_VOID}, {"style", TAG_RAW}, {"summary", TAG_PARAGRAPH},
    {"svg", TAG_DROPPED}, {"table", TAG_PARAGRAPH}, {"td", TAG_CELL}, {"template", TAG_DROPPED},
    {"textarea", TAG_RAW}, {"th", TAG_CELL}, {"title", TAG_RAW}, {"tr", TAG_LINE}, {"track", TAG_VOID},
    {"ul", TAG_PARAGRAPH}, {"wbr", TAG_VOID}, {"xmp", TAG_RAW},
};

static int tag_flags(const char *name) {
    size_t lo = 0, hi = sizeof tag_table / sizeof tag_table[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, tag_table[mid].name);
        if (!c) return tag_table[mid].flags;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

int html_is_void(const char *name) { return (tag_flags(name) & TAG_VOID) != 0; }

void html_lexer_init(html_lexer *lx, const char *html, size_t n) {
    lx->p = html;
    lx->end = html + n;
    lx->raw[0] = 0;
}

static size_t read_name(const char *p, const char *end, char *name, size_t cap) {
    size_t i = 0, k = 0;
    while (p + i < end && (isalnum((unsigned char)p[i]) || p[i] == '-' || p[i] == ':' || p[i] == '_')) {
        if (k + 1 < cap) name[k++] = (char)tolower((unsigned char)p[i]);
        i++;
    }
    name[k] = 0;
    return i;
}

/* Finds the '>' that ends a tag, skipping quoted attribute values. */
static const char *tag_end(const char *p, const char *end) {
    char quote = 0;
    for (; p < end; p++) {
        if (quote) { if (*p == quote) quote = 0; }
        else if (*p == '"' || *p == '\'') { if (p[-1] == '=' || isspace((unsigned char)p[-1])) quote = *p; }
        else if (*p == '>') return p;
    }
    return end;
}

/* Raw text runs to "</name" (any case); returns where that end tag starts. */
static const char *raw_end(const char *p, const char *end, const char *name) {
    size_t n = strlen(name);
    for (const char *q = p; (q = memchr(q, '<', (size_t)(end - q))); q++)
        if (end - q > (long)(n + 1) && q[1] == '/' && !strncasecmp(q + 2, name, n) &&
            (q + 2 + n == end || !isalnum((unsigned char)q[2 + n])))
            return q;
    return end;
}

int html_next(html_lexer *lx, html_token *t) {
    memset(t, 0, sizeof *t);
    const char *p = lx->p, *end = lx->end;
    if (p >= end) return 0;
    t->start = p;
    if (lx->raw[0]) {
        const char *stop = raw_end(p, end, lx->raw);
        lx->raw[0] = 0;
        if (stop > p) {
            t->kind = HTML_RAW;
            t->len = (size_t)(stop - p);
            lx->p = stop;
            return 1;
        }
    }
    if (*p != '<' || end - p < 2) {
        const char *lt = p + 1;
        for (; (lt = memchr(lt, '<', (size_t)(end - lt))); lt++)
            if (end - lt >= 2 && (isalpha((unsigned char)lt[1]) || lt[1] == '/' || lt[1] == '!' || lt[1] == '?')) break;
        if (!lt) lt = end;
        t->kind = HTML_TEXT;
        t->len = (size_t)(lt - p);
        lx->p = lt;
        return 1;
    }
    if (p[1] == '!' && end - p >= 4 && p[2] == '-' && p[3] == '-') {
        const char *close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
        lx->p = close ? close + 3 : end;
        t->kind = HTML_COMMENT;
    } else if (p[1] == '!' || p[1] == '?') {
        const char *close = memchr(p, '>', (size_t)(end - p));
        lx->p = close ? close + 1 : end;
        t->kind = HTML_COMMENT;
    } else if (p[1] == '/') {
        read_name(p + 2, end, t->name, sizeof t->name);
        const char *close = memchr(p, '>', (size_t)(end - p));
        lx->p = close ? close + 1 : end;
        t->kind = t->name[0] ? HTML_END : HTML_COMMENT;
    } else if (isalpha((unsigned char)p[1])) {
        size_t n = read_name(p + 1, end, t->name, sizeof t->name);
        const char *close = tag_end(p + 1 + n, end);
        t->kind = HTML_START;
        t->attrs = p + 1 + n;
        t->attrs_len = (size_t)(close - t->attrs);
        t->self_closing = close > t->attrs && close[-1] == '/';
        lx->p = close < end ? close + 1 : end;
        if (!t->self_closing && (tag_flags(t->name) & TAG_RAW)) snprintf(lx->raw, sizeof lx->raw, "%s", t->name);
    } else {
        t->kind = HTML_TEXT;   /* a lone '<' */
        lx->p = p + 1;
    }
    t->len = (size_t)(lx->p - p);
    return 1;
}

int html_attr(const html_token *t, const char *name, buf *out) {
    const char *p = t->attrs, *end = t->attrs + t->attrs_len;
    size_t want = strlen(name);
    while (p < end) {
        while (p < end && (isspace((unsigned char)*p) || *p == '/')) p++;
        const char *n0 = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '=' && *p != '/' && *p != '>') p++;
        size_t nlen = (size_t)(p - n0);
        while (p < end && isspace((unsigned char)*p)) p++;
        const char *v0 = NULL, *v1 = NULL;
        if (p < end && *p == '=') {
            p++;
            while (p < end && isspace((unsigned char)*p)) p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                char q = *p++;
                v0 = p;
                while (p < end && *p != q) p++;
                v1 = p;
                if (p < end) p++;
            } else {
                v0 = p;
                while (p < end && !isspace((unsigned char)*p) && *p != '>') p++;
                v1 = p;
            }
        }
        if (!nlen) { if (p < end) p++; continue; }
        if (nlen == want && !strncasecmp(n0, name, want)) {
            if (out) buf_clear(out);
            if (out && v0) html_decode_entities(v0, (size_t)(v1 - v0), out);
            return 1;
        }
    }
    return 0;
}

/* Windows-1252 meanings of numeric references 0x80-0x9F, as the HTML standard maps them. */
static const unsigned short c1_remap[32] = {
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

static int entity_cmp(const void *key, const void *elem) {
    const char *k = key;
    const char *name = *(const char *const *)elem;
    return strcmp(k, name);
}

/* Decodes the reference at s (just after '&'); returns the bytes consumed, 0 when none. */
static size_t decode_reference(const char *s, const char *end, buf *out) {
    if (s < end && *s == '#') {
        const char *p = s + 1;
        int hex = p < end && (*p == 'x' || *p == 'X');
        if (hex) p++;
        unsigned long cp = 0;
        const char *digits = p;
        while (p < end && (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))) {
            if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + (unsigned long)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
            p++;
        }
        if (p == digits) return 0;
        if (p < end && *p == ';') p++;
        if (cp >= 0x80 && cp <= 0x9F) cp = c1_remap[cp - 0x80];
        buf_put_utf8(out, cp > 0x10FFFF ? 0xFFFD : (unsigned)cp);
        return (size_t)(p - s);
    }
    char name[40];
    size_t n = 0;
    while (s + n < end && n < 32 && isalnum((unsigned char)s[n])) name[n] = s[n], n++;
    if (!n) return 0;
    int semi = s + n < end && s[n] == ';';
    /* The standard matches the longest known name; legacy names also match without ';'. */
    for (size_t len = n; len > 0; len--) {
        memcpy(name, s, len);
        name[len] = ';';
        name[len + 1] = 0;
        if (len == n && semi) {
            const void *hit = bsearch(name, html_entities, sizeof html_entities / sizeof html_entities[0],
                                      sizeof html_entities[0], entity_cmp);
            if (hit) { buf_puts(out, ((const char *const *)hit)[1]); return len + 1; }
        }
        name[len] = 0;
        const void *hit = bsearch(name, html_entities, sizeof html_entities / sizeof html_entities[0],
                                  sizeof html_entities[0], entity_cmp);
        if (hit) { buf_puts(out, ((const char *const *)hit)[1]); return len; }
    }
    return 0;
}

void html_decode_entities(const char *s, size_t n, buf *out) {
    const char *end = s + n;
    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        if (!amp) { buf_append(out, s, (size_t)(end - s)); return; }
        buf_append(out, s, (size_t)(amp - s));
        size_t used = decode_reference(amp + 1, end, out);
        if (!used) buf_putc(out, '&');
        s = amp + 1 + used;
    }
}

/* ---- visible text ------------------------------------------------------------------------ */

enum { BREAK_NONE, BREAK_SPACE, BREAK_LINE, BREAK_PARAGRAPH };

typedef struct {
    buf *out;
    size_t start;        /* where this conversion began in out */
    int pending;         /* the strongest break seen since the last character */
    int pre;             /* inside <pre>: newlines are line breaks */
} text_state;

static void want_break(text_state *ts, int level) { if (level > ts->pending) ts->pending = level; }

static void put_text(text_state *ts, const char *s, size_t n) {
    static const char *const breaks[] = {"", " ", "\n", "\n\n"};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { want_break(ts, BREAK_SPACE); continue; }
        if (c == '\n') { want_break(ts, ts->pre ? BREAK_LINE : BREAK_SPACE); continue; }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { want_break(ts, BREAK_SPACE); i++; continue; }
        if (ts->pending && ts->out->len > ts->start) buf_puts(ts->out, breaks[ts->pending]);
        ts->pending = BREAK_NONE;
        size_t j = i + 1;   /* copy the run of ordinary bytes at once */
        while (j < n && !strchr(" \t\r\f\v\n\xc2", s[j])) j++;
        buf_append(ts->out, s + i, j - i);
        i = j - 1;
    }
}

static int break_level(int flags) {
    if (flags & TAG_PARAGRAPH) return BREAK_PARAGRAPH;
    if (flags & TAG_LINE) return BREAK_LINE;
    return flags & TAG_CELL ? BREAK_SPACE : BREAK_NONE;
}

/* MathJax: <script type="math/tex"> keeps its TeX, inline or display. */
static const char *mathjax_delimiters(const html_token *script) {
    buf type;
    buf_init(&type);
    const char *open = NULL;
    if (html_attr(script, "type", &type) && type.data && strstr(type.data, "math/tex"))
        open = strstr(type.data, "mode=display") ? "\\[" : "\\(";
    buf_free(&type);
    return open;
}

void html_to_text(const char *html, size_t n, buf *out) {
    text_state ts = {.out = out, .start = out->len};
    html_lexer lx;
    html_lexer_init(&lx, html, n);
    html_token t, script = {0};
    int dropped = 0;             /* depth inside elements whose content is not shown */
    char dropped_name[16] = "";
    buf decoded;
    buf_init(&decoded);
    while (html_next(&lx, &t)) {
        if (dropped) {
            if (t.kind == HTML_START && !strcmp(t.name, dropped_name) && !t.self_closing) dropped++;
            else if ((t.kind == HTML_END && !strcmp(t.name, dropped_name)) ||
                     (!strcmp(dropped_name, "head") && t.kind == HTML_START && !strcmp(t.name, "body")))
                dropped--;
            continue;
        }
        switch (t.kind) {
        case HTML_TEXT:
            buf_clear(&decoded);
            html_decode_entities(t.start, t.len, &decoded);
            if (decoded.len) put_text(&ts, decoded.data, decoded.len);
            break;
        case HTML_RAW: {
            const char *open = !strcmp(script.name, "script") ? mathjax_delimiters(&script) : NULL;
            if (!open) break;
            put_text(&ts, open, 2);
            put_text(&ts, t.start, t.len);
            put_text(&ts, open[1] == '[' ? "\\]" : "\\)", 2);
            break;
        }
        case HTML_START: {
            script = t;
            int flags = tag_flags(t.name);
            if ((flags & TAG_DROPPED) && !t.self_closing) {
                dropped = 1;
                snprintf(dropped_name, sizeof dropped_name, "%s", t.name);
                break;
            }
            if (!strcmp(t.name, "pre")) ts.pre++;
            want_break(&ts, break_level(flags));
            break;
        }
        case HTML_END:
            if (!strcmp(t.name, "pre") && ts.pre) ts.pre--;
            want_break(&ts, break_level(tag_flags(t.name)));
            break;
        case HTML_COMMENT:
            break;
        }
    }
    buf_free(&decoded);
}
