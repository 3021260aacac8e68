/* tokenize -- test and bench driver of lib/tokenizer (not an installed program).
 *
 *   tokenize TOKENIZER.json FILE...        each file's raw bytes, encoded whole:
 *                                          {"file":..., "ids":[...], "decoded":...} per file
 *   tokenize TOKENIZER.json < texts.jsonl  each line's "text" the same way
 *   tokenize --count TOKENIZER.json FILE   the number of tokens only (for benchmarks)
 *   tokenize --count --lines TOK FILE      the same, each line encoded as a text of its own
 * "stream_same" says whether decoding one id at a time, as a generator does, gave "decoded" too. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/tokenizer.h"

static int count_only, by_line;

static int stream_same(const tokenizer *tok, const token_ids *t, const buf *whole) {
    buf b;
    buf_init(&b);
    token_stream st = {{0}, 0};
    for (size_t i = 0; i < t->len; i++) tokenizer_decode_step(tok, &st, t->ids[i], &b);
    tokenizer_decode_end(&st, &b);
    int same = b.len == whole->len && (!b.len || !memcmp(b.data, whole->data, b.len));
    buf_free(&b);
    return same;
}

static int report(const tokenizer *tok, const char *name, const char *text, size_t n) {
    token_ids t = {0};
    if (tokenizer_encode(tok, text, n, &t) < 0) { fprintf(stderr, "tokenize: %s: out of memory\n", name); return 1; }
    if (count_only) { printf("%zu\n", t.len); token_ids_free(&t); return 0; }
    buf d;
    buf_init(&d);
    tokenizer_decode(tok, t.ids, t.len, &d);
    json_t *ids = json_array(), *o = json_object();
    for (size_t i = 0; i < t.len; i++) json_array_append_new(ids, json_integer(t.ids[i]));
    json_object_set_new(o, "file", json_string(name));
    json_object_set_new(o, "ids", ids);
    json_object_set_new(o, "decoded", json_stringn(d.len ? d.data : "", d.len));
    json_object_set_new(o, "stream_same", json_boolean(stream_same(tok, &t, &d)));
    char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    puts(line);
    free(line), json_decref(o), buf_free(&d), token_ids_free(&t);
    return 0;
}

static int count_lines(const tokenizer *tok, const char *name, const char *text, size_t n) {
    long total = 0;
    for (const char *p = text, *end = text + n, *nl; p < end; p = nl + 1) {
        if (!(nl = memchr(p, '\n', (size_t)(end - p)))) nl = end;
        long k = tokenizer_count(tok, p, (size_t)(nl - p));
        if (k < 0) { fprintf(stderr, "tokenize: %s: out of memory\n", name); return 1; }
        total += k;
    }
    printf("%ld\n", total);
    return 0;
}

static char *slurp(FILE *f, size_t *n) {
    buf b;
    buf_init(&b);
    char chunk[1 << 16];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, k);
    *n = b.len;
    return buf_take(&b);
}

int main(int argc, char **argv) {
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (!strcmp(argv[a], "--count")) count_only = 1;
        else if (!strcmp(argv[a], "--lines")) by_line = 1;
        else { fprintf(stderr, "tokenize: unknown option %s\n", argv[a]); return 2; }
    }
    if (a >= argc) { fprintf(stderr, "usage: tokenize [--count [--lines]] TOKENIZER.json [FILE...]\n"); return 2; }
    char err[512];
    tokenizer *tok = tokenizer_load(argv[a], err, sizeof err);
    if (!tok) { fprintf(stderr, "tokenize: %s\n", err); return 2; }
    int rc = 0;
    for (int i = a + 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); rc = 1; continue; }
        size_t n;
        char *text = slurp(f, &n);
        fclose(f);
        if (by_line && count_only) rc |= count_lines(tok, argv[i], text, n);
        else rc |= report(tok, argv[i], text, n);
        free(text);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (long no = 1; a + 1 >= argc && (len = getline(&line, &cap, stdin)) > 0; no++) {
        json_error_t je;
        json_t *o = json_loadb(line, (size_t)len, JSON_ALLOW_NUL, &je);
        json_t *text = json_object_get(o, "text");
        char name[32];
        snprintf(name, sizeof name, "line %ld", no);
        if (json_is_string(text)) rc |= report(tok, name, json_string_value(text), json_string_length(text));
        else fprintf(stderr, "tokenize: stdin: %s: no \"text\"\n", name), rc = 1;
        json_decref(o);
    }
    free(line);
    tokenizer_free(tok);
    return rc;
}
