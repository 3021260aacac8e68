/* edu.c -- hashed word n-gram logistic regression for educational pages. */
#include "filter/edu.h"
#include "filter/minhash.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The distinct feature ids of a text (bits wide), sorted; *n of them.  A page's words are
 * hashed as they come, so a feature costs one hash and no copy. */
typedef struct { uint32_t *ids; size_t n, cap; } features;

static int add_feature(features *f, uint32_t id) {
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 1024;
        uint32_t *p = realloc(f->ids, cap * sizeof *p);
        if (!p) return -1;
        f->ids = p, f->cap = cap;
    }
    f->ids[f->n++] = id;
    return 0;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

static int text_features(const char *t, size_t n, int bits, int ngrams, features *f) {
    const uint64_t NUM = 0x6e756d6e756dULL;   /* every word with a digit: numbers differ, their presence does not */
    uint32_t mask = (1u << bits) - 1;
    uint64_t prev = 0;
    char w[64];
    f->n = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && !is_word_byte((unsigned char)t[i])) i++;
        size_t len = 0;
        int digit = 0;
        for (; i < n && is_word_byte((unsigned char)t[i]); i++) {
            unsigned char c = (unsigned char)t[i];
            digit |= c >= '0' && c <= '9';
            if (len < sizeof w) w[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (!len) break;
        uint64_t h = digit ? NUM : minhash_hash64(w, len, 0xed);
        if (add_feature(f, (uint32_t)(h & mask))) return -1;
        if (ngrams > 1 && prev && add_feature(f, (uint32_t)(minhash_hash64(&h, 8, prev) & mask))) return -1;
        prev = h;
    }
    qsort(f->ids, f->n, sizeof *f->ids, cmp_u32);
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) if (!k || f->ids[i] != f->ids[k - 1]) f->ids[k++] = f->ids[i];
    f->n = k;
    return 0;
}

static double sigmoid(double z) { return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)); }

static double margin(const edu_model *m, const features *f) {
    double z = m->bias;
    for (size_t i = 0; i < f->n; i++) z += m->w[f->ids[i]];
    return z;
}

double edu_score(const edu_model *m, const char *text, size_t n) {
    features f = {0};
    double p = text_features(text, n, m->bits, m->ngrams, &f) ? 0.5 : sigmoid(margin(m, &f));
    free(f.ids);
    return p;
}

/* Full-batch Nesterov gradient descent on the mean log-loss + l2/2 |w|^2, from zero, with the
 * step 1/L (L bounds the loss's curvature: a quarter of the most features a page has, plus l2).
 * The penalty reaches every weight at every step: with per-example steps (SGD, AdaGrad) a word
 * seen on one page escapes it and ends up carrying that page, which is memorizing its site. */
int edu_train(edu_model *m, const edu_example *ex, int n, int iters, double l2) {
    size_t dim = (size_t)1 << m->bits;
    m->bias = 0, m->threshold = 0.5f;
    m->w = calloc(dim, sizeof *m->w);
    float *prev = calloc(dim, sizeof *prev), *look = calloc(dim, sizeof *look);
    double *grad = calloc(dim, sizeof *grad);
    features *fs = calloc((size_t)(n ? n : 1), sizeof *fs);
    int failed = !m->w || !prev || !look || !grad || !fs;
    size_t most = 0;
    for (int i = 0; !failed && i < n; i++) {
        failed = text_features(ex[i].text, ex[i].len, m->bits, m->ngrams, &fs[i]);
        if (!failed && fs[i].n > most) most = fs[i].n;
    }
    double step = 1 / (0.25 * (double)(most + 1) + l2), bias_prev = 0;
    for (int t = 0; !failed && n && t < iters; t++) {
        double mu = (double)t / (t + 3), look_bias = m->bias + mu * (m->bias - bias_prev), gb = 0;
        for (size_t k = 0; k < dim; k++) look[k] = m->w[k] + (float)mu * (m->w[k] - prev[k]), grad[k] = l2 * look[k];
        for (int i = 0; i < n; i++) {
            double z = look_bias;
            for (size_t k = 0; k < fs[i].n; k++) z += look[fs[i].ids[k]];
            double g = (sigmoid(z) - ex[i].label) / n;
            for (size_t k = 0; k < fs[i].n; k++) grad[fs[i].ids[k]] += g;
            gb += g;
        }
        memcpy(prev, m->w, dim * sizeof *prev);
        for (size_t k = 0; k < dim; k++) m->w[k] = (float)(look[k] - step * grad[k]);
        bias_prev = m->bias, m->bias = (float)(look_bias - step * gb);
    }
    for (int i = 0; fs && i < n; i++) free(fs[i].ids);
    free(fs), free(prev), free(look), free(grad);
    if (failed) { free(m->w); m->w = NULL; }
    return failed ? -1 : 0;
}

static int cmp_score(const void *a, const void *b) {
    double x = ((const double *)a)[0], y = ((const double *)b)[0];
    return (x > y) - (x < y);
}

int edu_calibrate(edu_model *m, const edu_example *ex, int n, int folds, int iters, double l2) {
    double (*scored)[2] = malloc((size_t)(n ? n : 1) * sizeof *scored);   /* out-of-fold score, label */
    edu_example *rest = malloc((size_t)(n ? n : 1) * sizeof *rest);
    int k = 0, failed = !scored || !rest;
    for (int f = 0; !failed && f < folds; f++) {
        int r = 0;
        for (int i = 0; i < n; i++) if ((int)(ex[i].group % (unsigned)folds) != f) rest[r++] = ex[i];
        if (r == n) continue;   /* no group falls in this fold */
        edu_model fm = {.bits = m->bits, .ngrams = m->ngrams};
        if (edu_train(&fm, rest, r, iters, l2)) { failed = 1; break; }
        for (int i = 0; i < n; i++)
            if ((int)(ex[i].group % (unsigned)folds) == f) scored[k][0] = edu_score(&fm, ex[i].text, ex[i].len), scored[k++][1] = ex[i].label;
        edu_free(&fm);
    }
    if (!failed && k) {   /* a threshold between each two neighbouring scores: the best run's middle */
        qsort(scored, (size_t)k, sizeof *scored, cmp_score);
        long right = 0, best = -1;
        for (int i = 0; i < k; i++) right += scored[i][1] == 1;   /* threshold below every score */
        int lo = 0, hi = 0;
        for (int i = 0; i <= k; i++) {
            if (right > best) best = right, lo = hi = i;
            else if (right == best && hi == i - 1) hi = i;
            if (i < k) right += scored[i][1] == 1 ? -1 : 1;
        }
        double a = lo ? scored[lo - 1][0] : 0, b = hi < k ? scored[hi][0] : 1;
        m->threshold = (float)((a + b) / 2);
    }
    free(scored), free(rest);
    return failed ? -1 : 0;
}

/* File: "gredu003", the byte-order mark, bits, n-gram length, bias, threshold, then 2^bits native
 * floats. */
static const char MAGIC[8] = "gredu003";
#define ORDER_MARK 0x01020304u

int edu_save(const edu_model *m, FILE *f) {
    uint32_t order = ORDER_MARK, bits = (uint32_t)m->bits, ngrams = (uint32_t)m->ngrams;
    fwrite(MAGIC, 1, sizeof MAGIC, f);
    fwrite(&order, sizeof order, 1, f);
    fwrite(&bits, sizeof bits, 1, f);
    fwrite(&ngrams, sizeof ngrams, 1, f);
    fwrite(&m->bias, sizeof m->bias, 1, f);
    fwrite(&m->threshold, sizeof m->threshold, 1, f);
    fwrite(m->w, sizeof *m->w, (size_t)1 << m->bits, f);
    return ferror(f) ? -1 : 0;
}

int edu_load(edu_model *m, const char *path, char *err, size_t errlen) {
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "cannot open it"); return -1; }
    char magic[8];
    uint32_t order = 0, bits = 0, ngrams = 0;
    int ok = fread(magic, 1, 8, f) == 8 && !memcmp(magic, MAGIC, 8) && fread(&order, 4, 1, f) == 1 &&
             order == ORDER_MARK && fread(&bits, 4, 1, f) == 1 && bits >= 8 && bits <= 26 && fread(&ngrams, 4, 1, f) == 1 &&
             (ngrams == 1 || ngrams == 2) && fread(&m->bias, 4, 1, f) == 1 &&
             fread(&m->threshold, 4, 1, f) == 1;
    if (!ok) snprintf(err, errlen, "not an edu-filter model (from edu-filter --train on this kind of machine)");
    size_t dim = (size_t)1 << bits;
    if (ok && !(m->w = malloc(dim * sizeof *m->w))) ok = 0, snprintf(err, errlen, "out of memory");
    if (ok && (fread(m->w, sizeof *m->w, dim, f) != dim || fgetc(f) != EOF)) ok = 0, snprintf(err, errlen, "wrong size: damaged or truncated");
    for (size_t i = 0; ok && i < dim; i++) if (!isfinite(m->w[i])) ok = 0, snprintf(err, errlen, "a weight is not finite: damaged");
    if (ok && !(isfinite(m->bias) && m->threshold >= 0 && m->threshold <= 1)) ok = 0, snprintf(err, errlen, "bias or threshold out of range: damaged");
    fclose(f);
    if (!ok) { free(m->w); m->w = NULL; return -1; }
    m->bits = (int)bits, m->ngrams = (int)ngrams;
    return 0;
}

void edu_free(edu_model *m) { free(m->w); m->w = NULL; }
