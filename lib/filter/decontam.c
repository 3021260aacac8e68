/* decontam.c -- an n-gram hash table from benchmark files. */
#include "filter/decontam.h"
#include "core/buf.h"
#include "core/jsonl.h"
#include "filter/minhash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_BENCHMARKS 256

/* key 0 = empty; benches: how many benchmarks hold the n-gram, last: the latest of them */
typedef struct { uint64_t key; int bench; int benches; long last; } entry;

/* An n-gram in this many benchmarks is a template phrase of the field ("can be written as m/n
 * where m and n are relatively prime positive integers. Find m+n" is in AIME24, AIME25, AMC23 and
 * MATH-500), not evidence that a text was copied from one of them: it decides nothing.  Within one
 * benchmark a shared passage still names it (BBEH's causal questions share their stories). */
enum { COMMON = 3 };

/* Whole-item keys of items too plain to look for inside a text ("what is inflation") carry this
 * salt, so that only a text equal to them finds them. */
#define EXACT_ONLY 0x5bd1e9955bd1e995ULL

struct decontam {
    int n;
    uint64_t short_lengths;   /* bit k: an item of k words (k < n) is indexed whole */
    entry *table;
    size_t cap, count;
    char names[MAX_BENCHMARKS][64];
    int nbench;
};

decontam *decontam_new(int n) {
    decontam *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->n = n;
    d->cap = 1 << 16;
    if (!(d->table = calloc(d->cap, sizeof *d->table))) { free(d); return NULL; }
    return d;
}

void decontam_free(decontam *d) {
    if (!d) return;
    free(d->table);
    free(d);
}

static int insert(entry *t, size_t cap, entry e) {
    for (size_t i = e.key & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (!t[i].key) { t[i] = e; return 1; }
        if (t[i].key == e.key) {   /* the first benchmark to hold an n-gram names it */
            if (t[i].last != e.last) t[i].benches++, t[i].last = e.last;
            return 0;
        }
    }
}

static int add_key(decontam *d, uint64_t key, int bench) {
    if (!key) key = 1;
    if ((d->count + 1) * 2 > d->cap) {
        size_t cap = d->cap * 2;
        entry *t = calloc(cap, sizeof *t);
        if (!t) return -1;
        for (size_t i = 0; i < d->cap; i++) if (d->table[i].key) insert(t, cap, d->table[i]);
        free(d->table);
        d->table = t, d->cap = cap;
    }
    d->count += (size_t)insert(d->table, d->cap, (entry){key, bench, 1, bench});
    return 0;
}

static int lookup(const decontam *d, uint64_t key) {
    if (!key) key = 1;
    for (size_t i = key & (d->cap - 1);; i = (i + 1) & (d->cap - 1)) {
        if (!d->table[i].key) return -1;
        if (d->table[i].key == key) return d->table[i].benches >= COMMON ? -1 : d->table[i].bench;
    }
}

/* Walks the n-grams of a text: calls fn with each n-gram hash, or, for texts shorter than n,
 * once with the hash of the whole (marked by its length, so it cannot equal an n-gram hash).
 * With windows set (when checking), every run of k words for each k in windows is hashed the
 * same way, so a short item is found inside a longer text: "Question: <item> Show your work." */
typedef struct {
    int n;
    uint64_t ring[64];
    long words;
    uint64_t windows;
    int (*fn)(uint64_t key, void *ctx);
    void *ctx;
    int stop;
} grams;

static uint64_t gram_hash(const grams *g, int count) {
    uint64_t h = (uint64_t)count * 0x9E3779B97F4A7C15ULL;
    for (int k = 0; k < count; k++) h = minhash_hash64(&g->ring[(g->words - count + k) % 64], 8, h);
    return h;
}

static void on_word(const char *w, size_t len, void *ctx) {
    grams *g = ctx;
    if (g->stop) return;
    g->ring[g->words % 64] = minhash_hash64(w, len, 0x51ed);
    g->words++;
    if (g->words >= g->n) g->stop = g->fn(gram_hash(g, g->n), g->ctx);
    for (int k = 1; k < g->n && !g->stop; k++)
        if ((g->windows >> k & 1) && g->words >= k) g->stop = g->fn(gram_hash(g, k), g->ctx);
}

/* An option label at a line's start -- "(A)", "A.", "A)", "A:" -- is not content: benchmark files
 * keep options apart, and a copy labels them its own way. */
static int option_label(const char *t, size_t n) {
    if (n == 3 && t[0] == '(' && t[2] == ')') t++, n = 2;
    return n == 2 && ((t[0] >= 'A' && t[0] <= 'J') || (t[0] >= 'a' && t[0] <= 'j')) && strchr(").:", t[1]);
}

/* The words of a text in the other reading: each whitespace-separated token with everything but
 * ASCII letters and digits deleted (symbols such as "∠" and "°" too, and letters whose case
 * changes bytes), so that a copy with its punctuation stripped ("f(x)=3x-2" as
 * "fx3x2", "Allen's" as "Allens") has the same words.  minhash_words reads punctuation as a
 * space instead, which a copy that puts spaces around it keeps; an item is indexed both ways and
 * a text checked both ways. */
static void joined_words(const char *text, size_t n, void (*fn)(const char *w, size_t len, void *ctx), void *ctx) {
    char word[256];
    for (size_t i = 0; i < n;) {
        while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
        size_t len = 0;
        while (i < n && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') {
            unsigned char c = (unsigned char)text[i++];
            int letter = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');   /* not "∠", "°", "Ń" */
            if (letter && len < sizeof word) word[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        /* a lone letter is dropped wherever it stands: "(A)", "A)" and a bare "A" label options that
         * a reflowed copy moves mid-line, and the article or variable it may also be is dropped
         * from the item alike */
        if (len && !(len == 1 && word[0] >= 'a' && word[0] <= 'z')) fn(word, len, ctx);
    }
}

/* minhash_words' reading, without the option labels that open lines */
static void split_words(const char *text, size_t n, void (*fn)(const char *w, size_t len, void *ctx), void *ctx) {
    for (size_t a = 0; a < n;) {
        const char *nl = memchr(text + a, '\n', n - a);
        size_t b = nl ? (size_t)(nl - text) : n, s = a;
        while (s < b && (text[s] == ' ' || text[s] == '\t')) s++;
        size_t e = s;
        while (e < b && text[e] != ' ' && text[e] != '\t') e++;
        minhash_words(text + (option_label(text + s, e - s) ? e : a), b - (option_label(text + s, e - s) ? e : a), fn, ctx);
        a = b + 1;
    }
}

static long walk_with(void (*words)(const char *, size_t, void (*)(const char *, size_t, void *), void *), int n,
                      uint64_t windows, const char *text, size_t len, int (*fn)(uint64_t, void *), void *ctx) {
    grams g = {.n = n, .windows = windows, .fn = fn, .ctx = ctx};
    words(text, len, on_word, &g);
    if (g.words && g.words < n && !g.stop && !windows) fn(gram_hash(&g, (int)g.words), ctx);
    return g.words;
}

typedef struct { decontam *d; int bench; int failed; uint64_t salt; } adding;

static int add_gram(uint64_t key, void *ctx) {
    adding *a = ctx;
    if (add_key(a->d, key ^ a->salt, a->bench)) a->failed = 1;
    return a->failed;
}

static const char *item_text(json_t *rec, size_t *n) {
    static const char *const fields[] = {"question", "problem", "Question", "prompt", NULL};
    for (int i = 0; fields[i]; i++) {
        json_t *v = json_object_get(rec, fields[i]);
        if (json_is_string(v)) { *n = json_string_length(v); return json_string_value(v); }
    }
    return NULL;
}

/* An item short enough to be indexed whole is also looked for inside longer texts if it has 4
 * words, or 2 with a number and a word of 4 letters among them ("Simplify $\sqrt{242}$.",
 * "Evaluate $\log_264$."): fewer, plain words ("Inflation", "What is a cell?", MMLU-Pro stems) or
 * bare numbers ("-4 + (-3) =") would be found in any text on the subject.  Such stems are caught with their options, indexed as a second item. */
typedef struct { long words; int digits, verb; } counting;

static void count_word(const char *w, size_t len, void *ctx) {
    counting *c = ctx;
    c->words++;
    size_t letters = 0;
    for (size_t i = 0; i < len; i++) c->digits |= w[i] >= '0' && w[i] <= '9', letters += w[i] >= 'a' && w[i] <= 'z';
    c->verb |= letters >= 4;
}

static void add_item(decontam *d, adding *a, const char *text, size_t n) {
    for (int r = 0; r < 2; r++) {
        void (*words)(const char *, size_t, void (*)(const char *, size_t, void *), void *) = r ? joined_words : split_words;
        counting c = {0, 0, 0};
        words(text, n, count_word, &c);
        int inside = c.words < d->n && (c.words >= 4 || (c.words >= 2 && c.digits && c.verb));
        a->salt = c.words < d->n && !inside ? EXACT_ONLY : 0;
        walk_with(words, d->n, 0, text, n, add_gram, a);
        if (inside) d->short_lengths |= 1ULL << c.words;
    }
    a->salt = 0;
}

/* The question, and for a multiple-choice row the question with its options (choices / options
 * / answers, as the eval files and SuperGPQA hold them), one per line as a dataset record has
 * them. */
static long add_row(decontam *d, adding *a, json_t *rec) {
    size_t n;
    const char *q = item_text(rec, &n);
    if (!q) return 0;
    add_item(d, a, q, n);
    json_t *opts = json_object_get(rec, "choices");
    if (!json_is_array(opts)) opts = json_object_get(rec, "options");
    if (json_is_array(opts) && json_array_size(opts)) {
        buf b;
        buf_init(&b);
        buf_append(&b, q, n);
        size_t i;
        json_t *o;
        json_array_foreach(opts, i, o) if (json_is_string(o)) buf_putc(&b, '\n'), buf_puts(&b, json_string_value(o));
        add_item(d, a, b.data, b.len);
        buf_free(&b);
    }
    return 1;
}

/* Reads JSONL or text, gzip-compressed or not (GPQA ships as .jsonl.gz). */
long decontam_add_file(decontam *d, const char *path, char *err, size_t errlen) {
    if (d->nbench == MAX_BENCHMARKS) { snprintf(err, errlen, "too many benchmark files"); return -1; }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(d->names[d->nbench], sizeof d->names[0], "%.*s", (int)strcspn(base, "."), base);
    gzFile f = gzopen(path, "rb");
    if (!f) { snprintf(err, errlen, "cannot open %s", path); return -1; }
    adding a = {d, d->nbench, 0, 0};
    buf line;
    buf_init(&line);
    char chunk[65536];
    long items = 0;
    int eof = 0;
    while (!eof && !a.failed) {
        buf_clear(&line);
        for (;;) {   /* one line, however long */
            if (!gzgets(f, chunk, sizeof chunk)) { eof = 1; break; }
            size_t k = strlen(chunk);
            buf_append(&line, chunk, k);
            if (k && chunk[k - 1] == '\n') break;
        }
        if (!line.len) continue;
        json_t *rec = line.data[0] == '{' ? json_loadb(line.data, line.len, 0, NULL) : NULL;
        if (rec) items += add_row(d, &a, rec);
        else if (line.data[0] != '{') add_item(d, &a, line.data, line.len), items++;
        json_decref(rec);
    }
    int gzerr;
    const char *why = gzerror(f, &gzerr);
    buf_free(&line);
    gzclose(f);
    if (gzerr < 0 && gzerr != Z_BUF_ERROR) { snprintf(err, errlen, "cannot read %s: %s", path, why); return -1; }
    if (a.failed) { snprintf(err, errlen, "out of memory"); return -1; }
    d->nbench++;
    return items;
}

typedef struct { const decontam *d; int hit; int whole; } checking;

static int check_gram(uint64_t key, void *ctx) {
    checking *c = ctx;
    c->hit = lookup(c->d, key);
    if (c->hit < 0 && c->whole) c->hit = lookup(c->d, key ^ EXACT_ONLY);
    return c->hit >= 0;
}

int decontam_check(const decontam *d, const char *text, size_t n) {
    checking c = {d, -1, 0};
    for (int r = 0; r < 2 && c.hit < 0; r++) {
        void (*words)(const char *, size_t, void (*)(const char *, size_t, void *), void *) = r ? joined_words : split_words;
        long k = walk_with(words, d->n, d->short_lengths, text, n, check_gram, &c);
        if (c.hit < 0 && k && k < d->n) {   /* the whole of a short text, against the plain items too */
            c.whole = 1;
            walk_with(words, d->n, 0, text, n, check_gram, &c);
            c.whole = 0;
        }
    }
    return c.hit;
}

const char *decontam_name(const decontam *d, int benchmark) { return d->names[benchmark]; }
