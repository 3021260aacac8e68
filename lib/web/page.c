/* page.c -- from WARC record to UTF-8 page text. */
#include "web/page.h"
#include "web/charset.h"
#include "web/http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void page_init(page *pg) { memset(pg, 0, sizeof *pg); }

void page_free(page *pg) {
    free(pg->text);
    free(pg->body);
    page_init(pg);
}

static int media_is_html(const char *m) { return !strcmp(m, "text/html") || !strcmp(m, "application/xhtml+xml"); }

static const char *reason(page *pg, const char *why, const char *fmt, const char *arg) {
    snprintf(pg->detail, sizeof pg->detail, fmt, arg ? arg : "");
    return why;
}

/* Decodes chunked transfer into pg->body; falls back to the raw bytes when the chunking is broken. */
static const unsigned char *dechunk_body(page *pg, const unsigned char *p, size_t *n) {
    if (!*n) return p;
    if (*n > pg->body_cap) {
        unsigned char *b = realloc(pg->body, *n);
        if (!b) return p;
        pg->body = b, pg->body_cap = *n;
    }
    dechunk d;
    dechunk_init(&d);
    size_t got = dechunk_feed(&d, p, *n, pg->body);
    if (d.error && d.chunks)
        snprintf(pg->damage, sizeof pg->damage, "broken chunked transfer encoding after %llu chunks; raw body used",
                 (unsigned long long)d.chunks);
    if (d.error) return p;
    *n = got;
    return pg->body;
}

static int is_utf16(const unsigned char *p, size_t n) {
    return n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF));
}

const char *page_load(page *pg, warc_reader *r, const warc_record *rec, size_t max_bytes,
                      int (*wanted)(const char *bytes, size_t n)) {
    pg->detail[0] = pg->damage[0] = 0;
    pg->len = 0;
    const char *type = rec->type ? rec->type : "";
    int is_response = !strcmp(type, "response"), is_resource = !strcmp(type, "resource");
    int is_conversion = !strcmp(type, "conversion");
    if (!is_response && !is_resource && !is_conversion) return reason(pg, "not_a_page", "WARC-Type %s", type);
    const unsigned char *data;
    int complete;
    size_t n = warc_read_block(r, max_bytes + 1, &data, &complete);
    if (n > max_bytes) return reason(pg, "too_large", "block over %s bytes", "--max-page-bytes");
    char media[128] = "", http_cs[64] = "";
    http_head h = {0};
    int http = rec->content_type && !strncasecmp(rec->content_type, "application/http", 16);
    if (http) {
        long head = http_parse_head(data, n, &h, n <= max_bytes && !rec->truncated);
        if (head <= 0) return reason(pg, "not_a_page", "%sno HTTP response head", NULL);
        if (h.status < 200 || h.status > 299) {
            char s[16];
            snprintf(s, sizeof s, "%d", h.status);
            return reason(pg, "http_status", "HTTP status %s", s);
        }
        http_media_type(h.content_type, media, sizeof media);
        http_charset(h.content_type, http_cs, sizeof http_cs);
        data += head, n -= (size_t)head;
        if (h.chunked) data = dechunk_body(pg, data, &n);
    } else if (is_conversion) {
        snprintf(media, sizeof media, "text/plain");
    } else {
        http_media_type(rec->content_type, media, sizeof media);
        http_charset(rec->content_type, http_cs, sizeof http_cs);
    }
    pg->is_html = media_is_html(media);
    if (!pg->is_html && strcmp(media, "text/plain")) return reason(pg, "not_text", "media type %s", media[0] ? media : "none");
    if (rec->truncated && !n) return reason(pg, "truncated", "%sempty block", NULL);
    unsigned char *decoded = NULL;
    if (h.content_encoding[0] && strcmp(h.content_encoding, "identity")) {
        decoded = http_decode_content(data, n, h.content_encoding, max_bytes, &n);
        /* Some crawlers (ClueWeb, old Heritrix) store the decoded body but keep the header. */
        int stored_decoded = !decoded && n >= 2 && !(data[0] == 0x1f && data[1] == 0x8b) && data[0] != 0x78;
        if (!decoded && !stored_decoded) return reason(pg, "bad_content_encoding", "Content-Encoding %s", h.content_encoding);
        if (decoded) data = decoded;
    }
    if (wanted && !is_utf16(data, n) && !wanted((const char *)data, n)) {   /* ASCII markers survive any */
        free(decoded);                                                     /* other web charset */
        return reason(pg, "no_pairs", "%sno question markup", NULL);
    }
    free(pg->text);
    pg->text = charset_to_utf8((const char *)data, n, http_cs, pg->is_html, &pg->len, pg->charset, sizeof pg->charset);
    free(decoded);
    if (!pg->text) return reason(pg, "too_large", "%sout of memory", NULL);
    return NULL;
}

void page_url_host(const char *url, char *out, size_t outlen) {
    out[0] = 0;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) n -= (size_t)(at + 1 - p), p = at + 1;
    size_t host = n;
    if (*p == '[') { const char *rb = memchr(p, ']', n); host = rb ? (size_t)(rb - p) + 1 : n; }
    else { const char *colon = memchr(p, ':', n); if (colon) host = (size_t)(colon - p); }
    if (host >= outlen) host = outlen - 1;
    for (size_t i = 0; i < host; i++) out[i] = (char)tolower((unsigned char)p[i]);
    out[host] = 0;
}
