/* minhash.c -- shingles, signatures, bands, and the fingerprint index. */
#include "filter/minhash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- hashing ----------------------------------------------------------------------------------- */

/* MurmurHash64A (Austin Appleby, public domain). */
uint64_t minhash_hash64(const void *key, size_t len, uint64_t seed) {
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = seed ^ (len * m);
    const unsigned char *p = key, *end = p + len / 8 * 8;
    for (; p != end; p += 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        k *= m, k ^= k >> r, k *= m;
        h ^= k, h *= m;
    }
    switch (len & 7) {
    case 7: h ^= (uint64_t)p[6] << 48; /* fall through */
    case 6: h ^= (uint64_t)p[5] << 40; /* fall through */
    case 5: h ^= (uint64_t)p[4] << 32; /* fall through */
    case 4: h ^= (uint64_t)p[3] << 24; /* fall through */
    case 3: h ^= (uint64_t)p[2] << 16; /* fall through */
    case 2: h ^= (uint64_t)p[1] << 8;  /* fall through */
    case 1: h ^= (uint64_t)p[0]; h *= m;
    }
    h ^= h >> r, h *= m, h ^= h >> r;
    return h;
}

static uint64_t splitmix(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- words and shingles ---------------------------------------------------------------------- */

void minhash_words(const char *text, size_t n, void (*fn)(const char *w, size_t len, void *ctx), void *ctx) {
    char word[256];
    size_t len = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)text[i] : ' ';
        int letter = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (letter) {
            if (len < sizeof word) word[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (len) fn(word, len, ctx);
        len = 0;
    }
}

#define MAX_PERMS 1024         /* bands x rows */

typedef struct {
    const minhash_params *p;
    uint64_t word_hash[64];        /* ring of the last ngram word hashes */
    long words;
    uint64_t all_words;            /* hash of the whole word sequence */
    uint32_t mins[MAX_PERMS];
    uint32_t a[MAX_PERMS], b[MAX_PERMS];
    int perms;
} shingler;

/* Folds one shingle hash into the signature.  perm_i(x) = a_i x + b_i mod 2^32 (a_i odd: a
 * permutation of 32-bit values), then an xor-shift so the high bits mix into the low ones.  All
 * 32-bit lane arithmetic, which the compiler turns into 8- or 16-lane vector code. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default"), optimize("O3")))
#endif
static void add_shingle_lanes(uint32_t *restrict mins, const uint32_t *restrict a, const uint32_t *restrict b,
                              int perms, uint32_t x) {
    for (int i = 0; i < perms; i++) {
        uint32_t v = a[i] * x + b[i];
        v ^= v >> 16;
        mins[i] = v < mins[i] ? v : mins[i];
    }
}

static void add_shingle(shingler *s, uint64_t x) {
    add_shingle_lanes(s->mins, s->a, s->b, s->perms, (uint32_t)(x ^ (x >> 32)));
}

static uint64_t shingle_hash(const shingler *s, int count) {
    uint64_t h = 0x5bd1e995;
    for (int k = 0; k < count; k++) {
        long idx = (s->words - count + k) % 64;
        h = minhash_hash64(&s->word_hash[idx], 8, h);
    }
    return h;
}

static void on_word(const char *w, size_t len, void *ctx) {
    shingler *s = ctx;
    uint64_t h = minhash_hash64(w, len, 0);
    s->word_hash[s->words % 64] = h;
    s->all_words = (s->all_words ^ h) * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    s->words++;
    if (s->words >= s->p->ngram) add_shingle(s, shingle_hash(s, s->p->ngram));
}

int minhash_band_keys(const minhash_params *p, const char *text, size_t n, uint64_t *keys, uint64_t *words_hash) {
    shingler scratch, *s = &scratch;   /* 20 kB of stack */
    *words_hash = 0;
    if (p->bands * p->rows > MAX_PERMS || p->bands > MINHASH_MAX_BANDS || p->ngram < 1 || p->ngram > 64) return 0;
    s->p = p;
    s->words = 0;
    s->all_words = 0x5851F42D4C957F2DULL;
    s->perms = p->bands * p->rows;
    uint64_t state = p->seed;
    for (int i = 0; i < s->perms; i++) {
        s->a[i] = (uint32_t)splitmix(&state) | 1;
        s->b[i] = (uint32_t)splitmix(&state);
        s->mins[i] = UINT32_MAX;
    }
    minhash_words(text, n, on_word, s);
    *words_hash = s->all_words;
    if (!s->words) return 0;
    if (s->words < p->ngram) add_shingle(s, shingle_hash(s, (int)s->words));   /* a short text is one shingle */
    for (int b = 0; b < p->bands; b++) keys[b] = minhash_hash64(&s->mins[b * p->rows], (size_t)p->rows * 4, p->seed ^ (uint64_t)(b + 1));
    return 1;
}

/* ---- the fingerprint set ------------------------------------------------------------------------ */

#define SLOTS 8
#define FP_BYTES 5

struct fp_set {
    unsigned char *b;      /* buckets * SLOTS * FP_BYTES */
    size_t buckets, count;
};

static uint64_t fingerprint(uint64_t key) {
    uint64_t f = (key ^ (key >> 29)) & 0xFFFFFFFFFFULL;
    return f ? f : 1;      /* 0 marks an empty slot */
}

static size_t bucket_of(const fp_set *s, uint64_t f, int which) {
    uint64_t h = f * (which ? 0x9E3779B97F4A7C15ULL : 0xC2B2AE3D27D4EB4FULL);
    h ^= h >> 31;
    return (size_t)(((unsigned __int128)h * s->buckets) >> 64);
}

static uint64_t slot_get(const unsigned char *p) {
    uint64_t v = 0;
    memcpy(&v, p, FP_BYTES);   /* little-endian */
    return v;
}

static void slot_set(unsigned char *p, uint64_t v) { memcpy(p, &v, FP_BYTES); }

static unsigned char *bucket_ptr(const fp_set *s, size_t b) { return s->b + b * SLOTS * FP_BYTES; }

static int bucket_has(const fp_set *s, size_t b, uint64_t f, int *used) {
    const unsigned char *p = bucket_ptr(s, b);
    *used = 0;
    for (int i = 0; i < SLOTS; i++) {
        uint64_t v = slot_get(p + i * FP_BYTES);
        if (!v) break;
        if (v == f) return 1;
        (*used)++;
    }
    return 0;
}

fp_set *fp_set_new(void) {
    fp_set *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->buckets = 1024;
    if (!(s->b = calloc(s->buckets * SLOTS, FP_BYTES))) { free(s); return NULL; }
    return s;
}

void fp_set_free(fp_set *s) {
    if (!s) return;
    free(s->b);
    free(s);
}

int fp_set_contains(const fp_set *s, uint64_t key) {
    uint64_t f = fingerprint(key);
    int used;
    return bucket_has(s, bucket_of(s, f, 0), f, &used) || bucket_has(s, bucket_of(s, f, 1), f, &used);
}

static int bucket_used(const fp_set *s, size_t b) {
    const unsigned char *p = bucket_ptr(s, b);
    int used = 0;
    while (used < SLOTS && slot_get(p + used * FP_BYTES)) used++;
    return used;
}

#define MAX_KICKS 16

/* Both of f's buckets are full: as in a cuckoo filter, f takes a slot in bucket b and the
 * fingerprint it displaces moves to its own other bucket, and so on, up to MAX_KICKS moves.
 * Returns 0, with every fingerprint back in its place, when no free slot turns up. */
static int relocate(fp_set *s, uint64_t f, size_t b) {
    size_t path_bucket[MAX_KICKS];
    int path_slot[MAX_KICKS];
    uint64_t carry = f;
    for (int k = 0; k < MAX_KICKS; k++) {
        int slot = (int)((carry >> 7) % SLOTS);   /* deterministic choice of victim */
        unsigned char *p = bucket_ptr(s, b) + slot * FP_BYTES;
        uint64_t victim = slot_get(p);
        slot_set(p, carry);
        path_bucket[k] = b, path_slot[k] = slot;
        size_t alt = bucket_of(s, victim, 0) == b ? bucket_of(s, victim, 1) : bucket_of(s, victim, 0);
        int used = bucket_used(s, alt);
        if (used < SLOTS) {
            slot_set(bucket_ptr(s, alt) + used * FP_BYTES, victim);
            s->count++;
            return 1;
        }
        carry = victim;
        b = alt;
    }
    for (int k = MAX_KICKS - 1; k >= 0; k--) {   /* undo: every fingerprint back where it was */
        unsigned char *p = bucket_ptr(s, path_bucket[k]) + path_slot[k] * FP_BYTES;
        uint64_t here = slot_get(p);
        slot_set(p, carry);
        carry = here;
    }
    return 0;
}

/* Puts f in the emptier of its two buckets; 0 when both are full.  known_new: f is not in the
 * set (a rehash), so the buckets need not be searched for it. */
static int place(fp_set *s, uint64_t f, int known_new) {
    size_t b0 = bucket_of(s, f, 0), b1 = bucket_of(s, f, 1);
    int u0, u1;
    if (known_new) u0 = bucket_used(s, b0), u1 = bucket_used(s, b1);
    else if (bucket_has(s, b0, f, &u0) || bucket_has(s, b1, f, &u1)) return 1;
    if (u0 == SLOTS && u1 == SLOTS) return relocate(s, f, b0);
    size_t b = u1 < u0 ? b1 : b0;
    slot_set(bucket_ptr(s, b) + (u1 < u0 ? u1 : u0) * FP_BYTES, f);
    s->count++;
    return 1;
}

static int grow(fp_set *s) {
    fp_set bigger = {NULL, s->buckets + s->buckets / 4 + 1, 0};
    for (;;) {
        if (!(bigger.b = calloc(bigger.buckets * SLOTS, FP_BYTES))) return -1;
        int ok = 1;
        for (size_t i = 0; ok && i < s->buckets * SLOTS; i++) {
            uint64_t v = slot_get(s->b + i * FP_BYTES);
            if (v) ok = place(&bigger, v, 1);
        }
        if (ok) break;
        free(bigger.b);   /* a rare unlucky rehash: try a little larger */
        bigger.buckets += bigger.buckets / 8 + 1;
        bigger.count = 0;
    }
    free(s->b);
    *s = bigger;
    return 0;
}

int fp_set_add(fp_set *s, uint64_t key) {
    uint64_t f = fingerprint(key);
    while (!place(s, f, 0))
        if (grow(s)) return -1;
    return 0;
}

size_t fp_set_bytes(const fp_set *s) { return s->buckets * SLOTS * FP_BYTES + sizeof *s; }
size_t fp_set_count(const fp_set *s) { return s->count; }

/* ---- signature files ------------------------------------------------------------------------------ */

static const char magic[] = "GRSIG1\n";

int minhash_write_header(FILE *f, const minhash_params *p) {
    return fprintf(f, "%sngram=%d bands=%d rows=%d seed=%llu\n", magic, p->ngram, p->bands, p->rows,
                   (unsigned long long)p->seed) < 0 ? -1 : 0;
}

int minhash_write_keys(FILE *f, const minhash_params *p, const uint64_t *keys) {
    return fwrite(keys, 8, (size_t)p->bands, f) == (size_t)p->bands ? 0 : -1;
}

long minhash_load(const char *path, const minhash_params *p, fp_set **sets, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "cannot open: %s", strerror(errno)); return -1; }
    char line[256], want[256];
    snprintf(want, sizeof want, "ngram=%d bands=%d rows=%d seed=%llu\n", p->ngram, p->bands, p->rows,
             (unsigned long long)p->seed);
    long records = 0;
    if (!fgets(line, sizeof line, f) || strcmp(line, magic)) {
        snprintf(err, errlen, "not a gr signature file");
        records = -1;
    } else if (!fgets(line, sizeof line, f) || strcmp(line, want)) {
        snprintf(err, errlen, "made with other settings (%.*s), not %.*s", (int)strcspn(line, "\n"), line,
                 (int)strcspn(want, "\n"), want);
        records = -1;
    }
    uint64_t keys[MINHASH_MAX_BANDS];
    while (records >= 0) {
        size_t got = fread(keys, 8, (size_t)p->bands, f);
        if (got != (size_t)p->bands) {
            if (got || ferror(f)) {
                snprintf(err, errlen, ferror(f) ? "read error" : "truncated after %ld records", records);
                records = -1;
            }
            break;
        }
        for (int b = 0; b < p->bands; b++)
            if (fp_set_add(sets[b], keys[b])) { snprintf(err, errlen, "out of memory"); records = -1; break; }
        if (records >= 0) records++;
    }
    fclose(f);
    return records;
}
