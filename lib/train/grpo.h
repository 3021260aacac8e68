/* grpo.h -- GRPO's maths as verl computes them (reference/general-reasoner.md §5): group-normalized
 * outcome advantages, the clipped and dual-clipped policy loss against the rollout's logprobs, the
 * KL penalty to a reference model, the entropy bonus, and their aggregation -- with the derivative
 * of the total loss with respect to each token's logprob and entropy, which is all the network's
 * backward pass needs from the loss. */
#ifndef GR_GRPO_H
#define GR_GRPO_H

typedef enum { AGG_TOKEN_MEAN, AGG_SEQ_MEAN_TOKEN_MEAN, AGG_SEQ_MEAN_TOKEN_SUM } grpo_agg;
typedef enum { KL_LOW_VAR, KL_K1, KL_ABS, KL_MSE } grpo_kl;

typedef struct {
    double clip_low, clip_high;   /* ratio clipped to [1 - clip_low, 1 + clip_high] */
    double clip_c;                /* dual clip for negative advantages (> 1) */
    double kl_coef, entropy_coef;
    grpo_kl kl_type;
    grpo_agg agg;
    int cross_entropy;            /* supervised instead (sft-step): the policy term is -logp, no ratio */
} grpo_config;

/* Names as verl spells them ("token-mean", "low_var_kl", ...); -1 when unknown. */
/* Mean and (population) standard deviation of x[0..n), finite for any finite x: the metrics'. */
void grpo_mean_std(const double *x, int n, double *mean, double *sd);

int grpo_agg_parse(const char *s);
int grpo_kl_parse(const char *s);

/* adv[i] = (r_i - mean) / (std + 1e-6) over response i's group (group[i]: small integers), std the
 * unbiased one; a group of one has mean 0 and std 1; std_norm = 0 leaves out the division (Dr. GRPO).
 * Returns how many groups of two or more have all rewards equal (their advantages are 0), or -1
 * when out of memory.  Any finite rewards, 1e308 included, give finite std-normalised advantages. */
int grpo_advantages(const double *reward, const int *group, int n, int std_norm, float *adv);

/* The loss terms of a micro-batch, each aggregated as the loss is (ppo_kl and the clip fractions
 * always as token means, as verl logs them). */
typedef struct {
    double loss, pg_loss, kl, entropy;
    double pg_clipfrac, pg_clipfrac_lower, ppo_kl;
} grpo_terms;

/* into += scale * t, term by term. */
void grpo_terms_add(grpo_terms *into, const grpo_terms *t, double scale);

/* The weight of one token of a len-token response in the aggregate, for a micro-batch of nseq
 * responses and ntok tokens in all. */
double grpo_token_weight(grpo_agg agg, long ntok, int nseq, int len);

/* One token: adds its weighted terms to *t (weight w from grpo_token_weight, mask_w = 1 / ntok for
 * the token-mean metrics) and returns d loss / d logp; *dentropy gets d loss / d entropy.  Under
 * cross_entropy, adv and old_logp are not read and pg_loss is the cross-entropy.
 * ref_logp: the reference model's logprob, or NULL when there is none (no KL term). */
double grpo_token(const grpo_config *cfg, double adv, double w, double mask_w, float logp, float old_logp,
                  const float *ref_logp, float entropy, grpo_terms *t, double *dentropy);

#endif
