/* tokenizer.c -- byte-level BPE as Hugging Face tokenizers does it, for Qwen's tokenizer.json. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "text/tokenizer.h"

#include <jansson.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/errors.h"
#include "core/utf8.h"

/* ---- hash tables ---- */

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;          /* FNV-1a: pieces are short */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static uint64_t hash_pair(int32_t a, int32_t b) {
    return (((uint64_t)(uint32_t)a << 32 | (uint32_t)b) * 0x9E3779B97F4A7C15ull) >> 17;
}

typedef struct {
    int32_t left, right, rank, merged;    /* left < 0: empty slot */
} merge_slot;

/* Table sizes: a power of two at least twice the entries, so probes stay short. */
static size_t table_size(size_t entries) {
    size_t n = 16;
    while (n < entries * 2) n <<= 1;
    return n;
}

/* ---- the tokenizer ---- */

#define CACHE_SLOTS 4096
#define CACHE_PIECE 22     /* longer pre-tokens are rare and not cached */

typedef struct {
    uint64_t hash;
    uint8_t len, nids;
    char bytes[CACHE_PIECE];
    int32_t ids[CACHE_PIECE];
} cache_slot;

typedef struct { int32_t rank, pos, right, left_id, right_id; } heap_item;
typedef struct { int32_t id, prev, next; } symbol;

/* What one thread needs to encode: match data, a pre-token cache and scratch space. */
typedef struct session {
    struct session *next;
    pcre2_match_data *match;
    cache_slot *cache;
    symbol *syms;
    heap_item *heap;
    size_t cap;
    buf repaired;
} session;

typedef struct {
    char *text;
    size_t len;
    int32_t id;
} added_token;

struct tokenizer {
    int size;                    /* ids are < size */
    char *arena;                 /* every piece's bytes */
    size_t *piece_off;           /* size + 1 offsets into arena; empty = unassigned */
    int32_t *piece_slots;        /* bytes -> id; -1 empty */
    size_t piece_mask;
    merge_slot *merges;
    size_t merge_mask;
    int32_t byte_id[256];        /* the token of each single byte */
    added_token *added;
    int nadded;
    unsigned char added_first[256];
    int nfc, ignore_merges;
    pcre2_code *pretokenize;
    pthread_key_t key;
    pthread_mutex_t lock;
    session *sessions;           /* every thread's, freed with the tokenizer */
};

void token_ids_free(token_ids *t) {
    free(t->ids);
    memset(t, 0, sizeof *t);
}

static int ids_push(token_ids *t, int32_t id) {
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        int32_t *p = realloc(t->ids, cap * sizeof *p);
        if (!p) return t->oom = 1, -1;
        t->ids = p, t->cap = cap;
    }
    t->ids[t->len++] = id;
    return 0;
}

int tokenizer_size(const tokenizer *tok) { return tok->size; }

const char *tokenizer_piece(const tokenizer *tok, int id, size_t *len) {
    if (id < 0 || id >= tok->size || tok->piece_off[id + 1] == tok->piece_off[id]) return NULL;
    *len = tok->piece_off[id + 1] - tok->piece_off[id];
    return tok->arena + tok->piece_off[id];
}

static int32_t piece_lookup(const tokenizer *tok, const char *s, size_t n) {
    for (size_t i = hash_bytes(s, n) & tok->piece_mask;; i = (i + 1) & tok->piece_mask) {
        int32_t id = tok->piece_slots[i];
        if (id < 0) return -1;
        size_t len = 0;
        const char *p = tokenizer_piece(tok, id, &len);
        if (len == n && !memcmp(p, s, n)) return id;
    }
}

int tokenizer_find(const tokenizer *tok, const char *text) {
    return piece_lookup(tok, text, strlen(text));
}

static const merge_slot *merge_lookup(const tokenizer *tok, int32_t a, int32_t b) {
    for (size_t i = hash_pair(a, b) & tok->merge_mask;; i = (i + 1) & tok->merge_mask) {
        const merge_slot *m = &tok->merges[i];
        if (m->left < 0) return NULL;
        if (m->left == a && m->right == b) return m;
    }
}

/* ---- loading ---- */

/* GPT-2's byte-level alphabet: printable bytes stand for themselves, the other 68 bytes for
 * U+0100 onwards, in order. */
static void byte_alphabet(unsigned cp_of_byte[256], int byte_of_cp[324]) {
    unsigned next = 256;
    for (int i = 0; i < 324; i++) byte_of_cp[i] = -1;
    for (int b = 0; b < 256; b++) {
        int printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
        cp_of_byte[b] = printable ? (unsigned)b : next++;
        byte_of_cp[cp_of_byte[b]] = b;
    }
}

typedef struct {
    char *msg;
    size_t len;
} load_error;

static int fail(load_error *e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror_into(e->msg, e->len, fmt, ap);
    va_end(ap);
    return -1;
}

/* Decodes a byte-level vocabulary string to the bytes it stands for (into out, NUL not added). */
static int byte_level_decode(const char *s, const int byte_of_cp[324], buf *out) {
    size_t n = strlen(s);
    buf_clear(out);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || cp >= 324 || byte_of_cp[cp] < 0) return -1;
        buf_putc(out, (char)byte_of_cp[cp]);
        i += (size_t)k;
    }
    return 0;
}

/* Grows the arena with id's bytes; pieces are stored in id order after all are known. */
typedef struct {
    char **bytes;
    size_t *len;
} piece_list;

static int set_piece(tokenizer *tok, piece_list *pl, int32_t id, const char *s, size_t n, load_error *e) {
    if (id < 0 || id >= tok->size) return fail(e, "token id %d out of range", id);
    if (pl->bytes[id]) return fail(e, "token id %d assigned twice", id);
    if (!(pl->bytes[id] = malloc(n ? n : 1))) return fail(e, "out of memory");
    memcpy(pl->bytes[id], s, n);
    pl->len[id] = n;
    return 0;
}

static int build_pieces(tokenizer *tok, piece_list *pl, load_error *e) {
    size_t total = 0;
    for (int i = 0; i < tok->size; i++) total += pl->len[i];
    tok->arena = malloc(total + 1);
    tok->piece_off = malloc((tok->size + 1) * sizeof *tok->piece_off);
    size_t slots = table_size(tok->size);
    tok->piece_slots = malloc(slots * sizeof *tok->piece_slots);
    if (!tok->arena || !tok->piece_off || !tok->piece_slots) return fail(e, "out of memory");
    tok->piece_mask = slots - 1;
    memset(tok->piece_slots, 0xff, slots * sizeof *tok->piece_slots);
    size_t off = 0;
    for (int i = 0; i < tok->size; i++) {
        tok->piece_off[i] = off;
        if (!pl->bytes[i]) continue;
        memcpy(tok->arena + off, pl->bytes[i], pl->len[i]);
        off += pl->len[i];
        if (!pl->len[i]) return fail(e, "token id %d is empty", i);
        if (piece_lookup(tok, tok->arena + tok->piece_off[i], pl->len[i]) >= 0) continue;   /* first id wins */
        tok->piece_off[i + 1] = off;    /* piece_lookup of later ids reads it */
        size_t h = hash_bytes(pl->bytes[i], pl->len[i]) & tok->piece_mask;
        while (tok->piece_slots[h] >= 0) h = (h + 1) & tok->piece_mask;
        tok->piece_slots[h] = i;
    }
    tok->piece_off[tok->size] = off;
    return 0;
}

static int max_id(json_t *vocab, json_t *added, load_error *e) {
    long top = -1;
    const char *k;
    json_t *v;
    json_object_foreach(vocab, k, v) {
        if (!json_is_integer(v)) return fail(e, "model.vocab[\"%s\"] is not an integer id", k);
        if (json_integer_value(v) > top) top = (long)json_integer_value(v);
    }
    size_t i;
    json_array_foreach(added, i, v) {
        json_t *id = json_object_get(v, "id");
        if (!json_is_integer(id)) return fail(e, "added_tokens[%zu] has no integer id", i);
        if (json_integer_value(id) > top) top = (long)json_integer_value(id);
    }
    if (top < 255 || top >= (1 << 24)) return fail(e, "vocabulary size %ld is absurd", top + 1);
    return (int)top + 1;
}

static int load_vocab(tokenizer *tok, piece_list *pl, json_t *vocab, const int byte_of_cp[324], load_error *e) {
    buf b;
    buf_init(&b);
    const char *k;
    json_t *v;
    int rc = 0;
    json_object_foreach(vocab, k, v) {
        if (byte_level_decode(k, byte_of_cp, &b) < 0) { rc = fail(e, "model.vocab[\"%s\"] is not byte-level text", k); break; }
        if ((rc = set_piece(tok, pl, (int32_t)json_integer_value(v), b.data, b.len, e)) < 0) break;
    }
    buf_free(&b);
    return rc;
}

static int load_added(tokenizer *tok, piece_list *pl, json_t *added, load_error *e) {
    size_t i;
    json_t *v;
    tok->added = calloc(json_array_size(added) + 1, sizeof *tok->added);
    if (!tok->added) return fail(e, "out of memory");
    json_array_foreach(added, i, v) {
        json_t *content = json_object_get(v, "content");
        if (!json_is_string(content) || !json_string_length(content))
            return fail(e, "added_tokens[%zu] has no content", i);
        if (json_is_true(json_object_get(v, "lstrip")) || json_is_true(json_object_get(v, "rstrip")) ||
            json_is_true(json_object_get(v, "single_word")))
            return fail(e, "added_tokens[%zu] uses lstrip/rstrip/single_word, which is not supported", i);
        int32_t id = (int32_t)json_integer_value(json_object_get(v, "id"));
        const char *s = json_string_value(content);
        size_t n = json_string_length(content);
        if (!pl->bytes[id] && set_piece(tok, pl, id, s, n, e) < 0) return -1;
        added_token *a = &tok->added[tok->nadded++];
        if (!(a->text = strdup(s))) return fail(e, "out of memory");
        a->len = n, a->id = id;
        tok->added_first[(unsigned char)s[0]] = 1;
    }
    return 0;
}

/* Merges are "a b" strings (older files) or ["a", "b"] pairs; rank is the position. */
static int load_merges(tokenizer *tok, json_t *merges, const int byte_of_cp[324], load_error *e) {
    size_t slots = table_size(json_array_size(merges));
    if (!(tok->merges = malloc(slots * sizeof *tok->merges))) return fail(e, "out of memory");
    for (size_t i = 0; i < slots; i++) tok->merges[i].left = -1;
    tok->merge_mask = slots - 1;
    buf a, b;
    buf_init(&a), buf_init(&b);
    size_t i;
    json_t *m;
    int rc = 0;
    json_array_foreach(merges, i, m) {
        const char *l = json_string_value(json_array_get(m, 0)), *r = json_string_value(json_array_get(m, 1));
        char *space = NULL, *copy = NULL;
        if (json_is_string(m) && (space = strchr(copy = strdup(json_string_value(m)), ' ')))
            *space = 0, l = copy, r = space + 1;
        rc = !l || !r || byte_level_decode(l, byte_of_cp, &a) < 0 || byte_level_decode(r, byte_of_cp, &b) < 0 ? -1 : 0;
        free(copy);
        if (rc < 0) { fail(e, "model.merges[%zu] is not a pair of byte-level tokens", i); break; }
        int32_t left = piece_lookup(tok, a.data, a.len), right = piece_lookup(tok, b.data, b.len);
        buf_append(&a, b.data, b.len);
        int32_t merged = piece_lookup(tok, a.data, a.len);
        if (left < 0 || right < 0 || merged < 0) { rc = fail(e, "model.merges[%zu] names a token not in the vocabulary", i); break; }
        size_t h = hash_pair(left, right) & tok->merge_mask;
        while (tok->merges[h].left >= 0 && !(tok->merges[h].left == left && tok->merges[h].right == right))
            h = (h + 1) & tok->merge_mask;
        if (tok->merges[h].left < 0)    /* a repeated pair keeps its first (best) rank */
            tok->merges[h] = (merge_slot){left, right, (int32_t)i, merged};
    }
    buf_free(&a), buf_free(&b);
    return rc;
}

/* The Split regex of the pre-tokenizer, alone or inside a Sequence. */
static const char *split_pattern(json_t *pre) {
    if (!pre) return NULL;
    const char *type = json_string_value(json_object_get(pre, "type"));
    if (type && !strcmp(type, "Split")) return json_string_value(json_object_get(json_object_get(pre, "pattern"), "Regex"));
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(pre, "pretokenizers"), i, p) {
        const char *s = split_pattern(p);
        if (s) return s;
    }
    return NULL;
}

static int load_pretokenizer(tokenizer *tok, json_t *root, load_error *e) {
    const char *pattern = split_pattern(json_object_get(root, "pre_tokenizer"));
    if (!pattern) return fail(e, "pre_tokenizer has no Split regex");
    int code;
    PCRE2_SIZE at;
    tok->pretokenize = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &at, NULL);
    if (!tok->pretokenize) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof msg);
        return fail(e, "pre_tokenizer regex at offset %zu: %s", (size_t)at, (char *)msg);
    }
    pcre2_jit_compile(tok->pretokenize, PCRE2_JIT_COMPLETE);   /* without JIT, matching still works */
    return 0;
}

static int check_model(json_t *root, load_error *e) {
    json_t *model = json_object_get(root, "model");
    const char *type = json_string_value(json_object_get(model, "type"));
    if (!type || strcmp(type, "BPE")) return fail(e, "model.type is not BPE");
    if (!json_is_object(json_object_get(model, "vocab"))) return fail(e, "model.vocab is missing");
    if (!json_is_array(json_object_get(model, "merges"))) return fail(e, "model.merges is missing");
    if (json_is_true(json_object_get(model, "byte_fallback"))) return fail(e, "model.byte_fallback is not supported");
    json_t *norm = json_object_get(root, "normalizer");
    const char *ntype = json_string_value(json_object_get(norm, "type"));
    if (norm && !json_is_null(norm) && (!ntype || strcmp(ntype, "NFC")))
        return fail(e, "normalizer %s is not supported (only NFC)", ntype ? ntype : "?");
    return 0;
}

static int load(tokenizer *tok, json_t *root, load_error *e) {
    if (check_model(root, e) < 0) return -1;
    json_t *model = json_object_get(root, "model"), *vocab = json_object_get(model, "vocab");
    json_t *added = json_object_get(root, "added_tokens");
    if (added && !json_is_array(added)) return fail(e, "added_tokens is not an array");
    tok->nfc = json_is_object(json_object_get(root, "normalizer"));
    tok->ignore_merges = json_is_true(json_object_get(model, "ignore_merges"));
    if ((tok->size = max_id(vocab, added, e)) < 0) return -1;

    unsigned cp_of_byte[256];
    int byte_of_cp[324];
    byte_alphabet(cp_of_byte, byte_of_cp);
    piece_list pl = {calloc(tok->size, sizeof(char *)), calloc(tok->size, sizeof(size_t))};
    int rc = !pl.bytes || !pl.len ? fail(e, "out of memory") : 0;
    if (!rc) rc = load_vocab(tok, &pl, vocab, byte_of_cp, e);
    if (!rc) rc = load_added(tok, &pl, added, e);
    if (!rc) rc = build_pieces(tok, &pl, e);
    for (int i = 0; pl.bytes && i < tok->size; i++) free(pl.bytes[i]);
    free(pl.bytes), free(pl.len);
    if (rc) return rc;
    for (int b = 0; b < 256; b++) {
        char c = (char)b;
        if ((tok->byte_id[b] = piece_lookup(tok, &c, 1)) < 0) return fail(e, "model.vocab lacks the token of byte 0x%02x", b);
    }
    if (load_merges(tok, json_object_get(model, "merges"), byte_of_cp, e) < 0) return -1;
    return load_pretokenizer(tok, root, e);
}

tokenizer *tokenizer_load(const char *path, char *err, size_t errlen) {
    load_error e = {err, errlen};
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        fail(&e, "%s: line %d: %s", path, jerr.line, jerr.text);
        return NULL;
    }
    tokenizer *tok = calloc(1, sizeof *tok);
    if (tok && pthread_key_create(&tok->key, NULL) != 0) free(tok), tok = NULL;
    int rc = -1;
    if (!tok) fail(&e, "out of memory");
    else pthread_mutex_init(&tok->lock, NULL), rc = load(tok, root, &e);
    json_decref(root);
    if (rc == 0) return tok;
    char reason[256];
    snprintf(reason, sizeof reason, "%s", err);
    snprintf(err, errlen, "%s: %s", path, reason);
    tokenizer_free(tok);
    return NULL;
}

static void session_free(session *s) {
    pcre2_match_data_free(s->match);
    free(s->cache), free(s->syms), free(s->heap);
    buf_free(&s->repaired);
    free(s);
}

void tokenizer_free(tokenizer *tok) {
    if (!tok) return;
    for (session *s = tok->sessions, *next; s; s = next) next = s->next, session_free(s);
    pthread_key_delete(tok->key);
    pthread_mutex_destroy(&tok->lock);
    pcre2_code_free(tok->pretokenize);
    for (int i = 0; i < tok->nadded; i++) free(tok->added[i].text);
    free(tok->added), free(tok->arena), free(tok->piece_off), free(tok->piece_slots), free(tok->merges);
    free(tok);
}

/* ---- encoding ---- */

static session *session_get(const tokenizer *tok) {
    session *s = pthread_getspecific(tok->key);
    if (s) return s;
    if (!(s = calloc(1, sizeof *s))) return NULL;
    s->match = pcre2_match_data_create_from_pattern(tok->pretokenize, NULL);
    s->cache = calloc(CACHE_SLOTS, sizeof *s->cache);
    buf_init(&s->repaired);
    if (!s->match || !s->cache) { session_free(s); return NULL; }
    tokenizer *t = (tokenizer *)tok;    /* the registry is the one mutable part, under its lock */
    pthread_mutex_lock(&t->lock);
    s->next = t->sessions, t->sessions = s;
    pthread_mutex_unlock(&t->lock);
    pthread_setspecific(tok->key, s);
    return s;
}

static int scratch_reserve(session *s, size_t n) {
    if (n <= s->cap) return 0;
    symbol *syms = realloc(s->syms, n * sizeof *syms);
    if (syms) s->syms = syms;
    heap_item *heap = realloc(s->heap, 3 * n * sizeof *heap);   /* n-1 pairs, then <= 2 per merge */
    if (heap) s->heap = heap;
    if (!syms || !heap) return -1;
    s->cap = n;
    return 0;
}

static int heap_less(const heap_item *a, const heap_item *b) {
    return a->rank != b->rank ? a->rank < b->rank : a->pos < b->pos;
}

static void heap_push(heap_item *h, size_t *n, heap_item it) {
    size_t i = (*n)++;
    while (i && heap_less(&it, &h[(i - 1) / 2])) h[i] = h[(i - 1) / 2], i = (i - 1) / 2;
    h[i] = it;
}

static heap_item heap_pop(heap_item *h, size_t *n) {
    heap_item top = h[0], last = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && heap_less(&h[c + 1], &h[c])) c++;
        if (!heap_less(&h[c], &last)) break;
        h[i] = h[c], i = c;
    }
    if (*n) h[i] = last;
    return top;
}

static void push_pair(const tokenizer *tok, session *s, size_t *nheap, int32_t left) {
    int32_t right = s->syms[left].next;
    if (right < 0) return;
    const merge_slot *m = merge_lookup(tok, s->syms[left].id, s->syms[right].id);
    if (m) heap_push(s->heap, nheap, (heap_item){m->rank, left, right, m->left, m->right});
}

/* BPE of one pre-token: always apply the lowest-ranked merge present (leftmost on ties), as the
 * reference's priority queue does; O(n log n), so a megabyte-long word stays cheap. */
static int bpe(const tokenizer *tok, session *s, const char *p, size_t n, token_ids *out) {
    if (tok->ignore_merges) {
        int32_t id = piece_lookup(tok, p, n);
        if (id >= 0) return ids_push(out, id);
    }
    if (scratch_reserve(s, n) < 0) return -1;
    size_t nheap = 0;
    for (size_t i = 0; i < n; i++)
        s->syms[i] = (symbol){tok->byte_id[(unsigned char)p[i]], (int32_t)i - 1, i + 1 < n ? (int32_t)i + 1 : -1};
    for (size_t i = 0; i + 1 < n; i++) push_pair(tok, s, &nheap, (int32_t)i);
    while (nheap) {
        heap_item it = heap_pop(s->heap, &nheap);
        symbol *l = &s->syms[it.pos];
        if (l->id != it.left_id || l->next != it.right || s->syms[it.right].id != it.right_id) continue;   /* stale */
        l->id = merge_lookup(tok, it.left_id, it.right_id)->merged;
        s->syms[it.right].id = -1;
        l->next = s->syms[it.right].next;
        if (l->next >= 0) s->syms[l->next].prev = it.pos;
        if (l->prev >= 0) push_pair(tok, s, &nheap, l->prev);
        push_pair(tok, s, &nheap, it.pos);
    }
    for (int32_t i = 0; i >= 0; i = s->syms[i].next)
        if (ids_push(out, s->syms[i].id) < 0) return -1;
    return 0;
}

static int bpe_cached(const tokenizer *tok, session *s, const char *p, size_t n, token_ids *out) {
    if (n > CACHE_PIECE) return bpe(tok, s, p, n, out);
    uint64_t h = hash_bytes(p, n);
    cache_slot *c = &s->cache[h & (CACHE_SLOTS - 1)];
    if (c->hash == h && c->len == n && !memcmp(c->bytes, p, n)) {
        for (int i = 0; i < c->nids; i++)
            if (ids_push(out, c->ids[i]) < 0) return -1;
        return 0;
    }
    size_t start = out->len;
    if (bpe(tok, s, p, n, out) < 0) return -1;
    c->hash = h, c->len = (uint8_t)n, c->nids = (uint8_t)(out->len - start);
    memcpy(c->bytes, p, n);
    memcpy(c->ids, out->ids + start, c->nids * sizeof *c->ids);
    return 0;
}

/* Code points below U+0300 are their own NFC form, so text without lead bytes >= 0xCC needs none. */
static int may_need_nfc(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0xCC) return 1;
    return 0;
}

static int encode_plain(const tokenizer *tok, session *s, const char *p, size_t n, token_ids *out) {
    utf8proc_uint8_t *nfc = NULL;
    if (n && tok->nfc && may_need_nfc(p, n)) {
        utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &nfc,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (len < 0) return -1;
        p = (const char *)nfc, n = (size_t)len;
    }
    int rc = 0;
    size_t off = 0;
    while (off < n && rc == 0) {
        int m = pcre2_match(tok->pretokenize, (PCRE2_SPTR)p, n, off, PCRE2_NO_UTF_CHECK, s->match, NULL);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match);
        size_t from = m >= 0 ? ov[0] : n, to = m >= 0 ? ov[1] : n;
        if (from > off) rc = bpe_cached(tok, s, p + off, from - off, out);     /* text no pattern matched */
        if (rc == 0 && to > from) rc = bpe_cached(tok, s, p + from, to - from, out);
        off = to > off ? to : off + 1;
    }
    free(nfc);
    return rc;
}

/* The longest added token starting at p, or NULL. */
static const added_token *added_at(const tokenizer *tok, const char *p, size_t n) {
    const added_token *best = NULL;
    for (int i = 0; i < tok->nadded; i++) {
        const added_token *a = &tok->added[i];
        if (a->len <= n && (!best || a->len > best->len) && !memcmp(a->text, p, a->len)) best = a;
    }
    return best;
}

int tokenizer_encode(const tokenizer *tok, const char *text, size_t n, token_ids *out) {
    session *s = session_get(tok);
    if (!s) return -1;
    if (!utf8_valid(text, n)) {
        buf_clear(&s->repaired);
        utf8_append_lossy(&s->repaired, text, n);
        if (s->repaired.oom) return -1;
        text = s->repaired.data, n = s->repaired.len;
    }
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const added_token *a;
        if (!tok->added_first[(unsigned char)text[i]] || !(a = added_at(tok, text + i, n - i))) continue;
        if (encode_plain(tok, s, text + start, i - start, out) < 0 || ids_push(out, a->id) < 0) return -1;
        i += a->len - 1, start = i + 1;
    }
    return encode_plain(tok, s, text + start, n - start, out);
}

long tokenizer_count(const tokenizer *tok, const char *text, size_t n) {
    token_ids t = {0};
    long count = tokenizer_encode(tok, text, n, &t) < 0 ? -1 : (long)t.len;
    token_ids_free(&t);
    return count;
}

/* ---- decoding ---- */

/* Bytes at the end of p[0..n) that begin a well-formed sequence not yet complete. */
static size_t incomplete_tail(const char *p, size_t n) {
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned c = (unsigned char)p[n - back];
        if (c < 0x80) return 0;
        if (c < 0xC0) continue;                      /* a continuation byte: look further back */
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, bad;
        return c >= 0xC2 && c <= 0xF4 && need > back && !utf8_sequence(p + n - back, back, &bad) && bad == back
                   ? back : 0;
    }
    return 0;
}

void tokenizer_decode_step(const tokenizer *tok, token_stream *st, int id, buf *out) {
    size_t len;
    const char *piece = tokenizer_piece(tok, id, &len);
    if (!piece) return;
    buf b;
    buf_init(&b);
    buf_append(&b, st->pending, st->npending);
    buf_append(&b, piece, len);
    size_t keep = incomplete_tail(b.data, b.len);
    utf8_append_lossy(out, b.data, b.len - keep);
    memcpy(st->pending, b.data + b.len - keep, keep);
    st->npending = keep;
    buf_free(&b);
}

void tokenizer_decode_end(token_stream *st, buf *out) {
    if (st->npending) utf8_append_lossy(out, st->pending, st->npending);
    st->npending = 0;
}

void tokenizer_decode(const tokenizer *tok, const int32_t *ids, size_t n, buf *out) {
    token_stream st = {{0}, 0};
    for (size_t i = 0; i < n; i++) tokenizer_decode_step(tok, &st, ids[i], out);
    tokenizer_decode_end(&st, out);
}
