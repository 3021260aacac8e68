/* grpo.c -- advantages, policy loss, KL, entropy and aggregation, as verl's core_algos. */
#include "train/grpo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int grpo_agg_parse(const char *s) {
    return !strcmp(s, "token-mean")            ? AGG_TOKEN_MEAN
           : !strcmp(s, "seq-mean-token-mean") ? AGG_SEQ_MEAN_TOKEN_MEAN
           : !strcmp(s, "seq-mean-token-sum")  ? AGG_SEQ_MEAN_TOKEN_SUM
                                               : -1;
}

int grpo_kl_parse(const char *s) {
    return !strcmp(s, "low_var_kl") ? KL_LOW_VAR
           : !strcmp(s, "kl")       ? KL_K1
           : !strcmp(s, "abs")      ? KL_ABS
           : !strcmp(s, "mse")      ? KL_MSE
                                    : -1;
}

/* Mean and standard deviation of x / scale, scale a power of two near the largest |x|.  Dividing by
 * a power of two is exact, so (r - mean) / (sd + eps) computed on scaled values is the very quotient
 * of the plain formula for ordinary rewards -- and stays finite for rewards up to 1e308, whose sums,
 * squares and even unbiased std (up to sqrt(n / (n - 1)) x the largest) would overflow. */
static void scaled_moments(const double *x, int n, int unbiased, double *mean, double *sd, double *scale) {
    double big = 0, sum = 0, ss = 0;
    for (int i = 0; i < n; i++) big = fmax(big, fabs(x[i]));
    *scale = big > 0 ? ldexp(1, ilogb(big)) : 1;   /* <= big: 2^1024 would be inf */
    for (int i = 0; i < n; i++) sum += x[i] / *scale;
    *mean = n ? sum / n : 0;
    for (int i = 0; i < n; i++) ss += (x[i] / *scale - *mean) * (x[i] / *scale - *mean);
    int dof = unbiased ? n - 1 : n;
    *sd = dof > 0 ? sqrt(ss / dof) : 0;
}

void grpo_mean_std(const double *x, int n, double *mean, double *sd) {
    double scale;
    scaled_moments(x, n, 0, mean, sd, &scale);
    *mean *= scale, *sd *= scale;
}

int grpo_advantages(const double *reward, const int *group, int n, int std_norm, float *adv) {
    int zero = 0;
    char *done = calloc((size_t)n, 1);
    double *r = malloc((size_t)n * sizeof *r);
    if (!done || !r) { free(done), free(r); return -1; }
    for (int i = 0; i < n; i++) {
        if (done[i]) continue;
        int k = 0, equal = 1;
        for (int j = i; j < n; j++)
            if (group[j] == group[i]) r[k++] = reward[j], equal &= reward[j] == reward[i];
        double mean = 0, sd = 1, scale = 1;   /* a group of one: mean 0, std 1 */
        if (k > 1) scaled_moments(r, k, 1, &mean, &sd, &scale), zero += equal;
        for (int j = i; j < n; j++)
            if (group[j] == group[i]) {
                done[j] = 1;
                double d = reward[j] / scale - mean;
                adv[j] = (float)(std_norm ? d / (sd + 1e-6 / scale) : d * scale);
            }
    }
    free(done), free(r);
    return zero;
}

double grpo_token_weight(grpo_agg agg, long ntok, int nseq, int len) {
    switch (agg) {
    case AGG_SEQ_MEAN_TOKEN_MEAN: return 1.0 / ((double)nseq * len);
    case AGG_SEQ_MEAN_TOKEN_SUM: return 1.0 / nseq;
    default: return 1.0 / ((double)ntok + 1e-8);   /* verl's masked_mean */
    }
}

/* torch.maximum / minimum / clamp: NaN in, NaN out (fmaxf would drop it and hide a broken step). */
static float tmax(float a, float b) { return isnan(a) || isnan(b) ? NAN : a > b ? a : b; }
static float tmin(float a, float b) { return isnan(a) || isnan(b) ? NAN : a < b ? a : b; }
static float tclamp(float x, float lo, float hi) { return isnan(x) ? x : fminf(fmaxf(x, lo), hi); }

/* torch.maximum's gradient share for a: all when a wins, half at a tie. */
static double wins(double a, double b) { return a > b ? 1 : a == b ? 0.5 : 0; }

/* The policy-gradient term of one token and its derivative in logp. */
static double pg_term(const grpo_config *cfg, float adv, float logp, float old_logp, double *dlogp, double *clipped,
                      double *clipped_lower) {
    float ratio = expf(logp - old_logp), lo = (float)(1 - cfg->clip_low), hi = (float)(1 + cfg->clip_high);
    float l1 = -adv * ratio, l2 = -adv * tclamp(ratio, lo, hi), lc = tmax(l1, l2);
    double d1 = -adv * ratio, d2 = ratio > lo && ratio < hi ? d1 : 0;   /* torch's clamp: no gradient at the ends */
    double dc = wins(l1, l2) * d1 + wins(l2, l1) * d2;
    *clipped = l2 > l1;
    *clipped_lower = 0;
    if (!(adv < 0)) return *dlogp = dc, lc;
    float l3 = -adv * (float)cfg->clip_c;
    *clipped_lower = lc > l3;
    *dlogp = wins(-lc, -l3) * dc;   /* min(l3, lc) */
    return tmin(l3, lc);
}

/* The KL penalty of one token against the reference model and its derivative in logp. */
static double kl_term(grpo_kl type, float logp, float ref_logp, double *dlogp) {
    float d = logp - ref_logp;
    switch (type) {
    case KL_K1: return *dlogp = 1, d;
    case KL_ABS: return *dlogp = d > 0 ? 1 : d < 0 ? -1 : 0, fabsf(d);
    case KL_MSE: return *dlogp = d, 0.5f * d * d;
    default: {   /* Schulman's k3 on ref - logp, clamped to [-10, 10] */
        float kl = -d, ratio = expf(kl), k3 = ratio - kl - 1;
        *dlogp = k3 > -10 && k3 < 10 ? 1.0 - ratio : 0;
        return tclamp(k3, -10, 10);
    }
    }
}

double grpo_token(const grpo_config *cfg, double adv, double w, double mask_w, float logp, float old_logp,
                  const float *ref_logp, float entropy, grpo_terms *t, double *dentropy) {
    double dpg, dkl = 0, clipped = 0, clipped_lower = 0, kl = 0, pg;
    if (cfg->cross_entropy) pg = -(double)logp, dpg = -1, old_logp = logp;
    else pg = pg_term(cfg, (float)adv, logp, old_logp, &dpg, &clipped, &clipped_lower);
    if (ref_logp) kl = kl_term(cfg->kl_type, logp, *ref_logp, &dkl);
    t->pg_loss += w * pg;
    t->kl += w * kl;
    t->entropy += w * entropy;
    t->loss += w * (pg - cfg->entropy_coef * entropy + cfg->kl_coef * kl);
    t->pg_clipfrac += mask_w * clipped;
    t->pg_clipfrac_lower += mask_w * clipped_lower;
    t->ppo_kl += mask_w * (double)(old_logp - logp);
    *dentropy = -cfg->entropy_coef * w;
    return w * (dpg + cfg->kl_coef * dkl);
}

void grpo_terms_add(grpo_terms *into, const grpo_terms *t, double scale) {
    into->loss += scale * t->loss, into->pg_loss += scale * t->pg_loss, into->kl += scale * t->kl;
    into->entropy += scale * t->entropy, into->pg_clipfrac += scale * t->pg_clipfrac;
    into->pg_clipfrac_lower += scale * t->pg_clipfrac_lower, into->ppo_kl += scale * t->ppo_kl;
}
