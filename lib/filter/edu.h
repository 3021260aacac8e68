/* edu.h -- is a page educational?  A linear classifier over hashed word n-grams.
 *
 * The recall step of WebInstruct (MAmmoTH2's, which General-Reasoner's data starts from): a cheap
 * model that picks, out of a crawl, the pages worth an LLM's time -- exercises, quizzes, worked
 * problems -- before the expensive extraction.  Features are the page's words (lower-cased runs of
 * letters and digits; a word with a digit is one token, NUM), and with ngrams 2 adjacent pairs of
 * them, hashed into 2^bits weights, each present feature counting once (not scaled by the page's
 * length: a page of a new site is mostly words the model never saw, and scaling would drown what
 * it did see); logistic regression with an l2 penalty, trained by full-batch gradient descent.
 * fastText, which MAmmoTH2 used, is this model with learned embeddings in between; at this size
 * the plain linear model needs no dependency.  Words alone and no scaling were chosen by
 * cross-validation on the training pages held out by kind of source (bench/RESULTS.md). */
#ifndef GR_EDU_H
#define GR_EDU_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    int bits;        /* 2^bits weights */
    int ngrams;      /* 1: words; 2: words and adjacent pairs */
    float bias;
    float threshold; /* the score that keeps a page, chosen by edu_calibrate (0.5 until then) */
    float *w;
} edu_model;

typedef struct {
    const char *text;
    size_t len;
    int label;       /* 1 educational, 0 not */
    unsigned group;  /* pages held out together when calibrating (one site, one kind of page) */
} edu_example;

/* P(educational) for a text. */
double edu_score(const edu_model *m, const char *text, size_t n);

/* Trains m (bits and ngrams set by the caller, w allocated here) on n examples: iters steps of
 * full-batch gradient descent on the mean log-loss with an l2 penalty.  Deterministic.  0, or -1
 * when memory runs out. */
int edu_train(edu_model *m, const edu_example *ex, int n, int iters, double l2);

/* The threshold a model trained like this needs on pages unlike its training pages: the model is
 * trained `folds` times, each time without the groups of one fold, and the threshold that
 * classifies the held-out pages best (accuracy; the middle of the best range) is kept in m.  A
 * model scores pages of a new site or kind lower than those it learned from, so 0.5 misses them. */
int edu_calibrate(edu_model *m, const edu_example *ex, int n, int folds, int iters, double l2);

/* The model file: 0 / -1 on a write error; edu_load: 0, or -1 with why in err (not a model, wrong
 * size, another byte order). */
int edu_save(const edu_model *m, FILE *f);
int edu_load(edu_model *m, const char *path, char *err, size_t errlen);
void edu_free(edu_model *m);

#endif
