/* minhash.h -- near-duplicate detection: MinHash signatures over word shingles, LSH bands, and a
 * compact index of band keys.
 *
 * The index stores one 40-bit fingerprint per band of each kept record in buckets of eight, each
 * key having two candidate buckets chosen from the fingerprint itself (so the table can grow
 * without the original keys, and a full bucket can pass a fingerprint to its other bucket, as in
 * a cuckoo filter).  With 14 bands that is 70 bytes of fingerprints per record; the table grows
 * by 1.25x only when that fails (MAX_KICKS moves), so it stays 77-95% full: 74-91 bytes per
 * record (80 measured at 400k records).  Each band has its own set, so a false match needs a band
 * key to agree on 40 bits with one of the same band's keys: about bands x records / 2^40 per
 * record, 1.3e-4 at ten million records (no false drop among 400k distinct random questions).
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

/* The band keys of a text: keys[b] for b < bands, and in *words_hash a hash of its whole word
 * sequence (equal for texts that differ only in case, punctuation and spacing).  Returns 0 when
 * the text has no words. */
int minhash_band_keys(const minhash_params *p, const char *text, size_t n, uint64_t *keys, uint64_t *words_hash);

/* Words of a text as the dedup and decontamination rules see them: lower-cased ASCII, every
 * non-alphanumeric byte a separator, non-ASCII bytes kept as letters.  Calls fn for each word. */
void minhash_words(const char *text, size_t n, void (*fn)(const char *w, size_t len, void *ctx), void *ctx);

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
/* Adds every record of a signature file to the per-band sets (sets[b] for band b); returns
 * records read or -1 (message in err). */
long minhash_load(const char *path, const minhash_params *p, fp_set **sets, char *err, size_t errlen);

uint64_t minhash_hash64(const void *data, size_t n, uint64_t seed);

#endif
