/* charset.h -- bytes in whatever charset a page declares, to UTF-8.
 * Precedence as in browsers: BOM, then the HTTP charset, then <meta>, then UTF-8 when the bytes
 * are valid UTF-8, else windows-1252.  ISO-8859-1 and ASCII labels mean windows-1252 (WHATWG). */
#ifndef GR_CHARSET_H
#define GR_CHARSET_H

#include <stddef.h>

/* Returns a malloc'd NUL-ended UTF-8 string (invalid input bytes become U+FFFD) and its length;
 * *used names the charset applied.  NULL only when out of memory. */
char *charset_to_utf8(const char *bytes, size_t n, const char *http_charset, int is_html,
                      size_t *outlen, char *used, size_t usedlen);

/* The charset a <meta> in the first 8 KB of an HTML page declares, lower-cased, or "". */
void charset_from_meta(const char *html, size_t n, char *out, size_t outlen);

#endif
