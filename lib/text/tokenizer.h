/* tokenizer.h -- Hugging Face byte-level BPE tokenizers (Qwen2/Qwen2.5/Qwen3 tokenizer.json).
 *
 * Encoding follows the reference pipeline step by step: ill-formed UTF-8 is repaired as Python's
 * decode(errors="replace") does; added tokens (<|im_start|>, <think> ...) are matched on the raw
 * text, leftmost-longest; the rest is NFC-normalized, split by the pre-tokenizer regex (PCRE2 JIT
 * with Unicode properties), mapped to byte-level symbols and merged by BPE rank.  Encoding is
 * thread-safe: each thread gets its own match data and pre-token cache. */
#ifndef GR_TOKENIZER_H
#define GR_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

typedef struct tokenizer tokenizer;

/* A growable array of token ids. */
typedef struct {
    int32_t *ids;
    size_t len, cap;
    int oom;
} token_ids;

void token_ids_free(token_ids *t);

/* Loads tokenizer.json; NULL with a one-line reason in err on any missing or malformed part. */
tokenizer *tokenizer_load(const char *path, char *err, size_t errlen);
void tokenizer_free(tokenizer *tok);

/* Appends the ids of text[0..n) to out; returns 0, or -1 when memory ran out. */
int tokenizer_encode(const tokenizer *tok, const char *text, size_t n, token_ids *out);
/* Number of tokens of text[0..n) (-1 when memory ran out). */
long tokenizer_count(const tokenizer *tok, const char *text, size_t n);

/* Ids in [0, tokenizer_size) may be used; some may be unassigned (empty). */
int tokenizer_size(const tokenizer *tok);
/* The bytes of token id (not NUL-ended, maybe a partial UTF-8 sequence); NULL for unknown ids. */
const char *tokenizer_piece(const tokenizer *tok, int id, size_t *len);
/* Id of a token given by its text (e.g. "<|im_end|>"), or -1. */
int tokenizer_find(const tokenizer *tok, const char *text);

/* Decoding a stream of ids: bytes are held back until they complete a UTF-8 sequence, so text can
 * be printed as it is generated; ill-formed bytes become U+FFFD, as the reference decode does. */
typedef struct {
    char pending[4];
    size_t npending;
} token_stream;

void tokenizer_decode_step(const tokenizer *tok, token_stream *st, int id, buf *out);
/* Flushes what a stream still holds (an incomplete sequence becomes U+FFFD). */
void tokenizer_decode_end(token_stream *st, buf *out);
/* Decodes ids[0..n) in one go. */
void tokenizer_decode(const tokenizer *tok, const int32_t *ids, size_t n, buf *out);

#endif
