/* http.c -- HTTP heads, chunked transfer and content codings, as found in web archives. */
#include "web/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

static void copy_trimmed(char *out, size_t outlen, const unsigned char *v, size_t n) {
    while (n && (*v == ' ' || *v == '\t')) v++, n--;
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r')) n--;
    if (n >= outlen) n = outlen - 1;
    memcpy(out, v, n);
    out[n] = 0;
}

static int64_t parse_decimal(const char *s) {
    int64_t v = 0;
    if (!isdigit((unsigned char)*s)) return -1;
    for (; isdigit((unsigned char)*s); s++) {
        if (v > INT64_MAX / 10 - 9) return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* One header line [p, p+n) without its line end. */
static void head_field(http_head *h, const unsigned char *p, size_t n) {
    const unsigned char *colon = memchr(p, ':', n);
    if (!colon) return;
    size_t name_len = (size_t)(colon - p);
    const unsigned char *v = colon + 1;
    size_t vn = n - name_len - 1;
    char value[128];
    if (name_len == 12 && !strncasecmp((const char *)p, "Content-Type", 12) && !h->content_type[0]) {
        copy_trimmed(h->content_type, sizeof h->content_type, v, vn);
    } else if (name_len == 16 && !strncasecmp((const char *)p, "Content-Encoding", 16)) {
        copy_trimmed(h->content_encoding, sizeof h->content_encoding, v, vn);
        for (char *c = h->content_encoding; *c; c++) *c = (char)tolower((unsigned char)*c);
    } else if (name_len == 17 && !strncasecmp((const char *)p, "Transfer-Encoding", 17)) {
        copy_trimmed(value, sizeof value, v, vn);
        h->chunked = strcasestr(value, "chunked") != NULL;
    } else if (name_len == 14 && !strncasecmp((const char *)p, "Content-Length", 14)) {
        copy_trimmed(value, sizeof value, v, vn);
        h->content_length = parse_decimal(value);
    }
}

long http_parse_head(const unsigned char *p, size_t n, http_head *h, int whole) {
    memset(h, 0, sizeof *h);
    h->content_length = -1;
    const unsigned char *end = p + n, *line = p;
    const unsigned char *nl = memchr(line, '\n', n);
    if (!nl) return n >= 5 && memcmp(p, "HTTP/", 5) && !isupper(p[0]) ? -1 : 0;   /* no complete line */
    size_t l = (size_t)(nl - line);
    if (l >= 8 && !memcmp(line, "HTTP", 4) && memchr(line, '/', 6)) {   /* also hand-edited "HTTPX/1.1" */
        const unsigned char *sp = memchr(line, ' ', l);
        if (!sp) return -1;
        while (sp < nl && *sp == ' ') sp++;
        int status = 0, digits = 0;
        for (; sp < nl && isdigit(*sp) && digits < 3; sp++, digits++) status = status * 10 + (*sp - '0');
        if (digits != 3) return -1;
        h->status = status;
    } else if (!(l >= 10 && isupper(line[0]) && memmem(line, l, " HTTP/", 6))) {
        return -1;   /* neither a status line nor a request line */
    }
    for (line = nl + 1; line < end; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl) {
            if (!whole) return 0;
            head_field(h, line, (size_t)(end - line));
            break;
        }
        l = (size_t)(nl - line);
        while (l && line[l - 1] == '\r') l--;
        if (l == 0) return (long)(nl + 1 - p);
        head_field(h, line, l);
    }
    return whole ? (long)n : 0;
}

enum { CH_SIZE, CH_EXT, CH_DATA, CH_DATA_END, CH_TRAILER, CH_TRAILER_LINE, CH_DONE };

void dechunk_init(dechunk *d) { memset(d, 0, sizeof *d); }

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t dechunk_feed(dechunk *d, const unsigned char *in, size_t n, unsigned char *out) {
    size_t produced = 0, i = 0;
    while (i < n && !d->error && d->state != CH_DONE) {
        unsigned char c = in[i];
        switch (d->state) {
        case CH_SIZE:
            if (hex_value(c) >= 0 && d->size_digits < 16) {
                d->left = d->left * 16 + (uint64_t)hex_value(c), d->size_digits++, i++;
            } else if (d->size_digits && (c == '\r' || c == '\n' || c == ';' || c == ' ')) {
                d->state = CH_EXT;
            } else {
                d->error = 1;
            }
            break;
        case CH_EXT:
            i++;
            if (c == '\n') {
                d->state = d->left ? CH_DATA : CH_TRAILER;
                d->size_digits = 0;
                d->chunks++;
            }
            break;
        case CH_DATA: {
            size_t take = n - i < d->left ? n - i : (size_t)d->left;
            memcpy(out + produced, in + i, take);
            produced += take, i += take, d->left -= take;
            if (!d->left) d->state = CH_DATA_END;
            break;
        }
        case CH_DATA_END:   /* CRLF (or a bare LF) after the chunk data */
            if (c == '\r') i++;
            else if (c == '\n') i++, d->state = CH_SIZE;
            else d->error = 1;
            break;
        case CH_TRAILER:
            i++;
            if (c == '\n') d->state = CH_DONE, d->done = 1;
            else if (c != '\r') d->state = CH_TRAILER_LINE;
            break;
        case CH_TRAILER_LINE:
            i++;
            if (c == '\n') d->state = CH_TRAILER;
            break;
        }
    }
    return produced;
}

static void param_or_type(const char *ct, char *out, size_t outlen, int want_charset) {
    out[0] = 0;
    if (!ct) return;
    const char *s = ct;
    size_t n;
    if (want_charset) {
        const char *cs = strcasestr(ct, "charset=");
        if (!cs) return;
        s = cs + 8;
        while (*s == '"' || *s == '\'' || *s == ' ') s++;
        n = strcspn(s, "\"'; ,");
    } else {
        while (*s == ' ') s++;
        n = strcspn(s, "; ,");
    }
    if (n >= outlen) n = outlen - 1;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
    out[n] = 0;
}

void http_media_type(const char *ct, char *out, size_t outlen) { param_or_type(ct, out, outlen, 0); }
void http_charset(const char *ct, char *out, size_t outlen) { param_or_type(ct, out, outlen, 1); }

/* Inflates with the given window bits; NULL on failure. */
static unsigned char *inflate_all(const unsigned char *in, size_t n, int window_bits, size_t max, size_t *outlen) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, window_bits) != Z_OK) return NULL;
    size_t cap = n * 4 + 1024 < max ? n * 4 + 1024 : max;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    int rc = Z_OK;
    size_t len = 0;
    while (out && rc == Z_OK) {
        if (len == cap) {
            if (cap >= max) break;
            cap = cap * 2 < max ? cap * 2 : max;
            unsigned char *o = realloc(out, cap);
            if (!o) { free(out); out = NULL; break; }
            out = o;
        }
        z.next_out = out + len;
        z.avail_out = (uInt)(cap - len);
        rc = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;   /* clipped input: keep what decoded */
    }
    inflateEnd(&z);
    if (out && len == 0 && rc != Z_STREAM_END) { free(out); return NULL; }
    *outlen = len;
    return out;
}

unsigned char *http_decode_content(const unsigned char *in, size_t n, const char *encoding, size_t max, size_t *outlen) {
    if (!strcmp(encoding, "gzip") || !strcmp(encoding, "x-gzip"))
        return inflate_all(in, n, 15 + 32, max, outlen);
    if (!strcmp(encoding, "deflate")) {   /* servers send both zlib-wrapped and raw deflate */
        unsigned char *out = inflate_all(in, n, 15, max, outlen);
        return out ? out : inflate_all(in, n, -15, max, outlen);
    }
    return NULL;
}
