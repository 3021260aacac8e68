/* decontam.h -- benchmark decontamination by shared word n-grams.
 *
 * Benchmark items (JSONL with question / problem / Question / prompt fields, or plain text, one
 * item per line) are cut into n-grams of normalized words (minhash_words of minhash.h: lower-case,
 * punctuation and LaTeX markup become separators, so "What is $x$?" and "what is x" agree), and
 * a record that shares any n-gram with an item is contaminated by that item's benchmark.  An item
 * shorter than n words is contaminated by a record that holds all of it, in order ("Question:
 * <item> Show your work."), if it has 4 words or more; a shorter one only by a record equal to it.
 * A multiple-choice row is also indexed with its options (choices / options), so that a stem as
 * short as "Inflation" is caught with them.  Files may be gzip-compressed.  The index is
 * read-only after loading, so checks may run on many threads. */
#ifndef GR_DECONTAM_H
#define GR_DECONTAM_H

#include <stddef.h>
#include <stdio.h>

typedef struct decontam decontam;

decontam *decontam_new(int n);
void decontam_free(decontam *d);
/* Adds a benchmark file, named after its file name without extensions ("math500").
 * Returns items added, or -1 with a message in err. */
long decontam_add_file(decontam *d, const char *path, char *err, size_t errlen);
/* threads >= 2: decontam_add_file reads on one thread and inserts on another (the index is the
 * same either way); 1, the default: one thread. */
void decontam_threads(decontam *d, int threads);
/* The index of the benchmark a text is contaminated by, or -1. */
int decontam_check(const decontam *d, const char *text, size_t n);
const char *decontam_name(const decontam *d, int benchmark);

/* The index as a file, so that many processes over the same benchmarks build it once (make
 * dataset's shards).  decontam_save writes it (0, or -1 when a write failed); decontam_load maps it
 * back, read-only, if it was built with this n from exactly these files, unchanged since (path,
 * size, modification time): else NULL, and why in err. */
int decontam_save(const decontam *d, FILE *f);
decontam *decontam_load(const char *path, int n, char *const *files, int nfiles, char *err, size_t errlen);

#endif
