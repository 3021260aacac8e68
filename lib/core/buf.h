/* buf.h -- a growable byte buffer, always NUL-ended.  buf_free releases it; a buffer that failed
 * to grow keeps its old contents and sets oom, so callers check once at the end. */
#ifndef GR_BUF_H
#define GR_BUF_H

#include <stddef.h>

typedef struct {
    char *data;
    size_t len, cap;
    int oom;
} buf;

void buf_init(buf *b);
void buf_free(buf *b);
void buf_clear(buf *b);
void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
/* Appends the UTF-8 encoding of code point cp (U+FFFD for invalid ones). */
void buf_put_utf8(buf *b, unsigned cp);
/* Hands the contents to the caller (malloc'd) and resets the buffer. */
char *buf_take(buf *b);

#endif
