/* warc + instream: record walking over plain, per-record gzip, whole-file gzip, zstd; the
 * leniencies (LF-only, single CRLF, no trailer, <uri>) and the recoveries (bad length, garbage). */
#include "web/warc.h"
#include "unit.h"

#include <stdlib.h>
#include <zlib.h>

static char *record(const char *type, const char *uri, const char *block, const char *eol) {
    char *r;
    if (asprintf(&r, "WARC/1.1%sWARC-Type: %s%sWARC-Record-ID: <urn:uuid:%s>%sWARC-Target-URI: %s%s"
                     "Content-Length: %zu%s%s%s",
                 eol, type, eol, type, eol, uri, eol, strlen(block), eol, eol, block) < 0) abort();
    return r;
}

static void gzip_append(FILE *f, const char *data, size_t n) {
    unsigned char out[8192];
    z_stream z = {0};
    deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = sizeof out;
    deflate(&z, Z_FINISH);
    fwrite(out, 1, sizeof out - z.avail_out, f);
    deflateEnd(&z);
}

typedef struct { int errors; char last[512]; } errs;
static void on_error(void *ctx, const warc_record *rec, int64_t off, const char *msg) {
    (void)rec, (void)off;
    errs *e = ctx;
    e->errors++;
    snprintf(e->last, sizeof e->last, "%s", msg);
}

static int prefetch;   /* walk with the decompression thread */

/* Walks a file: record types joined by ',' into out; returns the error count. */
static int walk(const char *path, char *out, size_t outlen, int64_t *offsets) {
    char err[200];
    errs e = {0};
    warc_reader *r = warc_open(path, err, sizeof err);
    if (!r) { snprintf(out, outlen, "open failed: %s", err); return -1; }
    warc_on_error(r, on_error, &e);
    if (prefetch) warc_prefetch(r);
    const warc_record *rec;
    out[0] = 0;
    int i = 0;
    while (warc_next(r, &rec)) {
        char block[64] = "";
        ssize_t n = warc_read(r, block, sizeof block - 1);
        block[n > 0 ? n : 0] = 0;
        snprintf(out + strlen(out), outlen - strlen(out), "%s%s=%s", i ? "," : "", rec->type, block);
        if (offsets) offsets[i] = rec->offset;
        i++;
    }
    warc_close(r);
    return e.errors;
}

static const char *tmp(void) {
    static char path[64];
    strcpy(path, "/tmp/gr-warc-XXXXXX");
    close(mkstemp(path));
    return path;
}

int main(void) {
    char got[1024];
    char *a = record("warcinfo", "x", "info", "\r\n"), *b = record("response", "<http://e.com/>", "BODY", "\r\n");
    char *c = record("resource", "http://e.com/r", "R", "\r\n");
    const char *path = tmp();
    FILE *f = fopen(path, "w");
    fprintf(f, "%s\r\n\r\n%s\r\n\r\n%s\r\n\r\n", a, b, c);
    fclose(f);
    CHECK(walk(path, got, sizeof got, NULL) == 0 && !strcmp(got, "warcinfo=info,response=BODY,resource=R"), "plain WARC: %s", got);

    f = fopen(path, "w");   /* node-warc: one CRLF; pywb: none; LF-only lines */
    char *lf = record("metadata", "m", "M", "\n");
    fprintf(f, "%s\r\n%s%s\n\n", a, b, lf);
    fclose(f);
    CHECK(walk(path, got, sizeof got, NULL) == 0 && !strcmp(got, "warcinfo=info,response=BODY,metadata=M"),
          "single CRLF, missing trailer, LF-only lines: %s", got);

    f = fopen(path, "w");   /* Content-Length one byte short: reported, next record found */
    char *shortlen = record("response", "u", "BODY", "\r\n");
    *strstr(shortlen, "Length: 4") = 0;
    fprintf(f, "%sLength: 3\r\n\r\nBODY\r\n\r\n%s\r\n\r\n", shortlen, c);
    fclose(f);
    int n = walk(path, got, sizeof got, NULL);
    CHECK(n == 1 && !strcmp(got, "response=BOD,resource=R"), "short Content-Length resyncs (%d errors): %s", n, got);

    f = fopen(path, "w");   /* Content-Length too long: the block is cut at the next record */
    fprintf(f, "%sLength: 40\r\n\r\nBODY\r\n\r\n%s\r\n\r\n", shortlen, c);
    fclose(f);
    n = walk(path, got, sizeof got, NULL);
    CHECK(n == 1 && !strcmp(got, "response=BODY,resource=R"), "long Content-Length is cut (%d errors): %s", n, got);

    f = fopen(path, "w");   /* garbage between records */
    fprintf(f, "%s\r\n\r\nGARBAGE LINE\r\nmore\r\n%s\r\n\r\n", a, c);
    fclose(f);
    n = walk(path, got, sizeof got, NULL);
    CHECK(n == 1 && !strcmp(got, "warcinfo=info,resource=R"), "garbage skipped (%d errors): %s", n, got);

    f = fopen(path, "w");   /* per-record gzip: offsets are member offsets */
    char one[512], two[512];
    snprintf(one, sizeof one, "%s\r\n\r\n", a);
    snprintf(two, sizeof two, "%s\r\n\r\n", b);
    gzip_append(f, one, strlen(one));
    long second = ftell(f);
    gzip_append(f, two, strlen(two));
    fwrite("trailing junk", 1, 13, f);
    fclose(f);
    int64_t offs[4] = {-2, -2, -2, -2};
    for (prefetch = 0; prefetch < 2; prefetch++) {
        n = walk(path, got, sizeof got, offs);
        CHECK(n == 1 && !strcmp(got, "warcinfo=info,response=BODY"), "per-record gzip, trailing junk reported, prefetch %d (%d errors): %s", prefetch, n, got);
        CHECK(offs[0] == 0 && offs[1] == second, "member offsets %lld %lld (want 0 %ld), prefetch %d", (long long)offs[0], (long long)offs[1], second, prefetch);
    }
    prefetch = 0;

    f = fopen(path, "w");   /* whole-file gzip: records inside one member have no offset */
    char both[1024];
    snprintf(both, sizeof both, "%s%s", one, two);
    gzip_append(f, both, strlen(both));
    fclose(f);
    n = walk(path, got, sizeof got, offs);
    CHECK(n == 0 && !strcmp(got, "warcinfo=info,response=BODY") && offs[0] == 0 && offs[1] == -1, "whole-file gzip");

    f = fopen(path, "w");   /* clipped gzip */
    gzip_append(f, one, strlen(one));
    long cut = ftell(f);
    gzip_append(f, two, strlen(two));
    fclose(f);
    truncate(path, cut + 30);
    n = walk(path, got, sizeof got, NULL);
    CHECK(n >= 1 && !strncmp(got, "warcinfo=info", 13), "clipped gzip member reported (%d errors): %s", n, got);

    f = fopen(path, "w");   /* ARC v1 */
    fprintf(f, "filedesc://x.arc 0.0.0.0 20080430204825 text/plain 3\nabc\n"
               "http://e.com/a b 1.2.3.4 20080430204826 text/html 5\nHELLO\n");
    fclose(f);
    n = walk(path, got, sizeof got, NULL);
    CHECK(n == 0 && !strcmp(got, "warcinfo=abc,response=HELLO"), "ARC records: %s", got);

    f = fopen(path, "w");
    fputs("this is not a web archive at all\n", f);
    fclose(f);
    n = walk(path, got, sizeof got, NULL);
    CHECK(n == 1 && !strcmp(got, ""), "not a WARC: one error, no records");

    char err[200];
    CHECK(warc_open("/nonexistent/x.warc", err, sizeof err) == NULL && strstr(err, "cannot open"), "missing file: %s", err);
    remove(path);
    free(a), free(b), free(c), free(lf), free(shortlen);
    UNIT_EXIT();
}
