/* jsonl.h -- JSON Lines in and out, one record at a time, with file:line for every error.
 *
 * Ownership: jl_next hands the caller a new json_t reference (json_decref it); strings returned
 * by jl_* stay owned by the reader and live until the next call. */
#ifndef GR_JSONL_H
#define GR_JSONL_H

#include <jansson.h>
#include <stdio.h>

#include "core/utf8.h"

typedef struct jl_reader jl_reader;

typedef enum { JL_RECORD, JL_MALFORMED, JL_END, JL_IO_ERROR } jl_status;

jl_reader *jl_open(const char *path, char *err, size_t errlen);   /* "-" = stdin */
void jl_close(jl_reader *r);

/* Next non-empty line.  JL_RECORD: *rec is an object.  JL_MALFORMED: the line is not a JSON
 * object or not valid UTF-8; jl_error() says why and jl_raw() gives the line. */
jl_status jl_next(jl_reader *r, json_t **rec);

/* The two halves of jl_next, for callers that parse on other threads: the next non-empty line
 * (JL_RECORD with the line in jl_raw, JL_END, JL_IO_ERROR), and parsing a line into an object
 * (JL_RECORD or JL_MALFORMED with the reason in err). */
jl_status jl_next_line(jl_reader *r);
jl_status jl_parse(const char *line, size_t len, json_t **rec, char *err, size_t errlen);
/* The reject record for a malformed line (see jl_malformed_record), from its parts. */
json_t *jl_malformed_json(const char *name, long line, const char *why, const char *raw, size_t len);
const char *jl_name(const jl_reader *r);
long jl_line(const jl_reader *r);
const char *jl_error(const jl_reader *r);
const char *jl_raw(const jl_reader *r, size_t *len);

/* Writes rec as one line (keys in insertion order, UTF-8 kept); 0 ok, -1 write error. */
int jl_write(FILE *f, const json_t *rec);

/* A JSON object describing a malformed line: {"reject_reason":"malformed", "reject_detail":
 * "FILE:LINE: why", "raw": the line with invalid UTF-8 replaced by U+FFFD}. */
json_t *jl_malformed_record(const jl_reader *r);

#endif
