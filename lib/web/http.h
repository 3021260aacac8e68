/* http.h -- the HTTP message inside a WARC block: the head, chunked transfer, content coding.
 * Lenient like the archives it reads: LF-only lines, stray CRs, a status line without reason. */
#ifndef GR_HTTP_H
#define GR_HTTP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int status;                    /* 0 for a request */
    int64_t content_length;        /* -1 when absent */
    int chunked;                   /* Transfer-Encoding: chunked */
    char content_type[128];        /* as sent, parameters included */
    char content_encoding[32];     /* lower-cased: gzip, deflate, br, ... */
} http_head;

/* Parses the head at p.  Returns its length (through the empty line), 0 when the head does not
 * end within n bytes, -1 when p does not start an HTTP message.  With whole set, p[0..n) is the
 * entire message: a head whose empty line is missing (archives that cut it off) ends at n. */
long http_parse_head(const unsigned char *p, size_t n, http_head *h, int whole);

/* Streaming chunked-transfer decoder. */
typedef struct {
    int state;
    uint64_t left;                 /* bytes left in the current chunk */
    int size_digits;
    int error;                     /* the encoding is broken; decoding stopped */
    uint64_t chunks;               /* chunks decoded so far */
    int done;                      /* the last chunk was seen */
} dechunk;

void dechunk_init(dechunk *d);
/* Decodes n bytes of input into out (room for n bytes); returns the bytes written.  An error
 * before the first chunk usually means the crawler stored the body de-chunked but kept the
 * header: callers then use the raw body without complaint. */
size_t dechunk_feed(dechunk *d, const unsigned char *in, size_t n, unsigned char *out);

/* Copies the media type of a Content-Type value ("text/html; charset=x" -> "text/html"),
 * lower-cased and trimmed, into out. */
void http_media_type(const char *content_type, char *out, size_t outlen);
/* The charset parameter of a Content-Type value, lower-cased, or "" . */
void http_charset(const char *content_type, char *out, size_t outlen);

/* Undoes Content-Encoding gzip / deflate (zlib or raw).  Returns a malloc'd buffer and its
 * length, or NULL when the data cannot be decoded; max bounds the output size. */
unsigned char *http_decode_content(const unsigned char *in, size_t n, const char *encoding,
                                   size_t max, size_t *outlen);

#endif
