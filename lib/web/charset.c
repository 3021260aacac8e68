/* charset.c -- charset detection and conversion with iconv. */
#include "web/charset.h"
#include "core/utf8.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* WHATWG labels that iconv spells differently or that browsers widen to a superset. */
static const char *iconv_name(const char *label) {
    static const struct { const char *label, *name; } alias[] = {
        {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
        {"latin-1", "WINDOWS-1252"}, {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
        {"l1", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"}, {"x-cp1252", "WINDOWS-1252"},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"gb_2312-80", "GB18030"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"ms_kanji", "CP932"}, {"windows-31j", "CP932"}, {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"},
        {"iso-8859-9", "WINDOWS-1254"}, {"tis-620", "CP874"}, {"iso-8859-11", "CP874"},
        {"utf8", "UTF-8"}, {"unicode", "UTF-16LE"}, {"utf-16", "UTF-16LE"},
    };
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (!strcasecmp(label, alias[i].label)) return alias[i].name;
    return label;
}

void charset_from_meta(const char *html, size_t n, char *out, size_t outlen) {
    out[0] = 0;
    if (n > 8192) n = 8192;
    const char *end = html + n;
    for (const char *p = html; (p = memchr(p, '<', (size_t)(end - p))); p++) {
        if (end - p < 6 || strncasecmp(p + 1, "meta", 4)) continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        if (!close) return;
        char tag[1024];
        size_t len = (size_t)(close - p) < sizeof tag - 1 ? (size_t)(close - p) : sizeof tag - 1;
        for (size_t i = 0; i < len; i++) tag[i] = (char)tolower((unsigned char)p[i]);
        tag[len] = 0;
        const char *cs = strstr(tag, "charset=");
        if (cs) {
            cs += 8;
            while (*cs == '"' || *cs == '\'' || *cs == ' ') cs++;
            size_t k = strcspn(cs, "\"'; />");
            if (k && k < outlen) { memcpy(out, cs, k); out[k] = 0; return; }
        }
    }
}

/* Converts with iconv, replacing what cannot be converted by U+FFFD; NULL if cs is unknown. */
static char *convert(const char *in, size_t n, const char *cs, size_t *outlen) {
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 3 + 16;
    char *out = malloc(cap), *o = out;
    char *ip = (char *)in;
    size_t ileft = n, oleft = cap - 1;
    while (out && ileft) {
        if (iconv(cd, &ip, &ileft, &o, &oleft) != (size_t)-1) break;
        if (errno == E2BIG) {   /* cannot happen with 3x room, but stay safe */
            size_t used = (size_t)(o - out);
            char *bigger = realloc(out, cap * 2);
            if (!bigger) { free(out); out = NULL; break; }
            out = bigger, o = out + used, cap *= 2, oleft = cap - 1 - used;
            continue;
        }
        if (oleft < 3) break;
        memcpy(o, "\xEF\xBF\xBD", 3), o += 3, oleft -= 3;   /* EILSEQ or EINVAL: skip one byte */
        ip++, ileft--;
    }
    iconv_close(cd);
    if (!out) return NULL;
    *o = 0;
    *outlen = (size_t)(o - out);
    return out;
}

char *charset_to_utf8(const char *bytes, size_t n, const char *http_charset, int is_html, size_t *outlen,
                      char *used, size_t usedlen) {
    const unsigned char *b = (const unsigned char *)bytes;
    char declared[64] = "";
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) bytes += 3, n -= 3, snprintf(declared, sizeof declared, "UTF-8");
    else if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) bytes += 2, n -= 2, snprintf(declared, sizeof declared, "UTF-16LE");
    else if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) bytes += 2, n -= 2, snprintf(declared, sizeof declared, "UTF-16BE");
    else if (http_charset && *http_charset) snprintf(declared, sizeof declared, "%s", http_charset);
    else if (is_html) charset_from_meta(bytes, n, declared, sizeof declared);
    const char *cs = declared[0] ? iconv_name(declared) : "";
    char *out = NULL;
    if (!*cs || !strcasecmp(cs, "UTF-8")) {
        cs = !*cs && !utf8_valid(bytes, n) ? "WINDOWS-1252" : "UTF-8";
    }
    if (!strcasecmp(cs, "UTF-8")) {
        out = utf8_sanitize(bytes, n);
        if (out) *outlen = strlen(out);
    } else if (!(out = convert(bytes, n, cs, outlen))) {   /* unknown label: treat as undeclared */
        cs = utf8_valid(bytes, n) ? "UTF-8" : "WINDOWS-1252";
        out = !strcmp(cs, "UTF-8") ? utf8_sanitize(bytes, n) : convert(bytes, n, cs, outlen);
        if (out && !strcmp(cs, "UTF-8")) *outlen = strlen(out);
    }
    snprintf(used, usedlen, "%s", cs);
    return out;
}
