/* http: lenient heads, chunked decoding, content codings. */
#include "web/http.h"
#include "unit.h"

#include <stdlib.h>
#include <zlib.h>

static long head(const char *s, http_head *h) { return http_parse_head((const unsigned char *)s, strlen(s), h, 0); }

int main(void) {
    http_head h;
    const char *ok = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\nContent-Encoding: GZIP\r\n\r\nbody";
    CHECK(head(ok, &h) == (long)strlen(ok) - 4 && h.status == 200 && h.chunked, "status line and headers");
    CHECK_STR(h.content_encoding, "gzip", "content-encoding lower-cased");
    char m[64], cs[64];
    http_media_type(h.content_type, m, sizeof m);
    http_charset(h.content_type, cs, sizeof cs);
    CHECK_STR(m, "text/html", "media type");
    CHECK_STR(cs, "iso-8859-1", "charset");
    CHECK(head("HTTP/1.0 302 \r\r\nLocation: x\r\r\n\r\r\n", &h) > 0 && h.status == 302, "no reason phrase, CR CR LF lines");
    CHECK(head("HTTP/1.1 404 Not Found\nA: b\n\nx", &h) == 29 && h.status == 404, "LF-only head");
    CHECK(head("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &h) > 0 && h.status == 0, "request line");
    CHECK(head("HTTP/1.1 200 OK\r\nA: b\r\n", &h) == 0, "unfinished head");
    CHECK(head("<html>not http</html>\n", &h) == -1, "not HTTP");
    const char *cut = "HTTP/1.0 302 \r\nLocation: x\r\n";
    CHECK(http_parse_head((const unsigned char *)cut, strlen(cut), &h, 1) == (long)strlen(cut) && h.status == 302,
          "a whole message whose empty line was cut off");

    dechunk d;
    unsigned char out[64];
    const char *chunked = "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nTrailer: x\r\n\r\n";
    dechunk_init(&d);
    size_t n = 0;
    for (size_t i = 0; i < strlen(chunked); i++) n += dechunk_feed(&d, (const unsigned char *)chunked + i, 1, out + n);
    CHECK(n == 9 && !memcmp(out, "Wikipedia", 9) && d.done && !d.error, "chunked, fed byte by byte");
    dechunk_init(&d);
    dechunk_feed(&d, (const unsigned char *)"4\r\nWiki\r\nzz\r\n", 13, out);
    CHECK(d.error, "bad chunk size is an error");

    unsigned char gz[128];
    z_stream z = {0};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)"hello hello hello";
    z.avail_in = 17;
    z.next_out = gz;
    z.avail_out = sizeof gz;
    deflate(&z, Z_FINISH);
    size_t gzlen = sizeof gz - z.avail_out;
    deflateEnd(&z);
    size_t outlen;
    unsigned char *plain = http_decode_content(gz, gzlen, "gzip", 1 << 20, &outlen);
    CHECK(plain && outlen == 17 && !memcmp(plain, "hello hello hello", 17), "gzip content coding");
    free(plain);
    CHECK(http_decode_content((const unsigned char *)"plain", 5, "gzip", 1 << 20, &outlen) == NULL, "undecodable gzip");
    UNIT_EXIT();
}
