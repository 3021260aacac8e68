/* minhash.h -- near-duplicate detection: MinHash signatures over word shingles, LSH bands, and a
 * compact index of band keys.
 *
 * The index stores one 40-bit fingerprint per band of each kept record in buckets of eight, each
 * key having two candidate buckets chosen from the fingerprint itself (so the table can grow
 * without the original keys, and a full bucket can pass a fingerprint to its other bucket, as in
 * a cuckoo filter).  With 14 bands that is 70 bytes of fingerprints per record; the table grows
 * by 1.25x only when that fails, near 97% full, so it stays 77-97% full: 72-91 bytes per record.  A false match needs two different band keys to agree on 40 bits: about
 * 14 x records / 2^40 per lookup (1e-4 at ten million records), far below MinHash's own error.
 *
 * Signature files (--signatures-out, --dedup-against) hold the band fingerprints of kept
 * records, so shards deduplicated on different machines can be deduplicated against each other
 * without shared memory. */
#ifndef GR_MINHASH_H
#define GR_MINHASH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MINHASH_MAX_BANDS 64

typedef struct {
    int ngram;        /* words per shingle (5) */
    int bands;        /* LSH bands (14) */
    int rows;         /* hashes per band (8) */
    uint64_t seed;
} minhash_params;

/* The band keys of a text: keys[b] for b < bands.  Returns 0 when the text has no words. */
int minhash_band_keys(const minhash_params *p, const char *text, size_t n, uint64_t *keys);

/* Words of a text as the dedup and decontamination rules see them: lower-cased ASCII, every
 * non-alphanumeric byte a separator, non-ASCII bytes kept as letters.  Calls fn for each word. */
void text_words(const char *text, size_t n, void (*fn)(const char *w, size_t len, void *ctx), void *ctx);

/* A set of 40-bit fingerprints, the LSH index. */
typedef struct fp_set fp_set;
fp_set *fp_set_new(void);
void fp_set_free(fp_set *s);
int fp_set_contains(const fp_set *s, uint64_t key);
int fp_set_add(fp_set *s, uint64_t key);          /* 0 ok, -1 out of memory */
size_t fp_set_bytes(const fp_set *s);             /* memory held */
size_t fp_set_count(const fp_set *s);

/* Signature files: a header naming the parameters, then `bands` keys per record. */
int minhash_write_header(FILE *f, const minhash_params *p);
int minhash_write_keys(FILE *f, const minhash_params *p, const uint64_t *keys);
/* Adds every record of a signature file to set; returns records read or -1 (message in err). */
long minhash_load(const char *path, const minhash_params *p, fp_set *set, char *err, size_t errlen);

uint64_t hash64(const void *data, size_t n, uint64_t seed);

#endif
