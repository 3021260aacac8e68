/* decontam.c -- an n-gram hash table from benchmark files. */
#include "filter/decontam.h"
#include "core/jsonl.h"
#include "filter/minhash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BENCHMARKS 256

typedef struct { uint64_t key; int bench; } entry;   /* key 0 = empty */

struct decontam {
    int n;
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

static int insert(entry *t, size_t cap, uint64_t key, int bench) {
    for (size_t i = key & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (!t[i].key) { t[i] = (entry){key, bench}; return 1; }
        if (t[i].key == key) return 0;   /* the first benchmark to hold an n-gram names it */
    }
}

static int add_key(decontam *d, uint64_t key, int bench) {
    if (!key) key = 1;
    if ((d->count + 1) * 2 > d->cap) {
        size_t cap = d->cap * 2;
        entry *t = calloc(cap, sizeof *t);
        if (!t) return -1;
        for (size_t i = 0; i < d->cap; i++) if (d->table[i].key) insert(t, cap, d->table[i].key, d->table[i].bench);
        free(d->table);
        d->table = t, d->cap = cap;
    }
    d->count += (size_t)insert(d->table, d->cap, key, bench);
    return 0;
}

static int lookup(const decontam *d, uint64_t key) {
    if (!key) key = 1;
    for (size_t i = key & (d->cap - 1);; i = (i + 1) & (d->cap - 1)) {
        if (!d->table[i].key) return -1;
        if (d->table[i].key == key) return d->table[i].bench;
    }
}

/* Walks the n-grams of a text: calls fn with each n-gram hash, or, for texts shorter than n,
 * once with the hash of the whole (marked by its length, so it cannot equal an n-gram hash). */
typedef struct {
    int n;
    uint64_t ring[64];
    long words;
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
}

static void walk(int n, const char *text, size_t len, int (*fn)(uint64_t, void *), void *ctx) {
    grams g = {.n = n, .fn = fn, .ctx = ctx};
    minhash_words(text, len, on_word, &g);
    if (g.words && g.words < n && !g.stop) fn(gram_hash(&g, (int)g.words), ctx);
}

typedef struct { decontam *d; int bench; int failed; } adding;

static int add_gram(uint64_t key, void *ctx) {
    adding *a = ctx;
    if (add_key(a->d, key, a->bench)) a->failed = 1;
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

long decontam_add_file(decontam *d, const char *path, char *err, size_t errlen) {
    if (d->nbench == MAX_BENCHMARKS) { snprintf(err, errlen, "too many benchmark files"); return -1; }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(d->names[d->nbench], sizeof d->names[0], "%.*s", (int)strcspn(base, "."), base);
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "cannot open %s", path); return -1; }
    adding a = {d, d->nbench, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long items = 0;
    while ((len = getline(&line, &cap, f)) > 0 && !a.failed) {
        json_t *rec = line[0] == '{' ? json_loadb(line, (size_t)len, 0, NULL) : NULL;
        size_t n = (size_t)len;
        const char *text = rec ? item_text(rec, &n) : line;
        if (text) { walk(d->n, text, n, add_gram, &a); items++; }
        json_decref(rec);
    }
    free(line);
    fclose(f);
    if (a.failed) { snprintf(err, errlen, "out of memory"); return -1; }
    d->nbench++;
    return items;
}

typedef struct { const decontam *d; int hit; } checking;

static int check_gram(uint64_t key, void *ctx) {
    checking *c = ctx;
    c->hit = lookup(c->d, key);
    return c->hit >= 0;
}

int decontam_check(const decontam *d, const char *text, size_t n) {
    checking c = {d, -1};
    walk(d->n, text, n, check_gram, &c);
    return c.hit;
}

const char *decontam_name(const decontam *d, int benchmark) { return d->names[benchmark]; }
