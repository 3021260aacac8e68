/* jscan.h -- a JSON line read the lean way: where each top-level member is, checked but not built.
 *
 * Building a whole jansson tree for every record cost most of a filter's time (gen-verify spent
 * 72 % of its time in jansson on MMLU-Pro responses), though a stage reads a few fields and adds a
 * few.  jscan_object checks a line as JSON and records its members' spans; the stage then builds
 * only the fields it reads, and its output is the line as read with its changes spliced in
 * (stage.c), so fields it never read pass through byte for byte.
 *
 * The scan is conservative: it accepts only what jansson (jl_parse) accepts too, and answers
 * "ask jansson" for what it does not judge itself (surrogate escapes, a NUL or an escape in a key,
 * long numbers, deep nesting, a repeated key), so a line's fate and its error message stay
 * jl_parse's. */
#ifndef GR_JSCAN_H
#define GR_JSCAN_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"

typedef struct {
    size_t key, key_len;     /* the key's bytes, between its quotes (no escapes in it) */
    size_t value, end;       /* the value's text: line[value, end) */
} jmember;

typedef struct {
    jmember *m;
    size_t n, cap;
    size_t open, close;      /* where the object's braces are */
} jobject;

typedef enum { JSCAN_OK, JSCAN_ASK_JANSSON } jscan_status;

/* JSCAN_OK: line[0, len) is one JSON object, its members in o (o->m grows as needed; start
 * from {0}, free o->m when done). */
jscan_status jscan_object(const char *line, size_t len, jobject *o);

/* The member whose key is key, or NULL. */
const jmember *jscan_find(const char *line, const jobject *o, const char *key);

/* A scanned string value's text ("..." with its quotes) decoded into out (room for end - value
 * bytes: decoding never lengthens a string); returns its length. */
size_t jscan_string(const char *line, const jmember *v, char *out);

/* A scanned member's value built as jansson's tree (what json_loadb gives for that text); NULL
 * when out of memory. */
json_t *jscan_value(const char *line, const jmember *v);

/* Appends v as json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) writes it, byte for byte; scalars
 * without jansson's per-call setup, which cost more than the splice itself. */
void jscan_dump(const json_t *v, buf *out);
/* Appends s[0, n) (valid UTF-8) as a JSON string, as jansson escapes it. */
void jscan_dump_text(const char *s, size_t n, buf *out);

#endif
