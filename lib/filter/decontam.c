/* decontam.c -- an n-gram hash table from benchmark files. */
#include "filter/decontam.h"
#include "core/buf.h"
#include "core/jsonl.h"
#include "filter/minhash.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_BENCHMARKS 256

/* key 0 = empty; bench: the first benchmark to hold the n-gram, benches: how many hold it
 * (counted up to COMMON), last: the latest of them.  16 bytes: the table is the index's size. */
typedef struct { uint64_t key; uint8_t bench, benches, last, pad[5]; } entry;

/* An n-gram in this many benchmarks is a template phrase of the field ("can be written as m/n
 * where m and n are relatively prime positive integers. Find m+n" is in AIME24, AIME25, AMC23 and
 * MATH-500), not evidence that a text was copied from one of them: it decides nothing.  Within one
 * benchmark a shared passage still names it (BBEH's causal questions share their stories). */
enum { COMMON = 3 };

/* Whole-item keys of items too plain to look for inside a text ("what is inflation") carry this
 * salt, so that only a text equal to them finds them. */
#define EXACT_ONLY 0x5bd1e9955bd1e995ULL

/* Keys wait this many insertions after their slot is prefetched: a table of a hundred MB misses
 * the cache on every insert, and inserting one key at a time left the core waiting on each miss
 * (half of building the index). */
enum { AHEAD = 16 };

struct decontam {
    int n;
    uint64_t short_lengths;   /* bit k: an item of k words (k < n) is indexed whole */
    entry *table;
    size_t cap, count, longest;   /* longest: the most slots an entry sits past its home */
    char names[MAX_BENCHMARKS][64];
    int nbench;
    buf sources;              /* what the index was built from: see source_line */
    void *map;                /* a loaded index file, mapped; table points into it */
    size_t map_len;
    entry ahead[AHEAD];       /* keys added, not yet inserted: ahead[(next + i) % AHEAD] */
    size_t next, waiting;
    int threads;              /* 2 or more: a second thread inserts while the first reads */
    struct inserter *ins;     /* that thread, while a file is read */
};

/* A table of cap entries, zeroed: its own mapping with huge pages asked for, since a 128 MB table
 * in 4 KB pages took a page fault every few inserts (an eighth of building the index). */
static entry *table_new(size_t cap) {
    void *t = mmap(NULL, cap * sizeof(entry), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (t == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(t, cap * sizeof(entry), MADV_HUGEPAGE);   /* a hint: without it, 4 KB pages */
#endif
    return t;
}

static void table_free(entry *t, size_t cap) { munmap(t, cap * sizeof(entry)); }

decontam *decontam_new(int n) {
    decontam *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->n = n;
    d->cap = 1 << 16;
    if (!(d->table = table_new(d->cap))) { free(d); return NULL; }
    return d;
}

void decontam_free(decontam *d) {
    if (!d) return;
    if (d->map) munmap(d->map, d->map_len);
    else table_free(d->table, d->cap);
    buf_free(&d->sources);
    free(d);
}

/* Inserts e; *longest keeps the most slots any entry sits past its home, which bounds every lookup. */
static int insert(entry *t, size_t cap, entry e, size_t *longest) {
    for (size_t i = e.key & (cap - 1), dist = 0;; i = (i + 1) & (cap - 1), dist++) {
        if (!t[i].key) {
            t[i] = e;
            if (dist > *longest) *longest = dist;
            return 1;
        }
        if (t[i].key == e.key) {   /* the first benchmark to hold an n-gram names it */
            if (t[i].last != e.last && t[i].benches < COMMON) t[i].benches++;
            t[i].last = e.last;
            return 0;
        }
    }
}

static void prefetch_slot(const entry *t, size_t cap, uint64_t key) { __builtin_prefetch(&t[key & (cap - 1)], 1); }

static int insert_key(decontam *d, entry e) {
    if ((d->count + 1) * 4 > d->cap * 3) {   /* at most 3/4 full: linear probes stay short, the saved index small */
        size_t cap = d->cap * 2;
        entry *t = table_new(cap);
        if (!t) return -1;
        d->longest = 0;
        for (size_t i = 0; i < d->cap; i++) {
            if (i + AHEAD < d->cap && d->table[i + AHEAD].key) prefetch_slot(t, cap, d->table[i + AHEAD].key);
            if (d->table[i].key) insert(t, cap, d->table[i], &d->longest);
        }
        table_free(d->table, d->cap);
        d->table = t, d->cap = cap;
    }
    d->count += (size_t)insert(d->table, d->cap, e, &d->longest);
    return 0;
}

/* Each key is inserted AHEAD keys after its slot was prefetched, in the order added, so the
 * table is the one inserting at once builds. */
static int insert_ahead(decontam *d, uint64_t key, int bench) {
    prefetch_slot(d->table, d->cap, key);
    entry e = {key, (uint8_t)bench, 1, (uint8_t)bench, {0}};
    if (d->waiting < AHEAD) return d->ahead[(d->next + d->waiting++) % AHEAD] = e, 0;
    entry first = d->ahead[d->next];
    d->ahead[d->next] = e, d->next = (d->next + 1) % AHEAD;
    return insert_key(d, first);
}

/* The keys still waiting, inserted: before the table is read or saved. */
static int flush_keys(decontam *d) {
    for (; d->waiting; d->waiting--, d->next = (d->next + 1) % AHEAD)
        if (insert_key(d, d->ahead[d->next])) return -1;
    return 0;
}

/* With two threads, reading a file (its JSON, words and hashes) and inserting its keys run side
 * by side, each about half of building the index: the reader hands the keys over in blocks, in
 * order, and the inserter inserts them as one thread would, so the index is the same bytes. */
enum { BLOCK = 1 << 14, QUEUED = 8 };

typedef struct inserter {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t more, room;
    struct { uint64_t key[BLOCK]; int bench; size_t n; } *block[QUEUED], *filling;
    size_t head, tail;   /* block[head % QUEUED] .. block[tail % QUEUED]: handed over */
    int done, failed;
} inserter;

static void *insert_blocks(void *arg) {
    decontam *d = arg;
    inserter *t = d->ins;
    for (int failed = 0;;) {
        pthread_mutex_lock(&t->mu);
        while (t->head == t->tail && !t->done) pthread_cond_wait(&t->more, &t->mu);
        if (t->head == t->tail) {
            t->failed |= failed || flush_keys(d);
            pthread_mutex_unlock(&t->mu);
            return NULL;
        }
        __typeof__(t->filling) b = t->block[t->head % QUEUED];
        t->failed |= failed;
        pthread_mutex_unlock(&t->mu);
        for (size_t i = 0; i < b->n && !failed; i++) failed = insert_ahead(d, b->key[i], b->bench);
        free(b);
        pthread_mutex_lock(&t->mu);
        t->head++;
        pthread_cond_signal(&t->room);
        pthread_mutex_unlock(&t->mu);
    }
}

/* The block being filled, handed over (waiting while QUEUED are); -1 once inserting failed. */
static int hand_over(inserter *t) {
    pthread_mutex_lock(&t->mu);
    while (t->tail - t->head == QUEUED && !t->failed) pthread_cond_wait(&t->room, &t->mu);
    int failed = t->failed;
    if (!failed) t->block[t->tail++ % QUEUED] = t->filling, pthread_cond_signal(&t->more);
    else free(t->filling);
    t->filling = NULL;
    pthread_mutex_unlock(&t->mu);
    return failed ? -1 : 0;
}

static int add_key(decontam *d, uint64_t key, int bench) {
    if (!key) key = 1;
    inserter *t = d->ins;
    if (!t) return insert_ahead(d, key, bench);
    if (!t->filling) {
        if (!(t->filling = malloc(sizeof *t->filling))) return -1;
        t->filling->n = 0, t->filling->bench = bench;
    }
    t->filling->key[t->filling->n++] = key;
    return t->filling->n == BLOCK ? hand_over(t) : 0;
}

/* The inserting thread for one file; without one (it could not start), keys are inserted here. */
static void inserter_start(decontam *d) {
    inserter *t = calloc(1, sizeof *t);
    if (!t) return;
    pthread_mutex_init(&t->mu, NULL), pthread_cond_init(&t->more, NULL), pthread_cond_init(&t->room, NULL);
    d->ins = t;
    if (pthread_create(&t->thread, NULL, insert_blocks, d)) d->ins = NULL, free(t);
}

/* The last keys handed over and every key inserted: 0, or -1 when inserting failed. */
static int inserter_stop(decontam *d) {
    inserter *t = d->ins;
    int failed = t->filling && t->filling->n ? hand_over(t) : (free(t->filling), t->filling = NULL, 0);
    pthread_mutex_lock(&t->mu);
    t->done = 1;
    pthread_cond_signal(&t->more);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    failed |= t->failed;
    for (size_t i = t->head; i < t->tail; i++) free(t->block[i % QUEUED]);   /* left when inserting failed */
    pthread_mutex_destroy(&t->mu), pthread_cond_destroy(&t->more), pthread_cond_destroy(&t->room);
    free(t);
    d->ins = NULL;
    return failed ? -1 : 0;
}

void decontam_threads(decontam *d, int threads) { d->threads = threads; }

static int lookup(const decontam *d, uint64_t key) {
    if (!key) key = 1;
    /* no entry sits further than longest from its home: a saved index that lies (a full table) ends too */
    for (size_t i = key & (d->cap - 1), probes = 0; probes <= d->longest; i = (i + 1) & (d->cap - 1), probes++) {
        if (!d->table[i].key) return -1;
        if (d->table[i].key == key)   /* a loaded index's entry cannot name a benchmark it lacks */
            return d->table[i].benches >= COMMON || d->table[i].bench >= d->nbench ? -1 : d->table[i].bench;
    }
    return -1;
}

/* Walks the n-grams of a text: calls fn with each n-gram hash, or, for texts shorter than n,
 * once with the hash of the whole (marked by its length, so it cannot equal an n-gram hash).
 * With windows set (when checking), every run of k words for each k in windows is hashed the
 * same way, so a short item is found inside a longer text: "Question: <item> Show your work." */
typedef struct {
    int n;
    uint64_t prefix[128];   /* prefix[i % 128]: the Horner sum of the first i word hashes */
    long words;
    uint64_t windows;
    int (*fn)(uint64_t key, void *ctx);
    void *ctx;
    int stop;
} grams;

/* A window's hash in O(1) from two prefix sums, P(i) = P(i-1)*B + word(i-1): the window of the
 * last k words sums to P(words) - P(words-k)*B^k.  Hashing the k word hashes one by one made
 * hashing half of the cost of loading 30 MB of benchmarks.  B is odd, so two windows that differ
 * in one word never agree; fmix64 (murmur3's finalizer, a bijection) spreads the sum. */
#define GRAM_BASE 0x9E3779B97F4A7C15ULL

static uint64_t powers[65];   /* GRAM_BASE^k */

static void fill_powers(void) {
    uint64_t p = 1;
    for (int i = 0; i <= 64; i++) powers[i] = p, p *= GRAM_BASE;
}

/* Filled once for all threads: checks run on many, and one that saw a table half filled would
 * hash its windows wrong and miss a copy. */
static uint64_t base_power(int k) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, fill_powers);
    return powers[k];
}

static uint64_t fmix64(uint64_t h) {
    h ^= h >> 33, h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static uint64_t gram_hash(const grams *g, int count) {
    uint64_t sum = g->prefix[g->words % 128] - g->prefix[(g->words - count) % 128] * base_power(count);
    return fmix64(sum ^ (uint64_t)count << 56);
}

static void on_word(const char *w, size_t len, void *ctx) {
    grams *g = ctx;
    if (g->stop) return;
    uint64_t last = g->prefix[g->words % 128];
    g->words++;
    g->prefix[g->words % 128] = last * GRAM_BASE + minhash_hash64(w, len, 0x51ed);
    if (g->words >= g->n) g->stop = g->fn(gram_hash(g, g->n), g->ctx);
    for (uint64_t m = g->windows & ~1ULL; m && !g->stop; m &= m - 1) {   /* windows holds only k < n */
        int k = __builtin_ctzll(m);
        if (g->words >= k) g->stop = g->fn(gram_hash(g, k), g->ctx);
    }
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
    grams g = {.n = n, .windows = windows, .fn = fn, .ctx = ctx};   /* prefix[0] = 0 */
    words(text, len, on_word, &g);
    if (g.words && g.words < n && !g.stop && !windows) fn(gram_hash(&g, (int)g.words), ctx);   /* the whole */
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

/* Every n-gram of both readings; an item shorter than n whole, salted unless it is looked for
 * inside texts.  Only a short item is read a second time, to count what it holds. */
static void add_item(decontam *d, adding *a, const char *text, size_t n) {
    for (int r = 0; r < 2 && !a->failed; r++) {
        void (*words)(const char *, size_t, void (*)(const char *, size_t, void *), void *) = r ? joined_words : split_words;
        grams g = {.n = d->n, .fn = add_gram, .ctx = a};
        words(text, n, on_word, &g);
        if (!g.words || g.words >= d->n || g.stop) continue;
        counting c = {0, 0, 0};
        words(text, n, count_word, &c);
        int inside = c.words >= 4 || (c.words >= 2 && c.digits && c.verb);
        a->salt = inside ? 0 : EXACT_ONLY;
        add_gram(gram_hash(&g, (int)g.words), a);
        a->salt = 0;
        if (inside) d->short_lengths |= 1ULL << c.words;
    }
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

/* A benchmark file as the index knows it: its path as given, size and modification time, so that
 * a saved index is used only while its files are the same. */
static int source_line(buf *b, const char *path) {
    struct stat st;
    if (stat(path, &st)) return -1;
    buf_puts(b, path);
    char line[80];
    snprintf(line, sizeof line, "\t%lld\t%lld.%09ld\n", (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    buf_puts(b, line);
    return 0;
}

/* Reads JSONL or text, gzip-compressed or not (GPQA ships as .jsonl.gz). */
long decontam_add_file(decontam *d, const char *path, char *err, size_t errlen) {
    if (d->nbench == MAX_BENCHMARKS) { snprintf(err, errlen, "too many benchmark files"); return -1; }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(d->names[d->nbench], sizeof d->names[0], "%.*s", (int)strcspn(base, "."), base);
    gzFile f = gzopen(path, "rb");
    if (!f || source_line(&d->sources, path)) { if (f) gzclose(f); snprintf(err, errlen, "cannot open %s", path); return -1; }
    adding a = {d, d->nbench, 0, 0};
    if (d->threads > 1) inserter_start(d);
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
    int lost = d->ins && inserter_stop(d), gzerr;
    const char *why = gzerror(f, &gzerr);   /* zlib's text, gone with gzclose */
    int unread = gzerr < 0 && gzerr != Z_BUF_ERROR;
    if (unread) snprintf(err, errlen, "cannot read %s: %s", path, why);
    buf_free(&line);
    gzclose(f);
    if (unread) return -1;
    if (lost || a.failed || flush_keys(d)) { snprintf(err, errlen, "out of memory"); return -1; }
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

/* The saved index: this header, the benchmarks' names (64 bytes each), the sources text, zeros to a
 * multiple of 16, and the table as it is in memory -- so loading it is one mmap, and a process
 * that checks a few records touches only their pages. */
typedef struct {
    char magic[8];
    uint64_t order;   /* BYTE_ORDER: an index moved to a machine of the other byte order is rebuilt */
    uint32_t n, nbench;
    uint64_t short_lengths, cap, count, longest, sources_len;
} index_header;

static const char MAGIC[8] = "grdcidx2";   /* the 2 counts the formats of hash and table */
#define BYTE_ORDER_MARK 0x0102030405060708ULL

static size_t table_offset(const index_header *h) {
    size_t o = sizeof *h + (size_t)h->nbench * 64 + h->sources_len;
    return (o + 15) & ~(size_t)15;
}

int decontam_save(const decontam *d, FILE *f) {
    index_header h = {.order = BYTE_ORDER_MARK, .n = (uint32_t)d->n, .nbench = (uint32_t)d->nbench,
                      .short_lengths = d->short_lengths, .cap = d->cap, .count = d->count, .longest = d->longest,
                      .sources_len = d->sources.len};
    memcpy(h.magic, MAGIC, sizeof MAGIC);
    static const char zeros[16];
    size_t pad = table_offset(&h) - (sizeof h + (size_t)d->nbench * 64 + d->sources.len);
    fwrite(&h, sizeof h, 1, f);
    fwrite(d->names, 64, (size_t)d->nbench, f);
    fwrite(d->sources.data, 1, d->sources.len, f);
    fwrite(zeros, 1, pad, f);
    fwrite(d->table, sizeof *d->table, d->cap, f);
    return ferror(f) ? -1 : 0;
}

decontam *decontam_load(const char *path, int n, char *const *files, int nfiles, char *err, size_t errlen) {
    buf want;
    buf_init(&want);
    for (int i = 0; i < nfiles; i++)
        if (source_line(&want, files[i])) { snprintf(err, errlen, "cannot stat %s", files[i]); buf_free(&want); return NULL; }
    decontam *d = NULL;
    void *map = MAP_FAILED;
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK);   /* a FIFO given as the index must not block */
    if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size < sizeof(index_header)) {
        snprintf(err, errlen, fd < 0 ? "not there yet" : "not an index");
        goto out;
    }
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) { snprintf(err, errlen, "cannot map it"); goto out; }
    index_header h;
    memcpy(&h, map, sizeof h);
    const char *names = (const char *)map + sizeof h, *sources = names + (size_t)h.nbench * 64;
    int sane = !memcmp(h.magic, MAGIC, sizeof MAGIC) && h.order == BYTE_ORDER_MARK && h.nbench <= MAX_BENCHMARKS &&
               h.cap && !(h.cap & (h.cap - 1)) && h.count < h.cap && h.longest < h.cap && h.cap <= (uint64_t)st.st_size / sizeof(entry) &&
               h.sources_len <= (uint64_t)st.st_size &&
               table_offset(&h) + h.cap * sizeof(entry) == (uint64_t)st.st_size;
    if (!sane) { snprintf(err, errlen, "not an index of this version"); goto out; }
    if (h.n != (uint32_t)n || h.sources_len != want.len || (want.len && memcmp(sources, want.data, want.len))) {
        snprintf(err, errlen, "built from other files or another n-gram size");
        goto out;
    }
    if (!(d = calloc(1, sizeof *d))) { snprintf(err, errlen, "out of memory"); goto out; }
    d->n = n, d->nbench = (int)h.nbench, d->short_lengths = h.short_lengths, d->cap = h.cap, d->count = h.count, d->longest = h.longest;
    for (int i = 0; i < d->nbench; i++) snprintf(d->names[i], sizeof d->names[i], "%.63s", names + (size_t)i * 64);
    d->table = (entry *)((char *)map + table_offset(&h));
    d->map = map, d->map_len = (size_t)st.st_size;
    madvise(map, d->map_len, MADV_RANDOM);   /* lookups go anywhere: read ahead nothing */
    map = MAP_FAILED;
out:
    if (map != MAP_FAILED) munmap(map, (size_t)st.st_size);
    if (fd >= 0) close(fd);
    buf_free(&want);
    return d;
}
